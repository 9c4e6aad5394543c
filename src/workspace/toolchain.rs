//! Where the local Go toolchain keeps the standard library (GOROOT) and
//! downloaded modules (GOMODCACHE): the environment first, then `go env`,
//! then the conventional places. Asked once per process.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use super::gomod::escape_module_path;

/// GOROOT and GOMODCACHE of the Go installed here, where found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoDirs {
    pub goroot: Option<PathBuf>,
    pub gomodcache: Option<PathBuf>,
}

impl GoDirs {
    /// The local toolchain's directories, detected on first use.
    pub fn detected() -> &'static GoDirs {
        static DIRS: OnceLock<GoDirs> = OnceLock::new();
        DIRS.get_or_init(detect)
    }

    /// Starts [`Self::detected`] on a thread of its own, once: `go env`
    /// takes tens of milliseconds, which can pass while sources are read.
    pub fn detect_in_background() {
        static STARTED: std::sync::Once = std::sync::Once::new();
        STARTED.call_once(|| {
            std::thread::spawn(|| {
                GoDirs::detected();
            });
        });
    }

    /// The folder of module `path` at `version` in the module cache, when
    /// it is there.
    pub fn cached_module(&self, path: &str, version: &str) -> Option<PathBuf> {
        let dir = self.gomodcache.as_ref()?.join(cached_module_name(path, version));
        dir.is_dir().then_some(dir)
    }

    /// Whether files in `dir` never change under us (GOROOT, the module
    /// cache).
    pub fn is_immutable(&self, dir: &Path) -> bool {
        self.goroot.as_ref().is_some_and(|r| dir.starts_with(r))
            || self.gomodcache.as_ref().is_some_and(|c| dir.starts_with(c))
    }
}

/// `path@version` as the module cache names the folder.
pub fn cached_module_name(path: &str, version: &str) -> String {
    format!("{}@{}", escape_module_path(path), escape_module_path(version))
}

fn detect() -> GoDirs {
    let from_var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    let mut dirs = GoDirs { goroot: from_var("GOROOT"), gomodcache: from_var("GOMODCACHE") };
    if dirs.goroot.is_none() || dirs.gomodcache.is_none() {
        // `local`: never download a toolchain a go.mod asks for just to
        // answer this.
        let asked = Command::new("go").args(["env", "GOROOT", "GOMODCACHE"]).env("GOTOOLCHAIN", "local").output();
        if let Ok(out) = asked {
            if out.status.success() {
                let text = String::from_utf8_lossy(&out.stdout);
                let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty()).map(PathBuf::from);
                let (root, cache) = (lines.next(), lines.next());
                dirs.goroot = dirs.goroot.or(root);
                dirs.gomodcache = dirs.gomodcache.or(cache);
            }
        }
    }
    let home = || from_var("HOME").or_else(|| from_var("USERPROFILE"));
    if dirs.goroot.is_none() {
        let mut candidates: Vec<PathBuf> = [
            "/usr/local/go",
            "/usr/lib/go",
            "/opt/homebrew/opt/go/libexec",
            "/usr/local/opt/go/libexec",
            "C:\\Program Files\\Go",
            "C:\\Go",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        candidates.extend(home().map(|h| h.join("go").join("go")));
        dirs.goroot = candidates.into_iter().find(|c| c.join("src").join("runtime").is_dir());
    }
    if dirs.gomodcache.is_none() {
        let gopath =
            from_var("GOPATH").and_then(|p| std::env::split_paths(&p).next()).or_else(|| home().map(|h| h.join("go")));
        dirs.gomodcache = gopath.map(|p| p.join("pkg").join("mod"));
    }
    dirs
}
