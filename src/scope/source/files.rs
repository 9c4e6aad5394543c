//! One parsed Go file, and which files of a directory `go build` would
//! compile for linux/amd64 (file-name suffixes and `//go:build` lines).
//! Only regular files are read, each up to [`MAX_FILE_BYTES`]; a file over
//! [`LARGE_FILE_BYTES`] (generated data) is parsed without its long
//! literals.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use tree_sitter::{Node, Parser, Tree};

use crate::workspace::fs::{self, ReadError};

/// Go files larger than this are not read: their package is incomplete.
pub(crate) const MAX_FILE_BYTES: u64 = 64 << 20;
/// Files larger than this are parsed without their long literals.
pub(crate) const LARGE_FILE_BYTES: usize = 1 << 20;
/// In a large file, string literals and composite literals outside
/// functions longer than this are left out.
const LONG_LITERAL_BYTES: usize = 256;

/// What identifies a file's contents without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub mtime: Option<SystemTime>,
    pub len: u64,
}

impl Stamp {
    /// The stamp of a regular file (links followed); a FIFO or a device
    /// named `x.go` has none.
    pub fn read(path: &Path) -> Result<Stamp, ReadError> {
        let md = std::fs::metadata(path).map_err(ReadError::Io)?;
        if !md.is_file() {
            return Err(ReadError::NotRegular);
        }
        Ok(Stamp { mtime: md.modified().ok(), len: md.len() })
    }

    pub fn of(path: &Path) -> Option<Stamp> {
        Stamp::read(path).ok()
    }
}

/// The text of the Go file at `path`, when it is a regular file of at
/// most [`MAX_FILE_BYTES`].
pub(crate) fn read_source(path: &Path) -> Result<String, ReadError> {
    fs::read_text(path, MAX_FILE_BYTES)
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Import {
    /// The explicit name (`foo`, `_`, `.`), if any.
    pub name: Option<String>,
    pub path: String,
}

pub(crate) struct ParsedFile {
    pub path: PathBuf,
    pub stamp: Option<Stamp>,
    pub text: String,
    pub tree: Tree,
    /// The package clause name; empty when the file has none.
    pub package: String,
    pub imports: Vec<Import>,
    /// Syntax errors outside function bodies (those only affect the
    /// function), or no package clause.
    pub declarations_broken: bool,
    /// Whether `go build` for linux/amd64 compiles it, by its build
    /// constraint lines (the file name is checked separately).
    pub build: Build,
    /// Lines (1-based, inclusive) whose code was left out of a large file:
    /// what is there is unknown.
    pub left_out: Vec<(u32, u32)>,
    /// A hash of the text as given, when `text` is not that (a large file).
    given_hash: Option<u64>,
}

impl std::fmt::Debug for ParsedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParsedFile").field("path", &self.path).field("package", &self.package).finish_non_exhaustive()
    }
}

impl ParsedFile {
    /// Parses `text`; above [`LARGE_FILE_BYTES`], without its long literals.
    pub fn parse(path: PathBuf, stamp: Option<Stamp>, text: String) -> Option<ParsedFile> {
        let (text, left_out, given_hash) = if text.len() > LARGE_FILE_BYTES {
            let (short, left_out) = leave_out_long_literals(&text);
            (short, left_out, Some(text_hash(&text)))
        } else {
            (text, Vec::new(), None)
        };
        let tree = parse_go(&text)?;
        let mut file = ParsedFile {
            path,
            stamp,
            build: build_constraint(&text),
            text,
            tree,
            package: String::new(),
            imports: Vec::new(),
            declarations_broken: false,
            left_out,
            given_hash,
        };
        let mut package = String::new();
        let mut imports = Vec::new();
        {
            let root = file.tree.root_node();
            let mut cursor = root.walk();
            for item in root.named_children(&mut cursor) {
                match item.kind() {
                    "package_clause" => {
                        if let Some(id) = item.named_child(0) {
                            package = file.node_text(id).to_string();
                        }
                    }
                    "import_declaration" => collect_imports(&file, item, &mut imports),
                    _ => {}
                }
            }
        }
        file.package = package;
        file.imports = imports;
        file.declarations_broken = file.compute_declarations_broken();
        Some(file)
    }

    /// Whether this file was parsed from `text`.
    pub fn is_text(&self, text: &str) -> bool {
        match self.given_hash {
            Some(h) => text.len() > LARGE_FILE_BYTES && text_hash(text) == h,
            None => self.text == text,
        }
    }

    /// Whether the code at `line` was left out (a large file's literal).
    pub fn left_out_at(&self, line: u32) -> bool {
        self.left_out.iter().any(|&(first, last)| first <= line && line <= last)
    }

    pub fn node_text(&self, n: Node) -> &str {
        n.utf8_text(self.text.as_bytes()).unwrap_or("")
    }

    fn compute_declarations_broken(&self) -> bool {
        let root = self.tree.root_node();
        let mut c = root.walk();
        // An ERROR or MISSING node has an error too (tree-sitter counts
        // its cost), and is never a function.
        let broken = root
            .children(&mut c)
            .any(|n| n.has_error() && !matches!(n.kind(), "function_declaration" | "method_declaration"));
        broken || self.package.is_empty()
    }
}

