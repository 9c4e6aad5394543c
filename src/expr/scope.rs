//! What Delve can evaluate at one program location: the engine's input.
//!
//! [`ScopeAt`] is plain data. `crate::scope` produces it (from Go sources,
//! a binary's DWARF or a stopped frame); the engine only reads it. Anything
//! a producer cannot determine is marked unknown or incomplete, never
//! guessed, so the engine can accept rather than reject.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::types::{ConstValue, Named, NamedInfo, Type};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarKind {
    Param,
    /// A method receiver.
    Receiver,
    /// A named result.
    Result,
    Local,
    /// A variable of an enclosing function captured by a closure.
    Captured,
    Global,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    pub name: String,
    pub ty: Type,
    pub kind: VarKind,
    /// Line of the declaration, where known (1-based).
    pub decl_line: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Constant {
    pub name: String,
    /// The constant's type: `Type::Untyped(..)` for untyped constants.
    pub ty: Type,
    pub value: Option<ConstValue>,
}

/// A local of the function that Delve will not see at this line, kept so the
/// engine can say why ("declared on line 12, visible from line 13").
#[derive(Debug, Clone, PartialEq)]
pub struct HiddenVar {
    pub name: String,
    pub decl_line: u32,
    pub why: Hidden,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// Declared on this line or later: Delve shows it from the next line.
    DeclaredLater,
    /// Declared in a block that does not enclose this line.
    OtherBlock,
}

/// A local an optimized build keeps nowhere, or only in part, at the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub name: String,
    /// Some pieces have a location: Delve reads the others as zero, which
    /// fails or not depending on the value (a slice with no pointer but a
    /// length). Otherwise Delve can never read it here.
    pub partly: bool,
}

/// One Go package as far as expressions can reach into it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Package {
    /// The package clause name (`inventory`).
    pub name: String,
    /// Import path (`example.com/shop/inventory`; `main` for the main package
    /// as Delve names it).
    pub path: String,
    pub vars: Vec<Variable>,
    pub consts: Vec<Constant>,
    /// Function names (usable as values, never callable in a condition).
    pub funcs: Vec<String>,
    /// Names of declared types (their details live in [`ScopeAt::types`]).
    pub types: Vec<String>,
    /// Every member of the package is listed: a name not found here is
    /// really absent. False when some files could not be read or parsed.
    pub complete: bool,
}

impl Package {
    pub fn var(&self, name: &str) -> Option<&Variable> {
        self.vars.iter().find(|v| v.name == name)
    }

    pub fn constant(&self, name: &str) -> Option<&Constant> {
        self.consts.iter().find(|c| c.name == name)
    }

    pub fn has_func(&self, name: &str) -> bool {
        self.funcs.iter().any(|f| f == name)
    }

    pub fn has_type(&self, name: &str) -> bool {
        self.types.iter().any(|t| t == name)
    }
}

/// Everything the engine needs to know about one program location.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScopeAt {
    /// The package of the function stopped in; its globals, functions and
    /// constants are reachable unqualified.
    pub package: Package,
    /// Locals, parameters, receivers and captures Delve shows at the line,
    /// innermost first; shadowed outer variables are already removed.
    pub locals: Vec<Variable>,
    /// Every variable Delve shows here is in `locals`. False when the
    /// function could not be analysed; unknown names are then accepted.
    pub locals_complete: bool,
    pub hidden: Vec<HiddenVar>,
    /// Other packages of the program, by import path.
    pub imports: Arc<BTreeMap<String, Package>>,
    /// Every package linked into the program is in `imports` (true only with
    /// debug info); otherwise an unknown `pkg.Name` is accepted.
    pub packages_complete: bool,
    /// Names of every package that may be linked into the program (the
    /// transitive import closure, `runtime`'s included), when known. Delve
    /// resolves `pkg.Name` against any linked package, imported by this file
    /// or not, so an unknown `x` in `x.y` is an error only if `x` is not here.
    pub linked_package_names: Option<std::sync::Arc<std::collections::BTreeSet<String>>>,
    /// Named types by qualified name (`main.User`).
    pub types: TypeTable,
    /// Type arguments the generic function at this line runs with, one map
    /// (type parameter → type argument) per instantiation in the program.
    /// Empty when the function is not generic or nothing is known.
    pub instantiations: Vec<BTreeMap<String, Type>>,
    /// `instantiations` lists every instantiation the program makes.
    pub instantiations_complete: bool,
    /// Every name a closure of the program captures, when debug info lists
    /// them all: Delve finds the members of a func value among the captured
    /// variables of the closure it holds at run time, so a name no closure
    /// captures is never a member.
    pub closure_captures: Option<Arc<std::collections::BTreeSet<String>>>,
    /// Locals Delve lists here but cannot read, wholly or in part
    /// (optimized code keeps them nowhere at this address).
    pub unreadable: Vec<Unreadable>,
    /// The source line the scope describes, for messages.
    pub line: u32,
    /// Target architecture register names Delve resolves (`rip`, `rsp`, …).
    pub arch: Arch,
}

