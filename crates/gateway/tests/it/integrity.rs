use std::path::Path;
use std::process::{Command, Output};

use bytes::Bytes;
use kinlog_store::testing::TestDb;
use kinlog_store::{
    ExpectedVersion, InclusionProof, NewEvent, PublicKey, Store, StoreOptions, Upcasters,
};
use uuid::Uuid;

fn kinlog(db: &TestDb, key: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kinlog"))
        .args(args)
        .env("DATABASE_URL", db.url())
        .env("KINLOG_SEAL_KEY", key)
        .env("RUST_LOG", "warn")
        .output()
        .expect("kinlog runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

async fn append_events(db: &TestDb, n: usize) {
    let store = Store::connect(db.url(), StoreOptions::default(), Upcasters::new())
        .await
        .unwrap();
    for i in 0..n {
        let event = NewEvent {
            event_id: Uuid::now_v7(),
            event_type: "NoteRecorded".into(),
            schema_version: 1,
            payload: Bytes::from(format!("note {i}")),
            metadata: Bytes::from_static(b"\x80"),
        };
        store
            .append(
                &format!("case-{}", i % 3),
                ExpectedVersion::Any,
                vec![event],
            )
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn keygen_seal_verify_and_prove_through_the_binary() {
    let db = TestDb::create().await.unwrap();
    let dir = std::env::temp_dir().join(format!("kinlog-e2e-{}", Uuid::new_v4().simple()));
    let key = dir.join("keys").join("seal.key");

    let made = kinlog(&db, &key, &["keygen"]);
    assert!(made.status.success(), "{made:?}");
    let public: PublicKey = stdout(&made)
        .trim()
        .parse()
        .expect("keygen prints the public key");
    let again = kinlog(&db, &key, &["keygen"]);
    assert!(
        !again.status.success(),
        "an existing key is never overwritten"
    );
    assert_eq!(
        stdout(&kinlog(&db, &key, &["keygen", "--public"])).trim(),
        public.to_string()
    );

    append_events(&db, 10).await;
    let sealed = kinlog(&db, &key, &["seal"]);
    assert!(sealed.status.success(), "{sealed:?}");
    assert_eq!(
        stdout(&sealed).lines().nth(1),
        Some("10"),
        "the checkpoint covers 10 events"
    );

    let verified = kinlog(&db, &key, &["verify"]);
    assert_eq!(verified.status.code(), Some(0), "{verified:?}");
    assert!(stdout(&verified).starts_with("intact: 10 events, 1 seals"));

    let proof = kinlog(&db, &key, &["proof", "inclusion", "--position", "4"]);
    assert!(proof.status.success(), "{proof:?}");
    let proof: InclusionProof = serde_json::from_slice(&proof.stdout).unwrap();
    proof
        .verify(&public)
        .expect("the printed proof checks against the signed checkpoint");

    let client = db.connect().await.unwrap();
    client
        .batch_execute(
            "SET session_replication_role = replica;
             UPDATE es.events SET payload = 'edited' WHERE position = 7;",
        )
        .await
        .unwrap();
    let tampered = kinlog(&db, &key, &["verify"]);
    assert_eq!(tampered.status.code(), Some(1), "{tampered:?}");
    assert!(
        stdout(&tampered).contains("position 7"),
        "{}",
        stdout(&tampered)
    );

    let _ = std::fs::remove_dir_all(dir);
}
