//! The DAP side's input from a peer: `Content-Length` frames read with the
//! bridge's codec, each body read as an envelope, written back and read
//! again (pass-through keeps every field), its paths rewritten both ways
//! and redacted for the log. Never a panic; a body never over the limit.
#![no_main]

use dlvbridge::dap_bridge::envelope::Message;
use dlvbridge::dap_bridge::path_fields::{self, Direction};
use dlvbridge::dap_bridge::redact;
use dlvbridge::framing::{self, FrameLimits};
use dlvbridge::paths::{PathMapper, PathRule};
use libfuzzer_sys::fuzz_target;

const LIMITS: FrameLimits = FrameLimits { max_header_line: 256, max_headers: 8, max_body: 1 << 16 };

fn mapper() -> PathMapper {
    PathMapper::new(vec![
        PathRule::user("/home/dev/proj", "/app"),
        PathRule::user("C:\\Users\\dev\\proj", "/build"),
        PathRule::user("", "/rel"),
    ])
}

fuzz_target!(|data: &[u8]| {
    // A tiny buffer: header lines and bodies arrive in many pieces.
    let mut reader = std::io::BufReader::with_capacity(7, data);
    let mapper = mapper();
    for _ in 0..64 {
        let body = match framing::read_frame_blocking(&mut reader, &LIMITS) {
            Ok(Some(body)) => body,
            Ok(None) | Err(_) => break,
        };
        assert!(body.len() <= LIMITS.max_body);
        let _ = redact::for_log(&body);
        let Ok(message) = Message::parse(&body) else { continue };
        let written = message.to_bytes();
        let again = Message::parse(&written).expect("what the bridge writes, it reads");
        assert_eq!(again, message, "a message survives being written and read");
        let Ok(mut value) = serde_json::to_value(&message) else { continue };
        path_fields::rewrite(&mut value, &mapper, Direction::ToDelve);
        path_fields::rewrite(&mut value, &mapper, Direction::ToEditor);
        let mut framed = Vec::new();
        framing::write_frame_blocking(&mut framed, &written).expect("a frame is written");
        let mut back = std::io::BufReader::new(&framed[..]);
        let read = framing::read_frame_blocking(&mut back, &FrameLimits::default()).expect("our frame reads");
        assert_eq!(read.as_deref(), Some(&written[..]), "a frame we write reads back whole");
    }
});
