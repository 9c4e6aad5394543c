//! Function literal bodies: go/parser's statement and declaration grammar,
//! ported only to agree with `ParseExpr` on what is accepted and on the
//! errors. Statements build no tree (the AST keeps a body as a span); the
//! expressions inside them are parsed for real, because some decisions
//! (labels, type switches, range clauses, generic type declarations) depend
//! on their shape.

use super::lexer::Tok;
use super::parser::{Parser, Sync};
use crate::expr::Span;
use crate::expr::ast::{BinaryOp, Expr, ExprKind, Ident};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Basic,
    LabelOk,
    RangeOk,
}

/// What go/parser's callers look at in an `ast.Stmt` from `parseSimpleStmt`.
enum Simple {
    Expr(Expr),
    Assign {
        lhs: Vec<Expr>,
        tok: Tok,
        tok_pos: usize,
        rhs: Vec<Expr>,
    },
    Range {
        lhs: Vec<Expr>,
    },
    Labeled,
    /// Send, inc/dec and bad statements, at their position.
    Other(usize),
}

impl Simple {
    fn pos(&self) -> usize {
        match self {
            Simple::Expr(x) => x.span.start,
            Simple::Assign { lhs, .. } | Simple::Range { lhs } => lhs.first().map_or(0, |x| x.span.start),
            Simple::Labeled => 0,
            Simple::Other(pos) => *pos,
        }
    }
}

fn is_type_switch_assert(x: &Expr) -> bool {
    matches!(x.kind, ExprKind::TypeAssert { ty: None, .. })
}

fn is_type_elem(x: &Expr) -> bool {
    match &x.kind {
        _ if x.is_type_literal() => true,
        ExprKind::Binary { operands, .. } => is_type_elem(&operands[0]) || is_type_elem(&operands[1]),
        ExprKind::Unary { op, .. } => *op == crate::expr::ast::UnaryOp::Tilde,
        ExprKind::Paren(inner) => is_type_elem(inner),
        _ => false,
    }
}

fn ident_expr(ident: Ident) -> Expr {
    Expr::new(ExprKind::Ident(ident.name), ident.span)
}

fn as_ident(x: Expr) -> Result<Ident, Expr> {
    match x.kind {
        ExprKind::Ident(name) => Ok(Ident { name, span: x.span }),
        kind => Err(Expr::new(kind, x.span)),
    }
}

impl<'a> Parser<'a> {
    /// go/parser's `extractName`: splits `x` into a type parameter name and
    /// its constraint when `x` can be read as `name constraint`.
    fn extract_name(&self, x: Expr, force: bool) -> Result<(Ident, Option<Expr>), Expr> {
        let span = x.span;
        match x.kind {
            ExprKind::Ident(name) => Ok((Ident { name, span }, None)),
            ExprKind::Binary { op: BinaryOp::Mul, op_span, operands } if force || is_type_elem(&operands[1]) => {
                let [lhs, rhs] = *operands;
                match as_ident(lhs) {
                    // x = name *x.Y
                    Ok(name) => {
                        let star = Span::new(op_span.start, rhs.span.end);
                        Ok((name, Some(Expr::new(ExprKind::Star(Box::new(rhs)), star))))
                    }
                    Err(lhs) => {
                        let kind = ExprKind::Binary { op: BinaryOp::Mul, op_span, operands: Box::new([lhs, rhs]) };
                        Err(Expr::new(kind, span))
                    }
                }
            }
            ExprKind::Binary { op: BinaryOp::Or, op_span, operands } => {
                let [lhs, rhs] = *operands;
                let force = force || is_type_elem(&rhs);
                let or = |lhs: Expr, rhs: Expr| ExprKind::Binary {
                    op: BinaryOp::Or,
                    op_span,
                    operands: Box::new([lhs, rhs]),
                };
                match self.extract_name(lhs, force) {
                    Ok((name, Some(l))) => {
                        let start = l.span.start;
                        Ok((name, Some(Expr::new(or(l, rhs), Span::new(start, span.end)))))
                    }
                    Ok((name, None)) => Err(Expr::new(or(ident_expr(name), rhs), span)),
                    Err(lhs) => Err(Expr::new(or(lhs, rhs), span)),
                }
            }
            ExprKind::Call { fun, mut args, ellipsis }
                if args.len() == 1 && !ellipsis && (force || is_type_elem(&args[0])) =>
            {
                let lparen = self.token_after(fun.span.end);
                match (as_ident(*fun), args.pop()) {
                    // x = name (x.Args[0])
                    (Ok(name), Some(arg)) => {
                        let paren = Span::new(lparen, span.end);
                        Ok((name, Some(Expr::new(ExprKind::Paren(Box::new(arg)), paren))))
                    }
                    (fun, arg) => {
                        let fun = Box::new(fun.map_or_else(|fun| fun, ident_expr));
                        Err(Expr::new(ExprKind::Call { fun, args: arg.into_iter().collect(), ellipsis }, span))
                    }
                }
            }
            kind => Err(Expr::new(kind, span)),
        }
    }

