//! `quell jobs` with pg_cron (a cluster of its own per test, since `cron.job` is
//! per server); the `sql` backend is in `sql.rs`. Each test asserts the jobs'
//! state in the database before and after, and the ledger.

use quell::sandbox::{Cluster, ClusterOptions};
use serde_json::Value;

use crate::support::Quell;

pub mod sql;

const CRON_CONFIG: &str = "jobs:\n  backend: pg_cron\n  essential: [\"billing_*\", audit]\n";

/// A cluster with pg_cron installed in `postgres`, an `app` database, and jobs:
/// billing_daily and audit (essential), cleanup, refresh, report, and stale (inactive).
fn cron_cluster() -> Cluster {
    let cluster = Cluster::start(ClusterOptions::default()).expect("starting a cluster");
    assert!(
        cluster.has_pg_cron(),
        "pg_cron.so is not installed for this PostgreSQL: install postgresql-15-cron (CI's .ci/run does)"
    );
    cluster
        .psql(
            "postgres",
            "CREATE EXTENSION pg_cron;
             SELECT cron.schedule(n, '*/5 * * * *', 'select 1')
               FROM unnest(array['billing_daily','audit','cleanup','refresh','report','stale']) n;
             SELECT cron.alter_job(jobid, active := false) FROM cron.job WHERE jobname = 'stale';
             CREATE DATABASE app;",
        )
        .expect("installing pg_cron and scheduling jobs");
    cluster
}

fn cron_state(cluster: &Cluster) -> String {
    cluster
        .psql(
            "postgres",
            "SELECT string_agg(jobname || '=' || active, ' ' ORDER BY jobname) FROM cron.job",
        )
        .expect("reading cron.job")
        .trim()
        .to_string()
}

fn count(cluster: &Cluster, sql: &str) -> String {
    cluster.psql("postgres", sql).expect(sql).trim().to_string()
}

/// The target is database `app`; quell goes to `postgres`, where pg_cron lives.
fn quell(cluster: &Cluster) -> Quell {
    Quell::new()
        .file("quell.yaml", CRON_CONFIG, 0o644)
        .dsn(&cluster.dsn(cluster.superuser(), "app"))
        .env("QUELL_ACTOR", "alice")
}

fn init(cluster: &Cluster) {
    Quell::new()
        .dsn(&cluster.dsn(cluster.superuser(), "postgres"))
        .args(["init"])
        .run()
        .success();
}

