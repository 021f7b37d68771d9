//! `kinlog bench store`: the event store against raw Postgres, measured in the same run.
//!
//! These machines are shared and noisy, so every store figure is reported as a ratio to a
//! baseline taken minutes earlier on the same server: raw single-row INSERT transactions
//! for appends, raw binary `COPY TO STDOUT` for replay. The store's events stay in the
//! database afterwards, so `kinlog verify` can be run on the result.
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt};
use kinlog_store::{Error, ExpectedVersion, NewEvent, Store, StoreOptions, Upcasters};
use serde::{Deserialize, Serialize};
use tokio_postgres::{Client, NoTls};
use uuid::Uuid;

/// How long each timed phase runs, and the key that seals the result (so that
/// `kinlog verify` with the same key passes on the benchmark's database afterwards).
#[derive(Debug)]
pub struct BenchOptions {
    pub phase: Duration,
    pub sealing_key: kinlog_store::SealingKey,
}

/// Throughput and latency of one append workload.
#[derive(Debug, Clone, Serialize)]
pub struct AppendFigures {
    pub clients: usize,
    pub events_per_append: usize,
    pub appends: u64,
    pub events_per_sec: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// Everything `kinlog bench store --json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct StoreBenchReport {
    pub raw_single: AppendFigures,
    pub store_single: AppendFigures,
    pub single_throughput_ratio: f64,
    pub single_p99_ratio: f64,
    pub raw_batch: AppendFigures,
    pub store_batch: AppendFigures,
    pub batch_throughput_ratio: f64,
    pub replayed_events: u64,
    pub raw_copy_events_per_sec: f64,
    pub store_replay_events_per_sec: f64,
    pub replay_ratio: f64,
    pub verify_events_per_sec: f64,
    /// Verify's rate against the decoded replay's.
    pub verify_ratio: f64,
    pub verify_intact: bool,
    pub raw_bytes_per_event: f64,
    pub store_bytes_per_event: f64,
    pub bytes_per_event_ratio: f64,
}

/// A payload of about 300 bytes, the size the Postgres baseline used.
#[derive(Debug, Serialize, Deserialize)]
struct BenchPayload {
    case_id: Uuid,
    worker: String,
    occurred_on: String,
    narrative: String,
    flags: Vec<u8>,
}

fn payload() -> Bytes {
    let payload = BenchPayload {
        case_id: Uuid::now_v7(),
        worker: "caseworker-0042".into(),
        occurred_on: "2026-11-23".into(),
        narrative: "Home visit completed; child present and interviewed alone. Caregiver \
                    reports school attendance improving. Safety plan reviewed with caregiver; \
                    next visit scheduled within 30 days per policy."
            .into(),
        flags: vec![1, 0, 1, 1],
    };
    Bytes::from(rmp_serde::to_vec_named(&payload).expect("the bench payload encodes"))
}

const RAW_TABLE: &str = "
    CREATE SCHEMA IF NOT EXISTS bench;
    DROP TABLE IF EXISTS bench.raw_events;
    CREATE TABLE bench.raw_events (
        position bigserial PRIMARY KEY,
        stream_id text NOT NULL,
        stream_version bigint NOT NULL,
        event_id uuid NOT NULL UNIQUE,
        event_type text NOT NULL,
        payload bytea NOT NULL,
        metadata bytea NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (stream_id, stream_version));";

const RAW_INSERT: &str = "INSERT INTO bench.raw_events (stream_id, stream_version, event_id, event_type, payload, metadata) \
     SELECT $1 || '-' || (v / 50), v % 50, id, 'NoteRecorded', $3, '\\x80' \
     FROM unnest($2::bigint[], $4::uuid[]) AS x(v, id)";

