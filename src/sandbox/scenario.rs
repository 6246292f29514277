//! The incident, seeded: an `app` database whose orgs each have one Postgres role
//! per user, an application login role that is a member of every one of them (the
//! RBAC-through-roles anti-pattern that made each new connection expensive),
//! periodic jobs, and a `quell.yaml` pointing at all of it.
//!
//! This file owns the scenario's shape (names, counts, the SQL that seeds it, the
//! config text). Starting the cluster is `cluster.rs`'s; driving load is the
//! storm's (`crate::rehearse::storm`).

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use super::Cluster;

/// The database the scenario lives in.
pub const DATABASE: &str = "app";

/// What to seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    pub orgs: u32,
    pub users_per_org: u32,
    /// Application login roles the user roles are spread over (1: one `app` role,
    /// a member of every user role; K: `app_1`…`app_K`, each of its share).
    pub split: u32,
}

/// How often the scenario's jobs run: the storm's job runner, and pg_cron from 1.5
/// on (interval schedules in seconds; older pg_cron runs them each minute).
pub const JOB_PERIOD_S: u32 = 3;

/// A periodic job of the scenario: its name, whether it is essential, and the load
/// one run of it puts on the server (run by pg_cron, see [`cron_schedule`], and by
/// the storm's job runner every [`JOB_PERIOD_S`] seconds while it is active).
pub struct Job {
    pub name: &'static str,
    pub essential: bool,
    pub load_sql: &'static str,
}

pub const JOBS: &[Job] = &[
    Job {
        name: "billing_invoices",
        essential: true,
        load_sql: "select count(*) from orgs",
    },
    Job {
        name: "reports_hourly",
        essential: false,
        load_sql: "select count(*) from generate_series(1, 3000000)",
    },
    Job {
        name: "digest_emails",
        essential: false,
        load_sql: "select count(*) from generate_series(1, 2000000)",
    },
    Job {
        name: "search_reindex",
        essential: false,
        load_sql: "select md5(string_agg(i::text, ',')) from generate_series(1, 1000000) i",
    },
];

impl Scenario {
    /// Orgs `1..=internal()` are the company's own (the upgrade bug's orgs).
    pub fn internal(&self) -> u32 {
        (self.orgs / 10).clamp(1, 3).min(self.orgs)
    }

    /// The application login role org `org`'s requests connect as.
    pub fn login_role(&self, org: u32) -> String {
        match self.split {
            0 | 1 => "app".to_string(),
            k => format!("app_{}", (org - 1) % k + 1),
        }
    }

    pub fn user_role(org: u32, user: u32) -> String {
        format!("org_{org}_u{user}")
    }

    /// Memberships of each application login role (the fan-out every new
    /// connection of it pays on PostgreSQL < 17).
    pub fn fan_out(&self) -> u32 {
        let k = self.split.max(1);
        self.orgs.div_ceil(k) * self.users_per_org
    }

    /// Refuse sizes that are not a scenario.
    pub fn check(&self) -> anyhow::Result<()> {
        if self.orgs == 0 || self.users_per_org == 0 {
            anyhow::bail!("--orgs and --users-per-org must be at least 1");
        }
        if self.orgs > 10_000 || u64::from(self.orgs) * u64::from(self.users_per_org) > 200_000 {
            anyhow::bail!(
                "{} orgs × {} users is {} roles: at most 10000 orgs and 200000 roles",
                self.orgs,
                self.users_per_org,
                u64::from(self.orgs) * u64::from(self.users_per_org)
            );
        }
        if self.split == 0 || self.split > self.orgs {
            anyhow::bail!(
                "--split {} must be between 1 and --orgs ({})",
                self.split,
                self.orgs
            );
        }
        Ok(())
    }

