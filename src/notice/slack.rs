//! Slack incoming webhooks: `{"text": …, "blocks": […]}` with the title, body,
//! status, components and a link. Success is HTTP 200 with the body `ok`. The
//! webhook URL is a secret: it is never shown, only its host.

use serde_json::{json, Value};

use super::config::{self, SlackConfig};
use super::http::{self, Shown};
use super::model::{Event, EventKind};

/// A Slack webhook, ready to post to.
pub struct Slack {
    cfg: SlackConfig,
    url: Option<String>,
    client: reqwest::Client,
}

impl Slack {
    pub fn new(
        cfg: &SlackConfig,
        env: &std::collections::HashMap<String, String>,
        dry_run: bool,
    ) -> anyhow::Result<Slack> {
        let url = match config::secret(env, &cfg.webhook_url_env, "slack webhook URL") {
            Ok(u) => Some(u),
            Err(_) if dry_run => None,
            Err(e) => return Err(e),
        };
        let timeout = cfg.timeout.map_or(config::DEFAULT_TIMEOUT, |d| d.0);
        Ok(Slack {
            cfg: cfg.clone(),
            url,
            client: http::client(timeout)?,
        })
    }

    fn shown_url(&self) -> String {
        match &self.url {
            Some(u) => http::redact_url(u),
            None => format!("${}", self.cfg.webhook_url_env),
        }
    }

    /// The message for `e`.
    pub fn payload(&self, e: &Event) -> Value {
        let verb = match e.event {
            EventKind::Post => "Incident",
            EventKind::Update => "Update",
            EventKind::Resolve => "Resolved",
        };
        let text = format!("{verb}: {} ({}): {}", e.title, e.status, e.body);
        let mut facts = vec![format!("*Status:* {}", e.status)];
        if !e.components.is_empty() {
            let list: Vec<String> = e
                .components
                .iter()
                .map(|(c, s)| format!("{c}: {s}"))
                .collect();
            facts.push(format!("*Components:* {}", list.join(", ")));
        }
        if let Some(link) = &self.cfg.link {
            facts.push(format!("<{link}|Status page>"));
        }
        json!({
            "text": text,
            "blocks": [
                {"type": "header", "text": {"type": "plain_text", "text": format!("{verb}: {}", e.title)}},
                {"type": "section", "text": {"type": "mrkdwn", "text": e.body}},
                {"type": "context", "elements": facts.iter().map(|f| json!({"type": "mrkdwn", "text": f})).collect::<Vec<_>>()},
            ],
        })
    }

    pub fn plan(&self, e: &Event) -> Shown {
        Shown {
            method: "POST".into(),
            url: self.shown_url(),
            headers: Vec::new(),
            body: Some(self.payload(e)),
        }
    }

    /// Post once; Slack answers `ok`.
    pub async fn send(&self, e: &Event) -> anyhow::Result<()> {
        let url = self.url.as_deref().unwrap_or_default();
        let body = self.payload(e);
        tracing::debug!("slack: POST {}", self.shown_url());
        match http::exchange(
            &self.client,
            reqwest::Method::POST,
            url,
            &[],
            Some(&body),
            None,
        )
        .await
        {
            Ok(reply) if reply.body.trim() == "ok" => Ok(()),
            Ok(reply) => anyhow::bail!(
                "slack webhook {} answered {:?}, expected \"ok\"",
                self.shown_url(),
                http::message(&reply.body)
            ),
            Err(f) => anyhow::bail!("slack webhook {}: {f}", self.shown_url()),
        }
    }
}
