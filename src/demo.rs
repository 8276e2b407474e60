//! `serve --demo`: the seed plan, the municipalities' population and crime
//! statistics, demo users and a plausible 2020 history of reports of every
//! status, made through the same domain functions a person's clicks go through.

use crate::accounts::model::{CurrentUser, Role};
use crate::accounts::store::{self as accounts, NewUser};
use crate::actor::Actor;
use crate::control::store::{self as control, ReportInput};
use crate::error::{Error, Result};
use crate::plan::store::{self as plans, Imported};
use crate::time::calendar::Calendar;
use crate::time::period::Period;
use chrono::{DateTime, Duration, Utc};
use sea_orm::DatabaseConnection;

pub const SEED_PLAN: &str = include_str!("../examples/plans/khmao-2020.txt");
/// Russia's 2020 transfers and paid non-working days, for `serve --demo`
/// without a calendar file.
pub const CALENDAR_2020: &str = include_str!("../examples/calendar-ru-2020.toml");
/// Approximate 2020 populations of the 22 municipalities (rounded from the
/// okrug's published estimates, marked «оценка»), for per-capita figures.
pub const POPULATION: &str = include_str!("../examples/population-khmao.csv");
/// Plausible, invented 2020 IT-crime statistics per quarter and
/// municipality (about 7 100 crimes a year over the okrug), in the form a
/// police statistics table takes: `;`, Russian headers, «1 234,56».
pub const CRIMES_2020: &str = include_str!("../examples/crimes-khmao-2020.csv");
/// Every demo account's password; printed at start.
pub const DEMO_PASSWORD: &str = "dozor-demo-2020";

/// The demo accounts: (login, name, role, executor agency alias).
pub const DEMO_USERS: &[(&str, &str, Role, Option<&str>)] = &[
    ("admin", "Администратор", Role::Admin, None),
    (
        "coordinator",
        "Прокуратура округа, координатор",
        Role::Coordinator,
        None,
    ),
    ("viewer", "Наблюдатель", Role::Viewer, None),
    (
        "prokuratura",
        "Исполнитель прокуратуры",
        Role::Executor,
        Some("Прокуратура округа"),
    ),
    (
        "umvd",
        "Исполнитель УМВД",
        Role::Executor,
        Some("УМВД России по ХМАО-Югре"),
    ),
    (
        "sk",
        "Исполнитель СУ СК",
        Role::Executor,
        Some("СУ СК России по ХМАО-Югре"),
    ),
];

/// Loads everything into an empty database; a database with users is left alone.
pub async fn load(db: &DatabaseConnection, cal: &Calendar, now: DateTime<Utc>) -> Result<()> {
    if accounts::count_users(db).await? > 0 {
        return Ok(());
    }
    let (_, out) = crate::plan::import::parse(SEED_PLAN.as_bytes(), "khmao-2020", None)?;
    let (valid_from, valid_to) = crate::plan::import::validity(&out.plan)
        .ok_or_else(|| Error::Internal("the seed names no year".into()))?;
    let settings = plans::Settings {
        timezone: crate::config::DEFAULT_TIMEZONE,
        due_shift: crate::time::calendar::DueShift::Next,
        paid_non_working: crate::time::calendar::PaidNonWorking::Working,
        reporting: crate::time::period::Every::Quarter,
        valid_from,
        valid_to,
    };
    let id = match plans::import(
        db,
        &out.plan,
        &settings,
        "khmao-2020.txt",
        now,
        &Actor::named("demo"),
    )
    .await?
    {
        Imported::New { id, .. } | Imported::Existing { id } => id,
    };
    municipalities(db, now).await?;
    let users = load_users(db, now).await?;
    history(db, cal, id, &users).await?;
    registry(db, now).await
}

