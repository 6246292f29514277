//! How a session is attributed to a tenant org (`tenants.session_org`): by its role
//! or its `application_name`. Below both `inspect` (activity by org, `backends
//! --org`) and `tenants` (terminating a suspended org's sessions), so neither
//! reaches into the other for it.

use regex::Regex;
use serde::Deserialize;

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

    /// A regex with an `org` group; the error is raised while the scalar is read, so it
    /// carries the scalar's line, column and key.
    pub fn deserialize<'de, D: Deserializer<'de>>(de: D) -> Result<Option<Regex>, D::Error> {
        Option::<Pattern>::deserialize(de).map(|p| p.map(|p| p.0))
    }

    struct Pattern(Regex);

    impl<'de> Deserialize<'de> for Pattern {
        fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
            crate::values::scalar(de, "a regex with a named group `org`", |text| {
                let re = Regex::new(text).map_err(|e| format!("invalid regex: {e}"))?;
                if !re.capture_names().any(|n| n == Some("org")) {
                    return Err(format!(
                        "pattern {text:?} has no named group `org`, e.g. ^org_(?P<org>[0-9]+)_"
                    ));
                }
                Ok(Pattern(re))
            })
        }
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
