//! `quell doctor`: each finding reproduced on a real server, and silence on a quiet one.

use std::time::Duration;

use quell::sandbox::{Cluster, ClusterOptions};

use crate::support::{hold, sessions, wait_for, Db, Quell};

fn finding<'a>(entry: &'a serde_json::Value, id: &str) -> Option<&'a serde_json::Value> {
    entry["findings"].as_array()?.iter().find(|f| f["id"] == id)
}

fn doctor(config: &str) -> Quell {
    Quell::new()
        .file("quell.yaml", config, 0o644)
        .args(["doctor", "-o", "json"])
}

fn config(dsn: &str, thresholds: &str) -> String {
    format!("targets:\n  main: {{dsn: \"{dsn}\"}}\ndoctor:\n{thresholds}")
}

#[test]
fn quiet_server_has_no_findings_and_exits_0() {
    let cluster = Cluster::start(ClusterOptions::default()).expect("starting a cluster");
    let run = Quell::new()
        .args(["doctor", "-o", "json"])
        .dsn(&cluster.dsn("postgres", "postgres"))
        .run()
        .success();
    let json = run.json();
    assert_eq!(json["worst"], "ok", "{json}");
    assert_eq!(
        json["targets"][0]["findings"],
        serde_json::json!([]),
        "{json}"
    );
    assert_eq!(
        json["targets"][0]["skipped"],
        serde_json::json!([]),
        "{json}"
    );
    let run = Quell::new()
        .args(["doctor"])
        .dsn(&cluster.dsn("postgres", "postgres"))
        .run()
        .success();
    assert!(run.stdout.contains("no findings"), "{}", run.stdout);
}

#[test]
fn idle_in_transaction_and_long_query() {
    let db = Db::new("doc_idle");
    let s = sessions(&db.dsn(), 2);
    let (idle_pid, busy_pid) = (s.pid(0), s.pid(1));
    s.exec(
        0,
        "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT txid_current()",
    );
    let _busy = s.spawn(1, "SELECT pg_sleep(60)");
    wait_for(
        &db,
        &format!("select wait_event from pg_stat_activity where pid = {busy_pid}"),
        "PgSleep",
    );
    std::thread::sleep(Duration::from_millis(1200));
    let cfg = config(
        &db.dsn(),
        "  idle_in_transaction_warning: 1s\n  idle_in_transaction_critical: 1h\n  long_query_warning: 1s\n  long_query_critical: 1s\n",
    );
    // Default --fail-on critical: the long query is critical → exit 1.
    let run = doctor(&cfg).run().code(1);
    let e = run.entry();
    let idle =
        finding(&e, "idle_in_transaction").unwrap_or_else(|| panic!("no idle_in_transaction: {e}"));
    assert_eq!(idle["severity"], "warning");
    assert!(
        idle["evidence"]["sessions"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|s| s["pid"] == idle_pid),
        "{idle}"
    );
    assert!(
        idle["evidence"]["sessions"][0]["xmin_age"]
            .as_i64()
            .is_some(),
        "a repeatable-read snapshot pins xmin: {idle}"
    );
    let long =
        finding(&e, "long_running_query").unwrap_or_else(|| panic!("no long_running_query: {e}"));
    assert_eq!(long["severity"], "critical");
    assert!(
        long["evidence"]["queries"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|q| q["pid"] == busy_pid),
        "{long}"
    );
    assert_eq!(run.json()["worst"], "critical");
    // Worst first.
    assert_eq!(e["findings"][0]["severity"], "critical", "{e}");
    // --fail-on higher than anything found... there is nothing higher than critical; lower it instead:
    let cfg = config(&db.dsn(), "  idle_in_transaction_warning: 1s\n  idle_in_transaction_critical: 1h\n  long_query_warning: 1h\n");
    doctor(&cfg).run().code(0);
    doctor(&cfg).args(["--fail-on", "warning"]).run().code(1);
}

#[test]
fn saturation_and_storm() {
    let cluster = Cluster::start(ClusterOptions {
        max_connections: 30,
        ..ClusterOptions::default()
    })
    .expect("starting a cluster");
    cluster
        .psql("postgres", "CREATE ROLE app LOGIN")
        .expect("role");
    let dsn = cluster.dsn("postgres", "postgres");
    let cfg = format!("targets:\n  main: {{dsn: \"{dsn}\"}}\ndoctor:\n  storm_min_young: 5\n");
    // A storm: many backends opened just now (retried: a loaded machine can be slow to open them).
    let mut storm = None;
    for _ in 0..3 {
        let held = hold(&cluster.dsn("app", "postgres"), 26);
        let run = doctor(&cfg).run();
        let e = run.entry();
        if let Some(f) = finding(&e, "connection_storm") {
            storm = Some(f.clone());
            // 26 of 27 usable slots: saturation too.
            let sat = finding(&e, "connection_saturation")
                .cloned()
                .unwrap_or_default();
            assert_eq!(sat["severity"], "critical", "{e}");
            assert_eq!(sat["playbook"], "connection-saturation");
            assert_eq!(sat["evidence"]["used"], 26);
            assert_eq!(run.code, 1, "critical findings exit 1");
            let table = Quell::new().args(["doctor"]).dsn(&dsn).run();
            assert!(
                table.stdout.starts_with(&format!(
                    "127.0.0.1:{}/postgres: CRITICAL: ",
                    cluster.port()
                )),
                "{}",
                table.stdout
            );
            assert!(
                table.stdout.contains(&format!(
                    "--dsn '{dsn}' playbook run connection-saturation --dry-run"
                )),
                "{}",
                table.stdout
            );
            drop(held);
            break;
        }
        drop(held);
        std::thread::sleep(Duration::from_millis(500));
    }
    let storm = storm.expect("no connection_storm finding in 3 tries");
    assert!(
        storm["evidence"]["young_backends"].as_i64().unwrap_or(0) >= 5,
        "{storm}"
    );
}

