//! The Delve ground-truth corpus: `tests/corpus/<name>.cases`, each case an
//! expression at a location of `tests/corpus/programs/<name>/` with the verdict
//! real Delve gave (see tests/delve_corpus.rs for the format and recording).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A stop: `FILE:LINE` is the first time the program stops at the line,
/// `FILE:LINE#N` the N-th time.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub hit: u32,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)?;
        if self.hit > 1 {
            write!(f, "#{}", self.hit)?;
        }
        Ok(())
    }
}

/// The pseudo-expression whose verdict is `ok <name of the function Delve
/// stopped in>`, as its `stackTrace` names frame 0.
pub const FRAME: &str = "@frame";

/// The pseudo-expression whose verdict is `ok <names>`: the variables Delve
/// lists in the frame's "Locals" scope, space-separated.
pub const LOCALS: &str = "@locals";

/// The pseudo-expression whose verdict is `ok <names>`: the variables of the
/// frame's "Locals" scope whose value Delve could not read.
pub const UNREADABLE: &str = "@unreadable";

#[derive(Clone, Debug)]
pub struct Case {
    /// 0-based line index in the cases file.
    pub line_index: usize,
    pub location: Location,
    pub expr: String,
    /// `None` when waiting to be recorded.
    pub verdict: Option<String>,
}

pub struct CasesFile {
    pub path: PathBuf,
    pub lines: Vec<String>,
    /// Expressions with Delve's verdicts.
    pub cases: Vec<Case>,
    /// Pseudo-expressions (`@frame`, `@locals`): what Delve says about the
    /// stop itself.
    pub stop_facts: Vec<Case>,
}

impl CasesFile {
    /// The function Delve stopped in at `loc`, when recorded.
    pub fn frame_at(&self, loc: &Location) -> Option<&str> {
        self.about_stop(loc, FRAME)
    }

    /// The variables Delve listed at `loc`, when recorded.
    pub fn locals_at(&self, loc: &Location) -> Option<Vec<&str>> {
        self.about_stop(loc, LOCALS).map(|v| v.split_whitespace().collect())
    }

    fn about_stop(&self, loc: &Location, what: &str) -> Option<&str> {
        self.stop_facts
            .iter()
            .find(|f| &f.location == loc && f.expr == what)
            .and_then(|f| f.verdict.as_deref())
            .and_then(|v| v.strip_prefix("ok "))
    }

    /// Cases whose failure Delve itself shows to depend on the values at
    /// the stop: the same expression at the same line, in the same function
    /// (a generic function's other instantiations do not count), evaluated
    /// at another stop. Returns the indices into `cases` of such errors.
    pub fn value_dependent_errors(&self) -> BTreeSet<usize> {
        let key = |c: &'_ Case| {
            (c.location.file.clone(), c.location.line, self.frame_at(&c.location).map(str::to_string), c.expr.clone())
        };
        let ok_somewhere: BTreeSet<_> =
            self.cases.iter().filter(|c| c.verdict.as_deref().is_some_and(|v| v.starts_with("ok"))).map(key).collect();
        self.cases
            .iter()
            .enumerate()
            .filter(|(_, c)| c.verdict.as_deref().is_some_and(|v| v.starts_with("error ")))
            .filter(|(_, c)| ok_somewhere.contains(&key(c)))
            .map(|(i, _)| i)
            .collect()
    }
}

