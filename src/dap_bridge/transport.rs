//! The tasks that own the streams: a reader per peer turns frames into
//! session inputs until EOF or the first malformed frame; a writer per
//! peer turns message bodies into frames, batching what is queued into
//! one flush; a pump per output pipe of a spawned `dlv` turns what the
//! debuggee prints into inputs, never ceasing to drain.
//!
//! Memory stays bounded by backpressure, never by dropping: the bytes on
//! their way to a peer are counted in its [`Backlog`], and a reader waits
//! for room there before it reads more. An editor that does not read
//! stops the bridge from reading Delve (and Delve's pipes), so Delve and
//! the debuggee block as they would writing straight to that editor.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, BufWriter};
use tokio::sync::{Notify, mpsc};

use super::raw::RawMessage;
use super::session::Input;
use crate::framing::{self, FrameError, FrameLimits};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Editor,
    Delve,
}

/// How many bytes may wait for one peer before the bridge stops reading
/// what would go to it. One frame over it still passes (a 50 MB
/// `variables` answer), so a big message never stalls the session.
pub(super) const BACKLOG_LIMIT: usize = 4 * 1024 * 1024;

/// The bytes on their way to one peer: from the moment a reader takes
/// them in until that peer's writer has written them.
#[derive(Debug)]
pub(super) struct Backlog {
    used: AtomicUsize,
    limit: usize,
    room: Notify,
}

impl Backlog {
    pub fn new(limit: usize) -> Arc<Backlog> {
        Arc::new(Backlog { used: AtomicUsize::new(0), limit, room: Notify::new() })
    }

    /// Counts `bytes` until the returned charge is dropped.
    pub fn charge(self: &Arc<Self>, bytes: usize) -> Charge {
        self.used.fetch_add(bytes, Ordering::AcqRel);
        Charge { backlog: Some(Arc::clone(self)), bytes }
    }

    /// Waits until the backlog is below its limit. Every waiter goes on
    /// when it falls below, even if another refilled it first: no reader
    /// starves (an editor's requests during a flood of output), and each
    /// adds at most one message more.
    pub async fn room(&self) {
        if self.used.load(Ordering::Acquire) < self.limit {
            return;
        }
        let mut notified = std::pin::pin!(self.room.notified());
        // Registered before the check, so a release in between is heard.
        notified.as_mut().enable();
        if self.used.load(Ordering::Acquire) < self.limit {
            return;
        }
        notified.await;
    }

    #[cfg(test)]
    pub fn used(&self) -> usize {
        self.used.load(Ordering::Acquire)
    }
}

/// Bytes counted in a [`Backlog`] while this lives.
#[derive(Debug)]
pub(super) struct Charge {
    backlog: Option<Arc<Backlog>>,
    bytes: usize,
}

impl Charge {
    /// A charge on no backlog.
    #[cfg(test)]
    pub fn none() -> Charge {
        Charge { backlog: None, bytes: 0 }
    }
}

impl Drop for Charge {
    fn drop(&mut self) {
        if let Some(b) = &self.backlog {
            let before = b.used.fetch_sub(self.bytes, Ordering::AcqRel);
            if before >= b.limit && before - self.bytes < b.limit {
                b.room.notify_waiters();
            }
        }
    }
}

/// One message body queued for a writer, counted until written.
pub(super) struct Queued {
    pub body: Vec<u8>,
    _charge: Charge,
}

/// The way to one peer's writer. Sending never waits (the session must
/// not block); the peer's [`Backlog`] counts what is queued, and the
/// readers feeding it wait instead.
#[derive(Clone)]
pub(super) struct Outbox {
    tx: mpsc::UnboundedSender<Queued>,
    backlog: Arc<Backlog>,
}

impl Outbox {
    pub fn new(backlog: Arc<Backlog>) -> (Outbox, mpsc::UnboundedReceiver<Queued>) {
        let (tx, rx) = mpsc::unbounded_channel();
        (Outbox { tx, backlog }, rx)
    }

    /// Queues `body`; false once the writer is gone.
    pub fn send(&self, body: Vec<u8>) -> bool {
        let charge = self.backlog.charge(body.len());
        self.tx.send(Queued { body, _charge: charge }).is_ok()
    }
}

/// The backlogs of both peers of a session.
#[derive(Clone)]
pub(super) struct Backlogs {
    pub editor: Arc<Backlog>,
    pub delve: Arc<Backlog>,
}

impl Backlogs {
    pub fn new(limit: usize) -> Backlogs {
        Backlogs { editor: Backlog::new(limit), delve: Backlog::new(limit) }
    }
}

