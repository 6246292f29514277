//! Tests of the sandbox module: pure tests of the search, config rendering
//! and state file, and real tests that start clusters from the local server
//! binaries (a missing binary fails them; nothing is skipped).
//!
//! This file owns only tests. The watchdog tests re-run this test binary as a
//! child (selecting `watchdog_child_helper`, which does nothing unless
//! `QUELL_SANDBOX_WATCHDOG_CHILD` is set) so that a process can exit or be
//! killed without dropping its cluster.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};

use super::cluster::{conninfo_value, free_port, sanitize_db_prefix};
use super::config::{quote_conf_value, render_conf, render_hba};
use super::runas::ServerUser;
use super::state::State;
use super::*;

// ---------- helpers ----------

/// One cluster shared by several tests, kept in a static that is never
/// dropped: its watchdog removes it when the test binary exits.
fn shared() -> &'static Cluster {
    static SHARED: OnceLock<Cluster> = OnceLock::new();
    SHARED.get_or_init(|| {
        Cluster::start(ClusterOptions {
            max_connections: 20,
            settings: vec![
                ("work_mem".into(), "8MB".into()),
                ("quell.note".into(), r"it's a \ test".into()),
            ],
            ..ClusterOptions::default()
        })
        .expect("starting the shared sandbox cluster")
    })
}

/// Run the cluster's psql as a client (as whoever runs the tests) against
/// `conninfo`, never prompting for a password.
fn client_psql(cluster: &Cluster, conninfo: &str, sql: &str) -> Result<Output> {
    let mut cmd = Command::new(cluster.bindir().join("psql"));
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("PG") {
            cmd.env_remove(key);
        }
    }
    cmd.args([
        "-X",
        "-w",
        "-At",
        "-v",
        "ON_ERROR_STOP=1",
        "-c",
        sql,
        "-d",
        conninfo,
    ])
    .env("PGCONNECT_TIMEOUT", "5")
    .stdin(Stdio::null())
    .output()
    .context("running psql as a client")
}

fn accepts_tcp(port: u16) -> bool {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_ok()
}

fn wait_until(timeout: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if done() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A short-pathed scratch directory for persistent sandboxes.
fn short_tempdir() -> Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix("qt-")
        .tempdir_in("/tmp")
        .context("creating a scratch dir")
}

/// Destroys a persistent sandbox in `dir` if a test fails midway.
struct DestroyOnDrop(PathBuf);

impl Drop for DestroyOnDrop {
    fn drop(&mut self) {
        if let Ok(cluster) = Cluster::attach(&self.0) {
            let _ = cluster.destroy();
        }
    }
}

fn make_fake_bindir(dir: &Path, binaries: &[&str]) -> Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    for name in binaries {
        let path = dir.join(name);
        std::fs::write(&path, "#!/bin/sh\n")?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(dir.to_path_buf())
}

// ---------- pure tests ----------

#[test]
fn bindir_search_order_and_errors() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let all = ["initdb", "pg_ctl", "postgres"];
    let explicit = make_fake_bindir(&tmp.path().join("explicit"), &all)?;
    let broken = make_fake_bindir(&tmp.path().join("broken"), &["initdb", "psql"])?;
    let from_pg_config = make_fake_bindir(&tmp.path().join("pgconfig"), &all)?;
    let root = tmp.path().join("versions");
    make_fake_bindir(&root.join("9.6/bin"), &all)?;
    make_fake_bindir(&root.join("10/bin"), &all)?;
    let v15 = make_fake_bindir(&root.join("15/bin"), &all)?;
    // Client-only install of a newer major: must be skipped.
    make_fake_bindir(&root.join("16/bin"), &["psql", "pg_ctl"])?;
    make_fake_bindir(&root.join("notaversion/bin"), &all)?;
    let on_path = make_fake_bindir(&tmp.path().join("onpath"), &all)?;
    let path_var = std::env::join_paths([broken.clone(), on_path.clone()])?;

    let search = BindirSearch {
        pg_bindir: Some(explicit.clone().into()),
        pg_config_bindir: Some(from_pg_config.clone()),
        versioned_root: Some(root.clone()),
        path: Some(path_var.clone()),
    };
    assert_eq!(search.resolve()?, explicit);

    // A set but unusable PG_BINDIR is an error naming it, not a fall-through.
    let bad = BindirSearch {
        pg_bindir: Some(broken.clone().into()),
        ..search.clone()
    };
    let err = bad
        .resolve()
        .expect_err("invalid PG_BINDIR must be an error");
    let msg = err.to_string();
    assert!(msg.contains("PG_BINDIR="), "{msg}");
    assert!(msg.contains(&broken.display().to_string()), "{msg}");
    assert!(msg.contains("pg_ctl, postgres"), "{msg}");

    // Empty PG_BINDIR counts as unset.
    let empty = BindirSearch {
        pg_bindir: Some(OsString::new()),
        ..search.clone()
    };
    assert_eq!(empty.resolve()?, from_pg_config);

    let no_pg_config = BindirSearch {
        pg_bindir: None,
        pg_config_bindir: Some(broken.clone()),
        ..search.clone()
    };
    assert_eq!(no_pg_config.resolve()?, v15, "newest full versioned bindir");

    let only_path = BindirSearch {
        pg_bindir: None,
        pg_config_bindir: None,
        versioned_root: Some(tmp.path().join("missing")),
        path: Some(path_var),
    };
    assert_eq!(only_path.resolve()?, on_path);

    let nothing = BindirSearch {
        path: Some(broken.into()),
        ..BindirSearch::default()
    };
    let err = nothing.resolve().expect_err("nothing found");
    assert_eq!(
        err.to_string(),
        "postgresql server binaries not found (looked in PG_BINDIR, pg_config --bindir, /usr/lib/postgresql/*/bin, PATH): install them, e.g. `apt-get install postgresql`"
    );
    Ok(())
}

