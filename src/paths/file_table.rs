//! The binary's own file names, so that a path reaches Delve spelled exactly
//! as Go recorded it. Delve on Linux and macOS matches a breakpoint's file
//! byte for byte, and a Windows build made with `-trimpath=…=>C:\proj`
//! records `C:\proj/main.go` — a spelling no rule writes. Windows-style
//! names match whatever their separators and case, as Delve itself matches
//! them when it runs on Windows. Pure.

use std::borrow::Cow;
use std::collections::HashMap;

use super::PathStyle;

/// Every file name of a binary's line tables, by a key that forgets what
/// does not tell Windows-style files apart.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FileTable {
    /// Key → the names recorded with that key (almost always one).
    names: HashMap<String, Vec<String>>,
}

impl std::fmt::Debug for FileTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileTable({} names)", self.names.len())
    }
}

/// Windows-style paths compare with `/` for every separator and in lower
/// case; POSIX paths as they are.
fn key(path: &str) -> Cow<'_, str> {
    match PathStyle::of(path) {
        PathStyle::Windows => Cow::Owned(path.replace('\\', "/").to_lowercase()),
        PathStyle::Posix => Cow::Borrowed(path),
    }
}

impl FileTable {
    pub fn new<S: Into<String>>(files: impl IntoIterator<Item = S>) -> FileTable {
        let mut names: HashMap<String, Vec<String>> = HashMap::new();
        for f in files {
            let f = f.into();
            let list = names.entry(key(&f).into_owned()).or_default();
            if !list.contains(&f) {
                list.push(f);
            }
        }
        FileTable { names }
    }

    /// How the binary spells `path`: `path` itself when recorded so, else
    /// the recorded name that differs from it only in separators and case
    /// (Windows-style names only); `None` when the binary has no such file.
    pub fn spelling<'a>(&'a self, path: &str) -> Option<&'a str> {
        let list = self.names.get(key(path).as_ref())?;
        list.iter().find(|n| n.as_str() == path).or(list.first()).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings() {
        let table = FileTable::new([
            r"C:\Users\dev\app/main.go",
            r"C:\Users\dev\app/internal/greet/Polite.go",
            "C:/Program Files/Go/src/runtime/proc.go",
            "/app/main.go",
            "/app/Main.go",
            r"/app/odd\name.go",
        ]);
        let cases = [
            // (what a rule produced, what Delve must get)
            (r"C:\Users\dev\app\main.go", Some(r"C:\Users\dev\app/main.go")),
            (r"C:\Users\dev\app/main.go", Some(r"C:\Users\dev\app/main.go")),
            ("c:/users/dev/app/main.go", Some(r"C:\Users\dev\app/main.go")),
            (r"C:\Users\dev\app\internal\greet\polite.go", Some(r"C:\Users\dev\app/internal/greet/Polite.go")),
            (r"C:\Program Files\Go\src\runtime\proc.go", Some("C:/Program Files/Go/src/runtime/proc.go")),
            (r"C:\Users\dev\app\other.go", None),
            // POSIX names are exact: case and `\` are part of the name.
            ("/app/main.go", Some("/app/main.go")),
            ("/app/Main.go", Some("/app/Main.go")),
            ("/app/MAIN.go", None),
            ("/app/odd/name.go", None),
            (r"/app/odd\name.go", Some(r"/app/odd\name.go")),
            ("main.go", None),
        ];
        for (path, want) in cases {
            assert_eq!(table.spelling(path), want, "{path}");
        }
        // Names that differ only in case: the exact one wins.
        let table = FileTable::new([r"C:\a/X.go", r"C:\a/x.go"]);
        assert_eq!(table.spelling(r"C:\a/x.go"), Some(r"C:\a/x.go"));
        assert_eq!(table.spelling(r"C:\a\x.go"), Some(r"C:\a/X.go"));
        assert_eq!(format!("{:?}", table), "FileTable(1 names)");
    }
}
