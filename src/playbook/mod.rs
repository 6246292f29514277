//! Playbooks: YAML parsed into typed structs (unknown keys rejected at every depth),
//! validated in one pass that reports every problem as `FILE:LINE:COL: message`, and
//! run step by step on the actions layer (`run`).

pub mod expr;
pub mod journal;
pub mod run;
pub mod sessions;

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use crate::actions::{self, Dur, Effect};

/// The shipped playbooks, embedded in the binary (`playbooks/*.yaml`).
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "connection-saturation",
        include_str!("../../playbooks/connection-saturation.yaml"),
    ),
    (
        "restore-tenants",
        include_str!("../../playbooks/restore-tenants.yaml"),
    ),
    (
        "lock-pileup",
        include_str!("../../playbooks/lock-pileup.yaml"),
    ),
    (
        "role-fanout-assessment",
        include_str!("../../playbooks/role-fanout-assessment.yaml"),
    ),
];

/// A playbook file (`version: 1`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Playbook {
    /// Always 1.
    pub version: u32,
    /// The playbook's name (what `quell playbook run NAME` finds).
    pub name: String,
    /// One paragraph: when to run it.
    #[serde(default)]
    pub description: String,
    /// Values given with `--input NAME=VALUE`.
    #[serde(default)]
    pub inputs: IndexMap<String, Input>,
    /// Values computed once at the start (templates over `inputs`).
    #[serde(default)]
    pub vars: IndexMap<String, Value>,
    /// Defaults for every step.
    #[serde(default)]
    pub defaults: Defaults,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// Steps that run however the run ends (finished, failed, refused, interrupted).
    #[serde(default)]
    pub always: Vec<Step>,
}

/// A declared input.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(rename = "type")]
    pub kind: InputType,
    pub default: Option<Value>,
    #[serde(default)]
    pub required: bool,
    /// The only values allowed.
    pub choices: Option<Vec<Value>>,
    /// The smallest value allowed (`int` and `float` inputs).
    pub min: Option<f64>,
    /// The largest value allowed (`int` and `float` inputs).
    pub max: Option<f64>,
    #[serde(default)]
    pub description: String,
    /// Never shown in output or journals.
    #[serde(default)]
    pub secret: bool,
}

impl Input {
    /// `v` (already of the input's type) within `min` and `max`, and one of
    /// `choices` when there are choices.
    pub fn allowed(&self, v: &Value) -> anyhow::Result<()> {
        self.in_range(v)?;
        if let (Some(choices), false) = (&self.choices, v.is_null()) {
            if !choices.contains(v) {
                let shown: Vec<String> = choices.iter().map(|c| c.to_string()).collect();
                anyhow::bail!("{v} is not one of {}", shown.join(", "));
            }
        }
        Ok(())
    }

