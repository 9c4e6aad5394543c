//! Ground truth from real Delve.
//!
//! `tests/corpus/<name>.cases` lists Go expressions evaluated at a breakpoint of
//! the program in `tests/corpus/programs/<name>/`, each with the verdict real
//! `dlv dap` (v1.27.2) gave. Format, one case per line, tab-separated:
//!
//! ```text
//! FILE:LINE<TAB>EXPR<TAB>VERDICT
//! ```
//!
//! FILE is relative to the program directory. VERDICT is `ok <type>` (the
//! `type` of the evaluate response; just `ok` when Delve gives none) or
//! `error <message>` (Delve's error with the "Unable to evaluate expression: "
//! prefix removed, tabs and newlines turned into spaces). Lines starting with
//! `#` and blank lines are kept as they are. An empty or `?` verdict is a case
//! waiting to be recorded.
//!
//! Each expression is evaluated with `evaluate` (context `watch`) in frame 0 at
//! the FIRST stop at FILE:LINE, or at the N-th stop with `FILE:LINE#N` (the
//! same expression at two stops shows which failures depend on values). The
//! pseudo-expression `@frame` records `ok <function>`: the name `stackTrace`
//! gives frame 0 there (which instantiation of a generic function it is).
//!
//! - `UPDATE_CORPUS=1 cargo test --test delve_corpus` rewrites every verdict with
//!   what Delve says now.
//! - Otherwise every recorded verdict must equal what live Delve says.
//! - `CORPUS_ONLY=a,b` limits the run to those programs.
//! - Without dlv the test fails, saying to run scripts/install-deps.

mod support;

use support::corpus::{Case, all_cases, corpus_dir, corpus_programs, parse_cases, rewrite_cases};
use support::delve_session::run_program;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::time::Instant;

// ---------------------------------------------------------------------------
// Tests

/// The cases files parse, name existing files and lines, and every case is recorded.
/// Needs no Delve.
#[test]
fn corpus_files_are_well_formed() {
    let programs = corpus_programs();
    assert!(!programs.is_empty(), "no .cases files in {}", corpus_dir().display());
    let mut problems = Vec::new();
    for (name, path) in &programs {
        let file = match parse_cases(path) {
            Ok(f) => f,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let dir = support::corpus::program_dir(name);
        if !dir.join("go.mod").is_file() {
            problems.push(format!("{name}: missing {}", dir.join("go.mod").display()));
        }
        for case in all_cases(&file) {
            let src = dir.join(&case.location.file);
            match std::fs::read_to_string(&src) {
                Ok(text) => {
                    let n = text.lines().count() as u32;
                    if case.location.line == 0 || case.location.line > n {
                        problems.push(format!(
                            "{name}.cases:{}: {} has only {n} lines",
                            case.line_index + 1,
                            case.location
                        ));
                    }
                }
                Err(e) => problems.push(format!("{name}.cases:{}: {}: {e}", case.line_index + 1, src.display())),
            }
            if case.verdict.is_none() && std::env::var("UPDATE_CORPUS").as_deref() != Ok("1") {
                problems.push(format!(
                    "{name}.cases:{}: {} {:?} has no verdict; record it with UPDATE_CORPUS=1 cargo test --test delve_corpus",
                    case.line_index + 1,
                    case.location,
                    case.expr
                ));
            }
        }
    }
    assert!(problems.is_empty(), "corpus problems:\n{}", problems.join("\n"));
}

/// Every recorded verdict equals what real Delve says now
/// (or, with UPDATE_CORPUS=1, records what it says).
#[test]
fn delve_agrees_with_recorded_verdicts() {
    let dlv = support::require_dlv("delve_agrees_with_recorded_verdicts");
    let update = std::env::var("UPDATE_CORPUS").as_deref() == Ok("1");
    let programs = corpus_programs();
    assert!(!programs.is_empty(), "no .cases files in {}", corpus_dir().display());

    let mut failures: Vec<String> = Vec::new();
    let mut summary = String::new();
    for (name, path) in &programs {
        let file = match parse_cases(path) {
            Ok(f) => f,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        let started = Instant::now();
        let cases: Vec<Case> = all_cases(&file).cloned().collect();
        let live = match run_program(&dlv, name, &cases) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let mut never_hit: Vec<String> =
            cases.iter().zip(&live).filter(|(_, v)| v.is_none()).map(|(c, _)| c.location.to_string()).collect();
        never_hit.dedup();
        if !never_hit.is_empty() {
            failures.push(format!(
                "{name}: locations never hit before the program ended: {} (a stop line must run; pick a line with code)",
                never_hit.join(", ")
            ));
        }
        let ok = live.iter().flatten().filter(|v| v.starts_with("ok")).count();
        let evaluated = live.iter().flatten().count();
        let _ = writeln!(
            summary,
            "{name}: {} cases ({} ok, {} error) at {} locations in {:.1?}",
            evaluated,
            ok,
            evaluated - ok,
            cases.iter().map(|c| &c.location).collect::<BTreeSet<_>>().len(),
            started.elapsed()
        );
        if update {
            let changed =
                cases.iter().zip(&live).filter(|(c, v)| v.is_some() && c.verdict.as_deref() != v.as_deref()).count();
            let _ = writeln!(summary, "  {changed} verdicts changed in {}", path.display());
            let pending = cases.iter().any(|c| c.verdict.is_none());
            if (changed > 0 || pending)
                && let Err(e) = rewrite_cases(&file, &live)
            {
                failures.push(e);
            }
            continue;
        }
        for (case, got) in cases.iter().zip(&live) {
            let Some(got) = got else { continue };
            match &case.verdict {
                None => failures.push(format!(
                    "{name}.cases:{}: {}  {}\n    not recorded; Delve says: {got}",
                    case.line_index + 1,
                    case.location,
                    case.expr
                )),
                Some(want) if want != got => failures.push(format!(
                    "{name}.cases:{}: {}  {}\n    recorded: {want}\n    delve:    {got}",
                    case.line_index + 1,
                    case.location,
                    case.expr
                )),
                Some(_) => {}
            }
        }
    }
    eprint!("{summary}");
    assert!(
        failures.is_empty(),
        "{} corpus problem(s) against live Delve (re-record with UPDATE_CORPUS=1 only if Delve's behaviour really changed):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
