//! DWARF type entries as the engine's types: named types by reference,
//! their underlying types and method signatures read lazily, once per
//! binary ([`DwarfTypes`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use gimli::{AttributeValue, UnitOffset};

use super::{Entry, Unit, entry_name, ref_of};
use crate::debuginfo::{self, Binary};
use crate::expr::ast::ChanDir;
use crate::expr::scope::Resolver;
use crate::expr::types::{Basic, FuncType, Method, Named, NamedInfo, StructField, Type};

/// `main.User` → Named; `None` for composite and predeclared names.
pub(super) fn split_named(n: &str) -> Option<Named> {
    split_named_at(n).map(|(pkg_path, name)| Named::new(pkg_path, name))
}

/// [`split_named`] borrowed from `n`: its package path and name (type
/// arguments included), nothing allocated.
pub(super) fn split_named_at(n: &str) -> Option<(&str, &str)> {
    const COMPOSITE: &[&str] =
        &["*", "[", "map[", "chan ", "chan<-", "<-chan", "func(", "struct {", "struct{", "interface {", "interface{"];
    if COMPOSITE.iter().any(|p| n.starts_with(p)) {
        return None;
    }
    let head = &n[..n.find('[').unwrap_or(n.len())];
    // Runtime-internal names such as `groupReference<int,*main.T>` are not
    // Go type names. Type arguments may be spelled with spaces and braces
    // (`Entry[string,interface {}]`): only the name before them is checked,
    // else such an instance would be expanded structurally, and a recursive
    // one (`Entry[…]` pointing to itself) without end.
    if head.contains(['<', ' ', ';', '{']) || n.starts_with("noalg.") || n.starts_with("map.") || n.starts_with("go:") {
        return None;
    }
    let dot = head.rfind('.')?;
    if dot == 0 {
        return None;
    }
    Some((&n[..dot], &n[dot + 1..]))
}

fn basic_of_kind(kind: u64) -> Option<Basic> {
    use Basic::*;
    Some(match kind {
        1 => Bool,
        2 => Int,
        3 => Int8,
        4 => Int16,
        5 => Int32,
        6 => Int64,
        7 => Uint,
        8 => Uint8,
        9 => Uint16,
        10 => Uint32,
        11 => Uint64,
        12 => Uintptr,
        13 => Float32,
        14 => Float64,
        15 => Complex64,
        16 => Complex128,
        24 => String,
        26 => UnsafePointer,
        _ => return None,
    })
}

/// DWARF type entries to the engine's types, memoized by offset. Named
/// types become references; their underlying types are read separately.
pub(super) struct Types<'a> {
    pub(super) bin: &'a Binary,
    memo: HashMap<usize, Type, std::hash::BuildHasherDefault<OffsetHasher>>,
    pub(super) named: BTreeMap<String, usize>,
    /// Anonymous types being expanded: Go has no recursive anonymous type,
    /// so meeting one again is a cycle only damaged DWARF contains.
    expanding: HashSet<usize>,
}

const MAX_TYPE_DEPTH: u32 = 64;

/// Larger expansions are kept as unknown: real types are far smaller, and
/// damaged DWARF could otherwise describe exponentially large trees.
const MAX_TYPE_NODES: usize = 20_000;

/// Hashes `.debug_info` offsets (unique, not attacker-chosen in a way that
/// matters here) with one multiplication instead of SipHash.
#[derive(Default)]
struct OffsetHasher(u64);

impl std::hash::Hasher for OffsetHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(26);
    }
}

