//! Pressure on the bridge with real `dlv dap`, each compared with what
//! straight dlv does: a debuggee printing bytes that are not UTF-8, an
//! editor that stops reading while the debuggee floods its output, an
//! editor that walks away from a build. Every wait has a deadline; the
//! memory bound is measured on the bridge process itself.

mod dap_bridge_harness;
mod support;

use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use dap_bridge_harness::{Bridge, alive, children_of, wait_gone};
use serde_json::{Value, json};
use support::dap_client::DapClient;
use support::direct_dlv::DirectDlv;

/// The most memory the bridge may ever hold (its peak RSS, `VmHWM`) while
/// an editor does not read a flood of output.
const RSS_BOUND: u64 = 64 * 1024 * 1024;
/// How long the editor does not read.
const NOT_READING: Duration = Duration::from_secs(10);
/// How much of the flood the editor reads afterwards, checked record by record.
const READ_AFTER: usize = 16 * 1024 * 1024;

/// tests/fixtures/faults/prog, built once per test binary with `-N -l`.
fn fault_prog() -> &'static PathBuf {
    static PROG: OnceLock<PathBuf> = OnceLock::new();
    PROG.get_or_init(|| {
        let src = support::repo_root().join("tests/fixtures/faults/prog");
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("faultprog");
        support::go_build_debug(&src, &out, &[]).expect("build the fault program");
        out
    })
}

/// The debuggee's exit code, and what it printed on stdout and on stderr,
/// in `output` events of those categories.
struct Run {
    exit_code: Value,
    stdout: String,
    stderr: String,
}

fn launch_binary_args() -> Value {
    json!({"mode": "exec", "program": fault_prog(), "args": ["binary"], "stopOnEntry": false})
}

#[test]
fn output_that_is_not_utf8_reaches_the_editor_and_the_program_runs_to_its_end() {
    let Some(dlv) = support::require_dlv("output_that_is_not_utf8") else { return };
    // Straight to dlv.
    let direct = DirectDlv::spawn(&dlv);
    let mut c = DapClient::connect(&direct.addr).unwrap();
    c.initialize().unwrap();
    c.send_request("launch", launch_binary_args()).unwrap();
    c.wait_for_event("initialized", Duration::from_secs(20)).unwrap();
    c.send_request("configurationDone", json!({})).unwrap();
    let exited = c.wait_for_event("exited", Duration::from_secs(20)).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !direct.stdout.lock().unwrap().ends_with(b"end\n") && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(20));
    }
    let straight = Run {
        exit_code: exited["body"]["exitCode"].clone(),
        stdout: String::from_utf8_lossy(&direct.stdout.lock().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&direct.stderr.lock().unwrap()).into_owned(),
    };
    drop(c);
    drop(direct);
    assert_eq!(straight.exit_code, 3, "straight to dlv the program runs to its end");
    assert!(straight.stdout.contains("split € euro\n"), "{:?}", straight.stdout);

    // Through the bridge.
    let mut b = Bridge::spawn(&dlv, &[]);
    b.ok("initialize", json!({"adapterID": "go"}));
    b.ok("launch", launch_binary_args());
    b.event("initialized");
    b.ok("configurationDone", json!({}));
    let exited = b.event("exited");
    let mut bridged =
        Run { exit_code: exited["body"]["exitCode"].clone(), stdout: String::new(), stderr: String::new() };
    let deadline = Instant::now() + Duration::from_secs(10);
    while !(bridged.stdout.ends_with("end\n") && bridged.stderr == straight.stderr) {
        let left = deadline.saturating_duration_since(Instant::now());
        let Ok(out) = b.try_event(&["output"], left) else { break };
        match out["body"]["category"].as_str() {
            Some("stdout") => bridged.stdout += out["body"]["output"].as_str().unwrap(),
            Some("stderr") => bridged.stderr += out["body"]["output"].as_str().unwrap(),
            _ => {}
        }
    }
    b.ok("disconnect", json!({}));
    assert_eq!(bridged.exit_code, straight.exit_code, "the exit code through the bridge\n{}", b.transcript_tail());
    // Exact where the bytes are UTF-8 (a character split between two
    // writes included), U+FFFD where they are not.
    assert_eq!(bridged.stdout, straight.stdout);
    assert_eq!(bridged.stderr, straight.stderr);
}

/// A `dlvbridge dap` whose stdout the test can stop reading: a reader
/// thread takes frames only while the gate is open.
struct GatedBridge {
    child: Child,
    stdin: Option<ChildStdin>,
    reading: Arc<AtomicBool>,
    incoming: Receiver<Value>,
    next_seq: i64,
    log_file: PathBuf,
}

