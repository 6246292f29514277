//! libpq connection-parameter resolution: this module turns a `postgres://` URL or a
//! `key=value` conninfo string into the concrete parameters libpq's `PQconnectdb` would
//! use, applying the service file (`PGSERVICE`, `PGSERVICEFILE`, `~/.pg_service.conf`,
//! `<sysconfdir>/pg_service.conf`), the `PG*` environment variables, the built-in defaults
//! (port 5432, OS user, dbname = user, socket directory) and the password file (`.pgpass`),
//! in libpq's order of precedence. It is pure logic over a [`Context`] (environment, home
//! directory, OS user, file system paths) so every rule can be tested without a server. It
//! does not connect, resolve host names, or set up TLS: callers take the resolved
//! [`ConnParams`] and do that themselves.
//!
//! Every keyword libpq knows is honoured with libpq's meaning or refused by name
//! ([`parse::Support`]): nothing is accepted and then ignored. Like libpq, an
//! environment variable set to the empty string is set (`PGSSLMODE=` is an invalid
//! sslmode, `PGHOST=` the default host), and with neither `host` nor `hostaddr` the
//! host is the compiled-in socket directory ([`Context::socket_dir`]) whether or not a
//! server listens there. Deliberate differences, all documented where they apply:
//! - Error messages name the file and line, and never echo a password or a full URI;
//!   a non-numeric port in a URI without `user@` (`postgresql://user:secret/db`, the
//!   @host forgotten) is refused without being shown, since it may be the password.
//! - `expand_dbname` (a `dbname` that is itself a conninfo) and LDAP service lookups are
//!   not supported.
//!
//! This file owns the public types, [`resolve`] (dsn > service file > environment >
//! defaults, host lists, validation, which password wins) and the display forms
//! ([`ConnParams::redacted`], [`ConnParams::describe`]). Reading a dsn is `parse`'s, the
//! service file `service`'s, the password file `pgpass`'s.

use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use anyhow::{anyhow, bail, Result};

mod parse;
mod pgpass;
mod service;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod fixture;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

pub use parse::{keyword_support, parse, Support};

use parse::{is_c_space_char, keyword, KEYWORDS};
use pgpass::{pgpass_host, pgpass_lookup, read_passfile};
use service::apply_service;

/// libpq's default port.
pub const DEFAULT_PORT: u16 = 5432;
/// Debian's compiled-in `SYSCONFDIR` for libpq, used when `PGSYSCONFDIR` is unset.
pub const DEFAULT_SYSCONFDIR: &str = "/etc/postgresql-common";
/// Debian's compiled-in `DEFAULT_PGSOCKET_DIR`: the host when none is given.
pub const DEFAULT_SOCKET_DIR: &str = "/var/run/postgresql";

/// Where lookups come from, so tests can supply their own.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Snapshot of the process environment.
    pub env: HashMap<String, String>,
    /// `$HOME`, else the home directory from the password database.
    pub home: Option<PathBuf>,
    /// Effective OS user name (libpq's default user).
    pub os_user: String,
    /// `PGSYSCONFDIR`, else the compiled default ([`DEFAULT_SYSCONFDIR`]).
    pub sysconfdir: Option<PathBuf>,
    /// The socket directory used when no host is given (libpq's compiled-in
    /// `DEFAULT_PGSOCKET_DIR`); the password file calls it `localhost`.
    pub socket_dir: PathBuf,
}

impl Context {
    /// Snapshot the real process: environment (variables that are not valid UTF-8 are
    /// skipped), `$HOME` or the passwd home of the effective user, the effective user's
    /// name, `PGSYSCONFDIR` or [`DEFAULT_SYSCONFDIR`], and [`DEFAULT_SOCKET_DIR`].
    pub fn from_process() -> Context {
        let env: HashMap<String, String> = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect();
        let pw = nix::unistd::User::from_uid(nix::unistd::geteuid())
            .ok()
            .flatten();
        let home = match env.get("HOME").filter(|h| !h.is_empty()) {
            Some(h) => Some(PathBuf::from(h)),
            None => pw.as_ref().map(|u| u.dir.clone()),
        };
        let os_user = pw.map(|u| u.name).unwrap_or_default();
        let sysconfdir = Some(
            env.get("PGSYSCONFDIR")
                .filter(|d| !d.is_empty())
                .map_or_else(|| PathBuf::from(DEFAULT_SYSCONFDIR), PathBuf::from),
        );
        Context {
            env,
            home,
            os_user,
            sysconfdir,
            socket_dir: PathBuf::from(DEFAULT_SOCKET_DIR),
        }
    }

