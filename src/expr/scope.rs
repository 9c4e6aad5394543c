//! What Delve can evaluate at one program location: the engine's input.
//!
//! [`ScopeAt`] is plain data. `crate::scope` produces it (from Go sources,
//! a binary's DWARF or a stopped frame); the engine only reads it. Anything
//! a producer cannot determine is marked unknown or incomplete, never
//! guessed, so the engine can accept rather than reject.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, OnceLock};

use super::ast::ChanDir;
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
    /// A package variable no function of the program uses and whose value
    /// is laid out as data: the linker drops it and Delve cannot find it.
    /// Known from sources only, so never offered, and never called an
    /// error either.
    UnusedGlobal,
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
    /// The member names, indexed at the first lookup (a check looks up
    /// every name that is not local here, `nil` among them, and a package
    /// may have thousands of members). A package whose members are added
    /// or removed after a lookup is searched one by one from then on, as if
    /// unindexed; replacing a member in place (the counts unchanged) after
    /// a lookup is not noticed, so a package is built whole before it is
    /// asked (every builder does: scopes only read it).
    pub(crate) index: MemberIndex,
}

impl Package {
    /// A package with no members, its clause name and path empty.
    pub fn empty() -> &'static Package {
        static EMPTY: Package = Package {
            name: String::new(),
            path: String::new(),
            vars: Vec::new(),
            consts: Vec::new(),
            funcs: Vec::new(),
            types: Vec::new(),
            complete: false,
            index: MemberIndex::new(),
        };
        &EMPTY
    }

    /// What `name` is in this package, in every role at once (the first of
    /// each role when a name is listed twice).
    pub fn member(&self, name: &str) -> Member<'_> {
        let index = self.index.get(self);
        if index.built_for == self.shape() {
            if let Some(at) = index.slots(name) {
                let var = at.var.and_then(|i| self.vars.get(i as usize)).filter(|v| v.name == name);
                let constant = at.constant.and_then(|i| self.consts.get(i as usize)).filter(|c| c.name == name);
                let func = at.func.and_then(|i| self.funcs.get(i as usize)).is_some_and(|f| f == name);
                let ty = at.ty.and_then(|i| self.types.get(i as usize)).is_some_and(|t| t == name);
                // Each slot the index has must still hold the name; a
                // collision or a member renamed since is read the slow way.
                if var.is_some() == at.var.is_some()
                    && constant.is_some() == at.constant.is_some()
                    && func == at.func.is_some()
                    && ty == at.ty.is_some()
                {
                    return Member { var, constant, func, ty };
                }
            } else {
                return Member::default();
            }
        }
        self.member_by_scan(name)
    }

    fn member_by_scan(&self, name: &str) -> Member<'_> {
        Member {
            var: self.vars.iter().find(|v| v.name == name),
            constant: self.consts.iter().find(|c| c.name == name),
            func: self.funcs.iter().any(|f| f == name),
            ty: self.types.iter().any(|t| t == name),
        }
    }

    /// How many members of each role: what an index was built for.
    fn shape(&self) -> [usize; 4] {
        [self.vars.len(), self.consts.len(), self.funcs.len(), self.types.len()]
    }

    pub fn var(&self, name: &str) -> Option<&Variable> {
        self.member(name).var
    }

    pub fn constant(&self, name: &str) -> Option<&Constant> {
        self.member(name).constant
    }

    pub fn has_func(&self, name: &str) -> bool {
        self.member(name).func
    }

    pub fn has_type(&self, name: &str) -> bool {
        self.member(name).ty
    }
}

/// One name's roles in a package.
#[derive(Debug, Clone, Copy, Default)]
pub struct Member<'p> {
    pub var: Option<&'p Variable>,
    pub constant: Option<&'p Constant>,
    pub func: bool,
    pub ty: bool,
}

/// A package's member names by hash: for each, where it first appears in
/// each role. Built once per package value, on its first lookup; clones
/// share it.
#[derive(Clone, Default)]
pub struct MemberIndex(OnceLock<Arc<NameSlots>>);

struct NameSlots {
    /// The package's [`Package::shape`] when this was built.
    built_for: [usize; 4],
    by_hash: HashMap<u64, Slots, BuildHasherDefault<PassHash>>,
}

#[derive(Clone, Copy, Default)]
struct Slots {
    var: Option<u32>,
    constant: Option<u32>,
    func: Option<u32>,
    ty: Option<u32>,
}

impl MemberIndex {
    pub const fn new() -> MemberIndex {
        MemberIndex(OnceLock::new())
    }

    fn get(&self, pkg: &Package) -> &NameSlots {
        self.0.get_or_init(|| Arc::new(NameSlots::of(pkg)))
    }
}

impl NameSlots {
    fn of(pkg: &Package) -> NameSlots {
        let n = pkg.vars.len() + pkg.consts.len() + pkg.funcs.len() + pkg.types.len();
        let mut by_hash: HashMap<u64, Slots, BuildHasherDefault<PassHash>> =
            HashMap::with_capacity_and_hasher(n, BuildHasherDefault::default());
        // First of each role wins, as a scan in order finds it.
        let mut note = |name: &str, i: usize, role: fn(&mut Slots) -> &mut Option<u32>| {
            let slot = role(by_hash.entry(name_hash(name)).or_default());
            if slot.is_none() {
                *slot = u32::try_from(i).ok();
            }
        };
        for (i, v) in pkg.vars.iter().enumerate() {
            note(&v.name, i, |s| &mut s.var);
        }
        for (i, c) in pkg.consts.iter().enumerate() {
            note(&c.name, i, |s| &mut s.constant);
        }
        for (i, f) in pkg.funcs.iter().enumerate() {
            note(f, i, |s| &mut s.func);
        }
        for (i, t) in pkg.types.iter().enumerate() {
            note(t, i, |s| &mut s.ty);
        }
        NameSlots { built_for: pkg.shape(), by_hash }
    }

