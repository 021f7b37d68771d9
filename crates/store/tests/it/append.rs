use futures_util::TryStreamExt;
use kinlog_store::{Error, ExpectedVersion, Filter, RecordedEvent, Store, Upcasters};

use crate::support::{event, events, store, store_with};

async fn all(store: &Store) -> Vec<RecordedEvent> {
    store
        .read_all(0)
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap()
}

#[tokio::test]
async fn appends_get_dense_positions_and_stream_versions() {
    let (_db, store) = store().await;
    let a = store
        .append("case-1", ExpectedVersion::NoStream, events(3))
        .await
        .unwrap();
    assert_eq!(
        (a.first_position, a.last_position, a.stream_version),
        (1, 3, 3)
    );
    let b = store
        .append("case-2", ExpectedVersion::Any, events(2))
        .await
        .unwrap();
    assert_eq!(
        (b.first_position, b.last_position, b.stream_version),
        (4, 5, 2)
    );
    let c = store
        .append("case-1", ExpectedVersion::Exact(3), events(1))
        .await
        .unwrap();
    assert_eq!((c.first_position, c.stream_version), (6, 4));
    assert!(!c.already_present);

    let log = all(&store).await;
    let positions: Vec<u64> = log.iter().map(|e| e.position).collect();
    assert_eq!(positions, [1, 2, 3, 4, 5, 6]);
    assert!(log.windows(2).all(|w| w[0].recorded_at <= w[1].recorded_at));
    assert_eq!(store.head().await.unwrap(), 6);
    assert_eq!(store.stream_version("case-1").await.unwrap(), 4);
}

#[tokio::test]
async fn a_wrong_expected_version_names_stream_expected_and_actual() {
    let (_db, store) = store().await;
    store
        .append("case-1", ExpectedVersion::Any, events(2))
        .await
        .unwrap();
    let cases = [
        ExpectedVersion::NoStream,
        ExpectedVersion::Exact(1),
        ExpectedVersion::Exact(5),
    ];
    for expected in cases {
        match store.append("case-1", expected, events(1)).await {
            Err(Error::WrongExpectedVersion {
                stream,
                expected: e,
                actual,
            }) => {
                assert_eq!((stream.as_str(), e, actual), ("case-1", expected, 2));
            }
            other => panic!("expected a version conflict, got {other:?}"),
        }
    }
    match store
        .append("case-9", ExpectedVersion::Exact(1), events(1))
        .await
    {
        Err(Error::WrongExpectedVersion { actual: 0, .. }) => {}
        other => panic!("expected a version conflict on a missing stream, got {other:?}"),
    }
    assert_eq!(
        store.head().await.unwrap(),
        2,
        "a rejected append writes nothing"
    );
}

#[tokio::test]
async fn resending_an_append_returns_the_original_positions_in_every_mode() {
    let (_db, store) = store().await;
    for (i, expected) in [
        ExpectedVersion::Any,
        ExpectedVersion::NoStream,
        ExpectedVersion::Exact(0),
    ]
    .into_iter()
    .enumerate()
    {
        let stream = format!("case-{i}");
        let batch = events(3);
        let first = store
            .append(&stream, expected, batch.clone())
            .await
            .unwrap();
        // Something else lands in between, so the stale expected version would now conflict.
        store
            .append(&stream, ExpectedVersion::Any, events(1))
            .await
            .unwrap();
        for _ in 0..3 {
            let again = store
                .append(&stream, expected, batch.clone())
                .await
                .unwrap();
            assert!(again.already_present);
            assert_eq!(
                (
                    again.first_position,
                    again.last_position,
                    again.stream_version
                ),
                (
                    first.first_position,
                    first.last_position,
                    first.stream_version
                )
            );
        }
    }
    assert_eq!(all(&store).await.len(), 12);
}

#[tokio::test]
async fn resends_sent_among_new_appends_fail_none_of_them() {
    let (_db, store) = store().await;
    let original = events(2);
    let first = store
        .append("case-0", ExpectedVersion::Any, original.clone())
        .await
        .unwrap();
    // All in flight at once, so they share group-commit batches: a re-sent id fails the fast
    // path's INSERT, and its batch must go again without losing or doubling the new appends.
    let calls: Vec<_> = (1..=20)
        .map(|i| {
            let store = store.clone();
            let (stream, batch) = if i % 5 == 0 {
                ("case-0".to_owned(), original.clone())
            } else {
                (format!("case-{i}"), events(1))
            };
            tokio::spawn(async move { store.append(&stream, ExpectedVersion::Any, batch).await })
        })
        .collect();
    let mut new_appends = 0;
    for call in calls {
        let outcome = call.await.unwrap().unwrap();
        if outcome.already_present {
            assert_eq!(
                (outcome.first_position, outcome.last_position),
                (first.first_position, first.last_position)
            );
        } else {
            new_appends += 1;
        }
    }
    assert_eq!(new_appends, 16);
    let positions: Vec<u64> = all(&store).await.iter().map(|e| e.position).collect();
    assert_eq!(positions, (1..=18).collect::<Vec<u64>>());
}

