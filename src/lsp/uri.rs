//! What a document URI names: a Go file, or a breakpoint text at a Go
//! file's line (`go-breakpoint:///ABS/PATH/file.go?line=N&kind=KIND`).
//!
//! Parsing never fails: a URI that names nothing servable says why, and
//! that reason becomes the document's one diagnostic.

use std::path::PathBuf;

use ls_types::Uri;

use crate::expr::TextKind;

pub const CONDITION_SCHEME: &str = "go-breakpoint";
pub const CONDITION_LANGUAGE: &str = "go-breakpoint";

/// A breakpoint text's location: the Go file and 1-based line it is
/// evaluated at, and which text of the breakpoint it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionTarget {
    pub file: PathBuf,
    pub line: u32,
    pub kind: TextKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocTarget {
    /// A Go source file (`file:` URI ending in `.go`).
    Go(PathBuf),
    Condition(ConditionTarget),
    /// A condition document whose URI does not say where it is evaluated.
    BadCondition(String),
    /// Anything else: not ours to serve (why, for the log).
    Other(String),
}

impl DocTarget {
    /// Reads `uri`; `language` is the editor's language id, which makes a
    /// document of an unknown scheme a (bad) condition document.
    pub fn of(uri: &Uri, language: Option<&str>) -> DocTarget {
        let scheme = uri.scheme().as_str().to_ascii_lowercase();
        match scheme.as_str() {
            "file" => match uri.to_file_path() {
                Some(p) if p.extension().is_some_and(|e| e == "go") => DocTarget::Go(p.into_owned()),
                Some(p) => DocTarget::Other(format!("{} is not a go file", p.display())),
                None => DocTarget::Other("a file URI without a path".to_string()),
            },
            CONDITION_SCHEME => match condition_target(uri) {
                Ok(t) => DocTarget::Condition(t),
                Err(why) => DocTarget::BadCondition(why),
            },
            other if language == Some(CONDITION_LANGUAGE) => DocTarget::BadCondition(format!(
                "a breakpoint text needs a URI like {CONDITION_SCHEME}:///ABS/PATH/file.go?line=N&kind=condition, \
                 not the scheme {other:?}"
            )),
            other => DocTarget::Other(format!("the scheme {other:?} is not served")),
        }
    }
}

fn condition_target(uri: &Uri) -> Result<ConditionTarget, String> {
    let usage = "expected go-breakpoint:///ABS/PATH/file.go?line=N&kind=condition|hitCondition|logMessage";
    let file = uri.to_file_path().map(|p| p.into_owned()).ok_or_else(|| format!("no file path; {usage}"))?;
    if !file.is_absolute() {
        return Err(format!("the file path {} is not absolute; {usage}", file.display()));
    }
    let query = uri.query().map(|q| q.as_str().to_string()).unwrap_or_default();
    let mut line = None;
    let mut kind = TextKind::Condition;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "line" => {
                line = Some(
                    value
                        .parse::<u32>()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| format!("invalid line {value:?}: a line number counts from 1"))?,
                );
            }
            "kind" => {
                kind = TextKind::from_name(value)
                    .filter(|k| *k != TextKind::Expression)
                    .ok_or_else(|| format!("unknown kind {value:?}: use condition, hitCondition or logMessage"))?;
            }
            _ => {}
        }
    }
    let line = line.ok_or_else(|| format!("no line in the URI; {usage}"))?;
    Ok(ConditionTarget { file, line, kind })
}

/// The `file:` URI of `path`, for diagnostics published on Go files.
pub fn file_uri(path: &std::path::Path) -> Option<Uri> {
    Uri::from_file_path(path)
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn target(uri: &str) -> String {
        match Uri::from_str(uri) {
            Ok(u) => format!("{:?}", DocTarget::of(&u, Some(CONDITION_LANGUAGE))),
            Err(e) => format!("unparsable: {e}"),
        }
    }

    #[test]
    fn condition_uris() {
        expect_test::expect![[
            r#"Condition(ConditionTarget { file: "/src/app/main.go", line: 54, kind: HitCondition })"#
        ]]
        .assert_eq(&target("go-breakpoint:///src/app/main.go?line=54&kind=hitCondition"));
        expect_test::expect![[
            r#"Condition(ConditionTarget { file: "/src/my app/main.go", line: 3, kind: Condition })"#
        ]]
        .assert_eq(&target("go-breakpoint:///src/my%20app/main.go?line=3"));
        expect_test::expect![[r#"BadCondition("no line in the URI; expected go-breakpoint:///ABS/PATH/file.go?line=N&kind=condition|hitCondition|logMessage")"#]]
            .assert_eq(&target("go-breakpoint:///src/app/main.go"));
        expect_test::expect![[r#"BadCondition("invalid line \"0\": a line number counts from 1")"#]]
            .assert_eq(&target("go-breakpoint:///src/app/main.go?line=0"));
        expect_test::expect![[r#"BadCondition("unknown kind \"watch\": use condition, hitCondition or logMessage")"#]]
            .assert_eq(&target("go-breakpoint:///src/app/main.go?line=2&kind=watch"));
        expect_test::expect![[r#"BadCondition("a breakpoint text needs a URI like go-breakpoint:///ABS/PATH/file.go?line=N&kind=condition, not the scheme \"untitled\"")"#]]
            .assert_eq(&target("untitled:Untitled-1"));
    }
}
