//! The socket of `dlvbridge dap --listen PATH`: owner-only from the moment it
//! can be reached, and never at the cost of anything already at `PATH` but
//! a stale socket (a regular file, a symbolic link or a live socket there is
//! refused, never deleted).

use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};

/// The socket file made by [`bind_owner_only`]; dropping it removes the
/// file if it is still the same socket (someone may have replaced it).
pub struct SocketFile {
    path: PathBuf,
    id: (u64, u64),
}

impl Drop for SocketFile {
    fn drop(&mut self) {
        let ours = std::fs::symlink_metadata(&self.path).is_ok_and(|m| (m.dev(), m.ino()) == self.id);
        if ours {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Listens on a new socket at `path`, mode 0600. What is at `path` decides:
/// nothing, or a socket nobody listens on any more, and it is made; a live
/// socket, a symbolic link or anything else, and it is refused untouched.
///
/// The socket is bound in a fresh 0700 folder beside `path`, restricted
/// there, and then hard-linked to `path`: linking never replaces a file, so
/// whatever appears at `path` meanwhile is refused too, and nobody can
/// reach the socket before it is owner-only (`chmod` after `bind` at `path`
/// itself would leave a moment when it is not, and would follow a link
/// planted there).
pub fn bind_owner_only(path: &Path) -> anyhow::Result<(UnixListener, SocketFile)> {
    let shown = path.display();
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => anyhow::bail!("cannot listen on {shown}: {e}"),
        Ok(m) if m.file_type().is_socket() => match UnixStream::connect(path) {
            Ok(_) => anyhow::bail!("cannot listen on {shown}: a running server listens there"),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                tracing::info!("replacing the stale socket {shown}");
                std::fs::remove_file(path)
                    .map_err(|e| anyhow::anyhow!("cannot remove the stale socket {shown}: {e}"))?;
            }
            Err(e) => anyhow::bail!("cannot listen on {shown}: a socket is there ({e}); not replaced"),
        },
        Ok(m) if m.file_type().is_symlink() => {
            anyhow::bail!("cannot listen on {shown}: it is a symbolic link; not replaced")
        }
        Ok(_) => anyhow::bail!("cannot listen on {shown}: something other than a socket is there; not replaced"),
    }
    if path.file_name().is_none() {
        anyhow::bail!("cannot listen on {shown}: not a file name");
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let private = PrivateDir::new(parent)
        .map_err(|e| anyhow::anyhow!("cannot listen on {shown}: no private folder in {}: {e}", parent.display()))?;
    let staged = private.socket();
    let listener = UnixListener::bind(&staged).map_err(|e| anyhow::anyhow!("cannot listen on {shown}: {e}"))?;
    std::fs::set_permissions(&staged, std::fs::Permissions::from_mode(0o600))
        .map_err(|e| anyhow::anyhow!("cannot restrict {shown}: {e}"))?;
    let meta = std::fs::symlink_metadata(&staged)?;
    std::fs::hard_link(&staged, path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            anyhow::anyhow!("cannot listen on {shown}: a file appeared there; not replaced")
        }
        _ => anyhow::anyhow!("cannot listen on {shown}: {e}"),
    })?;
    Ok((listener, SocketFile { path: path.to_path_buf(), id: (meta.dev(), meta.ino()) }))
}

/// A fresh owner-only folder for one socket, `dap.sock`: removed with it
/// when dropped.
pub(super) struct PrivateDir(PathBuf);

impl PrivateDir {
    pub fn new(parent: &Path) -> std::io::Result<PrivateDir> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        for attempt in 0..100u32 {
            let dir = parent.join(format!(".dlvbridge-{}-{:x}", std::process::id(), nanos.wrapping_add(attempt)));
            match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
                Ok(()) => return Ok(PrivateDir(dir)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("no unused folder name"))
    }
}

impl PrivateDir {
    /// Where the folder's socket is.
    pub fn socket(&self) -> PathBuf {
        self.0.join("dap.sock")
    }
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(self.socket());
        let _ = std::fs::remove_dir(&self.0);
    }
}
