//! The one `Content-Length` codec, for DAP and LSP alike: a frame is
//! `Content-Length: N\r\n` (other headers ignored), a blank line, then N bytes.
//!
//! Reading never panics and never trusts the peer: header lines and bodies
//! are bounded, and every malformed input is a [`FrameError`] that says what
//! was wrong, so the adapter can log it and close cleanly.

use std::fmt;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// Bounds on what a peer may send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameLimits {
    /// The longest header line, in bytes, line ending included.
    pub max_header_line: usize,
    /// The most header lines before the blank line.
    pub max_headers: usize,
    /// The largest body, in bytes (a Delve `variables` response of a big
    /// slice can be tens of megabytes).
    pub max_body: usize,
}

impl Default for FrameLimits {
    fn default() -> Self {
        FrameLimits { max_header_line: 1024, max_headers: 16, max_body: 512 * 1024 * 1024 }
    }
}

#[derive(Debug)]
pub enum FrameError {
    Io(std::io::Error),
    /// The stream ended inside a frame.
    UnexpectedEof {
        what: &'static str,
    },
    HeaderLineTooLong {
        limit: usize,
    },
    TooManyHeaders {
        limit: usize,
    },
    /// A header line without a colon, or not UTF-8.
    BadHeader {
        line: String,
    },
    MissingContentLength,
    BadContentLength {
        value: String,
    },
    BodyTooLarge {
        len: usize,
        limit: usize,
    },
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::Io(e) => write!(f, "read error: {e}"),
            FrameError::UnexpectedEof { what } => write!(f, "stream ended inside a frame ({what})"),
            FrameError::HeaderLineTooLong { limit } => write!(f, "header line longer than {limit} bytes"),
            FrameError::TooManyHeaders { limit } => write!(f, "more than {limit} header lines"),
            FrameError::BadHeader { line } => write!(f, "malformed header line {line:?}"),
            FrameError::MissingContentLength => f.write_str("frame without a Content-Length header"),
            FrameError::BadContentLength { value } => write!(f, "invalid Content-Length {value:?}"),
            FrameError::BodyTooLarge { len, limit } => {
                write!(f, "frame body of {len} bytes is larger than the {limit}-byte limit")
            }
        }
    }
}

impl std::error::Error for FrameError {}

impl From<std::io::Error> for FrameError {
    fn from(e: std::io::Error) -> Self {
        FrameError::Io(e)
    }
}

/// Reads one header line (up to and including `\n`) without buffering more
/// than `limit` bytes. `Ok(None)` on EOF before any byte.
async fn read_header_line<R: AsyncBufRead + Unpin>(r: &mut R, limit: usize) -> Result<Option<Vec<u8>>, FrameError> {
    let mut line = Vec::new();
    loop {
        let buf = r.fill_buf().await?;
        if buf.is_empty() {
            if line.is_empty() {
                return Ok(None);
            }
            return Err(FrameError::UnexpectedEof { what: "headers" });
        }
        let (take, done) = match buf.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        if line.len() + take > limit {
            return Err(FrameError::HeaderLineTooLong { limit });
        }
        line.extend_from_slice(&buf[..take]);
        r.consume(take);
        if done {
            return Ok(Some(line));
        }
    }
}

/// Reads one frame's body. `Ok(None)` on a clean EOF between frames.
pub async fn read_frame<R: AsyncBufRead + Unpin>(
    r: &mut R,
    limits: &FrameLimits,
) -> Result<Option<Vec<u8>>, FrameError> {
    let mut content_length: Option<usize> = None;
    let mut headers = 0usize;
    loop {
        let Some(line) = read_header_line(r, limits.max_header_line).await? else {
            if headers == 0 {
                return Ok(None);
            }
            return Err(FrameError::UnexpectedEof { what: "headers" });
        };
        let text = std::str::from_utf8(&line)
            .map_err(|_| FrameError::BadHeader { line: String::from_utf8_lossy(&line).into_owned() })?;
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if headers == 0 {
                // Tolerate blank lines between frames.
                continue;
            }
            break;
        }
        headers += 1;
        if headers > limits.max_headers {
            return Err(FrameError::TooManyHeaders { limit: limits.max_headers });
        }
        let Some((name, value)) = text.split_once(':') else {
            return Err(FrameError::BadHeader { line: text.to_string() });
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let value = value.trim();
            let len: usize = value.parse().map_err(|_| FrameError::BadContentLength { value: value.to_string() })?;
            if len > limits.max_body {
                return Err(FrameError::BodyTooLarge { len, limit: limits.max_body });
            }
            content_length = Some(len);
        }
    }
    let len = content_length.ok_or(FrameError::MissingContentLength)?;
    let mut body = vec![0u8; len];
    r.read_exact(&mut body).await.map_err(|e| match e.kind() {
        std::io::ErrorKind::UnexpectedEof => FrameError::UnexpectedEof { what: "body" },
        _ => FrameError::Io(e),
    })?;
    Ok(Some(body))
}

