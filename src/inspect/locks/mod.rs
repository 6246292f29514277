//! `quell locks`: who blocks whom, as trees rooted at the backends that hold the locks.
//!
//! This module owns the snapshot: one statement (`SNAPSHOT_SQL`, one round trip) that
//! reads `pg_stat_activity` once, calls `pg_blocking_pids()` only for backends whose
//! `wait_event_type = 'Lock'` (it takes every lock-manager partition lock), and reads
//! `pg_locks` only when there is such a waiter: the waiters' ungranted requests, the
//! granted locks on those same lock targets (to tell a queued-behind-a-waiter `soft`
//! block from a hard one) and a row waiter's tuple lock (to name the relation of a
//! transaction-id wait). Building the trees is `tree`'s, the table `render`'s, printing
//! `output`'s. It never cancels or terminates a backend (`quell backends` will).

mod render;
mod tree;

use std::time::Duration;

use serde::Serialize;
use tokio_postgres::Row;

use crate::db::Session;
use crate::output::Output;

pub use tree::Node;
use tree::{Backend, Wanted};

/// The snapshot statement; `$waitstart` is `pg_locks.waitstart` (PostgreSQL 14+) or NULL.
/// Relation oids are turned into names only for this database's relations (and shared
/// catalogs, database 0): `regclass` of another database's oid would name the wrong
/// relation or none, so those stay oids.
macro_rules! snapshot_sql {
    ($waitstart:literal) => {
        concat!(
            "\
WITH activity AS (
  SELECT pid, backend_type, usename::text AS role, datname::text AS database,
         application_name, state, wait_event_type, wait_event, query, xact_start, state_change,
         CASE WHEN wait_event_type = 'Lock' THEN pg_blocking_pids(pid) END AS blocked_by
    FROM ",
            $crate::pg_stat_activity!(),
            "
   WHERE pid <> pg_backend_pid()
),
waiter AS (
  SELECT pid, blocked_by FROM activity WHERE cardinality(blocked_by) > 0
),
lock AS (
  SELECT coalesce(l.pid, 0) AS pid, l.locktype, l.mode, l.granted, l.database, l.relation,
         l.page, l.tuple, l.virtualxid, l.transactionid, l.classid, l.objid, l.objsubid,
         ",
            $waitstart,
            " AS waitstart,
         format('%s:%s:%s:%s:%s:%s:%s:%s:%s:%s', l.locktype, l.database, l.relation, l.page,
                l.tuple, l.virtualxid, l.transactionid, l.classid, l.objid, l.objsubid) AS tag
    FROM pg_locks l
   WHERE EXISTS (SELECT 1 FROM waiter)
),
wanted AS (
  SELECT DISTINCT ON (pid) * FROM lock WHERE NOT granted ORDER BY pid
),
held AS (
  SELECT pid, array_agg(tag) AS tags, array_agg(mode) AS modes
    FROM lock
   WHERE granted AND tag IN (SELECT tag FROM wanted)
   GROUP BY pid
),
row_lock AS (
  SELECT DISTINCT ON (pid) pid, database, relation
    FROM lock WHERE granted AND locktype = 'tuple' ORDER BY pid
)
SELECT a.pid, a.backend_type, a.role, a.database, a.application_name, a.state,
       a.wait_event_type, a.wait_event, a.query, a.blocked_by,
       CASE WHEN a.wait_event_type = 'Lock' THEN greatest(0, extract(epoch FROM
            statement_timestamp() - coalesce(w.waitstart, a.state_change)))::float8 END AS wait_secs,
       greatest(0, extract(epoch FROM statement_timestamp() - a.xact_start))::float8 AS xact_age_secs,
       greatest(0, extract(epoch FROM statement_timestamp() - a.state_change))::float8 AS state_age_secs,
       w.locktype, w.mode, w.tag, w.page::int8, w.tuple::int8, w.virtualxid,
       w.transactionid::text AS transactionid, w.classid::int8, w.objid::int8, w.objsubid::int8,
       CASE WHEN coalesce(w.relation, r.relation) IS NULL THEN NULL
            WHEN coalesce(w.database, r.database)
                 IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
            THEN coalesce(w.relation, r.relation)::regclass::text
            ELSE coalesce(w.relation, r.relation)::text END AS relation,
       h.tags AS held_tags, h.modes AS held_modes
  FROM activity a
  LEFT JOIN wanted w ON w.pid = a.pid
  LEFT JOIN row_lock r ON r.pid = a.pid AND w.locktype = 'transactionid'
  LEFT JOIN held h ON h.pid = a.pid
 WHERE a.pid IN (SELECT pid FROM waiter UNION SELECT unnest(blocked_by) FROM waiter)"
        )
    };
}

