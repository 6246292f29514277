//! One sandbox PostgreSQL cluster: create, start, attach, query via `psql`,
//! create databases, stop, remove.
//!
//! This file owns the lifecycle of [`Cluster`]: the cluster directory layout
//! (`<dir>/data`, socket in `<dir>`, log `<dir>/postgres.log`, state file),
//! initdb, writing the configuration rendered by `config.rs`, picking a free
//! port and retrying on a bind failure, starting and stopping with `pg_ctl`,
//! and removing temporary directories (with the `watchdog.rs` backstop). It
//! does not own finding binaries (`bindir.rs`), which OS user runs what
//! (`runas.rs`) or the text of the configuration (`config.rs`), and it holds
//! no client connection: SQL goes through the cluster's own `psql`.

use std::fs::OpenOptions;
use std::io::{Read, Seek, SeekFrom, Write};
use std::net::{Ipv4Addr, TcpListener};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use super::bindir::{self, find_bindir, pg_cron_available};
use super::config::{render_conf, render_hba, ClusterOptions};
use super::runas::{output_text, program_name, run, ServerUser};
use super::state::{State, STATE_FILE};
use super::watchdog::Watchdog;

/// The superuser every sandbox cluster is created with (`initdb -U postgres`).
const SUPERUSER: &str = "postgres";
/// TCP address the server listens on.
const HOST: &str = "127.0.0.1";
/// Name of the server log inside the sandbox directory.
const LOG_FILE: &str = "postgres.log";
/// Name of the data directory inside the sandbox directory.
const DATA_DIR: &str = "data";
/// Longest unix socket path (sun_path is 108 bytes including the NUL).
const MAX_SOCKET_PATH: usize = 107;
/// How many ports to try when the server cannot bind.
const START_ATTEMPTS: usize = 3;
/// Log lines quoted in a start failure.
const LOG_TAIL_LINES: usize = 20;
/// Left beside the log by a failed start in a fixed directory, so that a retry
/// knows the log is quell's (and whether quell created the directory).
pub(crate) const FAILED_START_FILE: &str = "quell-sandbox.failed-start";

/// A sandbox PostgreSQL cluster started from the local server binaries.
///
/// A temporary cluster (no [`ClusterOptions::dir`]) lives in a fresh
/// directory under /tmp and is stopped and removed on drop, or by a detached
/// watchdog if this process exits without dropping it. A persistent cluster
/// (fixed dir) or an [attached](Cluster::attach) one is left running on drop.
/// `Cluster` is `Send + Sync`: tests may share one in a `static OnceLock`.
#[derive(Debug)]
pub struct Cluster {
    dir: PathBuf,
    data_dir: PathBuf,
    socket_dir: PathBuf,
    log_file: PathBuf,
    bindir: PathBuf,
    port: u16,
    superuser: String,
    user: ServerUser,
    pg_cron: bool,
    server_version_num: u32,
    /// Stop and remove the directory on drop.
    temporary: bool,
    /// quell created the directory (a fixed one may have been there, empty).
    created_dir: bool,
    /// `stop`/`destroy` already ran (or nothing to clean up).
    finished: bool,
    db_counter: AtomicUsize,
    watchdog: Option<Watchdog>,
}

impl Cluster {
    /// initdb, configure and start a new cluster.
    pub fn start(opts: ClusterOptions) -> anyhow::Result<Cluster> {
        Self::start_with_ports(opts, free_port)
    }

