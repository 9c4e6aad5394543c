//! Which instantiations of its generic functions and types a package makes,
//! for checking a line of generic code once per instantiation (Delve stops
//! in stenciled code whose variables have the type arguments' types). Uses
//! are found in every declaration that names a generic (`Stack[int]`,
//! `Sum(prices)`, `NewCache[K, V]()`), and uses written in terms of an
//! enclosing generic's type parameters are expanded to a fixed point.
//! A list is claimed complete only when nothing can have been missed: a
//! wrong "complete" turns a per-instantiation error into a false one.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use tree_sitter::Node;

use super::build::{receiver_type, type_param_names};
use super::env::{Generic, Inst, Members, PkgInfo, TypeEnv, TypeRef, subst};
use super::files::ParsedFile;
use crate::expr::types::{NamedInfo, Type};

/// Expansion rounds and instantiations per generic before giving up
/// (Go rejects instantiation cycles, so real programs settle quickly).
const MAX_ROUNDS: usize = 32;
const MAX_INSTS: usize = 256;

/// The instantiations one package makes of its generics.
pub(crate) struct Scan {
    /// Concrete type arguments of each generic, in a stable order.
    insts: HashMap<Generic, Vec<Vec<Type>>>,
    /// Generics that may have instantiations not in `insts`.
    open: HashSet<Generic>,
    /// Every file was read and parsed cleanly (otherwise nothing is
    /// complete).
    complete: bool,
    /// Concrete instantiations of generic types found, any package's.
    pub type_insts: Vec<Inst>,
    /// Their entries for [`crate::expr::scope::ScopeAt::types`].
    pub types: BTreeMap<String, NamedInfo>,
}

impl Scan {
    /// One map (the generic code's type parameter names → type arguments)
    /// per instantiation of `of`, and whether that is all of them.
    pub fn instantiations(&self, of: &Generic, names: &[String]) -> (Vec<BTreeMap<String, Type>>, bool) {
        let list = self.insts.get(of).map(Vec::as_slice).unwrap_or_default();
        let maps: Vec<BTreeMap<String, Type>> = list
            .iter()
            .filter(|args| args.len() == names.len())
            .map(|args| names.iter().cloned().zip(args.iter().cloned()).collect())
            .collect();
        let complete = self.complete && !self.open.contains(of) && !maps.is_empty() && maps.len() == list.len();
        (maps, complete)
    }
}

/// The generic function, or generic type of a method, that `outer` (a
/// top-level declaration) is, with the type parameter names it uses.
pub(crate) fn generic_at(file: &ParsedFile, outer: Node, members: &Members) -> Option<(Generic, Vec<String>)> {
    match outer.kind() {
        "function_declaration" => {
            let params = type_param_names(file, outer.child_by_field_name("type_parameters"));
            let name = file.node_text(outer.child_by_field_name("name")?);
            let decl = members.funcs.get(name)?;
            (!params.is_empty() && decl.generic && decl.type_params == params)
                .then(|| (Generic::Func(name.to_string()), params))
        }
        "method_declaration" => {
            let r = receiver_type(file, outer)?;
            let decl = members.types.get(&r.base)?;
            (!r.params.is_empty() && decl.params.len() == r.params.len()).then_some((Generic::Type(r.base), r.params))
        }
        _ => None,
    }
}

/// A use found in one top-level declaration, with that declaration's own
/// type parameters (its context) when it is generic.
struct Site {
    ctx: Option<(Generic, Vec<String>)>,
    of: Generic,
    args: Vec<Type>,
}

/// Names of the package's generic functions and types.
pub(crate) fn generic_names(members: &Members) -> HashMap<String, Generic> {
    let mut generics: HashMap<String, Generic> = HashMap::new();
    for (name, f) in &members.funcs {
        if f.generic {
            generics.insert(name.clone(), Generic::Func(name.clone()));
        }
    }
    for (name, t) in &members.types {
        if !t.params.is_empty() && matches!(members.names.get(name), Some(TypeRef::Defined(_))) {
            generics.insert(name.clone(), Generic::Type(name.clone()));
        }
    }
    generics
}

