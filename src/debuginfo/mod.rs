//! Reading Go binaries (ELF, Mach-O, PE) and their DWARF, lazily per compile
//! unit, for exact scopes and for path inference.
//!
//! Lands with the debug-info issue; until then scopes come from source.
