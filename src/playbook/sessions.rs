//! The run's sessions: one per target (and per target in `jobs.database`), opened
//! once and kept for every step. A step runs on all of them or on the ones its
//! `targets:` names; a session the server closed (a terminated backend, a restart)
//! or that froze is reconnected with backoff inside the step's time limit, and the
//! step reports it.

use std::cell::RefCell;
use std::time::{Duration, Instant};

use crate::actions::Ctx;
use crate::db::fleet::Connected;

/// First wait between reconnect attempts; doubled up to `MAX_BACKOFF`.
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
const MAX_BACKOFF: Duration = Duration::from_secs(5);
/// How many connect timeouts a step spends on a target whose first connect failed.
const NEVER_CONNECTED_TRIES: u32 = 2;

pub struct Pool {
    all: RefCell<Vec<Connected>>,
    /// Sessions in `jobs.database`, when it is another database.
    jobs: Option<RefCell<Vec<Connected>>>,
}

/// The sessions of one step.
pub struct Picked {
    pub sessions: Vec<Connected>,
    jobs: Option<Vec<Connected>>,
}

impl Picked {
    pub fn jobs(&self) -> &[Connected] {
        self.jobs.as_deref().unwrap_or(&self.sessions)
    }

    /// A session of this step was lost.
    pub fn any_lost(&self) -> bool {
        let lost = |c: &Connected| c.lost().is_some();
        self.sessions.iter().any(lost) || self.jobs.iter().flatten().any(lost)
    }

    /// A session of this step was lost or never opened (the run's first connect
    /// failed: under saturation a connect can time out once and work a moment later).
    pub fn any_down(&self) -> bool {
        let down = |c: &Connected| c.lost().is_some() || c.session.is_err();
        self.sessions.iter().any(down) || self.jobs.iter().flatten().any(down)
    }
}

impl Pool {
    pub fn new(ctx: &Ctx<'_>) -> Pool {
        let same = std::ptr::eq(ctx.sessions, ctx.jobs_sessions);
        Pool {
            all: RefCell::new(ctx.sessions.to_vec()),
            jobs: (!same).then(|| RefCell::new(ctx.jobs_sessions.to_vec())),
        }
    }

    /// The sessions of `targets` (all when `None`). Every step's names were checked
    /// against the run's targets before the first step ran (`check_targets`).
    pub fn pick(&self, targets: Option<&[String]>) -> Picked {
        let all = self.all.borrow();
        let wanted = |c: &&Connected| targets.is_none_or(|names| names.contains(&c.target));
        Picked {
            sessions: all.iter().filter(wanted).cloned().collect(),
            jobs: self
                .jobs
                .as_ref()
                .map(|j| j.borrow().iter().filter(wanted).cloned().collect()),
        }
    }

    /// Reconnect every lost (or never opened) session of `picked`, each with backoff until `deadline`
    /// (or a signal); the run keeps the new session for the steps after. Returns one
    /// line per session that was lost: reconnected, or why not.
    pub async fn heal(&self, picked: &mut Picked, deadline: Instant) -> Vec<String> {
        let mut notes = Vec::new();
        for c in picked.sessions.iter_mut() {
            if let Some(note) = reconnect(c, deadline).await {
                if c.session.is_ok() {
                    replace(&self.all, c);
                }
                notes.push(note);
            }
        }
        if let (Some(jobs), Some(pool)) = (picked.jobs.as_mut(), &self.jobs) {
            for c in jobs.iter_mut() {
                if let Some(note) = reconnect(c, deadline).await {
                    if c.session.is_ok() {
                        replace(pool, c);
                    }
                    notes.push(format!("{note} (jobs database)"));
                }
            }
        }
        notes
    }
}

fn replace(pool: &RefCell<Vec<Connected>>, fresh: &Connected) {
    if let Some(slot) = pool
        .borrow_mut()
        .iter_mut()
        .find(|c| c.target == fresh.target)
    {
        *slot = fresh.clone();
    }
}

/// Reconnect `c` when its session was lost, or connect it when it never was (for at
/// most `NEVER_CONNECTED_TRIES` connect timeouts: a server that refused the run's
/// first connect is not waited on for a whole step); `None` when it works.
async fn reconnect(c: &mut Connected, deadline: Instant) -> Option<String> {
    let (why, deadline) = match (c.lost(), &c.session) {
        (Some(lost), _) => (format!("session lost ({lost})"), deadline),
        (None, Err(e)) => (
            format!("not connected ({e})"),
            deadline.min(Instant::now() + c.config.session.connect_timeout * NEVER_CONNECTED_TRIES),
        ),
        (None, Ok(_)) => return None,
    };
    let started = Instant::now();
    let mut wait = FIRST_BACKOFF;
    let mut tries = 0;
    loop {
        tries += 1;
        let left = deadline.saturating_duration_since(Instant::now());
        let attempt = tokio::select! {
            r = tokio::time::timeout(left, Connected::connect(&c.config)) => r.ok(),
            _ = crate::interrupt::wait() => {
                return Some(format!("target {}: {why}; not reconnected: interrupted", c.target));
            }
        };
        let last = match attempt {
            Some(fresh) if fresh.session.is_ok() => {
                *c = fresh;
                return Some(format!(
                    "target {}: {why}; reconnected after {tries} {} in {:.1}s",
                    c.target,
                    if tries == 1 { "try" } else { "tries" },
                    started.elapsed().as_secs_f64()
                ));
            }
            Some(fresh) => fresh.session.err().unwrap_or_default(),
            None => "the connect did not finish in time".into(),
        };
        if Instant::now() + wait >= deadline {
            return Some(format!(
                "target {}: {why}; could not reconnect within the step's time limit ({tries} {}): {last}",
                c.target,
                if tries == 1 { "try" } else { "tries" },
            ));
        }
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = crate::interrupt::wait() => {
                return Some(format!("target {}: {why}; not reconnected: interrupted", c.target));
            }
        }
        wait = (wait * 2).min(MAX_BACKOFF);
    }
}
