//! The `dozor` binary end to end: exit codes, stdout JSON, stderr messages.

use crate::helpers::{SEED, TestDb, data, on_both_engines};
use serde_json::Value;
use std::process::{Command, Output};

/// The most a command may take here: a hung one fails its test instead of
/// holding the whole suite.
const COMMAND_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);

pub fn dozor(t: &TestDb, args: &[&str]) -> Output {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dozor"))
        .args(["--database-url", &t.url])
        .args(args)
        .env_remove("DOZOR_CONFIG")
        .env_remove("DOZOR_CALENDAR")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for the binary") {
            break status;
        }
        if started.elapsed() > COMMAND_LIMIT {
            let _ = child.kill();
            panic!(
                "`dozor {}` did not finish in {COMMAND_LIMIT:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn ok(t: &TestDb, args: &[&str]) -> String {
    let out = dozor(t, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

pub(crate) fn fails(t: &TestDb, args: &[&str]) -> String {
    let out = dozor(t, args);
    assert!(!out.status.success(), "{args:?} should fail");
    assert!(out.stdout.is_empty(), "nothing on stdout when failing");
    String::from_utf8(out.stderr).expect("UTF-8 stderr")
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

fn stored_plans(t: &TestDb) -> usize {
    json(&ok(t, &["plan", "list", "--json"]))
        .as_array()
        .map_or(0, Vec::len)
}

on_both_engines!(sqlite_file;
    import_then_due,
    bad_input_stores_nothing,
);

async fn import_then_due(t: &TestDb) {
    let out = dozor(t, &["plan", "import", SEED]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("imported as plan 1"), "{stderr}");
    let q3 = json(&ok(t, &["plan", "due", "2020-Q3", "--json"]));
    let q3 = q3.as_array().unwrap();
    assert_eq!(q3.len(), 38);
    for o in q3 {
        let expected = if o["measure"] == "14" {
            "2020-09-30"
        } else {
            "2020-10-12"
        };
        assert_eq!(o["due"], expected, "{o}");
        assert_eq!(o["period"], "2020-Q3");
    }
    assert_eq!(q3[0]["measure"], "1");
    assert_eq!(q3[0]["agency"], "Прокуратура округа");
    assert_eq!(q3[1]["agency"], "УМВД России по ХМАО-Югре");
    assert_eq!(q3[0]["deadline"], "2020-10-12T23:59:59+05:00");
    let q4 = json(&ok(t, &["plan", "due", "2020-Q4", "--json"]));
    let q4 = q4.as_array().unwrap();
    assert_eq!(q4.len(), 38);
    for o in q4 {
        let expected = if o["measure"] == "6" {
            "2020-12-31"
        } else {
            "2021-01-11"
        };
        assert_eq!(o["due"], expected, "{o}");
    }
    assert!(!q4.iter().any(|o| o["measure"] == "14"));
    // The same plan from the .docx and the CSV lands on plan 1.
    for f in ["khmao-2020.docx", "khmao-2020.csv"] {
        let out = dozor(t, &["plan", "import", &data(f)]);
        assert!(String::from_utf8_lossy(&out.stderr).contains("already stored as plan 1"));
    }
    assert_eq!(stored_plans(t), 1);
    let text = ok(t, &["plan", "due", "2020-Q3"]);
    assert!(text.contains("2020-Q3: 38 obligations"), "{text}");
    assert!(text.contains("12.10.2020"));
}

async fn bad_input_stores_nothing(t: &TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, body: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        p.display().to_string()
    };
    let cases = [
        (write("notes.txt", "Просто текст, а не план.\nВторая строка".as_bytes()), "not a plan"),
        (write("empty.txt", "ПЛАН\n\t№ п/п\n\tМероприятие\n\tСрок\n\tИсполнители\n\n\t1\n\t2\n\t3\n\t4\n".as_bytes()), "no measures"),
        (write("short.txt", "ПЛАН\n\t№\n\tМероприятие\n\tСрок\n\tИсполнители\n\n\t1.\n\tЛекции\n\tПостоянно\n\n".as_bytes()), "line 7: expected 4 cells, found 3"),
        (write("short.csv", "№,Мероприятие,Срок,Исполнители\n1,Лекции,Постоянно,УМВД\n2,Уроки,Ежеквартально\n".as_bytes()), "row 3 (line 3): expected 4 cells, found 3"),
        (write("broken.docx", b"PK\x03\x04 this is not really a zip"), "unreadable .docx"),
        (write("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "not a plan"),
        (write("bad-number.csv", "№;Мероприятие;Срок;Исполнители\nпервое;Лекции;Постоянно;УМВД\n".as_bytes()), "is not a measure number"),
    ];
    for (path, expected) in &cases {
        let err = fails(t, &["plan", "import", path]);
        assert!(err.contains(expected), "{path}: {err}");
        assert!(
            err.contains(path.as_str()),
            "the message names the file: {err}"
        );
    }
    let err = fails(t, &["plan", "import", "/nonexistent/plan.txt"]);
    assert!(err.contains("cannot read"), "{err}");
    assert_eq!(stored_plans(t), 0);
    let err = fails(t, &["plan", "due", "2020-Q3"]);
    assert!(err.contains("no plan is stored yet"), "{err}");
}

#[test]
fn every_form_parses_to_the_same_measures() {
    let t = TestDb::none();
    let measures =
        |f: &str| json(&ok(&t, &["plan", "import", f, "--dry-run", "--json"]))["measures"].clone();
    let txt = measures(SEED);
    let m = txt.as_array().unwrap();
    assert_eq!(m.len(), 15);
    assert_eq!(
        m[13],
        serde_json::json!({"number": "14", "title": m[13]["title"], "schedule_text": "3 квартал 2020 года",
            "schedule": {"kind": "once", "due": "2020-09-30"},
            "executors": [{"name": "Прокуратура округа", "by_agreement": false}], "partners": []})
    );
    assert_eq!(
        m[5]["schedule"],
        serde_json::json!({"kind": "once", "due": "2020-12-31"})
    );
    for (i, x) in m.iter().enumerate() {
        let kind = &x["schedule"]["kind"];
        match i + 1 {
            2 | 3 | 4 | 7 | 8 => assert_eq!(
                x["schedule"],
                serde_json::json!({"kind": "recurring", "every": "quarter"})
            ),
            6 | 14 => assert_eq!(kind, "once"),
            _ => assert_eq!(x["schedule"], serde_json::json!({"kind": "continuous"})),
        }
    }
    for f in ["khmao-2020.docx", "khmao-2020.csv", "khmao-2020.tsv"] {
        assert_eq!(measures(&data(f)), txt, "{f}");
    }
    let title = |f: &str, extra: &[&str]| {
        let mut args = vec!["plan", "import", f, "--dry-run", "--json"];
        args.extend_from_slice(extra);
        json(&ok(&t, &args))["title"].clone()
    };
    assert_eq!(title(&data("khmao-2020.csv"), &[]), "khmao-2020");
    assert_eq!(
        title(&data("khmao-2020.csv"), &["--title", "План 2020"]),
        "План 2020"
    );
    let docx_title = title(&data("khmao-2020.docx"), &[]);
    assert_eq!(docx_title, title(SEED, &[]));
    assert!(
        docx_title
            .as_str()
            .unwrap()
            .starts_with("ПЛАН профилактических мероприятий")
    );
}

#[test]
fn dry_run_json_keeps_warnings_on_stderr() {
    let t = TestDb::none();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("odd.csv");
    std::fs::write(&p, "№,Мероприятие,Срок,Исполнители\n1,Лекции,когда получится,УМВД\n2,Уроки,2021 год,\"СУ СК (по согласованию)\"\n").unwrap();
    let out = dozor(
        &t,
        &["plan", "import", p.to_str().unwrap(), "--dry-run", "--json"],
    );
    assert!(out.status.success());
    let doc = json(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(doc["measures"][0]["schedule"]["kind"], "unrecognized");
    assert_eq!(
        doc["measures"][1]["executors"][0],
        serde_json::json!({"name": "СУ СК", "by_agreement": true})
    );
    assert_eq!(doc["valid_from"], "2021-01-01");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("measure 1: schedule «когда получится» is not recognised"),
        "{stderr}"
    );
}

/// The decree's paid non-working days move a due date only for a plan
/// that counts them as days off: at import, or changed later (audited).
#[tokio::test]
async fn paid_non_working_days_are_a_plan_setting() {
    let t = crate::helpers::sqlite_file().await;
    let cal = "examples/calendar-ru-2020.toml";
    let q1_due = |t: &TestDb, plan: &str| {
        json(&ok(
            t,
            &[
                "--calendar",
                cal,
                "plan",
                "due",
                "2020-Q1",
                "--plan",
                plan,
                "--json",
            ],
        ))[0]["due"]
            .clone()
    };
    ok(&t, &["plan", "import", SEED]);
    // 10.04.2020 is a Friday the decree made a paid non-working day.
    assert_eq!(q1_due(&t, "1"), "2020-04-10");
    let settings = json(&ok(&t, &["plan", "settings"]));
    assert_eq!(settings["paid_non_working"], "working");
    let changed = json(&ok(
        &t,
        &["plan", "settings", "--paid-non-working", "days-off"],
    ));
    assert_eq!(changed["paid_non_working"], "days_off");
    // Past April's paid days, the May holidays and the decree's 4–5 May,
    // 6–8 May (paid again), Victory Day and its 11 May: Tuesday 12 May.
    assert_eq!(q1_due(&t, "1"), "2020-05-12");
    let err = fails(&t, &["plan", "settings", "--paid-non-working", "sometimes"]);
    assert!(err.contains("sometimes"), "{err}");
    let err = fails(
        &t,
        &[
            "plan",
            "settings",
            "--plan",
            "9",
            "--paid-non-working",
            "working",
        ],
    );
    assert!(err.contains("План 9 не найден"), "{err}");
    let db = dozor::db::open(&t.url).await.unwrap();
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let audits = dozor::db::entity::audit_log::Entity::find()
        .filter(dozor::db::entity::audit_log::Column::Action.eq("plan.settings"))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(audits.len(), 1);
    assert_eq!(
        audits[0].after.as_deref(),
        Some(r#"{"paid_non_working":"days_off"}"#)
    );
    // At import, as a flag.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("plan-2.txt");
    let seed = std::fs::read_to_string(SEED).unwrap();
    std::fs::write(
        &copy,
        seed.replacen("цикл передач", "второй цикл передач", 1),
    )
    .unwrap();
    let out = dozor(
        &t,
        &[
            "plan",
            "import",
            copy.to_str().unwrap(),
            "--paid-non-working",
            "days-off",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(q1_due(&t, "2"), "2020-05-12");
    t.close().await;
}

#[tokio::test]
async fn period_settings_and_calendar() {
    let t = crate::helpers::sqlite_file().await;
    ok(&t, &["plan", "import", SEED, "--due-shift", "previous"]);
    let q3 = json(&ok(&t, &["plan", "due", "2020-Q3", "--json"]));
    assert_eq!(
        q3[0]["due"], "2020-10-09",
        "Saturday 10 October moves back to Friday"
    );
    let err = fails(&t, &["plan", "due", "2020-07"]);
    assert!(
        err.contains("reports by quarter") && err.contains("2020-Q3"),
        "{err}"
    );
    let err = fails(&t, &["plan", "due", "2020-Q7"]);
    assert!(err.contains("is not a period"), "{err}");
    let out = dozor(&t, &["plan", "due", "2021-Q1", "--json"]);
    assert_eq!(
        json(&String::from_utf8_lossy(&out.stdout)),
        serde_json::json!([])
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("outside plan 1's validity"));
    // A calendar file makes Friday 9 October a day off too.
    let dir = tempfile::tempdir().unwrap();
    let cal = dir.path().join("calendar.toml");
    std::fs::write(&cal, "non_working = [2020-10-09]\n").unwrap();
    let q3 = json(&ok(
        &t,
        &[
            "--calendar",
            cal.to_str().unwrap(),
            "plan",
            "due",
            "2020-Q3",
            "--json",
        ],
    ));
    assert_eq!(q3[0]["due"], "2020-10-08");
    std::fs::write(&cal, "non_working = [\"someday\"]\n").unwrap();
    let err = fails(
        &t,
        &[
            "--calendar",
            cal.to_str().unwrap(),
            "plan",
            "due",
            "2020-Q3",
        ],
    );
    assert!(err.contains("calendar"), "{err}");
    // The production calendar CSV: a year's days off are exactly the listed
    // ones, so Saturday 10 October, not listed, is a working day.
    let header =
        "Год/Месяц,Январь,Февраль,Март,Апрель,Май,Июнь,Июль,Август,Сентябрь,Октябрь,Ноябрь,Декабрь";
    let csv = dir.path().join("calendar.csv");
    std::fs::write(&csv, format!("{header}\n2020,,,,,,,,,,\"4,11\",,\n")).unwrap();
    let due = |cal: &std::path::Path| {
        json(&ok(
            &t,
            &[
                "--calendar",
                cal.to_str().unwrap(),
                "plan",
                "due",
                "2020-Q3",
                "--json",
            ],
        ))[0]["due"]
            .clone()
    };
    assert_eq!(due(&csv), "2020-10-10");
    // Without the extension the header tells it is a CSV.
    let bare = dir.path().join("calendar");
    std::fs::write(&bare, format!("{header}\n2020,,,,,,,,,,\"9,10\",,\n")).unwrap();
    assert_eq!(due(&bare), "2020-10-08");
    std::fs::write(&csv, format!("{header}\n2020,,,,,,,,,,\"4,32\",,\n")).unwrap();
    let err = fails(
        &t,
        &[
            "--calendar",
            csv.to_str().unwrap(),
            "plan",
            "due",
            "2020-Q3",
        ],
    );
    assert!(
        err.contains("calendar.csv") && err.contains("line 2, column 11") && err.contains("«32»"),
        "{err}"
    );
    // `plan show --json` gives the import's JSON back.
    let shown = json(&ok(&t, &["plan", "show", "--json"]));
    let parsed = json(&ok(&t, &["plan", "import", SEED, "--dry-run", "--json"]));
    assert_eq!(shown["measures"], parsed["measures"]);
    assert_eq!(shown["due_shift"], "previous");
    t.close().await;
}

#[tokio::test]
async fn a_plan_without_years_needs_from_and_to() {
    let t = crate::helpers::sqlite_file().await;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("plan.csv");
    std::fs::write(
        &p,
        "№,Мероприятие,Срок,Исполнители\n1,Лекции,Ежеквартально,УМВД\n",
    )
    .unwrap();
    let path = p.to_str().unwrap();
    let err = fails(&t, &["plan", "import", path]);
    assert!(err.contains("names no year"), "{err}");
    ok(
        &t,
        &[
            "plan",
            "import",
            path,
            "--from",
            "2021-04-01",
            "--to",
            "2022-03-31",
        ],
    );
    let due = json(&ok(&t, &["plan", "due", "2021-Q2", "--json"]));
    assert_eq!(due[0]["due"], "2021-07-12");
    let err = fails(
        &t,
        &[
            "plan",
            "import",
            path,
            "--from",
            "2022-01-01",
            "--to",
            "2021-01-01",
        ],
    );
    assert!(err.contains("--from must not come after --to"), "{err}");
    t.close().await;
}

/// `serve --demo` without a calendar file gets the shipped 2020 calendar;
/// plain `serve` and a configured file are left as they are.
#[test]
fn the_demo_gets_the_2020_calendar() {
    use dozor::time::calendar::{DueShift, PaidNonWorking};
    let may4 = chrono::NaiveDate::from_ymd_opt(2020, 5, 4).unwrap();
    let april10 = chrono::NaiveDate::from_ymd_opt(2020, 4, 10).unwrap();
    let mut config =
        dozor::config::Config::load_with_env(&dozor::config::Overrides::default(), &|_| None)
            .unwrap();
    let demo = dozor::serve::calendar(&config, true).unwrap();
    assert!(!demo.is_working_day(may4));
    assert!(demo.is_paid_non_working(april10));
    assert_eq!(demo.shift(april10, DueShift::Next), april10);
    assert_eq!(
        demo.shift_with(april10, DueShift::Next, PaidNonWorking::DaysOff),
        chrono::NaiveDate::from_ymd_opt(2020, 5, 12).unwrap()
    );
    assert!(
        dozor::serve::calendar(&config, false)
            .unwrap()
            .is_working_day(may4)
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cal.toml");
    std::fs::write(&file, "working = []").unwrap();
    config.calendar = Some(file);
    assert!(
        dozor::serve::calendar(&config, true)
            .unwrap()
            .is_working_day(may4)
    );
}

/// The run command's smoke test: `serve --demo` on a real socket (port 0)
/// loads the whole demo through the domain functions and answers.
#[tokio::test]
async fn serve_demo_answers_on_a_real_socket() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("demo.db").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_dozor"))
        .args([
            "--database-url",
            &url,
            "serve",
            "--demo",
            "--bind",
            "127.0.0.1:0",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let addr = first.rsplit("http://").next().unwrap().to_string();
    let get = |path: &str| {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    };
    assert!(get("/healthz").starts_with("HTTP/1.1 200"));
    let check = get("/api/v1/check?q=%2B79001234567");
    assert!(
        check.contains("\"listed\":true"),
        "the demo registry answers: {check}"
    );
    let rest: Vec<String> = lines.take(7).map(|l| l.unwrap()).collect();
    assert!(rest.iter().any(|l| l.contains("coordinator")), "{rest:?}");
    // SIGTERM stops it as Ctrl-C does: drained, loops stopped, exit 0.
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let status = child.wait().unwrap();
    assert!(
        status.success(),
        "SIGTERM ends the server cleanly: {status}"
    );
    // The demo history holds reports of every status.
    let db = dozor::db::connect(&url).await.unwrap();
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    for status in ["draft", "submitted", "returned", "accepted"] {
        let n = dozor::db::entity::control::report::Entity::find()
            .filter(dozor::db::entity::control::report::Column::Status.eq(status))
            .count(&db)
            .await
            .unwrap();
        assert!(n > 0, "no {status} report in the demo");
    }
}
