//! `quell playbook validate | schema | list | show | run`: find the playbook, check
//! it, open one session per target (and the jobs database) for the whole run, run
//! it on the actions layer, print the summary (or the JSON run report).

use std::path::PathBuf;

use comfy_table::Cell;

use super::block_on;
use crate::actions::Ctx;
use crate::config::Config;
use crate::confirm::Approval;
use crate::control::Actor;
use crate::db::fleet::Fleet;
use crate::error::Exit;
use crate::output::{self, Output};
use crate::playbook::{self, run, Playbook, Source};

/// The schema as `playbooks/schema.json` holds it.
pub fn schema_text() -> String {
    let schema = playbook::schema();
    format!(
        "{}\n",
        serde_json::to_string_pretty(&schema).unwrap_or_default()
    )
}

/// A playbook that passed validation, or every problem as one error (exit 2).
pub fn loaded(source: &Source) -> anyhow::Result<Playbook> {
    playbook::load(source).map_err(|problems| {
        for p in &problems[..problems.len().saturating_sub(1)] {
            output::error(p);
        }
        anyhow::anyhow!("{}", problems.last().cloned().unwrap_or_default())
    })
}

/// Each problem on stderr (`FILE:LINE:COL: …`) and `NAME: ok` for a good one; with
/// `-o json`, `{"playbooks":[{"playbook","ok","problems":[…]}]}` on stdout (the
/// problems on stderr too).
pub fn validate(out: &Output, names: &[String]) -> anyhow::Result<Exit> {
    let mut bad = 0;
    let mut checked = Vec::new();
    for name in names {
        let problems = match playbook::locate(name) {
            Ok(source) => playbook::load(&source).err().unwrap_or_default(),
            Err(e) => vec![format!("{e:#}")],
        };
        for p in &problems {
            output::error(p);
        }
        if problems.is_empty() && !out.is_json() {
            out.text(&format!("{name}: ok"))?;
        }
        if !problems.is_empty() {
            bad += 1;
        }
        checked.push(
            serde_json::json!({"playbook": name, "ok": problems.is_empty(), "problems": problems}),
        );
    }
    if out.is_json() {
        out.json(&serde_json::json!({"playbooks": checked}))?;
    }
    Ok(if bad > 0 { Exit::Error } else { Exit::Ok })
}

pub fn list(out: &Output) -> anyhow::Result<Exit> {
    let mut rows: Vec<(String, String, String)> = Vec::new();
    for (name, text) in playbook::EMBEDDED {
        rows.push((name.to_string(), description(text), "shipped".into()));
    }
    for dir in playbook::dirs() {
        let Ok(dir) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = dir
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        paths.sort();
        for path in paths {
            if let Ok(text) = crate::yaml::read(&path, "playbook") {
                // The shipped one, as a file of this checkout: listed once.
                if playbook::EMBEDDED.iter().any(|(_, t)| *t == text) {
                    continue;
                }
                let name = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_string())
                    .unwrap_or_default();
                rows.push((name, description(&text), path.display().to_string()));
            }
        }
    }
    if out.is_json() {
        let list: Vec<serde_json::Value> = rows
            .iter()
            .map(|(n, d, f)| serde_json::json!({"name": n, "description": d, "source": f}))
            .collect();
        out.json(&serde_json::json!({"playbooks": list}))?;
        return Ok(Exit::Ok);
    }
    if rows.is_empty() {
        out.text("no playbooks")?;
        return Ok(Exit::Ok);
    }
    let mut table = out.table(&["name", "description", "source"]);
    for (n, d, f) in rows {
        table.add_row(vec![Cell::new(n), Cell::new(headline(&d)), Cell::new(f)]);
    }
    out.text(&table.to_string())?;
    Ok(Exit::Ok)
}

/// A playbook's whole description (`-o json`).
fn description(text: &str) -> String {
    let parsed: Result<Playbook, _> =
        crate::yaml::from_str(text, std::path::Path::new("-"), &Default::default());
    parsed
        .map(|b| b.description.trim().to_string())
        .unwrap_or_else(|_| "(does not validate)".into())
}

/// Its first sentence, for the table.
fn headline(description: &str) -> String {
    let first = description.lines().next().unwrap_or("");
    let sentence = first.split_once(". ").map_or(first, |(s, _)| s);
    crate::inspect::snapshot::truncate(sentence, 90)
}