#[tokio::test]
async fn reusing_an_event_id_for_other_content_is_refused() {
    let (_db, store) = store().await;
    let original = events(2);
    store
        .append("case-1", ExpectedVersion::Any, original.clone())
        .await
        .unwrap();

    let mut changed = original.clone();
    changed[1].payload = bytes::Bytes::from_static(b"tampered");
    match store.append("case-1", ExpectedVersion::Any, changed).await {
        Err(Error::EventIdReused { event_id }) => assert_eq!(event_id, original[1].event_id),
        other => panic!("expected EventIdReused, got {other:?}"),
    }
    match store
        .append("case-2", ExpectedVersion::Any, original[..1].to_vec())
        .await
    {
        Err(Error::EventIdReused { .. }) => {}
        other => panic!("the same id on another stream must be refused, got {other:?}"),
    }
    let mut partial = original[..1].to_vec();
    partial.push(event("Thing", b"new"));
    match store.append("case-1", ExpectedVersion::Any, partial).await {
        Err(Error::PartialDuplicate {
            present: 1,
            total: 2,
            ..
        }) => {}
        other => panic!("expected PartialDuplicate, got {other:?}"),
    }
    assert_eq!(all(&store).await.len(), 2);
}

#[tokio::test]
async fn racing_appends_with_the_same_expected_version_have_one_winner() {
    let (_db, store) = store().await;
    store
        .append("case-1", ExpectedVersion::Any, events(1))
        .await
        .unwrap();
    for round in 0..5u64 {
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let store = store.clone();
                tokio::spawn(async move {
                    store
                        .append("case-1", ExpectedVersion::Exact(1 + round * 2), events(2))
                        .await
                })
            })
            .collect();
        let mut wins = 0;
        for task in tasks {
            // A writer deadlock once hung here; fail instead of hanging CI.
            let result = tokio::time::timeout(std::time::Duration::from_secs(60), task)
                .await
                .expect("every racing append is answered")
                .unwrap();
            match result {
                Ok(_) => wins += 1,
                Err(Error::WrongExpectedVersion { .. }) => {}
                Err(e) => panic!("unexpected error {e}"),
            }
        }
        assert_eq!(wins, 1, "round {round}");
        assert_eq!(
            store.stream_version("case-1").await.unwrap(),
            1 + (round + 1) * 2
        );
    }
}

#[tokio::test]
async fn reads_by_stream_category_and_type_are_in_order() {
    let (_db, store) = store().await;
    store
        .append(
            "case-a",
            ExpectedVersion::Any,
            vec![event("Opened", b"1"), event("Noted", b"2")],
        )
        .await
        .unwrap();
    store
        .append("person-b", ExpectedVersion::Any, vec![event("Born", b"3")])
        .await
        .unwrap();
    store
        .append("case-c", ExpectedVersion::Any, vec![event("Opened", b"4")])
        .await
        .unwrap();
    store
        .append("case-a", ExpectedVersion::Any, vec![event("Closed", b"5")])
        .await
        .unwrap();

    let stream = store.read_stream("case-a", 2, 10).await.unwrap();
    let versions: Vec<_> = stream
        .iter()
        .map(|e| (e.stream_version, e.event_type.as_str()))
        .collect();
    assert_eq!(versions, [(2, "Noted"), (3, "Closed")]);

    // Several whole streams in one read, in position order; unknown streams add nothing.
    let streams = [
        "case-a".to_owned(),
        "case-c".to_owned(),
        "case-none".to_owned(),
    ];
    let many: Vec<_> = store
        .read_streams(&streams)
        .await
        .unwrap()
        .iter()
        .map(|e| (e.stream_id.clone(), e.stream_version))
        .collect();
    let owned = |s: &str, v| (s.to_owned(), v);
    assert_eq!(
        many,
        [
            owned("case-a", 1),
            owned("case-a", 2),
            owned("case-c", 1),
            owned("case-a", 3)
        ]
    );
    assert!(store.read_streams(&[]).await.unwrap().is_empty());

    let read = |filter: Filter, after| {
        let store = store.clone();
        async move {
            let events: Vec<RecordedEvent> = store
                .read_filtered(&filter, None, after, None)
                .await
                .unwrap()
                .try_collect()
                .await
                .unwrap();
            events.into_iter().map(|e| e.position).collect::<Vec<_>>()
        }
    };
    assert_eq!(read(Filter::Category("case".into()), 0).await, [1, 2, 4, 5]);
    assert_eq!(read(Filter::Category("case".into()), 2).await, [4, 5]);
    assert_eq!(
        read(Filter::Category("ca".into()), 0).await,
        Vec::<u64>::new()
    );
    assert_eq!(
        read(Filter::EventTypes(vec!["Opened".into(), "Born".into()]), 0).await,
        [1, 3, 4]
    );
    assert_eq!(read(Filter::All, 3).await, [4, 5]);
    let payloads: Vec<_> = all(&store).await.into_iter().map(|e| e.payload).collect();
    assert_eq!(payloads, ["1", "2", "3", "4", "5"].map(bytes::Bytes::from));
}

