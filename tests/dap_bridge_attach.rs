//! Zero-configuration paths in every launch and attach mode, against real
//! dlv. The program in tests/fixtures/attach/app runs until stopped and
//! calls a dependency that exists only in its vendor/ folder; it is built
//! with a foreign build root (`-trimpath=$PWD=>/app`), so the binary names
//! `/app/vendor/example.com/tick/tick.go`, which does not exist here.
//!
//! Each test sets the breakpoint from the local vendor/ path: straight to
//! dlv it is not verified; through `dlvbridge dap`, with no `substitutePath`,
//! it is, the program stops there, and every stack frame's path is an
//! existing local file. Plus: debug/test builds the editor names no output
//! for are read by the bridge (conditions checked with DWARF).

mod dap_bridge_harness;
mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use dap_bridge_harness::{Bridge, marker_line_in};
use serde_json::json;
use support::TempDir;
use support::dap_client::DapClient;

const ROOT: &str = "/app";

/// The fixture module, canonical (Go records the real path).
fn fixture() -> PathBuf {
    support::repo_root().join("tests/fixtures/attach/app").canonicalize().unwrap()
}

fn vendored_file() -> PathBuf {
    fixture().join("vendor/example.com/tick/tick.go")
}

/// 1-based line of `// bp:NAME` in a fixture file.
fn marker(file: &Path, name: &str) -> i64 {
    let text = std::fs::read_to_string(file).unwrap();
    let m = format!("// bp:{name}");
    text.lines().position(|l| l.trim_end().ends_with(&m)).unwrap_or_else(|| panic!("no {m} in {}", file.display()))
        as i64
        + 1
}

/// `go build` flags for a vendored build rooted at [`ROOT`].
fn foreign_flags() -> Vec<String> {
    let ws = fixture();
    vec![
        "-mod=vendor".to_string(),
        format!("-gcflags=all=-N -l -trimpath={}=>{ROOT}", ws.display()),
        format!("-asmflags=all=-trimpath={}=>{ROOT}", ws.display()),
    ]
}

/// `-flag=value` with the value single-quoted, as Delve splits a
/// `buildFlags` string.
fn quote_value(flag: &str) -> String {
    match flag.split_once('=') {
        Some((name, value)) if value.contains(' ') => format!("{name}='{value}'"),
        _ => flag.to_string(),
    }
}

fn build_foreign(out: &Path) {
    let flags = foreign_flags();
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    support::go_build(&fixture(), out, &flags).unwrap_or_else(|e| panic!("{e}"));
    // The premise: the binary names the vendored file under the foreign root only.
    let b = dlvbridge::debuginfo::Binary::open(out).expect("open the build");
    let want = format!("{ROOT}/vendor/example.com/tick/tick.go");
    assert!(b.all_files().contains(&want), "{want} not in the binary's files");
    assert!(!b.all_files().iter().any(|f| f.starts_with(fixture().to_str().unwrap())), "local paths in the binary");
}

/// A running program, killed when dropped.
struct Program(Child);

impl Program {
    /// Starts `bin` and waits for its `ready` line.
    fn start(bin: &Path) -> Program {
        let mut child = Command::new(bin).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("start program");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().and_then(Result::ok);
        assert_eq!(first.as_deref(), Some("ready"), "the program did not start");
        std::thread::spawn(move || lines.for_each(drop));
        Program(child)
    }

    /// Starts `bin` without waiting for it (a debugger may stop it first).
    fn spawn(bin: &Path) -> Program {
        Program(Command::new(bin).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("start program"))
    }

    fn pid(&self) -> u32 {
        self.0.id()
    }
}