    /// [`Cluster::start`] with the port candidates coming from `next_port`
    /// (tests use it to force a bind failure).
    pub(crate) fn start_with_ports(
        opts: ClusterOptions,
        mut next_port: impl FnMut() -> anyhow::Result<u16>,
    ) -> anyhow::Result<Cluster> {
        let began = Instant::now();
        opts.validate().context("checking the sandbox options")?;
        let bindir = find_bindir()?;
        let user = ServerUser::for_new_cluster()?;
        let server_version_num = bindir::server_version_num(&bindir)?;
        let pg_cron = opts.pg_cron && pg_cron_available(&bindir);

        let temporary = opts.dir.is_none();
        let (dir, created_dir) = match &opts.dir {
            None => (make_temp_dir(&user)?, true),
            Some(dir) => prepare_fixed_dir(dir, &user)?,
        };
        let mut cluster = Cluster {
            data_dir: dir.join(DATA_DIR),
            socket_dir: dir.clone(),
            log_file: dir.join(LOG_FILE),
            dir,
            bindir,
            port: 0,
            superuser: SUPERUSER.to_string(),
            user,
            pg_cron,
            server_version_num,
            temporary,
            created_dir,
            finished: false,
            db_counter: AtomicUsize::new(0),
            watchdog: None,
        };
        // From here on a temporary cluster's Drop removes whatever exists.
        if temporary {
            cluster.watchdog = Some(Watchdog::spawn(
                &cluster.user,
                &cluster.bindir.join("pg_ctl"),
                &cluster.data_dir,
                &cluster.dir,
            )?);
        }
        if let Err(e) = cluster.init_and_start(&opts, &mut next_port) {
            if !temporary {
                cluster.abandon_fixed_dir();
            }
            return Err(e);
        }
        tracing::info!(
            dir = %cluster.dir.display(),
            port = cluster.port,
            elapsed_ms = began.elapsed().as_millis() as u64,
            "sandbox cluster started"
        );
        Ok(cluster)
    }

    /// Re-open a sandbox started earlier in `dir` (by this or another
    /// process) from its state file. The cluster need not be running (see
    /// [`Cluster::is_running`], [`Cluster::ensure_running`]). An attached
    /// cluster is never stopped or removed on drop.
    pub fn attach(dir: &Path) -> anyhow::Result<Cluster> {
        let dir = std::path::absolute(dir)
            .with_context(|| format!("resolving sandbox directory {}", dir.display()))?;
        let state = State::read(&dir)?;
        let user = ServerUser::owner_of(&state.data_dir)
            .with_context(|| format!("attaching to the sandbox in {}", dir.display()))?;
        Ok(Cluster {
            dir,
            data_dir: state.data_dir,
            socket_dir: state.socket_dir,
            log_file: state.log_file,
            bindir: state.bindir,
            port: state.port,
            superuser: state.superuser,
            user,
            pg_cron: state.pg_cron,
            server_version_num: state.server_version_num,
            temporary: false,
            created_dir: state.created_dir,
            finished: false,
            db_counter: AtomicUsize::new(0),
            watchdog: None,
        })
    }

