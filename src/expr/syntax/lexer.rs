//! Go's lexical grammar, ported from go/scanner (Go 1.26) so that tokens,
//! automatic semicolons and lexical errors — their words and offsets — are
//! the ones `go/parser.ParseExpr` sees. Tokens are produced one at a time, on
//! demand, because the parser's error filter depends on the interleaving of
//! scanner and parser errors (go/parser's `error` looks at the last one).

use std::fmt::Write as _;

use super::unicode;
use crate::expr::Span;

/// go/token's tokens (COMMENT never leaves the scanner).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tok {
    Illegal,
    Eof,
    Ident,
    Int,
    Float,
    Imag,
    Char,
    String,
    Add,
    Sub,
    Mul,
    Quo,
    Rem,
    And,
    Or,
    Xor,
    Shl,
    Shr,
    AndNot,
    AddAssign,
    SubAssign,
    MulAssign,
    QuoAssign,
    RemAssign,
    AndAssign,
    OrAssign,
    XorAssign,
    ShlAssign,
    ShrAssign,
    AndNotAssign,
    LAnd,
    LOr,
    Arrow,
    Inc,
    Dec,
    Eql,
    Lss,
    Gtr,
    Assign,
    Not,
    Neq,
    Leq,
    Geq,
    Define,
    Ellipsis,
    LParen,
    LBrack,
    LBrace,
    Comma,
    Period,
    RParen,
    RBrack,
    RBrace,
    Semicolon,
    Colon,
    Break,
    Case,
    Chan,
    Const,
    Continue,
    Default,
    Defer,
    Else,
    Fallthrough,
    For,
    Func,
    Go,
    Goto,
    If,
    Import,
    Interface,
    Map,
    Package,
    Range,
    Return,
    Select,
    Struct,
    Switch,
    Type,
    Var,
    Tilde,
}

impl Tok {
    /// go/token's `Token.String`, used in "expected …, found '…'".
    pub(super) fn as_str(self) -> &'static str {
        use Tok::*;
        match self {
            Illegal => "ILLEGAL",
            Eof => "EOF",
            Ident => "IDENT",
            Int => "INT",
            Float => "FLOAT",
            Imag => "IMAG",
            Char => "CHAR",
            String => "STRING",
            Add => "+",
            Sub => "-",
            Mul => "*",
            Quo => "/",
            Rem => "%",
            And => "&",
            Or => "|",
            Xor => "^",
            Shl => "<<",
            Shr => ">>",
            AndNot => "&^",
            AddAssign => "+=",
            SubAssign => "-=",
            MulAssign => "*=",
            QuoAssign => "/=",
            RemAssign => "%=",
            AndAssign => "&=",
            OrAssign => "|=",
            XorAssign => "^=",
            ShlAssign => "<<=",
            ShrAssign => ">>=",
            AndNotAssign => "&^=",
            LAnd => "&&",
            LOr => "||",
            Arrow => "<-",
            Inc => "++",
            Dec => "--",
            Eql => "==",
            Lss => "<",
            Gtr => ">",
            Assign => "=",
            Not => "!",
            Neq => "!=",
            Leq => "<=",
            Geq => ">=",
            Define => ":=",
            Ellipsis => "...",
            LParen => "(",
            LBrack => "[",
            LBrace => "{",
            Comma => ",",
            Period => ".",
            RParen => ")",
            RBrack => "]",
            RBrace => "}",
            Semicolon => ";",
            Colon => ":",
            Break => "break",
            Case => "case",
            Chan => "chan",
            Const => "const",
            Continue => "continue",
            Default => "default",
            Defer => "defer",
            Else => "else",
            Fallthrough => "fallthrough",
            For => "for",
            Func => "func",
            Go => "go",
            Goto => "goto",
            If => "if",
            Import => "import",
            Interface => "interface",
            Map => "map",
            Package => "package",
            Range => "range",
            Return => "return",
            Select => "select",
            Struct => "struct",
            Switch => "switch",
            Type => "type",
            Var => "var",
            Tilde => "~",
        }
    }

    /// Identifiers and basic literals: error messages quote their text.
    pub(super) fn is_literal(self) -> bool {
        matches!(self, Tok::Ident | Tok::Int | Tok::Float | Tok::Imag | Tok::Char | Tok::String)
    }

    fn keyword(word: &str) -> Tok {
        use Tok::*;
        match word {
            "break" => Break,
            "case" => Case,
            "chan" => Chan,
            "const" => Const,
            "continue" => Continue,
            "default" => Default,
            "defer" => Defer,
            "else" => Else,
            "fallthrough" => Fallthrough,
            "for" => For,
            "func" => Func,
            "go" => Go,
            "goto" => Goto,
            "if" => If,
            "import" => Import,
            "interface" => Interface,
            "map" => Map,
            "package" => Package,
            "range" => Range,
            "return" => Return,
            "select" => Select,
            "struct" => Struct,
            "switch" => Switch,
            "type" => Type,
            "var" => Var,
            _ => Ident,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
    /// A semicolon the scanner inserted at a newline or at EOF (go/scanner's
    /// literal "\n"); such a token covers no text.
    pub auto: bool,
}

/// An error in go/parser's words at a byte span; `line` feeds go/parser's
/// one-error-per-line filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SyntaxError {
    pub span: Span,
    pub line: usize,
    pub msg: String,
}

