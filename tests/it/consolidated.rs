//! The consolidated report of the seed plan's third quarter on both engines:
//! marks, texts, extensions, the agencies' summary, the rendered .docx and
//! .xlsx, the download page by role, and `dozor report consolidated`.

use crate::helpers::{SEED, TestDb, now, on_both_engines, zip_entry};
use chrono::{DateTime, NaiveDate, Utc};
use dozor::accounts::model::{CurrentUser, Role};
use dozor::accounts::store::{NewUser, active_user, create_user};
use dozor::actor::Actor;
use dozor::agency::store::agency_by_alias;
use dozor::control::consolidated::build;
use dozor::control::store::{Key, ReportInput, decide, save_report};
use dozor::db::entity::control::extension;
use dozor::office::consolidated::{AgencySummary, ConsolidatedReport, Mark};
use dozor::office::requisites::{Issue, Requisites};
use dozor::office::{consolidated_docx::to_docx, consolidated_xlsx::to_xlsx};
use dozor::plan::store::{self, Imported, Settings, StoredPlan, metrics_of};
use dozor::time::calendar::{Calendar, DueShift};
use dozor::time::period::Every;
use dozor::time::period::Period;
use sea_orm::{ActiveModelTrait, Set};

const P: &str = "Прокуратура округа";
const U: &str = "УМВД России по ХМАО-Югре";
const S: &str = "СУ СК России по ХМАО-Югре";
/// After the quarter's due date (12.10.2020), before the extensions' (20.10).
const BUILT_AT: &str = "2020-10-16T00:00:00Z";

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn q3() -> Period {
    Period::parse("2020-Q3").unwrap()
}

struct Seeded {
    plan: StoredPlan,
    agencies: [i32; 3],
    users: Vec<CurrentUser>,
}

impl Seeded {
    fn key(&self, number: &str, agency: usize) -> Key {
        let i = self.plan.measures.iter().position(|m| m.number == number);
        Key {
            measure_id: self.plan.measure_ids[i.unwrap()],
            agency_id: self.agencies[agency],
            period: q3(),
        }
    }

    fn executor(&self, key: Key) -> &CurrentUser {
        let i = self.agencies.iter().position(|a| *a == key.agency_id);
        &self.users[3 + i.unwrap()]
    }
}

/// The seed plan, and users coordinator, admin, viewer, then executors of P, U, S.
async fn seed(t: &TestDb) -> Seeded {
    let bytes = std::fs::read(SEED).unwrap();
    let parsed = dozor::plan::import::parse(&bytes, "khmao-2020", None)
        .unwrap()
        .1
        .plan;
    let settings = Settings {
        timezone: chrono_tz::Asia::Yekaterinburg,
        due_shift: DueShift::Next,
        paid_non_working: dozor::time::calendar::PaidNonWorking::Working,
        reporting: Every::Quarter,
        valid_from: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        valid_to: NaiveDate::from_ymd_opt(2020, 12, 31).unwrap(),
    };
    let Imported::New { id, .. } = store::import(
        &t.db,
        &parsed,
        &settings,
        "seed",
        now(),
        &Actor::named("test"),
    )
    .await
    .unwrap() else {
        panic!("a fresh database holds no plan");
    };
    let mut agencies = [0; 3];
    for (slot, name) in agencies.iter_mut().zip([P, U, S]) {
        *slot = agency_by_alias(&t.db, name).await.unwrap().unwrap();
    }
    let roles = [
        ("coord", Role::Coordinator, None),
        ("admin", Role::Admin, None),
        ("viewer", Role::Viewer, None),
        ("prok", Role::Executor, Some(agencies[0])),
        ("umvd", Role::Executor, Some(agencies[1])),
        ("sk", Role::Executor, Some(agencies[2])),
    ];
    let mut users = Vec::new();
    for (login, role, agency_id) in roles {
        let n = NewUser {
            login,
            display_name: login,
            role,
            agency_id,
            email: None,
            password: "a-long-test-password",
        };
        let id = create_user(&t.db, &n, now(), &Actor::named("test"))
            .await
            .unwrap();
        users.push(active_user(&t.db, id).await.unwrap().unwrap());
    }
    let plan = store::load(&t.db, id).await.unwrap();
    Seeded {
        plan,
        agencies,
        users,
    }
}