    /// Create the database, orgs, roles, memberships and jobs: a few statements,
    /// each role created server-side in one loop (not one round trip per role).
    pub fn seed(&self, cluster: &Cluster) -> anyhow::Result<()> {
        self.check()?;
        cluster
            .psql("postgres", &format!("CREATE DATABASE {DATABASE}"))
            .context("creating database app")?;
        let (n, m, k, internal) = (
            self.orgs,
            self.users_per_org,
            self.split.max(1),
            self.internal(),
        );
        let logins: Vec<String> = match k {
            1 => vec!["app".into()],
            k => (1..=k).map(|i| format!("app_{i}")).collect(),
        };
        let mut sql = format!(
            "CREATE TABLE orgs (id int PRIMARY KEY, name text NOT NULL, internal boolean NOT NULL DEFAULT false,
                                suspended boolean NOT NULL DEFAULT false);
             INSERT INTO orgs SELECT i, CASE WHEN i <= {internal} THEN 'internal-' || i ELSE 'org-' || i END, i <= {internal}
               FROM generate_series(1, {n}) i;
             GRANT SELECT ON orgs TO PUBLIC;
             DO $$
             BEGIN
               FOR i IN 1..{n} LOOP
                 EXECUTE format('CREATE ROLE %I LOGIN', 'org_' || i || '_login');
                 FOR u IN 1..{m} LOOP
                   EXECUTE format('CREATE ROLE %I NOLOGIN', 'org_' || i || '_u' || u);
                 END LOOP;
               END LOOP;
             END $$;\n"
        );
        for (i, login) in logins.iter().enumerate() {
            // One GRANT per login role, of all of its share of the user roles.
            sql.push_str(&format!(
                "CREATE ROLE {login} LOGIN;
                 DO $$ BEGIN
                   EXECUTE (SELECT 'GRANT ' || string_agg(format('%I', 'org_' || o || '_u' || u), ', ') || ' TO {login}'
                              FROM generate_series(1, {n}) o, generate_series(1, {m}) u WHERE (o - 1) % {k} = {i});
                 END $$;\n"
            ));
        }
        if cluster.has_pg_cron() {
            let version = cluster
                .psql(
                    "postgres",
                    "CREATE EXTENSION IF NOT EXISTS pg_cron;
                     SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'",
                )
                .context("creating the pg_cron extension")?;
            cluster
                .psql("postgres", &cron_sql(&cron_schedule(version.trim())))
                .context("scheduling the pg_cron jobs")?;
        } else {
            sql.push_str(&jobs_table_sql());
        }
        cluster
            .psql(DATABASE, &sql)
            .context("seeding orgs, roles and memberships")?;
        Ok(())
    }

    /// The `quell.yaml` for this scenario, its notices under `dir`.
    pub fn config(&self, cluster: &Cluster, dir: &Path) -> String {
        let dsn = cluster.dsn(cluster.superuser(), DATABASE);
        let jobs = if cluster.has_pg_cron() {
            "jobs:\n  backend: pg_cron\n  essential: [\"billing_*\"]\n".to_string()
        } else {
            "jobs:\n  backend: sql\n  essential: [\"billing_*\"]\n  \
             list_sql: \"select name, schedule, enabled as active from app_jobs\"\n  \
             pause_sql: \"update app_jobs set enabled = false where name = $1\"\n  \
             resume_sql: \"update app_jobs set enabled = true where name = $1\"\n"
                .to_string()
        };
        let d = dir.display();
        format!(
            "# Written by `quell sandbox up`: the seeded incident ({} orgs x {} users, {} login role(s),\n\
             # {} memberships each). Use it with: quell -c {d}/quell.yaml doctor\n\
             targets:\n  sandbox:\n    dsn: \"{dsn}\"\n\
             tenants:\n  \
             list_sql: \"select id::text as org, name from orgs order by id\"\n  \
             session_org: {{app_pattern: '^app org=(?P<org>[0-9]+)$'}}\n  \
             roles_sql: \"select rolname from pg_roles where rolname = 'org_' || $1 || '_login'\"\n  \
             suspend: [app_flag, connection_limit, terminate]\n  \
             app_flag:\n    \
             suspend_sql: \"update orgs set suspended = true where id = $1::int\"\n    \
             resume_sql: \"update orgs set suspended = false where id = $1::int\"\n\
             {jobs}\
             notices:\n  journal: {d}/notice-journal.jsonl\n  providers:\n    status:\n      type: file\n      path: {d}/notices.jsonl\n",
            self.orgs,
            self.users_per_org,
            self.split.max(1),
            self.fan_out(),
        )
    }
}

/// The schedule of the scenario's pg_cron jobs for pg_cron `extversion` (e.g.
/// `1.4-1`, `1.6`): every [`JOB_PERIOD_S`] seconds where pg_cron takes interval
/// schedules in seconds (1.5 and later), else each minute.
pub fn cron_schedule(extversion: &str) -> String {
    let mut parts = extversion
        .split(|c: char| !c.is_ascii_digit())
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let version = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    if version >= (1, 5) {
        format!("{JOB_PERIOD_S} seconds")
    } else {
        "* * * * *".to_string()
    }
}

fn cron_sql(schedule: &str) -> String {
    let mut sql = String::new();
    for job in JOBS {
        sql.push_str(&format!(
            "SELECT cron.schedule_in_database('{}', '{schedule}', $q${}$q$, '{DATABASE}');\n",
            job.name, job.load_sql
        ));
    }
    sql
}

fn jobs_table_sql() -> String {
    let mut sql = String::from(
        "CREATE TABLE app_jobs (name text PRIMARY KEY, schedule text NOT NULL, enabled boolean NOT NULL DEFAULT true);\n",
    );
    for job in JOBS {
        sql.push_str(&format!(
            "INSERT INTO app_jobs (name, schedule) VALUES ('{}', 'every {JOB_PERIOD_S}s');\n",
            job.name
        ));
    }
    sql
}

/// What `sandbox up` and the commands its config points at write in the sandbox
/// directory beside the cluster (removed by `sandbox down` with the cluster's own).
pub const FILES: &[&str] = &[
    "quell.yaml",
    "quell-scenario.json",
    "notices.jsonl",
    "notice-journal.jsonl",
    "runs",
];

/// Where a scenario's settings are kept beside the cluster, so that `up` again can
/// say what is running.
pub fn settings_path(dir: &Path) -> PathBuf {
    dir.join("quell-scenario.json")
}

#[cfg(test)]
mod tests {
    use super::cron_schedule;

    #[test]
    fn pg_cron_from_1_5_runs_the_jobs_every_few_seconds_and_older_each_minute() {
        for old in ["1.4-1", "1.4", "1.3.1", "1.0", "0.9", ""] {
            assert_eq!(cron_schedule(old), "* * * * *", "{old}");
        }
        for new in ["1.5", "1.5-1", "1.6.4", "1.10", "2.0"] {
            assert_eq!(cron_schedule(new), "3 seconds", "{new}");
        }
    }
}