#[test]
fn find_bindir_finds_the_local_server() -> Result<()> {
    let bindir = find_bindir()?;
    for name in REQUIRED_BINARIES {
        assert!(
            bindir.join(name).is_file(),
            "{} lacks {name}",
            bindir.display()
        );
    }
    Ok(())
}

#[test]
fn pg_cron_detection_uses_pkglibdir() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    // No pg_config in the bindir: falls back to <bindir>/../lib.
    let bindir = make_fake_bindir(&tmp.path().join("bin"), &["initdb", "pg_ctl", "postgres"])?;
    assert!(!pg_cron_available(&bindir));
    std::fs::create_dir_all(tmp.path().join("lib"))?;
    std::fs::write(tmp.path().join("lib/pg_cron.so"), "")?;
    assert!(pg_cron_available(&bindir));

    let real = find_bindir()?;
    assert_eq!(
        pg_cron_available(&real),
        pkglibdir(&real).join("pg_cron.so").is_file()
    );
    Ok(())
}

#[test]
fn version_parsing() {
    assert_eq!(
        parse_server_version_num("postgres (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"),
        Some(150020)
    );
    assert_eq!(
        parse_server_version_num("postgres (PostgreSQL) 9.6.24"),
        Some(90624)
    );
    assert_eq!(
        parse_server_version_num("postgres (PostgreSQL) 16beta1"),
        Some(160000)
    );
    assert_eq!(
        parse_server_version_num("postgres (PostgreSQL) 17.2"),
        Some(170002)
    );
    assert_eq!(parse_server_version_num("no digits here"), None);
}

#[test]
fn conf_rendering_and_quoting() -> Result<()> {
    assert_eq!(quote_conf_value("plain"), "'plain'");
    assert_eq!(quote_conf_value(r"it's \ x"), r"'it''s \\ x'");
    assert_eq!(quote_conf_value("a\nb"), r"'a\nb'");

    let opts = ClusterOptions {
        settings: vec![
            ("shared_buffers".into(), "64MB".into()),
            (
                "shared_preload_libraries".into(),
                "pg_stat_statements".into(),
            ),
        ],
        ..ClusterOptions::default()
    };
    let conf = render_conf(&opts, 54321, Path::new("/tmp/quell-x"), true, false)?;
    assert!(
        conf.contains("unix_socket_directories = '\"/tmp/quell-x\"'"),
        "{conf}"
    );
    assert!(conf.contains("max_connections = '100'"), "{conf}");
    assert!(
        conf.contains("shared_preload_libraries = 'pg_cron, pg_stat_statements'"),
        "{conf}"
    );
    assert_eq!(
        conf.matches("shared_preload_libraries").count(),
        1,
        "{conf}"
    );
    assert!(conf.contains("cron.database_name = 'postgres'"), "{conf}");
    // User settings come after the defaults, so they win.
    let defaults = conf.find("shared_buffers = '32MB'").context("default")?;
    let user = conf.find("shared_buffers = '64MB'").context("user")?;
    assert!(defaults < user);
    assert!(conf.trim_end().ends_with("port = '54321'"), "{conf}");
    assert!(!conf.contains("ssl"), "{conf}");

    let plain = render_conf(&ClusterOptions::default(), 5, Path::new("/d"), false, true)?;
    assert!(!plain.contains("pg_cron"), "{plain}");
    assert!(plain.contains("ssl = 'on'"), "{plain}");

    let hba = render_hba(&ClusterOptions {
        hba: vec!["host all pwuser 127.0.0.1/32 scram-sha-256".into()],
        ..ClusterOptions::default()
    });
    let custom = hba.find("pwuser").context("custom line")?;
    let trust = hba.find("local all all trust").context("trust line")?;
    assert!(custom < trust, "{hba}");
    assert!(hba.contains("host all all 127.0.0.1/32 trust"));
    assert!(hba.contains("host all all ::1/128 trust"));
    Ok(())
}

