//! Throwaway PostgreSQL clusters for quell's integration tests, benchmark and
//! `quell sandbox up/down/status`, started from the local server binaries
//! (`initdb`, `pg_ctl`, `postgres`, `psql` from one bindir).
//!
//! This module owns finding the binaries ([`find_bindir`]), creating, starting,
//! attaching to, stopping and removing clusters ([`Cluster`]), and making sure a
//! temporary cluster is cleaned up even when its owning process never runs
//! `Drop` (a detached watchdog). It does not own a database client: SQL runs
//! through the cluster's own `psql` ([`Cluster::psql`]); connecting with a real
//! driver is the caller's business via [`Cluster::dsn`] / [`Cluster::socket_dsn`].
//! It does not touch any other PostgreSQL on the machine (e.g. the system one on
//! port 5432): every cluster gets its own directory, socket directory and port.
//!
//! When run as root, the server-side binaries run as the `postgres` OS user
//! (initdb and pg_ctl refuse root), and the cluster directory is owned by it.

mod bindir;
mod cluster;
mod config;
pub mod local;
mod runas;
pub mod scenario;
mod state;
mod watchdog;

#[cfg(test)]
mod tests;

pub use bindir::{
    find_bindir, parse_server_version_num, pg_cron_available, pkglibdir, BindirError, BindirSearch,
    REQUIRED_BINARIES,
};
pub use cluster::{Cluster, Removed};
pub use config::ClusterOptions;
pub use state::STATE_FILE;