    // ------------------------------------------------------------------
    // Blocks

    fn parse_stmt_list(&mut self) {
        while !matches!(self.tok, Tok::Case | Tok::Default | Tok::RBrace | Tok::Eof) {
            self.parse_stmt();
        }
    }

    /// A function body; its span, braces included.
    pub(super) fn parse_body(&mut self) -> Span {
        let lbrace = self.expect(Tok::LBrace);
        self.parse_stmt_list();
        self.expect(Tok::RBrace);
        Span::new(lbrace, self.prev_end.max(lbrace))
    }

    fn parse_block_stmt(&mut self) {
        self.expect(Tok::LBrace);
        self.parse_stmt_list();
        self.expect(Tok::RBrace);
    }

    // ------------------------------------------------------------------
    // Statements

    fn parse_simple_stmt(&mut self, mode: Mode) -> Simple {
        let x = self.parse_list(false);
        use Tok::*;
        if let Define | Assign | AddAssign | SubAssign | MulAssign | QuoAssign | RemAssign | AndAssign | OrAssign
        | XorAssign | ShlAssign | ShrAssign | AndNotAssign = self.tok
        {
            // assignment statement, possibly part of a range clause
            let (tok_pos, tok) = (self.pos, self.tok);
            self.next();
            if mode == Mode::RangeOk && self.tok == Range && (tok == Define || tok == Assign) {
                self.next();
                self.parse_rhs();
                return Simple::Range { lhs: x };
            }
            let rhs = self.parse_list(true);
            return Simple::Assign { lhs: x, tok, tok_pos, rhs };
        }
        let mut x = x;
        if x.len() > 1 {
            self.error_expected(x[0].span.start, "1 expression");
            // continue with first expression
        }
        let first = x.swap_remove(0);
        match self.tok {
            Colon => {
                // labeled statement
                let colon = self.pos;
                self.next();
                if mode == Mode::LabelOk && matches!(first.kind, ExprKind::Ident(_)) {
                    self.parse_stmt();
                    return Simple::Labeled;
                }
                // reported at the colon: the error may lie between label and ':'
                self.error_span(Span::new(colon, colon + 1), "illegal label declaration");
                Simple::Other(first.span.start)
            }
            Arrow => {
                // send statement
                self.next();
                self.parse_rhs();
                Simple::Other(first.span.start)
            }
            Inc | Dec => {
                self.next();
                Simple::Other(first.span.start)
            }
            _ => Simple::Expr(first),
        }
    }

    fn parse_call_expr(&mut self, call_type: &str) {
        let mut x = self.parse_rhs(); // could be a conversion: (some type)(x)
        if let ExprKind::Paren(_) = x.kind {
            self.error(x.span.start, format!("expression in {call_type} must not be parenthesized"));
            while let ExprKind::Paren(inner) = x.kind {
                x = *inner;
            }
        }
        if !matches!(x.kind, ExprKind::Call { .. } | ExprKind::Missing) {
            // only report error if it's a new one
            self.error(x.span.end, format!("expression in {call_type} must be function call"));
        }
    }

