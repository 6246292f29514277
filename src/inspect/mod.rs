//! Read-only views of a server: each submodule collects plain data from one
//! session and knows how to render it; none of them prints.

pub mod activity;
pub mod connections;
pub mod doctor;
pub mod locks;
pub mod roles;
pub mod snapshot;
