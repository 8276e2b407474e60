//! An obligation's one assessment: the clock, the submission that stands,
//! returns and re-submissions, extensions, and the rates built from it.

use super::*;

const TZ: Tz = chrono_tz::Asia::Yekaterinburg;

/// After the due date (12.10.2020) and any extension used here.
const LATER: &str = "2020-11-01T00:00:00Z";
/// Due 12.10 ends at 23:59:59 in Yekaterinburg: 18:59:59 UTC.
const EDGE: &str = "2020-10-12T18:59:59Z";

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// A report first submitted at `first` and, when it differs, submitted
/// again at `last`.
fn sent(report: Option<ReportState>, first: Option<&str>, last: Option<&str>) -> Facts {
    Facts {
        period: Period::parse("2020-Q3").unwrap(),
        due: NaiveDate::from_ymd_opt(2020, 10, 12).unwrap(),
        extended_to: None,
        report,
        first_submitted_at: first.map(at),
        submitted_at: last.or(first).map(at),
    }
}

fn facts(report: Option<ReportState>, first: Option<&str>) -> Facts {
    sent(report, first, None)
}

#[test]
fn without_a_report_the_clock_decides() {
    let f = facts(None, None);
    assert_eq!(f.status(at("2020-09-30T12:00:00Z"), TZ), Status::NotYetDue);
    // The period ends at midnight in Yekaterinburg: 19:00 UTC.
    assert_eq!(f.status(at("2020-09-30T19:00:01Z"), TZ), Status::Due);
    assert_eq!(f.status(at(EDGE), TZ), Status::Due);
    assert_eq!(f.status(at("2020-10-12T19:00:00Z"), TZ), Status::Overdue);
    assert_eq!(f.assess(at(EDGE), TZ).mark, Mark::NotYetDue);
    assert_eq!(f.assess(at(LATER), TZ).mark, Mark::NotDone);
}

#[test]
fn a_draft_is_not_complete_and_its_clock_runs() {
    let draft = facts(Some(ReportState::Draft), None);
    let a = draft.assess(at("2020-10-13T00:00:00Z"), TZ);
    assert_eq!(a.status, Status::Overdue);
    assert_eq!(a.mark, Mark::NotDone);
    assert!(a.due_passed && !a.complete && !a.on_time && !a.on_time_extended);
    assert!(!draft.complete());
    let early = draft.assess(at("2020-10-01T00:00:00Z"), TZ);
    assert_eq!(
        (early.status, early.mark, early.due_passed),
        (Status::Due, Mark::NotYetDue, false)
    );
}

#[test]
fn submission_time_decides_on_time_or_late() {
    let now = at(LATER);
    let on_time = facts(Some(ReportState::Submitted), Some(EDGE)).assess(now, TZ);
    assert_eq!(on_time.status, Status::SubmittedOnTime);
    assert_eq!(on_time.mark, Mark::OnTime);
    assert!(on_time.complete && on_time.on_time && on_time.on_time_extended);
    let late = facts(Some(ReportState::Submitted), Some("2020-10-12T19:00:00Z")).assess(now, TZ);
    assert_eq!(late.status, Status::SubmittedLate);
    assert_eq!(late.mark, Mark::Late);
    assert!(late.complete && !late.on_time && !late.on_time_extended);
    let accepted = facts(Some(ReportState::Accepted), Some("2020-10-01T00:00:00Z"));
    let a = accepted.assess(now, TZ);
    assert_eq!((a.status, a.mark), (Status::Accepted, Mark::OnTime));
    assert!(a.complete && a.on_time);
    let accepted_late = facts(Some(ReportState::Accepted), Some("2020-10-20T00:00:00Z"));
    assert_eq!(accepted_late.assess(now, TZ).mark, Mark::Late);
}

#[test]
fn a_returned_report_is_not_executed() {
    // Sent on time, then returned for revision: not complete, not on
    // time, «на доработке», before the due date and after it.
    let returned = facts(Some(ReportState::Returned), Some("2020-10-01T00:00:00Z"));
    for now in [at("2020-10-05T00:00:00Z"), at(LATER)] {
        let a = returned.assess(now, TZ);
        assert_eq!(a.status, Status::Returned);
        assert_eq!(a.mark, Mark::Returned);
        assert_eq!(a.mark.text(), "на доработке");
        assert!(!a.complete && !a.on_time && !a.on_time_extended);
    }
    assert!(!returned.complete());
}

#[test]
fn a_resubmission_after_the_due_date_is_late() {
    let again = sent(
        Some(ReportState::Submitted),
        Some("2020-10-01T00:00:00Z"),
        Some("2020-10-14T10:00:00Z"),
    );
    let a = again.assess(at(LATER), TZ);
    assert_eq!(a.status, Status::SubmittedLate);
    assert_eq!(a.mark, Mark::Late);
    assert!(a.complete && !a.on_time && !a.on_time_extended);
    // The first submission stays for the history.
    assert_eq!(again.first_submitted_at, Some(at("2020-10-01T00:00:00Z")));
    // Accepted later, it stays late.
    let accepted = Facts {
        report: Some(ReportState::Accepted),
        ..again
    };
    assert_eq!(accepted.assess(at(LATER), TZ).mark, Mark::Late);
}

#[test]
fn a_resubmission_by_the_due_date_is_on_time() {
    let again = sent(
        Some(ReportState::Submitted),
        Some("2020-10-01T00:00:00Z"),
        Some(EDGE),
    );
    let a = again.assess(at(LATER), TZ);
    assert_eq!((a.status, a.mark), (Status::SubmittedOnTime, Mark::OnTime));
    assert!(a.complete && a.on_time && a.on_time_extended);
}

