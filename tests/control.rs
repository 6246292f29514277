//! `quell init` (the control schema: idempotent, concurrent-safe) and `quell log`.

use crate::support::{Db, Quell};

#[test]
fn init_is_idempotent_and_safe_concurrently() {
    let db = Db::new("init");
    let run = Quell::new().args(["log"]).dsn(&db.dsn()).run().code(2);
    assert!(run.stderr.contains(" init` on it first"), "{}", run.stderr);

    // A dry run says what it would create and creates nothing.
    let dry = Quell::new()
        .args(["init", "--dry-run"])
        .dsn(&db.dsn())
        .run()
        .success();
    assert!(
        dry.stdout.contains(
            "control schema quell would be created at version 2 (dry run: nothing was changed)"
        ),
        "{}",
        dry.stdout
    );
    let dry = Quell::new()
        .args(["init", "--dry-run", "-o", "json"])
        .dsn(&db.dsn())
        .run()
        .success()
        .json();
    assert_eq!(dry["targets"][0]["applied"], serde_json::json!([1, 2]));
    assert_eq!(dry["targets"][0]["dry_run"], true);
    assert_eq!(
        db.psql("select count(*) from pg_namespace where nspname = 'quell'")
            .trim(),
        "0"
    );

    // Three at once: one applies the migration, the others find it done.
    let children: Vec<_> = (0..3)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_quell"))
                .args(["init", "-o", "json", "--dsn", &db.dsn()])
                .env_clear()
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("starting quell init")
        })
        .collect();
    let mut applied = Vec::new();
    for child in children {
        let out = child.wait_with_output().expect("waiting");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        applied.push(json["targets"][0]["applied"].clone());
    }
    assert_eq!(
        applied
            .iter()
            .filter(|a| **a == serde_json::json!([1, 2]))
            .count(),
        1,
        "{applied:?}"
    );
    assert_eq!(
        applied
            .iter()
            .filter(|a| **a == serde_json::json!([]))
            .count(),
        2,
        "{applied:?}"
    );
    assert_eq!(
        db.psql("select count(*) from quell.schema_version").trim(),
        "2"
    );
    let tables = db.psql("select string_agg(tablename, ',' order by tablename) from pg_tables where schemaname = 'quell'");
    assert_eq!(
        tables.trim(),
        "actions,job_pauses,run_steps,runs,schema_version,suspensions"
    );

    let fresh = Db::new("init_text");
    let run = Quell::new()
        .args(["init"])
        .dsn(&fresh.dsn())
        .run()
        .success();
    assert!(
        run.stdout
            .contains("control schema quell created at version 2 (applied [1, 2])"),
        "{}",
        run.stdout
    );
    let run = Quell::new().args(["init"]).dsn(&db.dsn()).run().success();
    assert!(
        run.stdout.contains("is current (version 2)"),
        "{}",
        run.stdout
    );
}

#[test]
fn log_filters_and_shape() {
    let db = Db::new("log");
    Quell::new().args(["init"]).dsn(&db.dsn()).run().success();
    db.psql(
        "INSERT INTO quell.actions (at, actor, run_id, target, kind, subject, detail, before, after) VALUES
           (now() - interval '3 hours', 'alice@h', 'r1', 'prod', 'tenant.suspend', '42', 'suspended org 42', '{\"limit\": 7}', '{\"limit\": 0}'),
           (now() - interval '1 hour',  'bob@h',   'r2', 'prod', 'tenant.resume',  '42', 'resumed org 42', NULL, NULL),
           (now() - interval '1 minute','bob@h',   'r2', 'prod', 'job.pause',      'nightly', 'paused job nightly', NULL, NULL);",
    );
    let log = |args: &[&str]| -> Vec<String> {
        let run = Quell::new()
            .args(["log", "-o", "json"])
            .args(args)
            .dsn(&db.dsn())
            .run()
            .success();
        run.entry()["actions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|a| a["detail"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(
        log(&[]),
        ["paused job nightly", "resumed org 42", "suspended org 42"],
        "newest first"
    );
    assert_eq!(
        log(&["--org", "42"]),
        ["resumed org 42", "suspended org 42"]
    );
    assert_eq!(
        log(&["--kind", "tenant"]),
        ["resumed org 42", "suspended org 42"],
        "a family"
    );
    assert_eq!(log(&["--kind", "tenant.suspend"]), ["suspended org 42"]);
    // A kind quell never records is a typo, not "no actions recorded".
    let run = Quell::new()
        .args(["log", "--kind", "tenant.suspnd"])
        .dsn(&db.dsn())
        .run()
        .code(2);
    assert!(
        run.stderr
            .contains("unknown action kind tenant.suspnd: did you mean tenant.suspend?"),
        "{}",
        run.stderr
    );
    assert_eq!(
        log(&["--run-id", "r2"]),
        ["paused job nightly", "resumed org 42"]
    );
    assert_eq!(
        log(&["--since", "2h"]),
        ["paused job nightly", "resumed org 42"]
    );
    assert_eq!(log(&["--limit", "1"]), ["paused job nightly"]);
    let run = Quell::new()
        .args([
            "log",
            "-o",
            "json",
            "--org",
            "42",
            "--kind",
            "tenant.suspend",
        ])
        .dsn(&db.dsn())
        .run()
        .success();
    let a = &run.entry()["actions"][0];
    for key in [
        "id", "at", "actor", "db_user", "run_id", "target", "kind", "subject", "detail", "before",
        "after",
    ] {
        assert!(a.get(key).is_some(), "{key} missing: {a}");
    }
    assert_eq!(a["before"], serde_json::json!({"limit": 7}));
    let run = Quell::new().args(["log"]).dsn(&db.dsn()).run().success();
    assert!(
        run.stdout.contains("suspended org 42") && run.stdout.contains("alice@h"),
        "{}",
        run.stdout
    );
}

#[test]
fn without_the_control_schema_quell_says_which_server_and_database_it_reached() {
    let db = Db::new("noschema");
    let run = Quell::new().dsn(&db.dsn()).args(["log"]).run().code(2);
    let want = format!(
        "no quell control schema in database {} on 127.0.0.1:{}: if that is the server you meant, \
         run `{} --dsn '{}' init` on it first",
        db.name,
        crate::support::cluster().port(),
        env!("CARGO_BIN_EXE_quell"),
        db.dsn()
    );
    assert!(run.stderr.contains(&want), "{}", run.stderr);
    assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
}
