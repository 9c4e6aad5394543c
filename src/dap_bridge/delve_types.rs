//! Delve's type strings (`*main.User`, `map[string][]int`,
//! `example.com/shop/inventory.Item`) as engine types. Anything not
//! understood is `Type::Unknown`, which the engine always accepts.

use crate::expr::types::{Basic, Type};

pub fn parse_delve_type(s: &str) -> Type {
    let s = s.trim();
    if let Some(b) = Basic::from_name(s) {
        return Type::Basic(b);
    }
    if let Some(rest) = s.strip_prefix('*') {
        return Type::pointer_to(parse_delve_type(rest));
    }
    if let Some(rest) = s.strip_prefix("[]") {
        return Type::slice_of(parse_delve_type(rest));
    }
    if let Some(rest) = s.strip_prefix("map[") {
        let Some(close) = matching_bracket(rest) else { return Type::Unknown };
        return Type::map_of(parse_delve_type(&rest[..close]), parse_delve_type(&rest[close + 1..]));
    }
    if let Some(rest) = s.strip_prefix('[') {
        let Some(close) = rest.find(']') else { return Type::Unknown };
        let Ok(n) = rest[..close].parse::<u64>() else { return Type::Unknown };
        return Type::Array(Some(n), Box::new(parse_delve_type(&rest[close + 1..])));
    }
    match s {
        "error" => return Type::error(),
        "interface {}" | "any" => return Type::Interface(Vec::new()),
        _ => {}
    }
    if s.is_empty() || s.contains(' ') || s.contains('(') || s.starts_with("struct") || s.starts_with("chan") {
        return Type::Unknown;
    }
    // A named type: the package path ends at the last `.` before any type
    // arguments and after the last `/`.
    let base_end = s.find('[').unwrap_or(s.len());
    let head = &s[..base_end];
    let after_slash = head.rfind('/').map_or(0, |i| i + 1);
    match head[after_slash..].rfind('.') {
        Some(dot) => {
            let dot = after_slash + dot;
            Type::named(&s[..dot], &s[dot + 1..])
        }
        None => Type::Unknown,
    }
}

/// A variable's type from Delve's `variables`/`evaluate` answer: its `type`
/// field, which Delve sends only to clients that announced
/// `supportsVariableType`, else what the printed value shows
/// (`*main.User {…}`, `[]string len: 1, …`, `"text"`).
pub fn variable_type(type_field: Option<&str>, value: &str) -> Type {
    if let Some(t) = type_field.filter(|t| !t.is_empty()) {
        return parse_delve_type(t);
    }
    if value.starts_with('"') {
        return Type::Basic(Basic::String);
    }
    let end = [" {", " len: ", " ["].iter().filter_map(|sep| value.find(sep)).min();
    match end {
        Some(end) => {
            let head = &value[..end];
            let looks_like_type =
                head.starts_with('*') || head.starts_with("[]") || head.starts_with("map[") || head.contains('.');
            if looks_like_type { parse_delve_type(head) } else { Type::Unknown }
        }
        None => Type::Unknown,
    }
}

/// Index of the `]` closing the `[` that precedes `s`.
fn matching_bracket(s: &str) -> Option<usize> {
    let mut depth = 1;
    for (i, c) in s.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delve_type_strings() {
        let cases = [
            ("int", "int"),
            ("*main.User", "*main.User"),
            ("[]string", "[]string"),
            ("map[string]*main.Item", "map[string]*main.Item"),
            ("map[[2]int][]uint8", "map[[2]int][]uint8"),
            ("[3]int", "[3]int"),
            ("example.com/shop/inventory.Item", "example.com/shop/inventory.Item"),
            ("main.Box[int]", "main.Box[int]"),
            ("error", "error"),
            ("struct { a int }", "?"),
            ("func(int) string", "?"),
            ("chan int", "?"),
            ("weird", "?"),
        ];
        for (input, want) in cases {
            let t = parse_delve_type(input);
            let got = if t.is_unknown() { "?".to_string() } else { t.to_string() };
            assert_eq!(got, want, "{input}");
        }
        let from_value = [
            ("*main.User {Name: \"ann\", Age: 30}", "*main.User"),
            ("main.User {Name: \"ann\"}", "main.User"),
            ("[]string len: 1, cap: 1, [\"a\"]", "[]string"),
            ("map[string]int [\"a\": 1, ]", "map[string]int"),
            ("\"text\"", "string"),
            ("30", "?"),
            ("nil", "?"),
            ("*main.Address nil", "?"),
        ];
        for (value, want) in from_value {
            let t = variable_type(None, value);
            let got = if t.is_unknown() { "?".to_string() } else { t.to_string() };
            assert_eq!(got, want, "{value}");
        }
        assert_eq!(variable_type(Some("int"), "30"), Type::Basic(Basic::Int));
        assert_eq!(
            parse_delve_type("example.com/shop/inventory.Item"),
            Type::named("example.com/shop/inventory", "Item")
        );
    }
}
