//! quell's integration tests: the real binary against real PostgreSQL clusters
//! started by quell's own sandbox code (one shared cluster per test binary, a fresh
//! database per test; tests that must saturate a server start their own).

mod support;

mod activity;
mod artifacts;
mod backends;
mod config;
mod connect;
mod connections;
mod control;
mod docs;
mod doctor;
mod duress;
mod fidelity;
mod fleet;
mod jobs;
mod locks;
mod notice;
mod playbook;
mod playbook_flow;
mod rehearse;
mod roles;
mod sandbox;
mod saturation;
mod tenants;