impl GatedBridge {
    fn spawn(dlv: &Path, extra: &[&str]) -> GatedBridge {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let log_file =
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("pressure-{}-{n}.log", std::process::id()));
        let mut child = Command::new(env!("CARGO_BIN_EXE_dlvbridge"))
            .arg("dap")
            .arg("--dlv")
            .arg(dlv)
            .arg("--log-file")
            .arg(&log_file)
            .args(extra)
            .env("RUST_LOG", "info")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start dlvbridge dap");
        let reading = Arc::new(AtomicBool::new(true));
        let (tx, incoming) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let gate = Arc::clone(&reading);
        thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                while !gate.load(Ordering::Acquire) {
                    thread::sleep(Duration::from_millis(10));
                }
                let Ok(Some(body)) = support::dap_client::read_frame(&mut r) else { return };
                let Ok(v) = serde_json::from_slice::<Value>(&body) else { return };
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        GatedBridge { stdin: child.stdin.take(), child, reading, incoming, next_seq: 1, log_file }
    }

    fn send(&mut self, command: &str, arguments: Value) -> i64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        let body =
            serde_json::to_vec(&json!({"seq": seq, "type": "request", "command": command, "arguments": arguments}))
                .unwrap();
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(&dlvbridge::framing::encode_frame(&body)).unwrap();
        stdin.flush().unwrap();
        seq
    }

    /// Reads until `done` says so, handing every message to it.
    fn read_until(&mut self, within: Duration, what: &str, mut done: impl FnMut(&Value) -> bool) {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(m) => {
                    if done(&m) {
                        return;
                    }
                }
                Err(e) => panic!("no {what} within {within:?} ({e}); bridge log:\n{}", self.log()),
            }
        }
    }

    /// Sends a request and reads until its successful response; `seen`
    /// gets every message on the way.
    fn ok(&mut self, command: &str, arguments: Value, seen: &mut impl FnMut(&Value)) -> Value {
        let seq = self.send(command, arguments);
        let mut response = Value::Null;
        self.read_until(Duration::from_secs(60), &format!("response to {command}"), |m| {
            seen(m);
            if m["type"] == "response" && m["request_seq"] == seq {
                response = m.clone();
                return true;
            }
            false
        });
        assert_eq!(response["success"], true, "{response}");
        response
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log_file).unwrap_or_default()
    }
}

