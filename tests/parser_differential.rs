//! Differential test of the expression parser against Go's own
//! `go/parser.ParseExpr` (what Delve runs on a breakpoint condition).
//!
//! Expressions come from a grammar-based generator weighted toward
//! breakpoint-condition shapes and from a mutator applied to generated and
//! hand-written seeds; all are deterministic (a fixed xorshift seed). Every
//! one goes through `tests/goparse` in a single Go process. The test fails
//! when dlvbridge and Go disagree on acceptance, on the first error (its
//! message and line:column) or on how many errors there are, or when an
//! accepted expression printed back as Go source does not parse to the same
//! tree.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use dlvbridge::expr::parse;

const SEED: u64 = 0x9E37_79B9_7F4A_7C15;

/// xorshift64*: small, deterministic, good enough to pick grammar branches.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const IDENTS: &[&str] = &[
    "req", "u", "user", "items", "m", "x", "y", "i", "n", "err", "ok", "s", "p", "T", "main", "runtime", "delve", "_",
    "ctx", "é", "名前", "x1", "nil", "true", "false", "len", "cap", "string", "int", "byte",
];
const FIELDS: &[&str] = &["User", "Name", "ID", "Items", "Count", "Method", "curg", "frameoff", "goid", "bphitcount"];
const INTS: &[&str] =
    &["0", "1", "3", "42", "1_000", "0x1F", "0X_ff", "0o17", "0O7", "0b1011", "0B_1", "017", "0", "9"];
const FLOATS: &[&str] = &["1.5", ".5", "1.", "1e9", "1E-3", "0x1p-2", "0X1.8P+1", "1_0.0_1", "6.02e23", "0.", "01.5"];
const IMAGS: &[&str] = &["1i", "2.5i", "0x1p2i", "1e3i", "0i", "017i"];
const RUNES: &[&str] =
    &["'a'", "'\\n'", "'\\x41'", "'\\u00e9'", "'\\U0001F600'", "'\\''", "'\\\\'", "'\\000'", "'é'", "'\\t'"];
const STRINGS: &[&str] = &[
    "\"\"",
    "\"bob\"",
    "\"a\\tb\"",
    "\"\\\"q\\\"\"",
    "\"\\u00e9\"",
    "\"\\xff\"",
    "`raw\\n`",
    "``",
    "\"é\"",
    "\"\\377\"",
];
const CMP: &[&str] = &["==", "!=", "<", "<=", ">", ">="];
const ARITH: &[&str] = &["+", "-", "*", "/", "%", "|", "^", "&", "&^", "<<", ">>"];
const UNARY: &[&str] = &["-", "+", "!", "^", "&", "*", "<-", "~"];
const BASIC_TYPES: &[&str] = &["int", "string", "bool", "byte", "rune", "float64", "error", "any", "uintptr", "T"];

struct Gen {
    rng: Rng,
}

impl Gen {
    /// A breakpoint-condition-like expression, sometimes something odder.
    fn condition(&mut self) -> String {
        match self.rng.below(10) {
            0..=3 => {
                let n = 1 + self.rng.below(3);
                let mut parts = Vec::new();
                for _ in 0..n {
                    parts.push(self.comparison(2));
                }
                let mut out = parts[0].clone();
                for part in &parts[1..] {
                    out.push_str(if self.rng.chance(70) { " && " } else { " || " });
                    out.push_str(part);
                }
                out
            }
            4..=5 => self.comparison(3),
            _ => self.expr(4),
        }
    }

    fn comparison(&mut self, depth: u32) -> String {
        let lhs = self.primary(depth);
        let rhs = if self.rng.chance(40) { self.literal() } else { self.unary(depth) };
        format!("{lhs} {} {rhs}", self.rng.pick(CMP))
    }

    fn expr(&mut self, depth: u32) -> String {
        if depth == 0 {
            return self.operand(0);
        }
        match self.rng.below(10) {
            0..=2 => {
                let op = match self.rng.below(3) {
                    0 => self.rng.pick(CMP),
                    1 => self.rng.pick(&["&&", "||"]),
                    _ => self.rng.pick(ARITH),
                };
                format!("{} {op} {}", self.expr(depth - 1), self.expr(depth - 1))
            }
            3 => self.unary(depth),
            _ => self.primary(depth),
        }
    }

    fn unary(&mut self, depth: u32) -> String {
        if self.rng.chance(30) && depth > 0 {
            let op = self.rng.pick(UNARY);
            let sep = if self.rng.chance(20) { " " } else { "" };
            format!("{op}{sep}{}", self.unary(depth - 1))
        } else {
            self.primary(depth)
        }
    }

