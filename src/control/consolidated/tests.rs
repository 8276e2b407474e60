//! The consolidated report built from a stored plan and its reports.

use super::*;
use crate::control::model::ReportState;
use crate::control::status::Status;
use crate::control::store::Key;
use crate::db::entity::control::report;
use crate::plan::model::{Executor, Schedule};
use crate::plan::store::Settings;
use crate::time::calendar::DueShift;
use crate::time::period::Every;
use chrono::NaiveDate;

const TZ: Tz = chrono_tz::Asia::Yekaterinburg;
const PROSECUTOR: &str = "Прокуратура округа";
const POLICE: &str = "УМВД России по ХМАО-Югре";
const INVESTIGATORS: &str = "СУ СК России по ХМАО-Югре";

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn q3() -> Period {
    Period::parse("2020-Q3").unwrap()
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, m, d).unwrap()
}

fn measure(number: &str, schedule: Schedule, executors: &[(&str, bool)]) -> ParsedMeasure {
    ParsedMeasure {
        number: number.into(),
        title: format!("Мероприятие {number}"),
        schedule_text: "Ежеквартально".into(),
        schedule,
        executors: executors
            .iter()
            .map(|(name, by_agreement)| Executor {
                name: (*name).into(),
                by_agreement: *by_agreement,
            })
            .collect(),
        partners: vec![],
        section: None,
    }
}

/// Measure 2 owes nothing in Q3; the police appear under two spellings.
fn plan() -> StoredPlan {
    let q = Schedule::every(Every::Quarter);
    StoredPlan {
        id: 1,
        title: "План".into(),
        settings: Settings {
            timezone: TZ,
            due_shift: DueShift::Next,
            paid_non_working: crate::time::calendar::PaidNonWorking::Working,
            reporting: Every::Quarter,
            valid_from: day(1, 1),
            valid_to: day(12, 31),
        },
        source_name: "test".into(),
        imported_at: at("2020-01-01T00:00:00Z"),
        measures: vec![
            measure("1", q, &[(PROSECUTOR, false), (POLICE, true)]),
            measure(
                "2",
                Schedule::Once { due: day(12, 31) },
                &[(PROSECUTOR, false)],
            ),
            measure("3", q, &[("УМВД по ХМАО", false), (INVESTIGATORS, false)]),
        ],
        agency_ids: vec![vec![1, 2], vec![1], vec![2, 3]],
        measure_ids: vec![10, 20, 30],
        feeds_registry: vec![false; 3],
        revisions: vec![],
    }
}

fn facts(state: Option<ReportState>, first: Option<&str>, extended: Option<NaiveDate>) -> Facts {
    Facts {
        period: q3(),
        due: day(10, 12),
        extended_to: extended,
        report: state,
        first_submitted_at: first.map(at),
        submitted_at: first.map(at),
    }
}

fn view(measure: usize, agency: i32, name: &str, f: Facts, metrics: &str) -> ObligationView {
    let report = f.report.map(|s| report::Model {
        id: 1,
        measure_id: [10, 20, 30][measure],
        agency_id: agency,
        period: "2020-Q3".into(),
        status: s.as_str().into(),
        body: format!("Отчёт {measure}/{agency}"),
        metrics: metrics.into(),
        first_submitted_at: f.first_submitted_at,
        submitted_at: f.submitted_at,
        decided_at: None,
        coordinator_comment: None,
        updated_by: 1,
        updated_at: at("2020-10-01T00:00:00Z"),
    });
    ObligationView {
        key: Key {
            measure_id: [10, 20, 30][measure],
            agency_id: agency,
            period: q3(),
        },
        measure_index: measure,
        number: (measure + 1).to_string(),
        measure_title: String::new(),
        agency_name: name.into(),
        status: Status::Due,
        facts: f,
        report,
    }
}

const BEFORE: &str = "2020-10-05T10:00:00Z";
const AFTER: &str = "2020-10-14T10:00:00Z";
const NOW: &str = "2020-10-16T00:00:00Z";

fn obligations() -> Vec<ObligationView> {
    use ReportState::*;
    vec![
        view(
            0,
            1,
            PROSECUTOR,
            facts(Some(Accepted), Some(BEFORE), None),
            r#"{"events": 4}"#,
        ),
        view(
            0,
            2,
            POLICE,
            facts(Some(Submitted), Some(AFTER), None),
            r#"{"people": 90.5}"#,
        ),
        view(
            2,
            2,
            "УМВД по ХМАО",
            facts(Some(Returned), Some(BEFORE), None),
            r#"{"events": 1}"#,
        ),
        view(
            2,
            3,
            INVESTIGATORS,
            facts(Some(Submitted), Some(AFTER), Some(day(10, 20))),
            "{}",
        ),
    ]
}

fn metrics() -> Vec<Vec<(String, String)>> {
    let pair = |k: &str, l: &str| (k.to_owned(), l.to_owned());
    vec![
        vec![
            pair("events", "Проведено мероприятий"),
            pair("people", "Охвачено"),
        ],
        vec![],
        vec![
            pair("blocked", "Заблокировано"),
            pair("events", "Другое название"),
        ],
    ]
}

