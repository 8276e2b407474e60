//! The registry on both engines: merging, cards, cases, the blocking track,
//! bulk imports of the real third-party samples, rollback.

use crate::helpers::{TestDb, data, now, on_both_engines};
use dozor::actor::Actor;
use dozor::db::entity::registry::{indicator, indicator_case, indicator_value, registry_change};
use dozor::registry::blocking::Track;
use dozor::registry::bulk::{self, Source};
use dozor::registry::formats::{self, Format};
use dozor::registry::model::{self, Added, CaseInput, NewIndicator, NewStep};
use dozor::registry::store;
use dozor_indicator::model::{CardKey, Category, Kind};
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};

on_both_engines!(
    same_value_merges_never_duplicates,
    cards_are_never_stored_in_full,
    cases_link_many_to_many,
    blocking_track_moves_the_status,
    third_party_feeds_import_and_merge,
    failed_import_leaves_nothing,
    imported_case_numbers_all_link,
    overlong_texts_are_refused,
);

async fn imported_case_numbers_all_link(t: &TestDb) {
    let csv = "value,case\nhttp://a.example/,КУСП 1; КУСП 2\nhttp://A.example/#x,КУСП 3\n";
    let parsed = formats::parse(Format::Csv, csv.as_bytes()).unwrap();
    let src = Source {
        name: "cases.csv",
        format: "csv",
        sha256: "x",
        actor: Actor::named("test"),
        scope: dozor::registry::model::CaseScope::Any,
    };
    let r = bulk::import(&t.db, None, parsed, &src, now())
        .await
        .unwrap();
    assert_eq!((r.added, r.rejected), (1, 0), "{r:?}");
    assert_eq!(
        count::<indicator_case::Entity>(t).await,
        3,
        "every case of the repeated value is linked"
    );
}

/// A phishing value with no case, any scope.
pub fn new(raw: &str) -> NewIndicator<'_> {
    NewIndicator {
        raw,
        kind: None,
        category: Category::Phishing,
        case: None,
        scope: dozor::registry::model::CaseScope::Any,
    }
}

async fn count<E: EntityTrait>(t: &TestDb) -> u64
where
    E::Model: Sync,
{
    E::find().count(&t.db).await.unwrap()
}

async fn same_value_merges_never_duplicates(t: &TestDb) {
    let a = store::add(
        &t.db,
        None,
        &new("https://Evil.example/a#frag"),
        &Actor::named("test"),
        now(),
    )
    .await
    .unwrap();
    let b = store::add(
        &t.db,
        None,
        &new("https://evil.example/a"),
        &Actor::named("test"),
        now(),
    )
    .await
    .unwrap();
    assert!(matches!(a, Added::New(_)));
    assert_eq!(b, Added::Merged(a.id()));
    assert_eq!(count::<indicator::Entity>(t).await, 1);
    assert_eq!(
        count::<indicator_value::Entity>(t).await,
        2,
        "both raw spellings kept"
    );
    let p1 = store::add(
        &t.db,
        None,
        &new("8 (912) 345-67-89"),
        &Actor::named("test"),
        now(),
    )
    .await
    .unwrap();
    let p2 = store::add(
        &t.db,
        None,
        &new("+7 912 3456789"),
        &Actor::named("test"),
        now(),
    )
    .await
    .unwrap();
    assert_eq!(p2, Added::Merged(p1.id()));
    let err = store::add(
        &t.db,
        None,
        &new("не ссылка и не номер"),
        &Actor::named("test"),
        now(),
    )
    .await;
    assert!(err.is_err());
    assert!(
        count::<registry_change::Entity>(t).await >= 4,
        "every write is in the change log"
    );
}

async fn cards_are_never_stored_in_full(t: &TestDb) {
    let card = "4111 1111 1111 1111";
    let no_key = store::add(&t.db, None, &new(card), &Actor::named("test"), now()).await;
    assert!(no_key.is_err(), "without a key cards are refused");
    let key = CardKey(b"test-key".to_vec());
    let added = store::add(&t.db, Some(&key), &new(card), &Actor::named("test"), now())
        .await
        .unwrap();
    let row = indicator::Entity::find_by_id(added.id())
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.kind, "card");
    assert_eq!(row.display, "4111 11•• •••• 1111");
    // Nothing in any table holds the full number.
    for (table, col) in [
        ("indicators", "canonical"),
        ("indicators", "raw"),
        ("indicators", "display"),
        ("indicator_values", "raw"),
        ("audit_log", "after"),
    ] {
        let sql = format!(
            "SELECT COUNT(*) AS n FROM {table} WHERE {col} LIKE '%4111111111111111%' OR {col} LIKE '%4111 1111 1111 1111%'"
        );
        let r =
            t.db.query_one_raw(sea_orm::Statement::from_string(
                t.db.get_database_backend(),
                sql,
            ))
            .await
            .unwrap()
            .unwrap();
        let n: i64 = r.try_get("", "n").unwrap();
        assert_eq!(n, 0, "{table}.{col}");
    }
}

