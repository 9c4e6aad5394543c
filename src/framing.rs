//! The one `Content-Length` codec, for DAP and LSP alike: a frame is
//! `Content-Length: N\r\n` (other headers ignored), a blank line, then N bytes.
//!
//! Reading never panics and never trusts the peer: header lines and bodies
//! are bounded, and every malformed input is a [`FrameError`] that says what
//! was wrong, so the adapter can log it and close cleanly.

use std::fmt;
use std::io::{BufRead, Write};

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

/// The headers of one frame, fed one line at a time by either reader.
#[derive(Default)]
struct Headers {
    content_length: Option<usize>,
    count: usize,
}

/// What one header line means for the frame.
enum HeaderLine {
    /// More header lines follow.
    More,
    /// The blank line after the headers: the body's length.
    End(usize),
}

impl Headers {
    fn line(&mut self, line: &[u8], limits: &FrameLimits) -> Result<HeaderLine, FrameError> {
        // The header every peer writes, read without the general path's
        // decoding and trimming (what it would make of it, per message).
        let digits = line.strip_prefix(b"Content-Length: ").and_then(|rest| rest.strip_suffix(b"\r\n"));
        if let Some(digits) = digits.filter(|d| (1..=9).contains(&d.len()) && d.iter().all(u8::is_ascii_digit)) {
            self.count += 1;
            if self.count > limits.max_headers {
                return Err(FrameError::TooManyHeaders { limit: limits.max_headers });
            }
            let len = digits.iter().fold(0usize, |n, d| n * 10 + usize::from(d - b'0'));
            if len > limits.max_body {
                return Err(FrameError::BodyTooLarge { len, limit: limits.max_body });
            }
            self.content_length = Some(len);
            return Ok(HeaderLine::More);
        }
        // The blank line after them, as every peer writes it.
        if line == b"\r\n" && self.count > 0 {
            return self.content_length.map(HeaderLine::End).ok_or(FrameError::MissingContentLength);
        }
        let text = std::str::from_utf8(line)
            .map_err(|_| FrameError::BadHeader { line: String::from_utf8_lossy(line).into_owned() })?;
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            // Blank lines between frames are tolerated.
            if self.count == 0 {
                return Ok(HeaderLine::More);
            }
            return self.content_length.map(HeaderLine::End).ok_or(FrameError::MissingContentLength);
        }
        self.count += 1;
        if self.count > limits.max_headers {
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
            self.content_length = Some(len);
        }
        Ok(HeaderLine::More)
    }

    /// The end of the stream where a header line was expected.
    fn eof(&self) -> Result<Option<Vec<u8>>, FrameError> {
        if self.count == 0 { Ok(None) } else { Err(FrameError::UnexpectedEof { what: "headers" }) }
    }
}

/// Moves the start of a header line from a reader's buffer into `line`,
/// never holding more than `limit` bytes. Returns how much of `buf` was
/// taken and whether the line is complete.
fn take_line(buf: &[u8], line: &mut Vec<u8>, limit: usize) -> Result<(usize, bool), FrameError> {
    let (take, done) = match buf.iter().position(|b| *b == b'\n') {
        Some(i) => (i + 1, true),
        None => (buf.len(), false),
    };
    if line.len() + take > limit {
        return Err(FrameError::HeaderLineTooLong { limit });
    }
    line.extend_from_slice(&buf[..take]);
    Ok((take, done))
}

fn body_error(e: std::io::Error) -> FrameError {
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof => FrameError::UnexpectedEof { what: "body" },
        _ => FrameError::Io(e),
    }
}

/// Reads one header line (up to and including `\n`). `Ok(None)` on EOF
/// before any byte.
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
        let (take, done) = take_line(buf, &mut line, limit)?;
        r.consume(take);
        if done {
            return Ok(Some(line));
        }
    }
}

/// Room left after a body read, so that a message restamped with a longer
/// `seq` stays in the buffer it was read into.
const BODY_SLACK: usize = 32;

