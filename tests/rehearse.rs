//! The seeded incident sandbox (`sandbox up --orgs …`), its safety (nothing quell
//! did not create is ever removed), the shipped playbooks run against it, and a
//! small rehearsal: storm, detection, the playbook, the figures.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use crate::support::{sessions, Quell};

fn sandbox(dir: &std::path::Path, args: &[&str]) -> crate::support::Run {
    Quell::new()
        .args(["sandbox"])
        .args(args)
        .args(["--dir", dir.to_str().unwrap()])
        .run()
}

fn with_config(config: &str) -> Quell {
    Quell::new().args(["-c", config])
}

#[test]
fn sandbox_up_seeds_the_incident_and_writes_a_config_quell_accepts() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sb");
    let flags = [
        "up",
        "--orgs",
        "10",
        "--users-per-org",
        "50",
        "--max-connections",
        "30",
        "-o",
        "json",
    ];
    let status = sandbox(&dir, &flags).success().json();
    assert_eq!(status["running"], true, "{status}");
    assert_eq!(status["scenario"]["orgs"], 10);
    // The seeded database's DSN beside the cluster's.
    assert!(
        status["app_dsn"].as_str().unwrap().contains("dbname=app"),
        "{status}"
    );
    let config = status["config"].as_str().unwrap().to_string();

    let orgs = with_config(&config)
        .args(["tenants", "list", "-o", "json"])
        .run()
        .success()
        .json();
    let orgs = orgs["targets"][0]["orgs"].as_array().unwrap().clone();
    assert_eq!(orgs.len(), 10);
    assert_eq!(orgs[0]["name"], "internal-1");
    assert_eq!(orgs[1]["name"], "org-2", "10 orgs have one internal org");

    let roles = with_config(&config)
        .args(["roles", "-o", "json"])
        .run()
        .success()
        .json();
    let top = &roles["targets"][0]["top_fanout"][0];
    assert_eq!(
        (top["role"].as_str(), top["memberships"].as_i64()),
        (Some("app"), Some(500)),
        "{roles}"
    );
    assert_eq!(
        roles["targets"][0]["login_role_count"], 12,
        "app, 10 org logins, the superuser"
    );

    let jobs = with_config(&config)
        .args(["jobs", "list", "-o", "json"])
        .run()
        .success()
        .json();
    let jobs = jobs["targets"][0]["jobs"].as_array().unwrap().clone();
    assert_eq!(jobs.len(), 4, "{jobs:?}");
    // pg_cron jobs, on the schedule this pg_cron takes: seconds from 1.5, else
    // each minute (the installed 1.4).
    assert_eq!(status["pg_cron"], true, "{status}");
    let extversion = quell::sandbox::Cluster::attach(&dir)
        .unwrap()
        .psql(
            "postgres",
            "select extversion from pg_extension where extname = 'pg_cron'",
        )
        .unwrap();
    let schedule = quell::sandbox::scenario::cron_schedule(extversion.trim());
    assert!(
        jobs.iter().all(|j| j["schedule"] == schedule.as_str()),
        "{schedule} for pg_cron {extversion}: {jobs:?}"
    );
    if extversion.starts_with("1.4") {
        assert_eq!(schedule, "* * * * *");
    }
    assert!(jobs
        .iter()
        .any(|j| j["name"] == "billing_invoices" && j["essential"] == true));

    let doctor = with_config(&config).args(["doctor", "-o", "json"]).run();
    assert!(doctor.code == 0 || doctor.code == 1, "{}", doctor.stderr);
    assert_eq!(doctor.json()["targets"][0]["ok"], true);
    // `quell init` ran: the journal is there (and empty).
    let log = with_config(&config)
        .args(["log", "-o", "json"])
        .run()
        .success()
        .json();
    assert_eq!(log["targets"][0]["actions"], serde_json::json!([]), "{log}");

    // Up again with the same settings is the running one; with others, refused.
    let again = sandbox(&dir, &flags).success().json();
    assert_eq!(again["port"], status["port"]);
    assert_eq!(again["already"], true);
    assert_eq!(status["already"], false);
    let other = sandbox(
        &dir,
        &[
            "up",
            "--orgs",
            "12",
            "--users-per-org",
            "50",
            "--max-connections",
            "30",
        ],
    )
    .code(2);
    assert!(
        other.stderr.contains("is already in")
            && other.stderr.contains("with --max-connections 30 --orgs 10 --users-per-org 50 --split 1, not --max-connections 30 --orgs 12")
            && other.stderr.contains(&format!("sandbox down --dir {}", dir.display())),
        "{}",
        other.stderr
    );
    sandbox(&dir, &["status"]).success();
    sandbox(&dir, &["down"]).success();
    assert!(!dir.exists());
    let down = sandbox(&dir, &["status"]).code(1);
    assert!(down.stdout.contains("no sandbox in"), "{}", down.stdout);
    assert!(
        down.stdout.contains("(start one with: ") && down.stdout.contains(" sandbox up)"),
        "{}",
        down.stdout
    );
    let nothing = sandbox(&dir, &["down"]).success();
    assert!(
        nothing.stdout.contains("nothing to stop or remove"),
        "{}",
        nothing.stdout
    );
}