    /// An environment variable as libpq reads it: set, even when empty.
    fn raw_var(&self, name: &str) -> Option<&str> {
        self.env.get(name).map(String::as_str)
    }

    /// An environment variable; empty counts as unset (for the variables that are not
    /// connection options, and those libpq reads as unset when empty).
    fn var(&self, name: &str) -> Option<&str> {
        self.env
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SslMode {
    Disable,
    Allow,
    #[default]
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    /// The libpq spelling (`verify-full`, ...).
    pub fn as_str(&self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Allow => "allow",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

impl FromStr for SslMode {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> Result<Self> {
        Ok(match s {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => bail!("invalid sslmode value: \"{s}\""),
        })
    }
}

impl fmt::Display for SslMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// libpq's `channel_binding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChannelBinding {
    Disable,
    #[default]
    Prefer,
    /// Authenticate only with SCRAM over TLS bound to the channel: a cleartext or MD5
    /// password request, trust, or a plaintext connection is refused before anything
    /// is sent.
    Require,
}

/// libpq's `target_session_attrs`: which of the hosts is acceptable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SessionAttrs {
    #[default]
    Any,
    /// Not read-only (`default_transaction_read_only` off, not in hot standby).
    ReadWrite,
    ReadOnly,
    /// Not in hot standby.
    Primary,
    Standby,
    /// A standby if any host is one, else any host.
    PreferStandby,
}

impl SessionAttrs {
    pub fn as_str(&self) -> &'static str {
        match self {
            SessionAttrs::Any => "any",
            SessionAttrs::ReadWrite => "read-write",
            SessionAttrs::ReadOnly => "read-only",
            SessionAttrs::Primary => "primary",
            SessionAttrs::Standby => "standby",
            SessionAttrs::PreferStandby => "prefer-standby",
        }
    }

    fn parse(s: &str) -> Option<SessionAttrs> {
        Some(match s {
            "any" => SessionAttrs::Any,
            "read-write" => SessionAttrs::ReadWrite,
            "read-only" => SessionAttrs::ReadOnly,
            "primary" => SessionAttrs::Primary,
            "standby" => SessionAttrs::Standby,
            "prefer-standby" => SessionAttrs::PreferStandby,
            _ => return None,
        })
    }
}

/// A TLS protocol version as libpq spells it (`TLSv1` … `TLSv1.3`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TlsVersion {
    V1_0,
    V1_1,
    V1_2,
    V1_3,
}

impl TlsVersion {
    fn parse(s: &str) -> Option<TlsVersion> {
        Some(match s.to_ascii_lowercase().as_str() {
            "tlsv1" => TlsVersion::V1_0,
            "tlsv1.1" => TlsVersion::V1_1,
            "tlsv1.2" => TlsVersion::V1_2,
            "tlsv1.3" => TlsVersion::V1_3,
            _ => return None,
        })
    }
}

/// What the TLS handshake may and must do, beyond `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TlsSettings {
    /// `ssl_min_protocol_version` (libpq's default TLSv1.2; `None` = no minimum).
    pub min: Option<TlsVersion>,
    /// `ssl_max_protocol_version` (`None` = no maximum).
    pub max: Option<TlsVersion>,
    /// `sslsni` (default on; never sent for an IP address).
    pub sni: bool,
    /// `sslcertmode=disable`: send no client certificate even when one is configured.
    pub no_client_cert: bool,
    /// `sslnegotiation=direct`: TLS from the first byte (PostgreSQL 17+ servers).
    pub direct: bool,
}

