//! The small state file a sandbox leaves in its directory so another process
//! (`quell sandbox status/down`, a later test run) can attach to it.
//!
//! This file owns the format of `<dir>/quell-sandbox.state` (plain
//! `key=value` lines, one per field, values to the end of the line) and
//! reading/writing it. It does not decide when it is written or what the
//! values mean for the running server (that is `cluster.rs`).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

/// Name of the state file inside a sandbox directory.
pub const STATE_FILE: &str = "quell-sandbox.state";

const FORMAT_VERSION: &str = "1";

/// What [`super::Cluster::attach`] needs to know about a sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct State {
    pub port: u16,
    pub bindir: PathBuf,
    pub socket_dir: PathBuf,
    pub data_dir: PathBuf,
    pub log_file: PathBuf,
    pub superuser: String,
    pub pg_cron: bool,
    pub server_version_num: u32,
    /// `up` created the sandbox directory (else it was there, empty, before: `down`
    /// then removes only what quell put in it and leaves the directory).
    pub created_dir: bool,
}

impl State {
    pub(crate) fn render(&self) -> anyhow::Result<String> {
        let mut out = String::from("# quell sandbox state: read by `Cluster::attach`\n");
        let mut put = |key: &str, value: &str| -> anyhow::Result<()> {
            if value.contains('\n') || value.contains('\r') {
                bail!("{key} {value:?} contains a line break");
            }
            out.push_str(key);
            out.push('=');
            out.push_str(value);
            out.push('\n');
            Ok(())
        };
        put("format", FORMAT_VERSION)?;
        put("port", &self.port.to_string())?;
        put("bindir", utf8(&self.bindir)?)?;
        put("socket_dir", utf8(&self.socket_dir)?)?;
        put("data_dir", utf8(&self.data_dir)?)?;
        put("log_file", utf8(&self.log_file)?)?;
        put("superuser", &self.superuser)?;
        put("pg_cron", if self.pg_cron { "true" } else { "false" })?;
        put("server_version_num", &self.server_version_num.to_string())?;
        put(
            "created_dir",
            if self.created_dir { "true" } else { "false" },
        )?;
        Ok(out)
    }

    pub(crate) fn parse(text: &str) -> anyhow::Result<State> {
        let mut fields = std::collections::HashMap::new();
        for line in text.lines() {
            let line = line.trim_end_matches('\r');
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                bail!("malformed line {line:?} (expected key=value)");
            };
            fields.insert(key.trim(), value);
        }
        let get = |key: &str| -> anyhow::Result<&str> {
            fields
                .get(key)
                .copied()
                .with_context(|| format!("missing `{key}`"))
        };
        let format = get("format")?;
        if format != FORMAT_VERSION {
            bail!("unsupported format {format:?} (expected {FORMAT_VERSION})");
        }
        Ok(State {
            port: get("port")?.parse().context("parsing `port`")?,
            bindir: get("bindir")?.into(),
            socket_dir: get("socket_dir")?.into(),
            data_dir: get("data_dir")?.into(),
            log_file: get("log_file")?.into(),
            superuser: get("superuser")?.to_string(),
            pg_cron: get("pg_cron")?.parse().context("parsing `pg_cron`")?,
            server_version_num: get("server_version_num")?
                .parse()
                .context("parsing `server_version_num`")?,
            // A state file from before this field: the directory's origin is
            // unknown, so it is kept.
            created_dir: match fields.get("created_dir") {
                Some(v) => v.parse().context("parsing `created_dir`")?,
                None => false,
            },
        })
    }

    /// Write `<dir>/quell-sandbox.state` atomically (temp file + rename).
    pub(crate) fn write(&self, dir: &Path) -> anyhow::Result<PathBuf> {
        let path = dir.join(STATE_FILE);
        let tmp = dir.join(format!("{STATE_FILE}.tmp"));
        let text = self.render().context("rendering the sandbox state file")?;
        std::fs::write(&tmp, text).with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, &path)
            .with_context(|| format!("renaming {} to {}", tmp.display(), path.display()))?;
        Ok(path)
    }

    /// Read `<dir>/quell-sandbox.state`.
    pub(crate) fn read(dir: &Path) -> anyhow::Result<State> {
        let path = dir.join(STATE_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                bail!(
                    "no quell sandbox in {} (no {STATE_FILE}): start one with `{} sandbox up`",
                    dir.display(),
                    crate::output::invocation()
                )
            }
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        State::parse(&text).with_context(|| format!("parsing {}", path.display()))
    }
}

fn utf8(path: &Path) -> anyhow::Result<&str> {
    path.to_str()
        .with_context(|| format!("path {} is not valid utf-8", path.display()))
}
