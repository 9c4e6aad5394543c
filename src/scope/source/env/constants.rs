//! Constant expressions folded to their values (`1 << iota`, `KB * 1024`,
//! `len("abc")`, `Celsius(100)`), with the package's and other loaded
//! packages' constants; `None` where the value is not exact.

use tree_sitter::Node;

use super::{Deeper, TypeEnv};
use crate::expr::literal;
use crate::expr::types::{Basic, ConstValue, Type, Untyped};
use crate::scope::source::consts::{self, ConstVal};

impl<'a> TypeEnv<'a> {
    pub fn eval_const(&self, n: Node) -> Option<ConstVal> {
        let _guard = Deeper::enter(&self.depth)?;
        match n.kind() {
            "int_literal" => Some(ConstVal::untyped(Untyped::Int, literal::int(self.text(n)).map(ConstValue::Int))),
            "float_literal" => {
                Some(ConstVal::untyped(Untyped::Float, literal::float(self.text(n)).map(ConstValue::Float)))
            }
            "imaginary_literal" => Some(ConstVal::untyped(Untyped::Complex, None)),
            "rune_literal" => {
                Some(ConstVal::untyped(Untyped::Rune, literal::rune(self.text(n)).map(|r| ConstValue::Int(r.into()))))
            }
            "interpreted_string_literal" | "raw_string_literal" => {
                Some(ConstVal::untyped(Untyped::String, literal::string(self.text(n)).map(ConstValue::String)))
            }
            "true" | "false" => Some(ConstVal::untyped(Untyped::Bool, Some(ConstValue::Bool(n.kind() == "true")))),
            "iota" => self.iota.map(|i| ConstVal::untyped(Untyped::Int, Some(ConstValue::Int(i)))),
            "identifier" => {
                let name = self.text(n);
                if let Some((_, l)) = self.lookup_local(name) {
                    return l.konst.clone();
                }
                self.members.consts.get(name).map(|(c, _)| c.clone())
            }
            "parenthesized_expression" => self.eval_const(n.named_child(0)?),
            "unary_expression" => {
                let op = self.text(n.child_by_field_name("operator")?);
                consts::unary(op, &self.eval_const(n.child_by_field_name("operand")?)?)
            }
            "binary_expression" => {
                let op = self.text(n.child_by_field_name("operator")?);
                let a = self.eval_const(n.child_by_field_name("left")?)?;
                let b = self.eval_const(n.child_by_field_name("right")?)?;
                consts::binary(op, &a, &b)
            }
            "selector_expression" => {
                let p = n.child_by_field_name("operand")?;
                if p.kind() != "identifier" {
                    return None;
                }
                let path = self.package_of_ident(self.text(p))?;
                let pkg = self.loaded.get(path)?;
                pkg.members.consts.get(self.text(n.child_by_field_name("field")?)).map(|(c, _)| c.clone())
            }
            "call_expression" => {
                let f = n.child_by_field_name("function")?;
                let args = n.child_by_field_name("arguments")?;
                if args.named_child_count() != 1 {
                    return None;
                }
                let arg = args.named_child(0)?;
                if f.kind() == "identifier" && self.text(f) == "len" && !self.is_value("len") {
                    let c = self.eval_const(arg)?;
                    return match c.value? {
                        ConstValue::String(s) => Some(ConstVal {
                            ty: Type::Basic(Basic::Int),
                            value: Some(ConstValue::Int(s.len() as i128)),
                        }),
                        _ => None,
                    };
                }
                if !self.is_type_expr(f) {
                    return None;
                }
                let ty = self.resolve_type(f);
                if ty.is_unknown() {
                    return None;
                }
                let c = self.eval_const(arg)?;
                let basic = match self.underlying(&ty) {
                    Type::Basic(b) => Some(b),
                    _ => None,
                };
                Some(consts::convert(&c, ty, basic))
            }
            "type_conversion_expression" => {
                let ty = self.resolve_type(n.child_by_field_name("type")?);
                let c = self.eval_const(n.child_by_field_name("operand")?)?;
                let basic = match self.underlying(&ty) {
                    Type::Basic(b) => Some(b),
                    _ => None,
                };
                Some(consts::convert(&c, ty, basic))
            }
            _ => None,
        }
    }
}