impl Default for TlsSettings {
    fn default() -> Self {
        TlsSettings {
            min: Some(TlsVersion::V1_2),
            max: None,
            sni: true,
            no_client_cert: false,
            direct: false,
        }
    }
}

/// Where to connect. A host starting with `/` (or `@`, Linux's abstract namespace, as in
/// libpq) is a unix-socket directory; anything else is a TCP host name or address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    Tcp(String),
    Unix(PathBuf),
}

impl Host {
    fn display(&self) -> String {
        match self {
            Host::Tcp(h) => h.clone(),
            Host::Unix(d) => d.to_string_lossy().into_owned(),
        }
    }
}

/// Where an endpoint's password came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSource {
    /// No password found anywhere.
    None,
    /// `password` in the dsn.
    Conninfo,
    /// `PGPASSWORD`.
    Env,
    /// The matching line of this password file.
    Passfile(PathBuf),
    /// `password` in the service file.
    Service,
}

/// One host to try. With `hostaddr` set libpq connects over TCP to that address and uses
/// `host` only for the password file and TLS name checks; with only `hostaddr` given,
/// `host` is `Host::Tcp(<hostaddr as written>)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub host: Host,
    pub hostaddr: Option<IpAddr>,
    pub port: u16,
    /// Explicit password, else `PGPASSWORD`, else the matching `.pgpass` line for this
    /// endpoint. An empty password counts as none (libpq never sends one).
    pub password: Option<Secret>,
    pub password_source: PasswordSource,
}

/// A password that never prints: Debug and Display show `********`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }

    /// The real value, for handing to the driver.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

const MASK: &str = "********";

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

/// Fully resolved connection parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnParams {
    /// One per host in a multi-host list, in order.
    pub endpoints: Vec<Endpoint>,
    pub user: String,
    pub dbname: String,
    pub sslmode: SslMode,
    /// A path, or the literal `system` (use the OS trust store).
    pub sslrootcert: Option<String>,
    pub sslcert: Option<PathBuf>,
    pub sslkey: Option<PathBuf>,
    /// libpq: seconds; 1 is raised to 2; 0, negative or absent = no timeout.
    pub connect_timeout: Option<Duration>,
    pub application_name: Option<String>,
    pub fallback_application_name: Option<String>,
    pub options: Option<String>,
    pub service: Option<String>,
    pub target_session_attrs: SessionAttrs,
    pub channel_binding: ChannelBinding,
    pub tls: TlsSettings,
    /// `load_balance_hosts=random`: try the hosts in a random order.
    pub load_balance: bool,
    /// `keepalives`, `keepalives_idle`, `keepalives_interval`, `keepalives_count` and
    /// `tcp_user_timeout`, as given (quell's defaults apply to what is unset).
    pub tcp: TcpSettings,
    /// Every other keyword that ended up set to a non-empty value (from the dsn, the
    /// service file or the environment), e.g. `keepalives_idle`, `channel_binding`,
    /// `passfile`, `sslsni`, in libpq's keyword order: for display; each is honoured
    /// through the typed fields above or was refused.
    pub extra: Vec<(String, String)>,
}

/// libpq's TCP keywords. `None` = not given: quell then uses [`TcpSettings::DEFAULT_*`]
/// rather than the operating system's (two hours before the first keepalive), so that a
/// peer that vanished is noticed within seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TcpSettings {
    /// `keepalives` (1 = on, the default; 0 = off).
    pub keepalives: Option<bool>,
    /// `keepalives_idle`, seconds of silence before the first probe.
    pub idle: Option<Duration>,
    /// `keepalives_interval`, seconds between probes.
    pub interval: Option<Duration>,
    /// `keepalives_count`, probes lost before the connection is dead.
    pub count: Option<u32>,
    /// `tcp_user_timeout`, milliseconds sent data may stay unacknowledged (0 = the system's).
    pub user_timeout: Option<Duration>,
}

