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
        /// `update` of a resolved incident reopens it only when asked.
        reopen: bool,
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
    req: Request,
) -> anyhow::Result<Exit> {
    let done = block_on(act(cfg, env, req, None))??;
    render(out, &done)?;
    Ok(Exit::Ok)
}

/// What a notice command did.
#[derive(Debug)]
pub enum Done {
    Listed {
        provider: String,
        open: Vec<Incident>,
    },
    /// A dry run: the requests that would be sent.
    Planned {
        /// The provider's name in the config, as a sent notice reports it.
        provider: String,
        event: Event,
        plans: Vec<crate::notice::Shown>,
    },
    Sent {
        provider: String,
        event: Event,
        incident: Incident,
        adopted: bool,
    },
}

impl Done {
    /// The `-o json` report; a dry run has the same fields as a sent notice (the
    /// incident as it would be, id `null` unless the provider knows it in advance) plus
    /// the requests.
    pub fn json(&self) -> serde_json::Value {
        match self {
            Done::Listed { provider, open } => json!({"provider": provider, "incidents": open}),
            Done::Planned {
                provider,
                event,
                plans,
            } => {
                json!({"dry_run": true, "provider": provider, "event": event.event, "adopted": false,
                "incident": {"id": event.incident, "title": event.title, "status": event.status, "key": event.key},
                "requests": plans})
            }
            Done::Sent {
                provider,
                event,
                incident,
                adopted,
            } => {
                json!({"provider": provider, "event": event.event, "adopted": adopted, "incident": incident})
            }
        }
    }
}

