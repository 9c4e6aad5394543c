//! Reading real Go binaries: formats, compile units, producer flags, build
//! info, stripped binaries, and scopes from DWARF at known lines of the
//! `closures` corpus program. Also: truncated and corrupted copies of a real
//! binary give a clear error and never a panic.

mod support;

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use dlvbridge::debuginfo::{Binary, DebugInfoError, Format};
use dlvbridge::expr::scope::{Arch, Hidden, VarKind};
use dlvbridge::scope::dwarf::{DwarfScopeError, DwarfScopes};
use support::corpus::program_dir;

/// Binaries go to cargo's per-target scratch directory (reused, never
/// leaked into /tmp); each is rebuilt once per test process.
fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("debuginfo");
    std::fs::create_dir_all(&dir).expect("create the scratch directory");
    dir
}

/// `closures` built with `extra` go build arguments (once per process).
fn build(tag: &str, debug: bool, extra: &[&str], env: &[(&str, &str)]) -> PathBuf {
    static BUILT: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let out = out_dir().join(tag);
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if built.contains(tag) {
        return out;
    }
    let mut cmd = support::go_command();
    cmd.current_dir(program_dir("closures")).arg("build");
    if debug {
        cmd.arg("-gcflags=all=-N -l");
    }
    cmd.args(extra).arg("-o").arg(&out).arg(".");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().expect("run go build");
    assert!(o.status.success(), "go build failed: {}", String::from_utf8_lossy(&o.stderr));
    built.insert(tag.to_string());
    out
}

/// tests/fixtures/cgo_preamble built for debugging (once per process):
/// its directory and the binary.
fn cgo_build() -> (PathBuf, PathBuf) {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    let dir = support::repo_root().join("tests/fixtures/cgo_preamble");
    let bin = BUILT.get_or_init(|| {
        let bin = out_dir().join("cgo_preamble");
        support::go_build_debug(&dir, &bin, &[]).unwrap_or_else(|e| panic!("{e}"));
        bin
    });
    (dir, bin.clone())
}

fn debug_binary() -> PathBuf {
    build("closures-debug", true, &[], &[])
}

fn main_go() -> PathBuf {
    program_dir("closures").join("main.go")
}

#[test]
fn opens_a_debug_build() {
    let bin = Binary::open(&debug_binary()).expect("opens");
    assert_eq!(bin.format, if cfg!(target_os = "macos") { Format::MachO } else { Format::Elf });
    let main = bin.units().iter().find(|u| u.name == "main").expect("a main compile unit");
    assert!(main.is_go);
    assert_eq!(main.package_name.as_deref(), Some("main"));
    assert!(main.producer.starts_with("Go cmd/compile go1."), "{}", main.producer);
    assert!(!main.optimized() && !main.inlined(), "flags {:?}", main.flags);
    let info = bin.build_info.as_ref().expect("build info");
    assert!(info.go_version.starts_with("go1."), "{info:?}");
    assert_eq!(info.path, "example.com/closures");
    assert_eq!(info.main_module.as_deref(), Some("example.com/closures"));
    assert_eq!(info.goos(), Some(std::env::consts::OS));
    assert!(!info.trimpath());
    assert_eq!(bin.go_version().as_deref(), Some(info.go_version.as_str()));
    let file = std::fs::canonicalize(main_go()).unwrap();
    assert!(bin.all_files().iter().any(|f| Path::new(f) == file), "main.go not in the line tables");
}

#[test]
fn producer_flags_tell_optimized_builds() {
    let bin = Binary::open(&build("closures-opt", false, &[], &[])).expect("opens");
    let main = bin.units().iter().find(|u| u.name == "main").unwrap();
    assert!(main.optimized() && main.inlined(), "flags {:?}", main.flags);
    assert!(bin.optimized_packages().contains(&"main"));
}

#[test]
fn trimpath_is_reported_and_paths_match_by_suffix() {
    let path = build("closures-trim", true, &["-trimpath"], &[]);
    let bin = Binary::open(&path).expect("opens");
    assert!(bin.build_info.as_ref().unwrap().trimpath());
    assert!(bin.all_files().iter().any(|f| f == "example.com/closures/main.go"), "{:?}", bin.all_files());
    // The local path shares only `closures/main.go` with the build path.
    let scopes = DwarfScopes::new(bin);
    let s = scopes.scope_at(&main_go(), 36).expect("scope by suffix");
    assert_eq!(s.build_file, "example.com/closures/main.go");
    assert!(s.scope.local("next").is_some());
}

#[test]
fn stripped_binaries_are_a_clear_error() {
    let path = build("closures-stripped", false, &["-ldflags=-s -w"], &[]);
    let err = Binary::open(&path).expect_err("no DWARF");
    assert_eq!(err, DebugInfoError::Stripped);
    assert!(err.to_string().contains("-s -w"), "{err}");
}

#[test]
fn not_a_binary_is_a_clear_error() {
    let err = Binary::open(&main_go()).expect_err("a Go source is not a binary");
    assert!(matches!(err, DebugInfoError::NotABinary { .. }), "{err:?}");
    let err = Binary::open(Path::new("/nonexistent/bin")).expect_err("missing");
    assert!(err.to_string().starts_with("cannot read /nonexistent/bin"), "{err}");
}

#[test]
fn scope_follows_delves_visibility_rules() {
    let scopes = DwarfScopes::open(&debug_binary()).expect("opens");
    // The limiter closure's first line: parameter, captures (`&calls` is
    // heap-escaped, seen as `calls`), `next` declared on the next line.
    let s = scopes.scope_at(&main_go(), 31).expect("scope");
    let kind = |n: &str| s.scope.local(n).map(|v| v.kind);
    assert_eq!(kind("e"), Some(VarKind::Param));
    assert_eq!(kind("calls"), Some(VarKind::Captured));
    assert_eq!(s.scope.local("calls").unwrap().ty.to_string(), "int");
    assert_eq!(kind("used"), Some(VarKind::Captured));
    assert_eq!(kind("limit"), Some(VarKind::Captured));
    assert_eq!(kind("next"), None);
    assert_eq!(s.stops.len(), 1);
    assert_eq!(s.stops[0].0, "main.makeLimiter.func1");
    // Declared on line 32: invisible at 32, visible at 33.
    let at32 = scopes.scope_at(&main_go(), 32).unwrap();
    assert!(at32.scope.local("next").is_none());
    let h = at32.scope.hidden.iter().find(|h| h.name == "next").expect("hidden next");
    assert_eq!((h.decl_line, h.why), (32, Hidden::DeclaredLater));
    assert!(scopes.scope_at(&main_go(), 33).unwrap().scope.local("next").is_some());
    // Named results and a block's variables.
    let s = scopes.scope_at(&main_go(), 50).unwrap();
    assert_eq!(s.scope.local("counts").map(|v| v.kind), Some(VarKind::Result));
    assert_eq!(s.scope.local("ev").map(|v| v.ty.to_string()).as_deref(), Some("main.Event"));
    let s = scopes.scope_at(&main_go(), 53).unwrap();
    assert!(s.scope.local("ev").is_none(), "the loop variable is out of its block at the return");
    // Package-level facts.
    assert!(s.scope.packages_complete && s.scope.locals_complete);
    assert_eq!(s.scope.package.path, "main");
    assert!(s.scope.package.var("processed").is_some());
    assert!(s.scope.packages_named("fmt").next().is_some());
    let linked = s.scope.linked_package_names.as_ref().unwrap();
    assert!(linked.contains("runtime") && linked.contains("fmt") && linked.contains("main"));
    let event = s.scope.types.get("main.Event").expect("main.Event");
    assert!(matches!(event.underlying, dlvbridge::expr::types::Type::Struct(_)));
}

