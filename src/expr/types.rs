//! The Go type model the checker reasons with. Types are plain values; a
//! named type refers to its declaration by qualified name and the scope
//! (`TypeEnv`) supplies its underlying type and methods, so recursive types
//! need no cycles here. `Unknown` means "could not be determined": every rule
//! accepts it, which is how the engine never raises a false error.

use std::fmt;

use super::ast::ChanDir;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Basic {
    Bool,
    Int,
    Int8,
    Int16,
    Int32,
    Int64,
    Uint,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Uintptr,
    Float32,
    Float64,
    Complex64,
    Complex128,
    String,
    UnsafePointer,
}

impl Basic {
    pub const ALL: [Basic; 18] = [
        Basic::Bool,
        Basic::Int,
        Basic::Int8,
        Basic::Int16,
        Basic::Int32,
        Basic::Int64,
        Basic::Uint,
        Basic::Uint8,
        Basic::Uint16,
        Basic::Uint32,
        Basic::Uint64,
        Basic::Uintptr,
        Basic::Float32,
        Basic::Float64,
        Basic::Complex64,
        Basic::Complex128,
        Basic::String,
        Basic::UnsafePointer,
    ];

    pub fn name(self) -> &'static str {
        use Basic::*;
        match self {
            Bool => "bool",
            Int => "int",
            Int8 => "int8",
            Int16 => "int16",
            Int32 => "int32",
            Int64 => "int64",
            Uint => "uint",
            Uint8 => "uint8",
            Uint16 => "uint16",
            Uint32 => "uint32",
            Uint64 => "uint64",
            Uintptr => "uintptr",
            Float32 => "float32",
            Float64 => "float64",
            Complex64 => "complex64",
            Complex128 => "complex128",
            String => "string",
            UnsafePointer => "unsafe.Pointer",
        }
    }

    /// The predeclared type name, including the aliases `byte`, `rune`.
    pub fn from_name(name: &str) -> Option<Basic> {
        use Basic::*;
        Some(match name {
            "bool" => Bool,
            "int" => Int,
            "int8" => Int8,
            "int16" => Int16,
            "int32" | "rune" => Int32,
            "int64" => Int64,
            "uint" => Uint,
            "uint8" | "byte" => Uint8,
            "uint16" => Uint16,
            "uint32" => Uint32,
            "uint64" => Uint64,
            "uintptr" => Uintptr,
            "float32" => Float32,
            "float64" => Float64,
            "complex64" => Complex64,
            "complex128" => Complex128,
            "string" => String,
            "unsafe.Pointer" => UnsafePointer,
            _ => return None,
        })
    }

    pub fn is_integer(self) -> bool {
        use Basic::*;
        matches!(self, Int | Int8 | Int16 | Int32 | Int64 | Uint | Uint8 | Uint16 | Uint32 | Uint64 | Uintptr)
    }

    pub fn is_unsigned(self) -> bool {
        use Basic::*;
        matches!(self, Uint | Uint8 | Uint16 | Uint32 | Uint64 | Uintptr)
    }

    pub fn is_float(self) -> bool {
        matches!(self, Basic::Float32 | Basic::Float64)
    }

    pub fn is_complex(self) -> bool {
        matches!(self, Basic::Complex64 | Basic::Complex128)
    }

    pub fn is_numeric(self) -> bool {
        self.is_integer() || self.is_float() || self.is_complex()
    }

    /// Size in bits of integer types (`int`, `uint`, `uintptr` as on 64-bit targets).
    pub fn bits(self) -> u32 {
        use Basic::*;
        match self {
            Int8 | Uint8 => 8,
            Int16 | Uint16 => 16,
            Int32 | Uint32 | Float32 => 32,
            Complex128 => 128,
            _ => 64,
        }
    }
}

/// The kind of an untyped constant (`1`, `2.5`, `'a'`, `"s"`, `true`, `nil`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Untyped {
    Bool,
    Int,
    Rune,
    Float,
    Complex,
    String,
    Nil,
}

