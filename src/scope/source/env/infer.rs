//! The types of expressions as initializers and assignments use them:
//! literals, operators, selectors, indexing, calls (builtins included)
//! and conversions.

use std::collections::HashMap;

use tree_sitter::Node;

use super::{Deeper, TypeEnv, subst};
use crate::expr::types::{Basic, Type, Untyped};
use crate::scope::source::consts;

impl<'a> TypeEnv<'a> {
    /// The type of a single-valued expression, with untyped constants kept
    /// untyped (the caller applies the default type where Go would).
    pub fn infer(&self, n: Node) -> Type {
        let Some(_guard) = Deeper::enter(&self.depth) else { return Type::Unknown };
        match n.kind() {
            "int_literal" => Type::Untyped(Untyped::Int),
            "float_literal" => Type::Untyped(Untyped::Float),
            "imaginary_literal" => Type::Untyped(Untyped::Complex),
            "rune_literal" => Type::Untyped(Untyped::Rune),
            "interpreted_string_literal" | "raw_string_literal" => Type::Untyped(Untyped::String),
            "true" | "false" => Type::Untyped(Untyped::Bool),
            // `nil` (and `iota`) fall to the unknown: a variable never
            // takes its type from either, and a generic call's argument
            // that is nil infers nothing (Go rejects the program where a
            // type parameter has only nil and constants to go by).
            "identifier" => self.value_type(self.text(n)),
            "parenthesized_expression" => n.named_child(0).map_or(Type::Unknown, |c| self.infer(c)),
            "composite_literal" => match n.child_by_field_name("type") {
                Some(t) if t.kind() == "implicit_length_array_type" => {
                    let elem = t.child_by_field_name("element").map_or(Type::Unknown, |e| self.resolve_type(e));
                    let len = n.child_by_field_name("body").and_then(|b| {
                        let mut c = b.walk();
                        let elems: Vec<Node> = b.named_children(&mut c).filter(|e| e.kind() != "comment").collect();
                        elems.iter().all(|e| e.kind() == "literal_element").then_some(elems.len() as u64)
                    });
                    Type::Array(len, Box::new(elem))
                }
                Some(t) => self.resolve_type(t),
                None => Type::Unknown,
            },
            "func_literal" => Type::Func(Box::new(self.signature(n))),
            "unary_expression" => {
                let (Some(op), Some(x)) = (n.child_by_field_name("operator"), n.child_by_field_name("operand")) else {
                    return Type::Unknown;
                };
                match self.text(op) {
                    "&" => match self.infer(x) {
                        Type::Untyped(_) => Type::Unknown,
                        t => Type::pointer_to(t),
                    },
                    "*" => match self.underlying(&self.infer(x)) {
                        Type::Pointer(p) => *p,
                        _ => Type::Unknown,
                    },
                    "<-" => match self.underlying(&self.infer(x)) {
                        Type::Chan(_, e) => *e,
                        _ => Type::Unknown,
                    },
                    "!" | "-" | "+" | "^" => self.infer(x),
                    _ => Type::Unknown,
                }
            }
            "binary_expression" => {
                let (Some(op), Some(a), Some(b)) =
                    (n.child_by_field_name("operator"), n.child_by_field_name("left"), n.child_by_field_name("right"))
                else {
                    return Type::Unknown;
                };
                let op = self.text(op);
                if consts::is_comparison(op) {
                    return Type::Untyped(Untyped::Bool);
                }
                let (ta, tb) = (self.infer(a), self.infer(b));
                if op == "<<" || op == ">>" {
                    // An untyped left operand takes its type from the context.
                    return match ta {
                        Type::Untyped(_) if self.eval_const(n).is_some() => ta,
                        Type::Untyped(_) => Type::Unknown,
                        t => t,
                    };
                }
                if ta.is_unknown() || tb.is_unknown() {
                    return Type::Unknown;
                }
                consts::arith_type(&ta, &tb)
            }
            "call_expression" => {
                let r = self.call_results(n);
                if r.len() == 1 { r.into_iter().next().unwrap_or(Type::Unknown) } else { Type::Unknown }
            }
            "type_conversion_expression" => {
                let Some(t) = n.child_by_field_name("type") else { return Type::Unknown };
                // `F[int](x)` parses as a conversion.
                if let Some(callee) = self.generic_callee(t) {
                    let args: Vec<Node> = n.child_by_field_name("operand").into_iter().collect();
                    let r = self.generic_call(&callee, &callee.explicit, &args).1;
                    return if r.len() == 1 { r.into_iter().next().unwrap_or(Type::Unknown) } else { Type::Unknown };
                }
                self.resolve_type(t)
            }
            "index_expression" | "type_instantiation_expression" if self.generic_callee(n).is_some() => {
                // `F[int]`: the instantiated function as a value.
                let Some(callee) = self.generic_callee(n) else { return Type::Unknown };
                if callee.explicit.len() != callee.decl.type_params.len()
                    || callee.explicit.iter().any(|t| matches!(t, Type::Unknown))
                {
                    return Type::Unknown;
                }
                let map: HashMap<&str, &Type> =
                    callee.decl.type_params.iter().map(String::as_str).zip(callee.explicit.iter()).collect();
                let sig = Type::Func(Box::new(callee.decl.sig.clone()));
                let mut registry = self.registry_for(std::slice::from_ref(&sig), callee.pkg_path);
                let t = subst(&sig, &map, &mut registry);
                let mut insts = self.insts.borrow_mut();
                for (k, v) in registry {
                    if !self.members.insts.contains_key(&k) {
                        insts.entry(k).or_insert(v);
                    }
                }
                t
            }
            "type_assertion_expression" => {
                n.child_by_field_name("type").map_or(Type::Unknown, |t| self.resolve_type(t))
            }
            "selector_expression" => {
                let (Some(x), Some(f)) = (n.child_by_field_name("operand"), n.child_by_field_name("field")) else {
                    return Type::Unknown;
                };
                let field = self.text(f);
                if x.kind() == "identifier" {
                    if let Some(path) = self.package_of_ident(self.text(x)) {
                        return self.package_member_type(path, field);
                    }
                }
                self.member(&self.infer(x), field)
            }
            "index_expression" => {
                let Some(x) = n.child_by_field_name("operand") else { return Type::Unknown };
                let t = self.infer(x);
                match self.underlying(&t) {
                    // `elem` gives the rest: a string's byte, nothing of a func.
                    Type::Untyped(Untyped::String) => Type::Basic(Basic::Uint8),
                    _ => self.elem(&t).unwrap_or(Type::Unknown),
                }
            }
            "slice_expression" => {
                let Some(x) = n.child_by_field_name("operand") else { return Type::Unknown };
                let t = self.infer(x);
                match self.underlying(&t) {
                    Type::Basic(Basic::String) | Type::Slice(_) => t,
                    Type::Untyped(Untyped::String) => Type::Basic(Basic::String),
                    Type::Array(_, e) => Type::Slice(e),
                    Type::Pointer(p) => match self.underlying(&p) {
                        Type::Array(_, e) => Type::Slice(e),
                        _ => Type::Unknown,
                    },
                    _ => Type::Unknown,
                }
            }
            _ => Type::Unknown,
        }
    }