/// The one way Go text is parsed; `None` only if tree-sitter gives up.
pub(crate) fn parse_go(text: &str) -> Option<Tree> {
    let mut parser = Parser::new();
    parser.set_language(&tree_sitter_go::LANGUAGE.into()).ok()?;
    parser.parse(text, None)
}

fn collect_imports(file: &ParsedFile, decl: Node, out: &mut Vec<Import>) {
    let mut c = decl.walk();
    for ch in decl.named_children(&mut c) {
        match ch.kind() {
            "import_spec" => {
                let Some(p) = ch.child_by_field_name("path") else { continue };
                let path = file.node_text(p).trim_matches(|c| c == '"' || c == '`').to_string();
                let name = ch.child_by_field_name("name").map(|n| file.node_text(n).to_string());
                out.push(Import { name, path });
            }
            "import_spec_list" => collect_imports(file, ch, out),
            _ => {}
        }
    }
}

/// `text` with the bodies of top-level functions blanked out (newlines
/// kept, so lines and declarations stay where they are). Imported packages
/// need only declarations, and bodies are most of the parsing time. `None`
/// when the text does not lex cleanly.
pub(crate) fn strip_function_bodies(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let (mut i, mut depth, mut nest) = (0usize, 0i32, 0i32);
    let mut in_header = false;
    let mut last_ident: &[u8] = b"";
    while i < b.len() {
        let c = b[i];
        match c {
            b'/' if b.get(i + 1) == Some(&b'/') => i = skip_line_comment(b, i),
            b'/' if b.get(i + 1) == Some(&b'*') => i = skip_block_comment(b, i)?,
            b'"' | b'\'' | b'`' => {
                i = skip_string(b, i)?;
                last_ident = b"";
            }
            b'(' | b'[' => {
                nest += 1;
                i += 1;
            }
            b')' | b']' => {
                nest -= 1;
                i += 1;
            }
            b'{' if depth == 0 && in_header && nest == 0 && last_ident != b"interface" && last_ident != b"struct" => {
                let end = matching_brace(b, i)?;
                for x in &mut out[i + 1..end] {
                    if *x != b'\n' {
                        *x = b' ';
                    }
                }
                in_header = false;
                last_ident = b"";
                i = end + 1;
            }
            b'{' => {
                depth += 1;
                i += 1;
            }
            b'}' => {
                (depth, last_ident) = (depth - 1, b""); // `func f() struct{} {`
                i += 1;
            }
            c if c == b'_' || c.is_ascii_alphabetic() => {
                let start = i;
                i = ident_end(b, i);
                last_ident = &b[start..i];
                in_header |= depth == 0 && nest == 0 && last_ident == b"func";
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                last_ident = b"";
                i += 1;
            }
        }
    }
    if depth != 0 || nest != 0 {
        return None;
    }
    String::from_utf8(out).ok()
}

pub(crate) fn text_hash(t: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    t.hash(&mut h);
    h.finish()
}

/// A large file's text for parsing its declarations: string literals and
/// composite literals outside functions (a generated file's data) longer
/// than [`LONG_LITERAL_BYTES`] become `_` and `{_:_}`, which have no value
/// and no known length (`[...]T{_:_}`), newlines kept so lines stay where
/// they are; runs of blanks become one. Also the lines (1-based,
/// inclusive) of code left out: a function literal inside such a
/// composite literal is not there to walk.
pub(crate) fn leave_out_long_literals(text: &str) -> (String, Vec<(u32, u32)>) {
    let b = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len().min(LARGE_FILE_BYTES));
    let mut left_out = Vec::new();
    let (mut i, mut depth, mut nest) = (0usize, 0i32, 0i32);
    let mut line: u32 = 1;
    let mut in_header = false;
    let mut last_ident: &[u8] = b"";
    let newlines = |s: &[u8]| s.iter().filter(|&&c| c == b'\n').count();
    while i < b.len() {
        let c = b[i];
        let end = match c {
            b'/' if b.get(i + 1) == Some(&b'/') => Some(skip_line_comment(b, i)),
            b'/' if b.get(i + 1) == Some(&b'*') => skip_block_comment(b, i),
            b'"' | b'`' | b'\'' => skip_string(b, i),
            _ => Some(i + 1),
        };
        let Some(end) = end else {
            // Unterminated: the rest as it is.
            out.extend_from_slice(&b[i..]);
            break;
        };
        match c {
            b'/' if end > i + 1 => {
                out.extend_from_slice(&b[i..end]);
                line += newlines(&b[i..end]) as u32;
                i = end;
                continue;
            }
            b'"' | b'`' => {
                let nl = newlines(&b[i..end]);
                if end - i > LONG_LITERAL_BYTES {
                    out.push(b'_');
                    out.extend(std::iter::repeat_n(b'\n', nl));
                } else {
                    out.extend_from_slice(&b[i..end]);
                }
                line += nl as u32;
                last_ident = b"";
                i = end;
                continue;
            }
            b'\'' => {
                out.extend_from_slice(&b[i..end]);
                last_ident = b"";
                i = end;
                continue;
            }
            b'(' | b'[' => nest += 1,
            b')' | b']' => nest -= 1,
            b'{' if depth == 0 && last_ident != b"interface" && last_ident != b"struct" => {
                if in_header && nest == 0 {
                    in_header = false; // a function body: only its strings go
                } else if let Some(close) = matching_brace(b, i).filter(|close| close - i > LONG_LITERAL_BYTES) {
                    let nl = newlines(&b[i..close]);
                    out.extend_from_slice(b"{_:_");
                    out.extend(std::iter::repeat_n(b'\n', nl));
                    out.push(b'}');
                    left_out.push((line, line + nl as u32));
                    line += nl as u32;
                    last_ident = b"";
                    i = close + 1;
                    continue;
                }
                depth += 1;
            }
            b'{' => depth += 1,
            b'}' => depth -= 1,
            b'\n' => {
                line += 1;
                // A body starts on the line its header ends (`var f func()`
                // has none).
                if depth == 0 && nest == 0 {
                    in_header = false;
                }
            }
            b' ' | b'\t' | b'\r' => {
                if !matches!(out.last(), Some(b' ' | b'\t')) {
                    out.push(b' ');
                }
                i += 1;
                continue;
            }
            c if c == b'_' || c.is_ascii_alphabetic() => {
                let start = i;
                i = ident_end(b, i);
                last_ident = &b[start..i];
                in_header |= depth == 0 && nest == 0 && last_ident == b"func";
                out.extend_from_slice(last_ident);
                continue;
            }
            _ => {}
        }
        if !c.is_ascii_whitespace() {
            last_ident = b"";
        }
        out.push(c);
        i += 1;
    }
    // Only ASCII was removed or inserted, at character boundaries.
    (String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()), left_out)
}

