//! Expressions to ask Delve and the engine at one stop: valid ones built
//! from what Delve lists in the frame (names, members, comparisons with
//! values of the right kind), then mutations built from what the
//! generator declared (wrong names, fields and types, calls, conversions,
//! constants of each kind, operators across kinds, calls behind `&&`/`||`,
//! channel fields, members of type-parameter values, unsafe.Pointer
//! conversions). Each carries the rule that made it, which names the
//! class of a disagreement.

use std::collections::BTreeSet;

use super::program::{Kind, Pkg, Program, StopFn, Ty, Var, basic_kind};
use super::rng::Rng;

/// One expression and why it was generated.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Probe {
    pub expr: String,
    /// The generating rule (`listed`, `chan-field`, `call-behind-and`, …).
    pub rule: &'static str,
    /// The kind of the value the expression is about, when there is one.
    pub kind: Option<Kind>,
}

/// A variable Delve listed at the stop, flattened: top-level locals and
/// their children (`evaluateName`), two levels deep.
#[derive(Clone, Debug)]
pub struct Listed {
    /// What evaluates to it (`p.X`, `m["k"]`, `ch.qcount`).
    pub expr: String,
    /// Its name in its parent's list (`X`, `qcount`).
    pub name: String,
    /// Delve's type for it.
    pub ty: String,
    pub value: String,
    pub depth: u32,
    /// The `expr` of the parent (empty at the top).
    pub parent: String,
}

/// What the generator knows about one stop.
pub struct StopContext<'a> {
    pub program: &'a Program,
    pub stop: &'a StopFn,
    pub pkg: Pkg,
    /// The variables visible there, with types at this hit.
    pub vars: Vec<Var>,
    pub listed: &'a [Listed],
}

struct Out {
    probes: Vec<Probe>,
    seen: BTreeSet<String>,
}

impl Out {
    fn add(&mut self, rule: &'static str, kind: Option<Kind>, expr: impl Into<String>) {
        let expr = expr.into();
        if self.seen.insert(expr.clone()) {
            self.probes.push(Probe { expr, rule, kind });
        }
    }
}

/// Every probe for the stop; the caller samples them.
pub fn probes(ctx: &StopContext, rng: &mut Rng) -> Vec<Probe> {
    let mut out = Out { probes: Vec::new(), seen: BTreeSet::new() };
    from_listing(ctx, &mut out);
    for v in &ctx.vars {
        about_variable(ctx, v, rng, &mut out);
    }
    pairs(ctx, &mut out);
    globals(ctx, &mut out);
    types_and_calls(ctx, rng, &mut out);
    constants(&mut out);
    out.probes
}

/// The kind of a value Delve shows with type `ty`.
pub fn delve_kind(program: &Program, ty: &str) -> Option<Kind> {
    let ty = ty.trim();
    if ty.starts_with('*') {
        return Some(Kind::Pointer);
    }
    if ty.starts_with("[]") {
        return Some(Kind::Slice);
    }
    if ty.starts_with('[') {
        return Some(Kind::Array);
    }
    if ty.starts_with("map[") {
        return Some(Kind::Map);
    }
    if ty.starts_with("chan ") || ty.starts_with("<-chan ") || ty.starts_with("chan<- ") {
        return Some(Kind::Chan);
    }
    if ty.starts_with("func(") {
        return Some(Kind::Func);
    }
    if ty.starts_with("struct {") {
        return Some(Kind::Struct);
    }
    match ty {
        "interface {}" | "error" | "any" => return Some(Kind::Interface),
        "unsafe.Pointer" => return Some(Kind::UnsafePointer),
        "int" | "int8" | "int16" | "int32" | "int64" | "uint" | "uint8" | "uint16" | "uint32" | "uint64"
        | "uintptr" | "float32" | "float64" | "complex64" | "complex128" | "bool" | "string" => {
            return Some(basic_kind(ty));
        }
        _ => {}
    }
    let base = ty.split('[').next().unwrap_or(ty);
    program.named_types().find(|(i, _)| program.qualified(*i) == base).map(|(i, _)| program.kind(&Ty::Named(i)))
}

