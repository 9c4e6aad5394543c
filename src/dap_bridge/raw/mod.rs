//! A DAP message kept as the bytes a peer sent: one pass (`scan.rs`) reads
//! the fields the bridge routes by (and where the file paths are) while it
//! checks the whole text is JSON, so a message the bridge does not change
//! goes on as it came, with only `seq` / `request_seq` restamped in place.
//!
//! Only what a rule reads is parsed further ([`RawMessage::into_message`]).

use super::envelope::{Kind, Message, as_go_reads_it};

#[cfg(test)]
mod oracle;
mod scan;
#[cfg(test)]
mod tests;

pub use scan::InvalidMessage;
use scan::{FrameFacts, read_head};

/// A byte range of the message's text.
type Span = (usize, usize);

/// The file paths of a payload that a path rule rewrites (the `path` of
/// every DAP `Source`: see `path_fields`), as spans of their text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PathSpans {
    spans: Vec<Span>,
    /// A path is written with escapes: only a full parse reads it.
    escaped: bool,
}

impl PathSpans {
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty() && !self.escaped
    }
}

/// What a name (`command`, `event`) is: one DAP defines (read once, then
/// free to ask for: the session asks a message's command several times),
/// another in the text, or another decoded because it was written with
/// escapes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Name {
    Known(&'static str),
    At(Span),
    Decoded(String),
}

impl Name {
    /// The name whose text is `text[span]` (checked UTF-8, no escapes).
    fn in_text(text: &[u8], span: Span) -> Name {
        known_name(&text[span.0..span.1]).map_or(Name::At(span), Name::Known)
    }

    fn decoded(name: String) -> Name {
        known_name(name.as_bytes()).map_or(Name::Decoded(name), Name::Known)
    }

    fn as_str<'t>(&'t self, text: &'t [u8]) -> &'t str {
        match self {
            Name::Known(s) => s,
            Name::At((start, end)) => std::str::from_utf8(&text[*start..*end]).unwrap_or(""),
            Name::Decoded(s) => s,
        }
    }
}

/// The DAP command or event `text` names, the common ones first.
fn known_name(text: &[u8]) -> Option<&'static str> {
    Some(match text {
        b"stackTrace" => "stackTrace",
        b"scopes" => "scopes",
        b"variables" => "variables",
        b"evaluate" => "evaluate",
        b"threads" => "threads",
        b"next" => "next",
        b"continue" => "continue",
        b"stepIn" => "stepIn",
        b"stepOut" => "stepOut",
        b"stopped" => "stopped",
        b"continued" => "continued",
        b"output" => "output",
        b"setBreakpoints" => "setBreakpoints",
        b"breakpoint" => "breakpoint",
        b"source" => "source",
        b"loadedSources" => "loadedSources",
        b"pause" => "pause",
        b"setVariable" => "setVariable",
        b"setExpression" => "setExpression",
        b"completions" => "completions",
        b"exceptionInfo" => "exceptionInfo",
        b"disassemble" => "disassemble",
        b"readMemory" => "readMemory",
        b"initialize" => "initialize",
        b"launch" => "launch",
        b"attach" => "attach",
        b"initialized" => "initialized",
        b"configurationDone" => "configurationDone",
        b"setFunctionBreakpoints" => "setFunctionBreakpoints",
        b"setExceptionBreakpoints" => "setExceptionBreakpoints",
        b"disconnect" => "disconnect",
        b"terminate" => "terminate",
        b"terminated" => "terminated",
        b"exited" => "exited",
        b"restart" => "restart",
        b"thread" => "thread",
        b"process" => "process",
        b"capabilities" => "capabilities",
        b"loadedSource" => "loadedSource",
        b"module" => "module",
        b"modules" => "modules",
        b"invalidated" => "invalidated",
        _ => return None,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawMessage {
    bytes: Vec<u8>,
    /// Boxed: a message moves through a channel and several calls on its
    /// way, and a small one moves in registers, not through `memcpy`.
    head: Box<Head>,
    /// Replacements made before the message goes on (paths rewritten).
    edits: Vec<(Span, Vec<u8>)>,
    /// The `request_seq` it goes on with, when the bridge changed it.
    new_request_seq: Option<i64>,
}

/// A frame of a `stackTrace` answer: see [`RawMessage::stack_frames`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackFrameText<'a> {
    pub id: Option<i64>,
    pub line: Option<u64>,
    pub path: Option<std::borrow::Cow<'a, str>>,
}

/// Which payload a path belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload {
    Arguments,
    Body,
}

