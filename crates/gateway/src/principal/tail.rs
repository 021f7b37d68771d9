//! An index made exact: a read model's rows as of the position they reflect, plus the
//! events of the log after that position. The projector commits its rows and its
//! position in one transaction, and positions are dense and in commit order, so rows at
//! P and every event after P describe the log up to the moment the tail was read.
use futures_util::TryStreamExt;
use kinlog_store::{Filter, RecordedEvent, Store};
use tokio_postgres::types::ToSql;
use tokio_postgres::Row;

use crate::Error;

/// An index's rows and the log position they reflect (0 and no rows when the projector
/// has no active build yet: the whole log is then the tail).
pub(crate) struct Indexed {
    pub(crate) position: u64,
    pub(crate) rows: Vec<Row>,
}

/// Reads `rows_sql` (over `rm.` views of `projector`) and the projector's position in one
/// repeatable-read transaction, so the two agree.
pub(crate) async fn indexed(
    store: &Store,
    projector: &str,
    rows_sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Indexed, Error> {
    let mut connection = store.connection().await?;
    let transaction = connection
        .build_transaction()
        .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await
        .map_err(kinlog_store::Error::db("starting an index read"))?;
    // A database whose projector runtime was never migrated has no read model yet.
    let runtime = transaction
        .query_one("SELECT to_regclass('projections.active') IS NOT NULL", &[])
        .await
        .map_err(kinlog_store::Error::db("looking for the projector runtime"))?;
    if !runtime.get::<_, bool>(0) {
        return Ok(Indexed {
            position: 0,
            rows: Vec::new(),
        });
    }
    let position = transaction
        .query_opt(
            "SELECT b.position FROM projections.active a JOIN projections.builds b \
             USING (build_id) WHERE a.name = $1",
            &[&projector],
        )
        .await
        .map_err(kinlog_store::Error::db("reading a projector's position"))?;
    let Some(position) = position else {
        return Ok(Indexed {
            position: 0,
            rows: Vec::new(),
        });
    };
    let rows = transaction
        .query(rows_sql, params)
        .await
        .map_err(kinlog_store::Error::db("reading an index"))?;
    transaction
        .commit()
        .await
        .map_err(kinlog_store::Error::db("ending an index read"))?;
    Ok(Indexed {
        position: position.get::<_, i64>(0) as u64,
        rows,
    })
}

/// The events of `event_types` after `position`, in log order.
pub(crate) async fn after(
    store: &Store,
    position: u64,
    event_types: &[&str],
) -> Result<Vec<RecordedEvent>, Error> {
    let filter = Filter::EventTypes(event_types.iter().map(|t| (*t).to_owned()).collect());
    Ok(store
        .read_filtered(&filter, None, position, None)
        .await?
        .try_collect()
        .await?)
}