/// A buffer for a body of `len` bytes.
fn body_buffer(len: usize) -> Vec<u8> {
    let mut body = Vec::with_capacity(len + BODY_SLACK);
    body.resize(len, 0);
    body
}

/// Reads one frame's body. `Ok(None)` on a clean EOF between frames.
pub async fn read_frame<R: AsyncBufRead + Unpin>(
    r: &mut R,
    limits: &FrameLimits,
) -> Result<Option<Vec<u8>>, FrameError> {
    let mut headers = Headers::default();
    let len = loop {
        // A whole line already buffered is read where it is.
        let buf = r.fill_buf().await?;
        if let Some(end) = buf.iter().position(|b| *b == b'\n').filter(|end| *end < limits.max_header_line) {
            let header = headers.line(&buf[..=end], limits);
            r.consume(end + 1);
            match header? {
                HeaderLine::End(len) => break len,
                HeaderLine::More => continue,
            }
        }
        let Some(line) = read_header_line(r, limits.max_header_line).await? else { return headers.eof() };
        if let HeaderLine::End(len) = headers.line(&line, limits)? {
            break len;
        }
    };
    // A body already buffered whole (a message of the usual size) is
    // copied out as it is: no zeroed buffer to read into.
    let buffered = if len > 0 { r.fill_buf().await.map_err(body_error)? } else { &[] };
    if buffered.len() >= len {
        let mut body = Vec::with_capacity(len + BODY_SLACK);
        body.extend_from_slice(&buffered[..len]);
        r.consume(len);
        return Ok(Some(body));
    }
    let mut body = body_buffer(len);
    r.read_exact(&mut body).await.map_err(body_error)?;
    Ok(Some(body))
}

/// [`read_header_line`] for a blocking reader.
fn read_header_line_blocking<R: BufRead>(r: &mut R, limit: usize) -> Result<Option<Vec<u8>>, FrameError> {
    let mut line = Vec::new();
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            if line.is_empty() {
                return Ok(None);
            }
            return Err(FrameError::UnexpectedEof { what: "headers" });
        }
        let (take, done) = take_line(buf, &mut line, limit)?;
        r.consume(take);
        if done {
            return Ok(Some(line));
        }
    }
}

/// [`read_frame`] for a blocking reader (`doctor --connect`), with the same
/// checks and errors.
pub fn read_frame_blocking<R: BufRead>(r: &mut R, limits: &FrameLimits) -> Result<Option<Vec<u8>>, FrameError> {
    let mut headers = Headers::default();
    let len = loop {
        let Some(line) = read_header_line_blocking(r, limits.max_header_line)? else { return headers.eof() };
        if let HeaderLine::End(len) = headers.line(&line, limits)? {
            break len;
        }
    };
    let mut body = body_buffer(len);
    r.read_exact(&mut body).map_err(body_error)?;
    Ok(Some(body))
}

/// The header of a frame, written on the stack.
pub(crate) struct Header {
    text: [u8; 48],
    len: usize,
}

impl Header {
    /// The header of a frame whose body is `body_len` bytes.
    pub(crate) fn new(body_len: usize) -> Header {
        const NAME: &[u8] = b"Content-Length: ";
        // 48 bytes hold the longest header (a 20-digit length).
        let mut text = [0u8; 48];
        let mut digits = [0u8; 20];
        let digits = decimal(body_len as i64, &mut digits);
        let mut len = 0;
        for part in [NAME, digits, b"\r\n\r\n"] {
            text[len..len + part.len()].copy_from_slice(part);
            len += part.len();
        }
        Header { text, len }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.text[..self.len]
    }
}

