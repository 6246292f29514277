//! Safe under duress: a network that freezes after setup, a COMMIT whose reply never
//! comes, signals during a gradual resume, quell's backend killed mid-suspend, closed
//! output streams, hostile config files and a fleet larger than `--parallel`.

use std::process::Stdio;
use std::time::{Duration, Instant};

use nix::sys::signal::Signal;

use crate::support::proxy::Proxy;
use crate::support::pty::Terminal;
use crate::support::{cluster, wait_for_count, wait_for_quell_gone, Db, Quell};
use crate::tenants::{quell, role, role_state, seed};

/// A target reached through `proxy`, with a 1 s statement_timeout (so a 3 s bound).
fn through(proxy: &Proxy, db: &Db) -> String {
    format!(
        "host=127.0.0.1 port={} user={} dbname={} sslmode=disable",
        proxy.port,
        cluster().superuser(),
        db.name
    )
}

const FAST_SESSION: &str = "session: {statement_timeout: 1s, lock_timeout: 500ms}\n";

#[test]
fn a_network_that_freezes_after_setup_ends_within_the_bound_naming_the_target() {
    let db = Db::new("dfreeze");
    // The setup round trip passes; the first query after it is swallowed.
    let proxy = Proxy::freezing_on(cluster().port(), b"max_connections");
    let cfg = format!(
        "targets:\n  frozen: {{dsn: \"{}\"}}\n{FAST_SESSION}",
        through(&proxy, &db)
    );
    let run = quell(&cfg).args(["connections"]).run().code(2);
    assert!(proxy.frozen(), "the proxy never froze: {}", run.stderr);
    assert!(
        run.elapsed < Duration::from_secs(8),
        "took {:?}",
        run.elapsed
    );
    assert!(
        run.stderr.contains("target frozen: ")
            && run.stderr.contains(&format!(
                "no reply from 127.0.0.1:{} within 3s (statement_timeout 1s + 2s margin) to `SELECT ",
                proxy.port
            )),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.trim_end().lines().count(), 1, "{}", run.stderr);
}

#[test]
fn a_commit_whose_reply_never_comes_is_reported_unknown_and_the_server_lets_go() {
    let db = Db::new("dcommit");
    let direct = seed(&db, &db.dsn(), 2, 1, "app_flag, connection_limit");
    quell(&direct).args(["init"]).run().success();
    let proxy = Proxy::freezing_on(cluster().port(), b"COMMIT");
    let cfg = crate::tenants::config(
        &db.name,
        &through(&proxy, &db),
        "app_flag, connection_limit",
    ) + FAST_SESSION;
    let run = quell(&cfg)
        .args(["tenants", "suspend", "1", "--yes", "-o", "json"])
        .run()
        .code(2);
    let org = &run.entry()["orgs"][0];
    assert_eq!(org["outcome"], "unknown", "{}", run.stdout);
    let error = org["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("may or may not have committed") && error.contains("quell tenants status"),
        "{error}"
    );
    assert!(
        run.elapsed < Duration::from_secs(8),
        "took {:?}",
        run.elapsed
    );
    // quell's transaction sat idle past idle_in_transaction_session_timeout (3 s): the
    // server ended it, so nothing committed and the org's lock is free again.
    wait_for_quell_gone(&db);
    assert_eq!(
        db.psql("SELECT suspended FROM orgs WHERE id = 1").trim(),
        "f"
    );
    assert_eq!(role_state(&db, &role(&db, 1, 1)), "-1|true");
    let again = quell(&direct)
        .args(["tenants", "suspend", "1", "--yes"])
        .run()
        .success();
    assert!(
        again.stdout.contains("org 1: suspended"),
        "{}",
        again.stdout
    );
    assert_eq!(
        db.psql("SELECT count(*) FROM quell.suspensions WHERE org = '1'")
            .trim(),
        "1"
    );
}