#[test]
fn sandbox_never_removes_a_directory_it_did_not_create() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mine");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("precious.txt"), "keep me").unwrap();
    let down = sandbox(&dir, &["down"]).code(2);
    assert!(
        down.stderr.contains("is not a quell sandbox"),
        "{}",
        down.stderr
    );
    let up = sandbox(&dir, &["up", "--orgs", "2", "--users-per-org", "2"]).code(2);
    assert!(
        up.stderr.contains("is not empty (found precious.txt)"),
        "{}",
        up.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("precious.txt")).unwrap(),
        "keep me"
    );

    // A postgres.log quell did not leave is the user's: up refuses, down refuses,
    // and the log stays as it was.
    let logged = tmp.path().join("logged");
    std::fs::create_dir(&logged).unwrap();
    std::fs::write(logged.join("postgres.log"), "the user's log").unwrap();
    let up = sandbox(&logged, &["up", "--orgs", "2", "--users-per-org", "2"]).code(2);
    assert!(
        up.stderr.contains("is not empty (found postgres.log)"),
        "{}",
        up.stderr
    );
    sandbox(&logged, &["down"]).code(2);
    assert_eq!(
        std::fs::read_to_string(logged.join("postgres.log")).unwrap(),
        "the user's log"
    );

    // An empty directory the user made: up uses it, down removes only what quell
    // put in it (and not what the user added meanwhile), and the directory stays.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let flags = [
        "up",
        "--orgs",
        "2",
        "--users-per-org",
        "2",
        "--max-connections",
        "20",
    ];
    sandbox(&empty, &flags).success();
    assert!(empty.join("quell.yaml").exists());
    std::fs::write(empty.join("mine.txt"), "added while it ran").unwrap();
    let down = sandbox(&empty, &["down"]).success();
    assert!(
        down.stdout
            .contains("stays: it holds what quell did not create (mine.txt)"),
        "{}",
        down.stdout
    );
    let left: Vec<_> = std::fs::read_dir(&empty)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["mine.txt"]);
    std::fs::remove_file(empty.join("mine.txt")).unwrap();
    sandbox(&empty, &flags).success();
    let down = sandbox(&empty, &["down", "-o", "json"]).success().json();
    assert_eq!(
        down["dir_kept"], "it was there before `sandbox up`",
        "{down}"
    );
    assert!(empty.is_dir(), "the user's directory stays");
    assert_eq!(std::fs::read_dir(&empty).unwrap().count(), 0);
}