impl Drop for GatedBridge {
    fn drop(&mut self) {
        self.reading.store(true, Ordering::Release);
        self.stdin = None;
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline && matches!(self.child.try_wait(), Ok(None)) {
            thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        if !thread::panicking() {
            let _ = std::fs::remove_file(&self.log_file);
        }
    }
}

/// A field of `/proc/PID/status` in bytes (`VmHWM`: peak RSS).
fn status_bytes(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// How many bytes `pid` has written so far (`/proc/PID/io`).
fn written(pid: u32) -> Option<u64> {
    let io = std::fs::read_to_string(format!("/proc/{pid}/io")).ok()?;
    io.lines().find_map(|l| l.strip_prefix("wchar:")).and_then(|v| v.trim().parse().ok())
}

/// The flood's records, "[000000000000][000000000001]…", checked as they
/// arrive: any byte lost, added or reordered breaks the sequence.
#[derive(Default)]
struct Records {
    partial: String,
    next: u64,
    bytes: usize,
}

impl Records {
    fn feed(&mut self, text: &str) {
        self.bytes += text.len();
        self.partial.push_str(text);
        let whole = self.partial.len() / 14 * 14;
        for record in self.partial.as_bytes()[..whole].chunks(14) {
            let want = format!("[{:012}]", self.next);
            assert_eq!(std::str::from_utf8(record).unwrap(), want, "after {} bytes", self.bytes);
            self.next += 1;
        }
        self.partial.drain(..whole);
    }
}

/// The debuggee's pid: the child of `dlv` running the fault program.
fn debuggee_of(dlv: u32) -> u32 {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some((pid, _)) = children_of(dlv).into_iter().find(|(_, comm)| comm == "faultprog") {
            return pid;
        }
        assert!(Instant::now() < deadline, "no debuggee under dlv {dlv}");
        thread::sleep(Duration::from_millis(20));
    }
}

/// The editor does not read for [`NOT_READING`] while the debuggee floods
/// its output: the bridge's peak RSS stays under [`RSS_BOUND`] and the
/// debuggee stops writing (it blocks, as writing straight to an editor
/// that does not read); then the editor reads and every byte is there, in
/// order.
fn flood_while_not_reading(b: &mut GatedBridge, launch: Value, dlv_pid: impl FnOnce(&GatedBridge) -> u32) {
    let bridge = b.child.id();
    let mut records = Records::default();
    let count = |records: &mut Records, m: &Value| {
        if m["event"] == "output" && m["body"]["category"] == "stdout" {
            records.feed(m["body"]["output"].as_str().unwrap());
        }
    };
    b.ok("initialize", json!({"adapterID": "go"}), &mut |m| count(&mut records, m));
    b.ok("launch", launch, &mut |m| count(&mut records, m));
    b.ok("configurationDone", json!({}), &mut |m| count(&mut records, m));
    b.reading.store(false, Ordering::Release);
    let debuggee = debuggee_of(dlv_pid(b));

    let start = Instant::now();
    let mut at_half = None;
    while start.elapsed() < NOT_READING {
        let peak = status_bytes(bridge, "VmHWM").expect("the bridge runs");
        if peak > RSS_BOUND {
            let _ = Command::new("kill").arg("-KILL").arg(bridge.to_string()).status();
            panic!("the bridge holds {peak} bytes after {:?} of an editor not reading", start.elapsed());
        }
        if at_half.is_none() && start.elapsed() >= NOT_READING / 2 {
            at_half = written(debuggee);
        }
        thread::sleep(Duration::from_millis(100));
    }
    let at_end = written(debuggee);
    assert!(at_half.is_some(), "the debuggee's /proc/{debuggee}/io is readable");
    assert_eq!(at_half, at_end, "the debuggee kept writing while nobody read");

    b.reading.store(true, Ordering::Release);
    b.read_until(Duration::from_secs(120), "the flood", |m| {
        count(&mut records, m);
        records.bytes >= READ_AFTER / 2
    });
    // The editor's requests are not starved by the flood.
    let threads = b.send("threads", Value::Null);
    let mut answered = false;
    b.read_until(Duration::from_secs(120), "the flood and the threads response", |m| {
        count(&mut records, m);
        answered |= m["type"] == "response" && m["request_seq"] == threads;
        answered && records.bytes >= READ_AFTER
    });
    let peak = status_bytes(bridge, "VmHWM").expect("the bridge runs");
    let seq = b.send("disconnect", json!({"terminateDebuggee": true}));
    b.read_until(Duration::from_secs(30), "the disconnect response", |m| {
        m["type"] == "response" && m["request_seq"] == seq
    });
    assert!(wait_gone(debuggee, Duration::from_secs(10)), "the debuggee {debuggee} is left");
    eprintln!(
        "flood: peak RSS of the bridge {:.1} MiB; the debuggee blocked at {} bytes; {} bytes read after",
        peak as f64 / 1048576.0,
        at_end.unwrap_or(0),
        records.bytes
    );
    assert!(peak < RSS_BOUND, "peak RSS {peak}");
}

/// Delve's default output mode: the debuggee writes to dlv's stdout, a
/// pipe the bridge reads — here a line that never ends.
#[test]
fn a_flood_of_output_without_a_newline_is_held_back_not_buffered() {
    let Some(dlv) = support::require_dlv("a_flood_of_output_without_a_newline") else { return };
    let mut b = GatedBridge::spawn(&dlv, &[]);
    let launch = json!({"mode": "exec", "program": fault_prog(), "args": ["flood"]});
    flood_while_not_reading(&mut b, launch, |b| {
        children_of(b.child.id()).into_iter().find(|(_, comm)| comm == "dlv").expect("dlv under the bridge").0
    });
}

/// `outputMode: remote` from a `dlv dap` the bridge connects to: the flood
/// arrives as Delve's `output` events on the connection.
#[test]
fn a_flood_of_output_events_from_a_connected_dlv_is_held_back_not_buffered() {
    let Some(dlv) = support::require_dlv("a_flood_of_output_events") else { return };
    let server = DirectDlv::spawn(&dlv);
    let mut b = GatedBridge::spawn(&dlv, &["--connect", &server.addr]);
    let launch = json!({"mode": "exec", "program": fault_prog(), "args": ["flood"], "outputMode": "remote"});
    flood_while_not_reading(&mut b, launch, |_| server.child.id());
    assert!(server.stdout.lock().unwrap().is_empty(), "remote output mode: nothing on dlv's stdout");
}

/// A main package that takes a while to compile, different on every run
/// (so the build cache cannot answer).
fn slow_package(dir: &Path) {
    use std::fmt::Write as _;
    std::fs::write(dir.join("go.mod"), "module example.com/slowbuild\n\ngo 1.22\n").unwrap();
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let mut src = format!("package main\n\nimport \"fmt\"\n\nconst stamp = {stamp}\n\n");
    let n = 12000;
    for i in 0..n {
        writeln!(src, "func f{i}(a, b int) int {{\n\tx := a*{i} + b\n\tfor j := 0; j < a; j++ {{\n\t\tx += j ^ {i}\n\t}}\n\tif x > {i} {{\n\t\treturn x - b\n\t}}\n\treturn x + stamp%7\n}}\n").unwrap();
    }
    src += "func main() {\n\ts := 0\n";
    for i in 0..n {
        writeln!(src, "\ts += f{i}(s, {i})").unwrap();
    }
    src += "\tfmt.Println(s)\n}\n";
    std::fs::write(dir.join("main.go"), src).unwrap();
}

/// Every live process whose command line or working directory names `needle`.
fn processes_naming(needle: &str) -> Vec<(u32, String)> {
    let mut found = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else { continue };
        if pid == std::process::id() || !alive(pid) {
            continue;
        }
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        let cwd = std::fs::read_link(format!("/proc/{pid}/cwd")).unwrap_or_default();
        if cmdline.contains(needle) || cwd.to_string_lossy().contains(needle) {
            found.push((pid, cmdline));
        }
    }
    found
}

