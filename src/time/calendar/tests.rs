//! The calendar: weekends, the holidays of art. 112 and their moved days off,
//! the TOML and production-calendar CSV files, the paid non-working days,
//! and parsing that never panics.

use super::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const TOML_2020: &str = include_str!("../../../examples/calendar-ru-2020.toml");
const CSV_2020: &str = include_str!("../../../examples/calendar-ru-2020.csv");

#[test]
fn weekends_move_to_monday() {
    let c = Calendar::default();
    assert_eq!(c.shift(d(2020, 10, 10), DueShift::Next), d(2020, 10, 12));
    assert_eq!(c.shift(d(2020, 10, 10), DueShift::Previous), d(2020, 10, 9));
    assert_eq!(c.shift(d(2020, 9, 30), DueShift::Next), d(2020, 9, 30));
}

#[test]
fn public_holidays_are_days_off() {
    let c = Calendar::default();
    // 10 January 2021 is a Sunday; 1–8 January are holidays.
    assert_eq!(c.shift(d(2021, 1, 10), DueShift::Next), d(2021, 1, 11));
    assert_eq!(c.shift(d(2021, 1, 1), DueShift::Next), d(2021, 1, 11));
    assert_eq!(c.shift(d(2021, 1, 8), DueShift::Previous), d(2020, 12, 31));
    for (m, day) in [(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)] {
        assert!(!c.is_working_day(d(2023, m, day)), "{m}-{day}");
    }
}

/// The built-in days off of a year's Mondays to Fridays that are not holidays.
fn moved_days_off(c: &Calendar, year: i32) -> Vec<NaiveDate> {
    let mut day = d(year, 1, 1);
    let mut out = Vec::new();
    while day.year() == year {
        if !is_weekend(day) && !is_fixed_holiday(day) && !c.is_working_day(day) {
            out.push(day);
        }
        day = day.succ_opt().unwrap();
    }
    out
}

#[test]
fn a_holiday_on_a_weekend_moves_the_day_off_in_2020() {
    let c = Calendar::default();
    assert_eq!(d(2020, 2, 23).weekday(), Weekday::Sun);
    assert_eq!(d(2020, 3, 8).weekday(), Weekday::Sun);
    assert_eq!(d(2020, 5, 9).weekday(), Weekday::Sat);
    // 4 and 5 January 2020 fell on a weekend too, but only a decree moves those.
    assert_eq!(d(2020, 1, 4).weekday(), Weekday::Sat);
    assert_eq!(
        moved_days_off(&c, 2020),
        [d(2020, 2, 24), d(2020, 3, 9), d(2020, 5, 11)]
    );
    assert_eq!(c.shift(d(2020, 2, 22), DueShift::Next), d(2020, 2, 25));
    assert_eq!(c.shift(d(2020, 3, 9), DueShift::Previous), d(2020, 3, 6));
    assert_eq!(c.shift(d(2020, 5, 9), DueShift::Next), d(2020, 5, 12));
}

#[test]
fn a_holiday_on_a_weekend_moves_the_day_off_in_other_years() {
    let c = Calendar::default();
    // 2021: 23.02 Tuesday, 8.03 Monday, 1.05 Saturday, 9.05 Sunday,
    // 12.06 Saturday, 4.11 Thursday.
    assert_eq!(d(2021, 5, 1).weekday(), Weekday::Sat);
    assert_eq!(d(2021, 5, 9).weekday(), Weekday::Sun);
    assert_eq!(d(2021, 6, 12).weekday(), Weekday::Sat);
    assert_eq!(d(2021, 11, 4).weekday(), Weekday::Thu);
    assert_eq!(
        moved_days_off(&c, 2021),
        [d(2021, 5, 3), d(2021, 5, 10), d(2021, 6, 14)]
    );
    // 2022: 8.03 Tuesday; 1.05 Sunday, 12.06 Sunday.
    assert_eq!(d(2022, 3, 8).weekday(), Weekday::Tue);
    assert_eq!(d(2022, 5, 1).weekday(), Weekday::Sun);
    assert_eq!(d(2022, 6, 12).weekday(), Weekday::Sun);
    assert_eq!(moved_days_off(&c, 2022), [d(2022, 5, 2), d(2022, 6, 13)]);
    // 2026: 8.03 Sunday, 9.05 Saturday.
    assert_eq!(d(2026, 3, 8).weekday(), Weekday::Sun);
    assert_eq!(d(2026, 5, 9).weekday(), Weekday::Sat);
    assert_eq!(moved_days_off(&c, 2026), [d(2026, 3, 9), d(2026, 5, 11)]);
    // 2027: 1.05 Saturday, 9.05 Sunday, 12.06 Saturday.
    assert_eq!(d(2027, 5, 1).weekday(), Weekday::Sat);
    assert_eq!(d(2027, 5, 9).weekday(), Weekday::Sun);
    assert_eq!(d(2027, 6, 12).weekday(), Weekday::Sat);
    assert_eq!(
        moved_days_off(&c, 2027),
        [d(2027, 5, 3), d(2027, 5, 10), d(2027, 6, 14)]
    );
    // 2024: no holiday but January's on a weekend — nothing moves.
    assert_eq!(moved_days_off(&c, 2024), []);
}

