//! One truth for every status and figure: a quarter with a returned report,
//! a report returned and sent again late, and one sent again in time, read
//! back from the dashboard, the consolidated .docx and .xlsx and the API,
//! which agree with each other and with rates computed here by hand.

use crate::helpers::{TestDb, on_both_engines, zip_entry};
use crate::web_client::{App, Client};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use std::collections::BTreeMap;
use tower::ServiceExt;

on_both_engines!(every_surface_tells_the_same_story);

const P: &str = "Прокуратура округа";
const U: &str = "УМВД России по ХМАО-Югре";
const S: &str = "СУ СК России по ХМАО-Югре";
const DONE_ON_TIME: &str = "исполнено в срок";
const DONE_LATE: &str = "исполнено с нарушением срока";
const RETURNED: &str = "на доработке";
const NO_INFORMATION: &str = "Информация не представлена";
/// Every due date of the quarter (12.10.2020, 30.09 for measure 14) has passed.
const NOW: &str = "2020-11-01T00:00:00Z";

/// Submits the report on `measure` as the signed-in executor, filling every metric.
async fn submit(app: &App, e: &mut Client, path: &str, measure: i32, body: &str) {
    let defs = dozor::plan::store::metrics_of(&app.state.db, measure)
        .await
        .unwrap();
    let names: Vec<String> = defs.iter().map(|d| format!("metric_{}", d.key)).collect();
    let mut fields: Vec<(&str, &str)> = vec![("body", body), ("action", "submit")];
    fields.extend(names.iter().map(|n| (n.as_str(), "1")));
    e.get(path).await;
    let r = e.post(path, &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.body);
}

async fn decide(c: &mut Client, path: &str, accept: bool) {
    c.get(path).await;
    let r = if accept {
        c.post(&format!("{path}/accept"), &[]).await
    } else {
        c.post(&format!("{path}/return"), &[("comment", "Дополните")])
            .await
    };
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.body);
}