impl TcpSettings {
    pub const DEFAULT_IDLE: Duration = Duration::from_secs(10);
    pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);
    pub const DEFAULT_COUNT: u32 = 3;
    pub const DEFAULT_USER_TIMEOUT: Duration = Duration::from_secs(15);

    fn from_opts(opts: &Opts) -> Result<TcpSettings> {
        let int = |name: &str| -> Result<Option<i64>> {
            opts.nonempty(name)
                .map(|raw| {
                    parse_c_int(raw).ok_or_else(|| {
                        anyhow!("invalid integer value \"{raw}\" for connection option \"{name}\"")
                    })
                })
                .transpose()
        };
        let non_negative = |name: &str| -> Result<Option<u64>> {
            int(name)?
                .map(|n| {
                    u64::try_from(n)
                        .map_err(|_| anyhow!("invalid value \"{n}\" for connection option \"{name}\": must not be negative"))
                })
                .transpose()
        };
        let secs = |name: &str| -> Result<Option<Duration>> {
            // libpq: 0 means the system default.
            Ok(non_negative(name)?
                .filter(|s| *s > 0)
                .map(Duration::from_secs))
        };
        Ok(TcpSettings {
            keepalives: int("keepalives")?.map(|n| n != 0),
            idle: secs("keepalives_idle")?,
            interval: secs("keepalives_interval")?,
            count: non_negative("keepalives_count")?
                .filter(|n| *n > 0)
                .map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
            user_timeout: non_negative("tcp_user_timeout")?
                .filter(|n| *n > 0)
                .map(Duration::from_millis),
        })
    }
}

/// The result of [`resolve`].
#[derive(Debug, Clone)]
pub struct Resolved {
    pub params: ConnParams,
    /// Things libpq would print as `WARNING:` on stderr (e.g. an insecure password file).
    pub warnings: Vec<String>,
}

/// Keywords that have their own field in [`ConnParams`] (everything else goes to `extra`).
const DEDICATED: &[&str] = &[
    "service",
    "user",
    "password",
    "connect_timeout",
    "dbname",
    "host",
    "hostaddr",
    "port",
    "options",
    "application_name",
    "fallback_application_name",
    "sslmode",
    "sslcert",
    "sslkey",
    "sslrootcert",
];

/// Values libpq accepts for the enumerated options it validates up front.
const ENUMERATED: &[(&str, &[&str])] = &[
    ("channel_binding", &["disable", "prefer", "require"]),
    ("sslnegotiation", &["postgres", "direct"]),
    ("sslcertmode", &["disable", "allow", "require"]),
    ("gssencmode", &["disable", "prefer", "require"]),
    (
        "target_session_attrs",
        &[
            "any",
            "read-write",
            "read-only",
            "primary",
            "standby",
            "prefer-standby",
        ],
    ),
    ("load_balance_hosts", &["disable", "random"]),
];

/// Where an option's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Conninfo,
    Service,
    Env,
}

/// The option table being filled, like libpq's `PQconninfoOption` array.
#[derive(Default)]
struct Opts(HashMap<&'static str, (String, Origin)>);

impl Opts {
    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|(v, _)| v.as_str())
    }

    /// The value if set and non-empty (libpq treats an empty value like an absent one for
    /// most options once defaults are applied).
    fn nonempty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.is_empty())
    }

    fn origin(&self, name: &str) -> Option<Origin> {
        self.0.get(name).map(|(_, o)| *o)
    }

    fn set_if_unset(&mut self, name: &'static str, value: &str, origin: Origin) {
        self.0
            .entry(name)
            .or_insert_with(|| (value.to_string(), origin));
    }
}

