//! Helpers shared by integration tests that use real external tools.
//! Each test crate declares `mod support;` and uses what it needs.
#![allow(dead_code)]

pub mod corpus;
pub mod dap_client;
pub mod delve_session;
pub mod differential;
pub mod direct_dlv;
pub mod procs;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (where Cargo.toml is).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where to find dlv: `$DLV_PATH`, else `<repo>/.tools/bin/dlv`, else `dlv` on PATH.
pub fn find_dlv() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DLV_PATH").filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let exe = if cfg!(windows) { "dlv.exe" } else { "dlv" };
    let local = repo_root().join(".tools").join("bin").join(exe);
    if local.is_file() {
        return Some(local);
    }
    find_on_path(exe)
}

/// Finds an executable on PATH.
pub fn find_on_path(exe: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(exe)).find(|candidate| candidate.is_file())
}

/// The dlv to use. Panics with instructions when dlv cannot be found: a
/// test that needs Delve never passes without it (there is no switch to
/// skip them; `cargo test --lib` and the engine suites need no Delve).
pub fn require_dlv(test: &str) -> PathBuf {
    find_dlv().unwrap_or_else(|| {
        panic!(
            "{test}: dlv not found (looked at $DLV_PATH, {}, and PATH). \
             Run scripts/install-deps to install dlv 1.27.2 into .tools/bin.",
            repo_root().join(".tools/bin/dlv").display()
        )
    })
}

/// `go` to use: `$GO`, else `go` on PATH.
pub fn go_command() -> Command {
    let go = std::env::var_os("GO").filter(|g| !g.is_empty()).map(PathBuf::from).unwrap_or_else(|| PathBuf::from("go"));
    let mut cmd = Command::new(go);
    // Never reach for another toolchain or a go.work above the program.
    cmd.env("GOTOOLCHAIN", "local").env("GOWORK", "off");
    cmd
}

/// Builds the Go main package in `dir` for debugging
/// (`go build -gcflags=all=-N -l -o out .`). Returns an error with go's output.
pub fn go_build_debug(dir: &Path, out: &Path, extra_args: &[&str]) -> Result<(), String> {
    let mut args = vec!["-gcflags=all=-N -l"];
    args.extend_from_slice(extra_args);
    go_build(dir, out, &args)
}

/// `go build ARGS -o out .` in `dir` (without VCS stamping: fixtures live
/// inside this repository). Returns an error with go's output.
pub fn go_build(dir: &Path, out: &Path, args: &[&str]) -> Result<(), String> {
    let mut cmd = go_command();
    cmd.current_dir(dir).arg("build").arg("-buildvcs=false").args(args).arg("-o").arg(out).arg(".");
    let output = cmd.output().map_err(|e| format!("cannot run go build in {}: {e}", dir.display()))?;
    if !output.status.success() {
        return Err(format!(
            "go build in {} failed:\n{}{}",
            dir.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(())
}

/// A temporary directory removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("dlvbridge-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
