//! Benchmark: `quell tenants suspend --from-file` of 1,000 orgs × 20 login roles
//! each (mechanisms app_flag, connection_limit, terminate), then `quell tenants
//! resume --all`, on a sandbox cluster of its own.
//!
//! Run with `cargo bench --bench tenants`. Prints each direction's wall time (the
//! whole process: connect, selection, 1,000 transactions, 20,000 `ALTER ROLE`s) and
//! quell's own per-org summary (`QUELL_TIMING=1`: median, p95, max time per org
//! inside quell), and checks the end state. Beside them, the baseline: the same
//! statements (advisory lock, ledger check, the org's roles, the app flag, the 20
//! `ALTER ROLE`s, the ledger and journal rows) run by one psql script, one
//! transaction per org. Goals: ≤ 5 s each way, resume ≤ 1.2 × suspend, each
//! direction ≤ 1.5 × its baseline. Figures, not assertions.
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
    let suspend_wall = t;
    let (t, timing) = quell(&["tenants", "resume", "--all", "--yes"]);
    let resume_wall = t;
    println!("resume --all: wall {t:.2?}  [{timing}]");
    println!(
        "  after: {} active suspensions, {} roles at CONNECTION LIMIT 0, {} flags set",
        check("SELECT count(*) FROM quell.suspensions WHERE resumed_at IS NULL"),
        check("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'org\\_%' AND rolconnlimit = 0"),
        check("SELECT count(*) FROM orgs WHERE suspended"),
    );

    // The baseline: the same statements from one psql script, one transaction per org.
    let script = |suspend: bool| {
        let mut sql = String::from("\\set ON_ERROR_STOP on\n");
        for org in 1..=ORGS {
            sql.push_str(&format!(
                "BEGIN;\nSELECT pg_advisory_xact_lock(hashtextextended('quell.tenant:{org}', 0));\n"
            ));
            if suspend {
                sql.push_str(&format!(
                    "SELECT suspended_at, actor FROM quell.suspensions WHERE target = 'bench' AND org = '{org}' AND resumed_at IS NULL;\n\
                     SELECT rolname, rolconnlimit, rolcanlogin, rolsuper FROM pg_roles WHERE rolname LIKE 'org\\_' || '{org}' || '\\_%' AND rolcanlogin;\n\
                     UPDATE orgs SET suspended = true WHERE id = {org};\n"
                ));
                for k in 1..=ROLES {
                    sql.push_str(&format!(
                        "ALTER ROLE \"org_{org}_{k}\" CONNECTION LIMIT 0;\n"
                    ));
                }
                sql.push_str(&format!(
                    "INSERT INTO quell.suspensions (org, target, mechanisms, prior, reason, actor, run_id) \
                     VALUES ('{org}', 'bench', '{{app_flag,connection_limit}}', '{{\"roles\": []}}', NULL, 'psql', 'baseline');\n"
                ));
            } else {
                sql.push_str(&format!(
                    "SELECT id, mechanisms, prior FROM quell.suspensions WHERE target = 'bench' AND org = '{org}' AND resumed_at IS NULL FOR UPDATE;\n\
                     SELECT rolname, rolconnlimit, rolcanlogin FROM pg_roles WHERE rolname LIKE 'org\\_' || '{org}' || '\\_%';\n\
                     UPDATE orgs SET suspended = false WHERE id = {org};\n"
                ));
                for k in 1..=ROLES {
                    sql.push_str(&format!(
                        "ALTER ROLE \"org_{org}_{k}\" CONNECTION LIMIT -1;\n"
                    ));
                }
                sql.push_str(&format!(
                    "UPDATE quell.suspensions SET resumed_at = clock_timestamp(), resumed_by = 'psql' \
                     WHERE target = 'bench' AND org = '{org}' AND resumed_at IS NULL;\n"
                ));
            }
            sql.push_str(&format!(
                "INSERT INTO quell.actions (actor, run_id, target, kind, subject, detail) \
                 VALUES ('psql', 'baseline', 'bench', 'tenant.x', '{org}', 'baseline');\nCOMMIT;\n"
            ));
        }
        let path = dir
            .path()
            .join(if suspend { "suspend.sql" } else { "resume.sql" });
        std::fs::write(&path, sql).unwrap();
        path
    };
    let psql = |file: &std::path::Path| {
        let started = Instant::now();
        let out = Command::new(cluster.bindir().join("psql"))
            .args(["-X", "-q", "-o", "/dev/null", "-f"])
            .arg(file)
            .arg(cluster.dsn(cluster.superuser(), &db))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "psql: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        started.elapsed()
    };
    let (suspend_sql, resume_sql) = (script(true), script(false));
    let base_suspend = psql(&suspend_sql);
    let base_resume = psql(&resume_sql);
    println!("baseline, one psql script: suspend {base_suspend:.2?}, resume {base_resume:.2?}");
    let ratio = |a: std::time::Duration, b: std::time::Duration| a.as_secs_f64() / b.as_secs_f64();
    println!(
        "ratios: resume/suspend {:.2} (goal <= 1.2); suspend/baseline {:.2}, resume/baseline {:.2} (goal <= 1.5 each)",
        ratio(resume_wall, suspend_wall),
        ratio(suspend_wall, base_suspend),
        ratio(resume_wall, base_resume)
    );
}
