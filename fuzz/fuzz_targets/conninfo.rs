//! The libpq conninfo and URL parser and resolution: any string ends in parameters or
//! an error that never echoes a password.
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
    if let Err(e) = conninfo::resolve(Some(dsn), &ctx) {
        let message = format!("{e:#}");
        if let Some(pw) = password_in(dsn) {
            assert!(!message.contains(pw), "error echoes the password: {message}");
        }
    }
});

/// A `password=...` value that cannot match by accident: long, alphanumeric, found
/// once in the input, and not a piece of the keyword itself.
fn password_in(dsn: &str) -> Option<&str> {
    let rest = &dsn[dsn.find("password=")? + "password=".len()..];
    let value = rest.split([' ', '&']).next()?;
    let plain = value.len() >= 8 && value.bytes().all(|b| b.is_ascii_alphanumeric());
    (plain && dsn.matches(value).count() == 1 && !"password".contains(value)).then_some(value)
}
