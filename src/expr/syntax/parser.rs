//! Expressions and types, ported from go/parser (Go 1.26) function by
//! function, so that what is accepted, the error found first, and the
//! recovery (which node stands where something is missing) are go/parser's.
//! Function literal bodies are parsed by `stmt.rs`.

use super::lexer::{Scanner, SyntaxError, Tok};
use crate::expr::Span;
use crate::expr::ast::{BinaryOp, ChanDir, Expr, ExprKind, Field, FuncSig, Ident, LitKind, Name, UnaryOp};

/// go/parser's `maxNestLev`.
pub(super) const GO_MAX_NEST: u32 = 100_000;

pub(super) struct Parser<'a> {
    pub(super) text: &'a str,
    sc: Scanner<'a>,
    pub(super) tok: Tok,
    pub(super) pos: usize,
    end: usize,
    /// The current token is a semicolon inserted at a newline or EOF.
    pub(super) auto: bool,
    /// End of the last token consumed: where a node being finished ends.
    pub(super) prev_end: usize,
    sync_pos: Option<usize>,
    sync_cnt: u32,
    /// < 0: in a control clause (`{` ends the expression), >= 0: in an expression.
    pub(super) expr_lev: i32,
    pub(super) in_rhs: bool,
    nest_lev: u32,
    /// This parse's own nesting limit (at most go/parser's), and where its
    /// stack starts and how much of it it may use.
    max_nest: u32,
    stack_base: usize,
    stack_budget: usize,
    /// go/parser's bailout: parsing stops, no further errors are recorded.
    bailed: bool,
    /// The parse stopped at its own limits, before go/parser's: the stack it
    /// used per nesting level when it did.
    cut_short: Option<usize>,
}

pub(super) struct Output {
    pub expr: Expr,
    pub errors: Vec<SyntaxError>,
    /// Stack used per nesting level, if the parse stopped at its own limits.
    pub cut_short: Option<usize>,
}

/// The address of a local: how deep the stack is here.
#[inline(always)]
fn stack_address() -> usize {
    let probe = 0u8;
    std::hint::black_box(&probe) as *const u8 as usize
}

/// Token classes go/parser's `advance` synchronizes on.
#[derive(Clone, Copy)]
pub(super) enum Sync {
    StmtStart,
    ExprEnd,
}

impl Sync {
    fn contains(self, tok: Tok) -> bool {
        use Tok::*;
        match self {
            Sync::StmtStart => matches!(
                tok,
                Break
                    | Const
                    | Continue
                    | Defer
                    | Fallthrough
                    | For
                    | Go
                    | Goto
                    | If
                    | Return
                    | Select
                    | Switch
                    | Type
                    | Var
            ),
            Sync::ExprEnd => matches!(tok, Comma | Colon | Semicolon | RParen | RBrack | RBrace),
        }
    }
}

/// A parameter before go/parser distributes types over names; `typ` indexes
/// the list's table of type nodes, so that names sharing one can be grouped.
struct ParamField {
    name: Option<Ident>,
    typ: Option<usize>,
}

impl<'a> Parser<'a> {
    /// A parser that nests at most `max_nest` levels and uses at most
    /// `stack_budget` bytes of stack below here.
    pub(super) fn new(text: &'a str, max_nest: u32, stack_budget: usize) -> Parser<'a> {
        let mut p = Parser {
            text,
            sc: Scanner::new(text),
            tok: Tok::Illegal,
            pos: 0,
            end: 0,
            auto: false,
            prev_end: 0,
            sync_pos: None,
            sync_cnt: 0,
            expr_lev: 0,
            in_rhs: false,
            nest_lev: 0,
            max_nest: max_nest.min(GO_MAX_NEST),
            stack_base: stack_address(),
            stack_budget,
            bailed: false,
            cut_short: None,
        };
        p.next();
        p.prev_end = 0;
        p
    }

    /// go/parser's `ParseExprFrom`.
    pub(super) fn parse_expression(mut self) -> Output {
        let expr = self.parse_rhs();
        // one semicolon inserted at a newline or EOF may follow
        if self.tok == Tok::Semicolon && self.auto {
            self.next();
        }
        self.expect(Tok::Eof);
        let mut errors = std::mem::take(&mut self.sc.errors);
        errors.sort_by(|a, b| a.span.start.cmp(&b.span.start).then_with(|| a.msg.cmp(&b.msg)));
        Output { expr, errors, cut_short: self.cut_short }
    }

    // ------------------------------------------------------------------
    // Parsing support

    pub(super) fn next(&mut self) {
        self.prev_end = self.prev_end.max(self.end);
        if self.bailed {
            self.tok = Tok::Eof;
            self.pos = self.text.len();
            self.end = self.text.len();
            self.auto = false;
            return;
        }
        let t = self.sc.scan();
        self.tok = t.tok;
        self.pos = t.start;
        self.end = t.end;
        self.auto = t.auto;
    }

    /// The text of the current token as go/scanner reports it.
    fn lit(&self) -> std::borrow::Cow<'a, str> {
        let lit = &self.text[self.pos..self.end];
        if lit.starts_with('`') && lit.contains('\r') {
            return lit.replace('\r', "").into();
        }
        lit.into()
    }

    fn bail(&mut self) {
        self.bailed = true;
        self.tok = Tok::Eof;
        self.pos = self.text.len();
        self.end = self.text.len();
        self.auto = false;
    }

    /// go/parser's `error`: at most one error per line, and a bailout after
    /// more than ten.
    #[cold]
    #[inline(never)]
    pub(super) fn error(&mut self, pos: usize, msg: impl Into<String>) {
        let span = if pos == self.pos { Span::new(self.pos, self.end) } else { Span::new(pos, pos) };
        self.error_span(span, msg);
    }

    /// `error` at `span.start`, marking all of `span`.
    #[cold]
    #[inline(never)]
    pub(super) fn error_span(&mut self, span: Span, msg: impl Into<String>) {
        if self.bailed {
            return;
        }
        let line = self.sc.line_of(span.start);
        let n = self.sc.errors.len();
        if n > 0 && self.sc.errors[n - 1].line == line {
            return; // discard - likely a spurious error
        }
        if n > 10 {
            self.bail();
            return;
        }
        self.sc.errors.push(SyntaxError { span, line, msg: msg.into() });
    }

    #[cold]
    #[inline(never)]
    pub(super) fn error_expected(&mut self, pos: usize, what: &str) {
        let mut msg = format!("expected {what}");
        if pos == self.pos {
            // the error happened at the current position: say what is here
            if self.tok == Tok::Semicolon && self.auto {
                msg.push_str(", found newline");
            } else if self.tok.is_literal() {
                msg.push_str(", found ");
                msg.push_str(&self.lit());
            } else {
                msg.push_str(", found '");
                msg.push_str(self.tok.as_str());
                msg.push('\'');
            }
        }
        self.error(pos, msg);
    }