#[test]
fn lines_without_code_and_unknown_files_are_told_apart() {
    let scopes = DwarfScopes::open(&debug_binary()).expect("opens");
    let err = scopes.scope_at(&main_go(), 1).expect_err("package clause has no code");
    assert!(matches!(err, DwarfScopeError::NoStatement { line: 1, .. }), "{err:?}");
    let err = scopes.scope_at(Path::new("/elsewhere/nothing_like_it.go"), 3).expect_err("unknown file");
    assert!(matches!(err, DwarfScopeError::FileNotInBinary { .. }), "{err:?}");
}

/// A path the build paths do not hold exactly matches the one sharing the
/// longest suffix of components with it (at least the directory and the
/// file name); two sharing as much are an error, not a guess. The
/// standard library's `internal/sync/mutex.go` and `sync/mutex.go` share
/// `sync/mutex.go`.
#[test]
fn files_match_by_the_longest_suffix_and_ties_are_an_error() {
    let scopes = DwarfScopes::open(&debug_binary()).expect("opens");
    for want in ["internal/sync/mutex.go", "sync/mutex.go"] {
        let found =
            scopes.match_file(&Path::new("/elsewhere/src").join(want)).unwrap_or_else(|e| panic!("{want}: {e}"));
        assert!(found.ends_with(&format!("/src/{want}")), "{want}: {found}");
    }
    let err = scopes.match_file(Path::new("/elsewhere/sync/mutex.go")).expect_err("two files share sync/mutex.go");
    let DwarfScopeError::AmbiguousFile { file, mut candidates } = err else { panic!("{err:?}") };
    assert_eq!(file, "/elsewhere/sync/mutex.go");
    candidates.sort_by_key(|c| !c.contains("/internal/"));
    assert!(candidates.len() == 2 && candidates[0].ends_with("/src/internal/sync/mutex.go"), "{candidates:?}");
    assert!(candidates[1].ends_with("/src/sync/mutex.go"), "{candidates:?}");
}

/// Go before 1.25 wrote DWARF 4, whose line tables number files from 1
/// (DWARF 5 from 0): the same program built that way gives the same scope
/// at every line, the same stops and the same function entries.
#[test]
fn dwarf_4_builds_give_the_same_scopes() {
    let dwarf5 = DwarfScopes::open(&debug_binary()).expect("opens");
    let path4 = build("closures-dwarf4", true, &[], &[("GOEXPERIMENT", "nodwarf5")]);
    let dwarf4 = DwarfScopes::open(&path4).expect("opens");
    assert_eq!((dwarf_version(&path4), dwarf_version(&debug_binary())), (4, 5));
    let mut lines = 0;
    for line in 1..=110 {
        let (a, b) = (dwarf4.scope_at(&main_go(), line), dwarf5.scope_at(&main_go(), line));
        match (a, b) {
            (Ok(a), Ok(b)) => {
                lines += 1;
                assert_eq!(a.scope.locals, b.scope.locals, "line {line}");
                assert_eq!(a.scope.hidden, b.scope.hidden, "line {line}");
                let names = |s: &dlvbridge::scope::dwarf::DwarfScope| {
                    s.stops.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>()
                };
                assert_eq!(names(&a), names(&b), "line {line}");
            }
            (Err(a), Err(b)) => assert_eq!(a, b, "line {line}"),
            (a, b) => panic!("line {line}: DWARF 4 {:?}, DWARF 5 {:?}", a.map(|s| s.stops), b.map(|s| s.stops)),
        }
    }
    assert!(lines > 40, "only {lines} lines with code");
    // A function's entry is its `func` line (a closure's, its literal's;
    // `main.main.func1`'s code ends on line 88).
    for (f, line) in [
        ("main.makeLimiter", 27),
        ("makeLimiter.func1", 30),
        ("main.tally", 42),
        ("apply", 57),
        ("main.main", 65),
        ("main.main.func1", 83),
    ] {
        for scopes in [&dwarf4, &dwarf5] {
            let (file, at) = scopes.function_location(f).expect("readable").unwrap_or_else(|| panic!("{f}"));
            assert!(file.ends_with("/closures/main.go") && at == line, "{f}: {file}:{at}");
        }
    }
    // `func1` names closures at several places: no one entry.
    assert_eq!(dwarf5.function_location("func1"), Ok(None));
}

/// Builds for Windows, macOS and 32-bit Linux open, give scopes, and give
/// each the architecture the binary is for.
#[test]
fn other_formats_open() {
    for (goos, goarch, format, arch) in [
        ("windows", "amd64", Format::Pe, Arch::Amd64),
        ("darwin", "arm64", Format::MachO, Arch::Arm64),
        ("linux", "386", Format::Elf, Arch::I386),
    ] {
        let env = [("GOOS", goos), ("GOARCH", goarch), ("CGO_ENABLED", "0")];
        let path = build(&format!("closures-{goos}-{goarch}"), false, &[], &env);
        let bin = Binary::open(&path).unwrap_or_else(|e| panic!("{goos}: {e}"));
        assert_eq!(bin.format, format);
        assert_eq!(bin.build_info.as_ref().and_then(|b| b.goos()), Some(goos));
        assert!(bin.units().iter().any(|u| u.name == "main"), "{goos}: no main unit");
        let scopes = DwarfScopes::new(bin);
        let s = scopes.scope_at(&main_go(), 77).unwrap_or_else(|e| panic!("{goos}: {e}"));
        assert!(s.scope.local("rejected").is_some(), "{goos}: {:?}", s.scope.locals);
        // Register names are the architecture's (`X0` on arm64, `EAX` on 386).
        assert_eq!(s.scope.arch, arch, "{goos}/{goarch}");
    }
}

