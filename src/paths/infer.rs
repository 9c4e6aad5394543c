//! Zero-configuration `substitutePath` inference: from the file names in a
//! binary's line tables and a description of the editor's workspace, the
//! rules that make every build path an editor path. Pure: `workspace`
//! gathers the facts (go.mod, vendor/, `go env`) and the adapter reads the
//! binary; nothing here touches the file system.
//!
//! A build path no rule explains is reported in [`Inference::unmapped`],
//! never guessed.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::{PathRule, PathStyle};
use crate::workspace::gomod::unescape_module_path;

/// What the binary says about where it was built.
#[derive(Debug, Clone, Default)]
pub struct BinaryPaths {
    /// Every line-table file name (`Binary::all_files`).
    pub files: Vec<String>,
    /// The main module's path from the build info (`example.com/hello`).
    pub main_module: Option<String>,
    /// Built with `-trimpath`.
    pub trimpath: bool,
}

/// A local source tree whose files a binary may have been built from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocalTree {
    /// Absolute local directory, in the editor's path style.
    pub dir: String,
    /// The module path (`example.com/lib`), when known.
    pub module: Option<String>,
    /// Go and assembly files relative to `dir`, with `/` separators.
    pub files: Vec<String>,
}

/// The editor's side, gathered by the adapter.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    /// The main module (the folder holding go.mod) or the workspace folder.
    pub main: LocalTree,
    /// `replace` directives that point to local folders.
    pub replaces: Vec<LocalTree>,
    /// Local `go env GOROOT`.
    pub goroot: Option<String>,
    /// Top-level folders of `$GOROOT/src` (`runtime`, `fmt`, `vendor`, …):
    /// how a `-trimpath` binary's relative std paths are recognised.
    pub goroot_src_dirs: Vec<String>,
    /// Local `go env GOMODCACHE`.
    pub gomodcache: Option<String>,
    /// Modules present in the main module's `vendor/` (from vendor/modules.txt).
    pub vendored: Vec<String>,
}

/// The inferred rules (most specific first) and the build paths they leave
/// unexplained.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inference {
    pub rules: Vec<PathRule>,
    pub unmapped: Vec<String>,
}

