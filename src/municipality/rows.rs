//! The rows of a population or crime-statistics table, each checked on
//! its own: the columns the file must have, and every cell's value, with
//! a Russian reason per bad row («строка 7: …»). Pure: a read sheet in,
//! rows out; which municipality a name means is the importer's question.

use crate::office::sheet::columns::{Column, Mapping, match_header};
use crate::office::sheet::{Row, Sheet, cell};
use crate::time::period::Period;

/// A row that cannot be stored, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub reason: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "строка {}: {}", self.row, self.reason)
    }
}

const MUNICIPALITY: Column = Column {
    code: "municipality",
    names: &[
        "Муниципальное образование",
        "Муниципалитет",
        "Муниципальный район (городской округ)",
        "МО",
    ],
    required: true,
};

pub const POPULATION: &[Column] = &[
    MUNICIPALITY,
    Column {
        code: "year",
        names: &["Год"],
        required: true,
    },
    Column {
        code: "population",
        names: &["Численность населения", "Население", "Численность"],
        required: true,
    },
    Column {
        code: "approximate",
        names: &["Оценка", "Оценочно"],
        required: false,
    },
];

pub const CRIME: &[Column] = &[
    Column {
        code: "period",
        names: &["Период"],
        required: true,
    },
    MUNICIPALITY,
    Column {
        code: "registered",
        names: &["Зарегистрировано", "Зарегистрировано преступлений"],
        required: true,
    },
    Column {
        code: "solved",
        names: &["Раскрыто", "Раскрыто преступлений"],
        required: true,
    },
    Column {
        code: "damage",
        names: &["Ущерб, руб.", "Ущерб", "Ущерб, руб", "Ущерб (руб.)"],
        required: true,
    },
];

/// One year's population of one municipality, as the file gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PopulationRow {
    pub row: usize,
    pub municipality: String,
    pub year: i32,
    pub population: i64,
    pub approximate: bool,
}

/// One period's IT-crime figures of one municipality.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrimeRow {
    pub row: usize,
    pub municipality: String,
    pub period: Period,
    pub registered: i64,
    pub solved: i64,
    pub damage_kopecks: i64,
}

/// A table's good rows, its bad ones, and a warning about its columns.
#[derive(Debug)]
pub struct Checked<T> {
    pub rows: Vec<T>,
    pub errors: Vec<RowError>,
    pub warning: Option<String>,
}

fn check<T>(
    sheet: &Sheet,
    columns: &[Column],
    one: impl Fn(&Mapping, &Row) -> Result<T, String>,
) -> Result<Checked<T>, String> {
    let mapping = match_header(columns, &sheet.header)?;
    let (mut rows, mut errors) = (Vec::new(), Vec::new());
    for r in &sheet.rows {
        match one(&mapping, r) {
            Ok(t) => rows.push(t),
            Err(reason) => errors.push(RowError {
                row: r.number,
                reason,
            }),
        }
    }
    Ok(Checked {
        rows,
        errors,
        warning: mapping.warning(),
    })
}

fn municipality(m: &Mapping, r: &Row) -> Result<String, String> {
    let name = crate::ru::squash(m.get(r, "municipality"));
    if name.is_empty() {
        return Err("не указано муниципальное образование".into());
    }
    Ok(name)
}

fn number(m: &Mapping, r: &Row, code: &str, what: &str) -> Result<i64, String> {
    let raw = m.get(r, code);
    cell::count(raw).ok_or_else(|| match raw {
        "" => format!("не указано: {what}"),
        _ => format!("{what} — «{raw}» не целое неотрицательное число"),
    })
}

/// The rows of a population table; an error when its columns are wrong.
pub fn population(sheet: &Sheet) -> Result<Checked<PopulationRow>, String> {
    check(sheet, POPULATION, |m, r| {
        let municipality = municipality(m, r)?;
        let year = number(m, r, "year", "год")?;
        if !(1990..=2100).contains(&year) {
            return Err(format!("год {year} вне 1990–2100"));
        }
        let population = number(m, r, "population", "численность населения")?;
        let raw = m.get(r, "approximate");
        let approximate =
            cell::yes(raw).ok_or_else(|| format!("оценка — «{raw}»: пишите «да» или «нет»"))?;
        Ok(PopulationRow {
            row: r.number,
            municipality,
            year: year as i32,
            population,
            approximate,
        })
    })
}

/// The rows of a crime-statistics table; an error when its columns are wrong.
pub fn crime(sheet: &Sheet) -> Result<Checked<CrimeRow>, String> {
    check(sheet, CRIME, |m, r| {
        let raw = m.get(r, "period");
        let period = crate::time::period_words::parse(raw).map_err(|_| match raw {
            "" => "не указан период".to_string(),
            _ => format!(
                "период «{raw}» не распознан: пишите «I квартал 2020», «2020-Q1» или «2020»"
            ),
        })?;
        let municipality = municipality(m, r)?;
        let registered = number(m, r, "registered", "зарегистрировано")?;
        let solved = number(m, r, "solved", "раскрыто")?;
        let raw = m.get(r, "damage");
        let damage_kopecks = cell::kopecks(raw).ok_or_else(|| match raw {
            "" => "не указан ущерб".to_string(),
            _ => format!("ущерб «{raw}» не сумма в рублях (пример: 1 234 567,89)"),
        })?;
        Ok(CrimeRow {
            row: r.number,
            municipality,
            period,
            registered,
            solved,
            damage_kopecks,
        })
    })
}
