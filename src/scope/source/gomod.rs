//! Where Go packages live: the nearest `go.mod` (module path, `require`,
//! `replace`), `vendor/`, GOROOT and the module cache, as `go build` finds
//! them. Only directories are computed here; reading them is the caller's.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The parts of a `go.mod` that decide where imports come from.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct GoMod {
    /// The directory holding `go.mod`.
    pub root: PathBuf,
    pub module: String,
    /// `require` lines: module path and version.
    pub requires: Vec<(String, String)>,
    pub replaces: Vec<Replace>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Replace {
    pub old: String,
    pub new: ReplaceTarget,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ReplaceTarget {
    Dir(PathBuf),
    Module { path: String, version: String },
}

impl GoMod {
    pub fn parse(root: &Path, text: &str) -> GoMod {
        let mut m = GoMod { root: root.to_path_buf(), ..GoMod::default() };
        let mut block: Option<String> = None;
        for raw in text.lines() {
            let line = raw.split("//").next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(kw) = &block {
                if line == ")" {
                    block = None;
                } else {
                    let kw = kw.clone();
                    m.directive(&kw, line);
                }
                continue;
            }
            let (kw, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let rest = rest.trim();
            if rest == "(" {
                block = Some(kw.to_string());
            } else {
                m.directive(kw, rest);
            }
        }
        m
    }

    fn directive(&mut self, kw: &str, args: &str) {
        match kw {
            "module" => self.module = unquote(args.trim()).to_string(),
            "require" => {
                let mut it = args.split_whitespace();
                if let (Some(p), Some(v)) = (it.next(), it.next()) {
                    self.requires.push((unquote(p).to_string(), v.to_string()));
                }
            }
            "replace" => {
                let Some((old, new)) = args.split_once("=>") else { return };
                let old = old.split_whitespace().next().map(unquote).unwrap_or("").to_string();
                let mut new = new.split_whitespace();
                let Some(target) = new.next().map(unquote) else { return };
                let new = if target.starts_with("./") || target.starts_with("../") || Path::new(target).is_absolute() {
                    ReplaceTarget::Dir(self.root.join(target))
                } else {
                    match new.next() {
                        Some(v) => ReplaceTarget::Module { path: target.to_string(), version: v.to_string() },
                        None => return,
                    }
                };
                self.replaces.push(Replace { old, new });
            }
            _ => {}
        }
    }
}

fn unquote(s: &str) -> &str {
    s.trim_matches('"').trim_matches('`')
}

/// The directory holding `go.mod` for `dir`, if any.
pub(crate) fn find_go_mod(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().map(|d| d.join("go.mod")).find(|p| p.is_file())
}

/// `$(go env GOROOT)` and `$(go env GOMODCACHE)`, asked once per process.
#[derive(Debug, Clone, Default)]
pub(crate) struct GoEnv {
    pub goroot: Option<PathBuf>,
    pub gomodcache: Option<PathBuf>,
}

pub(crate) fn go_env() -> &'static GoEnv {
    static ENV: OnceLock<GoEnv> = OnceLock::new();
    ENV.get_or_init(detect_go_env)
}

fn detect_go_env() -> GoEnv {
    let from_var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    let mut env = GoEnv { goroot: from_var("GOROOT"), gomodcache: from_var("GOMODCACHE") };
    if env.goroot.is_none() || env.gomodcache.is_none() {
        if let Ok(out) = Command::new("go").args(["env", "GOROOT", "GOMODCACHE"]).output() {
            let text = String::from_utf8_lossy(&out.stdout);
            let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty()).map(PathBuf::from);
            if out.status.success() {
                let (root, cache) = (lines.next(), lines.next());
                env.goroot = env.goroot.or(root);
                env.gomodcache = env.gomodcache.or(cache);
            }
        }
    }
    let home = || from_var("HOME").or_else(|| from_var("USERPROFILE"));
    if env.goroot.is_none() {
        let mut candidates: Vec<PathBuf> =
            ["/usr/local/go", "/usr/lib/go", "/opt/homebrew/opt/go/libexec", "/usr/local/opt/go/libexec", "C:\\Go"]
                .iter()
                .map(PathBuf::from)
                .collect();
        candidates.extend(home().map(|h| h.join("go").join("go")));
        env.goroot = candidates.into_iter().find(|c| c.join("src").join("runtime").is_dir());
    }
    if env.gomodcache.is_none() {
        let gopath =
            from_var("GOPATH").and_then(|p| std::env::split_paths(&p).next()).or_else(|| home().map(|h| h.join("go")));
        env.gomodcache = gopath.map(|p| p.join("pkg").join("mod"));
    }
    env
}

