//! The blocking track of an indicator: judicial (claim filed → decision →
//! decision in force → sent to the regulator → blocked) or extrajudicial
//! (request sent → blocked), and the end states found inaccessible, restored
//! and appeal. Pure rules: which step may follow which, and the status each
//! step leaves the indicator in.

use crate::indicator::model::Status;
use chrono::NaiveDate;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Track {
    Judicial,
    Extrajudicial,
}

impl Track {
    pub fn as_str(self) -> &'static str {
        match self {
            Track::Judicial => "judicial",
            Track::Extrajudicial => "extrajudicial",
        }
    }

    pub fn parse(s: &str) -> Option<Track> {
        match s {
            "judicial" => Some(Track::Judicial),
            "extrajudicial" => Some(Track::Extrajudicial),
            _ => None,
        }
    }

    /// The steps of the track, in order.
    pub fn steps(self) -> &'static [&'static str] {
        match self {
            Track::Judicial => &[
                "claim_filed",
                "decision",
                "in_force",
                "sent_to_regulator",
                "blocked",
            ],
            Track::Extrajudicial => &["request_sent", "blocked"],
        }
    }
}

/// Steps that end a track whatever came before.
pub const END_STEPS: [&str; 3] = ["inaccessible", "restored", "appeal"];

pub fn step_label(step: &str) -> &'static str {
    match step {
        "claim_filed" => "подано исковое заявление",
        "decision" => "вынесено решение суда",
        "in_force" => "решение вступило в силу",
        "sent_to_regulator" => "направлено в Роскомнадзор",
        "request_sent" => "направлено требование о блокировке",
        "blocked" => "заблокирован",
        "inaccessible" => "ресурс недоступен",
        "restored" => "доступ восстановлен",
        "appeal" => "обжалование",
        _ => "неизвестный шаг",
    }
}

/// A step already on the track.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Done {
    pub track: Track,
    pub step: String,
    pub on: NaiveDate,
}

/// Why a step cannot be recorded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error("шаг «{0}» не относится к этому порядку блокировки")]
    Unknown(String),
    #[error("следующий шаг — «{0}»")]
    OutOfOrder(&'static str),
    #[error("дата шага раньше предыдущего ({0})")]
    BeforePrevious(NaiveDate),
    #[error("для обжалования укажите срок")]
    AppealNeedsDeadline,
}

/// Checks `step` on `track` after `history` (oldest first); returns the
/// indicator's status after it.
pub fn next(
    history: &[Done],
    track: Track,
    step: &str,
    on: NaiveDate,
    deadline: Option<NaiveDate>,
) -> Result<Status, StepError> {
    if let Some(last) = history.last()
        && on < last.on
    {
        return Err(StepError::BeforePrevious(last.on));
    }
    if END_STEPS.contains(&step) {
        if step == "appeal" && deadline.is_none() {
            return Err(StepError::AppealNeedsDeadline);
        }
        return Ok(match step {
            "inaccessible" => Status::Inaccessible,
            "restored" => Status::Restored,
            _ => Status::Appeal,
        });
    }
    let steps = track.steps();
    let pos = steps
        .iter()
        .position(|s| *s == step)
        .ok_or_else(|| StepError::Unknown(step.to_string()))?;
    // The track in progress: its steps since the last end step or track change.
    let done_here = history
        .iter()
        .rev()
        .take_while(|d| d.track == track && !END_STEPS.contains(&d.step.as_str()))
        .count();
    let expected = if done_here >= steps.len() {
        0
    } else {
        done_here
    };
    if pos != expected {
        let want = steps.get(expected).copied().unwrap_or(steps[0]);
        return Err(StepError::OutOfOrder(step_label(want)));
    }
    Ok(if step == "blocked" {
        Status::Blocked
    } else {
        Status::Blocking
    })
}