    pub(super) fn expect(&mut self, tok: Tok) -> usize {
        let pos = self.pos;
        if self.tok != tok {
            self.error_expected(pos, &format!("'{}'", tok.as_str()));
        }
        self.next(); // make progress
        pos
    }

    /// Like `expect`, with a better message for a missing comma before a newline.
    fn expect_closing(&mut self, tok: Tok, context: &str) -> usize {
        if self.tok != tok && self.tok == Tok::Semicolon && self.auto {
            self.error(self.pos, format!("missing ',' before newline in {context}"));
            self.next();
        }
        self.expect(tok)
    }

    pub(super) fn expect_semi(&mut self) {
        match self.tok {
            Tok::RParen | Tok::RBrace => {} // optional before a closing ')' or '}'
            Tok::Comma | Tok::Semicolon => {
                if self.tok == Tok::Comma {
                    // permit a ',' instead of a ';' but complain
                    self.error_expected(self.pos, "';'");
                }
                self.next();
            }
            _ => {
                self.error_expected(self.pos, "';'");
                self.advance(Sync::StmtStart);
            }
        }
    }

    fn at_comma(&mut self, context: &str, follow: Tok) -> bool {
        if self.tok == Tok::Comma {
            return true;
        }
        if self.tok != follow {
            let newline = if self.tok == Tok::Semicolon && self.auto { " before newline" } else { "" };
            self.error(self.pos, format!("missing ','{newline} in {context}"));
            return true; // "insert" comma and continue
        }
        false
    }

    /// `item`s separated by commas up to `closing`, which is left for the
    /// caller: go/parser's list loop (a missing comma is reported and
    /// assumed; any other token ends the list).
    fn comma_list(&mut self, context: &str, closing: Tok, mut item: impl FnMut(&mut Self) -> Expr) -> Vec<Expr> {
        let mut list = Vec::new();
        while self.tok != closing && self.tok != Tok::Eof {
            list.push(item(self));
            if !self.at_comma(context, closing) {
                break;
            }
            self.next();
        }
        list
    }

    /// Skips to a token in `to` (or EOF), making sure recovery progresses.
    pub(super) fn advance(&mut self, to: Sync) {
        while self.tok != Tok::Eof {
            if to.contains(self.tok) {
                if self.sync_pos == Some(self.pos) && self.sync_cnt < 10 {
                    self.sync_cnt += 1;
                    return;
                }
                if self.sync_pos.is_none_or(|sync| self.pos > sync) {
                    self.sync_pos = Some(self.pos);
                    self.sync_cnt = 0;
                    return;
                }
            }
            self.next();
        }
    }

    /// go/parser's `incNestLev`. Every recursive cycle of the parser passes
    /// through one, so this is also where the stack budget is enforced.
    pub(super) fn inc_nest(&mut self) {
        self.nest_lev += 1;
        if self.bailed {
            return;
        }
        let used = self.stack_base.abs_diff(stack_address());
        if self.nest_lev <= GO_MAX_NEST {
            if self.nest_lev <= self.max_nest && used <= self.stack_budget {
                return;
            }
            self.cut_short = Some(used / self.nest_lev as usize + 1);
        }
        self.error(self.pos, "exceeded max nesting depth");
        self.bail();
    }

    pub(super) fn dec_nest(&mut self, n: u32) {
        self.nest_lev -= n;
    }

    /// A node from `start` to the last token consumed, or, like go/ast's
    /// `End`, to the end of its last operand when that is a `Missing` that
    /// reaches further (to the token where recovery stopped).
    pub(super) fn node(&self, kind: ExprKind, start: usize) -> Expr {
        let tail = match &kind {
            ExprKind::Unary { operand: x, .. }
            | ExprKind::Star(x)
            | ExprKind::KeyValue { value: x, .. }
            | ExprKind::ArrayType { elem: x, .. }
            | ExprKind::MapType { value: x, .. }
            | ExprKind::ChanType { elem: x, .. }
            | ExprKind::Ellipsis(Some(x)) => x.span.end,
            ExprKind::Binary { operands, .. } => operands[1].span.end,
            _ => 0,
        };
        Expr::new(kind, Span::new(start, self.prev_end.max(start).max(tail)))
    }

    pub(super) fn missing(&self, from: usize, to: usize) -> Expr {
        Expr::new(ExprKind::Missing, Span::new(from, to.max(from)))
    }

