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
//! Deliberate differences from libpq, all documented where they apply:
//! - With neither `host` nor `hostaddr`, libpq uses its compiled-in socket directory even if
//!   no server listens there; we pick the first of [`Context::socket_dirs`] that holds the
//!   socket file `.s.PGSQL.<port>`, and fall back to TCP `localhost` when none does.
//! - An environment variable set to the empty string counts as unset.
//! - Error messages name the file and line, and never echo a password or a full URI.
//! - `expand_dbname` (a `dbname` that is itself a conninfo), LDAP service lookups, and the
//!   long-deprecated `requiressl` / `PGREQUIRESSL` are not supported.

use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use anyhow::{anyhow, bail, Result};

/// libpq's default port.
pub const DEFAULT_PORT: u16 = 5432;
/// Debian's compiled-in `SYSCONFDIR` for libpq, used when `PGSYSCONFDIR` is unset.
pub const DEFAULT_SYSCONFDIR: &str = "/etc/postgresql-common";
/// Default unix-socket directories tried, in order, when no host is given.
pub const DEFAULT_SOCKET_DIRS: [&str; 2] = ["/var/run/postgresql", "/tmp"];

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
    /// Default unix-socket directories to try, in order.
    pub socket_dirs: Vec<PathBuf>,
}

impl Context {
    /// Snapshot the real process: environment (variables that are not valid UTF-8 are
    /// skipped), `$HOME` or the passwd home of the effective user, the effective user's
    /// name, `PGSYSCONFDIR` or [`DEFAULT_SYSCONFDIR`], and [`DEFAULT_SOCKET_DIRS`].
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
            socket_dirs: DEFAULT_SOCKET_DIRS.iter().map(PathBuf::from).collect(),
        }
    }

    /// An environment variable; empty counts as unset.
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
    pub target_session_attrs: Option<String>,
    /// Addition: the passphrase for an encrypted `sslkey`.
    pub sslpassword: Option<Secret>,
    /// Addition: every other accepted keyword that ended up set to a non-empty value (from
    /// the dsn, the service file or the environment), e.g. `keepalives_idle`,
    /// `channel_binding`, `passfile`, `sslsni`, in libpq's keyword order.
    pub extra: Vec<(String, String)>,
}

/// The result of [`resolve`].
#[derive(Debug, Clone)]
pub struct Resolved {
    pub params: ConnParams,
    /// Things libpq would print as `WARNING:` on stderr (e.g. an insecure password file).
    pub warnings: Vec<String>,
}

/// How a keyword is treated.
struct Keyword {
    name: &'static str,
    /// The environment variable libpq falls back to.
    env: Option<&'static str>,
    /// Shown as `********` by [`ConnParams::redacted`].
    secret: bool,
}

const fn kw(name: &'static str, env: Option<&'static str>) -> Keyword {
    Keyword {
        name,
        env,
        secret: false,
    }
}

/// libpq's `PQconninfoOptions`, in its order (PostgreSQL 17, plus 18's `servicefile`).
const KEYWORDS: &[Keyword] = &[
    kw("service", Some("PGSERVICE")),
    kw("servicefile", Some("PGSERVICEFILE")),
    kw("user", Some("PGUSER")),
    Keyword {
        name: "password",
        env: Some("PGPASSWORD"),
        secret: true,
    },
    kw("passfile", Some("PGPASSFILE")),
    kw("channel_binding", Some("PGCHANNELBINDING")),
    kw("connect_timeout", Some("PGCONNECT_TIMEOUT")),
    kw("dbname", Some("PGDATABASE")),
    kw("host", Some("PGHOST")),
    kw("hostaddr", Some("PGHOSTADDR")),
    kw("port", Some("PGPORT")),
    kw("client_encoding", Some("PGCLIENTENCODING")),
    kw("options", Some("PGOPTIONS")),
    kw("application_name", Some("PGAPPNAME")),
    kw("fallback_application_name", None),
    kw("keepalives", None),
    kw("keepalives_idle", None),
    kw("keepalives_interval", None),
    kw("keepalives_count", None),
    kw("tcp_user_timeout", None),
    kw("sslmode", Some("PGSSLMODE")),
    kw("sslnegotiation", Some("PGSSLNEGOTIATION")),
    kw("sslcompression", Some("PGSSLCOMPRESSION")),
    kw("sslcert", Some("PGSSLCERT")),
    kw("sslkey", Some("PGSSLKEY")),
    kw("sslcertmode", Some("PGSSLCERTMODE")),
    Keyword {
        name: "sslpassword",
        env: None,
        secret: true,
    },
    kw("sslrootcert", Some("PGSSLROOTCERT")),
    kw("sslcrl", Some("PGSSLCRL")),
    kw("sslcrldir", Some("PGSSLCRLDIR")),
    kw("sslsni", Some("PGSSLSNI")),
    kw("requirepeer", Some("PGREQUIREPEER")),
    kw("require_auth", Some("PGREQUIREAUTH")),
    kw("ssl_min_protocol_version", Some("PGSSLMINPROTOCOLVERSION")),
    kw("ssl_max_protocol_version", Some("PGSSLMAXPROTOCOLVERSION")),
    kw("gssencmode", Some("PGGSSENCMODE")),
    kw("krbsrvname", Some("PGKRBSRVNAME")),
    kw("gsslib", Some("PGGSSLIB")),
    kw("gssdelegation", Some("PGGSSDELEGATION")),
    kw("replication", None),
    kw("target_session_attrs", Some("PGTARGETSESSIONATTRS")),
    kw("load_balance_hosts", Some("PGLOADBALANCEHOSTS")),
];

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
    "sslpassword",
    "sslrootcert",
    "target_session_attrs",
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

fn keyword(name: &str) -> Option<&'static Keyword> {
    KEYWORDS.iter().find(|k| k.name == name)
}

/// C's `isspace` in the C locale.
fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

fn is_c_space_char(c: char) -> bool {
    c.is_ascii() && is_c_space(c as u8)
}

/// Keyword/value pairs in first-seen order; a repeated keyword replaces the earlier value
/// in place (libpq keeps the last value given).
#[derive(Default)]
struct Pairs(Vec<(String, String)>);

impl Pairs {
    fn store(&mut self, key: &str, value: String) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key.to_string(), value)),
        }
    }
}

/// Parse only (no environment, service file or defaults): a `postgres://` /
/// `postgresql://` URL or a `key=value` conninfo. Returns keyword→value pairs in the order
/// first seen; a keyword given twice keeps its first position and its last value (libpq's
/// "later wins"). The URL's `ssl=true` becomes `sslmode=require`, as in libpq. Errors on
/// unknown keywords and on syntax errors.
pub fn parse(dsn: &str) -> Result<Vec<(String, String)>> {
    let pairs = match uri_prefix_len(dsn) {
        Some(n) => parse_uri(dsn, n)?,
        None => parse_keyword_value(dsn)?,
    };
    Ok(pairs.0)
}

fn uri_prefix_len(s: &str) -> Option<usize> {
    ["postgresql://", "postgres://"]
        .iter()
        .find(|p| s.starts_with(*p))
        .map(|p| p.len())
}

/// libpq's `conninfo_parse`.
fn parse_keyword_value(s: &str) -> Result<Pairs> {
    let b = s.as_bytes();
    let mut out = Pairs::default();
    let mut i = 0;
    // The secret keyword whose unquoted value came just before (its spill-over must not be
    // echoed in an error: `password=two words` would otherwise print "words").
    let mut after_secret: Option<&str> = None;
    while i < b.len() {
        if is_c_space(b[i]) {
            i += 1;
            continue;
        }
        let name_start = i;
        while i < b.len() && b[i] != b'=' && !is_c_space(b[i]) {
            i += 1;
        }
        let name = &s[name_start..i];
        let shown = || safe_name(name, after_secret);
        while i < b.len() && is_c_space(b[i]) {
            i += 1;
        }
        if i >= b.len() || b[i] != b'=' {
            bail!("missing \"=\" after {} in connection info string", shown());
        }
        i += 1;
        while i < b.len() && is_c_space(b[i]) {
            i += 1;
        }
        let mut value = Vec::new();
        let quoted = i < b.len() && b[i] == b'\'';
        if quoted {
            i += 1;
            loop {
                match b.get(i) {
                    None => bail!("unterminated quoted string in connection info string"),
                    Some(b'\\') => {
                        i += 1;
                        if let Some(&c) = b.get(i) {
                            value.push(c);
                            i += 1;
                        }
                    }
                    Some(b'\'') => {
                        i += 1;
                        break;
                    }
                    Some(&c) => {
                        value.push(c);
                        i += 1;
                    }
                }
            }
        } else {
            while let Some(&c) = b.get(i) {
                i += 1;
                if is_c_space(c) {
                    break;
                }
                if c == b'\\' {
                    if let Some(&e) = b.get(i) {
                        value.push(e);
                        i += 1;
                    }
                } else {
                    value.push(c);
                }
            }
        }
        let Some(kw) = keyword(name) else {
            bail!("invalid connection option {}", shown());
        };
        let value = String::from_utf8(value)
            .map_err(|_| anyhow!("value of connection option \"{name}\" is not valid UTF-8"))?;
        out.store(name, value);
        after_secret = (kw.secret && !quoted).then_some(kw.name);
    }
    Ok(out)
}

/// A keyword as written, for an error message: quoted, except text that may be part of a
/// secret (what follows an unquoted password, or a URI with credentials that was not
/// recognised as one, e.g. with a leading space or an unknown scheme).
fn safe_name(name: &str, after_secret: Option<&str>) -> String {
    if let Some(secret) = after_secret {
        return format!("the text following the {secret} value (quote values that contain spaces)");
    }
    if let Some(at) = name.find("://") {
        return format!(
            "\"{}://...\" (a URI must start with postgresql:// or postgres://)",
            &name[..at]
        );
    }
    format!("\"{name}\"")
}

