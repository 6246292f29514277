//! Resuming orgs on one target: each org one transaction under the same advisory
//! lock as suspend, reading its active `quell.suspensions` row, restoring exactly
//! the recorded prior state and only what quell changed (see `mechanisms`), running
//! `app_flag.resume_sql`, marking the row resumed and journaling `tenant.resume`.
//! An org with no active suspension here is left alone and said so.

use anyhow::Context as _;
use tokio_postgres::types::Type;

use super::config::{Mechanism, TenantsConfig};
use super::mechanisms::{self, Prior};
use super::model::RoleState;
use super::suspend::LOCK_SQL;
use super::{OrgResult, Outcome};
use crate::control::{self, Action, Actor};
use crate::db::Session;

const ACTIVE_SQL: &str = "\
SELECT id, mechanisms, prior FROM quell.suspensions
 WHERE target = $1 AND org = $2 AND resumed_at IS NULL
 FOR UPDATE";
/// The current state of the roles recorded in the org's active suspension, looked
/// up by name through `pg_authid`'s index (a join on the JSON elements would make
/// the planner guess 100 of them and scan every role, per org).
const CURRENT_ROLES_SQL: &str = "\
SELECT r.rolname::text, r.rolconnlimit, r.rolcanlogin
  FROM pg_roles r
 WHERE r.rolname = ANY (ARRAY(
       SELECT (e.role ->> 'role')::name
         FROM quell.suspensions s
        CROSS JOIN LATERAL jsonb_array_elements(s.prior -> 'roles') AS e(role)
        WHERE s.target = $1 AND s.org = $2 AND s.resumed_at IS NULL))";
const MARK_SQL: &str = "\
UPDATE quell.suspensions SET resumed_at = clock_timestamp(), resumed_by = $2 WHERE id = $1";

#[derive(Debug)]
pub struct Request<'a> {
    pub cfg: &'a TenantsConfig,
    pub actor: &'a Actor,
    pub dry_run: bool,
}

/// Resume `orgs` on this target, one at a time; `done` hears each result as soon as
/// it is known. A lost session or a signal leaves the rest `not_attempted`.
pub async fn run(
    session: &Session,
    req: &Request<'_>,
    orgs: &[String],
    done: &(dyn Fn(&OrgResult) + Sync),
) -> anyhow::Result<Vec<OrgResult>> {
    if let Some(why) = super::stop_reason(session) {
        // A later batch on a session lost in an earlier one.
        return Ok(orgs
            .iter()
            .map(|o| OrgResult::not_attempted(o, &why))
            .collect());
    }
    control::ensure_current(&session.client).await?;
    let known = super::model::existing(&session.client, req.cfg, orgs).await?;
    Ok(super::each_org(session, orgs, done, async |org| {
        match resume_one(session, req, org).await {
            // Not suspended and not an org at all: the same error as suspend's.
            Ok(r) if r.outcome == Outcome::NotSuspended && !known.iter().any(|k| k == org) => {
                OrgResult::failed(org, &anyhow::anyhow!("no such org in tenants.list_sql"))
            }
            Ok(r) => r,
            Err(e) => OrgResult::failed(org, &e),
        }
    })
    .await)
}