/// Truncated and corrupted copies of a real binary: an error or a scope,
/// never a panic.
#[test]
fn damaged_binaries_never_panic() {
    let data = std::fs::read(debug_binary()).unwrap();
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    for n in [0, 1, 4, 16, 52, 64, 100, 4096] {
        inputs.push((format!("truncated to {n}"), data[..n.min(data.len())].to_vec()));
    }
    for k in 1..24 {
        let n = data.len() * k / 24;
        inputs.push((format!("truncated to {n}"), data[..n].to_vec()));
    }
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..40 {
        let mut d = data.clone();
        // A few random bytes anywhere, or a burst in the second half (where
        // the DWARF sections of a Go ELF binary are).
        let burst = round % 2 == 0;
        for _ in 0..if burst { 64 } else { 8 } {
            let at = if burst {
                data.len() / 2 + (next() as usize) % (data.len() / 2)
            } else {
                (next() as usize) % data.len()
            };
            d[at] = next() as u8;
        }
        inputs.push((format!("corrupted (round {round})"), d));
    }
    let file = main_go();
    let mut panics = Vec::new();
    let mut errors = 0;
    for (what, bytes) in &inputs {
        let r = catch_unwind(AssertUnwindSafe(|| match Binary::parse(bytes) {
            Ok(bin) => {
                let scopes = DwarfScopes::new(bin);
                for line in [31, 50, 77] {
                    if let Err(e) = scopes.scope_at(&file, line) {
                        assert!(!e.to_string().is_empty());
                    }
                }
                false
            }
            Err(e) => {
                assert!(!e.to_string().is_empty());
                true
            }
        }));
        match r {
            Ok(true) => errors += 1,
            Ok(false) => {}
            Err(_) => panics.push(what.clone()),
        }
    }
    println!("{} damaged inputs, {errors} rejected with an error", inputs.len());
    assert!(panics.is_empty(), "panicked on: {panics:?}");
    assert!(errors >= 8, "truncated headers must be errors");
}

/// The version of the first compile unit's header in `.debug_info`.
fn dwarf_version(path: &Path) -> u16 {
    use object::{Object, ObjectSection};
    let data = std::fs::read(path).unwrap();
    let file = object::File::parse(&*data).expect("an ELF binary");
    let info = file.section_by_name(".debug_info").expect("a .debug_info section");
    let info = info.uncompressed_data().expect("readable");
    // A 32-bit unit: its length (4 bytes), then the version.
    u16::from_le_bytes([info[4], info[5]])
}

/// Where the uncompressed DWARF sections of an ELF file lie: (name, start, end).
fn dwarf_sections(data: &[u8]) -> Vec<(String, usize, usize)> {
    use object::{Object, ObjectSection};
    let file = object::File::parse(data).expect("an ELF binary");
    file.sections()
        .filter_map(|sec| {
            let name = sec.name().ok()?.to_string();
            let (start, size) = sec.file_range()?;
            (name.starts_with(".debug_") && size > 0).then(|| (name, start as usize, (start + size) as usize))
        })
        .collect()
}

/// Mutations inside the DWARF itself (built with `-compressdwarf=false`, so
/// the bytes reach the DWARF readers rather than the decompressor): bytes
/// and bursts replaced, bits flipped, and section tails zeroed, in every
/// `.debug_*` section; then opening, scopes at several lines and completion.
/// An error or a scope, never a panic. `DLVBRIDGE_FUZZ_SECONDS=N` keeps
/// mutating for N seconds (scripts/fuzz) instead of a fixed number of rounds.
#[test]
fn damaged_dwarf_sections_never_panic() {
    let data = std::fs::read(build("closures-plain-dwarf", true, &["-ldflags=-compressdwarf=false"], &[])).unwrap();
    let sections = dwarf_sections(&data);
    let names: BTreeSet<&str> = sections.iter().map(|(n, ..)| n.as_str()).collect();
    for want in [".debug_info", ".debug_abbrev", ".debug_line", ".debug_rnglists", ".debug_frame"] {
        assert!(names.contains(want), "no {want} in {names:?}");
    }
    let budget = std::env::var("DLVBRIDGE_FUZZ_SECONDS").ok().and_then(|s| s.parse::<u64>().ok());
    let deadline = budget.map(|s| std::time::Instant::now() + std::time::Duration::from_secs(s));
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed as usize
    };
    let (mut rounds, mut errors) = (0usize, 0usize);
    let mut panics = Vec::new();
    // Mutations that once broke the reader, replayed first: (section,
    // offset in it, new byte). Typedefs whose name attribute became
    // DW_AT_data_member_location (found as byte 413 of Go 1.26's abbrevs)
    // made a type refer to itself through function parameters: an
    // exponential expansion that took all memory. Located by its meaning,
    // not its offset, so a new Go release cannot move it out of reach.
    let (_, abbrev_start, abbrev_end) = sections.iter().find(|(n, ..)| n == ".debug_abbrev").expect(".debug_abbrev");
    let typedef_name = typedef_name_attribute(&data[*abbrev_start..*abbrev_end])
        .expect("Go's abbreviations have a typedef with DW_AT_name (string) then DW_AT_type");
    let mut known: Vec<(&str, usize, u8)> = vec![(".debug_abbrev", typedef_name, DW_AT_DATA_MEMBER_LOCATION)];
    loop {
        match deadline {
            Some(d) if std::time::Instant::now() >= d => break,
            None if rounds >= 60 => break,
            _ => {}
        }
        rounds += 1;
        let mut d = data.clone();
        if let Some((name, at, byte)) = known.pop() {
            let (_, start, end) = sections.iter().find(|(n, ..)| n == name).expect("a known section");
            if start + at < *end {
                d[start + at] = byte;
            }
            println!("replaying {name}: byte at +{at} := {byte:#x}");
            check_damaged(&d, &format!("{name}: known byte at +{at}"), &mut errors, &mut panics);
            continue;
        }
        let (name, start, end) = &sections[next() % sections.len()];
        let len = end - start;
        let what = match next() % 4 {
            0 => {
                let at = start + next() % len;
                d[at] = next() as u8;
                format!("{name}: byte at +{}", at - start)
            }
            1 => {
                let at = start + next() % len;
                let n = (1 + next() % 32).min(end - at);
                for b in &mut d[at..at + n] {
                    *b = next() as u8;
                }
                format!("{name}: {n} bytes at +{}", at - start)
            }
            2 => {
                let at = start + next() % len;
                d[at] ^= 1 << (next() % 8);
                format!("{name}: bit flip at +{}", at - start)
            }
            _ => {
                let at = start + next() % len;
                d[at..*end].fill(0);
                format!("{name}: zeroed from +{}", at - start)
            }
        };
        check_damaged(&d, &what, &mut errors, &mut panics);
    }
    println!("{rounds} damaged DWARF copies, {errors} gave an error somewhere, no panic: {}", panics.is_empty());
    assert!(panics.is_empty(), "{} panics:\n{}", panics.len(), panics.join("\n"));
}

