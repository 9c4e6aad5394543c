//! Path styles, mapping rules and zero-configuration inference between the
//! editor's paths and the paths in a Go binary. Pure: no IO.
//!
//! The user's own `substitutePath` rules come first in a [`PathMapper`],
//! the inferred ones ([`infer`]) after them; a Windows editor's form of
//! this machine's paths ([`wsl`]) and the binary's own file names
//! ([`FileTable`]) wrap them.

mod file_table;
pub mod infer;
mod mapper;
pub mod wsl;

pub use file_table::FileTable;
pub use mapper::{PathMapper, PathRule, PathStyle};
pub use wsl::{EditorForm, WslHost};