impl<'a> Types<'a> {
    pub(super) fn new(bin: &'a Binary) -> Types<'a> {
        Types { bin, memo: HashMap::default(), named: BTreeMap::new(), expanding: HashSet::new() }
    }

    fn die(&self, off: usize) -> Option<(Arc<Unit>, Entry)> {
        let i = self.bin.unit_index_of(off)?;
        let unit = self.bin.unit(i).ok()?;
        let uoff = UnitOffset(off.checked_sub(unit.header.offset().0)?);
        let e = unit.entry(uoff).ok()?;
        Some((unit, e))
    }

    pub(super) fn ty(&mut self, off: usize, depth: u32) -> Type {
        if let Some(t) = self.memo.get(&off) {
            return t.clone();
        }
        if depth > MAX_TYPE_DEPTH || !self.expanding.insert(off) {
            return Type::Unknown;
        }
        let Some((unit, e)) = self.die(off) else {
            self.expanding.remove(&off);
            return Type::Unknown;
        };
        let t = match entry_name(self.bin, &unit, &e) {
            // A dictionary entry (`.param0`) of a shape copy: Delve reads the
            // type from the dictionary at run time (the scope's
            // instantiations say what it can be).
            Some(n) if e.attr(debuginfo::DW_AT_GO_DICT_INDEX).is_some() => Type::TypeParam(n),
            // A shape type (`go.shape.int`, `go.shape.struct { X int }`) as
            // the named type Delve shows wherever the debug info has one:
            // a shape copy's own locals whose types hold a type parameter
            // all refer to dictionary entries (above), so a shape is met
            // only where Delve has no dictionary to read (a closure of a
            // shape copy, a field of a type instantiated with shapes,
            // `main.Cell[go.shape.int32]`), and Delve shows it as it is.
            Some(n) if n.starts_with("go.shape.") => {
                Type::Named(Named { pkg_path: "go.shape".into(), name: n["go.shape.".len()..].to_string() })
            }
            Some(n) if n == "error" => Type::error(),
            Some(n) => match split_named(&n) {
                Some(named) => {
                    self.named.entry(named.qualified()).or_insert(off);
                    Type::Named(named)
                }
                None => self.structure(&unit, &e, depth + 1),
            },
            None => self.structure(&unit, &e, depth + 1),
        };
        self.expanding.remove(&off);
        let t = if type_nodes(&t, MAX_TYPE_NODES) > MAX_TYPE_NODES { Type::Unknown } else { t };
        self.memo.insert(off, t.clone());
        t
    }

    /// The underlying (structural) type of the entry at `off`.
    pub(super) fn underlying(&mut self, off: usize, depth: u32) -> Type {
        if depth > MAX_TYPE_DEPTH {
            return Type::Unknown;
        }
        match self.die(off) {
            Some((unit, e)) => self.structure(&unit, &e, depth + 1),
            None => Type::Unknown,
        }
    }

    fn attr_ref(&self, unit: &Unit, e: &Entry, at: gimli::DwAt) -> Option<usize> {
        e.attr_value(at).and_then(|v| ref_of(unit, &v))
    }

    fn ref_ty(&mut self, unit: &Unit, e: &Entry, at: gimli::DwAt, depth: u32) -> Type {
        match self.attr_ref(unit, e, at) {
            Some(o) => self.ty(o, depth),
            None => Type::Unknown,
        }
    }

    fn children(&self, unit: &Unit, e: &Entry) -> Vec<Entry> {
        let mut out = Vec::new();
        if !e.has_children() {
            return out;
        }
        let Ok(mut cursor) = unit.entries_at_offset(e.offset()) else { return out };
        let mut first = true;
        while let Ok(Some(c)) = cursor.next_dfs() {
            if first {
                first = false;
                continue;
            }
            match c.depth() {
                1 => out.push(c.clone()),
                d if d <= 0 => break,
                _ => {}
            }
            if out.len() > 100_000 {
                break;
            }
        }
        out
    }

    fn structure(&mut self, unit: &Unit, e: &Entry, depth: u32) -> Type {
        let kind = e.attr_value(debuginfo::DW_AT_GO_KIND).and_then(|v| v.udata_value()).unwrap_or(0);
        match e.tag() {
            gimli::DW_TAG_base_type => {
                let by_kind = basic_of_kind(kind);
                let by_encoding = || {
                    let size = e.attr_value(gimli::DW_AT_byte_size).and_then(|v| v.udata_value()).unwrap_or(0);
                    let enc = match e.attr_value(gimli::DW_AT_encoding) {
                        Some(AttributeValue::Encoding(enc)) => enc,
                        _ => return None,
                    };
                    use Basic::*;
                    Some(match (enc, size) {
                        (gimli::DW_ATE_boolean, _) => Bool,
                        (gimli::DW_ATE_signed, 1) => Int8,
                        (gimli::DW_ATE_signed, 2) => Int16,
                        (gimli::DW_ATE_signed, 4) => Int32,
                        (gimli::DW_ATE_signed, 8) => Int64,
                        (gimli::DW_ATE_unsigned, 1) => Uint8,
                        (gimli::DW_ATE_unsigned, 2) => Uint16,
                        (gimli::DW_ATE_unsigned, 4) => Uint32,
                        (gimli::DW_ATE_unsigned, 8) => Uint64,
                        (gimli::DW_ATE_float, 4) => Float32,
                        (gimli::DW_ATE_float, 8) => Float64,
                        (gimli::DW_ATE_complex_float, 8) => Complex64,
                        (gimli::DW_ATE_complex_float, 16) => Complex128,
                        _ => return None,
                    })
                };
                by_kind.or_else(by_encoding).map(Type::Basic).unwrap_or(Type::Unknown)
            }
            gimli::DW_TAG_structure_type => match kind {
                23 => Type::slice_of(self.ref_ty(unit, e, debuginfo::DW_AT_GO_ELEM, depth)),
                24 => Type::Basic(Basic::String),
                _ => {
                    let mut fields = Vec::new();
                    for m in self.children(unit, e) {
                        if m.tag() != gimli::DW_TAG_member {
                            continue;
                        }
                        let name = entry_name(self.bin, unit, &m).unwrap_or_default();
                        let embedded =
                            matches!(
                                m.attr_value(debuginfo::DW_AT_GO_EMBEDDED_FIELD),
                                Some(AttributeValue::Flag(true))
                            ) || m.attr_value(debuginfo::DW_AT_GO_EMBEDDED_FIELD).and_then(|v| v.udata_value())
                                == Some(1);
                        let ty = self.ref_ty(unit, &m, gimli::DW_AT_type, depth);
                        fields.push(StructField { name, ty, embedded });
                    }
                    Type::Struct(fields)
                }
            },
            gimli::DW_TAG_typedef => match kind {
                21 => Type::map_of(
                    self.ref_ty(unit, e, debuginfo::DW_AT_GO_KEY, depth),
                    self.ref_ty(unit, e, debuginfo::DW_AT_GO_ELEM, depth),
                ),
                18 => {
                    let name = entry_name(self.bin, unit, e).unwrap_or_default();
                    let dir = if name.starts_with("chan<-") {
                        ChanDir::Send
                    } else if name.starts_with("<-chan") {
                        ChanDir::Recv
                    } else {
                        ChanDir::Both
                    };
                    Type::Chan(dir, Box::new(self.ref_ty(unit, e, debuginfo::DW_AT_GO_ELEM, depth)))
                }
                // Method sets are not in DWARF; the engine treats any
                // interface's members as unknown.
                20 => Type::Interface(Vec::new()),
                _ => match self.attr_ref(unit, e, gimli::DW_AT_type) {
                    Some(o) => self.underlying(o, depth),
                    None => Type::Unknown,
                },
            },
            gimli::DW_TAG_pointer_type => match self.attr_ref(unit, e, gimli::DW_AT_type) {
                Some(o) => Type::pointer_to(self.ty(o, depth)),
                None => Type::Basic(Basic::UnsafePointer),
            },
            gimli::DW_TAG_array_type => {
                let elem = self.ref_ty(unit, e, gimli::DW_AT_type, depth);
                let mut count = None;
                for c in self.children(unit, e) {
                    if c.tag() == gimli::DW_TAG_subrange_type {
                        count = c.attr_value(gimli::DW_AT_count).and_then(|v| v.udata_value()).or_else(|| {
                            c.attr_value(gimli::DW_AT_upper_bound).and_then(|v| v.udata_value()).map(|u| u + 1)
                        });
                    }
                }
                Type::Array(count, Box::new(elem))
            }
            gimli::DW_TAG_subroutine_type => {
                let name = entry_name(self.bin, unit, e).unwrap_or_default();
                let mut all = Vec::new();
                // A variadic's `...` entry follows its parameters, before
                // the results.
                let mut dots = None;
                for c in self.children(unit, e) {
                    match c.tag() {
                        gimli::DW_TAG_formal_parameter => all.push(self.ref_ty(unit, &c, gimli::DW_AT_type, depth)),
                        gimli::DW_TAG_unspecified_parameters => dots = Some(all.len()),
                        _ => {}
                    }
                }
                // A named func type's entry has its name, not its
                // signature: the parameters end at the `...`, if any; else
                // the results are not told from them (Delve compares the
                // whole list alike, see `compatible` in check/conversions.rs).
                let (nparams, variadic) =
                    func_param_count(&name).unwrap_or_else(|| dots.map_or((all.len(), false), |n| (n, true)));
                let nparams = nparams.min(all.len());
                let results = all.split_off(nparams);
                Type::Func(Box::new(FuncType { params: all, results, variadic }))
            }
            _ => Type::Unknown,
        }
    }
}

/// How many nodes `t` has, counting no further than just past `limit`.
fn type_nodes(t: &Type, limit: usize) -> usize {
    let mut stack = vec![t];
    let mut n = 0;
    while let Some(t) = stack.pop() {
        n += 1;
        if n > limit {
            break;
        }
        match t {
            Type::Pointer(x) | Type::Slice(x) | Type::Array(_, x) | Type::Chan(_, x) => stack.push(x),
            Type::Map(k, v) => stack.extend([&**k, &**v]),
            Type::Func(f) => stack.extend(f.params.iter().chain(&f.results)),
            Type::Struct(fields) => stack.extend(fields.iter().map(|f| &f.ty)),
            _ => {}
        }
    }
    n
}

/// From `func(int, ...string) (bool, error)`: the number of parameters and
/// whether the last is variadic.
fn func_param_count(name: &str) -> Option<(usize, bool)> {
    let rest = name.strip_prefix("func(")?;
    let mut depth = 0i32;
    let mut count = 0;
    let mut any = false;
    let mut last_start = 0;
    for (i, c) in rest.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' if depth == 0 => {
                let variadic = rest[last_start..i].trim_start().starts_with("...");
                return Some((if any { count + 1 } else { 0 }, variadic));
            }
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                count += 1;
                last_start = i + 1;
            }
            c if !c.is_whitespace() => any = true,
            _ => {}
        }
    }
    None
}

