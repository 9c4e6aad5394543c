//! Members: `x.sel` on a value, as Delve's `findStructMemberOrMethod`:
//! fields promoted through embedded structs, methods, one automatic
//! dereference, and the captured variables of a func value.

use std::borrow::Cow;
use std::collections::BTreeSet;

use super::names::is_runtime_frame;
use super::{Checker, MAX_TYPE_DEPTH, Val, predeclared, with_did_you_mean};
use crate::expr::ast::{Expr, ExprKind, LitKind};
use crate::expr::types::{Basic, StructField, Type};
use crate::expr::{Code, Diagnostic, Span};

impl<'a> Checker<'a> {
    pub(super) fn selector(&mut self, e: &Expr, base: &Expr, sel: &str, sel_span: Span) -> Val<'a> {
        if sel.is_empty() {
            return Val::Unknown;
        }
        match &base.kind {
            ExprKind::Ident(x) => self.selector_on_name(base, x, sel, sel_span),
            ExprKind::BasicLit { kind: LitKind::String, raw } => self.selector_on_import_path(base, raw, sel, sel_span),
            ExprKind::Call { fun, args, .. } if is_runtime_frame(fun) => self.runtime_frame_selector(e, args),
            _ => {
                let v = self.expr(base);
                self.member(base, v, sel, sel_span)
            }
        }
    }

    /// `v.sel`: fields (promoted through embedded structs) and methods, with
    /// one automatic dereference, as Delve's `findStructMemberOrMethod`.
    pub(super) fn member(&mut self, base: &Expr, v: Val<'a>, sel: &str, sel_span: Span) -> Val<'a> {
        let t = match v {
            Val::Unknown | Val::HitCounts => return Val::Unknown,
            Val::Nil => return self.error(Code::NoMember, base.span, "nil is not a struct"),
            Val::Const(..) => {
                return self.error(
                    Code::NoMember,
                    base.span,
                    format!("`{}` is a constant, not a struct", self.src(base.span)),
                );
            }
            Val::Typed(t) => t,
        };
        let found = match &t {
            Cow::Borrowed(t) => self.find_member(t, sel),
            Cow::Owned(t) => self.find_member(t, sel).into_owned(),
        };
        match found {
            MemberLookup::Found { ty, through_pointer } => {
                if through_pointer {
                    self.nil_hazard(base);
                }
                Val::of_type(ty)
            }
            MemberLookup::Unknown => Val::Unknown,
            MemberLookup::Missing(candidates) => {
                let shown = self.src(base.span).to_string();
                let d = Diagnostic::error(
                    Code::NoMember,
                    sel_span,
                    format!("`{shown}` (type {t}) has no field or method `{sel}`"),
                );
                self.error_with(with_did_you_mean(d, sel, candidates.iter().map(String::as_str), sel_span))
            }
        }
    }

    pub(crate) fn find_member<'t>(&self, t: &'t Type, sel: &str) -> MemberLookup<'t>
    where
        'a: 't,
    {
        match self.search_member(t, sel, None) {
            // The same walk again, naming what it passes this time: only a
            // miss needs the names.
            MemberLookup::Missing(_) => {
                let mut candidates = Vec::new();
                self.search_member(t, sel, Some(&mut candidates));
                MemberLookup::Missing(candidates)
            }
            found_or_unknown => found_or_unknown,
        }
    }

    /// [`Self::find_member`]'s walk; the members passed are added to
    /// `candidates` when given (a miss then lists nothing itself).
    fn search_member<'t>(&self, t: &'t Type, sel: &str, mut candidates: Option<&mut Vec<String>>) -> MemberLookup<'t>
    where
        'a: 't,
    {
        let mut through_ptr = false;
        let mut start = t;
        if let Type::Pointer(inner) = self.underlying(t) {
            if let Type::Named(n) = t {
                // A named pointer type has its own (empty) method set in Delve.
                if self.scope.named(n).is_none() {
                    return MemberLookup::Unknown;
                }
            }
            start = inner;
            through_ptr = true;
        }
        let mut note = |names: &mut dyn Iterator<Item = &str>| {
            if let Some(c) = candidates.as_deref_mut() {
                c.extend(names.map(str::to_string));
            }
        };
        // Types are visited once each, as Delve spells them; the start is
        // the only one of the first level.
        let mut seen: Vec<&'t Type> = Vec::new();
        let mut queue: Vec<&'t Type>;
        let mut level: &[&'t Type] = std::slice::from_ref(&start);
        let mut first = true;
        while !level.is_empty() {
            let mut next = Vec::new();
            for &ty in level {
                if !first {
                    if std::iter::once(start).chain(seen.iter().copied()).any(|s| same_spelling(s, ty)) {
                        continue;
                    }
                    seen.push(ty);
                }
                let ty = match ty {
                    Type::Pointer(inner) if !first => {
                        through_ptr = true;
                        &**inner
                    }
                    _ => ty,
                };
                // Methods on the named type itself (value or pointer receiver).
                let mut underlying = None;
                if let Type::Named(n) = ty {
                    let info = self.scope.named(n);
                    match info {
                        // Delve looks methods up by `pkg.Type.Name`; the
                        // methods of an instantiated generic type are
                        // compiled under their shape's name, so it never
                        // finds them ("s has no member Push").
                        Some(info) if !n.name.contains('[') => {
                            if let Some(m) = info.methods.iter().find(|m| m.name == sel) {
                                return MemberLookup::Found { ty: Cow::Borrowed(&m.sig), through_pointer: false };
                            }
                            note(&mut info.methods.iter().map(|m| m.name.as_str()));
                        }
                        // Without an entry (its package unread) the
                        // underlying type is unknown: so is the member.
                        _ => {}
                    }
                    // `underlying` would look the type up again
                    if let Some(info) = info.filter(|_| predeclared(n).is_none()) {
                        underlying = Some(self.underlying_within(&info.underlying, MAX_TYPE_DEPTH - 1));
                    }
                }
                match underlying.unwrap_or_else(|| self.underlying(ty)) {
                    // Delve reads a channel value as the runtime's `hchan`.
                    Type::Chan(_, elem) if first && !through_ptr => {
                        let fields = self.chan_fields(elem);
                        if let Some(f) = fields.iter().find(|f| f.name == sel) {
                            return MemberLookup::Found { ty: Cow::Owned(f.ty.clone()), through_pointer: false };
                        }
                        note(&mut fields.iter().map(|f| f.name.as_str()));
                    }
                    Type::Struct(fields) => {
                        for f in fields {
                            if f.name == sel {
                                return MemberLookup::Found { ty: Cow::Borrowed(&f.ty), through_pointer: through_ptr };
                            }
                            note(&mut std::iter::once(f.name.as_str()));
                            if f.embedded {
                                next.push(&f.ty);
                            }
                        }
                    }
                    // Delve looks into an interface's dynamic value, and into
                    // the captured variables of the closure a func value
                    // holds (`findStructMemberOrMethod`).
                    Type::Func(_) => match &self.scope.closure_captures {
                        Some(captured) if !captured.contains(sel) => {}
                        _ => return MemberLookup::Unknown,
                    },
                    Type::Interface(_) => return MemberLookup::Unknown,
                    Type::Unknown | Type::TypeParam(_) | Type::Named(_) => return MemberLookup::Unknown,
                    _ => {}
                }
            }
            first = false;
            queue = next;
            level = &queue;
        }
        MemberLookup::Missing(Vec::new())
    }

    /// The fields of the runtime's `hchan` as Delve shows them for a
    /// channel of `elem`: those of the debug info's `runtime.hchan` when
    /// there is one, otherwise Go's (1.25 to 1.26); `buf` points to an
    /// array of the channel's capacity, and the wait queues are the
    /// linker's `waitq<T>`.
    fn chan_fields(&self, elem: &Type) -> Vec<StructField> {
        let from_debug_info = match self.scope.types.get("runtime.hchan").map(|i| &i.underlying) {
            Some(Type::Struct(fields)) if !fields.is_empty() => Some(fields.clone()),
            _ => None,
        };
        let fields = from_debug_info.unwrap_or_else(|| {
            let named = |pkg: &str, name: &str| Type::named(pkg, name);
            let uint = || Type::Basic(Basic::Uint);
            [
                ("qcount", uint()),
                ("dataqsiz", uint()),
                ("buf", Type::Basic(Basic::UnsafePointer)),
                ("elemsize", Type::Basic(Basic::Uint16)),
                ("closed", Type::Basic(Basic::Uint32)),
                ("timer", Type::pointer_to(named("runtime", "timer"))),
                ("elemtype", Type::pointer_to(named("internal/abi", "Type"))),
                ("sendx", uint()),
                ("recvx", uint()),
                ("recvq", named("runtime", "waitq")),
                ("sendq", named("runtime", "waitq")),
                ("bubble", Type::pointer_to(named("runtime", "synctestBubble"))),
                ("lock", named("runtime", "mutex")),
            ]
            .into_iter()
            .map(|(name, ty)| StructField { name: name.to_string(), ty, embedded: false })
            .collect()
        });
        let waitq = Type::named("", &format!("waitq<{elem}>"));
        fields
            .into_iter()
            .map(|mut f| {
                f.ty = match f.name.as_str() {
                    "buf" => Type::pointer_to(Type::Array(None, Box::new(elem.clone()))),
                    "recvq" | "sendq" => waitq.clone(),
                    _ => f.ty,
                };
                f
            })
            .collect()
    }

    /// Every field reachable from `t` with Delve's selector rules (one
    /// automatic dereference, promotion through embedded fields), outermost first.
    pub(crate) fn fields(&self, t: &Type) -> Vec<(String, Type)> {
        if let Type::Chan(_, elem) = self.underlying(t) {
            return self.chan_fields(elem).into_iter().map(|f| (f.name, f.ty)).collect();
        }
        let mut out: Vec<(String, Type)> = Vec::new();
        let mut queue = vec![t.clone()];
        // As `search_member`: breadth first, each type once (embedding
        // cycles end there), no depth limit, so that every field offered
        // is one the check accepts.
        let mut seen = BTreeSet::new();
        while !queue.is_empty() {
            let mut next = Vec::new();
            for ty in queue {
                if !seen.insert(ty.to_string()) {
                    continue;
                }
                let mut u = self.underlying(&ty);
                if let Type::Pointer(inner) = u {
                    u = self.underlying(inner);
                }
                if let Type::Struct(fields) = u {
                    for f in fields {
                        if f.embedded {
                            next.push(f.ty.clone());
                        }
                        if !out.iter().any(|(n, _)| *n == f.name) {
                            out.push((f.name.clone(), f.ty.clone()));
                        }
                    }
                }
            }
            queue = next;
        }
        out
    }
}

/// Whether Delve spells `a` and `b` alike (types it tells apart by name).
fn same_spelling(a: &Type, b: &Type) -> bool {
    a == b || a.to_string() == b.to_string()
}

/// What `x.sel` finds on a type, as Delve's `findStructMemberOrMethod`.
pub(crate) enum MemberLookup<'t> {
    /// A field or method, and whether a pointer was dereferenced to reach it.
    Found {
        ty: Cow<'t, Type>,
        through_pointer: bool,
    },
    Missing(Vec<String>),
    Unknown,
}

impl MemberLookup<'_> {
    /// The same, owning the member's type.
    fn into_owned<'b>(self) -> MemberLookup<'b> {
        match self {
            MemberLookup::Found { ty, through_pointer } => {
                MemberLookup::Found { ty: Cow::Owned(ty.into_owned()), through_pointer }
            }
            MemberLookup::Missing(candidates) => MemberLookup::Missing(candidates),
            MemberLookup::Unknown => MemberLookup::Unknown,
        }
    }
}
