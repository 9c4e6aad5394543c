//! A blocking DAP client that drives `dlvbridge dap` over its stdio, the way
//! Helix or nvim-dap spawn an adapter. Every wait has a deadline; dropping
//! the client kills the bridge.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub use crate::support::procs::{alive, children_of};
use crate::support::{self, dap_client::read_frame};

/// How long a request or event may take before the test calls it a hang
/// (generous: a loaded CI machine attaches and builds slowly).
pub const TIMEOUT: Duration = Duration::from_secs(60);

enum Incoming {
    Message(Value),
    Closed(String),
}

pub struct Bridge {
    pub child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Incoming>,
    closed: Option<String>,
    next_seq: i64,
    buffered: VecDeque<Value>,
    stray: Vec<Value>,
    pub log_file: PathBuf,
    pub transcript: Vec<String>,
}

/// The fixture program, built once per test binary with `-N -l`.
pub fn fixture_app() -> &'static (PathBuf, PathBuf) {
    static APP: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    APP.get_or_init(|| {
        let src = support::repo_root().join("tests/fixtures/dap/app");
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("dap-app-{}", env!("CARGO_CRATE_NAME")));
        support::go_build_debug(&src, &out, &[]).expect("build the fixture program");
        (src, out)
    })
}

/// 1-based line of the `// bp:NAME` marker in the fixture's main.go.
pub fn marker_line(name: &str) -> i64 {
    marker_line_in("main.go", name)
}

/// 1-based line of the `// bp:NAME` marker in one of the fixture's files.
pub fn marker_line_in(file: &str, name: &str) -> i64 {
    let text = std::fs::read_to_string(support::repo_root().join("tests/fixtures/dap/app").join(file)).unwrap();
    let marker = format!("// bp:{name}");
    let idx =
        text.lines().position(|l| l.trim_end().ends_with(&marker)).unwrap_or_else(|| panic!("no marker {marker}"));
    idx as i64 + 1
}

impl Bridge {
    /// Starts `dlvbridge dap --dlv DLV --log-file LOG [extra]`.
    pub fn spawn(dlv: &Path, extra: &[&str]) -> Bridge {
        Self::spawn_in(dlv, extra, None)
    }

    /// Like [`spawn`](Self::spawn) in `cwd` (Delve builds `debug`/`test`
    /// programs in its own working directory, which it inherits).
    pub fn spawn_in(dlv: &Path, extra: &[&str], cwd: Option<&Path>) -> Bridge {
        Self::spawn_with_env(dlv, extra, cwd, &[])
    }

