//! Unit tests of the service file (`service.rs`), through [`resolve`](super::super::resolve):
//! which file is read, the section and line format, and its errors.

use super::super::fixture::{hosts, tcp, Fixture, Vars};
use super::super::{Host, SslMode};

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
        // No host anywhere: the compiled-in socket directory.
        let want = match *want {
            "localhost" => Host::Unix(fx.path("run")),
            other => tcp(other),
        };
        assert_eq!(p.endpoints[0].host, want, "files {files:?}");
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
