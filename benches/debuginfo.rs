//! Debug-info benchmarks on a large real Go binary: opening it (headers,
//! build info, compile-unit roots), the first scope (which reads every
//! package's globals, constants and types once) and a warm scope.
//!
//! The binary is `$DLVBRIDGE_BENCH_BINARY`, else `.tools/bin/gopls`, else
//! `.tools/bin/dlv` (scripts/install-deps builds both). Before measuring it
//! prints the binary's size, one cold run's phases and the peak resident
//! memory of a process that only opened it and answered one scope.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::Criterion;
use dlvbridge::debuginfo::Binary;
use dlvbridge::scope::dwarf::DwarfScopes;

fn bench_binary() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DLVBRIDGE_BENCH_BINARY").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    ["gopls", "dlv"].iter().map(|b| root.join(".tools/bin").join(b)).find(|p| p.is_file())
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
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
}

fn main() {
    let Some(path) = bench_binary() else {
        eprintln!("debuginfo bench: no large Go binary (set DLVBRIDGE_BENCH_BINARY or run scripts/install-deps)");
        return;
    };
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let t = Instant::now();
    let bin = Binary::open(&path).expect("the bench binary opens");
    let opened = t.elapsed();
    let rss_open = peak_rss_kib();
    let units = bin.units().len();
    let scopes = DwarfScopes::new(bin);
    let Some((file, line)) = location(&scopes) else {
        eprintln!("debuginfo bench: no main-package line with a scope in {}", path.display());
        return;
    };
    let first = t.elapsed();
    println!(
        "{}: {:.1} MB, {units} compile units; open {:.0} ms, open + first scope ({}:{line}) {:.0} ms; \
         peak RSS after open {} MB, after the first scope {} MB",
        path.display(),
        size as f64 / 1e6,
        opened.as_secs_f64() * 1e3,
        file.display(),
        first.as_secs_f64() * 1e3,
        rss_open.map(|k| (k / 1024).to_string()).unwrap_or_else(|| "?".into()),
        peak_rss_kib().map(|k| (k / 1024).to_string()).unwrap_or_else(|| "?".into())
    );

    let mut c = Criterion::default().configure_from_args().sample_size(10).measurement_time(Duration::from_secs(8));
    c.bench_function("debuginfo/open", |b| b.iter(|| black_box(Binary::open(&path).expect("opens"))));
    c.bench_function("debuginfo/open_and_first_scope", |b| {
        b.iter(|| {
            let s = DwarfScopes::open(&path).expect("opens");
            black_box(s.scope_at(&file, line).expect("scope"))
        })
    });
    c.bench_function("debuginfo/warm_scope", |b| b.iter(|| black_box(scopes.scope_at(&file, line).expect("scope"))));
    c.final_summary();
}