/// PostgreSQL 14+: wait ages from `pg_locks.waitstart`.
const SNAPSHOT_SQL: &str = snapshot_sql!("l.waitstart");
/// PostgreSQL 13 and older have no `waitstart`: wait ages fall back to `state_change`.
const SNAPSHOT_SQL_PRE14: &str = snapshot_sql!("NULL::timestamptz");

/// Resolved options of `quell locks`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only waits at least this old.
    pub min_wait: Option<Duration>,
}

/// One server's lock waits: a summary and the blocking trees.
#[derive(Debug, Serialize)]
pub struct Locks {
    /// Backends waiting on a heavyweight lock that something blocks (and, with
    /// `--min-wait`, waiting at least that long).
    pub waiting: usize,
    /// The longest of those waits, in seconds; null when there is none.
    pub oldest_wait_secs: Option<f64>,
    /// The longest chain in `trees`, counting the root: A←B←C is 3; 0 without trees.
    pub max_depth: usize,
    /// One tree per root: a blocker that is not itself blocked (or, in a deadlock cycle,
    /// one of the cycle's members), worst tree first.
    pub trees: Vec<Node>,
    /// `--min-wait` in seconds, for the headline.
    #[serde(skip)]
    pub min_wait_secs: Option<f64>,
}

impl Locks {
    /// No backend waits on a lock.
    pub fn none() -> Locks {
        Locks {
            waiting: 0,
            oldest_wait_secs: None,
            max_depth: 0,
            trees: Vec::new(),
            min_wait_secs: None,
        }
    }
}

/// Read the blocking trees of `session`'s server.
pub async fn collect(session: &Session, opts: &Options) -> anyhow::Result<Locks> {
    let sql = if session.server_version_num >= 140000 {
        SNAPSHOT_SQL
    } else {
        SNAPSHOT_SQL_PRE14
    };
    let rows = session
        .client
        .query_typed(sql, &[])
        .await
        .map_err(|e| anyhow::Error::new(e).context("reading lock waits"))?;
    let backends = rows
        .iter()
        .map(backend)
        .collect::<Result<Vec<_>, tokio_postgres::Error>>()?;
    // Our own backend is never in the snapshot (pid <> pg_backend_pid()); say so twice.
    let backends = backends
        .into_iter()
        .filter(|b| b.pid != session.backend_pid)
        .collect();
    Ok(tree::build(
        backends,
        opts.min_wait.map(|d| d.as_secs_f64()),
    ))
}

fn backend(row: &Row) -> Result<Backend, tokio_postgres::Error> {
    let locktype: Option<String> = row.try_get("locktype")?;
    let relation: Option<String> = row.try_get("relation")?;
    let wants = match (locktype, row.try_get::<_, Option<String>>("mode")?) {
        (Some(locktype), Some(mode)) => Some(Wanted {
            tag: row.try_get::<_, Option<String>>("tag")?.unwrap_or_default(),
            target: describe_target(&Tag {
                locktype: &locktype,
                relation: relation.as_deref(),
                page: row.try_get("page")?,
                tuple: row.try_get("tuple")?,
                virtualxid: row.try_get("virtualxid")?,
                transactionid: row.try_get("transactionid")?,
                classid: row.try_get("classid")?,
                objid: row.try_get("objid")?,
                objsubid: row.try_get("objsubid")?,
            }),
            locktype,
            mode,
        }),
        _ => None,
    };
    let tags: Vec<String> = row
        .try_get::<_, Option<_>>("held_tags")?
        .unwrap_or_default();
    let modes: Vec<String> = row
        .try_get::<_, Option<_>>("held_modes")?
        .unwrap_or_default();
    Ok(Backend {
        pid: row.try_get("pid")?,
        backend_type: row.try_get("backend_type")?,
        role: row.try_get("role")?,
        database: row.try_get("database")?,
        application: row.try_get("application_name")?,
        state: row.try_get("state")?,
        wait_event_type: row.try_get("wait_event_type")?,
        wait_event: row.try_get("wait_event")?,
        query: row.try_get("query")?,
        blocked_by: row
            .try_get::<_, Option<Vec<i32>>>("blocked_by")?
            .unwrap_or_default(),
        wait_secs: row.try_get("wait_secs")?,
        xact_age_secs: row.try_get("xact_age_secs")?,
        state_age_secs: row.try_get("state_age_secs")?,
        relation,
        wants,
        holds: tags.into_iter().zip(modes).collect(),
    })
}

/// The identifying columns of one `pg_locks` row.
struct Tag<'a> {
    locktype: &'a str,
    relation: Option<&'a str>,
    page: Option<i64>,
    tuple: Option<i64>,
    virtualxid: Option<String>,
    transactionid: Option<String>,
    classid: Option<i64>,
    objid: Option<i64>,
    objsubid: Option<i64>,
}

