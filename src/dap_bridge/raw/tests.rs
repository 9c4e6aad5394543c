use serde_json::{Value, json};

use super::*;
use crate::dap_bridge::envelope::as_go_reads_it;
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
            assert_eq!(raw_way(text.as_bytes(), seq, rs, None), parsed_way(text.as_bytes(), seq, rs, None), "{text}");
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
    let escaped = br#"{"seq":1,"type":"response","command":"st\u0061ckTrace","body":{"source":{"path":"C:\\a.go"}}}"#;
    let m = RawMessage::parse(escaped.to_vec()).unwrap();
    assert_eq!(m.command(), "stackTrace");
    assert!(m.paths(Payload::Body).is_none(), "an escaped path is read only by a full parse");
    let deep = format!("{}{}{}", r#"{"type":"event","body":"#, "[".repeat(70), "]".repeat(70) + "}");
    assert!(RawMessage::parse(deep.into_bytes()).unwrap().paths(Payload::Body).unwrap().next().is_none());
}

/// A payload whose message's name never carries a file path (said
/// before it) is checked but not walked: no paths, no frames; said after
/// it, or another name, and it is walked.
#[test]
fn payloads_of_names_without_paths_are_only_checked() {
    let paths = |text: &str, payload| {
        let m = RawMessage::parse(text.as_bytes().to_vec()).unwrap();
        let frames = m.stack_frames().count();
        (m.paths(payload).map(|p| p.map(str::to_string).collect::<Vec<_>>()), frames)
    };
    let body = r#"{"source":{"path":"/a.go"},"stackFrames":[{"id":1}]}"#;
    let walked = (Some(vec!["/a.go".to_string()]), 1);
    let skipped = (Some(vec![]), 0);
    let cases = [
        (format!(r#"{{"type":"response","command":"variables","body":{body}}}"#), skipped.clone()),
        (format!(r#"{{"type":"response","command":"v\u0061riables","body":{body}}}"#), skipped.clone()),
        (format!(r#"{{"command":"variables","type":"response","body":{body}}}"#), skipped.clone()),
        (format!(r#"{{"type":"response","body":{body},"command":"variables"}}"#), walked.clone()),
        (format!(r#"{{"command":"variables","body":{body},"type":"response"}}"#), walked.clone()),
        (format!(r#"{{"type":"response","command":"stackTrace","body":{body}}}"#), walked.clone()),
        (format!(r#"{{"type":"response","command":null,"body":{body}}}"#), walked.clone()),
        (format!(r#"{{"type":"event","event":"stopped","body":{body}}}"#), skipped.clone()),
        (format!(r#"{{"type":"event","command":"variables","event":"output","body":{body}}}"#), walked.clone()),
        (format!(r#"{{"type":"event","event":"output","command":"variables","body":{body}}}"#), walked.clone()),
        (format!(r#"{{"type":"response","event":"stopped","command":"scopes","body":{body}}}"#), walked),
    ];
    for (text, want) in cases {
        assert_eq!(paths(&text, Payload::Body), want, "{text}");
        same_reading(&text);
    }
    let request = r#"{"type":"request","command":"evaluate","arguments":{"source":{"path":"C:\\a.go"}}}"#;
    assert_eq!(paths(request, Payload::Arguments), (Some(vec![]), 0), "an escaped path where none is read");
    let request = r#"{"type":"request","command":"source","arguments":{"source":{"path":"C:\\a.go"}}}"#;
    assert_eq!(paths(request, Payload::Arguments), (None, 0));
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
    let cases: [&[u8]; 14] = [
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
        // Beyond f64 in a field no rule reads: a rule that read the message
        // whole could not, and would lose it.
        br#"{"seq":1,"type":"request","command":"launch","x":1e400}"#,
        br#"{"seq":1,"type":"request","command":"launch","x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"#,
    ];
    for text in cases {
        assert!(Message::parse(text).is_err(), "{}", String::from_utf8_lossy(text));
        assert!(RawMessage::parse(text.to_vec()).is_err(), "{}", String::from_utf8_lossy(text));
    }
    let bad = b"{\"seq\":1,\"type\":\"event\",\"event\":\"output\",\"body\":{\"output\":\"\xff \\ud800\"}}";
    let raw: Value = serde_json::from_slice(&RawMessage::parse(bad.to_vec()).unwrap().into_bytes(1)).unwrap();
    assert_eq!(raw["body"]["output"], "\u{fffd} \u{fffd}");
    assert_eq!(raw, parsed_way(bad, 1, None, None));
    // Also in a field no rule reads: it goes on as Go reads it, and a rule
    // can read it whole.
    let bad = b"{\"seq\":1,\"type\":\"request\",\"command\":\"launch\",\"x\":\"\xff \\udc00\"}";
    let m = RawMessage::parse(bad.to_vec()).unwrap();
    let raw: Value = serde_json::from_slice(&m.clone().into_bytes(1)).unwrap();
    assert_eq!(raw["x"], "\u{fffd} \u{fffd}");
    assert_eq!(m.into_message().command(), "launch");
}

/// The scanner reads `text` as serde_json does: both refuse it, or both
/// find the same head; and so on the text repaired as Go reads it (what
/// [`RawMessage::parse`] reads next when the first reading fails).
fn check_same_reading(text: &[u8]) -> Result<(), String> {
    let mut texts = vec![text.to_vec()];
    texts.extend(as_go_reads_it(text));
    for text in texts {
        let scanned = scan::read_head(&text);
        let reference = oracle::read_head(&text);
        // The frames are compared with those of the parsed body below.
        let head = scanned.as_ref().ok().map(|h| Head { frames: Vec::new(), ..h.clone() });
        if head.as_ref() != reference.as_ref().ok() {
            return Err(format!(
                "{:?}\n  scanner: {scanned:?}\n  serde_json: {reference:?}",
                String::from_utf8_lossy(&text)
            ));
        }
        // What the scanner accepts can be read whole when a rule needs it
        // (`into_message`), and nothing else.
        let whole = serde_json::from_slice::<Message>(&text);
        if scanned.is_ok() != whole.is_ok() {
            return Err(format!(
                "{:?}\n  scanner: {scanned:?}\n  read whole: {:?}",
                String::from_utf8_lossy(&text),
                whole.err()
            ));
        }
        if let Ok(head) = scanned {
            let message = RawMessage::with_head(text.clone(), head);
            let read: Vec<_> = message.stack_frames().map(|f| (f.id, f.line, f.path.map(|p| p.into_owned()))).collect();
            // A body whose message's name never carries a path (the
            // oracle agreed above) is not walked: no frames.
            let parsed = if message.head.body_walked { frames_of_parsed_body(&text) } else { Vec::new() };
            if read != parsed {
                return Err(format!(
                    "{:?}\n  frames read: {read:?}\n  frames parsed: {parsed:?}",
                    String::from_utf8_lossy(&text)
                ));
            }
        }
    }
    Ok(())
}

/// The frames of `body.stackFrames` as `StoppedFrames::remember` reads
/// them from the parsed body.
fn frames_of_parsed_body(text: &[u8]) -> Vec<(Option<i64>, Option<u64>, Option<String>)> {
    #[derive(serde::Deserialize)]
    struct BodyOf {
        body: Option<Value>,
    }
    let body = serde_json::from_slice::<BodyOf>(text).expect("a message read is read again").body;
    let frames = body.as_ref().and_then(|b| b.get("stackFrames")).and_then(Value::as_array);
    frames
        .into_iter()
        .flatten()
        .filter(|f| f.is_object())
        .map(|f| {
            let path = f.pointer("/source/path").and_then(Value::as_str).map(str::to_string);
            (f.get("id").and_then(Value::as_i64), f.get("line").and_then(Value::as_u64), path)
        })
        .collect()
}

#[track_caller]
fn same_reading(text: impl AsRef<[u8]>) {
    if let Err(e) = check_same_reading(text.as_ref()) {
        panic!("{e}");
    }
}

fn nested(open: &str, close: &str, levels: usize, inner: &str) -> String {
    format!("{}{inner}{}", open.repeat(levels), close.repeat(levels))
}

#[test]
fn the_scanner_reads_edge_cases_as_serde_json_does() {
    let mut cases: Vec<String> = [
        // The message itself.
        "",
        " ",
        "{",
        "}",
        "[]",
        "null",
        "\"x\"",
        "{}",
        r#"{"type":"event"}"#,
        " \t\r\n{\"type\":\"event\"} \n",
        "\u{feff}{\"type\":\"event\"}",
        r#"{"type":"event",}"#,
        r#"{"type":"event"}}"#,
        r#"{"type":"event"} x"#,
        r#"{,"type":"event"}"#,
        r#"{"type":"event",,"seq":1}"#,
        r#"{"type":"event" "seq":1}"#,
        r#"{"type" "event"}"#,
        r#"{type:"event"}"#,
        r#"{'type':"event"}"#,
        r#"{"type":"event""#,
        r#"{"type":"event","#,
        // `type`.
        r#"{"type":"request"}"#,
        r#"{"type":"Request"}"#,
        r#"{"type":"bogus"}"#,
        r#"{"type":null}"#,
        r#"{"type":1}"#,
        r#"{"type":"r\u0065quest"}"#,
        r#"{"type":"req\uest"}"#,
        r#"{"type":{"request":null}}"#,
        r#"{"type": { "event" : null } }"#,
        r#"{"type":{"request":1}}"#,
        r#"{"type":{"request":null,"x":1}}"#,
        r#"{"type":{}}"#,
        r#"{"type":{"bogus":null}}"#,
        r#"{"type":{"request"}}"#,
        r#"{"type":["request"]}"#,
        r#"{"type":"event","type":"event"}"#,
        r#"{"type":"event","t\u0079pe":"event"}"#,
        // `seq` and `request_seq`.
        r#"{"seq":1,"type":"event"}"#,
        r#"{"seq":-0,"type":"event"}"#,
        r#"{"seq":01,"type":"event"}"#,
        r#"{"seq":1.0,"type":"event"}"#,
        r#"{"seq":1e2,"type":"event"}"#,
        r#"{"seq":"1","type":"event"}"#,
        r#"{"seq":null,"type":"event"}"#,
        r#"{"seq":[1],"type":"event"}"#,
        r#"{"seq": 7 ,"type":"event"}"#,
        r#"{"seq":9223372036854775807,"type":"event"}"#,
        r#"{"seq":9223372036854775808,"type":"event"}"#,
        r#"{"seq":-9223372036854775808,"type":"event"}"#,
        r#"{"seq":-,"type":"event"}"#,
        r#"{"seq":0,"type":"event"}"#,
        // Keys like the envelope's, and the envelope's written otherwise.
        r#"{"seqx":1,"type":"event","bodyx":1,"se":2,"s":3,"sequence":4,"typ":5,"":6}"#,
        r#"{"seq" :1,"type" : "event","body"  :{"source":{"path":"/a.go"}}}"#,
        r#"{"seq":1,"type":"event","seq":2}"#,
        r#"{"seq":1,"type":"event","succes":true,"success":true,"successx":1}"#,
        r#"{"seq":1,"type":"event","seq""#,
        r#"{"seq":1,"type":"event","seq"#,
        r#"{"seq"#,
        r#"{"#,
        r#"{"seq":-7,"type":"event"}"#,
        r#"{"seq":123456789012345678,"type":"event"}"#,
        r#"{"seq":1234567890123456789,"type":"event"}"#,
        r#"{"seq":-1234567890123456789,"type":"event"}"#,
        r#"{"seq":12345678901234567890,"type":"event"}"#,
        r#"{"seq":00,"type":"event"}"#,
        r#"{"seq":-01,"type":"event"}"#,
        r#"{"seq":1E2,"type":"event"}"#,
        r#"{"seq":12.5,"type":"event"}"#,
        r#"{"seq":1x,"type":"event"}"#,
        r#"{"seq":1}"#,
        // Payloads of names that never carry a path: checked, not walked.
        r#"{"type":"response","command":"variables","body":{"source":{"path":"/a.go"},"stackFrames":[{"id":1}]}}"#,
        r#"{"type":"response","body":{"source":{"path":"/a.go"},"stackFrames":[{"id":1}]},"command":"variables"}"#,
        r#"{"command":"variables","body":{"source":{"path":"/a.go"}},"type":"response"}"#,
        r#"{"type":"event","command":"variables","body":{"source":{"path":"/a.go"}},"event":"output"}"#,
        r#"{"type":"event","event":"stopped","body":{"source":{"path":"/a.go"}}}"#,
        r#"{"type":"event","event":"output","command":"variables","body":{"source":{"path":"/a.go"}}}"#,
        r#"{"type":"request","command":"ev\u0061luate","arguments":{"source":{"path":"C:\\a.go"}}}"#,
        r#"{"type":"request","command":"evaluate","arguments":{"source":{"path":1e400}}}"#,
        r#"{"type":"request","command":"evaluate","arguments":{"a":[1,}}"#,
        r#"{"type":"request","command":null,"arguments":{"source":{"path":"/a.go"}}}"#,
        r#"{"seq":,"type":"event"}"#,
        r#"{"seq":1,"seq":1,"type":"event"}"#,
        r#"{"s\u0065q":5,"type":"event"}"#,
        r#"{"seq":1,"s\u0065q":2,"type":"event"}"#,
        r#"{"type":"response","request_seq":null}"#,
        r#"{"type":"response","request_seq":3}"#,
        r#"{"type":"response","request_seq":null,"request_seq":3}"#,
        r#"{"type":"response","request_seq":"3"}"#,
        r#"{"type":"response","request_seq":nul}"#,
        r#"{"type":"response","request_seq":nullx}"#,
        // `command`, `event`, `message`, `success`.
        r#"{"type":"request","command":"next"}"#,
        r#"{"type":"request","command":"n\u0065xt"}"#,
        r#"{"type":"request","command":null}"#,
        r#"{"type":"request","command":1}"#,
        r#"{"type":"request","command":"a","command":"b"}"#,
        r#"{"type":"request","command":null,"command":"b"}"#,
        r#"{"type":"event","event":"\ud83d\ude00"}"#,
        r#"{"type":"event","event":"\ud83d"}"#,
        r#"{"type":"event","event":"\ude00"}"#,
        r#"{"type":"event","event":"\ud83d\u0041"}"#,
        r#"{"type":"event","event":"\ud83d\n"}"#,
        r#"{"type":"event","event":"a\/b\"\\\b\f\n\r\t"}"#,
        r#"{"type":"response","message":null,"message":"x"}"#,
        r#"{"type":"response","message":"a","message":"b"}"#,
        r#"{"type":"response","message":{}}"#,
        r#"{"type":"response","success":true}"#,
        r#"{"type":"response","success":null}"#,
        r#"{"type":"response","success":"true"}"#,
        r#"{"type":"response","success":tru}"#,
        r#"{"type":"response","success":false,"success":true}"#,
        // Fields the bridge does not read: skipped, not decoded.
        r#"{"type":"event","x":"\ud800"}"#,
        r#"{"type":"event","x":{"\ud800":1}}"#,
        r#"{"type":"event","x":1e400}"#,
        r#"{"type":"event","x":01}"#,
        r#"{"type":"event","x":1.}"#,
        r#"{"type":"event","x":.5}"#,
        r#"{"type":"event","x":1e}"#,
        r#"{"type":"event","x":-}"#,
        r#"{"type":"event","x":[1,]}"#,
        r#"{"type":"event","x":{"a":1,}}"#,
        r#"{"type":"event","x":{"a" 1}}"#,
        r#"{"type":"event","x":{1:1}}"#,
        r#"{"type":"event","x":[1 2]}"#,
        r#"{"type":"event","x":[}"#,
        r#"{"type":"event","x":{]}"#,
        r#"{"type":"event","x":"\x"}"#,
        r#"{"type":"event","x":"\u12"}"#,
        r#"{"type":"event","x":"\u12g4"}"#,
        r#"{"type":"event","x":1,"x":2}"#,
        r#"{"type":"event","x":[[],{},[{}],{"a":[]}]}"#,
        r#"{"type":"event","x":[ ] , "y" : { } }"#,
        // Payloads: read in full.
        r#"{"type":"event","body":1e308}"#,
        r#"{"type":"event","body":1.7976931348623157e308}"#,
        r#"{"type":"event","body":1.7976931348623159e308}"#,
        r#"{"type":"event","body":1.8e308}"#,
        r#"{"type":"event","body":-1e400}"#,
        r#"{"type":"event","body":1e-400}"#,
        r#"{"type":"event","body":0e999999}"#,
        r#"{"type":"event","body":0.0000e400}"#,
        r#"{"type":"event","body":1E+2}"#,
        r#"{"type":"event","body":1e-2}"#,
        r#"{"type":"event","body":"\ud800"}"#,
        r#"{"type":"event","body":{"\ud800":1}}"#,
        r#"{"type":"event","body":01}"#,
        r#"{"type":"event","body":[1,]}"#,
        r#"{"type":"event","body":{"a":1,}}"#,
        r#"{"type":"event","body":{,}}"#,
        r#"{"type":"event","body":[,1]}"#,
        r#"{"type":"event","body":nulll}"#,
        r#"{"type":"event","body":-0.0e-0}"#,
        r#"{"type":"event","body":{}, "body":{}}"#,
        r#"{"type":"request","arguments":[],"arguments":[]}"#,
        // Paths.
        r#"{"type":"event","body":{"source":{"path":"/a.go"}}}"#,
        r#"{"type":"event","body":{"source":{"path":"C:\\a.go"}}}"#,
        r#"{"type":"event","body":{"s\u006furce":{"p\u0061th":"/a.go"}}}"#,
        r#"{"type":"event","body":{"source":{"path":3}}}"#,
        r#"{"type":"event","body":{"source":[{"path":"/a.go"}]}}"#,
        r#"{"type":"event","body":{"sources":[{"path":"/a"},{"path":"/b"},3]}}"#,
        r#"{"type":"event","body":{"sources":{"path":"/a"}}}"#,
        r#"{"type":"event","body":{"location":{"path":"/a","path":"/b"}}}"#,
        r#"{"type":"event","body":{"source":{"source":{"path":"/a"}}}}"#,
        r#"{"type":"event","body":{"path":"/a"}}"#,
        r#"{"type":"event","body":[{"source":{"path":"/a"}}],"x":{"source":{"path":"/b"}}}"#,
        r#"{"type":"request","arguments":{"source":{"path":"/a"}},"body":{"source":{"path":"/b"}}}"#,
        // The frames of a stack trace.
        r#"{"type":"response","body":{"stackFrames":[{"id":1000,"name":"main.main","source":{"name":"main.go","path":"/a.go"},"line":9,"column":0}],"totalFrames":1}}"#,
        r#"{"type":"response","body":{"stackFrames":[{"id":1,"line":2},{"id":1,"id":"x","line":3,"line":4},{"id":-0},{"id":-1},{"id":1.0},{"id":1e2}]}}"#,
        r#"{"type":"response","body":{"stackFrames":[{"id":9223372036854775807},{"id":9223372036854775808},{"id":-9223372036854775808},{"id":-9223372036854775809}]}}"#,
        r#"{"type":"response","body":{"stackFrames":[{"line":-1},{"line":-0},{"line":18446744073709551615},{"line":18446744073709551616},{"line":0.5},{"line":"7"}]}}"#,
        r#"{"type":"response","body":{"stackFrames":[{"source":{"path":"/a","path":"/b"}},{"source":{"path":"/a"},"source":{}},{"source":{"path":"/a"},"source":null},{"source":["/a"]},{"source":{"path":7}}]}}"#,
        r#"{"type":"response","body":{"stackFrames":[{"source":{"path":"C:\\a.go"}},{"source":{"path":"/é"}},{"id":5}]}}"#,
        r#"{"type":"response","body":{"stackFrames":[1,null,[{"id":1}],{"id":2,"frame":{"id":3}}]}}"#,
        r#"{"type":"response","body":{"stackFrames":[{"id":1}],"stackFrames":[{"id":2}]}}"#,
        r#"{"type":"response","body":{"stackFrames":[{"id":1}],"stackFrames":{"id":2}}}"#,
        r#"{"type":"response","body":{"x":{"stackFrames":[{"id":1}]}},"arguments":{"stackFrames":[{"id":1}]}}"#,
        r#"{"type":"response","body":[{"stackFrames":[{"id":1}]}]}"#,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Bytes that are not UTF-8 and control characters, in each place.
    for (field, value) in [("x", "\"a\u{1}b\""), ("body", "\"a\u{1}b\""), ("event", "\"a\u{7f}\"")] {
        cases.push(format!(r#"{{"type":"event","{field}":{value}}}"#));
    }
    // Nesting: serde_json's limit for the payloads, none for other fields.
    for levels in [1, 120, 125, 126, 127, 128, 129, 200] {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            for field in ["body", "arguments", "x", "seq", "type"] {
                cases.push(format!(r#"{{"type":"event","{field}":{}}}"#, nested(open, close, levels, "1")));
            }
        }
        let source = nested("{\"k\":", "}", levels, r#"{"source":{"path":"/a"}}"#);
        cases.push(format!(r#"{{"type":"event","body":{source}}}"#));
    }
    cases.push(format!(r#"{{"type":"event","x":{}}}"#, nested("[", "]", 100_000, "")));
    cases.push(format!(r#"{{"type":"event","x":{}}}"#, nested("[", "]", 100_000, "").replacen(']', "", 1)));
    // Long numbers, around where serde_json's f64 runs out.
    for digits in [19, 20, 299, 300, 301, 308, 309, 310, 400] {
        for field in ["body", "x", "seq"] {
            for number in
                ["9".repeat(digits), format!("1{}", "0".repeat(digits - 1)), format!("0.{}", "9".repeat(digits))]
            {
                cases.push(format!(r#"{{"type":"event","{field}":{number}}}"#));
                cases.push(format!(r#"{{"type":"event","{field}":-{number}e-2}}"#));
            }
        }
    }
    for case in &cases {
        same_reading(case);
    }
    let mut raw: Vec<Vec<u8>> = Vec::new();
    for field in ["x", "body", "event", "type", "p\\u0061th"] {
        for bytes in [&b"\xff"[..], b"\xc3", b"\xc3\xa9", b"\xe2\x82", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"a\xc3"] {
            let mut text = format!(r#"{{"type":"event","{field}":""#).into_bytes();
            text.extend_from_slice(bytes);
            text.extend_from_slice(br#""}"#);
            raw.push(text);
        }
    }
    raw.push(b"{\"type\":\"event\",\"body\":{\"source\":{\"path\":\"/\xff\"}}}".to_vec());
    raw.push(b"{\"type\":\"event\",\"body\":{\"source\":{\"path\":\"\\ud800\"}}}".to_vec());
    raw.push(b"{\"type\":\"event\",\"body\":{\"\xff\":1}}".to_vec());
    raw.push(b"{\"type\":\"event\",\"x\":{\"\xff\":1}}".to_vec());
    for text in &raw {
        same_reading(text);
    }
}

mod props {
    use proptest::prelude::*;

    use super::check_same_reading;

    /// A string as JSON text: plain, escaped, with surrogates alone or in
    /// pairs, not UTF-8, with a control character.
    fn string() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            4 => Just(b"\"/build/app/main.go\"".to_vec()),
            2 => "[a-z/._ é]{0,12}".prop_map(|s| format!("\"{s}\"").into_bytes()),
            1 => Just(br#""C:\\src\\a.go""#.to_vec()),
            1 => Just(br#""\ud83d\ude00 \u00e9\n\/""#.to_vec()),
            1 => Just(br#""\ud800""#.to_vec()),
            1 => Just(br#""\udc00x""#.to_vec()),
            1 => Just(b"\"\xff\xfe\"".to_vec()),
            1 => Just(b"\"\x01\"".to_vec()),
        ]
    }

    fn key() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            3 => prop::sample::select(vec![
                "source", "location", "sources", "path", "name", "id", "line", "stackFrames", "seq", "type",
            ])
            .prop_map(|k| format!("\"{k}\"").into_bytes()),
            1 => prop::sample::select(vec![&br#""p\u0061th""#[..], br#""s\u006furce""#, br#""\ud800""#, b"\"\xff\""])
                .prop_map(|k| k.to_vec()),
            1 => string(),
        ]
    }

    fn number() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            3 => any::<i64>().prop_map(|n| n.to_string().into_bytes()),
            1 => any::<f64>().prop_map(|n| format!("{n:e}").into_bytes()),
            1 => prop::sample::select(vec![
                "0", "-0", "1.5", "1e400", "-1e400", "1e-400", "1.8e308", "1.7e308", "9223372036854775808", "01", "1.",
                ".5", "1e", "-", "0e5", "1E+2",
            ])
            .prop_map(|n| n.as_bytes().to_vec()),
        ]
    }

    fn value() -> impl Strategy<Value = Vec<u8>> {
        let leaf = prop_oneof![
            2 => number(),
            3 => string(),
            1 => prop::sample::select(vec!["null", "true", "false"]).prop_map(|w| w.as_bytes().to_vec()),
        ];
        leaf.prop_recursive(6, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(|items| {
                    let mut out = b"[".to_vec();
                    out.extend(items.join(&b","[..]));
                    out.push(b']');
                    out
                }),
                prop::collection::vec((key(), inner), 0..5).prop_map(|members| {
                    let mut out = b"{".to_vec();
                    let members: Vec<Vec<u8>> =
                        members.into_iter().map(|(k, v)| [k, b":".to_vec(), v].concat()).collect();
                    out.extend(members.join(&b","[..]));
                    out.push(b'}');
                    out
                }),
            ]
        })
    }

    /// A member of a message: a routing field with a value of its kind or
    /// any value, or another field.
    fn member() -> impl Strategy<Value = Vec<u8>> {
        let field = prop::sample::select(vec![
            "seq",
            "type",
            "command",
            "event",
            "request_seq",
            "success",
            "message",
            "arguments",
            "body",
            "x",
            "s\\u0065q",
            "t\\u0079pe",
        ]);
        let typed = prop_oneof![
            prop::sample::select(vec![
                "\"request\"",
                "\"response\"",
                "\"event\"",
                "\"bogus\"",
                "{\"event\":null}",
                "null",
                "\"stackTrace\"",
                "\"variables\"",
                "\"stopped\"",
                "\"ev\\u0061luate\"",
                "true",
                "12",
                "-3",
                "1.0",
            ])
            .prop_map(|v| v.as_bytes().to_vec()),
            value(),
            trace_body(),
        ];
        (field, typed).prop_map(|(f, v)| [format!("\"{f}\":").into_bytes(), v].concat())
    }

    /// A body of a `stackTrace` answer, its frames with keys of frames.
    fn trace_body() -> impl Strategy<Value = Vec<u8>> {
        let field = prop::sample::select(vec!["id", "line", "source", "path", "name", "i\\u0064"]);
        let frame = prop::collection::vec((field, value()), 0..5).prop_map(|members| {
            let members: Vec<Vec<u8>> =
                members.into_iter().map(|(k, v)| [format!("\"{k}\":").into_bytes(), v].concat()).collect();
            [b"{".to_vec(), members.join(&b","[..]), b"}".to_vec()].concat()
        });
        let frame = prop_oneof![4 => frame, 1 => value()];
        prop::collection::vec(frame, 0..4)
            .prop_map(|frames| [b"{\"stackFrames\":[".to_vec(), frames.join(&b","[..]), b"]}".to_vec()].concat())
    }

    fn message() -> impl Strategy<Value = Vec<u8>> {
        (Just(b"\"type\":\"event\"".to_vec()), prop::collection::vec(member(), 0..7), any::<prop::sample::Index>())
            .prop_map(|(kind, mut members, at)| {
                // Usually with a type, anywhere among the members.
                members.insert(at.index(members.len() + 1), kind);
                let mut out = b"{".to_vec();
                out.extend(members.join(&b","[..]));
                out.push(b'}');
                out
            })
    }

    /// Small edits of the JSON kind: a byte or a token put in, a byte taken
    /// out or changed.
    fn mutated() -> impl Strategy<Value = Vec<u8>> {
        let edit = (
            0..3u8,
            any::<prop::sample::Index>(),
            prop::sample::select(vec![
                "{",
                "}",
                "[",
                "]",
                "\"",
                ",",
                ":",
                "\\",
                "\\u",
                "\\ud800",
                "\\udc00",
                " ",
                "\n",
                "null",
                "1e400",
                "-",
                "0",
                "e",
                ".",
                "\u{1}",
                "\"seq\":1,",
                "\"type\":\"event\",",
                "\"body\":",
                "\"path\":\"/p\"",
                "\"source\":{\"path\":\"/a\"}",
                "{\"a\":",
                "[[",
            ]),
            any::<u8>(),
        );
        (message(), prop::collection::vec(edit, 0..4)).prop_map(|(mut text, edits)| {
            for (what, at, token, byte) in edits {
                let i = at.index(text.len() + 1);
                match what {
                    0 => {
                        text.splice(i..i, token.bytes());
                    }
                    1 if i < text.len() => {
                        text.remove(i);
                    }
                    _ if i < text.len() => text[i] = byte,
                    _ => text.push(byte),
                }
            }
            text
        })
    }

    proptest! {
        // PROPTEST_CASES raises the count for long runs (scripts/fuzz).
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(4_000),
            ..ProptestConfig::default()
        })]

        #[test]
        fn the_scanner_reads_messages_as_serde_json_does(text in message()) {
            check_same_reading(&text).map_err(TestCaseError::fail)?;
        }

        #[test]
        fn the_scanner_reads_edited_messages_as_serde_json_does(text in mutated()) {
            check_same_reading(&text).map_err(TestCaseError::fail)?;
        }

        #[test]
        fn the_scanner_reads_any_bytes_as_serde_json_does(text in prop::collection::vec(any::<u8>(), 0..64)) {
            check_same_reading(&text).map_err(TestCaseError::fail)?;
        }
    }
}
