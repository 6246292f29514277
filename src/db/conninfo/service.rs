//! The connection service file: which file defines a service (`servicefile=`,
//! `PGSERVICEFILE`, `~/.pg_service.conf`, then `<sysconfdir>/pg_service.conf`) and libpq's
//! reading of its `[section]` and `key=value` lines, filling the options the dsn left
//! unset. It does not weigh the service against the environment or the defaults, nor
//! validate values: [`resolve`](super::resolve) does that once this has run.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Result};

use super::parse::{is_c_space_char, keyword};
use super::{Context, Opts, Origin};

/// libpq's `parseServiceInfo`: find the service's section and fill unset options from it.
pub(super) fn apply_service(opts: &mut Opts, ctx: &Context) -> Result<()> {
    let service = match opts.get("service") {
        Some(s) => s.to_string(),
        None => match ctx.raw_var("PGSERVICE") {
            Some(s) => s.to_string(),
            None => return Ok(()),
        },
    };

    // First file: servicefile= (PostgreSQL 18), else PGSERVICEFILE (must exist), else
    // ~/.pg_service.conf (if it exists).
    let first = match opts
        .nonempty("servicefile")
        .or_else(|| ctx.var("PGSERVICEFILE"))
    {
        Some(explicit) => {
            let path = PathBuf::from(explicit);
            if !path.exists() {
                bail!("service file {} not found", path.display());
            }
            Some(path)
        }
        None => ctx
            .home
            .as_ref()
            .map(|h| h.join(".pg_service.conf"))
            .filter(|p| p.exists()),
    };
    if let Some(path) = first {
        if apply_service_file(&path, &service, opts)? {
            return Ok(());
        }
    }
    if let Some(dir) = &ctx.sysconfdir {
        let path = dir.join("pg_service.conf");
        if path.exists() && apply_service_file(&path, &service, opts)? {
            return Ok(());
        }
    }
    bail!("definition of service \"{service}\" not found")
}

/// libpq's `parseServiceFile`. Returns whether the section was found. Only lines inside
/// the wanted section are checked; the first section of that name wins; keys and values are
/// not trimmed around `=` (libpq: `host = x` is an error).
fn apply_service_file(path: &Path, service: &str, opts: &mut Opts) -> Result<bool> {
    let bytes = std::fs::read(path)
        .map_err(|e| anyhow!("could not read service file {}: {e}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let mut found = false;
    for (index, raw) in text.split('\n').enumerate() {
        let lineno = index + 1;
        let line = raw.trim_matches(is_c_space_char);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            if found {
                return Ok(true);
            }
            found = rest
                .strip_prefix(service)
                .is_some_and(|r| r.starts_with(']'));
            continue;
        }
        if !found {
            continue;
        }
        let here = || format!("service file {}:{lineno}", path.display());
        let Some((key, value)) = line.split_once('=') else {
            bail!("{}: syntax error, expected key=value", here());
        };
        if key == "service" || key == "servicefile" {
            bail!("{}: nested service specifications not supported", here());
        }
        let Some(kw) = keyword(key) else {
            bail!("{}: invalid connection option \"{key}\"", here());
        };
        opts.set_if_unset(kw.name, value, Origin::Service);
    }
    Ok(found)
}

#[cfg(test)]
#[path = "service_tests.rs"]
#[allow(clippy::unwrap_used)]
mod tests;
