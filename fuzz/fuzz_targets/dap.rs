//! libFuzzer on [`dlvbridge_fuzz::check_dap`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dlvbridge_fuzz::check_dap(data));