/// The index after the identifier starting at `i`.
fn ident_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i] == b'_' || b[i].is_ascii_alphanumeric()) {
        i += 1;
    }
    i
}

fn skip_line_comment(b: &[u8], i: usize) -> usize {
    b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| i + p)
}

fn skip_block_comment(b: &[u8], i: usize) -> Option<usize> {
    b[i + 2..].windows(2).position(|w| w == b"*/").map(|p| i + 2 + p + 2)
}

/// The index after the string or rune literal starting at `i`.
fn skip_string(b: &[u8], i: usize) -> Option<usize> {
    let q = b[i];
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' if q != b'`' => j += 2,
            b'\n' if q != b'`' => return None,
            c if c == q => return Some(j + 1),
            _ => j += 1,
        }
    }
    None
}

/// The index of the `}` closing the `{` at `open`.
fn matching_brace(b: &[u8], open: usize) -> Option<usize> {
    let (mut i, mut depth) = (open, 0i32);
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => i = skip_line_comment(b, i),
            b'/' if b.get(i + 1) == Some(&b'*') => i = skip_block_comment(b, i)?,
            b'"' | b'\'' | b'`' => i = skip_string(b, i)?,
            b'{' => {
                depth += 1;
                i += 1;
            }
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

const GOOS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
];
const GOARCH: &[&str] = &[
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];

/// Whether `go build` on linux/amd64 compiles a file of this name, going by
/// its `_GOOS` / `_GOARCH` suffixes alone. As the go command, it reads the
/// name up to its first dot: `x_windows.pb.go` is a windows file, and
/// `x.v2_windows.go` is built everywhere.
pub(crate) fn name_matches_target(name: &str) -> bool {
    if !name.ends_with(".go") || name.starts_with('.') || name.starts_with('_') {
        return false;
    }
    let stem = name.split('.').next().unwrap_or(name);
    let stem = stem.strip_suffix("_test").unwrap_or(stem);
    let parts: Vec<&str> = stem.split('_').collect();
    let n = parts.len();
    if n >= 3 && GOOS.contains(&parts[n - 2]) && GOARCH.contains(&parts[n - 1]) {
        return parts[n - 2] == "linux" && parts[n - 1] == "amd64";
    }
    if n >= 2 {
        let last = parts[n - 1];
        if GOOS.contains(&last) {
            return last == "linux";
        }
        if GOARCH.contains(&last) {
            return last == "amd64";
        }
    }
    true
}

/// Whether `go build` for linux/amd64 compiles a file, by its build
/// constraint alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Build {
    Yes,
    No,
    /// Left out by the default build, but other tags (`-tags integration`,
    /// `race`, …) would compile it: its package is not known to be complete.
    Maybe,
}

impl Build {
    fn not(self) -> Build {
        match self {
            Build::Yes => Build::No,
            Build::No => Build::Yes,
            Build::Maybe => Build::Maybe,
        }
    }

    fn and(self, o: Build) -> Build {
        match (self, o) {
            (Build::No, _) | (_, Build::No) => Build::No,
            (Build::Yes, Build::Yes) => Build::Yes,
            _ => Build::Maybe,
        }
    }

    fn or(self, o: Build) -> Build {
        self.not().and(o.not()).not()
    }
}

/// The file's build constraint (`//go:build`, or the older `// +build`
/// lines) for a default linux/amd64 build: a file that the default build
/// compiles is `Yes` even if other tags could leave it out (its names then
/// may not exist, which only makes the engine accept more).
pub(crate) fn build_constraint(text: &str) -> Build {
    match (constraint_with(text, Build::Maybe), constraint_with(text, Build::No)) {
        (Build::Maybe, Build::Yes) => Build::Yes,
        (tri, _) => tri,
    }
}

