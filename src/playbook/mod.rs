//! Playbooks: YAML parsed into typed structs (unknown keys rejected at every depth),
//! validated in one pass that reports every problem as `FILE:LINE:COL: message`, and
//! run step by step on the actions layer (`run`).

pub mod expr;
pub mod run;

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use crate::actions::{self, Dur, Effect};

/// The shipped playbooks, embedded in the binary (`playbooks/*.yaml`).
pub const EMBEDDED: &[(&str, &str)] = &[];

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
    #[serde(default)]
    pub description: String,
    /// Never shown in output or journals.
    #[serde(default)]
    pub secret: bool,
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
    /// The action (see `quell playbook schema`).
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
    /// error of the action). A refusal, an interrupt and a `fail_if` never retry; nor
    /// does a lost session (quell does not reconnect mid-run yet). Default: both.
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

/// Find `name` as a file path, else as a shipped or local playbook.
pub fn locate(name: &str) -> anyhow::Result<Source> {
    let path = Path::new(name);
    if path.exists() || name.ends_with(".yaml") || name.ends_with(".yml") || name.contains('/') {
        return Ok(Source {
            path: path.to_path_buf(),
            text: crate::yaml::read(path, "playbook")?,
        });
    }
    let local = Path::new("playbooks").join(format!("{name}.yaml"));
    if local.is_file() {
        return Ok(Source {
            text: crate::yaml::read(&local, "playbook")?,
            path: local,
        });
    }
    if let Some((_, text)) = EMBEDDED.iter().find(|(n, _)| *n == name) {
        return Ok(Source {
            path: PathBuf::from(format!("(shipped) {name}.yaml")),
            text: text.to_string(),
        });
    }
    anyhow::bail!("no playbook {name}: give a file path, or one of `quell playbook list`")
}

/// The document with its steps still untyped, so that one bad step does not hide
/// the problems of the others.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    version: u32,
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    inputs: IndexMap<String, Input>,
    #[serde(default)]
    vars: IndexMap<String, Value>,
    #[serde(default)]
    defaults: Defaults,
    steps: Vec<serde_yaml::Value>,
    #[serde(default)]
    always: Vec<serde_yaml::Value>,
}

/// Parse and validate: the playbook, or every problem found, each `FILE:LINE:COL: …`,
/// in the order of the file.
pub fn load(source: &Source) -> Result<Playbook, Vec<String>> {
    let empty = std::collections::HashMap::new();
    let raw: Raw = match crate::yaml::from_str(&source.text, &source.path, &empty) {
        Ok(raw) => raw,
        Err(e) => return Err(vec![format!("{e:#}")]),
    };
    let loc = Locator {
        text: &source.text,
        path: source.path.display().to_string(),
    };
    let mut problems = Vec::new();
    let mut typed = |list: Vec<serde_yaml::Value>, section: &str| -> Vec<Step> {
        let mut steps = Vec::new();
        for (i, value) in list.into_iter().enumerate() {
            let id = value
                .get("id")
                .and_then(serde_yaml::Value::as_str)
                .map(str::to_string);
            match serde_path_to_error::deserialize::<_, Step>(value) {
                Ok(step) => steps.push(step),
                Err(e) => {
                    let message = crate::yaml::sanitize(&e.inner().to_string());
                    let path = e.path().to_string();
                    let field = unknown_field(&message).or_else(|| {
                        path.rsplit('.')
                            .next()
                            .filter(|p| !p.is_empty() && *p != ".")
                            .map(str::to_string)
                    });
                    let at = match path.as_str() {
                        "." | "" => format!("{section}[{i}]"),
                        p => format!("{section}[{i}].{p}"),
                    };
                    problems.push(loc.at(
                        id.as_deref(),
                        field.as_deref(),
                        &format!("{at}: {message}"),
                    ));
                }
            }
        }
        steps
    };
    let steps = typed(raw.steps, "steps");
    let always = typed(raw.always, "always");
    let book = Playbook {
        version: raw.version,
        name: raw.name,
        description: raw.description,
        inputs: raw.inputs,
        vars: raw.vars,
        defaults: raw.defaults,
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
    Err(problems)
}

/// Lines and columns of the pieces `validate` names, found in the text: the step's
/// `id:` line, then a key after it.
struct Locator<'a> {
    text: &'a str,
    path: String,
}

