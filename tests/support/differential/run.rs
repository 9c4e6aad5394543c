//! One generated program against live Delve: build it, stop at every
//! generated line, ask Delve and the engine (from source and from the
//! binary) about each expression and about completion, and classify where
//! they disagree.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use dlvbridge::expr::scope::ScopeAt;
use dlvbridge::expr::{self, ItemKind, TextKind};
use dlvbridge::scope::dwarf::DwarfScopes;
use dlvbridge::scope::source::SourceIndex;
use dlvbridge::scope::{Origin, Scopes};

use super::exprs::{Listed, Probe, StopContext, delve_kind, probes};
use super::program::{Kind, Program, Rendered, Selection, generate};
use super::rng::Rng;
use crate::support::corpus::{Location, Verdict, is_runtime_error, offered_values, verdict};
use crate::support::delve_session::{LiveSession, Stop};

/// Budget for one program's debug session (build excluded).
const SESSION_BUDGET: Duration = Duration::from_secs(240);

/// How much to ask at each stop.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Expressions per stop (sampled across rules); `None`: all.
    pub probes_per_stop: Option<usize>,
    /// Completion items evaluated per stop and side; `None`: all.
    pub offered_per_stop: Option<usize>,
}

/// Which scope the engine judged with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    Source,
    Binary,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Source => "source",
            Side::Binary => "binary",
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// The engine calls an error what Delve evaluates: the worst.
    FalseError,
    /// Delve rejects it whatever the values; the engine accepts or warns.
    Miss,
    /// Completion offers it; Delve rejects it whatever the values.
    OfferedRejected,
    /// Delve lists the variable or member; completion does not offer it.
    NotOffered,
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Class::FalseError => "FALSE ERROR",
            Class::Miss => "MISS",
            Class::OfferedRejected => "OFFERED, DELVE REJECTS",
            Class::NotOffered => "NOT OFFERED",
        })
    }
}

/// The engine's verdict on one expression.
#[derive(Clone, Debug, Default)]
pub struct EngineVerdict {
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

impl fmt::Display for EngineVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(e) = self.errors.first() {
            write!(f, "error: {e}")
        } else if let Some(w) = self.warnings.first() {
            write!(f, "warning: {w}")
        } else {
            f.write_str("ok")
        }
    }
}

/// One expression (or completion fact) where Delve and the engine differ.
#[derive(Clone, Debug)]
pub struct Disagreement {
    pub class: Class,
    pub sides: Vec<Side>,
    pub seed: u64,
    /// The stop, in the generated program.
    pub location: Location,
    /// The function Delve stopped in.
    pub function: String,
    /// The stop item of the program (for minimization).
    pub stop_item: usize,
    pub expr: String,
    pub rule: &'static str,
    pub kind: Option<Kind>,
    /// Delve's verdict (`ok T` / `error …`).
    pub delve: String,
    pub source: EngineVerdict,
    pub binary: EngineVerdict,
}

impl Disagreement {
    /// What makes two disagreements the same finding (one corpus case
    /// each): class, sides, the rule that generated the expression,
    /// whether the stop is generic code, and for completion findings
    /// Delve's answer with the expression's names taken out.
    pub fn signature(&self) -> String {
        let sides: Vec<String> = self.sides.iter().map(Side::to_string).collect();
        let generic = if self.function.contains('[') { "generic" } else { "plain" };
        let delve = match self.class {
            Class::FalseError => "ok".to_string(),
            Class::Miss => "error".to_string(),
            Class::OfferedRejected | Class::NotOffered => normalize(&self.delve, &self.expr),
        };
        format!("{}|{}|{}|{generic}|{delve}", self.class, sides.join("+"), self.rule)
    }
}

impl fmt::Display for Disagreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sides: Vec<String> = self.sides.iter().map(Side::to_string).collect();
        write!(
            f,
            "{} ({}) seed {} {} [{}] {:?} (rule {}, {}): Delve: {}; source: {}; binary: {}",
            self.class,
            sides.join(", "),
            self.seed,
            self.location,
            self.function,
            self.expr,
            self.rule,
            self.kind.map(Kind::name).unwrap_or("-"),
            self.delve,
            self.source,
            self.binary
        )
    }
}

