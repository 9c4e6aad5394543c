//! A seeded generator of small Go modules for the differential tester:
//! variables of every kind of Go type (basic and named kinds, composites,
//! channels of each direction, funcs and closures, interfaces, pointers,
//! embedded structs, unsafe.Pointer, generic code instantiated with each
//! GC-shape kind) in `main` and in an imported package, each live at a
//! breakpoint line, and the rendering of any subset of the declarations
//! (what a minimized corpus program keeps).

use std::collections::{BTreeMap, BTreeSet};

use super::rng::Rng;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pkg {
    Main,
    Lib,
}

/// A Go type as the generator writes it; named types refer to
/// [`Program::types`].
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    Basic(&'static str),
    UnsafePointer,
    Named(usize),
    /// A generic named type instantiated (`Box[int]`).
    Inst(usize, Vec<Ty>),
    /// A type parameter, inside generic code.
    Param(String),
    Pointer(Box<Ty>),
    Slice(Box<Ty>),
    Array(usize, Box<Ty>),
    Map(Box<Ty>, Box<Ty>),
    Chan(Dir, Box<Ty>),
    Func(Vec<Ty>, Vec<Ty>),
    Any,
    Error,
    /// `struct { A int; B string }`.
    AnonStruct(Vec<(String, Ty)>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Both,
    Recv,
    Send,
}

/// What kind of value a type holds once named types are resolved: what
/// the expression generator needs to know to write valid and invalid
/// expressions about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Int,
    Uint,
    Float,
    Complex,
    Bool,
    String,
    UnsafePointer,
    Pointer,
    Slice,
    Array,
    Map,
    Chan,
    Func,
    Interface,
    Struct,
    TypeParam,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Int => "int",
            Kind::Uint => "uint",
            Kind::Float => "float",
            Kind::Complex => "complex",
            Kind::Bool => "bool",
            Kind::String => "string",
            Kind::UnsafePointer => "unsafe-pointer",
            Kind::Pointer => "pointer",
            Kind::Slice => "slice",
            Kind::Array => "array",
            Kind::Map => "map",
            Kind::Chan => "chan",
            Kind::Func => "func",
            Kind::Interface => "interface",
            Kind::Struct => "struct",
            Kind::TypeParam => "type-param",
        }
    }
}

pub struct NamedType {
    pub pkg: Pkg,
    pub name: String,
    /// Type parameters of a generic type (`T`).
    pub params: Vec<String>,
    pub def: TypeDef,
    pub methods: Vec<Method>,
}

pub enum TypeDef {
    Underlying(Ty),
    Struct(Vec<Field>),
    /// Method names and signatures (`Area`, `() float64`).
    Interface(Vec<(String, String)>),
}

pub struct Field {
    /// `None` for an embedded field (named after its type).
    pub name: Option<String>,
    pub ty: Ty,
}

pub struct Method {
    pub name: String,
    pub pointer_receiver: bool,
    /// Parameters and results, `() float64`.
    pub signature: String,
    pub body: String,
}

/// Top-level declarations and imports a piece of Go text needs.
#[derive(Clone, Debug, Default)]
pub struct Needs {
    pub items: BTreeSet<usize>,
    pub imports: BTreeSet<&'static str>,
}

impl Needs {
    fn add(&mut self, other: &Needs) {
        self.items.extend(other.items.iter().copied());
        self.imports.extend(other.imports.iter().copied());
    }
}

/// A variable the generated program declares.
#[derive(Clone, Debug)]
pub struct Var {
    pub name: String,
    pub ty: Ty,
}

/// A local variable of a stop function: its statements (the declaration,
/// then what sets it up: sends on a channel, a close) and the locals
/// those statements use.
#[derive(Clone, Debug)]
pub struct Local {
    pub var: Var,
    pub stmts: Vec<String>,
    pub needs: Needs,
    pub after: Vec<String>,
}

/// How a stop function is shaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopShape {
    /// `func F(params) { locals; sink(all) }`.
    Plain,
    /// The same, with the stop inside a closure that captures everything.
    Closure,
    /// `func Keep[T any](x T, n int) T { sink(x, n); return x }`.
    Keep,
    /// `func Each[T any](xs []T, f func(T)) { for _, x := range xs { f(x) } }`.
    Each,
    /// `func Pair[K comparable, V any](k K, v V) { sink(k, v) }`.
    Pair,
    /// `func (b *Box[T]) Put(v T) { b.V = v; sink(b, v) }`.
    BoxPut,
}

/// One call of a stop function from `main` (a generic one is called once
/// per instantiation, each a stop of its own).
#[derive(Clone, Debug)]
pub struct Call {
    pub text: String,
    pub needs: Needs,
    /// The type arguments of a generic stop, by parameter name.
    pub type_args: BTreeMap<String, Ty>,
}

#[derive(Clone, Debug)]
pub struct StopFn {
    pub func: String,
    pub shape: StopShape,
    /// The generic type of a `BoxPut` stop.
    pub box_type: Option<usize>,
    pub params: Vec<Var>,
    pub locals: Vec<Local>,
    pub calls: Vec<Call>,
}

#[derive(Clone, Debug)]
pub struct Global {
    pub var: Var,
    pub init: String,
    /// Referenced by the program (else the linker may drop it).
    pub used: bool,
}

pub enum ItemKind {
    Type(usize),
    Global(Global),
    /// A function (helpers, and functions used as values).
    Func,
    Stop(StopFn),
}

/// One top-level declaration of the program.
pub struct Item {
    pub pkg: Pkg,
    /// The name it declares: unique in the program, so that a name in an
    /// expression says which declaration a minimized program must keep.
    pub name: String,
    pub kind: ItemKind,
    /// The Go text of a type, global or function declaration.
    pub text: String,
    pub needs: Needs,
}

pub struct Program {
    pub seed: u64,
    /// The module path (`example.com/diff17`).
    pub module: String,
    /// The imported package's name and directory.
    pub lib: String,
    pub types: Vec<NamedType>,
    pub items: Vec<Item>,
}

/// Which declarations to render: every one, or a minimized subset.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// `None`: all items.
    pub items: Option<BTreeSet<usize>>,
    /// Per stop item, the locals kept (absent: all).
    pub locals: BTreeMap<usize, BTreeSet<String>>,
}

/// A stop line of the rendered program.
#[derive(Clone, Debug)]
pub struct StopLine {
    pub item: usize,
    pub file: String,
    pub line: u32,
    /// How many times the program stops there (one per call).
    pub hits: u32,
}

pub struct Rendered {
    /// Relative path and text of every file (go.mod included).
    pub files: Vec<(String, String)>,
    pub stops: Vec<StopLine>,
}

impl Rendered {
    pub fn write_to(&self, dir: &std::path::Path) -> Result<(), String> {
        for (path, text) in &self.files {
            let path = dir.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
            }
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(())
    }
}

const GO_VERSION: &str = "1.26";

/// Builds a type (for the table of named composite types).
type MakeTy = fn() -> Ty;

// ---------------------------------------------------------------------------
// Types

impl Program {
    pub fn kind(&self, ty: &Ty) -> Kind {
        self.kind_at(ty, 0)
    }

    fn kind_at(&self, ty: &Ty, depth: u32) -> Kind {
        match ty {
            Ty::Basic(b) => basic_kind(b),
            Ty::UnsafePointer => Kind::UnsafePointer,
            Ty::Named(i) | Ty::Inst(i, _) => match &self.types[*i].def {
                TypeDef::Underlying(u) if depth < 8 => self.kind_at(u, depth + 1),
                TypeDef::Underlying(_) => Kind::Int,
                TypeDef::Struct(_) => Kind::Struct,
                TypeDef::Interface(_) => Kind::Interface,
            },
            Ty::Param(_) => Kind::TypeParam,
            Ty::Pointer(_) => Kind::Pointer,
            Ty::Slice(_) => Kind::Slice,
            Ty::Array(..) => Kind::Array,
            Ty::Map(..) => Kind::Map,
            Ty::Chan(..) => Kind::Chan,
            Ty::Func(..) => Kind::Func,
            Ty::Any | Ty::Error => Kind::Interface,
            Ty::AnonStruct(_) => Kind::Struct,
        }
    }

