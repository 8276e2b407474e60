//! Domains: IDN, case, trailing dots, and the registrable part.

use super::*;
use crate::tests::*;

#[test]
fn domains() {
    let n = normalize_domain(" Пример.РФ. ").unwrap();
    assert_eq!(n.kind, Kind::Domain);
    assert_eq!(n.canonical, "xn--e1afmkfd.xn--p1ai");
    assert_eq!(n.display, "пример.рф");
    assert_eq!(
        canon(normalize_domain("WWW.Example.COM")),
        "www.example.com"
    );
    assert_eq!(
        canon(normalize_domain("..bank-login.ru..")),
        "bank-login.ru"
    );
    for bad in [
        "localhost",
        "report.docx",
        "co.uk",
        "1.2.3.4",
        "exa mple.com",
        "example.com/path",
        "a..b.com",
        "user@example.com",
    ] {
        assert_eq!(
            invalid_kind(normalize_domain(bad)),
            Some(Kind::Domain),
            "{bad}"
        );
    }
    assert_eq!(normalize_domain("  "), Err(NormalizeError::Empty));
}

#[test]
fn registrable_domains() {
    assert_eq!(
        registrable("www.shop.example.co.uk").as_deref(),
        Some("example.co.uk")
    );
    assert_eq!(registrable("M.VK.COM").as_deref(), Some("vk.com"));
    assert_eq!(
        registrable("www.пример.рф").as_deref(),
        Some("xn--e1afmkfd.xn--p1ai")
    );
    assert_eq!(registrable("co.uk"), None);
    assert_eq!(registrable("foo.notazone"), None);
}
