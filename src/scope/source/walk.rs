//! The locals of the function stopped in: a walk of its body in source
//! order with Go's block scopes, recording every declaration, which blocks
//! enclose the stop line, and which outer variables a closure references.
//! The same walk, collecting, finds the instantiations of the package's
//! generics a declaration makes.

use tree_sitter::Node;

use super::build::{
    const_items, eval_const_spec, expr_list, line_of, names_of, receiver_type, spec_types, type_param_names, var_specs,
};
use super::consts::ConstVal;
use super::env::{Frame, Generic, Local, TypeEnv, call_args, default_type};
use std::collections::{HashMap, HashSet};

use crate::expr::scope::{Hidden, HiddenVar, VarKind, Variable};
use crate::expr::types::{Basic, FuncType, Named, StructField, Type, Untyped};

/// The first line on which Delve shows a non-parameter local declared on
/// `decl_line`: debug info declares it there, and Delve hides variables
/// whose declaration line is not before the stop line.
pub fn first_visible_line(decl_line: u32) -> u32 {
    decl_line + 1
}

#[derive(Debug)]
struct Decl {
    name: String,
    ty: Type,
    kind: VarKind,
    line: u32,
    /// Every block around the declaration contains the stop line.
    enclosing: bool,
    /// Frame index of the declaration and of its function's parameters.
    frame: usize,
    func_frame: usize,
    /// Referenced from inside the stopped-in closure, which it encloses.
    captured: bool,
}

pub(crate) struct Locals {
    pub locals: Vec<Variable>,
    pub hidden: Vec<HiddenVar>,
    pub complete: bool,
    /// Generic instantiations met in the function's types.
    pub insts: Vec<super::env::Inst>,
}

/// Function-like nodes: their bodies are Delve's functions.
fn is_func(n: Node) -> bool {
    matches!(n.kind(), "function_declaration" | "method_declaration" | "func_literal")
}

fn contains_row(n: Node, row: usize) -> bool {
    n.start_position().row <= row && row <= n.end_position().row
}

/// The top-level function-like node containing `row`, and the innermost one
/// Delve stops in. A function literal that starts on the stop line is
/// left to its enclosing function, whose statement runs first on that line.
pub(crate) fn functions_at(root: Node, row: usize) -> Option<(Node, Node)> {
    let mut c = root.walk();
    let top = root.named_children(&mut c).find(|n| contains_row(*n, row))?;
    let outer = if is_func(top) {
        top
    } else {
        innermost_func(top, row, None, true).or_else(|| innermost_func(top, row, None, false))?
    };
    let inner = innermost_func(outer, row, Some(outer), true).unwrap_or(outer);
    Some((outer, inner))
}

fn innermost_func<'t>(n: Node<'t>, row: usize, best: Option<Node<'t>>, skip_same_line: bool) -> Option<Node<'t>> {
    let mut c = n.walk();
    for ch in n.named_children(&mut c) {
        if !contains_row(ch, row) {
            continue;
        }
        if is_func(ch) {
            if skip_same_line && ch.start_position().row == row {
                continue;
            }
            return innermost_func(ch, row, Some(ch), skip_same_line);
        }
        if let Some(found) = innermost_func(ch, row, None, skip_same_line) {
            return Some(found);
        }
    }
    best
}

struct Walker<'a> {
    env: TypeEnv<'a>,
    row: usize,
    decls: Vec<Decl>,
    target: Node<'a>,
    target_frame: Option<usize>,
    in_target: bool,
    depth: u32,
    too_deep: bool,
    /// Scanning for instantiations of the package's generics: every type
    /// written and every generic call is resolved, and recorded in
    /// `env.uses`.
    collect: bool,
}

const MAX_WALK_DEPTH: u32 = 160;

/// Records in `env.uses` the instantiations of the package's generics
/// written in `item`, one top-level declaration (or type specification) of
/// `env.file` (`root`).
/// Returns the environment (its `insts` holding every instantiation met)
/// and false when the walk gave up on code nested too deep.
pub(crate) fn collect_uses<'a>(env: TypeEnv<'a>, root: Node<'a>, item: Node<'a>) -> (TypeEnv<'a>, bool) {
    let mut w = Walker {
        env,
        row: usize::MAX,
        decls: Vec::new(),
        target: root,
        target_frame: None,
        in_target: false,
        depth: 0,
        too_deep: false,
        collect: true,
    };
    match item.kind() {
        "function_declaration" | "method_declaration" => w.func(item),
        "var_declaration" | "const_declaration" => {
            w.push(item, true);
            w.walk(item);
            w.pop();
        }
        "type_spec" | "type_alias" => {
            let params = type_param_names(w.env.file, item.child_by_field_name("type_parameters"));
            w.env.frames.push(Frame { type_params: params, ..Frame::default() });
            w.collect_types(item);
            w.env.frames.pop();
        }
        _ => {}
    }
    (w.env, !w.too_deep)
}

