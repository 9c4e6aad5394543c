use std::fmt;

/// A half-open byte range `[start, end)` into the expression text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// What kind of problem a diagnostic reports; stable strings in `--json` output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// The text is not a Go expression (what `go/parser.ParseExpr` rejects).
    Syntax,
    /// A name Delve cannot find at this line.
    Undefined,
    /// A variable that exists in the function but is not visible at this line.
    NotYetDeclared,
    /// `x.f` where `x` has no field or method `f`.
    NoMember,
    /// Calls need Delve's `call` command; conditions cannot make them.
    CallNotAllowed,
    /// Operand types that do not fit the operator.
    TypeMismatch,
    /// Values of this type cannot be compared.
    NotComparable,
    /// A constant that does not fit or convert.
    BadConstant,
    /// A conversion Delve does not perform.
    BadConversion,
    /// Syntax that Go allows but Delve does not evaluate.
    Unsupported,
    /// A condition must be boolean.
    NotBoolean,
    /// A hit condition or log message that is not in Delve's form.
    BadForm,
    /// A value that may fail to load at run time (missing map key, nil, range).
    RuntimeHazard,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "syntax",
            Code::Undefined => "undefined",
            Code::NotYetDeclared => "not-yet-declared",
            Code::NoMember => "no-member",
            Code::CallNotAllowed => "call-not-allowed",
            Code::TypeMismatch => "type-mismatch",
            Code::NotComparable => "not-comparable",
            Code::BadConstant => "bad-constant",
            Code::BadConversion => "bad-conversion",
            Code::Unsupported => "unsupported",
            Code::NotBoolean => "not-boolean",
            Code::BadForm => "bad-form",
            Code::RuntimeHazard => "runtime-hazard",
        }
    }
}

/// A text replacement in the expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub text: String,
}

/// A quick fix: "did you mean `user`?", "guard with `m != nil && …`".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix of one edit: `text` in place of `span` (an empty span inserts).
    pub fn replace(title: impl Into<String>, span: Span, text: impl Into<String>) -> Fix {
        Fix { title: title.into(), edits: vec![Edit { span, text: text.into() }] }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub span: Span,
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    pub fn error(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Error, code, message: message.into(), span, fixes: Vec::new() }
    }

    pub fn warning(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, code, message: message.into(), span, fixes: Vec::new() }
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fixes.push(fix);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}] {}..{}: {}",
            self.severity.as_str(),
            self.code.as_str(),
            self.span.start,
            self.span.end,
            self.message
        )
    }
}
