//! The program's tables, read once from every Go unit's top level:
//! functions (by address, with their parameters for method signatures),
//! packages with their globals, constants and types (a package's globals
//! and constants typed when a scope first asks for it), linked package
//! names and closure captures.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use gimli::AttributeValue;

use super::generic::parse_dictionary;
use super::types::{DwarfTypes, MethodRef, NamedSlot, Types, split_named};
use super::{Entry, entry_name, ref_of};
use crate::debuginfo::{self, Binary, DebugInfoError};
use crate::expr::scope::{Arch, Constant, Package, PackageResolver, Resolver, VarKind, Variable};
use crate::expr::types::Type;

pub(super) struct Func {
    pub(super) name: String,
    pub(super) low: u64,
    pub(super) high: u64,
    pub(super) unit: usize,
    /// `.debug_info` offset of the subprogram entry.
    pub(super) offset: usize,
}

/// A function's formal parameters as the top level is read: type offset,
/// is a result (moved to the methods' signatures; the program keeps the
/// function without them).
type Params = Vec<(Option<usize>, bool)>;

pub(super) struct Program {
    /// Every package by import path, shared by every scope's `imports`,
    /// each one's members built when first asked for.
    pub(super) packages: Arc<DwarfPackages>,
    pub(super) types: Arc<DwarfTypes>,
    pub(super) linked: Arc<BTreeSet<String>>,
    /// Every name a closure captures (`&x` as `x`); `None` when any unit
    /// was compiled with inlining, where a closure's variables may name
    /// themselves only through an abstract origin and the list may be short.
    pub(super) captures: Option<Arc<BTreeSet<String>>>,
    /// Sorted by `low`.
    pub(super) funcs: Vec<Func>,
    pub(super) arch: Arch,
    /// Every type entry's offset, in unit order; [`Program::generics`]
    /// reads their names.
    type_entries: Vec<usize>,
    /// Type entries' run-time type offsets (`DW_AT_go_runtime_type`), as
    /// read; [`Program::generics`] turns them into addresses.
    runtime_type_offsets: Vec<(u64, usize)>,
    /// What generic frames need from the symbol table, read when a scope
    /// first stops in one (most never do).
    generics: OnceLock<Generics>,
}

/// The program's generic dictionaries and where their words point.
pub(super) struct Generics {
    /// Every instantiation the program links a dictionary for, by generic
    /// (`main.Keep`, `example.com/lib.Holder`).
    pub(super) dictionaries: HashMap<String, Vec<Dictionary>>,
    /// Type entries by their run-time type descriptor's address.
    pub(super) runtime_types: HashMap<u64, usize>,
    /// Every type entry by the name the linker gives it (`*main.Cell`,
    /// `go.shape.int`), the first of each name.
    pub(super) type_offsets: HashMap<String, usize>,
}

impl Program {
    /// The dictionaries, run-time types and type names, read from the
    /// symbol table and the type entries on first use.
    pub(super) fn generics(&self, bin: &Binary) -> &Generics {
        self.generics.get_or_init(|| {
            let mut dictionaries: HashMap<String, Vec<Dictionary>> = HashMap::new();
            for d in bin.generic_dictionaries() {
                if let Some((generic, targs)) = parse_dictionary(&d.name) {
                    dictionaries.entry(generic).or_default().push(Dictionary { targs, words: d.words.clone() });
                }
            }
            // Addresses, as dictionaries hold them.
            let runtime_types = match bin.type_descriptors() {
                Some((start, _)) => self.runtime_type_offsets.iter().map(|&(rt, off)| (start + rt, off)).collect(),
                None => HashMap::new(),
            };
            let mut type_offsets: HashMap<String, usize> = HashMap::with_capacity(self.type_entries.len());
            for &off in &self.type_entries {
                if let Some(name) = type_name(bin, off) {
                    type_offsets.entry(name).or_insert(off);
                }
            }
            Generics { dictionaries, runtime_types, type_offsets }
        })
    }
}

/// The program's packages: their paths, names, functions and types listed
/// at the first scope, their globals and constants (whose types are read
/// from the debug info) built into a [`Package`] the first time a scope
/// asks for one.
pub(super) struct DwarfPackages {
    bin: Arc<Binary>,
    slots: BTreeMap<String, PackageSlot>,
    /// Every global and constant of the program by full name
    /// (`pkg/path.Name`), in unit order, as the top level lists them.
    globals: Vec<(String, Option<usize>)>,
    consts: Vec<(String, Option<usize>, i64)>,
}