/// Delve's answer without the names the expression used, so that the
/// same failure about different variables compares equal.
pub fn normalize(delve: &str, expr: &str) -> String {
    match verdict(delve) {
        Verdict::Ok { .. } => "ok".to_string(),
        Verdict::Error { message } => {
            let names: BTreeSet<&str> =
                expr.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|s| !s.is_empty()).collect();
            let words: Vec<String> = message
                .split_whitespace()
                .take(8)
                .map(|w| {
                    let bare = w.trim_matches(|c: char| !(c.is_alphanumeric() || c == '_'));
                    let has_digit = bare.chars().any(|c| c.is_ascii_digit());
                    if names.contains(bare) || has_digit || w.contains(['.', '"', '*', '[', '(']) {
                        "_".to_string()
                    } else {
                        w.to_string()
                    }
                })
                .collect();
            format!("error {}", words.join(" "))
        }
    }
}

/// What one program gave.
#[derive(Debug, Default)]
pub struct ProgramRun {
    pub seed: u64,
    pub stops: usize,
    /// Expressions asked (generated ones and completion items).
    pub expressions: usize,
    pub delve_ok: usize,
    pub delve_runtime: usize,
    pub delve_static: usize,
    pub completion_items: usize,
    pub listed_checked: usize,
    /// Kinds of the generated expressions Delve evaluated.
    pub ok_kinds: BTreeSet<Kind>,
    /// The functions Delve stopped in.
    pub frames: Vec<String>,
    pub disagreements: Vec<Disagreement>,
    /// Stops where the binary did not answer and the sources did.
    pub binary_fallbacks: Vec<String>,
}

/// The engine's scopes for one program, from source and from its binary.
pub struct EngineScopes {
    source: Scopes,
    binary: Scopes,
}

impl EngineScopes {
    pub fn new(binary: &Path) -> Result<EngineScopes, String> {
        let index = Arc::new(SourceIndex::default());
        let dwarf = DwarfScopes::open(binary).map_err(|e| format!("{}: {e}", binary.display()))?;
        Ok(EngineScopes {
            source: Scopes::new(index.clone()),
            binary: Scopes::new(index).with_binary(Some(Arc::new(dwarf))),
        })
    }

    /// The scope each side gives in the frame Delve stopped in, and why
    /// the binary did not answer when it did not.
    pub fn at(&self, file: &Path, line: u32, function: &str) -> Result<(ScopeAt, ScopeAt, Option<String>), String> {
        let source = self.source.in_frame(file, line, function).map_err(|e| format!("source scope: {e}"))?;
        let binary = self.binary.in_frame(file, line, function).map_err(|e| format!("binary scope: {e}"))?;
        let fallback = match binary.origin {
            Origin::Source { binary_unused } => Some(binary_unused.unwrap_or_default()),
            Origin::Binary { .. } => None,
        };
        Ok((source.scope, binary.scope, fallback))
    }
}

/// The engine's verdict on `text` at `scope`; as a condition too when
/// Delve's value is a bool (what a breakpoint condition needs).
pub fn engine_verdict(text: &str, scope: &ScopeAt, delve: &str) -> EngineVerdict {
    let mut v = EngineVerdict::default();
    let mut take = |checked: expr::Checked| {
        for d in checked.diagnostics {
            let list = if d.is_error() { &mut v.errors } else { &mut v.warnings };
            if !list.contains(&d.message) {
                list.push(d.message);
            }
        }
    };
    take(expr::check_text(text, TextKind::Expression, scope));
    if delve == "ok bool" {
        take(expr::check_text(text, TextKind::Condition, scope));
    }
    v
}

/// How Delve's verdict counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DelveSays {
    Ok,
    /// An error that depends on the values at the stop (nil, index, key).
    RuntimeError,
    StaticError,
}

pub fn delve_says(v: &str) -> DelveSays {
    match verdict(v) {
        Verdict::Ok { .. } => DelveSays::Ok,
        Verdict::Error { message } if is_runtime_error(message) => DelveSays::RuntimeError,
        Verdict::Error { .. } => DelveSays::StaticError,
    }
}