    /// `v` (already of the input's type) within `min` and `max`.
    fn in_range(&self, v: &Value) -> anyhow::Result<()> {
        let Some(x) = v.as_f64() else { return Ok(()) };
        if let Some(min) = self.min.filter(|m| x < *m) {
            anyhow::bail!("{v} is below its minimum {min}");
        }
        if let Some(max) = self.max.filter(|m| x > *m) {
            anyhow::bail!("{v} is above its maximum {max}");
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum InputType {
    String,
    Int,
    Float,
    Bool,
    Duration,
    List,
}

/// Step defaults.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// Each step's time limit (default 10m).
    pub timeout: Option<Dur>,
    /// What a failed step does (default abort).
    pub on_error: Option<OnError>,
    /// Retries for every step a retry can take effect on (not `sleep`, `log`,
    /// `wait_until`, `sql` with `write`); a step's own `retry` replaces it.
    pub retry: Option<Retry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OnError {
    /// Stop the run (then `always:`).
    #[default]
    Abort,
    /// Record the failure and go on.
    Continue,
}

/// One step.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Unique, `[a-z0-9_]+`: keys `steps.<id>` and the journal.
    pub id: String,
    /// What the progress line says (default: the id).
    pub name: Option<String>,
    /// The action (see `quell playbook schema`). A `foreach` step has none: its
    /// `steps` do the work.
    #[serde(default)]
    pub action: String,
    /// The action's request; strings are templates, and a value that is exactly one
    /// `{{ … }}` keeps its type.
    #[serde(default)]
    pub with: Value,
    /// Expression: run the step only when true (else `skipped`).
    pub when: Option<String>,
    /// Expression over the step's output (`output`): when true the step fails (exit 1).
    pub fail_if: Option<String>,
    /// A gate before the step.
    pub confirm: Option<Confirm>,
    /// The step's time limit (each attempt's).
    pub timeout: Option<Dur>,
    /// Run the action again when it fails in one of the ways `on` names.
    pub retry: Option<Retry>,
    pub on_error: Option<OnError>,
    /// Run on these of the run's targets only (names as `-t` gives them; default all).
    pub targets: Option<Vec<String>>,
    /// A list (or one `{{ … }}` that renders to one): run `steps` once per item, the
    /// item named by `as`. One level: a step inside a foreach has no foreach.
    pub foreach: Option<Value>,
    /// The item's name inside the loop (default `item`); `loop.index` (from 1),
    /// `loop.first`, `loop.last` and `loop.length` are there too.
    #[serde(rename = "as")]
    pub as_: Option<String>,
    /// The steps a `foreach` runs per item.
    #[serde(default)]
    pub steps: Vec<Step>,
    /// A `foreach`'s wait between two items (interruptible; not after the last).
    pub pause_between: Option<Dur>,
    /// A step that undoes this one: when the run aborts (a step fails or a gate
    /// refuses), the undo steps of the steps that finished run in reverse order, gated
    /// like any other, before `always:`. Not on an interrupt: that run can be resumed.
    pub register_undo: Option<Box<Step>>,
    /// Where the step is in the document (`steps[2].steps[0]`), for messages.
    #[serde(skip)]
    #[schemars(skip)]
    pub path: String,
    /// The step did not parse (its problem is reported): only its id is checked.
    #[serde(skip)]
    #[schemars(skip)]
    broken: bool,
}

impl Step {
    /// This step is a `foreach` (its `steps` run per item).
    pub fn is_foreach(&self) -> bool {
        self.foreach.is_some()
    }

    /// The name reports and the journal give the step's kind: its action, or `foreach`.
    pub fn kind(&self) -> &str {
        if self.is_foreach() && self.action.is_empty() {
            "foreach"
        } else {
            &self.action
        }
    }
}

/// A step's retries.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Retry {
    /// Attempts in all, at least 2.
    pub attempts: u32,
    /// Wait before the second attempt (default 1s).
    #[serde(default = "one_second")]
    pub delay: Dur,
    /// `fixed` (every wait is `delay`) or `exponential` (doubling).
    #[serde(default)]
    pub backoff: Backoff,
    /// Which failures retry: `timeout` (the step's timeout), `error` (any other
    /// error of the action). A refusal, an interrupt and a `fail_if` never retry (a
    /// lost session is reconnected, and a safe action run again, retry or not).
    /// Default: both.
    #[serde(default = "transient")]
    pub on: Vec<RetryOn>,
}

fn one_second() -> Dur {
    Dur(std::time::Duration::from_secs(1))
}

fn transient() -> Vec<RetryOn> {
    vec![RetryOn::Timeout, RetryOn::Error]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Backoff {
    #[default]
    Fixed,
    Exponential,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RetryOn {
    Timeout,
    Error,
}

/// A confirmation gate.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Confirm {
    /// What to ask (a template).
    pub prompt: String,
    /// `normal` (`--yes` approves) or `dangerous` (`--approve STEP` or typing the id).
    #[serde(default)]
    pub level: GateLevel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum GateLevel {
    #[default]
    Normal,
    Dangerous,
}

/// Where a playbook came from.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
}

/// The directories a playbook name is looked up in, in order: `./playbooks/`, then
/// `playbooks/` in quell's config directory (`$XDG_CONFIG_HOME/quell/playbooks`).
pub fn dirs() -> Vec<PathBuf> {
    let ctx = crate::db::conninfo::Context::from_process();
    let mut dirs = vec![PathBuf::from("playbooks")];
    dirs.extend(crate::values::config_dir(&ctx).map(|d| d.join("playbooks")));
    dirs
}

/// Find `name` as a file path, else in [`dirs`], else among the shipped playbooks.
pub fn locate(name: &str) -> anyhow::Result<Source> {
    let path = Path::new(name);
    if path.exists() || name.ends_with(".yaml") || name.ends_with(".yml") || name.contains('/') {
        return Ok(Source {
            path: path.to_path_buf(),
            text: crate::yaml::read(path, "playbook")?,
        });
    }
    for dir in dirs() {
        let local = dir.join(format!("{name}.yaml"));
        if local.is_file() {
            return Ok(Source {
                text: crate::yaml::read(&local, "playbook")?,
                path: local,
            });
        }
    }
    if let Some((_, text)) = EMBEDDED.iter().find(|(n, _)| *n == name) {
        return Ok(Source {
            path: PathBuf::from(format!("(shipped) {name}.yaml")),
            text: text.to_string(),
        });
    }
    let nearest = crate::vocab::nearest(name, EMBEDDED.iter().map(|(n, _)| *n));
    match nearest {
        Some(n) => anyhow::bail!(
            "no playbook {name}: did you mean {n}? (`{} playbook list` shows them all)",
            crate::output::invocation()
        ),
        None => {
            anyhow::bail!(
                "no playbook {name}: give a file path, or one of `{} playbook list`",
                crate::output::invocation()
            )
        }
    }
}

/// The top-level keys of a playbook.
const KEYS: [&str; 8] = [
    "version",
    "name",
    "description",
    "inputs",
    "vars",
    "defaults",
    "steps",
    "always",
];

/// Parse and validate: the playbook, or every problem found, each `FILE:LINE:COL: …`,
/// in the order of the file. Each part (each input, `defaults`, each step, each of
/// a foreach's steps) is parsed on its own, so that one bad part does not hide the
/// problems of the others.
pub fn load(source: &Source) -> Result<Playbook, Vec<String>> {
    let empty = std::collections::HashMap::new();
    let raw: IndexMap<String, serde_yaml::Value> =
        match crate::yaml::from_str(&source.text, &source.path, &empty) {
            Ok(raw) => raw,
            Err(e) => return Err(vec![format!("{e:#}")]),
        };
    let loc = Locator::new(source);
    let mut problems = Vec::new();
    for key in raw.keys().filter(|k| !KEYS.contains(&k.as_str())) {
        problems.push(loc.under(
            key,
            None,
            &format!(
                "unknown field `{key}`, expected one of {}",
                KEYS.map(|k| format!("`{k}`")).join(", ")
            ),
        ));
    }
    for key in ["version", "name", "steps"] {
        if !raw.contains_key(key) {
            problems.push(loc.under("", None, &format!("missing field `{key}`")));
        }
    }
    let mut raw = raw;
    let mut take = |key: &str| raw.shift_remove(key);
    let version = take("version")
        .and_then(|v| part::<u32>(v, "version", &loc, &mut problems))
        .unwrap_or(1);
    let name = take("name")
        .and_then(|v| part::<String>(v, "name", &loc, &mut problems))
        .unwrap_or_default();
    let description = take("description")
        .and_then(|v| part::<String>(v, "description", &loc, &mut problems))
        .unwrap_or_default();
    let mut inputs = IndexMap::new();
    let declared = take("inputs")
        .and_then(|v| part::<IndexMap<String, serde_yaml::Value>>(v, "inputs", &loc, &mut problems))
        .unwrap_or_default();
    for (name, value) in declared {
        if let Some(input) = part::<Input>(value, &format!("inputs.{name}"), &loc, &mut problems) {
            inputs.insert(name, input);
        }
    }
    let vars = take("vars")
        .and_then(|v| part::<IndexMap<String, Value>>(v, "vars", &loc, &mut problems))
        .unwrap_or_default();
    let defaults = take("defaults")
        .and_then(|v| part::<Defaults>(v, "defaults", &loc, &mut problems))
        .unwrap_or_default();
    let mut list = |key: &str, problems: &mut Vec<String>| {
        take(key)
            .and_then(|v| part::<Vec<serde_yaml::Value>>(v, key, &loc, problems))
            .unwrap_or_default()
    };
    let steps = list("steps", &mut problems);
    let always = list("always", &mut problems);
    let steps = typed(steps, "steps", &loc, &mut problems);
    let always = typed(always, "always", &loc, &mut problems);
    let book = Playbook {
        version,
        name,
        description,
        inputs,
        vars,
        defaults,
        steps,
        always,
    };
    problems.extend(validate(&book, source));
    if problems.is_empty() {
        return Ok(book);
    }
    let key = |p: &String| -> (usize, usize) {
        let mut parts = p
            .strip_prefix(&loc.path)
            .unwrap_or(p)
            .trim_start_matches(':')
            .splitn(3, ':');
        let n = |x: Option<&str>| x.and_then(|x| x.parse().ok()).unwrap_or(0);
        (n(parts.next()), n(parts.next()))
    };
    problems.sort_by_key(key);
    problems.dedup();
    Err(problems)
}

/// One part of the document, typed, or its problem at the key serde names.
fn part<T: serde::de::DeserializeOwned>(
    value: serde_yaml::Value,
    at: &str,
    loc: &Locator,
    problems: &mut Vec<String>,
) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(v) => Some(v),
        Err(e) => {
            let message = crate::yaml::sanitize(&e.inner().to_string());
            let path = match e.path().to_string().as_str() {
                "." | "" => at.to_string(),
                p => format!("{at}.{p}"),
            };
            let field = unknown_field(&message);
            problems.push(loc.under(&path, field.as_deref(), &format!("{path}: {message}")));
            None
        }
    }
}

