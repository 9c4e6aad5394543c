//! A Windows editor debugging on this Linux machine through WSL2. It names
//! the machine's files `\\wsl.localhost\<distro>\…` or `\\wsl$\<distro>\…`,
//! and the Windows drives mounted here (`/mnt/c/…`, or under the
//! `[automount] root` of /etc/wsl.conf) `C:\…`. [`EditorForm`] translates
//! both ways and learns from the editor's own paths how to answer. Pure.

use std::borrow::Cow;

/// Windows' own share for a distro when the editor has not named one:
/// `\\wsl$` is understood by every Windows that runs WSL2 (`\\wsl.localhost`
/// only by the newer ones).
const DEFAULT_SHARE_SERVER: &str = "wsl$";

/// This Linux machine as Windows sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WslHost {
    /// Where Windows drives are mounted, with a trailing `/` (`/mnt/`).
    pub automount_root: String,
    /// The distro's name (`$WSL_DISTRO_NAME`), when running inside WSL.
    pub distro: Option<String>,
}

impl Default for WslHost {
    fn default() -> WslHost {
        WslHost { automount_root: "/mnt/".to_string(), distro: None }
    }
}

impl WslHost {
    /// `automount_root` as wsl.conf writes it (`/windir`, `/mnt/`), made
    /// absolute with one trailing `/`.
    pub fn new(automount_root: &str, distro: Option<String>) -> WslHost {
        let trimmed = automount_root.trim().trim_matches('/');
        let automount_root = if trimmed.is_empty() { "/".to_string() } else { format!("/{trimmed}/") };
        WslHost { automount_root, distro: distro.filter(|d| !d.trim().is_empty()) }
    }
}

/// The `[automount] root` of a wsl.conf, `None` when it sets none. Never
/// fails: lines it does not understand are skipped.
pub fn automount_root(wsl_conf: &str) -> Option<String> {
    let mut in_automount = false;
    let mut root = None;
    for line in wsl_conf.lines() {
        // A comment (`#`, `;`) is neither a section nor a `root` key.
        let line = line.trim();
        if let Some(section) = line.strip_prefix('[') {
            in_automount = section.trim_end_matches(']').trim().eq_ignore_ascii_case("automount");
            continue;
        }
        let Some((key, value)) = line.split_once('=') else { continue };
        if in_automount && key.trim().eq_ignore_ascii_case("root") {
            let value = value.split(" #").next().unwrap_or_default().trim().trim_matches(['"', '\'']).trim();
            if value.starts_with('/') {
                root = Some(value.to_string());
            }
        }
    }
    root
}

/// A Windows path that names a file of this machine.
#[derive(Debug, PartialEq, Eq)]
enum WindowsPath<'a> {
    /// `\\wsl.localhost\Ubuntu\rest`: `share` is `\\wsl.localhost\Ubuntu`
    /// as written.
    Share { share: &'a str, rest: &'a str },
    /// `C:\rest`.
    Drive { letter: char, rest: &'a str },
}

fn is_sep(c: char) -> bool {
    c == '\\' || c == '/'
}

/// Reads `path` as a Windows path of this machine; `None` for anything
/// else (POSIX, relative, another server's share, a bare `\\wsl$`).
fn windows_path(path: &str) -> Option<WindowsPath<'_>> {
    let b = path.as_bytes();
    if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
        let rest = &path[2..];
        if !(rest.is_empty() || rest.starts_with(is_sep)) {
            return None; // `C:foo` is relative to the drive's current folder.
        }
        return Some(WindowsPath::Drive { letter: b[0] as char, rest });
    }
    let mut chars = path.char_indices();
    if !(chars.next().is_some_and(|(_, c)| is_sep(c)) && chars.next().is_some_and(|(_, c)| is_sep(c))) {
        return None;
    }
    let after = &path[2..];
    let server_end = after.find(is_sep)?;
    let server = &after[..server_end];
    if !(server.eq_ignore_ascii_case("wsl.localhost") || server.eq_ignore_ascii_case("wsl$")) {
        return None;
    }
    let distro_start = 2 + server_end + 1;
    let distro_len = path[distro_start..].find(is_sep).unwrap_or(path.len() - distro_start);
    if distro_len == 0 {
        return None;
    }
    let share_end = distro_start + distro_len;
    Some(WindowsPath::Share { share: &path[..share_end], rest: &path[share_end..] })
}

