//! Dozor: execution control of a regional plan of preventive measures
//! against IT-enabled crime.

pub mod accounts;
pub mod activity;
pub mod actor;
pub mod agency;
pub mod app;
pub mod check;
pub mod cli;
pub mod command;
pub mod config;
pub mod control;
pub mod db;
pub mod demo;
pub mod error;
pub mod municipality;
pub mod office;
pub mod plan;
pub mod registry;
pub mod ru;
pub mod serve;
pub mod state;
pub mod time;
pub mod web;
pub mod web_pages;
