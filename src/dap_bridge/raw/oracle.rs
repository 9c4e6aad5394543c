//! The envelope pass as serde_json reads it: the reference the scanner
//! ([`super::scan`]) must agree with, byte for byte, on what it accepts
//! and what it finds (`tests.rs` compares them).

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::scan::Role;
use super::{Head, Name, PathSpans, Span};
use crate::dap_bridge::envelope::Kind;
use crate::dap_bridge::path_fields::{self, MAX_DEPTH};

pub(super) fn read_head(bytes: &[u8]) -> Result<Head, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let head = (&mut de).deserialize_map(HeadVisitor { text: bytes, base: bytes.as_ptr() as usize })?;
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

struct HeadVisitor<'t> {
    text: &'t [u8],
    /// Where the text starts, to turn borrowed slices into spans.
    base: usize,
}

impl HeadVisitor<'_> {
    fn span(&self, s: &str) -> Span {
        let start = s.as_ptr() as usize - self.base;
        (start, start + s.len())
    }

    fn name(&self, s: Option<Text<'_>>) -> Option<Name> {
        s.map(|t| match t {
            Text::Borrowed(s) => Name::in_text(self.text, self.span(s)),
            Text::Decoded(s) => Name::decoded(s),
        })
    }

    fn integer<E: de::Error>(&self, raw: &RawValue, field: &'static str) -> Result<(i64, Span), E> {
        let text = raw.get();
        // `-0` is a float to serde_json, so not an `i64` of a whole message.
        let n = Some(text)
            .filter(|t| *t != "-0")
            .ok_or(())
            .and_then(|t| t.parse::<i64>().map_err(|_| ()))
            .map_err(|_| E::invalid_value(de::Unexpected::Other(text), &"an integer"))
            .map_err(|e: E| E::custom(format_args!("{field}: {e}")))?;
        Ok((n, self.span(text)))
    }
}

impl<'de> Visitor<'de> for HeadVisitor<'_> {
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
        let mut body_walked = false;
        // Whether a payload met now is walked for paths: not when the
        // name said before it, as the session reads it, never names a
        // file; then it is only checked, as another field is.
        let walked = |kind: Option<Kind>, command: &Option<Option<Name>>, event: &Option<Option<Name>>| {
            let name = match kind {
                Some(Kind::Event) => event,
                Some(_) => command,
                None => return true,
            };
            match name {
                Some(Some(name)) => path_fields::carries_paths(name.as_str(self.text)),
                _ => true,
            }
        };
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
                    if walked(kind, &command, &event) {
                        map.next_value_seed(Walk { base: self.base, paths: &mut paths, depth: 0, role: Role::Plain })?;
                    } else {
                        map.next_value::<serde_json::Value>()?;
                    }
                    arguments_paths = Some(paths);
                }
                Field::Body => {
                    once(&body_paths, "body")?;
                    let mut paths = PathSpans::default();
                    body_walked = walked(kind, &command, &event);
                    if body_walked {
                        map.next_value_seed(Walk { base: self.base, paths: &mut paths, depth: 0, role: Role::Plain })?;
                    } else {
                        map.next_value::<serde_json::Value>()?;
                    }
                    body_paths = Some(paths);
                }
                Field::Other => {
                    map.next_value::<serde_json::Value>()?;
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
            // Read from the parsed body: see the tests.
            frames: Vec::new(),
            body_walked,
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
