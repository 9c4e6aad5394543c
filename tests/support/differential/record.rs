//! Disagreements become corpus cases: one per new signature, in a
//! program minimized to the declarations the cases need, with the verdict
//! real Delve gives in that program (re-asked, not copied) and only where
//! the engine still disagrees there. Cases go to a staging directory
//! (`tests/corpus/pending/`) laid out like tests/corpus: `<name>.cases`
//! and `programs/<name>/`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::program::{ItemKind, Program, Selection};
use super::run::{Class, Disagreement, EngineScopes, Side, build, classify, engine_verdict, program_name};
use crate::support::corpus::{Case, FRAME, Location};
use crate::support::delve_session::{Build, run_program_in};

/// Marks the signature of a recorded case in a cases file.
const SIG: &str = "# sig: ";

/// The signatures recorded in the cases files of `dirs`.
pub fn known_signatures(dirs: &[PathBuf]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("cases") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            out.extend(text.lines().filter_map(|l| l.strip_prefix(SIG)).map(str::to_string));
        }
    }
    out
}

/// Whether a false error with `signature` is one already recorded: a
/// known signature of the same finding on the same or more sides.
pub fn is_known(known: &BTreeSet<String>, signature: &str) -> bool {
    let split = |s: &str| -> Option<(String, BTreeSet<String>)> {
        let mut parts = s.splitn(3, '|');
        let class = parts.next()?;
        let sides = parts.next()?;
        let rest = parts.next()?;
        Some((format!("{class}|{rest}"), sides.split('+').map(str::to_string).collect()))
    };
    let Some((key, sides)) = split(signature) else { return false };
    known.iter().filter_map(|k| split(k)).any(|(k, s)| k == key && sides.is_subset(&s))
}

/// What recording one program's disagreements gave.
#[derive(Debug, Default)]
pub struct Recorded {
    /// Cases written, with their signatures.
    pub cases: Vec<(String, String)>,
    /// The cases files written.
    pub files: Vec<PathBuf>,
    /// Disagreements that did not reproduce in the written program.
    pub not_reproduced: Vec<String>,
}

/// Writes a case for each disagreement of `program` whose signature is
/// not in `seen` (and adds it there) into `out` (`<name>.cases`,
/// `programs/<name>/`).
pub fn record(
    dlv: &Path,
    program: &Program,
    disagreements: &[Disagreement],
    seen: &mut BTreeSet<String>,
    out: &Path,
) -> Result<Recorded, String> {
    let mut chosen: Vec<&Disagreement> = Vec::new();
    for d in disagreements {
        // Tried once per run, reproduced or not.
        if seen.insert(d.signature()) {
            chosen.push(d);
        }
    }
    let mut recorded = Recorded::default();
    if chosen.is_empty() {
        return Ok(recorded);
    }

    // The minimized program first; what does not reproduce there, in the
    // whole program.
    let name = unused_name(out, &program_name(program.seed));
    let (kept, left) = try_program(dlv, program, &minimal_selection(program, &chosen), &chosen, &name, out)?;
    if !left.is_empty() {
        let full = unused_name(out, &format!("{name}full"));
        let (kept_full, left_full) = try_program(dlv, program, &Selection::default(), &left, &full, out)?;
        if !kept_full.is_empty() {
            write_cases(program, &full, &kept_full, out, &mut recorded)?;
        } else {
            let _ = std::fs::remove_dir_all(out.join("programs").join(&full));
        }
        recorded.not_reproduced = left_full.iter().map(|d| d.to_string()).collect();
    }
    if kept.is_empty() {
        let _ = std::fs::remove_dir_all(out.join("programs").join(&name));
    } else {
        write_cases(program, &name, &kept, out, &mut recorded)?;
    }
    Ok(recorded)
}

/// `base`, or `base-2`, `base-3`…: a name no cases file or program in
/// `out` has (a seed may be recorded again after the engine changed).
fn unused_name(out: &Path, base: &str) -> String {
    let taken = |n: &str| out.join(format!("{n}.cases")).exists() || out.join("programs").join(n).exists();
    if !taken(base) {
        return base.to_string();
    }
    (2..).map(|i| format!("{base}-{i}")).find(|n| !taken(n)).expect("some name is free")
}

/// A recorded case: the disagreement as found in the written program.
struct Found<'a> {
    original: &'a Disagreement,
    location: Location,
    frame: String,
    now: Disagreement,
}

