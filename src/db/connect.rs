//! The safe session: one connection per target per invocation, made so that quell
//! still gets in (or says clearly why not) when the server is on fire.
//!
//! It sets `application_name`, `statement_timeout`, `lock_timeout` and
//! `idle_in_transaction_session_timeout` (so a quell that froze mid-transaction cannot
//! hold an org's lock for long), turns on TCP keepalives and `tcp_user_timeout`, bounds
//! the whole connect (socket, TLS, authentication, setup) by the connect timeout, and
//! turns SQLSTATE 53300 into [`ConnectError::Saturated`], retried with backoff inside
//! that budget. It walks a host list as libpq does: in order (or shuffled with
//! `load_balance_hosts=random`), keeping the first session that fits
//! `target_session_attrs` (read from the session's own setup query), and hands
//! `channel_binding` and `sslnegotiation` to the driver. Every statement after that is
//! bounded by [`Client`]. It does not choose parameters (`conninfo`) or build TLS
//! configs (`tls`).

use std::time::{Duration, Instant};

use anyhow::Context as _;
use tokio_postgres::error::SqlState;
use tokio_postgres::tls::MakeTlsConnect;
use tokio_postgres::{NoTls, SimpleQueryMessage, Socket};

use crate::config::Target;
use crate::db::client::{self, Client};
use crate::db::conninfo::{ChannelBinding, Endpoint, Host, SessionAttrs, SslMode, TcpSettings};
use crate::db::tls;

/// A connected, configured session.
pub struct Session {
    pub client: Client,
    /// The target's name, for messages.
    pub target: String,
    /// The server as "host:port", for messages.
    pub server: String,
    /// quell's own backend, which reports leave out.
    pub backend_pid: i32,
    pub server_version_num: i32,
    pub server_version: String,
    /// `transaction_read_only` when the session began (`default_transaction_read_only`
    /// or hot standby): what `target_session_attrs=read-write|read-only` look at.
    pub read_only: bool,
    /// `pg_is_in_recovery()`: what `primary|standby` look at.
    pub in_recovery: bool,
}

/// Why connecting failed, where quell branches on it.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// SQLSTATE 53300 for the whole connect budget.
    #[error("{}", saturated_message(.server, .message, *.reserved_only))]
    Saturated {
        server: String,
        /// The server's own words.
        message: String,
        /// true when only the reserved slots are left (a privileged role still gets in).
        reserved_only: bool,
    },
    /// Nothing answered (or authentication never finished) within the connect timeout.
    #[error("connecting to {server}: timed out after {}", humantime::format_duration(*.after))]
    Timeout { server: String, after: Duration },
}

fn saturated_message(server: &str, message: &str, reserved_only: bool) -> String {
    if reserved_only {
        format!(
            "server {server} is saturated: every non-reserved connection slot is in use (\"{message}\", SQLSTATE 53300). \
             The superuser_reserved_connections slots (3 unless changed) are kept for superusers, and on PostgreSQL 16+ \
             reserved_connections for roles granted pg_use_reserved_connections: connect as one of those \
             (e.g. --dsn 'user=postgres …'), then use quell connections / quell backends terminate"
        )
    } else {
        format!(
            "server {server} is saturated: every connection slot, reserved ones included, is in use (\"{message}\", SQLSTATE 53300). \
             Free a slot from a session that is already connected (pg_terminate_backend) or on the database host"
        )
    }
}

