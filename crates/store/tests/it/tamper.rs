//! Tamper evidence end to end: build a log through `es.append_batch`, tamper with it as a
//! superuser past the append-only triggers, and check that `verify`, the sealer and the
//! proofs name the right position.
use chrono::{DateTime, Utc};
use ct_merkle::mem_backed_tree::MemoryBackedTree;
use kinlog_store::{
    consistency_proof, inclusion_proof, migrate, seal, verify, Checkpoint, Error, Problem,
    ProofRejection, PublicKey, SealFault, SealingKey, Sha256Hash, SignedCheckpoint,
};
use sha2::{Digest, Sha256};
use tokio_postgres::{Client, NoTls};
use uuid::Uuid;

// ---------------------------------------------------------------------------------------
// A fresh database per test. (The lead replaces this with the shared harness.)

const SERVER: &str = "host=127.0.0.1 port=5432 user=postgres";

struct TestDb {
    name: String,
    client: Client,
}

async fn connect(database: &str) -> Client {
    let (client, connection) =
        tokio_postgres::connect(&format!("{SERVER} dbname={database}"), NoTls)
            .await
            .expect("connect to the test server");
    tokio::spawn(connection);
    client
}

impl TestDb {
    async fn new() -> TestDb {
        let name = format!("kinlog_t_{}", Uuid::new_v4().simple());
        connect("postgres")
            .await
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create the test database");
        let mut client = connect(&name).await;
        migrate(&mut client).await.expect("migrate");
        TestDb { name, client }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let name = self.name.clone();
        // Drop runs inside the test's runtime, so the cleanup gets a runtime of its own.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("cleanup runtime");
            runtime.block_on(async {
                let _ = connect("postgres")
                    .await
                    .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await;
            });
        })
        .join();
    }
}

// ---------------------------------------------------------------------------------------
// An independent statement of the stored contract (crates/store/src/hashing.rs), so that an
// intact log verifying also proves the two implementations agree.

fn content_hash(
    event_id: &Uuid,
    stream: &str,
    event_type: &str,
    meta: &[u8],
    payload: &[u8],
) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"kinlog-event-v1");
    h.update(event_id.as_bytes());
    for field in [stream.as_bytes(), event_type.as_bytes()] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field);
    }
    h.update(1u16.to_be_bytes());
    for field in [meta, payload] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field);
    }
    h.finalize().into()
}

fn leaf(
    position: i64,
    stream_version: i64,
    recorded_at: DateTime<Utc>,
    content: &[u8; 32],
) -> Vec<u8> {
    const PG_EPOCH_UNIX_MICROS: i64 = 946_684_800_000_000;
    let mut out = Vec::with_capacity(56);
    out.extend_from_slice(&position.to_be_bytes());
    out.extend_from_slice(&stream_version.to_be_bytes());
    out.extend_from_slice(&(recorded_at.timestamp_micros() - PG_EPOCH_UNIX_MICROS).to_be_bytes());
    out.extend_from_slice(content);
    out
}

fn chain(previous: &[u8], leaf: &[u8]) -> Vec<u8> {
    Sha256::new()
        .chain_update(previous)
        .chain_update(leaf)
        .finalize()
        .to_vec()
}

/// Every stored event's leaf, recomputed from its columns, in position order.
async fn leaves(client: &Client) -> Vec<Vec<u8>> {
    client
        .query(
            "SELECT position, stream_version, recorded_at, event_id, stream_id, event_type, \
             metadata, payload FROM es.events ORDER BY position",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| {
            let content = content_hash(&r.get(3), r.get(4), r.get(5), r.get(6), r.get(7));
            leaf(r.get(0), r.get(1), r.get(2), &content)
        })
        .collect()
}

/// The Merkle root of the first `size` stored leaves, by ct-merkle.
async fn reference_root(client: &Client, size: usize) -> Sha256Hash {
    let mut tree = MemoryBackedTree::<Sha256, Vec<u8>>::new();
    for leaf in leaves(client).await.into_iter().take(size) {
        tree.push(leaf);
    }
    Sha256Hash(tree.root().as_bytes().as_slice().try_into().unwrap())
}

