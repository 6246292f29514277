//! The config file: discovery order, targets, `${VAR}`, and errors that name
//! file, line and column.

use crate::support::{Db, Quell};

#[test]
fn bad_config_names_file_line_and_column() {
    let text = "targets:\n  prod:\n    dsn: host=x\n    dns: typo\n";
    let run = Quell::new()
        .file("quell.yaml", text, 0o644)
        .args(["connections"])
        .run()
        .code(2);
    assert!(
        run.stderr.starts_with("quell: error: quell.yaml:4:5: "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("unknown field `dns`"), "{}", run.stderr);

    let text = "targets:\n  prod: [unclosed\n";
    let run = Quell::new()
        .file("quell.yaml", text, 0o644)
        .args(["connections"])
        .run()
        .code(2);
    assert!(run.stderr.contains("quell.yaml:"), "{}", run.stderr);
    assert_eq!(run.stderr.trim_end().lines().count(), 1, "{}", run.stderr);

    let text = "targets:\n  prod:\n    dsn: \"host=x password=${QUELL_TEST_UNSET}\"\n";
    let run = Quell::new()
        .file("quell.yaml", text, 0o644)
        .args(["connections"])
        .run()
        .code(2);
    assert!(
        run.stderr.contains(
            "quell.yaml:3:27: targets.prod.dsn: environment variable QUELL_TEST_UNSET is not set"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn discovery_order_and_interpolation() {
    let db = Db::new("cfg");
    let good = "targets:\n  main:\n    dsn: \"host=127.0.0.1 port=${PORT} user=postgres dbname=${DB}\"\n    notes: the one\n";
    let port = crate::support::cluster().port().to_string();
    // ./quell.yaml
    let run = Quell::new()
        .file("quell.yaml", good, 0o644)
        .env("PORT", &port)
        .env("DB", &db.name)
        .args(["connections", "-o", "json"])
        .run()
        .success();
    assert_eq!(run.entry()["target"], "main");
    // QUELL_CONFIG beats ./quell.yaml (which is broken here).
    let q = Quell::new()
        .file("quell.yaml", "nonsense: [", 0o644)
        .file("other.yaml", good, 0o644);
    let other = q.home().join("other.yaml");
    let run = q
        .env("QUELL_CONFIG", &other)
        .env("PORT", &port)
        .env("DB", &db.name)
        .args(["connections", "-o", "json"])
        .run()
        .success();
    assert_eq!(run.entry()["target"], "main");
    // -c beats QUELL_CONFIG.
    let q = Quell::new().file("a.yaml", good, 0o644);
    let a = q.home().join("a.yaml");
    let run = q
        .env("QUELL_CONFIG", "/nonexistent/quell.yaml")
        .env("PORT", &port)
        .env("DB", &db.name)
        .args([
            "-c".as_ref(),
            a.as_os_str(),
            "connections".as_ref(),
            "-o".as_ref(),
            "json".as_ref(),
        ])
        .run()
        .success();
    assert_eq!(run.entry()["target"], "main");
    // $XDG_CONFIG_HOME/quell/config.yaml (here ~/.config) when nothing else is there.
    let run = Quell::new()
        .file(".config/quell/config.yaml", good, 0o644)
        .env("PORT", &port)
        .env("DB", &db.name)
        .args(["connections", "-o", "json"])
        .run()
        .success();
    assert_eq!(run.entry()["target"], "main");
    // A named file that is missing is an error, not a silent fallback.
    let run = Quell::new()
        .env("QUELL_CONFIG", "/nonexistent/quell.yaml")
        .args(["connections"])
        .run()
        .code(2);
    assert!(run.stderr.contains("QUELL_CONFIG"), "{}", run.stderr);
}

#[test]
fn config_check_shows_targets_redacted_and_tests_them() {
    let db = Db::new("check");
    let text = format!(
        "targets:\n  main:\n    dsn: \"{} password=hunter2\"\n    role: primary\n  gone:\n    dsn: \"host=127.0.0.1 port=1 user=postgres\"\n",
        db.dsn()
    );
    let run = Quell::new()
        .file("quell.yaml", &text, 0o644)
        .args(["config", "check", "-t", "all", "-o", "json"])
        .run()
        .code(2);
    assert!(
        !run.stdout.contains("hunter2") && !run.stderr.contains("hunter2"),
        "password leaked"
    );
    let json = run.json();
    assert_eq!(json["config"], "quell.yaml");
    let main = &json["targets"][0];
    assert_eq!(main["ok"], true);
    assert_eq!(main["role"], "primary");
    assert_eq!(main["password"], "DSN");
    assert!(
        main["conninfo"]
            .as_str()
            .unwrap_or("")
            .contains("password=********"),
        "{main}"
    );
    assert!(main["server_version"].as_str().is_some());
    let gone = &json["targets"][1];
    assert_eq!(gone["ok"], false);
    assert!(
        gone["conninfo"].as_str().unwrap_or("").contains("port=1"),
        "{gone}"
    );

    let run = Quell::new()
        .file("quell.yaml", &text, 0o644)
        .args(["connections", "-t", "nosuch"])
        .run()
        .code(2);
    assert!(
        run.stderr.contains("unknown target \"nosuch\""),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("targets: main, gone"), "{}", run.stderr);
}

/// `-t sandbox` with no config of its own reaches the running sandbox through the
/// sandbox's quell.yaml: its app database, tenants, jobs and notices, as `-c
/// DIR/quell.yaml` does.
#[test]
fn target_sandbox_uses_the_running_sandboxs_own_config() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let sandbox = dir.path().join("sb");
    let quell = || Quell::new().env("QUELL_SANDBOX_DIR", &sandbox);
    quell()
        .args(["sandbox", "up", "--orgs", "3", "--users-per-org", "2"])
        .run()
        .success();
    let listed = quell()
        .args(["-t", "sandbox", "tenants", "list", "-o", "json"])
        .run();
    let posted = quell()
        .args([
            "-t",
            "sandbox",
            "notice",
            "post",
            "--title",
            "Slow logins",
            "--body",
            "Looking",
            "--yes",
        ])
        .args(["-o", "json"])
        .run();
    let notices = std::fs::read_to_string(sandbox.join("notices.jsonl")).unwrap_or_default();
    let stopped = quell().args(["sandbox", "down"]).run();
    let listed = listed.success().json();
    let posted = posted.success().json();
    stopped.success();
    assert_eq!(posted["provider"], "status", "{posted}");
    assert!(notices.contains("Slow logins"), "{notices}");
    let orgs = listed["targets"][0]["orgs"].as_array().map(Vec::len);
    assert_eq!(orgs, Some(3), "{listed}");
    assert_eq!(listed["targets"][0]["target"], "sandbox", "{listed}");
}
