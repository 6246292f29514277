//! Running a playbook: inputs resolved and typed, `vars` rendered, then each step in
//! order (its `when`, its gate, its request rendered and checked, the action with a
//! time limit), `always:` however the run ends, a journal line per event in the
//! local run journal, and one report.

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime};

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::{expr, GateLevel, OnError, Playbook, Step};
use crate::actions::{self, Ctx, Effect};
use crate::error::Exit;
use crate::output;

/// How this run was asked for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--input NAME=VALUE`, in order.
    pub inputs: Vec<(String, String)>,
    /// `--yes`: approve normal gates.
    pub yes: bool,
    /// `--approve STEP`: approve that step's gate, whatever its level.
    pub approve: Vec<String>,
    /// Where the run journal goes (`…/quell/runs/<run id>.jsonl`).
    pub journal_dir: Option<PathBuf>,
    /// The playbook's text, kept in the journal so that a resume runs the same one.
    pub source: String,
    /// Continuing an earlier run (`quell playbook resume`).
    pub resume: Option<Resumed>,
}

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

/// `-o json`: the run report.
#[derive(Debug, Serialize)]
pub struct RunReport {
    pub run_id: String,
    pub playbook: String,
    pub inputs: Value,
    pub dry_run: bool,
    /// ok | failed | refused | interrupted | error
    pub status: &'static str,
    pub started_at: String,
    pub finished_at: String,
    pub steps: Vec<StepReport>,
    /// The journal file of this run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journal: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct StepReport {
    pub id: String,
    pub action: String,
    /// ok | failed | skipped | refused | dry_run | interrupted
    pub status: &'static str,
    pub started_at: String,
    pub duration_s: f64,
    /// Of `duration_s`, the time inside the action itself (the rest is the runner:
    /// conditions, rendering, the gate, the journal).
    pub action_s: f64,
    pub attempts: u32,
    pub output: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Part of `always:`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub always: bool,
    /// It failed because a check found something (`fail_if`, a wait), not by an error.
    #[serde(skip)]
    pub found: bool,
}

impl StepReport {
    /// A step starting now: `ok` until it says otherwise.
    fn new(step: &Step, always: bool) -> StepReport {
        StepReport {
            id: step.id.clone(),
            action: step.action.clone(),
            status: "ok",
            started_at: now(),
            duration_s: 0.0,
            action_s: 0.0,
            attempts: 0,
            output: Value::Null,
            error: None,
            always,
            found: false,
        }
    }
}

/// Why a step did not finish well.
enum Stop {
    /// A check found what the playbook fails on (fail_if, a wait timeout, abort_if): exit 1.
    Found(String),
    Error(anyhow::Error),
    Refused(String),
    Interrupted,
}

fn now() -> String {
    humantime::format_rfc3339_millis(SystemTime::now()).to_string()
}

/// The run journal: one JSON object per line, flushed per event; a write that fails
/// warns once and the run goes on.
struct Journal {
    path: Option<PathBuf>,
    warned: std::cell::Cell<bool>,
}

impl Journal {
    fn open(dir: Option<&PathBuf>, run_id: &str) -> Journal {
        let path = dir.and_then(|d| {
            std::fs::create_dir_all(d).ok()?;
            Some(d.join(format!("{run_id}.jsonl")))
        });
        Journal {
            path,
            warned: std::cell::Cell::new(false),
        }
    }

