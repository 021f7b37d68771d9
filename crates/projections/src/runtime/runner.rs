//! Running projectors: catch up, follow live, rebuild.
//!
//! Every future here may be dropped at any await (shutdown, a killed task): the batch in
//! flight rolls back with its transaction, and the next run resumes from the committed
//! checkpoint.
use std::time::Duration;

use kinlog_store::{Store, SubscriptionOptions};
use tokio_postgres::Client;

use super::batch::{apply_next_batch, Step};
use super::builds::{self, Build};
use crate::{Error, Projector};

/// How a runner batches and waits.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Events read and applied per transaction.
    pub batch_size: usize,
    /// How long a caught-up runner waits for a new event before it checks again whether
    /// its build was replaced (a NOTIFY or the store's poll wakes it sooner).
    pub idle_recheck: Duration,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            batch_size: 1_000,
            idle_recheck: Duration::from_secs(5),
        }
    }
}

/// Where a build stands after a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The build being filled.
    pub build: i64,
    /// The last log position applied.
    pub position: u64,
    /// Events of the projector's category applied so far in this call.
    pub events: u64,
}

/// Brings `projector` up to the head of the log and returns where it stopped. The first
/// build of a projector, or a build of a new version, becomes active once it has caught
/// up; until then the previous build keeps serving.
pub async fn catch_up(
    store: &Store,
    projector: &dyn Projector,
    options: &RunOptions,
) -> Result<Progress, Error> {
    let client = &mut store.dedicated_connection().await?;
    loop {
        let build = builds::build_to_follow(client, projector).await?;
        if let Some(progress) = fill(store, client, projector, &build, options, &mut |_| {}).await?
        {
            activate_if_needed(client, projector, &build).await?;
            return Ok(progress);
        }
    }
}

/// Catches up, then follows the log live until the future is dropped or a newer version
/// of the projector becomes active ([`Error::Superseded`]). Transient database failures
/// are retried from the checkpoint.
pub async fn run(
    store: &Store,
    projector: &dyn Projector,
    options: &RunOptions,
) -> Result<(), Error> {
    let mut failures: u32 = 0;
    loop {
        match follow(store, projector, options).await {
            Err(e @ (Error::Db { .. } | Error::Store(_))) if is_transient(&e) => {
                failures += 1;
                tracing::warn!(projector = projector.name(), error = %e, failures, "projector failed; retrying");
                tokio::time::sleep(Duration::from_millis(100 << failures.min(6))).await;
            }
            other => return other,
        }
    }
}

/// Runs every projector in `projectors` with [`run`] until the future is dropped or one
/// of them fails.
pub async fn run_all(
    store: &Store,
    projectors: &[Box<dyn Projector>],
    options: &RunOptions,
) -> Result<(), Error> {
    futures_util::future::try_join_all(projectors.iter().map(|p| run(store, &**p, options)))
        .await
        .map(|_| ())
}

/// Builds `projector` again from position 0 into fresh tables while the active build
/// keeps serving, then switches the `rm` views to the new tables in one transaction.
/// A rebuild interrupted by a crash resumes where its last batch committed.
/// `on_batch` is called after every committed batch, for progress output.
pub async fn rebuild(
    store: &Store,
    projector: &dyn Projector,
    options: &RunOptions,
    on_batch: &mut (dyn FnMut(Progress) + Send),
) -> Result<Progress, Error> {
    let client = &mut store.dedicated_connection().await?;
    let build = builds::build_to_rebuild(client, projector).await?;
    match fill(store, client, projector, &build, options, on_batch).await? {
        Some(progress) => {
            builds::activate(client, projector, &build).await?;
            Ok(progress)
        }
        // Only another rebuild that finished first retires a build under way.
        None => catch_up(store, projector, options).await,
    }
}

async fn follow(
    store: &Store,
    projector: &dyn Projector,
    options: &RunOptions,
) -> Result<(), Error> {
    let client = &mut store.dedicated_connection().await?;
    let mut build = builds::build_to_follow(client, projector).await?;
    loop {
        match fill(store, client, projector, &build, options, &mut |_| {}).await? {
            Some(progress) => {
                activate_if_needed(client, projector, &build).await?;
                wait_for_news(store, progress.position, options.idle_recheck).await;
            }
            None => build = builds::build_to_follow(client, projector).await?,
        }
    }
}

/// Applies batches until the build has caught up (`Some`) or was retired (`None`).
async fn fill(
    store: &Store,
    client: &mut Client,
    projector: &dyn Projector,
    build: &Build,
    options: &RunOptions,
    on_batch: &mut (dyn FnMut(Progress) + Send),
) -> Result<Option<Progress>, Error> {
    let mut events = 0;
    loop {
        match apply_next_batch(store, client, projector, build, options.batch_size.max(1)).await? {
            Step::Applied {
                position,
                events: applied,
            } => {
                events += applied;
                on_batch(Progress {
                    build: build.id,
                    position,
                    events,
                });
            }
            Step::CaughtUp { position } => {
                return Ok(Some(Progress {
                    build: build.id,
                    position,
                    events,
                }))
            }
            Step::Retired => return Ok(None),
        }
    }
}

async fn activate_if_needed(
    client: &mut Client,
    projector: &dyn Projector,
    build: &Build,
) -> Result<(), Error> {
    if !builds::is_active(client, projector.name(), build).await? {
        builds::activate(client, projector, build).await?;
    }
    Ok(())
}

/// Waits until an event after `position` is committed, or `recheck` passes. The store's
/// subscription wakes on NOTIFY and polls; the event itself is read again by the batch.
async fn wait_for_news(store: &Store, position: u64, recheck: Duration) {
    let options = SubscriptionOptions {
        start_after: position,
        page_size: 1,
        ..SubscriptionOptions::default()
    };
    if let Ok(mut subscription) = store.subscribe(options).await {
        let _ = tokio::time::timeout(recheck, subscription.next()).await;
    }
}

/// Connection and server failures are worth a retry; bad data and bad code are not.
fn is_transient(error: &Error) -> bool {
    match error {
        Error::Db { source, .. } => {
            source.is_closed()
                || source.code().is_none_or(|c| {
                    c.code().starts_with("08")
                        || c.code().starts_with("57")
                        || c.code().starts_with("40")
                })
        }
        Error::Store(
            kinlog_store::Error::Db { .. }
            | kinlog_store::Error::Pool(_)
            | kinlog_store::Error::Unavailable(_),
        ) => true,
        _ => false,
    }
}
