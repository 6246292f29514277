//! One HTTP exchange for the notice providers, classified the way retries need
//! it: answered, rate-limited (420/429 with `Retry-After`), final (other 4xx), or
//! ambiguous (timeout, reset, 5xx: the request may have been acted on). Also the
//! printable form of a request for `--dry-run` and `-v`, with secrets redacted.
//! Error texts never carry a URL from reqwest; callers name the endpoint with the
//! redacted form they choose.

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

/// A request as it is shown: method, URL, headers and body, secrets already redacted.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Value>,
}

impl Shown {
    /// The dry-run text: `POST URL`, headers, then the pretty JSON body.
    pub fn render(&self) -> String {
        let mut text = format!("{} {}", self.method, self.url);
        for (name, value) in &self.headers {
            text.push_str(&format!("\n{name}: {value}"));
        }
        if let Some(body) = &self.body {
            let pretty = serde_json::to_string_pretty(body).unwrap_or_default();
            text.push_str(&format!("\n\n{pretty}"));
        }
        text
    }
}

/// What came back.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: String,
}

/// Why an exchange did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// The request may or may not have been acted on: timeout, connection error, 5xx.
    Ambiguous(String),
    /// 420 or 429: wait `after`, then try again.
    RateLimited { after: Duration, message: String },
    /// Any other 4xx: retrying will not help.
    Final { status: u16, message: String },
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Ambiguous(m) => write!(f, "{m}"),
            Failure::RateLimited { message, .. } => write!(f, "{message}"),
            Failure::Final { message, .. } => write!(f, "{message}"),
        }
    }
}

impl Failure {
    /// The same failure with every occurrence of `secret` in its text replaced: an
    /// API that echoes the token in its error message does not get it printed.
    pub fn redact(self, secret: &str) -> Failure {
        let scrub = |m: String| {
            if secret.is_empty() {
                m
            } else {
                m.replace(secret, "[redacted]")
            }
        };
        match self {
            Failure::Ambiguous(m) => Failure::Ambiguous(scrub(m)),
            Failure::RateLimited { after, message } => Failure::RateLimited {
                after,
                message: scrub(message),
            },
            Failure::Final { status, message } => Failure::Final {
                status,
                message: scrub(message),
            },
        }
    }
}

/// An HTTP client with a per-request timeout; rustls, no proxies from the environment.
pub fn client(timeout: Duration) -> anyhow::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .user_agent(concat!("quell/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| anyhow::anyhow!("building the HTTP client: {}", e.without_url()))
}

/// Send one request. `headers` carry real values (secrets included) and are never logged.
/// `timeout`: this request's bound when it must be shorter than the client's (the
/// time left before a deadline).
pub async fn exchange(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    headers: &[(String, String)],
    body: Option<&Value>,
    timeout: Option<Duration>,
) -> Result<Reply, Failure> {
    let mut req = client.request(method, url);
    if let Some(t) = timeout {
        req = req.timeout(t);
    }
    for (name, value) in headers {
        req = req.header(name.as_str(), value.as_str());
    }
    if let Some(body) = body {
        req = req.json(body);
    }
    let resp = req
        .send()
        .await
        .map_err(|e| Failure::Ambiguous(describe(&e)))?;
    let status = resp.status().as_u16();
    let retry_after = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64);
    let text = resp
        .text()
        .await
        .map_err(|e| Failure::Ambiguous(describe(&e)))?;
    match status {
        200..=299 => Ok(Reply { status, body: text }),
        420 | 429 => Err(Failure::RateLimited {
            after: retry_after.unwrap_or(Duration::from_secs(5)),
            message: format!("rate limited (HTTP {status}): {}", message(&text)),
        }),
        500..=599 => Err(Failure::Ambiguous(format!(
            "HTTP {status}: {}",
            message(&text)
        ))),
        _ => Err(Failure::Final {
            status,
            message: format!("HTTP {status} {}: {}", reason(status), message(&text)),
        }),
    }
}

/// A reqwest error without its URL (which may be a secret).
fn describe(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    let mut text = kind.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(&format!(": {s_text}"));
        }
        source = s.source();
    }
    text
}

/// The API's own words: `{"message": …}` or `{"error": …}` when present, else the raw body.
pub fn message(body: &str) -> String {
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    let from_json = parsed.as_ref().and_then(|v| {
        ["message", "error", "errors"]
            .iter()
            .find_map(|k| v.get(*k))
            .map(|m| match m {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
    });
    let text = from_json.unwrap_or_else(|| body.trim().to_string());
    let text: String = text.chars().take(500).collect();
    if text.is_empty() {
        "(empty body)".to_string()
    } else {
        crate::error::one_line(&text)
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        _ => "",
    }
}

/// Show only scheme and host of a secret URL: `https://hooks.slack.com/…`.
pub fn redact_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            let host = host.rsplit('@').next().unwrap_or_default();
            format!("{scheme}://{host}/…")
        }
        None => "(url redacted)".to_string(),
    }
}

/// Exponential backoff: 0.5s, 1s, 2s, … capped at 8s.
pub fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(500u64.saturating_mul(1 << attempt.min(4)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn secret_urls_keep_only_the_host() {
        assert_eq!(
            redact_url("https://hooks.slack.com/services/T1/B2/SECRET"),
            "https://hooks.slack.com/…"
        );
        assert_eq!(redact_url("http://u:pw@h:8/x?token=1"), "http://h:8/…");
        assert_eq!(redact_url("garbage"), "(url redacted)");
    }

    #[test]
    fn api_messages_are_extracted() {
        assert_eq!(
            message(r#"{"message":"name is too long"}"#),
            "name is too long"
        );
        assert_eq!(message("invalid_payload"), "invalid_payload");
        assert_eq!(message(""), "(empty body)");
    }
}