// ---------------------------------------------------------------------------------------
// Building and tampering with logs.

/// Appends `count` events in appends of up to five, spread over three case streams.
async fn append_events(client: &Client, count: usize) {
    let mut done = 0;
    while done < count {
        let batch = (count - done).min(5);
        let stream = format!("case-{}", done % 3);
        let ids: Vec<Uuid> = (0..batch).map(|_| Uuid::now_v7()).collect();
        let types = vec!["CaseNoteRecorded".to_string(); batch];
        let schema_versions = vec![1i16; batch];
        let metadata: Vec<Vec<u8>> = (0..batch)
            .map(|i| format!("actor-{}", done + i).into_bytes())
            .collect();
        let payloads: Vec<Vec<u8>> = (0..batch)
            .map(|i| format!("note {} about a home visit", done + i).into_bytes())
            .collect();
        let hashes: Vec<Vec<u8>> = (0..batch)
            .map(|i| content_hash(&ids[i], &stream, &types[i], &metadata[i], &payloads[i]).to_vec())
            .collect();
        let status: i16 = client
            .query_one(
                "SELECT out_status FROM es.append_batch($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[
                    &vec![stream.clone()],
                    &vec![None::<i64>],
                    &vec![batch as i32],
                    &ids,
                    &types,
                    &schema_versions,
                    &metadata,
                    &payloads,
                    &hashes,
                ],
            )
            .await
            .unwrap()
            .get(0);
        assert_eq!(status, 0, "append status");
        done += batch;
    }
}

/// Runs `sql` as a superuser with triggers off, as an attacker with database access would.
async fn tamper(client: &Client, sql: &str) {
    client
        .batch_execute(&format!(
            "SET session_replication_role = replica; {sql}; SET session_replication_role = origin;"
        ))
        .await
        .unwrap();
}

/// Moves the events at `from..` up by `by` positions, keeping their chain hashes.
async fn shift_up(client: &Client, from: i64, by: i64) {
    tamper(
        client,
        &format!(
            "UPDATE es.events SET position = position + 1000000 WHERE position >= {from}; \
             UPDATE es.events SET position = position - 1000000 + {by} WHERE position >= 1000000"
        ),
    )
    .await;
}

async fn stored_chain(client: &Client, position: i64) -> Vec<u8> {
    client
        .query_one(
            "SELECT chain_hash FROM es.events WHERE position = $1",
            &[&position],
        )
        .await
        .unwrap()
        .get(0)
}

async fn problem(db: &mut TestDb, key: &PublicKey) -> Problem {
    let report = verify(&mut db.client, key).await.unwrap();
    match report.problem {
        Some(problem) => problem,
        None => panic!("tampering went unnoticed: {report}"),
    }
}

/// A log of `count` events, sealed at each of `seal_at` on the way.
async fn sealed_log(count: usize, seal_at: &[usize]) -> (TestDb, SealingKey) {
    let mut db = TestDb::new().await;
    let key = SealingKey::generate().unwrap();
    let mut appended = 0;
    for &at in seal_at {
        append_events(&db.client, at - appended).await;
        appended = at;
        let signed = seal(&mut db.client, &key).await.unwrap();
        assert_eq!(signed.checkpoint.position, at as u64);
    }
    append_events(&db.client, count - appended).await;
    (db, key)
}

// ---------------------------------------------------------------------------------------
// verify

#[tokio::test]
async fn an_intact_log_verifies_and_agrees_with_an_independent_merkle_tree() {
    let (mut db, key) = sealed_log(100, &[40, 100]).await;
    let report = verify(&mut db.client, &key.public_key()).await.unwrap();
    assert!(report.is_intact(), "{report}");
    assert_eq!(
        (report.events_checked, report.head, report.seals_checked),
        (100, 100, 2)
    );
    assert_eq!(report.merkle_root, reference_root(&db.client, 100).await);
    assert_eq!(
        report.chain_head.0.to_vec(),
        stored_chain(&db.client, 100).await
    );
}

