//! The tasks that own the streams: a reader per peer turns frames into
//! session inputs until EOF or the first malformed frame; a writer per
//! peer turns message bodies into frames, batching what is queued into
//! one flush.

use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, BufReader, BufWriter};
use tokio::sync::mpsc;

use super::envelope::Message;
use super::session::Input;
use crate::framing::{self, FrameLimits};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Editor,
    Delve,
}

/// Frames from `r` become inputs until EOF or the first malformed frame.
pub(super) fn spawn_reader<R>(r: R, limits: FrameLimits, tx: mpsc::UnboundedSender<Input>, side: Side)
where
    R: AsyncRead + Unpin + Send + 'static,
{
    tokio::spawn(async move {
        let name = if side == Side::Editor { "editor" } else { "delve" };
        let mut r = BufReader::with_capacity(64 * 1024, r);
        let closed = loop {
            match framing::read_frame(&mut r, &limits).await {
                Ok(Some(body)) => match Message::parse(&body) {
                    Ok(m) => {
                        tracing::trace!("{name} → {}", super::redact::for_log(&body));
                        let input = match side {
                            Side::Editor => Input::FromEditor(m),
                            Side::Delve => Input::FromDelve(m),
                        };
                        if tx.send(input).is_err() {
                            return;
                        }
                    }
                    Err(e) => break Some(format!("invalid DAP message from {name}: {e}")),
                },
                Ok(None) => break None,
                Err(e) => break Some(format!("malformed frame from {name}: {e}")),
            }
        };
        let _ = tx.send(match side {
            Side::Editor => Input::EditorClosed(closed),
            Side::Delve => Input::DelveClosed(closed),
        });
    });
}

/// Writes each message body as a frame; ends when every sender is gone.
pub(super) fn spawn_writer<W>(w: W, mut rx: mpsc::UnboundedReceiver<Vec<u8>>) -> tokio::task::JoinHandle<()>
where
    W: AsyncWrite + Unpin + Send + 'static,
{
    tokio::spawn(async move {
        let mut w = BufWriter::with_capacity(64 * 1024, w);
        while let Some(body) = rx.recv().await {
            tracing::trace!("write {}", super::redact::for_log(&body));
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
