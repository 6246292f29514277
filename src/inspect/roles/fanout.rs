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

/// The census and the fan-out of the seed roles (login roles, non-superuser
/// CREATEROLE roles and the role named `$1`, NULL for none), in one query: the top
/// `$2` login roles by fan-out, every CREATEROLE row and the `$1` row, each with the
/// count of login roles whose fan-out reaches 1,024 (the PG17 Bloom-filter
/// threshold) and the census columns; one row of NULL roles and the census when no
/// role is a seed.
///
/// It is cheap where it can be: `pg_auth_members` is read once, grouped by member
/// (the direct memberships of every role that has any); a seed is walked
/// recursively only when one of its direct roles is itself a member of something
/// *and* granted to someone (found by an index probe per member, not a join of
/// every edge), which the per-user roles of RBAC-through-roles never are, so at
/// 12,000 memberships the common case walks nothing. The count takes each role
/// once: PostgreSQL 16+ keeps a row per grantor, older servers one per pair.
macro_rules! fanout_sql {
    ($count:literal, $walk:expr, $transitive:literal, $join:expr) => {
        concat!(
            "\
WITH RECURSIVE
seed AS (
    SELECT oid, rolname, rolcanlogin, rolsuper, rolcreaterole
      FROM pg_roles
     WHERE rolcanlogin OR (rolcreaterole AND NOT rolsuper) OR rolname = $1
),
direct AS (
    SELECT member, ",
            $count,
            " AS n, ",
            $count,
            " FILTER (WHERE admin_option) AS admin, count(*) AS rows
      FROM pg_auth_members
     GROUP BY member
),
granted AS (
    SELECT d.member FROM direct d
     WHERE EXISTS (SELECT 1 FROM pg_auth_members g WHERE g.roleid = d.member)
),
nested AS (
    SELECT DISTINCT m.member
      FROM pg_auth_members m
     WHERE m.roleid IN (SELECT member FROM granted) AND m.member IN (SELECT oid FROM seed)
),",
            $walk,
            "
counted AS (
    SELECT s.rolname::text AS role, s.rolcanlogin, s.rolsuper, s.rolcreaterole,
           coalesce(d.n, 0) AS direct,
           ",
            $transitive,
            " AS transitive,
           coalesce(d.admin, 0) AS admin_of
      FROM seed s
      LEFT JOIN direct d ON d.member = s.oid",
            $join,
            "
),
ranked AS (
    SELECT *,
           row_number() OVER (PARTITION BY rolcanlogin ORDER BY transitive DESC, role) AS rank,
           count(*) FILTER (WHERE rolcanlogin AND transitive >= 1024) OVER () AS over_1024
      FROM counted
),
census AS (
    SELECT count(*) AS roles,
           count(*) FILTER (WHERE rolcanlogin) AS login_roles,
           count(*) FILTER (WHERE rolsuper) AS superusers,
           (SELECT coalesce(sum(rows), 0)::int8 FROM direct) AS memberships,
           current_setting('createrole_self_grant', true) AS createrole_self_grant,
           (SELECT count(*) FROM nested) AS nested
      FROM pg_roles
)
SELECT r.role, r.rolcanlogin, r.rolsuper, r.rolcreaterole, r.direct, r.transitive, r.admin_of,
       r.rolcanlogin AND r.rank <= $2 AS top, r.role = $1 AS probed, r.over_1024,
       c.roles, c.login_roles, c.superusers, c.memberships, c.createrole_self_grant, c.nested
  FROM census c
  LEFT JOIN ranked r
    ON (r.rolcanlogin AND r.rank <= $2) OR (r.rolcreaterole AND NOT r.rolsuper) OR r.role = $1
 ORDER BY r.transitive DESC, r.role"
        )
    };
}
/// The recursive walk of the seeds in `nested`. It is a `UNION` recursion, whose
/// hash table PostgreSQL sizes by a wild estimate and builds even when it stays
/// empty (~10 ms at 12,000 memberships), so it is only planned when a seed needs it.
macro_rules! walk {
    () => {
        "
closure (seed, roleid) AS (
    SELECT m.member, m.roleid
      FROM pg_auth_members m
     WHERE m.member IN (SELECT member FROM nested)
    UNION
    SELECT c.seed, m.roleid
      FROM closure c
      JOIN pg_auth_members m ON m.member = c.roleid
),"
    };
}
macro_rules! walk_join {
    () => {
        "
      LEFT JOIN (SELECT seed, count(*) AS n FROM closure GROUP BY seed) c ON c.seed = s.oid"
    };
}
/// No seed is nested: every fan-out is the direct count, in one pass.
const FANOUT_SQL: &str = fanout_sql!("count(*)", "", "coalesce(d.n, 0)", "");
/// Some seed is nested: the same, walking.
const FANOUT_WALK_SQL: &str =
    fanout_sql!("count(*)", walk!(), "coalesce(c.n, d.n, 0)", walk_join!());