#[test]
fn lock_chain_names_the_root_and_depth() {
    let db = Db::new("doc_lock");
    db.psql("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0), (2, 0);");
    let s = sessions(&db.dsn(), 3);
    let pids: Vec<i32> = (0..3).map(|i| s.pid(i)).collect();
    s.exec(0, "BEGIN; UPDATE t SET v = 1 WHERE id = 1");
    s.exec(1, "BEGIN; UPDATE t SET v = 2 WHERE id = 2");
    let _b = s.spawn(1, "UPDATE t SET v = 2 WHERE id = 1");
    let _c = s.spawn(2, "BEGIN; UPDATE t SET v = 3 WHERE id = 2");
    wait_for(
        &db,
        &format!("select count(*) from pg_stat_activity where wait_event_type = 'Lock' and pid in ({}, {})", pids[1], pids[2]),
        "2",
    );
    let run = Quell::new()
        .args(["doctor", "-o", "json"])
        .dsn(&db.dsn())
        .run()
        .code(1);
    let e = run.entry();
    let chain = finding(&e, "lock_chain").unwrap_or_else(|| panic!("no lock_chain: {e}"));
    assert_eq!(
        chain["severity"], "critical",
        "depth 3 is critical: {chain}"
    );
    let root = chain["evidence"]["roots"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["pid"] == pids[0])
        .unwrap_or_else(|| panic!("root {} not found: {chain}", pids[0]));
    assert_eq!(root["depth"], 3, "{chain}");
    assert_eq!(root["blocked"], 2, "{chain}");
    // (The suggestion names the root holding up the most backends server-wide, which
    // other tests' chains on this shared cluster may outgrow, so the pid is not
    // asserted here.) It repeats how this server was reached: the libpq defaults
    // would send the operator elsewhere.
    let want = format!(
        "`{} --dsn '{}' backends terminate --pid ",
        env!("CARGO_BIN_EXE_quell"),
        db.dsn()
    );
    assert!(
        chain["suggestion"].as_str().unwrap_or("").contains(&want),
        "{want}: {chain}"
    );
    // The playbook that addresses it, as a command on the same selection.
    assert_eq!(chain["playbook"], "lock-pileup", "{chain}");
    let want = format!(
        "playbook: `{} --dsn '{}' playbook run lock-pileup --dry-run`",
        env!("CARGO_BIN_EXE_quell"),
        db.dsn()
    );
    assert!(
        chain["suggestion"].as_str().unwrap_or("").contains(&want),
        "{want}: {chain}"
    );
    // Through a config and a named target: -c and -t, in JSON and in the table.
    let cfg = format!("targets:\n  ops: {{dsn: \"{}\"}}\n", db.dsn());
    let want = format!(
        "`{} -c ops.yaml -t ops playbook run lock-pileup --dry-run`",
        env!("CARGO_BIN_EXE_quell")
    );
    let run = Quell::new()
        .file("ops.yaml", &cfg, 0o644)
        .args(["-c", "ops.yaml", "-t", "ops", "doctor", "-o", "json"])
        .run()
        .code(1);
    let e = run.entry();
    let chain = finding(&e, "lock_chain").unwrap_or_else(|| panic!("no lock_chain: {e}"));
    assert!(
        chain["suggestion"].as_str().unwrap_or("").contains(&want),
        "{want}: {chain}"
    );
    let table = Quell::new()
        .file("ops.yaml", &cfg, 0o644)
        .args(["-c", "ops.yaml", "-t", "ops", "doctor"])
        .run()
        .code(1);
    assert!(
        table
            .stdout
            .lines()
            .any(|l| l.starts_with("  lock_chain: ") && l.contains(&want)),
        "{want}: {}",
        table.stdout
    );
}