    fn primary(&mut self, depth: u32) -> String {
        let mut x = self.operand(depth);
        let steps = self.rng.below(4);
        for _ in 0..steps {
            if depth == 0 {
                break;
            }
            x = match self.rng.below(12) {
                0..=4 => format!("{x}.{}", self.rng.pick(FIELDS)),
                5 => format!("{x}[{}]", self.expr(depth - 1)),
                6 => {
                    let lo = if self.rng.chance(60) { self.expr(depth - 1) } else { String::new() };
                    let hi = if self.rng.chance(60) { self.expr(depth - 1) } else { String::new() };
                    if self.rng.chance(20) {
                        format!("{x}[{lo}:{hi}:{}]", self.expr(depth - 1))
                    } else {
                        format!("{x}[{lo}:{hi}]")
                    }
                }
                7 => {
                    let n = self.rng.below(3);
                    let args: Vec<String> = (0..n).map(|_| self.expr(depth - 1)).collect();
                    let dots = if n > 0 && self.rng.chance(15) { "..." } else { "" };
                    format!("{x}({}{dots})", args.join(", "))
                }
                8 => format!("{x}.({})", if self.rng.chance(15) { "type".to_string() } else { self.ty(depth - 1) }),
                9 => format!("{x}[{}, {}]", self.ty(depth - 1), self.ty(depth - 1)),
                10 => format!("{x}{{{}}}", self.elements(depth - 1)),
                _ => format!("{x}.{}", self.rng.pick(IDENTS)),
            };
        }
        x
    }

    fn operand(&mut self, depth: u32) -> String {
        match self.rng.below(if depth == 0 { 6 } else { 14 }) {
            0..=2 => self.rng.pick(IDENTS).to_string(),
            3..=5 => self.literal(),
            6 | 7 => format!("({})", self.expr(depth - 1)),
            8 => format!("{}({})", self.ty(depth - 1), self.expr(depth - 1)),
            9 => self.composite(depth - 1),
            10 => self.func_lit(depth - 1),
            11 => self.ty(depth - 1),
            12 => format!("\"main.T\"({})", self.rng.pick(IDENTS)),
            _ => format!("{}.{}", self.rng.pick(&["runtime", "delve", "pkg"]), self.rng.pick(FIELDS)),
        }
    }

    fn literal(&mut self) -> String {
        let lits = match self.rng.below(6) {
            0 | 1 => INTS,
            2 => FLOATS,
            3 => IMAGS,
            4 => RUNES,
            _ => STRINGS,
        };
        self.rng.pick(lits).to_string()
    }

    fn ty(&mut self, depth: u32) -> String {
        if depth == 0 {
            return self.rng.pick(BASIC_TYPES).to_string();
        }
        let d = depth - 1;
        match self.rng.below(16) {
            0..=3 => self.rng.pick(BASIC_TYPES).to_string(),
            4 => format!("[]{}", self.ty(d)),
            5 => format!("[{}]{}", self.rng.pick(&["3", "N", "...", "2*N", "0x10"]), self.ty(d)),
            6 => format!("map[{}]{}", self.ty(d), self.ty(d)),
            7 => format!("{} {}", self.rng.pick(&["chan", "<-chan", "chan<-"]), self.ty(d)),
            8 => format!("*{}", self.ty(d)),
            9 => format!("func({}){}", self.params(d), self.results(d)),
            10 => format!("struct{{{}}}", self.struct_fields(d)),
            11 => format!("interface{{{}}}", self.interface_elems(d)),
            12 => format!("{}[{}]", self.rng.pick(&["List", "pkg.Map", "G"]), self.type_args(d)),
            13 => format!("pkg.{}", self.rng.pick(FIELDS)),
            14 => format!("({})", self.ty(d)),
            _ => format!("~{}", self.ty(d)),
        }
    }

    fn type_args(&mut self, depth: u32) -> String {
        let n = 1 + self.rng.below(3);
        (0..n).map(|_| self.ty(depth)).collect::<Vec<_>>().join(", ")
    }

    fn params(&mut self, depth: u32) -> String {
        match self.rng.below(5) {
            0 => String::new(),
            1 => self.ty(depth),
            2 => format!("{}, {}", self.ty(depth), self.ty(depth)),
            3 => format!("a, b {}, c ...{}", self.ty(depth), self.ty(depth)),
            _ => format!("x {}", self.ty(depth)),
        }
    }

    fn results(&mut self, depth: u32) -> String {
        match self.rng.below(4) {
            0 | 1 => String::new(),
            2 => format!(" {}", self.ty(depth)),
            _ => format!(" (n {}, err error)", self.ty(depth)),
        }
    }

    fn struct_fields(&mut self, depth: u32) -> String {
        let n = self.rng.below(3);
        let mut fields = Vec::new();
        for _ in 0..n {
            fields.push(match self.rng.below(5) {
                0 => format!("A, B {}", self.ty(depth)),
                1 => format!("C {} `json:\"c\"`", self.ty(depth)),
                2 => "*pkg.Embedded".to_string(),
                3 => "E[int]".to_string(),
                _ => format!("D {}", self.ty(depth)),
            });
        }
        fields.join("; ")
    }

    fn interface_elems(&mut self, depth: u32) -> String {
        let n = self.rng.below(3);
        let mut elems = Vec::new();
        for _ in 0..n {
            elems.push(match self.rng.below(4) {
                0 => format!("M({}) {}", self.params(depth), self.ty(depth)),
                1 => "~int | ~string".to_string(),
                2 => "fmt.Stringer".to_string(),
                _ => format!("{} | {}", self.ty(depth), self.ty(depth)),
            });
        }
        elems.join("; ")
    }