    fn write(&self, mut event: Value) {
        let Some(path) = &self.path else { return };
        if let Some(obj) = event.as_object_mut() {
            obj.insert("at".into(), Value::String(now()));
        }
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

/// Values of secret inputs, and fields that look like credentials, as `[redacted]`.
fn redact(v: &Value, secrets: &[String]) -> Value {
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

/// Resolve `--input` values against the declarations: typed, defaulted, required,
/// choices; an undeclared name is an error.
pub fn inputs(book: &Playbook, given: &[(String, String)]) -> anyhow::Result<Map<String, Value>> {
    let mut out = Map::new();
    for (name, _) in given {
        if !book.inputs.contains_key(name) {
            let known: Vec<&str> = book.inputs.keys().map(String::as_str).collect();
            anyhow::bail!(
                "--input {name}: playbook {} has no input {name} (its inputs: {})",
                book.name,
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            );
        }
    }
    for (name, decl) in &book.inputs {
        let given = given
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| Value::String(v.clone()));
        let value = match (given, &decl.default) {
            (Some(v), _) => {
                super::coerce(decl.kind, &v).map_err(|e| anyhow::anyhow!("--input {name}: {e}"))?
            }
            (None, Some(d)) => super::coerce(decl.kind, d)?,
            (None, None) if decl.required => {
                anyhow::bail!("input {name} is required: pass --input {name}=VALUE")
            }
            (None, None) => Value::Null,
        };
        if let (Some(choices), false) = (&decl.choices, value.is_null()) {
            if !choices.contains(&value) {
                let shown: Vec<String> = choices.iter().map(|c| c.to_string()).collect();
                anyhow::bail!("input {name}: {value} is not one of {}", shown.join(", "));
            }
        }
        out.insert(name.clone(), value);
    }
    Ok(out)
}

/// Run `book` on the sessions of `ctx`. Returns the report and the exit code.
pub async fn run(
    ctx: &Ctx<'_>,
    book: &Playbook,
    opts: &Options,
) -> anyhow::Result<(RunReport, Exit)> {
    let inputs = inputs(book, &opts.inputs)?;
    let secrets: Vec<String> = book
        .inputs
        .iter()
        .filter(|(_, d)| d.secret)
        .filter_map(|(n, _)| inputs.get(n).and_then(Value::as_str).map(str::to_string))
        .collect();
    let env = expr::environment();
    let run_id = ctx.actor.run_id.clone();
    let started_at = now();
    let targets: Vec<&str> = ctx.sessions.iter().map(|c| c.target.as_str()).collect();
    let mut context = json!({
        "inputs": inputs,
        "vars": {},
        "steps": {},
        "run": {"id": run_id, "dry_run": ctx.dry_run, "started_at": started_at, "targets": targets},
    });
    let mut vars = Map::new();
    for (name, v) in &book.vars {
        let value =
            expr::render(&env, v, &context).map_err(|e| anyhow::anyhow!("vars.{name}: {e:#}"))?;
        vars.insert(name.clone(), value);
        context["vars"] = Value::Object(vars.clone());
    }
    let journal = Journal::open(opts.journal_dir.as_ref(), &run_id);
    match &opts.resume {
        None => journal.write(json!({"event": "run_started", "run_id": run_id, "playbook": book.name,
            "inputs": redact(&Value::Object(inputs.clone()), &secrets), "dry_run": ctx.dry_run,
            "actor": ctx.actor.name, "targets": targets, "source": opts.source})),
        Some(_) => journal.write(json!({"event": "run_resumed", "run_id": run_id, "actor": ctx.actor.name, "targets": targets})),
    }
    crate::interrupt::graceful();
    let shared = Shared {
        ctx,
        book,
        env: &env,
        opts,
        journal: &journal,
        secrets: &secrets,
    };
    let mut reports = Vec::new();
    let mut stop: Option<Stop> = None;
    let total = book.steps.len();
    for (i, step) in book.steps.iter().enumerate() {
        if crate::interrupt::requested().is_some() {
            stop = Some(Stop::Interrupted);
            break;
        }
        let done = opts.resume.as_ref().and_then(|r| r.finished.get(&step.id));
        if let Some((status, output)) =
            done.filter(|(s, _)| matches!(s.as_str(), "ok" | "skipped" | "dry_run"))
        {
            // Finished before the resume: never repeated; its output is the journal's.
            output::note(&format!(
                "step {} ({}): {status} before the resume, not repeated",
                step.id, step.action
            ));
            context["steps"][&step.id] = json!({"output": output, "status": status});
            reports.push(StepReport {
                status: match status.as_str() {
                    "skipped" => "skipped",
                    "dry_run" => "dry_run",
                    _ => "ok",
                },
                started_at: String::new(),
                output: output.clone(),
                ..StepReport::new(step, false)
            });
            continue;
        }
        let mid_way = opts
            .resume
            .as_ref()
            .is_some_and(|r| r.in_flight.contains(&step.id));
        let idempotent = actions::spec(&step.action).is_some_and(|s| s.idempotent);
        if mid_way && !idempotent && !opts.approve.contains(&step.id) {
            stop = Some(Stop::Refused(format!(
                "step {} was mid-way when run {run_id} died and {} is not idempotent: check what it did, then resume with --approve {} to run it again",
                step.id, step.action, step.id
            )));
            break;
        }
        progress(&format!("[{}/{total}] {}", i + 1, label(step)));
        let (report, failure) = shared.step(step, &mut context, false).await;
        progress_done(&report);
        reports.push(report);
        if let Some(failure) = failure {
            let on_error = step.on_error.or(book.defaults.on_error).unwrap_or_default();
            match (&failure, on_error) {
                (Stop::Found(_) | Stop::Error(_), OnError::Continue) => continue,
                _ => {
                    stop = Some(failure);
                    break;
                }
            }
        }
    }
    // The steps a stop kept from running.
    let ran: Vec<String> = reports.iter().map(|r| r.id.clone()).collect();
    let left: Vec<&str> = book
        .steps
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| !ran.iter().any(|r| r == id))
        .collect();
    for step in &book.always {
        progress(&format!("[always] {}", label(step)));
        let (report, _) = shared.step(step, &mut context, true).await;
        progress_done(&report);
        reports.push(report);
    }
    // Without a stop, failed steps (`on_error: continue`, `always:`) decide: 1 when
    // each was a check that found something, 2 when any was an error.
    let failed: Vec<&StepReport> = reports.iter().filter(|r| r.status == "failed").collect();
    let unstopped = match (failed.is_empty(), failed.iter().all(|r| r.found)) {
        (true, _) => ("ok", Exit::Ok),
        (false, true) => ("failed", Exit::Found),
        (false, false) => ("failed", Exit::Error),
    };
    let (status, exit) = match &stop {
        None => unstopped,
        Some(Stop::Found(_)) => ("failed", Exit::Found),
        Some(Stop::Error(_)) => ("failed", Exit::Error),
        Some(Stop::Refused(_)) => ("refused", Exit::Refused),
        Some(Stop::Interrupted) => (
            "interrupted",
            crate::interrupt::exit().unwrap_or(Exit::Interrupted),
        ),
    };
    if let Some(Stop::Interrupted) = &stop {
        output::note(&format!(
            "run {run_id} interrupted by {}: the step in flight finished its transaction; {} not run: {}; \
             continue with `quell playbook resume {run_id}` (with the same -c/-t/--dsn)",
            crate::interrupt::requested().map(crate::interrupt::name).unwrap_or("a signal"),
            left.len(),
            output::some(&left, 20)
        ));
    }
    if let Some(Stop::Refused(why)) = &stop {
        output::error(why);
    }
    let finished_at = now();
    journal.write(json!({"event": "run_finished", "run_id": run_id, "status": status}));
    Ok((
        RunReport {
            run_id,
            playbook: book.name.clone(),
            inputs: redact(&Value::Object(inputs), &secrets),
            dry_run: ctx.dry_run,
            status,
            started_at,
            finished_at,
            steps: reports,
            journal: journal.path.as_ref().map(|p| p.display().to_string()),
        },
        exit,
    ))
}

fn label(step: &Step) -> String {
    match &step.name {
        Some(name) => format!("{} ({}: {name})", step.id, step.action),
        None => format!("{} ({})", step.id, step.action),
    }
}

/// The step starting: on a terminal only (off one, each step is the one line of
/// `progress_done`).
fn progress(line: &str) {
    if std::io::stderr().is_terminal() {
        output::note(&format!("{line} …"));
    }
}

/// One line per step: `step suspend (tenants.suspend): ok in 0.31s`.
fn progress_done(r: &StepReport) {
    let what = if r.always { "always step" } else { "step" };
    let line = match &r.error {
        Some(e) => format!(
            "{what} {} ({}): {} after {:.2}s: {e}",
            r.id, r.action, r.status, r.duration_s
        ),
        None => format!(
            "{what} {} ({}): {} in {:.2}s",
            r.id, r.action, r.status, r.duration_s
        ),
    };
    output::note(&line);
}

/// What every step of one run shares.
struct Shared<'a> {
    ctx: &'a Ctx<'a>,
    book: &'a Playbook,
    env: &'a minijinja::Environment<'static>,
    opts: &'a Options,
    journal: &'a Journal,
    secrets: &'a [String],
}

