//! Running a playbook: inputs resolved and typed, `vars` rendered, then each step in
//! order (its `when`, its gate, its request rendered and checked, the action with a
//! time limit), `always:` however the run ends, a journal line per event in the
//! local run journal, and one report.

use std::cell::RefCell;
use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::journal::{mask, now, redact, Journal};
pub use super::journal::{read_journal, Journaled, Recorded, Resumed};
use super::sessions::{Picked, Pool};
use super::{expr, GateLevel, OnError, Playbook, Step};
use crate::actions::{self, Ctx, Effect};
use crate::error::Exit;
use crate::output;

/// Re-runs of a step after its session was lost and reconnected.
const MAX_RECONNECTS: u32 = 3;

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
    /// Sessions this step found lost, and whether they were reconnected.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reconnected: Vec<String>,
    /// Part of `always:`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub always: bool,
    /// An undo step, run because the run aborted.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub undo: bool,
    /// It failed because a check found something (`fail_if`, a wait), not by an error.
    #[serde(skip)]
    pub found: bool,
}

impl StepReport {
    /// A step starting now: `ok` until it says otherwise.
    fn new(step: &Step, key: &str, phase: Phase) -> StepReport {
        StepReport {
            id: key.to_string(),
            action: step.kind().to_string(),
            status: "ok",
            started_at: now(),
            duration_s: 0.0,
            action_s: 0.0,
            attempts: 0,
            output: Value::Null,
            error: None,
            reconnected: Vec::new(),
            always: phase == Phase::Always,
            undo: phase == Phase::Undo,
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
        decl.allowed(&value)
            .map_err(|e| anyhow::anyhow!("--input {name}: {e}"))?;
        out.insert(name.clone(), value);
    }
    Ok(out)
}

/// Where a step runs: its key in the journal and the report (`id`, or
/// `loop[2].id` inside a foreach), the progress prefix, the foreach's item names and
/// targets, and the phase.
#[derive(Clone)]
struct Place {
    /// `""`, or `loop[2].` inside a foreach.
    prefix: String,
    /// `[3/7]`, `[always]`, `[undo]`, `[3/7 item 2/5]`.
    progress: String,
    /// The foreach's item and `loop`, as the context has them while it runs.
    locals: Map<String, Value>,
    /// A foreach's `targets:`, the default of its steps.
    targets: Option<Vec<String>>,
    phase: Phase,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Main,
    Undo,
    Always,
}

impl Place {
    fn top(progress: String, phase: Phase) -> Place {
        Place {
            prefix: String::new(),
            progress,
            locals: Map::new(),
            targets: None,
            phase,
        }
    }

    fn key(&self, step: &Step) -> String {
        format!("{}{}", self.prefix, step.id)
    }
}

/// An undo step waiting for an abort, with what its templates need.
struct Undo<'a> {
    step: &'a Step,
    place: Place,
}