#[test]
fn options_validation() {
    let ok = ClusterOptions {
        max_connections: 10,
        superuser_reserved_connections: 3,
        ..ClusterOptions::default()
    };
    assert!(ok.validate().is_ok());
    let too_few = ClusterOptions {
        max_connections: 3,
        superuser_reserved_connections: 3,
        ..ClusterOptions::default()
    };
    let msg = format!("{:#}", too_few.validate().expect_err("3 <= 3"));
    assert!(msg.contains("max_connections (3) must be greater"), "{msg}");
    let with_reserved = ClusterOptions {
        max_connections: 5,
        superuser_reserved_connections: 3,
        settings: vec![("reserved_connections".into(), "2".into())],
        ..ClusterOptions::default()
    };
    assert!(with_reserved.validate().is_err());
    let managed = ClusterOptions {
        settings: vec![("Port".into(), "5432".into())],
        ..ClusterOptions::default()
    };
    assert!(managed.validate().is_err());
    let bad_key = ClusterOptions {
        settings: vec![("x = 1\nfsync".into(), "on".into())],
        ..ClusterOptions::default()
    };
    assert!(bad_key.validate().is_err());
}

#[test]
fn names_and_conninfo_quoting() {
    assert_eq!(sanitize_db_prefix("t_connections"), "t_connections");
    assert_eq!(sanitize_db_prefix("My-Test"), "my_test");
    assert_eq!(sanitize_db_prefix("9lives"), "db_9lives");
    assert_eq!(sanitize_db_prefix(""), "db");
    assert!(sanitize_db_prefix(&"x".repeat(100)).len() <= 40);
    assert_eq!(conninfo_value("postgres"), "postgres");
    assert_eq!(conninfo_value("/tmp/a b"), "'/tmp/a b'");
    assert_eq!(conninfo_value(r"o'k\"), r"'o\'k\\'");
    assert_eq!(conninfo_value(""), "''");
}

#[test]
fn state_file_round_trip() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let state = State {
        port: 40001,
        bindir: "/usr/lib/postgresql/15/bin".into(),
        socket_dir: "/tmp/quell-abc".into(),
        data_dir: "/tmp/quell-abc/data".into(),
        log_file: "/tmp/quell-abc/postgres.log".into(),
        superuser: "postgres".into(),
        pg_cron: false,
        server_version_num: 150020,
        created_dir: true,
    };
    state.write(tmp.path())?;
    assert_eq!(State::read(tmp.path())?, state);
    let missing = tempfile::tempdir()?;
    let msg = format!(
        "{:#}",
        Cluster::attach(missing.path()).expect_err("no state")
    );
    assert!(msg.contains("no quell sandbox in"), "{msg}");
    Ok(())
}

#[test]
fn cluster_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Cluster>();
}

// ---------- real clusters ----------