/// Runs every phase against the database at `url` (migrated) and reports.
pub async fn run_store_bench(url: &str, options: BenchOptions) -> Result<StoreBenchReport, Error> {
    let admin = connect(url).await?;
    admin
        .batch_execute(RAW_TABLE)
        .await
        .map_err(Error::db("creating the baseline table"))?;
    let store = Store::connect(url, StoreOptions::default(), Upcasters::new()).await?;
    let payload = payload();

    let raw_single = raw_appends(url, 16, 1, options.phase, &payload).await?;
    let store_single = store_appends(&store, 16, 1, options.phase, &payload).await?;
    let raw_batch = raw_appends(url, 4, 100, options.phase, &payload).await?;
    let store_batch = store_appends(&store, 4, 100, options.phase, &payload).await?;

    // Both replays run as spawned tasks, as real readers do (projection runners, HTTP
    // handlers), not on the thread blocked on `main`, where every batch of rows the
    // connection task hands over would cost a wake-up across threads.
    let (replayed_events, raw_copy) = spawned(raw_copy_rate(connect(url).await?)).await?;
    let store_replay = spawned(store_replay_rate(store.clone())).await?;
    let (verify_rate, verify_intact) = verify_rate(url, &options.sealing_key).await?;

    // One statement per call: VACUUM refuses to run inside a multi-statement batch.
    for table in ["bench.raw_events", "es.events"] {
        admin
            .batch_execute(&format!("VACUUM ANALYZE {table}"))
            .await
            .map_err(Error::db("vacuuming before measuring size"))?;
    }
    let raw_bytes = bytes_per_event(&admin, "bench.raw_events").await?;
    let store_bytes = bytes_per_event(&admin, "es.events").await?;

    Ok(StoreBenchReport {
        single_throughput_ratio: store_single.events_per_sec / raw_single.events_per_sec,
        single_p99_ratio: store_single.p99_ms / raw_single.p99_ms,
        batch_throughput_ratio: store_batch.events_per_sec / raw_batch.events_per_sec,
        replay_ratio: store_replay / raw_copy,
        verify_events_per_sec: verify_rate,
        verify_ratio: verify_rate / store_replay,
        verify_intact,
        bytes_per_event_ratio: store_bytes / raw_bytes,
        raw_single,
        store_single,
        raw_batch,
        store_batch,
        replayed_events,
        raw_copy_events_per_sec: raw_copy,
        store_replay_events_per_sec: store_replay,
        raw_bytes_per_event: raw_bytes,
        store_bytes_per_event: store_bytes,
    })
}

async fn raw_appends(
    url: &str,
    clients: usize,
    batch: usize,
    phase: Duration,
    payload: &Bytes,
) -> Result<AppendFigures, Error> {
    let deadline = Instant::now() + phase;
    let mut tasks = Vec::new();
    for client_no in 0..clients {
        let client = connect(url).await?;
        let payload = payload.clone();
        tasks.push(tokio::spawn(async move {
            let statement = client
                .prepare(RAW_INSERT)
                .await
                .map_err(Error::db("preparing the raw insert"))?;
            let stream = format!("raw-{}-{client_no}", Uuid::now_v7().simple());
            let mut latencies = Vec::new();
            let mut version: i64 = 0;
            while Instant::now() < deadline {
                let versions: Vec<i64> = (version..version + batch as i64).collect();
                let ids: Vec<Uuid> = (0..batch).map(|_| Uuid::now_v7()).collect();
                version += batch as i64;
                let started = Instant::now();
                client
                    .execute(&statement, &[&stream, &versions, &payload.as_ref(), &ids])
                    .await
                    .map_err(Error::db("raw insert"))?;
                latencies.push(started.elapsed());
            }
            Ok::<_, Error>(latencies)
        }));
    }
    collect(tasks, clients, batch, phase).await
}

async fn store_appends(
    store: &Store,
    clients: usize,
    batch: usize,
    phase: Duration,
    payload: &Bytes,
) -> Result<AppendFigures, Error> {
    let deadline = Instant::now() + phase;
    let tasks = (0..clients)
        .map(|client_no| {
            let (store, payload) = (store.clone(), payload.clone());
            tokio::spawn(async move {
                let run = Uuid::now_v7().simple();
                let mut latencies = Vec::new();
                let mut n = 0u64;
                while Instant::now() < deadline {
                    let events = (0..batch)
                        .map(|_| NewEvent {
                            event_id: Uuid::now_v7(),
                            event_type: "NoteRecorded".into(),
                            schema_version: 1,
                            payload: payload.clone(),
                            metadata: Bytes::from_static(b"\x80"),
                        })
                        .collect();
                    let stream = format!("bench-{run}{client_no}x{}", n / 50);
                    n += batch as u64;
                    let started = Instant::now();
                    store.append(&stream, ExpectedVersion::Any, events).await?;
                    latencies.push(started.elapsed());
                }
                Ok::<_, Error>(latencies)
            })
        })
        .collect();
    collect(tasks, clients, batch, phase).await
}

async fn collect(
    tasks: Vec<tokio::task::JoinHandle<Result<Vec<Duration>, Error>>>,
    clients: usize,
    batch: usize,
    phase: Duration,
) -> Result<AppendFigures, Error> {
    let mut latencies = Vec::new();
    for task in tasks {
        let task_latencies = task
            .await
            .map_err(|e| Error::Unexpected(format!("a bench task failed: {e}")))??;
        latencies.extend(task_latencies);
    }
    latencies.sort();
    let percentile = |p: f64| -> f64 {
        let index = ((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1));
        latencies.get(index).map_or(0.0, |d| d.as_secs_f64() * 1e3)
    };
    Ok(AppendFigures {
        clients,
        events_per_append: batch,
        appends: latencies.len() as u64,
        events_per_sec: (latencies.len() * batch) as f64 / phase.as_secs_f64(),
        p50_ms: percentile(0.50),
        p99_ms: percentile(0.99),
    })
}

