//! The request of every action: `Deserialize` with unknown fields rejected and a JSON
//! Schema, fields named after the CLI's flags (`--from-file` is `from_file`).

use std::path::PathBuf;
use std::time::Duration;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::cli::{AgeKind, GroupKey};

/// A duration written as quell's flags take it: `30s`, `5m`, `1h30m`, `250ms`, or a
/// bare number of seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Dur(pub Duration);

impl<'de> Deserialize<'de> for Dur {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Dur, D::Error> {
        /// A duration: `30s`, `5m`, `1h30m`, or a whole number of seconds.
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = Dur;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a duration: write it as 30s, 5m or 1h30m")
            }
            fn visit_u64<E: serde::de::Error>(self, s: u64) -> Result<Dur, E> {
                Ok(Dur(Duration::from_secs(s)))
            }
            fn visit_i64<E: serde::de::Error>(self, s: i64) -> Result<Dur, E> {
                u64::try_from(s)
                    .map(|s| Dur(Duration::from_secs(s)))
                    .map_err(|_| E::custom("a duration is not negative"))
            }
            fn visit_str<E: serde::de::Error>(self, t: &str) -> Result<Dur, E> {
                crate::values::parse_duration(t).map(Dur).map_err(|_| {
                    E::custom(format!(
                        "invalid duration {t:?}: write it as 30s, 5m or 1h30m"
                    ))
                })
            }
        }
        d.deserialize_any(Visit)
    }
}

impl Serialize for Dur {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&humantime::format_duration(self.0).to_string())
    }
}

impl JsonSchema for Dur {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Duration".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A duration: 30s, 5m, 1h30m, 250ms, or a number of seconds",
            "anyOf": [
                {"type": "string", "pattern": "^\\s*[0-9]+(\\.[0-9]+)?\\s*[a-zµ]*(\\s*[0-9]+\\s*[a-zµ]+)*\\s*$"},
                {"type": "integer", "minimum": 0}
            ]
        })
    }
}

/// `doctor`: no fields (thresholds come from the config's `doctor:`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DoctorRequest {}

/// `activity`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityRequest {
    /// Group by these keys (default: state).
    #[serde(default)]
    pub group_by: Vec<GroupKey>,
    /// How many of the longest-running backends to list.
    #[serde(default = "ten")]
    pub limit: usize,
    /// Which age ranks the longest: query, xact or backend.
    #[serde(default = "query_age")]
    pub age: AgeKind,
    /// Only backends in this state (active, idle, "idle in transaction", …).
    pub state: Option<String>,
    /// Only backends of this database.
    pub db: Option<String>,
    /// Only backends of this role.
    pub role: Option<String>,
    /// Only backends whose application_name is this.
    pub app: Option<String>,
    /// Only backends waiting on this (`Type` or `Type:Event`).
    pub wait: Option<String>,
    /// Only sessions of this org (needs tenants.session_org).
    pub org: Option<String>,
    /// At least this long in their current state.
    pub min_duration: Option<Dur>,
    /// Include autovacuum, walsenders and other non-client backends.
    #[serde(default)]
    pub all_backends: bool,
}

fn ten() -> usize {
    10
}

fn query_age() -> AgeKind {
    AgeKind::Query
}

impl ActivityRequest {
    pub fn options(&self) -> anyhow::Result<crate::inspect::activity::Options> {
        Ok(crate::inspect::activity::Options {
            group_by: self.group_by.clone(),
            limit: self.limit,
            age: self.age,
            filter: crate::inspect::snapshot::Filter {
                state: self.state.clone(),
                database: self.db.clone(),
                role: self.role.clone(),
                application: self.app.clone(),
                min_duration: self.min_duration.map(|d| d.0),
                wait: self.wait.clone(),
                org: self.org.clone(),
            }
            .validated()?,
            all_backends: self.all_backends,
        })
    }
}

