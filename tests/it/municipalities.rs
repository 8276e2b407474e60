//! Municipalities: the 22 in every fresh store, their spellings, and the
//! population and crime-statistics imports (CSV in both encodings, XLSX)
//! with every bad row listed and nothing half-stored.

use crate::helpers::{TestDb, now, on_both_engines};
use dozor::actor::Actor;
use dozor::municipality::import::{Report, Table, run};
use dozor::municipality::store;
use sea_orm::{ConnectionTrait, Statement};

on_both_engines!(
    a_fresh_store_has_the_22,
    spellings_resolve_and_cities_are_not_districts,
    aliases_are_added_and_audited,
    population_import_stores_and_updates_in_place,
    a_bad_row_stores_nothing_and_every_bad_row_is_listed,
    skip_invalid_stores_the_good_rows,
    crime_import_from_utf8_and_windows_1251_csv,
    crime_import_from_xlsx,
    the_demo_loads_population_and_crimes,
);

async fn count(t: &TestDb, sql: &str) -> i64 {
    let row =
        t.db.query_one_raw(Statement::from_string(t.db.get_database_backend(), sql))
            .await
            .unwrap()
            .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

async fn import(t: &TestDb, table: Table, bytes: &[u8], skip: bool) -> Report {
    run(
        &t.db,
        table,
        bytes,
        "t.csv",
        skip,
        &Actor::named("test"),
        now(),
    )
    .await
    .unwrap()
}

async fn a_fresh_store_has_the_22(t: &TestDb) {
    let all = store::list(&t.db).await.unwrap();
    assert_eq!(all.len(), 22);
    assert_eq!(all[1].name, "Сургут");
    assert_eq!(
        all.iter()
            .filter(|m| m.kind == "муниципальный район")
            .count(),
        9
    );
    assert_eq!(
        count(t, "SELECT COUNT(*) FROM municipality_aliases").await,
        22
    );
    assert!(all.iter().all(|m| m.population.is_empty()));
}

async fn id(t: &TestDb, name: &str) -> Option<i32> {
    store::resolve(&t.db, name).await.unwrap()
}

async fn spellings_resolve_and_cities_are_not_districts(t: &TestDb) {
    let surgut = id(t, "Сургут").await.unwrap();
    let district = id(t, "Сургутский район").await.unwrap();
    assert_ne!(surgut, district);
    for s in [
        "г. Сургут",
        "городской округ Сургут",
        "город Сургут",
        "СУРГУТ",
    ] {
        assert_eq!(id(t, s).await, Some(surgut), "{s}");
    }
    for s in [
        "Сургутский муниципальный район",
        "Сургутский р-н",
        "Сургутский МР",
    ] {
        assert_eq!(id(t, s).await, Some(district), "{s}");
    }
    for (city, district) in [
        ("Ханты-Мансийск", "Ханты-Мансийский район"),
        ("Нефтеюганск", "Нефтеюганский район"),
        ("Нижневартовск", "Нижневартовский район"),
    ] {
        assert_ne!(id(t, city).await, id(t, district).await);
        assert!(id(t, city).await.is_some() && id(t, district).await.is_some());
    }
    assert_eq!(
        id(t, "Березовский район").await,
        id(t, "Берёзовский район").await
    );
    assert_eq!(
        id(t, "Атлантида").await,
        None,
        "an unknown name is not created"
    );
}

async fn aliases_are_added_and_audited(t: &TestDb) {
    use dozor::municipality::admin;
    let surgut = id(t, "Сургут").await.unwrap();
    let who = Actor::named("test");
    admin::add_alias(&t.db, surgut, "Сургутский городской", &who, now())
        .await
        .unwrap();
    assert_eq!(id(t, "сургутский городской").await, Some(surgut));
    let district = id(t, "Сургутский район").await.unwrap();
    let taken = admin::add_alias(&t.db, district, "г. Сургут", &who, now()).await;
    assert!(
        matches!(taken, Err(dozor::error::Error::Conflict(_))),
        "{taken:?}"
    );
    let new = admin::add(&t.db, "Посёлок Тест", "муниципальный район", &who, now())
        .await
        .unwrap();
    assert_eq!(id(t, "поселок тест").await, Some(new));
    admin::set_population(&t.db, new, (2021, 1234, true), &who, now())
        .await
        .unwrap();
    let audited = count(
        t,
        "SELECT COUNT(*) FROM audit_log WHERE entity = 'municipality'",
    )
    .await;
    assert_eq!(audited, 3);
}

const POPULATION: &str = "Муниципалитет,Год,Население,Оценка\nг. Сургут,2020,380000,да\nСургутский район,2020,126000,нет\n";

async fn population_import_stores_and_updates_in_place(t: &TestDb) {
    let r = import(t, Table::Population, POPULATION.as_bytes(), false).await;
    assert!(r.stored && r.errors.is_empty(), "{:?}", r.lines());
    assert_eq!((r.added, r.updated, r.unchanged), (2, 0, 0));
    let again = import(t, Table::Population, POPULATION.as_bytes(), false).await;
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 2));
    let changed = POPULATION.replace("380000", "381000");
    let r = import(t, Table::Population, changed.as_bytes(), false).await;
    assert_eq!((r.added, r.updated, r.unchanged), (0, 1, 1));
    let surgut = id(t, "Сургут").await.unwrap();
    assert_eq!(
        store::population_for(&t.db, surgut, 2021).await.unwrap(),
        Some((2020, 381_000, true))
    );
    assert_eq!(
        count(t, "SELECT COUNT(*) FROM municipality_population").await,
        2
    );
    let audited = count(
        t,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'municipality.population_import'",
    )
    .await;
    assert_eq!(audited, 3);
}