#[tokio::test]
async fn an_empty_log_verifies() {
    let mut db = TestDb::new().await;
    let key = SealingKey::generate().unwrap();
    let report = verify(&mut db.client, &key.public_key()).await.unwrap();
    assert!(report.is_intact(), "{report}");
    assert_eq!(report.merkle_root, Sha256Hash(kinlog_store::empty_root()));
}

#[tokio::test]
async fn a_flipped_payload_byte_is_found_at_its_position() {
    let (mut db, key) = sealed_log(100, &[]).await;
    tamper(
        &db.client,
        "UPDATE es.events SET payload = set_byte(payload, 3, get_byte(payload, 3) # 1) WHERE position = 42",
    )
    .await;
    let found = problem(&mut db, &key.public_key()).await;
    assert_eq!(found, Problem::ChainMismatch { position: 42 });
    assert_eq!(found.position(), 42);
    assert!(
        found
            .to_string()
            .starts_with("position 42: chain hash mismatch"),
        "{found}"
    );
}

#[tokio::test]
async fn changed_metadata_and_headers_are_found_at_their_positions() {
    let (mut db, key) = sealed_log(30, &[]).await;
    let edits = [
        (25, "metadata = metadata || '\\x00'::bytea"),
        (20, "recorded_at = recorded_at + interval '1 microsecond'"),
        (15, "stream_version = stream_version + 100"),
        (10, "event_type = 'CaseClosed'"),
        (
            5,
            "chain_hash = set_byte(chain_hash, 0, get_byte(chain_hash, 0) # 128)",
        ),
    ];
    // Each edit lies below the previous one, so each becomes the first problem in turn.
    for (position, set) in edits {
        tamper(
            &db.client,
            &format!("UPDATE es.events SET {set} WHERE position = {position}"),
        )
        .await;
        assert_eq!(
            problem(&mut db, &key.public_key()).await,
            Problem::ChainMismatch { position },
            "after editing {set}"
        );
    }
}

#[tokio::test]
async fn a_deleted_row_is_found() {
    let (mut db, key) = sealed_log(100, &[]).await;
    tamper(&db.client, "DELETE FROM es.events WHERE position = 17").await;
    let found = problem(&mut db, &key.public_key()).await;
    assert_eq!(found, Problem::PositionMissing { position: 17 });
    assert_eq!(found.to_string(), "position 17 missing");
}

#[tokio::test]
async fn a_deleted_row_with_the_rest_renumbered_is_found() {
    let (mut db, key) = sealed_log(100, &[]).await;
    tamper(&db.client, "DELETE FROM es.events WHERE position = 17").await;
    tamper(
        &db.client,
        "UPDATE es.events SET position = position + 1000000 WHERE position > 17; \
         UPDATE es.events SET position = position - 1000001 WHERE position > 1000000; \
         UPDATE es.log_head SET position = 99",
    )
    .await;
    assert_eq!(
        problem(&mut db, &key.public_key()).await,
        Problem::ChainMismatch { position: 17 }
    );
}

#[tokio::test]
async fn an_inserted_row_with_a_valid_chain_hash_is_found() {
    let (mut db, key) = sealed_log(100, &[]).await;
    shift_up(&db.client, 30, 1).await;
    // The forger computes a correct chain hash for the row they insert at 30.
    let (id, stream, payload) = (Uuid::now_v7(), "case-forged", b"never happened".as_slice());
    let now: DateTime<Utc> = db
        .client
        .query_one("SELECT date_trunc('milliseconds', now())", &[])
        .await
        .unwrap()
        .get(0);
    let content = content_hash(&id, stream, "CaseNoteRecorded", b"", payload);
    let forged_chain = chain(
        &stored_chain(&db.client, 29).await,
        &leaf(30, 1, now, &content),
    );
    db.client
        .execute(
            "INSERT INTO es.events (position, stream_version, recorded_at, event_id, schema_version, \
             stream_id, event_type, metadata, payload, chain_hash) \
             VALUES (30, 1, $1, $2, 1, $3, 'CaseNoteRecorded', '', $4, $5)",
            &[&now, &id, &stream, &payload, &forged_chain],
        )
        .await
        .unwrap();
    tamper(&db.client, "UPDATE es.log_head SET position = 101").await;
    let found = problem(&mut db, &key.public_key()).await;
    assert_eq!(found, Problem::Inserted { position: 30 });
    assert!(
        found
            .to_string()
            .starts_with("position 30: an event was inserted here"),
        "{found}"
    );
}