pub fn parse_cases(path: &Path) -> Result<CasesFile, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let (mut cases, mut stop_facts) = (Vec::new(), Vec::new());
    let mut errors = Vec::new();
    for (i, raw) in lines.iter().enumerate() {
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = raw.split('\t').collect();
        if cols.len() < 2 || cols.len() > 3 {
            errors.push(format!(
                "{}:{}: expected FILE:LINE<TAB>EXPR<TAB>VERDICT, got {} tab-separated columns",
                path.display(),
                i + 1,
                cols.len()
            ));
            continue;
        }
        let Some((file, line)) = cols[0].trim().rsplit_once(':') else {
            errors.push(format!("{}:{}: bad location {:?}", path.display(), i + 1, cols[0]));
            continue;
        };
        let (line, hit) = match line.split_once('#') {
            Some((l, h)) => (l, h.parse::<u32>().ok().filter(|h| *h >= 1)),
            None => (line, Some(1)),
        };
        let (Ok(line), Some(hit)) = (line.parse::<u32>(), hit) else {
            errors.push(format!("{}:{}: bad line number in {:?}", path.display(), i + 1, cols[0]));
            continue;
        };
        let expr = cols[1].trim().to_string();
        if expr.is_empty() {
            errors.push(format!("{}:{}: empty expression", path.display(), i + 1));
            continue;
        }
        let verdict = cols.get(2).map(|v| v.trim()).filter(|v| !v.is_empty() && *v != "?").map(str::to_string);
        if let Some(v) = &verdict
            && !(v == "ok" || v.starts_with("ok ") || v.starts_with("error "))
        {
            errors.push(format!(
                "{}:{}: verdict must be `ok <type>` or `error <message>`, got {v:?}",
                path.display(),
                i + 1
            ));
            continue;
        }
        let case = Case { line_index: i, location: Location { file: file.to_string(), line, hit }, expr, verdict };
        match case.expr.as_str() {
            FRAME | LOCALS | UNREADABLE => stop_facts.push(case),
            e if e.starts_with('@') => {
                errors.push(format!("{}:{}: unknown pseudo-expression {e}", path.display(), i + 1))
            }
            _ => cases.push(case),
        }
    }
    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    Ok(CasesFile { path: path.to_path_buf(), lines, cases, stop_facts })
}

/// Writes the cases file back with `verdicts[i]` in the verdict column of
/// `cases[i]` (cases first, then stop facts, as [`all_cases`] lists them).
pub fn rewrite_cases(file: &CasesFile, verdicts: &[Option<String>]) -> Result<(), String> {
    let mut lines = file.lines.clone();
    for (case, verdict) in all_cases(file).zip(verdicts) {
        if let Some(v) = verdict {
            lines[case.line_index] = format!("{}\t{}\t{}", case.location, case.expr, v);
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    // Write a sibling and rename, so a concurrent reader never sees half a file.
    let tmp = file.path.with_extension("cases.tmp");
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, &file.path))
        .map_err(|e| format!("cannot write {}: {e}", file.path.display()))
}

/// Every line with a verdict column: the expressions, then the stop facts.
pub fn all_cases(file: &CasesFile) -> impl Iterator<Item = &Case> {
    file.cases.iter().chain(&file.stop_facts)
}

pub fn corpus_dir() -> PathBuf {
    super::repo_root().join("tests").join("corpus")
}

/// The programs `CORPUS_ONLY=a,b` limits a run to, if it does.
fn corpus_only() -> Option<BTreeSet<String>> {
    std::env::var("CORPUS_ONLY")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.split(',').map(|p| p.trim().to_string()).collect())
}

/// The run covers the whole corpus: the ratchets on totals and rates (set
/// at what the whole corpus achieves) apply only then, not to a run that
/// `CORPUS_ONLY` limits to some programs.
pub fn whole_corpus() -> bool {
    let whole = corpus_only().is_none();
    if !whole {
        println!("CORPUS_ONLY is set: the whole corpus's totals and rates are not asserted");
    }
    whole
}

/// Every `<name>.cases` in tests/corpus, sorted, filtered by `CORPUS_ONLY`.
pub fn corpus_programs() -> Vec<(String, PathBuf)> {
    let only = corpus_only();
    let mut out = Vec::new();
    let entries = std::fs::read_dir(corpus_dir()).expect("tests/corpus exists");
    for entry in entries {
        let path = entry.expect("readable dir entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("cases") {
            continue;
        }
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if only.as_ref().is_some_and(|o| !o.contains(&name)) {
            continue;
        }
        out.push((name, path));
    }
    out.sort();
    out
}

