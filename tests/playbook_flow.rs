//! Playbook control flow on the actions layer: `foreach` batches with a pause,
//! undo steps on an abort (gated), per-step `targets`, a session the server killed
//! reconnected mid-run, the backends and notice actions, and the run journal in
//! `quell.runs` / `quell.run_steps`.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use crate::playbook::{marks, setup};
use crate::support::http::Server;
use crate::support::proxy::Proxy;
use crate::support::{cluster, sessions, wait_for, Db, Quell};
use crate::tenants::quell as tenants_quell;

fn ids(report: &serde_json::Value) -> Vec<String> {
    report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn foreach_runs_its_steps_per_item_with_a_pause_between_and_journals_in_quell_runs() {
    let (db, cfg) = setup("pb_foreach");
    let book = "\
version: 1
name: gradual
inputs:
  orgs: {type: list, default: ['1', '2', '3']}
steps:
  - id: suspend
    action: tenants.suspend
    with: {orgs: \"{{ inputs.orgs }}\", reason: drill}
  - id: restore
    foreach: \"{{ inputs.orgs | batch(2) | list }}\"
    as: batch
    pause_between: 1s
    steps:
      - id: back
        action: tenants.resume
        with: {orgs: \"{{ batch }}\"}
      - id: note
        action: sql
        with: {query: \"insert into marks values ('{{ loop.index }}/{{ loop.length }}:{{ batch | join('+') }}')\", write: true}
  - id: after
    action: sql
    with: {query: \"insert into marks values ('{{ steps.restore.output.items }} batches, last {{ steps.back.status }}')\", write: true}
";
    let run = tenants_quell(&cfg)
        .file("book.yaml", book, 0o644)
        .env("QUELL_RUN_ID", "r-foreach")
        .args(["playbook", "run", "book.yaml", "-o", "json"])
        .run()
        .success();
    let report = run.json();
    assert_eq!(
        ids(&report),
        [
            "suspend",
            "restore[1].back",
            "restore[1].note",
            "restore[2].back",
            "restore[2].note",
            "restore",
            "after"
        ],
        "{report}"
    );
    assert_eq!(report["steps"][5]["action"], "foreach");
    assert_eq!(
        report["steps"][5]["output"]["iterations"][1]["item"],
        serde_json::json!(["3"])
    );
    assert_eq!(marks(&db), "1/2:1+2,2/2:3,2 batches, last ok");
    assert_eq!(
        db.psql("SELECT count(*) FROM orgs WHERE suspended").trim(),
        "0"
    );
    // The pause held the second batch back by at least its second.
    let gap: f64 = db
        .psql("SELECT extract(epoch FROM max(resumed_at) - min(resumed_at)) FROM quell.suspensions")
        .trim()
        .parse()
        .unwrap();
    assert!(gap >= 1.0, "batches {gap}s apart");
    // The same run, journaled in the control schema.
    assert_eq!(
        db.psql("SELECT playbook || '|' || status || '|' || (finished_at IS NOT NULL) FROM quell.runs WHERE run_id = 'r-foreach'").trim(),
        "gradual|ok|true"
    );
    assert_eq!(
        db.psql("SELECT string_agg(step || ':' || status, ',' ORDER BY id) FROM quell.run_steps WHERE run_id = 'r-foreach' AND event = 'step_finished'").trim(),
        "suspend:ok,restore[1].back:ok,restore[1].note:ok,restore[2].back:ok,restore[2].note:ok,restore:ok,after:ok"
    );
    assert_eq!(
        db.psql("SELECT request->>'orgs' FROM quell.run_steps WHERE run_id = 'r-foreach' AND step = 'restore[2].back' AND event = 'step_started'").trim(),
        "[\"3\"]"
    );

    // A foreach that is misshapen is refused by name, each where it is.
    let bad = "\
version: 1
name: bad
steps:
  - id: loop
    foreach: [1, 2]
    action: log
    steps:
      - id: inner
        foreach: [3]
        steps: [{id: deeper, action: log, with: {message: x}}]
  - id: plain
    action: log
    pause_between: 1s
    with: {message: x}
";
    let refused = Quell::new()
        .file("bad.yaml", bad, 0o644)
        .args(["playbook", "validate", "bad.yaml"])
        .run()
        .code(2);
    for want in [
        "bad.yaml:6:5: step loop: action: a foreach step has no action of its own",
        "bad.yaml:9:9: step inner: foreach: one level only",
        "bad.yaml:13:5: step plain: pause_between: only a foreach pauses between its items",
    ] {
        assert!(
            refused.stderr.contains(want),
            "want {want:?} in\n{}",
            refused.stderr
        );
    }
}

#[test]
fn an_abort_runs_undo_steps_newest_first_gated_like_any_other_and_the_run_cannot_resume() {
    let (db, cfg) = setup("pb_undo");
    let state = tempfile::tempdir().unwrap();
    let book = "\
version: 1
name: undoable
steps:
  - id: suspend
    action: tenants.suspend
    with: {orgs: ['1', '2'], reason: drill}
    register_undo:
      id: unsuspend
      action: tenants.resume
      with: {orgs: ['1']}
      confirm: {prompt: 'resume org 1 again?', level: dangerous}
  - id: pause
    action: jobs.pause
    with: {jobs: [digest]}
    register_undo:
      id: unpause
      action: jobs.resume
      with: {jobs: \"{{ steps.pause.output.targets[0].jobs | map(attribute='job') | list }}\"}
  - id: boom
    action: sql
    with: {query: select 1/0}
always:
  - id: tail
    action: sql
    with: {query: \"insert into marks values ('always')\", write: true}
";
    let run = tenants_quell(&cfg)
        .file("book.yaml", book, 0o644)
        .env("XDG_STATE_HOME", state.path())
        .env("QUELL_RUN_ID", "r-undo")
        .args(["playbook", "run", "book.yaml", "-o", "json"])
        .run()
        .code(2);
    let report = run.json();
    assert_eq!(
        ids(&report),
        ["suspend", "pause", "boom", "unpause", "unsuspend", "tail"],
        "{report}"
    );
    assert!(
        run.stderr
            .contains("run r-undo aborted: running 2 undo steps, newest first: unpause, unsuspend"),
        "{}",
        run.stderr
    );
    let step = |id: &str| crate::support::step(&report, id);
    assert_eq!(step("boom")["status"], "failed");
    assert_eq!(step("unpause")["status"], "ok");
    assert_eq!(step("unpause")["undo"], true);
    // The dangerous undo gate was not approved off a terminal: refused, org 1 stays.
    assert_eq!(step("unsuspend")["status"], "refused", "{report}");
    assert_eq!(step("tail")["status"], "ok");
    assert_eq!(marks(&db), "always");
    assert_eq!(
        db.psql("SELECT enabled FROM app_jobs WHERE name = 'digest'")
            .trim(),
        "t"
    );
    assert_eq!(
        db.psql("SELECT string_agg(id::text, ',' ORDER BY id) FROM orgs WHERE suspended")
            .trim(),
        "1,2"
    );
    // What was undone cannot be continued.
    let resume = tenants_quell(&cfg)
        .env("XDG_STATE_HOME", state.path())
        .args(["playbook", "resume", "r-undo"])
        .run()
        .code(2);
    assert!(
        resume
            .stderr
            .contains("aborted and ran its undo steps (unpause, unsuspend)"),
        "{}",
        resume.stderr
    );

    // Approved, the undo restores exactly what the suspend changed.
    db.psql("UPDATE orgs SET suspended = false WHERE id = 1");
    tenants_quell(&cfg)
        .args(["tenants", "resume", "--all", "--yes"])
        .run()
        .success();
    let approved = tenants_quell(&cfg)
        .file("book.yaml", book, 0o644)
        .env("XDG_STATE_HOME", state.path())
        .args(["playbook", "run", "book.yaml", "--approve", "unsuspend"])
        .run()
        .code(2);
    assert!(
        approved
            .stderr
            .contains("undo step unsuspend (tenants.resume): ok"),
        "{}",
        approved.stderr
    );
    assert_eq!(
        db.psql("SELECT string_agg(id::text, ',' ORDER BY id) FROM orgs WHERE suspended")
            .trim(),
        "2"
    );
}

#[test]
fn a_step_runs_only_on_the_targets_it_names() {
    let a = Db::new("pb_tgt_a");
    let b = Db::new("pb_tgt_b");
    for db in [&a, &b] {
        db.psql("CREATE TABLE marks (what text)");
    }
    let cfg = format!(
        "targets:\n  a: {{dsn: \"{}\"}}\n  b: {{dsn: \"{}\"}}\n",
        a.dsn(),
        b.dsn()
    );
    let book = "\
version: 1
name: split
steps:
  - id: only_b
    action: sql
    targets: [b]
    with: {query: \"insert into marks values ('only_b')\", write: true}
  - id: both
    action: sql
    with: {query: \"insert into marks values ('both')\", write: true}
";
    Quell::new()
        .file("quell.yaml", &cfg, 0o644)
        .file("book.yaml", book, 0o644)
        .args(["-t", "all", "playbook", "run", "book.yaml"])
        .run()
        .success();
    assert_eq!(marks(&a), "both");
    assert_eq!(marks(&b), "only_b,both");

    // A name that is not one of the run's targets, on the last step: refused before
    // the first step runs.
    let wrong = book.replace(
        "  - id: both\n    action: sql\n",
        "  - id: both\n    action: sql\n    targets: [c]\n",
    );
    assert_ne!(wrong, book);
    let run = Quell::new()
        .file("quell.yaml", &cfg, 0o644)
        .file("book.yaml", &wrong, 0o644)
        .args(["-t", "all", "playbook", "run", "book.yaml"])
        .run()
        .code(2);
    assert!(
        run.stderr
            .contains("step both: targets: c is not a target of this run (its targets: a, b); nothing was run"),
        "{}",
        run.stderr
    );
    assert_eq!(marks(&b), "only_b,both", "nothing ran");
}

#[test]
fn a_session_the_server_ended_is_reconnected_and_the_step_says_so() {
    let (db, cfg) = setup("pb_reconnect");
    let book = "\
version: 1
name: reconnecting
steps:
  - id: first
    action: sql
    with: {query: \"insert into marks values ('first')\", write: true}
  - id: hold
    action: wait_until
    with: {check: sql, check_with: {query: \"select count(*) as n from marks where what = 'go'\"},
           until: \"output.targets[0].rows[0].n > 0\", interval: 100ms, timeout: 60s}
  - id: after
    action: tenants.status
";
    let spawned = tenants_quell(&cfg)
        .file("book.yaml", book, 0o644)
        .env("QUELL_RUN_ID", "r-reconnect")
        .args(["playbook", "run", "book.yaml", "-o", "json"])
        .spawn();
    wait_for(&db, "SELECT count(*) FROM marks", "1");
    let killed = db.psql(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'quell' AND datname = current_database()",
    );
    assert_eq!(killed.trim(), "1", "quell's one session was ended");
    std::thread::sleep(Duration::from_millis(500));
    db.psql("INSERT INTO marks VALUES ('go')");
    let run = spawned.finish(Duration::from_secs(60));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    let hold = &report["steps"][1];
    assert_eq!(hold["status"], "ok", "{report}");
    let said = hold["reconnected"][0].as_str().unwrap_or_default();
    assert!(
        said.starts_with("target main: session lost (the connection to ")
            && said.contains("reconnected after"),
        "{report}"
    );
    assert!(run.stderr.contains("reconnected after"), "{}", run.stderr);
    assert_eq!(report["steps"][2]["status"], "ok");
    // The run's rows go on over the new session: the steps after the reconnect and
    // the run's end are in quell.run_steps / quell.runs.
    assert_eq!(
        db.psql("SELECT string_agg(step || ':' || status, ',' ORDER BY id) FROM quell.run_steps WHERE run_id = 'r-reconnect' AND event = 'step_finished'").trim(),
        "first:ok,hold:ok,after:ok"
    );
    assert_eq!(
        db.psql("SELECT status FROM quell.runs WHERE run_id = 'r-reconnect'")
            .trim(),
        "ok"
    );
}

#[test]
fn a_target_unreachable_when_the_run_began_is_connected_by_the_step_that_needs_it() {
    let a = Db::new("pb_late_a");
    let b = Db::new("pb_late_b");
    for db in [&a, &b] {
        db.psql("CREATE TABLE marks (what text)");
    }
    let port = Proxy::closed_port();
    let late = b.dsn().replace(
        &format!("port={}", cluster().port()),
        &format!("port={port}"),
    );
    assert_ne!(late, b.dsn());
    let cfg = format!(
        "targets:\n  a: {{dsn: \"{}\"}}\n  b: {{dsn: \"{late} connect_timeout=2\"}}\n",
        a.dsn(),
    );
    let book = "\
version: 1
name: late
steps:
  - id: hold
    action: wait_until
    targets: [a]
    with: {check: sql, check_with: {query: \"select count(*) as n from marks where what = 'go'\"},
           until: \"output.targets[0].rows[0].n > 0\", interval: 100ms, timeout: 60s}
  - id: on_b
    action: sql
    targets: [b]
    with: {query: \"insert into marks values ('reached')\", write: true}
";
    let spawned = Quell::new()
        .file("quell.yaml", &cfg, 0o644)
        .file("book.yaml", book, 0o644)
        .args(["-t", "all", "playbook", "run", "book.yaml", "-o", "json"])
        .spawn();
    // The run has begun (its session on a waits) while b refuses connections.
    wait_for(
        &a,
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'quell' AND datname = current_database()",
        "1",
    );
    let _proxy = Proxy::forwarding_on(port, cluster().port());
    a.psql("INSERT INTO marks VALUES ('go')");
    let run = spawned.finish(Duration::from_secs(60));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("target b: ")
            && run
                .stderr
                .contains("a step that needs it connects again first"),
        "the run said b was not connected: {}",
        run.stderr
    );
    let report = run.json();
    let on_b = &report["steps"][1];
    assert_eq!(on_b["status"], "ok", "{report}");
    let said = on_b["reconnected"][0].as_str().unwrap_or_default();
    assert!(
        said.starts_with("target b: not connected (") && said.contains("reconnected after 1 try"),
        "{report}"
    );
    assert_eq!(
        b.psql("SELECT string_agg(what, ',') FROM marks").trim(),
        "reached"
    );
}

#[test]
fn backends_and_notice_actions_post_terminate_and_resolve_from_one_playbook() {
    let (db, cfg) = setup("pb_actions");
    let server = Server::start();
    let cfg = format!(
        "{cfg}notices:\n  journal: journal.jsonl\n  providers:\n    status:\n      type: statuspage\n      api_base: {}/v1\n      page_id: pg1\n      token_env: SP_TOKEN\n      min_interval: 20ms\n      components: {{web: c-web}}\n",
        server.base
    );
    let victims = sessions(&format!("{} application_name=victim", db.dsn()), 2);
    let book = "\
version: 1
name: actions
steps:
  - id: post
    action: notice.post
    with: {title: Database saturated, body_file: investigating.txt, component: ['web=major_outage'], impact: major}
  - id: kill
    action: backends.terminate
    with: {app: victim}
  - id: resolve
    action: notice.resolve
    with: {body: \"{{ steps.kill.output.targets[0].results | length }} sessions ended; all clear\"}
";
    let run = tenants_quell(&cfg)
        .file("book.yaml", book, 0o644)
        .file(
            "investigating.txt",
            "We are investigating slow logins.\n",
            0o644,
        )
        .env("SP_TOKEN", "sekrit-token-0123456789")
        .args(["playbook", "run", "book.yaml", "-o", "json"])
        .run()
        .success();
    let report = run.json();
    assert!(!run.stdout.contains("sekrit"), "{}", run.stdout);
    assert_eq!(report["steps"][0]["output"]["adopted"], false, "{report}");
    let results = &report["steps"][1]["output"]["targets"][0]["results"];
    assert_eq!(results.as_array().map(Vec::len), Some(2), "{report}");
    assert!(!victims.alive(0) && !victims.alive(1));
    let incidents = server.incidents();
    assert_eq!(incidents.len(), 1, "{incidents:?}");
    assert_eq!(incidents[0]["status"], "resolved");
    let last = server
        .seen()
        .into_iter()
        .rev()
        .find(|s| s.method == "PATCH")
        .unwrap();
    let body = last.body.unwrap();
    assert_eq!(body["incident"]["body"], "2 sessions ended; all clear");
    let first = server
        .seen()
        .into_iter()
        .find(|s| s.method == "POST")
        .unwrap();
    assert_eq!(
        first.body.unwrap()["incident"]["body"],
        "We are investigating slow logins."
    );
    assert_eq!(
        body["incident"]["components"]["c-web"], "operational",
        "{body}"
    );
    assert_eq!(
        db.psql("SELECT string_agg(kind, ',' ORDER BY id) FROM quell.actions WHERE kind LIKE 'notice.%'").trim(),
        "notice.post,notice.resolve"
    );
}
