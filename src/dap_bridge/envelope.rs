//! The DAP envelope: typed where the bridge routes (seq, type, command or
//! event, request_seq, success, message), `serde_json::Value` for the
//! payload, and every other field kept in `rest` so nothing a peer sends is
//! dropped on the way through.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Request,
    Response,
    Event,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    #[serde(default)]
    pub seq: i64,
    #[serde(rename = "type")]
    pub kind: Kind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_seq: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// Fields this bridge does not know; they survive the round trip.
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

impl Message {
    pub fn request(command: &str, arguments: Value) -> Message {
        Message {
            seq: 0,
            kind: Kind::Request,
            command: Some(command.to_string()),
            event: None,
            request_seq: None,
            success: None,
            message: None,
            arguments: Some(arguments),
            body: None,
            rest: Map::new(),
        }
    }

    pub fn event(event: &str, body: Value) -> Message {
        Message {
            seq: 0,
            kind: Kind::Event,
            command: None,
            event: Some(event.to_string()),
            request_seq: None,
            success: None,
            message: None,
            arguments: None,
            body: Some(body),
            rest: Map::new(),
        }
    }

    /// A successful response to `req` carrying `body`.
    pub fn response_to(req_seq: i64, command: &str, body: Value) -> Message {
        Message {
            seq: 0,
            kind: Kind::Response,
            command: Some(command.to_string()),
            event: None,
            request_seq: Some(req_seq),
            success: Some(true),
            message: None,
            arguments: None,
            body: Some(body),
            rest: Map::new(),
        }
    }

    /// A failed response; `text` goes to `message` and `body.error.format`
    /// (where VS Code and Delve's own errors put the details).
    pub fn error_to(req_seq: i64, command: &str, text: &str) -> Message {
        let mut m = Message::response_to(
            req_seq,
            command,
            serde_json::json!({"error": {"id": 9000, "format": text, "showUser": true}}),
        );
        m.success = Some(false);
        m.message = Some(text.to_string());
        m
    }

    pub fn command(&self) -> &str {
        self.command.as_deref().unwrap_or("")
    }

    pub fn event_name(&self) -> &str {
        self.event.as_deref().unwrap_or("")
    }

    pub fn is_success(&self) -> bool {
        self.success == Some(true)
    }

    /// Reads a message as Delve's `encoding/json` reads it: bytes that are
    /// not UTF-8 and escaped surrogates that are not half of a pair
    /// (`"\ud800"`) become U+FFFD instead of failing, so the bridge passes
    /// on exactly what Delve would have understood.
    pub fn parse(bytes: &[u8]) -> Result<Message, serde_json::Error> {
        serde_json::from_slice(bytes).or_else(|e| match as_go_reads_it(bytes) {
            Some(repaired) => serde_json::from_slice(&repaired).map_err(|_| e),
            None => Err(e),
        })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        // Serializing a Value tree cannot fail (keys are strings).
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// `bytes` with what Go's JSON decoder reads as U+FFFD replaced by it:
/// bytes that are not UTF-8, and `\uXXXX` escapes of a surrogate that is
/// not half of a pair. `None` when there is nothing of the kind.
fn as_go_reads_it(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut text = String::from_utf8_lossy(bytes).into_owned().into_bytes();
    let mut changed = text != bytes;
    let mut i = 0;
    while i < text.len() {
        if text[i] != b'\\' {
            i += 1;
            continue;
        }
        let Some(unit) = escaped_unit(&text, i) else {
            // Another escape: its second byte never starts one.
            i += 2;
            continue;
        };
        let high = (0xD800..0xDC00).contains(&unit);
        if high && escaped_unit(&text, i + 6).is_some_and(|low| (0xDC00..0xE000).contains(&low)) {
            i += 12;
            continue;
        }
        if (0xD800..0xE000).contains(&unit) {
            text[i..i + 6].copy_from_slice(br"\ufffd");
            changed = true;
        }
        i += 6;
    }
    changed.then_some(text)
}

/// The UTF-16 unit of a `\uXXXX` escape at `i`.
fn escaped_unit(text: &[u8], i: usize) -> Option<u16> {
    if text.get(i..i + 2)? != br"\u" {
        return None;
    }
    let hex = std::str::from_utf8(text.get(i + 2..i + 6)?).ok()?;
    u16::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `expression` of an `evaluate` request whose JSON text holds it as `raw`.
    fn expression_read(raw: &[u8]) -> String {
        let mut body = br#"{"seq":1,"type":"request","command":"evaluate","arguments":{"expression":""#.to_vec();
        body.extend_from_slice(raw);
        body.extend_from_slice(br#""}}"#);
        let m = Message::parse(&body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&body)));
        m.arguments.unwrap()["expression"].as_str().unwrap().to_string()
    }

    #[test]
    fn lone_surrogates_and_bytes_not_utf8_read_as_go_reads_them() {
        let cases: [(&[u8], &str); 9] = [
            (br"a\ud800b", "a\u{fffd}b"),
            (br"\udc00", "\u{fffd}"),
            (br"\ud800\ud800", "\u{fffd}\u{fffd}"),
            (br"\ud83d\ude00 \ud83d", "😀 \u{fffd}"),
            (br"\\ud800", r"\ud800"),
            (br"\\\ud800", "\\\u{fffd}"),
            (br"\u00e9\n", "é\n"),
            (b"\xff\xfe!", "\u{fffd}\u{fffd}!"),
            (b"\xc3\x28 \\ud800", "\u{fffd}( \u{fffd}"),
        ];
        for (raw, want) in cases {
            assert_eq!(expression_read(raw), want, "{}", String::from_utf8_lossy(raw));
        }
        // Still not JSON: still an error.
        assert!(Message::parse(br#"{"seq":1,"type":"request","command":"x","arguments":"\ud800"#).is_err());
    }

    #[test]
    fn unknown_fields_survive() {
        let text = r#"{"seq":3,"type":"request","command":"launch","arguments":{"mode":"exec","dlvFlags":["-x"],"__x":{"y":[1,2.5,null]}},"__extra":true,"z":{"a":"b"}}"#;
        let m = Message::parse(text.as_bytes()).unwrap();
        assert_eq!(m.command(), "launch");
        let back: Value = serde_json::from_slice(&m.to_bytes()).unwrap();
        let orig: Value = serde_json::from_str(text).unwrap();
        assert_eq!(back, orig);
    }

    #[test]
    fn rejects_non_dap() {
        assert!(Message::parse(b"[1,2]").is_err());
        assert!(Message::parse(br#"{"seq":1,"type":"bogus"}"#).is_err());
        assert!(Message::parse(b"{").is_err());
    }
}
