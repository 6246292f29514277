//! The guarded client: every statement quell sends waits under a client-side bound.
//!
//! The server's `statement_timeout` cannot help when the network or the server
//! freezes (a proxy that swallows traffic, a host that stopped answering): the reply
//! simply never comes. So each call here is bounded by the session's
//! `statement_timeout` plus a margin; when the bound passes, or the server closes the
//! connection, the session is marked *lost*, its connection task is dropped (which
//! closes the socket), and every later call fails at once with the same reason
//! instead of waiting again. Callers branch on [`lost`] to stop a bulk command with
//! one summary, and on [`crate::db::tx::CommitUnknown`] when the lost reply was a
//! COMMIT's.
//!
//! It owns nothing else: parameters are `conninfo`'s, connecting is `connect`'s.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio_postgres::error::SqlState;
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{Row, SimpleQueryMessage};

/// Added to `statement_timeout` for the client-side bound: time for the server to
/// notice its own timeout and for the reply to travel.
pub const MARGIN: Duration = Duration::from_secs(2);

/// Why a session is gone. Every call after the first loss fails with this.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Lost {
    #[error(
        "no reply from {server} within {} (statement_timeout {} + {} margin) to `{statement}`: the network or the server froze",
        fmt(*.bound), fmt(*.statement_timeout), fmt(MARGIN)
    )]
    Frozen {
        server: String,
        bound: Duration,
        statement_timeout: Duration,
        /// The start of the statement in flight (quell's own SQL; parameters never shown).
        statement: String,
    },
    #[error("the connection to {server} was closed ({why})")]
    Closed { server: String, why: String },
}

/// The first words of `sql`, on one line: enough to say what was in flight.
fn in_flight(sql: &str) -> String {
    let words: Vec<&str> = sql.split_whitespace().collect();
    let line = words.join(" ");
    match line.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line,
    }
}

fn fmt(d: Duration) -> humantime::FormattedDuration {
    humantime::format_duration(d)
}

/// A statement's failure: the server's own error, or the session being lost.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Db(#[from] tokio_postgres::Error),
    #[error(transparent)]
    Lost(#[from] Lost),
}

impl Error {
    /// The SQLSTATE, when the server answered with an error.
    pub fn code(&self) -> Option<&SqlState> {
        match self {
            Error::Db(e) => e.code(),
            Error::Lost(_) => None,
        }
    }

    pub fn as_db_error(&self) -> Option<&tokio_postgres::error::DbError> {
        match self {
            Error::Db(e) => e.as_db_error(),
            Error::Lost(_) => None,
        }
    }
}

/// The session's loss, if `err` (anywhere in its chain) is one.
pub fn lost(err: &anyhow::Error) -> Option<&Lost> {
    err.chain().find_map(|e| {
        e.downcast_ref::<Lost>()
            .or(match e.downcast_ref::<Error>() {
                Some(Error::Lost(lost)) => Some(lost),
                _ => None,
            })
    })
}

struct Guard {
    server: String,
    statement_timeout: Mutex<Duration>,
    lost: Mutex<Option<Lost>>,
    connection: tokio::task::AbortHandle,
}

/// A connected session's client. Cheap to share by reference across the futures of
/// one command; not `Clone` (one session, one owner).
pub struct Client {
    inner: tokio_postgres::Client,
    guard: Arc<Guard>,
}

impl Client {
    pub(crate) fn new(
        inner: tokio_postgres::Client,
        connection: tokio::task::AbortHandle,
        server: &str,
        statement_timeout: Duration,
    ) -> Client {
        Client {
            inner,
            guard: Arc::new(Guard {
                server: server.to_string(),
                statement_timeout: Mutex::new(statement_timeout),
                lost: Mutex::new(None),
                connection,
            }),
        }
    }

    /// The server as "host:port", for messages.
    pub fn server(&self) -> &str {
        &self.guard.server
    }

