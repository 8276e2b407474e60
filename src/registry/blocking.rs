//! The blocking track of an indicator: judicial (claim filed → decision →
//! decision in force → sent to the regulator → blocked) or extrajudicial
//! (request sent → blocked), and the end states found inaccessible, restored
//! and appeal. Pure rules: which step may follow which, and the status each
//! step leaves the indicator in.

use chrono::NaiveDate;
use dozor_indicator::model::Status;

pub mod docx;

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

/// A step out of order is the person's to fix: a 422.
impl From<StepError> for crate::error::Error {
    fn from(e: StepError) -> Self {
        crate::error::Error::Invalid(e.to_string())
    }
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
mod tests;
