//! The run journal: one JSON object per line under the state directory
//! (`runs/<run id>.jsonl`), flushed per event, and its fold (`Recorded`) that
//! `playbook resume` and `playbook runs` read back.

use std::path::PathBuf;
use std::time::SystemTime;

use serde_json::Value;

use crate::output;

/// What an earlier run's journal says was done.
#[derive(Debug, Clone, Default)]
pub struct Resumed {
    /// Steps that finished: status and output.
    pub finished: indexmap::IndexMap<String, (String, Value)>,
    /// Steps that started and never finished (the run died in them).
    pub in_flight: Vec<String>,
    pub dry_run: bool,
}

/// A run journal folded: its start, how it ended, each step's last result and the
/// steps that started and never finished. `resume` and `playbook runs` both read it.
#[derive(Debug)]
pub struct Recorded {
    /// The `run_started` event.
    pub start: Value,
    /// The status of the last `run_finished` event; `None` when the run never ended.
    pub end: Option<String>,
    /// Step id → (status, output), in the order they last finished.
    pub finished: indexmap::IndexMap<String, (String, Value)>,
    /// Steps that started and have not finished since (the run died in them).
    pub in_flight: Vec<String>,
    /// Undo steps that ran (the run aborted and took back what it had done).
    pub undone: Vec<String>,
}

impl Recorded {
    /// `None` when the journal has no start.
    pub fn read(text: &str) -> Option<Recorded> {
        let events = text
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok());
        let mut recorded: Option<Recorded> = None;
        for e in events {
            let step = e["step"].as_str().unwrap_or("").to_string();
            match (e["event"].as_str(), recorded.as_mut()) {
                (Some("run_started"), None) => {
                    recorded = Some(Recorded {
                        start: e,
                        end: None,
                        finished: indexmap::IndexMap::new(),
                        in_flight: Vec::new(),
                        undone: Vec::new(),
                    })
                }
                (Some("run_finished"), Some(r)) => r.end = e["status"].as_str().map(str::to_string),
                // A resumed run has not ended until it says so again.
                (Some("run_resumed"), Some(r)) => r.end = None,
                (Some("step_started"), Some(r)) if !r.in_flight.contains(&step) => {
                    r.in_flight.push(step)
                }
                (Some("step_finished"), Some(r)) => {
                    r.in_flight.retain(|s| *s != step);
                    if e["undo"] == Value::Bool(true) {
                        r.undone.push(step.clone());
                    }
                    let status = e["status"].as_str().unwrap_or("").to_string();
                    r.finished.shift_remove(&step);
                    r.finished.insert(step, (status, e["output"].clone()));
                }
                _ => {}
            }
        }
        recorded
    }
}

/// An earlier run, read back from its journal.
#[derive(Debug)]
pub struct Journaled {
    /// The playbook's text.
    pub source: String,
    /// Its inputs, as `--input` pairs.
    pub inputs: Vec<(String, String)>,
    pub resumed: Resumed,
}

/// An earlier run, read back from its journal for `resume`.
pub fn read_journal(dir: Option<&std::path::Path>, run_id: &str) -> anyhow::Result<Journaled> {
    if run_id.is_empty()
        || !run_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        anyhow::bail!("{run_id:?} is not a run id (see `quell playbook runs`)");
    }
    let Some(path) = dir.map(|d| d.join(format!("{run_id}.jsonl"))) else {
        anyhow::bail!("no state directory (HOME or XDG_STATE_HOME) to find run {run_id} in");
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| anyhow::anyhow!("run {run_id}: reading {}: {e}", path.display()))?;
    let Some(recorded) = Recorded::read(&text) else {
        anyhow::bail!("run {run_id}: the journal {} has no start", path.display());
    };
    if recorded.end.as_deref() == Some("ok") {
        anyhow::bail!("run {run_id} already finished ok: nothing to resume");
    }
    if !recorded.undone.is_empty() {
        anyhow::bail!(
            "run {run_id} aborted and ran its undo steps ({}): what it did was taken back, so it cannot continue; run the playbook again",
            recorded.undone.join(", ")
        );
    }
    let start = &recorded.start;
    let source = start["source"].as_str().unwrap_or("").to_string();
    let mut inputs = Vec::new();
    for (k, v) in start["inputs"].as_object().into_iter().flatten() {
        let text = match v {
            Value::Null => continue,
            Value::String(s) if s == "[redacted]" => anyhow::bail!("run {run_id}: input {k} is secret and was not journaled, so the run cannot be resumed: run the playbook again"),
            Value::String(s) => s.clone(),
            Value::Array(a) => a.iter().map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string)).collect::<Vec<_>>().join(","),
            other => other.to_string(),
        };
        inputs.push((k.clone(), text));
    }
    let resumed = Resumed {
        dry_run: start["dry_run"].as_bool().unwrap_or(false),
        finished: recorded.finished,
        in_flight: recorded.in_flight,
    };
    Ok(Journaled {
        source,
        inputs,
        resumed,
    })
}