/// A module path or version as the module cache spells it on disk:
/// uppercase letters become `!` and the lowercase letter.
pub(crate) fn escape_module_path(p: &str) -> String {
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

/// Standard-library import paths have no dot in their first element.
pub(crate) fn is_std(import: &str) -> bool {
    !import.split('/').next().unwrap_or("").contains('.')
}

/// The directory `go build` would read for `import`, from a package whose
/// module is `module` (`None` outside a module) and which is `from_std`.
pub(crate) fn package_dir(import: &str, module: Option<&GoMod>, env: &GoEnv, from_std: bool) -> Option<PathBuf> {
    let existing = |p: PathBuf| p.is_dir().then_some(p);
    if import == "C" || import == "unsafe" {
        return None;
    }
    if is_std(import) {
        let src = env.goroot.as_ref()?.join("src");
        return existing(join_import(&src, import));
    }
    if from_std {
        if let Some(root) = &env.goroot {
            if let Some(d) = existing(join_import(&root.join("src").join("vendor"), import)) {
                return Some(d);
            }
        }
    }
    let m = module?;
    if let Some(rest) = sub_path(import, &m.module) {
        return existing(join_import(&m.root, rest));
    }
    if let Some(d) = existing(join_import(&m.root.join("vendor"), import)) {
        return Some(d);
    }
    let cache = env.gomodcache.as_ref();
    let best_replace = m.replaces.iter().filter(|r| sub_path(import, &r.old).is_some()).max_by_key(|r| r.old.len());
    if let Some(r) = best_replace {
        let rest = sub_path(import, &r.old).unwrap_or("");
        return match &r.new {
            ReplaceTarget::Dir(d) => existing(join_import(d, rest)),
            ReplaceTarget::Module { path, version } => {
                existing(join_import(&cache?.join(cached_module(path, version)), rest))
            }
        };
    }
    let (path, version) =
        m.requires.iter().filter(|(p, _)| sub_path(import, p).is_some()).max_by_key(|(p, _)| p.len())?;
    let rest = sub_path(import, path).unwrap_or("");
    existing(join_import(&cache?.join(cached_module(path, version)), rest))
}

fn cached_module(path: &str, version: &str) -> String {
    format!("{}@{}", escape_module_path(path), escape_module_path(version))
}

/// `import` relative to the module or prefix `prefix` (`""` for the prefix itself).
fn sub_path<'a>(import: &'a str, prefix: &str) -> Option<&'a str> {
    if prefix.is_empty() {
        return None;
    }
    let rest = import.strip_prefix(prefix)?;
    if rest.is_empty() { Some("") } else { rest.strip_prefix('/') }
}

fn join_import(base: &Path, rel: &str) -> PathBuf {
    rel.split('/').filter(|s| !s.is_empty()).fold(base.to_path_buf(), |p, s| p.join(s))
}

/// The import path of the package in `dir` of module `m`.
pub(crate) fn import_path_of(dir: &Path, m: &GoMod) -> Option<String> {
    let rel = dir.strip_prefix(&m.root).ok()?;
    let mut path = m.module.clone();
    for c in rel.components() {
        path.push('/');
        path.push_str(&c.as_os_str().to_string_lossy());
    }
    Some(path)
}