impl Untyped {
    pub fn name(self) -> &'static str {
        match self {
            Untyped::Bool => "untyped bool",
            Untyped::Int => "untyped int",
            Untyped::Rune => "untyped rune",
            Untyped::Float => "untyped float",
            Untyped::Complex => "untyped complex",
            Untyped::String => "untyped string",
            Untyped::Nil => "untyped nil",
        }
    }

    /// The type a constant of this kind gets when nothing else decides.
    pub fn default_type(self) -> Option<Basic> {
        Some(match self {
            Untyped::Bool => Basic::Bool,
            Untyped::Int => Basic::Int,
            Untyped::Rune => Basic::Int32,
            Untyped::Float => Basic::Float64,
            Untyped::Complex => Basic::Complex128,
            Untyped::String => Basic::String,
            Untyped::Nil => return None,
        })
    }
}

/// A reference to a declared (named) type, e.g. `main.User`,
/// `example.com/shop/inventory.Item`, `main.Box[int]`, or `error`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Named {
    /// Package import path as Delve prints it (`main` for the main package,
    /// empty for predeclared `error` / `any`).
    pub pkg_path: String,
    /// Name including type arguments as Delve prints them (`Box[int]`).
    pub name: String,
}

impl Named {
    pub fn new(pkg_path: impl Into<String>, name: impl Into<String>) -> Named {
        Named { pkg_path: pkg_path.into(), name: name.into() }
    }

    /// `main.User`, `example.com/shop/inventory.Item`, `error`.
    pub fn qualified(&self) -> String {
        if self.pkg_path.is_empty() { self.name.clone() } else { format!("{}.{}", self.pkg_path, self.name) }
    }

