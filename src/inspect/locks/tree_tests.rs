//! Unit tests of the tree building: shapes `pg_blocking_pids()` really produces.

use super::*;

fn holder(pid: i32) -> Backend {
    Backend {
        pid,
        state: Some("idle in transaction".into()),
        ..Backend::default()
    }
}

fn waiter(pid: i32, by: &[i32], wait: f64, tag: &str, mode: &str) -> Backend {
    Backend {
        pid,
        state: Some("active".into()),
        wait_event_type: Some("Lock".into()),
        blocked_by: by.to_vec(),
        wait_secs: Some(wait),
        wants: Some(Wanted {
            tag: tag.into(),
            locktype: "relation".into(),
            mode: mode.into(),
            target: format!("relation {tag}"),
        }),
        ..Backend::default()
    }
}

fn holds(mut b: Backend, tag: &str, mode: &str) -> Backend {
    b.holds.push((tag.into(), mode.into()));
    b
}

/// "pid(child pid(...) ...)" with a `~` before soft children, `!` after cycle stubs.
fn shape(n: &Node) -> String {
    let kids: Vec<String> = n
        .blocked
        .iter()
        .map(|c| format!("{}{}", if c.soft { "~" } else { "" }, shape(c)))
        .collect();
    let cycle = if n.cycle { "!" } else { "" };
    if kids.is_empty() {
        format!("{}{cycle}", n.pid)
    } else {
        format!("{}{cycle}({})", n.pid, kids.join(" "))
    }
}

fn shapes(l: &Locks) -> Vec<String> {
    l.trees.iter().map(shape).collect()
}

#[test]
fn a_chain_is_one_tree_rooted_at_the_holder() {
    let l = build(
        vec![
            waiter(3, &[2], 5.0, "xid:2", "ShareLock"),
            holder(1),
            holds(
                waiter(2, &[1], 9.0, "xid:1", "ShareLock"),
                "xid:2",
                "ExclusiveLock",
            ),
        ],
        None,
    );
    assert_eq!(shapes(&l), ["1(2(3))"]);
    assert_eq!(
        (l.waiting, l.max_depth, l.oldest_wait_secs),
        (2, 3, Some(9.0))
    );
}

#[test]
fn queued_behind_a_waiter_is_soft_unless_the_waiter_also_holds_a_conflicting_lock() {
    // A holds ACCESS SHARE, B wants ACCESS EXCLUSIVE (waits on A), C wants ACCESS SHARE:
    // only B's queued request is in C's way.
    let l = build(
        vec![
            holds(holder(1), "t", "AccessShareLock"),
            waiter(2, &[1], 9.0, "t", "AccessExclusiveLock"),
            waiter(3, &[2], 5.0, "t", "AccessShareLock"),
        ],
        None,
    );
    assert_eq!(shapes(&l), ["1(2(~3))"]);
    // Lock upgrade: B holds SHARE and waits for SHARE ROW EXCLUSIVE (A holds SHARE too);
    // C wants ROW EXCLUSIVE, which B's granted SHARE blocks: hard, though B also waits on t.
    let l = build(
        vec![
            holds(holder(1), "t", "ShareLock"),
            holds(
                waiter(2, &[1], 9.0, "t", "ShareRowExclusiveLock"),
                "t",
                "ShareLock",
            ),
            waiter(3, &[1, 2], 5.0, "t", "RowExclusiveLock"),
        ],
        None,
    );
    // C is in the way of both: it appears under each, hard under B too.
    assert_eq!(shapes(&l), ["1(2(3) 3)"]);
    // A blocker waiting on something else is a hard blocker.
    let l = build(
        vec![
            holder(1),
            holds(waiter(2, &[1], 9.0, "u", "ShareLock"), "t", "ExclusiveLock"),
            waiter(3, &[2], 5.0, "t", "ShareLock"),
        ],
        None,
    );
    assert_eq!(shapes(&l), ["1(2(3))"]);
}

