//! Test support: one throwaway cluster per test binary (started by quell's own
//! sandbox code), a fresh database per test, and a builder that runs the real
//! `quell` binary with a clean environment.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use quell::sandbox::{Cluster, ClusterOptions};

pub mod http;
pub mod proxy;
pub mod pty;

/// The role `.pgpass`/scram tests use; it must authenticate with a password over TCP.
pub const SCRAM_ROLE: &str = "quell_scram";
pub const SCRAM_PASSWORD: &str = "s3cret-Pa55:word";
/// A role the server accepts over TCP only with TLS.
pub const TLS_ROLE: &str = "quell_tls_only";
/// A role the server asks for a cleartext password (`password` in pg_hba), over TCP
/// and over the socket.
pub const CLEAR_ROLE: &str = "quell_cleartext";
pub const CLEAR_PASSWORD: &str = "cl3ar-TEXT-pw";

pub struct Tls {
    pub ca_pem: PathBuf,
    pub other_ca_pem: PathBuf,
    /// The server's certificate and key (PEM), for other TLS servers in tests.
    pub server_cert: String,
    pub server_key: String,
    _dir: tempfile::TempDir,
}

struct Shared {
    cluster: Cluster,
    tls: Tls,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let tls = make_certificates();
        let cluster = Cluster::start(ClusterOptions {
            max_connections: 80,
            hba: vec![
                format!("host all {SCRAM_ROLE} 127.0.0.1/32 scram-sha-256"),
                format!("hostnossl all {TLS_ROLE} 127.0.0.1/32 reject"),
                format!("host all {CLEAR_ROLE} 127.0.0.1/32 password"),
                format!("local all {CLEAR_ROLE} password"),
            ],
            ssl: Some((tls.server_cert.clone(), tls.server_key.clone())),
            ..ClusterOptions::default()
        })
        .expect("starting the test cluster (PostgreSQL server binaries are required)");
        cluster
            .psql(
                "postgres",
                &format!(
                    "CREATE ROLE {SCRAM_ROLE} LOGIN PASSWORD '{SCRAM_PASSWORD}'; CREATE ROLE {TLS_ROLE} LOGIN; \
                     CREATE ROLE {CLEAR_ROLE} LOGIN PASSWORD '{CLEAR_PASSWORD}';"
                ),
            )
            .expect("creating test roles");
        Shared { cluster, tls }
    })
}

/// The cluster every test of this binary shares.
pub fn cluster() -> &'static Cluster {
    &shared().cluster
}

/// CA files for TLS tests: the one that signed the server certificate, and an unrelated one.
pub fn tls() -> &'static Tls {
    &shared().tls
}

/// A CA, a server certificate for `localhost` signed by it, and an unrelated CA.
fn make_certificates() -> Tls {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
    let ca = |name: &str| {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        let key = KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        (cert, key)
    };
    let (ca_cert, ca_key) = ca("quell test ca");
    let (other_ca, _) = ca("some other ca");
    let mut params = CertificateParams::new(vec!["localhost".to_string()]).unwrap();
    params
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    let key = KeyPair::generate().unwrap();
    let cert = params.signed_by(&key, &ca_cert, &ca_key).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ca_pem = dir.path().join("ca.pem");
    let other_ca_pem = dir.path().join("other-ca.pem");
    std::fs::write(&ca_pem, ca_cert.pem()).unwrap();
    std::fs::write(&other_ca_pem, other_ca.pem()).unwrap();
    Tls {
        ca_pem,
        other_ca_pem,
        server_cert: cert.pem(),
        server_key: key.serialize_pem(),
        _dir: dir,
    }
}

/// A database of its own for one test.
pub struct Db {
    pub name: String,
}

impl Db {
    pub fn new(prefix: &str) -> Db {
        Db {
            name: cluster()
                .create_database(prefix)
                .expect("creating a test database"),
        }
    }

    /// Superuser DSN over TCP.
    pub fn dsn(&self) -> String {
        cluster().dsn(cluster().superuser(), &self.name)
    }

    pub fn dsn_as(&self, user: &str) -> String {
        cluster().dsn(user, &self.name)
    }

    pub fn psql(&self, sql: &str) -> String {
        cluster().psql(&self.name, sql).expect("running setup SQL")
    }
}

/// Runs the real binary with an empty environment (PATH and a private HOME only),
/// in a private working directory, with stdin closed (no terminal).
pub struct Quell {
    cmd: Command,
    home: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    /// The signal that ended the process, if one did (`code` is then 128 + it).
    pub signal: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
    args: String,
}

impl Quell {
    pub fn new() -> Quell {
        let home = tempfile::tempdir().unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_quell"));
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", home.path())
            .current_dir(home.path())
            .stdin(Stdio::null());
        Quell { cmd, home }
    }

