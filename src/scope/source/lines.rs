//! Whether a breakpoint on a line of Go source can bind, as far as the
//! source alone can be sure: Delve sets a breakpoint only where the line
//! table has a statement ("could not find statement at …"), and a line that
//! is blank, only a comment, or inside a package clause, import, type or
//! const declaration compiles to no instruction at all. Anything else is
//! left to the binary's line tables (or to Delve).

use super::files::parse_go;

/// One Go text, parsed once, asked about any number of lines. Lines end at
/// `\n` (a `\r` before it is not part of the line); a trailing newline
/// starts an empty last line.
pub struct CodeLines<'t> {
    text: &'t str,
    /// Byte offset of the start of each line; never empty.
    starts: Vec<usize>,
    tree: Option<tree_sitter::Tree>,
}

impl<'t> CodeLines<'t> {
    pub fn new(text: &'t str) -> CodeLines<'t> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        CodeLines { text, starts, tree: parse_go(text) }
    }

    pub fn line_count(&self) -> u32 {
        u32::try_from(self.starts.len()).unwrap_or(u32::MAX)
    }

    /// Line `row` (0-based) without its line end, and its start.
    fn line(&self, row: usize) -> Option<(&'t str, usize)> {
        let start = *self.starts.get(row)?;
        let end = self.starts.get(row + 1).map_or(self.text.len(), |next| next - 1);
        let s = &self.text[start..end.max(start)];
        Some((s.strip_suffix('\r').unwrap_or(s), start))
    }

    /// Whether `line` (1-based) is in the cgo preamble (see
    /// [`in_cgo_preamble`]).
    pub fn in_cgo_preamble(&self, line: u32) -> bool {
        self.tree.as_ref().is_some_and(|t| in_cgo_preamble(t, self.text, line))
    }

    /// Why a breakpoint on `line` (1-based) can never bind, or `None` when
    /// the source cannot tell.
    pub fn no_code_reason(&self, line: u32) -> Option<String> {
        if self.in_cgo_preamble(line) {
            return None;
        }
        let row = line.checked_sub(1)?;
        let (line_text, start) = self.line(row as usize)?;
        if line_text.trim().is_empty() {
            return Some(format!("line {line} is blank: no code to stop at"));
        }
        let root = self.tree.as_ref()?.root_node();
        let end = start + line_text.len();

        let only_comments = line_text.char_indices().filter(|(_, c)| !c.is_whitespace()).all(|(i, _)| {
            root.descendant_for_byte_range(start + i, start + i + 1).is_some_and(|n| n.kind() == "comment")
        });
        if only_comments {
            return Some(format!("line {line} is only a comment: no code to stop at"));
        }
        let mut cursor = root.walk();
        let declaration = root.named_children(&mut cursor).find(|n| n.start_byte() < end && n.end_byte() > start)?;
        if declaration.has_error() {
            return None;
        }
        let what = match declaration.kind() {
            "package_clause" => "the package clause",
            "import_declaration" => "an import declaration",
            "type_declaration" => "a type declaration",
            "const_declaration" => "a const declaration",
            _ => return None,
        };
        Some(format!("line {line} is in {what}: no code to stop at"))
    }
}