async fn cases_link_many_to_many(t: &TestDb) {
    let case = |n: &str| {
        Some(CaseInput {
            number: n.into(),
            article: Some("159 ч. 3".into()),
            damage: Some(250_000),
            ..Default::default()
        })
    };
    let mut a = new("https://shop-scam.example/");
    a.case = case("КУСП 1234");
    let mut b = new("+7 912 000-00-01");
    b.case = case("КУСП 1234");
    let ia = store::add(&t.db, None, &a, &Actor::named("test"), now())
        .await
        .unwrap();
    store::add(&t.db, None, &b, &Actor::named("test"), now())
        .await
        .unwrap();
    let mut again = new("https://shop-scam.example/");
    again.case = case("УД 12001710001000123");
    store::add(&t.db, None, &again, &Actor::named("test"), now())
        .await
        .unwrap();
    assert_eq!(count::<indicator_case::Entity>(t).await, 3);
    assert_eq!(
        count::<dozor::db::entity::registry::case::Entity>(t).await,
        2
    );
    let mut bad = new("https://x.example/");
    bad.case = Some(CaseInput {
        number: "К-1".into(),
        damage: Some(-5),
        ..Default::default()
    });
    assert!(
        store::add(&t.db, None, &bad, &Actor::named("test"), now())
            .await
            .is_err()
    );
    assert!(
        find_url(t, "http://x.example/").await.is_none(),
        "the failed add left nothing"
    );
    let _ = ia;
}

async fn blocking_track_moves_the_status(t: &TestDb) {
    let id = store::add(
        &t.db,
        None,
        &new("https://phish.example/login"),
        &Actor::named("test"),
        now(),
    )
    .await
    .unwrap()
    .id();
    let d = |day| chrono::NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
    let j = Track::Judicial;
    let err = store::add_step(
        &t.db,
        id,
        &NewStep {
            track: j,
            step: "decision",
            on: d(1),
            deadline: None,
            note: None,
        },
        &Actor::named("test"),
        now(),
    )
    .await;
    assert!(err.is_err(), "a decision before a claim");
    for (i, step) in j.steps().iter().enumerate() {
        let status = store::add_step(
            &t.db,
            id,
            &NewStep {
                track: j,
                step,
                on: d(2 + i as u32),
                deadline: None,
                note: None,
            },
            &Actor::named("test"),
            now(),
        )
        .await
        .unwrap();
        assert_eq!(
            status.as_str(),
            if *step == "blocked" {
                "blocked"
            } else {
                "blocking"
            }
        );
    }
    let row = indicator::Entity::find_by_id(id)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.status, "blocked");
    let s = store::add_step(
        &t.db,
        id,
        &NewStep {
            track: j,
            step: "appeal",
            on: d(20),
            deadline: Some(d(30)),
            note: Some("жалоба владельца"),
        },
        &Actor::named("test"),
        now(),
    )
    .await
    .unwrap();
    assert_eq!(s.as_str(), "appeal");
    assert_eq!(store::steps_of(&t.db, id).await.unwrap().len(), 6);
}

async fn import_file(t: &TestDb, file: &str, format: Format) -> bulk::ImportReport {
    let bytes = std::fs::read(data(&format!("formats/{file}"))).unwrap();
    let parsed = formats::parse(format, &bytes).unwrap();
    let src = Source {
        name: file,
        format: format.as_str(),
        sha256: "abc",
        actor: Actor::named("test"),
        scope: dozor::registry::model::CaseScope::Any,
    };
    bulk::import(&t.db, None, parsed, &src, now())
        .await
        .unwrap()
}

