//! Faults around a real `dlv dap`: Delve dies or freezes (spawned, or a
//! `--connect` peer), the editor goes away, the editor sends garbage.
//! Every request is answered or failed within its deadline, every case
//! ends within seconds with nothing hanging and no dlv or debuggee left
//! behind.

mod dap_bridge_harness;
mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use dap_bridge_harness::{Bridge, debuggee_of, fixture_app, marker_line, wait_gone};
use serde_json::{Value, json};
use support::direct_dlv::DirectDlv;

const FIVE: Duration = Duration::from_secs(5);

/// A session stopped at `bp:describe`; returns (dlv pid, debuggee pid).
fn stopped_session(b: &mut Bridge) -> (u32, Option<u32>) {
    b.start_exec(json!({}));
    let main_go = fixture_app().0.join("main.go");
    b.set_breakpoints(&main_go, json!([{"line": marker_line("describe")}]));
    b.ok("configurationDone", json!({}));
    let stopped = b.event("stopped");
    assert_eq!(stopped["body"]["reason"], "breakpoint", "{stopped}");
    let dlv = b.dlv_pid().expect("dlv is the bridge's child");
    (dlv, debuggee_of(dlv))
}

fn signal(pid: u32, sig: &str) {
    let ok = Command::new("kill").arg(sig).arg(pid.to_string()).status().unwrap().success();
    assert!(ok, "kill {sig} {pid}");
    if sig == "-STOP" {
        // Requests sent before every thread stopped could still be answered.
        let deadline = Instant::now() + FIVE;
        while !support::procs::all_threads_stopped(pid) {
            assert!(Instant::now() < deadline, "{pid} did not stop");
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// Ends a debuggee Delve left behind (so one failing test does not leak),
/// and says whether there was one.
fn reap_leftover(pid: Option<u32>) -> bool {
    match pid {
        Some(p) if !wait_gone(p, Duration::from_secs(2)) => {
            let _ = Command::new("kill").arg("-KILL").arg(p.to_string()).status();
            true
        }
        _ => false,
    }
}

#[test]
fn dlv_killed_mid_session_fails_inflight_requests_and_terminates() {
    let dlv = support::require_dlv("dlv_killed_mid_session");
    let mut b = Bridge::spawn(&dlv, &[]);
    let (dlv_pid, debuggee) = stopped_session(&mut b);
    // Freeze dlv so a request is certainly in flight, then kill it.
    signal(dlv_pid, "-STOP");
    let seq = b.request_async("threads", json!(null));
    std::thread::sleep(Duration::from_millis(100));
    let t0 = Instant::now();
    signal(dlv_pid, "-KILL");
    let resp = b.try_response(seq, FIVE).expect("an error response for the in-flight request");
    assert_eq!(resp["success"], false, "{resp}");
    assert_eq!(resp["command"], "threads", "{resp}");
    // The reset of a connection is not a malformed frame. (The kernel resets
    // it when the request reached dlv's socket unread, else closes it: on a
    // loaded machine the bridge may not have forwarded it within 100 ms.)
    let message = resp["message"].as_str().unwrap();
    assert!(
        message.contains("dlv is gone: lost the connection to delve")
            || message == "dlv is gone: the connection to Delve closed",
        "{resp}"
    );
    assert!(!message.contains("malformed"), "{resp}");
    b.try_event(&["terminated"], FIVE).expect("a terminated event");
    let status = b.wait_exit(FIVE).expect("the bridge exits");
    assert!(status.success(), "{status:?}");
    assert!(t0.elapsed() < FIVE, "{:?}", t0.elapsed());
    assert!(wait_gone(dlv_pid, FIVE), "dlv {dlv_pid} is not reaped");
    // Delve was SIGKILLed; the kernel ends what it traced (PTRACE_O_EXITKILL).
    assert!(!reap_leftover(debuggee), "orphan debuggee {debuggee:?}");
}

#[test]
fn frozen_dlv_fails_console_completion_in_time_and_disconnect_ends_everything() {
    let dlv = support::require_dlv("frozen_dlv_fails_console_completion");
    let mut b = Bridge::spawn(&dlv, &["--delve-timeout", "1", "--disconnect-timeout", "1"]);
    let (dlv_pid, debuggee) = stopped_session(&mut b);
    let debuggee = debuggee.expect("the debuggee runs under dlv");
    signal(dlv_pid, "-STOP");
    // The console completes in the stopped frame: the bridge must ask the
    // frozen dlv for the frame's variables.
    let t0 = Instant::now();
    let seq = b.request_async("completions", json!({"text": "u.", "column": 3}));
    let resp = b.try_response(seq, FIVE).expect("an answer to the console completion");
    assert_eq!(resp["success"], false, "{resp}");
    assert!(resp["message"].as_str().unwrap().contains("dlv did not answer"), "{resp}");
    assert!(t0.elapsed() < Duration::from_secs(3), "answered after {:?}", t0.elapsed());
    // `disconnect` still ends the session: answered, `terminated`, and
    // dlv and the debuggee are gone without anyone else's help.
    let seq = b.request_async("disconnect", json!({"terminateDebuggee": true}));
    let resp = b.try_response(seq, FIVE).expect("an answer to disconnect");
    assert_eq!(resp["success"], true, "{resp}");
    b.try_event(&["terminated"], FIVE).expect("a terminated event");
    let status = b.wait_exit(FIVE).expect("the bridge exits");
    assert!(status.success(), "{status:?}");
    assert_eq!(left_behind(&[dlv_pid, debuggee]), Vec::<u32>::new(), "dlv {dlv_pid}, debuggee {debuggee}");
}

/// Ends what a test may have left, then says what was left.
fn left_behind(pids: &[u32]) -> Vec<u32> {
    let left: Vec<u32> = pids.iter().copied().filter(|p| !wait_gone(*p, FIVE)).collect();
    for pid in &left {
        let _ = Command::new("kill").arg("-KILL").arg(pid.to_string()).status();
    }
    left
}

#[test]
fn disconnect_ends_a_frozen_dlv_and_the_program_it_runs() {
    let dlv = support::require_dlv("disconnect_ends_a_frozen_dlv");
    let mut b = Bridge::spawn(&dlv, &["--disconnect-timeout", "1"]);
    // The program runs (sleeps) when dlv freezes: nothing but the bridge
    // will end it once dlv is gone.
    b.start_exec(json!({"args": ["sleep"]}));
    b.ok("configurationDone", json!({}));
    let dlv_pid = b.dlv_pid().expect("dlv is the bridge's child");
    let debuggee = debuggee_of(dlv_pid).expect("the debuggee runs under dlv");
    signal(dlv_pid, "-STOP");
    let t0 = Instant::now();
    let seq = b.request_async("disconnect", json!({"terminateDebuggee": true}));
    let resp = b.try_response(seq, FIVE).expect("an answer to disconnect");
    assert_eq!(resp["success"], true, "{resp}");
    b.try_event(&["terminated"], FIVE).expect("a terminated event");
    let status = b.wait_exit(FIVE).expect("the bridge exits");
    assert!(status.success(), "{status:?}");
    assert!(t0.elapsed() < FIVE, "{:?}", t0.elapsed());
    assert_eq!(left_behind(&[dlv_pid, debuggee]), Vec::<u32>::new(), "dlv {dlv_pid}, debuggee {debuggee}");
}

#[test]
fn editor_eof_ends_dlv_and_the_debuggee() {
    let dlv = support::require_dlv("editor_eof_ends_dlv_and_the_debuggee");
    let mut b = Bridge::spawn(&dlv, &[]);
    let (dlv_pid, debuggee) = stopped_session(&mut b);
    assert!(debuggee.is_some(), "the debuggee runs under dlv");
    let t0 = Instant::now();
    b.close_stdin();
    let status = b.wait_exit(FIVE).expect("the bridge exits when the editor goes away");
    assert!(status.success(), "{status:?}");
    assert!(wait_gone(dlv_pid, FIVE), "orphan dlv {dlv_pid}");
    assert!(!reap_leftover(debuggee), "orphan debuggee {debuggee:?}");
    assert!(t0.elapsed() < FIVE, "{:?}", t0.elapsed());
}

/// One frame of `body`.
fn frame(body: &[u8]) -> Vec<u8> {
    dlvbridge::framing::encode_frame(body)
}

/// Each kind of garbage ends the session with a log line saying what was
/// wrong and exit code 2 (a stream that ends inside a frame is the editor
/// going away: exit code 0), dlv ended, stdout closed.
#[test]
fn malformed_input_is_logged_and_closes_cleanly() {
    let dlv = support::require_dlv("malformed_input_is_logged_and_closes_cleanly");
    let huge_header = format!("Content-Length: 10\r\nX-Padding: {}\r\n\r\n", "x".repeat(5000));
    let deep = frame("[".repeat(100_000).as_bytes());
    let cases: Vec<(&str, Vec<u8>, &str, i32)> = vec![
        ("bad length", b"Content-Length: abc\r\n\r\n".to_vec(), "invalid Content-Length", 2),
        ("negative length", b"Content-Length: -1\r\n\r\n".to_vec(), "invalid Content-Length", 2),
        ("oversized header", huge_header.into_bytes(), "header line longer than", 2),
        ("oversized body", b"Content-Length: 99999999999\r\n\r\n".to_vec(), "larger than", 2),
        ("length 10^12", b"Content-Length: 1000000000000\r\n\r\n".to_vec(), "larger than", 2),
        ("too many headers", [&b"X: 1\r\n".repeat(20)[..], b"\r\n"].concat(), "more than 16 header lines", 2),
        ("header not utf-8", b"\xff\xfe: 1\r\n\r\n".to_vec(), "malformed header line", 2),
        ("header without colon", b"garbage\r\n\r\n".to_vec(), "malformed header line", 2),
        ("no content length", b"Content-Type: x\r\n\r\n".to_vec(), "without a Content-Length", 2),
        ("invalid json", frame(b"{{{{{"), "invalid DAP message", 2),
        ("empty body", frame(b""), "invalid DAP message", 2),
        ("nul bytes", frame(b"\0\0\0"), "invalid DAP message", 2),
        ("trailing garbage", frame(br#"{"seq":2,"type":"request","command":"threads"}xx"#), "invalid DAP message", 2),
        ("not a dap message", frame(b"[1,2,3]"), "invalid DAP message", 2),
        ("a json string", frame(br#""request""#), "invalid DAP message", 2),
        ("unknown type", frame(br#"{"seq":2,"type":"bogus"}"#), "invalid DAP message", 2),
        ("no type", frame(br#"{"seq":2,"command":"threads"}"#), "invalid DAP message", 2),
        ("seq not a number", frame(br#"{"seq":"2","type":"request","command":"threads"}"#), "invalid DAP message", 2),
        ("100000 nesting levels", deep, "invalid DAP message", 2),
        ("ends inside the body", b"Content-Length: 50\r\n\r\n{}".to_vec(), "lost the connection to editor", 0),
        ("ends inside the headers", b"Content-Length: 5\r\n".to_vec(), "lost the connection to editor", 0),
    ];
    let cases = std::sync::Mutex::new(cases.into_iter());
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    let mut failures = Vec::new();
                    loop {
                        let Some((name, bytes, want, code)) = cases.lock().unwrap().next() else { return failures };
                        if let Err(e) = malformed_case(&dlv, &bytes, want, code) {
                            failures.push(format!("{name}: {e}"));
                        }
                    }
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn malformed_case(dlv: &std::path::Path, bytes: &[u8], want: &str, code: i32) -> Result<(), String> {
    let mut b = Bridge::spawn(dlv, &[]);
    b.ok("initialize", json!({"adapterID": "go"}));
    let dlv_pid = b.dlv_pid().expect("dlv child");
    b.send_bytes(bytes).unwrap();
    if code == 0 {
        b.close_stdin();
    }
    let status = b.wait_exit(FIVE).ok_or("the bridge did not exit")?;
    if status.code() != Some(code) {
        return Err(format!("exit status {status:?}, not {code}"));
    }
    b.wait_closed(FIVE).map_err(|e| format!("stdout not closed: {e}"))?;
    if !wait_gone(dlv_pid, FIVE) {
        return Err(format!("orphan dlv {dlv_pid}"));
    }
    let log = b.log();
    if !log.contains(want) {
        return Err(format!("the log does not say {want:?}:\n{log}"));
    }
    Ok(())
}

/// `"\ud800"` is not valid JSON for serde, but Delve's decoder reads it as
/// U+FFFD: the bridge reads it so too, and the session goes on.
#[test]
fn a_lone_surrogate_in_a_request_is_passed_on_as_delve_reads_it() {
    let dlv = support::require_dlv("a_lone_surrogate_in_a_request");
    let mut b = Bridge::spawn(&dlv, &[]);
    stopped_session(&mut b);
    let body = br#"{"seq":900,"type":"request","command":"evaluate","arguments":{"expression":"\ud800 + \"\udc00\"","context":"repl"}}"#;
    b.send_bytes(&frame(body)).unwrap();
    let resp = b.try_response(900, FIVE).expect("an answer to the request");
    assert_eq!(resp["command"], "evaluate", "{resp}");
    // Delve got U+FFFD, not an identifier it could look up.
    assert_eq!(resp["success"], false, "{resp}");
    assert!(resp["body"]["error"]["format"].as_str().unwrap().contains('\u{fffd}'), "{resp}");
    assert_eq!(b.ok("threads", json!(null))["command"], "threads", "the session goes on");
    b.ok("disconnect", json!({"terminateDebuggee": true}));
}

/// Sends each request and says how each was answered.
fn answers(b: &mut Bridge, requests: &[(&str, Value)]) -> Vec<(i64, Value)> {
    let seqs: Vec<i64> = requests.iter().map(|(c, a)| b.request_async(c, a.clone())).collect();
    seqs.into_iter().map(|seq| (seq, b.try_response(seq, FIVE).unwrap_or_else(|e| json!(e)))).collect()
}

/// Asserts each answer is the bridge's error for a request Delve did not
/// answer within `after`.
fn assert_failed_at_deadline(answers: &[(i64, Value)], requests: &[(&str, Value)], after: &str) {
    for ((_, resp), (command, _)) in answers.iter().zip(requests) {
        assert_eq!(resp["success"], false, "{command}: {resp}");
        assert_eq!(resp["message"], format!("dlv did not answer `{command}` within {after}"), "{resp}");
    }
}

#[test]
fn frozen_dlv_every_forwarded_request_fails_at_its_deadline() {
    let dlv = support::require_dlv("frozen_dlv_every_forwarded_request");
    let mut b = Bridge::spawn(&dlv, &["--request-timeout", "1", "--disconnect-timeout", "1"]);
    let (dlv_pid, debuggee) = stopped_session(&mut b);
    let debuggee = debuggee.expect("the debuggee runs under dlv");
    signal(dlv_pid, "-STOP");
    let t0 = Instant::now();
    let requests = [
        ("threads", json!(null)),
        ("stackTrace", json!({"threadId": 1})),
        ("scopes", json!({"frameId": 1000})),
        ("variables", json!({"variablesReference": 1000})),
        ("evaluate", json!({"expression": "u.Name", "context": "repl"})),
        ("setBreakpoints", json!({"source": {"path": fixture_app().0.join("main.go")}, "breakpoints": []})),
        ("continue", json!({"threadId": 1})),
    ];
    let answered = answers(&mut b, &requests);
    assert_failed_at_deadline(&answered, &requests, "1s");
    assert!(t0.elapsed() < FIVE, "answered after {:?}", t0.elapsed());
    let seq = b.request_async("disconnect", json!({"terminateDebuggee": true}));
    assert_eq!(b.try_response(seq, FIVE).expect("an answer to disconnect")["success"], true);
    b.try_event(&["terminated"], FIVE).expect("a terminated event");
    assert!(b.wait_exit(FIVE).expect("the bridge exits").success());
    assert_eq!(left_behind(&[dlv_pid, debuggee]), Vec::<u32>::new(), "dlv {dlv_pid}, debuggee {debuggee}");
}

#[test]
fn a_launch_dlv_does_not_answer_fails_at_its_deadline() {
    let dlv = support::require_dlv("a_launch_dlv_does_not_answer");
    let mut b = Bridge::spawn(&dlv, &["--launch-timeout", "1"]);
    b.ok("initialize", json!({"adapterID": "go"}));
    let dlv_pid = b.dlv_pid().expect("dlv is the bridge's child");
    signal(dlv_pid, "-STOP");
    let requests = [("launch", json!({"mode": "exec", "program": fixture_app().1}))];
    let answered = answers(&mut b, &requests);
    assert_failed_at_deadline(&answered, &requests, "1s");
    b.close_stdin();
    assert!(b.wait_exit(FIVE).expect("the bridge exits").success());
    assert_eq!(left_behind(&[dlv_pid]), Vec::<u32>::new());
}

/// Closing the editor's stream is the last resort against a frozen dlv:
/// it must end dlv and the program it runs.
#[test]
fn closing_the_editor_stream_ends_a_frozen_dlv_and_its_program() {
    let dlv = support::require_dlv("closing_the_editor_stream_ends_a_frozen_dlv");
    let mut b = Bridge::spawn(&dlv, &[]);
    b.start_exec(json!({"args": ["sleep"]}));
    b.ok("configurationDone", json!({}));
    let dlv_pid = b.dlv_pid().expect("dlv is the bridge's child");
    let debuggee = debuggee_of(dlv_pid).expect("the debuggee runs under dlv");
    signal(dlv_pid, "-STOP");
    b.close_stdin();
    assert!(b.wait_exit(Duration::from_secs(10)).expect("the bridge exits").success());
    assert_eq!(left_behind(&[dlv_pid, debuggee]), Vec::<u32>::new(), "dlv {dlv_pid}, debuggee {debuggee}");
}

/// A `--connect` peer that stops answering: requests fail at their
/// deadline, `disconnect` still ends the session (the peer is not ours
/// to end).
#[test]
fn a_connected_dlv_that_stops_answering_fails_requests_and_disconnect_ends() {
    let dlv = support::require_dlv("a_connected_dlv_that_stops_answering");
    let server = DirectDlv::spawn(&dlv);
    let mut b =
        Bridge::spawn(&dlv, &["--connect", &server.addr, "--request-timeout", "1", "--disconnect-timeout", "1"]);
    b.start_exec(json!({"args": ["sleep"]}));
    b.ok("configurationDone", json!({}));
    signal(server.child.id(), "-STOP");
    let t0 = Instant::now();
    let requests = [("threads", json!(null)), ("pause", json!({"threadId": 1}))];
    let answered = answers(&mut b, &requests);
    assert_failed_at_deadline(&answered, &requests, "1s");
    let seq = b.request_async("disconnect", json!({"terminateDebuggee": true}));
    assert_eq!(b.try_response(seq, FIVE).expect("an answer to disconnect")["success"], true);
    b.try_event(&["terminated"], FIVE).expect("a terminated event");
    assert!(b.wait_exit(FIVE).expect("the bridge exits").success());
    assert!(t0.elapsed() < Duration::from_secs(8), "{:?}", t0.elapsed());
}

#[test]
fn missing_dlv_or_bad_options_exit_2_with_one_line() {
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_dlvbridge"))
            .arg("dap")
            .args(args)
            .env_remove("DLV_PATH")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        (o.status.code(), String::from_utf8_lossy(&o.stderr).into_owned(), o.stdout)
    };
    let (code, err, out) = run(&["--dlv", "/nonexistent/dlv"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("cannot start /nonexistent/dlv"), "{err}");
    assert!(out.is_empty(), "stdout is the protocol");
    let (code, err, _) = run(&["--frobnicate"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("unknown dap option --frobnicate"), "{err}");
    let (code, err, _) = run(&["--connect", "127.0.0.1:1"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("cannot connect to dlv at 127.0.0.1:1"), "{err}");
}

/// The folder of the unix socket a spawned dlv listens on, from the log.
fn dlv_socket_dir(log: &str) -> Option<std::path::PathBuf> {
    let start = log.find("listen=\"unix:")? + "listen=\"unix:".len();
    let path = log[start..].split('"').next()?;
    std::path::Path::new(path).parent().map(std::path::Path::to_path_buf)
}

#[cfg(unix)]
#[test]
fn a_spawned_dlv_is_reached_through_a_private_unix_socket_removed_once_connected() {
    let dlv = support::require_dlv("a_spawned_dlv_is_reached_through_a_private_unix_socket");
    let mut b = Bridge::spawn(&dlv, &[]);
    let (dlv_pid, debuggee) = stopped_session(&mut b);
    let log = b.log();
    let dir = dlv_socket_dir(&log).unwrap_or_else(|| panic!("dlv started on a unix socket:\n{log}"));
    assert!(!log.contains("using loopback TCP"), "{log}");
    assert!(!dir.exists(), "{} is removed once the bridge is connected", dir.display());
    // Delve's connection is a unix socket: no TCP socket of dlv's.
    let sockets: Vec<String> = std::fs::read_dir(format!("/proc/{dlv_pid}/fd"))
        .unwrap()
        .filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
        .map(|t| t.to_string_lossy().into_owned())
        .filter(|t| t.starts_with("socket:["))
        .collect();
    let tcp = std::fs::read_to_string("/proc/net/tcp").unwrap() + &std::fs::read_to_string("/proc/net/tcp6").unwrap();
    let tcp_of_dlv: Vec<&String> =
        sockets.iter().filter(|s| tcp.split_whitespace().any(|f| *s == &format!("socket:[{f}]"))).collect();
    assert!(!sockets.is_empty(), "dlv {dlv_pid} holds its connection");
    assert_eq!(tcp_of_dlv, Vec::<&String>::new(), "dlv {dlv_pid} has no TCP socket");
    b.ok("disconnect", json!({"terminateDebuggee": true}));
    assert!(b.wait_exit(FIVE).is_some_and(|s| s.success()));
    let pids: Vec<u32> = debuggee.into_iter().chain([dlv_pid]).collect();
    assert_eq!(left_behind(&pids), Vec::<u32>::new());
}

/// A Delve older than v1.23 takes `unix:PATH` for a TCP address and exits;
/// the bridge starts it again on loopback, and the editor sees nothing of it.
#[cfg(unix)]
#[test]
fn a_dlv_that_cannot_listen_on_a_unix_socket_is_started_on_loopback() {
    use std::os::unix::fs::PermissionsExt;
    let dlv = support::require_dlv("a_dlv_that_cannot_listen_on_a_unix_socket");
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("old-dlv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let old = dir.join("dlv");
    let script = format!(
        "#!/bin/sh\ncase \"$3\" in unix:*) echo \"couldn't start listener: listen tcp: address $3: unknown port\" >&2; exit 1;; esac\nexec '{}' \"$@\"\n",
        dlv.display()
    );
    std::fs::write(&old, script).unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut b = Bridge::spawn(&old, &[]);
    let (dlv_pid, debuggee) = stopped_session(&mut b);
    let log = b.log();
    assert!(log.contains("dlv cannot listen on a unix socket (couldn't start listener"), "{log}");
    assert!(log.contains("listen=\"127.0.0.1:0\""), "{log}");
    let socket_dir = dlv_socket_dir(&log).expect("the unix socket was tried first");
    assert!(!socket_dir.exists(), "{} is removed", socket_dir.display());
    let shown: Vec<Value> = b.drain().into_iter().filter(|e| e["event"] == "output").collect();
    assert!(!shown.iter().any(|e| e.to_string().contains("couldn't start listener")), "{shown:?}");
    b.ok("disconnect", json!({"terminateDebuggee": true}));
    assert!(b.wait_exit(FIVE).is_some_and(|s| s.success()));
    let pids: Vec<u32> = debuggee.into_iter().chain([dlv_pid]).collect();
    assert_eq!(left_behind(&pids), Vec::<u32>::new());
    let _ = std::fs::remove_dir_all(&dir);
}