/// The function literals inside `inner` that contain `row`: those
/// [`functions_at`] left to `inner` because they start on that row (and
/// any inside them, which start there too). Delve stops in each there as
/// well, once it runs.
pub(crate) fn literals_at<'t>(inner: Node<'t>, row: usize) -> Vec<Node<'t>> {
    let mut found = Vec::new();
    let mut c = inner.walk();
    let mut todo: Vec<Node<'t>> = inner.named_children(&mut c).collect();
    while let Some(n) = todo.pop() {
        if !contains_row(n, row) {
            continue;
        }
        if is_func(n) {
            found.push(n);
        }
        let mut c = n.walk();
        todo.extend(n.named_children(&mut c));
    }
    found
}

/// Locals Delve shows at `line` (1-based) when stopped in `inner`, walking
/// from `outer` (the top-level function around it). With `keep_names`,
/// instantiations over type parameters keep their names (`main.Box[T]`),
/// for the caller to substitute the type arguments of each instantiation.
pub(crate) fn locals_at<'a>(env: TypeEnv<'a>, outer: Node<'a>, inner: Node<'a>, line: u32, keep_names: bool) -> Locals {
    let complete = !inner.has_error();
    let mut w = Walker {
        env,
        row: line as usize - 1,
        decls: Vec::new(),
        target: inner,
        target_frame: None,
        in_target: false,
        depth: 0,
        too_deep: false,
        collect: false,
    };
    w.func(outer);
    let complete = complete && !w.too_deep;
    // `Box[T]` inside generic code is a different type per instantiation:
    // unless the instantiations are known, keep its structure, not a name.
    let open: Vec<Named> = if keep_names {
        Vec::new()
    } else {
        let registry = w.env.insts.borrow();
        registry
            .values()
            .chain(w.env.members.insts.values())
            .filter(|i| i.args.iter().any(super::env::has_type_param))
            .map(|i| {
                let args = i.args.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(",");
                Named::new(i.pkg_path.clone(), format!("{}[{args}]", i.base))
            })
            .collect()
    };
    if !open.is_empty() {
        let names: HashSet<String> = open.iter().map(Named::qualified).collect();
        let structure: HashMap<String, Type> = open
            .iter()
            .filter_map(|n| {
                let u = w.env.named_info(n)?.underlying;
                Some((n.qualified(), close_instantiations(&u, &names, &HashMap::new())))
            })
            .collect();
        for d in &mut w.decls {
            d.ty = close_instantiations(&d.ty, &names, &structure);
        }
    }
    let insts: Vec<super::env::Inst> = std::mem::take(&mut *w.env.insts.borrow_mut()).into_values().collect();
    let Some(tf) = w.target_frame else {
        return Locals { locals: Vec::new(), hidden: Vec::new(), complete, insts };
    };
    let mut visible: Vec<&Decl> = w
        .decls
        .iter()
        .filter(|d| {
            d.func_frame == tf && d.enclosing && (d.kind != VarKind::Local || first_visible_line(d.line) <= line)
        })
        .collect();
    visible.sort_by_key(|d| std::cmp::Reverse(d.frame));
    let mut locals: Vec<Variable> = Vec::new();
    for d in visible {
        if !locals.iter().any(|v| v.name == d.name) {
            locals.push(Variable { name: d.name.clone(), ty: d.ty.clone(), kind: d.kind, decl_line: Some(d.line) });
        }
    }
    for d in w.decls.iter().filter(|d| d.captured) {
        if !locals.iter().any(|v| v.name == d.name) {
            locals.push(Variable {
                name: d.name.clone(),
                ty: d.ty.clone(),
                kind: VarKind::Captured,
                decl_line: Some(d.line),
            });
        }
    }
    let mut hidden: Vec<HiddenVar> = Vec::new();
    for d in w.decls.iter().filter(|d| d.func_frame >= tf && !locals.iter().any(|v| v.name == d.name)) {
        let why = if d.enclosing && d.func_frame == tf { Hidden::DeclaredLater } else { Hidden::OtherBlock };
        if !hidden.iter().any(|h| h.name == d.name && h.decl_line == d.line) {
            hidden.push(HiddenVar { name: d.name.clone(), decl_line: d.line, why });
        }
    }
    Locals { locals, hidden, complete, insts }
}