fn is_plain_number(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == 'e' || c == '+' || c == '-')
}

/// A Go string literal Delve printed, when it is safe to paste back.
fn plain_string(value: &str) -> Option<&str> {
    (value.starts_with('"') && value.ends_with('"') && value.len() >= 2 && !value.contains("...") && value.is_ascii())
        .then_some(value)
}

fn from_listing(ctx: &StopContext, out: &mut Out) {
    for l in ctx.listed {
        if l.expr.is_empty() || l.expr.contains('(') && l.depth == 0 {
            continue; // shadowed `(x)` and `~r0` cannot be named
        }
        let kind = delve_kind(ctx.program, &l.ty);
        let e = if l.expr.contains(' ') { format!("({})", l.expr) } else { l.expr.clone() };
        out.add(if l.depth == 0 { "listed-local" } else { "listed" }, kind, e.clone());
        let nil = l.value == "nil" || l.value.ends_with("nil") || l.value.contains("(nil)");
        match kind {
            Some(Kind::Int | Kind::Uint) => {
                if is_plain_number(&l.value) {
                    out.add("listed-cmp", kind, format!("{e} == {}", l.value));
                }
                out.add("listed-cmp", kind, format!("{e} != 0"));
                out.add("listed-cmp", kind, format!("{e}+1 > {e}"));
            }
            Some(Kind::Float) => {
                if is_plain_number(&l.value) {
                    out.add("listed-cmp", kind, format!("{e} == {}", l.value));
                }
                out.add("listed-cmp", kind, format!("{e} > 0.5"));
            }
            Some(Kind::Complex) => {
                out.add("listed-cmp", kind, format!("real({e}) > 0"));
                out.add("listed-cmp", kind, format!("imag({e}) != 0"));
            }
            Some(Kind::Bool) => {
                out.add("listed-cmp", kind, format!("!{e}"));
                out.add("listed-cmp", kind, format!("{e} == true"));
                out.add("listed-cmp", kind, format!("{e} || true"));
            }
            Some(Kind::String) => {
                if let Some(v) = plain_string(&l.value) {
                    out.add("listed-cmp", kind, format!("{e} == {v}"));
                }
                out.add("listed-cmp", kind, format!("len({e}) > 0"));
                out.add("listed-cmp", kind, format!("{e} != \"\""));
            }
            Some(Kind::Pointer) => {
                out.add("listed-cmp", kind, format!("{e} != nil"));
                if !nil {
                    out.add("listed-deref", kind, format!("*{e}"));
                }
            }
            Some(Kind::Slice) => {
                out.add("listed-cmp", kind, format!("len({e}) > 0"));
                out.add("listed-cmp", kind, format!("{e} == nil"));
                out.add("listed-cmp", kind, format!("cap({e})"));
            }
            Some(Kind::Array) => out.add("listed-cmp", kind, format!("len({e}) == len({e})")),
            Some(Kind::Map) => {
                out.add("listed-cmp", kind, format!("len({e}) >= 1"));
                out.add("listed-cmp", kind, format!("{e} != nil"));
            }
            Some(Kind::Chan) => {
                out.add("listed-cmp", kind, format!("len({e}) < cap({e})"));
                out.add("listed-cmp", kind, format!("{e} != nil"));
            }
            Some(Kind::Func | Kind::Interface | Kind::UnsafePointer) => {
                out.add("listed-cmp", kind, format!("{e} != nil"))
            }
            Some(Kind::Struct) => out.add("listed-cmp", kind, format!("{e} == {e}")),
            _ => {}
        }
    }
}

