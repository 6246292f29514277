//! The `jobs:` section of quell.yaml: which backend holds the periodic jobs, in
//! which database, and which jobs are essential (names or `*`/`?` globs).
//!
//! Only the model, its validation and the essential-job rule live here; reading
//! and toggling jobs is in `pg_cron`, `sql` and `pause`.

use serde::Deserialize;

/// Database pg_cron lives in when `jobs.database` is not set (pg_cron's own default
/// for `cron.database_name`).
pub const DEFAULT_PG_CRON_DATABASE: &str = "postgres";

/// `jobs:` — where periodic jobs live and which must keep running.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobsConfig {
    /// `pg_cron` (default) or `sql`.
    #[serde(default)]
    pub backend: Backend,
    /// Database quell connects to for jobs (the target's other connection
    /// parameters stay). Default: `postgres` for pg_cron (where `cron.job` lives:
    /// the server's `cron.database_name`); the target's own database for `sql`.
    /// quell's control schema (`quell.job_pauses`, `quell.actions`) must be in
    /// this same database: run `quell init` there.
    pub database: Option<String>,
    /// Jobs never paused by `--non-essential`; pausing one by name asks even with
    /// `--yes` unless `--force`. Names or globs (`*` any run, `?` one character).
    /// Default: none.
    #[serde(default)]
    pub essential: Vec<String>,
    /// `sql` backend only (required there): lists jobs, columns `name`, `schedule`
    /// and `active` (cast to text, text, boolean).
    pub list_sql: Option<String>,
    /// `sql` backend only (required there): pauses job `$1` (its name, as text).
    pub pause_sql: Option<String>,
    /// `sql` backend only (required there): resumes job `$1` (its name, as text).
    pub resume_sql: Option<String>,
}

/// Where jobs live.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    /// pg_cron's `cron.job`, toggled with `cron.alter_job(job_id, active := …)`.
    #[default]
    PgCron,
    /// A table of the application's own, through the configured SQL.
    Sql,
}

impl Backend {
    /// The name written to `quell.job_pauses.backend`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::PgCron => "pg_cron",
            Backend::Sql => "sql",
        }
    }
}

/// The `sql` backend's statements, once validated.
#[derive(Debug, Clone)]
pub struct SqlBackend {
    pub list_sql: String,
    pub pause_sql: String,
    pub resume_sql: String,
}

impl JobsConfig {
    /// The database to connect to for jobs, when it differs from the target's.
    pub fn database(&self) -> Option<&str> {
        match self.backend {
            Backend::PgCron => Some(self.database.as_deref().unwrap_or(DEFAULT_PG_CRON_DATABASE)),
            Backend::Sql => self.database.as_deref(),
        }
    }

    /// Err when keys contradict the backend (a missing `sql` statement, or one
    /// given for pg_cron, where it would silently do nothing).
    pub fn validate(&self) -> anyhow::Result<Option<SqlBackend>> {
        let given = [
            ("list_sql", &self.list_sql),
            ("pause_sql", &self.pause_sql),
            ("resume_sql", &self.resume_sql),
        ];
        match self.backend {
            Backend::PgCron => {
                if let Some((key, _)) = given.iter().find(|(_, v)| v.is_some()) {
                    anyhow::bail!("jobs.{key} applies to `backend: sql` only (backend is pg_cron)");
                }
                Ok(None)
            }
            Backend::Sql => {
                if let Some((key, _)) = given.iter().find(|(_, v)| v.is_none()) {
                    anyhow::bail!("jobs.{key} is required with `backend: sql`");
                }
                let get = |v: &Option<String>| v.clone().unwrap_or_default();
                Ok(Some(SqlBackend {
                    list_sql: get(&self.list_sql),
                    pause_sql: get(&self.pause_sql),
                    resume_sql: get(&self.resume_sql),
                }))
            }
        }
    }

    /// Whether `job` is marked essential (by name or glob).
    pub fn is_essential(&self, job: &str) -> bool {
        self.essential.iter().any(|pattern| glob(pattern, job))
    }
}

/// `*` matches any run of characters (also none), `?` exactly one; the rest literally.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Classic two-pointer match with backtracking to the last `*`.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        for (pattern, text, want) in [
            ("billing", "billing", true),
            ("billing", "billing2", false),
            ("billing_*", "billing_daily", true),
            ("billing_*", "billing_", true),
            ("billing_*", "billing", false),
            ("*_report", "nightly_report", true),
            ("job_?", "job_1", true),
            ("job_?", "job_12", false),
            ("*a*b*", "xxaxxbxx", true),
            ("*a*b", "xxaxxbxxc", false),
            ("*", "", true),
        ] {
            assert_eq!(glob(pattern, text), want, "{pattern} ~ {text}");
        }
    }

    #[test]
    fn validation() {
        let parse =
            |y: &str| serde_yaml::from_str::<JobsConfig>(y).unwrap_or_else(|e| panic!("{e}"));
        assert!(parse("backend: pg_cron\n").validate().is_ok());
        assert_eq!(parse("{}").database(), Some("postgres"));
        assert_eq!(
            parse("backend: sql\nlist_sql: x\npause_sql: y\nresume_sql: z\n").database(),
            None
        );
        let err = parse("backend: sql\nlist_sql: x\n").validate().err();
        assert!(err.is_some_and(|e| e.to_string().contains("jobs.pause_sql is required")));
        let err = parse("list_sql: x\n").validate().err();
        assert!(err.is_some_and(|e| e.to_string().contains("backend: sql")));
        assert!(serde_yaml::from_str::<JobsConfig>("backend: cron\n").is_err());
        assert!(serde_yaml::from_str::<JobsConfig>("essentials: [a]\n").is_err());
    }
}