#[tokio::test]
async fn an_inserted_row_with_a_copied_chain_hash_is_found() {
    let (mut db, key) = sealed_log(100, &[]).await;
    shift_up(&db.client, 30, 1).await;
    tamper(
        &db.client,
        "INSERT INTO es.events SELECT 30, 1, recorded_at, gen_random_uuid(), schema_version, \
         'case-forged', event_type, metadata, payload, chain_hash FROM es.events WHERE position = 31",
    )
    .await;
    assert_eq!(
        problem(&mut db, &key.public_key()).await,
        Problem::ChainMismatch { position: 30 }
    );
}

#[tokio::test]
async fn an_event_appended_past_the_head_is_found() {
    let (mut db, key) = sealed_log(100, &[]).await;
    tamper(
        &db.client,
        "INSERT INTO es.events SELECT 101, 99, recorded_at, gen_random_uuid(), schema_version, \
         stream_id, event_type, metadata, payload, chain_hash FROM es.events WHERE position = 100",
    )
    .await;
    let found = problem(&mut db, &key.public_key()).await;
    assert_eq!(found, Problem::PastHead { head: 100 });
    assert_eq!(found.position(), 101);
}

#[tokio::test]
async fn two_swapped_positions_are_found_at_the_first() {
    let (mut db, key) = sealed_log(100, &[]).await;
    tamper(
        &db.client,
        "UPDATE es.events SET position = 1000005 WHERE position = 5; \
         UPDATE es.events SET position = 5 WHERE position = 6; \
         UPDATE es.events SET position = 6 WHERE position = 1000005",
    )
    .await;
    assert_eq!(
        problem(&mut db, &key.public_key()).await,
        Problem::ChainMismatch { position: 5 }
    );
}

#[tokio::test]
async fn swapped_contents_under_fixed_chain_hashes_are_found_at_the_first() {
    let (mut db, key) = sealed_log(100, &[]).await;
    tamper(
        &db.client,
        "UPDATE es.events e SET payload = o.payload FROM es.events o \
         WHERE (e.position, o.position) IN ((61, 62), (62, 61))",
    )
    .await;
    assert_eq!(
        problem(&mut db, &key.public_key()).await,
        Problem::ChainMismatch { position: 61 }
    );
}

#[tokio::test]
async fn a_truncated_tail_is_found_by_the_head() {
    let (mut db, key) = sealed_log(100, &[]).await;
    tamper(&db.client, "DELETE FROM es.events WHERE position > 97").await;
    let found = problem(&mut db, &key.public_key()).await;
    assert_eq!(
        found,
        Problem::HeadBeyondLog {
            head: 100,
            log_end: 97
        }
    );
    assert_eq!(found.to_string(), "head says 100 but the log ends at 97");
    assert_eq!(found.position(), 98);
}

#[tokio::test]
async fn a_truncated_tail_with_the_head_fixed_up_is_found_by_the_seal() {
    let (mut db, key) = sealed_log(100, &[50, 100]).await;
    tamper(
        &db.client,
        "DELETE FROM es.events WHERE position > 97; \
         UPDATE es.log_head SET position = 97, \
             chain_hash = (SELECT chain_hash FROM es.events WHERE position = 97)",
    )
    .await;
    let found = problem(&mut db, &key.public_key()).await;
    assert_eq!(
        found,
        Problem::SealBeyondLog {
            seal: 100,
            log_end: 97
        }
    );
    assert_eq!(found.position(), 98);
    // The sealer refuses to go on from there, too.
    assert!(matches!(
        seal(&mut db.client, &key).await,
        Err(Error::LogTampered(Problem::SealBeyondLog {
            seal: 100,
            log_end: 97
        }))
    ));
}