    /// Like [`spawn_in`](Self::spawn_in) with `env` added to the bridge's
    /// environment.
    pub fn spawn_with_env(dlv: &Path, extra: &[&str], cwd: Option<&Path>, env: &[(&str, &str)]) -> Bridge {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let log_file =
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("bridge-{}-{n}.log", std::process::id()));
        let _ = std::fs::remove_file(&log_file);
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dlvbridge"));
        cmd.arg("dap").arg("--dlv").arg(dlv).arg("--log-file").arg(&log_file).args(extra);
        if let Some(dir) = cwd {
            cmd.current_dir(dir);
        }
        cmd.env("RUST_LOG", "debug")
            .env("GOTOOLCHAIN", "local")
            .env("GOWORK", "off")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        cmd.envs(env.iter().copied());
        Self::from_command(cmd, log_file)
    }

    /// Drives the program `cmd` starts over its stdio (stdout piped and
    /// read here), as a bridge; `log_file` is where it logs, if it does.
    pub fn from_command(mut cmd: Command, log_file: PathBuf) -> Bridge {
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped());
        let mut child = cmd.spawn().expect("start the bridge");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                match read_frame(&mut r) {
                    Ok(Some(body)) => match serde_json::from_slice::<Value>(&body) {
                        Ok(v) => {
                            if tx.send(Incoming::Message(v)).is_err() {
                                return;
                            }
                        }
                        Err(e) => {
                            let _ = tx.send(Incoming::Closed(format!("bad json from bridge: {e}")));
                            return;
                        }
                    },
                    Ok(None) => {
                        let _ = tx.send(Incoming::Closed("EOF".into()));
                        return;
                    }
                    Err(e) => {
                        let _ = tx.send(Incoming::Closed(format!("read error: {e}")));
                        return;
                    }
                }
            }
        });
        Bridge {
            stdin: child.stdin.take(),
            child,
            incoming: rx,
            closed: None,
            next_seq: 1,
            buffered: VecDeque::new(),
            stray: Vec::new(),
            log_file,
            transcript: Vec::new(),
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_file).unwrap_or_default()
    }

    pub fn send_bytes(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let stdin = self.stdin.as_mut().ok_or_else(|| std::io::Error::other("stdin closed"))?;
        stdin.write_all(bytes)?;
        stdin.flush()
    }

    pub fn send_raw(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).unwrap();
        self.send_bytes(&dlvbridge::framing::encode_frame(&body)).expect("write to the bridge");
    }

    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    pub fn request_async(&mut self, command: &str, arguments: Value) -> i64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        let mut msg = json!({"seq": seq, "type": "request", "command": command});
        if !arguments.is_null() {
            msg["arguments"] = arguments;
        }
        self.send_raw(&msg);
        seq
    }

    /// The response (successful or not) to a new request.
    pub fn request(&mut self, command: &str, arguments: Value) -> Value {
        let seq = self.request_async(command, arguments);
        self.response(seq, TIMEOUT)
    }

    /// The response to `command`, which must succeed.
    pub fn ok(&mut self, command: &str, arguments: Value) -> Value {
        let r = self.request(command, arguments);
        assert_eq!(r["success"], true, "{command} failed: {r}\n{}", self.transcript_tail());
        r
    }

    pub fn response(&mut self, seq: i64, timeout: Duration) -> Value {
        self.try_response(seq, timeout).unwrap_or_else(|e| panic!("{e}\n{}", self.transcript_tail()))
    }

    pub fn try_response(&mut self, seq: i64, timeout: Duration) -> Result<Value, String> {
        if let Some(i) = self.stray.iter().position(|r| r["request_seq"] == seq) {
            return Ok(self.stray.remove(i));
        }
        let deadline = Instant::now() + timeout;
        loop {
            let m = self.next(deadline, &format!("response to {seq}"))?;
            if m["type"] == "response" {
                if m["request_seq"] == seq {
                    return Ok(m);
                }
                self.stray.push(m);
            } else {
                self.buffered.push_back(m);
            }
        }
    }

    pub fn event(&mut self, name: &str) -> Value {
        self.try_event(&[name], TIMEOUT).unwrap_or_else(|e| panic!("{e}\n{}", self.transcript_tail()))
    }

    pub fn try_event(&mut self, names: &[&str], timeout: Duration) -> Result<Value, String> {
        let wanted = |m: &Value| m["type"] == "event" && names.iter().any(|n| m["event"] == *n);
        if let Some(i) = self.buffered.iter().position(wanted) {
            return Ok(self.buffered.remove(i).unwrap());
        }
        let deadline = Instant::now() + timeout;
        loop {
            let m = self.next(deadline, &format!("event {names:?}"))?;
            if wanted(&m) {
                return Ok(m);
            }
            if m["type"] == "response" {
                self.stray.push(m);
            } else {
                self.buffered.push_back(m);
            }
        }
    }

    /// Every event received so far (buffered and waiting), in order.
    pub fn drain(&mut self) -> Vec<Value> {
        while let Ok(i) = self.incoming.try_recv() {
            match i {
                Incoming::Message(m) => {
                    self.transcript.push(m.to_string());
                    if m["type"] == "response" { self.stray.push(m) } else { self.buffered.push_back(m) }
                }
                Incoming::Closed(why) => self.closed = Some(why),
            }
        }
        self.buffered.drain(..).collect()
    }

    /// Waits for the bridge's stdout to close; returns every message left.
    pub fn wait_closed(&mut self, timeout: Duration) -> Result<Vec<Value>, String> {
        let deadline = Instant::now() + timeout;
        let mut rest: Vec<Value> = self.buffered.drain(..).collect();
        rest.append(&mut self.stray);
        loop {
            match self.next(deadline, "the bridge to close its stdout") {
                Ok(m) => rest.push(m),
                Err(e) if self.closed.is_some() => {
                    let _ = e;
                    return Ok(rest);
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Waits for the bridge process to exit.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Ok(Some(s)) = self.child.try_wait() {
                return Some(s);
            }
            thread::sleep(Duration::from_millis(20));
        }
        None
    }

    fn next(&mut self, deadline: Instant, what: &str) -> Result<Value, String> {
        if let Some(why) = &self.closed {
            return Err(format!("bridge closed ({why}) while waiting for {what}"));
        }
        match self.incoming.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(Incoming::Message(m)) => {
                self.transcript.push(m.to_string());
                Ok(m)
            }
            Ok(Incoming::Closed(why)) => {
                self.closed = Some(why.clone());
                Err(format!("bridge closed ({why}) while waiting for {what}"))
            }
            Err(RecvTimeoutError::Timeout) => Err(format!("no {what} in time")),
            Err(RecvTimeoutError::Disconnected) => {
                self.closed = Some("reader ended".into());
                Err(format!("reader ended while waiting for {what}"))
            }
        }
    }

    pub fn transcript_tail(&self) -> String {
        let n = self.transcript.len().saturating_sub(40);
        format!("--- last messages:\n{}\n--- bridge log:\n{}", self.transcript[n..].join("\n"), tail(&self.log(), 4000))
    }

    /// initialize + launch (exec mode) of the fixture + `initialized`.
    pub fn start_exec(&mut self, extra_launch: Value) -> Value {
        let init = self.ok(
            "initialize",
            json!({"clientID": "dlvbridge-tests", "adapterID": "go", "linesStartAt1": true, "columnsStartAt1": true,
                   "pathFormat": "path", "supportsVariableType": true}),
        );
        let (_, bin) = fixture_app();
        let mut args = json!({"request": "launch", "mode": "exec", "program": bin, "stopOnEntry": false});
        if let Value::Object(extra) = extra_launch {
            for (k, v) in extra {
                args[k] = v;
            }
        }
        self.ok("launch", args);
        self.event("initialized");
        init
    }

    pub fn set_breakpoints(&mut self, path: &Path, bps: Value) -> Value {
        self.ok("setBreakpoints", json!({"source": {"path": path}, "breakpoints": bps}))
    }

    /// The pid of the `dlv` child of this bridge (Linux).
    pub fn dlv_pid(&self) -> Option<u32> {
        children_of(self.child.id()).into_iter().find(|(_, comm)| comm == "dlv").map(|(p, _)| p)
    }
}