impl<'a> Walker<'a> {
    fn push(&mut self, n: Node, func: bool) {
        let encloses = contains_row(n, self.row) && self.env.frames.last().is_none_or(|f| f.encloses);
        self.env.frames.push(Frame { func, encloses, ..Frame::default() });
    }

    fn pop(&mut self) {
        self.env.frames.pop();
        if self.target_frame.is_some_and(|tf| self.env.frames.len() <= tf) {
            self.in_target = false;
        }
    }

    fn declare(&mut self, name: &str, ty: Type, kind: VarKind, line: u32, konst: Option<ConstVal>) {
        if name == "_" || name.is_empty() {
            return;
        }
        let frame = self.env.frames.len() - 1;
        let func_frame = self.env.frames.iter().rposition(|f| f.func).unwrap_or(0);
        let enclosing = self.env.frames.last().is_some_and(|f| f.encloses);
        self.decls.push(Decl {
            name: name.to_string(),
            ty: ty.clone(),
            kind,
            line,
            enclosing,
            frame,
            func_frame,
            captured: false,
        });
        let decl = self.decls.len() - 1;
        if let Some(f) = self.env.frames.last_mut() {
            f.vars.insert(name.to_string(), Local { ty, konst, decl });
        }
    }

    fn func(&mut self, n: Node<'a>) {
        self.push(n, true);
        if n.id() == self.target.id() {
            self.target_frame = Some(self.env.frames.len() - 1);
            self.in_target = true;
        }
        let file = self.env.file;
        let mut tparams = type_param_names(file, n.child_by_field_name("type_parameters"));
        if n.kind() == "method_declaration" {
            if let Some(r) = receiver_type(file, n) {
                tparams.extend(r.params.iter().cloned());
                if let Some(f) = self.env.frames.last_mut() {
                    f.type_params = tparams.clone();
                }
                if let Some((name, line)) = r.name {
                    let base = if r.params.is_empty() {
                        self.env.type_name(&r.base)
                    } else {
                        // An instantiation over the method's type parameters:
                        // its structure is kept, its name is not (see above).
                        let generic = matches!(
                            self.env.members.names.get(&r.base),
                            Some(super::env::TypeRef::Defined(n)) if *n == r.params.len()
                        );
                        if generic {
                            let args = r.params.iter().map(|p| Type::TypeParam(p.clone())).collect();
                            let mut insts = self.env.insts.borrow_mut();
                            Type::Named(super::env::register_inst(&mut insts, self.env.pkg_path, &r.base, args))
                        } else {
                            Type::Unknown
                        }
                    };
                    let base = match base {
                        Type::Unknown => Type::Unknown,
                        b if r.pointer => Type::pointer_to(b),
                        b => b,
                    };
                    self.declare(&name, base, VarKind::Receiver, line, None);
                }
            }
        } else if let Some(f) = self.env.frames.last_mut() {
            f.type_params = tparams;
        }
        if self.collect {
            if let Some(tp) = n.child_by_field_name("type_parameters") {
                self.collect_types(tp);
            }
            if let Some(r) = n.child_by_field_name("result").filter(|r| r.kind() != "parameter_list") {
                self.collect_types(r);
            }
        }
        for (field, kind) in [("parameters", VarKind::Param), ("result", VarKind::Result)] {
            let Some(list) = n.child_by_field_name(field).filter(|l| l.kind() == "parameter_list") else { continue };
            let mut c = list.walk();
            let params: Vec<Node> = list.named_children(&mut c).collect();
            for p in params {
                let Some(tn) = p.child_by_field_name("type") else { continue };
                let mut ty = self.env.resolve_type(tn);
                if p.kind() == "variadic_parameter_declaration" {
                    ty = Type::slice_of(ty);
                }
                for (name, line) in names_of(file, p) {
                    self.declare(&name, ty.clone(), kind, line, None);
                }
            }
        }
        if let Some(body) = n.child_by_field_name("body") {
            self.walk(body);
        }
        self.pop();
    }

    fn reference(&mut self, n: Node) {
        let name = self.env.text(n);
        let Some((frame, local)) = self.env.lookup_local(name) else { return };
        if let Some(tf) = self.target_frame {
            if self.in_target && frame < tf {
                let d = local.decl;
                self.decls[d].captured = true;
            }
        }
    }