const EOF: i32 = -1;
const BOM: i32 = 0xFEFF;

pub(super) struct Scanner<'a> {
    text: &'a str,
    src: &'a [u8],
    ch: i32,
    offset: usize,
    rd_offset: usize,
    line_offset: usize,
    /// Offsets where lines 2, 3, … start, as far as scanned.
    line_starts: Vec<usize>,
    insert_semi: bool,
    /// Position of the semicolon owed for a `/*…*/` comment with a newline.
    nl_pos: Option<usize>,
    /// Every error so far, scanner and parser, in the order they were found.
    pub errors: Vec<SyntaxError>,
}

impl<'a> Scanner<'a> {
    pub(super) fn new(text: &'a str) -> Scanner<'a> {
        let mut s = Scanner {
            text,
            src: text.as_bytes(),
            ch: ' ' as i32,
            offset: 0,
            rd_offset: 0,
            line_offset: 0,
            line_starts: Vec::new(),
            insert_semi: false,
            nl_pos: None,
            errors: Vec::new(),
        };
        s.next();
        if s.ch == BOM {
            s.next(); // a BOM is permitted as the very first character
        }
        s
    }

    /// The 1-based line of `offset` (which must have been scanned already).
    pub(super) fn line_of(&self, offset: usize) -> usize {
        1 + self.line_starts.partition_point(|&start| start <= offset)
    }

    fn error(&mut self, span: Span, msg: String) {
        let line = self.line_of(span.start);
        self.errors.push(SyntaxError { span, line, msg });
    }

    /// An error at `offset`, covering the character there if it is the current one.
    fn error_at(&mut self, offset: usize, msg: impl Into<String>) {
        let end = if offset == self.offset { self.rd_offset } else { offset };
        self.error(Span::new(offset, end.max(offset)), msg.into());
    }

    /// Reads the next character. Inline: nearly every character is ASCII
    /// after one that is not a newline, which needs no line accounting and
    /// cannot be an error; [`Self::next_slow`] does the rest.
    #[inline]
    fn next(&mut self) {
        if let Some(&b) = self.src.get(self.rd_offset) {
            if b != 0 && b < 0x80 && self.ch != '\n' as i32 {
                self.offset = self.rd_offset;
                self.rd_offset += 1;
                self.ch = i32::from(b);
                return;
            }
        }
        self.next_slow();
    }

    #[inline(never)]
    fn next_slow(&mut self) {
        if self.rd_offset < self.src.len() {
            self.offset = self.rd_offset;
            if self.ch == '\n' as i32 {
                self.line_offset = self.offset;
                self.line_starts.push(self.offset);
            }
            let b = self.src[self.rd_offset];
            // the text is a str: go/scanner's invalid UTF-8 errors cannot happen
            let (r, w) = if b < 0x80 {
                (i32::from(b), 1)
            } else {
                match self.text.get(self.rd_offset..).and_then(|rest| rest.chars().next()) {
                    Some(c) => (c as i32, c.len_utf8()),
                    None => (0xFFFD, 1),
                }
            };
            if r == 0 {
                self.error(Span::new(self.offset, self.offset + 1), "illegal character NUL".into());
            } else if r == BOM && self.offset > 0 {
                self.error(Span::new(self.offset, self.offset + w), "illegal byte order mark".into());
            }
            self.rd_offset += w;
            self.ch = r;
        } else {
            self.offset = self.src.len();
            if self.ch == '\n' as i32 {
                // go/token starts no line at EOF: EOF stays on the last line
                self.line_offset = self.offset;
            }
            self.ch = EOF;
        }
    }

    fn peek(&self) -> u8 {
        self.src.get(self.rd_offset).copied().unwrap_or(0)
    }

    fn skip_whitespace(&mut self) {
        loop {
            match self.ch {
                0x20 | 0x09 | 0x0D => self.next(),
                0x0A if !self.insert_semi => self.next(),
                _ => return,
            }
        }
    }

    /// The next token, skipping comments (go/parser never keeps them).
    pub(super) fn scan(&mut self) -> Token {
        loop {
            if let Some(pos) = self.nl_pos.take() {
                // the semicolon owed for a /*…*/ comment containing a newline
                return Token { tok: Tok::Semicolon, start: pos, end: pos, auto: true };
            }
            self.skip_whitespace();
            let pos = self.offset;
            let ch = self.ch;
            let mut insert_semi = false;
            let tok = if is_letter(ch) {
                self.scan_identifier();
                let word = &self.text[pos..self.offset];
                let tok = if word.len() > 1 { Tok::keyword(word) } else { Tok::Ident };
                insert_semi = matches!(tok, Tok::Ident | Tok::Break | Tok::Continue | Tok::Fallthrough | Tok::Return);
                tok
            } else if is_decimal(ch) || ch == '.' as i32 && is_decimal(i32::from(self.peek())) {
                insert_semi = true;
                self.scan_number()
            } else {
                self.next(); // always make progress
                match ch {
                    EOF => {
                        if self.insert_semi {
                            self.insert_semi = false;
                            return Token { tok: Tok::Semicolon, start: pos, end: pos, auto: true };
                        }
                        Tok::Eof
                    }
                    0x0A => {
                        // only reached when a semicolon is owed
                        self.insert_semi = false;
                        return Token { tok: Tok::Semicolon, start: pos, end: pos, auto: true };
                    }
                    0x22 => {
                        insert_semi = true;
                        self.scan_string();
                        Tok::String
                    }
                    0x27 => {
                        insert_semi = true;
                        self.scan_rune();
                        Tok::Char
                    }
                    0x60 => {
                        insert_semi = true;
                        self.scan_raw_string();
                        Tok::String
                    }
                    0x3A => self.switch2(Tok::Colon, Tok::Define),
                    0x2E => {
                        if self.ch == '.' as i32 && self.peek() == b'.' {
                            self.next();
                            self.next();
                            Tok::Ellipsis
                        } else {
                            Tok::Period
                        }
                    }
                    0x2C => Tok::Comma,
                    0x3B => Tok::Semicolon,
                    0x28 => Tok::LParen,
                    0x29 => {
                        insert_semi = true;
                        Tok::RParen
                    }
                    0x5B => Tok::LBrack,
                    0x5D => {
                        insert_semi = true;
                        Tok::RBrack
                    }
                    0x7B => Tok::LBrace,
                    0x7D => {
                        insert_semi = true;
                        Tok::RBrace
                    }
                    0x2B => {
                        let tok = self.switch3(Tok::Add, Tok::AddAssign, '+', Tok::Inc);
                        insert_semi = tok == Tok::Inc;
                        tok
                    }
                    0x2D => {
                        let tok = self.switch3(Tok::Sub, Tok::SubAssign, '-', Tok::Dec);
                        insert_semi = tok == Tok::Dec;
                        tok
                    }
                    0x2A => self.switch2(Tok::Mul, Tok::MulAssign),
                    0x2F => {
                        if self.ch == '/' as i32 || self.ch == '*' as i32 {
                            let nl_offset = self.scan_comment();
                            if self.insert_semi && nl_offset.is_some() {
                                self.nl_pos = nl_offset;
                                self.insert_semi = false;
                            }
                            continue; // comments are not tokens for go/parser
                        }
                        self.switch2(Tok::Quo, Tok::QuoAssign)
                    }
                    0x25 => self.switch2(Tok::Rem, Tok::RemAssign),
                    0x5E => self.switch2(Tok::Xor, Tok::XorAssign),
                    0x3C => {
                        if self.ch == '-' as i32 {
                            self.next();
                            Tok::Arrow
                        } else {
                            self.switch4(Tok::Lss, Tok::Leq, '<', Tok::Shl, Tok::ShlAssign)
                        }
                    }
                    0x3E => self.switch4(Tok::Gtr, Tok::Geq, '>', Tok::Shr, Tok::ShrAssign),
                    0x3D => self.switch2(Tok::Assign, Tok::Eql),
                    0x21 => self.switch2(Tok::Not, Tok::Neq),
                    0x26 => {
                        if self.ch == '^' as i32 {
                            self.next();
                            self.switch2(Tok::AndNot, Tok::AndNotAssign)
                        } else {
                            self.switch3(Tok::And, Tok::AndAssign, '&', Tok::LAnd)
                        }
                    }
                    0x7C => self.switch3(Tok::Or, Tok::OrAssign, '|', Tok::LOr),
                    0x7E => Tok::Tilde,
                    _ => {
                        // next() has reported a stray BOM already
                        if ch != BOM {
                            let span = Span::new(pos, self.offset);
                            let msg = if ch == 0x201C || ch == 0x201D {
                                format!("curly quotation mark '{}' (use neutral '\"')", char_of(ch))
                            } else {
                                format!("illegal character {}", unicode_fmt(ch))
                            };
                            self.error(span, msg);
                        }
                        insert_semi = self.insert_semi; // preserve
                        Tok::Illegal
                    }
                }
            };
            self.insert_semi = insert_semi;
            return Token { tok, start: pos, end: self.offset, auto: false };
        }
    }

    fn switch2(&mut self, tok0: Tok, tok1: Tok) -> Tok {
        if self.ch == '=' as i32 {
            self.next();
            return tok1;
        }
        tok0
    }

    fn switch3(&mut self, tok0: Tok, tok1: Tok, ch2: char, tok2: Tok) -> Tok {
        if self.ch == '=' as i32 {
            self.next();
            return tok1;
        }
        if self.ch == ch2 as i32 {
            self.next();
            return tok2;
        }
        tok0
    }

    fn switch4(&mut self, tok0: Tok, tok1: Tok, ch2: char, tok2: Tok, tok3: Tok) -> Tok {
        if self.ch == '=' as i32 {
            self.next();
            return tok1;
        }
        if self.ch == ch2 as i32 {
            self.next();
            if self.ch == '=' as i32 {
                self.next();
                return tok3;
            }
            return tok2;
        }
        tok0
    }

    fn scan_identifier(&mut self) {
        // ASCII fast path; the first character is a letter already
        let mut i = self.rd_offset;
        while i < self.src.len() && (self.src[i].is_ascii_alphanumeric() || self.src[i] == b'_') {
            i += 1;
        }
        if i == self.src.len() {
            self.offset = i;
            self.rd_offset = i;
            self.ch = EOF;
            return;
        }
        let b = self.src[i];
        if b != 0 && b < 0x80 {
            // the preceding character is part of the identifier, so no
            // line accounting is skipped here
            self.ch = i32::from(b);
            self.offset = i;
            self.rd_offset = i + 1;
            return;
        }
        self.rd_offset = i;
        self.next();
        while is_letter(self.ch) || is_digit(self.ch) {
            self.next();
        }
    }

    fn digits(&mut self, base: i32, invalid: &mut Option<usize>) -> u8 {
        let mut digsep = 0;
        if base <= 10 {
            let max = '0' as i32 + base;
            while is_decimal(self.ch) || self.ch == '_' as i32 {
                let mut ds = 1;
                if self.ch == '_' as i32 {
                    ds = 2;
                } else if self.ch >= max && invalid.is_none() {
                    *invalid = Some(self.offset);
                }
                digsep |= ds;
                self.next();
            }
        } else {
            while is_hex(self.ch) || self.ch == '_' as i32 {
                digsep |= if self.ch == '_' as i32 { 2 } else { 1 };
                self.next();
            }
        }
        digsep
    }

    fn scan_number(&mut self) -> Tok {
        let offs = self.offset;
        let mut tok = Tok::Illegal;
        let mut base = 10;
        let mut prefix = 0u8; // 0 (decimal), b'0' (0-octal), b'x', b'o' or b'b'
        let mut digsep = 0u8;
        let mut invalid = None;

        if self.ch != '.' as i32 {
            tok = Tok::Int;
            if self.ch == '0' as i32 {
                self.next();
                match lower(self.ch) {
                    0x78 => {
                        self.next();
                        (base, prefix) = (16, b'x');
                    }
                    0x6F => {
                        self.next();
                        (base, prefix) = (8, b'o');
                    }
                    0x62 => {
                        self.next();
                        (base, prefix) = (2, b'b');
                    }
                    _ => {
                        (base, prefix) = (8, b'0');
                        digsep = 1; // leading 0
                    }
                }
            }
            digsep |= self.digits(base, &mut invalid);
        }

        if self.ch == '.' as i32 {
            tok = Tok::Float;
            if prefix == b'o' || prefix == b'b' {
                self.error_at(self.offset, format!("invalid radix point in {}", lit_name(prefix)));
            }
            self.next();
            digsep |= self.digits(base, &mut invalid);
        }

        if digsep & 1 == 0 {
            self.error_at(self.offset, format!("{} has no digits", lit_name(prefix)));
        }

        let e = lower(self.ch);
        if e == 'e' as i32 || e == 'p' as i32 {
            if e == 'e' as i32 && prefix != 0 && prefix != b'0' {
                let msg = format!("'{}' exponent requires decimal mantissa", char_of(self.ch));
                self.error_at(self.offset, msg);
            } else if e == 'p' as i32 && prefix != b'x' {
                let msg = format!("'{}' exponent requires hexadecimal mantissa", char_of(self.ch));
                self.error_at(self.offset, msg);
            }
            self.next();
            tok = Tok::Float;
            if self.ch == '+' as i32 || self.ch == '-' as i32 {
                self.next();
            }
            let ds = self.digits(10, &mut None);
            digsep |= ds;
            if ds & 1 == 0 {
                self.error_at(self.offset, "exponent has no digits");
            }
        } else if prefix == b'x' && tok == Tok::Float {
            self.error_at(self.offset, "hexadecimal mantissa requires a 'p' exponent");
        }

        if self.ch == 'i' as i32 {
            tok = Tok::Imag;
            self.next();
        }

        let lit = &self.src[offs..self.offset];
        if tok == Tok::Int {
            if let Some(at) = invalid {
                let msg = format!("invalid digit '{}' in {}", char::from(lit[at - offs]), lit_name(prefix));
                self.error(Span::new(at, at + 1), msg);
            }
        }
        if digsep & 2 != 0 {
            if let Some(i) = invalid_sep(lit) {
                self.error(Span::new(offs + i, offs + i + 1), "'_' must separate successive digits".into());
            }
        }
        tok
    }

    /// Scans an escape after its backslash; on error it stops at the
    /// offending character without consuming it.
    fn scan_escape(&mut self, quote: char) -> bool {
        let offs = self.offset;
        let (mut n, base, max): (u32, u32, u32) = match self.ch {
            c if c == quote as i32 => {
                self.next();
                return true;
            }
            0x61 | 0x62 | 0x66 | 0x6E | 0x72 | 0x74 | 0x76 | 0x5C => {
                self.next();
                return true;
            }
            0x30..=0x37 => (3, 8, 255),
            0x78 => {
                self.next();
                (2, 16, 255)
            }
            0x75 => {
                self.next();
                (4, 16, 0x10FFFF)
            }
            0x55 => {
                self.next();
                (8, 16, 0x10FFFF)
            }
            c => {
                let msg = if c < 0 { "escape sequence not terminated" } else { "unknown escape sequence" };
                self.error(Span::new(offs, self.rd_offset.max(offs)), msg.into());
                return false;
            }
        };
        let mut x: u64 = 0;
        while n > 0 {
            let d = digit_val(self.ch);
            if d >= base {
                let msg = if self.ch < 0 {
                    "escape sequence not terminated".to_string()
                } else {
                    format!("illegal character {} in escape sequence", unicode_fmt(self.ch))
                };
                let end = if self.ch < 0 { self.offset } else { self.rd_offset };
                self.error(Span::new(self.offset, end), msg);
                return false;
            }
            x = x * u64::from(base) + u64::from(d);
            self.next();
            n -= 1;
        }
        if x > u64::from(max) || (0xD800..0xE000).contains(&x) {
            self.error(Span::new(offs, self.offset), "escape sequence is invalid Unicode code point".into());
            return false;
        }
        true
    }

    fn scan_rune(&mut self) {
        let offs = self.offset - 1; // the opening quote is consumed
        let mut valid = true;
        let mut n = 0;
        loop {
            let ch = self.ch;
            if ch == '\n' as i32 || ch < 0 {
                if valid {
                    self.error(Span::new(offs, self.offset), "rune literal not terminated".into());
                    valid = false;
                }
                break;
            }
            self.next();
            if ch == '\'' as i32 {
                break;
            }
            n += 1;
            if ch == '\\' as i32 && !self.scan_escape('\'') {
                valid = false;
            }
        }
        if valid && n != 1 {
            self.error(Span::new(offs, self.offset), "illegal rune literal".into());
        }
    }

    fn scan_string(&mut self) {
        let offs = self.offset - 1;
        loop {
            let ch = self.ch;
            if ch == '\n' as i32 || ch < 0 {
                self.error(Span::new(offs, self.offset), "string literal not terminated".into());
                break;
            }
            self.next();
            if ch == '"' as i32 {
                break;
            }
            if ch == '\\' as i32 {
                self.scan_escape('"');
            }
        }
    }

    fn scan_raw_string(&mut self) {
        let offs = self.offset - 1;
        loop {
            let ch = self.ch;
            if ch < 0 {
                self.error(Span::new(offs, self.offset), "raw string literal not terminated".into());
                break;
            }
            self.next();
            if ch == '`' as i32 {
                break;
            }
        }
    }

    /// Scans a comment after its first '/'; returns the offset of the first
    /// newline inside a `/*…*/` comment.
    fn scan_comment(&mut self) -> Option<usize> {
        let offs = self.offset - 1;
        let mut nl_offset = None;
        let mut terminated = true;
        if self.ch == '/' as i32 {
            // the final '\n' is not part of the comment
            self.next();
            while self.ch != '\n' as i32 && self.ch >= 0 {
                self.next();
            }
        } else {
            self.next();
            terminated = false;
            while self.ch >= 0 {
                let ch = self.ch;
                if ch == '\n' as i32 && nl_offset.is_none() {
                    nl_offset = Some(self.offset);
                }
                self.next();
                if ch == '*' as i32 && self.ch == '/' as i32 {
                    self.next();
                    terminated = true;
                    break;
                }
            }
            if !terminated {
                self.error(Span::new(offs, self.offset), "comment not terminated".into());
            }
        }
        let mut lit = &self.src[offs..self.offset];
        // a //-comment may end in "\r\n"; the directive check ignores the '\r'
        if lit[1] == b'/' && lit.last() == Some(&b'\r') {
            lit = &lit[..lit.len() - 1];
        }
        // //line directives must start at the beginning of a line
        if terminated && (lit[1] == b'*' || offs == self.line_offset) && lit[2..].starts_with(b"line ") {
            self.check_line_directive(offs, lit);
        }
        nl_offset
    }

    /// go/scanner's `updateLineInfo`, for its errors only: dlvbridge's
    /// offsets always refer to the expression text itself.
    fn check_line_directive(&mut self, offs: usize, comment: &[u8]) {
        let mut text = comment;
        if text[1] == b'*' {
            text = &text[..text.len() - 2]; // lop off the trailing "*/"
        }
        let text = &text[7..];
        let offs = offs + 7;
        let (i, n, ok) = trailing_digits(text);
        if i == 0 {
            return; // not a line directive
        }
        let lossy = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        if !ok {
            let msg = format!("invalid line number: {}", lossy(&text[i..]));
            self.error(Span::new(offs + i, offs + text.len()), msg);
            return;
        }
        const MAX_LINE_COL: u64 = 1 << 30;
        let (i2, n2, ok2) = trailing_digits(&text[..i - 1]);
        let (i, line, text) = if ok2 {
            // filename:line:col
            if n == 0 || n > MAX_LINE_COL {
                let msg = format!("invalid column number: {}", lossy(&text[i..]));
                self.error(Span::new(offs + i, offs + text.len()), msg);
                return;
            }
            (i2, n2, &text[..i - 1])
        } else {
            (i, n, text)
        };
        if line == 0 || line > MAX_LINE_COL {
            let msg = format!("invalid line number: {}", lossy(&text[i..]));
            self.error(Span::new(offs + i, offs + text.len()), msg);
        }
    }
}

/// go/scanner's `trailingDigits`: the index after the last ':', the number
/// after it, and whether it parsed (as `strconv.ParseUint(s, 10, 0)`).
fn trailing_digits(text: &[u8]) -> (usize, u64, bool) {
    let Some(colon) = text.iter().rposition(|&b| b == b':') else { return (0, 0, false) };
    let digits = &text[colon + 1..];
    let mut n: u64 = 0;
    let mut ok = !digits.is_empty();
    for &b in digits {
        if !b.is_ascii_digit() {
            ok = false;
            break;
        }
        match n.checked_mul(10).and_then(|n| n.checked_add(u64::from(b - b'0'))) {
            Some(v) => n = v,
            None => {
                ok = false;
                break;
            }
        }
    }
    (colon + 1, if ok { n } else { 0 }, ok)
}

fn lit_name(prefix: u8) -> &'static str {
    match prefix {
        b'x' => "hexadecimal literal",
        b'o' | b'0' => "octal literal",
        b'b' => "binary literal",
        _ => "decimal literal",
    }
}

