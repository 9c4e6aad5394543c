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

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;

    #[test]
    fn spans_join_measure_and_hold_offsets() {
        let spans = [Span::new(2, 5), Span::new(4, 4), Span::new(0, 1)];
        let mut out = Vec::new();
        for a in spans {
            let holds: Vec<usize> = (0..7).filter(|&i| a.contains(i)).collect();
            out.push(format!("{a:?}: len {}, empty {}, holds {holds:?}", a.len(), a.is_empty()));
            for b in spans {
                out.push(format!("  to {b:?}: {:?}", a.to(b)));
            }
        }
        expect![[r#"
            Span { start: 2, end: 5 }: len 3, empty false, holds [2, 3, 4, 5]
              to Span { start: 2, end: 5 }: Span { start: 2, end: 5 }
              to Span { start: 4, end: 4 }: Span { start: 2, end: 5 }
              to Span { start: 0, end: 1 }: Span { start: 0, end: 5 }
            Span { start: 4, end: 4 }: len 0, empty true, holds [4]
              to Span { start: 2, end: 5 }: Span { start: 2, end: 5 }
              to Span { start: 4, end: 4 }: Span { start: 4, end: 4 }
              to Span { start: 0, end: 1 }: Span { start: 0, end: 4 }
            Span { start: 0, end: 1 }: len 1, empty false, holds [0, 1]
              to Span { start: 2, end: 5 }: Span { start: 0, end: 5 }
              to Span { start: 4, end: 4 }: Span { start: 0, end: 4 }
              to Span { start: 0, end: 1 }: Span { start: 0, end: 1 }"#]]
        .assert_eq(&out.join("\n"));
    }

    #[test]
    fn diagnostics_print_with_their_severity_and_code() {
        let codes = [
            Code::Syntax,
            Code::Undefined,
            Code::NotYetDeclared,
            Code::NoMember,
            Code::CallNotAllowed,
            Code::TypeMismatch,
            Code::NotComparable,
            Code::BadConstant,
            Code::BadConversion,
            Code::Unsupported,
            Code::NotBoolean,
            Code::BadForm,
            Code::RuntimeHazard,
        ];
        let mut out = Vec::new();
        for (i, code) in codes.into_iter().enumerate() {
            let span = Span::new(i, i + 1);
            let d = if i % 2 == 0 { Diagnostic::error(code, span, "m") } else { Diagnostic::warning(code, span, "m") };
            out.push(format!("{d} (is_error {})", d.is_error()));
        }
        let fixed = Diagnostic::error(Code::Undefined, Span::new(0, 2), "undefined: `nn`").with_fix(Fix::replace(
            "did you mean `n`?",
            Span::new(0, 2),
            "n",
        ));
        out.push(format!("{fixed:?}"));
        expect![[r#"
            error[syntax] 0..1: m (is_error true)
            warning[undefined] 1..2: m (is_error false)
            error[not-yet-declared] 2..3: m (is_error true)
            warning[no-member] 3..4: m (is_error false)
            error[call-not-allowed] 4..5: m (is_error true)
            warning[type-mismatch] 5..6: m (is_error false)
            error[not-comparable] 6..7: m (is_error true)
            warning[bad-constant] 7..8: m (is_error false)
            error[bad-conversion] 8..9: m (is_error true)
            warning[unsupported] 9..10: m (is_error false)
            error[not-boolean] 10..11: m (is_error true)
            warning[bad-form] 11..12: m (is_error false)
            error[runtime-hazard] 12..13: m (is_error true)
            Diagnostic { severity: Error, code: Undefined, message: "undefined: `nn`", span: Span { start: 0, end: 2 }, fixes: [Fix { title: "did you mean `n`?", edits: [Edit { span: Span { start: 0, end: 2 }, text: "n" }] }] }"#]].assert_eq(&out.join("\n"));
    }
}