/// `locks`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocksRequest {
    /// Only waits at least this old.
    pub min_wait: Option<Dur>,
}

impl LocksRequest {
    pub fn options(&self) -> crate::inspect::locks::Options {
        crate::inspect::locks::Options {
            min_wait: self.min_wait.map(|d| d.0),
        }
    }
}

/// `connections`: no fields.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConnectionsRequest {}

/// `roles`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RolesRequest {
    /// How many login roles to list by fan-out.
    #[serde(default = "ten")]
    pub top: usize,
    /// Measure the first privilege check of this role.
    pub probe: Option<String>,
    /// Refuse to probe when the estimate exceeds this (unless force).
    #[serde(default = "five_seconds")]
    pub probe_budget: Dur,
    /// Probe even above the budget.
    #[serde(default)]
    pub force: bool,
}

fn five_seconds() -> Dur {
    Dur(Duration::from_secs(5))
}

impl RolesRequest {
    pub fn options(&self) -> crate::inspect::roles::Options {
        crate::inspect::roles::Options {
            top: self.top,
            probe: self.probe.clone(),
            probe_budget: self.probe_budget.0,
            force: self.force,
            largest_groups: true,
            walk_from: None,
        }
    }
}

/// `tenants.list`: no fields.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TenantsListRequest {}

/// `tenants.status`: no fields.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TenantsStatusRequest {}

/// How `tenants.suspend` ranks orgs for `top`.
#[derive(Debug, Clone, Copy, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RankBy {
    /// Live client sessions attributed to the org (tenants.session_org).
    #[default]
    Connections,
}

/// `tenants.suspend`: say which orgs one way: `orgs`, `top` (with `by`) or `from_file`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TenantsSuspendRequest {
    /// Org ids.
    #[serde(default)]
    pub orgs: Vec<String>,
    /// The N orgs with the most sessions.
    pub top: Option<usize>,
    /// What `top` ranks by.
    #[serde(default)]
    pub by: RankBy,
    /// A file of org ids, one per line.
    pub from_file: Option<PathBuf>,
    /// Why (journaled with the suspension).
    pub reason: Option<String>,
}

/// `tenants.resume`: `orgs` or `all`; `batch`, `interval`, `max_utilization` resume
/// gradually.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TenantsResumeRequest {
    /// Org ids.
    #[serde(default)]
    pub orgs: Vec<String>,
    /// Every org quell suspended on the targets, oldest suspension first.
    #[serde(default)]
    pub all: bool,
    /// Orgs per batch (gradual resume; default 1 when pacing).
    pub batch: Option<usize>,
    /// Wait between batches (default 30s when pacing).
    pub interval: Option<Dur>,
    /// Stop when connection utilization exceeds this fraction after a batch.
    pub max_utilization: Option<f64>,
}

impl TenantsResumeRequest {
    pub fn resolve(
        self,
        ctx: &super::Ctx<'_>,
    ) -> anyhow::Result<crate::commands::tenants::ResumeRequest> {
        self.resolve_with(ctx.approval, ctx.dry_run, ctx.actor.clone(), false)
    }

    /// The domain request; `tenants resume` and the playbook step both come here, so
    /// the pacing's defaults and bounds are the same. A bound's error names the
    /// field as the CLI spells it (`--max-utilization`) and as a playbook does.
    pub fn resolve_with(
        self,
        approval: crate::confirm::Approval,
        dry_run: bool,
        actor: crate::control::Actor,
        timing: bool,
    ) -> anyhow::Result<crate::commands::tenants::ResumeRequest> {
        if self
            .max_utilization
            .is_some_and(|f| !(0.0..=1.0).contains(&f))
        {
            anyhow::bail!(
                "--max-utilization (max_utilization) is a fraction between 0 and 1, e.g. 0.8"
            );
        }
        if self.batch == Some(0) {
            anyhow::bail!("--batch (batch) is at least 1");
        }
        let paced =
            self.batch.is_some() || self.interval.is_some() || self.max_utilization.is_some();
        let pacing = paced.then(|| crate::commands::tenants::Pacing {
            batch: self.batch.unwrap_or(1),
            interval: self.interval.map_or(Duration::from_secs(30), |d| d.0),
            max_utilization: self.max_utilization,
        });
        Ok(crate::commands::tenants::ResumeRequest {
            orgs: self.orgs,
            all: self.all,
            pacing,
            approval,
            dry_run,
            actor,
            timing,
        })
    }
}

