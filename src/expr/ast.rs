//! The syntax tree of one Go expression, shaped like `go/ast` so that Delve's
//! evaluator (which walks `go/ast`) can be followed node for node.
//! Every node carries the byte span it covers in the source text.

use std::fmt;
use std::ops::Deref;

use super::Span;

/// The text of an identifier or a basic literal. Short texts (nearly all
/// of them) are kept inline, so a parse allocates nothing for its names;
/// longer ones are boxed. It reads as a `str`.
#[derive(Clone)]
pub struct Name(Repr);

/// Bytes a [`Name`] keeps inline (its size stays that of a `String`).
const INLINE: usize = 22;

#[derive(Clone)]
enum Repr {
    /// `bytes[..len]` is a whole `str` (copied from one).
    Inline {
        len: u8,
        bytes: [u8; INLINE],
    },
    Boxed(Box<str>),
}

impl Name {
    pub fn new(s: &str) -> Name {
        if s.len() <= INLINE {
            let mut bytes = [0; INLINE];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            Name(Repr::Inline { len: s.len() as u8, bytes })
        } else {
            Name(Repr::Boxed(s.into()))
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            // SAFETY: the bytes were copied whole from a `str` (`Name::new`)
            // and are never changed, so they are valid UTF-8.
            Repr::Inline { len, bytes } => unsafe { std::str::from_utf8_unchecked(&bytes[..usize::from(*len)]) },
            Repr::Boxed(s) => s,
        }
    }
}

impl Default for Name {
    fn default() -> Name {
        Name::new("")
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name::new(s)
    }
}

impl From<String> for Name {
    fn from(s: String) -> Name {
        Name::new(&s)
    }
}

impl From<Name> for String {
    fn from(n: Name) -> String {
        n.as_str().to_owned()
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Name {}

impl std::hash::Hash for Name {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_str().hash(h)
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == other.as_str()
    }
}

/// As a `String` prints: the trees' debug output does not change.
impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An identifier with its span (a selector's field name, a parameter name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: Name,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LitKind {
    Int,
    Float,
    Imag,
    Char,
    String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `+x`
    Plus,
    /// `-x`
    Neg,
    /// `!x`
    Not,
    /// `^x`
    BitNot,
    /// `&x`
    Addr,
    /// `<-x`
    Recv,
    /// `~T` (only in constraint position; go/parser accepts it as an expression)
    Tilde,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    LogOr,
    LogAnd,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Or,
    Xor,
    Mul,
    Div,
    Rem,
    Shl,
    Shr,
    And,
    AndNot,
}

impl BinaryOp {
    /// Go's precedence levels (5 binds tightest).
    pub fn precedence(self) -> u8 {
        use BinaryOp::*;
        match self {
            LogOr => 1,
            LogAnd => 2,
            Eq | Ne | Lt | Le | Gt | Ge => 3,
            Add | Sub | Or | Xor => 4,
            Mul | Div | Rem | Shl | Shr | And | AndNot => 5,
        }
    }

    pub fn is_comparison(self) -> bool {
        use BinaryOp::*;
        matches!(self, Eq | Ne | Lt | Le | Gt | Ge)
    }

    pub fn as_str(self) -> &'static str {
        use BinaryOp::*;
        match self {
            LogOr => "||",
            LogAnd => "&&",
            Eq => "==",
            Ne => "!=",
            Lt => "<",
            Le => "<=",
            Gt => ">",
            Ge => ">=",
            Add => "+",
            Sub => "-",
            Or => "|",
            Xor => "^",
            Mul => "*",
            Div => "/",
            Rem => "%",
            Shl => "<<",
            Shr => ">>",
            And => "&",
            AndNot => "&^",
        }
    }
}

