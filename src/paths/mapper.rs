//! `substitutePath` rules applied both ways, as Delve means them: `from` is
//! the editor's side, `to` is Delve's (the binary's) side. The first rule
//! whose prefix matches whole path components wins; the rest of the path
//! takes the target side's separators, so `C:\Users\dev\proj/main.go` never
//! reaches an editor. Windows-style paths match case-insensitively.
//!
//! Around the rules, two facts a [`PathMapper`] may hold: how a Windows
//! editor names this machine's files (WSL2, [`EditorForm`]: the outermost
//! step both ways) and the binary's own file names ([`FileTable`]: the last
//! step towards Delve, so a path reaches it spelled as Go recorded it).

use std::borrow::Cow;
use std::sync::Arc;

use super::file_table::FileTable;
use super::wsl::EditorForm;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    Posix,
    Windows,
}

impl PathStyle {
    /// The style a path is written in: a drive letter (`C:`) or a UNC /
    /// backslash start (`\\wsl$\…`) means Windows, anything else POSIX.
    pub fn of(path: &str) -> PathStyle {
        let b = path.as_bytes();
        let drive = b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':';
        if drive || path.starts_with('\\') { PathStyle::Windows } else { PathStyle::Posix }
    }

    pub fn separator(self) -> char {
        match self {
            PathStyle::Posix => '/',
            PathStyle::Windows => '\\',
        }
    }

    fn is_separator(self, c: char) -> bool {
        match self {
            PathStyle::Posix => c == '/',
            PathStyle::Windows => c == '/' || c == '\\',
        }
    }

    fn is_absolute(self, path: &str) -> bool {
        match self {
            PathStyle::Posix => path.starts_with('/'),
            PathStyle::Windows => PathStyle::of(path) == PathStyle::Windows,
        }
    }

    /// `path` with every separator written this style's way.
    pub fn normalize<'a>(self, path: &'a str) -> Cow<'a, str> {
        match self {
            PathStyle::Windows if path.contains('/') => Cow::Owned(path.replace('/', "\\")),
            _ => Cow::Borrowed(path),
        }
    }
}

/// One `substitutePath` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathRule {
    /// The editor's side.
    pub from: String,
    /// Delve's side (where the binary was built).
    pub to: String,
    /// Why the rule exists, for `paths --json` and logs ("user substitutePath").
    pub why: String,
}

impl PathRule {
    pub fn user(from: impl Into<String>, to: impl Into<String>) -> PathRule {
        PathRule { from: from.into(), to: to.into(), why: "user substitutePath".to_string() }
    }
}

/// The session's paths between the editor and Delve: the editor's form
/// (when it names this machine's files its own way), the rules in order
/// (their `from` in this machine's spelling), the binary's file names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathMapper {
    rules: Vec<PathRule>,
    files: Option<Arc<FileTable>>,
    editor: Option<EditorForm>,
}

impl PathMapper {
    pub fn new(rules: Vec<PathRule>) -> PathMapper {
        PathMapper { rules, ..PathMapper::default() }
    }

    /// This mapper with the binary's file names: what it sends Delve is
    /// spelled as they are.
    pub fn with_files(mut self, files: Option<Arc<FileTable>>) -> PathMapper {
        self.files = files;
        self
    }

    /// This mapper for an editor that names this machine's files in
    /// `editor`'s form.
    pub fn with_editor(mut self, editor: Option<EditorForm>) -> PathMapper {
        self.editor = editor;
        self
    }

    pub fn rules(&self) -> &[PathRule] {
        &self.rules
    }

    /// Every path maps to itself.
    pub fn is_identity(&self) -> bool {
        self.rules.is_empty() && self.files.is_none() && self.editor.is_none()
    }

    /// The file of this machine an editor path names (`\\wsl$\Ubuntu\a`
    /// is `/a`); the path itself when the editor names files as this
    /// machine does.
    pub fn to_local<'a>(&self, editor_path: &'a str) -> Cow<'a, str> {
        match &self.editor {
            Some(e) => e.to_local(editor_path),
            None => Cow::Borrowed(editor_path),
        }
    }

    /// An editor path as Delve must see it.
    pub fn to_delve<'a>(&self, editor_path: &'a str) -> Cow<'a, str> {
        let local = self.to_local(editor_path);
        let mapped = match self.rules.iter().find_map(|r| substitute(&local, &r.from, &r.to, Side::Delve)) {
            Some(p) => Cow::Owned(p),
            None => local,
        };
        match self.files.as_deref().and_then(|t| t.spelling(&mapped)) {
            Some(recorded) if recorded != mapped => Cow::Owned(recorded.to_string()),
            _ => mapped,
        }
    }

    /// A path from Delve as the editor must see it. Without a matching rule,
    /// a Windows path still gets consistent separators.
    pub fn to_editor<'a>(&self, delve_path: &'a str) -> Cow<'a, str> {
        let local = match self.rules.iter().find_map(|r| substitute(delve_path, &r.to, &r.from, Side::Editor)) {
            Some(p) => Cow::Owned(p),
            None => PathStyle::of(delve_path).normalize(delve_path),
        };
        if let Some(e) = &self.editor {
            if let Cow::Owned(p) = e.to_editor(&local) {
                return Cow::Owned(p);
            }
        }
        local
    }
}