pub fn show(out: &Output, name: &str) -> anyhow::Result<Exit> {
    let source = playbook::locate(name)?;
    let book = loaded(&source)?;
    if out.is_json() {
        let inputs: serde_json::Map<String, serde_json::Value> = book
            .inputs
            .iter()
            .map(|(k, i)| (k.clone(), serde_json::json!({"type": format!("{:?}", i.kind).to_lowercase(), "default": i.default, "required": i.required,
                "choices": i.choices, "min": i.min, "max": i.max, "secret": i.secret, "description": i.description})))
            .collect();
        out.json(&serde_json::json!({"name": book.name, "source": source.path, "inputs": inputs, "yaml": source.text}))?;
        return Ok(Exit::Ok);
    }
    let mut text = source.text.trim_end().to_string();
    if !book.inputs.is_empty() {
        text.push_str("\n\n# inputs (--input NAME=VALUE):");
        for (k, i) in &book.inputs {
            let default = i
                .default
                .as_ref()
                .map(|d| format!(" = {d}"))
                .unwrap_or_else(|| {
                    if i.required {
                        " (required)".into()
                    } else {
                        String::new()
                    }
                });
            let kind = format!("{:?}", i.kind).to_lowercase();
            let mut bounds = Vec::new();
            if let Some(choices) = &i.choices {
                let shown: Vec<String> = choices.iter().map(|c| c.to_string()).collect();
                bounds.push(format!("one of {}", shown.join(", ")));
            }
            bounds.extend(i.min.map(|m| format!("at least {m}")));
            bounds.extend(i.max.map(|m| format!("at most {m}")));
            if i.secret {
                bounds.push("secret".into());
            }
            let bounds = match bounds.is_empty() {
                true => String::new(),
                false => format!(" [{}]", bounds.join("; ")),
            };
            text.push_str(
                format!("\n#   {k}: {kind}{default}{bounds}  {}", i.description).trim_end(),
            );
        }
    }
    out.text(&text)?;
    Ok(Exit::Ok)
}

/// `$XDG_STATE_HOME/quell/runs`, else `~/.local/state/quell/runs`.
pub fn journal_dir(ctx: &crate::db::conninfo::Context) -> Option<PathBuf> {
    crate::values::state_dir(ctx).map(|s| s.join("runs"))
}

/// Where a run happens: the config, its targets, who runs it.
pub struct Setting<'a> {
    pub process: &'a crate::db::conninfo::Context,
    pub config: &'a Config,
    pub fleet: Fleet,
    pub actor: &'a Actor,
    pub dry_run: bool,
}

pub fn run(
    out: &Output,
    setting: Setting<'_>,
    book: &Playbook,
    opts: &run::Options,
) -> anyhow::Result<Exit> {
    block_on(async {
        let (report, exit) = execute(out, setting, book, opts).await?;
        render(out, &report)?;
        Ok(exit)
    })?
}

/// Open one session per target (and per target in `jobs.database`) and run `book`.
pub async fn execute(
    out: &Output,
    setting: Setting<'_>,
    book: &Playbook,
    opts: &run::Options,
) -> anyhow::Result<(run::RunReport, Exit)> {
    let Setting {
        process,
        config,
        fleet,
        actor,
        dry_run,
    } = setting;
    let jobs_fleet = config.file.jobs.database().map(|_| Fleet {
        targets: fleet.targets.clone(),
        parallel: fleet.parallel,
    });
    let jobs_fleet = jobs_fleet.map(|f| super::jobs::in_jobs_database(f, &config.file.jobs));
    let sessions = fleet.connect_all().await?;
    for c in &sessions {
        if let Err(e) = &c.session {
            output::warn(&format!(
                "target {}: {e}; a step that needs it connects again first",
                c.target
            ));
        }
    }
    let jobs_sessions = match &jobs_fleet {
        Some(f) => Some(f.connect_all().await?),
        None => None,
    };
    for c in jobs_sessions.iter().flatten() {
        if let Err(e) = &c.session {
            output::warn(&format!(
                "target {} (jobs database {}): {e}; a step that needs it connects again first",
                c.target, c.config.params.dbname
            ));
        }
    }
    // Output of the actions' own per-item lines: text only when the run's is.
    let ctx = Ctx {
        out,
        config,
        process,
        sessions: &sessions,
        jobs_sessions: jobs_sessions.as_deref().unwrap_or(&sessions),
        actor,
        dry_run,
        approval: Approval::Given,
    };
    run::run(&ctx, book, opts).await
}

/// The run report as JSON, or the summary table.
pub fn render(out: &Output, report: &run::RunReport) -> anyhow::Result<()> {
    if out.is_json() {
        return out.json(report);
    }
    let mut table = out.table(&["step", "action", "status", "time", "result"]);
    for s in &report.steps {
        let id = if s.always {
            format!("{} (always)", s.id)
        } else if s.undo {
            format!("{} (undo)", s.id)
        } else {
            s.id.clone()
        };
        let result = s.error.clone().unwrap_or_else(|| summary(&s.output));
        table.add_row(vec![
            Cell::new(id),
            Cell::new(&s.action),
            Cell::new(s.status),
            Cell::new(format!("{:.2}s", s.duration_s)),
            Cell::new(crate::inspect::snapshot::truncate(&result, 70)),
        ]);
    }
    let dry = if report.dry_run {
        " (dry run: nothing was changed)"
    } else {
        ""
    };
    out.text(&format!(
        "playbook {} run {}: {}{dry}\n{table}",
        report.playbook, report.run_id, report.status
    ))
}