pub fn now() -> String {
    humantime::format_rfc3339_millis(SystemTime::now()).to_string()
}

/// The run journal: one JSON object per line, flushed per event, in the local file;
/// and the same events as rows of `quell.runs` / `quell.run_steps` on each target
/// whose control schema is current (not in a dry run: a dry run changes nothing).
/// A write that fails warns once (per target) and the run goes on.
pub struct Journal {
    pub path: Option<PathBuf>,
    warned: std::cell::Cell<bool>,
    /// Targets whose control schema takes the run's rows, until a write fails there
    /// (a lost session: [`Journal::renew`] puts the reconnected one back).
    db: std::cell::RefCell<Vec<std::sync::Arc<crate::db::Session>>>,
    /// The targets examined for a control schema, and whether theirs is current.
    examined: std::cell::RefCell<Vec<(String, bool)>>,
}

const RUN_SQL: &str = "\
INSERT INTO quell.runs (run_id, playbook, actor, target, inputs) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (run_id) DO UPDATE SET status = 'running', finished_at = NULL";
const STEP_SQL: &str = "\
INSERT INTO quell.run_steps (run_id, step, action, event, attempt, status, request, output, error, duration_s)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
const FINISHED_SQL: &str =
    "UPDATE quell.runs SET status = $2, finished_at = clock_timestamp() WHERE run_id = $1";

impl Journal {
    pub fn open(dir: Option<&PathBuf>, run_id: &str) -> Journal {
        let path = dir.and_then(|d| {
            std::fs::create_dir_all(d).ok()?;
            Some(d.join(format!("{run_id}.jsonl")))
        });
        Journal {
            path,
            warned: std::cell::Cell::new(false),
            db: Default::default(),
            examined: Default::default(),
        }
    }

    /// Also journal in the control schema of these sessions, where it is current.
    pub async fn in_control(&self, sessions: &[crate::db::fleet::Connected]) {
        let checks = sessions
            .iter()
            .filter_map(|c| c.session.as_ref().ok())
            .map(|s| async move {
                let current = crate::control::ensure_current(&s.client).await.is_ok();
                (s.clone(), current)
            });
        let checked = futures_util::future::join_all(checks).await;
        let mut db = self.db.borrow_mut();
        let mut examined = self.examined.borrow_mut();
        for (s, current) in checked {
            examined.push((s.target.clone(), current));
            if current {
                db.push(s);
            }
        }
    }

    /// Sessions a step reconnected (or connected for the first time) take the run's
    /// rows again where their control schema is current.
    pub async fn renew(&self, sessions: &[crate::db::fleet::Connected]) {
        for c in sessions {
            let Ok(s) = &c.session else { continue };
            if self
                .db
                .borrow()
                .iter()
                .any(|x| std::sync::Arc::ptr_eq(x, s))
            {
                continue;
            }
            let known = self
                .examined
                .borrow()
                .iter()
                .find(|(t, _)| t == &c.target)
                .map(|(_, current)| *current);
            let current = match known {
                Some(current) => current,
                None => {
                    let current = crate::control::ensure_current(&s.client).await.is_ok();
                    self.examined.borrow_mut().push((c.target.clone(), current));
                    current
                }
            };
            if current {
                let mut db = self.db.borrow_mut();
                db.retain(|x| x.target != c.target);
                db.push(s.clone());
                output::note(&format!(
                    "target {}: the run is journaled in quell.runs there again",
                    c.target
                ));
            }
        }
    }

