//! Benchmark: `quell doctor -o json` on the incident's shape — 100 client backends,
//! 12,000 roles with one login role a member of all, a 3-deep lock chain and an
//! idle-in-transaction session — beside `psql -c 'select count(*) from
//! pg_stat_activity'` and `check_postgres` (backends, locks, txn_idle, query_time).
//!
//! Run with `cargo bench --bench doctor` (`-- RUNS`, default 20). Prints median
//! wall times, the ratios it sets goals for (at most 2x psql at 12,000 roles, 1.2x with few), and the server-side cost of each
//! quell query from pg_stat_statements. Figures for people, not assertions.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use quell::sandbox::{Cluster, ClusterOptions};

const CLIENTS: usize = 100;
const ROLES: usize = 12_000;

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(20);
    let cluster = Cluster::start(ClusterOptions {
        max_connections: 200,
        settings: vec![
            (
                "shared_preload_libraries".into(),
                "pg_stat_statements".into(),
            ),
            ("pg_stat_statements.track".into(), "all".into()),
        ],
        ..ClusterOptions::default()
    })
    .expect("starting a sandbox cluster");
    let dsn = cluster.dsn(cluster.superuser(), "postgres");
    let bindir = cluster.bindir().to_path_buf();
    let doctor = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_quell"));
        c.args(["doctor", "-o", "json", "--dsn", &dsn]);
        c
    };
    let psql = || {
        let mut c = Command::new(bindir.join("psql"));
        c.args([
            "-X",
            "-At",
            "-c",
            "select count(*) from pg_stat_activity",
            &dsn,
        ]);
        c
    };
    // A server with few roles and no load first: doctor beside a bare psql where
    // nothing is wrong (goal: within 1.2x).
    let few_doctor = time(doctor, runs, true);
    let few_psql = time(psql, runs, false);
    let started = Instant::now();
    cluster
        .psql(
            "postgres",
            &format!(
                "CREATE EXTENSION pg_stat_statements;
                 CREATE ROLE app LOGIN; CREATE ROLE web LOGIN;
                 DO $$ BEGIN
                   FOR i IN 1..{ROLES} LOOP
                     EXECUTE format('CREATE ROLE %I', 'user_' || i);
                     EXECUTE format('GRANT %I TO app', 'user_' || i);
                   END LOOP;
                 END $$;
                 CREATE TABLE t (id int PRIMARY KEY, v int);
                 INSERT INTO t SELECT g, 0 FROM generate_series(1, 10) g;
                 GRANT ALL ON t TO web;
                 -- What autovacuum would soon do on a real server after 12k new roles.
                 ANALYZE pg_authid; ANALYZE pg_auth_members;"
            ),
        )
        .expect("seeding roles");
    println!(
        "seeded {ROLES} roles in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let dsn_web = format!("{} application_name=web", cluster.dsn("web", "postgres"));
    let clients = runtime.block_on(async {
        let mut clients = Vec::new();
        for _ in 0..CLIENTS {
            let (client, conn) = tokio_postgres::connect(&dsn_web, tokio_postgres::NoTls)
                .await
                .unwrap();
            tokio::spawn(conn);
            clients.push(std::sync::Arc::new(client));
        }
        // A 3-deep lock chain: 0 holds row 1; 1 holds row 2 and waits on row 1; 2 waits on row 2.
        clients[0]
            .batch_execute("BEGIN; UPDATE t SET v = 1 WHERE id = 1")
            .await
            .unwrap();
        clients[1]
            .batch_execute("BEGIN; UPDATE t SET v = 2 WHERE id = 2")
            .await
            .unwrap();
        for (i, sql) in [
            (1, "UPDATE t SET v = 2 WHERE id = 1"),
            (2, "BEGIN; UPDATE t SET v = 3 WHERE id = 2"),
        ] {
            let c = clients[i].clone();
            tokio::spawn(async move { c.batch_execute(sql).await });
        }
        // Idle in transaction.
        clients[3].batch_execute("BEGIN; SELECT 1").await.unwrap();
        clients
    });
    std::thread::sleep(Duration::from_millis(500));

    let check = which("check_postgres").or_else(|| which("check_postgres.pl"));
    let port = cluster.port().to_string();
    let check_postgres = |action: &str| {
        let mut c = Command::new(check.as_ref().unwrap());
        c.args([
            &format!("--action={action}"),
            "--host=127.0.0.1",
            &format!("--port={port}"),
            "--dbuser=postgres",
            "--db=postgres",
        ])
        .env(
            "PATH",
            format!(
                "{}:{}",
                bindir.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        );
        c
    };

    // What doctor finds here, once (and the exit code it gives).
    let sample = doctor().output().unwrap();
    let found: serde_json::Value = serde_json::from_slice(&sample.stdout).unwrap_or_default();
    let ids: Vec<String> = found["targets"][0]["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            format!(
                "{}:{}",
                f["id"].as_str().unwrap_or(""),
                f["severity"].as_str().unwrap_or("")
            )
        })
        .collect();
    println!(
        "doctor exit {:?}, findings: {}",
        sample.status.code(),
        ids.join(", ")
    );

    cluster
        .psql("postgres", "SELECT pg_stat_statements_reset()")
        .unwrap();
    let doctor_times = time(doctor, runs, true);
    let statements = cluster
        .psql(
            "postgres",
            "SELECT round(mean_exec_time::numeric, 2) || ' ms  x' || calls || '  ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 90)
               FROM pg_stat_statements
              WHERE query NOT LIKE '%pg_stat_statements%' AND calls >= 2
              ORDER BY mean_exec_time DESC LIMIT 8",
        )
        .unwrap_or_default();
    let psql_times = time(psql, runs, false);

    println!("doctor benchmark: {CLIENTS} client backends, {ROLES} roles (app is a member of all), 3-deep lock chain, 1 idle in transaction; {runs} runs");
    println!("{:<56} {:>10} {:>10}", "command", "median", "max");
    row("quell doctor -o json", &doctor_times);
    row(
        "psql -c 'select count(*) from pg_stat_activity'",
        &psql_times,
    );
    let d = median(&doctor_times);
    println!(
        "ratio doctor/psql: {:.2}  (goal <= 2)",
        d / median(&psql_times)
    );
    println!("the same cluster before seeding (a handful of roles, no load):");
    row("quell doctor -o json", &few_doctor);
    row("psql -c 'select count(*) from pg_stat_activity'", &few_psql);
    println!(
        "ratio doctor/psql, few roles: {:.2}  (goal <= 1.2)",
        median(&few_doctor) / median(&few_psql)
    );
    match &check {
        None => {
            println!("check_postgres: not installed (apt-get install check-postgres) — skipped")
        }
        Some(_) => {
            let mut sum = 0.0;
            for action in ["backends", "locks", "txn_idle", "query_time"] {
                let t = time(|| check_postgres(action), runs.min(10), false);
                sum += median(&t);
                row(&format!("check_postgres --action={action}"), &t);
            }
            println!(
                "check_postgres, the four actions summed: {:.1} ms; doctor/sum: {:.2}  (goal < 1)",
                sum * 1000.0,
                d / sum
            );
        }
    }
    println!(
        "server-side cost of quell's queries (pg_stat_statements, mean per call):\n{}",
        statements.trim_end()
    );
    drop(clients);
}

fn which(name: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|d| d.join(name))
        .find(|p| Path::new(p).is_file())
}

/// Wall times of `runs` runs; `any_exit` accepts exit 1 (doctor's "found something").
fn time(make: impl Fn() -> Command, runs: usize, any_exit: bool) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let mut cmd = make();
            cmd.stdout(Stdio::null()).stderr(Stdio::piped());
            let started = Instant::now();
            let out = cmd.output().expect("running the command");
            let elapsed = started.elapsed();
            let ok = out.status.success() || (any_exit && out.status.code() == Some(1));
            assert!(
                ok || !any_exit && out.status.code().is_some(),
                "{cmd:?} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            elapsed
        })
        .collect()
}

fn median(times: &[Duration]) -> f64 {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2].as_secs_f64()
}

fn row(label: &str, times: &[Duration]) {
    let max = times.iter().max().copied().unwrap_or_default();
    println!(
        "{label:<56} {:>7.1} ms {:>7.1} ms",
        median(times) * 1000.0,
        max.as_secs_f64() * 1000.0
    );
}