/// A Delve verdict from the corpus, split into its parts.
pub enum Verdict<'a> {
    Ok { ty: &'a str },
    Error { message: &'a str },
}

pub fn verdict(v: &str) -> Verdict<'_> {
    match v.strip_prefix("error ") {
        Some(message) => Verdict::Error { message },
        None => Verdict::Ok { ty: v.strip_prefix("ok").unwrap_or("").trim() },
    }
}

/// Delve errors that depend on the values at the stop, not on the text:
/// a static checker may warn about these, never reject.
pub fn is_runtime_error(message: &str) -> bool {
    const PATTERNS: &[&str] = &[
        "key not found",
        "could not load swiss map",
        "index out of bounds",
        "can not index \"",
        "can not slice \"",
        "is nil",
        "nil pointer dereference",
        "interface conversion:",
        "divide by zero",
        "input/output error",
        "could not find breakpoint",
        "unreadable",
        "couldn't read pointer",
        "can not access unreadable map",
        // A member looked up through a nil interface.
        "(type void)",
        // Delve failing to read the target's memory or crashing on it
        // (seen by the differential tester): nothing the text decides.
        "read out of bounds",
        "error loading module data",
        "internal debugger error",
    ];
    PATTERNS.iter().any(|p| message.contains(p))
}

/// The scope of every stop the cases file names: `base(file, line)` once per
/// line, then narrowed to the function Delve stopped in where `@frame` is
/// recorded (the instantiation of a generic function).
pub fn scopes_at_stops(
    file: &CasesFile,
    mut base: impl FnMut(&str, u32) -> dlvbridge::expr::scope::ScopeAt,
) -> std::collections::BTreeMap<Location, dlvbridge::expr::scope::ScopeAt> {
    let mut lines = std::collections::BTreeMap::new();
    let mut out = std::collections::BTreeMap::new();
    for loc in all_cases(file).map(|c| &c.location) {
        if out.contains_key(loc) {
            continue;
        }
        let scope = lines.entry((loc.file.clone(), loc.line)).or_insert_with(|| base(&loc.file, loc.line));
        let scope = match file.frame_at(loc) {
            Some(function) => scope.in_frame(function),
            None => scope.clone(),
        };
        out.insert(loc.clone(), scope);
    }
    out
}

/// The program directory of a corpus program.
pub fn program_dir(name: &str) -> PathBuf {
    corpus_dir().join("programs").join(name)
}

/// The value items completion offers at `scope`, as the text they insert,
/// `depth` levels deep: names, then members after each typed value and
/// each package `follow_package` accepts.
pub fn offered_values(
    scope: &dlvbridge::expr::scope::ScopeAt,
    depth: usize,
    follow_package: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    use dlvbridge::expr::{self, ItemKind};
    let mut out = Vec::new();
    let mut frontier: Vec<String> = vec![String::new()];
    for _ in 0..depth {
        let mut next = Vec::new();
        for base in &frontier {
            let text = if base.is_empty() { String::new() } else { format!("{base}.") };
            for item in &expr::complete(&text, text.len(), scope).items {
                let candidate = format!("{text}{}", item.insert);
                if item.kind == ItemKind::Package {
                    if follow_package(&item.label) {
                        next.push(candidate);
                    }
                } else if item.kind.is_value() {
                    if item.ty.is_some() {
                        next.push(candidate.clone());
                    }
                    out.push(candidate);
                }
            }
        }
        frontier = next;
    }
    out
}

/// Completion and checking agree at `scope`: every value item offered three
/// levels deep (see [`offered_values`]) passes `check`. Returns how many
/// were checked and a line for each one `check` rejects.
pub fn check_offered_items(
    scope: &dlvbridge::expr::scope::ScopeAt,
    at: &str,
    follow_package: &dyn Fn(&str) -> bool,
) -> (usize, Vec<String>) {
    use dlvbridge::expr::{self, Role};
    let offered = offered_values(scope, 3, follow_package);
    let rejected = offered
        .iter()
        .filter_map(|candidate| {
            let checked = expr::check(candidate, Role::Expression, scope);
            checked.has_errors().then(|| format!("{at} {candidate:?}: {:?}", checked.diagnostics))
        })
        .collect();
    (offered.len(), rejected)
}