    fn children(&mut self, n: Node<'a>) {
        let mut c = n.walk();
        let kids: Vec<Node<'a>> = n.named_children(&mut c).collect();
        for k in kids {
            self.walk(k);
        }
    }

    fn walk(&mut self, n: Node<'a>) {
        if self.depth >= MAX_WALK_DEPTH {
            // Generated code nested this deep: stop, and say so.
            self.too_deep = true;
            return;
        }
        self.depth += 1;
        self.walk_node(n);
        self.depth -= 1;
    }

    /// Expressions recurse through here: keep its frame small (debug
    /// builds give each `match` arm's locals their own stack slots).
    fn walk_node(&mut self, n: Node<'a>) {
        if self.collect && self.collect_node(n) {
            return;
        }
        match n.kind() {
            "block" | "expression_case" | "default_case" | "if_statement" | "expression_switch_statement" => {
                self.push(n, false);
                self.children(n);
                self.pop();
            }
            "func_literal" => self.func(n),
            "identifier" => self.reference(n),
            "selector_expression" => {
                if let Some(x) = n.child_by_field_name("operand") {
                    self.walk(x);
                }
            }
            "short_var_declaration"
            | "var_declaration"
            | "const_declaration"
            | "type_declaration"
            | "for_statement"
            | "type_switch_statement"
            | "communication_case" => self.statement(n),
            "field_identifier"
            | "type_identifier"
            | "package_identifier"
            | "label_name"
            | "comment"
            | "interpreted_string_literal"
            | "raw_string_literal"
            | "int_literal"
            | "float_literal"
            | "rune_literal"
            | "imaginary_literal" => {}
            k if k.ends_with("_type") => {}
            _ => self.children(n),
        }
    }

    /// Records the generic instantiations `n` makes; true when `n` needs
    /// no further walking.
    #[inline(never)]
    fn collect_node(&mut self, n: Node<'a>) -> bool {
        match n.kind() {
            "call_expression" => {
                let Some(f) = n.child_by_field_name("function") else { return false };
                let Some(callee) = self.env.generic_callee(f) else { return false };
                let Some((name, at)) = callee.own.clone() else { return false };
                let mut explicit = callee.explicit.clone();
                if let Some(ta) = n.child_by_field_name("type_arguments") {
                    let mut c = ta.walk();
                    let tas: Vec<Node> = ta.named_children(&mut c).filter(|x| x.kind() != "comment").collect();
                    explicit.extend(tas.into_iter().map(|t| self.env.resolve_type(t)));
                }
                let (args, _) = self.env.generic_call(&callee, &explicit, &call_args(n));
                self.env.record(Generic::Func(name), args, at);
                false
            }
            "type_conversion_expression" => {
                // `F[int](x)` parses as a conversion.
                let Some(t) = n.child_by_field_name("type") else { return false };
                let Some(callee) = self.env.generic_callee(t) else { return false };
                let Some((name, at)) = callee.own.clone() else { return false };
                let operand: Vec<Node> = n.child_by_field_name("operand").into_iter().collect();
                let (args, _) = self.env.generic_call(&callee, &callee.explicit, &operand);
                self.env.record(Generic::Func(name), args, at);
                false
            }
            "index_expression" | "type_instantiation_expression" => {
                let called = n.parent().is_some_and(|p| {
                    p.kind() == "call_expression" && p.child_by_field_name("function").is_some_and(|f| f.id() == n.id())
                });
                if let Some(callee) = self.env.generic_callee(n) {
                    // A generic function as a value: only fully written
                    // type arguments are known.
                    if let (false, Some((name, at))) = (called, callee.own.clone()) {
                        let mut args = callee.explicit.clone();
                        args.resize(callee.decl.type_params.len(), Type::Unknown);
                        self.env.record(Generic::Func(name), args, at);
                    }
                    return false;
                }
                let base = n.child_by_field_name(if n.kind() == "index_expression" { "operand" } else { "type" });
                let generic_type = base.is_some_and(|b| {
                    matches!(b.kind(), "identifier" | "type_identifier")
                        && matches!(
                            self.env.members.names.get(self.env.text(b)),
                            Some(super::env::TypeRef::Defined(k)) if *k > 0
                        )
                });
                if generic_type {
                    self.env.resolve_type(n);
                }
                false
            }
            k if k.ends_with("_type") => {
                self.collect_types(n);
                true
            }
            "type_declaration" => {
                self.collect_types(n);
                false
            }
            _ => false,
        }
    }

