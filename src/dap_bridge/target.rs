//! Which binary a `launch` or `attach` debugs, as far as this machine can
//! know it, and what Delve can tell about its build paths when it is not
//! here. The session infers path rules from the answer (`paths::infer`).
//!
//! - exec / core: `program`.
//! - debug / test: `output`; when the editor names none, the bridge names a
//!   fresh file in a private temporary folder ([`TempOutput`]) so the build
//!   Delve makes is one the bridge can read.
//! - attach local (`processId`): the process's executable (`/proc/PID/exe`).
//! - attach remote: `program` when the editor names a local copy.
//! - anything else (`--connect`, `waitFor`, replay): Delve's own file list,
//!   `dlv sources` through `evaluate` ([`SOURCES_EXPRESSION`]), and the
//!   main module from the build info ([`MODINFO_EXPRESSION`]).

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::paths::PathStyle;
use crate::paths::infer::BinaryPaths;

/// The `mode` of a launch or attach, with Delve's defaults.
pub fn mode<'a>(command: &str, args: &'a Map<String, Value>) -> &'a str {
    let default = if command == "attach" { "local" } else { "debug" };
    args.get("mode").and_then(Value::as_str).filter(|m| !m.is_empty()).unwrap_or(default)
}

/// True when Delve builds the program and the editor named no `output`.
pub fn needs_output(command: &str, args: &Map<String, Value>) -> bool {
    let builds = command == "launch" && matches!(mode(command, args), "debug" | "test");
    builds && args.get("output").and_then(Value::as_str).is_none_or(str::is_empty)
}

/// The debugged binary when it is on this file system; `None` when only
/// Delve knows it. `remote`: Delve runs elsewhere (`--connect`).
pub fn local_binary(command: &str, args: &Map<String, Value>, remote: bool) -> Option<PathBuf> {
    let path = |k: &str| args.get(k).and_then(Value::as_str).filter(|s| !s.is_empty()).map(PathBuf::from);
    match (command, mode(command, args)) {
        ("launch", "exec" | "core") if !remote => path("program"),
        // Delve adds `.exe` to an output name without it on Windows.
        ("launch", "debug" | "test") if !remote => path("output").map(exe_name),
        ("attach", "local") if !remote => process_id(args.get("processId")?).and_then(process_executable),
        // Delve ignores `program` here; an editor may name a local copy.
        ("attach", "remote") => path("program").filter(|p| p.is_file()),
        _ => None,
    }
}

fn exe_name(p: PathBuf) -> PathBuf {
    if cfg!(windows) && p.extension().is_none() { p.with_extension("exe") } else { p }
}

fn process_id(v: &Value) -> Option<u32> {
    let pid: Option<u32> = match v {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    pid.filter(|&pid| pid > 0)
}

/// The executable of a running process. Linux: the target of
/// `/proc/PID/exe`, or that link itself when the file was replaced or
/// deleted since the process started (the link still opens the old file).
pub fn process_executable(pid: u32) -> Option<PathBuf> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let link = PathBuf::from(format!("/proc/{pid}/exe"));
    match std::fs::read_link(&link) {
        Ok(target) if target.is_file() => Some(target),
        _ => link.is_file().then_some(link),
    }
}

/// Makes Delve list every source file of the target's line tables: its DAP
/// server runs `evaluate` expressions starting with `dlv ` as console
/// commands, and `sources` prints `BinInfo().Sources`, sorted, one per line
/// (service/dap/command.go).
pub const SOURCES_EXPRESSION: &str = "dlv sources";

/// The build info the linker writes (`debug.BuildInfo.String()` after a
/// 16-byte marker), a plain string variable of the runtime; Delve prints it
/// Go-quoted.
pub const MODINFO_EXPRESSION: &str = "runtime.modinfo";

/// The main module's path from Delve's value of `runtime.modinfo`.
pub fn main_module_from_modinfo(result: &str) -> Option<String> {
    let text = crate::expr::literal::leading_string(result)?;
    crate::debuginfo::BuildInfo::parse_modinfo("", &text).main_module.filter(|m| !m.is_empty())
}

/// What `dlv sources` printed, as the facts `paths::infer` needs. Delve
/// does not say which module is the main one; `-trimpath` shows as module-
/// or package-relative file names.
pub fn binary_paths_from_sources(listing: &str) -> BinaryPaths {
    let files: Vec<String> = listing.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect();
    let relative =
        |f: &str| !f.starts_with('<') && f != "?" && !f.starts_with('/') && PathStyle::of(f) == PathStyle::Posix;
    let trimpath = files.iter().any(|f| relative(f));
    BinaryPaths { files, main_module: None, trimpath }
}

/// A private folder for a build output the bridge names, removed (with
/// whatever is in it) when dropped.
#[derive(Debug)]
pub struct TempOutput {
    dir: PathBuf,
    file: PathBuf,
}

