//! Expressions and templates (minijinja): one language for `when`, `until`,
//! `abort_if`, `fail_if`, prompts and `with:` values. Undefined names are errors
//! (strict), computation is bounded (fuel), and `validate` checks every name a piece
//! of text uses against what the playbook declares.

use minijinja::{Environment, UndefinedBehavior, Value as J};
use serde_json::Value;

use crate::level::Level;

/// Fuel per evaluation: enough for any real condition, not for a runaway loop.
const FUEL: u64 = 100_000;

/// The environment every playbook evaluates in, with quell's helpers:
/// `severity_at_least(x, 'warning')`, `utilization(output)`, `duration('30s')`
/// (seconds).
pub fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.add_function(
        "severity_at_least",
        |x: String, at: String| -> Result<bool, minijinja::Error> {
            let level = |s: &str| {
                Level::parse(s).ok_or_else(|| {
                    minijinja::Error::new(
                        minijinja::ErrorKind::InvalidOperation,
                        format!("{s:?} is not a severity: ok, info, warning or critical"),
                    )
                })
            };
            Ok(level(&x)? >= level(&at)?)
        },
    );
    env.add_function("utilization", |v: J| -> Result<f64, minijinja::Error> {
        let v: Value = serde_json::to_value(&v).unwrap_or_default();
        max_utilization(&v).ok_or_else(|| {
            minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                "no utilization in this value (pass a connections output)",
            )
        })
    });
    env.add_function("duration", |s: String| -> Result<f64, minijinja::Error> {
        crate::values::parse_duration(&s)
            .map(|d| d.as_secs_f64())
            .map_err(|e| {
                minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, format!("{e:#}"))
            })
    });
    env
}

const HELPERS: &[&str] = &[
    "severity_at_least",
    "utilization",
    "duration",
    "range",
    "dict",
    "namespace",
    "loop",
    "true",
    "false",
    "none",
];

/// The highest `utilization` of a connections output (`targets[].utilization`).
pub fn max_utilization(v: &Value) -> Option<f64> {
    if let Some(u) = v.get("utilization").and_then(Value::as_f64) {
        return Some(u);
    }
    v.get("targets")?
        .as_array()?
        .iter()
        .filter_map(|t| t.get("utilization").and_then(Value::as_f64))
        .reduce(f64::max)
}

/// A check's output with the names `until`/`abort_if`/`fail_if` use: its fields,
/// `output` (all of it), `utilization` (the highest over targets) and `worst`.
pub fn with_output(mut context: serde_json::Map<String, Value>, output: &Value) -> Value {
    if let Value::Object(fields) = output {
        for (k, v) in fields {
            context.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    if let Some(u) = max_utilization(output) {
        context.insert("utilization".into(), Value::from(u));
    }
    if let Some(levels) = output.get("targets").and_then(Value::as_array) {
        let worst = levels
            .iter()
            .filter_map(|t| {
                t.get("level")
                    .or_else(|| t.get("worst"))
                    .and_then(Value::as_str)
                    .and_then(Level::parse)
            })
            .max();
        if let (Some(w), false) = (worst, context.contains_key("worst")) {
            context.insert("worst".into(), Value::from(w.label()));
        }
    }
    context.insert("output".into(), output.clone());
    Value::Object(context)
}

/// What `run` holds in expressions and templates.
const RUN_KEYS: [&str; 4] = ["id", "dry_run", "started_at", "targets"];

/// What a piece of text may name.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    pub inputs: &'a [&'a str],
    pub vars: &'a [&'a str],
    /// Steps that run before this one.
    pub steps: &'a [&'a str],
    /// Every step id (to say "runs later" rather than "unknown").
    pub later: &'a [&'a str],
    /// Further top-level names (a check's output).
    pub extra: &'a [&'a str],
}

fn check_names(names: std::collections::HashSet<String>, scope: &Scope<'_>) -> Result<(), String> {
    let mut names: Vec<String> = names.into_iter().collect();
    names.sort();
    for name in names {
        let mut parts = name.split('.');
        let head = parts.next().unwrap_or("");
        let second = parts.next();
        let ok = match (head, second) {
            ("inputs", Some(n)) => {
                scope.inputs.contains(&n)
                    || return Err(format!("inputs.{n} is not a declared input"))
            }
            ("vars", Some(n)) => {
                scope.vars.contains(&n) || return Err(format!("vars.{n} is not declared in vars:"))
            }
            ("steps", Some(n)) if scope.steps.contains(&n) => match parts.next() {
                None | Some("output" | "status") => true,
                Some(other) => {
                    return Err(format!(
                        "steps.{n}.{other}: a step has `output` and `status`"
                    ))
                }
            },
            ("run", Some(k)) if !RUN_KEYS.contains(&k) => {
                return Err(format!(
                    "run.{k} is not defined: run has {}",
                    RUN_KEYS.join(", ")
                ))
            }
            ("steps", Some(n)) if scope.later.contains(&n) => {
                return Err(format!(
                    "steps.{n} runs later: a step can only read the steps before it"
                ))
            }
            ("steps", Some(n)) => return Err(format!("steps.{n} is not a step of this playbook")),
            ("inputs" | "vars" | "steps" | "run", _) => true,
            (h, _) => scope.extra.contains(&h) || HELPERS.contains(&h),
        };
        if !ok {
            return Err(format!(
                "{head} is not defined here (use inputs.…, vars.…, steps.<id>.output, run.…)"
            ));
        }
    }
    Ok(())
}

