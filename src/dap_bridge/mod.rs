//! The DAP bridge between the editor and `dlv dap`: pass-through, condition
//! verdicts, console completions, path rewriting. Only this layer speaks DAP.
//!
//! Reader and writer tasks own the streams (framing), [`session`] owns the
//! routing table and decides; nothing here knows how to check an expression.
//!
//! Decisions other programs can rely on:
//! - Pass-through messages are JSON-equal to what the peer sent, except `seq`
//!   / `request_seq` (each side has its own sequence space).
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
//!   never shown to the editor). Editor requests after a launch/attach are
//!   held, in order, until the rules are known.
//! - Verdicts and console completions use that local binary's DWARF when
//!   there is one: exactly what Delve sees, refined with the sources; the
//!   sources alone otherwise.
//! - `completions` is answered here; `supportsCompletionsRequest: true` and
//!   `completionTriggerCharacters: ["."]` are added to the capabilities.

mod backend;
pub mod breakpoints;
pub mod command;
mod completions;
pub mod delve_types;
pub mod envelope;
pub mod path_fields;
pub mod session;
mod target;

use std::path::PathBuf;

use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, BufReader, BufWriter};
use tokio::sync::mpsc;

use self::envelope::Message;
use self::session::{Ended, Input, Session};
use crate::framing::{self, FrameLimits};

pub use backend::find_dlv;

/// How `dlvbridge dap` reaches Delve.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// `--dlv PATH`; otherwise `$DLV_PATH`, then PATH.
    pub dlv: Option<PathBuf>,
    /// `--connect HOST:PORT`: a `dlv dap` that is already running.
    pub connect: Option<String>,
    pub limits: FrameLimits,
}

/// Frames from `r` become inputs until EOF or the first malformed frame.
fn spawn_reader<R>(r: R, limits: FrameLimits, tx: mpsc::UnboundedSender<Input>, editor: bool)
where
    R: AsyncRead + Unpin + Send + 'static,
{
    tokio::spawn(async move {
        let side = if editor { "editor" } else { "delve" };
        let mut r = BufReader::with_capacity(64 * 1024, r);
        let closed = loop {
            match framing::read_frame(&mut r, &limits).await {
                Ok(Some(body)) => match Message::parse(&body) {
                    Ok(m) => {
                        tracing::trace!("{side} → {}", String::from_utf8_lossy(&body));
                        let input = if editor { Input::FromEditor(m) } else { Input::FromDelve(m) };
                        if tx.send(input).is_err() {
                            return;
                        }
                    }
                    Err(e) => break Some(format!("invalid DAP message from {side}: {e}")),
                },
                Ok(None) => break None,
                Err(e) => break Some(format!("malformed frame from {side}: {e}")),
            }
        };
        let _ = tx.send(if editor { Input::EditorClosed(closed) } else { Input::DelveClosed(closed) });
    });
}

/// Writes each message body as a frame; ends when every sender is gone.
fn spawn_writer<W>(w: W, mut rx: mpsc::UnboundedReceiver<Vec<u8>>) -> tokio::task::JoinHandle<()>
where
    W: AsyncWrite + Unpin + Send + 'static,
{
    tokio::spawn(async move {
        let mut w = BufWriter::with_capacity(64 * 1024, w);
        while let Some(body) = rx.recv().await {
            tracing::trace!("write {}", String::from_utf8_lossy(&body));
            if framing::write_frame(&mut w, &body).await.is_err() {
                break;
            }
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

/// Serves one debug session between the editor's streams and Delve.
pub async fn serve<R, W>(editor_in: R, editor_out: W, config: Config) -> anyhow::Result<()>
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    let backend = match &config.connect {
        Some(addr) => backend::connect(addr).await?,
        None => backend::spawn(&find_dlv(config.dlv.as_deref())?).await?,
    };
    let mut child = backend.child;
    let (delve_read, delve_write) = backend.stream.into_split();

    let (in_tx, mut in_rx) = mpsc::unbounded_channel();
    let (editor_tx, editor_rx) = mpsc::unbounded_channel();
    let (delve_tx, delve_rx) = mpsc::unbounded_channel();
    let editor_writer = spawn_writer(editor_out, editor_rx);
    let delve_writer = spawn_writer(delve_write, delve_rx);
    spawn_reader(editor_in, config.limits, in_tx.clone(), true);
    spawn_reader(delve_read, config.limits, in_tx.clone(), false);

    let mut session = Session::new(editor_tx, delve_tx.clone(), in_tx);
    session.set_remote(config.connect.is_some());
    let ended = session.run(&mut in_rx).await;

    if ended == Ended::EditorClosed && !session.disconnect_requested() {
        // Let Delve end the debuggee it started before its own end.
        let m = Message::request("disconnect", serde_json::json!({"terminateDebuggee": true}));
        let mut m = m;
        m.seq = i64::MAX / 2;
        let _ = delve_tx.send(m.to_bytes());
    }
    // Removed once Delve, which runs it, is gone.
    let temp_output = session.take_temp_output();
    drop(session);
    drop(delve_tx);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(1), delve_writer).await;
    if let Some(child) = child.as_mut() {
        let pid = child.id();
        match tokio::time::timeout(session::DELVE_GRACE, child.wait()).await {
            Ok(status) => tracing::info!(?pid, ?status, "dlv exited"),
            Err(_) => {
                tracing::info!(?pid, "dlv still running; killing it");
                let _ = child.kill().await;
            }
        }
    }
    drop(temp_output);
    // Everything queued for the editor (error responses, `terminated`) goes out.
    let _ = tokio::time::timeout(std::time::Duration::from_secs(2), editor_writer).await;
    Ok(())
}

/// Serves one debug session to the first client of an owner-only unix
/// socket at `path` (the endpoint the LSP side hands to editors). The socket
/// is made 0600 right after `bind`; put it in an owner-only directory (such
/// as `$XDG_RUNTIME_DIR`) so no other user can reach it even then.
#[cfg(unix)]
pub async fn serve_unix(path: &std::path::Path, config: Config) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::remove_file(path);
    let listener = tokio::net::UnixListener::bind(path)
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", path.display()))?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    tracing::info!("waiting for a DAP client on {}", path.display());
    let (stream, _) = listener.accept().await?;
    drop(listener);
    let _ = std::fs::remove_file(path);
    let (r, w) = stream.into_split();
    serve(r, w, config).await
}
