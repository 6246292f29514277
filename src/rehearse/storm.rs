//! A connection storm that behaves like the app in the incident: every request
//! belongs to an org, connects as the app login role with `application_name = 'app
//! org=<id>'`, `SET ROLE`s to one of the org's users (paying the membership walk
//! on PostgreSQL < 17), runs a short query and disconnects: churn, no pool.
//!
//! Arrivals are open-loop, as users' requests are: every org sends requests at a
//! modest skewed rate, and during the "upgrade bug" phase the internal orgs send
//! far more than the server can set up (so how many connections pile up depends on
//! what each one costs, as in the incident: the split layout, cheaper per
//! connection, absorbs the same storm). Requests of an org
//! whose app flag is set are refused before they touch the database (the flag is
//! polled once a second), so suspending an org removes its load; the job runner
//! runs each active non-essential job every few seconds, so pausing jobs removes
//! theirs. The app tier has a fixed number of workers (`workers`, one and a half
//! times `max_connections`): a request that finds them all busy fails at once, as
//! a 503 would, so the connects in flight stay below the server's listen backlog
//! (twice `max_connections`) and an operator's own connect is not dropped by the
//! kernel before the server sees it. Every second is recorded from the customer's
//! side: attempted, served, refused, failed (too many clients, timeouts, other),
//! latency percentiles, and the cost of `SET ROLE` (the walk), each request counted
//! in the second it started, so a second never serves more than it attempted.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio_postgres::NoTls;

use crate::sandbox::scenario::{Scenario, DATABASE, JOBS};

/// What to storm, and how hard.
#[derive(Debug, Clone)]
pub struct Options {
    pub host: String,
    pub port: u16,
    pub superuser: String,
    pub scenario: Scenario,
    /// How long the internal orgs' bug lasts.
    pub bug: Duration,
    /// Requests per second over all orgs outside the bug (skewed towards low ids).
    pub normal_rate: f64,
    /// Requests per second over the internal orgs during the bug (on top of their
    /// normal share): far more than the server can set up.
    pub bug_rate: f64,
    /// pg_cron holds the jobs (else the `app_jobs` table).
    pub pg_cron: bool,
    /// Seconds between two runs of an active non-essential job.
    pub job_every: Duration,
    /// The app's workers: requests in flight at most.
    pub workers: usize,
}

/// One second of the customer's view: the requests that started in it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Second {
    pub t: u32,
    pub attempted: u32,
    pub served: u32,
    /// Refused by the app because its org is suspended (never reached the database).
    pub refused: u32,
    /// Could not be served: `too_many_clients + timeouts + other`.
    pub failed: u32,
    /// The server refused the connection: no slot left (SQLSTATE 53300).
    pub too_many_clients: u32,
    /// The connect or the request did not finish in time.
    pub timeouts: u32,
    /// Any other failure, the app's workers all busy (a 503) among them.
    pub other: u32,
    /// Latency of the served requests (connect to disconnect), median and 99th
    /// percentile; none when nothing was served.
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    /// Median `SET ROLE` time of the served requests (the membership walk).
    pub setup_p50_ms: Option<f64>,
    #[serde(skip)]
    pub latencies_ms: Vec<f64>,
    #[serde(skip)]
    pub setup_ms: Vec<f64>,
}

impl Second {
    fn fail(&mut self, why: Failure) {
        self.failed += 1;
        match why {
            Failure::TooManyClients => self.too_many_clients += 1,
            Failure::Timeout => self.timeouts += 1,
            Failure::Other => self.other += 1,
        }
    }

    /// Fill the percentiles from the recorded samples.
    fn summarize(&mut self) {
        let round = |v: f64| (v * 10.0).round() / 10.0;
        self.p50_ms = percentile(&mut self.latencies_ms, 50.0).map(round);
        self.p99_ms = percentile(&mut self.latencies_ms, 99.0).map(round);
        self.setup_p50_ms = percentile(&mut self.setup_ms, 50.0).map(round);
    }
}

/// Why a request was not served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    TooManyClients,
    Timeout,
    Other,
}

