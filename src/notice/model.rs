//! What a notice is, independent of where it goes: statuses, impact, component
//! states, the event sent to a provider and the incident that comes back.
//! Parsing of the operator's words (`--status`, `--component web=major_outage`) lives
//! here; the wire formats live in each provider's module.

use anyhow::bail;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// Incident statuses quell uses (Statuspage's realtime lifecycle).
pub const STATUSES: &[&str] = &["investigating", "identified", "monitoring", "resolved"];
/// Impact overrides.
pub const IMPACTS: &[&str] = &["none", "minor", "major", "critical"];
/// Component statuses.
pub const COMPONENT_STATUSES: &[&str] = &[
    "operational",
    "under_maintenance",
    "degraded_performance",
    "partial_outage",
    "major_outage",
];

/// Which step of an incident's life an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Post,
    Update,
    Resolve,
}

/// One thing to tell the world.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub event: EventKind,
    /// The incident this event belongs to (absent on a post until it is created).
    pub incident: Option<String>,
    /// quell's idempotency key (`metadata.quell.key`).
    pub key: String,
    pub title: String,
    pub status: String,
    pub body: String,
    pub impact: Option<String>,
    /// Component alias (or id) → component status, in the order given.
    pub components: IndexMap<String, String>,
    pub notify: bool,
}

/// An incident as a provider reports it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Incident {
    pub id: String,
    pub title: String,
    pub status: String,
    /// quell's key, when quell opened it.
    pub key: Option<String>,
    /// Public link, when the provider has one.
    pub link: Option<String>,
    /// Component ids the incident affects.
    #[serde(default)]
    pub components: Vec<String>,
    pub created_at: Option<String>,
}

/// Check `--status`.
pub fn status(text: &str) -> anyhow::Result<String> {
    one_of(text, STATUSES, "incident status")
}

/// Check `--impact`.
pub fn impact(text: &str) -> anyhow::Result<String> {
    one_of(text, IMPACTS, "impact")
}

/// Parse `--component ALIAS=STATUS` arguments.
pub fn components(args: &[String]) -> anyhow::Result<IndexMap<String, String>> {
    let mut out = IndexMap::new();
    for arg in args {
        let Some((name, state)) = arg.split_once('=') else {
            bail!("--component {arg:?}: expected COMPONENT=STATUS, e.g. web=major_outage");
        };
        let state = one_of(state.trim(), COMPONENT_STATUSES, "component status")?;
        out.insert(name.trim().to_string(), state);
    }
    Ok(out)
}

fn one_of(text: &str, allowed: &[&str], what: &str) -> anyhow::Result<String> {
    let text = text.trim().to_ascii_lowercase();
    if allowed.contains(&text.as_str()) {
        Ok(text)
    } else {
        bail!(
            "unknown {what} {text:?}; expected one of: {}",
            allowed.join(", ")
        )
    }
}

/// The default idempotency key: stable for one title, so re-running the same
/// `notice post` adopts the incident instead of opening a second one.
pub fn key_for(title: &str) -> String {
    // FNV-1a, 64 bits: stable across versions and platforms, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in title.trim().to_lowercase().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("q{hash:016x}")
}

/// Current time, RFC 3339 UTC to the second.
pub fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn components_parse_and_check() {
        let c = components(&["web=major_outage".into(), "db = operational".into()]).unwrap();
        assert_eq!(c["web"], "major_outage");
        assert_eq!(c["db"], "operational");
        assert!(components(&["web".into()]).is_err());
        assert!(components(&["web=down".into()]).is_err());
    }

    #[test]
    fn key_is_stable_per_title() {
        assert_eq!(key_for("DB outage"), key_for(" db outage "));
        assert_ne!(key_for("DB outage"), key_for("API outage"));
    }
}