/// Frames from `r` become inputs until EOF or the first malformed frame.
/// Before each frame it waits for room where its messages go (Delve's go
/// to the editor; the editor's go to Delve, or are answered by the bridge
/// to the editor, so both must have room).
pub(super) fn spawn_reader<R>(
    r: R,
    limits: FrameLimits,
    tx: mpsc::UnboundedSender<Input>,
    side: Side,
    backlogs: Backlogs,
) where
    R: AsyncRead + Unpin + Send + 'static,
{
    tokio::spawn(async move {
        let name = if side == Side::Editor { "editor" } else { "delve" };
        let mut r = BufReader::with_capacity(64 * 1024, r);
        let closed = loop {
            backlogs.editor.room().await;
            if side == Side::Editor {
                backlogs.delve.room().await;
            }
            match framing::read_frame(&mut r, &limits).await {
                Ok(Some(body)) => match RawMessage::parse(body) {
                    Ok(m) => {
                        tracing::trace!("{name} → {}", super::redact::for_log(m.text()));
                        let input = match side {
                            Side::Editor => {
                                let charge = backlogs.delve.charge(m.len());
                                Input::FromEditor(m, charge)
                            }
                            Side::Delve => {
                                let charge = backlogs.editor.charge(m.len());
                                Input::FromDelve(m, charge)
                            }
                        };
                        if tx.send(input).is_err() {
                            return;
                        }
                    }
                    Err(e) => break Some(Closed::Protocol(format!("invalid DAP message from {name}: {e}"))),
                },
                Ok(None) => break None,
                Err(e @ (FrameError::Io(_) | FrameError::UnexpectedEof { .. })) => {
                    break Some(Closed::Lost(format!("lost the connection to {name}: {e}")));
                }
                Err(e) => break Some(Closed::Protocol(format!("malformed frame from {name}: {e}"))),
            }
        };
        let _ = tx.send(match side {
            Side::Editor => Input::EditorClosed(closed),
            Side::Delve => Input::DelveClosed(closed),
        });
    });
}

/// Why a peer's stream ended other than by a clean EOF between frames.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Closed {
    /// The peer broke the protocol: the session fails with this error.
    Protocol(String),
    /// The stream broke (reset, or ended inside a frame): the peer is gone.
    Lost(String),
}

impl Closed {
    pub fn text(&self) -> &str {
        match self {
            Closed::Protocol(s) | Closed::Lost(s) => s,
        }
    }
}

/// Writes each message body as a frame; ends when every sender is gone.
pub(super) fn spawn_writer<W>(w: W, mut rx: mpsc::UnboundedReceiver<Queued>) -> tokio::task::JoinHandle<()>
where
    W: AsyncWrite + Unpin + Send + 'static,
{
    tokio::spawn(async move {
        let mut w = BufWriter::with_capacity(64 * 1024, w);
        while let Some(queued) = rx.recv().await {
            tracing::trace!("write {}", super::redact::for_log(&queued.body));
            if framing::write_frame(&mut w, &queued.body).await.is_err() {
                break;
            }
            drop(queued);
            // Batch whatever is already queued into one flush.
            if rx.is_empty() && w.flush().await.is_err() {
                break;
            }
        }
        let _ = w.flush().await;
        let _ = w.shutdown().await;
        tracing::debug!("writer done");
    })
}

/// How much one read of an output pipe takes (one `output` event).
const OUTPUT_CHUNK: usize = 32 * 1024;

/// What a spawned `dlv` writes to one of its pipes (`category` `stdout` or
/// `stderr`) — in Delve's default output mode, what the debuggee prints —
/// becomes `output` inputs for the editor, as the editor's own adapter
/// would show it. The pipe is drained until EOF whatever happens: a pipe
/// nobody reads kills the debuggee with SIGPIPE. While the session lives,
/// reading waits for room in the editor's backlog (the debuggee then
/// blocks on its writes, as on a terminal that is not read).
fn spawn_output_pump<R>(
    r: R,
    category: &'static str,
    tx: mpsc::UnboundedSender<Input>,
    editor: Arc<Backlog>,
) -> tokio::task::JoinHandle<()>
where
    R: AsyncRead + Unpin + Send + 'static,
{
    tokio::spawn(async move {
        let mut r = r;
        let mut text = Utf8Stream::default();
        let mut buf = vec![0u8; OUTPUT_CHUNK];
        let mut session_alive = true;
        loop {
            if session_alive {
                editor.room().await;
            }
            let n = match r.read(&mut buf).await {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    tracing::warn!("cannot read dlv's {category}: {e}");
                    break;
                }
            };
            if !session_alive {
                continue;
            }
            let output = text.decode(&buf[..n]);
            if output.is_empty() {
                continue;
            }
            let charge = editor.charge(output.len());
            session_alive = tx.send(Input::Output { category, output, charge }).is_ok();
        }
        let rest = text.finish();
        if session_alive && !rest.is_empty() {
            let charge = editor.charge(rest.len());
            let _ = tx.send(Input::Output { category, output: rest, charge });
        }
        tracing::debug!("dlv's {category} closed");
    })
}

