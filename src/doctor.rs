//! `dlvbridge doctor`: the environment, the binary and the connection to
//! dlv, checked and returned as data with a fix for each problem. The CLI
//! renders them.
//!
//! This is an adapter: it runs `dlv version`, reads the binary and opens
//! sockets; the workspace facts and path rules come from `workspace`.

use std::io::{BufReader, Read};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::debuginfo::{Binary, DebugInfoError, Format};
use crate::framing::{self, FrameError, FrameLimits};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Info,
    Warning,
    Error,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Info => "info",
            Status::Warning => "warning",
            Status::Error => "error",
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Stable identifier (`dlv`, `dwarf`, `optimizations`, `paths`, `arch`, `connect`, …).
    pub id: &'static str,
    pub status: Status,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

fn check(id: &'static str, status: Status, message: impl Into<String>, fix: Option<String>) -> Check {
    Check { id, status, message: message.into(), fix }
}

#[derive(Debug, Clone)]
pub struct DoctorConfig {
    pub binary: Option<PathBuf>,
    pub connect: Option<String>,
    pub dlv: Option<PathBuf>,
    pub workspace: PathBuf,
    /// How long the whole `--connect` check may take.
    pub timeout: Duration,
}

impl Default for DoctorConfig {
    fn default() -> DoctorConfig {
        DoctorConfig {
            binary: None,
            connect: None,
            dlv: None,
            workspace: PathBuf::from("."),
            timeout: Duration::from_secs(3),
        }
    }
}

/// Runs every check that applies to `cfg`.
pub fn run(cfg: &DoctorConfig) -> Vec<Check> {
    let mut out = Vec::new();
    let binary = cfg.binary.as_deref().map(|b| (b, Binary::open(b)));
    let go_version = binary.as_ref().and_then(|(_, b)| b.as_ref().ok()).and_then(|b| b.go_version());
    out.push(check_dlv(cfg, go_version.as_deref()));
    if let Some((path, opened)) = &binary {
        match opened {
            Ok(b) => {
                out.push(check(
                    "dwarf",
                    Status::Ok,
                    format!("{}: DWARF debug information present", path.display()),
                    None,
                ));
                out.push(check_optimizations(b));
                out.push(check_arch(b));
                out.extend(check_loader(path));
                out.push(check_paths(b, &cfg.workspace));
            }
            Err(DebugInfoError::Stripped) => out.push(check(
                "dwarf",
                Status::Error,
                format!(
                    "{}: no DWARF debug information (built with -ldflags=-s -w or stripped): Delve cannot set breakpoints",
                    path.display()
                ),
                Some("rebuild without -ldflags=-s -w and without stripping: go build -gcflags=all=\"-N -l\"".into()),
            )),
            Err(e) => out.push(check("dwarf", Status::Error, format!("{}: {e}", path.display()), None)),
        }
    }
    if let Some(addr) = &cfg.connect {
        out.extend(check_connect(addr, cfg.timeout));
    }
    out
}

/// `--dlv`, `$DLV_PATH`, `.tools/bin/dlv` of the workspace, then PATH.
pub fn find_dlv(explicit: Option<&Path>, workspace: &Path) -> Option<(PathBuf, &'static str)> {
    if let Some(p) = explicit {
        return Some((p.to_path_buf(), "--dlv"));
    }
    if let Some(p) = std::env::var_os("DLV_PATH").filter(|p| !p.is_empty()) {
        return Some((PathBuf::from(p), "DLV_PATH"));
    }
    let exe = if cfg!(windows) { "dlv.exe" } else { "dlv" };
    let local = workspace.join(".tools").join("bin").join(exe);
    if local.is_file() {
        return Some((local, ".tools/bin"));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(exe)).find(|c| c.is_file()).map(|p| (p, "PATH"))
}

