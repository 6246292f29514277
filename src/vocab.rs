//! Known vocabularies: backend states, wait event types, journal kinds. A filter
//! value outside its vocabulary is a typo, refused with the nearest known value and
//! the whole list, never a filter that silently matches nothing at 3 a.m.

/// `pg_stat_activity.state` (PostgreSQL 10 to 17).
pub const BACKEND_STATES: &[&str] = &[
    "active",
    "idle",
    "idle in transaction",
    "idle in transaction (aborted)",
    "fastpath function call",
    "disabled",
];

/// `pg_stat_activity.wait_event_type`.
pub const WAIT_EVENT_TYPES: &[&str] = &[
    "Activity",
    "BufferPin",
    "Client",
    "Extension",
    "InjectionPoint",
    "IO",
    "IPC",
    "Lock",
    "LWLock",
    "Timeout",
];

/// Every kind `quell.actions` records, and the families `--kind` also takes.
pub const ACTION_KINDS: &[&str] = &[
    "tenant",
    "tenant.suspend",
    "tenant.resume",
    "tenant.terminate",
    "job",
    "job.pause",
    "job.resume",
    "notice",
    "notice.post",
    "notice.adopt",
    "notice.update",
    "notice.resolve",
    "backend",
    "backend.cancel",
    "backend.terminate",
];

/// `value` is one of `known` (compared case-insensitively when `fold_case`, as
/// wait event types are); otherwise an error naming `what`, the nearest known value
/// and the list.
pub fn check(what: &str, value: &str, known: &[&str], fold_case: bool) -> anyhow::Result<()> {
    let same = |k: &&str| match fold_case {
        true => k.eq_ignore_ascii_case(value),
        false => *k == value,
    };
    if known.iter().any(same) {
        return Ok(());
    }
    let list = known
        .iter()
        .map(|k| quoted(k))
        .collect::<Vec<_>>()
        .join(", ");
    match nearest(value, known.iter().copied()) {
        Some(n) => anyhow::bail!(
            "unknown {what} {}: did you mean {}? (one of {list})",
            quoted(value),
            quoted(n)
        ),
        None => anyhow::bail!("unknown {what} {}: one of {list}", quoted(value)),
    }
}

/// The known value `value` most likely meant: one it begins (a truncated state), or
/// one at most three edits away; `None` when nothing is close.
pub fn nearest<'a>(value: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let value = value.to_ascii_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for k in known {
        let lower = k.to_ascii_lowercase();
        let distance = match lower.starts_with(&value) && !value.is_empty() {
            true => 0,
            false => strsim::levenshtein(&lower, &value),
        };
        if distance <= 3 && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, k));
        }
    }
    best.map(|(_, k)| k)
}

/// A value as an error shows it: bare when it is one word, quoted otherwise.
fn quoted(value: &str) -> String {
    match !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        true => value.to_string(),
        false => format!("{value:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_names_the_nearest_value_and_the_list() {
        let err =
            check("backend state", "idle in trans", BACKEND_STATES, false).expect_err("a typo");
        assert_eq!(
            err.to_string(),
            "unknown backend state \"idle in trans\": did you mean \"idle in transaction\"? \
             (one of active, idle, \"idle in transaction\", \"idle in transaction (aborted)\", \
             \"fastpath function call\", disabled)"
        );
        let err = check("backend state", "actve", BACKEND_STATES, false).expect_err("a typo");
        assert!(err.to_string().contains("did you mean active?"), "{err}");
        let err = check("backend state", "bogus", BACKEND_STATES, false).expect_err("a typo");
        assert!(
            err.to_string()
                .starts_with("unknown backend state bogus: one of active"),
            "{err}"
        );
        // States are case-sensitive in pg_stat_activity; wait types are compared folded.
        assert!(check("backend state", "Active", BACKEND_STATES, false).is_err());
        assert!(check("wait event type", "lock", WAIT_EVENT_TYPES, true).is_ok());
        assert!(check("action kind", "tenant", ACTION_KINDS, false).is_ok());
        let err = check("action kind", "tenant.suspnd", ACTION_KINDS, false).expect_err("a typo");
        assert!(
            err.to_string().contains("did you mean tenant.suspend?"),
            "{err}"
        );
    }
}
