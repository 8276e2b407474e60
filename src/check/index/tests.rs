//! The in-memory check index: what a listed site, page, domain or value matches.

use super::*;
use dozor_indicator::detect::normalize;
use dozor_indicator::url::entry_key;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn entry(id: i32, kind: Kind) -> Entry {
    Entry::new(id, kind, Category::Phishing, Status::Active, day())
}

fn put(index: &mut Index, id: i32, kind: Kind, raw: &str) {
    let n = normalize(raw, Some(kind), None).unwrap();
    index.insert(key_from(kind, &n.canonical), entry(id, kind));
}

fn find(index: &Index, raw: &str) -> Option<Match> {
    index.lookup(&normalize(raw, None, None).unwrap())
}

#[test]
fn entries_are_small() {
    assert!(std::mem::size_of::<Entry>() <= 12);
    assert_eq!(entry(1, Kind::Url).first_seen(), day());
}

#[test]
fn a_listed_site_covers_its_pages_and_subdomains() {
    let mut index = Index::new();
    put(&mut index, 1, Kind::Url, "http://evil.example/");
    let m = find(&index, "http://evil.example/a/b?c").unwrap();
    assert_eq!((m.entry.id, m.matched.as_str()), (1, "evil.example/"));
    let m = find(&index, "http://sub.evil.example/x").unwrap();
    assert_eq!(m.matched, "evil.example/");
    assert!(find(&index, "http://good.example/").is_none());
    assert!(find(&index, "http://notevil.example/").is_none());
}

#[test]
fn a_listed_page_matches_only_that_page() {
    let mut index = Index::new();
    put(
        &mut index,
        1,
        Kind::Url,
        "https://shop.example/pay/card.php?id=7",
    );
    assert!(find(&index, "http://shop.example/pay/card.php?id=7").is_some());
    assert!(find(&index, "http://shop.example/").is_none());
    assert!(find(&index, "http://shop.example/pay/other.php").is_none());
}

#[test]
fn a_listed_domain_matches_urls_and_subdomains() {
    let mut index = Index::new();
    put(&mut index, 3, Kind::Domain, "evil.ru");
    let m = find(&index, "https://a.b.evil.ru/login?x=1").unwrap();
    assert_eq!((m.entry.id, m.matched.as_str()), (3, "evil.ru"));
    assert_eq!(find(&index, "evil.ru").unwrap().entry.id, 3);
    assert_eq!(find(&index, "mail.evil.ru").unwrap().entry.id, 3);
    assert!(find(&index, "http://ru/").is_none());
    assert!(find(&index, "https://notevil.ru/").is_none());
}

#[test]
fn a_domain_query_finds_a_whole_site_listed_as_url() {
    let mut index = Index::new();
    put(&mut index, 4, Kind::Url, "http://evil.ru/");
    assert_eq!(find(&index, "evil.ru").unwrap().matched, "evil.ru/");
}

#[test]
fn kinds_do_not_collide() {
    assert_ne!(
        key_from(Kind::Phone, "79123456789"),
        key_from(Kind::Account, "79123456789")
    );
    let mut index = Index::new();
    index.insert(key_from(Kind::Phone, "+79123456789"), entry(1, Kind::Phone));
    let account = Normalized {
        kind: Kind::Account,
        canonical: "+79123456789".into(),
        display: String::new(),
    };
    assert!(index.lookup(&account).is_none());
    let phone = Normalized {
        kind: Kind::Phone,
        ..account
    };
    assert_eq!(index.lookup(&phone).unwrap().entry.id, 1);
}

#[test]
fn remove_and_replace_by_id() {
    let mut index = Index::new();
    put(&mut index, 1, Kind::Url, "http://evil.example/");
    put(&mut index, 2, Kind::Url, "https://evil.example/");
    assert_eq!(index.len(), 2);
    assert_eq!(find(&index, "http://evil.example/x").unwrap().entry.id, 1);
    assert!(index.remove(1));
    assert!(!index.remove(1));
    // The https twin shares the key and still answers.
    assert_eq!(find(&index, "http://evil.example/x").unwrap().entry.id, 2);
    // Re-inserting id 2 under another key moves it.
    put(&mut index, 2, Kind::Url, "http://moved.example/");
    assert!(find(&index, "http://evil.example/x").is_none());
    assert_eq!(find(&index, "http://moved.example/").unwrap().entry.id, 2);
    assert_eq!(index.len(), 1);
}

#[test]
fn many_inserts_and_removes_stay_consistent() {
    let mut index = synthetic(5_000);
    for id in (0..5_000).step_by(2) {
        assert!(index.remove(id));
    }
    assert_eq!(index.len(), 2_500);
    for i in 0..5_000i32 {
        let key = format!("shop-{i:07}.example.ru/pay/card?order={}", i % 997);
        assert_eq!(index.get(&key).is_some(), i % 2 == 1, "{key}");
    }
    let again = synthetic(10);
    assert!(
        again
            .get("shop-0000003.example.ru/pay/card?order=3")
            .is_some()
    );
}

#[test]
fn a_reload_swaps_the_whole_index() {
    let shared = std::sync::RwLock::new(synthetic(3));
    assert!(
        shared
            .read()
            .unwrap()
            .get("shop-0000001.example.ru/pay/card?order=1")
            .is_some()
    );
    let mut fresh = Index::with_capacity(1);
    put(&mut fresh, 9, Kind::Domain, "new.ru");
    let old = std::mem::replace(&mut *shared.write().unwrap(), fresh);
    assert_eq!(old.len(), 3);
    let now = shared.read().unwrap();
    assert!(
        now.get("shop-0000001.example.ru/pay/card?order=1")
            .is_none()
    );
    assert_eq!(find(&now, "https://new.ru/").unwrap().entry.id, 9);
}

/// `cargo test --release --lib check::index::tests::build_million -- --ignored --nocapture`
#[test]
#[ignore = "measures build time and memory of a million entries"]
fn build_million() {
    let started = std::time::Instant::now();
    let index = synthetic(1_000_000);
    let elapsed = started.elapsed();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let rss = status
        .lines()
        .find(|l| l.starts_with("VmRSS"))
        .unwrap_or("VmRSS: ?");
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .unwrap_or("VmHWM: ?");
    println!("built {} entries in {elapsed:?}; {rss}; {hwm}", index.len());
    let started = std::time::Instant::now();
    let n = normalize(
        "http://shop-0123456.example.ru/pay/card?order=0",
        None,
        None,
    )
    .unwrap();
    let mut hits = 0;
    for _ in 0..100_000 {
        hits += usize::from(index.lookup(&n).is_some());
    }
    println!("100000 URL lookups in {:?}", started.elapsed());
    assert_eq!(index.len(), 1_000_000);
    assert_eq!(hits, 0);
    assert!(elapsed < std::time::Duration::from_secs(3));
}

#[test]
fn url_keys_are_the_entry_keys_at_their_exact_length() {
    for canonical in [
        "http://evil.example/",
        "http://evil.example",
        "https://a.b.example/x/y.php?q=1&r=%20",
        "http://1.2.3.4?x",
        "http://xn--e1afmkfd.xn--p1ai/путь",
        "evil.example/a",
    ] {
        let key = key_from(Kind::Url, canonical);
        assert_eq!(key, entry_key(canonical), "{canonical}");
        assert_eq!(key.capacity(), key.len(), "{canonical}");
    }
}
