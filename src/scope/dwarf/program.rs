//! The program's tables, read once from every Go unit's top level:
//! functions (by address, with their parameters for method signatures),
//! packages with their globals, constants and types (a package's globals
//! and constants typed when a scope first asks for it), linked package
//! names and closure captures.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use gimli::AttributeValue;

use super::generic::parse_dictionary;
use super::types::{DwarfTypes, MethodRef, NamedSlot, Types, split_named_at};
use super::{Entry, Unit, die_ranges, entry_name, ref_of};
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

fn last_elem(path: &str) -> &str {
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

/// [`TopLevel`]'s lists, one of each piece read, in unit order.
#[derive(Default)]
struct TopLevelParts {
    funcs: Vec<Vec<Func>>,
    params: Vec<Vec<(usize, Params)>>,
    globals: Vec<Vec<(String, Option<usize>)>>,
    consts: Vec<Vec<(String, Option<usize>, i64)>>,
    named: Vec<Vec<(String, usize)>>,
    type_entries: Vec<Vec<usize>>,
    shapes: Vec<Vec<(String, usize)>>,
    runtime_types: Vec<Vec<(u64, usize)>>,
    captures: Vec<BTreeSet<String>>,
}

/// `parts` one after another, without room to grow (kept for the life of
/// the binary).
fn joined<T>(parts: Vec<Vec<T>>) -> Vec<T> {
    let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    parts.into_iter().for_each(|p| all.extend(p));
    all
}

/// Reads the top level of the Go units in `units`: functions with their
/// parameters, globals, constants and named types.
fn read_top_level(bin: &Binary, units: std::ops::Range<usize>) -> Result<TopLevel, DebugInfoError> {
    let mut out = TopLevel::default();
    let addrs = {
        use gimli::{Reader as _, Section as _};
        let section = bin.dwarf.debug_addr.reader();
        gimli::DebugAddr::from(gimli::EndianSlice::new(section, section.endian()))
    };
    for i in units {
        let cu = &bin.units()[i];
        if !cu.is_go || cu.name.is_empty() {
            continue;
        }
        // Go's linker writes every type into `runtime`'s unit, which the
        // first scope's walk reads next: that one is kept.
        let unit = if cu.name == "runtime" { bin.unit(i)? } else { bin.unit_once(i)? };
        // The entries are read through a borrowed view of the unit's bytes:
        // a value naming them (a name, a location) is then a slice, where
        // the shared reader would count a reference to the buffer up and
        // down for each, atomically (hundreds of thousands of entries in a
        // big program).
        let bytes = unit.header.range_from(unit.header.root_offset()..).map_err(debuginfo::corrupt)?;
        let header = view_of(&unit.header, &bytes);
        // Only the top level and the parameters of functions are read; the
        // attributes of every other entry (function bodies, members) are
        // skipped undecoded.
        let mut raw = header.entries_raw(&unit.abbreviations, None).map_err(debuginfo::corrupt)?;
        // The entry read, its attributes' room used again for the next.
        let mut entry = gimli::DebuggingInformationEntry::null();
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
            raw.read_attributes(abbrev.attributes(), &mut entry.attrs).map_err(debuginfo::corrupt)?;
            (entry.tag, entry.has_children, entry.offset) = (abbrev.tag(), abbrev.has_children(), at);
            let e = &entry;
            match depth {
                1 => {
                    current = None;
                    let Some(name) = view_name(bin, &unit, e) else { continue };
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
                                out.shapes.push((name.to_string(), off));
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
                            // Its qualified name is the entry's name.
                            if split_named_at(&name).is_some_and(|(pkg_path, _)| !pkg_path.contains("go.shape")) {
                                out.named.push((name.into_owned(), off));
                            }
                        }
                        gimli::DW_TAG_variable => out.globals.push((name.into_owned(), type_ref)),
                        gimli::DW_TAG_constant => {
                            let v = e.attr_value(gimli::DW_AT_const_value).and_then(|v| match v {
                                AttributeValue::Sdata(s) => Some(s),
                                other => other.sdata_value().or_else(|| other.udata_value().map(|u| u as i64)),
                            });
                            if let Some(v) = v {
                                out.consts.push((name.into_owned(), type_ref, v));
                            }
                        }
                        gimli::DW_TAG_subprogram => {
                            let (low, high) = func_range(
                                bin,
                                &addrs,
                                &unit,
                                e.offset(),
                                e.attrs().iter().map(|a| (a.name(), a.value())),
                            );
                            if low < high {
                                params_wanted = may_be_method(&name, &own);
                                current = Some(off);
                                out.funcs.push(Func { name: name.into_owned(), low, high, unit: i, offset: off });
                            }
                        }
                        _ => {}
                    }
                }
                _ if captured => {
                    if let Some(name) = view_name(bin, &unit, e) {
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

/// A compile unit's entries as the top-level pass reads them: borrowed
/// from the unit's bytes.
type View<'a> = gimli::EndianSlice<'a, gimli::RunTimeEndian>;
type ViewEntry<'a> = gimli::DebuggingInformationEntry<View<'a>>;

/// `header` reading its entries from `entries`, the unit's bytes after the
/// header, as borrowed slices.
fn view_of<'a>(
    header: &gimli::UnitHeader<debuginfo::Reader>,
    entries: &'a debuginfo::Reader,
) -> gimli::UnitHeader<View<'a>> {
    use gimli::Reader as _;
    gimli::UnitHeader::new(
        header.encoding(),
        header.unit_length(),
        header.type_(),
        header.debug_abbrev_offset(),
        gimli::SectionId::DebugInfo,
        header.offset(),
        gimli::EndianSlice::new(entries, entries.endian()),
    )
}

/// The entry at `e`'s offset read through the unit's own reader, for what
/// the view does not decode itself.
fn full_entry(unit: &Unit, e: &ViewEntry) -> Option<Entry> {
    unit.entry(e.offset()).ok()
}

/// [`entry_name`] of a viewed entry: the name written inline (Go's form)
/// borrowed, any other form read through the unit.
fn view_name<'a>(bin: &Binary, unit: &Unit, e: &ViewEntry<'a>) -> Option<Cow<'a, str>> {
    match e.attr_value(gimli::DW_AT_name)? {
        AttributeValue::String(s) => Some(debuginfo::utf8_lossy(s.slice())),
        _ => entry_name(bin, unit, &full_entry(unit, e)?).map(Cow::Owned),
    }
}

