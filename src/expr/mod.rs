//! The Go expression engine in Delve's dialect: parse → check → complete.
//!
//! Pure: no IO, no async, no protocol types. It takes text and a
//! [`ScopeAt`](scope::ScopeAt) and returns values and diagnostics.
//! Parsing never fails and nothing here panics on any input.

pub mod ast;
pub mod check;
pub mod complete;
mod diagnostic;
pub mod forms;
pub mod literal;
pub mod scope;
pub mod syntax;
#[cfg(test)]
pub(crate) mod test_fixture;
pub mod types;

pub use check::{Checked, Role, check};
pub use complete::{CompletionItem, Completions, ItemKind, complete};
pub use diagnostic::{Code, Diagnostic, Edit, Fix, Severity, Span};

/// A parsed expression and the syntax errors found on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Parse {
    pub expr: ast::Expr,
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether `s` is a Go identifier (a letter or `_`, then letters, digits
/// and `_`): a name an expression can use.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_') && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// Parses `text` as one Go expression, as `go/parser.ParseExpr` would.
pub fn parse(text: &str) -> Parse {
    syntax::parse_expr(text)
}

/// Which breakpoint text is being checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextKind {
    #[default]
    Condition,
    HitCondition,
    LogMessage,
    /// A watch or debug-console expression: any type.
    Expression,
}

impl TextKind {
    pub fn from_name(name: &str) -> Option<TextKind> {
        Some(match name {
            "condition" => TextKind::Condition,
            "hitCondition" | "hit-condition" | "hit" => TextKind::HitCondition,
            "logMessage" | "log-message" | "log" => TextKind::LogMessage,
            "expression" | "expr" => TextKind::Expression,
            _ => return None,
        })
    }
}

/// The verdict on one breakpoint text at a location.
pub fn check_text(text: &str, kind: TextKind, scope: &scope::ScopeAt) -> Checked {
    match kind {
        TextKind::Condition => check(text, Role::Condition, scope),
        TextKind::Expression => check(text, Role::Expression, scope),
        TextKind::HitCondition => Checked { diagnostics: forms::check_hit_condition(text).1, ty: types::Type::Unknown },
        TextKind::LogMessage => forms::check_log_message(text, scope),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;

    #[test]
    fn identifiers_are_go_names() {
        let names = ["x", "_", "_x1", "é", "naïve", "Ω2", "", "1x", "x-y", "x.y", "x y", "ab_", "a1"];
        let out: Vec<String> = names.iter().map(|n| format!("{n:?} {}", is_identifier(n))).collect();
        expect![[r#"
            "x" true
            "_" true
            "_x1" true
            "é" true
            "naïve" true
            "Ω2" true
            "" false
            "1x" false
            "x-y" false
            "x.y" false
            "x y" false
            "ab_" true
            "a1" true"#]]
        .assert_eq(&out.join("\n"));
    }

    #[test]
    fn text_kinds_by_every_name_they_go_by() {
        let names = [
            "condition",
            "hitCondition",
            "hit-condition",
            "hit",
            "logMessage",
            "log-message",
            "log",
            "expression",
            "expr",
            "watch",
            "Condition",
            "",
        ];
        let out: Vec<String> = names.iter().map(|n| format!("{n:?} {:?}", TextKind::from_name(n))).collect();
        expect![[r#"
            "condition" Some(Condition)
            "hitCondition" Some(HitCondition)
            "hit-condition" Some(HitCondition)
            "hit" Some(HitCondition)
            "logMessage" Some(LogMessage)
            "log-message" Some(LogMessage)
            "log" Some(LogMessage)
            "expression" Some(Expression)
            "expr" Some(Expression)
            "watch" None
            "Condition" None
            "" None"#]]
        .assert_eq(&out.join("\n"));
    }

    /// Each kind of breakpoint text goes to its own reader.
    #[test]
    fn texts_checked_by_kind() {
        let scope = test_fixture::fixture();
        let kinds = [TextKind::Condition, TextKind::Expression, TextKind::HitCondition, TextKind::LogMessage];
        let mut out = Vec::new();
        for text in ["n", "n > 1", "> 1", "n is {n}"] {
            for kind in kinds {
                let checked = check_text(text, kind, &scope);
                let diags: Vec<String> = checked.diagnostics.iter().map(ToString::to_string).collect();
                out.push(format!("{kind:?} {text:?}: {} [{}]", checked.ty, diags.join("; ")));
            }
        }
        expect![[r#"
            Condition "n": int [error[not-boolean] 0..1: a condition must be boolean, but `n` is of type int]
            Expression "n": int []
            HitCondition "n": ? [error[bad-form] 0..1: a hit condition is a number, or an operator (==, !=, >, >=, <, <=, %) and a number]
            LogMessage "n": ? []
            Condition "n > 1": untyped bool []
            Expression "n > 1": untyped bool []
            HitCondition "n > 1": ? [warning[bad-form] 0..5: Delve reads this hit condition as `> 1` and ignores the rest]
            LogMessage "n > 1": ? []
            Condition "> 1": ? [error[syntax] 0..1: expected operand, found '>']
            Expression "> 1": ? [error[syntax] 0..1: expected operand, found '>']
            HitCondition "> 1": ? []
            LogMessage "> 1": ? []
            Condition "n is {n}": ? [error[syntax] 2..4: expected 'EOF', found is]
            Expression "n is {n}": ? [error[syntax] 2..4: expected 'EOF', found is]
            HitCondition "n is {n}": ? [error[bad-form] 0..8: a hit condition is a number, or an operator (==, !=, >, >=, <, <=, %) and a number]
            LogMessage "n is {n}": ? []"#]].assert_eq(&out.join("\n"));
    }
}