const BAD: &str = "municipality;year;population\nСургут;2020;380000\nАтлантида;2020;5\nУрай;двадцатый;5\nУрай;2020;-5\nСургут;2020;1\n";

async fn a_bad_row_stores_nothing_and_every_bad_row_is_listed(t: &TestDb) {
    let r = import(t, Table::Population, BAD.as_bytes(), false).await;
    assert!(!r.stored);
    let lines = r.lines().join("\n");
    let rows: Vec<usize> = r.errors.iter().map(|e| e.row).collect();
    assert_eq!(rows, [3, 4, 5, 6], "{lines}");
    assert!(
        lines.contains("строка 3: муниципальное образование «Атлантида» не найдено"),
        "{lines}"
    );
    assert!(lines.contains("строка 4: год — «двадцатый»"), "{lines}");
    assert!(lines.contains("строка 6: повторяет строку 2"), "{lines}");
    assert!(lines.contains("Ничего не сохранено"), "{lines}");
    assert_eq!(
        count(t, "SELECT COUNT(*) FROM municipality_population").await,
        0
    );
    assert_eq!(count(t, "SELECT COUNT(*) FROM audit_log").await, 0);
    let missing = run(
        &t.db,
        Table::Population,
        "Муниципалитет;Численность\nСургут;5\n".as_bytes(),
        "x.csv",
        false,
        &Actor::named("test"),
        now(),
    )
    .await
    .unwrap_err()
    .to_string();
    assert!(
        missing.contains("нет обязательных столбцов: «Год» (year)"),
        "{missing}"
    );
}

async fn skip_invalid_stores_the_good_rows(t: &TestDb) {
    let r = import(t, Table::Population, BAD.as_bytes(), true).await;
    assert!(r.stored);
    assert_eq!((r.added, r.errors.len()), (1, 4));
    assert_eq!(
        count(t, "SELECT COUNT(*) FROM municipality_population").await,
        1
    );
}

const CRIMES: &str = "Период;Муниципальное образование;Зарегистрировано;Раскрыто;Ущерб, руб.\nI квартал 2020 г.;Сургут;342;91;\"1 234 567,89\"\n2020-Q2;г. Урай;10;3;1234567.89\n2020;Сургутский район;5;1;0\n";

async fn damage(t: &TestDb, period: &str) -> i64 {
    count(
        t,
        &format!("SELECT damage_kopecks FROM crime_stats WHERE period = '{period}'"),
    )
    .await
}

