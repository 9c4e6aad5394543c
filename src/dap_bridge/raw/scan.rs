//! The one pass over a message's text: checks it is JSON as serde_json
//! checks it when it reads the envelope (`oracle.rs`, the reference this
//! pass is tested against), and notes the routing fields and path spans.
//! It allocates only for a name written with escapes.
//!
//! Every value is checked as the full reading of a message
//! (`Message::parse`, which keeps every field) checks it, so a message this
//! pass accepts can always be read whole when a rule needs it:
//! - strings are UTF-8 with escaped surrogates in pairs, numbers within
//!   `f64`, at most 128 nested levels counting the message itself, in
//!   `arguments`, `body`, the names, every key and every other field;
//! - `seq` and `request_seq` are skipped, then their text read as an `i64`
//!   (`-0` is not one: serde_json reads it as a float);
//! - `type` is a variant name, also as `{"request": null}`.
//!
//! A payload is walked for paths and frames unless the message named
//! itself, before it, with a name whose payloads never carry a file
//! (`reads_payload`): then it is only checked, as another field is.
//!
//! (Skipping the other fields unchecked, as serde_json skips a field it
//! does not deserialize, let through messages that a rule then could not
//! read whole, and lost; `oracle.rs` reads them as values for that reason.)

use std::fmt;

use super::{Head, Name, PathSpans, Span};
use crate::dap_bridge::envelope::Kind;
use crate::dap_bridge::path_fields::{MAX_DEPTH, carries_paths};

/// Why a text is not a DAP message, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidMessage {
    what: &'static str,
    at: usize,
}

impl fmt::Display for InvalidMessage {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} at byte {}", self.what, self.at)
    }
}

impl std::error::Error for InvalidMessage {}

type Result<T> = std::result::Result<T, InvalidMessage>;

/// serde_json's recursion limit: the container that would be the 128th
/// level (counting the message's own object) is refused.
const NESTING: u32 = 128;

/// What a value is to the path rules (as `path_fields::walk` sees it).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Plain,
    /// The value of `source` or `location`: its `path` is a file path.
    Source,
    /// The value of `sources`: its items are sources.
    Sources,
    /// The `path` of a source.
    Path,
}

/// Where a value of the body is to the frames of a `stackTrace` answer
/// (as `StoppedFrames::remember` reads them from the parsed body: the
/// last of duplicate keys counts).
#[derive(Clone, Copy, PartialEq, Eq)]
enum InTrace {
    No,
    /// The body itself.
    Body,
    /// The value of `stackFrames`.
    List,
    /// An item of that list: a frame when it is an object.
    Item,
    /// The frame at this index, and its `id`, `line`, `source` and
    /// `source.path`.
    Frame(usize),
    Id(usize),
    Line(usize),
    Source(usize),
    Path(usize),
}

/// What a frame of a `stackTrace` answer says: its `id` and `line` as
/// `serde_json::Value::as_i64` and `as_u64` read them, and where its
/// `source.path` is when it is a string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct FrameFacts {
    pub id: Option<i64>,
    pub line: Option<u64>,
    pub path: Option<(Span, bool)>,
}

/// The envelope fields a message may name (others are skipped).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Seq,
    Type,
    Command,
    Event,
    RequestSeq,
    Success,
    Message,
    Arguments,
    Body,
    Other,
}

impl Field {
    /// The field whose key and colon start `text` as `"seq":` (no escape,
    /// no space), and their length.
    #[inline]
    fn written_plainly(text: &[u8]) -> Option<(Field, usize)> {
        let (key, field): (&[u8], Field) = match text.get(1)? {
            b's' if text.get(2) == Some(&b'e') => (b"\"seq\":", Field::Seq),
            b's' => (b"\"success\":", Field::Success),
            b't' => (b"\"type\":", Field::Type),
            b'c' => (b"\"command\":", Field::Command),
            b'e' => (b"\"event\":", Field::Event),
            b'r' => (b"\"request_seq\":", Field::RequestSeq),
            b'm' => (b"\"message\":", Field::Message),
            b'a' => (b"\"arguments\":", Field::Arguments),
            b'b' => (b"\"body\":", Field::Body),
            _ => return None,
        };
        text.starts_with(key).then_some((field, key.len()))
    }