#[test]
fn the_shipped_playbooks_run_against_the_seeded_sandbox() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sb");
    let status = sandbox(
        &dir,
        &["up", "--orgs", "6", "--users-per-org", "20", "-o", "json"],
    )
    .success()
    .json();
    let config = status["config"].as_str().unwrap().to_string();
    let app_dsn = status["dsn"]
        .as_str()
        .unwrap()
        .replace("dbname=postgres", "dbname=app");

    // The incident playbook's dry run on a quiet sandbox: nothing to suspend, and
    // the rest of the plan still shown.
    let dry = with_config(&config)
        .args([
            "playbook",
            "run",
            "connection-saturation",
            "--dry-run",
            "-o",
            "json",
        ])
        .args(["--input", "hold=1s", "--input", "settle=1s"])
        .run()
        .success();
    let report = dry.json();
    assert_eq!(report["status"], "ok", "{report}");
    assert!(
        dry.stderr.contains("no org selected: nothing to suspend"),
        "{}",
        dry.stderr
    );

    // restore-tenants: every org quell suspended comes back, batch by batch.
    with_config(&config)
        .args(["--yes", "tenants", "suspend", "1", "2", "3"])
        .run()
        .success();
    let run = with_config(&config)
        .args(["playbook", "run", "restore-tenants", "--yes", "-o", "json"])
        .args([
            "--input",
            "settle=1s",
            "--input",
            "pause=1s",
            "--input",
            "batch=2",
        ])
        .run()
        .success();
    let report = run.json();
    let resumed: Vec<&str> = report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["action"] == "tenants.resume")
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        resumed,
        ["restore[1].resume", "restore[2].resume"],
        "{report}"
    );
    let left = with_config(&config)
        .args(["tenants", "status", "-o", "json"])
        .run()
        .success()
        .json();
    assert_eq!(left["targets"][0]["suspended"], serde_json::json!([]));

    // role-fanout-assessment: read-only, a recommendation from its own measurement.
    let assess = |target_ms: f64| {
        let run = with_config(&config)
            .args(["playbook", "run", "role-fanout-assessment", "-o", "json"])
            .args(["--input", &format!("target_ms={target_ms}")])
            .run()
            .success();
        let report = run.json();
        let step = |id: &str| crate::support::step(&report, id);
        let measured = step("probe")["output"]["targets"][0]["probe"]["first_check_ms"]
            .as_f64()
            .unwrap();
        let message = step("recommend")["output"]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            message.contains("login role app is a member of 120 roles")
                && message.contains(&format!("takes {measured} ms in a new backend")),
            "{message}"
        );
        (measured, message)
    };
    let (measured, message) = assess(20.0);
    assert!(measured <= 20.0, "120 memberships cost {measured} ms");
    assert!(message.contains("no split needed"), "{message}");
    // A target well under what was measured: split ceil(sqrt(measured / target))
    // ways (PostgreSQL 15: the cost grows with the square of the memberships), as
    // this run measured it.
    let target = (measured / 50.0).max(0.001);
    let (measured, message) = assess(target);
    assert!(
        measured > target,
        "{measured} ms against a {target} ms target"
    );
    let ways = (measured / target).sqrt().ceil() as u64;
    assert!(ways > 1, "{measured} / {target}");
    assert!(
        message.contains(&format!("split its roles {ways} ways"))
            && message.contains(&format!(
                "at most {} memberships per login role",
                120u64.div_ceil(ways)
            )),
        "{ways} ways for {measured} ms against {target} ms: {message}"
    );

    // lock-pileup: two blocking trees. The older, smaller one: a transaction holds
    // `side` for 15s while one query waits. The bigger one: an idle transaction
    // holds `ledger`; a transaction that holds `other` waits behind it, and a query
    // on `other` waits behind that (blocker -> waiter -> waiter of waiter). The
    // playbook must act on the root of the biggest tree, not the oldest wait.
    let held = sessions(&app_dsn, 5);
    held.exec(
        0,
        "CREATE TABLE ledger (id int); CREATE TABLE other (id int); CREATE TABLE side (id int)",
    );
    let small_root = held.pid(3);
    let small = held.spawn(
        3,
        "BEGIN; LOCK TABLE side IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(15); COMMIT",
    );
    std::thread::sleep(Duration::from_millis(300));
    let small_waiter = held.spawn(4, "SELECT count(*) FROM side");
    std::thread::sleep(Duration::from_millis(1500));
    let root = held.pid(0);
    held.exec(0, "BEGIN; LOCK TABLE ledger IN ACCESS EXCLUSIVE MODE;");
    let waiter = held.spawn(
        1,
        "BEGIN; LOCK TABLE other IN ACCESS EXCLUSIVE MODE; SELECT count(*) FROM ledger; COMMIT",
    );
    std::thread::sleep(Duration::from_millis(300));
    let waiter_of_waiter = held.spawn(2, "SELECT count(*) FROM other");
    std::thread::sleep(Duration::from_millis(1500));
    let refused = with_config(&config)
        .args(["playbook", "run", "lock-pileup", "--yes"])
        .args(["--input", "min_wait=1s", "--input", "grace=2s"])
        .run()
        .code(3);
    assert!(
        refused
            .stderr
            .contains("a dangerous gate needs --approve terminate"),
        "{}",
        refused.stderr
    );
    let run = with_config(&config)
        .args([
            "playbook",
            "run",
            "lock-pileup",
            "--yes",
            "--approve",
            "terminate",
            "-o",
            "json",
        ])
        .args(["--input", "min_wait=1s", "--input", "grace=2s"])
        .run()
        .success();
    let report = run.json();
    let step = |id: &str| crate::support::step(&report, id);
    let status = |id: &str| step(id)["status"].clone();
    // locks lists the biggest tree first; the playbook acts on its root.
    let trees = step("find")["output"]["targets"][0]["trees"].clone();
    let roots: Vec<i64> = trees
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["pid"].as_i64().unwrap())
        .collect();
    assert_eq!(roots, [i64::from(root), i64::from(small_root)], "{trees}");
    assert_eq!(status("cancel"), "ok");
    assert_eq!(status("grace"), "ok");
    assert!(
        step("after_cancel")["output"]["targets"][0]["waiting"]
            .as_u64()
            .unwrap()
            >= 2,
        "the cancel could not release an idle transaction"
    );
    assert_eq!(status("terminate"), "ok");
    let terminated = step("terminate")["output"].to_string();
    assert!(terminated.contains(&root.to_string()), "{terminated}");
    assert_eq!(status("drained"), "ok");
    assert!(!held.alive(0), "the biggest tree's root was ended");
    for (name, query) in [
        ("the waiter", waiter),
        ("the waiter of the waiter", waiter_of_waiter),
        ("the smaller tree's root", small),
        ("the smaller tree's waiter", small_waiter),
    ] {
        let done = held.runtime.block_on(query).unwrap();
        assert!(done.is_ok(), "{name} went through: {done:?}");
    }
    assert!(held.alive(3), "the smaller tree's root was left alone");
    let notices = std::fs::read_to_string(dir.join("notices.jsonl")).unwrap_or_default();
    // Posted by the refused run, adopted (not posted twice) and resolved by the second.
    assert_eq!(notices.lines().count(), 2, "posted and resolved: {notices}");
    assert_eq!(report["steps"][2]["output"]["adopted"], true);
    sandbox(&dir, &["down"]).success();
}

