//! Subscriptions: catch up from a position, then follow the log live.
//!
//! Because positions are dense and in commit order, a subscription needs no gap logic: it
//! reads `position > cursor` page by page. When a page comes back short it waits for a
//! NOTIFY wake-up or the poll interval, whichever is first. A dropped connection is retried
//! from the cursor, so nothing is skipped or delivered twice within a run; across restarts a
//! named subscription resumes after its saved checkpoint.
use std::collections::VecDeque;
use std::time::Duration;

use futures_util::TryStreamExt;
use tokio::sync::watch;

use crate::read::{ConsumerGroup, Filter};
use crate::{Error, RecordedEvent, Store};

/// What to follow and where to start.
#[derive(Debug, Clone)]
pub struct SubscriptionOptions {
    /// A name to keep a checkpoint under; a named subscription starts after its checkpoint.
    pub name: Option<String>,
    pub filter: Filter,
    pub group: Option<ConsumerGroup>,
    /// Where an unnamed subscription, or a named one without a checkpoint, starts
    /// (after this position; 0 = from the beginning).
    pub start_after: u64,
    /// Events fetched per page.
    pub page_size: usize,
}

impl Default for SubscriptionOptions {
    fn default() -> Self {
        SubscriptionOptions {
            name: None,
            filter: Filter::All,
            group: None,
            start_after: 0,
            page_size: 1_000,
        }
    }
}

/// A live, ordered feed of committed events. Pull events with [`Subscription::next`].
pub struct Subscription {
    store: Store,
    options: SubscriptionOptions,
    /// The position of the last event handed out (or the start position).
    cursor: u64,
    buffer: VecDeque<RecordedEvent>,
    wake: watch::Receiver<u64>,
}

impl Store {
    /// Starts a subscription; a named one resumes after its saved checkpoint.
    pub async fn subscribe(&self, options: SubscriptionOptions) -> Result<Subscription, Error> {
        let cursor = match &options.name {
            Some(name) => self.checkpoint(name).await?.unwrap_or(options.start_after),
            None => options.start_after,
        };
        Ok(Subscription {
            store: self.clone(),
            cursor,
            buffer: VecDeque::new(),
            wake: self.inner.notified.clone(),
            options,
        })
    }

    /// The saved checkpoint of a named subscriber, if any.
    pub async fn checkpoint(&self, name: &str) -> Result<Option<u64>, Error> {
        let connection = self.connection().await?;
        let row = connection
            .query_opt(
                "SELECT position FROM es.checkpoints WHERE name = $1",
                &[&name],
            )
            .await
            .map_err(Error::db("reading a checkpoint"))?;
        Ok(row.map(|r| r.get::<_, i64>(0) as u64))
    }

    /// Saves a named subscriber's checkpoint.
    pub async fn save_checkpoint(&self, name: &str, position: u64) -> Result<(), Error> {
        let connection = self.connection().await?;
        connection
            .execute(
                "INSERT INTO es.checkpoints (name, position) VALUES ($1, $2) \
                 ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = now()",
                &[&name, &(position as i64)],
            )
            .await
            .map_err(Error::db("saving a checkpoint"))?;
        Ok(())
    }
}

impl Subscription {
    /// The next event, waiting for one to be committed if the subscription has caught up.
    /// Transient database errors are retried from the cursor; only a store that was shut
    /// down ends the wait with an error.
    pub async fn next(&mut self) -> Result<RecordedEvent, Error> {
        let mut failures: u32 = 0;
        loop {
            if let Some(event) = self.buffer.pop_front() {
                self.cursor = event.position;
                return Ok(event);
            }
            match self.fetch_page().await {
                Ok(0) => {
                    failures = 0;
                    self.wait_for_news().await;
                }
                Ok(_) => failures = 0,
                Err(e @ (Error::Upcast { .. } | Error::Invalid { .. })) => return Err(e),
                Err(e) => {
                    failures += 1;
                    tracing::warn!(error = %e, failures, "subscription read failed; retrying");
                    tokio::time::sleep(Duration::from_millis(50 << failures.min(6))).await;
                }
            }
        }
    }

    /// The position of the last event returned by [`Subscription::next`].
    pub fn position(&self) -> u64 {
        self.cursor
    }

    /// Saves the position of the last event returned as this subscription's checkpoint.
    pub async fn save_checkpoint(&self) -> Result<(), Error> {
        let name = self.options.name.as_deref().ok_or(Error::Invalid {
            field: "name",
            reason: "an unnamed subscription has no checkpoint".into(),
        })?;
        self.store.save_checkpoint(name, self.cursor).await
    }

    async fn fetch_page(&mut self) -> Result<usize, Error> {
        let events: Vec<RecordedEvent> = self
            .store
            .read_filtered(
                &self.options.filter,
                self.options.group,
                self.cursor,
                Some(self.options.page_size),
            )
            .await?
            .try_collect()
            .await?;
        let count = events.len();
        self.buffer.extend(events);
        Ok(count)
    }

    async fn wait_for_news(&mut self) {
        let poll = self.store.inner.options.poll_interval;
        let _ = tokio::time::timeout(poll, self.wake.changed()).await;
    }
}