impl TempOutput {
    /// A folder of its own, created (never taken over: a name already
    /// there, whoever made it, is skipped and left alone), owner-only on
    /// unix.
    pub fn create() -> std::io::Result<TempOutput> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        for _ in 0..100 {
            let n = N.fetch_add(1, Ordering::Relaxed);
            let dir = std::env::temp_dir().join(format!("dlvbridge-build-{}-{n}", std::process::id()));
            match builder.create(&dir) {
                Ok(()) => {
                    let file = dir.join(if cfg!(windows) { "__debug_bin.exe" } else { "__debug_bin" });
                    return Ok(TempOutput { dir, file });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("no unused folder name for the build"))
    }

    pub fn file(&self) -> &Path {
        &self.file
    }
}

impl Drop for TempOutput {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_dir_all(&self.dir) {
            tracing::debug!("cannot remove {}: {e}", self.dir.display());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn args(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn which_binary_each_mode_names() {
        let cases = [
            ("launch", json!({"mode": "exec", "program": "/b/app"}), false, Some("/b/app")),
            ("launch", json!({"mode": "exec", "program": "/b/app"}), true, None),
            ("launch", json!({"mode": "core", "program": "/b/app", "coreFilePath": "/c"}), false, Some("/b/app")),
            ("launch", json!({"program": "./cmd", "output": "/o/x"}), false, Some("/o/x")),
            ("launch", json!({"mode": "test", "program": "./cmd"}), false, None),
            ("launch", json!({"mode": "replay", "traceDirPath": "/t"}), false, None),
            ("attach", json!({"mode": "remote", "program": "/nonexistent/copy"}), true, None),
            ("attach", json!({"processId": 0}), false, None),
            ("attach", json!({"waitFor": "app"}), false, None),
        ];
        for (command, a, remote, want) in cases {
            let got = local_binary(command, &args(a.clone()), remote);
            assert_eq!(got.as_deref(), want.map(Path::new), "{command} {a} remote={remote}");
        }
        assert!(needs_output("launch", &args(json!({"program": "."}))));
        assert!(needs_output("launch", &args(json!({"mode": "test", "output": ""}))));
        assert!(!needs_output("launch", &args(json!({"mode": "debug", "output": "x"}))));
        assert!(!needs_output("launch", &args(json!({"mode": "exec"}))));
        assert!(!needs_output("attach", &args(json!({"mode": "debug"}))));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_process_executable_is_its_proc_exe() {
        let me = std::env::current_exe().unwrap();
        let pid = std::process::id();
        assert_eq!(process_executable(pid), Some(me.clone()));
        let a = args(json!({"mode": "local", "processId": pid}));
        assert_eq!(local_binary("attach", &a, false), Some(me.clone()));
        let a = args(json!({"processId": pid.to_string()}));
        assert_eq!(local_binary("attach", &a, false), Some(me));
        assert_eq!(local_binary("attach", &a, true), None, "a pid on Delve's machine");
    }

    #[test]
    fn sources_listing_gives_files_and_trimpath() {
        let p = binary_paths_from_sources("/app/main.go\n<autogenerated>\n/usr/lib/go/src/runtime/proc.go\n");
        assert_eq!(p.files.len(), 3);
        assert!(!p.trimpath);
        let p = binary_paths_from_sources("C:\\Users\\dev\\proj/main.go\n");
        assert!(!p.trimpath);
        let p = binary_paths_from_sources("example.com/hello/main.go\nruntime/proc.go\n");
        assert!(p.trimpath);
        assert_eq!(p.main_module, None);
    }

    #[test]
    fn main_module_from_delves_modinfo_value() {
        // As Delve v1.27.2 printed it for tests/fixtures/attach/app (cut).
        let v = r#""0w\xaf\f\x92t\b\x02A\xe1\xc1\a\xe6\xd6\x18\xe6path\texample.com/attachapp\nmod\texample.com/attachapp\t(devel)\t\ndep\texample.com/tick\tv1.0.0\t\nbuild\t-gcflags=\"all=-N -l\"\nbuild\tDefaultGODEBUG=asynctimerchan=1,url"...+1503 more"#;
        assert_eq!(main_module_from_modinfo(v).as_deref(), Some("example.com/attachapp"));
        assert_eq!(crate::expr::literal::leading_string(r#""a\tb\u00e9\101\\""#).as_deref(), Some("a\tbéA\\"));
        for bad in ["", "unreadable", r#""no end"#, r#""\x4""#, r#""""#] {
            assert_eq!(main_module_from_modinfo(bad), None, "{bad}");
        }
    }

    #[test]
    fn temp_output_is_private_and_removed() {
        let t = TempOutput::create().unwrap();
        let dir = t.file().parent().unwrap().to_path_buf();
        std::fs::write(t.file(), b"x").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
        }
        drop(t);
        assert!(!dir.exists());
    }

    #[test]
    fn temp_output_leaves_a_folder_already_there_alone() {
        // The next names the counter gives, made by someone else first
        // (other tests may take some of them meanwhile: only ours count).
        let probe = TempOutput::create().unwrap();
        let taken = probe.file().parent().unwrap().to_path_buf();
        let (prefix, n) = taken.to_str().unwrap().rsplit_once('-').unwrap();
        let n: usize = n.parse().unwrap();
        let theirs: Vec<PathBuf> = (n + 1..n + 20)
            .map(|i| PathBuf::from(format!("{prefix}-{i}")))
            .filter(|dir| std::fs::create_dir(dir).is_ok())
            .collect();
        assert!(!theirs.is_empty());
        for dir in &theirs {
            std::fs::write(dir.join("theirs"), b"x").unwrap();
        }
        let t = TempOutput::create().unwrap();
        assert!(!theirs.iter().any(|dir| dir == t.file().parent().unwrap()));
        drop(t);
        for dir in &theirs {
            assert!(dir.join("theirs").exists(), "{}", dir.display());
            std::fs::remove_dir_all(dir).unwrap();
        }
    }
}