fn check_dlv(cfg: &DoctorConfig, binary_go: Option<&str>) -> Check {
    let install = "go install github.com/go-delve/delve/cmd/dlv@latest (or pass --dlv PATH, or set DLV_PATH)";
    let Some((dlv, source)) = find_dlv(cfg.dlv.as_deref(), &cfg.workspace) else {
        return check("dlv", Status::Error, "dlv not found", Some(install.into()));
    };
    let output = Command::new(&dlv).arg("version").output();
    let text = match output {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
        Ok(o) => {
            let why = String::from_utf8_lossy(&o.stderr).trim().to_string();
            return check(
                "dlv",
                Status::Error,
                format!("{} ({source}) failed: {why}", dlv.display()),
                Some(install.into()),
            );
        }
        Err(e) => {
            return check(
                "dlv",
                Status::Error,
                format!("cannot run {} ({source}): {e}", dlv.display()),
                Some(install.into()),
            );
        }
    };
    let version = text.lines().find_map(|l| l.strip_prefix("Version:")).map(str::trim).unwrap_or("unknown");
    // The Go that built dlv bounds the Go versions it understands.
    let dlv_bin = Binary::open(&dlv).ok();
    let dlv_go = dlv_bin.as_ref().and_then(|b| b.go_version());
    let found = format!("dlv {version} at {} (from {source})", dlv.display());
    if dlv_bin.as_ref().is_some_and(|b| b.arch == object::Architecture::X86_64)
        && host_goos() == "darwin"
        && host_goarch() == "arm64"
    {
        return check(
            "dlv",
            Status::Error,
            format!("{found} is an amd64 build running under Rosetta, where Delve refuses to debug"),
            Some("install an arm64 Go toolchain, then go install github.com/go-delve/delve/cmd/dlv@latest".into()),
        );
    }
    match (binary_go.and_then(go_minor), dlv_go.as_deref().and_then(go_minor)) {
        (Some(bin), Some(built)) if bin > built => check(
            "dlv",
            Status::Warning,
            format!(
                "{found} was built with {}, the binary with {}: this Delve may not support it",
                dlv_go.unwrap_or_default(),
                binary_go.unwrap_or_default()
            ),
            Some(format!("update Delve with the same Go: {install}")),
        ),
        _ => {
            let with = binary_go.map(|g| format!("; the binary was built with {g}")).unwrap_or_default();
            check("dlv", Status::Ok, format!("{found}{with}"), None)
        }
    }
}

/// `go1.26.8` → `(1, 26)`.
fn go_minor(v: &str) -> Option<(u32, u32)> {
    let v = v.strip_prefix("go")?;
    let mut it = v.split(|c: char| !c.is_ascii_digit());
    Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
}

fn check_optimizations(b: &Binary) -> Check {
    let fix = Some("rebuild with go build -gcflags=all=\"-N -l\" (dlv debug does this for you)".to_string());
    let main_optimized = b.units().iter().any(|u| u.name == "main" && u.optimized());
    // The standard library's own flags say nothing about the user's build
    // (parts of the runtime are always optimized).
    let user = |p: &&str| p.split('/').next().is_some_and(|first| first.contains('.'));
    let optimized: Vec<&str> = b.optimized_packages().into_iter().filter(user).collect();
    if main_optimized {
        check(
            "optimizations",
            Status::Warning,
            "built with optimizations: variables may be \"optimized out\", lines skipped and conditions fail to evaluate",
            fix,
        )
    } else if !optimized.is_empty() {
        let some: Vec<&str> = optimized.iter().take(3).copied().collect();
        check(
            "optimizations",
            Status::Warning,
            format!(
                "package main is built without optimizations, {} other packages with them ({})",
                optimized.len(),
                some.join(", ")
            ),
            Some("use -gcflags=all=\"-N -l\" (with all=) to debug the other packages too".into()),
        )
    } else {
        check("optimizations", Status::Ok, "optimizations and inlining are off (-N -l)", None)
    }
}

/// GOARCH spelling of an `object` architecture.
fn goarch(a: object::Architecture) -> &'static str {
    use object::Architecture as A;
    match a {
        A::X86_64 => "amd64",
        A::Aarch64 => "arm64",
        A::I386 => "386",
        A::Arm => "arm",
        A::Riscv64 => "riscv64",
        A::PowerPc64 => "ppc64",
        A::S390x => "s390x",
        A::LoongArch64 => "loong64",
        A::Mips64 => "mips64",
        _ => "unknown",
    }
}