impl Drop for Bridge {
    fn drop(&mut self) {
        self.stdin = None;
        if self.wait_exit(Duration::from_secs(3)).is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        // Keep the log of a failed test only.
        if !thread::panicking() {
            let _ = std::fs::remove_file(&self.log_file);
        }
    }
}

fn tail(s: &str, n: usize) -> &str {
    let mut start = s.len().saturating_sub(n);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

/// The fixture program running under `dlv` (its child; dlv has helper
/// children of its own).
pub fn debuggee_of(dlv: u32) -> Option<u32> {
    children_of(dlv).into_iter().find(|(_, comm)| comm.starts_with("dap-app")).map(|(p, _)| p)
}

/// Waits until `pid` is gone (or a zombie); false on timeout.
pub fn wait_gone(pid: u32, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if !alive(pid) {
            return true;
        }
        thread::sleep(Duration::from_millis(20));
    }
    false
}

/// Either side of a DAP conversation: the bridge, or dlv straight, so one
/// script can drive both (transparency test, bridge benchmark).
pub trait Peer {
    fn req(&mut self, command: &str, args: Value) -> Value;
    fn ev(&mut self, name: &str) -> Value;
}

impl Peer for crate::support::dap_client::DapClient {
    fn req(&mut self, command: &str, args: Value) -> Value {
        let seq = self.send_request_async(command, args).unwrap();
        self.wait_for_response(seq, Duration::from_secs(20)).unwrap()
    }
    fn ev(&mut self, name: &str) -> Value {
        self.wait_for_event(name, Duration::from_secs(20)).unwrap()
    }
}

impl Peer for Bridge {
    fn req(&mut self, command: &str, args: Value) -> Value {
        self.request(command, args)
    }
    fn ev(&mut self, name: &str) -> Value {
        self.event(name)
    }
}