impl Failure {
    /// What the customer got, from the request's error.
    pub fn of(e: &anyhow::Error) -> Failure {
        if e.downcast_ref::<TimedOut>().is_some() {
            return Failure::Timeout;
        }
        let Some(pg) = e.downcast_ref::<tokio_postgres::Error>() else {
            return Failure::Other;
        };
        if pg.code() == Some(&tokio_postgres::error::SqlState::TOO_MANY_CONNECTIONS) {
            return Failure::TooManyClients;
        }
        let mut source = std::error::Error::source(pg);
        while let Some(err) = source {
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
            {
                return Failure::Timeout;
            }
            source = err.source();
        }
        Failure::Other
    }
}

/// A request that did not finish within its deadline.
#[derive(Debug)]
struct TimedOut;

impl std::fmt::Display for TimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("timed out")
    }
}

impl std::error::Error for TimedOut {}

struct Shared {
    started: Instant,
    seconds: Mutex<Vec<Second>>,
    suspended: Mutex<HashSet<u32>>,
    active_jobs: Mutex<HashSet<String>>,
    stop: tokio::sync::watch::Sender<bool>,
    workers: Arc<tokio::sync::Semaphore>,
}

impl Shared {
    /// The second of the storm it is now.
    fn now(&self) -> usize {
        self.started.elapsed().as_secs() as usize
    }

    /// Count into second `t` (the one a request started in).
    fn record(&self, t: usize, f: impl FnOnce(&mut Second)) {
        if let Ok(mut seconds) = self.seconds.lock() {
            while seconds.len() <= t {
                let n = seconds.len() as u32;
                seconds.push(Second {
                    t: n,
                    ..Second::default()
                });
            }
            f(&mut seconds[t]);
        }
    }

    fn suspended(&self, org: u32) -> bool {
        self.suspended
            .lock()
            .map(|s| s.contains(&org))
            .unwrap_or(false)
    }

    fn stopped(&self) -> bool {
        *self.stop.borrow()
    }
}