    fn parse_return_stmt(&mut self) {
        self.expect(Tok::Return);
        if self.tok != Tok::Semicolon && self.tok != Tok::RBrace {
            self.parse_list(true);
        }
        self.expect_semi();
    }

    fn parse_branch_stmt(&mut self, tok: Tok) {
        self.expect(tok);
        if tok == Tok::Goto || (tok == Tok::Continue || tok == Tok::Break) && self.tok == Tok::Ident {
            self.parse_ident();
        }
        self.expect_semi();
    }

    fn make_expr(&mut self, s: Option<Simple>, want: &str) {
        let Some(s) = s else { return };
        if let Simple::Expr(_) = s {
            return;
        }
        let found =
            if matches!(s, Simple::Assign { .. } | Simple::Range { .. }) { "assignment" } else { "simple statement" };
        let msg = format!("expected {want}, found {found} (missing parentheses around composite literal?)");
        self.error(s.pos(), msg);
    }

    fn parse_if_header(&mut self) {
        if self.tok == Tok::LBrace {
            self.error(self.pos, "missing condition in if statement");
            return;
        }
        let prev_lev = std::mem::replace(&mut self.expr_lev, -1);
        let mut init = None;
        if self.tok != Tok::Semicolon {
            // accept a potential variable declaration but complain
            if self.tok == Tok::Var {
                self.next();
                self.error(self.pos, "var declaration not allowed in if initializer");
            }
            init = Some(self.parse_simple_stmt(Mode::Basic));
        }
        let mut cond = None;
        let mut semi = None;
        if self.tok != Tok::LBrace {
            if self.tok == Tok::Semicolon {
                semi = Some((self.pos, self.auto));
                self.next();
            } else {
                self.expect(Tok::Semicolon);
            }
            if self.tok != Tok::LBrace {
                cond = Some(self.parse_simple_stmt(Mode::Basic));
            }
        } else {
            cond = init;
        }
        if cond.is_some() {
            self.make_expr(cond, "boolean expression");
        } else if let Some((pos, auto)) = semi {
            if auto {
                self.error(pos, "unexpected newline, expecting { after if clause");
            } else {
                self.error(pos, "missing condition in if statement");
            }
        }
        self.expr_lev = prev_lev;
    }

    fn parse_if_stmt(&mut self) {
        self.inc_nest();
        self.expect(Tok::If);
        self.parse_if_header();
        self.parse_block_stmt();
        if self.tok == Tok::Else {
            self.next();
            match self.tok {
                Tok::If => self.parse_if_stmt(),
                Tok::LBrace => {
                    self.parse_block_stmt();
                    self.expect_semi();
                }
                _ => self.error_expected(self.pos, "if statement or block"),
            }
        } else {
            self.expect_semi();
        }
        self.dec_nest(1);
    }

    fn parse_case_clause(&mut self) {
        if self.tok == Tok::Case {
            self.next();
            self.parse_list(true);
        } else {
            self.expect(Tok::Default);
        }
        self.expect(Tok::Colon);
        self.parse_stmt_list();
    }

    /// Whether a switch header is a type switch guard with an assignment.
    /// go/parser also calls a bare `x.(type)` a guard, but the answer only
    /// decides whether `make_expr` is asked, which never complains about an
    /// expression: here a bare expression is no guard.
    fn is_type_switch_guard(&mut self, s: &Option<Simple>) -> bool {
        match s {
            Some(Simple::Assign { lhs, tok, tok_pos, rhs })
                if lhs.len() == 1 && rhs.len() == 1 && is_type_switch_assert(&rhs[0]) =>
            {
                match tok {
                    Tok::Assign => {
                        // permit v = x.(type) but complain
                        self.error(*tok_pos, "expected ':=', found '='");
                        true
                    }
                    Tok::Define => true,
                    _ => false,
                }
            }
            _ => false,
        }
    }