/// Infers the rules for `binary` debugged from `ws`.
pub fn infer(binary: &BinaryPaths, ws: &Workspace) -> Inference {
    let files: Vec<&str> = binary.files.iter().map(String::as_str).filter(|f| is_source_path(f)).collect();
    let mut rules: Vec<PathRule> = Vec::new();
    let push = |rules: &mut Vec<PathRule>, from: String, to: String, why: String| {
        if !same_path(&from, &to) && !rules.iter().any(|r| same_path(&r.to, &to)) {
            rules.push(PathRule { from, to, why });
        }
    };
    let local_style = PathStyle::of(&ws.main.dir);

    // The standard library, absolute: the binary's GOROOT is the prefix of
    // `…/src/runtime/…`.
    let std_dirs: HashSet<&str> = ws.goroot_src_dirs.iter().map(String::as_str).collect();
    if let Some(bin_goroot) = files.iter().find_map(|f| goroot_of(f)) {
        let local = wsl_view(&bin_goroot, &ws.main.dir).or_else(|| ws.goroot.clone());
        if let Some(local) = local {
            push(
                &mut rules,
                local,
                bin_goroot.clone(),
                format!("GOROOT: the binary's standard library is at {bin_goroot}"),
            );
        }
    }

    // Dependencies: `mod@version` components.
    let mut bin_modcache: Option<String> = None;
    let mut trimmed_modules: BTreeSet<String> = BTreeSet::new();
    for f in &files {
        let comps = components(f);
        if is_absolute(f) {
            // The cache is the folder `pkg/mod` ends when a `path@version`
            // lies below it; an `@` above it is only some folder's name (a
            // CI workspace such as Jenkins' `app@2`).
            let Some(i) = comps.windows(2).position(|w| w[0].1 == "pkg" && w[1].1 == "mod") else { continue };
            if bin_modcache.is_none() && comps[i + 2..].iter().any(|c| c.1.contains('@')) {
                bin_modcache = Some(prefix_before(f, &comps, i + 2));
            }
        } else if let Some(at) = comps.iter().position(|c| c.1.contains('@')) {
            trimmed_modules.insert(prefix_before(f, &comps, at + 1));
        }
    }
    if let Some(bin) = &bin_modcache {
        let local = wsl_view(bin, &ws.main.dir).or_else(|| ws.gomodcache.clone());
        if let Some(local) = local {
            push(&mut rules, local, bin.clone(), format!("module cache: the binary's dependencies are under {bin}"));
        }
    }
    for m in &trimmed_modules {
        let (path, _version) = m.split_once('@').unwrap_or((m, ""));
        let path = unescape_module_path(path);
        if let Some(r) = ws.replaces.iter().find(|r| r.module.as_deref() == Some(path.as_str())) {
            push(&mut rules, r.dir.clone(), m.clone(), format!("-trimpath: {path} is replaced by a local folder"));
        } else if ws.vendored.contains(&path) {
            let dir = join(&ws.main.dir, &format!("vendor/{path}"), local_style);
            push(&mut rules, dir, m.clone(), format!("-trimpath: {path} is vendored"));
        } else if let Some(cache) = &ws.gomodcache {
            let dir = join(cache, m, PathStyle::of(cache));
            push(&mut rules, dir, m.clone(), format!("-trimpath: {path} from the module cache"));
        }
    }

    // The standard library under -trimpath: relative `runtime/…`, one rule
    // per top-level folder so no other relative path is caught.
    if let Some(goroot) = &ws.goroot {
        let mut tops: BTreeSet<&str> = BTreeSet::new();
        for f in &files {
            if is_absolute(f) {
                continue;
            }
            let comps = components(f);
            if comps.len() > 1 && !comps[0].1.contains('.') && std_dirs.contains(comps[0].1) {
                tops.insert(comps[0].1);
            }
        }
        let style = PathStyle::of(goroot);
        for top in tops {
            let from = join(goroot, &format!("src/{top}"), style);
            push(&mut rules, from, top.to_string(), "-trimpath: standard library package".to_string());
        }
    }

    // The main module and local `replace` folders: the build root is where
    // the binary's paths and the local files share the longest suffix.
    let mut trees: Vec<&LocalTree> = vec![&ws.main];
    trees.extend(ws.replaces.iter());
    let covered = |f: &str, rules: &[PathRule]| rules.iter().any(|r| under(f, &r.to).is_some());
    // (tree, build root) → (files, the separator the compiler wrote after the root).
    let mut votes: HashMap<(usize, String), (usize, Option<char>)> = HashMap::new();
    // Windows paths compare case-insensitively, POSIX ones exactly.
    let windows = |p: &str| PathStyle::of(p) == PathStyle::Windows;
    let indexes: Vec<(HashSet<&str>, HashSet<String>)> = trees
        .iter()
        .map(|t| {
            (t.files.iter().map(String::as_str).collect(), t.files.iter().map(|f| f.to_ascii_lowercase()).collect())
        })
        .collect();
    for f in &files {
        if covered(f, &rules) {
            continue;
        }
        let comps = components(f);
        let mut best: Option<(usize, usize)> = None; // (start component, tree)
        for (ti, (exact, folded)) in indexes.iter().enumerate() {
            let fold = windows(f) || windows(&trees[ti].dir);
            // Longest suffix first: the smallest start component.
            for k in 1..comps.len() {
                let suffix = comps[k..].iter().map(|c| c.1).collect::<Vec<_>>().join("/");
                let found =
                    if fold { folded.contains(&suffix.to_ascii_lowercase()) } else { exact.contains(suffix.as_str()) };
                if found {
                    if best.is_none_or(|(bk, _)| k < bk) {
                        best = Some((k, ti));
                    }
                    break;
                }
            }
        }
        if let Some((k, ti)) = best {
            let sep = f[..comps[k].0].chars().next_back();
            let v = votes.entry((ti, prefix_before(f, &comps, k))).or_insert((0, sep));
            v.0 += 1;
        }
    }
    // A workspace holding another module is not where this binary's main
    // module came from, however many file names match.
    let other_module = matches!((&binary.main_module, &ws.main.module), (Some(b), Some(w)) if b != w);
    for (ti, tree) in trees.iter().enumerate() {
        if ti == 0 && other_module {
            continue;
        }
        // The most files, then the shortest root, then the first in order:
        // the same answer on every run whatever order the map holds them in.
        let winner = votes.iter().filter(|((t, _), _)| *t == ti).max_by(|a, b| {
            a.1.0.cmp(&b.1.0).then_with(|| b.0.1.len().cmp(&a.0.1.len())).then_with(|| b.0.1.cmp(&a.0.1))
        });
        if let Some(((_, root), (n, sep))) = winner {
            let what = match (ti, &tree.module) {
                (0, Some(m)) => format!("main module {m}"),
                (0, None) => "the workspace".to_string(),
                (_, Some(m)) => format!("{m} (replaced by a local folder)"),
                (_, None) => "a replaced module".to_string(),
            };
            let why = if binary.trimpath && !is_absolute(root) {
                format!("-trimpath: {what} is written as {root}")
            } else {
                format!(
                    "build root: {what} was built at {root} ({n} file{} match by path suffix)",
                    if *n == 1 { "" } else { "s" }
                )
            };
            // `-trimpath=…=>C:\\proj` on a POSIX machine writes
            // `C:\\proj/main.go`: Delve compares file names exactly and joins
            // with the separator `to` uses, so a trailing `/` keeps it mixed.
            let to = if root.contains('\\') && *sep == Some('/') { format!("{root}/") } else { root.clone() };
            push(&mut rules, tree.dir.clone(), to, why);
        }
    }

    // Delve matches a Windows-style rule case-insensitively and lowercases
    // the rest of the path (`locspec.SubstitutePath`), so `Polite.go` reaches
    // it as `polite.go`; only an exact whole-path rule keeps the case.
    let mut exact = Vec::new();
    for f in &files {
        let Some(r) = rules.iter().find(|r| under(f, &r.to).is_some()) else { continue };
        if !(windows(&r.from) || windows(&r.to)) {
            continue;
        }
        let rest = under(f, &r.to).unwrap_or("");
        if rest.chars().any(|c| c.is_uppercase()) {
            let style = PathStyle::of(&r.from);
            let rest: String = rest.chars().map(|c| if c == '\\' { '/' } else { c }).collect();
            let why = format!("exact path: Delve lowercases paths under the Windows-style rule {} => {}", r.from, r.to);
            exact.push(PathRule { from: join(&r.from, &rest, style), to: f.to_string(), why });
        }
    }
    rules.extend(exact);

    // Most specific first: the mapper takes the first matching rule.
    rules.sort_by(|a, b| {
        let depth = |p: &str| components(p).len();
        depth(&b.from).cmp(&depth(&a.from)).then_with(|| depth(&b.to).cmp(&depth(&a.to)))
    });

    // What no rule explains and is not already a local path.
    let mut local_roots: Vec<&str> = vec![ws.main.dir.as_str()];
    local_roots.extend(ws.replaces.iter().map(|r| r.dir.as_str()));
    local_roots.extend(ws.goroot.as_deref());
    local_roots.extend(ws.gomodcache.as_deref());
    let unmapped: BTreeSet<String> = files
        .iter()
        .filter(|f| !covered(f, &rules))
        .filter(|f| !local_roots.iter().any(|r| !r.is_empty() && under(f, r).is_some()))
        .map(|f| f.to_string())
        .collect();
    Inference { rules, unmapped: unmapped.into_iter().collect() }
}