    /// Whether Go can compare values of `ty` with `==`.
    pub fn comparable(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Slice(_) | Ty::Map(..) | Ty::Func(..) => false,
            Ty::Array(_, e) => self.comparable(e),
            Ty::AnonStruct(fields) => fields.iter().all(|(_, t)| self.comparable(t)),
            Ty::Named(i) | Ty::Inst(i, _) => match &self.types[*i].def {
                TypeDef::Underlying(u) => self.comparable(u),
                TypeDef::Struct(fields) => {
                    let args: Vec<Ty> = if let Ty::Inst(_, a) = ty { a.clone() } else { vec![] };
                    let subst = self.type_subst(*i, &args);
                    fields.iter().all(|f| self.comparable(&substitute(&f.ty, &subst)))
                }
                TypeDef::Interface(_) => true,
            },
            _ => true,
        }
    }

    fn type_subst(&self, i: usize, args: &[Ty]) -> BTreeMap<String, Ty> {
        self.types[i].params.iter().cloned().zip(args.iter().cloned()).collect()
    }

    /// The fields of a struct type (after resolving a named type), with
    /// type parameters substituted.
    pub fn struct_fields(&self, ty: &Ty) -> Vec<(String, Ty, bool)> {
        match ty {
            Ty::Named(i) | Ty::Inst(i, _) => match &self.types[*i].def {
                TypeDef::Struct(fields) => {
                    let args: Vec<Ty> = if let Ty::Inst(_, a) = ty { a.clone() } else { vec![] };
                    let subst = self.type_subst(*i, &args);
                    fields
                        .iter()
                        .map(|f| {
                            let ty = substitute(&f.ty, &subst);
                            match &f.name {
                                Some(n) => (n.clone(), ty, false),
                                None => (self.embedded_name(&ty), ty, true),
                            }
                        })
                        .collect()
                }
                TypeDef::Underlying(u) => self.struct_fields(u),
                TypeDef::Interface(_) => vec![],
            },
            Ty::AnonStruct(fields) => fields.iter().map(|(n, t)| (n.clone(), t.clone(), false)).collect(),
            _ => vec![],
        }
    }

    fn embedded_name(&self, ty: &Ty) -> String {
        match ty {
            Ty::Pointer(t) => self.embedded_name(t),
            Ty::Named(i) | Ty::Inst(i, _) => self.types[*i].name.clone(),
            _ => "?".to_string(),
        }
    }

    /// Methods of a named type `ty` or of the type `*ty` points to, with
    /// whether each needs a pointer receiver.
    pub fn methods(&self, ty: &Ty) -> Vec<(&str, bool)> {
        match ty {
            Ty::Pointer(t) => self.methods(t),
            Ty::Named(i) => self.types[*i].methods.iter().map(|m| (m.name.as_str(), m.pointer_receiver)).collect(),
            _ => vec![],
        }
    }

    /// The Go spelling of `ty` in package `from`, recording the
    /// declarations and imports it needs.
    pub fn ty_text(&self, ty: &Ty, from: Pkg, needs: &mut Needs) -> String {
        match ty {
            Ty::Basic(b) => b.to_string(),
            Ty::UnsafePointer => {
                needs.imports.insert("unsafe");
                "unsafe.Pointer".to_string()
            }
            Ty::Named(i) => self.named_text(*i, from, needs),
            Ty::Inst(i, args) => {
                let args: Vec<String> = args.iter().map(|a| self.ty_text(a, from, needs)).collect();
                format!("{}[{}]", self.named_text(*i, from, needs), args.join(", "))
            }
            Ty::Param(p) => p.clone(),
            Ty::Pointer(t) => format!("*{}", self.ty_text(t, from, needs)),
            Ty::Slice(t) => format!("[]{}", self.ty_text(t, from, needs)),
            Ty::Array(n, t) => format!("[{n}]{}", self.ty_text(t, from, needs)),
            Ty::Map(k, v) => format!("map[{}]{}", self.ty_text(k, from, needs), self.ty_text(v, from, needs)),
            Ty::Chan(dir, t) => {
                let t = self.ty_text(t, from, needs);
                match dir {
                    Dir::Both => format!("chan {t}"),
                    Dir::Recv => format!("<-chan {t}"),
                    Dir::Send => format!("chan<- {t}"),
                }
            }
            Ty::Func(params, results) => {
                let params: Vec<String> = params.iter().map(|p| self.ty_text(p, from, needs)).collect();
                let results: Vec<String> = results.iter().map(|r| self.ty_text(r, from, needs)).collect();
                match results.len() {
                    0 => format!("func({})", params.join(", ")),
                    1 => format!("func({}) {}", params.join(", "), results[0]),
                    _ => format!("func({}) ({})", params.join(", "), results.join(", ")),
                }
            }
            Ty::Any => "any".to_string(),
            Ty::Error => "error".to_string(),
            Ty::AnonStruct(fields) => {
                let fields: Vec<String> =
                    fields.iter().map(|(n, t)| format!("{n} {}", self.ty_text(t, from, needs))).collect();
                format!("struct {{ {} }}", fields.join("; "))
            }
        }
    }

    fn named_text(&self, i: usize, from: Pkg, needs: &mut Needs) -> String {
        let t = &self.types[i];
        needs.items.insert(self.type_item(i));
        if t.pkg == from {
            t.name.clone()
        } else {
            needs.imports.insert("lib");
            format!("{}.{}", self.lib, t.name)
        }
    }

    /// The item that declares named type `i`.
    pub fn type_item(&self, i: usize) -> usize {
        self.items.iter().position(|it| matches!(it.kind, ItemKind::Type(t) if t == i)).expect("every type is an item")
    }

    /// The type as Delve spells it (`main.Point`, `[]*lib.Item`,
    /// `main.Box[int]`), for the program's own named types.
    pub fn delve_type(&self, ty: &Ty) -> String {
        match ty {
            Ty::Named(i) => self.qualified(*i),
            Ty::Inst(i, args) => {
                let args: Vec<String> = args.iter().map(|a| self.delve_type(a)).collect();
                format!("{}[{}]", self.qualified(*i), args.join(","))
            }
            Ty::Pointer(t) => format!("*{}", self.delve_type(t)),
            Ty::Slice(t) => format!("[]{}", self.delve_type(t)),
            Ty::Array(n, t) => format!("[{n}]{}", self.delve_type(t)),
            Ty::Map(k, v) => format!("map[{}]{}", self.delve_type(k), self.delve_type(v)),
            Ty::Any => "interface {}".to_string(),
            other => self.ty_text(other, Pkg::Main, &mut Needs::default()),
        }
    }

    /// `main.Point`, `lib.Item`: a named type with its package's name.
    pub fn qualified(&self, i: usize) -> String {
        let t = &self.types[i];
        format!("{}.{}", self.pkg_name(t.pkg), t.name)
    }

    pub fn pkg_name(&self, pkg: Pkg) -> &str {
        match pkg {
            Pkg::Main => "main",
            Pkg::Lib => &self.lib,
        }
    }

    pub fn stop(&self, item: usize) -> Option<&StopFn> {
        match &self.items[item].kind {
            ItemKind::Stop(s) => Some(s),
            _ => None,
        }
    }

    pub fn globals(&self) -> impl Iterator<Item = (Pkg, &Global)> {
        self.items.iter().filter_map(|it| match &it.kind {
            ItemKind::Global(g) => Some((it.pkg, g)),
            _ => None,
        })
    }

    /// Named types of the program: index, package, name.
    pub fn named_types(&self) -> impl Iterator<Item = (usize, &NamedType)> {
        self.types.iter().enumerate()
    }

    /// Functions declared (not stops): package and name.
    pub fn funcs(&self) -> impl Iterator<Item = (Pkg, &str)> {
        self.items.iter().filter(|it| matches!(it.kind, ItemKind::Func)).map(|it| (it.pkg, it.name.as_str()))
    }

    /// The variables visible at a stop of `stop`, with their types at call
    /// `hit` (1-based; a generic stop's type parameters substituted).
    pub fn visible(&self, stop: &StopFn, hit: u32) -> Vec<Var> {
        let subst = stop.calls.get(hit.saturating_sub(1) as usize).map(|c| c.type_args.clone()).unwrap_or_default();
        let mut vars: Vec<Var> = stop.params.iter().chain(stop.locals.iter().map(|l| &l.var)).cloned().collect();
        if let Some(b) = stop.box_type {
            let args: Vec<Ty> = self.types[b].params.iter().map(|p| Ty::Param(p.clone())).collect();
            vars.insert(0, Var { name: "b".into(), ty: Ty::Pointer(Box::new(Ty::Inst(b, args))) });
        }
        for v in &mut vars {
            v.ty = substitute(&v.ty, &subst);
        }
        vars
    }
}

pub fn basic_kind(b: &str) -> Kind {
    match b {
        "int" | "int8" | "int16" | "int32" | "int64" | "rune" => Kind::Int,
        "uint" | "uint8" | "uint16" | "uint32" | "uint64" | "uintptr" | "byte" => Kind::Uint,
        "float32" | "float64" => Kind::Float,
        "complex64" | "complex128" => Kind::Complex,
        "bool" => Kind::Bool,
        _ => Kind::String,
    }
}

pub fn substitute(ty: &Ty, subst: &BTreeMap<String, Ty>) -> Ty {
    if subst.is_empty() {
        return ty.clone();
    }
    let s = |t: &Ty| Box::new(substitute(t, subst));
    match ty {
        Ty::Param(p) => subst.get(p).cloned().unwrap_or_else(|| ty.clone()),
        Ty::Inst(i, args) => Ty::Inst(*i, args.iter().map(|a| substitute(a, subst)).collect()),
        Ty::Pointer(t) => Ty::Pointer(s(t)),
        Ty::Slice(t) => Ty::Slice(s(t)),
        Ty::Array(n, t) => Ty::Array(*n, s(t)),
        Ty::Map(k, v) => Ty::Map(s(k), s(v)),
        Ty::Chan(d, t) => Ty::Chan(*d, s(t)),
        Ty::Func(p, r) => {
            Ty::Func(p.iter().map(|t| substitute(t, subst)).collect(), r.iter().map(|t| substitute(t, subst)).collect())
        }
        other => other.clone(),
    }
}

// ---------------------------------------------------------------------------
// Generation

const INT_BASICS: &[&str] = &[
    "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "byte", "rune",
];
const OTHER_BASICS: &[&str] = &["float32", "float64", "complex64", "complex128", "bool", "string"];
const NAMED_BASIC_NAMES: &[&str] =
    &["Count", "Level", "Score", "Mode", "Weight", "Mask", "Signal", "Phase", "Grade", "Tally", "Quota", "Span"];
