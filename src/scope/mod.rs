//! The one scope resolver: what Delve can evaluate at FILE:LINE.
//!
//! Whatever the source of truth (Go sources through tree-sitter-go, the
//! binary's DWARF, or a stopped frame's variables), the answer is a
//! [`ScopeAt`](crate::expr::scope::ScopeAt): plain data the expression
//! engine checks and completes against. [`Scopes`] is the one way to ask.

pub mod dwarf;
pub mod source;

use std::path::Path;
use std::sync::Arc;

use crate::expr::scope::ScopeAt;
use crate::paths::PathMapper;

use self::dwarf::DwarfScopes;
use self::source::{ScopeError, SourceIndex};

/// Every scope the CLI, the bridge and the LSP ask for, from one place:
/// the sources, the debugged binary when there is one, and the path rules
/// between the editor's files and the binary's. Cheap to clone; clones
/// share their caches.
///
/// The one policy: the binary's debug info answers when it has the
/// location (exactly what Delve sees), refined with the sources where DWARF
/// only has generic shapes; otherwise the sources answer, and the reason
/// the binary did not is kept in [`Origin::Source`].
#[derive(Clone, Debug, Default)]
pub struct Scopes {
    source: Arc<SourceIndex>,
    binary: Option<Arc<DwarfScopes>>,
    paths: PathMapper,
}

/// A scope and where it came from.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub scope: ScopeAt,
    pub origin: Origin,
}

/// A scope answered before the packages its file imports are all loaded.
#[derive(Debug, Clone)]
pub struct Early {
    pub resolved: Resolved,
    /// Import paths of the packages still loading (unknown in the scope);
    /// empty when the scope is the full one.
    pub pending: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The binary's debug info: the build path the location matched and the
    /// functions (with the PC) a stop there is in.
    Binary { build_file: String, stops: Vec<(String, u64)> },
    /// The sources; `binary_unused` says why the binary did not answer,
    /// when there is one.
    Source { binary_unused: Option<String> },
}

impl Scopes {
    pub fn new(source: Arc<SourceIndex>) -> Scopes {
        Scopes { source, binary: None, paths: PathMapper::default() }
    }

    /// These scopes with `binary`'s debug info first.
    pub fn with_binary(mut self, binary: Option<Arc<DwarfScopes>>) -> Scopes {
        self.binary = binary;
        self
    }

    /// These scopes with the rules from the editor's paths to the binary's.
    pub fn with_paths(mut self, paths: PathMapper) -> Scopes {
        self.paths = paths;
        self
    }

    pub fn source(&self) -> &Arc<SourceIndex> {
        &self.source
    }

    pub fn paths(&self) -> &PathMapper {
        &self.paths
    }

    pub fn binary(&self) -> Option<&Arc<DwarfScopes>> {
        self.binary.as_ref()
    }

    /// What Delve can evaluate when stopped at `line` (1-based) of `file`
    /// (the editor's path).
    pub fn at(&self, file: &Path, line: u32) -> Result<Resolved, ScopeError> {
        self.resolve(file, None, line, None)
    }

    /// [`Self::at`] with `text` (an editor's unsaved buffer) in place of
    /// the file on disk.
    pub fn at_in_text(&self, file: &Path, text: &str, line: u32) -> Result<Resolved, ScopeError> {
        self.resolve(file, Some(text), line, None)
    }

    /// [`Self::at`] as seen from a stopped frame of `function`, named as
    /// Delve names frames: a generic function's frame is one GC-shape copy,
    /// which runs only the instantiations of its shapes.
    pub fn in_frame(&self, file: &Path, line: u32, function: &str) -> Result<Resolved, ScopeError> {
        self.resolve(file, None, line, Some(function))
    }

    /// [`Self::at_in_text`] (`text`, when the editor has the file open)
    /// without waiting for the packages the file imports, when there is no
    /// binary: those still loading are unknown in the scope and listed in
    /// [`Early::pending`]. Their loading starts here when no query is
    /// loading them yet. With a binary, the full scope.
    pub fn at_early(&self, file: &Path, text: Option<&str>, line: u32) -> Result<Early, ScopeError> {
        if self.binary.is_some() {
            let resolved = self.resolve(file, text, line, None)?;
            return Ok(Early { resolved, pending: Vec::new() });
        }
        let local = self.paths.to_local(&file.to_string_lossy()).into_owned();
        let early = self.source.scope_early(Path::new(&local), text, line)?;
        if !early.pending.is_empty() && !early.loading {
            let (source, text) = (self.source.clone(), text.map(str::to_string));
            std::thread::spawn(move || {
                let local = Path::new(&local);
                let _ = match text {
                    Some(t) => source.scope_in_text(local, &t, line),
                    None => source.scope_at(local, line),
                };
            });
        }
        let mut scope = early.scope;
        scope.settle();
        Ok(Early {
            resolved: Resolved { scope, origin: Origin::Source { binary_unused: None } },
            pending: early.pending,
        })
    }