/// go/scanner's `invalidSep`: the index of the first misplaced '_'.
fn invalid_sep(x: &[u8]) -> Option<usize> {
    let mut x1 = b' '; // prefix char, we only care if it's 'x'
    let mut d = b'.'; // digit, one of '_', '0' (a digit), or '.' (anything else)
    let mut i = 0;
    if x.len() >= 2 && x[0] == b'0' {
        x1 = x[1] | 0x20;
        if x1 == b'x' || x1 == b'o' || x1 == b'b' {
            d = b'0';
            i = 2;
        }
    }
    while i < x.len() {
        let p = d;
        d = x[i];
        if d == b'_' {
            if p != b'0' {
                return Some(i);
            }
        } else if d.is_ascii_digit() || x1 == b'x' && d.is_ascii_hexdigit() {
            d = b'0';
        } else {
            if p == b'_' {
                return Some(i - 1);
            }
            d = b'.';
        }
        i += 1;
    }
    if d == b'_' {
        return Some(x.len() - 1);
    }
    None
}

fn lower(ch: i32) -> i32 {
    ch | 0x20
}

fn is_decimal(ch: i32) -> bool {
    (0x30..=0x39).contains(&ch)
}

fn is_hex(ch: i32) -> bool {
    is_decimal(ch) || (0x61..=0x66).contains(&lower(ch))
}