#[test]
fn shared_cluster_basics() -> Result<()> {
    let c = shared();
    assert_eq!(c.psql("postgres", "select 1")?, "1\n");
    assert_eq!(c.psql("postgres", "show max_connections")?.trim(), "20");
    assert_eq!(c.psql("postgres", "show work_mem")?.trim(), "8MB");
    assert_eq!(
        c.psql("postgres", "show quell.note")?.trim(),
        r"it's a \ test"
    );
    assert_eq!(c.psql("postgres", "show fsync")?.trim(), "off");
    assert_eq!(
        c.psql("postgres", "select current_user")?.trim(),
        "postgres"
    );
    assert_eq!(c.superuser(), "postgres");
    assert_eq!(c.host(), "127.0.0.1");
    assert!(c.is_running());
    assert!(c.is_temporary());
    assert!(c.dir().starts_with("/tmp"));
    assert!(c
        .socket_dir()
        .join(format!(".s.PGSQL.{}", c.port()))
        .exists());
    assert!(c.data_dir().join("PG_VERSION").is_file());
    assert!(c.dir().join(STATE_FILE).is_file());
    assert_eq!(
        c.psql("postgres", "show server_version_num")?.trim(),
        c.server_version_num().to_string()
    );
    assert_eq!(
        c.dsn("app", "db1"),
        format!("host=127.0.0.1 port={} user=app dbname=db1", c.port())
    );
    assert_eq!(
        c.socket_dsn("app", "db1"),
        format!(
            "host={} port={} user=app dbname=db1",
            c.socket_dir().display(),
            c.port()
        )
    );
    // The system server on 5432 is never ours.
    assert_ne!(c.port(), 5432);

    // Multi-statement scripts run statement by statement; rows are |-separated.
    let out = c.psql(
        "postgres",
        "create temp table t(a int, b text); insert into t values (1,'x'),(2,'y'); select * from t order by a;",
    )?;
    assert_eq!(out, "1|x\n2|y\n");

    let err = c
        .psql("postgres", "select * from no_such_table")
        .expect_err("must fail");
    let msg = format!("{err:#}");
    assert!(msg.contains("no_such_table"), "{msg}");
    assert!(msg.contains("running sql in database `postgres`"), "{msg}");

    // Connecting over TCP as a client works with the advertised dsn.
    let out = client_psql(c, &c.dsn("postgres", "postgres"), "select 42")?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "42");

    // pg_cron is preloaded exactly when it is installed.
    assert_eq!(c.has_pg_cron(), pg_cron_available(c.bindir()));
    let preload = c.psql("postgres", "show shared_preload_libraries")?;
    assert_eq!(preload.contains("pg_cron"), c.has_pg_cron());
    Ok(())
}

#[test]
fn create_database_concurrently() -> Result<()> {
    let c = shared();
    let began = Instant::now();
    let names: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|_| scope.spawn(|| c.create_database("t_concurrent")))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().map_err(|_| anyhow::anyhow!("thread panicked"))?)
            .collect::<Result<Vec<_>>>()
    })?;
    tracing::info!(
        elapsed_ms = began.elapsed().as_millis() as u64,
        "8 concurrent creates"
    );
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 8, "{names:?}");
    let list = names
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(",");
    let count = c.psql(
        "postgres",
        &format!("select count(*) from pg_database where datname in ({list})"),
    )?;
    assert_eq!(count.trim(), "8");
    for name in &names {
        assert!(name.starts_with("t_concurrent_"), "{name}");
        assert_eq!(c.psql(name, "select current_database()")?.trim(), name);
    }
    Ok(())
}

#[test]
fn custom_hba_line_is_honoured_with_small_max_connections() -> Result<()> {
    let c = Cluster::start(ClusterOptions {
        max_connections: 10,
        superuser_reserved_connections: 3,
        hba: vec!["host all pwuser 127.0.0.1/32 scram-sha-256".into()],
        ..ClusterOptions::default()
    })?;
    assert_eq!(c.psql("postgres", "show max_connections")?.trim(), "10");
    assert_eq!(
        c.psql("postgres", "show superuser_reserved_connections")?
            .trim(),
        "3"
    );
    c.psql("postgres", "create role pwuser login password 'secret'")?;
    fill_non_reserved_slots(&c)?;

    let tcp = client_psql(&c, &c.dsn("pwuser", "postgres"), "select 1")?;
    assert!(
        !tcp.status.success(),
        "pwuser over TCP without a password must fail"
    );
    let stderr = String::from_utf8_lossy(&tcp.stderr);
    assert!(stderr.contains("password"), "{stderr}");

    let sock = client_psql(
        &c,
        &c.socket_dsn("pwuser", "postgres"),
        "select current_user",
    )?;
    assert!(
        sock.status.success(),
        "{}",
        String::from_utf8_lossy(&sock.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&sock.stdout).trim(), "pwuser");

    // Other users still get the default trust over TCP.
    c.psql("postgres", "create role other login")?;
    let other = client_psql(&c, &c.dsn("other", "postgres"), "select 1")?;
    assert!(
        other.status.success(),
        "{}",
        String::from_utf8_lossy(&other.stderr)
    );
    c.stop()
}