/// Whether `text` has one of `names` as a word (comments and strings
/// included: this only rules text out).
pub(crate) fn mentions(text: &str, names: &HashMap<String, Generic>) -> bool {
    super::plain_words(text).any(|w| names.contains_key(w))
}

/// Scans `files` (the package's files that mention one of its generics,
/// with bodies; `read_complete` when every file of the package could be
/// read) for the instantiations of its generics.
pub(crate) fn scan(
    files: &[Arc<ParsedFile>],
    generics: &HashMap<String, Generic>,
    read_complete: bool,
    info: &PkgInfo,
    loaded: &HashMap<String, Arc<PkgInfo>>,
) -> Scan {
    let members = &info.members;
    let mut complete = read_complete && files.iter().all(|f| !f.tree.root_node().has_error());
    let mut sites: Vec<Site> = Vec::new();
    let mut open: HashSet<Generic> = HashSet::new();
    let mut registry: BTreeMap<String, Inst> = members.insts.clone();
    if !generics.is_empty() {
        for file in files {
            let root = file.tree.root_node();
            let mut recorded: HashSet<usize> = HashSet::new();
            let mut env = TypeEnv::new(file, &info.path, members, loaded);
            let mut c = root.walk();
            let items: Vec<Node> = root.named_children(&mut c).collect();
            let mut units: Vec<Node> = Vec::new();
            for item in items {
                if item.kind() == "type_declaration" {
                    let mut c = item.walk();
                    units
                        .extend(item.named_children(&mut c).filter(|s| matches!(s.kind(), "type_spec" | "type_alias")));
                } else {
                    units.push(item);
                }
            }
            for item in units {
                if item.kind() == "type_alias" && item.child_by_field_name("type_parameters").is_some() {
                    // `type A[T any] = Stack[T]`: uses of `A` are not followed.
                    complete = false;
                }
                if !file.text.get(item.byte_range()).is_some_and(|t| mentions(t, generics)) {
                    continue;
                }
                let ctx = context_of(file, item, members);
                env.uses = Some(Default::default());
                let (e, ok) = super::walk::collect_uses(env, root, item);
                env = e;
                complete &= ok;
                let uses = env.uses.take().map(|u| u.into_inner()).unwrap_or_default();
                for u in uses {
                    recorded.insert(u.at);
                    sites.push(Site { ctx: ctx.clone(), of: u.of, args: u.args });
                }
                unrecorded_references(file, item, generics, &recorded, &mut open);
            }
            for (k, v) in env.insts.take() {
                registry.entry(k).or_insert(v);
            }
        }
    }
    if info.path != "main" {
        // Other packages may instantiate what they can name.
        open.extend(generics.iter().filter(|(n, _)| is_exported(n)).map(|(_, g)| g.clone()));
    }
    let insts = expand(&sites, &mut open, &mut registry);
    let mut type_insts: Vec<Inst> = Vec::new();
    for (g, list) in &insts {
        if let Generic::Type(name) = g {
            type_insts.extend(list.iter().map(|args| Inst {
                pkg_path: info.path.clone(),
                base: name.clone(),
                args: args.clone(),
            }));
        }
    }
    // Instantiations of other packages' generic types met on the way.
    type_insts
        .extend(registry.values().filter(|i| i.pkg_path != info.path && is_concrete(&i.args, &registry)).cloned());
    Scan { insts, open, complete, type_insts, types: BTreeMap::new() }
}

/// The generic a top-level declaration belongs to, and its type parameter
/// names there.
fn context_of(file: &ParsedFile, item: Node, members: &Members) -> Option<(Generic, Vec<String>)> {
    match item.kind() {
        "function_declaration" | "method_declaration" => generic_at(file, item, members),
        "type_spec" => {
            let params = type_param_names(file, item.child_by_field_name("type_parameters"));
            let name = file.node_text(item.child_by_field_name("name")?).to_string();
            (!params.is_empty()).then_some((Generic::Type(name), params))
        }
        _ => None,
    }
}

