//! The variables of one function at a PC, as `reader.Variables` and
//! `simpleLocals` pick them: lexical blocks, the declaration-line rule,
//! shadowing, captures, and whether each has a location there.

use gimli::{AttributeValue, UnitOffset};

use super::program::Func;
use super::types::Types;
use super::{DwarfScopes, Entry, Unit, entry_name, ref_of};
use crate::debuginfo::{self, DebugInfoError, Lists, Reader};
use crate::expr::scope::{Hidden, HiddenVar, Unreadable, VarKind, Variable};
use crate::expr::types::Type;

/// What one function shows at a PC.
pub(super) struct FnLocals {
    pub(super) visible: Vec<Variable>,
    pub(super) hidden: Vec<HiddenVar>,
    /// Visible variables without a location.
    pub(super) unreadable: Vec<Unreadable>,
    /// False when the PC is inside an inlined call: Delve then shows the
    /// inlined function's variables, which this walk does not model.
    pub(super) complete: bool,
}

impl DwarfScopes {
    /// `reader.Variables` + `simpleLocals` for one function at `pc`.
    pub(super) fn locals(
        &self,
        types: &mut Types<'_>,
        f: &Func,
        pc: u64,
        line: u32,
        is_method: bool,
    ) -> Result<FnLocals, DebugInfoError> {
        struct Cand {
            name: String,
            ty: Option<usize>,
            param: bool,
            result: bool,
            captured: bool,
            decl: Option<u32>,
            depth: isize,
            located: Located,
            order: usize,
        }
        let unit = self.bin.unit(f.unit)?;
        let uoff = UnitOffset(f.offset - unit.header.offset().0);
        // The location and range lists the function's entries refer to:
        // when they cannot be read, no scope rather than blocks that seem
        // to hold no PC.
        let lists = self.lists_of(&unit, uoff)?;
        let mut cursor = unit.entries_at_offset(uoff).map_err(debuginfo::corrupt)?;
        let mut cands = Vec::new();
        let mut hidden = Vec::new();
        // visible[d]: the entry at depth d is a block containing pc.
        let mut visible: Vec<bool> = Vec::new();
        let mut in_inlined = false;
        let mut first = true;
        while let Some(e) = cursor.next_dfs().map_err(debuginfo::corrupt)? {
            let d = e.depth();
            if first {
                first = false;
                visible.push(true);
                continue;
            }
            if d <= 0 {
                break;
            }
            let du = d as usize;
            visible.truncate(du);
            let parent = visible.last().copied().unwrap_or(false);
            let mut this = false;
            match e.tag() {
                gimli::DW_TAG_lexical_block => {
                    this = parent && self.contains(&lists, &unit, e, pc);
                }
                gimli::DW_TAG_inlined_subroutine => {
                    in_inlined |= parent && self.contains(&lists, &unit, e, pc);
                }
                gimli::DW_TAG_variable | gimli::DW_TAG_formal_parameter => {
                    let name = self.name(&unit, e).unwrap_or_default();
                    let param = e.tag() == gimli::DW_TAG_formal_parameter;
                    let decl = e.attr_value(gimli::DW_AT_decl_line).and_then(|v| v.udata_value()).map(|v| v as u32);
                    let captured = e.attr(debuginfo::DW_AT_GO_CLOSURE_OFFSET).is_some();
                    let result =
                        matches!(e.attr_value(gimli::DW_AT_variable_parameter), Some(AttributeValue::Flag(true)))
                            || e.attr_value(gimli::DW_AT_variable_parameter).and_then(|v| v.udata_value()) == Some(1);
                    let c = Cand {
                        name,
                        ty: e.attr_value(gimli::DW_AT_type).and_then(|v| ref_of(&unit, &v)),
                        param,
                        result,
                        captured,
                        decl,
                        depth: d,
                        located: self.located_at(&lists, &unit, e, pc),
                        order: cands.len(),
                    };
                    let decl_ok = match (param, c.decl) {
                        (false, Some(dl)) if captured => line >= dl,
                        (false, Some(dl)) => line > dl,
                        _ => true,
                    };
                    if parent && decl_ok {
                        cands.push(c);
                    } else if !param && nameable(&c.name) {
                        let why = if c.decl.is_some_and(|dl| dl >= line) {
                            Hidden::DeclaredLater
                        } else {
                            Hidden::OtherBlock
                        };
                        let name = c.name.trim_start_matches('&').to_string();
                        hidden.push(HiddenVar { name, decl_line: c.decl.unwrap_or(0), why });
                    }
                }
                _ => {}
            }
            visible.push(this);
        }
        for c in &mut cands {
            if c.param && c.depth <= 1 {
                c.depth = 0;
            }
        }
        cands.sort_by(|a, b| {
            a.depth.cmp(&b.depth).then(a.decl.unwrap_or(0).cmp(&b.decl.unwrap_or(0))).then(a.order.cmp(&b.order))
        });
        let first_param = cands.iter().filter(|c| c.param && !c.result).min_by_key(|c| c.order).map(|c| c.order);
        let mut out: Vec<Variable> = Vec::new();
        let mut unreadable = Vec::new();
        for c in cands.iter().rev() {
            if !nameable(&c.name) {
                continue;
            }
            let escaped = c.name.starts_with('&');
            let name = c.name.trim_start_matches('&').to_string();
            if out.iter().any(|v| v.name == name) {
                continue; // shadowed by an inner (later) variable
            }
            let mut ty = c.ty.map(|t| types.ty(t, 0)).unwrap_or(Type::Unknown);
            if escaped {
                ty = match ty {
                    Type::Pointer(inner) => *inner,
                    _ => Type::Unknown,
                };
            }
            let kind = if c.result {
                VarKind::Result
            } else if c.param && is_method && Some(c.order) == first_param {
                VarKind::Receiver
            } else if c.param {
                VarKind::Param
            } else if c.captured {
                VarKind::Captured
            } else {
                VarKind::Local
            };
            if c.located != Located::Yes {
                unreadable.push(Unreadable { name: name.clone(), partly: c.located == Located::Partly });
            }
            out.push(Variable { name, ty, kind, decl_line: c.decl });
        }
        Ok(FnLocals { visible: out, hidden, unreadable, complete: !in_inlined })
    }

