//! `${VAR}` interpolation: any string ends in a value or names what is missing; text
//! without `$` is returned as it was.
#![no_main]

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let env: HashMap<String, String> = [("A", "x"), ("B", "${A}"), ("EMPTY", "")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    match quell::yaml::interpolate(text, &env) {
        Ok(out) if !text.contains('$') => assert_eq!(out, text),
        // A value is never interpolated twice: ${B} is the literal text "${A}".
        Ok(out) if text == "${B}" => assert_eq!(out, "${A}"),
        _ => {}
    }
});