/// Named types by qualified name: a plain map (scopes from source, types
/// learned at run time) over an optional resolver that reads a type's
/// details only when first asked (DWARF: a big program names thousands of
/// types, a condition a handful).
#[derive(Clone, Default)]
pub struct TypeTable {
    known: Arc<BTreeMap<String, NamedInfo>>,
    lazy: Option<Arc<dyn NamedResolver>>,
}

/// Named types resolved on demand, each once.
pub trait NamedResolver: Send + Sync {
    /// Whether `qualified` names a type here (cheap, resolves nothing).
    fn contains(&self, qualified: &str) -> bool;
    /// Every name, sorted (resolves nothing).
    fn names(&self) -> Vec<&str>;
    fn resolve(&self, qualified: &str) -> Option<&NamedInfo>;
}

impl TypeTable {
    pub fn lazy(resolver: Arc<dyn NamedResolver>) -> TypeTable {
        TypeTable { known: Arc::default(), lazy: Some(resolver) }
    }

    pub fn get(&self, qualified: &str) -> Option<&NamedInfo> {
        self.known.get(qualified).or_else(|| self.lazy.as_ref().and_then(|l| l.resolve(qualified)))
    }

    pub fn contains_key(&self, qualified: &str) -> bool {
        self.known.contains_key(qualified) || self.lazy.as_ref().is_some_and(|l| l.contains(qualified))
    }

    /// Adds `info` unless the name is already known (here or to the resolver).
    pub fn insert_if_absent(&mut self, qualified: &str, info: impl FnOnce() -> NamedInfo) {
        if !self.contains_key(qualified) {
            Arc::make_mut(&mut self.known).insert(qualified.to_string(), info());
        }
    }

    /// The plain map, for building it (a resolver's types are not in it).
    pub fn known_mut(&mut self) -> &mut BTreeMap<String, NamedInfo> {
        Arc::make_mut(&mut self.known)
    }

    /// Every type name, the resolver's included, sorted (resolves nothing).
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.known.keys().map(String::as_str).collect();
        if let Some(l) = &self.lazy {
            names.extend(l.names());
            names.sort_unstable();
            names.dedup();
        }
        names
    }

    /// The types of the plain map (those of a resolver not included).
    pub fn iter(&self) -> impl Iterator<Item = (&String, &NamedInfo)> {
        self.known.iter()
    }

    /// [`Self::iter`]'s values.
    pub fn values(&self) -> impl Iterator<Item = &NamedInfo> {
        self.known.values()
    }
}

impl From<BTreeMap<String, NamedInfo>> for TypeTable {
    fn from(known: BTreeMap<String, NamedInfo>) -> TypeTable {
        TypeTable { known: Arc::new(known), lazy: None }
    }
}

impl PartialEq for TypeTable {
    fn eq(&self, other: &TypeTable) -> bool {
        let same_lazy = match (&self.lazy, &other.lazy) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        same_lazy && self.known == other.known
    }
}

impl std::fmt::Debug for TypeTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypeTable").field("known", &self.known).field("lazy", &self.lazy.is_some()).finish()
    }
}

/// The target's architecture, for register names. `Unknown` (scopes from
/// source) accepts the register names of every architecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Arch {
    Amd64,
    Arm64,
    I386,
    #[default]
    Unknown,
}