/// Renders `sel` as program `name` in `out/programs`, asks Delve about
/// every chosen expression there and judges them again. Returns what
/// still disagrees the same way, and what does not.
fn try_program<'a>(
    dlv: &Path,
    program: &Program,
    sel: &Selection,
    chosen: &[&'a Disagreement],
    name: &str,
    out: &Path,
) -> Result<(Vec<Found<'a>>, Vec<&'a Disagreement>), String> {
    let dir = out.join("programs").join(name);
    let scratch = crate::support::TempDir::new("differential-record");
    let binary = scratch.path().join("prog");
    // The module path stays the seed's: Delve's answers spell it.
    let rendered = build(program, sel, &dir, &binary)?;
    let line_of: BTreeMap<usize, (String, u32)> =
        rendered.stops.iter().map(|s| (s.item, (s.file.clone(), s.line))).collect();

    let mut cases = Vec::new();
    let mut locations = BTreeSet::new();
    for d in chosen {
        let (file, line) = line_of.get(&d.stop_item).cloned().ok_or_else(|| format!("{name}: stop lost"))?;
        let location = Location { file, line, hit: d.location.hit };
        locations.insert(location.clone());
        cases.push(Case { line_index: 0, location, expr: d.expr.clone(), verdict: None });
    }
    for loc in &locations {
        cases.push(Case { line_index: 0, location: loc.clone(), expr: FRAME.to_string(), verdict: None });
    }
    let live = run_program_in(dlv, &dir, Build::Debug, &cases)?;
    let frame_at: BTreeMap<&Location, String> = cases
        .iter()
        .zip(&live)
        .filter(|(c, _)| c.expr == FRAME)
        .filter_map(|(c, v)| Some((&c.location, v.as_deref()?.strip_prefix("ok ")?.to_string())))
        .collect();

    let scopes = EngineScopes::new(&binary)?;
    let dir = dir.canonicalize().map_err(|e| format!("{}: {e}", dir.display()))?;
    let (mut kept, mut left) = (Vec::new(), Vec::new());
    for (d, (case, verdict)) in chosen.iter().zip(cases.iter().zip(&live)) {
        let (Some(delve), Some(frame)) = (verdict, frame_at.get(&case.location)) else {
            left.push(*d);
            continue;
        };
        let (source, binary, _) = scopes.at(&dir.join(&case.location.file), case.location.line, frame)?;
        let s = engine_verdict(&d.expr, &source, delve);
        let b = engine_verdict(&d.expr, &binary, delve);
        let now = match d.class {
            Class::FalseError | Class::Miss => {
                let sides: Vec<Side> = [(Side::Source, &s), (Side::Binary, &b)]
                    .into_iter()
                    .filter(|(_, v)| classify(delve, v) == Some(d.class))
                    .map(|(side, _)| side)
                    .collect();
                (sides == d.sides).then_some(sides)
            }
            // Completion facts are re-derived by the corpus tests; here
            // Delve's verdict must only be unchanged.
            Class::OfferedRejected | Class::NotOffered => (delve == &d.delve).then(|| d.sides.clone()),
        };
        match now {
            Some(sides) => kept.push(Found {
                original: d,
                location: case.location.clone(),
                frame: frame.clone(),
                now: Disagreement {
                    sides,
                    delve: delve.clone(),
                    source: s,
                    binary: b,
                    location: case.location.clone(),
                    function: frame.clone(),
                    ..(*d).clone()
                },
            }),
            None => left.push(*d),
        }
    }
    Ok((kept, left))
}

/// The stops of the chosen disagreements, the locals and declarations
/// their expressions name.
fn minimal_selection(program: &Program, chosen: &[&Disagreement]) -> Selection {
    let mut items = BTreeSet::new();
    let mut locals: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for d in chosen {
        items.insert(d.stop_item);
        let names: BTreeSet<&str> =
            d.expr.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|s| !s.is_empty()).collect();
        let entry = locals.entry(d.stop_item).or_default();
        if let Some(stop) = program.stop(d.stop_item) {
            for l in &stop.locals {
                if names.contains(l.var.name.as_str()) {
                    entry.insert(l.var.name.clone());
                }
            }
        }
        for (i, item) in program.items.iter().enumerate() {
            if names.contains(item.name.as_str()) && !matches!(item.kind, ItemKind::Stop(_)) {
                items.insert(i);
            }
        }
    }
    Selection { items: Some(items), locals }
}

fn write_cases(
    program: &Program,
    name: &str,
    found: &[Found],
    out: &Path,
    recorded: &mut Recorded,
) -> Result<(), String> {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "# Found by the differential tester (tests/differential.rs) in the program of seed {}{}.",
        program.seed,
        if name.contains("full") { "" } else { ", minimized" }
    );
    text.push_str(
        "# Verdicts from real Delve (dlv v1.27.2). Each case is a disagreement of the\n\
         # engine with Delve (the comment above it says which and what the engine said);\n\
         # once the engine agrees, move this file to tests/corpus/ and programs/NAME to\n\
         # tests/corpus/programs/.\n",
    );
    let mut frames: BTreeMap<&Location, &str> = BTreeMap::new();
    for f in found {
        let d = &f.now;
        let sides: Vec<String> = d.sides.iter().map(Side::to_string).collect();
        let _ = writeln!(
            text,
            "\n# {} ({}), rule {}: source: {}; binary: {}",
            d.class,
            sides.join(", "),
            d.rule,
            d.source,
            d.binary
        );
        let _ = writeln!(text, "{SIG}{}", f.original.signature());
        let _ = writeln!(text, "{}\t{}\t{}", f.location, d.expr, d.delve);
        frames.insert(&f.location, &f.frame);
        recorded.cases.push((format!("{name}: {}", d), f.original.signature()));
    }
    text.push('\n');
    for (loc, frame) in frames {
        let _ = writeln!(text, "{loc}\t{FRAME}\tok {frame}");
    }
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let path = out.join(format!("{name}.cases"));
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    recorded.files.push(path);
    Ok(())
}