/// The steps that may come next after `history` (oldest first): the next
/// step of the track in progress (or the first step of either track when
/// none is), then the end states, which may come at any time.
pub fn next_steps(history: &[Done]) -> Vec<(Track, &'static str)> {
    let mut out = Vec::new();
    let open = history
        .last()
        .filter(|d| !END_STEPS.contains(&d.step.as_str()) && d.step != "blocked");
    match open {
        Some(last) => {
            let steps = last.track.steps();
            if let Some(n) = steps
                .iter()
                .position(|s| *s == last.step)
                .and_then(|i| steps.get(i + 1))
            {
                out.push((last.track, *n));
            }
        }
        None => {
            for t in [Track::Judicial, Track::Extrajudicial] {
                out.push((t, t.steps()[0]));
            }
        }
    }
    let track = history.last().map_or(Track::Judicial, |d| d.track);
    out.extend(END_STEPS.iter().map(|s| (track, *s)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_steps_follow_the_track() {
        let j = Track::Judicial;
        let first = next_steps(&[]);
        assert_eq!(first[0], (j, "claim_filed"));
        assert_eq!(first[1], (Track::Extrajudicial, "request_sent"));
        assert_eq!(first.len(), 5);
        let h = vec![done(j, "claim_filed", 1)];
        assert_eq!(next_steps(&h)[0], (j, "decision"));
        assert_eq!(next_steps(&h).len(), 4);
        // Every step offered is accepted by `next`.
        let mut h = Vec::new();
        for day in 1..6 {
            let (t, s) = next_steps(&h)[0];
            assert!(next(&h, t, s, d(day), None).is_ok(), "{s}");
            h.push(done(t, s, day));
        }
        assert_eq!(h.last().unwrap().step, "blocked");
        assert_eq!(next_steps(&h)[0].1, "claim_filed");
    }

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 10, day).unwrap()
    }

    fn done(track: Track, step: &str, day: u32) -> Done {
        Done {
            track,
            step: step.into(),
            on: d(day),
        }
    }

    #[test]
    fn judicial_track_in_order() {
        let j = Track::Judicial;
        let mut h = Vec::new();
        for (i, step) in j.steps().iter().enumerate() {
            let status = next(&h, j, step, d(1 + i as u32), None).unwrap();
            let want = if *step == "blocked" {
                Status::Blocked
            } else {
                Status::Blocking
            };
            assert_eq!(status, want, "{step}");
            h.push(done(j, step, 1 + i as u32));
        }
    }

    #[test]
    fn out_of_order_and_dates_are_refused() {
        let j = Track::Judicial;
        assert!(matches!(
            next(&[], j, "decision", d(1), None),
            Err(StepError::OutOfOrder(_))
        ));
        let h = vec![done(j, "claim_filed", 5)];
        assert_eq!(
            next(&h, j, "decision", d(4), None),
            Err(StepError::BeforePrevious(d(5)))
        );
        assert!(matches!(
            next(&h, j, "blocked", d(6), None),
            Err(StepError::OutOfOrder(_))
        ));
        assert!(matches!(
            next(&h, j, "request_sent", d(6), None),
            Err(StepError::Unknown(_))
        ));
        assert_eq!(
            next(&[], Track::Extrajudicial, "request_sent", d(1), None),
            Ok(Status::Blocking)
        );
    }

    #[test]
    fn end_states_at_any_time() {
        let e = Track::Extrajudicial;
        let h = vec![done(e, "request_sent", 1)];
        assert_eq!(
            next(&h, e, "inaccessible", d(2), None),
            Ok(Status::Inaccessible)
        );
        assert_eq!(
            next(&h, e, "appeal", d(2), None),
            Err(StepError::AppealNeedsDeadline)
        );
        assert_eq!(next(&h, e, "appeal", d(2), Some(d(20))), Ok(Status::Appeal));
        // After an end state a new track starts from its first step.
        let h = vec![done(e, "request_sent", 1), done(e, "restored", 3)];
        assert_eq!(
            next(&h, e, "request_sent", d(4), None),
            Ok(Status::Blocking)
        );
    }
}
