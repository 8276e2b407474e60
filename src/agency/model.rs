//! Agency names and their aliases: the okrug's main agencies are built in,
//! and every spelling maps to one agency through a normalised alias key.
//! Pure: no I/O.

/// A built-in agency: full name, short name, and the other spellings plans use.
pub struct BuiltinAgency {
    pub name: &'static str,
    pub short_name: &'static str,
    pub aliases: &'static [&'static str],
}

pub const BUILTIN: &[BuiltinAgency] = &[
    BuiltinAgency {
        name: "Прокуратура Ханты-Мансийского автономного округа – Югры",
        short_name: "Прокуратура округа",
        aliases: &[
            "Прокуратура округа",
            "Прокуратура автономного округа",
            "Прокуратура ХМАО-Югры",
            "Прокуратура ХМАО",
            "Прокуратура Ханты-Мансийского автономного округа",
        ],
    },
    BuiltinAgency {
        name: "Управление Министерства внутренних дел Российской Федерации по Ханты-Мансийскому автономному округу – Югре",
        short_name: "УМВД России по ХМАО-Югре",
        aliases: &[
            "УМВД России по ХМАО-Югре",
            "УМВД России по Ханты-Мансийскому автономному округу – Югре",
            "УМВД РФ по ХМАО-Югре",
            "УМВД по ХМАО-Югре",
            "УМВД России по ХМАО",
            "УМВД",
        ],
    },
    BuiltinAgency {
        name: "Следственное управление Следственного комитета Российской Федерации по Ханты-Мансийскому автономному округу – Югре",
        short_name: "СУ СК России по ХМАО-Югре",
        aliases: &[
            "СУ СК России по ХМАО-Югре",
            "СУ СК РФ по ХМАО-Югре",
            "СУ СК России по Ханты-Мансийскому автономному округу – Югре",
            "СУ СК по ХМАО-Югре",
            "СУ СК",
        ],
    },
    BuiltinAgency {
        name: "Департамент образования и науки Ханты-Мансийского автономного округа – Югры",
        short_name: "Депобразования и науки Югры",
        aliases: &[
            "Департамент образования и молодежной политики Ханты-Мансийского автономного округа – Югры",
            "Департамент образования и молодежной политики ХМАО-Югры",
            "Депобразования и молодежи Югры",
        ],
    },
    BuiltinAgency {
        name: "Департамент социального развития Ханты-Мансийского автономного округа – Югры",
        short_name: "Депсоцразвития Югры",
        aliases: &["Департамент социального развития ХМАО-Югры"],
    },
    BuiltinAgency {
        name: "Департамент информационных технологий и цифрового развития Ханты-Мансийского автономного округа – Югры",
        short_name: "Депинформтехнологий Югры",
        aliases: &["Департамент информационных технологий и цифрового развития ХМАО-Югры"],
    },
    BuiltinAgency {
        name: "Департамент общественных, внешних связей и молодежной политики Ханты-Мансийского автономного округа – Югры",
        short_name: "Депполитики Югры",
        aliases: &["Департамент общественных и внешних связей ХМАО-Югры"],
    },
];

/// The key two spellings share when they name the same agency: lower case,
/// "ё" as "е", every dash a bare hyphen, quotes and dots dropped, spaces squashed.
pub fn alias_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.to_lowercase().chars() {
        match c {
            'ё' => out.push('е'),
            '-' | '–' | '—' | '‑' | '−' => out.push('-'),
            '«' | '»' | '"' | '“' | '”' | '„' | '\'' | '.' => {}
            c if c.is_whitespace() => out.push(' '),
            c => out.push(c),
        }
    }
    let squashed = crate::ru::squash(&out);
    squashed.replace(" -", "-").replace("- ", "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashes_case_and_spaces_do_not_matter() {
        assert_eq!(
            alias_key("Прокуратура Ханты-Мансийского автономного округа – Югры"),
            alias_key("прокуратура  Ханты-Мансийского автономного округа-Югры")
        );
        assert_eq!(alias_key("«УМВД»  России."), alias_key("умвд россии"));
        assert_ne!(alias_key("СУ СК"), alias_key("УМВД"));
    }

    #[test]
    fn builtin_aliases_do_not_collide() {
        let mut owner_of = std::collections::HashMap::new();
        for a in BUILTIN {
            for n in [a.name, a.short_name].iter().chain(a.aliases) {
                if let Some(prev) = owner_of.insert(alias_key(n), a.name) {
                    assert_eq!(prev, a.name, "{n} names two agencies");
                }
            }
        }
    }
}