    /// `f` of [`Self::qualified`], spelled on the stack when it is short:
    /// looking a type up by name allocates nothing.
    pub fn with_qualified<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        const SHORT: usize = 128;
        if self.pkg_path.is_empty() {
            return f(&self.name);
        }
        let len = self.pkg_path.len() + 1 + self.name.len();
        if len > SHORT {
            return f(&self.qualified());
        }
        let mut buf = [0u8; SHORT];
        buf[..self.pkg_path.len()].copy_from_slice(self.pkg_path.as_bytes());
        buf[self.pkg_path.len()] = b'.';
        buf[self.pkg_path.len() + 1..len].copy_from_slice(self.name.as_bytes());
        // SAFETY: two whole `str`s and an ASCII dot between them are UTF-8
        // (checking it again cost a sixth of a lookup).
        f(unsafe { std::str::from_utf8_unchecked(&buf[..len]) })
    }

    /// The name without type arguments (`Box` for `Box[int]`).
    pub fn base_name(&self) -> &str {
        self.name.split('[').next().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StructField {
    pub name: String,
    pub ty: Type,
    /// An embedded field (`name` is the type's name); its members are promoted.
    pub embedded: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FuncType {
    pub params: Vec<Type>,
    pub results: Vec<Type>,
    pub variadic: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// Not known: every check accepts it.
    Unknown,
    Basic(Basic),
    Untyped(Untyped),
    Named(Named),
    Pointer(Box<Type>),
    Slice(Box<Type>),
    /// `[N]T`; `None` when the length is not known.
    Array(Option<u64>, Box<Type>),
    Map(Box<Type>, Box<Type>),
    Chan(ChanDir, Box<Type>),
    Func(Box<FuncType>),
    Struct(Vec<StructField>),
    /// Method names of an interface; empty for `interface {}` / `any`.
    Interface(Vec<String>),
    /// A type parameter of a generic function or type (`T`); its type
    /// argument differs per instantiation, so it is treated like `Unknown`.
    TypeParam(String),
}

impl Type {
    pub fn pointer_to(t: Type) -> Type {
        Type::Pointer(Box::new(t))
    }

    pub fn slice_of(t: Type) -> Type {
        Type::Slice(Box::new(t))
    }

    pub fn map_of(k: Type, v: Type) -> Type {
        Type::Map(Box::new(k), Box::new(v))
    }

    pub fn named(pkg_path: &str, name: &str) -> Type {
        Type::Named(Named::new(pkg_path, name))
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Type::Unknown | Type::TypeParam(_))
    }

    /// Whether any part of the type is unknown (`map[string]?`, `[]T`):
    /// such a type cannot be compared with another by name.
    pub fn has_unknown(&self) -> bool {
        match self {
            Type::Unknown | Type::TypeParam(_) => true,
            Type::Pointer(x) | Type::Slice(x) | Type::Array(_, x) | Type::Chan(_, x) => x.has_unknown(),
            Type::Map(k, v) => k.has_unknown() || v.has_unknown(),
            Type::Struct(fields) => fields.iter().any(|f| f.ty.has_unknown()),
            Type::Func(sig) => sig.params.iter().chain(&sig.results).any(Type::has_unknown),
            _ => false,
        }
    }

    /// The type with type parameters replaced as `args` says (`T` → `int`).
    pub fn substitute(&self, args: &std::collections::BTreeMap<String, Type>) -> Type {
        let sub = |t: &Type| Box::new(t.substitute(args));
        match self {
            Type::TypeParam(p) => args.get(p).cloned().unwrap_or_else(|| self.clone()),
            Type::Pointer(t) => Type::Pointer(sub(t)),
            Type::Slice(t) => Type::Slice(sub(t)),
            Type::Array(n, t) => Type::Array(*n, sub(t)),
            Type::Map(k, v) => Type::Map(sub(k), sub(v)),
            Type::Chan(d, t) => Type::Chan(*d, sub(t)),
            Type::Func(f) => Type::Func(Box::new(FuncType {
                params: f.params.iter().map(|t| t.substitute(args)).collect(),
                results: f.results.iter().map(|t| t.substitute(args)).collect(),
                variadic: f.variadic,
            })),
            Type::Struct(fields) => Type::Struct(
                fields
                    .iter()
                    .map(|f| StructField { name: f.name.clone(), ty: f.ty.substitute(args), embedded: f.embedded })
                    .collect(),
            ),
            Type::Named(n) => {
                Type::Named(Named { pkg_path: n.pkg_path.clone(), name: substitute_type_args(&n.name, args) })
            }
            _ => self.clone(),
        }
    }

    /// The predeclared `error` interface.
    pub fn error() -> Type {
        Type::named("", "error")
    }
}

impl fmt::Display for Type {
    /// Types as Delve prints them in `evaluate` responses (`*main.User`,
    /// `map[string][]int`, `struct { A int }`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Unknown => f.write_str("?"),
            Type::Basic(b) => f.write_str(b.name()),
            Type::Untyped(u) => f.write_str(u.name()),
            Type::Named(n) if n.pkg_path.is_empty() => f.write_str(&n.name),
            Type::Named(n) => write!(f, "{}.{}", n.pkg_path, n.name),
            Type::Pointer(t) => write!(f, "*{t}"),
            Type::Slice(t) => write!(f, "[]{t}"),
            Type::Array(Some(n), t) => write!(f, "[{n}]{t}"),
            Type::Array(None, t) => write!(f, "[?]{t}"),
            Type::Map(k, v) => write!(f, "map[{k}]{v}"),
            Type::Chan(ChanDir::Both, t) => write!(f, "chan {t}"),
            Type::Chan(ChanDir::Send, t) => write!(f, "chan<- {t}"),
            Type::Chan(ChanDir::Recv, t) => write!(f, "<-chan {t}"),
            Type::Func(sig) => {
                f.write_str("func(")?;
                for (i, p) in sig.params.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    if sig.variadic && i + 1 == sig.params.len() {
                        match p {
                            Type::Slice(elem) => write!(f, "...{elem}")?,
                            other => write!(f, "...{other}")?,
                        }
                    } else {
                        write!(f, "{p}")?;
                    }
                }
                f.write_str(")")?;
                match sig.results.as_slice() {
                    [] => Ok(()),
                    [one] => write!(f, " {one}"),
                    many => {
                        f.write_str(" (")?;
                        for (i, r) in many.iter().enumerate() {
                            if i > 0 {
                                f.write_str(", ")?;
                            }
                            write!(f, "{r}")?;
                        }
                        f.write_str(")")
                    }
                }
            }
            Type::Struct(fields) => {
                f.write_str("struct {")?;
                for (i, fld) in fields.iter().enumerate() {
                    f.write_str(if i == 0 { " " } else { "; " })?;
                    if fld.embedded {
                        write!(f, "{}", fld.ty)?;
                    } else {
                        write!(f, "{} {}", fld.name, fld.ty)?;
                    }
                }
                f.write_str(if fields.is_empty() { "}" } else { " }" })
            }
            Type::Interface(methods) if methods.is_empty() => f.write_str("interface {}"),
            Type::Interface(methods) => write!(f, "interface {{ {} }}", methods.join("; ")),
            Type::TypeParam(name) => f.write_str(name),
        }
    }
}

