//! Listings on marketplaces and classified sites, and links that are not listings.

use super::*;
use crate::tests::*;

#[test]
fn listings() {
    for (raw, want) in [
        (
            "https://www.avito.ru/moskva/telefony/iphone_12_1234567890",
            "avito.ru/1234567890",
        ),
        (
            "avito.ru/moskva/telefony/iphone_12_1234567890?utm_source=x",
            "avito.ru/1234567890",
        ),
        (
            "https://m.avito.ru/ekaterinburg/kvartiry/2-k_kvartira_45m_1234567890#photo",
            "avito.ru/1234567890",
        ),
        (
            "https://youla.ru/moskva/smartfony/iphone-5F1D2C3B4A5E6F7A8B9C0D1E",
            "youla.ru/5f1d2c3b4a5e6f7a8b9c0d1e",
        ),
        (
            "https://www.ozon.ru/product/smartfon-apple-iphone-12-123456789/?sh=x",
            "ozon.ru/123456789",
        ),
        (
            "https://www.wildberries.ru/catalog/12345678/detail.aspx?targetUrl=GP",
            "wildberries.ru/12345678",
        ),
        (
            "https://auto.drom.ru/moskva/toyota/camry/45678901.html",
            "drom.ru/45678901",
        ),
        (
            "https://novosibirsk.drom.ru/toyota/corolla/45678901.html",
            "drom.ru/45678901",
        ),
        (
            "https://auto.ru/cars/used/sale/toyota/camry/1114561234-5A6B7C8D/",
            "auto.ru/1114561234-5a6b7c8d",
        ),
    ] {
        let n = normalize_listing(raw).unwrap();
        assert_eq!(n.kind, Kind::Listing);
        assert_eq!(n.canonical, want, "{raw}");
        assert_eq!(n.display, want);
    }
}

#[test]
fn not_listings() {
    for bad in [
        "https://www.ebay.com/itm/1234567890",
        "https://shop.example.ru/item_1234567890",
        "https://www.avito.ru/moskva",
        "https://www.avito.ru/moskva/kvartiry_2",
        "https://youla.ru/moskva/smartfony",
        "https://www.ozon.ru/category/smartfony-15502/",
        "https://www.wildberries.ru/",
        "https://auto.drom.ru/moskva/toyota/",
        "https://auto.ru/cars/used/",
    ] {
        assert_eq!(
            invalid_kind(normalize_listing(bad)),
            Some(Kind::Listing),
            "{bad}"
        );
    }
}
