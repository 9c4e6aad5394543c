//! Scopes from Go sources with tree-sitter-go: what Delve can evaluate at
//! FILE:LINE as far as the sources tell (no binary needed).
//!
//! [`SourceIndex`] caches parsed files and each package's resolved
//! declarations, revalidated by file size and mtime, so a warm query only
//! re-walks the function stopped in. At a line of generic code, the files
//! of the package that name a generic are also read with their bodies,
//! once per version of the package, for the instantiations the program
//! makes (`generics`). It reads files but never runs the program, and it
//! answers `Unknown` rather than guess a type.

mod build;
mod consts;
mod env;
mod files;
mod generics;
mod lines;
mod linked;
#[cfg(test)]
mod test_tree;
mod walk;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use self::env::{Members, PkgInfo, TypeEnv, TypeRef, subst_info};
use self::files::{Build, ParsedFile, Stamp};
use crate::expr::scope::{Constant, Package, ScopeAt, VarKind, Variable};
use crate::expr::types::{NamedInfo, Type};
use crate::workspace::fs::ReadError;
use crate::workspace::{self, GoDirs, Module};

pub use self::lines::CodeLines;
pub use self::walk::first_visible_line;

/// Why no scope could be computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeError {
    Unreadable {
        path: PathBuf,
        reason: String,
    },
    NotGoSource {
        path: PathBuf,
    },
    LineOutOfRange {
        path: PathBuf,
        line: u32,
        lines: u32,
    },
    /// The line is C code of the cgo preamble, where Delve stops in C.
    CgoPreamble {
        path: PathBuf,
        line: u32,
    },
}

impl fmt::Display for ScopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScopeError::Unreadable { path, reason } => write!(f, "cannot read {}: {reason}", path.display()),
            ScopeError::NotGoSource { path } => write!(f, "{} is not a go source file", path.display()),
            ScopeError::LineOutOfRange { path, line, lines } => {
                let s = if *lines == 1 { "" } else { "s" };
                write!(f, "line {line} is outside {}, which has {lines} line{s}", path.display())
            }
            ScopeError::CgoPreamble { path, line } => {
                write!(f, "line {line} of {} is C code of the cgo preamble: nothing to check", path.display())
            }
        }
    }
}

impl std::error::Error for ScopeError {}

/// Where the standard library and the module cache are; unset fields come
/// from `$GOROOT` / `$GOMODCACHE`, then `go env`, then the usual places.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceConfig {
    pub goroot: Option<PathBuf>,
    pub gomodcache: Option<PathBuf>,
}

/// Parsed files and resolved packages, shared by every query. Cheap to
/// query again: only the stopped-in function is walked per call.
///
/// Imported packages are parsed outside the lock: while one query loads
/// them, another can answer from what is loaded already
/// ([`SourceIndex::scope_early`]).
pub struct SourceIndex {
    state: Mutex<State>,
    /// Signalled when imported packages parsed outside the lock are in.
    arrived: Condvar,
}

/// A scope answered without waiting for the packages the file imports.
#[derive(Debug, Clone)]
pub struct EarlyScope {
    pub scope: ScopeAt,
    /// Import paths of the packages not loaded yet: in `scope` they are
    /// packages of unknown members (incomplete), values of their types
    /// are of unknown type, and the linked package names are unknown, so
    /// nothing about them is an error. Empty: the full scope.
    pub pending: Vec<String>,
    /// Some query is loading every pending package now. When false with
    /// packages pending, none will arrive until a full query
    /// ([`SourceIndex::scope_at`]) runs.
    pub loading: bool,
}

type Guard<'a> = MutexGuard<'a, State>;

/// Whether a query waits for the packages its file imports.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Imports {
    /// Loads them (or waits for whoever is loading them).
    Wait,
    /// Takes those loaded already; the others are unknown.
    AsLoaded,
}

impl Default for SourceIndex {
    fn default() -> SourceIndex {
        SourceIndex::new(SourceConfig::default())
    }
}

impl fmt::Debug for SourceIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceIndex").finish_non_exhaustive()
    }
}

#[derive(Default)]
struct State {
    files: HashMap<PathBuf, Arc<ParsedFile>>,
    /// The last unsaved text of each file asked about with its text.
    unsaved: HashMap<PathBuf, Arc<ParsedFile>>,
    /// Files of imported packages, parsed with function bodies blanked out.
    decl_files: HashMap<PathBuf, Arc<ParsedFile>>,
    /// Imported packages by directory.
    imports: HashMap<PathBuf, CachedImport>,
    /// Directories of imported packages some query is parsing now,
    /// outside the lock.
    loading: HashSet<PathBuf>,
    targets: HashMap<TargetKey, Arc<Target>>,
    /// Targets built before some of their imports were loaded.
    early: HashMap<TargetKey, Arc<Target>>,
    /// Instantiations of each package's generics, scanned from all its
    /// files with bodies the first time a generic location is asked about.
    scans: HashMap<TargetKey, CachedScan>,
    mods: HashMap<PathBuf, (Option<Stamp>, Arc<Module>)>,
    /// The directories the index was configured with, then (first needed
    /// after the package's own files are read) those in force.
    configured: GoDirs,
    go_dirs: Option<GoDirs>,
}

struct CachedImport {
    files: Vec<Arc<ParsedFile>>,
    info: Arc<PkgInfo>,
    immutable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct TargetKey {
    dir: PathBuf,
    clause: String,
    tests: bool,
    /// A file compiled only because it is the one asked about (its build
    /// constraints exclude it).
    extra: Option<PathBuf>,
    /// The file asked about: the only one parsed with function bodies.
    file: PathBuf,
    /// Hash of unsaved text replacing the file on disk.
    text: Option<u64>,
}

/// A package's generic instantiations, and what they were found in.
struct CachedScan {
    info: Arc<PkgInfo>,
    /// The file asked about (perhaps unsaved text).
    file: Arc<ParsedFile>,
    /// Declarations of every file of the package, test files included.
    decls: Vec<Arc<ParsedFile>>,
    scan: Arc<generics::Scan>,
}

/// Files whose package answers are kept (each holds its package's
/// declarations and imports).
const MAX_TARGETS: usize = 64;

/// The package of the file asked about, with its imports, ready to answer.
struct Target {
    info: Arc<PkgInfo>,
    loaded: HashMap<String, Arc<PkgInfo>>,
    /// Import path → directory, for revalidation.
    import_dirs: Vec<(String, Option<PathBuf>)>,
    /// Imports not loaded when it was built (import path, directory):
    /// unknown in `base`. Empty for a full target.
    pending: Vec<(String, PathBuf)>,
    /// The `go.mod` the import directories were found by, for
    /// revalidation (a changed `replace` moves them).
    module: Option<Arc<Module>>,
    base: ScopeAt,
}

/// What a package's target is built from, once its own files are read.
struct Plan {
    key: TargetKey,
    name: String,
    path: String,
    complete: bool,
    pkg_files: Vec<Arc<ParsedFile>>,
    module: Option<Arc<Module>>,
    go_dirs: GoDirs,
    import_dirs: Vec<(String, Option<PathBuf>)>,
}

enum Planned {
    Ready(Arc<Target>),
    Build(Box<Plan>),
}

/// Which files of a directory make up a package.
#[derive(Clone, Copy)]
struct Selection<'a> {
    clause: Option<&'a str>,
    tests: bool,
    extra: Option<&'a Path>,
}

impl SourceIndex {
    pub fn new(config: SourceConfig) -> SourceIndex {
        if config.goroot.is_none() || config.gomodcache.is_none() {
            GoDirs::detect_in_background();
        }
        let configured = GoDirs { goroot: config.goroot.clone(), gomodcache: config.gomodcache.clone() };
        SourceIndex { state: Mutex::new(State { configured, ..State::default() }), arrived: Condvar::new() }
    }

    fn lock(&self) -> Guard<'_> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// What Delve can evaluate when stopped at `line` (1-based) of `file`.
    pub fn scope_at(&self, file: &Path, line: u32) -> Result<ScopeAt, ScopeError> {
        self.scope(file, None, line, Imports::Wait).map(|e| e.scope)
    }

    /// Like [`scope_at`](Self::scope_at), with `text` (an editor's unsaved
    /// buffer) in place of the file's contents on disk.
    pub fn scope_in_text(&self, file: &Path, text: &str, line: u32) -> Result<ScopeAt, ScopeError> {
        self.scope(file, Some(text), line, Imports::Wait).map(|e| e.scope)
    }

    /// Like [`scope_in_text`](Self::scope_in_text) (`text` the editor's
    /// buffer, if any), without waiting for imported packages: those not
    /// loaded yet are unknown ([`EarlyScope::pending`]). It starts no
    /// loading itself; the full scope, once it is built, is answered here
    /// too.
    pub fn scope_early(&self, file: &Path, text: Option<&str>, line: u32) -> Result<EarlyScope, ScopeError> {
        self.scope(file, text, line, Imports::AsLoaded)
    }

