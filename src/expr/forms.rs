//! The two other texts a breakpoint carries: hit conditions (`> 5`, `% 2`)
//! and log messages with `{expr}` interpolation, read exactly as Delve reads
//! them (`pkg/proc/target_group.go` `parseHitCondition`, `service/dap`
//! `parseLogPoint`).

use super::check::{Checked, Role, check};
use super::scope::ScopeAt;
use super::types::Type;
use super::{Code, Diagnostic, Span};

/// The comparison a hit condition makes against the hit count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitOp {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    /// Every N-th hit.
    Every,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitCondition {
    pub op: HitOp,
    pub n: i64,
}

/// Reads a hit condition as Delve does: the first `OP? ?NUMBER` anywhere in
/// the text (Delve's pattern is unanchored), operator one of
/// `== != > >= < <= %` or none. Text Delve ignores is a warning.
pub fn check_hit_condition(text: &str) -> (Option<HitCondition>, Vec<Diagnostic>) {
    let trimmed_start = text.len() - text.trim_start().len();
    let t = text.trim();
    let whole = Span::new(trimmed_start, trimmed_start + t.len());
    let Some((start, op_end, num_start, end)) = find_hit_pattern(t) else {
        return (
            None,
            vec![Diagnostic::error(
                Code::BadForm,
                whole,
                "a hit condition is a number, or an operator (==, !=, >, >=, <, <=, %) and a number",
            )],
        );
    };
    let at = |a: usize, b: usize| Span::new(trimmed_start + a, trimmed_start + b);
    let op_text = &t[start..op_end];
    let op = match op_text {
        "" | "==" => HitOp::Eq,
        "!=" => HitOp::Ne,
        ">" => HitOp::Gt,
        ">=" => HitOp::Ge,
        "<" => HitOp::Lt,
        "<=" => HitOp::Le,
        "%" => HitOp::Every,
        _ => {
            return (
                None,
                vec![Diagnostic::error(
                    Code::BadForm,
                    at(start, op_end),
                    format!("invalid hit-condition operator `{op_text}`; use ==, !=, >, >=, <, <= or %"),
                )],
            );
        }
    };
    let num_text = &t[num_start..end];
    let Ok(n) = num_text.parse::<i64>() else {
        return (
            None,
            vec![Diagnostic::error(
                Code::BadForm,
                at(num_start, end),
                format!("invalid number `{num_text}` in hit condition"),
            )],
        );
    };
    let mut diags = Vec::new();
    if op == HitOp::Every && n == 0 {
        diags.push(Diagnostic::error(
            Code::BadForm,
            at(num_start, end),
            "`% 0` divides by zero when the breakpoint is hit",
        ));
    }
    if start > 0 || end < t.len() {
        diags.push(Diagnostic::warning(
            Code::BadForm,
            whole,
            format!("Delve reads this hit condition as `{}` and ignores the rest", &t[start..end]),
        ));
    }
    (Some(HitCondition { op, n }), diags)
}

/// The leftmost match of Delve's `(([=><%!])+|)( |)((\d|_)+)` in the
/// trimmed text `t`, as (start, end of operator, start of number, end).
fn find_hit_pattern(t: &str) -> Option<(usize, usize, usize, usize)> {
    let b = t.as_bytes();
    let is_op = |c: u8| matches!(c, b'=' | b'>' | b'<' | b'%' | b'!');
    let is_num = |c: u8| c.is_ascii_digit() || c == b'_';
    for start in 0..b.len() {
        let mut ops = start;
        while ops < b.len() && is_op(b[ops]) {
            ops += 1;
        }
        // Greedy operator run, backtracking to shorter runs (down to empty).
        for op_end in (start..=ops).rev() {
            let mut num = op_end;
            // `t` is trimmed: a blank is never its last byte.
            if num < b.len() && b[num] == b' ' && is_num(b[num + 1]) {
                num += 1;
            }
            let mut end = num;
            while end < b.len() && is_num(b[end]) {
                end += 1;
            }
            if end > num {
                return Some((start, op_end, num, end));
            }
        }
    }
    None
}