const STRUCT_NAMES: &[&str] =
    &["Point", "Job", "User", "Order", "Item", "Node", "Entry", "Config", "Record", "Task", "Cell", "Event"];
const FIELD_NAMES: &[&str] =
    &["ID", "Name", "Title", "Width", "Tags", "Owner", "Next", "Count", "Value", "Flags", "Total", "Label", "Data"];
const WORDS: &[&str] = &["alpha", "bob", "go", "x", "", "hello world", "ünï", "a\\tb", "q\\\"t"];

struct Gen {
    rng: Rng,
    p: Program,
    names: BTreeSet<String>,
    counter: usize,
}

/// The program for `seed`: the same seed always gives the same program.
pub fn generate(seed: u64) -> Program {
    let mut g = Gen {
        rng: Rng::new(seed),
        p: Program {
            seed,
            module: format!("example.com/diff{seed}"),
            lib: String::new(),
            types: vec![],
            items: vec![],
        },
        names: ["main", "sink", "ptrTo", "keepGlobals", "KeepGlobals", "b", "v", "x", "xs", "f", "k", "n"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        counter: 0,
    };
    g.p.lib = g.rng.pick(&["lib", "store", "geo", "util", "model"]).to_string();
    g.names.insert(g.p.lib.clone());
    g.helpers();
    g.types(Pkg::Main);
    g.types(Pkg::Lib);
    g.funcs();
    g.globals();
    g.stops();
    g.p
}

impl Gen {
    fn fresh(&mut self, base: &str) -> String {
        if self.names.insert(base.to_string()) {
            return base.to_string();
        }
        loop {
            self.counter += 1;
            let name = format!("{base}{}", self.counter);
            if self.names.insert(name.clone()) {
                return name;
            }
        }
    }

    fn exported(&self, pkg: Pkg, name: &str) -> String {
        let mut c = name.chars();
        match (pkg, c.next()) {
            (Pkg::Lib, Some(f)) => f.to_uppercase().collect::<String>() + c.as_str(),
            _ => name.to_string(),
        }
    }

    fn push(&mut self, pkg: Pkg, name: String, kind: ItemKind, text: String, needs: Needs) -> usize {
        self.p.items.push(Item { pkg, name, kind, text, needs });
        self.p.items.len() - 1
    }

    fn helpers(&mut self) {
        for pkg in [Pkg::Main, Pkg::Lib] {
            self.push(pkg, "sink".into(), ItemKind::Func, "func sink(xs ...any) {}".into(), Needs::default());
            self.push(
                pkg,
                "ptrTo".into(),
                ItemKind::Func,
                "func ptrTo[T any](v T) *T { return &v }".into(),
                Needs::default(),
            );
        }
    }

    fn helper(&self, pkg: Pkg, name: &str) -> usize {
        self.p.items.iter().position(|it| it.pkg == pkg && it.name == name).expect("helper exists")
    }

    fn add_type(&mut self, t: NamedType) -> usize {
        self.p.types.push(t);
        let i = self.p.types.len() - 1;
        let name = self.p.types[i].name.clone();
        let pkg = self.p.types[i].pkg;
        self.push(pkg, name, ItemKind::Type(i), String::new(), Needs::default());
        i
    }

    fn types(&mut self, pkg: Pkg) {
        // Named basic kinds: bool, string and float always, then others.
        let mut underlying: Vec<&'static str> = vec!["bool", "string", "float64"];
        let extra = if pkg == Pkg::Main { 2 } else { 1 };
        for _ in 0..extra {
            let all: Vec<&'static str> = INT_BASICS.iter().chain(OTHER_BASICS).copied().collect();
            underlying.push(*self.rng.pick(&all));
        }
        if pkg == Pkg::Lib {
            self.rng.shuffle(&mut underlying);
            underlying.truncate(2);
        }
        for u in underlying {
            let base = match u {
                "bool" => self.rng.pick(&["Flag", "Enabled", "Toggle"]).to_string(),
                "string" => self.rng.pick(&["Label", "Tag", "Key"]).to_string(),
                "float64" => self.rng.pick(&["Ratio", "Rate", "Temp"]).to_string(),
                _ => self.rng.pick(NAMED_BASIC_NAMES).to_string(),
            };
            let name = self.fresh(&base);
            self.add_type(NamedType {
                pkg,
                name,
                params: vec![],
                def: TypeDef::Underlying(Ty::Basic(u)),
                methods: vec![],
            });
        }

        // Structs, the later ones embedding the earlier ones.
        let n_structs = if pkg == Pkg::Main { 3 } else { 2 };
        let mut structs = Vec::new();
        for s in 0..n_structs {
            let base = self.rng.pick(STRUCT_NAMES).to_string();
            let name = self.fresh(&base);
            let mut fields = Vec::new();
            let mut field_names = BTreeSet::new();
            if s == 2 {
                fields.push(Field { name: None, ty: Ty::Named(structs[0]) });
                fields.push(Field { name: None, ty: Ty::Pointer(Box::new(Ty::Named(structs[1]))) });
                field_names.insert(self.p.types[structs[0]].name.clone());
                field_names.insert(self.p.types[structs[1]].name.clone());
            } else if s == 1 && pkg == Pkg::Lib {
                fields.push(Field { name: None, ty: Ty::Named(structs[0]) });
                field_names.insert(self.p.types[structs[0]].name.clone());
            }
            let n_fields = 2 + self.rng.below(3);
            while fields.len() < n_fields + usize::from(s == 2) * 2 {
                let fname = self.rng.pick(FIELD_NAMES).to_string();
                let fname = if pkg == Pkg::Main && self.rng.chance(30) { fname.to_lowercase() } else { fname };
                if !field_names.insert(fname.clone()) || fname == name {
                    continue;
                }
                let ty = if fields.is_empty() {
                    Ty::Basic(self.rng.one(&["int", "string"]))
                } else {
                    self.field_type(pkg, &structs)
                };
                fields.push(Field { name: Some(fname), ty });
            }
            let i =
                self.add_type(NamedType { pkg, name, params: vec![], def: TypeDef::Struct(fields), methods: vec![] });
            structs.push(i);
        }

        // An interface with a method, implemented by a value receiver and
        // by a pointer receiver.
        let iface_name = self.fresh(if pkg == Pkg::Main { "Shape" } else { "Sizer" });
        let method = if pkg == Pkg::Main { "Area" } else { "Size" };
        self.add_type(NamedType {
            pkg,
            name: iface_name,
            params: vec![],
            def: TypeDef::Interface(vec![(method.to_string(), "() float64".to_string())]),
            methods: vec![],
        });
        self.p.types[structs[0]].methods.push(Method {
            name: method.into(),
            pointer_receiver: false,
            signature: "() float64".into(),
            body: "return 1.5".into(),
        });
        self.p.types[structs[1]].methods.push(Method {
            name: method.into(),
            pointer_receiver: true,
            signature: "() float64".into(),
            body: "return 2.5".into(),
        });
        self.p.types[structs[1]].methods.push(Method {
            name: "String".into(),
            pointer_receiver: false,
            signature: "() string".into(),
            body: "return \"s\"".into(),
        });

        // An error type.
        let err_name = self.fresh(if pkg == Pkg::Main { "CodeErr" } else { "LibErr" });
        self.add_type(NamedType {
            pkg,
            name: err_name,
            params: vec![],
            def: TypeDef::Struct(vec![
                Field { name: Some("Code".into()), ty: Ty::Basic("int") },
                Field { name: Some("Msg".into()), ty: Ty::Basic("string") },
            ]),
            methods: vec![Method {
                name: "Error".into(),
                pointer_receiver: true,
                signature: "() string".into(),
                body: "return e.Msg".into(),
            }],
        });

        // Named composite kinds.
        let composite: &[(&str, MakeTy)] = &[
            ("Handler", || Ty::Func(vec![Ty::Basic("int")], vec![Ty::Basic("string")])),
            ("Names", || Ty::Slice(Box::new(Ty::Basic("string")))),
            ("Index", || Ty::Map(Box::new(Ty::Basic("string")), Box::new(Ty::Basic("int")))),
            ("Queue", || Ty::Chan(Dir::Both, Box::new(Ty::Basic("int")))),
            ("Pair2", || Ty::Array(2, Box::new(Ty::Basic("int")))),
        ];
        let mut picks: Vec<usize> = (0..composite.len()).collect();
        self.rng.shuffle(&mut picks);
        for &c in &picks[..2] {
            let name = self.fresh(composite[c].0);
            self.add_type(NamedType {
                pkg,
                name,
                params: vec![],
                def: TypeDef::Underlying((composite[c].1)()),
                methods: vec![],
            });
        }

        // A generic struct (instantiated by locals and by a stop method).
        let box_name = self.fresh(if pkg == Pkg::Main { "Box" } else { "Holder" });
        self.add_type(NamedType {
            pkg,
            name: box_name,
            params: vec!["T".into()],
            def: TypeDef::Struct(vec![
                Field { name: Some("V".into()), ty: Ty::Param("T".into()) },
                Field { name: Some("N".into()), ty: Ty::Basic("int") },
            ]),
            methods: vec![],
        });

        // Render the type declarations now that methods are known.
        let first = self.p.types.iter().position(|t| t.pkg == pkg).unwrap_or(0);
        for i in first..self.p.types.len() {
            let mut needs = Needs::default();
            let text = self.type_decl_text(i, &mut needs);
            let item = self.p.type_item(i);
            needs.items.remove(&item);
            self.p.items[item].text = text;
            self.p.items[item].needs = needs;
        }
    }

    /// A field type for a struct of `pkg`: basics, named types declared
    /// before, pointers to earlier structs, slices, maps, a channel.
    fn field_type(&mut self, pkg: Pkg, structs: &[usize]) -> Ty {
        match self.rng.below(10) {
            0..=3 => self.basic(),
            4 => {
                let named: Vec<usize> = self
                    .p
                    .types
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.pkg == pkg && matches!(t.def, TypeDef::Underlying(Ty::Basic(_))))
                    .map(|(i, _)| i)
                    .collect();
                if named.is_empty() { self.basic() } else { Ty::Named(*self.rng.pick(&named)) }
            }
            5 if !structs.is_empty() => Ty::Pointer(Box::new(Ty::Named(*self.rng.pick(structs)))),
            6 => Ty::Slice(Box::new(self.basic())),
            7 => Ty::Map(Box::new(Ty::Basic("string")), Box::new(self.basic())),
            8 => Ty::Chan(Dir::Both, Box::new(Ty::Basic("int"))),
            _ => Ty::Array(2, Box::new(self.basic())),
        }
    }

    fn basic(&mut self) -> Ty {
        if self.rng.chance(50) {
            Ty::Basic(self.rng.one(&["int", "string", "bool", "float64"]))
        } else {
            let all: Vec<&'static str> = INT_BASICS.iter().chain(OTHER_BASICS).copied().collect();
            Ty::Basic(self.rng.one(&all))
        }
    }

    fn type_decl_text(&self, i: usize, needs: &mut Needs) -> String {
        let t = &self.p.types[i];
        let params = if t.params.is_empty() { String::new() } else { format!("[{} any]", t.params.join(", ")) };
        let mut out = match &t.def {
            TypeDef::Underlying(u) => format!("type {}{params} {}", t.name, self.p.ty_text(u, t.pkg, needs)),
            TypeDef::Struct(fields) => {
                let mut s = format!("type {}{params} struct {{\n", t.name);
                for f in fields {
                    let ty = self.p.ty_text(&f.ty, t.pkg, needs);
                    match &f.name {
                        Some(n) => s.push_str(&format!("\t{n} {ty}\n")),
                        None => s.push_str(&format!("\t{ty}\n")),
                    }
                }
                s.push('}');
                s
            }
            TypeDef::Interface(methods) => {
                let mut s = format!("type {} interface {{\n", t.name);
                for (m, sig) in methods {
                    s.push_str(&format!("\t{m}{sig}\n"));
                }
                s.push('}');
                s
            }
        };
        for m in &t.methods {
            let recv_var = if m.name == "Error" { "e" } else { "r" };
            let recv = if m.pointer_receiver { format!("*{}", t.name) } else { t.name.clone() };
            out.push_str(&format!("\n\nfunc ({recv_var} {recv}) {}{} {{\n\t{}\n}}", m.name, m.signature, m.body));
        }
        out
    }

    fn funcs(&mut self) {
        for pkg in [Pkg::Main, Pkg::Lib] {
            let name = self.exported(pkg, "describe");
            let name = self.fresh(&name);
            let text = format!("func {name}(n int) string {{\n\treturn \"n\"\n}}");
            self.push(pkg, name, ItemKind::Func, text, Needs::default());
        }
    }

    // -----------------------------------------------------------------------
    // Values

    /// A Go expression of exactly type `ty`, written in package `from`.
    fn value(&mut self, ty: &Ty, from: Pkg, needs: &mut Needs) -> String {
        match ty {
            Ty::Basic(b) => self.basic_value(b),
            Ty::UnsafePointer => {
                needs.imports.insert("unsafe");
                "unsafe.Pointer(new(int))".into()
            }
            Ty::Named(i) => {
                let i = *i;
                let name = self.p.named_text(i, from, needs);
                match &self.p.types[i].def {
                    TypeDef::Underlying(u) => {
                        let u = u.clone();
                        let v = self.value(&u, from, needs);
                        format!("{name}({v})")
                    }
                    TypeDef::Struct(_) => self.struct_literal(ty, &name, from, needs),
                    TypeDef::Interface(_) => {
                        let v = self.implementer(i, from, needs);
                        format!("{name}({v})")
                    }
                }
            }
            Ty::Inst(..) => {
                let name = self.p.ty_text(ty, from, needs);
                self.struct_literal(ty, &name, from, needs)
            }
            Ty::Param(p) => format!("*new({p})"),
            Ty::Pointer(t) => {
                if self.rng.chance(8) {
                    let t = self.p.ty_text(ty, from, needs);
                    return format!("({t})(nil)");
                }
                match self.p.kind(t) {
                    Kind::Struct => {
                        let inner = self.value(t, from, needs);
                        format!("&{inner}")
                    }
                    _ => {
                        let inner = self.value(t, from, needs);
                        needs.items.insert(self.helper(from, "ptrTo"));
                        format!("ptrTo({inner})")
                    }
                }
            }
            Ty::Slice(t) => {
                let text = self.p.ty_text(ty, from, needs);
                if self.rng.chance(10) {
                    return format!("{text}(nil)");
                }
                let n = self.rng.below(3) + usize::from(self.rng.chance(70));
                let elems: Vec<String> = (0..n).map(|_| self.value(t, from, needs)).collect();
                format!("{text}{{{}}}", elems.join(", "))
            }
            Ty::Array(n, t) => {
                let text = self.p.ty_text(ty, from, needs);
                let elems: Vec<String> = (0..*n).map(|_| self.value(t, from, needs)).collect();
                format!("{text}{{{}}}", elems.join(", "))
            }
            Ty::Map(k, v) => {
                let text = self.p.ty_text(ty, from, needs);
                if self.rng.chance(10) {
                    return format!("{text}(nil)");
                }
                let n = 1 + self.rng.below(2);
                let mut entries = Vec::new();
                for j in 0..n {
                    let key = self.key_value(k, j, from, needs);
                    let val = self.value(v, from, needs);
                    entries.push(format!("{key}: {val}"));
                }
                format!("{text}{{{}}}", entries.join(", "))
            }
            Ty::Chan(dir, t) => {
                let elem = self.p.ty_text(t, from, needs);
                let size = self.rng.below(3);
                match dir {
                    Dir::Both => format!("make(chan {elem}, {size})"),
                    Dir::Recv => format!("(<-chan {elem})(make(chan {elem}, {size}))"),
                    Dir::Send => format!("(chan<- {elem})(make(chan {elem}, {size}))"),
                }
            }
            Ty::Func(params, results) => {
                if self.rng.chance(10) {
                    let t = self.p.ty_text(ty, from, needs);
                    return format!("({t})(nil)");
                }
                let params: Vec<String> =
                    params.iter().map(|p| format!("_ {}", self.p.ty_text(p, from, needs))).collect();
                let results = results.clone();
                let result_types: Vec<String> = results.iter().map(|r| self.p.ty_text(r, from, needs)).collect();
                let values: Vec<String> = results.iter().map(|r| self.value(r, from, needs)).collect();
                let result_text = match result_types.len() {
                    0 => String::new(),
                    1 => format!(" {}", result_types[0]),
                    _ => format!(" ({})", result_types.join(", ")),
                };
                if values.is_empty() {
                    format!("func({}){result_text} {{}}", params.join(", "))
                } else {
                    format!("func({}){result_text} {{ return {} }}", params.join(", "), values.join(", "))
                }
            }
            Ty::Any => {
                if self.rng.chance(10) {
                    return "any(nil)".into();
                }
                let inner = self.any_dynamic(from);
                let v = self.value(&inner, from, needs);
                format!("any({v})")
            }
            Ty::Error => {
                let v = self.error_value(from, needs);
                if v.starts_with('&') { format!("error({v})") } else { v }
            }
            Ty::AnonStruct(_) => {
                let name = self.p.ty_text(ty, from, needs);
                self.struct_literal(ty, &name, from, needs)
            }
        }
    }

    fn basic_value(&mut self, b: &str) -> String {
        match b {
            "int" => self.rng.range(-5, 99).to_string(),
            "string" => format!("\"{}\"", self.rng.pick(WORDS)),
            "bool" => self.rng.pick(&["true", "false"]).to_string(),
            "float64" => format!("{}.{}", self.rng.range(-3, 40), 1 + self.rng.below(9)),
            "float32" => format!("float32({}.5)", self.rng.range(-3, 40)),
            "complex128" => format!("complex({}.5, {})", self.rng.range(-3, 9), self.rng.range(-3, 9)),
            "complex64" => format!("complex64(complex({}, {}.25))", self.rng.range(-3, 9), self.rng.range(-3, 9)),
            "rune" => format!("'{}'", self.rng.pick(&["a", "Z", "é", "\\n"])),
            "byte" => format!("byte('{}')", self.rng.pick(&["a", "Z", "0"])),
            "int8" | "int16" | "int32" | "int64" => format!("{b}({})", self.rng.range(-100, 100)),
            _ => format!("{b}({})", self.rng.range(0, 200)),
        }
    }

    /// A distinct key value for entry `j` of a map.
    fn key_value(&mut self, k: &Ty, j: usize, from: Pkg, needs: &mut Needs) -> String {
        match k {
            Ty::Basic("string") => format!("\"k{j}\""),
            Ty::Basic("bool") => (j == 0).to_string(),
            Ty::Basic(b) if matches!(basic_kind(b), Kind::Int | Kind::Uint) => format!("{b}({})", j + 1),
            Ty::Basic(b) if basic_kind(b) == Kind::Float => format!("{b}({j}.5)"),
            Ty::Basic(b) => format!("{b}({})", j + 1),
            Ty::Named(i) => {
                let name = self.p.named_text(*i, from, needs);
                match &self.p.types[*i].def {
                    TypeDef::Underlying(u) => {
                        let u = u.clone();
                        let v = self.key_value(&u, j, from, needs);
                        format!("{name}({v})")
                    }
                    _ => self.value(k, from, needs),
                }
            }
            _ => self.value(k, from, needs),
        }
    }

    fn struct_literal(&mut self, ty: &Ty, name: &str, from: Pkg, needs: &mut Needs) -> String {
        let fields = self.p.struct_fields(ty);
        let mut parts = Vec::new();
        for (fname, fty, _) in fields {
            if self.rng.chance(25) {
                continue; // left zero
            }
            let v = self.value(&fty, from, needs);
            parts.push(format!("{fname}: {v}"));
        }
        format!("{name}{{{}}}", parts.join(", "))
    }

    /// A value of a type that implements the interface type `i`.
    fn implementer(&mut self, i: usize, from: Pkg, needs: &mut Needs) -> String {
        let TypeDef::Interface(methods) = &self.p.types[i].def else { unreachable!() };
        let method = methods[0].0.clone();
        let candidates: Vec<(usize, bool)> = self
            .p
            .types
            .iter()
            .enumerate()
            .filter(|(_, t)| from == Pkg::Main || t.pkg == Pkg::Lib)
            .flat_map(|(j, t)| t.methods.iter().filter(|m| m.name == method).map(move |m| (j, m.pointer_receiver)))
            .collect();
        let (j, pointer) = *self.rng.pick(&candidates);
        let v = self.value(&Ty::Named(j), from, needs);
        if pointer || self.rng.chance(30) { format!("&{v}") } else { v }
    }

    fn any_dynamic(&mut self, from: Pkg) -> Ty {
        let structs: Vec<usize> = self
            .p
            .types
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                (from == Pkg::Main || t.pkg == Pkg::Lib) && t.params.is_empty() && matches!(t.def, TypeDef::Struct(_))
            })
            .map(|(i, _)| i)
            .collect();
        match self.rng.below(8) {
            0 => Ty::Basic("int"),
            1 => Ty::Basic("string"),
            2 => Ty::Basic(self.rng.one(&["float64", "bool", "uint8", "complex128"])),
            3 => Ty::Named(*self.rng.pick(&structs)),
            4 => Ty::Pointer(Box::new(Ty::Named(*self.rng.pick(&structs)))),
            5 => Ty::Slice(Box::new(Ty::Basic("int"))),
            6 => Ty::Map(Box::new(Ty::Basic("string")), Box::new(Ty::Basic("int"))),
            _ => Ty::Error,
        }
    }

    fn error_value(&mut self, from: Pkg, needs: &mut Needs) -> String {
        let err_types: Vec<usize> = self
            .p
            .types
            .iter()
            .enumerate()
            .filter(|(_, t)| (from == Pkg::Main || t.pkg == Pkg::Lib) && t.methods.iter().any(|m| m.name == "Error"))
            .map(|(i, _)| i)
            .collect();
        match self.rng.below(5) {
            0 => "error(nil)".into(),
            1 | 2 => {
                needs.imports.insert("errors");
                format!("errors.New(\"{}\")", self.rng.pick(&["boom", "not found", "eof"]))
            }
            3 => {
                needs.imports.insert("errors");
                needs.imports.insert("fmt");
                "fmt.Errorf(\"wrap: %w\", errors.New(\"inner\"))".into()
            }
            _ => {
                let t = *self.rng.pick(&err_types);
                let name = self.p.named_text(t, from, needs);
                format!("&{name}{{Code: {}, Msg: \"bad\"}}", self.rng.range(1, 500))
            }
        }
    }

    // -----------------------------------------------------------------------
    // Variables

    /// A random type usable in package `from` (`depth` bounds nesting).
    fn random_ty(&mut self, from: Pkg, depth: u32) -> Ty {
        let named: Vec<usize> = self
            .p
            .types
            .iter()
            .enumerate()
            .filter(|(_, t)| t.params.is_empty() && (from == Pkg::Main || t.pkg == Pkg::Lib))
            .map(|(i, _)| i)
            .collect();
        let roll = if depth == 0 { self.rng.below(5) } else { self.rng.below(16) };
        match roll {
            0..=2 => self.basic(),
            3 | 4 => Ty::Named(*self.rng.pick(&named)),
            5 | 6 => Ty::Pointer(Box::new(self.random_ty(from, depth - 1))),
            7 | 8 => Ty::Slice(Box::new(self.random_ty(from, depth - 1))),
            9 => Ty::Array(1 + self.rng.below(3), Box::new(self.random_ty(from, depth - 1))),
            10 | 11 => {
                let key = self.key_ty(from);
                Ty::Map(Box::new(key), Box::new(self.random_ty(from, depth - 1)))
            }
            12 => Ty::Chan(*self.rng.pick(&[Dir::Both, Dir::Recv, Dir::Send]), Box::new(self.basic())),
            13 => Ty::Func(vec![Ty::Basic("int")], vec![self.basic()]),
            14 => Ty::Any,
            _ => Ty::Error,
        }
    }

    fn key_ty(&mut self, from: Pkg) -> Ty {
        let named: Vec<usize> = self
            .p
            .types
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                (from == Pkg::Main || t.pkg == Pkg::Lib)
                    && matches!(&t.def, TypeDef::Underlying(Ty::Basic(b)) if *b == "string" || basic_kind(b) == Kind::Int)
            })
            .map(|(i, _)| i)
            .collect();
        match self.rng.below(5) {
            0 | 1 => Ty::Basic("string"),
            2 => Ty::Basic(self.rng.one(&["int", "int64", "uint8", "rune"])),
            _ if !named.is_empty() => Ty::Named(*self.rng.pick(&named)),
            _ => Ty::Basic("int"),
        }
    }

    fn var_name(&mut self, ty: &Ty) -> String {
        let base = match self.p.kind(ty) {
            Kind::Int | Kind::Uint => *self.rng.pick(&["n", "count", "total", "idx", "num"]),
            Kind::Float => *self.rng.pick(&["ratio", "f", "avg", "temp"]),
            Kind::Complex => *self.rng.pick(&["z", "c", "wave"]),
            Kind::Bool => *self.rng.pick(&["ok", "done", "flag", "ready"]),
            Kind::String => *self.rng.pick(&["s", "name", "label", "msg"]),
            Kind::UnsafePointer => "up",
            Kind::Pointer => *self.rng.pick(&["p", "ptr", "ref"]),
            Kind::Slice => *self.rng.pick(&["items", "list", "sl"]),
            Kind::Array => *self.rng.pick(&["arr", "grid", "pair"]),
            Kind::Map => *self.rng.pick(&["m", "byName", "index"]),
            Kind::Chan => *self.rng.pick(&["ch", "queue", "events"]),
            Kind::Func => *self.rng.pick(&["fn", "cb", "handler"]),
            Kind::Interface => *self.rng.pick(&["v", "iface", "val"]),
            Kind::Struct => *self.rng.pick(&["st", "rec", "obj"]),
            Kind::TypeParam => "tp",
        };
        let name = match ty {
            Ty::Error => "err".to_string(),
            Ty::Any => "anyv".to_string(),
            _ => base.to_string(),
        };
        self.fresh(&name)
    }

    fn simple_local(&mut self, ty: Ty, pkg: Pkg) -> Local {
        let mut needs = Needs::default();
        let name = self.var_name(&ty);
        let tyt = self.p.ty_text(&ty, pkg, &mut needs);
        let v = self.value(&ty, pkg, &mut needs);
        Local {
            var: Var { name: name.clone(), ty },
            stmts: vec![format!("var {name} {tyt} = {v}")],
            needs,
            after: vec![],
        }
    }

    /// Non-generic struct types (not errors) a value in `pkg` can have.
    fn plain_structs(&self, pkg: Pkg) -> Vec<usize> {
        self.p
            .types
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                t.params.is_empty()
                    && (pkg == Pkg::Main || t.pkg == Pkg::Lib)
                    && matches!(t.def, TypeDef::Struct(_))
                    && !t.methods.iter().any(|m| m.name == "Error")
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The locals of one recipe: every kind the issue lists has one.
    fn recipe(&mut self, recipe: Recipe, pkg: Pkg) -> Vec<Local> {
        let structs = self.plain_structs(pkg);
        let named_of = |p: &Program, pred: &dyn Fn(&TypeDef) -> bool| -> Vec<usize> {
            p.types
                .iter()
                .enumerate()
                .filter(|(_, t)| t.params.is_empty() && (pkg == Pkg::Main || t.pkg == Pkg::Lib) && pred(&t.def))
                .map(|(i, _)| i)
                .collect()
        };
        match recipe {
            Recipe::Int => {
                let b = *self.rng.pick(INT_BASICS);
                vec![self.simple_local(Ty::Basic(b), pkg)]
            }
            Recipe::FloatComplex => {
                let b = *self.rng.pick(&["float32", "float64", "complex64", "complex128"]);
                vec![self.simple_local(Ty::Basic(b), pkg)]
            }
            Recipe::BoolString => {
                let b = *self.rng.pick(&["bool", "string"]);
                vec![self.simple_local(Ty::Basic(b), pkg)]
            }
            Recipe::NamedBasic => {
                let named = named_of(&self.p, &|d| matches!(d, TypeDef::Underlying(Ty::Basic(_))));
                let t = *self.rng.pick(&named);
                vec![self.simple_local(Ty::Named(t), pkg)]
            }
            Recipe::NamedComposite => {
                let named = named_of(&self.p, &|d| matches!(d, TypeDef::Underlying(u) if !matches!(u, Ty::Basic(_))));
                let t = *self.rng.pick(&named);
                vec![self.simple_local(Ty::Named(t), pkg)]
            }
            Recipe::Array => {
                let e = self.random_ty(pkg, 1);
                let n = 1 + self.rng.below(3);
                vec![self.simple_local(Ty::Array(n, Box::new(e)), pkg)]
            }
            Recipe::Slice => {
                let e = self.random_ty(pkg, 1);
                vec![self.simple_local(Ty::Slice(Box::new(e)), pkg)]
            }
            Recipe::Map => {
                let k = self.key_ty(pkg);
                let v = self.random_ty(pkg, 1);
                vec![self.simple_local(Ty::Map(Box::new(k), Box::new(v)), pkg)]
            }
            Recipe::BufferedChan => {
                let mut needs = Needs::default();
                let elem = if self.rng.chance(60) { Ty::Basic("int") } else { self.random_ty(pkg, 0) };
                let elem_text = self.p.ty_text(&elem, pkg, &mut needs);
                let name = self.fresh("ch");
                let cap = 2 + self.rng.below(4);
                let mut stmts = vec![format!("{name} := make(chan {elem_text}, {cap})")];
                // Never more sends than room: a full channel blocks forever.
                for _ in 0..(self.rng.below(3) + 1).min(cap) {
                    let v = self.value(&elem, pkg, &mut needs);
                    stmts.push(format!("{name} <- {v}"));
                }
                if self.rng.chance(20) {
                    stmts.push(format!("close({name})"));
                }
                vec![Local { var: Var { name, ty: Ty::Chan(Dir::Both, Box::new(elem)) }, stmts, needs, after: vec![] }]
            }
            Recipe::DirectedChans => {
                let mut needs = Needs::default();
                let elem = self.basic();
                let elem_text = self.p.ty_text(&elem, pkg, &mut needs);
                let base = self.fresh("pipe");
                let recv = self.fresh("recv");
                let send = self.fresh("send");
                let v = self.value(&elem, pkg, &mut needs);
                vec![
                    Local {
                        var: Var { name: base.clone(), ty: Ty::Chan(Dir::Both, Box::new(elem.clone())) },
                        stmts: vec![format!("{base} := make(chan {elem_text}, 3)"), format!("{base} <- {v}")],
                        needs,
                        after: vec![],
                    },
                    Local {
                        var: Var { name: recv.clone(), ty: Ty::Chan(Dir::Recv, Box::new(elem.clone())) },
                        stmts: vec![format!("var {recv} <-chan {elem_text} = {base}")],
                        needs: Needs::default(),
                        after: vec![base.clone()],
                    },
                    Local {
                        var: Var { name: send.clone(), ty: Ty::Chan(Dir::Send, Box::new(elem)) },
                        stmts: vec![format!("var {send} chan<- {elem_text} = {base}")],
                        needs: Needs::default(),
                        after: vec![base],
                    },
                ]
            }
            Recipe::OtherChan => {
                // Unbuffered, or nil.
                let elem = Ty::Basic(self.rng.one(&["string", "bool", "float64"]));
                let ty = Ty::Chan(Dir::Both, Box::new(elem));
                let mut needs = Needs::default();
                let tyt = self.p.ty_text(&ty, pkg, &mut needs);
                let name = self.fresh("ch");
                let init = if self.rng.chance(50) { format!("make({tyt})") } else { "nil".to_string() };
                vec![Local {
                    var: Var { name: name.clone(), ty },
                    stmts: vec![format!("var {name} {tyt} = {init}")],
                    needs,
                    after: vec![],
                }]
            }
            Recipe::TopFunc => {
                let f = self
                    .p
                    .items
                    .iter()
                    .position(|it| it.pkg == pkg && it.name.to_lowercase().starts_with("describe"))
                    .expect("describe exists");
                let fname = self.p.items[f].name.clone();
                let name = self.fresh("fn");
                let mut needs = Needs::default();
                needs.items.insert(f);
                vec![Local {
                    var: Var { name: name.clone(), ty: Ty::Func(vec![Ty::Basic("int")], vec![Ty::Basic("string")]) },
                    stmts: vec![format!("{name} := {fname}")],
                    needs,
                    after: vec![],
                }]
            }
            Recipe::Closure => {
                let base = self.fresh("base");
                let prefix = self.fresh("prefix");
                let name = self.fresh("add");
                let b = self.rng.range(1, 9);
                vec![
                    Local {
                        var: Var { name: base.clone(), ty: Ty::Basic("int") },
                        stmts: vec![format!("{base} := {b}")],
                        needs: Needs::default(),
                        after: vec![],
                    },
                    Local {
                        var: Var { name: prefix.clone(), ty: Ty::Basic("string") },
                        stmts: vec![format!("{prefix} := \"p\"")],
                        needs: Needs::default(),
                        after: vec![],
                    },
                    Local {
                        var: Var { name: name.clone(), ty: Ty::Func(vec![Ty::Basic("int")], vec![Ty::Basic("int")]) },
                        stmts: vec![format!(
                            "{name} := func(a int) int {{\n\t\treturn a + {base} + len({prefix})\n\t}}"
                        )],
                        needs: Needs::default(),
                        after: vec![base, prefix],
                    },
                ]
            }
            Recipe::FuncValue => {
                let named = named_of(&self.p, &|d| matches!(d, TypeDef::Underlying(Ty::Func(..))));
                let ty = if !named.is_empty() && self.rng.chance(50) {
                    Ty::Named(named[0])
                } else {
                    Ty::Func(vec![Ty::Basic("string")], vec![Ty::Basic("bool")])
                };
                vec![self.simple_local(ty, pkg)]
            }
            Recipe::Any => vec![self.simple_local(Ty::Any, pkg)],
            Recipe::Error => vec![self.simple_local(Ty::Error, pkg)],
            Recipe::NamedIface => {
                let named = named_of(&self.p, &|d| matches!(d, TypeDef::Interface(_)));
                let t = *self.rng.pick(&named);
                vec![self.simple_local(Ty::Named(t), pkg)]
            }
            Recipe::Pointer => {
                let s = *self.rng.pick(&structs);
                let mut needs = Needs::default();
                let name = self.fresh("p");
                let v = self.value(&Ty::Named(s), pkg, &mut needs);
                let mut out = vec![Local {
                    var: Var { name: name.clone(), ty: Ty::Pointer(Box::new(Ty::Named(s))) },
                    stmts: vec![format!("{name} := &{v}")],
                    needs,
                    after: vec![],
                }];
                if self.rng.chance(40) {
                    let pp = self.fresh("pp");
                    out.push(Local {
                        var: Var { name: pp.clone(), ty: Ty::Pointer(Box::new(Ty::Pointer(Box::new(Ty::Named(s))))) },
                        stmts: vec![format!("{pp} := &{name}")],
                        needs: Needs::default(),
                        after: vec![name],
                    });
                }
                if self.rng.chance(40) {
                    let t = Ty::Pointer(Box::new(self.basic()));
                    out.push(self.simple_local(t, pkg));
                }
                out
            }
            Recipe::Struct => {
                let s = *self.rng.pick(&structs);
                let mut out = vec![self.simple_local(Ty::Named(s), pkg)];
                if self.rng.chance(30) {
                    let fields = vec![("A".to_string(), self.basic()), ("B".to_string(), Ty::Basic("string"))];
                    out.push(self.simple_local(Ty::AnonStruct(fields), pkg));
                }
                out
            }
            Recipe::Unsafe => {
                let s = *self.rng.pick(&structs);
                let mut needs = Needs::default();
                let target = self.fresh("pt");
                let tyt = self.p.ty_text(&Ty::Named(s), pkg, &mut needs);
                let v = self.value(&Ty::Named(s), pkg, &mut needs);
                let name = self.fresh("up");
                vec![
                    Local {
                        var: Var { name: target.clone(), ty: Ty::Named(s) },
                        stmts: vec![format!("var {target} {tyt} = {v}")],
                        needs,
                        after: vec![],
                    },
                    Local {
                        var: Var { name: name.clone(), ty: Ty::UnsafePointer },
                        stmts: vec![format!("{name} := unsafe.Pointer(&{target})")],
                        needs: Needs { items: BTreeSet::new(), imports: ["unsafe"].into_iter().collect() },
                        after: vec![target],
                    },
                ]
            }
            Recipe::GenericInstance => {
                let generic: Vec<usize> = self
                    .p
                    .types
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| !t.params.is_empty() && (pkg == Pkg::Main || t.pkg == Pkg::Lib))
                    .map(|(i, _)| i)
                    .collect();
                let b = *self.rng.pick(&generic);
                let arg = self.type_arg(pkg);
                vec![self.simple_local(Ty::Inst(b, vec![arg]), pkg)]
            }
            Recipe::Random => {
                let ty = self.random_ty(pkg, 2);
                vec![self.simple_local(ty, pkg)]
            }
        }
    }

    /// A type argument of one of the GC-shape kinds: pointer, struct,
    /// interface, basic (and named basic), or another composite.
    fn type_arg(&mut self, pkg: Pkg) -> Ty {
        let structs = self.plain_structs(pkg);
        let ifaces: Vec<usize> = self
            .p
            .types
            .iter()
            .enumerate()
            .filter(|(_, t)| (pkg == Pkg::Main || t.pkg == Pkg::Lib) && matches!(t.def, TypeDef::Interface(_)))
            .map(|(i, _)| i)
            .collect();
        let named_basic: Vec<usize> = self
            .p
            .types
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                (pkg == Pkg::Main || t.pkg == Pkg::Lib) && matches!(t.def, TypeDef::Underlying(Ty::Basic(_)))
            })
            .map(|(i, _)| i)
            .collect();
        match self.rng.below(9) {
            0 | 1 => Ty::Pointer(Box::new(Ty::Named(*self.rng.pick(&structs)))),
            2 | 3 => Ty::Named(*self.rng.pick(&structs)),
            4 => self.rng.pick(&[Ty::Any, Ty::Error]).clone(),
            5 => Ty::Named(*self.rng.pick(&ifaces)),
            6 => Ty::Basic(self.rng.one(&["int", "string", "float64", "uint8", "bool"])),
            7 => Ty::Named(*self.rng.pick(&named_basic)),
            _ => Ty::Slice(Box::new(Ty::Basic("int"))),
        }
    }

    fn globals(&mut self) {
        for pkg in [Pkg::Main, Pkg::Lib] {
            let n = 3 + self.rng.below(3);
            for k in 0..n {
                let ty = self.random_ty(pkg, 1);
                let mut needs = Needs::default();
                let base = self.var_name(&ty);
                self.names.remove(&base);
                let base = format!("g{}{}", base[..1].to_uppercase(), &base[1..]);
                let name = self.exported(pkg, &base);
                let name = self.fresh(&name);
                let tyt = self.p.ty_text(&ty, pkg, &mut needs);
                let init = self.value(&ty, pkg, &mut needs);
                // The first is never referenced: the linker may drop it.
                let used = k > 0 && self.rng.chance(70);
                let text = format!("var {name} {tyt} = {init}");
                let global = Global { var: Var { name: name.clone(), ty }, init, used };
                self.push(pkg, name, ItemKind::Global(global), text, needs);
            }
        }
    }

    fn stops(&mut self) {
        // Every recipe once per program, spread over the plain stops of
        // both packages, then a few random extras.
        let mut recipes: Vec<Recipe> = Recipe::ALL.to_vec();
        for _ in 0..4 {
            recipes.push(Recipe::Random);
        }
        self.rng.shuffle(&mut recipes);
        let n_main = 3 + self.rng.below(2);
        let n_lib = 1 + self.rng.below(2);
        let n = n_main + n_lib;
        let mut buckets: Vec<Vec<Recipe>> = vec![Vec::new(); n];
        for (i, r) in recipes.into_iter().enumerate() {
            buckets[i % n].push(r);
        }
        for (i, bucket) in buckets.into_iter().enumerate() {
            let pkg = if i < n_main { Pkg::Main } else { Pkg::Lib };
            let shape = if self.rng.chance(20) { StopShape::Closure } else { StopShape::Plain };
            let mut locals = Vec::new();
            for r in bucket {
                locals.extend(self.recipe(r, pkg));
            }
            // Some single-statement locals become parameters.
            let mut params = Vec::new();
            let mut keep = Vec::new();
            for l in locals {
                let is_var = l.stmts.len() == 1 && l.stmts[0].starts_with("var ") && l.after.is_empty();
                if is_var && params.len() < 3 && self.rng.chance(25) {
                    params.push(l.var);
                } else {
                    keep.push(l);
                }
            }
            let base = if pkg == Pkg::Main { "stop" } else { "Stop" };
            let func = self.fresh(&format!("{base}{}", i + 1));
            let mut call_needs = Needs::default();
            let args: Vec<String> =
                params.clone().iter().map(|p| self.value(&p.ty, Pkg::Main, &mut call_needs)).collect();
            let q = if pkg == Pkg::Lib {
                call_needs.imports.insert("lib");
                format!("{}.", self.p.lib)
            } else {
                String::new()
            };
            let call =
                Call { text: format!("{q}{func}({})", args.join(", ")), needs: call_needs, type_args: BTreeMap::new() };
            let mut needs = Needs::default();
            for p in &params {
                self.p.ty_text(&p.ty, pkg, &mut needs);
            }
            needs.items.insert(self.helper(pkg, "sink"));
            let stop = StopFn { func: func.clone(), shape, box_type: None, params, locals: keep, calls: vec![call] };
            self.push(pkg, func, ItemKind::Stop(stop), String::new(), needs);
        }

        // Generic stops: each template in `main` or the other package,
        // instantiated with one to three shape kinds.
        let mut shapes = vec![StopShape::Keep, StopShape::Each, StopShape::Pair, StopShape::BoxPut];
        self.rng.shuffle(&mut shapes);
        shapes.truncate(2 + self.rng.below(3));
        for shape in shapes {
            let pkg = if self.rng.chance(35) { Pkg::Lib } else { Pkg::Main };
            self.generic_stop(shape, pkg);
        }
    }

    fn generic_stop(&mut self, shape: StopShape, pkg: Pkg) {
        let base = match shape {
            StopShape::Keep => "Keep",
            StopShape::Each => "Each",
            StopShape::Pair => "Pair",
            _ => "Put",
        };
        let box_type = (shape == StopShape::BoxPut).then(|| {
            self.p
                .types
                .iter()
                .position(|t| !t.params.is_empty() && t.pkg == pkg)
                .expect("each package has a generic type")
        });
        let func = if shape == StopShape::BoxPut { "Put".to_string() } else { self.fresh(base) };
        let t = || Ty::Param("T".into());
        let params = match shape {
            StopShape::Keep => vec![Var { name: "x".into(), ty: t() }, Var { name: "n".into(), ty: Ty::Basic("int") }],
            StopShape::Each => vec![
                Var { name: "xs".into(), ty: Ty::Slice(Box::new(t())) },
                Var { name: "f".into(), ty: Ty::Func(vec![t()], vec![]) },
                Var { name: "x".into(), ty: t() },
            ],
            StopShape::Pair => vec![
                Var { name: "k".into(), ty: Ty::Param("K".into()) },
                Var { name: "v".into(), ty: Ty::Param("V".into()) },
            ],
            _ => vec![Var { name: "v".into(), ty: t() }],
        };
        // Arguments from the package that calls (`main`), for `main` or
        // the other package's code; each instantiation is one call.
        let n = 1 + self.rng.below(3);
        let mut calls = Vec::new();
        for _ in 0..n {
            let mut needs = Needs::default();
            let q = if pkg == Pkg::Lib {
                needs.imports.insert("lib");
                format!("{}.", self.p.lib)
            } else {
                String::new()
            };
            let mut type_args = BTreeMap::new();
            let text = match shape {
                StopShape::Pair => {
                    let mut k = self.type_arg(Pkg::Main);
                    if !self.p.comparable(&k) {
                        k = Ty::Basic("string");
                    }
                    let v = self.type_arg(Pkg::Main);
                    let (kt, vt) =
                        (self.p.ty_text(&k, Pkg::Main, &mut needs), self.p.ty_text(&v, Pkg::Main, &mut needs));
                    let (kv, vv) = (self.value(&k, Pkg::Main, &mut needs), self.value(&v, Pkg::Main, &mut needs));
                    type_args.insert("K".to_string(), k);
                    type_args.insert("V".to_string(), v);
                    format!("{q}{func}[{kt}, {vt}]({kv}, {vv})")
                }
                _ => {
                    let a = self.type_arg(Pkg::Main);
                    let at = self.p.ty_text(&a, Pkg::Main, &mut needs);
                    let av = self.value(&a, Pkg::Main, &mut needs);
                    type_args.insert("T".to_string(), a);
                    match shape {
                        StopShape::Keep => format!("{q}{func}[{at}]({av}, {})", self.rng.range(0, 9)),
                        StopShape::Each => format!("{q}{func}[{at}]([]{at}{{{av}}}, func({at}) {{}})"),
                        _ => {
                            let b = self.p.named_text(box_type.unwrap(), Pkg::Main, &mut needs);
                            format!("(&{b}[{at}]{{N: {}}}).Put({av})", self.rng.range(1, 9))
                        }
                    }
                }
            };
            calls.push(Call { text, needs, type_args });
        }
        let mut needs = Needs::default();
        needs.items.insert(self.helper(pkg, "sink"));
        if let Some(b) = box_type {
            needs.items.insert(self.p.type_item(b));
        }
        let name = if shape == StopShape::BoxPut {
            format!("{}.Put", self.p.types[box_type.unwrap()].name)
        } else {
            func.clone()
        };
        let stop = StopFn { func, shape, box_type, params, locals: vec![], calls };
        self.push(pkg, name, ItemKind::Stop(stop), String::new(), needs);
    }
}

