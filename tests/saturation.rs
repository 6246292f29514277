//! A saturated server: an ordinary role is told why it cannot get in and how to;
//! a superuser still gets in through a reserved slot and sees the saturation.

use std::time::Duration;

use quell::sandbox::{Cluster, ClusterOptions};

use crate::support::{hold, Quell};

#[test]
fn saturated_server_normal_role_is_told_superuser_gets_in() {
    let cluster = Cluster::start(ClusterOptions {
        max_connections: 8,
        superuser_reserved_connections: 3,
        ..ClusterOptions::default()
    })
    .expect("starting a small cluster");
    cluster
        .psql("postgres", "CREATE ROLE app LOGIN")
        .expect("creating role app");
    // Every non-reserved slot (8 - 3) taken by the app.
    let app = hold(&cluster.dsn("app", "postgres"), 5);

    let run = Quell::new()
        .args(["connections"])
        .dsn(&cluster.dsn("app", "postgres"))
        .env("PGCONNECT_TIMEOUT", "2")
        .run()
        .code(2);
    assert!(run.stderr.contains("is saturated"), "{}", run.stderr);
    assert!(run.stderr.contains("SQLSTATE 53300"), "{}", run.stderr);
    assert!(
        run.stderr.contains("superuser_reserved_connections"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("pg_use_reserved_connections"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("127.0.0.1:{}", cluster.port())),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.trim_end().lines().count(), 1, "{}", run.stderr);
    // It retried inside the budget rather than failing at once, and stayed within it.
    assert!(
        run.elapsed >= Duration::from_millis(1200),
        "gave up after {:?}",
        run.elapsed
    );
    assert!(
        run.elapsed < Duration::from_secs(5),
        "took {:?}",
        run.elapsed
    );

    let run = Quell::new()
        .args(["connections", "-o", "json"])
        .dsn(&cluster.dsn("postgres", "postgres"))
        .run()
        .success();
    let entry = run.entry();
    assert_eq!(entry["used"], 5, "{entry}");
    assert_eq!(entry["available"], 0, "{entry}");
    assert_eq!(entry["reserved"], 3, "{entry}");
    assert!(
        entry["utilization"].as_f64().unwrap_or(0.0) >= 0.95,
        "{entry}"
    );
    let app_row = entry["by_role"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["role"] == "app");
    assert_eq!(
        app_row.map(|r| r["count"].clone()),
        Some(5.into()),
        "{entry}"
    );

    // Fill the reserved slots too: now even a superuser is told there is no slot at all.
    let su = hold(&cluster.dsn("postgres", "postgres"), 3);
    let run = Quell::new()
        .args(["connections"])
        .dsn(&cluster.dsn("postgres", "postgres"))
        .env("PGCONNECT_TIMEOUT", "2")
        .run()
        .code(2);
    assert!(
        run.stderr.contains("reserved ones included"),
        "{}",
        run.stderr
    );
    drop((app, su));
}
