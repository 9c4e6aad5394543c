//! The one scope resolver: what Delve can evaluate at FILE:LINE.
//!
//! Whatever the source of truth (Go sources through tree-sitter-go, the
//! binary's DWARF, or a stopped frame's variables), the answer is a
//! [`ScopeAt`]: plain data the expression engine checks and completes
//! against. Anything a resolver cannot determine is marked unknown or
//! incomplete, never guessed, so the engine can accept rather than reject.

pub mod dwarf;
pub mod source;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::expr::types::{ConstValue, Named, NamedInfo, Type};

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
    pub types: Arc<BTreeMap<String, NamedInfo>>,
    /// Type arguments the generic function at this line runs with, one map
    /// (type parameter → type argument) per instantiation in the program.
    /// Empty when the function is not generic or nothing is known.
    pub instantiations: Vec<BTreeMap<String, Type>>,
    /// `instantiations` lists every instantiation the program makes.
    pub instantiations_complete: bool,
    /// The source line the scope describes, for messages.
    pub line: u32,
    /// Target architecture register names Delve resolves (`rip`, `rsp`, …).
    pub arch: Arch,
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

    pub fn named(&self, n: &Named) -> Option<&NamedInfo> {
        self.types.get(&n.qualified())
    }

    /// Packages whose clause name is `name` (Delve matches any package of the
    /// program by name, not only the file's imports).
    pub fn packages_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Package> + 'a {
        self.imports.values().filter(move |p| p.name == name)
    }
}