/// The bytes of one frame around `body`.
/// `n` in decimal, written at the end of `buf` (the longest, `i64::MIN`,
/// takes all 20 bytes), without the formatting machinery `write!` runs.
pub(crate) fn decimal(n: i64, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        buf[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    &buf[at..]
}

pub fn encode_frame(body: &[u8]) -> Vec<u8> {
    let header = Header::new(body.len());
    let mut out = Vec::with_capacity(header.len + body.len());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(body);
    out
}

/// Writes one frame without flushing, so a writer can batch what is
/// queued into one flush.
pub async fn write_frame<W: AsyncWrite + Unpin>(w: &mut W, body: &[u8]) -> std::io::Result<()> {
    w.write_all(Header::new(body.len()).as_bytes()).await?;
    w.write_all(body).await
}

/// Writes one frame to a blocking writer and flushes.
pub fn write_frame_blocking<W: Write>(w: &mut W, body: &[u8]) -> std::io::Result<()> {
    w.write_all(&encode_frame(body))?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_is_what_display_writes() {
        for n in [0, 1, -1, 9, 10, 99, 100, 12345, -67890, i64::MAX, i64::MIN, i64::MIN + 1, 1 << 40] {
            let mut buf = [0u8; 20];
            assert_eq!(decimal(n, &mut buf), n.to_string().as_bytes());
        }
    }

    fn read_all(input: &[u8], limits: FrameLimits) -> Vec<Result<Option<Vec<u8>>, String>> {
        read_all_with(input, limits, 7)
    }

    /// Every frame of `input` as the async reader reads it, checked to be
    /// what the blocking reader reads too.
    fn read_all_with(input: &[u8], limits: FrameLimits, buffer: usize) -> Vec<Result<Option<Vec<u8>>, String>> {
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let read = rt.block_on(async {
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
        });
        let mut r = std::io::BufReader::with_capacity(buffer, input);
        let mut blocking = Vec::new();
        loop {
            let res = read_frame_blocking(&mut r, &limits).map_err(|e| e.to_string());
            let stop = !matches!(res, Ok(Some(_)));
            blocking.push(res);
            if stop {
                break;
            }
        }
        assert_eq!(read, blocking, "async and blocking readers differ on {:?}", String::from_utf8_lossy(input));
        read
    }

    #[test]
    fn reads_frames_and_clean_eof() {
        let mut input = encode_frame(br#"{"a":1}"#);
        input.extend(b"content-length:2\r\nContent-Type: x\r\n\r\n{}");
        input.extend(b"Content-Length: 0000000002\r\n\r\n[]Content-Length: 002\n\r\n{}");
        let got = read_all(&input, FrameLimits::default());
        let bodies = [&br#"{"a":1}"#[..], b"{}", b"[]", b"{}"];
        let mut want: Vec<_> = bodies.into_iter().map(|b| Ok(Some(b.to_vec()))).collect();
        want.push(Ok(None));
        assert_eq!(got, want);
    }

    #[test]
    fn rejects_malformed_input() {
        let limits = FrameLimits { max_header_line: 40, max_headers: 3, max_body: 10 };
        let cases: [(&[u8], &str); 8] = [
            (
                b"Content-Length: 1\r\nContent-Length: 1\r\nContent-Length: 1\r\nContent-Length: 1\r\n",
                "more than 3 header lines",
            ),
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
    fn written_frames_read_back() {
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let mut written = Vec::new();
        rt.block_on(async {
            write_frame(&mut written, br#"{"a":1}"#).await.unwrap();
            write_frame(&mut written, b"{}").await.unwrap();
        });
        write_frame_blocking(&mut written, b"[]").unwrap();
        assert_eq!(written, [encode_frame(br#"{"a":1}"#), encode_frame(b"{}"), encode_frame(b"[]")].concat());
        let got = read_all(&written, FrameLimits::default());
        let bodies: Vec<&[u8]> = vec![br#"{"a":1}"#, b"{}", b"[]"];
        let mut want: Vec<_> = bodies.into_iter().map(|b| Ok(Some(b.to_vec()))).collect();
        want.push(Ok(None));
        assert_eq!(got, want);
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
