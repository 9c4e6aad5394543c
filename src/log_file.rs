//! The log of `dlvbridge dap` and `dlvbridge lsp` (`--log-file`, filtered
//! by `RUST_LOG`). The file may sit in a shared folder, so it is opened
//! without following a symbolic link, only if it is a regular file of this
//! user, and kept owner-only (0600). What is logged never holds a launch's
//! environment values or program arguments (`dap_bridge::redact`).

use std::path::Path;

use tracing_subscriber::prelude::*;

/// Sends `tracing` events to `path`, or to stderr without one, at `default`
/// and above unless `RUST_LOG` says otherwise (`dlvbridge=debug,dlv=trace`
/// style). Never stdout: that is the protocol.
pub fn init(path: Option<&Path>, default: tracing::Level) -> Result<(), String> {
    use tracing_subscriber::fmt::writer::BoxMakeWriter;
    let filter: tracing_subscriber::filter::Targets = std::env::var("RUST_LOG")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| tracing_subscriber::filter::Targets::new().with_default(default));
    let writer = match path {
        Some(path) => BoxMakeWriter::new(std::sync::Mutex::new(open(path)?)),
        None => BoxMakeWriter::new(std::io::stderr),
    };
    let layer = tracing_subscriber::fmt::layer().with_ansi(false).with_writer(writer);
    let _ = tracing_subscriber::registry().with(layer.with_filter(filter)).try_init();
    Ok(())
}

/// Opens `path` for appending: created 0600, or an existing regular file
/// owned by this user (narrowed to 0600 if others could read it). A
/// symbolic link, a FIFO or device, or another user's file is refused, so
/// a name planted in a shared folder cannot redirect the log.
#[cfg(unix)]
pub fn open(path: &Path) -> Result<std::fs::File, String> {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
    let fail = |why: String| format!("cannot open log file {}: {why}", path.display());
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        // O_NONBLOCK: opening a FIFO for writing would wait for a reader.
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => fail("it is a symbolic link".into()),
            Some(libc::ENXIO) => fail("it is not a regular file".into()),
            _ => fail(e.to_string()),
        })?;
    let meta = file.metadata().map_err(|e| fail(e.to_string()))?;
    if !meta.is_file() {
        return Err(fail("it is not a regular file".into()));
    }
    // SAFETY: geteuid has no preconditions and cannot fail.
    let uid = unsafe { libc::geteuid() };
    if meta.uid() != uid {
        return Err(fail(format!("it belongs to another user (uid {})", meta.uid())));
    }
    if meta.mode() & 0o077 != 0 {
        file.set_permissions(std::fs::Permissions::from_mode(0o600)).map_err(|e| fail(e.to_string()))?;
    }
    Ok(file)
}

#[cfg(not(unix))]
pub fn open(path: &Path) -> Result<std::fs::File, String> {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| format!("cannot open log file {}: {e}", path.display()))
}
