//! `quell config check`: the resolved targets (passwords redacted), where each
//! password comes from, and a live connect to each.

use std::time::Instant;

use serde::Serialize;

use super::block_on;
use crate::config::{Config, Target};
use crate::db::conninfo::PasswordSource;
use crate::db::fleet::Report;
use crate::error::Exit;
use crate::output::{self, Output};

#[derive(Debug, Serialize)]
struct CheckedTarget {
    conninfo: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<String>,
    /// Where the password comes from; per host (`host:port: source`) when a host
    /// list's hosts differ (a `.pgpass` line matches one host, not another).
    password: String,
    session: crate::config::SessionSettings,
    warnings: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    server_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    connect_ms: Option<u64>,
}

#[derive(Debug, Serialize)]
struct ConfigReport {
    config: Option<String>,
    #[serde(flatten)]
    report: Report<CheckedTarget>,
}

/// `quell config check`: the resolved targets (passwords redacted) and a live connect to each.
pub fn run(out: &Output, config: &Config, fleet: crate::db::Fleet) -> anyhow::Result<Exit> {
    let parallel = fleet.parallel.max(1);
    let targets = fleet.targets;
    let describe = |t: &Target| CheckedTarget {
        conninfo: t.params.redacted(),
        role: t.role.clone(),
        notes: t.notes.clone(),
        password: passwords(&t.params),
        session: t.session.clone(),
        warnings: t.warnings.clone(),
        server_version: None,
        connect_ms: None,
    };
    let checks = targets.iter().map(|target| async move {
        let started = Instant::now();
        let result = crate::db::connect(target)
            .await
            .map(|session| CheckedTarget {
                server_version: Some(session.server_version.clone()),
                connect_ms: Some(started.elapsed().as_millis() as u64),
                ..describe(target)
            });
        crate::db::Entry::from_result(&target.name, result)
    });
    // At most --parallel connects at once, like every fleet command.
    let checks = futures_util::StreamExt::collect(futures_util::StreamExt::buffered(
        futures_util::stream::iter(checks),
        parallel,
    ));
    let mut report = Report {
        targets: block_on(checks)?,
    };
    // A target that failed to connect still shows how it resolved.
    for (entry, target) in report.targets.iter_mut().zip(&targets) {
        if entry.data.is_none() {
            entry.data = Some(describe(target));
        }
    }
    let path = config.path.as_ref().map(|p| p.display().to_string());
    let failures: Vec<String> = report.failures().collect();
    if out.is_json() {
        out.json(&ConfigReport {
            config: path,
            report,
        })?;
    } else {
        out.text(&format!(
            "config: {}",
            path.as_deref()
                .unwrap_or("none (libpq environment and defaults)")
        ))?;
        let mut table = out.table(&["target", "conninfo", "password", "role", "status"]);
        for (entry, data) in report
            .targets
            .iter()
            .filter_map(|e| e.data.as_ref().map(|d| (e, d)))
        {
            let status = match (&entry.error, &data.server_version) {
                (Some(err), _) => out.level_cell(err, 2),
                (None, Some(version)) => out.level_cell(
                    format!(
                        "ok: PostgreSQL {version}, {} ms",
                        data.connect_ms.unwrap_or(0)
                    ),
                    0,
                ),
                (None, None) => out.level_cell("?", 1),
            };
            table.add_row(vec![
                comfy_table::Cell::new(&entry.target),
                comfy_table::Cell::new(&data.conninfo),
                comfy_table::Cell::new(&data.password),
                comfy_table::Cell::new(data.role.as_deref().unwrap_or("")),
                status,
            ]);
        }
        out.text(&table.to_string())?;
    }
    for failure in &failures {
        output::error(failure);
    }
    Ok(if failures.is_empty() {
        Exit::Ok
    } else {
        Exit::Error
    })
}

/// One source for every host, or each host's.
fn passwords(params: &crate::db::conninfo::ConnParams) -> String {
    let sources: Vec<&str> = params
        .endpoints
        .iter()
        .map(|e| password_source(&e.password_source))
        .collect();
    match sources.first() {
        None => "none".into(),
        Some(first) if sources.iter().all(|s| s == first) => first.to_string(),
        Some(_) => params
            .endpoints
            .iter()
            .zip(&sources)
            .map(|(e, s)| format!("{}: {s}", crate::db::connect::endpoint_name(e)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn password_source(source: &PasswordSource) -> &'static str {
    match source {
        PasswordSource::None => "none",
        PasswordSource::Conninfo => "DSN",
        PasswordSource::Env => "PGPASSWORD",
        PasswordSource::Passfile(_) => "password file",
        PasswordSource::Service => "service file",
    }
}
