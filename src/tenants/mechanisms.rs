//! What each mechanism changes, as SQL: the `ALTER ROLE` statements for a
//! suspension (from the roles' current state) and for a resume (from the recorded
//! prior state, touching only what quell changed and what is still as quell left
//! it). Pure functions: running them is `suspend` and `resume`.
//!
//! Role names are quoted with [`crate::db::quote::ident`], the one audited helper;
//! `ALTER ROLE` cannot take parameters. Limits are integers quell read itself.

use serde::{Deserialize, Serialize};

use super::config::Mechanism;
use super::model::RoleState;
use crate::db::quote;

/// `quell.suspensions.prior`: the state of every role the org had when suspended.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Prior {
    #[serde(default)]
    pub roles: Vec<RoleState>,
}

/// The `ALTER ROLE` statements that suspend these roles (none for a role already
/// at `CONNECTION LIMIT 0` or `NOLOGIN`: nothing to change, nothing to restore).
pub fn suspend_statements(
    mechanisms: &[Mechanism],
    roles: &[RoleState],
) -> anyhow::Result<Vec<String>> {
    let limit = mechanisms.contains(&Mechanism::ConnectionLimit);
    let nologin = mechanisms.contains(&Mechanism::Nologin);
    let mut statements = Vec::new();
    for r in roles {
        let mut parts = Vec::new();
        if nologin && r.can_login {
            parts.push("NOLOGIN".to_string());
        }
        if limit && r.connection_limit != 0 {
            parts.push("CONNECTION LIMIT 0".to_string());
        }
        if !parts.is_empty() {
            statements.push(format!(
                "ALTER ROLE {} {}",
                quote::ident(&r.role)?,
                parts.join(" ")
            ));
        }
    }
    Ok(statements)
}

/// What a resume does to the roles: statements, and notes on what it leaves alone.
#[derive(Debug, Default)]
pub struct Restore {
    pub statements: Vec<String>,
    pub left_alone: Vec<String>,
}

/// Restore `prior` where quell changed it and the role is still as quell left it
/// (limit 0, NOLOGIN); `current` is the roles' state now.
pub fn resume_statements(
    mechanisms: &[Mechanism],
    prior: &[RoleState],
    current: &[RoleState],
) -> anyhow::Result<Restore> {
    let limit = mechanisms.contains(&Mechanism::ConnectionLimit);
    let nologin = mechanisms.contains(&Mechanism::Nologin);
    let mut restore = Restore::default();
    for p in prior {
        let changed_limit = limit && p.connection_limit != 0;
        let changed_login = nologin && p.can_login;
        if !changed_limit && !changed_login {
            continue;
        }
        let Some(now) = current.iter().find(|c| c.role == p.role) else {
            restore
                .left_alone
                .push(format!("role {} no longer exists", p.role));
            continue;
        };
        let mut parts = Vec::new();
        if changed_login {
            if now.can_login {
                restore
                    .left_alone
                    .push(format!("role {} can already log in", p.role));
            } else {
                parts.push("LOGIN".to_string());
            }
        }
        if changed_limit {
            if now.connection_limit == 0 {
                parts.push(format!("CONNECTION LIMIT {}", p.connection_limit));
            } else {
                restore.left_alone.push(format!(
                    "role {}: connection limit changed to {} since the suspension",
                    p.role, now.connection_limit
                ));
            }
        }
        if !parts.is_empty() {
            restore.statements.push(format!(
                "ALTER ROLE {} {}",
                quote::ident(&p.role)?,
                parts.join(" ")
            ));
        }
    }
    Ok(restore)
}

/// `sql;  -- $1 = '…'` for a dry run: the statement as sent, its parameters shown
/// as literals beside it (they are never part of the text sent).
pub fn show(sql: &str, params: &[&str]) -> String {
    let sql = crate::inspect::snapshot::one_line(sql);
    if params.is_empty() {
        return format!("{sql};");
    }
    let shown: Vec<String> = params
        .iter()
        .enumerate()
        .map(|(i, p)| format!("${} = '{}'", i + 1, p.replace('\'', "''")))
        .collect();
    format!("{sql};  -- {}", shown.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(name: &str, limit: i32, login: bool) -> RoleState {
        RoleState {
            role: name.into(),
            connection_limit: limit,
            can_login: login,
            superuser: false,
        }
    }

    #[test]
    fn only_what_quell_changed_is_restored() {
        let m = [Mechanism::ConnectionLimit, Mechanism::Nologin];
        let prior = [
            role("a", 7, true),
            role("b", -1, false),
            role("c", 0, true),
            role("x\"y", -1, true),
        ];
        let sus = suspend_statements(&m, &prior).unwrap_or_default();
        assert_eq!(
            sus,
            [
                "ALTER ROLE \"a\" NOLOGIN CONNECTION LIMIT 0",
                "ALTER ROLE \"b\" CONNECTION LIMIT 0",
                "ALTER ROLE \"c\" NOLOGIN",
                "ALTER ROLE \"x\"\"y\" NOLOGIN CONNECTION LIMIT 0",
            ]
        );
        let now = [
            role("a", 0, false),
            role("b", 0, false),
            role("c", 0, false),
        ];
        let r = resume_statements(&m, &prior, &now).unwrap_or_default();
        assert_eq!(
            r.statements,
            [
                "ALTER ROLE \"a\" LOGIN CONNECTION LIMIT 7",
                "ALTER ROLE \"b\" CONNECTION LIMIT -1",
                "ALTER ROLE \"c\" LOGIN",
            ]
        );
        assert_eq!(r.left_alone, ["role x\"y no longer exists"]);
        assert_eq!(
            show("SELECT $1", &["1'; x"]),
            "SELECT $1;  -- $1 = '1''; x'"
        );
    }
}
