//! Tests of URL canonicalisation: the Safe Browsing spec's own cases and
//! expressions, IDN and IPv4 hosts, what is refused, and properties.

use super::*;
use proptest::prelude::*;

fn canon(s: &str) -> String {
    canonicalize(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

/// Every canonicalisation case published on the spec's "URLs and Hashing" page.
#[test]
fn spec_cases() {
    let cases = [
        ("http://host/%25%32%35", "http://host/%25"),
        ("http://host/%25%32%35%25%32%35", "http://host/%25%25"),
        ("http://host/%2525252525252525", "http://host/%25"),
        ("http://host/asdf%25%32%35asd", "http://host/asdf%25asd"),
        (
            "http://host/%%%25%32%35asd%%",
            "http://host/%25%25%25asd%25%25",
        ),
        ("http://www.google.com/", "http://www.google.com/"),
        (
            "http://%31%36%38%2e%31%38%38%2e%39%39%2e%32%36/%2E%73%65%63%75%72%65/%77%77%77%2E%65%62%61%79%2E%63%6F%6D/",
            "http://168.188.99.26/.secure/www.ebay.com/",
        ),
        (
            "http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn-xplmvalidateinfoswqpcmlx=hgplmcx/",
            "http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn-xplmvalidateinfoswqpcmlx=hgplmcx/",
        ),
        (
            "http://host%23.com/%257Ea%2521b%2540c%2523d%2524e%25f%255E00%252611%252A22%252833%252944_55%252B",
            "http://host%23.com/~a!b@c%23d$e%25f^00&11*22(33)44_55+",
        ),
        ("http://3279880203/blah", "http://195.127.0.11/blah"),
        ("http://www.google.com/blah/..", "http://www.google.com/"),
        ("www.google.com/", "http://www.google.com/"),
        ("www.google.com", "http://www.google.com/"),
        ("http://www.evil.com/blah#frag", "http://www.evil.com/blah"),
        ("http://www.GOOgle.com/", "http://www.google.com/"),
        ("http://www.google.com.../", "http://www.google.com/"),
        (
            "http://www.google.com/foo\tbar\rbaz\n2",
            "http://www.google.com/foobarbaz2",
        ),
        ("http://www.google.com/q?", "http://www.google.com/q?"),
        ("http://www.google.com/q?r?", "http://www.google.com/q?r?"),
        ("http://www.google.com/q?r?s", "http://www.google.com/q?r?s"),
        ("http://evil.com/foo#bar#baz", "http://evil.com/foo"),
        ("http://evil.com/foo;", "http://evil.com/foo;"),
        ("http://evil.com/foo?bar;", "http://evil.com/foo?bar;"),
        ("http://notrailingslash.com", "http://notrailingslash.com/"),
        ("http://www.gotaport.com:1234/", "http://www.gotaport.com/"),
        ("  http://www.google.com/  ", "http://www.google.com/"),
        ("http:// leadingspace.com/", "http://%20leadingspace.com/"),
        ("http://%20leadingspace.com/", "http://%20leadingspace.com/"),
        ("%20leadingspace.com/", "http://%20leadingspace.com/"),
        ("https://www.securesite.com/", "https://www.securesite.com/"),
        ("http://host.com/ab%23cd", "http://host.com/ab%23cd"),
        (
            "http://host.com//twoslashes?more//slashes",
            "http://host.com/twoslashes?more//slashes",
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(canon(input), expected, "{input:?}");
        assert_eq!(canon(expected), expected, "idempotent on {expected:?}");
    }
}

#[test]
fn spec_case_with_raw_bytes() {
    let input = b"http://\x01\x80.com/";
    assert_eq!(
        canonicalize_bytes(input).as_deref(),
        Ok("http://%01%80.com/")
    );
    assert!(normalize_url("http://%01%80.com/").is_ok());
    assert!(normalize_url("%20leadingspace.com/").is_ok());
}

fn set(v: &[&str]) -> std::collections::BTreeSet<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn spec_expressions() {
    assert_eq!(
        expressions("http://a.b.c/1/2.html?param=1"),
        [
            "a.b.c/1/2.html?param=1",
            "a.b.c/1/2.html",
            "a.b.c/",
            "a.b.c/1/",
            "b.c/1/2.html?param=1",
            "b.c/1/2.html",
            "b.c/",
            "b.c/1/",
        ]
    );
    let got = expressions("http://a.b.c.d.e.f.g/1.html");
    let want = [
        "a.b.c.d.e.f.g/1.html",
        "a.b.c.d.e.f.g/",
        "c.d.e.f.g/1.html",
        "c.d.e.f.g/",
        "d.e.f.g/1.html",
        "d.e.f.g/",
        "e.f.g/1.html",
        "e.f.g/",
        "f.g/1.html",
        "f.g/",
    ];
    assert_eq!(got, want);
    assert_eq!(
        got.iter()
            .cloned()
            .collect::<std::collections::BTreeSet<_>>(),
        set(&want)
    );
    assert_eq!(expressions("http://1.2.3.4/1/"), ["1.2.3.4/1/", "1.2.3.4/"]);
}

#[test]
fn expressions_are_bounded_and_hold_the_entry_key() {
    let c = canon("http://a.b.c.d.e.f.g.h/1/2/3/4/5/6/7.html?x=1&y=2");
    let exprs = expressions(&c);
    assert_eq!(exprs.len(), MAX_EXPRESSIONS);
    assert!(exprs.contains(&"d.e.f.g.h/1/2/3/".to_owned()));
    assert!(!exprs.iter().any(|e| e.starts_with("h/")), "no bare TLD");
    assert_eq!(entry_key(&c), "a.b.c.d.e.f.g.h/1/2/3/4/5/6/7.html?x=1&y=2");
    // A listed site root matches every page of the site and its subdomains.
    let key = entry_key(&canon("evil.example"));
    assert_eq!(key, "evil.example/");
    assert!(expressions(&canon("https://www.evil.example/a/b?c")).contains(&key));
}

#[test]
fn idn_hosts_become_punycode_and_display_in_unicode() {
    assert_eq!(canon("http://пример.рф/"), "http://xn--e1afmkfd.xn--p1ai/");
    assert_eq!(canon("http://ПРИМЕР.РФ."), "http://xn--e1afmkfd.xn--p1ai/");
    let n = normalize_url("http://пример.рф/путь").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(n.kind, Kind::Url);
    assert_eq!(
        n.canonical,
        "http://xn--e1afmkfd.xn--p1ai/%D0%BF%D1%83%D1%82%D1%8C"
    );
    assert_eq!(n.display, "http://пример.рф/путь");
    // Escapes that are not letters stay escaped in the display.
    let n = normalize_url("http://пример.рф/a%20b%E2%80%AEc").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(n.display, "http://пример.рф/a%20b%E2%80%AEc");
}

#[test]
fn ipv4_forms() {
    let cases = [
        ("http://0x7f.1/", "http://127.0.0.1/"),
        ("http://017700000001/", "http://127.0.0.1/"),
        ("http://127.1/", "http://127.0.0.1/"),
        ("http://0300.0250.0.1/", "http://192.168.0.1/"),
        ("http://0xc0.0xa8.0.1/", "http://192.168.0.1/"),
        ("http://0X12.2/", "http://18.0.0.2/"),
        ("http://192.168.1/", "http://192.168.0.1/"),
        ("http://0x7f000001/", "http://127.0.0.1/"),
    ];
    for (input, expected) in cases {
        assert_eq!(canon(input), expected, "{input:?}");
    }
    // Not addresses: too many parts, out of range, bad digits.
    for host in [
        "1.2.3.4.5",
        "256.1.1.1",
        "1.2.3.256",
        "4294967296",
        "09.1.1.1",
        "0xg.1",
    ] {
        assert_eq!(canon(&format!("http://{host}/")), format!("http://{host}/"));
    }
}

#[test]
fn userinfo_and_port_are_dropped() {
    assert_eq!(
        canon("http://user:pass@Example.com:8080/x"),
        "http://example.com/x"
    );
    assert_eq!(canon("https://a@b@example.com/"), "https://example.com/");
    assert_eq!(canon("example.com:443"), "http://example.com/");
    assert_eq!(canon("localhost:8080/a/./b/../c"), "http://localhost/a/c");
    assert_eq!(canon("http://[::1]:8080/"), "http://[::1]/");
    assert_eq!(canon("HTTP://example.com?q"), "http://example.com/?q");
}

#[test]
fn rejects_what_cannot_be_a_site() {
    for bad in [
        "",
        "   ",
        "http://",
        "http:///",
        "http://user@:80/",
        "javascript:alert(1)",
        "mailto://someone@example.com",
        "http://exa<mple.com/",
        "http://%20%20/",
        "http://[zz]/",
    ] {
        assert!(normalize_url(bad).is_err(), "{bad:?}");
    }
    let long = format!("http://example.com/{}", "a".repeat(MAX_URL_BYTES));
    assert!(canonicalize(&long).is_err());
    assert!(normalize_url("ftp://files.example.com/x").is_ok());
}

#[test]
fn deeply_nested_escapes_end_quickly() {
    // The worst case for repeated unescaping: one escape level per two bytes.
    let prefix = "http://x/%";
    let input = format!(
        "{prefix}{}",
        "25".repeat((MAX_URL_BYTES - prefix.len()) / 2)
    );
    let started = std::time::Instant::now();
    assert_eq!(canon(&input), "http://x/%25");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

/// URL-shaped text full of the spec's traps: escapes, dots, slashes, ports,
/// userinfo, IPv4 spellings, IDN, fragments and queries.
fn url_like() -> impl Strategy<Value = String> {
    let piece = "([a-zA-Z0-9]{1,4}|%25|%2[eE]|%2[fF]|%23|%3[fF]|%[0-9a-fA-F]{2}|%|\\.|\\.\\.|/|//|:|@|\\?|#|пример|рф|Ё|\\x7f| |\\t|0x[0-9a-f]{1,3}|0[0-7]{1,4})";
    let piece = proptest::string::string_regex(piece).unwrap_or_else(|e| panic!("{e}"));
    let scheme = prop_oneof![
        Just(String::new()),
        Just("http://".to_owned()),
        Just("HTTPS://".to_owned()),
        Just("ftp:".to_owned()),
    ];
    (scheme, proptest::collection::vec(piece, 0..16))
        .prop_map(|(scheme, pieces)| format!("{scheme}{}", pieces.concat()))
}

proptest! {
    #[test]
    fn never_panics_on_text(s in "\\PC{0,200}") {
        let _ = canonicalize(&s);
        let _ = normalize_url(&s);
    }

    #[test]
    fn never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        if let Ok(c) = canonicalize_bytes(&bytes) {
            prop_assert!(c.is_ascii());
            prop_assert_eq!(canonicalize(&c), Ok(c.clone()));
            prop_assert!(expressions(&c).len() <= MAX_EXPRESSIONS);
        }
    }

    #[test]
    fn idempotent_on_url_like_text(s in url_like()) {
        if let Ok(c) = canonicalize(&s) {
            prop_assert_eq!(canonicalize(&c), Ok(c.clone()), "from {:?}", s);
        }
    }

    #[test]
    fn idempotent_on_any_text(s in "\\PC{0,80}") {
        if let Ok(c) = canonicalize(&s) {
            prop_assert_eq!(canonicalize(&c), Ok(c.clone()), "from {:?}", s);
        }
    }

    #[test]
    fn expressions_bounded_and_hold_entry_key(s in url_like()) {
        if let Ok(c) = canonicalize(&s) {
            let exprs = expressions(&c);
            prop_assert!(exprs.len() <= MAX_EXPRESSIONS, "{} for {:?}", exprs.len(), c);
            prop_assert!(exprs.contains(&entry_key(&c)), "{:?} lacks key of {:?}", exprs, c);
        }
    }

    #[test]
    fn display_survives_normalisation(s in url_like()) {
        if let Ok(n) = normalize_url(&s) {
            prop_assert_eq!(n.kind, Kind::Url);
            prop_assert!(n.canonical.is_ascii());
        }
    }
}
