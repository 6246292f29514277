//! `quell tenants list | status | suspend | resume`: selection across the fleet,
//! confirmation, progress on stderr, printing and exit codes. Domain work
//! (transactions, the ledger, SQL) is in `crate::tenants`.
//!
//! Every target is connected once per invocation; its orgs go through that one
//! session, one transaction per org. A failed org is named on stderr as
//! `quell: target X: org 42: …`, the others go on, and the command exits 2.

mod resume;

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::time::Duration;

use comfy_table::Cell;
use serde::Serialize;

use super::{block_on, finish};
use crate::confirm::Approval;
use crate::control::Actor;
use crate::db::fleet::{Connected, Entry, Fleet};
use crate::error::Exit;
use crate::output::count;
use crate::output::{self, Output};
use crate::tenants::{model, select, suspend, OrgResult, Outcome, TenantsConfig};

pub use resume::{resume, Pacing, ResumeRequest};

/// What the operator asked `suspend` for, resolved.
#[derive(Debug)]
pub struct SuspendRequest {
    pub orgs: Vec<String>,
    pub top: Option<usize>,
    pub from_file: Option<PathBuf>,
    pub reason: Option<String>,
    pub approval: Approval,
    pub dry_run: bool,
    pub actor: Actor,
    /// `QUELL_TIMING`: a per-org timing summary on stderr.
    pub timing: bool,
}

/// One target's orgs after suspend or resume.
#[derive(Debug, Serialize)]
pub struct TargetOrgs {
    pub dry_run: bool,
    pub orgs: Vec<OrgResult>,
}

/// `{"targets": [...], "unplaced"?: [...], "stopped"?: {...}}`.
#[derive(Debug, Serialize)]
pub struct TenantsReport {
    pub targets: Vec<Entry<TargetOrgs>>,
    /// Orgs `placement_sql` could not route to a selected target.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unplaced: Vec<OrgResult>,
    /// Gradual resume stopped early.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<resume::Stopped>,
}

#[derive(Debug, Serialize)]
pub struct OrgList {
    pub orgs: Vec<ListedOrg>,
}

#[derive(Debug, Serialize)]
pub struct ListedOrg {
    pub org: String,
    pub name: Option<String>,
    /// Live client sessions attributed to it (`session_org`); null when unconfigured.
    pub sessions: Option<u64>,
    pub suspended: bool,
}

#[derive(Debug, Serialize)]
pub struct Status {
    pub suspended: Vec<model::Suspended>,
}

pub fn list(out: &Output, fleet: &Fleet, cfg: &TenantsConfig) -> anyhow::Result<Exit> {
    cfg.list_sql()?;
    let report = block_on(fleet.run(async |s| {
        let counts = async {
            match &cfg.session_org {
                Some(o) => model::session_counts(s, o).await.map(Some),
                None => Ok(None),
            }
        };
        let (orgs, counts, suspended) = futures_util::future::join3(
            model::list(&s.client, cfg),
            counts,
            model::suspended(&s.client, &s.target),
        )
        .await;
        let (counts, suspended) = (counts?, suspended?);
        let orgs = orgs?
            .into_iter()
            .map(|o| ListedOrg {
                sessions: counts.as_ref().map(|c| c.get(&o.org).copied().unwrap_or(0)),
                suspended: suspended.iter().any(|x| x.org == o.org),
                org: o.org,
                name: o.name,
            })
            .collect();
        Ok(OrgList { orgs })
    }))?;
    finish(out, &report, |target, l| {
        let mut table = out.table(&["org", "name", "sessions", "suspended"]);
        for o in &l.orgs {
            table.add_row(vec![
                Cell::new(&o.org),
                Cell::new(o.name.as_deref().unwrap_or("")),
                Cell::new(
                    o.sessions
                        .map(|n| n.to_string())
                        .unwrap_or_else(|| "-".into()),
                ),
                Cell::new(if o.suspended { "yes" } else { "" }),
            ]);
        }
        format!("{target}: {} orgs\n{table}", l.orgs.len())
    })
}

