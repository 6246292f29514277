//! The human view of `quell roles`: census and verdict first (what a tired
//! engineer acts on), then the fan-out table, the probe, and only the databases,
//! hba rules and CREATEROLE roles worth a look. Data comes from `mod.rs`; output
//! goes through `output`.

use comfy_table::Cell;

use super::{format_ms, thousands, Roles};
use crate::output::Output;

/// `datacl` sizes from which a database is listed (notes/inspection-signals.md warns near 1k).
const DATACL_LISTED_ENTRIES: i64 = 100;

/// The human view.
pub fn render_table(out: &Output, target: &str, r: &Roles) -> String {
    let mut text = format!(
        "{target} · PostgreSQL {}\n{} roles ({} login, {} superuser) · {} memberships",
        r.server_version,
        thousands(r.role_count),
        thousands(r.login_role_count),
        thousands(r.superuser_count),
        thousands(r.membership_count),
    );
    if r.login_roles_over_1024 > 0 {
        let noun = if r.login_roles_over_1024 == 1 {
            "role"
        } else {
            "roles"
        };
        text.push_str(&format!(
            " · {} login {noun} with 1,024+ memberships",
            thousands(r.login_roles_over_1024)
        ));
    }
    let verdict = format!("verdict: {}", r.verdict);
    text.push('\n');
    text.push_str(&match (out.color, r.verdict_level.rank()) {
        (true, 2) => format!("\x1b[1;31m{verdict}\x1b[0m"),
        (true, 1) => format!("\x1b[33m{verdict}\x1b[0m"),
        _ => verdict,
    });
    text.push('\n');

    if !r.top_fanout.is_empty() {
        let probed = r.probe.is_some();
        let mut header = vec!["role", "login", "memberships", "direct", "est. first check"];
        if probed {
            header.extend(["measured first", "cached"]);
        }
        let mut table = out.table(&header);
        for f in &r.top_fanout {
            let login = match (f.login, f.superuser) {
                (true, true) => "yes (superuser)",
                (true, false) => "yes",
                (false, true) => "no (superuser)",
                (false, false) => "no",
            };
            let est = f.est_first_check_ms;
            let level = match est {
                Some(ms) if ms >= 500.0 && !f.superuser => 2,
                Some(ms) if ms >= 50.0 && !f.superuser => 1,
                _ => 0,
            };
            let mut row = vec![
                Cell::new(&f.role),
                Cell::new(login),
                out.level_cell(thousands(f.memberships), level),
                Cell::new(thousands(f.direct_memberships)),
                out.level_cell(
                    est.map_or_else(|| "n/a (PG 17+)".to_string(), format_ms),
                    level,
                ),
            ];
            if probed {
                let ms = |v: Option<f64>| v.map_or_else(String::new, format_ms);
                row.push(Cell::new(ms(f.measured_first_check_ms)));
                row.push(Cell::new(ms(f.measured_cached_check_ms)));
            }
            table.add_row(row);
        }
        text.push_str(&format!("{table}\n"));
    }
    if let Some(p) = &r.probe {
        text.push_str(&format!(
            "probe: pg_has_role({}, {}, '{}') in a fresh backend: first {} (server; {} by the client), cached {}{}\n",
            p.role,
            p.against,
            p.privilege,
            format_ms(p.first_check_ms),
            format_ms(p.first_check_wall_ms),
            format_ms(p.cached_check_ms),
            p.statement_timeout_ms
                .map_or_else(String::new, |ms| format!(" (statement_timeout raised to {ms} ms for it)")),
        ));
        if let Some(note) = &p.note {
            text.push_str(&format!("probe note: {note}\n"));
        }
    }

    let big: Vec<_> = r
        .databases
        .iter()
        .filter(|d| d.datacl_entries >= DATACL_LISTED_ENTRIES)
        .collect();
    if big.is_empty() {
        match r.databases.first() {
            Some(d) => text.push_str(&format!(
                "datacl: largest is {} with {} entries ({} B); none has {DATACL_LISTED_ENTRIES}+\n",
                d.database, d.datacl_entries, d.datacl_bytes
            )),
            None => text.push_str("datacl: no databases\n"),
        }
    } else {
        let mut table = out.table(&["database", "datacl entries", "datacl bytes"]);
        for d in big {
            let level = u8::from(d.datacl_entries >= 1000);
            table.add_row(vec![
                Cell::new(&d.database),
                out.level_cell(thousands(d.datacl_entries), level),
                Cell::new(thousands(d.datacl_bytes)),
            ]);
        }
        text.push_str(&format!(
            "databases whose CONNECT ACL every login scans ({DATACL_LISTED_ENTRIES}+ entries):\n{table}\n"
        ));
    }

    match (&r.hba_membership_rules, &r.hba_unavailable) {
        (Some(rules), _) if rules.is_empty() => {
            text.push_str("hba: no rule matches by membership (+group, samerole, samegroup)\n");
        }
        (Some(rules), _) => {
            let mut table = out.table(&["line", "type", "database", "user", "address", "method"]);
            for rule in rules {
                let line = match &rule.file_name {
                    Some(file) => format!("{file}:{}", rule.line_number),
                    None => rule.line_number.to_string(),
                };
                table.add_row(vec![
                    line,
                    rule.kind.clone(),
                    rule.database.join(","),
                    rule.user_name.join(","),
                    rule.address.clone().unwrap_or_default(),
                    rule.auth_method.clone(),
                ]);
            }
            text.push_str(&format!(
                "hba rules that walk the connecting role's memberships before authentication:\n{table}\n"
            ));
        }
        (None, reason) => text.push_str(&format!(
            "hba: unavailable: {}\n",
            reason.as_deref().unwrap_or("unknown reason")
        )),
    }

    let self_grant = match &r.createrole_self_grant {
        Some(v) if v.is_empty() => " · createrole_self_grant ''".to_string(),
        Some(v) => format!(" · createrole_self_grant '{v}'"),
        None => String::new(),
    };
    if r.createrole_roles.is_empty() {
        text.push_str(&format!(
            "createrole: no non-superuser role has CREATEROLE{self_grant}"
        ));
    } else {
        let roles: Vec<String> = r
            .createrole_roles
            .iter()
            .map(|c| {
                format!(
                    "{} ({}{} memberships, admin of {})",
                    c.role,
                    if c.login { "login, " } else { "" },
                    thousands(c.memberships),
                    thousands(c.admin_of)
                )
            })
            .collect();
        text.push_str(&format!("createrole: {}{self_grant}", roles.join(", ")));
    }
    text
}