/// Resolve `dsn` (None = empty conninfo) with `ctx`, like libpq's `PQconnectdb` parameter
/// handling: dsn > service file > environment > defaults, then host lists, user/dbname
/// defaults, validation and the per-endpoint password lookup.
pub fn resolve(dsn: Option<&str>, ctx: &Context) -> Result<Resolved> {
    let mut opts = Opts::default();
    for (k, v) in parse(dsn.unwrap_or(""))? {
        if let Some(kw) = keyword(&k) {
            opts.0.insert(kw.name, (v, Origin::Conninfo));
        }
    }

    apply_service(&mut opts, ctx)?;

    // libpq's conninfo_add_defaults: a variable set to "" is set. The deprecated
    // PGREQUIRESSL=1 (a value starting with 1) means sslmode=require when nothing
    // else set sslmode.
    let mut sslmode_defaulted = false;
    for kw in KEYWORDS {
        if opts.get(kw.name).is_some() {
            continue;
        }
        if let Some(value) = kw.env.and_then(|e| ctx.raw_var(e)) {
            opts.set_if_unset(kw.name, value, Origin::Env);
        } else if kw.name == "sslmode" {
            if ctx
                .raw_var("PGREQUIRESSL")
                .is_some_and(|v| v.starts_with('1'))
            {
                opts.set_if_unset("sslmode", "require", Origin::Env);
            } else {
                sslmode_defaulted = true;
            }
        }
    }

    let mut warnings = Vec::new();

    // sslmode: validated as given; defaults to prefer, or verify-full with sslrootcert=system.
    let sslrootcert_given = opts.nonempty("sslrootcert").map(str::to_string);
    let system_roots = sslrootcert_given.as_deref() == Some("system");
    let sslmode = match opts.get("sslmode") {
        Some(s) => s.parse::<SslMode>()?,
        None if sslmode_defaulted && system_roots => SslMode::VerifyFull,
        None => SslMode::default(),
    };
    if system_roots && sslmode != SslMode::VerifyFull {
        bail!(
            "weak sslmode \"{sslmode}\" may not be used with sslrootcert=system (use \"verify-full\")"
        );
    }
    for (name, allowed) in ENUMERATED {
        if let Some(v) = opts.get(name) {
            if !allowed.contains(&v) {
                bail!("invalid {name} value: \"{v}\"");
            }
        }
    }
    refuse_unsupported(&opts, ctx)?;
    let tls = tls_settings(&opts, sslmode)?;
    let channel_binding = match opts.get("channel_binding") {
        Some("disable") => ChannelBinding::Disable,
        Some("require") => ChannelBinding::Require,
        _ => ChannelBinding::Prefer,
    };
    let target_session_attrs = opts
        .get("target_session_attrs")
        .and_then(SessionAttrs::parse)
        .unwrap_or_default();
    let load_balance = opts.get("load_balance_hosts") == Some("random");

    let connect_timeout = match opts.get("connect_timeout") {
        None => None,
        Some(raw) => {
            let secs = parse_c_int(raw).ok_or_else(|| {
                anyhow!("invalid integer value \"{raw}\" for connection option \"connect_timeout\"")
            })?;
            match secs {
                s if s <= 0 => None,
                1 => Some(Duration::from_secs(2)),
                s => Some(Duration::from_secs(s.unsigned_abs())),
            }
        }
    };

    let user = match opts.nonempty("user") {
        Some(u) => u.to_string(),
        None if !ctx.os_user.is_empty() => ctx.os_user.clone(),
        None => bail!("could not determine the user name: none given and the OS user is unknown"),
    };
    let dbname = opts.nonempty("dbname").unwrap_or(&user).to_string();

    let slots = host_slots(&opts, ctx)?;

    // Passwords: explicit (dsn or service) or PGPASSWORD, else the password file.
    let mut endpoints = Vec::with_capacity(slots.len());
    let explicit = opts.nonempty("password").map(|p| {
        let source = match opts.origin("password") {
            Some(Origin::Service) => PasswordSource::Service,
            Some(Origin::Env) => PasswordSource::Env,
            _ => PasswordSource::Conninfo,
        };
        (Secret::new(p), source)
    });
    let passfile = match (&explicit, opts.nonempty("passfile")) {
        (Some(_), _) => None,
        (None, Some(p)) => Some(PathBuf::from(p)),
        (None, None) => ctx.home.as_ref().map(|h| h.join(".pgpass")),
    };
    let passfile_lines = match &passfile {
        Some(path) => read_passfile(path, &mut warnings),
        None => None,
    };
    for slot in slots {
        let (password, password_source) = match (&explicit, &passfile_lines, &passfile) {
            (Some((secret, source)), _, _) => (Some(secret.clone()), source.clone()),
            (None, Some(lines), Some(path)) => {
                let lookup_host = pgpass_host(&slot, ctx);
                match pgpass_lookup(lines, &lookup_host, &slot.port_text, &dbname, &user) {
                    Some(pw) if !pw.is_empty() => {
                        (Some(Secret(pw)), PasswordSource::Passfile(path.clone()))
                    }
                    _ => (None, PasswordSource::None),
                }
            }
            _ => (None, PasswordSource::None),
        };
        endpoints.push(Endpoint {
            host: slot.host,
            hostaddr: slot.hostaddr,
            port: slot.port,
            password,
            password_source,
        });
    }

    let home_file = |name: &str| -> Option<PathBuf> {
        let path = ctx.home.as_ref()?.join(".postgresql").join(name);
        path.exists().then_some(path)
    };
    let sslrootcert = sslrootcert_given
        .or_else(|| home_file("root.crt").map(|p| p.to_string_lossy().into_owned()));
    let sslcert = opts
        .nonempty("sslcert")
        .map(PathBuf::from)
        .or_else(|| home_file("postgresql.crt"));
    let sslkey = opts
        .nonempty("sslkey")
        .map(PathBuf::from)
        .or_else(|| home_file("postgresql.key"));

    let owned = |name: &str| opts.nonempty(name).map(str::to_string);
    let extra = KEYWORDS
        .iter()
        .filter(|k| !DEDICATED.contains(&k.name))
        .filter_map(|k| Some((k.name.to_string(), opts.nonempty(k.name)?.to_string())))
        .collect();

    let params = ConnParams {
        endpoints,
        user,
        dbname,
        sslmode,
        sslrootcert,
        sslcert,
        sslkey,
        connect_timeout,
        application_name: owned("application_name"),
        fallback_application_name: owned("fallback_application_name"),
        options: owned("options"),
        service: opts.get("service").map(str::to_string),
        target_session_attrs,
        channel_binding,
        tls,
        load_balance,
        tcp: TcpSettings::from_opts(&opts)?,
        extra,
    };
    Ok(Resolved { params, warnings })
}

