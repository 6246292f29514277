//! Blocking trees from one snapshot: which waiter goes under which blocker, whether a
//! block is `soft`, deadlock cycles, `--min-wait` pruning and the summary numbers.
//! Pure data in, data out: the SQL is `locks`'s, the rendering `render`'s.
//!
//! Where a waiter goes: under each backend that *holds* a lock in its way (a hard
//! block). Only a waiter nothing holds up, one merely queued behind other requests, goes
//! under the requests it is queued behind (`soft`), and there under the head of the
//! queue (a request that is itself held up by a holder) rather than under every request
//! ahead of it. `pg_blocking_pids()` names the holder *and* everyone queued ahead with a
//! conflicting request, so listing each waiter under each would nest a queue of n
//! waiters n deep and print it 2^n times; this way a hot row or an advisory-lock queue
//! is one level of n waiters, and `blocked_by` still has every pid. A path guard (`cycle`,
//! a deadlock the server has not broken yet), a node budget and a depth limit
//! (`truncated`) keep any graph finite.

use std::collections::HashMap;

use serde::Serialize;

use super::Locks;

/// Past this many nodes, a backend already shown with its waiters is shown again
/// without them, so a pathological graph cannot blow up the output.
const MAX_NODES: usize = 5000;
/// Trees are at most this deep: a backend at this level is shown without its waiters
/// (which also keeps recursion shallow).
const MAX_DEPTH: usize = 64;

/// A waiter or blocker as the snapshot returns it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Backend {
    pub pid: i32,
    pub backend_type: Option<String>,
    pub role: Option<String>,
    pub database: Option<String>,
    pub application: Option<String>,
    pub state: Option<String>,
    pub wait_event_type: Option<String>,
    pub wait_event: Option<String>,
    pub query: Option<String>,
    /// `pg_blocking_pids()`: empty unless it waits on a lock.
    pub blocked_by: Vec<i32>,
    pub wait_secs: Option<f64>,
    pub xact_age_secs: Option<f64>,
    pub state_age_secs: Option<f64>,
    pub relation: Option<String>,
    /// Its ungranted lock request.
    pub wants: Option<Wanted>,
    /// (lock tag, mode) of its granted locks on targets somebody waits for.
    pub holds: Vec<(String, String)>,
}

/// An ungranted lock request.
#[derive(Debug, Clone, Default)]
pub(crate) struct Wanted {
    /// All identifying `pg_locks` columns, for "same lock target" comparisons.
    pub tag: String,
    pub locktype: String,
    pub mode: String,
    /// In words: "relation orders", "transaction 726".
    pub target: String,
}

impl Backend {
    /// A blocker the activity snapshot does not have: pid 0 is a prepared transaction,
    /// anything else ended between the two reads.
    fn missing(pid: i32) -> Backend {
        Backend {
            pid,
            backend_type: (pid == 0).then(|| "prepared transaction".to_string()),
            ..Backend::default()
        }
    }
}

/// One backend in a blocking tree.
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    pub pid: i32,
    pub backend_type: Option<String>,
    pub role: Option<String>,
    pub database: Option<String>,
    pub application: Option<String>,
    pub state: Option<String>,
    pub wait_event_type: Option<String>,
    pub wait_event: Option<String>,
    /// Seconds waiting for its lock (`pg_locks.waitstart`; before PostgreSQL 14, since its
    /// last state change); null when it does not wait on a lock.
    pub wait_secs: Option<f64>,
    /// Seconds since its transaction began; null outside a transaction.
    pub xact_age_secs: Option<f64>,
    /// Seconds in its current state (e.g. idle in transaction).
    pub state_age_secs: Option<f64>,
    /// Its ungranted request: `pg_locks.locktype`, `mode`.
    pub locktype: Option<String>,
    pub mode: Option<String>,
    /// The relation it waits on (for a row's transaction wait, the row's relation); an
    /// oid when the relation is in another database than quell's.
    pub relation: Option<String>,
    /// What the lock is on, in words: "relation orders", "transaction 726", "advisory lock 42".
    pub lock_target: Option<String>,
    /// Its current (or, when idle, last) statement, whole.
    pub query: Option<String>,
    /// Every pid `pg_blocking_pids()` returned for it.
    pub blocked_by: Vec<i32>,
    /// Queued behind its parent, which waits for the same lock target and holds nothing
    /// there that conflicts with this request: ending the parent's wait, not the parent's
    /// locks, is what frees it.
    pub soft: bool,
    /// This pid is already an ancestor here: a deadlock cycle; the tree stops.
    pub cycle: bool,
    /// Its waiters are left out here to keep the output bounded: it is shown with them
    /// elsewhere (past 5000 nodes), or it sits 64 levels deep (the limit).
    pub truncated: bool,
    /// The backends it blocks.
    pub blocked: Vec<Node>,
}

