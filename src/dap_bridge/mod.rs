//! The DAP bridge between the editor and `dlv dap`: pass-through, condition
//! verdicts, console completions, path rewriting. Only this layer speaks DAP.
//!
//! Reader tasks own the incoming streams and the session writes to its
//! peers, through a writer task only what must wait (`transport`); one
//! session task owns the state and decides (`session`), slow work runs
//! on workers; the bridge's own requests to Delve go through a [`DelveHandle`]. Nothing
//! here knows how to check an expression. Several sessions may run in one
//! process, one after another or at once: nothing is shared between them.
//!
//! Decisions other programs can rely on:
//! - Pass-through messages are JSON-equal to what the peer sent, except `seq`
//!   / `request_seq` (each side has its own sequence space); one the bridge
//!   does not change goes on as the bytes it came as, those two numbers
//!   restamped (`raw`). A message is
//!   read as Delve's `encoding/json` reads it: bytes that are not UTF-8 and
//!   escaped surrogates not in a pair (`"\ud800"`) are U+FFFD, not an error.
//! - `setBreakpoints`, default mode: every breakpoint goes to Delve; an
//!   invalid one keeps Delve's `verified` (it *is* set, and will stop the
//!   program with an error) and gets a `message`, repeated in a `breakpoint`
//!   event (`reason: changed`) sent after the response. Launch/attach
//!   `strictConditions: true`: invalid ones are withheld from Delve and come
//!   back `verified: false` with the message and a bridge-made id (from
//!   1000000). Warnings never make a breakpoint invalid. The same for
//!   `setFunctionBreakpoints`, checked at the function's entry from the
//!   binary's debug info (without it they pass unchecked).
//! - `substitutePath` is applied by the bridge and removed from the launch
//!   arguments (so Delve never maps a path twice); `strictConditions` is
//!   removed too. `program`/`cwd`/`output` are mapped only with `--connect`
//!   (a spawned Delve shares the editor's file system).
//! - Path rules are inferred in every launch and attach mode and follow the
//!   editor's own (see `target`): from the local binary (exec `program`,
//!   debug/test `output` — named by the bridge, in a private folder removed
//!   at the end, when the editor gives none —, a local attach's
//!   `/proc/PID/exe`, a remote attach's `program` copy), else from Delve's
//!   `dlv sources` and `runtime.modinfo` (`evaluate`s of the bridge's own,
//!   never shown to the editor); the binary is read while Delve loads it
//!   when it exists before the launch (exec, core, attach). Editor requests
//!   that name files or whose answers may (`path_fields::carries_paths`)
//!   are held after a launch/attach until the rules are known, every
//!   request after a held one waits behind it (order is kept), and those
//!   after a `setBreakpoints` wait until its verdicts are known;
//!   `disconnect`, `terminate` and `completions` never wait. Verdicts not ready within
//!   [`Timeouts::checks`] are skipped: the breakpoints go to Delve as
//!   written, with a message saying they were not checked.
//! - Verdicts and console completions use that local binary's DWARF when
//!   there is one: exactly what Delve sees, refined with the sources; the
//!   sources alone otherwise.
//! - `completions` is answered here; `supportsCompletionsRequest: true` and
//!   `completionTriggerCharacters: ["."]` are added to the capabilities. A
//!   Delve that does not answer the bridge's requests within
//!   [`Timeouts::delve_request`] makes it an error response.
//! - `disconnect` always ends the session: requests still held get an
//!   error response, and when Delve has not answered it within
//!   [`Timeouts::disconnect`], the editor gets the answer, an `output`
//!   saying why and `terminated`, and the bridge kills Delve and the
//!   processes Delve started (the debuggee, a build).
//! - Every other editor request forwarded to Delve is answered within its
//!   deadline ([`Timeouts::request`]; `launch`, `attach`, `restart`:
//!   [`Timeouts::launch`]): past it the editor gets an error response
//!   (``dlv did not answer `threads` within 30s``), what waited behind it
//!   goes on, and Delve's late answer is dropped.
//! - What a spawned `dlv` writes to its stdout and stderr (in Delve's
//!   default output mode, what the debuggee prints) becomes `output` events
//!   of category `stdout` / `stderr`: UTF-8 exactly (a character split
//!   between two writes included), other bytes as U+FFFD. Both pipes are
//!   drained until they close, so the debuggee never dies of SIGPIPE.
//! - Memory is bounded by backpressure, never by dropping: about
//!   4 MiB (`transport::BACKLOG_LIMIT`) may wait for each peer; past that
//!   the bridge stops reading what would go to it (Delve's connection and
//!   dlv's pipes for the editor, the editor's stream for Delve), so Delve
//!   and the debuggee block as they would writing straight to an editor
//!   that does not read.
//! - A session ended by a protocol error (a malformed frame or message
//!   from either side) ends [`serve`] with that error (`dlvbridge dap`
//!   exits with 2); a peer going away (EOF, a reset) is a normal end.