#[test]
fn conflict_table_matches_postgres() {
    assert!(conflicts("AccessShareLock", "AccessExclusiveLock"));
    assert!(!conflicts("AccessShareLock", "ExclusiveLock"));
    assert!(conflicts("ShareLock", "RowExclusiveLock"));
    assert!(conflicts("RowExclusiveLock", "ShareLock"));
    assert!(!conflicts("ShareLock", "ShareLock"));
    assert!(conflicts(
        "ShareUpdateExclusiveLock",
        "ShareUpdateExclusiveLock"
    ));
    assert!(!conflicts("RowShareLock", "RowExclusiveLock"));
    assert!(conflicts("RowShareLock", "ExclusiveLock"));
    assert!(!conflicts("SIReadLock", "AccessExclusiveLock"));
    // The table is symmetric.
    for a in MODES {
        for b in MODES {
            assert_eq!(conflicts(a, b), conflicts(b, a), "{a} vs {b}");
        }
    }
}

#[test]
fn a_lock_queue_is_one_level_under_the_holder_not_n_deep() {
    // Holder 1; 2..=6 queue for the same exclusive lock: pg_blocking_pids() names the
    // holder and everyone ahead. Each is held up by the holder: one level, no copies.
    let mut backends = vec![holds(holder(1), "k", "ExclusiveLock")];
    for pid in 2..=6 {
        let ahead: Vec<i32> = (1..pid).collect();
        backends.push(waiter(pid, &ahead, 10.0 - pid as f64, "k", "ExclusiveLock"));
    }
    let l = build(backends, None);
    assert_eq!(shapes(&l), ["1(2 3 4 5 6)"]);
    assert_eq!((l.waiting, l.max_depth), (5, 2));
    assert_eq!(l.trees[0].blocked[1].blocked_by, [1, 2]);
}

#[test]
fn a_hot_row_queue_of_a_thousand_is_flat_and_quick() {
    // 1 holds the row's transaction; 2 holds the tuple lock and waits for 1; 3.. queue
    // for the tuple lock behind 2 and each other.
    let mut backends = vec![
        holder(1),
        holds(
            waiter(2, &[1], 100.0, "xid", "ShareLock"),
            "row",
            "ExclusiveLock",
        ),
    ];
    for pid in 3..1003 {
        let ahead: Vec<i32> = (2..pid).collect();
        backends.push(waiter(pid, &ahead, 1.0, "row", "ExclusiveLock"));
    }
    let l = build(backends, None);
    assert_eq!(l.trees.len(), 1);
    assert_eq!(l.trees[0].size(), 1002);
    assert_eq!((l.waiting, l.max_depth), (1001, 3));
    assert!(l.trees[0].blocked[0].blocked.iter().all(|n| !n.soft));
}

#[test]
fn queued_only_waiters_go_under_the_head_of_the_queue() {
    // 1 holds ACCESS SHARE; 2 wants ACCESS EXCLUSIVE (held up by 1); 3, 4, 5 want
    // EXCLUSIVE, which 1's lock allows: they are queued behind 2 and each other only.
    let l = build(
        vec![
            holds(holder(1), "t", "AccessShareLock"),
            waiter(2, &[1], 9.0, "t", "AccessExclusiveLock"),
            waiter(3, &[2], 8.0, "t", "ExclusiveLock"),
            waiter(4, &[2, 3], 7.0, "t", "ExclusiveLock"),
            waiter(5, &[2, 3, 4], 6.0, "t", "ExclusiveLock"),
        ],
        None,
    );
    assert_eq!(shapes(&l), ["1(2(~3 ~4 ~5))"]);
    assert_eq!(l.max_depth, 3);
}

#[test]
fn a_waiter_with_two_independent_blockers_appears_under_each() {
    let l = build(
        vec![
            holder(1),
            holder(2),
            waiter(3, &[1, 2], 4.0, "t", "AccessExclusiveLock"),
            waiter(4, &[3], 2.0, "t", "AccessShareLock"),
        ],
        None,
    );
    assert_eq!(shapes(&l), ["1(3(~4))", "2(3(~4))"]);
    assert_eq!(l.waiting, 2);
}