    /// Resolves every generic type written inside `n` (each records its use).
    fn collect_types(&mut self, n: Node<'a>) {
        let mut stack = vec![n];
        while let Some(x) = stack.pop() {
            if x.kind() == "generic_type" {
                self.env.resolve_type(x);
            }
            let mut c = x.walk();
            stack.extend(x.named_children(&mut c));
        }
    }

    /// Statements that declare names.
    #[inline(never)]
    fn statement(&mut self, n: Node<'a>) {
        match n.kind() {
            "short_var_declaration" => {
                let right = n.child_by_field_name("right");
                if let Some(r) = right {
                    self.walk(r);
                }
                let left = expr_list(n.child_by_field_name("left"));
                let tys = spec_types(&self.env, left.len(), None, right);
                for (l, t) in left.into_iter().zip(tys) {
                    let name = self.env.text(l);
                    let redeclared = self.env.frames.last().is_some_and(|f| f.vars.contains_key(name));
                    if l.kind() == "identifier" && !redeclared {
                        self.declare(name, t, VarKind::Local, line_of(l), None);
                    } else {
                        self.walk(l);
                    }
                }
            }
            "var_declaration" => {
                let mut specs = Vec::new();
                var_specs(n, &mut specs);
                for spec in specs {
                    let values = spec.child_by_field_name("value");
                    if let Some(v) = values {
                        self.walk(v);
                    }
                    let names = names_of(self.env.file, spec);
                    let tys = spec_types(&self.env, names.len(), spec.child_by_field_name("type"), values);
                    for ((name, line), t) in names.into_iter().zip(tys) {
                        self.declare(&name, t, VarKind::Local, line, None);
                    }
                }
            }
            "const_declaration" => {
                for spec in const_items(self.env.file, n) {
                    if let Some(v) = spec.values {
                        self.walk(v);
                    }
                    self.env.iota = Some(spec.iota);
                    let vals: Vec<ConstVal> =
                        (0..spec.names.len()).map(|i| eval_const_spec(&self.env, spec.ty, spec.values, i)).collect();
                    self.env.iota = None;
                    for ((name, line), c) in spec.names.into_iter().zip(vals) {
                        self.declare(&name, c.ty.clone(), VarKind::Local, line, Some(c));
                    }
                }
            }
            "type_declaration" => {
                let mut c = n.walk();
                let names: Vec<String> = n
                    .named_children(&mut c)
                    .filter_map(|s| s.child_by_field_name("name"))
                    .map(|x| self.env.text(x).to_string())
                    .collect();
                if let Some(f) = self.env.frames.last_mut() {
                    f.types.extend(names);
                }
            }
            "for_statement" => {
                self.push(n, false);
                let mut c = n.walk();
                let kids: Vec<Node<'a>> = n.named_children(&mut c).collect();
                for k in kids {
                    if k.kind() == "range_clause" { self.range(k) } else { self.walk(k) }
                }
                self.pop();
            }
            "type_switch_statement" => self.type_switch(n),
            "communication_case" => {
                self.push(n, false);
                let mut c = n.walk();
                let kids: Vec<Node<'a>> = n.named_children(&mut c).collect();
                for k in kids {
                    if k.kind() == "receive_statement" && has_token(k, ":=") {
                        let right = k.child_by_field_name("right");
                        if let Some(r) = right {
                            self.walk(r);
                        }
                        let left = expr_list(k.child_by_field_name("left"));
                        let tys = match right {
                            Some(r) => self.env.infer_values(r, left.len()),
                            None => vec![Type::Unknown; left.len()],
                        };
                        for (l, t) in left.into_iter().zip(tys) {
                            let name = self.env.text(l).to_string();
                            self.declare(&name, default_type(t), VarKind::Local, line_of(l), None);
                        }
                    } else {
                        self.walk(k);
                    }
                }
                self.pop();
            }
            _ => self.children(n),
        }
    }

    fn range(&mut self, k: Node<'a>) {
        let right = k.child_by_field_name("right");
        if let Some(r) = right {
            self.walk(r);
        }
        let left = expr_list(k.child_by_field_name("left"));
        if !has_token(k, ":=") {
            for l in left {
                self.walk(l);
            }
            return;
        }
        let t = right.map_or(Type::Unknown, |r| self.env.infer(r));
        let tys = self.range_types(&t);
        for (i, l) in left.into_iter().enumerate() {
            let ty = tys.get(i).cloned().unwrap_or(Type::Unknown);
            let name = self.env.text(l).to_string();
            self.declare(&name, ty, VarKind::Local, line_of(l), None);
        }
    }