/// The import path of a directory under `$GOROOT/src` or the module cache,
/// for packages loaded from there.
pub(crate) fn import_path_in_roots(dir: &Path, env: &GoEnv) -> Option<String> {
    if let Some(root) = &env.goroot {
        let src = root.join("src");
        if let Ok(rel) = dir.strip_prefix(&src) {
            let rel = rel.strip_prefix("vendor").unwrap_or(rel);
            return Some(slash_path(rel));
        }
    }
    if let Some(cache) = &env.gomodcache {
        if let Ok(rel) = dir.strip_prefix(cache) {
            let rel = slash_path(rel);
            let (module, rest) = match rel.find('@') {
                Some(at) => {
                    let after = &rel[at..];
                    let rest = after.find('/').map(|i| &after[i..]).unwrap_or("");
                    (&rel[..at], rest)
                }
                None => (rel.as_str(), ""),
            };
            return Some(format!("{}{}", unescape_module_path(module), rest));
        }
    }
    None
}

fn slash_path(p: &Path) -> String {
    p.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

fn unescape_module_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    let mut bang = false;
    for c in p.chars() {
        if c == '!' {
            bang = true;
        } else if bang {
            out.push(c.to_ascii_uppercase());
            bang = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether files in `dir` never change under us (GOROOT, the module cache),
/// so cached packages there need no revalidation.
pub(crate) fn is_immutable_dir(dir: &Path, env: &GoEnv) -> bool {
    env.goroot.as_ref().is_some_and(|r| dir.starts_with(r))
        || env.gomodcache.as_ref().is_some_and(|c| dir.starts_with(c))
}

/// The package name an import path most likely declares, for packages not
/// loaded: `gopkg.in/yaml.v3` → `yaml`, `example.com/x/v2` → `x`,
/// `github.com/mattn/go-sqlite3` → `sqlite3`.
pub(crate) fn guess_package_name(import: &str) -> String {
    let mut parts: Vec<&str> = import.split('/').collect();
    let mut last = parts.pop().unwrap_or(import);
    if last.len() > 1 && last.starts_with('v') && last[1..].chars().all(|c| c.is_ascii_digit()) {
        if let Some(prev) = parts.pop() {
            last = prev;
        }
    }
    let last = last.split('.').next().unwrap_or(last);
    let last = last.strip_prefix("go-").unwrap_or(last);
    let last = last.strip_suffix("-go").unwrap_or(last);
    last.replace('-', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_go_mod() {
        let m = GoMod::parse(
            Path::new("/p"),
            "module example.com/shop // c\n\ngo 1.22\nrequire (\n\tgithub.com/Foo/bar v1.2.3 // indirect\n)\nrequire x.org/y v0.1.0\nreplace x.org/y => ../y\nreplace (\n a.b/c v1.0.0 => d.e/f v1.1.0\n)\n",
        );
        assert_eq!(m.module, "example.com/shop");
        assert_eq!(
            m.requires,
            vec![("github.com/Foo/bar".into(), "v1.2.3".into()), ("x.org/y".into(), "v0.1.0".into())]
        );
        assert_eq!(m.replaces[0].new, ReplaceTarget::Dir(PathBuf::from("/p/../y")));
        assert_eq!(m.replaces[1].new, ReplaceTarget::Module { path: "d.e/f".into(), version: "v1.1.0".into() });
    }

    #[test]
    fn escapes_and_guesses() {
        assert_eq!(escape_module_path("github.com/BurntSushi/toml"), "github.com/!burnt!sushi/toml");
        assert_eq!(unescape_module_path("github.com/!burnt!sushi/toml"), "github.com/BurntSushi/toml");
        assert_eq!(guess_package_name("gopkg.in/yaml.v3"), "yaml");
        assert_eq!(guess_package_name("example.com/x/v2"), "x");
        assert_eq!(guess_package_name("github.com/mattn/go-sqlite3"), "sqlite3");
        assert_eq!(guess_package_name("net/http"), "http");
    }
}
