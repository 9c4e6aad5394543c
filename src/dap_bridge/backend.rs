//! Reaching `dlv dap`: spawn it listening on loopback (`--dlv`, `$DLV_PATH`,
//! then PATH) or connect to one already running (`--connect HOST:PORT`),
//! and ending it. The child is killed when dropped, and ended with the
//! processes it started, so no path leaves an orphan.

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

/// Waits `grace` for the `dlv` this bridge started to exit, then kills it
/// and every process it started (the debuggee, a build): Delve cannot be
/// trusted to end them once it stopped answering.
pub async fn end(mut child: Child, grace: Duration) {
    let pid = child.id();
    match tokio::time::timeout(grace, child.wait()).await {
        Ok(status) => tracing::info!(?pid, ?status, "dlv exited"),
        Err(_) => {
            tracing::info!(?pid, "dlv still running; killing it and what it started");
            // Listed first: once dlv is gone, its children are no longer its.
            let started = pid.map(descendants).unwrap_or_default();
            kill(&started);
            let _ = child.kill().await;
        }
    }
}

/// Every live process below `pid`, children first.
#[cfg(target_os = "linux")]
fn descendants(pid: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(p) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat")) else { continue };
        // pid (comm) state ppid …: the name may hold spaces and parentheses.
        let Some(close) = stat.rfind(')') else { continue };
        let mut fields = stat[close + 1..].split_whitespace();
        if let (Some(_state), Some(ppid)) = (fields.next(), fields.next().and_then(|f| f.parse().ok())) {
            parents.push((p, ppid));
        }
    }
    let mut found = vec![pid];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(parents.iter().filter(|(_, pp)| *pp == parent).map(|(p, _)| *p));
        i += 1;
    }
    found.remove(0);
    found
}

/// Without `/proc`, only dlv itself is killed (Delve ends its debuggee
/// when it dies on the other systems it supports).
#[cfg(not(target_os = "linux"))]
fn descendants(_pid: u32) -> Vec<u32> {
    Vec::new()
}

/// SIGKILL to `pids` (through `kill`, to keep libc out of the build).
fn kill(pids: &[u32]) {
    if pids.is_empty() || !cfg!(unix) {
        return;
    }
    tracing::info!(?pids, "killing the processes dlv started");
    let status = std::process::Command::new("kill")
        .arg("-KILL")
        .args(pids.iter().map(u32::to_string))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if let Err(e) = status {
        tracing::warn!("cannot run kill: {e}");
    }
}
