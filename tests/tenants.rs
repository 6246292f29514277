//! `quell tenants`: the database state before and after suspend and resume (flag,
//! connection limits, NOLOGIN, sessions), the ledger, races, hostile ids, dry runs,
//! gradual resume and a quell killed half-way.

use std::process::Stdio;

use quell::sandbox::{Cluster, ClusterOptions};

use crate::support::{cluster, sessions, wait_for_count, wait_for_quell_gone, Db, Quell};

/// orgs 1..=n with `roles` login roles each (`<db>_org_<id>_<k>`), and a config.
pub fn seed(db: &Db, dsn: &str, n: u32, roles: u32, mechanisms: &str) -> String {
    let mut sql = String::from(
        "CREATE TABLE orgs (id int PRIMARY KEY, name text, suspended bool NOT NULL DEFAULT false);",
    );
    sql.push_str(&format!(
        "INSERT INTO orgs SELECT i, 'org ' || i FROM generate_series(1, {n}) i;"
    ));
    sql.push_str(&format!(
        "DO $$ BEGIN FOR i IN 1..{n} LOOP FOR k IN 1..{roles} LOOP \
         EXECUTE format('CREATE ROLE %I LOGIN', '{}_org_' || i || '_' || k); END LOOP; END LOOP; END $$;",
        db.name
    ));
    db.psql(&sql);
    config(&db.name, dsn, mechanisms)
}

pub fn config(name: &str, dsn: &str, mechanisms: &str) -> String {
    let like = name.replace('_', "\\_");
    format!(
        "targets:\n  main:\n    dsn: \"{dsn}\"\ntenants:\n  list_sql: select id::text as org, name from orgs order by id\n  \
         session_org: {{role_pattern: '^{name}_org_(?P<org>[0-9]+)_'}}\n  \
         roles_sql: select rolname from pg_roles where rolname like '{like}\\_org\\_' || $1 || '\\_%'\n  \
         suspend: [{mechanisms}]\n  app_flag:\n    suspend_sql: update orgs set suspended = true where id = $1::int\n    \
         resume_sql: update orgs set suspended = false where id = $1::int\n"
    )
}

pub fn quell(config: &str) -> Quell {
    Quell::new().file("quell.yaml", config, 0o644)
}

pub fn role(db: &Db, org: u32, k: u32) -> String {
    format!("{}_org_{org}_{k}", db.name)
}

/// `rolconnlimit,rolcanlogin` of a role, e.g. "7|t".
pub fn role_state(db: &Db, role: &str) -> String {
    db.psql(&format!(
        "SELECT rolconnlimit || '|' || rolcanlogin FROM pg_roles WHERE rolname = '{role}'"
    ))
    .trim()
    .to_string()
}

fn can_connect(dsn: &str) -> bool {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    runtime.block_on(async {
        tokio_postgres::connect(dsn, tokio_postgres::NoTls)
            .await
            .is_ok()
    })
}