/// PostgreSQL 16+ keeps a row per grantor: each role is counted once.
const FANOUT_DISTINCT_SQL: &str = fanout_sql!("count(DISTINCT roleid)", "", "coalesce(d.n, 0)", "");
const FANOUT_DISTINCT_WALK_SQL: &str = fanout_sql!(
    "count(DISTINCT roleid)",
    walk!(),
    "coalesce(c.n, d.n, 0)",
    walk_join!()
);

/// The census alone, for a server where no role can reach the fan-out that matters
/// (fewer membership rows than the threshold): the walk is not planned at all.
const CENSUS_SQL: &str = "\
SELECT count(*),
       count(*) FILTER (WHERE rolcanlogin),
       count(*) FILTER (WHERE rolsuper),
       current_setting('createrole_self_grant', true)
  FROM pg_roles";

/// `pg_auth_members` rows, counted up to `$1` only: whether the walk can matter is
/// all this asks (a whole count costs as much as a scan, at 12,000 rows 1.5 ms).
const MEMBERSHIPS_SQL: &str = "SELECT count(*) FROM (SELECT FROM pg_auth_members LIMIT $1) AS m";

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
    server_version_num: i32,
    top: usize,
    probe: Option<&str>,
    groups: bool,
    walk_from: Option<i64>,
) -> anyhow::Result<Fanouts> {
    if let Some(threshold) = walk_from {
        let memberships: i64 = client
            .query_typed(MEMBERSHIPS_SQL, &[(&threshold, Type::INT8)])
            .await?
            .first()
            .ok_or_else(|| anyhow::anyhow!("counting role memberships: no row"))?
            .try_get(0)?;
        if memberships < threshold {
            let row = client.query_one(CENSUS_SQL, &[]).await?;
            return Ok(Fanouts {
                census: Census {
                    roles: row.try_get(0)?,
                    login_roles: row.try_get(1)?,
                    superusers: row.try_get(2)?,
                    memberships,
                    createrole_self_grant: row.try_get(3)?,
                },
                ..Fanouts::default()
            });
        }
    }
    let top = i64::try_from(top).unwrap_or(i64::MAX);
    let fanout_params: [(&(dyn ToSql + Sync), Type); 2] =
        [(&probe, Type::NAME), (&top, Type::INT8)];
    let groups_params: [(&(dyn ToSql + Sync), Type); 1] = [(&top, Type::INT8)];
    let (flat, walk) = match server_version_num >= 160_000 {
        true => (FANOUT_DISTINCT_SQL, FANOUT_DISTINCT_WALK_SQL),
        false => (FANOUT_SQL, FANOUT_WALK_SQL),
    };
    let (mut rows, groups) = tokio::try_join!(client.query_typed(flat, &fanout_params), async {
        match groups {
            true => client.query_typed(GROUPS_SQL, &groups_params).await,
            false => Ok(Vec::new()),
        }
    })?;
    // A seed reaches roles through other roles: count again, walking.
    let nested = match rows.first() {
        Some(row) => row.try_get::<_, i64>(15)?,
        None => 0,
    };
    if nested > 0 {
        rows = client.query_typed(walk, &fanout_params).await?;
    }
    let row = rows
        .first()
        .ok_or_else(|| anyhow::anyhow!("reading the role census: no row"))?;
    let census = Census {
        roles: row.try_get(10)?,
        login_roles: row.try_get(11)?,
        superusers: row.try_get(12)?,
        memberships: row.try_get(13)?,
        createrole_self_grant: row.try_get(14)?,
    };
    let login_roles_over_1024 = row.try_get::<_, Option<i64>>(9)?.unwrap_or(0);
    let seeds = rows
        .iter()
        .filter(|row| row.try_get::<_, Option<String>>(0).ok().flatten().is_some())
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
