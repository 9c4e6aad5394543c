//! The tasks that own the streams: a reader per peer turns frames into
//! session inputs until EOF or the first malformed frame; the session
//! writes each message straight to its peer (header and body in one
//! write) while nothing waits for that peer, and a writer per peer writes
//! what had to wait (the peer's buffer was full), batching what is queued
//! into one write; a pump per output pipe of a spawned `dlv` turns what the
//! debuggee prints into inputs, never ceasing to drain.
//!
//! Memory stays bounded by backpressure, never by dropping: the bytes on
//! their way to a peer are counted in its [`Backlog`], and a reader waits
//! for room there before it reads more. An editor that does not read
//! stops the bridge from reading Delve (and Delve's pipes), so Delve and
//! the debuggee block as they would writing straight to that editor.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
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
/// them in until they are written to that peer.
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

/// One message queued for a writer, counted until written.
pub(super) struct Queued {
    /// The message's body, framed when written; or, when `rest`, what a
    /// write straight to the peer left of its frame.
    pub body: Vec<u8>,
    rest: bool,
    _charge: Charge,
}

/// A peer's stream, as the writer and the session share it.
type PeerStream = Box<dyn AsyncWrite + Unpin + Send>;

/// Where a peer's stream is: with the session while the writer is idle.
enum Held {
    /// Nothing waits for the writer: the session writes straight to the peer.
    Idle(PeerStream),
    /// The writer holds it, writing what was queued.
    Writing,
    /// A write failed: nothing more goes to this peer.
    Broken,
}

/// The stream of a peer and how many messages wait for its writer. The
/// session writes a message straight to the peer when none waits and the
/// writer is idle (no task wakeup, no task poll), and queues it for the
/// writer otherwise, so order is kept.
struct Lane {
    state: Mutex<LaneState>,
}

struct LaneState {
    held: Held,
    /// Messages sent to the writer and not yet written.
    queued: usize,
    /// One frame being written straight (header and body, one write).
    frame: Vec<u8>,
}

/// The way to one peer. Sending never waits (the session must not
/// block): a message goes straight to the peer when its writer is idle
/// and the kernel takes it whole; otherwise it waits for the writer, and
/// the peer's [`Backlog`] counts it until written, so the readers feeding
/// it wait instead.
pub(super) struct Outbox {
    tx: mpsc::UnboundedSender<Queued>,
    backlog: Arc<Backlog>,
    /// `None`: every message goes through the channel (the session's tests).
    lane: Option<Arc<Lane>>,
}

impl Outbox {
    /// An outbox whose messages all wait in the returned receiver.
    pub fn new(backlog: Arc<Backlog>) -> (Outbox, mpsc::UnboundedReceiver<Queued>) {
        let (tx, rx) = mpsc::unbounded_channel();
        (Outbox { tx, backlog, lane: None }, rx)
    }

    /// Sends `body`; false once the peer's stream is gone.
    pub fn send(&self, body: Vec<u8>) -> bool {
        let Some(lane) = &self.lane else { return self.queue(body, false) };
        let mut state = lane.state.lock().unwrap_or_else(|e| e.into_inner());
        let state = &mut *state;
        match &mut state.held {
            // A big message goes to the writer, which writes it from where it is.
            Held::Idle(stream) if state.queued == 0 && body.len() < FRAME_KEPT => {
                tracing::trace!("write {}", super::redact::for_log(&body));
                state.frame.clear();
                state.frame.extend_from_slice(framing::Header::new(body.len()).as_bytes());
                state.frame.extend_from_slice(&body);
                match write_now(stream, &state.frame) {
                    Ok(n) if n == state.frame.len() => true,
                    Ok(n) => {
                        // The peer's buffer is full: the writer waits for room.
                        state.queued += 1;
                        self.queue(state.frame[n..].to_vec(), true)
                    }
                    Err(e) => {
                        tracing::debug!("write failed: {e}");
                        state.held = Held::Broken;
                        false
                    }
                }
            }
            Held::Broken => false,
            _ => {
                state.queued += 1;
                self.queue(body, false)
            }
        }
    }

    fn queue(&self, body: Vec<u8>, rest: bool) -> bool {
        let charge = self.backlog.charge(body.len());
        self.tx.send(Queued { body, rest, _charge: charge }).is_ok()
    }
}

/// The largest message written straight to the peer, and the most a
/// writer gathers into one write.
const FRAME_KEPT: usize = 64 * 1024;

