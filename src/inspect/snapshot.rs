//! One read of `pg_stat_activity`, shared by `activity`, `backends` and `doctor`:
//! the backends (quell's own left out) with their ages computed against one
//! server clock reading, and the filters the commands share.
//!
//! It does not group, rank or render (that is `activity`'s), and it never calls
//! `pg_blocking_pids()` (that is `locks`'s, and only for lock waiters).

use std::time::Duration;

use serde::Serialize;

use crate::attribution::SessionOrg;
use crate::db::Session;

/// `pg_stat_activity` as a relation, without the view's join to every role: on a
/// server with tens of thousands of roles (the incident's shape) the view hash-joins
/// all of `pg_authid` on each read (~1 ms at 12k roles); looking up only the roles and
/// databases actually connected costs ~0.05 ms. Same columns, same visibility rules
/// (`pg_stat_get_activity` is what the view reads). Used by `snapshot` and `locks`.
#[macro_export]
macro_rules! pg_stat_activity {
    () => {
        "(SELECT a.*,
                 (SELECT rolname FROM pg_roles WHERE oid = a.usesysid) AS usename,
                 (SELECT datname FROM pg_database WHERE oid = a.datid) AS datname
            FROM pg_stat_get_activity(NULL) AS a) AS pg_stat_activity"
    };
}

/// Every backend but ours. `$1`: include non-client backends (autovacuum, walsender, …).
const SNAPSHOT_SQL: &str = concat!(
    "\
SELECT pid,
       coalesce(usename::text, ''),
       coalesce(datname::text, ''),
       coalesce(application_name, ''),
       coalesce(host(client_addr), ''),
       coalesce(backend_type, ''),
       coalesce(state, ''),
       coalesce(wait_event_type, ''),
       coalesce(wait_event, ''),
       extract(epoch FROM now - backend_start)::float8,
       extract(epoch FROM now - xact_start)::float8,
       extract(epoch FROM now - query_start)::float8,
       extract(epoch FROM now - state_change)::float8,
       coalesce(query, ''),
       backend_start,
       age(backend_xmin)::int8
  FROM ",
    pg_stat_activity!(),
    ", clock_timestamp() AS now
 WHERE pid <> pg_backend_pid()
   AND ($1 OR backend_type = 'client backend')
 ORDER BY pid"
);

/// One backend as `pg_stat_activity` showed it. Ages are seconds at snapshot time.
#[derive(Debug, Clone, Serialize)]
pub struct Backend {
    pub pid: i32,
    pub role: String,
    pub database: String,
    pub application: String,
    /// Client address; empty for a unix-socket or background backend.
    pub client: String,
    pub backend_type: String,
    pub state: String,
    pub wait_event_type: String,
    pub wait_event: String,
    pub backend_secs: Option<f64>,
    pub xact_secs: Option<f64>,
    pub query_secs: Option<f64>,
    pub state_secs: Option<f64>,
    /// The last (or current) statement, whole.
    pub query: String,
    /// Tenant org the session belongs to, from `tenants.session_org`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// Identifies the session beyond its pid (pids are reused).
    #[serde(skip)]
    pub backend_start: Option<std::time::SystemTime>,
    /// Age in transactions of the snapshot this backend holds back (`backend_xmin`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xmin_age: Option<i64>,
}

impl Backend {
    /// `Type:Event`, or empty when not waiting.
    pub fn wait(&self) -> String {
        match (self.wait_event_type.as_str(), self.wait_event.as_str()) {
            ("", _) => String::new(),
            (t, "") => t.to_string(),
            (t, e) => format!("{t}:{e}"),
        }
    }
}

/// Read `pg_stat_activity` once.
pub async fn read(
    session: &Session,
    all_backends: bool,
    orgs: Option<&SessionOrg>,
) -> anyhow::Result<Vec<Backend>> {
    let rows = session
        .client
        .query_typed(
            SNAPSHOT_SQL,
            &[(&all_backends, tokio_postgres::types::Type::BOOL)],
        )
        .await?;
    rows.iter()
        .map(|row| {
            let mut backend = Backend {
                pid: row.try_get(0)?,
                role: row.try_get(1)?,
                database: row.try_get(2)?,
                application: row.try_get(3)?,
                client: row.try_get(4)?,
                backend_type: row.try_get(5)?,
                state: row.try_get(6)?,
                wait_event_type: row.try_get(7)?,
                wait_event: row.try_get(8)?,
                backend_secs: row.try_get(9)?,
                xact_secs: row.try_get(10)?,
                query_secs: row.try_get(11)?,
                state_secs: row.try_get(12)?,
                query: row.try_get(13)?,
                org: None,
                backend_start: row.try_get(14)?,
                xmin_age: row.try_get(15)?,
            };
            backend.org = orgs.and_then(|o| o.org_of(&backend.role, &backend.application));
            Ok(backend)
        })
        .collect()
}

#[cfg(test)]
impl Backend {
    /// A plain idle client backend for unit tests; set what a test cares about.
    pub fn fixture(pid: i32) -> Backend {
        Backend {
            pid,
            role: "app".into(),
            database: "db".into(),
            application: String::new(),
            client: String::new(),
            backend_type: "client backend".into(),
            state: "idle".into(),
            wait_event_type: String::new(),
            wait_event: String::new(),
            backend_secs: Some(100.0),
            xact_secs: None,
            query_secs: None,
            state_secs: None,
            query: "select 1".into(),
            org: None,
            backend_start: None,
            xmin_age: None,
        }
    }
}