/// The named types of a binary, each read from its entry (underlying type)
/// and its methods' functions (signatures) when first asked.
pub(super) struct DwarfTypes {
    pub(super) bin: Arc<Binary>,
    pub(super) slots: BTreeMap<String, NamedSlot>,
}

pub(super) struct NamedSlot {
    /// `.debug_info` offset of the type's entry.
    pub(super) off: usize,
    /// In function order.
    pub(super) methods: Vec<MethodRef>,
    pub(super) info: OnceLock<NamedInfo>,
}

/// A method before its signature is read.
pub(super) struct MethodRef {
    pub(super) name: String,
    pub(super) pointer_receiver: bool,
    /// The function's formal parameters, receiver included.
    pub(super) params: Vec<(Option<usize>, bool)>,
}

impl Resolver<NamedInfo> for DwarfTypes {
    fn contains(&self, qualified: &str) -> bool {
        self.slots.contains_key(qualified)
    }
    fn resolve(&self, qualified: &str) -> Option<&NamedInfo> {
        let slot = self.slots.get(qualified)?;
        Some(slot.info.get_or_init(|| {
            let mut types = Types::new(&self.bin);
            let underlying = types.underlying(slot.off, 0);
            let methods = slot
                .methods
                .iter()
                .map(|m| Method {
                    name: m.name.clone(),
                    pointer_receiver: m.pointer_receiver,
                    sig: method_sig(&mut types, &m.params),
                })
                .collect();
            NamedInfo { underlying, methods }
        }))
    }
}

