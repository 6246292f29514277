//! `quell playbook`: validation with positions, gates that fail closed, dry runs that
//! change nothing yet keep outputs defined, waits with hysteresis, `always:` after a
//! failure and after SIGINT, the same JSON as the CLI, and the schema in step.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use crate::support::{sessions, wait_for, Db, Quell};
use crate::tenants::{quell as tenants_quell, role, role_state, seed};

/// A tenants + jobs config on a fresh database with 3 orgs, jobs and a `marks` table
/// that steps write to; `quell init` done.
pub fn setup(prefix: &str) -> (Db, String) {
    let db = Db::new(prefix);
    let cfg = seed(&db, &db.dsn(), 3, 1, "app_flag, connection_limit");
    db.psql(
        "CREATE TABLE marks (what text);
         CREATE TABLE app_jobs (name text PRIMARY KEY, schedule text, enabled boolean NOT NULL);
         INSERT INTO app_jobs VALUES ('billing', '@daily', true), ('digest', '@hourly', true);",
    );
    let cfg = format!("{cfg}{}", crate::jobs::sql::SQL_CONFIG);
    tenants_quell(&cfg).args(["init"]).run().success();
    (db, cfg)
}

pub fn marks(db: &Db) -> String {
    db.psql("SELECT coalesce(string_agg(what, ',' ORDER BY ctid), '') FROM marks")
        .trim()
        .to_string()
}

fn with_book(cfg: &str, book: &str) -> Quell {
    tenants_quell(cfg).file("book.yaml", book, 0o644)
}

/// `playbook validate` of `book` exits 2 with exactly these problem lines (each
/// starting so), in this order.
fn validate_says(book: &str, expect: &[&str]) -> crate::support::Run {
    let run = Quell::new()
        .file("bad.yaml", book, 0o644)
        .args(["playbook", "validate", "bad.yaml"])
        .run()
        .code(2);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), expect.len(), "{}", run.stderr);
    for (line, want) in lines.iter().zip(expect) {
        assert!(
            line.starts_with(want),
            "want {want:?}\ngot  {line:?}\nall:\n{}",
            run.stderr
        );
    }
    run
}