/// A running storm; `finish` stops it and returns its seconds.
pub struct Storm {
    shared: Arc<Shared>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Storm {
    /// Start every worker on the current runtime.
    pub fn start(opts: Options) -> Storm {
        let (stop, _) = tokio::sync::watch::channel(false);
        let shared = Arc::new(Shared {
            started: Instant::now(),
            seconds: Mutex::new(Vec::new()),
            suspended: Mutex::new(HashSet::new()),
            active_jobs: Mutex::new(JOBS.iter().map(|j| j.name.to_string()).collect()),
            stop,
            workers: Arc::new(tokio::sync::Semaphore::new(opts.workers.max(1))),
        });
        let opts = Arc::new(opts);
        let tasks = vec![
            tokio::spawn(poll_flags(opts.clone(), shared.clone())),
            tokio::spawn(normal_load(opts.clone(), shared.clone())),
            tokio::spawn(job_runner(opts.clone(), shared.clone())),
        ];
        Storm { shared, tasks }
    }

    pub async fn finish(self) -> Vec<Second> {
        let _ = self.shared.stop.send(true);
        let deadline = tokio::time::sleep(Duration::from_secs(10));
        tokio::pin!(deadline);
        for task in self.tasks {
            tokio::select! {
                _ = task => {}
                _ = &mut deadline => break,
            }
        }
        let mut seconds = self
            .shared
            .seconds
            .lock()
            .map(|s| s.clone())
            .unwrap_or_default();
        for s in &mut seconds {
            s.summarize();
        }
        seconds
    }
}

fn config(opts: &Options, user: &str, dbname: &str, app: &str) -> tokio_postgres::Config {
    let mut c = tokio_postgres::Config::new();
    c.host(&opts.host)
        .port(opts.port)
        .user(user)
        .dbname(dbname)
        .application_name(app)
        .connect_timeout(Duration::from_secs(5));
    c
}

/// One request of `org` as the app makes it; `Ok(setup ms)` when served.
async fn request(opts: &Options, org: u32, user: u32) -> anyhow::Result<f64> {
    let login = opts.scenario.login_role(org);
    let cfg = config(opts, &login, DATABASE, &format!("app org={org}"));
    let work = async {
        let (client, connection) = cfg.connect(NoTls).await?;
        let conn = tokio::spawn(connection);
        let began = Instant::now();
        client
            .batch_execute(&format!("SET ROLE {}", Scenario::user_role(org, user)))
            .await?;
        let setup = began.elapsed().as_secs_f64() * 1000.0;
        client
            .query_one("SELECT count(*) FROM orgs WHERE id = $1", &[&(org as i32)])
            .await?;
        drop(client);
        let _ = conn.await;
        anyhow::Ok(setup)
    };
    tokio::time::timeout(Duration::from_secs(10), work)
        .await
        .map_err(|_| anyhow::Error::new(TimedOut))?
}

/// One request, counted (attempted and its outcome) in the second it started.
async fn one(opts: &Options, shared: &Shared, org: u32, user: u32) {
    let t = shared.now();
    shared.record(t, |s| s.attempted += 1);
    if shared.suspended(org) {
        shared.record(t, |s| s.refused += 1);
        return;
    }
    let began = Instant::now();
    match request(opts, org, user).await {
        Ok(setup) => {
            let ms = began.elapsed().as_secs_f64() * 1000.0;
            shared.record(t, |s| {
                s.served += 1;
                s.latencies_ms.push(ms);
                s.setup_ms.push(setup);
            });
        }
        Err(e) => shared.record(t, |s| s.fail(Failure::of(&e))),
    }
}

/// The app's flag, read once a second over one connection (a superuser one: the
/// app keeps its config connection outside the storm's limits).
async fn poll_flags(opts: Arc<Options>, shared: Arc<Shared>) {
    let mut session: Option<tokio_postgres::Client> = None;
    let mut jobs_session: Option<tokio_postgres::Client> = None;
    while !shared.stopped() {
        if session.is_none() {
            session = connect(&opts, DATABASE).await;
        }
        if let Some(client) = &session {
            match client
                .query("SELECT id FROM orgs WHERE suspended", &[])
                .await
            {
                Ok(rows) => {
                    let ids = rows.iter().map(|r| r.get::<_, i32>(0) as u32).collect();
                    if let Ok(mut s) = shared.suspended.lock() {
                        *s = ids;
                    }
                }
                Err(_) => session = None,
            }
        }
        let (db, sql) = match opts.pg_cron {
            true => ("postgres", "SELECT jobname FROM cron.job WHERE active"),
            false => (DATABASE, "SELECT name FROM app_jobs WHERE enabled"),
        };
        if jobs_session.is_none() {
            jobs_session = connect(&opts, db).await;
        }
        if let Some(client) = &jobs_session {
            match client.query(sql, &[]).await {
                Ok(rows) => {
                    let names = rows.iter().map(|r| r.get::<_, String>(0)).collect();
                    if let Ok(mut j) = shared.active_jobs.lock() {
                        *j = names;
                    }
                }
                Err(_) => jobs_session = None,
            }
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

async fn connect(opts: &Options, db: &str) -> Option<tokio_postgres::Client> {
    let cfg = config(opts, &opts.superuser, db, "storm control");
    let (client, connection) = cfg.connect(NoTls).await.ok()?;
    tokio::spawn(connection);
    Some(client)
}

/// Every org at its normal, skewed rate (weight 1/rank^0.8), the internal ones at
/// the bug's rate while it lasts; each request its own task.
async fn normal_load(opts: Arc<Options>, shared: Arc<Shared>) {
    let orgs = opts.scenario.orgs;
    let internal = opts.scenario.internal();
    let weights: Vec<f64> = (1..=orgs).map(|i| 1.0 / f64::from(i).powf(0.8)).collect();
    let total: f64 = weights.iter().sum();
    let tick = Duration::from_millis(100);
    let mut owed = vec![0.0f64; orgs as usize];
    let mut user = 0u32;
    let mut interval = tokio::time::interval(tick);
    while !shared.stopped() {
        interval.tick().await;
        let in_bug = shared.started.elapsed() < opts.bug;
        for (i, w) in weights.iter().enumerate() {
            let org = i as u32 + 1;
            let mut rate = opts.normal_rate * w / total;
            if in_bug && org <= internal {
                rate += opts.bug_rate / f64::from(internal);
            }
            owed[i] += rate * tick.as_secs_f64();
            while owed[i] >= 1.0 {
                owed[i] -= 1.0;
                user = user % opts.scenario.users_per_org + 1;
                let Ok(worker) = shared.workers.clone().try_acquire_owned() else {
                    // Every app worker is busy: the customer gets an error at once.
                    shared.record(shared.now(), |s| {
                        s.attempted += 1;
                        s.fail(Failure::Other);
                    });
                    continue;
                };
                let (opts, shared) = (opts.clone(), shared.clone());
                let u = user;
                tokio::spawn(async move {
                    one(&opts, &shared, org, u).await;
                    drop(worker);
                });
            }
        }
    }
}

/// Each active non-essential job's load every `job_every`.
async fn job_runner(opts: Arc<Options>, shared: Arc<Shared>) {
    let mut interval = tokio::time::interval(opts.job_every);
    while !shared.stopped() {
        interval.tick().await;
        let active = shared
            .active_jobs
            .lock()
            .map(|j| j.clone())
            .unwrap_or_default();
        for job in JOBS
            .iter()
            .filter(|j| !j.essential && active.contains(j.name))
        {
            let cfg = config(
                &opts,
                &opts.scenario.login_role(1),
                DATABASE,
                &format!("job {}", job.name),
            );
            let sql = job.load_sql;
            tokio::spawn(async move {
                let run = async {
                    let (client, connection) = cfg.connect(NoTls).await?;
                    tokio::spawn(connection);
                    client.batch_execute(sql).await?;
                    anyhow::Ok(())
                };
                let _ = tokio::time::timeout(Duration::from_secs(30), run).await;
            });
        }
    }
}

impl Options {
    /// A storm against `cluster`'s seeded `scenario`, its rates still to be sized
    /// ([`Options::sized`], from [`probe`]).
    pub fn for_cluster(
        cluster: &crate::sandbox::Cluster,
        max_connections: u32,
        scenario: Scenario,
        bug: Duration,
    ) -> Options {
        Options {
            host: cluster.host().to_string(),
            port: cluster.port(),
            superuser: cluster.superuser().to_string(),
            scenario,
            bug,
            normal_rate: 1.0,
            bug_rate: 1.0,
            pg_cron: cluster.has_pg_cron(),
            job_every: Duration::from_secs(u64::from(crate::sandbox::scenario::JOB_PERIOD_S)),
            workers: max_connections as usize * 3 / 2,
        }
    }

    /// Size the traffic from what a new connection costs (`cost`, seconds): normal
    /// requests use about a quarter of the CPUs, as the app did before the bug
    /// without trouble; the bug asks for four times what the CPUs can set up.
    pub fn sized(mut self, cost: f64) -> Options {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get()) as f64;
        let cost = cost.max(0.001);
        self.normal_rate = (0.25 * cores / cost).clamp(1.0, f64::from(self.scenario.orgs) * 2.0);
        self.bug_rate = (4.0 * cores / cost).clamp(20.0, 600.0);
        self
    }
}

/// The cost of one new connection's first privilege check, uncontended: `SET ROLE`
/// in three fresh backends of org 1's login role, the median, in seconds.
pub async fn probe(opts: &Options) -> anyhow::Result<f64> {
    let mut costs = Vec::new();
    for user in 1..=3 {
        let setup = request(opts, 1, user).await?;
        costs.push(setup / 1000.0);
    }
    percentile(&mut costs, 50.0).ok_or_else(|| anyhow::anyhow!("no probe"))
}

/// The `p`th percentile (0..=100) of `values`.
pub fn percentile(values: &mut [f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let rank = ((p / 100.0) * (values.len() - 1) as f64).round() as usize;
    Some(values[rank.min(values.len() - 1)])
}
