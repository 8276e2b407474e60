//! Recognises the import form by content and parses a plan from bytes.

use super::model::ParsedPlan;
use super::table::{self, ParseOutput, PlanError};
use super::{csv, docx, odt, schedule, txt};
use crate::office::encoding::decode;
use chrono::NaiveDate;

/// The form a file turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Text,
    Docx,
    Odt,
    Csv,
}

/// Parses a plan from any of the three forms. `fallback_title` names a CSV,
/// which has no title lines; `title` overrides whatever the file says.
pub fn parse(
    bytes: &[u8],
    fallback_title: &str,
    title: Option<&str>,
) -> Result<(Form, ParseOutput), PlanError> {
    let (form, raw) = if odt::looks_like(bytes) {
        (Form::Odt, odt::read(bytes)?)
    } else if docx::looks_like(bytes) {
        (Form::Docx, docx::read(bytes)?)
    } else {
        // The signature of an OLE2 compound file: Word 97–2003 .doc.
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return Err(PlanError::LegacyDoc);
        }
        if bytes.contains(&0) {
            return Err(PlanError::NotAPlan(
                "a binary file, not text, .docx or CSV".into(),
            ));
        }
        let text = decode(bytes);
        if txt::looks_like(&text) {
            (Form::Text, txt::read(&text))
        } else {
            (Form::Csv, csv::read(&text, fallback_title)?)
        }
    };
    let mut out = table::build(raw)?;
    if let Some(t) = title {
        out.plan.title = crate::ru::squash(t);
    }
    if out.plan.title.is_empty() {
        out.plan.title = crate::ru::squash(fallback_title);
    }
    Ok((form, out))
}