/// Expressions about one declared variable, built from its type.
fn about_variable(ctx: &StopContext, v: &Var, rng: &mut Rng, out: &mut Out) {
    let p = ctx.program;
    let n = v.name.as_str();
    let kind = p.kind(&v.ty);
    let k = Some(kind);
    let generic = matches!(v.ty, Ty::Param(_)) || ctx.stop.calls.iter().any(|c| !c.type_args.is_empty());
    let tp = |rule: &'static str, in_generic: &'static str| if generic { in_generic } else { rule };

    // Names.
    out.add("wrong-name", k, typo(n));
    out.add("wrong-name", k, format!("{n}.nope"));
    out.add(tp("wrong-field", "type-param-wrong-field"), k, format!("{n}.Nope == 1"));
    out.add("qualified-local", k, format!("{}.{n}", p.pkg_name(ctx.pkg)));

    // Operators across kinds and constants of each kind.
    let consts = ["1", "-1", "1.5", "'a'", "\"s\"", "true", "nil", "1i", "0x10"];
    let c = rng.pick(&consts);
    out.add(tp("cmp-const", "type-param-cmp-const"), k, format!("{n} == {c}"));
    let c = rng.pick(&consts);
    out.add(tp("cmp-const", "type-param-cmp-const"), k, format!("{n} != {c}"));
    let op = rng.pick(&["+", "-", "*", "/", "%", "&", "|", "<<", "&&", "<", ">="]);
    let c = rng.pick(&consts);
    out.add(tp("binary-op", "type-param-op"), k, format!("{n} {op} {c}"));
    let un = rng.pick(&["-", "!", "^", "*", "&"]);
    out.add(tp("unary-op", "type-param-op"), k, format!("{un}{n}"));
    out.add("builtin", k, format!("len({n})"));
    out.add("index", k, format!("{n}[0]"));
    out.add("conversion", k, format!("{}({n})", rng.pick(&["int", "int64", "float64", "string", "uint8", "bool"])));
    out.add("conversion-alias", k, format!("{}({n})", rng.pick(&["byte", "rune"])));
    out.add("call-var", k, format!("{n}(1)"));
    out.add("call-behind-and", k, format!("false && describe({n}) == \"\""));
    out.add("call-behind-or", k, format!("true || fmt.Sprint({n}) == \"\""));
    out.add("assert", k, format!("{n}.(int)"));
    out.add("iface-conversion", k, format!("interface{{}}({n})"));
    out.add("iface-conversion", k, format!("(\"interface {{}}\")({n})"));

    match kind {
        Kind::Int | Kind::Uint => {
            out.add("valid-arith", k, format!("{n}*2 + 1 > 0"));
            out.add("shift", k, format!("{n} << 2"));
            out.add("mixed-const", k, format!("{n} == 2.5"));
            out.add("mixed-const", k, format!("{n} == 2.0"));
            out.add("mixed-const", k, format!("{n} + 'a'"));
            out.add("div-zero", k, format!("{n} / 0"));
            out.add("conversion", k, format!("float64({n}) > 1.5"));
            out.add("conversion", k, format!("int64({n}) == int64(1)"));
            out.add("conversion", k, format!("uintptr({n})"));
            out.add("conversion", k, format!("string({n})"));
            out.add("overflow", k, format!("{n} == 1 << 70"));
        }
        Kind::Float => {
            out.add("valid-arith", k, format!("{n}*2 > 1"));
            out.add("mixed-const", k, format!("{n} == 1"));
            out.add("bad-op", k, format!("{n} % 2"));
            out.add("bad-op", k, format!("{n} << 1"));
            out.add("conversion", k, format!("int({n}) == 1"));
            out.add("conversion", k, format!("float32({n})"));
        }
        Kind::Complex => {
            out.add("valid-arith", k, format!("{n} == complex(1, 2)"));
            out.add("complex", k, format!("{n} == 1i"));
            out.add("complex", k, format!("{n} < {n}"));
            out.add("conversion", k, format!("complex64({n})"));
            out.add("conversion", k, format!("complex128({n})"));
            out.add("builtin", k, format!("real({n}) + imag({n})"));
        }
        Kind::Bool => {
            out.add("valid-logic", k, format!("{n} && !{n}"));
            out.add("mixed-const", k, format!("{n} == 1"));
            out.add("bad-op", k, format!("{n} + 1"));
            out.add("bad-op", k, format!("-{n}"));
        }
        Kind::String => {
            out.add("valid-string", k, format!("{n} + \"x\" != \"\""));
            out.add("valid-string", k, format!("len({n}) > 0 && {n}[0] == 'a'"));
            out.add("string-index", k, format!("{n}[0]"));
            out.add("string-slice", k, format!("{n}[1:]"));
            out.add("conversion", k, format!("[]byte({n})"));
            out.add("conversion", k, format!("[]rune({n})"));
            out.add("mixed-const", k, format!("{n} == 1"));
            out.add("mixed-const", k, format!("{n} + 1"));
            out.add("bad-op", k, format!("{n} < 1.5"));
        }
        Kind::Pointer => {
            out.add("valid-nil", k, format!("{n} != nil"));
            out.add("deref", k, format!("*{n}"));
            out.add("bad-op", k, format!("{n} + 1"));
            out.add("mixed-const", k, format!("{n} == 0"));
            out.add("conversion", k, format!("uintptr({n}) != 0"));
            out.add("unsafe-conversion", k, format!("unsafe.Pointer({n})"));
        }
        Kind::UnsafePointer => {
            out.add("valid-nil", k, format!("{n} != nil"));
            out.add("unsafe-deref", k, format!("*{n}"));
            out.add("unsafe-member", k, format!("{n}.X"));
            out.add("unsafe-uintptr", k, format!("uintptr({n}) != 0"));
            out.add("unsafe-cmp", k, format!("{n} == 0"));
        }
        Kind::Slice | Kind::Array => {
            out.add("valid-len", k, format!("len({n}) >= 0 && cap({n}) >= 0"));
            out.add("slice", k, format!("{n}[0:1]"));
            out.add("slice3", k, format!("{n}[0:1:1]"));
            out.add("index-const", k, format!("{n}[9]"));
            out.add("index-negative", k, format!("{n}[-1]"));
            out.add("index-string", k, format!("{n}[\"a\"]"));
            out.add("cmp-same", k, format!("{n} == {n}"));
            out.add("valid-guard", k, format!("len({n}) > 0 && {n}[0] == {n}[0]"));
        }
        Kind::Map => {
            out.add("valid-len", k, format!("len({n}) >= 0"));
            out.add("map-key", k, format!("{n}[\"k0\"]"));
            out.add("map-key", k, format!("{n}[1]"));
            out.add("map-key", k, format!("{n}[k0]"));
            out.add("cmp-same", k, format!("{n} == {n}"));
            out.add("bad-op", k, format!("cap({n})"));
            out.add("map-field", k, format!("{n}.k0"));
        }
        Kind::Chan => {
            for f in ["qcount", "dataqsiz", "closed", "elemsize", "sendx", "recvx", "buf", "recvq", "sendq"] {
                out.add("chan-field", k, format!("{n}.{f}"));
            }
            out.add("chan-field", k, format!("{n}.qcount == 1"));
            out.add("chan-field", k, format!("{n}.closed == 0"));
            out.add("chan-field", k, format!("{n}.dataqsiz > 0 && {n}.qcount <= {n}.dataqsiz"));
            out.add("chan-wrong-field", k, format!("{n}.nope"));
            out.add("chan-wrong-field", k, format!("{n}.Qcount"));
            out.add("chan-builtin", k, format!("len({n}) > 0 && cap({n}) > 0"));
            out.add("receive", k, format!("<-{n}"));
            out.add("cmp-same", k, format!("{n} == {n}"));
        }
        Kind::Func => {
            out.add("valid-nil", k, format!("{n} == nil"));
            out.add("call-var", k, format!("{n}(1) == \"\""));
            out.add("func-member", k, format!("{n}.base"));
            out.add("func-member", k, format!("{n}.prefix"));
            out.add("cmp-same", k, format!("{n} == {n}"));
            out.add("call-behind-and", k, format!("{n} != nil && {n}(1) == 2"));
        }
        Kind::Interface => {
            out.add("valid-nil", k, format!("{n} != nil"));
            for (i, t) in p.named_types() {
                if t.params.is_empty() && !matches!(t.def, super::program::TypeDef::Interface(_)) && rng.chance(30) {
                    out.add("assert", k, format!("{n}.({})", p.qualified(i)));
                    out.add("assert", k, format!("{n}.(*{})", p.qualified(i)));
                }
            }
            out.add("assert", k, format!("{n}.(string)"));
            out.add("assert", k, format!("{n}.(error)"));
            out.add("assert-unqualified", k, format!("{n}.({})", rng.pick(&["Point", "Job", "Item", "CodeErr"])));
            out.add("iface-member", k, format!("{n}.Code"));
            out.add("iface-member", k, format!("{n}.Msg == \"bad\""));
            out.add("iface-member", k, format!("{n}.X"));
            out.add("method-call", k, format!("{n}.Error()"));
            out.add("iface-conversion", k, format!("(\"error\")({n})"));
            out.add("iface-cmp", k, format!("{n} == 1"));
            out.add("iface-cmp", k, format!("{n} == \"s\""));
        }
        Kind::Struct => {
            out.add("cmp-same", k, format!("{n} == {n}"));
            out.add("struct-nil", k, format!("{n} == nil"));
            out.add("addr", k, format!("&{n}"));
            out.add("addr", k, format!("(&{n}) != nil"));
        }
        Kind::TypeParam => {}
    }

    // Members: fields (promoted ones too), wrong fields, methods.
    let (target, through_pointer) = match &v.ty {
        Ty::Pointer(t) => ((**t).clone(), true),
        t => (t.clone(), false),
    };
    let fields = p.struct_fields(&target);
    let member_rule = |r: &'static str, g: &'static str| if generic { g } else { r };
    for (f, fty, embedded) in &fields {
        let fk = Some(p.kind(fty));
        out.add(member_rule("field", "type-param-field"), fk, format!("{n}.{f}"));
        if through_pointer {
            out.add(member_rule("field", "type-param-field"), fk, format!("(*{n}).{f}"));
            out.add("guarded-field", fk, format!("{n} != nil && {n}.{f} == {n}.{f}"));
        }
        out.add("wrong-field", fk, format!("{n}.{}", flip_case(f)));
        if *embedded {
            for (g, gty, _) in p.struct_fields(fty) {
                out.add(member_rule("promoted-field", "type-param-field"), Some(p.kind(&gty)), format!("{n}.{g}"));
                out.add("embedded-path", Some(p.kind(&gty)), format!("{n}.{f}.{g}"));
            }
        }
        // One level further: fields of a struct field (`b.V.Title`).
        let (inner, _) = match fty {
            Ty::Pointer(t) => ((**t).clone(), true),
            t => (t.clone(), false),
        };
        if !*embedded {
            for (g, gty, _) in p.struct_fields(&inner).into_iter().take(3) {
                out.add(member_rule("nested-field", "type-param-field"), Some(p.kind(&gty)), format!("{n}.{f}.{g}"));
            }
        }
        if p.kind(fty) == Kind::Chan {
            out.add("chan-field", fk, format!("{n}.{f}.qcount"));
            out.add("chan-field", fk, format!("{n}.{f}.dataqsiz >= 0"));
        }
        if matches!(p.kind(fty), Kind::Int | Kind::Uint) {
            out.add(member_rule("field-cmp", "type-param-field"), fk, format!("{n}.{f} == 1"));
            out.add("field-mixed", fk, format!("{n}.{f} == \"s\""));
        }
    }
    for (m, _) in p.methods(&v.ty) {
        out.add("method-value", k, format!("{n}.{m}"));
        out.add("method-call", k, format!("{n}.{m}()"));
        out.add("call-behind-and", k, format!("false && {n}.{m}() == {n}.{m}()"));
    }
    if let Ty::Named(i) = &target {
        let q = p.qualified(*i);
        let unq = &p.types[*i].name;
        let e = if through_pointer { format!("*{n}") } else { n.to_string() };
        out.add("conversion-qualified", k, format!("{q}({e})"));
        out.add("conversion-unqualified", k, format!("{unq}({e})"));
        out.add("conversion-unqualified", k, format!("{n} != nil && {unq}({e}) == {unq}({e})"));
        out.add("conversion-quoted", k, format!("(\"{q}\")({e})"));
    }
    if kind == Kind::UnsafePointer {
        for (i, t) in p.named_types() {
            if let super::program::TypeDef::Struct(fs) = &t.def
                && t.params.is_empty()
            {
                let q = p.qualified(i);
                out.add("unsafe-to-pointer", Some(Kind::Pointer), format!("(*{q})({n})"));
                if let Some(f) = fs.iter().find_map(|f| f.name.clone()) {
                    out.add("unsafe-to-pointer", Some(Kind::Pointer), format!("(*{q})({n}).{f}"));
                }
                out.add("unsafe-to-pointer-unqualified", Some(Kind::Pointer), format!("(*{})({n})", t.name));
            }
        }
        out.add("unsafe-to-pointer", Some(Kind::Pointer), format!("(*int)({n})"));
        out.add("unsafe-to-pointer", Some(Kind::Pointer), format!("*(*int)({n}) == 0"));
    }
    if let Ty::Pointer(t) = &v.ty {
        out.add("unsafe-conversion", k, format!("unsafe.Pointer({n}) != nil"));
        out.add("unsafe-roundtrip", k, format!("(*{})(unsafe.Pointer({n}))", p.delve_type(t)));
    }
}

