//! The plan store on both engines: import, identity, agencies, rollback.

use crate::helpers::{SEED, TestDb, data, now, on_both_engines};
use chrono::NaiveDate;
use dozor::accounts::agencies;
use dozor::actor::Actor;
use dozor::agency::store as agency_store;
use dozor::control::model::{Rules, obligations};
use dozor::db::entity::plan::{agency, measure, plan};
use dozor::error::Error;
use dozor::plan::import;
use dozor::plan::model::{Executor, ParsedPlan};
use dozor::plan::store::{self, Imported, Settings};
use dozor::time::calendar::{Calendar, DueShift};
use dozor::time::period::Every;
use dozor::time::period::Period;
use sea_orm::{EntityTrait, PaginatorTrait};

fn parse(path: &str) -> ParsedPlan {
    let bytes = std::fs::read(path).expect("fixture exists");
    import::parse(&bytes, "khmao-2020", None)
        .expect("the seed parses")
        .1
        .plan
}

fn settings() -> Settings {
    Settings {
        timezone: chrono_tz::Asia::Yekaterinburg,
        due_shift: DueShift::Next,
        paid_non_working: dozor::time::calendar::PaidNonWorking::Working,
        reporting: Every::Quarter,
        valid_from: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        valid_to: NaiveDate::from_ymd_opt(2020, 12, 31).unwrap(),
    }
}

async fn import_seed(t: &TestDb) -> i32 {
    match store::import(
        &t.db,
        &parse(SEED),
        &settings(),
        "seed",
        now(),
        &Actor::named("test"),
    )
    .await
    {
        Ok(Imported::New { id, new_agencies }) => {
            assert!(
                new_agencies.is_empty(),
                "the seed's executors are built-in agencies: {new_agencies:?}"
            );
            id
        }
        other => panic!("expected a new plan, got {other:?}"),
    }
}

on_both_engines!(
    seed_round_trips,
    same_plan_from_any_form_is_not_duplicated,
    obligations_from_the_stored_plan,
    executors_map_to_agencies_through_aliases,
    unknown_executor_creates_an_agency,
    alias_commands_check_conflicts,
    failed_import_leaves_nothing,
    latest_plan_is_the_last_imported,
);

async fn seed_round_trips(t: &TestDb) {
    let id = import_seed(t).await;
    let stored = store::load(&t.db, id).await.unwrap();
    assert_eq!(stored.parsed(), parse(SEED));
    assert_eq!(stored.settings, settings());
    let entries = dozor::db::entity::audit_log::Entity::find()
        .all(&t.db)
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(
        (entries[0].action.as_str(), entries[0].actor.as_str()),
        ("plan.import", "test")
    );
    assert_eq!(
        entries[0].entity_id.as_deref(),
        Some(id.to_string().as_str())
    );
}

async fn same_plan_from_any_form_is_not_duplicated(t: &TestDb) {
    let id = import_seed(t).await;
    for f in ["khmao-2020.docx", "khmao-2020.csv", "khmao-2020.tsv"] {
        let again = store::import(
            &t.db,
            &parse(&data(f)),
            &settings(),
            f,
            now(),
            &Actor::named("test"),
        )
        .await
        .unwrap();
        assert_eq!(again, Imported::Existing { id }, "{f}");
    }
    assert_eq!(plan::Entity::find().count(&t.db).await.unwrap(), 1);
    assert_eq!(measure::Entity::find().count(&t.db).await.unwrap(), 15);
}

async fn obligations_from_the_stored_plan(t: &TestDb) {
    let id = import_seed(t).await;
    let p = store::load(&t.db, id).await.unwrap();
    let rules = Rules {
        reporting: Every::Quarter,
        valid_from: p.settings.valid_from,
        valid_to: p.settings.valid_to,
        shift: DueShift::Next,
        paid: dozor::time::calendar::PaidNonWorking::Working,
        timezone: p.settings.timezone,
    };
    let cal = Calendar::default();
    let q3 = obligations(&p.measures, &rules, &cal, Period::parse("2020-Q3").unwrap());
    let q4 = obligations(&p.measures, &rules, &cal, Period::parse("2020-Q4").unwrap());
    assert_eq!((q3.len(), q4.len()), (38, 38));
    // Every executor of the seed maps to one of the three built-in agencies.
    let mut ids: Vec<i32> = p.agency_ids.iter().flatten().copied().collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3);
}

async fn executors_map_to_agencies_through_aliases(t: &TestDb) {
    let mut p = parse(SEED);
    p.measures.truncate(1);
    p.measures[0].executors = vec![
        Executor {
            name: "Прокуратура Ханты-Мансийского автономного округа-Югры".into(),
            by_agreement: false,
        },
        Executor {
            name: "Прокуратура округа".into(),
            by_agreement: true,
        },
    ];
    let Imported::New { id, new_agencies } =
        store::import(&t.db, &p, &settings(), "x", now(), &Actor::named("test"))
            .await
            .unwrap()
    else {
        panic!("a new plan")
    };
    assert!(new_agencies.is_empty());
    let stored = store::load(&t.db, id).await.unwrap();
    assert_eq!(stored.agency_ids[0][0], stored.agency_ids[0][1]);
    assert_eq!(stored.measures[0].executors[1].name, "Прокуратура округа");
    assert!(stored.measures[0].executors[1].by_agreement);
}