/// Run `book` on the sessions of `ctx`. Returns the report and the exit code.
pub async fn run(
    ctx: &Ctx<'_>,
    book: &Playbook,
    opts: &Options,
) -> anyhow::Result<(RunReport, Exit)> {
    let inputs = inputs(book, &opts.inputs)?;
    let run_targets: Vec<&str> = ctx.sessions.iter().map(|c| c.target.as_str()).collect();
    super::check_targets(book, &run_targets)?;
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
    if !ctx.dry_run {
        journal.in_control(ctx.sessions).await;
    }
    match &opts.resume {
        None => {
            journal
                .write(
                    json!({"event": "run_started", "run_id": run_id, "playbook": book.name,
            "inputs": redact(&Value::Object(inputs.clone()), &secrets), "dry_run": ctx.dry_run,
            "actor": ctx.actor.name, "targets": targets, "source": opts.source}),
                )
                .await
        }
        Some(_) => {
            journal
                .write(
                    json!({"event": "run_resumed", "run_id": run_id, "playbook": book.name,
            "inputs": redact(&Value::Object(inputs.clone()), &secrets),
            "actor": ctx.actor.name, "targets": targets}),
                )
                .await
        }
    }
    crate::interrupt::graceful();
    let runner = Runner {
        ctx,
        book,
        env: &env,
        opts,
        journal: &journal,
        secrets: &secrets,
        pool: Pool::new(ctx),
        undo: RefCell::new(Vec::new()),
    };
    let mut reports = Vec::new();
    let mut stop: Option<Stop> = None;
    let total = book.steps.len();
    for (i, step) in book.steps.iter().enumerate() {
        if crate::interrupt::requested().is_some() {
            stop = Some(Stop::Interrupted);
            break;
        }
        let place = Place::top(format!("[{}/{total}]", i + 1), Phase::Main);
        if let Some(failure) = runner.step(step, &place, &mut context, &mut reports).await {
            stop = Some(failure);
            break;
        }
    }
    // The steps a stop kept from running.
    let ran: Vec<String> = reports.iter().map(|r| r.id.clone()).collect();
    let left: Vec<&str> = book
        .steps
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| {
            !ran.iter()
                .any(|r| r == id || r.starts_with(&format!("{id}[")))
        })
        .collect();
    if let Some(Stop::Refused(why)) = &stop {
        output::error(why);
    }
    // What runs however the run ended must run to its end: a first signal no longer
    // stops it (a second one ends quell at once).
    crate::interrupt::shield(true);
    let registered = runner.undo.take();
    match &stop {
        Some(Stop::Found(_) | Stop::Error(_) | Stop::Refused(_)) if !registered.is_empty() => {
            let names: Vec<String> = registered
                .iter()
                .rev()
                .map(|u| u.place.key(u.step))
                .collect();
            output::note(&format!(
                "run {run_id} aborted: running {} undo {}, newest first: {}",
                names.len(),
                if names.len() == 1 { "step" } else { "steps" },
                names.join(", ")
            ));
            for undo in registered.iter().rev() {
                let mut place = undo.place.clone();
                place.progress = "[undo]".into();
                place.phase = Phase::Undo;
                runner.enter(&place, &mut context);
                runner
                    .step(undo.step, &place, &mut context, &mut reports)
                    .await;
                runner.leave(&place, &mut context);
            }
        }
        Some(Stop::Interrupted) if !registered.is_empty() => {
            let names: Vec<String> = registered.iter().map(|u| u.place.key(u.step)).collect();
            output::note(&format!(
                "undo steps not run (an interrupted run is resumed, not undone): {}",
                names.join(", ")
            ));
        }
        _ => {}
    }
    for step in &book.always {
        let place = Place::top("[always]".into(), Phase::Always);
        runner.step(step, &place, &mut context, &mut reports).await;
    }
    crate::interrupt::shield(false);
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
        let not_run = match left.len() {
            0 => "every step had run".to_string(),
            n => format!(
                "{} not run: {}",
                output::count(n, "step"),
                output::some(&left, 20)
            ),
        };
        output::note(&format!(
            "run {run_id} interrupted by {}: the step in flight finished its transaction; {not_run}; \
             continue with `{} playbook resume {run_id}`",
            crate::interrupt::received().map(crate::interrupt::name).unwrap_or("a signal"),
            output::rerun()
        ));
    }
    let finished_at = now();
    journal
        .write(json!({"event": "run_finished", "run_id": run_id, "status": status}))
        .await;
    // The report is output: no secret input in it (the run's own context kept them
    // for the templates).
    for r in reports.iter_mut() {
        r.output = redact(&r.output, &secrets);
        r.error = r.error.as_deref().map(|e| mask(e, &secrets));
    }
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

fn label(key: &str, step: &Step) -> String {
    match &step.name {
        Some(name) => format!("{key} ({}: {name})", step.kind()),
        None => format!("{key} ({})", step.kind()),
    }
}

/// The step starting: on a terminal only (off one, each step is the one line of
/// `progress_done`).
/// A line in the live area on a terminal (nothing off one), cleared when dropped: a
/// step's spinner with its elapsed time, a foreach's bar of items done, or a wait's
/// bar of how long its condition has held.
struct Live(Option<indicatif::ProgressBar>);

impl Live {
    fn step(line: &str) -> Live {
        Live::new(None, "{spinner} {msg} {elapsed}", line)
    }