#[test]
fn validate_reports_every_problem_with_its_line_and_column_in_one_run() {
    let book = "\
version: 1
name: broken
inputs:
  n: {type: int, default: 2}
steps:
  - id: assess
    timeot: 5s
    action: doctor
  - id: notice
    action: log
    when: \"steps.assess.output.worst ==\"
    with: {message: hi}
  - id: early
    action: log
    with: {message: \"{{ steps.late.status }}\"}
  - id: late
    action: tenants.suspendd
  - id: count
    action: tenants.resume
    with: {orgs: [\"1\"], bacth: 2}
";
    let run = validate_says(
        book,
        &[
            "quell: error: bad.yaml:7:5: steps[0].timeot: unknown field `timeot`, expected one of",
            "quell: error: bad.yaml:11:5: step notice: when: does not parse",
            "quell: error: bad.yaml:15:5: step early: with: steps.late runs later",
            "quell: error: bad.yaml:17:5: step late: unknown action \"tenants.suspendd\"",
            "quell: error: bad.yaml:20:25: step count: with: bacth: unknown field `bacth`",
        ],
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);

    // Problems outside the steps do not hide the steps' (or each other's), and each
    // is at its own key: a misspelt input field, a default outside its choices, vars
    // naming what does not exist, an unknown top-level key, a step id used twice (at
    // the second use), a step's field that is not there.
    let book = "\
version: 1
name: broken
inputs:
  n: {type: int, defualt: 3}
  mode: {type: string, default: c, choices: [a, b]}
vars:
  v: \"{{ inputs.zzz }}\"
  w: \"{{ run.started }}\"
bogus: 1
steps:
  - id: a
    action: log
    with: {message: hi}
  - id: a
    action: sql
    with: {query: \"select 1\", wrong: 2}
  - id: c
    action: log
    with: {message: \"{{ steps.a.outputs }}\"}
";
    validate_says(
        book,
        &[
            "quell: error: bad.yaml:4:18: inputs.n.defualt: unknown field `defualt`, expected one of `type`, `default`",
            "quell: error: bad.yaml:5:24: inputs.mode.default: \"c\" is not one of \"a\", \"b\"",
            "quell: error: bad.yaml:7:3: vars.v: inputs.zzz is not a declared input",
            "quell: error: bad.yaml:8:3: vars.w: run.started is not defined: run has id, dry_run, started_at, targets",
            "quell: error: bad.yaml:9:1: unknown field `bogus`, expected one of `version`, `name`",
            "quell: error: bad.yaml:14:5: step a: duplicate step id",
            "quell: error: bad.yaml:16:31: step a: with: wrong: unknown field `wrong`",
            "quell: error: bad.yaml:19:5: step c: with: steps.a.outputs: a step has `output` and `status`",
        ],
    );
}

#[test]
fn validate_checks_what_a_broken_step_holds_and_a_waits_own_check() {
    // A step that does not parse still counts by its id (a repeat is a duplicate, a
    // reference to it is fine), its foreach steps are checked, and a wait's
    // check_with is checked against its check's request.
    let book = "\
version: 1
name: broken
steps:
  - id: usage
    action: connections
    timeout: [1]
  - id: usage
    action: log
    with: {message: \"{{ steps.usage.status }}\"}
  - id: loop
    foreach: [1, 2]
    pause_between: never
    steps:
      - id: inner
        action: log
        wiht: {message: hi}
  - id: wait
    action: wait_until
    with:
      check: activity
      check_with: {min_wiat: 5s}
      until: \"true\"
      for: soon
";
    validate_says(
        book,
        &[
            "quell: error: bad.yaml:6:5: steps[0].timeout: invalid type: sequence, expected a duration",
            "quell: error: bad.yaml:7:5: step usage: duplicate step id",
            "quell: error: bad.yaml:12:5: steps[2].pause_between: invalid duration \"never\"",
            "quell: error: bad.yaml:16:9: steps[2].steps[0].wiht: unknown field `wiht`",
            "quell: error: bad.yaml:21:7: step wait: with.check_with: min_wiat: unknown field `min_wiat`",
            "quell: error: bad.yaml:23:7: step wait: with: for: invalid duration \"soon\"",
        ],
    );
}

#[test]
fn every_action_request_rejects_an_unknown_field() {
    let schema = Quell::new()
        .args(["playbook", "schema"])
        .run()
        .success()
        .json();
    let actions: Vec<String> = schema["x-quell-actions"]
        .as_object()
        .expect("x-quell-actions")
        .keys()
        .cloned()
        .collect();
    assert!(actions.len() >= 17, "{actions:?}");
    let mut book = String::from("version: 1\nname: all\nsteps:\n");
    for (i, action) in actions.iter().enumerate() {
        book.push_str(&format!(
            "  - id: s{i}\n    action: {action}\n    with: {{zzz: 1}}\n"
        ));
    }
    let run = Quell::new()
        .file("all.yaml", &book, 0o644)
        .args(["playbook", "validate", "all.yaml"])
        .run()
        .code(2);
    for (i, action) in actions.iter().enumerate() {
        let at = format!("all.yaml:{}:", 6 + 3 * i);
        let line = run.stderr.lines().find(|l| l.contains(&at));
        assert!(
            line.is_some_and(|l| l.contains("unknown field `zzz`")),
            "{action}: no unknown-field error at {at}\n{}",
            run.stderr
        );
    }
}

const GATES: &str = "\
# yaml-language-server: $schema=../playbooks/schema.json
version: 1
name: gates
inputs:
  org: {type: string, default: \"1\"}
steps:
  - id: first
    action: sql
    with: {query: \"insert into marks values ('first')\", write: true}
  - id: normal_gate
    action: sql
    confirm: {prompt: \"mark normal?\"}
    with: {query: \"insert into marks values ('normal')\", write: true}
  - id: danger
    action: tenants.suspend
    confirm: {prompt: \"suspend org {{ inputs.org }}?\", level: dangerous}
    with: {orgs: [\"{{ inputs.org }}\"], reason: drill}
  - id: last
    action: sql
    with: {query: \"insert into marks values ('last')\", write: true}
always:
  - id: cleanup
    action: sql
    with: {query: \"insert into marks values ('always')\", write: true}
";

#[test]
fn gates_fail_closed_off_a_terminal_and_yes_does_not_cover_a_dangerous_one() {
    let (db, cfg) = setup("pb_gates");
    let suspended = || {
        db.psql("SELECT count(*) FROM orgs WHERE suspended")
            .trim()
            .to_string()
    };

    let run = with_book(&cfg, GATES)
        .args(["playbook", "run", "book.yaml"])
        .run()
        .code(3);
    assert!(
        run.stderr.contains("step normal_gate: refusing"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("pass --yes or --approve normal_gate"),
        "{}",
        run.stderr
    );
    assert_eq!(marks(&db), "first,always");
    assert_eq!(suspended(), "0");

    db.psql("DELETE FROM marks");
    let run = with_book(&cfg, GATES)
        .args(["playbook", "run", "book.yaml", "--yes", "-o", "json"])
        .run()
        .code(3);
    assert!(
        run.stderr.contains("needs --approve danger"),
        "{}",
        run.stderr
    );
    let report = run.json();
    assert_eq!(report["status"], "refused");
    let status: Vec<(String, String)> = report["steps"]
        .as_array()
        .expect("an array")
        .iter()
        .map(|s| {
            (
                s["id"].as_str().expect("a string").to_string(),
                s["status"].as_str().expect("a string").to_string(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = [
        ("first", "ok"),
        ("normal_gate", "ok"),
        ("danger", "refused"),
        ("cleanup", "ok"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(status, want);
    assert_eq!(marks(&db), "first,normal,always");
    assert_eq!(suspended(), "0");
    assert_eq!(
        db.psql("SELECT count(*) FROM quell.suspensions").trim(),
        "0"
    );

    db.psql("DELETE FROM marks");
    let run = with_book(&cfg, GATES)
        .args([
            "playbook",
            "run",
            "book.yaml",
            "--yes",
            "--approve",
            "danger",
            "--input",
            "org=2",
        ])
        .run()
        .success();
    assert!(run.stdout.contains("playbook gates run"), "{}", run.stdout);
    assert_eq!(marks(&db), "first,normal,last,always");
    assert_eq!(
        db.psql("SELECT string_agg(id::text, ',') FROM orgs WHERE suspended")
            .trim(),
        "2"
    );
    assert_eq!(
        db.psql("SELECT reason FROM quell.suspensions").trim(),
        "drill"
    );
}

#[test]
fn a_dry_run_changes_nothing_prints_the_sql_and_keeps_outputs_defined() {
    let (db, cfg) = setup("pb_dry");
    let _busy = sessions(&db.dsn_as(&role(&db, 3, 1)), 2);
    let book = "\
version: 1
name: dry
steps:
  - id: suspend
    action: tenants.suspend
    confirm: {prompt: \"suspend the top org?\", level: dangerous}
    with: {top: 1, by: connections, reason: load}
  - id: pause
    action: jobs.pause
    with: {non_essential: true}
  - id: said
    action: log
    when: \"steps.suspend.output.targets[0].orgs | length > 0\"
    with: {message: \"would suspend {{ steps.suspend.output.targets[0].orgs[0].org }} and pause {{ steps.pause.output.targets[0].jobs | length }}\"}
  - id: mark
    action: sql
    with: {query: \"insert into marks values ('dry')\", write: true}
  - id: schema
    action: init
";
    let jobs = || {
        db.psql("SELECT string_agg(name || '=' || enabled, ' ' ORDER BY name) FROM app_jobs")
            .trim()
            .to_string()
    };
    let roles = || role_state(&db, &role(&db, 3, 1));
    let (jobs_before, roles_before) = (jobs(), roles());
    let run = with_book(&cfg, book)
        .args(["playbook", "run", "book.yaml", "--dry-run"])
        .run()
        .success();
    assert!(
        run.stdout
            .contains("update orgs set suspended = true where id = $1::int"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("update app_jobs set enabled = false where name = $1"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("gate (dangerous level; dry run, not asked): suspend the top org?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("said: would suspend 3 and pause 1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("(dry run: nothing was changed)"),
        "{}",
        run.stdout
    );
    // A write through sql prints its statement and is dry_run, not ok; init says
    // what it would do and fails nothing.
    assert!(
        run.stdout
            .contains("-- main (dry run: nothing is changed)\n  insert into marks values ('dry')"),
        "{}",
        run.stdout
    );
    let report = with_book(&cfg, book)
        .args(["playbook", "run", "book.yaml", "--dry-run", "-o", "json"])
        .run()
        .success()
        .json();
    let status = |id: &str| crate::support::step(&report, id)["status"].clone();
    assert_eq!(status("mark"), "dry_run", "{report}");
    assert_eq!(status("schema"), "dry_run", "{report}");
    assert_eq!(marks(&db), "");
    assert_eq!(jobs(), jobs_before);
    assert_eq!(roles(), roles_before);
    assert_eq!(
        db.psql("SELECT count(*) FROM orgs WHERE suspended").trim(),
        "0"
    );
    for table in ["quell.suspensions", "quell.job_pauses", "quell.actions"] {
        assert_eq!(
            db.psql(&format!("SELECT count(*) FROM {table}")).trim(),
            "0",
            "{table}"
        );
    }
}

#[test]
fn wait_until_needs_the_condition_to_hold_for_its_window_and_abort_if_stops_the_run() {
    let (db, cfg) = setup("pb_wait");
    let book = "\
version: 1
name: wait
steps:
  - id: settle
    action: wait_until
    with: {check: connections, until: \"utilization < 2\", for: 1500ms, interval: 200ms, timeout: 20s}
";
    let run = with_book(&cfg, book)
        .args(["playbook", "run", "book.yaml", "-o", "json"])
        .run()
        .success();
    let report = run.json();
    for field in [
        "run_id",
        "playbook",
        "inputs",
        "dry_run",
        "status",
        "started_at",
        "finished_at",
        "steps",
    ] {
        assert!(report.get(field).is_some(), "{field} missing: {report}");
    }
    let step = &report["steps"][0];
    for field in [
        "id",
        "action",
        "status",
        "started_at",
        "duration_s",
        "attempts",
        "output",
    ] {
        assert!(step.get(field).is_some(), "{field} missing: {step}");
    }
    let samples = step["output"]["samples"].as_array().expect("an array");
    assert!(
        samples.len() >= 7,
        "a single good sample passed: {samples:?}"
    );
    assert_eq!(samples[0]["held_s"], 0.0);
    assert!(samples
        .iter()
        .all(|s| s["until"] == true && s["utilization"].is_number()));
    assert!(
        step["duration_s"].as_f64().expect("a number") >= 1.5,
        "{step}"
    );

    // Held only once before the timeout: not passed, exit 1.
    let short = book.replace("timeout: 20s", "timeout: 500ms");
    let run = with_book(&cfg, &short)
        .args(["playbook", "run", "book.yaml"])
        .run()
        .code(1);
    assert!(
        run.stderr
            .contains("did not hold for 1s 500ms within 500ms"),
        "{}",
        run.stderr
    );
    // The wait keeps its own timeout under a shorter defaults.timeout, and a step
    // timeout no longer than the wait's is still a wait that timed out: exit 1.
    let never = book.replace("utilization < 2", "utilization > 2");
    let under_defaults = never
        .replace("timeout: 20s", "timeout: 1500ms")
        .replace("steps:", "defaults: {timeout: 500ms}\nsteps:");
    let run = with_book(&cfg, &under_defaults)
        .args(["playbook", "run", "book.yaml"])
        .run()
        .code(1);
    assert!(run.stderr.contains("within 1s 500ms"), "{}", run.stderr);
    let step_timeout = never
        .replace("timeout: 20s", "timeout: 800ms")
        .replace("    with: {check", "    timeout: 800ms\n    with: {check");
    let run = with_book(&cfg, &step_timeout)
        .args(["playbook", "run", "book.yaml"])
        .run()
        .code(1);
    assert!(run.stderr.contains("within 800ms"), "{}", run.stderr);

    let abort = "\
version: 1
name: abort
steps:
  - id: settle
    action: wait_until
    with: {check: doctor, until: \"false\", abort_if: \"worst == 'ok' or severity_at_least(worst, 'info')\", interval: 100ms, timeout: 20s}
  - id: after
    action: sql
    with: {query: \"insert into marks values ('after')\", write: true}
always:
  - id: note
    action: sql
    with: {query: \"insert into marks values ('always')\", write: true}
";
    let run = with_book(&cfg, abort)
        .args(["playbook", "run", "book.yaml", "-o", "json"])
        .run()
        .code(1);
    assert!(run.stderr.contains("abort_if"), "{}", run.stderr);
    assert_eq!(run.json()["status"], "failed");
    assert_eq!(marks(&db), "always");
}

#[test]
fn always_runs_after_a_failed_step_and_after_sigint_which_exits_130() {
    let (db, cfg) = setup("pb_always");
    let failing = "\
version: 1
name: failing
steps:
  - id: broken
    action: sql
    with: {query: \"select * from no_such_table\"}
  - id: never
    action: sql
    with: {query: \"insert into marks values ('never')\", write: true}
always:
  - id: cleanup
    action: sql
    with: {query: \"insert into marks values ('always')\", write: true}
";
    let run = with_book(&cfg, failing)
        .args(["playbook", "run", "book.yaml"])
        .run()
        .code(2);
    // A run whose steps pass but whose `always:` step fails is an error too.
    let tail = "\
version: 1
name: tail
steps:
  - id: fine
    action: log
    with: {message: fine}
always:
  - id: broken
    action: sql
    with: {query: \"select * from no_such_table\"}
";
    let run2 = with_book(&cfg, tail)
        .args(["playbook", "run", "book.yaml"])
        .run()
        .code(2);
    assert!(
        run2.stderr.contains("always step broken (sql): failed"),
        "{}",
        run2.stderr
    );
    assert!(run.stderr.contains("no_such_table"), "{}", run.stderr);
    assert_eq!(marks(&db), "always");

    db.psql("DELETE FROM marks");
    let long = "\
version: 1
name: long
steps:
  - id: suspend
    action: tenants.suspend
    with: {orgs: ['1']}
  - id: started
    action: sql
    with: {query: \"insert into marks values ('started')\", write: true}
  - id: nap
    action: sleep
    with: {for: 60s}
  - id: never
    action: sql
    with: {query: \"insert into marks values ('never')\", write: true}
always:
  - id: cleanup
    action: sql
    with: {query: \"insert into marks values ('always')\", write: true}
  - id: restore
    action: tenants.resume
    with: {orgs: ['1']}
";
    let spawned = with_book(&cfg, long)
        .args(["playbook", "run", "book.yaml"])
        .spawn();
    wait_for(&db, "SELECT count(*) FROM marks", "1");
    std::thread::sleep(Duration::from_millis(200));
    spawned.signal(nix::sys::signal::Signal::SIGINT);
    let run = spawned.finish(Duration::from_secs(20));
    assert_eq!(run.code, 130, "{}", run.stderr);
    assert!(
        run.stderr.contains("interrupted by SIGINT"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("1 step not run: never"),
        "{}",
        run.stderr
    );
    // The first signal does not stop an always step's items: org 1 is resumed.
    assert!(
        run.stderr
            .contains("always step restore (tenants.resume): ok"),
        "{}",
        run.stderr
    );
    assert_eq!(
        db.psql("SELECT count(*) FROM orgs WHERE suspended").trim(),
        "0"
    );
    assert!(
        run.stderr.contains("quell playbook resume "),
        "{}",
        run.stderr
    );
    assert_eq!(marks(&db), "started,always");
}

#[test]
fn a_playbook_step_gives_the_same_json_as_the_cli() {
    let (db, cfg) = setup("pb_same");
    tenants_quell(&cfg)
        .args(["tenants", "suspend", "2", "--yes"])
        .run()
        .success();
    let book = "\
version: 1
name: same
steps:
  - id: status
    action: tenants.status
  - id: jobs
    action: jobs.list
  - id: locks
    action: locks
";
    let run = with_book(&cfg, book)
        .args(["playbook", "run", "book.yaml", "-o", "json"])
        .run()
        .success();
    let report = run.json();
    for (i, args) in [["tenants", "status"], ["jobs", "list"], ["locks", "-o"]]
        .iter()
        .enumerate()
    {
        let mut argv: Vec<&str> = args.iter().copied().filter(|a| *a != "-o").collect();
        argv.extend(["-o", "json"]);
        let cli = tenants_quell(&cfg).args(&argv).run().success().json();
        assert_eq!(report["steps"][i]["output"], cli, "{argv:?}");
    }
    assert_eq!(
        db.psql("SELECT count(*) FROM quell.suspensions").trim(),
        "1"
    );
}

#[test]
fn the_committed_schema_matches_the_types() {
    let run = Quell::new().args(["playbook", "schema"]).run().success();
    let committed = std::fs::read_to_string(format!(
        "{}/playbooks/schema.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_default();
    assert!(
        committed == run.stdout,
        "playbooks/schema.json is out of date; regenerate with: cargo run -q -- playbook schema > playbooks/schema.json"
    );
}

#[test]
fn runs_lists_each_run_newest_first_with_where_it_stopped() {
    let (db, cfg) = setup("pb_runs");
    let state = tempfile::tempdir().expect("a temp dir");
    let run = |extra: &[&str], code: i32, id: &str| {
        let mut args = vec!["playbook", "run", "book.yaml"];
        args.extend(extra);
        with_book(&cfg, GATES)
            .env("XDG_STATE_HOME", state.path())
            .env("QUELL_RUN_ID", id)
            .env("QUELL_ACTOR", "oncall")
            .args(&args)
            .run()
            .code(code);
    };
    run(&["--dry-run"], 0, "r-dry");
    std::thread::sleep(Duration::from_millis(20));
    run(&[], 3, "r-first");
    std::thread::sleep(Duration::from_millis(20));
    run(&["--yes", "--approve", "danger"], 0, "r-second");
    let listed = Quell::new()
        .env("XDG_STATE_HOME", state.path())
        .args(["playbook", "runs", "-o", "json"])
        .run()
        .success()
        .json();
    let runs = listed["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 3, "{listed}");
    assert_eq!(runs[0]["run_id"], "r-second");
    assert_eq!(runs[0]["status"], "ok");
    assert_eq!(runs[0]["dry_run"], false);
    assert_eq!(runs[0]["stopped_at"], serde_json::Value::Null);
    assert_eq!(runs[1]["run_id"], "r-first");
    assert_eq!(runs[1]["status"], "refused");
    assert_eq!(runs[1]["stopped_at"], "normal_gate");
    assert_eq!(runs[2]["run_id"], "r-dry");
    assert_eq!(runs[2]["dry_run"], true);
    let table = Quell::new()
        .env("XDG_STATE_HOME", state.path())
        .args(["playbook", "runs"])
        .run()
        .success();
    assert!(table.stdout.contains("ok (dry run)"), "{}", table.stdout);
    for field in ["playbook", "actor", "started_at"] {
        assert!(runs[1][field].is_string(), "{field}: {listed}");
    }
    assert_eq!(runs[1]["actor"], "oncall");
    // The journal lines carry the rendered request of each step.
    let journal =
        std::fs::read_to_string(state.path().join("quell/runs/r-second.jsonl")).expect("journal");
    assert!(
        journal.contains(r#""request":{"orgs":["1"],"reason":"drill"}"#),
        "{journal}"
    );
    assert_eq!(
        db.psql("SELECT count(DISTINCT run_id) FROM quell.suspensions")
            .trim(),
        "1"
    );
    assert_eq!(
        db.psql("SELECT run_id FROM quell.suspensions").trim(),
        "r-second"
    );
}

#[test]
fn resume_after_kill_9_never_repeats_a_finished_write_step_and_completes() {
    let (db, cfg) = setup("pb_resume");
    let state = tempfile::tempdir().expect("a temp dir");
    let book = "\
version: 1
name: resumable
steps:
  - id: suspend
    action: tenants.suspend
    with: {orgs: [\"1\"], reason: first}
  - id: mark1
    action: sql
    with: {query: \"insert into marks values ('mark1')\", write: true}
  - id: hold
    action: wait_until
    with: {check: sql, check_with: {query: \"select count(*) as n from marks where what = 'go'\"},
           until: \"output.targets[0].rows[0].n > 0\", interval: 100ms, timeout: 60s}
  - id: suspend2
    action: tenants.suspend
    with: {orgs: [\"2\"], reason: second}
  - id: mark2
    action: sql
    with: {query: \"insert into marks values ('mark2')\", write: true}
";
    let spawned = with_book(&cfg, book)
        .env("XDG_STATE_HOME", state.path())
        .env("QUELL_RUN_ID", "r-killed")
        .args(["playbook", "run", "book.yaml"])
        .spawn();
    wait_for(&db, "SELECT count(*) FROM marks", "1");
    std::thread::sleep(Duration::from_millis(300));
    spawned.signal(nix::sys::signal::Signal::SIGKILL);
    let killed = spawned.finish(Duration::from_secs(10));
    assert_eq!(killed.signal, Some(9), "{}", killed.stderr);
    let listed = Quell::new()
        .env("XDG_STATE_HOME", state.path())
        .args(["playbook", "runs", "-o", "json"])
        .run()
        .success()
        .json();
    assert_eq!(listed["runs"][0]["status"], "unfinished", "{listed}");
    assert_eq!(listed["runs"][0]["stopped_at"], "hold", "{listed}");

    db.psql("INSERT INTO marks VALUES ('go')");
    let resumed = tenants_quell(&cfg)
        .env("XDG_STATE_HOME", state.path())
        .args(["playbook", "resume", "r-killed", "-o", "json"])
        .run()
        .success();
    assert!(
        resumed
            .stderr
            .contains("step suspend (tenants.suspend): ok before the resume, not repeated"),
        "{}",
        resumed.stderr
    );
    assert!(
        resumed
            .stderr
            .contains("step mark1 (sql): ok before the resume, not repeated"),
        "{}",
        resumed.stderr
    );
    assert_eq!(resumed.json()["status"], "ok");
    assert_eq!(marks(&db), "mark1,go,mark2");
    assert_eq!(db.psql("SELECT string_agg(org || ':' || reason || ':' || run_id, ' ' ORDER BY org) FROM quell.suspensions").trim(), "1:first:r-killed 2:second:r-killed");
    assert_eq!(
        db.psql("SELECT count(*) FROM quell.actions WHERE kind = 'tenant.suspend'")
            .trim(),
        "2"
    );
    assert_eq!(
        db.psql("SELECT string_agg(id::text, ',' ORDER BY id) FROM orgs WHERE suspended")
            .trim(),
        "1,2"
    );
    // A finished run is not resumed again.
    let again = tenants_quell(&cfg)
        .env("XDG_STATE_HOME", state.path())
        .args(["playbook", "resume", "r-killed"])
        .run()
        .code(2);
    assert!(
        again.stderr.contains("already finished ok"),
        "{}",
        again.stderr
    );
}

#[test]
fn retry_takes_effect_and_a_retry_that_cannot_is_refused_by_validate() {
    let (db, cfg) = setup("pb_retry");
    let state = tempfile::tempdir().expect("a temp dir");
    let book = "\
version: 1
name: retry
steps:
  - id: flaky
    action: sql
    with: {query: \"select 1/(select count(*) from marks) as x\"}
    retry: {attempts: 30, delay: 100ms, on: [error]}
";
    let spawned = with_book(&cfg, book)
        .env("XDG_STATE_HOME", state.path())
        .env("QUELL_RUN_ID", "r-retry")
        .args(["playbook", "run", "book.yaml", "-o", "json"])
        .spawn();
    std::thread::sleep(Duration::from_millis(500));
    db.psql("INSERT INTO marks VALUES ('now it works')");
    let run = spawned.finish(Duration::from_secs(20));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("division by zero"), "{}", run.stderr);
    let report = run.json();
    let attempts = report["steps"][0]["attempts"].as_u64().expect("attempts");
    assert!((2..30).contains(&attempts), "{report}");
    assert_eq!(
        report["steps"][0]["output"]["targets"][0]["rows"][0]["x"],
        1
    );
    let journal =
        std::fs::read_to_string(state.path().join("quell/runs/r-retry.jsonl")).expect("journal");
    assert_eq!(
        journal.matches("\"step_started\"").count() as u64,
        attempts,
        "{journal}"
    );

    let bad = "\
version: 1
name: bad
steps:
  - id: once
    action: tenants.status
    retry: {attempts: 1}
  - id: nap
    action: sleep
    with: {for: 1s}
    retry: {attempts: 3}
  - id: write
    action: sql
    with: {query: \"delete from marks\", write: true}
    retry: {attempts: 3, on: [lost]}
";
    let run = Quell::new()
        .file("bad.yaml", bad, 0o644)
        .args(["playbook", "validate", "bad.yaml"])
        .run()
        .code(2);
    assert!(
        run.stderr
            .contains("bad.yaml:6:5: step once: retry: attempts: 1 is no retry"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("bad.yaml:10:5: step nap: retry: sleep does not fail"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("unknown variant `lost`"),
        "{}",
        run.stderr
    );
}

/// The action table in docs/playbooks.md lists every action with its effect and request fields
/// as the schema has them (required ones marked, non-empty defaults shown).
#[test]
fn the_docs_list_every_action_with_its_request_fields() {
    let schema: serde_json::Value = Quell::new()
        .args(["playbook", "schema"])
        .run()
        .success()
        .json();
    let readme =
        std::fs::read_to_string(format!("{}/docs/playbooks.md", env!("CARGO_MANIFEST_DIR")))
            .expect("reading docs/playbooks.md");
    let defs = &schema["definitions"];
    let actions = schema["x-quell-actions"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    assert!(actions.len() >= 22, "{}", actions.len());
    for (name, action) in actions {
        let mut request = action["request"].clone();
        if let Some(r) = request["$ref"].as_str() {
            request = defs[r.rsplit('/').next().unwrap_or("")].clone();
        }
        let required: Vec<&str> = request["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str())
            .collect();
        let mut props: Vec<(&String, &serde_json::Value)> = request["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .collect();
        props.sort_by_key(|(k, _)| k.as_str());
        let fields: Vec<String> = props
            .into_iter()
            .map(|(k, p)| {
                let default = &p["default"];
                let shown = !default.is_null()
                    && default != &serde_json::json!([])
                    && default != &serde_json::json!(false)
                    && default != &serde_json::json!({});
                if required.contains(&k.as_str()) {
                    format!("`{k}` (required)")
                } else if shown {
                    format!("`{k}` = {default}")
                } else {
                    format!("`{k}`")
                }
            })
            .collect();
        let fields = if fields.is_empty() {
            "—".to_string()
        } else {
            fields.join(", ")
        };
        let row = format!(
            "| `{name}` | {} | {fields} |",
            action["effect"].as_str().unwrap_or("")
        );
        assert!(
            readme.contains(&row),
            "docs/playbooks.md lacks the row\n{row}"
        );
    }
}

/// `min`/`max` bound int and float inputs: a value outside is refused before
/// anything runs, a default outside or a bound on another type fails validate.
#[test]
fn input_bounds_are_enforced_and_misplaced_ones_refused() {
    let book = "\
version: 1
name: bounded
inputs:
  n: {type: int, default: 2, min: 1, max: 5}
steps:
  - id: say
    action: log
    with: {message: \"{{ inputs.n }}\"}
";
    let run = |input: &str| {
        Quell::new()
            .file("book.yaml", book, 0o644)
            .args(["playbook", "run", "book.yaml", "--input", input])
            .run()
    };
    let low = run("n=0").code(2);
    assert!(
        low.stderr.contains("--input n: 0 is below its minimum 1"),
        "{}",
        low.stderr
    );
    let high = run("n=6").code(2);
    assert!(
        high.stderr.contains("--input n: 6 is above its maximum 5"),
        "{}",
        high.stderr
    );
    let fine = run("n=5").success();
    assert!(fine.stderr.contains("say: 5"), "{}", fine.stderr);

    let bad = "\
version: 1
name: misbounded
inputs:
  s: {type: string, min: 1}
  k: {type: float, default: 2.5, max: 1}
steps:
  - id: say
    action: log
    with: {message: hi}
";
    let run = Quell::new()
        .file("bad.yaml", bad, 0o644)
        .args(["playbook", "validate", "bad.yaml"])
        .run()
        .code(2);
    assert!(
        run.stderr
            .contains("bad.yaml:4:21: inputs.s: min and max are for int and float inputs"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("bad.yaml:5:20: inputs.k.default: 2.5 is above its maximum 1"),
        "{}",
        run.stderr
    );
}

#[test]
fn list_and_show_find_playbooks_in_the_working_directory_then_the_config_directory() {
    let book = |name: &str, said: &str| {
        format!(
            "version: 1\nname: {name}\ndescription: {said}. More.\nsteps:\n  - id: say\n    action: log\n    with: {{message: {said}}}\n"
        )
    };
    let quell = || {
        Quell::new()
            .file(
                "playbooks/here.yaml",
                &book("here", "from the checkout"),
                0o644,
            )
            .file(
                ".config/quell/playbooks/mine.yaml",
                &book("mine", "from the config dir"),
                0o644,
            )
            .file(
                ".config/quell/playbooks/here.yaml",
                &book("here", "shadowed"),
                0o644,
            )
    };
    let listed = quell()
        .args(["playbook", "list", "-o", "json"])
        .run()
        .success()
        .json();
    let rows: Vec<(String, String, String)> = listed["playbooks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["source"] != "shipped")
        .map(|p| {
            let s = |k: &str| p[k].as_str().unwrap().to_string();
            (s("name"), s("description"), s("source"))
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "here".into(),
                "from the checkout. More.".into(),
                "playbooks/here.yaml".into()
            ),
            (
                "here".into(),
                "shadowed. More.".into(),
                listed["playbooks"][5]["source"]
                    .as_str()
                    .unwrap()
                    .to_string()
            ),
            (
                "mine".into(),
                "from the config dir. More.".into(),
                listed["playbooks"][6]["source"]
                    .as_str()
                    .unwrap()
                    .to_string()
            ),
        ],
        "{listed}"
    );
    assert!(
        rows[2].2.ends_with(".config/quell/playbooks/mine.yaml"),
        "{rows:?}"
    );
    // A name is the first found: ./playbooks/ before the config directory.
    for (name, said) in [
        ("here", "from the checkout"),
        ("mine", "from the config dir"),
    ] {
        let run = quell().args(["playbook", "show", name]).run().success();
        assert!(
            run.stdout.contains(&format!("message: {said}")),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn a_signal_at_a_gate_prompt_on_a_terminal_stops_the_run_and_always_still_runs() {
    let (db, cfg) = setup("pb_gate_signal");
    let book = "\
version: 1
name: gated
steps:
  - id: suspend
    action: tenants.suspend
    confirm: {prompt: \"suspend org 1?\", level: dangerous}
    with: {orgs: ['1']}
always:
  - id: cleanup
    action: sql
    with: {query: \"insert into marks values ('always')\", write: true}
";
    let (cmd, _home) = with_book(&cfg, book)
        .args(["playbook", "run", "book.yaml"])
        .into_command();
    let mut term = crate::support::pty::Terminal::spawn(cmd);
    term.wait_for("type suspend to approve");
    std::thread::sleep(Duration::from_millis(300));
    // Sent with kill: the prompt's read stays blocked, the run does not.
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(term.child.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    let (status, text) = term.finish(Duration::from_secs(10));
    assert_eq!(status.code(), Some(143), "{text:?}");
    assert!(text.contains("always step cleanup (sql): ok"), "{text:?}");
    assert!(text.contains("\x1b[?25h"), "cursor left hidden: {text:?}");
    assert_eq!(marks(&db), "always");
    assert_eq!(
        db.psql("SELECT suspended FROM orgs WHERE id = 1").trim(),
        "f"
    );
}

#[test]
fn resume_asks_before_running_again_a_write_that_was_mid_way() {
    let (db, cfg) = setup("pb_midway");
    let state = tempfile::tempdir().unwrap();
    let book = "\
version: 1
name: midway
steps:
  - id: slow
    action: sql
    with: {query: \"insert into marks select 'slow' from pg_sleep(2)\", write: true}
";
    let spawned = with_book(&cfg, book)
        .env("XDG_STATE_HOME", state.path())
        .env("QUELL_RUN_ID", "r-midway")
        .args(["playbook", "run", "book.yaml"])
        .spawn();
    wait_for(
        &db,
        "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'insert into marks select%' AND state = 'active'",
        "1",
    );
    spawned.signal(nix::sys::signal::Signal::SIGKILL);
    assert_eq!(spawned.finish(Duration::from_secs(10)).signal, Some(9));
    // Off a terminal: refused, naming how to approve; nothing run.
    let resume = || {
        tenants_quell(&cfg)
            .env("XDG_STATE_HOME", state.path())
            .args(["playbook", "resume", "r-midway"])
    };
    let refused = resume().run().code(3);
    assert!(
        refused.stderr.contains(
            "step slow was mid-way when run r-midway died and sql is not idempotent: check what it did, then resume with --approve slow"
        ),
        "{}",
        refused.stderr
    );
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(marks(&db), "");
    // On a terminal it asks for the step's id; a wrong answer refuses, the id runs it.
    let (cmd, _home) = resume().into_command();
    let mut term = crate::support::pty::Terminal::spawn(cmd);
    term.wait_for("Run it again: type slow to approve");
    term.type_in(b"no\r");
    let (status, text) = term.finish(Duration::from_secs(10));
    assert_eq!(status.code(), Some(3), "{text:?}");
    let (cmd, _home) = resume().into_command();
    let mut term = crate::support::pty::Terminal::spawn(cmd);
    term.wait_for("Run it again: type slow to approve");
    term.type_in(b"slow\r");
    let (status, text) = term.finish(Duration::from_secs(20));
    assert_eq!(status.code(), Some(0), "{text:?}");
    assert_eq!(marks(&db), "slow");
}

#[test]
fn on_a_terminal_a_gated_suspend_keeps_its_prompt_and_finishes() {
    let (db, cfg) = setup("pb_tty");
    let book = "\
version: 1
name: tty
steps:
  - id: a
    action: log
    with: {message: start}
  - id: b
    action: tenants.suspend
    confirm: {prompt: \"suspend org 1?\", level: dangerous}
    with: {orgs: ['1'], reason: tty}
";
    let (cmd, _home) = with_book(&cfg, book)
        .args(["playbook", "run", "book.yaml"])
        .into_command();
    let mut term = crate::support::pty::Terminal::spawn(cmd);
    term.wait_for("type b to approve");
    std::thread::sleep(Duration::from_millis(800));
    // The step's live line is not redrawn over the open question.
    let seen = term.seen();
    let after = &seen[seen.rfind("type b to approve").unwrap()..];
    assert!(
        !after.contains("\x1b[2K"),
        "the prompt was redrawn over: {after:?}"
    );
    term.type_in(b"b\r");
    // The org's streamed line and the live area share the terminal without a
    // deadlock (they used to wait on each other).
    let (status, text) = term.finish(Duration::from_secs(20));
    assert_eq!(status.code(), Some(0), "{text:?}");
    assert!(text.contains("step b (tenants.suspend): ok"), "{text:?}");
    assert_eq!(
        db.psql("SELECT suspended FROM orgs WHERE id = 1").trim(),
        "t"
    );
}

#[test]
fn a_resumed_run_runs_always_again_and_refuses_dry_run_for_a_live_run() {
    let (db, cfg) = setup("pb_resume_always");
    let state = tempfile::tempdir().unwrap();
    let book = "\
version: 1
name: again
steps:
  - id: count
    action: sql
    with: {query: \"select count(*) as n from later\"}
always:
  - id: note
    action: sql
    with: {query: \"insert into marks values ('always')\", write: true}
";
    let quell = || {
        with_book(&cfg, book)
            .env("XDG_STATE_HOME", state.path())
            .env("QUELL_RUN_ID", "r-again")
    };
    quell().args(["playbook", "run", "book.yaml"]).run().code(2);
    assert_eq!(marks(&db), "always");
    let refused = quell()
        .args(["playbook", "resume", "r-again", "--dry-run"])
        .run()
        .code(2);
    assert!(
        refused
            .stderr
            .contains("--dry-run: run r-again was a live run, and resume continues it for real"),
        "{}",
        refused.stderr
    );
    db.psql("CREATE TABLE later (x int)");
    let resumed = quell()
        .args(["playbook", "resume", "r-again"])
        .run()
        .success();
    assert!(
        resumed.stderr.contains("always step note (sql): ok"),
        "{}",
        resumed.stderr
    );
    assert_eq!(marks(&db), "always,always");
}

#[test]
fn a_secret_input_appears_nowhere_in_the_output_or_the_journal() {
    let (db, cfg) = setup("pb_secret");
    let state = tempfile::tempdir().unwrap();
    let book = "\
version: 1
name: secret
inputs:
  token: {type: string, secret: true, required: true}
steps:
  - id: say
    action: log
    with: {message: \"token is {{ inputs.token }}\"}
  - id: store
    action: sql
    with: {query: \"insert into marks values ('{{ inputs.token }}')\", write: true}
  - id: fail
    action: sql
    with: {query: \"select '{{ inputs.token }}'::int\"}
";
    let quell = |json: bool| {
        let q = with_book(&cfg, book)
            .env("XDG_STATE_HOME", state.path())
            .args([
                "playbook",
                "run",
                "book.yaml",
                "--input",
                "token=hunter2xyz",
            ]);
        if json {
            q.args(["-o", "json"])
        } else {
            q
        }
    };
    for json in [false, true] {
        let run = quell(json).run().code(2);
        assert!(!run.stdout.contains("hunter2xyz"), "{}", run.stdout);
        assert!(!run.stderr.contains("hunter2xyz"), "{}", run.stderr);
        assert!(
            run.stderr.contains("say: token is [redacted]"),
            "{}",
            run.stderr
        );
    }
    // The steps did use it.
    assert_eq!(marks(&db), "hunter2xyz,hunter2xyz");
    // A query's error is the server's, with the read-only hint only when the
    // statement tried to change something.
    let run = quell(false).run();
    assert!(
        run.stderr
            .contains("sql: db error: ERROR: invalid input syntax for type integer"),
        "{}",
        run.stderr
    );
    let change = "version: 1\nname: change\nsteps:\n  - id: c\n    action: sql\n    on_error: continue\n    with: {query: \"insert into marks values ('x')\"}\n  - id: d\n    action: sql\n    with: {query: \"select nextval('s')\"}\n";
    db.psql("CREATE SEQUENCE s");
    let run = with_book(&cfg, change)
        .args(["playbook", "run", "book.yaml"])
        .run()
        .code(2);
    assert!(
        run.stderr.contains("step c (sql): failed after"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr
            .matches("sql is read-only: pass write: true for a statement that changes data")
            .count(),
        2,
        "{}",
        run.stderr
    );
    for entry in std::fs::read_dir(state.path().join("quell/runs")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(!text.contains("hunter2xyz"), "{text}");
    }
}

#[test]
fn validate_and_list_speak_json_when_asked() {
    let bad = "version: 1\nname: bad\nsteps:\n  - id: a\n    action: nope\n";
    let run = Quell::new()
        .file("bad.yaml", bad, 0o644)
        .args([
            "playbook",
            "validate",
            "bad.yaml",
            "restore-tenants",
            "-o",
            "json",
        ])
        .run()
        .code(2);
    let report = run.json();
    assert_eq!(report["playbooks"][0]["playbook"], "bad.yaml");
    assert_eq!(report["playbooks"][0]["ok"], false);
    assert!(
        report["playbooks"][0]["problems"][0]
            .as_str()
            .unwrap()
            .starts_with("bad.yaml:5:5: step a: unknown action"),
        "{report}"
    );
    assert_eq!(report["playbooks"][1]["ok"], true);
    assert_eq!(report["playbooks"][1]["problems"], serde_json::json!([]));
    // The whole description, not the table's first sentence.
    let listed = Quell::new()
        .args(["playbook", "list", "-o", "json"])
        .run()
        .success()
        .json();
    let restore = listed["playbooks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "restore-tenants")
        .unwrap();
    assert!(
        restore["description"]
            .as_str()
            .unwrap()
            .ends_with("Fails (exit 1) if an org is still suspended at the end."),
        "{restore}"
    );
    // show gives each input's bounds.
    let shown = Quell::new()
        .args(["playbook", "show", "restore-tenants"])
        .run()
        .success();
    assert!(
        shown
            .stdout
            .contains("#   ceiling: float = 0.8 [at least 0; at most 1]"),
        "{}",
        shown.stdout
    );
}

#[test]
fn a_request_that_does_not_fit_its_action_is_not_retried() {
    let (_db, cfg) = setup("pb_badreq");
    let book = "\
version: 1
name: badreq
inputs:
  size: {type: string, default: several}
defaults:
  retry: {attempts: 3, delay: 100ms}
steps:
  - id: back
    action: tenants.resume
    with: {all: true, batch: \"{{ inputs.size }}\"}
";
    let run = with_book(&cfg, book)
        .args(["playbook", "run", "book.yaml", "-o", "json"])
        .run()
        .code(2);
    let step = &run.json()["steps"][0];
    // Refused before its first attempt.
    assert_eq!(step["attempts"], 0, "{step}");
    assert!(
        step["error"].as_str().unwrap_or("").contains("batch"),
        "{step}"
    );
    assert!(!run.stderr.contains("attempt 1 of 3"), "{}", run.stderr);
    // Nothing selected: the error names the playbook's fields as well as the flags.
    let none = "version: 1\nname: none\nsteps:\n  - id: s\n    action: tenants.suspend\n    with: {orgs: \"{{ [] }}\"}\n";
    let run = with_book(&cfg, none)
        .args(["playbook", "run", "book.yaml"])
        .run()
        .code(2);
    assert!(
        run.stderr
            .contains("(in a playbook: orgs, top with by, or from_file)"),
        "{}",
        run.stderr
    );
}
