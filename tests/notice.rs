//! `quell notice` against a local server implementing the Statuspage subset
//! (`support::http`): exact bodies and headers, no duplicate incident after a 502
//! or a timeout, rate limits, clear 401/422 errors, incident choice, secrets kept
//! out of output, dry runs; and the slack, webhook and file providers.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use serde_json::json;

use crate::support::http::{Fault, Server};
use crate::support::Quell;

const TOKEN: &str = "sekrit-token-0123456789";

fn config(server: &Server, extra: &str) -> String {
    format!(
        "notices:\n  journal: journal.jsonl\n  providers:\n    status:\n      type: statuspage\n      api_base: {}/v1\n      page_id: pg1\n      token_env: SP_TOKEN\n      min_interval: 20ms\n      components: {{web: c-web, api: c-api}}\n{extra}",
        server.base
    )
}

fn quell(server: &Server, extra: &str) -> Quell {
    Quell::new()
        .file("quell.yaml", &config(server, extra), 0o644)
        .env("SP_TOKEN", TOKEN)
}

fn post(server: &Server, extra: &str) -> crate::support::Run {
    quell(server, extra)
        .args([
            "--yes",
            "notice",
            "post",
            "--title",
            "Signups failing",
            "--status",
            "investigating",
        ])
        .args([
            "--body",
            "We are looking into it",
            "--impact",
            "major",
            "--component",
            "web=major_outage",
        ])
        .run()
}

#[test]
fn create_update_resolve_bodies_and_headers_are_exact() {
    let server = Server::start();
    post(&server, "").success();
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "list then create: {seen:?}");
    assert_eq!(seen[0].method, "GET");
    assert_eq!(
        seen[0].path,
        "/v1/pages/pg1/incidents/unresolved?page=1&per_page=100"
    );
    let create = &seen[1];
    assert_eq!(
        (create.method.as_str(), create.path.as_str()),
        ("POST", "/v1/pages/pg1/incidents")
    );
    assert_eq!(create.headers["authorization"], format!("OAuth {TOKEN}"));
    assert_eq!(create.headers["content-type"], "application/json");
    let key = create.body.as_ref().unwrap()["incident"]["metadata"]["quell"]["key"].clone();
    assert!(key.as_str().is_some_and(|k| !k.is_empty()));
    assert_eq!(
        create.body.clone().unwrap(),
        json!({"incident": {
            "name": "Signups failing", "status": "investigating", "impact_override": "major",
            "body": "We are looking into it", "components": {"c-web": "major_outage"},
            "component_ids": ["c-web"], "deliver_notifications": true,
            "metadata": {"quell": {"key": key}},
        }})
    );

    quell(&server, "")
        .args([
            "--yes",
            "notice",
            "update",
            "--status",
            "identified",
            "--body",
            "Found it",
            "--component",
            "api=degraded_performance",
        ])
        .run()
        .success();
    let update = server.seen().last().cloned().unwrap();
    assert_eq!(
        (update.method.as_str(), update.path.as_str()),
        ("PATCH", "/v1/pages/pg1/incidents/inc1")
    );
    assert_eq!(update.headers["authorization"], format!("OAuth {TOKEN}"));
    assert_eq!(
        update.body.unwrap(),
        json!({"incident": {"status": "identified", "body": "Found it", "deliver_notifications": true,
            "components": {"c-api": "degraded_performance"}, "component_ids": ["c-web", "c-api"]}}),
        "component_ids replaces the affected set: the update keeps web in it"
    );

    quell(&server, "")
        .args([
            "--yes",
            "notice",
            "resolve",
            "--body",
            "Fixed",
            "--no-notify",
        ])
        .run()
        .success();
    let resolve = server.seen().last().cloned().unwrap();
    assert_eq!(
        resolve.body.unwrap(),
        json!({"incident": {"status": "resolved", "body": "Fixed", "deliver_notifications": false,
            "components": {"c-web": "operational", "c-api": "operational"}, "component_ids": ["c-web", "c-api"]}})
    );
    assert_eq!(server.incidents()[0]["status"], "resolved");
    // Every component the incident affected is operational again.
    assert_eq!(
        (server.component("c-web"), server.component("c-api")),
        ("operational".to_string(), "operational".to_string())
    );
}