impl Shared<'_> {
    /// Run one step and record it (report, journal, `steps.<id>` in the context).
    async fn step(
        &self,
        step: &Step,
        context: &mut Value,
        always: bool,
    ) -> (StepReport, Option<Stop>) {
        let Shared {
            ctx,
            book,
            env,
            opts,
            journal,
            secrets,
        } = *self;
        one_step(
            ctx, book, step, env, context, opts, journal, secrets, always,
        )
        .await
    }
}

#[allow(clippy::too_many_arguments)]
async fn one_step(
    ctx: &Ctx<'_>,
    book: &Playbook,
    step: &Step,
    env: &minijinja::Environment<'static>,
    context: &mut Value,
    opts: &Options,
    journal: &Journal,
    secrets: &[String],
    always: bool,
) -> (StepReport, Option<Stop>) {
    let started = Instant::now();
    let mut report = StepReport::new(step, always);
    let result = attempt(
        ctx,
        book,
        step,
        env,
        context,
        opts,
        journal,
        secrets,
        &mut report,
    )
    .await;
    report.duration_s = (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
    let failure = match result {
        Ok(status) => {
            report.status = status;
            None
        }
        Err(stop) => {
            let (status, error) = match &stop {
                Stop::Found(why) => {
                    report.found = true;
                    ("failed", format!("found: {why}"))
                }
                Stop::Error(e) => ("failed", crate::error::chain(e)),
                Stop::Refused(why) => ("refused", why.clone()),
                Stop::Interrupted => ("interrupted", "interrupted".to_string()),
            };
            report.status = status;
            report.error = Some(error);
            Some(stop)
        }
    };
    context["steps"][&step.id] = json!({"output": report.output, "status": report.status});
    journal.write(json!({"event": "step_finished", "step": step.id, "status": report.status,
        "duration_s": report.duration_s, "error": report.error, "output": redact(&report.output, secrets)}));
    (report, failure)
}

#[allow(clippy::too_many_arguments)]
async fn attempt(
    ctx: &Ctx<'_>,
    book: &Playbook,
    step: &Step,
    env: &minijinja::Environment<'static>,
    context: &Value,
    opts: &Options,
    journal: &Journal,
    secrets: &[String],
    report: &mut StepReport,
) -> Result<&'static str, Stop> {
    if let Some(when) = &step.when {
        match expr::truth(env, when, context) {
            Ok(true) => {}
            Ok(false) => return Ok("skipped"),
            Err(e) => return Err(Stop::Error(e.context("when"))),
        }
    }
    let Some(spec) = actions::spec(&step.action) else {
        return Err(Stop::Error(anyhow::anyhow!(
            "unknown action {}",
            step.action
        )));
    };
    let with =
        expr::render(env, &step.with, context).map_err(|e| Stop::Error(e.context("with")))?;
    // The rendered request is checked against its type before anything happens.
    if spec.name != "log" {
        (spec.check)(with.clone())
            .map_err(|e| Stop::Error(e.context(format!("{} request", spec.name))))?;
    }
    report.attempts = 1;
    journal.write(
        json!({"event": "step_started", "step": step.id, "action": step.action, "attempt": 1,
        "request": redact(&with, secrets)}),
    );
    if let Some(confirm) = &step.confirm {
        let prompt = expr::render_str(env, &confirm.prompt, context)
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| v.to_string())
            })
            .map_err(|e| Stop::Error(e.context("confirm.prompt")))?;
        gate(ctx, step, confirm.level, &prompt, &with, opts)?;
    }
    let timeout = step
        .timeout
        .or(book.defaults.timeout)
        .map_or(Duration::from_secs(600), |d| d.0);
    let work = || async {
        match spec.name {
            "log" => {
                let message = with
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                output::note(&format!("{}: {message}", step.id));
                Ok(json!({"message": message}))
            }
            "sleep" => {
                let req: actions::SleepRequest =
                    actions::parse(with.clone()).map_err(Stop::Error)?;
                if ctx.dry_run {
                    return Ok(json!({"slept_s": 0, "dry_run": true}));
                }
                tokio::select! {
                    _ = tokio::time::sleep(req.for_.0) => Ok(json!({"slept_s": req.for_.0.as_secs_f64()})),
                    _ = crate::interrupt::wait() => Err(Stop::Interrupted),
                }
            }
            "wait_until" => {
                wait_until(
                    ctx,
                    env,
                    context,
                    actions::parse(with.clone()).map_err(Stop::Error)?,
                )
                .await
            }
            name => actions::call(ctx, name, with.clone())
                .await
                .map_err(classify),
        }
    };
    let retry = step.retry.as_ref();
    let attempts = retry.map_or(1, |r| r.attempts.max(1));
    let mut wait = retry.map_or(Duration::ZERO, |r| r.delay.0);
    let output = loop {
        if report.attempts > 1 {
            journal.write(
                json!({"event": "step_started", "step": step.id, "action": step.action,
                "attempt": report.attempts, "request": redact(&with, secrets)}),
            );
        }
        let action_started = Instant::now();
        let outcome = tokio::time::timeout(timeout, work()).await;
        report.action_s += (action_started.elapsed().as_secs_f64() * 1e6).round() / 1e6;
        let (stop, kind) = match outcome {
            // A target or an item failed: the step failed (the CLI exits 2 for the same report).
            Ok(Ok(output)) => match failed_items(&output) {
                None => break output,
                Some(why) => {
                    report.output = output;
                    (Stop::Error(anyhow::anyhow!(why)), Some(super::RetryOn::Error))
                }
            },
            // A lost session stays lost: another attempt on it cannot help.
            Ok(Err(Stop::Error(e))) if crate::db::client::lost(&e).is_some() => (Stop::Error(e), None),
            Ok(Err(Stop::Error(e))) => (Stop::Error(e), Some(super::RetryOn::Error)),
            Ok(Err(stop)) => (stop, None),
            Err(_) => (
                Stop::Error(anyhow::anyhow!(
                    "timed out after {} (the step's timeout); what committed is in the ledgers (`quell log --run-id {}`)",
                    humantime::format_duration(timeout),
                    ctx.actor.run_id
                )),
                Some(super::RetryOn::Timeout),
            ),
        };
        let retries = retry.is_some_and(|r| kind.is_some_and(|k| r.on.contains(&k)));
        if !retries || report.attempts >= attempts || crate::interrupt::requested().is_some() {
            return Err(stop);
        }
        if let Stop::Error(e) = &stop {
            output::note(&format!(
                "step {}: attempt {} of {attempts} failed ({}); again in {}",
                step.id,
                report.attempts,
                crate::error::chain(e),
                humantime::format_duration(wait)
            ));
        }
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = crate::interrupt::wait() => return Err(Stop::Interrupted),
        }
        if retry.is_some_and(|r| r.backoff == super::Backoff::Exponential) {
            wait = wait.saturating_mul(2);
        }
        report.attempts += 1;
    };
    report.output = output;
    if let Some(fail_if) = &step.fail_if {
        let own = expr::with_output(
            context.as_object().cloned().unwrap_or_default(),
            &report.output,
        );
        match expr::truth(env, fail_if, &own) {
            Ok(true) => return Err(Stop::Found(format!("fail_if {fail_if:?} is true"))),
            Ok(false) => {}
            Err(e) => return Err(Stop::Error(e.context("fail_if"))),
        }
    }
    Ok(match (ctx.dry_run, spec.effect) {
        (true, Effect::Write) | (true, Effect::Flow) if spec.name != "log" => "dry_run",
        _ => "ok",
    })
}

