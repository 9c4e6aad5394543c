//! The facts of the editor's Go workspace: the module a folder belongs to
//! (go.mod: module, `require`, `replace`; vendor/), the local toolchain's
//! GOROOT and module cache, which folder holds an import, and how WSL2
//! shows this machine to Windows. The bridge,
//! `doctor`, `paths` and the source scopes all take them from here.
//!
//! This layer reads files (through `fs`: regular files only, sizes and
//! walks bounded) and runs `go env`; `gomod` parses without IO, and
//! `paths::infer` gets the gathered facts as plain data.

pub mod fs;
pub mod gomod;
mod packages;
mod toolchain;
mod wsl;

use std::path::{Path, PathBuf};

pub use self::gomod::{GoMod, Replace, ReplaceTarget, Require};
pub use self::packages::{guess_package_name, import_path_in_roots, import_path_of, is_std, package_dir};
pub use self::toolchain::{GoDirs, cached_module_name};
pub use self::wsl::wsl_host;
use crate::debuginfo::Binary;
use crate::paths::infer::{self, BinaryPaths, Inference, LocalTree, Workspace};

/// go.mod and vendor/modules.txt larger than this are not read.
const MAX_MODULE_FILE_BYTES: u64 = 16 << 20;

/// A module on disk: the folder holding its go.mod, and what that says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Module {
    pub root: PathBuf,
    pub go_mod: GoMod,
}

impl Module {
    /// The go.mod governing `dir`: the nearest at or above it.
    pub fn file_for(dir: &Path) -> Option<PathBuf> {
        dir.ancestors().map(|d| d.join("go.mod")).find(|p| p.is_file())
    }

    /// The module whose go.mod is `go_mod_file`.
    pub fn read(go_mod_file: &Path) -> Option<Module> {
        let text = fs::read_text(go_mod_file, MAX_MODULE_FILE_BYTES).ok()?;
        Some(Module { root: go_mod_file.parent()?.to_path_buf(), go_mod: GoMod::parse(&text) })
    }

    /// The module `dir` belongs to.
    pub fn find(dir: &Path) -> Option<Module> {
        Module::read(&Module::file_for(dir)?)
    }

    /// The module path, empty when go.mod declares none.
    pub fn path(&self) -> &str {
        self.go_mod.module.as_deref().unwrap_or("")
    }

    /// The folder a `replace … => dir` names (relative to the module).
    pub fn replace_dir(&self, written: &str) -> PathBuf {
        self.root.join(written)
    }

    /// The modules listed in vendor/modules.txt.
    pub fn vendored(&self) -> Vec<String> {
        fs::read_text(&self.root.join("vendor").join("modules.txt"), MAX_MODULE_FILE_BYTES)
            .map(|t| gomod::vendored_modules(&t))
            .unwrap_or_default()
    }
}

/// The path rules for `b` debugged from `workspace`.
pub fn infer_paths(b: &Binary, workspace: &Path) -> Inference {
    infer::infer(&binary_paths(b), &gather(workspace))
}

/// What path inference needs from a binary: its line tables' files and
/// build info.
pub fn binary_paths(b: &Binary) -> BinaryPaths {
    BinaryPaths {
        files: b.all_files().to_vec(),
        main_module: b.build_info.as_ref().and_then(|i| i.main_module.clone()),
        trimpath: b.build_info.as_ref().is_some_and(|i| i.trimpath()),
    }
}

/// The workspace at `dir` as path inference sees it: the nearest go.mod at
/// or above `dir` (else `dir` itself), its local `replace` folders, vendor/,
/// GOROOT and the module cache.
pub fn gather(dir: &Path) -> Workspace {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let dir = dir.canonicalize().unwrap_or(dir);
    let module = Module::find(&dir);
    let root = module.as_ref().map_or(dir, |m| m.root.clone());
    let replaces = module
        .iter()
        .flat_map(|m| m.go_mod.replaces.iter().map(move |r| (m, r)))
        .filter_map(|(m, r)| {
            let ReplaceTarget::Dir(d) = &r.new else { return None };
            let p = m.replace_dir(d).canonicalize().ok()?;
            Some(local_tree(&p, Some(r.old.clone())))
        })
        .collect();
    let vendored = module.as_ref().map(Module::vendored).unwrap_or_default();
    let dirs = GoDirs::detected();
    let text = |p: &PathBuf| p.to_string_lossy().into_owned();
    let goroot_src_dirs = dirs
        .goroot
        .as_ref()
        .and_then(|g| std::fs::read_dir(g.join("src")).ok())
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    Workspace {
        main: local_tree(&root, module.and_then(|m| m.go_mod.module)),
        replaces,
        goroot: dirs.goroot.as_ref().map(text),
        goroot_src_dirs,
        gomodcache: dirs.gomodcache.as_ref().map(text),
        vendored,
    }
}

/// The Go, assembly and C files under `dir` (nested modules excluded), at
/// most 100 000 of them, from the first [`fs::MAX_WALK_DIRS`] folders.
/// Folders the go command never builds from are not entered: names
/// starting with `.` or `_`, `testdata` (as `go help packages` says), and
/// `node_modules`.
fn local_tree(dir: &Path, module: Option<String>) -> LocalTree {
    const LIMIT: usize = 100_000;
    let mut files = Vec::new();
    let enter = |e: &fs::Entry| {
        !(e.name.starts_with(['.', '_'])
            || e.name == "testdata"
            || e.name == "node_modules"
            || e.path.join("go.mod").is_file())
    };
    fs::walk_dirs(dir, enter, |_, entries| {
        for e in entries.iter().filter(|e| !e.is_dir) {
            if [".go", ".s", ".c", ".h"].iter().any(|x| e.name.ends_with(x)) && files.len() < LIMIT {
                if let Ok(rel) = e.path.strip_prefix(dir) {
                    let rel: Vec<String> =
                        rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                    files.push(rel.join("/"));
                }
            }
        }
    });
    files.sort();
    LocalTree { dir: dir.to_string_lossy().into_owned(), module, files }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_local_tree_skips_what_the_go_command_never_builds() {
        let dir = std::env::temp_dir().join(format!("dlvbridge-local-tree-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for file in [
            "main.go",
            "pkg/a.go",
            "pkg/asm_amd64.s",
            "pkg/README.md",
            "_old/b.go",
            "pkg/testdata/c.go",
            ".git/d.go",
            "web/node_modules/e.go",
            "tools/go.mod",
            "tools/f.go",
        ] {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "package x\n").unwrap();
        }
        let tree = local_tree(&dir, Some("example.com/app".into()));
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(tree.files, ["main.go", "pkg/a.go", "pkg/asm_amd64.s"]);
        assert_eq!(tree.module.as_deref(), Some("example.com/app"));
    }
}