/// `jobs.list`: no fields.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JobsListRequest {}

/// `jobs.pause`: `jobs` or `non_essential`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JobsPauseRequest {
    /// Job names.
    #[serde(default)]
    pub jobs: Vec<String>,
    /// Every active job not marked essential in the config.
    #[serde(default)]
    pub non_essential: bool,
    /// Also pause essential jobs named in `jobs`.
    #[serde(default)]
    pub force: bool,
}

/// `jobs.resume`: `jobs` or `paused`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JobsResumeRequest {
    /// Job names.
    #[serde(default)]
    pub jobs: Vec<String>,
    /// Every job quell paused.
    #[serde(default)]
    pub paused: bool,
}

/// `backends.cancel` and `backends.terminate`: which backends, by pid or filter
/// (at least one). quell's own sessions are never matched; a backend is signalled only
/// while it is still the session that was matched.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BackendsRequest {
    /// These backend pids (one target only).
    #[serde(default)]
    pub pid: Vec<i32>,
    /// Only backends in this state (active, idle, "idle in transaction", …).
    pub state: Option<String>,
    /// Only backends of this database.
    pub db: Option<String>,
    /// Only backends of this role.
    pub role: Option<String>,
    /// Only backends whose application_name is this.
    pub app: Option<String>,
    /// Only backends whose current query (or state) is at least this old.
    pub min_duration: Option<Dur>,
    /// Only sessions of this org (needs tenants.session_org).
    pub org: Option<String>,
}

impl BackendsRequest {
    pub fn filter(&self) -> crate::inspect::snapshot::Filter {
        crate::inspect::snapshot::Filter {
            state: self.state.clone(),
            database: self.db.clone(),
            role: self.role.clone(),
            application: self.app.clone(),
            min_duration: self.min_duration.map(|d| d.0),
            wait: None,
            org: self.org.clone(),
        }
    }
}

/// `notice.post`: open an incident. Its `key` (default: derived from the title)
/// makes a repeat adopt the open incident instead of opening a second one.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticePostRequest {
    pub title: String,
    /// The first update's text.
    pub body: Option<String>,
    /// The text from a file instead of `body` (as `--body-file`).
    pub body_file: Option<std::path::PathBuf>,
    /// investigating (default), identified, monitoring, resolved.
    pub status: Option<String>,
    /// none, minor, major, critical (default: the provider computes it).
    pub impact: Option<String>,
    /// `COMPONENT=STATUS` each (operational, degraded_performance, partial_outage,
    /// major_outage, under_maintenance).
    #[serde(default)]
    pub component: Vec<String>,
    pub key: Option<String>,
    /// Which configured provider (default: the only one, or `notices.default`).
    pub provider: Option<String>,
    /// Do not notify subscribers.
    #[serde(default)]
    pub no_notify: bool,
}

impl NoticePostRequest {
    pub fn action(self) -> anyhow::Result<(crate::commands::notice::Action, Option<String>)> {
        let action = crate::commands::notice::post_action(
            self.title,
            notice_body(self.body, self.body_file)?,
            self.status.as_deref(),
            self.impact.as_deref(),
            &self.component,
            self.key,
            self.no_notify,
        )?;
        Ok((action, self.provider))
    }
}