/// Connect to `target`, trying its hosts in order (shuffled with
/// `load_balance_hosts=random`) as libpq does, and keeping the first whose session
/// has the `target_session_attrs` asked for; `prefer-standby` takes a standby if any
/// host is one, else the first host that answers. When every host fails, the error
/// names each host and why.
pub async fn connect(target: &Target) -> anyhow::Result<Session> {
    let started = std::time::Instant::now();
    let session = connect_any(target).await;
    if let Ok(s) = &session {
        tracing::debug!(
            "target {}: connected to {} (database {}, user {}, PostgreSQL {}, backend pid {}) in {:.1} ms",
            target.name,
            s.server,
            target.params.dbname,
            target.params.user,
            s.server_version,
            s.backend_pid,
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    session
}

async fn connect_any(target: &Target) -> anyhow::Result<Session> {
    let params = &target.params;
    let mut order: Vec<&Endpoint> = params.endpoints.iter().collect();
    if params.load_balance {
        fastrand::shuffle(&mut order);
    }
    let wanted = params.target_session_attrs;
    let mut failures: Vec<(String, anyhow::Error)> = Vec::new();
    // prefer-standby: a first pass for a standby, then any host (libpq's second pass).
    let passes = match wanted {
        SessionAttrs::PreferStandby => vec![SessionAttrs::Standby, SessionAttrs::Any],
        other => vec![other],
    };
    for attrs in &passes {
        // prefer-standby's second pass tries every host again, for any session.
        failures.clear();
        for endpoint in &order {
            match connect_endpoint(target, endpoint).await {
                Ok(session) => match mismatch(&session, *attrs) {
                    None => return Ok(session),
                    Some(why) => {
                        let server = session.server.clone();
                        drop(session);
                        failures.push((
                            server,
                            anyhow::anyhow!("{why} (target_session_attrs={})", wanted.as_str()),
                        ));
                    }
                },
                Err(e) => {
                    tracing::debug!(target = %target.name, error = %format!("{e:#}"), "endpoint failed");
                    failures.push((endpoint_name(endpoint), e));
                }
            }
        }
    }
    match failures.len() {
        0 => Err(anyhow::anyhow!(
            "target {} has no host to connect to",
            target.name
        )),
        1 => Err(failures.remove(0).1),
        _ => {
            // One line per host, as libpq lists them; a typed error (saturated, timed
            // out) of the last host stays downcastable.
            let lines: Vec<String> = failures
                .iter()
                .map(|(server, e)| format!("{server}: {}", crate::error::chain(e)))
                .collect();
            let (_, last) = failures.pop().expect("several failures");
            Err(last.context(format!("every host failed: {}", lines.join("; "))))
        }
    }
}

/// Why `session` is not what `attrs` asks for, in libpq's words.
fn mismatch(session: &Session, attrs: SessionAttrs) -> Option<&'static str> {
    match attrs {
        SessionAttrs::Any | SessionAttrs::PreferStandby => None,
        SessionAttrs::ReadWrite if session.read_only => Some("session is read-only"),
        SessionAttrs::ReadOnly if !session.read_only => Some("session is not read-only"),
        SessionAttrs::Primary if session.in_recovery => Some("server is in hot standby mode"),
        SessionAttrs::Standby if !session.in_recovery => Some("server is not in hot standby mode"),
        _ => None,
    }
}

/// "host:port" (or "/socket/dir:port") for messages.
pub fn endpoint_name(endpoint: &Endpoint) -> String {
    match (&endpoint.host, endpoint.hostaddr) {
        (Host::Tcp(h), Some(addr)) if h != &addr.to_string() => {
            format!("{h} ({addr}):{}", endpoint.port)
        }
        (Host::Tcp(h), _) => format!("{h}:{}", endpoint.port),
        (Host::Unix(dir), _) => format!("{}:{}", dir.display(), endpoint.port),
    }
}

async fn connect_endpoint(target: &Target, endpoint: &Endpoint) -> anyhow::Result<Session> {
    let server = endpoint_name(endpoint);
    let budget = target.session.connect_timeout;
    let deadline = Instant::now() + budget;
    let mut backoff = Duration::from_millis(100);
    loop {
        let remaining = deadline.saturating_duration_since(Instant::now());
        let attempt = tokio::time::timeout(remaining, attempt(target, endpoint, &server)).await;
        let err = match attempt {
            Err(_) => {
                return Err(ConnectError::Timeout {
                    server,
                    after: budget,
                }
                .into())
            }
            Ok(Ok(session)) => return Ok(session),
            Ok(Err(err)) => err,
        };
        let Some(db) = err
            .downcast_ref::<tokio_postgres::Error>()
            .and_then(tokio_postgres::Error::as_db_error)
            .filter(|db| db.code() == &SqlState::TOO_MANY_CONNECTIONS)
        else {
            return Err(err);
        };
        let saturated = ConnectError::Saturated {
            server: server.clone(),
            message: db.message().to_string(),
            reserved_only: db.message().contains("reserved"),
        };
        if Instant::now() + backoff >= deadline {
            return Err(saturated.into());
        }
        tracing::debug!(%server, "saturated, retrying in {backoff:?}");
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(1));
    }
}