#[test]
fn a_small_rehearsal_mitigates_and_restores_every_org() {
    let tmp = tempfile::tempdir().unwrap();
    let svg = tmp.path().join("timeline.svg");
    let run = Quell::new()
        .args([
            "rehearse",
            "--orgs",
            "10",
            "--users-per-org",
            "200",
            "-o",
            "json",
        ])
        .args(["--svg", svg.to_str().unwrap()])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.elapsed < Duration::from_secs(90),
        "took {:?}",
        run.elapsed
    );
    let r = run.json();
    for field in [
        "mitigated",
        "restored",
        "mitigation_threshold",
        "mitigation_window_s",
        "time_to_detect_s",
        "time_to_mitigate_s",
        "time_to_restore_s",
        "peak_utilization",
        "final_utilization",
        "orgs_suspended",
        "orgs_restored",
        "relapses",
        "notices",
        "steps",
        "customer",
        "timeline",
        "markers",
        "setup_ms_p50",
    ] {
        assert!(r.get(field).is_some(), "no {field} in {r}");
    }
    assert_eq!(r["mitigated"], true);
    // Mitigated by the rehearsal's own samples: the playbook's calm (0.7) held for
    // the hold the rehearsal gave it (20s) from time_to_mitigate_s on.
    assert_eq!(r["mitigation_threshold"], 0.7);
    assert_eq!(r["mitigation_window_s"], 20.0);
    let from = r["time_to_mitigate_s"].as_f64().unwrap();
    let held: Vec<f64> = r["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            let t = s["t_s"].as_f64().unwrap();
            t >= from - 0.05 && t <= from + 20.0
        })
        .map(|s| s["utilization"].as_f64().unwrap())
        .collect();
    assert!(
        held.len() >= 10 && held.iter().all(|u| *u < 0.7),
        "{from}: {held:?}"
    );
    assert_eq!(r["restored"], true);
    assert!(
        r["peak_utilization"].as_f64().unwrap() >= 0.9,
        "{}",
        r["peak_utilization"]
    );
    assert!(r["final_utilization"].as_f64().unwrap() < 0.7);
    assert!(r["time_to_detect_s"].as_f64().unwrap() <= 10.0);
    assert_eq!(r["orgs_suspended"], serde_json::json!(["1"]));
    assert_eq!(r["orgs_restored"], r["orgs_suspended"]);
    let posted: Vec<&str> = r["notices"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["event"].as_str())
        .collect();
    assert_eq!(posted, ["post", "update", "resolve"], "{}", r["notices"]);
    let phases: Vec<&str> = r["customer"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(
        phases.contains(&"mitigated") && phases.last() == Some(&"after"),
        "{phases:?}"
    );
    let mitigated = r["customer"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "mitigated")
        .unwrap();
    assert!(
        mitigated["refused"].as_u64().unwrap() > 0,
        "the suspended org's requests are refused: {mitigated}"
    );
    assert!(
        mitigated["served"].as_u64().unwrap() > 0,
        "the others are served: {mitigated}"
    );
    assert_eq!(r["steps"]["status"], "ok");
    // Per second, the requests that started in it: never more served than
    // attempted, the failures by kind, latency where something was served.
    let seconds = r["seconds"].as_array().unwrap();
    let n = |s: &serde_json::Value, k: &str| {
        s[k].as_u64()
            .unwrap_or_else(|| panic!("no {k} in a second: {s}"))
    };
    let mut served_seconds = 0;
    for s in seconds {
        assert!(
            n(s, "served") + n(s, "refused") + n(s, "failed") <= n(s, "attempted"),
            "{s}"
        );
        assert_eq!(
            n(s, "failed"),
            n(s, "too_many_clients") + n(s, "timeouts") + n(s, "other"),
            "{s}"
        );
        if n(s, "served") > 0 {
            served_seconds += 1;
            let (p50, p99, setup) = (
                s["p50_ms"].as_f64().unwrap(),
                s["p99_ms"].as_f64().unwrap(),
                s["setup_p50_ms"].as_f64().unwrap(),
            );
            assert!(0.0 < p50 && p50 <= p99 && setup <= p99, "{s}");
        } else {
            assert!(s["p50_ms"].is_null() && s["setup_p50_ms"].is_null(), "{s}");
        }
    }
    assert!(served_seconds * 2 > seconds.len(), "{seconds:?}");
    for p in r["customer"].as_array().unwrap() {
        assert_eq!(
            n(p, "failed"),
            n(p, "too_many_clients") + n(p, "timeouts") + n(p, "other"),
            "{p}"
        );
    }
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));
    assert!(
        r.get("sandbox").is_none(),
        "the rehearsal's sandbox is removed"
    );
}

