//! The user's own sandbox: one persistent cluster per OS user that `quell sandbox
//! up/status/down` manage and `-t sandbox` connects to. Clusters themselves are
//! `cluster`'s business; this file only decides where the sandbox lives and
//! reports on it.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use super::scenario::{self, Scenario};
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
    /// The seeded scenario's database (`app`: orgs, roles' grants, jobs table).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_dsn: Option<String>,
    pub target: &'static str,
    pub max_connections: Option<u32>,
    /// The seeded scenario, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<Scenario>,
    /// Its `quell.yaml`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<String>,
    /// pg_cron jobs (else a jobs table).
    pub pg_cron: bool,
    /// `down` just stopped and removed it.
    #[serde(skip)]
    pub removed: bool,
    /// `down` removed quell's files but left the directory, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dir_kept: Option<String>,
    /// `up` found it running (or stopped, and restarted it) with these settings.
    pub already: bool,
    /// `up` found it without its settings file (`quell-scenario.json`): what it runs
    /// with is unknown, and the requested settings could not be checked.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub settings_unknown: bool,
}

/// What a sandbox was started with (kept beside it, compared by a later `up`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub max_connections: u32,
    pub scenario: Option<Scenario>,
}

impl Settings {
    pub fn flags(&self) -> String {
        match &self.scenario {
            Some(s) => format!(
                "--max-connections {} --orgs {} --users-per-org {} --split {}",
                self.max_connections, s.orgs, s.users_per_org, s.split
            ),
            None => format!("--max-connections {} --orgs 0", self.max_connections),
        }
    }

    fn read(dir: &Path) -> Option<Settings> {
        let text = std::fs::read_to_string(scenario::settings_path(dir)).ok()?;
        serde_json::from_str(&text).ok()
    }
}

impl Status {
    fn of(cluster: Option<&Cluster>, dir: PathBuf, settings: Option<Settings>) -> Status {
        let config = dir.join("quell.yaml");
        let scenario = settings.and_then(|s| s.scenario);
        Status {
            running: cluster.is_some(),
            dir: dir.display().to_string(),
            port: cluster.map(Cluster::port),
            dsn: cluster.map(|c| c.dsn(c.superuser(), "postgres")),
            socket_dsn: cluster.map(|c| c.socket_dsn(c.superuser(), "postgres")),
            app_dsn: cluster
                .filter(|_| scenario.is_some())
                .map(|c| c.dsn(c.superuser(), scenario::DATABASE)),
            target: "sandbox",
            max_connections: settings.map(|s| s.max_connections),
            config: (cluster.is_some() && scenario.is_some() && config.exists())
                .then(|| config.display().to_string()),
            scenario,
            pg_cron: cluster.is_some_and(Cluster::has_pg_cron),
            removed: false,
            dir_kept: None,
            already: false,
            settings_unknown: false,
        }
    }

    /// What to tell the operator, with commands spelled the way quell was invoked.
    pub fn text(&self, quell: &str) -> String {
        match (&self.dsn, self.running) {
            (Some(dsn), true) => {
                let already = match (self.already, self.settings_unknown) {
                    (true, true) => " (already: nothing new was started; it runs with unknown scenario settings, no quell-scenario.json, so the requested ones could not be checked)",
                    (true, false) => " (already: nothing new was started)",
                    _ => "",
                };
                let mut text = format!("sandbox running in {}{already}\n  dsn:    {dsn}", self.dir);
                if let Some(app) = &self.app_dsn {
                    text.push_str(&format!(
                        "\n  app:    {app}   (the seeded orgs, roles and jobs)"
                    ));
                }
                match (&self.scenario, &self.config) {
                    (Some(s), Some(config)) => {
                        text.push_str(&format!(
                            "\n  seeded: {} orgs ({} internal) x {} users: {} login role(s), {} memberships each; {}\n  config: {config}\n  try:    {quell} -c {config} doctor\n          {quell} -c {config} tenants list\n          {quell} -c {config} jobs list",
                            s.orgs,
                            s.internal(),
                            s.users_per_org,
                            s.split.max(1),
                            s.fan_out(),
                            if self.pg_cron { "pg_cron jobs" } else { "jobs in app_jobs" },
                        ));
                    }
                    _ => text.push_str(&format!(
                        "\n  target: -t sandbox   (try: {quell} -t sandbox connections)"
                    )),
                }
                text
            }
            _ if self.removed => match &self.dir_kept {
                None => format!("sandbox stopped and {} removed", self.dir),
                Some(why) => format!(
                    "sandbox stopped and quell's files removed; {} stays: {why}",
                    self.dir
                ),
            },
            _ if !Path::new(&self.dir).exists() => {
                format!(
                    "no sandbox in {}: nothing to stop or remove (start one with: {quell} sandbox up)",
                    self.dir
                )
            }
            _ => format!(
                "sandbox not running in {} (start it with: {quell} sandbox up)",
                self.dir
            ),
        }
    }
}

/// `superuser_reserved_connections` of a seeded sandbox.
const SCENARIO_RESERVED: u32 = 8;

fn running(dir: &Path) -> Option<Cluster> {
    Cluster::attach(dir).ok().filter(Cluster::is_running)
}

