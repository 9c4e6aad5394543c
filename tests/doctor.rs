//! `dlvbridge doctor` on real builds (debug, optimized, stripped) and against
//! a real `dlv dap` and closed or silent loopback ports.

mod support;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;
use support::TempDir;

fn fixture() -> std::path::PathBuf {
    support::repo_root().join("tests/fixtures/paths/hello")
}

fn build(out: &Path, flags: &[&str]) {
    let o = support::go_command()
        .current_dir(fixture())
        .env("GOFLAGS", "-buildvcs=false")
        .arg("build")
        .args(flags)
        .arg("-o")
        .arg(out)
        .arg(".")
        .output()
        .expect("run go build");
    assert!(o.status.success(), "go build {flags:?}: {}", String::from_utf8_lossy(&o.stderr));
}

/// Runs `dlvbridge doctor --json ARGS…`; returns the exit code and the checks by id.
fn doctor(args: &[&str]) -> (i32, Vec<Value>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dlvbridge"));
    cmd.arg("doctor").arg("--json").args(args).arg("--workspace").arg(fixture());
    if let Some(dlv) = support::find_dlv() {
        cmd.arg("--dlv").arg(dlv);
    }
    let o = cmd.output().expect("run dlvbridge doctor");
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("doctor output is not JSON ({e}): {}", String::from_utf8_lossy(&o.stdout)));
    (o.status.code().unwrap_or(-1), v["checks"].as_array().expect("checks").clone())
}

fn find<'a>(checks: &'a [Value], id: &str) -> &'a Value {
    checks.iter().find(|c| c["id"] == id).unwrap_or_else(|| panic!("no {id} check in {checks:#?}"))
}

#[test]
fn debug_build_is_healthy() {
    // The dlv check of doctor reads PATH: this test needs a dlv.
    support::require_dlv("debug_build_is_healthy");
    let tmp = TempDir::new("doctor-debug");
    let bin = tmp.path().join("hello");
    build(&bin, &["-gcflags=all=-N -l"]);
    let (code, checks) = doctor(&[bin.to_str().unwrap()]);
    for id in ["dlv", "dwarf", "optimizations", "arch", "libc", "paths"] {
        assert_eq!(find(&checks, id)["status"], "ok", "{checks:#?}");
    }
    assert!(find(&checks, "dlv")["message"].as_str().unwrap().contains("go1."), "{checks:#?}");
    assert_eq!(code, 0);
}

#[test]
fn optimized_build_gets_the_fix() {
    let tmp = TempDir::new("doctor-optimized");
    let bin = tmp.path().join("hello");
    build(&bin, &["-trimpath"]);
    let (_, checks) = doctor(&[bin.to_str().unwrap()]);
    let c = find(&checks, "optimizations");
    assert_eq!(c["status"], "warning", "{checks:#?}");
    assert!(c["fix"].as_str().unwrap().contains("-gcflags=all=\"-N -l\""), "{c}");
    let p = find(&checks, "paths");
    let msg = p["message"].as_str().unwrap();
    assert!(msg.contains("-trimpath") && msg.contains("=> example.com/hello"), "{p}");
    // Only package main without optimizations: the fix says `all=`.
    let bin = tmp.path().join("hello-main-only");
    build(&bin, &["-gcflags=-N -l"]);
    let (_, checks) = doctor(&[bin.to_str().unwrap()]);
    let c = find(&checks, "optimizations");
    assert_eq!(c["status"], "warning", "{checks:#?}");
    assert!(c["message"].as_str().unwrap().contains("example.com/lib"), "{c}");
}

#[test]
fn stripped_build_is_an_error_with_the_fix() {
    let tmp = TempDir::new("doctor-stripped");
    let bin = tmp.path().join("hello");
    build(&bin, &["-ldflags=-s -w"]);
    let (code, checks) = doctor(&[bin.to_str().unwrap()]);
    let c = find(&checks, "dwarf");
    assert_eq!(c["status"], "error", "{checks:#?}");
    assert!(c["fix"].as_str().unwrap().contains("-s -w"), "{c}");
    assert_eq!(code, 1);
}

#[test]
fn connect_to_real_dlv_dap() {
    let dlv = support::require_dlv("connect_to_real_dlv_dap");
    let mut child = Command::new(&dlv)
        .args(["dap", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start dlv dap");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("dlv printed its address").expect("read dlv output");
        if let Some(i) = line.find("listening at:") {
            break line[i + "listening at:".len()..].trim().to_string();
        }
    };
    let (code, checks) = doctor(&["--connect", &addr]);
    let _ = child.kill();
    let _ = child.wait();
    let c = find(&checks, "connect");
    assert_eq!(c["status"], "ok", "{checks:#?}");
    assert!(checks.iter().all(|c| c["id"] != "listen-address"), "loopback is not a warning: {checks:#?}");
    assert_eq!(code, 0, "{checks:#?}");
}

#[test]
fn connect_to_a_closed_port_explains_refused() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let (code, checks) = doctor(&["--connect", &format!("127.0.0.1:{port}")]);
    let c = find(&checks, "connect");
    assert_eq!(c["status"], "error");
    assert!(c["message"].as_str().unwrap().contains("refused"), "{c}");
    assert!(c["fix"].as_str().unwrap().contains("publish"), "{c}");
    assert_eq!(code, 1);
}

