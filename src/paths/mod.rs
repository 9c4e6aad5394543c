//! Path styles, mapping rules and zero-configuration inference between the
//! editor's paths and the paths in a Go binary. Pure: no IO.
//!
//! Lands with the debug-info issue; the engine does not depend on it.
