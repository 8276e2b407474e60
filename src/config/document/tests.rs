//! `[document]` read from TOML: every key, blanks as unset, unknown keys refused.

use super::*;

#[test]
fn every_key_reaches_the_requisites() {
    let c: DocumentConfig = toml::from_str(
        r#"
organisation = "Прокуратура округа"
place = "г. Ханты-Мансийск"
addressee = "  "
approver_position = "Прокурор округа"
approver_name = "Иванов Иван Иванович"
signatory_position = "Начальник отдела"
signatory_name = "Петров П.П."
executor_name = "Сидорова Анна Сергеевна"
executor_phone = "+7 (3467) 33-22-11"
"#,
    )
    .unwrap();
    let r = c.trimmed();
    assert_eq!(r.organisation.as_deref(), Some("Прокуратура округа"));
    assert_eq!(r.addressee, None, "blanks are not a requisite");
    assert_eq!(r.approver_name.as_deref(), Some("Иванов Иван Иванович"));
    assert_eq!(r.executor_phone.as_deref(), Some("+7 (3467) 33-22-11"));
}

#[test]
fn unknown_keys_are_refused() {
    let e = toml::from_str::<DocumentConfig>("organization = \"x\"").unwrap_err();
    assert!(e.to_string().contains("organization"), "{e}");
}
