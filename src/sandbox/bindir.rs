//! Locating the PostgreSQL server binaries and asking them about themselves.
//!
//! This file owns the bindir search order ($PG_BINDIR, `pg_config --bindir`,
//! the newest `/usr/lib/postgresql/*/bin`, PATH), the test of what counts as a
//! server bindir, the pkglibdir lookup used to detect pg_cron, and parsing of
//! `postgres --version`. It does not start or configure anything (that is
//! `cluster.rs` / `config.rs`). The search itself is a plain value
//! ([`BindirSearch`]) so it can be tested without touching the process
//! environment.

use std::ffi::OsString;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context};

/// The binaries a directory must hold to count as a server bindir.
pub const REQUIRED_BINARIES: [&str; 3] = ["initdb", "pg_ctl", "postgres"];

/// Where Debian/Ubuntu install one bindir per major version.
const DEBIAN_VERSIONED_ROOT: &str = "/usr/lib/postgresql";

/// Why no server bindir could be chosen.
#[derive(Debug, thiserror::Error)]
pub enum BindirError {
    /// `PG_BINDIR` is set (non-empty) but does not hold the server binaries.
    /// An explicit choice is never silently overridden by a fallback.
    #[error(
        "PG_BINDIR={} is not a postgresql server bindir (missing {}): point it at the directory holding initdb, pg_ctl and postgres, or unset it",
        .path.display(),
        .missing.join(", ")
    )]
    InvalidPgBindir {
        path: PathBuf,
        missing: Vec<&'static str>,
    },
    /// Nothing suitable anywhere.
    #[error("postgresql server binaries not found (looked in PG_BINDIR, pg_config --bindir, /usr/lib/postgresql/*/bin, PATH): install them, e.g. `apt-get install postgresql`")]
    NotFound,
}

/// The inputs of the bindir search, gathered from the environment by
/// [`BindirSearch::from_env`] or built by hand (tests).
#[derive(Debug, Clone, Default)]
pub struct BindirSearch {
    /// Value of `$PG_BINDIR`; `None` or empty means unset.
    pub pg_bindir: Option<OsString>,
    /// Output of `pg_config --bindir`, if pg_config ran.
    pub pg_config_bindir: Option<PathBuf>,
    /// Directory holding one `<version>/bin` per major version
    /// (`/usr/lib/postgresql`); `None` skips this step.
    pub versioned_root: Option<PathBuf>,
    /// Value of `$PATH`.
    pub path: Option<OsString>,
}

impl BindirSearch {
    /// Read `$PG_BINDIR` and `$PATH`, and run `pg_config --bindir` (only when
    /// `$PG_BINDIR` is unset, since it would win anyway).
    pub fn from_env() -> Self {
        let pg_bindir = std::env::var_os("PG_BINDIR").filter(|v| !v.is_empty());
        let pg_config_bindir = if pg_bindir.is_none() {
            pg_config_value(Path::new("pg_config"), "--bindir").map(PathBuf::from)
        } else {
            None
        };
        BindirSearch {
            pg_bindir,
            pg_config_bindir,
            versioned_root: Some(PathBuf::from(DEBIAN_VERSIONED_ROOT)),
            path: std::env::var_os("PATH"),
        }
    }

    /// Pick the bindir: `pg_bindir` (an error if set but unusable), then
    /// `pg_config_bindir`, then the numerically newest `<root>/<version>/bin`,
    /// then each PATH entry in order. A candidate counts only if it holds all
    /// of [`REQUIRED_BINARIES`] as executable files.
    pub fn resolve(&self) -> Result<PathBuf, BindirError> {
        if let Some(explicit) = self.pg_bindir.as_deref().filter(|v| !v.is_empty()) {
            let path = PathBuf::from(explicit);
            let missing = missing_binaries(&path);
            if missing.is_empty() {
                return Ok(path);
            }
            return Err(BindirError::InvalidPgBindir { path, missing });
        }
        if let Some(dir) = &self.pg_config_bindir {
            if is_server_bindir(dir) {
                return Ok(dir.clone());
            }
        }
        if let Some(root) = &self.versioned_root {
            for dir in versioned_bindirs(root) {
                if is_server_bindir(&dir) {
                    return Ok(dir);
                }
            }
        }
        if let Some(path) = &self.path {
            for dir in std::env::split_paths(path) {
                if !dir.as_os_str().is_empty() && is_server_bindir(&dir) {
                    return Ok(dir);
                }
            }
        }
        Err(BindirError::NotFound)
    }
}