/// A keyword quell cannot honour is refused by name, with where it was set.
fn refuse_unsupported(opts: &Opts, ctx: &Context) -> Result<()> {
    for kw in KEYWORDS {
        let Some(value) = opts.nonempty(kw.name) else {
            continue;
        };
        let from = match opts.origin(kw.name) {
            Some(Origin::Env) => match kw.env {
                Some(var) if ctx.raw_var(var).is_some() => format!(" (from {var})"),
                _ => " (from PGREQUIRESSL)".into(),
            },
            Some(Origin::Service) => " (from the service file)".into(),
            _ => String::new(),
        };
        match kw.support {
            Support::Honoured => {}
            Support::Refused(why) => {
                bail!("{}{from} is not supported by quell: {why}", kw.name)
            }
            Support::Only(values, why) => {
                if !values.iter().any(|v| v.eq_ignore_ascii_case(value)) {
                    let shown = if kw.secret { MASK } else { value };
                    bail!(
                        "{}={shown}{from} is not supported by quell: {why} (it accepts {})",
                        kw.name,
                        values.join(", ")
                    )
                }
            }
        }
    }
    Ok(())
}

/// `ssl_min_protocol_version`, `ssl_max_protocol_version` (validated like libpq; quell
/// speaks TLS 1.2 and 1.3, so a maximum below 1.2 is refused), `sslsni`,
/// `sslcertmode`, `sslnegotiation`.
fn tls_settings(opts: &Opts, sslmode: SslMode) -> Result<TlsSettings> {
    let version = |name: &str, default: Option<TlsVersion>| -> Result<Option<TlsVersion>> {
        match opts.get(name) {
            None => Ok(default),
            Some("") => Ok(None),
            Some(v) => TlsVersion::parse(v)
                .map(Some)
                .ok_or_else(|| anyhow!("invalid {name} value: \"{v}\"")),
        }
    };
    let min = version("ssl_min_protocol_version", Some(TlsVersion::V1_2))?;
    let max = version("ssl_max_protocol_version", None)?;
    if let (Some(lo), Some(hi)) = (min, max) {
        if lo > hi {
            bail!("invalid SSL protocol version range");
        }
    }
    if let Some(hi) = max.filter(|hi| *hi < TlsVersion::V1_2) {
        bail!(
            "ssl_max_protocol_version={} is not supported by quell: it speaks TLS 1.2 and 1.3 only",
            opts.get("ssl_max_protocol_version").unwrap_or(match hi {
                TlsVersion::V1_0 => "TLSv1",
                _ => "TLSv1.1",
            })
        );
    }
    let direct = opts.get("sslnegotiation") == Some("direct");
    if direct && matches!(sslmode, SslMode::Disable | SslMode::Allow | SslMode::Prefer) {
        bail!(
            "weak sslmode \"{sslmode}\" may not be used with sslnegotiation=direct (use \"require\", \"verify-ca\", or \"verify-full\")"
        );
    }
    Ok(TlsSettings {
        min,
        max,
        // libpq: SNI only when the value starts with 1 (the default is "1").
        sni: opts.get("sslsni").is_none_or(|v| v.starts_with('1')),
        no_client_cert: opts.get("sslcertmode") == Some("disable"),
        direct,
    })
}

