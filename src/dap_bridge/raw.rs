//! A DAP message kept as the bytes a peer sent: one pass reads the fields
//! the bridge routes by (and where the file paths are) while it checks the
//! whole text is JSON, so a message the bridge does not change goes on as
//! it came, with only `seq` / `request_seq` restamped in place.
//!
//! Only what a rule reads is parsed further ([`RawMessage::into_message`]).

use std::fmt;
use std::io::Write;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::envelope::{Kind, Message, as_go_reads_it};

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

/// Where a name (`command`, `event`) is: in the text, or decoded because
/// it was written with escapes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Name {
    At(Span),
    Decoded(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawMessage {
    bytes: Vec<u8>,
    head: Head,
    /// Replacements made before the message goes on (paths rewritten).
    edits: Vec<(Span, Vec<u8>)>,
    /// The `request_seq` it goes on with, when the bridge changed it.
    new_request_seq: Option<i64>,
}

/// Which payload a path belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload {
    Arguments,
    Body,
}

impl RawMessage {
    /// Reads a message as [`Message::parse`] does (the same errors, the
    /// same repair of what Go's decoder reads as U+FFFD), keeping its bytes.
    pub fn parse(bytes: Vec<u8>) -> Result<RawMessage, serde_json::Error> {
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
        RawMessage { bytes, head, edits: Vec::new(), new_request_seq: None }
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
        match name {
            Some(Name::At((start, end))) => std::str::from_utf8(&self.bytes[*start..*end]).unwrap_or(""),
            Some(Name::Decoded(s)) => s,
            None => "",
        }
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
                    write!(seq_text, "{seq}").ok();
                    small[n] = (at, seq_text.as_bytes());
                }
                None => {
                    // No seq: one goes first in the object.
                    let open = self.bytes.iter().position(|b| *b == b'{').map_or(0, |i| i + 1);
                    write!(seq_text, "\"seq\":{seq},").ok();
                    small[n] = ((open, open), seq_text.as_bytes());
                }
            }
            n += 1;
        }
        if let (Some(rs), Some(at)) = (self.new_request_seq, self.head.request_seq_at) {
            write!(rs_text, "{rs}").ok();
            small[n] = (at, rs_text.as_bytes());
            n += 1;
        }
        let edits = std::mem::take(&mut self.edits);
        if edits.is_empty() {
            let small = &mut small[..n];
            // From the end, so earlier spans stay where they are.
            small.sort_by_key(|(at, _)| std::cmp::Reverse(at.0));
            for ((start, end), text) in small.iter() {
                self.bytes.splice(*start..*end, text.iter().copied());
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

/// A number written on the stack.
#[derive(Default)]
struct NumberText {
    buf: [u8; 32],
    len: usize,
}

impl NumberText {
    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

impl Write for NumberText {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let n = data.len().min(self.buf.len() - self.len);
        self.buf[self.len..self.len + n].copy_from_slice(&data[..n]);
        self.len += n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
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
}

fn read_head(bytes: &[u8]) -> Result<Head, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let head = (&mut de).deserialize_map(HeadVisitor { base: bytes.as_ptr() as usize })?;
    de.end()?;
    Ok(head)
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Field {
    Seq,
    #[serde(rename = "type")]
    Type,
    Command,
    Event,
    RequestSeq,
    Success,
    Message,
    Arguments,
    Body,
    #[serde(other)]
    Other,
}

struct HeadVisitor {
    /// Where the text starts, to turn borrowed slices into spans.
    base: usize,
}

impl HeadVisitor {
    fn span(&self, s: &str) -> Span {
        let start = s.as_ptr() as usize - self.base;
        (start, start + s.len())
    }

    fn name(&self, s: Option<Text<'_>>) -> Option<Name> {
        s.map(|t| match t {
            Text::Borrowed(s) => Name::At(self.span(s)),
            Text::Decoded(s) => Name::Decoded(s),
        })
    }

    fn integer<E: de::Error>(&self, raw: &RawValue, field: &'static str) -> Result<(i64, Span), E> {
        let text = raw.get();
        let n = text
            .parse::<i64>()
            .map_err(|_| E::invalid_value(de::Unexpected::Other(text), &"an integer"))
            .map_err(|e: E| E::custom(format_args!("{field}: {e}")))?;
        Ok((n, self.span(text)))
    }
}

impl<'de> Visitor<'de> for HeadVisitor {
    type Value = Head;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a DAP message")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Head, A::Error> {
        let mut seq = None;
        let mut kind = None;
        let mut command = None;
        let mut event = None;
        let mut request_seq = None;
        let mut success = None;
        let mut message = false;
        let mut arguments_paths = None;
        let mut body_paths = None;
        fn once<T, E: de::Error>(slot: &Option<T>, name: &'static str) -> Result<(), E> {
            if slot.is_some() { Err(E::duplicate_field(name)) } else { Ok(()) }
        }
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::Seq => {
                    once(&seq, "seq")?;
                    let raw: &RawValue = map.next_value()?;
                    seq = Some(self.integer(raw, "seq")?);
                }
                Field::Type => {
                    once(&kind, "type")?;
                    kind = Some(map.next_value::<Kind>()?);
                }
                Field::Command => {
                    once(&command, "command")?;
                    command = Some(self.name(map.next_value::<Option<Text>>()?));
                }
                Field::Event => {
                    once(&event, "event")?;
                    event = Some(self.name(map.next_value::<Option<Text>>()?));
                }
                Field::RequestSeq => {
                    once(&request_seq, "request_seq")?;
                    let raw: Option<&RawValue> = map.next_value()?;
                    request_seq = Some(match raw {
                        Some(raw) => Some(self.integer(raw, "request_seq")?),
                        None => None,
                    });
                }
                Field::Success => {
                    once(&success, "success")?;
                    success = Some(map.next_value::<Option<bool>>()?);
                }
                Field::Message => {
                    if message {
                        return Err(de::Error::duplicate_field("message"));
                    }
                    message = true;
                    map.next_value::<Option<Text>>()?;
                }
                Field::Arguments => {
                    once(&arguments_paths, "arguments")?;
                    let mut paths = PathSpans::default();
                    map.next_value_seed(Walk { base: self.base, paths: &mut paths, depth: 0, role: Role::Plain })?;
                    arguments_paths = Some(paths);
                }
                Field::Body => {
                    once(&body_paths, "body")?;
                    let mut paths = PathSpans::default();
                    map.next_value_seed(Walk { base: self.base, paths: &mut paths, depth: 0, role: Role::Plain })?;
                    body_paths = Some(paths);
                }
                Field::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
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
            kind: kind.ok_or_else(|| de::Error::missing_field("type"))?,
            command: command.flatten(),
            event: event.flatten(),
            request_seq,
            request_seq_at,
            success: success.flatten(),
            arguments_paths: arguments_paths.unwrap_or_default(),
            body_paths: body_paths.unwrap_or_default(),
        })
    }
}

