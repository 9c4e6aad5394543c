//! Properties of the expression parser on generated input: it never panics,
//! every span lies inside the text, and what it accepts prints back as Go
//! source that parses to the same tree.

use dlvbridge::expr::ast::{Expr, ExprKind, Field, FuncSig};
use dlvbridge::expr::{Span, parse};
use proptest::prelude::*;

/// Go tokens and fragments, including broken ones.
const SOUP: &[&str] = &[
    "x",
    "y",
    "T",
    "_",
    "é",
    "0",
    "1",
    "0x1F",
    "0b",
    "1_",
    "1.5",
    ".5",
    "1e",
    "1i",
    "'a'",
    "'\\n'",
    "'",
    "\"s\"",
    "\"",
    "\"\\q\"",
    "`r`",
    "`",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ".",
    ",",
    ";",
    ":",
    "+",
    "-",
    "*",
    "/",
    "%",
    "&",
    "|",
    "^",
    "<<",
    ">>",
    "&^",
    "&&",
    "||",
    "<-",
    "++",
    "--",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "=",
    ":=",
    "!",
    "~",
    "...",
    "+=",
    "break",
    "case",
    "chan",
    "const",
    "default",
    "defer",
    "else",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "interface",
    "map",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
    "\n",
    "\t",
    "//c\n",
    "/*c*/",
    "/*\n*/",
    "/*",
    "@",
    "\u{FEFF}",
    "\0",
    "\u{201C}",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(SOUP), prop::bool::ANY), 0..24).prop_map(|parts| {
        let mut out = String::new();
        for (token, space) in parts {
            out.push_str(token);
            if space {
                out.push(' ');
            }
        }
        out
    })
}

/// Go expression source, mostly valid, in breakpoint-condition shapes.
fn go_expr() -> impl Strategy<Value = String> {
    let ident = prop::sample::select(vec!["x", "req", "u", "m", "items", "T", "pkg", "_", "ok", "len", "nil"]);
    let field = prop::sample::select(vec!["User", "Name", "ID", "Count", "curg"]);
    let literal = prop::sample::select(vec![
        "0", "42", "1_000", "0x1F", "0o7", "0b1", "017", "1.5", ".5", "1e9", "0x1p-2", "2i", "'a'", "'\\x41'",
        "\"bob\"", "\"\\t\"", "`raw`",
    ]);
    let ty = prop::sample::select(vec![
        "int",
        "[]byte",
        "[4]int",
        "[...]int",
        "map[string]int",
        "*T",
        "chan int",
        "<-chan int",
        "chan<- int",
        "func(int) bool",
        "func() (int, error)",
        "struct{ a int }",
        "interface{ M() }",
        "pkg.T",
        "G[int, string]",
    ]);
    let leaf = prop_oneof![ident.prop_map(String::from), literal.prop_map(String::from)];
    leaf.prop_recursive(4, 48, 4, move |inner| {
        let binop = prop::sample::select(vec![
            "||", "&&", "==", "!=", "<", "<=", ">", ">=", "+", "-", "|", "^", "*", "/", "%", "<<", ">>", "&", "&^",
        ]);
        let unop = prop::sample::select(vec!["-", "+", "!", "^", "&", "*", "<-"]);
        prop_oneof![
            (inner.clone(), binop, inner.clone()).prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            (unop, inner.clone()).prop_map(|(op, a)| format!("{op}{a}")),
            (inner.clone(), field.clone()).prop_map(|(a, f)| format!("{a}.{f}")),
            (inner.clone(), inner.clone()).prop_map(|(a, i)| format!("{a}[{i}]")),
            (inner.clone(), inner.clone()).prop_map(|(a, i)| format!("{a}[{i}:]")),
            (inner.clone(), prop::collection::vec(inner.clone(), 0..3))
                .prop_map(|(f, args)| format!("{f}({})", args.join(", "))),
            inner.clone().prop_map(|a| format!("({a})")),
            (ty.clone(), inner.clone()).prop_map(|(t, a)| format!("({t})({a})")),
            (inner.clone(), ty.clone()).prop_map(|(a, t)| format!("{a}.({t})")),
            (ty.clone(), prop::collection::vec(inner.clone(), 0..3))
                .prop_map(|(t, elts)| format!("{t}{{{}}}", elts.join(", "))),
            (inner.clone(), inner).prop_map(|(a, b)| format!("func(x int) bool {{ return {a} == {b} }}")),
            ty.clone().prop_map(String::from),
        ]
    })
}

fn fields(fields: &[Field], out: &mut Vec<Span>, kids: &mut Vec<Expr>) {
    for f in fields {
        out.extend(f.names.iter().map(|n| n.span));
        kids.push(f.ty.clone());
    }
}

fn sig(sig: &FuncSig, out: &mut Vec<Span>, kids: &mut Vec<Expr>) {
    fields(&sig.type_params, out, kids);
    fields(&sig.params, out, kids);
    fields(&sig.results, out, kids);
}