#[tokio::test]
async fn a_head_with_a_wrong_chain_hash_is_found() {
    let (mut db, key) = sealed_log(20, &[]).await;
    tamper(&db.client, "UPDATE es.log_head SET chain_hash = (SELECT chain_hash FROM es.events WHERE position = 19)").await;
    assert_eq!(
        problem(&mut db, &key.public_key()).await,
        Problem::HeadChainMismatch { position: 20 }
    );
}

#[tokio::test]
async fn a_log_rewritten_with_a_recomputed_chain_is_found_by_the_next_seal() {
    let (mut db, key) = sealed_log(100, &[32, 64]).await;
    tamper(
        &db.client,
        "UPDATE es.events SET payload = 'a different note' WHERE position = 42",
    )
    .await;
    // The forger recomputes every chain hash from 42 on and fixes the head.
    let leaves = leaves(&db.client).await;
    let mut previous = stored_chain(&db.client, 41).await;
    for (i, leaf) in leaves.iter().enumerate().skip(41) {
        previous = chain(&previous, leaf);
        tamper(
            &db.client,
            &format!(
                "UPDATE es.events SET chain_hash = '\\x{}' WHERE position = {}",
                hex::encode(&previous),
                i + 1
            ),
        )
        .await;
    }
    tamper(
        &db.client,
        &format!(
            "UPDATE es.log_head SET chain_hash = '\\x{}'",
            hex::encode(&previous)
        ),
    )
    .await;

    let found = problem(&mut db, &key.public_key()).await;
    assert_eq!(
        found,
        Problem::Seal {
            position: 64,
            fault: SealFault::ChainHeadMismatch { since: 33 }
        }
    );
    assert!(found.to_string().contains("an event in 33..=64"), "{found}");
}

#[tokio::test]
async fn an_altered_checkpoint_is_found() {
    for column in ["merkle_root", "chain_head"] {
        let (mut db, key) = sealed_log(100, &[64, 100]).await;
        tamper(
            &db.client,
            &format!("UPDATE es.seals SET {column} = set_byte({column}, 31, get_byte({column}, 31) # 1) WHERE position = 64"),
        )
        .await;
        let found = problem(&mut db, &key.public_key()).await;
        assert_eq!(
            found,
            Problem::Seal {
                position: 64,
                fault: SealFault::BadSignature
            },
            "{column}"
        );
        assert_eq!(found.to_string(), "seal at 64: bad signature");
    }
    let (mut db, key) = sealed_log(100, &[64, 100]).await;
    tamper(
        &db.client,
        "UPDATE es.seals SET sealed_at = sealed_at - interval '1 day' WHERE position = 64",
    )
    .await;
    assert_eq!(
        problem(&mut db, &key.public_key()).await,
        Problem::Seal {
            position: 64,
            fault: SealFault::BadSignature
        }
    );
}

#[tokio::test]
async fn a_damaged_frontier_is_found() {
    let (mut db, key) = sealed_log(100, &[64, 100]).await;
    tamper(
        &db.client,
        "UPDATE es.seals SET frontier = frontier || '\\x00'::bytea WHERE position = 64",
    )
    .await;
    assert_eq!(
        problem(&mut db, &key.public_key()).await,
        Problem::Seal {
            position: 64,
            fault: SealFault::FrontierMismatch
        }
    );
}

