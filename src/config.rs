//! `quell.yaml`: the file model, where the file is found, `${VAR}` interpolation,
//! and turning `-t`/`--dsn`/defaults into the resolved targets a command runs on.
//!
//! Connection parameters themselves are resolved by `db::conninfo` (libpq's rules);
//! this module only decides which DSNs and session settings each target gets.
//! Errors in the file name the file, line and column.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context as _};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::db::conninfo::{self, ConnParams, Context};
use crate::values::{parse_duration, scalar};

/// The config file. Unknown keys are errors, so a typo never silently does nothing.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Named servers: name → `dsn` (URL or key=value conninfo) and optional `role` and `notes`.
    #[serde(default)]
    pub targets: IndexMap<String, TargetConfig>,
    /// Named groups of targets, usable with `-t GROUP`.
    #[serde(default)]
    pub groups: IndexMap<String, Vec<String>>,
    /// Target or group used when no `-t` is given (default: the only target, if there is one).
    pub default: Option<String>,
    /// Session settings applied on every connection.
    #[serde(default)]
    pub session: SessionConfig,
    /// Tenant model (see docs/config.md): how orgs are listed, attributed and suspended.
    #[serde(default)]
    pub tenants: crate::tenants::TenantsConfig,
    /// Periodic jobs (see docs/config.md; used by `quell jobs`): backend, database,
    /// essential jobs. Default: pg_cron in database `postgres`, nothing essential.
    #[serde(default)]
    pub jobs: crate::jobs::JobsConfig,
    /// Status-page providers and the local notice journal (see docs/config.md; used by
    /// `quell notice`). Default: no providers; journal in `$XDG_STATE_HOME/quell`.
    #[serde(default)]
    pub notices: crate::notice::NoticesConfig,
    /// The short form of one notice provider: `provider: statuspage|slack|webhook|file`
    /// and its settings (merged into `notices.providers` under the provider's kind).
    pub status_page: Option<crate::notice::StatusPage>,
    /// Several providers in the short form, e.g. Statuspage for customers and Slack for the team.
    #[serde(default)]
    pub status_pages: Vec<crate::notice::StatusPage>,
    /// Doctor thresholds (see the table in docs/commands/doctor.md; every one has a default).
    #[serde(default)]
    pub doctor: crate::inspect::doctor::Thresholds,
}

/// One named server.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetConfig {
    /// `postgres://…` URL or `key=value` conninfo; anything missing comes from PG* variables,
    /// service files and `.pgpass`, as with psql.
    pub dsn: String,
    /// What this server is (primary, replica, shard-3, …); shown by `config check`.
    pub role: Option<String>,
    /// Free text for whoever is on call.
    pub notes: Option<String>,
}

/// Session settings (`session:`); every field is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionConfig {
    /// Give up connecting after this long (default 5s; a DSN's `connect_timeout` or
    /// `PGCONNECT_TIMEOUT` wins).
    pub connect_timeout: Option<Timeout>,
    /// `statement_timeout` set on connect (default 10s): quell never waits long on a sick
    /// server. Every statement is also bounded on quell's side by this plus 2s.
    pub statement_timeout: Option<Timeout>,
    /// `lock_timeout` set on connect (default 2s): quell never queues behind the locks it inspects.
    pub lock_timeout: Option<Timeout>,
    /// `application_name` when the DSN and `PGAPPNAME` set none (then the DSN's
    /// `fallback_application_name`, then `quell`).
    pub application_name: Option<String>,
}

/// A session timeout: at least 1ms (PostgreSQL counts these in whole milliseconds and
/// reads 0 as "no timeout", so a smaller value is refused rather than sent as 0), at
/// most 2147483647ms (its limit), with a unit (a bare number means milliseconds to
/// PostgreSQL and seconds to the rest of quell, so neither is guessed); a fraction of
/// a millisecond is rounded up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeout(pub Duration);