/// The constraint with tags outside the default build taken as `unknown`.
fn constraint_with(text: &str, unknown: Build) -> Build {
    let header = FileHeader::read(text);
    if header.go_build_lines > 1 {
        return Build::Maybe; // the go command refuses the file: nothing to go by
    }
    if let Some(expr) = header.go_build {
        return eval_build_expr(expr, unknown).unwrap_or(Build::Maybe);
    }
    header.plus_build.iter().fold(Build::Yes, |acc, line| {
        let any = line.split_whitespace().fold(Build::No, |any, alt| {
            let all = alt.split(',').fold(Build::Yes, |all, t| {
                all.and(t.strip_prefix('!').map_or_else(|| tag(t, unknown), |t| tag(t, unknown).not()))
            });
            any.or(all)
        });
        acc.and(any)
    })
}

/// A file's build lines as the go command finds them. A `//go:build` line
/// counts anywhere before the first code, outside `/* */` comments (which
/// may come before it). `// +build` lines count only in the leading run of
/// `//` comments and blank lines, up to its last blank line: one right
/// above the package clause is its doc comment, not a constraint.
struct FileHeader<'a> {
    go_build: Option<&'a str>,
    go_build_lines: usize,
    plus_build: Vec<&'a str>,
}

impl<'a> FileHeader<'a> {
    fn read(text: &'a str) -> FileHeader<'a> {
        let mut header = FileHeader { go_build: None, go_build_lines: 0, plus_build: Vec::new() };
        // The `// +build` lines seen since the last blank line: they count
        // once a blank line follows them.
        let mut pending = Vec::new();
        let mut leading = true; // still in the run of `//` comments and blank lines
        let mut in_block = false;
        'lines: for line in text.lines() {
            let mut line = line.trim();
            if line.is_empty() && leading {
                header.plus_build.append(&mut pending);
                continue;
            }
            if !line.starts_with("//") {
                leading = false;
            }
            if !in_block {
                if let Some(expr) = directive(line, "//go:build") {
                    header.go_build_lines += 1;
                    header.go_build = Some(expr);
                }
                if leading {
                    if let Some(expr) = line.strip_prefix("//").and_then(|l| directive(l.trim_start(), "+build")) {
                        pending.push(expr);
                    }
                }
            }
            while !line.is_empty() {
                if in_block {
                    match line.find("*/") {
                        Some(i) => {
                            in_block = false;
                            line = line[i + 2..].trim_start();
                        }
                        None => continue 'lines,
                    }
                } else if line.starts_with("//") {
                    continue 'lines;
                } else if let Some(rest) = line.strip_prefix("/*") {
                    in_block = true;
                    line = rest.trim_start();
                } else {
                    break 'lines; // code
                }
            }
        }
        header
    }
}

/// What follows `name` in `line` when `name` stands alone there (followed
/// by a space or nothing).
fn directive<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(name)?;
    let expr = rest.trim();
    (rest.is_empty() || expr.len() < rest.len()).then_some(expr)
}

fn tag(t: &str, unknown: Build) -> Build {
    let known_true = matches!(t, "linux" | "amd64" | "unix" | "gc" | "cgo")
        || t.strip_prefix("go1.").is_some_and(|v| v.parse::<u32>().is_ok_and(|v| v <= 26));
    if known_true {
        Build::Yes
    } else if GOOS.contains(&t) || GOARCH.contains(&t) || matches!(t, "ignore" | "gccgo") || t.starts_with("go1.") {
        Build::No
    } else {
        unknown
    }
}

/// `a && (b || !c)`; `None` when it does not parse.
fn eval_build_expr(s: &str, unknown: Build) -> Option<Build> {
    let toks = tokenize(s);
    let mut p = 0;
    let v = or_expr(&toks, &mut p, unknown)?;
    (p == toks.len()).then_some(v)
}

fn tokenize(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '(' | ')' | '!' => {
                flush(&mut cur, &mut out);
                out.push(c.to_string());
            }
            '&' | '|' if chars.peek() == Some(&c) => {
                chars.next();
                flush(&mut cur, &mut out);
                out.push(format!("{c}{c}"));
            }
            c if c.is_whitespace() => flush(&mut cur, &mut out),
            c => cur.push(c),
        }
    }
    flush(&mut cur, &mut out);
    out
}

fn flush(cur: &mut String, out: &mut Vec<String>) {
    if !cur.is_empty() {
        out.push(std::mem::take(cur));
    }
}

fn or_expr(t: &[String], p: &mut usize, u: Build) -> Option<Build> {
    let mut v = and_expr(t, p, u)?;
    while t.get(*p).map(String::as_str) == Some("||") {
        *p += 1;
        v = v.or(and_expr(t, p, u)?);
    }
    Some(v)
}

fn and_expr(t: &[String], p: &mut usize, u: Build) -> Option<Build> {
    let mut v = unary(t, p, u)?;
    while t.get(*p).map(String::as_str) == Some("&&") {
        *p += 1;
        v = v.and(unary(t, p, u)?);
    }
    Some(v)
}

