//! Fidelity to libpq: every keyword quell accepts does what libpq does. The same
//! inputs go to libpq itself (psql, PostgreSQL 15's libpq) and to quell's own
//! resolution and connect, against real servers configured for each case: the shared
//! cluster (TLS, a SCRAM role, a role the server asks for a cleartext password), a
//! read-only server for `target_session_attrs`, a TLS 1.2-only server for the protocol
//! bounds. Both must connect to the same server as the same user over the same TLS
//! version, or both must fail. What quell refuses by design (libpq connects) is listed
//! apart, each refusal naming its keyword.
#![allow(clippy::unwrap_used)]

use std::process::Command;
use std::sync::OnceLock;

use quell::sandbox::{Cluster, ClusterOptions};

use crate::support::proxy::Proxy;
use crate::support::{
    cluster, tls, Quell, CLEAR_PASSWORD, CLEAR_ROLE, SCRAM_PASSWORD, SCRAM_ROLE, TLS_ROLE,
};

struct Others {
    /// `default_transaction_read_only = on`, no TLS.
    read_only: Cluster,
    /// TLS with `ssl_max_protocol_version = TLSv1.2`.
    tls12: Cluster,
}

fn others() -> &'static Others {
    static OTHERS: OnceLock<Others> = OnceLock::new();
    OTHERS.get_or_init(|| {
        let small = |setting: (&str, &str), ssl: Option<(String, String)>| ClusterOptions {
            max_connections: 20,
            settings: vec![(setting.0.to_string(), setting.1.to_string())],
            ssl,
            pg_cron: false,
            ..ClusterOptions::default()
        };
        let cert = (tls().server_cert.clone(), tls().server_key.clone());
        let tls12 = std::thread::spawn(move || {
            Cluster::start(small(("ssl_max_protocol_version", "TLSv1.2"), Some(cert)))
        });
        let read_only = Cluster::start(small(("default_transaction_read_only", "on"), None))
            .expect("starting the read-only server");
        Others {
            read_only,
            tls12: tls12
                .join()
                .unwrap()
                .expect("starting the TLS 1.2-only server"),
        }
    })
}

/// What one connection shows: the server's port, the user, the TLS version (or
/// `none`) and whether the session is read-only.
const QUERY: &str = "SELECT current_setting('port'), current_user, \
    coalesce((SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid() AND ssl), 'none'), \
    current_setting('transaction_read_only')";

type Seen = Result<String, String>;