/// One host slot before password lookup.
struct Slot {
    host: Host,
    hostaddr: Option<IpAddr>,
    /// The `host` element as written, else the `hostaddr` element (libpq's pgpass key).
    given_host: String,
    port: u16,
    /// The port as written (for `.pgpass`), or "5432".
    port_text: String,
}

/// libpq's `connectOptions2` host/hostaddr/port list handling.
fn host_slots(opts: &Opts, ctx: &Context) -> Result<Vec<Slot>> {
    let split = |name: &str| {
        opts.nonempty(name)
            .map(|v| v.split(',').collect::<Vec<_>>())
    };
    let hostaddrs = split("hostaddr");
    let hosts = split("host");
    let ports = split("port");

    let count = match (&hostaddrs, &hosts) {
        (Some(a), _) => a.len(),
        (None, Some(h)) => h.len(),
        (None, None) => 1,
    };
    if let (Some(a), Some(h)) = (&hostaddrs, &hosts) {
        if a.len() != h.len() {
            bail!(
                "could not match {} host names to {} hostaddr values",
                h.len(),
                a.len()
            );
        }
    }
    let ports: Vec<&str> = match ports {
        None => vec![""; count],
        Some(p) if p.len() == 1 => vec![p[0]; count],
        Some(p) if p.len() == count => p,
        Some(p) => bail!(
            "could not match {} port numbers to {} hosts",
            p.len(),
            count
        ),
    };

    let mut slots = Vec::with_capacity(count);
    for (i, port_text) in ports.into_iter().enumerate() {
        let (port, port_text) = if port_text.is_empty() {
            (DEFAULT_PORT, DEFAULT_PORT.to_string())
        } else {
            let port = parse_c_int(port_text)
                .and_then(|p| u16::try_from(p).ok())
                .filter(|p| *p != 0)
                .ok_or_else(|| anyhow!("invalid port number: \"{port_text}\""))?;
            (port, port_text.to_string())
        };
        let addr_text = hostaddrs.as_ref().map(|a| a[i]).filter(|a| !a.is_empty());
        let hostaddr = match addr_text {
            Some(a) => Some(
                a.parse::<IpAddr>()
                    .map_err(|_| anyhow!("could not parse network address \"{a}\""))?,
            ),
            None => None,
        };
        let host_text = hosts.as_ref().map(|h| h[i]).filter(|h| !h.is_empty());
        let host = match (host_text, addr_text) {
            (Some(h), _) if h.starts_with('/') || h.starts_with('@') => {
                Host::Unix(PathBuf::from(h))
            }
            (Some(h), _) => Host::Tcp(h.to_string()),
            (None, Some(a)) => Host::Tcp(a.to_string()),
            (None, None) => Host::Unix(ctx.socket_dir.clone()),
        };
        slots.push(Slot {
            host,
            hostaddr,
            given_host: host_text.or(addr_text).unwrap_or("").to_string(),
            port,
            port_text,
        });
    }
    Ok(slots)
}