/// Locate the server binaries: `$PG_BINDIR`, then `pg_config --bindir`, then
/// the newest `/usr/lib/postgresql/*/bin` (numeric version sort), then PATH.
/// A set but unusable `$PG_BINDIR` is an error naming it rather than a
/// silent fall-through.
pub fn find_bindir() -> anyhow::Result<PathBuf> {
    Ok(BindirSearch::from_env().resolve()?)
}

/// The required binaries `dir` lacks (empty = it is a server bindir).
fn missing_binaries(dir: &Path) -> Vec<&'static str> {
    REQUIRED_BINARIES
        .iter()
        .copied()
        .filter(|name| !is_executable_file(&dir.join(name)))
        .collect()
}

fn is_server_bindir(dir: &Path) -> bool {
    missing_binaries(dir).is_empty()
}

fn is_executable_file(path: &Path) -> bool {
    std::fs::metadata(path)
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// `<root>/<version>/bin` for every entry of `root` whose name is a version
/// (`15`, `9.6`), newest first.
fn versioned_bindirs(root: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut versions: Vec<(Vec<u32>, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name();
            let version = parse_dotted_version(name.to_str()?)?;
            Some((version, entry.path().join("bin")))
        })
        .collect();
    versions.sort_by(|a, b| b.0.cmp(&a.0));
    versions.into_iter().map(|(_, dir)| dir).collect()
}

fn parse_dotted_version(name: &str) -> Option<Vec<u32>> {
    name.split('.').map(|part| part.parse().ok()).collect()
}

/// Run `<pg_config> <flag>` and return its trimmed, non-empty stdout.
fn pg_config_value(pg_config: &Path, flag: &str) -> Option<OsString> {
    let output = Command::new(pg_config)
        .arg(flag)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| OsString::from(text))
}

/// The server's package library directory: `<bindir>/pg_config --pkglibdir`
/// when that pg_config exists, else `<bindir>/../lib`.
pub fn pkglibdir(bindir: &Path) -> PathBuf {
    let pg_config = bindir.join("pg_config");
    if is_executable_file(&pg_config) {
        if let Some(dir) = pg_config_value(&pg_config, "--pkglibdir") {
            return PathBuf::from(dir);
        }
    }
    bindir.join("..").join("lib")
}

/// Whether `pg_cron.so` is installed for the server in `bindir`.
pub fn pg_cron_available(bindir: &Path) -> bool {
    pkglibdir(bindir).join("pg_cron.so").is_file()
}

/// Parse `postgres --version` output ("postgres (PostgreSQL) 15.20 (Debian
/// ...)") into a `server_version_num` (150020; 90624 for 9.6.24; 160000 for
/// 16beta1).
pub fn parse_server_version_num(text: &str) -> Option<u32> {
    let version = text
        .split_whitespace()
        .find(|word| word.starts_with(|c: char| c.is_ascii_digit()))?;
    let parts: Vec<u32> = version
        .split('.')
        .map_while(|part| {
            let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect();
    let major = *parts.first()?;
    if major >= 10 {
        Some(major * 10000 + parts.get(1).copied().unwrap_or(0))
    } else {
        Some(
            major * 10000
                + parts.get(1).copied().unwrap_or(0) * 100
                + parts.get(2).copied().unwrap_or(0),
        )
    }
}

/// Run `<bindir>/postgres --version` and parse it (works as root too).
pub(crate) fn server_version_num(bindir: &Path) -> anyhow::Result<u32> {
    let postgres = bindir.join("postgres");
    let output = Command::new(&postgres)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("running {} --version", postgres.display()))?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "{} --version failed ({}): {}",
            postgres.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    parse_server_version_num(&text).with_context(|| {
        format!(
            "parsing the version out of `{} --version` output {:?}",
            postgres.display(),
            text.trim()
        )
    })
}