/// The filters `activity` and `backends` share; an unset field matches everything.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub state: Option<String>,
    pub database: Option<String>,
    pub role: Option<String>,
    pub application: Option<String>,
    /// At least this long in the current state (for an active backend: its query's age).
    pub min_duration: Option<Duration>,
    /// `Type` or `Type:Event`, compared case-insensitively.
    pub wait: Option<String>,
    pub org: Option<String>,
}

impl Filter {
    /// A state or wait type outside PostgreSQL's vocabulary is a typo, not a filter
    /// that matches nothing.
    pub fn validate(&self) -> anyhow::Result<()> {
        use crate::vocab::{check, BACKEND_STATES, WAIT_EVENT_TYPES};
        if let Some(state) = &self.state {
            check("backend state", state, BACKEND_STATES, false)?;
        }
        if let Some(wait) = &self.wait {
            let kind = wait.split_once(':').map_or(wait.as_str(), |(t, _)| t);
            check("wait event type", kind, WAIT_EVENT_TYPES, true)?;
        }
        Ok(())
    }

    pub fn validated(self) -> anyhow::Result<Filter> {
        self.validate()?;
        Ok(self)
    }

    pub fn is_empty(&self) -> bool {
        self.state.is_none()
            && self.database.is_none()
            && self.role.is_none()
            && self.application.is_none()
            && self.min_duration.is_none()
            && self.wait.is_none()
            && self.org.is_none()
    }

    pub fn matches(&self, b: &Backend) -> bool {
        let eq = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
        let wait_ok = self
            .wait
            .as_deref()
            .is_none_or(|w| match w.split_once(':') {
                Some((t, e)) => {
                    b.wait_event_type.eq_ignore_ascii_case(t)
                        && b.wait_event.eq_ignore_ascii_case(e)
                }
                None => b.wait_event_type.eq_ignore_ascii_case(w),
            });
        let old_enough = self
            .min_duration
            .is_none_or(|min| b.state_secs.unwrap_or(0.0) >= min.as_secs_f64());
        eq(&self.state, &b.state)
            && eq(&self.database, &b.database)
            && eq(&self.role, &b.role)
            && eq(&self.application, &b.application)
            && self
                .org
                .as_deref()
                .is_none_or(|o| b.org.as_deref() == Some(o))
            && wait_ok
            && old_enough
    }
}

/// A query on one line: whitespace runs collapsed.
pub fn one_line(query: &str) -> String {
    query.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` cut to `max` characters with an ellipsis.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// 12000 → "12,000".
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Seconds as a short human age: `850ms`, `42s`, `3m12s`, `2h05m`, `3d04h`.
pub fn age(secs: f64) -> String {
    let s = secs.max(0.0);
    if s < 1.0 {
        return format!("{}ms", (s * 1000.0).round() as u64);
    }
    let s = s as u64;
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m{:02}s", s / 60, s % 60),
        3600..=86399 => format!("{}h{:02}m", s / 3600, s % 3600 / 60),
        _ => format!("{}d{:02}h", s / 86400, s % 86400 / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backend() -> Backend {
        Backend {
            application: "web".into(),
            state: "idle in transaction".into(),
            wait_event_type: "Client".into(),
            wait_event: "ClientRead".into(),
            xact_secs: Some(50.0),
            query_secs: Some(40.0),
            state_secs: Some(30.0),
            org: Some("42".into()),
            ..Backend::fixture(1)
        }
    }

    #[test]
    fn filters() {
        let b = backend();
        let f = |f: Filter| f.matches(&b);
        assert!(f(Filter::default()));
        assert!(f(Filter {
            state: Some("idle in transaction".into()),
            ..Filter::default()
        }));
        assert!(!f(Filter {
            state: Some("idle".into()),
            ..Filter::default()
        }));
        assert!(f(Filter {
            wait: Some("client".into()),
            ..Filter::default()
        }));
        assert!(f(Filter {
            wait: Some("Client:ClientRead".into()),
            ..Filter::default()
        }));
        assert!(!f(Filter {
            wait: Some("Lock".into()),
            ..Filter::default()
        }));
        assert!(f(Filter {
            min_duration: Some(Duration::from_secs(30)),
            ..Filter::default()
        }));
        assert!(!f(Filter {
            min_duration: Some(Duration::from_secs(31)),
            ..Filter::default()
        }));
        assert!(f(Filter {
            org: Some("42".into()),
            ..Filter::default()
        }));
        assert!(!f(Filter {
            org: Some("7".into()),
            ..Filter::default()
        }));
        assert!(!f(Filter {
            role: Some("other".into()),
            ..Filter::default()
        }));
    }

    #[test]
    fn text_helpers() {
        assert_eq!(one_line("select\n  1,\t2"), "select 1, 2");
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(thousands(12000), "12,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(-1234567), "-1,234,567");
        assert_eq!(age(0.25), "250ms");
        assert_eq!(age(42.0), "42s");
        assert_eq!(age(192.0), "3m12s");
        assert_eq!(age(7500.0), "2h05m");
        assert_eq!(age(273600.0), "3d04h");
    }
}