impl<'de> Deserialize<'de> for Timeout {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        scalar(de, "a timeout such as 5s or 250ms", |text| {
            if text.trim().parse::<f64>().is_ok() {
                // PostgreSQL reads a bare number as milliseconds, quell elsewhere as
                // seconds: make the operator say which.
                return Err(format!(
                    "{} has no unit: write it as {0}ms or {0}s",
                    text.trim()
                ));
            }
            let d = parse_duration(text).map_err(|e| e.to_string())?;
            if d > Duration::from_millis(i32::MAX as u64) {
                return Err(format!(
                    "{} is more than PostgreSQL allows for a timeout (2147483647ms, about 24.8 days)",
                    humantime::format_duration(d)
                ));
            }
            if d < Duration::from_millis(1) {
                return Err(format!(
                    "{} is under 1ms: PostgreSQL counts timeouts in milliseconds and reads 0 as no timeout at all",
                    humantime::format_duration(d)
                ));
            }
            let ms = d.as_nanos().div_ceil(1_000_000);
            Ok(Timeout(Duration::from_millis(
                u64::try_from(ms).unwrap_or(u64::MAX),
            )))
        })
    }
}

/// Settings every connection of one invocation gets.
#[derive(Debug, Clone, Serialize)]
pub struct SessionSettings {
    #[serde(with = "secs")]
    pub connect_timeout: Duration,
    #[serde(with = "secs")]
    pub statement_timeout: Duration,
    #[serde(with = "secs")]
    pub lock_timeout: Duration,
    pub application_name: String,
}

mod secs {
    pub fn serialize<S: serde::Serializer>(
        d: &std::time::Duration,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.serialize_f64(d.as_secs_f64())
    }
}

pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
pub const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(2);
pub const DEFAULT_APPLICATION_NAME: &str = "quell";

/// A server a command runs against, with everything needed to connect.
#[derive(Debug, Clone)]
pub struct Target {
    pub name: String,
    pub params: ConnParams,
    pub session: SessionSettings,
    pub role: Option<String>,
    pub notes: Option<String>,
    /// Warnings met while resolving (e.g. a `.pgpass` with loose permissions).
    pub warnings: Vec<String>,
}

/// A loaded config file (or none) plus where it came from.
#[derive(Debug, Default)]
pub struct Config {
    pub path: Option<PathBuf>,
    pub file: ConfigFile,
}

/// Where the config file is looked for, in order: `-c`, `QUELL_CONFIG`, `./quell.yaml`,
/// `$XDG_CONFIG_HOME/quell/config.yaml` (`~/.config/quell/config.yaml`).
/// An explicitly named file that does not exist is an error; the others are optional.
pub fn discover(explicit: Option<&Path>, ctx: &Context) -> anyhow::Result<Option<PathBuf>> {
    if let Some(path) = explicit {
        if std::fs::metadata(path).is_err() {
            bail!("config file {} (from -c) does not exist", path.display());
        }
        return Ok(Some(path.to_path_buf()));
    }
    if let Some(path) = env(ctx, "QUELL_CONFIG") {
        let path = PathBuf::from(path);
        if std::fs::metadata(&path).is_err() {
            bail!(
                "config file {} (from QUELL_CONFIG) does not exist",
                path.display()
            );
        }
        return Ok(Some(path));
    }
    let local = PathBuf::from("quell.yaml");
    if local.is_file() {
        return Ok(Some(local));
    }
    Ok(crate::values::config_dir(ctx)
        .map(|dir| dir.join("config.yaml"))
        .filter(|p| p.is_file()))
}

fn env<'a>(ctx: &'a Context, key: &str) -> Option<&'a str> {
    ctx.env
        .get(key)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
}

impl Config {
    /// Find and load the config file, if there is one.
    pub fn load(explicit: Option<&Path>, ctx: &Context) -> anyhow::Result<Config> {
        match discover(explicit, ctx)? {
            None => Ok(Config::default()),
            Some(path) => {
                let text = crate::yaml::read(&path, "config file")?;
                let mut file = parse(&text, &path, ctx)?;
                let pages = file
                    .status_page
                    .take()
                    .into_iter()
                    .chain(file.status_pages.drain(..));
                file.notices.absorb(pages.collect());
                Ok(Config {
                    path: Some(path),
                    file,
                })
            }
        }
    }