    /// The values an expression yields when assigned to `want` variables:
    /// a multi-result call, or a comma-ok form.
    pub fn infer_values(&self, n: Node, want: usize) -> Vec<Type> {
        let n = strip_parens(n);
        if want == 1 {
            return vec![self.infer(n)];
        }
        let ok = Type::Untyped(Untyped::Bool);
        match n.kind() {
            "call_expression" => {
                let r = self.call_results(n);
                if r.len() == want { r } else { vec![Type::Unknown; want] }
            }
            "index_expression" | "type_assertion_expression" if want == 2 => vec![self.infer(n), ok],
            "unary_expression"
                if want == 2 && n.child_by_field_name("operator").is_some_and(|o| self.text(o) == "<-") =>
            {
                vec![self.infer(n), ok]
            }
            _ => vec![Type::Unknown; want],
        }
    }

    pub(super) fn value_type(&self, name: &str) -> Type {
        if let Some((_, l)) = self.lookup_local(name) {
            return l.ty.clone();
        }
        if let Some((t, _)) = self.members.vars.get(name) {
            return t.clone();
        }
        if let Some((c, _)) = self.members.consts.get(name) {
            return c.ty.clone();
        }
        if let Some(f) = self.members.funcs.get(name) {
            // A generic function is a value only once instantiated, and its
            // type parameters must not leak into other code's types.
            return if f.generic { Type::Unknown } else { Type::Func(Box::new(f.sig.clone())) };
        }
        // A type's name is no value; `true`, `false`, `nil` and `iota` are
        // nodes of their own in tree-sitter-go, never an identifier.
        Type::Unknown
    }

