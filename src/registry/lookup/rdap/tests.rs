//! Tests of the RDAP reader on real and odd answers, and of the client's
//! redirect policy.

use super::*;
use proptest::prelude::*;

/// The shape of rdap.verisign.com's answer for a .com name (a thin registry:
/// the registrar, events, name servers and status, no registrant).
const VERISIGN: &str = r#"{
  "objectClassName": "domain",
  "handle": "2336799_DOMAIN_COM-VRSN",
  "ldhName": "EXAMPLE.COM",
  "links": [{"value": "https://rdap.verisign.com/com/v1/domain/EXAMPLE.COM",
             "rel": "self", "href": "https://rdap.verisign.com/com/v1/domain/EXAMPLE.COM",
             "type": "application/rdap+json"}],
  "status": ["client delete prohibited", "client transfer prohibited", "client update prohibited"],
  "entities": [{
    "objectClassName": "entity",
    "handle": "376",
    "roles": ["registrar"],
    "publicIds": [{"type": "IANA Registrar ID", "identifier": "376"}],
    "vcardArray": ["vcard", [["version", {}, "text", "4.0"],
                             ["fn", {}, "text", "RESERVED-Internet Assigned Numbers Authority"]]],
    "entities": [{
      "objectClassName": "entity",
      "roles": ["abuse"],
      "vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", ""],
                               ["tel", {"type": "voice"}, "uri", "tel:"],
                               ["email", {}, "text", ""]]]
    }]
  }],
  "events": [
    {"eventAction": "registration", "eventDate": "1995-08-14T04:00:00Z"},
    {"eventAction": "expiration", "eventDate": "2025-08-13T04:00:00Z"},
    {"eventAction": "last changed", "eventDate": "2024-08-14T07:01:34Z"},
    {"eventAction": "last update of RDAP database", "eventDate": "2024-09-01T12:00:00Z"}
  ],
  "secureDNS": {"delegationSigned": true,
                "dsData": [{"keyTag": 370, "algorithm": 13, "digestType": 2,
                            "digest": "BE74359954660069D5C63D200C39F5603827D7DD02B56F120EE9F3A86764247C"}]},
  "nameservers": [
    {"objectClassName": "nameserver", "ldhName": "A.IANA-SERVERS.NET"},
    {"objectClassName": "nameserver", "ldhName": "B.IANA-SERVERS.NET"}
  ],
  "rdapConformance": ["rdap_level_0", "icann_rdap_technical_implementation_guide_0",
                      "icann_rdap_response_profile_0"],
  "notices": [{"title": "Terms of Use",
               "description": ["Service subject to Terms of Use."],
               "links": [{"href": "https://www.verisign.com/domain-names/registration-data-access-protocol/terms-service/index.xhtml",
                          "type": "text/html"}]}]
}"#;

#[test]
fn verisign_answer() {
    let o = parse_rdap(VERISIGN).unwrap();
    assert_eq!(o.source, Source::Rdap);
    assert!(o.registered);
    assert_eq!(o.domain, "example.com");
    assert_eq!(
        o.registrar.as_deref(),
        Some("RESERVED-Internet Assigned Numbers Authority")
    );
    assert_eq!((o.org.as_deref(), o.person.as_deref()), (None, None));
    assert_eq!(o.created.as_deref(), Some("1995-08-14T04:00:00Z"));
    assert_eq!(o.paid_till.as_deref(), Some("2025-08-13T04:00:00Z"));
    assert_eq!(o.name_servers, ["a.iana-servers.net", "b.iana-servers.net"]);
    assert_eq!(o.status.len(), 3);
    assert_eq!(o.raw, None);
}

