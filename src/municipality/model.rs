//! The built-in municipalities and the key that matches their spellings.
//! Pure: no I/O.

/// The okrug's municipalities, `name,kind`, as every store gets them.
pub const BUILTIN_CSV: &str = include_str!("../../examples/municipalities-khmao.csv");

/// The kinds a municipality may be.
pub const KINDS: &[&str] = &["городской округ", "муниципальный район"];

/// `(name, kind)` of each built-in municipality.
pub fn builtin() -> Vec<(&'static str, &'static str)> {
    BUILTIN_CSV
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (name, kind) = l.split_once(',').unwrap_or((l, ""));
            (name.trim(), kind.trim())
        })
        .collect()
}

/// The key two spellings share when they name one municipality: see
/// `ru::place::key` (it lives there because the migration seeds keys).
pub fn name_key(name: &str) -> String {
    crate::ru::place::key(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn there_are_22_of_two_kinds() {
        let all = builtin();
        assert_eq!(all.len(), 22);
        assert_eq!(all.iter().filter(|m| m.1 == "городской округ").count(), 13);
        assert!(all.iter().all(|m| KINDS.contains(&m.1)));
    }

    /// Each spelling officials use and the built-in name it must reach.
    const SPELLINGS: &[(&str, &str)] = &[
        ("г. Сургут", "Сургут"),
        ("Сургут", "Сургут"),
        ("городской округ Сургут", "Сургут"),
        ("город Сургут", "Сургут"),
        ("Городской округ город Сургут", "Сургут"),
        ("г.Сургут", "Сургут"),
        ("Сургутский муниципальный район", "Сургутский район"),
        ("Сургутский р-н", "Сургутский район"),
        ("Сургутский МР", "Сургутский район"),
        ("СУРГУТСКИЙ  РАЙОН", "Сургутский район"),
        ("г. Ханты-Мансийск", "Ханты-Мансийск"),
        ("Ханты–Мансийск", "Ханты-Мансийск"),
        ("Ханты-Мансийский район", "Ханты-Мансийский район"),
        (
            "Ханты-Мансийский муниципальный район",
            "Ханты-Мансийский район",
        ),
        ("г. Нефтеюганск", "Нефтеюганск"),
        ("Нефтеюганский р-н", "Нефтеюганский район"),
        ("город Нижневартовск", "Нижневартовск"),
        ("Нижневартовский МР", "Нижневартовский район"),
        ("Березовский район", "Берёзовский район"),
        ("г. Пыть-Ях", "Пыть-Ях"),
        ("Пыть Ях", "Пыть-Ях"),
        ("городской округ Радужный", "Радужный"),
        ("г. Югорск", "Югорск"),
    ];

    #[test]
    fn every_spelling_reaches_its_municipality() {
        let all = builtin();
        for (spelling, name) in SPELLINGS {
            let found: Vec<&str> = all
                .iter()
                .filter(|m| name_key(m.0) == name_key(spelling))
                .map(|m| m.0)
                .collect();
            assert_eq!(found, [*name], "«{spelling}»");
        }
    }

    #[test]
    fn a_city_never_matches_its_district() {
        for (city, district) in [
            ("Сургут", "Сургутский район"),
            ("Ханты-Мансийск", "Ханты-Мансийский район"),
            ("Нефтеюганск", "Нефтеюганский район"),
            ("Нижневартовск", "Нижневартовский район"),
        ] {
            assert_ne!(name_key(city), name_key(district));
            assert_ne!(name_key(&format!("г. {city}")), name_key(district));
        }
    }

    #[test]
    fn each_builtin_key_is_distinct() {
        let mut keys: Vec<String> = builtin().iter().map(|m| name_key(m.0)).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), 22);
        assert!(keys.iter().all(|k| !k.is_empty()));
    }

    proptest! {
        #[test]
        fn the_key_is_idempotent(s in "\\PC{0,40}") {
            let k = name_key(&s);
            prop_assert_eq!(name_key(&k), k);
        }
    }
}