    /// Whether the server is up (`pg_ctl status`).
    pub fn is_running(&self) -> bool {
        let mut cmd = self.user.command(&self.bindir.join("pg_ctl"), &self.dir);
        cmd.arg("status")
            .arg("-D")
            .arg(&self.data_dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        cmd.status().map(|s| s.success()).unwrap_or(false)
    }

    /// Start the server again if it is not running (e.g. a persistent
    /// sandbox after a reboot), on the port it was created with.
    pub fn ensure_running(&self) -> anyhow::Result<()> {
        if self.is_running() {
            return Ok(());
        }
        self.pg_ctl_start().map_err(|failure| failure.error)
    }

    /// TCP port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// TCP host ("127.0.0.1").
    pub fn host(&self) -> &str {
        HOST
    }

    /// Directory holding the unix socket.
    pub fn socket_dir(&self) -> &Path {
        &self.socket_dir
    }

    /// The data directory (`<dir>/data`).
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The sandbox directory (socket, log, state file, data directory).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The server log (`<dir>/postgres.log`).
    pub fn log_file(&self) -> &Path {
        &self.log_file
    }

    /// The bindir the server binaries (and `psql`) come from.
    pub fn bindir(&self) -> &Path {
        &self.bindir
    }

    /// The database superuser ("postgres").
    pub fn superuser(&self) -> &str {
        &self.superuser
    }

    /// The OS user the server runs as.
    pub fn os_user(&self) -> &str {
        self.user.name()
    }

    /// Whether pg_cron is preloaded (installed and enabled in the options).
    pub fn has_pg_cron(&self) -> bool {
        self.pg_cron
    }

    /// Whether the directory is removed when the cluster is dropped/stopped.
    pub fn is_temporary(&self) -> bool {
        self.temporary
    }

    /// `server_version_num` of the binaries, e.g. 150020.
    pub fn server_version_num(&self) -> u32 {
        self.server_version_num
    }

    /// libpq conninfo over TCP: "host=127.0.0.1 port=N user=U dbname=D".
    pub fn dsn(&self, user: &str, dbname: &str) -> String {
        conninfo(HOST, self.port, user, dbname)
    }

    /// libpq conninfo over the unix socket: "host=/socket/dir port=N
    /// user=U dbname=D".
    pub fn socket_dsn(&self, user: &str, dbname: &str) -> String {
        conninfo(&self.socket_dir.to_string_lossy(), self.port, user, dbname)
    }

    /// Run `sql` (one or more statements, psql meta-commands allowed) as the
    /// superuser over the unix socket with `psql -X -q -v ON_ERROR_STOP=1
    /// -At`, and return its stdout verbatim (rows `|`-separated, one per
    /// line, with the trailing newline). Errors carry psql's stderr.
    pub fn psql(&self, dbname: &str, sql: &str) -> anyhow::Result<String> {
        let psql = self.bindir.join("psql");
        let mut cmd = self.user.command(&psql, &self.dir);
        cmd.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-f", "-", "-d"])
            .arg(self.socket_dsn(&self.superuser, dbname))
            .env("PGCLIENTENCODING", "UTF8")
            .env("PGCONNECT_TIMEOUT", "10")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().with_context(|| {
            format!(
                "running sql in database `{dbname}`: could not run {}",
                psql.display()
            )
        })?;
        let stdin = child.stdin.take();
        let output = std::thread::scope(|scope| {
            let writer = scope.spawn(move || {
                if let Some(mut stdin) = stdin {
                    // psql exiting early (bad connection) closes the pipe;
                    // its exit status reports that, not the write.
                    let _ = stdin.write_all(sql.as_bytes());
                }
            });
            let output = child.wait_with_output();
            let _ = writer.join();
            output
        })
        .with_context(|| format!("running sql in database `{dbname}`: waiting for psql"))?;
        if !output.status.success() {
            bail!(
                "running sql in database `{dbname}` with psql failed ({}): {}",
                output.status,
                output_text(&output)
            );
        }
        String::from_utf8(output.stdout).with_context(|| {
            format!("running sql in database `{dbname}`: psql output is not utf-8")
        })
    }

    /// CREATE DATABASE with a unique name `<prefix>_<n>` (prefix lower-cased,
    /// other characters than `[a-z0-9_]` replaced by `_`) and return the
    /// name. Safe to call from many threads at once; a name left over from an
    /// earlier run of a persistent sandbox is skipped.
    pub fn create_database(&self, prefix: &str) -> anyhow::Result<String> {
        let prefix = sanitize_db_prefix(prefix);
        // On 15+ use FILE_COPY: with fsync off its two checkpoints are cheap
        // and concurrent creates share them, and it writes almost no WAL,
        // while the 15+ default WAL_LOG pushes the whole template (~8 MB)
        // through the WAL per database. Measured with 8 threads on 2 cores:
        // FILE_COPY ~90-150 ms, WAL_LOG ~170-250 ms, both reliable.
        let strategy = if self.server_version_num >= 150000 {
            " STRATEGY = FILE_COPY"
        } else {
            ""
        };
        let mut last_err = None;
        for _ in 0..100 {
            let n = self.db_counter.fetch_add(1, Ordering::Relaxed);
            let name = format!("{prefix}_{n}");
            let sql = format!("CREATE DATABASE \"{name}\"{strategy}");
            match self.psql("postgres", &sql) {
                Ok(_) => return Ok(name),
                Err(e) if format!("{e:#}").contains("already exists") => last_err = Some(e),
                Err(e) => return Err(e.context(format!("creating database {name}"))),
            }
        }
        Err(last_err
            .unwrap_or_else(|| anyhow::anyhow!("no attempt made"))
            .context(format!(
                "creating a database named {prefix}_<n>: every name tried exists"
            )))
    }

    /// Stop the server (`pg_ctl stop -m fast`, then `-m immediate`, then
    /// SIGKILL to the postmaster) and, for a temporary cluster, remove its
    /// directory. A persistent or attached cluster's directory stays.
    pub fn stop(mut self) -> anyhow::Result<()> {
        self.finish(true, self.temporary)
    }

    /// Stop the server and remove what quell created: a temporary cluster's whole
    /// directory; in a fixed one, its own entries (data directory, log, state
    /// file, sockets), then the directory itself only when quell created it and
    /// nothing else is left in it. Returns what was left.
    pub fn destroy(self) -> anyhow::Result<Removed> {
        self.destroy_with(&[])
    }

    /// [`Cluster::destroy`], also removing `extra`: entries of the directory
    /// that quell wrote beside the cluster (the scenario's config, notices).
    pub fn destroy_with(mut self, extra: &[&str]) -> anyhow::Result<Removed> {
        if self.temporary {
            self.finish(true, true)?;
            return Ok(Removed::Dir);
        }
        self.finish(true, false)?;
        let port = self.port;
        let socket = format!(".s.PGSQL.{port}");
        let socket_lock = format!(".s.PGSQL.{port}.lock");
        let state_tmp = format!("{STATE_FILE}.tmp");
        let own = [
            DATA_DIR,
            LOG_FILE,
            STATE_FILE,
            state_tmp.as_str(),
            FAILED_START_FILE,
            socket.as_str(),
            socket_lock.as_str(),
        ];
        for name in own.iter().chain(extra) {
            remove_entry(&self.dir.join(name))?;
        }
        let mut left: Vec<String> = std::fs::read_dir(&self.dir)
            .with_context(|| format!("listing {}", self.dir.display()))?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        if !self.created_dir || !left.is_empty() {
            return Ok(Removed::ContentsOnly { foreign: left });
        }
        // Not recursive: only the empty directory quell created.
        std::fs::remove_dir(&self.dir)
            .with_context(|| format!("removing sandbox directory {}", self.dir.display()))?;
        Ok(Removed::Dir)
    }

    /// The last `lines` lines of the server log (for diagnostics).
    pub fn log_tail(&self, lines: usize) -> String {
        read_log_tail(&self.log_file, 0, lines)
    }

    // ---- internals ----

    fn init_and_start(
        &mut self,
        opts: &ClusterOptions,
        next_port: &mut dyn FnMut() -> anyhow::Result<u16>,
    ) -> anyhow::Result<()> {
        let initdb = self.bindir.join("initdb");
        let mut cmd = self.user.command(&initdb, &self.dir);
        cmd.arg("-D")
            .arg(&self.data_dir)
            .args(["-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C"])
            .arg("--no-sync");
        run(&mut cmd, "initializing the sandbox cluster with initdb")?;

        let conf_path = self.data_dir.join("postgresql.conf");
        let base_conf = std::fs::read_to_string(&conf_path)
            .with_context(|| format!("reading {}", conf_path.display()))?;
        let hba_path = self.data_dir.join("pg_hba.conf");
        std::fs::write(&hba_path, render_hba(opts))
            .with_context(|| format!("writing {}", hba_path.display()))?;
        if let Some((cert, key)) = &opts.ssl {
            write_private_file(&self.data_dir.join("server.crt"), cert)?;
            write_private_file(&self.data_dir.join("server.key"), key)?;
        }

        let mut attempt = 0;
        loop {
            attempt += 1;
            self.port = next_port()?;
            let conf = render_conf(
                opts,
                self.port,
                &self.socket_dir,
                self.pg_cron,
                opts.ssl.is_some(),
            )?;
            std::fs::write(&conf_path, format!("{base_conf}{conf}"))
                .with_context(|| format!("writing {}", conf_path.display()))?;
            self.user
                .chown_tree(&self.dir)
                .context("giving the sandbox directory to the server user")?;
            match self.pg_ctl_start() {
                Ok(()) => break,
                Err(failure) => {
                    // A start that timed out may have left a server behind.
                    let _ = self.shutdown(false);
                    if failure.port_conflict && attempt < START_ATTEMPTS {
                        tracing::warn!(
                            port = self.port,
                            attempt,
                            "sandbox port taken; retrying on another"
                        );
                        continue;
                    }
                    return Err(failure.error);
                }
            }
        }

        let state = State {
            created_dir: self.created_dir,
            port: self.port,
            bindir: self.bindir.clone(),
            socket_dir: self.socket_dir.clone(),
            data_dir: self.data_dir.clone(),
            log_file: self.log_file.clone(),
            superuser: self.superuser.clone(),
            pg_cron: self.pg_cron,
            server_version_num: self.server_version_num,
        };
        let state_path = state.write(&self.dir)?;
        self.user.chown(&state_path)?;
        // The state file now says what the failed start's marker said.
        remove_entry(&self.dir.join(FAILED_START_FILE))?;
        Ok(())
    }

    /// `pg_ctl start -w`; on failure, the error quotes pg_ctl and the log
    /// lines written during this attempt.
    fn pg_ctl_start(&self) -> Result<(), StartFailure> {
        let log_offset = std::fs::metadata(&self.log_file).map_or(0, |m| m.len());
        let mut cmd = self.user.command(&self.bindir.join("pg_ctl"), &self.dir);
        cmd.arg("-D")
            .arg(&self.data_dir)
            .arg("-l")
            .arg(&self.log_file)
            .args(["-w", "-t", "60", "start"]);
        tracing::debug!(command = ?cmd, "starting the sandbox server");
        let output = match cmd.output() {
            Ok(output) => output,
            Err(e) => {
                return Err(StartFailure {
                    error: anyhow::Error::new(e).context(format!(
                        "starting the sandbox server: could not run {}",
                        program_name(&cmd).display()
                    )),
                    port_conflict: false,
                })
            }
        };
        if output.status.success() {
            return Ok(());
        }
        let tail = read_log_tail(&self.log_file, log_offset, LOG_TAIL_LINES);
        let port_conflict = tail.contains("Address already in use")
            || tail.contains("could not create any TCP/IP sockets")
            || tail.contains("could not bind IPv4 address");
        Err(StartFailure {
            error: anyhow::anyhow!(
                "starting the sandbox server on port {} with pg_ctl failed ({}): {}\nlast lines of {}:\n{}",
                self.port,
                output.status,
                output_text(&output),
                self.log_file.display(),
                tail
            ),
            port_conflict,
        })
    }

    /// Stop the server if it is running: `-m fast` first when `graceful`,
    /// then `-m immediate`, then SIGKILL to the postmaster as a last resort.
    fn shutdown(&self, graceful: bool) -> anyhow::Result<()> {
        let pid_file = self.data_dir.join("postmaster.pid");
        if !pid_file.exists() {
            return Ok(());
        }
        let pid = read_postmaster_pid(&pid_file);
        let modes: &[&str] = if graceful {
            &["fast", "immediate"]
        } else {
            &["immediate"]
        };
        let mut last_err = None;
        for mode in modes {
            let mut cmd = self.user.command(&self.bindir.join("pg_ctl"), &self.dir);
            cmd.arg("-D")
                .arg(&self.data_dir)
                .args(["-m", mode, "-w", "-t", "30", "stop"]);
            match run(
                &mut cmd,
                &format!("stopping the sandbox server (-m {mode})"),
            ) {
                Ok(_) => return Ok(()),
                Err(e) => {
                    if !pid_file.exists() {
                        return Ok(());
                    }
                    tracing::warn!("{e:#}");
                    last_err = Some(e);
                }
            }
        }
        if let Some(pid) = pid {
            if self.is_our_postmaster(pid) {
                tracing::warn!(pid, "killing the sandbox postmaster");
                let _ = nix::sys::signal::kill(
                    nix::unistd::Pid::from_raw(pid),
                    nix::sys::signal::Signal::SIGKILL,
                );
                let deadline = Instant::now() + Duration::from_secs(10);
                while Path::new(&format!("/proc/{pid}")).exists() && Instant::now() < deadline {
                    std::thread::sleep(Duration::from_millis(20));
                }
                return Ok(());
            }
            if !Path::new(&format!("/proc/{pid}")).exists() {
                // Stale pid file: nothing is running.
                return Ok(());
            }
        }
        Err(last_err.unwrap_or_else(|| anyhow::anyhow!("stopping the sandbox server failed")))
    }

    /// Whether `pid` is a postgres process from our bindir (guards the
    /// SIGKILL against a recycled pid).
    fn is_our_postmaster(&self, pid: i32) -> bool {
        let Ok(exe) = std::fs::read_link(format!("/proc/{pid}/exe")) else {
            return false;
        };
        let ours = std::fs::canonicalize(self.bindir.join("postgres"))
            .unwrap_or_else(|_| self.bindir.join("postgres"));
        exe == ours
    }

    /// Stop the server (graceful or immediate), optionally remove the
    /// directory, and stand the watchdog down once everything is clean.
    fn finish(&mut self, graceful: bool, remove: bool) -> anyhow::Result<()> {
        self.finished = true;
        let stopped = self
            .shutdown(graceful)
            .with_context(|| format!("stopping the sandbox in {}", self.dir.display()));
        let removed = if remove && stopped.is_ok() {
            remove_dir(&self.dir)
        } else {
            Ok(())
        };
        match (&stopped, &removed) {
            (Ok(()), Ok(())) => {
                if let Some(watchdog) = self.watchdog.take() {
                    watchdog.stand_down();
                }
            }
            // Leave the watchdog armed: dropping it makes it retry.
            _ => drop(self.watchdog.take()),
        }
        stopped?;
        removed
    }

    /// After a failed start in a fixed directory: stop whatever started and
    /// remove what we created, so a retry starts clean. The log stays for the
    /// operator, beside a marker saying it is quell's (and who made the
    /// directory): a retry accepts that directory and nothing else that is not
    /// empty.
    fn abandon_fixed_dir(&mut self) {
        self.finished = true;
        if let Err(e) = self.shutdown(false) {
            tracing::warn!("{e:#}");
        }
        for path in [self.data_dir.clone(), self.dir.join(STATE_FILE)] {
            if let Err(e) = remove_entry(&path) {
                tracing::warn!("{e:#}");
            }
        }
        let marker = self.dir.join(FAILED_START_FILE);
        let text = format!(
            "# a quell sandbox failed to start here; {LOG_FILE} is its log\ncreated_dir={}\n",
            self.created_dir
        );
        if let Err(e) = std::fs::write(&marker, text) {
            tracing::warn!("writing {}: {e}", marker.display());
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if self.finished || !self.temporary {
            return;
        }
        if std::thread::panicking() {
            // The log goes with the directory: keep its tail for the failure.
            tracing::warn!(
                "sandbox in {} dropped while panicking; last lines of its log:\n{}",
                self.dir.display(),
                self.log_tail(LOG_TAIL_LINES)
            );
        }
        if let Err(e) = self.finish(false, true) {
            tracing::warn!("cleaning up the sandbox in {}: {e:#}", self.dir.display());
        }
    }
}

/// What [`Cluster::destroy`] removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removed {
    /// The directory and everything in it (quell created all of it).
    Dir,
    /// quell's own entries; the directory stays, because it was there before
    /// the sandbox or still holds `foreign` entries quell did not create.
    ContentsOnly { foreign: Vec<String> },
}

/// Why `pg_ctl start` failed, and whether another port may help.
struct StartFailure {
    error: anyhow::Error,
    port_conflict: bool,
}

/// A fresh `/tmp/quell-XXXXXX` (0700, owned by the server user).
fn make_temp_dir(user: &ServerUser) -> anyhow::Result<PathBuf> {
    let root = if Path::new("/tmp").is_dir() {
        PathBuf::from("/tmp")
    } else {
        std::env::temp_dir()
    };
    let dir = tempfile::Builder::new()
        .prefix("quell-")
        .permissions(std::fs::Permissions::from_mode(0o700))
        .tempdir_in(&root)
        .with_context(|| format!("creating a sandbox directory in {}", root.display()))?
        .keep();
    let prepared = check_socket_path(&dir)
        .and_then(|()| user.check_can_reach(&dir))
        .and_then(|()| user.chown(&dir));
    if let Err(e) = prepared {
        let _ = std::fs::remove_dir_all(&dir);
        return Err(e);
    }
    Ok(dir)
}

/// Create (or accept an empty) fixed sandbox directory, and say whether quell
/// created it. Refuses a directory that already holds a cluster or anything
/// else, since it is handed to the server user: the one non-empty directory
/// accepted is what a failed start of quell's left (its log and its marker).
fn prepare_fixed_dir(dir: &Path, user: &ServerUser) -> anyhow::Result<(PathBuf, bool)> {
    let existed = dir.exists();
    std::fs::create_dir_all(dir)
        .with_context(|| format!("creating sandbox directory {}", dir.display()))?;
    let dir = std::fs::canonicalize(dir)
        .with_context(|| format!("resolving sandbox directory {}", dir.display()))?;
    if dir.to_str().is_none() {
        bail!("sandbox directory {} is not valid utf-8", dir.display());
    }
    if dir.join(DATA_DIR).join("PG_VERSION").exists() || dir.join(STATE_FILE).exists() {
        bail!(
            "{} already holds a sandbox cluster: attach to it (`{} sandbox status --dir {}`) or remove it first",
            dir.display(),
            crate::output::invocation(),
            dir.display()
        );
    }
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(&dir).with_context(|| format!("listing {}", dir.display()))? {
        let entry = entry.with_context(|| format!("listing {}", dir.display()))?;
        entries.push(entry.file_name().to_string_lossy().into_owned());
    }
    entries.sort();
    let marker = dir.join(FAILED_START_FILE);
    let retry = entries.iter().any(|e| e == FAILED_START_FILE);
    if let Some(foreign) = entries
        .iter()
        .find(|e| !retry || (e.as_str() != LOG_FILE && e.as_str() != FAILED_START_FILE))
    {
        bail!(
            "sandbox directory {} is not empty (found {foreign}): use an empty or new directory",
            dir.display(),
        );
    }
    let created = if retry {
        let text = std::fs::read_to_string(&marker)
            .with_context(|| format!("reading {}", marker.display()))?;
        text.lines().any(|l| l.trim() == "created_dir=true")
    } else {
        !existed
    };
    check_socket_path(&dir)?;
    user.check_can_reach(&dir)?;
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
        .with_context(|| format!("setting mode 0700 on {}", dir.display()))?;
    user.chown(&dir)?;
    Ok((dir, created))
}

/// Remove a file or a directory tree; one that is not there is fine.
fn remove_entry(path: &Path) -> anyhow::Result<()> {
    let result = match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("removing {}", path.display())),
    }
}

