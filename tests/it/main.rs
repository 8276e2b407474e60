//! Dozor's integration tests: one binary. Store tests run on SQLite and, with
//! `--ignored` and `DOZOR_TEST_POSTGRES_URL`, on PostgreSQL, each test in a
//! database of its own.

#![allow(clippy::unwrap_used)] // a panic in a test is a failing test

mod helpers;

mod cli;
mod plan_store;
mod web;
mod web_client;
