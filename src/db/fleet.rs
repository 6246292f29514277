//! Many targets at once: connect to each and run one piece of work on it,
//! concurrently, so wall time is the slowest target and not the sum. A failing
//! target becomes an entry with `ok: false` and its error; the others still answer.

use serde::Serialize;

use crate::config::Target;
use crate::db::{connect, Session};

/// The targets of one invocation.
#[derive(Debug)]
pub struct Fleet {
    pub targets: Vec<Target>,
}

/// One target's result, as every JSON report carries it:
/// `{"target", "ok", "error"?, …data}`.
#[derive(Debug, Serialize)]
pub struct Entry<T> {
    pub target: String,
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub data: Option<T>,
}

impl<T> Entry<T> {
    pub fn from_result(target: &str, result: anyhow::Result<T>) -> Entry<T> {
        match result {
            Ok(data) => Entry {
                target: target.to_string(),
                ok: true,
                error: None,
                data: Some(data),
            },
            Err(e) => Entry {
                target: target.to_string(),
                ok: false,
                error: Some(crate::error::chain(&e)),
                data: None,
            },
        }
    }
}

/// `{"targets": [...]}`: the shape of every `-o json` report.
#[derive(Debug, Serialize)]
pub struct Report<T> {
    pub targets: Vec<Entry<T>>,
}

impl<T> Report<T> {
    /// true when any target failed (the command then exits 2).
    pub fn any_failed(&self) -> bool {
        self.targets.iter().any(|e| !e.ok)
    }

    /// `target NAME: error` lines for stderr.
    pub fn failures(&self) -> impl Iterator<Item = String> + '_ {
        self.targets.iter().filter_map(|e| {
            e.error
                .as_ref()
                .map(|err| format!("target {}: {err}", e.target))
        })
    }
}

/// A target's session, or why there is none.
pub struct Connected {
    pub target: String,
    pub session: Result<Session, String>,
}

impl Fleet {
    /// Connect to every target concurrently, once: commands that poll (`--watch`,
    /// gradual resume) keep these sessions for the whole invocation.
    pub async fn connect_all(&self) -> Vec<Connected> {
        let connecting = self.targets.iter().map(|target| async move {
            Connected {
                target: target.name.clone(),
                session: connect(target).await.map_err(|e| crate::error::chain(&e)),
            }
        });
        futures_util::future::join_all(connecting).await
    }

    /// Connect to every target concurrently and run `work` on each session.
    pub async fn run<T>(&self, work: impl AsyncFn(&Session) -> anyhow::Result<T>) -> Report<T> {
        each(&self.connect_all().await, work).await
    }
}

/// Run `work` on every connected session concurrently; a target without a session
/// gets its connect error in its entry.
pub async fn each<T>(
    sessions: &[Connected],
    work: impl AsyncFn(&Session) -> anyhow::Result<T>,
) -> Report<T> {
    let work = &work;
    let entries = sessions.iter().map(|c| async move {
        match &c.session {
            Ok(session) => Entry::from_result(&c.target, work(session).await),
            Err(e) => Entry {
                target: c.target.clone(),
                ok: false,
                error: Some(e.clone()),
                data: None,
            },
        }
    });
    Report {
        targets: futures_util::future::join_all(entries).await,
    }
}