fn host_goarch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        "powerpc64" => "ppc64",
        "loongarch64" => "loong64",
        other => other,
    }
}

fn host_goos() -> &'static str {
    match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    }
}

fn check_arch(b: &Binary) -> Check {
    let arch = b.build_info.as_ref().and_then(|i| i.goarch()).unwrap_or(goarch(b.arch)).to_string();
    let os = b.build_info.as_ref().and_then(|i| i.goos()).map(str::to_string).unwrap_or_else(|| {
        match b.format {
            Format::Elf => "linux",
            Format::MachO => "darwin",
            Format::Pe => "windows",
        }
        .to_string()
    });
    let (host_os, host_arch) = (host_goos(), host_goarch());
    let fix_build =
        format!("build for this machine: GOOS={host_os} GOARCH={host_arch} go build -gcflags=all=\"-N -l\"");
    if os == "darwin" && host_os == "darwin" && arch == "amd64" && host_arch == "arm64" {
        return check(
            "arch",
            Status::Error,
            "an amd64 binary on Apple silicon runs under Rosetta, where Delve refuses to debug",
            Some(format!("{fix_build}, and use an arm64 dlv and Go toolchain")),
        );
    }
    if os != host_os || arch != host_arch {
        return check(
            "arch",
            Status::Warning,
            format!(
                "the binary is {os}/{arch}, this machine is {host_os}/{host_arch}: it can only be debugged where it runs"
            ),
            Some(format!("{fix_build}, or run dlv on a {os}/{arch} machine and use --connect")),
        );
    }
    check("arch", Status::Ok, format!("{os}/{arch}, like this machine"), None)
}

/// A cgo binary names its C library's dynamic loader (`PT_INTERP`): a musl
/// build on a glibc host, or the reverse, cannot even start.
fn check_loader(path: &Path) -> Option<Check> {
    use object::{Object, ObjectSection};
    if host_goos() != "linux" {
        return None;
    }
    let f = std::fs::File::open(path).ok()?;
    let cache = object::ReadCache::new(f);
    let file = object::File::parse(&cache).ok()?;
    if file.format() != object::BinaryFormat::Elf {
        return None;
    }
    let Some(interp) = file.section_by_name(".interp") else {
        return Some(check("libc", Status::Ok, "statically linked: no C library needed", None));
    };
    let interp = String::from_utf8_lossy(interp.data().ok()?).trim_end_matches('\0').to_string();
    if Path::new(&interp).exists() {
        return Some(check("libc", Status::Ok, format!("dynamically linked; its loader {interp} is present"), None));
    }
    let libc = if interp.contains("musl") { "musl (Alpine)" } else { "glibc" };
    Some(check(
        "libc",
        Status::Error,
        format!("the binary needs the {libc} dynamic loader {interp}, which this machine does not have"),
        Some("build with CGO_ENABLED=0 for a static binary, or build in an image with the same C library as where it runs".into()),
    ))
}

fn check_paths(b: &Binary, workspace: &Path) -> Check {
    let inference = crate::workspace::infer_paths(b, workspace);
    let trimpath = b.build_info.as_ref().is_some_and(|i| i.trimpath());
    let mut msg = String::new();
    if trimpath {
        msg.push_str("built with -trimpath; ");
    }
    if inference.rules.is_empty() {
        msg.push_str("no substitutePath rule needed");
    } else {
        msg.push_str("substitutePath rules that will apply:");
        for r in &inference.rules {
            msg.push_str(&format!("\n  {} => {}  ({})", r.from, r.to, r.why));
        }
    }
    if inference.unmapped.is_empty() {
        return check("paths", Status::Ok, msg, None);
    }
    let examples: Vec<&str> = inference.unmapped.iter().take(3).map(String::as_str).collect();
    msg.push_str(&format!(
        "\n{} build paths match no local file (e.g. {})",
        inference.unmapped.len(),
        examples.join(", ")
    ));
    check(
        "paths",
        Status::Warning,
        msg,
        Some(
            "run doctor with --workspace set to the folder of the program's go.mod, or add substitutePath rules".into(),
        ),
    )
}