/// What a lock is on, in words: "relation orders", "transaction 726", "row (0,2) of orders",
/// "advisory lock 42". An unresolved relation (another database's) shows as "oid N".
fn describe_target(t: &Tag<'_>) -> String {
    let rel = t.relation.map_or_else(|| "?".to_string(), relation_words);
    let n = |v: Option<i64>| v.map_or_else(|| "?".to_string(), |v| v.to_string());
    let s = |v: &Option<String>| v.clone().unwrap_or_else(|| "?".to_string());
    match t.locktype {
        "relation" => format!("relation {rel}"),
        "extend" => format!("extension of {rel}"),
        "page" => format!("page {} of {rel}", n(t.page)),
        "tuple" => format!("row ({},{}) of {rel}", n(t.page), n(t.tuple)),
        "transactionid" => format!("transaction {}", s(&t.transactionid)),
        "virtualxid" => format!("virtual transaction {}", s(&t.virtualxid)),
        "advisory" => advisory(t.classid, t.objid, t.objsubid),
        "object" => format!("object {}/{}/{}", n(t.classid), n(t.objid), n(t.objsubid)),
        other => other.to_string(),
    }
}

/// A relation name as `regclass` gave it, or "oid N" when it stayed a number (another
/// database's relation: `regclass` quotes a name made of digits, so no name looks like one).
fn relation_words(relation: &str) -> String {
    if relation.bytes().all(|b| b.is_ascii_digit()) {
        format!("oid {relation}")
    } else {
        relation.to_string()
    }
}

/// `pg_advisory_lock(bigint)` puts the key's high and low halves in classid and objid
/// (objsubid 1); `pg_advisory_lock(int, int)` puts the two keys there (objsubid 2).
fn advisory(classid: Option<i64>, objid: Option<i64>, objsubid: Option<i64>) -> String {
    match (classid, objid, objsubid) {
        (Some(hi), Some(lo), Some(1)) => format!("advisory lock {}", (hi << 32) | lo),
        (Some(a), Some(b), Some(2)) => {
            format!("advisory lock ({}, {})", a as u32 as i32, b as u32 as i32)
        }
        (a, b, c) => format!("advisory lock {a:?}/{b:?}/{c:?}"),
    }
}

/// The oldest wait in seconds, for `--fail-if-blocked`.
pub fn oldest_wait_secs(locks: &Locks) -> Option<f64> {
    locks.oldest_wait_secs
}

/// The human view: a headline, then each tree indented.
pub fn render_table(out: &Output, target: &str, locks: &Locks) -> String {
    render::table(out, target, locks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(locktype: &str) -> Tag<'_> {
        Tag {
            locktype,
            relation: Some("orders"),
            page: Some(0),
            tuple: Some(2),
            virtualxid: Some("3/17".into()),
            transactionid: Some("726".into()),
            classid: Some(0),
            objid: Some(42),
            objsubid: Some(1),
        }
    }

    #[test]
    fn lock_targets_in_words() {
        assert_eq!(describe_target(&tag("relation")), "relation orders");
        assert_eq!(describe_target(&tag("tuple")), "row (0,2) of orders");
        assert_eq!(describe_target(&tag("transactionid")), "transaction 726");
        assert_eq!(
            describe_target(&tag("virtualxid")),
            "virtual transaction 3/17"
        );
        assert_eq!(describe_target(&tag("advisory")), "advisory lock 42");
        let other_db = Tag {
            relation: Some("16385"),
            ..tag("relation")
        };
        assert_eq!(describe_target(&other_db), "relation oid 16385");
        assert_eq!(
            advisory(Some(1), Some(0), Some(1)),
            "advisory lock 4294967296"
        );
        assert_eq!(
            advisory(Some(0xffff_ffff), Some(0xffff_ffff), Some(1)),
            "advisory lock -1"
        );
        assert_eq!(
            advisory(Some(7), Some(0xffff_fffe), Some(2)),
            "advisory lock (7, -2)"
        );
    }

    #[test]
    fn waitstart_only_where_it_exists() {
        assert!(SNAPSHOT_SQL.contains("l.waitstart AS waitstart"));
        assert!(!SNAPSHOT_SQL_PRE14.contains("l.waitstart"));
        // pg_blocking_pids() only for Lock waiters, and only once in the statement.
        for sql in [SNAPSHOT_SQL, SNAPSHOT_SQL_PRE14] {
            assert_eq!(sql.matches("pg_blocking_pids(").count(), 1);
            assert!(sql.contains("CASE WHEN wait_event_type = 'Lock' THEN pg_blocking_pids(pid)"));
        }
    }
}