/// One `{expr}` of a log message.
#[derive(Debug, Clone, PartialEq)]
pub struct Interpolation {
    /// The expression's text, trimmed, as Delve evaluates it.
    pub expr: String,
    /// Where that text sits in the message.
    pub span: Span,
}

/// Splits a log message as Delve does; braces must pair, even inside the
/// expressions.
pub fn parse_log_message(text: &str) -> (Vec<Interpolation>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut arg_start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    arg_start = i + 1;
                }
            }
            '}' if depth == 0 => {
                let d = Diagnostic::error(
                    Code::BadForm,
                    Span::new(i, i + 1),
                    "unexpected `}` in log message; braces must pair",
                );
                return (out, vec![d]);
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    let raw = &text[arg_start..i];
                    let lead = raw.len() - raw.trim_start().len();
                    let expr = raw.trim();
                    let span = Span::new(arg_start + lead, arg_start + lead + expr.len());
                    if expr.is_empty() {
                        let d = Diagnostic::error(
                            Code::BadForm,
                            Span::new(arg_start - 1, i + 1),
                            "empty `{}` in log message",
                        );
                        return (out, vec![d]);
                    }
                    out.push(Interpolation { expr: expr.to_string(), span });
                }
            }
            _ => {}
        }
    }
    if depth > 0 {
        let d = Diagnostic::error(Code::BadForm, Span::new(arg_start - 1, text.len()), "unclosed `{` in log message");
        return (out, vec![d]);
    }
    let mut diags = Vec::new();
    // Delve formats the literal text with Sprintf: a `%` becomes a verb,
    // `%%` a percent sign.
    let mut depth = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            '%' if depth == 0 && chars.next_if(|&(_, c)| c == '%').is_none() => diags.push(Diagnostic::warning(
                Code::BadForm,
                Span::new(i, i + 1),
                "Delve formats log messages with Sprintf: this `%` is read as a verb; write `%%`",
            )),
            _ => {}
        }
    }
    (out, diags)
}