/// With max_connections 10 and 3 reserved, 7 ordinary sessions fill the
/// cluster: an 8th is refused while the superuser (and so `Cluster::psql`)
/// still gets in through the reserved slots. Nothing else may connect while
/// the holders do (a superuser session in an ordinary slot counts too), so
/// each holder reports its own connection by printing a row first.
fn fill_non_reserved_slots(c: &Cluster) -> Result<()> {
    c.psql("postgres", "create role app login")?;
    let mut holders = Vec::new();
    let result = (|| -> Result<()> {
        for _ in 0..7 {
            let mut cmd = Command::new(c.bindir().join("psql"));
            cmd.args(["-X", "-w", "-At", "-c", "select 'connected'"])
                .args(["-c", "select pg_sleep(60)", "-d"])
                .arg(c.socket_dsn("app", "postgres"))
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::null());
            holders.push(cmd.spawn().context("spawning a connection holder")?);
        }
        for holder in &mut holders {
            let stdout = holder.stdout.take().context("holder stdout")?;
            let mut line = String::new();
            BufReader::new(stdout).read_line(&mut line)?;
            ensure!(line.trim() == "connected", "a holder did not connect");
        }
        let eighth = client_psql(c, &c.socket_dsn("app", "postgres"), "select 1")?;
        ensure!(!eighth.status.success(), "an 8th ordinary session got in");
        let stderr = String::from_utf8_lossy(&eighth.stderr);
        ensure!(stderr.contains("reserved"), "{stderr}");
        assert_eq!(c.psql("postgres", "select 1")?.trim(), "1");
        Ok(())
    })();
    for mut holder in holders {
        let _ = holder.kill();
        let _ = holder.wait();
    }
    c.psql(
        "postgres",
        "select count(pg_terminate_backend(pid)) >= 0 from pg_stat_activity where usename = 'app'",
    )?;
    result
}

#[test]
fn drop_stops_the_server_and_removes_the_dir() -> Result<()> {
    let began = Instant::now();
    let c = Cluster::start(ClusterOptions::default())?;
    let started = began.elapsed();
    let dir = c.dir().to_path_buf();
    let port = c.port();
    assert!(accepts_tcp(port));
    let began = Instant::now();
    drop(c);
    tracing::info!(
        start_ms = started.as_millis() as u64,
        drop_ms = began.elapsed().as_millis() as u64,
        "start/drop timing"
    );
    assert!(!dir.exists(), "{} still exists", dir.display());
    assert!(!accepts_tcp(port), "port {port} still accepts connections");
    Ok(())
}

#[test]
fn stop_of_a_temporary_cluster_removes_it() -> Result<()> {
    let c = Cluster::start(ClusterOptions {
        pg_cron: false,
        ..ClusterOptions::default()
    })?;
    assert!(!c.has_pg_cron());
    let dir = c.dir().to_path_buf();
    let port = c.port();
    c.stop()?;
    assert!(!dir.exists());
    assert!(!accepts_tcp(port));
    Ok(())
}

#[test]
fn persistent_cluster_attach_and_stop() -> Result<()> {
    let scratch = short_tempdir()?;
    let dir = scratch.path().join("sb");
    let _guard = DestroyOnDrop(dir.clone());
    let c = Cluster::start(ClusterOptions {
        dir: Some(dir.clone()),
        max_connections: 15,
        ..ClusterOptions::default()
    })?;
    assert!(!c.is_temporary());
    let port = c.port();
    c.psql(
        "postgres",
        "create table kept(x int); insert into kept values (7)",
    )?;
    drop(c);
    // Left running after drop.
    assert!(accepts_tcp(port));

    // Starting again in the same dir is refused.
    let again = Cluster::start(ClusterOptions {
        dir: Some(dir.clone()),
        ..ClusterOptions::default()
    });
    let msg = format!("{:#}", again.err().context("second start must fail")?);
    assert!(msg.contains("already holds a sandbox cluster"), "{msg}");

    let c = Cluster::attach(&dir)?;
    assert!(c.is_running());
    assert_eq!(c.port(), port);
    assert_eq!(c.psql("postgres", "select x from kept")?.trim(), "7");
    assert_eq!(c.psql("postgres", "show max_connections")?.trim(), "15");
    let db = c.create_database("persist")?;
    c.stop()?;
    assert!(!accepts_tcp(port));
    assert!(dir.join("data/PG_VERSION").exists(), "persistent dir kept");

    let c = Cluster::attach(&dir)?;
    assert!(!c.is_running());
    c.ensure_running()?;
    assert!(c.is_running());
    assert_eq!(c.psql(&db, "select current_database()")?.trim(), db);
    // A fresh handle's counter restarts: existing names are skipped.
    let db2 = c.create_database("persist")?;
    assert_ne!(db, db2);
    c.destroy()?;
    assert!(!dir.exists());
    assert!(!accepts_tcp(port));
    Ok(())
}