async fn attempt(target: &Target, endpoint: &Endpoint, server: &str) -> anyhow::Result<Session> {
    let params = &target.params;
    let mut config = tokio_postgres::Config::new();
    config
        .user(&params.user)
        .dbname(&params.dbname)
        .port(endpoint.port)
        .application_name(&target.session.application_name)
        .connect_timeout(target.session.connect_timeout);
    match &endpoint.host {
        Host::Tcp(host) => config.host(host),
        Host::Unix(dir) => config.host_path(dir),
    };
    if let Some(addr) = endpoint.hostaddr {
        config.hostaddr(addr);
    }
    if let Some(password) = &endpoint.password {
        config.password(password.expose());
    }
    if let Some(options) = &params.options {
        config.options(options);
    }
    check_startup_size(target)?;
    tcp(&mut config, &params.tcp);
    config.channel_binding(match params.channel_binding {
        ChannelBinding::Disable => tokio_postgres::config::ChannelBinding::Disable,
        ChannelBinding::Prefer => tokio_postgres::config::ChannelBinding::Prefer,
        ChannelBinding::Require => tokio_postgres::config::ChannelBinding::Require,
    });
    if params.tls.direct {
        config.ssl_negotiation(tokio_postgres::config::SslNegotiation::Direct);
    }
    let mode = match endpoint.host {
        // libpq never uses TLS over a unix socket, whatever sslmode says.
        Host::Unix(_) => SslMode::Disable,
        Host::Tcp(_) => params.sslmode,
    };
    let client = match mode {
        SslMode::Disable => open(&config, NoTls).await,
        SslMode::Allow => match open(&config, NoTls).await {
            Ok(client) => Ok(client),
            Err(plain) if plain.code() == Some(&SqlState::INVALID_AUTHORIZATION_SPECIFICATION) => {
                tracing::debug!(%server, "plain connection refused, retrying with TLS (sslmode=allow)");
                config.ssl_mode(tokio_postgres::config::SslMode::Require);
                open(&config, tls::connector(params, mode)?).await
            }
            Err(plain) => Err(plain),
        },
        SslMode::Prefer => {
            config.ssl_mode(tokio_postgres::config::SslMode::Prefer);
            match open(&config, tls::connector(params, mode)?).await {
                // libpq: a TLS handshake that fails (no common protocol version, say)
                // is tried again without TLS.
                Err(e) if e.to_string().contains("TLS handshake") && !params.tls.direct => {
                    tracing::debug!(%server, "TLS handshake failed ({e}), retrying without TLS (sslmode=prefer)");
                    config.ssl_mode(tokio_postgres::config::SslMode::Disable);
                    open(&config, NoTls).await
                }
                other => other,
            }
        }
        SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => {
            config.ssl_mode(tokio_postgres::config::SslMode::Require);
            open(&config, tls::connector(params, mode)?).await
        }
    }
    .map_err(|e| refused_binding(e, params.channel_binding))
    .with_context(|| format!("connecting to {server} as {}", params.user))?;
    setup(client, target, server).await
}

/// The driver's "server did not use channel binding", said as what it means.
fn refused_binding(e: tokio_postgres::Error, binding: ChannelBinding) -> anyhow::Error {
    let text = match std::error::Error::source(&e) {
        Some(cause) => format!("{e}: {cause}"),
        None => e.to_string(),
    };
    if binding == ChannelBinding::Require && text.contains("channel binding") {
        return anyhow::anyhow!(
            "channel_binding=require: the server did not authenticate with SCRAM bound to a TLS channel \
             (it asked for another method, trusted the connection, or the connection is not TLS); \
             no password was sent"
        );
    }
    e.into()
}

