//! Path styles, mapping rules and zero-configuration inference between the
//! editor's paths and the paths in a Go binary. Pure: no IO.
//!
//! Today the rules are the user's own `substitutePath`; inferred rules from
//! debug info join them in the same [`PathMapper`] later (user rules first).

pub mod infer;
mod mapper;

pub use mapper::{PathMapper, PathRule, PathStyle};
