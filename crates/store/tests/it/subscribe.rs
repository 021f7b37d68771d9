use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

use futures_util::TryStreamExt;
use kinlog_store::{ConsumerGroup, ExpectedVersion, Filter, Subscription, SubscriptionOptions};
use tokio::time::timeout;

use crate::support::{events, store};

async fn take(subscription: &mut Subscription, n: usize) -> Vec<u64> {
    let mut positions = Vec::new();
    for _ in 0..n {
        let event = timeout(Duration::from_secs(10), subscription.next())
            .await
            .expect("an event within 10 s")
            .unwrap();
        positions.push(event.position);
    }
    positions
}

#[tokio::test]
async fn a_subscription_catches_up_then_follows_live() {
    let (_db, store) = store().await;
    store
        .append("case-1", ExpectedVersion::Any, events(5))
        .await
        .unwrap();
    let mut subscription = store
        .subscribe(SubscriptionOptions::default())
        .await
        .unwrap();
    assert_eq!(take(&mut subscription, 5).await, [1, 2, 3, 4, 5]);

    let writer = store.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        writer
            .append("case-2", ExpectedVersion::Any, events(3))
            .await
            .unwrap();
    });
    assert_eq!(take(&mut subscription, 3).await, [6, 7, 8]);
    assert!(
        timeout(Duration::from_millis(300), subscription.next())
            .await
            .is_err(),
        "nothing more was committed"
    );
}

#[tokio::test]
async fn a_named_subscription_resumes_after_its_checkpoint() {
    let (_db, store) = store().await;
    store
        .append("case-1", ExpectedVersion::Any, events(6))
        .await
        .unwrap();
    let options = SubscriptionOptions {
        name: Some("reports".into()),
        ..Default::default()
    };
    let mut first = store.subscribe(options.clone()).await.unwrap();
    assert_eq!(take(&mut first, 4).await, [1, 2, 3, 4]);
    first.save_checkpoint().await.unwrap();
    drop(first);

    assert_eq!(store.checkpoint("reports").await.unwrap(), Some(4));
    let mut resumed = store.subscribe(options).await.unwrap();
    assert_eq!(take(&mut resumed, 2).await, [5, 6]);
}

#[tokio::test]
async fn a_subscription_survives_its_connections_being_killed() {
    let (db, store) = store().await;
    store
        .append("case-1", ExpectedVersion::Any, events(10))
        .await
        .unwrap();
    let mut subscription = store
        .subscribe(SubscriptionOptions {
            page_size: 3,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(take(&mut subscription, 4).await, [1, 2, 3, 4]);
    let admin = db.connect().await.unwrap();
    admin
        .batch_execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .await
        .unwrap();
    // The writer reconnects too: appends keep working after the kill.
    store
        .append("case-1", ExpectedVersion::Exact(10), events(2))
        .await
        .unwrap();
    assert_eq!(
        take(&mut subscription, 8).await,
        (5..=12).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn consumer_group_members_split_streams_between_them() {
    let (_db, store) = store().await;
    for s in 0..20 {
        store
            .append(&format!("case-{s}"), ExpectedVersion::Any, events(3))
            .await
            .unwrap();
    }
    let mut seen: HashMap<u64, u32> = HashMap::new();
    let mut streams_per_member: Vec<BTreeSet<String>> = vec![BTreeSet::new(); 3];
    for member in 0..3u32 {
        let mut subscription = store
            .subscribe(SubscriptionOptions {
                group: Some(ConsumerGroup { member, size: 3 }),
                filter: Filter::Category("case".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        // The member's share, counted independently through a plain filtered read.
        let group = Some(ConsumerGroup { member, size: 3 });
        let share = store
            .read_filtered(&Filter::Category("case".into()), group, 0, None)
            .await
            .unwrap()
            .try_collect::<Vec<_>>()
            .await
            .unwrap()
            .len();
        let mut last = 0;
        for _ in 0..share {
            let event = timeout(Duration::from_secs(10), subscription.next())
                .await
                .expect("the member's next event")
                .unwrap();
            assert!(event.position > last, "in order");
            last = event.position;
            assert!(
                seen.insert(event.position, member).is_none(),
                "each event once"
            );
            streams_per_member[member as usize].insert(event.stream_id);
        }
        assert!(
            timeout(Duration::from_millis(300), subscription.next())
                .await
                .is_err(),
            "member {member} gets nothing beyond its share"
        );
    }
    assert_eq!(seen.len(), 60);
    let total: usize = streams_per_member.iter().map(BTreeSet::len).sum();
    assert_eq!(total, 20, "every stream belongs to exactly one member");
    assert!(
        streams_per_member.iter().all(|s| !s.is_empty()),
        "20 streams spread over 3 members"
    );
}