    /// The scope at the entry of function `name` (`main.f`, `pkg.(*T).M`),
    /// where Delve stops for a function breakpoint; `None` without a binary
    /// or when the binary has no such function.
    pub fn at_function(&self, name: &str) -> Option<Result<Resolved, String>> {
        let binary = self.binary.as_ref()?;
        let (build_file, line) = match binary.function_location(name) {
            Ok(found) => found?,
            Err(e) => return Some(Err(e.to_string())),
        };
        let mut found = match binary.scope_at(Path::new(&build_file), line) {
            Ok(s) => s,
            Err(e) => return Some(Err(e.to_string())),
        };
        let editor_path = self.paths.to_editor(&build_file);
        let local = self.paths.to_local(&editor_path);
        if let Ok(source) = self.source.scope_at(Path::new(local.as_ref()), line) {
            found.refine_with_source(&source);
        }
        Some(Ok(Resolved { scope: found.scope, origin: Origin::Binary { build_file, stops: found.stops } }))
    }

    fn resolve(&self, file: &Path, text: Option<&str>, line: u32, frame: Option<&str>) -> Result<Resolved, ScopeError> {
        // A Windows editor names this machine's files its own way (WSL2).
        let editor_path = file.to_string_lossy();
        let local = self.paths.to_local(&editor_path);
        let local = Path::new(local.as_ref());
        // The sources know no frame: their instantiations are narrowed to
        // the frame's shapes.
        let source = || {
            let mut scope = match text {
                Some(t) => self.source.scope_in_text(local, t, line),
                None => self.source.scope_at(local, line),
            }?;
            match frame {
                Some(f) => scope = scope.in_frame(f),
                None => scope.settle(),
            }
            Ok::<ScopeAt, ScopeError>(scope)
        };
        let Some(binary) = &self.binary else {
            return Ok(Resolved { scope: source()?, origin: Origin::Source { binary_unused: None } });
        };
        let build_path = self.paths.to_delve(&editor_path).into_owned();
        let found = match frame {
            Some(f) => binary.scope_in_frame_cached(Path::new(&build_path), line, f),
            None => binary.scope_at_cached(Path::new(&build_path), line),
        };
        match found {
            Ok(found) => {
                let mut found = (*found).clone();
                if let Ok(source) = source() {
                    found.refine_with_source(&source);
                }
                // Instantiations from the dictionaries are already the
                // frame's; those from the sources are narrowed to it.
                match frame {
                    Some(f) if !found.from_dictionaries => found.scope = found.scope.in_frame(f),
                    _ => found.scope.settle(),
                }
                Ok(Resolved {
                    scope: found.scope,
                    origin: Origin::Binary { build_file: found.build_file, stops: found.stops },
                })
            }
            Err(e) => {
                if matches!(e, dwarf::DwarfScopeError::Corrupt(_)) {
                    tracing::warn!("debug info unusable at {build_path}:{line}: {e}");
                } else {
                    tracing::debug!("no scope from the binary at {build_path}:{line}: {e}");
                }
                Ok(Resolved { scope: source()?, origin: Origin::Source { binary_unused: Some(e.to_string()) } })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::PathRule;
    use std::time::{Duration, Instant};

    #[test]
    fn what_scopes_hold() {
        let source = Arc::new(SourceIndex::default());
        let paths = PathMapper::new(vec![PathRule::user("/home/me/app", "/app")]);
        let scopes = Scopes::new(source.clone()).with_paths(paths.clone());
        assert!(Arc::ptr_eq(scopes.source(), &source));
        assert_eq!(scopes.paths(), &paths);
        assert!(scopes.binary().is_none());
    }

    /// An early scope answers before the file's imports are in and starts
    /// loading them (nothing else does here): asked again, the full scope.
    #[test]
    fn an_early_scope_starts_loading_its_imports() {
        let dir = std::env::temp_dir().join(format!("dlvbridge-early-scope-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("go.mod"), "module example.com/m\n\ngo 1.22\n").unwrap();
        std::fs::write(dir.join("sub/sub.go"), "package sub\n\nvar N = 1\n").unwrap();
        let main = dir.join("main.go");
        std::fs::write(&main, "package main\n\nimport \"example.com/m/sub\"\n\nfunc main() {\n\tprintln(sub.N)\n}\n")
            .unwrap();
        let scopes = Scopes::new(Arc::new(SourceIndex::default()));
        let first = scopes.at_early(&main, None, 6).unwrap();
        assert_eq!(first.pending, ["example.com/m/sub"]);
        let deadline = Instant::now() + Duration::from_secs(60);
        while !scopes.at_early(&main, None, 6).unwrap().pending.is_empty() {
            assert!(Instant::now() < deadline, "the imports of an early scope were never loaded");
            std::thread::sleep(Duration::from_millis(20));
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