/// A subprogram's lowest and highest address (none: `(u64::MAX, 0)`)
/// from its attributes `attrs`: a low address (when indexed, in
/// `.debug_addr`, viewed as `addrs`) and an end or a length; read through
/// the unit ([`die_ranges`]) when they say it another way (a range list,
/// another form, an attribute twice).
fn func_range<'a>(
    bin: &Binary,
    addrs: &gimli::DebugAddr<View>,
    unit: &Unit,
    offset: gimli::UnitOffset,
    attrs: impl IntoIterator<Item = (gimli::DwAt, AttributeValue<View<'a>>)>,
) -> (u64, u64) {
    const NONE: (u64, u64) = (u64::MAX, 0);
    let (mut low, mut end, mut length, mut other) = (None, None, None, false);
    for attr in attrs {
        match attr {
            (gimli::DW_AT_low_pc, AttributeValue::Addr(a)) if low.is_none() => low = Some(a),
            // Go's DWARF 5 form: an index into `.debug_addr`.
            (gimli::DW_AT_low_pc, AttributeValue::DebugAddrIndex(i)) if low.is_none() => {
                match addrs.get_address(unit.encoding().address_size, unit.addr_base, i) {
                    Ok(a) => low = Some(a),
                    Err(_) => other = true,
                }
            }
            (gimli::DW_AT_high_pc, AttributeValue::Addr(a)) if end.is_none() && length.is_none() => end = Some(a),
            (gimli::DW_AT_high_pc, AttributeValue::Udata(n)) if end.is_none() && length.is_none() => length = Some(n),
            (gimli::DW_AT_low_pc | gimli::DW_AT_high_pc | gimli::DW_AT_ranges, _) => other = true,
            _ => {}
        }
    }
    match (low, end, length) {
        (Some(low), Some(end), None) if !other => (low, end),
        (Some(low), None, Some(length)) if !other => low.checked_add(length).map_or(NONE, |end| (low, end)),
        _ => {
            let (mut lo, mut hi) = NONE;
            if let Some(mut ranges) = unit.entry(offset).ok().and_then(|full| die_ranges(bin, unit, &full, None)) {
                while let Ok(Some(r)) = ranges.next() {
                    lo = lo.min(r.begin);
                    hi = hi.max(r.end);
                }
            }
            (lo, hi)
        }
    }
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
    let n = bin.units().len();
    let pieces = if n >= PARALLEL_UNITS { read_top_level_shared(bin)? } else { vec![read_top_level(bin, 0..n)?] };
    // The pieces' lists, each joined in unit order by one of two threads.
    let mut parts = TopLevelParts::default();
    for p in pieces {
        parts.funcs.push(p.funcs);
        parts.params.push(p.params);
        parts.globals.push(p.globals);
        parts.consts.push(p.consts);
        parts.named.push(p.named);
        parts.type_entries.push(p.type_entries);
        parts.shapes.push(p.shapes);
        parts.runtime_types.push(p.runtime_types);
        parts.captures.push(p.captures);
    }
    let TopLevelParts { funcs, params, globals, consts, named, type_entries, shapes, runtime_types, captures } = parts;
    // The functions joined and sorted by address on another thread, which
    // then joins the rest, while this one lists the named types by package.
    let ((funcs, rest), type_bases) = std::thread::scope(|s| {
        let sorted = s.spawn(move || {
            // Every Go unit was read: what the open inflated is let go of.
            bin.release_unit_bytes();
            let mut funcs = joined(funcs);
            funcs.sort_by_key(|f| f.low);
            let rest = (
                joined(params),
                joined(globals),
                joined(consts),
                joined(type_entries),
                joined(shapes),
                joined(runtime_types),
                captures.into_iter().flatten().collect::<BTreeSet<String>>(),
            );
            (funcs, rest)
        });
        // The first entry of each name (the map is empty until here),
        // built from the names sorted at once.
        let mut named = joined(named);
        named.sort_by(|a, b| a.0.cmp(&b.0));
        named.dedup_by(|later, first| later.0 == first.0);
        types.named = named.into_iter().collect();
        // Type names by package: `Item`, `Box[int]` and its base `Box`;
        // the bases by package.
        // Sorted, a package's names mostly follow each other: each run of
        // one package's is added at once.
        let mut type_bases: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut run: (&str, Vec<&str>) = ("", Vec::new());
        for q in types.named.keys() {
            let Some((pkg_path, name)) = split_named_at(q) else { continue };
            if pkg_path != run.0 {
                let run = std::mem::replace(&mut run, (pkg_path, Vec::new()));
                add_types(&mut packages, &mut type_bases, run);
            }
            run.1.push(name);
        }
        add_types(&mut packages, &mut type_bases, run);
        (sorted.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), type_bases)
    });
    let (mut params, globals, consts, type_entries, shapes, runtime_types, captures) = rest;

    // Every package is known from here on: their paths, hashed, for
    // splitting the names of functions (tens of thousands in a big
    // program, each tried at several of its dots), half of them on
    // another thread.
    let mut kinds = vec![None; funcs.len()];
    {
        let paths: HashSet<&str> = packages.keys().map(String::as_str).collect();
        let half = funcs.len() / 2;
        let (first, second) = funcs.split_at(half);
        let (first_kinds, second_kinds) = kinds.split_at_mut(half);
        std::thread::scope(|s| {
            s.spawn(|| func_kinds(second, second_kinds, &paths, &type_bases));
            func_kinds(first, first_kinds, &paths, &type_bases);
        });
    }
    drop(type_bases);

    // Functions and methods (Delve finds methods by function name): the
    // methods by package and receiver type on another thread, the
    // functions by package on this one. Functions lie by package in
    // address order: each run of one package's functions, or of one type's
    // methods, is added at once.
    let mut methods = std::thread::scope(|s| {
        let (funcs, kinds, params) = (&funcs, &kinds, &mut params);
        let methods = s.spawn(move || {
            let mut methods: BTreeMap<String, BTreeMap<String, Vec<MethodRef>>> = BTreeMap::new();
            let mut of_type: ((&str, &str), Vec<MethodRef>) = (("", ""), Vec::new());
            for (f, kind) in funcs.iter().zip(kinds) {
                let Some(FuncKind { path, what: FuncWhat::Method { base, name, pointer_receiver } }) = *kind else {
                    continue;
                };
                let at = |(start, end): (u32, u32)| &f.name[start as usize..end as usize];
                let key = (&f.name[..path as usize], at(base));
                if key != of_type.0 {
                    add_methods(&mut methods, std::mem::replace(&mut of_type, (key, Vec::new())));
                }
                // The function's parameters, taken for its method.
                let params = match params.binary_search_by_key(&f.offset, |(o, _)| *o) {
                    Ok(i) => std::mem::take(&mut params[i].1),
                    Err(_) => Vec::new(),
                };
                of_type.1.push(MethodRef { name: at(name).to_string(), pointer_receiver, params });
            }
            add_methods(&mut methods, of_type);
            methods
        });
        let mut plain: (&str, Vec<String>) = ("", Vec::new());
        for (f, kind) in funcs.iter().zip(kinds) {
            let Some(FuncKind { path, what: FuncWhat::Plain { name: (start, end) } }) = *kind else { continue };
            let path = &f.name[..path as usize];
            if path != plain.0 {
                add_funcs(&mut packages, std::mem::replace(&mut plain, (path, Vec::new())));
            }
            plain.1.push(f.name[start as usize..end as usize].to_string());
        }
        add_funcs(&mut packages, plain);
        methods.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
    });
    drop(kinds);

    // Shape types are named types too when Delve cannot resolve a
    // dictionary entry (a type used only as a type argument has no debug
    // info entry): `go.shape.int32`, in no package.
    for (name, off) in shapes {
        types.named.entry(name).or_insert(off);
    }
    let named = std::mem::take(&mut types.named);
    drop(types);
    // Every named type met so far, its details read when first asked;
    // the packages' lists sorted on another thread meanwhile.
    let slots = std::thread::scope(|s| {
        let packages = &mut packages;
        let sorted = s.spawn(move || {
            drop(params);
            // Kept for the life of the binary: no room to grow.
            for p in packages.values_mut() {
                p.funcs.sort_unstable();
                p.funcs.dedup();
                p.funcs.shrink_to_fit();
                p.types.sort_unstable();
                p.types.dedup();
                p.types.shrink_to_fit();
            }
        });
        let slots: BTreeMap<String, NamedSlot> = named
            .into_iter()
            .map(|(q, off)| {
                // Methods of generic types are linked as shape instances
                // (`main.(*Stack[go.shape.int]).Push`); Delve looks them up
                // by the instantiated name and finds none ("s has no
                // member Push").
                let methods = split_named_at(&q)
                    .filter(|(_, name)| !name.contains('['))
                    .and_then(|(pkg_path, name)| methods.get_mut(pkg_path)?.remove(name))
                    .unwrap_or_default();
                (q, NamedSlot { off, methods, info: OnceLock::new() })
            })
            .collect();
        drop(methods);
        sorted.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        slots
    });
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

