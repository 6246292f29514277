//! `quell jobs`: pg_cron (a cluster of its own per test, since `cron.job` is
//! per server) and the `sql` backend (a database of the shared cluster). Each test
//! asserts the jobs' state in the database before and after, and the ledger.

use quell::sandbox::{Cluster, ClusterOptions};
use serde_json::Value;

use crate::support::{Db, Quell};

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

fn results(entry: &Value) -> Vec<(String, String)> {
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
    init(&cluster);
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
    assert!(run.stderr.contains("quell init"), "{}", run.stderr);
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

const SQL_CONFIG: &str = "\
jobs:
  backend: sql
  essential: [billing]
  list_sql: \"select name, schedule, enabled as active from app_jobs\"
  pause_sql: \"update app_jobs set enabled = false where name = $1\"
  resume_sql: \"update app_jobs set enabled = true where name = $1\"
";

#[test]
fn sql_backend_pauses_non_essential_and_resumes_exactly_those() {
    let db = Db::new("jobs_sql");
    db.psql(
        "CREATE TABLE app_jobs (name text PRIMARY KEY, schedule text, enabled boolean NOT NULL);
         INSERT INTO app_jobs VALUES ('billing', '@daily', true), ('digest', '@hourly', true),
           ('sync', '* * * * *', true), ('old', '@weekly', false);",
    );
    let state = || {
        db.psql("SELECT string_agg(name || '=' || enabled, ' ' ORDER BY name) FROM app_jobs")
            .trim()
            .to_string()
    };
    let quell = || {
        Quell::new()
            .file("quell.yaml", SQL_CONFIG, 0o644)
            .dsn(&db.dsn())
    };
    let before = "billing=true digest=true old=false sync=true";
    assert_eq!(state(), before);

    let run = quell()
        .args(["jobs", "pause", "--non-essential", "--yes"])
        .run()
        .code(2);
    assert!(run.stderr.contains("quell init"), "{}", run.stderr);
    assert_eq!(state(), before);
    quell().args(["init"]).run().success();

    let dry = quell()
        .args([
            "jobs",
            "pause",
            "--non-essential",
            "--dry-run",
            "-o",
            "json",
        ])
        .run()
        .success()
        .entry();
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["jobs"][0]["result"], "would_pause");
    assert_eq!(
        dry["jobs"][0]["sql"][0],
        "update app_jobs set enabled = false where name = $1;  -- $1 = 'digest'"
    );
    assert_eq!(state(), before);

    let entry = quell()
        .args(["jobs", "pause", "--non-essential", "--yes", "-o", "json"])
        .run()
        .success()
        .entry();
    assert_eq!(entry["backend"], "sql");
    let paused = |j: &str| (j.to_string(), "paused".to_string());
    assert_eq!(results(&entry), [paused("digest"), paused("sync")]);
    assert_eq!(state(), "billing=true digest=false old=false sync=false");
    assert_eq!(
        db.psql("SELECT string_agg(job || ':' || backend || ':' || (prior->>'schedule'), ' ' ORDER BY job) FROM quell.job_pauses WHERE resumed_at IS NULL").trim(),
        "digest:sql:@hourly sync:sql:* * * * *"
    );

    let run = quell()
        .args(["jobs", "pause", "billing", "--yes"])
        .run()
        .code(3);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(state(), "billing=true digest=false old=false sync=false");

    quell()
        .args(["jobs", "resume", "--paused", "--yes"])
        .run()
        .success();
    assert_eq!(state(), before);
    assert_eq!(
        db.psql("SELECT count(*) FROM quell.actions WHERE kind LIKE 'job.%'")
            .trim(),
        "4"
    );
}