/// Checks every `{expr}` of a log message against `scope`; spans are offsets
/// into the message.
pub fn check_log_message(text: &str, scope: &ScopeAt) -> Checked {
    let (parts, mut diagnostics) = parse_log_message(text);
    for part in &parts {
        let checked = check(&part.expr, Role::Expression, scope);
        diagnostics.extend(checked.diagnostics.into_iter().map(|mut d| {
            d.span = Span::new(d.span.start + part.span.start, d.span.end + part.span.start);
            for f in &mut d.fixes {
                for e in &mut f.edits {
                    e.span = Span::new(e.span.start + part.span.start, e.span.end + part.span.start);
                }
            }
            d
        }));
    }
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    Checked { diagnostics, ty: Type::Unknown }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;
    use crate::expr::test_fixture::fixture;

    fn diagnostics(out: &mut String, diags: &[Diagnostic]) {
        for d in diags {
            out.push_str(&format!("\n    {d}"));
            for f in &d.fixes {
                let edits: Vec<String> =
                    f.edits.iter().map(|e| format!("{}..{}={:?}", e.span.start, e.span.end, e.text)).collect();
                out.push_str(&format!("\n      fix: {} [{}]", f.title, edits.join(", ")));
            }
        }
    }

    /// Each hit condition and how the engine reads it, one per line.
    fn check_hits(texts: &[&str], expect: Expect) {
        let mut out = String::new();
        for text in texts {
            let (hit, diags) = check_hit_condition(text);
            out.push_str(&format!("{text:?} => {}", hit.map_or("-".into(), |h| format!("{:?} {}", h.op, h.n))));
            diagnostics(&mut out, &diags);
            out.push('\n');
        }
        expect.assert_eq(&out);
    }

    /// Each log message, its interpolations and what checking them says.
    fn check_logs(texts: &[&str], expect: Expect) {
        let scope = fixture();
        let mut out = String::new();
        for text in texts {
            let (parts, _) = parse_log_message(text);
            let parts: Vec<String> =
                parts.iter().map(|p| format!("{:?}@{}..{}", p.expr, p.span.start, p.span.end)).collect();
            out.push_str(&format!("{text:?} => [{}]", parts.join(", ")));
            diagnostics(&mut out, &check_log_message(text, &scope).diagnostics);
            out.push('\n');
        }
        expect.assert_eq(&out);
    }

    #[test]
    fn hit_conditions_read_as_delve_reads_them() {
        check_hits(
            &["3", "== 3", "==3", "!= 3", "> 3", ">= 3", "< 3", "<= 3", "% 2", "%2", "  > 5  ", "007"],
            expect![[r#"
                "3" => Eq 3
                "== 3" => Eq 3
                "==3" => Eq 3
                "!= 3" => Ne 3
                "> 3" => Gt 3
                ">= 3" => Ge 3
                "< 3" => Lt 3
                "<= 3" => Le 3
                "% 2" => Every 2
                "%2" => Every 2
                "  > 5  " => Gt 5
                "007" => Eq 7
            "#]],
        );
        // Delve's pattern is unanchored: the first `OP? ?NUMBER` anywhere,
        // the rest ignored.
        check_hits(
            &["every 3", "3 >", "> 3x", ">=  3", "> -3", "x3", " 3 4", "a>3"],
            expect![[r#"
                "every 3" => Eq 3
                    warning[bad-form] 0..7: Delve reads this hit condition as ` 3` and ignores the rest
                "3 >" => Eq 3
                    warning[bad-form] 0..3: Delve reads this hit condition as `3` and ignores the rest
                "> 3x" => Gt 3
                    warning[bad-form] 0..4: Delve reads this hit condition as `> 3` and ignores the rest
                ">=  3" => Eq 3
                    warning[bad-form] 0..5: Delve reads this hit condition as ` 3` and ignores the rest
                "> -3" => Eq 3
                    warning[bad-form] 0..4: Delve reads this hit condition as `3` and ignores the rest
                "x3" => Eq 3
                    warning[bad-form] 0..2: Delve reads this hit condition as `3` and ignores the rest
                " 3 4" => Eq 3
                    warning[bad-form] 1..4: Delve reads this hit condition as `3` and ignores the rest
                "a>3" => Gt 3
                    warning[bad-form] 0..3: Delve reads this hit condition as `>3` and ignores the rest
            "#]],
        );
        check_hits(
            &[
                "",
                "  ",
                "x",
                ">",
                "> ",
                ">> 3",
                "=! 3",
                "%% 2",
                "% 0",
                "%0",
                "  % 0",
                "1_000",
                "> _",
                "99999999999999999999",
            ],
            expect![[r#"
                "" => -
                    error[bad-form] 0..0: a hit condition is a number, or an operator (==, !=, >, >=, <, <=, %) and a number
                "  " => -
                    error[bad-form] 2..2: a hit condition is a number, or an operator (==, !=, >, >=, <, <=, %) and a number
                "x" => -
                    error[bad-form] 0..1: a hit condition is a number, or an operator (==, !=, >, >=, <, <=, %) and a number
                ">" => -
                    error[bad-form] 0..1: a hit condition is a number, or an operator (==, !=, >, >=, <, <=, %) and a number
                "> " => -
                    error[bad-form] 0..1: a hit condition is a number, or an operator (==, !=, >, >=, <, <=, %) and a number
                ">> 3" => -
                    error[bad-form] 0..2: invalid hit-condition operator `>>`; use ==, !=, >, >=, <, <= or %
                "=! 3" => -
                    error[bad-form] 0..2: invalid hit-condition operator `=!`; use ==, !=, >, >=, <, <= or %
                "%% 2" => -
                    error[bad-form] 0..2: invalid hit-condition operator `%%`; use ==, !=, >, >=, <, <= or %
                "% 0" => Every 0
                    error[bad-form] 2..3: `% 0` divides by zero when the breakpoint is hit
                "%0" => Every 0
                    error[bad-form] 1..2: `% 0` divides by zero when the breakpoint is hit
                "  % 0" => Every 0
                    error[bad-form] 4..5: `% 0` divides by zero when the breakpoint is hit
                "1_000" => -
                    error[bad-form] 0..5: invalid number `1_000` in hit condition
                "> _" => -
                    error[bad-form] 2..3: invalid number `_` in hit condition
                "99999999999999999999" => -
                    error[bad-form] 0..20: invalid number `99999999999999999999` in hit condition
            "#]],
        );
    }

    #[test]
    fn log_messages_split_and_checked_as_delve_splits_them() {
        check_logs(
            &[
                "plain",
                "n={n}",
                "{ n } and {u.Name}",
                "{u.Nme} {o.Totl}",
                "deep {m[\"{\"]} x",
                "{a{b}c}",
                "é {n} {nope}",
            ],
            expect![[r#"
                "plain" => []
                "n={n}" => ["n"@3..4]
                "{ n } and {u.Name}" => ["n"@2..3, "u.Name"@11..17]
                "{u.Nme} {o.Totl}" => ["u.Nme"@1..6, "o.Totl"@9..15]
                    error[no-member] 3..6: `u` (type *main.User) has no field or method `Nme`; did you mean `Name`?
                      fix: did you mean `Name`? [3..6="Name"]
                    error[no-member] 11..15: `o` (type main.Order) has no field or method `Totl`; did you mean `Total`?
                      fix: did you mean `Total`? [11..15="Total"]
                "deep {m[\"{\"]} x" => []
                    error[bad-form] 5..15: unclosed `{` in log message
                "{a{b}c}" => ["a{b}c"@1..6]
                    error[syntax] 5..6: expected 'EOF', found c
                "é {n} {nope}" => ["n"@4..5, "nope"@8..12]
                    error[undefined] 8..12: undefined: `nope` is not visible at this line; did you mean `gone`?
                      fix: did you mean `gone`? [8..12="gone"]
            "#]],
        );
        check_logs(
            &["{", "a {n", "}", "a } {n}", "{n}}", "{}", "a { } b", "{n} {}"],
            expect![[r#"
                "{" => []
                    error[bad-form] 0..1: unclosed `{` in log message
                "a {n" => []
                    error[bad-form] 2..4: unclosed `{` in log message
                "}" => []
                    error[bad-form] 0..1: unexpected `}` in log message; braces must pair
                "a } {n}" => []
                    error[bad-form] 2..3: unexpected `}` in log message; braces must pair
                "{n}}" => ["n"@1..2]
                    error[bad-form] 3..4: unexpected `}` in log message; braces must pair
                "{}" => []
                    error[bad-form] 0..2: empty `{}` in log message
                "a { } b" => []
                    error[bad-form] 2..5: empty `{}` in log message
                "{n} {}" => ["n"@1..2]
                    error[bad-form] 4..6: empty `{}` in log message
            "#]],
        );
        // The literal text goes through Sprintf: a `%` outside braces is a verb.
        check_logs(
            &["100%", "{n%2}", "%{n}%", "{n} % {n}", "100%%", "%%%", "%%{n}"],
            expect![[r#"
                "100%" => []
                    warning[bad-form] 3..4: Delve formats log messages with Sprintf: this `%` is read as a verb; write `%%`
                "{n%2}" => ["n%2"@1..4]
                "%{n}%" => ["n"@2..3]
                    warning[bad-form] 0..1: Delve formats log messages with Sprintf: this `%` is read as a verb; write `%%`
                    warning[bad-form] 4..5: Delve formats log messages with Sprintf: this `%` is read as a verb; write `%%`
                "{n} % {n}" => ["n"@1..2, "n"@7..8]
                    warning[bad-form] 4..5: Delve formats log messages with Sprintf: this `%` is read as a verb; write `%%`
                "100%%" => []
                "%%%" => []
                    warning[bad-form] 2..3: Delve formats log messages with Sprintf: this `%` is read as a verb; write `%%`
                "%%{n}" => ["n"@3..4]
            "#]],
        );
    }
}
