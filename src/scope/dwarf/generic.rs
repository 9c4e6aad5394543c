//! Generic code as Delve sees it. A generic function is compiled once per
//! GC shape (`main.Keep[go.shape.*uint8]`); a local whose type mentions a
//! type parameter has a dictionary entry for its type (`.param0`, with
//! `DW_AT_go_dict_index`), which Delve reads at run time from the
//! dictionary the caller passed (`resolveParametricType`). The program
//! links one dictionary per instantiation it makes
//! (`main..dict.Keep[*main.Cell]`): their names give every instantiation,
//! and the shape copy each runs in, without running anything.

use std::collections::{BTreeMap, HashMap};

use super::program::{Dictionary, Func, Generics, Program, type_name};
use super::types::Types;
use super::{DwarfScopes, entry_name, ref_of};
use crate::debuginfo;
use crate::expr::scope::frame_shapes;
use crate::expr::types::{Basic, Type};

/// `example.com/lib..dict.Holder[*example.com/lib.Record]` → the generic
/// it instantiates (`example.com/lib.Holder`) and its type arguments as
/// the linker spells them. `None` for other dictionaries (a name with
/// more after the type arguments).
pub(super) fn parse_dictionary(symbol: &str) -> Option<(String, Vec<String>)> {
    let (pkg, rest) = symbol.split_once("..dict.")?;
    let open = rest.find('[')?;
    let close = open + closing_bracket(&rest[open..])?;
    if close + 1 != rest.len() || pkg.is_empty() {
        return None;
    }
    Some((format!("{pkg}.{}", &rest[..open]), split_top_level(&rest[open + 1..close])))
}

/// The generic a shape copy belongs to: `main.(*Box[go.shape.int]).Put`
/// and `main.Keep[go.shape.int].func1` → `main.Box`, `main.Keep`.
pub(super) fn generic_of_function(function: &str) -> Option<String> {
    let head = &function[..function.find("[go.shape.")?];
    // The package path's last element holds no dot (the linker spells one
    // `%2e` there): the first dot from its `/` on ends the path.
    let slash = head.rfind('/').unwrap_or(0);
    let dot = slash + head[slash..].find('.')?;
    let name = head[dot + 1..].trim_start_matches("(*").trim_start_matches('(');
    (!name.is_empty() && !name.contains(['.', '(', ')'])).then(|| format!("{}.{name}", &head[..dot]))
}

/// `function` without its shape type arguments, as Delve matches function
/// location specs (`break main.Count` stops in every instantiation):
/// `main.(*Box[go.shape.int]).Put` is `main.(*Box).Put`,
/// `main.Count[go.shape.int].func1` is `main.Count.func1`.
pub(super) fn without_shapes(function: &str) -> std::borrow::Cow<'_, str> {
    if !function.contains("[go.shape.") {
        return function.into();
    }
    let (mut out, mut rest) = (String::new(), function);
    while let Some(i) = rest.find("[go.shape.") {
        let Some(end) = closing_bracket(&rest[i..]) else { return function.into() };
        out.push_str(&rest[..i]);
        rest = &rest[i + end + 1..];
    }
    out.push_str(rest);
    out.into()
}