    /// The key and value types of `range x` for a value of type `t`.
    fn range_types(&self, t: &Type) -> Vec<Type> {
        let int = Type::Basic(Basic::Int);
        match self.env.underlying(t) {
            Type::Slice(e) | Type::Array(_, e) => vec![int, *e],
            Type::Pointer(p) => match self.env.underlying(&p) {
                Type::Array(_, e) => vec![int, *e],
                _ => Vec::new(),
            },
            Type::Basic(Basic::String) | Type::Untyped(Untyped::String) => vec![int, Type::Basic(Basic::Int32)],
            Type::Map(k, v) => vec![*k, *v],
            Type::Chan(_, e) => vec![*e],
            Type::Basic(b) if b.is_integer() => vec![t.clone()],
            Type::Untyped(Untyped::Int) | Type::Untyped(Untyped::Rune) => vec![default_type(t.clone())],
            Type::Func(sig) => match sig.params.first().map(|p| self.env.underlying(p)) {
                Some(Type::Func(y)) if sig.params.len() == 1 => y.params.clone(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    fn type_switch(&mut self, n: Node<'a>) {
        self.push(n, false);
        if let Some(init) = n.child_by_field_name("initializer") {
            self.walk(init);
        }
        let alias = expr_list(n.child_by_field_name("alias")).into_iter().next();
        let value = n.child_by_field_name("value");
        if let Some(v) = value {
            self.walk(v);
        }
        let xt = value.map_or(Type::Unknown, |v| self.env.infer(v));
        let mut c = n.walk();
        let cases: Vec<Node<'a>> =
            n.named_children(&mut c).filter(|k| matches!(k.kind(), "type_case" | "default_case")).collect();
        for case in cases {
            self.push(case, false);
            if self.collect {
                let mut c2 = case.walk();
                let types: Vec<Node<'a>> = case.children_by_field_name("type", &mut c2).collect();
                for t in types {
                    self.collect_types(t);
                }
            }
            if let Some(a) = alias {
                let mut c2 = case.walk();
                let types: Vec<Node> = case.children_by_field_name("type", &mut c2).filter(|t| t.is_named()).collect();
                let ty = match types.as_slice() {
                    [one] if self.env.text(*one) != "nil" => self.env.resolve_type(*one),
                    _ => xt.clone(),
                };
                let name = self.env.text(a).to_string();
                self.declare(&name, ty, VarKind::Local, line_of(a), None);
            }
            let mut c3 = case.walk();
            let stmts: Vec<Node<'a>> = case.named_children(&mut c3).filter(|k| k.kind() == "statement_list").collect();
            for s in stmts {
                self.walk(s);
            }
            self.pop();
        }
        self.pop();
    }
}

/// `t` with instantiations over type parameters (`open`) replaced by
/// their structure where given, else by `Unknown`.
fn close_instantiations(t: &Type, open: &HashSet<String>, structure: &HashMap<String, Type>) -> Type {
    let c = |t: &Type| Box::new(close_instantiations(t, open, structure));
    match t {
        Type::Named(n) if open.contains(&n.qualified()) => {
            structure.get(&n.qualified()).cloned().unwrap_or(Type::Unknown)
        }
        Type::Pointer(x) => Type::Pointer(c(x)),
        Type::Slice(x) => Type::Slice(c(x)),
        Type::Array(n, x) => Type::Array(*n, c(x)),
        Type::Map(k, v) => Type::Map(c(k), c(v)),
        Type::Chan(d, x) => Type::Chan(*d, c(x)),
        Type::Func(sig) => Type::Func(Box::new(FuncType {
            params: sig.params.iter().map(|p| close_instantiations(p, open, structure)).collect(),
            results: sig.results.iter().map(|p| close_instantiations(p, open, structure)).collect(),
            variadic: sig.variadic,
        })),
        Type::Struct(fields) => Type::Struct(
            fields
                .iter()
                .map(|f| StructField {
                    name: f.name.clone(),
                    ty: close_instantiations(&f.ty, open, structure),
                    embedded: f.embedded,
                })
                .collect(),
        ),
        t => t.clone(),
    }
}

fn has_token(n: Node, tok: &str) -> bool {
    let mut c = n.walk();
    n.children(&mut c).any(|ch| !ch.is_named() && ch.kind() == tok)
}