/// Start the sandbox (seeded with `settings.scenario`), or report the one already
/// running with the same settings. Never removes anything: a directory that is not
/// empty and not a sandbox is refused. One running without its settings file is
/// reported as running with unknown settings, and refused when `flagged` (the
/// settings were asked for on the command line, and may differ).
pub fn up(dir: &Path, settings: Settings, flagged: bool) -> anyhow::Result<(Status, bool)> {
    if let Ok(cluster) = Cluster::attach(dir) {
        let had = Settings::read(dir);
        if had.is_none() && flagged {
            anyhow::bail!(
                "a sandbox is already in {} with unknown scenario settings (no {}): the requested {} cannot be checked against it; use it as it is (`{} sandbox up --dir {}` with no flags), or stop it first with `{} sandbox down --dir {}` (or use another --dir)",
                dir.display(),
                scenario::settings_path(dir).display(),
                settings.flags(),
                crate::output::invocation(),
                dir.display(),
                crate::output::invocation(),
                dir.display()
            );
        }
        if let Some(had) = had.filter(|h| *h != settings) {
            anyhow::bail!(
                "a sandbox is already in {} with {}, not {}: use it as it is, or stop it first with `{} sandbox down --dir {}` (or use another --dir)",
                dir.display(),
                had.flags(),
                settings.flags(),
                crate::output::invocation(),
                dir.display()
            );
        }
        // Running already, or stopped (e.g. after a reboot): bring it back on its port.
        cluster.ensure_running().context("restarting the sandbox")?;
        let status = Status {
            already: true,
            settings_unknown: had.is_none(),
            ..Status::of(Some(&cluster), dir.to_path_buf(), had)
        };
        return Ok((status, false));
    }
    if let Some(s) = &settings.scenario {
        s.check()?;
    }
    let cluster = Cluster::start(ClusterOptions {
        max_connections: settings.max_connections,
        // Room for the operator (quell, psql) while the app holds every other slot.
        superuser_reserved_connections: match settings.scenario {
            Some(_) => SCENARIO_RESERVED.min(settings.max_connections / 2),
            None => ClusterOptions::default().superuser_reserved_connections,
        },
        dir: Some(dir.to_path_buf()),
        ..ClusterOptions::default()
    })
    .context("starting the sandbox")?;
    let dir = cluster.dir().to_path_buf();
    let seeded = (|| -> anyhow::Result<()> {
        if let Some(s) = &settings.scenario {
            s.seed(&cluster)?;
            std::fs::write(dir.join("quell.yaml"), s.config(&cluster, &dir))
                .context("writing quell.yaml")?;
        }
        std::fs::write(
            scenario::settings_path(&dir),
            serde_json::to_string(&settings)?,
        )
        .context("writing the sandbox settings")?;
        Ok(())
    })();
    if let Err(e) = seeded {
        // Only what this call created goes: the cluster and its own files.
        let _ = cluster.destroy_with(scenario::FILES);
        return Err(e.context("seeding the sandbox"));
    }
    Ok((Status::of(Some(&cluster), dir, Some(settings)), true))
}

/// Is the sandbox running, and where.
pub fn status(dir: &Path) -> anyhow::Result<Status> {
    let cluster = running(dir);
    Ok(Status::of(
        cluster.as_ref(),
        dir.to_path_buf(),
        Settings::read(dir),
    ))
}

/// Stop the sandbox and remove what quell created: only in a directory holding
/// quell's own state file (anything else is refused and left as it is), only
/// quell's entries, and the directory itself when `up` created it and nothing
/// else is in it.
pub fn down(dir: &Path) -> anyhow::Result<Status> {
    let removed = match Cluster::attach(dir) {
        Ok(cluster) => cluster
            .destroy_with(scenario::FILES)
            .context("stopping the sandbox")?,
        Err(_) if !dir.exists() => return Ok(Status::of(None, dir.to_path_buf(), None)),
        Err(_) => anyhow::bail!(
            "{} is not a quell sandbox (it has no {}): nothing was stopped or removed",
            dir.display(),
            super::STATE_FILE
        ),
    };
    let dir_kept = match removed {
        super::Removed::Dir => None,
        super::Removed::ContentsOnly { foreign } if foreign.is_empty() => {
            Some("it was there before `sandbox up`".to_string())
        }
        super::Removed::ContentsOnly { foreign } => Some(format!(
            "it holds what quell did not create ({})",
            foreign.join(", ")
        )),
    };
    Ok(Status {
        removed: true,
        dir_kept,
        ..Status::of(None, dir.to_path_buf(), None)
    })
}

/// The DSN of the running sandbox, for `-t sandbox`.
pub fn running_dsn(ctx: &Context) -> anyhow::Result<String> {
    let dir = default_dir(ctx);
    let cluster = running(&dir).with_context(|| {
        format!(
            "target \"sandbox\": no sandbox is running in {} (the default directory; for one \
             started with --dir D, set QUELL_SANDBOX_DIR=D or use `-c D/quell.yaml`; to start \
             one here: `{} sandbox up`)",
            dir.display(),
            crate::output::invocation()
        )
    })?;
    Ok(cluster.dsn(cluster.superuser(), "postgres"))
}
