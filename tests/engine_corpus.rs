//! The engine against Delve's recorded verdicts (tests/corpus, recorded and
//! re-derived from real dlv by tests/delve_corpus.rs), with scopes from
//! source alone:
//!
//! - zero false errors: no error where Delve evaluated the expression, nor
//!   where Delve's failure depended on run-time values;
//! - at least 90 % of Delve's static rejections caught;
//! - as conditions: no error on what Delve evaluated to a bool.
//!
//! It also checks that completion and checking agree: every value item
//! offered at a corpus location (and every field offered after `item.`)
//! passes `check` there; and that a scope answered before the imported
//! packages are loaded (the LSP's first answers) only loses errors.

mod support;

use std::collections::BTreeMap;

use dlvbridge::expr::scope::ScopeAt;
use dlvbridge::expr::{self, Role};
use dlvbridge::scope::source::SourceIndex;
use support::corpus::{
    CasesFile, Location, Verdict, check_offered_items, corpus_programs, is_runtime_error, parse_cases, program_dir,
    scopes_at_stops, verdict, whole_corpus,
};

/// The share of Delve's static rejections the engine must catch from source.
const MIN_STATIC_CATCH_RATE: f64 = 0.90;

struct Tally {
    ok: usize,
    runtime: usize,
    statics: usize,
    caught: usize,
    false_errors: Vec<String>,
    runtime_errors: Vec<String>,
    missed: Vec<String>,
    condition_false_errors: Vec<String>,
}

fn scopes_for(index: &SourceIndex, program: &str, file: &CasesFile) -> BTreeMap<Location, ScopeAt> {
    let dir = program_dir(program);
    scopes_at_stops(file, |f, line| {
        index.scope_at(&dir.join(f), line).unwrap_or_else(|e| panic!("{program}/{f}:{line}: no scope: {e}"))
    })
}

/// Ratchets at the achieved values: one rejection lost from source, or one
/// completion item no longer offered, fails the suite; lower or raise them
/// whenever the engine improves (the test prints them).
// Two of the misses, at `Wrap[Level].func1` in `shapes`, are on a capture
// of a generic type over the type parameter, which the sources leave
// unknown in a closure of generic code (the debug info types it as Delve
// does).
const MAX_MISSED_FROM_SOURCE: usize = 45;
const MIN_OFFERED_FROM_SOURCE: usize = 25538;

#[test]
fn engine_agrees_with_delve_on_the_corpus() {
    let index = SourceIndex::default();
    let mut t = Tally {
        ok: 0,
        runtime: 0,
        statics: 0,
        caught: 0,
        false_errors: vec![],
        runtime_errors: vec![],
        missed: vec![],
        condition_false_errors: vec![],
    };
    let programs = corpus_programs();
    assert!(!programs.is_empty(), "the corpus is empty");
    for (program, path) in &programs {
        let file = parse_cases(path).unwrap_or_else(|e| panic!("{e}"));
        let scopes = scopes_for(&index, program, &file);
        let value_dependent = file.value_dependent_errors();
        for (i, case) in file.cases.iter().enumerate() {
            let Some(v) = &case.verdict else {
                panic!("{program}: {} {:?} has no recorded verdict", case.location, case.expr)
            };
            let scope = &scopes[&case.location];
            let checked = expr::check(&case.expr, Role::Expression, scope);
            let ours: Vec<String> =
                checked.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.message.clone()).collect();
            let label = format!("{program}/{} {:?}", case.location, case.expr);
            match verdict(v) {
                Verdict::Ok { ty } => {
                    t.ok += 1;
                    if !ours.is_empty() {
                        t.false_errors.push(format!("{label}: Delve says ok ({ty}), we say {ours:?}"));
                    }
                    if ty == "bool" {
                        let as_condition = expr::check(&case.expr, Role::Condition, scope);
                        if as_condition.has_errors() {
                            t.condition_false_errors.push(format!("{label}: {:?}", as_condition.diagnostics));
                        }
                    }
                }
                Verdict::Error { message } if is_runtime_error(message) || value_dependent.contains(&i) => {
                    t.runtime += 1;
                    if !ours.is_empty() {
                        t.runtime_errors
                            .push(format!("{label}: Delve failed at run time ({message}), we say {ours:?}"));
                    }
                }
                Verdict::Error { message } => {
                    t.statics += 1;
                    if ours.is_empty() {
                        t.missed.push(format!("{label}: Delve: {message}"));
                    } else {
                        t.caught += 1;
                    }
                }
            }
        }
    }
    let rate = t.caught as f64 / t.statics.max(1) as f64;
    println!(
        "corpus: {} cases — {} ok, {} run-time failures, {} static rejections; caught {} ({:.1} %); false errors {}",
        t.ok + t.runtime + t.statics,
        t.ok,
        t.runtime,
        t.statics,
        t.caught,
        rate * 100.0,
        t.false_errors.len() + t.condition_false_errors.len()
    );
    for m in &t.missed {
        println!("missed: {m}");
    }
    let mut problems = Vec::new();
    problems.extend(t.false_errors.iter().map(|s| format!("false error: {s}")));
    // Delve rejected these at this stop; an error from us is not false
    // here, and each is one that fails at every stop (constant index out of
    // an array's range, division by a constant zero, a key of the wrong type).
    for e in &t.runtime_errors {
        println!("certain failure: {e}");
    }
    problems.extend(t.condition_false_errors.iter().map(|s| format!("false error as a condition: {s}")));
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    assert!(
        t.missed.len() <= MAX_MISSED_FROM_SOURCE,
        "{} static rejections missed from source, at most {MAX_MISSED_FROM_SOURCE} were:\n{}",
        t.missed.len(),
        t.missed.join("\n")
    );
    assert!(
        !whole_corpus() || rate >= MIN_STATIC_CATCH_RATE,
        "caught {:.1} % of Delve's static rejections, need {:.0} %; missed:\n{}",
        rate * 100.0,
        MIN_STATIC_CATCH_RATE * 100.0,
        t.missed.join("\n")
    );
}