#[test]
fn calendar_file_adds_transfers() {
    let c = Calendar::from_toml("non_working = [2020-05-04]\nworking = [2021-02-20]\n").unwrap();
    assert_eq!(c.shift(d(2020, 5, 2), DueShift::Next), d(2020, 5, 5));
    assert!(c.is_working_day(d(2021, 2, 20)));
    assert!(!c.is_working_day(d(2020, 5, 4)));
    // A working date in the file wins over a moved day off.
    let c = Calendar::from_toml("working = [2020-05-11]").unwrap();
    assert!(c.is_working_day(d(2020, 5, 11)));
}

#[test]
fn shipped_2020_calendar() {
    let c = Calendar::from_toml(TOML_2020).unwrap();
    for day in [d(2020, 2, 24), d(2020, 3, 9), d(2020, 5, 4), d(2020, 5, 5)] {
        assert!(!c.is_working_day(day), "{day}");
    }
    assert_eq!(c.shift(d(2020, 5, 1), DueShift::Next), d(2020, 5, 6));
    assert_eq!(c.shift(d(2020, 5, 9), DueShift::Next), d(2020, 5, 12));
    // 2020 had 248 working days.
    let mut day = d(2020, 1, 1);
    let mut working = 0;
    while day.year() == 2020 {
        working += usize::from(c.is_working_day(day));
        day = day.succ_opt().unwrap();
    }
    assert_eq!(working, 248);
}

#[test]
fn paid_non_working_days_move_due_dates_only_when_asked() {
    let c = Calendar::from_toml(TOML_2020).unwrap();
    assert!(c.is_paid_non_working(d(2020, 4, 10)));
    assert!(c.is_paid_non_working(d(2020, 7, 1)));
    assert!(
        !c.is_paid_non_working(d(2020, 4, 11)),
        "a Saturday is a plain day off"
    );
    assert!(!c.is_paid_non_working(d(2020, 5, 4)));
    // By default 10 April 2020 is a working day for a due date…
    assert!(c.is_working_day(d(2020, 4, 10)));
    assert_eq!(c.shift(d(2020, 4, 10), DueShift::Next), d(2020, 4, 10));
    assert_eq!(
        c.shift_with(d(2020, 4, 10), DueShift::Next, PaidNonWorking::Working),
        d(2020, 4, 10)
    );
    // …and counted as days off it moves past the decreed weeks to 12 May.
    assert!(!c.is_working_day_with(d(2020, 4, 10), PaidNonWorking::DaysOff));
    assert_eq!(
        c.shift_with(d(2020, 4, 10), DueShift::Next, PaidNonWorking::DaysOff),
        d(2020, 5, 12)
    );
    assert_eq!(
        c.shift_with(d(2020, 4, 10), DueShift::Previous, PaidNonWorking::DaysOff),
        d(2020, 3, 27)
    );
    assert_eq!(
        c.shift_with(d(2020, 6, 24), DueShift::Next, PaidNonWorking::DaysOff),
        d(2020, 6, 25)
    );
}

