//! The `quell` control schema in a target: versioned migrations (`quell init`), the
//! action journal (`quell.actions`, read by `quell log`), and who is acting.
//!
//! Tenants and jobs keep their own ledgers (`quell.suspensions`, `quell.job_pauses`)
//! in this schema, written in the same transaction as the change they record.

mod ledger;
mod migrations;

pub use ledger::{read_log, record, Action, Actor, LogFilter, LogRow};
pub use migrations::{
    ensure_current, init, migrate, Initialised, JobsInitialised, Migrated, SCHEMA_VERSION,
};