    fn slots(&self, name: &str) -> Option<Slots> {
        self.by_hash.get(&name_hash(name)).copied()
    }
}

/// FNV-1a: names are short, and the index needs no defence against
/// chosen collisions (a collision only sends a lookup the slow way).
fn name_hash(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in name.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The hasher of an index keyed by hashes already made.
#[derive(Default)]
struct PassHash(u64);

impl Hasher for PassHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl PartialEq for MemberIndex {
    /// An index says nothing its package does not: always equal.
    fn eq(&self, _: &MemberIndex) -> bool {
        true
    }
}

impl std::fmt::Debug for MemberIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.get().is_some() { "MemberIndex(built)" } else { "MemberIndex" })
    }
}

/// `a == b`, told apart by length and first byte before the bytes are
/// compared: the locals are searched one by one for every name, and most
/// differ there.
#[inline]
fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
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
    pub imports: PackageTable,
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

/// A table by name: a plain map over an optional resolver `R` that builds
/// an entry only when it is first asked for. [`PackageTable`] and
/// [`TypeTable`] are its two uses.
pub struct LazyTable<V, R: ?Sized> {
    known: Arc<BTreeMap<String, V>>,
    lazy: Option<Arc<R>>,
}

/// What a [`LazyTable`]'s resolver answers: each entry built once, on demand.
pub trait Resolver<V>: Send + Sync {
    /// Whether `name` is an entry here (builds nothing).
    fn contains(&self, name: &str) -> bool;
    fn resolve(&self, name: &str) -> Option<&V>;
}

impl<V, R: ?Sized + Resolver<V>> LazyTable<V, R> {
    pub fn lazy(resolver: Arc<R>) -> Self {
        LazyTable { known: Arc::default(), lazy: Some(resolver) }
    }

    pub fn get(&self, name: &str) -> Option<&V> {
        self.known.get(name).or_else(|| self.lazy.as_ref().and_then(|l| l.resolve(name)))
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.known.contains_key(name) || self.lazy.as_ref().is_some_and(|l| l.contains(name))
    }
}

impl<V: Clone, R: ?Sized> LazyTable<V, R> {
    /// The plain map, for building it (a resolver's entries are not in it).
    pub fn known_mut(&mut self) -> &mut BTreeMap<String, V> {
        Arc::make_mut(&mut self.known)
    }
}

impl<V, R: ?Sized> Default for LazyTable<V, R> {
    fn default() -> Self {
        LazyTable { known: Arc::default(), lazy: None }
    }
}

impl<V, R: ?Sized> Clone for LazyTable<V, R> {
    fn clone(&self) -> Self {
        LazyTable { known: Arc::clone(&self.known), lazy: self.lazy.clone() }
    }
}

impl<V, R: ?Sized> From<BTreeMap<String, V>> for LazyTable<V, R> {
    fn from(known: BTreeMap<String, V>) -> Self {
        LazyTable { known: Arc::new(known), lazy: None }
    }
}

impl<V: PartialEq, R: ?Sized> PartialEq for LazyTable<V, R> {
    fn eq(&self, other: &Self) -> bool {
        let same_lazy = match (&self.lazy, &other.lazy) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        same_lazy && self.known == other.known
    }
}

impl<V: std::fmt::Debug, R: ?Sized> std::fmt::Debug for LazyTable<V, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LazyTable").field("known", &self.known).field("lazy", &self.lazy.is_some()).finish()
    }
}

/// Packages by import path: a plain map (scopes from source) over an
/// optional resolver that builds a package's members only when it is first
/// asked for (DWARF: a big program links hundreds of packages with tens of
/// thousands of globals, a condition names one or two).
pub type PackageTable = LazyTable<Package, dyn PackageResolver>;

/// Packages whose members are built on demand, each once.
pub trait PackageResolver: Resolver<Package> {
    /// Every package's import path and clause name, by path (builds nothing).
    fn heads(&self) -> Box<dyn Iterator<Item = (&str, &str)> + '_>;
}

impl PackageTable {
    /// Every package's import path and clause name (builds nothing): those
    /// of the plain map by path, then the resolver's.
    pub fn heads(&self) -> impl Iterator<Item = (&str, &str)> {
        let known = self.known.iter().map(|(path, p)| (path.as_str(), p.name.as_str()));
        known.chain(self.lazy.iter().flat_map(|l| l.heads()))
    }

    /// Packages whose clause name is `name`, built, in [`Self::heads`]' order.
    pub fn named<'a, 'n>(&'a self, name: &'n str) -> impl Iterator<Item = &'a Package> + use<'a, 'n> {
        self.heads().filter(move |&(_, n)| n == name).filter_map(|(path, _)| self.get(path))
    }

    /// Every package, built: for views of a whole scope (a resolver's
    /// packages are all built by it).
    pub fn all(&self) -> impl Iterator<Item = &Package> {
        self.heads().filter_map(|(path, _)| self.get(path))
    }
}

/// Named types by qualified name: a plain map (scopes from source, types
/// learned at run time) over an optional resolver that reads a type's
/// details only when first asked (DWARF: a big program names thousands of
/// types, a condition a handful).
pub type TypeTable = LazyTable<NamedInfo, dyn Resolver<NamedInfo>>;