#[test]
fn suspend_and_resume_restore_exactly_what_quell_changed() {
    let db = Db::new("tsusp");
    let cfg = seed(
        &db,
        &db.dsn(),
        3,
        3,
        "app_flag, connection_limit, nologin, terminate",
    );
    let (r1, r2, r3) = (role(&db, 1, 1), role(&db, 1, 2), role(&db, 1, 3));
    db.psql(&format!(
        "ALTER ROLE \"{r1}\" CONNECTION LIMIT 7; ALTER ROLE \"{r3}\" NOLOGIN"
    ));
    let victim = sessions(&db.dsn_as(&r2), 1);
    let bystander = sessions(&db.dsn_as(&role(&db, 2, 1)), 1);
    quell(&cfg).args(["init"]).run().success();

    // Off a terminal without --yes: refused, nothing changed.
    quell(&cfg).args(["tenants", "suspend", "1"]).run().code(3);
    assert_eq!(
        db.psql("SELECT suspended FROM orgs WHERE id = 1").trim(),
        "f"
    );

    let run = quell(&cfg)
        .args([
            "tenants", "suspend", "1", "--reason", "storm", "--yes", "-o", "json",
        ])
        .run()
        .success();
    let org = &run.entry()["orgs"][0];
    assert_eq!(org["outcome"], "suspended", "{}", run.stdout);
    assert_eq!(org["terminated"], 1, "{}", run.stdout);
    assert_eq!(
        db.psql("SELECT string_agg(suspended::text, ',' ORDER BY id) FROM orgs")
            .trim(),
        "true,false,false"
    );
    assert_eq!(role_state(&db, &r1), "0|false");
    assert_eq!(role_state(&db, &r2), "0|false");
    assert_eq!(role_state(&db, &r3), "0|false");
    assert!(!victim.alive(0), "the org's session is terminated");
    assert!(bystander.alive(0), "another org's session is left alone");
    assert!(
        !can_connect(&db.dsn_as(&r2)),
        "reconnect refused while suspended"
    );

    // Idempotent: a second suspend changes nothing and says so.
    let run = quell(&cfg)
        .args(["tenants", "suspend", "1", "--yes"])
        .run()
        .success();
    assert!(run.stdout.contains("already suspended"), "{}", run.stdout);
    assert_eq!(
        db.psql("SELECT count(*) FROM quell.suspensions").trim(),
        "1"
    );

    let status = quell(&cfg)
        .args(["tenants", "status", "-o", "json"])
        .run()
        .success()
        .entry();
    assert_eq!(status["ok"], true);
    let s = &status["suspended"][0];
    assert_eq!(s["org"], "1");
    assert_eq!(s["reason"], "storm");
    assert_eq!(
        s["mechanisms"],
        serde_json::json!(["app_flag", "connection_limit", "nologin", "terminate"])
    );
    assert!(
        s["since"].as_str().is_some_and(|t| t.ends_with('Z')) && s["by"].is_string(),
        "{status}"
    );

    let list = quell(&cfg)
        .args(["tenants", "list", "-o", "json"])
        .run()
        .success()
        .entry();
    let orgs = list["orgs"].as_array().cloned().unwrap_or_default();
    assert_eq!(orgs.len(), 3, "{list}");
    assert_eq!(
        orgs[0],
        serde_json::json!({"org": "1", "name": "org 1", "sessions": 0, "suspended": true})
    );
    assert_eq!(orgs[1]["sessions"], 1);
    assert_eq!(orgs[1]["suspended"], false);

    quell(&cfg)
        .args(["tenants", "resume", "1", "--yes"])
        .run()
        .success();
    assert_eq!(
        db.psql("SELECT string_agg(suspended::text, ',' ORDER BY id) FROM orgs")
            .trim(),
        "false,false,false"
    );
    assert_eq!(
        role_state(&db, &r1),
        "7|true",
        "a non-default limit comes back"
    );
    assert_eq!(role_state(&db, &r2), "-1|true");
    assert_eq!(
        role_state(&db, &r3),
        "-1|false",
        "a prior NOLOGIN stays NOLOGIN"
    );
    assert!(can_connect(&db.dsn_as(&r2)));
    assert_eq!(
        db.psql("SELECT count(*) FROM quell.suspensions WHERE resumed_at IS NOT NULL AND resumed_by IS NOT NULL").trim(),
        "1"
    );
    assert_eq!(
        db.psql("SELECT string_agg(kind, ',' ORDER BY id) FROM quell.actions WHERE subject = '1'")
            .trim(),
        "tenant.suspend,tenant.terminate,tenant.resume"
    );
    let run = quell(&cfg)
        .args(["tenants", "resume", "1", "--yes"])
        .run()
        .success();
    assert!(run.stdout.contains("not suspended"), "{}", run.stdout);
}

