//! Differential test of the engine against live Delve, the counterpart of
//! tests/parser_differential.rs for the checker and completion.
//!
//! Each seed names a generated Go module (tests/support/differential/
//! program.rs): variables of every kind of Go type in `main` and in an
//! imported package, generic code instantiated with each GC-shape kind,
//! and a breakpoint line where they are all live. The module is built
//! with `-gcflags=all=-N -l` and run under real `dlv dap`; at every stop
//! the test asks Delve (`evaluate`, context `watch`) about expressions
//! made from what Delve lists there and from mutations of them
//! (differential/exprs.rs), and compares with the engine's `check` from
//! source and with the binary's debug info, and with `complete`:
//!
//! - FALSE ERROR: the engine says error, Delve evaluates (the worst);
//! - MISS: Delve rejects whatever the values, the engine accepts or warns;
//! - OFFERED, DELVE REJECTS / NOT OFFERED: completion against what Delve
//!   evaluates and lists.
//!
//! Failures that depend on values (nil, index, key: the corpus's
//! run-time errors) are not disagreements. Each new kind of disagreement
//! (its signature: class, sides, rule, kind, Delve's answer without names)
//! is written as a corpus case, in a program minimized to what the case
//! needs, with the verdict Delve gives there.
//!
//! - `cargo test --test differential`: three fixed programs (about three
//!   thousand expressions). It fails on a false error whose signature is
//!   not recorded in tests/corpus/pending/ or tests/corpus/ (recorded ones
//!   are known and awaiting an engine fix), and when the generated programs
//!   stop covering every kind.
//! - `DLVBRIDGE_FUZZ_SECONDS=N`: keeps generating programs from new seeds
//!   (from `DIFFERENTIAL_SEED`, default the clock) for N seconds, every
//!   expression at every stop (scripts/fuzz differential N).
//! - `DIFFERENTIAL_SEEDS=a,b`: those programs, every expression (to
//!   reproduce or record what a long run found).
//! - `DIFFERENTIAL_RECORD=1`: new cases go to tests/corpus/pending/;
//!   otherwise to target/tmp/differential/pending/.
//! - Every disagreement is written, one per line, to
//!   target/tmp/differential/disagreements-<first seed>.txt (or
//!   `DIFFERENTIAL_LOG`).

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use support::delve_session::Build;
use support::differential::program::{Kind, Selection, generate};
use support::differential::record::{is_known, known_signatures, record};
use support::differential::run::{
    Class, EngineScopes, Limits, ProgramRun, classify, engine_verdict, run_seed, work_dir,
};

/// The bounded run's programs: together they stop in generic code of
/// every GC-shape kind.
const SEEDS: &[u64] = &[1, 2, 3];

const BOUNDED: Limits = Limits { probes_per_stop: Some(90), offered_per_stop: Some(40) };
const LONG: Limits = Limits { probes_per_stop: None, offered_per_stop: None };

/// Every kind of value the bounded run must have had Delve evaluate.
const KINDS: &[Kind] = &[
    Kind::Int,
    Kind::Uint,
    Kind::Float,
    Kind::Complex,
    Kind::Bool,
    Kind::String,
    Kind::UnsafePointer,
    Kind::Pointer,
    Kind::Slice,
    Kind::Array,
    Kind::Map,
    Kind::Chan,
    Kind::Func,
    Kind::Interface,
    Kind::Struct,
];

/// GC shapes of generic frames the bounded run must stop in (the
/// function names Delve gives: `main.Keep[go.shape.*uint8]`).
const SHAPES: &[(&str, &str)] = &[
    ("pointer", "go.shape.*uint8"),
    ("struct", "go.shape.struct {"),
    ("interface", "go.shape.interface {"),
    ("basic", "go.shape.int"),
];

#[derive(Default)]
struct Totals {
    programs: usize,
    stops: usize,
    expressions: usize,
    ok: usize,
    runtime: usize,
    statics: usize,
    completion_items: usize,
    listed: usize,
    ok_kinds: BTreeSet<Kind>,
    frames: BTreeSet<String>,
    by_class: BTreeMap<(Class, String), usize>,
    /// Signature → (count, first example).
    by_signature: BTreeMap<String, (usize, String)>,
    /// Signature → first example, of every false error.
    false_errors: BTreeMap<String, String>,
    fallbacks: usize,
    failures: Vec<String>,
    cases_written: Vec<String>,
    signatures_written: BTreeSet<String>,
    not_reproduced: Vec<String>,
}

