//! Go literals as the spec reads them: integers, floats, runes and strings
//! (<https://go.dev/ref/spec#Integer_literals> and the sections after it).
//! The one decoder for the checker, the source scopes (constants), go.mod
//! files and Delve's quoted answers. Malformed input yields `None`, never a
//! guessed value.

use std::borrow::Cow;

/// An integer literal (`1_000`, `0x1F`, `0b101`, `0o17`, `017`).
pub fn int(raw: &str) -> Option<i128> {
    let s = without_separators(raw);
    let (digits, radix) = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        (h, 16)
    } else if let Some(b) = s.strip_prefix("0b").or_else(|| s.strip_prefix("0B")) {
        (b, 2)
    } else if let Some(o) = s.strip_prefix("0o").or_else(|| s.strip_prefix("0O")) {
        (o, 8)
    } else if s.len() > 1 && s.starts_with('0') {
        (&s[1..], 8)
    } else {
        (&*s, 10)
    };
    if digits.starts_with(['+', '-']) {
        return None;
    }
    i128::from_str_radix(digits, radix).ok()
}

/// A decimal floating-point literal; hexadecimal ones (`0x1p-2`) have no
/// value here (Rust's float parser reads none).
pub fn float(raw: &str) -> Option<f64> {
    without_separators(raw).parse().ok()
}

/// A number literal without its `_` separators, copied only if it has any.
fn without_separators(raw: &str) -> Cow<'_, str> {
    if raw.contains('_') { Cow::Owned(raw.replace('_', "")) } else { Cow::Borrowed(raw) }
}

/// The bytes of a string literal, quotes included in `raw`: interpreted
/// (`"a\x41\u00e9"`, every escape Go allows) or raw (`` `a\n` ``, carriage
/// returns dropped as the spec says).
pub fn string_bytes(raw: &str) -> Option<Vec<u8>> {
    if let Some(body) = raw.strip_prefix('`').and_then(|r| r.strip_suffix('`')) {
        return Some(body.bytes().filter(|b| *b != b'\r').collect());
    }
    let body = raw.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = Vec::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => unescape(&mut chars, '"', &mut out)?,
            '"' | '\n' => return None,
            c => push_char(&mut out, c),
        }
    }
    Some(out)
}

/// A string literal's text, when its bytes are UTF-8.
pub fn string(raw: &str) -> Option<String> {
    String::from_utf8(string_bytes(raw)?).ok()
}

/// A string literal's text with bytes that are not UTF-8 as U+FFFD, or
/// `raw` itself when it is not a well-formed literal (names, paths).
pub fn string_lossy(raw: &str) -> String {
    match string_bytes(raw) {
        Some(b) => String::from_utf8_lossy(&b).into_owned(),
        None => raw.to_string(),
    }
}

/// The value of a rune literal (`'a'`, `'\n'`, `'\x7f'`, `'\u00e9'`).
pub fn rune(raw: &str) -> Option<u32> {
    let body = raw.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut chars = body.chars();
    let value = match chars.next()? {
        '\\' => match unescape_value(&mut chars, '\'')? {
            // \x and octal escapes are byte values, the others code points.
            Escaped::Byte(b) => u32::from(b),
            Escaped::Char(c) => c as u32,
        },
        '\'' | '\n' => return None,
        c => c as u32,
    };
    chars.next().is_none().then_some(value)
}

