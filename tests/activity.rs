//! `quell activity`: grouping, ranking, filters, org attribution, watch.

use std::time::Duration;

use crate::support::{session_org_config, sessions, wait_for, Db, Quell};

fn groups(entry: &serde_json::Value) -> Vec<(serde_json::Value, i64)> {
    entry["groups"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|g| (g["key"].clone(), g["count"].as_i64().unwrap_or(-1)))
        .collect()
}

#[test]
fn groups_longest_and_filters() {
    let db = Db::new("act");
    let app = format!("act-{}", db.name);
    let s = sessions(&format!("{} application_name={app}", db.dsn()), 4);
    let pids: Vec<i32> = (0..3).map(|i| s.pid(i)).collect();
    s.exec(0, "BEGIN; SELECT 1");
    s.exec(1, "BEGIN; SELECT 2");
    let long_query = format!("SELECT pg_sleep(60) /* {} */", "x".repeat(120));
    let _sleeping = s.spawn(2, &long_query);
    let count = format!("select count(*) from pg_stat_activity where application_name = '{app}' and wait_event = 'PgSleep'");
    wait_for(&db, &count, "1");

    let run = Quell::new()
        .args([
            "activity",
            "--db",
            &db.name,
            "--group-by",
            "state,app",
            "-o",
            "json",
        ])
        .dsn(&db.dsn())
        .run()
        .success();
    let e = run.entry();
    assert_eq!(e["total"], 4, "{e}");
    assert_eq!(e["group_by"], serde_json::json!(["state", "app"]));
    let g = groups(&e);
    assert!(
        g.contains(&(
            serde_json::json!({"state": "idle in transaction", "app": app}),
            2
        )),
        "{g:?}"
    );
    assert!(
        g.contains(&(serde_json::json!({"state": "active", "app": app}), 1)),
        "{g:?}"
    );
    assert!(
        g.contains(&(serde_json::json!({"state": "idle", "app": app}), 1)),
        "{g:?}"
    );
    // Ranked by query age: the active query, and the two sessions idle in a
    // transaction by how long it has been open (older than the query: they began
    // first); the idle one not at all. The query is whole in JSON.
    let longest = e["longest"].as_array().cloned().unwrap_or_default();
    let ranked: Vec<&serde_json::Value> = longest.iter().map(|b| &b["pid"]).collect();
    assert_eq!(ranked, [pids[0], pids[1], pids[2]], "{e}");
    assert_eq!(longest[2]["query"], long_query);
    assert_eq!(longest[2]["wait_event"], "PgSleep");

    // Asking for the sessions idle in a transaction lists them, pids and ages,
    // without --age xact.
    let run = Quell::new()
        .args([
            "activity",
            "--db",
            &db.name,
            "--state",
            "idle in transaction",
        ])
        .dsn(&db.dsn())
        .run()
        .success();
    assert!(run.stdout.contains("· 2 backends\n"), "{}", run.stdout);
    for pid in &pids[..2] {
        assert!(run.stdout.contains(&format!("│ {pid} ")), "{}", run.stdout);
    }
    assert!(
        run.stdout.contains("idle in transaction: transaction age"),
        "{}",
        run.stdout
    );

    // Ranked by transaction age: the two open transactions and the sleeping query.
    let run = Quell::new()
        .args([
            "activity", "--db", &db.name, "--age", "xact", "--limit", "2", "-o", "json",
        ])
        .dsn(&db.dsn())
        .run()
        .success();
    let e = run.entry();
    let ranked: Vec<i64> = e["longest"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["pid"].as_i64())
        .collect();
    assert_eq!(
        ranked,
        [i64::from(pids[0]), i64::from(pids[1])],
        "oldest transactions first: {e}"
    );

    for (args, want) in [
        (vec!["--state", "idle in transaction"], 2),
        (vec!["--wait", "Timeout:PgSleep"], 1),
        (vec!["--wait", "timeout"], 1),
        (vec!["--min-duration", "1h"], 0),
        (vec!["--role", "nobody"], 0),
        (vec!["--app", app.as_str()], 4),
    ] {
        let run = Quell::new()
            .args(["activity", "--db", &db.name, "-o", "json"])
            .args(&args)
            .dsn(&db.dsn())
            .run()
            .success();
        assert_eq!(run.entry()["total"], want, "{args:?}");
    }

    // A state or wait type PostgreSQL does not have is a typo, not an empty result.
    for (args, want) in [
        (
            ["--state", "idle in trans"],
            "did you mean \"idle in transaction\"?",
        ),
        (
            ["--state", "bogus"],
            "unknown backend state bogus: one of active, idle,",
        ),
        (
            ["--wait", "Lok:relation"],
            "unknown wait event type Lok: did you mean Lock?",
        ),
    ] {
        let run = Quell::new()
            .args(["activity", "--db", &db.name])
            .args(args)
            .dsn(&db.dsn())
            .run()
            .code(2);
        assert!(run.stderr.contains(want), "{args:?}: {}", run.stderr);
    }
    let run = Quell::new()
        .args(["activity", "--db", &db.name, "--state", "active"])
        .dsn(&db.dsn())
        .run()
        .success();
    assert!(run.stdout.contains("· 1 backend\n"), "{}", run.stdout);

    // The table truncates the query to one line.
    let run = Quell::new()
        .args(["activity", "--db", &db.name])
        .dsn(&db.dsn())
        .run()
        .success();
    assert!(
        run.stdout.contains("SELECT pg_sleep(60) /* xxx"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains('…'), "{}", run.stdout);
    assert!(!run.stdout.contains(&"x".repeat(120)), "{}", run.stdout);
}

#[test]
fn group_by_org_from_session_org() {
    let db = Db::new("actorg");
    let (r1, r2) = (format!("org_1_{}", db.name), format!("org_2_{}", db.name));
    db.psql(&format!("CREATE ROLE {r1} LOGIN; CREATE ROLE {r2} LOGIN;"));
    let _a = sessions(&db.dsn_as(&r1), 3);
    let _b = sessions(&db.dsn_as(&r2), 1);
    let config = session_org_config(&db.dsn());
    let run = Quell::new()
        .file("quell.yaml", &config, 0o644)
        .args([
            "activity",
            "--db",
            &db.name,
            "--group-by",
            "org",
            "-o",
            "json",
        ])
        .run()
        .success();
    let g = groups(&run.entry());
    assert!(g.contains(&(serde_json::json!({"org": "1"}), 3)), "{g:?}");
    assert!(g.contains(&(serde_json::json!({"org": "2"}), 1)), "{g:?}");

    let run = Quell::new()
        .args(["activity", "--group-by", "org"])
        .dsn(&db.dsn())
        .run()
        .code(2);
    assert!(run.stderr.contains("tenants.session_org"), "{}", run.stderr);
}

#[test]
fn watch_streams_frames_with_changes_and_stops_on_ctrl_c() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let db = Db::new("watch");
    let app = format!("watch-{}", db.name);
    let s = sessions(&format!("{} application_name={app}", db.dsn()), 2);
    let mut child = Command::new(env!("CARGO_BIN_EXE_quell"))
        .args([
            "activity",
            "--watch",
            "1",
            "--db",
            &db.name,
            "-o",
            "json",
            "--dsn",
            &db.dsn(),
        ])
        .env_clear()
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting quell");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let first: serde_json::Value =
        serde_json::from_str(&lines.next().and_then(Result::ok).unwrap_or_default())
            .unwrap_or_default();
    assert_eq!(first["targets"][0]["total"], 2, "{first}");
    s.exec(0, "BEGIN; SELECT 1");
    let second: serde_json::Value =
        serde_json::from_str(&lines.next().and_then(Result::ok).unwrap_or_default())
            .unwrap_or_default();
    let changes: Vec<(String, i64)> = second["targets"][0]["groups"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|g| {
            (
                g["key"]["state"].as_str().unwrap_or("").to_string(),
                g["change"].as_i64().unwrap_or(99),
            )
        })
        .collect();
    assert!(
        changes.contains(&("idle in transaction".to_string(), 1)),
        "{second}"
    );
    assert!(changes.contains(&("idle".to_string(), -1)), "{second}");
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGINT,
    )
    .expect("sending SIGINT");
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting") {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "quell did not stop on Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
}
