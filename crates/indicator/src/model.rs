//! The types the normalisers and every reader of indicators share: the kind
//! of a value, its canonical form and why a value is refused, the card key,
//! and an indicator's category and status as the registry records them and
//! the check service reports them. `detect::normalize` detects the kind
//! (unless given) and canonicalises; the per-kind rules live in the sibling
//! modules.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What an indicator is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Url,
    Domain,
    Phone,
    Card,
    Account,
    Social,
    Messenger,
    Listing,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Url,
        Kind::Domain,
        Kind::Phone,
        Kind::Card,
        Kind::Account,
        Kind::Social,
        Kind::Messenger,
        Kind::Listing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Url => "url",
            Kind::Domain => "domain",
            Kind::Phone => "phone",
            Kind::Card => "card",
            Kind::Account => "account",
            Kind::Social => "social",
            Kind::Messenger => "messenger",
            Kind::Listing => "listing",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The kind's name in Russian, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Url => "ссылка",
            Kind::Domain => "домен",
            Kind::Phone => "номер телефона",
            Kind::Card => "номер банковской карты",
            Kind::Account => "банковский счёт",
            Kind::Social => "страница в социальной сети",
            Kind::Messenger => "аккаунт мессенджера",
            Kind::Listing => "объявление на торговой площадке",
        }
    }

    /// The kind's name in the accusative, as after «Похоже на».
    pub fn accusative(self) -> &'static str {
        match self {
            Kind::Url => "ссылку",
            Kind::Domain => "домен",
            Kind::Phone => "номер телефона",
            Kind::Card => "номер карты",
            Kind::Account => "номер счёта",
            Kind::Social => "страницу в соцсети",
            Kind::Messenger => "аккаунт мессенджера",
            Kind::Listing => "объявление",
        }
    }
}

/// A value in canonical form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Normalized {
    pub kind: Kind,
    /// What the registry matches on. For a card: HMAC-SHA256 under the card key, hex.
    pub canonical: String,
    /// What people see. For a card: BIN and the last four digits only.
    pub display: String,
}

/// Why a value is not a valid indicator; names the kind it expected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NormalizeError {
    #[error("Пустое значение")]
    Empty,
    #[error("Не похоже на {}: {reason}", kind.accusative())]
    Invalid { kind: Kind, reason: String },
    #[error("Не удалось определить вид значения")]
    Unrecognized,
    #[error(
        "Номера карт сейчас не принимаются: администратор не настроил ключ для их защищённого хранения"
    )]
    NoCardKey,
}

impl NormalizeError {
    pub fn invalid(kind: Kind, reason: impl Into<String>) -> NormalizeError {
        NormalizeError::Invalid {
            kind,
            reason: reason.into(),
        }
    }
}

/// The key of the card HMAC; never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct CardKey(pub Vec<u8>);

impl fmt::Debug for CardKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CardKey(***)")
    }
}

/// What a resource was used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Phishing,
    FakeShop,
    FakeInvestment,
    FakeBankCall,
    FakeDelivery,
    Malware,
    Other,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Phishing,
        Category::FakeShop,
        Category::FakeInvestment,
        Category::FakeBankCall,
        Category::FakeDelivery,
        Category::Malware,
        Category::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Phishing => "phishing",
            Category::FakeShop => "fake_shop",
            Category::FakeInvestment => "fake_investment",
            Category::FakeBankCall => "fake_bank_call",
            Category::FakeDelivery => "fake_delivery",
            Category::Malware => "malware",
            Category::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::Phishing => "фишинговый сайт",
            Category::FakeShop => "фальшивый магазин",
            Category::FakeInvestment => "лжеинвестиции",
            Category::FakeBankCall => "звонок от «службы безопасности банка»",
            Category::FakeDelivery => "фальшивая доставка",
            Category::Malware => "вредоносная программа",
            Category::Other => "иное мошенничество",
        }
    }
}

/// Where an indicator stands on its way to blocking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Active,
    Blocking,
    Blocked,
    Inaccessible,
    Restored,
    Appeal,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Active,
        Status::Blocking,
        Status::Blocked,
        Status::Inaccessible,
        Status::Restored,
        Status::Appeal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Blocking => "blocking",
            Status::Blocked => "blocked",
            Status::Inaccessible => "inaccessible",
            Status::Restored => "restored",
            Status::Appeal => "appeal",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Active => "действует",
            Status::Blocking => "на блокировке",
            Status::Blocked => "заблокирован",
            Status::Inaccessible => "недоступен",
            Status::Restored => "восстановлен",
            Status::Appeal => "обжалуется",
        }
    }
}