/// The bytes of one frame around `body`.
pub fn encode_frame(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 32);
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body);
    out
}

/// Writes one frame and flushes.
pub async fn write_frame<W: AsyncWrite + Unpin>(w: &mut W, body: &[u8]) -> std::io::Result<()> {
    w.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes()).await?;
    w.write_all(body).await?;
    w.flush().await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &[u8], limits: FrameLimits) -> Vec<Result<Option<Vec<u8>>, String>> {
        read_all_with(input, limits, 7)
    }

    fn read_all_with(input: &[u8], limits: FrameLimits, buffer: usize) -> Vec<Result<Option<Vec<u8>>, String>> {
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        rt.block_on(async {
            let mut r = tokio::io::BufReader::with_capacity(buffer, input);
            let mut out = Vec::new();
            loop {
                let res = read_frame(&mut r, &limits).await.map_err(|e| e.to_string());
                let stop = !matches!(res, Ok(Some(_)));
                out.push(res);
                if stop {
                    return out;
                }
            }
        })
    }

    #[test]
    fn reads_frames_and_clean_eof() {
        let mut input = encode_frame(br#"{"a":1}"#);
        input.extend(b"content-length:2\r\nContent-Type: x\r\n\r\n{}");
        let got = read_all(&input, FrameLimits::default());
        assert_eq!(got, vec![Ok(Some(br#"{"a":1}"#.to_vec())), Ok(Some(b"{}".to_vec())), Ok(None)]);
    }

    #[test]
    fn rejects_malformed_input() {
        let limits = FrameLimits { max_header_line: 40, max_headers: 3, max_body: 10 };
        let cases: [(&[u8], &str); 7] = [
            (b"Content-Length: 5\r\n\r\n{}", "stream ended inside a frame (body)"),
            (b"Content-Length: 5\r\n", "stream ended inside a frame (headers)"),
            (b"Content-Length: 11\r\n\r\n", "frame body of 11 bytes is larger than the 10-byte limit"),
            (b"Content-Length: x\r\n\r\n", "invalid Content-Length \"x\""),
            (b"X: 1\r\n\r\n", "frame without a Content-Length header"),
            (b"garbage\r\n\r\n", "malformed header line \"garbage\""),
            (b"A: 1\r\nA: 1\r\nA: 1\r\nA: 1\r\n\r\n", "more than 3 header lines"),
        ];
        for (input, want) in cases {
            let got = read_all(input, limits);
            assert_eq!(got.last().unwrap(), &Err(want.to_string()), "input {:?}", String::from_utf8_lossy(input));
        }
        let long = format!("Content-Length: 1{}\r\n\r\n", " ".repeat(100));
        assert_eq!(read_all(long.as_bytes(), limits), vec![Err("header line longer than 40 bytes".to_string())]);
        assert_eq!(read_all(b"\xff\xfe: 1\r\n\r\n", limits).len(), 1);
    }

    #[test]
    fn a_50_mb_variables_response_passes_intact() {
        let value = "x".repeat(50 * 1024 * 1024);
        let body = serde_json::to_vec(&serde_json::json!({
            "seq": 9, "type": "response", "command": "variables", "request_seq": 4, "success": true,
            "body": {"variables": [{"name": "big", "value": value, "variablesReference": 0}]}
        }))
        .unwrap();
        let got = read_all_with(&encode_frame(&body), FrameLimits::default(), 64 * 1024);
        assert_eq!(got.len(), 2);
        let frame = got[0].as_ref().unwrap().as_ref().unwrap();
        let msg = crate::dap_bridge::envelope::Message::parse(frame).unwrap();
        assert_eq!(msg.to_bytes().len(), body.len());
        assert_eq!(msg.body.unwrap()["variables"][0]["value"].as_str().unwrap().len(), value.len());
    }
}
