use super::*;
use chrono::TimeZone;

fn at(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2020, 10, 5, h, 0, 0).unwrap()
}

fn snap(body: &str, metrics: &str, comment: Option<&str>) -> String {
    serde_json::json!({"status": "x", "body": body, "metrics": metrics, "comment": comment})
        .to_string()
}

#[test]
fn a_resubmission_says_what_changed_since_the_one_before() {
    let s1 = snap("Провели 3 урока", r#"{"reached":120.0}"#, None);
    let d = snap("Провели 3 урока\nчерновик", r#"{"reached":130.0}"#, None);
    let r = snap(
        "Провели 3 урока",
        r#"{"reached":120.0}"#,
        Some("Укажите школы"),
    );
    let s2 = snap(
        "Провели 5 уроков\nШколы № 1 и № 3",
        r#"{"reached":150.0,"talks":2.0}"#,
        None,
    );
    let a = snap(
        "Провели 5 уроков\nШколы № 1 и № 3",
        r#"{"reached":150.0,"talks":2.0}"#,
        None,
    );
    let steps = [
        Step {
            at: at(6),
            who: "Исполнитель",
            action: "report.submit",
            after: Some(&s1),
        },
        Step {
            at: at(7),
            who: "Координатор",
            action: "report.return",
            after: Some(&r),
        },
        Step {
            at: at(8),
            who: "Исполнитель",
            action: "report.save_draft",
            after: Some(&d),
        },
        Step {
            at: at(9),
            who: "Исполнитель",
            action: "report.submit",
            after: Some(&s2),
        },
        Step {
            at: at(10),
            who: "Координатор",
            action: "report.accept",
            after: Some(&a),
        },
    ];
    let labels = vec![
        ("talks".to_string(), "Бесед".to_string()),
        ("reached".to_string(), "Охват".to_string()),
    ];
    let e = events(&steps, &labels, chrono_tz::Asia::Yekaterinburg);
    let what: Vec<&str> = e.iter().map(|e| e.what).collect();
    assert_eq!(
        what,
        [
            "Представлен",
            "Возвращён на доработку",
            "Представлен повторно",
            "Принят"
        ]
    );
    assert_eq!(e[0].when, "05.10.2020 11:00");
    assert_eq!(e[1].comment.as_deref(), Some("Укажите школы"));
    assert_eq!(e[1].who, "Координатор");
    // Against the first submission, not the draft in between.
    assert_eq!(e[2].figures, ["Бесед: — → 2", "Охват: 120 → 150"]);
    assert_eq!(e[2].removed, ["Провели 3 урока"]);
    assert_eq!(e[2].added, ["Провели 5 уроков", "Школы № 1 и № 3"]);
    assert!(!e[2].text_changed);
    assert!(e[0].figures.is_empty() && e[0].added.is_empty());
}

#[test]
fn a_step_without_a_snapshot_is_left_out() {
    let steps = [Step {
        at: at(6),
        who: "x",
        action: "report.submit",
        after: Some("not json"),
    }];
    assert!(events(&steps, &[], chrono_tz::UTC).is_empty());
}