/// What one group of locals is made of; every program uses each once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Recipe {
    Int,
    FloatComplex,
    BoolString,
    NamedBasic,
    NamedComposite,
    Array,
    Slice,
    Map,
    BufferedChan,
    DirectedChans,
    OtherChan,
    TopFunc,
    Closure,
    FuncValue,
    Any,
    Error,
    NamedIface,
    Pointer,
    Struct,
    Unsafe,
    GenericInstance,
    Random,
}

impl Recipe {
    const ALL: &[Recipe] = &[
        Recipe::Int,
        Recipe::FloatComplex,
        Recipe::BoolString,
        Recipe::NamedBasic,
        Recipe::NamedComposite,
        Recipe::Array,
        Recipe::Slice,
        Recipe::Map,
        Recipe::BufferedChan,
        Recipe::DirectedChans,
        Recipe::OtherChan,
        Recipe::TopFunc,
        Recipe::Closure,
        Recipe::FuncValue,
        Recipe::Any,
        Recipe::Error,
        Recipe::NamedIface,
        Recipe::Pointer,
        Recipe::Struct,
        Recipe::Unsafe,
        Recipe::GenericInstance,
    ];
}

// ---------------------------------------------------------------------------
// Rendering

impl Program {
    /// The declarations `sel` keeps, with everything they need.
    fn closure(&self, sel: &Selection) -> (BTreeSet<usize>, BTreeMap<usize, BTreeSet<String>>) {
        let mut locals: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
        let mut keep: BTreeSet<usize> = match &sel.items {
            Some(items) => items.clone(),
            None => (0..self.items.len()).collect(),
        };
        let mut queue: Vec<usize> = keep.iter().copied().collect();
        let push = |i: usize, keep: &mut BTreeSet<usize>, queue: &mut Vec<usize>| {
            if keep.insert(i) {
                queue.push(i);
            }
        };
        while let Some(i) = queue.pop() {
            let item = &self.items[i];
            let mut needs = item.needs.clone();
            if let ItemKind::Stop(stop) = &item.kind {
                let wanted: BTreeSet<String> = match sel.locals.get(&i) {
                    Some(names) => {
                        let mut all = names.clone();
                        // Locals the kept ones are built from.
                        loop {
                            let more: Vec<String> = stop
                                .locals
                                .iter()
                                .filter(|l| all.contains(&l.var.name))
                                .flat_map(|l| l.after.iter().cloned())
                                .filter(|n| !all.contains(n))
                                .collect();
                            if more.is_empty() {
                                break;
                            }
                            all.extend(more);
                        }
                        all
                    }
                    None => stop.locals.iter().map(|l| l.var.name.clone()).collect(),
                };
                for l in stop.locals.iter().filter(|l| wanted.contains(&l.var.name)) {
                    needs.add(&l.needs);
                }
                for c in &stop.calls {
                    needs.add(&c.needs);
                }
                locals.insert(i, wanted);
            }
            for &d in &needs.items {
                push(d, &mut keep, &mut queue);
            }
        }
        (keep, locals)
    }