/// Each step parsed on its own (and each step of a `foreach` on its own), each
/// knowing its place in the document for the messages about it.
fn typed(
    list: Vec<serde_yaml::Value>,
    section: &str,
    loc: &Locator,
    problems: &mut Vec<String>,
) -> Vec<Step> {
    let mut steps = Vec::new();
    for (i, mut value) in list.into_iter().enumerate() {
        let at = format!("{section}[{i}]");
        let inner = match value.as_mapping_mut().and_then(|m| m.remove("steps")) {
            Some(serde_yaml::Value::Sequence(list)) => Some(list),
            Some(_) => {
                problems.push(loc.under(
                    &at,
                    Some("steps"),
                    &format!("{at}.steps: a foreach's steps are a list of steps"),
                ));
                None
            }
            None => None,
        };
        let id = value
            .get("id")
            .and_then(serde_yaml::Value::as_str)
            .map(str::to_string);
        // A step that does not parse stays as its id (its problem is reported), so
        // that references to it and a repeat of its id are still checked right.
        let parsed = part::<Step>(value, &at, loc, problems);
        let Some(mut step) = parsed.or_else(|| {
            id.map(|id| Step {
                broken: true,
                ..serde_json::from_value(serde_json::json!({"id": id}))
                    .expect("a step of only an id")
            })
        }) else {
            continue;
        };
        if let Some(list) = inner {
            step.steps = typed(list, &format!("{at}.steps"), loc, problems);
        }
        if let Some(undo) = step.register_undo.as_mut() {
            undo.path = format!("{at}.register_undo");
        }
        step.path = at;
        steps.push(step);
    }
    steps
}

