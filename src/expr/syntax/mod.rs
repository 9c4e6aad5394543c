//! The lexer and parser for one Go expression: exactly what Delve accepts as
//! a condition, because Delve checks conditions with `go/parser.ParseExpr`.
//! It never fails: it returns a tree (with `Missing` where something is
//! absent, which is what completion on half-typed input needs) and go/parser's
//! errors, in go/parser's words, at byte spans.

mod lexer;
mod parser;
mod stmt;
#[cfg(test)]
mod tests;
mod unicode;

use super::{Code, Diagnostic, Parse};
use lexer::SyntaxError;
use parser::{GO_MAX_NEST, Parser};

/// Nesting levels (go/parser's count) and stack the parser may use on the
/// caller's thread. The levels also bound the depth of the tree handed out,
/// so that code walking it recursively is safe. Text nested deeper (far beyond
/// real conditions) gets a tree cut short with `Missing`, and go/parser's
/// verdict from a parse on a thread whose stack fits go/parser's own limit of
/// 100,000 levels: what is accepted never depends on depth.
const INLINE_MAX_NEST: u32 = 256;
const INLINE_STACK: usize = 512 << 10;

/// Stack kept in reserve below a budget, for the frames a check does not see.
const STACK_MARGIN: usize = 256 << 10;

/// Parses `text` as `go/parser.ParseExpr` would: no diagnostics exactly when
/// Go accepts it, otherwise Go's errors sorted by position, the first one
/// being what Delve reports.
pub fn parse_expr(text: &str) -> Parse {
    let out = Parser::new(text, INLINE_MAX_NEST, INLINE_STACK).parse_expression();
    let mut errors = out.errors;
    if let Some(per_level) = out.cut_short {
        // the deep tree is dropped where it was built
        if let Some(deep) = errors_on_big_stack(text, per_level.max(256)) {
            errors = deep;
        }
    }
    let diagnostics = errors.into_iter().map(|e| Diagnostic::error(Code::Syntax, e.span, e.msg)).collect();
    Parse { expr: out.expr, diagnostics }
}

/// Where each token of `text` starts, in order (a semicolon a newline
/// implies starts where the newline is).
pub fn token_starts(text: &str) -> Vec<usize> {
    let mut sc = lexer::Scanner::new(text);
    std::iter::from_fn(|| Some(sc.scan())).take_while(|t| t.tok != lexer::Tok::Eof).map(|t| t.start).collect()
}

/// go/parser's verdict on deeply nested text, from a parse on a thread whose
/// stack fits go/parser's nesting limit; `None` if no such thread can be had.
fn errors_on_big_stack(text: &str, per_level: usize) -> Option<Vec<SyntaxError>> {
    // a guess only for sizing (about four levels are held per token, a token
    // takes a byte); the budget inside keeps the thread's stack safe anyway
    let levels = text.len().saturating_mul(4).saturating_add(64).min(GO_MAX_NEST as usize);
    let mut stack = per_level.saturating_mul(2).saturating_mul(levels).saturating_add(2 * STACK_MARGIN);
    for _ in 0..4 {
        let budget = stack - STACK_MARGIN;
        let out = std::thread::scope(|scope| {
            let worker = std::thread::Builder::new()
                .name("deep-expr-parse".into())
                .stack_size(stack)
                .spawn_scoped(scope, || {
                    let out = Parser::new(text, GO_MAX_NEST, budget).parse_expression();
                    (out.errors, out.cut_short)
                })
                .ok()?;
            worker.join().ok()
        })?;
        match out {
            (errors, None) => return Some(errors),
            // the nesting got more expensive further in: try a bigger stack
            (_, Some(_)) => stack = stack.checked_mul(4)?,
        }
    }
    None
}
