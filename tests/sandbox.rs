//! `quell sandbox up/status/down` and the `-t sandbox` target: the sandbox the README's first command starts.

use crate::support::Quell;

#[test]
fn sandbox_up_target_down() {
    let dir = tempfile::Builder::new()
        .prefix("qsb-")
        .tempdir()
        .expect("tempdir");
    let sandbox = dir.path().join("sb");
    let run = Quell::new()
        .env("QUELL_SANDBOX_DIR", &sandbox)
        .args([
            "sandbox",
            "up",
            "--max-connections",
            "20",
            "--orgs",
            "0",
            "-o",
            "json",
        ])
        .run()
        .success();
    let status = run.json();
    assert_eq!(status["running"], true, "{status}");
    assert!(status["dsn"].as_str().unwrap_or("").contains("port="));

    let run = Quell::new()
        .env("QUELL_SANDBOX_DIR", &sandbox)
        .args(["-t", "sandbox", "connections", "-o", "json"])
        .run()
        .success();
    assert_eq!(run.entry()["max_connections"], 20);

    // Up again is a no-op that reports the running one.
    let run = Quell::new()
        .env("QUELL_SANDBOX_DIR", &sandbox)
        .args([
            "sandbox",
            "up",
            "--max-connections",
            "20",
            "--orgs",
            "0",
            "-o",
            "json",
        ])
        .run()
        .success();
    assert_eq!(run.json()["port"], status["port"]);

    // Without its settings file, what it runs with is unknown: flags that ask for
    // something cannot be checked (refused), a bare `up` says so.
    std::fs::remove_file(sandbox.join("quell-scenario.json")).expect("settings file");
    let run = Quell::new()
        .env("QUELL_SANDBOX_DIR", &sandbox)
        .args(["sandbox", "up", "--max-connections", "20", "--orgs", "0"])
        .run()
        .code(2);
    assert!(
        run.stderr.contains("with unknown scenario settings")
            && run.stderr.contains(
                "the requested --max-connections 20 --orgs 0 cannot be checked against it"
            ),
        "{}",
        run.stderr
    );
    let run = Quell::new()
        .env("QUELL_SANDBOX_DIR", &sandbox)
        .args(["sandbox", "up"])
        .run()
        .success();
    assert!(
        run.stdout.contains(
            "it runs with unknown scenario settings, no quell-scenario.json, so the requested ones could not be checked"
        ),
        "{}",
        run.stdout
    );
    let run = Quell::new()
        .env("QUELL_SANDBOX_DIR", &sandbox)
        .args(["sandbox", "up", "-o", "json"])
        .run()
        .success();
    assert_eq!(run.json()["settings_unknown"], true);

    let run = Quell::new()
        .env("QUELL_SANDBOX_DIR", &sandbox)
        .args(["sandbox", "down"])
        .run()
        .success();
    assert!(run.stdout.contains("sandbox stopped and"), "{}", run.stdout);
    assert!(!sandbox.exists(), "sandbox dir left behind");
    let run = Quell::new()
        .env("QUELL_SANDBOX_DIR", &sandbox)
        .args(["-t", "sandbox", "connections"])
        .run()
        .code(2);
    assert!(run.stderr.contains("quell sandbox up"), "{}", run.stderr);
}

/// `-t sandbox` with no sandbox in the default directory says where it looked and
/// how to reach one started elsewhere, instead of only suggesting a second one.
#[test]
fn target_sandbox_without_one_running_says_where_it_looked_and_how_to_point_elsewhere() {
    let empty = tempfile::tempdir().expect("a temp dir");
    let run = crate::support::Quell::new()
        .env("QUELL_SANDBOX_DIR", empty.path().join("none"))
        .args(["-t", "sandbox", "connections"])
        .run()
        .code(2);
    let want = format!(
        "no sandbox is running in {} (the default directory; for one started with --dir D, set QUELL_SANDBOX_DIR=D or use `-c D/quell.yaml`",
        empty.path().join("none").display()
    );
    assert!(run.stderr.contains(&want), "{}", run.stderr);
}