/// Lines and columns of the document's nodes, by path (`steps[2].with.orgs`).
struct Locator {
    path: String,
    at: std::collections::HashMap<String, (usize, usize)>,
}

impl Locator {
    fn new(source: &Source) -> Locator {
        Locator {
            path: source.path.display().to_string(),
            at: crate::yaml::positions(&source.text),
        }
    }

    /// `FILE:LINE:COL: message` at `key` of the node at `base` (looked for as a key
    /// of the node, of its `with:` and of its `confirm:`), else at the node, else at
    /// the nearest node holding it.
    fn under(&self, base: &str, key: Option<&str>, message: &str) -> String {
        let join = |a: &str, b: &str| match (a.is_empty(), b.is_empty()) {
            (true, _) => b.to_string(),
            (_, true) => a.to_string(),
            _ => format!("{a}.{b}"),
        };
        let mut candidates = Vec::new();
        if let Some(key) = key {
            for middle in ["", "with", "confirm", "retry"] {
                candidates.push(join(&join(base, middle), key));
            }
        }
        let mut node = base.to_string();
        loop {
            candidates.push(node.clone());
            match node.rfind(['.', '[']) {
                Some(i) => node.truncate(i),
                None => break,
            }
        }
        let (line, col) = candidates
            .iter()
            .find_map(|c| self.at.get(c))
            .copied()
            .unwrap_or((1, 1));
        format!("{}:{line}:{col}: {message}", self.path)
    }
}