/// A method's signature without its receiver.
fn method_sig(types: &mut Types<'_>, formal: &[(Option<usize>, bool)]) -> Type {
    let mut params = Vec::new();
    let mut results = Vec::new();
    let mut receiver_seen = false;
    for (ty, result) in formal {
        let t = ty.map(|o| types.ty(o, 0)).unwrap_or(Type::Unknown);
        if *result {
            results.push(t);
        } else if !receiver_seen {
            receiver_seen = true;
        } else {
            params.push(t);
        }
    }
    Type::Func(Box::new(FuncType { params, results, variadic: false }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(split_named("main.User"), Some(Named::new("main", "User")));
        assert_eq!(
            split_named("example.com/x.Box[example.com/y.T]"),
            Some(Named::new("example.com/x", "Box[example.com/y.T]"))
        );
        assert_eq!(split_named("*main.User"), None);
        assert_eq!(split_named("map[string]main.User"), None);
        assert_eq!(split_named("int"), None);
        // Type arguments may have spaces and braces; the name before them
        // may not (runtime-internal names).
        assert_eq!(
            split_named("example.com/lru.Entry[string,interface {}]"),
            Some(Named::new("example.com/lru", "Entry[string,interface {}]"))
        );
        assert_eq!(
            split_named("main.Box[struct { a int; b string }]"),
            Some(Named::new("main", "Box[struct { a int; b string }]"))
        );
        assert_eq!(split_named("groupReference<int,*main.T>"), None);
        // A map's internal types: Go 1.24's groups, Go before 1.24's
        // buckets.
        assert_eq!(split_named("noalg.map.group[string]bool"), None);
        assert_eq!(split_named("map.bucket[string]int"), None);
        assert_eq!(split_named("struct { F uintptr; X0 *main.T }"), None);
        assert_eq!(func_param_count("func(int, ...string) (bool, error)"), Some((2, true)));
        assert_eq!(func_param_count("func()"), Some((0, false)));
        assert_eq!(func_param_count("func(map[string]int) error"), Some((1, false)));
        // A parameter of func type has a list of its own: only the outer
        // list's commas and closing parenthesis count.
        assert_eq!(func_param_count("func(func(int, string) bool, ...int) error"), Some((2, true)));
    }
}
