//! `kinlog report` against a real log: the run is authorized and recorded, its files,
//! compliance report and `ReportRun` event agree, and a rerun at the same position
//! writes the same bytes.

use kinlog_domain::access::ClientInfo;
use kinlog_domain::policy::ohio_policy_set;
use kinlog_domain::report::ReportEvent;
use kinlog_domain::StaffId;
use kinlog_gateway::replay_bench::run_replay_bench;
use kinlog_gateway::report::{run_report, RecordNumberKey, ReportKind, ReportRequest, State};
use kinlog_gateway::{demo, Error};
use kinlog_projections::decode;
use kinlog_store::testing::TestDb;
use kinlog_store::{Store, StoreOptions, Upcasters};
use sha2::{Digest, Sha256};
use uuid::Uuid;

async fn demo_store(db: &TestDb) -> Store {
    let store = Store::connect(db.url(), StoreOptions::default(), Upcasters::new())
        .await
        .unwrap();
    demo::load_if_empty(&store).await.unwrap().unwrap();
    store
}

/// Removed with everything in it when dropped.
fn out_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("kinlog-report-")
        .tempdir()
        .unwrap()
}

fn client() -> ClientInfo {
    ClientInfo {
        ip: None,
        user_agent: None,
        path: "test".to_owned(),
        referrer: None,
    }
}

fn request(kind: ReportKind, period: &str, at: Option<u64>, by: Uuid) -> ReportRequest {
    ReportRequest {
        kind,
        period: period.to_owned(),
        at,
        state: State::default(),
        requested_by: StaffId(by),
    }
}

const KEY: [u8; 32] = [7; 32];

#[tokio::test]
async fn a_run_writes_its_files_and_records_their_hashes_and_a_rerun_at_its_position_is_identical()
{
    let db = TestDb::create().await.unwrap();
    let store = demo_store(&db).await;
    let key = RecordNumberKey::from_bytes(KEY);
    let head = store.head().await.unwrap();
    let first_dir = out_dir();
    let first = run_report(
        &store,
        &ohio_policy_set(),
        &key,
        &request(ReportKind::Afcars, "2026B", None, demo::DEMO_AUDITOR),
        first_dir.path(),
        client(),
        &mut |_| {},
    )
    .await
    .unwrap();
    assert_eq!(first.position, head);
    let names: Vec<&str> = first.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "afcars-2026B-ooh.xml",
            "afcars-2026B-assistance.xml",
            "compliance.json"
        ]
    );
    for file in &first.files {
        let bytes = std::fs::read(first_dir.path().join(&file.name)).unwrap();
        assert_eq!(
            hex::encode(Sha256::digest(&bytes)),
            file.sha256,
            "{}",
            file.name
        );
        assert_eq!(bytes.len() as u64, file.bytes);
    }
    // The demo child removed on 2 September 2026 is in the period's file, under her
    // record number and never her id.
    let ooh = std::fs::read_to_string(first_dir.path().join("afcars-2026B-ooh.xml")).unwrap();
    let child = Uuid::from_u128(0x0190f1a0_0000_7000_8000_0000000000c1);
    assert!(ooh.contains(&format!(
        "<E4_child_record_number>{}</E4_child_record_number>",
        key.number(child)
    )));
    assert!(!ooh.contains(&child.to_string()));
    let compliance: serde_json::Value =
        serde_json::from_slice(&std::fs::read(first_dir.path().join("compliance.json")).unwrap())
            .unwrap();
    assert_eq!(compliance["would_pass"], first.would_pass);
    assert!(
        compliance["files"]["ooh.xml"]["elements"]
            .as_array()
            .unwrap()
            .len()
            > 10
    );

    // The run is in the log with the same hashes.
    let run = store
        .read_stream(
            &kinlog_domain::report::report_stream_id(first.run_id),
            1,
            10,
        )
        .await
        .unwrap();
    let (ReportEvent::ReportRun(recorded), _) = decode::<ReportEvent>(&run[0]).unwrap();
    assert_eq!(recorded.position, head);
    assert_eq!(recorded.files, first.files);
    assert_eq!(recorded.requested_by, StaffId(demo::DEMO_AUDITOR));

    // The first run appended events (its access, its ReportRun); a rerun pinned to the
    // first one's position still writes the same bytes.
    let again = run_report(
        &store,
        &ohio_policy_set(),
        &key,
        &request(ReportKind::Afcars, "2026B", Some(head), demo::DEMO_AUDITOR),
        out_dir().path(),
        client(),
        &mut |_| {},
    )
    .await
    .unwrap();
    assert!(store.head().await.unwrap() > head + 2);
    assert_eq!(again.files, first.files);
    assert_ne!(again.run_id, first.run_id);
}

