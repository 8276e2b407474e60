//! Dozor's integration tests: one binary. Store tests run on SQLite and, with
//! `--ignored` and `DOZOR_TEST_POSTGRES_URL`, on PostgreSQL, each test in a
//! database of its own.

#![allow(clippy::unwrap_used)] // a panic in a test is a failing test

mod helpers;

mod activity;
mod activity_evidence;
mod activity_journal;
mod api;
mod api_contract;
mod api_review;
mod blocking_doc;
mod browser;
mod browser_attach;
mod browser_widths;
mod check;
mod check_feed;
mod cli;
mod cli_tokens;
mod consolidated;
mod dashboard_queue;
mod errors_in_place;
mod execution_truth;
mod file_names;
mod identity;
mod identity_migration;
mod issued_documents;
mod liveness;
mod login_backoff;
mod lookup;
mod measure_details;
mod module_graph;
mod municipalities;
mod municipalities_web;
mod notify_events;
mod obligations_page;
mod page_chrome;
mod plan_sections;
mod plan_store;
mod plans_active;
mod proxy;
mod registry;
mod registry_api;
mod registry_cases;
mod registry_measures;
mod registry_pages;
mod reminders;
mod serve_limits;
mod smtp_sink;
mod smtp_tls;
mod upgrade;
mod web;
mod web_admin;
mod web_client;
mod web_control;
mod web_logs;
mod web_nul;
mod web_plans;
mod web_security;
mod web_upload_htmx;
mod zip_bomb;
