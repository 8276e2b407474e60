//! A report's status and timeliness: the clock, the submission time, extensions.

use super::*;

const TZ: Tz = chrono_tz::Asia::Yekaterinburg;

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn facts(report: Option<ReportState>, first: Option<&str>) -> Facts {
    Facts {
        period: Period::parse("2020-Q3").unwrap(),
        due: NaiveDate::from_ymd_opt(2020, 10, 12).unwrap(),
        extended_to: None,
        report,
        first_submitted_at: first.map(at),
    }
}

#[test]
fn without_a_report_the_clock_decides() {
    let f = facts(None, None);
    assert_eq!(f.status(at("2020-09-30T12:00:00Z"), TZ), Status::NotYetDue);
    // The period ends at midnight in Yekaterinburg: 19:00 UTC.
    assert_eq!(f.status(at("2020-09-30T19:00:01Z"), TZ), Status::Due);
    assert_eq!(f.status(at("2020-10-12T18:59:59Z"), TZ), Status::Due);
    assert_eq!(f.status(at("2020-10-12T19:00:00Z"), TZ), Status::Overdue);
    let draft = facts(Some(ReportState::Draft), None);
    assert_eq!(
        draft.status(at("2020-10-13T00:00:00Z"), TZ),
        Status::Overdue
    );
}

#[test]
fn submission_time_decides_on_time_or_late() {
    let now = at("2020-11-01T00:00:00Z");
    let on_time = facts(Some(ReportState::Submitted), Some("2020-10-12T18:59:59Z"));
    assert_eq!(on_time.status(now, TZ), Status::SubmittedOnTime);
    let late = facts(Some(ReportState::Submitted), Some("2020-10-12T19:00:00Z"));
    assert_eq!(late.status(now, TZ), Status::SubmittedLate);
    let returned = facts(Some(ReportState::Returned), Some("2020-10-01T00:00:00Z"));
    assert_eq!(returned.status(now, TZ), Status::Returned);
    let accepted = facts(Some(ReportState::Accepted), Some("2020-10-01T00:00:00Z"));
    assert_eq!(accepted.status(now, TZ), Status::Accepted);
}

#[test]
fn an_extension_moves_the_status_but_timeliness_keeps_both() {
    let mut f = facts(Some(ReportState::Submitted), Some("2020-10-15T10:00:00Z"));
    f.extended_to = NaiveDate::from_ymd_opt(2020, 10, 20);
    let now = at("2020-11-01T00:00:00Z");
    assert_eq!(f.status(now, TZ), Status::SubmittedOnTime);
    assert!(!f.on_time(TZ));
    assert!(f.on_time_extended(TZ));
    let mut nothing = facts(None, None);
    nothing.extended_to = NaiveDate::from_ymd_opt(2020, 10, 20);
    assert_eq!(nothing.status(at("2020-10-15T00:00:00Z"), TZ), Status::Due);
    assert!(!nothing.counts(at("2020-10-15T00:00:00Z"), TZ));
}

#[test]
fn rates_count_only_passed_due_dates_and_never_exceed_100() {
    let now = at("2020-11-01T00:00:00Z");
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
    r.add(
        &facts(Some(ReportState::Returned), Some("2020-10-02T00:00:00Z")),
        now,
        TZ,
    );
    assert_eq!((r.due, r.complete, r.on_time), (4, 3, 2));
    assert_eq!(r.completeness(), Some(75.0));
    assert_eq!(r.timeliness(), Some(50.0));
    let mut early = Rates::default();
    early.add(
        &facts(Some(ReportState::Submitted), Some("2020-10-01T00:00:00Z")),
        at("2020-10-05T00:00:00Z"),
        TZ,
    );
    assert_eq!(early.due, 0);
    assert_eq!(early.completeness(), None);
}