/// The socket `<dir>/.s.PGSQL.<port>` must fit in sun_path.
fn check_socket_path(dir: &Path) -> anyhow::Result<()> {
    let len = dir.as_os_str().len() + "/.s.PGSQL.65535".len();
    if len > MAX_SOCKET_PATH {
        bail!(
            "sandbox directory {} is too long for a unix socket path ({len} > {MAX_SOCKET_PATH} bytes): use a shorter directory",
            dir.display()
        );
    }
    Ok(())
}

/// A port that was free a moment ago on 127.0.0.1 (start retries if it is
/// taken by the time the server binds).
pub(crate) fn free_port() -> anyhow::Result<u16> {
    let listener =
        TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("finding a free port on 127.0.0.1")?;
    let port = listener
        .local_addr()
        .context("finding a free port on 127.0.0.1")?
        .port();
    Ok(port)
}

/// Write a file only its owner can read (server.key must be 0600).
fn write_private_file(path: &Path, contents: &str) -> anyhow::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(contents.as_bytes())
        .with_context(|| format!("writing {}", path.display()))?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
        .with_context(|| format!("setting mode 0600 on {}", path.display()))?;
    Ok(())
}

fn remove_dir(dir: &Path) -> anyhow::Result<()> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("removing sandbox directory {}", dir.display())),
    }
}

