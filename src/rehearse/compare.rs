//! `quell rehearse --split K`: the permanent fix, measured. The same storm against
//! the incident's layout (one app login role, a member of every user role) and
//! against the split one (K login roles, each a member of its share), one after the
//! other, storm only: how full the server gets, what a new connection costs, what
//! the customers see.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::{round1, storm, Options};
use crate::config::Config;
use crate::db::conninfo::Context;
use crate::error::Exit;
use crate::output::{self, Output};
use crate::sandbox::local::{self, Settings};
use crate::sandbox::scenario::Scenario;
use crate::sandbox::Cluster;

/// One layout under the storm.
#[derive(Debug, Serialize)]
pub struct Layout {
    pub split: u32,
    /// Memberships of each app login role.
    pub fan_out: u32,
    pub setup_ms_quiet: f64,
    pub setup_ms_p50: Option<f64>,
    pub peak_utilization: f64,
    /// Utilization reached 0.95.
    pub saturated: bool,
    /// The worst doctor said during the storm.
    pub doctor_worst: crate::level::Level,
    pub attempted: u32,
    pub served: u32,
    /// `too_many_clients + timeouts + other`.
    pub failed: u32,
    pub too_many_clients: u32,
    pub timeouts: u32,
    pub other: u32,
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct Comparison {
    pub storm_s: f64,
    pub bug_rate: f64,
    pub layouts: Vec<Layout>,
}

pub fn run(out: &Output, ctx: &Context, opts: &Options) -> anyhow::Result<Exit> {
    let window = opts.bug + Duration::from_secs(5);
    let unsplit = Scenario {
        split: 1,
        ..opts.scenario
    };
    let mut layouts = Vec::new();
    let mut cost = None;
    let mut bug_rate = 0.0;
    for scenario in [unsplit, opts.scenario] {
        let (layout, c, rate) = measure(ctx, opts, scenario, cost, window)?;
        cost = cost.or(Some(c));
        bug_rate = rate;
        output::note(&format!(
            "rehearse: split {}: peak utilization {:.0}%, SET ROLE p50 {}",
            layout.split,
            layout.peak_utilization * 100.0,
            layout
                .setup_ms_p50
                .map_or("—".to_string(), |v| format!("{v:.0}ms"))
        ));
        layouts.push(layout);
    }
    let report = Comparison {
        storm_s: window.as_secs_f64(),
        bug_rate: round1(bug_rate),
        layouts,
    };
    let fixed = report.layouts.last().is_some_and(|l| !l.saturated);
    if out.is_json() {
        out.json(&report)?;
    } else {
        out.text(&text(&report))?;
    }
    Ok(if fixed { Exit::Ok } else { Exit::Found })
}

fn text(r: &Comparison) -> String {
    let mut t = format!(
        "the same storm ({:.0}s, the bug at {:.0} requests/s) against both layouts:\n\n  {:<34}",
        r.storm_s, r.bug_rate, ""
    );
    let cols: Vec<String> = r
        .layouts
        .iter()
        .map(|l| match l.split {
            1 => "one app login role".to_string(),
            k => format!("split over {k} login roles"),
        })
        .collect();
    for c in &cols {
        t.push_str(&format!("{c:>26}"));
    }
    t.push('\n');
    let ms = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.1}ms"));
    type Row<'a> = (&'a str, Box<dyn Fn(&Layout) -> String>);
    let rows: Vec<Row> = vec![
        (
            "memberships per login role",
            Box::new(|l| l.fan_out.to_string()),
        ),
        (
            "new connection's SET ROLE, quiet",
            Box::new(|l| format!("{:.1}ms", l.setup_ms_quiet)),
        ),
        (
            "the same in the storm, p50",
            Box::new(move |l| ms(l.setup_ms_p50)),
        ),
        (
            "peak utilization",
            Box::new(|l| format!("{:.0}%", l.peak_utilization * 100.0)),
        ),
        (
            "saturated",
            Box::new(|l| if l.saturated { "yes" } else { "no" }.to_string()),
        ),
        (
            "doctor's worst",
            Box::new(|l| l.doctor_worst.label().to_string()),
        ),
        (
            "requests served / attempted",
            Box::new(|l| format!("{} / {}", l.served, l.attempted)),
        ),
        ("failed", Box::new(|l| l.failed.to_string())),
        (
            "latency p50 / p99",
            Box::new(move |l| format!("{} / {}", ms(l.p50_ms), ms(l.p99_ms))),
        ),
    ];
    for (name, f) in rows {
        t.push_str(&format!("  {name:<34}"));
        for l in &r.layouts {
            t.push_str(&format!("{:>26}", f(l)));
        }
        t.push('\n');
    }
    t
}