#[tokio::test]
async fn every_kind_runs_on_the_demo_population() {
    let db = TestDb::create().await.unwrap();
    let store = demo_store(&db).await;
    let key = RecordNumberKey::from_bytes(KEY);
    for (kind, period, file) in [
        (ReportKind::Ncands, "2026", "ncands-2026-child.dat"),
        (ReportKind::Nytd, "2026B", "nytd-2026B.xml"),
        (ReportKind::Cfsr, "2026", "indicators.json"),
    ] {
        let dir = out_dir();
        let outcome = run_report(
            &store,
            &ohio_policy_set(),
            &key,
            &request(kind, period, None, demo::DEMO_AUDITOR),
            dir.path(),
            client(),
            &mut |_| {},
        )
        .await
        .unwrap_or_else(|e| panic!("{kind}: {e}"));
        assert!(
            outcome.files.iter().any(|f| f.name == file),
            "{kind}: {:?}",
            outcome.files
        );
        assert!(
            std::fs::metadata(dir.path().join(file)).unwrap().len() > 0,
            "{kind}"
        );
    }
}

#[tokio::test]
async fn a_caseworker_is_refused_the_refusal_is_recorded_and_nothing_is_written() {
    let db = TestDb::create().await.unwrap();
    let store = demo_store(&db).await;
    let head = store.head().await.unwrap();
    // A directory the refused run would have had to create.
    let parent = out_dir();
    let dir = parent.path().join("refused");
    let refused = run_report(
        &store,
        &ohio_policy_set(),
        &RecordNumberKey::from_bytes(KEY),
        &request(ReportKind::Afcars, "2026B", None, demo::DEMO_CASEWORKER),
        &dir,
        client(),
        &mut |_| {},
    )
    .await;
    match refused {
        Err(Error::AccessRefused {
            staff, position, ..
        }) => {
            assert_eq!(staff, StaffId(demo::DEMO_CASEWORKER));
            assert_eq!(position, head + 1);
        }
        other => panic!("{other:?}"),
    }
    let denied: Vec<_> =
        futures_util::StreamExt::collect::<Vec<_>>(store.read_all(head).await.unwrap())
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
    assert_eq!(denied.len(), 1);
    assert_eq!(denied[0].event_type, "AccessDenied");
    assert!(!dir.exists());
}

#[tokio::test]
async fn a_bad_period_is_refused_naming_the_period() {
    let db = TestDb::create().await.unwrap();
    let store = demo_store(&db).await;
    for (kind, period) in [(ReportKind::Afcars, "2026"), (ReportKind::Ncands, "2026B")] {
        let failed = run_report(
            &store,
            &ohio_policy_set(),
            &RecordNumberKey::from_bytes(KEY),
            &request(kind, period, None, demo::DEMO_AUDITOR),
            out_dir().path(),
            client(),
            &mut |_| {},
        )
        .await
        .unwrap_err();
        assert!(
            failed.to_string().contains("period"),
            "{kind} {period}: {failed}"
        );
    }
}

#[test]
fn record_numbers_are_stable_per_key_and_differ_between_keys_and_persons() {
    let person = Uuid::from_u128(42);
    let key = RecordNumberKey::from_bytes(KEY);
    assert_eq!(key.number(person), key.number(person));
    assert_eq!(key.number(person).len(), 12);
    assert_ne!(key.number(person), key.number(Uuid::from_u128(43)));
    assert_ne!(
        key.number(person),
        RecordNumberKey::from_bytes([8; 32]).number(person)
    );
}

#[tokio::test]
async fn the_replay_bench_counts_the_whole_log_and_what_each_phase_replays() {
    let db = TestDb::create().await.unwrap();
    let mut client = db.connect().await.unwrap();
    kinlog_projections::migrate(&mut client).await.unwrap();
    let store = demo_store(&db).await;
    let head = store.head().await.unwrap();
    let in_category = |category: &'static str| {
        let client = &client;
        async move {
            let pattern = format!("^{category}-[0-9a-f-]{{36}}$");
            let row = client
                .query_one(
                    "SELECT count(*) FROM es.events WHERE stream_id ~ $1",
                    &[&pattern],
                )
                .await
                .unwrap();
            row.get::<_, i64>(0) as u64
        }
    };
    let (cases, persons) = (in_category("case").await, in_category("person").await);
    assert!(cases > 0 && persons > 0);

    let report = run_replay_bench(&store, &["removal_episodes".to_owned()])
        .await
        .unwrap();
    assert_eq!(report.head, head);
    assert_eq!(report.read_all.events, head, "positions are dense from 1");
    assert_eq!(report.phases.len(), 2);
    assert_eq!(report.phases[0].name, "rebuild removal_episodes");
    assert_eq!(report.phases[0].events, cases);
    assert_eq!(report.phases[1].events, cases + persons);
    assert!(report.phases.iter().all(|p| p.ratio_to_read_all > 0.0));

    let unknown = run_replay_bench(&store, &["no_such_view".to_owned()]).await;
    assert!(unknown.unwrap_err().to_string().contains("no_such_view"));
}
