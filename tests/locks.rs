//! `quell locks` against real lock waits: sessions of our own that block each other in
//! a database of our own. The snapshot is server-wide and other tests share the
//! cluster, so assertions look only at the trees rooted at our pids.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use quell::sandbox::{Cluster, ClusterOptions};
use serde_json::Value;
use tokio_postgres::Client;

use crate::support::{cluster, hold, Db, Held, Quell};

/// Sessions of one test: `run` to completion, or `start` a statement that will block.
struct Sessions {
    held: Held,
    clients: Vec<Arc<Client>>,
    pids: Vec<i32>,
    db: String,
}

impl Sessions {
    fn open(db: &Db, n: usize) -> Sessions {
        let mut held = hold(&format!("{} application_name=locks-test", db.dsn()), n);
        let clients: Vec<Arc<Client>> = held.clients.drain(..).map(Arc::new).collect();
        let pids = clients
            .iter()
            .map(|c| {
                held.runtime
                    .block_on(c.query_one("SELECT pg_backend_pid()", &[]))
                    .unwrap()
                    .get::<_, i32>(0)
            })
            .collect();
        Sessions {
            held,
            clients,
            pids,
            db: db.name.clone(),
        }
    }

    fn run(&self, i: usize, sql: &str) {
        self.held
            .runtime
            .block_on(self.clients[i].batch_execute(sql))
            .unwrap_or_else(|e| panic!("session {i}: {sql}: {e}"));
    }