/// The class of disagreement on one expression from one side, if any.
pub fn classify(delve: &str, engine: &EngineVerdict) -> Option<Class> {
    match delve_says(delve) {
        DelveSays::Ok if !engine.errors.is_empty() => Some(Class::FalseError),
        DelveSays::StaticError if engine.errors.is_empty() => Some(Class::Miss),
        _ => None,
    }
}

/// The directory name and module of a generated program.
pub fn program_name(seed: u64) -> String {
    format!("diff{seed}")
}

/// Renders `sel` of `program` into `dir` and builds it with
/// `-gcflags=all=-N -l` into `binary`.
pub fn build(program: &Program, sel: &Selection, dir: &Path, binary: &Path) -> Result<Rendered, String> {
    let _ = std::fs::remove_dir_all(dir);
    let rendered = program.render(sel);
    rendered.write_to(dir)?;
    gofmt(dir, &rendered)?;
    crate::support::go_build_debug(dir, binary, &[]).map_err(|e| format!("seed {}: {e}", program.seed))?;
    Ok(rendered)
}

/// Formats the written program as Go does (recorded programs are read by
/// people), file by file where that keeps every line where it was (or
/// the stops would move).
fn gofmt(dir: &Path, rendered: &Rendered) -> Result<(), String> {
    let go = crate::support::go_command().get_program().to_owned();
    let gofmt = Path::new(&go).parent().map(|d| d.join("gofmt")).filter(|p| p.is_file());
    let gofmt = gofmt.unwrap_or_else(|| PathBuf::from("gofmt"));
    let out = std::process::Command::new(&gofmt)
        .arg("-w")
        .arg(dir)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", gofmt.display()))?;
    if !out.status.success() {
        return Err(format!("gofmt {}: {}", dir.display(), String::from_utf8_lossy(&out.stderr)));
    }
    for (path, text) in &rendered.files {
        let now = std::fs::read_to_string(dir.join(path)).map_err(|e| format!("{path}: {e}"))?;
        if now.lines().count() != text.lines().count() {
            // gofmt spreads a struct type over lines; keep the text as written.
            std::fs::write(dir.join(path), text).map_err(|e| format!("{path}: {e}"))?;
        }
    }
    Ok(())
}

/// Generates, builds and runs the program of `seed` in `work`, and
/// compares the engine with Delve at every stop.
pub fn run_seed(dlv: &Path, seed: u64, limits: Limits, work: &Path) -> Result<(Program, ProgramRun), String> {
    let program = generate(seed);
    let dir = work.join(program_name(seed));
    let binary = work.join(format!("{}.bin", program_name(seed)));
    let rendered = build(&program, &Selection::default(), &dir, &binary)?;
    let dir = dir.canonicalize().map_err(|e| format!("{}: {e}", dir.display()))?;
    let scopes = EngineScopes::new(&binary)?;

    let mut locations = Vec::new();
    let mut stop_at: BTreeMap<(String, u32), usize> = BTreeMap::new();
    for s in &rendered.stops {
        stop_at.insert((s.file.clone(), s.line), s.item);
        for hit in 1..=s.hits {
            locations.push(Location { file: s.file.clone(), line: s.line, hit });
        }
    }
    let mut session = LiveSession::launch(dlv, &dir, &binary, &locations, SESSION_BUDGET)?;
    let mut judge = Judge {
        program: &program,
        scopes,
        dir,
        limits,
        rng: Rng::new(seed ^ 0x5EED),
        run: ProgramRun { seed, ..ProgramRun::default() },
    };
    let result = (|| -> Result<(), String> {
        while let Some(stop) = session.next_stop()? {
            let item = stop_at[&(stop.location.file.clone(), stop.location.line)];
            judge.at_stop(&mut session, item, &stop)?;
        }
        Ok(())
    })();
    session.finish(result).map_err(|e| format!("seed {seed}: {e}"))?;
    let run = judge.run;
    let expected = locations.len();
    if run.stops != expected {
        return Err(format!("seed {seed}: stopped {} times, expected {expected} stops", run.stops));
    }
    Ok((program, run))
}

