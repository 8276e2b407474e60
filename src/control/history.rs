//! A report's history as both sides read it: each submission, return and
//! acceptance in order, with the coordinator's comment, and what changed
//! in the text and the figures since the submission before. Built from the
//! audit log's snapshots, so it needs no table of its own and cannot
//! disagree with the log.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use std::collections::BTreeMap;

pub mod diff;
#[cfg(test)]
mod tests;

/// One recorded step of a report, as the audit log holds it.
pub struct Step<'a> {
    pub at: DateTime<Utc>,
    pub who: &'a str,
    pub action: &'a str,
    /// The audit log's snapshot after the step, JSON.
    pub after: Option<&'a str>,
}

/// One line of the history.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub when: String,
    pub who: String,
    /// «Представлен», «Представлен повторно», «Возвращён на доработку», «Принят».
    pub what: &'static str,
    pub comment: Option<String>,
    /// «Охват: 120 → 150», in the measure's order of metrics.
    pub figures: Vec<String>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// The text was changed beyond what a line list can show in full.
    pub text_changed: bool,
}

struct Snapshot {
    body: String,
    metrics: BTreeMap<String, f64>,
    comment: Option<String>,
}

fn snapshot(json: Option<&str>) -> Option<Snapshot> {
    let v: serde_json::Value = serde_json::from_str(json?).ok()?;
    let metrics = v["metrics"]
        .as_str()
        .and_then(|m| serde_json::from_str(m).ok())
        .unwrap_or_default();
    Some(Snapshot {
        body: v["body"].as_str().unwrap_or_default().to_string(),
        metrics,
        comment: v["comment"].as_str().map(str::to_string),
    })
}

/// The events of `steps` (oldest first); drafts are not events. `labels`
/// names the measure's metrics in the form's order.
pub fn events(steps: &[Step<'_>], labels: &[(String, String)], tz: Tz) -> Vec<Event> {
    let mut out = Vec::new();
    let mut last_submitted: Option<Snapshot> = None;
    for step in steps {
        let Some(now) = snapshot(step.after) else {
            continue;
        };
        let mut e = Event {
            when: crate::ru::datetime(step.at, tz),
            who: step.who.to_string(),
            what: "",
            comment: None,
            figures: Vec::new(),
            added: Vec::new(),
            removed: Vec::new(),
            text_changed: false,
        };
        match step.action {
            "report.submit" => {
                e.what = match &last_submitted {
                    None => "Представлен",
                    Some(before) => {
                        e.figures = figures(&before.metrics, &now.metrics, labels);
                        let d = diff::lines_diff(&before.body, &now.body);
                        e.text_changed = d.truncated
                            || (d.added.is_empty()
                                && d.removed.is_empty()
                                && before.body != now.body);
                        e.added = d.added;
                        e.removed = d.removed;
                        "Представлен повторно"
                    }
                };
                last_submitted = Some(now);
            }
            "report.return" => {
                e.what = "Возвращён на доработку";
                e.comment = now.comment;
            }
            "report.accept" => {
                e.what = "Принят";
                e.comment = now.comment;
            }
            _ => continue,
        }
        out.push(e);
    }
    out
}

/// The figures that differ, «label: before → after» («—» for none).
fn figures(
    before: &BTreeMap<String, f64>,
    after: &BTreeMap<String, f64>,
    labels: &[(String, String)],
) -> Vec<String> {
    let shown = |v: Option<&f64>| v.map_or("—".to_string(), |v| crate::ru::number(*v));
    let mut keys: Vec<&String> = labels.iter().map(|(k, _)| k).collect();
    for k in before.keys().chain(after.keys()) {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys.into_iter()
        .filter(|k| before.get(*k) != after.get(*k))
        .map(|k| {
            let label = labels
                .iter()
                .find(|(key, _)| key == k)
                .map_or(k.as_str(), |(_, l)| l.as_str());
            format!(
                "{label}: {} → {}",
                shown(before.get(k)),
                shown(after.get(k))
            )
        })
        .collect()
}