    pub async fn write(&self, mut event: Value) {
        if let Some(obj) = event.as_object_mut() {
            obj.insert("at".into(), Value::String(now()));
        }
        self.to_file(&event);
        let sessions = self.db.borrow().clone();
        for s in sessions {
            if let Err(e) = to_table(&s, &event).await {
                output::warn(&format!(
                    "target {}: the run is not journaled in quell.runs there (until its session is back): {}",
                    s.target,
                    crate::error::chain(&e)
                ));
                self.db
                    .borrow_mut()
                    .retain(|x| !std::sync::Arc::ptr_eq(x, &s));
            }
        }
    }

    fn to_file(&self, event: &Value) {
        let Some(path) = &self.path else { return };
        let line = format!("{event}\n");
        let result = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, line.as_bytes()));
        if let Err(e) = result {
            if !self.warned.replace(true) {
                output::warn(&format!(
                    "the run journal {} was not written: {e}",
                    path.display()
                ));
            }
        }
    }
}

/// One journal event as its row.
async fn to_table(s: &crate::db::Session, e: &Value) -> anyhow::Result<()> {
    let text = |k: &str| e[k].as_str().map(str::to_string);
    let json = |k: &str| Some(e[k].clone()).filter(|v| !v.is_null());
    let run_id = text("run_id").unwrap_or_default();
    match e["event"].as_str() {
        Some("run_started" | "run_resumed") => {
            s.client
                .execute(
                    RUN_SQL,
                    &[
                        &run_id,
                        &text("playbook").unwrap_or_default(),
                        &text("actor").unwrap_or_default(),
                        &s.target,
                        &e["inputs"],
                    ],
                )
                .await?;
        }
        Some(kind @ ("step_started" | "step_finished")) => {
            let attempt = e["attempt"].as_i64().map(|a| a as i32);
            s.client
                .execute(
                    STEP_SQL,
                    &[
                        &run_id,
                        &text("step").unwrap_or_default(),
                        &text("action").unwrap_or_default(),
                        &kind,
                        &attempt,
                        &text("status"),
                        &json("request"),
                        &json("output"),
                        &text("error"),
                        &e["duration_s"].as_f64(),
                    ],
                )
                .await?;
        }
        Some("run_finished") => {
            s.client
                .execute(FINISHED_SQL, &[&run_id, &text("status")])
                .await?;
        }
        _ => {}
    }
    Ok(())
}

/// Values of secret inputs, and fields that look like credentials, as `[redacted]`.
/// `text` with every secret input's value replaced by `[redacted]`.
pub fn mask(text: &str, secrets: &[String]) -> String {
    secrets
        .iter()
        .filter(|s| !s.is_empty())
        .fold(text.to_string(), |t, s| t.replace(s.as_str(), "[redacted]"))
}

pub fn redact(v: &Value, secrets: &[String]) -> Value {
    match v {
        Value::String(s)
            if secrets
                .iter()
                .any(|x| !x.is_empty() && s.contains(x.as_str())) =>
        {
            Value::String("[redacted]".into())
        }
        Value::Array(a) => Value::Array(a.iter().map(|v| redact(v, secrets)).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let lower = k.to_ascii_lowercase();
                    if ["password", "passwd", "token", "secret", "dsn"]
                        .iter()
                        .any(|w| lower.contains(w))
                    {
                        (k.clone(), Value::String("[redacted]".into()))
                    } else {
                        (k.clone(), redact(v, secrets))
                    }
                })
                .collect(),
        ),
        other => other.clone(),
    }
}