mod backend;
pub mod breakpoints;
pub mod command;
mod completions;
pub mod delve;
pub mod delve_types;
pub mod envelope;
pub mod events;
mod ids;
#[cfg(unix)]
mod listen;
pub mod live_scope;
pub mod path_fields;
pub mod raw;
pub mod redact;
mod session;
#[cfg(unix)]
mod socket;
mod target;
mod transport;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc;

pub use self::backend::find_dlv;
pub use self::delve::DelveHandle;
pub use self::events::{EventSink, SessionEvent};
use self::session::{Ended, Session, SessionOptions};
use self::transport::{Backlogs, OutputPumps};
use crate::framing::FrameLimits;

/// How a session reaches Delve and what it reports.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// `--dlv PATH`; otherwise `$DLV_PATH`, then PATH.
    pub dlv: Option<PathBuf>,
    /// `--connect HOST:PORT`: a `dlv dap` that is already running.
    pub connect: Option<String>,
    pub limits: FrameLimits,
    pub timeouts: Timeouts,
    /// Where the session reports what the rest of the process needs.
    pub events: Option<EventSink>,
}

/// The deadlines that keep a session from hanging.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// How long an editor request forwarded to Delve waits for its answer
    /// before the editor gets an error instead; `--request-timeout`.
    pub request: Duration,
    /// The same for `launch`, `attach` and `restart`, which build the
    /// program or wait for a process; `--launch-timeout`.
    pub launch: Duration,
    /// How long a request of the bridge's own waits for Delve (console
    /// completions, Delve's file list); `--delve-timeout`.
    pub delve_request: Duration,
    /// How long breakpoint verdicts and path inference may take before the
    /// session goes on without them; `--check-timeout`.
    pub checks: Duration,
    /// How long Delve gets to answer `disconnect` before it and the
    /// debuggee are killed; `--disconnect-timeout`.
    pub disconnect: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            request: Duration::from_secs(30),
            launch: Duration::from_secs(600),
            delve_request: Duration::from_secs(5),
            checks: Duration::from_secs(5),
            disconnect: Duration::from_secs(3),
        }
    }
}

/// How long Delve gets to exit by itself before it is killed.
const DELVE_GRACE: Duration = Duration::from_secs(2);