/// The server streaming the whole log as binary COPY: the ceiling for any replay.
async fn raw_copy_rate(client: Client) -> Result<(u64, f64), Error> {
    let count: i64 = client
        .query_one("SELECT count(*) FROM es.events", &[])
        .await
        .map_err(Error::db("counting events"))?
        .get(0);
    let started = Instant::now();
    let stream = client
        .copy_out("COPY (SELECT * FROM es.events ORDER BY position) TO STDOUT (FORMAT binary)")
        .await
        .map_err(Error::db("starting the raw COPY"))?;
    let bytes = stream
        .try_fold(
            0usize,
            |total, chunk| async move { Ok(total + chunk.len()) },
        )
        .await
        .map_err(Error::db("reading the raw COPY"))?;
    let elapsed = started.elapsed().as_secs_f64();
    tracing::debug!(bytes, "raw COPY done");
    Ok((count as u64, count as f64 / elapsed))
}

/// `read_all` from the start, decoding every payload as a reader would.
async fn store_replay_rate(store: Store) -> Result<f64, Error> {
    let started = Instant::now();
    let mut events = store.read_all(0).await?;
    let mut count = 0u64;
    while let Some(event) = events.next().await {
        let event = event?;
        if event.event_type == "NoteRecorded" {
            let decoded: BenchPayload = rmp_serde::from_slice(&event.payload)
                .map_err(|e| Error::Unexpected(format!("decoding a bench payload: {e}")))?;
            std::hint::black_box(decoded);
        }
        count += 1;
    }
    Ok(count as f64 / started.elapsed().as_secs_f64())
}

/// Seals the log, then times a full `verify` (every content hash, chain link, Merkle node
/// and seal).
async fn verify_rate(url: &str, key: &kinlog_store::SealingKey) -> Result<(f64, bool), Error> {
    let mut client = connect(url).await?;
    kinlog_store::seal(&mut client, key).await?;
    let started = Instant::now();
    let report = kinlog_store::verify(&mut client, &key.public_key()).await?;
    let rate = report.events_checked as f64 / started.elapsed().as_secs_f64();
    Ok((rate, report.is_intact()))
}

async fn bytes_per_event(client: &Client, table: &str) -> Result<f64, Error> {
    let row = client
        .query_one(
            &format!(
                "SELECT pg_total_relation_size('{table}')::float8, count(*)::float8 FROM {table}"
            ),
            &[],
        )
        .await
        .map_err(Error::db("measuring table size"))?;
    let (bytes, count): (f64, f64) = (row.get(0), row.get(1));
    Ok(bytes / count.max(1.0))
}

async fn spawned<T: Send + 'static>(
    phase: impl std::future::Future<Output = Result<T, Error>> + Send + 'static,
) -> Result<T, Error> {
    tokio::spawn(phase)
        .await
        .map_err(|e| Error::Unexpected(format!("a bench phase failed: {e}")))?
}

async fn connect(url: &str) -> Result<Client, Error> {
    let (client, connection) = tokio_postgres::connect(url, NoTls)
        .await
        .map_err(Error::db("connecting for the benchmark"))?;
    tokio::spawn(connection);
    Ok(client)
}

/// The report as a table for people.
pub fn render(report: &StoreBenchReport) -> String {
    let row = |name: &str, f: &AppendFigures| {
        format!(
            "{name:<34} {:>11.0} {:>9.2} {:>9.2}\n",
            f.events_per_sec, f.p50_ms, f.p99_ms
        )
    };
    let mut out = String::new();
    out.push_str(&format!(
        "{:<34} {:>11} {:>9} {:>9}\n",
        "workload", "events/s", "p50 ms", "p99 ms"
    ));
    out.push_str(&row("raw INSERT, 16 clients x 1", &report.raw_single));
    out.push_str(&row("store append, 16 callers x 1", &report.store_single));
    out.push_str(&row("raw INSERT, 4 clients x 100", &report.raw_batch));
    out.push_str(&row("store append, 4 callers x 100", &report.store_batch));
    out.push_str(&format!(
        "\nreplay of {} events: raw binary COPY {:.0}/s, store read_all decoded {:.0}/s\n\
         verify: {:.0} events/s ({})\n",
        report.replayed_events,
        report.raw_copy_events_per_sec,
        report.store_replay_events_per_sec,
        report.verify_events_per_sec,
        if report.verify_intact {
            "intact"
        } else {
            "NOT intact"
        },
    ));
    out.push_str(&format!(
        "bytes per event: raw {:.0}, store {:.0}\n\nratios (store / raw): single throughput {:.2} (goal >= 1.0), \
         single p99 {:.2} (goal <= 2.0), batch throughput {:.2} (goal >= 0.7), replay {:.2} (goal >= 0.5), \
         verify/replay {:.2} (goal >= 0.5), bytes per event {:.2} (goal <= 1.3)\n",
        report.raw_bytes_per_event,
        report.store_bytes_per_event,
        report.single_throughput_ratio,
        report.single_p99_ratio,
        report.batch_throughput_ratio,
        report.replay_ratio,
        report.verify_ratio,
        report.bytes_per_event_ratio,
    ));
    out
}