#[test]
fn hostile_and_unknown_org_ids_are_refused_with_the_data_intact() {
    let db = Db::new("thostile");
    let cfg = seed(&db, &db.dsn(), 3, 1, "app_flag, connection_limit");
    quell(&cfg).args(["init"]).run().success();
    let run = quell(&cfg)
        .args([
            "tenants",
            "suspend",
            "1'; DROP TABLE orgs; --",
            "\"x\"",
            "42",
            "2",
            "--yes",
        ])
        .run()
        .code(2);
    assert!(
        run.stderr
            .contains("quell: error: target main: org 42: no such org"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("org 1'; DROP TABLE orgs; --: no such org"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("org \"x\": no such org"),
        "{}",
        run.stderr
    );
    assert_eq!(db.psql("SELECT count(*) FROM orgs").trim(), "3");
    assert_eq!(
        db.psql("SELECT string_agg(org, ',') FROM quell.suspensions")
            .trim(),
        "2"
    );
    assert_eq!(role_state(&db, &role(&db, 2, 1)), "0|true");
    assert_eq!(role_state(&db, &role(&db, 1, 1)), "-1|true");

    // Resume answers an unknown org as suspend does; an org that exists but is not
    // suspended is only a note; the suspended one is resumed all the same.
    let run = quell(&cfg)
        .args(["tenants", "resume", "42", "3", "2", "--yes"])
        .run()
        .code(2);
    assert!(
        run.stderr
            .contains("quell: error: target main: org 42: no such org in tenants.list_sql"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("org 3:"), "{}", run.stderr);
    assert_eq!(
        run.stderr.lines().count(),
        1,
        "one line for the one failure: {}",
        run.stderr
    );
    assert_eq!(role_state(&db, &role(&db, 2, 1)), "-1|true");
    assert_eq!(
        db.psql("SELECT count(*) FROM quell.suspensions WHERE resumed_at IS NULL")
            .trim(),
        "0"
    );
    // In JSON the target is not ok, as the exit code says, and names the org.
    let run = quell(&cfg)
        .args(["tenants", "resume", "42", "3", "-o", "json", "--yes"])
        .run()
        .code(2);
    let e = run.entry();
    assert_eq!(e["ok"], false, "{e}");
    assert_eq!(e["error"], "1 org failed: 42", "{e}");
    assert_eq!(e["orgs"][0]["outcome"], "failed", "{e}");
}

#[test]
fn dry_run_prints_the_sql_and_changes_nothing() {
    let db = Db::new("tdry");
    let cfg = seed(&db, &db.dsn(), 2, 2, "app_flag, connection_limit, nologin");
    quell(&cfg).args(["init"]).run().success();
    let run = quell(&cfg)
        .args(["tenants", "suspend", "1", "--dry-run"])
        .run()
        .success();
    let alter = format!(
        "ALTER ROLE \"{}\" NOLOGIN CONNECTION LIMIT 0;",
        role(&db, 1, 1)
    );
    assert!(run.stdout.contains(&alter), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("update orgs set suspended = true where id = $1::int;  -- $1 = '1'"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("pg_advisory_xact_lock"),
        "{}",
        run.stdout
    );
    assert_eq!(db.psql("SELECT bool_or(suspended) FROM orgs").trim(), "f");
    assert_eq!(role_state(&db, &role(&db, 1, 1)), "-1|true");
    assert_eq!(
        db.psql("SELECT count(*) FROM quell.suspensions").trim(),
        "0"
    );
    assert_eq!(db.psql("SELECT count(*) FROM quell.actions").trim(), "0");
}

#[test]
fn a_dry_run_counts_each_orgs_sessions_in_that_orgs_own_lines() {
    let db = Db::new("tdrycount");
    let cfg = seed(&db, &db.dsn(), 2, 1, "app_flag, terminate");
    quell(&cfg).args(["init"]).run().success();
    let _busy = sessions(&db.dsn_as(&role(&db, 1, 1)), 2);
    let run = quell(&cfg)
        .args(["tenants", "suspend", "1", "2", "--dry-run"])
        .run()
        .success();
    // Each org's block ends with its count, before the next org's block starts.
    let one = run.stdout.find("-- 2 session(s) of org 1 now");
    let two_starts = run.stdout.find("org 2 (dry run");
    let two = run.stdout.find("-- 0 session(s) of org 2 now");
    assert!(
        one.is_some() && two_starts.is_some() && two.is_some() && one < two_starts,
        "{}",
        run.stdout
    );
}

#[test]
fn two_concurrent_suspends_of_one_org_record_the_original_state_once() {
    let db = Db::new("trace");
    let cfg = seed(&db, &db.dsn(), 1, 5, "app_flag, connection_limit");
    db.psql(&format!(
        "ALTER ROLE \"{}\" CONNECTION LIMIT 7",
        role(&db, 1, 1)
    ));
    quell(&cfg).args(["init"]).run().success();
    let racers: Vec<_> = (0..2)
        .map(|_| {
            let cfg = cfg.clone();
            std::thread::spawn(move || quell(&cfg).args(["tenants", "suspend", "1", "--yes"]).run())
        })
        .collect();
    let runs: Vec<_> = racers
        .into_iter()
        .map(|t| t.join().unwrap_or_else(|_| panic!("racer")))
        .collect();
    for run in &runs {
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    assert!(runs.iter().any(|r| r.stdout.contains("already suspended")));
    assert_eq!(
        db.psql("SELECT count(*) FROM quell.suspensions").trim(),
        "1"
    );
    let prior = db.psql(&format!(
        "SELECT e->>'connection_limit' FROM quell.suspensions, jsonb_array_elements(prior->'roles') e WHERE e->>'role' = '{}'",
        role(&db, 1, 1)
    ));
    assert_eq!(prior.trim(), "7");
    quell(&cfg)
        .args(["tenants", "resume", "--all", "--yes"])
        .run()
        .success();
    assert_eq!(role_state(&db, &role(&db, 1, 1)), "7|true");
}

#[test]
fn top_by_connections_and_from_file_select_orgs() {
    let db = Db::new("ttop");
    let cfg = seed(&db, &db.dsn(), 3, 1, "app_flag");
    quell(&cfg).args(["init"]).run().success();
    let _busy = sessions(&db.dsn_as(&role(&db, 3, 1)), 2);
    let _quiet = sessions(&db.dsn_as(&role(&db, 1, 1)), 1);
    quell(&cfg)
        .args([
            "tenants",
            "suspend",
            "--top",
            "1",
            "--by",
            "connections",
            "--yes",
        ])
        .run()
        .success();
    assert_eq!(
        db.psql("SELECT string_agg(org, ',') FROM quell.suspensions")
            .trim(),
        "3"
    );
    let run = quell(&cfg).file("orgs.txt", "# incident\n1\n\n2\n", 0o644);
    run.args(["tenants", "suspend", "--from-file", "orgs.txt", "--yes"])
        .run()
        .success();
    assert_eq!(
        db.psql("SELECT string_agg(id::text, ',' ORDER BY id) FROM orgs WHERE suspended")
            .trim(),
        "1,2,3"
    );
}

/// kill -9 while quell suspends many orgs: each org is fully suspended with its
/// ledger row, or untouched (the transaction of the org in flight rolls back).
#[test]
fn a_killed_suspend_leaves_every_org_suspended_with_its_row_or_untouched() {
    let db = Db::new("tkill");
    // Enough orgs that a loaded machine's polling still catches quell half-way.
    let cfg = seed(&db, &db.dsn(), 1500, 3, "app_flag, connection_limit");
    quell(&cfg).args(["init"]).run().success();
    let ids: Vec<String> = (1..=1500).map(|i| i.to_string()).collect();
    let (mut cmd, _home) = quell(&cfg)
        .file("orgs.txt", &ids.join("\n"), 0o644)
        .args(["tenants", "suspend", "--from-file", "orgs.txt", "--yes"])
        .into_command();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    wait_for_count(&db, "SELECT count(*) FROM quell.suspensions", 30);
    child.kill().unwrap_or_else(|e| panic!("{e}"));
    let _ = child.wait();
    wait_for_quell_gone(&db);
    let like = db.name.replace('_', "\\_");
    let summary = db.psql(&format!(
        "SELECT count(*) FILTER (WHERE o.suspended AND s.org IS NOT NULL AND r.limited = r.total), \
                count(*) FILTER (WHERE NOT o.suspended AND s.org IS NULL AND r.limited = 0), count(*) \
           FROM orgs o \
           LEFT JOIN quell.suspensions s ON s.org = o.id::text AND s.resumed_at IS NULL \
           CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE rolconnlimit = 0) AS limited, count(*) AS total \
                                 FROM pg_roles WHERE rolname LIKE '{like}\\_org\\_' || o.id || '\\_%') r"
    ));
    let counts: Vec<u32> = summary
        .trim()
        .split('|')
        .map(|n| n.parse().unwrap_or(0))
        .collect();
    assert_eq!(counts.len(), 3, "{summary}");
    assert_eq!(
        counts[0] + counts[1],
        counts[2],
        "every org consistent: {summary}"
    );
    assert!(
        counts[0] >= 30 && counts[1] > 0,
        "killed half-way: {summary}"
    );
}

/// Gradual resume on a small cluster of its own: after the first batch the
/// utilization is above the bound, so it stops and leaves the rest suspended.
#[test]
fn gradual_resume_stops_when_utilization_rises() {
    let own = Cluster::start(ClusterOptions {
        max_connections: 20,
        ..ClusterOptions::default()
    })
    .unwrap_or_else(|e| panic!("starting a cluster: {e:#}"));
    let name = own
        .create_database("tgrad")
        .unwrap_or_else(|e| panic!("{e:#}"));
    let dsn = own.dsn(own.superuser(), &name);
    let sql = "CREATE TABLE orgs (id int PRIMARY KEY, name text, suspended bool NOT NULL DEFAULT false); \
               INSERT INTO orgs SELECT i, 'org ' || i FROM generate_series(1, 4) i;";
    own.psql(&name, sql).unwrap_or_else(|e| panic!("{e:#}"));
    let cfg = config(&name, &dsn, "app_flag");
    quell(&cfg).args(["init"]).run().success();
    quell(&cfg)
        .args(["tenants", "suspend", "1", "2", "3", "4", "--yes"])
        .run()
        .success();
    let resume = |interval: &str| {
        quell(&cfg).args([
            "tenants",
            "resume",
            "--all",
            "--batch",
            "1",
            "--interval",
            interval,
            "--max-utilization",
            "0.5",
            "--yes",
            "-o",
            "json",
        ])
    };
    let flags = || {
        own.psql(
            &name,
            "SELECT string_agg(suspended::text, ',' ORDER BY id) FROM orgs",
        )
        .unwrap_or_default()
        .trim()
        .to_string()
    };

    // Already above the bound: nothing is resumed, and quell says why.
    let load = sessions(&dsn, 12);
    let run = resume("100ms").run().code(1);
    assert!(
        run.stderr.contains("gradual resume did not start")
            && run
                .stderr
                .contains("before the first batch; no org was resumed"),
        "{}",
        run.stderr
    );
    assert_eq!(run.json()["stopped"]["resumed"], 0);
    assert_eq!(flags(), "true,true,true,true");
    drop(load);
    wait_for_idle(&own, &name);

    // Load that rises after the first batch stops the rest.
    let running = resume("3s").spawn();
    for _ in 0..200 {
        if flags() == "false,true,true,true" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    assert_eq!(flags(), "false,true,true,true", "the first batch ran");
    let _load = sessions(&dsn, 12);
    let run = running.finish(std::time::Duration::from_secs(30)).code(1);
    assert!(
        run.stderr.contains("gradual resume stopped") && run.stderr.contains("after 1 of 4 orgs"),
        "{}",
        run.stderr
    );
    let json = run.json();
    assert_eq!(
        json["stopped"]["remaining"],
        serde_json::json!(["2", "3", "4"]),
        "{json}"
    );
    assert_eq!(flags(), "false,true,true,true");
    let _ = cluster();
}

/// Until only quell's own sessions (none here) and psql remain on `name`.
fn wait_for_idle(cluster: &Cluster, name: &str) {
    for _ in 0..200 {
        let n = cluster
            .psql(name, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
            .unwrap_or_default();
        if n.trim() == "0" {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    panic!("the load sessions did not go away");
}

#[test]
fn placement_sends_each_org_to_the_target_that_holds_it() {
    let (a, b) = (Db::new("tplace_a"), Db::new("tplace_b"));
    for (db, orgs) in [(&a, "(1), (2)"), (&b, "(3), (4)")] {
        db.psql(&format!(
            "CREATE TABLE orgs (id int PRIMARY KEY, suspended bool NOT NULL DEFAULT false); INSERT INTO orgs (id) VALUES {orgs};"
        ));
    }
    a.psql("CREATE TABLE org_placement (org text, target text); INSERT INTO org_placement VALUES ('1','a'), ('2','a'), ('3','b'), ('4','b');");
    let cfg = format!(
        "targets:\n  a: {{dsn: \"{}\"}}\n  b: {{dsn: \"{}\"}}\ntenants:\n  list_sql: select id::text as org from orgs\n  \
         placement_sql: select target from org_placement where org = $1\n  suspend: [app_flag]\n  app_flag:\n    \
         suspend_sql: update orgs set suspended = true where id = $1::int\n    resume_sql: update orgs set suspended = false where id = $1::int\n",
        a.dsn(),
        b.dsn()
    );
    quell(&cfg).args(["init", "-t", "all"]).run().success();
    quell(&cfg)
        .args(["tenants", "suspend", "1", "3", "-t", "all", "--yes"])
        .run()
        .success();
    let flags = |db: &Db| {
        db.psql("select string_agg(id::text, ',' order by id) from orgs where suspended")
            .trim()
            .to_string()
    };
    assert_eq!(flags(&a), "1");
    assert_eq!(flags(&b), "3");
    let rows = |db: &Db| {
        db.psql("select string_agg(org, ',' order by org) from quell.suspensions where resumed_at is null").trim().to_string()
    };
    assert_eq!(rows(&a), "1", "org 1's ledger row lives on a");
    assert_eq!(rows(&b), "3", "org 3's ledger row lives on b");
    let run = quell(&cfg)
        .args(["tenants", "status", "-t", "all", "-o", "json"])
        .run()
        .success();
    let json = run.json();
    let orgs = |i: usize| -> Vec<String> {
        json["targets"][i]["suspended"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s["org"].as_str().map(String::from))
            .collect()
    };
    assert_eq!(
        (orgs(0), orgs(1)),
        (vec!["1".to_string()], vec!["3".to_string()]),
        "{json}"
    );
    quell(&cfg)
        .args(["tenants", "resume", "--all", "-t", "all", "--yes"])
        .run()
        .success();
    assert_eq!((flags(&a), flags(&b)), (String::new(), String::new()));
    let _ = cluster();
}

#[test]
fn resume_pacing_is_bounded_the_same_on_the_cli_and_in_a_playbook() {
    let db = Db::new("t_pacing");
    let cfg = seed(&db, &db.dsn(), 1, 1, "app_flag");
    quell(&cfg).args(["init"]).run().success();
    for (args, said) in [
        (
            vec!["--max-utilization", "1.5"],
            "--max-utilization (max_utilization) is a fraction between 0 and 1",
        ),
        (vec!["--batch", "0"], "--batch (batch) is at least 1"),
    ] {
        let run = quell(&cfg)
            .args(["tenants", "resume", "--all", "--yes"])
            .args(args)
            .run()
            .code(2);
        assert!(run.stderr.contains(said), "{}", run.stderr);
    }
    let book = "version: 1\nname: paced\nsteps:\n  - id: back\n    action: tenants.resume\n    with: {all: true, max_utilization: 1.5}\n";
    let run = quell(&cfg)
        .file("book.yaml", book, 0o644)
        .args(["playbook", "run", "book.yaml"])
        .run()
        .code(2);
    assert!(
        run.stderr
            .contains("--max-utilization (max_utilization) is a fraction between 0 and 1"),
        "{}",
        run.stderr
    );
}