#[test]
fn marks_follow_the_standing_submission_and_the_granted_date() {
    use ReportState::*;
    let now = at(NOW);
    assert_eq!(
        mark(&facts(Some(Submitted), Some(BEFORE), None), now, TZ),
        Mark::OnTime
    );
    assert_eq!(
        mark(&facts(Some(Accepted), Some(AFTER), None), now, TZ),
        Mark::Late
    );
    // Due 12.10 ends at 23:59:59 in Yekaterinburg: 18:59:59 UTC.
    let edge = facts(Some(Submitted), Some("2020-10-12T18:59:59Z"), None);
    assert_eq!(mark(&edge, now, TZ), Mark::OnTime);
    let extended = facts(Some(Submitted), Some(AFTER), Some(day(10, 20)));
    assert_eq!(mark(&extended, now, TZ), Mark::OnTime);
    // Returned for revision: not executed, whenever it was first sent.
    assert_eq!(
        mark(&facts(Some(Returned), Some(BEFORE), None), now, TZ),
        Mark::Returned
    );
    // Sent on time, returned, sent again after the due date: late.
    let again = Facts {
        submitted_at: Some(at(AFTER)),
        ..facts(Some(Submitted), Some(BEFORE), None)
    };
    assert_eq!(mark(&again, now, TZ), Mark::Late);
    assert_eq!(mark(&facts(None, None, None), now, TZ), Mark::NotDone);
    assert_eq!(
        mark(&facts(Some(Draft), None, None), now, TZ),
        Mark::NotDone
    );
    let waiting = facts(None, None, Some(day(10, 20)));
    assert_eq!(mark(&waiting, now, TZ), Mark::NotYetDue);
    assert_eq!(
        mark(&facts(None, None, None), at("2020-10-12T18:00:00Z"), TZ),
        Mark::NotYetDue
    );
}

#[test]
fn measures_in_plan_order_with_their_entries() {
    let r = assemble(&plan(), q3(), &obligations(), &metrics(), at(NOW));
    assert_eq!(r.plan_title, "План");
    assert_eq!(r.period_label, "III квартал 2020 г.");
    let numbers: Vec<&str> = r.measures.iter().map(|m| m.number.as_str()).collect();
    assert_eq!(numbers, ["1", "2", "3"]);
    assert_eq!(
        r.measures[0].executors,
        [PROSECUTOR, "УМВД России по ХМАО-Югре (по согласованию)"]
    );
    assert!(r.measures[1].entries.is_empty());
    let first = &r.measures[0].entries;
    assert_eq!(
        (first[0].agency.as_str(), first[0].mark),
        (PROSECUTOR, Mark::OnTime)
    );
    assert_eq!(first[0].text.as_deref(), Some("Отчёт 0/1"));
    assert_eq!(
        (first[1].mark, first[1].text.as_deref()),
        (Mark::Late, Some("Отчёт 0/2"))
    );
    let third = &r.measures[2].entries;
    assert_eq!(third[0].agency, "УМВД по ХМАО");
    // The returned report: no text, and a mark that says so.
    assert_eq!(
        (third[0].mark, third[0].text.as_deref()),
        (Mark::Returned, None)
    );
    assert_eq!(
        (third[1].mark, third[1].extended_to),
        (Mark::OnTime, Some(day(10, 20)))
    );
}

#[test]
fn metric_columns_are_the_union_and_values_follow_them() {
    let r = assemble(&plan(), q3(), &obligations(), &metrics(), at(NOW));
    let keys: Vec<&str> = r.metric_columns.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["events", "people", "blocked"]);
    assert_eq!(r.metric_columns[0].1, "Проведено мероприятий");
    assert_eq!(r.measures[0].entries[0].metrics, [Some(4.0), None, None]);
    assert_eq!(r.measures[0].entries[1].metrics, [None, Some(90.5), None]);
    // A returned report's figures go with its text.
    assert_eq!(r.measures[2].entries[0].metrics, [None, None, None]);
}

#[test]
fn summary_counts_what_fell_due_in_plan_order() {
    let r = assemble(&plan(), q3(), &obligations(), &metrics(), at(NOW));
    let s = |agency: &str, due, submitted, on_time| AgencySummary {
        agency: agency.into(),
        due,
        submitted,
        on_time,
    };
    assert_eq!(
        r.summary,
        [
            s(PROSECUTOR, 1, 1, 1),
            // One late report, one returned: the returned one is not complete.
            s(POLICE, 2, 1, 0),
            // Past the original due date (12.10): it counts, late against
            // it, though the extension to 20.10 has not run out yet.
            s(INVESTIGATORS, 1, 1, 0),
        ]
    );
    let later = assemble(
        &plan(),
        q3(),
        &obligations(),
        &metrics(),
        at("2020-10-21T00:00:00Z"),
    );
    // Timeliness is against the original date, whatever was granted.
    assert_eq!(later.summary[2], s(INVESTIGATORS, 1, 1, 0));
}

#[test]
fn an_agency_owing_nothing_has_no_summary_line() {
    let only_prosecutor: Vec<_> = obligations().into_iter().take(1).collect();
    let r = assemble(&plan(), q3(), &only_prosecutor, &metrics(), at(NOW));
    assert_eq!(r.summary.len(), 1);
    assert_eq!(r.measures[2].entries, []);
}

#[test]
fn downloads_name_the_file_in_ascii_and_in_russian() {
    let d = disposition(q3(), Format::Xlsx);
    assert!(
        d.starts_with("attachment; filename=\"consolidated-2020-Q3.xlsx\"; "),
        "{d}"
    );
    assert!(
        d.ends_with("filename*=UTF-8''%D0%A1%D0%B2%D0%BE%D0%B4%D0%BD%D1%8B%D0%B9%20%D0%BE%D1%82%D1%87%D1%91%D1%82%202020-Q3.xlsx"),
        "{d}"
    );
    assert_eq!(Format::parse(" DOCX"), Some(Format::Docx));
    assert_eq!(Format::parse("pdf"), None);
}