async fn resume_one(session: &Session, req: &Request<'_>, org: &str) -> anyhow::Result<OrgResult> {
    let target = session.target.as_str();
    crate::db::tx::in_transaction(&session.client, async |c| {
        let locked = async {
            if !req.dry_run {
                c.query_typed(LOCK_SQL, &[(&org, Type::TEXT)]).await?;
            }
            Ok::<_, crate::db::client::Error>(())
        };
        let params: [(&(dyn tokio_postgres::types::ToSql + Sync), Type); 2] =
            [(&target, Type::TEXT), (&org, Type::TEXT)];
        let active = c.query_typed(ACTIVE_SQL, &params);
        let current = c.query_typed(CURRENT_ROLES_SQL, &params);
        let (locked, active, current) = futures_util::future::join3(locked, active, current).await;
        locked.context("taking the org's advisory lock")?;
        let Some(row) = active
            .context("reading quell.suspensions")?
            .into_iter()
            .next()
        else {
            return Ok(OrgResult {
                note: Some("not suspended by quell here: nothing changed".into()),
                ..OrgResult::new(org, Outcome::NotSuspended)
            });
        };
        let id: i64 = row.try_get(0)?;
        let names: Vec<String> = row.try_get(1)?;
        let prior: Prior =
            serde_json::from_value(row.try_get(2)?).context("reading the recorded prior state")?;
        let mechanisms = names
            .iter()
            .map(|n| serde_json::from_value::<Mechanism>(serde_json::Value::String(n.clone())))
            .collect::<Result<Vec<_>, _>>()
            .context("reading the recorded mechanisms")?;
        let current = current
            .context("reading the roles' state")?
            .iter()
            .map(|r| {
                Ok(RoleState {
                    role: r.try_get(0)?,
                    connection_limit: r.try_get(1)?,
                    can_login: r.try_get(2)?,
                    superuser: false,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let restore = mechanisms::resume_statements(&mechanisms, &prior.roles, &current)?;
        let flag_sql = match (mechanisms.contains(&Mechanism::AppFlag), &req.cfg.app_flag) {
            (true, Some(flag)) => Some(flag.resume_sql.as_str()),
            (true, None) => anyhow::bail!(
                "suspended with app_flag, but tenants.app_flag is no longer configured"
            ),
            _ => None,
        };
        let note = (!restore.left_alone.is_empty())
            .then(|| format!("left alone: {}", restore.left_alone.join("; ")));
        if req.dry_run {
            let mut sql = vec!["BEGIN;".to_string(), mechanisms::show(LOCK_SQL, &[org])];
            sql.extend(flag_sql.map(|s| mechanisms::show(s, &[org])));
            sql.extend(restore.statements.iter().map(|s| format!("{s};")));
            sql.push(mechanisms::show(
                MARK_SQL,
                &[&id.to_string(), &req.actor.name],
            ));
            sql.push("-- and one quell.actions row (kind tenant.resume)".into());
            sql.push("COMMIT;".into());
            return Ok(OrgResult {
                sql,
                note,
                roles_changed: restore.statements.len(),
                ..OrgResult::new(org, Outcome::Planned)
            });
        }
        let flag = async {
            match flag_sql {
                Some(sql) => c
                    .query_typed(sql, &[(&org, Type::TEXT)])
                    .await
                    .map(drop)
                    .context("running tenants.app_flag.resume_sql"),
                None => Ok(()),
            }
        };
        let alter = async {
            if restore.statements.is_empty() {
                return Ok(());
            }
            c.batch_execute(&restore.statements.join(";\n"))
                .await
                .context("restoring the org's roles")
        };
        let mark = async {
            c.query_typed(
                MARK_SQL,
                &[(&id, Type::INT8), (&req.actor.name, Type::TEXT)],
            )
            .await
        };
        let action = Action {
            target,
            kind: "tenant.resume",
            subject: Some(org),
            detail: format!(
                "resumed org {org} ({}; {} restored)",
                names.join(", "),
                crate::output::count(restore.statements.len(), "role")
            ),
            before: Some(serde_json::json!({ "mechanisms": names })),
            after: Some(serde_json::to_value(&prior)?),
        };
        let record = control::record(c, req.actor, &action);
        let (flag, alter, mark, record) =
            futures_util::future::join4(flag, alter, mark, record).await;
        flag?;
        alter?;
        mark.context("marking the suspension resumed")?;
        record.context("journaling the resume")?;
        Ok(OrgResult {
            note,
            roles_changed: restore.statements.len(),
            ..OrgResult::new(org, Outcome::Resumed)
        })
    })
    .await
}