/// The direct sub-expressions of `e`, and the spans of names and bodies in it.
fn children(e: &Expr) -> (Vec<Expr>, Vec<Span>) {
    let mut kids: Vec<Expr> = Vec::new();
    let mut spans = Vec::new();
    let mut push = |xs: &[&Expr]| kids.extend(xs.iter().map(|x| (*x).clone()));
    match &e.kind {
        ExprKind::Missing | ExprKind::Ident(_) | ExprKind::BasicLit { .. } | ExprKind::Ellipsis(None) => {}
        ExprKind::CompositeLit { ty, elts } => {
            push(&ty.iter().map(|t| &**t).collect::<Vec<_>>());
            push(&elts.iter().collect::<Vec<_>>());
        }
        ExprKind::KeyValue { key, value } => push(&[key, value]),
        ExprKind::FuncLit { sig: s, body } => {
            spans.push(*body);
            sig(s, &mut spans, &mut kids);
        }
        ExprKind::Paren(x) | ExprKind::Star(x) | ExprKind::Ellipsis(Some(x)) => push(&[x]),
        ExprKind::Selector { base, sel } => {
            push(&[base]);
            spans.push(sel.span);
        }
        ExprKind::Index { base, indices } => {
            push(&[base]);
            push(&indices.iter().collect::<Vec<_>>());
        }
        ExprKind::Slice { base, low, high, max, .. } => {
            push(&[base]);
            push(&[low, high, max].into_iter().flatten().map(|x| &**x).collect::<Vec<_>>());
        }
        ExprKind::TypeAssert { base, ty } => {
            push(&[base]);
            push(&ty.iter().map(|t| &**t).collect::<Vec<_>>());
        }
        ExprKind::Call { fun, args, .. } => {
            push(&[fun]);
            push(&args.iter().collect::<Vec<_>>());
        }
        ExprKind::Unary { operand, .. } => push(&[operand]),
        ExprKind::Binary { operands, op_span, .. } => {
            push(&[&operands[0], &operands[1]]);
            spans.push(*op_span);
        }
        ExprKind::ArrayType { len, elem } => {
            push(&len.iter().map(|t| &**t).collect::<Vec<_>>());
            push(&[elem]);
        }
        ExprKind::StructType { fields: fs } | ExprKind::InterfaceType { elems: fs } => {
            fields(fs, &mut spans, &mut kids)
        }
        ExprKind::FuncType(s) => sig(s, &mut spans, &mut kids),
        ExprKind::MapType { key, value } => push(&[key, value]),
        ExprKind::ChanType { elem, .. } => push(&[elem]),
    }
    (kids, spans)
}

/// Every span lies in `0..=len`; in a tree without errors, inside its parent.
fn check_spans(e: &Expr, len: usize, nested: bool) -> Result<(), TestCaseError> {
    let mut stack = vec![e.clone()];
    while let Some(e) = stack.pop() {
        prop_assert!(e.span.start <= e.span.end && e.span.end <= len, "span {:?} outside 0..={len}", e.span);
        let (kids, spans) = children(&e);
        for span in spans.iter().chain(kids.iter().map(|k| &k.span)) {
            prop_assert!(span.start <= span.end && span.end <= len, "span {span:?} outside 0..={len}");
            if nested {
                prop_assert!(e.span.start <= span.start && span.end <= e.span.end, "{span:?} not in {:?}", e.span);
            }
        }
        stack.extend(kids);
    }
    Ok(())
}

fn check_text(text: &str) -> Result<(), TestCaseError> {
    let parse = parse(text);
    for d in &parse.diagnostics {
        prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "diagnostic span {:?}", d.span);
        prop_assert!(!d.message.is_empty());
    }
    check_spans(&parse.expr, text.len(), parse.diagnostics.is_empty())?;
    let _ = parse.expr.to_string();
    Ok(())
}

proptest! {
    // PROPTEST_CASES raises the count for long runs (scripts/fuzz).
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(2_000),
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_text_parses_without_panic(text in any::<String>()) {
        check_text(&text)?;
    }

    #[test]
    fn go_token_soup_parses_without_panic(text in soup()) {
        check_text(&text)?;
    }

    #[test]
    fn accepted_trees_print_back_to_themselves(text in prop_oneof![go_expr(), soup()]) {
        check_text(&text)?;
        let parse = parse(&text);
        if parse.diagnostics.is_empty() {
            let printed = parse.expr.to_go_source(&text);
            let again = dlvbridge::expr::parse(&printed);
            prop_assert!(again.diagnostics.is_empty(), "{printed:?} does not parse: {:?}", again.diagnostics);
            prop_assert_eq!(again.expr.to_sexpr(), parse.expr.to_sexpr(), "printed as {:?}", printed);
            // printing is stable once printed
            prop_assert_eq!(again.expr.to_go_source(&printed), printed);
        }
    }
}
