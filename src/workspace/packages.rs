//! Which folder holds an import, and which import a folder is, as `go
//! build` decides: the standard library, the module itself, vendor/,
//! `replace` and the module cache. Only paths are computed here; reading
//! the packages is the caller's.

use std::path::{Path, PathBuf};

use super::gomod::{ReplaceTarget, unescape_module_path};
use super::{GoDirs, Module, cached_module_name};

/// Standard-library import paths have no dot in their first element.
pub fn is_std(import: &str) -> bool {
    !import.split('/').next().unwrap_or("").contains('.')
}

/// The folder `go build` would read for `import`, from a package of
/// `module` (`None` outside a module) that is `from_std` or not.
pub fn package_dir(import: &str, module: Option<&Module>, dirs: &GoDirs, from_std: bool) -> Option<PathBuf> {
    let existing = |p: PathBuf| p.is_dir().then_some(p);
    if import == "C" || import == "unsafe" {
        return None;
    }
    if is_std(import) {
        let src = dirs.goroot.as_ref()?.join("src");
        return existing(join_import(&src, import));
    }
    if from_std {
        if let Some(root) = &dirs.goroot {
            if let Some(d) = existing(join_import(&root.join("src").join("vendor"), import)) {
                return Some(d);
            }
        }
    }
    let m = module?;
    if let Some(rest) = sub_path(import, m.path()) {
        return existing(join_import(&m.root, rest));
    }
    if let Some(d) = existing(join_import(&m.root.join("vendor"), import)) {
        return Some(d);
    }
    let cache = dirs.gomodcache.as_ref();
    let replaces = &m.go_mod.replaces;
    let best_replace = replaces.iter().filter(|r| sub_path(import, &r.old).is_some()).max_by_key(|r| r.old.len());
    if let Some(r) = best_replace {
        let rest = sub_path(import, &r.old).unwrap_or("");
        return match &r.new {
            ReplaceTarget::Dir(d) => existing(join_import(&m.replace_dir(d), rest)),
            ReplaceTarget::Module { path, version } => {
                existing(join_import(&cache?.join(cached_module_name(path, version)), rest))
            }
        };
    }
    let required = m.go_mod.requires.iter().filter(|r| sub_path(import, &r.path).is_some());
    let r = required.max_by_key(|r| r.path.len())?;
    let rest = sub_path(import, &r.path).unwrap_or("");
    existing(join_import(&cache?.join(cached_module_name(&r.path, &r.version)), rest))
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
pub fn import_path_of(dir: &Path, m: &Module) -> Option<String> {
    let rel = dir.strip_prefix(&m.root).ok()?;
    let mut path = m.path().to_string();
    for c in rel.components() {
        path.push('/');
        path.push_str(&c.as_os_str().to_string_lossy());
    }
    Some(path)
}

/// The import path of a folder under `$GOROOT/src` or the module cache,
/// for packages loaded from there.
pub fn import_path_in_roots(dir: &Path, dirs: &GoDirs) -> Option<String> {
    if let Some(root) = &dirs.goroot {
        let src = root.join("src");
        if let Ok(rel) = dir.strip_prefix(&src) {
            let rel = rel.strip_prefix("vendor").unwrap_or(rel);
            return Some(slash_path(rel));
        }
    }
    if let Some(cache) = &dirs.gomodcache {
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

/// The package name an import path most likely declares, for packages not
/// loaded: `gopkg.in/yaml.v3` → `yaml`, `example.com/x/v2` → `x`,
/// `github.com/mattn/go-sqlite3` → `sqlite3`.
pub fn guess_package_name(import: &str) -> String {
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
    fn guesses_package_names() {
        assert_eq!(guess_package_name("gopkg.in/yaml.v3"), "yaml");
        assert_eq!(guess_package_name("example.com/x/v2"), "x");
        assert_eq!(guess_package_name("github.com/mattn/go-sqlite3"), "sqlite3");
        assert_eq!(guess_package_name("net/http"), "http");
    }
}