impl TypeTable {
    /// Adds `info` unless the name is already known (here or to the resolver).
    pub fn insert_if_absent(&mut self, qualified: &str, info: impl FnOnce() -> NamedInfo) {
        if !self.contains_key(qualified) {
            Arc::make_mut(&mut self.known).insert(qualified.to_string(), info());
        }
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
        self.locals.iter().find(|v| same_name(&v.name, name))
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
    /// type arguments have the frame's shapes remain, and a type parameter
    /// every remaining instantiation binds alike is substituted. Shapes the
    /// engine cannot compute match anything; when nothing fits, nothing is
    /// dropped and the list is no longer claimed complete.
    pub fn in_frame(&self, function: &str) -> ScopeAt {
        let mut s = self.clone();
        // Instantiations keyed by dictionary entries (`.param0`, from a
        // binary) are not type parameters: their shapes are not the frame's.
        let by_param = self.instantiations.iter().all(|i| i.keys().all(|k| !k.starts_with('.')));
        if let Some(frame) = frame_shapes(function).filter(|_| by_param) {
            let frame: Vec<String> = frame.iter().map(|f| without_tags(f)).collect();
            let matching: Vec<BTreeMap<String, Type>> = self
                .instantiations
                .iter()
                .filter(|inst| {
                    let ours: Vec<Shape> = inst.values().map(|t| self.gc_shape(t)).collect();
                    shapes_fit(&ours, &frame)
                })
                .cloned()
                .collect();
            if matching.is_empty() {
                s.instantiations_complete = false;
            } else {
                s.instantiations = matching;
            }
        }
        s.settle();
        s
    }

    /// Substitutes each type parameter that every instantiation binds to
    /// the same type (all of them when there is one): the locals then have
    /// the types Delve shows, and completion can follow them.
    pub fn settle(&mut self) {
        if !self.instantiations_complete || self.instantiations.is_empty() {
            return;
        }
        let first = self.instantiations[0].clone();
        let common: BTreeMap<String, Type> =
            first.into_iter().filter(|(k, t)| self.instantiations.iter().all(|i| i.get(k) == Some(t))).collect();
        if common.is_empty() {
            return;
        }
        for v in &mut self.locals {
            v.ty = v.ty.substitute(&common);
        }
        for i in &mut self.instantiations {
            i.retain(|k, _| !common.contains_key(k));
        }
        if self.instantiations.iter().all(BTreeMap::is_empty) {
            self.instantiations.clear();
        }
    }

    /// The GC shape Go compiles a type argument `t` with, spelled as in a
    /// frame name: its underlying type, written as the linker writes types
    /// (package paths in full, unexported field names qualified, struct
    /// tags left out); a pointer is `*uint8` when the type parameter's
    /// constraint has only methods, itself otherwise. [`Shape::Any`] when
    /// not known here.
    fn gc_shape(&self, t: &Type) -> Shape {
        let mut t = t.clone();
        let mut pkg: Option<String> = None;
        for _ in 0..8 {
            let Type::Named(n) = &t else { break };
            let Some(info) = self.named(n) else { return Shape::Any };
            pkg = Some(n.pkg_path.clone());
            t = info.underlying.clone();
        }
        // The compiler hashes spellings longer than 500 bytes.
        match self.link_spelling(&t, pkg.as_deref(), 0).filter(|s| s.len() <= 500) {
            // Unspelled, the kind still shows: a shape is the underlying type.
            None => match t {
                Type::Interface(_) => Shape::Kind("interface {"),
                Type::Struct(_) => Shape::Kind("struct {"),
                Type::Map(..) => Shape::Kind("map["),
                Type::Func(_) => Shape::Kind("func("),
                _ => Shape::Any,
            },
            Some(s) if matches!(t, Type::Pointer(_)) => Shape::Pointer(s),
            Some(s) => Shape::Exact(s),
        }
    }

    /// `t` as the linker spells types (`LinkString`); `pkg`: the package
    /// of the declaration whose underlying type `t` is (qualifies
    /// unexported field names). `None` where the spelling is not certain.
    fn link_spelling(&self, t: &Type, pkg: Option<&str>, depth: u32) -> Option<String> {
        if depth > 16 {
            return None;
        }
        let inner = |t: &Type| self.link_spelling(t, None, depth + 1);
        Some(match t {
            Type::Basic(b) => b.name().to_string(),
            Type::Named(n) if n.name.contains('[') => return None,
            Type::Named(n) => n.qualified(),
            Type::Pointer(e) => format!("*{}", inner(e)?),
            Type::Slice(e) => format!("[]{}", inner(e)?),
            Type::Array(Some(n), e) => format!("[{n}]{}", inner(e)?),
            Type::Map(k, v) => format!("map[{}]{}", inner(k)?, inner(v)?),
            Type::Chan(_, e) if matches!(**e, Type::Chan(..)) => return None,
            Type::Chan(dir, e) => {
                let head = match dir {
                    ChanDir::Both => "chan ",
                    ChanDir::Send => "chan<- ",
                    ChanDir::Recv => "<-chan ",
                };
                format!("{head}{}", inner(e)?)
            }
            Type::Func(f) => {
                let mut params = Vec::new();
                for (i, p) in f.params.iter().enumerate() {
                    let spelled = inner(p)?;
                    let last = i + 1 == f.params.len();
                    params.push(match (f.variadic && last, p) {
                        (true, Type::Slice(e)) => format!("...{}", inner(e)?),
                        (true, _) => return None,
                        _ => spelled,
                    });
                }
                let results = f.results.iter().map(inner).collect::<Option<Vec<String>>>()?;
                let results = match results.len() {
                    0 => String::new(),
                    1 => format!(" {}", results[0]),
                    _ => format!(" ({})", results.join(", ")),
                };
                format!("func({}){results}", params.join(", "))
            }
            Type::Struct(fields) if fields.is_empty() => "struct {}".to_string(),
            Type::Struct(fields) => {
                let mut parts = Vec::new();
                for f in fields {
                    let ty = inner(&f.ty)?;
                    let exported = f.name.chars().next().is_some_and(char::is_uppercase);
                    parts.push(match (f.embedded, exported) {
                        (true, _) => ty,
                        (false, true) => format!("{} {ty}", f.name),
                        (false, false) => format!("{}.{} {ty}", pkg?, f.name),
                    });
                }
                format!("struct {{ {} }}", parts.join("; "))
            }
            // Method sets are not always known (DWARF has none): unknown.
            _ => return None,
        })
    }

    pub fn named(&self, n: &Named) -> Option<&NamedInfo> {
        n.with_qualified(|q| self.types.get(q))
    }

    /// Packages whose clause name is `name` (Delve matches any package of the
    /// program by name, not only the file's imports).
    pub fn packages_named<'a, 'n>(&'a self, name: &'n str) -> impl Iterator<Item = &'a Package> + use<'a, 'n> {
        self.imports.named(name)
    }
}

