//! Tenant orgs: how they are configured (`tenants:` in quell.yaml) and how a
//! session is attributed to one. Suspending and resuming orgs lands here too.

mod config;

pub use config::{SessionOrg, TenantsConfig};