    fn elements(&mut self, depth: u32) -> String {
        let n = self.rng.below(4);
        let mut elts = Vec::new();
        for _ in 0..n {
            elts.push(match self.rng.below(4) {
                0 => format!("{}: {}", self.rng.pick(FIELDS), self.expr(depth)),
                1 => format!("{{{}}}", self.elements(depth.saturating_sub(1))),
                2 => format!("{}: {{{}}}", self.literal(), self.elements(depth.saturating_sub(1))),
                _ => self.expr(depth),
            });
        }
        let trailing = if n > 0 && self.rng.chance(20) { "," } else { "" };
        format!("{}{trailing}", elts.join(", "))
    }

    fn composite(&mut self, depth: u32) -> String {
        let ty = match self.rng.below(6) {
            0 => format!("[]{}", self.ty(depth)),
            1 => format!("[...]{}", self.ty(depth)),
            2 => format!("map[string]{}", self.ty(depth)),
            3 => format!("struct{{{}}}", self.struct_fields(depth)),
            4 => "pkg.T".to_string(),
            _ => "T".to_string(),
        };
        let amp = if self.rng.chance(20) { "&" } else { "" };
        format!("{amp}{ty}{{{}}}", self.elements(depth))
    }

    fn func_lit(&mut self, depth: u32) -> String {
        let n = self.rng.below(4);
        let stmts: Vec<String> = (0..n).map(|_| self.stmt(depth)).collect();
        let sep = if self.rng.chance(50) { "; " } else { "\n" };
        format!("func({}){} {{ {} }}", self.params(depth), self.results(depth), stmts.join(sep))
    }

    fn block(&mut self, depth: u32) -> String {
        let n = self.rng.below(3);
        let stmts: Vec<String> = (0..n).map(|_| self.stmt(depth.saturating_sub(1))).collect();
        format!("{{ {} }}", stmts.join("; "))
    }

    fn stmt(&mut self, depth: u32) -> String {
        let e = |g: &mut Gen| g.expr(depth.min(2));
        match self.rng.below(24) {
            0 => format!("return {}", e(self)),
            1 => "return".to_string(),
            2 => format!("v := {}", e(self)),
            3 => format!("x, y = {}, {}", e(self), e(self)),
            4 => format!("if {} {}", self.comparison(1), self.block(depth)),
            5 => format!("if v := {}; v > 0 {} else {}", e(self), self.block(depth), self.block(depth)),
            6 => format!("for i := 0; i < n; i++ {}", self.block(depth)),
            7 => format!("for k, v := range {} {}", self.rng.pick(IDENTS), self.block(depth)),
            8 => format!("for {}", self.block(depth)),
            9 => format!("switch {} {{ case 1, 2: x++; default: }}", e(self)),
            10 => "switch v := x.(type) { case int, string: _ = v }".to_string(),
            11 => format!("go {}()", self.rng.pick(IDENTS)),
            12 => format!("defer {}(x)", self.rng.pick(IDENTS)),
            13 => format!("var z {} = {}", self.ty(1), e(self)),
            14 => "const c, d = 1, 2".to_string(),
            15 => format!("type L[P any] {}", self.ty(1)),
            16 => format!("type A [N]{}", self.ty(1)),
            17 => "L: for { break L }".to_string(),
            18 => "ch <- v".to_string(),
            19 => "select { case v := <-ch: _ = v; case ch <- 1: default: }".to_string(),
            20 => self.block(depth),
            21 => "x += 1; x--".to_string(),
            22 => format!("for range {} {{ continue }}", self.rng.pick(IDENTS)),
            _ => format!("{}()", self.rng.pick(IDENTS)),
        }
    }
}