    pub fn args<I, S>(mut self, args: I) -> Quell
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.cmd.args(args);
        self
    }

    pub fn dsn(self, dsn: &str) -> Quell {
        self.args(["--dsn", dsn])
    }

    pub fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Quell {
        self.cmd.env(key, value);
        self
    }

    /// The private HOME (and working directory) of this run.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// Write a file under HOME with the given mode.
    pub fn file(self, name: &str, text: &str, mode: u32) -> Quell {
        use std::os::unix::fs::PermissionsExt;
        let path = self.home.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        self
    }

    /// Run quell through `sh -c '<prelude>; exec quell ARGS…'` (a `ulimit`, a `trap`),
    /// with the same clean environment; call it after the arguments are given.
    pub fn under_shell(self, prelude: &str) -> Quell {
        let mut sh = Command::new("sh");
        sh.env_clear();
        for (key, value) in self.cmd.get_envs() {
            if let Some(value) = value {
                sh.env(key, value);
            }
        }
        sh.current_dir(self.home.path())
            .stdin(Stdio::null())
            .arg("-c")
            .arg(format!("{prelude}; exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_quell"))
            .args(self.cmd.get_args());
        Quell {
            cmd: sh,
            home: self.home,
        }
    }

    /// The prepared command and its HOME (keep it alive), for a test that wires the
    /// standard streams itself (a pty, pipes whose readers are gone) or kills it.
    pub fn into_command(self) -> (Command, tempfile::TempDir) {
        (self.cmd, self.home)
    }

    /// Start the binary with stdout and stderr piped; the HOME lives as long as `Spawned`.
    pub fn spawn(mut self) -> Spawned {
        let mut child = self
            .cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting quell");
        // Drained as it comes, so a long report never blocks quell on a full pipe.
        let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
            let buf = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
            let sink = buf.clone();
            let thread = std::thread::spawn(move || {
                let mut chunk = [0u8; 8192];
                while let Ok(n) = pipe.read(&mut chunk) {
                    if n == 0 {
                        break;
                    }
                    sink.lock().unwrap().extend_from_slice(&chunk[..n]);
                }
            });
            (buf, thread)
        };
        let stdout = drain(Box::new(child.stdout.take().unwrap()));
        let stderr = drain(Box::new(child.stderr.take().unwrap()));
        Spawned {
            child,
            started: Instant::now(),
            stdout,
            stderr,
            _home: self.home,
        }
    }

    pub fn run(mut self) -> Run {
        let args = format!("{:?}", self.cmd.get_args().collect::<Vec<_>>());
        let started = Instant::now();
        let output = self.cmd.output().expect("running quell");
        use std::os::unix::process::ExitStatusExt as _;
        Run {
            code: output.status.code().unwrap_or(-1),
            signal: output.status.signal(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            elapsed: started.elapsed(),
            args,
        }
    }
}

/// A running quell (see [`Quell::spawn`]).
type Drained = (
    std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    std::thread::JoinHandle<()>,
);

pub struct Spawned {
    pub child: std::process::Child,
    pub started: Instant,
    stdout: Drained,
    stderr: Drained,
    _home: tempfile::TempDir,
}

impl Spawned {
    /// Send `signal` to the process.
    pub fn signal(&self, signal: nix::sys::signal::Signal) {
        let pid = nix::unistd::Pid::from_raw(self.child.id() as i32);
        nix::sys::signal::kill(pid, signal).unwrap();
    }

    /// What it has printed on stdout so far.
    pub fn stdout_so_far(&self) -> String {
        String::from_utf8_lossy(&self.stdout.0.lock().unwrap()).into_owned()
    }

    /// Wait for it to end (at most `limit`, else kill it and fail).
    pub fn finish(mut self, limit: Duration) -> Run {
        let deadline = Instant::now() + limit;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!(
                    "quell still running after {limit:?}\nstdout:\n{}\nstderr:\n{}",
                    self.stdout_so_far(),
                    String::from_utf8_lossy(&self.stderr.0.lock().unwrap())
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let elapsed = self.started.elapsed();
        let text = |(buf, thread): Drained| {
            let _ = thread.join();
            let bytes = buf.lock().unwrap().clone();
            String::from_utf8_lossy(&bytes).into_owned()
        };
        use std::os::unix::process::ExitStatusExt as _;
        Run {
            code: status
                .code()
                .unwrap_or_else(|| 128 + status.signal().unwrap_or(0)),
            signal: status.signal(),
            stdout: text(self.stdout),
            stderr: text(self.stderr),
            elapsed,
            args: String::from("(spawned)"),
        }
    }
}

impl Run {
    pub fn code(self, want: i32) -> Run {
        assert_eq!(
            self.code, want,
            "quell {} exited {} (wanted {want})\nstdout:\n{}\nstderr:\n{}",
            self.args, self.code, self.stdout, self.stderr
        );
        self
    }

