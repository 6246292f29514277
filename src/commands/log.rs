//! `quell log`: the action journal of each target, newest first.

use comfy_table::Cell;
use serde::Serialize;

use super::{block_on, finish};
use crate::control::{self, LogFilter, LogRow};
use crate::db::fleet::Fleet;
use crate::error::Exit;
use crate::output::Output;

#[derive(Debug, Serialize)]
pub struct Journal {
    pub actions: Vec<LogRow>,
}

/// Each target's journal, newest first; where `jobs.database` is another database
/// (pg_cron's `postgres`), the job actions journaled there are merged in.
pub fn run(
    out: &Output,
    fleet: &Fleet,
    filter: &LogFilter,
    jobs: &crate::jobs::JobsConfig,
) -> anyhow::Result<Exit> {
    let report = block_on(fleet.run(async |s| {
        control::ensure_current(&s.client).await?;
        let mut actions = control::read_log(&s.client, filter).await?;
        let jobs = fleet
            .target(&s.target)
            .and_then(|t| super::jobs::jobs_target(t, jobs));
        if let Some(jobs) = jobs {
            let read = async {
                let session = crate::db::connect(&jobs).await?;
                control::ensure_current(&session.client).await?;
                control::read_log(&session.client, filter).await
            };
            match read.await {
                Ok(rows) => actions.extend(rows),
                Err(e) => crate::output::warn(&format!(
                    "target {}: the jobs database {}'s journal was not read: {}",
                    s.target,
                    jobs.params.dbname,
                    crate::error::chain(&e)
                )),
            }
            actions.sort_by(|a, b| b.at_time.cmp(&a.at_time).then(b.id.cmp(&a.id)));
            actions.truncate(usize::try_from(filter.limit).unwrap_or(usize::MAX));
        }
        Ok(Journal { actions })
    }))?;
    finish(out, &report, |target, j| {
        if j.actions.is_empty() {
            return format!("{target}: no actions recorded");
        }
        // A journal merged from two databases says which row lives where.
        let several = j
            .actions
            .iter()
            .any(|a| a.database != j.actions[0].database);
        let mut header = vec!["at", "kind", "subject", "what", "actor", "run"];
        if several {
            header.push("database");
        }
        let mut table = out.table(&header);
        for a in &j.actions {
            let mut row = vec![
                Cell::new(&a.at),
                Cell::new(&a.kind),
                Cell::new(a.subject.as_deref().unwrap_or("")),
                Cell::new(&a.detail),
                Cell::new(&a.actor),
                Cell::new(&a.run_id),
            ];
            if several {
                row.push(Cell::new(&a.database));
            }
            table.add_row(row);
        }
        format!(
            "{target}: {}, newest first\n{table}",
            crate::output::count(j.actions.len(), "action")
        )
    })
}
