//! Status-page notices: tell customers and the team what is going on, through
//! Statuspage, Slack, a webhook or a file, without ever opening the same public
//! incident twice. `Provider` hides which one is configured; the command glue
//! (confirmation, journals, printing) is in `commands::notice`.

pub mod config;
pub mod file;
pub mod http;
pub mod journal;
pub mod model;
pub mod slack;
pub mod statuspage;
pub mod webhook;

pub use config::{NoticesConfig, ProviderConfig, StatusPage};

pub use http::Shown;
use model::{Event, Incident};

/// A configured provider, secrets read, ready to act.
pub enum Provider {
    Statuspage(statuspage::Statuspage),
    Slack(slack::Slack),
    Webhook(webhook::Webhook),
    File(config::FileConfig),
}

impl Provider {
    /// Build from config; secrets come from `env` (a dry run does without them).
    pub fn new(
        cfg: &ProviderConfig,
        env: &std::collections::HashMap<String, String>,
        dry_run: bool,
    ) -> anyhow::Result<Provider> {
        Ok(match cfg {
            ProviderConfig::Statuspage(c) => {
                Provider::Statuspage(statuspage::Statuspage::new(c, env, dry_run)?)
            }
            ProviderConfig::Slack(c) => Provider::Slack(slack::Slack::new(c, env, dry_run)?),
            ProviderConfig::Webhook(c) => {
                Provider::Webhook(webhook::Webhook::new(c, env, dry_run)?)
            }
            ProviderConfig::File(c) => Provider::File(c.clone()),
        })
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Provider::Statuspage(_) => "statuspage",
            Provider::Slack(_) => "slack",
            Provider::Webhook(_) => "webhook",
            Provider::File(_) => "file",
        }
    }

    /// true when the provider itself knows its open incidents (else the journal does).
    pub fn lists(&self) -> bool {
        matches!(self, Provider::Statuspage(_))
    }

    /// Open incidents quell opened: asked of Statuspage; `from_journal` for the others.
    pub async fn open(&mut self, from_journal: Vec<Incident>) -> anyhow::Result<Vec<Incident>> {
        match self {
            Provider::Statuspage(s) => s.list().await,
            _ => Ok(from_journal),
        }
    }

    /// One incident by id, resolved or not (Statuspage; the others have only the
    /// journal): `Ok(None)` when unknown.
    pub async fn get(&mut self, id: &str) -> anyhow::Result<Option<Incident>> {
        match self {
            Provider::Statuspage(s) => Ok(s.get(id).await?.as_ref().map(statuspage::incident)),
            _ => Ok(None),
        }
    }

    /// What would be sent for `e`; `current` are the incident's component ids.
    pub fn plan(&self, e: &Event, current: &[String]) -> anyhow::Result<Vec<Shown>> {
        Ok(match self {
            Provider::Statuspage(s) => s.plan(e, current)?,
            Provider::Slack(s) => vec![s.plan(e)],
            Provider::Webhook(w) => vec![w.plan(e)?],
            Provider::File(f) => vec![file::plan(f, e)],
        })
    }

    /// Open an incident; `(incident, adopted)`. Only Statuspage adopts here: for the
    /// others the caller has already checked the journal for the key.
    pub async fn post(&mut self, e: &Event) -> anyhow::Result<(Incident, bool)> {
        if let Provider::Statuspage(s) = self {
            return s.create(e).await;
        }
        self.send(e).await?;
        Ok((local_incident(e), false))
    }

    /// Update or resolve incident `id`.
    pub async fn patch(
        &mut self,
        id: &str,
        e: &Event,
        current: &[String],
    ) -> anyhow::Result<Incident> {
        if let Provider::Statuspage(s) = self {
            return s.patch(id, e, current).await;
        }
        self.send(e).await?;
        Ok(local_incident(e))
    }

    async fn send(&self, e: &Event) -> anyhow::Result<()> {
        match self {
            Provider::Statuspage(_) => Ok(()),
            Provider::Slack(s) => s.send(e).await,
            Provider::Webhook(w) => w.send(e).await,
            Provider::File(f) => file::append(f, e),
        }
    }
}

/// The incident as a provider without incident ids sees it: its id is quell's key.
fn local_incident(e: &Event) -> Incident {
    Incident {
        id: e.incident.clone().unwrap_or_else(|| e.key.clone()),
        title: e.title.clone(),
        status: e.status.clone(),
        key: Some(e.key.clone()),
        link: None,
        components: e.components.keys().cloned().collect(),
        created_at: None,
    }
}