/// `notice.update`: an update to the incident (default: the single open one quell
/// opened).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeUpdateRequest {
    pub incident: Option<String>,
    /// The new status (default: the incident's current one).
    pub status: Option<String>,
    pub body: Option<String>,
    /// The text from a file instead of `body` (as `--body-file`).
    pub body_file: Option<std::path::PathBuf>,
    /// `COMPONENT=STATUS` each.
    #[serde(default)]
    pub component: Vec<String>,
    pub provider: Option<String>,
    #[serde(default)]
    pub no_notify: bool,
    /// Update an incident that is already resolved (reopening it).
    #[serde(default)]
    pub reopen: bool,
}

impl NoticeUpdateRequest {
    pub fn action(self) -> anyhow::Result<(crate::commands::notice::Action, Option<String>)> {
        let action = crate::commands::notice::patch_action(
            crate::notice::model::EventKind::Update,
            self.incident,
            self.status.as_deref(),
            notice_body(self.body, self.body_file)?,
            &self.component,
            self.no_notify,
            self.reopen,
        )?;
        Ok((action, self.provider))
    }
}

/// `notice.resolve`: resolve the incident; every component it affected is set back to
/// operational.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeResolveRequest {
    pub incident: Option<String>,
    pub body: Option<String>,
    /// The text from a file instead of `body` (as `--body-file`).
    pub body_file: Option<std::path::PathBuf>,
    /// `COMPONENT=STATUS` each (resolving sets them operational).
    #[serde(default)]
    pub component: Vec<String>,
    pub provider: Option<String>,
    #[serde(default)]
    pub no_notify: bool,
}

impl NoticeResolveRequest {
    pub fn action(self) -> anyhow::Result<(crate::commands::notice::Action, Option<String>)> {
        let action = crate::commands::notice::patch_action(
            crate::notice::model::EventKind::Resolve,
            self.incident,
            None,
            notice_body(self.body, self.body_file)?,
            &self.component,
            self.no_notify,
            false,
        )?;
        Ok((action, self.provider))
    }
}

/// `init`: no fields.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InitRequest {}

/// `log`: a message for the run's output and journal.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LogRequest {
    /// The message (a template).
    pub message: String,
}

/// `sql`: a query whose rows become the output, in a READ ONLY transaction; with
/// `write: true`, statements in one transaction (printed, not run, in a dry run).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SqlRequest {
    /// The SQL.
    pub query: String,
    /// The SQL changes data.
    #[serde(default)]
    pub write: bool,
}

/// `sleep`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SleepRequest {
    /// How long.
    #[serde(rename = "for")]
    pub for_: Dur,
}

/// `wait_until`: run `check` every `interval` until `until` has held for `for`
/// continuously; `abort_if` stops the run; `timeout` fails the step (exit 1).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaitUntilRequest {
    /// A read action (usually connections or doctor).
    pub check: String,
    /// The check's request.
    #[serde(default)]
    pub check_with: serde_json::Value,
    /// Expression over the check's output (plus `utilization`, the highest over the
    /// targets, and `worst`).
    pub until: String,
    /// How long `until` must hold continuously (hysteresis; default: one sample).
    #[serde(rename = "for")]
    pub for_: Option<Dur>,
    /// Expression: when true, the run stops (exit 1).
    pub abort_if: Option<String>,
    /// Time between samples.
    #[serde(default = "five_seconds")]
    pub interval: Dur,
    /// Give up after this long (the step fails, exit 1).
    #[serde(default = "ten_minutes")]
    pub timeout: Dur,
}

fn ten_minutes() -> Dur {
    Dur(Duration::from_secs(600))
}

/// `body` or `body_file`, exactly one, as the CLI's `--body` / `--body-file`.
fn notice_body(body: Option<String>, file: Option<std::path::PathBuf>) -> anyhow::Result<String> {
    crate::commands::notice::body(body, file.as_deref())?
        .ok_or_else(|| anyhow::anyhow!("give body (or body_file): the update's text"))
}
