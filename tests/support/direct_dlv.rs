//! `dlv dap` started by a test itself, for comparisons with straight dlv
//! and for `--connect`: its stdout and stderr are drained byte for byte
//! (in Delve's default output mode the debuggee prints there), whatever
//! the bytes are. Dropping it kills dlv and what it started.
#![allow(dead_code)]

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// A `dlv dap --listen 127.0.0.1:0` of the test's own.
pub struct DirectDlv {
    pub child: Child,
    /// Where it listens (HOST:PORT).
    pub addr: String,
    /// What it printed after its address line.
    pub stdout: Arc<Mutex<Vec<u8>>>,
    pub stderr: Arc<Mutex<Vec<u8>>>,
}

impl DirectDlv {
    pub fn spawn(dlv: &Path) -> DirectDlv {
        let mut child = Command::new(dlv)
            .args(["dap", "--listen", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dlv");
        let drain = |mut r: Box<dyn Read + Send>| {
            let bytes = Arc::new(Mutex::new(Vec::new()));
            let into = Arc::clone(&bytes);
            thread::spawn(move || {
                let mut buf = [0u8; 65536];
                while let Ok(n @ 1..) = r.read(&mut buf) {
                    into.lock().unwrap().extend_from_slice(&buf[..n]);
                }
            });
            bytes
        };
        let stdout = drain(Box::new(child.stdout.take().unwrap()));
        let stderr = drain(Box::new(child.stderr.take().unwrap()));
        let deadline = Instant::now() + Duration::from_secs(20);
        let addr = loop {
            {
                let mut out = stdout.lock().unwrap();
                if let Some(end) = out.iter().position(|b| *b == b'\n') {
                    // What follows the address line is the debuggee's.
                    let line = String::from_utf8_lossy(&out.drain(..=end).collect::<Vec<u8>>()).into_owned();
                    let addr = line.split("listening at:").nth(1).map(str::trim).map(str::to_string);
                    break addr.unwrap_or_else(|| panic!("dlv printed {line:?}"));
                }
            }
            assert!(Instant::now() < deadline, "dlv printed no address");
            thread::sleep(Duration::from_millis(20));
        };
        DirectDlv { child, addr, stdout, stderr }
    }
}

impl Drop for DirectDlv {
    fn drop(&mut self) {
        for (pid, _) in super::procs::children_of(self.child.id()) {
            let _ = Command::new("kill").arg("-KILL").arg(pid.to_string()).status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
