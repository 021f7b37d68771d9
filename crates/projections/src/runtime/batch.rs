//! One batch: the events after a build's checkpoint, applied with the projector's
//! handler, and the new checkpoint, all in one transaction.
//!
//! The checkpoint row is locked and read at the start of every batch, so the table, not
//! memory, says where to resume: two runners on one build take turns, and a runner
//! killed mid-batch leaves neither rows nor checkpoint behind.
use futures_util::TryStreamExt;
use kinlog_store::{Filter, RecordedEvent, Store};
use tokio_postgres::Client;

use super::builds::Build;
use super::projector::quote;
use super::writes::Writes;
use crate::{Error, Projector};

/// What a batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// Applied the log up to `position`, of which `events` were the projector's.
    Applied { position: u64, events: u64 },
    /// Nothing new after `position`.
    CaughtUp { position: u64 },
    /// Another build replaced this one.
    Retired,
}

/// Moves the checkpoint and the rate window (restarted every ten seconds or so) in the
/// batch's transaction.
const ADVANCE: &str = "UPDATE projections.builds b SET \
       position = $2, \
       events_applied = b.events_applied + $3, \
       updated_at = c.now, \
       rate_from_position = CASE WHEN c.now - b.rate_from_at > interval '10 seconds' \
                                 THEN b.position ELSE b.rate_from_position END, \
       rate_from_at = CASE WHEN c.now - b.rate_from_at > interval '10 seconds' \
                           THEN b.updated_at ELSE b.rate_from_at END \
     FROM (SELECT clock_timestamp() AS now) c \
     WHERE b.build_id = $1";

pub(crate) async fn apply_next_batch(
    store: &Store,
    client: &mut Client,
    projector: &dyn Projector,
    build: &Build,
    batch_size: usize,
) -> Result<Step, Error> {
    let tx = client
        .transaction()
        .await
        .map_err(Error::db("starting a batch"))?;
    let row = tx
        .query_one(
            "SELECT position, retired_at IS NOT NULL FROM projections.builds \
             WHERE build_id = $1 FOR UPDATE",
            &[&build.id],
        )
        .await
        .map_err(Error::db("locking a build's checkpoint"))?;
    if row.get::<_, bool>(1) {
        end_without_changes(tx).await?;
        return Ok(Step::Retired);
    }
    let from = row.get::<_, i64>(0) as u64;
    // Read the head before the events: every event up to it is committed, so a short
    // page has seen all of the category up to the head.
    let head = store.head().await?;
    if head <= from {
        end_without_changes(tx).await?;
        return Ok(Step::CaughtUp { position: from });
    }
    let events: Vec<RecordedEvent> = store
        .read_filtered(
            &Filter::Category(projector.category().to_owned()),
            None,
            from,
            Some(batch_size),
        )
        .await?
        .try_collect()
        .await?;
    let last = events.last().map_or(0, |e| e.position);
    let position = if events.len() == batch_size {
        last
    } else {
        head.max(last)
    };
    tx.batch_execute(&format!(
        "SET LOCAL search_path TO {}",
        quote(&build.schema)
    ))
    .await
    .map_err(Error::db("entering a build's schema"))?;
    let mut writes = Writes::default();
    for event in &events {
        projector.handle(event, &mut writes)?;
    }
    writes.run(&tx).await?;
    let count = events.len() as i64;
    tx.execute(ADVANCE, &[&build.id, &(position as i64), &count])
        .await
        .map_err(Error::db("advancing a checkpoint"))?;
    tx.commit().await.map_err(Error::db("committing a batch"))?;
    Ok(Step::Applied {
        position,
        events: count as u64,
    })
}

/// Releases the checkpoint lock of a batch that had nothing to do.
async fn end_without_changes(tx: tokio_postgres::Transaction<'_>) -> Result<(), Error> {
    tx.rollback()
        .await
        .map_err(Error::db("ending an empty batch"))
}
