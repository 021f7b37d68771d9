//! Appends, group-committed.
//!
//! Every append locks the one-row log head until COMMIT, which makes positions dense and
//! commit-ordered but lets only one transaction append at a time. So all appends of a
//! process go through one batcher that packs whatever callers are waiting into a single
//! call of `es.append_batch` (one statement, one transaction for the lot), run on one of
//! two writer connections. The function validates each append before writing anything,
//! so one caller's version conflict fails only that caller. Re-sent event ids are left to
//! the unique index on the fast path (see [`DuplicateCheck`]), which keeps the probe out
//! of the locked section.
//!
//! A durable COMMIT holds its locks until its WAL is flushed, so the head lock would pass
//! from batch to batch no faster than one disk flush each. The writers therefore commit
//! without waiting for the flush, which releases the lock as soon as the commit record
//! is in the WAL, and then wait for the flush (see [`DURABLE_SQL`]) outside the lock,
//! while the other writer's batch holds it, before answering anyone. The WAL is one
//! sequence and batch n+1 takes the lock only after batch n's commit record, so a server
//! crash can only lose a suffix of unanswered batches: positions stay dense, and every
//! acknowledged append is durable.
use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio_postgres::error::SqlState;
use tokio_postgres::types::Type;
use tokio_postgres::{Client, GenericClient, NoTls, Row, Statement};
use uuid::Uuid;

use crate::hashing::{content_hash, Hash};
use crate::{AppendOutcome, Error, ExpectedVersion, NewEvent, Store};

const APPEND_BATCH_SQL: &str = "SELECT out_status, out_first, out_last, out_version \
     FROM es.append_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
const APPEND_BATCH_TYPES: &[Type] = &[
    Type::TEXT_ARRAY,
    Type::INT8_ARRAY,
    Type::INT4_ARRAY,
    Type::UUID_ARRAY,
    Type::TEXT_ARRAY,
    Type::INT2_ARRAY,
    Type::BYTEA_ARRAY,
    Type::BYTEA_ARRAY,
    Type::BYTEA_ARRAY,
    Type::BOOL,
];

/// The writers' sessions commit appends without waiting for the WAL flush; see the module
/// documentation.
const WRITER_SESSION_SQL: &str = "SET synchronous_commit = off";

/// Whether `es.append_batch` probes the stored event ids before writing.
///
/// The probe costs time under the head lock on every append, for re-sends that are rare.
/// Skipping it is safe when the caller can resend: a re-sent id then fails the INSERT with
/// unique_violation, which writes nothing, and the batch goes again with the probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DuplicateCheck {
    Skip,
    Probe,
}

/// One caller's append, validated and hashed, waiting for the writer.
pub(crate) struct AppendRequest {
    stream: String,
    expected: ExpectedVersion,
    events: Vec<NewEvent>,
    hashes: Vec<Hash>,
    reply: oneshot::Sender<Result<AppendOutcome, Error>>,
}

impl AppendRequest {
    fn new(
        stream: &str,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
    ) -> Result<(Self, oneshot::Receiver<Result<AppendOutcome, Error>>), Error> {
        validate(stream, &events)?;
        let hashes = events
            .iter()
            .map(|e| {
                content_hash(
                    &e.event_id,
                    stream,
                    &e.event_type,
                    e.schema_version,
                    &e.metadata,
                    &e.payload,
                )
            })
            .collect();
        let (reply, receiver) = oneshot::channel();
        let request = AppendRequest {
            stream: stream.to_owned(),
            expected,
            events,
            hashes,
            reply,
        };
        Ok((request, receiver))
    }
}

impl Store {
    /// Appends `events` to `stream` atomically, if the stream is at `expected`.
    ///
    /// Idempotent by `event_id`: re-sending an append whose events are all stored already
    /// returns the original positions with `already_present` set; reusing an id for
    /// different content is [`Error::EventIdReused`]. Returns once the events are durable.
    pub async fn append(
        &self,
        stream: &str,
        expected: ExpectedVersion,
        mut events: Vec<NewEvent>,
    ) -> Result<AppendOutcome, Error> {
        self.seal_personal_data(&mut events).await?;
        let (request, reply) = AppendRequest::new(stream, expected, events)?;
        self.inner
            .writer
            .send(request)
            .await
            .map_err(|_| Error::WriterStopped)?;
        reply.await.map_err(|_| Error::WriterStopped)?
    }

