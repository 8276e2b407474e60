//! The trend of completeness and timeliness over periods, drawn as an
//! inline SVG on the server: no JavaScript chart library.

use super::status::Rates;
use std::fmt::Write;

const W: f64 = 640.0;
const H: f64 = 220.0;
const PAD: f64 = 36.0;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Two lines (completeness, timeliness) over `points`; periods with nothing
/// due yet are left out of the lines.
pub fn svg(points: &[(String, Rates)]) -> String {
    let n = points.len().max(1) as f64;
    let x = |i: usize| PAD + (W - 2.0 * PAD) * (i as f64 + 0.5) / n;
    let y = |v: f64| H - PAD - (H - 2.0 * PAD) * v / 100.0;
    let mut out = format!(
        r#"<svg class="trend" viewBox="0 0 {W} {H}" role="img" aria-label="Динамика полноты и своевременности">"#
    );
    for v in [0.0, 50.0, 100.0] {
        let _ = write!(
            out,
            r#"<line x1="{PAD}" x2="{}" y1="{y:.1}" y2="{y:.1}" class="grid"/><text x="4" y="{:.1}" class="axis">{v}%</text>"#,
            W - PAD,
            y(v) + 4.0,
            y = y(v)
        );
    }
    for (class, pick) in [
        (
            "completeness",
            Rates::completeness as fn(&Rates) -> Option<f64>,
        ),
        ("timeliness", Rates::timeliness),
    ] {
        let pts: Vec<String> = points
            .iter()
            .enumerate()
            .filter_map(|(i, (_, r))| pick(r).map(|v| format!("{:.1},{:.1}", x(i), y(v))))
            .collect();
        if !pts.is_empty() {
            let _ = write!(
                out,
                r#"<polyline class="{class}" points="{}"/>"#,
                pts.join(" ")
            );
            for p in &pts {
                let (cx, cy) = p.split_once(',').unwrap_or(("0", "0"));
                let _ = write!(
                    out,
                    r#"<circle class="{class}" cx="{cx}" cy="{cy}" r="3"/>"#
                );
            }
        }
    }
    for (i, (label, _)) in points.iter().enumerate() {
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" class="axis" text-anchor="middle">{}</text>"#,
            x(i),
            H - 10.0,
            escape(label)
        );
    }
    out.push_str("</svg>");
    out
}

/// The chart's values as table rows: period, completeness, timeliness.
pub fn table(points: &[(String, Rates)]) -> Vec<(String, String, String)> {
    points
        .iter()
        .map(|(p, r)| {
            (
                p.clone(),
                crate::ru::percent(r.completeness()),
                crate::ru::percent(r.timeliness()),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_line_per_rate_and_skips_empty_periods() {
        let full = Rates {
            due: 4,
            due_extended: 4,
            complete: 4,
            on_time: 2,
            on_time_extended: 2,
        };
        let s = svg(&[
            ("2020-Q1".into(), full),
            ("2020-Q2".into(), Rates::default()),
        ]);
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"));
        assert_eq!(s.matches("<polyline").count(), 2);
        assert_eq!(
            s.matches("<circle").count(),
            2,
            "the empty period has no points"
        );
        assert!(s.contains(">2020-Q2<"));
    }
}