    /// The offset of the first token at or after `at` (skipping blanks and
    /// comments): positions go/ast records but our tree does not.
    pub(super) fn token_after(&self, at: usize) -> usize {
        let b = self.text.as_bytes();
        let mut i = at;
        while i < b.len() {
            match b[i] {
                b' ' | b'\t' | b'\r' | b'\n' => i += 1,
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    i += 2;
                    while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                        i += 1;
                    }
                    i = (i + 2).min(b.len());
                }
                _ => break,
            }
        }
        i
    }

    // ------------------------------------------------------------------
    // Identifiers

    /// An identifier; a missing one has an empty name (go/parser says `_`).
    pub(super) fn parse_ident(&mut self) -> Ident {
        let pos = self.pos;
        if self.tok == Tok::Ident {
            let name = Name::new(&self.text[self.pos..self.end]);
            self.next();
            return Ident { name, span: Span::new(pos, self.prev_end) };
        }
        self.expect(Tok::Ident);
        Ident { name: Name::default(), span: Span::new(pos, pos) }
    }

    pub(super) fn parse_ident_list(&mut self) {
        self.parse_ident();
        while self.tok == Tok::Comma {
            self.next();
            self.parse_ident();
        }
    }

    // ------------------------------------------------------------------
    // Common productions

    pub(super) fn parse_expr_list(&mut self) -> Vec<Expr> {
        let mut list = vec![self.parse_expr()];
        while self.tok == Tok::Comma {
            self.next();
            list.push(self.parse_expr());
        }
        list
    }

    pub(super) fn parse_list(&mut self, in_rhs: bool) -> Vec<Expr> {
        let old = std::mem::replace(&mut self.in_rhs, in_rhs);
        let list = self.parse_expr_list();
        self.in_rhs = old;
        list
    }

    // ------------------------------------------------------------------
    // Types

    pub(super) fn parse_type(&mut self) -> Expr {
        if let Some(typ) = self.try_ident_or_type() {
            return typ;
        }
        let pos = self.pos;
        self.error_expected(pos, "type");
        self.advance(Sync::ExprEnd);
        self.missing(pos, self.pos)
    }

    fn parse_qualified_ident(&mut self, ident: Option<Ident>) -> Expr {
        let typ = self.parse_type_name(ident);
        if self.tok == Tok::LBrack { self.parse_type_instance(typ) } else { typ }
    }

    fn parse_type_name(&mut self, ident: Option<Ident>) -> Expr {
        let ident = match ident {
            Some(ident) => ident,
            None => self.parse_ident(),
        };
        let start = ident.span.start;
        let x = Expr::new(ExprKind::Ident(ident.name), ident.span);
        if self.tok == Tok::Period {
            // ident is a package name
            self.next();
            let sel = self.parse_ident();
            return self.node(ExprKind::Selector { base: Box::new(x), sel }, start);
        }
        x
    }

    /// `[` has been consumed; parses the length (if any), `]` and the element.
    #[inline(never)]
    pub(super) fn parse_array_type(&mut self, lbrack: usize) -> Expr {
        self.expr_lev += 1;
        // always permit ellipsis for more fault-tolerant parsing
        let len = if self.tok == Tok::Ellipsis {
            let pos = self.pos;
            self.next();
            Some(self.node(ExprKind::Ellipsis(None), pos))
        } else if self.tok != Tok::RBrack {
            Some(self.parse_rhs())
        } else {
            None
        };
        self.expr_lev -= 1;
        self.finish_array_type(lbrack, len)
    }

    pub(super) fn finish_array_type(&mut self, lbrack: usize, len: Option<Expr>) -> Expr {
        if self.tok == Tok::Comma {
            // trailing commas are accepted in type parameter lists, not here
            self.error(self.pos, "unexpected comma; expecting ]");
            self.next();
        }
        self.expect(Tok::RBrack);
        let elem = self.parse_type();
        self.node(ExprKind::ArrayType { len: len.map(Box::new), elem: Box::new(elem) }, lbrack)
    }

    /// After `x [`: an array field `x [N]E` / `x []E` (name kept) or an
    /// instantiated type `x[P1, P2]` (name consumed).
    #[inline(never)]
    fn parse_array_field_or_type_instance(&mut self, x: &Ident) -> (bool, Expr) {
        let lbrack = self.expect(Tok::LBrack);
        let mut trailing_comma = None;
        let mut args = Vec::new();
        if self.tok != Tok::RBrack {
            self.expr_lev += 1;
            args.push(self.parse_rhs());
            while self.tok == Tok::Comma {
                let comma = self.pos;
                self.next();
                if self.tok == Tok::RBrack {
                    trailing_comma = Some(comma);
                    break;
                }
                args.push(self.parse_rhs());
            }
            self.expr_lev -= 1;
        }
        self.expect(Tok::RBrack);

        if args.is_empty() {
            // x []E
            let elem = self.parse_type();
            return (true, self.node(ExprKind::ArrayType { len: None, elem: Box::new(elem) }, lbrack));
        }
        if args.len() == 1 {
            if let Some(elem) = self.try_ident_or_type() {
                // x [P]E
                if let Some(comma) = trailing_comma {
                    self.error(comma, "unexpected comma; expecting ]");
                }
                let len = args.pop().map(Box::new);
                return (true, self.node(ExprKind::ArrayType { len, elem: Box::new(elem) }, lbrack));
            }
        }
        // x[P], x[P1, P2], ...
        let base = Expr::new(ExprKind::Ident(x.name.clone()), x.span);
        (false, self.node(ExprKind::Index { base: Box::new(base), indices: args }, x.span.start))
    }

    #[inline(never)]
    fn parse_field_decl(&mut self) -> Field {
        let mut names = Vec::new();
        let ty = match self.tok {
            Tok::Ident => {
                let name = self.parse_ident();
                if matches!(self.tok, Tok::Period | Tok::String | Tok::Semicolon | Tok::RBrace) {
                    // embedded type
                    if self.tok == Tok::Period {
                        self.parse_qualified_ident(Some(name))
                    } else {
                        Expr::new(ExprKind::Ident(name.name), name.span)
                    }
                } else {
                    // name1, name2, ... T
                    names.push(name);
                    while self.tok == Tok::Comma {
                        self.next();
                        names.push(self.parse_ident());
                    }
                    // an embedded instantiated type T[P1, P2] or a field T of array type
                    if names.len() == 1 && self.tok == Tok::LBrack {
                        let (is_field, ty) = self.parse_array_field_or_type_instance(&names[0]);
                        if !is_field {
                            names.clear();
                        }
                        ty
                    } else {
                        self.parse_type()
                    }
                }
            }
            Tok::Mul => {
                let star = self.pos;
                self.next();
                let ty = if self.tok == Tok::LParen {
                    // *(T)
                    self.error(self.pos, "cannot parenthesize embedded type");
                    self.next();
                    let ty = self.parse_qualified_ident(None);
                    if self.tok == Tok::RParen {
                        self.next();
                    }
                    ty
                } else {
                    self.parse_qualified_ident(None)
                };
                self.node(ExprKind::Star(Box::new(ty)), star)
            }
            Tok::LParen => {
                self.error(self.pos, "cannot parenthesize embedded type");
                self.next();
                let ty = if self.tok == Tok::Mul {
                    // (*T)
                    let star = self.pos;
                    self.next();
                    let ty = self.parse_qualified_ident(None);
                    self.node(ExprKind::Star(Box::new(ty)), star)
                } else {
                    self.parse_qualified_ident(None)
                };
                if self.tok == Tok::RParen {
                    self.next();
                }
                ty
            }
            _ => {
                let pos = self.pos;
                self.error_expected(pos, "field name or embedded type");
                self.advance(Sync::ExprEnd);
                self.missing(pos, self.pos)
            }
        };
        let mut tag = None;
        if self.tok == Tok::String {
            tag = Some(self.text[self.pos..self.end].to_string());
            self.next();
        }
        self.expect_semi();
        Field { names, ty, tag }
    }

    #[inline(never)]
    fn parse_struct_type(&mut self) -> Expr {
        let pos = self.expect(Tok::Struct);
        self.expect(Tok::LBrace);
        let mut fields = Vec::new();
        // a field cannot start with '(' but go/parser accepts it here for
        // better errors (parse_field_decl complains)
        while matches!(self.tok, Tok::Ident | Tok::Mul | Tok::LParen) {
            fields.push(self.parse_field_decl());
        }
        self.expect(Tok::RBrace);
        self.node(ExprKind::StructType { fields }, pos)
    }

    #[inline(never)]
    fn parse_pointer_type(&mut self) -> Expr {
        let star = self.expect(Tok::Mul);
        let base = self.parse_type();
        self.node(ExprKind::Star(Box::new(base)), star)
    }

    #[inline(never)]
    fn parse_dots_type(&mut self) -> Expr {
        let pos = self.expect(Tok::Ellipsis);
        let elem = self.parse_type();
        self.node(ExprKind::Ellipsis(Some(Box::new(elem))), pos)
    }

    #[inline(never)]
    fn parse_param_decl(&mut self, name: Option<Ident>, type_sets_ok: bool, types: &mut Vec<Expr>) -> ParamField {
        fn add(types: &mut Vec<Expr>, e: Expr) -> Option<usize> {
            types.push(e);
            Some(types.len() - 1)
        }
        let mut f = ParamField { name: None, typ: None };
        let named = name.is_some();
        if !named && type_sets_ok && self.tok == Tok::Tilde {
            // "~" ...
            let t = self.embedded_elem(None);
            f.typ = add(types, t);
            return f;
        }
        let tok = if named { Tok::Ident } else { self.tok };
        match tok {
            Tok::Ident => {
                let ident = match name {
                    Some(name) => name,
                    None => self.parse_ident(),
                };
                match self.tok {
                    Tok::Ident
                    | Tok::Mul
                    | Tok::Arrow
                    | Tok::Func
                    | Tok::Chan
                    | Tok::Map
                    | Tok::Struct
                    | Tok::Interface
                    | Tok::LParen => {
                        // name type
                        f.name = Some(ident);
                        let t = self.parse_type();
                        f.typ = add(types, t);
                    }
                    Tok::LBrack => {
                        // name "[" type1, ..., typeN "]" or name "[" n "]" type
                        let (is_field, t) = self.parse_array_field_or_type_instance(&ident);
                        if is_field {
                            f.name = Some(ident);
                        }
                        f.typ = add(types, t);
                    }
                    Tok::Ellipsis => {
                        // name "..." type
                        f.name = Some(ident);
                        let t = self.parse_dots_type();
                        f.typ = add(types, t);
                        return f; // don't allow ...type "|" ...
                    }
                    Tok::Period => {
                        // name "." ...
                        let t = self.parse_qualified_ident(Some(ident));
                        f.typ = add(types, t);
                    }
                    Tok::Tilde if type_sets_ok => {
                        f.name = Some(ident);
                        let t = self.embedded_elem(None);
                        f.typ = add(types, t);
                        return f;
                    }
                    Tok::Or if type_sets_ok => {
                        // name "|" typeset
                        let x = Expr::new(ExprKind::Ident(ident.name), ident.span);
                        let t = self.embedded_elem(Some(x));
                        f.typ = add(types, t);
                        return f;
                    }
                    _ => f.name = Some(ident),
                }
            }
            Tok::Mul
            | Tok::Arrow
            | Tok::Func
            | Tok::LBrack
            | Tok::Chan
            | Tok::Map
            | Tok::Struct
            | Tok::Interface
            | Tok::LParen => {
                let t = self.parse_type();
                f.typ = add(types, t);
            }
            Tok::Ellipsis => {
                // "..." type (always accepted)
                let t = self.parse_dots_type();
                f.typ = add(types, t);
                return f;
            }
            _ => {
                // go/parser says "')'" here even in type parameter lists
                self.error_expected(self.pos, "')'");
                self.advance(Sync::ExprEnd);
            }
        }
        // [name] type "|"
        if type_sets_ok && self.tok == Tok::Or {
            if let Some(i) = f.typ {
                let t = std::mem::replace(&mut types[i], Expr::missing(0));
                types[i] = self.embedded_elem(Some(t));
            }
        }
        f
    }

    #[inline(never)]
    pub(super) fn parse_parameter_list(
        &mut self,
        name0: Option<Ident>,
        typ0: Option<Expr>,
        closing: Tok,
        dddok: bool,
    ) -> Vec<Field> {
        // type parameters are the only parameter list closed by ']'
        let tparams = closing == Tok::RBrack;
        let pos0 = match (&name0, &typ0) {
            (Some(name), _) => name.span.start,
            (None, Some(typ)) => typ.span.start,
            _ => self.pos,
        };
        let mut name0 = name0;
        let mut typ0 = typ0;
        let mut types: Vec<Expr> = Vec::new();
        let mut list: Vec<ParamField> = Vec::new();
        let mut named = 0; // parameters that have an explicit name and type
        let mut typed = 0; // parameters that have an explicit type

        while name0.is_some() || self.tok != closing && self.tok != Tok::Eof {
            let par = if let Some(typ) = typ0.take() {
                let typ = if tparams { self.embedded_elem(Some(typ)) } else { typ };
                types.push(typ);
                ParamField { name: name0.take(), typ: Some(types.len() - 1) }
            } else {
                self.parse_param_decl(name0.take(), tparams, &mut types)
            };
            if par.name.is_some() || par.typ.is_some() {
                if par.name.is_some() && par.typ.is_some() {
                    named += 1;
                }
                if par.typ.is_some() {
                    typed += 1;
                }
                list.push(par);
            }
            if !self.at_comma("parameter list", closing) {
                break;
            }
            self.next();
        }

        if list.is_empty() {
            return Vec::new();
        }

        // distribute parameter types
        if named == 0 {
            // all unnamed => found names are type names
            for par in &mut list {
                if let Some(name) = par.name.take() {
                    types.push(Expr::new(ExprKind::Ident(name.name), name.span));
                    par.typ = Some(types.len() - 1);
                }
            }
            if tparams {
                let (err_pos, msg) = if named == typed {
                    (self.pos, "missing type constraint")
                } else if list.len() == 1 {
                    (pos0, "missing type parameter name or invalid array length")
                } else {
                    (pos0, "missing type parameter name")
                };
                self.error(err_pos, msg);
            }
        } else if named != list.len() {
            // some named or we're in a type parameter list => all must be named
            let mut err_pos = None; // left-most error position
            let mut typ = None; // current type (from right to left)
            for par in list.iter_mut().rev() {
                if let Some(t) = par.typ {
                    typ = Some(t);
                    if par.name.is_none() {
                        let at = types[t].span.start;
                        err_pos = Some(at);
                        par.name = Some(Ident { name: Name::default(), span: Span::new(at, at) });
                    }
                } else if typ.is_some() {
                    par.typ = typ;
                } else {
                    // only a name
                    let at = par.name.as_ref().map_or(self.pos, |n| n.span.start);
                    err_pos = Some(at);
                    types.push(self.missing(at, self.pos));
                    par.typ = Some(types.len() - 1);
                }
            }
            if let Some(at) = err_pos {
                let (at, msg) = if named == typed {
                    // parameters without types, at the end
                    (self.pos, if tparams { "missing type constraint" } else { "missing parameter type" })
                } else if !tparams {
                    (at, "missing parameter name")
                } else if list.len() == 1 {
                    (at, "missing type parameter name or invalid array length")
                } else {
                    (at, "missing type parameter name")
                };
                self.error(at, msg);
            }
        }

        // check use of ...
        let mut first = true;
        let n = list.len();
        for (i, par) in list.iter_mut().enumerate() {
            let Some(t) = par.typ else { continue };
            if matches!(types[t].kind, ExprKind::Ellipsis(_)) && (!dddok || i + 1 < n) {
                let span = types[t].span;
                if first {
                    first = false;
                    self.error(
                        span.start,
                        if dddok { "can only use ... with final parameter" } else { "invalid use of ..." },
                    );
                }
                types.push(Expr::new(ExprKind::Missing, span));
                par.typ = Some(types.len() - 1);
            }
        }

        // group names sharing one type into one field, like go/ast
        let mut types: Vec<Option<Expr>> = types.into_iter().map(Some).collect();
        let mut take = |i: usize| types[i].take().unwrap_or_else(|| Expr::missing(0));
        let mut fields: Vec<Field> = Vec::new();
        if named == 0 {
            for par in list {
                if let Some(t) = par.typ {
                    fields.push(Field { names: Vec::new(), ty: take(t), tag: None });
                }
            }
            return fields;
        }
        let mut current: Option<usize> = None;
        let mut names = Vec::new();
        for par in list {
            if par.typ != current {
                if let (Some(t), false) = (current, names.is_empty()) {
                    fields.push(Field { names: std::mem::take(&mut names), ty: take(t), tag: None });
                }
                current = par.typ;
            }
            names.extend(par.name);
        }
        if let (Some(t), false) = (current, names.is_empty()) {
            fields.push(Field { names, ty: take(t), tag: None });
        }
        fields
    }

    /// `[` … `]` of type parameters; `None` (after an error) when empty.
    fn parse_type_parameters(&mut self) -> Option<(usize, Vec<Field>)> {
        let lbrack = self.expect(Tok::LBrack);
        let list = if self.tok != Tok::RBrack {
            self.parse_parameter_list(None, None, Tok::RBrack, false)
        } else {
            Vec::new()
        };
        let rbrack = self.expect(Tok::RBrack);
        if list.is_empty() {
            self.error(rbrack, "empty type parameter list");
            return None;
        }
        Some((lbrack, list))
    }

    fn parse_parameters(&mut self, result: bool) -> Vec<Field> {
        if !result || self.tok == Tok::LParen {
            self.expect(Tok::LParen);
            let list = if self.tok != Tok::RParen {
                self.parse_parameter_list(None, None, Tok::RParen, !result)
            } else {
                Vec::new()
            };
            self.expect(Tok::RParen);
            return list;
        }
        match self.try_ident_or_type() {
            Some(ty) => vec![Field { names: Vec::new(), ty, tag: None }],
            None => Vec::new(),
        }
    }

    fn parse_signature(&mut self) -> FuncSig {
        let params = self.parse_parameters(false);
        let results = self.parse_parameters(true);
        FuncSig { type_params: Vec::new(), params, results }
    }

    #[inline(never)]
    fn parse_func_type(&mut self) -> (usize, FuncSig) {
        let pos = self.expect(Tok::Func);
        // accept type parameters for more tolerant parsing but complain
        let mut type_params = Vec::new();
        if self.tok == Tok::LBrack {
            if let Some((lbrack, list)) = self.parse_type_parameters() {
                let span = Span::new(lbrack, self.prev_end);
                self.error_span(span, "function type must have no type parameters");
                type_params = list;
            }
        }
        let mut sig = self.parse_signature();
        sig.type_params = type_params;
        (pos, sig)
    }

    #[inline(never)]
    fn parse_method_spec(&mut self) -> Field {
        let x = self.parse_type_name(None);
        let ExprKind::Ident(name) = &x.kind else {
            // embedded, possibly instantiated type
            let ty = if self.tok == Tok::LBrack { self.parse_type_instance(x) } else { x };
            return Field { names: Vec::new(), ty, tag: None };
        };
        let ident = Ident { name: name.clone(), span: x.span };
        match self.tok {
            Tok::LBrack => {
                // generic method or embedded instantiated type
                let lbrack = self.pos;
                self.next();
                self.expr_lev += 1;
                let arg = self.parse_expr();
                self.expr_lev -= 1;
                if let (ExprKind::Ident(name0), false) = (&arg.kind, matches!(self.tok, Tok::Comma | Tok::RBrack)) {
                    // generic method m[T any]: parsed for a better error
                    let name0 = Ident { name: name0.clone(), span: arg.span };
                    self.parse_parameter_list(Some(name0), None, Tok::RBrack, false);
                    self.expect(Tok::RBrack);
                    self.error(lbrack, "interface method must have no type parameters");
                    let start = self.pos;
                    let sig = self.parse_signature();
                    let ty = self.node(ExprKind::FuncType(Box::new(sig)), start);
                    return Field { names: vec![ident], ty, tag: None };
                }
                // embedded instantiated type
                let mut list = vec![arg];
                if self.at_comma("type argument list", Tok::RBrack) {
                    self.expr_lev += 1;
                    self.next();
                    list.extend(self.comma_list("type argument list", Tok::RBrack, Self::parse_type));
                    self.expr_lev -= 1;
                }
                self.expect_closing(Tok::RBrack, "type argument list");
                let ty = self.node(ExprKind::Index { base: Box::new(x), indices: list }, ident.span.start);
                Field { names: Vec::new(), ty, tag: None }
            }
            Tok::LParen => {
                // ordinary method
                let start = self.pos;
                let sig = self.parse_signature();
                let ty = self.node(ExprKind::FuncType(Box::new(sig)), start);
                Field { names: vec![ident], ty, tag: None }
            }
            // embedded type
            _ => Field { names: Vec::new(), ty: x, tag: None },
        }
    }

    #[inline(never)]
    fn embedded_elem(&mut self, x: Option<Expr>) -> Expr {
        let mut x = match x {
            Some(x) => x,
            None => self.embedded_term(),
        };
        while self.tok == Tok::Or {
            let op_pos = self.pos;
            self.next();
            let op_span = Span::new(op_pos, self.prev_end);
            let y = self.embedded_term();
            let start = x.span.start;
            x = self.node(ExprKind::Binary { op: BinaryOp::Or, op_span, operands: Box::new([x, y]) }, start);
        }
        x
    }

    #[inline(never)]
    fn embedded_term(&mut self) -> Expr {
        if self.tok == Tok::Tilde {
            let pos = self.pos;
            self.next();
            let t = self.parse_type();
            return self.node(ExprKind::Unary { op: UnaryOp::Tilde, operand: Box::new(t) }, pos);
        }
        if let Some(t) = self.try_ident_or_type() {
            return t;
        }
        let pos = self.pos;
        self.error_expected(pos, "~ term or type");
        self.advance(Sync::ExprEnd);
        self.missing(pos, self.pos)
    }

    #[inline(never)]
    fn parse_interface_type(&mut self) -> Expr {
        let pos = self.expect(Tok::Interface);
        self.expect(Tok::LBrace);
        let mut elems = Vec::new();
        loop {
            match self.tok {
                Tok::Ident => {
                    let mut f = self.parse_method_spec();
                    if f.names.is_empty() {
                        f.ty = self.embedded_elem(Some(f.ty));
                    }
                    self.expect_semi();
                    elems.push(f);
                }
                Tok::Tilde => {
                    let ty = self.embedded_elem(None);
                    self.expect_semi();
                    elems.push(Field { names: Vec::new(), ty, tag: None });
                }
                _ => {
                    let Some(t) = self.try_ident_or_type() else { break };
                    let ty = self.embedded_elem(Some(t));
                    self.expect_semi();
                    elems.push(Field { names: Vec::new(), ty, tag: None });
                }
            }
        }
        self.expect(Tok::RBrace);
        self.node(ExprKind::InterfaceType { elems }, pos)
    }

    #[inline(never)]
    fn parse_map_type(&mut self) -> Expr {
        let pos = self.expect(Tok::Map);
        self.expect(Tok::LBrack);
        let key = self.parse_type();
        self.expect(Tok::RBrack);
        let value = self.parse_type();
        self.node(ExprKind::MapType { key: Box::new(key), value: Box::new(value) }, pos)
    }

    #[inline(never)]
    fn parse_chan_type(&mut self) -> Expr {
        let pos = self.pos;
        let mut dir = ChanDir::Both;
        if self.tok == Tok::Chan {
            self.next();
            if self.tok == Tok::Arrow {
                self.next();
                dir = ChanDir::Send;
            }
        } else {
            self.expect(Tok::Arrow);
            self.expect(Tok::Chan);
            dir = ChanDir::Recv;
        }
        let elem = self.parse_type();
        self.node(ExprKind::ChanType { dir, elem: Box::new(elem) }, pos)
    }

    #[inline(never)]
    fn parse_type_instance(&mut self, typ: Expr) -> Expr {
        let start = typ.span.start;
        let opening = self.expect(Tok::LBrack);
        self.expr_lev += 1;
        let mut list = self.comma_list("type argument list", Tok::RBrack, Self::parse_type);
        self.expr_lev -= 1;
        let closing = self.expect_closing(Tok::RBrack, "type argument list");
        if list.is_empty() {
            self.error_expected(closing, "type argument list");
            list.push(self.missing(opening + 1, closing));
        }
        self.node(ExprKind::Index { base: Box::new(typ), indices: list }, start)
    }

    pub(super) fn try_ident_or_type(&mut self) -> Option<Expr> {
        self.inc_nest();
        let typ = match self.tok {
            Tok::Ident => {
                let typ = self.parse_type_name(None);
                Some(if self.tok == Tok::LBrack { self.parse_type_instance(typ) } else { typ })
            }
            Tok::LBrack => {
                let lbrack = self.expect(Tok::LBrack);
                Some(self.parse_array_type(lbrack))
            }
            Tok::Struct => Some(self.parse_struct_type()),
            Tok::Mul => Some(self.parse_pointer_type()),
            Tok::Func => {
                let (pos, sig) = self.parse_func_type();
                Some(self.node(ExprKind::FuncType(Box::new(sig)), pos))
            }
            Tok::Interface => Some(self.parse_interface_type()),
            Tok::Map => Some(self.parse_map_type()),
            Tok::Chan | Tok::Arrow => Some(self.parse_chan_type()),
            Tok::LParen => {
                let lparen = self.pos;
                self.next();
                let typ = self.parse_type();
                self.expect(Tok::RParen);
                Some(self.node(ExprKind::Paren(Box::new(typ)), lparen))
            }
            _ => None,
        };
        self.dec_nest(1);
        typ
    }

    // ------------------------------------------------------------------
    // Expressions

    #[inline(never)]
    fn parse_func_type_or_lit(&mut self) -> Expr {
        let (pos, sig) = self.parse_func_type();
        if self.tok != Tok::LBrace {
            // function type only
            return self.node(ExprKind::FuncType(Box::new(sig)), pos);
        }
        self.expr_lev += 1;
        let body = self.parse_body();
        self.expr_lev -= 1;
        self.node(ExprKind::FuncLit { sig: Box::new(sig), body }, pos)
    }

    /// May return a type, even a raw one (`[...]T`); callers check.
    fn parse_operand(&mut self) -> Expr {
        match self.tok {
            Tok::Ident => {
                let ident = self.parse_ident();
                Expr::new(ExprKind::Ident(ident.name), ident.span)
            }
            Tok::Int | Tok::Float | Tok::Imag | Tok::Char | Tok::String => self.parse_basic_lit(),
            Tok::LParen => self.parse_paren(),
            Tok::Func => self.parse_func_type_or_lit(),
            _ => self.parse_type_operand(),
        }
    }

    fn parse_basic_lit(&mut self) -> Expr {
        let kind = match self.tok {
            Tok::Int => LitKind::Int,
            Tok::Float => LitKind::Float,
            Tok::Imag => LitKind::Imag,
            Tok::Char => LitKind::Char,
            _ => LitKind::String,
        };
        let pos = self.pos;
        let raw = Name::new(&self.text[self.pos..self.end]);
        self.next();
        self.node(ExprKind::BasicLit { kind, raw }, pos)
    }

    #[inline(never)]
    fn parse_paren(&mut self) -> Expr {
        let pos = self.pos;
        self.next();
        self.expr_lev += 1;
        let x = Box::new(self.parse_rhs()); // types may be parenthesized: (some type)
        self.expr_lev -= 1;
        self.expect(Tok::RParen);
        self.node(ExprKind::Paren(x), pos)
    }

    /// A type for a composite literal or conversion, or an error.
    #[inline(never)]
    fn parse_type_operand(&mut self) -> Expr {
        if let Some(typ) = self.try_ident_or_type() {
            return typ;
        }
        let pos = self.pos;
        self.error_expected(pos, "operand");
        self.advance(Sync::StmtStart);
        self.missing(pos, self.pos)
    }

    #[inline(never)]
    fn parse_type_assertion(&mut self, x: Expr) -> Expr {
        let start = x.span.start;
        self.expect(Tok::LParen);
        let ty = if self.tok == Tok::Type {
            // type switch guard: go/parser accepts `x.(type)` anywhere
            self.next();
            None
        } else {
            Some(Box::new(self.parse_type()))
        };
        self.expect(Tok::RParen);
        self.node(ExprKind::TypeAssert { base: Box::new(x), ty }, start)
    }

    #[inline(never)]
    fn parse_index_or_slice_or_instance(&mut self, x: Expr) -> Expr {
        let start = x.span.start;
        self.expect(Tok::LBrack);
        if self.tok == Tok::RBrack {
            // empty index: accepted for tolerance, with a complaint
            self.error_expected(self.pos, "operand");
            let rbrack = self.pos;
            self.next();
            let index = self.missing(rbrack, rbrack);
            return self.node(ExprKind::Index { base: Box::new(x), indices: vec![index] }, start);
        }
        self.expr_lev += 1;
        let mut index: [Option<Expr>; 3] = [None, None, None];
        let mut colons = [0usize; 2];
        let mut args = Vec::new();
        if self.tok != Tok::Colon {
            // an index or a type instantiation: not in type context either way
            index[0] = Some(self.parse_rhs());
        }
        let mut ncolons = 0;
        match self.tok {
            Tok::Colon => {
                // slice expression
                while self.tok == Tok::Colon && ncolons < colons.len() {
                    colons[ncolons] = self.pos;
                    ncolons += 1;
                    self.next();
                    if !matches!(self.tok, Tok::Colon | Tok::RBrack | Tok::Eof) {
                        index[ncolons] = Some(self.parse_rhs());
                    }
                }
            }
            Tok::Comma => {
                // instance expression
                args.extend(index[0].take());
                while self.tok == Tok::Comma {
                    self.next();
                    if self.tok != Tok::RBrack && self.tok != Tok::Eof {
                        args.push(self.parse_type());
                    }
                }
            }
            _ => {}
        }
        self.expr_lev -= 1;
        let rbrack = self.expect(Tok::RBrack);

        if ncolons > 0 {
            let [low, mut high, mut max] = index;
            let slice3 = ncolons == 2;
            if slice3 {
                // checked here rather than by the type checker (go.dev/issue/7305)
                if high.is_none() {
                    self.error_span(Span::new(colons[0], colons[0] + 1), "middle index required in 3-index slice");
                    high = Some(self.missing(colons[0] + 1, colons[1]));
                }
                if max.is_none() {
                    self.error_span(Span::new(colons[1], colons[1] + 1), "final index required in 3-index slice");
                    max = Some(self.missing(colons[1] + 1, rbrack));
                }
            }
            let kind = ExprKind::Slice {
                base: Box::new(x),
                low: low.map(Box::new),
                high: high.map(Box::new),
                max: max.map(Box::new),
                slice3,
            };
            return self.node(kind, start);
        }
        if args.is_empty() {
            let index = index[0].take().unwrap_or_else(|| self.missing(rbrack, rbrack));
            args.push(index);
        }
        self.node(ExprKind::Index { base: Box::new(x), indices: args }, start)
    }

    #[inline(never)]
    fn parse_call_or_conversion(&mut self, fun: Expr) -> Expr {
        let start = fun.span.start;
        self.expect(Tok::LParen);
        self.expr_lev += 1;
        let mut args = Vec::new();
        let mut ellipsis = false;
        while self.tok != Tok::RParen && self.tok != Tok::Eof && !ellipsis {
            args.push(self.parse_rhs()); // builtins may expect a type: make(some type, ...)
            if self.tok == Tok::Ellipsis {
                ellipsis = true;
                self.next();
            }
            if !self.at_comma("argument list", Tok::RParen) {
                break;
            }
            self.next();
        }
        self.expr_lev -= 1;
        self.expect_closing(Tok::RParen, "argument list");
        self.node(ExprKind::Call { fun: Box::new(fun), args, ellipsis }, start)
    }

    fn parse_value(&mut self) -> Expr {
        if self.tok == Tok::LBrace { self.parse_literal_value(None) } else { self.parse_expr() }
    }

    fn parse_element(&mut self) -> Expr {
        let x = self.parse_value();
        if self.tok != Tok::Colon {
            return x;
        }
        self.next();
        let start = x.span.start;
        let value = self.parse_value();
        self.node(ExprKind::KeyValue { key: Box::new(x), value: Box::new(value) }, start)
    }

    #[inline(never)]
    fn parse_literal_value(&mut self, ty: Option<Expr>) -> Expr {
        self.inc_nest();
        let lbrace = self.expect(Tok::LBrace);
        let start = ty.as_ref().map_or(lbrace, |t| t.span.start);
        self.expr_lev += 1;
        let elts = self.comma_list("composite literal", Tok::RBrace, Self::parse_element);
        self.expr_lev -= 1;
        self.expect_closing(Tok::RBrace, "composite literal");
        self.dec_nest(1);
        self.node(ExprKind::CompositeLit { ty: ty.map(Box::new), elts }, start)
    }

    pub(super) fn parse_primary_expr(&mut self, x: Option<Expr>) -> Expr {
        let mut x = match x {
            Some(x) => x,
            None => self.parse_operand(),
        };
        // go/parser counts each postfix step as a nesting level, held until return
        let mut n = 0;
        loop {
            n += 1;
            self.inc_nest();
            x = match self.tok {
                Tok::Period => self.parse_selector_or_type_assertion(x),
                Tok::LBrack => self.parse_index_or_slice_or_instance(x),
                Tok::LParen => self.parse_call_or_conversion(x),
                Tok::LBrace if self.is_literal_type(&x) => self.parse_composite_lit(x),
                _ => break,
            };
        }
        self.dec_nest(n);
        x
    }

    /// After `x.`: a selector, a type assertion, or (recovering) a selector
    /// with an empty name.
    #[inline(never)]
    fn parse_selector_or_type_assertion(&mut self, x: Expr) -> Expr {
        self.next();
        let (start, dot_end) = (x.span.start, self.prev_end);
        match self.tok {
            Tok::Ident => {
                let sel = self.parse_ident();
                self.node(ExprKind::Selector { base: Box::new(x), sel }, start)
            }
            Tok::LParen => self.parse_type_assertion(x),
            _ => {
                let pos = self.pos;
                self.error_expected(pos, "selector or type assertion");
                // go/parser keeps a '}' for the enclosing block
                if self.tok != Tok::RBrace {
                    self.next();
                }
                // the missing name is where completion will type it
                let sel = Ident { name: Name::default(), span: Span::new(dot_end, dot_end) };
                Expr::new(ExprKind::Selector { base: Box::new(x), sel }, Span::new(start, pos.max(dot_end)))
            }
        }
    }

    /// Whether `{` after `x` opens a composite literal rather than the block
    /// of a control clause (`expr_lev < 0`).
    fn is_literal_type(&self, x: &Expr) -> bool {
        match x.unparen().kind {
            ExprKind::Missing | ExprKind::Ident(_) | ExprKind::Selector { .. } | ExprKind::Index { .. } => {
                self.expr_lev >= 0
            }
            ExprKind::ArrayType { .. } | ExprKind::StructType { .. } | ExprKind::MapType { .. } => true,
            _ => false,
        }
    }

    #[inline(never)]
    fn parse_composite_lit(&mut self, x: Expr) -> Expr {
        if let ExprKind::Paren(_) = x.kind {
            let t = x.unparen().span;
            self.error_span(t, "cannot parenthesize type in composite literal");
        }
        self.parse_literal_value(Some(x))
    }

    fn parse_unary_expr(&mut self) -> Expr {
        self.inc_nest();
        let x = match self.tok {
            Tok::Add | Tok::Sub | Tok::Not | Tok::Xor | Tok::And | Tok::Tilde | Tok::Mul => self.parse_unary_op(),
            Tok::Arrow => self.parse_recv_or_chan_type(),
            _ => self.parse_primary_expr(None),
        };
        self.dec_nest(1);
        x
    }

    #[inline(never)]
    fn parse_unary_op(&mut self) -> Expr {
        let (pos, tok) = (self.pos, self.tok);
        self.next();
        let x = Box::new(self.parse_unary_expr());
        let op = match tok {
            // a pointer type or a dereference
            Tok::Mul => return self.node(ExprKind::Star(x), pos),
            Tok::Add => UnaryOp::Plus,
            Tok::Sub => UnaryOp::Neg,
            Tok::Not => UnaryOp::Not,
            Tok::Xor => UnaryOp::BitNot,
            Tok::And => UnaryOp::Addr,
            _ => UnaryOp::Tilde,
        };
        self.node(ExprKind::Unary { op, operand: x }, pos)
    }

    /// `<-x` receives, but `<-chan T` is a channel type.
    #[inline(never)]
    fn parse_recv_or_chan_type(&mut self) -> Expr {
        let pos = self.pos;
        self.next();
        let mut x = self.parse_unary_expr();
        if matches!(x.kind, ExprKind::ChanType { .. }) {
            // (<-type): re-associate the arrow with the channel type
            self.reassociate_recv(pos, &mut x);
            return x;
        }
        self.node(ExprKind::Unary { op: UnaryOp::Recv, operand: Box::new(x) }, pos)
    }

    /// `<- chan T` parsed as `<-(chan T)`: the arrow belongs to the channel
    /// type (and `<- chan<- T` becomes `<-chan (<-T)`), as in go/parser.
    #[inline(never)]
    fn reassociate_recv(&mut self, arrow: usize, x: &mut Expr) {
        let mut arrow = Some(arrow);
        let mut dir = ChanDir::Send;
        let mut typ = x;
        let mut errors = Vec::new();
        while dir == ChanDir::Send {
            let start = typ.span.start;
            let ExprKind::ChanType { dir: tdir, elem } = &mut typ.kind else { break };
            let this_arrow = match *tdir {
                ChanDir::Recv => {
                    // (<-type) is (<-(<-chan T))
                    errors.push((start, "'chan'"));
                    Some(start)
                }
                ChanDir::Send => Some(self.token_after(start + "chan".len())),
                ChanDir::Both => None,
            };
            typ.span.start = arrow.unwrap_or(start);
            arrow = this_arrow;
            dir = *tdir;
            *tdir = ChanDir::Recv;
            typ = elem;
        }
        for (pos, what) in errors {
            self.error_expected(pos, what);
        }
        if dir == ChanDir::Send {
            if let Some(arrow) = arrow {
                self.error_expected(arrow, "channel type");
            }
        }
    }

    /// The binary operator at the current token, if any (`=` on the right
    /// of an assignment reads as `==`, as go/parser's `tokPrec` does).
    fn binary_op_here(&self) -> Option<(Tok, BinaryOp)> {
        let tok = if self.in_rhs && self.tok == Tok::Assign { Tok::Eql } else { self.tok };
        binary_op(tok).map(|op| (tok, op))
    }

    pub(super) fn parse_binary_expr(&mut self, x: Option<Expr>, prec1: u8) -> Expr {
        let mut x = match x {
            Some(x) => x,
            None => self.parse_unary_expr(),
        };
        let mut n = 0;
        loop {
            n += 1;
            self.inc_nest();
            let Some((tok, op)) = self.binary_op_here().filter(|(_, op)| op.precedence() >= prec1) else {
                break;
            };
            let op_pos = self.expect(tok);
            let op_span = Span::new(op_pos, self.prev_end);
            let y = self.parse_binary_expr(None, op.precedence() + 1);
            x = self.binary_node(x, op, op_span, y);
        }
        self.dec_nest(n);
        x
    }

    fn binary_node(&self, x: Expr, op: BinaryOp, op_span: Span, y: Expr) -> Expr {
        let start = x.span.start;
        self.node(ExprKind::Binary { op, op_span, operands: Box::new([x, y]) }, start)
    }

    /// The result may be a type or even a raw type (`[...]int`).
    pub(super) fn parse_expr(&mut self) -> Expr {
        self.parse_binary_expr(None, 1)
    }

    pub(super) fn parse_rhs(&mut self) -> Expr {
        let old = std::mem::replace(&mut self.in_rhs, true);
        let x = self.parse_expr();
        self.in_rhs = old;
        x
    }
}

fn binary_op(tok: Tok) -> Option<BinaryOp> {
    Some(match tok {
        Tok::LOr => BinaryOp::LogOr,
        Tok::LAnd => BinaryOp::LogAnd,
        Tok::Eql => BinaryOp::Eq,
        Tok::Neq => BinaryOp::Ne,
        Tok::Lss => BinaryOp::Lt,
        Tok::Leq => BinaryOp::Le,
        Tok::Gtr => BinaryOp::Gt,
        Tok::Geq => BinaryOp::Ge,
        Tok::Add => BinaryOp::Add,
        Tok::Sub => BinaryOp::Sub,
        Tok::Or => BinaryOp::Or,
        Tok::Xor => BinaryOp::Xor,
        Tok::Mul => BinaryOp::Mul,
        Tok::Quo => BinaryOp::Div,
        Tok::Rem => BinaryOp::Rem,
        Tok::Shl => BinaryOp::Shl,
        Tok::Shr => BinaryOp::Shr,
        Tok::And => BinaryOp::And,
        Tok::AndNot => BinaryOp::AndNot,
        _ => return None,
    })
}
