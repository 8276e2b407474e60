//! SeaORM entities of the activity journal: activities, their co-organiser
//! agencies and their evidence files.

use crate::db::simple_entity as entity;

entity!(activity, "activities", {
    plan_id: i32,
    measure_id: i32,
    /// The executing agency that owns the record.
    agency_id: i32,
    /// `activity::kind::Kind` code.
    kind: String,
    starts_on: Date,
    ends_on: Option<Date>,
    /// The quarter of `starts_on`, e.g. `2020-Q3`.
    period: String,
    /// `None`: the okrug as a whole.
    municipality_id: Option<i32>,
    venue: String,
    audience: String,
    reached: i64,
    title: String,
    description: String,
    /// JSON array of normalised http(s) URLs.
    links: String,
    /// JSON array of partner names.
    partners: String,
    /// JSON object of the kind's own fields.
    details: String,
    /// SHA-256 of the identifying fields: what a re-import recognises.
    fingerprint: String,
    created_by: Option<i32>,
    created_at: DateTimeUtc,
    updated_by: Option<i32>,
    updated_at: DateTimeUtc,
});

entity!(activity_agency, "activity_agencies", {
    activity_id: i32, agency_id: i32,
});

entity!(activity_attachment, "activity_attachments", {
    activity_id: i32, file_name: String, content_type: String, size: i64, sha256: String,
    content: Vec<u8>, uploaded_by: i32, uploaded_at: DateTimeUtc,
});