/// Whether `line` (1-based) of `text` is in its cgo preamble: the comment
/// right above `import "C"` (no blank line between; in an import group,
/// right above its `"C"`), which cgo compiles as C. The C compiler places
/// its code on the Go file's lines, and Delve stops there in C (`break
/// main.go:14` in tests/fixtures/cgo_preamble stops in `C.scale`, where
/// `n > 2` evaluates): nothing Go's rules say holds on those lines.
pub(crate) fn in_cgo_preamble(tree: &tree_sitter::Tree, text: &str, line: u32) -> bool {
    let Some(row) = line.checked_sub(1).map(|r| r as usize) else { return false };
    let imports_c = |spec: tree_sitter::Node| {
        spec.child_by_field_name("path").is_some_and(|p| text.get(p.byte_range()) == Some("\"C\""))
    };
    let root = tree.root_node();
    let mut cursor = root.walk();
    let mut anchors = Vec::new();
    for import in root.named_children(&mut cursor).filter(|n| n.kind() == "import_declaration") {
        let mut specs = import.walk();
        for spec in import.named_children(&mut specs) {
            if spec.kind() == "import_spec_list" {
                let mut listed = spec.walk();
                anchors.extend(spec.named_children(&mut listed).filter(|s| imports_c(*s)));
            } else if imports_c(spec) {
                anchors.push(import);
            }
        }
    }
    anchors.into_iter().any(|anchor| {
        // The comments above it, each ending on the row before the next.
        let mut below = anchor.start_position().row;
        let mut node = anchor.prev_sibling();
        while let Some(comment) = node.filter(|n| n.kind() == "comment") {
            if comment.end_position().row + 1 < below {
                return false;
            }
            if (comment.start_position().row..=comment.end_position().row).contains(&row) {
                return true;
            }
            below = comment.start_position().row;
            node = comment.prev_sibling();
        }
        false
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "package main

import \"fmt\"

// Total adds.
type T struct {
\tA int
}

const k = 3

var g = fmt.Sprint(k)

func f(t T) int {
\t/* a block
\t   comment */
\tx := t.A // trailing comment

\treturn x
}
";

    #[test]
    fn lines_without_code() {
        let lines = CodeLines::new(SRC);
        let verdicts: Vec<String> = (1..=21)
            .map(|l| format!("{l:>2} {}", lines.no_code_reason(l).unwrap_or_else(|| "may have code".to_string())))
            .collect();
        expect_test::expect![[r#"
             1 line 1 is in the package clause: no code to stop at
             2 line 2 is blank: no code to stop at
             3 line 3 is in an import declaration: no code to stop at
             4 line 4 is blank: no code to stop at
             5 line 5 is only a comment: no code to stop at
             6 line 6 is in a type declaration: no code to stop at
             7 line 7 is in a type declaration: no code to stop at
             8 line 8 is in a type declaration: no code to stop at
             9 line 9 is blank: no code to stop at
            10 line 10 is in a const declaration: no code to stop at
            11 line 11 is blank: no code to stop at
            12 may have code
            13 line 13 is blank: no code to stop at
            14 may have code
            15 line 15 is only a comment: no code to stop at
            16 line 16 is only a comment: no code to stop at
            17 may have code
            18 line 18 is blank: no code to stop at
            19 may have code
            20 may have code
            21 line 21 is blank: no code to stop at
        "#]]
        .assert_eq(&(verdicts.join("\n") + "\n"));
    }

    /// A cgo preamble is C: its lines may have code (Delve stops there in
    /// C), whether written as a block or as line comments, above `import
    /// "C"` or above `"C"` in a group; a comment apart from `import "C"` by
    /// a blank line, or above another import, is no preamble.
    #[test]
    fn cgo_preambles_may_have_code() {
        let src = "package main

// #include <stdio.h>
// static int twice(int n) { return 2 * n; }
import \"C\"

/*
static int scale(int n) {

\treturn n * 3;
}
*/
import \"C\"

// Not a preamble: a blank line follows.

import \"C\"

// Not a preamble either.
import \"fmt\"

import (
\t\"os\"

\t// static int thrice(int n) { return 3 * n; }
\t\"C\"
)
";
        let lines = CodeLines::new(src);
        let verdicts: Vec<String> = (1..=28)
            .map(|l| {
                let why = lines.no_code_reason(l).unwrap_or_else(|| "may have code".to_string());
                format!("{l:>2} {} {why}", if lines.in_cgo_preamble(l) { "C " } else { "Go" })
            })
            .collect();
        expect_test::expect![[r#"
             1 Go line 1 is in the package clause: no code to stop at
             2 Go line 2 is blank: no code to stop at
             3 C  may have code
             4 C  may have code
             5 Go line 5 is in an import declaration: no code to stop at
             6 Go line 6 is blank: no code to stop at
             7 C  may have code
             8 C  may have code
             9 C  may have code
            10 C  may have code
            11 C  may have code
            12 C  may have code
            13 Go line 13 is in an import declaration: no code to stop at
            14 Go line 14 is blank: no code to stop at
            15 Go line 15 is only a comment: no code to stop at
            16 Go line 16 is blank: no code to stop at
            17 Go line 17 is in an import declaration: no code to stop at
            18 Go line 18 is blank: no code to stop at
            19 Go line 19 is only a comment: no code to stop at
            20 Go line 20 is in an import declaration: no code to stop at
            21 Go line 21 is blank: no code to stop at
            22 Go line 22 is in an import declaration: no code to stop at
            23 Go line 23 is in an import declaration: no code to stop at
            24 Go line 24 is blank: no code to stop at
            25 C  may have code
            26 Go line 26 is in an import declaration: no code to stop at
            27 Go line 27 is in an import declaration: no code to stop at
            28 Go line 28 is blank: no code to stop at
        "#]]
        .assert_eq(&(verdicts.join("\n") + "\n"));
    }

    /// Lines counted and told apart in a text with `\r\n` line ends, with
    /// and without a trailing line end; no line 0, none past the last.
    #[test]
    fn lines_of_texts_ending_lines_with_crlf() {
        let texts =
            ["package main\r\n\r\n// c\r\nconst k = 1\r\nfunc f() {}", "package main\r\n\r\nfunc f() {\r\n}\r\n", ""];
        let mut out = String::new();
        for text in texts {
            let lines = CodeLines::new(text);
            let count = lines.line_count();
            out += &format!("{text:?}: {count} lines\n");
            for l in 0..=count + 1 {
                let why = lines.no_code_reason(l).unwrap_or_else(|| "may have code".to_string());
                out += &format!("  {l} {why}\n");
            }
        }
        expect_test::expect![[r#"
            "package main\r\n\r\n// c\r\nconst k = 1\r\nfunc f() {}": 5 lines
              0 may have code
              1 line 1 is in the package clause: no code to stop at
              2 line 2 is blank: no code to stop at
              3 line 3 is only a comment: no code to stop at
              4 line 4 is in a const declaration: no code to stop at
              5 may have code
              6 may have code
            "package main\r\n\r\nfunc f() {\r\n}\r\n": 5 lines
              0 may have code
              1 line 1 is in the package clause: no code to stop at
              2 line 2 is blank: no code to stop at
              3 may have code
              4 may have code
              5 line 5 is blank: no code to stop at
              6 may have code
            "": 1 lines
              0 may have code
              1 line 1 is blank: no code to stop at
              2 may have code
        "#]]
        .assert_eq(&out);
    }
}
