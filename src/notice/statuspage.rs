//! Atlassian Statuspage REST v1: create (`POST /pages/{page}/incidents`), update and
//! resolve (`PATCH …/incidents/{id}`), list (`GET …/incidents/unresolved`).
//!
//! The API has no idempotency key, so every incident carries `metadata.quell.key`;
//! before creating, and after any ambiguous failure, quell lists unresolved incidents
//! and adopts the one with its key. Requests are paced to one per second per token,
//! 420/429 wait `Retry-After`, timeouts and 5xx back off, all within one deadline.
//! The token goes in `Authorization: OAuth …` and nowhere else.

use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use indexmap::IndexMap;
use reqwest::Method;
use serde_json::{json, Value};

use super::config::{self, StatuspageConfig};
use super::http::{self, Failure, Shown};
use super::model::{Event, EventKind, Incident};

/// A Statuspage page, ready to talk to.
pub struct Statuspage {
    cfg: StatuspageConfig,
    /// None in a dry run without the variable set.
    token: Option<String>,
    client: reqwest::Client,
    min_interval: Duration,
    deadline: Duration,
    started: Instant,
    last: Option<Instant>,
}

impl Statuspage {
    /// Read the token from the environment (required unless `dry_run`).
    pub fn new(
        cfg: &StatuspageConfig,
        env: &std::collections::HashMap<String, String>,
        dry_run: bool,
    ) -> anyhow::Result<Statuspage> {
        let token = match config::secret(env, &cfg.token_env, "statuspage token") {
            Ok(t) => Some(t),
            Err(_) if dry_run => None,
            Err(e) => return Err(e),
        };
        let timeout = cfg.timeout.map_or(config::DEFAULT_TIMEOUT, |d| d.0);
        Ok(Statuspage {
            cfg: cfg.clone(),
            token,
            client: http::client(timeout)?,
            min_interval: cfg
                .min_interval
                .map_or(config::DEFAULT_MIN_INTERVAL, |d| d.0),
            deadline: cfg.deadline.map_or(config::DEFAULT_DEADLINE, |d| d.0),
            started: Instant::now(),
            last: None,
        })
    }

    fn url(&self, tail: &str) -> String {
        let base = self.cfg.api_base.trim_end_matches('/');
        format!("{base}/pages/{}/incidents{tail}", self.cfg.page_id)
    }

    fn shown(&self, method: &str, tail: &str, body: Option<Value>) -> Shown {
        Shown {
            method: method.to_string(),
            url: self.url(tail),
            headers: vec![("Authorization".into(), "OAuth [redacted]".into())],
            body,
        }
    }

    /// The requests a dry run prints for `event` (on `incident` for update/resolve).
    pub fn plan(&self, event: &Event, current: &[String]) -> anyhow::Result<Vec<Shown>> {
        Ok(match event.event {
            EventKind::Post => vec![
                self.shown("GET", "/unresolved?page=1&per_page=100", None),
                self.shown("POST", "", Some(self.create_body(event)?)),
            ],
            _ => {
                let id = event.incident.as_deref().unwrap_or("{incident_id}");
                vec![
                    self.shown("GET", "/unresolved?page=1&per_page=100", None),
                    self.shown(
                        "PATCH",
                        &format!("/{id}"),
                        Some(self.patch_body(event, current)?),
                    ),
                ]
            }
        })
    }

