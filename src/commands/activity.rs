//! `quell activity`, once or `--watch`ed: one connection per target for the whole
//! run, a frame every interval with the change since the previous one, Ctrl-C to
//! stop (exit 0). Off a terminal frames follow each other; `-o json` streams one
//! JSON object per line.

use std::collections::HashMap;
use std::time::Duration;

use super::{block_on, finish};
use crate::attribution::SessionOrg;
use crate::db::fleet::{each, Fleet};
use crate::error::Exit;
use crate::inspect::activity::{self, Activity, Options};
use crate::output::Output;

pub fn run(
    out: &Output,
    fleet: &Fleet,
    opts: &Options,
    orgs: Option<&SessionOrg>,
    watch: Option<Duration>,
) -> anyhow::Result<Exit> {
    let Some(interval) = watch else {
        let report = block_on(fleet.run(async |s| activity::collect(s, opts, orgs).await))?;
        return finish(out, &report, |target, a| {
            activity::render_table(out, target, a)
        });
    };
    if interval.is_zero() {
        anyhow::bail!("--watch needs at least 1 second");
    }
    crate::interrupt::graceful();
    block_on(async {
        let sessions = fleet.connect_all().await?;
        let mut previous: HashMap<String, Activity> = HashMap::new();
        loop {
            let mut report =
                each(&sessions, async |s| activity::collect(s, opts, orgs).await).await;
            for entry in &mut report.targets {
                if let (Some(now), Some(before)) =
                    (entry.data.as_mut(), previous.get(&entry.target))
                {
                    activity::diff(now, before);
                }
            }
            if out.is_json() {
                out.json_line(&report)?;
            } else {
                let frames: Vec<String> = report
                    .targets
                    .iter()
                    .map(|e| match (&e.data, &e.error) {
                        (Some(a), _) => activity::render_table(out, &e.target, a),
                        (None, Some(err)) => format!("{}: {err}", e.target),
                        (None, None) => e.target.clone(),
                    })
                    .collect();
                out.clear_screen()?;
                out.text(&format!(
                    "every {}s · Ctrl-C to stop\n{}\n",
                    interval.as_secs(),
                    frames.join("\n\n")
                ))?;
            }
            for entry in report.targets {
                if let Some(mut data) = entry.data {
                    data.groups.retain(|g| g.count > 0);
                    previous.insert(entry.target, data);
                }
            }
            // Ctrl-C (or a reader that went away) is how a watch ends: exit 0.
            if crate::output::stdout_closed() {
                return Ok(Exit::Ok);
            }
            tokio::select! {
                _ = tokio::time::sleep(interval) => {}
                // Ctrl-C is the way to stop watching; SIGTERM/SIGHUP end it as signals do.
                _ = crate::interrupt::wait() => return Ok(match crate::interrupt::exit() {
                    Some(Exit::Interrupted) | None => Exit::Ok,
                    Some(exit) => exit,
                }),
            }
        }
    })?
}
