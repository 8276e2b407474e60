//! The names the registry API takes and gives (kinds, categories, statuses,
//! blocking tracks and steps) as OpenAPI string enums, built from the
//! model's own lists so the document cannot drift from what is accepted.

use crate::registry::blocking::{END_STEPS, Track};
use dozor_indicator::model::{Category, Kind, Status};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

fn names(description: &str, values: Vec<&'static str>) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .enum_values(Some(values))
        .into()
}

/// A kind of indicator: url, domain, phone, card, …
pub struct KindName;

impl PartialSchema for KindName {
    fn schema() -> RefOr<Schema> {
        names(
            "Вид ресурса",
            Kind::ALL.iter().map(|k| k.as_str()).collect(),
        )
    }
}
impl ToSchema for KindName {}

/// A category of fraud: phishing, fake_shop, …
pub struct CategoryName;

impl PartialSchema for CategoryName {
    fn schema() -> RefOr<Schema> {
        let all = Category::ALL.iter().map(|c| c.as_str()).collect();
        names("Категория мошенничества", all)
    }
}
impl ToSchema for CategoryName {}

/// Where an indicator stands: active, blocking, blocked, …
pub struct StatusName;

impl PartialSchema for StatusName {
    fn schema() -> RefOr<Schema> {
        let all = Status::ALL.iter().map(|s| s.as_str()).collect();
        names("Состояние ресурса", all)
    }
}
impl ToSchema for StatusName {}

/// judicial or extrajudicial.
pub struct TrackName;

impl PartialSchema for TrackName {
    fn schema() -> RefOr<Schema> {
        let all = [Track::Judicial, Track::Extrajudicial].map(Track::as_str);
        names("Порядок блокировки", all.to_vec())
    }
}
impl ToSchema for TrackName {}

/// A step of either track, or one that ends a track.
pub struct StepName;

impl PartialSchema for StepName {
    fn schema() -> RefOr<Schema> {
        let mut all: Vec<&'static str> = Vec::new();
        let tracks = [Track::Judicial, Track::Extrajudicial];
        for s in tracks
            .iter()
            .flat_map(|t| t.steps())
            .chain(END_STEPS.iter())
        {
            if !all.contains(s) {
                all.push(s);
            }
        }
        names("Шаг блокировки", all)
    }
}
impl ToSchema for StepName {}