/// Line tables also name pseudo-files (`<autogenerated>`, `?`).
fn is_source_path(f: &str) -> bool {
    !f.is_empty() && !f.starts_with('<') && f != "?"
}

fn is_separator(style: PathStyle, c: char) -> bool {
    c == '/' || (style == PathStyle::Windows && c == '\\')
}

fn is_absolute(p: &str) -> bool {
    p.starts_with('/') || PathStyle::of(p) == PathStyle::Windows
}

/// Components with their byte offsets (an absolute POSIX path starts with an
/// empty component).
fn components(p: &str) -> Vec<(usize, &str)> {
    let style = PathStyle::of(p);
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in p.char_indices() {
        if is_separator(style, c) {
            // A leading separator starts an empty component; others skip empties.
            if i > start || i == 0 {
                out.push((start, &p[start..i]));
            }
            start = i + c.len_utf8();
        }
    }
    if start < p.len() {
        out.push((start, &p[start..]));
    }
    out
}

/// The path up to (not including) component `k`, without a trailing separator.
fn prefix_before(p: &str, comps: &[(usize, &str)], k: usize) -> String {
    let Some(&(off, _)) = comps.get(k) else { return p.to_string() };
    let s = p[..off].trim_end_matches(|c| is_separator(PathStyle::of(p), c));
    if s.is_empty() && p.starts_with('/') { "/".to_string() } else { s.to_string() }
}

/// The rest of `path` when it lies under `root` (whole components; Windows
/// paths case-insensitively).
fn under<'a>(path: &'a str, root: &str) -> Option<&'a str> {
    let (pc, rc) = (components(path), components(root));
    if rc.len() > pc.len() || rc.is_empty() {
        return None;
    }
    let windows = PathStyle::of(path) == PathStyle::Windows || PathStyle::of(root) == PathStyle::Windows;
    let same = |a: &str, b: &str| if windows { a.eq_ignore_ascii_case(b) } else { a == b };
    if !rc.iter().zip(&pc).all(|(r, p)| same(r.1, p.1)) {
        return None;
    }
    Some(pc.get(rc.len()).map_or("", |(off, _)| &path[*off..]))
}

/// Whether `a` and `b` name one path: `a` under `b` with nothing left is
/// the same components, so the same both ways round.
fn same_path(a: &str, b: &str) -> bool {
    under(a, b) == Some("")
}

fn join(dir: &str, rel: &str, style: PathStyle) -> String {
    let sep = style.separator();
    let rel: String = rel.chars().map(|c| if c == '/' { sep } else { c }).collect();
    let mut out = style.normalize(dir).trim_end_matches(sep).to_string();
    out.push(sep);
    out.push_str(&rel);
    out
}

/// The binary's GOROOT from a standard-library path (`/usr/local/go` from
/// `/usr/local/go/src/runtime/proc.go`).
fn goroot_of(f: &str) -> Option<String> {
    if !is_absolute(f) {
        return None;
    }
    let comps = components(f);
    let i = comps.windows(3).position(|w| w[0].1 == "src" && w[1].1 == "runtime" && w[2].1.contains('.'))?;
    (i + 3 == comps.len()).then(|| prefix_before(f, &comps, i))
}