/// Byte offset of the `]` closing the `[` that starts `s`.
fn closing_bracket(s: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in s.char_indices() {
        match c {
            '[' | '(' | '{' => depth += 1,
            ']' | ')' | '}' => {
                depth -= 1;
                if depth == 0 {
                    return (c == ']').then_some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// `a,map[b]c,func(d, e)` → its top-level comma-separated parts.
fn split_top_level(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in s.char_indices() {
        match c {
            '[' | '(' | '{' => depth += 1,
            ']' | ')' | '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(s[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(s[start..].trim().to_string());
    out
}

/// The instantiations of the generic code stopped in, from the program's
/// dictionaries: one map (dictionary entry `.paramN` → the type Delve
/// reads from it) per instantiation whose shapes are those of a shape copy
/// stopped in, and whether that is every instantiation that can run there.
pub(super) struct Instantiations {
    pub(super) maps: Vec<BTreeMap<String, Type>>,
    pub(super) complete: bool,
}

impl DwarfScopes {
    /// [`Instantiations`] at the `stops` (functions and PCs); `None` when
    /// no stop is in generic code with dictionary entries, or the stops
    /// belong to different generics (their entries are not comparable).
    pub(super) fn instantiations(
        &self,
        program: &Program,
        types: &mut Types<'_>,
        stops: &[(usize, u64)],
    ) -> Option<Instantiations> {
        let generic: Vec<(&Func, String)> = stops
            .iter()
            .filter_map(|&(fi, _)| {
                let f = &program.funcs[fi];
                generic_of_function(&f.name).map(|g| (f, g))
            })
            .collect();
        let (_, first) = generic.first()?;
        if generic.iter().any(|(_, g)| g != first) {
            return None;
        }
        let dictionaries = program.generics(&self.bin).dictionaries.get(first).map(Vec::as_slice).unwrap_or_default();
        let mut maps: Vec<BTreeMap<String, Type>> = Vec::new();
        let mut complete = true;
        let mut any_entries = false;
        for (f, _) in &generic {
            let entries = self.dictionary_entries(f);
            if entries.is_empty() {
                continue;
            }
            any_entries = true;
            let Some(shapes) = frame_shapes(&f.name) else {
                complete = false;
                continue;
            };
            let mut matched = false;
            for d in dictionaries.iter().filter(|d| d.targs.len() == shapes.len()) {
                if !shapes_fit(program.generics(&self.bin), types, &shapes, &d.targs) {
                    continue;
                }
                matched = true;
                let binding = Binding::new(&shapes, &d.targs);
                let map: BTreeMap<String, Type> =
                    entries.iter().map(|e| (e.name.clone(), self.entry_type(program, types, &binding, d, e))).collect();
                if !maps.contains(&map) {
                    maps.push(map);
                }
            }
            complete &= matched;
        }
        any_entries.then_some(Instantiations { maps, complete })
    }

    /// Whether `f` is a closure of a shape copy
    /// (`main.Keep[go.shape.*uint8].func1`): it gets no dictionary, so
    /// Delve shows its variables, captures included, with their shape
    /// types (`go.shape.*uint8`, dereferenced as `uint8`).
    pub(super) fn is_closure_of_shape_copy(&self, f: &Func) -> bool {
        generic_of_function(&f.name).is_some() && self.dictionary_entries(f).is_empty()
    }

    /// The type Delve reads from dictionary entry `entry` of `dictionary`:
    /// the run-time type the dictionary's word holds, by its debug info
    /// entry. A type the program uses only as a type argument has none, and
    /// Delve keeps the shape type (`go.shape.int32` in its messages). When
    /// the word cannot be read (a position-independent build), the type
    /// named as the entry's shape type with the type arguments in place of
    /// the shapes (`[]go.shape.int` → `[]main.Cents`): known when the binary
    /// has a type of that name, or the entry is a type parameter itself.
    fn entry_type(
        &self,
        program: &Program,
        types: &mut Types<'_>,
        binding: &Binding,
        dictionary: &Dictionary,
        entry: &DictEntry,
    ) -> Type {
        let Some(shape) = entry.shape else { return Type::Unknown };
        let descriptors = self.bin.type_descriptors();
        let word = dictionary.words.get(entry.index).copied();
        if let (Some((start, end)), Some(word)) = (descriptors, word) {
            if (start..end).contains(&word) {
                return match program.generics(&self.bin).runtime_types.get(&word) {
                    Some(&found) => types.ty(found, 0),
                    None => types.ty(shape, 0),
                };
            }
        }
        let Some(name) = type_name(&self.bin, shape) else { return Type::Unknown };
        let Some(spelled) = binding.spell(&name) else { return Type::Unknown };
        match program.generics(&self.bin).type_offsets.get(&spelled) {
            Some(&found) => types.ty(found, 0),
            None if name.starts_with("go.shape.") => types.ty(shape, 0),
            None => Basic::from_name(&spelled).map(Type::Basic).unwrap_or(Type::Unknown),
        }
    }

    /// The dictionary entries of `f` (`.param0`), read from the typedefs
    /// among the function's children: those with a dictionary index (no
    /// other entry Go writes has one).
    fn dictionary_entries(&self, f: &Func) -> Vec<DictEntry> {
        let mut out = Vec::new();
        let Ok(unit) = self.bin.unit(f.unit) else { return out };
        let Some(uoff) = f.offset.checked_sub(unit.header.offset().0) else { return out };
        let Ok(mut cursor) = unit.entries_at_offset(gimli::UnitOffset(uoff)) else { return out };
        let mut first = true;
        while let Ok(Some(e)) = cursor.next_dfs() {
            if first {
                first = false;
                continue;
            }
            match e.depth() {
                d if d <= 0 => break,
                1 => {
                    let Some(index) = e.attr_value(debuginfo::DW_AT_GO_DICT_INDEX).and_then(|v| v.udata_value()) else {
                        continue;
                    };
                    if let Some(name) = entry_name(&self.bin, &unit, e) {
                        let shape = e.attr_value(gimli::DW_AT_type).and_then(|v| ref_of(&unit, &v));
                        out.push(DictEntry { name, index: index as usize, shape });
                    }
                }
                _ => {}
            }
        }
        out
    }
}

/// A dictionary entry of a shape copy: a local's type that mentions a
/// type parameter.
struct DictEntry {
    /// `.param0`: the name the locals' types refer to.
    name: String,
    /// The dictionary word holding the run-time type.
    index: usize,
    /// The entry's type in the shape copy (`[]go.shape.int`).
    shape: Option<usize>,
}

/// Whether a dictionary's type arguments have the shapes of a copy: each
/// argument's underlying type is its shape's, a pointer fitting `*uint8`
/// too (a type parameter constrained by methods only shapes every pointer
/// so). What cannot be read fits.
fn shapes_fit(generics: &Generics, types: &mut Types<'_>, shapes: &[String], targs: &[String]) -> bool {
    let names = &generics.type_offsets;
    shapes.iter().zip(targs).all(|(shape, targ)| {
        let (Some(&s), Some(&t)) = (names.get(&format!("go.shape.{shape}")), names.get(targ.as_str())) else {
            return true;
        };
        let (s, t) = (types.underlying(s, 0), types.underlying(t, 0));
        match (&s, &t) {
            (Type::Pointer(e), Type::Pointer(_)) if **e == Type::Basic(Basic::Uint8) => true,
            _ => alike(&s, &t, 0),
        }
    })
}

/// Structural equality where unknown parts match anything.
fn alike(a: &Type, b: &Type, depth: u32) -> bool {
    if depth > 32 {
        return true;
    }
    let same = |x: &Type, y: &Type| alike(x, y, depth + 1);
    match (a, b) {
        (Type::Unknown | Type::TypeParam(_), _) | (_, Type::Unknown | Type::TypeParam(_)) => true,
        (Type::Pointer(x), Type::Pointer(y)) | (Type::Slice(x), Type::Slice(y)) => same(x, y),
        (Type::Array(n, x), Type::Array(m, y)) => n == m && same(x, y),
        (Type::Chan(d, x), Type::Chan(e, y)) => d == e && same(x, y),
        (Type::Map(k, v), Type::Map(l, w)) => same(k, l) && same(v, w),
        (Type::Func(f), Type::Func(g)) => {
            f.variadic == g.variadic
                && f.params.len() == g.params.len()
                && f.results.len() == g.results.len()
                && f.params.iter().zip(&g.params).all(|(x, y)| same(x, y))
                && f.results.iter().zip(&g.results).all(|(x, y)| same(x, y))
        }
        (Type::Struct(f), Type::Struct(g)) => {
            f.len() == g.len()
                && f.iter().zip(g).all(|(x, y)| x.name == y.name && x.embedded == y.embedded && same(&x.ty, &y.ty))
        }
        (Type::Interface(_), Type::Interface(_)) => true,
        _ => a == b,
    }
}

/// Shape type names (`go.shape.*uint8`) of one copy bound to one
/// dictionary's type arguments; a shape two arguments share with
/// different types is bound to neither.
struct Binding {
    shapes: HashMap<String, Option<String>>,
}

impl Binding {
    fn new(shapes: &[String], targs: &[String]) -> Binding {
        let mut map: HashMap<String, Option<String>> = HashMap::new();
        for (s, t) in shapes.iter().zip(targs) {
            let key = format!("go.shape.{s}");
            match map.get(&key) {
                Some(Some(prev)) if prev != t => {
                    map.insert(key, None);
                }
                Some(_) => {}
                None => {
                    map.insert(key, Some(t.clone()));
                }
            }
        }
        Binding { shapes: map }
    }

    /// A type name with shapes (`[]go.shape.int`) spelled with the bound
    /// type arguments (`[]main.Cents`); `None` when a shape is not bound.
    fn spell(&self, name: &str) -> Option<String> {
        let mut out = String::new();
        let mut rest = name;
        while let Some(at) = rest.find("go.shape.") {
            out.push_str(&rest[..at]);
            let tail = &rest[at..];
            let (key, targ) = self
                .shapes
                .iter()
                .filter(|(k, _)| {
                    tail.starts_with(k.as_str())
                        && tail[k.len()..].chars().next().is_none_or(|c| matches!(c, ',' | ']' | ')' | ' ' | ';' | '}'))
                })
                .max_by_key(|(k, _)| k.len())?;
            out.push_str(targ.as_deref()?);
            rest = &tail[key.len()..];
        }
        out.push_str(rest);
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::ast::ChanDir;
    use crate::expr::types::{FuncType, StructField};

    #[test]
    fn dictionary_names() {
        let cases = [
            ("main..dict.Keep[*main.Cell]", Some(("main.Keep", vec!["*main.Cell"]))),
            (
                "example.com/x/lib..dict.Pair[map[string]int,func(int, string) error]",
                Some(("example.com/x/lib.Pair", vec!["map[string]int", "func(int, string) error"])),
            ),
            (
                "main..dict.Each[struct { A int; B [2]string }]",
                Some(("main.Each", vec!["struct { A int; B [2]string }"])),
            ),
            ("main..dict.Keep[int].func1", None),
            ("main.Keep", None),
        ];
        for (symbol, want) in cases {
            let want = want.map(|(g, a)| (g.to_string(), a.into_iter().map(String::from).collect::<Vec<_>>()));
            assert_eq!(parse_dictionary(symbol), want, "{symbol}");
        }
    }

    #[test]
    fn generics_of_shape_copies() {
        let cases = [
            ("main.Keep[go.shape.*uint8]", Some("main.Keep")),
            ("main.(*Box[go.shape.int]).Put", Some("main.Box")),
            ("example.com/x/lib.Holder[go.shape.string].Get", Some("example.com/x/lib.Holder")),
            ("main.Keep[go.shape.int].func1", Some("main.Keep")),
            ("gopkg.in/yaml%2ev3.Each[go.shape.int]", Some("gopkg.in/yaml%2ev3.Each")),
            ("main.main", None),
            // A compiler-made function over a shape type belongs to no
            // generic: what follows the package is no plain name.
            ("type:.eq.main.Pair[go.shape.int]", None),
            ("example.com/x/lib.glob..func1[go.shape.int]", None),
        ];
        for (function, want) in cases {
            assert_eq!(generic_of_function(function).as_deref(), want, "{function}");
        }
    }

    /// Function names as Delve's location specs name them.
    #[test]
    fn function_names_without_shapes() {
        let cases = [
            ("main.Count[go.shape.int]", "main.Count"),
            ("main.(*Box[go.shape.int]).Put", "main.(*Box).Put"),
            ("main.Count[go.shape.int].func1", "main.Count.func1"),
            ("main.Pair[go.shape.[]int,go.shape.map[string]int]", "main.Pair"),
            ("main.Hold[go.shape.struct { A int; B [2]string }]", "main.Hold"),
            ("main.Mix[go.shape.int,go.shape.string].func2.1", "main.Mix.func2.1"),
            ("main.main", "main.main"),
            // An unclosed bracket (a damaged name) is left as it is.
            ("main.Count[go.shape.int", "main.Count[go.shape.int"),
        ];
        for (function, want) in cases {
            assert_eq!(without_shapes(function), want, "{function}");
        }
    }

    fn func(params: Vec<Type>, results: Vec<Type>, variadic: bool) -> Type {
        Type::Func(Box::new(FuncType { params, results, variadic }))
    }

    fn fields(fs: &[(&str, Type, bool)]) -> Type {
        Type::Struct(
            fs.iter()
                .map(|(n, ty, embedded)| StructField { name: n.to_string(), ty: ty.clone(), embedded: *embedded })
                .collect(),
        )
    }

    fn pointers(n: usize, inner: Type) -> Type {
        (0..n).fold(inner, |t, _| Type::pointer_to(t))
    }

    /// A shape's underlying type against a type argument's: the same
    /// structure, what the debug info leaves unknown matching anything.
    #[test]
    fn shapes_alike_by_structure() {
        let (int, string, unknown) = (Type::Basic(Basic::Int), Type::Basic(Basic::String), Type::Unknown);
        let chan = |d, t: &Type| Type::Chan(d, Box::new(t.clone()));
        let array = |n, t: &Type| Type::Array(Some(n), Box::new(t.clone()));
        let cases: Vec<(Type, Type, bool)> = vec![
            (unknown.clone(), int.clone(), true),
            (int.clone(), unknown.clone(), true),
            (Type::TypeParam(".param0".into()), int.clone(), true),
            (int.clone(), Type::TypeParam("T".into()), true),
            (int.clone(), int.clone(), true),
            (int.clone(), string.clone(), false),
            (Type::pointer_to(unknown.clone()), Type::pointer_to(int.clone()), true),
            (Type::pointer_to(string.clone()), Type::pointer_to(int.clone()), false),
            (Type::slice_of(unknown.clone()), Type::slice_of(int.clone()), true),
            (Type::slice_of(unknown.clone()), Type::pointer_to(int.clone()), false),
            (array(2, &unknown), array(2, &int), true),
            (array(2, &unknown), array(3, &int), false),
            (chan(ChanDir::Recv, &unknown), chan(ChanDir::Recv, &int), true),
            (chan(ChanDir::Recv, &unknown), chan(ChanDir::Both, &int), false),
            (Type::map_of(unknown.clone(), int.clone()), Type::map_of(string.clone(), int.clone()), true),
            (Type::map_of(unknown.clone(), int.clone()), Type::map_of(string.clone(), string.clone()), false),
            (Type::map_of(int.clone(), unknown.clone()), Type::map_of(string.clone(), string.clone()), false),
            (
                func(vec![unknown.clone()], vec![unknown.clone()], true),
                func(vec![int.clone()], vec![string.clone()], true),
                true,
            ),
            (func(vec![unknown.clone()], vec![], true), func(vec![int.clone()], vec![], false), false),
            (func(vec![unknown.clone()], vec![], false), func(vec![int.clone(), int.clone()], vec![], false), false),
            (func(vec![unknown.clone()], vec![], false), func(vec![unknown.clone()], vec![int.clone()], false), false),
            (func(vec![int.clone()], vec![], false), func(vec![string.clone()], vec![], false), false),
            (func(vec![], vec![int.clone()], false), func(vec![], vec![string.clone()], false), false),
            (fields(&[("A", unknown.clone(), false)]), fields(&[("A", int.clone(), false)]), true),
            (
                fields(&[("A", unknown.clone(), false)]),
                fields(&[("A", int.clone(), false), ("B", int.clone(), false)]),
                false,
            ),
            (fields(&[("A", unknown.clone(), false)]), fields(&[("B", int.clone(), false)]), false),
            (fields(&[("A", unknown.clone(), true)]), fields(&[("A", int.clone(), false)]), false),
            (fields(&[("A", string.clone(), false)]), fields(&[("A", int.clone(), false)]), false),
            // Method sets are not in the debug info: interfaces all match.
            (Type::Interface(vec!["Area".into()]), Type::Interface(Vec::new()), true),
            // Compared 32 levels down, not 33.
            (pointers(32, int.clone()), pointers(32, string.clone()), false),
            (pointers(33, int.clone()), pointers(33, string.clone()), true),
        ];
        for (shape, targ, want) in cases {
            assert_eq!(alike(&shape, &targ, 0), want, "{shape} and {targ}");
        }
    }

    #[test]
    fn shapes_spelled_with_type_arguments() {
        let b = Binding::new(&["int".into(), "*uint8".into()], &["main.Cents".into(), "*main.Cell".into()]);
        assert_eq!(b.spell("main.Box[go.shape.int]").as_deref(), Some("main.Box[main.Cents]"));
        assert_eq!(
            b.spell("main.Pair[go.shape.*uint8,go.shape.int]").as_deref(),
            Some("main.Pair[*main.Cell,main.Cents]")
        );
        assert_eq!(b.spell("main.Box[go.shape.int64]"), None);
        // One shape for two different arguments: bound to neither.
        let b = Binding::new(&["string".into(), "string".into()], &["main.A".into(), "main.B".into()]);
        assert_eq!(b.spell("main.Box[go.shape.string]"), None);
    }
}