    /// Why the session is gone, once it is.
    pub fn lost(&self) -> Option<Lost> {
        self.guard.lost.lock().ok().and_then(|l| l.clone())
    }

    /// The `statement_timeout` the bound is computed from.
    pub fn statement_timeout(&self) -> Duration {
        self.guard
            .statement_timeout
            .lock()
            .map(|t| *t)
            .unwrap_or(Duration::ZERO)
    }

    /// Tell the guard the server's `statement_timeout` changed (the roles probe raises
    /// it for one measurement), so the client-side bound follows.
    pub fn set_statement_timeout(&self, timeout: Duration) {
        if let Ok(mut t) = self.guard.statement_timeout.lock() {
            *t = timeout;
        }
    }

    fn bound(&self) -> Duration {
        self.statement_timeout() + MARGIN
    }

    fn lose(&self, lost: Lost) -> Lost {
        let mut slot = match self.guard.lost.lock() {
            Ok(slot) => slot,
            Err(poisoned) => poisoned.into_inner(),
        };
        self.guard.connection.abort();
        slot.get_or_insert(lost).clone()
    }

    async fn guarded<T>(
        &self,
        sql: &str,
        call: impl std::future::Future<Output = Result<T, tokio_postgres::Error>>,
    ) -> Result<T, Error> {
        if let Some(lost) = self.lost() {
            return Err(lost.into());
        }
        let bound = self.bound();
        let started = std::time::Instant::now();
        let result = tokio::time::timeout(bound, call).await;
        // -v: each statement on one line with its time; -vv: its whole text too.
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let outcome = match &result {
            Ok(Ok(_)) => "ok",
            Ok(Err(_)) => "failed",
            Err(_) => "timed out",
        };
        tracing::debug!(
            "{}: {} ({outcome}, {ms:.1} ms)",
            self.guard.server,
            in_flight(sql)
        );
        tracing::trace!("{}: full statement:\n{sql}", self.guard.server);
        match result {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) if ends_session(&e) => {
                let why = match e.as_db_error() {
                    Some(db) => format!("{}: {}", db.severity(), db.message()),
                    None => e.to_string(),
                };
                Err(self
                    .lose(Lost::Closed {
                        server: self.guard.server.clone(),
                        why,
                    })
                    .into())
            }
            Ok(Err(e)) => Err(e.into()),
            Err(_) => Err(self
                .lose(Lost::Frozen {
                    server: self.guard.server.clone(),
                    bound,
                    statement_timeout: self.statement_timeout(),
                    statement: in_flight(sql),
                })
                .into()),
        }
    }

    pub async fn query_typed(
        &self,
        sql: &str,
        params: &[(&(dyn ToSql + Sync), Type)],
    ) -> Result<Vec<Row>, Error> {
        self.guarded(sql, self.inner.query_typed(sql, params)).await
    }

    pub async fn query(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, Error> {
        self.guarded(sql, self.inner.query(sql, params)).await
    }

    pub async fn query_one(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Row, Error> {
        self.guarded(sql, self.inner.query_one(sql, params)).await
    }

    pub async fn query_opt(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, Error> {
        self.guarded(sql, self.inner.query_opt(sql, params)).await
    }

    pub async fn execute(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64, Error> {
        self.guarded(sql, self.inner.execute(sql, params)).await
    }

    pub async fn batch_execute(&self, sql: &str) -> Result<(), Error> {
        self.guarded(sql, self.inner.batch_execute(sql)).await
    }

    pub async fn simple_query(&self, sql: &str) -> Result<Vec<SimpleQueryMessage>, Error> {
        self.guarded(sql, self.inner.simple_query(sql)).await
    }
}

/// A closed connection, or a FATAL/PANIC error (the server ends the session after
/// sending it: a terminated backend, a shutdown).
fn ends_session(e: &tokio_postgres::Error) -> bool {
    e.is_closed()
        || e.as_db_error()
            .is_some_and(|db| matches!(db.severity(), "FATAL" | "PANIC"))
}