impl UnaryOp {
    pub fn as_str(self) -> &'static str {
        match self {
            UnaryOp::Plus => "+",
            UnaryOp::Neg => "-",
            UnaryOp::Not => "!",
            UnaryOp::BitNot => "^",
            UnaryOp::Addr => "&",
            UnaryOp::Recv => "<-",
            UnaryOp::Tilde => "~",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChanDir {
    Both,
    Send,
    Recv,
}

/// A field of a struct type, a parameter or result of a func type, or an
/// element of an interface type (`names` empty for embedded fields, unnamed
/// parameters and interface embeddings / type-set terms).
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub names: Vec<Ident>,
    pub ty: Expr,
    /// Raw tag literal of a struct field, if any.
    pub tag: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FuncSig {
    pub type_params: Vec<Field>,
    pub params: Vec<Field>,
    pub results: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// Where the parser expected an expression and found none; a diagnostic
    /// explains why. Checking and completion treat it as "unknown".
    Missing,
    Ident(Name),
    /// A literal with its source text as written (`0x1F`, `'a'`, `"s"`, `` `raw` ``).
    BasicLit {
        kind: LitKind,
        raw: Name,
    },
    /// `T{...}`; `ty` is `None` for elided types inside an outer literal.
    CompositeLit {
        ty: Option<Box<Expr>>,
        elts: Vec<Expr>,
    },
    /// `key: value`, only inside composite literals.
    KeyValue {
        key: Box<Expr>,
        value: Box<Expr>,
    },
    /// `func(...) ... { ... }`; the body is kept only as a span.
    /// (Signatures are boxed, here and in `FuncType`, to keep every node
    /// small: conditions rarely have them.)
    FuncLit {
        sig: Box<FuncSig>,
        body: Span,
    },
    Paren(Box<Expr>),
    /// `base.sel`; `sel.name` is empty when the name is missing (`x.` while typing).
    Selector {
        base: Box<Expr>,
        sel: Ident,
    },
    /// `base[i]`, or `base[A, B]` for generic instantiation.
    Index {
        base: Box<Expr>,
        indices: Vec<Expr>,
    },
    /// `base[low:high]` or `base[low:high:max]` (`slice3`).
    Slice {
        base: Box<Expr>,
        low: Option<Box<Expr>>,
        high: Option<Box<Expr>>,
        max: Option<Box<Expr>>,
        slice3: bool,
    },
    /// `base.(T)`; `ty` is `None` for `base.(type)`.
    TypeAssert {
        base: Box<Expr>,
        ty: Option<Box<Expr>>,
    },
    /// `fun(args)`; `ellipsis` when the last argument is followed by `...`.
    Call {
        fun: Box<Expr>,
        args: Vec<Expr>,
        ellipsis: bool,
    },
    /// `*x`: a dereference, or a pointer type in type position.
    Star(Box<Expr>),
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        op_span: Span,
        /// The left and right operands, in one allocation.
        operands: Box<[Expr; 2]>,
    },
    /// `[N]T`, `[...]T` (len is `Ellipsis`) or `[]T` (len `None`).
    ArrayType {
        len: Option<Box<Expr>>,
        elem: Box<Expr>,
    },
    /// `...T` in a parameter list or `[...]` array length.
    Ellipsis(Option<Box<Expr>>),
    StructType {
        fields: Vec<Field>,
    },
    FuncType(Box<FuncSig>),
    InterfaceType {
        elems: Vec<Field>,
    },
    MapType {
        key: Box<Expr>,
        value: Box<Expr>,
    },
    ChanType {
        dir: ChanDir,
        elem: Box<Expr>,
    },
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }

    pub fn missing(at: usize) -> Expr {
        Expr { kind: ExprKind::Missing, span: Span::new(at, at) }
    }

    /// Whether this is a type literal other than a pointer type (`[]T`,
    /// `[n]T`, `struct{…}`, `func(…)`, `interface{…}`, `map[K]V`, `chan T`);
    /// `*T` parses as [`ExprKind::Star`].
    pub fn is_type_literal(&self) -> bool {
        matches!(
            self.kind,
            ExprKind::ArrayType { .. }
                | ExprKind::StructType { .. }
                | ExprKind::FuncType(_)
                | ExprKind::InterfaceType { .. }
                | ExprKind::MapType { .. }
                | ExprKind::ChanType { .. }
        )
    }