/// libpq's TCP keywords where given, quell's defaults where not.
fn tcp(config: &mut tokio_postgres::Config, tcp: &TcpSettings) {
    config.keepalives(tcp.keepalives.unwrap_or(true));
    config.keepalives_idle(tcp.idle.unwrap_or(TcpSettings::DEFAULT_IDLE));
    config.keepalives_interval(tcp.interval.unwrap_or(TcpSettings::DEFAULT_INTERVAL));
    config.keepalives_retries(tcp.count.unwrap_or(TcpSettings::DEFAULT_COUNT));
    config.tcp_user_timeout(
        tcp.user_timeout
            .unwrap_or(TcpSettings::DEFAULT_USER_TIMEOUT),
    );
}

/// PostgreSQL refuses a startup packet over 10,000 bytes by closing the connection
/// ("connection reset by peer" on this side); say what is too long instead.
const MAX_STARTUP_PACKET: usize = 10_000;

fn check_startup_size(target: &Target) -> anyhow::Result<()> {
    let params = &target.params;
    let fields = [
        ("user", params.user.as_str()),
        ("database", params.dbname.as_str()),
        ("application_name", target.session.application_name.as_str()),
        ("options", params.options.as_deref().unwrap_or("")),
        ("client_encoding", "UTF8"),
    ];
    // Length word, protocol version, each "name\0value\0", the final \0.
    let size = 8
        + 1
        + fields
            .iter()
            .map(|(k, v)| k.len() + v.len() + 2)
            .sum::<usize>();
    if size <= MAX_STARTUP_PACKET {
        return Ok(());
    }
    let (name, value) = fields
        .iter()
        .max_by_key(|(_, v)| v.len())
        .copied()
        .unwrap_or(("user", ""));
    anyhow::bail!(
        "{name} is {} bytes long: the connection's startup packet would be {size} bytes, and PostgreSQL \
         accepts at most {MAX_STARTUP_PACKET}",
        value.len()
    )
}

async fn open<T>(
    config: &tokio_postgres::Config,
    tls: T,
) -> Result<(tokio_postgres::Client, tokio::task::AbortHandle), tokio_postgres::Error>
where
    T: MakeTlsConnect<Socket>,
    T::Stream: Send + 'static,
{
    let (client, connection) = config.connect(tls).await?;
    let task = tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::debug!("connection closed: {e}");
        }
    });
    Ok((client, task.abort_handle()))
}

/// One round trip: session limits, then who we are. JIT and parallel query are off:
/// quell's catalog reads are small, and a wild row estimate (recursive role walks)
/// would otherwise spend tens of milliseconds compiling or forking workers. A
/// transaction of quell's left idle longer than the client-side bound means quell is
/// gone or cut off: the server then ends it, releasing its locks.
async fn setup(
    (client, connection): (tokio_postgres::Client, tokio::task::AbortHandle),
    target: &Target,
    server: &str,
) -> anyhow::Result<Session> {
    let statement_timeout = target.session.statement_timeout;
    let client = Client::new(client, connection, server, statement_timeout);
    let sql = format!(
        "SET statement_timeout = {}; SET lock_timeout = {}; SET idle_in_transaction_session_timeout = {}; \
         SET jit = off; SET max_parallel_workers_per_gather = 0; \
         SELECT pg_backend_pid()::text, current_setting('server_version_num'), current_setting('server_version'), \
         current_setting('transaction_read_only'), pg_is_in_recovery()::text",
        statement_timeout.as_millis(),
        target.session.lock_timeout.as_millis(),
        (statement_timeout + client::MARGIN).as_millis(),
    );
    let messages = client
        .simple_query(&sql)
        .await
        .with_context(|| format!("setting up the session on {server}"))?;
    let row = messages
        .iter()
        .find_map(|m| match m {
            SimpleQueryMessage::Row(row) => Some(row),
            _ => None,
        })
        .with_context(|| format!("setting up the session on {server}: no row"))?;
    let field = |i: usize| row.get(i).unwrap_or_default().to_string();
    Ok(Session {
        backend_pid: field(0).parse().context("reading pg_backend_pid()")?,
        server_version_num: field(1).parse().context("reading server_version_num")?,
        server_version: field(2),
        read_only: field(3) == "on",
        in_recovery: field(4) == "true",
        client,
        target: target.name.clone(),
        server: server.to_string(),
    })
}
