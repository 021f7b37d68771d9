//! Reads: one stream, the whole log, a category, or event types, always in order.
//!
//! Rows come over the binary protocol and are streamed as they arrive, so a long read
//! (a replay of millions of events) holds one row at a time, not the result set.
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::{Stream, TryStreamExt};
use tokio_postgres::types::ToSql;
use tokio_postgres::{Row, RowStream};

use crate::{Error, RecordedEvent, Store};

const COLUMNS: &str = "position, event_id, stream_id, stream_version, event_type, schema_version, \
                       recorded_at, metadata, payload, chain_hash";

/// Which events a log-wide read or subscription wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// Every event.
    All,
    /// Events of streams whose id starts with `<category>-`.
    Category(String),
    /// Events of these types.
    EventTypes(Vec<String>),
}

/// A share of the log for one member of a consumer group: streams are split by a hash of
/// their id, so each stream's events go to exactly one member, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsumerGroup {
    pub member: u32,
    pub size: u32,
}

type Opening = Pin<Box<dyn Future<Output = Result<Vec<RecordedEvent>, Error>> + Send>>;

/// Rows taken at once from what has already arrived. Their personal fields are opened
/// together, so a replay loads the keys of many subjects in one query, not one each.
const BATCH: usize = 512;

/// A stream of events in position order that owns its pooled connection.
pub struct EventStream {
    rows: Pin<Box<RowStream>>,
    store: Store,
    /// Events decoded and opened, in order, waiting to be returned.
    ready: VecDeque<Result<RecordedEvent, Error>>,
    /// A batch whose personal fields are being opened; it goes out before the next rows.
    opening: Option<Opening>,
    /// An error met after the rows now in `opening`; it goes out after them.
    failed: Option<Error>,
    ended: bool,
    _connection: deadpool_postgres::Object,
}

impl Stream for EventStream {
    type Item = Result<RecordedEvent, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(event) = this.ready.pop_front() {
                return Poll::Ready(Some(event));
            }
            if let Some(opening) = this.opening.as_mut() {
                let opened = std::task::ready!(opening.as_mut().poll(cx));
                this.opening = None;
                match opened {
                    Ok(events) => this.ready.extend(
                        events
                            .into_iter()
                            .map(|event| this.store.inner.upcasters.upcast(event)),
                    ),
                    Err(e) => this.ready.push_back(Err(e)),
                }
                this.ready.extend(this.failed.take().map(Err));
                continue;
            }
            if this.ended {
                return Poll::Ready(None);
            }
            let mut batch = Vec::new();
            while batch.len() < BATCH {
                match this.rows.as_mut().poll_next(cx) {
                    Poll::Ready(Some(Ok(row))) => match this.store.event_from_row(&row) {
                        Ok(event) => batch.push(event),
                        Err(e) => {
                            this.failed = Some(e);
                            this.ended = true;
                            break;
                        }
                    },
                    Poll::Ready(Some(Err(e))) => {
                        this.failed = Some(Error::Db {
                            context: "reading events",
                            source: e,
                        });
                        this.ended = true;
                        break;
                    }
                    Poll::Ready(None) => {
                        this.ended = true;
                        break;
                    }
                    Poll::Pending => break,
                }
            }
            if batch.is_empty() && this.failed.is_none() {
                if this.ended {
                    return Poll::Ready(None);
                }
                return Poll::Pending;
            }
            if batch
                .iter()
                .any(|event| this.store.has_personal_data(event))
            {
                let store = this.store.clone();
                this.opening = Some(Box::pin(
                    async move { store.open_personal_data(batch).await },
                ));
            } else {
                this.opening = Some(Box::pin(std::future::ready(Ok(batch))));
            }
        }
    }
}

impl Store {
    /// The events of `stream` from `from_version` (1 = the first), at most `limit`.
    pub async fn read_stream(
        &self,
        stream: &str,
        from_version: u64,
        limit: usize,
    ) -> Result<Vec<RecordedEvent>, Error> {
        let sql = format!(
            "SELECT {COLUMNS} FROM es.events WHERE stream_id = $1 AND stream_version >= $2 \
             ORDER BY stream_version LIMIT $3"
        );
        self.query_events(&sql, &[&stream, &(from_version as i64), &(limit as i64)])
            .await?
            .try_collect()
            .await
    }

    /// Every event of each of `streams`, in position order (so each stream's events are in
    /// version order): one query for many small streams, such as a staff member's grants.
    pub async fn read_streams(&self, streams: &[String]) -> Result<Vec<RecordedEvent>, Error> {
        if streams.is_empty() {
            return Ok(Vec::new());
        }
        let sql =
            format!("SELECT {COLUMNS} FROM es.events WHERE stream_id = ANY($1) ORDER BY position");
        self.query_events(&sql, &[&streams])
            .await?
            .try_collect()
            .await
    }