    fn scope(&self, file: &Path, text: Option<&str>, line: u32, imports: Imports) -> Result<EarlyScope, ScopeError> {
        if file.extension().and_then(|e| e.to_str()) != Some("go") {
            return Err(ScopeError::NotGoSource { path: file.to_path_buf() });
        }
        let file = absolute(file);
        let mut state = self.lock();
        let parsed = match text {
            Some(t) => {
                let on_disk = state.file(&file).ok().filter(|f| f.is_text(t));
                let unsaved = state.unsaved.get(&file).filter(|f| f.is_text(t)).cloned();
                match on_disk.or(unsaved) {
                    Some(f) => f,
                    None => {
                        let f = state.parse_asked(&file, || Ok((None, t.to_string())))?;
                        state.unsaved.insert(file.clone(), f.clone());
                        f
                    }
                }
            }
            None => state.file(&file)?,
        };
        let lines = line_count(&parsed.text);
        if line == 0 || line > lines {
            return Err(ScopeError::LineOutOfRange { path: file.clone(), line, lines });
        }
        if lines::in_cgo_preamble(&parsed.tree, &parsed.text, line) {
            return Err(ScopeError::CgoPreamble { path: file.clone(), line });
        }
        let (target, mut state) = self.target(state, &parsed, imports)?;
        // An early target's instantiations would be typed without its
        // imports: none are listed (the list is then not complete).
        let full = target.pending.is_empty();
        let scan = if full && stops_in_generic(&parsed, line, &target.info.members) {
            state.scan(&target, &parsed)
        } else {
            None
        };
        let loading = !full && target.pending.iter().all(|(_, d)| state.loading.contains(d));
        drop(state);
        let pending = target.pending.iter().map(|(imp, _)| imp.clone()).collect();
        Ok(EarlyScope { scope: answer(&target, &parsed, line, scan.as_deref()), pending, loading })
    }

    /// The package of `file` with its imports: all of them loaded
    /// (`Imports::Wait`), or those loaded already. The lock is released
    /// while imported packages are parsed and while the target is built.
    fn target<'s>(
        &'s self,
        mut state: Guard<'s>,
        file: &Arc<ParsedFile>,
        imports: Imports,
    ) -> Result<(Arc<Target>, Guard<'s>), ScopeError> {
        let plan = match state.plan(file)? {
            Planned::Ready(t) => return Ok((t, state)),
            Planned::Build(plan) => *plan,
        };
        if imports == Imports::AsLoaded {
            let loaded = state.loaded_now(&plan.import_dirs);
            let pending: Vec<(String, PathBuf)> = plan
                .import_dirs
                .iter()
                .filter(|(imp, _)| !loaded.contains_key(imp))
                .filter_map(|(imp, d)| Some((imp.clone(), d.clone()?)))
                .collect();
            if !pending.is_empty() {
                if let Some(t) = state.early.get(&plan.key) {
                    if same_files(&t.info.files, &plan.pkg_files) && same_packages(&t.loaded, &loaded) {
                        return Ok((t.clone(), state));
                    }
                }
                drop(state);
                let key = plan.key.clone();
                let t = Arc::new(build_target(plan, loaded, pending));
                let mut state = self.lock();
                if state.early.len() >= MAX_TARGETS {
                    state.early.clear();
                }
                state.early.insert(key, t.clone());
                return Ok((t, state));
            }
            // Everything is loaded: the full target, built here.
        }
        // Which packages the program may link is a walk of GOROOT and the
        // modules' folders (tens of milliseconds the first time): done
        // while the imports are parsed.
        let (module, go_dirs) = (plan.module.clone(), plan.go_dirs.clone());
        let (t, mut state) = std::thread::scope(|scope| {
            let linked = scope.spawn(|| linked::package_names(module.as_deref(), &go_dirs));
            let mut state = self.load_imports(state, &plan.import_dirs);
            let mut loaded = HashMap::new();
            for (imp, d) in &plan.import_dirs {
                if let Some(p) = d.as_ref().and_then(|d| state.import(d, imp)) {
                    loaded.insert(imp.clone(), p);
                }
            }
            drop(state);
            let linked_names = linked.join().unwrap_or_default();
            let mut t = build_target(plan, loaded, Vec::new());
            t.base.linked_package_names = linked_names;
            (t, self.lock())
        });
        let key = target_key_of(file);
        if key.text.is_some() {
            // Keep one unsaved version per file.
            state.targets.retain(|k, _| k.text.is_none() || k.file != file.path);
        }
        if state.targets.len() >= MAX_TARGETS {
            state.targets.clear();
        }
        state.early.remove(&key);
        let t = Arc::new(t);
        state.targets.insert(key, t.clone());
        Ok((t, state))
    }

    /// Loads the imported packages not cached yet, their files parsed
    /// several at a time outside the lock (one large package, `net/http`,
    /// is most of the work: it is shared out file by file, not package by
    /// package). Packages another query is loading are waited for.
    fn load_imports<'s>(&'s self, mut state: Guard<'s>, imports: &[(String, Option<PathBuf>)]) -> Guard<'s> {
        let missing: Vec<(&str, &Path)> = imports
            .iter()
            .filter_map(|(imp, d)| Some((imp.as_str(), d.as_deref()?)))
            .filter(|(_, d)| !state.imports.contains_key(*d))
            .collect();
        let (theirs, mine): (Vec<_>, Vec<_>) = missing.into_iter().partition(|(_, d)| state.loading.contains(*d));
        if !mine.is_empty() {
            let go_dirs = state.go_dirs.clone().unwrap_or_default();
            let sel = Selection { clause: None, tests: false, extra: None };
            let listings: Vec<Option<Listing>> =
                mine.iter().map(|(_, dir)| list_package(dir, sel, &state.decl_files)).collect();
            let claim = Claim { index: self, dirs: mine.iter().map(|(_, d)| d.to_path_buf()).collect() };
            state.loading.extend(claim.dirs.iter().cloned());
            drop(state);
            let jobs: Vec<(usize, ParseJob)> = listings
                .iter()
                .enumerate()
                .filter_map(|(p, l)| Some((p, l.as_ref()?)))
                .flat_map(|(p, l)| l.to_parse.iter().cloned().map(move |job| (p, job)))
                .collect();
            let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
            let mut parsed: Vec<Vec<(usize, Arc<ParsedFile>)>> = vec![Vec::new(); mine.len()];
            for (p, file) in parse_jobs(jobs, Parse { parallel: true, bodies: false }, workers) {
                parsed[p].push(file);
            }
            let mut done = Vec::new();
            for (((imp, dir), listing), parsed) in mine.iter().zip(listings).zip(parsed) {
                let Some(listing) = listing else { continue };
                let read = finish_package(listing, parsed, sel);
                if let Some(c) = import_from_files(read.files, read.complete, imp, go_dirs.is_immutable(dir)) {
                    done.push((dir.to_path_buf(), c));
                }
            }
            state = self.lock();
            for (dir, c) in done {
                for f in &c.files {
                    state.decl_files.insert(f.path.clone(), f.clone());
                }
                state.imports.insert(dir, c);
            }
            claim.release(&mut state);
        }
        if !theirs.is_empty() {
            let busy = |s: &mut State| theirs.iter().any(|(_, d)| s.loading.contains(*d));
            state = self.arrived.wait_while(state, busy).unwrap_or_else(|e| e.into_inner());
        }
        state
    }
}

/// Import directories a query is loading outside the lock; released when
/// they are in, or when the query unwinds, so that no waiter waits forever.
struct Claim<'a> {
    index: &'a SourceIndex,
    dirs: Vec<PathBuf>,
}

impl Claim<'_> {
    fn release(mut self, state: &mut State) {
        self.unclaim(state);
    }

    fn unclaim(&mut self, state: &mut State) {
        for d in self.dirs.drain(..) {
            state.loading.remove(&d);
        }
        self.index.arrived.notify_all();
    }
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        if !self.dirs.is_empty() {
            let index = self.index;
            self.unclaim(&mut index.lock());
        }
    }
}

/// A package's target from its plan and the imports loaded (`pending`:
/// those that were not).
fn build_target(plan: Plan, loaded: HashMap<String, Arc<PkgInfo>>, pending: Vec<(String, PathBuf)>) -> Target {
    let members = build::build_members(&plan.pkg_files, &plan.path, &loaded);
    let info =
        Arc::new(PkgInfo { name: plan.name, path: plan.path, complete: plan.complete, files: plan.pkg_files, members });
    let mut base = base_scope(&info, &loaded, &plan.import_dirs);
    // Whether a global is named elsewhere in the program is known once
    // the module's packages are loaded (those outside it cannot name the
    // main package's).
    let module_path = plan.module.as_deref().and_then(|m| m.go_mod.module.as_deref());
    let in_module = |p: &str| module_path.is_some_and(|m| p == m || p.starts_with(&format!("{m}/")));
    if info.path == "main" && pending.iter().all(|(imp, _)| !in_module(imp)) {
        mark_unused_globals(&mut base, &info, &loaded, module_path);
    }
    Target { info, loaded, import_dirs: plan.import_dirs, pending, module: plan.module, base }
}

/// Whether two sets of loaded packages are the same packages.
fn same_packages(a: &HashMap<String, Arc<PkgInfo>>, b: &HashMap<String, Arc<PkgInfo>>) -> bool {
    a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| Arc::ptr_eq(v, w)))
}

/// Which target answers for `file`.
fn target_key_of(file: &ParsedFile) -> TargetKey {
    let dir = file.path.parent().map(Path::to_path_buf).unwrap_or_default();
    let name = file.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let included = files::name_matches_target(name) && file.build == Build::Yes;
    TargetKey {
        dir,
        clause: file.package.clone(),
        tests: name.ends_with("_test.go"),
        extra: (!included).then(|| file.path.clone()),
        file: file.path.clone(),
        text: file.stamp.is_none().then(|| files::text_hash(&file.text)),
    }
}

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_path_buf())
    }
}

fn line_count(text: &str) -> u32 {
    text.lines().count().max(1) as u32
}

fn parse(path: PathBuf, stamp: Option<Stamp>, text: String) -> ParsedFile {
    ParsedFile::parse(path.clone(), stamp, text.clone()).unwrap_or_else(|| {
        // Parsing only fails without a language, which cannot happen; keep
        // an empty tree rather than panic.
        ParsedFile::parse(path, stamp, String::new()).expect("tree-sitter-go parses the empty file")
    })
}

