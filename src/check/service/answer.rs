//! The answer to one checked value, with short advice in Russian.

use crate::check::index::Match;
use chrono::NaiveDate;
use dozor_indicator::card::mask_card_numbers;
use dozor_indicator::model::{Category, Kind, NormalizeError, Normalized, Status};
use serde::Serialize;
use utoipa::ToSchema;

/// `{"query","kind","canonical","listed","match","advice"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct Answer {
    /// The value as sent; for a card, its BIN and last four digits.
    pub query: String,
    /// url, domain, phone, card, account, social, messenger, listing; null when not recognised.
    #[schema(value_type = Option<String>)]
    pub kind: Option<Kind>,
    /// The canonical form; for a card, like `query`, its BIN and last four
    /// (its stored key is the HMAC, which the API does not give out).
    pub canonical: Option<String>,
    pub listed: bool,
    pub r#match: Option<MatchOut>,
    /// What to do, in Russian.
    pub advice: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct MatchOut {
    #[schema(value_type = String)]
    pub category: Category,
    pub category_label: &'static str,
    #[schema(value_type = String)]
    pub status: Status,
    pub status_label: &'static str,
    pub first_seen: NaiveDate,
    /// For a link: the lookup expression or the listed domain that matched.
    pub expression: Option<String>,
}

impl Answer {
    pub fn found(query: &str, n: Normalized, found: Option<Match>) -> Answer {
        let advice = match &found {
            Some(m) => listed_advice(m.entry.category).to_owned(),
            None => not_listed_advice(n.kind).to_owned(),
        };
        let r#match = found.map(|m| MatchOut {
            category: m.entry.category,
            category_label: m.entry.category.label(),
            status: m.entry.status,
            status_label: m.entry.status.label(),
            first_seen: m.entry.first_seen(),
            expression: (n.kind == Kind::Url).then_some(m.matched),
        });
        // A card number is echoed as BIN and last four only: answers end up
        // in logs and browser histories, and the full number must not. Nor
        // its HMAC: with it, anyone holding an export could confirm guesses
        // of the hidden digits against the hashes there.
        let (query, canonical) = if n.kind == Kind::Card {
            (n.display.clone(), n.display)
        } else {
            (query.to_owned(), n.canonical)
        };
        Answer {
            query,
            kind: Some(n.kind),
            canonical: Some(canonical),
            listed: r#match.is_some(),
            r#match,
            advice,
        }
    }

    pub fn unrecognised(query: &str, e: &NormalizeError) -> Answer {
        let advice = match e {
            NormalizeError::Empty => "Пустой запрос: вставьте ссылку, номер телефона, карты или счёта.".to_owned(),
            NormalizeError::NoCardKey => "Проверка номеров карт сейчас недоступна. Не сообщайте номер карты, срок действия и код с обратной стороны никому.".to_owned(),
            NormalizeError::Invalid { kind, .. } => format!(
                "Похоже на {}, но значение не удалось разобрать: проверьте, что скопировали его полностью.",
                kind.accusative()
            ),
            NormalizeError::Unrecognized => "Не удалось распознать значение: укажите ссылку, домен, номер телефона, карты или счёта, страницу в соцсети или аккаунт мессенджера.".to_owned(),
        };
        Answer {
            query: mask_card_numbers(query).into_owned(),
            kind: None,
            canonical: None,
            listed: false,
            r#match: None,
            advice,
        }
    }
}

fn listed_advice(category: Category) -> &'static str {
    match category {
        Category::Phishing => {
            "Есть в реестре мошеннических ресурсов. Не вводите данные карты и пароли, не переходите по ссылке."
        }
        Category::FakeShop => {
            "Есть в реестре: фальшивый магазин. Не платите заранее и не переводите деньги на карту продавца."
        }
        Category::FakeInvestment => {
            "Есть в реестре: лжеинвестиции. Не переводите деньги и не устанавливайте предложенные программы."
        }
        Category::FakeBankCall => {
            "Есть в реестре. Банк не звонит с просьбой назвать код из СМС или перевести деньги на «безопасный счёт»: положите трубку и позвоните в банк по номеру с карты."
        }
        Category::FakeDelivery => {
            "Есть в реестре: фальшивая доставка. Не оплачивайте «доставку» по ссылке и не сообщайте коды из СМС."
        }
        Category::Malware => {
            "Есть в реестре: вредоносная программа. Ничего не скачивайте и не устанавливайте по этой ссылке."
        }
        Category::Other => {
            "Есть в реестре мошеннических ресурсов. Не переводите деньги и не сообщайте личные данные."
        }
    }
}

fn not_listed_advice(kind: Kind) -> &'static str {
    match kind {
        Kind::Url | Kind::Domain => {
            "В реестре нет, но это не гарантия безопасности: проверьте адрес сайта и не вводите данные карты по ссылке из сообщения."
        }
        Kind::Phone | Kind::Messenger => {
            "В реестре нет, но это не гарантия безопасности: не называйте коды из СМС и не переводите деньги по просьбе звонящего."
        }
        Kind::Card | Kind::Account => {
            "В реестре нет, но это не гарантия безопасности: не переводите деньги незнакомым людям."
        }
        Kind::Social | Kind::Listing => {
            "В реестре нет, но это не гарантия безопасности: не платите заранее и не переходите на другие сайты для оплаты."
        }
    }
}