#[test]
fn connect_to_a_port_that_hangs_up_explains_single_session() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let server = std::thread::spawn(move || {
        let (conn, _) = listener.accept().unwrap();
        drop(conn);
    });
    let (_, checks) = doctor(&["--connect", &addr]);
    server.join().unwrap();
    let c = find(&checks, "connect");
    assert_eq!(c["status"], "error", "{checks:#?}");
    assert!(c["fix"].as_str().unwrap().contains("one session"), "{c}");
}

#[test]
fn connect_to_a_silent_server_says_it_is_not_dap() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let server = std::thread::spawn(move || {
        let (conn, _) = listener.accept().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1500));
        drop(conn);
    });
    let checks = dlvbridge::doctor::check_connect(&addr, std::time::Duration::from_millis(300));
    server.join().unwrap();
    let c = checks.iter().find(|c| c.id == "connect").expect("connect check");
    assert_eq!(c.status, dlvbridge::doctor::Status::Error, "{checks:?}");
    assert!(c.message.contains("did not answer"), "{c:?}");
    assert!(c.fix.as_deref().unwrap().contains("dlv dap --listen"), "{c:?}");
}

/// A loopback server that runs `serve` on its first connection; `serve`
/// gets the connection and ends when a write fails (doctor hung up) or
/// after 30 s.
fn peer(serve: fn(&mut std::net::TcpStream) -> std::io::Result<()>) -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let server = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        let _ = serve(&mut conn);
    });
    (addr, server)
}

/// Runs `doctor --connect` against `addr` with a `timeout`; the check and
/// how long it took.
fn connect_check(addr: &str, timeout: std::time::Duration) -> (dlvbridge::doctor::Check, std::time::Duration) {
    let started = std::time::Instant::now();
    let checks = dlvbridge::doctor::check_connect(addr, timeout);
    let took = started.elapsed();
    (checks.into_iter().find(|c| c.id == "connect").expect("connect check"), took)
}

/// The timeout bounds the whole exchange: a peer dripping a byte at a time
/// (well within any per-read timeout) or sending events but never the
/// answer does not keep doctor past it.
#[test]
fn connect_ends_at_its_deadline_whatever_the_peer_sends() {
    use std::io::Write;
    fn drip(conn: &mut std::net::TcpStream) -> std::io::Result<()> {
        let until = std::time::Instant::now() + std::time::Duration::from_secs(30);
        for b in b"Content-Length: 1000000\r\n\r\n".iter().chain(std::iter::repeat(&b' ')) {
            if std::time::Instant::now() > until {
                break;
            }
            conn.write_all(&[*b])?;
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Ok(())
    }
    fn events(conn: &mut std::net::TcpStream) -> std::io::Result<()> {
        let until = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let body = br#"{"seq":1,"type":"event","event":"output","body":{"output":"tick\n"}}"#;
        while std::time::Instant::now() < until {
            dlvbridge::framing::write_frame_blocking(conn, body)?;
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Ok(())
    }
    for serve in [drip as fn(&mut std::net::TcpStream) -> std::io::Result<()>, events] {
        let (addr, server) = peer(serve);
        let (c, took) = connect_check(&addr, std::time::Duration::from_secs(2));
        assert_eq!(c.status, dlvbridge::doctor::Status::Error, "{c:?}");
        assert!(c.message.contains("did not answer initialize within 2s"), "{c:?}");
        assert!(took < std::time::Duration::from_secs(10), "doctor ran {took:?} with a 2 s timeout");
        server.join().unwrap();
    }
}

/// A peer flooding frames is read only up to a budget, well before the
/// deadline: memory and time stay bounded.
#[test]
fn connect_reads_a_bounded_amount() {
    fn flood(conn: &mut std::net::TcpStream) -> std::io::Result<()> {
        let until = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let output = "x".repeat(1 << 20);
        let body = serde_json::json!({"seq": 1, "type": "event", "event": "output", "body": {"output": output}});
        let body = body.to_string();
        while std::time::Instant::now() < until {
            dlvbridge::framing::write_frame_blocking(conn, body.as_bytes())?;
        }
        Ok(())
    }
    let (addr, server) = peer(flood);
    let (c, took) = connect_check(&addr, std::time::Duration::from_secs(60));
    assert_eq!(c.status, dlvbridge::doctor::Status::Error, "{c:?}");
    assert!(c.message.contains("without answering initialize"), "{c:?}");
    assert!(took < std::time::Duration::from_secs(20), "doctor read for {took:?}");
    server.join().unwrap();
}