#[test]
fn role_fanout_role_count_hba_and_datacl() {
    let cluster = Cluster::start(ClusterOptions {
        hba: vec!["host all +ops 127.0.0.1/32 trust".into()],
        ..ClusterOptions::default()
    })
    .expect("starting a cluster");
    cluster
        .psql(
            "postgres",
            "CREATE ROLE app LOGIN; CREATE ROLE ops;
             DO $$ BEGIN
               FOR i IN 1..10500 LOOP
                 EXECUTE format('CREATE ROLE %I', 'user_' || i);
                 EXECUTE format('GRANT %I TO app', 'user_' || i);
                 IF i <= 1200 THEN EXECUTE format('GRANT CONNECT ON DATABASE postgres TO %I', 'user_' || i); END IF;
               END LOOP;
             END $$;",
        )
        .expect("seeding roles");
    let run = Quell::new()
        .args(["doctor", "-o", "json"])
        .dsn(&cluster.dsn("postgres", "postgres"))
        .run()
        .code(1);
    let e = run.entry();
    let fanout =
        finding(&e, "role_membership_fanout").unwrap_or_else(|| panic!("no fan-out finding: {e}"));
    assert_eq!(fanout["severity"], "critical", "{fanout}");
    assert_eq!(fanout["evidence"]["role"], "app");
    assert_eq!(fanout["evidence"]["memberships"], 10500);
    assert_eq!(fanout["playbook"], "role-fanout-assessment");
    assert!(
        fanout["suggestion"]
            .as_str()
            .unwrap_or("")
            .ends_with("playbook run role-fanout-assessment --dry-run`"),
        "{fanout}"
    );
    assert!(
        fanout["evidence"]["est_first_check_ms"]
            .as_f64()
            .unwrap_or(0.0)
            >= 500.0,
        "{fanout}"
    );
    assert_eq!(
        finding(&e, "role_count").map(|f| f["severity"].clone()),
        Some("warning".into()),
        "{e}"
    );
    let hba = finding(&e, "hba_membership_rules").unwrap_or_else(|| panic!("no hba finding: {e}"));
    assert_eq!(
        hba["evidence"]["rules"].as_array().map(Vec::len),
        Some(1),
        "{hba}"
    );
    let acl = finding(&e, "datacl_size").unwrap_or_else(|| panic!("no datacl finding: {e}"));
    assert_eq!(acl["severity"], "warning");
    assert_eq!(
        e["findings"][0]["id"], "role_membership_fanout",
        "the critical finding leads: {e}"
    );
    let table = Quell::new()
        .args(["doctor"])
        .dsn(&cluster.dsn("postgres", "postgres"))
        .run()
        .code(1);
    assert!(
        table
            .stdout
            .contains("CRITICAL: login role app is a member of 10,500 roles"),
        "{}",
        table.stdout
    );

    // Fewer membership rows than the fan-out threshold: no role can reach it, so the
    // walk is skipped, and the census (the role_count finding) is still exact.
    let cfg = config(
        &cluster.dsn("postgres", "postgres"),
        "  fanout_warning: 20000\n  fanout_critical: 40000\n",
    );
    let run = doctor(&cfg).run().code(0);
    let e = run.entry();
    assert!(finding(&e, "role_membership_fanout").is_none(), "{e}");
    let count = finding(&e, "role_count").unwrap_or_else(|| panic!("no role_count: {e}"));
    // The same figures as `quell roles`, which always walks (10,500 grants to app
    // and the predefined roles' own).
    let roles = Quell::new()
        .args(["roles", "-o", "json"])
        .dsn(&cluster.dsn("postgres", "postgres"))
        .run()
        .success()
        .entry();
    assert!(
        roles["membership_count"].as_i64().unwrap_or(0) >= 10500,
        "{roles}"
    );
    assert_eq!(
        count["evidence"]["memberships"], roles["membership_count"],
        "{count}"
    );
    assert_eq!(count["evidence"]["roles"], roles["role_count"], "{count}");
    assert_eq!(
        count["evidence"]["login_roles"], roles["login_role_count"],
        "{count}"
    );
}

#[test]
fn an_unreachable_target_makes_worst_unknown_not_ok() {
    let db = Db::new("doctor_unreachable");
    let closed = crate::support::proxy::Proxy::closed_port();
    let cfg = format!(
        "targets:\n  up: {{dsn: \"{}\"}}\n  down: {{dsn: \"host=127.0.0.1 port={closed} user=postgres connect_timeout=2\"}}\n",
        db.dsn()
    );
    let run = Quell::new()
        .file("quell.yaml", &cfg, 0o644)
        .args(["-t", "all", "doctor", "-o", "json"])
        .run()
        .code(2);
    let json = run.json();
    assert_eq!(json["worst"], serde_json::Value::Null, "{json}");
    assert_eq!(json["targets"][0]["ok"], true, "{json}");
    assert_eq!(json["targets"][1]["ok"], false, "{json}");
    // Alone, the reachable one is ok.
    let run = Quell::new()
        .file("quell.yaml", &cfg, 0o644)
        .args(["-t", "up", "doctor", "-o", "json"])
        .run()
        .success();
    assert_eq!(run.json()["worst"], "ok");
}
