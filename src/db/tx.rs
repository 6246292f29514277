//! Transactions on a shared `&Client`: BEGIN, the work, then COMMIT, or ROLLBACK
//! when the work fails. (tokio-postgres' own `Transaction` needs `&mut Client`,
//! which a session shared across a fleet's futures cannot lend.) If quell dies in
//! between, the server rolls the transaction back: a change and its ledger rows
//! commit together or not at all.

use anyhow::Context as _;
use tokio_postgres::Client;

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
        Ok(value) => {
            client.batch_execute("COMMIT").await.context("committing")?;
            Ok(value)
        }
        Err(err) => {
            // The connection may be gone; the server rolls back then anyway.
            let _ = client.batch_execute("ROLLBACK").await;
            Err(err)
        }
    }
}
