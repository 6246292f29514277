//! Transactions on a shared `&Client`: BEGIN, the work, then COMMIT, or ROLLBACK
//! when the work fails. (tokio-postgres' own `Transaction` needs `&mut Client`,
//! which a session shared across a fleet's futures cannot lend.) If quell dies in
//! between, the server rolls the transaction back: a change and its ledger rows
//! commit together or not at all. A COMMIT whose reply never came is neither: it is
//! [`CommitUnknown`], and callers say so.

use anyhow::Context as _;

use crate::db::client::{Client, Error, Lost};

/// The session was lost after COMMIT was sent and before its reply arrived: the
/// server may or may not have committed.
#[derive(Debug, thiserror::Error)]
#[error("the session was lost during COMMIT, so the change may or may not have committed")]
pub struct CommitUnknown(#[source] pub Lost);

/// Run `work` inside one transaction.
pub async fn in_transaction<T>(
    client: &Client,
    work: impl AsyncFnOnce(&Client) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    client
        .batch_execute("BEGIN")
        .await
        .context("starting a transaction")?;
    match work(client).await {
        Ok(value) => match client.batch_execute("COMMIT").await {
            Ok(()) => Ok(value),
            Err(Error::Lost(lost)) => Err(CommitUnknown(lost).into()),
            Err(e) => Err(anyhow::Error::from(e).context("committing")),
        },
        Err(err) => {
            // The connection may be gone; the server rolls back then anyway.
            let _ = client.batch_execute("ROLLBACK").await;
            Err(err)
        }
    }
}

/// Whether `err` is a COMMIT of unknown outcome.
pub fn commit_unknown(err: &anyhow::Error) -> bool {
    err.chain()
        .any(|e| e.downcast_ref::<CommitUnknown>().is_some())
}