#[tokio::test]
async fn a_v1_payload_is_read_as_v2() {
    #[derive(serde::Serialize)]
    struct NoteV1 {
        text: String,
    }
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct NoteV2 {
        text: String,
        is_opinion: bool,
    }
    let mut upcasters = Upcasters::new();
    upcasters.register("NoteRecorded", 1, |_stream, value| {
        let rmpv::Value::Map(mut fields) = value else {
            return Err("expected a map".into());
        };
        fields.push(("is_opinion".into(), false.into()));
        Ok(rmpv::Value::Map(fields))
    });
    let (_db, store) = store_with(upcasters).await;
    let v1 = kinlog_store::NewEvent::encode(
        uuid::Uuid::now_v7(),
        "NoteRecorded",
        1,
        &NoteV1 {
            text: "visited the home".into(),
        },
        &(),
    )
    .unwrap();
    store
        .append("case-1", ExpectedVersion::Any, vec![v1])
        .await
        .unwrap();

    let read = store.read_stream("case-1", 1, 1).await.unwrap().remove(0);
    assert_eq!(read.schema_version, 2);
    let note: NoteV2 = rmp_serde::from_slice(&read.payload).unwrap();
    assert_eq!(
        note,
        NoteV2 {
            text: "visited the home".into(),
            is_opinion: false
        }
    );
}

#[tokio::test]
async fn the_log_refuses_update_delete_and_truncate() {
    let (db, store) = store().await;
    store
        .append("case-1", ExpectedVersion::Any, events(2))
        .await
        .unwrap();
    let client = db.connect().await.unwrap();
    for sql in [
        "UPDATE es.events SET payload = '\\x00' WHERE position = 1",
        "DELETE FROM es.events WHERE position = 2",
        "TRUNCATE es.events",
        "DELETE FROM es.log_head",
    ] {
        let err = client.batch_execute(sql).await.expect_err(sql);
        assert_eq!(err.code().map(|c| c.code()), Some("KL001"), "{sql}: {err}");
    }
    // The writer role lacks the privileges outright, trigger or not.
    client
        .batch_execute("SET ROLE kinlog_writer")
        .await
        .unwrap();
    for sql in [
        "UPDATE es.events SET payload = '\\x00'",
        "DELETE FROM es.events",
        "TRUNCATE es.events",
    ] {
        let err = client.batch_execute(sql).await.expect_err(sql);
        assert_eq!(err.code().map(|c| c.code()), Some("42501"), "{sql}: {err}");
    }
    client.batch_execute("RESET ROLE").await.unwrap();
    assert_eq!(all(&store).await.len(), 2);
}

#[tokio::test]
async fn an_append_in_a_rolled_back_transaction_leaves_no_trace() {
    let (db, store) = store().await;
    let mut client = db.connect().await.unwrap();
    let tx = client.transaction().await.unwrap();
    let outcome = Store::append_in_transaction(&tx, "case-1", ExpectedVersion::NoStream, events(2))
        .await
        .unwrap();
    assert_eq!(outcome.last_position, 2);
    tx.rollback().await.unwrap();
    assert_eq!(store.head().await.unwrap(), 0);

    let tx = client.transaction().await.unwrap();
    Store::append_in_transaction(&tx, "case-1", ExpectedVersion::NoStream, events(1))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let after = store
        .append("case-1", ExpectedVersion::Exact(1), events(1))
        .await
        .unwrap();
    assert_eq!((after.first_position, after.stream_version), (2, 2));
}

