//! The table view of `quell locks`: a headline, then each blocking tree indented, one
//! backend a line, for a reader at 3 a.m.: who holds what, who waits how long, why.
//! Queries are put on one line and cut short here; `-o json` has them whole.

use super::{relation_words, Locks, Node};
use crate::output::Output;

/// Characters of a query shown in the table.
const QUERY_WIDTH: usize = 60;
/// Waiters listed under one backend; the rest are summed up in one line.
const MAX_CHILDREN: usize = 10;

pub(super) fn table(out: &Output, target: &str, locks: &Locks) -> String {
    let mut text = format!("{target} · {}\n", headline(locks));
    for tree in &locks.trees {
        line(out, tree, None, "", "", &mut text);
    }
    text.truncate(text.trim_end().len());
    text
}

fn headline(l: &Locks) -> String {
    if l.trees.is_empty() {
        return match l.min_wait_secs {
            Some(min) => format!("no lock waits of {} or longer", age(min)),
            None => "no lock waits".to_string(),
        };
    }
    let waiting = match l.waiting {
        1 => "1 backend waiting on a lock".to_string(),
        n => format!("{n} backends waiting on locks"),
    };
    let oldest = l
        .oldest_wait_secs
        .map(|s| format!("; oldest {}", age(s)))
        .unwrap_or_default();
    let deepest = l
        .trees
        .iter()
        .max_by_key(|t| (t.depth(), std::cmp::Reverse(t.pid)))
        .map(|t| format!("; deepest chain {} (root pid {})", t.depth(), t.pid))
        .unwrap_or_default();
    format!("{waiting}{oldest}{deepest}")
}

/// One backend, then its waiters. `lead` goes before the pid ("└─ "), `indent` before
/// the lines of its waiters.
fn line(out: &Output, n: &Node, parent: Option<i32>, lead: &str, indent: &str, text: &mut String) {
    let pid = if parent.is_none() && out.color {
        format!("\x1b[1m{}\x1b[0m", n.pid)
    } else {
        n.pid.to_string()
    };
    let mut parts = vec![format!("{lead}{pid} {}", who(n))];
    match (n.wait_secs, &n.mode) {
        (Some(wait), Some(mode)) if !n.blocked_by.is_empty() => {
            let waited = paint(out, &format!("waiting {}", age(wait)), wait);
            let on = lock_words(n);
            parts.push(format!("{waited} for {mode} on {on}"));
        }
        _ => parts.push(state(n)),
    }
    if let Some(p) = parent.filter(|_| n.soft) {
        parts.push(format!("queued behind {p}'s request"));
    }
    if let Some(app) = n.application.as_deref().filter(|a| !a.is_empty()) {
        parts.push(app.to_string());
    }
    if let Some(query) = n.query.as_deref().filter(|q| !q.trim().is_empty()) {
        parts.push(one_line(query, QUERY_WIDTH));
    }
    if n.cycle {
        parts
            .push("↺ deadlock: already above (the server breaks it after deadlock_timeout)".into());
    } else if n.truncated {
        parts.push("(its waiters are not repeated here: output limit)".into());
    }
    text.push_str(&parts.join(" · "));
    text.push('\n');
    let (shown, rest) = if n.blocked.len() > MAX_CHILDREN {
        n.blocked.split_at(MAX_CHILDREN - 1)
    } else {
        (&n.blocked[..], &[][..])
    };
    for (i, child) in shown.iter().enumerate() {
        let (branch, more) = if i + 1 == shown.len() && rest.is_empty() {
            ("└─ ", "   ")
        } else {
            ("├─ ", "│  ")
        };
        let lead = format!("{indent}{branch}");
        let indent = format!("{indent}{more}");
        line(out, child, Some(n.pid), &lead, &indent, text);
    }
    if !rest.is_empty() {
        let backends: usize = rest.iter().map(Node::size).sum();
        let oldest = rest.iter().map(Node::oldest_wait).fold(0.0, f64::max);
        let behind = if backends > rest.len() {
            format!(" and {} behind them", backends - rest.len())
        } else {
            String::new()
        };
        text.push_str(&format!(
            "{indent}└─ … and {} more{behind}, waiting up to {} (-o json has all)\n",
            rest.len(),
            age(oldest)
        ));
    }
}

