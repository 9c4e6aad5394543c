//! The DAP endpoint of the LSP process: an owner-only unix socket (mode
//! 0600 in a fresh 0700 directory) where the editor's debug client, or a
//! `dlvbridge dap` of the same workspace, gets a debug session served by
//! the same bridge code as `dlvbridge dap`, each connection its own session
//! (several at once when clients overlap). Each session reports to the
//! LSP side's state owner through its event sink.
//!
//! A discovery file keyed by the workspace root (0600, in a 0700 directory
//! of the user's: `$XDG_RUNTIME_DIR/dlvbridge-UID`, else the temporary
//! directory's) lets `dlvbridge dap` find the running server; a file whose
//! socket no longer answers is stale and ignored.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::world::{Event, SessionId, WorldHandle};
use crate::dap_bridge::{self, EventSink, SessionEvent};

/// What a discovery file says.
#[derive(Debug, Serialize, Deserialize)]
pub struct Discovery {
    pub root: PathBuf,
    pub socket: PathBuf,
    pub pid: u32,
}

/// A listening endpoint; dropping it stops listening and removes the
/// socket, its directory and the discovery file.
pub struct Endpoint {
    pub socket: PathBuf,
    dir: PathBuf,
    discovery: Option<PathBuf>,
    accept: tokio::task::JoinHandle<()>,
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        self.accept.abort();
        let _ = std::fs::remove_file(&self.socket);
        let _ = std::fs::remove_dir(&self.dir);
        if let Some(file) = &self.discovery {
            // Only if it is still ours: another server may have replaced it.
            let ours = std::fs::read(file)
                .ok()
                .and_then(|b| serde_json::from_slice::<Discovery>(&b).ok())
                .is_some_and(|d| d.socket == self.socket);
            if ours {
                let _ = std::fs::remove_file(file);
            }
        }
    }
}

/// Where private directories go: `$XDG_RUNTIME_DIR` (owner-only by its
/// specification) when set, else the temporary directory.
pub fn runtime_base() -> PathBuf {
    std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute() && p.is_dir())
        .unwrap_or_else(std::env::temp_dir)
}

#[cfg_attr(not(unix), allow(dead_code))]
/// FNV-1a: a hash that stays the same across builds and versions, so every
/// dlvbridge finds the same discovery file for a workspace.
fn stable_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg_attr(not(unix), allow(dead_code))]
fn discovery_name(root: &Path) -> String {
    format!("ws-{:016x}.json", stable_hash(&root.to_string_lossy()))
}

#[cfg(unix)]
mod imp {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
    use std::path::{Path, PathBuf};

    use super::*;

