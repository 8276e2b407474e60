//! Reads the "Срок исполнения" column: "Постоянно", "Ежеквартально",
//! "3 квартал 2020 года", "до 01.07.2020" and their kin. Case and punctuation
//! do not matter; a phrase it cannot read is `Unrecognized`, never an error.

use super::model::Schedule;
use crate::time::period::{Every, period_end};
use chrono::{Datelike, NaiveDate};

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    Num(u32),
    Date(NaiveDate),
}

/// Parses one schedule phrase.
pub fn parse(text: &str) -> Schedule {
    let toks = tokenize(text);
    let mut p = Parser { toks, pos: 0 };
    let schedule = p.phrase();
    match schedule {
        Some(s) if p.at_end() => s,
        _ => Schedule::Unrecognized,
    }
}

fn tokenize(text: &str) -> Vec<Tok> {
    let lower = text.to_lowercase().replace('ё', "е").replace('і', "i");
    let mut raw: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut kind_digit = false;
    let flush = |cur: &mut String, raw: &mut Vec<String>| {
        if !cur.is_empty() {
            raw.push(std::mem::take(cur));
        }
    };
    for c in lower.chars() {
        let digit = c.is_ascii_digit();
        if c.is_alphanumeric() {
            if !cur.is_empty() && digit != kind_digit {
                flush(&mut cur, &mut raw);
            }
            kind_digit = digit;
            cur.push(c);
        } else {
            flush(&mut cur, &mut raw);
            // Keep dots and slashes between digits so that dates survive.
            if (c == '.' || c == '/') && kind_digit {
                raw.push(".".into());
            }
        }
    }
    flush(&mut cur, &mut raw);
    merge_dates(raw)
}

/// Turns `dd . mm . yyyy` runs into dates, numbers into `Num`, and drops
/// the noise words that only decorate a year or an ordinal.
fn merge_dates(raw: Vec<String>) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        if let Some(d) = date_at(&raw[i..]) {
            out.push(Tok::Date(d));
            i += 5;
            continue;
        }
        let t = &raw[i];
        i += 1;
        if t == "." {
            continue;
        }
        if let Ok(n) = t.parse::<u32>() {
            if t.len() <= 4 {
                out.push(Tok::Num(n));
            } else {
                out.push(Tok::Word(t.clone()));
            }
            continue;
        }
        let prev_is_num = matches!(out.last(), Some(Tok::Num(_)));
        let year_word = matches!(t.as_str(), "г" | "гг" | "года" | "год" | "году" | "годов");
        let ordinal = matches!(t.as_str(), "го" | "й" | "ое" | "ого");
        let after_year = matches!(out.last(), Some(Tok::Num(n)) if *n >= 1000)
            || matches!(out.last(), Some(Tok::Date(_)));
        if (prev_is_num && ordinal) || (year_word && after_year) {
            continue;
        }
        out.push(Tok::Word(t.clone()));
    }
    out
}

