//! go.mod and vendor/modules.txt as the go command reads them, and module
//! paths as the module cache spells them. Pure: text in, facts out; it
//! never fails (what it cannot read is left out, as `go` would reject it).
//!
//! Syntax followed: `golang.org/x/mod/modfile` (tokens split at spaces and
//! `( ) [ ] { } ,`, `//` comments, `"…"` strings with Go escapes, one
//! directive per line or `verb ( … )` blocks).

use crate::expr::literal;

/// The parts of a go.mod that decide where imports come from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoMod {
    /// The `module` path; `None` when the file declares none.
    pub module: Option<String>,
    pub requires: Vec<Require>,
    pub replaces: Vec<Replace>,
}

/// `require path version`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Require {
    pub path: String,
    pub version: String,
}

/// `replace old [version] => new`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replace {
    pub old: String,
    /// Only this version of `old` is replaced; `None`: every version.
    pub old_version: Option<String>,
    pub new: ReplaceTarget,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplaceTarget {
    /// A folder as written: relative to the go.mod's folder, or absolute
    /// in either POSIX or Windows syntax.
    Dir(String),
    /// Another module at a version, from the module cache.
    Module { path: String, version: String },
}

impl GoMod {
    pub fn parse(text: &str) -> GoMod {
        let mut m = GoMod::default();
        let mut block: Option<String> = None;
        for line in text.lines() {
            let toks = tokens(line);
            if toks.is_empty() {
                continue;
            }
            if let Some(verb) = &block {
                if toks == [Tok::Close] {
                    block = None;
                } else {
                    let verb = verb.clone();
                    m.directive(&verb, &toks);
                }
                continue;
            }
            let Some(Tok::Word(verb)) = toks.first() else { continue };
            match &toks[1..] {
                [Tok::Open] => block = Some(verb.clone()),
                [Tok::Open, Tok::Close] => {}
                args => m.directive(verb, args),
            }
        }
        m
    }

    fn directive(&mut self, verb: &str, args: &[Tok]) {
        let words: Option<Vec<&str>> = args
            .iter()
            .map(|t| match t {
                Tok::Word(w) => Some(w.as_str()),
                _ => None,
            })
            .collect();
        let Some(words) = words else { return };
        match (verb, words.as_slice()) {
            ("module", [path]) => self.module = Some(path.to_string()),
            ("require", [path, version]) => {
                self.requires.push(Require { path: path.to_string(), version: version.to_string() })
            }
            ("replace", _) => {
                if let Some(r) = replace(&words) {
                    self.replaces.push(r);
                }
            }
            _ => {}
        }
    }
}

/// `old [v] => dir` or `old [v] => new v`; anything else is an error to
/// the go command.
fn replace(words: &[&str]) -> Option<Replace> {
    let arrow = words.iter().position(|w| *w == "=>").filter(|a| matches!(a, 1 | 2))?;
    let old = words[0].to_string();
    let old_version = (arrow == 2).then(|| words[1].to_string());
    let new = match &words[arrow + 1..] {
        [dir] if is_directory_path(dir) => ReplaceTarget::Dir(dir.to_string()),
        [path, version] if !is_directory_path(path) => {
            ReplaceTarget::Module { path: path.to_string(), version: version.to_string() }
        }
        _ => return None,
    };
    Some(Replace { old, old_version, new })
}

/// Whether a replacement names a folder rather than a module: relative
/// or rooted, in POSIX or Windows syntax (`modfile.IsDirectoryPath`; a
/// go.mod may move between systems).
pub fn is_directory_path(p: &str) -> bool {
    let b = p.as_bytes();
    ["./", "../", "/", ".\\", "..\\", "\\"].iter().any(|pre| p.starts_with(pre))
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Open,
    Close,
    /// Punctuation go.mod gives no meaning here, or a malformed string.
    Other,
}

/// The tokens of one line, its `//` comment left out.
fn tokens(line: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut rest = line;
    loop {
        rest = rest.trim_start();
        let Some(c) = rest.chars().next() else { break };
        if rest.starts_with("//") {
            break;
        }
        match c {
            '(' | ')' | '[' | ']' | '{' | '}' | ',' => {
                out.push(match c {
                    '(' => Tok::Open,
                    ')' => Tok::Close,
                    _ => Tok::Other,
                });
                rest = &rest[1..];
            }
            '"' | '`' => {
                let end = string_end(rest, c).unwrap_or(rest.len());
                out.push(literal::string(&rest[..end]).map_or(Tok::Other, Tok::Word));
                rest = &rest[end..];
            }
            _ => {
                let end = rest
                    .char_indices()
                    .find(|&(i, c)| c.is_whitespace() || "()[]{},".contains(c) || rest[i..].starts_with("//"))
                    .map_or(rest.len(), |(i, _)| i);
                out.push(Tok::Word(rest[..end].to_string()));
                rest = &rest[end..];
            }
        }
    }
    out
}

/// The byte index after the string starting at the beginning of `s`.
fn string_end(s: &str, quote: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        if escaped {
            escaped = false;
        } else if c == '\\' && quote == '"' {
            escaped = true;
        } else if c == quote {
            return Some(i + 1);
        }
    }
    None
}

/// The modules vendored into `vendor/` (`# path version` lines of
/// vendor/modules.txt).
pub fn vendored_modules(modules_txt: &str) -> Vec<String> {
    modules_txt
        .lines()
        .filter_map(|l| l.strip_prefix("# "))
        .filter_map(|l| l.split_whitespace().next())
        .map(String::from)
        .collect()
}