/// Hand-written seeds: the constructs, the lexical corners and the errors.
const SEEDS: &[&str] = &[
    "req != nil && req.User.Name == \"bob\" && len(items) > 3",
    "u.",
    "a && ",
    "m[",
    "len(x",
    "a.b.",
    "x.(type)",
    "x.(type).y",
    "a = b",
    "x;",
    "x\n",
    "x\n\n",
    "x\n;",
    "x /* c */",
    "x /*\n*/",
    "x // c",
    "// c\nx",
    "/*line foo.go:10*/x",
    "x /*line foo:bar*/",
    "//line :0\nx",
    "x /*line a:1:0*/",
    "x /*line a:99999999999999999999*/",
    "",
    "\u{FEFF}x",
    "x\u{FEFF}",
    "x\0",
    "\"a\0b\"",
    "'\\400'",
    "'\\uD800'",
    "'\\U00110000'",
    "'ab'",
    "''",
    "'\n'",
    "\"abc",
    "`abc",
    "/* abc",
    "\"\\q\"",
    "\"\\x4\"",
    "\"\\\n\"",
    "0x",
    "0b2",
    "0o8",
    "09",
    "09.5",
    "089i",
    "1__0",
    "1_",
    "0x_1",
    "0_x1",
    "0x1.5",
    "0b1.0",
    "1e",
    "1p5",
    "0x1e5p3",
    ".e5",
    "1.e+",
    "x @ y",
    "x # y",
    "\u{201C}s\u{201D}",
    "a\u{00A0}b",
    "ⅫX",
    "e\u{0301}",
    "x٣",
    "٣x",
    "(T){}",
    "T{}",
    "x.y{1, 2}",
    "[]int{1, 2, 3}[1:2]",
    "map[string]int{\"a\": 1}[\"a\"]",
    "struct{a int}{1}",
    "interface{}{}",
    "func(){}()",
    "f(){}",
    "[...]int{1, 2}",
    "&T{A: 1, B: {2}}",
    "[][]int{{1}, {2, 3}}",
    "T{\n1,\n2\n}",
    "T{\n1,\n2}",
    "f(\na,\nb,\n)",
    "f(\na,\nb\n)",
    "F[int, string](x)",
    "F[int,]",
    // an empty type argument list where a type is expected
    "[]T[]",
    "[]T[ ]{}",
    "x.(T[])",
    "F[]",
    "a[1:2:3]",
    "a[1::3]",
    "a[::]",
    "a[1:2:]",
    "a[1:2:3:4]",
    "a[:::]",
    "a[:]",
    "a[]",
    "<-ch",
    "<-chan int(nil)",
    "<-chan <-chan int",
    "<-chan<- int",
    // where the misplaced arrow is: past blanks and comments after `chan`
    "<-chan <- int",
    "<-chan\n\t<- int",
    "<-chan // c\n<- int",
    "<-chan /* c */ <- int",
    "<-chan /**/<- int",
    "<-chan /* a * b / c */<- int",
    "<-chan /*/ c */<- int",
    "<-chan /*\n*/ <-chan<- int",
    "<-chan<- chan<- int",
    "chan<- <-chan int",
    "chan (<-chan int)",
    "~int",
    "~",
    "*(*T)(0xc000010000)",
    "(\"main.T[int]\")(x)",
    "delve.bphitcount[1] > 2",
    "runtime.frame(1).name",
    "x.(data)",
    "func(a, b int, c ...string) (n int, err error) { return 0, nil }",
    "func(a int, b) {}",
    "func(a, int) {}",
    "func(...int, int) {}",
    "func[T any]() {}",
    // parameter lists: unnamed types of every kind, a qualified type, `~`
    // and `|` only in type parameter lists, which parameters lack a name or
    // a constraint (and where go/parser says so)
    "func(*T, []int, map[K]V, chan int, <-chan int, func(), struct{}, interface{}, (T)) {}",
    "func(pkg.T, pkg.U) {}",
    "func(pkg.T, x pkg.U) {}",
    "func(a, b int, c) {}",
    "func(a ~int) {}",
    "func(a | b) {}",
    "func(a int | string) {}",
    "func(int | string) {}",
    "func[T]() {}",
    "func[T, U]() {}",
    "func[[]int]() {}",
    "func[T, []int]() {}",
    "func[T any, U]() {}",
    "func[T any, []int]() {}",
    "func[T any, U ...any]() {}",
    "func() (...int)",
    "func() { type T[P ~int] int }",
    "func() { type T[P, Q] int }",
    "func() { type T[P, []int] int }",
    "func() { type T[P any, Q | R] int }",
    "func() { type T[P any, Q int | ~string] int }",
    "func() { type T[P any, Q int | string, R] int }",
    "func[T int | string, U any]() {}",
    "interface{ m[T any, U int | string]() }",
    "interface{ m[T ~int]() }",
    "interface{ m[T any, U | V]() }",
    "func() { if x { } else if y { } else { } }",
    "func() { for i := range 10 { _ = i } }",
    "func() { for a, b, c := range m {} }",
    "func() { switch x := y.(type) { case int: } }",
    "func() { switch x = y.(type) {} }",
    "func() { switch x := y {} }",
    "func() { switch x = y {} }",
    "func() { switch x += y.(type) {} }",
    "func() { switch x.(type) {} }",
    // a guard assigns one value to one name
    "func() { switch a, b := x.(type) {} }",
    "func() { switch a := x.(type), y {} }",
    "func() { switch a := y, x.(type) {} }",
    "func() { switch x: {} }",
    "func() { x.y: z }",
    "func() { a, b }",
    "func() { ch <- 1 }",
    "func() { L: for { break L; continue L } }",
    "func() { fallthrough x }",
    "func() { switch T{} {} }",
    "func() { switch {} }",
    "func() { switch ; {} }",
    "func() { switch x := 1; {} }",
    "func() { switch x := f(); x { case 1: default: } }",
    "func() { select { case ch <- 1: case v := <-ch: case a, b = <-ch: case <-ch: default: } }",
    "func() { select { case a, b := <-ch: } }",
    "func() { select { case a, b <- 1: } }",
    "func() { select { case a, b: } }",
    "func() { for {} }",
    "func() { for range ch {} }",
    "func() { for k, v := range m {} }",
    "func() { for x := range y; z; {} }",
    "func() { type T[a.b{}] int }",
    "func() { type T[P *C, Q any] int }",
    "func() { type A = int; type B int }",
    "func() { type (A int; B = string) }",
    // composite literals after an array length, in and after an if header
    "func() { type T[N]int; _ = T{} }",
    "func() { if func() bool { type T[N]int; return T{} == nil }() {} }",
    "func() { if func() bool { type T[N]int; return true }() && T{} == x {} }",
    "func() { if f(T{}) {} }",
    "func() { if f() && T{} == x {} }",
    "func() { if a[T{}] {} }",
    "func() { if a[0] && T{} == x {} }",
    "func() { if (x) && T{} == x {} }",
    "func() { if [1]int{} == y && T{} == x {} }",
    "func() { if [len(T{})]int{} == x {} }",
    "func() { if []T{T{}}[0] == x {} }",
    "func() { if []T{{}}[0] == x && T{} == x {} }",
    "func() { if x.(F[int]) && T{} == x {} }",
    "func() { if x.(F[int, T{}]) {} }",
    "func() { if x.(interface{ M(T) }) && T{} == x {} }",
    "func() { if x.(struct{ a [N]int }) == y && T{} == x {} }",
    // an array length is inside brackets (a composite literal there), and
    // after the array type the if header is back (`T {}` a name and a block)
    "func() { if [T{}.n]int{} == x {} }",
    "func() { if [1]int{} == T {} }",
    "func() { if x.([T{}.n]int) == y {} }",
    "func() { if x.(struct{ a [T{}.n]int }) == y {} }",
    "func() { if x.(struct{ a [1]int }) == T {} }",
    "func() { if x.(func(a [T{}.n]int)) == y {} }",
    "func() { if x.(func(a [1]int)) == T {} }",
    "func() { if x.(struct{ a T[U{}] }) == y {} }",
    "func() { if x := 1 {} }",
    "func() { if x := 1; {} }",
    "func() { if x := 1\n {} }",
    "func() { if {} }",
    "func() { go f }",
    "func() { defer (f()) }",
    "func() { L: }",
    "func() { x: y: z }",
    "func() { a, b := <-ch, 1; select { case a, b, c := <-ch: } }",
    "func() { type T[P *C|D] struct{} }",
    "func() { type T[P *C] int }",
    // a name then `[`: a slice or array constraint, not an index
    "func() { type T[P []int] int }",
    "func() { type T[P []int, Q any] int }",
    "func() { type T[P [2]int] = int }",
    "func() { type T[P] int }",
    "func() { type T[N * 2]int }",
    "func() { type T[P interface{}, Q any] int }",
    // a type parameter list, not an array length, only where the constraint
    // is a type element: the alias form tells the two apart
    "func() { type T[a * b] = int }",
    "func() { type T[P *[]int] = int }",
    "func() { type T[P *([]int|C)] = int }",
    "func() { type T[P ([]int|C)] = int }",
    "func() { type T[P *~int] = int }",
    "func() { type T[P *(~int)] = int }",
    "func() { type T[P *([]int)] = int }",
    "func() { type T[P *(C)] = int }",
    "func() { type T[P *C | []int] = int }",
    "func() { type T[P(a)] = int }",
    "func() { type T[P([]int, a)] = int }",
    "func() { type T[P([]int...)] = int }",
    "func() { type T[a.b *[]int] = int }",
    "func() { type T[a.b([]int)] = int }",
    "func() { var x, y = 1 }",
    "func() { const (a = iota; b) }",
    "func() { import \"fmt\" }",
    "func() { package x }",
    "func() { func f() {} }",
    "func() { goto L; break; continue }",
    "func() { x := 1; return 1, 2 }",
    "func() { ~x }",
    "func() { x++ ; y-- ; z += 1 }",
    "func() { for ;; {} }",
    "func() { for x := 0; x < 1; {} }",
    "func() { for x {} }",
    "func() { for x = range y {} }",
    "func() { for T{} {} }",
    "func() { if (T{}) {} }",
    "func() { if T{} == x {} }",
    "func() { var x [2]int; x[0]++ }",
    "func() { goto L; L: ; }",
    "func() { { { } } }",
    "func() { return\n}",
    "func() {",
    "func() }",
    "struct{ a, b int; c string `tag` ; *T; pkg.U; V[int] }",
    "struct{ (T) }",
    "struct{ *(T) }",
    "struct{ *(T\n x int }",
    "struct{ (*T\n x int }",
    "struct{ (T\n x int }",
    "struct{ a [N]int; b []int; c [2,]int }",
    "interface{ M(int) string; ~int | string; fmt.Stringer; m[T any]() }",
    "interface{ E[int, string] }",
    // a composite literal after a type argument list, a type assertion's
    // type, a func literal, an index, a call and parentheses: each raises
    // the nesting level and must restore it (and in an if header `y {}` is
    // a name and the block)
    "x.(interface{ E[int] }) == T{}",
    "x.(interface{ E[int, string] }) == T{}",
    "x.(T[int]) == U{}",
    "func() {} == T{}",
    "a[0] == T{}",
    "f(x) == T{}",
    "(x) == T{}",
    "func() { if x.(interface{ E[int] }) == y {} }",
    "func() { if x.(interface{ E[int, string] }) == y {} }",
    "func() { if x.(T[int]) == y {} }",
    "func() { if func() bool { return true }() == x {} }",
    "map[string][]*T",
    "func(int) func(string) error",
    "chan struct{}",
    "[N]T",
    "[]T",
    "[...]T",
    "x.(*T)",
    "x.(interface{ M() })",
    "!ok || !x",
    "a &^ b &^= c",
    "a ++",
    "a == b == c",
    "a < b > c",
    "1 .x",
    "1 ...",
    "f(1 ...)",
    "f(a...)",
    "f(a..., b)",
    "f(...)",
    // after `...` the list ends with no comma seen: a newline or `;` before `)`
    "f(a...\nb\n)",
    "f(a...\nb;\n)",
    "f(a...\nb",
    "x.y.z.w",
    "x[1][2][3]",
    "(((x)))",
    "((x)",
    "(x))",
    "[x]",
    "x,y",
    "x y",
    "if x {}",
    "func",
    "struct",
    "interface",
    "map",
    "chan",
    "'\\'",
    "\"\\\"",
    "`\r`",
    // a literal in a message as go/scanner gives it: carriage returns dropped
    // from raw strings only
    "x `a\r\nb`",
    "x `\r`",
    "x \"a\rb\"",
    "x '\r'",
    "x\r\n",
    "\t x \t",
    "\n\nx\n\n",
];