    /// Creates a fresh owner-only directory in `base` (never reusing one).
    fn private_dir(base: &Path, prefix: &str) -> std::io::Result<PathBuf> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        for attempt in 0..100u32 {
            let dir = base.join(format!("{prefix}-{}-{:x}", std::process::id(), nanos.wrapping_add(attempt)));
            match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
                Ok(()) => return Ok(dir),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("cannot create a private directory"))
    }

    /// The user's discovery directory in `base`, created 0700 if absent;
    /// refused unless it is a real directory owned by `uid` with no access
    /// for others.
    pub fn discovery_dir(base: &Path, uid: u32) -> Result<PathBuf, String> {
        let dir = base.join(format!("dlvbridge-{uid}"));
        match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(format!("cannot create {}: {e}", dir.display())),
        }
        let meta = std::fs::symlink_metadata(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if !meta.is_dir() || meta.uid() != uid || meta.mode() & 0o077 != 0 {
            return Err(format!("{} is not a private directory of this user; not used", dir.display()));
        }
        Ok(dir)
    }

    fn current_uid(dir_we_created: &Path) -> std::io::Result<u32> {
        Ok(std::fs::metadata(dir_we_created)?.uid())
    }

    pub async fn open(
        config: dap_bridge::Config,
        root: Option<&Path>,
        base: &Path,
        world: WorldHandle,
    ) -> Result<Endpoint, String> {
        let dir = private_dir(base, "dlvbridge")
            .map_err(|e| format!("cannot create a private directory in {}: {e}", base.display()))?;
        let socket = dir.join("dap.sock");
        let listener = tokio::net::UnixListener::bind(&socket).map_err(|e| {
            let _ = std::fs::remove_dir(&dir);
            format!("cannot listen on {}: {e}", socket.display())
        })?;
        std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| format!("cannot restrict {}: {e}", socket.display()))?;
        tracing::info!(socket = %socket.display(), "DAP endpoint listening");
        let discovery = match root {
            Some(root) => match write_discovery(root, &socket, &dir, base) {
                Ok(file) => Some(file),
                Err(e) => {
                    tracing::warn!("no discovery file, `dlvbridge dap` will not join this server: {e}");
                    None
                }
            },
            None => None,
        };
        let accept = tokio::spawn(accept_loop(listener, config, world));
        Ok(Endpoint { socket, dir, discovery, accept })
    }

    fn write_discovery(root: &Path, socket: &Path, our_dir: &Path, base: &Path) -> Result<PathBuf, String> {
        let uid = current_uid(our_dir).map_err(|e| e.to_string())?;
        let dir = discovery_dir(base, uid)?;
        let file = dir.join(discovery_name(root));
        let tmp = dir.join(format!(".{}.{}", discovery_name(root), std::process::id()));
        let body = serde_json::to_vec(&Discovery {
            root: root.to_path_buf(),
            socket: socket.to_path_buf(),
            pid: std::process::id(),
        })
        .map_err(|e| e.to_string())?;
        let _ = std::fs::remove_file(&tmp);
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(|e| format!("{}: {e}", tmp.display()))?;
        std::io::Write::write_all(&mut f, &body).map_err(|e| e.to_string())?;
        std::fs::rename(&tmp, &file).map_err(|e| format!("{}: {e}", file.display()))?;
        Ok(file)
    }

    /// Serves a session on each connection. The sessions live in this
    /// task: when the endpoint goes, they go (and the dlv each started).
    async fn accept_loop(listener: tokio::net::UnixListener, config: dap_bridge::Config, world: WorldHandle) {
        let mut sessions = tokio::task::JoinSet::new();
        let mut started: SessionId = 0;
        loop {
            let accepted = listener.accept().await;
            while sessions.try_join_next().is_some() {} // those that ended
            let stream = match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    tracing::warn!("DAP endpoint: accept failed: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            };
            started += 1;
            let (r, w) = stream.into_split();
            sessions.spawn(serve_session(started, r, w, config.clone(), world.clone()));
        }
    }

    /// The socket of a running `dlvbridge lsp` whose workspace is `dir` or
    /// one of its ancestors, connected; stale discovery files are removed.
    pub fn join_running(dir: &Path, base: &Path) -> Option<std::os::unix::net::UnixStream> {
        let dir = dir.canonicalize().ok()?;
        // Our uid: the owner of a directory we create and remove at once.
        let probe = private_dir(base, "dlvbridge-probe").ok()?;
        let uid = current_uid(&probe).ok();
        let _ = std::fs::remove_dir(&probe);
        let discovery = discovery_dir(base, uid?).ok()?;
        for root in dir.ancestors() {
            let file = discovery.join(discovery_name(root));
            let Ok(bytes) = std::fs::read(&file) else { continue };
            let Ok(found) = serde_json::from_slice::<Discovery>(&bytes) else { continue };
            if found.root != root {
                continue;
            }
            match std::os::unix::net::UnixStream::connect(&found.socket) {
                Ok(stream) => {
                    tracing::info!(socket = %found.socket.display(), pid = found.pid, "joining the running dlvbridge lsp");
                    return Some(stream);
                }
                Err(e) => {
                    tracing::info!(file = %file.display(), "stale discovery file removed: {e}");
                    let _ = std::fs::remove_file(&file);
                }
            }
        }
        None
    }
}

#[cfg(unix)]
pub use imp::{discovery_dir, join_running, open};

#[cfg(not(unix))]
pub async fn open(
    _config: dap_bridge::Config,
    _root: Option<&Path>,
    _base: &Path,
    _world: WorldHandle,
) -> Result<Endpoint, String> {
    Err("the DAP endpoint needs unix sockets; Windows named pipes are not supported yet".to_string())
}

