//! Several targets: queried concurrently, a dead one reported in its entry while
//! the others answer, exit 2 when any failed.

use std::time::Duration;

use crate::support::{closed_port, cluster, Db, Quell};

#[test]
fn one_dead_target_is_reported_the_others_answer() {
    let db = Db::new("fleet");
    let dead = closed_port();
    let config = format!(
        "targets:\n  live:\n    dsn: \"{}\"\n    role: primary\n  dead:\n    dsn: \"host=127.0.0.1 port={dead} user=postgres\"\ngroups:\n  both: [live, dead]\n",
        db.dsn()
    );
    let run = Quell::new()
        .file("quell.yaml", &config, 0o644)
        .args(["connections", "-t", "all", "-o", "json"])
        .run()
        .code(2);
    let json = run.json();
    let targets = json["targets"].as_array().expect("targets");
    assert_eq!(targets.len(), 2);
    assert_eq!(targets[0]["target"], "live");
    assert_eq!(targets[0]["ok"], true);
    assert!(targets[0]["max_connections"].as_i64().unwrap_or(0) > 0);
    assert_eq!(targets[1]["target"], "dead");
    assert_eq!(targets[1]["ok"], false);
    assert!(
        targets[1]["error"]
            .as_str()
            .unwrap_or("")
            .contains(&format!("127.0.0.1:{dead}")),
        "{json}"
    );
    assert!(targets[1].get("used").is_none());
    assert!(run.stderr.contains("target dead:"), "{}", run.stderr);

    // The group selects the same two; table output still shows the live one.
    let run = Quell::new()
        .file("quell.yaml", &config, 0o644)
        .args(["connections", "-t", "both"])
        .run()
        .code(2);
    assert!(run.stdout.contains("live"), "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!("{}", cluster().port())) || run.stdout.contains("PostgreSQL")
    );
}

#[test]
fn targets_are_queried_concurrently() {
    // Two servers that accept TCP but never answer: each costs the whole 2 s budget.
    let a = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let b = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = |l: &std::net::TcpListener| l.local_addr().map(|a| a.port()).unwrap_or(0);
    let config = format!(
        "session:\n  connect_timeout: 2s\ntargets:\n  a: {{dsn: \"host=127.0.0.1 port={} user=x\"}}\n  b: {{dsn: \"host=127.0.0.1 port={} user=x\"}}\n",
        port(&a),
        port(&b)
    );
    let run = Quell::new()
        .file("quell.yaml", &config, 0o644)
        .args(["connections", "-t", "all", "-o", "json"])
        .run()
        .code(2);
    let json = run.json();
    for entry in json["targets"].as_array().into_iter().flatten() {
        assert!(
            entry["error"]
                .as_str()
                .unwrap_or("")
                .contains("timed out after 2s"),
            "{json}"
        );
    }
    assert!(
        run.elapsed < Duration::from_millis(3500),
        "took {:?}: not concurrent",
        run.elapsed
    );
    drop((a, b));
}

#[test]
fn unreachable_host_fails_within_the_timeout_naming_it() {
    let port = closed_port();
    let run = Quell::new()
        .args(["connections"])
        .dsn(&format!("host=127.0.0.1 port={port} user=postgres"))
        .run()
        .code(2);
    assert!(
        run.stderr.contains(&format!("127.0.0.1:{port}")),
        "{}",
        run.stderr
    );
    assert!(run.elapsed < Duration::from_secs(5));

    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = silent.local_addr().map(|a| a.port()).unwrap_or(0);
    let run = Quell::new()
        .args(["connections"])
        .dsn(&format!("host=127.0.0.1 port={port} user=postgres"))
        .env("PGCONNECT_TIMEOUT", "2")
        .run()
        .code(2);
    assert!(
        run.stderr.contains(&format!(
            "connecting to 127.0.0.1:{port}: timed out after 2s"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.elapsed < Duration::from_millis(3500),
        "took {:?}",
        run.elapsed
    );
    drop(silent);
}