/// Small edits that turn valid expressions into near misses.
fn mutate(rng: &mut Rng, text: &str) -> String {
    const PALETTE: &[&str] = &[
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
        "&",
        "|",
        "^",
        "<",
        ">",
        "=",
        "!",
        "~",
        "'",
        "\"",
        "`",
        "\\",
        " ",
        "\n",
        "\t",
        "_",
        "0",
        "1",
        "x",
        "e",
        "p",
        "i",
        ":=",
        "...",
        "<-",
        "&&",
        "||",
        "func",
        "type",
        "chan",
        "map",
        "struct",
        "interface",
        "range",
        "var",
        "é",
        "€",
        "\u{201C}",
        "\u{FEFF}",
        "\0",
        "//",
        "/*",
        "*/",
        "#",
        "@",
        "$",
        "?",
        "0x",
        ".5",
        "'a'",
        "\"s\"",
    ];
    let tokens = rough_tokens(text);
    let mut out: Vec<String> = tokens.iter().map(|t| t.to_string()).collect();
    let edits = 1 + rng.below(2);
    for _ in 0..edits {
        let n = out.len();
        match rng.below(9) {
            0 if n > 0 => {
                out.remove(rng.below(n));
            }
            1 => {
                let at = rng.below(n + 1);
                out.insert(at, rng.pick(PALETTE).to_string());
            }
            2 if n > 0 => {
                let i = rng.below(n);
                let t = out[i].clone();
                out.insert(i, t);
            }
            3 if n > 1 => {
                let i = rng.below(n - 1);
                out.swap(i, i + 1);
            }
            4 => {
                let at = rng.below(n + 1);
                out.insert(at, "\n".to_string());
            }
            5 if n > 0 => {
                out.truncate(rng.below(n));
            }
            6 if n > 0 => {
                // change one character inside a token
                let i = rng.below(n);
                let chars: Vec<char> = out[i].chars().collect();
                let j = rng.below(chars.len().max(1));
                let mut s: String = chars.iter().take(j).collect();
                s.push_str(rng.pick(PALETTE));
                s.extend(chars.iter().skip(j + 1));
                out[i] = s;
            }
            7 if n > 0 => {
                let i = rng.below(n);
                out[i] = rng.pick(PALETTE).to_string();
            }
            _ => {
                let joined: String = out.concat();
                let cut = rng.below(joined.len() + 1);
                let cut = (0..=cut).rev().find(|&c| joined.is_char_boundary(c)).unwrap_or(0);
                out = vec![joined[..cut].to_string()];
            }
        }
    }
    out.concat()
}