/// libpq's `pqParseIntParam`: `strtol` (leading whitespace, optional sign, digits) with
/// only whitespace after, fitting a C int.
fn parse_c_int(s: &str) -> Option<i64> {
    let t = s.trim_matches(is_c_space_char);
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = t.parse().ok()?;
    i32::try_from(n).ok().map(i64::from)
}

/// libpq's `appendConnStrVal`: bare if only `[A-Za-z0-9_.]`, else single-quoted with `'`
/// and `\` escaped.
fn quote_value(v: &str) -> String {
    let plain = !v.is_empty()
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
    if plain {
        return v.to_string();
    }
    let mut out = String::with_capacity(v.len() + 2);
    out.push('\'');
    for c in v.chars() {
        if c == '\'' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

impl ConnParams {
    /// A conninfo string for display: every parameter that is set, in libpq's keyword
    /// order, secrets (`password`, `sslpassword`) shown as `********`, values quoted
    /// libpq-style when needed. It parses back with [`parse()`].
    pub fn redacted(&self) -> String {
        let join = |f: &dyn Fn(&Endpoint) -> String| {
            self.endpoints.iter().map(f).collect::<Vec<_>>().join(",")
        };
        let mut parts = Vec::new();
        for kw in KEYWORDS {
            let value: Option<String> = match kw.name {
                "service" => self.service.clone(),
                "user" => Some(self.user.clone()),
                "password" => self
                    .endpoints
                    .iter()
                    .any(|e| e.password.is_some())
                    .then(String::new),
                "connect_timeout" => self.connect_timeout.map(|d| d.as_secs().to_string()),
                "dbname" => Some(self.dbname.clone()),
                "host" => Some(join(&|e| e.host.display())),
                "hostaddr" => self
                    .endpoints
                    .iter()
                    .any(|e| e.hostaddr.is_some())
                    .then(|| join(&|e| e.hostaddr.map(|a| a.to_string()).unwrap_or_default())),
                "port" => {
                    let first = self.endpoints.first().map(|e| e.port);
                    if self.endpoints.iter().all(|e| Some(e.port) == first) {
                        first.map(|p| p.to_string())
                    } else {
                        Some(join(&|e| e.port.to_string()))
                    }
                }
                "options" => self.options.clone(),
                "application_name" => self.application_name.clone(),
                "fallback_application_name" => self.fallback_application_name.clone(),
                "sslmode" => Some(self.sslmode.as_str().to_string()),
                "sslrootcert" => self.sslrootcert.clone(),
                "sslcert" => self
                    .sslcert
                    .as_ref()
                    .map(|p| p.to_string_lossy().into_owned()),
                "sslkey" => self
                    .sslkey
                    .as_ref()
                    .map(|p| p.to_string_lossy().into_owned()),
                other => self
                    .extra
                    .iter()
                    .find(|(k, _)| k == other)
                    .map(|(_, v)| v.clone()),
            };
            if let Some(value) = value {
                let shown = if kw.secret {
                    MASK.to_string()
                } else {
                    quote_value(&value)
                };
                parts.push(format!("{}={shown}", kw.name));
            }
        }
        parts.join(" ")
    }

    /// Short name for messages: `host:port` (`[v6]:port` for an IPv6 literal) or
    /// `/socket/dir:port` of each endpoint, comma-separated when there are several.
    pub fn describe(&self) -> String {
        self.endpoints
            .iter()
            .map(|e| match &e.host {
                Host::Tcp(h) if h.contains(':') => format!("[{h}]:{}", e.port),
                host => format!("{}:{}", host.display(), e.port),
            })
            .collect::<Vec<_>>()
            .join(",")
    }
}
