//! `quell backends cancel | terminate`: only the matched pids, with confirmation.

use crate::support::{session_org_config, sessions, wait_for, Db, Quell};

#[test]
fn terminate_by_filter_acts_only_on_matched_pids() {
    let db = Db::new("term");
    let idle_app = format!("victim-{}", db.name);
    let keep_app = format!("keep-{}", db.name);
    let victims = sessions(&format!("{} application_name={idle_app}", db.dsn()), 2);
    let keep = sessions(&format!("{} application_name={keep_app}", db.dsn()), 2);
    victims.exec(0, "BEGIN; SELECT 1");
    victims.exec(1, "BEGIN; SELECT 1");
    keep.exec(0, "BEGIN; SELECT 1");
    let args = [
        "backends",
        "terminate",
        "--db",
        db.name.as_str(),
        "--app",
        idle_app.as_str(),
        "--state",
        "idle in transaction",
    ];

    // Off a terminal without --yes: refused, exit 3, nothing touched.
    let run = Quell::new().args(args).dsn(&db.dsn()).run().code(3);
    assert!(run.stderr.contains("pass --yes"), "{}", run.stderr);
    assert!(
        run.stdout.contains(&victims.pid(0).to_string()),
        "matched backends are shown first: {}",
        run.stdout
    );
    assert!(victims.alive(0) && victims.alive(1));

    // --dry-run prints the SQL and changes nothing.
    let run = Quell::new()
        .args(args)
        .args(["--dry-run"])
        .dsn(&db.dsn())
        .run()
        .success();
    assert!(
        run.stdout.contains("pg_terminate_backend"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!("$1 = {}", victims.pid(1))),
        "{}",
        run.stdout
    );
    assert!(victims.alive(0) && victims.alive(1));

    let pids = [victims.pid(0), victims.pid(1)];
    // With the control schema, every signal is journaled: who, which run, the
    // backend's role, database and when its transaction began (not its query text).
    Quell::new().args(["init"]).dsn(&db.dsn()).run().success();
    let run = Quell::new()
        .args(args)
        .args(["--yes", "-o", "json"])
        .dsn(&db.dsn())
        .env("QUELL_ACTOR", "alice")
        .env("QUELL_RUN_ID", "r-term")
        .run()
        .success();
    let e = run.entry();
    assert_eq!(e["ok"], true, "{e}");
    assert_eq!(e["journaled"], true, "{e}");
    let mut sorted = pids;
    sorted.sort();
    assert_eq!(
        db.psql(
            "SELECT string_agg(subject || ':' || actor || ':' || run_id || ':' || (before->>'role') \
             || ':' || (before->>'state') || ':' || (before ? 'xact_start') || ':' || (before ? 'query'), ' ' ORDER BY subject::int) \
             FROM quell.actions WHERE kind = 'backend.terminate'"
        )
        .trim(),
        sorted
            .iter()
            .map(|p| format!("{p}:alice:r-term:postgres:idle in transaction:true:false"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let done: Vec<i64> = e["results"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["ok"] == true)
        .filter_map(|r| r["pid"].as_i64())
        .collect();
    let mut want: Vec<i64> = pids.iter().map(|p| i64::from(*p)).collect();
    want.sort();
    let mut done_sorted = done.clone();
    done_sorted.sort();
    assert_eq!(done_sorted, want, "{e}");
    let gone = format!(
        "select count(*) from pg_stat_activity where pid in ({}, {})",
        pids[0], pids[1]
    );
    wait_for(&db, &gone, "0");
    assert!(
        keep.alive(0) && keep.alive(1),
        "a backend that did not match was touched"
    );
}

#[test]
fn cancel_by_pid_stops_the_query_keeps_the_session() {
    let db = Db::new("cancel");
    let s = sessions(&db.dsn(), 1);
    let pid = s.pid(0);
    let running = s.spawn(0, "SELECT pg_sleep(60)");
    wait_for(
        &db,
        &format!("select wait_event from pg_stat_activity where pid = {pid}"),
        "PgSleep",
    );
    let run = Quell::new()
        .args(["backends", "cancel", "--pid", &pid.to_string(), "--yes"])
        .dsn(&db.dsn())
        .run()
        .success();
    assert!(
        run.stdout.contains(&format!("cancelled {pid}")),
        "{}",
        run.stdout
    );
    let result = s.runtime.block_on(running).expect("joining");
    let err = result.expect_err("the query was cancelled");
    assert_eq!(
        err.code(),
        Some(&tokio_postgres::error::SqlState::QUERY_CANCELED),
        "{err:?}"
    );
    assert!(s.alive(0), "cancel must keep the session");

    // Cancelling a backend that runs nothing says so and signals nothing.
    let run = Quell::new()
        .args([
            "backends",
            "cancel",
            "--pid",
            &pid.to_string(),
            "--yes",
            "-o",
            "json",
        ])
        .dsn(&db.dsn())
        .run()
        .success();
    let e = run.entry();
    assert_eq!(e["ok"], true, "{e}");
    assert_eq!(e["results"][0]["idle"], true, "{e}");
    let run = Quell::new()
        .args(["backends", "cancel", "--pid", &pid.to_string(), "--yes"])
        .dsn(&db.dsn())
        .run()
        .success();
    assert!(
        run.stdout
            .contains(&format!("{pid} was idle: nothing to cancel")),
        "{}",
        run.stdout
    );
}

#[test]
fn refusals_and_missing_pids() {
    let db = Db::new("bref");
    // No pid and no filter: nothing is matched, exit 2.
    let run = Quell::new()
        .args(["backends", "terminate", "--yes"])
        .dsn(&db.dsn())
        .run()
        .code(2);
    assert!(
        run.stderr.contains("--pid PID, or a filter"),
        "{}",
        run.stderr
    );
    // A pid that does not exist: named, exit 2.
    let run = Quell::new()
        .args(["backends", "cancel", "--pid", "1", "--yes"])
        .dsn(&db.dsn())
        .run()
        .code(2);
    assert!(
        run.stderr.starts_with("quell: error: target 127.0.0.1:")
            && run
                .stderr
                .contains(": pid 1: no such backend (or it is quell's own)\n"),
        "{}",
        run.stderr
    );
    // The JSON says the same as the exit code: that target is not ok.
    let run = Quell::new()
        .args(["backends", "terminate", "--pid", "1", "--yes", "-o", "json"])
        .dsn(&db.dsn())
        .run()
        .code(2);
    let e = run.entry();
    assert_eq!(e["ok"], false, "{e}");
    assert_eq!(e["missing"], serde_json::json!([1]), "{e}");
    assert!(
        e["error"]
            .as_str()
            .is_some_and(|m| m.contains("pid 1: no such backend")),
        "{e}"
    );
    // quell never matches its own backend.
    let run = Quell::new()
        .args([
            "backends",
            "terminate",
            "--db",
            db.name.as_str(),
            "--app",
            "quell",
            "--yes",
            "-o",
            "json",
        ])
        .dsn(&db.dsn())
        .run()
        .success();
    assert_eq!(run.entry()["matched"], serde_json::json!([]));
}

#[test]
fn terminate_by_org_matches_only_that_orgs_sessions() {
    let db = Db::new("borg");
    let (r1, r2) = (format!("org_1_{}", db.name), format!("org_2_{}", db.name));
    db.psql(&format!("CREATE ROLE {r1} LOGIN; CREATE ROLE {r2} LOGIN;"));
    let one = sessions(&db.dsn_as(&r1), 2);
    let two = sessions(&db.dsn_as(&r2), 1);
    let mut want = vec![i64::from(one.pid(0)), i64::from(one.pid(1))];
    want.sort();
    let config = session_org_config(&db.dsn());
    let run = Quell::new()
        .file("quell.yaml", &config, 0o644)
        .args([
            "backends",
            "terminate",
            "--org",
            "1",
            "--db",
            db.name.as_str(),
            "--yes",
            "-o",
            "json",
        ])
        .run()
        .success();
    let mut matched: Vec<i64> = run.entry()["matched"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["pid"].as_i64())
        .collect();
    matched.sort();
    assert_eq!(matched, want);
    assert!(two.alive(0), "org 2's session was touched");
    let run = Quell::new()
        .args(["backends", "terminate", "--org", "1", "--yes"])
        .dsn(&db.dsn())
        .run()
        .code(2);
    assert!(run.stderr.contains("tenants.session_org"), "{}", run.stderr);
}
