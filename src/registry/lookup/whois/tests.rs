//! Tests of the TCI WHOIS reader on real answer shapes, the query line and
//! the port, and properties.

use super::*;
use proptest::prelude::*;

const HEADER: &str = "% TCI Whois Service. Terms of use:\n\
% https://tcinet.ru/documents/whois_ru_rf.pdf (in Russian)\n\
% https://tcinet.ru/documents/whois_su.pdf (in Russian)\n\n";

const YANDEX: &str = "% TCI Whois Service. Terms of use:
% https://tcinet.ru/documents/whois_ru_rf.pdf (in Russian)
% https://tcinet.ru/documents/whois_su.pdf (in Russian)

domain:        YANDEX.RU
nserver:       ns1.yandex.ru. 213.180.193.1, 2a02:6b8::1
nserver:       ns2.yandex.ru.
state:         REGISTERED, DELEGATED, VERIFIED
org:           YANDEX, LLC.
taxpayer-id:   7736207543
registrar:     RU-CENTER-RU
admin-contact: https://www.nic.ru/whois
created:       1997-09-23T09:45:07Z
paid-till:     2025-09-30T21:00:00Z
free-date:     2025-10-31
source:        TCI

Last updated on 2024-06-05T11:16:30Z
";

#[test]
fn organisation_with_taxpayer_id_and_glue_addresses() {
    let o = parse_tci(YANDEX);
    assert!(o.registered);
    assert_eq!(o.source, Source::Whois);
    assert_eq!(o.domain, "yandex.ru");
    assert_eq!(o.registrar.as_deref(), Some("RU-CENTER-RU"));
    assert_eq!(o.org.as_deref(), Some("YANDEX, LLC."));
    assert_eq!(o.person, None);
    assert_eq!(o.taxpayer_id.as_deref(), Some("7736207543"));
    assert_eq!(o.created.as_deref(), Some("1997-09-23T09:45:07Z"));
    assert_eq!(o.paid_till.as_deref(), Some("2025-09-30T21:00:00Z"));
    assert_eq!(o.free_date.as_deref(), Some("2025-10-31"));
    assert_eq!(o.name_servers, ["ns1.yandex.ru", "ns2.yandex.ru"]);
    assert_eq!(o.status, ["REGISTERED", "DELEGATED", "VERIFIED"]);
    let raw = o.raw.unwrap();
    assert!(raw.starts_with("domain:        YANDEX.RU"), "{raw}");
    assert!(!raw.contains("Terms of use"), "comments are not kept");
    assert!(
        raw.ends_with("Last updated on 2024-06-05T11:16:30Z"),
        "{raw}"
    );
}

#[test]
fn private_person_in_the_rf_zone() {
    let text = format!(
        "{HEADER}domain:        XN--D1ACUFC.XN--P1AI\n\
         nserver:       ns1.reg.ru.\n\
         nserver:       ns2.reg.ru.\n\
         state:         REGISTERED, DELEGATED, UNVERIFIED\n\
         person:        Private Person\n\
         registrar:     REGRU-RF\n\
         admin-contact: https://www.reg.ru/whois/admin_contact\n\
         created:       2010-05-12T10:33:48Z\n\
         paid-till:     2025-05-12T10:33:48Z\n\
         free-date:     2025-06-12\n\
         source:        TCI\n\n\
         Last updated on 2024-06-05T11:21:31Z\n"
    );
    let o = parse_tci(&text);
    assert!(o.registered);
    assert_eq!(o.domain, "xn--d1acufc.xn--p1ai");
    assert_eq!(o.person.as_deref(), Some("Private Person"));
    assert_eq!(o.org, None);
    assert_eq!(o.registrar.as_deref(), Some("REGRU-RF"));
    assert_eq!(o.name_servers, ["ns1.reg.ru", "ns2.reg.ru"]);
    assert_eq!(o.status, ["REGISTERED", "DELEGATED", "UNVERIFIED"]);
}

#[test]
fn su_domain_with_crlf_lines_and_empty_values() {
    let text = "% TCI Whois Service. Terms of use:\r\n\r\n\
                domain:        MOSCOW.SU\r\n\
                nserver:       ns1.example.su. 192.0.2.1\r\n\
                nserver:       ns2.example.su. 192.0.2.2\r\n\
                nserver:       ns1.example.su. 192.0.2.1\r\n\
                state:         REGISTERED, NOT DELEGATED\r\n\
                person:        Private Person\r\n\
                e-mail:        moscow@example.su\r\n\
                registrar:     RUCENTER-SU\r\n\
                created:       1995-06-06T20:00:00Z\r\n\
                paid-till:\r\n\
                source:        TCI\r\n";
    let o = parse_tci(text);
    assert_eq!(o.domain, "moscow.su");
    assert_eq!(
        o.name_servers,
        ["ns1.example.su", "ns2.example.su"],
        "no duplicates"
    );
    assert_eq!(o.status, ["REGISTERED", "NOT DELEGATED"]);
    assert_eq!(o.paid_till, None, "an empty value is no value");
    assert_eq!(o.registrar.as_deref(), Some("RUCENTER-SU"));
}

#[test]
fn no_entries_means_not_registered() {
    let text = format!(
        "{HEADER}No entries found for the selected source(s).\n\n\
         Last updated on 2024-06-05T11:23:02Z\n"
    );
    let o = parse_tci(&text);
    assert!(!o.registered);
    assert!(says_not_found(&text));
    assert_eq!(o.registrar, None);
    assert!(o.name_servers.is_empty());
    assert!(!says_not_found(YANDEX));
}

#[test]
fn only_comments_is_neither_found_nor_free() {
    let text = "% You have exceeded allowed connection rate.\n% Please try again later.\n";
    let o = parse_tci(text);
    assert!(!o.registered);
    assert!(!says_not_found(text));
    assert_eq!(o.raw, None);
}

#[test]
fn raw_is_capped_on_a_character_boundary() {
    let text = format!("domain: ПРИМЕР.РФ\n{}", "org: Ромашка\n".repeat(1000));
    let o = parse_tci(&text);
    assert!(o.raw.unwrap().len() <= RAW_CAP);
    assert_eq!(o.org.as_deref(), Some("Ромашка"), "the first org line wins");
}

#[test]
fn query_is_punycode_and_one_line() {
    assert_eq!(
        query_line("пример.рф").unwrap(),
        "xn--e1afmkfd.xn--p1ai\r\n"
    );
    assert_eq!(query_line("YANDEX.RU.").unwrap(), "yandex.ru\r\n");
    assert!(query_line("a.ru\r\nb.ru").is_err());
    assert!(query_line("a.ru b.ru").is_err());
    assert!(query_line("").is_err());
}

#[test]
fn default_port_is_43() {
    assert_eq!(address("whois.tcinet.ru"), "whois.tcinet.ru:43");
    assert_eq!(address("whois.tcinet.ru:43"), "whois.tcinet.ru:43");
    assert_eq!(address("127.0.0.1:4343"), "127.0.0.1:4343");
}

proptest! {
    #[test]
    fn parse_tci_never_panics(s in "\\PC{0,400}") {
        let o = parse_tci(&s);
        prop_assert!(o.raw.map_or(0, |r| r.len()) <= RAW_CAP);
        let _ = says_not_found(&s);
        let _ = query_line(&s);
    }

    #[test]
    fn parse_tci_never_panics_on_tci_like_lines(
        lines in proptest::collection::vec(
            ("(domain|nserver|state|org|person|registrar|created|paid-till|%|x y)", "\\PC{0,40}"),
            0..20,
        )
    ) {
        let text: String = lines.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
        let _ = parse_tci(&text);
    }
}