async fn third_party_feeds_import_and_merge(t: &TestDb) {
    let r = import_file(t, "urlhaus.csv", Format::Urlhaus).await;
    assert_eq!((r.added, r.rejected), (68, 0), "{r:?}");
    let again = import_file(t, "urlhaus.csv", Format::Urlhaus).await;
    assert_eq!((again.added, again.merged), (0, 68));
    let p = import_file(t, "phishtank.csv", Format::Phishtank).await;
    assert_eq!(p.added + p.merged + p.rejected, 140, "{p:?}");
    let s = import_file(t, "stix-bundle.json", Format::Stix).await;
    assert_eq!(s.added, 1);
    assert!(find_url(t, "http://x4z9arb.cn/4712/").await.is_some());
    let d = import_file(t, "stix-bundle-domains.json", Format::Stix).await;
    assert_eq!(d.added, 1, "circl.lu once: {d:?}");
    assert!(d.merged >= 1 && d.rejected >= 1);
    let audit = dozor::db::entity::audit_log::Entity::find()
        .all(&t.db)
        .await
        .unwrap();
    let imports = audit
        .iter()
        .filter(|a| a.action == "registry.import")
        .count();
    assert_eq!(imports, 5, "one audit entry per file, not per row");
    let total = count::<indicator::Entity>(t).await;
    assert_eq!(total as usize, 68 + p.added + 1 + 1);
}

async fn failed_import_leaves_nothing(t: &TestDb) {
    // A constraint only this test has: no two indicators of one category. The
    // second new row breaks it inside the import's transaction.
    t.db.execute_unprepared("CREATE UNIQUE INDEX test_one_per_category ON indicators (category)")
        .await
        .unwrap();
    let csv =
        "value,kind\nhttp://one.example/,url\nhttp://two.example/,url\nhttp://three.example/,url\n";
    let parsed = formats::parse(Format::Csv, csv.as_bytes()).unwrap();
    assert_eq!(parsed.records.len(), 3);
    let src = Source {
        name: "bad.csv",
        format: "csv",
        sha256: "x",
        actor: Actor::named("test"),
        scope: dozor::registry::model::CaseScope::Any,
    };
    let r = bulk::import(&t.db, None, parsed, &src, now()).await;
    assert!(r.is_err(), "the constraint must fail the import");
    assert_nothing_written(t).await;
}

