//! The role census and the transitive membership fan-out of login roles.
//!
//! A backend's first privilege check walks `pg_auth_members` from its role,
//! member → roleid, recursively, de-duplicating as it goes; this module counts
//! what that walk visits, in one query: direct memberships of every "seed" role
//! (login roles, non-superuser CREATEROLE roles, the probed role) first, then the
//! recursive closure only for seeds that have a direct role which is itself a
//! member of something. A seed whose direct roles are all leaves (the per-user
//! roles of RBAC-through-roles) has a fan-out equal to its direct count, with no
//! recursion. It does not time anything (`probe`) nor read ACLs or hba (`access`).

use crate::db::Client;
use serde::Serialize;
use tokio_postgres::types::{ToSql, Type};

/// Roles, login roles, superusers, `pg_auth_members` rows, and `createrole_self_grant`
/// (NULL before PostgreSQL 16).
const CENSUS_SQL: &str = "\
SELECT count(*),
       count(*) FILTER (WHERE rolcanlogin),
       count(*) FILTER (WHERE rolsuper),
       (SELECT count(*) FROM pg_auth_members),
       current_setting('createrole_self_grant', true)
  FROM pg_roles";

/// Fan-out of the seed roles: login roles, non-superuser CREATEROLE roles and the
/// role named `$1` (NULL for none). Returns the top `$2` login roles by fan-out,
/// every CREATEROLE row and the `$1` row, each with the count of login roles whose
/// fan-out reaches 1,024 (the PG17 Bloom-filter threshold).
const FANOUT_SQL: &str = "\
WITH RECURSIVE
seed AS (
    SELECT oid, rolname, rolcanlogin, rolsuper, rolcreaterole
      FROM pg_roles
     WHERE rolcanlogin OR (rolcreaterole AND NOT rolsuper) OR rolname = $1
),
direct AS (
    SELECT m.member,
           count(DISTINCT m.roleid) AS n,
           count(DISTINCT m.roleid) FILTER (WHERE m.admin_option) AS admin
      FROM pg_auth_members m
     WHERE m.member IN (SELECT oid FROM seed)
     GROUP BY m.member
),
nested AS (
    SELECT DISTINCT m.member
      FROM pg_auth_members m
      JOIN pg_auth_members up ON up.member = m.roleid
     WHERE m.member IN (SELECT oid FROM seed)
),
closure (seed, roleid) AS (
    SELECT m.member, m.roleid
      FROM pg_auth_members m
     WHERE m.member IN (SELECT member FROM nested)
    UNION
    SELECT c.seed, m.roleid
      FROM closure c
      JOIN pg_auth_members m ON m.member = c.roleid
),
counted AS (
    SELECT s.rolname::text AS role, s.rolcanlogin, s.rolsuper, s.rolcreaterole,
           coalesce(d.n, 0) AS direct,
           coalesce(c.n, d.n, 0) AS transitive,
           coalesce(d.admin, 0) AS admin_of
      FROM seed s
      LEFT JOIN direct d ON d.member = s.oid
      LEFT JOIN (SELECT seed, count(*) AS n FROM closure GROUP BY seed) c ON c.seed = s.oid
),
ranked AS (
    SELECT *,
           row_number() OVER (PARTITION BY rolcanlogin ORDER BY transitive DESC, role) AS rank,
           count(*) FILTER (WHERE rolcanlogin AND transitive >= 1024) OVER () AS over_1024
      FROM counted
)
SELECT role, rolcanlogin, rolsuper, rolcreaterole, direct, transitive, admin_of,
       rolcanlogin AND rank <= $2 AS top, role = $1 AS probed, over_1024
  FROM ranked
 WHERE (rolcanlogin AND rank <= $2) OR (rolcreaterole AND NOT rolsuper) OR role = $1
 ORDER BY transitive DESC, role";

