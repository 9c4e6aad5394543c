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
    check("req != nil && req.User.Name == \"bob\"", expect![[""]]);
    check("len(items) > 3 || !ok", expect![[""]]);
    check("a || b && c", expect![[""]]);
    check("a && b || c", expect![[""]]);
    check("a + b * c - d", expect![[""]]);
    check("a == b == c", expect![[""]]);
    check("x &^ y << 2", expect![[""]]);
    check("-x.y", expect![[""]]);
    check("*p.q", expect![[""]]);
    check("&T{}", expect![[""]]);
    check("<-ch", expect![[""]]);
    check("^x + +y", expect![[""]]);
    check("delve.bphitcount[1] > 2", expect![[""]]);
    check("runtime.frame(1).name", expect![[""]]);
    check("m[\"k\"] == v", expect![[""]]);
    check("s[1:]", expect![[""]]);
    check("s[:n]", expect![[""]]);
    check("s[:]", expect![[""]]);
    check("s[1:2:3]", expect![[""]]);
    check("f(a, b...)", expect![[""]]);
    check("f(\n\ta,\n)", expect![[""]]);
    check("(x)", expect![[""]]);
}

#[test]
fn literals() {
    check("1_000 + 0x1F + 0o17 + 0b1 + 017", expect![[""]]);
    check("1.5 + .5 + 1. + 1e9 + 0x1p-2", expect![[""]]);
    check("1i + 2.5i + 0x1p2i + 017i", expect![[""]]);
    check("'a' + '\\n' + '\\x41' + '\\u00e9' + '\\U0001F600' + '\\''", expect![[""]]);
    check("\"a\\tb\\\"\" + `raw\\n`", expect![[""]]);
    check("\"é\" + '世'", expect![[""]]);
    check("名前.フィールド", expect![[""]]);
}

#[test]
fn conversions_and_assertions() {
    check("int64(x)", expect![[""]]);
    check("[]byte(s)", expect![[""]]);
    check("*(*T)(0xc000010000)", expect![[""]]);
    check("(*T)(p)", expect![[""]]);
    check("main.Money(5)", expect![[""]]);
    check("(\"main.T[int]\")(x)", expect![[""]]);
    check("x.(T)", expect![[""]]);
    check("x.(*pkg.T)", expect![[""]]);
    check("x.(data)", expect![[""]]);
    check("x.(type)", expect![[""]]);
    check("<-chan int(nil)", expect![[""]]);
}

#[test]
fn types() {
    check("[]int", expect![[""]]);
    check("[4]int", expect![[""]]);
    check("[...]int", expect![[""]]);
    check("map[string][]*T", expect![[""]]);
    check("chan int", expect![[""]]);
    check("chan<- int", expect![[""]]);
    check("<-chan int", expect![[""]]);
    check("<-chan <-chan int", expect![[""]]);
    check("chan (<-chan int)", expect![[""]]);
    check("func(a, b int, c ...string) (n int, err error)", expect![[""]]);
    check("func(int, string) error", expect![[""]]);
    check("func() func() int", expect![[""]]);
    check("struct{ a, b int; c string `json:\"c\"`; *T; pkg.U; V[int] }", expect![[""]]);
    check("interface{ M(int) string; ~int | string; fmt.Stringer }", expect![[""]]);
    check("F[int, string]", expect![[""]]);
    check("pkg.List[T]{}", expect![[""]]);
    check("~int", expect![[""]]);
}

#[test]
fn composite_and_func_literals() {
    check("T{}", expect![[""]]);
    check("T{1, 2}", expect![[""]]);
    check("pkg.T{A: 1, B: {2}}", expect![[""]]);
    check("[]int{1, 2, 3}[1]", expect![[""]]);
    check("[...]string{\"a\"}", expect![[""]]);
    check("map[string]int{\"a\": 1}", expect![[""]]);
    check("[][]int{{1}, {2, 3}}", expect![[""]]);
    check("struct{ a int }{1}", expect![[""]]);
    check("T{\n\t1,\n}", expect![[""]]);
    check("func() {}", expect![[""]]);
    check("func(x int) bool { return x > 0 }(3)", expect![[""]]);
    check("func() { for i := range 10 { if i > 2 { break } } }", expect![[""]]);
    check("func() { switch v := x.(type) { case int: _ = v } }", expect![[""]]);
    check("func() { type L[P any] []P; var _ L[int] }", expect![[""]]);
}

