//! `quell roles` against real clusters: the incident's shape (one login role that
//! is a member of 12,000 per-user roles) on a cluster of its own, since roles are
//! cluster-wide; a quiet database of the shared cluster; and hba membership rules.

use quell::sandbox::{Cluster, ClusterOptions};
use serde_json::Value;

use crate::support::{Db, Quell};

const TENANTS: usize = 12_000;
/// Roles granted CONNECT one by one on the `tenants` database.
const CONNECT_GRANTS: usize = 3_000;

/// 12,000 tenant roles, all granted to `app` in one statement, plus a nested chain
/// app ∈ g1 ∈ g2 ∈ g3 ∋ … where g3 is a member of tenant_7 (reached twice, counted once).
fn incident_cluster() -> Cluster {
    let cluster = Cluster::start(ClusterOptions::default()).expect("starting a cluster");
    let sql = format!(
        "CREATE ROLE app LOGIN;
         DO $$
         BEGIN
           FOR i IN 1..{TENANTS} LOOP
             EXECUTE format('CREATE ROLE %I', 'tenant_' || i);
           END LOOP;
           EXECUTE (SELECT format('GRANT %s TO app', string_agg(format('%I', 'tenant_' || i), ', '))
                      FROM generate_series(1, {TENANTS}) i);
         END $$;
         CREATE ROLE g1; CREATE ROLE g2; CREATE ROLE g3;
         GRANT g1 TO app; GRANT g2 TO g1; GRANT g3 TO g2; GRANT tenant_7 TO g3;
         CREATE ROLE web LOGIN IN ROLE g2;
         CREATE ROLE worker LOGIN IN ROLE tenant_1, tenant_2;
         CREATE ROLE provisioner LOGIN CREATEROLE;
         CREATE DATABASE tenants;
         DO $$
         BEGIN
           EXECUTE (SELECT format('GRANT CONNECT ON DATABASE tenants TO %s',
                                  string_agg(format('%I', 'tenant_' || i), ', '))
                      FROM generate_series(1, {CONNECT_GRANTS}) i);
         END $$;"
    );
    cluster
        .psql("postgres", &sql)
        .expect("creating 12,000 roles");
    cluster
}

fn scalar(cluster: &Cluster, sql: &str) -> i64 {
    let out = cluster.psql("postgres", sql).expect("querying the cluster");
    out.trim()
        .parse()
        .unwrap_or_else(|e| panic!("{sql}: {out:?}: {e}"))
}

fn fanout<'a>(entry: &'a Value, role: &str) -> Option<&'a Value> {
    entry["top_fanout"]
        .as_array()?
        .iter()
        .find(|f| f["role"] == role)
}