impl ScopeAt {
    pub fn local(&self, name: &str) -> Option<&Variable> {
        self.locals.iter().find(|v| v.name == name)
    }

    /// This scope with the type parameters replaced by one instantiation's
    /// type arguments.
    pub fn instantiated(&self, inst: &BTreeMap<String, Type>) -> ScopeAt {
        let mut s = self.clone();
        for v in &mut s.locals {
            v.ty = v.ty.substitute(inst);
        }
        s.instantiations.clear();
        s
    }

    /// This scope as seen from a stopped frame of `function`, named as Delve
    /// names frames (`main.Sum[go.shape.int64]`): a generic function runs
    /// as one compiled copy per GC shape, so only the instantiations whose
    /// type arguments have the frame's shapes remain. Shapes the engine
    /// cannot compute match anything; nothing is dropped when nothing would
    /// remain.
    pub fn in_frame(&self, function: &str) -> ScopeAt {
        let Some(frame_shapes) = frame_shapes(function) else { return self.clone() };
        let matching: Vec<BTreeMap<String, Type>> = self
            .instantiations
            .iter()
            .filter(|inst| {
                let ours: Vec<Option<Shape>> = inst.values().map(|t| self.gc_shape(t, 0)).collect();
                shapes_fit(&ours, &frame_shapes)
            })
            .cloned()
            .collect();
        let mut s = self.clone();
        if !matching.is_empty() {
            s.instantiations = matching;
        }
        s
    }

    /// The GC shape Go compiles `t` with (its underlying type), as far as
    /// known here. A pointer's shape is `*uint8` under a constraint of
    /// methods only (`any`) and the pointer type itself under others
    /// (`comparable`): any pointer shape fits it. Composite types are
    /// known by their kind only.
    fn gc_shape(&self, t: &Type, depth: u32) -> Option<Shape> {
        match t {
            Type::Basic(b) => Some(Shape::Exact(b.name().to_string())),
            Type::Pointer(_) => Some(Shape::Prefix("*")),
            Type::Struct(_) => Some(Shape::Prefix("struct {")),
            Type::Interface(_) => Some(Shape::Prefix("interface {")),
            Type::Slice(_) => Some(Shape::Prefix("[]")),
            Type::Map(..) => Some(Shape::Prefix("map[")),
            Type::Func(_) => Some(Shape::Prefix("func(")),
            Type::Named(n) if depth < 8 => self.named(n).and_then(|i| self.gc_shape(&i.underlying, depth + 1)),
            _ => None,
        }
    }

    pub fn named(&self, n: &Named) -> Option<&NamedInfo> {
        self.types.get(&n.qualified())
    }

    /// Packages whose clause name is `name` (Delve matches any package of the
    /// program by name, not only the file's imports).
    pub fn packages_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Package> + 'a {
        self.imports.values().filter(move |p| p.name == name)
    }
}

/// The shape arguments of a frame of a generic function
/// (`main.(*Cache[go.shape.int,go.shape.string]).Get` → `int`, `string`).
fn frame_shapes(function: &str) -> Option<Vec<String>> {
    let start = function.find("[go.shape.")?;
    let mut depth = 0;
    let mut args = Vec::new();
    let mut arg_start = start + 1;
    for (i, c) in function[start..].char_indices().map(|(i, c)| (i + start, c)) {
        match c {
            '[' | '(' | '{' => depth += 1,
            ']' | ')' | '}' => {
                depth -= 1;
                if depth == 0 {
                    args.push(function[arg_start..i].trim().to_string());
                    break;
                }
            }
            ',' if depth == 1 => {
                args.push(function[arg_start..i].trim().to_string());
                arg_start = i + 1;
            }
            _ => {}
        }
    }
    args.iter().map(|a| a.strip_prefix("go.shape.").map(str::to_string)).collect()
}

/// A GC shape as far as the engine knows it.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Exact(String),
    /// Every shape spelled with this prefix (`*`: any pointer).
    Prefix(&'static str),
}

impl Shape {
    fn fits(&self, frame: &str) -> bool {
        match self {
            Shape::Exact(s) => s == frame,
            Shape::Prefix(p) => frame.starts_with(p),
        }
    }
}

