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

pub fn run(out: &Output, fleet: &Fleet, filter: &LogFilter) -> anyhow::Result<Exit> {
    let report = block_on(fleet.run(async |s| {
        control::ensure_current(&s.client).await?;
        Ok(Journal {
            actions: control::read_log(&s.client, filter).await?,
        })
    }))?;
    finish(out, &report, |target, j| {
        if j.actions.is_empty() {
            return format!("{target}: no actions recorded");
        }
        let mut table = out.table(&["at", "kind", "subject", "what", "actor", "run"]);
        for a in &j.actions {
            table.add_row(vec![
                Cell::new(&a.at),
                Cell::new(&a.kind),
                Cell::new(a.subject.as_deref().unwrap_or("")),
                Cell::new(&a.detail),
                Cell::new(&a.actor),
                Cell::new(&a.run_id),
            ]);
        }
        format!(
            "{target}: {} actions, newest first\n{table}",
            j.actions.len()
        )
    })
}