#[test]
fn fanout_estimate_probe_and_census_on_12000_roles() {
    let cluster = incident_cluster();
    let dsn = cluster.dsn("postgres", "postgres");

    let run = Quell::new()
        .args(["roles", "-o", "json"])
        .dsn(&dsn)
        .run()
        .success();
    let e = run.entry();
    assert_eq!(e["ok"], true);
    // Census: exact, and what the server itself says.
    assert_eq!(
        e["role_count"],
        scalar(&cluster, "SELECT count(*) FROM pg_roles")
    );
    assert_eq!(
        e["login_role_count"],
        scalar(&cluster, "SELECT count(*) FROM pg_roles WHERE rolcanlogin")
    );
    assert_eq!(
        e["login_role_count"], 5,
        "postgres, app, web, worker, provisioner: {e}"
    );
    // 12,000 to app, g1→app, g2→g1, g3→g2, tenant_7→g3, g2→web, two to worker,
    // besides the predefined roles' own (pg_monitor's).
    let predefined = scalar(
        &cluster,
        "SELECT count(*) FROM pg_auth_members WHERE member IN (SELECT oid FROM pg_roles WHERE rolname LIKE 'pg\\_%')",
    );
    let memberships = TENANTS as i64 + 7 + predefined;
    assert_eq!(e["membership_count"], memberships);
    assert_eq!(
        e["membership_count"],
        scalar(&cluster, "SELECT count(*) FROM pg_auth_members")
    );
    assert_eq!(e["server_version_num"], cluster.server_version_num());
    assert_eq!(e["login_roles_over_1024"], 1);

    // The fan-out is transitive (g1, g2, g3) and de-duplicated (tenant_7 once).
    let top = &e["top_fanout"][0];
    assert_eq!(top["role"], "app", "{e}");
    assert_eq!(top["login"], true);
    assert_eq!(top["memberships"], TENANTS + 3);
    assert_eq!(top["direct_memberships"], TENANTS + 1);
    let est = top["est_first_check_ms"].as_f64().unwrap_or(-1.0);
    let model = 582.0 * ((TENANTS + 3) as f64 / 10_000.0).powi(2);
    assert!(
        est >= 500.0 && (est - model).abs() < 0.1,
        "est {est}, model {model}"
    );
    assert!(
        top.get("measured_first_check_ms").is_none(),
        "no probe, no measurement"
    );
    let web = fanout(&e, "web").expect("web listed");
    assert_eq!(
        (
            web["memberships"].as_i64(),
            web["direct_memberships"].as_i64()
        ),
        (Some(3), Some(1))
    );
    assert_eq!(
        fanout(&e, "worker").map(|w| w["memberships"].clone()),
        Some(2.into())
    );
    assert!(e["verdict"]
        .as_str()
        .unwrap_or_default()
        .starts_with("login role app is a member of 12,003 roles: every new connection pays ~"));
    assert_eq!(e["verdict_level"], "critical");

    // CONNECT granted to 3,000 roles one by one: 3,000 entries plus the two defaults.
    let tenants_db = e["databases"][0].clone();
    assert_eq!(tenants_db["database"], "tenants", "largest first: {e}");
    assert_eq!(tenants_db["datacl_entries"], CONNECT_GRANTS + 2);
    assert_eq!(
        tenants_db["datacl_bytes"],
        scalar(
            &cluster,
            "SELECT pg_column_size(datacl) FROM pg_database WHERE datname = 'tenants'"
        )
    );
    assert!(tenants_db["datacl_bytes"].as_i64() > Some(0));

    let createrole = e["createrole_roles"].as_array().expect("createrole_roles");
    assert_eq!(createrole.len(), 1, "{e}");
    assert_eq!(createrole[0]["role"], "provisioner");
    assert_eq!(e["hba_membership_rules"], serde_json::json!([]));

    // The probe measures the walk: the first check pays it, the second is cached.
    let run = Quell::new()
        .args(["roles", "-o", "json", "--probe", "app"])
        .dsn(&dsn)
        .run()
        .success();
    let e = run.entry();
    let app = fanout(&e, "app").expect("app listed");
    let first = app["measured_first_check_ms"].as_f64().unwrap_or(-1.0);
    let cached = app["measured_cached_check_ms"].as_f64().unwrap_or(-1.0);
    assert!(
        first > 0.0 && cached >= 0.0 && first > cached,
        "first {first}, cached {cached}"
    );
    // 12,000 memberships cost tens of milliseconds at the least; a cached check, microseconds.
    assert!(
        first > 1.0 && first > 10.0 * cached.max(0.001),
        "first {first}, cached {cached}"
    );
    let probe = &e["probe"];
    assert_eq!(probe["role"], "app");
    assert_eq!(probe["privilege"], "USAGE");
    assert!(probe["against"]
        .as_str()
        .is_some_and(|r| r.starts_with("tenant_") || r == "g1"));
    assert_eq!(probe["first_check_ms"].as_f64(), Some(first));

    // Over budget: refused, naming --force, and nothing measured.
    let run = Quell::new()
        .args(["roles", "--probe", "app", "--probe-budget", "1ms"])
        .dsn(&dsn)
        .run()
        .code(2);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert!(run.stderr.contains("--probe-budget 1ms"), "{}", run.stderr);
    assert_eq!(run.stderr.trim_end().lines().count(), 1, "{}", run.stderr);
    let run = Quell::new()
        .args([
            "roles",
            "-o",
            "json",
            "--probe",
            "app",
            "--probe-budget",
            "1ms",
            "--force",
        ])
        .dsn(&dsn)
        .run()
        .success();
    let e = run.entry();
    assert!(fanout(&e, "app").is_some_and(|a| a["measured_first_check_ms"].as_f64() > Some(0.0)));

    // A probed role is listed (and measured) even when it is not in the top N.
    let run = Quell::new()
        .args(["roles", "-o", "json", "--top", "1", "--probe", "worker"])
        .dsn(&dsn)
        .run()
        .success();
    let e = run.entry();
    let roles: Vec<&str> = e["top_fanout"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["role"].as_str())
        .collect();
    assert_eq!(roles, ["app", "worker"]);
    assert!(fanout(&e, "worker").is_some_and(|w| w["measured_first_check_ms"].as_f64() > Some(0.0)));

    for (role, says) in [
        ("nosuchrole", "no role named \"nosuchrole\""),
        ("tenant_9", "member of no role"),
        ("postgres", "is a superuser"),
    ] {
        let run = Quell::new()
            .args(["roles", "--probe", role])
            .dsn(&dsn)
            .run()
            .code(2);
        assert!(run.stderr.contains(says), "{role}: {}", run.stderr);
        assert_eq!(run.stderr.trim_end().lines().count(), 1, "{}", run.stderr);
    }

    // The table leads with the census and the verdict, and lists the big datacl.
    let run = Quell::new()
        .args(["roles", "--no-color", "--probe", "app"])
        .dsn(&dsn)
        .run()
        .success();
    let lines: Vec<&str> = run.stdout.lines().collect();
    let census = format!(
        "{},{:03} memberships",
        memberships / 1000,
        memberships % 1000
    );
    assert!(lines[1].contains(&census), "{census}: {}", run.stdout);
    assert!(
        lines[2].starts_with("verdict: login role app is a member of 12,003 roles"),
        "{}",
        run.stdout
    );
    assert!(lines[2].contains("(PG 15, measured)") || cluster.server_version_num() >= 160_000);
    assert!(
        run.stdout.contains("tenants") && run.stdout.contains("3,002"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("probe: pg_has_role(app, "),
        "{}",
        run.stdout
    );
}

#[test]
fn quiet_database_sane_census_and_no_hba_membership_rules() {
    let db = Db::new("roles");
    let run = Quell::new()
        .args(["roles", "-o", "json"])
        .dsn(&db.dsn())
        .run()
        .success();
    let e = run.entry();
    let count = |key: &str| e[key].as_i64().unwrap_or(-1);
    assert!(count("role_count") >= count("login_role_count"), "{e}");
    assert!(
        count("login_role_count") >= 1 && count("superuser_count") >= 1,
        "{e}"
    );
    assert!(count("membership_count") >= 0, "{e}");
    assert!(
        e["server_version_num"].as_i64().unwrap_or(0) >= 100_000,
        "{e}"
    );
    assert_eq!(e["hba_membership_rules"], serde_json::json!([]), "{e}");
    assert!(e.get("hba_unavailable").is_none(), "{e}");
    assert!(e.get("probe").is_none(), "{e}");
    let mine = e["databases"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["database"] == db.name.as_str())
        .cloned();
    assert_eq!(mine.map(|d| d["datacl_entries"].clone()), Some(0.into()));

    let run = Quell::new()
        .args(["roles", "--no-color"])
        .dsn(&db.dsn())
        .run()
        .success();
    assert!(run.stdout.contains("\nverdict: "), "{}", run.stdout);
    assert!(
        run.stdout.contains("hba: no rule matches by membership"),
        "{}",
        run.stdout
    );

    // pg_hba_file_rules is superuser-only: an ordinary role gets the rest, and the reason.
    let role = format!("{}_plain", db.name);
    db.psql(&format!("CREATE ROLE {role} LOGIN"));
    let run = Quell::new()
        .args(["roles", "-o", "json"])
        .dsn(&db.dsn_as(&role))
        .run()
        .success();
    let e = run.entry();
    assert_eq!(e["hba_membership_rules"], Value::Null, "{e}");
    assert!(
        e["hba_unavailable"]
            .as_str()
            .is_some_and(|r| r.contains("permission denied")),
        "{e}"
    );
    assert!(e["role_count"].as_i64() > Some(0), "{e}");
    let run = Quell::new()
        .args(["roles", "--no-color"])
        .dsn(&db.dsn_as(&role))
        .run()
        .success();
    assert!(
        run.stdout.contains("hba: unavailable: permission denied"),
        "{}",
        run.stdout
    );
}

#[test]
fn hba_rules_that_match_by_membership_are_found() {
    // pg_hba_file_rules reads the file even though no role `ops` exists.
    let cluster = Cluster::start(ClusterOptions {
        hba: vec![
            "host all +ops 127.0.0.1/32 trust".into(),
            "host samerole all 10.0.0.0/8 scram-sha-256".into(),
            "host all ops 10.0.0.0/8 trust".into(),
        ],
        ..ClusterOptions::default()
    })
    .expect("starting a cluster");
    let run = Quell::new()
        .args(["roles", "-o", "json"])
        .dsn(&cluster.dsn("postgres", "postgres"))
        .run()
        .success();
    let e = run.entry();
    let rules = e["hba_membership_rules"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        rules.len(),
        2,
        "+ops and samerole, not the plain `ops` line: {e}"
    );
    assert_eq!(rules[0]["user_name"], serde_json::json!(["+ops"]));
    assert_eq!(rules[0]["type"], "host");
    assert_eq!(rules[0]["address"], "127.0.0.1");
    assert_eq!(rules[0]["database"], serde_json::json!(["all"]));
    assert_eq!(rules[1]["database"], serde_json::json!(["samerole"]));
    assert_eq!(rules[1]["auth_method"], "scram-sha-256");
    let lines: Vec<i64> = rules
        .iter()
        .filter_map(|r| r["line_number"].as_i64())
        .collect();
    assert!(
        lines.len() == 2 && lines[0] > 0 && lines[1] == lines[0] + 1,
        "{lines:?}"
    );

    let run = Quell::new()
        .args(["roles", "--no-color"])
        .dsn(&cluster.dsn("postgres", "postgres"))
        .run()
        .success();
    assert!(run.stdout.contains("+ops"), "{}", run.stdout);
    assert!(run.stdout.contains("samerole"), "{}", run.stdout);
}