/// Whether an instantiation's shapes (`None`: unknown, fits any) can be the
/// frame's, as multisets: the instantiation lists its type arguments by
/// parameter name, not in declaration order.
fn shapes_fit(ours: &[Option<Shape>], frame: &[String]) -> bool {
    if ours.len() != frame.len() {
        return true;
    }
    let Some((f, rest)) = frame.split_first() else { return true };
    // Try each of ours for the first of the frame's shapes (few
    // parameters: the search stays small).
    (0..ours.len()).any(|i| {
        let fits = ours[i].as_ref().is_none_or(|o| o.fits(f));
        fits && {
            let mut left = ours.to_vec();
            left.remove(i);
            shapes_fit(&left, rest)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::types::Basic;

    fn inst(pairs: &[(&str, Type)]) -> BTreeMap<String, Type> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
    }

    /// A scope with `Cents` (underlying int64) and the given instantiations.
    fn generic_scope(insts: Vec<BTreeMap<String, Type>>) -> ScopeAt {
        let mut types = BTreeMap::new();
        types
            .insert("main.Cents".to_string(), NamedInfo { underlying: Type::Basic(Basic::Int64), methods: Vec::new() });
        ScopeAt { types: types.into(), instantiations: insts, instantiations_complete: true, ..ScopeAt::default() }
    }

    #[test]
    fn frame_shapes_read_the_shape_arguments() {
        let cases = [
            ("main.Sum[go.shape.int64]", Some(vec!["int64"])),
            ("main.(*Cache[go.shape.int,go.shape.string]).Get", Some(vec!["int", "string"])),
            ("main.Stack[go.shape.string].Peek", Some(vec!["string"])),
            (
                "main.F[go.shape.*uint8,go.shape.struct { A int; B string }]",
                Some(vec!["*uint8", "struct { A int; B string }"]),
            ),
            ("main.main", None),
            ("main.Box[int].Get", None),
        ];
        for (name, want) in cases {
            let want = want.map(|v| v.into_iter().map(str::to_string).collect::<Vec<_>>());
            assert_eq!(frame_shapes(name), want, "{name}");
        }
    }

    #[test]
    fn in_frame_keeps_the_instantiations_of_the_frame_shape() {
        let cents = Type::named("main", "Cents");
        let float = Type::Basic(Basic::Float64);
        let s = generic_scope(vec![inst(&[("N", cents.clone())]), inst(&[("N", float.clone())])]);
        assert_eq!(s.in_frame("main.Sum[go.shape.int64]").instantiations, vec![inst(&[("N", cents.clone())])]);
        assert_eq!(s.in_frame("main.Sum[go.shape.float64]").instantiations, vec![inst(&[("N", float.clone())])]);
        // Not a generic frame, or no instantiation fits: nothing is dropped.
        assert_eq!(s.in_frame("main.main").instantiations.len(), 2);
        assert_eq!(s.in_frame("main.Sum[go.shape.string]").instantiations.len(), 2);
        // A pointer's shape is *uint8 or the pointer type; unknown shapes fit anything.
        let p = generic_scope(vec![
            inst(&[("K", Type::pointer_to(cents.clone())), ("V", Type::Basic(Basic::String))]),
            inst(&[("K", Type::Basic(Basic::Int)), ("V", Type::Unknown)]),
        ]);
        assert_eq!(p.in_frame("main.F[go.shape.*uint8,go.shape.string]").instantiations.len(), 1);
        assert_eq!(p.in_frame("main.F[go.shape.int,go.shape.float32]").instantiations.len(), 1);
        assert_eq!(p.in_frame("main.F[go.shape.string,go.shape.*uint8]").instantiations.len(), 1);
        assert_eq!(p.in_frame("main.F[go.shape.*main.Cents,go.shape.string]").instantiations.len(), 1);
        // A struct's shape is no string's.
        let q = generic_scope(vec![
            inst(&[("K", Type::Basic(Basic::String)), ("V", Type::Struct(Vec::new()))]),
            inst(&[("K", Type::pointer_to(cents.clone())), ("V", Type::Basic(Basic::String))]),
        ]);
        assert_eq!(q.in_frame("main.F[go.shape.*main.Cents,go.shape.string]").instantiations.len(), 1);
    }
}