async fn download(app: &App, path: &str, token: &str) -> Vec<u8> {
    let req = Request::get(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The text of every `<w:t>` (or `<t>`) element in `xml`, joined.
fn texts(xml: &str, tag: &str) -> String {
    let mut out = String::new();
    let (plain, with_attrs, close) = (format!("<{tag}>"), format!("<{tag} "), format!("</{tag}>"));
    let mut rest = xml;
    while let Some(i) = [rest.find(&plain), rest.find(&with_attrs)]
        .into_iter()
        .flatten()
        .min()
    {
        let open_end = i + rest[i..].find('>').unwrap() + 1;
        if rest[..open_end].ends_with("/>") {
            rest = &rest[open_end..];
            continue;
        }
        let end = open_end + rest[open_end..].find(&close).unwrap();
        out.push_str(&unescape(&rest[open_end..end]));
        rest = &rest[end + close.len()..];
    }
    out
}

/// A .docx table as rows of cells of paragraphs.
fn docx_table(tbl: &str) -> Vec<Vec<Vec<String>>> {
    tbl.split("</w:tr>")
        .filter(|r| r.contains("<w:tc"))
        .map(|row| {
            row.split("</w:tc>")
                .filter(|c| c.contains("<w:p"))
                .map(|cell| {
                    cell.split("</w:p>")
                        .filter(|p| p.contains("<w:p"))
                        .map(|p| texts(p, "w:t"))
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// The .xlsx sheet as rows of (column letters → text or number as written).
fn xlsx_sheet(book: &[u8], sheet: &str) -> Vec<BTreeMap<String, String>> {
    let shared: Vec<String> = zip_entry(book, "xl/sharedStrings.xml")
        .split("</si>")
        .filter(|s| s.contains("<si"))
        .map(|s| texts(s, "t"))
        .collect();
    let xml = zip_entry(book, &format!("xl/worksheets/{sheet}.xml"));
    xml.split("</row>")
        .filter(|r| r.contains("<row"))
        .map(|row| {
            let mut cells = BTreeMap::new();
            for c in row.split("<c ").skip(1) {
                let attrs = &c[..c.find('>').unwrap()];
                let attr = |name: &str| {
                    attrs
                        .split_once(&format!("{name}=\""))
                        .map(|(_, v)| v.split('"').next().unwrap().to_owned())
                };
                let col: String = attr("r")
                    .unwrap()
                    .chars()
                    .take_while(char::is_ascii_alphabetic)
                    .collect();
                let value = texts(c, "v");
                let value = match attr("t").as_deref() {
                    Some("s") => shared[value.parse::<usize>().unwrap()].clone(),
                    _ => value,
                };
                cells.insert(col, value);
            }
            cells
        })
        .collect()
}

async fn every_surface_tells_the_same_story(t: &TestDb) {
    let app = App::new(t).await;
    let (p, u) = (app.agency(P).await, app.agency("УМВД").await);
    let (m1, m2, m4) = (
        app.measure_id("1").await,
        app.measure_id("2").await,
        app.measure_id("4").await,
    );
    let path = |m: i32, a: i32| format!("/reports/{m}/{a}/2020-Q3");
    let day = |d: &str| format!("2020-{d}T05:00:00Z");
    let (mut prok, mut umvd) = (app.login("prok").await, app.login("umvd").await);
    let mut coord = app.login("coord").await;
    // The quarter (due 12.10.2020):
    // 1/P: sent 05.10, accepted — on time.
    app.at(&day("10-05"));
    submit(&app, &mut prok, &path(m1, p), m1, "Опубликовано 12 статей").await;
    app.at(&day("10-06"));
    decide(&mut coord, &path(m1, p), true).await;
    // 1/U: sent 01.10 (on time), returned 02.10, never sent again.
    app.at(&day("10-01"));
    submit(&app, &mut umvd, &path(m1, u), m1, "Первый вариант полиции").await;
    app.at(&day("10-02"));
    decide(&mut coord, &path(m1, u), false).await;
    // 4/P: sent 05.10, returned 07.10, sent again 20.10 — late.
    app.at(&day("10-05"));
    submit(&app, &mut prok, &path(m4, p), m4, "Уроки в школах").await;
    app.at(&day("10-07"));
    decide(&mut coord, &path(m4, p), false).await;
    app.at(&day("10-20"));
    submit(&app, &mut prok, &path(m4, p), m4, "Уроки в 12 школах").await;
    // 2/U: sent 03.10, returned 04.10, sent again 08.10 — on time.
    app.at(&day("10-03"));
    submit(&app, &mut umvd, &path(m2, u), m2, "Вышли две передачи").await;
    app.at(&day("10-04"));
    decide(&mut coord, &path(m2, u), false).await;
    app.at(&day("10-08"));
    submit(&app, &mut umvd, &path(m2, u), m2, "Вышли три передачи").await;
    app.at(NOW);

    // By hand: 38 obligations in the quarter, all past due (P 14, U 12,
    // S 12); complete: 1/P, 4/P, 2/U; on time: 1/P, 2/U.
    let expected_marks: BTreeMap<(String, &str), &str> = [
        (("1".to_owned(), P), DONE_ON_TIME),
        (("1".to_owned(), U), RETURNED),
        (("4".to_owned(), P), DONE_LATE),
        (("2".to_owned(), U), DONE_ON_TIME),
    ]
    .into();
    // (agency, due, complete, on time); percents: complete·100/due.
    let by_hand = [(P, 14, 2, 1), (U, 12, 1, 1), (S, 12, 0, 0)];
    let total = (38, 3, 2);

    // The dashboard.
    let dash = coord.get("/dashboard?period=2020-Q3").await.body;
    let pct = |part: u32, whole: u32| {
        dozor::ru::percent(Some(f64::from(part) * 100.0 / f64::from(whole)))
    };
    for (agency, due, complete, on_time) in by_hand {
        // The agency's row: its counts, then the rates' denominator and rates.
        let at = dash.find(&format!("<tr><td>{agency}</td>")).expect(agency);
        let row = &dash[at..at + dash[at..].find("</tr>").unwrap() + 5];
        let rates = format!(
            "<td>{due}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            pct(complete, due),
            pct(on_time, due),
            pct(on_time, due),
        );
        assert!(row.ends_with(&rates), "{row} ≠ …{rates}");
    }
    let (due, complete, on_time) = total;
    assert_eq!(pct(complete, due), "7,9 %", "3 of 38");
    assert_eq!(pct(on_time, due), "5,3 %", "2 of 38");
    let overall = format!(
        "<td>{due}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        pct(complete, due),
        pct(on_time, due),
        pct(on_time, due),
    );
    let at = dash
        .find("<tr class=\"total\"><td>Всего</td>")
        .expect("the total");
    let total_row = &dash[at..at + dash[at..].find("</tr>").unwrap() + 5];
    assert!(total_row.ends_with(&overall), "{total_row} ≠ …{overall}");
    assert!(
        dash.contains("представлено 3 из 38"),
        "the returned one is not counted"
    );
    let cell = |m: i32, a: i32, label: &str| format!("href=\"{}\" title=\"{label}\"", path(m, a));
    assert!(dash.contains(&cell(m1, u, "возвращён на доработку")));
    assert!(dash.contains(&cell(m4, p, "представлен с опозданием")));
    assert!(dash.contains(&cell(m2, u, "представлен в срок")));
    assert!(dash.contains(&cell(m1, p, "принят")));

    // The API.
    let token = coord.new_token().await;
    let mut api = app.client();
    let (status, obs) = api
        .api("GET", "/api/v1/obligations?period=2020-Q3", &token, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let obs = obs.as_array().unwrap();
    assert_eq!(obs.len(), 38);
    let complete_in_api = obs.iter().filter(|o| o["complete"] == true).count();
    assert_eq!(complete_in_api, 3);
    let (status, rates) = api
        .api("GET", "/api/v1/rates?period=2020-Q3", &token, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{rates}");
    let lines = rates["agencies"].as_array().unwrap();
    for (agency, due, complete, on_time) in by_hand {
        let line = lines.iter().find(|l| l["agency"] == agency).unwrap();
        let figures = [&line["due"], &line["complete"], &line["on_time"]];
        assert_eq!(figures, [due, complete, on_time], "{agency}: {line}");
        assert!(line["completeness"].as_f64().unwrap() <= 100.0);
    }
    let o = &rates["overall"];
    let (due, complete, on_time) = total;
    assert_eq!(
        [&o["due"], &o["complete"], &o["on_time"]],
        [due, complete, on_time]
    );
    let find = |m: i32, a: i32| {
        obs.iter()
            .find(|o| o["measure_id"] == m && o["agency_id"] == a)
            .unwrap()
    };
    let returned = find(m1, u);
    assert_eq!(
        (
            &returned["status"],
            &returned["complete"],
            &returned["mark"]
        ),
        (&"returned".into(), &false.into(), &RETURNED.into())
    );
    let again = find(m4, p);
    assert_eq!(
        (&again["status"], &again["mark"]),
        (&"submitted_late".into(), &DONE_LATE.into())
    );
    assert_ne!(
        again["first_submitted_at"], again["submitted_at"],
        "the first submission is kept beside the one that stands"
    );
    assert_eq!(find(m2, u)["status"], "submitted_on_time");
    assert_eq!(find(m1, p)["mark"], DONE_ON_TIME);
    for o in obs {
        let done = o["mark"].as_str().unwrap().starts_with("исполнено");
        assert_eq!(done, o["complete"] == true, "{o}");
    }
    let api_marks: BTreeMap<(String, String), String> = obs
        .iter()
        .map(|o| {
            (
                (
                    o["measure"].as_str().unwrap().to_owned(),
                    o["agency"].as_str().unwrap().to_owned(),
                ),
                o["mark"].as_str().unwrap().to_owned(),
            )
        })
        .collect();

    // The .xlsx: a row per obligation; text and mark agree, and so do the API
    // and the hand count.
    let book = download(
        &app,
        "/reports/consolidated?period=2020-Q3&format=xlsx",
        &token,
    )
    .await;
    let mut seen = 0;
    // Below the heading, the date and number, and the header row.
    for row in xlsx_sheet(&book, "sheet1").iter().skip(3) {
        let (Some(number), Some(agency), Some(text), Some(mark)) =
            (row.get("A"), row.get("D"), row.get("E"), row.get("F"))
        else {
            continue;
        };
        seen += 1;
        let done = mark.starts_with("исполнено");
        assert_eq!(
            done,
            text != NO_INFORMATION,
            "{number} {agency}: {text} / {mark}"
        );
        let expected = expected_marks
            .get(&(number.clone(), agency.as_str()))
            .copied()
            .unwrap_or("не исполнено");
        assert_eq!(mark, expected, "{number} {agency}");
        let in_api = api_marks.get(&(number.clone(), agency.clone()));
        assert_eq!(in_api, Some(mark), "{number} {agency}");
    }
    assert_eq!(seen, 38);
    let summary = xlsx_sheet(&book, "sheet2");
    for (row, (agency, due, complete, on_time)) in summary.iter().skip(1).zip(by_hand) {
        let got: Vec<&str> = ["A", "B", "C", "E"]
            .iter()
            .map(|c| row.get(*c).map_or("", String::as_str))
            .collect();
        let want = [
            agency.to_owned(),
            due.to_string(),
            complete.to_string(),
            on_time.to_string(),
        ];
        assert_eq!(got, want, "xlsx summary");
    }

    // The .docx: per measure, each agency's information beside its mark.
    let docx = download(
        &app,
        "/reports/consolidated?period=2020-Q3&format=docx",
        &token,
    )
    .await;
    let doc = zip_entry(&docx, "word/document.xml");
    let tables: Vec<&str> = doc
        .split("</w:tbl>")
        .filter(|t| t.contains("<w:tbl"))
        .collect();
    assert_eq!(tables.len(), 2, "the measures and the summary");
    let mut entries = 0;
    for row in docx_table(tables[0]).iter().skip(1) {
        let [number, _, _, _, info, marks] = &row[..] else {
            panic!("{row:?}")
        };
        let number = &number[0];
        for line in marks {
            let Some((agency, mark)) = line.split_once(": ") else {
                continue; // not scheduled in the period
            };
            entries += 1;
            // The agency's information: the paragraphs after its name.
            let at = info.iter().position(|x| x == agency).unwrap();
            let text = &info[at + 1];
            let done = mark.starts_with("исполнено");
            assert_eq!(
                done,
                text != NO_INFORMATION,
                "{number} {agency}: {text} / {mark}"
            );
            let in_api = api_marks.get(&(number.clone(), agency.to_owned()));
            assert_eq!(in_api.map(String::as_str), Some(mark), "{number} {agency}");
        }
    }
    assert_eq!(entries, 38);
    let summary = docx_table(tables[1]);
    for (row, (agency, due, complete, on_time)) in summary.iter().skip(1).zip(by_hand) {
        let got: Vec<&str> = row.iter().map(|c| c[0].as_str()).collect();
        let docx_pct = |part: u32| {
            format!("{:.1}", f64::from(part) * 100.0 / f64::from(due)).replace('.', ",")
        };
        let want = [
            agency.to_owned(),
            due.to_string(),
            complete.to_string(),
            docx_pct(complete),
            on_time.to_string(),
            docx_pct(on_time),
        ];
        assert_eq!(got, want, "docx summary");
    }
}
