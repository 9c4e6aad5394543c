//! Faults around a real `dlv dap`: Delve dies or freezes, the editor goes
//! away, the editor sends garbage. Every case ends within 5 seconds with
//! nothing hanging and no dlv or debuggee left behind.

mod dap_bridge_harness;
mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use dap_bridge_harness::{Bridge, debuggee_of, fixture_app, marker_line, wait_gone};
use serde_json::json;

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
    let Some(dlv) = support::require_dlv("dlv_killed_mid_session") else { return };
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
    assert!(resp["message"].as_str().unwrap().contains("dlv"), "{resp}");
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
    let Some(dlv) = support::require_dlv("frozen_dlv_fails_console_completion") else { return };
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
    let Some(dlv) = support::require_dlv("disconnect_ends_a_frozen_dlv") else { return };
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
    let Some(dlv) = support::require_dlv("editor_eof_ends_dlv_and_the_debuggee") else { return };
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

#[test]
fn malformed_input_is_logged_and_closes_cleanly() {
    let Some(dlv) = support::require_dlv("malformed_input_is_logged_and_closes_cleanly") else { return };
    let huge_header = format!("Content-Length: 10\r\nX-Padding: {}\r\n\r\n", "x".repeat(5000));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("bad length", b"Content-Length: abc\r\n\r\n".to_vec(), "invalid Content-Length"),
        ("oversized header", huge_header.into_bytes(), "header line longer than"),
        ("oversized body", b"Content-Length: 99999999999\r\n\r\n".to_vec(), "larger than"),
        ("invalid json", b"Content-Length: 5\r\n\r\n{{{{{".to_vec(), "invalid DAP message"),
        ("not a dap message", b"Content-Length: 7\r\n\r\n[1,2,3]".to_vec(), "invalid DAP message"),
        ("no content length", b"Content-Type: x\r\n\r\n".to_vec(), "without a Content-Length"),
    ];
    for (name, bytes, want) in cases {
        let mut b = Bridge::spawn(&dlv, &[]);
        b.ok("initialize", json!({"adapterID": "go"}));
        let dlv_pid = b.dlv_pid().expect("dlv child");
        b.send_bytes(&bytes).unwrap();
        let status = b.wait_exit(FIVE).unwrap_or_else(|| panic!("{name}: the bridge did not exit"));
        assert!(status.success(), "{name}: {status:?}");
        assert!(b.wait_closed(FIVE).is_ok(), "{name}: stdout closed");
        assert!(wait_gone(dlv_pid, FIVE), "{name}: orphan dlv");
        let log = b.log();
        assert!(log.contains(want), "{name}: log should say {want:?}:\n{log}");
    }
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
