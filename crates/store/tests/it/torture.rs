//! Many writers (group-committed and transactional, with random rollbacks and random
//! delays while holding the head lock) race subscribers; every subscriber must see every
//! committed event exactly once, in position order, and positions must stay dense.
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use kinlog_store::{Error, ExpectedVersion, Store, SubscriptionOptions};
use tokio::sync::Mutex;
use uuid::Uuid;

use crate::support::{events, store, Rng};

const GROUP_WRITERS: usize = 10;
const TRANSACTIONAL_WRITERS: usize = 6;
const TARGET_EVENTS: usize = 100_000;
const SUBSCRIBERS: usize = 3;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writers_with_rollbacks_and_delays_never_make_a_subscriber_skip() {
    let (db, store) = store().await;
    let mut rng = Rng::seeded();
    let committed: Arc<Mutex<HashSet<Uuid>>> = Arc::default();
    let done = Arc::new(AtomicBool::new(false));

    let subscribers: Vec<_> = (0..SUBSCRIBERS)
        .map(|_| {
            let (store, done) = (store.clone(), done.clone());
            tokio::spawn(async move {
                let mut subscription = store
                    .subscribe(SubscriptionOptions {
                        page_size: 500,
                        ..Default::default()
                    })
                    .await
                    .unwrap();
                let mut seen = Vec::new();
                let mut idle = 0;
                loop {
                    match tokio::time::timeout(Duration::from_secs(1), subscription.next()).await {
                        Ok(event) => {
                            let event = event.unwrap();
                            seen.push((event.position, event.event_id));
                            idle = 0;
                        }
                        // Finished only when the writers are done and the head is reached.
                        Err(_)
                            if done.load(Ordering::SeqCst)
                                && subscription.position() == store.head().await.unwrap() =>
                        {
                            return seen;
                        }
                        Err(_) => {
                            idle += 1;
                            assert!(
                                idle < 60,
                                "the subscriber stalled at {}",
                                subscription.position()
                            );
                        }
                    }
                }
            })
        })
        .collect();

    let per_writer = TARGET_EVENTS / (GROUP_WRITERS + TRANSACTIONAL_WRITERS);
    let mut writers = Vec::new();
    for w in 0..GROUP_WRITERS {
        let (store, committed, mut rng) = (store.clone(), committed.clone(), rng.fork());
        writers.push(tokio::spawn(async move {
            let mut written = 0;
            while written < per_writer {
                let batch = events(1 + rng.below(20) as usize);
                let ids: Vec<Uuid> = batch.iter().map(|e| e.event_id).collect();
                let stream = format!("case-{w}-{}", rng.below(50));
                // Some appends race on a stale expected version and must fail cleanly.
                let expected = if rng.below(10) == 0 {
                    ExpectedVersion::Exact(rng.below(3))
                } else {
                    ExpectedVersion::Any
                };
                match store.append(&stream, expected, batch).await {
                    Ok(_) => {
                        written += ids.len();
                        committed.lock().await.extend(ids);
                    }
                    Err(Error::WrongExpectedVersion { .. }) => {}
                    Err(e) => panic!("append failed: {e}"),
                }
            }
        }));
    }
    for w in 0..TRANSACTIONAL_WRITERS {
        let (url, committed, mut rng) = (db.url().to_owned(), committed.clone(), rng.fork());
        writers.push(tokio::spawn(async move {
            let (mut client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .unwrap();
            tokio::spawn(connection);
            let mut written = 0;
            while written < per_writer {
                let batch = events(1 + rng.below(40) as usize);
                let ids: Vec<Uuid> = batch.iter().map(|e| e.event_id).collect();
                let tx = client.transaction().await.unwrap();
                let stream = format!("txn-{w}-{}", rng.below(20));
                Store::append_in_transaction(&tx, &stream, ExpectedVersion::Any, batch)
                    .await
                    .unwrap();
                // A slow commit while holding the head lock, then commit or roll back.
                tokio::time::sleep(Duration::from_micros(rng.below(1_500))).await;
                if rng.below(10) == 0 {
                    tx.rollback().await.unwrap();
                } else {
                    tx.commit().await.unwrap();
                    written += ids.len();
                    committed.lock().await.extend(ids);
                }
            }
        }));
    }
    for writer in writers {
        writer.await.unwrap();
    }
    done.store(true, Ordering::SeqCst);

    let committed = committed.lock().await.clone();
    let client = db.connect().await.unwrap();
    let row = client
        .query_one(
            "SELECT count(*), coalesce(max(position), 0) FROM es.events",
            &[],
        )
        .await
        .unwrap();
    let (count, max): (i64, i64) = (row.get(0), row.get(1));
    assert_eq!(count, max, "positions are dense");
    assert_eq!(
        count as usize,
        committed.len(),
        "exactly the acknowledged events are stored"
    );
    assert!(count as usize >= TARGET_EVENTS);

    // The chain built under all that concurrency verifies end to end.
    let key = kinlog_store::SealingKey::generate().unwrap();
    let mut sealer = db.connect().await.unwrap();
    kinlog_store::seal(&mut sealer, &key).await.unwrap();
    let report = kinlog_store::verify(&mut sealer, &key.public_key())
        .await
        .unwrap();
    assert!(report.is_intact(), "{:?}", report.problem);
    assert_eq!(report.events_checked, count as u64);

    for subscriber in subscribers {
        let seen = subscriber.await.unwrap();
        let positions: Vec<u64> = seen.iter().map(|(p, _)| *p).collect();
        assert_eq!(
            positions,
            (1..=count as u64).collect::<Vec<_>>(),
            "every event once, in order"
        );
        let ids: HashSet<Uuid> = seen.iter().map(|(_, id)| *id).collect();
        assert_eq!(
            ids, committed,
            "subscribers saw exactly the committed events"
        );
    }
}