/// Comparisons between two variables, of the same and of different types.
fn pairs(ctx: &StopContext, out: &mut Out) {
    let p = ctx.program;
    for (i, a) in ctx.vars.iter().enumerate() {
        for b in ctx.vars.iter().skip(i + 1) {
            let (ka, kb) = (p.kind(&a.ty), p.kind(&b.ty));
            if a.ty == b.ty {
                out.add("cmp-vars-same", Some(ka), format!("{} == {}", a.name, b.name));
            } else if ka == kb && matches!(ka, Kind::Int | Kind::Uint | Kind::Float | Kind::String | Kind::Bool) {
                out.add("cmp-vars-mismatched", Some(ka), format!("{} == {}", a.name, b.name));
                out.add("arith-vars-mismatched", Some(ka), format!("{} + {}", a.name, b.name));
            } else if ka != kb && (a.name.len() + b.name.len()) % 3 == 0 {
                out.add("cmp-vars-kinds", Some(ka), format!("{} == {}", a.name, b.name));
            }
        }
    }
}

fn globals(ctx: &StopContext, out: &mut Out) {
    let p = ctx.program;
    let here = p.pkg_name(ctx.pkg).to_string();
    for (pkg, g) in p.globals() {
        let k = Some(p.kind(&g.var.ty));
        let q = p.pkg_name(pkg);
        let rule = if g.used { "global" } else { "global-unused" };
        out.add(rule, k, format!("{q}.{}", g.var.name));
        if pkg == ctx.pkg {
            out.add(rule, k, g.var.name.clone());
        } else {
            out.add("global-other-pkg-unqualified", k, g.var.name.clone());
        }
        if pkg == Pkg::Lib {
            out.add(rule, k, format!("\"{}/{}\".{}", p.module, p.lib, g.var.name));
        }
        if matches!(p.kind(&g.var.ty), Kind::Map | Kind::Slice | Kind::Pointer | Kind::Chan | Kind::Interface) {
            out.add(rule, k, format!("{q}.{} != nil", g.var.name));
        }
    }
    out.add("global-missing", None, format!("{here}.nope"));
    out.add("global-missing", None, "main.gNothing".to_string());
    out.add("package-missing", None, "nopkg.X".to_string());
    out.add("runtime", None, "runtime.curg");
    out.add("runtime", None, "runtime.curg != nil");
    out.add("runtime", None, "runtime.curg.goid > 0");
    out.add("runtime", None, "runtime.frameoff");
    out.add("runtime", None, "runtime.threadid != 0");
}