    fn named(name: &[u8]) -> Field {
        match name {
            b"seq" => Field::Seq,
            b"type" => Field::Type,
            b"command" => Field::Command,
            b"event" => Field::Event,
            b"request_seq" => Field::RequestSeq,
            b"success" => Field::Success,
            b"message" => Field::Message,
            b"arguments" => Field::Arguments,
            b"body" => Field::Body,
            _ => Field::Other,
        }
    }
}

/// A string's contents: where they are, and whether they hold escapes.
#[derive(Clone, Copy)]
struct Str {
    span: Span,
    escaped: bool,
}

pub(super) fn read_head(text: &[u8]) -> Result<Head> {
    let mut s = Scan { text, at: 0, depth_left: NESTING };
    if s.skip_ws() != Some(b'{') {
        return s.fail("a DAP message is a JSON object");
    }
    s.enter()?;
    let mut seq = None;
    let mut kind = None;
    let mut command = None;
    let mut event = None;
    let mut request_seq = None;
    let mut success = None;
    let mut message = false;
    let mut arguments_paths = None;
    let mut body_paths = None;
    let mut frames = Vec::new();
    let mut body_walked = false;
    fn once<T>(s: &Scan, slot: &Option<T>, what: &'static str) -> Result<()> {
        if slot.is_some() { s.fail(what) } else { Ok(()) }
    }
    let mut first = true;
    while s.at_next_key(&mut first)? {
        let field = match Field::written_plainly(&text[s.at..]) {
            // `"seq":` and the like, as every peer writes them: what
            // reading the key and the colon would find, without reading.
            Some((field, len)) => {
                s.at += len;
                field
            }
            None => {
                s.at += 1;
                let key = s.string()?;
                let field =
                    if key.escaped { Field::named(s.decode(key).as_bytes()) } else { Field::named(s.bytes(key)) };
                s.colon()?;
                field
            }
        };
        match field {
            Field::Seq => {
                once(&s, &seq, "duplicate field `seq`")?;
                seq = Some(s.integer("seq: not an integer")?);
            }
            Field::Type => {
                once(&s, &kind, "duplicate field `type`")?;
                kind = Some(s.kind()?);
            }
            Field::Command => {
                once(&s, &command, "duplicate field `command`")?;
                command = Some(s.name()?.map(|n| name_of(text, n)));
            }
            Field::Event => {
                once(&s, &event, "duplicate field `event`")?;
                event = Some(s.name()?.map(|n| name_of(text, n)));
            }
            Field::RequestSeq => {
                once(&s, &request_seq, "duplicate field `request_seq`")?;
                request_seq = Some(if s.null()? { None } else { Some(s.integer("request_seq: not an integer")?) });
            }
            Field::Success => {
                once(&s, &success, "duplicate field `success`")?;
                success = Some(s.optional_bool()?);
            }
            Field::Message => {
                if message {
                    return s.fail("duplicate field `message`");
                }
                message = true;
                s.name()?;
            }
            Field::Arguments => {
                once(&s, &arguments_paths, "duplicate field `arguments`")?;
                let mut paths = PathSpans::default();
                if reads_payload(text, kind, &command, &event) {
                    s.walk(0, Role::Plain, &mut paths, InTrace::No, &mut Vec::new())?;
                } else {
                    s.skip_value()?;
                }
                arguments_paths = Some(paths);
            }
            Field::Body => {
                once(&s, &body_paths, "duplicate field `body`")?;
                let mut paths = PathSpans::default();
                body_walked = reads_payload(text, kind, &command, &event);
                if body_walked {
                    s.walk(0, Role::Plain, &mut paths, InTrace::Body, &mut frames)?;
                } else {
                    s.skip_value()?;
                }
                body_paths = Some(paths);
            }
            Field::Other => s.skip_value()?,
        }
    }
    let Some(kind) = kind else { return s.fail("missing field `type`") };
    s.at += 1; // the closing brace `next_key` saw
    if s.skip_ws().is_some() {
        return s.fail("trailing characters");
    }
    let (seq, seq_at) = match seq {
        Some((n, at)) => (n, Some(at)),
        None => (0, None),
    };
    let (request_seq, request_seq_at) = match request_seq.flatten() {
        Some((n, at)) => (Some(n), Some(at)),
        None => (None, None),
    };
    Ok(Head {
        seq,
        seq_at,
        kind,
        command: command.flatten(),
        event: event.flatten(),
        request_seq,
        request_seq_at,
        success: success.flatten(),
        arguments_paths: arguments_paths.unwrap_or_default(),
        body_paths: body_paths.unwrap_or_default(),
        frames,
        body_walked,
    })
}