/// A 502 returned after the incident was stored must not lead to a second incident.
#[test]
fn bad_gateway_after_store_leaves_exactly_one_incident() {
    let server = Server::start();
    server.fault("POST", Fault::BadGatewayAfterStore);
    let run = post(&server, "").success();
    assert_eq!(server.incidents().len(), 1, "{}", run.stderr);
    assert!(run.stdout.contains("inc1"), "{}", run.stdout);
}

/// A create that times out (the incident may exist) is followed by a list, not a blind retry.
#[test]
fn timeout_on_create_leaves_exactly_one_incident() {
    let server = Server::start();
    server.fault("POST", Fault::SlowAfterStore(Duration::from_secs(3)));
    let run = post(&server, "      timeout: 1s\n").success();
    assert_eq!(server.incidents().len(), 1, "{}", run.stderr);
    assert_eq!(
        server.seen().iter().filter(|s| s.method == "POST").count(),
        1
    );
}

#[test]
fn rate_limit_honours_retry_after_for_429_and_420() {
    for code in [429, 420] {
        let server = Server::start();
        server.fault("POST", Fault::RateLimit(code, 2));
        let run = post(&server, "").success();
        let posts: Vec<_> = server
            .seen()
            .into_iter()
            .filter(|s| s.method == "POST")
            .collect();
        assert_eq!(posts.len(), 2, "{}", run.stderr);
        assert!(
            posts[1].at - posts[0].at >= Duration::from_secs(2),
            "{code}: retried too early"
        );
        assert_eq!(server.incidents().len(), 1);
    }
}

