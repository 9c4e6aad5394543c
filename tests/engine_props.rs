//! The whole engine on generated input: parse, check (as condition, hit
//! condition, log message and expression) and completion at every cursor
//! position never panic, and every span they return lies inside the text.
//!
//! Inputs are built from the names really visible at corpus locations (so
//! the checker's deep paths run, not only its "undefined" path), Go
//! operators and literals, and mutations of the corpus expressions.
//!
//! Two oracles go beyond "no panic": Delve's recorded verdicts (a corpus
//! expression in parentheses or spaced out is judged as the expression
//! itself, so never an error where Delve evaluated it), and completion in
//! context (after `x.` the same members wherever `x.` stands in the text).
//!
//! `cargo test --test engine_props` runs a fixed number of cases;
//! `DLVBRIDGE_FUZZ_SECONDS=600 cargo test --release --test engine_props`
//! keeps generating for that long (scripts/fuzz).

mod support;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use dlvbridge::expr::scope::ScopeAt;
use dlvbridge::expr::{self, TextKind};
use dlvbridge::scope::source::SourceIndex;
use support::corpus::{Verdict, corpus_programs, offered_values, parse_cases, program_dir, verdict};

const DEFAULT_CASES: usize = 3_000;

const OPS: &[&str] = &[
    ".", ".", ".", "(", ")", "[", "]", "{", "}", ",", ":", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "!", "+", "-",
    "*", "/", "%", "&", "|", "^", "<<", ">>", "&^", "<-", "...", ".(", "~", " ", " ", "\n", "'", "\"", "`",
];
const LITERALS: &[&str] = &[
    "0",
    "1",
    "-1",
    "2.5",
    "1e3",
    "0x1F",
    "'a'",
    "'\\n'",
    "\"s\"",
    "\"\"",
    "`raw`",
    "1i",
    "nil",
    "true",
    "false",
    "len",
    "cap",
    "min",
    "max",
    "real",
    "imag",
    "complex",
    "int",
    "int64",
    "uint8",
    "string",
    "float64",
    "byte",
    "main",
    "runtime",
    "delve",
    "curg",
    "frameoff",
    "bphitcount",
    "catch",
    "data",
    "type",
    "func",
    "map",
    "chan",
    "struct",
    "interface",
    "RIP",
    "{x}",
    "%",
    "==",
    "> 5",
    "% 2",
];

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &'a [String]) -> &'a str {
        &items[self.below(items.len())]
    }
}

struct Location {
    label: String,
    scope: ScopeAt,
    names: Vec<String>,
    seeds: Vec<String>,
    /// Corpus expressions at this stop with Delve's verdict: true when
    /// Delve evaluated them.
    judged: Vec<(String, bool)>,
}

fn locations() -> Vec<Location> {
    let index = SourceIndex::default();
    let mut out = Vec::new();
    for (program, path) in corpus_programs() {
        let file = parse_cases(&path).unwrap_or_else(|e| panic!("{e}"));
        let mut seen = std::collections::BTreeSet::new();
        for case in &file.cases {
            let key = (case.location.file.clone(), case.location.line);
            if !seen.insert(key.clone()) {
                continue;
            }
            let scope = index
                .scope_at(&program_dir(&program).join(&key.0), key.1)
                .unwrap_or_else(|e| panic!("{program}/{}:{}: {e}", key.0, key.1));
            let mut names: Vec<String> = scope.locals.iter().map(|v| v.name.clone()).collect();
            names.extend(scope.package.vars.iter().map(|v| v.name.clone()));
            names.extend(scope.types.values().flat_map(|t| match &t.underlying {
                dlvbridge::expr::types::Type::Struct(fields) => fields.iter().map(|f| f.name.clone()).collect(),
                _ => Vec::new(),
            }));
            names.extend(scope.imports.heads().map(|(_, name)| name.to_string()));
            names.extend(LITERALS.iter().map(|s| s.to_string()));
            let here: Vec<_> = file.cases.iter().filter(|c| c.location == case.location).collect();
            let seeds = here.iter().map(|c| c.expr.clone()).collect();
            let judged = here
                .iter()
                .filter_map(|c| Some((c.expr.clone(), matches!(verdict(c.verdict.as_deref()?), Verdict::Ok { .. }))))
                .collect();
            out.push(Location { label: format!("{program}/{}:{}", key.0, key.1), scope, names, seeds, judged });
        }
    }
    assert!(!out.is_empty(), "no corpus locations");
    out
}

fn generate(rng: &mut Rng, loc: &Location) -> String {
    let ops: Vec<String> = OPS.iter().map(|s| s.to_string()).collect();
    match rng.below(3) {
        // Token soup over real names.
        0 => {
            let n = 1 + rng.below(12);
            (0..n)
                .map(|_| if rng.below(3) == 0 { rng.pick(&ops).to_string() } else { rng.pick(&loc.names).to_string() })
                .collect()
        }
        // Well-formed-ish: name chains joined by operators.
        1 => {
            let terms = 1 + rng.below(4);
            let mut s = String::new();
            for i in 0..terms {
                if i > 0 {
                    s.push_str([" && ", " || ", " == ", " + ", " < ", " != "][rng.below(6)]);
                }
                s.push_str(rng.pick(&loc.names));
                for _ in 0..rng.below(3) {
                    s.push_str([".", "[0].", "."][rng.below(3)]);
                    s.push_str(rng.pick(&loc.names));
                }
            }
            s
        }
        // A corpus expression, mutated.
        _ => {
            let mut s: Vec<char> = rng.pick(&loc.seeds).chars().collect();
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(s.len() + 1);
                match rng.below(3) {
                    0 if !s.is_empty() => {
                        s.remove(at.min(s.len() - 1));
                    }
                    1 => s.splice(at..at, rng.pick(&ops).chars()).for_each(drop),
                    _ => s.truncate(at),
                }
            }
            s.into_iter().collect()
        }
    }
}