/// Pick the provider, build the event, confirm, send, journal: the notice commands
/// and the `notice.*` playbook actions. `journal_on`: sessions to write the
/// `quell.actions` row on (a playbook's); `None` connects to `req.control`.
pub async fn act(
    cfg: &NoticesConfig,
    env: &std::collections::HashMap<String, String>,
    mut req: Request,
    journal_on: Option<&[crate::db::fleet::Connected]>,
) -> anyhow::Result<Done> {
    let (name, pcfg) = cfg.pick(req.provider.as_deref())?;
    let mut provider = Provider::new(pcfg, env, req.dry_run)?;
    let entries = journal::read(&req.journal).unwrap_or_else(|e| {
        output::warn(&format!("{e:#}"));
        Vec::new()
    });
    let from_journal = journal::open_incidents(&entries, &name);
    match std::mem::replace(&mut req.action, Action::List) {
        Action::List => {
            let open = provider.open(from_journal).await?;
            Ok(Done::Listed {
                provider: name,
                open,
            })
        }
        Action::Post(mut event) => {
            if !provider.lists() {
                event.incident = Some(event.key.clone());
            }
            if req.dry_run {
                return planned(&provider, &name, event, &[]);
            }
            // Every path that writes (a journal row for an adopted incident too)
            // confirms first.
            req.approval
                .confirm(&format!("post a notice to {name} ({})", provider.kind()))?;
            if !provider.lists() {
                if let Some(found) = from_journal
                    .iter()
                    .find(|i| i.key.as_deref() == Some(&event.key))
                {
                    return Ok(done(&name, event, found.clone(), true, &req, journal_on).await);
                }
            }
            let (incident, adopted) = provider.post(&event).await?;
            event.incident = Some(incident.id.clone());
            Ok(done(&name, event, incident, adopted, &req, journal_on).await)
        }
        Action::Patch {
            incident,
            status,
            mut event,
            reopen,
        } => {
            let open = match req.dry_run || !provider.lists() {
                true => from_journal.clone(),
                false => provider.open(Vec::new()).await?,
            };
            let mut chosen = choose(&open, incident.as_deref(), req.dry_run)?;
            if let (None, Some(id), true, false) =
                (&chosen, &incident, provider.lists(), req.dry_run)
            {
                // Not unresolved: resolved elsewhere (the web UI), or unknown.
                let Some(found) = provider.get(id).await? else {
                    bail!("incident {id} is not known to {name}");
                };
                if found.status == "resolved" && event.event == EventKind::Update && !reopen {
                    bail!(
                        "incident {id} is resolved on {name}: an update would reopen it; pass --reopen to do that"
                    );
                }
                chosen = Some(found);
            }
            if let (None, Some(id), false) = (&chosen, &incident, provider.lists()) {
                // The journal is this provider's only record: an id it does not hold
                // open is unknown or already resolved, and nothing is sent.
                bail!(
                    "incident {id} is not open on {name}: quell's notice journal has no open incident with that id (unknown, or already resolved)"
                );
            }
            // Every component the incident ever affected: the provider's view and
            // what quell's journal recorded for it.
            let mut current = chosen
                .as_ref()
                .map(|i| i.components.clone())
                .unwrap_or_default();
            let id = chosen.as_ref().map(|i| i.id.clone()).or(incident.clone());
            for recorded in from_journal.iter().filter(|i| Some(&i.id) == id.as_ref()) {
                for c in &recorded.components {
                    if !current.contains(c) {
                        current.push(c.clone());
                    }
                }
            }
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
                return planned(&provider, &name, event, &current);
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
            let result = provider.patch(&id, &event, &current).await?;
            Ok(done(&name, event, result, false, &req, journal_on).await)
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

fn planned(
    provider: &Provider,
    name: &str,
    event: Event,
    current: &[String],
) -> anyhow::Result<Done> {
    Ok(Done::Planned {
        provider: name.to_string(),
        plans: provider.plan(&event, current)?,
        event,
    })
}

/// Print what was done: JSON, or a line (a dry run: the requests).
pub fn render(out: &Output, done: &Done) -> anyhow::Result<()> {
    if out.is_json() {
        return out.json(&done.json());
    }
    match done {
        Done::Listed { provider, open } => list(out, provider, open),
        Done::Planned { plans, .. } => {
            let texts: Vec<String> = plans.iter().map(|p| p.render()).collect();
            out.text(&format!("dry run: nothing sent\n\n{}", texts.join("\n\n")))
        }
        Done::Sent {
            provider: name,
            event,
            incident,
            adopted,
        } => {
            let title = if incident.title.is_empty() {
                &event.title
            } else {
                &incident.title
            };
            let text = match (event.event, adopted) {
                (EventKind::Post, true) => format!(
                    "incident {} with key {} is already open on {name}: adopted it, nothing new was opened",
                    incident.id, event.key
                ),
                (EventKind::Post, false) => format!("posted incident {} on {name}: {title:?} ({})", incident.id, event.status),
                (EventKind::Update, _) => format!("updated incident {} on {name} ({})", incident.id, event.status),
                (EventKind::Resolve, _) => format!("resolved incident {} on {name}", incident.id),
            };
            let link = incident
                .link
                .as_deref()
                .map(|l| format!("\n{l}"))
                .unwrap_or_default();
            out.text(&format!("{text}{link}"))
        }
    }
}

/// Journal the action (local file always, control targets when reachable).
async fn done(
    name: &str,
    event: Event,
    incident: Incident,
    adopted: bool,
    req: &Request,
    journal_on: Option<&[crate::db::fleet::Connected]>,
) -> Done {
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
    match journal_on {
        Some(sessions) => {
            for c in sessions {
                let result = match &c.session {
                    Ok(s) => record(s, &req.actor, &entry).await,
                    Err(e) => Err(anyhow::anyhow!("{e}")),
                };
                if let Err(e) = result {
                    output::warn(&format!(
                        "notice sent, but not journaled in quell.actions on {}: {e:#}",
                        c.target
                    ));
                }
            }
        }
        None => record_control(req, &entry).await,
    }
    Done::Sent {
        provider: name.to_string(),
        event,
        incident,
        adopted,
    }
}

/// Journal in each control target's `quell.actions`; warn and carry on when one is unreachable.
async fn record_control(req: &Request, entry: &Entry) {
    for target in &req.control {
        let mut target = target.clone();
        target.session.connect_timeout = target.session.connect_timeout.min(Duration::from_secs(3));
        let result = async {
            let session = crate::db::connect(&target).await?;
            record(&session, &req.actor, entry).await
        }
        .await;
        if let Err(e) = result {
            output::warn(&format!(
                "notice sent, but not journaled in quell.actions on {}: {e:#}",
                target.name
            ));
        }
    }
}

async fn record(session: &crate::db::Session, actor: &Actor, entry: &Entry) -> anyhow::Result<()> {
    control::ensure_current(&session.client).await?;
    // An adopted incident was opened before (by another run or another operator):
    // the journal says so rather than recording a second post.
    let (kind, done) = match (entry.event, entry.adopted) {
        (EventKind::Post, true) => ("notice.adopt", "adopted the open incident"),
        (EventKind::Post, false) => ("notice.post", "posted"),
        (EventKind::Update, _) => ("notice.update", "updated"),
        (EventKind::Resolve, _) => ("notice.resolve", "resolved"),
    };
    let action = control::Action {
        target: &session.target,
        kind,
        subject: Some(&entry.incident),
        detail: format!(
            "{done} {:?} on {} ({})",
            entry.title, entry.provider, entry.status
        ),
        before: None,
        after: Some(serde_json::to_value(entry)?),
    };
    control::record(&session.client, actor, &action).await?;
    Ok(())
}

fn list(out: &Output, name: &str, open: &[Incident]) -> anyhow::Result<()> {
    if open.is_empty() {
        return out.text(&format!("no open incidents opened by quell on {name}"));
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
    out.text(&table.to_string())
}

/// `notice post`'s event, checked: the CLI's flags and `notice.post`'s fields.
pub fn post_action(
    title: String,
    body: String,
    status: Option<&str>,
    impact: Option<&str>,
    component: &[String],
    key: Option<String>,
    no_notify: bool,
) -> anyhow::Result<Action> {
    if title.trim().is_empty() {
        bail!("the title is empty");
    }
    Ok(Action::Post(Event {
        event: EventKind::Post,
        incident: None,
        key: key.unwrap_or_else(|| model::key_for(&title)),
        status: model::status(status.unwrap_or("investigating"))?,
        title,
        body,
        impact: impact.map(model::impact).transpose()?,
        components: model::components(component)?,
        notify: !no_notify,
    }))
}

/// `notice update | resolve`'s event, checked.
pub fn patch_action(
    kind: EventKind,
    incident: Option<String>,
    status: Option<&str>,
    body: String,
    component: &[String],
    no_notify: bool,
    reopen: bool,
) -> anyhow::Result<Action> {
    let status = status.map(model::status).transpose()?;
    if kind == EventKind::Resolve && status.as_deref().is_some_and(|s| s != "resolved") {
        bail!("notice resolve always sets status resolved; use notice update for other statuses");
    }
    if kind == EventKind::Resolve && reopen {
        bail!("--reopen is for notice update (a resolve never reopens)");
    }
    let event = Event {
        event: kind,
        incident: None,
        key: String::new(),
        title: String::new(),
        status: "resolved".to_string(),
        body,
        impact: None,
        components: model::components(component)?,
        notify: !no_notify,
    };
    Ok(Action::Patch {
        incident,
        status,
        event,
        reopen,
    })
}

/// `--body` or `--body-file` (exactly one).
pub fn body(
    body: Option<String>,
    file: Option<&std::path::Path>,
) -> anyhow::Result<Option<String>> {
    match (body, file) {
        (Some(_), Some(_)) => bail!("give --body or --body-file (body or body_file), not both"),
        (Some(b), None) => Ok(Some(b)),
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("reading --body-file {}: {e}", path.display()))?;
            Ok(Some(text.trim_end().to_string()))
        }
        (None, None) => Ok(None),
    }
}
