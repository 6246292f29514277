//! `quell tenants list | status | suspend | resume`: selection across the fleet,
//! confirmation, progress on stderr, printing and exit codes. Domain work
//! (transactions, the ledger, SQL) is in `crate::tenants`.
//!
//! Every target is connected once per invocation; its orgs go through that one
//! session, one transaction per org. Each org's result is printed as soon as it is
//! known (above the progress bar on a terminal; `-o json` prints one document at the
//! end). A failed org is named on stderr as `quell: error: target X: org 42: …`, the others
//! go on, and the command exits 2. A lost session ends that target's run with one
//! summary of what committed and what was not attempted; SIGINT/SIGTERM/SIGHUP stop
//! every target after its current org, say what was done and what remains, and exit
//! 130/143/129.

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
use crate::tenants::{model, select, suspend, OrgResult, Outcome, Ran, TenantsConfig};

pub use resume::{resume, resume_on, Pacing, ResumeRequest};

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
    /// The session was lost part-way (said once per target on stderr; in JSON, the
    /// orgs' outcomes and notes carry it).
    #[serde(skip)]
    pub lost: Option<String>,
}

/// `{"targets": [...], "unplaced"?: [...], "stopped"?: {...}}`.
#[derive(Debug, Default, Serialize)]
pub struct TenantsReport {
    pub targets: Vec<Entry<TargetOrgs>>,
    /// Orgs `placement_sql` could not route to a selected target.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unplaced: Vec<OrgResult>,
    /// Gradual resume stopped early.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<resume::Stopped>,
    /// The signal that stopped the run (`SIGINT`, `SIGTERM`, `SIGHUP`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interrupted: Option<&'static str>,
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

/// One target's orgs (`tenants.list`).
pub async fn list_one(s: &crate::db::Session, cfg: &TenantsConfig) -> anyhow::Result<OrgList> {
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
}

/// One target's suspensions (`tenants.status`).
pub async fn status_one(s: &crate::db::Session) -> anyhow::Result<Status> {
    crate::control::ensure_current(&s.client).await?;
    Ok(Status {
        suspended: model::suspended(&s.client, &s.target).await?,
    })
}

pub fn list(out: &Output, fleet: &Fleet, cfg: &TenantsConfig) -> anyhow::Result<Exit> {
    cfg.list_sql()?;
    let report = block_on(fleet.run(async |s| list_one(s, cfg).await))?;
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
        format!("{target}: {}\n{table}", count(l.orgs.len(), "org"))
    })
}

pub fn status(out: &Output, fleet: &Fleet) -> anyhow::Result<Exit> {
    let report = block_on(fleet.run(async |s| status_one(s).await))?;
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
        format!(
            "{target}: {} suspended\n{table}",
            count(st.suspended.len(), "org")
        )
    })
}

pub fn suspend(
    out: &Output,
    fleet: &Fleet,
    cfg: &TenantsConfig,
    req: &SuspendRequest,
) -> anyhow::Result<Exit> {
    check_suspend(cfg, req)?;
    block_on(async {
        let sessions = fleet.connect_all().await?;
        let report = suspend_on(out, &sessions, cfg, req).await?;
        show(out, &report, req.timing, Verb::Suspend)
    })?
}