/// `path` with the prefix `src` replaced by `dst`, or `None` when `src` does
/// not match whole leading components. An empty `src` matches relative paths
/// only; an empty `dst` makes the result relative (Delve's rules for both).
/// Which side a substituted path is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Paths must match the binary's file table byte for byte. A build with
    /// `-trimpath=…=>C:\proj` records `C:\proj/main.go`, so the rule's `to`
    /// is kept as written and the rest joined with the separator it ends
    /// with, as Delve's own `substitutePath` joins them.
    Delve,
    /// Paths an editor can open: one separator style throughout.
    Editor,
}

fn substitute(path: &str, src: &str, dst: &str, side: Side) -> Option<String> {
    let src_style = PathStyle::of(if src.is_empty() { path } else { src });
    let dst_style = if dst.is_empty() { PathStyle::of(path) } else { PathStyle::of(dst) };
    let rest = if src.is_empty() {
        if src_style.is_absolute(path) || path.is_empty() {
            return None;
        }
        path
    } else {
        strip_prefix(path, src, src_style)?
    };
    let rest = rest.trim_start_matches(|c| src_style.is_separator(c));
    let verbatim = side == Side::Delve && dst.ends_with(['/', '\\']);
    let sep = if verbatim { dst.chars().last().unwrap_or('/') } else { dst_style.separator() };
    let rest: String = rest.chars().map(|c| if src_style.is_separator(c) { sep } else { c }).collect();
    if dst.is_empty() {
        return Some(rest);
    }
    let mut out = if verbatim { dst.to_string() } else { dst_style.normalize(dst).into_owned() };
    if rest.is_empty() {
        return Some(out);
    }
    if !out.ends_with(sep) {
        out.push(sep);
    }
    out.push_str(&rest);
    Some(out)
}

