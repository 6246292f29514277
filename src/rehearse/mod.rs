//! `quell rehearse`: the incident reproduced on a private cluster. A sandbox seeded
//! with the scenario, the storm started, doctor polled until it calls the server
//! critical, then the playbook run with nobody at the keyboard (gates approved
//! because this is the sandbox), the storm still going; finally the figures: how
//! fast it was detected, mitigated and restored, and what the customers saw.

pub mod chart;
pub mod compare;
pub mod storm;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use anyhow::Context as _;
use serde::Serialize;
use serde_json::Value;

use crate::commands::playbook::{self as pb, Setting};
use crate::config::Config;
use crate::control::Actor;
use crate::db::conninfo::Context;
use crate::db::fleet::Fleet;
use crate::error::Exit;
use crate::output::{self, Output};
use crate::playbook::{self, run};
use crate::sandbox::local::{self, Settings};
use crate::sandbox::scenario::Scenario;
use crate::sandbox::Cluster;

/// The playbook a rehearsal runs when none is named.
pub const DEFAULT_PLAYBOOK: &str = "connection-saturation";

/// Mitigated, for a playbook that does not say (no `calm`/`hold` inputs):
/// utilization below this…
const DEFAULT_CALM: f64 = 0.7;
/// …for this long (the `hold` a rehearsal gives a playbook that has one).
const DEFAULT_HOLD_S: f64 = 20.0;

/// How to rehearse.
#[derive(Debug, Clone)]
pub struct Options {
    /// The playbook named on the command line (else [`DEFAULT_PLAYBOOK`]).
    pub playbook: Option<String>,
    pub scenario: Scenario,
    pub max_connections: u32,
    /// How long the internal orgs' bug lasts.
    pub bug: Duration,
    pub keep: bool,
    pub svg: Option<PathBuf>,
}

/// One phase of the customer's view.
#[derive(Debug, Serialize)]
pub struct Phase {
    pub name: &'static str,
    pub from_s: f64,
    pub to_s: f64,
    pub attempted: u32,
    pub served: u32,
    pub refused: u32,
    /// `too_many_clients + timeouts + other`.
    pub failed: u32,
    pub too_many_clients: u32,
    pub timeouts: u32,
    pub other: u32,
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
}

/// A moment of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct Sample {
    pub t_s: f64,
    pub utilization: f64,
}

/// A playbook step on the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct Marker {
    pub t_s: f64,
    pub step: String,
    pub status: String,
}

/// The rehearsal's report (`-o json`).
#[derive(Debug, Serialize)]
pub struct Rehearsal {
    pub playbook: String,
    pub scenario: Scenario,
    pub max_connections: u32,
    pub server_version: String,
    /// Utilization held below `mitigation_threshold` for `mitigation_window_s`,
    /// by the rehearsal's own samples, after it had reached the threshold.
    pub mitigated: bool,
    /// Every org the run suspended is resumed (true when it suspended none).
    pub restored: bool,
    /// The playbook's `calm` input, else 0.7.
    pub mitigation_threshold: f64,
    /// The playbook's `hold` input as the rehearsal set it, else 20 s.
    pub mitigation_window_s: f64,
    pub time_to_detect_s: Option<f64>,
    pub time_to_mitigate_s: Option<f64>,
    pub time_to_restore_s: Option<f64>,
    pub peak_utilization: f64,
    pub final_utilization: f64,
    pub orgs_suspended: Vec<String>,
    pub orgs_restored: Vec<String>,
    /// Gradual resumes that stopped because utilization climbed.
    pub relapses: u32,
    /// Each notice event the run posted (the file provider's lines).
    pub notices: Vec<Value>,
    /// Median `SET ROLE` time of the storm's served requests: the membership walk
    /// each new connection pays.
    pub setup_ms_p50: Option<f64>,
    /// The same, measured before the storm in a quiet server.
    pub setup_ms_quiet: f64,
    /// The app's normal request rate (sized from `setup_ms_quiet`).
    pub normal_rate: f64,
    pub customer: Vec<Phase>,
    pub timeline: Vec<Sample>,
    pub markers: Vec<Marker>,
    /// Per second of the storm, the requests that started in it: attempted,
    /// served, refused, failed (too many clients, timeouts, other), latency p50 and
    /// p99, `SET ROLE` p50.
    pub seconds: Vec<storm::Second>,
    pub steps: run::RunReport,
    /// The sandbox, when kept (`--keep`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sandbox: Option<String>,
}

