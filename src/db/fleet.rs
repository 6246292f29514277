//! Many targets at once: connect to each and run one piece of work on it,
//! concurrently, so wall time is the slowest target and not the sum, but never more
//! than `--parallel` connections at a time (default 16: a fleet of 200 must not be
//! the storm that saturates a server). A failing target becomes an entry with
//! `ok: false` and its error; the others still answer.

use serde::Serialize;

use crate::config::Target;
use crate::db::{connect, Session};

/// The targets of one invocation.
#[derive(Debug)]
pub struct Fleet {
    pub targets: Vec<Target>,
    /// Most connections open at once (`--parallel`).
    pub parallel: usize,
}

/// `--parallel`'s default.
pub const DEFAULT_PARALLEL: usize = 16;

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

/// A target's session, or why there is none. Cheap to clone (the session is
/// shared): a playbook step runs on a subset of the run's sessions, and a lost one is
/// replaced by a reconnect (`Connected::reconnect`).
#[derive(Clone)]
pub struct Connected {
    pub target: String,
    pub session: Result<std::sync::Arc<Session>, String>,
    /// How it was connected, for a reconnect.
    pub config: Target,
}

impl Connected {
    pub async fn connect(target: &Target) -> Connected {
        Connected {
            target: target.name.clone(),
            session: connect(target)
                .await
                .map(std::sync::Arc::new)
                .map_err(|e| crate::error::chain(&e)),
            config: target.clone(),
        }
    }

    /// Why its session, open once, is gone (closed by the server, frozen); `None`
    /// while it works or when it never connected.
    pub fn lost(&self) -> Option<crate::db::client::Lost> {
        self.session.as_ref().ok()?.client.lost()
    }
}

impl Fleet {
    /// The target named `name` (a session's `target`).
    pub fn target(&self, name: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.name == name)
    }

    /// Connect to every target, at most `parallel` at a time, and keep the sessions:
    /// commands that poll or change many things (`--watch`, tenants, jobs, backends)
    /// hold them for the whole invocation, so more targets than `--parallel` is refused.
    pub async fn connect_all(&self) -> anyhow::Result<Vec<Connected>> {
        if self.targets.len() > self.parallel {
            anyhow::bail!(
                "this command keeps one session per target for its whole run, and {} targets are selected, \
                 more than --parallel {}: pass --parallel {} to allow that many connections, or select fewer targets",
                self.targets.len(),
                self.parallel,
                self.targets.len()
            );
        }
        Ok(self.bounded(Connected::connect).await)
    }

    /// Connect to each target and run `work` on its session, at most `parallel`
    /// targets at a time; each session closes when its work is done.
    pub async fn run<T>(&self, work: impl AsyncFn(&Session) -> anyhow::Result<T>) -> Report<T> {
        let work = &work;
        let targets = self
            .bounded(|target| async move {
                match connect(target).await {
                    Ok(session) => Entry::from_result(&target.name, work(&session).await),
                    Err(e) => Entry::from_result(&target.name, Err(e)),
                }
            })
            .await;
        Report { targets }
    }

    /// `job` for every target, at most `parallel` at once, results in target order.
    async fn bounded<'a, R, F: std::future::Future<Output = R>>(
        &'a self,
        job: impl Fn(&'a Target) -> F,
    ) -> Vec<R> {
        use futures_util::StreamExt as _;
        futures_util::stream::iter(self.targets.iter().map(job))
            .buffered(self.parallel.max(1))
            .collect()
            .await
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