#[test]
fn fixed_dir_must_be_empty() -> Result<()> {
    let scratch = short_tempdir()?;
    std::fs::write(scratch.path().join("precious.txt"), "keep me")?;
    let err = Cluster::start(ClusterOptions {
        dir: Some(scratch.path().to_path_buf()),
        ..ClusterOptions::default()
    })
    .err()
    .context("non-empty dir must be refused")?;
    assert!(format!("{err:#}").contains("is not empty"), "{err:#}");
    assert!(scratch.path().join("precious.txt").exists());
    Ok(())
}

/// A failed start in a fixed directory leaves its log and quell's marker; a retry
/// is accepted there (and only there: a foreign postgres.log is refused), and
/// destroy removes the directory only when quell created it.
#[test]
fn a_failed_start_is_retried_by_its_marker_and_destroy_keeps_a_users_directory() -> Result<()> {
    use super::cluster::FAILED_START_FILE;
    let scratch = short_tempdir()?;
    let options = |dir: &Path, bad: bool| ClusterOptions {
        dir: Some(dir.to_path_buf()),
        pg_cron: false,
        settings: if bad {
            vec![("no_such_setting_xyz".into(), "1".into())]
        } else {
            Vec::new()
        },
        ..ClusterOptions::default()
    };
    let entries = |dir: &Path| -> Result<Vec<String>> {
        let mut names: Vec<String> = std::fs::read_dir(dir)?
            .map(|e| Ok(e?.file_name().to_string_lossy().into_owned()))
            .collect::<Result<_>>()?;
        names.sort();
        Ok(names)
    };

    // quell makes the directory: after a failed start and a retry, destroy removes it.
    let made = scratch.path().join("made");
    let _guard = DestroyOnDrop(made.clone());
    ensure!(
        Cluster::start(options(&made, true)).is_err(),
        "a bad setting must fail"
    );
    assert_eq!(entries(&made)?, ["postgres.log", FAILED_START_FILE]);
    let c = Cluster::start(options(&made, false))?;
    ensure!(
        !made.join(FAILED_START_FILE).exists(),
        "the marker is gone once started"
    );
    assert_eq!(c.destroy()?, Removed::Dir);
    ensure!(!made.exists(), "quell's own directory is removed");

    // The user made the directory, empty: destroy empties it and leaves it, and
    // leaves what the user put in it meanwhile.
    let mine = scratch.path().join("mine");
    std::fs::create_dir(&mine)?;
    let _guard = DestroyOnDrop(mine.clone());
    ensure!(
        Cluster::start(options(&mine, true)).is_err(),
        "a bad setting must fail"
    );
    let c = Cluster::start(options(&mine, false))?;
    std::fs::write(mine.join("notes.txt"), "mine")?;
    assert_eq!(
        c.destroy()?,
        Removed::ContentsOnly {
            foreign: vec!["notes.txt".into()]
        }
    );
    assert_eq!(entries(&mine)?, ["notes.txt"]);
    std::fs::remove_file(mine.join("notes.txt"))?;
    let c = Cluster::start(options(&mine, false))?;
    assert_eq!(c.destroy()?, Removed::ContentsOnly { foreign: vec![] });
    ensure!(mine.is_dir(), "the user's directory stays");
    assert_eq!(entries(&mine)?, Vec::<String>::new());

    // A postgres.log quell did not leave (no marker) is the user's: refused.
    let theirs = scratch.path().join("theirs");
    std::fs::create_dir(&theirs)?;
    std::fs::write(theirs.join("postgres.log"), "the user's own log")?;
    let err = Cluster::start(options(&theirs, false))
        .err()
        .context("a foreign postgres.log must be refused")?;
    assert!(
        format!("{err:#}").contains("is not empty (found postgres.log)"),
        "{err:#}"
    );
    assert_eq!(
        std::fs::read_to_string(theirs.join("postgres.log"))?,
        "the user's own log"
    );
    Ok(())
}