impl Totals {
    fn add(&mut self, run: &ProgramRun, log: &mut std::fs::File) {
        self.programs += 1;
        self.stops += run.stops;
        self.expressions += run.expressions;
        self.ok += run.delve_ok;
        self.runtime += run.delve_runtime;
        self.statics += run.delve_static;
        self.completion_items += run.completion_items;
        self.listed += run.listed_checked;
        self.ok_kinds.extend(run.ok_kinds.iter().copied());
        self.frames.extend(run.frames.iter().cloned());
        self.fallbacks += run.binary_fallbacks.len();
        for d in &run.disagreements {
            let _ = writeln!(log, "{d}");
            let sides: Vec<String> = d.sides.iter().map(ToString::to_string).collect();
            *self.by_class.entry((d.class, sides.join("+"))).or_default() += 1;
            let sig = d.signature();
            let entry = self.by_signature.entry(sig.clone()).or_insert_with(|| (0, d.to_string()));
            entry.0 += 1;
            if d.class == Class::FalseError {
                self.false_errors.entry(sig).or_insert_with(|| d.to_string());
            }
        }
    }

    fn summary(&self, elapsed: Duration) -> String {
        let mut s = format!(
            "differential: {} programs, {} stops, {} expressions asked in {:.0?} ({} ok, {} run-time failures, \
             {} static rejections); {} completion items evaluated, {} listed variables and members looked for; \
             {} stops where the binary did not answer\n",
            self.programs,
            self.stops,
            self.expressions,
            elapsed,
            self.ok,
            self.runtime,
            self.statics,
            self.completion_items,
            self.listed,
            self.fallbacks
        );
        for ((class, sides), n) in &self.by_class {
            s.push_str(&format!("  {class} ({sides}): {n}\n"));
        }
        s.push_str(&format!("{} signatures:\n", self.by_signature.len()));
        for (sig, (n, example)) in &self.by_signature {
            s.push_str(&format!("  {n:5}  {sig}\n         e.g. {example}\n"));
        }
        s
    }
}

fn pending_dir(recording: bool) -> PathBuf {
    if recording { support::corpus::corpus_dir().join("pending") } else { work_dir("pending") }
}