impl RawMessage {
    /// Reads a message as [`Message::parse`] reads its envelope and
    /// payloads (the same refusals, the same repair of what Go's decoder
    /// reads as U+FFFD), keeping its bytes; a field the bridge does not
    /// read is only skipped, as serde_json skips it.
    pub fn parse(bytes: Vec<u8>) -> Result<RawMessage, InvalidMessage> {
        match read_head(&bytes) {
            Ok(head) => Ok(RawMessage::with_head(bytes, head)),
            Err(e) => match as_go_reads_it(&bytes) {
                Some(repaired) => match read_head(&repaired) {
                    Ok(head) => Ok(RawMessage::with_head(repaired, head)),
                    Err(_) => Err(e),
                },
                None => Err(e),
            },
        }
    }

    fn with_head(bytes: Vec<u8>, head: Head) -> RawMessage {
        RawMessage { bytes, head: Box::new(head), edits: Vec::new(), new_request_seq: None }
    }

    /// The text as the peer sent it (before any rewrite).
    pub fn text(&self) -> &[u8] {
        &self.bytes
    }

    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    pub fn seq(&self) -> i64 {
        self.head.seq
    }

    pub fn kind(&self) -> Kind {
        self.head.kind
    }

    fn name<'s>(&'s self, name: &'s Option<Name>) -> &'s str {
        name.as_ref().map_or("", |n| n.as_str(&self.bytes))
    }

    pub fn command(&self) -> &str {
        self.name(&self.head.command)
    }

    pub fn event_name(&self) -> &str {
        self.name(&self.head.event)
    }

    pub fn request_seq(&self) -> Option<i64> {
        self.new_request_seq.or(self.head.request_seq)
    }

    pub fn is_success(&self) -> bool {
        self.head.success == Some(true)
    }

    /// The message goes on answering `request_seq` (only a message that
    /// has one can be routed, so only such a message gets a new one).
    pub fn set_request_seq(&mut self, request_seq: i64) {
        if self.head.request_seq_at.is_some() {
            self.new_request_seq = Some(request_seq);
        }
    }

    /// The paths in `payload` a rule would rewrite; `None` when one of
    /// them is written with escapes (then only a full parse reads them).
    pub fn paths(&self, payload: Payload) -> Option<impl Iterator<Item = &str>> {
        let spans = match payload {
            Payload::Arguments => &self.head.arguments_paths,
            Payload::Body => &self.head.body_paths,
        };
        if spans.escaped {
            return None;
        }
        Some(spans.spans.iter().map(|(s, e)| std::str::from_utf8(&self.bytes[*s..*e]).unwrap_or("")))
    }

    /// Replaces the paths of `payload` with what `map` makes of them (a
    /// path `map` leaves alone stays byte for byte); false when one is
    /// written with escapes, and nothing was changed.
    pub fn map_paths(&mut self, payload: Payload, map: impl Fn(&str) -> std::borrow::Cow<'_, str>) -> bool {
        let spans = match payload {
            Payload::Arguments => &self.head.arguments_paths,
            Payload::Body => &self.head.body_paths,
        };
        if spans.escaped {
            return false;
        }
        for &(start, end) in &spans.spans {
            let Ok(path) = std::str::from_utf8(&self.bytes[start..end]) else { continue };
            let mapped = map(path);
            if mapped != path {
                // The span is the string's contents: the quotes stay.
                let mut text = serde_json::to_vec(mapped.as_ref()).unwrap_or_default();
                text.pop();
                text.remove(0);
                self.edits.push(((start, end), text));
            }
        }
        true
    }