fn exercise(text: &str, scope: &ScopeAt) -> Result<(), String> {
    let len = text.len();
    for kind in [TextKind::Condition, TextKind::HitCondition, TextKind::LogMessage, TextKind::Expression] {
        let checked = expr::check_text(text, kind, scope);
        for d in &checked.diagnostics {
            if d.span.start > d.span.end || d.span.end > len {
                return Err(format!("{kind:?}: span {:?} outside 0..{len}: {}", d.span, d.message));
            }
            for f in &d.fixes {
                for e in &f.edits {
                    if e.span.end > len || e.span.start > e.span.end {
                        return Err(format!("{kind:?}: fix edit {:?} outside the text", e.span));
                    }
                }
            }
        }
    }
    for cursor in (0..=len).filter(|c| text.is_char_boundary(*c)) {
        let c = expr::complete(text, cursor, scope);
        if c.replace.start > c.replace.end || c.replace.end > len {
            return Err(format!("completion at {cursor}: replace {:?} outside 0..{len}", c.replace));
        }
    }
    Ok(())
}

#[test]
fn engine_never_panics_on_generated_input() {
    let locations = locations();
    let budget = std::env::var("DLVBRIDGE_FUZZ_SECONDS").ok().and_then(|s| s.parse::<u64>().ok());
    let deadline = budget.map(|s| Instant::now() + Duration::from_secs(s));
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut cases = 0usize;
    loop {
        match deadline {
            Some(d) if Instant::now() >= d => break,
            None if cases >= DEFAULT_CASES => break,
            _ => {}
        }
        let loc = &locations[rng.below(locations.len())];
        let text = generate(&mut rng, loc);
        let outcome = catch_unwind(AssertUnwindSafe(|| exercise(&text, &loc.scope)));
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(e)) => panic!("{} {text:?}: {e}", loc.label),
            Err(_) => panic!("{} {text:?}: the engine panicked", loc.label),
        }
        cases += 1;
    }
    println!("engine_props: {cases} generated inputs over {} corpus locations, no panic", locations.len());
}

/// `(E)` and `E` with spaces doubled are the same expression to Go and to
/// Delve: where Delve evaluated a corpus expression, neither is an error,
/// and the engine says error for both or for neither.
#[test]
fn corpus_expressions_respelled_keep_their_verdicts() {
    let locations = locations();
    let (mut judged, mut problems) = (0usize, Vec::new());
    for loc in &locations {
        for (text, delve_ok) in &loc.judged {
            let errors = |t: &str| expr::check(t, expr::Role::Expression, &loc.scope).has_errors();
            let original = errors(text);
            for respelled in [format!("({text})"), spaced_out(text), format!(" {text}\t")] {
                judged += 1;
                let ours = errors(&respelled);
                if *delve_ok && ours {
                    problems.push(format!("{} {respelled:?}: Delve evaluated {text:?}, we say error", loc.label));
                } else if ours != original {
                    problems.push(format!("{} {respelled:?}: error {ours}, but {original} for {text:?}", loc.label));
                }
            }
        }
    }
    println!("respelled corpus expressions judged: {judged}");
    assert!(judged > 1_000, "only {judged} respelled expressions");
    assert!(problems.is_empty(), "{} disagreements:\n{}", problems.len(), problems.join("\n"));
}

/// `text` with every space outside literals doubled.
fn spaced_out(text: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in text.chars() {
        match quote {
            Some(q) if !escaped && c == q => quote = None,
            Some(q) => escaped = q != '`' && !escaped && c == '\\',
            None if matches!(c, '\'' | '"' | '`') => quote = Some(c),
            None if c == ' ' => out.push(' '),
            None => {}
        }
        out.push(c);
    }
    out
}

/// After `x.` completion offers the same members wherever `x.` stands: at
/// the start, after another condition, inside a call, an index or parentheses.
#[test]
fn completion_after_a_dot_does_not_depend_on_what_surrounds_it() {
    let locations = locations();
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let (mut compared, mut problems) = (0usize, Vec::new());
    for loc in &locations {
        let values = offered_values(&loc.scope, 2, &|_| false);
        for _ in 0..40 {
            let base = rng.pick(&values).to_string();
            let alone = format!("{base}.");
            let want: Vec<String> =
                expr::complete(&alone, alone.len(), &loc.scope).items.into_iter().map(|i| i.label).collect();
            let seed = rng.pick(&loc.seeds).to_string();
            for text in [
                format!("{seed} && {base}."),
                format!("len({base}."),
                format!("m[{base}."),
                format!("!({base}."),
                format!("{seed} || ({base}."),
            ] {
                compared += 1;
                let got: Vec<String> =
                    expr::complete(&text, text.len(), &loc.scope).items.into_iter().map(|i| i.label).collect();
                if got != want {
                    problems.push(format!("{} {text:?}: {got:?}, but {want:?} after {alone:?}", loc.label));
                }
            }
        }
    }
    println!("completions in context compared: {compared}");
    assert!(problems.is_empty(), "{} differences:\n{}", problems.len(), problems.join("\n"));
}