#[test]
fn engine_agrees_with_live_delve_on_generated_programs() {
    let Some(dlv) = support::require_dlv("engine_agrees_with_live_delve_on_generated_programs") else {
        return;
    };
    let budget = std::env::var("DLVBRIDGE_FUZZ_SECONDS").ok().and_then(|s| s.parse::<u64>().ok());
    let deadline = budget.map(|s| Instant::now() + Duration::from_secs(s));
    // The programs: those listed, or new ones until the deadline, or the bounded run's.
    let listed: Option<Vec<u64>> = std::env::var("DIFFERENTIAL_SEEDS")
        .ok()
        .map(|s| s.split(',').map(|x| x.trim().parse::<u64>().expect("DIFFERENTIAL_SEEDS: numbers")).collect());
    let first_seed = std::env::var("DIFFERENTIAL_SEED").ok().and_then(|s| s.parse::<u64>().ok());
    let first_seed = match (&listed, first_seed, budget) {
        (Some(seeds), _, _) => seeds[0],
        (None, Some(seed), _) => seed,
        (None, None, Some(_)) => {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(7)
        }
        (None, None, None) => SEEDS[0],
    };
    let mut seeds: Box<dyn Iterator<Item = u64>> = match (listed.clone(), deadline) {
        (Some(seeds), _) => Box::new(seeds.into_iter()),
        (None, Some(_)) => Box::new(first_seed..),
        (None, None) => Box::new(SEEDS.iter().copied()),
    };
    let long = budget.is_some() || listed.is_some();
    let limits = if long { LONG } else { BOUNDED };
    let work = work_dir(&format!("run-{first_seed}"));
    let recording = std::env::var("DIFFERENTIAL_RECORD").as_deref() == Ok("1");
    let pending = pending_dir(recording);
    let log_path = std::env::var_os("DIFFERENTIAL_LOG")
        .map(PathBuf::from)
        .unwrap_or_else(|| work_dir("").join(format!("disagreements-{first_seed}.txt")));
    let mut log = std::fs::File::create(&log_path).unwrap_or_else(|e| panic!("{}: {e}", log_path.display()));
    let corpus = support::corpus::corpus_dir();
    let mut known = known_signatures(&[corpus.clone(), corpus.join("pending")]);
    let mut seen = known_signatures(&[corpus.clone(), corpus.join("pending"), pending.clone()]);

    let started = Instant::now();
    let mut totals = Totals::default();
    loop {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        let Some(seed) = seeds.next() else { break };
        match run_seed(&dlv, seed, limits, &work) {
            Ok((program, run)) => {
                totals.add(&run, &mut log);
                match record(&dlv, &program, &run.disagreements, &mut seen, &pending) {
                    Ok(r) => {
                        for (case, sig) in r.cases {
                            totals.cases_written.push(case);
                            totals.signatures_written.insert(sig);
                        }
                        totals.not_reproduced.extend(r.not_reproduced);
                    }
                    Err(e) => {
                        eprintln!("differential: seed {seed}: recording failed: {e}");
                        totals.failures.push(format!("seed {seed}: recording: {e}"));
                    }
                }
                let name = support::differential::run::program_name(seed);
                let _ = std::fs::remove_dir_all(work.join(&name));
                let _ = std::fs::remove_file(work.join(format!("{name}.bin")));
            }
            Err(e) => {
                eprintln!("differential: {e}");
                totals.failures.push(e);
            }
        }
        if long {
            eprintln!(
                "differential: seed {seed} done; {} programs, {} expressions, {} disagreements, {} cases written",
                totals.programs,
                totals.expressions,
                totals.by_signature.values().map(|(n, _)| n).sum::<usize>(),
                totals.cases_written.len()
            );
        }
    }
    let elapsed = started.elapsed();
    println!("{}", totals.summary(elapsed));
    println!("every disagreement: {}", log_path.display());
    println!("{} new cases written to {}:", totals.cases_written.len(), pending.display());
    for c in &totals.cases_written {
        println!("  {c}");
    }
    for n in &totals.not_reproduced {
        println!("not reproduced in a written program: {n}");
    }

    let mut problems = totals.failures.clone();
    if !long {
        // The generator still covers what it is for.
        let missing: Vec<&str> = KINDS.iter().filter(|k| !totals.ok_kinds.contains(k)).map(|k| k.name()).collect();
        if !missing.is_empty() {
            problems.push(format!("no expression of these kinds evaluated in Delve: {}", missing.join(", ")));
        }
        for (what, shape) in SHAPES {
            if !totals.frames.iter().any(|f| f.contains(shape)) {
                problems.push(format!("no stop in generic code instantiated with a {what} shape ({shape})"));
            }
        }
        if totals.ok < 1000 || totals.statics < 500 {
            problems.push(format!(
                "too few verdicts: {} ok and {} static rejections from Delve",
                totals.ok, totals.statics
            ));
        }
    }
    if recording {
        known.extend(totals.signatures_written.iter().cloned());
    }
    for (sig, example) in totals.false_errors.iter().filter(|(sig, _)| !is_known(&known, sig)) {
        problems.push(format!(
            "false error not recorded yet (DIFFERENTIAL_RECORD=1 cargo test --test differential stages it in \
             tests/corpus/pending):\n    {sig}\n    {example}"
        ));
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// Minimized programs (a subset of the declarations, as recorded cases
/// keep) still build: every other local of every stop (both halves), with
/// what they need, and no globals. Needs only `go`.
#[test]
fn minimized_programs_build() {
    let work = work_dir("minimized");
    let mut failures = Vec::new();
    for (&seed, skip) in SEEDS.iter().flat_map(|s| [(s, 0), (s, 1)]) {
        let program = generate(seed);
        let mut sel = Selection { items: Some(BTreeSet::new()), locals: BTreeMap::new() };
        for (i, _) in program.items.iter().enumerate() {
            let Some(stop) = program.stop(i) else { continue };
            sel.items.as_mut().expect("a subset").insert(i);
            let kept = stop.locals.iter().skip(skip).step_by(2).map(|l| l.var.name.clone()).collect();
            sel.locals.insert(i, kept);
        }
        let dir = work.join(format!("seed{seed}-{skip}"));
        let rendered =
            support::differential::run::build(&program, &sel, &dir, &work.join(format!("seed{seed}-{skip}.bin")));
        match rendered {
            Ok(r) => {
                let full = program.render(&Selection::default());
                assert!(r.stops.len() == full.stops.len(), "seed {seed}: a minimized program lost a stop");
                let lines = |r: &support::differential::program::Rendered| -> usize {
                    r.files.iter().map(|(_, t)| t.lines().count()).sum()
                };
                assert!(lines(&r) < lines(&full), "seed {seed}: the minimized program is not smaller");
            }
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The staged cases (tests/corpus/pending) are what Delve says now, as
/// tests/delve_corpus.rs holds the corpus to; and each still shows the
/// disagreement it was recorded for, or is reported as ready to move into
/// the corpus.
#[test]
fn pending_cases_are_what_delve_says() {
    let Some(dlv) = support::require_dlv("pending_cases_are_what_delve_says") else {
        return;
    };
    let dir = support::corpus::corpus_dir().join("pending");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "cases")).collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut problems = Vec::new();
    let (mut checked, mut agreeing) = (0, Vec::new());
    for path in &files {
        let file = match support::corpus::parse_cases(path) {
            Ok(f) => f,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let name = path.file_stem().expect("a file name").to_string_lossy().into_owned();
        let program_dir = dir.join("programs").join(&name);
        let cases: Vec<_> = support::corpus::all_cases(&file).cloned().collect();
        let live = match support::delve_session::run_program_in(&dlv, &program_dir, Build::Debug, &cases) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };
        for (case, got) in cases.iter().zip(&live) {
            checked += 1;
            match (got, &case.verdict) {
                (None, _) => problems.push(format!(
                    "{name}.cases:{}: {} never stopped there",
                    case.line_index + 1,
                    case.location
                )),
                (Some(got), Some(want)) if got != want => problems.push(format!(
                    "{name}.cases:{}: {}  {}\n    recorded: {want}\n    delve:    {got}",
                    case.line_index + 1,
                    case.location,
                    case.expr
                )),
                _ => {}
            }
        }
        // Which cases the engine now agrees on (ready for tests/corpus).
        let tmp = support::TempDir::new("pending");
        let binary = tmp.path().join("prog");
        if let Err(e) = support::go_build_debug(&program_dir, &binary, &[]) {
            problems.push(e);
            continue;
        }
        let scopes = match EngineScopes::new(&binary) {
            Ok(s) => s,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let program_dir = program_dir.canonicalize().expect("the program directory exists");
        for case in &file.cases {
            let (Some(delve), Some(frame)) = (&case.verdict, file.frame_at(&case.location)) else { continue };
            // Completion findings are judged against live Delve only.
            let sig = case.line_index.checked_sub(1).and_then(|i| file.lines[i].strip_prefix("# sig: "));
            if !sig.is_some_and(|s| s.starts_with("FALSE ERROR|") || s.starts_with("MISS|")) {
                continue;
            }
            let at = scopes.at(&program_dir.join(&case.location.file), case.location.line, frame);
            let Ok((source, binary, _)) = at else { continue };
            let sides = [&source, &binary].map(|scope| classify(delve, &engine_verdict(&case.expr, scope, delve)));
            if sides.iter().all(Option::is_none) {
                agreeing.push(format!("{name} {} {:?}", case.location, case.expr));
            }
        }
    }
    println!("pending: {} files, {checked} cases and stop facts re-asked to Delve", files.len());
    for a in &agreeing {
        println!("the engine now agrees (move to tests/corpus): {a}");
    }
    assert!(problems.is_empty(), "{} problems with the staged cases:\n{}", problems.len(), problems.join("\n"));
}
