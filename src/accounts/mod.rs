//! Accounts: users, roles, sessions and tokens (to come) and the audit log.

pub mod audit;
