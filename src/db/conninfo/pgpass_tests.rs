//! Unit tests of the password file (`pgpass.rs`), through [`resolve`](super::super::resolve):
//! line matching, the host key, one lookup per endpoint, the file's location and the
//! permission rule.

use std::fs;

use super::super::fixture::{pairs, password, Fixture};
use super::super::{PasswordSource, Secret};

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
        // No host at all: localhost (the compiled-in socket directory).
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
    // No host (the default socket directory): localhost too; the same directory
    // written with a trailing slash is not libpq's string, so it is its own path.
    assert_eq!(
        pgpass_password(&fx, "localhost:*:*:*:pw\n", &format!("host={run_s}/")),
        None
    );
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
