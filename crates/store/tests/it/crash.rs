//! The writer process is killed with SIGKILL in the middle of group-committed appends, again
//! and again. Every acknowledged append must be stored exactly once, and no append may be
//! stored in part.
//!
//! The test binary re-runs itself as the writer: `crash_writer_child` does nothing unless
//! `KINLOG_CRASH_CHILD_URL` is set, in which case it appends until killed, printing
//! `SEND <ids>` before each append and `ACK <ids>` once it is acknowledged.
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use kinlog_store::{ExpectedVersion, Store, StoreOptions, Upcasters};
use tokio::io::{AsyncBufReadExt, BufReader};
use uuid::Uuid;

use crate::support::{events, store, Rng};

const KILLS: usize = 50;
const CHILD_ENV: &str = "KINLOG_CRASH_CHILD_URL";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crash_writer_child() {
    let Ok(url) = std::env::var(CHILD_ENV) else {
        return;
    };
    let store = Store::connect(&url, StoreOptions::default(), Upcasters::new())
        .await
        .unwrap();
    let appenders: Vec<_> = (0..8)
        .map(|a| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut rng = Rng::seeded();
                loop {
                    let batch = events(1 + rng.below(50) as usize);
                    let ids = batch
                        .iter()
                        .map(|e| e.event_id.to_string())
                        .collect::<Vec<_>>()
                        .join(",");
                    print_line(&format!("SEND {ids}"));
                    let stream = format!("case-{a}-{}", rng.below(5));
                    store
                        .append(&stream, ExpectedVersion::Any, batch)
                        .await
                        .unwrap();
                    print_line(&format!("ACK {ids}"));
                }
            })
        })
        .collect();
    for appender in appenders {
        appender.await.unwrap();
    }
}

fn print_line(line: &str) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}").unwrap();
    out.flush().unwrap();
}

/// Reads one line of the child's output into `sent` or `acknowledged`. The markers are
/// searched, not anchored: libtest prints `test ... ` in front of the child's first line.
fn record(line: &str, sent: &mut Vec<Vec<Uuid>>, acknowledged: &mut HashSet<Uuid>) {
    let ids = |list: &str| {
        list.split(',')
            .map(|id| id.parse::<Uuid>().unwrap())
            .collect::<Vec<_>>()
    };
    if let Some(at) = line.find("SEND ") {
        sent.push(ids(&line[at + 5..]));
    } else if let Some(at) = line.find("ACK ") {
        acknowledged.extend(ids(&line[at + 4..]));
    }
}

#[tokio::test]
async fn killed_writers_lose_no_acknowledged_append_and_leave_no_partial_one() {
    let (db, _store) = store().await;
    let mut rng = Rng::seeded();
    let mut sent: Vec<Vec<Uuid>> = Vec::new();
    let mut acknowledged: HashSet<Uuid> = HashSet::new();
    for _ in 0..KILLS {
        let mut child = tokio::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "crash::crash_writer_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, db.url())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let run_for = Duration::from_millis(100 + rng.below(300));
        let _ = tokio::time::timeout(run_for, async {
            while let Ok(Some(line)) = lines.next_line().await {
                record(&line, &mut sent, &mut acknowledged);
            }
        })
        .await;
        child.start_kill().unwrap(); // SIGKILL
        child.wait().await.unwrap();
        // Lines written before the kill may still sit in the pipe.
        while let Ok(Some(line)) = lines.next_line().await {
            record(&line, &mut sent, &mut acknowledged);
        }
    }

    let client = db.connect().await.unwrap();
    let rows = client
        .query("SELECT event_id FROM es.events", &[])
        .await
        .unwrap();
    let mut stored: HashMap<Uuid, usize> = HashMap::new();
    for row in rows {
        *stored.entry(row.get(0)).or_default() += 1;
    }
    assert!(
        acknowledged.len() > 1_000,
        "the writers made progress: {}",
        acknowledged.len()
    );
    for id in &acknowledged {
        assert_eq!(
            stored.get(id),
            Some(&1),
            "acknowledged event {id} stored exactly once"
        );
    }
    for append in &sent {
        let present = append.iter().filter(|id| stored.contains_key(id)).count();
        assert!(
            present == 0 || present == append.len(),
            "an append was stored in part"
        );
    }
    let sent_ids: HashSet<Uuid> = sent.iter().flatten().copied().collect();
    let unknown = stored.keys().filter(|id| !sent_ids.contains(id)).count();
    assert_eq!(unknown, 0, "only sent events are stored");
    let row = client
        .query_one(
            "SELECT count(*), coalesce(max(position), 0) FROM es.events",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(
        row.get::<_, i64>(0),
        row.get::<_, i64>(1),
        "positions stay dense"
    );
}