fn name_of(text: &[u8], s: Str) -> Name {
    if s.escaped { Name::decoded(decode(&text[s.span.0..s.span.1])) } else { Name::in_text(text, s.span) }
}

/// Whether a payload is walked for file paths (and a `stackTrace`
/// answer's frames), given what the message said before it: its type,
/// `command` and `event` (`None` when not said yet; `Some(None)` when
/// null). Only a payload whose message's name, as the session reads it
/// (the event's name for an event, the command for the others), is one
/// that never names a file (`path_fields::carries_paths`) is only
/// checked, as any other field is: the session reads no path there.
pub(super) fn reads_payload(
    text: &[u8],
    kind: Option<Kind>,
    command: &Option<Option<Name>>,
    event: &Option<Option<Name>>,
) -> bool {
    let name = match kind {
        Some(Kind::Event) => event,
        Some(Kind::Request | Kind::Response) => command,
        None => return true,
    };
    match name {
        Some(Some(name)) => carries_paths(name.as_str(text)),
        _ => true,
    }
}

struct Scan<'t> {
    text: &'t [u8],
    at: usize,
    /// serde_json's `remaining_depth`.
    depth_left: u32,
}

impl Scan<'_> {
    #[cold]
    fn fail<T>(&self, what: &'static str) -> Result<T> {
        Err(InvalidMessage { what, at: self.at })
    }

    fn bytes(&self, s: Str) -> &[u8] {
        &self.text[s.span.0..s.span.1]
    }

    fn decode(&self, s: Str) -> String {
        decode(self.bytes(s))
    }

    /// The next byte that is not whitespace (as JSON counts it), not taken.
    #[inline]
    fn skip_ws(&mut self) -> Option<u8> {
        while let Some(&b) = self.text.get(self.at) {
            if !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(b);
            }
            self.at += 1;
        }
        None
    }

    /// Takes the opening bracket of a container one level deeper.
    fn enter(&mut self) -> Result<()> {
        self.depth_left -= 1;
        if self.depth_left == 0 {
            return self.fail("nested too deeply");
        }
        self.at += 1;
        Ok(())
    }

    fn leave(&mut self) {
        self.depth_left += 1;
    }

    /// The rest of `null`, `true` or `false` after its first byte.
    fn word(&mut self, first_and_rest: &[u8]) -> Result<()> {
        let end = self.at + first_and_rest.len();
        if self.text.get(self.at..end) != Some(first_and_rest) {
            return self.fail("expected a value");
        }
        self.at = end;
        Ok(())
    }

    fn colon(&mut self) -> Result<()> {
        if self.skip_ws() != Some(b':') {
            return self.fail("expected `:`");
        }
        self.at += 1;
        Ok(())
    }

    /// The next key of an object whose members are read from `at`
    /// (`first` until one was), or `None` at its closing brace (not taken).
    #[inline]
    fn next_key(&mut self, first: &mut bool) -> Result<Option<Str>> {
        if !self.at_next_key(first)? {
            return Ok(None);
        }
        self.at += 1;
        self.string().map(Some)
    }

    /// Moves to the opening quote (not taken) of the next key of an
    /// object whose members are read from `at` (`first` until one was):
    /// false at its closing brace (not taken).
    #[inline]
    fn at_next_key(&mut self, first: &mut bool) -> Result<bool> {
        match self.skip_ws() {
            Some(b'}') => return Ok(false),
            Some(b',') if !*first => {
                self.at += 1;
                if self.skip_ws() != Some(b'"') {
                    return self.fail("expected a key after `,`");
                }
            }
            Some(b'"') if *first => {}
            Some(_) if *first => return self.fail("a key must be a string"),
            Some(_) => return self.fail("expected `,` or `}`"),
            None => return self.fail("unexpected end in an object"),
        }
        *first = false;
        Ok(true)
    }

    /// A string whose opening quote was taken, checked as serde_json
    /// decodes one.
    #[inline]
    fn string(&mut self) -> Result<Str> {
        // Most strings are ASCII without escapes: one run to the quote.
        let start = self.at;
        let (end, high) = plain_run(self.text, start);
        if !high && self.text.get(end) == Some(&b'"') {
            self.at = end + 1;
            return Ok(Str { span: (start, end), escaped: false });
        }
        self.any_string()
    }

    #[inline(never)]
    fn any_string(&mut self) -> Result<Str> {
        let start = self.at;
        let mut escaped = false;
        let mut run = self.at;
        loop {
            let (end, high) = plain_run(self.text, self.at);
            self.at = end;
            let Some(&b) = self.text.get(end) else { return self.fail("unexpected end in a string") };
            if high && std::str::from_utf8(&self.text[run..end]).is_err() {
                return self.fail("a string that is not UTF-8");
            }
            match b {
                b'"' => {
                    self.at += 1;
                    return Ok(Str { span: (start, end), escaped });
                }
                b'\\' => {
                    escaped = true;
                    self.at += 1;
                    self.escape()?;
                    run = self.at;
                }
                _ => return self.fail("a control character in a string"),
            }
        }
    }

    /// An escape whose backslash was taken.
    fn escape(&mut self) -> Result<()> {
        let Some(&b) = self.text.get(self.at) else { return self.fail("unexpected end in a string") };
        self.at += 1;
        match b {
            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Ok(()),
            b'u' => match self.hex4()? {
                0xDC00..=0xDFFF => self.fail("a lone surrogate in an escape"),
                0xD800..=0xDBFF => {
                    if self.text.get(self.at..self.at + 2) != Some(br"\u") {
                        return self.fail("a lone surrogate in an escape");
                    }
                    self.at += 2;
                    if !(0xDC00..=0xDFFF).contains(&self.hex4()?) {
                        return self.fail("a lone surrogate in an escape");
                    }
                    Ok(())
                }
                _ => Ok(()),
            },
            _ => self.fail("an invalid escape"),
        }
    }

    fn hex4(&mut self) -> Result<u16> {
        let Some(digits) = self.text.get(self.at..self.at + 4) else {
            self.at = self.text.len();
            return self.fail("unexpected end in a string");
        };
        let mut unit = 0u16;
        for &d in digits {
            let v = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => return self.fail("an invalid escape"),
            };
            unit = unit << 4 | u16::from(v);
        }
        self.at += 4;
        Ok(unit)
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.text.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        self.at - start
    }

    /// A number starting at `at`; `checked` also refuses one that
    /// serde_json would not convert (beyond `f64`).
    fn number(&mut self, checked: bool) -> Result<()> {
        let start = self.at;
        if self.text.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        match self.text.get(self.at) {
            Some(b'0') => {
                self.at += 1;
                if self.text.get(self.at).is_some_and(u8::is_ascii_digit) {
                    return self.fail("an invalid number");
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return self.fail("an invalid number"),
        }
        if self.text.get(self.at) == Some(&b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return self.fail("an invalid number");
            }
        }
        let mut exponent = false;
        if matches!(self.text.get(self.at), Some(b'e' | b'E')) {
            exponent = true;
            self.at += 1;
            if matches!(self.text.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return self.fail("an invalid number");
            }
        }
        // Fewer than 300 digits and no exponent: far below f64::MAX. Others
        // are rare: serde_json, reading the number alone as it reads it
        // in place, says whether it is in range.
        if checked
            && (exponent || self.at - start > 300)
            && serde_json::from_slice::<serde_json::Value>(&self.text[start..self.at]).is_err()
        {
            return self.fail("a number out of range");
        }
        Ok(())
    }

    /// `null` (taken), or another value (not taken).
    fn null(&mut self) -> Result<bool> {
        if self.skip_ws() == Some(b'n') {
            self.word(b"null")?;
            return Ok(true);
        }
        Ok(false)
    }

    /// A value skipped, then read as an `i64` (as `seq` is).
    fn integer(&mut self, what: &'static str) -> Result<(i64, Span)> {
        let first = self.skip_ws();
        let start = self.at;
        // What every peer writes: up to 18 digits (no overflow), no
        // leading zero, no fraction or exponent after them, not `-0`.
        let negative = first == Some(b'-');
        let digits = start + usize::from(negative);
        let mut end = digits;
        let mut n = 0i64;
        while end - digits < 18 {
            let Some(d) = self.text.get(end).filter(|d| d.is_ascii_digit()) else { break };
            n = n * 10 + i64::from(d - b'0');
            end += 1;
        }
        let len = end - digits;
        if len > 0
            && (len == 1 || self.text[digits] != b'0')
            && !matches!(self.text.get(end), Some(b'.' | b'e' | b'E' | b'0'..=b'9'))
            && !(negative && n == 0)
        {
            self.at = end;
            return Ok((if negative { -n } else { n }, (start, end)));
        }
        if matches!(first, Some(b'-' | b'0'..=b'9')) {
            self.number(false)?;
        } else {
            self.skip_value()?;
        }
        // As the whole message is read: `-0` is a float there.
        match as_i64(&self.text[start..self.at]) {
            Some(n) => Ok((n, (start, self.at))),
            None => {
                self.at = start;
                self.fail(what)
            }
        }
    }

    /// `null` or a string (`command`, `event`, `message`).
    fn name(&mut self) -> Result<Option<Str>> {
        if self.null()? {
            return Ok(None);
        }
        if self.skip_ws() != Some(b'"') {
            return self.fail("expected a string");
        }
        self.at += 1;
        self.string().map(Some)
    }

    /// `null`, `true` or `false` (`success`).
    fn optional_bool(&mut self) -> Result<Option<bool>> {
        match self.skip_ws() {
            Some(b'n') => self.word(b"null").map(|()| None),
            Some(b't') => self.word(b"true").map(|()| Some(true)),
            Some(b'f') => self.word(b"false").map(|()| Some(false)),
            _ => self.fail("expected a boolean"),
        }
    }

    /// The message's `type`: a variant name, or an object of one member,
    /// that name, whose value is `null`.
    fn kind(&mut self) -> Result<Kind> {
        match self.skip_ws() {
            Some(b'"') => {
                self.at += 1;
                self.variant()
            }
            Some(b'{') => {
                self.enter()?;
                if self.skip_ws() != Some(b'"') {
                    return self.fail("expected a message type");
                }
                self.at += 1;
                let kind = self.variant()?;
                self.colon()?;
                if !self.null()? {
                    return self.fail("expected null");
                }
                self.leave();
                if self.skip_ws() != Some(b'}') {
                    return self.fail("expected `}`");
                }
                self.at += 1;
                Ok(kind)
            }
            _ => self.fail("expected a message type"),
        }
    }

    /// A variant name of [`Kind`] whose opening quote was taken.
    fn variant(&mut self) -> Result<Kind> {
        let s = self.string()?;
        let decoded;
        let name = if s.escaped {
            decoded = self.decode(s);
            decoded.as_bytes()
        } else {
            self.bytes(s)
        };
        match name {
            b"request" => Ok(Kind::Request),
            b"response" => Ok(Kind::Response),
            b"event" => Ok(Kind::Event),
            _ => self.fail("an unknown message type"),
        }
    }

    /// A value of `arguments` or `body`, read in full, noting the paths of
    /// its sources (at `depth` as `path_fields::walk` counts, in `role`)
    /// and the facts of the frames of a stack trace (`trace`).
    #[inline(always)]
    fn walk(
        &mut self,
        depth: usize,
        role: Role,
        paths: &mut PathSpans,
        trace: InTrace,
        frames: &mut Vec<FrameFacts>,
    ) -> Result<()> {
        match self.skip_ws() {
            Some(b'[') => self.array(depth, role, paths, trace, frames),
            Some(b'{') => self.object(depth, role, paths, trace, frames),
            _ => self.scalar(role, paths, trace, frames),
        }
    }

    /// A value that is not a container: see [`walk`](Self::walk).
    #[inline(always)]
    fn scalar(&mut self, role: Role, paths: &mut PathSpans, trace: InTrace, frames: &mut [FrameFacts]) -> Result<()> {
        match self.text.get(self.at) {
            Some(b'"') => {
                self.at += 1;
                let s = self.string()?;
                if role == Role::Path {
                    if s.escaped {
                        paths.escaped = true;
                    } else {
                        paths.spans.push(s.span);
                    }
                }
                if let InTrace::Path(i) = trace {
                    frames[i].path = Some((s.span, s.escaped));
                }
                Ok(())
            }
            Some(b'-' | b'0'..=b'9') => {
                let start = self.at;
                self.number(true)?;
                let text = &self.text[start..self.at];
                match trace {
                    InTrace::Id(i) => frames[i].id = as_i64(text),
                    InTrace::Line(i) => frames[i].line = as_u64(text),
                    _ => {}
                }
                Ok(())
            }
            Some(b'n') => self.word(b"null"),
            Some(b't') => self.word(b"true"),
            Some(b'f') => self.word(b"false"),
            Some(_) => self.fail("expected a value"),
            None => self.fail("unexpected end where a value goes"),
        }
    }

    fn array(
        &mut self,
        depth: usize,
        role: Role,
        paths: &mut PathSpans,
        trace: InTrace,
        frames: &mut Vec<FrameFacts>,
    ) -> Result<()> {
        self.enter()?;
        // Items of `sources` are sources of the object holding it.
        let role = if role == Role::Sources { Role::Source } else { Role::Plain };
        let trace = if trace == InTrace::List { InTrace::Item } else { InTrace::No };
        if self.skip_ws() == Some(b']') {
            self.at += 1;
        } else {
            loop {
                self.walk(depth + 1, role, paths, trace, frames)?;
                match self.skip_ws() {
                    Some(b',') => self.at += 1,
                    Some(b']') => {
                        self.at += 1;
                        break;
                    }
                    _ => return self.fail("expected `,` or `]`"),
                }
            }
        }
        self.leave();
        Ok(())
    }

    fn object(
        &mut self,
        depth: usize,
        role: Role,
        paths: &mut PathSpans,
        trace: InTrace,
        frames: &mut Vec<FrameFacts>,
    ) -> Result<()> {
        self.enter()?;
        // `path_fields::walk` maps the sources held by an object at depth
        // up to MAX_DEPTH; a source is one level below its holder, and an
        // item of `sources` two.
        let holder_ok = depth <= MAX_DEPTH;
        let trace = match trace {
            InTrace::Item => {
                frames.push(FrameFacts::default());
                InTrace::Frame(frames.len() - 1)
            }
            trace => trace,
        };
        let mut first = true;
        while let Some(key) = self.next_key(&mut first)? {
            let decoded;
            let key = if key.escaped {
                decoded = self.decode(key);
                decoded.as_bytes()
            } else {
                self.bytes(key)
            };
            let role = match key {
                b"source" | b"location" if holder_ok => Role::Source,
                b"sources" if holder_ok => Role::Sources,
                b"path" if role == Role::Source => Role::Path,
                _ => Role::Plain,
            };
            // A later duplicate replaces what an earlier one said.
            let trace = match (trace, key) {
                (InTrace::No, _) => InTrace::No,
                (InTrace::Body, b"stackFrames") => {
                    frames.clear();
                    InTrace::List
                }
                (InTrace::Frame(i), b"id") => {
                    frames[i].id = None;
                    InTrace::Id(i)
                }
                (InTrace::Frame(i), b"line") => {
                    frames[i].line = None;
                    InTrace::Line(i)
                }
                (InTrace::Frame(i), b"source") => {
                    frames[i].path = None;
                    InTrace::Source(i)
                }
                (InTrace::Source(i), b"path") => {
                    frames[i].path = None;
                    InTrace::Path(i)
                }
                _ => InTrace::No,
            };
            self.colon()?;
            self.walk(depth + 1, role, paths, trace, frames)?;
        }
        self.at += 1;
        self.leave();
        Ok(())
    }

    /// A value of a field the bridge does not read: checked as the full
    /// reading checks it, without recursion.
    fn skip_value(&mut self) -> Result<()> {
        // The open containers, innermost last: true for an object.
        let mut open = Vec::new();
        loop {
            match self.skip_ws() {
                Some(b'n') => self.word(b"null")?,
                Some(b't') => self.word(b"true")?,
                Some(b'f') => self.word(b"false")?,
                Some(b'-' | b'0'..=b'9') => self.number(true)?,
                Some(b'"') => {
                    self.at += 1;
                    self.string()?;
                }
                Some(b'[') => {
                    self.enter()?;
                    if self.skip_ws() == Some(b']') {
                        self.at += 1;
                        self.leave();
                    } else {
                        open.push(false);
                        continue;
                    }
                }
                Some(b'{') => {
                    self.enter()?;
                    if self.skip_ws() == Some(b'}') {
                        self.at += 1;
                        self.leave();
                    } else {
                        open.push(true);
                        self.skipped_key()?;
                        continue;
                    }
                }
                Some(_) => return self.fail("expected a value"),
                None => return self.fail("unexpected end where a value goes"),
            }
            // A value ended: close what it ends, or go on to the next item.
            loop {
                let Some(&object) = open.last() else { return Ok(()) };
                match self.skip_ws() {
                    Some(b',') => {
                        self.at += 1;
                        if object {
                            self.skipped_key()?;
                        }
                        break;
                    }
                    Some(b']') if !object => {
                        self.at += 1;
                        self.leave();
                        open.pop();
                    }
                    Some(b'}') if object => {
                        self.at += 1;
                        self.leave();
                        open.pop();
                    }
                    _ => return self.fail("expected `,` or the end of a container"),
                }
            }
        }
    }

    /// The key of a skipped object and its colon.
    fn skipped_key(&mut self) -> Result<()> {
        if self.skip_ws() != Some(b'"') {
            return self.fail("a key must be a string");
        }
        self.at += 1;
        self.string()?;
        self.colon()
    }
}