pub fn run(out: &Output, ctx: &Context, opts: &Options) -> anyhow::Result<Exit> {
    opts.scenario.check()?;
    if opts.scenario.split > 1 {
        if let Some(name) = &opts.playbook {
            anyhow::bail!(
                "--split {} compares two layouts under the storm and runs no playbook: leave out PLAYBOOK ({name}) or --split",
                opts.scenario.split
            );
        }
        if opts.svg.is_some() || opts.keep {
            anyhow::bail!("--split compares two layouts under the storm, storm only: --svg and --keep are for a rehearsal of a playbook (leave out --split)");
        }
        return compare::run(out, ctx, opts);
    }
    let source = playbook::locate(opts.playbook.as_deref().unwrap_or(DEFAULT_PLAYBOOK))?;
    let book = pb::loaded(&source)?;
    let dir = std::env::temp_dir().join(format!(
        "quell-rehearse-{}-{}",
        std::process::id(),
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    ));
    let began = Instant::now();
    output::note(&format!(
        "rehearse: starting a sandbox in {} with {} orgs x {} users ({} memberships per app login role), max_connections {}",
        dir.display(),
        opts.scenario.orgs,
        opts.scenario.users_per_org,
        opts.scenario.fan_out(),
        opts.max_connections
    ));
    let settings = Settings {
        max_connections: opts.max_connections,
        scenario: Some(opts.scenario),
    };
    let (status, _) = local::up(&dir, settings, true)?;
    let dir = PathBuf::from(&status.dir);
    let result = (|| {
        let config_path = dir.join("quell.yaml");
        crate::commands::sandbox::init(&config_path, ctx)?;
        output::note(&format!(
            "rehearse: seeded and initialised in {:.1}s",
            began.elapsed().as_secs_f64()
        ));
        let cluster = Cluster::attach(&dir)?;
        crate::commands::block_on(rehearse(out, ctx, opts, &book, &source, &cluster, &dir))?
    })();
    let kept = opts.keep.then(|| dir.display().to_string());
    if !opts.keep {
        if let Err(e) = local::down(&dir) {
            output::warn(&format!("the rehearsal sandbox was not removed: {e:#}"));
        }
    }
    let mut report = result?;
    report.sandbox = kept;
    if let Some(svg) = &opts.svg {
        chart::svg(&report, svg).with_context(|| format!("writing {}", svg.display()))?;
    }
    let exit = if report.mitigated && report.restored {
        Exit::Ok
    } else {
        Exit::Found
    };
    if out.is_json() {
        out.json(&report)?;
    } else {
        out.text(&text(&report, opts.svg.as_deref()))?;
    }
    Ok(exit)
}

