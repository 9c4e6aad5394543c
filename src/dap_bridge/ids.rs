//! Tables keyed by a DAP id: a sequence number the bridge assigned, or a
//! frame id Delve assigned. Such a key is hashed with one multiplication
//! instead of SipHash, which guards a table against keys chosen by an
//! attacker: these are looked up for every message passed, and the peers
//! that pick them already run code for the user.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_i64(&mut self, n: i64) {
        self.0 = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Rows keyed by a DAP id.
pub(crate) type ById<V> = HashMap<i64, V, BuildHasherDefault<IdHasher>>;