/// libpq's `conninfo_uri_parse_options`:
/// `postgresql://[user[:password]@][netloc][:port][,...][/dbname][?param1=value1&...]`.
fn parse_uri(uri: &str, prefix_len: usize) -> Result<Pairs> {
    let b = uri.as_bytes();
    let len = b.len();
    let mut out = Pairs::default();
    let start = prefix_len;
    let mut p = start;

    // Look ahead for a user-credentials designator (libpq stops only at '@' or '/').
    let mut at = start;
    while at < len && b[at] != b'@' && b[at] != b'/' {
        at += 1;
    }
    if at < len && b[at] == b'@' {
        let mut u = start;
        while b[u] != b':' && b[u] != b'@' {
            u += 1;
        }
        let user = &uri[start..u];
        if !user.is_empty() {
            out.store("user", uri_decode(user, "user name")?);
        }
        if b[u] == b':' {
            let password = &uri[u + 1..at];
            if !password.is_empty() {
                out.store("password", uri_decode(password, SECRET)?);
            }
        }
        p = at + 1;
    }

    // One or more netloc[:port] separated by commas.
    let mut hosts = String::new();
    let mut ports = String::new();
    let mut prev: Option<u8>;
    loop {
        let host;
        if p < len && b[p] == b'[' {
            let host_start = p + 1;
            let mut e = host_start;
            while e < len && b[e] != b']' {
                e += 1;
            }
            if e >= len {
                bail!("invalid URI: missing \"]\" after IPv6 host address");
            }
            if e == host_start {
                bail!("invalid URI: IPv6 host address may not be empty");
            }
            host = &uri[host_start..e];
            p = e + 1;
            if p < len && !matches!(b[p], b':' | b'/' | b'?' | b',') {
                let c = uri[p..].chars().next().unwrap_or('?');
                bail!(
                    "invalid URI: unexpected character \"{c}\" at position {} (expected \":\" or \"/\")",
                    p + 1
                );
            }
        } else {
            let host_start = p;
            while p < len && !matches!(b[p], b':' | b'/' | b'?' | b',') {
                p += 1;
            }
            host = &uri[host_start..p];
        }
        prev = b.get(p).copied();
        hosts.push_str(host);
        if prev == Some(b':') {
            p += 1;
            let port_start = p;
            while p < len && !matches!(b[p], b'/' | b'?' | b',') {
                p += 1;
            }
            ports.push_str(&uri[port_start..p]);
            prev = b.get(p).copied();
        }
        if prev != Some(b',') {
            break;
        }
        p += 1;
        hosts.push(',');
        ports.push(',');
    }
    if !hosts.is_empty() {
        out.store("host", uri_decode(&hosts, "host")?);
    }
    if !ports.is_empty() {
        out.store("port", uri_decode(&ports, "port")?);
    }

    if prev.is_some() && prev != Some(b'?') {
        // prev is '/': a database name follows.
        p += 1;
        let db_start = p;
        while p < len && b[p] != b'?' {
            p += 1;
        }
        prev = b.get(p).copied();
        let dbname = &uri[db_start..p];
        // An empty dbname is not stored, so PGDATABASE still applies (libpq).
        if !dbname.is_empty() {
            out.store("dbname", uri_decode(dbname, "database name")?);
        }
    }

    if prev.is_some() {
        parse_uri_params(&uri[p + 1..], &mut out)?;
    }
    Ok(out)
}

/// libpq's `conninfo_uri_parse_params`.
fn parse_uri_params(mut rest: &str, out: &mut Pairs) -> Result<()> {
    let mut after_secret = None;
    while !rest.is_empty() {
        let (segment, next) = match rest.find('&') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        let Some((raw_key, raw_value)) = segment.split_once('=') else {
            bail!(
                "invalid URI: missing key/value separator \"=\" in query parameter {}",
                safe_name(segment, after_secret)
            );
        };
        if raw_value.contains('=') {
            bail!("invalid URI: extra key/value separator \"=\" in query parameter \"{raw_key}\"");
        }
        let key = uri_decode(raw_key, "query parameter name")?;
        let what = match keyword(&key) {
            Some(k) if k.secret => SECRET,
            _ => "query parameter value",
        };
        let value = uri_decode(raw_value, what)?;
        if key == "ssl" && value == "true" {
            // JDBC compatibility, as in libpq.
            out.store("sslmode", "require".to_string());
        } else if keyword(&key).is_none() {
            bail!(
                "invalid URI: invalid connection option {}",
                safe_name(&key, after_secret)
            );
        } else {
            out.store(&key, value);
        }
        after_secret = keyword(&key).filter(|k| k.secret).map(|k| k.name);
        rest = next;
    }
    Ok(())
}

/// [`uri_decode`]'s name for a secret component, whose text is never echoed.
const SECRET: &str = "password";

/// libpq's `conninfo_uri_decode`: `%XX` escapes, `+` is not special, `%00` is forbidden.
/// `what` names the component for errors; the bad token is shown unless it is [`SECRET`].
fn uri_decode(s: &str, what: &str) -> Result<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'%' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        let hex = |c: Option<&u8>| c.and_then(|c| (*c as char).to_digit(16));
        match (hex(b.get(i + 1)), hex(b.get(i + 2))) {
            (Some(hi), Some(lo)) => {
                let byte = (hi * 16 + lo) as u8;
                if byte == 0 {
                    bail!("invalid URI: forbidden value %00 in percent-encoded {what}");
                }
                out.push(byte);
                i += 3;
            }
            _ => {
                if what == SECRET {
                    bail!("invalid URI: invalid percent-encoded token in {what}");
                }
                let token: String = s[i..].chars().take(3).collect();
                bail!("invalid URI: invalid percent-encoded token in {what}: \"{token}\"");
            }
        }
    }
    String::from_utf8(out)
        .map_err(|_| anyhow!("invalid URI: percent-decoded {what} is not valid UTF-8"))
}

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

    let mut sslmode_defaulted = false;
    for kw in KEYWORDS {
        if opts.get(kw.name).is_some() {
            continue;
        }
        if let Some(value) = kw.env.and_then(|e| ctx.var(e)) {
            opts.set_if_unset(kw.name, value, Origin::Env);
        } else if kw.name == "sslmode" {
            sslmode_defaulted = true;
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
        target_session_attrs: owned("target_session_attrs"),
        sslpassword: opts.nonempty("sslpassword").map(Secret::new),
        extra,
    };
    Ok(Resolved { params, warnings })
}

/// libpq's `parseServiceInfo`: find the service's section and fill unset options from it.
fn apply_service(opts: &mut Opts, ctx: &Context) -> Result<()> {
    let service = match opts.get("service") {
        Some(s) => s.to_string(),
        None => match ctx.var("PGSERVICE") {
            Some(s) => s.to_string(),
            None => return Ok(()),
        },
    };

    // First file: servicefile= (PostgreSQL 18), else PGSERVICEFILE (must exist), else
    // ~/.pg_service.conf (if it exists).
    let first = match opts
        .nonempty("servicefile")
        .or_else(|| ctx.var("PGSERVICEFILE"))
    {
        Some(explicit) => {
            let path = PathBuf::from(explicit);
            if !path.exists() {
                bail!("service file {} not found", path.display());
            }
            Some(path)
        }
        None => ctx
            .home
            .as_ref()
            .map(|h| h.join(".pg_service.conf"))
            .filter(|p| p.exists()),
    };
    if let Some(path) = first {
        if apply_service_file(&path, &service, opts)? {
            return Ok(());
        }
    }
    if let Some(dir) = &ctx.sysconfdir {
        let path = dir.join("pg_service.conf");
        if path.exists() && apply_service_file(&path, &service, opts)? {
            return Ok(());
        }
    }
    bail!("definition of service \"{service}\" not found")
}

/// libpq's `parseServiceFile`. Returns whether the section was found. Only lines inside
/// the wanted section are checked; the first section of that name wins; keys and values are
/// not trimmed around `=` (libpq: `host = x` is an error).
fn apply_service_file(path: &Path, service: &str, opts: &mut Opts) -> Result<bool> {
    let bytes = std::fs::read(path)
        .map_err(|e| anyhow!("could not read service file {}: {e}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let mut found = false;
    for (index, raw) in text.split('\n').enumerate() {
        let lineno = index + 1;
        let line = raw.trim_matches(is_c_space_char);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            if found {
                return Ok(true);
            }
            found = rest
                .strip_prefix(service)
                .is_some_and(|r| r.starts_with(']'));
            continue;
        }
        if !found {
            continue;
        }
        let here = || format!("service file {}:{lineno}", path.display());
        let Some((key, value)) = line.split_once('=') else {
            bail!("{}: syntax error, expected key=value", here());
        };
        if key == "service" || key == "servicefile" {
            bail!("{}: nested service specifications not supported", here());
        }
        let Some(kw) = keyword(key) else {
            bail!("{}: invalid connection option \"{key}\"", here());
        };
        opts.set_if_unset(kw.name, value, Origin::Service);
    }
    Ok(found)
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
            (None, None) => default_host(ctx, port),
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

/// The first default socket directory holding `.s.PGSQL.<port>`, else TCP `localhost`.
/// (libpq uses its compiled-in socket directory unconditionally.)
fn default_host(ctx: &Context, port: u16) -> Host {
    let socket = format!(".s.PGSQL.{port}");
    ctx.socket_dirs
        .iter()
        .find(|d| d.join(&socket).exists())
        .map_or_else(|| Host::Tcp("localhost".into()), |d| Host::Unix(d.clone()))
}

/// The host key libpq matches against `.pgpass`: the host as given (or hostaddr);
/// `localhost` for no host and for a default socket directory.
fn pgpass_host(slot: &Slot, ctx: &Context) -> String {
    if slot.given_host.is_empty() {
        return "localhost".into();
    }
    if let Host::Unix(dir) = &slot.host {
        if ctx.socket_dirs.iter().any(|d| d == dir) {
            return "localhost".into();
        }
    }
    slot.given_host.clone()
}

/// Read a password file's lines, or None (with a warning where libpq prints one) when it
/// must be ignored.
fn read_passfile(path: &Path, warnings: &mut Vec<String>) -> Option<Vec<String>> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        warnings.push(format!(
            "password file \"{}\" is not a plain file",
            path.display()
        ));
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            warnings.push(format!(
                "password file \"{}\" has group or world access; permissions should be u=rw (0600) or less",
                path.display()
            ));
            return None;
        }
    }
    let bytes = std::fs::read(path).ok()?;
    Some(
        bytes
            .split(|b| *b == b'\n')
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .collect(),
    )
}