/// Delve's Locals and their children, two levels deep.
fn listing(session: &mut LiveSession, stop: &Stop) -> Result<Vec<Listed>, String> {
    let mut out = Vec::new();
    let top = session.locals(stop)?;
    for v in top {
        let expr = v.evaluate_name.clone().unwrap_or_else(|| v.name.clone());
        out.push(Listed {
            expr: expr.clone(),
            name: v.name.clone(),
            ty: v.ty.clone(),
            value: v.value.clone(),
            depth: 0,
            parent: String::new(),
        });
        if v.reference == 0 {
            continue;
        }
        for c in session.children(v.reference)?.into_iter().take(10) {
            let Some(cexpr) = c.evaluate_name.clone() else { continue };
            out.push(Listed {
                expr: cexpr.clone(),
                name: c.name.clone(),
                ty: c.ty.clone(),
                value: c.value.clone(),
                depth: 1,
                parent: expr.clone(),
            });
            if c.reference == 0 {
                continue;
            }
            for g in session.children(c.reference)?.into_iter().take(6) {
                let Some(gexpr) = g.evaluate_name.clone() else { continue };
                out.push(Listed {
                    expr: gexpr,
                    name: g.name.clone(),
                    ty: g.ty.clone(),
                    value: g.value.clone(),
                    depth: 2,
                    parent: cexpr.clone(),
                });
            }
        }
    }
    Ok(out)
}

/// At most `n` probes, taken in turn from each rule so that every rule
/// is represented.
fn sample(mut all: Vec<Probe>, n: Option<usize>, rng: &mut Rng) -> Vec<Probe> {
    let Some(n) = n.filter(|n| *n < all.len()) else { return all };
    rng.shuffle(&mut all);
    // The variables themselves always: they show every kind Delve lists.
    let (mut out, rest): (Vec<Probe>, Vec<Probe>) = all.into_iter().partition(|p| p.rule == "listed-local");
    let mut by_rule: BTreeMap<&'static str, Vec<Probe>> = BTreeMap::new();
    for p in rest {
        by_rule.entry(p.rule).or_default().push(p);
    }
    while out.len() < n {
        let mut any = false;
        for probes in by_rule.values_mut() {
            if let Some(p) = probes.pop() {
                out.push(p);
                any = true;
                if out.len() == n {
                    break;
                }
            }
        }
        if !any {
            break;
        }
    }
    out
}

/// What one program's stops are compared with, and what they gave.
struct Judge<'a> {
    program: &'a Program,
    scopes: EngineScopes,
    /// The program's (canonical) directory.
    dir: PathBuf,
    limits: Limits,
    rng: Rng,
    run: ProgramRun,
}