/// A random run of Go tokens and fragments: what the grammar never makes.
fn token_soup(rng: &mut Rng) -> String {
    const TOKENS: &[&str] = &[
        "x",
        "y",
        "T",
        "_",
        "1",
        "0x1",
        "1.5",
        "1i",
        "'a'",
        "\"s\"",
        "`r`",
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
        "continue",
        "default",
        "defer",
        "else",
        "fallthrough",
        "for",
        "func",
        "go",
        "goto",
        "if",
        "import",
        "interface",
        "map",
        "package",
        "range",
        "return",
        "select",
        "struct",
        "switch",
        "type",
        "var",
        "\n",
        " ",
        "/* c */",
        "// c\n",
    ];
    let n = 1 + rng.below(12);
    let mut out = String::new();
    for _ in 0..n {
        out.push_str(rng.pick(TOKENS));
        if rng.chance(50) {
            out.push(' ');
        }
    }
    out
}

/// Literal-like character runs, for the scanner's number and escape corners.
fn lexical_soup(rng: &mut Rng) -> String {
    const START: &[&str] = &["0", "1", "9", ".", "'", "\"", "`", "0x", "0b", "0o", "'\\", "\"\\", "/*line ", "//line "];
    const MORE: &[&str] = &[
        "0",
        "1",
        "7",
        "8",
        "9",
        "a",
        "f",
        "F",
        "g",
        "x",
        "X",
        "o",
        "b",
        "B",
        "p",
        "P",
        "e",
        "E",
        "i",
        "_",
        ".",
        "+",
        "-",
        "'",
        "\"",
        "`",
        "\\",
        "u",
        "U",
        "n",
        " ",
        "\n",
        ":",
        "é",
        "\u{D7FF}",
        "\u{10FFFF}",
    ];
    let mut out = rng.pick(START).to_string();
    for _ in 0..rng.below(10) {
        out.push_str(rng.pick(MORE));
    }
    out
}