/// Writes what the peer's stream takes now, without waiting: how much it
/// took (less than `frame` when it is full).
fn write_now(stream: &mut PeerStream, frame: &[u8]) -> std::io::Result<usize> {
    // Nothing waits to be woken: what is left goes to the writer task,
    // which polls the stream again with its own waker.
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let mut done = 0;
    while done < frame.len() {
        match std::pin::Pin::new(&mut *stream).poll_write(&mut cx, &frame[done..]) {
            std::task::Poll::Ready(Ok(0)) => return Err(std::io::ErrorKind::WriteZero.into()),
            std::task::Poll::Ready(Ok(n)) => done += n,
            std::task::Poll::Ready(Err(e)) if e.kind() == std::io::ErrorKind::Interrupted => {}
            std::task::Poll::Ready(Err(e)) => return Err(e),
            std::task::Poll::Pending => break,
        }
    }
    Ok(done)
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

/// The outbox to a peer's stream `w`, and its writer: the task that
/// writes what could not go straight to the peer (the peer was not
/// reading, or the writer was busy), batching what is queued into one
/// write. It ends, flushing and shutting `w` down, once the outbox is gone.
pub(super) fn spawn_writer<W>(w: W, backlog: Arc<Backlog>) -> (Outbox, tokio::task::JoinHandle<()>)
where
    W: AsyncWrite + Unpin + Send + 'static,
{
    let (mut outbox, mut rx) = Outbox::new(backlog);
    let lane =
        Arc::new(Lane { state: Mutex::new(LaneState { held: Held::Idle(Box::new(w)), queued: 0, frame: Vec::new() }) });
    outbox.lane = Some(Arc::clone(&lane));
    let task = tokio::spawn(async move {
        let lock = || lane.state.lock().unwrap_or_else(|e| e.into_inner());
        let mut batch = Vec::new();
        let mut charges = Vec::new();
        let mut stream = None;
        while let Some(first) = rx.recv().await {
            let mut w = match stream.take() {
                Some(w) => w,
                None => match std::mem::replace(&mut lock().held, Held::Writing) {
                    Held::Idle(w) => w,
                    _ => break,
                },
            };
            // What is queued now, written together.
            let mut next = Some(first);
            let mut written = 0;
            let mut failed = false;
            while let Some(queued) = next.take() {
                // What a write straight to the peer left of a frame was
                // logged, and given its header, there.
                if !queued.rest {
                    tracing::trace!("write {}", super::redact::for_log(&queued.body));
                    batch.extend_from_slice(framing::Header::new(queued.body.len()).as_bytes());
                }
                if queued.body.len() < FRAME_KEPT {
                    batch.extend_from_slice(&queued.body);
                } else {
                    // A big message is written from where it is.
                    failed = w.write_all(&batch).await.is_err() || w.write_all(&queued.body).await.is_err();
                    batch.clear();
                }
                charges.push(queued);
                written += 1;
                if failed {
                    break;
                }
                if batch.len() < FRAME_KEPT {
                    next = rx.try_recv().ok();
                }
            }
            failed = failed || w.write_all(&batch).await.is_err() || w.flush().await.is_err();
            batch.clear();
            if batch.capacity() > FRAME_KEPT {
                batch = Vec::new();
            }
            charges.clear();
            let mut state = lock();
            state.queued -= written;
            if failed {
                state.held = Held::Broken;
                break;
            }
            if state.queued == 0 {
                state.held = Held::Idle(w);
            } else {
                stream = Some(w);
            }
        }
        // Every sender is gone, or a write failed (later sends fail too).
        drop(rx);
        let held = std::mem::replace(&mut lock().held, Held::Broken);
        if let Some(mut w) = stream.or(match held {
            Held::Idle(w) => Some(w),
            _ => None,
        }) {
            let _ = w.flush().await;
            let _ = w.shutdown().await;
        }
        tracing::debug!("writer done");
    });
    (outbox, task)
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

    /// A message goes straight to a peer that takes it; once the peer's
    /// buffer is full, the rest waits for the writer, counted, and
    /// everything arrives whole and in order.
    #[test]
    fn messages_go_straight_to_an_idle_peer_and_wait_in_order_when_it_is_full() {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let backlog = Backlog::new(usize::MAX);
            let (w, mut r) = tokio::io::duplex(100);
            let (outbox, writer) = spawn_writer(w, Arc::clone(&backlog));
            let bodies: Vec<Vec<u8>> =
                (0..6).map(|n| format!(r#"{{"n":{n},"pad":"{}"}}"#, "x".repeat(n * 30)).into_bytes()).collect();
            assert!(outbox.send(bodies[0].clone()));
            assert_eq!(backlog.used(), 0, "written at once, nothing waits");
            for body in &bodies[1..] {
                assert!(outbox.send(body.clone()));
            }
            assert!(backlog.used() > 0, "the peer's buffer is full: what is left waits, counted");
            drop(outbox);
            let mut got = Vec::new();
            r.read_to_end(&mut got).await.unwrap();
            writer.await.unwrap();
            let want: Vec<u8> = bodies.iter().flat_map(|b| framing::encode_frame(b)).collect();
            assert!(got == want, "{}", String::from_utf8_lossy(&got));
            assert_eq!(backlog.used(), 0);
        });
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
