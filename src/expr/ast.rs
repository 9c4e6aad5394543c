//! The syntax tree of one Go expression, shaped like `go/ast` so that Delve's
//! evaluator (which walks `go/ast`) can be followed node for node.
//! Every node carries the byte span it covers in the source text.

use super::Span;

/// An identifier with its span (a selector's field name, a parameter name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
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
    Ident(String),
    /// A literal with its source text as written (`0x1F`, `'a'`, `"s"`, `` `raw` ``).
    BasicLit {
        kind: LitKind,
        raw: String,
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
    FuncLit {
        sig: FuncSig,
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
        lhs: Box<Expr>,
        rhs: Box<Expr>,
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
    FuncType(FuncSig),
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

    /// The expression with any parentheses around it removed.
    pub fn unparen(&self) -> &Expr {
        match &self.kind {
            ExprKind::Paren(inner) => inner.unparen(),
            _ => self,
        }
    }
}
