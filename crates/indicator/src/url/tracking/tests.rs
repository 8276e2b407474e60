//! Tracking parameters leave a URL's canonical form, and nothing else does.

use crate::url::{canonicalize, normalize_url};
use proptest::prelude::*;

fn canon(raw: &str) -> String {
    normalize_url(raw)
        .unwrap_or_else(|e| panic!("{raw}: {e}"))
        .canonical
}

#[test]
fn tracking_parameters_are_dropped_the_rest_kept_in_order() {
    for (raw, want) in [
        (
            "https://shop.example/item?utm_source=vk&utm_medium=post",
            "https://shop.example/item",
        ),
        (
            "https://shop.example/item?b=2&utm_campaign=x&a=1&fbclid=IwAR0",
            "https://shop.example/item?b=2&a=1",
        ),
        (
            "http://x.example/?gclid=1&yclid=2&ysclid=3",
            "http://x.example/",
        ),
        (
            "http://x.example/p?_openstat=abc;def&id=5",
            "http://x.example/p?id=5",
        ),
        (
            "http://x.example/p?msclkid=1&igshid=2&q",
            "http://x.example/p?q",
        ),
        // Escaped names are the same names once unescaped.
        (
            "http://x.example/p?utm%5Fsource=1&k=v",
            "http://x.example/p?k=v",
        ),
        ("http://x.example/p?utm_source", "http://x.example/p"),
        ("http://x.example/p?&utm_source=1", "http://x.example/p"),
        ("http://x.example/p?utm_source=1#frag", "http://x.example/p"),
    ] {
        assert_eq!(canon(raw), want, "{raw}");
    }
}

#[test]
fn lookalikes_and_content_parameters_stay() {
    for raw in [
        "http://x.example/p?from=main",
        "http://x.example/p?ref=abc",
        "http://x.example/p?utm=1",
        "http://x.example/p?UTM_SOURCE=1",
        "http://x.example/p?xutm_source=1",
        "http://x.example/p?gclid2=1",
        "http://x.example/p?a=utm_source",
        "http://x.example/p?",
        "http://x.example/p?a&&b",
    ] {
        assert_eq!(canon(raw), canonicalize(raw).unwrap(), "{raw}");
    }
}

#[test]
fn a_listed_page_matches_however_it_was_shared() {
    let listed = canon("https://pay-secure.example/card?order=77");
    for shared in [
        "https://pay-secure.example/card?order=77&utm_source=telegram",
        "https://pay-secure.example/card?utm_medium=cpc&order=77&yclid=123",
        "pay-secure.example/card?order=77&fbclid=IwAR",
    ] {
        let c = canon(shared);
        assert!(
            c.ends_with("pay-secure.example/card?order=77"),
            "{shared}: {c}"
        );
    }
    assert_eq!(listed, "https://pay-secure.example/card?order=77");
}

fn tracking_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "utm_[a-z]{0,8}",
        Just("fbclid".to_owned()),
        Just("gclid".to_owned()),
        Just("yclid".to_owned()),
        Just("_openstat".to_owned()),
    ]
}

proptest! {
    /// Without tracking parameters the spec's form is the canonical form.
    #[test]
    fn no_change_without_tracking_parameters(
        path in "/[a-z0-9/._-]{0,12}",
        query in proptest::option::of("[a-zA-Z0-9=&;%+.,_-]{0,24}"),
    ) {
        let raw = format!("http://x.example{path}{}", query.map(|q| format!("?{q}")).unwrap_or_default());
        if let Ok(spec) = canonicalize(&raw) {
            let has_tracking = spec.split_once('?').is_some_and(|(_, q)| {
                q.split('&').any(|p| {
                    let name = p.split_once('=').map_or(p, |(n, _)| n);
                    name.starts_with("utm_")
                        || ["fbclid", "gclid", "gclsrc", "gbraid", "wbraid", "dclid", "msclkid",
                            "yclid", "ysclid", "_openstat", "igshid", "mc_cid", "mc_eid",
                            "ttclid", "twclid"].contains(&name)
                })
            });
            prop_assume!(!has_tracking);
            prop_assert_eq!(canon(&raw), spec);
        }
    }

    /// Adding tracking parameters anywhere changes nothing.
    #[test]
    fn tracking_parameters_never_matter(
        params in proptest::collection::vec(("[a-z]{1,4}", "[a-z0-9]{0,4}"), 0..4),
        tracking in proptest::collection::vec((tracking_name(), "[a-z0-9]{0,4}"), 1..3),
        at in 0usize..4,
    ) {
        let pairs: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let plain = if pairs.is_empty() {
            "http://x.example/p".to_owned()
        } else {
            format!("http://x.example/p?{}", pairs.join("&"))
        };
        let mut all = pairs.clone();
        for (i, (k, v)) in tracking.iter().enumerate() {
            all.insert((at + i).min(all.len()), format!("{k}={v}"));
        }
        let shared = format!("http://x.example/p?{}", all.join("&"));
        prop_assert_eq!(canon(&shared), canon(&plain));
    }

    /// The canonical form normalises to itself.
    #[test]
    fn canonical_urls_are_fixed_points(s in "(https?://)?[a-z]{1,6}\\.example(/[a-z_%0-9]{0,6}){0,3}(\\?([a-z_]{1,8}(=[a-z0-9]{0,3})?&?){0,4})?") {
        if let Ok(n) = normalize_url(&s) {
            prop_assert_eq!(canon(&n.canonical), n.canonical.clone(), "from {:?}", s);
        }
    }
}