fn is_exported(name: &str) -> bool {
    name.chars().next().is_some_and(char::is_uppercase)
}

/// Marks open every generic named in `unit` somewhere the scan did not
/// resolve as an instantiation (a generic function passed as a value, a
/// shadowing local, a position the walk does not know): its
/// instantiations there are unknown.
fn unrecorded_references(
    file: &ParsedFile,
    unit: Node,
    generics: &HashMap<String, Generic>,
    recorded: &HashSet<usize>,
    open: &mut HashSet<Generic>,
) {
    let mut cursor = unit.walk();
    loop {
        // `(s *Stack[T])` names the generic the method belongs to.
        if cursor.field_name() != Some("receiver") {
            let n = cursor.node();
            if matches!(n.kind(), "identifier" | "type_identifier") {
                if let Some(g) = generics.get(file.node_text(n)) {
                    if !recorded.contains(&n.start_byte()) && !open.contains(g) && !is_declaration_or_foreign(n) {
                        open.insert(g.clone());
                    }
                }
            }
            if cursor.goto_first_child() {
                continue;
            }
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// The name in a top-level declaration, another package's name
/// (`pkg.Stack`), or a field name in a literal (`Tenant{Stack: s}`: a
/// generic cannot be a key's value).
fn is_declaration_or_foreign(n: Node) -> bool {
    let Some(p) = n.parent() else { return false };
    if p.kind() == "qualified_type" {
        return true;
    }
    if p.kind() == "literal_element"
        && p.parent().is_some_and(|k| {
            k.kind() == "keyed_element" && k.child_by_field_name("key").is_some_and(|x| x.id() == p.id())
        })
    {
        return true;
    }
    matches!(p.kind(), "type_spec" | "type_alias" | "function_declaration")
        && p.child_by_field_name("name").is_some_and(|x| x.id() == n.id())
        && p.parent().is_some_and(|pp| {
            pp.kind() == "source_file"
                || (pp.kind() == "type_declaration" && pp.parent().is_some_and(|r| r.kind() == "source_file"))
        })
}

/// The concrete instantiations of each generic: uses written with concrete
/// type arguments, and uses written in terms of an enclosing generic's
/// type parameters once for each of its instantiations, until nothing new
/// appears. Whatever meets an unknown argument is marked open.
fn expand(
    sites: &[Site],
    open: &mut HashSet<Generic>,
    registry: &mut BTreeMap<String, Inst>,
) -> HashMap<Generic, Vec<Vec<Type>>> {
    let mut insts: HashMap<Generic, Vec<Vec<Type>>> = HashMap::new();
    let mut settled = false;
    for _ in 0..MAX_ROUNDS {
        let mut changed = false;
        for site in sites {
            let sets: Vec<Vec<Type>> = match &site.ctx {
                Some((ctx, params)) if site.args.iter().any(|a| mentions_params(a, params, registry)) => {
                    if open.contains(ctx) {
                        changed |= open.insert(site.of.clone());
                    }
                    let ctx_insts = insts.get(ctx).cloned().unwrap_or_default();
                    ctx_insts
                        .iter()
                        .map(|ci| {
                            if ci.len() != params.len() {
                                return vec![Type::Unknown];
                            }
                            let map: HashMap<&str, &Type> = params.iter().map(String::as_str).zip(ci.iter()).collect();
                            site.args.iter().map(|a| subst(a, &map, registry)).collect()
                        })
                        .collect()
                }
                _ => vec![site.args.clone()],
            };
            for args in sets {
                if !is_concrete(&args, registry) {
                    changed |= open.insert(site.of.clone());
                    continue;
                }
                let list = insts.entry(site.of.clone()).or_default();
                if list.contains(&args) {
                    continue;
                }
                if list.len() >= MAX_INSTS {
                    changed |= open.insert(site.of.clone());
                    continue;
                }
                list.push(args);
                changed = true;
            }
        }
        if !changed {
            settled = true;
            break;
        }
    }
    if !settled {
        open.extend(sites.iter().map(|s| s.of.clone()));
    }
    for list in insts.values_mut() {
        list.sort_by_cached_key(|args| args.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(","));
    }
    insts
}

/// What a type mentions: whether anything is unknown, and which type
/// parameters (instantiations' arguments followed through `registry`).
fn shape(t: &Type, registry: &BTreeMap<String, Inst>, params: &mut BTreeSet<String>, depth: u32) -> bool {
    if depth > 16 {
        return true;
    }
    let mut unknown = false;
    let mut go = |t: &Type, params: &mut BTreeSet<String>| unknown |= shape(t, registry, params, depth + 1);
    match t {
        Type::Unknown => return true,
        Type::TypeParam(p) => {
            params.insert(p.clone());
        }
        Type::Named(n) if n.name.contains('[') => match registry.get(&n.qualified()) {
            Some(i) => i.args.iter().for_each(|a| go(a, params)),
            None => return true,
        },
        Type::Pointer(x) | Type::Slice(x) | Type::Array(_, x) | Type::Chan(_, x) => go(x, params),
        Type::Map(k, v) => {
            go(k, params);
            go(v, params);
        }
        Type::Func(sig) => sig.params.iter().chain(&sig.results).for_each(|x| go(x, params)),
        Type::Struct(fields) => fields.iter().for_each(|f| go(&f.ty, params)),
        _ => {}
    }
    unknown
}

fn mentions_params(t: &Type, names: &[String], registry: &BTreeMap<String, Inst>) -> bool {
    let mut params = BTreeSet::new();
    shape(t, registry, &mut params, 0);
    params.iter().any(|p| names.contains(p))
}

fn is_concrete(args: &[Type], registry: &BTreeMap<String, Inst>) -> bool {
    args.iter().all(|a| {
        let mut params = BTreeSet::new();
        !shape(a, registry, &mut params, 0) && params.is_empty()
    })
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use expect_test::{Expect, expect};

    use super::*;
    use crate::scope::source::build::tests::main_package;

    fn package(text: &str) -> (Arc<ParsedFile>, PkgInfo) {
        let (file, members) = main_package(text);
        let info =
            PkgInfo { name: "main".into(), path: "main".into(), complete: true, files: vec![file.clone()], members };
        (file, info)
    }

    /// The generic each top-level function or method belongs to.
    fn check_generic_at(text: &str, expect: Expect) {
        let (file, info) = package(text);
        let root = file.tree.root_node();
        let mut c = root.walk();
        let mut out = String::new();
        for item in root.named_children(&mut c).filter(|n| n.kind().ends_with("declaration")) {
            let Some(name) = item.child_by_field_name("name") else { continue };
            let line = item.start_position().row + 1;
            match generic_at(&file, item, &info.members) {
                Some((g, params)) => writeln!(out, "{line} {}: {g:?} [{}]", file.node_text(name), params.join(", ")),
                None => writeln!(out, "{line} {}: -", file.node_text(name)),
            }
            .unwrap();
        }
        expect.assert_eq(&out);
    }

    #[test]
    fn generic_of_functions_and_methods() {
        check_generic_at(
            "package main
type Box[T any] struct{ V T }
type Pair[K comparable, V any] struct{}
type Plain struct{}
func Sum[T any](x T) T { return x }
func Sum[U any](x U) U { return x }
func plain(x int) {}
func (b *Box[T]) Get() T { return b.V }
func (b Box[E]) Put(v E) {}
func (p Pair[K]) Half() {}
func (p Plain) M() {}
func (q *Missing[T]) N() {}
",
            // The second `Sum` is not the one the package keeps (the go
            // command rejects the pair; the engine reads the first).
            expect![[r#"
                5 Sum: Func("Sum") [T]
                6 Sum: -
                7 plain: -
                8 Get: Type("Box") [T]
                9 Put: Type("Box") [E]
                10 Half: -
                11 M: -
                12 N: -
            "#]],
        );
    }

    #[test]
    fn generic_names_are_generic_functions_and_defined_types() {
        let (_, info) = package(
            "package main
type Box[T any] struct{ V T }
type Alias[T any] = Box[T]
type Plain struct{}
type Named = Plain
func Sum[T any](x T) T { return x }
func plain() {}
",
        );
        let names: BTreeMap<_, _> = generic_names(&info.members).into_iter().collect();
        expect![[r#"{"Box": Type("Box"), "Sum": Func("Sum")}"#]].assert_eq(&format!("{names:?}"));
        let names = generic_names(&info.members);
        assert!(mentions("var s Box[int]", &names));
        assert!(mentions("x := Sum(1)", &names));
        assert!(!mentions("var b Boxes; var p Plain; plain(); Summary()", &names));
    }

    /// The instantiations of `of` (one type parameter, `T`) a scan of
    /// `text` finds, and whether the list is complete.
    fn instantiations_of(of: Generic, text: &str, read_complete: bool) -> String {
        let (file, info) = package(text);
        let names = generic_names(&info.members);
        let scan = scan(&[file], &names, read_complete, &info, &HashMap::new());
        let (maps, complete) = scan.instantiations(&of, &["T".to_string()]);
        let list: Vec<String> = maps.iter().map(|m| m["T"].to_string()).collect();
        format!("{} {}", list.join(" "), if complete { "(complete)" } else { "(incomplete)" })
    }

    fn sums(text: &str, read_complete: bool) -> String {
        instantiations_of(Generic::Func("Sum".into()), text, read_complete)
    }

    fn stacks(text: &str) -> String {
        instantiations_of(Generic::Type("Stack".into()), text, true)
    }

    #[test]
    fn uses_in_generic_code_expand_per_instantiation() {
        let text = "package main
func Sum[T any](x T) {}
func G[T any](x T) {
	Sum([]T{x}); Sum(&x); Sum(map[string]T{}); Sum(func(T) {}); Sum(struct{ X T }{x})
	Sum(1)
}
func H[T any]() { Sum(\"a\") }
func main() { G(1.5) }
";
        // `Sum(1)` in G and `Sum("a")` in H (never instantiated) name no
        // type parameter: they count once, as written.
        expect![[r#"*float64 []float64 func(float64) int map[string]float64 string struct { X float64 } (complete)"#]]
            .assert_eq(&sums(text, true));
    }

    #[test]
    fn unknown_and_too_deep_arguments_leave_a_scan_incomplete() {
        let text = "package main
func Sum[T any](x T) {}
func main() { Sum(1); Sum([]missing{}) }
";
        assert_eq!(sums(text, true), "int (incomplete)");
        // Types nested deeper than 16 levels count as unknown.
        let nested =
            |n| format!("package main\nfunc Sum[T any](x T) {{}}\nfunc main() {{ Sum[{}int](nil) }}\n", "[]".repeat(n));
        assert_eq!(sums(&nested(16), true), format!("{}int (complete)", "[]".repeat(16)));
        assert_eq!(sums(&nested(17), true), " (incomplete)");
    }

    #[test]
    fn openness_follows_generic_code_to_a_fixed_point() {
        // A is passed as a value: its instantiations are unknown, and so are
        // those of what it calls with its type parameter, B, then C, then D
        // (each a round of the expansion after nothing new is instantiated).
        let text = "package main
func D[T any](x T) T { return x }
func C[T any](x T) T { return D(x) }
func B[T any](x T) T { return C(x) }
func A[T any](x T) T { return B(x) }
func apply(f func(int) int) int { return f(1) }
func main() { _ = apply(A); _ = D(1) }
";
        for of in ["B", "C", "D"] {
            let got = instantiations_of(Generic::Func(of.into()), text, true);
            assert!(got.ends_with("(incomplete)"), "{of}: {got}");
        }
        assert_eq!(sums("package main\nfunc Sum[T any](x T) {}\nfunc main() { Sum(1) }\n", true), "int (complete)");
        // G's instantiation (found in a round of its own, through W) makes
        // an argument that is not concrete: Sum is open, then D.
        let text = "package main
func D[T any](x T) T { return x }
func Sum[T any](x T) T { return D(x) }
func G[T any]() { _ = Sum(map[T]missing{}) }
func W[T any]() { G[T]() }
func main() { W[int](); _ = D(1) }
";
        let got = instantiations_of(Generic::Func("D".into()), text, true);
        assert_eq!(got, "int (incomplete)");
    }

    #[test]
    fn too_many_instantiations_open_what_follows_from_them() {
        // Y has MAX_INSTS instantiations written out; X's adds one more, so
        // Y is open, and so is Z, which Y's code instantiates. X's is found
        // in a round of its own (through W), after Z's are all known.
        let calls: String = (1..=MAX_INSTS).map(|n| format!("\tY[[{n}]int](nil)\n")).collect();
        let text = format!(
            "package main
func Z[T any](x T) {{}}
func Y[T any](x T) {{ Z(x) }}
func X[T any](x T) {{ Y(&x) }}
func W[T any](x T) {{ X(x) }}
func main() {{
	W(1)
{calls}}}
"
        );
        let y = instantiations_of(Generic::Func("Y".into()), &text, true);
        assert!(y.ends_with("(incomplete)") && y.split(' ').count() == MAX_INSTS + 1, "{y}");
        let z = instantiations_of(Generic::Func("Z".into()), &text, true);
        assert!(z.ends_with("(incomplete)") && z.split(' ').count() == MAX_INSTS + 1, "{z}");
    }

    #[test]
    fn names_that_are_not_uses_leave_a_scan_complete() {
        let stack = "package main
type Stack[T any] struct{ items []T }
func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }
";
        assert_eq!(stacks(&format!("{stack}func main() {{ var s Stack[int]; s.Push(1) }}")), "int (complete)");
        // A field named like the generic, as a key in a literal.
        let keyed = "type Tenant struct{ Stack *Stack[int] }
func main() { t := Tenant{Stack: &Stack[int]{}}; t.Stack.Push(1) }";
        assert_eq!(stacks(&format!("{stack}{keyed}")), "int (complete)");
        // Names the walk does not follow: a local type of the same name, a
        // generic named without its arguments (half-typed), a key's value.
        let local = "func main() { var s Stack[int]; s.Push(1); { type Stack int } }";
        assert_eq!(stacks(&format!("{stack}{local}")), "int (incomplete)");
        let bare = "type Bare Stack\nfunc main() { var s Stack[int]; s.Push(1) }";
        assert_eq!(stacks(&format!("{stack}{bare}")), "int (incomplete)");
        let value = "type Tenant struct{ Stack any }
func main() { var s Stack[int]; s.Push(1); _ = Tenant{Stack: Stack} }";
        assert_eq!(stacks(&format!("{stack}{value}")), "int (incomplete)");
    }

    #[test]
    fn what_leaves_a_scan_incomplete() {
        let text = "package main
func Sum[T any](x T) T { return x }
func main() { _ = Sum(1); _ = Sum(\"a\") }
";
        assert_eq!(sums(text, true), "int string (complete)");
        // A file of the package not read (a large generated one).
        assert_eq!(sums(text, false), "int string (incomplete)");
        // A use too deep for the walk to follow.
        let deep = format!(
            "package main
func Sum[T any](x T) T {{ return x }}
func main() {{ _ = Sum(1); {}_ = Sum(1.5){} }}
",
            "{ ".repeat(200),
            " }".repeat(200)
        );
        assert_eq!(sums(&deep, true), "int (incomplete)");
    }
}