#[test]
fn invalid_options_fail_before_creating_anything() {
    let err = Cluster::start(ClusterOptions {
        max_connections: 2,
        ..ClusterOptions::default()
    })
    .err();
    let msg = format!("{:#}", err.expect("must fail"));
    assert!(msg.contains("max_connections (2) must be greater"), "{msg}");
}

#[test]
fn bad_setting_reports_the_server_log() -> Result<()> {
    let err = Cluster::start(ClusterOptions {
        settings: vec![("no_such_setting_xyz".into(), "1".into())],
        ..ClusterOptions::default()
    })
    .err()
    .context("unknown setting must fail")?;
    let msg = format!("{err:#}");
    assert!(msg.contains("starting the sandbox server"), "{msg}");
    assert!(msg.contains("no_such_setting_xyz"), "{msg}");
    Ok(())
}

#[test]
fn start_retries_on_a_taken_port() -> Result<()> {
    // Hold a port so the first attempt cannot bind it.
    let blocker = std::net::TcpListener::bind(("127.0.0.1", 0))?;
    let taken = blocker.local_addr()?.port();
    let mut candidates = vec![taken];
    let c = Cluster::start_with_ports(
        ClusterOptions {
            pg_cron: false,
            ..ClusterOptions::default()
        },
        || match candidates.pop() {
            Some(port) => Ok(port),
            None => free_port(),
        },
    )?;
    assert_ne!(c.port(), taken);
    assert_eq!(
        c.psql("postgres", "show port")?.trim(),
        c.port().to_string()
    );
    let log = std::fs::read_to_string(c.log_file())?;
    assert!(log.contains("Address already in use"), "{log}");
    drop(blocker);
    c.stop()
}

#[test]
fn start_gives_up_after_three_taken_ports() -> Result<()> {
    let blocker = std::net::TcpListener::bind(("127.0.0.1", 0))?;
    let taken = blocker.local_addr()?.port();
    let mut calls = 0;
    let err = Cluster::start_with_ports(ClusterOptions::default(), || {
        calls += 1;
        Ok(taken)
    })
    .err()
    .context("every port taken must fail")?;
    assert_eq!(calls, 3);
    let msg = format!("{err:#}");
    assert!(msg.contains("Address already in use"), "{msg}");
    assert!(msg.contains(&format!("port {taken}")), "{msg}");
    Ok(())
}

#[test]
fn root_without_a_postgres_user_is_a_clear_error() -> Result<()> {
    let msg = format!(
        "{:#}",
        ServerUser::root_switching_to(None).expect_err("no postgres user")
    );
    assert_eq!(
        msg,
        "running as root: initdb refuses root and there is no `postgres` OS user; create one (useradd --system postgres) or run as a normal user"
    );
    let root = nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(0))?.context("root")?;
    assert!(ServerUser::root_switching_to(Some(root)).is_err());
    Ok(())
}

/// Root only (elsewhere there is no user switch to check): the server user
/// must be able to traverse every ancestor of the sandbox directory.
#[test]
fn root_checks_the_server_user_can_reach_the_dir() -> Result<()> {
    if !nix::unistd::geteuid().is_root() {
        return Ok(());
    }
    let user = ServerUser::for_new_cluster()?;
    let scratch = short_tempdir()?;
    std::fs::set_permissions(scratch.path(), std::fs::Permissions::from_mode(0o700))?;
    let inner = scratch.path().join("sb");
    let msg = format!(
        "{:#}",
        user.check_can_reach(&inner).expect_err("0700 root dir")
    );
    assert!(msg.contains("not traversable"), "{msg}");
    std::fs::set_permissions(scratch.path(), std::fs::Permissions::from_mode(0o711))?;
    user.check_can_reach(&inner)?;
    Ok(())
}

/// A throwaway self-signed certificate (CN=localhost, valid 100 years) and
/// its key, for the ssl test only.
const TEST_CERT: &str = include_str!("testdata/server.crt");
const TEST_KEY: &str = include_str!("testdata/server.key");