    /// Start `sql` on session `i` and return once the server shows it waiting on a lock.
    fn start_waiting(&self, i: usize, sql: &str) {
        let client = Arc::clone(&self.clients[i]);
        let statement = sql.to_string();
        self.held.runtime.spawn(async move {
            let _ = client.batch_execute(&statement).await;
        });
        let deadline = Instant::now() + Duration::from_secs(10);
        let check = format!(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = {} AND wait_event_type = 'Lock'",
            self.pids[i]
        );
        while cluster().psql(&self.db, &check).unwrap().trim() != "1" {
            assert!(Instant::now() < deadline, "session {i} never waited: {sql}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Sessions {
    /// The waits end with our backends; only those of our own database are touched.
    fn drop(&mut self) {
        let _ = cluster().psql(
            &self.db,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        );
    }
}

fn locks_json(dsn: &str, extra: &[&str]) -> Value {
    let run = Quell::new()
        .args(["locks", "-o", "json"])
        .args(extra)
        .dsn(dsn)
        .run()
        .success();
    let e = run.entry();
    assert_eq!(e["ok"], true, "{e}");
    e
}

fn tree_of(entry: &Value, root: i32) -> Value {
    entry["trees"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|t| t["pid"] == root)
        .cloned()
        .unwrap_or_else(|| panic!("no tree rooted at {root}: {entry}"))
}

fn only_child(node: &Value) -> Value {
    let blocked = node["blocked"].as_array().expect("a blocked array");
    assert_eq!(blocked.len(), 1, "one waiter expected under {node}");
    blocked[0].clone()
}

fn depth(node: &Value) -> u64 {
    1 + node["blocked"]
        .as_array()
        .into_iter()
        .flatten()
        .map(depth)
        .max()
        .unwrap_or(0)
}

#[test]
fn a_three_deep_row_lock_chain_is_one_tree() {
    let db = Db::new("locks_chain");
    db.psql("CREATE TABLE orders (id int PRIMARY KEY, v int); INSERT INTO orders VALUES (1, 0), (2, 0);");
    let s = Sessions::open(&db, 3);
    let (a, b, c) = (s.pids[0], s.pids[1], s.pids[2]);
    s.run(0, "BEGIN; UPDATE orders SET v = v + 1 WHERE id = 1");
    s.run(1, "BEGIN; UPDATE orders SET v = v + 1 WHERE id = 2");
    s.start_waiting(1, "UPDATE orders SET v = v + 1 WHERE id = 1");
    s.start_waiting(2, "UPDATE orders SET v = v + 1 WHERE id = 2");

    let e = locks_json(&db.dsn(), &[]);
    let root = tree_of(&e, a);
    assert_eq!(root["state"], "idle in transaction", "{root}");
    assert_eq!(root["wait_secs"], Value::Null);
    assert!(root["xact_age_secs"].as_f64().unwrap() > 0.0, "{root}");
    assert_eq!(depth(&root), 3, "{root}");
    let mid = only_child(&root);
    let leaf = only_child(&mid);
    assert_eq!(
        (mid["pid"].as_i64(), leaf["pid"].as_i64()),
        (Some(b.into()), Some(c.into()))
    );
    assert!(leaf["blocked"].as_array().unwrap().is_empty());
    for (node, blocker) in [(&mid, a), (&leaf, b)] {
        // A row wait is a wait for the row's last locker's transaction; the relation
        // comes from the waiter's tuple lock.
        assert_eq!(node["locktype"], "transactionid", "{node}");
        assert_eq!(node["mode"], "ShareLock", "{node}");
        assert_eq!(node["relation"], "orders", "{node}");
        assert!(node["lock_target"]
            .as_str()
            .unwrap()
            .starts_with("transaction "));
        assert_eq!(node["wait_event_type"], "Lock");
        assert_eq!(node["blocked_by"], serde_json::json!([blocker]));
        assert_eq!(node["soft"], false, "{node}");
        assert!(node["wait_secs"].as_f64().unwrap() > 0.0, "{node}");
        assert!(node["query"].as_str().unwrap().contains("UPDATE orders"));
    }
    let deepest = e["trees"].as_array().unwrap().iter().map(depth).max();
    assert_eq!(e["max_depth"].as_u64(), deepest);
    assert!(e["max_depth"].as_u64().unwrap() >= 3);
    assert!(e["waiting"].as_u64().unwrap() >= 2);
    assert!(e["oldest_wait_secs"].as_f64().unwrap() >= mid["wait_secs"].as_f64().unwrap());

    Quell::new()
        .args(["locks", "--fail-if-blocked", "0"])
        .dsn(&db.dsn())
        .run()
        .code(1);
    // Durations as every other duration flag takes them; a typo is a usage error.
    Quell::new()
        .args(["locks", "--fail-if-blocked", "1ms"])
        .dsn(&db.dsn())
        .run()
        .code(1);
    Quell::new()
        .args(["locks", "--fail-if-blocked", "1h"])
        .dsn(&db.dsn())
        .run()
        .success();
    let bad = Quell::new()
        .args(["locks", "--fail-if-blocked", "30x"])
        .dsn(&db.dsn())
        .run()
        .code(2);
    assert!(
        bad.stderr.contains("invalid duration \"30x\""),
        "{}",
        bad.stderr
    );
    let run = Quell::new()
        .args(["locks", "--fail-if-blocked", "3600", "--no-color"])
        .dsn(&db.dsn())
        .run()
        .success();
    let out = &run.stdout;
    assert!(out.contains("waiting on locks; oldest "), "{out}");
    let line = |prefix: String| {
        out.lines()
            .find(|l| l.starts_with(&prefix))
            .unwrap_or_else(|| panic!("no line starting {prefix:?}:\n{out}"))
            .to_string()
    };
    assert!(
        line(format!("{a} ")).contains("idle in transaction"),
        "{out}"
    );
    assert!(
        line(format!("└─ {b} ")).contains("ShareLock on transaction"),
        "{out}"
    );
    assert!(
        line(format!("   └─ {c} ")).contains("(row in orders)"),
        "{out}"
    );
}

#[test]
fn queued_behind_a_waiter_is_soft() {
    let db = Db::new("locks_soft");
    db.psql("CREATE TABLE t (x int)");
    // A copy of the database has the same oid under another name: reading our lock
    // from there must not name it after that relation.
    let copy = format!("{}_copy", db.name);
    cluster()
        .psql(
            "postgres",
            &format!("CREATE DATABASE {copy} TEMPLATE {}", db.name),
        )
        .unwrap();
    cluster()
        .psql(&copy, "ALTER TABLE t RENAME TO not_t")
        .unwrap();
    let s = Sessions::open(&db, 3);
    let (a, b, c) = (s.pids[0], s.pids[1], s.pids[2]);
    s.run(0, "BEGIN; SELECT count(*) FROM t");
    s.start_waiting(1, "BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE");
    s.start_waiting(2, "SELECT count(*) FROM t");

    let e = locks_json(&db.dsn(), &[]);
    let root = tree_of(&e, a);
    let mid = only_child(&root);
    let leaf = only_child(&mid);
    assert_eq!(mid["pid"], b);
    assert_eq!(mid["mode"], "AccessExclusiveLock");
    assert_eq!(
        mid["soft"], false,
        "B is blocked by A's granted lock: {mid}"
    );
    assert_eq!(leaf["pid"], c);
    assert_eq!(leaf["mode"], "AccessShareLock");
    assert_eq!(
        leaf["soft"], true,
        "C only queues behind B's request: {leaf}"
    );
    for node in [&mid, &leaf] {
        assert_eq!(node["locktype"], "relation");
        assert_eq!(node["relation"], "t");
        assert_eq!(node["lock_target"], "relation t");
    }
    let run = Quell::new()
        .args(["locks", "--no-color"])
        .dsn(&db.dsn())
        .run()
        .success();
    assert!(
        run.stdout.contains(&format!("└─ {c} "))
            && run.stdout.contains(&format!("queued behind {b}")),
        "{}",
        run.stdout
    );

    // From another database the oid cannot be named: it stays an oid rather than
    // taking the name of whatever has that oid in quell's database.
    let oid = db.psql("SELECT 't'::regclass::oid").trim().to_string();
    let e = locks_json(&cluster().dsn(cluster().superuser(), &copy), &[]);
    let mid = only_child(&tree_of(&e, a));
    assert_eq!(mid["relation"], oid.as_str(), "{mid}");
    assert_eq!(mid["lock_target"], format!("relation oid {oid}"));
}

#[test]
fn a_lock_upgrade_blocks_hard_though_it_waits_on_the_same_table() {
    // X and P hold SHARE; P asks for SHARE ROW EXCLUSIVE (waits on X); N's ROW EXCLUSIVE
    // conflicts with both SHAREs. P waits on t too, but N is not merely queued behind
    // P's request: P's granted SHARE blocks it. N is in both their ways: under each.
    let db = Db::new("locks_upgrade");
    db.psql("CREATE TABLE t (x int)");
    let s = Sessions::open(&db, 3);
    let (x, p, n) = (s.pids[0], s.pids[1], s.pids[2]);
    s.run(0, "BEGIN; LOCK TABLE t IN SHARE MODE");
    s.run(1, "BEGIN; LOCK TABLE t IN SHARE MODE");
    s.start_waiting(1, "LOCK TABLE t IN SHARE ROW EXCLUSIVE MODE");
    s.start_waiting(2, "INSERT INTO t VALUES (1)");

    let e = locks_json(&db.dsn(), &[]);
    let root = tree_of(&e, x);
    let under_x: Vec<Value> = root["blocked"].as_array().unwrap().clone();
    let pids: Vec<&Value> = under_x.iter().map(|c| &c["pid"]).collect();
    assert_eq!(pids, [&Value::from(p), &Value::from(n)], "{root}");
    let upgrader = &under_x[0];
    assert_eq!(upgrader["mode"], "ShareRowExclusiveLock");
    assert_eq!(upgrader["soft"], false);
    let inserter = only_child(upgrader);
    assert_eq!(inserter["pid"], n);
    for node in [&inserter, &under_x[1]] {
        assert_eq!(node["mode"], "RowExclusiveLock");
        assert_eq!(node["soft"], false, "{node}");
        let mut by: Vec<i64> = node["blocked_by"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_i64)
            .collect();
        by.sort_unstable();
        let mut want = vec![i64::from(x), i64::from(p)];
        want.sort_unstable();
        assert_eq!(by, want, "{node}");
    }
}

#[test]
fn a_hot_row_queue_is_one_level_under_the_tuple_lock_holder() {
    // Four sessions update the row A has updated. The first holds the row's tuple lock
    // and waits for A's transaction; pg_blocking_pids() names, for each later one, the
    // first and everyone queued ahead. They all wait on the first's tuple lock: one
    // level under it, not a staircase.
    let db = Db::new("locks_hotrow");
    db.psql("CREATE TABLE hot (id int PRIMARY KEY, v int); INSERT INTO hot VALUES (1, 0);");
    let s = Sessions::open(&db, 5);
    s.run(0, "BEGIN; UPDATE hot SET v = v + 1 WHERE id = 1");
    for i in 1..5 {
        s.start_waiting(i, "UPDATE hot SET v = v + 1 WHERE id = 1");
    }
    let e = locks_json(&db.dsn(), &[]);
    let root = tree_of(&e, s.pids[0]);
    let first = only_child(&root);
    assert_eq!(first["pid"], s.pids[1]);
    assert_eq!(first["locktype"], "transactionid");
    assert_eq!(depth(&root), 3, "{root}");
    let queue = first["blocked"].as_array().unwrap();
    let mut pids: Vec<i64> = queue.iter().filter_map(|n| n["pid"].as_i64()).collect();
    pids.sort_unstable();
    let want: Vec<i64> = s.pids[2..].iter().map(|&p| i64::from(p)).collect();
    assert_eq!(pids, want, "{first}");
    for node in queue {
        assert_eq!(node["locktype"], "tuple", "{node}");
        assert_eq!(node["mode"], "ExclusiveLock", "{node}");
        assert_eq!(node["relation"], "hot", "{node}");
        assert_eq!(node["soft"], false, "{node}");
    }
    // The last in line is blocked by the first and by the two queued ahead of it.
    let last = queue.iter().find(|n| n["pid"] == s.pids[4]).unwrap();
    assert_eq!(
        last["blocked_by"].as_array().map(Vec::len),
        Some(3),
        "{last}"
    );
}

#[test]
fn min_wait_prunes_shorter_waits() {
    let db = Db::new("locks_minwait");
    db.psql("CREATE TABLE t (x int)");
    let s = Sessions::open(&db, 2);
    s.run(0, "BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE");
    s.start_waiting(1, "SELECT count(*) FROM t");

    let e = locks_json(&db.dsn(), &[]);
    assert_eq!(only_child(&tree_of(&e, s.pids[0]))["pid"], s.pids[1]);
    let e = locks_json(&db.dsn(), &["--min-wait", "1h"]);
    assert_eq!(e["trees"], serde_json::json!([]), "{e}");
    assert_eq!(e["waiting"], 0);
    assert_eq!(e["oldest_wait_secs"], Value::Null);
    assert_eq!(e["max_depth"], 0);
    // Nothing that old, so nothing to fail on.
    Quell::new()
        .args(["locks", "--min-wait", "1h", "--fail-if-blocked", "0"])
        .dsn(&db.dsn())
        .run()
        .success();
}

#[test]
fn a_quiet_server_has_no_trees_and_the_fields_have_their_types() {
    // A cluster of its own: the shared one may have other tests' waits at any moment.
    let quiet = Cluster::start(ClusterOptions::default()).expect("starting a cluster");
    let dsn = quiet.dsn(quiet.superuser(), "postgres");
    let e = locks_json(&dsn, &["--fail-if-blocked", "0"]);
    assert_eq!(e["target"].as_str().map(str::is_empty), Some(false));
    assert_eq!(e["trees"], serde_json::json!([]));
    assert_eq!(e["waiting"], 0);
    assert_eq!(e["max_depth"], 0);
    assert!(e["oldest_wait_secs"].is_null());
    let run = Quell::new().args(["locks"]).dsn(&dsn).run().success();
    assert!(
        run.stdout.trim_end().ends_with("no lock waits"),
        "{}",
        run.stdout
    );
    drop(quiet);

    // Every field of a node, with its type, on a waiter and on its root.
    let db = Db::new("locks_fields");
    db.psql("CREATE TABLE t (x int)");
    let s = Sessions::open(&db, 2);
    s.run(0, "BEGIN; LOCK TABLE t IN EXCLUSIVE MODE");
    s.start_waiting(1, "INSERT INTO t VALUES (1)");
    let e = locks_json(&db.dsn(), &[]);
    assert!(e["waiting"].is_u64() && e["max_depth"].is_u64() && e["oldest_wait_secs"].is_f64());
    let root = tree_of(&e, s.pids[0]);
    let waiter = only_child(&root);
    let strings = [
        "backend_type",
        "role",
        "database",
        "application",
        "state",
        "wait_event_type",
        "wait_event",
        "locktype",
        "mode",
        "relation",
        "lock_target",
        "query",
    ];
    let numbers = ["wait_secs", "xact_age_secs", "state_age_secs"];
    let flags = ["soft", "cycle", "truncated"];
    for key in strings {
        assert!(waiter[key].is_string(), "{key}: {waiter}");
    }
    for key in numbers {
        assert!(waiter[key].is_f64(), "{key}: {waiter}");
    }
    for key in flags {
        assert!(waiter[key].is_boolean(), "{key}: {waiter}");
        assert!(root[key].is_boolean(), "{key}: {root}");
    }
    assert!(
        waiter["pid"].is_i64() && waiter["blocked_by"].is_array() && waiter["blocked"].is_array()
    );
    assert_eq!(waiter["database"], db.name.as_str());
    assert_eq!(waiter["application"], "locks-test");
    assert_eq!(waiter["mode"], "RowExclusiveLock");
    // A root that does not wait has null lock fields, and its own ages.
    for key in ["wait_secs", "locktype", "mode", "relation", "lock_target"] {
        assert!(root[key].is_null(), "{key}: {root}");
    }
    assert!(root["xact_age_secs"].is_f64() && root["state_age_secs"].is_f64());
    assert_eq!(root["blocked_by"], serde_json::json!([]));
}
