//! SeaORM entities of execution control: metrics, reports, attachments,
//! extensions, period locks, notifications, issued documents.

use crate::db::simple_entity as entity;

entity!(measure_metric, "measure_metrics", {
    measure_id: i32, position: i32, key: String, label: String, required: bool,
});

entity!(report, "reports", {
    measure_id: i32,
    agency_id: i32,
    period: String,
    status: String,
    body: String,
    /// `{"key": number}` as JSON.
    metrics: String,
    /// Set by the server at the first submission and never changed.
    first_submitted_at: Option<DateTimeUtc>,
    submitted_at: Option<DateTimeUtc>,
    decided_at: Option<DateTimeUtc>,
    coordinator_comment: Option<String>,
    updated_by: i32,
    updated_at: DateTimeUtc,
});

entity!(attachment, "attachments", {
    report_id: i32, file_name: String, content_type: String, size: i64, sha256: String,
    content: Vec<u8>, uploaded_by: i32, uploaded_at: DateTimeUtc,
});

entity!(extension, "extensions", {
    measure_id: i32, agency_id: i32, period: String, requested_due: Date, reason: String,
    status: String, requested_by: i32, requested_at: DateTimeUtc, decided_by: Option<i32>,
    decided_at: Option<DateTimeUtc>, decision_comment: Option<String>,
});

entity!(period_lock, "period_locks", {
    plan_id: i32, period: String, locked_by: i32, locked_at: DateTimeUtc,
});

entity!(notification, "notifications", {
    user_id: i32, day: Date, body: String, created_at: DateTimeUtc, emailed: bool,
    read_at: Option<DateTimeUtc>,
    /// `""` for the day's reminder digest; an event notice's unique key
    /// (`report.return:12:…`) otherwise.
    event_key: String,
    /// The page the notice speaks of, a path from the site's root.
    link: Option<String>,
});

entity!(data_version, "data_versions", {
    plan_id: i32, period: String, version: i64,
});

entity!(issued_document, "issued_documents", {
    plan_id: i32,
    period: String,
    /// `consolidated_docx` or `consolidated_xlsx`.
    kind: String,
    number: String,
    /// The author organisation as configured when issued; '' when none.
    organisation: String,
    issued_on: Date,
    /// The year of `issued_on`: numbers run per year.
    year: i32,
    /// The user who issued it; none for the CLI.
    issued_by: Option<i32>,
    issued_by_login: String,
    issued_at: DateTimeUtc,
    file_name: String,
    content_type: String,
    bytes: Vec<u8>,
});
