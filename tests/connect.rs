//! Connection parameters resolved as libpq resolves them, against a real server:
//! environment, URL, conninfo, service file, .pgpass with scram, unix sockets, sslmode.

use crate::support::{closed_port, cluster, tls, Db, Quell, SCRAM_PASSWORD, SCRAM_ROLE, TLS_ROLE};

fn port() -> String {
    cluster().port().to_string()
}

#[test]
fn environment_variables_alone_like_psql() {
    let db = Db::new("env");
    let run = Quell::new()
        .args(["connections", "-o", "json"])
        .env("PGHOST", "127.0.0.1")
        .env("PGPORT", port())
        .env("PGUSER", "postgres")
        .env("PGDATABASE", &db.name)
        .run()
        .success();
    let entry = run.entry();
    assert_eq!(entry["ok"], true);
    assert_eq!(entry["target"], format!("127.0.0.1:{}", port()));
}

#[test]
fn url_and_conninfo_forms() {
    let db = Db::new("url");
    for dsn in [
        format!(
            "postgresql://postgres@127.0.0.1:{}/{}?application_name=from-url",
            port(),
            db.name
        ),
        format!(
            "postgres://postgres@[::1]:1,127.0.0.1:{}/{}",
            port(),
            db.name
        ),
        format!(
            "host=127.0.0.1 port={} user=postgres dbname='{}'",
            port(),
            db.name
        ),
    ] {
        let run = Quell::new()
            .args(["connections", "-o", "json"])
            .dsn(&dsn)
            .run()
            .success();
        assert_eq!(run.entry()["ok"], true, "{dsn}");
    }
    let run = Quell::new()
        .args(["config", "check", "-o", "json"])
        .dsn(&format!(
            "postgresql://postgres@127.0.0.1:{}/{}?application_name=from-url",
            port(),
            db.name
        ))
        .run()
        .success();
    assert_eq!(run.entry()["session"]["application_name"], "from-url");
    let run = Quell::new()
        .args(["config", "check", "-o", "json"])
        .dsn(&db.dsn())
        .run()
        .success();
    assert_eq!(
        run.entry()["session"]["application_name"],
        "quell",
        "default application_name"
    );
}

#[test]
fn explicit_dsn_beats_environment() {
    let db = Db::new("prec");
    // PGPORT points nowhere; the DSN's port wins, the environment fills in the user.
    let run = Quell::new()
        .args(["connections", "-o", "json"])
        .dsn(&format!(
            "host=127.0.0.1 port={} dbname={}",
            port(),
            db.name
        ))
        .env("PGPORT", closed_port().to_string())
        .env("PGUSER", "postgres")
        .run()
        .success();
    assert_eq!(run.entry()["ok"], true);
}

#[test]
fn bad_conninfo_is_a_one_line_error() {
    for (dsn, want) in [
        ("host=x hots=y", "invalid connection option \"hots\""),
        ("host=127.0.0.1 port=54x2", "port"),
        ("host=127.0.0.1 sslmode=verify", "sslmode"),
    ] {
        let run = Quell::new().args(["connections"]).dsn(dsn).run().code(2);
        assert!(run.stderr.starts_with("quell: error: "), "{}", run.stderr);
        assert!(run.stderr.contains(want), "{dsn}: {}", run.stderr);
        assert_eq!(run.stderr.trim_end().lines().count(), 1, "{}", run.stderr);
    }
}

