//! `notices:` in quell.yaml: the named providers a notice can go to, which one is
//! the default, and where the local notice journal lives. Secrets (API tokens,
//! webhook URLs) are never in this file: it names the environment variables
//! that hold them, and `resolve` reads them at the last moment.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context as _};
use indexmap::IndexMap;
use serde::Deserialize;

use crate::values::HumanDuration;

/// `notices:`; every field is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticesConfig {
    /// Named providers: name → `type: statuspage | slack | webhook | file` and its settings.
    #[serde(default)]
    pub providers: IndexMap<String, ProviderConfig>,
    /// Provider used when `--provider` is not given (default: the only provider, if there is one).
    pub default: Option<String>,
    /// The local notice journal, one JSON line per action
    /// (default `$XDG_STATE_HOME/quell/notices.jsonl`, i.e. `~/.local/state/quell/notices.jsonl`).
    pub journal: Option<PathBuf>,
}

/// One provider.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum ProviderConfig {
    Statuspage(StatuspageConfig),
    Slack(SlackConfig),
    Webhook(WebhookConfig),
    File(FileConfig),
}

/// The short form, `status_page:` (one provider) or `status_pages:` (a list):
/// the same settings as a `notices.providers` entry, with `provider:` naming the kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "provider", rename_all = "lowercase")]
pub enum StatusPage {
    Statuspage(StatuspageConfig),
    Slack(SlackConfig),
    Webhook(WebhookConfig),
    File(FileConfig),
}

impl From<StatusPage> for ProviderConfig {
    fn from(page: StatusPage) -> ProviderConfig {
        match page {
            StatusPage::Statuspage(c) => ProviderConfig::Statuspage(c),
            StatusPage::Slack(c) => ProviderConfig::Slack(c),
            StatusPage::Webhook(c) => ProviderConfig::Webhook(c),
            StatusPage::File(c) => ProviderConfig::File(c),
        }
    }
}

impl StatusPage {
    fn kind(&self) -> &'static str {
        match self {
            StatusPage::Statuspage(_) => "statuspage",
            StatusPage::Slack(_) => "slack",
            StatusPage::Webhook(_) => "webhook",
            StatusPage::File(_) => "file",
        }
    }
}

/// `type: statuspage`: Atlassian Statuspage REST v1.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatuspageConfig {
    /// The page id (required), e.g. `abc123`.
    pub page_id: String,
    /// API base URL (default `https://api.statuspage.io/v1`).
    #[serde(default = "default_api_base")]
    pub api_base: String,
    /// Name of the environment variable holding the API token (default `STATUSPAGE_TOKEN`).
    #[serde(default = "default_token_env")]
    pub token_env: String,
    /// Component aliases → component ids, used by `--component ALIAS=STATUS` (default: none;
    /// an id may be given directly).
    #[serde(default)]
    pub components: IndexMap<String, String>,
    /// Timeout of one HTTP request (default 10s).
    pub timeout: Option<HumanDuration>,
    /// Total time for one action, retries included (default 60s).
    pub deadline: Option<HumanDuration>,
    /// Minimum interval between requests with one token (default 1s, the API's limit).
    pub min_interval: Option<HumanDuration>,
}

/// `type: slack`: a Slack incoming webhook.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlackConfig {
    /// Name of the environment variable holding the webhook URL (default `SLACK_WEBHOOK_URL`).
    #[serde(default = "default_slack_env")]
    pub webhook_url_env: String,
    /// Link shown in each message, e.g. the public status page (default: none).
    pub link: Option<String>,
    /// Timeout of one HTTP request (default 10s).
    pub timeout: Option<HumanDuration>,
}

/// `type: webhook`: a JSON POST rendered from a template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookConfig {
    /// Name of the environment variable holding the URL (default `QUELL_WEBHOOK_URL`).
    #[serde(default = "default_webhook_env")]
    pub url_env: String,
    /// Header name → environment variable holding its value (default: none).
    #[serde(default)]
    pub headers_env: IndexMap<String, String>,
    /// minijinja template rendering the JSON body (default: the event itself as JSON).
    pub template: Option<String>,
    /// Timeout of one HTTP request (default 10s).
    pub timeout: Option<HumanDuration>,
}

/// `type: file`: append one JSON line per event.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// The file to append to (required; relative to the working directory).
    pub path: PathBuf,
}

fn default_api_base() -> String {
    "https://api.statuspage.io/v1".to_string()
}
fn default_token_env() -> String {
    "STATUSPAGE_TOKEN".to_string()
}
fn default_slack_env() -> String {
    "SLACK_WEBHOOK_URL".to_string()
}
fn default_webhook_env() -> String {
    "QUELL_WEBHOOK_URL".to_string()
}

pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);
pub const DEFAULT_MIN_INTERVAL: Duration = Duration::from_secs(1);

impl NoticesConfig {
    /// Add the `status_page:` / `status_pages:` providers, each named after its kind
    /// (`statuspage`, `slack`, …), or `slack-2` when that name is taken already.
    pub fn absorb(&mut self, pages: Vec<StatusPage>) {
        for page in pages {
            let kind = page.kind();
            let mut name = kind.to_string();
            let mut n = 1;
            while self.providers.contains_key(&name) {
                n += 1;
                name = format!("{kind}-{n}");
            }
            self.providers.insert(name, page.into());
        }
    }

    /// The provider `--provider` names, else `default`, else the only one.
    pub fn pick(&self, name: Option<&str>) -> anyhow::Result<(String, &ProviderConfig)> {
        let known = || {
            self.providers
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        };
        let name = match name.or(self.default.as_deref()) {
            Some(n) => n.to_string(),
            None => match self.providers.len() {
                0 => bail!(
                    "no notice provider is configured: add `notices: providers:` to quell.yaml (see docs/config.md)"
                ),
                1 => self.providers.keys().next().cloned().unwrap_or_default(),
                _ => bail!(
                    "several notice providers are configured ({}): pick one with --provider NAME or set `notices: default:`",
                    known()
                ),
            },
        };
        match self.providers.get(&name) {
            Some(p) => Ok((name, p)),
            None => bail!(
                "unknown notice provider {name:?}; configured: {}",
                if self.providers.is_empty() {
                    "none".to_string()
                } else {
                    known()
                }
            ),
        }
    }

    /// Where the local journal lives.
    pub fn journal_path(&self, ctx: &crate::db::conninfo::Context) -> anyhow::Result<PathBuf> {
        if let Some(path) = &self.journal {
            return Ok(path.clone());
        }
        let state = crate::values::state_dir(ctx)
            .context("no HOME or XDG_STATE_HOME for the notice journal; set `notices: journal:`")?;
        Ok(state.join("notices.jsonl"))
    }
}

/// Read a secret from the environment variable `name`, for `what` (messages never show the value).
pub fn secret(
    env: &std::collections::HashMap<String, String>,
    name: &str,
    what: &str,
) -> anyhow::Result<String> {
    // Surrounding whitespace is not part of a secret: `export TOKEN=$(cat file)`
    // leaves a newline that no header or URL can carry.
    let Some(value) = env.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) else {
        bail!("{what}: environment variable {name} is not set (the secret only ever comes from the environment)");
    };
    if let Some(b) = value.bytes().find(|b| *b < 0x20 || *b == 0x7f) {
        bail!(
            "{what}: environment variable {name} holds a control character (byte 0x{b:02x}) inside its value, which no HTTP header or URL can carry: fix the variable"
        );
    }
    Ok(value.to_string())
}