/// Five orgs suspended, then a gradual resume one at a time, 5 s apart, stopped by
/// `signal` during the first wait.
fn interrupt_gradual_resume(signal: Signal, want: i32) {
    let db = Db::new("dsig");
    let cfg = seed(&db, &db.dsn(), 5, 1, "app_flag, connection_limit");
    quell(&cfg).args(["init"]).run().success();
    quell(&cfg)
        .args(["tenants", "suspend", "1", "2", "3", "4", "5", "--yes"])
        .run()
        .success();
    let running = quell(&cfg)
        .args([
            "tenants",
            "resume",
            "--all",
            "--batch",
            "1",
            "--interval",
            "5s",
            "--yes",
        ])
        .spawn();
    let deadline = Instant::now() + Duration::from_secs(10);
    // Streamed: the first org's line is out while quell waits for the next batch.
    while !running.stdout_so_far().contains("org 1: resumed") {
        assert!(Instant::now() < deadline, "no per-org line before the wait");
        std::thread::sleep(Duration::from_millis(20));
    }
    let signalled = Instant::now();
    running.signal(signal);
    let run = running.finish(Duration::from_secs(10));
    assert!(signalled.elapsed() < Duration::from_secs(2), "slow to stop");
    assert_eq!(run.code, want, "{}\n{}", run.stdout, run.stderr);
    let name = format!("{signal:?}");
    assert!(
        run.stderr.contains(&format!(
            "interrupted by {name}: 1 resumed, 4 left suspended: 2, 3, 4, 5"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(
        db.psql("SELECT string_agg(org, ',' ORDER BY org::int) FROM quell.suspensions WHERE resumed_at IS NULL")
            .trim(),
        "2,3,4,5"
    );
    assert_eq!(
        db.psql("SELECT string_agg(id::text, ',' ORDER BY id) FROM orgs WHERE suspended")
            .trim(),
        "2,3,4,5"
    );
}

#[test]
fn sigint_during_a_gradual_resume_says_what_was_resumed_and_what_is_left() {
    interrupt_gradual_resume(Signal::SIGINT, 130);
}

#[test]
fn sigterm_during_a_gradual_resume_exits_143() {
    interrupt_gradual_resume(Signal::SIGTERM, 143);
}

#[test]
fn a_backend_killed_mid_suspend_with_terminate_reports_every_committed_org() {
    let db = Db::new("dlost");
    let cfg = seed(
        &db,
        &db.dsn(),
        1000,
        1,
        "app_flag, connection_limit, terminate",
    );
    quell(&cfg).args(["init"]).run().success();
    let ids: Vec<String> = (1..=1000).map(|i| i.to_string()).collect();
    let running = quell(&cfg)
        .file("orgs.txt", &ids.join("\n"), 0o644)
        .args([
            "tenants",
            "suspend",
            "--from-file",
            "orgs.txt",
            "--yes",
            "-o",
            "json",
        ])
        .spawn();
    wait_for_count(&db, "SELECT count(*) FROM quell.suspensions", 50);
    db.psql(&format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{}' AND application_name = 'quell'",
        db.name
    ));
    let run = running.finish(Duration::from_secs(20)).code(2);
    let committed: Vec<String> = db
        .psql("SELECT org FROM quell.suspensions ORDER BY org::int")
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    assert!(
        committed.len() >= 50 && committed.len() < 1000,
        "{}",
        committed.len()
    );
    let entry = run.entry();
    let orgs = entry["orgs"].as_array().expect("orgs are reported");
    assert_eq!(orgs.len(), 1000, "every selected org has an outcome");
    let with = |outcome: &str| -> Vec<String> {
        orgs.iter()
            .filter(|o| o["outcome"] == outcome)
            .map(|o| o["org"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let suspended = with("suspended");
    // Every org the server committed is reported suspended (one in flight at the
    // kill may be reported unknown), and nothing not committed is.
    for org in &suspended {
        assert!(
            committed.contains(org),
            "org {org} reported but not committed"
        );
    }
    let unknown = with("unknown");
    assert!(
        committed.len() - suspended.len() <= unknown.len(),
        "{entry}"
    );
    assert!(!with("not_attempted").is_empty());
    assert_eq!(entry["ok"], false);
    let error = entry["error"].as_str().unwrap_or_default();
    assert!(error.contains("were not terminated"), "{error}");
    // One summary line for the target, not one per remaining org.
    assert!(run.stderr.lines().count() <= 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("target main: session lost") && run.stderr.contains("not attempted"),
        "{}",
        run.stderr
    );
}

/// Run quell with stdout and stderr connected to pipes whose readers are gone.
fn closed_pipes(args: &[&str], config: &str) -> i32 {
    let (mut cmd, _home) = quell(config).args(args).into_command();
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    drop(child.stdout.take());
    drop(child.stderr.take());
    let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
    status.code().unwrap_or(-1)
}

#[test]
fn closed_stdout_and_stderr_end_with_the_earned_exit_code_never_a_panic() {
    let db = Db::new("dpipe");
    let cfg = seed(&db, &db.dsn(), 3, 1, "app_flag");
    assert_eq!(closed_pipes(&["init"], &cfg), 0);
    // A refusal (no terminal, no --yes) is still 3.
    assert_eq!(closed_pipes(&["tenants", "suspend", "1"], &cfg), 3);
    // A change that committed is still 0, and did commit.
    assert_eq!(closed_pipes(&["tenants", "suspend", "2", "--yes"], &cfg), 0);
    assert_eq!(
        db.psql("SELECT suspended FROM orgs WHERE id = 2").trim(),
        "t"
    );
    // An error is still 2.
    assert_eq!(
        closed_pipes(&["tenants", "suspend", "42", "--yes"], &cfg),
        2
    );
    assert_eq!(closed_pipes(&["doctor"], &cfg), 0);
}

#[test]
fn hostile_config_files_are_refused_within_a_second_and_bounded_memory() {
    // An anchor aliased 5,000 times, holding a 120 KB variable (about the most one
    // environment string may hold): 600 MB if expanded.
    let mut bomb =
        String::from("targets:\n  a: {dsn: &big \"${BIG}\", notes: *big}\ngroups:\n  g:\n");
    for _ in 0..5000 {
        bomb.push_str("    - *big\n");
    }
    let deep = format!("targets: {}{}\n", "[".repeat(50_000), "]".repeat(50_000));
    for (name, text) in [("bomb.yaml", bomb.as_str()), ("deep.yaml", deep.as_str())] {
        // 512 MiB of address space: an expanded bomb could not fit.
        let run = Quell::new()
            .file(name, text, 0o644)
            .env("BIG", "x".repeat(120_000))
            .args(["-c", name, "config", "check"])
            .under_shell("ulimit -v 524288")
            .run()
            .code(2);
        let stderr = &run.stderr;
        assert!(
            run.elapsed < Duration::from_secs(1),
            "{name}: {:?}",
            run.elapsed
        );
        assert!(
            stderr.starts_with(&format!("quell: error: {name}:")),
            "{stderr}"
        );
        assert!(
            stderr.contains("the limit for quell's YAML files"),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
}

#[test]
fn variables_work_in_durations_regexes_and_enums() {
    let db = Db::new("dvars");
    let cfg = format!(
        "targets:\n  main: {{dsn: \"{}\"}}\nsession: {{statement_timeout: \"${{ST}}\"}}\n\
         tenants:\n  session_org: {{role_pattern: \"${{PAT}}\"}}\n\
         jobs:\n  backend: \"${{BACKEND}}\"\n  list_sql: select 'a' as name, '* * * * *' as schedule, true as active\n  \
         pause_sql: select $1\n  resume_sql: select $1\n",
        db.dsn()
    );
    let run = quell(&cfg)
        .env("ST", "750ms")
        .env("PAT", "^org_(?P<org>[0-9]+)_")
        .env("BACKEND", "sql")
        .args(["config", "check", "-o", "json"])
        .run()
        .success();
    assert_eq!(run.entry()["session"]["statement_timeout"], 0.75);
    let run = quell(&cfg)
        .env("ST", "750ms")
        .env("PAT", "^org_(?P<org>[0-9]+)_")
        .env("BACKEND", "sql")
        .args(["jobs", "list", "-o", "json"])
        .run()
        .success();
    assert_eq!(run.entry()["backend"], "sql", "{}", run.stdout);
    // The regex really is the variable's: a session of org_7_x is attributed to org 7.
    let run = quell(&cfg)
        .env("ST", "750ms")
        .env("PAT", "^org_(?P<org>[0-9]+)_")
        .env("BACKEND", "cron")
        .args(["config", "check"])
        .run()
        .code(2);
    assert!(
        run.stderr
            .contains("quell.yaml:7:12: jobs.backend: unknown variant `cron`"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_values_get_their_own_clear_error() {
    let db = Db::new("dbad");
    let target = format!("targets:\n  main: {{dsn: \"{}\"}}\n", db.dsn());
    let cases: &[(&str, &str)] = &[
        (
            "session: {statement_timeout: 500us}\n",
            "quell.yaml:3:30: session.statement_timeout: 500us is under 1ms",
        ),
        (
            "default: \"${}\"\n",
            "quell.yaml:3:10: default: `${}` names no variable",
        ),
    ];
    for (extra, want) in cases {
        let run = quell(&format!("{target}{extra}"))
            .args(["config", "check"])
            .run()
            .code(2);
        assert!(run.stderr.contains(want), "{extra}: {}", run.stderr);
    }
    // Not a regular file: said for what it is.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fifo = dir.path().join("fifo.yaml");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap_or_else(|e| panic!("{e}"));
    let run = Quell::new()
        .args(["-c"])
        .args([&fifo])
        .args(["config", "check"])
        .run()
        .code(2);
    assert!(
        run.stderr
            .contains("is a FIFO (named pipe), not a regular file"),
        "{}",
        run.stderr
    );
    let run = Quell::new()
        .args(["-c"])
        .args([dir.path()])
        .args(["config", "check"])
        .run()
        .code(2);
    assert!(run.stderr.contains("is a directory"), "{}", run.stderr);
    // /dev/null is the empty config (as with ssh -F /dev/null).
    Quell::new()
        .args(["-c", "/dev/null", "--dsn", &db.dsn(), "connections"])
        .run()
        .success();
    // Latin-1 bytes: where, and what to do.
    let run =
        Quell::new()
            .file("latin1.yaml", "", 0o644)
            .args(["-c", "latin1.yaml", "config", "check"]);
    std::fs::write(
        run.home().join("latin1.yaml"),
        b"targets:\n  caf\xe9: {dsn: x}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let run = run.run().code(2);
    assert!(
        run.stderr
            .contains("latin1.yaml:2:6: not valid UTF-8 (byte 0xE9)"),
        "{}",
        run.stderr
    );
    // A 120 KB application_name: said, not "connection reset by peer".
    let long = format!("{} application_name={}", db.dsn(), "x".repeat(120_000));
    let run = Quell::new().dsn(&long).args(["connections"]).run().code(2);
    assert!(
        run.stderr.contains("application_name is 120000 bytes long")
            && run.stderr.contains("at most 10000"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_superuser_among_an_orgs_roles_is_refused_and_a_bom_is_not_an_org_id() {
    let db = Db::new("dsuper");
    let cfg = seed(&db, &db.dsn(), 2, 1, "app_flag, connection_limit, nologin");
    quell(&cfg).args(["init"]).run().success();
    let admin = role(&db, 1, 1);
    db.psql(&format!("ALTER ROLE {admin} SUPERUSER"));
    let run = quell(&cfg)
        .file("orgs.txt", "\u{feff}1\n2\n", 0o644)
        .args(["tenants", "suspend", "--from-file", "orgs.txt", "--yes"])
        .run()
        .code(2);
    assert!(
        run.stderr.contains(&format!(
            "org 1: tenants.roles_sql returns \"{admin}\", a superuser"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(role_state(&db, &admin), "-1|true");
    assert_eq!(
        db.psql("SELECT suspended FROM orgs WHERE id = 1").trim(),
        "f"
    );
    // Org 2 (after the BOM'd first line) went through.
    assert!(run.stdout.contains("org 2: suspended"), "{}", run.stdout);
    let allowed = cfg + "  allow_superuser_roles: true\n";
    quell(&allowed)
        .args(["tenants", "suspend", "1", "--yes"])
        .run()
        .success();
    assert_eq!(role_state(&db, &admin), "0|false");
}

#[test]
fn a_fleet_of_200_never_holds_more_than_parallel_connections() {
    let db = Db::new("dfleet");
    db.psql("CREATE TABLE orgs (id int, name text); INSERT INTO orgs VALUES (1, 'a')");
    let mut cfg = String::from("targets:\n");
    for i in 0..200 {
        cfg.push_str(&format!("  t{i}: {{dsn: \"{}\"}}\n", db.dsn()));
    }
    cfg.push_str(
        "session: {application_name: quell_fleet}\ntenants:\n  \
         list_sql: select id::text as org, name from orgs, pg_sleep(0.05)\n",
    );
    let running = quell(&cfg)
        .args([
            "-t",
            "all",
            "--parallel",
            "16",
            "tenants",
            "list",
            "-o",
            "json",
        ])
        .spawn();
    let mut peak = 0u32;
    let count = format!(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = '{}' AND application_name = 'quell_fleet'",
        db.name
    );
    let (client, runtime) = {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let client = runtime.block_on(async {
            let (client, conn) = tokio_postgres::connect(&db.dsn(), tokio_postgres::NoTls)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            tokio::spawn(conn);
            client
        });
        (client, runtime)
    };
    while running.stdout_so_far().is_empty() {
        let n: i64 = runtime
            .block_on(client.query_one(count.as_str(), &[]))
            .map(|r| r.get(0))
            .unwrap_or(0);
        peak = peak.max(n as u32);
        std::thread::sleep(Duration::from_millis(5));
    }
    let run = running.finish(Duration::from_secs(30)).success();
    assert_eq!(run.json()["targets"].as_array().map(Vec::len), Some(200));
    assert!(peak <= 16, "peak {peak} connections");
    assert!(peak > 1, "targets ran one at a time (peak {peak})");
    // A command that holds every session for its whole run says why it refuses.
    let run = quell(&cfg)
        .args(["-t", "all", "tenants", "resume", "--all", "--yes"])
        .run()
        .code(2);
    assert!(
        run.stderr
            .contains("200 targets are selected, more than --parallel 16"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.len() < 400, "{}", run.stderr);
}

#[test]
fn ctrl_c_at_a_confirmation_prompt_restores_the_terminal_and_exits_130() {
    let db = Db::new("dprompt");
    let cfg = seed(&db, &db.dsn(), 1, 1, "app_flag");
    quell(&cfg).args(["init"]).run().success();
    // A terminal of its own: stdin and stderr on the pty, so quell asks.
    let (cmd, _home) = quell(&cfg).args(["tenants", "suspend", "1"]).into_command();
    let mut term = Terminal::spawn(cmd);
    term.wait_for("Suspend 1 org (1) on main?");
    std::thread::sleep(Duration::from_millis(300));
    term.type_in(b"\x03");
    let (status, text) = term.finish(Duration::from_secs(5));
    assert_eq!(status.code(), Some(130), "{text:?}");
    let after_prompt = &text[text.find("Suspend 1 org").unwrap_or(0)..];
    assert!(
        after_prompt.contains("\x1b[?25h"),
        "cursor left hidden: {text:?}"
    );
    assert!(after_prompt.contains("nothing was changed"), "{text:?}");
    assert_eq!(
        db.psql("SELECT suspended FROM orgs WHERE id = 1").trim(),
        "f"
    );
}

#[test]
fn a_signal_ignored_at_start_stays_ignored_as_under_nohup() {
    let db = Db::new("dnohup");
    let cfg = seed(&db, &db.dsn(), 2, 1, "app_flag");
    quell(&cfg).args(["init"]).run().success();
    quell(&cfg)
        .args(["tenants", "suspend", "1", "2", "--yes"])
        .run()
        .success();
    // What nohup does: SIGHUP ignored before quell starts.
    let (mut cmd, _home) = quell(&cfg)
        .args([
            "tenants",
            "resume",
            "--all",
            "--batch",
            "1",
            "--interval",
            "2s",
            "--yes",
        ])
        .under_shell("trap '' HUP")
        .into_command();
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    wait_for_count(
        &db,
        "SELECT count(*) FROM quell.suspensions WHERE resumed_at IS NOT NULL",
        1,
    );
    let pid = nix::unistd::Pid::from_raw(child.id() as i32);
    nix::sys::signal::kill(pid, Signal::SIGHUP).unwrap_or_else(|e| panic!("{e}"));
    let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert_eq!(
        db.psql("SELECT count(*) FROM quell.suspensions WHERE resumed_at IS NULL")
            .trim(),
        "0"
    );
}

#[test]
fn the_first_signal_waits_for_the_statement_in_flight_the_second_stops_at_once() {
    let db = Db::new("dtwice");
    let direct = seed(&db, &db.dsn(), 3, 1, "app_flag");
    quell(&direct).args(["init"]).run().success();
    // The org's first statement never gets a reply: quell is inside its transaction.
    let proxy = Proxy::freezing_on(cluster().port(), b"pg_advisory_xact_lock");
    let cfg = crate::tenants::config(&db.name, &through(&proxy, &db), "app_flag") + FAST_SESSION;
    let running = quell(&cfg)
        .args(["tenants", "suspend", "1", "2", "3", "--yes"])
        .spawn();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !proxy.frozen() {
        assert!(Instant::now() < deadline, "never reached the transaction");
        std::thread::sleep(Duration::from_millis(10));
    }
    running.signal(Signal::SIGINT);
    std::thread::sleep(Duration::from_millis(500));
    // Still waiting for the org in flight (its bound is 3 s), as the first signal asks.
    assert!(running.stdout_so_far().is_empty());
    let second = Instant::now();
    running.signal(Signal::SIGINT);
    let run = running.finish(Duration::from_secs(5));
    assert!(
        second.elapsed() < Duration::from_secs(1),
        "{:?}",
        second.elapsed()
    );
    assert_eq!(
        run.signal,
        Some(2),
        "ended by SIGINT itself: {}",
        run.stderr
    );
    // The server rolls the transaction back: nothing half-changed.
    wait_for_quell_gone(&db);
    assert_eq!(
        db.psql("SELECT count(*) FROM orgs WHERE suspended").trim(),
        "0"
    );
    assert_eq!(
        db.psql("SELECT count(*) FROM quell.suspensions").trim(),
        "0"
    );
}