/// libpq (psql) with only `env` (and PATH, an empty HOME) in its environment.
fn libpq(dsn: &str, env: &[(&str, &str)]) -> Seen {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(cluster().bindir().join("psql"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("PGCONNECT_TIMEOUT", "5")
        .envs(env.iter().copied())
        .args(["-X", "-At", "-F", "|", "-c", QUERY, dsn])
        .output()
        .unwrap();
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

/// quell's resolution and connect, with the same environment.
fn quell(dsn: &str, env: &[(&str, &str)]) -> Seen {
    let home = tempfile::tempdir().unwrap();
    let mut ctx = quell::db::conninfo::Context::from_process();
    // libpq's PGCONNECT_TIMEOUT=5 as psql gets it, unless the case sets its own.
    ctx.env = std::iter::once(("PGCONNECT_TIMEOUT", "5"))
        .chain(env.iter().copied())
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    ctx.home = Some(home.path().to_path_buf());
    let targets = quell::config::Config::default()
        .targets(&[], Some(dsn), &ctx)
        .map_err(|e| format!("{e:#}"))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let session = quell::db::connect(&targets[0])
            .await
            .map_err(|e| format!("{e:#}"))?;
        let rows = session
            .client
            .simple_query(QUERY)
            .await
            .map_err(|e| e.to_string())?;
        let row = rows
            .iter()
            .find_map(|m| match m {
                tokio_postgres::SimpleQueryMessage::Row(r) => Some(r),
                _ => None,
            })
            .unwrap();
        Ok((0..4)
            .map(|i| row.get(i).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("|"))
    })
}

fn ports() -> (u16, u16, u16) {
    (
        cluster().port(),
        others().read_only.port(),
        others().tls12.port(),
    )
}

/// `{main}`, `{ro}`, `{t12}`, `{socket}`, `{ca}`, `{other_ca}` and the roles'
/// names and passwords filled in.
fn fill(template: &str) -> String {
    let (main, ro, t12) = ports();
    template
        .replace("{main}", &main.to_string())
        .replace("{ro}", &ro.to_string())
        .replace("{t12}", &t12.to_string())
        .replace("{socket}", &cluster().socket_dir().display().to_string())
        .replace("{ca}", &tls().ca_pem.display().to_string())
        .replace("{other_ca}", &tls().other_ca_pem.display().to_string())
        .replace("{tls_role}", TLS_ROLE)
        .replace(
            "{clear}",
            &format!("user={CLEAR_ROLE} password={CLEAR_PASSWORD}"),
        )
        .replace(
            "{scram}",
            &format!("user={SCRAM_ROLE} password='{SCRAM_PASSWORD}'"),
        )
}

#[test]
fn quell_connects_where_libpq_connects_and_fails_where_it_fails() {
    const TCP: &str = "host=127.0.0.1 dbname=postgres";
    let cases: &[(&str, &[(&str, &str)])] = &[
        // requiressl / PGREQUIRESSL (libpq 15): sslmode=require unless sslmode says
        // otherwise, by position in a conninfo, below PGSSLMODE in the environment.
        ("{tcp} port={main} user={tls_role} requiressl=1", &[]),
        ("{tcp} port={main} user={tls_role} sslmode=disable requiressl=1", &[]),
        ("{tcp} port={main} user=postgres requiressl=1 sslmode=disable", &[]),
        ("postgresql://postgres@127.0.0.1:{main}/postgres?requiressl=1", &[]),
        ("{tcp} port={ro} user=postgres", &[("PGREQUIRESSL", "1")]),
        ("{tcp} port={ro} user=postgres", &[("PGREQUIRESSL", "0")]),
        ("{tcp} port={ro} user=postgres", &[("PGREQUIRESSL", "1"), ("PGSSLMODE", "prefer")]),
        ("{tcp} port={ro} user=postgres requiressl=1", &[]),
        // Empty variables are set, as libpq reads them.
        ("{tcp} port={main} user=postgres", &[("PGSSLMODE", "")]),
        ("{tcp} port={main} user=postgres", &[("PGCONNECT_TIMEOUT", "")]),
        ("{tcp} port={main} user=postgres", &[("PGCHANNELBINDING", "")]),
        ("{tcp} port={main} user=postgres", &[("PGSSLMINPROTOCOLVERSION", "")]),
        ("dbname=postgres user=postgres", &[("PGHOST", "127.0.0.1"), ("PGPORT", "{main}"), ("PGUSER", "")]),
        // No host: the compiled-in socket directory, where nothing listens on this
        // port; never another directory, never TCP localhost.
        ("dbname=postgres user=postgres", &[("PGPORT", "{main}")]),
        ("dbname=postgres user=postgres port={main}", &[("PGHOST", "")]),
        ("host={socket} port={main} dbname=postgres user=postgres", &[]),
        // target_session_attrs over a read-only and a read-write server.
        ("host=127.0.0.1,127.0.0.1 port={ro},{main} dbname=postgres user=postgres target_session_attrs=read-write", &[]),
        ("host=127.0.0.1,127.0.0.1 port={main},{ro} dbname=postgres user=postgres target_session_attrs=read-only", &[]),
        ("{tcp} port={ro} user=postgres target_session_attrs=read-write", &[]),
        ("host=127.0.0.1,127.0.0.1 port={ro},{main} dbname=postgres user=postgres target_session_attrs=primary", &[]),
        ("host=127.0.0.1,127.0.0.1 port={main},{ro} dbname=postgres user=postgres target_session_attrs=standby", &[]),
        ("host=127.0.0.1,127.0.0.1 port={main},{ro} dbname=postgres user=postgres target_session_attrs=prefer-standby", &[]),
        ("host=127.0.0.1,127.0.0.1 port={ro},{main} dbname=postgres user=postgres target_session_attrs=any", &[]),
        ("host=127.0.0.1,127.0.0.1 port={ro},{main} dbname=postgres user=postgres", &[("PGTARGETSESSIONATTRS", "read-write")]),
        ("host=127.0.0.1,127.0.0.1 port={main},{ro} dbname=postgres user=postgres", &[("PGTARGETSESSIONATTRS", "read-only")]),
        // channel_binding: only SCRAM over TLS passes require.
        ("{tcp} port={main} {clear} sslmode=require channel_binding=require", &[]),
        ("{tcp} port={main} {clear} sslmode=disable channel_binding=require", &[]),
        ("{tcp} port={main} {clear} sslmode=disable", &[]),
        ("{tcp} port={main} {clear} sslmode=require", &[("PGCHANNELBINDING", "require")]),
        ("{tcp} port={main} {scram} sslmode=require channel_binding=require", &[]),
        ("{tcp} port={main} {scram} sslmode=disable channel_binding=require", &[]),
        ("{tcp} port={main} {scram} sslmode=require channel_binding=disable", &[]),
        ("host={socket} port={main} dbname=postgres user=postgres channel_binding=require", &[]),
        ("host={socket} port={main} dbname=postgres {clear} channel_binding=require", &[]),
        ("{tcp} port={main} user=postgres sslmode=require channel_binding=require", &[]),
        // TLS protocol bounds, against a TLS 1.2-only server and the TLS 1.3 one.
        ("{tcp} port={t12} user=postgres sslmode=require", &[]),
        ("{tcp} port={t12} user=postgres sslmode=require ssl_min_protocol_version=TLSv1.3", &[]),
        ("{tcp} port={t12} user=postgres sslmode=prefer ssl_min_protocol_version=TLSv1.3", &[]),
        ("{tcp} port={t12} user=postgres sslmode=require", &[("PGSSLMINPROTOCOLVERSION", "TLSv1.3")]),
        ("{tcp} port={main} user=postgres sslmode=require ssl_max_protocol_version=TLSv1.2", &[]),
        ("{tcp} port={main} user=postgres sslmode=require", &[("PGSSLMAXPROTOCOLVERSION", "TLSv1.2")]),
        ("{tcp} port={main} user=postgres sslmode=require ssl_min_protocol_version=TLSv1.3 ssl_max_protocol_version=TLSv1.2", &[]),
        ("{tcp} port={main} user=postgres ssl_min_protocol_version=TLSv1.4", &[]),
        ("{tcp} port={main} user=postgres ssl_max_protocol_version=TLSv1.1", &[]),
        // Certificate files that do not exist.
        ("{tcp} port={main} user={tls_role} sslmode=require sslrootcert=/nonexistent/root.crt", &[]),
        ("{tcp} port={main} user={tls_role} sslmode=verify-ca sslrootcert=/nonexistent/root.crt", &[]),
        ("{tcp} port={main} user={tls_role} sslmode=require sslcert=/nonexistent/c.crt sslkey=/nonexistent/c.key", &[]),
        // require with a root certificate that exists verifies the chain.
        ("{tcp} port={main} user={tls_role} sslmode=require sslrootcert={ca}", &[]),
        ("{tcp} port={main} user={tls_role} sslmode=require sslrootcert={other_ca}", &[]),
        // GSSAPI: libpq can do no GSS encryption here either.
        ("{tcp} port={main} user=postgres gssencmode=require", &[]),
        ("{tcp} port={main} user=postgres gssencmode=prefer", &[]),
        ("{tcp} port={main} user=postgres gssencmode=disable", &[]),
        // Honoured with libpq's meaning.
        ("{tcp} port={main} user={tls_role} sslmode=require sslcompression=1 sslsni=0", &[]),
        ("{tcp} port={main} user=postgres client_encoding=UTF8", &[]),
        ("{tcp} port={main} user=postgres keepalives=0 tcp_user_timeout=5000", &[]),
        ("{tcp} port={main} user=postgres", &[("PGCLIENTENCODING", "UTF8")]),
    ];
    let mut differences = Vec::new();
    let mut connected = 0;
    for (template, env) in cases {
        let dsn = fill(&template.replace("{tcp}", TCP));
        let env: Vec<(String, String)> =
            env.iter().map(|(k, v)| (k.to_string(), fill(v))).collect();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let (want, got) = (libpq(&dsn, &env), quell(&dsn, &env));
        let same = match (&want, &got) {
            (Ok(a), Ok(b)) => a == b,
            (Err(_), Err(_)) => true,
            _ => false,
        };
        connected += usize::from(want.is_ok());
        if !same {
            differences.push(format!(
                "{dsn} {env:?}\n  libpq: {want:?}\n  quell: {got:?}"
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} inputs differ from libpq:\n{}",
        differences.len(),
        cases.len(),
        differences.join("\n")
    );
    // The table exercises both outcomes.
    assert!(
        connected > 20 && connected < cases.len() - 10,
        "{connected}"
    );
}

#[test]
fn what_quell_refuses_by_design_libpq_honours_and_quell_names_the_keyword() {
    const TCP: &str = "host=127.0.0.1 dbname=postgres user=postgres";
    for (extra, env, want) in [
        (
            "client_encoding=LATIN1",
            None,
            "client_encoding=LATIN1 is not supported by quell",
        ),
        (
            "krbsrvname=postgres",
            None,
            "krbsrvname is not supported by quell",
        ),
        (
            "requirepeer=postgres",
            None,
            "requirepeer is not supported by quell",
        ),
        (
            "replication=database",
            None,
            "replication=database is not supported by quell",
        ),
        (
            "sslcrl=/nonexistent.crl",
            None,
            "sslcrl is not supported by quell",
        ),
        (
            "",
            Some(("PGKRBSRVNAME", "postgres")),
            "krbsrvname (from PGKRBSRVNAME) is not supported by quell",
        ),
    ] {
        let dsn = format!("{TCP} port={} {extra}", cluster().port());
        let env: Vec<(&str, &str)> = env.into_iter().collect();
        assert!(
            libpq(&dsn, &env).is_ok(),
            "libpq connects with {extra} {env:?}"
        );
        let got = quell(&dsn, &env).unwrap_err();
        assert!(got.contains(want), "{dsn}: {got}");
    }
}

#[test]
fn channel_binding_require_never_sends_a_cleartext_password() {
    let proxy = Proxy::freezing_on(cluster().port(), b"\0never\0");
    let dsn = |extra: &str| {
        format!(
            "host=127.0.0.1 port={} dbname=postgres user={CLEAR_ROLE} password={CLEAR_PASSWORD} sslmode=disable {extra}",
            proxy.port
        )
    };
    let refused = Quell::new()
        .args(["connections"])
        .dsn(&dsn("channel_binding=require"))
        .run()
        .code(2);
    assert!(
        refused.stderr.contains("channel_binding=require")
            && refused.stderr.contains("no password was sent"),
        "{}",
        refused.stderr
    );
    assert!(
        !proxy.saw(CLEAR_PASSWORD.as_bytes()),
        "the password went on the wire"
    );
    // Without it the server's cleartext request is answered: the proxy sees it.
    Quell::new()
        .args(["connections"])
        .dsn(&dsn(""))
        .run()
        .success();
    assert!(proxy.saw(CLEAR_PASSWORD.as_bytes()));
}

#[test]
fn target_session_attrs_routes_a_host_list_and_says_why_a_host_was_passed_over() {
    let (main, ro, _) = ports();
    let dsn = |attrs: &str, order: &str| {
        format!("host=127.0.0.1,127.0.0.1 port={order} dbname=postgres user=postgres target_session_attrs={attrs}")
    };
    let port = |seen: Seen| seen.unwrap().split('|').next().unwrap().to_string();
    assert_eq!(
        port(quell(&dsn("read-write", &format!("{ro},{main}")), &[])),
        main.to_string()
    );
    assert_eq!(
        port(quell(&dsn("read-only", &format!("{main},{ro}")), &[])),
        ro.to_string()
    );
    let run = Quell::new()
        .args(["connections"])
        .dsn(&dsn("read-write", &format!("{ro},{ro}")))
        .run()
        .code(2);
    assert!(
        run.stderr.contains(&format!(
            "127.0.0.1:{ro}: session is read-only (target_session_attrs=read-write)"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
}

#[test]
fn load_balance_hosts_random_spreads_connections_over_the_list() {
    let (main, ro, _) = ports();
    let dsn = |extra: &str| {
        format!("host=127.0.0.1,127.0.0.1 port={ro},{main} dbname=postgres user=postgres {extra}")
    };
    let seen = |dsn: &str| {
        (0..24)
            .map(|_| {
                quell(dsn, &[])
                    .unwrap()
                    .split('|')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert_eq!(seen(&dsn("")).len(), 1, "in order: always the first host");
    assert_eq!(seen(&dsn("load_balance_hosts=random")).len(), 2);
}

#[test]
fn sslnegotiation_direct_speaks_tls_first_which_a_postgresql_15_server_refuses() {
    let base = format!(
        "host=127.0.0.1 port={} dbname=postgres user=postgres sslmode=require",
        cluster().port()
    );
    assert!(quell(&base, &[]).is_ok());
    let err = quell(&format!("{base} sslnegotiation=direct"), &[]).unwrap_err();
    assert!(err.contains("connecting to 127.0.0.1"), "{err}");
}

#[test]
fn config_check_says_where_each_hosts_password_comes_from() {
    let (main, ro, _) = ports();
    let home = tempfile::tempdir().unwrap();
    let pgpass = home.path().join(".pgpass");
    std::fs::write(&pgpass, format!("127.0.0.1:{main}:*:*:pw\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = Quell::new()
        .env("HOME", home.path())
        .args(["config", "check", "-o", "json"])
        .dsn(&format!(
            "host=127.0.0.1,127.0.0.1 port={main},{ro} dbname=postgres user=postgres"
        ))
        .run()
        .success();
    let password = run.json()["targets"][0]["password"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        password,
        format!("127.0.0.1:{main}: password file, 127.0.0.1:{ro}: none")
    );
}
