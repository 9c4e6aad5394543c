//! Go constant literals and folding, for the constant expressions packages
//! actually write (`1 << iota`, `KB * 1024`, `"v" + Version`). Anything
//! beyond that yields no value rather than a guessed one.

use crate::expr::types::{Basic, ConstValue, Type, Untyped};

/// A constant's type (untyped or typed) and its value, where exact.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ConstVal {
    pub ty: Type,
    pub value: Option<ConstValue>,
}

impl ConstVal {
    pub fn untyped(kind: Untyped, value: Option<ConstValue>) -> ConstVal {
        ConstVal { ty: Type::Untyped(kind), value }
    }
}

/// Rank of untyped kinds: the result of mixing two is the higher one.
fn rank(u: Untyped) -> u8 {
    match u {
        Untyped::Int => 1,
        Untyped::Rune => 2,
        Untyped::Float => 3,
        Untyped::Complex => 4,
        _ => 0,
    }
}

/// The type of `a op b` for arithmetic operators, by Go's rules for mixing
/// untyped and typed operands; `Unknown` when it cannot be decided.
pub(crate) fn arith_type(a: &Type, b: &Type) -> Type {
    match (a, b) {
        (Type::Untyped(x), Type::Untyped(y)) => {
            if x == y {
                a.clone()
            } else if rank(*x) > 0 && rank(*y) > 0 {
                Type::Untyped(if rank(*x) >= rank(*y) { *x } else { *y })
            } else {
                Type::Unknown
            }
        }
        // An untyped operand (`nil` too) takes the other's type.
        (Type::Untyped(_), t) | (t, Type::Untyped(_)) => t.clone(),
        (x, y) if x == y => x.clone(),
        (x, _) if x.is_unknown() => Type::Unknown,
        (x, _) => x.clone(),
    }
}

pub(crate) fn is_comparison(op: &str) -> bool {
    matches!(op, "==" | "!=" | "<" | "<=" | ">" | ">=")
}

pub(crate) fn unary(op: &str, x: &ConstVal) -> Option<ConstVal> {
    let value = match (op, &x.value) {
        ("+", v) => v.clone(),
        ("-", Some(ConstValue::Int(i))) => i.checked_neg().map(ConstValue::Int),
        ("-", Some(ConstValue::Float(f))) => Some(ConstValue::Float(-f)),
        ("!", Some(ConstValue::Bool(b))) => Some(ConstValue::Bool(!b)),
        ("^", Some(ConstValue::Int(i))) => match &x.ty {
            Type::Basic(b) if b.is_unsigned() => Some(ConstValue::Int(!i & mask(b.bits()))),
            _ => i.checked_neg().and_then(|n| n.checked_sub(1)).map(ConstValue::Int),
        },
        ("-" | "!" | "^", _) => None,
        _ => return None,
    };
    Some(ConstVal { ty: x.ty.clone(), value })
}

/// All ones in an unsigned integer of `bits` bits (at most 64).
fn mask(bits: u32) -> i128 {
    (1i128 << bits) - 1
}