    fn component_ids(
        &self,
        given: &IndexMap<String, String>,
    ) -> anyhow::Result<IndexMap<String, String>> {
        let mut out = IndexMap::new();
        for (name, state) in given {
            let id = match self.cfg.components.get(name) {
                Some(id) => id.clone(),
                None if self.cfg.components.is_empty()
                    || self.cfg.components.values().any(|v| v == name) =>
                {
                    name.clone()
                }
                None => bail!(
                    "unknown component {name:?}; configured: {}",
                    self.cfg
                        .components
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            out.insert(id, state.clone());
        }
        Ok(out)
    }

    /// `{"incident":{name,status,impact_override,body,components,component_ids,deliver_notifications,metadata}}`
    pub fn create_body(&self, e: &Event) -> anyhow::Result<Value> {
        let components = self.component_ids(&e.components)?;
        let mut incident = json!({
            "name": e.title,
            "status": e.status,
            "body": e.body,
            "components": components,
            "component_ids": components.keys().collect::<Vec<_>>(),
            "deliver_notifications": e.notify,
            "metadata": {"quell": {"key": e.key}},
        });
        if let (Some(impact), Some(obj)) = (&e.impact, incident.as_object_mut()) {
            obj.insert("impact_override".into(), json!(impact));
        }
        Ok(json!({ "incident": incident }))
    }

    /// A configured alias (`web`) as its component id; an id as itself.
    fn id_of(&self, name: &str) -> String {
        self.cfg
            .components
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }

    /// `{"incident":{status,body,components,component_ids,deliver_notifications}}`.
    /// `current`: every component the incident affects (ids or aliases, from the API
    /// and quell's journal). `component_ids` replaces the affected set, so it is
    /// always the union of those and the ones given; `components` sets the given
    /// statuses, and on a resolve every affected component back to operational.
    pub fn patch_body(&self, e: &Event, current: &[String]) -> anyhow::Result<Value> {
        let given = self.component_ids(&e.components)?;
        let mut affected: Vec<String> = Vec::new();
        for id in current
            .iter()
            .map(|c| self.id_of(c))
            .chain(given.keys().cloned())
        {
            if !affected.contains(&id) {
                affected.push(id);
            }
        }
        let components: IndexMap<String, String> = match e.event {
            EventKind::Resolve => affected
                .iter()
                .map(|id| (id.clone(), "operational".to_string()))
                .collect(),
            _ => given,
        };
        let mut incident = json!({
            "status": e.status,
            "body": e.body,
            "deliver_notifications": e.notify,
        });
        if let Some(obj) = incident.as_object_mut() {
            if !components.is_empty() {
                obj.insert("components".into(), json!(components));
            }
            if !affected.is_empty() {
                obj.insert("component_ids".into(), json!(affected));
            }
        }
        Ok(json!({ "incident": incident }))
    }

    /// One paced exchange.
    async fn once(
        &mut self,
        method: Method,
        tail: &str,
        body: Option<&Value>,
    ) -> Result<http::Reply, Failure> {
        if let Some(last) = self.last {
            let wait = self.min_interval.saturating_sub(last.elapsed());
            tokio::time::sleep(wait).await;
        }
        self.last = Some(Instant::now());
        let url = self.url(tail);
        tracing::debug!("statuspage: {method} {url}");
        let token = self.token.clone().unwrap_or_default();
        let headers = [("Authorization".to_string(), format!("OAuth {token}"))];
        // No request outlives the notice deadline.
        let left = self.deadline.saturating_sub(self.started.elapsed());
        if left.is_zero() {
            return Err(Failure::Ambiguous(format!(
                "the notice deadline ({}) has passed",
                humantime::format_duration(self.deadline)
            )));
        }
        let result = http::exchange(&self.client, method, &url, &headers, body, Some(left))
            .await
            .map_err(|f| f.redact(&token));
        if let Err(e) = &result {
            tracing::debug!("statuspage: {url}: {e}");
        }
        result
    }

    /// Wait before another try, or give up when that would pass the deadline.
    async fn pause(&self, wait: Duration, why: &Failure) -> anyhow::Result<()> {
        if self.started.elapsed() + wait > self.deadline {
            let elapsed = Duration::from_millis(self.started.elapsed().as_millis() as u64);
            if let Failure::RateLimited { after, .. } = why {
                bail!(
                    "statuspage: {why}, and its Retry-After of {} would pass the notice deadline ({}, {} of it used): gave up",
                    humantime::format_duration(*after),
                    humantime::format_duration(self.deadline),
                    humantime::format_duration(elapsed)
                );
            }
            bail!(
                "statuspage: gave up after {} (the notice deadline is {}): {why}",
                humantime::format_duration(elapsed),
                humantime::format_duration(self.deadline)
            );
        }
        crate::output::note(&format!(
            "statuspage: {why}; retrying in {:.1}s",
            wait.as_secs_f64()
        ));
        tokio::time::sleep(wait).await;
        Ok(())
    }

    /// A request that is safe to repeat (reads): retried until it answers or the deadline.
    async fn read(&mut self, tail: &str) -> anyhow::Result<Value> {
        let mut attempt = 0;
        loop {
            match self.once(Method::GET, tail, None).await {
                Ok(reply) => return parse(&reply.body),
                Err(Failure::Final { status, message }) => {
                    return Err(final_error(status, &message, &self.cfg.token_env))
                }
                Err(f @ Failure::RateLimited { after, .. }) => self.pause(after, &f).await?,
                Err(f @ Failure::Ambiguous(_)) => {
                    self.pause(http::backoff(attempt), &f).await?;
                    attempt += 1;
                }
            }
        }
    }

    /// Unresolved incidents, every page; `raw` keeps the API objects.
    pub async fn unresolved(&mut self) -> anyhow::Result<Vec<Value>> {
        let mut all = Vec::new();
        for page in 1..=20 {
            let value = self
                .read(&format!("/unresolved?page={page}&per_page=100"))
                .await?;
            let items = value
                .as_array()
                .cloned()
                .context("statuspage: expected a list of incidents")?;
            // A server may cap pages below per_page: only an empty page is the end.
            if items.is_empty() {
                break;
            }
            all.extend(items);
        }
        Ok(all)
    }

    /// Unresolved incidents quell opened (they carry `metadata.quell.key`).
    pub async fn list(&mut self) -> anyhow::Result<Vec<Incident>> {
        Ok(self
            .unresolved()
            .await?
            .iter()
            .map(incident)
            .filter(|i| i.key.is_some())
            .collect())
    }

    /// Open the incident, or adopt the unresolved one carrying the same key. Returns
    /// the incident and whether it was adopted.
    pub async fn create(&mut self, e: &Event) -> anyhow::Result<(Incident, bool)> {
        let body = self.create_body(e)?;
        let mut attempt = 0;
        let mut check_first = true;
        // A POST of this run whose reply was lost: an incident found by the key then
        // is the one this run opened, not another run's.
        let mut lost_reply: Option<String> = None;
        loop {
            if check_first {
                if let Some(found) = self
                    .list()
                    .await?
                    .into_iter()
                    .find(|i| i.key.as_deref() == Some(e.key.as_str()))
                {
                    if let Some(why) = &lost_reply {
                        crate::output::note(&format!(
                            "statuspage: the reply to this run's create was lost ({why}); found incident {} it opened by its key",
                            found.id
                        ));
                    }
                    return Ok((found, lost_reply.is_none()));
                }
            }
            match self.once(Method::POST, "", Some(&body)).await {
                Ok(reply) => return Ok((incident(&parse(&reply.body)?), false)),
                Err(Failure::Final { status, message }) => {
                    return Err(final_error(status, &message, &self.cfg.token_env))
                }
                Err(f @ Failure::RateLimited { after, .. }) => {
                    check_first = false;
                    self.pause(after, &f).await?;
                }
                Err(f @ Failure::Ambiguous(_)) => {
                    // It may exist now: list again before another POST.
                    check_first = true;
                    lost_reply = Some(f.to_string());
                    self.pause(http::backoff(attempt), &f).await?;
                    attempt += 1;
                }
            }
        }
    }

    /// One incident by id, resolved or not; `None` when the API does not know it.
    pub async fn get(&mut self, id: &str) -> anyhow::Result<Option<Value>> {
        match self.read(&format!("/{id}")).await {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.to_string().contains("statuspage: not found") => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Update or resolve `id`. After an ambiguous failure the incident is read back and
    /// the PATCH is not sent again when everything it was to change already is:
    /// status, latest update, each component's status and the affected set.
    pub async fn patch(
        &mut self,
        id: &str,
        e: &Event,
        current: &[String],
    ) -> anyhow::Result<Incident> {
        let body = self.patch_body(e, current)?;
        let tail = format!("/{id}");
        let mut attempt = 0;
        loop {
            match self.once(Method::PATCH, &tail, Some(&body)).await {
                Ok(reply) => return Ok(incident(&parse(&reply.body)?)),
                Err(Failure::Final { status, message }) => {
                    return Err(final_error(status, &message, &self.cfg.token_env))
                }
                Err(f @ Failure::RateLimited { after, .. }) => self.pause(after, &f).await?,
                Err(f @ Failure::Ambiguous(_)) => {
                    self.pause(http::backoff(attempt), &f).await?;
                    attempt += 1;
                    if let Some(v) = self.get(id).await? {
                        if applied(&v, &body["incident"]) {
                            return Ok(incident(&v));
                        }
                    }
                }
            }
        }
    }
}

/// Whether incident `v` (as the API returns it) already shows everything the PATCH
/// `wanted` was to change.
fn applied(v: &Value, wanted: &Value) -> bool {
    let status = v["status"] == wanted["status"];
    let body = v["incident_updates"][0]["body"] == wanted["body"];
    let shown: Vec<(&str, &str)> = v["components"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| Some((c["id"].as_str()?, c["status"].as_str()?)))
        .collect();
    let statuses = wanted["components"]
        .as_object()
        .into_iter()
        .flatten()
        .all(|(id, st)| {
            shown
                .iter()
                .any(|(i, s)| i == id && Some(*s) == st.as_str())
        });
    let affected = wanted["component_ids"]
        .as_array()
        .into_iter()
        .flatten()
        .all(|id| shown.iter().any(|(i, _)| Some(*i) == id.as_str()));
    status && body && statuses && affected
}

fn parse(body: &str) -> anyhow::Result<Value> {
    serde_json::from_str(body).context("statuspage: the response is not JSON")
}

/// A final 4xx, said plainly.
fn final_error(status: u16, message: &str, token_env: &str) -> anyhow::Error {
    match status {
        401 | 403 => anyhow::anyhow!(
            "statuspage rejected the token in ${token_env} ({message}); check the token and its access to this page"
        ),
        404 => anyhow::anyhow!("statuspage: not found ({message}); check page_id and the incident id"),
        422 => anyhow::anyhow!("statuspage refused the incident as invalid ({message})"),
        _ => anyhow::anyhow!("statuspage refused the request ({message})"),
    }
}

/// The API's incident object, as quell sees it.
pub fn incident(v: &Value) -> Incident {
    let text = |k: &str| v[k].as_str().map(str::to_string);
    Incident {
        id: text("id").unwrap_or_default(),
        title: text("name").unwrap_or_default(),
        status: text("status").unwrap_or_default(),
        key: v["metadata"]["quell"]["key"].as_str().map(str::to_string),
        link: text("shortlink"),
        components: v["components"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|c| c["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        created_at: text("created_at"),
    }
}