impl State {
    /// The parsed file at `path`, reusing the cached parse while its size
    /// and mtime are unchanged.
    fn file(&mut self, path: &Path) -> Result<Arc<ParsedFile>, ScopeError> {
        let unreadable = |e: ReadError| ScopeError::Unreadable { path: path.to_path_buf(), reason: e.to_string() };
        let stamp = Stamp::read(path).map_err(unreadable)?;
        if let Some(f) = self.files.get(path) {
            if f.stamp == Some(stamp) {
                return Ok(f.clone());
            }
        }
        let f = self.parse_asked(path, || Ok((Some(stamp), files::read_source(path).map_err(unreadable)?)))?;
        self.files.insert(path.to_path_buf(), f.clone());
        Ok(f)
    }

    /// Parses the file asked about, whole, from `read`'s text; the
    /// declarations of the rest of its folder are parsed meanwhile on the
    /// other cores (the package needs them next).
    fn parse_asked(
        &mut self,
        path: &Path,
        read: impl FnOnce() -> Result<(Option<Stamp>, String), ScopeError>,
    ) -> Result<Arc<ParsedFile>, ScopeError> {
        let dir = path.parent().unwrap_or(Path::new(""));
        let tests = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with("_test.go"));
        let sel = Selection { clause: None, tests, extra: None };
        let cache = &self.decl_files;
        let (parsed, neighbours) = std::thread::scope(|scope| {
            let neighbours = scope.spawn(|| read_package(dir, sel, cache, Parse { parallel: true, bodies: false }));
            let parsed = read().map(|(stamp, text)| Arc::new(parse(path.to_path_buf(), stamp, text)));
            (parsed, neighbours.join())
        });
        for f in neighbours.map(|r| r.fresh).unwrap_or_default() {
            self.decl_files.insert(f.path.clone(), f);
        }
        parsed
    }

    /// Where GOROOT and the module cache are: as configured, the rest
    /// detected (waits for `go env` the first time).
    fn settle_go_dirs(&mut self) {
        if self.go_dirs.is_none() {
            let c = &self.configured;
            let dirs = if c.goroot.is_some() && c.gomodcache.is_some() {
                c.clone()
            } else {
                let d = GoDirs::detected();
                GoDirs {
                    goroot: c.goroot.clone().or_else(|| d.goroot.clone()),
                    gomodcache: c.gomodcache.clone().or_else(|| d.gomodcache.clone()),
                }
            };
            self.go_dirs = Some(dirs);
        }
    }

    fn module(&mut self, dir: &Path) -> Option<Arc<Module>> {
        let path = Module::file_for(dir)?;
        let stamp = Stamp::of(&path);
        if let Some((s, m)) = self.mods.get(&path) {
            if *s == stamp {
                return Some(m.clone());
            }
        }
        let m = Arc::new(Module::read(&path)?);
        self.mods.insert(path, (stamp, m.clone()));
        Some(m)
    }

    /// The declarations of the package in `dir` (function bodies blanked
    /// out); false when some files could not be read.
    fn package_files(&mut self, dir: &Path, sel: Selection) -> (Vec<Arc<ParsedFile>>, bool) {
        let read = read_package(dir, sel, &self.decl_files, Parse { parallel: true, bodies: false });
        for f in read.fresh {
            self.decl_files.insert(f.path.clone(), f);
        }
        (read.files, read.complete)
    }

    /// The package's own files read, what its target is built from; or
    /// its target, when the one built before still stands.
    fn plan(&mut self, file: &Arc<ParsedFile>) -> Result<Planned, ScopeError> {
        let key = target_key_of(file);
        let dir = key.dir.clone();
        let on_disk = file.stamp.is_some();
        let sel = Selection { clause: Some(&file.package), tests: key.tests, extra: key.extra.as_deref() };
        // The other files are read for their declarations; the file asked
        // about is parsed whole, for its function bodies.
        let (mut pkg_files, mut complete) = self.package_files(&dir, sel);
        self.settle_go_dirs();
        match pkg_files.iter_mut().find(|f| f.path == file.path) {
            Some(slot) => *slot = file.clone(),
            None => pkg_files.push(file.clone()),
        }
        if !on_disk {
            complete &= !file.declarations_broken;
        }
        let module = self.module(&dir);
        if let Some(t) = self.targets.get(&key).cloned() {
            let same_module = match (&t.module, &module) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            };
            if same_files(&t.info.files, &pkg_files) && same_module && self.imports_unchanged(&t) {
                return Ok(Planned::Ready(t));
            }
        }
        let go_dirs = self.go_dirs.clone().unwrap_or_default();
        let path = if file.package == "main" {
            "main".to_string()
        } else {
            // GOROOT/src has a go.mod of its own (module `std`), which is
            // not how packages there are named.
            let base = workspace::import_path_in_roots(&dir, &go_dirs)
                .or_else(|| module.as_deref().and_then(|m| workspace::import_path_of(&dir, m)))
                .unwrap_or_else(|| file.package.clone());
            if file.package.ends_with("_test") && key.tests && !base.ends_with("_test") {
                format!("{base}_test")
            } else {
                base
            }
        };
        let from_std = workspace::import_path_in_roots(&dir, &go_dirs).is_some_and(|p| workspace::is_std(&p))
            && go_dirs.goroot.as_ref().is_some_and(|r| dir.starts_with(r));
        let mut import_paths: Vec<String> =
            pkg_files.iter().flat_map(|f| f.imports.iter().map(|i| i.path.clone())).collect();
        import_paths.sort();
        import_paths.dedup();
        let import_dirs: Vec<(String, Option<PathBuf>)> = import_paths
            .into_iter()
            .map(|imp| {
                let d = workspace::package_dir(&imp, module.as_deref(), &go_dirs, from_std);
                (imp, d)
            })
            .collect();
        Ok(Planned::Build(Box::new(Plan {
            key,
            name: file.package.clone(),
            path,
            complete: complete && !file.package.is_empty(),
            pkg_files,
            module,
            go_dirs,
            import_dirs,
        })))
    }

    /// The imported packages loaded already (revalidated), by import path.
    fn loaded_now(&mut self, imports: &[(String, Option<PathBuf>)]) -> HashMap<String, Arc<PkgInfo>> {
        let mut loaded = HashMap::new();
        for (imp, d) in imports {
            let Some(d) = d.as_deref().filter(|d| self.imports.contains_key(*d)) else { continue };
            if let Some(p) = self.import(d, imp) {
                loaded.insert(imp.clone(), p);
            }
        }
        loaded
    }

    /// The instantiations of the package's generics, from every file of
    /// the package (test files included: a test binary compiles them)
    /// that spells a generic's name, read with function bodies; once per
    /// version of the package.
    fn scan(&mut self, target: &Arc<Target>, file: &Arc<ParsedFile>) -> Option<Arc<generics::Scan>> {
        let dir = file.path.parent()?.to_path_buf();
        let name = file.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let included = files::name_matches_target(name) && file.build == Build::Yes;
        let extra = (!included).then(|| file.path.clone());
        let sel = Selection { clause: Some(&file.package), tests: true, extra: extra.as_deref() };
        // Which files there are, and whether they changed: their
        // declarations, mostly cached already.
        let read = read_package(&dir, sel, &self.decl_files, Parse { parallel: true, bodies: false });
        for f in read.fresh {
            self.decl_files.insert(f.path.clone(), f);
        }
        let key = TargetKey {
            dir,
            clause: file.package.clone(),
            tests: name.ends_with("_test.go"),
            extra,
            file: PathBuf::new(),
            text: None,
        };
        if let Some(c) = self.scans.get(&key) {
            if Arc::ptr_eq(&c.info, &target.info) && Arc::ptr_eq(&c.file, file) && same_files(&c.decls, &read.files) {
                return Some(c.scan.clone());
            }
        }
        if self.scans.len() >= MAX_TARGETS {
            self.scans.clear();
        }
        // A file that never spells a generic's name cannot instantiate it.
        let names = generics::generic_names(&target.info.members);
        let mut complete = read.complete && (file.stamp.is_some() || !file.declarations_broken);
        let mut to_parse: Vec<(PathBuf, Stamp, String)> = Vec::new();
        let mut bodies: Vec<Arc<ParsedFile>> = vec![file.clone()];
        for d in read.files.iter().filter(|d| d.path != file.path && !names.is_empty()) {
            // A large (generated) file is not read with its bodies: what it
            // instantiates is unknown.
            if d.stamp.is_some_and(|s| s.len > files::LARGE_FILE_BYTES as u64) || !d.left_out.is_empty() {
                complete = false;
                continue;
            }
            let (Some(stamp), Ok(text)) = (d.stamp, files::read_source(&d.path)) else {
                complete = false;
                continue;
            };
            if !generics::mentions(&text, &names) {
                continue;
            }
            match self.files.get(&d.path) {
                Some(f) if f.stamp == Some(stamp) => bodies.push(f.clone()),
                _ => to_parse.push((d.path.clone(), stamp, text)),
            }
        }
        for f in parse_all(to_parse) {
            self.files.insert(f.path.clone(), f.clone());
            bodies.push(f);
        }
        bodies.sort_by(|a, b| a.path.cmp(&b.path));
        let mut scan = generics::scan(&bodies, &names, complete, &target.info, &target.loaded);
        let mut types = BTreeMap::new();
        add_instantiations(&mut types, &target.info, &target.loaded, scan.type_insts.clone(), false);
        scan.types = types;
        let scan = Arc::new(scan);
        let cached =
            CachedScan { info: target.info.clone(), file: file.clone(), decls: read.files, scan: scan.clone() };
        self.scans.insert(key, cached);
        Some(scan)
    }

    fn imports_unchanged(&mut self, t: &Target) -> bool {
        t.import_dirs.iter().all(|(imp, dir)| {
            let Some(dir) = dir else { return true };
            let Some(prev) = t.loaded.get(imp) else { return self.import(dir, imp).is_none() };
            self.import(dir, imp).is_some_and(|p| Arc::ptr_eq(&p, prev))
        })
    }

    /// An imported package, its own imports not followed.
    fn import(&mut self, dir: &Path, import_path: &str) -> Option<Arc<PkgInfo>> {
        if let Some(c) = self.imports.get(dir) {
            if c.immutable {
                return Some(c.info.clone());
            }
        }
        let sel = Selection { clause: None, tests: false, extra: None };
        let read = read_package(dir, sel, &self.decl_files, Parse { parallel: true, bodies: false });
        for f in read.fresh {
            self.decl_files.insert(f.path.clone(), f);
        }
        let (files, complete) = (read.files, read.complete);
        if let Some(c) = self.imports.get(dir) {
            if same_files(&c.files, &files) {
                return Some(c.info.clone());
            }
        }
        let immutable = self.go_dirs.as_ref().is_some_and(|d| d.is_immutable(dir));
        let c = import_from_files(files, complete, import_path, immutable)?;
        let info = c.info.clone();
        self.imports.insert(dir.to_path_buf(), c);
        Some(info)
    }
}