/// A few resources of the kinds people meet, so the check page has answers.
async fn registry(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<()> {
    use crate::registry::model::{CaseInput, NewIndicator};
    use crate::registry::store::add;
    use dozor_indicator::model::Category;
    let case = || {
        Some(CaseInput {
            number: "КУСП № 12345 от 01.10.2020".into(),
            article: Some("ч. 3 ст. 159 УК РФ".into()),
            damage: Some(184_500),
            ..Default::default()
        })
    };
    let samples = [
        (
            "http://sberbank-bonus.example/vyplata?id=7",
            Category::Phishing,
        ),
        ("http://gosuslugi-kompensaciya.example/", Category::Phishing),
        ("+7 (900) 123-45-67", Category::FakeBankCall),
        ("8 800 000-00-00", Category::FakeBankCall),
        ("https://vk.com/id000000001", Category::FakeShop),
        ("@invest_profit_bot", Category::FakeInvestment),
        (
            "https://www.avito.ru/surgut/telefony/iphone_15_1234567890",
            Category::FakeShop,
        ),
    ];
    for (raw, category) in samples {
        let new = NewIndicator {
            raw,
            kind: None,
            category,
            case: case(),
            scope: crate::registry::model::CaseScope::Any,
        };
        add(db, None, &new, &Actor::named("demo"), now).await?;
    }
    Ok(())
}

/// Population and crime statistics, through the importer a coordinator uses.
async fn municipalities(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<()> {
    use crate::municipality::import::{Table, run};
    let demo = Actor::named("demo");
    for (table, text, name) in [
        (Table::Population, POPULATION, "population-khmao.csv"),
        (Table::Crime, CRIMES_2020, "crimes-khmao-2020.csv"),
    ] {
        let report = run(db, table, text.as_bytes(), name, false, &demo, now).await?;
        if !report.stored {
            return Err(Error::Internal(format!("{name}: {:?}", report.lines())));
        }
    }
    Ok(())
}

async fn load_users(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Vec<CurrentUser>> {
    let mut out = Vec::new();
    for (login, name, role, agency) in DEMO_USERS {
        let agency_id = match agency {
            Some(a) => crate::agency::store::agency_by_alias(db, a).await?,
            None => None,
        };
        let new = NewUser {
            login,
            display_name: name,
            role: *role,
            agency_id,
            email: None,
            password: DEMO_PASSWORD,
        };
        let id = accounts::create_user(db, &new, now, &Actor::named("demo")).await?;
        out.push(CurrentUser {
            id,
            login: login.to_string(),
            display_name: name.to_string(),
            role: *role,
            agency_id,
        });
    }
    Ok(out)
}

/// What happens to one obligation in the story: a cheap, stable mix.
fn fate(measure: i32, agency: i32, period: Period) -> u32 {
    (measure as u32 * 7 + agency as u32 * 13 + period.index * 5) % 10
}

async fn history(
    db: &DatabaseConnection,
    cal: &Calendar,
    plan_id: i32,
    users: &[CurrentUser],
) -> Result<()> {
    let plan = plans::load(db, plan_id).await?;
    let coordinator = users
        .iter()
        .find(|u| u.role == Role::Coordinator)
        .cloned()
        .ok_or(Error::Forbidden)?;
    let tz = plan.settings.timezone;
    for period in Period::covering(
        plan.settings.reporting,
        plan.settings.valid_from,
        plan.settings.valid_to,
    ) {
        let deadline = |d| crate::control::status::deadline(d, tz);
        let obs =
            control::statuses_for(db, &plan, cal, period, None, deadline(period.end())).await?;
        for o in obs {
            let Some(executor) = users.iter().find(|u| u.agency_id == Some(o.key.agency_id)) else {
                continue;
            };
            let fate = fate(o.key.measure_id, o.key.agency_id, period);
            let due = deadline(o.facts.due);
            let submit_at = if fate < 6 {
                due - Duration::days(3)
            } else {
                due + Duration::days(4)
            };
            if fate == 9 {
                continue; // nothing at all: overdue
            }
            let body = format!(
                "{}: за {} проведено {} мероприятий, охвачено {} человек. Материалы размещены на официальном сайте.",
                o.agency_name,
                crate::time::period::russian(period),
                2 + fate,
                40 * (fate + 1)
            );
            let metrics = plans::metrics_of(db, o.key.measure_id)
                .await?
                .into_iter()
                .map(|m| (m.key, (3 + fate * 2).to_string()))
                .collect();
            let draft_only = fate == 8;
            let input = ReportInput {
                body,
                metrics,
                submit: !draft_only,
            };
            control::save_report(db, cal, executor, o.key, &input, submit_at).await?;
            if draft_only {
                continue;
            }
            let decided = submit_at + Duration::days(2);
            match fate {
                0..=3 | 6 => {
                    control::decide(db, cal, &coordinator, o.key, true, "", decided).await?;
                }
                4 | 7 => {
                    let why =
                        "Уточните количество охваченных граждан и приложите ссылки на публикации.";
                    control::decide(db, cal, &coordinator, o.key, false, why, decided).await?;
                }
                _ => {}
            }
        }
    }
    Ok(())
}
