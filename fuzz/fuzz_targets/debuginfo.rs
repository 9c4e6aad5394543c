//! libFuzzer on [`dlvbridge_fuzz::check_debuginfo`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dlvbridge_fuzz::check_debuginfo(data));
