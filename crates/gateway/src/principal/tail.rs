//! An index made exact: a read model's rows as of the position they reflect
//! (`kinlog_projections::indexed_position`), plus the events of the log after it.
use futures_util::TryStreamExt;
use kinlog_projections::{begin_index_read, indexed_position};
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
    let transaction = begin_index_read(&mut connection).await?;
    let Some(position) = indexed_position(&transaction, projector).await? else {
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
    Ok(Indexed { position, rows })
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

/// Every event of streams in `category` after `position`, in log order.
pub(crate) async fn after_in_category(
    store: &Store,
    position: u64,
    category: &str,
) -> Result<Vec<RecordedEvent>, Error> {
    let filter = Filter::Category(category.to_owned());
    Ok(store
        .read_filtered(&filter, None, position, None)
        .await?
        .try_collect()
        .await?)
}
