use chrono::Utc;
use kinlog_domain::case::{Case, CaseCommand};
use kinlog_domain::{CaseId, CommandContext, Rule, StaffId};
use kinlog_gateway::{demo, execute, Error};
use kinlog_projections::EventMetadata;
use kinlog_store::testing::TestDb;
use kinlog_store::{Store, StoreOptions, Upcasters};
use uuid::Uuid;

async fn store(db: &TestDb) -> Store {
    Store::connect(db.url(), StoreOptions::default(), Upcasters::new())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_demo_loads_once_through_the_import_path() {
    let db = TestDb::create().await.unwrap();
    let store = store(&db).await;
    let loaded = demo::load_if_empty(&store)
        .await
        .unwrap()
        .expect("an empty log gets the demo");
    assert_eq!(
        loaded.demo_file.accepted as usize,
        include_str!("../../src/demo/demo.ndjson").lines().count()
    );
    assert_eq!(loaded.demo_file.rejected, 0);
    assert_eq!(loaded.events(), store.head().await.unwrap());
    let case = store
        .read_stream(&CaseId(demo::DEMO_CASE).stream_id(), 1, 100)
        .await
        .unwrap();
    assert_eq!(
        case.first().map(|e| e.event_type.as_str()),
        Some("ReferralReceived")
    );
    assert!(case.iter().any(|e| e.event_type == "ChildPlaced"));
    assert_eq!(
        demo::load_if_empty(&store).await.unwrap(),
        None,
        "loaded only once"
    );

    // The read models see the demo case as the domain left it.
    kinlog_projections::migrate(&mut db.connect().await.unwrap())
        .await
        .unwrap();
    kinlog_projections::catch_up_all(&store, &kinlog_projections::RunOptions::default())
        .await
        .unwrap();
    assert_eq!(
        demo::describe_cases(&store).await.unwrap(),
        "case 0190f1a0-0000-7000-8000-00000000ca5e: open, reported 2026-09-01, 2 placements\n"
    );
}

#[tokio::test]
async fn a_rejected_command_names_the_rule_and_stores_nothing() {
    let db = TestDb::create().await.unwrap();
    let store = store(&db).await;
    let stream = CaseId(Uuid::now_v7()).stream_id();
    let context = CommandContext {
        actor: StaffId(Uuid::now_v7()),
        actor_is_intern: false,
        now: Utc::now(),
    };
    let screen: CaseCommand = serde_json::from_str(
        r#"{"ScreenReferral":{"screened_on":"2026-09-01","decision":{"screened_in":{"response":"investigation"}}}}"#,
    )
    .unwrap();
    let result =
        execute::<Case>(&store, &stream, screen, &context, &EventMetadata::default()).await;
    match result {
        Err(Error::Domain(e)) => assert_eq!(e.rule, Rule::NotFound),
        other => panic!("expected a domain rejection, got {other:?}"),
    }
    assert_eq!(store.head().await.unwrap(), 0);
}
