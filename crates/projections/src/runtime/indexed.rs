//! A read model made exact: its rows as of the position they reflect, to which the reader
//! adds the events of the log after that position. The runtime commits a build's rows
//! and its position in one transaction, and positions are dense and in commit order, so
//! rows at P plus every event after P describe the log up to the moment the tail is read.
use tokio_postgres::{Client, IsolationLevel, Transaction};

use crate::Error;

/// Starts the read-only, repeatable-read transaction in which a projector's position and
/// its rows are read, so that the two agree.
pub async fn begin_index_read(client: &mut Client) -> Result<Transaction<'_>, Error> {
    client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await
        .map_err(Error::db("starting an index read"))
}

/// The position `projector`'s active build reflects, as `transaction` sees it; `None`
/// when it has no active build yet (the whole log is then the tail).
pub async fn indexed_position(
    transaction: &Transaction<'_>,
    projector: &str,
) -> Result<Option<u64>, Error> {
    // A database whose projector runtime was never migrated has no read model yet.
    let runtime = transaction
        .query_one("SELECT to_regclass('projections.active') IS NOT NULL", &[])
        .await
        .map_err(Error::db("looking for the projector runtime"))?;
    if !runtime.get::<_, bool>(0) {
        return Ok(None);
    }
    let position = transaction
        .query_opt(
            "SELECT b.position FROM projections.active a JOIN projections.builds b \
             USING (build_id) WHERE a.name = $1",
            &[&projector],
        )
        .await
        .map_err(Error::db("reading a projector's position"))?;
    Ok(position.map(|row| row.get::<_, i64>(0) as u64))
}
