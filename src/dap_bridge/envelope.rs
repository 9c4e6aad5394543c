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

    pub fn parse(bytes: &[u8]) -> Result<Message, serde_json::Error> {
        serde_json::from_slice(bytes)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        // Serializing a Value tree cannot fail (keys are strings).
        serde_json::to_vec(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