fn types_and_calls(ctx: &StopContext, rng: &mut Rng, out: &mut Out) {
    let p = ctx.program;
    let lib = &p.lib;
    for (i, t) in p.named_types() {
        let q = p.qualified(i);
        let kind = p.kind(&Ty::Named(i));
        let k = Some(kind);
        let arg = match kind {
            Kind::Int | Kind::Uint => "3",
            Kind::Float => "1.5",
            Kind::Complex => "1i",
            Kind::Bool => "true",
            Kind::String => "\"s\"",
            _ => "nil",
        };
        if !t.params.is_empty() {
            out.add("generic-type", k, format!("{q}[int]{{}}"));
            out.add("generic-type", k, format!("(\"{q}[int]\")(nil)"));
            continue;
        }
        out.add("type-conversion", k, format!("{q}({arg})"));
        out.add("type-conversion-unqualified", k, format!("{}({arg})", t.name));
        if rng.chance(40) {
            out.add("type-conversion-quoted", k, format!("(\"{q}\")({arg})"));
        }
        out.add("type-as-value", k, q.clone());
        if matches!(kind, Kind::Int | Kind::Float | Kind::String | Kind::Bool) {
            out.add("type-conversion-cmp", k, format!("{q}({arg}) == {q}({arg})"));
        }
    }
    for (pkg, f) in p.funcs() {
        if f == "sink" || f == "ptrTo" {
            continue;
        }
        let q = p.pkg_name(pkg);
        out.add("func-value", Some(Kind::Func), format!("{q}.{f}"));
        out.add("call-func", None, format!("{q}.{f}(1)"));
        out.add("call-behind-and", None, format!("false && {q}.{f}(1) == \"\""));
        out.add("call-behind-or", None, format!("true || {q}.{f}(2) != \"\""));
        if pkg == ctx.pkg {
            out.add("call-func", None, format!("{f}(1)"));
            out.add("func-value", Some(Kind::Func), format!("{f} != nil"));
        }
    }
    out.add("call-missing", None, format!("{lib}.Nope(1)"));
    out.add("call-stdlib", None, "errors.Unwrap(nil) == nil".to_string());
    out.add("call-stdlib", None, "strings.ToUpper(\"a\")".to_string());
    out.add("call-builtin", None, "len(\"abc\") == 3".to_string());
    out.add("call-builtin", None, "min(1, 2) == 1".to_string());
    out.add("call-builtin", None, "new(int)".to_string());
    out.add("call-builtin", None, "make([]int, 1)".to_string());
    out.add("call-builtin", None, "append(nil, 1)".to_string());
}

fn constants(out: &mut Out) {
    for c in [
        "1",
        "-1",
        "1.5",
        "'a'",
        "\"s\"",
        "true",
        "false",
        "nil",
        "1i",
        "0x10",
        "1e3",
        "\"a\" + \"b\"",
        "1 << 3",
        "!true",
        "^0",
        "1 / 0",
        "1.5 % 2",
        "\"a\" < \"b\"",
        "'a' + 1",
        "1 + 1.5",
        "true && 1 == 1",
        "nil == nil",
        "int(1.5)",
        "float64(1) / 2",
        "uint8(300)",
        "string('a')",
        "len(\"é\")",
    ] {
        out.add("constant", None, c.to_string());
    }
}

/// A misspelling of `name` (a letter dropped or swapped).
fn typo(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() >= 3 {
        let mut c = chars.clone();
        c.swap(1, 2);
        let s: String = c.into_iter().collect();
        if s != name {
            return s;
        }
    }
    format!("{name}x")
}

fn flip_case(name: &str) -> String {
    let mut c = name.chars();
    match c.next() {
        Some(f) if f.is_uppercase() => f.to_lowercase().collect::<String>() + c.as_str(),
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