#[test]
fn semicolons_and_comments() {
    check("x\n", expect![[""]]);
    check("x\n\n\n", expect![[""]]);
    check("x // comment", expect![[""]]);
    check("/* lead */ x /* trail */", expect![[""]]);
    check("x /*\n*/", expect![[""]]);
    check("\u{FEFF}x", expect![[""]]);
    check("x;", expect![[""]]);
    check("x\n;", expect![[""]]);
    check("x\ny", expect![[""]]);
    check("a &&\nb", expect![[""]]);
    check("a\n&& b", expect![[""]]);
}

#[test]
fn lexical_errors() {
    check("x @ y", expect![[""]]);
    check("\u{201C}bob\u{201D}", expect![[""]]);
    check("x\u{FEFF}", expect![[""]]);
    check("x\0", expect![[""]]);
    check("\"abc", expect![[""]]);
    check("`abc", expect![[""]]);
    check("'ab'", expect![[""]]);
    check("''", expect![[""]]);
    check("'a", expect![[""]]);
    check("x /* abc", expect![[""]]);
    check("\"\\q\"", expect![[""]]);
    check("\"\\x4\"", expect![[""]]);
    check("'\\400'", expect![[""]]);
    check("'\\uD800'", expect![[""]]);
    check("0x", expect![[""]]);
    check("09", expect![[""]]);
    check("0b12", expect![[""]]);
    check("1__0", expect![[""]]);
    check("0x1.5", expect![[""]]);
    check("1e", expect![[""]]);
    check("x /*line f.go:bad*/", expect![[""]]);
}

#[test]
fn syntax_errors() {
    check("", expect![[""]]);
    check(")", expect![[""]]);
    check("f(x))", expect![[""]]);
    check("x y", expect![[""]]);
    check("a = b", expect![[""]]);
    check("a++", expect![[""]]);
    check("x := 1", expect![[""]]);
    check("(T){}", expect![[""]]);
    check("interface{}{}", expect![[""]]);
    check("a[]", expect![[""]]);
    check("a[1::3]", expect![[""]]);
    check("f(a..., b)", expect![[""]]);
    check("F[]", expect![[""]]);
    check("func[T any]() {}", expect![[""]]);
    check("func(a int, b) {}", expect![[""]]);
    check("struct{ (T) }", expect![[""]]);
    check("<-chan<- int", expect![[""]]);
    check("func() { if x := 1 {} }", expect![[""]]);
    check("func() { go f }", expect![[""]]);
    check("func() {", expect![[""]]);
}

#[test]
fn recovery_for_completion() {
    check("u.", expect![[""]]);
    check("a.b.", expect![[""]]);
    check("u. && ok", expect![[""]]);
    check("a && ", expect![[""]]);
    check("a == ", expect![[""]]);
    check("m[", expect![[""]]);
    check("m[k", expect![[""]]);
    check("len(x", expect![[""]]);
    check("len(", expect![[""]]);
    check("f(a, ", expect![[""]]);
    check("(a", expect![[""]]);
    check("x.(", expect![[""]]);
    check("!", expect![[""]]);
    check("T{A: ", expect![[""]]);
}

#[test]
fn deep_nesting() {
    let deep = |n: usize| format!("{}x{}", "(".repeat(n), ")".repeat(n));
    // go/parser counts two levels per parenthesis and stops beyond 100,000
    assert!(super::parse_expr(&deep(50_000)).diagnostics.is_empty());
    let over = super::parse_expr(&deep(50_001));
    assert_eq!(over.diagnostics.len(), 1);
    assert_eq!(over.diagnostics[0].message, "exceeded max nesting depth");
    let flat = format!("x{}", ".a".repeat(100_000));
    assert_eq!(super::parse_expr(&flat).diagnostics[0].message, "exceeded max nesting depth");
    check(&"(".repeat(100_000), expect![[""]]);
}