async fn rehearse(
    out: &Output,
    ctx: &Context,
    opts: &Options,
    book: &playbook::Playbook,
    source: &playbook::Source,
    cluster: &Cluster,
    dir: &Path,
) -> anyhow::Result<Rehearsal> {
    let config = Config::load(Some(&dir.join("quell.yaml")), ctx)?;
    let targets = config.targets(&["sandbox".to_string()], None, ctx)?;
    let watcher = crate::db::connect(&targets[0])
        .await
        .context("connecting to the sandbox")?;
    let storm_opts =
        storm::Options::for_cluster(cluster, opts.max_connections, opts.scenario, opts.bug);
    let cost = storm::probe(&storm_opts)
        .await
        .context("probing the cost of a new connection")?;
    let storm_opts = storm_opts.sized(cost);
    output::note(&format!(
        "rehearse: a new connection's first privilege check costs {:.0}ms here; normal traffic {:.1} requests/s",
        cost * 1000.0,
        storm_opts.normal_rate
    ));
    let storm_started = SystemTime::now();
    let quiet = (round1(cost * 1000.0), storm_opts.normal_rate);
    let storm = storm::Storm::start(storm_opts);
    output::note("rehearse: storm started (the internal orgs' upgrade bug opens connections as fast as it can)");
    // One session (a superuser's reserved slot) watches for the whole rehearsal:
    // the utilization samples, doctor's detection, the figures at the end.
    let timeline = std::cell::RefCell::new(Vec::<Sample>::new());
    let sampling = async {
        loop {
            if let Ok(c) = crate::inspect::connections::collect(&watcher).await {
                let t_s = secs(storm_started.elapsed().unwrap_or_default());
                timeline.borrow_mut().push(Sample {
                    t_s,
                    utilization: c.utilization,
                });
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    };
    let work = async {
        let detected = detect(&watcher, &config).await;
        match detected {
            Some(t) => output::note(&format!(
                "rehearse: doctor found the server critical {t:.1}s into the storm; running playbook {}",
                book.name
            )),
            None => output::warn("rehearse: doctor never found the server critical within 60s; running the playbook anyway"),
        }
        let actor = Actor {
            name: "quell rehearse".into(),
            run_id: format!("rehearse-{}", std::process::id()),
        };
        let ids = every_step(book);
        let inputs = shortened(book, opts);
        let run_opts = run::Options {
            inputs,
            yes: true,
            approve: ids,
            journal_dir: Some(dir.join("runs")),
            source: source.text.clone(),
            resume: None,
        };
        let fleet = Fleet {
            targets: targets.clone(),
            parallel: crate::db::fleet::DEFAULT_PARALLEL,
        };
        let quiet = Output {
            format: crate::cli::OutputFormat::Json,
            ..*out
        };
        let setting = Setting {
            process: ctx,
            config: &config,
            fleet,
            actor: &actor,
            dry_run: false,
        };
        let report = pb::execute(&quiet, setting, book, &run_opts).await;
        // The after-phase: the customers' view once the playbook is done.
        tokio::time::sleep(Duration::from_secs(5)).await;
        (detected, report)
    };
    let (detected, report) = tokio::select! {
        r = work => r,
        _ = sampling => unreachable!("the sampler never ends"),
    };
    let seconds = storm.finish().await;
    let (steps, _) = report?;
    let timeline = timeline.into_inner();
    summarize(
        opts,
        &config,
        steps,
        detected,
        timeline,
        seconds,
        storm_started,
        &watcher,
        dir,
        quiet,
    )
    .await
}

/// Seconds (ms precision).
fn secs(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0).round() / 1000.0
}

/// Poll doctor every second (for at most a minute) until it finds something
/// critical; the time since the storm started.
async fn detect(session: &crate::db::Session, config: &Config) -> Option<f64> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if let Ok(d) = crate::inspect::doctor::collect(session, &config.file.doctor).await {
            if d.worst == crate::level::Level::Critical {
                return Some(secs(started.elapsed()));
            }
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    None
}

/// Every step id (inner, undo and always ones too): a rehearsal approves every gate,
/// since it runs on its own sandbox.
fn every_step(book: &playbook::Playbook) -> Vec<String> {
    fn add(steps: &[playbook::Step], ids: &mut Vec<String>) {
        for s in steps {
            ids.push(s.id.clone());
            add(&s.steps, ids);
            if let Some(u) = &s.register_undo {
                ids.push(u.id.clone());
            }
        }
    }
    let mut ids = Vec::new();
    add(&book.steps, &mut ids);
    add(&book.always, &mut ids);
    ids
}

/// Inputs that make the playbook's waits fit a rehearsal, for those it declares.
fn shortened(book: &playbook::Playbook, opts: &Options) -> Vec<(String, String)> {
    let wanted = [
        ("top", opts.scenario.internal().to_string()),
        ("hold", "20s".to_string()),
        ("mitigate_timeout", "90s".to_string()),
        ("settle", "6s".to_string()),
        ("settle_timeout", "60s".to_string()),
    ];
    wanted
        .into_iter()
        .filter(|(k, _)| book.inputs.contains_key(*k))
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

/// When a step finished, in seconds since the storm started.
fn ended_at(step: &run::StepReport, storm: SystemTime) -> Option<f64> {
    let started = humantime::parse_rfc3339(&step.started_at).ok()?;
    let offset = started.duration_since(storm).ok()?;
    Some(secs(offset) + step.duration_s)
}

fn started_at(step: &run::StepReport, storm: SystemTime) -> Option<f64> {
    let started = humantime::parse_rfc3339(&step.started_at).ok()?;
    Some(secs(started.duration_since(storm).ok()?))
}

#[allow(clippy::too_many_arguments)]
async fn summarize(
    opts: &Options,
    config: &Config,
    steps: run::RunReport,
    detected: Option<f64>,
    timeline: Vec<Sample>,
    mut seconds: Vec<storm::Second>,
    storm_started: SystemTime,
    session: &crate::db::Session,
    dir: &Path,
    (setup_ms_quiet, normal_rate): (f64, f64),
) -> anyhow::Result<Rehearsal> {
    let rows = session
        .client
        .query(
            "SELECT org, resumed_at IS NOT NULL FROM quell.suspensions WHERE run_id = $1 ORDER BY suspended_at, org",
            &[&steps.run_id],
        )
        .await?;
    let mut orgs_suspended = Vec::new();
    let mut orgs_restored = Vec::new();
    for row in rows {
        let org: String = row.try_get(0)?;
        if row.try_get::<_, bool>(1)? {
            orgs_restored.push(org.clone());
        }
        orgs_suspended.push(org);
    }
    let first_suspend = steps
        .steps
        .iter()
        .position(|s| s.action == "tenants.suspend" && s.status == "ok");
    // Mitigated by what the rehearsal saw, whatever the playbook did: utilization
    // under the threshold and held there for the window.
    let (threshold, window) = mitigation_rule(&steps.inputs);
    let time_to_mitigate_s = held_below(&timeline, threshold, window).map(round1);
    let mitigated = time_to_mitigate_s.is_some();
    let restored = orgs_restored.len() == orgs_suspended.len();
    // Restored when the last resume and the wait after it (load stayed down) ended.
    let last_resume = steps
        .steps
        .iter()
        .rposition(|s| s.action == "tenants.resume" && s.status == "ok");
    let time_to_restore_s = match (restored, last_resume) {
        (true, Some(i)) => {
            let after = steps.steps[i + 1..]
                .iter()
                .take_while(|s| s.action == "wait_until")
                .last()
                .unwrap_or(&steps.steps[i]);
            ended_at(after, storm_started)
        }
        _ => None,
    };
    // A relapse: a resume stopped by its utilization gate, or load back over the
    // threshold in the wait after a resume.
    let relapses = steps
        .steps
        .iter()
        .enumerate()
        .filter(|(i, s)| {
            s.action == "tenants.resume"
                && (!s.output["stopped"].is_null()
                    || steps.steps.get(i + 1).is_some_and(|w| {
                        w.action == "wait_until"
                            && w.output["samples"]
                                .as_array()
                                .is_some_and(|v| v.iter().any(|x| x["until"] == false))
                    }))
        })
        .count() as u32;
    let notices = config
        .file
        .notices
        .providers
        .values()
        .filter_map(|p| match p {
            crate::notice::ProviderConfig::File(f) => Some(f.path.clone()),
            _ => None,
        })
        .flat_map(|path| {
            std::fs::read_to_string(dir.join(&path).canonicalize().unwrap_or(path))
                .unwrap_or_default()
                .lines()
                .filter_map(|l| serde_json::from_str::<Value>(l).ok())
                .collect::<Vec<_>>()
        })
        .collect();
    let markers: Vec<Marker> = steps
        .steps
        .iter()
        .filter(|s| s.status != "skipped")
        .filter_map(|s| {
            Some(Marker {
                t_s: started_at(s, storm_started)?,
                step: s.id.clone(),
                status: s.status.to_string(),
            })
        })
        .collect();
    let peak = timeline.iter().map(|s| s.utilization).fold(0.0, f64::max);
    let last = timeline.last().map_or(0.0, |s| s.utilization);
    let mut setup: Vec<f64> = seconds.iter().flat_map(|s| s.setup_ms.clone()).collect();
    let setup_ms_p50 = storm::percentile(&mut setup, 50.0);
    let end = seconds.len() as f64;
    let suspend_at = first_suspend.and_then(|i| started_at(&steps.steps[i], storm_started));
    let restore_from = steps
        .steps
        .iter()
        .find(|s| s.action == "tenants.resume")
        .and_then(|s| started_at(s, storm_started));
    let bounds = [
        ("storm", 0.0, detected.or(suspend_at).unwrap_or(end)),
        (
            "mitigating",
            detected.or(suspend_at).unwrap_or(end),
            time_to_mitigate_s.unwrap_or(end),
        ),
        (
            "mitigated",
            time_to_mitigate_s.unwrap_or(end),
            restore_from.unwrap_or(end),
        ),
        (
            "restoring",
            restore_from.unwrap_or(end),
            time_to_restore_s.unwrap_or(end),
        ),
        ("after", time_to_restore_s.unwrap_or(end), end),
    ];
    let customer = bounds
        .into_iter()
        .filter(|(_, from, to)| to.round() > from.round())
        .map(|(name, from, to)| phase(name, from, to, &mut seconds))
        .collect();
    Ok(Rehearsal {
        playbook: steps.playbook.clone(),
        scenario: opts.scenario,
        max_connections: opts.max_connections,
        server_version: session.server_version.clone(),
        mitigated,
        restored,
        mitigation_threshold: threshold,
        mitigation_window_s: window,
        time_to_detect_s: detected,
        time_to_mitigate_s,
        time_to_restore_s,
        peak_utilization: peak,
        final_utilization: last,
        orgs_suspended,
        orgs_restored,
        relapses,
        notices,
        setup_ms_p50,
        setup_ms_quiet,
        normal_rate: round1(normal_rate),
        customer,
        timeline,
        markers,
        seconds,
        steps,
        sandbox: None,
    })
}

/// The threshold and window of "mitigated": the run's `calm` and `hold` inputs when
/// the playbook has them, else the rehearsal's.
fn mitigation_rule(inputs: &Value) -> (f64, f64) {
    let calm = inputs["calm"].as_f64().unwrap_or(DEFAULT_CALM);
    let hold = match &inputs["hold"] {
        Value::String(text) => crate::values::parse_duration(text)
            .map(|d| d.as_secs_f64())
            .unwrap_or(DEFAULT_HOLD_S),
        other => other.as_f64().unwrap_or(DEFAULT_HOLD_S),
    };
    (calm, hold)
}

/// When utilization went below `threshold` and then stayed below it for at least
/// `window` seconds (the first sample of that streak), counting from the first
/// sample at or above it (a storm still building up is not mitigated), or from the
/// start when utilization never reached it.
fn held_below(timeline: &[Sample], threshold: f64, window: f64) -> Option<f64> {
    let start = timeline
        .iter()
        .position(|s| s.utilization >= threshold)
        .unwrap_or(0);
    let mut streak: Option<f64> = None;
    for s in &timeline[start..] {
        if s.utilization >= threshold {
            streak = None;
            continue;
        }
        let from = *streak.get_or_insert(s.t_s);
        if s.t_s - from >= window {
            return Some(from);
        }
    }
    None
}

fn phase(name: &'static str, from: f64, to: f64, seconds: &mut [storm::Second]) -> Phase {
    let mut p = Phase {
        name,
        from_s: from,
        to_s: to,
        attempted: 0,
        served: 0,
        refused: 0,
        failed: 0,
        too_many_clients: 0,
        timeouts: 0,
        other: 0,
        p50_ms: None,
        p99_ms: None,
    };
    let mut latencies = Vec::new();
    for s in seconds
        .iter()
        .filter(|s| f64::from(s.t) >= from.round() && f64::from(s.t) < to.round())
    {
        p.attempted += s.attempted;
        p.served += s.served;
        p.refused += s.refused;
        p.failed += s.failed;
        p.too_many_clients += s.too_many_clients;
        p.timeouts += s.timeouts;
        p.other += s.other;
        latencies.extend(s.latencies_ms.iter().copied());
    }
    p.p50_ms = storm::percentile(&mut latencies, 50.0).map(round1);
    p.p99_ms = storm::percentile(&mut latencies, 99.0).map(round1);
    p
}

pub(crate) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn fmt_s(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v:.1}s"))
}

/// The readable report.
fn text(r: &Rehearsal, svg: Option<&Path>) -> String {
    let rule = format!(
        "utilization below {:.0}% for {:.0}s",
        r.mitigation_threshold * 100.0,
        r.mitigation_window_s
    );
    let verdict = match (r.mitigated, r.restored, r.orgs_suspended.is_empty()) {
        (true, true, true) => format!("mitigated ({rule}), no org suspended"),
        (true, true, false) => format!("mitigated ({rule}), every suspended org restored"),
        (true, false, _) => {
            format!("mitigated ({rule}), but not every suspended org was restored")
        }
        (false, _, _) => format!("NOT mitigated (never {rule})"),
    };
    let mut t = format!(
        "rehearsal of {} on PostgreSQL {} (max_connections {}): {verdict}\n\
         scenario: {} orgs x {} users, {} login role(s) with {} memberships each; a new connection's SET ROLE: {:.0}ms quiet, p50 {} in the storm\n\
         detected {}  mitigated {}  restored {}  (from the storm's start)\n\
         utilization: peak {:.0}%, final {:.0}%; suspended {} ({}), restored {}; relapses {}; notices {}\n",
        r.playbook,
        r.server_version,
        r.max_connections,
        r.scenario.orgs,
        r.scenario.users_per_org,
        r.scenario.split.max(1),
        r.scenario.fan_out(),
        r.setup_ms_quiet,
        r.setup_ms_p50.map_or("—".into(), |v| format!("{v:.0}ms")),
        fmt_s(r.time_to_detect_s),
        fmt_s(r.time_to_mitigate_s),
        fmt_s(r.time_to_restore_s),
        r.peak_utilization * 100.0,
        r.final_utilization * 100.0,
        r.orgs_suspended.len(),
        r.orgs_suspended.join(", "),
        r.orgs_restored.len(),
        r.relapses,
        r.notices.len(),
    );
    t.push_str(
        "\ncustomers' view         seconds  attempted   served  refused   failed     p50     p99\n",
    );
    for p in &r.customer {
        let ms = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.0}ms"));
        t.push_str(&format!(
            "  {:<12} {:>12} {:>10} {:>8} {:>8} {:>8} {:>7} {:>7}\n",
            p.name,
            format!("{:.0}-{:.0}", p.from_s, p.to_s),
            p.attempted,
            p.served,
            p.refused,
            p.failed,
            ms(p.p50_ms),
            ms(p.p99_ms)
        ));
    }
    t.push('\n');
    t.push_str(&chart::text(r));
    if let Some(svg) = svg {
        t.push_str(&format!("\nchart: {}", svg.display()));
    }
    if let Some(dir) = &r.sandbox {
        t.push_str(&format!(
            "\nsandbox kept in {dir}: quell -c {dir}/quell.yaml doctor; remove it with quell sandbox down --dir {dir}"
        ));
    }
    t.push_str(&format!(
        "\nplaybook run {}: {} ({} steps); -o json has every step and every second",
        r.steps.run_id,
        r.steps.status,
        r.steps.steps.len()
    ));
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timeline(points: &[(f64, f64)]) -> Vec<Sample> {
        points
            .iter()
            .map(|&(t_s, utilization)| Sample { t_s, utilization })
            .collect()
    }

    #[test]
    fn mitigated_is_utilization_held_below_the_threshold_after_it_was_reached() {
        // Ramp up (below, not yet mitigated), saturated, a dip too short, then held.
        let t = timeline(&[
            (0.0, 0.2),
            (5.0, 0.5),
            (10.0, 0.95),
            (12.0, 0.6),
            (14.0, 0.9),
            (16.0, 0.5),
            (26.0, 0.4),
            (36.0, 0.3),
        ]);
        assert_eq!(held_below(&t, 0.7, 20.0), Some(16.0));
        assert_eq!(held_below(&t, 0.7, 21.0), None, "held only 20s");
        // Never saturated: held from the start.
        let quiet = timeline(&[(0.0, 0.1), (10.0, 0.1), (20.0, 0.2)]);
        assert_eq!(held_below(&quiet, 0.7, 20.0), Some(0.0));
        // Still saturated at the end.
        let stuck = timeline(&[(0.0, 0.9), (30.0, 0.99)]);
        assert_eq!(held_below(&stuck, 0.7, 5.0), None);
    }

    #[test]
    fn the_rule_is_the_playbooks_calm_and_hold_else_the_rehearsals() {
        let inputs = serde_json::json!({"calm": 0.5, "hold": "30s"});
        assert_eq!(mitigation_rule(&inputs), (0.5, 30.0));
        assert_eq!(
            mitigation_rule(&serde_json::json!({"min_wait": "1s"})),
            (DEFAULT_CALM, DEFAULT_HOLD_S)
        );
    }
}
