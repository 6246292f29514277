//! Conninfo syntax: [`parse`] reads a `postgres://` / `postgresql://` URL or a `key=value`
//! string into keyword/value pairs as libpq's `conninfo_parse` and
//! `conninfo_uri_parse_options` do, with errors that never echo a password. It also owns
//! libpq's keyword table ([`KEYWORDS`]: each name, its environment variable, whether it is
//! secret) and the C-locale whitespace rule. It does not consult the environment, the
//! service file or any default, and does not validate values: that is
//! [`resolve`](super::resolve)'s.

use anyhow::{anyhow, bail, Result};

/// How a keyword is treated.
pub(super) struct Keyword {
    pub(super) name: &'static str,
    /// The environment variable libpq falls back to.
    pub(super) env: Option<&'static str>,
    /// Shown as `********` by [`ConnParams::redacted`](super::ConnParams::redacted).
    pub(super) secret: bool,
    /// What quell does with it: every keyword libpq knows is honoured with libpq's
    /// meaning or refused by name, never accepted and ignored.
    pub(super) support: Support,
}

/// What quell does with a keyword's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// Honoured, with libpq's meaning.
    Honoured,
    /// Honoured for these values (compared ignoring ASCII case); any other value is
    /// refused, for the reason given.
    Only(&'static [&'static str], &'static str),
    /// Refused whenever it is set to a non-empty value, for the reason given.
    Refused(&'static str),
}

const fn kw(name: &'static str, env: Option<&'static str>) -> Keyword {
    Keyword {
        name,
        env,
        secret: false,
        support: Support::Honoured,
    }
}

const fn only(
    name: &'static str,
    env: Option<&'static str>,
    values: &'static [&'static str],
    why: &'static str,
) -> Keyword {
    Keyword {
        name,
        env,
        secret: false,
        support: Support::Only(values, why),
    }
}

const fn refused(name: &'static str, env: Option<&'static str>, why: &'static str) -> Keyword {
    Keyword {
        name,
        env,
        secret: false,
        support: Support::Refused(why),
    }
}

const NO_GSS: &str = "quell has no GSSAPI (Kerberos) support";

/// libpq's `PQconninfoOptions`, in its order (PostgreSQL 17, plus 18's `servicefile`),
/// each with what quell does with it. (`requiressl`, which libpq 15 still reads as
/// `sslmode`, is translated where a connection string is read, as libpq does.)
pub(super) const KEYWORDS: &[Keyword] = &[
    kw("service", Some("PGSERVICE")),
    kw("servicefile", Some("PGSERVICEFILE")),
    kw("user", Some("PGUSER")),
    Keyword {
        name: "password",
        env: Some("PGPASSWORD"),
        secret: true,
        support: Support::Honoured,
    },
    kw("passfile", Some("PGPASSFILE")),
    kw("channel_binding", Some("PGCHANNELBINDING")),
    kw("connect_timeout", Some("PGCONNECT_TIMEOUT")),
    kw("dbname", Some("PGDATABASE")),
    kw("host", Some("PGHOST")),
    kw("hostaddr", Some("PGHOSTADDR")),
    kw("port", Some("PGPORT")),
    only(
        "client_encoding",
        Some("PGCLIENTENCODING"),
        &["UTF8", "UTF-8", "UNICODE", "auto"],
        "quell's sessions are always UTF8 (the driver requires it)",
    ),
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
    // libpq reads it and never compresses (no TLS library it uses still does).
    kw("sslcompression", Some("PGSSLCOMPRESSION")),
    kw("sslcert", Some("PGSSLCERT")),
    kw("sslkey", Some("PGSSLKEY")),
    only(
        "sslcertmode",
        Some("PGSSLCERTMODE"),
        &["disable", "allow"],
        "quell cannot tell whether the server asked for a client certificate",
    ),
    Keyword {
        name: "sslpassword",
        env: None,
        secret: true,
        support: Support::Refused(
            "quell cannot read an encrypted client key: decrypt it (openssl pkey -in KEY -out PLAIN) and point sslkey at that",
        ),
    },
    kw("sslrootcert", Some("PGSSLROOTCERT")),
    refused(
        "sslcrl",
        Some("PGSSLCRL"),
        "quell does not check certificate revocation lists",
    ),
    refused(
        "sslcrldir",
        Some("PGSSLCRLDIR"),
        "quell does not check certificate revocation lists",
    ),
    kw("sslsni", Some("PGSSLSNI")),
    refused(
        "requirepeer",
        Some("PGREQUIREPEER"),
        "quell cannot check the user of the server process behind a socket",
    ),
    refused(
        "require_auth",
        Some("PGREQUIREAUTH"),
        "quell cannot restrict the server's authentication method; channel_binding=require does refuse every method but SCRAM over TLS",
    ),
    kw("ssl_min_protocol_version", Some("PGSSLMINPROTOCOLVERSION")),
    kw("ssl_max_protocol_version", Some("PGSSLMAXPROTOCOLVERSION")),
    only(
        "gssencmode",
        Some("PGGSSENCMODE"),
        &["disable", "prefer"],
        NO_GSS,
    ),
    refused("krbsrvname", Some("PGKRBSRVNAME"), NO_GSS),
    refused("gsslib", Some("PGGSSLIB"), NO_GSS),
    only("gssdelegation", Some("PGGSSDELEGATION"), &["0"], NO_GSS),
    only(
        "replication",
        None,
        &["0", "false", "off", "no"],
        "quell opens ordinary sessions, never replication connections",
    ),
    kw("target_session_attrs", Some("PGTARGETSESSIONATTRS")),
    kw("load_balance_hosts", Some("PGLOADBALANCEHOSTS")),
];

