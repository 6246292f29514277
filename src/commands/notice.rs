//! `quell notice post | update | resolve | list`: pick the provider, build the event,
//! confirm, send, then journal the action locally (always) and in each control
//! target's `quell.actions` (when configured and reachable: an outage there only
//! warns, it never stops a notice). `--dry-run` prints the requests and sends nothing.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::bail;
use serde_json::json;

use crate::commands::block_on;
use crate::config::Target;
use crate::confirm::Approval;
use crate::control::{self, Actor};
use crate::error::Exit;
use crate::notice::journal::{self, Entry};
use crate::notice::model::{self, Event, EventKind, Incident};
use crate::notice::{NoticesConfig, Provider};
use crate::output::{self, Output};

/// What to do.
#[derive(Debug)]
pub enum Action {
    /// Open an incident (`title`, `status`, `body`, `impact`, `components`, `notify`, `key`).
    Post(Event),
    /// Update (or resolve, by `event.event`) `incident`, else the single open one.
    Patch {
        incident: Option<String>,
        status: Option<String>,
        event: Event,
    },
    List,
}

/// Everything a notice command needs, resolved.
#[derive(Debug)]
pub struct Request {
    pub action: Action,
    pub provider: Option<String>,
    pub approval: Approval,
    pub dry_run: bool,
    pub actor: Actor,
    pub journal: PathBuf,
    /// Where `quell.actions` rows go (empty when no control target is configured).
    pub control: Vec<Target>,
}

pub fn run(
    out: &Output,
    cfg: &NoticesConfig,
    env: &std::collections::HashMap<String, String>,
    mut req: Request,
) -> anyhow::Result<Exit> {
    let (name, pcfg) = cfg.pick(req.provider.as_deref())?;
    let mut provider = Provider::new(pcfg, env, req.dry_run)?;
    let entries = journal::read(&req.journal).unwrap_or_else(|e| {
        output::warn(&format!("{e:#}"));
        Vec::new()
    });
    let from_journal = journal::open_incidents(&entries, &name);
    match std::mem::replace(&mut req.action, Action::List) {
        Action::List => {
            let open = block_on(provider.open(from_journal))??;
            list(out, &name, &open)
        }
        Action::Post(mut event) => {
            if !provider.lists() {
                event.incident = Some(event.key.clone());
            }
            if req.dry_run {
                return dry_run(out, &provider, &event, &[]);
            }
            if !provider.lists() {
                if let Some(found) = from_journal
                    .iter()
                    .find(|i| i.key.as_deref() == Some(&event.key))
                {
                    return done(out, &name, &event, found, true, &req);
                }
            }
            req.approval
                .confirm(&format!("post a notice to {name} ({})", provider.kind()))?;
            let (incident, adopted) = block_on(provider.post(&event))??;
            event.incident = Some(incident.id.clone());
            done(out, &name, &event, &incident, adopted, &req)
        }
        Action::Patch {
            incident,
            status,
            mut event,
        } => {
            let open = match req.dry_run || !provider.lists() {
                true => from_journal,
                false => block_on(provider.open(Vec::new()))??,
            };
            let chosen = choose(&open, incident.as_deref(), req.dry_run)?;
            let current = chosen
                .as_ref()
                .map(|i| i.components.clone())
                .unwrap_or_default();
            if let Some(found) = &chosen {
                event.incident = Some(found.id.clone());
                event.key = found.key.clone().unwrap_or_default();
                event.title = found.title.clone();
            } else {
                event.incident = incident.clone();
            }
            if event.event == EventKind::Update {
                event.status = match (status, &chosen) {
                    (Some(s), _) => s,
                    (None, Some(found)) => found.status.clone(),
                    (None, None) => {
                        bail!("--status is required when the incident is not known to quell")
                    }
                };
            }
            if event.event == EventKind::Resolve {
                // Every affected component goes back to operational, explicitly.
                for id in &current {
                    event.components.entry(id.clone()).or_default();
                }
                event
                    .components
                    .values_mut()
                    .for_each(|s| *s = "operational".into());
            }
            if req.dry_run {
                return dry_run(out, &provider, &event, &current);
            }
            let id = event.incident.clone().unwrap_or_default();
            let verb = if event.event == EventKind::Resolve {
                "resolve"
            } else {
                "update"
            };
            req.approval.confirm(&format!(
                "{verb} incident {id} on {name} ({})",
                provider.kind()
            ))?;
            let result = block_on(provider.patch(&id, &event, &current))??;
            done(out, &name, &event, &result, false, &req)
        }
    }
}

/// The incident to act on: `--incident`, else the single open one quell opened.
fn choose(
    open: &[Incident],
    wanted: Option<&str>,
    dry_run: bool,
) -> anyhow::Result<Option<Incident>> {
    if let Some(id) = wanted {
        return Ok(open.iter().find(|i| i.id == id).cloned());
    }
    match open {
        [one] => Ok(Some(one.clone())),
        [] if dry_run => Ok(None),
        [] => bail!("no open incident opened by quell: pass --incident ID"),
        many => {
            let list: Vec<String> = many
                .iter()
                .map(|i| format!("{} ({}, {:?})", i.id, i.status, i.title))
                .collect();
            bail!(
                "{} open incidents opened by quell: {}; pick one with --incident ID",
                many.len(),
                list.join(", ")
            )
        }
    }
}