impl Node {
    fn new(b: &Backend) -> Node {
        Node {
            pid: b.pid,
            backend_type: b.backend_type.clone(),
            role: b.role.clone(),
            database: b.database.clone(),
            application: b.application.clone(),
            state: b.state.clone(),
            wait_event_type: b.wait_event_type.clone(),
            wait_event: b.wait_event.clone(),
            wait_secs: b.wait_secs.map(round3),
            xact_age_secs: b.xact_age_secs.map(round3),
            state_age_secs: b.state_age_secs.map(round3),
            locktype: b.wants.as_ref().map(|w| w.locktype.clone()),
            mode: b.wants.as_ref().map(|w| w.mode.clone()),
            relation: b.relation.clone(),
            lock_target: b.wants.as_ref().map(|w| w.target.clone()),
            query: b.query.clone(),
            blocked_by: b.blocked_by.clone(),
            soft: false,
            cycle: false,
            truncated: false,
            blocked: Vec::new(),
        }
    }

    /// Levels in this tree, counting itself.
    pub fn depth(&self) -> usize {
        1 + self.blocked.iter().map(Node::depth).max().unwrap_or(0)
    }

    /// Nodes in this tree, counting itself.
    pub fn size(&self) -> usize {
        1 + self.blocked.iter().map(Node::size).sum::<usize>()
    }

    /// The longest wait in this tree.
    pub fn oldest_wait(&self) -> f64 {
        self.blocked
            .iter()
            .map(Node::oldest_wait)
            .fold(self.wait_secs.unwrap_or(0.0), f64::max)
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The lock modes in PostgreSQL's order, and which of them each one conflicts with
/// (bit j set: conflicts with `MODES[j]`), as in the docs' "Conflicting Lock Modes" table.
const MODES: [&str; 8] = [
    "AccessShareLock",
    "RowShareLock",
    "RowExclusiveLock",
    "ShareUpdateExclusiveLock",
    "ShareLock",
    "ShareRowExclusiveLock",
    "ExclusiveLock",
    "AccessExclusiveLock",
];
const CONFLICTS: [u8; 8] = [
    0b1000_0000,
    0b1100_0000,
    0b1111_0000,
    0b1111_1000,
    0b1110_1100,
    0b1111_1100,
    0b1111_1110,
    0b1111_1111,
];

/// Whether a granted `held` lock conflicts with a `wanted` one on the same target.
/// SIReadLock (predicate locks) blocks nothing; an unknown mode counts as conflicting.
fn conflicts(held: &str, wanted: &str) -> bool {
    if held == "SIReadLock" {
        return false;
    }
    let index = |mode: &str| MODES.iter().position(|m| *m == mode);
    match (index(held), index(wanted)) {
        (Some(h), Some(w)) => CONFLICTS[w] & (1 << h) != 0,
        _ => true,
    }
}

/// `waiter` sits behind `blocker` only in the queue: the blocker waits for the same lock
/// target and holds no lock there that conflicts with the waiter's request. (A blocker
/// upgrading a lock it holds, e.g. SHARE to SHARE ROW EXCLUSIVE, waits on the same target
/// but still blocks hard with what it holds.)
fn soft(blocker: &Backend, waiter: &Backend) -> bool {
    let (Some(theirs), Some(mine)) = (&blocker.wants, &waiter.wants) else {
        return false;
    };
    theirs.tag == mine.tag
        && !blocker
            .holds
            .iter()
            .any(|(tag, mode)| *tag == mine.tag && conflicts(mode, &mine.mode))
}

/// The trees, pruned to waits of at least `min_wait` seconds, and their summary.
pub(crate) fn build(backends: Vec<Backend>, min_wait: Option<f64>) -> Locks {
    let mut backends = backends;
    for b in &mut backends {
        let pid = b.pid;
        b.blocked_by.sort_unstable();
        b.blocked_by.dedup();
        b.blocked_by.retain(|p| *p != pid);
    }
    let mut index: HashMap<i32, usize> = HashMap::new();
    for (i, b) in backends.iter().enumerate() {
        index.entry(b.pid).or_insert(i);
    }
    let blockers: Vec<i32> = backends.iter().flat_map(|b| b.blocked_by.clone()).collect();
    for pid in blockers {
        if let std::collections::hash_map::Entry::Vacant(slot) = index.entry(pid) {
            slot.insert(backends.len());
            backends.push(Backend::missing(pid));
        }
    }
    let parents: Vec<Vec<usize>> = backends
        .iter()
        .map(|b| b.blocked_by.iter().map(|p| index[p]).collect())
        .collect();
    let shown = placement(&backends, &parents);
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); backends.len()];
    for (w, ps) in shown.iter().enumerate() {
        for &p in ps {
            children[p].push(w);
        }
    }
    let wait = |i: usize| backends[i].wait_secs.unwrap_or(0.0);
    for list in &mut children {
        list.sort_by(|&a, &b| {
            wait(b)
                .total_cmp(&wait(a))
                .then(backends[a].pid.cmp(&backends[b].pid))
        });
    }
    let mut unfold = Unfold {
        backends: &backends,
        children: &children,
        expanded: vec![false; backends.len()],
        emitted: 0,
    };
    let mut trees: Vec<Node> = (0..backends.len())
        .filter(|&i| parents[i].is_empty() && !children[i].is_empty())
        .map(|i| unfold.node(i, None, &mut Vec::new()))
        .collect();
    // Waiters no root reaches sit on or behind a deadlock cycle: root each cycle at a member.
    let mut waiters: Vec<usize> = (0..backends.len())
        .filter(|&i| !parents[i].is_empty())
        .collect();
    waiters.sort_by(|&a, &b| wait(b).total_cmp(&wait(a)));
    for start in waiters {
        if unfold.expanded[start] {
            continue;
        }
        let mut seen = vec![false; backends.len()];
        let mut at = start;
        while !seen[at] {
            seen[at] = true;
            match shown[at].first() {
                Some(&p) => at = p,
                None => break,
            }
        }
        trees.push(unfold.node(at, None, &mut Vec::new()));
    }
    if let Some(min) = min_wait {
        trees = trees.into_iter().filter_map(|t| prune(t, min)).collect();
    }
    trees.sort_by(|a, b| {
        b.size()
            .cmp(&a.size())
            .then(b.oldest_wait().total_cmp(&a.oldest_wait()))
            .then(a.pid.cmp(&b.pid))
    });
    let waits: Vec<f64> = backends
        .iter()
        .filter(|b| !b.blocked_by.is_empty())
        .map(|b| b.wait_secs.unwrap_or(0.0))
        .filter(|w| min_wait.is_none_or(|min| *w >= min))
        .collect();
    Locks {
        waiting: waits.len(),
        oldest_wait_secs: waits.iter().copied().reduce(f64::max).map(round3),
        max_depth: trees.iter().map(Node::depth).max().unwrap_or(0),
        trees,
        min_wait_secs: min_wait,
    }
}