const DW_TAG_TYPEDEF: u64 = 0x16;
const DW_AT_NAME: u64 = 0x03;
const DW_AT_TYPE: u64 = 0x49;
const DW_AT_DATA_MEMBER_LOCATION: u8 = 0x38;
const DW_FORM_STRING: u64 = 0x08;

/// The offset, in `.debug_abbrev`, of the `DW_AT_name` attribute code of
/// the typedef abbreviation (`DW_TAG_typedef`: name as a string, then a
/// type): the byte whose damage once made the reader expand forever.
fn typedef_name_attribute(abbrev: &[u8]) -> Option<usize> {
    fn uleb(b: &[u8], at: &mut usize) -> Option<u64> {
        let (mut value, mut shift) = (0u64, 0);
        loop {
            let byte = *b.get(*at)?;
            *at += 1;
            value |= u64::from(byte & 0x7f).checked_shl(shift)?;
            shift += 7;
            if byte < 0x80 {
                return Some(value);
            }
        }
    }
    let mut at = 0;
    loop {
        if uleb(abbrev, &mut at)? == 0 {
            return None;
        }
        let tag = uleb(abbrev, &mut at)?;
        at += 1; // children
        let mut attributes = Vec::new();
        loop {
            let offset = at;
            let (name, form) = (uleb(abbrev, &mut at)?, uleb(abbrev, &mut at)?);
            if name == 0 && form == 0 {
                break;
            }
            attributes.push((offset, name, form));
        }
        if let [(offset, DW_AT_NAME, DW_FORM_STRING), (_, DW_AT_TYPE, _)] = attributes[..] {
            if tag == DW_TAG_TYPEDEF {
                return Some(offset);
            }
        }
    }
}

/// Opens a damaged binary and asks for scopes, completion and a check at
/// a few lines: counts an error anywhere, records a panic.
fn check_damaged(data: &[u8], what: &str, errors: &mut usize, panics: &mut Vec<String>) {
    let file = main_go();
    let r = catch_unwind(AssertUnwindSafe(|| match Binary::parse(data) {
        Ok(bin) => {
            let scopes = DwarfScopes::new(bin);
            let mut failed = false;
            for line in [31, 50, 77, 105] {
                match scopes.scope_at(&file, line) {
                    Ok(s) => {
                        let _ = dlvbridge::expr::complete("e.", 2, &s.scope);
                        let condition = "e.Kind == \"x\" && len(rejected) > 0";
                        let _ = dlvbridge::expr::check(condition, dlvbridge::expr::Role::Condition, &s.scope);
                    }
                    Err(e) => {
                        assert!(!e.to_string().is_empty());
                        failed = true;
                    }
                }
            }
            failed
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            true
        }
    }));
    match r {
        Ok(true) => *errors += 1,
        Ok(false) => {}
        Err(_) => panics.push(what.to_string()),
    }
}

