//! Debug-info benchmarks on large real Go binaries: opening one (headers,
//! build info, compile-unit roots), the first scope (which reads every
//! line-table header and every unit's top level: the program's functions,
//! globals, constants and types), a warm scope, and path inference (what
//! the bridge does at launch: open, read every file of the line tables and
//! infer the rules; and the pure inference alone).
//!
//! The binaries are `$DLVBRIDGE_BENCH_BINARY` when set, else those of
//! `.tools/bin` that are present: `gopls` (42 MB, optimized;
//! `scripts/install-deps gopls`) and `hugo-debug` (125 MB, built with
//! `-gcflags=all=-N -l`; `scripts/install-deps hugo`), else `dlv`. A binary
//! that is absent is skipped with the reason printed.
//!
//! Before measuring, each binary's size, phases and peak memory are printed
//! from a fresh process (this bench run again as a child): wall time of
//! one cold open and of open + first scope, and the peak resident set size
//! (`VmHWM` of /proc/self/status) after each, and what is resident at the
//! end: anonymous memory (heap, stacks) and mapped files (this program's
//! code). With
//! `DLVBRIDGE_BENCH_COLD_ONLY=1` only those are printed (scripts/bench-compare).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::Criterion;
use dlvbridge::debuginfo::Binary;
use dlvbridge::scope::dwarf::DwarfScopes;

/// Set in the child process that reports one binary's cold figures.
const CHILD_ENV: &str = "DLVBRIDGE_BENCH_COLD";

fn bench_binaries() -> Vec<PathBuf> {
    if let Some(p) = std::env::var_os("DLVBRIDGE_BENCH_BINARY").filter(|p| !p.is_empty()) {
        return vec![PathBuf::from(p)];
    }
    let bin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".tools/bin");
    let mut found = Vec::new();
    for (name, how) in [("gopls", "scripts/install-deps gopls"), ("hugo-debug", "scripts/install-deps hugo")] {
        let p = bin.join(name);
        if p.is_file() {
            found.push(p);
        } else {
            eprintln!("debuginfo bench: skipping {name}: {} is absent (run {how})", p.display());
        }
    }
    if found.is_empty() && bin.join("dlv").is_file() {
        found.push(bin.join("dlv"));
    }
    found
}

/// A file and line of the main package where DWARF has a scope.
fn location(scopes: &DwarfScopes) -> Option<(PathBuf, u32)> {
    let bin = scopes.binary();
    for (i, u) in bin.units().iter().enumerate() {
        if u.name != "main" {
            continue;
        }
        for f in bin.unit_files(i) {
            if !f.ends_with(".go") {
                continue;
            }
            for line in 1..400 {
                if scopes.scope_at(Path::new(f), line).is_ok() {
                    return Some((PathBuf::from(f), line));
                }
            }
        }
    }
    None
}

fn peak_rss_kib() -> Option<u64> {
    status_kib("VmHWM:")
}

/// A field of /proc/self/status in KiB (`VmHWM:`, `RssAnon:`).
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
}

fn mib(kib: Option<u64>) -> String {
    kib.map(|k| (k / 1024).to_string()).unwrap_or_else(|| "?".into())
}

/// In the child: one cold open and first scope of `path`, printed.
fn cold(path: &Path, file: &Path, line: u32) {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let t = Instant::now();
    let bin = Binary::open(path).expect("the bench binary opens");
    let opened = t.elapsed();
    let rss_open = peak_rss_kib();
    let units = bin.units().len();
    let scopes = DwarfScopes::new(bin);
    let scoped = scopes.scope_at(file, line).is_ok();
    let first = t.elapsed();
    println!(
        "{}: {:.1} MB, {units} compile units; cold open {:.0} ms, open + first scope ({}:{line}{}) {:.0} ms; \
         peak RSS after open {} MiB, after the first scope {} MiB \
         (resident then: {} MiB of heap and stacks, {} MiB of mapped files)",
        path.display(),
        size as f64 / 1e6,
        opened.as_secs_f64() * 1e3,
        file.display(),
        if scoped { "" } else { ", NO SCOPE" },
        first.as_secs_f64() * 1e3,
        mib(rss_open),
        mib(peak_rss_kib()),
        mib(status_kib("RssAnon:")),
        mib(status_kib("RssFile:")),
    );
}

fn main() {
    if let Some(spec) = std::env::var_os(CHILD_ENV) {
        let spec = spec.to_string_lossy().into_owned();
        let mut parts = spec.splitn(3, '\n');
        let (Some(path), Some(line), Some(file)) = (parts.next(), parts.next(), parts.next()) else { return };
        cold(Path::new(path), Path::new(file), line.parse().unwrap_or(1));
        return;
    }
    let binaries = bench_binaries();
    if binaries.is_empty() {
        eprintln!(
            "debuginfo bench: no large Go binary (set DLVBRIDGE_BENCH_BINARY or run scripts/install-deps gopls hugo)"
        );
        return;
    }
    let mut c = Criterion::default().configure_from_args().sample_size(10).measurement_time(Duration::from_secs(8));
    for path in binaries {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let scopes = match DwarfScopes::open(&path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("debuginfo bench: skipping {}: {e}", path.display());
                continue;
            }
        };
        let Some((file, line)) = location(&scopes) else {
            eprintln!("debuginfo bench: skipping {}: no main-package line with a scope", path.display());
            continue;
        };
        // Cold figures and peak memory from a fresh process.
        if let Ok(exe) = std::env::current_exe() {
            let spec = format!("{}\n{line}\n{}", path.display(), file.display());
            let _ = std::process::Command::new(exe).env(CHILD_ENV, spec).status();
        }
        if std::env::var_os("DLVBRIDGE_BENCH_COLD_ONLY").is_some_and(|v| v == "1") {
            continue;
        }
        c.bench_function(&format!("debuginfo/{name}/open"), |b| {
            b.iter(|| black_box(Binary::open(&path).expect("opens")))
        });
        c.bench_function(&format!("debuginfo/{name}/open_and_first_scope"), |b| {
            b.iter(|| {
                let s = DwarfScopes::open(&path).expect("opens");
                black_box(s.scope_at(&file, line).expect("scope"))
            })
        });
        c.bench_function(&format!("debuginfo/{name}/warm_scope"), |b| {
            b.iter(|| black_box(scopes.scope_at(&file, line).expect("scope")))
        });
        // Path inference against this repository as the workspace (its
        // go.mod, GOROOT and module cache from `go env`, read once).
        let workspace = dlvbridge::workspace::gather(Path::new(env!("CARGO_MANIFEST_DIR")));
        c.bench_function(&format!("paths/{name}/open_and_infer"), |b| {
            b.iter(|| {
                let bin = Binary::open(&path).expect("opens");
                let facts = dlvbridge::workspace::binary_paths(&bin);
                black_box(dlvbridge::paths::infer::infer(&facts, &workspace))
            })
        });
        let facts = dlvbridge::workspace::binary_paths(scopes.binary());
        println!("{name}: {} files in the line tables", facts.files.len());
        c.bench_function(&format!("paths/{name}/infer"), |b| {
            b.iter(|| black_box(dlvbridge::paths::infer::infer(&facts, &workspace)))
        });
    }
    c.final_summary();
}