/// What a function's name makes of it: the length of its package path,
/// and what it is, its parts as byte ranges of the name (kept small: one
/// for each function of the program).
#[derive(Clone, Copy)]
struct FuncKind {
    path: u32,
    what: FuncWhat,
}

#[derive(Clone, Copy)]
enum FuncWhat {
    /// A method of the type `base` (type arguments left out) of the
    /// package.
    Method { base: (u32, u32), name: (u32, u32), pointer_receiver: bool },
    /// A function of the package (not a generic one's instance).
    Plain { name: (u32, u32) },
}

/// Each of `funcs` as a method or a function of a package (`paths`, each
/// with its types' names in `type_bases`), `None` for neither, into
/// `kinds`.
fn func_kinds(
    funcs: &[Func],
    kinds: &mut [Option<FuncKind>],
    paths: &HashSet<&str>,
    type_bases: &BTreeMap<String, BTreeSet<String>>,
) {
    let has_type = |path: &str, base: &str| type_bases.get(path).is_some_and(|b| b.contains(base));
    for (f, kind) in funcs.iter().zip(kinds) {
        let full = f.name.as_str();
        // The byte range of `part`, a part of the name.
        let at = |part: &str| {
            let start = part.as_ptr() as usize - full.as_ptr() as usize;
            (start as u32, (start + part.len()) as u32)
        };
        *kind = (|| {
            let (path, rest) = split_pkg_by(|p| paths.contains(p), full)?;
            let path_len = u32::try_from(path.len()).ok()?;
            u32::try_from(full.len()).ok()?;
            let what = if let Some(m) = rest.strip_prefix("(*") {
                // (*T).M
                let (t, m) = m.split_once(").")?;
                let base = t.split('[').next().unwrap_or(t);
                if m.contains('.') {
                    return None;
                }
                FuncWhat::Method { base: at(base), name: at(m), pointer_receiver: true }
            } else {
                let head = rest.split('[').next().unwrap_or(rest);
                match split_top_dots(rest).as_slice() {
                    // A generic function is linked only as its shape
                    // instances (`Sum[go.shape.int]`): Delve finds no
                    // function `Sum`.
                    [_] if head.len() == rest.len() => FuncWhat::Plain { name: at(head) },
                    [t, m] => {
                        let base = t.split('[').next().unwrap_or(t);
                        if !has_type(path, base) {
                            return None;
                        }
                        FuncWhat::Method { base: at(base), name: at(m), pointer_receiver: false }
                    }
                    _ => return None,
                }
            };
            Some(FuncKind { path: path_len, what })
        })();
    }
}

