//! The registry's own values, as its pages, API, CLI and imports hand them
//! to the store: a case reported with an indicator, a value to add and what
//! adding it did, whose cases a writer may touch, and the lengths taken.
//! The indicator's kinds, categories and statuses are `dozor_indicator::model`.

use crate::accounts::model::{CurrentUser, Role};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use dozor_indicator::model::{Category, Kind};

/// The longest case number and article taken, in characters: well above
/// real ones, well below what would bloat pages and documents.
pub const MAX_CASE_NUMBER: usize = 100;
pub const MAX_ARTICLE: usize = 200;

/// The longest step note taken, in characters.
pub const MAX_NOTE: usize = 2_000;

/// A crime report or case an indicator came from (also its JSON form).
#[derive(
    Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
pub struct CaseInput {
    /// At most MAX_CASE_NUMBER characters (the attribute takes a literal only).
    #[schema(max_length = 100)]
    pub number: String,
    pub registered_on: Option<NaiveDate>,
    pub agency_id: Option<i32>,
    /// At most MAX_ARTICLE characters.
    #[schema(max_length = 200)]
    pub article: Option<String>,
    pub damage: Option<i64>,
}

/// The category a value of `kind` most likely belongs to, proposed when
/// the form leaves it to the kind: a phone is a call «from the bank», not a
/// phishing site.
pub fn proposed_category(kind: Kind) -> Category {
    match kind {
        Kind::Url | Kind::Domain => Category::Phishing,
        Kind::Phone => Category::FakeBankCall,
        Kind::Listing => Category::FakeShop,
        Kind::Card | Kind::Account | Kind::Social | Kind::Messenger => Category::Other,
    }
}

/// One value to add.
pub struct NewIndicator<'a> {
    pub raw: &'a str,
    pub kind: Option<Kind>,
    pub category: Category,
    pub case: Option<CaseInput>,
    /// Whose case `case` may be.
    pub scope: CaseScope,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Added {
    New(i32),
    Merged(i32),
}

impl Added {
    pub fn id(self) -> i32 {
        match self {
            Added::New(id) | Added::Merged(id) => id,
        }
    }
}

/// Whose cases a writer may create and link: a coordinator (and the CLI,
/// run by whoever runs the server) any agency's; an executor only its own
/// agency's, or cases that name no agency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseScope {
    Any,
    Agency(i32),
}

impl CaseScope {
    pub fn of(user: &CurrentUser) -> Result<CaseScope> {
        match user.role {
            Role::Executor => user
                .agency_id
                .map(CaseScope::Agency)
                .ok_or(Error::Forbidden),
            _ => Ok(CaseScope::Any),
        }
    }

    pub(super) fn allows(self, agency_id: Option<i32>) -> bool {
        match (self, agency_id) {
            (CaseScope::Any, _) | (_, None) => true,
            (CaseScope::Agency(own), Some(a)) => own == a,
        }
    }
}

/// One step on an indicator's blocking track, as a person records it.
#[derive(Clone, Copy, Debug)]
pub struct NewStep<'a> {
    pub track: super::blocking::Track,
    /// One of the track's steps (`claim_filed`, `blocked`, …).
    pub step: &'a str,
    pub on: NaiveDate,
    pub deadline: Option<NaiveDate>,
    pub note: Option<&'a str>,
}