/// Parses whole files, two or more at a time when there are several.
fn parse_all(jobs: Vec<(PathBuf, Stamp, String)>) -> Vec<Arc<ParsedFile>> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    on_workers(jobs, workers, |(path, stamp, text)| Some(Arc::new(parse(path, Some(stamp), text))))
}

/// Runs `work` on each of `jobs` on up to `workers` threads, which take
/// them in order; what `work` gives `None` for is left out. The results
/// come in no set order.
fn on_workers<J: Send, R: Send>(jobs: Vec<J>, workers: usize, work: impl Fn(J) -> Option<R> + Sync) -> Vec<R> {
    let workers = workers.min(jobs.len()).max(1);
    if workers == 1 {
        return jobs.into_iter().filter_map(work).collect();
    }
    let queue = Mutex::new(jobs.into_iter());
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                        let Some(job) = next else { break };
                        out.extend(work(job));
                    }
                    out
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    })
}

fn same_files(a: &[Arc<ParsedFile>], b: &[Arc<ParsedFile>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| Arc::ptr_eq(x, y))
}

fn majority_clause(files: &[Arc<ParsedFile>]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for f in files.iter().filter(|f| !f.package.is_empty() && f.package != "documentation") {
        *counts.entry(&f.package).or_default() += 1;
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(c, _)| c.to_string()).unwrap_or_default()
}

/// A package's members as the engine sees them.
fn package_view(info: &PkgInfo) -> Package {
    let m = &info.members;
    Package {
        name: info.name.clone(),
        path: info.path.clone(),
        vars: m
            .vars
            .iter()
            .map(|(n, (t, line))| Variable {
                name: n.clone(),
                ty: t.clone(),
                kind: VarKind::Global,
                decl_line: Some(*line),
            })
            .collect(),
        consts: m
            .consts
            .iter()
            .map(|(n, (c, _))| Constant { name: n.clone(), ty: c.ty.clone(), value: c.value.clone() })
            .collect(),
        funcs: m.funcs.iter().filter(|(_, f)| !f.generic).map(|(n, _)| n.clone()).collect(),
        types: m.names.keys().cloned().collect::<std::collections::BTreeSet<_>>().into_iter().collect(),
        complete: info.complete,
        ..Package::default()
    }
}

/// Marks the package variables of the program (the main package and the
/// packages of its module it imports) that the linker drops: laid out as
/// data and named nowhere but in their declaration, in the package's files
/// and (when exported) the other packages'. A name met in any other role
/// (a local, a field, a string, a directive) counts as a use: what is
/// marked is certainly unused.
fn mark_unused_globals(
    scope: &mut ScopeAt,
    main: &PkgInfo,
    loaded: &HashMap<String, Arc<PkgInfo>>,
    module: Option<&str>,
) {
    let in_module = |path: &str| module.is_some_and(|m| path == m || path.starts_with(&format!("{m}/")));
    let program: Vec<&PkgInfo> =
        std::iter::once(main).chain(loaded.values().map(|p| p.as_ref()).filter(|p| in_module(&p.path))).collect();
    if program.iter().any(|p| !p.complete) {
        return;
    }
    // Function bodies included: imported packages are kept without them.
    let mut texts: Vec<Vec<String>> = Vec::new();
    for p in &program {
        let mut package = Vec::new();
        for f in &p.files {
            match f.stamp {
                None => package.push(f.text.clone()),
                Some(_) => match files::read_source(&f.path) {
                    Ok(t) => package.push(t),
                    Err(_) => return,
                },
            }
        }
        texts.push(package);
    }
    let words: Vec<HashMap<&str, usize>> = texts.iter().map(|t| word_counts(t)).collect();
    let unused = |i: usize, name: &str| {
        let p = program[i];
        let exported = name.chars().next().is_some_and(char::is_uppercase);
        p.members.static_vars.contains(name)
            && words[i].get(name) == Some(&1)
            && !(exported && words.iter().enumerate().any(|(j, w)| j != i && w.contains_key(name)))
    };
    let mark = |pkg: &mut Package, i: usize| {
        for v in &mut pkg.vars {
            if unused(i, &v.name) {
                v.kind = VarKind::UnusedGlobal;
            }
        }
    };
    mark(&mut scope.package, 0);
    for (i, p) in program.iter().enumerate().skip(1) {
        if let Some(pkg) = scope.imports.known_mut().get_mut(&p.path) {
            mark(pkg, i);
        }
    }
}

/// How many times each identifier-like word appears in `texts`, outside
/// comments (strings included: this only rules words in). Directives
/// (`//go:linkname local main.x`) count: they can keep a variable.
fn word_counts(texts: &[String]) -> HashMap<&str, usize> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for text in texts {
        let b = text.as_bytes();
        let word = |c: u8| c == b'_' || c.is_ascii_alphanumeric() || c >= 0x80;
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'/' if b.get(i + 1) == Some(&b'/') && !text[i..].starts_with("//go:") => {
                    i = text[i..].find('\n').map_or(b.len(), |n| i + n);
                    continue;
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    i = text[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 2);
                    continue;
                }
                // Strings and runes are read through (their words count),
                // so that a `//` or `/*` in them is not taken for a comment.
                q @ (b'"' | b'`' | b'\'') => {
                    let start = i + 1;
                    let mut j = start;
                    while j < b.len() && b[j] != q && !(q != b'`' && b[j] == b'\n') {
                        j += if q != b'`' && b[j] == b'\\' { 2 } else { 1 };
                    }
                    let end = j.min(b.len());
                    for (w, n) in word_counts_plain(&text[start..end]) {
                        *counts.entry(w).or_default() += n;
                    }
                    i = end + 1;
                    continue;
                }
                c if !word(c) => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let start = i;
            while i < b.len() && word(b[i]) {
                i += 1;
            }
            if let Some(w) = text.get(start..i) {
                *counts.entry(w).or_default() += 1;
            }
        }
    }
    counts
}

/// Identifier-like words in `text`, however they stand.
fn word_counts_plain(text: &str) -> HashMap<&str, usize> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in plain_words(text) {
        *counts.entry(w).or_default() += 1;
    }
    counts
}

/// The identifier-like runs of `text` (letters, digits, `_`, anything not
/// ASCII), comments and strings included.
pub(crate) fn plain_words(text: &str) -> impl Iterator<Item = &str> {
    let word = |c: char| c == '_' || c.is_ascii_alphanumeric() || !c.is_ascii();
    text.split(move |c: char| !word(c)).filter(|w| !w.is_empty())
}

/// Everything but the locals: packages and named types.
fn base_scope(
    info: &PkgInfo,
    loaded: &HashMap<String, Arc<PkgInfo>>,
    import_dirs: &[(String, Option<PathBuf>)],
) -> ScopeAt {
    // Whether the locals are complete is `answer`'s to say.
    let mut scope = ScopeAt { package: package_view(info), ..ScopeAt::default() };
    for (imp, _) in import_dirs {
        let pkg = match loaded.get(imp) {
            Some(p) => package_view(p),
            None if imp == "C" || imp == "unsafe" => continue,
            // Not loaded: of unknown members (`complete` false).
            None => Package { name: workspace::guess_package_name(imp), path: imp.clone(), ..Package::default() },
        };
        scope.imports.known_mut().insert(imp.clone(), pkg);
    }
    for p in std::iter::once(info).chain(loaded.values().map(|p| p.as_ref())) {
        for (name, d) in &p.members.types {
            // A generic type's own entry has its fields typed by parameters.
            scope.types.known_mut().insert(format!("{}.{name}", p.path), d.info.clone());
        }
    }
    for name in ["error", "comparable"] {
        if let Some(i) = env::universe_info(name) {
            scope.types.known_mut().insert(name.to_string(), i);
        }
    }
    let pending: Vec<env::Inst> = std::iter::once(info)
        .chain(loaded.values().map(|p| p.as_ref()))
        .flat_map(|p| p.members.insts.values().cloned())
        .collect();
    add_instantiations(scope.types.known_mut(), info, loaded, pending, false);
    scope
}