/// Replaces the seal at `position` with `signed`, as stored, claiming `claimed_key`.
async fn store_seal(client: &Client, signed: &SignedCheckpoint, claimed_key: &PublicKey) {
    let c = &signed.checkpoint;
    tamper(
        client,
        &format!("DELETE FROM es.seals WHERE position = {}", c.position),
    )
    .await;
    client
        .execute(
            "INSERT INTO es.seals (position, chain_head, merkle_root, frontier, signature, public_key, sealed_at) \
             VALUES ($1, $2, $3, '\\x0000000000000000', $4, $5, $6)",
            &[
                &(c.position as i64),
                &c.chain_head.0.as_slice(),
                &c.merkle_root.0.as_slice(),
                &signed.signature.0.as_slice(),
                &claimed_key.to_bytes().as_slice(),
                &c.sealed_at,
            ],
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn a_forged_checkpoint_signed_by_another_key_is_found() {
    let (mut db, key) = sealed_log(100, &[64, 100]).await;
    let forger = SealingKey::generate().unwrap();
    // Everything true but the signer.
    let honest = verify(&mut db.client, &key.public_key()).await.unwrap();
    assert!(honest.is_intact());
    let forged = Checkpoint {
        position: 100,
        chain_head: honest.chain_head,
        merkle_root: honest.merkle_root,
        sealed_at: Utc::now(),
    }
    .sign(&forger);
    store_seal(&db.client, &forged, &forger.public_key()).await;
    assert_eq!(
        problem(&mut db, &key.public_key()).await,
        Problem::Seal {
            position: 100,
            fault: SealFault::UntrustedKey {
                found: forger.public_key()
            }
        }
    );
    // Claiming the trusted key in the row does not make the forger's signature good.
    store_seal(&db.client, &forged, &key.public_key()).await;
    assert_eq!(
        problem(&mut db, &key.public_key()).await,
        Problem::Seal {
            position: 100,
            fault: SealFault::BadSignature
        }
    );
}

#[tokio::test]
async fn seals_are_append_only() {
    let (db, key) = sealed_log(10, &[10]).await;
    let _ = key;
    for sql in [
        "UPDATE es.seals SET sealed_at = now()",
        "DELETE FROM es.seals",
        "TRUNCATE es.seals",
    ] {
        let refused = db.client.batch_execute(sql).await.unwrap_err();
        assert_eq!(refused.code().map(|c| c.code()), Some("KL001"), "{sql}");
    }
}

// ---------------------------------------------------------------------------------------
// seal

#[tokio::test]
async fn sealing_resumes_from_the_stored_frontier() {
    let (mut db, key) = sealed_log(50, &[50]).await;
    // An edit below the latest seal goes unseen by a resuming sealer, which never rereads
    // sealed events; verify still finds it.
    tamper(
        &db.client,
        "UPDATE es.events SET payload = 'edited' WHERE position = 10",
    )
    .await;
    append_events(&db.client, 30).await;
    let second = seal(&mut db.client, &key).await.unwrap();
    assert_eq!(second.checkpoint.position, 80);
    assert_eq!(
        problem(&mut db, &key.public_key()).await,
        Problem::ChainMismatch { position: 10 }
    );
    second.verify(&key.public_key()).unwrap();
}

#[tokio::test]
async fn successive_seals_match_a_from_scratch_tree() {
    let (mut db, key) = sealed_log(73, &[1, 2, 3, 8, 50, 73]).await;
    let latest = seal(&mut db.client, &key).await.unwrap();
    assert_eq!(latest.checkpoint.position, 73);
    assert_eq!(
        latest.checkpoint.merkle_root,
        reference_root(&db.client, 73).await
    );
    // Nothing new: the same seal comes back and nothing is stored.
    let again = seal(&mut db.client, &key).await.unwrap();
    assert_eq!(again, latest);
    let count: i64 = db
        .client
        .query_one("SELECT count(*) FROM es.seals", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(count, 6);
    let report = verify(&mut db.client, &key.public_key()).await.unwrap();
    assert!(report.is_intact(), "{report}");
    assert_eq!(report.seals_checked, 6);
}

#[tokio::test]
async fn the_sealer_refuses_to_sign_a_tampered_log() {
    let (mut db, key) = sealed_log(60, &[50]).await;
    tamper(
        &db.client,
        "UPDATE es.events SET payload = 'edited' WHERE position = 55",
    )
    .await;
    let refused = seal(&mut db.client, &key).await;
    assert!(
        matches!(
            refused,
            Err(Error::LogTampered(Problem::ChainMismatch { position: 55 }))
        ),
        "{refused:?}"
    );
    let count: i64 = db
        .client
        .query_one("SELECT count(*) FROM es.seals", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(count, 1);
}

#[tokio::test]
async fn a_new_key_rehashes_from_the_start_and_checks_everything() {
    let (mut db, old_key) = sealed_log(60, &[50]).await;
    let new_key = SealingKey::generate().unwrap();
    let rotated = seal(&mut db.client, &new_key).await.unwrap();
    assert_eq!(
        rotated.checkpoint.merkle_root,
        reference_root(&db.client, 60).await
    );
    let _ = old_key;
    // Rehashing also rereads what the old key sealed, so an edit there stops the new key.
    let (mut db, _old_key) = sealed_log(60, &[50]).await;
    tamper(
        &db.client,
        "UPDATE es.events SET payload = 'edited' WHERE position = 7",
    )
    .await;
    assert!(matches!(
        seal(&mut db.client, &new_key).await,
        Err(Error::LogTampered(Problem::ChainMismatch { position: 7 }))
    ));
}

#[tokio::test]
async fn concurrent_sealers_store_one_seal_per_position() {
    let (db, key) = sealed_log(40, &[]).await;
    let key = std::sync::Arc::new(key);
    let sealers: Vec<_> = (0..4)
        .map(|_| {
            let (name, key) = (db.name.clone(), key.clone());
            tokio::spawn(async move { seal(&mut connect(&name).await, &key).await })
        })
        .collect();
    for sealer in sealers {
        let signed = sealer.await.unwrap().unwrap();
        assert_eq!(signed.checkpoint.position, 40);
    }
    let count: i64 = db
        .client
        .query_one("SELECT count(*) FROM es.seals", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(count, 1);
}

#[tokio::test]
async fn verify_reads_one_snapshot_while_appends_go_on() {
    let (mut db, key) = sealed_log(50, &[50]).await;
    let name = db.name.clone();
    let writer = tokio::spawn(async move {
        let client = connect(&name).await;
        for _ in 0..40 {
            append_events(&client, 5).await;
        }
    });
    let mut verified = 0;
    while !writer.is_finished() {
        let report = verify(&mut db.client, &key.public_key()).await.unwrap();
        assert!(report.is_intact(), "{report}");
        verified += 1;
    }
    writer.await.unwrap();
    let report = verify(&mut db.client, &key.public_key()).await.unwrap();
    assert!(
        report.is_intact() && report.events_checked == 250,
        "{report}"
    );
    assert!(verified > 0);
}

#[tokio::test]
async fn sealing_an_empty_log_is_refused() {
    let mut db = TestDb::new().await;
    let key = SealingKey::generate().unwrap();
    assert!(matches!(
        seal(&mut db.client, &key).await,
        Err(Error::EmptyLog)
    ));
}

// ---------------------------------------------------------------------------------------
// proofs

#[tokio::test]
async fn inclusion_proofs_verify_for_an_outside_witness() {
    let (db, key) = sealed_log(100, &[100]).await;
    let trusted = key.public_key();
    let leaves = leaves(&db.client).await;
    for position in [1u64, 42, 64, 99, 100] {
        let proof = inclusion_proof(&db.client, position, 100).await.unwrap();
        assert_eq!(proof.leaf, leaves[position as usize - 1]);
        proof.verify(&trusted).unwrap();
        let json = serde_json::to_string(&proof).unwrap();
        let received: kinlog_store::InclusionProof = serde_json::from_str(&json).unwrap();
        assert_eq!(received, proof);
        received.verify(&trusted).unwrap();
    }

    let proof = inclusion_proof(&db.client, 42, 100).await.unwrap();
    let rejected = |result: Result<(), Error>| match result {
        Err(Error::ProofRejected(reason)) => reason,
        other => panic!("accepted a bad proof: {other:?}"),
    };
    let mut bigger = proof.clone();
    bigger.tree_size = 101;
    assert_eq!(
        rejected(bigger.verify(&trusted)),
        ProofRejection::CheckpointSize {
            checkpoint: 100,
            claimed: 101
        }
    );
    let mut flipped = proof.clone();
    flipped.path[2].0[7] ^= 4;
    assert!(matches!(
        rejected(flipped.verify(&trusted)),
        ProofRejection::Path(_)
    ));
    let mut other_leaf = proof.clone();
    other_leaf.leaf = leaves[42].clone();
    assert_eq!(
        rejected(other_leaf.verify(&trusted)),
        ProofRejection::LeafPosition {
            leaf_position: 43,
            claimed: 42
        }
    );
    let mut edited_leaf = proof.clone();
    edited_leaf.leaf[40] ^= 1;
    assert_eq!(
        rejected(edited_leaf.verify(&trusted)),
        ProofRejection::LeafHash
    );
    let mut trailing = proof.clone();
    trailing.path.push(proof.root);
    assert!(matches!(
        rejected(trailing.verify(&trusted)),
        ProofRejection::Path(_)
    ));
    let stranger = SealingKey::generate().unwrap().public_key();
    assert!(matches!(
        rejected(proof.verify(&stranger)),
        ProofRejection::Checkpoint { position: 100, .. }
    ));
}

#[tokio::test]
async fn an_inclusion_proof_at_an_unsealed_size_needs_a_trusted_root() {
    let (db, key) = sealed_log(100, &[100]).await;
    let proof = inclusion_proof(&db.client, 5, 70).await.unwrap();
    assert!(proof.checkpoint.is_none());
    assert!(matches!(
        proof.verify(&key.public_key()),
        Err(Error::ProofRejected(ProofRejection::CheckpointMissing {
            size: 70
        }))
    ));
    let root70 = reference_root(&db.client, 70).await;
    proof.verify_against_root(&root70).unwrap();
    let root71 = reference_root(&db.client, 71).await;
    assert!(proof.verify_against_root(&root71).is_err());
}

#[tokio::test]
async fn consistency_proofs_link_successive_seals() {
    let (db, key) = sealed_log(100, &[40, 100]).await;
    let trusted = key.public_key();
    let proof = consistency_proof(&db.client, 40, 100).await.unwrap();
    proof.verify(&trusted).unwrap();
    let received: kinlog_store::ConsistencyProof =
        serde_json::from_str(&serde_json::to_string(&proof).unwrap()).unwrap();
    received.verify(&trusted).unwrap();
    // A witness that kept the first checkpoint checks against its own copy.
    let kept = proof.from_checkpoint.clone().unwrap();
    proof
        .verify_against_roots(&kept.checkpoint.merkle_root, &proof.to_root)
        .unwrap();

    let mut swapped = proof.clone();
    std::mem::swap(&mut swapped.from_root, &mut swapped.to_root);
    assert!(swapped
        .verify_against_roots(&swapped.from_root.clone(), &swapped.to_root.clone())
        .is_err());
    let mut shorter = proof.clone();
    shorter.path.pop();
    assert!(shorter.verify(&trusted).is_err());
    let mut flipped = proof.clone();
    flipped.path[0].0[0] ^= 1;
    assert!(flipped.verify(&trusted).is_err());
    // Unsealed sizes have no checkpoints, but their roots still prove consistency.
    let unsealed = consistency_proof(&db.client, 17, 59).await.unwrap();
    assert!(unsealed.from_checkpoint.is_none() && unsealed.to_checkpoint.is_none());
    unsealed
        .verify_against_roots(
            &reference_root(&db.client, 17).await,
            &reference_root(&db.client, 59).await,
        )
        .unwrap();
}

#[tokio::test]
async fn proofs_are_refused_past_the_head_or_over_a_tampered_log() {
    let (db, _key) = sealed_log(30, &[]).await;
    for (position, size, field) in [
        (0, 10, "position"),
        (11, 10, "position"),
        (5, 31, "tree_size"),
    ] {
        let refused = inclusion_proof(&db.client, position, size).await;
        assert!(
            matches!(refused, Err(Error::ProofRequest { field: f, .. }) if f == field),
            "{refused:?}"
        );
    }
    assert!(matches!(
        consistency_proof(&db.client, 20, 10).await,
        Err(Error::ProofRequest { field: "from", .. })
    ));
    tamper(
        &db.client,
        "UPDATE es.events SET payload = 'edited' WHERE position = 12",
    )
    .await;
    assert!(matches!(
        inclusion_proof(&db.client, 20, 30).await,
        Err(Error::LogTampered(Problem::ChainMismatch { position: 12 }))
    ));
}