#[test]
fn an_extension_moves_the_status_but_timeliness_keeps_both() {
    let mut f = facts(Some(ReportState::Submitted), Some("2020-10-15T10:00:00Z"));
    f.extended_to = NaiveDate::from_ymd_opt(2020, 10, 20);
    let a = f.assess(at(LATER), TZ);
    assert_eq!((a.status, a.mark), (Status::SubmittedOnTime, Mark::OnTime));
    assert!(a.complete && !a.on_time && a.on_time_extended);
    // Re-submitted after the granted date too: late either way.
    let mut again = sent(
        Some(ReportState::Submitted),
        Some("2020-10-15T10:00:00Z"),
        Some("2020-10-21T10:00:00Z"),
    );
    again.extended_to = f.extended_to;
    let a = again.assess(at(LATER), TZ);
    assert_eq!((a.status, a.mark), (Status::SubmittedLate, Mark::Late));
    assert!(a.complete && !a.on_time && !a.on_time_extended);
    let mut nothing = facts(None, None);
    nothing.extended_to = NaiveDate::from_ymd_opt(2020, 10, 20);
    let between = nothing.assess(at("2020-10-15T00:00:00Z"), TZ);
    assert_eq!(
        (between.status, between.mark),
        (Status::Due, Mark::NotYetDue)
    );
    // Past the original date, not yet past the granted one.
    assert!(between.due_passed && !between.granted_passed);
    assert!(!nothing.settled(at("2020-10-15T00:00:00Z"), TZ));
    assert!(nothing.settled(at(LATER), TZ));
}

#[test]
fn rates_count_only_passed_due_dates_and_never_exceed_100() {
    let now = at(LATER);
    let mut r = Rates::default();
    r.add(
        &facts(Some(ReportState::Accepted), Some("2020-10-01T00:00:00Z")),
        now,
        TZ,
    );
    r.add(
        &facts(Some(ReportState::Submitted), Some("2020-10-20T00:00:00Z")),
        now,
        TZ,
    );
    r.add(&facts(None, None), now, TZ);
    // Returned: counts as due, not complete.
    r.add(
        &facts(Some(ReportState::Returned), Some("2020-10-02T00:00:00Z")),
        now,
        TZ,
    );
    assert_eq!((r.due, r.complete, r.on_time), (4, 2, 1));
    assert_eq!(r.completeness(), Some(50.0));
    assert_eq!(r.timeliness(), Some(25.0));
    assert_eq!(r.timeliness_extended(), Some(25.0));
    let mut early = Rates::default();
    early.add(
        &facts(Some(ReportState::Submitted), Some("2020-10-01T00:00:00Z")),
        at("2020-10-05T00:00:00Z"),
        TZ,
    );
    assert_eq!((early.due, early.complete, early.on_time), (0, 0, 0));
    assert_eq!(early.completeness(), None);
}

#[test]
fn the_extended_rate_waits_for_the_granted_date() {
    let between = at("2020-10-15T00:00:00Z");
    let mut f = facts(Some(ReportState::Submitted), Some("2020-10-14T10:00:00Z"));
    f.extended_to = NaiveDate::from_ymd_opt(2020, 10, 20);
    let mut r = Rates::default();
    r.add(&f, between, TZ);
    // The original date has passed: complete, but late against it.
    assert_eq!((r.due, r.complete, r.on_time), (1, 1, 0));
    // The granted date has not: nothing in the extended rate yet.
    assert_eq!((r.due_extended, r.on_time_extended), (0, 0));
    assert_eq!(r.timeliness_extended(), None);
    let mut after = Rates::default();
    after.add(&f, at(LATER), TZ);
    assert_eq!((after.due_extended, after.on_time_extended), (1, 1));
    assert_eq!(after.timeliness_extended(), Some(100.0));
}

#[test]
fn no_rate_exceeds_100_whatever_the_mix() {
    use ReportState::*;
    let times = [
        None,
        Some("2020-10-01T00:00:00Z"),
        Some(EDGE),
        Some("2020-10-14T10:00:00Z"),
        Some("2020-10-25T00:00:00Z"),
    ];
    let states = [
        None,
        Some(Draft),
        Some(Submitted),
        Some(Returned),
        Some(Accepted),
    ];
    let extensions = [None, NaiveDate::from_ymd_opt(2020, 10, 20)];
    for now in ["2020-10-05T00:00:00Z", "2020-10-15T00:00:00Z", LATER] {
        let mut r = Rates::default();
        for s in states {
            for first in times {
                for last in times {
                    for e in extensions {
                        let mut f = sent(s, first, last);
                        f.extended_to = e;
                        let a = f.assess(at(now), TZ);
                        assert!(!a.on_time || a.complete, "{f:?}");
                        assert!(!a.on_time_extended || a.complete, "{f:?}");
                        assert_eq!(a.mark == Mark::Returned, s == Some(Returned));
                        assert_eq!(
                            matches!(a.mark, Mark::OnTime | Mark::Late),
                            a.complete,
                            "{f:?}"
                        );
                        let sent = matches!(
                            a.status,
                            Status::SubmittedOnTime | Status::SubmittedLate | Status::Accepted
                        );
                        assert_eq!(sent, a.complete, "{f:?}");
                        r.add_assessed(&a);
                    }
                }
            }
        }
        for v in [r.completeness(), r.timeliness(), r.timeliness_extended()] {
            assert!(v.is_none_or(|v| (0.0..=100.0).contains(&v)), "{r:?}");
        }
    }
}
