//! The blocking track's rules: which steps follow which, and the status each leaves.

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