/// The pumps of a spawned `dlv`'s pipes, feeding one session.
pub(super) struct OutputPumps {
    tx: mpsc::UnboundedSender<Input>,
    editor: Arc<Backlog>,
    handles: Vec<tokio::task::JoinHandle<()>>,
}

impl OutputPumps {
    pub fn new(tx: mpsc::UnboundedSender<Input>, editor: Arc<Backlog>) -> OutputPumps {
        OutputPumps { tx, editor, handles: Vec::new() }
    }

    /// Drains `r` as `category` (see [`spawn_output_pump`]).
    pub fn pump<R: AsyncRead + Unpin + Send + 'static>(&mut self, r: R, category: &'static str) {
        self.handles.push(spawn_output_pump(r, category, self.tx.clone(), Arc::clone(&self.editor)));
    }

    /// The pump tasks, which end at EOF.
    pub fn into_handles(self) -> Vec<tokio::task::JoinHandle<()>> {
        self.handles
    }
}

/// Decodes a byte stream read in pieces as UTF-8: a character split
/// between two reads comes out whole; bytes that are not UTF-8 become
/// U+FFFD (a DAP `output` is a JSON string), the rest is exact.
#[derive(Debug, Default)]
pub(super) struct Utf8Stream {
    /// The start of a character whose other bytes have not arrived.
    pending: Vec<u8>,
}

impl Utf8Stream {
    pub fn decode(&mut self, bytes: &[u8]) -> String {
        let mut input = std::mem::take(&mut self.pending);
        input.extend_from_slice(bytes);
        let mut out = String::with_capacity(input.len());
        let mut rest = &input[..];
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    out.push_str(s);
                    break;
                }
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                    match e.error_len() {
                        Some(bad) => {
                            out.push(char::REPLACEMENT_CHARACTER);
                            rest = &after[bad..];
                        }
                        None => {
                            // An incomplete character at the end: wait for the rest.
                            self.pending = after.to_vec();
                            break;
                        }
                    }
                }
            }
        }
        out
    }

    /// What is left at the end of the stream.
    pub fn finish(&mut self) -> String {
        let rest = std::mem::take(&mut self.pending);
        String::from_utf8_lossy(&rest).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_split_between_reads_comes_out_whole_and_bad_bytes_as_replacement() {
        let text = "añ€😀z".as_bytes();
        for cut in 0..=text.len() {
            let mut d = Utf8Stream::default();
            let mut out = d.decode(&text[..cut]);
            out += &d.decode(&text[cut..]);
            out += &d.finish();
            assert_eq!(out, "añ€😀z", "cut at {cut}");
        }
        let mut d = Utf8Stream::default();
        let got = [d.decode(b"start\n\xff\xfe x \xc3\x28 y \xe2\x82"), d.finish()].concat();
        assert_eq!(got, String::from_utf8_lossy(b"start\n\xff\xfe x \xc3\x28 y \xe2\x82"));
        let mut d = Utf8Stream::default();
        assert_eq!(d.decode(b"\xf0\x9f"), "");
        assert_eq!(d.decode(b"\x98\x80!"), "😀!");
    }

    #[test]
    fn a_backlog_waits_for_room_and_counts_until_written() {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let backlog = Backlog::new(10);
            let (outbox, mut rx) = Outbox::new(Arc::clone(&backlog));
            assert!(outbox.send(vec![0; 25]), "one message over the limit still goes");
            assert_eq!(backlog.used(), 25);
            let waiting = tokio::spawn({
                let backlog = Arc::clone(&backlog);
                async move { backlog.room().await }
            });
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            assert!(!waiting.is_finished(), "no room while 25 of 10 bytes wait");
            let queued = rx.recv().await.unwrap();
            drop(queued);
            assert_eq!(backlog.used(), 0);
            tokio::time::timeout(std::time::Duration::from_secs(5), waiting).await.unwrap().unwrap();
        });
    }
}