/// The non-empty components of `rest`, either separator.
fn components(rest: &str) -> impl Iterator<Item = &str> {
    rest.split(is_sep).filter(|c| !c.is_empty())
}

/// How the editor names this machine's files: the host's facts, and what
/// the editor's own paths taught (whether it is a Windows editor at all,
/// the share it uses, how it writes drive letters).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditorForm {
    host: WslHost,
    /// The editor sent a Windows path for a file of this machine.
    windows: bool,
    /// `\\wsl.localhost\Ubuntu` as the editor first wrote it (separators
    /// made `\`).
    share: Option<String>,
    /// The editor writes drive letters in lower case (`c:\…`, as VS Code
    /// does).
    lowercase_drives: bool,
}

impl EditorForm {
    pub fn new(host: WslHost) -> EditorForm {
        EditorForm { host, ..EditorForm::default() }
    }

    /// Learns from a path the editor sent; true when the form changed.
    pub fn learn(&mut self, editor_path: &str) -> bool {
        let before = self.clone();
        match windows_path(editor_path) {
            Some(WindowsPath::Share { share, .. }) => {
                self.windows = true;
                if self.share.is_none() {
                    self.share = Some(share.replace('/', "\\"));
                }
            }
            Some(WindowsPath::Drive { letter, .. }) => {
                self.windows = true;
                self.lowercase_drives = letter.is_ascii_lowercase();
            }
            None => {}
        }
        *self != before
    }

    /// The path of this machine an editor's path names: `\\wsl$\Ubuntu\home\a`
    /// is `/home/a`, `C:\src` is `/mnt/c/src`. Any other path is already
    /// one of this machine's (or names none) and stays as it is.
    pub fn to_local<'a>(&self, editor_path: &'a str) -> Cow<'a, str> {
        match windows_path(editor_path) {
            Some(WindowsPath::Share { rest, .. }) => {
                let mut out = String::with_capacity(rest.len() + 1);
                for c in components(rest) {
                    out.push('/');
                    out.push_str(c);
                }
                if out.is_empty() {
                    out.push('/');
                }
                Cow::Owned(out)
            }
            Some(WindowsPath::Drive { letter, rest }) => {
                let mut out = format!("{}{}", self.host.automount_root, letter.to_ascii_lowercase());
                for c in components(rest) {
                    out.push('/');
                    out.push_str(c);
                }
                Cow::Owned(out)
            }
            None => Cow::Borrowed(editor_path),
        }
    }

    /// A path of this machine as the editor names it: a drive path for the
    /// mounted drives, the distro's share for everything else. Unchanged
    /// when the editor sent no Windows path, when `local` is not absolute,
    /// or when no share is known (no UNC path seen, not inside WSL).
    pub fn to_editor<'a>(&self, local: &'a str) -> Cow<'a, str> {
        if !self.windows || !local.starts_with('/') {
            return Cow::Borrowed(local);
        }
        if let Some(under_root) = local.strip_prefix(&self.host.automount_root) {
            let mut parts = under_root.splitn(2, '/');
            let drive = parts.next().unwrap_or_default();
            if drive.len() == 1 && drive.as_bytes()[0].is_ascii_alphabetic() {
                let letter =
                    if self.lowercase_drives { drive.to_ascii_lowercase() } else { drive.to_ascii_uppercase() };
                return Cow::Owned(join_windows(&format!("{letter}:"), parts.next().unwrap_or_default(), true));
            }
        }
        let share = match (&self.share, &self.host.distro) {
            (Some(share), _) => share.clone(),
            (None, Some(distro)) => format!("\\\\{DEFAULT_SHARE_SERVER}\\{distro}"),
            (None, None) => return Cow::Borrowed(local),
        };
        Cow::Owned(join_windows(&share, local, false))
    }
}

