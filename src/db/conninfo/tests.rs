//! Unit tests of resolution (`mod.rs`): defaults, host lists and ports, value
//! validation, the precedence dsn > service file > environment > defaults, where a password
//! comes from, and the display forms. Syntax, service-file and password-file details are
//! tested beside their modules.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use super::fixture::{hosts, pairs, password, tcp, Fixture, Vars};
use super::*;

#[test]
fn defaults() {
    let fx = Fixture::new();
    let p = fx.params("");
    assert_eq!(hosts(&p), vec![(Host::Unix(fx.path("run")), 5432)]);
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
    assert_eq!(hosts(&p), vec![(Host::Unix(fx.path("run")), 5432)]);
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
fn default_host_is_the_compiled_in_socket_dir_whether_or_not_a_server_listens() {
    let fx = Fixture::new();
    // No socket anywhere: still the socket directory (libpq then fails to connect;
    // it never tries another directory or TCP localhost).
    let run = Host::Unix(fx.path("run"));
    assert_eq!(hosts(&fx.params("")), vec![(run.clone(), 5432)]);
    // A socket in another directory does not count.
    fx.write("tmp/.s.PGSQL.5432", "", 0o600);
    assert_eq!(hosts(&fx.params("")), vec![(run.clone(), 5432)]);
    assert_eq!(hosts(&fx.params("port=5433")), vec![(run.clone(), 5433)]);
    // Per endpoint: an empty element in a host list gets the default too.
    assert_eq!(
        hosts(&fx.params("host=a,,b port=5432,5433,5432")),
        vec![(tcp("a"), 5432), (run, 5433), (tcp("b"), 5432)]
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
        // In a URI without credentials the "port" may be a password whose @host was
        // forgotten: refused without being echoed.
        (
            "postgresql://h:54x2/db",
            "invalid port in the URI (not shown",
        ),
        (
            "postgresql://u:p@h:54x2/db",
            "invalid port number: \"54x2\"",
        ),
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
            .target_session_attrs,
        SessionAttrs::Standby
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
    assert_eq!(p.target_session_attrs, SessionAttrs::ReadOnly);
    assert_eq!(p.channel_binding, ChannelBinding::Prefer);
    assert_eq!(
        p.extra,
        pairs(&[
            ("channel_binding", "prefer"),
            ("target_session_attrs", "read-only")
        ])
    );
}

#[test]
fn empty_env_vars_are_set_as_libpq_reads_them() {
    // Empty host, port, user, dbname, password, application name: the defaults.
    let fx = Fixture::new().env(&[
        ("PGHOST", ""),
        ("PGPORT", ""),
        ("PGUSER", ""),
        ("PGDATABASE", ""),
        ("PGPASSWORD", ""),
        ("PGAPPNAME", ""),
        ("PGSSLMINPROTOCOLVERSION", ""),
    ]);
    let p = fx.params("");
    assert_eq!(hosts(&p), vec![(Host::Unix(fx.path("run")), 5432)]);
    assert_eq!(p.user, "osuser");
    assert_eq!(p.sslmode, SslMode::Prefer);
    assert_eq!(p.application_name, None);
    assert_eq!(p.endpoints[0].password_source, PasswordSource::None);
    // An empty minimum is no minimum (libpq's default is TLSv1.2).
    assert_eq!(p.tls.min, None);
    assert_eq!(Fixture::new().params("").tls.min, Some(TlsVersion::V1_2));
    // Empty enumerated values, an empty timeout and an empty service are errors, as
    // in libpq (PGSSLMODE= is not "prefer").
    for (var, want) in [
        ("PGSSLMODE", "invalid sslmode value: \"\""),
        (
            "PGCONNECT_TIMEOUT",
            "invalid integer value \"\" for connection option \"connect_timeout\"",
        ),
        ("PGCHANNELBINDING", "invalid channel_binding value: \"\""),
        ("PGGSSENCMODE", "invalid gssencmode value: \"\""),
        (
            "PGTARGETSESSIONATTRS",
            "invalid target_session_attrs value: \"\"",
        ),
        ("PGSERVICE", "definition of service \"\" not found"),
    ] {
        let err = Fixture::new().env(&[(var, "")]).error("");
        assert!(err.contains(want), "{var}: {err}");
    }
}

#[test]
fn requiressl_and_pgrequiressl_mean_sslmode_require_as_in_libpq_15() {
    let fx = Fixture::new();
    assert_eq!(fx.params("requiressl=1").sslmode, SslMode::Require);
    assert_eq!(fx.params("requiressl=0").sslmode, SslMode::Prefer);
    // Where it stands decides, like any repeated keyword.
    assert_eq!(
        fx.params("sslmode=disable requiressl=1").sslmode,
        SslMode::Require
    );
    assert_eq!(
        fx.params("requiressl=1 sslmode=disable").sslmode,
        SslMode::Disable
    );
    assert_eq!(
        fx.params("postgresql://h/db?requiressl=1").sslmode,
        SslMode::Require
    );
    let env = |vars: &[(&str, &str)]| Fixture::new().env(vars).params("").sslmode;
    assert_eq!(env(&[("PGREQUIRESSL", "1")]), SslMode::Require);
    assert_eq!(env(&[("PGREQUIRESSL", "10")]), SslMode::Require);
    assert_eq!(env(&[("PGREQUIRESSL", "0")]), SslMode::Prefer);
    // PGSSLMODE wins over PGREQUIRESSL; the dsn over both.
    assert_eq!(
        env(&[("PGREQUIRESSL", "1"), ("PGSSLMODE", "disable")]),
        SslMode::Disable
    );
    assert_eq!(
        Fixture::new()
            .env(&[("PGREQUIRESSL", "1")])
            .params("sslmode=allow")
            .sslmode,
        SslMode::Allow
    );
}

#[test]
fn every_keyword_quell_cannot_honour_is_refused_by_name_with_where_it_came_from() {
    let fx = Fixture::new();
    for (dsn, want) in [
        ("require_auth=scram-sha-256", "require_auth is not supported by quell"),
        ("gssencmode=require", "gssencmode=require is not supported by quell: quell has no GSSAPI"),
        ("krbsrvname=pg", "krbsrvname is not supported by quell"),
        ("gsslib=gssapi", "gsslib is not supported by quell"),
        ("gssdelegation=1", "gssdelegation=1 is not supported by quell"),
        ("sslpassword=keypass", "sslpassword is not supported by quell"),
        ("sslcrl=/c.pem", "sslcrl is not supported by quell"),
        ("sslcrldir=/crl", "sslcrldir is not supported by quell"),
        ("requirepeer=postgres", "requirepeer is not supported by quell"),
        ("sslcertmode=require", "sslcertmode=require is not supported by quell"),
        ("replication=database", "replication=database is not supported by quell"),
        ("client_encoding=LATIN1", "client_encoding=LATIN1 is not supported by quell"),
        ("ssl_max_protocol_version=TLSv1.1 ssl_min_protocol_version=TLSv1",
         "ssl_max_protocol_version=TLSv1.1 is not supported by quell: it speaks TLS 1.2 and 1.3 only"),
    ] {
        let err = fx.error(dsn);
        assert!(err.contains(want), "{dsn}: {err}");
        assert!(!err.contains("keypass"), "{err}");
    }
    let err = Fixture::new()
        .env(&[("PGREQUIREAUTH", "password")])
        .error("");
    assert!(
        err.contains("require_auth (from PGREQUIREAUTH) is not supported"),
        "{err}"
    );
    // What libpq accepts and quell honours, with the values quell can honour.
    for dsn in [
        "gssencmode=disable gssencmode=prefer gssdelegation=0",
        "client_encoding=utf8",
        "client_encoding=auto",
        "replication=false",
        "sslcertmode=disable",
        "sslcompression=1",
        "require_auth=",
    ] {
        fx.params(dsn);
    }
}

#[test]
fn tls_keywords_are_validated_and_kept_as_libpq_reads_them() {
    let fx = Fixture::new();
    for (dsn, want) in [
        (
            "ssl_min_protocol_version=TLSv9",
            "invalid ssl_min_protocol_version value: \"TLSv9\"",
        ),
        (
            "ssl_max_protocol_version=tls1.2",
            "invalid ssl_max_protocol_version value: \"tls1.2\"",
        ),
        (
            "ssl_min_protocol_version=TLSv1.3 ssl_max_protocol_version=TLSv1.2",
            "invalid SSL protocol version range",
        ),
        // The default minimum is TLSv1.2.
        (
            "ssl_max_protocol_version=TLSv1.1",
            "invalid SSL protocol version range",
        ),
        (
            "sslnegotiation=direct",
            "weak sslmode \"prefer\" may not be used with sslnegotiation=direct",
        ),
    ] {
        let err = fx.error(dsn);
        assert!(err.contains(want), "{dsn}: {err}");
    }
    let p = fx.params(
        "ssl_min_protocol_version=tlsv1.3 sslsni=0 sslcertmode=disable sslmode=require sslnegotiation=direct load_balance_hosts=random",
    );
    assert_eq!(
        p.tls,
        TlsSettings {
            min: Some(TlsVersion::V1_3),
            max: None,
            sni: false,
            no_client_cert: true,
            direct: true,
        }
    );
    assert!(p.load_balance);
    assert_eq!(fx.params("").tls, TlsSettings::default());
    assert_eq!(
        fx.params("channel_binding=require").channel_binding,
        ChannelBinding::Require
    );
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
        (("", &[], "", "host"), "(the default socket directory)"),
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
            "host" if p.endpoints[0].host == Host::Unix(fx.path("run")) => {
                "(the default socket directory)".to_string()
            }
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

#[test]
fn extras_are_kept() {
    let fx = Fixture::new().env(&[("PGSSLSNI", "0")]);
    let p = fx.params(
        "keepalives_idle=30 tcp_user_timeout=1000 client_encoding=UTF8 gssencmode=disable \
         keepalives=''",
    );
    assert_eq!(
        p.extra,
        pairs(&[
            ("client_encoding", "UTF8"),
            ("keepalives_idle", "30"),
            ("tcp_user_timeout", "1000"),
            ("sslsni", "0"),
            ("gssencmode", "disable"),
        ])
    );
    let p = fx.params("fallback_application_name=fb");
    assert_eq!(p.fallback_application_name.as_deref(), Some("fb"));
}

#[test]
fn tcp_keywords_are_read_as_libpq_reads_them() {
    let fx = Fixture::new();
    let p = fx.params(
        "keepalives_idle=30 keepalives_interval=0 keepalives_count=4 tcp_user_timeout=1500",
    );
    assert_eq!(
        p.tcp,
        TcpSettings {
            keepalives: None,
            idle: Some(Duration::from_secs(30)),
            interval: None,
            count: Some(4),
            user_timeout: Some(Duration::from_millis(1500)),
        }
    );
    assert_eq!(fx.params("keepalives=0").tcp.keepalives, Some(false));
    assert_eq!(fx.params("").tcp, TcpSettings::default());
    for bad in [
        "keepalives_idle=soon",
        "tcp_user_timeout=-5",
        "keepalives_count=x",
    ] {
        let err = resolve(Some(bad), &fx.ctx).unwrap_err().to_string();
        let name = bad.split('=').next().unwrap();
        assert!(err.contains(name), "{bad}: {err}");
    }
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
        (
            "host=localhost",
            "user=osuser dbname=osuser host=localhost port=5432 sslmode=prefer",
        ),
        (
            "postgresql://alice:hunter2@db.example.com:6432/app?sslmode=require&application_name=my%20app",
            "user=alice password=******** dbname=app host=db.example.com port=6432 \
             application_name='my app' sslmode=require",
        ),
        (
            "host=/tmp/sock user=o'neil dbname=db-1 password='p w' keepalives_idle=5",
            r"user='o\'neil' password=******** dbname='db-1' host='/tmp/sock' port=5432 keepalives_idle=5 sslmode=prefer",
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
    let p =
        fx.params("host=a,b port=1,2 hostaddr=10.0.0.1, user=u connect_timeout=1 options='-c x=y'");
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
        "password='hunter2 with spaces' host=h",
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
    assert_eq!(ctx.socket_dir, PathBuf::from("/var/run/postgresql"));
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

/// The keyword table in docs/connecting.md lists every keyword libpq knows, its environment
/// variable, and what quell does with it, as the table in `parse` says.
#[test]
fn the_docs_list_every_keyword_as_honoured_or_refused() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/connecting.md"))
            .unwrap();
    let rows: Vec<&str> = readme.lines().filter(|l| l.starts_with("| `")).collect();
    for (name, env, support) in keyword_support() {
        let env = env.map_or("—".to_string(), |e| format!("`{e}`"));
        let head = format!("| `{name}` | {env} | ");
        let row = rows
            .iter()
            .find(|r| r.starts_with(&head))
            .unwrap_or_else(|| panic!("docs/connecting.md has no row starting {head:?}"));
        let said = &row[head.len()..];
        let ok = match support {
            Support::Honoured => said.starts_with("honoured"),
            Support::Only(values, _) => {
                said.starts_with("honoured")
                    && said.contains("refused")
                    && values
                        .iter()
                        .take(2)
                        .all(|v| said.contains(&format!("`{v}`")))
            }
            Support::Refused(_) => said.starts_with("refused"),
        };
        assert!(
            ok,
            "docs/connecting.md's row for {name} says {said:?}, quell: {support:?}"
        );
    }
    assert!(rows
        .iter()
        .any(|r| r.starts_with("| `requiressl` | `PGREQUIRESSL` | honoured")));
}