/// A method of a named type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Method {
    pub name: String,
    /// Declared on `*T` rather than `T`.
    pub pointer_receiver: bool,
    pub sig: Type,
}

/// What the scope knows about a named type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedInfo {
    pub underlying: Type,
    pub methods: Vec<Method>,
}

/// The value of a constant, where the engine can compute it exactly.
#[derive(Debug, Clone, PartialEq)]
pub enum ConstValue {
    Bool(bool),
    /// Integers (and runes) of any size Go constants need in practice.
    Int(i128),
    Float(f64),
    String(String),
}

impl fmt::Display for ConstValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConstValue::Bool(b) => write!(f, "{b}"),
            ConstValue::Int(i) => write!(f, "{i}"),
            ConstValue::Float(x) => write!(f, "{x}"),
            ConstValue::String(s) => write!(f, "{s:?}"),
        }
    }
}

/// `Pair[K,V]` with `K`, `V` replaced by the names of their arguments, as
/// Delve spells instantiated type names (no space after commas).
fn substitute_type_args(name: &str, args: &std::collections::BTreeMap<String, Type>) -> String {
    let Some(open) = name.find('[') else { return name.to_string() };
    let (base, rest) = name.split_at(open);
    let mut out = String::with_capacity(name.len());
    out.push_str(base);
    let name = rest;
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        match args.get(word.as_str()) {
            Some(t) => out.push_str(&t.to_string().replace(", ", ",")),
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in name.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use expect_test::expect;

    use super::*;

    #[test]
    fn basic_types_by_name_and_kind() {
        let mut out = Vec::new();
        for b in Basic::ALL {
            let kinds = [
                ("integer", b.is_integer()),
                ("unsigned", b.is_unsigned()),
                ("float", b.is_float()),
                ("complex", b.is_complex()),
                ("numeric", b.is_numeric()),
            ];
            let kinds: String = kinds.iter().filter(|(_, is)| *is).map(|(k, _)| format!(" {k}")).collect();
            // Sizes are asked of numbers only.
            let bits = if b.is_numeric() { format!(" {} bits", b.bits()) } else { String::new() };
            out.push(format!("{} {:?}{bits}{kinds}", b.name(), Basic::from_name(b.name())));
        }
        for name in ["byte", "rune", "error", "Int"] {
            out.push(format!("{name} {:?}", Basic::from_name(name)));
        }
        expect![[r#"
            bool Some(Bool)
            int Some(Int) 64 bits integer numeric
            int8 Some(Int8) 8 bits integer numeric
            int16 Some(Int16) 16 bits integer numeric
            int32 Some(Int32) 32 bits integer numeric
            int64 Some(Int64) 64 bits integer numeric
            uint Some(Uint) 64 bits integer unsigned numeric
            uint8 Some(Uint8) 8 bits integer unsigned numeric
            uint16 Some(Uint16) 16 bits integer unsigned numeric
            uint32 Some(Uint32) 32 bits integer unsigned numeric
            uint64 Some(Uint64) 64 bits integer unsigned numeric
            uintptr Some(Uintptr) 64 bits integer unsigned numeric
            float32 Some(Float32) 32 bits float numeric
            float64 Some(Float64) 64 bits float numeric
            complex64 Some(Complex64) 64 bits complex numeric
            complex128 Some(Complex128) 128 bits complex numeric
            string Some(String)
            unsafe.Pointer Some(UnsafePointer)
            byte Some(Uint8)
            rune Some(Int32)
            error None
            Int None"#]]
        .assert_eq(&out.join("\n"));
    }

    #[test]
    fn untyped_kinds_and_their_default_types() {
        let all = [
            Untyped::Bool,
            Untyped::Int,
            Untyped::Rune,
            Untyped::Float,
            Untyped::Complex,
            Untyped::String,
            Untyped::Nil,
        ];
        let out: Vec<String> = all.iter().map(|u| format!("{} => {:?}", Type::Untyped(*u), u.default_type())).collect();
        expect![[r#"
            untyped bool => Some(Bool)
            untyped int => Some(Int)
            untyped rune => Some(Int32)
            untyped float => Some(Float64)
            untyped complex => Some(Complex128)
            untyped string => Some(String)
            untyped nil => None"#]]
        .assert_eq(&out.join("\n"));
    }

    #[test]
    fn named_types_spelled_whole_and_by_base() {
        let long = "p".repeat(150);
        let names = [
            Named::new("main", "User"),
            Named::new("example.com/shop/inventory", "Item"),
            Named::new("", "error"),
            Named::new("main", "Box[int]"),
            Named::new(long.as_str(), "T[int,string]"),
            Named::new(&long[..123], "Item"),
            Named::new(&long[..124], "Item"),
        ];
        let out: Vec<String> = names
            .iter()
            .map(|n| {
                let q = n.qualified();
                let same = n.with_qualified(|w| w == q);
                format!(
                    "{} {} base {} (with_qualified agrees: {same})",
                    q.len(),
                    q.replace(&long[..100], "p…"),
                    n.base_name()
                )
            })
            .collect();
        expect![[r#"
            9 main.User base User (with_qualified agrees: true)
            31 example.com/shop/inventory.Item base Item (with_qualified agrees: true)
            5 error base error (with_qualified agrees: true)
            13 main.Box[int] base Box (with_qualified agrees: true)
            164 p…pppppppppppppppppppppppppppppppppppppppppppppppppp.T[int,string] base T (with_qualified agrees: true)
            128 p…ppppppppppppppppppppppp.Item base Item (with_qualified agrees: true)
            129 p…pppppppppppppppppppppppp.Item base Item (with_qualified agrees: true)"#]]
        .assert_eq(&out.join("\n"));
    }

    /// Types built from every constructor, from `T` and `K` (type
    /// parameters) and `?`.
    fn samples() -> Vec<Type> {
        let int = Type::Basic(Basic::Int);
        let t = Type::TypeParam("T".into());
        let k = Type::TypeParam("K".into());
        let field = |name: &str, ty: Type, embedded: bool| StructField { name: name.into(), ty, embedded };
        let func = |params: Vec<Type>, results: Vec<Type>, variadic: bool| {
            Type::Func(Box::new(FuncType { params, results, variadic }))
        };
        vec![
            Type::Unknown,
            int.clone(),
            Type::Untyped(Untyped::Float),
            Type::named("main", "User"),
            Type::named("main", "Pair[K,T]"),
            Type::named("main", "Pair[Kt,T_]"),
            Type::error(),
            Type::pointer_to(t.clone()),
            Type::slice_of(int.clone()),
            Type::slice_of(Type::Unknown),
            Type::Array(Some(3), Box::new(t.clone())),
            Type::Array(None, Box::new(int.clone())),
            Type::map_of(k.clone(), int.clone()),
            Type::map_of(int.clone(), t.clone()),
            Type::map_of(int.clone(), int.clone()),
            Type::Chan(ChanDir::Both, Box::new(int.clone())),
            Type::Chan(ChanDir::Send, Box::new(t.clone())),
            Type::Chan(ChanDir::Recv, Box::new(int.clone())),
            func(vec![], vec![], false),
            func(vec![int.clone(), Type::slice_of(t.clone())], vec![k.clone()], true),
            func(vec![int.clone(), int.clone()], vec![int.clone(), Type::error()], false),
            func(vec![Type::Unknown], vec![], true),
            func(vec![], vec![int.clone(), int.clone(), t.clone()], false),
            Type::Struct(vec![]),
            Type::Struct(vec![field("User", Type::named("main", "User"), true), field("N", t.clone(), false)]),
            Type::Struct(vec![field("A", int.clone(), false), field("B", int.clone(), false)]),
            Type::Interface(vec![]),
            Type::Interface(vec!["Area() float64".into(), "Perimeter() float64".into()]),
            t,
        ]
    }

    #[test]
    fn types_print_as_delve_prints_them_and_say_where_they_are_unknown() {
        let out: Vec<String> = samples()
            .iter()
            .map(|t| format!("{t}  unknown {} / in part {}", t.is_unknown(), t.has_unknown()))
            .collect();
        expect![[r#"
            ?  unknown true / in part true
            int  unknown false / in part false
            untyped float  unknown false / in part false
            main.User  unknown false / in part false
            main.Pair[K,T]  unknown false / in part false
            main.Pair[Kt,T_]  unknown false / in part false
            error  unknown false / in part false
            *T  unknown false / in part true
            []int  unknown false / in part false
            []?  unknown false / in part true
            [3]T  unknown false / in part true
            [?]int  unknown false / in part false
            map[K]int  unknown false / in part true
            map[int]T  unknown false / in part true
            map[int]int  unknown false / in part false
            chan int  unknown false / in part false
            chan<- T  unknown false / in part true
            <-chan int  unknown false / in part false
            func()  unknown false / in part false
            func(int, ...T) K  unknown false / in part true
            func(int, int) (int, error)  unknown false / in part false
            func(...?)  unknown false / in part true
            func() (int, int, T)  unknown false / in part true
            struct {}  unknown false / in part false
            struct { main.User; N T }  unknown false / in part true
            struct { A int; B int }  unknown false / in part false
            interface {}  unknown false / in part false
            interface { Area() float64; Perimeter() float64 }  unknown false / in part false
            T  unknown true / in part true"#]]
        .assert_eq(&out.join("\n"));
    }

    #[test]
    fn type_parameters_are_substituted_everywhere() {
        let args = BTreeMap::from([
            ("T".to_string(), Type::map_of(Type::Basic(Basic::String), Type::Basic(Basic::Int))),
            ("K".to_string(), Type::named("main", "Key")),
        ]);
        let out: Vec<String> = samples().iter().map(|t| format!("{t} => {}", t.substitute(&args))).collect();
        expect![[r#"
            ? => ?
            int => int
            untyped float => untyped float
            main.User => main.User
            main.Pair[K,T] => main.Pair[main.Key,map[string]int]
            main.Pair[Kt,T_] => main.Pair[Kt,T_]
            error => error
            *T => *map[string]int
            []int => []int
            []? => []?
            [3]T => [3]map[string]int
            [?]int => [?]int
            map[K]int => map[main.Key]int
            map[int]T => map[int]map[string]int
            map[int]int => map[int]int
            chan int => chan int
            chan<- T => chan<- map[string]int
            <-chan int => <-chan int
            func() => func()
            func(int, ...T) K => func(int, ...map[string]int) main.Key
            func(int, int) (int, error) => func(int, int) (int, error)
            func(...?) => func(...?)
            func() (int, int, T) => func() (int, int, map[string]int)
            struct {} => struct {}
            struct { main.User; N T } => struct { main.User; N map[string]int }
            struct { A int; B int } => struct { A int; B int }
            interface {} => interface {}
            interface { Area() float64; Perimeter() float64 } => interface { Area() float64; Perimeter() float64 }
            T => map[string]int"#]]
        .assert_eq(&out.join("\n"));
    }

    #[test]
    fn constant_values_print_as_go_writes_them() {
        let values =
            [ConstValue::Bool(true), ConstValue::Int(-7), ConstValue::Float(2.5), ConstValue::String("a\"b".into())];
        let out: Vec<String> = values.iter().map(ToString::to_string).collect();
        expect![[r#"true -7 2.5 "a\"b""#]].assert_eq(&out.join(" "));
    }
}