fn unary(t: &[String], p: &mut usize, u: Build) -> Option<Build> {
    let tok = t.get(*p)?;
    *p += 1;
    match tok.as_str() {
        "!" => unary(t, p, u).map(Build::not),
        "(" => {
            let v = or_expr(t, p, u)?;
            (t.get(*p).map(String::as_str) == Some(")")).then(|| *p += 1)?;
            Some(v)
        }
        ")" | "&&" | "||" => None,
        name => Some(tag(name, u)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert!(name_matches_target("a.go"));
        assert!(name_matches_target("a_linux.go"));
        assert!(name_matches_target("a_linux_amd64_test.go"));
        assert!(!name_matches_target("a_windows.go"));
        assert!(!name_matches_target("a_arm64.go"));
        assert!(!name_matches_target("a_darwin_amd64.go"));
        assert!(name_matches_target("linux.go"));
        assert!(!name_matches_target("a.c"));
    }

    /// Which names the go command builds on linux/amd64 (`go list`'s
    /// GoFiles and IgnoredGoFiles agree): a suffix counts only after a
    /// prefix and before the first dot; `_GOOS_GOARCH` needs both to match.
    #[test]
    fn file_names_as_the_go_command_reads_them() {
        let names = [
            "a.go",
            "_a.go",
            ".a.go",
            "a_linux.go",
            "a_windows.go",
            "a_amd64.go",
            "a_arm64.go",
            "a_linux_amd64.go",
            "a_linux_arm64.go",
            "a_windows_amd64.go",
            "a_darwin_arm64.go",
            "a_x_linux.go",
            "a_b_c_linux_amd64.go",
            "a_b_c_windows_amd64.go",
            "linux_amd64.go",
            "windows_amd64.go",
            "windows_arm64.go",
            "linux_windows.go",
            "a_linux_test.go",
            "a_windows_test.go",
            "a_arm64_test.go",
            "a_test.go",
            "a_windows.pb.go",
            "a_linux.pb.go",
            "a.v2_windows.go",
            "a.windows.go",
            "a_windows.go.txt",
            "a.go.c",
        ];
        let built: Vec<&str> = names.iter().copied().filter(|n| name_matches_target(n)).collect();
        expect_test::expect!["a.go a_linux.go a_amd64.go a_linux_amd64.go a_x_linux.go a_b_c_linux_amd64.go linux_amd64.go windows_amd64.go a_linux_test.go a_test.go a_linux.pb.go a.v2_windows.go a.windows.go"].assert_eq(&built.join(" "));
    }

    #[test]
    fn strips_bodies_but_not_types() {
        let src = "package a\n\nfunc f() interface{ M() } {\n\tx := \"}\" // }\n\treturn nil\n}\n\ntype S struct{ A int }\n\nfunc (s S) g(v struct{ B int }) {\n\t_ = '{'\n}\n";
        let out = strip_function_bodies(src).unwrap();
        assert_eq!(out.lines().count(), src.lines().count());
        assert!(out.contains("func f() interface{ M() } {"));
        assert!(!out.contains("return nil"));
        assert!(out.contains("type S struct{ A int }"));
        assert!(out.contains("func (s S) g(v struct{ B int }) {"));
        assert!(!out.contains("'{'"));
        assert_eq!(strip_function_bodies("package a\nfunc f() {\n"), None);
    }

    /// An imported package's text is parsed without its function bodies:
    /// every body goes (newlines kept), declarations stay byte for byte,
    /// whatever comments, literals, brackets and type literals hold.
    #[test]
    fn stripped_bodies_keep_every_declaration() {
        let src = r#"// func a() { x }
/* func b() { y } ( " ` */
package a

var half = (4 / 2)
var quote = "func q() { z } /* ("
var r = '{'
var raw = `func r() {
}`

func f[T any](p [2]int, cb func(int) (int, error)) (r struct{ A int }) {
	s := "}{"
	c := '}'
	t := `
}`
	return
}

func (s *S) M() map[string]interface{ N() } { return nil }

var v = func() int { return 1 }

type I interface{ M() }

type F struct{ Do func() }

var x = struct{ A int }{A: 1}

func g() { if true { _ = 1 } }

func h() interface {
	N()
} {
	return nil
}

func e() interface{} { return nil }
"#;
        let out = strip_function_bodies(src).unwrap();
        assert_eq!(out.len(), src.len());
        assert_eq!(out.lines().count(), src.lines().count());
        // Blanked bodies shown without their trailing blanks.
        let shown: Vec<&str> = out.lines().map(str::trim_end).collect();
        expect_test::expect![[r#"
            // func a() { x }
            /* func b() { y } ( " ` */
            package a

            var half = (4 / 2)
            var quote = "func q() { z } /* ("
            var r = '{'
            var raw = `func r() {
            }`

            func f[T any](p [2]int, cb func(int) (int, error)) (r struct{ A int }) {





            }

            func (s *S) M() map[string]interface{ N() } {            }

            var v = func() int {          }

            type I interface{ M() }

            type F struct{ Do func() }

            var x = struct{ A int }{A: 1}

            func g() {                   }

            func h() interface {
            	N()
            } {

            }

            func e() interface{} {            }"#]]
        .assert_eq(&shown.join("\n"));
        // Unbalanced brackets or braces, and unterminated literals and
        // comments, do not lex: the text is parsed as it is.
        for broken in
            ["func f() {\n", "var a = (1\n", "var a = 1)\n", "var a = [1\n", "func f() {}}\n", "var s = \"a\n", "/* a"]
        {
            assert_eq!(strip_function_bodies(broken), None, "{broken}");
        }
        assert_eq!(strip_function_bodies("var a = 1 // {\n").as_deref(), Some("var a = 1 // {\n"));
        // A newline ends no raw string, and escapes only count outside one.
        assert_eq!(strip_function_bodies("var s = \"a\nb\"\n"), None);
        let escapes = "var raw = `\\`\nvar e = \"\\\"\"\nfunc f() { _ = `\n` }\n";
        assert_eq!(
            strip_function_bodies(escapes).as_deref(),
            Some("var raw = `\\`\nvar e = \"\\\"\"\nfunc f() {      \n  }\n")
        );
    }

    /// Only a file over [`LARGE_FILE_BYTES`] is parsed without its long
    /// literals; it is still known by the text it was given.
    #[test]
    fn only_large_files_are_parsed_without_long_literals() {
        let long = "x".repeat(300);
        let head = format!("package a\n\nvar data = []int{{\n{}}}\nvar s = \"{long}\"\n", "1,\n".repeat(100));
        let of_size = |n: usize| format!("{head}{}\n", " ".repeat(n - head.len() - 1));
        let parse = |text: &str| ParsedFile::parse(PathBuf::from("a.go"), None, text.to_string()).unwrap();

        let small = parse(&head);
        assert_eq!((small.text.as_str(), small.left_out.as_slice()), (head.as_str(), &[][..]));
        assert!(small.is_text(&head) && !small.is_text(&of_size(LARGE_FILE_BYTES + 1)));
        assert_eq!(format!("{small:?}"), r#"ParsedFile { path: "a.go", package: "a", .. }"#);

        let at_limit = of_size(LARGE_FILE_BYTES);
        assert_eq!(at_limit.len(), LARGE_FILE_BYTES);
        let whole = parse(&at_limit);
        assert!(whole.text == at_limit && whole.left_out.is_empty() && whole.is_text(&at_limit));

        let over = of_size(LARGE_FILE_BYTES + 1);
        let large = parse(&over);
        assert!(large.text.len() < 1000, "the literals and the run of blanks went");
        assert_eq!(large.left_out, vec![(3, 104)]);
        assert!(large.is_text(&over));
        let other = over.replacen("package a", "package b", 1);
        assert!(!large.is_text(&other) && !large.is_text(&large.text) && !large.is_text(&head));
        let left_out: Vec<u32> = (1..=106).filter(|&l| large.left_out_at(l)).collect();
        assert_eq!((left_out[0], left_out[left_out.len() - 1], left_out.len()), (3, 104, 102));
    }

    #[test]
    fn large_files_lose_long_literals_only() {
        let long = "x".repeat(300);
        let bytes = "0x1f, 0x8b,\n".repeat(40);
        let src = format!(
            "package a\n\nvar data = []byte{{\n{bytes}}}\nvar arr = [...]byte{{\n{bytes}}}\nconst s = \"{long}\"\nvar raw = `{long}\nline`\nvar short = []int{{1, 2}}\n\ntype T struct{{ A int }}\n\nvar t = T{{A: 1}}\n\nfunc f() {{\n\tx := \"{long}\"\n\tv := []int{{\n{bytes}}}\n\t_, _ = x, v\n}}\n\nvar cb func()\nvar more = map[string]int{{\n{bytes}}}\n"
        );
        let (out, left_out) = leave_out_long_literals(&src);
        assert_eq!(out.lines().count(), src.lines().count(), "lines stay where they are");
        let first: Vec<&str> = out.lines().filter(|l| !l.trim().is_empty()).collect();
        expect_test::expect![[r#"
            package a
            var data = []byte{_:_
            }
            var arr = [...]byte{_:_
            }
            const s = _
            var raw = _
            var short = []int{1, 2}
            type T struct{ A int }
            var t = T{A: 1}
            func f() {
             x := _
             v := []int{
            0x1f, 0x8b,"#]]
        .assert_eq(&first[..14].join("\n"));
        assert!(out.contains("var cb func()\nvar more = map[string]int{_:_\n"), "{out}");
        assert_eq!(left_out, vec![(3, 44), (45, 86), (144, 185)]);
        // Unterminated literals: the rest stays as it is.
        assert_eq!(leave_out_long_literals("var s = \"abc").0, "var s = \"abc");
    }

    /// What a large file keeps: comments, rune literals, short strings and
    /// type literals as they are (their quotes and braces open nothing),
    /// lines counted through comments and raw strings, a header's line
    /// ending it (`var cb func()` has no body), runs of blanks as one.
    #[test]
    fn long_literals_left_out_around_comments_runes_and_types() {
        let long = "y".repeat(300);
        let items = "1,\n".repeat(100);
        let src = format!(
            "package \t \t a\n/* \"{{ ` '\n*/ // \" {{\nvar q, r = '\"', '{{'\nvar e = \"\\\"{{\"\nvar raw = `{long}\n`\n\
             type S struct {{\n{items}}}\ntype I interface {{\n{items}}}\nvar cb func()\nvar d = f([]int{{ // }}\n/* }} */ \"}}\", '}}',\n{items}}})\n\
             func g() (x struct{{ A int }}) {{\n\ts := \"{long}\"\n\treturn\n}}\nvar m = map[int]int{{1: 2}}\n"
        );
        let (out, left_out) = leave_out_long_literals(&src);
        assert_eq!(out.lines().count(), src.lines().count());
        let kept: Vec<&str> = out.lines().filter(|l| !l.trim().is_empty() && l.trim() != "1,").collect();
        expect_test::expect![[r#"
            package a
            /* "{ ` '
            */ // " {
            var q, r = '"', '{'
            var e = "\"{"
            var raw = _
            type S struct {
            }
            type I interface {
            }
            var cb func()
            var d = f([]int{_:_
            })
            func g() (x struct{ A int }) {
             s := _
             return
            }
            var m = map[int]int{1: 2}"#]]
        .assert_eq(&kept.join("\n"));
        expect_test::expect![[r#"
            [
                (
                    213,
                    315,
                ),
            ]
        "#]]
        .assert_debug_eq(&left_out);
    }

    /// A `/` that starts no comment is division, also right after a block
    /// comment's closing `/`: what follows it on its line is read on (a
    /// long string there still goes). A comment after
    /// `struct` keeps the brace on the next line a type's. A header whose
    /// parameters span lines ends at its body, which stays. A string or a
    /// composite literal (division in it too) goes when it is longer than
    /// [`LONG_LITERAL_BYTES`] with its quotes or braces, at any offset.
    #[test]
    fn long_literals_left_out_after_division_and_by_their_own_length() {
        let long = "z".repeat(300);
        let at_limit = format!("\"{}\"", "a".repeat(LONG_LITERAL_BYTES - 2));
        let over = format!("\"{}\"", "b".repeat(LONG_LITERAL_BYTES - 1));
        let items = "1,\n".repeat(100);
        let fields = "\tF int\n".repeat(40);
        // Braces and what is between them: LONG_LITERAL_BYTES + 1 bytes, then one more.
        let (exact, more) = (format!("{}1", "1,".repeat(127)), "1,".repeat(128));
        // Division inside a long literal, its closing brace on the same line.
        let halves = format!("{}6 /* c *// 3", "6 / 3, ".repeat(50));
        let src = format!(
            "package a\n\nvar ratio = 6 / 3; var z = \"{long}\"\nvar third = 6 /* c *// 2; var y = \"{long}\"\nvar h = 1 /2 + len(\"x\"); var w = []int{{\n{items}}}\n\
             type S struct // fields\n{{\n{fields}}}\nvar at = {at_limit}\nvar over = {over}\nvar late = \"ok\"\n\
             func spread(\n\ta int,\n) {{\n\tv := []int{{\n{items}}}\n\t_ = v\n}}\nvar exact = []int{{{exact}}}\nvar more = []int{{{more}}}\nvar halves = []int{{{halves}}}\n"
        );
        let (out, _) = leave_out_long_literals(&src);
        assert_eq!(out.lines().count(), src.lines().count());
        let kept: Vec<String> = out
            .lines()
            .filter(|l| !l.trim().is_empty() && l.trim() != "1," && l.trim() != "F int")
            .map(|l| if l.len() > 60 { format!("{}… ({} bytes)", &l[..60], l.len()) } else { l.to_string() })
            .collect();
        expect_test::expect![[r#"
            package a
            var ratio = 6 / 3; var z = _
            var third = 6 /* c *// 2; var y = _
            var h = 1 /2 + len("x"); var w = []int{_:_
            }
            type S struct // fields
            {
            }
            var at = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa… (265 bytes)
            var over = _
            var late = "ok"
            func spread(
             a int,
            ) {
             v := []int{
            }
             _ = v
            }
            var exact = []int{1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,… (274 bytes)
            var more = []int{_:_}
            var halves = []int{_:_}"#]]
        .assert_eq(&kept.join("\n"));
    }

    /// A syntax error outside function bodies, or no package clause, leaves
    /// the file's declarations in doubt; one inside a body does not.
    #[test]
    fn declarations_broken_outside_function_bodies_only() {
        let texts = [
            "package a\nvar x int\n",
            "package a\nfunc f() { x := }\n",
            "package a\nfunc (s S) m() { ) }\n",
            "package a\nvar x = \n",
            "package a\ntype T struct {\n",
            "package a\n)\n",
            "package a\nimport \"fmt\n",
            "var x = 1\n",
            "",
        ];
        let (mut errors, mut missing) = (0, 0);
        let shown: Vec<String> = texts
            .iter()
            .map(|t| {
                let f = ParsedFile::parse(PathBuf::from("a.go"), None, t.to_string()).unwrap();
                // What compute_declarations_broken leans on: an ERROR or
                // MISSING node has an error itself.
                let mut stack = vec![f.tree.root_node()];
                while let Some(n) = stack.pop() {
                    assert!(!(n.is_error() || n.is_missing()) || n.has_error(), "{t:?}: {n:?}");
                    errors += usize::from(n.is_error());
                    missing += usize::from(n.is_missing());
                    stack.extend((0..n.child_count()).filter_map(|i| n.child(i)));
                }
                format!("{t:?} {}", if f.declarations_broken { "broken" } else { "sound" })
            })
            .collect();
        expect_test::expect![[r#"
            "package a\nvar x int\n" sound
            "package a\nfunc f() { x := }\n" sound
            "package a\nfunc (s S) m() { ) }\n" sound
            "package a\nvar x = \n" broken
            "package a\ntype T struct {\n" broken
            "package a\n)\n" broken
            "package a\nimport \"fmt\n" broken
            "var x = 1\n" broken
            "" broken"#]]
        .assert_eq(&shown.join("\n"));
        assert!(errors > 0 && missing > 0, "{errors} {missing}");
    }

    /// `//go:build` expressions as the go command reads them: `!` binds
    /// tighter than `&&`, `&&` than `||`; operators need no blanks around
    /// them; a line that does not parse (a lone `|`, an unclosed
    /// parenthesis, nothing after the directive) builds nothing the go
    /// command would, so it settles nothing.
    #[test]
    fn build_expressions() {
        let cases = [
            "windows||linux",
            "(linux||darwin)&&!cgo",
            "!!linux",
            "windows && foo || linux",
            "linux && foo || windows",
            "gccgo || unix",
            "gc && amd64 && linux",
            "go1.26 && go1.1",
            "go1.27",
            "386 || arm64be",
            "linux | amd64",
            "linux &&",
            "(linux",
            "linux)",
            "linux && || amd64",
            "",
        ];
        let shown: Vec<String> = cases
            .iter()
            .map(|c| format!("{c:?} {:?}", build_constraint(&format!("//go:build {c}\n\npackage a"))))
            .collect();
        expect_test::expect![[r#"
            "windows||linux" Yes
            "(linux||darwin)&&!cgo" No
            "!!linux" Yes
            "windows && foo || linux" Yes
            "linux && foo || windows" Maybe
            "gccgo || unix" Yes
            "gc && amd64 && linux" Yes
            "go1.26 && go1.1" Yes
            "go1.27" No
            "386 || arm64be" No
            "linux | amd64" Maybe
            "linux &&" Maybe
            "(linux" Maybe
            "linux)" Maybe
            "linux && || amd64" Maybe
            "" Maybe"#]]
        .assert_eq(&shown.join("\n"));
    }

    #[test]
    fn build_lines() {
        assert_eq!(build_constraint("//go:build linux && amd64\n\npackage a"), Build::Yes);
        assert_eq!(build_constraint("//go:build ignore\n\npackage a"), Build::No);
        assert_eq!(build_constraint("// Copyright\n\n//go:build !windows && (go1.21 || foo)\npackage a"), Build::Yes);
        assert_eq!(build_constraint("//go:build integration\n\npackage a"), Build::Maybe);
        assert_eq!(build_constraint("//go:build windows && integration\n\npackage a"), Build::No);
        assert_eq!(build_constraint("//go:build !race\n\npackage a"), Build::Yes);
        assert_eq!(build_constraint("//go:build race\n\npackage a"), Build::Maybe);
        assert_eq!(build_constraint("// +build darwin,amd64 windows\n\npackage a"), Build::No);
        assert_eq!(build_constraint("// +build linux,!purego\n\npackage a"), Build::Yes);
        assert_eq!(build_constraint("// +build linux,purego\n\npackage a"), Build::Maybe);
        assert_eq!(build_constraint("package a\n//go:build ignore\n"), Build::Yes);
        // Block comments before the build line are skipped, as the go
        // command skips them; a build line inside one is not a build line.
        assert_eq!(build_constraint("/*\n * Copyright\n */\n\n//go:build windows\n\npackage a"), Build::No);
        assert_eq!(build_constraint("/* c */ //go:build windows\n\npackage a"), Build::Yes);
        assert_eq!(build_constraint("/*\n//go:build windows\n*/\n\npackage a"), Build::Yes);
        assert_eq!(build_constraint("/* a */ /* b\n*/ //x\n//go:build ignore\npackage a"), Build::No);
        // `+build` counts only when a blank line follows it, and only before
        // any block comment or code.
        assert_eq!(build_constraint("// +build windows\npackage a"), Build::Yes);
        assert_eq!(build_constraint("// +build windows\n// more\n\npackage a"), Build::No);
        assert_eq!(build_constraint("//+build windows\n\npackage a"), Build::No);
        assert_eq!(build_constraint("/* c */\n// +build windows\n\npackage a"), Build::Yes);
        assert_eq!(build_constraint("// +buildwindows\n\npackage a"), Build::Yes);
        assert_eq!(build_constraint("//go:buildx windows\n\npackage a"), Build::Yes);
        // Two build lines: the go command refuses the file.
        assert_eq!(build_constraint("//go:build linux\n//go:build windows\n\npackage a"), Build::Maybe);
    }
}