    pub(super) fn package_member_type(&self, path: &str, name: &str) -> Type {
        let Some(pkg) = self.loaded.get(path) else { return Type::Unknown };
        let m = &pkg.members;
        if let Some((t, _)) = m.vars.get(name) {
            return t.clone();
        }
        if let Some((c, _)) = m.consts.get(name) {
            return c.ty.clone();
        }
        if let Some(f) = m.funcs.get(name).filter(|f| !f.generic) {
            return Type::Func(Box::new(f.sig.clone()));
        }
        Type::Unknown
    }

    /// The result types of a call (or the one type of a conversion).
    pub fn call_results(&self, n: Node) -> Vec<Type> {
        let unknown = vec![Type::Unknown];
        let Some(f) = n.child_by_field_name("function") else { return unknown };
        let args = call_args(n);
        if let Some(callee) = self.generic_callee(f) {
            let mut explicit = callee.explicit.clone();
            if let Some(ta) = n.child_by_field_name("type_arguments") {
                explicit.extend(self.type_list(ta));
            }
            return self.generic_call(&callee, &explicit, &args).1;
        }
        if n.child_by_field_name("type_arguments").is_some() {
            return unknown;
        }
        if self.is_type_expr(f) {
            return vec![self.resolve_type(f)];
        }
        if f.kind() == "identifier" {
            let name = self.text(f);
            if !self.is_value(name) {
                if let Some(r) = self.builtin_call(name, &args) {
                    return r;
                }
            }
        }
        if f.kind() == "selector_expression" {
            if let (Some(x), Some(field)) = (f.child_by_field_name("operand"), f.child_by_field_name("field")) {
                if x.kind() == "identifier" {
                    if let Some(path) = self.package_of_ident(self.text(x)) {
                        if !self.loaded.contains_key(path) {
                            return match (path, self.text(field)) {
                                ("errors", "New") | ("fmt", "Errorf") => vec![Type::error()],
                                _ => unknown,
                            };
                        }
                    }
                }
            }
        }
        // Generic functions are handled above: any type parameter left in
        // a function value's type is one of the enclosing generic code.
        match self.underlying(&self.infer(f)) {
            Type::Func(sig) => sig.results,
            _ => unknown,
        }
    }

    pub(super) fn builtin_call(&self, name: &str, args: &[Node]) -> Option<Vec<Type>> {
        let first = || args.first().map(|a| self.infer(*a)).unwrap_or(Type::Unknown);
        Some(match name {
            "len" | "cap" | "copy" => vec![Type::Basic(Basic::Int)],
            "new" => vec![args.first().map_or(Type::Unknown, |a| Type::pointer_to(self.resolve_type(*a)))],
            "make" => vec![args.first().map_or(Type::Unknown, |a| self.resolve_type(*a))],
            "append" => vec![match first() {
                Type::Untyped(_) => Type::Unknown,
                t => t,
            }],
            "min" | "max" => {
                let mut t = first();
                for a in args.iter().skip(1) {
                    let u = self.infer(*a);
                    if t.is_unknown() || u.is_unknown() {
                        return Some(vec![Type::Unknown]);
                    }
                    t = consts::arith_type(&t, &u);
                }
                vec![t]
            }
            "recover" => vec![Type::Interface(Vec::new())],
            // The rest (`complex`, `real`, `imag`, whose result depends on
            // the argument's size, and those with no result) are the
            // caller's unknown.
            _ => return None,
        })
    }
}

/// The arguments of a call expression.
pub(crate) fn call_args(n: Node) -> Vec<Node> {
    n.child_by_field_name("arguments")
        .map(|a| {
            let mut c = a.walk();
            a.named_children(&mut c).filter(|x| x.kind() != "comment").collect()
        })
        .unwrap_or_default()
}

pub(super) fn strip_parens(mut n: Node) -> Node {
    while n.kind() == "parenthesized_expression" {
        match n.named_child(0) {
            Some(c) => n = c,
            None => break,
        }
    }
    n
}

/// The type a variable gets from an initializer: untyped constants take
/// their default type.
pub(crate) fn default_type(t: Type) -> Type {
    match t {
        Type::Untyped(u) => u.default_type().map_or(Type::Unknown, Type::Basic),
        t => t,
    }
}
