//! `quell tenants resume ORG… | --all`, at once or gradually: `--batch N` orgs at a
//! time, `--interval D` between batches, and after each wait the connection
//! utilization of every target involved (and once before the first batch); above
//! `--max-utilization F` it stops, leaves the rest suspended and exits 1 saying so.

use std::time::Duration;

use serde::Serialize;

use super::{describe, show, Live, TargetOrgs, TenantsReport, Verb};
use crate::commands::block_on;
use crate::confirm::Approval;
use crate::control::Actor;
use crate::db::fleet::{Connected, Entry, Fleet};
use crate::error::Exit;
use crate::inspect::connections;
use crate::output::{self, Output};
use crate::tenants::{model, resume as domain, select, OrgResult, TenantsConfig};

#[derive(Debug)]
pub struct ResumeRequest {
    pub orgs: Vec<String>,
    pub all: bool,
    pub pacing: Option<Pacing>,
    pub approval: Approval,
    pub dry_run: bool,
    pub actor: Actor,
    pub timing: bool,
}

/// Gradual resume.
#[derive(Debug, Clone, Copy)]
pub struct Pacing {
    pub batch: usize,
    pub interval: Duration,
    pub max_utilization: Option<f64>,
}

/// Why a gradual resume stopped early.
#[derive(Debug, Serialize)]
pub struct Stopped {
    pub message: String,
    pub target: String,
    pub utilization: Option<f64>,
    pub max_utilization: f64,
    /// Orgs resumed before stopping (all batches so far).
    pub resumed: usize,
    /// Orgs left suspended.
    pub remaining: Vec<String>,
}

pub fn resume(
    out: &Output,
    fleet: &Fleet,
    cfg: &TenantsConfig,
    req: &ResumeRequest,
) -> anyhow::Result<Exit> {
    check_resume(req)?;
    block_on(async {
        let sessions = fleet.connect_all().await?;
        let report = resume_on(out, &sessions, cfg, req).await?;
        show(out, &report, req.timing, Verb::Resume)
    })?
}

fn check_resume(req: &ResumeRequest) -> anyhow::Result<()> {
    if req.all != req.orgs.is_empty() {
        anyhow::bail!("say which orgs: ORG…, or --all for every org quell suspended");
    }
    Ok(())
}

/// The `tenants.resume` action over open sessions: plan, confirm, resume at once or
/// in paced batches (stopping when utilization is too high), report.
pub async fn resume_on(
    out: &Output,
    sessions: &[Connected],
    cfg: &TenantsConfig,
    req: &ResumeRequest,
) -> anyhow::Result<TenantsReport> {
    check_resume(req)?;
    let (plan, unplaced) = plan(sessions, cfg, req).await?;
    let mut orgs: Vec<String> = plan.iter().map(|(_, o)| o.clone()).collect();
    orgs.dedup();
    let size = match req.pacing {
        Some(p) if !req.dry_run => p.batch.max(1),
        _ => plan.len().max(1),
    };
    let batches: Vec<&[(usize, String)]> = plan.chunks(size).collect();
    // A gradual resume looks before the first batch too: a server already above the
    // bound resumes nothing (and nobody is asked to approve what will not happen).
    let mut stopped = match req.pacing {
        Some(Pacing {
            max_utilization: Some(max),
            ..
        }) if !req.dry_run && !plan.is_empty() => {
            check_load(sessions, &plan, max, 0, &batches).await
        }
        _ => None,
    };
    if plan.is_empty() && !out.is_json() {
        output::note("no org to resume");
    } else if !req.dry_run && stopped.is_none() {
        req.approval.confirm(&describe("resume", &orgs, sessions))?;
    }
    crate::interrupt::graceful();
    let mut results: Vec<Result<Vec<OrgResult>, String>> = sessions
        .iter()
        .map(|c| c.session.as_ref().map(|_| Vec::new()).map_err(Clone::clone))
        .collect();
    let live = Live::new(out, plan.len());
    let dreq = domain::Request {
        cfg,
        actor: &req.actor,
        dry_run: req.dry_run,
    };
    let mut next = batches.len();
    for (k, batch) in batches.iter().enumerate() {
        if stopped.is_some() {
            break;
        }
        if crate::interrupt::requested().is_some() {
            next = k;
            break;
        }
        let work = sessions.iter().enumerate().map(|(i, c)| {
            let mine: Vec<String> = batch
                .iter()
                .filter(|(j, _)| *j == i)
                .map(|(_, o)| o.clone())
                .collect();
            let live = &live;
            let dreq = &dreq;
            async move {
                match (&c.session, mine.is_empty()) {
                    (Ok(s), false) => {
                        Some(domain::run(s, dreq, &mine, &|r| live.done(&c.target, r)).await)
                    }
                    _ => None,
                }
            }
        });
        for (slot, done) in results
            .iter_mut()
            .zip(futures_util::future::join_all(work).await)
        {
            match (slot, done) {
                (Ok(all), Some(Ok(mut some))) => all.append(&mut some),
                (slot, Some(Err(e))) => *slot = Err(crate::error::chain(&e)),
                _ => {}
            }
        }
        let left = &batches[k + 1..];
        if let (Some(pacing), false) = (req.pacing, left.is_empty()) {
            tokio::select! {
                _ = tokio::time::sleep(pacing.interval) => {}
                _ = crate::interrupt::wait() => {
                    next = k + 1;
                    break;
                }
            }
            if let Some(max) = pacing.max_utilization {
                let done = batches[..=k].iter().map(|b| b.len()).sum();
                stopped = check_load(sessions, &plan, max, done, left).await;
                if stopped.is_some() {
                    break;
                }
            }
        }
    }
    live.finish();
    // Batches a signal kept from starting: left suspended, and said so.
    if let Some(why) = crate::interrupt::requested().map(crate::interrupt::name) {
        for (i, org) in batches[next.min(batches.len())..]
            .iter()
            .flat_map(|b| b.iter())
        {
            if let Some(Ok(all)) = results.get_mut(*i) {
                all.push(OrgResult::not_attempted(
                    org,
                    &format!("interrupted by {why}"),
                ));
            }
        }
    }
    let targets = sessions
        .iter()
        .zip(results)
        .map(|(c, r)| {
            let r = r
                .map(|orgs| TargetOrgs {
                    dry_run: req.dry_run,
                    orgs,
                    lost: c.session.as_deref().ok().and_then(crate::tenants::lost),
                })
                .map_err(|e| anyhow::anyhow!(e));
            Entry::from_result(&c.target, r)
        })
        .collect();
    let unplaced = super::unplaced_results(unplaced);
    Ok(TenantsReport {
        targets,
        unplaced,
        stopped,
        interrupted: crate::interrupt::requested().map(crate::interrupt::name),
    }
    .settle())
}

