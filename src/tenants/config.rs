//! The `tenants:` section of quell.yaml and session → org attribution.
//!
//! Only the model and the attribution rule live here; querying orgs and changing
//! them does not.

use regex::Regex;
use serde::Deserialize;

/// `tenants:` — how orgs are found and how a session belongs to one.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TenantsConfig {
    /// SQL listing orgs: columns `org` (text) and `name`.
    pub list_sql: Option<String>,
    /// How a session is attributed to an org.
    pub session_org: Option<SessionOrg>,
    /// SQL returning the login roles of org `$1` (column `rolname`).
    pub roles_sql: Option<String>,
    /// SQL returning the target that holds org `$1` (fleets).
    pub placement_sql: Option<String>,
    /// Suspension mechanisms, applied in order: app_flag, connection_limit, nologin, terminate.
    #[serde(default)]
    pub suspend: Vec<String>,
    /// SQL for the `app_flag` mechanism.
    pub app_flag: Option<AppFlag>,
}

/// The `app_flag` mechanism: SQL run with the org id as `$1`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppFlag {
    pub suspend_sql: String,
    pub resume_sql: String,
}

/// `session_org:` — a regex with a named group `org`, matched against the session's
/// role (`role_pattern`) or its `application_name` (`app_pattern`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionOrg {
    #[serde(default, with = "pattern")]
    pub role_pattern: Option<Regex>,
    #[serde(default, with = "pattern")]
    pub app_pattern: Option<Regex>,
}

impl SessionOrg {
    /// The org a session of `role` with `application_name` belongs to, if any.
    pub fn org_of(&self, role: &str, application: &str) -> Option<String> {
        let capture = |re: &Option<Regex>, text: &str| {
            re.as_ref()
                .and_then(|re| re.captures(text))
                .and_then(|c| c.name("org"))
                .map(|m| m.as_str().to_string())
        };
        capture(&self.role_pattern, role).or_else(|| capture(&self.app_pattern, application))
    }
}

mod pattern {
    use regex::Regex;
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(de: D) -> Result<Option<Regex>, D::Error> {
        let Some(text) = Option::<String>::deserialize(de)? else {
            return Ok(None);
        };
        let re = Regex::new(&text)
            .map_err(|e| serde::de::Error::custom(format!("invalid regex: {e}")))?;
        if !re.capture_names().any(|n| n == Some("org")) {
            return Err(serde::de::Error::custom(format!(
                "pattern {text:?} has no named group `org`, e.g. ^org_(?P<org>[0-9]+)_"
            )));
        }
        Ok(Some(re))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribution_by_role_then_app() {
        let yaml = "role_pattern: '^org_(?P<org>[0-9]+)_'\napp_pattern: 'tenant=(?P<org>\\w+)'\n";
        let s: SessionOrg = serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.org_of("org_42_alice", "web").as_deref(), Some("42"));
        assert_eq!(s.org_of("app", "web tenant=acme").as_deref(), Some("acme"));
        assert_eq!(s.org_of("app", "web"), None);
        let err = serde_yaml::from_str::<SessionOrg>("role_pattern: '^org_([0-9]+)'\n").err();
        assert!(err.is_some_and(|e| e.to_string().contains("no named group `org`")));
    }
}