    /// Appends inside the caller's transaction, for writes that must commit together with
    /// the caller's own rows. The head lock is taken here and held until the caller
    /// commits, so call this last, right before COMMIT, and commit promptly: every other
    /// append waits meanwhile. Payloads are stored as given: personal fields are not
    /// sealed here, so events that carry them go through [`Store::append`].
    pub async fn append_in_transaction(
        transaction: &tokio_postgres::Transaction<'_>,
        stream: &str,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
    ) -> Result<AppendOutcome, Error> {
        let (request, _reply) = AppendRequest::new(stream, expected, events)?;
        let statement = transaction
            .prepare_typed(APPEND_BATCH_SQL, APPEND_BATCH_TYPES)
            .await
            .map_err(Error::db("preparing the append"))?;
        let requests = [request];
        // A unique_violation would abort the caller's transaction, so probe first.
        let rows = execute_batch(transaction, &statement, &requests, DuplicateCheck::Probe).await?;
        outcome(&requests[0], &rows[0])
    }
}

fn validate(stream: &str, events: &[NewEvent]) -> Result<(), Error> {
    let invalid = |field, reason: &str| {
        Err(Error::Invalid {
            field,
            reason: reason.to_owned(),
        })
    };
    if stream.is_empty() || stream.chars().any(char::is_control) {
        return invalid("stream", "must be non-empty printable text");
    }
    if events.is_empty() {
        return invalid("events", "an append needs at least one event");
    }
    let mut ids = HashSet::with_capacity(events.len());
    for event in events {
        if event.event_type.is_empty() || event.event_type.chars().any(char::is_control) {
            return invalid("event_type", "must be non-empty printable text");
        }
        if event.schema_version == 0 || event.schema_version > i16::MAX as u16 {
            return invalid("schema_version", "must be between 1 and 32767");
        }
        if !ids.insert(event.event_id) {
            return invalid("event_id", "the same event id appears twice in one append");
        }
    }
    Ok(())
}

/// The batcher: forms batches until every `Store` is gone, each run in a task of its own
/// on one of the writer connections.
///
/// A batch is formed when a connection is free, so one batch runs while the one before
/// waits for its flush or for the head lock, and it takes in everyone who arrived
/// meanwhile. Appends in one batch are to distinct streams, and an append that clashes
/// waits for the next batch. Two batches in flight may take the head lock in either
/// order, and so may a batch resent after a lost connection or isolated after a refusal;
/// that is safe because the function reads stream versions only once it holds the head
/// lock, and a stored id either shows in the probe (also under the lock) or, on the fast
/// path, fails the INSERT. Appends in flight at the same time were concurrent calls,
/// whose relative order nobody was promised.
pub(crate) async fn run_batcher(
    config: tokio_postgres::Config,
    mut requests: mpsc::Receiver<AppendRequest>,
    max_batch_events: usize,
) {
    // Two connections: one runs a batch while the other waits for its flush. More made
    // smaller batches, each paying its fixed cost under the head lock, and more waiters on
    // it: 16 single events reached 0.70-0.72 of raw Postgres with two, 0.60-0.64 with
    // three and 0.55 with four; on a later machine, 0.60-0.73 with two and 0.49-0.57 with
    // three (docs/benchmarks.md).
    const WRITERS: usize = 2;
    let (idle_sender, mut idle) = mpsc::channel::<Option<(Client, Statement)>>(WRITERS);
    for _ in 0..WRITERS {
        let _ = idle_sender.send(None).await;
    }
    // Requests that could not join the last batch (same stream or event id as one in it);
    // they go first into the next.
    let mut deferred: VecDeque<AppendRequest> = VecDeque::new();
    loop {
        if deferred.is_empty() {
            match requests.recv().await {
                Some(request) => deferred.push_back(request),
                None => return,
            }
        }
        let Some(mut connection) = idle.recv().await else {
            return;
        };
        // Callers woken by the last replies are still sending: yield to them until a
        // yield brings nothing new.
        for _ in 0..MAX_GATHER_YIELDS {
            tokio::task::yield_now().await;
            let before = deferred.len();
            while let Ok(request) = requests.try_recv() {
                deferred.push_back(request);
            }
            if deferred.len() == before {
                break;
            }
        }
        let batch = take_batch(&mut deferred, max_batch_events);
        let (config, idle_sender) = (config.clone(), idle_sender.clone());
        tokio::spawn(async move {
            commit_batch(&config, &mut connection, batch).await;
            let _ = idle_sender.send(connection).await;
        });
    }
}