fn classify(e: anyhow::Error) -> Stop {
    if e.downcast_ref::<crate::error::Refused>().is_some() {
        return Stop::Refused(crate::error::chain(&e));
    }
    if e.downcast_ref::<crate::interrupt::Interrupted>().is_some() {
        return Stop::Interrupted;
    }
    Stop::Error(e)
}

/// A fleet report where a target or an item failed: the step failed (the CLI exits 2
/// for the same report).
fn failed_items(output: &Value) -> Option<String> {
    let targets = output.get("targets")?.as_array()?;
    let mut problems = Vec::new();
    for t in targets {
        let name = t.get("target").and_then(Value::as_str).unwrap_or("?");
        if let Some(e) = t.get("error").and_then(Value::as_str) {
            problems.push(format!("target {name}: {e}"));
        }
        for list in ["orgs", "jobs", "results"] {
            for item in t.get(list).and_then(Value::as_array).into_iter().flatten() {
                if let Some(e) = item.get("error").and_then(Value::as_str) {
                    let id = item
                        .get("org")
                        .or_else(|| item.get("job"))
                        .or_else(|| item.get("pid"))
                        .map(|v| v.to_string())
                        .unwrap_or_default();
                    problems.push(format!("target {name}: {id}: {e}"));
                }
            }
        }
    }
    (!problems.is_empty()).then(|| problems.join("; "))
}