/// A module path or version as the module cache spells it on disk:
/// an uppercase letter becomes `!` and the lowercase letter
/// (`module.EscapePath`).
pub fn escape_module_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for c in p.chars() {
        if c.is_ascii_uppercase() {
            out.push('!');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The reverse of [`escape_module_path`]: `!burnt!sushi` → `BurntSushi`.
pub fn unescape_module_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    let mut bang = false;
    for c in p.chars() {
        match (bang, c) {
            (false, '!') => bang = true,
            (true, c) => {
                out.push(c.to_ascii_uppercase());
                bang = false;
            }
            (false, c) => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{Expect, expect};

    fn check(text: &str, expect: Expect) {
        let m = GoMod::parse(text);
        let mut out = String::new();
        if let Some(module) = &m.module {
            out.push_str(&format!("module {module}\n"));
        }
        for r in &m.requires {
            out.push_str(&format!("require {} {}\n", r.path, r.version));
        }
        for r in &m.replaces {
            let old = match &r.old_version {
                Some(v) => format!("{} {v}", r.old),
                None => r.old.clone(),
            };
            let new = match &r.new {
                ReplaceTarget::Dir(d) => format!("folder {d}"),
                ReplaceTarget::Module { path, version } => format!("module {path} {version}"),
            };
            out.push_str(&format!("replace {old} => {new}\n"));
        }
        expect.assert_eq(&out);
    }

    #[test]
    fn directives_and_blocks() {
        check(
            "module example.com/shop // c\n\ngo 1.22\nrequire (\n\tgithub.com/Foo/bar v1.2.3 // indirect\n)\nrequire x.org/y v0.1.0\nreplace x.org/y => ../y\nreplace (\n a.b/c v1.0.0 => d.e/f v1.1.0\n)\n",
            expect![[r#"
                module example.com/shop
                require github.com/Foo/bar v1.2.3
                require x.org/y v0.1.0
                replace x.org/y => folder ../y
                replace a.b/c v1.0.0 => module d.e/f v1.1.0
            "#]],
        );
        check(
            "module example.com/hello // main\n\ngo 1.22\n\nreplace example.com/lib => ../lib\nreplace (\n\texample.com/a v1.0.0 => ./a\n\texample.com/b => example.com/c v1.2.0\n)\n",
            expect![[r#"
                module example.com/hello
                replace example.com/lib => folder ../lib
                replace example.com/a v1.0.0 => folder ./a
                replace example.com/b => module example.com/c v1.2.0
            "#]],
        );
        check(
            "module m\nrequire ()\nexclude x.org/y v1.0.0\nretract [v1.0.0, v1.1.0]\ntoolchain go1.22.1\ngodebug (\n\tpanicnil=1\n)\n",
            expect![[r#"
                module m
            "#]],
        );
    }

    #[test]
    fn quoted_paths() {
        check(
            "module \"example.com/quoted\"\nrequire \"x.org/y\" \"v1.0.0\"\nreplace \"x.org/y\" => \"../my dir\"\nreplace `a.b/c` => `./c`\nrequire \"x.org/\\u0041\" v1.0.0\n",
            expect![[r#"
                module example.com/quoted
                require x.org/y v1.0.0
                require x.org/A v1.0.0
                replace x.org/y => folder ../my dir
                replace a.b/c => folder ./c
            "#]],
        );
        // A `//` inside a string is not a comment.
        check(
            "replace a.b/c => \"/srv//c\" // the cache\n",
            expect![[r#"
                replace a.b/c => folder /srv//c
            "#]],
        );
    }

    #[test]
    fn replacements_of_every_form() {
        check(
            "replace a.b/c => /abs/c\nreplace a.b/d v1.2.3 => ./d\nreplace a.b/e => C:\\src\\e\nreplace a.b/f => ..\\f\nreplace a.b/g => \\\\server\\share\\g\nreplace a.b/h => a.b/h2 v0.0.1\nreplace a.b/i v1 => a.b/i2 v2\n",
            expect![[r#"
                replace a.b/c => folder /abs/c
                replace a.b/d v1.2.3 => folder ./d
                replace a.b/e => folder C:\src\e
                replace a.b/f => folder ..\f
                replace a.b/g => folder \\server\share\g
                replace a.b/h => module a.b/h2 v0.0.1
                replace a.b/i v1 => module a.b/i2 v2
            "#]],
        );
        // What the go command rejects: a folder with a version, a module
        // without one, no arrow, the arrow glued to a path.
        check(
            "replace a.b/c => ./c v1.0.0\nreplace a.b/d => a.b/e\nreplace a.b/f ./f\nreplace a.b/g=>./g\nreplace a.b/h v1 v2 => ./h\nreplace => ./x\n",
            expect![""],
        );
    }

    #[test]
    fn odd_input_never_fails() {
        check(
            "module\nmodule a b\nrequire x.org/y\nrequire (\nx.org/z v1.0.0\n",
            expect![[r#"
                require x.org/z v1.0.0
            "#]],
        );
        check(
            ")\n(\nrequire \"unterminated v1\nreplace \"bad\\q\" => ./x\n\u{feff}\0\n{[,]}\nmodule example.com/last\n",
            expect![[r#"
                module example.com/last
            "#]],
        );
        check("", expect![""]);
    }

    #[test]
    fn vendored_and_escaped() {
        assert_eq!(
            vendored_modules("# github.com/cosiner/argv v0.1.0\n## explicit\ngithub.com/cosiner/argv\n"),
            vec!["github.com/cosiner/argv"]
        );
        assert_eq!(escape_module_path("github.com/BurntSushi/toml"), "github.com/!burnt!sushi/toml");
        assert_eq!(unescape_module_path("github.com/!burnt!sushi/toml"), "github.com/BurntSushi/toml");
    }
}
