//! `quell connections` against a server with known clients on it.

use crate::support::{cluster, hold, Db, Quell};

fn find<'a>(rows: &'a serde_json::Value, key: &str, value: &str) -> Option<&'a serde_json::Value> {
    rows.as_array()?.iter().find(|r| r[key] == value)
}

#[test]
fn budget_breakdowns_and_histogram_match_the_server() {
    let db = Db::new("conns");
    let role = format!("{}_app", db.name);
    db.psql(&format!("CREATE ROLE {role} LOGIN"));
    let app = format!("storm-{}", db.name);
    let held = hold(&format!("{} application_name={app}", db.dsn_as(&role)), 6);

    // quell's own session gets a name of its own: other tests' quell runs share this cluster.
    let own = format!("quell-{}", db.name);
    let run = Quell::new()
        .args(["connections", "-o", "json"])
        .dsn(&db.dsn())
        .env("PGAPPNAME", &own)
        .run()
        .success();
    let e = run.entry();
    assert_eq!(e["ok"], true);
    assert_eq!(e["max_connections"], 80);
    assert_eq!(e["superuser_reserved_connections"], 3);
    assert_eq!(e["reserved"], 3);
    let used = e["used"].as_i64().unwrap_or(-1);
    assert!(used >= 6, "{e}");
    assert_eq!(e["available"].as_i64(), Some((77 - used).max(0)));
    let utilization = e["utilization"].as_f64().unwrap_or(-1.0);
    assert!((utilization - used as f64 / 77.0).abs() < 0.001, "{e}");
    assert_eq!(
        find(&e["by_application"], "application", &app).map(|r| r["count"].clone()),
        Some(6.into())
    );
    assert_eq!(
        find(&e["by_role"], "role", &role).map(|r| r["count"].clone()),
        Some(6.into())
    );
    assert!(
        find(&e["by_database"], "database", &db.name).is_some(),
        "{e}"
    );
    assert!(find(&e["by_state"], "state", "idle").is_some(), "{e}");
    assert!(
        find(&e["by_client"], "client", "127.0.0.1").is_some(),
        "{e}"
    );
    // quell leaves itself out.
    assert!(
        find(&e["by_application"], "application", &own).is_none(),
        "{e}"
    );
    let buckets: Vec<&str> = e["age_histogram"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["bucket"].as_str())
        .collect();
    assert_eq!(buckets, ["<1s", "<10s", "<1m", "<10m", ">=10m"]);
    let total: i64 = e["age_histogram"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["count"].as_i64())
        .sum();
    assert_eq!(total, used);

    let run = Quell::new()
        .args(["connections", "--no-color"])
        .dsn(&db.dsn())
        .run()
        .success();
    assert!(run.stdout.contains(&app), "{}", run.stdout);
    assert!(run.stdout.contains("backend age: <1s"), "{}", run.stdout);
    assert!(
        !run.stdout.contains('\u{1b}'),
        "no color codes off a terminal"
    );
    drop(held);
    let _ = cluster();
}
