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
