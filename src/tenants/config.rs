//! The `tenants:` section of quell.yaml (session → org attribution is
//! `crate::attribution`, below both tenants and inspect).
//!
//! Only the model lives here; querying orgs and changing them does not.

use serde::Deserialize;

pub use crate::attribution::SessionOrg;

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
    /// Suspension mechanisms, applied in order: app_flag, connection_limit, nologin,
    /// terminate (default: none; `quell tenants suspend` then refuses).
    #[serde(default)]
    pub suspend: Vec<Mechanism>,
    /// SQL for the `app_flag` mechanism.
    pub app_flag: Option<AppFlag>,
    /// Let `connection_limit` and `nologin` change a superuser that `roles_sql`
    /// returns (default false: such an org is refused, since NOLOGIN on a superuser
    /// can lock administrators out, and superusers ignore connection limits anyway).
    #[serde(default)]
    pub allow_superuser_roles: bool,
}

/// One way of suspending an org; each is reversible except `terminate`, which has
/// nothing to restore.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mechanism {
    /// `app_flag.suspend_sql` / `resume_sql` with `$1` = org id.
    AppFlag,
    /// `ALTER ROLE … CONNECTION LIMIT 0` on each role from `roles_sql`, prior limit kept.
    ConnectionLimit,
    /// `ALTER ROLE … NOLOGIN` on each role from `roles_sql`, prior `rolcanlogin` kept.
    Nologin,
    /// End the org's sessions (found via `session_org`) once new ones are blocked.
    Terminate,
}

impl Mechanism {
    pub fn name(self) -> &'static str {
        match self {
            Mechanism::AppFlag => "app_flag",
            Mechanism::ConnectionLimit => "connection_limit",
            Mechanism::Nologin => "nologin",
            Mechanism::Terminate => "terminate",
        }
    }
}

impl TenantsConfig {
    /// Everything `suspend`/`resume` need is configured; says which key is missing.
    pub fn check_for_suspend(&self) -> anyhow::Result<()> {
        self.list_sql()?;
        if self.suspend.is_empty() {
            anyhow::bail!(
                "tenants.suspend is empty: list mechanisms, e.g. [app_flag, connection_limit, terminate]"
            );
        }
        for m in &self.suspend {
            match m {
                Mechanism::AppFlag if self.app_flag.is_none() => anyhow::bail!(
                    "tenants.suspend lists app_flag but tenants.app_flag (suspend_sql, resume_sql) is missing"
                ),
                Mechanism::ConnectionLimit | Mechanism::Nologin if self.roles_sql.is_none() => {
                    anyhow::bail!("tenants.suspend lists {} but tenants.roles_sql is missing", m.name())
                }
                Mechanism::Terminate if self.session_org.is_none() => anyhow::bail!(
                    "tenants.suspend lists terminate but tenants.session_org is missing"
                ),
                _ => {}
            }
        }
        Ok(())
    }

    /// `list_sql`, or an error naming the key.
    pub fn list_sql(&self) -> anyhow::Result<&str> {
        self.list_sql
            .as_deref()
            .map(|s| s.trim().trim_end_matches(';'))
            .ok_or_else(|| {
                anyhow::anyhow!("tenants.list_sql is not configured (see docs/config.md)")
            })
    }

    pub fn uses(&self, m: Mechanism) -> bool {
        self.suspend.contains(&m)
    }
}

/// The `app_flag` mechanism: SQL run with the org id as `$1`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppFlag {
    pub suspend_sql: String,
    pub resume_sql: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mechanisms_are_validated() {
        let ok: TenantsConfig =
            serde_yaml::from_str("suspend: [app_flag, connection_limit, nologin, terminate]\n")
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ok.suspend.len(), 4);
        let err = serde_yaml::from_str::<TenantsConfig>("suspend: [app_flag, block]\n").err();
        let text = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(
            text.contains("unknown variant `block`") && text.contains("connection_limit"),
            "{text}"
        );
        let missing = ok
            .check_for_suspend()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(missing.contains("tenants.list_sql"), "{missing}");
    }
}
