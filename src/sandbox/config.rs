//! What goes into a sandbox cluster's configuration files.
//!
//! This file owns [`ClusterOptions`], their validation, and rendering the text
//! appended to `postgresql.conf` and the whole of `pg_hba.conf` (pure string
//! work, unit-tested without a server). It does not write files or pick the
//! port (that is `cluster.rs`).

use std::path::{Path, PathBuf};

use anyhow::bail;

/// How to set up a sandbox cluster.
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// `max_connections` (default 100). Must exceed
    /// `superuser_reserved_connections` (+ `reserved_connections` on 16+).
    pub max_connections: u32,
    /// `superuser_reserved_connections` (default 3).
    pub superuser_reserved_connections: u32,
    /// Extra postgresql.conf settings, appended as `key = 'value'` after the
    /// sandbox defaults (so they override e.g. `shared_buffers`). `port`,
    /// `listen_addresses`, `unix_socket_directories`, `max_connections` and
    /// `superuser_reserved_connections` are managed and rejected here. A
    /// `shared_preload_libraries` value gets `pg_cron` added when pg_cron is
    /// enabled.
    pub settings: Vec<(String, String)>,
    /// Extra pg_hba.conf lines, placed before the default trust lines.
    pub hba: Vec<String>,
    /// (certificate PEM, private key PEM): written as server.crt/server.key in
    /// the data directory (0600, owned by the server user), and `ssl = on`.
    pub ssl: Option<(String, String)>,
    /// A fixed directory for a persistent sandbox (left running and kept on
    /// drop; see [`super::Cluster::attach`]). `None` = a fresh directory under
    /// /tmp, stopped and removed on drop.
    pub dir: Option<PathBuf>,
    /// When `pg_cron.so` is installed for the server, preload it and set
    /// `cron.database_name = 'postgres'` (default true). Creating the
    /// extension is left to the caller.
    pub pg_cron: bool,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            max_connections: 100,
            superuser_reserved_connections: 3,
            settings: Vec::new(),
            hba: Vec::new(),
            ssl: None,
            dir: None,
            pg_cron: true,
        }
    }
}

/// Settings the sandbox manages itself.
const MANAGED: [&str; 5] = [
    "port",
    "listen_addresses",
    "unix_socket_directories",
    "max_connections",
    "superuser_reserved_connections",
];

impl ClusterOptions {
    /// Reject options the server would refuse, with a message saying why,
    /// before anything is created.
    pub(crate) fn validate(&self) -> anyhow::Result<()> {
        for (key, value) in &self.settings {
            if !is_valid_key(key) {
                bail!("invalid setting name {key:?}: expected letters, digits, `_` and `.`");
            }
            let lower = key.to_ascii_lowercase();
            if MANAGED.contains(&lower.as_str()) {
                bail!("setting `{key}` is managed by the sandbox; use the ClusterOptions field instead (port and addresses are chosen automatically)");
            }
            if value.contains('\0') {
                bail!("setting `{key}` has a NUL byte in its value");
            }
        }
        let reserved = self
            .settings
            .iter()
            .rev()
            .find(|(k, _)| k.eq_ignore_ascii_case("reserved_connections"))
            .map(|(_, v)| v.trim().parse::<u32>())
            .transpose()
            .map_err(|e| anyhow::anyhow!("parsing reserved_connections: {e}"))?
            .unwrap_or(0);
        let needed = self.superuser_reserved_connections.saturating_add(reserved);
        if self.max_connections <= needed {
            bail!(
                "max_connections ({}) must be greater than superuser_reserved_connections ({}){}",
                self.max_connections,
                self.superuser_reserved_connections,
                if reserved > 0 {
                    format!(" + reserved_connections ({reserved})")
                } else {
                    String::new()
                }
            );
        }
        if self.max_connections > 262_143 {
            bail!(
                "max_connections ({}) is above postgres's limit of 262143",
                self.max_connections
            );
        }
        for line in &self.hba {
            if line.contains('\n') || line.contains('\r') {
                bail!("pg_hba line {line:?} contains a line break: pass one line per entry");
            }
        }
        Ok(())
    }
}

fn is_valid_key(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

/// Quote `value` as a postgresql.conf string: single quotes doubled,
/// backslashes and line breaks escaped (the config lexer processes backslash
/// escapes and does not allow raw newlines inside a string).
pub(crate) fn quote_conf_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// One directory as an element of `unix_socket_directories` (a
/// comma-separated list whose elements may be double-quoted).
fn socket_dir_list_element(dir: &str) -> String {
    format!("\"{}\"", dir.replace('"', "\"\""))
}

/// The block appended to postgresql.conf.
pub(crate) fn render_conf(
    opts: &ClusterOptions,
    port: u16,
    socket_dir: &Path,
    pg_cron: bool,
    ssl: bool,
) -> anyhow::Result<String> {
    let Some(socket_dir) = socket_dir.to_str() else {
        bail!(
            "socket directory {} is not valid utf-8",
            socket_dir.display()
        );
    };
    let mut lines: Vec<(String, String)> = vec![
        ("listen_addresses".into(), "127.0.0.1".into()),
        (
            "unix_socket_directories".into(),
            socket_dir_list_element(socket_dir),
        ),
        ("max_connections".into(), opts.max_connections.to_string()),
        (
            "superuser_reserved_connections".into(),
            opts.superuser_reserved_connections.to_string(),
        ),
        ("fsync".into(), "off".into()),
        ("synchronous_commit".into(), "off".into()),
        ("full_page_writes".into(), "off".into()),
        ("shared_buffers".into(), "32MB".into()),
    ];
    if ssl {
        lines.push(("ssl".into(), "on".into()));
    }
    let user_preloads = opts
        .settings
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("shared_preload_libraries"));
    if pg_cron {
        if !user_preloads {
            lines.push(("shared_preload_libraries".into(), "pg_cron".into()));
        }
        lines.push(("cron.database_name".into(), "postgres".into()));
    }
    for (key, value) in &opts.settings {
        let value = if pg_cron && key.eq_ignore_ascii_case("shared_preload_libraries") {
            with_pg_cron(value)
        } else {
            value.clone()
        };
        lines.push((key.clone(), value));
    }
    // Last, so a retry on another port only changes the final line.
    lines.push(("port".into(), port.to_string()));

    let mut out = String::from("\n# --- added by the quell sandbox ---\n");
    for (key, value) in lines {
        out.push_str(&key);
        out.push_str(" = ");
        out.push_str(&quote_conf_value(&value));
        out.push('\n');
    }
    Ok(out)
}

/// A `shared_preload_libraries` list with `pg_cron` first unless present.
fn with_pg_cron(list: &str) -> String {
    let present = list
        .split(',')
        .any(|lib| lib.trim().trim_matches('"') == "pg_cron");
    if present {
        list.to_string()
    } else if list.trim().is_empty() {
        "pg_cron".to_string()
    } else {
        format!("pg_cron, {}", list.trim())
    }
}

/// The whole pg_hba.conf: the caller's lines first, then trust for local
/// sockets and loopback TCP (including replication, for pg_basebackup).
pub(crate) fn render_hba(opts: &ClusterOptions) -> String {
    let mut out = String::from("# written by the quell sandbox\n");
    for line in &opts.hba {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(
        "local all all trust\n\
         host all all 127.0.0.1/32 trust\n\
         host all all ::1/128 trust\n\
         local replication all trust\n\
         host replication all 127.0.0.1/32 trust\n\
         host replication all ::1/128 trust\n",
    );
    out
}