impl Judge<'_> {
    /// Asks Delve and the engine everything at `stop` (of stop item `item`).
    fn at_stop(&mut self, session: &mut LiveSession, item: usize, stop: &Stop) -> Result<(), String> {
        let Judge { program, scopes, dir, limits, rng, run } = self;
        let program: &Program = program;
        run.stops += 1;
        run.frames.push(stop.function.clone());
        let stop_fn = program.stop(item).expect("stop lines belong to stops");
        let pkg = program.items[item].pkg;
        let file = dir.join(&stop.location.file);
        let (source, binary, fallback) = scopes.at(&file, stop.location.line, &stop.function)?;
        if let Some(why) = fallback {
            run.binary_fallbacks.push(format!("seed {} {}: {why}", program.seed, stop.location));
        }
        let listed = listing(session, stop)?;
        let ctx = StopContext {
            program,
            stop: stop_fn,
            pkg,
            vars: program.visible(stop_fn, stop.location.hit),
            listed: &listed,
        };
        let asked = sample(probes(&ctx, rng), limits.probes_per_stop, rng);

        let disagree = |class: Class,
                        sides: Vec<Side>,
                        probe: &Probe,
                        delve: &str,
                        source: EngineVerdict,
                        binary: EngineVerdict| {
            Disagreement {
                class,
                sides,
                seed: program.seed,
                location: stop.location.clone(),
                function: stop.function.clone(),
                stop_item: item,
                expr: probe.expr.clone(),
                rule: probe.rule,
                kind: probe.kind,
                delve: delve.to_string(),
                source,
                binary,
            }
        };

        let mut delve_cache: BTreeMap<String, String> = BTreeMap::new();
        let mut ask = |session: &mut LiveSession, expr: &str, run: &mut ProgramRun| -> Result<String, String> {
            if let Some(v) = delve_cache.get(expr) {
                return Ok(v.clone());
            }
            let v = session.evaluate(stop, expr)?;
            run.expressions += 1;
            match delve_says(&v) {
                DelveSays::Ok => run.delve_ok += 1,
                DelveSays::RuntimeError => run.delve_runtime += 1,
                DelveSays::StaticError => run.delve_static += 1,
            }
            delve_cache.insert(expr.to_string(), v.clone());
            Ok(v)
        };

        for probe in &asked {
            let delve = ask(session, &probe.expr, run)?;
            if let (DelveSays::Ok, Some(kind)) = (delve_says(&delve), probe.kind) {
                run.ok_kinds.insert(kind);
            }
            let s = engine_verdict(&probe.expr, &source, &delve);
            let b = engine_verdict(&probe.expr, &binary, &delve);
            let (cs, cb) = (classify(&delve, &s), classify(&delve, &b));
            match (cs, cb) {
                (Some(x), Some(y)) if x == y => {
                    run.disagreements.push(disagree(x, vec![Side::Source, Side::Binary], probe, &delve, s, b))
                }
                _ => {
                    if let Some(x) = cs {
                        run.disagreements.push(disagree(x, vec![Side::Source], probe, &delve, s.clone(), b.clone()));
                    }
                    if let Some(y) = cb {
                        run.disagreements.push(disagree(y, vec![Side::Binary], probe, &delve, s, b));
                    }
                }
            }
        }

        // Completion: everything offered evaluates; everything listed is offered.
        let own = |label: &str| label == "main" || label == program.lib;
        let mut offered_by: BTreeMap<String, Vec<Side>> = BTreeMap::new();
        for (side, scope) in [(Side::Source, &source), (Side::Binary, &binary)] {
            let mut offered = offered_values(scope, 2, &own);
            offered.sort();
            offered.dedup();
            if let Some(n) = limits.offered_per_stop
                && offered.len() > n
            {
                rng.shuffle(&mut offered);
                offered.truncate(n);
            }
            for o in offered {
                offered_by.entry(o).or_default().push(side);
            }
        }
        for (expr, sides) in &offered_by {
            run.completion_items += 1;
            let delve = ask(session, expr, run)?;
            if delve_says(&delve) == DelveSays::StaticError {
                let probe = Probe { expr: expr.clone(), rule: "completion", kind: None };
                let s = engine_verdict(expr, &source, &delve);
                let b = engine_verdict(expr, &binary, &delve);
                run.disagreements.push(disagree(Class::OfferedRejected, sides.clone(), &probe, &delve, s, b));
            }
        }
        for l in &listed {
            // Top-level names, and members written `parent.name`.
            let nameable = expr::is_identifier(&l.name);
            let member = l.depth > 0 && l.expr == format!("{}.{}", l.parent, l.name);
            if !nameable || !(l.depth == 0 || member) || l.name.starts_with('~') {
                continue;
            }
            run.listed_checked += 1;
            let prefix = if l.depth == 0 { String::new() } else { format!("{}.", l.parent) };
            let mut missing = Vec::new();
            for (side, scope) in [(Side::Source, &source), (Side::Binary, &binary)] {
                let items = expr::complete(&prefix, prefix.len(), scope).items;
                if !items.iter().any(|i| i.label == l.name && i.kind != ItemKind::Package) {
                    missing.push(side);
                }
            }
            if !missing.is_empty() {
                let delve = ask(session, &l.expr, run)?;
                if delve_says(&delve) != DelveSays::Ok {
                    continue; // listed, yet not evaluable by that name
                }
                let rule = if l.depth == 0 { "listed-name" } else { "listed-member" };
                let probe = Probe { expr: l.expr.clone(), rule, kind: delve_kind(program, &l.ty) };
                let s = engine_verdict(&l.expr, &source, &delve);
                let b = engine_verdict(&l.expr, &binary, &delve);
                run.disagreements.push(disagree(Class::NotOffered, missing, &probe, &delve, s, b));
            }
        }
        Ok(())
    }
}

/// A scratch directory for generated programs under cargo's target dir.
pub fn work_dir(tag: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("differential").join(tag);
    std::fs::create_dir_all(&dir).expect("create the differential work directory");
    dir
}