fn measure(
    ctx: &Context,
    opts: &Options,
    scenario: Scenario,
    cost: Option<f64>,
    window: Duration,
) -> anyhow::Result<(Layout, f64, f64)> {
    let dir = PathBuf::from(format!(
        "{}/quell-compare-{}-{}",
        std::env::temp_dir().display(),
        std::process::id(),
        scenario.split
    ));
    let settings = Settings {
        max_connections: opts.max_connections,
        scenario: Some(scenario),
    };
    let (status, _) = local::up(&dir, settings, true)?;
    let dir = PathBuf::from(status.dir);
    let result = (|| {
        let cluster = Cluster::attach(&dir)?;
        let config = Config::load(Some(&dir.join("quell.yaml")), ctx)?;
        let target = config
            .targets(&["sandbox".to_string()], None, ctx)?
            .remove(0);
        crate::commands::block_on(async {
            let storm_opts =
                storm::Options::for_cluster(&cluster, opts.max_connections, scenario, opts.bug);
            let quiet = storm::probe(&storm_opts).await?;
            // The split layout faces the unsplit layout's storm.
            let storm_opts = storm_opts.sized(cost.unwrap_or(quiet));
            let bug_rate = storm_opts.bug_rate;
            let session = crate::db::connect(&target).await?;
            let storm = storm::Storm::start(storm_opts);
            let mut peak: f64 = 0.0;
            let mut worst = crate::level::Level::Ok;
            let clock = Instant::now();
            while clock.elapsed() < window {
                if let Ok(c) = crate::inspect::connections::collect(&session).await {
                    peak = peak.max(c.utilization);
                }
                if let Ok(d) = crate::inspect::doctor::collect(&session, &config.file.doctor).await
                {
                    worst = worst.max(d.worst);
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            let seconds = storm.finish().await;
            let mut setup: Vec<f64> = seconds.iter().flat_map(|s| s.setup_ms.clone()).collect();
            let mut latencies: Vec<f64> = seconds
                .iter()
                .flat_map(|s| s.latencies_ms.clone())
                .collect();
            let sum = |f: fn(&storm::Second) -> u32| seconds.iter().map(f).sum::<u32>();
            anyhow::Ok((
                Layout {
                    split: scenario.split,
                    fan_out: scenario.fan_out(),
                    setup_ms_quiet: round1(quiet * 1000.0),
                    setup_ms_p50: storm::percentile(&mut setup, 50.0).map(round1),
                    peak_utilization: peak,
                    saturated: peak >= 0.95,
                    doctor_worst: worst,
                    attempted: sum(|s| s.attempted),
                    served: sum(|s| s.served),
                    failed: sum(|s| s.failed),
                    too_many_clients: sum(|s| s.too_many_clients),
                    timeouts: sum(|s| s.timeouts),
                    other: sum(|s| s.other),
                    p50_ms: storm::percentile(&mut latencies, 50.0).map(round1),
                    p99_ms: storm::percentile(&mut latencies, 99.0).map(round1),
                },
                quiet,
                bug_rate,
            ))
        })?
    })();
    if let Err(e) = local::down(&dir) {
        output::warn(&format!("the comparison sandbox was not removed: {e:#}"));
    }
    result
}