/// Tries a DAP `initialize` with the dlv at `addr` and explains failures.
/// `timeout` bounds the whole check (connecting, the request and the
/// answer), and at most [`HANDSHAKE_BUDGET`] bytes are read, whatever the
/// peer sends.
pub fn check_connect(addr: &str, timeout: Duration) -> Vec<Check> {
    let deadline = Instant::now() + timeout;
    let mut out = Vec::new();
    let addrs: Vec<_> = match addr.to_socket_addrs() {
        Ok(a) => a.collect(),
        Err(e) => {
            out.push(check(
                "connect",
                Status::Error,
                format!("cannot resolve {addr}: {e}"),
                Some("give HOST:PORT, e.g. 127.0.0.1:2345".into()),
            ));
            return out;
        }
    };
    let Some(sockaddr) = addrs.first().copied() else {
        out.push(check("connect", Status::Error, format!("{addr} resolves to no address"), None));
        return out;
    };
    if let Some(c) = listen_address_warning(addr, sockaddr.ip()) {
        out.push(c);
    }
    let left = deadline.saturating_duration_since(Instant::now()).max(MIN_WAIT);
    let stream = match TcpStream::connect_timeout(&sockaddr, left) {
        Ok(s) => s,
        Err(e) => {
            out.push(connect_failure(addr, &e));
            return out;
        }
    };
    out.push(handshake(addr, stream, timeout, deadline));
    out
}

/// The DAP port is code execution: anything but loopback deserves a warning.
fn listen_address_warning(addr: &str, ip: std::net::IpAddr) -> Option<Check> {
    (!ip.is_loopback()).then(|| {
        check(
            "listen-address",
            Status::Warning,
            format!("{addr} is not a loopback address: anyone who can reach a dlv DAP port can run code as its user"),
            Some(
                "run dlv with --listen 127.0.0.1:PORT and reach it through an SSH tunnel or a port published on 127.0.0.1"
                    .into(),
            ),
        )
    })
}

fn connect_failure(addr: &str, e: &std::io::Error) -> Check {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::ConnectionRefused => check(
            "connect",
            Status::Error,
            format!("connection to {addr} refused: nothing listens there"),
            Some(
                "start dlv with `dlv dap --listen 0.0.0.0:PORT` inside a container or VM (its 127.0.0.1 is not this \
                 machine's) and publish the port bound to loopback (docker run -p 127.0.0.1:PORT:PORT); check the port \
                 and that dlv is still running"
                    .into(),
            ),
        ),
        K::TimedOut | K::WouldBlock => check(
            "connect",
            Status::Error,
            format!("connecting to {addr} timed out: packets are dropped on the way"),
            Some("a firewall or security group is blocking the port; allow it, or use an SSH tunnel (ssh -L PORT:127.0.0.1:PORT host)".into()),
        ),
        _ => check("connect", Status::Error, format!("cannot connect to {addr}: {e}"), None),
    }
}

/// `connect_timeout` and write timeouts refuse a zero duration.
const MIN_WAIT: Duration = Duration::from_millis(1);

/// What `doctor --connect` accepts from the peer: an `initialize` response
/// is small.
const HANDSHAKE_LIMITS: FrameLimits = FrameLimits { max_header_line: 1024, max_headers: 16, max_body: 16 << 20 };

/// The most bytes `doctor --connect` reads before the `initialize` response
/// (events before it included).
pub const HANDSHAKE_BUDGET: u64 = 32 << 20;

/// The peer's stream, read under one deadline for the whole exchange (a
/// timeout per read would let a peer sending a byte at a time keep doctor
/// forever) and within a byte budget.
struct BoundedStream {
    stream: TcpStream,
    deadline: Instant,
    budget: u64,
}

impl Read for BoundedStream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "deadline passed"));
        }
        if self.budget == 0 {
            return Err(std::io::Error::other("byte budget spent"));
        }
        self.stream.set_read_timeout(Some(left))?;
        let want = buf.len().min(usize::try_from(self.budget).unwrap_or(usize::MAX));
        let n = self.stream.read(&mut buf[..want])?;
        self.budget -= n as u64;
        Ok(n)
    }
}