/// Splits text into runs of word characters, single punctuation characters
/// and whitespace: rough tokens, enough for mutation.
fn rough_tokens(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let word = |c: char| c.is_alphanumeric() || c == '_';
        if word(c) {
            while let Some(&(_, d)) = chars.peek() {
                if !word(d) {
                    break;
                }
                chars.next();
            }
        }
        let end = chars.peek().map_or(text.len(), |&(j, _)| j);
        tokens.push(&text[start.max(i)..end]);
        start = end;
    }
    tokens
}

/// `PARSER_DIFF_SEED` and `PARSER_DIFF_SCALE` (a multiplier) explore further
/// than the default, deterministic corpus.
fn corpus() -> Vec<String> {
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let seed = env("PARSER_DIFF_SEED").filter(|&s| s != 0).unwrap_or(SEED);
    let scale = env("PARSER_DIFF_SCALE").unwrap_or(1).max(1) as usize;
    let mut rng = Rng(seed);
    let mut g = Gen { rng: Rng(seed ^ 0xD1B5_4A32_D192_ED03) };
    let mut out: Vec<String> = SEEDS.iter().map(|s| s.to_string()).collect();
    let generated: Vec<String> = (0..7_000 * scale).map(|_| g.condition()).collect();
    for _ in 0..8 * scale {
        for seed in SEEDS {
            out.push(mutate(&mut rng, seed));
        }
    }
    for text in &generated {
        if rng.chance(60) {
            let once = mutate(&mut rng, text);
            out.push(if rng.chance(15) { mutate(&mut rng, &once) } else { once });
        }
    }
    for _ in 0..1_000 * scale {
        out.push(token_soup(&mut rng));
        out.push(lexical_soup(&mut rng));
    }
    out.extend(generated);
    // one error per line: go/parser gives up when there would be a 12th
    for n in [10, 11, 12] {
        out.push(format!("func() {{\n{}}}", "go x\n".repeat(n)));
    }
    // recovery stops at a statement keyword: an operand missing at `if`
    // stops there, the statement's end stops there a second time, then the
    // `if` statement is parsed; each line's `if` is a new place to stop
    // (the sixth line's stops are the eleventh and twelfth)
    for n in [1, 2, 6] {
        out.push(format!("func() {{\n{}}}", "x = if y {}\n".repeat(n)));
    }
    // nesting around go/parser's limit (100,000 levels)
    for n in [50_000, 99_998, 99_999] {
        out.push(format!("{}x{}", "(".repeat(n), ")".repeat(n)));
    }
    for n in [99_998, 99_999] {
        out.push(format!("x{}", ".a".repeat(n)));
        out.push(format!("x{}", "+a".repeat(n)));
    }
    out.push("-".repeat(99_999) + "x");
    out.push("[".repeat(100_000));
    // Flat chains: go/parser counts every operand of a binary chain as a
    // nesting level, so a chain of 100,000 `||` is as deep as 100,000 parens
    // (a 5 MB generated condition is rejected by Delve too).
    for n in [99_998, 99_999, 1_000_000] {
        out.push(format!("x{}", " || x".repeat(n)));
        out.push(format!("a{}", "&&a".repeat(n)));
    }
    out.push(format!("a{}", "||a&&a==a+a*a".repeat(50_000)));
    out
}

struct GoVerdict {
    ok: bool,
    error: String,
}

fn build_helper() -> (PathBuf, PathBuf) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/goparse");
    let dir = std::env::temp_dir().join(format!("dlvbridge-goparse-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a temporary directory for the Go helper");
    let bin = dir.join(if cfg!(windows) { "goparse.exe" } else { "goparse" });
    let status = Command::new("go")
        .args(["build", "-o"])
        .arg(&bin)
        .arg(".")
        .current_dir(&src)
        .env("GOTOOLCHAIN", "local") // the installed Go, never a download
        .status()
        .unwrap_or_else(|e| panic!("`go` is needed to build tests/goparse (Go 1.26 or later): {e}"));
    assert!(status.success(), "`go build` of tests/goparse failed");
    (dir, bin)
}

fn go_verdicts(bin: &Path, inputs: &[String]) -> Vec<GoVerdict> {
    let mut child =
        Command::new(bin).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("start the goparse helper");
    let mut stdin = child.stdin.take().expect("helper stdin");
    let lines: Vec<String> = inputs.iter().map(|s| serde_json::to_string(s).expect("encode input")).collect();
    let writer = std::thread::spawn(move || {
        let mut w = std::io::BufWriter::new(&mut stdin);
        for line in lines {
            writeln!(w, "{line}").expect("write to goparse");
        }
        w.flush().expect("flush goparse input");
    });
    let stdout = child.stdout.take().expect("helper stdout");
    let mut verdicts = Vec::with_capacity(inputs.len());
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("read goparse output");
        let v: serde_json::Value = serde_json::from_str(&line).expect("goparse prints JSON");
        verdicts.push(GoVerdict {
            ok: v["ok"].as_bool().expect("ok field"),
            error: v["error"].as_str().unwrap_or_default().to_string(),
        });
    }
    writer.join().expect("writer thread");
    assert!(child.wait().expect("wait for goparse").success(), "goparse failed");
    assert_eq!(verdicts.len(), inputs.len(), "goparse answered every input");
    verdicts
}