/// One line about a step's output.
fn summary(output: &serde_json::Value) -> String {
    use serde_json::Value;
    if let Some(w) = output.get("worst").and_then(Value::as_str) {
        return format!("worst: {w}");
    }
    if let Some(u) = crate::playbook::expr::max_utilization(output) {
        return format!("utilization {:.0}%", u * 100.0);
    }
    if let Some(p) = output.get("passed").and_then(Value::as_bool) {
        let n = output
            .get("samples")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        return format!("{} after {n} samples", if p { "held" } else { "not held" });
    }
    if let Some(m) = output.get("message").and_then(Value::as_str) {
        return m.to_string();
    }
    let Some(targets) = output.get("targets").and_then(Value::as_array) else {
        return String::new();
    };
    // A dry run's `sql` write: the statement it would have run.
    if let Some(sql) = targets
        .iter()
        .find_map(|t| t.get("sql").and_then(Value::as_str))
    {
        return format!(
            "would run: {}",
            sql.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }
    let count = |key: &str| -> usize {
        targets
            .iter()
            .filter_map(|t| t.get(key).and_then(Value::as_array))
            .map(Vec::len)
            .sum()
    };
    for (key, noun) in [
        ("orgs", "org"),
        ("jobs", "job"),
        ("suspended", "suspended org"),
        ("rows", "row"),
    ] {
        if targets.iter().any(|t| t.get(key).is_some()) {
            return output::count(count(key), noun);
        }
    }
    output::count(targets.len(), "target")
}

/// One run, read back from its journal.
#[derive(Debug, serde::Serialize)]
pub struct RunSummary {
    pub run_id: String,
    pub playbook: String,
    pub actor: String,
    pub started_at: String,
    /// ok | failed | refused | interrupted, or `unfinished` (the journal has no end:
    /// quell was killed or is still running).
    pub status: String,
    /// The step the run stopped at (the last one that did not finish ok or skipped).
    pub stopped_at: Option<String>,
    /// A `--dry-run`: it changed nothing.
    pub dry_run: bool,
}

/// `quell playbook runs`: the local run journals, newest first.
pub fn runs(out: &Output, dir: Option<&std::path::Path>, limit: usize) -> anyhow::Result<Exit> {
    let mut runs = Vec::new();
    if let Some(entries) = dir.and_then(|d| std::fs::read_dir(d).ok()) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|x| x != "jsonl") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if let Some(run) = summarize(&text) {
                runs.push(run);
            }
        }
    }
    runs.sort_by(|a, b| {
        b.started_at
            .cmp(&a.started_at)
            .then(b.run_id.cmp(&a.run_id))
    });
    runs.truncate(limit);
    if out.is_json() {
        out.json(&serde_json::json!({ "runs": runs }))?;
        return Ok(Exit::Ok);
    }
    if runs.is_empty() {
        let at = dir.map_or("(no state directory)".into(), |d| d.display().to_string());
        out.text(&format!("no playbook runs recorded in {at}"))?;
        return Ok(Exit::Ok);
    }
    let mut table = out.table(&[
        "run",
        "playbook",
        "actor",
        "started",
        "status",
        "stopped at",
    ]);
    for r in &runs {
        table.add_row(vec![
            Cell::new(&r.run_id),
            Cell::new(&r.playbook),
            Cell::new(&r.actor),
            Cell::new(&r.started_at),
            Cell::new(if r.dry_run {
                format!("{} (dry run)", r.status)
            } else {
                r.status.clone()
            }),
            Cell::new(r.stopped_at.as_deref().unwrap_or("")),
        ]);
    }
    out.text(&table.to_string())?;
    Ok(Exit::Ok)
}

fn summarize(text: &str) -> Option<RunSummary> {
    let recorded = run::Recorded::read(text)?;
    let field = |k: &str| {
        recorded
            .start
            .get(k)
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let stopped_at = recorded
        .finished
        .iter()
        .rev()
        .find(|(_, (status, _))| !matches!(status.as_str(), "ok" | "skipped" | "dry_run"))
        .map(|(step, _)| step.clone())
        // Killed mid-step: started, never finished.
        .or_else(|| recorded.in_flight.last().cloned());
    Some(RunSummary {
        run_id: field("run_id"),
        playbook: field("playbook"),
        actor: field("actor"),
        started_at: field("at"),
        status: recorded
            .end
            .clone()
            .unwrap_or_else(|| "unfinished".to_string()),
        stopped_at,
        dry_run: recorded.start["dry_run"].as_bool().unwrap_or(false),
    })
}