#[test]
fn a_deadlock_cycle_is_finite_and_rooted_on_the_cycle() {
    // 1 and 2 wait on each other; 3 waits behind 2.
    let l = build(
        vec![
            waiter(3, &[2], 9.0, "b", "ShareLock"),
            waiter(1, &[2], 2.0, "b", "ShareLock"),
            waiter(2, &[1], 1.0, "a", "ShareLock"),
        ],
        None,
    );
    assert_eq!(l.trees.len(), 1, "{:?}", shapes(&l));
    let s = &shapes(&l)[0];
    assert!(s == "2(3 1(2!))" || s == "1(2(3 1!))", "{s}");
    assert_eq!(l.waiting, 3);
}

#[test]
fn blockers_missing_from_the_snapshot_are_roots() {
    let l = build(
        vec![
            waiter(5, &[0], 3.0, "t", "RowExclusiveLock"),
            waiter(6, &[777], 2.0, "u", "RowExclusiveLock"),
        ],
        None,
    );
    assert_eq!(shapes(&l), ["0(5)", "777(6)"]);
    assert_eq!(
        l.trees[0].backend_type.as_deref(),
        Some("prepared transaction")
    );
    assert_eq!(l.trees[1].backend_type, None);
}

#[test]
fn min_wait_keeps_long_waits_and_the_path_to_them() {
    let backends = || {
        vec![
            holder(1),
            waiter(2, &[1], 2.0, "x", "ShareLock"),
            waiter(3, &[2], 60.0, "y", "ShareLock"),
            holder(10),
            waiter(11, &[10], 5.0, "z", "ShareLock"),
        ]
    };
    let l = build(backends(), Some(30.0));
    assert_eq!(shapes(&l), ["1(2(3))"]);
    assert_eq!((l.waiting, l.oldest_wait_secs), (1, Some(60.0)));
    let l = build(backends(), Some(3600.0));
    assert!(l.trees.is_empty());
    assert_eq!((l.waiting, l.oldest_wait_secs, l.max_depth), (0, None, 0));
}

#[test]
fn a_quiet_snapshot_has_no_trees() {
    let l = build(Vec::new(), None);
    assert!(l.trees.is_empty());
    assert_eq!((l.waiting, l.oldest_wait_secs, l.max_depth), (0, None, 0));
    // A lock waiter whose blocker went away before pg_blocking_pids() ran.
    let l = build(vec![waiter(4, &[], 1.0, "t", "ShareLock")], None);
    assert!(l.trees.is_empty());
    assert_eq!(l.waiting, 0);
}

#[test]
fn a_pathological_graph_stays_within_the_node_budget() {
    // Layers of two backends, each blocked by both of the layer above: unfolded in full
    // that is 2^20 nodes. And a deadlock beside it.
    let mut backends = vec![holder(1), holder(2)];
    for layer in 1..20 {
        let above = [layer * 2 - 1, layer * 2];
        for pid in [layer * 2 + 1, layer * 2 + 2] {
            backends.push(waiter(pid, &above, 1.0, "t", "ShareLock"));
        }
    }
    backends.push(waiter(100, &[101], 1.0, "c", "ShareLock"));
    backends.push(waiter(101, &[100], 1.0, "c", "ShareLock"));
    let l = build(backends, None);
    let total: usize = l.trees.iter().map(Node::size).sum();
    assert!(total < MAX_NODES * 3, "{total}");
    assert_eq!(l.max_depth, 20);
    assert!(l
        .trees
        .iter()
        .any(|t| t.blocked.iter().any(|c| c.truncated)));
    assert!(l.trees.iter().any(|t| t.cycle
        || t.blocked
            .iter()
            .any(|c| c.cycle || c.blocked.iter().any(|g| g.cycle))));
}

#[test]
fn a_very_deep_chain_stops_at_the_depth_limit() {
    let mut backends = vec![holder(1)];
    for pid in 2..200 {
        backends.push(waiter(pid, &[pid - 1], 1.0, "x", "ShareLock"));
    }
    let l = build(backends, None);
    assert_eq!(l.max_depth, MAX_DEPTH);
    assert_eq!(l.waiting, 198);
    let mut n = &l.trees[0];
    while let Some(child) = n.blocked.first() {
        n = child;
    }
    assert!(n.truncated);
}
