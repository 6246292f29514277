//! The `doctor:` section of quell.yaml: every threshold a finding uses, with its
//! default. Documented in docs/commands/doctor.md's table; keep the two in step.

use std::time::Duration;

use serde::Deserialize;

use crate::values::HumanDuration;

/// Thresholds of `quell doctor`; every field is optional.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// connection_saturation is a warning at this utilization (default 0.75) …
    pub saturation_warning: f64,
    /// … and critical at this one (default 0.9).
    pub saturation_critical: f64,
    /// connection_storm: at least this many client backends younger than 1 s (default 10) …
    pub storm_min_young: u64,
    /// … making up at least this share of client backends: warning (default 0.25) …
    pub storm_warning_share: f64,
    /// … critical (default 0.5).
    pub storm_critical_share: f64,
    /// role_membership_fanout: a login role in this many roles is a warning (default 2000) …
    pub fanout_warning: i64,
    /// … and critical at this many (default 10000; 0.5 s per new connection on PG < 17).
    pub fanout_critical: i64,
    /// role_count: info at this many roles (default 1000) …
    pub role_count_info: i64,
    /// … warning at this many (default 5000).
    pub role_count_warning: i64,
    /// lwlock_contention: this many backends waiting on LWLocks is a warning (default 5) …
    pub lwlock_warning: usize,
    /// … and critical (default 20).
    pub lwlock_critical: usize,
    /// lock_chain: a lock wait this old is a warning (default 5s) …
    pub lock_wait_warning: HumanDuration,
    /// … and critical (default 1m); so is a chain of `lock_depth_critical` or deeper.
    pub lock_wait_critical: HumanDuration,
    /// lock_chain: a blocking chain this deep (root included) is critical (default 3).
    pub lock_depth_critical: usize,
    /// idle_in_transaction: a session idle in a transaction this long is a warning (default 1m) …
    pub idle_in_transaction_warning: HumanDuration,
    /// … and critical (default 10m).
    pub idle_in_transaction_critical: HumanDuration,
    /// long_running_query: an active query this old is a warning (default 5m) …
    pub long_query_warning: HumanDuration,
    /// … and critical (default 30m).
    pub long_query_critical: HumanDuration,
    /// datacl_size: a database ACL with this many entries is a warning (default 1000) …
    pub datacl_warning: i64,
    /// … and critical (default 5000).
    pub datacl_critical: i64,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        let secs = |s| HumanDuration(Duration::from_secs(s));
        Thresholds {
            saturation_warning: 0.75,
            saturation_critical: 0.9,
            storm_min_young: 10,
            storm_warning_share: 0.25,
            storm_critical_share: 0.5,
            fanout_warning: 2_000,
            fanout_critical: 10_000,
            role_count_info: 1_000,
            role_count_warning: 5_000,
            lwlock_warning: 5,
            lwlock_critical: 20,
            lock_wait_warning: secs(5),
            lock_wait_critical: secs(60),
            lock_depth_critical: 3,
            idle_in_transaction_warning: secs(60),
            idle_in_transaction_critical: secs(600),
            long_query_warning: secs(300),
            long_query_critical: secs(1800),
            datacl_warning: 1_000,
            datacl_critical: 5_000,
        }
    }
}
