//! Reaching `dlv dap`: spawn it (`--dlv`, `$DLV_PATH`, then PATH) listening
//! on a unix socket in a private folder, or on loopback TCP where that is
//! not possible, or connect to one already running (`--connect HOST:PORT`),
//! and ending it. The child is killed when dropped, and ended with the
//! processes it started, so no path leaves an orphan. It runs in a process
//! group of its own: a build it runs (`go build`, the compiler, the
//! linker) is in that group, so one signal ends all of it, even a process
//! forked a moment before.

use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::Stdio;
use std::task::Poll;
use std::time::Duration;

use anyhow::{Context, anyhow};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, BufReader, ReadBuf};
use tokio::net::TcpStream;
use tokio::process::{Child, ChildStderr, ChildStdout, Command};

use super::transport::OutputPumps;

/// How long `dlv dap` may take to print its address.
const SPAWN_TIMEOUT: Duration = Duration::from_secs(20);

/// The connection to Delve, whatever carries it: a unix socket to the
/// `dlv` the bridge started (about half the kernel's work per message of
/// loopback TCP), TCP otherwise.
pub struct Backend {
    pub read: Box<dyn AsyncRead + Unpin + Send>,
    pub write: Box<dyn AsyncWrite + Unpin + Send>,
    /// The `dlv dap` this bridge started, if it did.
    pub child: Option<Child>,
}

impl Backend {
    fn new<R, W>((read, write): (R, W), child: Option<Child>) -> Backend
    where
        R: AsyncRead + Unpin + Send + 'static,
        W: AsyncWrite + Unpin + Send + 'static,
    {
        Backend { read: Box::new(read), write: Box::new(write), child }
    }
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
    Ok(Backend::new(connect_tcp(addr).await?.into_split(), None))
}