#[derive(Default)]
struct PackageSlot {
    /// The package clause name.
    name: String,
    /// Sorted, each once.
    funcs: Vec<String>,
    /// Sorted, each once.
    types: Vec<String>,
    built: OnceLock<Package>,
}

impl DwarfPackages {
    /// `example.com/shop/inventory.Item.Total` split after the longest
    /// package path of the program.
    pub(super) fn split<'a>(&self, full: &'a str) -> Option<(&'a str, &'a str)> {
        split_pkg_by(|p| self.slots.contains_key(p), full)
    }

    /// Whether the package `path` declares a type `name` (builds nothing).
    pub(super) fn has_type(&self, path: &str, name: &str) -> bool {
        self.slots.get(path).is_some_and(|s| s.types.binary_search_by(|t| t.as_str().cmp(name)).is_ok())
    }

    /// The package `path` with its globals and constants: those of the
    /// program's whose full name splits to it, the first of each name, in
    /// unit order. (The named types a global's type names are top-level
    /// entries, in the program's table of named types already: none was
    /// missing from it in gopls or the test programs. One that were would
    /// be unknown to the engine, never a reason for an error.)
    fn build(&self, path: &str, slot: &PackageSlot) -> Package {
        let mut types = Types::new(&self.bin);
        let mut seen: HashSet<&str> = HashSet::new();
        let member = |name: &'_ str| -> Option<String> {
            let own = name.len() > path.len() && name.starts_with(path) && name.as_bytes()[path.len()] == b'.';
            let (p, rest) = if own { self.split(name)? } else { return None };
            (p == path && crate::expr::is_identifier(rest)).then(|| rest.to_string())
        };
        let mut vars = Vec::new();
        for (name, ty) in &self.globals {
            let Some(rest) = member(name) else { continue };
            if seen.insert(name) {
                let ty = ty.map(|t| types.ty(t, 0)).unwrap_or(Type::Unknown);
                vars.push(Variable { name: rest, ty, kind: VarKind::Global, decl_line: None });
            }
        }
        let mut consts = Vec::new();
        for (name, ty, v) in &self.consts {
            let Some(rest) = member(name) else { continue };
            if seen.insert(name) {
                let ty = ty.map(|t| types.ty(t, 0)).unwrap_or(Type::Unknown);
                let value = Some(crate::expr::types::ConstValue::Int((*v).into()));
                consts.push(Constant { name: rest, ty, value });
            }
        }
        vars.shrink_to_fit();
        consts.shrink_to_fit();
        Package {
            name: slot.name.clone(),
            path: path.to_string(),
            vars,
            consts,
            funcs: slot.funcs.clone(),
            types: slot.types.clone(),
            complete: true,
            ..Package::default()
        }
    }
}

impl Resolver<Package> for DwarfPackages {
    fn contains(&self, path: &str) -> bool {
        self.slots.contains_key(path)
    }

    fn resolve(&self, path: &str) -> Option<&Package> {
        let slot = self.slots.get(path)?;
        Some(slot.built.get_or_init(|| self.build(path, slot)))
    }
}

impl PackageResolver for DwarfPackages {
    fn heads(&self) -> Box<dyn Iterator<Item = (&str, &str)> + '_> {
        Box::new(self.slots.iter().map(|(path, s)| (path.as_str(), s.name.as_str())))
    }
}

/// One instantiation's dictionary.
pub(super) struct Dictionary {
    /// Type arguments as the linker spells them (`*main.Cell`).
    pub(super) targs: Vec<String>,
    /// Its words: run-time type descriptor addresses, among others.
    pub(super) words: Vec<u64>,
}