/// `prefix` and the components of `rest` joined with `\`; a drive root
/// keeps its separator (`C:\`).
fn join_windows(prefix: &str, rest: &str, drive: bool) -> String {
    let mut out = prefix.to_string();
    for c in components(rest) {
        out.push('\\');
        out.push_str(c);
    }
    if drive && out.len() == prefix.len() {
        out.push('\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{Expect, expect};

    fn host(root: &str, distro: Option<&str>) -> WslHost {
        WslHost::new(root, distro.map(str::to_string))
    }

    /// Each editor path: what it names here, what the form learned from it
    /// alone, and how the local path goes back to that editor.
    fn check(host: WslHost, editor_paths: &[&str], expect: Expect) {
        let mut out = String::new();
        for p in editor_paths {
            let mut form = EditorForm::new(host.clone());
            let learned = form.learn(p);
            let local = form.to_local(p);
            let back = form.to_editor(&local);
            let learned = if learned { "learned" } else { "-" };
            out.push_str(&format!("{p:<44} -> {local:<28} {learned:<7} -> {back}\n"));
        }
        expect.assert_eq(&out);
    }

    #[test]
    fn editor_paths_both_ways() {
        check(
            host("/mnt/", None),
            &[
                r"\\wsl.localhost\Ubuntu\home\dev\app\main.go",
                r"\\wsl$\Ubuntu\home\dev\app\main.go",
                r"\\WSL.LOCALHOST\ubuntu\home\dev\app\main.go",
                r"\\Wsl$\Ubuntu-22.04\usr\local\go\src\fmt\print.go",
                r"//wsl.localhost/Ubuntu/home/dev/app/main.go",
                r"\\wsl.localhost\Ubuntu\home/dev\\app/main.go",
                r"\\wsl$\Ubuntu",
                r"\\wsl$\Ubuntu\",
                r"\\wsl$\Ubuntu\mnt\c\Users\dev\x.go",
                r"C:\Users\dev\app\main.go",
                r"c:\Users\dev\app\main.go",
                r"C:/Users/dev\app/main.go",
                r"D:\",
                r"C:",
                "C:foo\\main.go",
                r"\\server\share\main.go",
                r"\\wsl$\",
                r"\\wsl.localhost",
                r"\\?\C:\Users\dev\main.go",
                r"main.go",
                r"internal\greet\greet.go",
                "/home/dev/app/main.go",
                "",
            ],
            expect![[r#"
                \\wsl.localhost\Ubuntu\home\dev\app\main.go  -> /home/dev/app/main.go        learned -> \\wsl.localhost\Ubuntu\home\dev\app\main.go
                \\wsl$\Ubuntu\home\dev\app\main.go           -> /home/dev/app/main.go        learned -> \\wsl$\Ubuntu\home\dev\app\main.go
                \\WSL.LOCALHOST\ubuntu\home\dev\app\main.go  -> /home/dev/app/main.go        learned -> \\WSL.LOCALHOST\ubuntu\home\dev\app\main.go
                \\Wsl$\Ubuntu-22.04\usr\local\go\src\fmt\print.go -> /usr/local/go/src/fmt/print.go learned -> \\Wsl$\Ubuntu-22.04\usr\local\go\src\fmt\print.go
                //wsl.localhost/Ubuntu/home/dev/app/main.go  -> /home/dev/app/main.go        learned -> \\wsl.localhost\Ubuntu\home\dev\app\main.go
                \\wsl.localhost\Ubuntu\home/dev\\app/main.go -> /home/dev/app/main.go        learned -> \\wsl.localhost\Ubuntu\home\dev\app\main.go
                \\wsl$\Ubuntu                                -> /                            learned -> \\wsl$\Ubuntu
                \\wsl$\Ubuntu\                               -> /                            learned -> \\wsl$\Ubuntu
                \\wsl$\Ubuntu\mnt\c\Users\dev\x.go           -> /mnt/c/Users/dev/x.go        learned -> C:\Users\dev\x.go
                C:\Users\dev\app\main.go                     -> /mnt/c/Users/dev/app/main.go learned -> C:\Users\dev\app\main.go
                c:\Users\dev\app\main.go                     -> /mnt/c/Users/dev/app/main.go learned -> c:\Users\dev\app\main.go
                C:/Users/dev\app/main.go                     -> /mnt/c/Users/dev/app/main.go learned -> C:\Users\dev\app\main.go
                D:\                                          -> /mnt/d                       learned -> D:\
                C:                                           -> /mnt/c                       learned -> C:\
                C:foo\main.go                                -> C:foo\main.go                -       -> C:foo\main.go
                \\server\share\main.go                       -> \\server\share\main.go       -       -> \\server\share\main.go
                \\wsl$\                                      -> \\wsl$\                      -       -> \\wsl$\
                \\wsl.localhost                              -> \\wsl.localhost              -       -> \\wsl.localhost
                \\?\C:\Users\dev\main.go                     -> \\?\C:\Users\dev\main.go     -       -> \\?\C:\Users\dev\main.go
                main.go                                      -> main.go                      -       -> main.go
                internal\greet\greet.go                      -> internal\greet\greet.go      -       -> internal\greet\greet.go
                /home/dev/app/main.go                        -> /home/dev/app/main.go        -       -> /home/dev/app/main.go
                                                             ->                              -       -> 
            "#]],
        );
    }

    #[test]
    fn automount_roots() {
        let paths = [r"C:\Users\dev\app\main.go", r"e:\data"];
        check(
            host("/windir/", None),
            &paths,
            expect![[r#"
                C:\Users\dev\app\main.go                     -> /windir/c/Users/dev/app/main.go learned -> C:\Users\dev\app\main.go
                e:\data                                      -> /windir/e/data               learned -> e:\data
            "#]],
        );
        check(
            host("/", None),
            &paths,
            expect![[r#"
                C:\Users\dev\app\main.go                     -> /c/Users/dev/app/main.go     learned -> C:\Users\dev\app\main.go
                e:\data                                      -> /e/data                      learned -> e:\data
            "#]],
        );
        assert_eq!(WslHost::new("/windir", None).automount_root, "/windir/");
        assert_eq!(WslHost::new("  /a/b//  ", None).automount_root, "/a/b/");
        assert_eq!(WslHost::new("", None).automount_root, "/");
    }

    /// Everything that goes back to a Windows editor, after one session's
    /// paths taught the form.
    fn check_back(host: WslHost, taught: &[&str], locals: &[&str], expect: Expect) {
        let mut form = EditorForm::new(host);
        for p in taught {
            form.learn(p);
        }
        let out: String = locals.iter().map(|l| format!("{l} -> {}\n", form.to_editor(l))).collect();
        expect.assert_eq(&out);
    }

    const FRAMES: &[&str] = &[
        "/home/dev/app/main.go",
        "/usr/local/go/src/runtime/proc.go",
        "/home/dev/go/pkg/mod/github.com/a/b@v1.0.0/b.go",
        "/mnt/c/Users/dev/app/main.go",
        "/mnt/wsl/shared.go",
        "/mnt/cd/x.go",
        "<autogenerated>",
        "main.go",
    ];

    #[test]
    fn what_goes_back_to_the_editor() {
        // A Linux editor: nothing changes.
        check_back(
            host("/mnt/", Some("Ubuntu")),
            &["/home/dev/app/main.go"],
            &FRAMES[..2],
            expect![[r#"
                /home/dev/app/main.go -> /home/dev/app/main.go
                /usr/local/go/src/runtime/proc.go -> /usr/local/go/src/runtime/proc.go
            "#]],
        );
        // The share the editor used, for every file not on a mounted drive.
        check_back(
            host("/mnt/", Some("Ubuntu")),
            &["/home/dev/x.go", r"\\wsl.localhost\Ubuntu\home\dev\app\main.go", r"\\wsl$\Ubuntu\home\dev\app\b.go"],
            FRAMES,
            expect![[r#"
                /home/dev/app/main.go -> \\wsl.localhost\Ubuntu\home\dev\app\main.go
                /usr/local/go/src/runtime/proc.go -> \\wsl.localhost\Ubuntu\usr\local\go\src\runtime\proc.go
                /home/dev/go/pkg/mod/github.com/a/b@v1.0.0/b.go -> \\wsl.localhost\Ubuntu\home\dev\go\pkg\mod\github.com\a\b@v1.0.0\b.go
                /mnt/c/Users/dev/app/main.go -> C:\Users\dev\app\main.go
                /mnt/wsl/shared.go -> \\wsl.localhost\Ubuntu\mnt\wsl\shared.go
                /mnt/cd/x.go -> \\wsl.localhost\Ubuntu\mnt\cd\x.go
                <autogenerated> -> <autogenerated>
                main.go -> main.go
            "#]],
        );
        // Drive paths only: the distro's own share for GOROOT and the
        // module cache, drive letters as the editor writes them.
        check_back(
            host("/mnt/", Some("Ubuntu")),
            &[r"c:\Users\dev\app\main.go"],
            &FRAMES[..4],
            expect![[r#"
                /home/dev/app/main.go -> \\wsl$\Ubuntu\home\dev\app\main.go
                /usr/local/go/src/runtime/proc.go -> \\wsl$\Ubuntu\usr\local\go\src\runtime\proc.go
                /home/dev/go/pkg/mod/github.com/a/b@v1.0.0/b.go -> \\wsl$\Ubuntu\home\dev\go\pkg\mod\github.com\a\b@v1.0.0\b.go
                /mnt/c/Users/dev/app/main.go -> c:\Users\dev\app\main.go
            "#]],
        );
        // Not inside WSL and no share seen: only the drives can be named.
        check_back(
            host("/mnt/", None),
            &[r"C:\Users\dev\app\main.go"],
            &FRAMES[..4],
            expect![[r#"
                /home/dev/app/main.go -> /home/dev/app/main.go
                /usr/local/go/src/runtime/proc.go -> /usr/local/go/src/runtime/proc.go
                /home/dev/go/pkg/mod/github.com/a/b@v1.0.0/b.go -> /home/dev/go/pkg/mod/github.com/a/b@v1.0.0/b.go
                /mnt/c/Users/dev/app/main.go -> C:\Users\dev\app\main.go
            "#]],
        );
    }

    #[test]
    fn a_share_starts_with_two_separators() {
        assert!(matches!(windows_path(r"\\wsl.localhost\Ubuntu\home"), Some(WindowsPath::Share { .. })));
        for path in [r"x\wsl.localhost\Ubuntu\home", r"\xwsl.localhost\Ubuntu\home", r"\wsl.localhost\Ubuntu"] {
            assert_eq!(windows_path(path), None, "{path}");
        }
    }

    #[test]
    fn wsl_conf_automount_root() {
        let cases = [
            ("[automount]\nroot = /windir/\n", Some("/windir/")),
            ("[automount]\nenabled = true\nroot=/win\noptions = \"metadata\"\n", Some("/win")),
            ("[Automount]\n  ROOT = \"/drives/\"  # where drives go\n", Some("/drives/")),
            ("[network]\nroot = /nope/\n[automount]\nenabled = false\n", None),
            ("[automount]\n# root = /commented/\n", None),
            ("[automount]\n;root=/commented/\n#[network]\nroot = /kept/\n", Some("/kept/")),
            ("[automount]\nroot = relative\n", None),
            ("[boot]\nsystemd=true\n", None),
            ("garbage [ = ] \u{0}\n", None),
            ("", None),
        ];
        for (conf, want) in cases {
            assert_eq!(automount_root(conf).as_deref(), want, "{conf:?}");
        }
    }
}