pub fn validate(book: &Playbook, source: &Source) -> Vec<String> {
    let loc = Locator::new(source);
    let mut problems = Vec::new();
    if book.version != 1 {
        problems.push(loc.under(
            "version",
            None,
            &format!(
                "version {} is not supported: this quell reads version 1",
                book.version
            ),
        ));
    }
    if let Some(retry) = &book.defaults.retry {
        if retry.attempts < 2 || retry.on.is_empty() {
            problems.push(loc.under(
                "defaults.retry",
                None,
                "defaults.retry: give attempts of 2 or more and a non-empty on:",
            ));
        }
    }
    for (name, input) in &book.inputs {
        if let Some(default) = &input.default {
            if let Err(e) = coerce(input.kind, default).and_then(|v| input.allowed(&v)) {
                problems.push(loc.under(
                    &format!("inputs.{name}.default"),
                    None,
                    &format!("inputs.{name}.default: {e}"),
                ));
            }
        }
        let numeric = matches!(input.kind, InputType::Int | InputType::Float);
        if !numeric && (input.min.is_some() || input.max.is_some()) {
            problems.push(loc.under(
                &format!("inputs.{name}"),
                Some(if input.min.is_some() { "min" } else { "max" }),
                &format!("inputs.{name}: min and max are for int and float inputs"),
            ));
        }
    }
    let env = expr::environment();
    let inputs: Vec<&str> = book.inputs.keys().map(String::as_str).collect();
    let vars: Vec<&str> = book.vars.keys().map(String::as_str).collect();
    let order = in_order(book);
    let all: Vec<&str> = order.iter().map(|(_, s)| s.id.as_str()).collect();
    // vars are rendered once, in order, before the first step: each sees the inputs,
    // `run` and the vars above it.
    for (i, (name, value)) in book.vars.iter().enumerate() {
        let scope = expr::Scope {
            inputs: &inputs,
            vars: &vars[..i],
            steps: &[],
            later: &all,
            extra: &[],
        };
        for e in expr::check_templates(&env, value, &scope) {
            let at = format!("vars.{name}");
            problems.push(loc.under(&at, None, &format!("{at}: {e}")));
        }
    }
    // Ids whose outputs a regular step may read once they ran (not undo steps: they
    // run only when the run aborts).
    let mut seen: Vec<&str> = Vec::new();
    let mut ids: Vec<&str> = Vec::new();
    for (place, step) in &order {
        let id = step.id.as_str();
        let at = |key: Option<&str>, message: String| {
            loc.under(&step.path, key, &format!("step {id}: {message}"))
        };
        if id.is_empty()
            || !id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            problems.push(at(
                None,
                "an id is lowercase letters, digits and _ ([a-z0-9_]+)".into(),
            ));
        }
        if ids.contains(&id) {
            problems.push(at(None, "duplicate step id".into()));
        }
        ids.push(id);
        if step.broken {
            if !matches!(place, Place::Undo { .. }) {
                seen.push(id);
            }
            continue;
        }
        // Steps a reference may name: earlier ones; `always:` steps may name any; an
        // undo step also its own step's.
        let mut known: Vec<&str> = match place {
            Place::Always => all.clone(),
            _ => seen.clone(),
        };
        let mut extra: Vec<&str> = Vec::new();
        if let Place::Inner(parent)
        | Place::Undo {
            foreach: Some(parent),
            ..
        } = place
        {
            extra.push(parent.as_.as_deref().unwrap_or("item"));
        }
        if let Place::Undo { owner, .. } = place {
            known.push(owner.id.as_str());
        }
        let scope = expr::Scope {
            inputs: &inputs,
            vars: &vars,
            steps: &known,
            later: &all,
            extra: &extra,
        };
        for (key, why) in shape_problems(place, step) {
            problems.push(at(Some(key), why));
        }
        if step.is_foreach() {
            if let Some(Value::String(text)) = &step.foreach {
                if let Err(e) = expr::check_template(&env, text, &scope) {
                    problems.push(at(Some("foreach"), format!("foreach: {e}")));
                }
            }
        } else {
            check_action(step, &mut |key, why| problems.push(at(Some(key), why)));
        }
        for e in expr::check_templates(&env, &step.with, &scope) {
            problems.push(at(Some("with"), format!("with: {e}")));
        }
        if step.action == "wait_until" {
            let wait_scope = expr::Scope {
                extra: &[&extra[..], &["utilization", "worst", "targets", "output"]].concat(),
                ..scope
            };
            for key in ["until", "abort_if"] {
                if let Some(text) = step.with.get(key).and_then(Value::as_str) {
                    if let Err(e) = expr::check_expression(&env, text, &wait_scope) {
                        problems.push(at(Some(key), format!("{key}: {e}")));
                    }
                }
            }
        }
        if let Some(retry) = &step.retry {
            if let Some(why) = retry_cannot_take_effect(step, retry) {
                problems.push(at(Some("retry"), format!("retry: {why}")));
            }
        }
        if let Some(when) = &step.when {
            if let Err(e) = expr::check_expression(&env, when, &scope) {
                problems.push(at(Some("when"), format!("when: {e}")));
            }
        }
        if let Some(fail_if) = &step.fail_if {
            let own = expr::Scope {
                extra: &[&extra[..], &["output", "utilization", "worst"]].concat(),
                ..scope
            };
            if let Err(e) = expr::check_expression(&env, fail_if, &own) {
                problems.push(at(Some("fail_if"), format!("fail_if: {e}")));
            }
        }
        if let Some(confirm) = &step.confirm {
            if let Err(e) = expr::check_template(&env, &confirm.prompt, &scope) {
                problems.push(at(Some("prompt"), format!("confirm.prompt: {e}")));
            }
        }
        if !matches!(place, Place::Undo { .. }) {
            seen.push(id);
        }
    }
    problems
}