/// "role@database", or what kind of backend it is when it has no role.
fn who(n: &Node) -> String {
    match (&n.role, &n.database, &n.backend_type) {
        (Some(role), Some(db), _) => format!("{role}@{db}"),
        (Some(role), None, _) => role.clone(),
        (None, _, Some(kind)) if kind == "prepared transaction" => {
            "prepared transaction (see pg_prepared_xacts)".to_string()
        }
        (None, _, Some(kind)) => kind.clone(),
        (None, _, None) => "(gone from pg_stat_activity)".to_string(),
    }
}

/// "idle in transaction 2m13s (xact 2m20s)".
fn state(n: &Node) -> String {
    let mut s = n.state.clone().unwrap_or_default();
    if let Some(secs) = n.state_age_secs {
        s = format!("{s} {}", age(secs));
    }
    if let Some(secs) = n.xact_age_secs {
        s = format!("{s} (xact {})", age(secs));
    }
    // What a running blocker is stuck on (an idle one just waits for its client).
    if let (Some("active"), Some(kind), Some(event)) =
        (n.state.as_deref(), &n.wait_event_type, &n.wait_event)
    {
        s = format!("{s}, waiting on {kind}:{event}");
    }
    s.trim().to_string()
}

/// "orders", "transaction 726 (row in orders)", "advisory lock 42".
fn lock_words(n: &Node) -> String {
    let target = n.lock_target.clone().unwrap_or_else(|| "?".into());
    match (n.locktype.as_deref(), &n.relation) {
        (Some("relation"), Some(_)) => target.trim_start_matches("relation ").to_string(),
        (Some("transactionid"), Some(rel)) => {
            format!("{target} (row in {})", relation_words(rel))
        }
        _ => target,
    }
}

fn paint(out: &Output, text: &str, secs: f64) -> String {
    match (out.color, secs) {
        (true, s) if s >= 60.0 => format!("\x1b[1;31m{text}\x1b[0m"),
        (true, s) if s >= 10.0 => format!("\x1b[33m{text}\x1b[0m"),
        _ => text.to_string(),
    }
}

/// 0.4s, 45s, 2m13s, 1h05m, 3d04h.
pub(super) fn age(secs: f64) -> String {
    if secs < 10.0 {
        let tenths = (secs * 10.0).round() / 10.0;
        if tenths < 10.0 {
            return format!("{tenths:.1}s");
        }
    }
    let s = secs.round() as u64;
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m{:02}s", s / 60, s % 60),
        3600..=86_399 => format!("{}h{:02}m", s / 3600, s % 3600 / 60),
        _ => format!("{}d{:02}h", s / 86_400, s % 86_400 / 3600),
    }
}