    /// The expression with any parentheses around it removed.
    pub fn unparen(&self) -> &Expr {
        match &self.kind {
            ExprKind::Paren(inner) => inner.unparen(),
            _ => self,
        }
    }
}

// ---------------------------------------------------------------------------
// Printing: Go source, and a compact S-expression for tests and logs.

/// Go source for the tree. A func literal's body, which the tree keeps only
/// as a span, prints as `{…}`; [`Expr::to_go_source`] copies it instead.
impl std::fmt::Display for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut w = GoWriter { out: String::new(), text: None, paren_results: false };
        w.expr(self);
        f.write_str(&w.out)
    }
}

impl Expr {
    /// Go source for the tree, with func literal bodies copied from `text`,
    /// the source the tree was parsed from. Parentheses come only from
    /// `Paren` nodes, so parsing the result of a parsed tree gives that tree.
    pub fn to_go_source(&self, text: &str) -> String {
        let mut w = GoWriter { out: String::new(), text: Some(text), paren_results: false };
        w.expr(self);
        w.out
    }

    /// The tree as a one-line S-expression without spans, operators first:
    /// `(&& (!= req nil) (. req User))`; `?` marks what is missing.
    pub fn to_sexpr(&self) -> String {
        let mut out = String::new();
        sexpr(self, &mut out);
        out
    }
}

struct GoWriter<'a> {
    out: String,
    text: Option<&'a str>,
    /// Print func results as `(T)`, not `T`: set under a postfix operator,
    /// which a bare result type at the end of its operand would take.
    paren_results: bool,
}