#[test]
fn registrant_organisation_and_person() {
    let body = r#"{
      "objectClassName": "domain", "ldhName": "shop-example.xyz",
      "entities": [
        {"objectClassName": "entity", "roles": ["registrant"],
         "vcardArray": ["vcard", [["version", {}, "text", "4.0"],
                                  ["fn", {}, "text", "Ivan Petrov"],
                                  ["org", {}, "text", ["Romashka LLC", ""]],
                                  ["kind", {}, "text", "individual"]]]},
        {"objectClassName": "entity", "roles": ["registrar"], "handle": "1068",
         "vcardArray": ["vcard", [["version", {}, "text", "4.0"]]]}
      ]
    }"#;
    let o = parse_rdap(body).unwrap();
    assert_eq!(o.org.as_deref(), Some("Romashka LLC"));
    assert_eq!(o.person.as_deref(), Some("Ivan Petrov"));
    assert_eq!(
        o.registrar.as_deref(),
        Some("1068"),
        "the handle when no name"
    );
}

#[test]
fn administrative_org_by_kind_when_no_registrant() {
    let body = r#"{
      "ldhName": "example.org",
      "entities": [{"roles": ["technical", "administrative"],
                    "vcardArray": ["vcard", [["fn", {}, "text", "Example Org"],
                                             ["kind", {}, "text", "org"]]]}]
    }"#;
    let o = parse_rdap(body).unwrap();
    assert_eq!(o.org.as_deref(), Some("Example Org"));
    assert_eq!(o.person, None);
}

#[test]
fn not_a_domain_object() {
    assert!(parse_rdap("not json").is_none());
    assert!(parse_rdap("[]").is_none());
    assert!(parse_rdap(r#"{"objectClassName": "entity", "handle": "X"}"#).is_none());
    assert!(
        parse_rdap(r#"{"errorCode": 404, "title": "Not Found"}"#).is_none(),
        "an RDAP error object"
    );
}

#[test]
fn odd_member_types_are_ignored() {
    let body = r#"{"objectClassName": "domain", "ldhName": "a.com", "events": {"x": 1},
                   "status": [1, "active"], "nameservers": [{"ldhName": 5}, "ns"],
                   "entities": [{"roles": "registrar"}, {"roles": ["registrar"], "vcardArray": 7}]}"#;
    let o = parse_rdap(body).unwrap();
    assert_eq!(o.status, ["active"]);
    assert!(o.name_servers.is_empty());
    assert_eq!(o.registrar, None);
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        "(registrar|registrant|fn|org|kind|\\PC{0,8})".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(
                "(ldhName|entities|roles|vcardArray|events|eventAction|eventDate|nameservers|status|objectClassName)",
                inner,
                0..6,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn parse_rdap_never_panics_on_text(s in "\\PC{0,300}") {
        let _ = parse_rdap(&s);
    }

    #[test]
    fn parse_rdap_never_panics_on_json(v in json_value()) {
        let _ = parse_rdap(&v.to_string());
    }
}

#[test]
fn redirects_stay_on_https_and_public_addresses() {
    let configured = reqwest::Url::parse("http://127.0.0.1:8080/rdap")
        .unwrap()
        .origin();
    let why = |u: &str| client::refusal(&reqwest::Url::parse(u).unwrap(), &configured);
    // Around the configured server itself: fine, over any scheme.
    assert_eq!(why("http://127.0.0.1:8080/domain/a.ru"), None);
    assert_eq!(why("https://rdap.verisign.com/com/v1/domain/a.com"), None);
    assert_eq!(why("https://[2001:4860::1]/domain/a.com"), None);
    assert_eq!(
        why("http://rdap.example.net/domain/a.com"),
        Some("перенаправление не по HTTPS")
    );
    for internal in [
        "https://169.254.169.254/latest/meta-data/",
        "https://127.0.0.1:8081/",
        "https://10.1.2.3/",
        "https://[::1]/",
        "https://[::ffff:192.168.0.1]/",
    ] {
        assert_eq!(
            why(internal),
            Some("перенаправление на внутренний адрес"),
            "{internal}"
        );
    }
}