fn one_line(e: &minijinja::Error) -> String {
    let mut text = e.kind().to_string();
    if let Some(detail) = e.detail() {
        text = format!("{text}: {detail}");
    }
    text
}

pub fn check_expression(
    env: &Environment<'_>,
    text: &str,
    scope: &Scope<'_>,
) -> Result<(), String> {
    let compiled = env
        .compile_expression(text)
        .map_err(|e| format!("does not parse: {}", one_line(&e)))?;
    check_names(compiled.undeclared_variables(true), scope)
}

pub fn check_template(env: &Environment<'_>, text: &str, scope: &Scope<'_>) -> Result<(), String> {
    if let Some(inner) = whole_expression(text) {
        return check_expression(env, inner, scope);
    }
    let t = env
        .template_from_str(text)
        .map_err(|e| format!("does not parse: {}", one_line(&e)))?;
    check_names(t.undeclared_variables(true), scope)
}

/// Every template string in a `with:` value.
pub fn check_templates(env: &Environment<'_>, v: &Value, scope: &Scope<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    walk(v, &mut |s| {
        if is_template(s) {
            if let Err(e) = check_template(env, s, scope) {
                problems.push(e);
            }
        }
    });
    problems
}

fn walk(v: &Value, f: &mut dyn FnMut(&str)) {
    match v {
        Value::String(s) => f(s),
        Value::Array(a) => a.iter().for_each(|v| walk(v, f)),
        Value::Object(m) => m.values().for_each(|v| walk(v, f)),
        _ => {}
    }
}

fn is_template(s: &str) -> bool {
    s.contains("{{") || s.contains("{%")
}

pub fn has_template(v: &Value) -> bool {
    let mut found = false;
    walk(v, &mut |s| found |= is_template(s));
    found
}

/// `{{ expr }}` and nothing else: the expression, whose value keeps its type.
fn whole_expression(text: &str) -> Option<&str> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?;
    (!inner.contains("{{") && !inner.contains("}}")).then_some(inner.trim())
}

fn evaluate(env: &Environment<'_>, text: &str, ctx: &Value) -> anyhow::Result<J> {
    let compiled = env
        .compile_expression(text)
        .map_err(|e| anyhow::anyhow!("{}", one_line(&e)))?;
    compiled
        .eval(J::from_serialize(ctx))
        .map_err(|e| anyhow::anyhow!("{text:?}: {}", one_line(&e)))
}

/// Evaluate an expression to JSON.
pub fn eval(env: &Environment<'_>, text: &str, ctx: &Value) -> anyhow::Result<Value> {
    Ok(serde_json::to_value(evaluate(env, text, ctx)?)?)
}

/// Evaluate a condition.
pub fn truth(env: &Environment<'_>, text: &str, ctx: &Value) -> anyhow::Result<bool> {
    Ok(evaluate(env, text, ctx)?.is_true())
}

/// Render a template string (a lone `{{ … }}` keeps its type).
pub fn render_str(env: &Environment<'_>, text: &str, ctx: &Value) -> anyhow::Result<Value> {
    if let Some(inner) = whole_expression(text) {
        return eval(env, inner, ctx);
    }
    if !is_template(text) {
        return Ok(Value::String(text.to_string()));
    }
    let rendered = env
        .render_str(text, J::from_serialize(ctx))
        .map_err(|e| anyhow::anyhow!("{text:?}: {}", one_line(&e)))?;
    Ok(Value::String(rendered))
}

/// Render every string of a `with:` value.
pub fn render(env: &Environment<'_>, v: &Value, ctx: &Value) -> anyhow::Result<Value> {
    Ok(match v {
        Value::String(s) => render_str(env, s, ctx)?,
        Value::Array(a) => Value::Array(
            a.iter()
                .map(|v| render(env, v, ctx))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| Ok((k.clone(), render(env, v, ctx)?)))
                .collect::<anyhow::Result<_>>()?,
        ),
        other => other.clone(),
    })
}
