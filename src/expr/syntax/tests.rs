//! One line per case: the input, the tree as an S-expression, then each
//! diagnostic as `| start..end: message`. `UPDATE_EXPECT=1 cargo test`
//! rewrites the expectations.

use expect_test::{Expect, expect};

fn check(input: &str, expect: Expect) {
    let parse = super::parse_expr(input);
    let mut out = parse.expr.to_sexpr();
    for d in &parse.diagnostics {
        out.push_str(&format!(" | {}..{}: {}", d.span.start, d.span.end, d.message));
    }
    expect.assert_eq(&out);
}

#[test]
fn conditions() {
    check("req != nil && req.User.Name == \"bob\"", expect![[r#"(&& (!= req nil) (== (. (. req User) Name) "bob"))"#]]);
    check("len(items) > 3 || !ok", expect!["(|| (> (call len items) 3) (! ok))"]);
    check("a || b && c", expect!["(|| a (&& b c))"]);
    check("a && b || c", expect!["(|| (&& a b) c)"]);
    check("a + b * c - d", expect!["(- (+ a (* b c)) d)"]);
    check("a == b == c", expect!["(== (== a b) c)"]);
    check("x &^ y << 2", expect!["(<< (&^ x y) 2)"]);
    check("-x.y", expect!["(- (. x y))"]);
    check("*p.q", expect!["(* (. p q))"]);
    check("&T{}", expect!["(& (complit T))"]);
    check("<-ch", expect!["(<- ch)"]);
    check("^x + +y", expect!["(+ (^ x) (+ y))"]);
    check("delve.bphitcount[1] > 2", expect!["(> (index (. delve bphitcount) 1) 2)"]);
    check("runtime.frame(1).name", expect!["(. (call (. runtime frame) 1) name)"]);
    check("m[\"k\"] == v", expect![[r#"(== (index m "k") v)"#]]);
    check("s[1:]", expect!["(slice s 1 -)"]);
    check("s[:n]", expect!["(slice s - n)"]);
    check("s[:]", expect!["(slice s - -)"]);
    check("s[1:2:3]", expect!["(slice3 s 1 2 3)"]);
    check("f(a, b...)", expect!["(call f a b ...)"]);
    check("f(\n\ta,\n)", expect!["(call f a)"]);
    check("(x)", expect!["(paren x)"]);
}

#[test]
fn literals() {
    check("1_000 + 0x1F + 0o17 + 0b1 + 017", expect!["(+ (+ (+ (+ 1_000 0x1F) 0o17) 0b1) 017)"]);
    check("1.5 + .5 + 1. + 1e9 + 0x1p-2", expect!["(+ (+ (+ (+ 1.5 .5) 1.) 1e9) 0x1p-2)"]);
    check("1i + 2.5i + 0x1p2i + 017i", expect!["(+ (+ (+ 1i 2.5i) 0x1p2i) 017i)"]);
    check(
        "'a' + '\\n' + '\\x41' + '\\u00e9' + '\\U0001F600' + '\\''",
        expect![[r#"(+ (+ (+ (+ (+ 'a' '\n') '\x41') '\u00e9') '\U0001F600') '\'')"#]],
    );
    check("\"a\\tb\\\"\" + `raw\\n`", expect![[r#"(+ "a\tb\"" `raw\n`)"#]]);
    check("\"é\" + '世'", expect![[r#"(+ "é" '世')"#]]);
    check("名前.フィールド", expect!["(. 名前 フィールド)"]);
}

#[test]
fn conversions_and_assertions() {
    check("int64(x)", expect!["(call int64 x)"]);
    check("[]byte(s)", expect!["(call ([] byte) s)"]);
    check("*(*T)(0xc000010000)", expect!["(* (call (paren (* T)) 0xc000010000))"]);
    check("(*T)(p)", expect!["(call (paren (* T)) p)"]);
    check("main.Money(5)", expect!["(call (. main Money) 5)"]);
    check("(\"main.T[int]\")(x)", expect![[r#"(call (paren "main.T[int]") x)"#]]);
    check("x.(T)", expect!["(assert x T)"]);
    check("x.(*pkg.T)", expect!["(assert x (* (. pkg T)))"]);
    check("x.(data)", expect!["(assert x data)"]);
    check("x.(type)", expect!["(assert x type)"]);
    check("<-chan int(nil)", expect!["(<- (call (chan int) nil))"]);
}

#[test]
fn types() {
    check("[]int", expect!["([] int)"]);
    check("[4]int", expect!["([4] int)"]);
    check("[...]int", expect!["([...] int)"]);
    check("map[string][]*T", expect!["(map string ([] (* T)))"]);
    check("chan int", expect!["(chan int)"]);
    check("chan<- int", expect!["(chan<- int)"]);
    check("<-chan int", expect!["(<-chan int)"]);
    check("<-chan <-chan int", expect!["(<-chan (<-chan int))"]);
    check("chan (<-chan int)", expect!["(chan (paren (<-chan int)))"]);
    check(
        "func(a, b int, c ...string) (n int, err error)",
        expect!["(func (params (a b: int) (c: (... string))) (results (n: int) (err: error)))"],
    );
    check("func(int, string) error", expect!["(func (params int string) (results error))"]);
    check("func() func() int", expect!["(func (params) (results (func (params) (results int))))"]);
    check(
        "struct{ a, b int; c string `json:\"c\"`; *T; pkg.U; V[int] }",
        expect![[r#"(struct (a b: int) (c: string `json:"c"`) (* T) (. pkg U) (index V int))"#]],
    );
    check(
        "interface{ M(int) string; ~int | string; fmt.Stringer }",
        expect!["(interface (M: (func (params int) (results string))) (| (~ int) string) (. fmt Stringer))"],
    );
    check("F[int, string]", expect!["(index F int string)"]);
    check("pkg.List[T]{}", expect!["(complit (index (. pkg List) T))"]);
    check("~int", expect!["(~ int)"]);
}

#[test]
fn composite_and_func_literals() {
    check("T{}", expect!["(complit T)"]);
    check("T{1, 2}", expect!["(complit T 1 2)"]);
    check("pkg.T{A: 1, B: {2}}", expect!["(complit (. pkg T) (kv A 1) (kv B (complit - 2)))"]);
    check("[]int{1, 2, 3}[1]", expect!["(index (complit ([] int) 1 2 3) 1)"]);
    check("[...]string{\"a\"}", expect![[r#"(complit ([...] string) "a")"#]]);
    check("map[string]int{\"a\": 1}", expect![[r#"(complit (map string int) (kv "a" 1))"#]]);
    check("[][]int{{1}, {2, 3}}", expect!["(complit ([] ([] int)) (complit - 1) (complit - 2 3))"]);
    check("struct{ a int }{1}", expect!["(complit (struct (a: int)) 1)"]);
    check("T{\n\t1,\n}", expect!["(complit T 1)"]);
    check("func() {}", expect!["(funclit (params))"]);
    check("func(x int) bool { return x > 0 }(3)", expect!["(call (funclit (params (x: int)) (results bool)) 3)"]);
    check("func() { for i := range 10 { if i > 2 { break } } }", expect!["(funclit (params))"]);
    check("func() { switch v := x.(type) { case int: _ = v } }", expect!["(funclit (params))"]);
    check("func() { type L[P any] []P; var _ L[int] }", expect!["(funclit (params))"]);
}

#[test]
fn semicolons_and_comments() {
    check("x\n", expect!["x"]);
    check("x\n\n\n", expect!["x"]);
    check("x // comment", expect!["x"]);
    check("/* lead */ x /* trail */", expect!["x"]);
    check("x /*\n*/", expect!["x"]);
    check("\u{FEFF}x", expect!["x"]);
    check("x;", expect!["x | 1..2: expected 'EOF', found ';'"]);
    check("x\n;", expect!["x | 2..3: expected 'EOF', found ';'"]);
    check("x\ny", expect!["x | 2..3: expected 'EOF', found y"]);
    check("a &&\nb", expect!["(&& a b)"]);
    check("a\n&& b", expect!["a | 2..4: expected 'EOF', found '&&'"]);
}

#[test]
fn lexical_errors() {
    check("x @ y", expect!["x | 2..3: illegal character U+0040 '@'"]);
    check(
        "\u{201C}bob\u{201D}",
        expect![[
            r#"? | 0..3: curly quotation mark '“' (use neutral '"') | 6..9: curly quotation mark '”' (use neutral '"')"#
        ]],
    );
    check("x\u{FEFF}", expect!["x | 1..4: illegal byte order mark"]);
    check("x\0", expect!["x | 1..2: illegal character NUL | 1..2: illegal character U+0000"]);
    check("\"abc", expect![[r#""abc | 0..4: string literal not terminated"#]]);
    check("`abc", expect!["`abc | 0..4: raw string literal not terminated"]);
    check("'ab'", expect!["'ab' | 0..4: illegal rune literal"]);
    check("''", expect!["'' | 0..2: illegal rune literal"]);
    check("'a", expect!["'a | 0..2: rune literal not terminated"]);
    check("x /* abc", expect!["x | 2..8: comment not terminated"]);
    check("\"\\q\"", expect![[r#""\q" | 2..3: unknown escape sequence"#]]);
    check("\"\\x4\"", expect![[r#""\x4" | 4..5: illegal character U+0022 '"' in escape sequence"#]]);
    check("'\\400'", expect![[r#"'\400' | 2..5: escape sequence is invalid Unicode code point"#]]);
    check("'\\uD800'", expect![[r#"'\uD800' | 2..7: escape sequence is invalid Unicode code point"#]]);
    check("0x", expect!["0x | 2..2: hexadecimal literal has no digits"]);
    check("09", expect!["09 | 1..2: invalid digit '9' in octal literal"]);
    check("0b12", expect!["0b12 | 3..4: invalid digit '2' in binary literal"]);
    check("1__0", expect!["1__0 | 2..3: '_' must separate successive digits"]);
    check("0x1.5", expect!["0x1.5 | 5..5: hexadecimal mantissa requires a 'p' exponent"]);
    check("1e", expect!["1e | 2..2: exponent has no digits"]);
    check("x /*line f.go:bad*/", expect!["x | 14..17: invalid line number: bad"]);
}

#[test]
fn syntax_errors() {
    check("", expect!["? | 0..0: expected operand, found 'EOF'"]);
    check(")", expect!["? | 0..1: expected operand, found ')'"]);
    check("f(x))", expect!["(call f x) | 4..5: expected 'EOF', found ')'"]);
    check("x y", expect!["x | 2..3: expected 'EOF', found y"]);
    check("a = b", expect!["(== a b) | 2..3: expected '==', found '='"]);
    check("a++", expect!["a | 1..3: expected 'EOF', found '++'"]);
    check("x := 1", expect!["x | 2..4: expected 'EOF', found ':='"]);
    check("(T){}", expect!["(complit (paren T)) | 1..2: cannot parenthesize type in composite literal"]);
    check("interface{}{}", expect!["(interface) | 11..12: expected 'EOF', found '{'"]);
    check("a[]", expect!["(index a ?) | 2..3: expected operand, found ']'"]);
    check("a[1::3]", expect!["(slice3 a 1 ? 3) | 3..4: middle index required in 3-index slice"]);
    check("a[1:2:]", expect!["(slice3 a 1 2 ?) | 5..6: final index required in 3-index slice"]);
    check("f(a..., b)", expect!["(call f a ...) | 8..9: expected ')', found b"]);
    check("F[]", expect!["(index F ?) | 2..3: expected operand, found ']'"]);
    check(
        "func[T any]() {}",
        expect!["(funclit (tparams (T: any)) (params)) | 4..11: function type must have no type parameters"],
    );
    check("func(a int, b) {}", expect!["(funclit (params (a: int) (b: ?))) | 13..14: missing parameter type"]);
    check("struct{ (T) }", expect!["(struct T) | 8..9: cannot parenthesize embedded type"]);
    check("<-chan<- int", expect!["(<-chan int) | 6..6: expected channel type"]);
    check(
        "func() { if x := 1 {} }",
        expect![
            "(funclit (params)) | 12..12: expected boolean expression, found assignment (missing parentheses around composite literal?)"
        ],
    );
    check("func() { go f }", expect!["(funclit (params)) | 13..13: expression in go must be function call"]);
    check("func() { x.y: z }", expect!["(funclit (params)) | 12..13: illegal label declaration"]);
    check("func() {", expect!["(funclit (params)) | 8..8: expected '}', found 'EOF'"]);
}

#[test]
fn recovery_for_completion() {
    check("u.", expect!["(. u ?) | 2..2: expected selector or type assertion, found 'EOF'"]);
    check("a.b.", expect!["(. (. a b) ?) | 4..4: expected selector or type assertion, found 'EOF'"]);
    check("u. && ok", expect!["(. u ?) | 3..5: expected selector or type assertion, found '&&'"]);
    check("a && ", expect!["(&& a ?) | 5..5: expected operand, found 'EOF'"]);
    check("a == ", expect!["(== a ?) | 5..5: expected operand, found 'EOF'"]);
    check("m[", expect!["(index m ?) | 2..2: expected operand, found 'EOF'"]);
    check("m[k", expect!["(index m k) | 3..3: expected ']', found newline"]);
    check("len(x", expect!["(call len x) | 5..5: missing ',' before newline in argument list"]);
    check("len(", expect!["(call len) | 4..4: expected ')', found 'EOF'"]);
    check("f(a, ", expect!["(call f a) | 5..5: expected ')', found 'EOF'"]);
    check("(a", expect!["(paren a) | 2..2: expected ')', found newline"]);
    check("x.(", expect!["(assert x ?) | 3..3: expected type, found 'EOF'"]);
    check("!", expect!["(! ?) | 1..1: expected operand, found 'EOF'"]);
    check("T{A: ", expect!["(complit T (kv A ?)) | 5..5: expected operand, found 'EOF'"]);
}

#[test]
fn recovery_spans_mark_the_gap() {
    use crate::expr::Span;
    use crate::expr::ast::ExprKind;
    let tree = |text: &str| super::parse_expr(text).expr;
    let sel = |text: &str| match tree(text).kind {
        ExprKind::Selector { sel, .. } => (String::from(sel.name), sel.span),
        other => panic!("{other:?}"),
    };
    assert_eq!(sel("u."), (String::new(), Span::new(2, 2)));
    assert_eq!(sel("u.\n"), (String::new(), Span::new(2, 2)));
    assert_eq!(sel("a.b. && ok"), (String::new(), Span::new(4, 4)));
    assert_eq!(sel("a.b"), ("b".to_string(), Span::new(2, 3)));
    let last = |text: &str| match tree(text).kind {
        ExprKind::Binary { operands, .. } => operands[1].span,
        ExprKind::Index { indices, .. } => indices[0].span,
        ExprKind::Call { args, .. } => args.last().map_or(Span::default(), |x| x.span),
        other => panic!("{other:?}"),
    };
    assert_eq!(last("a && "), Span::new(5, 5));
    assert_eq!(last("m["), Span::new(2, 2));
    assert_eq!(last("len(x"), Span::new(4, 5));
    assert_eq!(tree("a && ").span, Span::new(0, 5));
}

/// Diagnostics only, for text whose tree is too big to show.
fn check_diagnostics(input: &str, expect: Expect) {
    let parse = super::parse_expr(input);
    let shown: Vec<String> =
        parse.diagnostics.iter().map(|d| format!("{}..{}: {}", d.span.start, d.span.end, d.message)).collect();
    expect.assert_eq(&shown.join(" | "));
}

/// go/parser keeps one error a line (its line count starts at the
/// scanner's newlines), scanner errors included: every error of these, as
/// `go/parser.ParseExpr` lists them (Go 1.26, compared when written).
#[test]
fn one_error_a_line() {
    check_diagnostics(
        "f(\n1 2\n3 4)",
        expect!["5..6: missing ',' in argument list | 11..11: missing ',' in argument list"],
    );
    check_diagnostics(
        "func() {\n) @\n@ )\n}",
        expect![
            "9..10: expected statement, found ')' | 11..12: illegal character U+0040 '@' | 13..14: illegal character U+0040 '@' | 18..18: expected '}', found 'EOF'"
        ],
    );
    check_diagnostics(
        "f(1 2, @\n3 4 @)",
        expect![
            "4..5: missing ',' in argument list | 7..8: illegal character U+0040 '@' | 13..14: illegal character U+0040 '@'"
        ],
    );
    check_diagnostics("x +\n\n@", expect!["5..6: illegal character U+0040 '@'"]);
    check_diagnostics(
        "f(\n1 2\n\n\n3 4\n5 6)",
        expect!["5..6: missing ',' in argument list | 17..17: missing ',' in argument list"],
    );
}

#[test]
fn deep_nesting() {
    let parens = |n: usize| format!("{}x{}", "(".repeat(n), ")".repeat(n));
    // go/parser holds one level per parenthesis and stops beyond 100,000
    check_diagnostics(&parens(99_998), expect![[""]]);
    check_diagnostics(&parens(99_999), expect!["100000..100001: exceeded max nesting depth"]);
    // postfix and binary chains are loops in go/parser, but count levels too
    check_diagnostics(&format!("x{}", ".a".repeat(99_998)), expect![[""]]);
    check_diagnostics(&format!("x{}", ".a".repeat(99_999)), expect!["199999..199999: exceeded max nesting depth"]);
    check_diagnostics(&format!("x{}", "+a".repeat(99_999)), expect!["199999..199999: exceeded max nesting depth"]);
    check_diagnostics(&"[".repeat(100_000), expect!["50000..50001: exceeded max nesting depth"]);
    check_diagnostics(&"func(){".repeat(20_000), expect!["140000..140000: expected '}', found 'EOF'"]);
    // the tree handed out stays shallow; deeper parts are cut off as missing
    let tree = super::parse_expr(&parens(5_000)).expr.to_sexpr();
    let depth = tree.matches("paren").count();
    assert!(tree.contains(" ?)") && depth < 1_000, "{depth} {}", &tree[tree.find(" ?").unwrap_or(0)..][..40]);
}

/// The tree printed back: `Display` (a func literal's body as `{…}`, for
/// messages) and `to_go_source` (the body copied from the text).
fn check_printed(input: &str, expect: Expect) {
    let parse = super::parse_expr(input);
    assert!(parse.diagnostics.is_empty(), "{input}: {:?}", parse.diagnostics);
    expect.assert_eq(&format!("{} | {}", parse.expr, parse.expr.to_go_source(input)));
}

#[test]
fn printing() {
    check_printed(
        "func(x int) bool { return x > 0 }(3)",
        expect!["func(x int) (bool) {…}(3) | func(x int) (bool) { return x > 0 }(3)"],
    );
    check_printed(
        "f(1 ...) + g(a, -2 ...) + h(x...)",
        expect!["f(1 ...) + g(a, -2 ...) + h(x...) | f(1 ...) + g(a, -2 ...) + h(x...)"],
    );
    check_printed(
        "- -x + + +y + & &z + & ^w + -(-v)",
        expect!["- -x + + +y + & &z + & ^w + -(-v) | - -x + + +y + & &z + & ^w + -(-v)"],
    );
    check_printed(
        "func() {}() == func() (n int) { return 1 }",
        expect!["func() () {…}() == func() (n int) {…} | func() () {}() == func() (n int) { return 1 }"],
    );
    check_printed("func() {} == nil", expect!["func() {…} == nil | func() {} == nil"]);
    check_printed("1 .x + 1.5 .y", expect!["1 .x + 1.5.y | 1 .x + 1.5.y"]);
    check_printed(
        "struct{ a, b int `t`; *T; U }{1, 2}",
        expect!["struct{a, b int `t`; *T; U}{1, 2} | struct{a, b int `t`; *T; U}{1, 2}"],
    );
    check_printed(
        "interface{ M(int) string; ~int | string; fmt.Stringer }(nil)",
        expect![
            "interface{M(int) (string); ~int | string; fmt.Stringer}(nil) | interface{M(int) (string); ~int | string; fmt.Stringer}(nil)"
        ],
    );
    check_printed(
        "[]func() int{}[0] + []func() (a, b int){}[1]",
        expect!["[]func() (int){}[0] + []func() (a, b int){}[1] | []func() (int){}[0] + []func() (a, b int){}[1]"],
    );
    check_printed(
        "func() (int) { return 1 } == func() F[int] { return nil }",
        expect!["func() int {…} == func() (F[int]) {…} | func() int { return 1 } == func() (F[int]) { return nil }"],
    );
    check_printed(
        "s[1:2:3] + s[:] + s[1:] + x.(type) + m[k, v]",
        expect!["s[1:2:3] + s[:] + s[1:] + x.(type) + m[k, v] | s[1:2:3] + s[:] + s[1:] + x.(type) + m[k, v]"],
    );
    check_printed(
        "map[string]chan<- int{\"a\": nil} == <-chan int(nil)",
        expect![[
            r#"map[string]chan<- int{"a": nil} == <-chan int(nil) | map[string]chan<- int{"a": nil} == <-chan int(nil)"#
        ]],
    );
}

/// Every node's span, in the order the S-expression prints them, as the
/// text it covers: `[a && ]` for a node over `a && `; a name's `Ident` span
/// (a selector's or a field's) in `<…>`.
fn check_spans(input: &str, expect: Expect) {
    use crate::expr::ast::{Expr, ExprKind, Field};
    fn fields(fs: &[Field], text: &str, out: &mut Vec<String>) {
        for f in fs {
            for n in &f.names {
                out.push(format!("<{}>", &text[n.span.start..n.span.end]));
            }
            walk(&f.ty, text, out);
        }
    }
    fn walk(e: &Expr, text: &str, out: &mut Vec<String>) {
        out.push(format!("[{}]", &text[e.span.start..e.span.end]));
        let mut kids = |xs: &[&Expr]| xs.iter().for_each(|x| walk(x, text, out));
        match &e.kind {
            ExprKind::Missing | ExprKind::Ident(_) | ExprKind::BasicLit { .. } | ExprKind::Ellipsis(None) => {}
            ExprKind::CompositeLit { ty, elts } => {
                kids(&ty.iter().map(|t| &**t).chain(elts).collect::<Vec<_>>());
            }
            ExprKind::KeyValue { key, value } => kids(&[key, value]),
            ExprKind::FuncLit { sig, .. } | ExprKind::FuncType(sig) => {
                for list in [&sig.type_params, &sig.params, &sig.results] {
                    fields(list, text, out);
                }
            }
            ExprKind::Paren(x) | ExprKind::Star(x) | ExprKind::Ellipsis(Some(x)) => kids(&[x]),
            ExprKind::Unary { operand, .. } => kids(&[operand]),
            ExprKind::Selector { base, sel } => {
                kids(&[base]);
                out.push(format!("<{}>", &text[sel.span.start..sel.span.end]));
            }
            ExprKind::Index { base, indices } => kids(&std::iter::once(&**base).chain(indices).collect::<Vec<_>>()),
            ExprKind::Slice { base, low, high, max, .. } => kids(
                &std::iter::once(base).chain([low, high, max].into_iter().flatten()).map(|x| &**x).collect::<Vec<_>>(),
            ),
            ExprKind::TypeAssert { base, ty } => {
                kids(&std::iter::once(base).chain(ty).map(|x| &**x).collect::<Vec<_>>())
            }
            ExprKind::Call { fun, args, .. } => kids(&std::iter::once(&**fun).chain(args).collect::<Vec<_>>()),
            ExprKind::Binary { operands, .. } => kids(&[&operands[0], &operands[1]]),
            ExprKind::ArrayType { len, elem } => kids(&len.iter().map(|x| &**x).chain([&**elem]).collect::<Vec<_>>()),
            ExprKind::StructType { fields: fs } | ExprKind::InterfaceType { elems: fs } => fields(fs, text, out),
            ExprKind::MapType { key, value } => kids(&[key, value]),
            ExprKind::ChanType { elem, .. } => kids(&[elem]),
        }
    }
    let parse = super::parse_expr(input);
    let mut out = Vec::new();
    walk(&parse.expr, input, &mut out);
    expect.assert_eq(&out.join(" "));
}

#[test]
fn spans_of_recovered_nodes() {
    // a node ends where its last operand does when that operand is missing
    // and recovery skipped further than the last token (go/ast's End)
    // (here recovery skips `)` and stops at the keyword `if`, past a blank)
    check_spans("-) if", expect!["[-) ] [) ]"]);
    check_spans("*) if", expect!["[*) ] [) ]"]);
    check_spans("a + ) if", expect!["[a + ) ] [a] [) ]"]);
    check_spans("T{a: ) if", expect!["[T{a: ) if] [T] [a: ) ] [a] [) ]"]);
    check_spans("u. ", expect!["[u. ] [u] <>"]);
    check_spans("a[1::]", expect!["[a[1::]] [a] [1] [] []"]);
    check_spans("a[ ]", expect!["[a[ ]] [a] []"]);
    // an empty type argument list: the missing argument is the gap inside
    check_spans("x.(T[ ])", expect!["[x.(T[ ])] [x] [T[ ]] [T] [ ]"]);
}