/// What completion offers at a location, `check` accepts there: every value
/// item, and every field offered after `item.` (two levels deep).
#[test]
fn completions_pass_check_at_every_corpus_location() {
    let index = SourceIndex::default();
    let mut offered = 0;
    let mut rejected = Vec::new();
    for (program, path) in corpus_programs() {
        let file = parse_cases(&path).unwrap_or_else(|e| panic!("{e}"));
        for (loc, scope) in &scopes_for(&index, &program, &file) {
            let (n, bad) = check_offered_items(scope, &format!("{program}/{loc}"), &|_| true);
            offered += n;
            rejected.extend(bad);
        }
    }
    println!("completion items offered and checked: {offered}");
    assert!(
        !whole_corpus() || offered >= MIN_OFFERED_FROM_SOURCE,
        "completion offered only {offered} items over the corpus"
    );
    assert!(rejected.is_empty(), "{} offered items fail check:\n{}", rejected.len(), rejected.join("\n"));
}

/// A scope answered while the imported packages are still loading (what
/// the LSP completes from first) may only lose errors: wherever it reports
/// one, so does the full scope, at every case of the corpus, as an
/// expression and as a condition; and what completion offers from it,
/// `check` accepts there.
#[test]
fn scopes_before_the_imports_load_only_lose_errors() {
    let full = SourceIndex::default();
    let mut compared = 0;
    let mut lost = 0;
    let mut with_pending = 0;
    let mut added = Vec::new();
    let mut rejected = Vec::new();
    for (program, path) in corpus_programs() {
        let file = parse_cases(&path).unwrap_or_else(|e| panic!("{e}"));
        let dir = program_dir(&program);
        let full_scopes = scopes_for(&full, &program, &file);
        // Nothing ever loads this index's imports.
        let early = SourceIndex::default();
        let mut pending_here = false;
        let early_scopes = scopes_at_stops(&file, |f, line| {
            let e = early.scope_early(&dir.join(f), None, line).unwrap_or_else(|e| panic!("{program}/{f}:{line}: {e}"));
            pending_here |= !e.pending.is_empty();
            assert!(!e.loading, "{program}/{f}:{line}: nothing loads this index's imports");
            e.scope
        });
        with_pending += usize::from(pending_here);
        for case in &file.cases {
            for role in [Role::Expression, Role::Condition] {
                let errors = |scope: &ScopeAt| -> Vec<String> {
                    let checked = expr::check(&case.expr, role, scope);
                    checked.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.message.clone()).collect()
                };
                let (before, after) = (errors(&early_scopes[&case.location]), errors(&full_scopes[&case.location]));
                compared += 1;
                if !before.is_empty() && after.is_empty() {
                    added.push(format!("{program}/{} {:?} as {role:?}: {before:?}", case.location, case.expr));
                } else if before.is_empty() && !after.is_empty() {
                    lost += 1;
                }
            }
        }
        for (loc, scope) in &early_scopes {
            let (_, bad) = check_offered_items(scope, &format!("{program}/{loc} (imports loading)"), &|_| true);
            rejected.extend(bad);
        }
    }
    println!("before the imports load: {compared} checks compared, {lost} errors not yet seen");
    assert!(!whole_corpus() || with_pending >= 5, "only {with_pending} corpus programs had imports left to load");
    assert!(added.is_empty(), "{} errors only before the imports load:\n{}", added.len(), added.join("\n"));
    assert!(rejected.is_empty(), "{} offered items fail check:\n{}", rejected.len(), rejected.join("\n"));
}