    fn parse_switch_stmt(&mut self) {
        self.expect(Tok::Switch);
        let mut s2 = None;
        if self.tok != Tok::LBrace {
            let prev_lev = std::mem::replace(&mut self.expr_lev, -1);
            if self.tok != Tok::Semicolon {
                s2 = Some(self.parse_simple_stmt(Mode::Basic));
            }
            if self.tok == Tok::Semicolon {
                self.next();
                s2 = None;
                if self.tok != Tok::LBrace {
                    s2 = Some(self.parse_simple_stmt(Mode::Basic));
                }
            }
            self.expr_lev = prev_lev;
        }
        let type_switch = self.is_type_switch_guard(&s2);
        self.expect(Tok::LBrace);
        while self.tok == Tok::Case || self.tok == Tok::Default {
            self.parse_case_clause();
        }
        self.expect(Tok::RBrace);
        self.expect_semi();
        if !type_switch {
            self.make_expr(s2, "switch expression");
        }
    }

    fn parse_comm_clause(&mut self) {
        if self.tok == Tok::Case {
            self.next();
            let lhs = self.parse_list(false);
            let first = lhs.first().map_or(self.pos, |x| x.span.start);
            if self.tok == Tok::Arrow {
                // send statement
                if lhs.len() > 1 {
                    self.error_expected(first, "1 expression");
                }
                self.next();
                self.parse_rhs();
            } else if self.tok == Tok::Assign || self.tok == Tok::Define {
                // receive statement with assignment
                if lhs.len() > 2 {
                    self.error_expected(first, "1 or 2 expressions");
                }
                self.next();
                self.parse_rhs();
            } else if lhs.len() > 1 {
                // must be a single receive operation
                self.error_expected(first, "1 expression");
            }
        } else {
            self.expect(Tok::Default);
        }
        self.expect(Tok::Colon);
        self.parse_stmt_list();
    }

    fn parse_select_stmt(&mut self) {
        self.expect(Tok::Select);
        self.expect(Tok::LBrace);
        while self.tok == Tok::Case || self.tok == Tok::Default {
            self.parse_comm_clause();
        }
        self.expect(Tok::RBrace);
        self.expect_semi();
    }

    fn parse_for_stmt(&mut self) {
        self.expect(Tok::For);
        let mut s2 = None;
        let mut range_lhs = None;
        if self.tok != Tok::LBrace {
            let prev_lev = std::mem::replace(&mut self.expr_lev, -1);
            if self.tok != Tok::Semicolon {
                if self.tok == Tok::Range {
                    // "for range x" (no lhs)
                    self.next();
                    self.parse_rhs();
                    range_lhs = Some(Vec::new());
                } else {
                    match self.parse_simple_stmt(Mode::RangeOk) {
                        Simple::Range { lhs } => range_lhs = Some(lhs),
                        s => s2 = Some(s),
                    }
                }
            }
            if range_lhs.is_none() && self.tok == Tok::Semicolon {
                self.next();
                s2 = None;
                if self.tok != Tok::Semicolon {
                    s2 = Some(self.parse_simple_stmt(Mode::Basic));
                }
                self.expect_semi();
                if self.tok != Tok::LBrace {
                    self.parse_simple_stmt(Mode::Basic);
                }
            }
            self.expr_lev = prev_lev;
        }
        self.parse_block_stmt();
        self.expect_semi();
        match range_lhs {
            Some(lhs) if lhs.len() > 2 => {
                let last = lhs.last().map_or(self.pos, |x| x.span.start);
                self.error_expected(last, "at most 2 expressions");
            }
            Some(_) => {}
            None => self.make_expr(s2, "boolean or range expression"),
        }
    }

