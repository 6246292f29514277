//! Benchmark: `quell connections -o json` against `psql -c 'select count(*) from
//! pg_stat_activity'` on the same sandbox server with 100 client backends.
//!
//! Run with `cargo bench --bench connections` (add `-- RUNS` to change the run
//! count, default 30). Prints median/min/max wall time of each, their ratio, and
//! quell's peak resident memory. Figures, not assertions: shared machines make
//! timed tests flaky, so this is read by people, not by CI.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use quell::sandbox::{Cluster, ClusterOptions};

const CLIENTS: usize = 100;

fn main() {
    if let Some(i) = std::env::args().position(|a| a == "--rss-probe") {
        // A fresh process whose only child is one quell run: its peak RSS is quell's.
        let dsn = std::env::args().nth(i + 1).unwrap();
        time(quell_command(&dsn), 1);
        println!("{}", peak_child_rss_kib());
        return;
    }
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(30);
    let cluster = Cluster::start(ClusterOptions {
        max_connections: 200,
        ..ClusterOptions::default()
    })
    .expect("starting a sandbox cluster");
    cluster
        .psql(
            "postgres",
            "CREATE ROLE app LOGIN; CREATE ROLE worker LOGIN;",
        )
        .expect("creating roles");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let _clients = runtime.block_on(async {
        let mut clients = Vec::new();
        for i in 0..CLIENTS {
            let (user, app) = if i % 4 == 0 {
                ("worker", "jobs")
            } else {
                ("app", "web")
            };
            let dsn = format!("{} application_name={app}", cluster.dsn(user, "postgres"));
            let (client, conn) = tokio_postgres::connect(&dsn, tokio_postgres::NoTls)
                .await
                .unwrap();
            tokio::spawn(conn);
            clients.push(client);
        }
        clients
    });
    let dsn = cluster.dsn(cluster.superuser(), "postgres");
    // The server's own psql binary: Debian's /usr/bin/psql is a Perl wrapper that
    // would add ~25 ms of its own and flatter quell.
    let psql = Some(cluster.bindir().join("psql"))
        .filter(|p| p.is_file())
        .or_else(|| which("psql"))
        .expect("psql not found");

    let quell_cmd = || quell_command(&dsn);
    let psql_cmd = |dsn: &str| {
        let mut c = Command::new(&psql);
        c.args([
            "-X",
            "-At",
            "-c",
            "select count(*) from pg_stat_activity",
            dsn,
        ]);
        c
    };
    // libpq tries GSSAPI encryption first by default (gssencmode=prefer), which costs
    // psql a Kerberos lookup; the second baseline turns that off to be fair to psql.
    let dsn_nogss = format!("{dsn} gssencmode=disable");
    // Warm up both (page cache, server catalog caches).
    time(quell_cmd(), 3);
    time(psql_cmd(&dsn), 3);
    let quell_times = time(quell_cmd(), runs);
    let probe = Command::new(std::env::current_exe().unwrap())
        .args(["--rss-probe", &dsn])
        .output()
        .unwrap();
    let quell_rss_kib: f64 = String::from_utf8_lossy(&probe.stdout)
        .trim()
        .parse()
        .unwrap_or(0.0);
    let psql_times = time(psql_cmd(&dsn), runs);
    let psql_nogss_times = time(psql_cmd(&dsn_nogss), runs);

    let q = median(&quell_times).as_secs_f64();
    println!(
        "quell connections benchmark: {CLIENTS} client backends, {runs} runs each, PostgreSQL {}",
        cluster.server_version_num()
    );
    println!(
        "{:<52} {:>9} {:>9} {:>9}",
        "command", "median", "min", "max"
    );
    row("quell connections -o json", &quell_times);
    row(
        "psql -c 'select count(*) from pg_stat_activity'",
        &psql_times,
    );
    row("  same, gssencmode=disable", &psql_nogss_times);
    println!(
        "ratio quell/psql (median): {:.2}; against psql with gssencmode=disable: {:.2}  (goal <= 3)",
        q / median(&psql_times).as_secs_f64(),
        q / median(&psql_nogss_times).as_secs_f64()
    );
    println!("quell peak RSS: {:.1} MiB", quell_rss_kib / 1024.0);
}

fn quell_command(dsn: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_quell"));
    c.args(["connections", "-o", "json", "--dsn", dsn]);
    c
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

fn time(mut cmd: Command, runs: usize) -> Vec<Duration> {
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            let out = cmd.output().expect("running the command");
            let elapsed = started.elapsed();
            assert!(
                out.status.success(),
                "{:?} failed: {}",
                cmd,
                String::from_utf8_lossy(&out.stderr)
            );
            elapsed
        })
        .collect()
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

fn row(label: &str, times: &[Duration]) {
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    let min = times.iter().min().copied().unwrap_or_default();
    let max = times.iter().max().copied().unwrap_or_default();
    println!(
        "{label:<52} {:>9} {:>9} {:>9}",
        ms(median(times)),
        ms(min),
        ms(max)
    );
}

/// Largest resident set of any waited-for child of this process, in KiB.
fn peak_child_rss_kib() -> i64 {
    nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)
        .map(|u| u.max_rss())
        .unwrap_or(0)
}