/// The validity the plan names: from the first of its earliest year to the
/// last day of its latest, over the title and every schedule.
pub fn validity(plan: &ParsedPlan) -> Option<(NaiveDate, NaiveDate)> {
    let years: Vec<i32> = schedule::years_named(&plan.title)
        .into_iter()
        .chain(plan.measures.iter().flat_map(|m| m.schedule.years()))
        .collect();
    let first = *years.iter().min()?;
    let last = *years.iter().max()?;
    Some((
        NaiveDate::from_ymd_opt(first, 1, 1)?,
        NaiveDate::from_ymd_opt(last, 12, 31)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::model::Schedule;
    use proptest::prelude::*;

    fn parse_text(s: &str) -> Result<ParseOutput, PlanError> {
        parse(s.as_bytes(), "fallback", None).map(|(_, out)| out)
    }

    #[test]
    fn short_headers_continuations_and_trailing_text() {
        let text = "ПЛАН\r\nна 2021 год\r\n\tN\r\n\tМероприятие\r\n\tСрок\r\n\tИсполнители\r\n\r\n\
            \t1\t2\t3\t4\r\n\r\n\t1.1.\r\n\tПровести   лекции\r\nв школах\r\n\tЕжеквартально,\r\n\
            до 5 числа месяца, следующего за отчетным кварталом\r\n\tУМВД России по ХМАО-Югре\r\n\
            СУ СК России по ХМАО-Югре (по согласованию)\r\n\r\nПрокурор округа          подпись\r\n";
        let out = parse_text(text).unwrap();
        assert_eq!(out.plan.title, "ПЛАН на 2021 год");
        let m = &out.plan.measures[0];
        assert_eq!(m.number, "1.1");
        assert_eq!(m.title, "Провести лекции в школах");
        assert!(matches!(
            m.schedule,
            Schedule::Recurring {
                due_day: Some(5),
                ..
            }
        ));
        let names: Vec<_> = m
            .executors
            .iter()
            .map(|e| (e.name.as_str(), e.by_agreement))
            .collect();
        assert_eq!(
            names,
            [
                ("УМВД России по ХМАО-Югре", false),
                ("СУ СК России по ХМАО-Югре", true)
            ]
        );
        assert_eq!(out.plan.measures.len(), 1);
        assert_eq!(
            validity(&out.plan).map(|v| v.0.to_string()),
            Some("2021-01-01".into())
        );
    }

    #[test]
    fn windows_1251_text_form_is_read() {
        let text = "ПЛАН\n\t№\n\tМероприятие\n\tСрок\n\tИсполнители\n\n\t1.\n\tЛекции\n\tПостоянно\n\tУМВД\n";
        let bytes: Vec<u8> = text
            .chars()
            .map(|c| match c {
                'А'..='я' => (c as u32 - 0x410 + 0xc0) as u8,
                '№' => 0xb9,
                c => c as u8,
            })
            .collect();
        let (_, out) = parse(&bytes, "x", None).unwrap();
        assert_eq!(out.plan.measures[0].title, "Лекции");
    }

    #[test]
    fn unrecognised_schedule_warns_and_imports() {
        let out = parse_text(
            "T\n\t№\n\tМероприятие\n\tСрок\n\tИсполнители\n\n\t7.\n\tX\n\tкак пойдёт\n\tУМВД\n",
        )
        .unwrap();
        assert_eq!(out.plan.measures[0].schedule, Schedule::Unrecognized);
        assert!(out.warnings[0].contains("measure 7"), "{:?}", out.warnings);
    }

    #[test]
    fn malformed_tables_are_errors() {
        let head = "T\n\t№\n\tМероприятие\n\tСрок\n\tИсполнители\n\n";
        assert_eq!(parse_text(head).unwrap_err(), PlanError::EmptyTable);
        let dup =
            format!("{head}\t1\n\tA\n\tПостоянно\n\tУМВД\n\n\t1.\n\tB\n\tПостоянно\n\tУМВД\n");
        assert!(matches!(
            parse_text(&dup),
            Err(PlanError::DuplicateNumber { .. })
        ));
        let untitled = format!("{head}\t1\n\t \n\tПостоянно\n\tУМВД\n");
        assert!(matches!(
            parse_text(&untitled),
            Err(PlanError::EmptyTitle { .. })
        ));
        assert!(matches!(parse_text(""), Err(PlanError::NotAPlan(_))));
        let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        doc.extend_from_slice(&[0; 504]);
        let err = parse(&doc, "x", None).unwrap_err();
        assert_eq!(err, PlanError::LegacyDoc);
        assert!(err.ru().contains("сохраните как .docx"), "{}", err.ru());
        assert!(matches!(
            parse(b"PK\x03\x04garbage", "x", None),
            Err(PlanError::UnreadableDocx(_))
        ));
    }

    #[test]
    fn text_and_csv_section_rows_head_the_measures_below() {
        let text = "T\n\t№\n\tМероприятие\n\tСрок\n\tИсполнители\n\n\t1\n\t2\n\t3\n\t4\n\n\
            \tРаздел 1. Профилактика\n\n\t1.\n\tЛекции\n\tПостоянно\n\tУМВД\n\n\
            \t\n\tРаздел 2. Информирование\n\t\n\t\n\n\t2.\n\tПамятки\n\tПостоянно\n\tУМВД\n";
        let csv = "№;Мероприятие;Срок;Исполнители\nРаздел 1. Профилактика;;;\n1.;Лекции;Постоянно;УМВД\n\
            Раздел 2. Информирование\n2.;Памятки;Постоянно;УМВД\n";
        for (form, body) in [(Form::Text, text), (Form::Csv, csv)] {
            let (got_form, out) = parse(body.as_bytes(), "x", None).unwrap();
            assert_eq!(got_form, form);
            let got: Vec<_> = out
                .plan
                .measures
                .iter()
                .map(|m| (m.number.as_str(), m.title.as_str(), m.section.as_deref()))
                .collect();
            assert_eq!(
                got,
                [
                    ("1", "Лекции", Some("Раздел 1. Профилактика")),
                    ("2", "Памятки", Some("Раздел 2. Информирование")),
                ],
                "{form:?}"
            );
        }
        // A number alone is an untitled measure, not a section.
        let lone = "№,Мероприятие,Срок,Исполнители\n3.,,,\n";
        assert!(matches!(
            parse_text(lone),
            Err(PlanError::EmptyTitle { .. })
        ));
    }

    #[test]
    fn sections_stay_out_of_json_when_absent() {
        let out = parse_text(
            "T\n\t№\n\tМероприятие\n\tСрок\n\tИсполнители\n\n\t1.\n\tX\n\tПостоянно\n\tУМВД\n",
        )
        .unwrap();
        let json = serde_json::to_string(&out.plan.measures[0]).unwrap();
        assert!(!json.contains("section"), "{json}");
        let mut m = out.plan.measures[0].clone();
        m.section = Some("Раздел".into());
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.contains(r#""section":"Раздел""#), "{json}");
    }

    proptest! {
        #[test]
        fn never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = parse(&bytes, "x", None);
        }

        /// Bytes behind the zip signature go through the bounded reader.
        #[test]
        fn never_panics_on_would_be_docx(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let mut docx = b"PK\x03\x04".to_vec();
            docx.extend_from_slice(&bytes);
            docx.extend_from_slice(b"PK\x05\x06");
            let _ = parse(&docx, "x", None);
        }

        #[test]
        fn never_panics_on_table_like_text(
            lines in proptest::collection::vec(
                "(\t|\t\t)?(№|N|Мероприятие|Срок|Исполнители|[0-9.]{1,4}|Постоянно|\\PC{0,20})?", 0..30)
        ) {
            let _ = parse(lines.join("\n").as_bytes(), "x", None);
        }

        #[test]
        fn never_panics_on_csv_like_text(
            rows in proptest::collection::vec("[^\r]{0,30}(,|;|\t)[^\r]{0,30}(,|;|\t)\"?[^\r]{0,10}", 0..10)
        ) {
            let text = format!("№,Мероприятие,Срок,Исполнители\n{}", rows.join("\n"));
            let _ = parse(text.as_bytes(), "x", None);
        }
    }
}