impl GoWriter<'_> {
    fn list(&mut self, xs: &[Expr]) {
        for (i, x) in xs.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.expr(x);
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Missing => {}
            ExprKind::Ident(name) => self.out.push_str(name),
            ExprKind::BasicLit { raw, .. } => self.out.push_str(raw),
            ExprKind::CompositeLit { ty, elts } => {
                if let Some(ty) = ty {
                    self.expr(ty);
                }
                self.out.push('{');
                self.list(elts);
                self.out.push('}');
            }
            ExprKind::KeyValue { key, value } => {
                self.expr(key);
                self.out.push_str(": ");
                self.expr(value);
            }
            ExprKind::FuncLit { sig, body } => {
                self.out.push_str("func");
                self.sig(sig);
                self.out.push(' ');
                match self.text.and_then(|text| text.get(body.start..body.end)) {
                    Some(body) => self.out.push_str(body),
                    None => self.out.push_str("{…}"),
                }
            }
            ExprKind::Paren(x) => {
                self.out.push('(');
                self.expr(x);
                self.out.push(')');
            }
            ExprKind::Selector { base, sel } => {
                self.postfix_base(base);
                self.out.push('.');
                self.out.push_str(&sel.name);
            }
            ExprKind::Index { base, indices } => {
                self.postfix_base(base);
                self.out.push('[');
                self.list(indices);
                self.out.push(']');
            }
            ExprKind::Slice { base, low, high, max, slice3 } => {
                self.postfix_base(base);
                self.out.push('[');
                for (i, x) in [low, high, max].into_iter().enumerate() {
                    if i == 1 || i == 2 && *slice3 {
                        self.out.push(':');
                    }
                    if let Some(x) = x {
                        self.expr(x);
                    }
                }
                self.out.push(']');
            }
            ExprKind::TypeAssert { base, ty } => {
                self.postfix_base(base);
                self.out.push_str(".(");
                match ty {
                    Some(ty) => self.expr(ty),
                    None => self.out.push_str("type"),
                }
                self.out.push(')');
            }
            ExprKind::Call { fun, args, ellipsis } => {
                self.postfix_base(fun);
                self.out.push('(');
                self.list(args);
                if *ellipsis {
                    // `1...` would scan as the float `1.` and a '.'
                    if args.last().is_some_and(ends_with_int) {
                        self.out.push(' ');
                    }
                    self.out.push_str("...");
                }
                self.out.push(')');
            }
            ExprKind::Star(x) => {
                self.out.push('*');
                self.expr(x);
            }
            ExprKind::Unary { op, operand } => {
                self.out.push_str(op.as_str());
                let at = self.out.len();
                self.expr(operand);
                // `- -x`, not the token `--`; `& &x`, `& ^x`, not `&&`, `&^`
                let next = self.out[at..].chars().next();
                let glued = matches!(
                    (op, next),
                    (UnaryOp::Neg, Some('-')) | (UnaryOp::Plus, Some('+')) | (UnaryOp::Addr, Some('&' | '^'))
                );
                if glued {
                    self.out.insert(at, ' ');
                }
            }
            ExprKind::Binary { op, operands, .. } => {
                let [lhs, rhs] = &**operands;
                self.expr(lhs);
                self.out.push(' ');
                self.out.push_str(op.as_str());
                self.out.push(' ');
                self.expr(rhs);
            }
            ExprKind::ArrayType { len, elem } => {
                self.out.push('[');
                if let Some(len) = len {
                    self.expr(len);
                }
                self.out.push(']');
                self.expr(elem);
            }
            ExprKind::Ellipsis(elem) => {
                self.out.push_str("...");
                if let Some(elem) = elem {
                    self.expr(elem);
                }
            }
            ExprKind::StructType { fields } => {
                self.out.push_str("struct{");
                for (i, field) in fields.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str("; ");
                    }
                    self.field(field);
                    if let Some(tag) = &field.tag {
                        self.out.push(' ');
                        self.out.push_str(tag);
                    }
                }
                self.out.push('}');
            }
            ExprKind::FuncType(sig) => {
                self.out.push_str("func");
                self.sig(sig);
            }
            ExprKind::InterfaceType { elems } => {
                self.out.push_str("interface{");
                for (i, elem) in elems.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str("; ");
                    }
                    match (&elem.names[..], &elem.ty.kind) {
                        ([name], ExprKind::FuncType(sig)) => {
                            self.out.push_str(&name.name);
                            self.sig(sig);
                        }
                        _ => self.field(elem),
                    }
                }
                self.out.push('}');
            }
            ExprKind::MapType { key, value } => {
                self.out.push_str("map[");
                self.expr(key);
                self.out.push(']');
                self.expr(value);
            }
            ExprKind::ChanType { dir, elem } => {
                self.out.push_str(match dir {
                    ChanDir::Both => "chan ",
                    ChanDir::Send => "chan<- ",
                    ChanDir::Recv => "<-chan ",
                });
                self.expr(elem);
            }
        }
    }

    /// The operand of `.x`, `[i]`, `(args)` or `.(T)`.
    fn postfix_base(&mut self, base: &Expr) {
        // `1 .x`, because `1.x` scans as the float `1.` and `x`
        if let ExprKind::BasicLit { kind: LitKind::Int, raw } = &base.kind {
            self.out.push_str(raw);
            self.out.push(' ');
            return;
        }
        // `[]func() (T)[i]`: a bare result type would take the index
        let outer = std::mem::replace(&mut self.paren_results, true);
        self.expr(base);
        self.paren_results = outer;
    }

    fn field(&mut self, field: &Field) {
        for (i, name) in field.names.iter().enumerate() {
            self.out.push_str(if i > 0 { ", " } else { "" });
            self.out.push_str(&name.name);
        }
        if !field.names.is_empty() {
            self.out.push(' ');
        }
        self.expr(&field.ty);
    }

    fn fields(&mut self, fields: &[Field]) {
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.field(field);
        }
    }

    fn sig(&mut self, sig: &FuncSig) {
        let parenthesize_results = self.paren_results;
        if !sig.type_params.is_empty() {
            self.out.push('[');
            self.fields(&sig.type_params);
            self.out.push(']');
        }
        self.out.push('(');
        self.fields(&sig.params);
        self.out.push(')');
        match &sig.results[..] {
            [] if parenthesize_results => self.out.push_str(" ()"),
            [] => {}
            // `func() (T)`: a lone parenthesized or instantiated type keeps the
            // list's parentheses, which parse it as the list would
            [single]
                if !parenthesize_results
                    && single.names.is_empty()
                    && !matches!(single.ty.kind, ExprKind::Paren(_) | ExprKind::Index { .. }) =>
            {
                self.out.push(' ');
                self.expr(&single.ty);
            }
            results => {
                self.out.push_str(" (");
                self.fields(results);
                self.out.push(')');
            }
        }
    }
}