    /// The stream's current version (0 when it has no events).
    pub async fn stream_version(&self, stream: &str) -> Result<u64, Error> {
        let connection = self.connection().await?;
        let row = connection
            .query_one(
                "SELECT coalesce(max(stream_version), 0) FROM es.events WHERE stream_id = $1",
                &[&stream],
            )
            .await
            .map_err(Error::db("reading a stream version"))?;
        Ok(row.get::<_, i64>(0) as u64)
    }

    /// Every event after `after` (0 = from the start) up to the head as of the start of
    /// the read, streamed.
    pub async fn read_all(&self, after: u64) -> Result<EventStream, Error> {
        self.read_filtered(&Filter::All, None, after, None).await
    }

    /// Events matching `filter` (and, for a consumer-group member, its share of the
    /// streams) after position `after`, in position order, at most `limit`.
    pub async fn read_filtered(
        &self,
        filter: &Filter,
        group: Option<ConsumerGroup>,
        after: u64,
        limit: Option<usize>,
    ) -> Result<EventStream, Error> {
        let after = after as i64;
        let limit = limit.map(|l| l as i64);
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&after];
        let mut clauses = vec!["position > $1".to_owned()];
        let category;
        let types;
        match filter {
            Filter::All => {}
            Filter::Category(c) => {
                category = c.clone();
                params.push(&category);
                clauses.push(format!("es.category(stream_id) = ${}", params.len()));
            }
            Filter::EventTypes(t) => {
                types = t.clone();
                params.push(&types);
                clauses.push(format!("event_type = ANY(${})", params.len()));
            }
        }
        let (member, size);
        if let Some(group) = group {
            if group.size == 0 || group.member >= group.size {
                return Err(Error::Invalid {
                    field: "group",
                    reason: format!("member {} of a group of {}", group.member, group.size),
                });
            }
            (member, size) = (group.member as i64, group.size as i64);
            params.push(&member);
            params.push(&size);
            // Masking the sign bit keeps the modulus non-negative for every hash.
            clauses.push(format!(
                "(hashtextextended(stream_id, 0) & 9223372036854775807) % ${} = ${}",
                params.len(),
                params.len() - 1
            ));
        }
        let mut sql = format!(
            "SELECT {COLUMNS} FROM es.events WHERE {} ORDER BY position",
            clauses.join(" AND ")
        );
        if let Some(limit) = &limit {
            params.push(limit);
            sql.push_str(&format!(" LIMIT ${}", params.len()));
        }
        self.query_events(&sql, &params).await
    }

    /// The position of the last committed event (0 for an empty log).
    pub async fn head(&self) -> Result<u64, Error> {
        let connection = self.connection().await?;
        let row = connection
            .query_one("SELECT position FROM es.log_head", &[])
            .await
            .map_err(Error::db("reading the log head"))?;
        Ok(row.get::<_, i64>(0) as u64)
    }

    async fn query_events(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<EventStream, Error> {
        let connection = self.connection().await?;
        let statement = connection
            .prepare_cached(sql)
            .await
            .map_err(Error::db("preparing a read"))?;
        let rows = connection
            .query_raw(&statement, params.iter().copied())
            .await
            .map_err(Error::db("reading events"))?;
        Ok(EventStream {
            rows: Box::pin(rows),
            store: self.clone(),
            ready: VecDeque::new(),
            opening: None,
            failed: None,
            ended: false,
            _connection: connection,
        })
    }

    /// Maps a row of [`COLUMNS`] to an event as stored: personal fields still sealed, old
    /// payload versions not yet upcast (upcasters see opened payloads).
    fn event_from_row(&self, row: &Row) -> Result<RecordedEvent, Error> {
        let get_err = |e| Error::db("decoding an event row")(e);
        let chain: &[u8] = row.try_get(9).map_err(get_err)?;
        let event = RecordedEvent {
            position: row.try_get::<_, i64>(0).map_err(get_err)? as u64,
            event_id: row.try_get(1).map_err(get_err)?,
            stream_id: row.try_get(2).map_err(get_err)?,
            stream_version: row.try_get::<_, i64>(3).map_err(get_err)? as u64,
            event_type: row.try_get(4).map_err(get_err)?,
            schema_version: row.try_get::<_, i16>(5).map_err(get_err)? as u16,
            recorded_at: row.try_get(6).map_err(get_err)?,
            metadata: Bytes::copy_from_slice(row.try_get(7).map_err(get_err)?),
            payload: Bytes::copy_from_slice(row.try_get(8).map_err(get_err)?),
            chain_hash: chain
                .try_into()
                .map_err(|_| Error::Unexpected("a stored chain hash is not 32 bytes".into()))?,
        };
        Ok(event)
    }
}