pub fn status(out: &Output, fleet: &Fleet) -> anyhow::Result<Exit> {
    let report = block_on(fleet.run(async |s| {
        crate::control::ensure_current(&s.client).await?;
        Ok(Status {
            suspended: model::suspended(&s.client, &s.target).await?,
        })
    }))?;
    finish(out, &report, |target, st| {
        if st.suspended.is_empty() {
            return format!("{target}: no org suspended by quell");
        }
        let mut table = out.table(&["org", "since", "by", "reason", "mechanisms"]);
        for x in &st.suspended {
            table.add_row(vec![
                Cell::new(&x.org),
                Cell::new(&x.since),
                Cell::new(&x.by),
                Cell::new(x.reason.as_deref().unwrap_or("")),
                Cell::new(x.mechanisms.join(", ")),
            ]);
        }
        format!("{target}: {} orgs suspended\n{table}", st.suspended.len())
    })
}

pub fn suspend(
    out: &Output,
    fleet: &Fleet,
    cfg: &TenantsConfig,
    req: &SuspendRequest,
) -> anyhow::Result<Exit> {
    cfg.check_for_suspend()?;
    let given = usize::from(!req.orgs.is_empty())
        + usize::from(req.top.is_some())
        + usize::from(req.from_file.is_some());
    if given != 1 {
        anyhow::bail!(
            "say which orgs, one way: ORG…, --top N --by connections, or --from-file FILE"
        );
    }
    block_on(async {
        let sessions = fleet.connect_all().await;
        let orgs = match (&req.top, &req.from_file) {
            (Some(n), _) => {
                let Some(session_org) = &cfg.session_org else {
                    anyhow::bail!("--top needs tenants.session_org to attribute sessions to orgs");
                };
                let ranked = select::top_by_connections(&sessions, session_org, *n).await?;
                if !out.is_json() && !ranked.is_empty() {
                    let shown: Vec<String> = ranked
                        .iter()
                        .map(|(o, c)| format!("{o} ({c} sessions)"))
                        .collect();
                    output::note(&format!("top {n} by connections: {}", shown.join(", ")));
                }
                ranked.into_iter().map(|(o, _)| o).collect()
            }
            (None, Some(path)) => select::from_file(path)?,
            (None, None) => req.orgs.clone(),
        };
        if orgs.is_empty() {
            output::note("no org selected: nothing to suspend");
            return Ok(Exit::Ok);
        }
        let (routed, unplaced) = select::route(&sessions, cfg, &orgs).await?;
        if !req.dry_run {
            req.approval
                .confirm(&describe("suspend", &orgs, &sessions))?;
        }
        let progress = Progress::new(out, routed.iter().map(Vec::len).sum());
        let sreq = suspend::Request {
            cfg,
            actor: &req.actor,
            reason: req.reason.as_deref(),
            dry_run: req.dry_run,
        };
        let work = sessions.iter().zip(&routed).map(|(c, orgs)| async {
            let result = match &c.session {
                Ok(s) => suspend::run(s, &sreq, orgs, &|| progress.tick()).await,
                Err(e) => Err(anyhow::anyhow!("{e}")),
            };
            Entry::from_result(
                &c.target,
                result.map(|orgs| TargetOrgs {
                    dry_run: req.dry_run,
                    orgs,
                }),
            )
        });
        let targets = futures_util::future::join_all(work).await;
        progress.finish();
        let report = TenantsReport {
            targets,
            unplaced: unplaced_results(unplaced),
            stopped: None,
        };
        show(out, &report, req.timing)
    })?
}

fn unplaced_results(unplaced: Vec<(String, String)>) -> Vec<OrgResult> {
    unplaced
        .into_iter()
        .map(|(org, why)| OrgResult::failed(&org, &anyhow::anyhow!(why)))
        .collect()
}

/// "suspend 3 orgs (1, 2, 3) on prod".
fn describe(verb: &str, orgs: &[String], sessions: &[Connected]) -> String {
    let ids = if orgs.len() <= 10 {
        format!(" ({})", orgs.join(", "))
    } else {
        String::new()
    };
    let noun = if orgs.len() == 1 { "org" } else { "orgs" };
    let on = match sessions {
        [one] => format!(" on {}", one.target),
        many => format!(" on {} targets", many.len()),
    };
    format!("{verb} {} {noun}{ids}{on}", orgs.len())
}