async fn unknown_executor_creates_an_agency(t: &TestDb) {
    let before = agency::Entity::find().count(&t.db).await.unwrap();
    let mut p = parse(SEED);
    p.measures[0].executors.push(Executor {
        name: "Администрация г. Сургута".into(),
        by_agreement: true,
    });
    let Imported::New { new_agencies, .. } =
        store::import(&t.db, &p, &settings(), "x", now(), &Actor::named("test"))
            .await
            .unwrap()
    else {
        panic!("a new plan")
    };
    assert_eq!(new_agencies, ["Администрация г. Сургута"]);
    assert_eq!(
        agency::Entity::find().count(&t.db).await.unwrap(),
        before + 1
    );
    // A later spelling maps to the same agency once an alias says so.
    let id = agencies::add_alias(
        &t.db,
        "Администрация г. Сургута",
        "Администрация города Сургута",
        now(),
        &Actor::named("test"),
    )
    .await
    .unwrap();
    assert_eq!(
        agency_store::agency_by_alias(&t.db, "администрация  города Сургута")
            .await
            .unwrap(),
        Some(id)
    );
}

async fn alias_commands_check_conflicts(t: &TestDb) {
    let err = agencies::add_alias(
        &t.db,
        "УМВД",
        "Прокуратура округа",
        now(),
        &Actor::named("test"),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err}");
    let err = agencies::add_alias(&t.db, "Нет такого", "Другое", now(), &Actor::named("test"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err}");
    let err = agencies::add_agency(&t.db, "СУ СК", None, now(), &Actor::named("test"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err}");
    let id = agencies::add_agency(
        &t.db,
        "Департамент цифрового развития",
        Some("ДЦР"),
        now(),
        &Actor::named("test"),
    )
    .await
    .unwrap();
    assert_eq!(
        agency_store::agency_by_alias(&t.db, "департамент цифрового развития")
            .await
            .unwrap(),
        Some(id)
    );
    let listed = agency_store::agencies(&t.db).await.unwrap();
    assert!(
        listed
            .iter()
            .any(|a| a.id == id && a.short_name.as_deref() == Some("ДЦР"))
    );
}

async fn failed_import_leaves_nothing(t: &TestDb) {
    let agencies_before = agency::Entity::find().count(&t.db).await.unwrap();
    let mut p = parse(SEED);
    // The second row's executor is new; the third repeats a number, which
    // the (plan, number) unique index refuses halfway through the import.
    p.measures[1].executors.push(Executor {
        name: "Новое ведомство".into(),
        by_agreement: false,
    });
    p.measures[2].number = p.measures[0].number.clone();
    let err = store::import(&t.db, &p, &settings(), "bad", now(), &Actor::named("test")).await;
    assert!(matches!(err, Err(Error::Db(_))), "{err:?}");
    assert_eq!(plan::Entity::find().count(&t.db).await.unwrap(), 0);
    assert_eq!(measure::Entity::find().count(&t.db).await.unwrap(), 0);
    assert_eq!(
        agency::Entity::find().count(&t.db).await.unwrap(),
        agencies_before
    );
    assert_eq!(
        dozor::db::entity::audit_log::Entity::find()
            .count(&t.db)
            .await
            .unwrap(),
        0
    );
}

async fn latest_plan_is_the_last_imported(t: &TestDb) {
    assert_eq!(store::latest_id(&t.db).await.unwrap(), None);
    let first = import_seed(t).await;
    let mut other = parse(SEED);
    other.measures.truncate(3);
    let later = now() + chrono::Duration::hours(1);
    let Imported::New { id: second, .. } = store::import(
        &t.db,
        &other,
        &settings(),
        "x",
        later,
        &Actor::named("test"),
    )
    .await
    .unwrap() else {
        panic!("a new plan")
    };
    assert_eq!(store::latest_id(&t.db).await.unwrap(), Some(second));
    // Importing the first plan again makes it the latest, without a copy.
    let again = store::import(
        &t.db,
        &parse(SEED),
        &settings(),
        "seed",
        later + chrono::Duration::hours(1),
        &Actor::named("test"),
    )
    .await
    .unwrap();
    assert_eq!(again, Imported::Existing { id: first });
    assert_eq!(store::latest_id(&t.db).await.unwrap(), Some(first));
    let err = store::load(&t.db, 999).await.unwrap_err();
    assert!(matches!(err, Error::NotFound(_)));
}