/// The blockers each waiter is shown under: those holding a lock in its way; failing
/// those (it is only queued), the requests ahead of it that a holder holds up (the head
/// of the queue); failing those, every blocker.
fn placement(backends: &[Backend], parents: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let hard: Vec<Vec<usize>> = parents
        .iter()
        .enumerate()
        .map(|(w, ps)| {
            ps.iter()
                .copied()
                .filter(|&p| !soft(&backends[p], &backends[w]))
                .collect()
        })
        .collect();
    let queued = |w: usize| hard[w].is_empty() && !parents[w].is_empty();
    parents
        .iter()
        .enumerate()
        .map(|(w, ps)| {
            let heads: Vec<usize> = ps.iter().copied().filter(|&p| !queued(p)).collect();
            if !hard[w].is_empty() {
                hard[w].clone()
            } else if !heads.is_empty() {
                heads
            } else {
                ps.clone()
            }
        })
        .collect()
}

struct Unfold<'a> {
    backends: &'a [Backend],
    children: &'a [Vec<usize>],
    expanded: Vec<bool>,
    emitted: usize,
}

impl Unfold<'_> {
    fn node(&mut self, i: usize, parent: Option<usize>, path: &mut Vec<usize>) -> Node {
        let mut node = Node::new(&self.backends[i]);
        node.soft = parent.is_some_and(|p| soft(&self.backends[p], &self.backends[i]));
        self.emitted += 1;
        if path.contains(&i) {
            node.cycle = true;
            return node;
        }
        if (self.expanded[i] && self.emitted > MAX_NODES) || path.len() + 1 >= MAX_DEPTH {
            node.truncated = !self.children[i].is_empty();
            return node;
        }
        self.expanded[i] = true;
        path.push(i);
        for &child in &self.children[i] {
            let child = self.node(child, Some(i), path);
            node.blocked.push(child);
        }
        path.pop();
        node
    }
}

/// Keep waiters waiting at least `min` seconds and the paths down to them.
fn prune(mut node: Node, min: f64) -> Option<Node> {
    node.blocked = std::mem::take(&mut node.blocked)
        .into_iter()
        .filter_map(|c| prune(c, min))
        .collect();
    let long = !node.blocked_by.is_empty() && node.wait_secs.is_some_and(|w| w >= min);
    (long || !node.blocked.is_empty()).then_some(node)
}

#[cfg(test)]
#[path = "tree_tests.rs"]
mod tests;
