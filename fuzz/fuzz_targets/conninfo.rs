//! The libpq conninfo and URL parser and resolution: any string ends in parameters or
//! an error, and an error never echoes the password the string carries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quell::db::conninfo::{self, Context};

fuzz_target!(|data: &[u8]| {
    let Ok(dsn) = std::str::from_utf8(data) else {
        return;
    };
    let ctx = Context {
        os_user: "fuzz".into(),
        ..Context::default()
    };
    let Err(e) = conninfo::resolve(Some(dsn), &ctx) else {
        return;
    };
    let message = format!("{e:#}");
    for secret in passwords(dsn) {
        assert!(!message.contains(&secret), "error echoes the password: {message}");
    }
});

/// The passwords `dsn` really carries, where they can be told apart from other text:
/// the parsed `password` value, or a URL's `user:password@` part; only alphanumeric
/// ones of 8 characters or more, found once in the input (the fuzzer otherwise builds
/// passwords that spell a piece of an error message, or another field's value).
fn passwords(dsn: &str) -> Vec<String> {
    let mut found = Vec::new();
    if let Ok(pairs) = conninfo::parse(dsn) {
        found.extend(pairs.into_iter().filter(|(k, _)| k == "password").map(|(_, v)| v));
    } else if let Some(rest) = dsn
        .strip_prefix("postgresql://")
        .or_else(|| dsn.strip_prefix("postgres://"))
    {
        let credentials = rest.split(['/', '@']).next().unwrap_or("");
        if rest[credentials.len()..].starts_with('@') {
            if let Some((_, pw)) = credentials.split_once(':') {
                found.push(pw.to_string());
            }
        }
    }
    found.retain(|pw| {
        pw.len() >= 8
            && pw.bytes().all(|b| b.is_ascii_alphanumeric())
            && dsn.matches(pw.as_str()).count() == 1
    });
    found
}