/// Whether the last token of `e` as printed is an integer literal.
fn ends_with_int(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::BasicLit { kind, .. } => *kind == LitKind::Int,
        ExprKind::Binary { operands, .. } => ends_with_int(&operands[1]),
        ExprKind::Unary { operand: x, .. } | ExprKind::Star(x) | ExprKind::KeyValue { value: x, .. } => {
            ends_with_int(x)
        }
        _ => false,
    }
}

fn sexpr(e: &Expr, out: &mut String) {
    let node = |head: &str, out: &mut String, kids: &mut dyn FnMut(&mut String)| {
        out.push('(');
        out.push_str(head);
        kids(out);
        out.push(')');
    };
    let opt = |x: &Option<Box<Expr>>, out: &mut String| {
        out.push(' ');
        match x {
            Some(x) => sexpr(x, out),
            None => out.push('-'),
        }
    };
    let each = |xs: &[Expr], out: &mut String| {
        for x in xs {
            out.push(' ');
            sexpr(x, out);
        }
    };
    match &e.kind {
        ExprKind::Missing => out.push('?'),
        ExprKind::Ident(name) => out.push_str(if name.is_empty() { "?" } else { name }),
        ExprKind::BasicLit { raw, .. } => out.push_str(raw),
        ExprKind::CompositeLit { ty, elts } => node("complit", out, &mut |out| {
            opt(ty, out);
            each(elts, out);
        }),
        ExprKind::KeyValue { key, value } => node("kv", out, &mut |out| each_ref(&[key, value], out)),
        ExprKind::FuncLit { sig, .. } => node("funclit", out, &mut |out| sexpr_sig(sig, out)),
        ExprKind::Paren(x) => node("paren", out, &mut |out| each_ref(&[x], out)),
        ExprKind::Selector { base, sel } => node(".", out, &mut |out| {
            each_ref(&[base], out);
            out.push(' ');
            out.push_str(if sel.name.is_empty() { "?" } else { &sel.name });
        }),
        ExprKind::Index { base, indices } => node("index", out, &mut |out| {
            each_ref(&[base], out);
            each(indices, out);
        }),
        ExprKind::Slice { base, low, high, max, slice3 } => {
            node(if *slice3 { "slice3" } else { "slice" }, out, &mut |out| {
                each_ref(&[base], out);
                opt(low, out);
                opt(high, out);
                if *slice3 {
                    opt(max, out);
                }
            })
        }
        ExprKind::TypeAssert { base, ty } => node("assert", out, &mut |out| {
            each_ref(&[base], out);
            match ty {
                Some(ty) => each_ref(&[ty], out),
                None => out.push_str(" type"),
            }
        }),
        ExprKind::Call { fun, args, ellipsis } => node("call", out, &mut |out| {
            each_ref(&[fun], out);
            each(args, out);
            if *ellipsis {
                out.push_str(" ...");
            }
        }),
        ExprKind::Star(x) => node("*", out, &mut |out| each_ref(&[x], out)),
        ExprKind::Unary { op, operand } => node(op.as_str(), out, &mut |out| each_ref(&[operand], out)),
        ExprKind::Binary { op, operands, .. } => {
            node(op.as_str(), out, &mut |out| each_ref(&[&operands[0], &operands[1]], out))
        }
        ExprKind::ArrayType { len, elem } => {
            out.push_str("([");
            if let Some(len) = len {
                match len.kind {
                    ExprKind::Ellipsis(None) => out.push_str("..."),
                    _ => sexpr(len, out),
                }
            }
            out.push(']');
            each_ref(&[elem], out);
            out.push(')');
        }
        ExprKind::Ellipsis(elem) => match elem {
            Some(elem) => node("...", out, &mut |out| each_ref(&[elem], out)),
            None => out.push_str("..."),
        },
        ExprKind::StructType { fields } => node("struct", out, &mut |out| sexpr_fields(fields, out)),
        ExprKind::FuncType(sig) => node("func", out, &mut |out| sexpr_sig(sig, out)),
        ExprKind::InterfaceType { elems } => node("interface", out, &mut |out| sexpr_fields(elems, out)),
        ExprKind::MapType { key, value } => node("map", out, &mut |out| each_ref(&[key, value], out)),
        ExprKind::ChanType { dir, elem } => {
            let head = match dir {
                ChanDir::Both => "chan",
                ChanDir::Send => "chan<-",
                ChanDir::Recv => "<-chan",
            };
            node(head, out, &mut |out| each_ref(&[elem], out))
        }
    }
}

