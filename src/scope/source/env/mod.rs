//! The type environment of one Go file being read: the package's members,
//! the file's imports, the locals of the function being walked. Resolves
//! type expressions (`types`), folds constants (`constants`), infers the
//! types of simple expressions (`infer`) and the type arguments of generic
//! calls (`generic_calls`, `subst`). Whatever it cannot decide is
//! `Type::Unknown`, never a guess.

mod constants;
mod generic_calls;
mod infer;
mod subst;
mod types;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use tree_sitter::Node;

use super::consts::ConstVal;
use super::files::ParsedFile;
use crate::expr::types::{FuncType, NamedInfo, Type};
use crate::workspace::guess_package_name;

pub(crate) use self::infer::{call_args, default_type};
pub(crate) use self::subst::{has_type_param, register_inst, subst, subst_info};
pub(crate) use self::types::universe_info;

/// What a type name at package level stands for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TypeRef {
    /// A defined type with this many type parameters.
    Defined(usize),
    Alias(Type),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TypeDecl {
    pub params: Vec<String>,
    pub info: NamedInfo,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FuncDecl {
    pub sig: FuncType,
    pub line: u32,
    /// Generic functions have no symbol of their own in the binary (only
    /// their instantiations), so Delve cannot name them.
    pub generic: bool,
    /// The type parameters of a generic function, in order.
    pub type_params: Vec<String>,
    /// Each type parameter's core type, where its constraint is a single
    /// type literal (`S ~[]E` → `[]E`), and whether it has a tilde.
    pub cores: Vec<Option<(Type, bool)>>,
    /// Some other constraint mentions a type parameter: Go may infer from
    /// it before untyped constants take their default type, which this
    /// resolver cannot follow.
    pub constraints_link_params: bool,
}

/// A generic function or type of the package being read.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Generic {
    Func(String),
    Type(String),
}

/// One place the package instantiates one of its generic functions or
/// types: the type arguments (`Unknown` where not known, type parameters
/// of the enclosing generic code where written in its terms) and the byte
/// offset of the name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Use {
    pub of: Generic,
    pub args: Vec<Type>,
    pub at: usize,
}

/// A call's callee when it is a generic function.
pub(crate) struct GenericCallee<'a> {
    pub decl: &'a FuncDecl,
    /// The declaring package's import path.
    pub pkg_path: &'a str,
    /// Type arguments written out (`F[int]`), the first ones.
    pub explicit: Vec<Type>,
    /// The name and its byte offset, for a function of this package.
    pub own: Option<(String, usize)>,
}

/// A use of a generic type with its type arguments (`main.Box[int]`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Inst {
    pub pkg_path: String,
    pub base: String,
    pub args: Vec<Type>,
}

/// The package-level declarations of one package, resolved.
#[derive(Debug, Default)]
pub(crate) struct Members {
    pub names: HashMap<String, TypeRef>,
    pub types: BTreeMap<String, TypeDecl>,
    /// Method names of interface types declared here, embedded ones included.
    pub iface_methods: HashMap<String, Vec<String>>,
    pub consts: BTreeMap<String, (ConstVal, u32)>,
    pub vars: BTreeMap<String, (Type, u32)>,
    /// Variables whose initial value the compiler lays out as data (none,
    /// constants, conversions and composite literals of them): they have
    /// no initialization code, so the linker keeps them only if a
    /// function uses them.
    pub static_vars: BTreeSet<String>,
    pub funcs: BTreeMap<String, FuncDecl>,
    pub insts: BTreeMap<String, Inst>,
}

/// A loaded package as other packages see it.
#[derive(Debug)]
pub(crate) struct PkgInfo {
    pub name: String,
    pub path: String,
    pub complete: bool,
    pub files: Vec<Arc<ParsedFile>>,
    pub members: Members,
}

/// A local binding in a function being walked.
#[derive(Debug, Clone)]
pub(crate) struct Local {
    pub ty: Type,
    pub konst: Option<ConstVal>,
    /// Index into the walker's declaration list.
    pub decl: usize,
}

#[derive(Debug, Default)]
pub(crate) struct Frame {
    pub vars: HashMap<String, Local>,
    /// Types declared in this block: they shadow package types, and their
    /// debug-info names are compiler-made, so their values are `Unknown`.
    pub types: Vec<String>,
    pub type_params: Vec<String>,
    /// The frame of a function's parameters (a function boundary).
    pub func: bool,
    /// Whether the block contains the stop line.
    pub encloses: bool,
}

