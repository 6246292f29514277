//! The `file` provider: append one JSON line per event (post, update, resolve), for
//! dry runs, rehearsals and offline drills. Incident ids are quell's keys.

use std::io::Write;

use anyhow::Context as _;
use serde_json::json;

use super::config::FileConfig;
use super::http::Shown;
use super::model::{now, Event};

/// The line written for `e`.
pub fn line(e: &Event) -> serde_json::Value {
    json!({
        "at": now(),
        "event": e.event,
        "incident": e.incident,
        "key": e.key,
        "title": e.title,
        "status": e.status,
        "body": e.body,
        "impact": e.impact,
        "components": e.components,
        "notify": e.notify,
    })
}

pub fn plan(cfg: &FileConfig, e: &Event) -> Shown {
    Shown {
        method: "APPEND".into(),
        url: cfg.path.display().to_string(),
        headers: Vec::new(),
        body: Some(line(e)),
    }
}

/// Append the line for `e` to the file.
pub fn append(cfg: &FileConfig, e: &Event) -> anyhow::Result<()> {
    let path = &cfg.path;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating directory {}", dir.display()))?;
    }
    let mut text = serde_json::to_string(&line(e))?;
    text.push('\n');
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("opening {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("appending to {}", path.display()))
}
