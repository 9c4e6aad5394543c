//! A unix socket split for the bridge's loop: the read half waits for
//! readability alone, and the write half writes straight away, waiting for
//! writability only when the kernel's buffer is full.
//!
//! A unix socket watched for both (as a tokio `UnixStream` is) wakes the
//! loop each time the peer reads what was written to it — once per request
//! sent to Delve — only to find nothing to do. Registered this way, a
//! request and its answer cost one wakeup each, as a blocking relay's.

use std::io::{self, Read, Write};
use std::net::Shutdown;
use std::os::unix::net::UnixStream;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use tokio::io::unix::AsyncFd;
use tokio::io::{AsyncRead, AsyncWrite, Interest, ReadBuf};

/// The two halves of `stream`, which is made non-blocking.
pub(super) fn split(stream: UnixStream) -> io::Result<(SocketRead, SocketWrite)> {
    stream.set_nonblocking(true)?;
    let write = stream.try_clone()?;
    let read = register(stream, Interest::READABLE)?;
    Ok((SocketRead { fd: read }, SocketWrite { stream: write, full: None }))
}

/// `stream` watched by the runtime for `interest` alone.
fn register(stream: UnixStream, interest: Interest) -> io::Result<AsyncFd<UnixStream>> {
    // SAFETY: the `AsyncFd` owns the stream, so its descriptor stays open
    // and the same until the `AsyncFd` is dropped.
    Ok(unsafe { AsyncFd::register_with_interest(stream, interest) }?)
}

/// The read half: registered for readability only.
pub(super) struct SocketRead {
    fd: AsyncFd<UnixStream>,
}

impl AsyncRead for SocketRead {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        loop {
            let mut guard = ready!(self.fd.poll_read_ready(cx))?;
            let unfilled = buf.initialize_unfilled();
            let wanted = unfilled.len();
            match guard.try_io(|fd| fd.get_ref().read(unfilled)) {
                Ok(Ok(n)) => {
                    // Less than asked: the socket is drained, so the next
                    // read waits for readiness instead of failing once.
                    if n > 0 && n < wanted {
                        guard.clear_ready();
                    }
                    buf.advance(n);
                    return Poll::Ready(Ok(()));
                }
                Ok(Err(e)) if e.kind() == io::ErrorKind::Interrupted => continue,
                Ok(Err(e)) => return Poll::Ready(Err(e)),
                Err(_would_block) => continue,
            }
        }
    }
}

/// The write half: a plain non-blocking write, registered for writability
/// (on a duplicate of the descriptor) only while the socket is full.
pub(super) struct SocketWrite {
    stream: UnixStream,
    full: Option<AsyncFd<UnixStream>>,
}

impl AsyncWrite for SocketWrite {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        loop {
            if let Some(full) = &self.full {
                let mut guard = ready!(full.poll_write_ready(cx))?;
                match guard.try_io(|fd| fd.get_ref().write(data)) {
                    Ok(Ok(n)) => {
                        // Room again: no more wakeups for writability.
                        drop(guard);
                        self.full = None;
                        return Poll::Ready(Ok(n));
                    }
                    Ok(Err(e)) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Ok(Err(e)) => return Poll::Ready(Err(e)),
                    Err(_would_block) => continue,
                }
            }
            match (&self.stream).write(data) {
                Ok(n) => return Poll::Ready(Ok(n)),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    self.full = Some(register(self.stream.try_clone()?, Interest::WRITABLE)?);
                }
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(match self.stream.shutdown(Shutdown::Write) {
            Err(e) if e.kind() == io::ErrorKind::NotConnected => Ok(()),
            done => done,
        })
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    /// More than a socket holds goes through (the writer waits for room),
    /// and a shutdown is an EOF to the reader.
    #[test]
    fn a_full_socket_waits_and_everything_arrives() {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let (a, b) = UnixStream::pair().unwrap();
            let (_, mut w) = split(a).unwrap();
            let (mut r, _keep) = split(b).unwrap();
            let data: Vec<u8> = (0..8 * 1024 * 1024).map(|i| (i % 251) as u8).collect();
            let sent = data.clone();
            let writer = tokio::spawn(async move {
                w.write_all(&sent).await.unwrap();
                w.shutdown().await.unwrap();
            });
            let mut got = Vec::new();
            r.read_to_end(&mut got).await.unwrap();
            writer.await.unwrap();
            assert!(got == data, "{} bytes of {} arrived, or not in order", got.len(), data.len());
        });
    }
}