/// Whitespace runs become one space; longer than `width` characters ends in "…".
fn one_line(query: &str, width: usize) -> String {
    let flat = query.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= width {
        flat
    } else {
        let cut: String = flat.chars().take(width.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::OutputFormat;

    #[test]
    fn ages_read_at_a_glance() {
        assert_eq!(age(0.44), "0.4s");
        assert_eq!(age(9.96), "10s");
        assert_eq!(age(45.2), "45s");
        assert_eq!(age(133.0), "2m13s");
        assert_eq!(age(3900.0), "1h05m");
        assert_eq!(age(3.0 * 86_400.0 + 4.0 * 3600.0), "3d04h");
    }

    #[test]
    fn queries_are_one_line_and_cut() {
        assert_eq!(one_line("SELECT 1\n  FROM\tt", 60), "SELECT 1 FROM t");
        assert_eq!(one_line("UPDATE orders SET v = 1", 10), "UPDATE or…");
        assert_eq!(one_line("ééééé", 3).chars().count(), 3);
    }

    #[test]
    fn a_tree_reads_top_down() {
        use super::super::tree::{build, Backend, Wanted};
        let wants = |mode: &str| Wanted {
            tag: "t".into(),
            locktype: "relation".into(),
            mode: mode.into(),
            target: "relation orders".into(),
        };
        let who = |pid: i32| Backend {
            pid,
            role: Some("app".into()),
            database: Some("shop".into()),
            application: Some("web".into()),
            relation: Some("orders".into()),
            ..Backend::default()
        };
        let locks = build(
            vec![
                Backend {
                    state: Some("idle in transaction".into()),
                    state_age_secs: Some(133.0),
                    xact_age_secs: Some(140.0),
                    query: Some("SELECT *\n  FROM orders".into()),
                    relation: None,
                    holds: vec![("t".into(), "AccessShareLock".into())],
                    ..who(4211)
                },
                Backend {
                    blocked_by: vec![4211],
                    wait_secs: Some(45.0),
                    wants: Some(wants("AccessExclusiveLock")),
                    ..who(4302)
                },
                Backend {
                    blocked_by: vec![4302],
                    wait_secs: Some(3.0),
                    wants: Some(wants("RowExclusiveLock")),
                    ..who(4310)
                },
                Backend {
                    blocked_by: vec![4302],
                    wait_secs: Some(2.0),
                    wants: Some(wants("AccessShareLock")),
                    ..who(4311)
                },
            ],
            None,
        );
        let out = Output {
            format: OutputFormat::Table,
            color: false,
            tty: false,
        };
        assert_eq!(
            table(&out, "db1", &locks),
            "db1 · 3 backends waiting on locks; oldest 45s; deepest chain 3 (root pid 4211)
4211 app@shop · idle in transaction 2m13s (xact 2m20s) · web · SELECT * FROM orders
└─ 4302 app@shop · waiting 45s for AccessExclusiveLock on orders · web
   ├─ 4310 app@shop · waiting 3.0s for RowExclusiveLock on orders · queued behind 4302's request · web
   └─ 4311 app@shop · waiting 2.0s for AccessShareLock on orders · queued behind 4302's request · web"
        );
    }

    #[test]
    fn a_long_queue_is_summed_up() {
        use super::super::tree::{build, Backend};
        let mut backends = vec![Backend {
            pid: 1,
            state: Some("idle in transaction".into()),
            ..Backend::default()
        }];
        for pid in 2..40 {
            backends.push(Backend {
                pid,
                blocked_by: vec![1],
                wait_secs: Some(f64::from(pid)),
                ..Backend::default()
            });
        }
        let out = Output {
            format: OutputFormat::Table,
            color: false,
            tty: false,
        };
        let text = table(&out, "db1", &build(backends, None));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + 1 + MAX_CHILDREN, "{text}");
        assert!(lines[2].starts_with("├─ 39 "), "{text}");
        assert_eq!(
            lines[MAX_CHILDREN + 1],
            "└─ … and 29 more, waiting up to 30s (-o json has all)"
        );
    }

    #[test]
    fn quiet_and_filtered_headlines() {
        let out = Output {
            format: OutputFormat::Table,
            color: false,
            tty: false,
        };
        let mut locks = Locks {
            waiting: 0,
            oldest_wait_secs: None,
            max_depth: 0,
            trees: Vec::new(),
            min_wait_secs: None,
        };
        assert_eq!(table(&out, "db1", &locks), "db1 · no lock waits");
        locks.min_wait_secs = Some(3600.0);
        assert_eq!(
            table(&out, "db1", &locks),
            "db1 · no lock waits of 1h00m or longer"
        );
    }
}