/// Entries for uses of generic types (`main.Box[int]`): the generic
/// declaration with type arguments substituted, transitively. With
/// `open`, also instantiations over type parameters (`main.Box[T]`).
fn add_instantiations(
    types: &mut BTreeMap<String, NamedInfo>,
    info: &PkgInfo,
    loaded: &HashMap<String, Arc<PkgInfo>>,
    pending: Vec<env::Inst>,
    open: bool,
) {
    let mut registry: BTreeMap<String, env::Inst> = BTreeMap::new();
    // The registry's names as of the last substitution's start: the names a
    // substitution adds are the instantiations it found.
    let mut seen: HashSet<String> = HashSet::new();
    let mut queue = pending;
    let mut rounds = 0;
    while let Some(inst) = queue.pop() {
        rounds += 1;
        if rounds > 2000
            || (!open && inst.args.iter().any(env::has_type_param))
            || inst.args.iter().any(|a| nests_deeper(a, MAX_ARG_DEPTH))
        {
            continue;
        }
        let named = env::register_inst(&mut registry, &inst.pkg_path, &inst.base, inst.args.clone());
        let key = named.qualified();
        if types.contains_key(&key) || key.len() > MAX_INST_NAME || brackets_deeper(&key, MAX_ARG_DEPTH) {
            continue;
        }
        let members: Option<&Members> = if inst.pkg_path == info.path {
            Some(&info.members)
        } else {
            loaded.get(&inst.pkg_path).map(|p| &p.members)
        };
        let Some(decl) = members.and_then(|m| m.base_decl(&inst.base)) else { continue };
        // Nested uses inside the declaration (`next *Node[T]`) are found
        // through the declaring package's registry.
        for (k, v) in members.map(|m| &m.insts).into_iter().flatten() {
            registry.entry(k.clone()).or_insert_with(|| v.clone());
        }
        let map: HashMap<&str, &Type> = decl.params.iter().map(String::as_str).zip(inst.args.iter()).collect();
        for k in registry.keys() {
            if !seen.contains(k) {
                seen.insert(k.clone());
            }
        }
        let sub = subst_info(&decl.info, &map, &mut registry);
        types.insert(key, sub);
        for (k, v) in &registry {
            if !seen.contains(k) && !types.contains_key(k) {
                queue.push(v.clone());
            }
        }
    }
}

/// How deep a type argument's type constructors (`[][]…int`) or
/// instantiations (`T[T[…]]`) may nest. An instantiation cycle (`*T[[]X]`
/// or `*T[T[X]]` in `T[X]`, which Go rejects) deepens its arguments a
/// level a round: past this, walks over them would overflow the stack, and
/// ever longer names would take seconds, long before the bound on rounds
/// is reached.
const MAX_ARG_DEPTH: u32 = 32;

/// How long an instantiation's name may be: a cycle that doubles its
/// arguments (`*T[map[X]X]` in `T[X]`) grows them exponentially, within the
/// bound on depth.
const MAX_INST_NAME: usize = 4096;