async fn connect_tcp(addr: &str) -> anyhow::Result<TcpStream> {
    let stream = tokio::time::timeout(Duration::from_secs(10), TcpStream::connect(addr))
        .await
        .map_err(|_| anyhow!("timed out connecting to dlv at {addr}"))?
        .with_context(|| format!("cannot connect to dlv at {addr}"))?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// The longest socket path every unix takes (`sun_path` is 104 bytes on
/// macOS and the BSDs, 108 on Linux).
#[cfg(unix)]
const MAX_SOCKET_PATH: usize = 100;

/// Starts `dlv dap`: on a unix socket in a fresh owner-only folder when
/// Delve can listen there (v1.23 and later), on loopback TCP otherwise.
/// Its stdout and stderr (where, in Delve's default output mode, the
/// debuggee prints) go to `pumps`, its address line aside.
pub async fn spawn(dlv: &Path, pumps: &mut OutputPumps) -> anyhow::Result<Backend> {
    #[cfg(unix)]
    match super::listen::PrivateDir::new(&std::env::temp_dir()) {
        Ok(dir) => match dir.socket().to_str().filter(|s| s.len() < MAX_SOCKET_PATH) {
            Some(socket) => match start(dlv, &format!("unix:{socket}")).await? {
                Start::Listening(started) => {
                    let stream = tokio::time::timeout(Duration::from_secs(10), tokio::net::UnixStream::connect(socket))
                        .await
                        .map_err(|_| anyhow!("timed out connecting to dlv at {socket}"))?
                        .with_context(|| format!("cannot connect to dlv at {socket}"))?;
                    // Connected: nobody else is to reach this Delve, and
                    // nothing is left to clean up however the bridge ends.
                    drop(dir);
                    let halves = super::socket::split(stream.into_std()?)?;
                    return Ok(started.into_backend(halves, pumps));
                }
                Start::Exited(why) => {
                    tracing::info!("dlv cannot listen on a unix socket ({why}); using loopback TCP");
                }
            },
            None => tracing::debug!("no unix socket for dlv: the temporary folder's path is too long"),
        },
        Err(e) => tracing::debug!("no unix socket for dlv: no private folder: {e}"),
    }
    match start(dlv, "127.0.0.1:0").await? {
        Start::Listening(started) => {
            let stream = connect_tcp(&started.addr).await?;
            Ok(started.into_backend(stream.into_split(), pumps))
        }
        Start::Exited(why) if why.is_empty() => anyhow::bail!("dlv exited before printing its address"),
        Start::Exited(why) => anyhow::bail!("dlv exited before printing its address: {why}"),
    }
}

/// How a `dlv dap --listen …` started.
enum Start {
    Listening(Box<Started>),
    /// It ended before printing its address; what it wrote to stderr.
    Exited(String),
}

/// A `dlv dap` that printed its address.
struct Started {
    child: Child,
    addr: String,
    /// What follows the address line: the debuggee's, bytes of any kind.
    stdout: BufReader<ChildStdout>,
    /// What dlv wrote to stderr before its address.
    held: Vec<u8>,
    stderr: ChildStderr,
}

impl Started {
    fn into_backend<R, W>(self: Box<Self>, halves: (R, W), pumps: &mut OutputPumps) -> Backend
    where
        R: AsyncRead + Unpin + Send + 'static,
        W: AsyncWrite + Unpin + Send + 'static,
    {
        pumps.pump(std::io::Cursor::new(self.held).chain(self.stderr), "stderr");
        pumps.pump(self.stdout, "stdout");
        Backend::new(halves, Some(self.child))
    }
}

/// The most of dlv's stderr held before its address (Delve writes a line
/// or two there, if anything).
const HELD_LIMIT: usize = 64 * 1024;

/// Runs `dlv dap --listen LISTEN` until it prints its address or exits.
async fn start(dlv: &Path, listen: &str) -> anyhow::Result<Start> {
    let mut command = Command::new(dlv);
    command
        .args(["dap", "--listen", listen])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    #[cfg(unix)]
    command.process_group(0);
    let mut child = command.spawn().with_context(|| format!("cannot start {}", dlv.display()))?;
    let pid = child.id();
    tracing::info!(pid, dlv = %dlv.display(), listen, "started dlv dap");
    let stdout = child.stdout.take().context("dlv stdout")?;
    let mut stderr = child.stderr.take().context("dlv stderr")?;
    // Only Delve writes before its address: lines, each far below a
    // pipe's capacity. Its stderr is drained meanwhile and held: it is
    // the reason when Delve cannot listen, and the editor's otherwise.
    let mut lines = BufReader::new(stdout).lines();
    let mut held = Vec::new();
    let mut stderr_open = true;
    let address = std::future::poll_fn(|cx| {
        let mut chunk = [0u8; 4096];
        while stderr_open && held.len() < HELD_LIMIT {
            let mut buf = ReadBuf::new(&mut chunk);
            match Pin::new(&mut stderr).poll_read(cx, &mut buf) {
                Poll::Ready(Ok(())) if buf.filled().is_empty() => stderr_open = false,
                Poll::Ready(Ok(())) => held.extend_from_slice(buf.filled()),
                Poll::Ready(Err(_)) => stderr_open = false,
                Poll::Pending => break,
            }
        }
        loop {
            let line = match Pin::new(&mut lines).poll_next_line(cx) {
                Poll::Ready(Ok(Some(line))) => line,
                Poll::Ready(Ok(None)) => return Poll::Ready(Ok(None)),
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            };
            tracing::debug!(target: "dlv", "stdout: {line}");
            if let Some(i) = line.find("listening at:") {
                return Poll::Ready(Ok(Some(line[i + "listening at:".len()..].trim().to_string())));
            }
        }
    });
    let address = tokio::time::timeout(SPAWN_TIMEOUT, address)
        .await
        .map_err(|_| anyhow!("dlv did not print its address within {SPAWN_TIMEOUT:?}"))?
        .context("cannot read dlv's stdout")?;
    match address {
        Some(addr) => Ok(Start::Listening(Box::new(Started { child, addr, stdout: lines.into_inner(), held, stderr }))),
        None => {
            // Its stdout closed: it is ending, and its stderr with it.
            let _ = tokio::time::timeout(Duration::from_secs(2), stderr.read_to_end(&mut held)).await;
            let _ = tokio::time::timeout(Duration::from_secs(2), child.wait()).await;
            let why = String::from_utf8_lossy(&held).trim().to_string();
            tracing::debug!(target: "dlv", "stderr: {why}");
            Ok(Start::Exited(why))
        }
    }
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
