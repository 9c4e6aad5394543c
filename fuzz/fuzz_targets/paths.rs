//! libFuzzer on [`dlvbridge_fuzz::check_paths`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dlvbridge_fuzz::check_paths(data));
