//! Benchmark: `quell tenants suspend --from-file` of 1,000 orgs × 20 login roles
//! each (mechanisms app_flag, connection_limit, terminate), then `quell tenants
//! resume --all`, on a sandbox cluster of its own.
//!
//! Run with `cargo bench --bench tenants`. Prints each direction's wall time (the
//! whole process: connect, selection, 1,000 transactions, 20,000 `ALTER ROLE`s) and
//! quell's own per-org summary (`QUELL_TIMING=1`: median, p95, max time per org
//! inside quell), and checks the end state. Goal: ≤ 5 s each way. Figures, not
//! assertions.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::process::Command;
use std::time::Instant;

use quell::sandbox::{Cluster, ClusterOptions};

const ORGS: u32 = 1000;
const ROLES: u32 = 20;

fn main() {
    let cluster = Cluster::start(ClusterOptions::default()).expect("starting a sandbox cluster");
    let db = cluster.create_database("tbench").unwrap();
    let seeding = Instant::now();
    cluster
        .psql(
            &db,
            &format!(
                "CREATE TABLE orgs (id int PRIMARY KEY, name text, suspended bool NOT NULL DEFAULT false); \
                 INSERT INTO orgs SELECT i, 'org ' || i FROM generate_series(1, {ORGS}) i; \
                 DO $$ BEGIN FOR i IN 1..{ORGS} LOOP FOR k IN 1..{ROLES} LOOP \
                 EXECUTE format('CREATE ROLE %I LOGIN', 'org_' || i || '_' || k); END LOOP; END LOOP; END $$;"
            ),
        )
        .unwrap();
    println!(
        "seeded {ORGS} orgs x {ROLES} roles in {:.1?}",
        seeding.elapsed()
    );
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "targets:\n  bench:\n    dsn: \"{}\"\ntenants:\n  list_sql: select id::text as org, name from orgs order by id\n  \
         session_org: {{role_pattern: '^org_(?P<org>[0-9]+)_'}}\n  \
         roles_sql: select rolname from pg_roles where rolname like 'org\\_' || $1 || '\\_%' and rolcanlogin\n  \
         suspend: [app_flag, connection_limit, terminate]\n  app_flag:\n    \
         suspend_sql: update orgs set suspended = true where id = $1::int\n    \
         resume_sql: update orgs set suspended = false where id = $1::int\n",
        cluster.dsn(cluster.superuser(), &db)
    );
    std::fs::write(dir.path().join("quell.yaml"), config).unwrap();
    let ids: Vec<String> = (1..=ORGS).map(|i| i.to_string()).collect();
    std::fs::write(dir.path().join("orgs.txt"), ids.join("\n")).unwrap();
    let quell = |args: &[&str]| {
        let started = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_quell"))
            .current_dir(dir.path())
            .env("QUELL_TIMING", "1")
            .args(args)
            .output()
            .unwrap();
        let elapsed = started.elapsed();
        assert!(
            out.status.success(),
            "quell {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        let timing = stderr
            .lines()
            .find(|l| l.contains("timing:"))
            .unwrap_or("")
            .to_string();
        (elapsed, timing)
    };
    quell(&["init"]);
    let check = |sql: &str| cluster.psql(&db, sql).unwrap().trim().to_string();
    let (t, timing) = quell(&["tenants", "suspend", "--from-file", "orgs.txt", "--yes"]);
    println!("suspend {ORGS} orgs: wall {t:.2?}  [{timing}]");
    println!(
        "  after: {} active suspensions, {} roles at CONNECTION LIMIT 0, {} flags set",
        check("SELECT count(*) FROM quell.suspensions WHERE resumed_at IS NULL"),
        check("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'org\\_%' AND rolconnlimit = 0"),
        check("SELECT count(*) FROM orgs WHERE suspended"),
    );
    let (t, timing) = quell(&["tenants", "resume", "--all", "--yes"]);
    println!("resume --all: wall {t:.2?}  [{timing}]");
    println!(
        "  after: {} active suspensions, {} roles at CONNECTION LIMIT 0, {} flags set",
        check("SELECT count(*) FROM quell.suspensions WHERE resumed_at IS NULL"),
        check("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'org\\_%' AND rolconnlimit = 0"),
        check("SELECT count(*) FROM orgs WHERE suspended"),
    );
}