pub(crate) fn binary(op: &str, a: &ConstVal, b: &ConstVal) -> Option<ConstVal> {
    use ConstValue::*;
    if is_comparison(op) {
        let value = match (&a.value, &b.value) {
            (Some(x), Some(y)) => compare(op, x, y).map(Bool),
            _ => None,
        };
        return Some(ConstVal::untyped(Untyped::Bool, value));
    }
    if op == "<<" || op == ">>" {
        let ty = match &a.ty {
            Type::Untyped(Untyped::Float) => Type::Untyped(Untyped::Int),
            t => t.clone(),
        };
        let value = match (&a.value, &b.value) {
            (Some(Int(x)), Some(Int(s))) if (0..127).contains(s) => {
                if op == "<<" {
                    x.checked_mul(1i128.checked_shl(*s as u32)?).map(Int)
                } else {
                    Some(Int(x >> s))
                }
            }
            (Some(Float(x)), Some(Int(s))) if x.fract() == 0.0 && (0..127).contains(s) => {
                let x = *x as i128;
                if op == "<<" { x.checked_mul(1i128 << s).map(Int) } else { Some(Int(x >> s)) }
            }
            _ => None,
        };
        return Some(ConstVal { ty, value });
    }
    let ty = arith_type(&a.ty, &b.ty);
    let float_result = matches!(ty, Type::Untyped(Untyped::Float)) || matches!(ty, Type::Basic(b) if b.is_float());
    let value = match (&a.value, &b.value) {
        (Some(Int(x)), Some(Int(y))) if !float_result => int_op(op, *x, *y).map(Int),
        (Some(x), Some(y)) if float_result || matches!(x, Float(_)) || matches!(y, Float(_)) => {
            let (x, y) = (as_f64(x)?, as_f64(y)?);
            float_op(op, x, y).map(Float)
        }
        (Some(String(x)), Some(String(y))) if op == "+" => Some(String(format!("{x}{y}"))),
        (Some(Bool(x)), Some(Bool(y))) => match op {
            "&&" => Some(Bool(*x && *y)),
            "||" => Some(Bool(*x || *y)),
            _ => None,
        },
        _ => None,
    };
    Some(ConstVal { ty, value })
}

fn as_f64(v: &ConstValue) -> Option<f64> {
    match v {
        ConstValue::Int(i) => Some(*i as f64),
        ConstValue::Float(f) => Some(*f),
        _ => None,
    }
}

fn int_op(op: &str, x: i128, y: i128) -> Option<i128> {
    match op {
        "+" => x.checked_add(y),
        "-" => x.checked_sub(y),
        "*" => x.checked_mul(y),
        "/" => x.checked_div(y),
        "%" => x.checked_rem(y),
        "&" => Some(x & y),
        "|" => Some(x | y),
        "^" => Some(x ^ y),
        "&^" => Some(x & !y),
        _ => None,
    }
}

fn float_op(op: &str, x: f64, y: f64) -> Option<f64> {
    match op {
        "+" => Some(x + y),
        "-" => Some(x - y),
        "*" => Some(x * y),
        "/" if y != 0.0 => Some(x / y),
        _ => None,
    }
}

fn compare(op: &str, x: &ConstValue, y: &ConstValue) -> Option<bool> {
    use std::cmp::Ordering;
    let ord = match (x, y) {
        (ConstValue::Int(a), ConstValue::Int(b)) => a.cmp(b),
        (ConstValue::String(a), ConstValue::String(b)) => a.cmp(b),
        (ConstValue::Bool(a), ConstValue::Bool(b)) => {
            return match op {
                "==" => Some(a == b),
                "!=" => Some(a != b),
                _ => None,
            };
        }
        (a, b) => as_f64(a)?.partial_cmp(&as_f64(b)?)?,
    };
    Some(match op {
        "==" => ord == Ordering::Equal,
        "!=" => ord != Ordering::Equal,
        "<" => ord == Ordering::Less,
        "<=" => ord != Ordering::Greater,
        ">" => ord == Ordering::Greater,
        _ => ord != Ordering::Less,
    })
}

