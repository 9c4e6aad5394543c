//! The Delve ground-truth corpus: `tests/corpus/<name>.cases`, each case an
//! expression at a location of `tests/corpus/programs/<name>/` with the verdict
//! real Delve gave (see tests/delve_corpus.rs for the format and recording).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: String,
    pub line: u32,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

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
    pub cases: Vec<Case>,
}

pub fn parse_cases(path: &Path) -> Result<CasesFile, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut cases = Vec::new();
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
        let Ok(line) = line.parse::<u32>() else {
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
        cases.push(Case { line_index: i, location: Location { file: file.to_string(), line }, expr, verdict });
    }
    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    Ok(CasesFile { path: path.to_path_buf(), lines, cases })
}

/// Writes the cases file back with `verdicts[case index]` in the verdict column.
pub fn rewrite_cases(file: &CasesFile, verdicts: &[Option<String>]) -> Result<(), String> {
    let mut lines = file.lines.clone();
    for (case, verdict) in file.cases.iter().zip(verdicts) {
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

pub fn corpus_dir() -> PathBuf {
    super::repo_root().join("tests").join("corpus")
}

/// Every `<name>.cases` in tests/corpus, sorted, filtered by `CORPUS_ONLY`.
pub fn corpus_programs() -> Vec<(String, PathBuf)> {
    let only: Option<BTreeSet<String>> = std::env::var("CORPUS_ONLY")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.split(',').map(|p| p.trim().to_string()).collect());
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
    ];
    PATTERNS.iter().any(|p| message.contains(p))
}

/// The program directory of a corpus program.
pub fn program_dir(name: &str) -> PathBuf {
    corpus_dir().join("programs").join(name)
}

/// Completion and checking agree at `scope`: walks completion three levels
/// deep (names, then members after each typed value and each package that
/// `follow_package` accepts) and checks every value item offered. Returns
/// how many were checked and a line for each one `check` rejects.
pub fn check_offered_items(
    scope: &dlvbridge::scope::ScopeAt,
    at: &str,
    follow_package: &dyn Fn(&str) -> bool,
) -> (usize, Vec<String>) {
    use dlvbridge::expr::{self, ItemKind, Role};
    let (mut offered, mut rejected) = (0, Vec::new());
    let mut frontier: Vec<String> = vec![String::new()];
    for _depth in 0..3 {
        let mut next = Vec::new();
        for base in &frontier {
            let text = if base.is_empty() { String::new() } else { format!("{base}.") };
            for item in &expr::complete(&text, text.len(), scope).items {
                let candidate = format!("{text}{}", item.insert);
                if item.kind == ItemKind::Package {
                    if follow_package(&item.label) {
                        next.push(candidate);
                    }
                    continue;
                }
                if !item.kind.is_value() {
                    continue;
                }
                offered += 1;
                let checked = expr::check(&candidate, Role::Expression, scope);
                if checked.has_errors() {
                    rejected.push(format!("{at} {candidate:?}: {:?}", checked.diagnostics));
                } else if item.ty.is_some() {
                    next.push(candidate);
                }
            }
        }
        frontier = next;
    }
    (offered, rejected)
}