/// Names, types and constants as one file of a package sees them.
pub(crate) struct TypeEnv<'a> {
    pub file: &'a ParsedFile,
    pub pkg_path: &'a str,
    pub members: &'a Members,
    /// Import name in this file → import path.
    pub imports: HashMap<String, String>,
    /// Packages loaded so far, by import path.
    pub loaded: &'a HashMap<String, Arc<PkgInfo>>,
    pub insts: RefCell<BTreeMap<String, Inst>>,
    /// Instantiations of this package's generics, recorded while scanning
    /// the package for them (`None` otherwise).
    pub uses: Option<RefCell<Vec<Use>>>,
    pub frames: Vec<Frame>,
    /// `iota` while evaluating a constant specification.
    pub iota: Option<i128>,
    /// Recursion depth of `resolve_type` / `eval_const` / `infer`, bounded
    /// so that generated code with deeply nested expressions cannot
    /// overflow the stack.
    depth: std::cell::Cell<u32>,
    /// Set when one of the package's own types was asked for before its
    /// declaration was built (the package's constants are evaluated first).
    pub own_type_missing: std::cell::Cell<bool>,
}

/// Deeper expressions are `Unknown`.
const MAX_DEPTH: u32 = 100;

/// Counts one level of recursion in `env`; `None` past [`MAX_DEPTH`].
struct Deeper<'e>(&'e std::cell::Cell<u32>);

impl<'e> Deeper<'e> {
    fn enter(c: &'e std::cell::Cell<u32>) -> Option<Deeper<'e>> {
        if c.get() >= MAX_DEPTH {
            return None;
        }
        c.set(c.get() + 1);
        Some(Deeper(c))
    }
}

impl Drop for Deeper<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get() - 1);
    }
}

/// The name under which `imp` is visible in a file.
pub(crate) fn import_name(imp: &super::files::Import, loaded: &HashMap<String, Arc<PkgInfo>>) -> Option<String> {
    match imp.name.as_deref() {
        Some("_") | Some(".") => None,
        Some(n) => Some(n.to_string()),
        None => Some(match loaded.get(&imp.path) {
            Some(p) if !p.name.is_empty() => p.name.clone(),
            _ => guess_package_name(&imp.path),
        }),
    }
}

impl<'a> TypeEnv<'a> {
    pub fn new(
        file: &'a ParsedFile,
        pkg_path: &'a str,
        members: &'a Members,
        loaded: &'a HashMap<String, Arc<PkgInfo>>,
    ) -> TypeEnv<'a> {
        let imports = file
            .imports
            .iter()
            .filter_map(|i| Some((import_name(i, loaded)?, i.path.clone())))
            .collect::<HashMap<_, _>>();
        TypeEnv {
            file,
            pkg_path,
            members,
            imports,
            loaded,
            insts: RefCell::default(),
            uses: None,
            frames: Vec::new(),
            iota: None,
            depth: std::cell::Cell::new(0),
            own_type_missing: std::cell::Cell::new(false),
        }
    }

    pub fn text(&self, n: Node) -> &'a str {
        self.file.node_text(n)
    }

    pub fn lookup_local(&self, name: &str) -> Option<(usize, &Local)> {
        self.frames.iter().enumerate().rev().find_map(|(i, f)| f.vars.get(name).map(|l| (i, l)))
    }

    /// Whether `name` is a value (local or package-level), which hides an
    /// import, a predeclared type or a builtin of the same name.
    fn is_value(&self, name: &str) -> bool {
        self.lookup_local(name).is_some()
            || self.members.vars.contains_key(name)
            || self.members.consts.contains_key(name)
            || self.members.funcs.contains_key(name)
    }

    pub fn record(&self, of: Generic, args: Vec<Type>, at: usize) {
        if let Some(uses) = &self.uses {
            uses.borrow_mut().push(Use { of, args, at });
        }
    }

    fn is_type_param(&self, name: &str) -> bool {
        self.frames.iter().rev().any(|f| f.type_params.iter().any(|t| t == name))
    }

    fn is_local_type(&self, name: &str) -> bool {
        self.frames.iter().rev().any(|f| f.types.iter().any(|t| t == name))
    }

    fn package_of_ident(&self, name: &str) -> Option<&str> {
        if self.is_value(name) || self.is_local_type(name) {
            return None;
        }
        self.imports.get(name).map(String::as_str)
    }
}