/// Whether the instantiation `name` nests brackets more than `max` deep.
fn brackets_deeper(name: &str, max: u32) -> bool {
    let mut depth = 0u32;
    for c in name.bytes() {
        match c {
            b'[' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// Whether `t` nests more than `left` levels of type constructors.
fn nests_deeper(t: &Type, left: u32) -> bool {
    let Some(left) = left.checked_sub(1) else { return true };
    let go = |t: &Type| nests_deeper(t, left);
    match t {
        Type::Pointer(x) | Type::Slice(x) | Type::Array(_, x) | Type::Chan(_, x) => go(x),
        Type::Map(k, v) => go(k) || go(v),
        Type::Func(sig) => sig.params.iter().chain(&sig.results).any(go),
        Type::Struct(fields) => fields.iter().any(|f| go(&f.ty)),
        _ => false,
    }
}

impl Members {
    fn base_decl(&self, name: &str) -> Option<&env::TypeDecl> {
        match self.names.get(name) {
            Some(TypeRef::Defined(n)) if *n > 0 => self.types.get(name),
            _ => None,
        }
    }
}

/// Whether `line` is in a generic function or a method of a generic type.
fn stops_in_generic(file: &ParsedFile, line: u32, members: &Members) -> bool {
    walk::functions_at(file.tree.root_node(), line as usize - 1)
        .is_some_and(|(outer, _)| generics::generic_at(file, outer, members).is_some())
}

fn answer(target: &Target, file: &ParsedFile, line: u32, scan: Option<&generics::Scan>) -> ScopeAt {
    let mut scope = target.base.clone();
    scope.line = line;
    // The line is inside a large file's literal left out: its locals (a
    // function literal's) are unknown.
    scope.locals_complete = !file.left_out_at(line);
    let root = file.tree.root_node();
    let Some((outer, inner)) = walk::functions_at(root, line as usize - 1) else { return scope };
    let (maps, complete) = scan
        .and_then(|s| {
            let (of, names) = generics::generic_at(file, outer, &target.info.members)?;
            Some(s.instantiations(&of, &names))
        })
        .unwrap_or_default();
    // Known instantiations: locals keep the names of instantiations over
    // type parameters (`*main.Cache[K,V]`), which each instantiation turns
    // into the name Delve shows (`*main.Cache[int,string]`).
    let keep_names = !maps.is_empty();
    let env = TypeEnv::new(file, &target.info.path, &target.info.members, &target.loaded);
    let mut locals = walk::locals_at(env, outer, inner, line, keep_names);
    // A function literal starting on the line stops there too, after the
    // enclosing function's statement: what it shows there (its parameters)
    // is accepted as well, with a type only where the stops agree.
    for literal in walk::literals_at(inner, line as usize - 1) {
        let env = TypeEnv::new(file, &target.info.path, &target.info.members, &target.loaded);
        let more = walk::locals_at(env, outer, literal, line, keep_names);
        for v in more.locals {
            match locals.locals.iter_mut().find(|l| l.name == v.name) {
                Some(l) if l.ty != v.ty => l.ty = Type::Unknown,
                Some(_) => {}
                None => locals.locals.push(v),
            }
        }
        locals.hidden.retain(|h| !locals.locals.iter().any(|l| l.name == h.name));
        locals.complete &= more.complete;
        locals.insts.extend(more.insts);
    }
    scope.locals = locals.locals;
    scope.hidden = locals.hidden;
    scope.locals_complete &= locals.complete;
    let insts = locals.insts;
    if keep_names {
        let concrete = instantiated(&insts, &maps, &target.info.members);
        add_instantiations(scope.types.known_mut(), &target.info, &target.loaded, insts, true);
        add_instantiations(scope.types.known_mut(), &target.info, &target.loaded, concrete, false);
    } else if !insts.is_empty() {
        add_instantiations(scope.types.known_mut(), &target.info, &target.loaded, insts, false);
    }
    // Every instantiation the package makes, found in function bodies too.
    for (k, v) in scan.map(|s| &s.types).into_iter().flatten() {
        scope.types.known_mut().entry(k.clone()).or_insert_with(|| v.clone());
    }
    scope.instantiations = maps;
    scope.instantiations_complete = complete;
    if inner.id() != outer.id() && generics::generic_at(file, outer, &target.info.members).is_some() {
        let basic = basic_constraints(file, outer, &target.info.members);
        as_shapes_in_closure(&mut scope, &basic);
    }
    scope
}

/// A closure of generic code runs without the dictionary: Delve shows its
/// variables, captures included, with their GC shape types
/// (`go.shape.int32`, `go.shape.struct { X int; Y int }`), not the type
/// arguments. Each instantiation's type arguments become their shape
/// types: named `go.shape.…`, with the argument's underlying type and no
/// methods. A pointer's shape depends on the constraint (`*uint8` or
/// itself), and a generic type named over a parameter is spelled with
/// shapes the sources do not know: both unknown.
fn as_shapes_in_closure(scope: &mut ScopeAt, basic: &HashMap<String, bool>) {
    let params: Vec<String> = scope.instantiations.iter().flat_map(|i| i.keys().cloned()).collect();
    for v in scope.locals.iter_mut().filter(|v| mentions_type_param_in_name(&v.ty, &params, 0)) {
        v.ty = Type::Unknown;
    }
    let mut shapes: BTreeMap<String, NamedInfo> = BTreeMap::new();
    let maps = std::mem::take(&mut scope.instantiations);
    scope.instantiations = maps
        .into_iter()
        .map(|inst| {
            inst.into_iter()
                .map(|(param, arg)| {
                    let shape = shape_type(scope, &arg, basic.get(&param).copied()).map(|(spelled, underlying)| {
                        let named = crate::expr::types::Named::new("go.shape", spelled);
                        shapes.insert(named.qualified(), NamedInfo { underlying, methods: Vec::new() });
                        Type::Named(named)
                    });
                    (param, shape.unwrap_or(Type::Unknown))
                })
                .collect()
        })
        .collect();
    for (k, v) in shapes {
        scope.types.insert_if_absent(&k, || v);
    }
}

/// The GC shape of a type argument, as its spelling after `go.shape.`
/// and its underlying type. A pointer is shaped `*uint8` under a basic
/// constraint (`any`, methods only) and keeps its type under others
/// (`comparable`): `basic` says which, when the sources show it. `None`
/// where that or the underlying type is unknown.
fn shape_type(scope: &ScopeAt, arg: &Type, basic: Option<bool>) -> Option<(String, Type)> {
    let mut t = arg.clone();
    for _ in 0..8 {
        let Type::Named(n) = &t else { break };
        if matches!(n.qualified().as_str(), "error" | "any") {
            return None;
        }
        t = scope.named(n)?.underlying.clone();
    }
    if matches!(t, Type::Named(_) | Type::Unknown | Type::TypeParam(_)) || t.has_unknown() {
        return None;
    }
    match (&t, basic) {
        (Type::Pointer(_), None) => None,
        (Type::Pointer(_), Some(true)) => {
            let p = Type::Pointer(Box::new(Type::Basic(crate::expr::types::Basic::Uint8)));
            Some((p.to_string(), p))
        }
        (Type::Pointer(_), Some(false)) if matches!(arg, Type::Pointer(_)) => Some((arg.to_string(), t)),
        (Type::Pointer(_), Some(false)) => None,
        _ => Some((t.to_string(), t)),
    }
}

/// For each type parameter of the generic function `outer` whose
/// constraint is spelled `any` or `interface{}` (a basic interface: true)
/// or `comparable` (false); others are left out.
fn basic_constraints(file: &ParsedFile, outer: tree_sitter::Node, members: &Members) -> HashMap<String, bool> {
    let mut out = HashMap::new();
    let Some(list) = outer.child_by_field_name("type_parameters") else { return out };
    let predeclared = |n: &str| !members.names.contains_key(n);
    let mut c = list.walk();
    for d in list.named_children(&mut c).filter(|d| d.kind() == "type_parameter_declaration") {
        let Some(constraint) = d.child_by_field_name("type") else { continue };
        let text: String = file.node_text(constraint).split_whitespace().collect();
        let basic = match text.as_str() {
            "any" if predeclared("any") => true,
            "interface{}" => true,
            "comparable" if predeclared("comparable") => false,
            _ => continue,
        };
        let mut c2 = d.walk();
        for name in d.children_by_field_name("name", &mut c2) {
            out.insert(file.node_text(name).to_string(), basic);
        }
    }
    out
}

/// Whether `t` names a generic type over one of `params` (`*main.Box[T]`):
/// in a closure its name has shapes in place of the parameters.
fn mentions_type_param_in_name(t: &Type, params: &[String], depth: u32) -> bool {
    if depth > 32 {
        return true;
    }
    let go = |t: &Type| mentions_type_param_in_name(t, params, depth + 1);
    match t {
        Type::Named(n) => n.name.find('[').is_some_and(|open| {
            n.name[open..].split(|c: char| !(c == '_' || c.is_alphanumeric())).any(|w| params.iter().any(|p| p == w))
        }),
        Type::Pointer(x) | Type::Slice(x) | Type::Array(_, x) | Type::Chan(_, x) => go(x),
        Type::Map(k, v) => go(k) || go(v),
        Type::Func(sig) => sig.params.iter().chain(&sig.results).any(go),
        Type::Struct(fields) => fields.iter().any(|f| go(&f.ty)),
        _ => false,
    }
}

/// The instantiations over type parameters among `insts`, with each of
/// `maps`' type arguments substituted.
fn instantiated(insts: &[env::Inst], maps: &[BTreeMap<String, Type>], members: &Members) -> Vec<env::Inst> {
    let mut registry: BTreeMap<String, env::Inst> = members.insts.clone();
    for i in insts {
        let mut scratch = BTreeMap::new();
        let key = env::register_inst(&mut scratch, &i.pkg_path, &i.base, i.args.clone()).qualified();
        registry.entry(key).or_insert_with(|| i.clone());
    }
    let mut out = Vec::new();
    for m in maps {
        let map: HashMap<&str, &Type> = m.iter().map(|(k, v)| (k.as_str(), v)).collect();
        for i in insts.iter().filter(|i| i.args.iter().any(env::has_type_param) || i.args.iter().any(is_open_named)) {
            let args: Vec<Type> = i.args.iter().map(|a| env::subst(a, &map, &mut registry)).collect();
            out.push(env::Inst { pkg_path: i.pkg_path.clone(), base: i.base.clone(), args });
        }
    }
    out
}

/// An instantiation whose name may hide type parameters (`Pair[K,V]`).
fn is_open_named(t: &Type) -> bool {
    matches!(t, Type::Named(n) if n.name.contains('['))
}

struct PackageRead {
    files: Vec<Arc<ParsedFile>>,
    complete: bool,
    /// Files parsed now (not found in the cache).
    fresh: Vec<Arc<ParsedFile>>,
}

#[derive(Clone, Copy)]
struct Parse {
    parallel: bool,
    /// Keep function bodies (false for imported packages: only their
    /// declarations matter).
    bodies: bool,
}

/// The files `go build` compiles for the package in `dir`, reusing cached
/// parses of unchanged files and parsing the others.
fn read_package(dir: &Path, sel: Selection, cache: &HashMap<PathBuf, Arc<ParsedFile>>, how: Parse) -> PackageRead {
    let Some(listing) = list_package(dir, sel, cache) else {
        return PackageRead { files: Vec::new(), complete: false, fresh: Vec::new() };
    };
    let workers = if how.parallel { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { 1 };
    let jobs = listing.to_parse.iter().cloned().map(|job| ((), job)).collect();
    let parsed = parse_jobs(jobs, how, workers).into_iter().map(|((), p)| p).collect();
    finish_package(listing, parsed, sel)
}

/// A package's files as listed: parses still good, and the files to parse.
struct Listing {
    slots: Vec<Option<Arc<ParsedFile>>>,
    to_parse: Vec<ParseJob>,
    complete: bool,
}

/// A file to parse: its slot in the package's list, path and stamp.
type ParseJob = (usize, PathBuf, Stamp);

/// The `.go` files of `dir` that `sel` takes, with the cached parses of
/// unchanged ones; `None` when `dir` cannot be read.
fn list_package(dir: &Path, sel: Selection, cache: &HashMap<PathBuf, Arc<ParsedFile>>) -> Option<Listing> {
    let mut complete = true;
    let entries = std::fs::read_dir(dir).ok()?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".go"))
        .collect();
    names.sort();
    let mut slots: Vec<Option<Arc<ParsedFile>>> = Vec::new();
    let mut to_parse: Vec<ParseJob> = Vec::new();
    for name in names {
        let path = dir.join(&name);
        let is_extra = sel.extra.is_some_and(|e| e == path);
        if !is_extra && (!files::name_matches_target(&name) || (!sel.tests && name.ends_with("_test.go"))) {
            continue;
        }
        let Some(stamp) = Stamp::of(&path) else {
            complete = false;
            continue;
        };
        match cache.get(&path) {
            Some(f) if f.stamp == Some(stamp) => slots.push(Some(f.clone())),
            _ => {
                to_parse.push((slots.len(), path, stamp));
                slots.push(None);
            }
        }
    }
    Some(Listing { slots, to_parse, complete })
}

/// Parses `jobs` (each tagged with what it belongs to) on up to `workers`
/// threads, largest files first so that none is left to parse alone at
/// the end. A file that cannot be read is left out.
fn parse_jobs<T: Send>(mut jobs: Vec<(T, ParseJob)>, how: Parse, workers: usize) -> Vec<(T, (usize, Arc<ParsedFile>))> {
    let parse_one = |(i, path, stamp): ParseJob| {
        let text = files::read_source(&path).ok()?;
        let text = if how.bodies { text } else { files::strip_function_bodies(&text).unwrap_or(text) };
        Some((i, Arc::new(parse(path, Some(stamp), text))))
    };
    // Two files or more per worker: a thread for one small file costs
    // more than it saves.
    let workers = workers.min(jobs.len().div_ceil(2));
    jobs.sort_by_key(|(_, (_, _, stamp))| std::cmp::Reverse(stamp.len));
    on_workers(jobs, workers, |(tag, job)| Some((tag, parse_one(job)?)))
}

/// The package of `listing` once its files are parsed (`parsed`, by slot).
fn finish_package(listing: Listing, parsed: Vec<(usize, Arc<ParsedFile>)>, sel: Selection) -> PackageRead {
    let Listing { mut slots, to_parse, mut complete } = listing;
    if parsed.len() != to_parse.len() {
        complete = false;
    }
    let mut fresh = Vec::new();
    for (i, f) in parsed {
        fresh.push(f.clone());
        slots[i] = Some(f);
    }
    let is_extra = |f: &ParsedFile| sel.extra.is_some_and(|e| e == f.path);
    let mut files: Vec<Arc<ParsedFile>> = slots.into_iter().flatten().collect();
    // A file that other build tags would compile may declare names we do
    // not see: then the package is not known to be complete.
    let maybe: Vec<Arc<ParsedFile>> =
        files.iter().filter(|f| f.build == Build::Maybe && !is_extra(f)).cloned().collect();
    files.retain(|f| f.build == Build::Yes || is_extra(f));
    let clause = match sel.clause {
        Some(c) => c.to_string(),
        None => majority_clause(&files),
    };
    files.retain(|f| f.package == clause || (f.package.is_empty() && is_extra(f)));
    if maybe.iter().any(|f| f.package == clause) || files.iter().any(|f| f.declarations_broken) {
        complete = false;
    }
    PackageRead { files, complete, fresh }
}

fn import_from_files(
    files: Vec<Arc<ParsedFile>>,
    complete: bool,
    import_path: &str,
    immutable: bool,
) -> Option<CachedImport> {
    let name = files.first()?.package.clone();
    let members = build::build_members(&files, import_path, &HashMap::new());
    let info = Arc::new(PkgInfo { name, path: import_path.to_string(), complete, files: files.clone(), members });
    Some(CachedImport { files, info, immutable })
}

#[cfg(test)]
mod tests {
    use super::test_tree::Tree;
    use super::*;

    const MAIN: &str = "package main\n\nfunc main() {\n\tx := 1\n\t_ = x\n}\n";

    /// The targets the index holds: file name and whether built from
    /// unsaved text, sorted.
    fn targets(index: &SourceIndex) -> Vec<(String, bool)> {
        let state = index.lock();
        let mut held: Vec<(String, bool)> = state
            .targets
            .keys()
            .map(|k| (k.file.file_name().unwrap().to_string_lossy().into_owned(), k.text.is_some()))
            .collect();
        held.sort();
        held
    }

    /// An editor's buffer is asked about at each edit: only the last
    /// unsaved version of each file keeps its target, beside the file's
    /// own on disk and the other files' unsaved ones.
    #[test]
    fn one_unsaved_target_kept_per_file() {
        let tree = Tree::new(&[("go.mod", "module example.com/m\n"), ("a.go", MAIN), ("b.go", "package main\n")]);
        let (a, b) = (tree.0.join("a.go"), tree.0.join("b.go"));
        let index = SourceIndex::default();
        index.scope_at(&a, 5).unwrap();
        index.scope_in_text(&b, "package main\n\nvar y = 2\n", 3).unwrap();
        index.scope_in_text(&a, &MAIN.replace("1", "2"), 5).unwrap();
        let held = |names: &[(&str, bool)]| names.iter().map(|(n, t)| (n.to_string(), *t)).collect::<Vec<_>>();
        assert_eq!(targets(&index), held(&[("a.go", false), ("a.go", true), ("b.go", true)]));
        let edited = index.scope_in_text(&a, &MAIN.replace("1", "3"), 5).unwrap();
        assert_eq!(edited.local("x").map(|v| v.ty.to_string()), Some("int".to_string()));
        assert_eq!(targets(&index), held(&[("a.go", false), ("a.go", true), ("b.go", true)]));
    }

    /// Each file asked about keeps its package's target, up to
    /// `MAX_TARGETS`; one more and the cache starts again.
    #[test]
    fn targets_kept_up_to_the_bound() {
        let names: Vec<String> = (0..=MAX_TARGETS).map(|i| format!("f{i:02}.go")).collect();
        let mut files = vec![("go.mod", "module example.com/m\n")];
        files.extend(names.iter().map(|n| (n.as_str(), MAIN)));
        let tree = Tree::new(&files);
        let index = SourceIndex::default();
        for (i, name) in names.iter().enumerate() {
            index.scope_at(&tree.0.join(name), 5).unwrap();
            assert_eq!(index.lock().targets.len(), i % MAX_TARGETS + 1, "after {name}");
        }
    }

    /// The imported packages not loaded yet are in once `load_imports`
    /// returns (parsed outside the lock), and none is claimed any more.
    #[test]
    fn load_imports_brings_in_the_missing_packages() {
        let tree = Tree::new(&[
            ("go.mod", "module example.com/m\n"),
            ("sub/sub.go", "package sub\n\nvar N = 1\n"),
            ("other/other.go", "package other\n\nconst K = 2\n"),
        ]);
        let imports = [
            ("example.com/m/sub".to_string(), Some(tree.0.join("sub"))),
            ("example.com/m/other".to_string(), Some(tree.0.join("other"))),
            ("C".to_string(), None),
        ];
        let index = SourceIndex::default();
        let state = index.load_imports(index.lock(), &imports[..1]);
        assert_eq!(state.imports.keys().collect::<Vec<_>>(), [&tree.0.join("sub")]);
        let state = index.load_imports(state, &imports);
        let mut loaded: Vec<&PathBuf> = state.imports.keys().collect();
        loaded.sort();
        assert_eq!(loaded, [&tree.0.join("other"), &tree.0.join("sub")]);
        assert_eq!(state.imports[&tree.0.join("other")].info.members.consts.len(), 1);
        assert!(state.loading.is_empty());
    }

    /// A package another query claimed is waited for: `load_imports`
    /// returns once it is in, not before.
    #[test]
    fn load_imports_waits_for_packages_another_query_loads() {
        let tree = Tree::new(&[("go.mod", "module example.com/m\n"), ("sub/sub.go", "package sub\n\nvar N = 1\n")]);
        let (imp, dir) = ("example.com/m/sub".to_string(), tree.0.join("sub"));
        let index = SourceIndex::default();
        let claim = Claim { index: &index, dirs: vec![dir.clone()] };
        index.lock().loading.insert(dir.clone());
        let (started, waiting) = std::sync::mpsc::channel();
        std::thread::scope(|s| {
            let waiter = s.spawn(|| {
                // The lock is held from before the signal until
                // `load_imports` waits (or returns).
                let state = index.lock();
                started.send(()).unwrap();
                let state = index.load_imports(state, &[(imp.clone(), Some(dir.clone()))]);
                state.imports.contains_key(&dir)
            });
            waiting.recv().unwrap();
            let mut state = index.lock();
            assert!(state.import(&dir, &imp).is_some());
            claim.release(&mut state);
            drop(state);
            assert!(waiter.join().unwrap(), "load_imports returned before the claimed package was in");
        });
    }

    /// An early target is built once while its files and the packages
    /// loaded stay the same.
    #[test]
    fn early_target_answered_again_while_nothing_changes() {
        let tree = Tree::new(&[
            ("go.mod", "module example.com/m\n"),
            ("main.go", "package main\n\nimport \"example.com/m/sub\"\n\nfunc main() {\n\t_ = sub.N\n}\n"),
            ("sub/sub.go", "package sub\n\nvar N = 1\n"),
        ]);
        let index = SourceIndex::default();
        let early = || {
            let e = index.scope_early(&tree.0.join("main.go"), None, 6).unwrap();
            assert_eq!(e.pending, ["example.com/m/sub"]);
            let state = index.lock();
            assert_eq!(state.early.len(), 1);
            state.early.values().next().unwrap().clone()
        };
        let first = early();
        assert!(Arc::ptr_eq(&first, &early()));
    }

    /// A file's target is built once while the package's files and its
    /// imports stay the same; an imported package changed on disk is seen.
    #[test]
    fn target_answered_again_until_an_import_changes() {
        let tree = Tree::new(&[
            ("go.mod", "module example.com/m\n"),
            ("main.go", "package main\n\nimport \"example.com/m/sub\"\n\nfunc main() {\n\t_ = sub.N\n}\n"),
            ("sub/sub.go", "package sub\n\nvar N = 1\n"),
        ]);
        let index = SourceIndex::default();
        let main = tree.0.join("main.go");
        let target = || {
            let scope = index.scope_at(&main, 6).unwrap();
            let state = index.lock();
            assert_eq!(state.targets.len(), 1);
            (scope, state.targets.values().next().unwrap().clone())
        };
        let (_, first) = target();
        let (_, again) = target();
        assert!(Arc::ptr_eq(&first, &again));
        // A file of the package changed, their number the same.
        std::fs::write(
            &main,
            "package main\n\nimport \"example.com/m/sub\"\n\nvar G = 1\n\nfunc main() {\n\t_ = sub.N\n}\n",
        )
        .unwrap();
        let (scope, _) = target();
        assert!(scope.package.var("G").is_some());
        std::fs::write(&main, "package main\n\nimport \"example.com/m/sub\"\n\nfunc main() {\n\t_ = sub.N\n}\n")
            .unwrap();
        let (_, first) = target();
        std::fs::write(tree.0.join("sub/sub.go"), "package sub\n\nvar N = 1\n\nconst Added = 2\n").unwrap();
        let (scope, changed) = target();
        assert!(!Arc::ptr_eq(&first, &changed));
        let sub = scope.imports.get("example.com/m/sub").unwrap();
        assert_eq!(sub.consts.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Added"]);
    }

    /// A changed `go.mod` is read again, and the targets it found import
    /// directories for are built again: a `replace` moved to another
    /// folder names that folder's package (the old one's members would be
    /// stale, and a member only the new one has a false error).
    #[test]
    fn module_file_read_again_when_changed() {
        let go_mod = "module example.com/m\n\nrequire example.com/lib v1.0.0\n\nreplace example.com/lib => ./lib1\n";
        let tree = Tree::new(&[
            ("go.mod", go_mod),
            ("main.go", "package main\n\nimport \"example.com/lib\"\n\nfunc main() {\n\tprintln(lib.A)\n}\n"),
            ("lib1/lib.go", "package lib\n\nconst A = 1\n"),
            ("lib2/lib.go", "package lib\n\nconst A, B = 1, 2\n"),
        ]);
        let index = SourceIndex::default();
        let main = tree.0.join("main.go");
        let consts = |scope: ScopeAt| -> Vec<String> {
            scope.imports.get("example.com/lib").unwrap().consts.iter().map(|c| c.name.clone()).collect()
        };
        assert_eq!(consts(index.scope_at(&main, 6).unwrap()), ["A"]);
        std::fs::write(tree.0.join("go.mod"), go_mod.replace("lib1", "lib2")).unwrap();
        assert_eq!(consts(index.scope_at(&main, 6).unwrap()), ["A", "B"]);
    }

    /// Each package's generic instantiations are kept once scanned.
    #[test]
    fn scans_kept_per_package() {
        let generic = "package PKG\n\nfunc Id[T any](x T) T {\n\treturn x\n}\n\nvar _ = Id(1)\n";
        let tree = Tree::new(&[
            ("go.mod", "module example.com/m\n"),
            ("a/a.go", &generic.replace("PKG", "a")),
            ("b/b.go", &generic.replace("PKG", "b")),
        ]);
        let index = SourceIndex::default();
        for (i, file) in ["a/a.go", "b/b.go"].iter().enumerate() {
            let scope = index.scope_at(&tree.0.join(file), 4).unwrap();
            assert_eq!(scope.instantiations.len(), 1);
            assert_eq!(index.lock().scans.len(), i + 1);
        }
    }

    /// A file of the package over `LARGE_FILE_BYTES` is not read with its
    /// bodies: what it instantiates is unknown, and the list incomplete.
    /// One of exactly that size is read.
    #[test]
    fn instantiations_in_a_large_file_unknown() {
        let generic = "package main\n\nfunc Id[T any](x T) T {\n\treturn x\n}\n\nfunc main() {}\n";
        let listed = |size: usize| {
            let head = "package main\n\nvar _ = Id(\"s\")\n\n//";
            let big = format!("{head}{}\n", "x".repeat(size - head.len() - 1));
            assert_eq!(big.len(), size);
            let tree = Tree::new(&[("go.mod", "module example.com/m\n"), ("a.go", generic), ("big.go", &big)]);
            let scope = SourceIndex::default().scope_at(&tree.0.join("a.go"), 4).unwrap();
            let args: Vec<String> =
                scope.instantiations.iter().flat_map(|m| m.values().map(|t| t.to_string())).collect();
            (args, scope.instantiations_complete)
        };
        assert_eq!(listed(files::LARGE_FILE_BYTES), (vec!["string".to_string()], true));
        assert_eq!(listed(files::LARGE_FILE_BYTES + 1), (vec![], false));
    }

    /// Unsaved text whose declarations are in doubt leaves the list of
    /// instantiations incomplete; sound unsaved text does not.
    #[test]
    fn instantiations_incomplete_with_broken_unsaved_declarations() {
        let generic = "package main\n\nfunc Id[T any](x T) T {\n\treturn x\n}\n\nvar _ = Id(1)\n";
        let tree = Tree::new(&[("go.mod", "module example.com/m\n"), ("a.go", generic)]);
        let index = SourceIndex::default();
        let a = tree.0.join("a.go");
        let complete = |text: &str| index.scope_in_text(&a, text, 4).unwrap().instantiations_complete;
        assert!(complete(&generic.replace("Id(1)", "Id(2)")));
        assert!(!complete(&format!("{generic}var y = \n")));
    }

    /// The instantiations of the package's test files count (a test
    /// binary compiles them): one changed is scanned again, the other
    /// files' whole parses reused.
    #[test]
    fn scan_follows_the_package_s_test_files() {
        let generic = "package main\n\nfunc Id[T any](x T) T {\n\treturn x\n}\n\nvar _ = Id(1)\n";
        let tree = Tree::new(&[
            ("go.mod", "module example.com/m\n"),
            ("a.go", generic),
            ("b.go", "package main\n\nvar _ = Id(2.5)\n"),
            ("a_test.go", "package main\n\nvar _ = Id(\"s\")\n"),
        ]);
        let index = SourceIndex::default();
        let a = tree.0.join("a.go");
        let listed = || -> Vec<String> {
            let scope = index.scope_at(&a, 4).unwrap();
            assert!(scope.instantiations_complete);
            scope.instantiations.iter().flat_map(|m| m.values().map(|t| t.to_string())).collect()
        };
        assert_eq!(listed(), ["float64", "int", "string"]);
        let b = index.lock().files[&tree.0.join("b.go")].clone();
        std::fs::write(tree.0.join("a_test.go"), "package main\n\nvar _ = Id(true)\n").unwrap();
        assert_eq!(listed(), ["bool", "float64", "int"]);
        assert!(Arc::ptr_eq(&b, &index.lock().files[&tree.0.join("b.go")]));
    }

    /// Unsaved text of the file asked about replaces the file on disk in
    /// the scan too: an instantiation only the file on disk makes is gone.
    #[test]
    fn unsaved_text_replaces_its_file_s_instantiations() {
        let generic = "package main\n\nfunc Id[T any](x T) T {\n\treturn x\n}\n\nvar _ = Id(1)\n";
        let tree = Tree::new(&[("go.mod", "module example.com/m\n"), ("a.go", generic)]);
        let scope =
            SourceIndex::default().scope_in_text(&tree.0.join("a.go"), &generic.replace("1", "\"s\""), 4).unwrap();
        let listed: Vec<String> = scope.instantiations.iter().flat_map(|m| m.values().map(|t| t.to_string())).collect();
        assert_eq!(listed, ["string"]);
    }

    /// A file of the package other build tags would compile may
    /// instantiate too: the list is not complete.
    #[test]
    fn instantiations_incomplete_with_a_file_other_tags_compile() {
        let generic = "package main\n\nfunc Id[T any](x T) T {\n\treturn x\n}\n\nvar _ = Id(1)\n";
        let tree = Tree::new(&[
            ("go.mod", "module example.com/m\n"),
            ("a.go", generic),
            ("it.go", "//go:build integration\n\npackage main\n\nvar _ = Id(\"s\")\n"),
        ]);
        let scope = SourceIndex::default().scope_at(&tree.0.join("a.go"), 4).unwrap();
        assert_eq!(scope.instantiations.len(), 1);
        assert!(!scope.instantiations_complete);
    }

    /// An imported package's clause is the one most of its files have;
    /// `documentation` and files with no clause do not count.
    #[test]
    fn majority_clause_of_an_imported_package() {
        let files = |clauses: &[&str]| -> Vec<Arc<ParsedFile>> {
            clauses
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let text = if c.is_empty() { "var x = 1\n".to_string() } else { format!("package {c}\n") };
                    Arc::new(parse(PathBuf::from(format!("/p/f{i}.go")), None, text))
                })
                .collect()
        };
        assert_eq!(majority_clause(&files(&["a", "a", "b"])), "a");
        assert_eq!(majority_clause(&files(&["b", "a", "a"])), "a");
        assert_eq!(majority_clause(&files(&["sub", "documentation", "documentation", "", ""])), "sub");
        assert_eq!(majority_clause(&files(&["", "documentation"])), "");
    }

    /// Unsaved text whose declarations are in doubt (a syntax error
    /// outside function bodies) leaves its package incomplete: a name it
    /// may declare is unknown, never undefined. Sound text does not.
    #[test]
    fn unsaved_text_with_broken_declarations_leaves_the_package_incomplete() {
        let tree = Tree::new(&[("go.mod", "module example.com/m\n"), ("main.go", MAIN)]);
        let index = SourceIndex::default();
        let main = tree.0.join("main.go");
        let complete = |text: &str| index.scope_in_text(&main, text, 5).unwrap().package.complete;
        assert!(complete(&MAIN.replace("x := 1", "x := 2")));
        assert!(!complete(&MAIN.replace("func main", "var y = \nfunc main")));
        assert!(complete(MAIN));
    }

    /// With only the module cache configured, GOROOT is still detected:
    /// the standard packages are found.
    #[test]
    fn goroot_detected_when_only_the_module_cache_is_configured() {
        let tree = Tree::new(&[
            ("go.mod", "module example.com/m\n"),
            ("main.go", "package main\n\nimport \"strings\"\n\nfunc main() {\n\t_ = strings.ToUpper\n}\n"),
        ]);
        let config = SourceConfig { gomodcache: Some(tree.0.join("modcache")), ..SourceConfig::default() };
        let scope = SourceIndex::new(config).scope_at(&tree.0.join("main.go"), 6).unwrap();
        let strings = scope.imports.get("strings").unwrap();
        assert!(strings.complete && strings.funcs.iter().any(|f| f == "ToUpper"));
    }

    /// A claim on import directories is given up when the query holding
    /// it unwinds, so that no waiter waits forever.
    #[test]
    fn a_claim_dropped_unreleased_is_given_up() {
        let index = SourceIndex::default();
        let dirs = vec![PathBuf::from("/nowhere/a"), PathBuf::from("/nowhere/b")];
        index.lock().loading.extend(dirs.iter().cloned());
        let unwound = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _claim = Claim { index: &index, dirs: dirs.clone() };
            panic!("a query unwinds");
        }));
        assert!(unwound.is_err());
        assert!(index.lock().loading.is_empty());
    }

    /// Words counted outside comments, strings and runes read through,
    /// `//go:` directives counted: each text with its words and counts.
    #[test]
    fn word_counts_outside_comments() {
        let cases: &[(&[&str], &str)] = &[
            (&["a b a", "b _c1 2d"], "2d:1 _c1:1 a:2 b:2"),
            (&["x // y z\nw"], "w:1 x:1"),
            (&["a / b", "a/b//c\nd"], "a:2 b:2 d:1"),
            (&["//go:linkname loc main.x\n"], "go:1 linkname:1 loc:1 main:1 x:1"),
            (&["abcdef /*x y*/ z /* w"], "abcdef:1 z:1"),
            (&["a/*b*/c", "e /**/ f"], "a:1 c:1 e:1 f:1"),
            (&["s := \"p \\\" q // r\" + t", "\"_u\""], "_u:1 p:1 q:1 r:1 s:1 t:1"),
            (&["`u\n// v`w", "`x\\` z // y\n"], "u:1 v:1 w:1 x:1 z:1"),
            (&["\"a\nb", "\"c\\", "x \"open"], "a:1 b:1 c:1 open:1 x:1"),
            (&["\"a\" // b\nc"], "a:1 c:1"),
            (&["r := '\\'' + y", "'z'"], "r:1 y:1 z:1"),
            (&["héllo wörld \"é1\""], "héllo:1 wörld:1 é1:1"),
        ];
        for (texts, want) in cases {
            let texts: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
            let counts = word_counts(&texts);
            let mut got: Vec<String> = counts.iter().map(|(w, n)| format!("{w}:{n}")).collect();
            got.sort();
            assert_eq!(got.join(" "), *want, "{texts:?}");
        }
    }

    /// The same for the targets of early scopes, built before the imports
    /// are loaded (none is, here).
    #[test]
    fn early_targets_kept_up_to_the_bound() {
        const WITH_IMPORT: &str =
            "package main\n\nimport \"example.com/m/sub\"\n\nfunc main() {\n\tx := sub.N\n\t_ = x\n}\n";
        let names: Vec<String> = (0..=MAX_TARGETS).map(|i| format!("f{i:02}.go")).collect();
        let mut files = vec![("go.mod", "module example.com/m\n"), ("sub/sub.go", "package sub\n\nvar N = 1\n")];
        files.extend(names.iter().map(|n| (n.as_str(), WITH_IMPORT)));
        let tree = Tree::new(&files);
        let index = SourceIndex::default();
        for (i, name) in names.iter().enumerate() {
            let early = index.scope_early(&tree.0.join(name), None, 7).unwrap();
            assert_eq!(early.pending, ["example.com/m/sub"]);
            assert_eq!(index.lock().early.len(), i % MAX_TARGETS + 1, "after {name}");
        }
    }
}