pub(super) fn last_elem(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Splits `example.com/shop/inventory.Item.Total` into the longest package
/// path `is_package` knows and the rest: the dots are tried from the
/// right, so the first path known is the longest.
fn split_pkg_by(is_package: impl Fn(&str) -> bool, full: &str) -> Option<(&str, &str)> {
    let stop = full.find(['(', '[']).unwrap_or(full.len());
    full[..stop]
        .rmatch_indices('.')
        .map(|(i, _)| i)
        .find(|&i| is_package(&full[..i]))
        .map(|i| (&full[..i], &full[i + 1..]))
}

fn arch_of(a: object::Architecture) -> Arch {
    match a {
        object::Architecture::X86_64 => Arch::Amd64,
        object::Architecture::Aarch64 => Arch::Arm64,
        object::Architecture::I386 => Arch::I386,
        _ => Arch::Unknown,
    }
}

/// What the top level of some compile units declares, in unit order.
#[derive(Default)]
struct TopLevel {
    funcs: Vec<Func>,
    /// The parameters of the functions that may be methods, by the
    /// function's entry offset (ascending: read in unit order).
    params: Vec<(usize, Params)>,
    globals: Vec<(String, Option<usize>)>,
    consts: Vec<(String, Option<usize>, i64)>,
    /// Named types: qualified name and entry offset.
    named: Vec<(String, usize)>,
    /// Every type entry's offset.
    type_entries: Vec<usize>,
    /// Shape types (`go.shape.int`): name and offset.
    shapes: Vec<(String, usize)>,
    /// Type entries' run-time type offsets (`DW_AT_go_runtime_type`).
    runtime_types: Vec<(u64, usize)>,
    /// Variables closures capture (`DW_AT_go_closure_offset`), by name.
    captures: BTreeSet<String>,
}

/// Reads the top level of the Go units in `units`: functions with their
/// parameters, globals, constants and named types.
fn read_top_level(bin: &Binary, units: std::ops::Range<usize>) -> Result<TopLevel, DebugInfoError> {
    let mut out = TopLevel::default();
    for i in units {
        let cu = &bin.units()[i];
        if !cu.is_go || cu.name.is_empty() {
            continue;
        }
        // Go's linker writes every type into `runtime`'s unit, which the
        // first scope's walk reads next: that one is kept.
        let unit = if cu.name == "runtime" { bin.unit(i)? } else { bin.unit_once(i)? };
        // Only the top level and the parameters of functions are read; the
        // attributes of every other entry (function bodies, members) are
        // skipped undecoded.
        let mut raw = unit.entries_raw(None).map_err(debuginfo::corrupt)?;
        // The entry offset of the function whose children are read.
        let mut current: Option<usize> = None;
        // Whether the current function's parameters are read: only a
        // method's are used (its signature).
        let mut params_wanted = false;
        let own = format!("{}.", cu.name);
        let params_before = out.params.len();
        while !raw.is_empty() {
            let depth = raw.next_depth();
            let at = raw.next_offset();
            let Some(abbrev) = raw.read_abbreviation().map_err(debuginfo::corrupt)? else { continue };
            let captured = depth >= 2
                && current.is_some()
                && abbrev.tag() == gimli::DW_TAG_variable
                && abbrev.attributes().iter().any(|a| a.name() == debuginfo::DW_AT_GO_CLOSURE_OFFSET);
            let wanted = match depth {
                1 => true,
                2 => params_wanted && current.is_some() && abbrev.tag() == gimli::DW_TAG_formal_parameter || captured,
                _ => captured,
            };
            if !wanted {
                raw.skip_attributes(abbrev.attributes()).map_err(debuginfo::corrupt)?;
                continue;
            }
            let mut attrs = Vec::with_capacity(abbrev.attributes().len());
            raw.read_attributes(abbrev.attributes(), &mut attrs).map_err(debuginfo::corrupt)?;
            let e = &Entry::new(abbrev.tag(), abbrev.has_children(), attrs, at);
            match depth {
                1 => {
                    current = None;
                    let Some(name) = entry_name(bin, &unit, e) else { continue };
                    let off = unit.header.offset().0 + e.offset().0;
                    let type_ref = e.attr_value(gimli::DW_AT_type).and_then(|v| ref_of(&unit, &v));
                    match e.tag() {
                        gimli::DW_TAG_base_type
                        | gimli::DW_TAG_structure_type
                        | gimli::DW_TAG_typedef
                        | gimli::DW_TAG_pointer_type
                        | gimli::DW_TAG_array_type
                        | gimli::DW_TAG_subroutine_type => {
                            out.type_entries.push(off);
                            if name.starts_with("go.shape.") {
                                out.shapes.push((name.clone(), off));
                            }
                            let rt = e.attr_value(debuginfo::DW_AT_GO_RUNTIME_TYPE).and_then(|v| match v {
                                AttributeValue::Addr(a) => Some(a),
                                other => other.udata_value(),
                            });
                            if let Some(rt) = rt {
                                // Zero: a type with no descriptor (a shape).
                                if rt != 0 {
                                    out.runtime_types.push((rt, off));
                                }
                            }
                            if let Some(n) = split_named(&name) {
                                if !n.pkg_path.contains("go.shape") {
                                    out.named.push((n.qualified(), off));
                                }
                            }
                        }
                        gimli::DW_TAG_variable => out.globals.push((name, type_ref)),
                        gimli::DW_TAG_constant => {
                            let v = e.attr_value(gimli::DW_AT_const_value).and_then(|v| match v {
                                AttributeValue::Sdata(s) => Some(s),
                                other => other.sdata_value().or_else(|| other.udata_value().map(|u| u as i64)),
                            });
                            if let Some(v) = v {
                                out.consts.push((name, type_ref, v));
                            }
                        }
                        gimli::DW_TAG_subprogram => {
                            let mut low = u64::MAX;
                            let mut high = 0;
                            if let Some(mut ranges) = super::die_ranges(bin, &unit, e, None) {
                                while let Ok(Some(r)) = ranges.next() {
                                    low = low.min(r.begin);
                                    high = high.max(r.end);
                                }
                            }
                            if low < high {
                                params_wanted = may_be_method(&name, &own);
                                current = Some(off);
                                out.funcs.push(Func { name, low, high, unit: i, offset: off });
                            }
                        }
                        _ => {}
                    }
                }
                _ if captured => {
                    if let Some(name) = entry_name(bin, &unit, e) {
                        out.captures.insert(name.trim_start_matches('&').to_string());
                    }
                }
                _ => {
                    if let Some(fo) = current {
                        let ty = e.attr_value(gimli::DW_AT_type).and_then(|v| ref_of(&unit, &v));
                        let result =
                            matches!(e.attr_value(gimli::DW_AT_variable_parameter), Some(AttributeValue::Flag(true)))
                                || e.attr_value(gimli::DW_AT_variable_parameter).and_then(|v| v.udata_value())
                                    == Some(1);
                        match out.params.last_mut() {
                            Some((o, params)) if *o == fo => params.push((ty, result)),
                            _ => out.params.push((fo, vec![(ty, result)])),
                        }
                    }
                }
            }
        }
        // Tens of thousands of short lists, kept until the methods take
        // theirs: without growth room.
        out.params[params_before..].iter_mut().for_each(|(_, p)| p.shrink_to_fit());
    }
    Ok(out)
}

/// False only for what [`build_program`] surely takes for a plain function
/// of the unit's own package (`pkg.F`, `pkg.F[…]`: no dot or parenthesis
/// after the package path `own`, with its dot), never for a method.
fn may_be_method(name: &str, own: &str) -> bool {
    match name.strip_prefix(own) {
        Some(rest) => rest.starts_with('(') || split_top_dots(rest).len() > 1,
        None => true,
    }
}

/// Units at which the top-level read is split over two threads.
const PARALLEL_UNITS: usize = 64;

/// One pass over every Go compile unit's top level: functions (with their
/// parameters, for method signatures), globals, constants, named types.
pub(super) fn build_program(bin: &Arc<Binary>) -> Result<Program, DebugInfoError> {
    let mut types = Types::new(bin);
    let mut packages: BTreeMap<String, PackageSlot> = BTreeMap::new();
    let mut linked: BTreeSet<String> = BTreeSet::new();
    for cu in bin.units() {
        if !cu.is_go || cu.name.is_empty() {
            continue;
        }
        let clause = cu.package_name.clone().unwrap_or_else(|| last_elem(&cu.name).to_string());
        linked.insert(clause.clone());
        linked.insert(last_elem(&cu.name).to_string());
        packages.entry(cu.name.clone()).or_default().name = clause;
    }
    // Big programs: most of `.debug_info` on another thread, since this
    // one builds the tables after (measured, that takes 40 to 65 % as
    // long as reading every unit: a fifth of the units here evens them).
    let n = bin.units().len();
    let top = if n >= PARALLEL_UNITS {
        let end = bin.units().last().map_or(0, |u| u.offset.0);
        let mid = bin.units().partition_point(|u| u.offset.0 < end / 5).clamp(1, n - 1);
        let (first, second) = std::thread::scope(|s| {
            let second = s.spawn(|| read_top_level(bin, mid..n));
            let first = read_top_level(bin, 0..mid);
            (first, second.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
        });
        let (mut first, second) = (first?, second?);
        first.funcs.reserve_exact(second.funcs.len());
        first.funcs.extend(second.funcs);
        first.params.extend(second.params);
        first.globals.extend(second.globals);
        first.consts.extend(second.consts);
        first.named.extend(second.named);
        first.type_entries.extend(second.type_entries);
        first.shapes.extend(second.shapes);
        first.runtime_types.extend(second.runtime_types);
        first.captures.extend(second.captures);
        first
    } else {
        read_top_level(bin, 0..n)?
    };
    // Every Go unit was read: what the open inflated is let go of.
    bin.release_unit_bytes();
    let TopLevel {
        mut funcs,
        mut params,
        globals,
        consts,
        named,
        mut type_entries,
        shapes,
        mut runtime_types,
        captures,
    } = top;
    type_entries.shrink_to_fit();
    runtime_types.shrink_to_fit();
    for (q, off) in named {
        types.named.entry(q).or_insert(off);
    }
    funcs.sort_by_key(|f| f.low);

    // Type names by package: `Item`, `Box[int]` and its base `Box`.
    let named: Vec<(String, usize)> = types.named.iter().map(|(k, v)| (k.clone(), *v)).collect();
    let mut type_bases: BTreeSet<(String, String)> = BTreeSet::new();
    for (q, _) in &named {
        let Some(n) = split_named(q) else { continue };
        linked.insert(last_elem(&n.pkg_path).to_string());
        type_bases.insert((n.pkg_path.clone(), n.base_name().to_string()));
        let p = packages
            .entry(n.pkg_path.clone())
            .or_insert_with(|| PackageSlot { name: last_elem(&n.pkg_path).to_string(), ..PackageSlot::default() });
        p.types.push(n.base_name().to_string());
        if n.name.len() != n.base_name().len() {
            p.types.push(n.name);
        }
    }

    // Every package is known from here on: their paths, hashed, for
    // splitting the names of functions (tens of thousands in a big
    // program, each tried at several of its dots).
    let paths: HashSet<String> = packages.keys().cloned().collect();
    let is_package = |p: &str| paths.contains(p);

    // Functions and methods (Delve finds methods by function name).
    let mut methods: BTreeMap<(String, String), Vec<MethodRef>> = BTreeMap::new();
    // A function's parameters, taken for its method.
    let mut take_params = |f: &Func| -> Params {
        match params.binary_search_by_key(&f.offset, |(o, _)| *o) {
            Ok(i) => std::mem::take(&mut params[i].1),
            Err(_) => Vec::new(),
        }
    };
    for f in &funcs {
        let Some((path, rest)) = split_pkg_by(is_package, &f.name) else { continue };
        let (path, rest) = (path.to_string(), rest.to_string());
        if let Some(m) = rest.strip_prefix("(*") {
            // (*T).M
            if let Some((t, m)) = m.split_once(").") {
                if !m.contains('.') {
                    let base = t.split('[').next().unwrap_or(t).to_string();
                    methods.entry((path, base)).or_default().push(MethodRef {
                        name: m.to_string(),
                        pointer_receiver: true,
                        params: take_params(f),
                    });
                }
            }
            continue;
        }
        let head = rest.split('[').next().unwrap_or(&rest);
        let parts: Vec<&str> = split_top_dots(&rest);
        match parts.as_slice() {
            // A generic function is linked only as its shape instances
            // (`Sum[go.shape.int]`): Delve finds no function `Sum`.
            [_] if head.len() == rest.len() => {
                if let Some(p) = packages.get_mut(&path) {
                    p.funcs.push(head.to_string());
                }
            }
            [t, m] => {
                let base = t.split('[').next().unwrap_or(t).to_string();
                if type_bases.contains(&(path.clone(), base.clone())) {
                    methods.entry((path, base)).or_default().push(MethodRef {
                        name: m.to_string(),
                        pointer_receiver: false,
                        params: take_params(f),
                    });
                }
            }
            _ => {}
        }
    }

    drop(params);
    // Kept for the life of the binary: no room to grow.
    funcs.shrink_to_fit();

    drop(paths);

    // Shape types are named types too when Delve cannot resolve a
    // dictionary entry (a type used only as a type argument has no debug
    // info entry): `go.shape.int32`, in no package.
    for (name, off) in shapes {
        types.named.entry(name).or_insert(off);
    }
    // Every named type met so far, its details read when first asked.
    let slots: BTreeMap<String, NamedSlot> = std::mem::take(&mut types.named)
        .into_iter()
        .map(|(q, off)| {
            // Methods of generic types are linked as shape instances
            // (`main.(*Stack[go.shape.int]).Push`); Delve looks them up by
            // the instantiated name and finds none ("s has no member Push").
            let methods = split_named(&q)
                .filter(|n| !n.name.contains('['))
                .and_then(|n| methods.remove(&(n.pkg_path, n.name)))
                .unwrap_or_default();
            (q, NamedSlot { off, methods, info: OnceLock::new() })
        })
        .collect();
    drop(methods);
    drop(types);
    // Kept for the life of the binary: no room to grow.
    for p in packages.values_mut() {
        p.funcs.sort_unstable();
        p.funcs.dedup();
        p.funcs.shrink_to_fit();
        p.types.sort_unstable();
        p.types.dedup();
        p.types.shrink_to_fit();
    }
    let (mut globals, mut consts) = (globals, consts);
    globals.shrink_to_fit();
    consts.shrink_to_fit();
    Ok(Program {
        packages: Arc::new(DwarfPackages { bin: bin.clone(), slots: packages, globals, consts }),
        types: Arc::new(DwarfTypes { bin: bin.clone(), slots }),
        linked: Arc::new(linked),
        captures: bin.units().iter().all(|u| !u.inlined()).then(|| Arc::new(captures)),
        funcs,
        arch: arch_of(bin.arch),
        type_entries,
        runtime_type_offsets: runtime_types,
        generics: OnceLock::new(),
    })
}

/// The name of the type entry at `.debug_info` offset `off`.
pub(super) fn type_name(bin: &Binary, off: usize) -> Option<String> {
    let unit = bin.unit(bin.unit_index_of(off)?).ok()?;
    let e = unit.entry(gimli::UnitOffset(off.checked_sub(unit.header.offset().0)?)).ok()?;
    entry_name(bin, &unit, &e)
}

/// `T.M` → [`T`, `M`], not splitting inside brackets (`Box[a.b].M`).
pub(super) fn split_top_dots(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            '.' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_names() {
        assert_eq!(split_top_dots("Box[a.b].M"), vec!["Box[a.b]", "M"]);
    }

    #[test]
    fn names_split_at_the_longest_known_package_path() {
        let known: BTreeMap<String, ()> =
            ["gopkg.in/yaml", "gopkg.in/yaml.v3", "main", "a/b"].map(|p| (p.to_string(), ())).into();
        let split_pkg = |known: &BTreeMap<String, ()>, name| split_pkg_by(|p| known.contains_key(p), name);
        for (name, want) in [
            ("gopkg.in/yaml.v3.Marshal", Some(("gopkg.in/yaml.v3", "Marshal"))),
            ("gopkg.in/yaml.Node.Kind", Some(("gopkg.in/yaml", "Node.Kind"))),
            ("main.(*T).M", Some(("main", "(*T).M"))),
            ("main.Box[a/b.T].M", Some(("main", "Box[a/b.T].M"))),
            ("a/b.c.d", Some(("a/b", "c.d"))),
            ("other.F", None),
            ("main", None),
        ] {
            assert_eq!(split_pkg(&known, name), want, "{name}");
        }
    }

    #[test]
    fn parameters_read_for_what_may_be_a_method() {
        let own = "gopkg.in/yaml.v3.";
        for (name, method) in [
            ("gopkg.in/yaml.v3.Marshal", false),
            ("gopkg.in/yaml.v3.Sum[go.shape.int]", false),
            ("gopkg.in/yaml.v3.Sum[go.shape.struct { a.b int }]", false),
            ("gopkg.in/yaml.v3.(*Node).Decode", true),
            ("gopkg.in/yaml.v3.Node.Kind", true),
            ("gopkg.in/yaml.v3.Box[go.shape.int].Get", true),
            ("gopkg.in/yaml.v3.init.func1", true),
            ("fmt.Println", true),
        ] {
            assert_eq!(may_be_method(name, own), method, "{name}");
        }
    }
}