impl Drop for Program {
    fn drop(&mut self) {
        let _ = self.0.kill();
        // A debugger still tracing the program reaps it first: never wait
        // for that without a deadline (a failing test would hang).
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while std::time::Instant::now() < deadline {
            if !matches!(self.0.try_wait(), Ok(None)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// `dlv --headless --listen 127.0.0.1:0 exec BIN`: the server of a remote
/// attach, and its address. Dropping it kills dlv and the program it
/// started (which a detaching dlv would leave running).
struct Headless {
    dlv: Child,
    addr: String,
    bin: PathBuf,
}

impl Headless {
    fn start(dlv: &Path, bin: &Path) -> Headless {
        let mut child = Command::new(dlv)
            .args(["--headless", "--listen", "127.0.0.1:0", "exec"])
            .arg(bin)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dlv --headless");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let addr = lines
            .by_ref()
            .map_while(Result::ok)
            .find_map(|l| l.split_once("listening at:").map(|(_, a)| a.trim().to_string()))
            .expect("dlv --headless prints its address");
        std::thread::spawn(move || lines.for_each(drop));
        Headless { dlv: child, addr, bin: bin.to_path_buf() }
    }
}

impl Drop for Headless {
    fn drop(&mut self) {
        let _ = self.dlv.kill();
        let _ = self.dlv.wait();
        // Every process running this test's own binary.
        for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else { continue };
            if std::fs::read_link(e.path().join("exe")).is_ok_and(|exe| exe == self.bin) {
                let _ = Command::new("kill").arg("-KILL").arg(pid.to_string()).status();
            }
        }
    }
}

/// Straight to dlv, after a launch or attach: the local vendor/ path does
/// not bind.
fn assert_unbound_straight(c: &mut DapClient, what: &str) {
    let line = marker(&vendored_file(), "step");
    let r = c
        .send_request("setBreakpoints", json!({"source": {"path": vendored_file()}, "breakpoints": [{"line": line}]}))
        .expect("setBreakpoints");
    assert_eq!(r["body"]["breakpoints"][0]["verified"], false, "{what}: straight to dlv the local path binds: {r}");
}

/// Through the bridge, after `initialized`: the breakpoint in vendor/ binds
/// and is hit; the stack is local files (the vendored one, main.go, the
/// runtime). Returns how many frames had a path.
fn assert_stops_in_vendor(b: &mut Bridge, what: &str) -> usize {
    let file = vendored_file();
    let line = marker(&file, "step");
    let r = b.set_breakpoints(&file, json!([{"line": line}]));
    let bp = &r["body"]["breakpoints"][0];
    assert_eq!(bp["verified"], true, "{what}: {r}\n{}", b.transcript_tail());
    assert_eq!(bp["source"]["path"], file.to_str().unwrap(), "{what}: {r}");
    b.ok("configurationDone", json!({}));
    let stopped = b.event("stopped");
    assert_eq!(stopped["body"]["reason"], "breakpoint", "{what}: {stopped}");
    let thread = stopped["body"]["threadId"].as_i64().unwrap();
    let st = b.ok("stackTrace", json!({"threadId": thread, "startFrame": 0, "levels": 30}));
    let frames = st["body"]["stackFrames"].as_array().unwrap();
    assert_eq!(frames[0]["line"], line, "{what}: {st}");
    assert_eq!(frames[0]["source"]["path"], file.to_str().unwrap(), "{what}: {st}");
    let main_go = fixture().join("main.go");
    assert_eq!(frames[1]["source"]["path"], main_go.to_str().unwrap(), "{what}: {st}");
    assert_eq!(frames[1]["line"], marker(&main_go, "call"), "{what}: {st}");
    let mut with_path = 0;
    for f in frames {
        if let Some(path) = f["source"]["path"].as_str() {
            assert!(Path::new(path).is_file(), "{what}: frame {} is not a local file: {path}", f["name"]);
            with_path += 1;
        }
    }
    assert!(with_path >= 3, "{what}: {st}");
    with_path
}

fn initialize(b: &mut Bridge) {
    b.ok("initialize", json!({"adapterID": "go", "linesStartAt1": true, "columnsStartAt1": true}));
}

/// (a) A vendored dependency built under a foreign root, in exec mode
/// (a prebuilt binary) and in debug mode (Delve builds it with the foreign
/// flags, and the editor names no output).
#[test]
fn vendored_dependency_built_elsewhere_binds_in_exec_and_debug_modes() {
    let dlv = support::require_dlv("vendored_dependency_built_elsewhere_binds_in_exec_and_debug_modes");
    let tmp = TempDir::new("attach-vendor");
    let bin = tmp.path().join("app");
    build_foreign(&bin);
    let ws = fixture();
    for mode in ["exec", "debug"] {
        let launch = match mode {
            "exec" => json!({"mode": "exec", "program": bin}),
            // The string form: Delve puts its own `-gcflags all=-N -l` after
            // an array's flags (overriding them), before a string's.
            _ => {
                let flags: Vec<String> = foreign_flags().iter().map(|f| quote_value(f)).collect();
                json!({"mode": "debug", "program": ws, "buildFlags": flags.join(" ")})
            }
        };

        // Straight to dlv (a debug build goes to a named output in tmp).
        let mut c = DapClient::spawn_in(&dlv, &[], Some(&ws)).expect("start dlv");
        c.initialize().expect("initialize");
        let mut straight = launch.clone();
        if mode == "debug" {
            straight["output"] = json!(tmp.path().join("straight-debug"));
        }
        c.send_request_timeout("launch", straight, Duration::from_secs(120)).expect("launch");
        assert_unbound_straight(&mut c, mode);
        c.shutdown();

        let mut b = Bridge::spawn_in(&dlv, &[], Some(&ws));
        initialize(&mut b);
        let seq = b.request_async("launch", launch);
        let r = b.response(seq, Duration::from_secs(120));
        assert_eq!(r["success"], true, "{mode}: {r}");
        b.event("initialized");
        let n = assert_stops_in_vendor(&mut b, mode);
        eprintln!("{mode}: vendored breakpoint bound through the bridge, {n} local frames");
        b.ok("disconnect", json!({"terminateDebuggee": true}));
    }
}

/// (b) `mode: debug` and `mode: test` without `output`: the bridge names the
/// output, so it reads the build Delve runs. Only debug info knows that the
/// linker dropped `droppedByLinker`; the sources declare it. The program
/// runs from the bridge's private folder, which is gone after the session.
#[test]
fn debug_and_test_builds_without_output_are_read_by_the_bridge() {
    let dlv = support::require_dlv("debug_and_test_builds_without_output_are_read_by_the_bridge");
    let src = support::repo_root().join("tests/fixtures/dap/app").canonicalize().unwrap();
    for (mode, file, marker_name) in [("debug", "main.go", "describe"), ("test", "main_test.go", "test")] {
        let mut b = Bridge::spawn_in(&dlv, &[], Some(&src));
        initialize(&mut b);
        let seq = b.request_async("launch", json!({"mode": mode, "program": src, "cwd": src}));
        let r = b.response(seq, Duration::from_secs(120));
        assert_eq!(r["success"], true, "{mode}: {r}");
        b.event("initialized");
        let line = marker_line_in(file, marker_name);
        let r = b.set_breakpoints(&src.join(file), json!([{"line": line, "condition": "droppedByLinker == 7"}]));
        let msg = r["body"]["breakpoints"][0]["message"].as_str().unwrap_or_else(|| panic!("{mode}: no message: {r}"));
        assert!(msg.contains("`droppedByLinker` is not visible"), "{mode}: {msg}");
        // Replace it with a plain one and run there.
        let r = b.set_breakpoints(&src.join(file), json!([{"line": line}]));
        assert!(r["body"]["breakpoints"][0].get("message").is_none(), "{mode}: {r}");
        b.ok("configurationDone", json!({}));
        let stopped = b.event("stopped");
        let thread = stopped["body"]["threadId"].as_i64().unwrap();
        let st = b.ok("stackTrace", json!({"threadId": thread, "startFrame": 0, "levels": 1}));
        let frame = st["body"]["stackFrames"][0]["id"].as_i64().unwrap();
        let ev = b.ok("evaluate", json!({"expression": "os.Args[0]", "frameId": frame, "context": "watch"}));
        let exe = ev["body"]["result"].as_str().unwrap().trim_matches('"').to_string();
        let dir = Path::new(&exe).parent().unwrap().to_path_buf();
        assert!(
            dir.file_name().unwrap().to_string_lossy().starts_with("dlvbridge-build-") && Path::new(&exe).is_file(),
            "{mode}: the program runs from {exe}"
        );
        b.ok("disconnect", json!({"terminateDebuggee": true}));
        assert!(b.wait_exit(Duration::from_secs(10)).is_some(), "{mode}: bridge exits");
        assert!(!dir.exists(), "{mode}: {} left behind", dir.display());
    }
}

/// (c) `attach`, `mode: local`, by pid: the bridge reads the process's
/// executable (`/proc/PID/exe`); its DWARF also checks conditions. Then by
/// `waitFor`, where only Delve knows the process.
#[cfg(target_os = "linux")]
#[test]
fn local_attach_by_pid_to_a_binary_built_elsewhere() {
    let dlv = support::require_dlv("local_attach_by_pid_to_a_binary_built_elsewhere");
    let tmp = TempDir::new("attach-local");
    let bin = tmp.path().join("app");
    build_foreign(&bin);

    let p = Program::start(&bin);
    let mut c = DapClient::spawn(&dlv, &[]).expect("start dlv");
    c.initialize().expect("initialize");
    c.send_request("attach", json!({"mode": "local", "processId": p.pid()})).expect("attach");
    assert_unbound_straight(&mut c, "local attach");
    c.shutdown();
    drop(p);

    let p = Program::start(&bin);
    let mut b = Bridge::spawn_in(&dlv, &[], Some(&fixture()));
    initialize(&mut b);
    b.ok("attach", json!({"mode": "local", "processId": p.pid()}));
    b.event("initialized");
    assert_dwarf_condition_check(&mut b, "local attach");
    let n = assert_stops_in_vendor(&mut b, "local attach");
    eprintln!("local attach: vendored breakpoint bound through the bridge, {n} local frames");
    b.ok("disconnect", json!({"terminateDebuggee": true}));
    drop(b);
    drop(p);

    // `waitFor` (a command-line prefix) instead of a pid: the bridge cannot
    // know the process, so it asks Delve for the build paths.
    let mut b = Bridge::spawn_in(&dlv, &[], Some(&fixture()));
    initialize(&mut b);
    let attach = b.request_async("attach", json!({"mode": "local", "waitFor": bin}));
    // Delve looks at each new process once: one it sees between fork and
    // exec still has the test's command line and is never looked at again.
    // Another start of the program is then the one it attaches to.
    let mut started = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let r = loop {
        started.push(Program::spawn(&bin));
        match b.try_response(attach, Duration::from_secs(3)) {
            Ok(r) => break r,
            Err(e) if std::time::Instant::now() > deadline => panic!("{e}\n{}", b.transcript_tail()),
            Err(_) => eprintln!("local attach (waitFor): no answer yet; starting the program again"),
        }
    };
    assert_eq!(r["success"], true, "{r}");
    b.event("initialized");
    assert!(b.log().contains("asking Delve for its source files"), "{}", b.transcript_tail());
    let n = assert_stops_in_vendor(&mut b, "local attach, waitFor");
    eprintln!("local attach (waitFor): vendored breakpoint bound through the bridge, {n} local frames");
    b.ok("disconnect", json!({"terminateDebuggee": true}));
    drop(started);
}

/// Only the binary's debug info knows `forgotten` was dropped by the linker.
fn assert_dwarf_condition_check(b: &mut Bridge, what: &str) {
    let file = vendored_file();
    let r = b.set_breakpoints(&file, json!([{"line": marker(&file, "step"), "condition": "forgotten == 1"}]));
    let msg = r["body"]["breakpoints"][0]["message"].as_str().unwrap_or_else(|| panic!("{what}: no message: {r}"));
    assert!(msg.contains("`forgotten` is not visible"), "{what}: {msg}");
}

/// (d) `attach`, `mode: remote`, through `--connect` to a
/// `dlv --headless exec` of the foreign build: no binary here, so the
/// bridge learns the build paths from Delve (`dlv sources`). The editor's
/// `setBreakpoints` goes out right behind `attach`, before `initialized`:
/// the bridge holds it until the rules are known. With `program` naming a
/// local copy, the bridge reads that copy (conditions checked with DWARF).
#[test]
fn remote_attach_to_headless_dlv_learns_paths_from_delve() {
    let dlv = support::require_dlv("remote_attach_to_headless_dlv_learns_paths_from_delve");
    let tmp = TempDir::new("attach-remote");
    let bin = tmp.path().join("app");
    build_foreign(&bin);

    let server = Headless::start(&dlv, &bin);
    let mut c = DapClient::connect(&server.addr).expect("connect to dlv --headless");
    c.initialize().expect("initialize");
    c.send_request("attach", json!({"mode": "remote"})).expect("attach");
    assert_unbound_straight(&mut c, "remote attach");
    drop(c);
    drop(server);

    // The editor's configuration has no path at all: Delve's file list.
    let server = Headless::start(&dlv, &bin);
    let mut b = Bridge::spawn_in(&dlv, &["--connect", &server.addr], Some(&fixture()));
    initialize(&mut b);
    let file = vendored_file();
    let attach = b.request_async("attach", json!({"mode": "remote"}));
    let early = b.request_async(
        "setBreakpoints",
        json!({"source": {"path": file}, "breakpoints": [{"line": marker(&file, "step")}]}),
    );
    assert_eq!(b.response(attach, Duration::from_secs(30))["success"], true);
    let r = b.response(early, Duration::from_secs(30));
    assert_eq!(
        r["body"]["breakpoints"][0]["verified"],
        true,
        "sent before `initialized`: {r}\n{}",
        b.transcript_tail()
    );
    b.event("initialized");
    assert!(b.log().contains("asking Delve for its source files"), "{}", b.transcript_tail());
    let n = assert_stops_in_vendor(&mut b, "remote attach, Delve's sources");
    eprintln!("remote attach (dlv sources): vendored breakpoint bound through the bridge, {n} local frames");
    b.ok("disconnect", json!({"terminateDebuggee": true}));
    drop(b);
    drop(server);

    // `program` names a local copy of the binary: its DWARF and file table.
    let server = Headless::start(&dlv, &bin);
    let mut b = Bridge::spawn_in(&dlv, &["--connect", &server.addr], Some(&fixture()));
    initialize(&mut b);
    b.ok("attach", json!({"mode": "remote", "program": bin}));
    b.event("initialized");
    assert!(!b.log().contains("asking Delve for its source files"), "{}", b.transcript_tail());
    assert_dwarf_condition_check(&mut b, "remote attach, local copy");
    let n = assert_stops_in_vendor(&mut b, "remote attach, local copy");
    eprintln!("remote attach (local copy): vendored breakpoint bound through the bridge, {n} local frames");
    b.ok("disconnect", json!({"terminateDebuggee": true}));
}

/// Remote attach with the editor in another module (tests/fixtures/dap/app,
/// which has a main.go too): Delve's `runtime.modinfo` says the binary's
/// main module is example.com/attachapp, so the bridge maps none of its
/// paths into the other module — the stack keeps Delve's `/app/main.go`
/// instead of naming the other module's main.go.
#[test]
fn remote_attach_from_another_module_maps_nothing_into_it() {
    let dlv = support::require_dlv("remote_attach_from_another_module_maps_nothing_into_it");
    let tmp = TempDir::new("attach-remote-other");
    let bin = tmp.path().join("app");
    build_foreign(&bin);
    let other = support::repo_root().join("tests/fixtures/dap/app").canonicalize().unwrap();
    assert!(other.join("main.go").is_file());

    let server = Headless::start(&dlv, &bin);
    let mut b = Bridge::spawn_in(&dlv, &["--connect", &server.addr], Some(&other));
    initialize(&mut b);
    b.ok("attach", json!({"mode": "remote"}));
    b.event("initialized");
    let r = b.ok("setFunctionBreakpoints", json!({"breakpoints": [{"name": "example.com/tick.Step"}]}));
    assert_eq!(r["body"]["breakpoints"][0]["verified"], true, "{r}");
    b.ok("configurationDone", json!({}));
    let stopped = b.event("stopped");
    let thread = stopped["body"]["threadId"].as_i64().unwrap();
    let st = b.ok("stackTrace", json!({"threadId": thread, "startFrame": 0, "levels": 2}));
    let frames = st["body"]["stackFrames"].as_array().unwrap();
    assert_eq!(frames[0]["source"]["path"], format!("{ROOT}/vendor/example.com/tick/tick.go"), "{st}");
    assert_eq!(frames[1]["source"]["path"], format!("{ROOT}/main.go"), "{st}\n{}", b.transcript_tail());
    b.ok("disconnect", json!({"terminateDebuggee": true}));
}
