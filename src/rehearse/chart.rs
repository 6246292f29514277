//! The rehearsal's timeline as a picture: block characters in the terminal, an SVG
//! chart (plotters) with `--svg FILE`. Utilization and served requests over time,
//! a marker at each playbook step.

use std::path::Path;

use super::Rehearsal;

const WIDTH: usize = 72;
const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

fn spark(values: &[f64], max: f64) -> String {
    values
        .iter()
        .map(|v| {
            let i = if max <= 0.0 {
                0
            } else {
                ((v / max) * 7.0).round().clamp(0.0, 7.0) as usize
            };
            BLOCKS[i]
        })
        .collect()
}

/// Two rows (utilization, served per second) over the run, and a row of markers
/// numbered as the legend under it.
pub fn text(r: &Rehearsal) -> String {
    let end = r.seconds.len().max(1) as f64;
    let cols = WIDTH.min(r.seconds.len().max(1));
    let per = end / cols as f64;
    let col = |t: f64| ((t / per) as usize).min(cols - 1);
    let mut util = vec![0.0f64; cols];
    for s in &r.timeline {
        let c = col(s.t_s);
        util[c] = util[c].max(s.utilization);
    }
    let mut served = vec![0.0f64; cols];
    let mut failed = vec![0.0f64; cols];
    for s in &r.seconds {
        let c = col(f64::from(s.t));
        served[c] += f64::from(s.served) / per;
        failed[c] += f64::from(s.failed) / per;
    }
    let top_served = served.iter().copied().fold(1.0, f64::max);
    let top_failed = failed.iter().copied().fold(1.0, f64::max);
    let mut marks = vec![' '; cols];
    let mut legend = Vec::new();
    // The top-level steps (a foreach's items are under its marker); the first of
    // two in one column keeps it.
    let top: Vec<_> = r.markers.iter().filter(|m| !m.step.contains('[')).collect();
    for (i, m) in top.iter().enumerate() {
        let symbol = std::char::from_digit((i % 36) as u32, 36).unwrap_or('?');
        let c = col(m.t_s);
        if marks[c] == ' ' {
            marks[c] = symbol;
        }
        legend.push(format!("{symbol} {} {:.0}s", m.step, m.t_s));
    }
    format!(
        "timeline, {:.0}s ({:.1}s per column):\n  utilization {}  (▁ 0% … █ 100%)\n  served/s    {}  (█ {top_served:.0}/s)\n  failed/s    {}  (█ {top_failed:.0}/s)\n  steps       {}\n  {}\n",
        end,
        per,
        spark(&util, 1.0),
        spark(&served, top_served),
        spark(&failed, top_failed),
        marks.iter().collect::<String>(),
        legend.join("; ")
    )
}

/// The same timeline as an SVG chart.
pub fn svg(r: &Rehearsal, path: &Path) -> anyhow::Result<()> {
    use plotters::prelude::*;
    let end = r.seconds.len().max(1) as f64;
    let top = r
        .seconds
        .iter()
        .map(|s| f64::from(s.served.max(s.failed)))
        .fold(1.0, f64::max);
    let root = SVGBackend::new(path, (960, 480)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!(
                "quell rehearse: {} ({} orgs x {} users)",
                r.playbook, r.scenario.orgs, r.scenario.users_per_org
            ),
            ("sans-serif", 18),
        )
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(48)
        .right_y_label_area_size(48)
        .build_cartesian_2d(0f64..end, 0f64..1.05f64)?
        .set_secondary_coord(0f64..end, 0f64..top * 1.1);
    chart
        .configure_mesh()
        .x_desc("seconds since the storm started")
        .y_desc("utilization")
        .draw()?;
    chart
        .configure_secondary_axes()
        .y_desc("requests/s")
        .draw()?;
    chart
        .draw_series(LineSeries::new(
            r.timeline.iter().map(|s| (s.t_s, s.utilization)),
            RED.stroke_width(2),
        ))?
        .label("utilization")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], RED));
    chart
        .draw_secondary_series(LineSeries::new(
            r.seconds
                .iter()
                .map(|s| (f64::from(s.t), f64::from(s.served))),
            BLUE,
        ))?
        .label("served/s")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLUE));
    chart
        .draw_secondary_series(LineSeries::new(
            r.seconds
                .iter()
                .map(|s| (f64::from(s.t), f64::from(s.failed))),
            BLACK.mix(0.5),
        ))?
        .label("failed/s")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLACK.mix(0.5)));
    for m in &r.markers {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(m.t_s, 0.0), (m.t_s, 1.05)],
            GREEN.mix(0.4),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            m.step.clone(),
            (m.t_s, 1.02),
            ("sans-serif", 10).into_font(),
        )))?;
    }
    chart
        .configure_series_labels()
        .border_style(BLACK)
        .background_style(WHITE.mix(0.8))
        .draw()?;
    root.present()?;
    Ok(())
}