/// Named types of one package (its path, their names with type
/// arguments), in order: their package made known, with their names and
/// bases (`Box[int]` and `Box`). A package known only by its types (no
/// unit of its own) is named by its path's last element; that name is not
/// linked (a unit links its clause and last element): a lookup finds the
/// package by its name first, and Delve knows no package without a unit.
fn add_types(
    packages: &mut BTreeMap<String, PackageSlot>,
    type_bases: &mut BTreeMap<String, BTreeSet<String>>,
    (pkg_path, names): (&str, Vec<&str>),
) {
    if names.is_empty() {
        return;
    }
    let elem = last_elem(pkg_path);
    if !type_bases.contains_key(pkg_path) {
        type_bases.insert(pkg_path.to_string(), BTreeSet::new());
    }
    if !packages.contains_key(pkg_path) {
        packages.insert(pkg_path.to_string(), PackageSlot { name: elem.to_string(), ..PackageSlot::default() });
    }
    let (Some(bases), Some(p)) = (type_bases.get_mut(pkg_path), packages.get_mut(pkg_path)) else { return };
    for name in names {
        let base = name.split('[').next().unwrap_or(name);
        if !bases.contains(base) {
            bases.insert(base.to_string());
        }
        p.types.push(base.to_string());
        if name.len() != base.len() {
            p.types.push(name.to_string());
        }
    }
}