#[test]
fn split_seeds_k_login_roles_each_a_member_of_its_share_only() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sb");
    let flags = ["up", "--orgs", "6", "--users-per-org", "5", "--split", "2"];
    let mut flags = flags.to_vec();
    flags.extend(["--max-connections", "20", "-o", "json"]);
    let status = sandbox(&dir, &flags).success().json();
    assert_eq!(status["scenario"]["split"], 2, "{status}");
    let cluster = quell::sandbox::Cluster::attach(&dir).unwrap();
    let members = |login: &str| {
        cluster
            .psql(
                "app",
                &format!(
                    "select string_agg(r.rolname, ',' order by r.rolname) \
                       from pg_auth_members m join pg_roles r on r.oid = m.roleid \
                      where m.member = '{login}'::regrole"
                ),
            )
            .unwrap()
            .trim()
            .to_string()
    };
    let share = |orgs: [u32; 3]| {
        let mut roles: Vec<String> = orgs
            .iter()
            .flat_map(|o| (1..=5).map(move |u| format!("org_{o}_u{u}")))
            .collect();
        roles.sort();
        roles.join(",")
    };
    assert_eq!(members("app_1"), share([1, 3, 5]));
    assert_eq!(members("app_2"), share([2, 4, 6]));
    let logins = cluster
        .psql(
            "app",
            "select string_agg(rolname, ',' order by rolname) from pg_roles \
              where rolcanlogin and rolname like 'app%'",
        )
        .unwrap();
    assert_eq!(logins.trim(), "app_1,app_2", "no unsplit app role");
    sandbox(&dir, &["down"]).success();
}