fn handshake(addr: &str, stream: TcpStream, timeout: Duration, deadline: Instant) -> Check {
    let closed_fix = Some(
        "`dlv dap` serves one session and exits after it: another client may already be connected, or dlv \
         was started without --accept-multiclient; restart it"
            .to_string(),
    );
    let request = serde_json::json!({
        "seq": 1, "type": "request", "command": "initialize",
        "arguments": {"clientID": "dlvbridge-doctor", "adapterID": "go", "linesStartAt1": true, "columnsStartAt1": true, "pathFormat": "path"}
    });
    let _ = stream.set_write_timeout(Some(deadline.saturating_duration_since(Instant::now()).max(MIN_WAIT)));
    let mut writer = match stream.try_clone() {
        Ok(w) => w,
        Err(e) => return check("connect", Status::Error, format!("{addr}: {e}"), None),
    };
    if let Err(e) = framing::write_frame_blocking(&mut writer, request.to_string().as_bytes()) {
        return check("connect", Status::Error, format!("{addr} closed the connection: {e}"), closed_fix);
    }
    let mut reader = BufReader::new(BoundedStream { stream, deadline, budget: HANDSHAKE_BUDGET });
    loop {
        match framing::read_frame_blocking(&mut reader, &HANDSHAKE_LIMITS) {
            Ok(Some(body)) => {
                let Ok(msg) = serde_json::from_slice::<serde_json::Value>(&body) else {
                    return check(
                        "connect",
                        Status::Error,
                        format!("{addr} sent something that is not DAP JSON"),
                        None,
                    );
                };
                if msg["type"] == "response" && msg["command"] == "initialize" {
                    if msg["success"] == true {
                        let disconnect =
                            serde_json::json!({"seq": 2, "type": "request", "command": "disconnect", "arguments": {}});
                        let _ = framing::write_frame_blocking(&mut writer, disconnect.to_string().as_bytes());
                        return check(
                            "connect",
                            Status::Ok,
                            format!("{addr}: dlv answered the DAP initialize handshake"),
                            None,
                        );
                    }
                    let why = msg["message"].as_str().unwrap_or("no reason given");
                    return check("connect", Status::Error, format!("{addr} refused initialize: {why}"), None);
                }
            }
            Ok(None) => {
                return check(
                    "connect",
                    Status::Error,
                    format!("{addr} accepted the connection and closed it without answering"),
                    closed_fix,
                );
            }
            Err(FrameError::Io(e))
                if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) =>
            {
                return check(
                    "connect",
                    Status::Error,
                    format!("{addr} accepted the connection but did not answer initialize within {timeout:?}"),
                    Some(
                        "is this a DAP server? start it with `dlv dap --listen`, not `dlv --headless` (JSON-RPC)"
                            .into(),
                    ),
                );
            }
            Err(FrameError::Io(_)) if reader.get_ref().budget == 0 => {
                return check(
                    "connect",
                    Status::Error,
                    format!("{addr} sent more than {HANDSHAKE_BUDGET} bytes without answering initialize"),
                    Some(
                        "is this a DAP server? start it with `dlv dap --listen`, not `dlv --headless` (JSON-RPC)"
                            .into(),
                    ),
                );
            }
            Err(FrameError::Io(e)) => {
                return check("connect", Status::Error, format!("{addr}: {e}"), closed_fix);
            }
            Err(e @ FrameError::UnexpectedEof { .. }) => {
                return check("connect", Status::Error, format!("{addr}: {e}"), closed_fix);
            }
            Err(e) => {
                return check("connect", Status::Error, format!("{addr} sent a malformed frame: {e}"), None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_versions() {
        assert_eq!(go_minor("go1.26.8"), Some((1, 26)));
        assert_eq!(go_minor("go1.22"), Some((1, 22)));
        assert_eq!(go_minor("devel"), None);
    }

    #[test]
    fn only_loopback_is_quiet() {
        assert!(listen_address_warning("127.0.0.1:2345", "127.0.0.1".parse().unwrap()).is_none());
        assert!(listen_address_warning("[::1]:2345", "::1".parse().unwrap()).is_none());
        let w = listen_address_warning("10.0.0.5:2345", "10.0.0.5".parse().unwrap()).unwrap();
        assert_eq!(w.status, Status::Warning);
    }
}