pub(crate) fn results(entry: &Value) -> Vec<(String, String)> {
    entry["jobs"]
        .as_array()
        .expect("a jobs array")
        .iter()
        .map(|j| {
            (
                j["job"].as_str().unwrap_or_default().to_string(),
                j["result"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

const ALL_ACTIVE: &str =
    "audit=true billing_daily=true cleanup=true refresh=true report=true stale=false";

#[test]
fn pg_cron_pause_non_essential_then_resume_exactly_those() {
    let cluster = cron_cluster();
    // `init` against the app's database also initialises pg_cron's, where the
    // pause ledger lives: the user runs it once, on the target they use.
    let run = quell(&cluster).args(["init", "-o", "json"]).run().success();
    let entry = run.entry();
    assert_eq!(entry["applied"], serde_json::json!([1, 2]), "{entry}");
    assert_eq!(entry["jobs_database"]["database"], "postgres", "{entry}");
    assert_eq!(entry["jobs_database"]["applied"], serde_json::json!([1, 2]));
    for database in ["app", "postgres"] {
        let version = cluster.psql(database, "SELECT max(version) FROM quell.schema_version");
        assert_eq!(version.expect(database).trim(), "2", "{database}");
    }
    let text = quell(&cluster).args(["init"]).run().success();
    assert!(
        text.stdout
            .contains("(jobs database postgres): control schema quell is current"),
        "{}",
        text.stdout
    );
    assert_eq!(cron_state(&cluster), ALL_ACTIVE);

    let run = quell(&cluster)
        .args(["jobs", "pause", "--non-essential", "--yes", "-o", "json"])
        .run()
        .success();
    let entry = run.entry();
    assert_eq!(entry["ok"], true);
    assert_eq!(entry["backend"], "pg_cron");
    assert_eq!(entry["database"], "postgres");
    assert_eq!(entry["dry_run"], false);
    let paused = |j: &str| (j.to_string(), "paused".to_string());
    assert_eq!(
        results(&entry),
        [paused("cleanup"), paused("refresh"), paused("report")]
    );
    assert_eq!(
        cron_state(&cluster),
        "audit=true billing_daily=true cleanup=false refresh=false report=false stale=false"
    );
    assert_eq!(
        count(&cluster, "SELECT string_agg(job || ':' || (prior->>'active') || ':' || actor, ' ' ORDER BY job) FROM quell.job_pauses WHERE resumed_at IS NULL"),
        "cleanup:true:alice refresh:true:alice report:true:alice"
    );
    assert_eq!(
        count(
            &cluster,
            "SELECT count(*) FROM quell.actions WHERE kind = 'job.pause'"
        ),
        "3"
    );
    // `log` against the app's database shows them: it reads the jobs database's
    // journal too, and says where each row lives.
    let log = quell(&cluster)
        .args(["log", "--kind", "job", "-o", "json"])
        .run()
        .success();
    let rows: Vec<(String, String)> = log.entry()["actions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| {
            (
                a["subject"].as_str().unwrap_or("").to_string(),
                a["database"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let mut subjects: Vec<&str> = rows.iter().map(|(s, _)| s.as_str()).collect();
    subjects.sort();
    assert_eq!(subjects, ["cleanup", "refresh", "report"], "{rows:?}");
    assert!(rows.iter().all(|(_, d)| d == "postgres"), "{rows:?}");

    // Pausing an inactive job by name changes and records nothing, and says so.
    let run = quell(&cluster)
        .args(["jobs", "pause", "stale", "--yes"])
        .run()
        .success();
    assert!(
        run.stdout.contains("stale: already inactive"),
        "{}",
        run.stdout
    );
    assert_eq!(
        count(&cluster, "SELECT count(*) FROM quell.job_pauses"),
        "3"
    );

    let list = quell(&cluster)
        .args(["jobs", "list", "-o", "json"])
        .run()
        .success()
        .entry();
    let job = |name: &str| -> Value {
        list["jobs"]
            .as_array()
            .and_then(|jobs| jobs.iter().find(|j| j["name"] == name).cloned())
            .unwrap_or_else(|| panic!("{name} missing from {list}"))
    };
    assert_eq!(job("cleanup")["active"], false);
    assert_eq!(job("cleanup")["essential"], false);
    assert_eq!(job("cleanup")["schedule"], "*/5 * * * *");
    assert_eq!(job("cleanup")["paused_by_quell"]["by"], "alice");
    assert_eq!(job("billing_daily")["essential"], true);
    assert_eq!(job("audit")["paused_by_quell"], Value::Null);
    assert_eq!(job("stale")["paused_by_quell"], Value::Null);
    let text = quell(&cluster).args(["jobs", "list"]).run().success();
    assert!(text.stdout.contains("paused by quell"), "{}", text.stdout);

    let run = quell(&cluster)
        .args(["jobs", "resume", "--paused", "--yes", "-o", "json"])
        .run()
        .success();
    let resumed = |j: &str| (j.to_string(), "resumed".to_string());
    assert_eq!(
        results(&run.entry()),
        [resumed("cleanup"), resumed("refresh"), resumed("report")]
    );
    // The job that was inactive before quell came stays inactive.
    assert_eq!(cron_state(&cluster), ALL_ACTIVE);
    assert_eq!(
        count(&cluster, "SELECT count(*) FILTER (WHERE resumed_at IS NULL) || '/' || count(*) FROM quell.job_pauses"),
        "0/3"
    );
    let again = quell(&cluster)
        .args(["jobs", "resume", "--paused", "--yes"])
        .run()
        .success();
    assert!(
        again.stdout.contains("no job to resume"),
        "{}",
        again.stdout
    );

    let log = Quell::new()
        .dsn(&cluster.dsn(cluster.superuser(), "postgres"))
        .args(["log", "--kind", "job", "-o", "json"])
        .run()
        .success()
        .entry();
    let kinds: Vec<&str> = log["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .filter_map(|a| a["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "job.resume",
            "job.resume",
            "job.resume",
            "job.pause",
            "job.pause",
            "job.pause"
        ]
    );
}

#[test]
fn pg_cron_essential_by_name_needs_force_and_dry_run_changes_nothing() {
    let cluster = cron_cluster();
    // No control schema yet: refused with the way out.
    let run = quell(&cluster)
        .args(["jobs", "pause", "cleanup", "--yes"])
        .run()
        .code(2);
    assert!(run.stderr.contains(" init` on it first"), "{}", run.stderr);
    assert!(run.stderr.contains("database postgres"), "{}", run.stderr);
    assert_eq!(cron_state(&cluster), ALL_ACTIVE);
    init(&cluster);

    // Essential by name: --yes is not enough off a terminal.
    let run = quell(&cluster)
        .args(["jobs", "pause", "billing_daily", "cleanup", "--yes"])
        .run()
        .code(3);
    assert!(run.stderr.contains("essential"), "{}", run.stderr);
    assert_eq!(cron_state(&cluster), ALL_ACTIVE);
    assert_eq!(
        count(&cluster, "SELECT count(*) FROM quell.job_pauses"),
        "0"
    );

    // Dry run: the exact SQL, nothing changed.
    let run = quell(&cluster)
        .args(["jobs", "pause", "billing_daily", "cleanup", "--dry-run"])
        .run()
        .success();
    assert!(
        run.stdout
            .contains("SELECT cron.alter_job($1, active := $2);  -- $1 = ")
            && run.stdout.contains("$2 = false"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("INSERT INTO quell.job_pauses"),
        "{}",
        run.stdout
    );
    assert_eq!(cron_state(&cluster), ALL_ACTIVE);
    assert_eq!(
        count(&cluster, "SELECT count(*) FROM quell.job_pauses"),
        "0"
    );

    // --force pauses it; an unknown name is an error for that job, the rest goes on.
    let run = quell(&cluster)
        .args([
            "jobs",
            "pause",
            "billing_daily",
            "no'such",
            "--yes",
            "--force",
        ])
        .run()
        .code(2);
    assert!(
        run.stderr.contains("job no'such: no such job"),
        "{}",
        run.stderr
    );
    assert_eq!(
        cron_state(&cluster),
        "audit=true billing_daily=false cleanup=true refresh=true report=true stale=false"
    );
    // Pausing it again is a no-op that says so.
    let run = quell(&cluster)
        .args(["jobs", "pause", "billing_daily", "--yes", "--force"])
        .run()
        .success();
    assert!(
        run.stdout.contains("already paused by quell"),
        "{}",
        run.stdout
    );
    assert_eq!(
        count(&cluster, "SELECT count(*) FROM quell.job_pauses"),
        "1"
    );

    // Resume by name; a job quell did not pause is left alone.
    quell(&cluster)
        .args(["jobs", "resume", "billing_daily", "stale", "--yes"])
        .run()
        .success();
    assert_eq!(cron_state(&cluster), ALL_ACTIVE);
}
