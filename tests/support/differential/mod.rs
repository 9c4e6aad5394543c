//! The differential tester against live Delve: generated Go programs,
//! expressions about what Delve lists at their breakpoints, and the
//! engine's verdicts (from source and from the binary) compared with
//! Delve's. See tests/differential.rs.

pub mod exprs;
pub mod program;
pub mod record;
pub mod rng;
pub mod run;
