//! `kinlog practice`: the binary refuses to purge a production deployment, and flags only
//! an empty one as practice.
use std::process::{Command, Output};

use kinlog_store::testing::TestDb;

fn kinlog(db: &TestDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kinlog"))
        .args(args)
        .env("DATABASE_URL", db.url())
        .env("RUST_LOG", "warn")
        .output()
        .expect("kinlog runs")
}

#[tokio::test]
async fn the_binary_refuses_to_purge_production_and_purges_a_practice_deployment() {
    let production = TestDb::create().await.unwrap();
    let refused = kinlog(&production, &["practice", "purge"]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("not a practice one"), "{stderr}");

    let practice = TestDb::create().await.unwrap();
    let marked = kinlog(&practice, &["practice", "mark"]);
    assert!(
        marked.status.success(),
        "{}",
        String::from_utf8_lossy(&marked.stderr)
    );
    let purged = kinlog(&practice, &["practice", "purge"]);
    let stdout = String::from_utf8_lossy(&purged.stdout);
    assert!(
        purged.status.success(),
        "{}",
        String::from_utf8_lossy(&purged.stderr)
    );
    assert!(
        stdout.contains("purged 0 cases, erased 0 persons, kept 0 for training review"),
        "{stdout}"
    );
}
