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
        (Type::Untyped(Untyped::Nil), t) | (t, Type::Untyped(Untyped::Nil)) => t.clone(),
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

fn mask(bits: u32) -> i128 {
    if bits >= 127 { i128::MAX } else { (1i128 << bits) - 1 }
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

    #[test]
    fn folding() {
        let i = |v| ConstVal::untyped(Untyped::Int, Some(ConstValue::Int(v)));
        assert_eq!(binary("<<", &i(1), &i(10)).unwrap().value, Some(ConstValue::Int(1024)));
        assert_eq!(binary("/", &i(7), &i(2)).unwrap().value, Some(ConstValue::Int(3)));
        let u = ConstVal { ty: Type::Basic(Basic::Uint8), value: Some(ConstValue::Int(0)) };
        assert_eq!(unary("^", &u).unwrap().value, Some(ConstValue::Int(255)));
        let f = ConstVal::untyped(Untyped::Float, Some(ConstValue::Float(1.5)));
        let r = binary("*", &i(2), &f).unwrap();
        assert_eq!((r.ty, r.value), (Type::Untyped(Untyped::Float), Some(ConstValue::Float(3.0))));
    }
}
