//! Tests of the look-up's choices: protocol per zone, the registered name
//! asked about, what is refused, and the stored owner read back.

use super::*;

#[test]
fn tci_zones_use_whois_the_rest_rdap() {
    assert_eq!(method_for("yandex.ru"), Method::Whois);
    assert_eq!(method_for("MOSCOW.SU"), Method::Whois);
    assert_eq!(method_for("xn--e1afmkfd.xn--p1ai"), Method::Whois);
    assert_eq!(
        method_for("пример.рф"),
        Method::Rdap,
        "callers pass punycode"
    );
    assert_eq!(method_for("example.com"), Method::Rdap);
    assert_eq!(method_for("example.com.ru"), Method::Whois);
    assert_eq!(method_for("rus.example"), Method::Rdap);
}

#[test]
fn domains_and_urls_give_the_registered_name() {
    let d = |k, c| domain_of(k, c).unwrap();
    assert_eq!(d(Kind::Domain, "shop.example.ru"), "example.ru");
    assert_eq!(
        d(Kind::Domain, "xn--e1afmkfd.xn--p1ai"),
        "xn--e1afmkfd.xn--p1ai"
    );
    assert_eq!(d(Kind::Domain, "a.b.example.co.uk"), "example.co.uk");
    assert_eq!(
        d(Kind::Url, "http://www.evil.example.com/login?x=1"),
        "example.com"
    );
    assert_eq!(
        d(Kind::Url, "https://xn--e1afmkfd.xn--p1ai/"),
        "xn--e1afmkfd.xn--p1ai"
    );
    assert_eq!(
        d(Kind::Url, "evil.example.com/"),
        "example.com",
        "a stored key"
    );
    assert_eq!(
        d(Kind::Url, "http://evil.github.io/"),
        "github.io",
        "private suffix"
    );
    assert_eq!(d(Kind::Domain, "github.io"), "github.io");
}

#[test]
fn other_kinds_and_addresses_are_refused() {
    let msg = |k, c| domain_of(k, c).unwrap_err().to_string();
    assert_eq!(msg(Kind::Phone, "+79123456789"), ONLY_SITES);
    assert_eq!(msg(Kind::Social, "vk.com/durov"), ONLY_SITES);
    assert!(msg(Kind::Url, "http://192.0.2.1/x").starts_with(ONLY_SITES));
    assert!(msg(Kind::Url, "http://[2001:db8::1]/").starts_with(ONLY_SITES));
    assert!(msg(Kind::Url, "http://%01%80.com/").contains("не имя сайта"));
    assert!(msg(Kind::Domain, "example.notazone").contains("не имя сайта"));
    assert!(msg(Kind::Domain, "ru").contains("не имя сайта"));
}

#[test]
fn stored_owner_reads_back() {
    let owner = Owner {
        domain: "example.ru".into(),
        registered: true,
        ..Default::default()
    };
    let now: DateTime<Utc> = "2026-11-28T10:00:00Z".parse().unwrap();
    let model = indicator::Model {
        id: 1,
        kind: "domain".into(),
        canonical: "example.ru".into(),
        display: "example.ru".into(),
        raw: "example.ru".into(),
        category: "phishing".into(),
        status: "active".into(),
        source: "manual".into(),
        first_seen: now,
        last_seen: now,
        created_by: None,
        owner: Some(serde_json::to_string(&owner).unwrap()),
        owner_checked_at: Some(now),
    };
    assert_eq!(owner_of(&model), Some(owner));
    let garbled = indicator::Model {
        owner: Some("{".into()),
        ..model.clone()
    };
    assert_eq!(owner_of(&garbled), None);
    let none = indicator::Model {
        owner: None,
        ..model
    };
    assert_eq!(owner_of(&none), None);
}