async fn crime_import_from_utf8_and_windows_1251_csv(t: &TestDb) {
    let r = import(t, Table::Crime, CRIMES.as_bytes(), false).await;
    assert!(r.stored, "{:?}", r.lines());
    assert_eq!(r.added, 3);
    assert_eq!(damage(t, "2020-Q1").await, 123_456_789);
    assert_eq!(damage(t, "2020-Q2").await, 123_456_789);
    assert_eq!(damage(t, "2020").await, 0);
    let cp1251 = windows_1251(&CRIMES.replace("342", "343"));
    let r = import(t, Table::Crime, &cp1251, false).await;
    assert_eq!(
        (r.added, r.updated, r.unchanged),
        (0, 1, 2),
        "{:?}",
        r.lines()
    );
    assert_eq!(
        count(
            t,
            "SELECT registered FROM crime_stats WHERE period = '2020-Q1'"
        )
        .await,
        343
    );
    let bad = CRIMES.replace("I квартал 2020 г.", "пятый квартал");
    let r = import(t, Table::Crime, bad.as_bytes(), false).await;
    assert!(!r.stored);
    assert!(
        r.lines()
            .join("\n")
            .contains("строка 2: период «пятый квартал» не распознан")
    );
}

/// `text` in Windows-1251 (Cyrillic and ASCII only).
fn windows_1251(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            'А'..='я' => (c as u32 - 0x410 + 0xc0) as u8,
            'Ё' => 0xa8,
            'ё' => 0xb8,
            c => c as u8,
        })
        .collect()
}

pub fn crimes_xlsx() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    for (c, h) in ["period", "municipality", "registered", "solved", "damage"]
        .iter()
        .enumerate()
    {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.write_string(1, 0, "III квартал 2020").unwrap();
    s.write_string(1, 1, "Нижневартовский р-н").unwrap();
    s.write_number(1, 2, 12.0).unwrap();
    s.write_number(1, 3, 4.0).unwrap();
    s.write_number(1, 4, 1234567.89).unwrap();
    book.save_to_buffer().unwrap()
}

async fn crime_import_from_xlsx(t: &TestDb) {
    let r = import(t, Table::Crime, &crimes_xlsx(), false).await;
    assert!(r.stored, "{:?}", r.lines());
    assert_eq!(r.added, 1);
    assert_eq!(damage(t, "2020-Q3").await, 123_456_789);
    let district = id(t, "Нижневартовский район").await.unwrap();
    let stored = count(t, "SELECT CAST(municipality_id AS BIGINT) FROM crime_stats").await;
    assert_eq!(stored, i64::from(district));
}

async fn the_demo_loads_population_and_crimes(t: &TestDb) {
    let cal = dozor::time::calendar::Calendar::from_toml(dozor::demo::CALENDAR_2020).unwrap();
    dozor::demo::load(&t.db, &cal, now()).await.unwrap();
    let all = store::list(&t.db).await.unwrap();
    assert!(
        all.iter()
            .all(|m| matches!(m.latest(), Some((2020, _, true))))
    );
    assert_eq!(count(t, "SELECT COUNT(*) FROM crime_stats").await, 88);
}

/// A store made before m0016 keeps its municipalities, gains the missing
/// built-in ones with their names as aliases, and its yearless population
/// moves to 2020.
#[tokio::test]
async fn m0016_moves_the_old_population_column_and_seeds_the_rest() {
    use sea_orm_migration::MigratorTrait;
    let db = dozor::db::connect("sqlite::memory:").await.unwrap();
    dozor::db::migrations::Migrator::up(&db, Some(15))
        .await
        .unwrap();
    db.execute_unprepared(
        "INSERT INTO municipalities (name, kind, population) VALUES ('Сургут', 'городской округ', 380000), ('Посёлок', 'муниципальный район', NULL)",
    )
    .await
    .unwrap();
    dozor::db::migrations::Migrator::up(&db, None)
        .await
        .unwrap();
    let all = store::list(&db).await.unwrap();
    assert_eq!(all.len(), 23, "the 22 and the store's own");
    let surgut = all.iter().find(|m| m.name == "Сургут").unwrap();
    assert_eq!(surgut.population, [(2020, 380_000, false)]);
    assert_eq!(
        store::resolve(&db, "поселок").await.unwrap(),
        Some(all[1].id)
    );
}