    pub fn success(self) -> Run {
        self.code(0)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// The single target entry of a one-target JSON report.
    pub fn entry(&self) -> serde_json::Value {
        let json = self.json();
        let targets = json["targets"].as_array().expect("a targets array");
        assert_eq!(targets.len(), 1, "one target expected: {json}");
        targets[0].clone()
    }
}

/// Open `n` connections with tokio-postgres and keep them until the returned guard drops.
pub struct Held {
    pub runtime: tokio::runtime::Runtime,
    pub clients: Vec<tokio_postgres::Client>,
}

pub fn hold(dsn: &str, n: usize) -> Held {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let clients = runtime.block_on(async {
        let mut clients = Vec::new();
        for _ in 0..n {
            let (client, connection) = tokio_postgres::connect(dsn, tokio_postgres::NoTls)
                .await
                .unwrap_or_else(|e| panic!("holding a connection with {dsn}: {e}"));
            tokio::spawn(connection);
            clients.push(client);
        }
        clients
    });
    Held { runtime, clients }
}

/// A port nothing listens on.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Sessions a test drives: statements run now (`exec`) or left running in the
/// background (`spawn`, e.g. a query that blocks), until the value drops.
pub struct Sessions {
    pub runtime: tokio::runtime::Runtime,
    pub clients: Vec<std::sync::Arc<tokio_postgres::Client>>,
}

pub fn sessions(dsn: &str, n: usize) -> Sessions {
    let Held { runtime, clients } = hold(dsn, n);
    Sessions {
        runtime,
        clients: clients.into_iter().map(std::sync::Arc::new).collect(),
    }
}

impl Sessions {
    /// Run `sql` on session `i` and wait for it.
    pub fn exec(&self, i: usize, sql: &str) {
        let client = self.clients[i].clone();
        self.runtime
            .block_on(async move { client.batch_execute(sql).await })
            .unwrap_or_else(|e| panic!("session {i}: {sql}: {e}"));
    }

    /// Start `sql` on session `i` without waiting; its result is returned by the handle.
    pub fn spawn(
        &self,
        i: usize,
        sql: &str,
    ) -> tokio::task::JoinHandle<Result<(), tokio_postgres::Error>> {
        let client = self.clients[i].clone();
        let sql = sql.to_string();
        self.runtime
            .spawn(async move { client.batch_execute(&sql).await })
    }

    /// The backend pid of session `i`.
    pub fn pid(&self, i: usize) -> i32 {
        let client = self.clients[i].clone();
        self.runtime
            .block_on(async move { client.query_one("select pg_backend_pid()", &[]).await })
            .map(|row| row.get(0))
            .unwrap_or_else(|e| panic!("session {i}: {e}"))
    }

    /// Whether session `i` still has a live backend.
    pub fn alive(&self, i: usize) -> bool {
        let client = self.clients[i].clone();
        self.runtime
            .block_on(async move { client.simple_query("select 1").await })
            .is_ok()
    }
}

/// Poll `sql` (run with psql in `db`) until it prints `want`, for up to 10 s.
pub fn wait_for(db: &Db, sql: &str, want: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let got = db.psql(sql);
        if got.trim() == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "waited 10 s for {sql:?} to give {want:?}; last {got:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Wait (up to 10 s) until no backend of quell's is left in `db`: after a kill, a
/// freeze or a timeout, the server has ended quell's session and rolled it back.
pub fn wait_for_quell_gone(db: &Db) {
    let sql = format!(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = '{}' AND application_name = 'quell'",
        db.name
    );
    wait_for(db, &sql, "0");
}

/// Poll `sql` (a count, run with psql in `db`) until it reaches `at_least`, for up to
/// 20 s: a test waiting for quell to get half-way through a bulk run.
pub fn wait_for_count(db: &Db, sql: &str, at_least: u32) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while db.psql(sql).trim().parse::<u32>().unwrap_or(0) < at_least {
        assert!(Instant::now() < deadline, "quell never got going: {sql}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A config with one target `main` and sessions attributed to orgs by roles named
/// `org_<id>_…`.
pub fn session_org_config(dsn: &str) -> String {
    format!("targets:\n  main: {{dsn: \"{dsn}\"}}\ntenants:\n  session_org: {{role_pattern: '^org_(?P<org>[0-9]+)_'}}\n")
}

/// Step `id` of a playbook run report (`-o json`); panics naming the report when it
/// has no such step.
pub fn step(report: &serde_json::Value, id: &str) -> serde_json::Value {
    report["steps"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no step {id}: {report}"))
        .clone()
}