/// The shape arguments of a frame of a generic function
/// (`main.(*Cache[go.shape.int,go.shape.string]).Get` → `int`, `string`).
pub fn frame_shapes(function: &str) -> Option<Vec<String>> {
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

/// A shape spelled without struct tags (quoted strings), which the
/// engine's types do not keep.
fn without_tags(shape: &str) -> String {
    let mut out = String::with_capacity(shape.len());
    let mut chars = shape.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            out.push(c);
            continue;
        }
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => break,
                _ => {}
            }
        }
        // The space before the tag.
        if out.ends_with(' ') {
            out.pop();
        }
    }
    out
}

/// What the engine knows of one type argument's GC shape.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Any,
    Exact(String),
    /// A pointer type: `*uint8` or itself, depending on the constraint.
    Pointer(String),
    /// A type of this kind, spelled as it begins (`interface {`).
    Kind(&'static str),
}

impl Shape {
    fn fits(&self, frame: &str) -> bool {
        match self {
            Shape::Any => true,
            Shape::Exact(s) => without_tags(s) == frame,
            Shape::Pointer(s) => frame == "*uint8" || s == frame,
            Shape::Kind(start) => frame.starts_with(start),
        }
    }
}

/// Whether an instantiation's shapes can be the frame's, in some order:
/// the instantiation lists its type arguments by parameter name, not in
/// declaration order.
fn shapes_fit(ours: &[Shape], frame: &[String]) -> bool {
    if ours.len() != frame.len() || ours.len() > 8 {
        return true;
    }
    fn assign(ours: &[Shape], frame: &[String], used: &mut Vec<bool>) -> bool {
        let Some((first, rest)) = ours.split_first() else { return true };
        for (i, f) in frame.iter().enumerate() {
            if !used[i] && first.fits(f) {
                used[i] = true;
                if assign(rest, frame, used) {
                    return true;
                }
                used[i] = false;
            }
        }
        false
    }
    assign(ours, frame, &mut vec![false; frame.len()])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::types::Basic;

    fn inst(pairs: &[(&str, Type)]) -> BTreeMap<String, Type> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
    }

    /// A scope with `Cents` (int64), `Point` (struct { X int; Y int }),
    /// `Pair` (struct { a int; B string }), locals `k: K` and `v: V`, and
    /// the given instantiations.
    fn generic_scope(insts: Vec<BTreeMap<String, Type>>) -> ScopeAt {
        let field = |name: &str, ty: Type| crate::expr::types::StructField { name: name.into(), ty, embedded: false };
        let int = Type::Basic(Basic::Int);
        let mut types = BTreeMap::new();
        for (name, underlying) in [
            ("main.Cents", Type::Basic(Basic::Int64)),
            ("main.Point", Type::Struct(vec![field("X", int.clone()), field("Y", int.clone())])),
            ("main.Pair", Type::Struct(vec![field("a", int.clone()), field("B", Type::Basic(Basic::String))])),
        ] {
            types.insert(name.to_string(), NamedInfo { underlying, methods: Vec::new() });
        }
        let local = |name: &str, param: &str| Variable {
            name: name.into(),
            ty: Type::TypeParam(param.into()),
            kind: VarKind::Param,
            decl_line: None,
        };
        ScopeAt {
            types: types.into(),
            locals: vec![local("k", "K"), local("v", "V")],
            instantiations: insts,
            instantiations_complete: true,
            ..ScopeAt::default()
        }
    }

    /// The locals' types and the instantiations left, as text.
    fn view(s: &ScopeAt) -> String {
        let mut out: Vec<String> = s.locals.iter().map(|v| format!("{}: {}", v.name, v.ty)).collect();
        for i in &s.instantiations {
            out.push(format!("[{}]", i.iter().map(|(k, t)| format!("{k} = {t}")).collect::<Vec<_>>().join(", ")));
        }
        if !s.instantiations_complete {
            out.push("(incomplete)".into());
        }
        out.join("; ")
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
            (
                "main.F[go.shape.func(int, string) bool,go.shape.map[string]int]",
                Some(vec!["func(int, string) bool", "map[string]int"]),
            ),
            ("main.F[go.shape.int,main.T]", None),
            ("main.F[go.shape.int", Some(vec![])),
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
        let named = |n: &str| Type::named("main", n);
        let ptr = |n: &str| Type::pointer_to(named(n));
        let string = Type::Basic(Basic::String);
        let float = Type::Basic(Basic::Float64);
        let int = Type::Basic(Basic::Int);
        let s = generic_scope(vec![
            inst(&[("K", named("Cents")), ("V", string.clone())]),
            inst(&[("K", float.clone()), ("V", string.clone())]),
        ]);
        let cases = [
            ("main.Sum[go.shape.int64,go.shape.string]", "k: main.Cents; v: string"),
            ("main.Sum[go.shape.string,go.shape.float64]", "k: float64; v: string"),
            // Not a generic frame: what all instantiations agree on.
            ("main.main", "k: K; v: string; [K = main.Cents]; [K = float64]"),
            // Nothing fits: nothing dropped, and the list is not trusted.
            (
                "main.Sum[go.shape.int8,go.shape.string]",
                "k: K; v: V; [K = main.Cents, V = string]; [K = float64, V = string]; (incomplete)",
            ),
        ];
        for (frame, want) in cases {
            assert_eq!(view(&s.in_frame(frame)), want, "{frame}");
        }
        // A pointer is `*uint8` under a constraint of methods only, itself
        // otherwise (`comparable`); unknown shapes fit anything.
        let p = generic_scope(vec![
            inst(&[("K", ptr("Cents")), ("V", string.clone())]),
            inst(&[("K", int.clone()), ("V", Type::Unknown)]),
        ]);
        let cases = [
            ("main.F[go.shape.*uint8,go.shape.string]", "k: *main.Cents; v: string"),
            ("main.F[go.shape.*main.Cents,go.shape.string]", "k: *main.Cents; v: string"),
            ("main.F[go.shape.int,go.shape.float32]", "k: int; v: ?"),
            ("main.F[go.shape.string,go.shape.*uint8]", "k: *main.Cents; v: string"),
        ];
        for (frame, want) in cases {
            assert_eq!(view(&p.in_frame(frame)), want, "{frame}");
        }
        // Struct shapes: the underlying type as the linker spells it, with
        // unexported field names qualified and tags left out.
        let st = generic_scope(vec![
            inst(&[("K", named("Point")), ("V", ptr("Point"))]),
            inst(&[("K", named("Pair")), ("V", ptr("Pair"))]),
            inst(&[("K", named("Pair")), ("V", ptr("Cents"))]),
        ]);
        let cases = [
            ("main.G[go.shape.struct { X int; Y int },go.shape.*uint8]", "k: main.Point; v: *main.Point"),
            (
                "main.G[go.shape.struct { main.a int; B string \"json:\\\"b\\\"\" },go.shape.*uint8]",
                "k: main.Pair; v: V; [V = *main.Pair]; [V = *main.Cents]",
            ),
            ("main.G[go.shape.struct { main.a int; B string },go.shape.*main.Cents]", "k: main.Pair; v: *main.Cents"),
        ];
        for (frame, want) in cases {
            assert_eq!(view(&st.in_frame(frame)), want, "{frame}");
        }
        // An interface whose methods' signatures are unknown still has an
        // interface shape, never a slice's.
        let mut iface = generic_scope(vec![
            inst(&[("K", named("Shape")), ("V", string.clone())]),
            inst(&[("K", Type::slice_of(int.clone())), ("V", string.clone())]),
        ]);
        iface.types.insert_if_absent("main.Shape", || NamedInfo {
            underlying: Type::Interface(vec!["Area".into()]),
            methods: Vec::new(),
        });
        let cases = [
            ("main.H[go.shape.[]int,go.shape.string]", "k: []int; v: string"),
            ("main.H[go.shape.interface { Area() float64 },go.shape.string]", "k: main.Shape; v: string"),
        ];
        for (frame, want) in cases {
            assert_eq!(view(&iface.in_frame(frame)), want, "{frame}");
        }
    }

    #[test]
    fn package_members_are_found_as_a_scan_in_order_finds_them() {
        let var = |name: &str, ty: Type| Variable { name: name.into(), ty, kind: VarKind::Global, decl_line: None };
        let int = Type::Basic(Basic::Int);
        let mut pkg = Package {
            vars: vec![var("a", int.clone()), var("nil", Type::Basic(Basic::String)), var("a", Type::Unknown)],
            consts: vec![Constant { name: "a".into(), ty: int.clone(), value: None }],
            funcs: vec!["f".into()],
            types: vec!["T".into()],
            ..Package::default()
        };
        let roles = |p: &Package, name: &str| {
            let m = p.member(name);
            let scanned = p.member_by_scan(name);
            assert_eq!(
                (m.var.map(|v| &v.ty), m.constant.is_some(), m.func, m.ty),
                (scanned.var.map(|v| &v.ty), scanned.constant.is_some(), scanned.func, scanned.ty),
                "{name}"
            );
            (m.var.map(|v| v.ty.to_string()), m.constant.is_some(), m.func, m.ty)
        };
        assert_eq!(roles(&pkg, "a"), (Some("int".into()), true, false, false));
        assert_eq!(roles(&pkg, "nil"), (Some("string".into()), false, false, false));
        assert_eq!(roles(&pkg, "f"), (None, false, true, false));
        assert_eq!(roles(&pkg, "T"), (None, false, false, true));
        assert_eq!(roles(&pkg, "true"), (None, false, false, false));
        // Members added after the index was built are found all the same.
        pkg.funcs.push("true".into());
        let clone = pkg.clone();
        for p in [&pkg, &clone] {
            assert_eq!(roles(p, "true"), (None, false, true, false));
            assert_eq!(roles(p, "a"), (Some("int".into()), true, false, false));
        }
    }

    #[test]
    fn a_member_renamed_in_place_after_a_lookup_is_found_by_its_old_name_as_the_scan_finds_it() {
        let var = |name: &str, ty: Basic| Variable {
            name: name.into(),
            ty: Type::Basic(ty),
            kind: VarKind::Global,
            decl_line: None,
        };
        let constant = |name: &str, ty: Basic| Constant { name: name.into(), ty: Type::Basic(ty), value: None };
        // `a` in every role, once, then twice (renaming the first leaves
        // the second for the scan to find).
        let once = Package {
            vars: vec![var("a", Basic::Int)],
            consts: vec![constant("a", Basic::Bool)],
            funcs: vec!["a".into()],
            types: vec!["a".into()],
            ..Package::default()
        };
        let twice = Package {
            vars: vec![var("a", Basic::Int), var("a", Basic::String)],
            consts: vec![constant("a", Basic::Bool), constant("a", Basic::Float64)],
            funcs: vec!["a".into(), "a".into()],
            types: vec!["a".into(), "a".into()],
            ..Package::default()
        };
        let roles = |m: Member| (m.var.map(|v| v.ty.to_string()), m.constant.map(|c| c.ty.to_string()), m.func, m.ty);
        type Rename = fn(&mut Package);
        let renamed: [(&str, Rename); 4] = [
            ("var", |p| p.vars[0].name = "z".into()),
            ("const", |p| p.consts[0].name = "z".into()),
            ("func", |p| p.funcs[0] = "z".into()),
            ("type", |p| p.types[0] = "z".into()),
        ];
        let mut got = Vec::new();
        for (listed, pkg) in [("once", &once), ("twice", &twice)] {
            // The lookup that builds the index, which clones share.
            assert_eq!(roles(pkg.member("a")), (Some("int".into()), Some("bool".into()), true, true));
            for (role, rename) in renamed {
                let mut p = pkg.clone();
                rename(&mut p);
                assert_eq!(roles(p.member("a")), roles(p.member_by_scan("a")), "{listed} {role}");
                got.push(format!("{listed}, first {role} renamed: {:?}", roles(p.member("a"))));
            }
        }
        expect_test::expect![[r#"
            once, first var renamed: (None, Some("bool"), true, true)
            once, first const renamed: (Some("int"), None, true, true)
            once, first func renamed: (Some("int"), Some("bool"), false, true)
            once, first type renamed: (Some("int"), Some("bool"), true, false)
            twice, first var renamed: (Some("string"), Some("bool"), true, true)
            twice, first const renamed: (Some("int"), Some("float64"), true, true)
            twice, first func renamed: (Some("int"), Some("bool"), true, true)
            twice, first type renamed: (Some("int"), Some("bool"), true, true)"#]]
        .assert_eq(&got.join("\n"));
    }

    /// A resolver over a fixed map that notes each entry it is asked to
    /// build.
    struct Fixed<V> {
        entries: BTreeMap<String, V>,
        built: std::sync::Mutex<Vec<String>>,
    }

    impl<V> Fixed<V> {
        fn new(entries: impl IntoIterator<Item = (&'static str, V)>) -> Arc<Fixed<V>> {
            let entries = entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            Arc::new(Fixed { entries, built: std::sync::Mutex::default() })
        }

        fn built(&self) -> Vec<String> {
            self.built.lock().map(|b| b.clone()).unwrap_or_default()
        }
    }

    impl<V: Send + Sync> Resolver<V> for Fixed<V> {
        fn contains(&self, name: &str) -> bool {
            self.entries.contains_key(name)
        }

        fn resolve(&self, name: &str) -> Option<&V> {
            if let Ok(mut b) = self.built.lock() {
                b.push(name.to_string());
            }
            self.entries.get(name)
        }
    }

    impl PackageResolver for Fixed<Package> {
        fn heads(&self) -> Box<dyn Iterator<Item = (&str, &str)> + '_> {
            Box::new(self.entries.iter().map(|(path, p)| (path.as_str(), p.name.as_str())))
        }
    }

    fn package(name: &str, path: &str) -> Package {
        Package { name: name.into(), path: path.into(), ..Package::default() }
    }

    #[test]
    fn a_package_table_reads_its_map_then_its_resolver_building_only_what_is_asked() {
        let resolver = Fixed::new([
            ("example.com/a", package("a", "example.com/a")),
            ("example.com/v2/b", package("b", "example.com/v2/b")),
        ]);
        let as_resolver: Arc<dyn PackageResolver> = resolver.clone();
        let mut table = PackageTable::lazy(as_resolver);
        table.known_mut().insert("example.com/b".into(), package("b", "example.com/b"));
        let paths = |it: &mut dyn Iterator<Item = &Package>| it.map(|p| p.path.as_str()).collect::<Vec<_>>().join(" ");
        let mut out = vec![
            format!("heads: {:?}", table.heads().collect::<Vec<_>>()),
            format!(
                "contains: {:?}",
                ["example.com/b", "example.com/a", "example.com/c"].map(|p| table.contains_key(p))
            ),
        ];
        out.push(format!("built: {:?}", resolver.built()));
        out.push(format!("named b: {}", paths(&mut table.named("b"))));
        out.push(format!("built: {:?}", resolver.built()));
        out.push(format!("named a: [{}]; named c: [{}]", paths(&mut table.named("a")), paths(&mut table.named("c"))));
        out.push(format!("all: {}", paths(&mut table.all())));
        out.push(format!("get c: {:?}", table.get("example.com/c").map(|p| &p.path)));
        out.push(format!("{table:?}"));
        expect_test::expect![[r#"
            heads: [("example.com/b", "b"), ("example.com/a", "a"), ("example.com/v2/b", "b")]
            contains: [true, true, false]
            built: []
            named b: example.com/b example.com/v2/b
            built: ["example.com/v2/b"]
            named a: [example.com/a]; named c: []
            all: example.com/b example.com/a example.com/v2/b
            get c: None
            LazyTable { known: {"example.com/b": Package { name: "b", path: "example.com/b", vars: [], consts: [], funcs: [], types: [], complete: false, index: MemberIndex }}, lazy: true }"#]].assert_eq(&out.join("\n"));
    }

    #[test]
    fn a_type_table_reads_its_map_then_its_resolver_once_each_and_adds_only_what_neither_has() {
        let info = |b: Basic| NamedInfo { underlying: Type::Basic(b), methods: Vec::new() };
        let resolver = Fixed::new([("main.B", info(Basic::Int8)), ("main.C", info(Basic::Int16))]);
        let as_resolver: Arc<dyn Resolver<NamedInfo>> = resolver.clone();
        let mut table = TypeTable::lazy(as_resolver);
        table.known_mut().insert("main.B".into(), info(Basic::Int));
        table.known_mut().insert("main.A".into(), info(Basic::Bool));
        table.insert_if_absent("main.C", || info(Basic::String));
        table.insert_if_absent("main.B", || info(Basic::String));
        table.insert_if_absent("main.D", || info(Basic::Float64));
        let underlying = |t: &TypeTable, name: &str| t.get(name).map(|i| i.underlying.to_string());
        let out = [
            format!("iter: {:?}", table.iter().map(|(k, i)| format!("{k} {}", i.underlying)).collect::<Vec<_>>()),
            format!("values: {:?}", table.values().map(|i| i.underlying.to_string()).collect::<Vec<_>>()),
            format!("built: {:?}", resolver.built()),
            format!("get: {:?}", ["main.A", "main.B", "main.C", "main.D", "main.E"].map(|n| underlying(&table, n))),
            format!("built: {:?}", resolver.built()),
        ];
        expect_test::expect![[r#"
            iter: ["main.A bool", "main.B int", "main.D float64"]
            values: ["bool", "int", "float64"]
            built: []
            get: [Some("bool"), Some("int"), Some("int16"), Some("float64"), None]
            built: ["main.C", "main.E"]"#]]
        .assert_eq(&out.join("\n"));
    }

    #[test]
    fn tables_are_equal_with_the_same_map_and_the_same_resolver() {
        let info = |b: Basic| NamedInfo { underlying: Type::Basic(b), methods: Vec::new() };
        let map = |b: Basic| BTreeMap::from([("main.A".to_string(), info(b))]);
        let plain: TypeTable = map(Basic::Int).into();
        let other_resolver: Arc<dyn Resolver<NamedInfo>> = Fixed::<NamedInfo>::new([]);
        let resolver: Arc<dyn Resolver<NamedInfo>> = Fixed::<NamedInfo>::new([]);
        let with = TypeTable::lazy(resolver.clone());
        let mut with_a = TypeTable::lazy(resolver);
        with_a.known_mut().extend(map(Basic::Int));
        let indexed = package("a", "example.com/a");
        let before = format!("{:?}", indexed.index);
        let _ = indexed.member("x");
        let after = format!("{:?}", indexed.index);
        let pairs = [
            ("plain, the same map", plain.clone() == map(Basic::Int).into()),
            ("plain, another map", plain == map(Basic::Int8).into()),
            ("plain, a clone", plain == plain.clone()),
            ("empty plain and empty with a resolver", TypeTable::default() == with),
            ("a resolver and its clone", with == with.clone()),
            ("the same resolver, another map", with == with_a),
            ("the same map, another resolver", TypeTable::lazy(other_resolver) == with),
            ("the same map and resolver", with_a == with_a.clone()),
            // A package's member index says nothing the package does not.
            ("a package indexed and not", indexed == package("a", "example.com/a")),
        ];
        let mut out: Vec<String> = pairs.iter().map(|(what, eq)| format!("{what}: {eq}")).collect();
        out.push(format!("index: {before}, then {after}"));
        expect_test::expect![[r#"
            plain, the same map: true
            plain, another map: false
            plain, a clone: true
            empty plain and empty with a resolver: false
            a resolver and its clone: true
            the same resolver, another map: false
            the same map, another resolver: false
            the same map and resolver: true
            a package indexed and not: true
            index: MemberIndex, then MemberIndex(built)"#]]
        .assert_eq(&out.join("\n"));
    }

    #[test]
    fn gc_shapes_are_spelled_as_the_linker_spells_types() {
        use crate::expr::types::{FuncType, StructField};
        let int = Type::Basic(Basic::Int);
        let string = Type::Basic(Basic::String);
        let field = |name: &str, ty: Type, embedded: bool| StructField { name: name.into(), ty, embedded };
        let func = |params: Vec<Type>, results: Vec<Type>, variadic: bool| {
            Type::Func(Box::new(FuncType { params, results, variadic }))
        };
        let chan = |dir: ChanDir, t: Type| Type::Chan(dir, Box::new(t));
        let pointers = |n: usize| (0..n).fold(int.clone(), |t, _| Type::pointer_to(t));
        let mut s = generic_scope(vec![]);
        let named = |n: &str| Type::named("main", n);
        for (name, underlying) in [
            ("main.Money", named("Cents")),
            ("main.Shape", Type::Interface(vec!["Area".into()])),
            ("main.Wrap", Type::Struct(vec![field("Point", named("Point"), true), field("n", int.clone(), false)])),
            ("main.Empty", Type::Struct(Vec::new())),
            ("main.Ptr", Type::pointer_to(named("Point"))),
            ("main.Long", Type::Struct((0..60).map(|i| field(&format!("Field{i}"), int.clone(), false)).collect())),
        ] {
            s.types.insert_if_absent(name, || NamedInfo { underlying, methods: Vec::new() });
        }
        let cases = [
            int.clone(),
            named("Cents"),
            named("Money"),
            named("Unlisted"),
            named("Point"),
            named("Pair"),
            named("Wrap"),
            named("Empty"),
            named("Shape"),
            named("Ptr"),
            named("Long"),
            Type::pointer_to(named("Pair")),
            Type::slice_of(named("Box[int]")),
            Type::Array(Some(3), Box::new(string.clone())),
            Type::Array(None, Box::new(string.clone())),
            Type::map_of(string.clone(), Type::slice_of(int.clone())),
            Type::map_of(named("Box[int]"), int.clone()),
            chan(ChanDir::Both, int.clone()),
            chan(ChanDir::Send, int.clone()),
            chan(ChanDir::Recv, int.clone()),
            chan(ChanDir::Both, chan(ChanDir::Recv, int.clone())),
            func(vec![], vec![], false),
            func(vec![int.clone()], vec![Type::error()], false),
            func(vec![int.clone(), Type::slice_of(string.clone())], vec![int.clone(), Type::error()], true),
            func(vec![int.clone(), Type::slice_of(string.clone())], vec![], false),
            func(vec![int.clone(), string.clone()], vec![], true),
            Type::Struct(vec![field("A", int.clone(), false), field("b", int.clone(), false)]),
            Type::Interface(Vec::new()),
            Type::Unknown,
            pointers(16),
            pointers(17),
        ];
        let out: Vec<String> = cases.iter().map(|t| format!("{t} => {:?}", s.gc_shape(t))).collect();
        expect_test::expect![[r#"
            int => Exact("int")
            main.Cents => Exact("int64")
            main.Money => Exact("int64")
            main.Unlisted => Any
            main.Point => Exact("struct { X int; Y int }")
            main.Pair => Exact("struct { main.a int; B string }")
            main.Wrap => Exact("struct { main.Point; main.n int }")
            main.Empty => Exact("struct {}")
            main.Shape => Kind("interface {")
            main.Ptr => Pointer("*main.Point")
            main.Long => Kind("struct {")
            *main.Pair => Pointer("*main.Pair")
            []main.Box[int] => Any
            [3]string => Exact("[3]string")
            [?]string => Any
            map[string][]int => Exact("map[string][]int")
            map[main.Box[int]]int => Kind("map[")
            chan int => Exact("chan int")
            chan<- int => Exact("chan<- int")
            <-chan int => Exact("<-chan int")
            chan <-chan int => Any
            func() => Exact("func()")
            func(int) error => Exact("func(int) error")
            func(int, ...string) (int, error) => Exact("func(int, ...string) (int, error)")
            func(int, []string) => Exact("func(int, []string)")
            func(int, ...string) => Kind("func(")
            struct { A int; b int } => Kind("struct {")
            interface {} => Kind("interface {")
            ? => Any
            ****************int => Pointer("****************int")
            *****************int => Any"#]]
        .assert_eq(&out.join("\n"));
    }

    #[test]
    fn shapes_fit_a_frame_in_some_order_each_once() {
        let exact = |s: &str| Shape::Exact(s.into());
        let cases: Vec<(Vec<Shape>, &[&str])> = vec![
            (vec![exact("int")], &["int"]),
            (vec![exact("int")], &["string"]),
            (vec![exact("int"), exact("string")], &["string", "int"]),
            (vec![exact("int"), exact("int")], &["int", "string"]),
            (vec![exact("int")], &["string", "int"]),
            (vec![exact("int"); 8], &["string"; 8]),
            (vec![exact("int"); 9], &["string"; 9]),
            (vec![Shape::Pointer("*main.T".into())], &["*uint8"]),
            (vec![Shape::Pointer("*main.T".into())], &["*main.T"]),
            (vec![Shape::Pointer("*main.T".into())], &["*main.U"]),
            (vec![Shape::Kind("struct {")], &["struct { A int }"]),
            (vec![Shape::Kind("struct {")], &["map[string]int"]),
            (vec![Shape::Any], &["map[string]int"]),
            (vec![exact("struct { A int \"json:\\\"a\\\"\" }")], &["struct { A int }"]),
        ];
        let out: Vec<String> = cases
            .iter()
            .map(|(ours, frame)| {
                let frame: Vec<String> = frame.iter().map(|f| f.to_string()).collect();
                format!("{ours:?} in {frame:?}: {}", shapes_fit(ours, &frame))
            })
            .collect();
        expect_test::expect![[r#"
            [Exact("int")] in ["int"]: true
            [Exact("int")] in ["string"]: false
            [Exact("int"), Exact("string")] in ["string", "int"]: true
            [Exact("int"), Exact("int")] in ["int", "string"]: false
            [Exact("int")] in ["string", "int"]: true
            [Exact("int"), Exact("int"), Exact("int"), Exact("int"), Exact("int"), Exact("int"), Exact("int"), Exact("int")] in ["string", "string", "string", "string", "string", "string", "string", "string"]: false
            [Exact("int"), Exact("int"), Exact("int"), Exact("int"), Exact("int"), Exact("int"), Exact("int"), Exact("int"), Exact("int")] in ["string", "string", "string", "string", "string", "string", "string", "string", "string"]: true
            [Pointer("*main.T")] in ["*uint8"]: true
            [Pointer("*main.T")] in ["*main.T"]: true
            [Pointer("*main.T")] in ["*main.U"]: false
            [Kind("struct {")] in ["struct { A int }"]: true
            [Kind("struct {")] in ["map[string]int"]: false
            [Any] in ["map[string]int"]: true
            [Exact("struct { A int \"json:\\\"a\\\"\" }")] in ["struct { A int }"]: true"#]].assert_eq(&out.join("\n"));
    }

    #[test]
    fn the_index_points_at_each_members_first_place_and_knows_a_missing_name_without_a_scan() {
        let var =
            |name: &str| Variable { name: name.into(), ty: Type::Unknown, kind: VarKind::Global, decl_line: None };
        let constant = |name: &str| Constant { name: name.into(), ty: Type::Unknown, value: None };
        let pkg = Package {
            vars: vec![var("a"), var("b"), var("a")],
            consts: vec![constant("c"), constant("b")],
            funcs: vec!["f".into(), "a".into()],
            types: vec!["T".into()],
            ..Package::default()
        };
        let index = NameSlots::of(&pkg);
        let out: Vec<String> = ["a", "b", "c", "f", "T", "t", "ab", "", "nil"]
            .iter()
            .map(|name| {
                let at = index.slots(name);
                let shown =
                    at.map(|s| format!("var {:?} const {:?} func {:?} type {:?}", s.var, s.constant, s.func, s.ty));
                format!("{name:?}: {}", shown.unwrap_or_else(|| "none".into()))
            })
            .collect();
        expect_test::expect![[r#"
            "a": var Some(0) const None func Some(1) type None
            "b": var Some(1) const Some(1) func None type None
            "c": var None const Some(0) func None type None
            "f": var None const None func Some(0) type None
            "T": var None const None func None type Some(0)
            "t": none
            "ab": none
            "": none
            "nil": none"#]]
        .assert_eq(&out.join("\n"));
        // Packages of one role only (a package of functions, of constants).
        let only: [(&str, Package); 4] = [
            ("vars", Package { vars: vec![var("x")], ..Package::default() }),
            ("consts", Package { consts: vec![constant("x")], ..Package::default() }),
            ("funcs", Package { funcs: vec!["x".into()], ..Package::default() }),
            ("types", Package { types: vec!["x".into()], ..Package::default() }),
        ];
        let found: Vec<String> = only
            .iter()
            .map(|(role, p)| {
                let m = p.member("x");
                format!("{role}: {} {} {} {}", m.var.is_some(), m.constant.is_some(), m.func, m.ty)
            })
            .collect();
        expect_test::expect![[r#"
            vars: true false false false
            consts: false true false false
            funcs: false false true false
            types: false false false true"#]]
        .assert_eq(&found.join("\n"));
    }
}