/// Serves session `id` on one connection, its reports going to the state
/// owner; the owner hears that it ended even when the bridge could not
/// start (no dlv), since then the bridge reports nothing.
#[cfg_attr(not(unix), allow(dead_code))]
async fn serve_session<R, W>(id: SessionId, read: R, write: W, mut config: dap_bridge::Config, world: WorldHandle)
where
    R: tokio::io::AsyncRead + Unpin + Send + 'static,
    W: tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    tracing::info!(session = id, "DAP endpoint: session started");
    world.send(Event::SessionStarted { id });
    let reports = world.clone();
    config.events = Some(EventSink::new(move |event| reports.send(Event::Session { id, event })));
    if let Err(e) = dap_bridge::serve(read, write, config).await {
        tracing::warn!(session = id, "DAP endpoint: session failed: {e:#}");
    }
    world.send(Event::Session { id, event: SessionEvent::Ended });
    tracing::info!(session = id, "DAP endpoint: session ended");
}

/// Relays the editor's DAP stdio to a joined server's socket until the
/// server closes it, or the editor closes its end (then the server sees the
/// socket close, which ends the session).
#[cfg(unix)]
pub async fn relay<I, O>(stream: std::os::unix::net::UnixStream, mut input: I, mut output: O) -> anyhow::Result<()>
where
    I: tokio::io::AsyncRead + Unpin + Send + 'static,
    O: tokio::io::AsyncWrite + Unpin,
{
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream.set_nonblocking(true)?;
    let (mut from_server, mut to_server) = tokio::net::UnixStream::from_std(stream)?.into_split();
    let up = tokio::spawn(async move {
        let _ = tokio::io::copy(&mut input, &mut to_server).await;
        let _ = to_server.shutdown().await;
    });
    let mut buf = vec![0u8; 64 * 1024];
    let relayed = loop {
        let n = match from_server.read(&mut buf).await {
            Ok(0) => break Ok(()),
            Ok(n) => n,
            Err(e) => break Err(e),
        };
        match output.write_all(&buf[..n]).await.and(output.flush().await) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                // What the server says after the editor left (a late
                // `terminated`) has no reader: not a failure.
                tracing::debug!("the editor closed its end; relay done");
                break Ok(());
            }
            Err(e) => break Err(e),
        }
    };
    let _ = output.flush().await;
    up.abort();
    relayed?;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::io::Write;

    #[test]
    fn a_relay_ends_well_when_the_editor_closed_its_end() {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let (relayed, mut server) = std::os::unix::net::UnixStream::pair().unwrap();
            // The editor is gone: its input ended, nobody reads its output.
            let (input, editor_in) = tokio::io::duplex(64);
            let (output, editor_out) = tokio::io::duplex(64);
            drop((editor_in, editor_out));
            server.write_all(b"Content-Length: 2\r\n\r\n{}").unwrap();
            drop(server);
            let ended = super::relay(relayed, input, output).await;
            assert!(ended.is_ok(), "{ended:?}");
        });
    }

    /// A discovery directory another user could write to (or plant as a
    /// link) would let them point `dlvbridge dap` at their socket.
    #[test]
    fn a_discovery_directory_open_to_others_or_planted_is_not_used() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let base = std::env::temp_dir().join(format!("dlvbridge-discovery-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        std::fs::create_dir(&base).unwrap();
        let uid = std::fs::metadata(&base).unwrap().uid();
        let dir = super::discovery_dir(&base, uid).expect("created");
        assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert!(super::discovery_dir(&base, uid).unwrap_err().contains("not a private directory"));
        std::fs::remove_dir(&dir).unwrap();
        let elsewhere = base.join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        std::fs::set_permissions(&elsewhere, std::fs::Permissions::from_mode(0o700)).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &dir).unwrap();
        assert!(super::discovery_dir(&base, uid).unwrap_err().contains("not a private directory"));
        std::fs::remove_file(&dir).unwrap();
        std::fs::write(&dir, "").unwrap();
        assert!(super::discovery_dir(&base, uid).is_err(), "a file is no directory");
        std::fs::remove_file(&dir).unwrap();
        assert!(
            super::discovery_dir(&base, uid + 1).unwrap_err().contains("not a private directory"),
            "another user's"
        );
        std::fs::remove_dir_all(&base).unwrap();
    }
}