#[test]
fn a_short_split_rehearsal_shows_both_layouts_side_by_side() {
    let run = Quell::new()
        .args([
            "rehearse",
            "--split",
            "2",
            "--orgs",
            "4",
            "--users-per-org",
            "5",
        ])
        .args(["--max-connections", "20", "--bug", "1s", "-o", "json"])
        .run();
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let r = run.json();
    let layouts = r["layouts"].as_array().unwrap();
    let shape: Vec<(u64, u64)> = layouts
        .iter()
        .map(|l| (l["split"].as_u64().unwrap(), l["fan_out"].as_u64().unwrap()))
        .collect();
    assert_eq!(shape, [(1, 20), (2, 10)], "{r}");
    for l in layouts {
        let peak = l["peak_utilization"].as_f64().unwrap();
        assert!(peak > 0.0 && peak <= 1.0, "{l}");
        assert_eq!(l["saturated"], peak >= 0.95, "{l}");
        assert!(l["setup_ms_quiet"].as_f64().unwrap() > 0.0, "{l}");
        assert!(l["setup_ms_p50"].as_f64().unwrap() > 0.0, "{l}");
        assert!(l["served"].as_u64().unwrap() > 0, "{l}");
    }
    assert_eq!(run.code == 0, !layouts[1]["saturated"].as_bool().unwrap());
}

#[test]
fn rehearse_refuses_a_playbook_with_split_instead_of_ignoring_it() {
    let run = Quell::new()
        .args(["rehearse", "lock-pileup", "--split", "2", "--orgs", "4"])
        .run()
        .code(2);
    assert!(
        run.stderr.contains(
            "--split 2 compares two layouts under the storm and runs no playbook: leave out PLAYBOOK (lock-pileup) or --split"
        ) && run.stderr.trim().lines().count() == 1,
        "{}",
        run.stderr
    );
}

#[test]
fn every_shipped_playbook_validates_by_name_and_carries_the_schema_modeline() {
    let listed = Quell::new()
        .args(["playbook", "list", "-o", "json"])
        .run()
        .success()
        .json();
    let names: Vec<String> = listed["playbooks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["source"] == "shipped")
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "connection-saturation",
            "restore-tenants",
            "lock-pileup",
            "role-fanout-assessment"
        ]
    );
    for name in &names {
        let run = Quell::new()
            .args(["playbook", "validate", name])
            .run()
            .success();
        assert_eq!(run.stdout.trim(), format!("{name}: ok"));
        let shown = Quell::new()
            .args(["playbook", "show", name])
            .run()
            .success();
        assert!(
            shown
                .stdout
                .starts_with("# yaml-language-server: $schema=./schema.json"),
            "{name}: {}",
            shown.stdout
        );
    }
}
