//! `dlvbridge dap` as a program on a shared machine: what `--listen` does
//! with whatever is already at its path, and how `--log-file` is opened
//! and what it never holds.
#![cfg(unix)]

mod support;

use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use support::TempDir;

/// `dlvbridge dap --listen PATH` with a Delve that cannot start (nothing
/// here needs one: the socket is made before Delve is).
fn listen(path: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_dlvbridge"))
        .args(["dap", "--dlv", "/nonexistent/dlv", "--listen"])
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dlvbridge runs")
}

/// Waits for `child` to exit within `limit`; kills it otherwise.
fn exit_within(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn stderr_of(child: Child) -> String {
    String::from_utf8_lossy(&child.wait_with_output().expect("output").stderr).into_owned()
}

/// A refused path: exit code 2 within seconds, one line saying why, and
/// what was there left as it was.
fn assert_refused(path: &Path, why: &str) {
    let mut child = listen(path);
    let status = exit_within(&mut child, Duration::from_secs(10));
    let stderr = stderr_of(child);
    assert_eq!(status.and_then(|s| s.code()), Some(2), "refused at once: {stderr}");
    assert!(stderr.contains(why), "{why:?} in {stderr:?}");
}

#[test]
fn listen_refuses_a_regular_file_and_keeps_it() {
    let dir = TempDir::new("listen-file");
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "precious").unwrap();
    assert_refused(&file, "something other than a socket is there; not replaced");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious");
}

#[test]
fn listen_refuses_a_directory_and_a_fifo() {
    let dir = TempDir::new("listen-dir");
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    assert_refused(&sub, "not replaced");
    assert!(sub.is_dir());
    let fifo = dir.path().join("fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    assert_refused(&fifo, "not replaced");
    assert!(std::fs::symlink_metadata(&fifo).is_ok());
}

#[test]
fn listen_refuses_a_symbolic_link_and_keeps_it_and_its_target() {
    let dir = TempDir::new("listen-link");
    let target = dir.path().join("target.txt");
    std::fs::write(&target, "precious").unwrap();
    let link = dir.path().join("dap.sock");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    assert_refused(&link, "symbolic link");
    assert_eq!(std::fs::read_link(&link).unwrap(), target);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
    // A dangling link too: binding through it would create its target.
    let dangling = dir.path().join("dangling.sock");
    let nowhere = dir.path().join("nowhere");
    std::os::unix::fs::symlink(&nowhere, &dangling).unwrap();
    assert_refused(&dangling, "symbolic link");
    assert!(!nowhere.exists());
}

#[test]
fn listen_refuses_a_live_socket() {
    let dir = TempDir::new("listen-live");
    let path = dir.path().join("dap.sock");
    let live = UnixListener::bind(&path).unwrap();
    assert_refused(&path, "a running server listens there");
    drop(live);
}

#[test]
fn listen_replaces_a_stale_socket_owner_only() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let dir = TempDir::new("listen-stale");
    let path = dir.path().join("dap.sock");
    drop(UnixListener::bind(&path).unwrap());
    assert!(UnixStream::connect(&path).is_err(), "stale: nobody listens");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let mut child = listen(&path);
    let deadline = Instant::now() + Duration::from_secs(10);
    // Whatever is seen at the path meanwhile is an owner-only socket.
    let stream = loop {
        if let Ok(m) = std::fs::symlink_metadata(&path) {
            assert!(m.file_type().is_socket() && m.permissions().mode() & 0o777 == 0o600, "{m:?}");
        }
        if let Ok(s) = UnixStream::connect(&path) {
            break s;
        }
        assert!(Instant::now() < deadline, "the bridge never replaced the stale socket");
        std::thread::sleep(Duration::from_millis(5));
    };
    drop(stream);
    let status = exit_within(&mut child, Duration::from_secs(10));
    assert!(status.is_some(), "the bridge ends once its one client is gone");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(leftovers.is_empty(), "nothing left behind: {leftovers:?}");
}

/// `dlvbridge COMMAND --log-file PATH` (with a Delve that cannot start, for
/// `dap`): the exit status and stderr, within 10 s.
fn with_log_file(command: &str, path: &Path) -> (Option<i32>, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dlvbridge"));
    cmd.arg(command).arg("--log-file").arg(path);
    if command == "dap" {
        cmd.args(["--dlv", "/nonexistent/dlv", "--connect", "127.0.0.1:1"]);
    }
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let status = exit_within(&mut child, Duration::from_secs(10));
    (status.and_then(|s| s.code()), stderr_of(child))
}

#[test]
fn log_file_is_created_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("log-mode");
    for command in ["dap", "lsp"] {
        let log = dir.path().join(format!("{command}.log"));
        let (_, stderr) = with_log_file(command, &log);
        let meta = std::fs::metadata(&log).unwrap_or_else(|e| panic!("{command}: no log ({e}): {stderr}"));
        assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{command}");
        // An existing log others could read is narrowed, and appended to.
        std::fs::write(&log, "before\n").unwrap();
        std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o644)).unwrap();
        with_log_file(command, &log);
        assert_eq!(std::fs::metadata(&log).unwrap().permissions().mode() & 0o777, 0o600, "{command}");
        assert!(std::fs::read_to_string(&log).unwrap().starts_with("before\n"), "{command}: appended");
    }
}