/// The roles with the most direct members (`pg_auth_members` per roleid).
const GROUPS_SQL: &str = "\
SELECT r.rolname::text, g.n
  FROM (SELECT roleid, count(DISTINCT member) AS n
          FROM pg_auth_members GROUP BY roleid
         ORDER BY n DESC LIMIT $1) g
  JOIN pg_roles r ON r.oid = g.roleid
 ORDER BY g.n DESC, r.rolname";

/// Census figures, server-wide.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Census {
    pub roles: i64,
    pub login_roles: i64,
    pub superusers: i64,
    pub memberships: i64,
    pub createrole_self_grant: Option<String>,
}

/// One seed role's memberships, as the walk of its first privilege check sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedRow {
    pub role: String,
    pub login: bool,
    pub superuser: bool,
    pub createrole: bool,
    /// Distinct roles it is a direct member of.
    pub direct: i64,
    /// Distinct roles it is a member of, directly or through other roles.
    pub transitive: i64,
    /// Direct memberships held WITH ADMIN OPTION.
    pub admin_of: i64,
    /// Among the top N login roles.
    pub top: bool,
    /// The role `--probe` names.
    pub probed: bool,
}

/// A role with many direct members.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Group {
    pub role: String,
    /// Distinct roles that are direct members of it.
    pub members: i64,
}

/// Everything the fan-out queries return.
#[derive(Debug, Default)]
pub struct Fanouts {
    pub census: Census,
    pub seeds: Vec<SeedRow>,
    /// Login roles whose fan-out is at least 1,024.
    pub login_roles_over_1024: i64,
    pub groups: Vec<Group>,
}

/// Read the census, the seed fan-outs and (when `groups`) the largest groups in one
/// pipelined round trip.
pub async fn read(
    client: &Client,
    top: usize,
    probe: Option<&str>,
    groups: bool,
) -> anyhow::Result<Fanouts> {
    let top = i64::try_from(top).unwrap_or(i64::MAX);
    let fanout_params: [(&(dyn ToSql + Sync), Type); 2] =
        [(&probe, Type::NAME), (&top, Type::INT8)];
    let groups_params: [(&(dyn ToSql + Sync), Type); 1] = [(&top, Type::INT8)];
    let (census, seeds, groups) = tokio::try_join!(
        client.query_typed(CENSUS_SQL, &[]),
        client.query_typed(FANOUT_SQL, &fanout_params),
        async {
            match groups {
                true => client.query_typed(GROUPS_SQL, &groups_params).await,
                false => Ok(Vec::new()),
            }
        },
    )?;
    let row = census
        .first()
        .ok_or_else(|| anyhow::anyhow!("reading the role census: no row"))?;
    let census = Census {
        roles: row.try_get(0)?,
        login_roles: row.try_get(1)?,
        superusers: row.try_get(2)?,
        memberships: row.try_get(3)?,
        createrole_self_grant: row.try_get(4)?,
    };
    let login_roles_over_1024 = match seeds.first() {
        Some(row) => row.try_get(9)?,
        None => 0,
    };
    let seeds = seeds
        .iter()
        .map(|row| {
            Ok(SeedRow {
                role: row.try_get(0)?,
                login: row.try_get(1)?,
                superuser: row.try_get(2)?,
                createrole: row.try_get(3)?,
                direct: row.try_get(4)?,
                transitive: row.try_get(5)?,
                admin_of: row.try_get(6)?,
                top: row.try_get(7)?,
                probed: row.try_get::<_, Option<bool>>(8)?.unwrap_or(false),
            })
        })
        .collect::<Result<Vec<_>, tokio_postgres::Error>>()?;
    let groups = groups
        .iter()
        .map(|row| {
            Ok(Group {
                role: row.try_get(0)?,
                members: row.try_get(1)?,
            })
        })
        .collect::<Result<Vec<_>, tokio_postgres::Error>>()?;
    Ok(Fanouts {
        census,
        seeds,
        login_roles_over_1024,
        groups,
    })
}