/// Methods of one type (package path, type name), in order, added after
/// those it has.
fn add_methods(methods: &mut BTreeMap<String, BTreeMap<String, Vec<MethodRef>>>, run: ((&str, &str), Vec<MethodRef>)) {
    let ((path, base), run) = run;
    if run.is_empty() {
        return;
    }
    if !methods.contains_key(path) {
        methods.insert(path.to_string(), BTreeMap::new());
    }
    let Some(of_package) = methods.get_mut(path) else { return };
    match of_package.get_mut(base) {
        Some(of_type) => of_type.extend(run),
        None => drop(of_package.insert(base.to_string(), run)),
    }
}

/// Functions of one package (its path), added to its list.
fn add_funcs(packages: &mut BTreeMap<String, PackageSlot>, run: (&str, Vec<String>)) {
    if let Some(p) = packages.get_mut(run.0) {
        p.funcs.extend(run.1);
    }
}

/// Pieces the top level of a big program is read in (cut at units by
/// `.debug_info` offset): two threads take them in turn, the largest
/// first, so that both finish together whatever else runs beside them.
const PIECES: usize = 16;

/// [`read_top_level`] of every unit on two threads: the pieces in unit
/// order.
fn read_top_level_shared(bin: &Binary) -> Result<Vec<TopLevel>, DebugInfoError> {
    let units = bin.units();
    let n = units.len();
    let end = units.last().map_or(0, |u| u.offset.0);
    let mut bounds: Vec<usize> =
        (0..PIECES).map(|k| units.partition_point(|u| u.offset.0 < end / PIECES * k)).chain([n]).collect();
    bounds.dedup();
    let offset = |i: usize| units.get(i).map_or(end + end / n.max(1), |u| u.offset.0);
    let mut order: Vec<usize> = (0..bounds.len() - 1).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(offset(bounds[k + 1]) - offset(bounds[k])));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let take = || {
        let mut read = Vec::new();
        while let Some(&k) = order.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
            read.push((k, read_top_level(bin, bounds[k]..bounds[k + 1])));
        }
        read
    };
    let mut pieces = std::thread::scope(|s| {
        let other = s.spawn(take);
        let mut pieces = take();
        pieces.extend(other.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        pieces
    });
    pieces.sort_by_key(|(k, _)| *k);
    pieces.into_iter().map(|(_, p)| p).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Go binary this repository's scripts install (`scripts/install-deps
    /// dlv`): DWARF 5, its functions' low addresses indexed. `DLV_PATH`
    /// first, as the suites take it: a copy of the tree without `.tools`
    /// (scripts/mutants' build) names the installed one there.
    fn go_binary() -> Binary {
        let path = std::env::var_os("DLV_PATH")
            .filter(|p| !p.is_empty())
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/bin/dlv"));
        Binary::open(&path).unwrap_or_else(|e| panic!("{}: {e} (run scripts/install-deps dlv)", path.display()))
    }

    /// The range [`die_ranges`] reads for the entry at `offset`.
    fn general_range(bin: &Binary, unit: &Unit, offset: gimli::UnitOffset) -> (u64, u64) {
        let full = unit.entry(offset).expect("entry");
        let mut ranges = die_ranges(bin, unit, &full, None).expect("ranges");
        let (mut lo, mut hi) = (u64::MAX, 0);
        while let Ok(Some(r)) = ranges.next() {
            (lo, hi) = (lo.min(r.begin), hi.max(r.end));
        }
        (lo, hi)
    }

    #[test]
    fn function_ranges_read_directly_agree_with_the_general_reading() {
        use gimli::{Reader as _, Section as _};
        let bin = go_binary();
        let section = bin.dwarf.debug_addr.reader();
        let addrs = gimli::DebugAddr::from(gimli::EndianSlice::new(section, section.endian()));
        let (mut compared, mut indexed) = (0, 0);
        let mut changed = Vec::new();
        for i in 0..bin.units().len() {
            let unit = bin.unit_once(i).expect("unit");
            let bytes = unit.header.range_from(unit.header.root_offset()..).expect("entries");
            let header = view_of(&unit.header, &bytes);
            let mut cursor = header.entries(&unit.abbreviations);
            while let Ok(Some(e)) = cursor.next_dfs() {
                if e.depth() != 1 || e.tag() != gimli::DW_TAG_subprogram {
                    continue;
                }
                let e = e.clone();
                let direct =
                    func_range(&bin, &addrs, &unit, e.offset(), e.attrs().iter().map(|a| (a.name(), a.value())));
                assert_eq!(direct, general_range(&bin, &unit, e.offset()), "{:?}", e.offset());
                compared += 1;
                indexed +=
                    matches!(e.attr_value(gimli::DW_AT_low_pc), Some(AttributeValue::DebugAddrIndex(_))) as usize;
                // Functions whose low address is indexed, with the index.
                if let (true, Some(AttributeValue::DebugAddrIndex(index))) =
                    (changed.len() < 3 && direct.0 < direct.1, e.attr_value(gimli::DW_AT_low_pc))
                {
                    changed.push((i, e.offset(), index));
                }
            }
        }
        // Both forms of the low address (Go's own units index theirs).
        assert!(
            indexed > 5_000 && compared - indexed > 1_000,
            "{compared} functions, {indexed} with indexed addresses"
        );
        // The attributes in another order, an end address for the length, a
        // length past the address space, none, and forms the direct reading
        // leaves to the unit (which reads the entry's own attributes): an
        // attribute twice, indexed or not, a range list beside an end.
        assert_eq!(changed.len(), 3);
        for (i, offset, index) in changed {
            let unit = bin.unit_once(i).expect("unit");
            let (low, high) = general_range(&bin, &unit, offset);
            let with = |attrs: Vec<(gimli::DwAt, AttributeValue<View>)>| func_range(&bin, &addrs, &unit, offset, attrs);
            use AttributeValue::{Addr, Udata};
            let (at, len) = (Addr(low), Udata(high - low));
            assert_eq!(with(vec![(gimli::DW_AT_high_pc, len), (gimli::DW_AT_low_pc, at)]), (low, high));
            assert_eq!(with(vec![(gimli::DW_AT_low_pc, at), (gimli::DW_AT_high_pc, Addr(high + 8))]), (low, high + 8));
            // Read directly, not through the unit (whose answer is the entry's
            // own range).
            let indexed = AttributeValue::DebugAddrIndex(index);
            let longer = Udata(high - low + 8);
            assert_eq!(with(vec![(gimli::DW_AT_low_pc, indexed), (gimli::DW_AT_high_pc, longer)]), (low, high + 8));
            assert_eq!(with(vec![(gimli::DW_AT_low_pc, at), (gimli::DW_AT_high_pc, Udata(u64::MAX))]), (u64::MAX, 0));
            assert_eq!(with(vec![(gimli::DW_AT_low_pc, at)]), general_range(&bin, &unit, offset));
            assert_eq!(with(vec![(gimli::DW_AT_high_pc, len)]), general_range(&bin, &unit, offset));
            for odd in [
                vec![(gimli::DW_AT_low_pc, at), (gimli::DW_AT_high_pc, Udata(1)), (gimli::DW_AT_high_pc, Udata(2))],
                vec![(gimli::DW_AT_low_pc, Addr(1)), (gimli::DW_AT_low_pc, at), (gimli::DW_AT_high_pc, Udata(2))],
                vec![(gimli::DW_AT_low_pc, at), (gimli::DW_AT_high_pc, AttributeValue::Data4(2))],
                vec![(gimli::DW_AT_low_pc, at), (gimli::DW_AT_high_pc, Addr(high)), (gimli::DW_AT_high_pc, Addr(2))],
                vec![(gimli::DW_AT_low_pc, at), (gimli::DW_AT_high_pc, Udata(2)), (gimli::DW_AT_high_pc, Addr(2))],
                vec![(gimli::DW_AT_low_pc, at), (gimli::DW_AT_high_pc, Udata(2)), (gimli::DW_AT_ranges, Udata(0))],
                vec![
                    (gimli::DW_AT_low_pc, at),
                    (gimli::DW_AT_high_pc, Addr(high + 8)),
                    (gimli::DW_AT_ranges, Udata(0)),
                ],
                vec![
                    (gimli::DW_AT_low_pc, AttributeValue::DebugAddrIndex(index)),
                    (gimli::DW_AT_low_pc, AttributeValue::DebugAddrIndex(index)),
                    (gimli::DW_AT_high_pc, Udata(2)),
                ],
                vec![
                    (gimli::DW_AT_low_pc, AttributeValue::DebugAddrIndex(gimli::DebugAddrIndex(usize::MAX / 8))),
                    (gimli::DW_AT_high_pc, Udata(2)),
                ],
            ] {
                assert_eq!(with(odd), (low, high), "read through the unit: the entry's own range");
            }
        }
    }

    /// A package's globals and constants are the program's whose full name
    /// is its path, a dot and an identifier, split at the longest package
    /// path: `example.com/lib.v2` is a global `v2` of `example.com/lib`
    /// (a path with a dot, as `gopkg.in/yaml.v3`), none of `example.com/lib.v2`'s
    /// own, whose `Level` is not `example.com/lib`'s; the first of each name.
    #[test]
    fn package_members_are_the_names_under_its_path() {
        let bin = Arc::new(go_binary());
        let slot = |name: &str| PackageSlot { name: name.to_string(), ..PackageSlot::default() };
        let slots: BTreeMap<String, PackageSlot> =
            [("example.com/lib", slot("lib")), ("example.com/lib.v2", slot("lib")), ("main", slot("main"))]
                .map(|(p, s)| (p.to_string(), s))
                .into();
        let names = |names: &[&str]| names.iter().map(|n| (n.to_string(), None)).collect::<Vec<_>>();
        let globals = names(&[
            "example.com/lib.v2",
            "example.com/lib.v2.Level",
            "example.com/lib.Debug",
            "example.com/lib.Debug",
            "example.com/lib.Debug.x",
            "example.com/lib..stmp_0",
            "example.com/libx.Other",
            "main.count",
            "m",
        ]);
        let consts = [("example.com/lib.Max", 7), ("example.com/lib.Debug", 1), ("example.com/lib.v2.Min", -1)]
            .map(|(n, v)| (n.to_string(), None, v))
            .into();
        let packages = DwarfPackages { bin, slots, globals, consts };
        // Known paths, each built only when resolved.
        assert_eq!(
            ["main", "example.com/lib.v2", "example.com/libx", "lib"].map(|p| packages.contains(p)),
            [true, true, false, false]
        );
        assert!(packages.slots.values().all(|s| s.built.get().is_none()), "built by asking whether it is known");
        let members = |path: &str| {
            let p = packages.resolve(path).expect("a known package");
            assert_eq!((p.path.as_str(), p.complete), (path, true));
            let vars: Vec<&str> = p.vars.iter().map(|v| v.name.as_str()).collect();
            let consts: Vec<(&str, _)> = p.consts.iter().map(|c| (c.name.as_str(), c.value.clone())).collect();
            (p.name.clone(), vars, consts)
        };
        let int = |v: i64| Some(crate::expr::types::ConstValue::Int(v.into()));
        assert_eq!(members("example.com/lib"), ("lib".to_string(), vec!["v2", "Debug"], vec![("Max", int(7))]));
        assert_eq!(members("example.com/lib.v2"), ("lib".to_string(), vec!["Level"], vec![("Min", int(-1))]));
        assert_eq!(members("main"), ("main".to_string(), vec!["count"], vec![]));
        assert!(packages.resolve("example.com/libx").is_none());
    }

    /// A top level's lists, comparable.
    #[allow(clippy::type_complexity)]
    fn listed(
        t: TopLevel,
    ) -> (
        Vec<(String, u64, u64, usize, usize)>,
        Vec<(usize, Params)>,
        Vec<(String, Option<usize>)>,
        Vec<(String, Option<usize>, i64)>,
        Vec<(String, usize)>,
        Vec<usize>,
        Vec<(String, usize)>,
        Vec<(u64, usize)>,
        BTreeSet<String>,
    ) {
        let funcs = t.funcs.into_iter().map(|f| (f.name, f.low, f.high, f.unit, f.offset)).collect();
        (funcs, t.params, t.globals, t.consts, t.named, t.type_entries, t.shapes, t.runtime_types, t.captures)
    }

    /// The top level read in pieces on two threads, joined in unit order,
    /// is the top level one pass over every unit reads.
    #[test]
    fn the_top_level_read_in_pieces_is_the_top_level_read_at_once() {
        let bin = go_binary();
        let n = bin.units().len();
        assert!(n >= PARALLEL_UNITS, "{n} units: read at once by build_program");
        let pieces = read_top_level_shared(&bin).expect("read in pieces");
        assert!(pieces.len() > 1, "{} pieces", pieces.len());
        let mut joined = TopLevel::default();
        for p in pieces {
            joined.funcs.extend(p.funcs);
            joined.params.extend(p.params);
            joined.globals.extend(p.globals);
            joined.consts.extend(p.consts);
            joined.named.extend(p.named);
            joined.type_entries.extend(p.type_entries);
            joined.shapes.extend(p.shapes);
            joined.runtime_types.extend(p.runtime_types);
            joined.captures.extend(p.captures);
        }
        let whole = listed(read_top_level(&bin, 0..n).expect("read at once"));
        assert!(whole.0.len() > 10_000 && !whole.2.is_empty() && !whole.3.is_empty(), "{} functions", whole.0.len());
        assert!(listed(joined) == whole, "the pieces differ from the whole");
    }

    /// Go writes every name inline (`DW_FORM_string`): the top-level pass
    /// borrows each from the unit's bytes, the name the entry read through
    /// the unit gives.
    #[test]
    fn names_are_borrowed_from_the_units_bytes() {
        let bin = go_binary();
        let mut read = 0;
        for i in (0..bin.units().len()).step_by(7) {
            let unit = bin.unit_once(i).expect("unit");
            let bytes = unit.header.range_from(unit.header.root_offset()..).expect("entries");
            let header = view_of(&unit.header, &bytes);
            let mut cursor = header.entries(&unit.abbreviations);
            while let Ok(Some(e)) = cursor.next_dfs() {
                if e.depth() != 1 {
                    continue;
                }
                let e = e.clone();
                let full = unit.entry(e.offset()).expect("entry");
                let name = view_name(&bin, &unit, &e);
                assert_eq!(name.as_deref(), entry_name(&bin, &unit, &full).as_deref(), "{:?}", e.offset());
                assert!(name.is_none_or(|n| matches!(n, Cow::Borrowed(_))), "{:?}", e.offset());
                read += 1;
            }
        }
        assert!(read > 10_000, "{read} entries");
    }

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