/// Where a step sits, for what it may contain and name.
#[derive(Clone, Copy)]
enum Place<'a> {
    Top,
    /// One of a foreach's steps.
    Inner(&'a Step),
    /// `owner`'s `register_undo` step (`foreach` when the owner is one of its steps).
    Undo {
        owner: &'a Step,
        foreach: Option<&'a Step>,
    },
    Always,
}

/// Every step in run order: each top step, its foreach steps (each followed by its
/// undo step), its own undo step; then `always:`.
/// Each step's `targets:` names one of `run_targets` (checked before the first step
/// runs: a typo must not stop a run half-way).
pub(crate) fn check_targets(book: &Playbook, run_targets: &[&str]) -> anyhow::Result<()> {
    for (_, step) in in_order(book) {
        for name in step.targets.iter().flatten() {
            if !run_targets.contains(&name.as_str()) {
                anyhow::bail!(
                    "step {}: targets: {name} is not a target of this run (its targets: {}); nothing was run",
                    step.id,
                    crate::output::some(run_targets, 20)
                );
            }
        }
    }
    Ok(())
}

fn in_order(book: &Playbook) -> Vec<(Place<'_>, &Step)> {
    let mut order = Vec::new();
    for step in &book.steps {
        order.push((Place::Top, step));
        for inner in &step.steps {
            order.push((Place::Inner(step), inner));
            if let Some(undo) = &inner.register_undo {
                order.push((
                    Place::Undo {
                        owner: inner,
                        foreach: Some(step),
                    },
                    &**undo,
                ));
            }
        }
        if let Some(undo) = &step.register_undo {
            order.push((
                Place::Undo {
                    owner: step,
                    foreach: None,
                },
                &**undo,
            ));
        }
    }
    for step in &book.always {
        order.push((Place::Always, step));
    }
    order
}