#[test]
fn shipped_2020_csv_agrees_with_the_toml_file() {
    let csv = Calendar::from_csv(CSV_2020).unwrap();
    let toml = Calendar::from_toml(TOML_2020).unwrap();
    let mut day = d(2020, 1, 1);
    while day.year() == 2020 {
        assert_eq!(csv.is_working_day(day), toml.is_working_day(day), "{day}");
        day = day.succ_opt().unwrap();
    }
    // Shortened days (`30*`) are working days; `24+` are days off.
    assert!(csv.is_working_day(d(2020, 4, 30)));
    assert!(csv.is_working_day(d(2020, 12, 31)));
    assert!(!csv.is_working_day(d(2020, 2, 24)));
    // Years the CSV does not list keep the built-in rules.
    assert!(!csv.is_working_day(d(2021, 5, 3)));
}

const HEADER: &str = "Год/Месяц,Январь,Февраль,Март,Апрель,Май,Июнь,Июль,Август,Сентябрь,Октябрь,Ноябрь,Декабрь,Всего рабочих дней,Всего праздничных и выходных дней";

#[test]
fn a_csv_year_is_exactly_its_listed_days() {
    // Only 1 January and Saturday 4 January off: the rest of the year,
    // weekends and holidays included, works.
    let text = format!("{HEADER}\n2020,\"1,4\",,,,,,,,,,,\n");
    let c = Calendar::from_csv(&text).unwrap();
    assert!(!c.is_working_day(d(2020, 1, 1)));
    assert!(!c.is_working_day(d(2020, 1, 4)));
    assert!(c.is_working_day(d(2020, 1, 5)), "a Sunday not listed works");
    assert!(c.is_working_day(d(2020, 2, 24)), "no built-in transfer");
    assert!(c.is_working_day(d(2020, 3, 8)), "no built-in holiday");
    assert_eq!(c.shift(d(2020, 1, 4), DueShift::Next), d(2020, 1, 5));
}