impl Locator<'_> {
    /// Byte offset of step `id`'s `id:` value.
    fn step(&self, id: &str) -> Option<usize> {
        let mut from = 0;
        while let Some(found) = self.text[from..].find("id:") {
            let at = from + found;
            let rest = self.text[at + 3..].trim_start_matches([' ', '\t']);
            let value = rest
                .split(['\n', ',', '}', '#'])
                .next()
                .unwrap_or("")
                .trim();
            if value.trim_matches(['"', '\'']) == id {
                return Some(self.text.len() - rest.len());
            }
            from = at + 3;
        }
        None
    }

    /// `FILE:LINE:COL: message` at key `key:` of step `id` (or the step itself).
    fn at(&self, id: Option<&str>, key: Option<&str>, message: &str) -> String {
        let step = id.and_then(|id| self.step(id));
        let mut at = step.unwrap_or(0);
        if let Some(key) = key {
            let start = step
                .map(|s| self.text[..s].rfind('\n').map_or(0, |n| n + 1))
                .unwrap_or(0);
            let needle = format!("{key}:");
            let mut from = start;
            while let Some(found) = self.text[from..].find(&needle) {
                let k = from + found;
                let boundary = k == 0
                    || matches!(
                        self.text.as_bytes()[k - 1],
                        b' ' | b'\t' | b'\n' | b'{' | b',' | b'-'
                    );
                if boundary {
                    at = k;
                    break;
                }
                from = k + needle.len();
            }
        }
        let before = &self.text[..at];
        let line = before.matches('\n').count() + 1;
        let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
            .chars()
            .count()
            + 1;
        format!("{}:{line}:{col}: {message}", self.path)
    }
}

/// Every problem a run would meet before it starts.
pub fn validate(book: &Playbook, source: &Source) -> Vec<String> {
    let loc = Locator {
        text: &source.text,
        path: source.path.display().to_string(),
    };
    let mut problems = Vec::new();
    if book.version != 1 {
        problems.push(loc.at(
            None,
            Some("version"),
            &format!(
                "version {} is not supported: this quell reads version 1",
                book.version
            ),
        ));
    }
    for (name, input) in &book.inputs {
        if let Some(default) = &input.default {
            if let Err(e) = coerce(input.kind, default) {
                problems.push(loc.at(None, Some(name), &format!("inputs.{name}.default: {e}")));
            }
        }
    }
    let env = expr::environment();
    let inputs: Vec<&str> = book.inputs.keys().map(String::as_str).collect();
    let vars: Vec<&str> = book.vars.keys().map(String::as_str).collect();
    let all: Vec<&str> = book
        .steps
        .iter()
        .chain(&book.always)
        .map(|s| s.id.as_str())
        .collect();
    let mut seen: Vec<&str> = Vec::new();
    for (always, step) in book
        .steps
        .iter()
        .map(|s| (false, s))
        .chain(book.always.iter().map(|s| (true, s)))
    {
        let id = step.id.as_str();
        let at = |key: Option<&str>, message: String| {
            loc.at(Some(id), key, &format!("step {id}: {message}"))
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
        if seen.contains(&id) {
            problems.push(at(None, "duplicate step id".into()));
        }
        // Steps a reference may name: earlier ones; `always:` steps may name any.
        let known: Vec<&str> = if always { all.clone() } else { seen.clone() };
        let scope = expr::Scope {
            inputs: &inputs,
            vars: &vars,
            steps: &known,
            later: &all,
            extra: &[],
        };
        let spec = actions::spec(&step.action);
        match spec {
            None if actions::NOT_YET.contains(&step.action.as_str()) => problems.push(at(
                Some("action"),
                format!("action {} is a quell command but not yet callable from a playbook; run `quell {}` beside it", step.action, step.action.replace('.', " ")),
            )),
            None => problems.push(at(
                Some("action"),
                format!(
                    "unknown action {:?}; expected one of: {}",
                    step.action,
                    actions::SPECS.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
                ),
            )),
            Some(spec) => {
                if let Some(e) = check_with(spec, &step.with) {
                    let field = unknown_field(&e);
                    problems.push(at(Some(field.as_deref().unwrap_or("with")), format!("with: {e}")));
                }
            }
        }
        for e in expr::check_templates(&env, &step.with, &scope) {
            problems.push(at(Some("with"), format!("with: {e}")));
        }
        if step.action == "wait_until" {
            let check = step.with.get("check").and_then(Value::as_str).unwrap_or("");
            match actions::spec(check) {
                Some(s) if s.effect == Effect::Read => {}
                _ => problems.push(at(Some("check"), format!("wait_until's check must be a read action (connections, doctor, …), not {check:?}"))),
            }
            let wait_scope = expr::Scope {
                extra: &["utilization", "worst", "targets", "output"],
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
                extra: &["output", "utilization", "worst"],
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
        seen.push(id);
    }
    problems
}

/// The key serde's "unknown field `x`, expected …" names, to point at it.
fn unknown_field(message: &str) -> Option<String> {
    message
        .split_once("unknown field `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(f, _)| f.to_string())
}

/// Why a retry block would do nothing (or harm), if it would.
fn retry_cannot_take_effect(step: &Step, retry: &Retry) -> Option<String> {
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

fn strip_templates(v: &Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(
                    |(_, v)| !matches!(v, Value::String(s) if s.contains("{{") || s.contains("{%")),
                )
                .map(|(k, v)| (k.clone(), strip_templates(v)))
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
            _ => anyhow::bail!("expected true or false"),
        },
        (InputType::Duration, Value::String(s)) => match crate::config::parse_duration(s) {
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