/// Every keyword libpq knows, its environment variable and what quell does with it
/// (for the table in docs/connecting.md and its drift test).
pub fn keyword_support() -> impl Iterator<Item = (&'static str, Option<&'static str>, Support)> {
    KEYWORDS.iter().map(|k| (k.name, k.env, k.support))
}

/// libpq 15's `requiressl` (kept in `conninfo_storeval`): `requiressl=1` is
/// `sslmode=require`, any other value `sslmode=prefer`, stored where the keyword
/// stands (a later `sslmode` wins, an earlier one loses).
fn translate(key: &str, value: String) -> (&str, String) {
    if key == "requiressl" {
        let mode = if value.starts_with('1') {
            "require"
        } else {
            "prefer"
        };
        return ("sslmode", mode.to_string());
    }
    (key, value)
}

pub(super) fn keyword(name: &str) -> Option<&'static Keyword> {
    KEYWORDS.iter().find(|k| k.name == name)
}

/// C's `isspace` in the C locale.
fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

pub(super) fn is_c_space_char(c: char) -> bool {
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
    // libpq reads a C string and would stop at the NUL, silently dropping the rest.
    if let Some(at) = dsn.find('\0') {
        bail!(
            "the connection string has a NUL byte at position {}",
            at + 1
        );
    }
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
        let value = String::from_utf8(value)
            .map_err(|_| anyhow!("value of connection option \"{name}\" is not valid UTF-8"))?;
        let (name, value) = translate(name, value);
        let Some(kw) = keyword(name) else {
            bail!("invalid connection option {}", shown());
        };
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
    let has_credentials = at < len && b[at] == b'@';
    if has_credentials {
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
            let port = &uri[port_start..p];
            // `postgresql://user:secret/db` (the @host forgotten) reads the password as
            // a port: refuse it without echoing it, as libpq would.
            if !has_credentials && !port.bytes().all(|c| c.is_ascii_digit()) {
                bail!(
                    "invalid port in the URI (not shown: it may be a password; a URI with \
                     user:password needs @host, e.g. postgresql://user:password@host/db)"
                );
            }
            ports.push_str(port);
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
        } else if key == "requiressl" {
            let (key, value) = translate(&key, value);
            out.store(key, value);
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

#[cfg(test)]
#[path = "parse_tests.rs"]
#[allow(clippy::unwrap_used)]
mod tests;