/// How many times the batcher lets woken callers send before it closes a batch. Each
/// yield costs microseconds; a batch closed early makes the latecomers wait a whole
/// statement and flush. In `kinlog bench store`, 16 single events reached 0.94-1.02 of
/// raw Postgres with one yield (four runs), 1.02-1.05 with up to eight (two runs), when
/// each batch was formed only once the previous batch's statement had run.
const MAX_GATHER_YIELDS: usize = 8;

/// Takes the longest prefix-respecting batch: requests are taken in arrival order, and
/// one that shares a stream or an event id with a request already in the batch stays
/// queued (with everything after it on the same stream) for the next batch, so
/// per-stream order is kept.
fn take_batch(queue: &mut VecDeque<AppendRequest>, max_events: usize) -> Vec<AppendRequest> {
    let mut batch = Vec::new();
    let mut streams = HashSet::new();
    let mut ids: HashSet<Uuid> = HashSet::new();
    let mut blocked_streams = HashSet::new();
    let mut events = 0;
    let mut kept = VecDeque::with_capacity(queue.len());
    while let Some(request) = queue.pop_front() {
        let fits = batch.is_empty() || events + request.events.len() <= max_events;
        let clashes = blocked_streams.contains(&request.stream)
            || streams.contains(&request.stream)
            || request.events.iter().any(|e| ids.contains(&e.event_id));
        if fits && !clashes {
            events += request.events.len();
            streams.insert(request.stream.clone());
            ids.extend(request.events.iter().map(|e| e.event_id));
            batch.push(request);
        } else {
            blocked_streams.insert(request.stream.clone());
            kept.push_back(request);
        }
    }
    *queue = kept;
    batch
}

async fn commit_batch(
    config: &tokio_postgres::Config,
    connection: &mut Option<(Client, Statement)>,
    batch: Vec<AppendRequest>,
) {
    // A broken connection leaves the batch's fate unknown; resending is safe because the
    // function recognizes an already-committed append by its event ids.
    const ATTEMPTS: u32 = 5;
    let mut attempt = 0;
    let result = loop {
        attempt += 1;
        let (client, statement) = match connection {
            Some(c) => c,
            None => match connect_writer(config).await {
                Ok(c) => connection.insert(c),
                Err(e) if attempt < ATTEMPTS => {
                    tracing::warn!(error = %e, attempt, "append writer cannot connect; retrying");
                    tokio::time::sleep(backoff(attempt)).await;
                    continue;
                }
                Err(e) => break Err(e),
            },
        };
        match append_durably(client, statement, &batch).await {
            Ok(rows) => break Ok(rows),
            Err(e) if client.is_closed() && attempt < ATTEMPTS => {
                tracing::warn!(error = %e, attempt, "append writer lost its connection; resending the batch");
                *connection = None;
                tokio::time::sleep(backoff(attempt)).await;
            }
            Err(e) => break Err(e),
        }
    };
    match result {
        Ok(rows) => {
            for (request, row) in batch.into_iter().zip(&rows) {
                let outcome = outcome(&request, row);
                let _ = request.reply.send(outcome);
            }
        }
        Err(e) if batch.len() > 1 && connection.as_ref().is_some_and(|(c, _)| !c.is_closed()) => {
            // The database refused the batch as a whole (an event id raced in from another
            // process, a constraint): retry each append alone so only the offender fails.
            tracing::debug!(error = %e, appends = batch.len(), "batch refused; isolating appends");
            for request in batch {
                Box::pin(commit_batch(config, connection, vec![request])).await;
            }
        }
        Err(e) if batch.len() == 1 => {
            if let Some(request) = batch.into_iter().next() {
                let _ = request.reply.send(Err(e));
            }
        }
        Err(e) => {
            // The connection is gone for good: every caller learns why.
            let shared = Arc::new(e);
            for request in batch {
                let _ = request.reply.send(Err(Error::Unavailable(shared.clone())));
            }
        }
    }
}

fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(50 << attempt.min(6))
}

async fn connect_writer(config: &tokio_postgres::Config) -> Result<(Client, Statement), Error> {
    let (client, conn) = config
        .connect(NoTls)
        .await
        .map_err(Error::db("connecting the append writer"))?;
    tokio::spawn(async move {
        if let Err(e) = conn.await {
            tracing::warn!(error = %e, "append writer connection closed");
        }
    });
    client
        .batch_execute(WRITER_SESSION_SQL)
        .await
        .map_err(Error::db("setting up the append writer's session"))?;
    let statement = client
        .prepare_typed(APPEND_BATCH_SQL, APPEND_BATCH_TYPES)
        .await
        .map_err(Error::db("preparing the append"))?;
    Ok((client, statement))
}