/// A constant converted to `ty` (`T(c)`, or `const c T = …`); `basic` is
/// the basic type underlying `ty` when known.
pub(crate) fn convert(c: &ConstVal, ty: Type, basic: Option<Basic>) -> ConstVal {
    use ConstValue::*;
    let value = match (basic, &c.value) {
        (_, None) => None,
        (Some(b), Some(Int(i))) if b.is_float() => Some(Float(*i as f64)),
        (Some(b), Some(Float(f))) if b.is_integer() => (f.fract() == 0.0).then_some(Int(*f as i128)),
        (Some(Basic::String), Some(Int(i))) => {
            Some(String(char::from_u32(u32::try_from(*i).unwrap_or(0xFFFD)).unwrap_or('\u{FFFD}').to_string()))
        }
        (Some(b), Some(v @ Int(_))) if b.is_integer() => Some(v.clone()),
        (Some(b), Some(v @ Float(_))) if b.is_float() => Some(v.clone()),
        (Some(Basic::String), Some(v @ String(_))) | (Some(Basic::Bool), Some(v @ Bool(_))) => Some(v.clone()),
        (Some(_), Some(_)) => None,
        (None, Some(v)) => Some(v.clone()),
    };
    ConstVal { ty, value }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{Expect, expect};

    fn i(v: i128) -> ConstVal {
        ConstVal::untyped(Untyped::Int, Some(ConstValue::Int(v)))
    }
    fn r(v: char) -> ConstVal {
        ConstVal::untyped(Untyped::Rune, Some(ConstValue::Int(v as i128)))
    }
    fn f(v: f64) -> ConstVal {
        ConstVal::untyped(Untyped::Float, Some(ConstValue::Float(v)))
    }
    fn s(v: &str) -> ConstVal {
        ConstVal::untyped(Untyped::String, Some(ConstValue::String(v.to_string())))
    }
    fn b(v: bool) -> ConstVal {
        ConstVal::untyped(Untyped::Bool, Some(ConstValue::Bool(v)))
    }
    /// A constant of type `ty` whose value is held as the integer `v`.
    fn held_as_int(ty: Type, v: i128) -> ConstVal {
        ConstVal { ty, value: Some(ConstValue::Int(v)) }
    }
    /// `T(v)` for a basic `T`.
    fn typed(t: Basic, v: ConstVal) -> ConstVal {
        convert(&v, Type::Basic(t), Some(t))
    }
    /// A constant whose value is not exact (`1i`, `math.Pi * x`).
    fn opaque(u: Untyped) -> ConstVal {
        ConstVal::untyped(u, None)
    }

    fn show(c: Option<ConstVal>) -> String {
        match c {
            None => "not a constant operation".to_string(),
            Some(ConstVal { ty, value: Some(v) }) => format!("{ty} {v}"),
            Some(ConstVal { ty, value: None }) => format!("{ty}, no value"),
        }
    }

    fn check(cases: &[(&str, Option<ConstVal>)], expect: Expect) {
        let out: String = cases.iter().map(|(what, c)| format!("{what:<22} {}\n", show(c.clone()))).collect();
        expect.assert_eq(&out);
    }

    /// Each value is what `go run` prints for the same constant expression.
    #[test]
    fn arithmetic_and_bits() {
        check(
            &[
                ("7 / 2", binary("/", &i(7), &i(2))),
                ("7 % 3", binary("%", &i(7), &i(3))),
                ("-7 % 3", binary("%", &i(-7), &i(3))),
                ("5 + 7", binary("+", &i(5), &i(7))),
                ("5 - 7", binary("-", &i(5), &i(7))),
                ("5 * 7", binary("*", &i(5), &i(7))),
                ("6 & 3", binary("&", &i(6), &i(3))),
                ("6 | 3", binary("|", &i(6), &i(3))),
                ("6 ^ 3", binary("^", &i(6), &i(3))),
                ("6 &^ 3", binary("&^", &i(6), &i(3))),
                ("7 / 0", binary("/", &i(7), &i(0))),
                ("7 && 1", binary("&&", &i(7), &i(1))),
                ("7 / 2.0", binary("/", &i(7), &f(2.0))),
                ("1.5 * 2", binary("*", &f(1.5), &i(2))),
                ("3 - 0.5", binary("-", &i(3), &f(0.5))),
                ("2 + 0.5", binary("+", &i(2), &f(0.5))),
                ("1.0 / 0.0", binary("/", &f(1.0), &f(0.0))),
                ("1.5 % 2", binary("%", &f(1.5), &i(2))),
                ("float64(7) / 2", binary("/", &typed(Basic::Float64, i(7)), &i(2))),
                ("float64(7) / \"a\"", binary("/", &typed(Basic::Float64, i(7)), &s("a"))),
                ("int32(1) + 2", binary("+", &typed(Basic::Int32, i(1)), &i(2))),
                ("'a' + 1", binary("+", &r('a'), &i(1))),
                ("'a' * 1.5", binary("*", &r('a'), &f(1.5))),
                ("\"v\" + \"1\"", binary("+", &s("v"), &s("1"))),
                ("\"v\" - \"1\"", binary("-", &s("v"), &s("1"))),
                ("true && false", binary("&&", &b(true), &b(false))),
                ("true || false", binary("||", &b(true), &b(false))),
                ("true + false", binary("+", &b(true), &b(false))),
                ("1i + 1", binary("+", &opaque(Untyped::Complex), &i(1))),
                // The type, not how the value is held, makes the arithmetic
                // a float's.
                (
                    "float64 7 (held as an integer) / 2",
                    binary("/", &held_as_int(Type::Basic(Basic::Float64), 7), &i(2)),
                ),
                ("7.0 (held as an integer) / 2", binary("/", &held_as_int(Type::Untyped(Untyped::Float), 7), &i(2))),
                ("2.0 * int32(3)", binary("*", &f(2.0), &typed(Basic::Int32, i(3)))),
                ("int32(3) * 2.0", binary("*", &typed(Basic::Int32, i(3)), &f(2.0))),
            ],
            expect![[r#"
                7 / 2                  untyped int 3
                7 % 3                  untyped int 1
                -7 % 3                 untyped int -1
                5 + 7                  untyped int 12
                5 - 7                  untyped int -2
                5 * 7                  untyped int 35
                6 & 3                  untyped int 2
                6 | 3                  untyped int 7
                6 ^ 3                  untyped int 5
                6 &^ 3                 untyped int 4
                7 / 0                  untyped int, no value
                7 && 1                 untyped int, no value
                7 / 2.0                untyped float 3.5
                1.5 * 2                untyped float 3
                3 - 0.5                untyped float 2.5
                2 + 0.5                untyped float 2.5
                1.0 / 0.0              untyped float, no value
                1.5 % 2                untyped float, no value
                float64(7) / 2         float64 3.5
                float64(7) / "a"       not a constant operation
                int32(1) + 2           int32 3
                'a' + 1                untyped rune 98
                'a' * 1.5              untyped float 145.5
                "v" + "1"              untyped string "v1"
                "v" - "1"              untyped string, no value
                true && false          untyped bool false
                true || false          untyped bool true
                true + false           untyped bool, no value
                1i + 1                 untyped complex, no value
                float64 7 (held as an integer) / 2 float64 3.5
                7.0 (held as an integer) / 2 untyped float 3.5
                2.0 * int32(3)         int32 6
                int32(3) * 2.0         int32 6
            "#]],
        );
    }

    #[test]
    fn shifts() {
        check(
            &[
                ("1 << 10", binary("<<", &i(1), &i(10))),
                ("3 << 2.0", binary("<<", &i(3), &f(2.0))),
                ("-8 >> 1", binary(">>", &i(-8), &i(1))),
                ("1.0 << 3", binary("<<", &f(1.0), &i(3))),
                ("6.0 >> 1", binary(">>", &f(6.0), &i(1))),
                ("1.5 << 1", binary("<<", &f(1.5), &i(1))),
                ("uint8(1) << 3", binary("<<", &typed(Basic::Uint8, i(1)), &i(3))),
                ("1 << 126", binary("<<", &i(1), &i(126))),
                ("1 << 127", binary("<<", &i(1), &i(127))),
                ("4 << 126", binary("<<", &i(4), &i(126))),
                ("4.0 << 126", binary("<<", &f(4.0), &i(126))),
                ("4.0 >> 126", binary(">>", &f(4.0), &i(126))),
                ("1 << -1", binary("<<", &i(1), &i(-1))),
                ("1.0 << -1", binary("<<", &f(1.0), &i(-1))),
                ("1.0 << 127", binary("<<", &f(1.0), &i(127))),
            ],
            expect![[r#"
                1 << 10                untyped int 1024
                3 << 2.0               untyped int, no value
                -8 >> 1                untyped int -4
                1.0 << 3               untyped int 8
                6.0 >> 1               untyped int 3
                1.5 << 1               untyped int, no value
                uint8(1) << 3          uint8 8
                1 << 126               untyped int 85070591730234615865843651857942052864
                1 << 127               untyped int, no value
                4 << 126               untyped int, no value
                4.0 << 126             untyped int, no value
                4.0 >> 126             untyped int 0
                1 << -1                untyped int, no value
                1.0 << -1              untyped int, no value
                1.0 << 127             untyped int, no value
            "#]],
        );
    }

    #[test]
    fn unary_operators() {
        check(
            &[
                ("+3", unary("+", &i(3))),
                ("-5", unary("-", &i(5))),
                ("-(2.5)", unary("-", &f(2.5))),
                ("!true", unary("!", &b(true))),
                ("^5", unary("^", &i(5))),
                ("^-1", unary("^", &i(-1))),
                ("^uint8(0)", unary("^", &typed(Basic::Uint8, i(0)))),
                ("^uint16(1)", unary("^", &typed(Basic::Uint16, i(1)))),
                ("^uint64(0)", unary("^", &typed(Basic::Uint64, i(0)))),
                ("^int8(0)", unary("^", &typed(Basic::Int8, i(0)))),
                ("-i128::MIN", unary("-", &i(i128::MIN))),
                ("-\"a\"", unary("-", &s("a"))),
                ("!1", unary("!", &i(1))),
                ("^1.5", unary("^", &f(1.5))),
                ("*1", unary("*", &i(1))),
            ],
            expect![[r#"
                +3                     untyped int 3
                -5                     untyped int -5
                -(2.5)                 untyped float -2.5
                !true                  untyped bool false
                ^5                     untyped int -6
                ^-1                    untyped int 0
                ^uint8(0)              uint8 255
                ^uint16(1)             uint16 65534
                ^uint64(0)             uint64 18446744073709551615
                ^int8(0)               int8 -1
                -i128::MIN             untyped int, no value
                -"a"                   untyped string, no value
                !1                     untyped int, no value
                ^1.5                   untyped float, no value
                *1                     not a constant operation
            "#]],
        );
    }

    #[test]
    fn comparisons() {
        check(
            &[
                ("2 < 3", binary("<", &i(2), &i(3))),
                ("3 < 2", binary("<", &i(3), &i(2))),
                ("3 <= 3", binary("<=", &i(3), &i(3))),
                ("4 <= 3", binary("<=", &i(4), &i(3))),
                ("4 > 3", binary(">", &i(4), &i(3))),
                ("3 > 3", binary(">", &i(3), &i(3))),
                ("3 >= 4", binary(">=", &i(3), &i(4))),
                ("3 >= 3", binary(">=", &i(3), &i(3))),
                ("4 == 3", binary("==", &i(4), &i(3))),
                ("4.5 == 3", binary("==", &f(4.5), &i(3))),
                ("3 == 3", binary("==", &i(3), &i(3))),
                ("3 != 3", binary("!=", &i(3), &i(3))),
                ("\"a\" < \"b\"", binary("<", &s("a"), &s("b"))),
                ("1.5 < 2", binary("<", &f(1.5), &i(2))),
                ("2 == 2.0", binary("==", &i(2), &f(2.0))),
                ("true == false", binary("==", &b(true), &b(false))),
                ("true != false", binary("!=", &b(true), &b(false))),
                ("true < false", binary("<", &b(true), &b(false))),
                ("\"a\" == 1", binary("==", &s("a"), &i(1))),
                ("1i == 1", binary("==", &opaque(Untyped::Complex), &i(1))),
            ],
            expect![[r#"
                2 < 3                  untyped bool true
                3 < 2                  untyped bool false
                3 <= 3                 untyped bool true
                4 <= 3                 untyped bool false
                4 > 3                  untyped bool true
                3 > 3                  untyped bool false
                3 >= 4                 untyped bool false
                3 >= 3                 untyped bool true
                4 == 3                 untyped bool false
                4.5 == 3               untyped bool false
                3 == 3                 untyped bool true
                3 != 3                 untyped bool false
                "a" < "b"              untyped bool true
                1.5 < 2                untyped bool true
                2 == 2.0               untyped bool true
                true == false          untyped bool false
                true != false          untyped bool true
                true < false           untyped bool, no value
                "a" == 1               untyped bool, no value
                1i == 1                untyped bool, no value
            "#]],
        );
    }

    #[test]
    fn conversions() {
        let named = Type::Named(crate::expr::types::Named::new("main", "Size"));
        check(
            &[
                ("float64(3)", Some(typed(Basic::Float64, i(3)))),
                ("int(2.0)", Some(typed(Basic::Int, f(2.0)))),
                ("int(2.5)", Some(typed(Basic::Int, f(2.5)))),
                ("string(rune(65))", Some(typed(Basic::String, i(65)))),
                ("string(-1)", Some(typed(Basic::String, i(-1)))),
                ("string(0x110000)", Some(typed(Basic::String, i(0x110000)))),
                ("uint8(200)", Some(typed(Basic::Uint8, i(200)))),
                ("float32(1.5)", Some(typed(Basic::Float32, f(1.5)))),
                ("complex128(1.5)", Some(typed(Basic::Complex128, f(1.5)))),
                ("string(\"a\")", Some(typed(Basic::String, s("a")))),
                ("bool(true)", Some(typed(Basic::Bool, b(true)))),
                ("int(\"a\")", Some(typed(Basic::Int, s("a")))),
                ("bool(1)", Some(typed(Basic::Bool, i(1)))),
                ("complex128(1i)", Some(typed(Basic::Complex128, opaque(Untyped::Complex)))),
                ("main.Size(3)", Some(convert(&i(3), named, None))),
            ],
            expect![[r#"
                float64(3)             float64 3
                int(2.0)               int 2
                int(2.5)               int, no value
                string(rune(65))       string "A"
                string(-1)             string "�"
                string(0x110000)       string "�"
                uint8(200)             uint8 200
                float32(1.5)           float32 1.5
                complex128(1.5)        complex128, no value
                string("a")            string "a"
                bool(true)             bool true
                int("a")               int, no value
                bool(1)                bool, no value
                complex128(1i)         complex128, no value
                main.Size(3)           main.Size 3
            "#]],
        );
    }

    /// The type of mixing two operands, as Go's spec gives it.
    #[test]
    fn arithmetic_types() {
        let t = Type::Basic;
        let u = Type::Untyped;
        let cases = [
            (u(Untyped::Int), u(Untyped::Int)),
            (u(Untyped::Int), u(Untyped::Float)),
            (u(Untyped::Float), u(Untyped::Int)),
            (u(Untyped::Rune), u(Untyped::Int)),
            (u(Untyped::Int), u(Untyped::Rune)),
            (u(Untyped::Complex), u(Untyped::Float)),
            (u(Untyped::Int), u(Untyped::String)),
            (u(Untyped::Bool), u(Untyped::Int)),
            (u(Untyped::Bool), u(Untyped::Bool)),
            (u(Untyped::Nil), u(Untyped::String)),
            (u(Untyped::Nil), Type::Pointer(Box::new(t(Basic::Int)))),
            (t(Basic::Int32), u(Untyped::Int)),
            (u(Untyped::Float), t(Basic::Float64)),
            (t(Basic::Int), t(Basic::Int)),
            (t(Basic::Int), t(Basic::Int64)),
            (Type::Unknown, t(Basic::Int)),
            (Type::TypeParam("T".into()), t(Basic::Int)),
            (t(Basic::Int), Type::Unknown),
        ];
        let out: String = cases.iter().map(|(a, b)| format!("{a} with {b}: {}\n", arith_type(a, b))).collect();
        expect![[r#"
            untyped int with untyped int: untyped int
            untyped int with untyped float: untyped float
            untyped float with untyped int: untyped float
            untyped rune with untyped int: untyped rune
            untyped int with untyped rune: untyped rune
            untyped complex with untyped float: untyped complex
            untyped int with untyped string: ?
            untyped bool with untyped int: ?
            untyped bool with untyped bool: untyped bool
            untyped nil with untyped string: ?
            untyped nil with *int: *int
            int32 with untyped int: int32
            untyped float with float64: float64
            int with int: int
            int with int64: int
            ? with int: ?
            T with int: ?
            int with ?: int
        "#]]
        .assert_eq(&out);
        assert!(is_comparison("<=") && !is_comparison("<<") && !is_comparison("&&"));
    }
}
