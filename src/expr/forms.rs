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

/// The leftmost match of Delve's `(([=><%!])+|)( |)((\d|_)+)`, as
/// (start, end of operator, start of number, end).
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
            if num < b.len() && b[num] == b' ' && num + 1 < b.len() && is_num(b[num + 1]) {
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
    // Delve formats the literal text with Sprintf: a `%` becomes a verb.
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            '%' if depth == 0 => diags.push(Diagnostic::warning(
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