    /// The session settings for a target whose conninfo resolved to `params`.
    fn session(&self, params: &ConnParams) -> SessionSettings {
        let s = &self.file.session;
        SessionSettings {
            connect_timeout: params
                .connect_timeout
                .or(s.connect_timeout.map(|d| d.0))
                .unwrap_or(DEFAULT_CONNECT_TIMEOUT),
            statement_timeout: s
                .statement_timeout
                .map_or(DEFAULT_STATEMENT_TIMEOUT, |d| d.0),
            lock_timeout: s.lock_timeout.map_or(DEFAULT_LOCK_TIMEOUT, |d| d.0),
            // libpq: application_name, else fallback_application_name (quell's own
            // fallback, after the config's, is `quell`).
            application_name: params
                .application_name
                .clone()
                .or_else(|| s.application_name.clone())
                .or_else(|| params.fallback_application_name.clone())
                .unwrap_or_else(|| DEFAULT_APPLICATION_NAME.to_string()),
        }
    }

    fn target(&self, name: &str, dsn: Option<&str>, ctx: &Context) -> anyhow::Result<Target> {
        let resolved = conninfo::resolve(dsn, ctx).with_context(|| format!("target {name}"))?;
        let session = self.session(&resolved.params);
        let (role, notes) = match self.file.targets.get(name) {
            Some(t) => (t.role.clone(), t.notes.clone()),
            None => (None, None),
        };
        Ok(Target {
            name: name.to_string(),
            params: resolved.params,
            session,
            role,
            notes,
            warnings: resolved.warnings,
        })
    }

    /// Turn `-t` names, `--dsn` and the config's defaults into targets.
    ///
    /// - `--dsn` adds an ad-hoc target named after its host, port and database;
    /// - `-t all` is every configured target, `-t GROUP` a group's members, `-t sandbox`
    ///   the running sandbox when the config defines no target of that name;
    /// - with neither, the config's `default`, else its only target, else (no targets
    ///   at all) one target from the PG* environment and libpq defaults, like psql.
    pub fn targets(
        &self,
        names: &[String],
        dsn: Option<&str>,
        ctx: &Context,
    ) -> anyhow::Result<Vec<Target>> {
        let mut wanted: Vec<String> = Vec::new();
        for name in names {
            self.expand(name, &mut wanted, 0)?;
        }
        let mut targets = Vec::new();
        if let Some(dsn) = dsn {
            let mut target = self.target("dsn", Some(dsn), ctx)?;
            target.name = format!("{}/{}", target.params.describe(), target.params.dbname);
            targets.push(target);
        }
        if names.is_empty() && dsn.is_none() {
            if let Some(default) = &self.file.default {
                self.expand(default, &mut wanted, 0)
                    .with_context(|| format!("config key `default: {default}`"))?;
            } else if self.file.targets.len() == 1 {
                wanted.extend(self.file.targets.keys().cloned());
            } else if self.file.targets.len() > 1 {
                let names: Vec<&String> = self.file.targets.keys().collect();
                let known = crate::output::some(&names, 20);
                bail!("several targets are configured ({known}): pick one with -t NAME, or -t all");
            } else {
                let mut target = self.target("default", None, ctx)?;
                target.name = target.params.describe();
                targets.push(target);
            }
        }
        for name in wanted {
            let target = match self.file.targets.get(&name) {
                Some(t) => {
                    let dsn = t.dsn.clone();
                    self.target(&name, Some(&dsn), ctx)?
                }
                None => {
                    // Only `sandbox` reaches here (expand rejects other unknown names).
                    let dsn = crate::sandbox::local::running_dsn(ctx)?;
                    self.target(&name, Some(&dsn), ctx)?
                }
            };
            targets.push(target);
        }
        Ok(targets)
    }

    fn expand(&self, name: &str, out: &mut Vec<String>, depth: usize) -> anyhow::Result<()> {
        let mut push = |n: &str| {
            if !out.iter().any(|o| o == n) {
                out.push(n.to_string());
            }
        };
        if name == "all" {
            if self.file.targets.is_empty() {
                bail!("-t all: the config defines no targets");
            }
            self.file.targets.keys().for_each(|n| push(n));
        } else if self.file.targets.contains_key(name) {
            push(name);
        } else if let Some(members) = self.file.groups.get(name) {
            if depth > 8 {
                bail!("group {name} nests too deeply (a cycle?)");
            }
            for member in members {
                self.expand(member, out, depth + 1)
                    .with_context(|| format!("group {name}"))?;
            }
        } else if name == "sandbox" {
            push(name);
        } else {
            let known: Vec<&str> = self.file.targets.keys().map(String::as_str).collect();
            let groups: Vec<&str> = self.file.groups.keys().map(String::as_str).collect();
            let where_ = match &self.path {
                Some(p) => format!("in {}", p.display()),
                None => "(no config file found)".to_string(),
            };
            let candidates = known
                .iter()
                .chain(&groups)
                .copied()
                .chain(["sandbox", "all"]);
            let hint = crate::vocab::nearest(name, candidates)
                .map(|n| format!(": did you mean {n}?"))
                .unwrap_or_default();
            bail!(
                "unknown target {name:?} {where_}{hint}; targets: {}; groups: {}",
                or_none(&known),
                or_none(&groups)
            );
        }
        Ok(())
    }
}