fn date_at(raw: &[String]) -> Option<NaiveDate> {
    if raw.len() < 5 || raw[1] != "." || raw[3] != "." {
        return None;
    }
    let d: u32 = raw[0].parse().ok()?;
    let m: u32 = raw[2].parse().ok()?;
    let y: i32 = match raw[4].len() {
        4 => raw[4].parse().ok()?,
        2 => 2000 + raw[4].parse::<i32>().ok()?,
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn at_end(&self) -> bool {
        self.pos >= self.toks.len()
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn word(&mut self, options: &[&str]) -> bool {
        match self.peek() {
            Some(Tok::Word(w)) if options.contains(&w.as_str()) => {
                self.pos += 1;
                true
            }
            _ => false,
        }
    }

    fn words(&mut self, seq: &[&str]) -> bool {
        let start = self.pos;
        for w in seq {
            if !self.word(&[w]) {
                self.pos = start;
                return false;
            }
        }
        true
    }

    fn num(&mut self) -> Option<u32> {
        match self.peek() {
            Some(Tok::Num(n)) => {
                let n = *n;
                self.pos += 1;
                Some(n)
            }
            _ => None,
        }
    }

    fn year(&mut self) -> Option<i32> {
        match self.peek() {
            Some(Tok::Num(n)) if (1990..=2100).contains(n) => {
                let y = *n as i32;
                self.pos += 1;
                Some(y)
            }
            _ => None,
        }
    }

    /// An ordinal in Arabic or Roman figures.
    fn ordinal(&mut self) -> Option<u32> {
        if let Some(n) = self.num() {
            return Some(n);
        }
        let roman = match self.peek() {
            Some(Tok::Word(w)) => match w.as_str() {
                "i" => 1,
                "ii" => 2,
                "iii" => 3,
                "iv" => 4,
                _ => return None,
            },
            _ => return None,
        };
        self.pos += 1;
        Some(roman)
    }

    fn phrase(&mut self) -> Option<Schedule> {
        if self.word(&["постоянно"]) || self.words(&["на", "постоянной", "основе"])
        {
            let (from, to) = self.limits()?;
            return Some(Schedule::Continuous { from, to });
        }
        if let Some(every) = self.recurring() {
            let due_day = self.due_day_clause();
            let (from, to) = self.limits()?;
            let due_day = due_day.or_else(|| self.due_day_clause());
            return Some(Schedule::Recurring {
                every,
                due_day,
                from,
                to,
            });
        }
        if self.words(&["по", "мере", "необходимости"])
            || self.words(&["по", "необходимости"])
            || self.words(&["по", "мере", "поступления"])
        {
            return Some(Schedule::OnDemand);
        }
        if self.words(&["в", "течение"]) {
            let (from, to) = self.year_span()?;
            return Some(Schedule::Continuous {
                from: Some(from),
                to: Some(to),
            });
        }
        self.once().map(|due| Schedule::Once { due })
    }

    fn recurring(&mut self) -> Option<Every> {
        let every = match self.peek() {
            Some(Tok::Word(w)) => match w.as_str() {
                "ежемесячно" => Some(Every::Month),
                "ежеквартально" => Some(Every::Quarter),
                "ежеполугодно" | "ежеполугодие" => Some(Every::HalfYear),
                "ежегодно" => Some(Every::Year),
                _ => None,
            },
            _ => None,
        };
        if every.is_some() {
            self.pos += 1;
            return every;
        }
        let start = self.pos;
        let one = self.num() == Some(1) || self.word(&["один"]);
        if !one {
            self.pos = start;
        }
        if self.words(&["раз", "в"]) {
            let unit = match self.peek() {
                Some(Tok::Word(w)) => match w.as_str() {
                    "месяц" => Some(Every::Month),
                    "квартал" => Some(Every::Quarter),
                    "полугодие" => Some(Every::HalfYear),
                    "год" => Some(Every::Year),
                    _ => None,
                },
                _ => None,
            };
            if unit.is_some() {
                self.pos += 1;
                return unit;
            }
        }
        self.pos = start;
        None
    }

    /// "до 5 числа месяца, следующего за отчётным кварталом".
    fn due_day_clause(&mut self) -> Option<u8> {
        let start = self.pos;
        if !(self.word(&["до"]) || self.words(&["не", "позднее"])) {
            return None;
        }
        let day = self.num().filter(|d| (1..=31).contains(d));
        if day.is_none() || !self.word(&["числа"]) {
            self.pos = start;
            return None;
        }
        while self.word(&[
            "месяца",
            "следующего",
            "за",
            "отчетным",
            "отчетный",
            "кварталом",
            "периодом",
            "месяцем",
            "полугодием",
            "годом",
        ]) {}
        day.map(|d| d as u8)
    }

    /// An optional "в течение 2020 года" after a continuous or recurring word.
    fn limits(&mut self) -> Option<(Option<NaiveDate>, Option<NaiveDate>)> {
        if !self.words(&["в", "течение"]) {
            return Some((None, None));
        }
        if self.word(&["года", "год"]) {
            return Some((None, None));
        }
        let (from, to) = self.year_span()?;
        Some((Some(from), Some(to)))
    }

    /// "2020 года" or "2020 2021 годов".
    fn year_span(&mut self) -> Option<(NaiveDate, NaiveDate)> {
        let first = self.year()?;
        let last = self.year().unwrap_or(first);
        self.word(&["годов", "годы"]);
        if last < first {
            return None;
        }
        Some((year_start(first), year_end(last)))
    }

    fn once(&mut self) -> Option<NaiveDate> {
        self.word(&["в", "во"]);
        if self.word(&["до", "к"]) || self.words(&["не", "позднее"]) {
            return self.date();
        }
        if self.words(&["до", "конца"]) {
            return self.year().map(year_end);
        }
        let start = self.pos;
        if let Some(n) = self.ordinal() {
            if self.word(&["квартал", "квартале", "квартала"]) {
                let y = self.year()?;
                return (1..=4).contains(&n).then(|| period_end(y, n * 3))?;
            }
            if self.word(&["полугодие", "полугодии", "полугодия"]) {
                let y = self.year()?;
                return (1..=2).contains(&n).then(|| period_end(y, n * 6))?;
            }
        }
        self.pos = start;
        if let Some(y) = self.year() {
            if self.at_end() {
                return Some(year_end(y));
            }
            self.pos = start;
        }
        if let Some(m) = self.month_name() {
            let y = self.year()?;
            return period_end(y, m);
        }
        self.date()
    }

    fn date(&mut self) -> Option<NaiveDate> {
        if let Some(Tok::Date(d)) = self.peek() {
            let d = *d;
            self.pos += 1;
            return Some(d);
        }
        let day = self.num()?;
        let month = self.month_genitive()?;
        let year = self.year()?;
        NaiveDate::from_ymd_opt(year, month, day)
    }

    fn month_genitive(&mut self) -> Option<u32> {
        const MONTHS: [&str; 12] = [
            "января",
            "февраля",
            "марта",
            "апреля",
            "мая",
            "июня",
            "июля",
            "августа",
            "сентября",
            "октября",
            "ноября",
            "декабря",
        ];
        self.month_in(&MONTHS)
    }

    /// "декабрь 2020", "в декабре 2020 года".
    fn month_name(&mut self) -> Option<u32> {
        const NOMINATIVE: [&str; 12] = crate::ru::MONTHS;
        const PREPOSITIONAL: [&str; 12] = [
            "январе",
            "феврале",
            "марте",
            "апреле",
            "мае",
            "июне",
            "июле",
            "августе",
            "сентябре",
            "октябре",
            "ноябре",
            "декабре",
        ];
        self.month_in(&NOMINATIVE)
            .or_else(|| self.month_in(&PREPOSITIONAL))
    }

    fn month_in(&mut self, names: &[&str; 12]) -> Option<u32> {
        let Some(Tok::Word(w)) = self.peek() else {
            return None;
        };
        let i = names.iter().position(|m| m == w)?;
        self.pos += 1;
        Some(i as u32 + 1)
    }
}

fn year_start(y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(NaiveDate::MIN)
}

fn year_end(y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// Years the text names, for the plan's validity ("… на 2020 год").
pub fn years_named(text: &str) -> Vec<i32> {
    tokenize(text)
        .into_iter()
        .filter_map(|t| match t {
            Tok::Num(n) if (1990..=2100).contains(&n) => Some(n as i32),
            Tok::Date(d) => Some(d.year()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests;