/// The part of `path` after `prefix` when `prefix` names whole leading
/// components of it (separator- and, for Windows, case-insensitively).
fn strip_prefix<'a>(path: &'a str, prefix: &str, style: PathStyle) -> Option<&'a str> {
    let trimmed = prefix.trim_end_matches(|c| style.is_separator(c));
    // A root (`/`, `C:\`) keeps its separator.
    let prefix = if trimmed.is_empty() || trimmed.ends_with(':') { prefix } else { trimmed };
    let mut pi = path.char_indices();
    for pc in prefix.chars() {
        let (_, c) = pi.next()?;
        let same = if style.is_separator(pc) {
            style.is_separator(c)
        } else if style == PathStyle::Windows {
            c.to_lowercase().eq(pc.to_lowercase())
        } else {
            c == pc
        };
        if !same {
            return None;
        }
    }
    let rest_start = pi.next().map_or(path.len(), |(i, _)| i);
    let rest = &path[rest_start..];
    let boundary =
        rest.is_empty() || prefix.ends_with(|c| style.is_separator(c)) || rest.starts_with(|c| style.is_separator(c));
    boundary.then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapper(rules: &[(&str, &str)]) -> PathMapper {
        PathMapper::new(rules.iter().map(|(f, t)| PathRule::user(*f, *t)).collect())
    }

    #[test]
    fn styles() {
        assert_eq!(PathStyle::of("/home/a"), PathStyle::Posix);
        assert_eq!(PathStyle::of("C:\\Users"), PathStyle::Windows);
        assert_eq!(PathStyle::of("c:/Users"), PathStyle::Windows);
        assert_eq!(PathStyle::of("\\\\wsl.localhost\\Ubuntu\\home"), PathStyle::Windows);
        assert_eq!(PathStyle::of("main.go"), PathStyle::Posix);
    }

    #[test]
    fn both_directions() {
        type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);
        #[rustfmt::skip]
        let cases: &[Case] = &[
            // (rules, editor path, delve path)
            (&[("/home/me/proj", "/app")], "/home/me/proj/cmd/main.go", "/app/cmd/main.go"),
            (&[("/home/me/proj/", "/app/")], "/home/me/proj/main.go", "/app/main.go"),
            (&[("/home/me/proj", "/app")], "/home/me/proj", "/app"),
            (&[("/home/me/proj", "C:\\Users\\dev\\proj")], "/home/me/proj/pkg/a.go", "C:\\Users\\dev\\proj\\pkg\\a.go"),
            (&[("C:\\Users\\dev\\proj", "/app")], "C:\\Users\\dev\\proj\\pkg\\a.go", "/app/pkg/a.go"),
            (&[("\\\\wsl.localhost\\Ubuntu\\home", "/home")], "\\\\wsl.localhost\\Ubuntu\\home\\u\\m.go", "/home/u/m.go"),
            (&[("/home/me/proj", "/app"), ("/home/me", "/root")], "/home/me/x.go", "/root/x.go"),
            (&[("", "/app")], "main.go", "/app/main.go"),
        ];
        for (rules, editor, delve) in cases {
            let m = mapper(rules);
            assert_eq!(m.to_delve(editor), *delve, "to_delve {rules:?}");
            assert_eq!(m.to_editor(delve), *editor, "to_editor {rules:?}");
        }
    }

    #[test]
    fn component_boundaries_case_and_separators() {
        let m = mapper(&[("/home/me/proj", "/app")]);
        assert_eq!(m.to_delve("/home/me/project/main.go"), "/home/me/project/main.go");
        assert_eq!(m.to_editor("/application/main.go"), "/application/main.go");
        let w = mapper(&[("C:\\Users\\Dev\\proj", "/app")]);
        assert_eq!(w.to_delve("c:/users/dev/PROJ/a/b.go"), "/app/a/b.go");
        assert_eq!(w.to_editor("/app/a/b.go"), "C:\\Users\\Dev\\proj\\a\\b.go");
        // Posix matching is case-sensitive.
        assert_eq!(m.to_delve("/Home/me/proj/a.go"), "/Home/me/proj/a.go");
        // No rule: Delve's mixed separators are fixed for the editor.
        assert_eq!(PathMapper::default().to_editor("C:\\Users\\dev\\proj/main.go"), "C:\\Users\\dev\\proj\\main.go");
        // A `to` ending in `/` is how the binary spells a `-trimpath=…=>C:\proj`
        // build: Delve must get that exact mixed form.
        let mixed = mapper(&[("/home/me/proj", "C:\\Users\\dev\\proj/")]);
        assert_eq!(mixed.to_delve("/home/me/proj/pkg/a.go"), "C:\\Users\\dev\\proj/pkg/a.go");
        assert_eq!(mixed.to_editor("C:\\Users\\dev\\proj/pkg/a.go"), "/home/me/proj/pkg/a.go");
        assert_eq!(PathMapper::default().to_editor("/a/b\\c.go"), "/a/b\\c.go");
        // An empty `to` makes the Delve side relative.
        let r = mapper(&[("/home/me/proj", "")]);
        assert_eq!(r.to_delve("/home/me/proj/main.go"), "main.go");
        // An empty `from` takes relative paths only: absolute ones of either
        // style, and no path at all, stay as they are.
        let rel = mapper(&[("", "/app")]);
        assert_eq!(rel.to_delve("/home/me/x.go"), "/home/me/x.go");
        assert_eq!(rel.to_delve(r"C:\x\a.go"), r"C:\x\a.go");
        assert_eq!(rel.to_delve(""), "");
        // A root keeps its separator: `C:` alone (the current folder of the
        // drive) is not under `C:\`, nor is an empty path under `/`.
        let roots = mapper(&[(r"C:\", "/mnt/c"), ("/", "/x")]);
        assert_eq!(roots.to_delve(r"C:\a\b.go"), "/mnt/c/a/b.go");
        assert_eq!(roots.to_delve("C:"), "C:");
        assert_eq!(roots.to_delve("/a/b.go"), "/x/a/b.go");
        assert_eq!(roots.to_delve(""), "");
    }

    #[test]
    fn what_a_mapper_holds() {
        let rules = vec![PathRule::user("/home/me/proj", "/app")];
        let m = PathMapper::new(rules.clone());
        assert_eq!(m.rules(), rules.as_slice());
        assert!(!m.is_identity());
        let files = Some(Arc::new(FileTable::new(["/app/main.go"])));
        assert!(!PathMapper::default().with_files(files).is_identity());
        let editor = Some(EditorForm::new(crate::paths::WslHost::default()));
        assert!(!PathMapper::default().with_editor(editor).is_identity());
        assert!(PathMapper::default().is_identity());
    }

    /// Each editor path to Delve and Delve's answer back, through the
    /// editor's form, the rules and the binary's file names.
    fn check(m: &PathMapper, editor_paths: &[&str], delve_paths: &[&str], expect: expect_test::Expect) {
        let mut out = String::new();
        for p in editor_paths {
            out.push_str(&format!("to delve  {p} -> {}\n", m.to_delve(p)));
        }
        for p in delve_paths {
            out.push_str(&format!("to editor {p} -> {}\n", m.to_editor(p)));
        }
        expect.assert_eq(&out);
    }

    #[test]
    fn user_rules_reach_the_binary_spelling() {
        // `go build -trimpath=$PWD=>C:\Users\dev\app` records mixed separators.
        let files = Arc::new(FileTable::new([
            r"C:\Users\dev\app/main.go",
            r"C:\Users\dev\app/internal/greet/Polite.go",
            "/usr/local/go/src/runtime/proc.go",
        ]));
        let rule = mapper(&[("/home/dev/app", r"C:\Users\dev\app")]);
        let editor = ["/home/dev/app/main.go", "/home/dev/app/internal/greet/Polite.go", "/home/dev/app/new.go"];
        let delve = [r"C:\Users\dev\app/main.go", r"C:\Users\dev\app/internal/greet/Polite.go"];
        check(
            &rule.clone().with_files(Some(files.clone())),
            &editor,
            &delve,
            expect_test::expect![[r#"
                to delve  /home/dev/app/main.go -> C:\Users\dev\app/main.go
                to delve  /home/dev/app/internal/greet/Polite.go -> C:\Users\dev\app/internal/greet/Polite.go
                to delve  /home/dev/app/new.go -> C:\Users\dev\app\new.go
                to editor C:\Users\dev\app/main.go -> /home/dev/app/main.go
                to editor C:\Users\dev\app/internal/greet/Polite.go -> /home/dev/app/internal/greet/Polite.go
            "#]],
        );
        // Without the file names, what the rule writes is all Delve gets.
        check(
            &rule,
            &editor[..1],
            &[],
            expect_test::expect![[r#"
                to delve  /home/dev/app/main.go -> C:\Users\dev\app\main.go
            "#]],
        );
        // A rule written with `/` and another case binds as well.
        check(
            &mapper(&[("/home/dev/app", "c:/users/dev/app")]).with_files(Some(files)),
            &editor[..2],
            &[],
            expect_test::expect![[r#"
                to delve  /home/dev/app/main.go -> C:\Users\dev\app/main.go
                to delve  /home/dev/app/internal/greet/Polite.go -> C:\Users\dev\app/internal/greet/Polite.go
            "#]],
        );
    }

    #[test]
    fn a_windows_editor_on_wsl() {
        use crate::paths::{EditorForm, WslHost};
        let mut form = EditorForm::new(WslHost::new("/mnt/", Some("Ubuntu".into())));
        form.learn(r"\\wsl.localhost\Ubuntu\home\dev\app\main.go");
        // The build root is elsewhere; the rule's `from` is this machine's.
        let m = mapper(&[("/home/dev/app", "/app")]).with_editor(Some(form));
        check(
            &m,
            &[
                r"\\wsl.localhost\Ubuntu\home\dev\app\main.go",
                r"\\wsl$\Ubuntu\usr\local\go\src\fmt\print.go",
                r"C:\Users\dev\lib\lib.go",
                "/home/dev/app/main.go",
            ],
            &["/app/main.go", "/usr/local/go/src/runtime/proc.go", "/mnt/c/Users/dev/lib/lib.go", "<autogenerated>"],
            expect_test::expect![[r#"
                to delve  \\wsl.localhost\Ubuntu\home\dev\app\main.go -> /app/main.go
                to delve  \\wsl$\Ubuntu\usr\local\go\src\fmt\print.go -> /usr/local/go/src/fmt/print.go
                to delve  C:\Users\dev\lib\lib.go -> /mnt/c/Users/dev/lib/lib.go
                to delve  /home/dev/app/main.go -> /app/main.go
                to editor /app/main.go -> \\wsl.localhost\Ubuntu\home\dev\app\main.go
                to editor /usr/local/go/src/runtime/proc.go -> \\wsl.localhost\Ubuntu\usr\local\go\src\runtime\proc.go
                to editor /mnt/c/Users/dev/lib/lib.go -> C:\Users\dev\lib\lib.go
                to editor <autogenerated> -> <autogenerated>
            "#]],
        );
        assert!(!m.is_identity());
        assert!(PathMapper::default().is_identity());
    }
}