#[test]
fn log_file_refuses_a_planted_symbolic_link_or_fifo() {
    let dir = TempDir::new("log-link");
    let target = dir.path().join("victim");
    std::fs::write(&target, "precious\n").unwrap();
    for command in ["dap", "lsp"] {
        let link = dir.path().join(format!("{command}.log"));
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let (code, stderr) = with_log_file(command, &link);
        assert_eq!(code, Some(2), "{command}: {stderr}");
        assert!(stderr.contains("cannot open log file") && stderr.contains("symbolic link"), "{command}: {stderr}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious\n", "{command}: the target is untouched");
        // Not even created through a dangling link.
        let dangling = dir.path().join(format!("{command}-dangling.log"));
        let nowhere = dir.path().join(format!("{command}-nowhere"));
        std::os::unix::fs::symlink(&nowhere, &dangling).unwrap();
        assert_eq!(with_log_file(command, &dangling).0, Some(2), "{command}");
        assert!(!nowhere.exists(), "{command}");
        // A FIFO would block the start waiting for a reader.
        let fifo = dir.path().join(format!("{command}.fifo"));
        assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let (code, stderr) = with_log_file(command, &fifo);
        assert_eq!(code, Some(2), "{command}: refused at once: {stderr}");
        assert!(stderr.contains("not a regular file"), "{command}: {stderr}");
    }
}

/// At `RUST_LOG=trace` every DAP message is logged, but never a launch's
/// environment values, program arguments or build flags: real dlv runs the
/// fixture program (which prints neither), built by the test (`exec`) and
/// by Delve (`debug`).
#[test]
fn trace_log_holds_no_environment_values_or_arguments() {
    use serde_json::json;
    let dlv = support::require_dlv("trace_log_holds_no_environment_values_or_arguments");
    let dir = TempDir::new("log-redact");
    let source = support::repo_root().join("tests/fixtures/dap/app");
    let program = dir.path().join("app");
    support::go_build_debug(&source, &program, &[]).expect("build");
    for (mode, program) in [("exec", program.as_path()), ("debug", source.as_path())] {
        let log = dir.path().join(format!("{mode}.log"));
        let launch = json!({
            "mode": mode, "program": program, "stopOnEntry": false,
            "args": ["--token=arg-value-1717", "plain-arg-2626"],
            "env": {"DLVB_SECRET_ENV": "env-value-4242"},
            "buildFlags": "-ldflags='-X main.key=build-value-3535'",
        });
        traced_session(&dlv, &log, launch);
        let text = std::fs::read_to_string(&log).expect("the log");
        assert!(text.contains(r#""command":"launch""#), "{mode}: messages are logged at trace: {text}");
        assert!(text.contains("DLVB_SECRET_ENV"), "{mode}: environment names are kept: {text}");
        for secret in ["env-value-4242", "arg-value-1717", "plain-arg-2626", "build-value-3535"] {
            assert!(!text.contains(secret), "{mode}: {secret} in the log:\n{text}");
        }
    }
}

/// One session through `dlvbridge dap` at `RUST_LOG=trace`: initialize,
/// `launch`, run to the end, disconnect.
fn traced_session(dlv: &Path, log: &Path, launch: serde_json::Value) {
    use serde_json::{Value, json};
    use std::io::BufReader;
    use std::sync::mpsc;
    let mut bridge = Command::new(env!("CARGO_BIN_EXE_dlvbridge"))
        .arg("dap")
        .arg("--dlv")
        .arg(dlv)
        .arg("--log-file")
        .arg(log)
        .env("RUST_LOG", "trace")
        .env("GOTOOLCHAIN", "local")
        .env("GOWORK", "off")
        .current_dir(support::repo_root().join("tests/fixtures/dap/app"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut to_bridge = bridge.stdin.take().unwrap();
    let from_bridge = bridge.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel::<Value>();
    std::thread::spawn(move || {
        let mut r = BufReader::new(from_bridge);
        let limits = dlvbridge::framing::FrameLimits::default();
        while let Ok(Some(body)) = dlvbridge::framing::read_frame_blocking(&mut r, &limits) {
            if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        }
    });
    let mut seq = 0;
    let mut send = |command: &str, arguments: Value| {
        seq += 1;
        let msg = json!({"seq": seq, "type": "request", "command": command, "arguments": arguments});
        dlvbridge::framing::write_frame_blocking(&mut to_bridge, msg.to_string().as_bytes()).unwrap();
    };
    // The next message `matches` accepts (the others are passed over).
    let wait = |what: &str, matches: &dyn Fn(&Value) -> bool| loop {
        let msg = rx.recv_timeout(Duration::from_secs(60)).unwrap_or_else(|e| panic!("no {what}: {e}"));
        if matches(&msg) {
            assert_ne!(msg["success"], false, "{msg}");
            break msg;
        }
    };
    send("initialize", json!({"clientID": "test", "adapterID": "go", "pathFormat": "path"}));
    wait("initialize response", &|m| m["command"] == "initialize");
    send("launch", launch);
    // Delve sends `initialized` before or after the launch response.
    let (mut launched, mut initialized) = (false, false);
    while !(launched && initialized) {
        let m = wait("launch response and initialized", &|m| m["command"] == "launch" || m["event"] == "initialized");
        launched |= m["command"] == "launch";
        initialized |= m["event"] == "initialized";
    }
    send("configurationDone", json!({}));
    wait("terminated", &|m| m["event"] == "terminated");
    send("disconnect", json!({}));
    drop(to_bridge);
    assert!(exit_within(&mut bridge, Duration::from_secs(20)).is_some(), "the bridge ends after disconnect");
}