/// A JSON string, borrowed from the text when it has no escapes.
enum Text<'de> {
    Borrowed(&'de str),
    Decoded(String),
}

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Text<'de>, E> {
                Ok(Text::Borrowed(s))
            }
            fn visit_str<E>(self, s: &str) -> Result<Text<'de>, E> {
                Ok(Text::Decoded(s.to_string()))
            }
        }
        d.deserialize_str(V)
    }
}

/// What a value is to the path rules (as `path_fields::walk` sees it).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Plain,
    /// The value of `source` or `location`: its `path` is a file path.
    Source,
    /// The value of `sources`: its items are sources.
    Sources,
    /// The `path` of a source.
    Path,
}

/// The deepest object whose sources `path_fields` rewrites.
const MAX_DEPTH: usize = 64;

/// Walks one value, checking it is JSON and noting its file paths.
struct Walk<'p> {
    base: usize,
    paths: &'p mut PathSpans,
    /// As `path_fields::walk` counts: the payload is at depth 0.
    depth: usize,
    role: Role,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<(), E> {
        if self.role == Role::Path {
            let start = s.as_ptr() as usize - self.base;
            self.paths.spans.push((start, start + s.len()));
        }
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        if self.role == Role::Path {
            self.paths.escaped = true;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let depth = self.depth + 1;
        // Items of `sources` are sources of the object holding it.
        let role = if self.role == Role::Sources { Role::Source } else { Role::Plain };
        while seq.next_element_seed(Walk { base: self.base, paths: self.paths, depth, role })?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // `path_fields::walk` maps the sources held by an object at depth
        // up to MAX_DEPTH; a source is one level below its holder, and an
        // item of `sources` two.
        let holder_ok = self.depth <= MAX_DEPTH;
        let depth = self.depth + 1;
        while let Some(key) = map.next_key::<Text>()? {
            let key = match &key {
                Text::Borrowed(s) => s,
                Text::Decoded(s) => s.as_str(),
            };
            let role = match key {
                "source" | "location" if holder_ok => Role::Source,
                "sources" if holder_ok => Role::Sources,
                "path" if self.role == Role::Source => Role::Path,
                _ => Role::Plain,
            };
            map.next_value_seed(Walk { base: self.base, paths: self.paths, depth, role })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::dap_bridge::path_fields::{self, Direction};
    use crate::paths::{PathMapper, PathRule};

    /// What the bridge sent before it kept bytes: the parsed message,
    /// restamped, its paths rewritten, serialized.
    fn parsed_way(text: &[u8], seq: i64, request_seq: Option<i64>, mapper: Option<&PathMapper>) -> Value {
        let mut m = Message::parse(text).unwrap();
        m.seq = seq;
        if request_seq.is_some() {
            m.request_seq = request_seq;
        }
        if let Some(mapper) = mapper {
            for v in [&mut m.arguments, &mut m.body].into_iter().flatten() {
                path_fields::rewrite(v, mapper, Direction::ToEditor);
            }
        }
        serde_json::from_slice(&m.to_bytes()).unwrap()
    }

    fn raw_way(text: &[u8], seq: i64, request_seq: Option<i64>, mapper: Option<&PathMapper>) -> Value {
        let mut m = RawMessage::parse(text.to_vec()).unwrap();
        if let Some(rs) = request_seq {
            m.set_request_seq(rs);
        }
        if let Some(mapper) = mapper {
            for payload in [Payload::Arguments, Payload::Body] {
                assert!(m.map_paths(payload, |p| mapper.to_editor(p)));
            }
        }
        serde_json::from_slice(&m.into_bytes(seq)).unwrap()
    }

    const MESSAGES: &[&str] = &[
        r#"{"command":"stackTrace","arguments":{"threadId":1},"type":"request","seq":7}"#,
        r#"{"seq":12,"type":"response","request_seq":3,"success":true,"command":"stackTrace","body":{"stackFrames":[{"id":1000,"name":"main.main","source":{"name":"main.go","path":"/build/app/main.go"},"line":9,"column":0}],"totalFrames":1}}"#,
        r#"{"type":"event","event":"output","body":{"category":"stdout","output":"a \u003c b\n","source":{"path":"/build/app/x.go","sources":[{"path":"/build/app/y.go"}]}}}"#,
        r#" { "seq" : 1 , "type" : "request" , "command" : "next" , "arguments" : { "threadId" : 1 } , "__x" : [1, 2.5e3, null, {"source": {"path": 3}}] } "#,
        r#"{"seq":99999999,"type":"response","request_seq":99999998,"success":false,"command":"evaluate","message":"oops","body":{"error":{"id":1,"format":"x"}}}"#,
        r#"{"seq":2,"type":"event","event":"loadedSource","body":{"reason":"new","source":{"path":"/build/app/main.go","origin":"x"}}}"#,
        r#"{"seq":3,"type":"response","request_seq":4,"command":"disassemble","success":true,"body":{"instructions":[{"address":"0x1","location":{"path":"/build/app/a.go"}},{"location":"not an object"}]}}"#,
    ];

    #[test]
    fn restamped_bytes_are_json_equal_to_the_parsed_message() {
        let mapper = PathMapper::new(vec![PathRule::user("/home/me/app", "/build/app")]);
        for text in MESSAGES {
            for (seq, rs) in [(1, None), (123456789, Some(42)), (5, Some(1))] {
                let rs = rs.filter(|_| text.contains("request_seq"));
                assert_eq!(
                    raw_way(text.as_bytes(), seq, rs, None),
                    parsed_way(text.as_bytes(), seq, rs, None),
                    "{text}"
                );
                let mapped = raw_way(text.as_bytes(), seq, rs, Some(&mapper));
                assert_eq!(mapped, parsed_way(text.as_bytes(), seq, rs, Some(&mapper)), "{text}");
            }
        }
    }

    #[test]
    fn a_message_the_bridge_does_not_change_keeps_its_bytes() {
        let text = br#"{"seq":7,"type":"request","command":"next","arguments":{"threadId":1, "x": 1.50}}"#;
        let out = RawMessage::parse(text.to_vec()).unwrap().into_bytes(12);
        assert_eq!(out, br#"{"seq":12,"type":"request","command":"next","arguments":{"threadId":1, "x": 1.50}}"#);
        let out = RawMessage::parse(br#"{"type":"event","event":"x"}"#.to_vec()).unwrap().into_bytes(3);
        assert_eq!(out, br#"{"seq":3,"type":"event","event":"x"}"#);
    }

    #[test]
    fn the_head_and_the_paths() {
        let m = RawMessage::parse(MESSAGES[2].as_bytes().to_vec()).unwrap();
        assert_eq!((m.kind(), m.event_name(), m.seq(), m.command()), (Kind::Event, "output", 0, ""));
        let paths: Vec<&str> = m.paths(Payload::Body).unwrap().collect();
        assert_eq!(paths, ["/build/app/x.go", "/build/app/y.go"]);
        let m = RawMessage::parse(MESSAGES[1].as_bytes().to_vec()).unwrap();
        assert_eq!((m.request_seq(), m.is_success(), m.command()), (Some(3), true, "stackTrace"));
        let escaped =
            br#"{"seq":1,"type":"response","command":"st\u0061ckTrace","body":{"source":{"path":"C:\\a.go"}}}"#;
        let m = RawMessage::parse(escaped.to_vec()).unwrap();
        assert_eq!(m.command(), "stackTrace");
        assert!(m.paths(Payload::Body).is_none(), "an escaped path is read only by a full parse");
        let deep = format!("{}{}{}", r#"{"type":"event","body":"#, "[".repeat(70), "]".repeat(70) + "}");
        assert!(RawMessage::parse(deep.into_bytes()).unwrap().paths(Payload::Body).unwrap().next().is_none());
    }

    /// Sources nested deeper than `path_fields` walks stay as they are.
    #[test]
    fn paths_deeper_than_the_walk_are_left_alone() {
        let mapper = PathMapper::new(vec![PathRule::user("/home/me/app", "/build/app")]);
        for depth in [62, 63, 64, 65, 66] {
            let mut body = json!({"source": {"path": "/build/app/a.go"}, "sources": [{"path": "/build/app/b.go"}]});
            for _ in 0..depth {
                body = json!({"k": body});
            }
            let text = serde_json::to_vec(&json!({"seq": 1, "type": "event", "event": "e", "body": body})).unwrap();
            assert_eq!(raw_way(&text, 2, None, Some(&mapper)), parsed_way(&text, 2, None, Some(&mapper)), "{depth}");
        }
    }

    #[test]
    fn errors_where_the_parsed_message_fails_and_go_repairs() {
        let cases: [&[u8]; 12] = [
            b"[1,2]",
            br#"{"seq":1,"type":"bogus"}"#,
            b"{",
            br#"{"seq":"1","type":"event"}"#,
            br#"{"seq":1.5,"type":"event"}"#,
            br#"{"seq":1,"type":"event","event":3}"#,
            br#"{"seq":1,"type":"response","request_seq":true}"#,
            br#"{"seq":1,"type":"response","success":1}"#,
            br#"{"seq":1,"type":"response","message":[]}"#,
            br#"{"seq":1}"#,
            br#"{"seq":1,"type":"event"} x"#,
            br#"{"seq":1,"type":"event","body":{"a":[1,}}"#,
        ];
        for text in cases {
            assert!(Message::parse(text).is_err(), "{}", String::from_utf8_lossy(text));
            assert!(RawMessage::parse(text.to_vec()).is_err(), "{}", String::from_utf8_lossy(text));
        }
        let bad = b"{\"seq\":1,\"type\":\"event\",\"event\":\"output\",\"body\":{\"output\":\"\xff \\ud800\"}}";
        let raw: Value = serde_json::from_slice(&RawMessage::parse(bad.to_vec()).unwrap().into_bytes(1)).unwrap();
        assert_eq!(raw["body"]["output"], "\u{fffd} \u{fffd}");
        assert_eq!(raw, parsed_way(bad, 1, None, None));
    }
}