#[test]
fn service_file_from_pgservicefile_and_home() {
    let db = Db::new("svc");
    let service = format!(
        "# ops services\n[ops]\nhost=127.0.0.1\nport={}\nuser=postgres\ndbname={}\n",
        port(),
        db.name
    );
    // PGSERVICEFILE + PGSERVICE; the service's port beats PGPORT (service > environment).
    let q = Quell::new().file("elsewhere/services.conf", &service, 0o644);
    let path = q.home().join("elsewhere/services.conf");
    let run = q
        .args(["connections", "-o", "json"])
        .env("PGSERVICEFILE", &path)
        .env("PGSERVICE", "ops")
        .env("PGPORT", closed_port().to_string())
        .run()
        .success();
    assert_eq!(run.entry()["ok"], true);
    // ~/.pg_service.conf with service= in the DSN.
    let run = Quell::new()
        .file(".pg_service.conf", &service, 0o644)
        .args(["connections", "-o", "json"])
        .dsn("service=ops")
        .run()
        .success();
    assert_eq!(run.entry()["ok"], true);
    let run = Quell::new()
        .file(".pg_service.conf", &service, 0o644)
        .args(["connections"])
        .dsn("service=nope")
        .run()
        .code(2);
    assert!(
        run.stderr
            .contains("definition of service \"nope\" not found"),
        "{}",
        run.stderr
    );
}

fn scram_dsn(db: &Db) -> String {
    format!(
        "host=127.0.0.1 port={} user={SCRAM_ROLE} dbname={}",
        port(),
        db.name
    )
}