    /// The frames of a `stackTrace` answer as Delve wrote them (before a
    /// path is rewritten), read as from its parsed body: each item of
    /// `body.stackFrames` that is an object, its `id` when an `i64`, its
    /// `line` when a `u64`, its `source.path` when a string.
    pub fn stack_frames(&self) -> impl Iterator<Item = StackFrameText<'_>> {
        self.head.frames.iter().map(|f| StackFrameText {
            id: f.id,
            line: f.line,
            path: f.path.map(|((start, end), escaped)| {
                let text = &self.bytes[start..end];
                if escaped {
                    std::borrow::Cow::Owned(scan::decode(text))
                } else {
                    std::borrow::Cow::Borrowed(std::str::from_utf8(text).unwrap_or_default())
                }
            }),
        })
    }

    /// The full message, for a rule that reads or changes its payload.
    pub fn into_message(self) -> Message {
        let seq = self.head.seq;
        let request_seq = self.request_seq();
        let edited = !self.edits.is_empty();
        let bytes = if edited { self.apply_edits(None) } else { self.bytes };
        match serde_json::from_slice::<Message>(&bytes) {
            Ok(mut m) => {
                m.seq = seq;
                m.request_seq = request_seq.or(m.request_seq);
                m
            }
            // The head was read from the same text with the same types.
            Err(e) => {
                tracing::error!("a message read once could not be read again: {e}");
                let mut m = Message::event("", serde_json::Value::Null);
                m.seq = seq;
                m
            }
        }
    }

    /// The bytes to send, with `seq` (and a changed `request_seq`) stamped
    /// in: in place, unless a path was rewritten.
    pub fn into_bytes(self, seq: i64) -> Vec<u8> {
        self.apply_edits(Some(seq))
    }

    fn apply_edits(mut self, seq: Option<i64>) -> Vec<u8> {
        let mut seq_text = NumberText::default();
        let mut rs_text = NumberText::default();
        // Each edit: where, and what goes there.
        let mut small: [(Span, &[u8]); 2] = [((0, 0), &[]), ((0, 0), &[])];
        let mut n = 0;
        if let Some(seq) = seq {
            match self.head.seq_at {
                Some(at) => {
                    seq_text.push_decimal(seq);
                    small[n] = (at, seq_text.as_bytes());
                }
                None => {
                    // No seq: one goes first in the object.
                    let open = self.bytes.iter().position(|b| *b == b'{').map_or(0, |i| i + 1);
                    seq_text.push(b"\"seq\":");
                    seq_text.push_decimal(seq);
                    seq_text.push(b",");
                    small[n] = ((open, open), seq_text.as_bytes());
                }
            }
            n += 1;
        }
        if let (Some(rs), Some(at)) = (self.new_request_seq, self.head.request_seq_at) {
            rs_text.push_decimal(rs);
            small[n] = (at, rs_text.as_bytes());
            n += 1;
        }
        let edits = std::mem::take(&mut self.edits);
        if edits.is_empty() {
            // From the end, so earlier spans stay where they are.
            if n == 2 && small[0].0.0 < small[1].0.0 {
                small.swap(0, 1);
            }
            for (span, text) in &small[..n] {
                replace_in_place(&mut self.bytes, *span, text);
            }
            return self.bytes;
        }
        let mut all: Vec<(Span, &[u8])> = edits.iter().map(|(at, t)| (*at, t.as_slice())).collect();
        all.extend_from_slice(&small[..n]);
        all.sort_by_key(|(at, _)| at.0);
        let grow: usize = all.iter().map(|(_, t)| t.len()).sum();
        let mut out = Vec::with_capacity(self.bytes.len() + grow);
        let mut from = 0;
        for ((start, end), text) in all {
            out.extend_from_slice(&self.bytes[from..start]);
            out.extend_from_slice(text);
            from = end;
        }
        out.extend_from_slice(&self.bytes[from..]);
        out
    }
}

/// Replaces `bytes[span]` with `text`, moving what follows only when
/// the lengths differ (`Vec::splice` costs several times as much, for
/// each message passed).
fn replace_in_place(bytes: &mut Vec<u8>, (start, end): Span, text: &[u8]) {
    let len = bytes.len();
    let new_end = start + text.len();
    if new_end > end {
        bytes.resize(len + (new_end - end), 0);
        bytes.copy_within(end..len, new_end);
    } else if new_end < end {
        bytes.copy_within(end..len, new_end);
        bytes.truncate(len - (end - new_end));
    }
    bytes[start..new_end].copy_from_slice(text);
}

/// A number's text (and what goes around it) written on the stack:
/// `write!` costs ten times as much, for each message passed.
#[derive(Default)]
struct NumberText {
    buf: [u8; 32],
    len: usize,
}

impl NumberText {
    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    fn push(&mut self, text: &[u8]) {
        self.buf[self.len..self.len + text.len()].copy_from_slice(text);
        self.len += text.len();
    }

    fn push_decimal(&mut self, n: i64) {
        let mut digits = [0u8; 20];
        self.push(crate::framing::decimal(n, &mut digits));
    }
}

/// The envelope fields, read in one pass.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Head {
    seq: i64,
    seq_at: Option<Span>,
    kind: Kind,
    command: Option<Name>,
    event: Option<Name>,
    request_seq: Option<i64>,
    request_seq_at: Option<Span>,
    success: Option<bool>,
    arguments_paths: PathSpans,
    body_paths: PathSpans,
    /// The frames of the body's `stackFrames` (a `stackTrace` answer).
    frames: Vec<FrameFacts>,
    /// The body was walked for paths and frames: its message's name may
    /// carry them (see [`scan::reads_payload`]).
    body_walked: bool,
}