#[test]
fn unauthorized_is_clear_and_exits_2() {
    let server = Server::start();
    server.fault(
        "GET",
        Fault::Status(401, json!({"message": "Could not authenticate"})),
    );
    let run = post(&server, "").code(2);
    assert!(
        run.stderr.contains("rejected the token in $SP_TOKEN"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Could not authenticate"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(TOKEN));
    assert!(server.incidents().is_empty());
}

#[test]
fn unprocessable_is_clear_and_exits_2() {
    let server = Server::start();
    server.fault(
        "POST",
        Fault::Status(422, json!({"message": "Name is too long"})),
    );
    let run = post(&server, "").code(2);
    assert!(run.stderr.contains("422"), "{}", run.stderr);
    assert!(run.stderr.contains("Name is too long"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[test]
fn update_with_two_open_incidents_lists_them_and_incident_picks_one() {
    let server = Server::start();
    for (id, name) in [("a1", "DB down"), ("b2", "API slow")] {
        server.insert(json!({"id": id, "name": name, "status": "investigating", "metadata": {"quell": {"key": id}}}));
    }
    server
        .insert(json!({"id": "c3", "name": "not ours", "status": "investigating", "metadata": {}}));
    let run = quell(&server, "")
        .args([
            "--yes",
            "notice",
            "update",
            "--status",
            "monitoring",
            "--body",
            "x",
        ])
        .run()
        .code(2);
    assert!(
        run.stderr.contains("a1") && run.stderr.contains("b2") && run.stderr.contains("--incident"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("c3"));
    assert!(server.seen().iter().all(|s| s.method == "GET"));
    let list = quell(&server, "")
        .args(["notice", "list", "-o", "json"])
        .run()
        .success()
        .json();
    assert_eq!(list["incidents"].as_array().unwrap().len(), 2, "{list}");
    quell(&server, "")
        .args([
            "--yes",
            "notice",
            "update",
            "--incident",
            "b2",
            "--status",
            "monitoring",
            "--body",
            "x",
        ])
        .run()
        .success();
    assert_eq!(server.incidents()[1]["status"], "monitoring");
    assert_eq!(server.incidents()[0]["status"], "investigating");
}

#[test]
fn token_never_printed_with_verbose_nor_journaled() {
    let server = Server::start();
    server.fault("POST", Fault::BadGatewayAfterStore);
    let dir = tempfile::tempdir().unwrap();
    let journal_path = dir.path().join("journal.jsonl");
    let extra = format!("  journal: {}\n", journal_path.display());
    let q = Quell::new()
        .file(
            "quell.yaml",
            &config(&server, "").replace("  journal: journal.jsonl\n", &extra),
            0o644,
        )
        .env("SP_TOKEN", TOKEN);
    let run = q
        .args([
            "-vv", "--yes", "notice", "post", "--title", "T", "--body", "B",
        ])
        .run()
        .success();
    assert!(
        !run.stdout.contains(TOKEN) && !run.stderr.contains(TOKEN),
        "{}",
        run.stderr
    );
    let journal = std::fs::read_to_string(&journal_path).unwrap();
    assert_eq!(journal.lines().count(), 1, "{journal}");
    assert!(
        journal.contains("\"incident\":\"inc1\"") && !journal.contains(TOKEN),
        "{journal}"
    );
}

#[test]
fn dry_run_prints_exact_request_and_sends_nothing() {
    let server = Server::start();
    let run = quell(&server, "")
        .args([
            "--dry-run",
            "notice",
            "post",
            "--title",
            "T",
            "--body",
            "B",
            "--component",
            "web=partial_outage",
        ])
        .run()
        .success();
    assert!(server.seen().is_empty(), "{:?}", server.seen());
    assert!(
        run.stdout
            .contains(&format!("POST {}/v1/pages/pg1/incidents", server.base)),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Authorization: OAuth [redacted]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\"c-web\": \"partial_outage\""),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains(TOKEN));
}

#[test]
fn slack_payload_and_secret_url() {
    let server = Server::start();
    let url = format!("{}/services/T1/B2/hooksecret", server.base);
    let cfg = "notices:\n  journal: j.jsonl\n  providers:\n    team:\n      type: slack\n      link: https://status.example.com\n";
    Quell::new()
        .file("quell.yaml", cfg, 0o644)
        .env("SLACK_WEBHOOK_URL", &url)
        .args([
            "--yes",
            "notice",
            "post",
            "--title",
            "DB down",
            "--body",
            "Looking",
            "--component",
            "web=major_outage",
        ])
        .run()
        .success();
    let body = server.seen()[0].body.clone().unwrap();
    assert_eq!(body["text"], "Incident: DB down (investigating): Looking");
    assert_eq!(body["blocks"][1]["text"]["text"], "Looking");
    let context = body["blocks"][2].to_string();
    assert!(
        context.contains("web: major_outage") && context.contains("https://status.example.com"),
        "{context}"
    );

    server.reply(400, "invalid_payload");
    let run = Quell::new()
        .file("quell.yaml", cfg, 0o644)
        .env("SLACK_WEBHOOK_URL", &url)
        .args([
            "-v", "--yes", "notice", "post", "--title", "Other", "--body", "x",
        ])
        .run()
        .code(2);
    assert!(run.stderr.contains("invalid_payload"), "{}", run.stderr);
    assert!(!run.stderr.contains("hooksecret"), "{}", run.stderr);
    let closed = format!(
        "http://127.0.0.1:{}/services/hooksecret",
        crate::support::closed_port()
    );
    let run = Quell::new()
        .file("quell.yaml", cfg, 0o644)
        .env("SLACK_WEBHOOK_URL", &closed)
        .args([
            "-vv", "--yes", "notice", "post", "--title", "Other", "--body", "x",
        ])
        .run()
        .code(2);
    assert!(!run.stderr.contains("hooksecret"), "{}", run.stderr);
}

#[test]
fn webhook_payload_from_template_with_headers_from_env() {
    let server = Server::start();
    let cfg = "notices:\n  journal: j.jsonl\n  providers:\n    hook:\n      type: webhook\n      url_env: HOOK_URL\n      headers_env: {X-Api-Key: HOOK_KEY}\n      template: '{\"summary\": {{ title | tojson }}, \"state\": {{ status | tojson }}, \"kind\": {{ event | tojson }}}'\n";
    Quell::new()
        .file("quell.yaml", cfg, 0o644)
        .env("HOOK_URL", format!("{}/hook", server.base))
        .env("HOOK_KEY", "k-secret")
        .args([
            "--yes",
            "notice",
            "post",
            "--title",
            "DB \"down\"",
            "--body",
            "Looking",
        ])
        .run()
        .success();
    let seen = server.seen();
    assert_eq!(seen[0].path, "/hook");
    assert_eq!(seen[0].headers["x-api-key"], "k-secret");
    assert_eq!(
        seen[0].body.clone().unwrap(),
        json!({"summary": "DB \"down\"", "state": "investigating", "kind": "post"})
    );
}

#[test]
fn file_provider_appends_one_line_per_event() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display();
    let cfg = format!("notices:\n  journal: {d}/journal.jsonl\n  providers:\n    drill:\n      type: file\n      path: {d}/out/notices.jsonl\n");
    let run = |args: &[&str]| {
        Quell::new()
            .file("quell.yaml", &cfg, 0o644)
            .args(args)
            .run()
    };
    run(&[
        "--yes",
        "notice",
        "post",
        "--title",
        "Drill",
        "--body",
        "Start",
        "--component",
        "web=major_outage",
    ])
    .success();
    run(&[
        "--yes",
        "notice",
        "update",
        "--status",
        "identified",
        "--body",
        "Found",
    ])
    .success();
    run(&["--yes", "notice", "resolve", "--body", "Done"]).success();
    let text = std::fs::read_to_string(dir.path().join("out/notices.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{text}");
    let events: Vec<&str> = lines.iter().map(|l| l["event"].as_str().unwrap()).collect();
    assert_eq!(events, ["post", "update", "resolve"]);
    assert_eq!(lines[0]["incident"], lines[2]["incident"]);
    assert_eq!(lines[1]["status"], "identified");
    assert_eq!(lines[2]["components"], json!({"web": "operational"}));
    let list = run(&["notice", "list", "-o", "json"]).success();
    assert_eq!(list.json()["incidents"], json!([]));
    let journal = std::fs::read_to_string(dir.path().join("journal.jsonl")).unwrap();
    assert_eq!(journal.lines().count(), 3, "{journal}");
}

/// The issue's short config form: `status_page:` (one provider) and `status_pages:` (several).
#[test]
fn status_page_short_form_as_the_issue_writes_it() {
    let cfg = "status_page:\n  provider: statuspage\n  api_base: https://api.statuspage.io/v1\n  page_id: abc123\n  \
               token_env: STATUSPAGE_TOKEN\n  components: {web: \"8kbf7d35c070\"}\n";
    let run = Quell::new()
        .file("quell.yaml", cfg, 0o644)
        .env("STATUSPAGE_TOKEN", "sp-secret-token")
        .args([
            "notice",
            "post",
            "--status",
            "investigating",
            "--title",
            "Degraded",
            "--body",
            "Looking",
        ])
        .args(["--component", "web=major_outage", "--dry-run"])
        .run()
        .success();
    assert!(
        run.stdout
            .contains("POST https://api.statuspage.io/v1/pages/abc123/incidents"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("8kbf7d35c070"),
        "component alias mapped to its id: {}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("sp-secret-token") && !run.stderr.contains("sp-secret-token"),
        "token leaked"
    );

    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display();
    let cfg = format!(
        "status_pages:\n  - {{provider: file, path: {d}/a.jsonl}}\n  - {{provider: file, path: {d}/b.jsonl}}\nnotices:\n  journal: {d}/j.jsonl\n"
    );
    let run = Quell::new()
        .file("quell.yaml", &cfg, 0o644)
        .args(["notice", "post", "--title", "x", "--body", "y", "--yes"])
        .run()
        .code(2);
    assert!(
        run.stderr.contains("file, file-2"),
        "both named, a choice asked for: {}",
        run.stderr
    );
    Quell::new()
        .file("quell.yaml", &cfg, 0o644)
        .args([
            "notice",
            "post",
            "--provider",
            "file-2",
            "--title",
            "x",
            "--body",
            "y",
            "--yes",
        ])
        .run()
        .success();
    assert!(
        std::fs::read_to_string(dir.path().join("b.jsonl"))
            .unwrap_or_default()
            .lines()
            .count()
            == 1
    );
    assert!(!dir.path().join("a.jsonl").exists());
}

/// Each notice is journaled in the control target's `quell.actions` when it answers,
/// and a database that is down only warns: the notice still goes out.
#[test]
fn control_journal_when_reachable_and_notice_survives_a_dead_database() {
    let db = crate::support::Db::new("noticectl");
    Quell::new().args(["init"]).dsn(&db.dsn()).run().success();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display();
    let cfg = format!(
        "targets:\n  main: {{dsn: \"{}\"}}\nstatus_page: {{provider: file, path: {d}/out.jsonl}}\nnotices:\n  journal: {d}/j.jsonl\n",
        db.dsn()
    );
    Quell::new()
        .file("quell.yaml", &cfg, 0o644)
        .args([
            "notice", "post", "--title", "Degraded", "--body", "Looking", "--yes",
        ])
        .run()
        .success();
    let rows = db.psql("select kind || '|' || coalesce(subject, '') from quell.actions");
    assert!(rows.trim().starts_with("notice.post|"), "{rows}");
    // Posting it again adopts the open incident: journaled as that, not a second post.
    Quell::new()
        .file("quell.yaml", &cfg, 0o644)
        .args([
            "notice", "post", "--title", "Degraded", "--body", "Looking", "--yes",
        ])
        .run()
        .success();
    let rows =
        db.psql("select string_agg(kind || '|' || detail, ',' order by id) from quell.actions");
    assert_eq!(
        rows.trim(),
        "notice.post|posted \"Degraded\" on file (investigating),\
         notice.adopt|adopted the open incident \"Degraded\" on file (investigating)"
    );

    let dead = crate::support::closed_port();
    let cfg = format!(
        "targets:\n  main: {{dsn: \"host=127.0.0.1 port={dead} user=postgres\"}}\nstatus_page: {{provider: file, path: {d}/out.jsonl}}\nnotices:\n  journal: {d}/j.jsonl\n"
    );
    let run = Quell::new()
        .file("quell.yaml", &cfg, 0o644)
        .args([
            "notice",
            "update",
            "--status",
            "identified",
            "--body",
            "Found it",
            "--yes",
        ])
        .run()
        .success();
    assert!(
        run.stderr.contains("warning"),
        "the outage is reported: {}",
        run.stderr
    );
    let lines = std::fs::read_to_string(dir.path().join("out.jsonl")).unwrap_or_default();
    assert_eq!(
        lines.lines().count(),
        2,
        "the update went out anyway: {lines}"
    );
    // The local journal: the post, the adoption, the update.
    let journal = std::fs::read_to_string(dir.path().join("j.jsonl")).unwrap_or_default();
    assert_eq!(journal.lines().count(), 3, "{journal}");
}

/// After its own create was answered 502, quell says it opened the incident (its
/// reply was lost), not that another run's was already open.
#[test]
fn a_lost_create_reply_is_reported_as_this_runs_incident() {
    let server = Server::start();
    server.fault("POST", Fault::BadGatewayAfterStore);
    let run = post(&server, "").success();
    assert!(
        run.stderr
            .contains("the reply to this run's create was lost (HTTP 502"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("posted incident inc1") && !run.stdout.contains("adopted"),
        "{}",
        run.stdout
    );
}

/// A token with a trailing newline works; one with a control character inside is
/// refused at once, naming the variable, and nothing is sent.
#[test]
fn a_token_is_trimmed_and_a_control_character_in_it_is_refused_by_name() {
    let server = Server::start();
    let run = Quell::new()
        .file("quell.yaml", &config(&server, ""), 0o644)
        .env("SP_TOKEN", format!("{TOKEN}\n"))
        .args(["--yes", "notice", "post", "--title", "T", "--body", "B"])
        .run()
        .success();
    assert!(
        run.stdout.contains("posted incident inc1"),
        "{}",
        run.stdout
    );
    assert_eq!(
        server.seen()[1].headers["authorization"],
        format!("OAuth {TOKEN}")
    );
    let before = server.seen().len();
    let run = Quell::new()
        .file("quell.yaml", &config(&server, ""), 0o644)
        .env("SP_TOKEN", "abc\u{7}def")
        .args(["--yes", "notice", "post", "--title", "U", "--body", "B"])
        .run()
        .code(2);
    assert!(
        run.stderr.contains(
            "statuspage token: environment variable SP_TOKEN holds a control character (byte 0x07)"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(server.seen().len(), before, "nothing was sent");
}

/// An API error that echoes the token does not get it printed.
#[test]
fn an_error_message_that_echoes_the_token_is_redacted() {
    let server = Server::start();
    server.fault(
        "GET",
        Fault::Status(
            403,
            json!({"message": format!("token {TOKEN} has no access")}),
        ),
    );
    let run = post(&server, "").code(2);
    assert!(!run.stderr.contains(TOKEN), "{}", run.stderr);
    assert!(
        run.stderr.contains("token [redacted] has no access"),
        "{}",
        run.stderr
    );
}

/// A Retry-After longer than what is left of the deadline is named when quell gives up.
#[test]
fn a_retry_after_past_the_deadline_is_named() {
    let server = Server::start();
    server.fault("POST", Fault::RateLimit(429, 30));
    let run = post(&server, "      deadline: 5s\n").code(2);
    assert!(
        run.stderr
            .contains("its Retry-After of 30s would pass the notice deadline (5s"),
        "{}",
        run.stderr
    );
}

/// Off a terminal without --yes, a post whose key is already open refuses before it
/// writes anything (no journal row for the adoption); a resolve of an incident the
/// file provider does not hold open is an error, and nothing is appended.
#[test]
fn file_provider_confirms_before_adopting_and_refuses_an_unknown_or_closed_incident() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display();
    let cfg = format!("notices:\n  journal: {d}/journal.jsonl\n  providers:\n    drill:\n      type: file\n      path: {d}/notices.jsonl\n");
    let run = |args: &[&str]| {
        Quell::new()
            .file("quell.yaml", &cfg, 0o644)
            .args(args)
            .run()
    };
    let lines = |name: &str| {
        std::fs::read_to_string(dir.path().join(name))
            .unwrap_or_default()
            .lines()
            .count()
    };
    run(&[
        "--yes", "notice", "post", "--title", "Drill", "--body", "Start",
    ])
    .success();
    assert_eq!((lines("journal.jsonl"), lines("notices.jsonl")), (1, 1));
    let refused = run(&["notice", "post", "--title", "Drill", "--body", "Again"]).code(3);
    assert!(refused.stderr.contains("--yes"), "{}", refused.stderr);
    assert_eq!(
        lines("journal.jsonl"),
        1,
        "nothing journaled before the confirmation"
    );

    let unknown = run(&[
        "--yes",
        "notice",
        "resolve",
        "--incident",
        "qNOSUCH",
        "--body",
        "x",
    ])
    .code(2);
    assert!(
        unknown
            .stderr
            .contains("incident qNOSUCH is not open on drill"),
        "{}",
        unknown.stderr
    );
    run(&["--yes", "notice", "resolve", "--body", "Done"]).success();
    let id = serde_json::from_str::<serde_json::Value>(
        std::fs::read_to_string(dir.path().join("notices.jsonl"))
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap()["incident"]
        .as_str()
        .unwrap()
        .to_string();
    let closed = run(&[
        "--yes",
        "notice",
        "resolve",
        "--incident",
        &id,
        "--body",
        "x",
    ])
    .code(2);
    assert!(
        closed.stderr.contains("already resolved"),
        "{}",
        closed.stderr
    );
    assert_eq!(
        lines("notices.jsonl"),
        2,
        "post and one resolve, nothing more"
    );

    // Posted as resolved: not open afterwards.
    run(&[
        "--yes",
        "notice",
        "post",
        "--title",
        "Past",
        "--body",
        "It happened",
        "--status",
        "resolved",
    ])
    .success();
    let list = run(&["notice", "list", "-o", "json"]).success();
    assert_eq!(list.json()["incidents"], json!([]));
}

/// No request outlives the notice deadline: a reply slower than what is left is cut
/// at the deadline, not at the (longer) per-request timeout.
#[test]
fn a_slow_reply_is_cut_at_the_deadline_not_the_request_timeout() {
    let server = Server::start();
    server.fault("POST", Fault::SlowAfterStore(Duration::from_secs(8)));
    let run = post(&server, "      deadline: 2s\n      timeout: 30s\n").code(2);
    assert!(
        run.elapsed < Duration::from_secs(6),
        "took {:?}: {}",
        run.elapsed,
        run.stderr
    );
    assert!(run.stderr.contains("notice deadline"), "{}", run.stderr);
}

fn notice(server: &Server, args: &[&str]) -> crate::support::Run {
    quell(server, "").args(["--yes", "notice"]).args(args).run()
}

/// Open incident "Outage" with web down.
fn post_outage(server: &Server) {
    let args = [
        "post",
        "--title",
        "Outage",
        "--body",
        "b",
        "--component",
        "web=major_outage",
    ];
    notice(server, &args).success();
}

/// Post with web down, update naming only api, resolve: both end operational (the
/// update keeps web among the affected components, the resolve restores both).
#[test]
fn an_incident_never_ends_resolved_with_a_component_still_down() {
    let server = Server::start();
    post_outage(&server);
    notice(
        &server,
        &[
            "update",
            "--status",
            "identified",
            "--body",
            "b2",
            "--component",
            "api=degraded_performance",
        ],
    )
    .success();
    assert_eq!(server.component("c-web"), "major_outage");
    assert_eq!(
        server.incidents()[0]["components"].as_array().map(Vec::len),
        Some(2)
    );
    notice(&server, &["resolve", "--body", "done"]).success();
    assert_eq!(server.component("c-web"), "operational");
    assert_eq!(server.component("c-api"), "operational");
}

/// A PATCH that timed out without being applied is sent again: the read-back
/// compares the components too, not only status and body.
#[test]
fn a_patch_that_was_not_applied_is_sent_again_even_when_only_components_change() {
    let server = Server::start();
    post_outage(&server);
    server.fault("PATCH", Fault::SlowWithoutStore(Duration::from_secs(3)));
    let run = quell(&server, "      timeout: 1s\n")
        .args([
            "--yes",
            "notice",
            "update",
            "--status",
            "investigating",
            "--body",
            "b",
            "--component",
            "web=partial_outage",
        ])
        .run()
        .success();
    let patches = server.seen().iter().filter(|s| s.method == "PATCH").count();
    assert_eq!(patches, 2, "{}", run.stderr);
    assert_eq!(server.component("c-web"), "partial_outage");
}

/// Resolved in the web UI with a component still down: resolving it by id restores
/// its components; updating a resolved incident needs --reopen.
#[test]
fn an_incident_resolved_elsewhere_is_read_by_id_and_not_reopened_unasked() {
    let server = Server::start();
    post_outage(&server);
    server.resolve_in_ui("inc1");
    let refused = notice(
        &server,
        &[
            "update",
            "--incident",
            "inc1",
            "--status",
            "monitoring",
            "--body",
            "b",
        ],
    )
    .code(2);
    assert!(
        refused.stderr.contains(
            "incident inc1 is resolved on status: an update would reopen it; pass --reopen"
        ),
        "{}",
        refused.stderr
    );
    assert_eq!(
        server.seen().iter().filter(|s| s.method == "PATCH").count(),
        0
    );
    notice(
        &server,
        &["resolve", "--incident", "inc1", "--body", "all clear"],
    )
    .success();
    assert_eq!(server.component("c-web"), "operational");
    notice(
        &server,
        &[
            "update",
            "--incident",
            "inc1",
            "--status",
            "monitoring",
            "--body",
            "again",
            "--reopen",
        ],
    )
    .success();
    assert_eq!(server.incidents()[0]["status"], "monitoring");
    let unknown = notice(&server, &["resolve", "--incident", "inc9", "--body", "x"]).code(2);
    assert!(
        unknown
            .stderr
            .contains("incident inc9 is not known to status"),
        "{}",
        unknown.stderr
    );
}

/// A server that caps pages below per_page: quell reads on to an empty page, finds
/// its incident on page 2 and adopts it instead of opening a duplicate.
#[test]
fn listing_reads_every_page_of_a_server_that_caps_them() {
    let server = Server::start();
    server.cap_pages(1);
    server.insert(json!({"id": "other", "name": "Other", "status": "investigating", "metadata": {}, "incident_updates": []}));
    notice(&server, &["post", "--title", "Outage", "--body", "b"]).success();
    server.insert(json!({"id": "late", "name": "Late", "status": "investigating", "metadata": {}, "incident_updates": []}));
    let again = notice(&server, &["post", "--title", "Outage", "--body", "b"]).success();
    assert!(again.stdout.contains("adopted"), "{}", again.stdout);
    assert_eq!(server.incidents().len(), 3, "no duplicate");
}

/// Dry runs show the GET the real update sends, and a resolve names each component
/// once, by its id.
#[test]
fn dry_runs_show_the_listing_and_the_resolve_names_components_by_id_once() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("j.jsonl");
    let cfg = config(&server, "").replace(
        "journal: journal.jsonl",
        &format!("journal: {}", journal.display()),
    );
    let q = || {
        Quell::new()
            .file("quell.yaml", &cfg, 0o644)
            .env("SP_TOKEN", TOKEN)
    };
    q().args([
        "--yes",
        "notice",
        "post",
        "--title",
        "Outage",
        "--body",
        "b",
        "--component",
        "web=major_outage",
    ])
    .run()
    .success();
    let dry = q()
        .args([
            "--dry-run",
            "-o",
            "json",
            "notice",
            "resolve",
            "--body",
            "done",
        ])
        .run()
        .success()
        .json();
    let requests = dry["requests"].as_array().unwrap();
    assert_eq!(requests[0]["method"], "GET", "{dry}");
    assert_eq!(requests[1]["method"], "PATCH");
    assert_eq!(
        requests[1]["body"]["incident"]["component_ids"],
        json!(["c-web"]),
        "{dry}"
    );
    assert_eq!(
        requests[1]["body"]["incident"]["components"],
        json!({"c-web": "operational"})
    );
}