    /// Whether Delve can read the variable at `pc`: it has a location there
    /// (in optimized code a location list says where the variable lives;
    /// elsewhere Delve reports "could not find loclist entry") and no piece
    /// of it is missing (Delve: "empty OP stack", or a slice or string whose
    /// pointer was dropped). What cannot be decoded counts as readable.
    fn located_at(&self, lists: &Lists, unit: &Unit, e: &Entry, pc: u64) -> Located {
        let Some(v) = e.attr_value(gimli::DW_AT_location) else { return Located::No };
        if let AttributeValue::Exprloc(expr) = &v {
            return pieces_located(expr, unit.encoding());
        }
        let mut list = match self.bin.dwarf.attr_locations_offset(unit, v).map(|o| o.map(|o| lists.locations(unit, o)))
        {
            Ok(Some(Ok(list))) => list,
            _ => return Located::Yes,
        };
        loop {
            match list.next() {
                Ok(Some(l)) if l.range.begin <= pc && pc < l.range.end => {
                    return pieces_located(&l.data, unit.encoding());
                }
                Ok(Some(_)) => {}
                Ok(None) => return Located::No,
                Err(_) => return Located::Yes,
            }
        }
    }

    /// The windows of the location and range lists that the entries of
    /// the function at `at` refer to, read in one pass over them.
    fn lists_of(&self, unit: &Unit, at: UnitOffset) -> Result<Lists, DebugInfoError> {
        let (mut locs, mut ranges) = (Vec::new(), Vec::new());
        let mut cursor = unit.entries_at_offset(at).map_err(debuginfo::corrupt)?;
        let mut first = true;
        while let Some(e) = cursor.next_dfs().map_err(debuginfo::corrupt)? {
            if !std::mem::take(&mut first) && e.depth() <= 0 {
                break;
            }
            if let Some(v) = e.attr_value(gimli::DW_AT_location).filter(|v| !matches!(v, AttributeValue::Exprloc(_))) {
                if let Ok(Some(o)) = self.bin.dwarf.attr_locations_offset(unit, v) {
                    locs.push(o);
                }
            }
            if let Some(v) = e.attr_value(gimli::DW_AT_ranges) {
                if let Ok(Some(o)) = self.bin.dwarf.attr_ranges_offset(unit, v) {
                    ranges.push(o);
                }
            }
        }
        self.bin.lists_at(unit.encoding(), &locs, &ranges)
    }

