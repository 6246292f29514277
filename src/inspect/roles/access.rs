//! The other places where role count turns into connection cost: the CONNECT
//! ACL of each database (`datacl`, checked item by item for every non-superuser
//! login) and pg_hba rules that match by membership (`+group`, `samerole`,
//! `samegroup`, which walk the connecting role's memberships before
//! authentication). Reads only; the fan-out itself is `fanout`'s.

use crate::db::Client;
use serde::Serialize;
use tokio_postgres::error::SqlState;

/// `datacl` entries and bytes per database; a NULL `datacl` (default privileges) counts 0.
const DATABASES_SQL: &str = "\
SELECT datname::text,
       coalesce(cardinality(datacl), 0)::int8,
       coalesce(pg_column_size(datacl), 0)::int8
  FROM pg_database
 ORDER BY 2 DESC, 1";

/// Valid pg_hba.conf rules that match by role membership. `file_name` exists from
/// PostgreSQL 16 on, so it is read through `to_jsonb` (NULL before).
const HBA_SQL: &str = "\
SELECT h.line_number,
       to_jsonb(h) ->> 'file_name',
       h.type,
       coalesce(h.database, '{}'),
       coalesce(h.user_name, '{}'),
       h.address,
       coalesce(h.auth_method, '')
  FROM pg_hba_file_rules h
 WHERE h.error IS NULL
   AND (h.database && ARRAY['samerole', 'samegroup']
        OR EXISTS (SELECT 1 FROM unnest(h.user_name) u WHERE left(u, 1) = '+'))
 ORDER BY 2 NULLS FIRST, 1";

/// One database's CONNECT ACL.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DatabaseAcl {
    pub database: String,
    /// `cardinality(datacl)`: each is scanned on every non-superuser login.
    pub datacl_entries: i64,
    /// `pg_column_size(datacl)`.
    pub datacl_bytes: i64,
}

/// A pg_hba.conf rule whose match walks the connecting role's memberships.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct HbaRule {
    pub line_number: i32,
    /// The file the rule is in (PostgreSQL 16+, which has include directives).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub database: Vec<String>,
    pub user_name: Vec<String>,
    pub address: Option<String>,
    pub auth_method: String,
}

/// pg_hba rules, or why they could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hba {
    Rules(Vec<HbaRule>),
    Unavailable(String),
}

/// Read the datacl sizes and the membership hba rules in one pipelined round trip.
/// Permission denied on `pg_hba_file_rules` is an answer (`Hba::Unavailable`), not a failure.
pub async fn read(client: &Client) -> anyhow::Result<(Vec<DatabaseAcl>, Hba)> {
    let (databases, hba) = tokio::try_join!(client.query_typed(DATABASES_SQL, &[]), async {
        Ok(client.query_typed(HBA_SQL, &[]).await)
    })?;
    let databases = databases
        .iter()
        .map(|row| {
            Ok(DatabaseAcl {
                database: row.try_get(0)?,
                datacl_entries: row.try_get(1)?,
                datacl_bytes: row.try_get(2)?,
            })
        })
        .collect::<Result<Vec<_>, tokio_postgres::Error>>()?;
    let hba = match hba {
        Ok(rows) => Hba::Rules(
            rows.iter()
                .map(|row| {
                    Ok(HbaRule {
                        line_number: row.try_get(0)?,
                        file_name: row.try_get(1)?,
                        kind: row.try_get(2)?,
                        database: row.try_get(3)?,
                        user_name: row.try_get(4)?,
                        address: row.try_get(5)?,
                        auth_method: row.try_get(6)?,
                    })
                })
                .collect::<Result<Vec<_>, tokio_postgres::Error>>()?,
        ),
        Err(e) if e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) => {
            let reason = e
                .as_db_error()
                .map_or_else(|| e.to_string(), |db| db.message().to_string());
            Hba::Unavailable(format!(
                "{reason}: reading pg_hba_file_rules takes a superuser, or a role granted SELECT on it \
                 and EXECUTE on pg_hba_file_rules() (pg_read_server_files is not enough)"
            ))
        }
        Err(e) => return Err(anyhow::Error::from(e).context("reading pg_hba_file_rules")),
    };
    Ok((databases, hba))
}