    fn items(total: usize, line: &str) -> Live {
        Live::new(
            Some(total as u64),
            "  {msg} [{bar:24}] {pos}/{len} items {elapsed}",
            line,
        )
    }

    fn new(len: Option<u64>, template: &str, line: &str) -> Live {
        let Some(area) = output::live() else {
            return Live(None);
        };
        let bar = area.add(match len {
            Some(len) => indicatif::ProgressBar::new(len),
            None => indicatif::ProgressBar::new_spinner(),
        });
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(line.to_string());
        bar.enable_steady_tick(Duration::from_millis(200));
        Live(Some(bar))
    }

    /// A wait's line: how long its condition has held of how long it must, and the
    /// value it is about (utilization, worst).
    fn wait(req: &actions::WaitUntilRequest, hold: Duration) -> Live {
        Live::new(
            Some((hold.as_millis() as u64).max(1)),
            "  waiting {elapsed:>4} [{bar:24}] held {msg}",
            &format!(
                "0s of {} for {:?}",
                humantime::format_duration(hold),
                req.until
            ),
        )
    }

    fn inc(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    /// A wait's sample: held `held` seconds so far (`until` now true or not).
    fn sample(&self, scope: &Value, until: bool, held: f64) {
        let Some(bar) = &self.0 else { return };
        bar.set_position((held * 1000.0) as u64);
        let value = match (scope.get("utilization"), scope.get("worst")) {
            (Some(u), _) => format!("utilization {:.2}", u.as_f64().unwrap_or(0.0)),
            (None, Some(w)) => format!("worst {}", w.as_str().unwrap_or("")),
            _ => String::new(),
        };
        bar.set_message(format!(
            "{held:.0}s{} {value}",
            if until { "" } else { " (not yet)" }
        ));
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// One line per step: `step suspend (tenants.suspend): ok in 0.31s`.
fn progress_done(r: &StepReport, secrets: &[String]) {
    let what = if r.always {
        "always step"
    } else if r.undo {
        "undo step"
    } else {
        "step"
    };
    let line = match &r.error {
        Some(e) => format!(
            "{what} {} ({}): {} after {:.2}s: {}",
            r.id,
            r.action,
            r.status,
            r.duration_s,
            mask(e, secrets)
        ),
        None => format!(
            "{what} {} ({}): {} in {:.2}s",
            r.id, r.action, r.status, r.duration_s
        ),
    };
    output::note(&line);
}

/// What every step of one run shares.
struct Runner<'a> {
    ctx: &'a Ctx<'a>,
    book: &'a Playbook,
    env: &'a minijinja::Environment<'static>,
    opts: &'a Options,
    journal: &'a Journal,
    secrets: &'a [String],
    pool: Pool,
    /// Undo steps of the steps that finished, oldest first.
    undo: RefCell<Vec<Undo<'a>>>,
}

impl<'a> Runner<'a> {
    /// The actions' context on one step's sessions.
    fn ctx<'b>(&'b self, picked: &'b Picked) -> Ctx<'b> {
        Ctx {
            out: self.ctx.out,
            config: self.ctx.config,
            process: self.ctx.process,
            sessions: &picked.sessions,
            jobs_sessions: picked.jobs(),
            actor: self.ctx.actor,
            dry_run: self.ctx.dry_run,
            approval: self.ctx.approval,
        }
    }

    /// Put a foreach's item names into the context (and take them out again).
    fn enter(&self, place: &Place, context: &mut Value) {
        for (k, v) in &place.locals {
            context[k] = v.clone();
        }
    }

    fn leave(&self, place: &Place, context: &mut Value) {
        if let Some(obj) = context.as_object_mut() {
            for k in place.locals.keys() {
                obj.remove(k);
            }
        }
    }

    fn register(&self, step: &'a Step, place: &Place) {
        if let Some(undo) = step.register_undo.as_deref() {
            self.undo.borrow_mut().push(Undo {
                step: undo,
                place: place.clone(),
            });
        }
    }

    /// Run one step (a foreach with its steps) and record it: the report, the journal,
    /// `steps.<id>` in the context, its undo. Returns what stops the run, if anything
    /// does (a failure under `on_error: continue` does not).
    async fn step(
        &self,
        step: &'a Step,
        place: &Place,
        context: &mut Value,
        reports: &mut Vec<StepReport>,
    ) -> Option<Stop> {
        let key = place.key(step);
        let resume = self.opts.resume.as_ref();
        // `always:` steps run however each part of the run ends, a resumed one too:
        // what they report (what is still suspended) is the state now.
        let done = resume
            .filter(|_| place.phase != Phase::Always)
            .and_then(|r| r.finished.get(&key));
        if let Some((status, output)) =
            done.filter(|(s, _)| matches!(s.as_str(), "ok" | "skipped" | "dry_run"))
        {
            self.restore(step, place, status, output, context, reports);
            return None;
        }
        let mid_way = resume.is_some_and(|r| r.in_flight.contains(&key));
        let idempotent = actions::spec(&step.action).is_none_or(|s| s.idempotent);
        if mid_way && !idempotent && !self.opts.approve.contains(&step.id) {
            let what = format!(
                "step {key} was mid-way when run {} died and {} is not idempotent",
                self.ctx.actor.run_id, step.action
            );
            if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
                return Some(Stop::Refused(format!(
                    "{what}: check what it did, then resume with --approve {} to run it again",
                    step.id
                )));
            }
            let asked = format!("{what}: check what it did before running it again");
            if let Err(stop) = type_to_approve(&step.id, "Run it again", &asked) {
                return Some(stop);
            }
        }
        let live = Live::step(&format!("{} {}", place.progress, label(&key, step)));
        let (report, failure) = if step.is_foreach() {
            Box::pin(self.foreach(step, place, context, reports)).await
        } else {
            self.one(step, place, context).await
        };
        drop(live);
        progress_done(&report, self.secrets);
        if matches!(report.status, "ok" | "dry_run") {
            self.register(step, place);
        }
        reports.push(report);
        let failure = failure?;
        let on_error = step
            .on_error
            .or(self.book.defaults.on_error)
            .unwrap_or_default();
        match (&failure, on_error, place.phase) {
            // Undo and always steps never stop the others.
            (_, _, Phase::Undo | Phase::Always) => None,
            (Stop::Found(_) | Stop::Error(_), OnError::Continue, _) => None,
            _ => Some(failure),
        }
    }

    /// A step that finished before a resume: never repeated; its output, its undo
    /// (and a foreach's steps' outputs and undos) are the journal's.
    fn restore(
        &self,
        step: &'a Step,
        place: &Place,
        status: &str,
        output: &Value,
        context: &mut Value,
        reports: &mut Vec<StepReport>,
    ) {
        let key = place.key(step);
        output::note(&format!(
            "step {key} ({}): {status} before the resume, not repeated",
            step.kind()
        ));
        context["steps"][&step.id] = json!({"output": output, "status": status});
        let mut report = StepReport::new(step, &key, place.phase);
        report.status = match status {
            "skipped" => "skipped",
            "dry_run" => "dry_run",
            _ => "ok",
        };
        report.started_at = String::new();
        report.output = output.clone();
        reports.push(report);
        if status == "skipped" {
            return;
        }
        self.register(step, place);
        let iterations = output["iterations"].as_array().cloned().unwrap_or_default();
        for (i, iteration) in iterations.iter().enumerate() {
            let inner = self.iteration(step, place, i, iterations.len(), &iteration["item"]);
            for s in &step.steps {
                let recorded = &iteration["steps"][&s.id];
                if recorded.is_null() {
                    continue;
                }
                context["steps"][&s.id] = recorded.clone();
                if matches!(recorded["status"].as_str(), Some("ok" | "dry_run")) {
                    self.register(s, &inner);
                }
            }
        }
    }

    /// The place of item `i` (of `n`) of foreach `step`.
    fn iteration(&self, step: &Step, place: &Place, i: usize, n: usize, item: &Value) -> Place {
        let mut locals = Map::new();
        locals.insert(
            step.as_.clone().unwrap_or_else(|| "item".into()),
            item.clone(),
        );
        locals.insert(
            "loop".into(),
            json!({"index": i + 1, "index0": i, "first": i == 0, "last": i + 1 == n, "length": n}),
        );
        Place {
            prefix: format!("{}{}[{}].", place.prefix, step.id, i + 1),
            progress: format!("{} item {}/{n}", place.progress, i + 1),
            locals,
            targets: step.targets.clone().or_else(|| place.targets.clone()),
            phase: place.phase,
        }
    }

    /// A foreach: its list rendered, its gate, then its steps once per item, with
    /// `pause_between` between items. Its output: `{items, iterations: [{item, steps:
    /// {<id>: {status, output}}}]}`.
    async fn foreach(
        &self,
        step: &'a Step,
        place: &Place,
        context: &mut Value,
        reports: &mut Vec<StepReport>,
    ) -> (StepReport, Option<Stop>) {
        let started = Instant::now();
        let key = place.key(step);
        let mut report = StepReport::new(step, &key, place.phase);
        let mut iterations = Vec::new();
        let mut pointer: Option<String> = None;
        let result = async {
            if let Some(when) = &step.when {
                match expr::truth(self.env, when, context) {
                    Ok(true) => {}
                    Ok(false) => return Ok("skipped"),
                    Err(e) => return Err(Stop::Error(e.context("when"))),
                }
            }
            let list = match &step.foreach {
                Some(Value::String(text)) => expr::render_str(self.env, text, context),
                Some(other) => expr::render(self.env, other, context),
                None => Ok(Value::Array(Vec::new())),
            }
            .map_err(|e| Stop::Error(e.context("foreach")))?;
            let Value::Array(items) = list else {
                return Err(Stop::Error(anyhow::anyhow!(
                    "foreach: expected a list, got {}",
                    crate::inspect::snapshot::truncate(&list.to_string(), 80)
                )));
            };
            report.attempts = 1;
            self.journal
                .write(
                    json!({"event": "step_started", "run_id": self.ctx.actor.run_id,
                "step": key, "action": "foreach", "attempt": 1,
                "request": redact(&json!({"items": items}), self.secrets)}),
                )
                .await;
            if let Some(confirm) = &step.confirm {
                let prompt = self.prompt(&confirm.prompt, context)?;
                gate(
                    self.ctx,
                    step,
                    confirm.level,
                    &prompt,
                    &json!({"items": items}),
                    self.opts,
                )?;
            }
            let live = Live::items(items.len(), &key);
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    live.inc();
                    if let Some(pause) = step.pause_between {
                        self.pause(pause.0).await?;
                    }
                }
                if crate::interrupt::requested().is_some() {
                    return Err(Stop::Interrupted);
                }
                let inner = self.iteration(step, place, i, items.len(), item);
                self.enter(&inner, context);
                let mut done = Map::new();
                let mut failure = None;
                for s in &step.steps {
                    if crate::interrupt::requested().is_some() {
                        failure = Some(Stop::Interrupted);
                        break;
                    }
                    let stop = Box::pin(self.step(s, &inner, context, reports)).await;
                    done.insert(s.id.clone(), context["steps"][&s.id].clone());
                    if stop.is_some() {
                        failure = stop;
                        break;
                    }
                }
                self.leave(&inner, context);
                iterations.push(json!({"item": item, "steps": done}));
                if let Some(stop) = failure {
                    // The inner step's report has the whole error; the foreach's
                    // names that step rather than repeat it.
                    pointer = reports
                        .last()
                        .map(|r| format!("{} {} (see that step)", r.id, r.status));
                    return Err(stop);
                }
            }
            Ok(if self.ctx.dry_run { "dry_run" } else { "ok" })
        }
        .await;
        report.output = json!({"items": iterations.len(), "iterations": iterations});
        let (mut report, failure) = self
            .finish(step, &key, report, started, result, context)
            .await;
        if let (Some(p), Some(_)) = (pointer, &report.error) {
            report.error = Some(p);
        }
        (report, failure)
    }

    /// Wait between a foreach's items: interruptible, skipped in a dry run.
    async fn pause(&self, pause: Duration) -> Result<(), Stop> {
        if self.ctx.dry_run {
            output::note(&format!(
                "(dry run: the {} pause between items is not waited)",
                humantime::format_duration(pause)
            ));
            return Ok(());
        }
        tokio::select! {
            _ = tokio::time::sleep(pause) => Ok(()),
            _ = crate::interrupt::wait() => Err(Stop::Interrupted),
        }
    }

    fn prompt(&self, text: &str, context: &Value) -> Result<String, Stop> {
        expr::render_str(self.env, text, context)
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| v.to_string())
            })
            .map_err(|e| Stop::Error(e.context("confirm.prompt")))
    }

    /// A step's result into its report, the context and the journal.
    async fn finish(
        &self,
        step: &Step,
        key: &str,
        mut report: StepReport,
        started: Instant,
        result: Result<&'static str, Stop>,
        context: &mut Value,
    ) -> (StepReport, Option<Stop>) {
        report.duration_s = (started.elapsed().as_secs_f64() * 1e6).round() / 1e6;
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
        let mut event = json!({"event": "step_finished", "run_id": self.ctx.actor.run_id,
            "step": key, "action": report.action, "status": report.status,
            "duration_s": report.duration_s, "error": report.error.as_deref().map(|e| mask(e, self.secrets)),
            "output": redact(&report.output, self.secrets)});
        if report.undo {
            event["undo"] = Value::Bool(true);
        }
        self.journal.write(event).await;
        (report, failure)
    }

    /// One action step: its attempts, then its result recorded.
    async fn one(
        &self,
        step: &Step,
        place: &Place,
        context: &mut Value,
    ) -> (StepReport, Option<Stop>) {
        let started = Instant::now();
        let key = place.key(step);
        let mut report = StepReport::new(step, &key, place.phase);
        let result = self.attempts(step, place, &key, context, &mut report).await;
        self.finish(step, &key, report, started, result, context)
            .await
    }

    async fn attempts(
        &self,
        step: &Step,
        place: &Place,
        key: &str,
        context: &Value,
        report: &mut StepReport,
    ) -> Result<&'static str, Stop> {
        let (ctx, env) = (self.ctx, self.env);
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
        // The rendered request is checked against its type before anything happens
        // (and before any retry: no attempt can make it fit).
        if spec.name != "log" {
            (spec.check)(with.clone())
                .map_err(|e| Stop::Error(e.context(format!("{} request", spec.name))))?;
        }
        let targets = step.targets.as_deref().or(place.targets.as_deref());
        let mut picked = self.pool.pick(targets);
        report.attempts = 1;
        self.journal
            .write(
                json!({"event": "step_started", "run_id": ctx.actor.run_id, "step": key,
                "action": step.action, "attempt": 1, "request": redact(&with, self.secrets)}),
            )
            .await;
        if let Some(confirm) = &step.confirm {
            let prompt = self.prompt(&confirm.prompt, context)?;
            gate(ctx, step, confirm.level, &prompt, &with, self.opts)?;
        }
        let timeout = step
            .timeout
            .or(self.book.defaults.timeout)
            .map_or(Duration::from_secs(600), |d| d.0);
        // A session lost before this step (under a step that failed on it), or one
        // the run could not open, is (re)connected first.
        if picked.any_down() {
            self.healed(&mut picked, Instant::now() + timeout, report)
                .await;
        }
        let retry = step
            .retry
            .as_ref()
            .or(self.book.defaults.retry.as_ref())
            .filter(|r| super::retry_cannot_take_effect(step, r).is_none());
        let attempts = retry.map_or(1, |r| r.attempts.max(1));
        let mut wait = retry.map_or(Duration::ZERO, |r| r.delay.0);
        let mut retried = 1;
        let mut reconnects = 0;
        let output = loop {
            if report.attempts > 1 {
                self.journal
                    .write(json!({"event": "step_started", "run_id": ctx.actor.run_id,
                        "step": key, "action": step.action, "attempt": report.attempts,
                        "request": redact(&with, self.secrets)}))
                    .await;
            }
            let action_started = Instant::now();
            let outcome = if spec.name == "wait_until" {
                let req: actions::WaitUntilRequest =
                    actions::parse(with.clone()).map_err(Stop::Error)?;
                // A wait gives up at its own `timeout` (shortened by the step's own
                // `timeout:`, never by `defaults.timeout`) as a wait that timed out:
                // exit 1. The outer bound is only for a check that hangs past it.
                let limit = step
                    .timeout
                    .map_or(req.timeout.0, |t| req.timeout.0.min(t.0));
                let bound = limit + req.interval.0 + Duration::from_secs(30);
                let waiting =
                    self.wait_until(req, limit, &mut picked, context, &mut report.reconnected);
                tokio::time::timeout(bound, waiting).await
            } else {
                let ctx = self.ctx(&picked);
                tokio::time::timeout(timeout, self.work(spec, step, &with, &ctx)).await
            };
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
                Ok(Err(Stop::Error(e))) => (Stop::Error(e), Some(super::RetryOn::Error)),
                Ok(Err(stop)) => (stop, None),
                Err(_) => (
                    Stop::Error(anyhow::anyhow!(
                        "timed out after {} (the step's timeout); what committed is in the ledgers (`{} log --run-id {}`)",
                        humantime::format_duration(timeout),
                        output::rerun(),
                        ctx.actor.run_id
                    )),
                    Some(super::RetryOn::Timeout),
                ),
            };
            if crate::interrupt::requested().is_some() {
                return Err(stop);
            }
            // A lost session: reconnect, and run the action again when a repeat is
            // safe (a read, or an action whose ledger makes a repeat a no-op).
            if kind.is_some() && picked.any_lost() {
                let again = self
                    .healed(&mut picked, Instant::now() + timeout, report)
                    .await;
                let safe = spec.effect == Effect::Read && spec.name != "sql" || spec.idempotent;
                if again && safe && reconnects < MAX_RECONNECTS {
                    reconnects += 1;
                    report.attempts += 1;
                    continue;
                }
                if again && !safe {
                    return Err(Stop::Error(anyhow::anyhow!(
                        "{}; not run again: {} is not idempotent and may have done part of its work (the session is back for the steps after)",
                        match &stop {
                            Stop::Error(e) => crate::error::chain(e),
                            _ => "session lost".into(),
                        },
                        step.action
                    )));
                }
            }
            let retries = retry.is_some_and(|r| kind.is_some_and(|k| r.on.contains(&k)));
            if !retries || retried >= attempts {
                return Err(stop);
            }
            if let Stop::Error(e) = &stop {
                output::note(&format!(
                    "step {key}: attempt {retried} of {attempts} failed ({}); again in {}",
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
            retried += 1;
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
        let planned = actions::writes(spec, &with) || spec.effect == Effect::Flow;
        Ok(match ctx.dry_run && planned && spec.name != "log" {
            true => "dry_run",
            false => "ok",
        })
    }

    /// Reconnect the lost sessions of `picked`; true when every one is back.
    async fn healed(
        &self,
        picked: &mut Picked,
        deadline: Instant,
        report: &mut StepReport,
    ) -> bool {
        let notes = self.pool.heal(picked, deadline).await;
        self.journal.renew(&picked.sessions).await;
        for note in &notes {
            output::note(&format!("step {}: {note}", report.id));
        }
        report.reconnected.extend(notes);
        !picked.any_down()
    }

    /// The action itself (`log` and `sleep` are the runner's; `wait_until` is
    /// [`Runner::wait_until`]).
    async fn work(
        &self,
        spec: &actions::Spec,
        step: &Step,
        with: &Value,
        ctx: &Ctx<'_>,
    ) -> Result<Value, Stop> {
        match spec.name {
            "log" => {
                // A lone `{{ … }}` keeps its type: a number or a list is shown as JSON.
                let message = match with.get("message") {
                    Some(Value::String(text)) => text.clone(),
                    Some(other) => other.to_string(),
                    None => String::new(),
                };
                output::note(&format!("{}: {}", step.id, mask(&message, self.secrets)));
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
            name => actions::call(ctx, name, with.clone())
                .await
                .map_err(classify),
        }
    }

    /// Sample `check` until `until` has held for `for` continuously (hysteresis: a
    /// single good sample does not pass unless `for` is unset), stopping the run when
    /// `abort_if` is true and failing the step at `timeout`. Every sample is recorded;
    /// a sample taken on a lost session is not one: the session is reconnected and
    /// the check taken again.
    async fn wait_until(
        &self,
        req: actions::WaitUntilRequest,
        limit: Duration,
        picked: &mut Picked,
        context: &Value,
        reconnected: &mut Vec<String>,
    ) -> Result<Value, Stop> {
        let env = self.env;
        let hold = req.for_.map_or(Duration::ZERO, |d| d.0);
        let started = Instant::now();
        let mut held_since: Option<Instant> = None;
        let mut samples = Vec::new();
        let base = context.as_object().cloned().unwrap_or_default();
        let bar = Live::wait(&req, hold);
        loop {
            let output = {
                let ctx = self.ctx(picked);
                actions::call(&ctx, &req.check, req.check_with.clone())
                    .await
                    .map_err(classify)?
            };
            if picked.any_lost() {
                let notes = self.pool.heal(picked, started + limit).await;
                self.journal.renew(&picked.sessions).await;
                for note in &notes {
                    output::note(&format!("wait_until: {note}"));
                }
                reconnected.extend(notes);
                if !picked.any_lost() {
                    continue;
                }
            }
            let scope = expr::with_output(base.clone(), &output);
            let until = expr::truth(env, &req.until, &scope)
                .map_err(|e| Stop::Error(e.context("until")))?;
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
            bar.sample(&scope, until, held);
            samples.push(json!({"t_s": (t * 1000.0).round() / 1000.0, "until": until, "abort_if": abort,
                "held_s": (held * 1000.0).round() / 1000.0, "utilization": scope.get("utilization"), "worst": scope.get("worst")}));
            let record = |passed: bool| json!({"passed": passed, "samples": samples.clone(), "elapsed_s": (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0});
            if abort {
                return Err(Stop::Found(format!(
                    "abort_if {:?} became true after {t:.1}s",
                    req.abort_if.as_deref().unwrap_or("")
                )));
            }
            if self.ctx.dry_run {
                return Ok(record(until));
            }
            if until && held_since.is_some_and(|s| s.elapsed() >= hold) {
                return Ok(record(true));
            }
            let left = limit.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Err(Stop::Found(format!(
                    "{:?} did not hold for {} within {} ({} samples)",
                    req.until,
                    humantime::format_duration(hold),
                    humantime::format_duration(limit),
                    samples.len()
                )));
            }
            tokio::select! {
                _ = tokio::time::sleep(req.interval.0.min(left)) => {}
                _ = crate::interrupt::wait() => return Err(Stop::Interrupted),
            }
        }
    }
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
        for pid in t
            .get("missing")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            problems.push(format!(
                "target {name}: pid {pid}: no such backend (or it is quell's own)"
            ));
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
        GateLevel::Dangerous => type_to_approve(&step.id, "Dangerous step", &what),
    }
}

/// Ask at the terminal for step `id` to be typed; anything else refuses (exit 3).
fn type_to_approve(id: &str, kind: &str, what: &str) -> Result<(), Stop> {
    output::note(what);
    let prompt = format!("{kind}: type {id} to approve");
    let typed: Result<String, _> = crate::interrupt::prompt(move || {
        dialoguer::Input::new()
            .with_prompt(prompt)
            .allow_empty(true)
            .interact_text()
    })
    .map_err(|_| Stop::Interrupted)?;
    // ^C typed at the prompt (dialoguer raises SIGINT as it returns).
    let ctrl_c = matches!(&typed, Err(dialoguer::Error::IO(e)) if e.kind() == std::io::ErrorKind::Interrupted);
    if ctrl_c || crate::interrupt::requested().is_some() {
        crate::interrupt::restore_terminal();
        return Err(Stop::Interrupted);
    }
    match typed {
        Ok(t) if t.trim() == id => Ok(()),
        _ => Err(Stop::Refused(format!("step {id}: not approved: {what}"))),
    }
}

fn level_name(level: GateLevel) -> &'static str {
    match level {
        GateLevel::Normal => "normal",
        GateLevel::Dangerous => "dangerous",
    }
}