    fn contains(&self, lists: &Lists, unit: &Unit, e: &Entry, pc: u64) -> bool {
        let Some(mut ranges) = super::die_ranges(&self.bin, unit, e, Some(lists)) else { return false };
        while let Ok(Some(r)) = ranges.next() {
            if r.begin <= pc && pc < r.end {
                return true;
            }
        }
        false
    }

    fn name(&self, unit: &Unit, e: &Entry) -> Option<String> {
        entry_name(&self.bin, unit, e)
    }
}

/// A name an expression can use (not `~r0`, `.dict`, `#yield1`, `_`).
fn nameable(name: &str) -> bool {
    let n = name.trim_start_matches('&');
    !n.is_empty() && n != "_" && !n.starts_with(['~', '.', '#'])
}

/// Whether a variable has a location where Delve stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Located {
    Yes,
    /// Some `DW_OP_piece`s have no location before them.
    Partly,
    /// No location at all: no attribute, no list entry for the address, an
    /// empty expression, or only empty pieces.
    No,
}

/// How much of the value a location expression locates. What cannot be
/// decoded counts as located.
fn pieces_located(expr: &gimli::Expression<Reader>, encoding: gimli::Encoding) -> Located {
    let mut ops = expr.clone().operations(encoding);
    let (mut located, mut pieces, mut empty_pieces, mut any) = (false, 0, 0, false);
    loop {
        match ops.next() {
            Ok(Some(gimli::Operation::Piece { .. })) => {
                pieces += 1;
                if !located {
                    empty_pieces += 1;
                }
                located = false;
            }
            Ok(Some(_)) => {
                located = true;
                any = true;
            }
            Ok(None) => break,
            Err(_) => return Located::Yes,
        }
    }
    match (any, empty_pieces) {
        (false, _) => Located::No,
        (true, 0) => Located::Yes,
        _ if empty_pieces == pieces => Located::No,
        _ => Located::Partly,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where a location expression (its bytes) locates a value: wholly,
    /// in part (a piece with nothing before it), or not at all.
    fn located(bytes: &[u8]) -> Located {
        let encoding = gimli::Encoding { format: gimli::Format::Dwarf32, version: 5, address_size: 8 };
        let data = gimli::EndianArcSlice::new(std::sync::Arc::from(bytes), gimli::RunTimeEndian::Little);
        pieces_located(&gimli::Expression(data), encoding)
    }

    #[test]
    fn pieces_of_a_location() {
        const REG0: u8 = 0x50; // DW_OP_reg0
        const REG1: u8 = 0x51;
        const PIECE: u8 = 0x93; // DW_OP_piece, then its size
        let cases: [(&[u8], Located); 8] = [
            (&[REG0], Located::Yes),
            (&[REG0, PIECE, 8, REG1, PIECE, 8], Located::Yes),
            // A string whose pointer was dropped, or whose length was.
            (&[PIECE, 8, REG1, PIECE, 8], Located::Partly),
            (&[REG0, PIECE, 8, PIECE, 8], Located::Partly),
            (&[PIECE, 8, PIECE, 8], Located::No),
            (&[PIECE, 8], Located::No),
            (&[], Located::No),
            // A truncated piece cannot be decoded: taken as located.
            (&[REG0, PIECE], Located::Yes),
        ];
        for (bytes, want) in cases {
            assert_eq!(located(bytes), want, "{bytes:x?}");
        }
    }
}
