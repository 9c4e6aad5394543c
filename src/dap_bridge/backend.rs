//! Reaching `dlv dap`: spawn it listening on loopback (`--dlv`, `$DLV_PATH`,
//! then PATH) or connect to one already running (`--connect HOST:PORT`).
//! The child is killed when dropped, so no path leaves an orphan.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};

/// How long `dlv dap` may take to print its address.
const SPAWN_TIMEOUT: Duration = Duration::from_secs(20);

pub struct Backend {
    pub stream: TcpStream,
    /// The `dlv dap` this bridge started, if it did.
    pub child: Option<Child>,
}

/// `--dlv`, then `$DLV_PATH`, then `dlv` on PATH.
pub fn find_dlv(explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("DLV_PATH").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let exe = if cfg!(windows) { "dlv.exe" } else { "dlv" };
    std::env::var_os("PATH")
        .and_then(|path| std::env::split_paths(&path).map(|d| d.join(exe)).find(|c| c.is_file()))
        .ok_or_else(|| anyhow!("dlv not found: pass --dlv PATH, set DLV_PATH, or put dlv on PATH"))
}

pub async fn connect(addr: &str) -> anyhow::Result<Backend> {
    let stream = tokio::time::timeout(Duration::from_secs(10), TcpStream::connect(addr))
        .await
        .map_err(|_| anyhow!("timed out connecting to dlv at {addr}"))?
        .with_context(|| format!("cannot connect to dlv at {addr}"))?;
    stream.set_nodelay(true)?;
    Ok(Backend { stream, child: None })
}

pub async fn spawn(dlv: &Path) -> anyhow::Result<Backend> {
    let mut child = Command::new(dlv)
        .args(["dap", "--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("cannot start {}", dlv.display()))?;
    let pid = child.id();
    tracing::info!(pid, dlv = %dlv.display(), "started dlv dap");
    let stdout = child.stdout.take().context("dlv stdout")?;
    let stderr = child.stderr.take().context("dlv stderr")?;
    tokio::spawn(async move {
        let mut lines = BufReader::new(stderr).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            tracing::debug!(target: "dlv", "stderr: {line}");
        }
    });
    let mut lines = BufReader::new(stdout).lines();
    let addr = tokio::time::timeout(SPAWN_TIMEOUT, async {
        while let Some(line) = lines.next_line().await? {
            tracing::debug!(target: "dlv", "stdout: {line}");
            if let Some(i) = line.find("listening at:") {
                return Ok(line[i + "listening at:".len()..].trim().to_string());
            }
        }
        bail!("dlv exited before printing its address")
    })
    .await
    .map_err(|_| anyhow!("dlv did not print its address within {SPAWN_TIMEOUT:?}"))??;
    // Keep draining dlv's stdout (the debuggee may write there): a full pipe
    // would stall it.
    tokio::spawn(async move {
        while let Ok(Some(line)) = lines.next_line().await {
            tracing::debug!(target: "dlv", "stdout: {line}");
        }
    });
    let mut backend = connect(&addr).await?;
    backend.child = Some(child);
    Ok(backend)
}
