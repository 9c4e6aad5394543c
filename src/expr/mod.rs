//! The Go expression engine in Delve's dialect: parse → check → complete.
//!
//! Pure: no IO, no async, no protocol types. It takes text and a
//! [`ScopeAt`](crate::scope::ScopeAt) and returns values and diagnostics.
//! Parsing never fails and nothing here panics on any input.

pub mod ast;
mod diagnostic;
pub mod syntax;
pub mod types;

pub use diagnostic::{Code, Diagnostic, Edit, Fix, Severity, Span};

/// A parsed expression and the syntax errors found on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Parse {
    pub expr: ast::Expr,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses `text` as one Go expression, as `go/parser.ParseExpr` would.
pub fn parse(text: &str) -> Parse {
    syntax::parse_expr(text)
}
