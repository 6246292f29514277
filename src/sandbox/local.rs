//! The user's own sandbox: one persistent cluster per OS user that `quell sandbox
//! up/status/down` manage and `-t sandbox` connects to. Clusters themselves are
//! `cluster`'s business; this file only decides where the sandbox lives and
//! reports on it.

use std::fmt;
use std::path::PathBuf;

use anyhow::Context as _;
use serde::Serialize;

use super::{Cluster, ClusterOptions};
use crate::db::conninfo::Context;

/// Where the sandbox lives: `$QUELL_SANDBOX_DIR`, else `<tmp>/quell-sandbox-<uid>`
/// (under /tmp so the `postgres` OS user can reach it when quell runs as root).
pub fn default_dir(ctx: &Context) -> PathBuf {
    match ctx.env.get("QUELL_SANDBOX_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => std::env::temp_dir().join(format!("quell-sandbox-{}", nix::unistd::geteuid())),
    }
}

/// What `quell sandbox up/status/down` report.
#[derive(Debug, Serialize)]
pub struct Status {
    pub running: bool,
    pub dir: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dsn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub socket_dsn: Option<String>,
    pub target: &'static str,
    /// `down` just stopped and removed it.
    #[serde(skip)]
    pub removed: bool,
}

impl Status {
    fn of(cluster: Option<&Cluster>, dir: PathBuf) -> Status {
        Status {
            running: cluster.is_some(),
            dir: dir.display().to_string(),
            port: cluster.map(Cluster::port),
            dsn: cluster.map(|c| c.dsn(c.superuser(), "postgres")),
            socket_dsn: cluster.map(|c| c.socket_dsn(c.superuser(), "postgres")),
            target: "sandbox",
            removed: false,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.dsn, self.running) {
            (Some(dsn), true) => write!(
                f,
                "sandbox running in {}\n  dsn:    {dsn}\n  target: -t sandbox   (try: quell -t sandbox connections)",
                self.dir
            ),
            _ if self.removed => write!(f, "sandbox stopped and {} removed", self.dir),
            _ => write!(f, "sandbox not running (start it with: quell sandbox up)"),
        }
    }
}

fn running(ctx: &Context) -> Option<Cluster> {
    Cluster::attach(&default_dir(ctx))
        .ok()
        .filter(Cluster::is_running)
}

/// Start the sandbox, or report the one already running.
pub fn up(ctx: &Context, max_connections: u32) -> anyhow::Result<Status> {
    let dir = default_dir(ctx);
    if let Ok(cluster) = Cluster::attach(&dir) {
        // Running already, or stopped (e.g. after a reboot): bring it back on its port.
        cluster.ensure_running().context("restarting the sandbox")?;
        return Ok(Status::of(Some(&cluster), dir));
    }
    if dir.exists() {
        // A directory without a sandbox in it is leftovers of a failed start.
        std::fs::remove_dir_all(&dir)
            .with_context(|| format!("removing leftovers in {}", dir.display()))?;
    }
    let cluster = Cluster::start(ClusterOptions {
        max_connections,
        dir: Some(dir.clone()),
        ..ClusterOptions::default()
    })
    .context("starting the sandbox")?;
    Ok(Status::of(Some(&cluster), dir))
}

/// Is the sandbox running, and where.
pub fn status(ctx: &Context) -> anyhow::Result<Status> {
    let cluster = running(ctx);
    Ok(Status::of(cluster.as_ref(), default_dir(ctx)))
}

/// Stop the sandbox and remove its files.
pub fn down(ctx: &Context) -> anyhow::Result<Status> {
    let dir = default_dir(ctx);
    if let Ok(cluster) = Cluster::attach(&dir) {
        cluster.destroy().context("stopping the sandbox")?;
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    Ok(Status {
        removed: true,
        ..Status::of(None, dir)
    })
}

/// The DSN of the running sandbox, for `-t sandbox`.
pub fn running_dsn(ctx: &Context) -> anyhow::Result<String> {
    let cluster = running(ctx).with_context(|| {
        format!(
            "target \"sandbox\": no sandbox is running in {} (start one with: quell sandbox up)",
            default_dir(ctx).display()
        )
    })?;
    Ok(cluster.dsn(cluster.superuser(), "postgres"))
}
