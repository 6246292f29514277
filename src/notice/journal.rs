//! The local notice journal: one JSON line per notice action, appended whatever
//! happens to the control database, so there is always a record of what was told
//! to whom. It also answers "which incidents did quell open and not resolve" for
//! providers that cannot be asked (slack, webhook, file). Secrets never go in it.

use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::Context as _;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::model::{EventKind, Incident};

/// One journal line.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub at: String,
    pub actor: String,
    pub run_id: String,
    /// The configured provider's name.
    pub provider: String,
    pub event: EventKind,
    pub incident: String,
    pub key: String,
    pub title: String,
    pub status: String,
    pub body: String,
    #[serde(default)]
    pub impact: Option<String>,
    #[serde(default)]
    pub components: IndexMap<String, String>,
    /// true when quell found its incident already there and reused it.
    #[serde(default)]
    pub adopted: bool,
}

/// Append `entry` to the journal at `path`, creating the file (0600) and its directory.
pub fn append(path: &Path, entry: &Entry) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating directory {}", dir.display()))?;
    }
    let mut line = serde_json::to_string(entry)?;
    line.push('\n');
    let mut file = open_append(path)?;
    file.write_all(line.as_bytes())
        .with_context(|| format!("appending to {}", path.display()))
}

/// Open `path` for appending, created with mode 0600.
pub fn open_append(path: &Path) -> anyhow::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("opening {}", path.display()))
}

/// Every entry, oldest first; a missing journal is empty. Unreadable lines are skipped.
pub fn read(path: &Path) -> anyhow::Result<Vec<Entry>> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let mut out = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line.with_context(|| format!("reading {}", path.display()))?;
        if let Ok(entry) = serde_json::from_str::<Entry>(&line) {
            out.push(entry);
        }
    }
    Ok(out)
}

/// Incidents `provider` opened through quell and not yet resolved, by the journal.
pub fn open_incidents(entries: &[Entry], provider: &str) -> Vec<Incident> {
    let mut open: IndexMap<String, Incident> = IndexMap::new();
    for e in entries.iter().filter(|e| e.provider == provider) {
        match e.event {
            // Posted (or updated) as resolved: not open.
            EventKind::Post | EventKind::Update if e.status == "resolved" => {
                open.shift_remove(&e.incident);
            }
            EventKind::Post => {
                open.insert(
                    e.incident.clone(),
                    Incident {
                        id: e.incident.clone(),
                        title: e.title.clone(),
                        status: e.status.clone(),
                        key: Some(e.key.clone()),
                        link: None,
                        components: e.components.keys().cloned().collect(),
                        created_at: Some(e.at.clone()),
                    },
                );
            }
            EventKind::Update => {
                if let Some(i) = open.get_mut(&e.incident) {
                    i.status = e.status.clone();
                    for c in e.components.keys() {
                        if !i.components.contains(c) {
                            i.components.push(c.clone());
                        }
                    }
                }
            }
            EventKind::Resolve => {
                open.shift_remove(&e.incident);
            }
        }
    }
    open.into_values().collect()
}