    pub fn render(&self, sel: &Selection) -> Rendered {
        let (keep, locals) = self.closure(sel);
        let mut files = vec![("go.mod".to_string(), format!("module {}\n\ngo {GO_VERSION}\n", self.module))];
        let mut stops = Vec::new();
        for pkg in [Pkg::Main, Pkg::Lib] {
            let path = match pkg {
                Pkg::Main => "main.go".to_string(),
                Pkg::Lib => format!("{0}/{0}.go", self.lib),
            };
            let mut imports: BTreeSet<&str> = BTreeSet::new();
            let mut body: Vec<String> = Vec::new();
            let mut stop_marks: Vec<(usize, usize, u32)> = Vec::new(); // (item, body index, offset line)
            let kept: Vec<usize> = keep.iter().copied().filter(|&i| self.items[i].pkg == pkg).collect();
            if pkg == Pkg::Lib && kept.is_empty() {
                continue;
            }
            let mut used_globals = Vec::new();
            for &i in &kept {
                let item = &self.items[i];
                imports.extend(item.needs.imports.iter().copied());
                match &item.kind {
                    ItemKind::Stop(stop) => {
                        let kept_locals = &locals[&i];
                        let (text, offset) = self.stop_text(stop, pkg, kept_locals);
                        for l in stop.locals.iter().filter(|l| kept_locals.contains(&l.var.name)) {
                            imports.extend(l.needs.imports.iter().copied());
                        }
                        stop_marks.push((i, body.len(), offset));
                        body.push(text);
                    }
                    ItemKind::Global(g) => {
                        if g.used {
                            used_globals.push(g.var.name.clone());
                        }
                        body.push(item.text.clone());
                    }
                    _ => body.push(item.text.clone()),
                }
            }
            let keeper = if pkg == Pkg::Main { "keepGlobals" } else { "KeepGlobals" };
            if !used_globals.is_empty() {
                body.push(format!("func {keeper}() {{\n\tsink({})\n}}", used_globals.join(", ")));
            }
            if pkg == Pkg::Main {
                let mut lines = Vec::new();
                if !used_globals.is_empty() {
                    lines.push("\tkeepGlobals()".to_string());
                }
                if keep.iter().any(|&i| {
                    matches!(&self.items[i].kind, ItemKind::Global(g) if g.used) && self.items[i].pkg == Pkg::Lib
                }) {
                    lines.push(format!("\t{}.KeepGlobals()", self.lib));
                    imports.insert("lib");
                }
                for &i in &keep {
                    if let ItemKind::Stop(stop) = &self.items[i].kind {
                        for c in &stop.calls {
                            imports.extend(c.needs.imports.iter().copied());
                            lines.push(format!("\t{}", c.text));
                        }
                    }
                }
                body.push(format!("func main() {{\n{}\n}}", lines.join("\n")));
            }
            // Imports of this file: `lib` only from main.
            let mut import_lines: Vec<String> = Vec::new();
            for imp in &imports {
                match *imp {
                    "lib" if pkg == Pkg::Main => import_lines.push(format!("\t\"{}/{}\"", self.module, self.lib)),
                    "lib" => {}
                    other => import_lines.push(format!("\t\"{other}\"")),
                }
            }
            import_lines.sort();
            let mut text = format!("package {}\n", self.pkg_name(pkg));
            if !import_lines.is_empty() {
                text.push_str(&format!("\nimport (\n{}\n)\n", import_lines.join("\n")));
            }
            let mut line = text.lines().count() as u32;
            let mut marks = stop_marks.into_iter().peekable();
            for (k, chunk) in body.iter().enumerate() {
                text.push('\n');
                line += 1;
                if let Some(&(item, idx, offset)) = marks.peek()
                    && idx == k
                {
                    let stop = self.stop(item).expect("a stop");
                    stops.push(StopLine {
                        item,
                        file: path.clone(),
                        line: line + 1 + offset,
                        hits: stop.calls.len() as u32,
                    });
                    marks.next();
                }
                text.push_str(chunk);
                text.push('\n');
                line += chunk.lines().count() as u32;
            }
            files.push((path, text));
        }
        stops.sort_by_key(|s| s.item);
        Rendered { files, stops }
    }