fn dry_run(
    out: &Output,
    provider: &Provider,
    event: &Event,
    current: &[String],
) -> anyhow::Result<Exit> {
    let plans = provider.plan(event, current)?;
    if out.is_json() {
        out.json(&json!({"dry_run": true, "provider": provider.kind(), "requests": plans}))?;
    } else {
        let texts: Vec<String> = plans.iter().map(|p| p.render()).collect();
        out.text(&format!("dry run: nothing sent\n\n{}", texts.join("\n\n")))?;
    }
    Ok(Exit::Ok)
}

/// Journal the action (local file always, control targets when reachable) and report it.
fn done(
    out: &Output,
    name: &str,
    event: &Event,
    incident: &Incident,
    adopted: bool,
    req: &Request,
) -> anyhow::Result<Exit> {
    let entry = Entry {
        at: model::now(),
        actor: req.actor.name.clone(),
        run_id: req.actor.run_id.clone(),
        provider: name.to_string(),
        event: event.event,
        incident: incident.id.clone(),
        key: event.key.clone(),
        title: if incident.title.is_empty() {
            event.title.clone()
        } else {
            incident.title.clone()
        },
        status: event.status.clone(),
        body: event.body.clone(),
        impact: event.impact.clone(),
        components: event.components.clone(),
        adopted,
    };
    if let Err(e) = journal::append(&req.journal, &entry) {
        output::warn(&format!("the local notice journal was not written: {e:#}"));
    }
    record_control(req, &entry);
    if out.is_json() {
        out.json(&json!({"provider": name, "event": event.event, "adopted": adopted, "incident": incident}))?;
    } else {
        let text = match (event.event, adopted) {
            (EventKind::Post, true) => format!(
                "incident {} with key {} is already open on {name}: adopted it, nothing new was opened",
                incident.id, event.key
            ),
            (EventKind::Post, false) => format!("posted incident {} on {name}: {:?} ({})", incident.id, entry.title, event.status),
            (EventKind::Update, _) => format!("updated incident {} on {name} ({})", incident.id, event.status),
            (EventKind::Resolve, _) => format!("resolved incident {} on {name}", incident.id),
        };
        let link = incident
            .link
            .as_deref()
            .map(|l| format!("\n{l}"))
            .unwrap_or_default();
        out.text(&format!("{text}{link}"))?;
    }
    Ok(Exit::Ok)
}

/// Journal in each control target's `quell.actions`; warn and carry on when one is unreachable.
fn record_control(req: &Request, entry: &Entry) {
    for target in &req.control {
        let mut target = target.clone();
        target.session.connect_timeout = target.session.connect_timeout.min(Duration::from_secs(3));
        let result = block_on(async {
            let session = crate::db::connect(&target).await?;
            control::ensure_current(&session.client).await?;
            let action = control::Action {
                target: &target.name,
                kind: entry.event.action_kind(),
                subject: Some(&entry.incident),
                detail: format!(
                    "{} notice {:?} on {} ({})",
                    entry.event.action_kind(),
                    entry.title,
                    entry.provider,
                    entry.status
                ),
                before: None,
                after: Some(serde_json::to_value(entry)?),
            };
            control::record(&session.client, &req.actor, &action).await
        });
        match result {
            Ok(Ok(_)) => {}
            Ok(Err(e)) | Err(e) => output::warn(&format!(
                "notice sent, but not journaled in quell.actions on {}: {e:#}",
                target.name
            )),
        }
    }
}

fn list(out: &Output, name: &str, open: &[Incident]) -> anyhow::Result<Exit> {
    if out.is_json() {
        out.json(&json!({"provider": name, "incidents": open}))?;
        return Ok(Exit::Ok);
    }
    if open.is_empty() {
        out.text(&format!("no open incidents opened by quell on {name}"))?;
        return Ok(Exit::Ok);
    }
    let mut table = out.table(&["ID", "STATUS", "TITLE", "CREATED", "LINK"]);
    for i in open {
        let cell = |v: &Option<String>| v.clone().unwrap_or_default();
        table.add_row(vec![
            i.id.clone(),
            i.status.clone(),
            i.title.clone(),
            cell(&i.created_at),
            cell(&i.link),
        ]);
    }
    out.text(&table.to_string())?;
    Ok(Exit::Ok)
}

/// `--body` or `--body-file` (exactly one).
pub fn body(
    body: Option<String>,
    file: Option<&std::path::Path>,
) -> anyhow::Result<Option<String>> {
    match (body, file) {
        (Some(_), Some(_)) => bail!("give --body or --body-file, not both"),
        (Some(b), None) => Ok(Some(b)),
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("reading --body-file {}: {e}", path.display()))?;
            Ok(Some(text.trim_end().to_string()))
        }
        (None, None) => Ok(None),
    }
}