/// What someone does in the quarter.
enum Act {
    /// The executor submits the text, with the measure's first metric.
    Submit(&'static str, &'static str),
    /// The executor only saves it.
    Draft(&'static str, &'static str),
    Accept,
    Return,
    /// The coordinator grants an extension to 20.10.2020.
    Grant,
}
use Act::{Accept, Draft, Grant, Return, Submit};

/// The quarter as the agencies and the coordinator live it: (measure, agency,
/// day of 2020 at 10:00 in Yekaterinburg, act).
const STORY: [(&str, usize, &str, Act); 11] = [
    ("1", 0, "10-05", Submit("Опубликовано 12 статей", "12")),
    ("1", 0, "10-06", Accept),
    ("1", 1, "10-14", Submit("Опубликовано с опозданием", "3")),
    ("2", 0, "10-01", Submit("Вышла одна передача", "1")),
    ("2", 0, "10-02", Return),
    ("2", 1, "10-03", Draft("Черновик полиции", "2")),
    ("2", 2, "10-09", Grant),
    ("2", 2, "10-15", Submit("Передача после продления", "4")),
    ("3", 2, "10-09", Grant),
    ("14", 0, "09-29", Submit("Проанализировано 22 оценки", "22")),
    ("14", 0, "10-01", Accept),
];

async fn act(t: &TestDb, s: &Seeded, key: Key, act: &Act, when: DateTime<Utc>) {
    let cal = Calendar::default();
    let (coordinator, executor) = (&s.users[0], s.executor(key));
    match *act {
        Submit(body, value) | Draft(body, value) => {
            let defs = metrics_of(&t.db, key.measure_id).await.unwrap();
            let first = defs[0].key.clone();
            let input = ReportInput {
                body: body.into(),
                metrics: [(first, value.to_owned())].into(),
                submit: matches!(act, Submit(..)),
            };
            save_report(&t.db, &cal, executor, key, &input, when)
                .await
                .unwrap();
        }
        Accept | Return => {
            let accept = matches!(act, Accept);
            decide(&t.db, &cal, coordinator, key, accept, "Дополните", when)
                .await
                .unwrap();
        }
        Grant => {
            extension::ActiveModel {
                measure_id: Set(key.measure_id),
                agency_id: Set(key.agency_id),
                period: Set(key.period.to_string()),
                requested_due: Set(NaiveDate::from_ymd_opt(2020, 10, 20).unwrap()),
                reason: Set("Отпуск ответственного".into()),
                status: Set("granted".into()),
                requested_by: Set(executor.id),
                requested_at: Set(when),
                decided_by: Set(Some(coordinator.id)),
                decided_at: Set(Some(when)),
                decision_comment: Set(None),
                ..Default::default()
            }
            .insert(&t.db)
            .await
            .unwrap();
        }
    }
}

/// The seed, the story told through the store, and the report built after it.
async fn quarter(t: &TestDb) -> (Seeded, ConsolidatedReport) {
    let s = seed(t).await;
    for (measure, agency, when, what) in &STORY {
        let when = at(&format!("2020-{when}T05:00:00Z"));
        act(t, &s, s.key(measure, *agency), what, when).await;
    }
    let cal = Calendar::default();
    let r = build(&t.db, &s.plan, &cal, q3(), at(BUILT_AT))
        .await
        .unwrap();
    (s, r)
}

on_both_engines!(marks_texts_and_summary, documents_hold_every_measure);