/// libpq's `passwordFromFile` matching loop: the first matching line's password.
fn pgpass_lookup(
    lines: &[String],
    host: &str,
    port: &str,
    dbname: &str,
    user: &str,
) -> Option<String> {
    for line in lines {
        if line.starts_with('#') {
            continue;
        }
        let line = line.trim_end_matches(['\r', '\n']).as_bytes();
        if line.is_empty() {
            continue;
        }
        let rest = [host, port, dbname, user]
            .iter()
            .try_fold(line, |rest, token| pgpass_field(rest, token.as_bytes()));
        if let Some(rest) = rest {
            let mut out = Vec::new();
            let mut i = 0;
            while i < rest.len() && rest[i] != b':' {
                if rest[i] == b'\\' && i + 1 < rest.len() {
                    i += 1;
                }
                out.push(rest[i]);
                i += 1;
            }
            return Some(String::from_utf8_lossy(&out).into_owned());
        }
    }
    None
}

/// libpq's `pwdfMatchesString`: match one `:`-terminated field against `token`, returning
/// the rest of the line. A field that is exactly `*` matches anything; `\` escapes.
fn pgpass_field<'a>(line: &'a [u8], token: &[u8]) -> Option<&'a [u8]> {
    if line.starts_with(b"*:") {
        return Some(&line[2..]);
    }
    let (mut i, mut t) = (0, 0);
    while i < line.len() {
        let mut escaped = false;
        if line[i] == b'\\' {
            i += 1;
            escaped = true;
        }
        let c = line.get(i).copied();
        if c == Some(b':') && t == token.len() && !escaped {
            return Some(&line[i + 1..]);
        }
        if t == token.len() || c != Some(token[t]) {
            return None;
        }
        i += 1;
        t += 1;
    }
    None
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
    /// libpq-style when needed. It parses back with [`parse`].
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
                "sslpassword" => self.sslpassword.as_ref().map(|_| String::new()),
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
                "target_session_attrs" => self.target_session_attrs.clone(),
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    /// A hand-built context over a temp dir: home/, etc/ (sysconfdir), and two empty
    /// socket dirs; OS user "osuser"; empty environment.
    struct Fixture {
        dir: tempfile::TempDir,
        ctx: Context,
    }

    impl Fixture {
        fn new() -> Fixture {
            let dir = tempfile::tempdir().unwrap();
            for sub in ["home", "etc", "run", "tmp"] {
                fs::create_dir(dir.path().join(sub)).unwrap();
            }
            let ctx = Context {
                env: HashMap::new(),
                home: Some(dir.path().join("home")),
                os_user: "osuser".into(),
                sysconfdir: Some(dir.path().join("etc")),
                socket_dirs: vec![dir.path().join("run"), dir.path().join("tmp")],
            };
            Fixture { dir, ctx }
        }

        fn path(&self, rel: &str) -> PathBuf {
            self.dir.path().join(rel)
        }

        /// Write `rel` (relative to the temp dir) with `mode`.
        fn write(&self, rel: &str, content: &str, mode: u32) -> PathBuf {
            let path = self.path(rel);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).unwrap();
            }
            fs::write(&path, content).unwrap();
            fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
            path
        }

        fn env(mut self, vars: &[(&str, &str)]) -> Fixture {
            for (k, v) in vars {
                self.ctx.env.insert(k.to_string(), v.to_string());
            }
            self
        }

        fn resolve(&self, dsn: &str) -> Result<Resolved> {
            resolve(Some(dsn), &self.ctx)
        }

        fn params(&self, dsn: &str) -> ConnParams {
            match self.resolve(dsn) {
                Ok(r) => r.params,
                Err(e) => panic!("resolve({dsn:?}) failed: {e:#}"),
            }
        }

        fn error(&self, dsn: &str) -> String {
            match self.resolve(dsn) {
                Ok(r) => panic!("resolve({dsn:?}) succeeded: {:?}", r.params),
                Err(e) => format!("{e:#}"),
            }
        }
    }

    /// Environment variables or files: (name, value) pairs.
    type Vars = &'static [(&'static str, &'static str)];

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn tcp(h: &str) -> Host {
        Host::Tcp(h.into())
    }

    fn hosts(p: &ConnParams) -> Vec<(Host, u16)> {
        p.endpoints
            .iter()
            .map(|e| (e.host.clone(), e.port))
            .collect()
    }

    fn password(p: &ConnParams) -> Option<&str> {
        p.endpoints[0].password.as_ref().map(Secret::expose)
    }

    #[test]
    fn parse_urls() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("postgres://", &[]),
            ("postgresql://", &[]),
            ("postgresql://db.example.com", &[("host", "db.example.com")]),
            (
                "postgresql://alice:s3cret@db:6432/app",
                &[
                    ("user", "alice"),
                    ("password", "s3cret"),
                    ("host", "db"),
                    ("port", "6432"),
                    ("dbname", "app"),
                ],
            ),
            (
                "postgresql://alice@db",
                &[("user", "alice"), ("host", "db")],
            ),
            // Empty user and password are not stored; the password may contain ':'.
            ("postgresql://:@db", &[("host", "db")]),
            (
                "postgresql://u:a:b@db",
                &[("user", "u"), ("password", "a:b"), ("host", "db")],
            ),
            (
                "postgresql://al%40ice:p%40ss%2Fw%3Ard@h",
                &[("user", "al@ice"), ("password", "p@ss/w:rd"), ("host", "h")],
            ),
            // '+' is not a space in libpq's decoding.
            ("postgresql:///a+b%20c", &[("dbname", "a+b c")]),
            ("postgresql:///db", &[("dbname", "db")]),
            ("postgresql://h/", &[("host", "h")]),
            ("postgresql://:5433", &[("port", "5433")]),
            (
                "postgresql://[::1]:5433/db",
                &[("host", "::1"), ("port", "5433"), ("dbname", "db")],
            ),
            ("postgresql://[2001:db8::7]", &[("host", "2001:db8::7")]),
            (
                "postgresql://%2Ftmp%2Fsock/db",
                &[("host", "/tmp/sock"), ("dbname", "db")],
            ),
            (
                "postgresql:///db?host=/var/run/postgresql",
                &[("dbname", "db"), ("host", "/var/run/postgresql")],
            ),
            (
                "postgresql://?host=%2Fvar%2Frun%2Fpostgresql&port=5433",
                &[("host", "/var/run/postgresql"), ("port", "5433")],
            ),
            (
                "postgresql://a:1,b:2,[::1]:3/db",
                &[("host", "a,b,::1"), ("port", "1,2,3"), ("dbname", "db")],
            ),
            // A host without a port leaves an empty port element (default).
            ("postgresql://a:1,b", &[("host", "a,b"), ("port", "1,")]),
            ("postgresql://a,b", &[("host", "a,b"), ("port", ",")]),
            // Query parameters override earlier components, in place.
            (
                "postgresql://u@h:1/db?user=v&port=2&dbname=other",
                &[
                    ("user", "v"),
                    ("host", "h"),
                    ("port", "2"),
                    ("dbname", "other"),
                ],
            ),
            (
                "postgresql://h?sslmode=verify-full&application_name=my%20app&connect_timeout=10",
                &[
                    ("host", "h"),
                    ("sslmode", "verify-full"),
                    ("application_name", "my app"),
                    ("connect_timeout", "10"),
                ],
            ),
            (
                "postgresql://h?ssl=true",
                &[("host", "h"), ("sslmode", "require")],
            ),
            (
                "postgresql://h?keepalives_idle=30&",
                &[("host", "h"), ("keepalives_idle", "30")],
            ),
            // libpq's look-ahead for '@' stops only at '/', so this is user "h?x".
            (
                "postgresql://h?x@y/db",
                &[("user", "h?x"), ("host", "y"), ("dbname", "db")],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(parse(input).unwrap(), pairs(want), "input {input:?}");
        }
    }

    #[test]
    fn parse_keyword_values() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("", &[]),
            ("   \t\n", &[]),
            ("host=h", &[("host", "h")]),
            (
                "host = h  port =5433 dbname= db",
                &[("host", "h"), ("port", "5433"), ("dbname", "db")],
            ),
            (
                r"password='it\'s a \\ test'",
                &[("password", r"it's a \ test")],
            ),
            (
                "application_name='a b  c'",
                &[("application_name", "a b  c")],
            ),
            (
                "options='-c search_path=x'",
                &[("options", "-c search_path=x")],
            ),
            ("password=''", &[("password", "")]),
            (r"password=a\ b\\c\'d", &[("password", r"a b\c'd")]),
            ("host=a=b", &[("host", "a=b")]),
            ("host=a host=b", &[("host", "b")]),
            ("host='x'port=1", &[("host", "x"), ("port", "1")]),
            (
                "sslrootcert=system sslsni=1 krbsrvname=pg require_auth=scram-sha-256",
                &[
                    ("sslrootcert", "system"),
                    ("sslsni", "1"),
                    ("krbsrvname", "pg"),
                    ("require_auth", "scram-sha-256"),
                ],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(parse(input).unwrap(), pairs(want), "input {input:?}");
        }
    }

    #[test]
    fn parse_accepts_every_documented_keyword() {
        let all = "host hostaddr port dbname user password passfile connect_timeout \
            application_name fallback_application_name options sslmode sslrootcert sslcert \
            sslkey sslpassword service target_session_attrs keepalives keepalives_idle \
            keepalives_interval keepalives_count tcp_user_timeout client_encoding \
            channel_binding gssencmode sslcompression sslsni sslcrl require_auth \
            load_balance_hosts requirepeer krbsrvname";
        for name in all.split_whitespace() {
            let got = parse(&format!("{name}=v")).unwrap();
            assert_eq!(got, pairs(&[(name, "v")]), "keyword {name}");
            let got = parse(&format!("postgresql://?{name}=v")).unwrap();
            assert_eq!(got, pairs(&[(name, "v")]), "URI keyword {name}");
        }
    }

    #[test]
    fn parse_errors() {
        let cases: &[(&str, &str)] = &[
            ("hots=x", "invalid connection option \"hots\""),
            ("host=x bogus=1", "invalid connection option \"bogus\""),
            ("=x", "invalid connection option \"\""),
            (
                "host",
                "missing \"=\" after \"host\" in connection info string",
            ),
            ("host x", "missing \"=\" after \"host\""),
            ("password='abc", "unterminated quoted string"),
            // A quote ends the value; SQL-style doubling is not an escape.
            ("password='it''s'", "missing \"=\" after \"'s'\""),
            (
                "postgresql://h?hots=x",
                "invalid URI: invalid connection option \"hots\"",
            ),
            (
                "postgresql://h?ssl=false",
                "invalid connection option \"ssl\"",
            ),
            (
                "postgresql://h?host",
                "invalid URI: missing key/value separator \"=\"",
            ),
            (
                "postgresql://h?a=b=c",
                "invalid URI: extra key/value separator \"=\"",
            ),
            ("postgresql://h?&host=x", "missing key/value separator"),
            ("postgresql://[::1", "invalid URI: missing \"]\""),
            (
                "postgresql://[]/db",
                "invalid URI: IPv6 host address may not be empty",
            ),
            (
                "postgresql://[::1]x/db",
                "invalid URI: unexpected character \"x\" at position 19",
            ),
            (
                "postgresql://h/d%zzb",
                "invalid URI: invalid percent-encoded token in database name: \"%zz\"",
            ),
            ("postgresql://h/db%4", "invalid percent-encoded token"),
            ("postgresql://h/d%00b", "invalid URI: forbidden value %00"),
        ];
        for (input, want) in cases {
            let err = format!("{:#}", parse(input).unwrap_err());
            assert!(
                err.contains(want),
                "input {input:?}: got {err:?}, want {want:?}"
            );
        }
    }

    #[test]
    fn errors_do_not_echo_passwords() {
        let cases: &[(&str, &str)] = &[
            (
                "postgresql://u:hunter2@h/db?hots=1",
                "invalid connection option \"hots\"",
            ),
            (
                "postgresql://u:hunt%zzer2@h/db",
                "invalid percent-encoded token in password",
            ),
            (
                "postgresql://u:hunter%002@h/db",
                "forbidden value %00 in percent-encoded password",
            ),
            (
                "postgresql://h/db?password=hunt%zzer2",
                "invalid percent-encoded token in password",
            ),
            // An unencoded '&' inside a password.
            (
                "postgresql://h/db?password=hunt&er2",
                "text following the password value",
            ),
            (
                "postgresql://h/db?password=hunt&er2=x",
                "text following the password value",
            ),
            // Unquoted spaces in a password.
            (
                "host=h password=hunt er2",
                "missing \"=\" after the text following the password value",
            ),
            (
                "password=hunt er2=x",
                "invalid connection option the text following the password",
            ),
            ("sslpassword=hunt er2", "following the sslpassword value"),
            // Not recognised as a URI: no leading space allowed, scheme is case-sensitive.
            (
                " postgresql://u:hunter2@h/db?sslmode=require",
                "\"postgresql://...\" (a URI must start with",
            ),
            ("PostgreSQL://u:hunter2@h/db", "\"PostgreSQL://...\""),
            (
                "jdbc:postgresql://u:hunter2@h/db",
                "\"jdbc:postgresql://...\"",
            ),
        ];
        for (dsn, want) in cases {
            let err = format!("{:#}", parse(dsn).unwrap_err());
            assert!(!err.contains("er2"), "dsn {dsn:?}: {err}");
            assert!(
                err.contains(want),
                "dsn {dsn:?}: got {err:?}, want {want:?}"
            );
        }
        // Quoted, the text after a password is an ordinary keyword again.
        let err = format!("{:#}", parse("password='a b' hots=1").unwrap_err());
        assert!(err.contains("invalid connection option \"hots\""), "{err}");
    }

    #[test]
    fn defaults() {
        let fx = Fixture::new();
        let p = fx.params("");
        assert_eq!(hosts(&p), vec![(tcp("localhost"), 5432)]);
        assert_eq!(p.user, "osuser");
        assert_eq!(p.dbname, "osuser");
        assert_eq!(p.sslmode, SslMode::Prefer);
        assert_eq!(p.sslrootcert, None);
        assert_eq!(p.sslcert, None);
        assert_eq!(p.sslkey, None);
        assert_eq!(p.connect_timeout, None);
        assert_eq!(p.application_name, None);
        assert_eq!(p.service, None);
        assert_eq!(p.endpoints[0].hostaddr, None);
        assert_eq!(p.endpoints[0].password, None);
        assert_eq!(p.endpoints[0].password_source, PasswordSource::None);
        assert!(p.extra.is_empty(), "{:?}", p.extra);
        // None is the same as the empty conninfo.
        assert_eq!(resolve(None, &fx.ctx).unwrap().params, p);
        // dbname defaults to the resolved user, not the OS user.
        assert_eq!(fx.params("user=bob").dbname, "bob");
        // Explicit empty values fall back to the defaults.
        let p = fx.params("host='' port='' user='' dbname=''");
        assert_eq!(hosts(&p), vec![(tcp("localhost"), 5432)]);
        assert_eq!((p.user.as_str(), p.dbname.as_str()), ("osuser", "osuser"));
    }

    #[test]
    fn unknown_os_user_without_user_is_an_error() {
        let mut fx = Fixture::new();
        fx.ctx.os_user.clear();
        assert!(fx.error("").contains("could not determine the user name"));
        assert_eq!(fx.params("user=u").user, "u");
    }

    #[test]
    fn default_host_socket_detection() {
        let fx = Fixture::new();
        // No socket anywhere: TCP localhost.
        assert_eq!(hosts(&fx.params("")), vec![(tcp("localhost"), 5432)]);
        // A socket for another port does not count.
        fx.write("tmp/.s.PGSQL.5433", "", 0o600);
        assert_eq!(hosts(&fx.params("")), vec![(tcp("localhost"), 5432)]);
        assert_eq!(
            hosts(&fx.params("port=5433")),
            vec![(Host::Unix(fx.path("tmp")), 5433)]
        );
        // Second dir only, then both: the first listed wins.
        fx.write("tmp/.s.PGSQL.5432", "", 0o600);
        assert_eq!(
            hosts(&fx.params("")),
            vec![(Host::Unix(fx.path("tmp")), 5432)]
        );
        fx.write("run/.s.PGSQL.5432", "", 0o600);
        assert_eq!(
            hosts(&fx.params("")),
            vec![(Host::Unix(fx.path("run")), 5432)]
        );
        // Per endpoint: an empty element in a host list gets the default too.
        assert_eq!(
            hosts(&fx.params("host=a,,b port=5432,5433,5432")),
            vec![
                (tcp("a"), 5432),
                (Host::Unix(fx.path("tmp")), 5433),
                (tcp("b"), 5432)
            ]
        );
        // hostaddr alone means no default socket.
        let p = fx.params("hostaddr=10.0.0.1");
        assert_eq!(hosts(&p), vec![(tcp("10.0.0.1"), 5432)]);
    }

    #[test]
    fn hosts_and_sockets() {
        let fx = Fixture::new();
        let cases: &[(&str, &[(&str, u16)])] = &[
            ("host=db", &[("db", 5432)]),
            ("host=/var/run/postgresql", &[("/var/run/postgresql", 5432)]),
            ("host=@abstract", &[("@abstract", 5432)]),
            ("postgresql://%2Ftmp%2Fsock:5433/db", &[("/tmp/sock", 5433)]),
            (
                "postgresql:///db?host=/var/run/postgresql",
                &[("/var/run/postgresql", 5432)],
            ),
            ("postgresql://[::1]:6000", &[("::1", 6000)]),
            ("host=a,b port=5432,5433", &[("a", 5432), ("b", 5433)]),
            (
                "host=a,b,c port=6000",
                &[("a", 6000), ("b", 6000), ("c", 6000)],
            ),
            ("host=a,b port=,5433", &[("a", 5432), ("b", 5433)]),
            (
                "postgresql://a:1,%2Ftmp,[::1]:3",
                &[("a", 1), ("/tmp", 5432), ("::1", 3)],
            ),
            ("host=a,/tmp", &[("a", 5432), ("/tmp", 5432)]),
        ];
        for (dsn, want) in cases {
            let want: Vec<(Host, u16)> = want
                .iter()
                .map(|(h, p)| {
                    let host = if h.starts_with('/') || h.starts_with('@') {
                        Host::Unix(PathBuf::from(h))
                    } else {
                        tcp(h)
                    };
                    (host, *p)
                })
                .collect();
            assert_eq!(hosts(&fx.params(dsn)), want, "dsn {dsn:?}");
        }
    }

    #[test]
    fn hostaddr_lists() {
        let fx = Fixture::new();
        let p = fx.params("host=a,b hostaddr=10.0.0.1,::1 port=1,2");
        let got: Vec<_> = p
            .endpoints
            .iter()
            .map(|e| (e.host.clone(), e.hostaddr, e.port))
            .collect();
        assert_eq!(
            got,
            vec![
                (tcp("a"), Some("10.0.0.1".parse::<IpAddr>().unwrap()), 1),
                (tcp("b"), Some("::1".parse::<IpAddr>().unwrap()), 2),
            ]
        );
        // An empty hostaddr element falls back to that slot's host.
        let p = fx.params("host=a,b hostaddr=,10.0.0.2");
        assert_eq!(p.endpoints[0].hostaddr, None);
        assert_eq!(
            p.endpoints[1].hostaddr,
            Some("10.0.0.2".parse::<IpAddr>().unwrap())
        );
        // hostaddr decides the number of endpoints.
        assert_eq!(fx.params("hostaddr=10.0.0.1,10.0.0.2").endpoints.len(), 2);
    }

    #[test]
    fn host_list_errors() {
        let fx = Fixture::new();
        let cases: &[(&str, &str)] = &[
            (
                "host=a,b,c port=1,2",
                "could not match 2 port numbers to 3 hosts",
            ),
            (
                "host=a port=1,2",
                "could not match 2 port numbers to 1 hosts",
            ),
            ("port=1,2", "could not match 2 port numbers to 1 hosts"),
            (
                "host=a hostaddr=10.0.0.1,10.0.0.2",
                "could not match 1 host names to 2 hostaddr values",
            ),
            (
                "host=a,b,c hostaddr=10.0.0.1,10.0.0.2",
                "could not match 3 host names to 2 hostaddr values",
            ),
            (
                "hostaddr=db.example.com",
                "could not parse network address \"db.example.com\"",
            ),
            (
                "hostaddr=10.0.0.1,nope",
                "could not parse network address \"nope\"",
            ),
        ];
        for (dsn, want) in cases {
            let err = fx.error(dsn);
            assert!(err.contains(want), "dsn {dsn:?}: got {err:?}");
        }
    }

    #[test]
    fn port_validation() {
        let fx = Fixture::new();
        let ok: &[(&str, u16)] = &[
            ("port=1", 1),
            ("port=5432", 5432),
            ("port=65535", 65535),
            ("port=' 6000 '", 6000),
            ("port=+7000", 7000),
            ("port=05433", 5433),
            ("postgresql://h:6543", 6543),
        ];
        for (dsn, want) in ok {
            assert_eq!(fx.params(dsn).endpoints[0].port, *want, "dsn {dsn:?}");
        }
        let bad: &[(&str, &str)] = &[
            ("port=54x2", "invalid port number: \"54x2\""),
            ("port=0", "invalid port number: \"0\""),
            ("port=65536", "invalid port number: \"65536\""),
            ("port=-1", "invalid port number: \"-1\""),
            ("port=abc", "invalid port number: \"abc\""),
            ("port=5.5", "invalid port number: \"5.5\""),
            ("port=99999999999", "invalid port number: \"99999999999\""),
            ("host=a,b port=5432,x", "invalid port number: \"x\""),
            ("postgresql://h:54x2/db", "invalid port number: \"54x2\""),
        ];
        for (dsn, want) in bad {
            let err = fx.error(dsn);
            assert!(err.contains(want), "dsn {dsn:?}: got {err:?}");
        }
        let fx = Fixture::new().env(&[("PGPORT", "nope")]);
        assert!(fx.error("").contains("invalid port number: \"nope\""));
    }

    #[test]
    fn connect_timeout_rules() {
        let fx = Fixture::new();
        let cases: &[(&str, Option<u64>)] = &[
            ("", None),
            ("connect_timeout=0", None),
            ("connect_timeout=-5", None),
            ("connect_timeout=1", Some(2)),
            ("connect_timeout=2", Some(2)),
            ("connect_timeout=10", Some(10)),
            ("connect_timeout=' 30 '", Some(30)),
            ("connect_timeout=+3", Some(3)),
        ];
        for (dsn, want) in cases {
            assert_eq!(
                fx.params(dsn).connect_timeout,
                want.map(Duration::from_secs),
                "dsn {dsn:?}"
            );
        }
        for bad in ["abc", "1.5", "10s", "''", "99999999999"] {
            let dsn = format!("connect_timeout={bad}");
            let err = fx.error(&dsn);
            let shown = bad.trim_matches('\'');
            assert!(
                err.contains(&format!(
                    "invalid integer value \"{shown}\" for connection option \"connect_timeout\""
                )),
                "dsn {dsn:?}: got {err:?}"
            );
        }
        let fx = Fixture::new().env(&[("PGCONNECT_TIMEOUT", "1")]);
        assert_eq!(fx.params("").connect_timeout, Some(Duration::from_secs(2)));
        assert_eq!(
            fx.params("connect_timeout=7").connect_timeout,
            Some(Duration::from_secs(7))
        );
    }

    #[test]
    fn sslmode_parsing() {
        let all = [
            ("disable", SslMode::Disable),
            ("allow", SslMode::Allow),
            ("prefer", SslMode::Prefer),
            ("require", SslMode::Require),
            ("verify-ca", SslMode::VerifyCa),
            ("verify-full", SslMode::VerifyFull),
        ];
        let fx = Fixture::new();
        for (text, mode) in all {
            assert_eq!(text.parse::<SslMode>().unwrap(), mode);
            assert_eq!(mode.as_str(), text);
            assert_eq!(mode.to_string(), text);
            assert_eq!(fx.params(&format!("sslmode={text}")).sslmode, mode);
        }
        assert_eq!(SslMode::default(), SslMode::Prefer);
        for bad in ["verify", "VERIFY-FULL", "true", " require"] {
            let err = format!("{:#}", bad.parse::<SslMode>().unwrap_err());
            assert_eq!(err, format!("invalid sslmode value: \"{bad}\""));
        }
        assert!(fx
            .error("sslmode=verify")
            .contains("invalid sslmode value: \"verify\""));
        assert!(fx
            .error("sslmode=''")
            .contains("invalid sslmode value: \"\""));
        let fx = Fixture::new().env(&[("PGSSLMODE", "bogus")]);
        assert!(fx.error("").contains("invalid sslmode value: \"bogus\""));
    }

    #[test]
    fn sslrootcert_system() {
        let fx = Fixture::new();
        let p = fx.params("sslrootcert=system");
        assert_eq!(p.sslrootcert.as_deref(), Some("system"));
        // libpq: with sslrootcert=system and no sslmode given, the default is verify-full.
        assert_eq!(p.sslmode, SslMode::VerifyFull);
        assert_eq!(
            fx.params("sslrootcert=system sslmode=verify-full").sslmode,
            SslMode::VerifyFull
        );
        let err = fx.error("sslrootcert=system sslmode=require");
        assert!(
            err.contains("weak sslmode \"require\" may not be used with sslrootcert=system"),
            "{err}"
        );
        let fx = Fixture::new().env(&[("PGSSLMODE", "prefer")]);
        assert!(fx
            .error("sslrootcert=system")
            .contains("weak sslmode \"prefer\""));
    }

    #[test]
    fn ssl_file_defaults_only_when_present() {
        let fx = Fixture::new();
        let p = fx.params("");
        assert_eq!((p.sslrootcert, p.sslcert, p.sslkey), (None, None, None));
        let root = fx.write("home/.postgresql/root.crt", "x", 0o644);
        let cert = fx.write("home/.postgresql/postgresql.crt", "x", 0o644);
        let key = fx.write("home/.postgresql/postgresql.key", "x", 0o600);
        let p = fx.params("");
        assert_eq!(p.sslrootcert, Some(root.to_string_lossy().into_owned()));
        assert_eq!(p.sslcert, Some(cert));
        assert_eq!(p.sslkey, Some(key));
        // Explicit values win over the home files.
        let p = fx.params("sslrootcert=/r.pem sslcert=/c.pem sslkey=/k.pem");
        assert_eq!(p.sslrootcert.as_deref(), Some("/r.pem"));
        assert_eq!(p.sslcert, Some(PathBuf::from("/c.pem")));
        assert_eq!(p.sslkey, Some(PathBuf::from("/k.pem")));
    }

    #[test]
    fn enumerated_options_are_validated() {
        let fx = Fixture::new();
        for (dsn, want) in [
            ("target_session_attrs=primary", None),
            ("target_session_attrs=read-write", None),
            (
                "target_session_attrs=master",
                Some("invalid target_session_attrs value: \"master\""),
            ),
            ("channel_binding=require", None),
            (
                "channel_binding=always",
                Some("invalid channel_binding value: \"always\""),
            ),
            ("load_balance_hosts=random", None),
            (
                "load_balance_hosts=yes",
                Some("invalid load_balance_hosts value: \"yes\""),
            ),
            ("gssencmode=disable", None),
            ("gssencmode=on", Some("invalid gssencmode value: \"on\"")),
        ] {
            match want {
                None => {
                    fx.params(dsn);
                }
                Some(msg) => assert!(fx.error(dsn).contains(msg), "dsn {dsn:?}"),
            }
        }
        assert_eq!(
            fx.params("target_session_attrs=standby")
                .target_session_attrs
                .as_deref(),
            Some("standby")
        );
    }

    #[test]
    fn env_fallbacks() {
        let fx = Fixture::new().env(&[
            ("PGHOST", "envhost"),
            ("PGHOSTADDR", "10.1.1.1"),
            ("PGPORT", "6001"),
            ("PGUSER", "envuser"),
            ("PGDATABASE", "envdb"),
            ("PGPASSWORD", "envpw"),
            ("PGSSLMODE", "require"),
            ("PGSSLROOTCERT", "/env/root.crt"),
            ("PGSSLCERT", "/env/client.crt"),
            ("PGSSLKEY", "/env/client.key"),
            ("PGCONNECT_TIMEOUT", "9"),
            ("PGAPPNAME", "envapp"),
            ("PGOPTIONS", "-c work_mem=1MB"),
            ("PGTARGETSESSIONATTRS", "read-only"),
            ("PGCHANNELBINDING", "prefer"),
        ]);
        let p = fx.params("");
        assert_eq!(hosts(&p), vec![(tcp("envhost"), 6001)]);
        assert_eq!(
            p.endpoints[0].hostaddr,
            Some("10.1.1.1".parse::<IpAddr>().unwrap())
        );
        assert_eq!(p.user, "envuser");
        assert_eq!(p.dbname, "envdb");
        assert_eq!(password(&p), Some("envpw"));
        assert_eq!(p.endpoints[0].password_source, PasswordSource::Env);
        assert_eq!(p.sslmode, SslMode::Require);
        assert_eq!(p.sslrootcert.as_deref(), Some("/env/root.crt"));
        assert_eq!(p.sslcert, Some(PathBuf::from("/env/client.crt")));
        assert_eq!(p.sslkey, Some(PathBuf::from("/env/client.key")));
        assert_eq!(p.connect_timeout, Some(Duration::from_secs(9)));
        assert_eq!(p.application_name.as_deref(), Some("envapp"));
        assert_eq!(p.options.as_deref(), Some("-c work_mem=1MB"));
        assert_eq!(p.target_session_attrs.as_deref(), Some("read-only"));
        assert_eq!(p.extra, pairs(&[("channel_binding", "prefer")]));
    }

    #[test]
    fn empty_env_vars_count_as_unset() {
        let fx = Fixture::new().env(&[
            ("PGHOST", ""),
            ("PGPORT", ""),
            ("PGUSER", ""),
            ("PGDATABASE", ""),
            ("PGSSLMODE", ""),
            ("PGCONNECT_TIMEOUT", ""),
            ("PGSERVICE", ""),
            ("PGPASSWORD", ""),
            ("PGAPPNAME", ""),
        ]);
        let p = fx.params("");
        assert_eq!(hosts(&p), vec![(tcp("localhost"), 5432)]);
        assert_eq!(p.user, "osuser");
        assert_eq!(p.sslmode, SslMode::Prefer);
        assert_eq!(p.connect_timeout, None);
        assert_eq!(p.service, None);
        assert_eq!(p.application_name, None);
        assert_eq!(p.endpoints[0].password_source, PasswordSource::None);
    }

    /// dsn > service > env > default, one parameter at a time.
    #[test]
    fn precedence() {
        // (dsn, env, service section body, field, expected)
        type Case = (
            &'static str,
            &'static [(&'static str, &'static str)],
            &'static str,
            &'static str,
        );
        let cases: &[(Case, &str)] = &[
            (
                (
                    "host=dsnhost",
                    &[("PGHOST", "envhost")],
                    "host=svchost",
                    "host",
                ),
                "dsnhost",
            ),
            (
                ("", &[("PGHOST", "envhost")], "host=svchost", "host"),
                "svchost",
            ),
            (("", &[("PGHOST", "envhost")], "", "host"), "envhost"),
            (("", &[], "", "host"), "localhost"),
            (("port=1", &[("PGPORT", "3")], "port=2", "port"), "1"),
            (("", &[("PGPORT", "3")], "port=2", "port"), "2"),
            (("", &[("PGPORT", "3")], "", "port"), "3"),
            (("", &[], "", "port"), "5432"),
            (("user=d", &[("PGUSER", "e")], "user=s", "user"), "d"),
            (("", &[("PGUSER", "e")], "user=s", "user"), "s"),
            (("", &[("PGUSER", "e")], "", "user"), "e"),
            (("", &[], "", "user"), "osuser"),
            (
                ("dbname=d", &[("PGDATABASE", "e")], "dbname=s", "dbname"),
                "d",
            ),
            (("", &[("PGDATABASE", "e")], "dbname=s", "dbname"), "s"),
            (("", &[("PGDATABASE", "e")], "", "dbname"), "e"),
            (("user=u", &[], "", "dbname"), "u"),
            (
                (
                    "sslmode=disable",
                    &[("PGSSLMODE", "require")],
                    "sslmode=allow",
                    "sslmode",
                ),
                "disable",
            ),
            (
                ("", &[("PGSSLMODE", "require")], "sslmode=allow", "sslmode"),
                "allow",
            ),
            (("", &[("PGSSLMODE", "require")], "", "sslmode"), "require"),
            (("", &[], "", "sslmode"), "prefer"),
            (
                (
                    "application_name=d",
                    &[("PGAPPNAME", "e")],
                    "application_name=s",
                    "application_name",
                ),
                "d",
            ),
            (
                (
                    "",
                    &[("PGAPPNAME", "e")],
                    "application_name=s",
                    "application_name",
                ),
                "s",
            ),
            (("", &[("PGAPPNAME", "e")], "", "application_name"), "e"),
            (
                (
                    "connect_timeout=5",
                    &[("PGCONNECT_TIMEOUT", "7")],
                    "connect_timeout=6",
                    "connect_timeout",
                ),
                "5",
            ),
            (
                (
                    "",
                    &[("PGCONNECT_TIMEOUT", "7")],
                    "connect_timeout=6",
                    "connect_timeout",
                ),
                "6",
            ),
            (
                ("", &[("PGCONNECT_TIMEOUT", "7")], "", "connect_timeout"),
                "7",
            ),
            (
                (
                    "options=-cd",
                    &[("PGOPTIONS", "-ce")],
                    "options=-cs",
                    "options",
                ),
                "-cd",
            ),
            (
                ("", &[("PGOPTIONS", "-ce")], "options=-cs", "options"),
                "-cs",
            ),
            (
                (
                    "password=d",
                    &[("PGPASSWORD", "e")],
                    "password=s",
                    "password",
                ),
                "d",
            ),
            (("", &[("PGPASSWORD", "e")], "password=s", "password"), "s"),
            (("", &[("PGPASSWORD", "e")], "", "password"), "e"),
            // URL components are explicit too.
            (
                (
                    "postgresql://urlhost:1/urldb",
                    &[("PGHOST", "e")],
                    "host=s\ndbname=sd",
                    "host",
                ),
                "urlhost",
            ),
            (
                (
                    "postgresql://urlhost:1/urldb",
                    &[("PGDATABASE", "e")],
                    "dbname=sd",
                    "dbname",
                ),
                "urldb",
            ),
            // An empty URL dbname is not a value: the service/env apply.
            (
                ("postgresql://h/", &[("PGDATABASE", "e")], "", "dbname"),
                "e",
            ),
        ];
        for ((dsn, env, body, field), want) in cases {
            let fx = Fixture::new().env(env).env(&[("PGSERVICE", "svc")]);
            fx.write("home/.pg_service.conf", &format!("[svc]\n{body}\n"), 0o600);
            let p = fx.params(dsn);
            let got = match *field {
                "host" => p.endpoints[0].host.display(),
                "port" => p.endpoints[0].port.to_string(),
                "user" => p.user.clone(),
                "dbname" => p.dbname.clone(),
                "sslmode" => p.sslmode.as_str().to_string(),
                "application_name" => p.application_name.clone().unwrap_or_default(),
                "connect_timeout" => p.connect_timeout.unwrap().as_secs().to_string(),
                "options" => p.options.clone().unwrap_or_default(),
                "password" => password(&p).unwrap_or_default().to_string(),
                other => panic!("no field {other}"),
            };
            assert_eq!(
                got, *want,
                "dsn {dsn:?} env {env:?} service {body:?} field {field}"
            );
        }
    }

    #[test]
    fn password_sources() {
        let fx = Fixture::new();
        fx.write(
            "home/.pg_service.conf",
            "[s]\npassword=svcpw\n[t]\nhost=h\n",
            0o600,
        );
        fx.write("home/.pgpass", "*:*:*:*:filepw\n", 0o600);
        let pgpass = fx.path("home/.pgpass");
        let cases: &[(&str, Vars, Option<&str>, PasswordSource)] = &[
            (
                "password=dsnpw",
                &[("PGPASSWORD", "envpw")],
                Some("dsnpw"),
                PasswordSource::Conninfo,
            ),
            (
                "postgresql://u:urlpw@h",
                &[("PGPASSWORD", "envpw")],
                Some("urlpw"),
                PasswordSource::Conninfo,
            ),
            (
                "service=s",
                &[("PGPASSWORD", "envpw")],
                Some("svcpw"),
                PasswordSource::Service,
            ),
            (
                "service=s password=dsnpw",
                &[],
                Some("dsnpw"),
                PasswordSource::Conninfo,
            ),
            (
                "service=t",
                &[("PGPASSWORD", "envpw")],
                Some("envpw"),
                PasswordSource::Env,
            ),
            (
                "",
                &[("PGPASSWORD", "envpw")],
                Some("envpw"),
                PasswordSource::Env,
            ),
            (
                "",
                &[],
                Some("filepw"),
                PasswordSource::Passfile(pgpass.clone()),
            ),
            // An explicit empty password blocks PGPASSWORD (libpq) and falls to the file.
            (
                "password=''",
                &[("PGPASSWORD", "envpw")],
                Some("filepw"),
                PasswordSource::Passfile(pgpass.clone()),
            ),
        ];
        for (dsn, env, want, source) in cases {
            let mut ctx = fx.ctx.clone();
            ctx.env
                .extend(env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
            let p = resolve(Some(dsn), &ctx).unwrap().params;
            assert_eq!(password(&p), *want, "dsn {dsn:?} env {env:?}");
            assert_eq!(
                &p.endpoints[0].password_source, source,
                "dsn {dsn:?} env {env:?}"
            );
        }
    }

    /// Resolve against a `.pgpass` with `content` (mode 0600) and return the password.
    fn pgpass_password(fx: &Fixture, content: &str, dsn: &str) -> Option<String> {
        fx.write("home/.pgpass", content, 0o600);
        let r = fx.resolve(dsn).unwrap();
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        let ep = &r.params.endpoints[0];
        match &ep.password {
            Some(pw) => {
                assert_eq!(
                    ep.password_source,
                    PasswordSource::Passfile(fx.path("home/.pgpass"))
                );
                Some(pw.expose().to_string())
            }
            None => {
                assert_eq!(ep.password_source, PasswordSource::None);
                None
            }
        }
    }

    #[test]
    fn pgpass_matching() {
        let fx = Fixture::new();
        let cases: &[(&str, &str, Option<&str>)] = &[
            // (file, dsn, password)
            (
                "db:5432:app:alice:pw\n",
                "host=db dbname=app user=alice",
                Some("pw"),
            ),
            (
                "db:5432:app:alice:pw",
                "host=db dbname=app user=alice",
                Some("pw"),
            ),
            (
                "db:5432:app:alice:pw\r\n",
                "host=db dbname=app user=alice",
                Some("pw"),
            ),
            (
                "other:5432:app:alice:pw\n",
                "host=db dbname=app user=alice",
                None,
            ),
            (
                "db:5433:app:alice:pw\n",
                "host=db dbname=app user=alice",
                None,
            ),
            (
                "db:5432:other:alice:pw\n",
                "host=db dbname=app user=alice",
                None,
            ),
            (
                "db:5432:app:bob:pw\n",
                "host=db dbname=app user=alice",
                None,
            ),
            // Wildcards, per field.
            (
                "*:5432:app:alice:pw\n",
                "host=db dbname=app user=alice",
                Some("pw"),
            ),
            (
                "db:*:app:alice:pw\n",
                "host=db port=7 dbname=app user=alice",
                Some("pw"),
            ),
            (
                "db:5432:*:alice:pw\n",
                "host=db dbname=anything user=alice",
                Some("pw"),
            ),
            (
                "db:5432:app:*:pw\n",
                "host=db dbname=app user=anyone",
                Some("pw"),
            ),
            ("*:*:*:*:pw\n", "host=x", Some("pw")),
            // '*' is only a wildcard as a whole field.
            (
                "d*:5432:app:alice:pw\n",
                "host=db dbname=app user=alice",
                None,
            ),
            (
                "d*:5432:app:alice:pw\n",
                "host=d* dbname=app user=alice",
                Some("pw"),
            ),
            (
                r"\*:5432:app:alice:pw",
                "host=db dbname=app user=alice",
                None,
            ),
            // First match wins.
            ("*:*:*:*:first\n*:*:*:*:second\n", "host=db", Some("first")),
            (
                "db:*:*:*:specific\n*:*:*:*:general\n",
                "host=db",
                Some("specific"),
            ),
            (
                "*:*:*:*:general\ndb:*:*:*:specific\n",
                "host=db",
                Some("general"),
            ),
            ("x:*:*:*:no\ndb:*:*:*:yes\n", "host=db", Some("yes")),
            // Comments: '#' in the first column only.
            (
                "#db:*:*:*:commented\ndb:*:*:*:real\n",
                "host=db",
                Some("real"),
            ),
            ("#*:*:*:*:commented\n", "host=db", None),
            // Escapes in fields and password.
            (r"h\:x:*:*:*:pw", "host='h:x'", Some("pw")),
            (r"h\\x:*:*:*:pw", r"host='h\\x'", Some("pw")),
            (r"*:*:*:*:p\:w\\d", "host=db", Some(r"p:w\d")),
            // The password ends at an unescaped ':'.
            ("*:*:*:*:pw:trailing\n", "host=db", Some("pw")),
            // Fewer than five fields: skipped.
            (
                "db:5432:app:alice\n*:*:*:*:next\n",
                "host=db dbname=app user=alice",
                Some("next"),
            ),
            ("db:5432\n", "host=db", None),
            ("\n\n*:*:*:*:pw\n", "host=db", Some("pw")),
            // An empty password matches but counts as none (libpq).
            ("*:*:*:*:\n*:*:*:*:second\n", "host=db", None),
            // Port compared as the string written in the conninfo.
            ("db:05432:*:*:pw\n", "host=db port=05432", Some("pw")),
            ("db:5432:*:*:pw\n", "host=db port=05432", None),
            ("db:5432:*:*:pw\n", "host=db", Some("pw")),
            // Host compared as written; hostaddr when there is no host.
            ("DB:*:*:*:pw\n", "host=db", None),
            ("db:*:*:*:pw\n", "host=db hostaddr=10.0.0.1", Some("pw")),
            ("10.0.0.1:*:*:*:pw\n", "host=db hostaddr=10.0.0.1", None),
            ("10.0.0.1:*:*:*:pw\n", "hostaddr=10.0.0.1", Some("pw")),
            // No host at all: localhost (here TCP localhost, no socket present).
            ("localhost:5432:osuser:osuser:pw\n", "", Some("pw")),
            // A non-default socket dir is matched literally.
            ("/srv/pg:*:*:*:pw\n", "host=/srv/pg", Some("pw")),
            ("localhost:*:*:*:pw\n", "host=/srv/pg", None),
            // dbname and user are the resolved ones (dbname defaulting to user).
            ("*:*:bob:bob:pw\n", "host=db user=bob", Some("pw")),
        ];
        for (file, dsn, want) in cases {
            assert_eq!(
                pgpass_password(&fx, file, dsn).as_deref(),
                *want,
                "file {file:?} dsn {dsn:?}"
            );
        }
    }

    #[test]
    fn pgpass_default_socket_dir_matches_localhost() {
        let fx = Fixture::new();
        let run = fx.path("run");
        let run_s = run.to_string_lossy().into_owned();
        // Explicit default socket dir: localhost, not the path.
        assert_eq!(
            pgpass_password(&fx, "localhost:*:*:*:pw\n", &format!("host={run_s}")).as_deref(),
            Some("pw")
        );
        assert_eq!(
            pgpass_password(
                &fx,
                &format!("{run_s}:*:*:*:pw\n"),
                &format!("host={run_s}")
            ),
            None
        );
        // Detected default socket: localhost too.
        fx.write("tmp/.s.PGSQL.5432", "", 0o600);
        assert_eq!(
            pgpass_password(&fx, "localhost:5432:*:*:pw\n", "").as_deref(),
            Some("pw")
        );
    }

    #[test]
    fn pgpass_per_endpoint() {
        let fx = Fixture::new();
        fx.write("home/.pgpass", "a:5432:*:*:pw-a\nb:5433:*:*:pw-b\n", 0o600);
        let p = fx.params("host=a,b,c port=5432,5433,5434");
        let got: Vec<_> = p
            .endpoints
            .iter()
            .map(|e| e.password.as_ref().map(|s| s.expose().to_string()))
            .collect();
        assert_eq!(got, vec![Some("pw-a".into()), Some("pw-b".into()), None]);
        assert_eq!(p.endpoints[2].password_source, PasswordSource::None);
    }

    #[test]
    fn passfile_location() {
        let fx = Fixture::new();
        fx.write("home/.pgpass", "*:*:*:*:home\n", 0o600);
        let custom = fx.write("custom.pgpass", "*:*:*:*:custom\n", 0o600);
        let env = fx.write("env.pgpass", "*:*:*:*:env\n", 0o600);
        let custom_s = custom.to_string_lossy().into_owned();
        let env_s = env.to_string_lossy().into_owned();
        let fx = fx.env(&[("PGPASSFILE", &env_s)]);
        let p = fx.params(&format!("passfile={custom_s}"));
        assert_eq!(password(&p), Some("custom"));
        assert_eq!(
            p.endpoints[0].password_source,
            PasswordSource::Passfile(custom.clone())
        );
        assert_eq!(p.extra, pairs(&[("passfile", &custom_s)]));
        let p = fx.params("");
        assert_eq!(password(&p), Some("env"));
        assert_eq!(
            p.endpoints[0].password_source,
            PasswordSource::Passfile(env)
        );
        let mut fx = fx.env(&[("PGPASSFILE", "")]);
        assert_eq!(password(&fx.params("")), Some("home"));
        // A missing file, or no home, is silently no password.
        assert_eq!(password(&fx.params("passfile=/nonexistent/pgpass")), None);
        assert!(fx
            .resolve("passfile=/nonexistent/pgpass")
            .unwrap()
            .warnings
            .is_empty());
        fx.ctx.home = None;
        assert_eq!(password(&fx.params("")), None);
    }

    #[test]
    fn pgpass_permissions() {
        let fx = Fixture::new();
        let path = fx.path("home/.pgpass");
        for (mode, used) in [
            (0o600, true),
            (0o400, true),
            (0o644, false),
            (0o640, false),
            (0o604, false),
            (0o660, false),
            (0o601, false),
        ] {
            fx.write("home/.pgpass", "*:*:*:*:pw\n", mode);
            let r = fx.resolve("").unwrap();
            let got = r.params.endpoints[0].password.as_ref().map(Secret::expose);
            if used {
                assert_eq!(got, Some("pw"), "mode {mode:o}");
                assert!(r.warnings.is_empty(), "mode {mode:o}: {:?}", r.warnings);
            } else {
                assert_eq!(got, None, "mode {mode:o}");
                assert_eq!(
                    r.warnings,
                    vec![format!(
                        "password file \"{}\" has group or world access; permissions should be u=rw (0600) or less",
                        path.display()
                    )],
                    "mode {mode:o}"
                );
            }
        }
        // Warned once even with several endpoints; not read at all with a password given.
        fx.write("home/.pgpass", "*:*:*:*:pw\n", 0o644);
        assert_eq!(fx.resolve("host=a,b,c").unwrap().warnings.len(), 1);
        assert!(fx.resolve("password=x").unwrap().warnings.is_empty());
        // A directory is not a plain file: ignored (with libpq's warning).
        let dir = fx.path("home/pgpass.d");
        fs::create_dir(&dir).unwrap();
        let r = fx.resolve(&format!("passfile={}", dir.display())).unwrap();
        assert_eq!(r.params.endpoints[0].password, None);
        assert_eq!(
            r.warnings,
            vec![format!(
                "password file \"{}\" is not a plain file",
                dir.display()
            )]
        );
    }

    #[test]
    fn service_lookup_order() {
        // (files: [(relative path, content)], env PGSERVICEFILE?, expected host)
        let cases: &[(Vars, Option<&str>, &str)] = &[
            // PGSERVICEFILE beats ~/.pg_service.conf and sysconfdir.
            (
                &[
                    ("custom.conf", "[svc]\nhost=from-custom\n"),
                    ("home/.pg_service.conf", "[svc]\nhost=from-home\n"),
                    ("etc/pg_service.conf", "[svc]\nhost=from-etc\n"),
                ],
                Some("custom.conf"),
                "from-custom",
            ),
            // ~/.pg_service.conf beats sysconfdir.
            (
                &[
                    ("home/.pg_service.conf", "[svc]\nhost=from-home\n"),
                    ("etc/pg_service.conf", "[svc]\nhost=from-etc\n"),
                ],
                None,
                "from-home",
            ),
            // Not in the first file: the sysconfdir file.
            (
                &[
                    ("home/.pg_service.conf", "[other]\nhost=x\n"),
                    ("etc/pg_service.conf", "[svc]\nhost=from-etc\n"),
                ],
                None,
                "from-etc",
            ),
            (
                &[
                    ("custom.conf", "[other]\nhost=x\n"),
                    ("etc/pg_service.conf", "[svc]\nhost=from-etc\n"),
                ],
                Some("custom.conf"),
                "from-etc",
            ),
            // No home file at all.
            (
                &[("etc/pg_service.conf", "[svc]\nhost=from-etc\n")],
                None,
                "from-etc",
            ),
            // Files are not merged: a section found in the first file is used alone.
            (
                &[
                    ("home/.pg_service.conf", "[svc]\nport=6000\n"),
                    ("etc/pg_service.conf", "[svc]\nhost=from-etc\n"),
                ],
                None,
                "localhost",
            ),
        ];
        for (files, servicefile, want) in cases {
            let mut fx = Fixture::new();
            for (rel, content) in files.iter() {
                fx.write(rel, content, 0o644);
            }
            if let Some(rel) = servicefile {
                let path = fx.path(rel).to_string_lossy().into_owned();
                fx = fx.env(&[("PGSERVICEFILE", &path)]);
            }
            let p = fx.params("service=svc");
            assert_eq!(p.endpoints[0].host, tcp(want), "files {files:?}");
            assert_eq!(p.service.as_deref(), Some("svc"));
        }
    }

    #[test]
    fn service_from_pgservice_and_servicefile_keyword() {
        let fx = Fixture::new().env(&[("PGSERVICE", "svc")]);
        fx.write(
            "home/.pg_service.conf",
            "[svc]\nhost=h1\n[other]\nhost=h2\n",
            0o600,
        );
        let p = fx.params("");
        assert_eq!(p.endpoints[0].host, tcp("h1"));
        assert_eq!(p.service.as_deref(), Some("svc"));
        // The dsn's service beats PGSERVICE.
        assert_eq!(fx.params("service=other").endpoints[0].host, tcp("h2"));
        // servicefile= (PostgreSQL 18) beats PGSERVICEFILE.
        let f = fx.write("sf.conf", "[svc]\nhost=h3\n", 0o600);
        let fx = fx.env(&[("PGSERVICEFILE", "/nonexistent")]);
        assert_eq!(
            fx.params(&format!("servicefile={}", f.display())).endpoints[0].host,
            tcp("h3")
        );
    }

    #[test]
    fn service_file_format() {
        let fx = Fixture::new();
        let conf = "\
# comment
   # indented comment

[first]
host=wrong
[svc]
  host=h   \r
port=6000
dbname=a db with spaces
user=first-wins
user=second
sslmode=require
options=-c x=y
[svc2]
host=also-wrong
[svc]
host=second-section-ignored
";
        fx.write("home/.pg_service.conf", conf, 0o600);
        let p = fx.params("service=svc");
        assert_eq!(hosts(&p), vec![(tcp("h"), 6000)]);
        assert_eq!(p.dbname, "a db with spaces");
        assert_eq!(p.user, "first-wins");
        assert_eq!(p.sslmode, SslMode::Require);
        assert_eq!(p.options.as_deref(), Some("-c x=y"));
        // A section header is matched on its name exactly.
        fx.write(
            "home/.pg_service.conf",
            "[svcx]\nhost=a\n[sv]\nhost=b\n",
            0o600,
        );
        assert!(fx
            .error("service=svc")
            .contains("definition of service \"svc\" not found"));
        // Errors outside the wanted section are not looked at (libpq).
        fx.write(
            "home/.pg_service.conf",
            "[bad]\nthis is not key value\n[svc]\nhost=ok\n",
            0o600,
        );
        assert_eq!(fx.params("service=svc").endpoints[0].host, tcp("ok"));
    }

    #[test]
    fn service_errors() {
        let fx = Fixture::new();
        let conf = fx.path("home/.pg_service.conf");
        let c = conf.display();
        let cases: Vec<(&str, &str, String)> = vec![
            (
                "[svc]\nhost=h\n",
                "service=nope",
                "definition of service \"nope\" not found".into(),
            ),
            (
                "[svc]\n\n# c\nhost h\n",
                "service=svc",
                format!("service file {c}:4: syntax error, expected key=value"),
            ),
            (
                "[svc]\nhots=h\n",
                "service=svc",
                format!("service file {c}:2: invalid connection option \"hots\""),
            ),
            // libpq does not trim around '='.
            (
                "[svc]\nhost = h\n",
                "service=svc",
                format!("service file {c}:2: invalid connection option \"host \""),
            ),
            (
                "[svc]\nservice=other\n",
                "service=svc",
                format!("service file {c}:2: nested service specifications not supported"),
            ),
        ];
        for (content, dsn, want) in cases {
            fx.write("home/.pg_service.conf", content, 0o600);
            let err = fx.error(dsn);
            assert!(
                err.contains(&want),
                "content {content:?}: got {err:?}, want {want:?}"
            );
        }
        // A service nobody defines, with no files at all.
        let fx = Fixture::new();
        assert!(fx
            .error("service=ghost")
            .contains("definition of service \"ghost\" not found"));
        let fx = Fixture::new().env(&[("PGSERVICE", "ghost")]);
        assert!(fx
            .error("")
            .contains("definition of service \"ghost\" not found"));
        // PGSERVICEFILE must exist when set (no fallback to the other files).
        let fx = Fixture::new().env(&[("PGSERVICEFILE", "/nonexistent/pg_service.conf")]);
        fx.write("etc/pg_service.conf", "[svc]\nhost=h\n", 0o644);
        assert!(fx
            .error("service=svc")
            .contains("service file /nonexistent/pg_service.conf not found"));
        // An error in the sysconfdir file names that file.
        let fx = Fixture::new();
        let etc = fx.write("etc/pg_service.conf", "[svc]\nbroken\n", 0o644);
        let err = fx.error("service=svc");
        assert!(
            err.contains(&format!("service file {}:2: syntax error", etc.display())),
            "{err}"
        );
    }

    #[test]
    fn extras_are_kept() {
        let fx = Fixture::new().env(&[("PGSSLSNI", "0")]);
        let p = fx.params(
            "keepalives_idle=30 tcp_user_timeout=1000 client_encoding=UTF8 require_auth=scram-sha-256 \
             krbsrvname=pg keepalives=''",
        );
        assert_eq!(
            p.extra,
            pairs(&[
                ("client_encoding", "UTF8"),
                ("keepalives_idle", "30"),
                ("tcp_user_timeout", "1000"),
                ("sslsni", "0"),
                ("require_auth", "scram-sha-256"),
                ("krbsrvname", "pg"),
            ])
        );
        let p = fx.params("sslpassword=keypass fallback_application_name=fb");
        assert_eq!(p.sslpassword.as_ref().map(Secret::expose), Some("keypass"));
        assert_eq!(p.fallback_application_name.as_deref(), Some("fb"));
        assert!(!format!("{p:?}").contains("keypass"));
    }

    #[test]
    fn secret_never_prints() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s}"), "********");
        assert_eq!(format!("{s:?}"), "********");
        assert_eq!(s.expose(), "hunter2");
        let fx = Fixture::new();
        let p = fx.params("postgresql://u:hunter2@h/db");
        assert!(!format!("{p:?}").contains("hunter2"));
        assert!(!format!("{:?}", p.endpoints[0]).contains("hunter2"));
    }

    #[test]
    fn redacted_output() {
        let fx = Fixture::new();
        let cases: &[(&str, &str)] = &[
            ("", "user=osuser dbname=osuser host=localhost port=5432 sslmode=prefer"),
            (
                "postgresql://alice:hunter2@db.example.com:6432/app?sslmode=require&application_name=my%20app",
                "user=alice password=******** dbname=app host=db.example.com port=6432 \
                 application_name='my app' sslmode=require",
            ),
            (
                "host=/tmp/sock user=o'neil dbname=db-1 password='p w' sslpassword=k keepalives_idle=5",
                r"user='o\'neil' password=******** dbname='db-1' host='/tmp/sock' port=5432 keepalives_idle=5 sslmode=prefer sslpassword=********",
            ),
            (
                "host=h,h port=7,7 target_session_attrs=primary",
                "user=osuser dbname=osuser host='h,h' port=7 sslmode=prefer target_session_attrs=primary",
            ),
        ];
        for (dsn, want) in cases {
            let p = fx.params(dsn);
            let got = p.redacted();
            assert_eq!(got, *want, "dsn {dsn:?}");
        }
        // Multi-host with hostaddr and timeout, checked piecewise.
        let p = fx.params(
            "host=a,b port=1,2 hostaddr=10.0.0.1, user=u connect_timeout=1 options='-c x=y'",
        );
        assert_eq!(
            p.redacted(),
            "user=u connect_timeout=2 dbname=u host='a,b' hostaddr='10.0.0.1,' port='1,2' options='-c x=y' sslmode=prefer"
        );
    }

    #[test]
    fn redacted_never_contains_passwords_and_round_trips() {
        let fx = Fixture::new();
        fx.write("home/.pgpass", "*:*:*:*:filesecret\n", 0o600);
        for dsn in [
            "postgresql://u:hunter2@h/db",
            "password=hunter2 host=h",
            "password='hunter2 with spaces' sslpassword=hunter2 host=h",
            "host=h",
        ] {
            let p = fx.params(dsn);
            let red = p.redacted();
            assert!(!red.contains("hunter2"), "{red}");
            assert!(!red.contains("filesecret"), "{red}");
            assert!(red.contains("password=********"), "{red}");
            // The redacted string is itself a valid conninfo.
            let back = parse(&red).unwrap();
            assert!(
                back.contains(&("password".into(), "********".into())),
                "{back:?}"
            );
            assert!(back.contains(&("host".into(), "h".into())), "{back:?}");
        }
        let env_fx = Fixture::new().env(&[("PGPASSWORD", "envsecret")]);
        let red = env_fx.params("").redacted();
        assert!(
            !red.contains("envsecret") && red.contains("password=********"),
            "{red}"
        );
    }

    #[test]
    fn describe_endpoints() {
        let fx = Fixture::new();
        fx.write("run/.s.PGSQL.5432", "", 0o600);
        let run = fx.path("run");
        let cases: Vec<(&str, String)> = vec![
            ("host=db", "db:5432".into()),
            ("host=db port=6000", "db:6000".into()),
            (
                "host=/var/run/postgresql port=5433",
                "/var/run/postgresql:5433".into(),
            ),
            ("postgresql://[::1]:5433", "[::1]:5433".into()),
            ("host=a,b port=1,2", "a:1,b:2".into()),
            ("hostaddr=10.0.0.1", "10.0.0.1:5432".into()),
            ("", format!("{}:5432", run.display())),
        ];
        for (dsn, want) in cases {
            assert_eq!(fx.params(dsn).describe(), want, "dsn {dsn:?}");
        }
    }

    #[test]
    fn from_process_snapshot() {
        let ctx = Context::from_process();
        assert_eq!(
            ctx.socket_dirs,
            vec![PathBuf::from("/var/run/postgresql"), PathBuf::from("/tmp")]
        );
        assert!(ctx.sysconfdir.is_some());
        if let Ok(path) = std::env::var("PATH") {
            assert_eq!(ctx.env.get("PATH"), Some(&path));
        }
        let euid_name = nix::unistd::User::from_uid(nix::unistd::geteuid())
            .unwrap()
            .map(|u| u.name)
            .unwrap_or_default();
        assert_eq!(ctx.os_user, euid_name);
    }
}