    fn parse_stmt(&mut self) {
        self.inc_nest();
        use Tok::*;
        match self.tok {
            Const | Type | Var => self.parse_gen_decl(self.tok),
            // tokens that may start an expression
            Ident | Int | Float | Imag | Char | String | Func | LParen | LBrack | Struct | Map | Chan | Interface
            | Add | Sub | Mul | And | Xor | Arrow | Not => {
                // a labeled statement has parsed its statement already
                if !matches!(self.parse_simple_stmt(Mode::LabelOk), Simple::Labeled) {
                    self.expect_semi();
                }
            }
            Go | Defer => {
                let call_type = if self.tok == Go { "go" } else { "defer" };
                self.next();
                self.parse_call_expr(call_type);
                self.expect_semi();
            }
            Return => self.parse_return_stmt(),
            Break | Continue | Goto | Fallthrough => self.parse_branch_stmt(self.tok),
            LBrace => {
                self.parse_block_stmt();
                self.expect_semi();
            }
            If => self.parse_if_stmt(),
            Switch => self.parse_switch_stmt(),
            Select => self.parse_select_stmt(),
            For => self.parse_for_stmt(),
            Semicolon => self.next(),
            RBrace => {} // a semicolon may be omitted before a closing "}"
            _ => {
                // no statement found
                self.error_expected(self.pos, "statement");
                self.advance(Sync::StmtStart);
            }
        }
        self.dec_nest(1);
    }

    // ------------------------------------------------------------------
    // Declarations (const, type and var inside a function)

    fn parse_value_spec(&mut self, keyword: Tok) {
        self.parse_ident_list();
        if keyword == Tok::Const {
            // always permit optional type and initialization for more tolerant parsing
            if !matches!(self.tok, Tok::Eof | Tok::Semicolon | Tok::RParen) {
                self.try_ident_or_type();
                if self.tok == Tok::Assign {
                    self.next();
                    self.parse_list(true);
                }
            }
        } else {
            if self.tok != Tok::Assign {
                self.parse_type();
            }
            if self.tok == Tok::Assign {
                self.next();
                self.parse_list(true);
            }
        }
        self.expect_semi();
    }

    fn parse_generic_type(&mut self, name0: Ident, typ0: Option<Expr>) {
        self.parse_parameter_list(Some(name0), typ0, Tok::RBrack, false);
        self.expect(Tok::RBrack);
        if self.tok == Tok::Assign {
            // type alias
            self.next();
        }
        self.parse_type();
    }

    fn parse_type_spec(&mut self) {
        self.parse_ident();
        if self.tok == Tok::LBrack {
            // an array/slice type or a type parameter list
            let lbrack = self.pos;
            self.next();
            if self.tok == Tok::Ident {
                // an expression x that is just a name or more; `P []E` would
                // not parse as an expression, so a '[' after the name means
                // an array or slice constraint
                let ident = self.parse_ident();
                let mut x = ident_expr(ident);
                if self.tok != Tok::LBrack {
                    self.expr_lev += 1;
                    let lhs = self.parse_primary_expr(Some(x));
                    x = self.parse_binary_expr(Some(lhs), 1);
                    self.expr_lev -= 1;
                }
                match self.extract_name(x, self.tok == Tok::Comma) {
                    Ok((pname, ptype)) if ptype.is_some() || self.tok != Tok::RBrack => {
                        self.parse_generic_type(pname, ptype);
                    }
                    Ok((pname, _)) => {
                        self.finish_array_type(lbrack, Some(ident_expr(pname)));
                    }
                    Err(x) => {
                        self.finish_array_type(lbrack, Some(x));
                    }
                }
            } else {
                // array type
                self.parse_array_type(lbrack);
            }
        } else {
            if self.tok == Tok::Assign {
                // type alias
                self.next();
            }
            self.parse_type();
        }
        self.expect_semi();
    }

    fn parse_gen_decl(&mut self, keyword: Tok) {
        self.expect(keyword);
        let spec = |p: &mut Self| {
            if keyword == Tok::Type {
                p.parse_type_spec();
            } else {
                p.parse_value_spec(keyword);
            }
        };
        if self.tok == Tok::LParen {
            self.next();
            while self.tok != Tok::RParen && self.tok != Tok::Eof {
                spec(self);
            }
            self.expect(Tok::RParen);
            self.expect_semi();
        } else {
            spec(self);
        }
    }
}