#[test]
fn ssl_is_enabled_with_the_given_certificate() -> Result<()> {
    let c = Cluster::start(ClusterOptions {
        ssl: Some((TEST_CERT.to_string(), TEST_KEY.to_string())),
        ..ClusterOptions::default()
    })?;
    assert_eq!(c.psql("postgres", "show ssl")?.trim(), "on");
    let key = c.data_dir().join("server.key");
    let mode = std::fs::metadata(&key)?.permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    if nix::unistd::geteuid().is_root() {
        use std::os::unix::fs::MetadataExt;
        let owner = std::fs::metadata(&key)?.uid();
        let postgres = nix::unistd::User::from_name("postgres")?.context("postgres user")?;
        assert_eq!(
            owner,
            postgres.uid.as_raw(),
            "server.key owned by the server user"
        );
    }
    let dsn = format!("{} sslmode=require", c.dsn("postgres", "postgres"));
    let out = client_psql(
        &c,
        &dsn,
        "select ssl from pg_stat_ssl where pid = pg_backend_pid()",
    )?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "t");
    c.stop()
}

// ---------- watchdog ----------

const CHILD_ENV: &str = "QUELL_SANDBOX_WATCHDOG_CHILD";

/// Not a test on its own: when re-run as a child with `CHILD_ENV` set, start
/// a cluster, print its dir and port, then `exit` (never dropping it) or
/// hang until killed.
#[test]
fn watchdog_child_helper() -> Result<()> {
    let Some(mode) = std::env::var_os(CHILD_ENV) else {
        return Ok(());
    };
    let cluster = Cluster::start(ClusterOptions::default())?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "QUELL_SANDBOX_DIR={}", cluster.dir().display())?;
    writeln!(out, "QUELL_SANDBOX_PORT={}", cluster.port())?;
    out.flush()?;
    drop(out);
    if mode == "exit" {
        std::process::exit(0);
    }
    loop {
        std::thread::sleep(Duration::from_secs(60));
    }
}

/// This test binary's name for `watchdog_child_helper` (module path minus
/// the crate name, so it works wherever the module is mounted).
fn helper_test_name() -> String {
    let path = module_path!();
    let without_crate = path.split_once("::").map_or(path, |(_, rest)| rest);
    format!("{without_crate}::watchdog_child_helper")
}

fn spawn_helper(mode: &str) -> Result<std::process::Child> {
    let exe = std::env::current_exe().context("locating the test binary")?;
    Command::new(exe)
        .args([
            helper_test_name().as_str(),
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, mode)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("spawning the helper child")
}

/// Read the helper's dir and port lines.
fn read_helper_lines(stdout: impl std::io::Read) -> Result<(PathBuf, u16)> {
    let mut dir = None;
    let mut port = None;
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        // The harness may print "test ... " on the same line first.
        if let Some((_, d)) = line.split_once("QUELL_SANDBOX_DIR=") {
            dir = Some(PathBuf::from(d));
        } else if let Some((_, p)) = line.split_once("QUELL_SANDBOX_PORT=") {
            port = Some(p.trim().parse()?);
            break;
        }
    }
    match (dir, port) {
        (Some(dir), Some(port)) => Ok((dir, port)),
        _ => bail!("the helper child printed no sandbox dir/port"),
    }
}

fn assert_cleaned_up(dir: &Path, port: u16) -> Result<()> {
    ensure!(
        wait_until(Duration::from_secs(10), || !dir.exists()),
        "watchdog did not remove {} within 10 s",
        dir.display()
    );
    ensure!(
        wait_until(Duration::from_secs(5), || !accepts_tcp(port)),
        "server on port {port} still up after its dir was removed"
    );
    Ok(())
}

#[test]
fn watchdog_cleans_up_after_exit_without_drop() -> Result<()> {
    let child = spawn_helper("exit")?;
    let output = child.wait_with_output()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    ensure!(
        output.status.success(),
        "helper failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (dir, port) =
        read_helper_lines(stdout.as_bytes()).with_context(|| format!("helper output: {stdout}"))?;
    assert!(dir.starts_with("/tmp"));
    assert_cleaned_up(&dir, port)
}

#[test]
fn watchdog_cleans_up_after_sigkill() -> Result<()> {
    let mut child = spawn_helper("hang")?;
    let stdout = child.stdout.take().context("helper stdout")?;
    let read = read_helper_lines(stdout);
    child.kill()?;
    child.wait()?;
    let (dir, port) = read?;
    assert!(accepts_tcp(port) || !dir.exists());
    assert_cleaned_up(&dir, port)
}