/// (session index, org) in the order they are resumed: `--all` oldest suspension
/// first; named orgs in the order given, on their placed target or on every target.
async fn plan(
    sessions: &[Connected],
    cfg: &TenantsConfig,
    req: &ResumeRequest,
) -> anyhow::Result<(Vec<(usize, String)>, Vec<(String, String)>)> {
    if req.all {
        let mut plan = Vec::new();
        for (i, c) in sessions.iter().enumerate() {
            let Ok(s) = &c.session else { continue };
            for x in model::suspended(&s.client, &s.target).await? {
                plan.push((i, x.org));
            }
        }
        return Ok((plan, Vec::new()));
    }
    let (routed, unplaced) = select::route(sessions, cfg, &req.orgs).await?;
    let mut plan = Vec::new();
    for org in &req.orgs {
        for (i, orgs) in routed.iter().enumerate() {
            if orgs.contains(org) {
                plan.push((i, org.clone()));
            }
        }
    }
    Ok((plan, unplaced))
}

/// Before the first batch (`done` 0) and after each batch and its wait: the
/// utilization of every target involved; `Some` (stop) when one exceeds `max` or
/// cannot be read.
async fn check_load(
    sessions: &[Connected],
    plan: &[(usize, String)],
    max: f64,
    done: usize,
    left: &[&[(usize, String)]],
) -> Option<Stopped> {
    let remaining: Vec<String> = left
        .iter()
        .flat_map(|b| b.iter().map(|(_, o)| o.clone()))
        .collect();
    for (i, c) in sessions.iter().enumerate() {
        let Ok(s) = &c.session else { continue };
        if !plan.iter().any(|(j, _)| *j == i) {
            continue;
        }
        let (utilization, why) = match connections::collect(s).await {
            Ok(conn) if conn.utilization > max => (
                Some(conn.utilization),
                format!(
                    "connection utilization {:.2} exceeds --max-utilization {max:.2}",
                    conn.utilization
                ),
            ),
            Ok(_) => continue,
            Err(e) => (
                None,
                format!("could not read connection utilization ({e:#})"),
            ),
        };
        let message = match done {
            0 => format!(
                "gradual resume did not start on target {}: {why} before the first batch; \
                 no org was resumed, {} left suspended: {}",
                c.target,
                remaining.len(),
                crate::output::some(&remaining, 20)
            ),
            _ => format!(
                "gradual resume stopped on target {}: {why} after {done} of {} orgs resumed; {} left suspended: {}",
                c.target,
                plan.len(),
                remaining.len(),
                crate::output::some(&remaining, 20)
            ),
        };
        return Some(Stopped {
            message: crate::error::one_line(&message),
            target: c.target.clone(),
            utilization,
            max_utilization: max,
            resumed: done,
            remaining,
        });
    }
    None
}