/// The build folders the bridge `pid` named.
fn build_folders(pid: u32) -> Vec<PathBuf> {
    let prefix = format!("dlvbridge-build-{pid}-");
    std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect()
}

#[test]
fn an_editor_gone_mid_build_ends_the_build_and_its_folder_stays_gone() {
    let Some(dlv) = support::require_dlv("an_editor_gone_mid_build") else { return };
    let pkg = support::TempDir::new("slowbuild");
    slow_package(pkg.path());
    let pkg_dir = pkg.path().to_string_lossy().into_owned();
    let mut b = Bridge::spawn_in(&dlv, &[], Some(pkg.path()));
    let bridge = b.child.id();
    b.ok("initialize", json!({"adapterID": "go"}));
    let launch = b.request_async("launch", json!({"mode": "debug", "program": pkg_dir}));
    // The build runs once the compiler works in the package.
    let deadline = Instant::now() + Duration::from_secs(60);
    let folder = loop {
        let compiling = processes_naming(&pkg_dir).iter().any(|(_, cmd)| cmd.contains("compile"));
        if let (true, [folder]) = (compiling, &build_folders(bridge)[..]) {
            break folder.clone();
        }
        assert!(b.try_response(launch, Duration::ZERO).is_err(), "the build ended before the test could walk away");
        assert!(Instant::now() < deadline, "no build started: {:?}", processes_naming(&pkg_dir));
        thread::sleep(Duration::from_millis(50));
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&folder).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{}", folder.display());
    }
    b.close_stdin();
    let status = b.wait_exit(Duration::from_secs(10)).expect("the bridge exits when the editor goes away");
    assert!(status.success(), "{status:?}");
    // Give a build that survived the time to write its output again.
    let left = processes_naming(&pkg_dir);
    thread::sleep(Duration::from_secs(2));
    let folders = build_folders(bridge);
    for (pid, _) in processes_naming(&pkg_dir) {
        let _ = Command::new("kill").arg("-KILL").arg(pid.to_string()).status();
    }
    assert_eq!(left, Vec::new(), "processes of the build left behind");
    assert_eq!(folders, Vec::<PathBuf>::new(), "the build folder is back");
}

/// 10,000 requests written at once while stopped: each is answered once,
/// in order, and the bridge's memory stays under the same bound.
#[test]
fn ten_thousand_pipelined_requests_are_answered_in_order() {
    let Some(dlv) = support::require_dlv("ten_thousand_pipelined_requests") else { return };
    let mut b = Bridge::spawn(&dlv, &[]);
    b.start_exec(json!({}));
    let main_go = dap_bridge_harness::fixture_app().0.join("main.go");
    b.set_breakpoints(&main_go, json!([{"line": dap_bridge_harness::marker_line("describe")}]));
    b.ok("configurationDone", json!({}));
    b.event("stopped");
    let first = 1000;
    let count = 10_000;
    let mut bytes = Vec::new();
    for seq in first..first + count {
        let body = serde_json::to_vec(&json!({"seq": seq, "type": "request", "command": "threads"})).unwrap();
        bytes.extend(dlvbridge::framing::encode_frame(&body));
    }
    b.send_bytes(&bytes).unwrap();
    let mut answered = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(180);
    while answered.len() < count as usize {
        let seq = first + answered.len() as i64;
        let r = b.try_response(seq, deadline.saturating_duration_since(Instant::now()));
        let r = r.unwrap_or_else(|e| panic!("request {seq}: {e}"));
        assert_eq!((r["command"].clone(), r["success"].clone()), (json!("threads"), json!(true)), "{r}");
        answered.push(r["seq"].as_i64().unwrap());
    }
    assert!(answered.windows(2).all(|w| w[0] < w[1]), "answered in the order asked");
    let peak = status_bytes(b.child.id(), "VmHWM").expect("the bridge runs");
    eprintln!("10,000 pipelined requests: peak RSS of the bridge {:.1} MiB", peak as f64 / 1048576.0);
    assert!(peak < RSS_BOUND, "peak RSS {peak}");
    b.ok("disconnect", json!({"terminateDebuggee": true}));
}
