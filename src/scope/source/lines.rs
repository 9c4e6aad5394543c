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

    /// Why a breakpoint on `line` (1-based) can never bind, or `None` when
    /// the source cannot tell.
    pub fn no_code_reason(&self, line: u32) -> Option<String> {
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
