//! Fills a database with a large synthetic plan for the dashboard and
//! consolidated-report benchmarks: M measures × A agencies over P quarters,
//! with a report for most past obligations, and a coordinator `bench` whose
//! password is `bench-password`.
//!
//!     cargo run --release --example bench_data -- sqlite:///tmp/bench.db 100 20 40

use chrono::{Duration, NaiveDate, Utc};
use dozor::accounts::model::Role;
use dozor::accounts::store::{NewUser, create_user};
use dozor::control::model::{Rules, obligations};
use dozor::db::entity::control::report;
use dozor::plan::model::{Executor, ParsedMeasure, ParsedPlan, Schedule};
use dozor::plan::store::{self, Imported, Settings};
use dozor::time::calendar::{Calendar, DueShift};
use dozor::time::period::Every;
use dozor::time::period::Period;
use sea_orm::{EntityTrait, Set, TransactionTrait};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let url = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "sqlite:///tmp/dozor-bench.db".into());
    let arg = |i: usize, d: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    let (measures, agencies, periods) = (arg(2, 100), arg(3, 20), arg(4, 40));
    let now = Utc::now();
    let db = dozor::db::open(&url).await?;
    dozor::agency::store::seed_builtin_agencies(&db, now).await?;
    let valid_from = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap_or_default();
    let years = periods.div_ceil(4) as i32;
    let valid_to = NaiveDate::from_ymd_opt(2016 + years - 1, 12, 31).unwrap_or_default();
    let plan = ParsedPlan {
        title: format!("Синтетический план: {measures} мероприятий, {agencies} исполнителей"),
        measures: (1..=measures)
            .map(|i| ParsedMeasure {
                number: i.to_string(),
                title: format!("Мероприятие {i}: провести лекции и беседы с населением"),
                schedule_text: if i % 2 == 0 {
                    "Ежеквартально"
                } else {
                    "Постоянно"
                }
                .into(),
                schedule: if i % 2 == 0 {
                    Schedule::every(Every::Quarter)
                } else {
                    Schedule::CONTINUOUS
                },
                executors: (1..=agencies)
                    .map(|a| Executor {
                        name: format!("Ведомство {a}"),
                        by_agreement: false,
                    })
                    .collect(),
                partners: vec![],
                section: None,
            })
            .collect(),
    };
    let settings = Settings {
        timezone: chrono_tz::Asia::Yekaterinburg,
        due_shift: DueShift::Next,
        paid_non_working: dozor::time::calendar::PaidNonWorking::Working,
        reporting: Every::Quarter,
        valid_from,
        valid_to,
    };
    let Imported::New { id, .. } = store::import(
        &db,
        &plan,
        &settings,
        "bench",
        now,
        &dozor::actor::Actor::named("bench"),
    )
    .await?
    else {
        anyhow::bail!("the database already holds this plan: use a fresh one");
    };
    let new = NewUser {
        login: "bench",
        display_name: "Bench",
        role: Role::Coordinator,
        agency_id: None,
        email: None,
        password: "bench-password",
    };
    create_user(&db, &new, now, &dozor::actor::Actor::named("bench")).await?;
    let stored = store::load(&db, id).await?;
    let rules = Rules {
        reporting: Every::Quarter,
        valid_from,
        valid_to,
        shift: DueShift::Next,
        paid: dozor::time::calendar::PaidNonWorking::Working,
        timezone: settings.timezone,
    };
    let cal = Calendar::default();
    let txn = db.begin().await?;
    let mut count = 0usize;
    for p in Period::covering(Every::Quarter, valid_from, valid_to) {
        let mut batch = Vec::new();
        for (n, o) in obligations(&stored.measures, &rules, &cal, p)
            .into_iter()
            .enumerate()
        {
            if n % 10 == 9 {
                continue; // every tenth obligation has no report: overdue
            }
            let due = dozor::control::status::deadline(o.due, rules.timezone);
            let at = if n % 4 == 0 {
                due + Duration::days(3)
            } else {
                due - Duration::days(2)
            };
            batch.push(report::ActiveModel {
                measure_id: Set(stored.measure_ids[o.measure]),
                agency_id: Set(stored.agency_ids[o.measure][o.executor]),
                period: Set(p.to_string()),
                status: Set(if n % 3 == 0 { "accepted" } else { "submitted" }.into()),
                body: Set(format!(
                    "Отчёт за {p}: проведено {} мероприятий, охвачено {} человек.",
                    n % 7 + 1,
                    n % 500 + 20
                )),
                metrics: Set(format!(
                    "{{\"events\": {}, \"people_reached\": {}}}",
                    n % 7 + 1,
                    n % 500 + 20
                )),
                first_submitted_at: Set(Some(at)),
                submitted_at: Set(Some(at)),
                decided_at: Set(None),
                coordinator_comment: Set(None),
                updated_by: Set(1),
                updated_at: Set(at),
                ..Default::default()
            });
        }
        count += batch.len();
        for chunk in batch.chunks(500) {
            report::Entity::insert_many(chunk.to_vec())
                .exec(&txn)
                .await?;
        }
    }
    txn.commit().await?;
    println!(
        "plan {id}: {measures} measures × {agencies} agencies × {periods} quarters, {count} reports in {url}"
    );
    Ok(())
}
