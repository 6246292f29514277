//! quell: incident response for services whose tenants live in PostgreSQL.
//!
//! The library holds everything; `main.rs` only parses, calls [`app::run`] and maps
//! errors to exit codes with [`report`]. Data flows one way: `cli` → `config` →
//! a connected `db::Session` → a domain module returning plain data → `output`.

pub mod actions;
pub mod app;
pub mod artifacts;
pub mod attribution;
pub mod cli;
pub mod commands;
pub mod config;
pub mod confirm;
pub mod control;
pub mod db;
pub mod error;
pub mod inspect;
pub mod interrupt;
pub mod jobs;
pub mod level;
pub mod notice;
pub mod output;
pub mod playbook;
pub mod rehearse;
pub mod sandbox;
pub mod tenants;
pub mod values;
pub mod vocab;
pub mod yaml;

pub use error::{report, Exit};