/// Appends the batch and returns once it is durable. The fast path first, with the wait
/// for its flush sent right behind it (one round trip); if some event id is stored already
/// (a re-send, or the same id racing in from elsewhere), the failed statement wrote nothing
/// and the batch goes again with the probe, which classifies each append.
async fn append_durably(
    client: &Client,
    statement: &Statement,
    batch: &[AppendRequest],
) -> Result<Vec<Row>, Error> {
    let (appended, flushed) = tokio::join!(
        execute_batch(client, statement, batch, DuplicateCheck::Skip),
        wait_until_durable(client)
    );
    if is_unique_violation(&appended) {
        tracing::debug!(
            appends = batch.len(),
            "an event id is stored already; resending with the probe"
        );
        let rows = execute_batch(client, statement, batch, DuplicateCheck::Probe).await?;
        wait_until_durable(client).await?;
        return Ok(rows);
    }
    let rows = appended?;
    flushed?;
    Ok(rows)
}

fn is_unique_violation<T>(result: &Result<T, Error>) -> bool {
    matches!(result, Err(e) if e.sqlstate() == Some(&SqlState::UNIQUE_VIOLATION))
}

/// Waits until the WAL is durable up to this point, and so past every batch this session
/// committed before. A transaction that wrote WAL and commits with the server's own
/// `synchronous_commit` (`TO DEFAULT`: `on`, or `remote_apply` with a synchronous
/// replica) waits for its commit record to be flushed, and all WAL before it with it. A
/// transactional logical message is the smallest such write: no table, no row, no vacuum
/// debt. The server groups concurrent flushes, so the two writers' waits share disk
/// flushes.
const DURABLE_SQL: &str = "BEGIN; SET LOCAL synchronous_commit TO DEFAULT; \
     SELECT pg_logical_emit_message(true, 'kinlog', 'durable'); COMMIT";

async fn wait_until_durable(client: &Client) -> Result<(), Error> {
    client
        .batch_execute(DURABLE_SQL)
        .await
        .map_err(Error::db("waiting for an appended batch to be flushed"))
}

async fn execute_batch(
    client: &impl GenericClient,
    statement: &Statement,
    batch: &[AppendRequest],
    check: DuplicateCheck,
) -> Result<Vec<Row>, Error> {
    let events: usize = batch.iter().map(|r| r.events.len()).sum();
    let mut streams = Vec::with_capacity(batch.len());
    let mut expected = Vec::with_capacity(batch.len());
    let mut counts = Vec::with_capacity(batch.len());
    let mut ids = Vec::with_capacity(events);
    let mut types = Vec::with_capacity(events);
    let mut versions = Vec::with_capacity(events);
    let mut metadata = Vec::with_capacity(events);
    let mut payloads = Vec::with_capacity(events);
    let mut hashes = Vec::with_capacity(events);
    for request in batch {
        streams.push(request.stream.as_str());
        expected.push(match request.expected {
            ExpectedVersion::Any => None,
            ExpectedVersion::NoStream => Some(0i64),
            ExpectedVersion::Exact(v) => Some(v as i64),
        });
        counts.push(request.events.len() as i32);
        for (event, hash) in request.events.iter().zip(&request.hashes) {
            ids.push(event.event_id);
            types.push(event.event_type.as_str());
            versions.push(event.schema_version as i16);
            metadata.push(event.metadata.as_ref());
            payloads.push(event.payload.as_ref());
            hashes.push(hash.as_slice());
        }
    }
    let rows = client
        .query(
            statement,
            &[
                &streams,
                &expected,
                &counts,
                &ids,
                &types,
                &versions,
                &metadata,
                &payloads,
                &hashes,
                &(check == DuplicateCheck::Probe),
            ],
        )
        .await
        .map_err(Error::db("appending a batch"))?;
    if rows.len() != batch.len() {
        return Err(Error::Unexpected(format!(
            "{} append results for {} appends",
            rows.len(),
            batch.len()
        )));
    }
    Ok(rows)
}