/// A progress bar on stderr, only when stderr is a terminal and output is not JSON.
struct Progress(indicatif::ProgressBar);

impl Progress {
    fn new(out: &Output, total: usize) -> Progress {
        if out.is_json() || !std::io::stderr().is_terminal() {
            return Progress(indicatif::ProgressBar::hidden());
        }
        let bar = indicatif::ProgressBar::new(total as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} orgs {elapsed}")
        {
            bar.set_style(style);
        }
        Progress(bar)
    }
    fn tick(&self) {
        self.0.inc(1);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// Print the report; each failed org and target on stderr; exit 2 on any failure.
fn show(out: &Output, report: &TenantsReport, timing: bool) -> anyhow::Result<Exit> {
    let mut failed = false;
    for org in &report.unplaced {
        failed = true;
        output::note(&format!(
            "org {}: {}",
            org.org,
            org.error.as_deref().unwrap_or("")
        ));
    }
    let mut lines = Vec::new();
    let mut elapsed = Vec::new();
    for entry in &report.targets {
        let target = &entry.target;
        let Some(data) = &entry.data else {
            failed = true;
            output::note(&format!(
                "target {target}: {}",
                entry.error.as_deref().unwrap_or("")
            ));
            continue;
        };
        for r in &data.orgs {
            elapsed.push(r.elapsed);
            if let Some(e) = &r.error {
                failed = true;
                output::note(&format!("target {target}: org {}: {e}", r.org));
                continue;
            }
            if r.outcome == Outcome::Planned {
                lines.push(format!(
                    "-- target {target}, org {} (dry run: nothing is changed)",
                    r.org
                ));
                lines.extend(r.sql.iter().cloned());
                continue;
            }
            let line = match (&r.note, r.outcome) {
                (Some(note), Outcome::AlreadySuspended | Outcome::NotSuspended) => {
                    format!("{target}: org {}: {note}", r.org)
                }
                (Some(note), _) => format!("{target}: org {}: {} ({note})", r.org, outcome_text(r)),
                (None, _) => format!("{target}: org {}: {}", r.org, outcome_text(r)),
            };
            lines.push(line);
        }
    }
    if out.is_json() {
        out.json(report)?;
    } else if !lines.is_empty() {
        out.text(&lines.join("\n"))?;
    }
    if let Some(stopped) = &report.stopped {
        output::note(&stopped.message);
    }
    if timing {
        output::note(&timing_summary(&mut elapsed));
    }
    Ok(if failed {
        Exit::Error
    } else if report.stopped.is_some() {
        Exit::Found
    } else {
        Exit::Ok
    })
}

fn outcome_text(r: &OrgResult) -> String {
    match r.outcome {
        Outcome::Suspended => match r.terminated {
            Some(n) => format!(
                "suspended ({} altered, {} terminated)",
                count(r.roles_changed, "role"),
                count(n as usize, "session")
            ),
            None => format!("suspended ({} altered)", count(r.roles_changed, "role")),
        },
        Outcome::AlreadySuspended => "already suspended".into(),
        Outcome::Resumed => format!("resumed ({} restored)", count(r.roles_changed, "role")),
        Outcome::NotSuspended => "not suspended".into(),
        Outcome::Planned => "planned".into(),
        Outcome::Failed => "failed".into(),
    }
}

/// `timing: 1000 orgs; per org median 1.2ms, p95 …, max …; sum …`.
fn timing_summary(elapsed: &mut [Duration]) -> String {
    elapsed.sort();
    let at = |q: f64| {
        elapsed
            .get(((elapsed.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or_default()
    };
    let sum: Duration = elapsed.iter().sum();
    format!(
        "timing: {} orgs; per org median {:.2?}, p95 {:.2?}, max {:.2?}; sum {:.2?}",
        elapsed.len(),
        at(0.5),
        at(0.95),
        at(1.0),
        sum
    )
}