/// Keys that do not belong where the step is (a foreach's action, a nested foreach,
/// an undo step's own undo, …): refused by name.
fn shape_problems(place: &Place<'_>, step: &Step) -> Vec<(&'static str, String)> {
    let mut problems = Vec::new();
    let mut no = |present: bool, key: &'static str, why: &str| {
        if present {
            problems.push((key, format!("{key}: {why}")));
        }
    };
    if step.is_foreach() {
        no(
            !step.action.is_empty(),
            "action",
            "a foreach step has no action of its own: its steps do (move it into steps:)",
        );
        no(
            !step.with.is_null(),
            "with",
            "a foreach step has no request: its steps do",
        );
        no(
            step.fail_if.is_some(),
            "fail_if",
            "a foreach has no output to check: put fail_if on one of its steps",
        );
        no(
            step.retry.is_some(),
            "retry",
            "a foreach is not retried as a whole: put retry on one of its steps",
        );
        no(
            step.register_undo.is_some(),
            "register_undo",
            "register the undo on the foreach's steps, which are what changes things",
        );
        no(
            step.steps.is_empty(),
            "foreach",
            "a foreach needs steps: to run per item",
        );
        no(
            step.timeout.is_some(),
            "timeout",
            "a foreach is not timed as a whole: its steps have their own timeouts",
        );
        no(
            matches!(place, Place::Inner(_)),
            "foreach",
            "one level only: a step inside a foreach cannot have its own foreach",
        );
        no(
            matches!(place, Place::Undo { .. }),
            "foreach",
            "an undo step cannot be a foreach",
        );
        match &step.foreach {
            Some(Value::Array(_)) => {}
            Some(Value::String(s)) if s.contains("{{") => {}
            _ => no(
                true,
                "foreach",
                "expected a list, or one {{ … }} that renders to one",
            ),
        }
        if let Some(name) = &step.as_ {
            let reserved = ["inputs", "vars", "steps", "run", "loop", "output"];
            let valid = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                && !name.as_bytes()[0].is_ascii_digit();
            no(
                !valid || reserved.contains(&name.as_str()),
                "as",
                &format!(
                    "{name:?} cannot name the item: use [a-z_][a-z0-9_]* other than {}",
                    reserved.join(", ")
                ),
            );
        }
    } else {
        no(
            step.action.is_empty(),
            "id",
            "missing action (or foreach with steps)",
        );
        no(
            step.as_.is_some(),
            "as",
            "only a foreach step names its item",
        );
        no(
            !step.steps.is_empty(),
            "steps",
            "only a foreach step has steps (add foreach: the list to run them over)",
        );
        no(
            step.pause_between.is_some(),
            "pause_between",
            "only a foreach pauses between its items",
        );
    }
    if let Place::Undo { .. } = place {
        no(
            step.register_undo.is_some(),
            "register_undo",
            "an undo step has no undo of its own",
        );
    }
    if let Place::Always = place {
        no(
            step.register_undo.is_some(),
            "register_undo",
            "always: steps are not undone (they run however the run ends)",
        );
    }
    if let Some(targets) = &step.targets {
        no(
            targets.is_empty(),
            "targets",
            "an empty list runs nowhere: leave targets out for all of the run's",
        );
    }
    problems
}