/// Turns one result row of `es.append_batch` into the caller's answer.
fn outcome(request: &AppendRequest, row: &Row) -> Result<AppendOutcome, Error> {
    let status: i16 = row.get(0);
    let first: Option<i64> = row.get(1);
    let last: Option<i64> = row.get(2);
    let version: Option<i64> = row.get(3);
    let positions = || -> Result<AppendOutcome, Error> {
        match (first, last, version) {
            (Some(first), Some(last), Some(version)) => Ok(AppendOutcome {
                first_position: first as u64,
                last_position: last as u64,
                stream_version: version as u64,
                already_present: status == 1,
            }),
            _ => Err(unexpected(status)),
        }
    };
    match status {
        0 | 1 => positions(),
        2 => Err(Error::WrongExpectedVersion {
            stream: request.stream.clone(),
            expected: request.expected,
            actual: version.ok_or_else(|| unexpected(status))? as u64,
        }),
        3 => {
            let index = first.ok_or_else(|| unexpected(status))? as usize;
            let event = request
                .events
                .get(index)
                .ok_or_else(|| unexpected(status))?;
            Err(Error::EventIdReused {
                event_id: event.event_id,
            })
        }
        4 => Err(Error::PartialDuplicate {
            stream: request.stream.clone(),
            present: first.ok_or_else(|| unexpected(status))? as usize,
            total: request.events.len(),
        }),
        _ => Err(unexpected(status)),
    }
}

fn unexpected(status: i16) -> Error {
    Error::Unexpected(format!("append status {status}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(stream: &str, ids: &[u128]) -> AppendRequest {
        let events = ids
            .iter()
            .map(|id| NewEvent {
                event_id: Uuid::from_u128(*id),
                event_type: "T".into(),
                schema_version: 1,
                payload: Default::default(),
                metadata: Default::default(),
            })
            .collect();
        AppendRequest::new(stream, ExpectedVersion::Any, events)
            .unwrap()
            .0
    }

    fn streams(batch: &[AppendRequest]) -> Vec<&str> {
        batch.iter().map(|r| r.stream.as_str()).collect()
    }

    #[test]
    fn a_batch_holds_each_stream_once_and_keeps_per_stream_order() {
        let mut queue: VecDeque<_> = [
            request("a", &[1]),
            request("b", &[2]),
            request("a", &[3]),
            request("c", &[4]),
            request("b", &[5]),
        ]
        .into();
        let first = take_batch(&mut queue, 100);
        assert_eq!(streams(&first), ["a", "b", "c"]);
        assert_eq!(streams(queue.make_contiguous()), ["a", "b"]);
        let second = take_batch(&mut queue, 100);
        assert_eq!(second[0].events[0].event_id, Uuid::from_u128(3));
        assert!(queue.is_empty());
    }

    #[test]
    fn a_repeated_event_id_waits_for_the_next_batch() {
        let mut queue: VecDeque<_> =
            [request("a", &[1]), request("b", &[1]), request("c", &[2])].into();
        let first = take_batch(&mut queue, 100);
        assert_eq!(streams(&first), ["a", "c"]);
        assert_eq!(streams(queue.make_contiguous()), ["b"]);
    }

    #[test]
    fn a_batch_stops_at_the_event_limit_but_always_takes_one_request() {
        let mut queue: VecDeque<_> = [request("a", &[1, 2, 3]), request("b", &[4, 5])].into();
        let first = take_batch(&mut queue, 2);
        assert_eq!(streams(&first), ["a"]);
        let second = take_batch(&mut queue, 2);
        assert_eq!(streams(&second), ["b"]);
    }

    #[test]
    fn invalid_appends_name_the_field() {
        let err = |stream: &str, events: Vec<NewEvent>| match AppendRequest::new(
            stream,
            ExpectedVersion::Any,
            events,
        ) {
            Err(Error::Invalid { field, .. }) => field,
            other => panic!("expected an invalid append, got {:?}", other.map(|_| ())),
        };
        let event = |id: u128, ty: &str, version: u16| NewEvent {
            event_id: Uuid::from_u128(id),
            event_type: ty.into(),
            schema_version: version,
            payload: Default::default(),
            metadata: Default::default(),
        };
        assert_eq!(err("", vec![event(1, "T", 1)]), "stream");
        assert_eq!(err("s", vec![]), "events");
        assert_eq!(err("s", vec![event(1, "", 1)]), "event_type");
        assert_eq!(err("s", vec![event(1, "T", 0)]), "schema_version");
        assert_eq!(
            err("s", vec![event(1, "T", 1), event(1, "T", 1)]),
            "event_id"
        );
    }
}