/// A step's gate: approved by `--approve STEP`, `--yes` (normal gates), or a person at
/// a terminal (a dangerous gate asks for the step id); otherwise refused (exit 3).
/// A dry run shows the gate and goes on: nothing changes.
fn gate(
    ctx: &Ctx<'_>,
    step: &Step,
    level: GateLevel,
    prompt: &str,
    with: &Value,
    opts: &Options,
) -> Result<(), Stop> {
    let what = format!(
        "{prompt} [step {} runs {} with {}]",
        step.id, step.action, with
    );
    if ctx.dry_run {
        output::note(&format!(
            "gate ({} level; dry run, not asked): {what}",
            level_name(level)
        ));
        return Ok(());
    }
    if opts.approve.iter().any(|a| a == &step.id) || (level == GateLevel::Normal && opts.yes) {
        return Ok(());
    }
    let tty = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if !tty {
        let how = match level {
            GateLevel::Normal => format!("pass --yes or --approve {}", step.id),
            GateLevel::Dangerous => format!(
                "a dangerous gate needs --approve {} (--yes does not cover it)",
                step.id
            ),
        };
        return Err(Stop::Refused(format!(
            "step {}: refusing: {what}: no terminal to confirm on; {how}",
            step.id
        )));
    }
    match level {
        GateLevel::Normal => crate::confirm::Approval::Ask
            .confirm(&what)
            .map_err(classify),
        GateLevel::Dangerous => {
            output::note(&what);
            crate::interrupt::prompting(true);
            let typed: Result<String, _> = dialoguer::Input::new()
                .with_prompt(format!("Dangerous step: type {} to approve", step.id))
                .allow_empty(true)
                .interact_text();
            crate::interrupt::prompting(false);
            if crate::interrupt::requested().is_some() {
                crate::interrupt::restore_terminal();
                return Err(Stop::Interrupted);
            }
            match typed {
                Ok(t) if t.trim() == step.id => Ok(()),
                _ => Err(Stop::Refused(format!(
                    "step {}: not approved: {what}",
                    step.id
                ))),
            }
        }
    }
}