#[test]
fn pgpass_with_scram_and_the_permission_rule() {
    let db = Db::new("pgpass");
    let line = format!(
        "# comment\nother:*:*:*:wrong\n127.0.0.1:{}:*:{SCRAM_ROLE}:{}\n",
        port(),
        SCRAM_PASSWORD.replace(':', "\\:")
    );

    let run = Quell::new()
        .args(["connections"])
        .dsn(&scram_dsn(&db))
        .run()
        .code(2);
    assert!(
        run.stderr.contains("password"),
        "no password: {}",
        run.stderr
    );

    let run = Quell::new()
        .file(".pgpass", &line, 0o600)
        .args(["connections", "-o", "json", "-vv"])
        .dsn(&scram_dsn(&db))
        .run()
        .success();
    assert_eq!(run.entry()["ok"], true);
    assert!(
        !run.stdout.contains(SCRAM_PASSWORD) && !run.stderr.contains(SCRAM_PASSWORD),
        "password leaked"
    );

    let run = Quell::new()
        .file(".pgpass", &line, 0o644)
        .args(["connections"])
        .dsn(&scram_dsn(&db))
        .run()
        .code(2);
    assert!(
        run.stderr.contains("has group or world access"),
        "{}",
        run.stderr
    );

    // PGPASSWORD beats the password file, even when wrong.
    let run = Quell::new()
        .file(".pgpass", &line, 0o600)
        .args(["connections"])
        .dsn(&scram_dsn(&db))
        .env("PGPASSWORD", "wrong")
        .run()
        .code(2);
    assert!(
        run.stderr.contains("password authentication failed"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("wrong"),
        "PGPASSWORD leaked: {}",
        run.stderr
    );

    // PGPASSFILE points somewhere else.
    let q = Quell::new().file("secrets/pass", &line, 0o600);
    let path = q.home().join("secrets/pass");
    let run = q
        .args(["config", "check", "-o", "json"])
        .dsn(&scram_dsn(&db))
        .env("PGPASSFILE", &path)
        .run()
        .success();
    assert_eq!(run.entry()["password"], "password file");
    assert!(
        !run.stdout.contains(SCRAM_PASSWORD),
        "config check leaked the password"
    );
}

#[test]
fn password_in_dsn_is_redacted_everywhere() {
    let db = Db::new("redact");
    let dsn = format!(
        "postgresql://{SCRAM_ROLE}:{}@127.0.0.1:{}/{}",
        SCRAM_PASSWORD.replace(':', "%3A"),
        port(),
        db.name
    );
    let run = Quell::new()
        .args(["config", "check", "-v"])
        .dsn(&dsn)
        .run()
        .success();
    assert!(run.stdout.contains("********"), "{}", run.stdout);
    assert!(!run.stdout.contains(SCRAM_PASSWORD) && !run.stderr.contains(SCRAM_PASSWORD));
}

#[test]
fn unix_socket_host() {
    let db = Db::new("sock");
    let dir = cluster().socket_dir().display().to_string();
    let encoded = dir.replace('/', "%2F");
    for dsn in [
        format!(
            "host={dir} port={} user=postgres dbname={}",
            port(),
            db.name
        ),
        format!(
            "postgresql://{encoded}:{}/{}?user=postgres",
            port(),
            db.name
        ),
        format!(
            "postgresql:///{}?host={dir}&port={}&user=postgres",
            db.name,
            port()
        ),
    ] {
        let run = Quell::new()
            .args(["connections", "-o", "json"])
            .dsn(&dsn)
            .run()
            .success();
        assert_eq!(run.entry()["ok"], true, "{dsn}");
    }
}

#[test]
fn sslmodes_against_a_tls_server() {
    let db = Db::new("tls");
    let ca = tls().ca_pem.display().to_string();
    let other = tls().other_ca_pem.display().to_string();
    let base = |user: &str, host: &str| {
        format!("host={host} port={} user={user} dbname={}", port(), db.name)
    };
    // The server rejects TLS_ROLE without TLS, so success proves encryption was used.
    let ok = [
        format!("{} sslmode=require", base(TLS_ROLE, "127.0.0.1")),
        format!("{} sslmode=prefer", base(TLS_ROLE, "127.0.0.1")),
        format!("{} sslmode=allow", base(TLS_ROLE, "127.0.0.1")),
        format!(
            "{} sslmode=verify-ca sslrootcert={ca}",
            base(TLS_ROLE, "127.0.0.1")
        ),
        format!(
            "{} hostaddr=127.0.0.1 sslmode=verify-full sslrootcert={ca}",
            base(TLS_ROLE, "localhost")
        ),
        format!("{} sslmode=disable", base("postgres", "127.0.0.1")),
    ];
    for dsn in ok {
        let run = Quell::new()
            .args(["connections", "-o", "json"])
            .dsn(&dsn)
            .run()
            .success();
        assert_eq!(run.entry()["ok"], true, "{dsn}");
    }
    let fail = [
        (
            format!("{} sslmode=disable", base(TLS_ROLE, "127.0.0.1")),
            "no encryption",
        ),
        (
            format!(
                "{} sslmode=verify-full sslrootcert={ca}",
                base(TLS_ROLE, "127.0.0.1")
            ),
            "certificate",
        ),
        (
            format!(
                "{} sslmode=verify-ca sslrootcert={other}",
                base(TLS_ROLE, "127.0.0.1")
            ),
            "certificate",
        ),
        (
            format!("{} sslmode=verify-full", base(TLS_ROLE, "127.0.0.1")),
            "sslrootcert",
        ),
    ];
    for (dsn, want) in fail {
        let run = Quell::new().args(["connections"]).dsn(&dsn).run().code(2);
        assert!(run.stderr.contains(want), "{dsn}: {}", run.stderr);
    }
}

/// `-v` says what was connected, what ran and how long it took; `-vv` adds each
/// statement's text. Stdout stays the report alone.
#[test]
fn verbose_says_what_was_connected_what_ran_and_how_long() {
    let db = crate::support::Db::new("verbose");
    let quiet = crate::support::Quell::new()
        .args(["connections", "-o", "json"])
        .dsn(&db.dsn())
        .run()
        .success();
    assert_eq!(quiet.stderr, "", "nothing on stderr without -v");
    let run = crate::support::Quell::new()
        .args(["-v", "connections", "-o", "json"])
        .dsn(&db.dsn())
        .run()
        .success();
    assert!(
        run.stderr.contains(&format!(
            "connected to 127.0.0.1:{}",
            crate::support::cluster().port()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("(database {}, user ", db.name)),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("SELECT current_setting('max_connections')"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("(exit 0)") && run.stderr.contains("done in "),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("full statement"), "{}", run.stderr);
    assert_eq!(run.json()["targets"][0]["ok"], true);
    let run = crate::support::Quell::new()
        .args(["-vv", "connections", "-o", "json"])
        .dsn(&db.dsn())
        .run()
        .success();
    assert!(
        run.stderr
            .contains("full statement:\nSELECT current_setting('max_connections')::int4,"),
        "{}",
        run.stderr
    );
}
