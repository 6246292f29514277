//! `quell jobs` with the `sql` backend (a jobs table in a database of the shared
//! cluster): the same semantics as pg_cron, plus rollback of a failing job, jobs
//! per target and racing pauses.

use super::results;
use crate::support::{Db, Quell};

pub const SQL_CONFIG: &str = "\
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
    assert!(run.stderr.contains(" init` on it first"), "{}", run.stderr);
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
