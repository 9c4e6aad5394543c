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

    /// Every token and error of each text, one text a line: the kinds,
    /// starts, texts and error offsets and words are go/scanner's (Go 1.26,
    /// compared when these were written); error ends are ours.
    fn check_tokens(texts: &[&str], expect: expect_test::Expect) {
        // control characters and BOMs escaped, to keep the snapshot plain text
        let plain = |s: String| {
            s.chars()
                .map(|c| if c.is_control() || c == '\u{FEFF}' { c.escape_unicode().to_string() } else { c.to_string() })
                .collect::<String>()
        };
        let lines: Vec<String> = texts.iter().map(|t| format!("{t:?} => {}", plain(tokens(t)))).collect();
        expect.assert_eq(&(lines.join("\n") + "\n"));
    }

    /// The operators, by their longest match, and which of them let a
    /// newline end the statement.
    #[test]
    fn operators_and_their_semicolons() {
        check_tokens(
            &[
                "+ += ++ - -= -- * *= / /= % %= ^ ^=",
                "< <= << <<= <- > >= >> >>= = == ! != ~",
                "& &= && &^ &^= | |= ||",
                ": := . .. ... , ; ( ) [ ] { }",
                "x++\ny--\n(x)\n[x]\n{x}\nx+\ny",
                "<<=<-<=>>=>=&^=&&=||=",
                "a.b...c..d",
            ],
            expect_test::expect![[r#"
                "+ += ++ - -= -- * *= / /= % %= ^ ^=" => +@0:+ +=@2:+= ++@5:++ -@8:- -=@10:-= --@13:-- *@16:* *=@18:*= /@21:/ /=@23:/= %@26:% %=@28:%= ^@31:^ ^=@33:^= EOF@35:
                "< <= << <<= <- > >= >> >>= = == ! != ~" => <@0:< <=@2:<= <<@5:<< <<=@8:<<= <-@12:<- >@15:> >=@17:>= >>@20:>> >>=@23:>>= =@27:= ==@29:== !@32:! !=@34:!= ~@37:~ EOF@38:
                "& &= && &^ &^= | |= ||" => &@0:& &=@2:&= &&@5:&& &^@8:&^ &^=@11:&^= |@15:| |=@17:|= ||@20:|| EOF@22:
                ": := . .. ... , ; ( ) [ ] { }" => :@0:: :=@2::= .@5:. .@7:. .@8:. ...@10:... ,@14:, ;@16:; (@18:( )@20:) [@22:[ ]@24:] {@26:{ }@28:} ;@29:\n EOF@29:
                "x++\ny--\n(x)\n[x]\n{x}\nx+\ny" => IDENT@0:x ++@1:++ ;@3:\n IDENT@4:y --@5:-- ;@7:\n (@8:( IDENT@9:x )@10:) ;@11:\n [@12:[ IDENT@13:x ]@14:] ;@15:\n {@16:{ IDENT@17:x }@18:} ;@19:\n IDENT@20:x +@21:+ IDENT@23:y ;@24:\n EOF@24:
                "<<=<-<=>>=>=&^=&&=||=" => <<=@0:<<= <-@3:<- <=@5:<= >>=@7:>>= >=@10:>= &^=@12:&^= &&@15:&& =@17:= ||@18:|| =@20:= EOF@21:
                "a.b...c..d" => IDENT@0:a .@1:. IDENT@2:b ...@3:... IDENT@6:c .@7:. .@8:. IDENT@9:d ;@10:\n EOF@10:
            "#]],
        );
    }

    /// Literals and identifiers: where each ends, and the semicolon a
    /// newline after each implies.
    #[test]
    fn literals_identifiers_and_keywords() {
        check_tokens(
            &[
                "break\ncontinue\nfallthrough\nreturn\nx\ngo\nfunc\n",
                "a_1 _x é名前x٣ e\u{0301}x aé",
                "x\u{00A0}y",
                "1 1.5 .5 1. 1e9 1E+3 0x1p-2 0X1P2 0b1 0o7 017 1i 0x1p2i",
                "'a' '\\n' '\\x41' '\\u00e9' '\\U0001F600' '\\'' '\\000'\n",
                "\"a\\tb\" `raw\nx` \"\\\"\"\n",
                "x\r\n\ty",
            ],
            expect_test::expect![[r#"
                "break\ncontinue\nfallthrough\nreturn\nx\ngo\nfunc\n" => break@0:break ;@5:\n continue@6:continue ;@14:\n fallthrough@15:fallthrough ;@26:\n return@27:return ;@33:\n IDENT@34:x ;@35:\n go@36:go func@39:func EOF@44:
                "a_1 _x é名前x٣ e\u{301}x aé" => IDENT@0:a_1 IDENT@4:_x IDENT@7:é名前x٣ IDENT@19:e ILLEGAL@20:́ IDENT@22:x IDENT@24:aé ;@27:\n EOF@27: !20..22 illegal character U+0301 '́'
                "x\u{a0}y" => IDENT@0:x ILLEGAL@1:  IDENT@3:y ;@4:\n EOF@4: !1..3 illegal character U+00A0
                "1 1.5 .5 1. 1e9 1E+3 0x1p-2 0X1P2 0b1 0o7 017 1i 0x1p2i" => INT@0:1 FLOAT@2:1.5 FLOAT@6:.5 FLOAT@9:1. FLOAT@12:1e9 FLOAT@16:1E+3 FLOAT@21:0x1p-2 FLOAT@28:0X1P2 INT@34:0b1 INT@38:0o7 INT@42:017 IMAG@46:1i IMAG@49:0x1p2i ;@55:\n EOF@55:
                "'a' '\\n' '\\x41' '\\u00e9' '\\U0001F600' '\\'' '\\000'\n" => CHAR@0:'a' CHAR@4:'\n' CHAR@9:'\x41' CHAR@16:'\u00e9' CHAR@25:'\U0001F600' CHAR@38:'\'' CHAR@43:'\000' ;@49:\n EOF@50:
                "\"a\\tb\" `raw\nx` \"\\\"\"\n" => STRING@0:"a\tb" STRING@7:`raw\u{a}x` STRING@15:"\"" ;@19:\n EOF@20:
                "x\r\n\ty" => IDENT@0:x ;@2:\n IDENT@4:y ;@5:\n EOF@5:
            "#]],
        );
    }

    /// Lexical errors, each with the ones after it (go/parser reports one a
    /// line, so only the first of a line is Delve's).
    #[test]
    fn lexical_errors_and_where_they_end() {
        check_tokens(
            &[
                "0x 0b 0o 0x_ 1_ 1__2 0_x1",
                "0b12 0o19 0b1.1 0o1.1 0x1.1 0x1e1 1p1 0b1p1 0o1e1",
                "08 09.5 08i 0x1p 1e 1e+ .e5",
                "0x1.p1 0x.p1 0x.1p1 0_1 0__1 1_.5 1._5 0x_1_ 0b_ 0o_1",
                "'' 'ab' '\\q' '\\x4' '\\x4g' '\\400' '\\uD800' '\\U00110000' '\\u12' '\\",
                "\"\\q\" \"\\xZZ\" \"\\u123",
                "\"abc\nx 'a\nx `abc",
                "/* abc",
                "x /* a\n b */ y /* c */ z",
                "x @ # $ ? \\\ny",
                "x\u{201C}\u{201D}\u{2018}",
                "x\u{0}y \"a\u{0}\" \u{FEFF}",
                "\u{FEFF}\u{FEFF}x",
                "'\u{7F}' '\\u{80}x'",
                "x\u{80} \"\\x\u{0}\" \"\\\u{0}\" '\u{0}' `a\u{0}b`",
                "'\\qa' '\\q\\q' '\\400a'",
                "'\\U0010FFFF' '\\377' '\\uE000' '\\uD7FF' '\\xff' '\\uDFFF' '\\U0010ffff'",
                "1_e5 1e_5 1__0e5 1e1__0 1_i 0x1p1_0",
                "x /* c */\ny ( /*\n*/ x)",
            ],
            expect_test::expect![[r#"
                "0x 0b 0o 0x_ 1_ 1__2 0_x1" => INT@0:0x INT@3:0b INT@6:0o INT@9:0x_ INT@13:1_ INT@16:1__2 INT@21:0_ IDENT@23:x1 ;@25:\n EOF@25: !2..3 hexadecimal literal has no digits !5..6 binary literal has no digits !8..9 octal literal has no digits !12..13 hexadecimal literal has no digits !11..12 '_' must separate successive digits !14..15 '_' must separate successive digits !18..19 '_' must separate successive digits !22..23 '_' must separate successive digits
                "0b12 0o19 0b1.1 0o1.1 0x1.1 0x1e1 1p1 0b1p1 0o1e1" => INT@0:0b12 INT@5:0o19 FLOAT@10:0b1.1 FLOAT@16:0o1.1 FLOAT@22:0x1.1 INT@28:0x1e1 FLOAT@34:1p1 FLOAT@38:0b1p1 FLOAT@44:0o1e1 ;@49:\n EOF@49: !3..4 invalid digit '2' in binary literal !8..9 invalid digit '9' in octal literal !13..14 invalid radix point in binary literal !19..20 invalid radix point in octal literal !27..28 hexadecimal mantissa requires a 'p' exponent !35..36 'p' exponent requires hexadecimal mantissa !41..42 'p' exponent requires hexadecimal mantissa !47..48 'e' exponent requires decimal mantissa
                "08 09.5 08i 0x1p 1e 1e+ .e5" => INT@0:08 FLOAT@3:09.5 IMAG@8:08i FLOAT@12:0x1p FLOAT@17:1e FLOAT@20:1e+ .@24:. IDENT@25:e5 ;@27:\n EOF@27: !1..2 invalid digit '8' in octal literal !16..17 exponent has no digits !19..20 exponent has no digits !23..24 exponent has no digits
                "0x1.p1 0x.p1 0x.1p1 0_1 0__1 1_.5 1._5 0x_1_ 0b_ 0o_1" => FLOAT@0:0x1.p1 FLOAT@7:0x.p1 FLOAT@13:0x.1p1 INT@20:0_1 INT@24:0__1 FLOAT@29:1_.5 FLOAT@34:1._5 INT@39:0x_1_ INT@45:0b_ INT@49:0o_1 ;@53:\n EOF@53: !10..11 hexadecimal literal has no digits !26..27 '_' must separate successive digits !30..31 '_' must separate successive digits !36..37 '_' must separate successive digits !43..44 '_' must separate successive digits !48..49 binary literal has no digits !47..48 '_' must separate successive digits
                "'' 'ab' '\\q' '\\x4' '\\x4g' '\\400' '\\uD800' '\\U00110000' '\\u12' '\\" => CHAR@0:'' CHAR@3:'ab' CHAR@8:'\q' CHAR@13:'\x4' CHAR@19:'\x4g' CHAR@26:'\400' CHAR@33:'\uD800' CHAR@42:'\U00110000' CHAR@55:'\u12' CHAR@62:'\ ;@64:\n EOF@64: !0..2 illegal rune literal !3..7 illegal rune literal !10..11 unknown escape sequence !17..18 illegal character U+0027 ''' in escape sequence !23..24 illegal character U+0067 'g' in escape sequence !28..31 escape sequence is invalid Unicode code point !35..40 escape sequence is invalid Unicode code point !44..53 escape sequence is invalid Unicode code point !60..61 illegal character U+0027 ''' in escape sequence !64..64 escape sequence not terminated
                "\"\\q\" \"\\xZZ\" \"\\u123" => STRING@0:"\q" STRING@5:"\xZZ" STRING@12:"\u123 ;@18:\n EOF@18: !2..3 unknown escape sequence !8..9 illegal character U+005A 'Z' in escape sequence !18..18 escape sequence not terminated !12..18 string literal not terminated
                "\"abc\nx 'a\nx `abc" => STRING@0:"abc ;@4:\n IDENT@5:x CHAR@7:'a ;@9:\n IDENT@10:x STRING@12:`abc ;@16:\n EOF@16: !0..4 string literal not terminated !7..9 rune literal not terminated !12..16 raw string literal not terminated
                "/* abc" => EOF@6: !0..6 comment not terminated
                "x /* a\n b */ y /* c */ z" => IDENT@0:x ;@6:\n IDENT@13:y IDENT@23:z ;@24:\n EOF@24:
                "x @ # $ ? \\\ny" => IDENT@0:x ILLEGAL@2:@ ILLEGAL@4:# ILLEGAL@6:$ ILLEGAL@8:? ILLEGAL@10:\ ;@11:\n IDENT@12:y ;@13:\n EOF@13: !2..3 illegal character U+0040 '@' !4..5 illegal character U+0023 '#' !6..7 illegal character U+0024 '$' !8..9 illegal character U+003F '?' !10..11 illegal character U+005C '\'
                "x“”‘" => IDENT@0:x ILLEGAL@1:“ ILLEGAL@4:” ILLEGAL@7:‘ ;@10:\n EOF@10: !1..4 curly quotation mark '“' (use neutral '"') !4..7 curly quotation mark '”' (use neutral '"') !7..10 illegal character U+2018 '‘'
                "x\0y \"a\0\" \u{feff}" => IDENT@0:x ILLEGAL@1:\u{0} IDENT@2:y STRING@4:"a\u{0}" ILLEGAL@9:\u{feff} ;@12:\n EOF@12: !1..2 illegal character NUL !1..2 illegal character U+0000 !6..7 illegal character NUL !9..12 illegal byte order mark
                "\u{feff}\u{feff}x" => ILLEGAL@3:\u{feff} IDENT@6:x ;@7:\n EOF@7: !3..6 illegal byte order mark
                "'\u{7f}' '\\u{80}x'" => CHAR@0:'\u{7f}' CHAR@4:'\u{80}x' ;@13:\n EOF@13: !7..8 illegal character U+007B '{' in escape sequence
                "x\u{80} \"\\x\0\" \"\\\0\" '\0' `a\0b`" => IDENT@0:x ILLEGAL@1:\u{80} STRING@4:"\x\u{0}" STRING@10:"\\u{0}" CHAR@15:'\u{0}' STRING@19:`a\u{0}b` ;@24:\n EOF@24: !1..3 illegal character U+0080 !7..8 illegal character NUL !7..8 illegal character U+0000 in escape sequence !12..13 illegal character NUL !12..13 unknown escape sequence !16..17 illegal character NUL !21..22 illegal character NUL
                "'\\qa' '\\q\\q' '\\400a'" => CHAR@0:'\qa' CHAR@6:'\q\q' CHAR@13:'\400a' ;@20:\n EOF@20: !2..3 unknown escape sequence !8..9 unknown escape sequence !10..11 unknown escape sequence !15..18 escape sequence is invalid Unicode code point
                "'\\U0010FFFF' '\\377' '\\uE000' '\\uD7FF' '\\xff' '\\uDFFF' '\\U0010ffff'" => CHAR@0:'\U0010FFFF' CHAR@13:'\377' CHAR@20:'\uE000' CHAR@29:'\uD7FF' CHAR@38:'\xff' CHAR@45:'\uDFFF' CHAR@54:'\U0010ffff' ;@66:\n EOF@66: !47..52 escape sequence is invalid Unicode code point
                "1_e5 1e_5 1__0e5 1e1__0 1_i 0x1p1_0" => FLOAT@0:1_e5 FLOAT@5:1e_5 FLOAT@10:1__0e5 FLOAT@17:1e1__0 IMAG@24:1_i FLOAT@28:0x1p1_0 ;@35:\n EOF@35: !1..2 '_' must separate successive digits !7..8 '_' must separate successive digits !12..13 '_' must separate successive digits !21..22 '_' must separate successive digits !25..26 '_' must separate successive digits
                "x /* c */\ny ( /*\n*/ x)" => IDENT@0:x ;@9:\n IDENT@10:y (@12:( IDENT@20:x )@21:) ;@22:\n EOF@22:
            "#]],
        );
    }

    /// `//line` and `/*line` directives: their errors are go/scanner's,
    /// but go/parser then reports positions in the named file, which the
    /// parser differential cannot compare.
    #[test]
    fn line_directive_errors() {
        check_tokens(
            &[
                "//line a:1\nx",
                "//line a:0\nx",
                "//line a:x\nx",
                "//line a:\nx",
                "//line a:1:0\nx",
                "//line a:0:5\nx",
                "//line a:1:5\nx",
                "//line a:x:5\nx",
                "//line abc\nx",
                "//line a:0\r\nx",
                "//line a:1073741824\nx",
                "//line a:1073741825\nx",
                "//line a:1:1073741824\nx",
                "//line a:1:1073741825\nx",
                "//line a:99999999999999999999\nx",
                "//line a:1:99999999999999999999\nx",
                "/*line a:0*/x",
                "/*line a:1:0*/x",
                "/*line a:0",
                "x /*line a:0*/",
                "x //line a:0",
                "x\n//line a:0",
                "//linea:0\nx",
                "//line :0:0\nx",
                "//line a:b:0\nx",
            ],
            expect_test::expect![[r#"
                "//line a:1\nx" => IDENT@11:x ;@12:\n EOF@12:
                "//line a:0\nx" => IDENT@11:x ;@12:\n EOF@12: !9..10 invalid line number: 0
                "//line a:x\nx" => IDENT@11:x ;@12:\n EOF@12: !9..10 invalid line number: x
                "//line a:\nx" => IDENT@10:x ;@11:\n EOF@11: !9..9 invalid line number: 
                "//line a:1:0\nx" => IDENT@13:x ;@14:\n EOF@14: !11..12 invalid column number: 0
                "//line a:0:5\nx" => IDENT@13:x ;@14:\n EOF@14: !9..10 invalid line number: 0
                "//line a:1:5\nx" => IDENT@13:x ;@14:\n EOF@14:
                "//line a:x:5\nx" => IDENT@13:x ;@14:\n EOF@14:
                "//line abc\nx" => IDENT@11:x ;@12:\n EOF@12:
                "//line a:0\r\nx" => IDENT@12:x ;@13:\n EOF@13: !9..10 invalid line number: 0
                "//line a:1073741824\nx" => IDENT@20:x ;@21:\n EOF@21:
                "//line a:1073741825\nx" => IDENT@20:x ;@21:\n EOF@21: !9..19 invalid line number: 1073741825
                "//line a:1:1073741824\nx" => IDENT@22:x ;@23:\n EOF@23:
                "//line a:1:1073741825\nx" => IDENT@22:x ;@23:\n EOF@23: !11..21 invalid column number: 1073741825
                "//line a:99999999999999999999\nx" => IDENT@30:x ;@31:\n EOF@31: !9..29 invalid line number: 99999999999999999999
                "//line a:1:99999999999999999999\nx" => IDENT@32:x ;@33:\n EOF@33: !11..31 invalid line number: 99999999999999999999
                "/*line a:0*/x" => IDENT@12:x ;@13:\n EOF@13: !9..10 invalid line number: 0
                "/*line a:1:0*/x" => IDENT@14:x ;@15:\n EOF@15: !11..12 invalid column number: 0
                "/*line a:0" => EOF@10: !0..10 comment not terminated
                "x /*line a:0*/" => IDENT@0:x ;@14:\n EOF@14: !11..12 invalid line number: 0
                "x //line a:0" => IDENT@0:x ;@12:\n EOF@12:
                "x\n//line a:0" => IDENT@0:x ;@1:\n EOF@12: !11..12 invalid line number: 0
                "//linea:0\nx" => IDENT@10:x ;@11:\n EOF@11:
                "//line :0:0\nx" => IDENT@12:x ;@13:\n EOF@13: !10..11 invalid column number: 0
                "//line a:b:0\nx" => IDENT@13:x ;@14:\n EOF@14: !11..12 invalid line number: 0
            "#]],
        );
    }

    /// The class tables are ranges: each range's first and last code point
    /// are in, the ones just outside it are not (unless a range is next to
    /// it), nor are code points before the first or after the last.
    #[test]
    fn class_tables_at_their_range_edges() {
        for table in [unicode::LETTER, unicode::DIGIT, unicode::PRINT] {
            for (i, &(lo, hi)) in table.iter().enumerate() {
                assert!(in_table(table, lo as i32) && in_table(table, hi as i32), "{lo:#X}..{hi:#X}");
                if i == 0 || table[i - 1].1 + 1 < lo {
                    assert!(!in_table(table, lo as i32 - 1), "{:#X}", lo - 1);
                }
                if i + 1 == table.len() || table[i + 1].0 > hi + 1 {
                    assert!(!in_table(table, hi as i32 + 1), "{:#X}", hi + 1);
                }
            }
            assert!(!in_table(table, 0) && !in_table(table, 0x10FFFF + 1));
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