/// Our first diagnostic as go/parser's `ErrorList.Error` starts: "line:col: msg".
fn our_first_error(text: &str) -> Option<String> {
    let parse = parse(text);
    let d = parse.diagnostics.first()?;
    let (line, col) = go_position(text, d.span.start);
    Some(format!("{line}:{col}: {}", d.message))
}

/// go/token's line and column of a byte offset: no line starts at EOF.
fn go_position(text: &str, offset: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let starts =
        std::iter::once(0).chain((0..b.len()).filter(|&i| b[i] == b'\n').map(|i| i + 1).filter(|&s| s < b.len()));
    let (line, start) = starts.enumerate().take_while(|&(_, s)| s <= offset).last().unwrap_or((0, 0));
    (line + 1, offset - start + 1)
}

/// go/parser's first error without the " (and N more errors)" suffix.
fn go_first_error(error: &str) -> &str {
    match error.rfind(" (and ") {
        Some(i) if error.ends_with(" more errors)") => &error[..i],
        _ => error,
    }
}

/// How many errors go/parser found: its message ends in " (and N more
/// errors)" when there is more than one.
fn go_error_count(error: &str) -> usize {
    let more = error.strip_suffix(" more errors)").and_then(|head| head.rsplit_once(" (and ")).map(|(_, n)| n);
    more.and_then(|n| n.parse::<usize>().ok()).map_or(1, |n| n + 1)
}

/// The text as JSON, shortened unless `PARSER_DIFF_FULL` is set.
fn show(text: &str) -> String {
    let shown = serde_json::to_string(text).unwrap_or_default();
    if shown.len() > 160 && std::env::var_os("PARSER_DIFF_FULL").is_none() {
        format!("{}… ({} bytes)", &shown[..shown.floor_char_boundary(150)], text.len())
    } else {
        shown
    }
}

#[test]
fn parser_agrees_with_go_parser() {
    let (dir, bin) = build_helper();
    let inputs = corpus();
    let verdicts = go_verdicts(&bin, &inputs);
    let _ = std::fs::remove_dir_all(&dir);

    let mut accepted = 0;
    let mut disagreements = Vec::new();
    let mut message_mismatches = Vec::new();
    let mut count_mismatches = Vec::new();
    let mut round_trip_failures = Vec::new();
    for (text, go) in inputs.iter().zip(&verdicts) {
        let ours = parse(text);
        let ours_ok = ours.diagnostics.is_empty();
        if ours_ok != go.ok {
            let ours_said = ours.diagnostics.first().map_or("accepted".to_string(), |d| d.to_string());
            let go_said = if go.ok { "accepted" } else { &go.error };
            disagreements.push(format!("{}\n    go: {go_said}\n    we: {ours_said}", show(text)));
            continue;
        }
        if go.ok {
            accepted += 1;
            if text.len() > 10_000 {
                continue; // trees of very deeply nested text are cut short
            }
            let printed = ours.expr.to_go_source(text);
            let again = parse(&printed);
            if !again.diagnostics.is_empty() || again.expr.to_sexpr() != ours.expr.to_sexpr() {
                round_trip_failures.push(format!(
                    "{}\n    printed: {}\n    tree:    {}\n    again:   {}  {:?}",
                    show(text),
                    show(&printed),
                    ours.expr.to_sexpr(),
                    again.expr.to_sexpr(),
                    again.diagnostics.first().map(|d| d.to_string())
                ));
            }
        } else if !text.contains("line ") {
            // //line directives move go/parser's positions; ours stay in the text
            let ours_first = our_first_error(text).unwrap_or_default();
            let go_first = go_first_error(&go.error);
            if ours_first != go_first {
                message_mismatches.push(format!("{}\n    go: {go_first}\n    we: {ours_first}", show(text)));
            } else if ours.diagnostics.len() != go_error_count(&go.error) {
                // the errors after the first: go/parser keeps one per line and stops after 11
                count_mismatches.push(format!(
                    "{}\n    go: {} errors\n    we: {} errors",
                    show(text),
                    go_error_count(&go.error),
                    ours.diagnostics.len()
                ));
            }
        }
    }
    let total = inputs.len();
    let rejected = total - accepted - disagreements.len();
    println!(
        "differential: {total} expressions, {accepted} accepted, {rejected} rejected by both, {} disagreements, \
         {} first-error mismatches, {} error-count mismatches, {} round-trip failures",
        disagreements.len(),
        message_mismatches.len(),
        count_mismatches.len(),
        round_trip_failures.len()
    );
    let report = |what: &str, list: &[String]| {
        if list.is_empty() {
            return String::new();
        }
        let shown: Vec<&str> = list.iter().take(30).map(String::as_str).collect();
        format!("{} {what} (first {}):\n{}\n", list.len(), shown.len(), shown.join("\n"))
    };
    let failures = [
        report("acceptance disagreements with go/parser", &disagreements),
        report("first-error mismatches", &message_mismatches),
        report("error-count mismatches", &count_mismatches),
        report("round-trip failures", &round_trip_failures),
    ]
    .concat();
    assert!(failures.is_empty(), "{failures}");
    assert!(total >= 12_000, "the corpus has {total} expressions");
    assert!(accepted * 10 >= total * 3, "only {accepted} of {total} accepted");
    assert!(rejected * 10 >= total * 3, "only {rejected} of {total} rejected");
}