/// How the editor's machine sees a build-side absolute path when the two are
/// the two halves of one WSL2 machine: `/usr/local/go` as
/// `\\wsl.localhost\Ubuntu\usr\local\go` from a workspace on the WSL share,
/// `/mnt/c/x` as `C:\x` from a Windows-drive workspace, `C:\x` as `/mnt/c/x`
/// from a workspace under `/mnt/<drive>/`.
pub fn wsl_view(build_path: &str, workspace: &str) -> Option<String> {
    let ws = components(workspace);
    let lower = workspace.to_ascii_lowercase();
    if (lower.starts_with("\\\\wsl.localhost\\") || lower.starts_with("\\\\wsl$\\")) && build_path.starts_with('/') {
        let (off, distro) = ws.get(2)?;
        let share = &workspace[..off + distro.len()];
        return Some(join(share, build_path.trim_start_matches('/'), PathStyle::Windows));
    }
    let mnt_drive = |comps: &[(usize, &str)]| -> Option<char> {
        let d = comps.get(2)?.1;
        (comps.len() >= 3 && comps[0].1.is_empty() && comps[1].1 == "mnt" && d.len() == 1)
            .then(|| d.chars().next())
            .flatten()
            .filter(|c| c.is_ascii_alphabetic())
    };
    let bc = components(build_path);
    if PathStyle::of(workspace) == PathStyle::Windows && !workspace.starts_with('\\') {
        let drive = mnt_drive(&bc)?;
        let rest = bc.get(3).map_or("", |(off, _)| &build_path[*off..]);
        return Some(join(&format!("{}:\\", drive.to_ascii_uppercase()), rest, PathStyle::Windows));
    }
    if mnt_drive(&ws).is_some() && PathStyle::of(build_path) == PathStyle::Windows && !build_path.starts_with('\\') {
        let drive = build_path.chars().next()?.to_ascii_lowercase();
        let rest = bc.get(1).map_or("", |(off, _)| &build_path[*off..]);
        let rest: String = rest.chars().map(|c| if c == '\\' { '/' } else { c }).collect();
        return Some(format!("/mnt/{drive}/{rest}"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::PathMapper;
    use expect_test::{Expect, expect};

    fn tree(dir: &str, module: &str, files: &[&str]) -> LocalTree {
        LocalTree {
            dir: dir.to_string(),
            module: Some(module.to_string()).filter(|m| !m.is_empty()),
            files: files.iter().map(|f| f.to_string()).collect(),
        }
    }

    const MAIN_FILES: &[&str] = &["main.go", "internal/greet/greet.go", "go.mod"];

    fn posix_ws() -> Workspace {
        Workspace {
            main: tree("/home/me/hello", "example.com/hello", MAIN_FILES),
            replaces: vec![tree("/home/me/lib", "example.com/lib", &["lib.go"])],
            goroot: Some("/usr/local/go".into()),
            goroot_src_dirs: ["runtime", "fmt", "internal", "os", "vendor"].iter().map(|s| s.to_string()).collect(),
            gomodcache: Some("/home/me/go/pkg/mod".into()),
            vendored: vec![],
        }
    }

    fn check(files: &[&str], trimpath: bool, ws: &Workspace, expect: Expect) {
        let bin = BinaryPaths {
            files: files.iter().map(|f| f.to_string()).collect(),
            main_module: Some("example.com/hello".into()),
            trimpath,
        };
        let inf = infer(&bin, ws);
        let mapper = PathMapper::new(inf.rules.clone());
        let mut out = String::new();
        for r in &inf.rules {
            out.push_str(&format!("rule {} => {}  ({})\n", r.from, r.to, r.why));
        }
        for f in files {
            if is_source_path(f) && !inf.unmapped.contains(&f.to_string()) {
                out.push_str(&format!("{f} -> {}\n", mapper.to_editor(f)));
            }
        }
        for u in &inf.unmapped {
            out.push_str(&format!("unmapped {u}\n"));
        }
        expect.assert_eq(&out);
    }

    #[test]
    fn native_build_needs_no_rule() {
        check(
            &[
                "/home/me/hello/main.go",
                "/home/me/hello/internal/greet/greet.go",
                "/home/me/lib/lib.go",
                "/usr/local/go/src/runtime/proc.go",
                "/home/me/go/pkg/mod/github.com/cosiner/argv@v0.1.0/argv.go",
                "<autogenerated>",
            ],
            false,
            &posix_ws(),
            expect![[r#"
                /home/me/hello/main.go -> /home/me/hello/main.go
                /home/me/hello/internal/greet/greet.go -> /home/me/hello/internal/greet/greet.go
                /home/me/lib/lib.go -> /home/me/lib/lib.go
                /usr/local/go/src/runtime/proc.go -> /usr/local/go/src/runtime/proc.go
                /home/me/go/pkg/mod/github.com/cosiner/argv@v0.1.0/argv.go -> /home/me/go/pkg/mod/github.com/cosiner/argv@v0.1.0/argv.go
            "#]],
        );
    }

    #[test]
    fn docker_build_root_goroot_and_module_cache_elsewhere() {
        check(
            &[
                "/app/main.go",
                "/app/internal/greet/greet.go",
                "/lib/lib.go",
                "/usr/lib/go/src/runtime/proc.go",
                "/usr/lib/go/src/fmt/print.go",
                "/go/pkg/mod/github.com/cosiner/argv@v0.1.0/argv.go",
                "/go/pkg/mod/github.com/!burnt!sushi/toml@v1.3.2/decode.go",
                "/somewhere/else/x.go",
            ],
            false,
            &posix_ws(),
            expect![[r#"
                rule /home/me/go/pkg/mod => /go/pkg/mod  (module cache: the binary's dependencies are under /go/pkg/mod)
                rule /usr/local/go => /usr/lib/go  (GOROOT: the binary's standard library is at /usr/lib/go)
                rule /home/me/hello => /app  (build root: main module example.com/hello was built at /app (2 files match by path suffix))
                rule /home/me/lib => /lib  (build root: example.com/lib (replaced by a local folder) was built at /lib (1 file match by path suffix))
                /app/main.go -> /home/me/hello/main.go
                /app/internal/greet/greet.go -> /home/me/hello/internal/greet/greet.go
                /lib/lib.go -> /home/me/lib/lib.go
                /usr/lib/go/src/runtime/proc.go -> /usr/local/go/src/runtime/proc.go
                /usr/lib/go/src/fmt/print.go -> /usr/local/go/src/fmt/print.go
                /go/pkg/mod/github.com/cosiner/argv@v0.1.0/argv.go -> /home/me/go/pkg/mod/github.com/cosiner/argv@v0.1.0/argv.go
                /go/pkg/mod/github.com/!burnt!sushi/toml@v1.3.2/decode.go -> /home/me/go/pkg/mod/github.com/!burnt!sushi/toml@v1.3.2/decode.go
                unmapped /somewhere/else/x.go
            "#]],
        );
    }

    #[test]
    fn ci_and_gopath_build_roots() {
        check(
            &["/home/runner/work/hello/hello/main.go", "/home/runner/work/hello/hello/internal/greet/greet.go"],
            false,
            &posix_ws(),
            expect![[r#"
                rule /home/me/hello => /home/runner/work/hello/hello  (build root: main module example.com/hello was built at /home/runner/work/hello/hello (2 files match by path suffix))
                /home/runner/work/hello/hello/main.go -> /home/me/hello/main.go
                /home/runner/work/hello/hello/internal/greet/greet.go -> /home/me/hello/internal/greet/greet.go
            "#]],
        );
        check(
            &["/go/src/example.com/hello/main.go"],
            false,
            &posix_ws(),
            expect![[r#"
                rule /home/me/hello => /go/src/example.com/hello  (build root: main module example.com/hello was built at /go/src/example.com/hello (1 file match by path suffix))
                /go/src/example.com/hello/main.go -> /home/me/hello/main.go
            "#]],
        );
        // Relative paths without `-trimpath` (`-gcflags=all=-trimpath=$HOME`
        // strips a prefix and rewrites nothing): a build root all the same.
        check(
            &["hello/main.go", "hello/internal/greet/greet.go"],
            false,
            &posix_ws(),
            expect![[r#"
                rule /home/me/hello => hello  (build root: main module example.com/hello was built at hello (2 files match by path suffix))
                hello/main.go -> /home/me/hello/main.go
                hello/internal/greet/greet.go -> /home/me/hello/internal/greet/greet.go
            "#]],
        );
    }

    #[test]
    fn trimpath_main_module_dependencies_replace_and_std() {
        check(
            &[
                "example.com/hello/main.go",
                "example.com/hello/internal/greet/greet.go",
                "example.com/lib@v0.0.0/lib.go",
                "github.com/cosiner/argv@v0.1.0/argv.go",
                "runtime/proc.go",
                "internal/abi/abi.go",
                "vendor/golang.org/x/net/route/route.go",
                "unknown/pkg/x.go",
            ],
            true,
            &posix_ws(),
            expect![[r#"
                rule /home/me/go/pkg/mod/github.com/cosiner/argv@v0.1.0 => github.com/cosiner/argv@v0.1.0  (-trimpath: github.com/cosiner/argv from the module cache)
                rule /usr/local/go/src/internal => internal  (-trimpath: standard library package)
                rule /usr/local/go/src/runtime => runtime  (-trimpath: standard library package)
                rule /usr/local/go/src/vendor => vendor  (-trimpath: standard library package)
                rule /home/me/lib => example.com/lib@v0.0.0  (-trimpath: example.com/lib is replaced by a local folder)
                rule /home/me/hello => example.com/hello  (-trimpath: main module example.com/hello is written as example.com/hello)
                example.com/hello/main.go -> /home/me/hello/main.go
                example.com/hello/internal/greet/greet.go -> /home/me/hello/internal/greet/greet.go
                example.com/lib@v0.0.0/lib.go -> /home/me/lib/lib.go
                github.com/cosiner/argv@v0.1.0/argv.go -> /home/me/go/pkg/mod/github.com/cosiner/argv@v0.1.0/argv.go
                runtime/proc.go -> /usr/local/go/src/runtime/proc.go
                internal/abi/abi.go -> /usr/local/go/src/internal/abi/abi.go
                vendor/golang.org/x/net/route/route.go -> /usr/local/go/src/vendor/golang.org/x/net/route/route.go
                unmapped unknown/pkg/x.go
            "#]],
        );
    }

    #[test]
    fn vendored_dependencies() {
        let mut ws = posix_ws();
        ws.main.files.push("vendor/github.com/cosiner/argv/argv.go".into());
        ws.vendored = vec!["github.com/cosiner/argv".into()];
        check(
            &["/app/main.go", "/app/vendor/github.com/cosiner/argv/argv.go"],
            false,
            &ws,
            expect![[r#"
                rule /home/me/hello => /app  (build root: main module example.com/hello was built at /app (2 files match by path suffix))
                /app/main.go -> /home/me/hello/main.go
                /app/vendor/github.com/cosiner/argv/argv.go -> /home/me/hello/vendor/github.com/cosiner/argv/argv.go
            "#]],
        );
        check(
            &["example.com/hello/main.go", "github.com/cosiner/argv@v0.1.0/argv.go"],
            true,
            &ws,
            expect![[r#"
                rule /home/me/hello/vendor/github.com/cosiner/argv => github.com/cosiner/argv@v0.1.0  (-trimpath: github.com/cosiner/argv is vendored)
                rule /home/me/hello => example.com/hello  (-trimpath: main module example.com/hello is written as example.com/hello)
                example.com/hello/main.go -> /home/me/hello/main.go
                github.com/cosiner/argv@v0.1.0/argv.go -> /home/me/hello/vendor/github.com/cosiner/argv/argv.go
            "#]],
        );
    }

    #[test]
    fn windows_build_debugged_from_posix_and_the_reverse() {
        check(
            &[
                "C:\\Users\\dev\\proj/main.go",
                "C:\\Users\\dev\\proj/internal/greet/greet.go",
                "C:/Program Files/Go/src/runtime/proc.go",
            ],
            false,
            &posix_ws(),
            expect![[r#"
                rule /home/me/hello => C:\Users\dev\proj/  (build root: main module example.com/hello was built at C:\Users\dev\proj (2 files match by path suffix))
                rule /usr/local/go => C:/Program Files/Go  (GOROOT: the binary's standard library is at C:/Program Files/Go)
                C:\Users\dev\proj/main.go -> /home/me/hello/main.go
                C:\Users\dev\proj/internal/greet/greet.go -> /home/me/hello/internal/greet/greet.go
                C:/Program Files/Go/src/runtime/proc.go -> /usr/local/go/src/runtime/proc.go
            "#]],
        );
        let ws = Workspace {
            main: tree("C:\\Users\\Me\\Hello", "example.com/hello", MAIN_FILES),
            goroot: Some("C:\\Program Files\\Go".into()),
            ..Workspace::default()
        };
        check(
            &["/app/MAIN.go", "/app/main.go", "/app/internal/greet/greet.go", "/usr/local/go/src/runtime/proc.go"],
            false,
            &ws,
            expect![[r#"
                rule C:\Users\Me\Hello\MAIN.go => /app/MAIN.go  (exact path: Delve lowercases paths under the Windows-style rule C:\Users\Me\Hello => /app)
                rule C:\Users\Me\Hello => /app  (build root: main module example.com/hello was built at /app (3 files match by path suffix))
                rule C:\Program Files\Go => /usr/local/go  (GOROOT: the binary's standard library is at /usr/local/go)
                /app/MAIN.go -> C:\Users\Me\Hello\MAIN.go
                /app/main.go -> C:\Users\Me\Hello\main.go
                /app/internal/greet/greet.go -> C:\Users\Me\Hello\internal\greet\greet.go
                /usr/local/go/src/runtime/proc.go -> C:\Program Files\Go\src\runtime\proc.go
            "#]],
        );
    }

    #[test]
    fn wsl_share_and_mnt_drives() {
        // Editor on Windows, sources and build inside WSL.
        let ws = Workspace {
            main: tree("\\\\wsl.localhost\\Ubuntu\\home\\me\\hello", "example.com/hello", MAIN_FILES),
            goroot: Some("C:\\Program Files\\Go".into()),
            ..Workspace::default()
        };
        check(
            &[
                "/home/me/hello/main.go",
                "/usr/local/go/src/runtime/proc.go",
                "/root/go/pkg/mod/github.com/a/b@v1.0.0/b.go",
            ],
            false,
            &ws,
            expect![[r#"
                rule \\wsl.localhost\Ubuntu\root\go\pkg\mod => /root/go/pkg/mod  (module cache: the binary's dependencies are under /root/go/pkg/mod)
                rule \\wsl.localhost\Ubuntu\usr\local\go => /usr/local/go  (GOROOT: the binary's standard library is at /usr/local/go)
                rule \\wsl.localhost\Ubuntu\home\me\hello => /home/me/hello  (build root: main module example.com/hello was built at /home/me/hello (1 file match by path suffix))
                /home/me/hello/main.go -> \\wsl.localhost\Ubuntu\home\me\hello\main.go
                /usr/local/go/src/runtime/proc.go -> \\wsl.localhost\Ubuntu\usr\local\go\src\runtime\proc.go
                /root/go/pkg/mod/github.com/a/b@v1.0.0/b.go -> \\wsl.localhost\Ubuntu\root\go\pkg\mod\github.com\a\b@v1.0.0\b.go
            "#]],
        );
        let ws = Workspace { main: tree("\\\\wsl$\\Debian\\src\\hello", "", MAIN_FILES), ..Workspace::default() };
        check(
            &["/src/hello/main.go"],
            false,
            &ws,
            expect![[r#"
                rule \\wsl$\Debian\src\hello => /src/hello  (build root: the workspace was built at /src/hello (1 file match by path suffix))
                /src/hello/main.go -> \\wsl$\Debian\src\hello\main.go
            "#]],
        );
        // A Windows build debugged from the WSL share: its GOROOT is no path
        // inside the distro, the workspace's own GOROOT answers.
        let ws = Workspace {
            main: tree("\\\\wsl.localhost\\Ubuntu\\home\\me\\hello", "example.com/hello", MAIN_FILES),
            goroot: Some("\\\\wsl.localhost\\Ubuntu\\usr\\local\\go".into()),
            ..Workspace::default()
        };
        check(
            &["C:\\Users\\dev\\proj/main.go", "C:/Program Files/Go/src/runtime/proc.go"],
            false,
            &ws,
            expect![[r#"
                rule \\wsl.localhost\Ubuntu\home\me\hello => C:\Users\dev\proj/  (build root: main module example.com/hello was built at C:\Users\dev\proj (1 file match by path suffix))
                rule \\wsl.localhost\Ubuntu\usr\local\go => C:/Program Files/Go  (GOROOT: the binary's standard library is at C:/Program Files/Go)
                C:\Users\dev\proj/main.go -> \\wsl.localhost\Ubuntu\home\me\hello\main.go
                C:/Program Files/Go/src/runtime/proc.go -> \\wsl.localhost\Ubuntu\usr\local\go\src\runtime\proc.go
            "#]],
        );
        // Built in WSL from /mnt/c, debugged from Windows; and the reverse.
        let ws = Workspace { main: tree("C:\\src\\hello", "", MAIN_FILES), ..Workspace::default() };
        check(
            &["/mnt/c/src/hello/main.go", "/mnt/c/go/src/runtime/proc.go"],
            false,
            &ws,
            expect![[r#"
                rule C:\src\hello => /mnt/c/src/hello  (build root: the workspace was built at /mnt/c/src/hello (1 file match by path suffix))
                rule C:\go => /mnt/c/go  (GOROOT: the binary's standard library is at /mnt/c/go)
                /mnt/c/src/hello/main.go -> C:\src\hello\main.go
                /mnt/c/go/src/runtime/proc.go -> C:\go\src\runtime\proc.go
            "#]],
        );
        let ws = Workspace { main: tree("/mnt/c/src/hello", "", MAIN_FILES), ..Workspace::default() };
        check(
            &["C:\\src\\hello\\main.go", "C:\\Go\\src\\runtime\\proc.go"],
            false,
            &ws,
            expect![[r#"
                rule /mnt/c/src/hello => C:\src\hello  (build root: the workspace was built at C:\src\hello (1 file match by path suffix))
                rule /mnt/c/Go => C:\Go  (GOROOT: the binary's standard library is at C:\Go)
                C:\src\hello\main.go -> /mnt/c/src/hello/main.go
                C:\Go\src\runtime\proc.go -> /mnt/c/Go/src/runtime/proc.go
            "#]],
        );
    }

    #[test]
    fn module_cache_below_folders_named_like_its_parts() {
        // A Jenkins workspace (`app@2`: the second build running at once)
        // holding GOPATH, under a folder named `pkg`: the cache is where
        // `pkg/mod` holds a `path@version`, not at the first `pkg` or `@`.
        check(
            &[
                "/pkg/jenkins/workspace/app@2/main.go",
                "/pkg/jenkins/workspace/app@2/internal/greet/greet.go",
                "/pkg/jenkins/workspace/app@2/go/pkg/mod/github.com/cosiner/argv@v0.1.0/argv.go",
            ],
            false,
            &posix_ws(),
            expect![[r#"
                rule /home/me/go/pkg/mod => /pkg/jenkins/workspace/app@2/go/pkg/mod  (module cache: the binary's dependencies are under /pkg/jenkins/workspace/app@2/go/pkg/mod)
                rule /home/me/hello => /pkg/jenkins/workspace/app@2  (build root: main module example.com/hello was built at /pkg/jenkins/workspace/app@2 (2 files match by path suffix))
                /pkg/jenkins/workspace/app@2/main.go -> /home/me/hello/main.go
                /pkg/jenkins/workspace/app@2/internal/greet/greet.go -> /home/me/hello/internal/greet/greet.go
                /pkg/jenkins/workspace/app@2/go/pkg/mod/github.com/cosiner/argv@v0.1.0/argv.go -> /home/me/go/pkg/mod/github.com/cosiner/argv@v0.1.0/argv.go
            "#]],
        );
        // A folder named `mod` above the cache; a `pkg/mod` with no module
        // below it is no cache.
        check(
            &["/mod/app/main.go", "/mod/app/pkg/mod/x.go", "/mod/go/pkg/mod/github.com/cosiner/argv@v0.1.0/argv.go"],
            false,
            &posix_ws(),
            expect![[r#"
                rule /home/me/go/pkg/mod => /mod/go/pkg/mod  (module cache: the binary's dependencies are under /mod/go/pkg/mod)
                rule /home/me/hello => /mod/app  (build root: main module example.com/hello was built at /mod/app (1 file match by path suffix))
                /mod/app/main.go -> /home/me/hello/main.go
                /mod/app/pkg/mod/x.go -> /home/me/hello/pkg/mod/x.go
                /mod/go/pkg/mod/github.com/cosiner/argv@v0.1.0/argv.go -> /home/me/go/pkg/mod/github.com/cosiner/argv@v0.1.0/argv.go
            "#]],
        );
        // The workspace's own `pkg/mod` under a folder with an `@`, and no
        // module cache at all: no cache rule.
        check(
            &["/ws/app@2/main.go", "/ws/app@2/pkg/mod/x.go"],
            false,
            &posix_ws(),
            expect![[r#"
            rule /home/me/hello => /ws/app@2  (build root: main module example.com/hello was built at /ws/app@2 (1 file match by path suffix))
            /ws/app@2/main.go -> /home/me/hello/main.go
            /ws/app@2/pkg/mod/x.go -> /home/me/hello/pkg/mod/x.go
        "#]],
        );
    }

    #[test]
    fn a_name_in_the_main_module_and_a_replaced_one() {
        // `doc.go` in both trees: a file both match by as long a suffix
        // votes for the main module; `sub/util.go` matches the replaced
        // module by a longer suffix than `util.go` in the main one.
        let mut ws = posix_ws();
        ws.main.files.extend(["doc.go".to_string(), "util.go".to_string()]);
        ws.replaces[0].files.extend(["doc.go".to_string(), "sub/util.go".to_string()]);
        check(
            &["/app/main.go", "/app/internal/greet/greet.go", "/app/doc.go", "/lib/sub/util.go"],
            false,
            &ws,
            expect![[r#"
                rule /home/me/hello => /app  (build root: main module example.com/hello was built at /app (3 files match by path suffix))
                rule /home/me/lib => /lib  (build root: example.com/lib (replaced by a local folder) was built at /lib (1 file match by path suffix))
                /app/main.go -> /home/me/hello/main.go
                /app/internal/greet/greet.go -> /home/me/hello/internal/greet/greet.go
                /app/doc.go -> /home/me/hello/doc.go
                /lib/sub/util.go -> /home/me/lib/sub/util.go
            "#]],
        );
    }

    #[test]
    fn roots_with_as_many_files() {
        // Two roots as long, one file each: the first in order, on every run
        // (the votes are a hash map, its order new in each).
        for _ in 0..8 {
            check(
                &["/app/main.go", "/lib/lib.go", "/old/lib.go"],
                false,
                &posix_ws(),
                expect![[r#"
                    rule /home/me/hello => /app  (build root: main module example.com/hello was built at /app (1 file match by path suffix))
                    rule /home/me/lib => /lib  (build root: example.com/lib (replaced by a local folder) was built at /lib (1 file match by path suffix))
                    /app/main.go -> /home/me/hello/main.go
                    /lib/lib.go -> /home/me/lib/lib.go
                    unmapped /old/lib.go
                "#]],
            );
        }
    }

    #[test]
    fn path_helpers() {
        let comps = |p: &str| components(p).iter().map(|c| format!("{}:{}", c.0, c.1)).collect::<Vec<_>>().join(" ");
        assert_eq!(comps("/a//b/"), "0: 1:a 4:b");
        assert_eq!(comps(r"C:\a\\b"), "0:C: 3:a 6:b");
        assert_eq!(comps("a/b"), "0:a 2:b");
        assert_eq!(under("/a/b/c.go", "/a/b"), Some("c.go"));
        assert_eq!(under("/a/b", "/a/b"), Some(""));
        assert_eq!(under("/a", "/a/b"), None);
        assert_eq!(under("/ab/c", "/a"), None);
        assert_eq!(under("/a/b", ""), None);
        // POSIX paths compare by case, Windows ones (either side) without.
        assert_eq!(under("/A/b.go", "/a"), None);
        assert_eq!(under(r"C:\A\b.go", "c:/a"), Some("b.go"));
        assert_eq!(under(r"C:\A\b.go", r"c:\a"), Some("b.go"));
        assert_eq!(under(r"\A\b.go", "/a"), Some("b.go"));
        assert_eq!(under("/A/b.go", r"\a"), Some("b.go"));
        // A folder under `/mnt` that is not a drive letter's: no view.
        assert_eq!(wsl_view(r"C:\src\app\main.go", "/mnt/data/app"), None);
        assert_eq!(wsl_view(r"C:\src\app\main.go", "/mnt/c/app"), Some("/mnt/c/src/app/main.go".into()));
        assert!(same_path("/a/b/", "/a//b") && !same_path("/a", "/a/b") && !same_path("/a/b", "/a"));
    }

    #[test]
    fn posix_names_keep_their_case() {
        // No exact-path rule for an upper-case POSIX name (Delve lowercases
        // only under Windows-style rules), and no vote by another case
        // (`MAIN.go`: 2 files match, not 3); `/APP` is not under `/app`.
        let mut ws = posix_ws();
        ws.main.files.push("internal/greet/Polite.go".into());
        check(
            &["/app/main.go", "/app/internal/greet/Polite.go", "/app/MAIN.go", "/APP/main.go"],
            false,
            &ws,
            expect![[r#"
                rule /home/me/hello => /app  (build root: main module example.com/hello was built at /app (2 files match by path suffix))
                /app/main.go -> /home/me/hello/main.go
                /app/internal/greet/Polite.go -> /home/me/hello/internal/greet/Polite.go
                /app/MAIN.go -> /home/me/hello/MAIN.go
                unmapped /APP/main.go
            "#]],
        );
        // A bare name is no file of the standard library folder it is named
        // like (`fmt` is not under `$GOROOT/src/fmt`).
        check(
            &["example.com/hello/main.go", "fmt", "os/file.go"],
            true,
            &posix_ws(),
            expect![[r#"
            rule /usr/local/go/src/os => os  (-trimpath: standard library package)
            rule /home/me/hello => example.com/hello  (-trimpath: main module example.com/hello is written as example.com/hello)
            example.com/hello/main.go -> /home/me/hello/main.go
            os/file.go -> /usr/local/go/src/os/file.go
            unmapped fmt
        "#]],
        );
    }

    #[test]
    fn another_module_is_not_guessed() {
        let mut ws = posix_ws();
        ws.main.module = Some("example.com/other".into());
        check(
            &["/app/main.go", "/app/internal/greet/greet.go"],
            false,
            &ws,
            expect![[r#"
            unmapped /app/internal/greet/greet.go
            unmapped /app/main.go
        "#]],
        );
    }
}