/// The writers commit without waiting for the WAL flush, to release the head lock sooner,
/// and wait for it afterwards: so when an append returns, its transaction's COMMIT record
/// must already lie below the server's flush position, where `pg_walinspect` can read it.
#[tokio::test]
async fn an_append_returns_only_once_its_commit_is_flushed() {
    let (db, store) = store().await;
    let client = db.connect().await.unwrap();
    client
        .batch_execute("CREATE EXTENSION pg_walinspect")
        .await
        .unwrap();
    let start: String = client
        .query_one("SELECT pg_current_wal_insert_lsn()::text", &[])
        .await
        .unwrap()
        .get(0);
    for i in 0..20 {
        let appended = store
            .append(&format!("case-{i}"), ExpectedVersion::NoStream, events(2))
            .await
            .unwrap();
        // Read the flush position first: anything flushed later proves nothing.
        let flushed: String = client
            .query_one("SELECT pg_current_wal_flush_lsn()::text", &[])
            .await
            .unwrap()
            .get(0);
        let flushed_commits: i64 = client
            .query_one(
                "SELECT count(*)
                   FROM pg_get_wal_records_info($1::text::pg_lsn,
                            greatest($1::text::pg_lsn + 1, $2::text::pg_lsn)) AS r,
                        (SELECT xmin::text AS xid FROM es.events WHERE position = $3) AS batch
                  WHERE r.resource_manager = 'Transaction' AND r.record_type = 'COMMIT'
                    AND r.xid::text = batch.xid AND r.end_lsn <= $2::text::pg_lsn",
                &[&start, &flushed, &(appended.last_position as i64)],
            )
            .await
            .unwrap()
            .get(0);
        assert_eq!(
            flushed_commits, 1,
            "append {i} returned before its commit was flushed"
        );
    }
}

#[tokio::test]
async fn two_processes_appending_to_the_same_streams_keep_the_log_dense_and_chained() {
    // Two stores stand for two processes (the server and an import, say): two batchers,
    // each group-committing its own callers' appends to the same streams.
    let (db, first) = store().await;
    let second = Store::connect(
        db.url(),
        kinlog_store::StoreOptions::default(),
        Upcasters::new(),
    )
    .await
    .unwrap();
    let tasks: Vec<_> = (0..16)
        .map(|task| {
            let store = if task % 2 == 0 {
                first.clone()
            } else {
                second.clone()
            };
            tokio::spawn(async move {
                let mut appended = Vec::new();
                for n in 0..25usize {
                    let batch = events(1 + (task + n) % 4);
                    let ids: Vec<_> = batch.iter().map(|e| e.event_id).collect();
                    let stream = format!("case-{}", (task + n) % 5);
                    let outcome = tokio::time::timeout(
                        std::time::Duration::from_secs(60),
                        store.append(&stream, ExpectedVersion::Any, batch),
                    )
                    .await
                    .expect("every append is answered")
                    .unwrap();
                    appended.push((outcome, stream, ids));
                }
                appended
            })
        })
        .collect();
    let mut appended = Vec::new();
    for task in tasks {
        appended.extend(task.await.unwrap());
    }

    let log = all(&first).await;
    let positions: Vec<u64> = log.iter().map(|e| e.position).collect();
    assert_eq!(positions, (1..=log.len() as u64).collect::<Vec<_>>());
    assert_eq!(
        log.len(),
        appended.iter().map(|(_, _, ids)| ids.len()).sum::<usize>()
    );
    for (outcome, stream, ids) in &appended {
        let stored = &log[outcome.first_position as usize - 1..outcome.last_position as usize];
        assert!(stored.iter().all(|e| &e.stream_id == stream));
        assert_eq!(stored.iter().map(|e| e.event_id).collect::<Vec<_>>(), *ids);
        assert_eq!(
            stored.last().unwrap().stream_version,
            outcome.stream_version
        );
    }
    for stream in 0..5 {
        let versions: Vec<u64> = log
            .iter()
            .filter(|e| e.stream_id == format!("case-{stream}"))
            .map(|e| e.stream_version)
            .collect();
        assert_eq!(versions, (1..=versions.len() as u64).collect::<Vec<_>>());
    }
    assert!(log.windows(2).all(|w| w[0].recorded_at <= w[1].recorded_at));

    let key = kinlog_store::SealingKey::generate().unwrap();
    let mut client = db.connect().await.unwrap();
    let report = kinlog_store::verify(&mut client, &key.public_key())
        .await
        .unwrap();
    assert!(report.is_intact(), "{report}");
}
