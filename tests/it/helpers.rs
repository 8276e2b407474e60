//! Fresh databases per test, and the macro that runs a test on both engines.

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use std::sync::atomic::{AtomicU32, Ordering};

pub const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/plans/khmao-2020.txt");

pub fn data(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// One part of a zip package (a .docx or .xlsx) as text.
pub fn zip_entry(package: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(package)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut xml).unwrap();
    xml
}

pub fn now() -> chrono::DateTime<chrono::Utc> {
    "2026-11-28T10:00:00Z".parse().expect("a valid instant")
}

/// A database for one test; PostgreSQL ones are dropped by `close`.
pub struct TestDb {
    pub db: DatabaseConnection,
    pub url: String,
    admin: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// No database: for `--dry-run` commands, which never open one.
    pub fn none() -> TestDb {
        let db = DatabaseConnection::default();
        let url = "sqlite:///nonexistent/never-opened.db".to_string();
        TestDb {
            db,
            url,
            admin: None,
            _dir: None,
        }
    }

    pub async fn close(self) {
        let _ = self.db.close().await;
        if let Some((admin_url, name)) = self.admin
            && let Ok(admin) = Database::connect(admin_url.as_str()).await
        {
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await;
            let _ = admin.close().await;
        }
    }
}

/// The built-in agencies, seeded as `dozor` seeds them on opening a database.
async fn seed(db: &DatabaseConnection) {
    dozor::agency::store::seed_builtin_agencies(db, now())
        .await
        .expect("the built-in agencies are seeded");
}

pub async fn sqlite() -> TestDb {
    let url = "sqlite::memory:".to_string();
    let db = dozor::db::open(&url).await.expect("in-memory SQLite opens");
    seed(&db).await;
    TestDb {
        db,
        url,
        admin: None,
        _dir: None,
    }
}

/// A SQLite file in a temporary folder, for tests that run the binary.
pub async fn sqlite_file() -> TestDb {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!("sqlite://{}", dir.path().join("dozor.db").display());
    let db = dozor::db::open(&url).await.expect("SQLite file opens");
    seed(&db).await;
    TestDb {
        db,
        url,
        admin: None,
        _dir: Some(dir),
    }
}

/// A new, empty PostgreSQL database, or `None` (skip) outside CI when
/// `DOZOR_TEST_POSTGRES_URL` is unset. Under CI a missing URL fails the test.
pub async fn postgres() -> Option<TestDb> {
    let admin_url = postgres_url()?;
    let url = new_postgres_database(&admin_url).await;
    let db = dozor::db::open(&url)
        .await
        .expect("the test database opens");
    seed(&db).await;
    let name = url.rsplit('/').next().unwrap_or_default().to_string();
    Some(TestDb {
        db,
        url,
        admin: Some((admin_url, name)),
        _dir: None,
    })
}

pub fn postgres_url() -> Option<String> {
    match std::env::var("DOZOR_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but DOZOR_TEST_POSTGRES_URL is not set: the PostgreSQL suite must run")
        }
        _ => {
            eprintln!("skipped: set DOZOR_TEST_POSTGRES_URL to run the PostgreSQL suite");
            None
        }
    }
}

/// Creates `dozor_test_<pid>_<n>` next to the admin URL's database; returns its URL.
pub async fn new_postgres_database(admin_url: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "dozor_test_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    let admin = Database::connect(admin_url)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at DOZOR_TEST_POSTGRES_URL is unreachable: {e}"));
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .await
        .expect("drop a stale test database");
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .expect("create the test database");
    let _ = admin.close().await;
    let (base, query) = match admin_url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (admin_url, String::new()),
    };
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    format!("{base}/{name}{query}")
}

/// Runs each named `async fn(&TestDb)` on SQLite, and on PostgreSQL under `--ignored`.
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        crate::helpers::on_both_engines!(sqlite; $($name),*);
    };
    ($sqlite:ident; $($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let t = crate::helpers::$sqlite().await;
                super::$name(&t).await;
                t.close().await;
            }

            #[tokio::test]
            #[ignore = "PostgreSQL suite: cargo test -- --ignored, with DOZOR_TEST_POSTGRES_URL"]
            async fn postgres() {
                let Some(t) = crate::helpers::postgres().await else { return };
                super::$name(&t).await;
                t.close().await;
            }
        }
    )*};
}
pub(crate) use on_both_engines;