fn digit_val(ch: i32) -> u32 {
    if is_decimal(ch) {
        (ch - 0x30) as u32
    } else if (0x61..=0x66).contains(&lower(ch)) {
        (lower(ch) - 0x61 + 10) as u32
    } else {
        16
    }
}

fn in_table(table: &[(u32, u32)], ch: i32) -> bool {
    let c = ch as u32;
    let i = table.partition_point(|&(_, hi)| hi < c);
    i < table.len() && table[i].0 <= c
}

pub(super) fn is_letter(ch: i32) -> bool {
    (0x61..=0x7A).contains(&lower(ch)) || ch == '_' as i32 || ch >= 0x80 && in_table(unicode::LETTER, ch)
}

fn is_digit(ch: i32) -> bool {
    is_decimal(ch) || ch >= 0x80 && in_table(unicode::DIGIT, ch)
}

fn char_of(ch: i32) -> char {
    char::from_u32(ch as u32).unwrap_or('\u{FFFD}')
}

/// Go's `%#U`: `U+0040 '@'`, without the character when it is not printable.
fn unicode_fmt(ch: i32) -> String {
    let mut s = format!("U+{:04X}", ch);
    let printable = if ch < 0x80 { (0x20..0x7F).contains(&ch) } else { in_table(unicode::PRINT, ch) };
    if printable {
        let _ = write!(s, " '{}'", char_of(ch));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> String {
        let mut s = Scanner::new(text);
        let mut out = Vec::new();
        loop {
            let t = s.scan();
            let lit = if t.auto { "\\n" } else { &text[t.start..t.end] };
            out.push(format!("{}@{}:{}", t.tok.as_str(), t.start, lit));
            if t.tok == Tok::Eof {
                break;
            }
        }
        for e in &s.errors {
            out.push(format!("!{}..{} {}", e.span.start, e.span.end, e.msg));
        }
        out.join(" ")
    }

    #[test]
    fn semicolons_and_comments() {
        assert_eq!(tokens("a\nb"), "IDENT@0:a ;@1:\\n IDENT@2:b ;@3:\\n EOF@3:");
        assert_eq!(tokens("a /*\n*/ b"), "IDENT@0:a ;@4:\\n IDENT@8:b ;@9:\\n EOF@9:");
        assert_eq!(tokens("a // c"), "IDENT@0:a ;@6:\\n EOF@6:");
        assert_eq!(tokens("( /* x"), "(@0:( EOF@6: !2..6 comment not terminated");
    }

    #[test]
    fn numbers() {
        assert_eq!(
            tokens("0x1p-2 1_000 .5i 09"),
            "FLOAT@0:0x1p-2 INT@7:1_000 IMAG@13:.5i INT@17:09 ;@19:\\n EOF@19: !18..19 invalid digit '9' in octal literal"
        );
        assert_eq!(tokens("1__0"), "INT@0:1__0 ;@4:\\n EOF@4: !2..3 '_' must separate successive digits");
        assert_eq!(tokens("0b1.0"), "FLOAT@0:0b1.0 ;@5:\\n EOF@5: !3..4 invalid radix point in binary literal");
    }

    /// Go's 25 keywords (go/token's list), and words next to them that are
    /// identifiers: prefixes, extensions, other case.
    #[test]
    fn keywords_and_the_identifiers_beside_them() {
        let keywords = "break case chan const continue default defer else fallthrough for func go goto if import \
                        interface map package range return select struct switch type var";
        for word in keywords.split_whitespace() {
            assert_eq!(Tok::keyword(word).as_str(), word);
            for near in [&word[..word.len() - 1], &format!("{word}s"), &word.to_uppercase(), &format!("_{word}")] {
                assert_eq!(Tok::keyword(near), Tok::Ident, "{near}");
            }
        }
        for word in ["req", "nil", "len", "items", "User", "Name", "true", "x", "ok", "é", "goo", "in"] {
            assert_eq!(Tok::keyword(word), Tok::Ident, "{word}");
        }
    }

    #[test]
    fn illegal_characters() {
        assert_eq!(tokens("@"), "ILLEGAL@0:@ EOF@1: !0..1 illegal character U+0040 '@'");
        assert_eq!(
            tokens("\u{201C}"),
            "ILLEGAL@0:\u{201C} EOF@3: !0..3 curly quotation mark '\u{201C}' (use neutral '\"')"
        );
        assert_eq!(
            tokens("\u{FEFF}x\u{FEFF}"),
            "IDENT@3:x ILLEGAL@4:\u{FEFF} ;@7:\\n EOF@7: !4..7 illegal byte order mark"
        );
    }
}
