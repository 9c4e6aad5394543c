//! Path styles, mapping rules and zero-configuration inference between the
//! editor's paths and the paths in a Go binary. Pure: no IO.
//!
//! The user's own `substitutePath` rules come first in a [`PathMapper`],
//! the inferred ones ([`infer`]) after them.

pub mod infer;
mod mapper;

pub use mapper::{PathMapper, PathRule, PathStyle};
