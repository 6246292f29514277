//! The password file (`.pgpass`): the permission rule (a plain file with no group or world
//! access, else ignored with libpq's warning), libpq's line matching
//! (`host:port:database:user:password`, whole-field `*`, `\` escapes, first match wins) and
//! the host key an endpoint is looked up under. It does not choose which file to read, nor
//! whether a password given in the dsn, the service file or `PGPASSWORD` wins:
//! [`resolve`](super::resolve) does.

use std::path::Path;

use super::{Context, Host, Slot};

/// The host key libpq matches against `.pgpass`: the host as given (or hostaddr);
/// `localhost` for no host and for the compiled-in socket directory written exactly
/// as libpq spells it (its `strcmp`); any other socket directory is its own path.
pub(super) fn pgpass_host(slot: &Slot, ctx: &Context) -> String {
    if slot.given_host.is_empty() {
        return "localhost".into();
    }
    if matches!(slot.host, Host::Unix(_)) && slot.given_host == ctx.socket_dir.to_string_lossy() {
        return "localhost".into();
    }
    slot.given_host.clone()
}

/// Read a password file's lines, or None (with a warning where libpq prints one) when it
/// must be ignored.
pub(super) fn read_passfile(path: &Path, warnings: &mut Vec<String>) -> Option<Vec<String>> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        warnings.push(format!(
            "password file \"{}\" is not a plain file",
            path.display()
        ));
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            warnings.push(format!(
                "password file \"{}\" has group or world access; permissions should be u=rw (0600) or less",
                path.display()
            ));
            return None;
        }
    }
    let bytes = std::fs::read(path).ok()?;
    Some(
        bytes
            .split(|b| *b == b'\n')
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .collect(),
    )
}

/// libpq's `passwordFromFile` matching loop: the first matching line's password.
pub(super) fn pgpass_lookup(
    lines: &[String],
    host: &str,
    port: &str,
    dbname: &str,
    user: &str,
) -> Option<String> {
    for line in lines {
        if line.starts_with('#') {
            continue;
        }
        let line = line.trim_end_matches(['\r', '\n']).as_bytes();
        if line.is_empty() {
            continue;
        }
        let rest = [host, port, dbname, user]
            .iter()
            .try_fold(line, |rest, token| pgpass_field(rest, token.as_bytes()));
        if let Some(rest) = rest {
            let mut out = Vec::new();
            let mut i = 0;
            while i < rest.len() && rest[i] != b':' {
                if rest[i] == b'\\' && i + 1 < rest.len() {
                    i += 1;
                }
                out.push(rest[i]);
                i += 1;
            }
            return Some(String::from_utf8_lossy(&out).into_owned());
        }
    }
    None
}

/// libpq's `pwdfMatchesString`: match one `:`-terminated field against `token`, returning
/// the rest of the line. A field that is exactly `*` matches anything; `\` escapes.
fn pgpass_field<'a>(line: &'a [u8], token: &[u8]) -> Option<&'a [u8]> {
    if line.starts_with(b"*:") {
        return Some(&line[2..]);
    }
    let (mut i, mut t) = (0, 0);
    while i < line.len() {
        let mut escaped = false;
        if line[i] == b'\\' {
            i += 1;
            escaped = true;
        }
        let c = line.get(i).copied();
        if c == Some(b':') && t == token.len() && !escaped {
            return Some(&line[i + 1..]);
        }
        if t == token.len() || c != Some(token[t]) {
            return None;
        }
        i += 1;
        t += 1;
    }
    None
}

#[cfg(test)]
#[path = "pgpass_tests.rs"]
#[allow(clippy::unwrap_used)]
mod tests;
