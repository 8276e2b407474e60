//! Municipalities as data: the okrug's 22 built into every store with
//! their own names as aliases, more spellings per municipality, population
//! by year (the old yearless `population` column moves to 2020, the year of
//! the okrug's plan, and is dropped), and IT-crime statistics per
//! municipality and period.

use super::m0001_plans::{create_all, drop_all, fk, index};
use sea_orm::{ConnectionTrait, Statement};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The okrug's municipalities as this migration seeds them: `name,kind`.
const BUILTIN: &str = include_str!("../../../examples/municipalities-khmao.csv");

fn tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table("municipality_aliases")
            .col(pk_auto("id"))
            .col(integer("municipality_id"))
            .col(string("alias"))
            .col(string_uniq("key"))
            .foreign_key(&mut fk(
                "municipality_aliases",
                "municipality_id",
                "municipalities",
            ))
            .take(),
        Table::create()
            .table("municipality_population")
            .col(pk_auto("id"))
            .col(integer("municipality_id"))
            .col(integer("year"))
            .col(big_integer("population"))
            .col(boolean("approximate"))
            .foreign_key(&mut fk(
                "municipality_population",
                "municipality_id",
                "municipalities",
            ))
            .take(),
        Table::create()
            .table("crime_stats")
            .col(pk_auto("id"))
            .col(integer("municipality_id"))
            .col(string("period"))
            .col(big_integer("registered"))
            .col(big_integer("solved"))
            .col(big_integer("damage_kopecks"))
            .foreign_key(&mut fk("crime_stats", "municipality_id", "municipalities"))
            .take(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        index(
            "municipality_population",
            "municipality_population_year",
            &["municipality_id", "year"],
            true,
        ),
        index(
            "crime_stats",
            "crime_stats_municipality_period",
            &["municipality_id", "period"],
            true,
        ),
        index("crime_stats", "crime_stats_period", &["period"], false),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create_all(m, tables(), indexes()).await?;
        let db = m.get_connection();
        db.execute_unprepared(
            "INSERT INTO municipality_population (municipality_id, year, population, approximate) \
             SELECT id, 2020, population, FALSE FROM municipalities WHERE population IS NOT NULL",
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("municipalities")
                .drop_column("population")
                .take(),
        )
        .await?;
        seed(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("municipalities")
                .add_column(big_integer_null("population"))
                .take(),
        )
        .await?;
        drop_all(m, tables()).await
    }
}

/// The built-in municipalities that are missing, and every municipality's
/// own name as its alias where the key is free.
async fn seed(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = m.get_connection();
    for line in BUILTIN.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let (name, kind) = line.split_once(',').unwrap_or((line, ""));
        let insert = Query::insert()
            .into_table("municipalities")
            .columns(["name", "kind"])
            .values_panic([name.trim().into(), kind.trim().into()])
            .on_conflict(OnConflict::column("name").do_nothing().to_owned())
            .to_owned();
        m.exec_stmt(insert).await?;
    }
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT id, name FROM municipalities ORDER BY id",
        ))
        .await?;
    for row in rows {
        let id: i32 = row.try_get("", "id")?;
        let name: String = row.try_get("", "name")?;
        let insert = Query::insert()
            .into_table("municipality_aliases")
            .columns(["municipality_id", "alias", "key"])
            .values_panic([
                id.into(),
                name.clone().into(),
                crate::ru::place::key(&name).into(),
            ])
            .on_conflict(OnConflict::column("key").do_nothing().to_owned())
            .to_owned();
        m.exec_stmt(insert).await?;
    }
    Ok(())
}
