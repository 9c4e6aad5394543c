//! LSP positions (line, UTF-16 code unit) ⇄ byte offsets into a document.
//!
//! Every conversion clamps instead of failing: a line past the end is the
//! end of the text, a character past the end of a line is the line's end,
//! and a character that splits a UTF-16 surrogate pair is the start of that
//! character. Line ends are `\n` or `\r\n`.

use ls_types::{Position, Range};

use crate::expr::Span;

/// The line starts of one text, for position conversions.
pub struct LineIndex<'t> {
    text: &'t str,
    /// Byte offset of the start of each line; never empty.
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> LineIndex<'t> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// How many lines the text has (a trailing newline starts an empty one).
    pub fn line_count(&self) -> u32 {
        u32::try_from(self.starts.len()).unwrap_or(u32::MAX)
    }

    /// The text of line `line` (0-based) without its line end; empty past
    /// the end.
    pub fn line(&self, line: u32) -> &'t str {
        let Some(&start) = self.starts.get(line as usize) else { return "" };
        let end = self.starts.get(line as usize + 1).map_or(self.text.len(), |next| next - 1);
        let s = &self.text[start..end.max(start)];
        s.strip_suffix('\r').unwrap_or(s)
    }

    /// The byte offset of `pos`, clamped into the text.
    pub fn offset(&self, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else { return self.text.len() };
        let mut units = 0u32;
        for (i, c) in self.line(pos.line).char_indices() {
            let next = units + c.len_utf16() as u32;
            if next > pos.character {
                // Inside a surrogate pair, or exactly at this character.
                return start + i;
            }
            units = next;
        }
        start + self.line(pos.line).len()
    }

    /// The position of byte `offset` (clamped to the text, and back to a
    /// character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let in_line = &self.text[start..offset];
        let character = in_line.trim_end_matches('\r').encode_utf16().count();
        Position::new(line as u32, u32::try_from(character).unwrap_or(u32::MAX))
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte span of `range`, clamped and ordered.
    pub fn span(&self, range: Range) -> Span {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        Span::new(a.min(b), a.max(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, line: u32, character: u32) -> usize {
        LineIndex::new(text).offset(Position::new(line, character))
    }

    #[test]
    fn offsets_clamp_and_never_split_characters() {
        let text = "ab\r\nx😀y\n";
        assert_eq!(at(text, 0, 1), 1);
        assert_eq!(at(text, 0, 99), 2, "past the end of a line: its end, before \\r\\n");
        assert_eq!(at(text, 1, 1), 5, "before the emoji");
        assert_eq!(at(text, 1, 2), 5, "inside the surrogate pair: the emoji's start");
        assert_eq!(at(text, 1, 3), 9, "after the emoji");
        assert_eq!(at(text, 2, 0), text.len(), "the empty last line");
        assert_eq!(at(text, 7, 3), text.len(), "past the last line");
    }

    #[test]
    fn positions_count_utf16_units() {
        let text = "ab\r\nx😀y\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(9), Position::new(1, 3));
        assert_eq!(index.position(7), Position::new(1, 1), "inside the emoji's bytes: its start");
        assert_eq!(index.position(3), Position::new(0, 2), "between \\r and \\n: the line's end");
        assert_eq!(index.position(99), Position::new(2, 0));
        assert_eq!(index.line(1), "x😀y");
        assert_eq!(index.line(0), "ab");
        assert_eq!(index.line(5), "");
    }
}