    /// A stop function's text and the 0-based line of its stop in it.
    fn stop_text(&self, stop: &StopFn, pkg: Pkg, kept: &BTreeSet<String>) -> (String, u32) {
        match stop.shape {
            StopShape::Plain | StopShape::Closure => {
                let mut needs = Needs::default();
                let params: Vec<String> = stop
                    .params
                    .iter()
                    .map(|p| format!("{} {}", p.name, self.ty_text(&p.ty, pkg, &mut needs)))
                    .collect();
                let mut lines = vec![format!("func {}({}) {{", stop.func, params.join(", "))];
                let mut names: Vec<String> = stop.params.iter().map(|p| p.name.clone()).collect();
                for l in stop.locals.iter().filter(|l| kept.contains(&l.var.name)) {
                    for s in &l.stmts {
                        lines.push(format!("\t{s}"));
                    }
                    names.push(l.var.name.clone());
                }
                let sink = format!("sink({})", names.join(", "));
                // A statement may span lines (a closure literal).
                let counted = |lines: &[String]| lines.iter().map(|l| l.lines().count() as u32).sum::<u32>();
                let offset;
                if stop.shape == StopShape::Closure {
                    lines.push("\tfunc() {".into());
                    offset = counted(&lines);
                    lines.push(format!("\t\t{sink}"));
                    lines.push("\t}()".into());
                } else {
                    offset = counted(&lines);
                    lines.push(format!("\t{sink}"));
                }
                lines.push("}".into());
                (lines.join("\n"), offset)
            }
            StopShape::Keep => (format!("func {}[T any](x T, n int) T {{\n\tsink(x, n)\n\treturn x\n}}", stop.func), 1),
            StopShape::Each => (
                format!(
                    "func {}[T any](xs []T, f func(T)) {{\n\tfor _, x := range xs {{\n\t\tf(x)\n\t}}\n}}",
                    stop.func
                ),
                2,
            ),
            StopShape::Pair => (format!("func {}[K comparable, V any](k K, v V) {{\n\tsink(k, v)\n}}", stop.func), 1),
            StopShape::BoxPut => {
                let b = &self.types[stop.box_type.expect("a box")].name;
                (format!("func (b *{b}[T]) Put(v T) {{\n\tb.V = v\n\tsink(b, v)\n}}"), 2)
            }
        }
    }
}
