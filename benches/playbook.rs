//! Benchmark: a playbook of 20 read steps against one sandbox server, against the
//! same 20 actions run as separate `quell … -o json` invocations; and the runner's
//! own cost per step (each step's time minus the time inside its action, and from
//! one step's start to the next's minus the action, which adds the journal writes).
//!
//! Run with `cargo bench --bench playbook` (add `-- RUNS`, default 10). Figures, not
//! assertions: read by people, not by CI.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use quell::sandbox::{Cluster, ClusterOptions};

const ACTIONS: [&str; 4] = ["connections", "locks", "activity", "doctor"];
const STEPS: usize = 20;

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10);
    let cluster = Cluster::start(ClusterOptions::default()).expect("starting a sandbox cluster");
    let dsn = cluster.dsn("postgres", "postgres");
    let dir = tempfile::tempdir().unwrap();
    let mut book = String::from("version: 1\nname: reads\nsteps:\n");
    for i in 0..STEPS {
        book.push_str(&format!(
            "  - id: s{i}\n    action: {}\n",
            ACTIONS[i % ACTIONS.len()]
        ));
    }
    let path = dir.path().join("reads.yaml");
    std::fs::write(&path, book).unwrap();
    let quell = bin();
    // The control schema, so that each step is also journaled in quell.run_steps
    // (two rows a step), as on a real target.
    let init = Command::new(&quell)
        .args(["--dsn", &dsn, "init"])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(init.success());
    let mut between = Vec::new();
    let mut playbook = Vec::new();
    let mut overhead = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let out = Command::new(&quell)
            .args(["--dsn", &dsn, "-o", "json", "playbook", "run"])
            .arg(&path)
            .env("XDG_STATE_HOME", dir.path())
            .stderr(Stdio::null())
            .output()
            .unwrap();
        playbook.push(started.elapsed());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let steps = report["steps"].as_array().unwrap();
        for step in steps {
            let total = step["duration_s"].as_f64().unwrap();
            let action = step["action_s"].as_f64().unwrap();
            overhead.push(Duration::from_secs_f64((total - action).max(0.0)));
        }
        // From the first step's start to the last one's, minus the actions in
        // between: everything else the runner does per step, its journal writes
        // (file and quell.run_steps) included.
        let at = |s: &serde_json::Value| {
            humantime::parse_rfc3339(s["started_at"].as_str().unwrap()).unwrap()
        };
        let span = at(&steps[steps.len() - 1])
            .duration_since(at(&steps[0]))
            .unwrap()
            .as_secs_f64();
        let actions: f64 = steps[..steps.len() - 1]
            .iter()
            .map(|s| s["action_s"].as_f64().unwrap())
            .sum();
        between.push(Duration::from_secs_f64(
            ((span - actions) / (steps.len() - 1) as f64).max(0.0),
        ));
    }
    let mut separate = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        for i in 0..STEPS {
            let status = Command::new(&quell)
                .args(["--dsn", &dsn, "-o", "json", ACTIONS[i % ACTIONS.len()]])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap();
            assert!(status.success());
        }
        separate.push(started.elapsed());
    }
    let (p, s) = (median(&mut playbook), median(&mut separate));
    println!("20 read steps (connections, locks, activity, doctor ×5) on one server, {runs} runs, median:");
    println!("  quell playbook run        {:>9.1} ms", ms(p));
    println!("  20 separate quell runs    {:>9.1} ms   (baseline)", ms(s));
    println!(
        "  playbook / separate       {:>9.2}",
        p.as_secs_f64() / s.as_secs_f64()
    );
    let o = median(&mut overhead);
    let max = overhead.iter().max().copied().unwrap_or_default();
    println!(
        "  runner overhead per step  {:>9.3} ms median, {:.3} ms max (step time minus action time)",
        ms(o),
        ms(max)
    );
    println!(
        "  with its journal writes   {:>9.3} ms per step (start to start, minus the actions; ±0.05 ms)",
        ms(median(&mut between))
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_quell"))
}
