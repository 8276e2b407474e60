//! SeaORM entities of municipalities: the okrug's municipal formations,
//! the spellings that name them, their population by year, and the
//! IT-crime statistics per municipality and period.

use crate::db::simple_entity as entity;

entity!(municipality, "municipalities", {
    name: String,
    /// «городской округ» or «муниципальный район».
    kind: String,
});

entity!(municipality_alias, "municipality_aliases", {
    municipality_id: i32,
    /// As written.
    alias: String,
    /// `ru::place::key` of the alias: unique.
    key: String,
});

entity!(municipality_population, "municipality_population", {
    municipality_id: i32, year: i32, population: i64,
    /// An estimate rather than a census or registry figure.
    approximate: bool,
});

entity!(crime_stat, "crime_stats", {
    municipality_id: i32,
    /// A `time::period::Period` string: `2020-Q1`, `2020`.
    period: String,
    registered: i64,
    solved: i64,
    /// Damage in kopecks, exact.
    damage_kopecks: i64,
});
