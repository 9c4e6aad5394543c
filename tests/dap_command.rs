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