/// A job whose pause fails is rolled back with its ledger rows (none left), the
/// other jobs go on, and quell exits 2 naming it.
#[test]
fn sql_backend_failing_job_rolls_back_alone_and_exits_2() {
    let db = Db::new("jobs_fail");
    db.psql(
        "CREATE TABLE app_jobs (name text PRIMARY KEY, schedule text, enabled boolean NOT NULL);
         INSERT INTO app_jobs VALUES ('boom', '@daily', true), ('digest', '@hourly', true);",
    );
    let config = SQL_CONFIG.replace(
        "where name = $1\"\n  resume_sql",
        "where name = $1 and 1 / (case when $1 = 'boom' then 0 else 1 end) = 1\"\n  resume_sql",
    );
    let quell = || {
        Quell::new()
            .file("quell.yaml", &config, 0o644)
            .dsn(&db.dsn())
    };
    quell().args(["init"]).run().success();
    let run = quell()
        .args(["jobs", "pause", "--non-essential", "--yes", "-o", "json"])
        .run()
        .code(2);
    assert!(run.stderr.contains("job boom: "), "{}", run.stderr);
    assert!(run.stderr.contains("division by zero"), "{}", run.stderr);
    let entry = run.entry();
    assert_eq!(entry["jobs"][0]["result"], "failed");
    assert_eq!(entry["jobs"][1]["result"], "paused");
    assert_eq!(
        db.psql("SELECT string_agg(name || '=' || enabled, ' ' ORDER BY name) FROM app_jobs")
            .trim(),
        "boom=true digest=false"
    );
    assert_eq!(
        db.psql("SELECT string_agg(job, ' ') FROM quell.job_pauses")
            .trim(),
        "digest"
    );
}

/// Jobs per target: each target's jobs are paused on that target, concurrently
/// racing runs on one job record it once.
#[test]
fn sql_backend_fleet_and_concurrent_pauses() {
    let (a, b) = (Db::new("jobs_fleet_a"), Db::new("jobs_fleet_b"));
    for db in [&a, &b] {
        db.psql(
            "CREATE TABLE app_jobs (name text PRIMARY KEY, schedule text, enabled boolean NOT NULL);
             INSERT INTO app_jobs VALUES ('digest', '@hourly', true), ('sync', '@daily', true);",
        );
    }
    let config = format!(
        "targets:\n  a: {{dsn: '{}'}}\n  b: {{dsn: '{}'}}\n{SQL_CONFIG}",
        a.dsn(),
        b.dsn()
    );
    let quell = || Quell::new().file("quell.yaml", &config, 0o644);
    quell().args(["-t", "all", "init"]).run().success();

    let racers: Vec<_> = (0..4)
        .map(|_| {
            let q = quell().args(["-t", "a", "jobs", "pause", "sync", "--yes"]);
            std::thread::spawn(move || q.run())
        })
        .collect();
    for racer in racers {
        let run = racer.join().expect("a racing quell");
        assert!(run.code == 0 || run.code == 2, "{}", run.stderr);
    }
    assert_eq!(
        a.psql("SELECT count(*) || ':' || string_agg(job, ' ') FROM quell.job_pauses")
            .trim(),
        "1:sync"
    );

    let json = quell()
        .args([
            "-t",
            "all",
            "jobs",
            "pause",
            "--non-essential",
            "--yes",
            "-o",
            "json",
        ])
        .run()
        .success()
        .json();
    let targets = json["targets"].as_array().expect("targets");
    assert_eq!(targets.len(), 2);
    assert_eq!(
        results(&targets[0]),
        [("digest".to_string(), "paused".to_string())]
    );
    let paused = |j: &str| (j.to_string(), "paused".to_string());
    assert_eq!(results(&targets[1]), [paused("digest"), paused("sync")]);
    for db in [&a, &b] {
        assert_eq!(
            db.psql("SELECT string_agg(name || '=' || enabled, ' ' ORDER BY name) FROM app_jobs")
                .trim(),
            "digest=false sync=false"
        );
    }
    quell()
        .args(["-t", "all", "jobs", "resume", "--paused", "--yes"])
        .run()
        .success();
    assert_eq!(
        b.psql("SELECT string_agg(name || '=' || enabled, ' ' ORDER BY name) FROM app_jobs")
            .trim(),
        "digest=true sync=true"
    );
}