/// A JSON number's text as `serde_json::Value::as_i64` reads it: an
/// integer within `i64`, but not `-0` (serde_json reads it as a float).
fn as_i64(text: &[u8]) -> Option<i64> {
    if text == b"-0" {
        return None;
    }
    decimal_i64(text)
}

/// A JSON number's text as `serde_json::Value::as_u64` reads it.
fn as_u64(text: &[u8]) -> Option<u64> {
    text.iter().try_fold(0u64, |n, &d| {
        if d.is_ascii_digit() { n.checked_mul(10)?.checked_add(u64::from(d - b'0')) } else { None }
    })
}

/// The text of a JSON value read as `i64::from_str` reads it (the value
/// has no `+` to start it): digits after an optional `-`, within `i64`.
fn decimal_i64(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text.split_first() {
        Some((b'-', digits)) => (true, digits),
        _ => (false, text),
    };
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0i64, |n, &d| {
        if !d.is_ascii_digit() {
            return None;
        }
        let d = i64::from(d - b'0');
        // Toward the sign, so that i64::MIN is read too.
        if negative { n.checked_mul(10)?.checked_sub(d) } else { n.checked_mul(10)?.checked_add(d) }
    })
}

/// From `at`, the index of the first byte that ends a run of a string's
/// plain bytes (a quote, a backslash or a control character; the end of
/// the text if none), and whether a byte above 0x7f may be among them.
#[inline]
fn plain_run(text: &[u8], mut at: usize) -> (usize, bool) {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES * 0x80;
    let mut seen = 0u64;
    // Eight bytes at a time: a byte's high bit is set in `stop` when it is
    // below 0x20, a quote or a backslash (a borrow can only mark bytes
    // after a marked one, so the lowest mark is exact).
    while let Some(chunk) = text.get(at..at + 8) {
        let c = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let quote = c ^ (ONES * u64::from(b'"'));
        let backslash = c ^ (ONES * u64::from(b'\\'));
        let stop = (c.wrapping_sub(ONES * 0x20) & !c
            | quote.wrapping_sub(ONES) & !quote
            | backslash.wrapping_sub(ONES) & !backslash)
            & HIGH;
        seen |= c;
        if stop != 0 {
            return (at + (stop.trailing_zeros() / 8) as usize, seen & HIGH != 0);
        }
        at += 8;
    }
    while let Some(&b) = text.get(at) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        seen |= u64::from(b);
        at += 1;
    }
    (at, seen & HIGH != 0)
}

/// The text of a string's contents that [`Scan::string`] checked.
pub(super) fn decode(raw: &[u8]) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    let unit = |i: usize| {
        raw.get(i..i + 4)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .unwrap_or(0xFFFD)
    };
    while i < raw.len() {
        let next = raw[i..].iter().position(|b| *b == b'\\').map_or(raw.len(), |p| i + p);
        out.push_str(std::str::from_utf8(&raw[i..next]).unwrap_or("\u{fffd}"));
        i = next;
        if i >= raw.len() {
            break;
        }
        let c = match raw.get(i + 1) {
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let high = unit(i + 2);
                if (0xD800..0xDC00).contains(&high) {
                    let low = unit(i + 8);
                    i += 6;
                    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF))
                } else {
                    char::from_u32(high)
                }
                .unwrap_or('\u{fffd}')
            }
            Some(&c) => char::from(c),
            None => break,
        };
        i += if raw.get(i + 1) == Some(&b'u') { 6 } else { 2 };
        out.push(c);
    }
    out
}