/// Serves one debug session between the editor's streams and Delve.
pub async fn serve<R, W>(editor_in: R, editor_out: W, config: Config) -> anyhow::Result<()>
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    // `go env` runs once per process, for path inference: started now, it
    // runs while Delve starts rather than after Delve has the binary.
    crate::workspace::GoDirs::detect_in_background();
    let (in_tx, mut in_rx) = mpsc::unbounded_channel();
    let backlogs = Backlogs::new(transport::BACKLOG_LIMIT);
    let mut pumps = OutputPumps::new(in_tx.clone(), Arc::clone(&backlogs.editor));
    let backend = match &config.connect {
        Some(addr) => backend::connect(addr).await?,
        None => backend::spawn(&find_dlv(config.dlv.as_deref())?, &mut pumps).await?,
    };
    let pumps = pumps.into_handles();
    let child = backend.child;
    let (delve_read, delve_write) = (backend.read, backend.write);

    let (to_editor, editor_writer) = transport::spawn_writer(editor_out, Arc::clone(&backlogs.editor));
    let (to_delve, delve_writer) = transport::spawn_writer(delve_write, Arc::clone(&backlogs.delve));
    transport::spawn_reader(editor_in, config.limits, in_tx.clone(), transport::Side::Editor, backlogs.clone());
    transport::spawn_reader(delve_read, config.limits, in_tx.clone(), transport::Side::Delve, backlogs);

    let options =
        SessionOptions { remote: config.connect.is_some(), timeouts: config.timeouts, events: config.events.clone() };
    let mut session = Session::new(to_editor, to_delve, in_tx, options);
    // A task of its own, as the readers and writers are: on a
    // current-thread runtime a task woken by another runs next, while the
    // future the runtime blocks on is polled only after another look at
    // the driver (one more system call per message).
    // Ended with this future, as when it ran inside it (an endpoint ending
    // its sessions drops them).
    let mut run = AbortOnDrop(tokio::spawn(async move {
        let ended = session.run(&mut in_rx).await;
        (session, in_rx, ended)
    }));
    let (mut session, mut in_rx, ended) = match (&mut run.0).await {
        Ok(ran) => ran,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => anyhow::bail!("the session was cancelled: {e}"),
    };

    if ended == Ended::EditorClosed && !session.disconnect_requested() {
        // Let Delve end the debuggee it started before its own end.
        session.end_debuggee();
    }
    // Removed once Delve, which runs it, is gone.
    let temp_output = session.take_temp_output();
    session.close_delve();
    let _ = tokio::time::timeout(Duration::from_secs(1), delve_writer).await;
    if let Some(child) = child {
        let grace = if ended == Ended::DelveUnresponsive { Duration::ZERO } else { DELVE_GRACE };
        backend::end(child, grace).await;
    }
    drop(temp_output);
    // Delve and the debuggee are gone, so their pipes end: what they held
    // still goes to the editor.
    session.forward_last_output(&mut in_rx, pumps, Duration::from_secs(1)).await;
    let fatal = session.take_fatal();
    drop(session);
    drop(in_rx);
    // Everything queued for the editor (error responses, `terminated`) goes
    // out, unless the editor does not read.
    let mut editor_writer = editor_writer;
    if tokio::time::timeout(Duration::from_secs(2), &mut editor_writer).await.is_err() {
        editor_writer.abort();
    }
    if let Some(sink) = &config.events {
        sink.report(SessionEvent::Ended);
    }
    match fatal {
        Some(e) => Err(anyhow::anyhow!(e)),
        None => Ok(()),
    }
}

/// A task that ends when this is dropped.
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Serves one debug session to the first client of an owner-only unix
/// socket at `path` (0600 before it can be reached; only a stale socket at
/// `path` is replaced, see `listen`). Put it in an owner-only directory
/// (such as `$XDG_RUNTIME_DIR`) all the same.
#[cfg(unix)]
pub async fn serve_unix(path: &std::path::Path, config: Config) -> anyhow::Result<()> {
    let (listener, socket_file) = listen::bind_owner_only(path)?;
    listener.set_nonblocking(true)?;
    let listener = tokio::net::UnixListener::from_std(listener)?;
    tracing::info!("waiting for a DAP client on {}", path.display());
    let (stream, _) = listener.accept().await?;
    drop(listener);
    drop(socket_file);
    let (r, w) = socket::split(stream.into_std()?)?;
    serve(r, w, config).await
}