/// The action exists and its request fits its type (literal fields: templates are
/// checked once rendered).
fn check_action(step: &Step, problem: &mut dyn FnMut(&str, String)) {
    if step.action.is_empty() {
        return;
    }
    match actions::spec(&step.action) {
        None => problem(
            "action",
            format!(
                "unknown action {:?}; expected one of: {}",
                step.action,
                actions::SPECS
                    .iter()
                    .map(|s| s.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        Some(spec) => {
            if let Some(e) = check_with(spec, &step.with) {
                problem(&field_of(&e), format!("with: {e}"));
            }
            if step.action == "wait_until" {
                let check = step.with.get("check").and_then(Value::as_str).unwrap_or("");
                match actions::spec(check) {
                    Some(s) if s.effect == Effect::Read => {
                        // The check's own request, as its step's would be.
                        if let Some(request @ Value::Object(_)) = step.with.get("check_with") {
                            if let Some(e) = check_with(s, request) {
                                problem("check_with", format!("with.check_with: {e}"));
                            }
                        }
                    }
                    _ => problem("check", format!("wait_until's check must be a read action (connections, doctor, …), not {check:?}")),
                }
            }
        }
    }
}

/// The field a request's error is about, to point at it: the one serde's "unknown
/// field `x`" names, else the path the message starts with (`for: invalid …`), else
/// the request as a whole.
fn field_of(message: &str) -> String {
    if let Some(field) = unknown_field(message) {
        return field;
    }
    match message.split_once(": ") {
        Some((path, _)) if !path.is_empty() && !path.contains(' ') => {
            path.split(['.', '[']).next().unwrap_or("with").to_string()
        }
        _ => "with".to_string(),
    }
}

/// The key serde's "unknown field `x`, expected …" names, to point at it.
fn unknown_field(message: &str) -> Option<String> {
    message
        .split_once("unknown field `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(f, _)| f.to_string())
}

/// Why a retry block would do nothing (or harm), if it would.
pub(crate) fn retry_cannot_take_effect(step: &Step, retry: &Retry) -> Option<String> {
    if retry.attempts < 2 {
        return Some(format!(
            "attempts: {} is no retry (it counts every attempt, the first included): give 2 or more, or remove the block",
            retry.attempts
        ));
    }
    if retry.on.is_empty() {
        return Some("on: [] retries nothing: name timeout or error".into());
    }
    match actions::spec(&step.action) {
        Some(spec) if spec.effect == Effect::Flow => Some(format!(
            "{} does not fail in a way another attempt changes (a wait_until that times out fails the run by design)",
            step.action
        )),
        Some(_) if step.action == "sql" && step.with.get("write") != Some(&Value::Bool(false)) && step.with.get("write").is_some() => {
            Some("a write statement may have committed before the failure: sql with write cannot retry".into())
        }
        _ => None,
    }
}

/// The request checked against its type, with templated values left out (they are
/// checked when rendered); unknown fields are always errors.
fn check_with(spec: &actions::Spec, with: &Value) -> Option<String> {
    let literal = strip_templates(with);
    match (spec.check)(literal) {
        Ok(()) => None,
        // A required field given as a template is only known at run time.
        Err(e) if e.to_string().contains("missing field") && expr::has_template(with) => None,
        Err(e) => Some(format!("{e:#}")),
    }
}

fn templated(v: &Value) -> bool {
    matches!(v, Value::String(s) if s.contains("{{") || s.contains("{%"))
}

fn strip_templates(v: &Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !templated(v))
                .map(|(k, v)| (k.clone(), strip_templates(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .filter(|v| !templated(v))
                .map(strip_templates)
                .collect(),
        ),
        other => other.clone(),
    }
}

/// An input value as its declared type (from `--input` text or a YAML default).
pub fn coerce(kind: InputType, v: &Value) -> anyhow::Result<Value> {
    let text = v.as_str();
    Ok(match (kind, v) {
        (InputType::String, Value::String(_)) => v.clone(),
        (InputType::String, Value::Number(n)) => Value::String(n.to_string()),
        (InputType::Int, Value::Number(n)) if n.is_i64() => v.clone(),
        (InputType::Int, _) if text.is_some() => match text.unwrap_or("").trim().parse::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => anyhow::bail!("expected an integer"),
        },
        (InputType::Float, Value::Number(_)) => v.clone(),
        (InputType::Float, _) if text.is_some() => match text.unwrap_or("").trim().parse::<f64>() {
            Ok(f) if f.is_finite() => Value::from(f),
            _ => anyhow::bail!("expected a number"),
        },
        (InputType::Bool, Value::Bool(_)) => v.clone(),
        (InputType::Bool, _) if text.is_some() => match text.unwrap_or("") {
            "true" | "yes" | "1" => Value::Bool(true),
            "false" | "no" | "0" => Value::Bool(false),
            _ => anyhow::bail!("expected true or false (or yes/no, 1/0)"),
        },
        (InputType::Duration, Value::String(s)) => match crate::values::parse_duration(s) {
            Ok(_) => v.clone(),
            Err(_) => anyhow::bail!("expected a duration such as 30s or 5m"),
        },
        (InputType::Duration, Value::Number(n)) if n.is_u64() => Value::String(format!("{n}s")),
        (InputType::List, Value::Array(_)) => v.clone(),
        (InputType::List, Value::String(s)) => Value::Array(
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.to_string()))
                .collect(),
        ),
        (kind, _) => anyhow::bail!("expected a {}", format!("{kind:?}").to_lowercase()),
    })
}

/// The JSON Schema of the playbook format, with every action's request.
pub fn schema() -> Value {
    let mut generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let root = generator.root_schema_for::<Playbook>();
    let mut value = serde_json::to_value(&root).unwrap_or_default();
    let mut requests = serde_json::Map::new();
    let mut per_action = Vec::new();
    for spec in actions::SPECS {
        let schema = serde_json::to_value((spec.schema)(&mut generator)).unwrap_or_default();
        per_action.push(serde_json::json!({
            "if": {"properties": {"action": {"const": spec.name}}, "required": ["action"]},
            "then": {"properties": {"with": schema}}
        }));
        requests.insert(
            spec.name.to_string(),
            serde_json::json!({"description": spec.summary, "effect": spec.effect, "request": schema}),
        );
    }
    let names: Vec<&str> = actions::SPECS.iter().map(|s| s.name).collect();
    let defs = generator.take_definitions(true);
    if let Some(obj) = value.as_object_mut() {
        let all = obj
            .entry("definitions")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Some(all) = all.as_object_mut() {
            all.extend(defs);
            // A step's `with:` is checked against its action's request.
            if let Some(step) = all.get_mut("Step").and_then(Value::as_object_mut) {
                step.insert("allOf".into(), Value::Array(per_action));
                if let Some(action) = step
                    .get_mut("properties")
                    .and_then(|p| p.get_mut("action"))
                    .and_then(Value::as_object_mut)
                {
                    action.insert("enum".into(), serde_json::json!(names));
                }
            }
        }
        obj.insert("x-quell-actions".into(), Value::Object(requests));
    }
    value
}