fn read_postmaster_pid(pid_file: &Path) -> Option<i32> {
    let text = std::fs::read_to_string(pid_file).ok()?;
    text.lines().next()?.trim().parse().ok()
}

/// The last `lines` lines of `log` from byte `offset` on.
fn read_log_tail(log: &Path, offset: u64, lines: usize) -> String {
    let mut text = String::new();
    let read = std::fs::File::open(log).and_then(|mut file| {
        file.seek(SeekFrom::Start(offset))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        text = String::from_utf8_lossy(&bytes).into_owned();
        Ok(())
    });
    if let Err(e) = read {
        return format!("(could not read {}: {e})", log.display());
    }
    let all: Vec<&str> = text.lines().collect();
    let tail = &all[all.len().saturating_sub(lines)..];
    if tail.is_empty() {
        "(log is empty)".to_string()
    } else {
        tail.join("\n")
    }
}

/// A libpq conninfo string, quoting values that need it.
fn conninfo(host: &str, port: u16, user: &str, dbname: &str) -> String {
    format!(
        "host={} port={port} user={} dbname={}",
        conninfo_value(host),
        conninfo_value(user),
        conninfo_value(dbname)
    )
}

/// A conninfo value: bare when safe, else single-quoted with `\` and `'`
/// backslash-escaped.
pub(crate) fn conninfo_value(value: &str) -> String {
    let plain = !value.is_empty()
        && !value
            .chars()
            .any(|c| c.is_whitespace() || c == '\'' || c == '\\' || c == '=');
    if plain {
        return value.to_string();
    }
    let mut out = String::from("'");
    for c in value.chars() {
        if c == '\'' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// A database name prefix of `[a-z0-9_]`, starting with a letter or `_`,
/// short enough that `<prefix>_<n>` fits in 63 bytes.
pub(crate) fn sanitize_db_prefix(prefix: &str) -> String {
    let mut out: String = prefix
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    if out.is_empty() {
        out.push_str("db");
    } else if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "db_");
    }
    out
}
