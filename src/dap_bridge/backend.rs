//! Reaching `dlv dap`: spawn it listening on loopback (`--dlv`, `$DLV_PATH`,
//! then PATH) or connect to one already running (`--connect HOST:PORT`),
//! and ending it. The child is killed when dropped, and ended with the
//! processes it started, so no path leaves an orphan. It runs in a process
//! group of its own: a build it runs (`go build`, the compiler, the
//! linker) is in that group, so one signal ends all of it, even a process
//! forked a moment before.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};

use super::transport::OutputPumps;

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

/// Starts `dlv dap` on loopback. Its stdout and stderr (where, in Delve's
/// default output mode, the debuggee prints) go to `pumps` from the
/// start, its address line aside.
pub async fn spawn(dlv: &Path, pumps: &mut OutputPumps) -> anyhow::Result<Backend> {
    let mut command = Command::new(dlv);
    command
        .args(["dap", "--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    #[cfg(unix)]
    command.process_group(0);
    let mut child = command.spawn().with_context(|| format!("cannot start {}", dlv.display()))?;
    let pid = child.id();
    tracing::info!(pid, dlv = %dlv.display(), "started dlv dap");
    let stdout = child.stdout.take().context("dlv stdout")?;
    let stderr = child.stderr.take().context("dlv stderr")?;
    pumps.pump(stderr, "stderr");
    // Only Delve writes before its address: lines, each far below a
    // pipe's capacity.
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
    // What follows is the debuggee's, bytes of any kind.
    pumps.pump(lines.into_inner(), "stdout");
    let mut backend = connect(&addr).await?;
    backend.child = Some(child);
    Ok(backend)
}

/// How long the processes killed at the end get to be gone.
const KILLED_GONE: Duration = Duration::from_secs(2);

/// Waits `grace` for the `dlv` this bridge started to exit, then kills it
/// and every process it started (the debuggee, a build): Delve cannot be
/// trusted to end them once it stopped answering. Returns once they are
/// gone, so a build can no longer write where the bridge cleans up.
pub async fn end(mut child: Child, grace: Duration) {
    let pid = child.id();
    let started = match tokio::time::timeout(grace, child.wait()).await {
        Ok(status) => {
            tracing::info!(?pid, ?status, "dlv exited");
            // A build whose dlv died stays in dlv's group: the group id
            // cannot be reused while such a process lives.
            if let Some(group) = pid.filter(|g| !group_members(*g).is_empty()) {
                kill_group(group);
            }
            Vec::new()
        }
        Err(_) => {
            tracing::info!(?pid, "dlv still running; killing it and what it started");
            // Listed first: once dlv is gone, its children are no longer its.
            let started = pid.map(descendants).unwrap_or_default();
            // dlv is not reaped yet, so its group id is still its own.
            if let Some(group) = pid {
                kill_group(group);
            }
            kill(&started);
            let _ = child.kill().await;
            started
        }
    };
    wait_gone(&started, pid).await;
}

/// Waits (at most [`KILLED_GONE`]) until none of `pids` and no member of
/// process group `group` is alive.
async fn wait_gone(pids: &[u32], group: Option<u32>) {
    let deadline = tokio::time::Instant::now() + KILLED_GONE;
    loop {
        let left = pids.iter().any(|p| alive(*p)) || group.is_some_and(|g| !group_members(g).is_empty());
        if !left {
            return;
        }
        if tokio::time::Instant::now() >= deadline {
            tracing::warn!(?pids, ?group, "processes still alive after being killed");
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// One process as `/proc/PID/stat` says.
#[cfg(target_os = "linux")]
struct ProcStat {
    pid: u32,
    zombie: bool,
    ppid: u32,
    pgrp: u32,
}

/// Every process, from `/proc`.
#[cfg(target_os = "linux")]
fn processes() -> Vec<ProcStat> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        // pid (comm) state ppid pgrp …: the name may hold spaces and parentheses.
        let Some(close) = stat.rfind(')') else { continue };
        let fields: Vec<&str> = stat[close + 1..].split_whitespace().take(3).collect();
        let [state, ppid, pgrp] = fields[..] else { continue };
        let (Ok(ppid), Ok(pgrp)) = (ppid.parse(), pgrp.parse()) else { continue };
        out.push(ProcStat { pid, zombie: state == "Z", ppid, pgrp });
    }
    out
}

#[cfg(target_os = "linux")]
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|stat| stat.rfind(')').is_some_and(|c| !stat[c + 1..].trim_start().starts_with('Z')))
}

/// The live members of process group `group`.
#[cfg(target_os = "linux")]
fn group_members(group: u32) -> Vec<u32> {
    processes().into_iter().filter(|p| p.pgrp == group && !p.zombie).map(|p| p.pid).collect()
}

/// Every live process below `pid`, children first.
#[cfg(target_os = "linux")]
fn descendants(pid: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = processes().into_iter().filter(|p| !p.zombie).map(|p| (p.pid, p.ppid)).collect();
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

/// Without `/proc`, dlv and its group are killed (Delve ends its
/// debuggee when it dies on the other systems it supports).
#[cfg(not(target_os = "linux"))]
fn descendants(_pid: u32) -> Vec<u32> {
    Vec::new()
}

#[cfg(not(target_os = "linux"))]
fn group_members(_group: u32) -> Vec<u32> {
    Vec::new()
}

#[cfg(not(target_os = "linux"))]
fn alive(_pid: u32) -> bool {
    false
}

/// SIGKILL to every process of group `group` (dlv's own).
fn kill_group(group: u32) {
    if !cfg!(unix) {
        return;
    }
    tracing::info!(group, "killing dlv's process group");
    let status = std::process::Command::new("kill")
        .args(["-KILL", "--", &format!("-{group}")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if let Err(e) = status {
        tracing::warn!("cannot run kill: {e}");
    }
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