fn each_ref(xs: &[&Expr], out: &mut String) {
    for x in xs {
        out.push(' ');
        sexpr(x, out);
    }
}

/// Fields as `(a b: T "tag")`; an unnamed, untagged one as just its type.
fn sexpr_fields(fields: &[Field], out: &mut String) {
    for field in fields {
        out.push(' ');
        if field.names.is_empty() && field.tag.is_none() {
            sexpr(&field.ty, out);
            continue;
        }
        out.push('(');
        for (i, name) in field.names.iter().enumerate() {
            out.push_str(if i > 0 { " " } else { "" });
            out.push_str(if name.name.is_empty() { "?" } else { &name.name });
        }
        out.push_str(": ");
        sexpr(&field.ty, out);
        if let Some(tag) = &field.tag {
            out.push(' ');
            out.push_str(tag);
        }
        out.push(')');
    }
}

fn sexpr_sig(sig: &FuncSig, out: &mut String) {
    if !sig.type_params.is_empty() {
        out.push_str(" (tparams");
        sexpr_fields(&sig.type_params, out);
        out.push(')');
    }
    out.push_str(" (params");
    sexpr_fields(&sig.params, out);
    out.push(')');
    if !sig.results.is_empty() {
        out.push_str(" (results");
        sexpr_fields(&sig.results, out);
        out.push(')');
    }
}

#[cfg(test)]
mod tests {
    use super::Name;

    /// A name reads, compares, orders, hashes and prints as the text it was
    /// made from, on either side of the inline limit and in any script.
    #[test]
    fn names_are_their_text_inline_or_boxed() {
        use std::hash::{BuildHasher, RandomState};
        let texts = [
            "",
            "x",
            "req",
            "abcdefghijklmnopqrstuv",  // 22 bytes: inline
            "abcdefghijklmnopqrstuvw", // 23: boxed
            "aaaaaaaaaaaaaaaaaaaaé",   // 22 bytes, ends in a two-byte character
            "aaaaaaaaaaaaaaaaaaaaaé",  // 23
            "naïve",
            "\"a \\\"quoted\\\" string with a tab\\t\"", // a literal as written
            "Ω",
        ];
        let hasher = RandomState::new();
        for (i, a) in texts.iter().enumerate() {
            let n = Name::new(a);
            assert_eq!(n.as_str(), *a);
            assert_eq!(&*n, *a);
            assert_eq!(format!("{n:?}"), format!("{:?}", a.to_string()));
            assert_eq!(n.to_string(), *a);
            assert_eq!(String::from(n.clone()), *a);
            assert_eq!(Name::from(a.to_string()), n);
            let owned = a.to_string();
            assert!(<Name as PartialEq<str>>::eq(&n, a));
            assert!(<str as PartialEq<Name>>::eq(a, &n));
            assert!(n == owned);
            assert_eq!(hasher.hash_one(&n), hasher.hash_one(*a));
            for b in &texts[..i] {
                let m = Name::new(b);
                assert_ne!(m, n);
                assert_eq!(m.cmp(&n), b.cmp(a), "{b:?} {a:?}");
            }
        }
        assert_eq!(Name::default(), "");
    }
}