fn level_name(level: GateLevel) -> &'static str {
    match level {
        GateLevel::Normal => "normal",
        GateLevel::Dangerous => "dangerous",
    }
}

/// Sample `check` until `until` has held for `for` continuously (hysteresis: a single
/// good sample does not pass unless `for` is unset), stopping the run when `abort_if`
/// is true and failing the step at `timeout`. Every sample is recorded.
async fn wait_until(
    ctx: &Ctx<'_>,
    env: &minijinja::Environment<'static>,
    context: &Value,
    req: actions::WaitUntilRequest,
) -> Result<Value, Stop> {
    let hold = req.for_.map_or(Duration::ZERO, |d| d.0);
    let started = Instant::now();
    let mut held_since: Option<Instant> = None;
    let mut samples = Vec::new();
    let base = context.as_object().cloned().unwrap_or_default();
    loop {
        let output = actions::call(ctx, &req.check, req.check_with.clone())
            .await
            .map_err(classify)?;
        let scope = expr::with_output(base.clone(), &output);
        let until =
            expr::truth(env, &req.until, &scope).map_err(|e| Stop::Error(e.context("until")))?;
        let abort = match &req.abort_if {
            Some(a) => {
                expr::truth(env, a, &scope).map_err(|e| Stop::Error(e.context("abort_if")))?
            }
            None => false,
        };
        let t = started.elapsed().as_secs_f64();
        if until {
            held_since.get_or_insert_with(Instant::now);
        } else {
            held_since = None;
        }
        let held = held_since.map_or(0.0, |s| s.elapsed().as_secs_f64());
        samples.push(json!({"t_s": (t * 1000.0).round() / 1000.0, "until": until, "abort_if": abort,
            "held_s": (held * 1000.0).round() / 1000.0, "utilization": scope.get("utilization"), "worst": scope.get("worst")}));
        let record = |passed: bool| json!({"passed": passed, "samples": samples.clone(), "elapsed_s": (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0});
        if abort {
            return Err(Stop::Found(format!(
                "abort_if {:?} became true after {t:.1}s",
                req.abort_if.as_deref().unwrap_or("")
            )));
        }
        if ctx.dry_run {
            return Ok(record(until));
        }
        if until && held_since.is_some_and(|s| s.elapsed() >= hold) {
            return Ok(record(true));
        }
        if started.elapsed() >= req.timeout.0 {
            return Err(Stop::Found(format!(
                "{:?} did not hold for {} within {} ({} samples)",
                req.until,
                humantime::format_duration(hold),
                humantime::format_duration(req.timeout.0),
                samples.len()
            )));
        }
        tokio::select! {
            _ = tokio::time::sleep(req.interval.0) => {}
            _ = crate::interrupt::wait() => return Err(Stop::Interrupted),
        }
    }
}