/// `check --binary` answers from DWARF; a file the binary does not have is
/// answered from the sources; an unreadable binary is a usage error.
#[test]
fn cli_uses_the_binary() {
    let bin = debug_binary();
    let run = |args: &[&str]| {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = dlvbridge::cli::run(&args, &mut out, &mut err);
        (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
    };
    let b = bin.to_string_lossy().into_owned();
    let at = |line: u32| format!("{}:{line}", main_go().display());
    let (code, out, _) = run(&["check", "--binary", &b, &at(32), "next > limit"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("declared on this line"), "{out}");
    assert_eq!(run(&["check", "--binary", &b, &at(33), "next > limit && calls >= 1"]).0, 0);
    let (code, out, _) = run(&["complete", "--binary", &b, &at(36)]);
    assert_eq!(code, 0);
    assert!(out.lines().any(|l| l.starts_with("next\tvariable\tint")), "{out}");
    // Not in this binary: the sources answer.
    let shop = program_dir("shop").join("main.go");
    let (code, out, _) = run(&["check", "--binary", &b, &format!("{}:109", shop.display()), "order.ID > 0"]);
    assert_eq!(code, 0, "{out}");
    let (code, _, err) = run(&["check", "--binary", &main_go().to_string_lossy(), &at(33), "next"]);
    assert_eq!(code, 2);
    assert!(err.contains("not an ELF, Mach-O or PE"), "{err}");
}

#[test]
fn cached_scopes_are_shared() {
    let scopes = DwarfScopes::open(&debug_binary()).expect("opens");
    let a = scopes.scope_at_cached(&main_go(), 36).unwrap();
    let b = scopes.scope_at_cached(&main_go(), 36).unwrap();
    assert!(std::sync::Arc::ptr_eq(&a, &b));
    assert_eq!(a.scope, scopes.scope_at(&main_go(), 36).unwrap().scope);
    // Another location asked in between keeps the first.
    let other = scopes.scope_at_cached(&main_go(), 33).unwrap();
    assert!(!std::sync::Arc::ptr_eq(&a, &other));
    assert!(std::sync::Arc::ptr_eq(&a, &scopes.scope_at_cached(&main_go(), 36).unwrap()));
}

/// A `Scopes` hands out the binary it holds, whose line tables tell why a
/// breakpoint's line has no statement where the sources cannot (the LSP's
/// breakpoint diagnostics ask it so). Delve (v1.27.2), `break main.go:24`
/// in this build: "could not find statement at …/main.go:24, please use a
/// line with a statement"; line 22, a `var` with an initializer, stops in
/// the package's init.
#[test]
fn scopes_hand_out_the_binary_they_hold() {
    use dlvbridge::scope::Scopes;
    use dlvbridge::scope::source::{CodeLines, SourceIndex};
    use std::sync::Arc;
    let dwarf = Arc::new(DwarfScopes::open(&debug_binary()).expect("opens"));
    let sources = Scopes::new(Arc::new(SourceIndex::default()));
    assert!(sources.binary().is_none());
    let scopes = sources.with_binary(Some(dwarf.clone()));
    let binary = scopes.binary().expect("the binary given");
    assert!(Arc::ptr_eq(binary, &dwarf));
    let err = binary.scope_at_cached(&main_go(), 24).expect_err("`var processed int` has no statement");
    assert_eq!(
        err.to_string(),
        format!("could not find statement at {}:24, please use a line with a statement", main_go().display())
    );
    assert!(binary.scope_at_cached(&main_go(), 22).is_ok(), "`var ErrQuota = errors.New(…)` runs in init");
    let text = std::fs::read_to_string(main_go()).unwrap();
    let lines = CodeLines::new(&text);
    assert_eq!((lines.no_code_reason(22), lines.no_code_reason(24)), (None, None), "the sources cannot tell");
}

/// An optimized build still gives scopes (variables the compiler dropped
/// are simply absent, as for Delve; those without a location are listed).
#[test]
fn optimized_builds_give_scopes() {
    let scopes = DwarfScopes::open(&build("closures-opt", false, &[], &[])).expect("opens");
    let mut found = 0;
    for line in 28..105 {
        if let Ok(s) = scopes.scope_at(&main_go(), line) {
            found += 1;
            for u in &s.scope.unreadable {
                assert!(s.scope.local(&u.name).is_some(), "{} is flagged but not listed", u.name);
            }
        }
    }
    assert!(found > 10, "only {found} lines have a scope");
    // `apply` is inlined into `main`: stopped there, Delve shows the
    // inlined call's variables, which the scope does not model.
    let s = scopes.scope_at(&main_go(), 60).expect("a scope in the inlined apply");
    assert!(s.stops.iter().any(|(f, _)| f == "main.main"), "{:?}", s.stops);
    assert!(!s.scope.locals_complete);
    assert!(scopes.scope_at(&main_go(), 77).expect("a scope in main.main").scope.locals_complete);
}

/// In an optimized build a variable lives only where its location list
/// says. At every line of tests/fixtures/optimized that has code, compared
/// with the variables live Delve shows as "(unreadable …)": every variable
/// the engine calls wholly unreadable is one, and every one is wholly or
/// partly unreadable for the engine (Delve reads missing pieces as zero,
/// which fails or not by value); every variable Delve lists is in the scope.
#[test]
fn optimized_out_variables_match_delve() {
    use support::corpus::{Case, LOCALS, Location, UNREADABLE, verdict};
    use support::delve_session::{Build, run_program_in};
    let dlv = support::require_dlv("optimized_out_variables_match_delve");
    let dir = support::repo_root().join("tests/fixtures/optimized");
    let bin = out_dir().join("optimized");
    support::go_build(&dir, &bin, &[]).unwrap_or_else(|e| panic!("{e}"));
    let scopes = DwarfScopes::open(&bin).unwrap_or_else(|e| panic!("{e}"));
    let main_go = dir.join("main.go");
    // Lines with code; Delve moves a breakpoint on a `func` line past the
    // prologue, so those are left out.
    let source = std::fs::read_to_string(&main_go).unwrap();
    let text: Vec<&str> = source.lines().collect();
    let lines: Vec<u32> = (20..=50)
        .filter(|&l| !text[l as usize - 1].starts_with("func ") && scopes.scope_at(&main_go, l).is_ok())
        .collect();
    assert!(lines.len() >= 10, "only {} lines with code: {lines:?}", lines.len());
    let mut asks = Vec::new();
    for &line in &lines {
        for what in [LOCALS, UNREADABLE] {
            let location = Location { file: "main.go".into(), line, hit: 1 };
            asks.push(Case { line_index: 0, location, expr: what.to_string(), verdict: None });
        }
    }
    let live = run_program_in(&dlv, &dir, Build::Optimized, &asks).unwrap_or_else(|e| panic!("{e}"));
    let names = |v: &Option<String>| -> BTreeSet<String> {
        let v = v.as_deref().unwrap_or("");
        let support::corpus::Verdict::Ok { ty } = verdict(v) else { return BTreeSet::new() };
        ty.split_whitespace().filter(|n| n.chars().all(|c| c.is_alphanumeric() || c == '_')).map(String::from).collect()
    };
    let mut problems = Vec::new();
    let (mut unreadable_seen, mut partly_seen) = (0, 0);
    for (i, &line) in lines.iter().enumerate() {
        let (listed, unreadable) = (names(&live[2 * i]), names(&live[2 * i + 1]));
        let scope = scopes.scope_at(&main_go, line).unwrap().scope;
        let ours = |partly: bool| -> BTreeSet<String> {
            scope.unreadable.iter().filter(|u| u.partly == partly).map(|u| u.name.clone()).collect()
        };
        let (whole, partly) = (ours(false), ours(true));
        unreadable_seen += unreadable.len();
        partly_seen += partly.len();
        let certain_but_read: Vec<_> = whole.difference(&unreadable).collect();
        let missed: Vec<_> = unreadable.iter().filter(|n| !whole.contains(*n) && !partly.contains(*n)).collect();
        if !certain_but_read.is_empty() || !missed.is_empty() {
            problems
                .push(format!("line {line}: Delve cannot read {unreadable:?}; we say {whole:?} and partly {partly:?}"));
        }
        for n in &listed {
            if scope.local(n).is_none() {
                problems.push(format!("line {line}: Delve lists `{n}`, the scope lacks it"));
            }
        }
    }
    // A location list's entries end before their end address: at line 45
    // one entry for the loop's `w` (a string missing a piece) ends where
    // the next, locating it wholly, begins; Delve reads it in full there.
    let at45 = lines.iter().position(|&l| l == 45).expect("line 45 has code");
    assert!(names(&live[2 * at45]).contains("w") && !names(&live[2 * at45 + 1]).contains("w"));
    let scope = scopes.scope_at(&main_go, 45).unwrap().scope;
    assert!(scope.local("w").is_some() && !scope.unreadable.iter().any(|u| u.name == "w"), "{:?}", scope.unreadable);
    println!("{} lines, {unreadable_seen} variables Delve cannot read, {partly_seen} partly located", lines.len());
    assert!(unreadable_seen > 0, "the fixture no longer has optimized-out variables");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Closure captures are listed where nothing was inlined (a `-N -l` build),
/// and left unknown when inlining may hide them behind abstract origins.
#[test]
fn closure_captures_only_without_inlining() {
    let debug = DwarfScopes::open(&debug_binary()).expect("opens");
    let captures = debug.scope_at(&main_go(), 105).unwrap().scope.closure_captures;
    let captures = captures.expect("a -N -l build lists every capture");
    assert!(captures.contains("prefix") && !captures.contains("name"), "{captures:?}");
    let optimized = DwarfScopes::open(&build("closures-opt", false, &[], &[])).expect("opens");
    let any_line = (28..110).find_map(|l| optimized.scope_at(&main_go(), l).ok()).expect("a line with code");
    assert_eq!(any_line.scope.closure_captures, None);
}

/// Every address of `.debug_addr` damaged to the highest one: a
/// subprogram's low address plus its length (`DW_AT_high_pc` as a length)
/// then runs past the end of the address space. No range for it, and never
/// an overflow.
#[test]
fn ranges_past_the_end_of_the_address_space_never_panic() {
    let mut data = std::fs::read(build("closures-plain-dwarf", true, &["-ldflags=-compressdwarf=false"], &[])).unwrap();
    let (_, start, end) =
        dwarf_sections(&data).into_iter().find(|(n, ..)| n == ".debug_addr").expect("a .debug_addr section");
    // Each unit: its length (4 bytes), version (2), address and segment
    // selector sizes (1 each), then the addresses.
    let (mut at, mut units) = (start, 0);
    while at + 8 <= end {
        let len = u32::from_le_bytes(data[at..at + 4].try_into().unwrap()) as usize;
        let body_end = (at + 4 + len).min(end);
        data[at + 8..body_end].fill(0xff);
        at = body_end;
        units += 1;
    }
    assert!(units > 0, "no address table in .debug_addr");
    let (mut errors, mut panics) = (0, Vec::new());
    check_damaged(&data, "every address the highest", &mut errors, &mut panics);
    assert!(panics.is_empty(), "panicked");
}

/// At a line where Delve stops in several functions (a closure on the
/// line: main.main, then the literal when it runs), one scope stands for
/// every stop: each variable Delve lists at either stop is in it, typed as
/// Delve shows it where the stops agree and unknown where they do not, and
/// each name Delve finds at neither is hidden (declared later).
#[test]
fn a_line_with_several_stops_is_typed_as_delve_shows_each() {
    use dlvbridge::expr::types::Type;
    use support::corpus::{Case, LOCALS, Location, Verdict, verdict};
    use support::delve_session::{Build, run_program_in};
    let dlv = support::require_dlv("a_line_with_several_stops_is_typed_as_delve_shows_each");
    let dir = support::repo_root().join("tests/fixtures/closure_on_line");
    let bin = out_dir().join("closure_on_line");
    support::go_build_debug(&dir, &bin, &[]).unwrap_or_else(|e| panic!("{e}"));
    let line = 13;
    let names = ["n", "k", "z", "double", "total", "label"];
    let mut asks = Vec::new();
    for hit in [1, 2] {
        for what in std::iter::once(LOCALS).chain(names) {
            let location = Location { file: "main.go".into(), line, hit };
            asks.push(Case { line_index: 0, location, expr: what.to_string(), verdict: None });
        }
    }
    let live = run_program_in(&dlv, &dir, Build::Debug, &asks).unwrap_or_else(|e| panic!("{e}"));
    let found = DwarfScopes::open(&bin).expect("opens").scope_at(&dir.join("main.go"), line).expect("a scope");
    assert_eq!(found.stops.len(), 2, "{:?}", found.stops);
    let scope = found.scope;
    let at = |hit: usize, i: usize| live[hit * (names.len() + 1) + i].clone().unwrap_or_default();
    let mut problems = Vec::new();
    for hit in 0..2 {
        let listed = at(hit, 0);
        let Verdict::Ok { ty: listed } = verdict(&listed) else { panic!("no locals at stop {hit}: {listed}") };
        for name in listed.split_whitespace().filter(|n| dlvbridge::expr::is_identifier(n)) {
            if scope.local(name).is_none() {
                problems.push(format!("Delve lists `{name}` at stop {}, the scope lacks it", hit + 1));
            }
        }
    }
    let mut kinds = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let types: BTreeSet<String> = (0..2)
            .filter_map(|hit| match verdict(&at(hit, i + 1)) {
                Verdict::Ok { ty } => Some(ty.to_string()),
                _ => None,
            })
            .collect();
        kinds.push(types.len());
        let ours = scope.local(name).map(|v| &v.ty);
        let hidden = scope.hidden.iter().any(|h| h.name == *name);
        let agrees = match (types.len(), ours) {
            (0, None) => hidden,
            (1, Some(t)) => types.first() == Some(&t.to_string()),
            (2, Some(t)) => *t == Type::Unknown,
            _ => false,
        };
        if !agrees {
            problems.push(format!("`{name}`: Delve {types:?}, the scope {ours:?}, hidden {hidden}"));
        }
    }
    // The fixture's point: one name typed differently at the two stops,
    // one alike, one seen at one stop only, three visible at neither.
    assert_eq!(kinds, [2, 1, 1, 0, 0, 0], "Delve's view of the fixture changed");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What the sources add to a debug-info scope, judged by live Delve at
/// each stop. A local the debug info types only in part (`deep`, nested
/// past the depth its reader follows) takes the sources' type, in a
/// generic function's shape copies and in a plain function. In the shape
/// copies a local typed by a dictionary entry (`xs`: `[]int` at one stop,
/// `[]string` at the other) has a type parameter or an unknown part (`[]T`,
/// the sources' own when it fits both), and one the debug info types in
/// full (`n`) keeps its type, also when the unsaved sources say otherwise
/// (the binary runs what was built); an expression Delve rejects at every
/// stop is rejected, one it evaluates at either is not.
#[test]
fn sources_complete_what_the_debug_info_types_in_part() {
    use dlvbridge::expr::{self, Role};
    use support::corpus::{Case, Location, Verdict, verdict};
    use support::delve_session::{Build, run_program_in};
    let dlv = support::require_dlv("sources_complete_what_the_debug_info_types_in_part");
    let dir = support::repo_root().join("tests/fixtures/refined");
    let bin = out_dir().join("refined");
    support::go_build_debug(&dir, &bin, &[]).unwrap_or_else(|e| panic!("{e}"));
    let main_go = dir.join("main.go");
    let (count, depth) = (17, 22);
    let names = ["xs", "n", "deep"];
    let exprs = ["xs + 1", "n + 1", "len(xs) + n", "n + \"a\""];
    let ask = |line, hit, what: &str| Case {
        line_index: 0,
        location: Location { file: "main.go".into(), line, hit },
        expr: what.to_string(),
        verdict: None,
    };
    let mut asks: Vec<Case> =
        [1, 2].into_iter().flat_map(|hit| names.iter().chain(&exprs).map(move |w| ask(count, hit, w))).collect();
    asks.push(ask(depth, 1, "deep"));
    let live = run_program_in(&dlv, &dir, Build::Debug, &asks).unwrap_or_else(|e| panic!("{e}"));
    let said = |hit: usize, i: usize| live[hit * (names.len() + exprs.len()) + i].clone().unwrap_or_default();
    let dwarf = std::sync::Arc::new(DwarfScopes::open(&bin).expect("opens"));
    let sources = std::sync::Arc::new(dlvbridge::scope::source::SourceIndex::default());
    let scopes = dlvbridge::scope::Scopes::new(sources).with_binary(Some(dwarf));
    let text = std::fs::read_to_string(&main_go).unwrap();
    let edits = [
        ("as built", text.clone()),
        (
            "Count made plain and n a string in the editor",
            text.replace("func Count[T any](xs []T) int {", "func Count(xs []int) int {")
                .replace("n := 0", "n := \"\""),
        ),
        ("xs renamed in the editor", text.replace("(xs []T)", "(items []T)").replace("range xs {", "range items {")),
    ];
    let mut problems = Vec::new();
    for (what, edited) in &edits {
        assert!(what.starts_with("as built") || *edited != text, "{what}: the fixture changed");
        let scope = scopes.at_in_text(&main_go, edited, count).expect("a scope").scope;
        for (i, name) in names.iter().enumerate() {
            let types: BTreeSet<String> = (0..2)
                .filter_map(|hit| match verdict(&said(hit, i)) {
                    Verdict::Ok { ty } => Some(ty.to_string()),
                    _ => None,
                })
                .collect();
            let ours = scope.local(name).map(|v| &v.ty);
            let agrees = match (types.len(), ours) {
                (1, Some(t)) => types.first() == Some(&t.to_string()),
                (2, Some(t)) => t.has_unknown(),
                _ => false,
            };
            if !agrees {
                problems.push(format!(
                    "{what}: `{name}`: Delve {types:?}, the scope {}",
                    ours.map_or("none".into(), |t| t.to_string())
                ));
            }
        }
        for (j, e) in exprs.iter().enumerate() {
            let verdicts: Vec<String> = (0..2).map(|hit| said(hit, names.len() + j)).collect();
            let evaluated = verdicts.iter().any(|v| matches!(verdict(v), Verdict::Ok { .. }));
            let rejected = expr::check(e, Role::Expression, &scope).has_errors();
            if evaluated == rejected {
                problems.push(format!("{what}: `{e}`: Delve {verdicts:?}, rejected here: {rejected}"));
            }
        }
    }
    let delve_deep = live.last().cloned().flatten().unwrap_or_default();
    let Verdict::Ok { ty } = verdict(&delve_deep) else { panic!("Delve cannot evaluate deep in Depth: {delve_deep}") };
    let ours = scopes.at(&main_go, depth).expect("a scope").scope.local("deep").map(|v| v.ty.to_string());
    if ours.as_deref() != Some(ty) {
        problems.push(format!("Depth: `deep`: Delve {ty}, the scope {ours:?}"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A line of C in a cgo preamble: Delve stops there, in the C function
/// (`C.scale`), and evaluates C's variables (`n > 2`). The sources and the
/// binary's scopes know only Go: the line may have code, and no scope is
/// given, so nothing written there is called wrong.
#[test]
fn cgo_preamble_lines_are_left_to_delve() {
    use support::corpus::{Case, FRAME, Location, Verdict, verdict};
    use support::delve_session::{Build, run_program_in};
    let dlv = support::require_dlv("cgo_preamble_lines_are_left_to_delve");
    let (dir, bin) = cgo_build();
    let line = 14;
    let asks: Vec<Case> = [FRAME, "n > 2", "doubled + n"]
        .into_iter()
        .map(|what| Case {
            line_index: 0,
            location: Location { file: "main.go".into(), line, hit: 1 },
            expr: what.to_string(),
            verdict: None,
        })
        .collect();
    let live = run_program_in(&dlv, &dir, Build::Debug, &asks).unwrap_or_else(|e| panic!("{e}"));
    let said: Vec<String> = live.into_iter().map(Option::unwrap_or_default).collect();
    assert_eq!(said[0], "ok C.scale", "Delve stops in the C function");
    for (what, v) in ["n > 2", "doubled + n"].iter().zip(&said[1..]) {
        assert!(matches!(verdict(v), Verdict::Ok { .. }), "Delve evaluates `{what}` in C: {v}");
    }
    let main_go = dir.join("main.go");
    let text = std::fs::read_to_string(&main_go).unwrap();
    assert_eq!(dlvbridge::scope::source::CodeLines::new(&text).no_code_reason(line), None);
    let dwarf = std::sync::Arc::new(DwarfScopes::open(&bin).expect("opens"));
    let sources = std::sync::Arc::new(dlvbridge::scope::source::SourceIndex::default());
    for scopes in [
        dlvbridge::scope::Scopes::new(sources.clone()),
        dlvbridge::scope::Scopes::new(sources).with_binary(Some(dwarf)),
    ] {
        match scopes.at(&main_go, line) {
            Ok(r) => panic!("a scope for C code: {:?}", r.scope.locals),
            Err(e) => assert!(e.to_string().contains("cgo preamble"), "{e}"),
        }
    }
}

/// Every file the line tables name, C's included (gcc writes their names
/// in `.debug_line_str`, Go inline), is what Delve lists for the same
/// build (`sources` in its terminal), no more and no fewer.
/// The program's packages are its Go units': a cgo build's C units (named
/// by their source files) are none of them.
#[test]
fn a_cgo_builds_c_units_are_no_packages() {
    let (dir, bin) = cgo_build();
    let binary = Binary::open(&bin).expect("opens");
    let c_units: Vec<String> = binary.units().iter().filter(|u| !u.is_go).map(|u| u.name.clone()).collect();
    assert!(!c_units.is_empty(), "no C unit in the cgo build");
    let scopes = DwarfScopes::new(binary);
    let s = scopes.scope_at(&dir.join("main.go"), 23).expect("a scope in main");
    let paths: Vec<&str> = s.scope.imports.heads().map(|(path, _)| path).collect();
    assert!(paths.contains(&"fmt"), "{paths:?}");
    let named_like_c: Vec<&String> = c_units.iter().filter(|c| s.scope.imports.contains_key(c)).collect();
    assert!(named_like_c.is_empty(), "C units taken for packages: {named_like_c:?}");
}

#[test]
fn a_cgo_builds_files_are_the_sources_delve_lists() {
    let dlv = support::require_dlv("a_cgo_builds_files_are_the_sources_delve_lists");
    let (_, bin) = cgo_build();
    let mut delve = std::process::Command::new(&dlv)
        .args(["exec", "--allow-non-terminal-interactive=true"])
        .arg(&bin)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start dlv");
    {
        use std::io::Write;
        let mut stdin = delve.stdin.take().expect("stdin");
        stdin.write_all(b"sources\nexit\n").expect("ask dlv");
    }
    // Its output read on threads of their own; a dlv that never ends is
    // killed at a deadline and fails the test.
    let drain = |mut from: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut all = Vec::new();
            let _ = from.read_to_end(&mut all);
            all
        })
    };
    let stdout = drain(Box::new(delve.stdout.take().expect("stdout")));
    let _stderr = drain(Box::new(delve.stderr.take().expect("stderr")));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while delve.try_wait().expect("dlv's status").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = delve.kill();
            let _ = delve.wait();
            panic!("dlv did not answer `sources` and exit within 120 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = stdout.join().expect("dlv's output");
    let text = String::from_utf8_lossy(&out);
    let listed: BTreeSet<String> = text
        .lines()
        .map(|l| l.trim_start_matches("(dlv) ").trim())
        .filter(|l| !l.is_empty() && !l.starts_with("Type 'help'") && !l.starts_with("(dlv)"))
        .map(str::to_string)
        .collect();
    let ours: BTreeSet<String> = Binary::open(&bin).expect("opens").all_files().iter().cloned().collect();
    assert!(listed.iter().any(|f| f.ends_with(".c")), "Delve lists no C file: {text}");
    assert_eq!(ours, listed, "ours (left) and Delve's (right)");
}

/// Types past the reader's bounds are unknown, never expanded without
/// end: nested 65 levels down (an anonymous array type of 70 levels is
/// read 65 deep, its innermost levels unknown), or of more than 20,000
/// nodes (a struct of 19,999 fields is read, one of 20,000 is not; bool
/// fields keep both on the stack, where their types are the variables'
/// own), counted through pointers, maps and funcs alike; the same depth
/// in a closure of a shape copy, whose captures keep their shape types.
/// An interface is one level deeper than it looks: Go refers to it
/// through a typedef without a kind, which points to the interface's own
/// entry, read as the typedef's underlying type (`any` 63 arrays down is
/// read, the underlying type's own depth bound at 64). The program is
/// written here, not kept: 20,000 fields a struct.
#[test]
fn types_past_the_bounds_are_unknown() {
    use dlvbridge::expr::types::Type;
    let dir = out_dir().join("bounds");
    std::fs::create_dir_all(&dir).expect("create the program directory");
    let fields = |n: usize| (0..n).map(|i| format!("F{i} bool")).collect::<Vec<_>>().join("; ");
    let main_go = format!(
        "package main\n\ntype Deep {}int\n\ntype DeepAny {}any\n\ntype Half = struct {{ {} }}\n\nfunc main() {{\n\tvar deep {}int\n\tvar named Deep\n\tvar wide struct {{ {} }}\n\tvar wider struct {{ {} }}\n\tvar deepAny DeepAny\n\tvar onePointer *Half\n\tvar viaPointers struct{{ A, B *Half }}\n\tvar viaMaps struct{{ A, B map[int]Half }}\n\tvar viaFuncs struct{{ A, B func(Half) }}\n\tprintln(len(deep), len(named), wide.F0, wider.F0, len(deepAny), onePointer == nil, viaPointers.A == nil, len(viaMaps.A), viaFuncs.A == nil, Shaped(1))\n}}\n\nfunc Shaped[T any](x T) int {{\n\tvar nest {}T\n\tcount := func() int {{\n\t\t_ = nest\n\t\treturn 0\n\t}}\n\treturn count()\n}}\n",
        "[1]".repeat(70),
        "[1]".repeat(63),
        fields(10_000),
        "[1]".repeat(70),
        fields(19_999),
        fields(20_000),
        "[1]".repeat(70)
    );
    std::fs::write(dir.join("go.mod"), "module example.com/bounds\n\ngo 1.21\n").expect("write go.mod");
    std::fs::write(dir.join("main.go"), main_go).expect("write main.go");
    let bin = dir.join("bounds");
    support::go_build_debug(&dir, &bin, &[]).unwrap_or_else(|e| panic!("{e}"));
    let scopes = DwarfScopes::open(&bin).expect("opens");
    let scope = scopes.scope_at(&dir.join("main.go"), 19).expect("a scope at the println").scope;
    let ty = |name: &str| scope.local(name).unwrap_or_else(|| panic!("{name}: {:?}", scope.locals)).ty.clone();
    let mut levels = 0;
    let mut t = ty("deep");
    while let Type::Array(Some(1), elem) = t {
        levels += 1;
        t = *elem;
    }
    assert_eq!((levels, t), (65, Type::Unknown));
    // A named type's underlying type is read as deep.
    assert_eq!(ty("named"), Type::named("main", "Deep"));
    let mut t = scope.types.get("main.Deep").expect("main.Deep").underlying.clone();
    let mut levels = 0;
    while let Type::Array(Some(1), elem) = t {
        levels += 1;
        t = *elem;
    }
    assert_eq!((levels, t), (65, Type::Unknown));
    // `any` 63 arrays down: its typedef read at depth 63, the interface's
    // own entry (its underlying type) at 64, the last depth read.
    assert_eq!(ty("deepAny"), Type::named("main", "DeepAny"));
    let mut t = scope.types.get("main.DeepAny").expect("main.DeepAny").underlying.clone();
    let mut levels = 0;
    while let Type::Array(Some(1), elem) = t {
        levels += 1;
        t = *elem;
    }
    assert_eq!((levels, t), (63, Type::Interface(Vec::new())));
    match ty("wide") {
        Type::Struct(fields) => assert_eq!(fields.len(), 19_999),
        other => panic!("wide: {other}"),
    }
    assert_eq!(ty("wider"), Type::Unknown);
    // Nodes are counted through pointers, maps and funcs alike: one
    // pointer to a struct of 10,000 fields is read, a struct of two is not
    // (20,005 nodes), nor one of two such maps or funcs.
    match ty("onePointer") {
        Type::Pointer(to) => match *to {
            Type::Struct(fields) => assert_eq!(fields.len(), 10_000),
            other => panic!("*onePointer: {other}"),
        },
        other => panic!("onePointer: {other}"),
    }
    for name in ["viaPointers", "viaMaps", "viaFuncs"] {
        assert!(ty(name) == Type::Unknown, "{name}: read in full");
    }
    // The same depth in a closure of a shape copy, whose captures keep
    // their shape types (`[1]…[1]go.shape.int`).
    let scope = scopes.scope_at(&dir.join("main.go"), 26).expect("a scope in the closure").scope;
    let mut t = scope.local("nest").unwrap_or_else(|| panic!("nest: {:?}", scope.locals)).ty.clone();
    let mut levels = 0;
    while let Type::Array(Some(1), elem) = t {
        levels += 1;
        t = *elem;
    }
    assert_eq!((levels, t), (65, Type::Unknown));
}
