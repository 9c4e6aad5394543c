//! dlvbridge: breakpoint-condition intelligence for Go debugging.
//! Start with ARCHITECTURE.md for the map of the modules.

pub mod cli;
pub mod dap_bridge;
pub mod debuginfo;
pub mod doctor;
pub mod expr;
pub mod framing;
pub mod log_file;
pub mod lsp;
pub mod paths;
pub mod scope;
pub mod workspace;
