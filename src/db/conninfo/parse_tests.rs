//! Unit tests of conninfo syntax (`parse.rs`): URLs, `key=value` strings, every documented
//! keyword, and errors that never echo a password.

use super::super::fixture::pairs;
use super::*;

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
        // A NUL byte: libpq would cut the string there; refused, the rest unshown.
        (
            "hostaddr=,\0password=hunter2",
            "has a NUL byte at position 11",
        ),
        // The @host forgotten: the password would be read as a port.
        (
            "postgresql://u:hunter2/db",
            "invalid port in the URI (not shown",
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