/// The `tenants.suspend` action over open sessions: select, confirm (`req.approval`),
/// suspend each org (its line printed as it commits), report. The CLI and a playbook
/// step both call this.
pub async fn suspend_on(
    out: &Output,
    sessions: &[Connected],
    cfg: &TenantsConfig,
    req: &SuspendRequest,
) -> anyhow::Result<TenantsReport> {
    check_suspend(cfg, req)?;
    let orgs = match (&req.top, &req.from_file) {
        (Some(n), _) => {
            let Some(session_org) = &cfg.session_org else {
                anyhow::bail!("--top needs tenants.session_org to attribute sessions to orgs");
            };
            let ranked = select::top_by_connections(sessions, session_org, *n).await?;
            if !out.is_json() && !ranked.is_empty() {
                let shown: Vec<String> = ranked
                    .iter()
                    .map(|(o, c)| format!("{o} ({})", output::count(*c as usize, "session")))
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
        // Still one entry per target, each with no orgs.
        return Ok(TenantsReport {
            targets: sessions
                .iter()
                .map(|c| match &c.session {
                    Ok(_) => Entry::from_result(
                        &c.target,
                        Ok(TargetOrgs {
                            dry_run: req.dry_run,
                            orgs: Vec::new(),
                            lost: None,
                        }),
                    ),
                    Err(e) => Entry::from_result(&c.target, Err(anyhow::anyhow!("{e}"))),
                })
                .collect(),
            ..TenantsReport::default()
        });
    }
    let (routed, unplaced) = select::route(sessions, cfg, &orgs).await?;
    if !req.dry_run {
        req.approval
            .confirm(&describe("suspend", &orgs, sessions))?;
    }
    crate::interrupt::graceful();
    let live = Live::new(out, routed.iter().map(Vec::len).sum());
    let sreq = suspend::Request {
        cfg,
        actor: &req.actor,
        reason: req.reason.as_deref(),
        dry_run: req.dry_run,
    };
    let work = sessions.iter().zip(&routed).map(|(c, orgs)| async {
        let result = match &c.session {
            Ok(s) => suspend::run(s, &sreq, orgs, &|r| live.done(&c.target, r)).await,
            Err(e) => Err(anyhow::anyhow!("{e}")),
        };
        let lost = c.session.as_deref().ok().and_then(crate::tenants::lost);
        entry(&c.target, req.dry_run, lost, result)
    });
    let targets = futures_util::future::join_all(work).await;
    live.finish();
    if !out.is_json() {
        for entry in &targets {
            if let Some(line) = entry
                .data
                .as_ref()
                .and_then(|d| terminated(&entry.target, &d.orgs))
            {
                out.text(&line)?;
            }
        }
    }
    Ok(TenantsReport {
        targets,
        unplaced: unplaced_results(unplaced),
        stopped: None,
        interrupted: crate::interrupt::requested().map(crate::interrupt::name),
    }
    .settle())
}

/// What `suspend` refuses before connecting: a config that cannot suspend, or not
/// exactly one way of naming orgs.
fn check_suspend(cfg: &TenantsConfig, req: &SuspendRequest) -> anyhow::Result<()> {
    cfg.check_for_suspend()?;
    let given = usize::from(!req.orgs.is_empty())
        + usize::from(req.top.is_some())
        + usize::from(req.from_file.is_some());
    if given != 1 {
        anyhow::bail!(
            "say which orgs, one way: ORG…, --top N --by connections, or --from-file FILE (in a playbook: orgs, top with by, or from_file)"
        );
    }
    Ok(())
}

/// After the terminate phase (each org's line was printed when it committed, before
/// its sessions were ended): "prod: terminated 3 sessions of 2 suspended orgs (1: 2, 2: 1)".
fn terminated(target: &str, orgs: &[OrgResult]) -> Option<String> {
    let ended: Vec<(&str, u64)> = orgs
        .iter()
        .filter(|r| r.outcome == Outcome::Suspended)
        .filter_map(|r| Some((r.org.as_str(), r.terminated?)))
        .collect();
    if ended.is_empty() {
        return None;
    }
    let total: u64 = ended.iter().map(|(_, n)| n).sum();
    let each: Vec<String> = ended
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(o, n)| format!("{o}: {n}"))
        .collect();
    let detail = match each.is_empty() {
        true => String::new(),
        false => format!(" ({})", output::some(&each, 20)),
    };
    Some(format!(
        "{target}: terminated {} of {} suspended{detail}",
        count(total as usize, "session"),
        count(ended.len(), "org"),
    ))
}

/// A target's entry: its orgs, and beside them any failure that was no one org's.
fn entry(
    target: &str,
    dry_run: bool,
    lost: Option<String>,
    ran: anyhow::Result<Ran>,
) -> Entry<TargetOrgs> {
    match ran {
        Ok(Ran { orgs, error }) => Entry {
            target: target.to_string(),
            ok: error.is_none(),
            error,
            data: Some(TargetOrgs {
                dry_run,
                orgs,
                lost,
            }),
        },
        Err(e) => Entry::from_result(target, Err(e)),
    }
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

/// Each org's result as soon as it is known, above a progress bar on stderr (the bar
/// only when stderr is a terminal and output is not JSON; with `-o json` nothing is
/// printed until the one document at the end).
struct Live<'a> {
    out: &'a Output,
    bar: indicatif::ProgressBar,
}

impl<'a> Live<'a> {
    fn new(out: &'a Output, total: usize) -> Live<'a> {
        if out.is_json() || !std::io::stderr().is_terminal() {
            return Live {
                out,
                bar: indicatif::ProgressBar::hidden(),
            };
        }
        let bar = output::live_bar(indicatif::ProgressBar::new(total as u64));
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} orgs {elapsed}")
        {
            bar.set_style(style);
        }
        Live { out, bar }
    }

    fn done(&self, target: &str, r: &OrgResult) {
        self.bar.inc(1);
        if self.out.is_json() && r.error.is_none() {
            return;
        }
        // Printed above the live area, which holds the bar.
        print_org(self.out, target, r);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// One org's line: its outcome on stdout, a failure on stderr (with `-o json` too), a
/// dry run's SQL.
fn print_org(out: &Output, target: &str, r: &OrgResult) {
    if let Some(e) = &r.error {
        output::error(&format!("target {target}: org {}: {e}", r.org));
        return;
    }
    let text = match (&r.note, r.outcome) {
        (_, Outcome::NotAttempted) => return,
        (_, Outcome::Planned) => {
            let mut lines = vec![format!(
                "-- target {target}, org {} (dry run: nothing is changed)",
                r.org
            )];
            lines.extend(r.sql.iter().cloned());
            lines.join("\n")
        }
        (Some(note), Outcome::AlreadySuspended | Outcome::NotSuspended) => {
            format!("{target}: org {}: {note}", r.org)
        }
        (Some(note), _) => format!("{target}: org {}: {} ({note})", r.org, outcome_text(r)),
        (None, _) => format!("{target}: org {}: {}", r.org, outcome_text(r)),
    };
    // A closed stdout is remembered by `output`; the run goes on.
    let _ = out.text(&text);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Suspend,
    Resume,
}

/// "2 suspended, 1 unknown (7), 3 not attempted: 8, 9, 10", or None when every org
/// was tried and none is unknown.
fn summary(verb: Verb, orgs: &[&OrgResult]) -> Option<String> {
    let ids = |outcome: Outcome| -> Vec<&str> {
        orgs.iter()
            .filter(|r| r.outcome == outcome)
            .map(|r| r.org.as_str())
            .collect()
    };
    let (unknown, left) = (ids(Outcome::Unknown), ids(Outcome::NotAttempted));
    if unknown.is_empty() && left.is_empty() {
        return None;
    }
    let (done, done_word, left_word) = match verb {
        Verb::Suspend => (ids(Outcome::Suspended), "suspended", "not attempted"),
        Verb::Resume => (ids(Outcome::Resumed), "resumed", "left suspended"),
    };
    let mut parts = vec![format!("{} {done_word}", done.len())];
    if !unknown.is_empty() {
        parts.push(format!(
            "{} unknown (may or may not have committed: {})",
            unknown.len(),
            output::some(&unknown, 20)
        ));
    }
    let failed = ids(Outcome::Failed).len();
    if failed > 0 {
        parts.push(format!("{failed} failed"));
    }
    if !left.is_empty() {
        parts.push(format!(
            "{} {left_word}: {}",
            left.len(),
            output::some(&left, 20)
        ));
    }
    Some(parts.join(", "))
}

/// `N orgs failed: 42, 43` for the orgs of one target that failed (or whose commit
/// is unknown), the reason its entry is not ok.
fn failed_orgs(orgs: &[OrgResult]) -> Option<String> {
    let failed: Vec<&str> = orgs
        .iter()
        .filter(|r| r.error.is_some())
        .map(|r| r.org.as_str())
        .collect();
    (!failed.is_empty()).then(|| {
        format!(
            "{} failed: {}",
            output::count(failed.len(), "org"),
            output::some(&failed, 20)
        )
    })
}

impl TenantsReport {
    /// A target where an org failed is not ok, in JSON as in the exit code: its
    /// entry says `ok: false` and which orgs, beside the per-org results.
    pub fn settle(mut self) -> TenantsReport {
        for entry in &mut self.targets {
            let Some(data) = &entry.data else { continue };
            if let Some(summary) = failed_orgs(&data.orgs) {
                entry.ok = false;
                // Beside the orgs, a target can carry an error of its own (sessions
                // that were not terminated after the suspensions committed).
                entry.error = Some(match entry.error.take() {
                    Some(e) => format!("{e}; {summary}"),
                    None => summary,
                });
            }
        }
        self
    }
}

/// Print the report (the per-org lines were printed as they happened): JSON, each
/// failed target, what a lost session or a signal left undone; pick the exit code.
pub fn show(
    out: &Output,
    report: &TenantsReport,
    timing: bool,
    verb: Verb,
) -> anyhow::Result<Exit> {
    let mut failed = false;
    for org in &report.unplaced {
        failed = true;
        output::error(&format!(
            "org {}: {}",
            org.org,
            org.error.as_deref().unwrap_or("")
        ));
    }
    if out.is_json() {
        out.json(report)?;
    }
    let mut elapsed = Vec::new();
    let mut interrupted: Vec<&OrgResult> = Vec::new();
    for entry in &report.targets {
        let target = &entry.target;
        let orgs = entry.data.as_ref().map_or(&[][..], |d| d.orgs.as_slice());
        failed |= !entry.ok || orgs.iter().any(|r| r.error.is_some());
        elapsed.extend(orgs.iter().map(|r| r.elapsed));
        let lost = entry.data.as_ref().and_then(|d| d.lost.as_deref());
        // The orgs' own lines already say which failed and why.
        let own = failed_orgs(orgs);
        let error = entry.error.as_deref().map(|e| match &own {
            Some(own) => e
                .strip_suffix(own.as_str())
                .unwrap_or(e)
                .trim_end_matches("; "),
            None => e,
        });
        let error = error.filter(|e| !e.is_empty());
        match (lost, error) {
            (Some(why), _) => {
                let all: Vec<&OrgResult> = orgs.iter().collect();
                let mut line = format!("target {target}: {why}");
                if let Some(summary) = summary(verb, &all) {
                    line = format!("{line}: {summary}");
                }
                if let Some(e) = error {
                    line = format!("{line}; {e}");
                }
                output::error(&line);
            }
            (None, Some(e)) => output::error(&format!("target {target}: {e}")),
            (None, None) => interrupted.extend(orgs),
        }
    }
    if let Some(stopped) = &report.stopped {
        output::note(&stopped.message);
    }
    if let Some(signal) = report.interrupted {
        let summary = summary(verb, &interrupted).unwrap_or_else(|| "every org was done".into());
        output::note(&format!("interrupted by {signal}: {summary}"));
    }
    if timing {
        output::note(&timing_summary(&mut elapsed));
    }
    Ok(if let Some(exit) = crate::interrupt::exit() {
        exit
    } else if failed {
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
        Outcome::Unknown => "unknown (the session was lost during COMMIT)".into(),
        Outcome::NotAttempted => "not attempted".into(),
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