async fn marks_texts_and_summary(t: &TestDb) {
    let (s, r) = quarter(t).await;
    assert_eq!(r.period_label, "III квартал 2020 г.");
    let numbers: Vec<&str> = r.measures.iter().map(|m| m.number.as_str()).collect();
    let expected: Vec<String> = (1..=15).map(|n| n.to_string()).collect();
    assert_eq!(numbers, expected);
    let row = |n: usize| -> Vec<(&str, Mark, Option<&str>)> {
        let entries = &r.measures[n - 1].entries;
        entries
            .iter()
            .map(|e| (e.agency.as_str(), e.mark, e.text.as_deref()))
            .collect()
    };
    assert_eq!(
        row(1),
        [
            (P, Mark::OnTime, Some("Опубликовано 12 статей")),
            (U, Mark::Late, Some("Опубликовано с опозданием")),
            (S, Mark::NotDone, None),
        ]
    );
    // Returned: no text, and not executed: «на доработке» whenever it was
    // first sent. A draft is nothing.
    assert_eq!(
        row(2),
        [
            (P, Mark::Returned, None),
            (U, Mark::NotDone, None),
            (S, Mark::OnTime, Some("Передача после продления")),
        ]
    );
    let extended = NaiveDate::from_ymd_opt(2020, 10, 20);
    assert_eq!(r.measures[1].entries[2].extended_to, extended);
    assert_eq!(r.measures[1].entries[0].extended_to, None);
    assert_eq!(row(3)[2].1, Mark::NotYetDue);
    assert_eq!(r.measures[2].entries[2].extended_to, extended);
    assert!(r.measures[5].entries.is_empty(), "measure 6 is due in Q4");
    assert_eq!(
        row(14),
        [(P, Mark::OnTime, Some("Проанализировано 22 оценки"))]
    );
    let keys: Vec<&str> = r.metric_columns.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys[..3], ["publications", "broadcasts", "people_reached"]);
    let column = |k: &str| keys.iter().position(|x| *x == k).unwrap();
    let first = &r.measures[0].entries[0].metrics;
    assert_eq!(first.len(), keys.len());
    assert_eq!(first[column("publications")], Some(12.0));
    assert_eq!(first.iter().flatten().count(), 1);
    assert!(r.measures[1].entries[0].metrics.iter().all(Option::is_none));
    assert_eq!(
        r.measures[13].entries[0].metrics[column("assessments")],
        Some(22.0)
    );
    let line = |agency: &str, due, submitted, on_time| AgencySummary {
        agency: agency.into(),
        due,
        submitted,
        on_time,
    };
    // P's returned report (measure 2) is not complete. S's extended
    // obligations (measures 2 and 3) count once their original date (12.10)
    // passed: the report after it is complete, but late against that date.
    let (p, u) = (line(P, 14, 2, 2), line(U, 12, 1, 0));
    assert_eq!(r.summary, [p.clone(), u.clone(), line(S, 12, 1, 0)]);
    let cal = Calendar::default();
    let later = build(&t.db, &s.plan, &cal, q3(), at("2020-10-21T00:00:00Z"));
    let later = later.await.unwrap();
    assert_eq!(later.measures[2].entries[2].mark, Mark::NotDone);
    // Timeliness is against the original date: the extended report is not on time.
    assert_eq!(later.summary, [p, u, line(S, 12, 1, 0)]);
}

fn rows(xml: &str, tag: &str) -> usize {
    xml.matches(&format!("<{tag}>")).count() + xml.matches(&format!("<{tag} ")).count()
}

async fn documents_hold_every_measure(t: &TestDb) {
    let (_, r) = quarter(t).await;
    let issue = Issue {
        date: NaiveDate::from_ymd_opt(2020, 10, 15).unwrap(),
        number: None,
    };
    let docx = to_docx(&r, &Requisites::default(), &issue).unwrap();
    let doc = zip_entry(&docx, "word/document.xml");
    let start = doc.find("<w:tbl>").unwrap();
    let measures = &doc[start..start + doc[start..].find("</w:tbl>").unwrap()];
    assert_eq!(rows(measures, "w:tr"), 16, "a header and 15 measures");
    assert!(doc[..start].contains("за III квартал 2020 г."), "the title");
    for text in [
        "Опубликовано 12 статей",
        "Передача после продления",
        "Информация не представлена",
        "В отчётном периоде исполнение не предусмотрено",
        "исполнено с нарушением срока",
        "срок продлён до 20.10.2020",
        "срок не наступил",
    ] {
        assert!(measures.contains(text), "{text}");
    }
    // Neither the draft nor the returned report is reported.
    assert!(!doc.contains("Черновик полиции") && !doc.contains("Вышла одна передача"));
    let book = to_xlsx(&r, &Requisites::default(), &issue).unwrap();
    let strings = zip_entry(&book, "xl/sharedStrings.xml");
    assert!(strings.contains("Проанализировано 22 оценки"));
    // The heading and the date, a row per obligation (38), one for
    // measure 6, and the header (the seed plan has no sections).
    assert_eq!(
        rows(&zip_entry(&book, "xl/worksheets/sheet1.xml"), "row"),
        42
    );
    assert_eq!(
        rows(&zip_entry(&book, "xl/worksheets/sheet2.xml"), "row"),
        4
    );
}

#[path = "consolidated_delivery.rs"]
mod delivery;