fn or_none(names: &[&str]) -> String {
    if names.is_empty() {
        "none".to_string()
    } else {
        crate::output::some(names, 20)
    }
}

/// Parse config text within `yaml`'s limits, `${VAR}` replaced in every scalar value
/// before typed parsing (so durations, regexes and enum names take variables too);
/// errors name the file, line, column and key.
pub fn parse(text: &str, path: &Path, ctx: &Context) -> anyhow::Result<ConfigFile> {
    if text.trim().is_empty() {
        return Ok(ConfigFile::default());
    }
    crate::yaml::from_str(text, path, &ctx.env)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ctx(vars: &[(&str, &str)]) -> Context {
        Context {
            env: vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            os_user: "tester".into(),
            ..Context::default()
        }
    }

    #[test]
    fn unknown_key_names_line_and_column() {
        let text = "targets:\n  prod:\n    dsn: host=x\n    dns: oops\n";
        let err = parse(text, Path::new("q.yaml"), &ctx(&[]))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("q.yaml:4:5: "), "{err}");
        assert!(err.contains("unknown field `dns`"), "{err}");
    }

    #[test]
    fn missing_variable_names_its_position() {
        let text = "targets:\n  prod:\n    dsn: \"host=x password=${PW}\"\n";
        let err = parse(text, Path::new("q.yaml"), &ctx(&[]))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "q.yaml:3:27: targets.prod.dsn: environment variable PW is not set (used as ${PW})"
        );
    }

    #[test]
    fn interpolated_value_cannot_change_structure() {
        let text = "targets:\n  prod:\n    dsn: \"${V}\"\n";
        let file = parse(text, Path::new("q.yaml"), &ctx(&[("V", "a: b\nc: [d")])).unwrap();
        assert_eq!(file.targets["prod"].dsn, "a: b\nc: [d");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("5").unwrap(), Duration::from_secs(5));
        assert_eq!(parse_duration("250ms").unwrap(), Duration::from_millis(250));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert!(parse_duration("soon").is_err());
        let text = "session:\n  lock_timeout: fast\n";
        let err = parse(text, Path::new("q.yaml"), &ctx(&[]))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("q.yaml:2:"), "{err}");
    }

    #[test]
    fn target_selection() {
        let text = "targets:\n  a: {dsn: 'host=a'}\n  b: {dsn: 'host=b'}\n  c: {dsn: 'host=c'}\ngroups:\n  ab: [a, b]\n  nested: [ab, c]\n";
        let c = ctx(&[]);
        let config = Config {
            path: None,
            file: parse(text, Path::new("q.yaml"), &c).unwrap(),
        };
        let names = |sel: &[&str]| -> anyhow::Result<Vec<String>> {
            let sel: Vec<String> = sel.iter().map(|s| s.to_string()).collect();
            Ok(config
                .targets(&sel, None, &c)?
                .into_iter()
                .map(|t| t.name)
                .collect())
        };
        assert_eq!(names(&["all"]).unwrap(), ["a", "b", "c"]);
        assert_eq!(names(&["ab"]).unwrap(), ["a", "b"]);
        assert_eq!(names(&["nested", "a"]).unwrap(), ["a", "b", "c"]);
        assert_eq!(names(&["c", "a"]).unwrap(), ["c", "a"]);
        let err = names(&["x"]).unwrap_err().to_string();
        assert!(
            err.contains("unknown target \"x\"") && err.contains("targets: a, b, c"),
            "{err}"
        );
        let err = names(&["nestd"]).unwrap_err().to_string();
        assert!(
            err.contains("\"nestd\" (no config file found): did you mean nested?"),
            "{err}"
        );
        let err = names(&[]).unwrap_err().to_string();
        assert!(err.contains("several targets are configured"), "{err}");
    }
}
