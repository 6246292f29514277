//! The config parser: any bytes, as a config file, end in a config or an error
//! (never a panic, never unbounded time or memory: see `quell::yaml`'s limits).
#![no_main]

use libfuzzer_sys::fuzz_target;
use quell::db::conninfo::Context;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut ctx = Context::default();
    for (k, v) in [("A", "x"), ("PORT", "5432"), ("EMPTY", ""), ("YAML", "a: [b")] {
        ctx.env.insert(k.to_string(), v.to_string());
    }
    let _ = quell::config::parse(text, std::path::Path::new("fuzz.yaml"), &ctx);
});