#[tokio::test]
async fn cli_import_export_round_trip() {
    let t = crate::helpers::sqlite_file().await;
    let run = |url: &str, args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_dozor"))
            .args(["--database-url", url])
            .args(args)
            .env_remove("DOZOR_CARD_KEY")
            .output()
            .unwrap()
    };
    let urlhaus = data("formats/urlhaus.csv");
    let out = run(
        &t.url,
        &[
            "registry", "import", &urlhaus, "--format", "urlhaus", "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["added"], 68);
    let dir = tempfile::tempdir().unwrap();
    for fmt in ["csv", "json", "stix"] {
        let file = dir.path().join(format!("export.{fmt}"));
        let out = run(
            &t.url,
            &[
                "registry",
                "export",
                "--format",
                fmt,
                "-o",
                file.to_str().unwrap(),
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(std::fs::metadata(&file).unwrap().len() > 1000);
    }
    // The STIX export imports back into a fresh registry with nothing lost.
    let fresh = crate::helpers::sqlite_file().await;
    let stix = dir.path().join("export.stix");
    let out = run(
        &fresh.url,
        &[
            "registry",
            "import",
            stix.to_str().unwrap(),
            "--format",
            "stix",
            "--json",
        ],
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["added"], 68, "{report}");
    let out = run(
        &t.url,
        &["registry", "import", "/nonexistent.csv", "--format", "csv"],
    );
    assert!(!out.status.success());
    let out = run(
        &t.url,
        &["registry", "import", &urlhaus, "--format", "misp"],
    );
    assert!(!out.status.success(), "a CSV is not a MISP event");
    assert!(String::from_utf8_lossy(&out.stderr).contains("misp"));
    t.close().await;
    fresh.close().await;
}

// Streaming imports (a batch at a time, in one transaction) and the check
// index read back from the store.
on_both_engines!(
    streamed_import_merges_across_batches,
    streamed_import_failure_leaves_nothing,
    reject_list_is_capped_but_counted,
    check_index_loads_every_row_even_with_separators_in_the_data,
);

fn file_source() -> bulk::FileSource<'static> {
    bulk::FileSource {
        name: "big.csv",
        actor: Actor::named("test"),
    }
}

async fn import_csv(t: &TestDb, csv: String) -> dozor::error::Result<bulk::ImportReport> {
    let input = std::io::Cursor::new(csv.into_bytes());
    bulk::import_file(&t.db, None, Format::Csv, input, &file_source(), now()).await
}

/// 25,000 distinct URLs (more than two batches), then values repeated from
/// the first batch (in other spellings, with their own cases), and rows the
/// parser or the normaliser rejects.
fn big_csv() -> String {
    let mut csv = String::from("value,kind,case\n");
    for i in 0..25_000 {
        let case = if i == 7 { "КУСП 1" } else { "" };
        csv.push_str(&format!("http://h{i}.example/p?id={i},url,{case}\n"));
    }
    csv.push_str("HTTP://H7.EXAMPLE/p?id=7#top,url,КУСП 2\n");
    csv.push_str("http://h8.example:80/p?id=8,url,КУСП 2\n");
    csv.push_str("http://h8.example/p?id=8,url,\n");
    csv.push_str(",url,\n");
    csv.push_str("http:///,url,\n");
    csv
}

async fn streamed_import_merges_across_batches(t: &TestDb) {
    let r = import_csv(t, big_csv()).await.unwrap();
    assert_eq!((r.added, r.merged, r.rejected), (25_000, 3, 2), "{r:?}");
    assert_eq!(
        r.rejects[0],
        ("строка 25005".into(), "Не указано значение (value)".into())
    );
    assert!(r.rejects[1].0 == "строка 25006", "{:?}", r.rejects);
    assert_eq!(count::<indicator::Entity>(t).await, 25_000);
    // h7 carries both its cases, h8 the case its repeat named.
    assert_eq!(count::<indicator_case::Entity>(t).await, 3);
    let h7 = find_url(t, "http://h7.example/p?id=7").await.unwrap();
    assert_eq!(
        h7.raw, "http://h7.example/p?id=7",
        "the first spelling stays"
    );
    // The same file again: everything merges, and is seen again.
    let later = now() + chrono::Duration::hours(1);
    let input = std::io::Cursor::new(big_csv().into_bytes());
    let again = bulk::import_file(&t.db, None, Format::Csv, input, &file_source(), later)
        .await
        .unwrap();
    assert_eq!((again.added, again.merged), (0, 25_003), "{again:?}");
    assert_eq!(count::<indicator::Entity>(t).await, 25_000);
    assert_eq!(count::<indicator_case::Entity>(t).await, 3);
    let h9 = find_url(t, "http://h9.example/p?id=9").await.unwrap();
    assert_eq!((h9.first_seen, h9.last_seen), (now(), later));
    // One audit entry per file, with the file's own hash.
    use sha2::{Digest, Sha256};
    let sha: String = Sha256::digest(big_csv().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let audit = dozor::db::entity::audit_log::Entity::find()
        .all(&t.db)
        .await
        .unwrap();
    let imports: Vec<_> = audit
        .iter()
        .filter(|a| a.action == "registry.import")
        .collect();
    assert_eq!(imports.len(), 2);
    assert!(
        imports[0].after.as_deref().unwrap().contains(&sha),
        "{:?}",
        imports[0].after
    );
    assert_eq!(count::<registry_change::Entity>(t).await, 2);
}

async fn streamed_import_failure_leaves_nothing(t: &TestDb) {
    // A constraint only this test has, broken in the third batch: the two
    // batches before it are already written inside the transaction.
    t.db.execute_unprepared(
        "CREATE UNIQUE INDEX test_one_fake_shop ON indicators (category) \
         WHERE category = 'fake_shop'",
    )
    .await
    .unwrap();
    let mut csv = String::from("value,category\n");
    for i in 0..22_000 {
        let category = if i == 21_000 || i == 21_001 {
            "fake_shop"
        } else {
            "phishing"
        };
        csv.push_str(&format!("http://x{i}.example/,{category}\n"));
    }
    let r = import_csv(t, csv).await;
    assert!(r.is_err(), "the constraint must fail the import: {r:?}");
    assert_nothing_written(t).await;
    // The connection went back usable, and a good file goes in.
    let ok = import_csv(t, "value\nhttp://fine.example/\n".into())
        .await
        .unwrap();
    assert_eq!(ok.added, 1);
    // A file that is not our CSV is refused before anything starts.
    let err = import_csv(t, "kind\nurl\n".into()).await.unwrap_err();
    assert!(err.to_string().contains("big.csv"), "{err}");
}

async fn reject_list_is_capped_but_counted(t: &TestDb) {
    let mut csv = String::from("value,kind\n");
    for i in 0..1_500 {
        csv.push_str(&format!("not a phone {i},phone\n"));
    }
    csv.push_str("http://kept.example/,url\n");
    let r = import_csv(t, csv).await.unwrap();
    assert_eq!((r.added, r.rejected), (1, 1_500));
    assert_eq!(r.rejects.len(), bulk::KEPT_REJECTS);
    assert_eq!(r.rejects[0].0, "строка 2");
    assert_eq!(r.rejects[999].0, "строка 1001");
}

async fn check_index_loads_every_row_even_with_separators_in_the_data(t: &TestDb) {
    use dozor::check::service::CheckService;
    let mut csv = String::from("value\n");
    for i in 0..40_000 {
        csv.push_str(&format!("\"http://c{i}.example/a,b\"\n"));
    }
    let r = import_csv(t, csv).await.unwrap();
    assert_eq!(r.added, 40_000);
    let loaded = CheckService::load(&t.db, None).await.unwrap();
    assert_eq!(loaded.len(), 40_000);
    let hit = serde_json::to_value(loaded.check("http://c39999.example/a,b")).unwrap();
    assert_eq!(hit["listed"], true, "{hit}");
    // Separators the SQLite reader joins values with, inside the data: the
    // range is read again row by row; the unreadable category is skipped.
    let odd = |col: &str, id: i32, add: &str| {
        format!("UPDATE indicators SET {col} = {col} || {add} WHERE id = {id}")
    };
    let sep = match t.db.get_database_backend() {
        sea_orm::DbBackend::Postgres => "chr(30)",
        _ => "char(30)",
    };
    let first = count::<indicator::Entity>(t).await as i32;
    assert!(first > 0);
    let ids: Vec<i32> = indicator::Entity::find()
        .all(&t.db)
        .await
        .unwrap()
        .iter()
        .map(|i| i.id)
        .take(2)
        .collect();
    t.db.execute_unprepared(&odd("canonical", ids[0], sep))
        .await
        .unwrap();
    t.db.execute_unprepared(&odd("category", ids[1], "',x'"))
        .await
        .unwrap();
    let reloaded = CheckService::load(&t.db, None).await.unwrap();
    assert_eq!(reloaded.len(), 39_999, "all but the unreadable one");
    let hit = serde_json::to_value(reloaded.check("http://c39999.example/a,b")).unwrap();
    assert_eq!(hit["listed"], true, "{hit}");
}

/// No indicator, no change for the check index, no audit entry.
async fn assert_nothing_written(t: &TestDb) {
    assert_eq!(count::<indicator::Entity>(t).await, 0);
    assert_eq!(count::<registry_change::Entity>(t).await, 0);
    assert_eq!(count::<dozor::db::entity::audit_log::Entity>(t).await, 0);
}

/// A case number, article or note past its length is refused, whole.
async fn overlong_texts_are_refused(t: &TestDb) {
    let long = |n: usize| "я".repeat(n);
    for case in [
        CaseInput {
            number: long(model::MAX_CASE_NUMBER + 1),
            ..Default::default()
        },
        CaseInput {
            number: "КУСП 1".into(),
            article: Some(long(model::MAX_ARTICLE + 1)),
            ..Default::default()
        },
    ] {
        let value = NewIndicator {
            case: Some(case),
            ..new("https://long.example/")
        };
        let err = store::add(&t.db, None, &value, &Actor::named("test"), now())
            .await
            .unwrap_err();
        assert!(err.to_string().contains("не длиннее"), "{err}");
    }
    assert_eq!(count::<indicator::Entity>(t).await, 0);
    let id = store::add(
        &t.db,
        None,
        &new("https://long.example/"),
        &Actor::named("test"),
        now(),
    )
    .await
    .unwrap()
    .id();
    let on = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let note = long(model::MAX_NOTE + 1);
    let err = store::add_step(
        &t.db,
        id,
        &NewStep {
            track: Track::Extrajudicial,
            step: Track::Extrajudicial.steps()[0],
            on,
            deadline: None,
            note: Some(&note),
        },
        &Actor::named("test"),
        now(),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("Примечание"), "{err}");
    let fits = long(model::MAX_NOTE);
    let step = Track::Extrajudicial.steps()[0];
    store::add_step(
        &t.db,
        id,
        &NewStep {
            track: Track::Extrajudicial,
            step,
            on,
            deadline: None,
            note: Some(&fits),
        },
        &Actor::named("test"),
        now(),
    )
    .await
    .unwrap();
}

/// The stored URL indicator with this canonical value.
async fn find_url(t: &TestDb, canonical: &str) -> Option<indicator::Model> {
    store::find(&t.db, Kind::Url, canonical).await.unwrap()
}
