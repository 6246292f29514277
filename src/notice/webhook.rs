//! Generic webhooks: a JSON POST whose body is rendered from a minijinja template
//! in the config (default: the event itself), with headers whose values come from
//! environment variables. The URL and header values are secrets: never shown.

use anyhow::Context as _;
use serde_json::Value;

use super::config::{self, WebhookConfig};
use super::http::{self, Shown};
use super::model::Event;

/// A webhook, ready to post to.
pub struct Webhook {
    cfg: WebhookConfig,
    url: Option<String>,
    headers: Vec<(String, String)>,
    client: reqwest::Client,
}

impl Webhook {
    pub fn new(
        cfg: &WebhookConfig,
        env: &std::collections::HashMap<String, String>,
        dry_run: bool,
    ) -> anyhow::Result<Webhook> {
        let url = match config::secret(env, &cfg.url_env, "webhook URL") {
            Ok(u) => Some(u),
            Err(_) if dry_run => None,
            Err(e) => return Err(e),
        };
        let mut headers = Vec::new();
        for (name, var) in &cfg.headers_env {
            match config::secret(env, var, &format!("webhook header {name}")) {
                Ok(v) => headers.push((name.clone(), v)),
                Err(_) if dry_run => {}
                Err(e) => return Err(e),
            }
        }
        let timeout = cfg.timeout.map_or(config::DEFAULT_TIMEOUT, |d| d.0);
        Ok(Webhook {
            cfg: cfg.clone(),
            url,
            headers,
            client: http::client(timeout)?,
        })
    }

    fn shown_url(&self) -> String {
        match &self.url {
            Some(u) => http::redact_url(u),
            None => format!("${}", self.cfg.url_env),
        }
    }

    /// The JSON body for `e`: the template rendered with the event's fields, which must be JSON.
    pub fn payload(&self, e: &Event) -> anyhow::Result<Value> {
        let event = serde_json::to_value(e)?;
        let Some(template) = &self.cfg.template else {
            return Ok(event);
        };
        let env = minijinja::Environment::new();
        let text = env
            .render_str(template, &event)
            .map_err(|err| anyhow::anyhow!("rendering the webhook template: {err}"))?;
        serde_json::from_str(&text)
            .with_context(|| format!("the webhook template did not render JSON (use the tojson filter for strings): {text}"))
    }

    pub fn plan(&self, e: &Event) -> anyhow::Result<Shown> {
        let headers = self
            .cfg
            .headers_env
            .keys()
            .map(|h| (h.clone(), "[redacted]".to_string()))
            .collect();
        Ok(Shown {
            method: "POST".into(),
            url: self.shown_url(),
            headers,
            body: Some(self.payload(e)?),
        })
    }

    /// Post once; any 2xx is success.
    pub async fn send(&self, e: &Event) -> anyhow::Result<()> {
        let url = self.url.as_deref().unwrap_or_default();
        let body = self.payload(e)?;
        tracing::debug!("webhook: POST {}", self.shown_url());
        http::exchange(
            &self.client,
            reqwest::Method::POST,
            url,
            &self.headers,
            Some(&body),
            None,
        )
        .await
        .map(|_| ())
        .map_err(|f| {
            let f = self.headers.iter().fold(f, |f, (_, v)| f.redact(v));
            anyhow::anyhow!("webhook {}: {}", self.shown_url(), f.redact(url))
        })
    }
}