fn csv_error(text: &str) -> (u64, usize, String) {
    match Calendar::from_csv(text) {
        Err(CalendarError::Csv {
            line,
            column,
            message,
        }) => (line, column, message),
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_csv_files_are_errors_with_line_and_column() {
    assert_eq!(csv_error("").0, 1);
    let (line, column, _) = csv_error("Год,Январь\n2020,1\n");
    assert_eq!((line, column), (1, 1));
    let (line, column, msg) = csv_error(&format!("{HEADER}\n2020,\"1,2\",\"3,x\",,,,,,,,,,\n"));
    assert_eq!((line, column), (2, 3));
    assert!(msg.contains("«x»") && msg.contains("Февраль"), "{msg}");
    let (line, column, _) = csv_error(&format!("{HEADER}\n2020,\"1\",\"30\",,,,,,,,,,\n"));
    assert_eq!((line, column), (2, 3), "there is no 30 February");
    let (line, column, _) = csv_error(&format!("{HEADER}\n\n2020,1,1\n"));
    assert_eq!((line, column), (3, 0), "too few cells");
    let e = Calendar::from_csv(&format!("{HEADER}\n\n2020,1,1\n")).unwrap_err();
    assert!(e.to_string().starts_with("calendar file, line 3: "), "{e}");
    let (line, column, _) = csv_error(&format!("{HEADER}\nтекст,,,,,,,,,,,,\n"));
    assert_eq!((line, column), (2, 1));
    let row = "2020,1,,,,,,,,,,,";
    let (line, _, msg) = csv_error(&format!("{HEADER}\n{row}\n{row}\n"));
    assert_eq!(line, 3);
    assert!(msg.contains("twice"), "{msg}");
    // Totals that disagree with the months.
    // (2020 is a leap year: 366 days, one of them off.)
    assert!(Calendar::from_csv(&format!("{HEADER}\n{row},365,1\n")).is_ok());
    let (line, column, msg) = csv_error(&format!("{HEADER}\n{row},366,1\n"));
    assert_eq!((line, column), (2, 14));
    assert!(msg.contains("366 working days"), "{msg}");
    let (_, column, _) = csv_error(&format!("{HEADER}\n{row},365,2\n"));
    assert_eq!(column, 15);
    assert_eq!(csv_error(&format!("{HEADER}\n")).0, 2, "no years");
    // The error names the line and column.
    let e = Calendar::from_csv(&format!("{HEADER}\n2020,\"1\",\"30\",,,,,,,,,,\n")).unwrap_err();
    assert!(e.to_string().contains("line 2, column 3"), "{e}");
    // A BOM and a trailing empty line are fine.
    assert!(Calendar::from_csv(&format!("\u{feff}{HEADER}\n{row}\n\n")).is_ok());
}

#[test]
fn the_format_comes_from_the_extension_or_the_content() {
    use std::path::Path;
    let f = CalendarFormat::detect;
    assert_eq!(
        f(Path::new("c.csv"), "non_working = []"),
        CalendarFormat::Csv
    );
    assert_eq!(f(Path::new("c.TOML"), HEADER), CalendarFormat::Toml);
    assert_eq!(f(Path::new("calendar"), HEADER), CalendarFormat::Csv);
    assert_eq!(
        f(Path::new("c.txt"), "\u{feff}\"Год/Месяц\",…"),
        CalendarFormat::Csv
    );
    assert_eq!(
        f(Path::new("calendar"), "working = []"),
        CalendarFormat::Toml
    );
    let parsed = Calendar::parse(CSV_2020, f(Path::new("x"), CSV_2020)).unwrap();
    assert_eq!(parsed, Calendar::from_csv(CSV_2020).unwrap());
}

#[test]
fn bad_calendar_files_are_errors() {
    assert!(Calendar::from_toml("non_working = [\"soon\"]").is_err());
    assert!(Calendar::from_toml("holidays = [2020-01-01]").is_err());
    assert!(Calendar::from_toml("working = [2020-01-01T10:00:00]").is_err());
    assert!(Calendar::from_toml("paid_non_working = [2020-02-30]").is_err());
    let e = Calendar::from_toml("working = [\n2020-01-01,\n 2020-13-01]").unwrap_err();
    assert!(e.to_string().contains("line 3"), "{e}");
}

#[test]
fn a_year_off_does_not_loop() {
    let all: Vec<String> = (0..800)
        .map(|i| (d(2020, 1, 1) + chrono::Days::new(i)).to_string())
        .collect();
    let c = Calendar::from_toml(&format!("non_working = [{}]", all.join(","))).unwrap();
    assert_eq!(c.shift(d(2020, 6, 1), DueShift::Next), d(2020, 6, 1));
    let c = Calendar::from_toml(&format!("paid_non_working = [{}]", all.join(","))).unwrap();
    assert_eq!(
        c.shift_with(d(2020, 6, 1), DueShift::Next, PaidNonWorking::DaysOff),
        d(2020, 6, 1)
    );
}

/// Text that looks like a production calendar, to get past the header.
fn csvish() -> impl Strategy<Value = String> {
    let cell = prop::collection::vec("[0-9]{0,3}[*+]?|x|", 0..6).prop_map(|v| v.join(","));
    let row = (
        prop_oneof!["[0-9]{1,5}", Just("2020".to_string()), ".{0,4}"],
        prop::collection::vec(cell, 0..16),
    )
        .prop_map(|(y, cells)| {
            let quoted: Vec<String> = cells.iter().map(|c| format!("\"{c}\"")).collect();
            format!("{y},{}", quoted.join(","))
        });
    (prop::collection::vec(row, 0..4), "[\"\r\n,]{0,3}")
        .prop_map(|(rows, tail)| format!("{HEADER}\n{}{tail}", rows.join("\n")))
}

proptest! {
    #[test]
    fn parsing_never_panics(text in ".{0,300}") {
        let _ = Calendar::from_csv(&text);
        let _ = Calendar::from_toml(&text);
    }

    #[test]
    fn parsing_csvish_text_never_panics(text in csvish()) {
        if let Ok(c) = Calendar::from_csv(&text) {
            let _ = c.shift(d(2020, 2, 29), DueShift::Next);
        }
    }
}