/// A string Delve quoted (`strconv.Quote`) at the start of `s`, up to its
/// closing quote (Delve may append `...+N more` after it); bytes that are
/// not UTF-8 become U+FFFD.
pub fn leading_string(s: &str) -> Option<String> {
    let rest = s.strip_prefix('"')?;
    let mut escaped = false;
    let end = rest.char_indices().find_map(|(i, c)| {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '"' {
            return Some(i);
        }
        None
    })?;
    let bytes = string_bytes(&s[..end + 2])?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

enum Escaped {
    Byte(u8),
    Char(char),
}

fn push_char(out: &mut Vec<u8>, c: char) {
    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
}

/// One escape after its backslash, appended to `out` as Go encodes it.
fn unescape(chars: &mut std::str::Chars, quote: char, out: &mut Vec<u8>) -> Option<()> {
    match unescape_value(chars, quote)? {
        Escaped::Byte(b) => out.push(b),
        Escaped::Char(c) => push_char(out, c),
    }
    Some(())
}

fn unescape_value(chars: &mut std::str::Chars, quote: char) -> Option<Escaped> {
    let digits = |chars: &mut std::str::Chars, n: usize, radix: u32, first: Option<char>| -> Option<u32> {
        let mut v = 0u32;
        for c in first.into_iter().chain(chars.by_ref().take(n - usize::from(first.is_some()))) {
            v = v.checked_mul(radix)?.checked_add(c.to_digit(radix)?)?;
        }
        Some(v)
    };
    let c = chars.next()?;
    Some(match c {
        'a' => Escaped::Char('\x07'),
        'b' => Escaped::Char('\x08'),
        'f' => Escaped::Char('\x0c'),
        'n' => Escaped::Char('\n'),
        'r' => Escaped::Char('\r'),
        't' => Escaped::Char('\t'),
        'v' => Escaped::Char('\x0b'),
        '\\' => Escaped::Char('\\'),
        c if c == quote => Escaped::Char(c),
        'x' => Escaped::Byte(u8::try_from(digits(chars, 2, 16, None)?).ok()?),
        '0'..='7' => Escaped::Byte(u8::try_from(digits(chars, 3, 8, Some(c))?).ok()?),
        'u' => Escaped::Char(char::from_u32(digits(chars, 4, 16, None)?)?),
        'U' => Escaped::Char(char::from_u32(digits(chars, 8, 16, None)?)?),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers() {
        let cases = [
            ("0", Some(0)),
            ("1_000", Some(1000)),
            ("0x_1F", Some(31)),
            ("0X1f", Some(31)),
            ("0b101", Some(5)),
            ("0o17", Some(15)),
            ("017", Some(15)),
            ("0755", Some(0o755)),
            ("08", None),
            ("0x", None),
            ("0x+1", None),
            ("170141183460469231731687303715884105728", None),
        ];
        for (raw, want) in cases {
            assert_eq!(int(raw), want, "{raw}");
        }
    }

    #[test]
    fn floats() {
        assert_eq!(float("1_0.5"), Some(10.5));
        assert_eq!(float("1e3"), Some(1000.0));
        assert_eq!(float(".5"), Some(0.5));
        assert_eq!(float("0x1p-2"), None);
        assert_eq!(float("0X1P2"), None);
        assert_eq!(float("0x1_0"), None);
    }

    #[test]
    fn strings_with_every_escape() {
        let cases: [(&str, Option<&[u8]>); 13] = [
            (r#""plain""#, Some(b"plain")),
            (r#""a\tb\"c\\""#, Some(b"a\tb\"c\\")),
            (r#""\a\b\f\n\r\v""#, Some(b"\x07\x08\x0c\n\r\x0b")),
            (r#""\x41\101""#, Some(b"AA")),
            // An octal escape is three digits, the first included.
            (r#""\101x""#, Some(b"Ax")),
            (r#""\xff""#, Some(b"\xff")),
            (r#""\u00e9\U0001F600""#, Some("é😀".as_bytes())),
            ("`a\\n\r`", Some(b"a\\n")),
            (r#""\'""#, None),
            (r#""\q""#, None),
            (r#""\400""#, None),
            (r#""\ud800""#, None),
            (r#""unterminated"#, None),
        ];
        for (raw, want) in cases {
            assert_eq!(string_bytes(raw).as_deref(), want, "{raw}");
        }
        assert_eq!(string(r#""\x41""#).as_deref(), Some("A"));
        assert_eq!(string(r#""\xff""#), None);
        assert_eq!(string_lossy(r#""\xff""#), "\u{fffd}");
        assert_eq!(string_lossy("not quoted"), "not quoted");
    }

    #[test]
    fn runes() {
        let cases = [
            ("'a'", Some(97)),
            ("'é'", Some(0xe9)),
            (r"'\n'", Some(10)),
            (r"'\''", Some(39)),
            (r"'\x7f'", Some(0x7f)),
            (r"'\xff'", Some(0xff)),
            (r"'\377'", Some(0o377)),
            (r"'\u00e9'", Some(0xe9)),
            (r"'\U0010FFFF'", Some(0x10ffff)),
            (r#"'\"'"#, None),
            ("'ab'", None),
            ("''", None),
        ];
        for (raw, want) in cases {
            assert_eq!(rune(raw), want, "{raw}");
        }
    }

    #[test]
    fn delves_quoted_answers() {
        assert_eq!(leading_string(r#""a\"b"...+3 more"#).as_deref(), Some("a\"b"));
        assert_eq!(leading_string(r#""\xffx""#).as_deref(), Some("\u{fffd}x"));
        assert_eq!(leading_string("no quote"), None);
        assert_eq!(leading_string(r#""open"#), None);
    }
}
