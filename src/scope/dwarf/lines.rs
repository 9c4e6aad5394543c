//! Files and line tables: the build path a user's file is, the PC Delve
//! stops at on a line (`FindFileLocation`), the line a function starts at.

use std::collections::BTreeMap;
use std::path::Path;

use super::program::{Func, Program};
use super::{DwarfScopeError, DwarfScopes};
use crate::debuginfo::{self, DebugInfoError};

/// Path components (the file name and its directory) a user path must
/// share with a build path to match it when the paths differ.
const MIN_SUFFIX_COMPONENTS: usize = 2;

impl DwarfScopes {
    /// The build path for the user's `file`.
    pub fn match_file(&self, file: &Path) -> Result<String, DwarfScopeError> {
        let abs = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
        let want = abs.to_string_lossy().replace('\\', "/");
        let all = self.bin.all_files();
        if let Some(exact) = all.iter().find(|f| f.replace('\\', "/") == want) {
            return Ok(exact.clone());
        }
        let want_parts: Vec<&str> = want.split('/').filter(|s| !s.is_empty()).collect();
        let mut best = 0;
        let mut found: Vec<&String> = Vec::new();
        for f in all {
            let norm = f.replace('\\', "/");
            let parts: Vec<&str> = norm.split('/').filter(|s| !s.is_empty()).collect();
            let n = parts.iter().rev().zip(want_parts.iter().rev()).take_while(|(a, b)| a == b).count();
            // The file name alone is not enough: every package has a
            // `main.go` or `util.go`.
            if n < MIN_SUFFIX_COMPONENTS.min(want_parts.len()) || n < best {
                continue;
            }
            if n > best {
                best = n;
                found.clear();
            }
            found.push(f);
        }
        match found.as_slice() {
            [] => Err(DwarfScopeError::FileNotInBinary { file: want }),
            [one] => Ok((*one).clone()),
            many => Err(DwarfScopeError::AmbiguousFile {
                file: want,
                candidates: many.iter().map(|s| s.to_string()).collect(),
            }),
        }
    }

    /// The PC Delve stops at in each function with code on the line: its
    /// first `is_stmt` instruction there, else its first instruction.
    pub(super) fn stops(
        &self,
        program: &Program,
        build_file: &str,
        line: u32,
    ) -> Result<Vec<(usize, u64)>, DebugInfoError> {
        let mut pcs: Vec<(u64, bool)> = Vec::new();
        // In unit order: one pass over a compressed section at most.
        let mut programs = self.bin.line_programs();
        for i in 0..self.bin.units().len() {
            let Some(file_index) = self.bin.unit_files(i).position(|f| f == build_file) else { continue };
            let Some(program) = programs.program(i)? else { continue };
            // File indexes are 1-based before DWARF 5.
            let base = if program.header().version() >= 5 { 0 } else { 1 };
            let want = file_index as u64 + base;
            let mut rows = program.rows();
            let mut guard = 0usize;
            while let Some((_, row)) = rows.next_row().map_err(debuginfo::corrupt)? {
                guard += 1;
                if guard > 50_000_000 {
                    break;
                }
                if row.end_sequence() || row.file_index() != want {
                    continue;
                }
                if row.line().map(|l| l.get()) == Some(u64::from(line)) {
                    pcs.push((row.address(), row.is_stmt()));
                }
            }
        }
        pcs.sort();
        let mut by_func: BTreeMap<usize, Vec<(u64, bool)>> = BTreeMap::new();
        for (pc, stmt) in pcs {
            let i = program.funcs.partition_point(|f| f.low <= pc);
            let Some(fi) = i.checked_sub(1) else { continue };
            if pc >= program.funcs[fi].high || program.funcs[fi].name.contains("·dwrap·") {
                continue;
            }
            by_func.entry(fi).or_default().push((pc, stmt));
        }
        Ok(by_func
            .into_iter()
            .map(|(fi, pcs)| {
                let pc = pcs.iter().find(|(_, s)| *s).or(pcs.first()).map(|(pc, _)| *pc).unwrap_or(0);
                (fi, pc)
            })
            .collect())
    }

    /// The file and line of the first line-table row of `f`.
    pub(super) fn line_of(&self, f: &Func) -> Result<Option<(String, u32)>, DebugInfoError> {
        let Some(lines) = self.bin.line_program(f.unit)? else { return Ok(None) };
        let base = if lines.header().version() >= 5 { 0 } else { 1 };
        let mut rows = lines.rows();
        let mut best: Option<(u64, u64, u64)> = None;
        while let Some((_, row)) = rows.next_row().map_err(debuginfo::corrupt)? {
            let pc = row.address();
            if row.end_sequence() || pc < f.low || pc >= f.high || best.is_some_and(|(b, ..)| b <= pc) {
                continue;
            }
            if let Some(line) = row.line() {
                best = Some((pc, row.file_index(), line.get()));
            }
        }
        let Some((_, file, line)) = best else { return Ok(None) };
        let name = file.checked_sub(base).and_then(|i| self.bin.unit_files(f.unit).nth(usize::try_from(i).ok()?));
        Ok(name.map(|name| (name.to_string(), line as u32)))
    }
}
