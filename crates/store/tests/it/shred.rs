//! Crypto-shredding against real PostgreSQL: sealing, opening, shredding, and what the
//! database holds afterwards.
use std::collections::BTreeSet;
use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use futures_util::TryStreamExt;
use kinlog_store::{
    open_personal_fields, seal_personal_fields, Error, ExpectedVersion, MasterKey, NewEvent,
    SealingKey, Store, StoreOptions, SubjectVault, Upcasters,
};
use proptest::prelude::*;
use rmpv::Value;
use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use tokio_postgres::Client;
use uuid::Uuid;

// ---------------------------------------------------------------------------------------
// A fresh database per test, with a store to append through and a key to seal with.

struct TestDb {
    db: kinlog_store::testing::TestDb,
    client: Client,
    store: Store,
    sealing_key: SealingKey,
}

impl TestDb {
    async fn create() -> TestDb {
        let db = kinlog_store::testing::TestDb::create().await.unwrap();
        let client = db.connect().await.unwrap();
        let store = Store::connect(db.url(), StoreOptions::default(), Upcasters::new())
            .await
            .unwrap();
        TestDb {
            db,
            client,
            store,
            sealing_key: SealingKey::generate().unwrap(),
        }
    }

    async fn connect(&self) -> Client {
        self.db.connect().await.unwrap()
    }

    /// Seals the log and runs the store's full `verify`: the first bad position, if any.
    async fn first_problem(&self) -> Option<u64> {
        let mut client = self.connect().await;
        // The sealer refuses to sign a log that does not verify, naming the position.
        match kinlog_store::seal(&mut client, &self.sealing_key).await {
            Ok(_) => {}
            Err(Error::LogTampered(problem)) => return Some(problem.position()),
            Err(e) => panic!("sealing failed: {e}"),
        }
        let report = kinlog_store::verify(&mut client, &self.sealing_key.public_key())
            .await
            .unwrap();
        report.problem.map(|p| p.position())
    }
}

// ---------------------------------------------------------------------------------------

/// The event every sealed payload in these tests belongs to.
const EVENT: Uuid = Uuid::from_u128(0xe7e7);

// A stand-in for the domain's `Personal<T>`, written against the documented wire shape.

#[derive(Clone, PartialEq)]
enum Personal<T> {
    Known { subject: Uuid, value: T },
    Erased { subject: Uuid },
}

impl<T> Personal<T> {
    fn known(subject: Uuid, value: T) -> Self {
        Personal::Known { subject, value }
    }
}

impl<T> fmt::Debug for Personal<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Personal::Known { subject, .. } => write!(f, "Known({subject}, <redacted>)"),
            Personal::Erased { subject } => write!(f, "Erased({subject})"),
        }
    }
}

impl<T: Serialize> Serialize for Personal<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        match self {
            Personal::Known { subject, value } => {
                map.serialize_entry("$pii", &subject.hyphenated().to_string())?;
                map.serialize_entry("v", value)?;
            }
            Personal::Erased { subject } => {
                map.serialize_entry("$pii", &subject.hyphenated().to_string())?;
                map.serialize_entry("erased", &true)?;
            }
        }
        map.end()
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Personal<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PersonalVisitor<T>(PhantomData<T>);

        impl<'de, T: DeserializeOwned> Visitor<'de> for PersonalVisitor<T> {
            type Value = Personal<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a personal field in plaintext or erased form")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let (mut subject, mut value, mut erased) = (None, None, false);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "$pii" => subject = Some(map.next_value::<String>()?),
                        "v" => value = Some(map.next_value::<T>()?),
                        "erased" => erased = map.next_value::<bool>()?,
                        other => {
                            return Err(de::Error::unknown_field(other, &["$pii", "v", "erased"]))
                        }
                    }
                }
                let subject = subject.ok_or_else(|| de::Error::missing_field("$pii"))?;
                let subject = Uuid::parse_str(&subject).map_err(de::Error::custom)?;
                match (value, erased) {
                    (Some(value), false) => Ok(Personal::Known { subject, value }),
                    (None, true) => Ok(Personal::Erased { subject }),
                    _ => Err(de::Error::custom(
                        "a personal field must be plaintext or erased",
                    )),
                }
            }
        }

        deserializer.deserialize_map(PersonalVisitor(PhantomData))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Caregiver {
    name: String,
    phone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ChildPlaced {
    case_id: Uuid,
    placement_setting: String,
    child_name: Personal<String>,
    child_birth_date: Personal<String>,
    caregiver: Personal<Caregiver>,
    // A note about the child that names the caregiver: nested subjects.
    note: Personal<Vec<Personal<String>>>,
}

const CANARY: &str = "CANARY-7f3a9c-Zuzanna-Kowalczyk";

fn placement(child: Uuid, caregiver: Uuid) -> ChildPlaced {
    ChildPlaced {
        case_id: Uuid::new_v4(),
        placement_setting: "foster-family-nonrelative".into(),
        child_name: Personal::known(child, format!("{CANARY}-child")),
        child_birth_date: Personal::known(child, "2014-03-09".into()),
        caregiver: Personal::known(
            caregiver,
            Caregiver {
                name: format!("{CANARY}-caregiver"),
                phone: "614-555-0134".into(),
            },
        ),
        note: Personal::known(
            child,
            vec![
                Personal::known(child, "settled in well".into()),
                Personal::known(caregiver, format!("{CANARY}-caregiver-in-note")),
            ],
        ),
    }
}

fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    rmp_serde::to_vec_named(value).unwrap()
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> T {
    rmp_serde::from_slice(bytes).unwrap()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

async fn vault(client: &Client, key: &MasterKey) -> SubjectVault {
    SubjectVault::open(client, key.clone()).await.unwrap()
}

// ---------------------------------------------------------------------------------------
// Appending, and reading back what is stored.

async fn append(store: &Store, stream: &str, payload: &[u8]) -> Uuid {
    let event = NewEvent {
        event_id: Uuid::now_v7(),
        event_type: "ChildPlaced".into(),
        schema_version: 1,
        payload: bytes::Bytes::copy_from_slice(payload),
        metadata: bytes::Bytes::from_static(&[0x80]), // an empty MessagePack map
    };
    let event_id = event.event_id;
    store
        .append(stream, ExpectedVersion::Any, vec![event])
        .await
        .unwrap();
    event_id
}

async fn stored_payload(client: &Client, event_id: Uuid) -> Vec<u8> {
    client
        .query_one(
            "SELECT payload FROM es.events WHERE event_id = $1",
            &[&event_id],
        )
        .await
        .unwrap()
        .get(0)
}

/// Every stored row, as raw text of all its columns, in position order.
async fn event_rows(client: &Client) -> Vec<String> {
    client
        .query("SELECT e::text FROM es.events e ORDER BY position", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Round trips and erasure.

#[tokio::test]
async fn a_struct_with_personal_fields_round_trips_through_sealing() {
    let db = TestDb::create().await;
    let key = MasterKey::generate().unwrap();
    let vault = vault(&db.client, &key).await;
    let (child, caregiver) = (Uuid::new_v4(), Uuid::new_v4());
    let original = placement(child, caregiver);

    let sealed = seal_personal_fields(&db.client, &vault, &EVENT, &encode(&original))
        .await
        .unwrap();
    assert!(!contains(&sealed, CANARY.as_bytes()));
    assert!(!contains(&sealed, b"2014-03-09"));
    assert!(
        contains(&sealed, b"foster-family-nonrelative"),
        "non-personal fields stay readable"
    );
    let sealed_value = rmpv::decode::read_value(&mut &sealed[..]).unwrap();
    assert_eq!(
        count_forms(&sealed_value),
        Forms {
            plaintext: 0,
            sealed: 4,
            erased: 0
        }
    );

    let opened = open_personal_fields(&db.client, &vault, &sealed)
        .await
        .unwrap();
    assert_eq!(decode::<ChildPlaced>(&opened), original);

    // Another vault, with nothing cached, reads the keys back from the table.
    let other = vault_with_empty_cache(&db.client, &key).await;
    let opened = open_personal_fields(&db.client, &other, &sealed)
        .await
        .unwrap();
    assert_eq!(decode::<ChildPlaced>(&opened), original);
}

/// A store on `db` that seals personal fields under `key`.
async fn keyed_store(db: &TestDb, key: &MasterKey) -> Store {
    let options = StoreOptions {
        personal_data_key: Some(key.clone()),
        ..StoreOptions::default()
    };
    Store::connect(db.db.url(), options, Upcasters::new())
        .await
        .unwrap()
}

/// A store with a master key seals on append and opens on read, on every read path.
#[tokio::test]
async fn a_store_with_a_master_key_seals_appends_opens_reads_and_erases() {
    let db = TestDb::create().await;
    let store = keyed_store(&db, &MasterKey::generate().unwrap()).await;
    let (child, caregiver) = (Uuid::new_v4(), Uuid::new_v4());
    let original = placement(child, caregiver);
    let event = NewEvent {
        event_id: Uuid::now_v7(),
        event_type: "ChildPlaced".into(),
        schema_version: 1,
        payload: encode(&original).into(),
        metadata: bytes::Bytes::from_static(&[0x80]),
    };
    let first = store
        .append(
            "placement-1",
            ExpectedVersion::NoStream,
            vec![event.clone()],
        )
        .await
        .unwrap();
    assert!(!contains(
        &stored_payload(&db.client, event.event_id).await,
        CANARY.as_bytes()
    ));

    // Sealing is deterministic per event, so a retried append is still idempotent.
    let retried = store
        .append(
            "placement-1",
            ExpectedVersion::NoStream,
            vec![event.clone()],
        )
        .await
        .unwrap();
    assert!(retried.already_present);
    assert_eq!(retried.last_position, first.last_position);

    let read = store.read_stream("placement-1", 1, 10).await.unwrap();
    assert_eq!(decode::<ChildPlaced>(&read[0].payload), original);
    let all: Vec<_> = store
        .read_all(0)
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(decode::<ChildPlaced>(&all[0].payload), original);

    let shredded = store.shred_subject(caregiver).await.unwrap();
    assert!(shredded.newly_shredded);
    let read = store.read_stream("placement-1", 1, 10).await.unwrap();
    let after: ChildPlaced = decode(&read[0].payload);
    assert_eq!(after.child_name, original.child_name);
    assert_eq!(after.caregiver, Personal::Erased { subject: caregiver });
    assert_eq!(db.first_problem().await, None);

    // Nothing new about an erased subject can be written.
    let again = NewEvent {
        event_id: Uuid::now_v7(),
        ..event
    };
    assert!(matches!(
        store
            .append("placement-2", ExpectedVersion::Any, vec![again])
            .await,
        Err(Error::SubjectShredded { subject }) if subject == caregiver
    ));
}

/// One process erases, another one serving reads stops showing the value at once rather
/// than when its cached key expires: the shred is announced.
#[tokio::test]
async fn a_shred_in_another_process_is_heard_before_the_cache_expires() {
    let db = TestDb::create().await;
    let key = MasterKey::generate().unwrap();
    let server = keyed_store(&db, &key).await;
    let eraser = keyed_store(&db, &key).await;
    let (child, caregiver) = (Uuid::new_v4(), Uuid::new_v4());
    append(
        &server,
        "placement-1",
        &encode(&placement(child, caregiver)),
    )
    .await;
    let cached: ChildPlaced =
        decode(&server.read_stream("placement-1", 1, 1).await.unwrap()[0].payload);
    assert!(matches!(cached.child_name, Personal::Known { .. }));
    // Let the server's listener subscribe before the announcement.
    tokio::time::sleep(Duration::from_millis(300)).await;

    eraser.shred_subject(child).await.unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let read: ChildPlaced =
            decode(&server.read_stream("placement-1", 1, 1).await.unwrap()[0].payload);
        if read.child_name == (Personal::Erased { subject: child }) {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the server still shows the child"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A store without a master key cannot erase: it says so rather than pretend.
#[tokio::test]
async fn a_store_without_a_master_key_refuses_to_erase() {
    let db = TestDb::create().await;
    assert!(matches!(
        db.store.shred_subject(Uuid::new_v4()).await,
        Err(Error::NoMasterKey)
    ));
}

async fn vault_with_empty_cache(client: &Client, key: &MasterKey) -> SubjectVault {
    vault(client, key).await.with_cache_ttl(Duration::ZERO)
}

#[tokio::test]
async fn after_a_shred_the_subjects_fields_read_as_erased_and_no_one_elses_do() {
    let db = TestDb::create().await;
    let mut shredder = db.connect().await;
    let key = MasterKey::generate().unwrap();
    let vault = vault(&db.client, &key).await;
    let (child, caregiver) = (Uuid::new_v4(), Uuid::new_v4());
    let original = placement(child, caregiver);
    let sealed = seal_personal_fields(&db.client, &vault, &EVENT, &encode(&original))
        .await
        .unwrap();
    // Warm the cache, so the shred has to invalidate it.
    open_personal_fields(&db.client, &vault, &sealed)
        .await
        .unwrap();

    let shredded = vault.shred(&mut shredder, caregiver).await.unwrap();
    assert!(shredded.newly_shredded);

    let expected = ChildPlaced {
        caregiver: Personal::Erased { subject: caregiver },
        note: Personal::known(
            child,
            vec![
                Personal::known(child, "settled in well".into()),
                Personal::Erased { subject: caregiver },
            ],
        ),
        ..original.clone()
    };
    let opened = open_personal_fields(&db.client, &vault, &sealed)
        .await
        .unwrap();
    assert_eq!(decode::<ChildPlaced>(&opened), expected);
    assert!(!contains(&opened, format!("{CANARY}-caregiver").as_bytes()));
    assert!(contains(&opened, format!("{CANARY}-child").as_bytes()));

    let fresh = vault_with_empty_cache(&db.client, &key).await;
    let opened = open_personal_fields(&db.client, &fresh, &sealed)
        .await
        .unwrap();
    assert_eq!(decode::<ChildPlaced>(&opened), expected);

    // Erasing the child too leaves nothing personal, nested or not.
    vault.shred(&mut shredder, child).await.unwrap();
    let opened = open_personal_fields(&db.client, &fresh, &sealed)
        .await
        .unwrap();
    let opened_value = rmpv::decode::read_value(&mut &opened[..]).unwrap();
    assert_eq!(
        count_forms(&opened_value),
        Forms {
            plaintext: 0,
            sealed: 0,
            erased: 4
        }
    );
    assert!(!contains(&opened, CANARY.as_bytes()));
}

#[tokio::test]
async fn another_vaults_shred_is_seen_after_forget_cached() {
    let db = TestDb::create().await;
    let mut shredder = db.connect().await;
    let key = MasterKey::generate().unwrap();
    let (writer, other) = (vault(&db.client, &key).await, vault(&db.client, &key).await);
    let subject = Uuid::new_v4();
    let sealed = seal_personal_fields(
        &db.client,
        &writer,
        &EVENT,
        &encode(&Personal::known(subject, "Dee".to_string())),
    )
    .await
    .unwrap();
    let opened = open_personal_fields(&db.client, &writer, &sealed)
        .await
        .unwrap();
    assert_eq!(
        decode::<Personal<String>>(&opened),
        Personal::known(subject, "Dee".into())
    );

    other.shred(&mut shredder, subject).await.unwrap();
    writer.forget_cached(&subject);
    let opened = open_personal_fields(&db.client, &writer, &sealed)
        .await
        .unwrap();
    assert_eq!(
        decode::<Personal<String>>(&opened),
        Personal::Erased { subject }
    );
}

#[tokio::test]
async fn vaults_racing_to_create_a_subjects_key_agree_on_one() {
    let db = TestDb::create().await;
    let key = MasterKey::generate().unwrap();
    let (client_a, client_b) = (db.connect().await, db.connect().await);
    let (vault_a, vault_b) = (vault(&client_a, &key).await, vault(&client_b, &key).await);
    for _ in 0..25 {
        let subject = Uuid::new_v4();
        let (a, b) = (
            encode(&Personal::known(subject, "from a".to_string())),
            encode(&Personal::known(subject, "from b".to_string())),
        );
        let (sealed_a, sealed_b) = tokio::join!(
            seal_personal_fields(&client_a, &vault_a, &EVENT, &a),
            seal_personal_fields(&client_b, &vault_b, &EVENT, &b),
        );
        // Whichever lost the race must have sealed under the winner's key.
        let reader = vault_with_empty_cache(&db.client, &key).await;
        for (sealed, plain) in [(sealed_a.unwrap(), a), (sealed_b.unwrap(), b)] {
            let opened = open_personal_fields(&db.client, &reader, &sealed)
                .await
                .unwrap();
            assert_eq!(opened.as_ref(), plain.as_slice());
        }
    }
}

#[tokio::test]
async fn the_writer_role_creates_keys_but_cannot_shred() {
    let db = TestDb::create().await;
    let key = MasterKey::generate().unwrap();
    vault(&db.client, &key).await;
    let mut writer = db.connect().await;
    writer
        .batch_execute("SET ROLE kinlog_writer")
        .await
        .unwrap();
    let writer_vault = vault(&writer, &key).await;
    let subject = Uuid::new_v4();
    let payload = encode(&Personal::known(subject, "Lou".to_string()));
    let sealed = seal_personal_fields(&writer, &writer_vault, &EVENT, &payload)
        .await
        .unwrap();
    let opened = open_personal_fields(&writer, &writer_vault, &sealed)
        .await
        .unwrap();
    assert_eq!(opened.as_ref(), payload.as_slice());

    let refused = writer_vault.shred(&mut writer, subject).await.unwrap_err();
    assert!(
        matches!(refused, Error::VacuumNotPermitted { .. }),
        "{refused}"
    );
    let live: bool = db
        .client
        .query_one(
            "SELECT wrapped_dek IS NOT NULL FROM es.subject_keys WHERE subject_id = $1",
            &[&subject],
        )
        .await
        .unwrap()
        .get(0);
    assert!(live, "a refused shred destroys nothing");
}

#[tokio::test]
async fn shredding_is_idempotent_and_an_erased_subject_gets_no_new_key() {
    let db = TestDb::create().await;
    let mut shredder = db.connect().await;
    let key = MasterKey::generate().unwrap();
    let vault = vault(&db.client, &key).await;
    let subject = Uuid::new_v4();
    let field = encode(&Personal::known(subject, "Eve".to_string()));
    seal_personal_fields(&db.client, &vault, &EVENT, &field)
        .await
        .unwrap();

    let first = vault.shred(&mut shredder, subject).await.unwrap();
    let second = vault.shred(&mut shredder, subject).await.unwrap();
    assert!(first.newly_shredded && !second.newly_shredded);
    assert_eq!(first.shredded_at, second.shredded_at);

    let refused = seal_personal_fields(&db.client, &vault, &EVENT, &field)
        .await
        .unwrap_err();
    assert!(
        matches!(refused, Error::SubjectShredded { subject: s } if s == subject),
        "{refused}"
    );

    // A subject erased before it ever had a key stays erased: no key is made for it later,
    // not even by a vault that never saw the shred.
    let never_keyed = Uuid::new_v4();
    assert!(
        vault
            .shred(&mut shredder, never_keyed)
            .await
            .unwrap()
            .newly_shredded
    );
    let fresh = vault_with_empty_cache(&db.client, &key).await;
    let field = encode(&Personal::known(never_keyed, 1u8));
    let refused = seal_personal_fields(&db.client, &fresh, &EVENT, &field)
        .await
        .unwrap_err();
    assert!(
        matches!(refused, Error::SubjectShredded { subject: s } if s == never_keyed),
        "{refused}"
    );
    let live_keys: i64 = db
        .client
        .query_one(
            "SELECT count(*) FROM es.subject_keys WHERE wrapped_dek IS NOT NULL",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(live_keys, 0);
}

// ---------------------------------------------------------------------------------------
// What the database holds.

#[tokio::test]
async fn the_canary_never_reaches_a_stored_sealed_payload() {
    let db = TestDb::create().await;
    let vault = vault(&db.client, &MasterKey::generate().unwrap()).await;
    let payload = encode(&placement(Uuid::new_v4(), Uuid::new_v4()));
    // The control proves the search finds the canary when it is there.
    let unsealed_event = append(&db.store, "case-control", &payload).await;
    let sealed = seal_personal_fields(&db.client, &vault, &EVENT, &payload)
        .await
        .unwrap();
    let sealed_event = append(&db.store, "case-sealed", &sealed).await;

    let hits = |event_id: Uuid| {
        let client = &db.client;
        async move {
            let hit: bool = client
                .query_one(
                    "SELECT position(convert_to($2, 'UTF8') IN payload) > 0 FROM es.events WHERE event_id = $1",
                    &[&event_id, &CANARY],
                )
                .await
                .unwrap()
                .get(0);
            hit
        }
    };
    assert!(
        hits(unsealed_event).await,
        "the control must show the canary"
    );
    assert!(!hits(sealed_event).await, "the sealed payload must not");
    assert!(!contains(
        &stored_payload(&db.client, sealed_event).await,
        CANARY.as_bytes()
    ));
    for table in ["es.subject_keys", "es.master_key_check"] {
        let found: i64 = db
            .client
            .query_one(
                &format!("SELECT count(*) FROM {table} t WHERE position(convert_to($1, 'UTF8') IN t::text::bytea) > 0"),
                &[&CANARY],
            )
            .await
            .unwrap()
            .get(0);
        assert_eq!(found, 0, "{table}");
    }
}

#[tokio::test]
async fn a_shred_leaves_every_stored_event_unchanged_and_the_chain_verifying() {
    let db = TestDb::create().await;
    let mut shredder = db.connect().await;
    let vault = vault(&db.client, &MasterKey::generate().unwrap()).await;
    let (child, caregiver) = (Uuid::new_v4(), Uuid::new_v4());
    let mut appended = Vec::new();
    for stream in ["case-a", "case-b", "case-a"] {
        let payload = encode(&placement(child, caregiver));
        let sealed = seal_personal_fields(&db.client, &vault, &EVENT, &payload)
            .await
            .unwrap();
        appended.push((append(&db.store, stream, &sealed).await, sealed));
    }
    assert_eq!(db.first_problem().await, None);
    let before = event_rows(&db.client).await;

    vault.shred(&mut shredder, child).await.unwrap();

    assert_eq!(
        event_rows(&db.client).await,
        before,
        "a shred rewrites no event"
    );
    assert_eq!(db.first_problem().await, None);
    for (event_id, sealed) in appended {
        let stored = stored_payload(&db.client, event_id).await;
        assert_eq!(stored, sealed.as_ref());
        let opened: ChildPlaced = decode(
            &open_personal_fields(&db.client, &vault, &stored)
                .await
                .unwrap(),
        );
        assert_eq!(opened.child_name, Personal::Erased { subject: child });
        assert_eq!(opened.note, Personal::Erased { subject: child });
        assert!(matches!(opened.caregiver, Personal::Known { .. }));
    }

    // The check above can fail: altering one payload byte breaks the chain at that row.
    db.client
        .batch_execute(
            "ALTER TABLE es.events DISABLE TRIGGER events_refuse_update_delete;
             UPDATE es.events SET payload = payload || '\\x00'::bytea WHERE position = 2;",
        )
        .await
        .unwrap();
    assert_eq!(db.first_problem().await, Some(2));
}

#[tokio::test]
async fn after_a_shred_no_version_of_the_key_row_holds_the_wrapped_key() {
    let db = TestDb::create().await;
    let mut shredder = db.connect().await;
    let vault = vault(&db.client, &MasterKey::generate().unwrap()).await;
    db.client
        .batch_execute("CREATE EXTENSION pageinspect")
        .await
        .unwrap();
    let subjects: Vec<Uuid> = (0..200).map(|_| Uuid::new_v4()).collect();
    for subject in &subjects {
        let field = encode(&Personal::known(*subject, "x".to_string()));
        seal_personal_fields(&db.client, &vault, &EVENT, &field)
            .await
            .unwrap();
    }
    let wrapped = |subject: Uuid| {
        let client = &db.client;
        async move {
            let key: Vec<u8> = client
                .query_one(
                    "SELECT wrapped_dek FROM es.subject_keys WHERE subject_id = $1",
                    &[&subject],
                )
                .await
                .unwrap()
                .get(0);
            key
        }
    };
    let (target, control) = (subjects[150], subjects[151]);
    let (target_key, control_key) = (wrapped(target).await, wrapped(control).await);
    assert!(tuples_holding(&db.client, &target_key).await > 0);

    // The control: nulling a key without a VACUUM leaves a dead version that still holds it.
    db.client
        .execute(
            "UPDATE es.subject_keys SET wrapped_dek = NULL, shredded_at = now() WHERE subject_id = $1",
            &[&control],
        )
        .await
        .unwrap();
    assert!(
        tuples_holding(&db.client, &control_key).await > 0,
        "the dead version is visible to pageinspect"
    );

    vault.shred(&mut shredder, target).await.unwrap();

    let live: i64 = db
        .client
        .query_one(
            "SELECT count(*) FROM es.subject_keys WHERE wrapped_dek = $1",
            &[&target_key],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(live, 0);
    assert_eq!(
        tuples_holding(&db.client, &target_key).await,
        0,
        "no live or dead tuple holds the key"
    );
    assert_eq!(
        tuples_holding(&db.client, &control_key).await,
        0,
        "the shred's VACUUM removed the control's dead version too"
    );
}

/// Tuples of es.subject_keys, live or dead, whose data contains `needle`, read page by page.
async fn tuples_holding(client: &Client, needle: &[u8]) -> i64 {
    client
        .query_one(
            "SELECT count(*)
               FROM generate_series(0, pg_relation_size('es.subject_keys') / current_setting('block_size')::int - 1) AS b,
                    heap_page_items(get_raw_page('es.subject_keys', b::int)) AS t
              WHERE position($1 IN t.t_data) > 0",
            &[&needle],
        )
        .await
        .unwrap()
        .get(0)
}

// ---------------------------------------------------------------------------------------
// Keys.

#[tokio::test]
async fn a_wrong_master_key_is_an_error_never_an_erasure() {
    let db = TestDb::create().await;
    let key = MasterKey::generate().unwrap();
    let vault = vault(&db.client, &key).await;
    let refused = SubjectVault::open(&db.client, MasterKey::generate().unwrap())
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::WrongMasterKey), "{refused}");

    // A wrapped key that does not unwrap (here: another subject's, swapped in) is an error
    // naming the subject, not an erased read.
    let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
    let payload = encode(&vec![Personal::known(a, "Ann"), Personal::known(b, "Ben")]);
    let sealed = seal_personal_fields(&db.client, &vault, &EVENT, &payload)
        .await
        .unwrap();
    db.client
        .execute(
            "UPDATE es.subject_keys
                SET wrapped_dek = (SELECT wrapped_dek FROM es.subject_keys WHERE subject_id = $2)
              WHERE subject_id = $1",
            &[&a, &b],
        )
        .await
        .unwrap();
    let fresh = vault_with_empty_cache(&db.client, &key).await;
    let refused = open_personal_fields(&db.client, &fresh, &sealed)
        .await
        .unwrap_err();
    assert!(
        matches!(refused, Error::SubjectKeyUnwrap { subject } if subject == a),
        "{refused}"
    );
}

#[tokio::test]
async fn rotating_the_master_key_rewraps_live_keys_and_retires_the_old_one() {
    let db = TestDb::create().await;
    db.client
        .batch_execute("CREATE EXTENSION pageinspect")
        .await
        .unwrap();
    let mut admin = db.connect().await;
    let old_key = MasterKey::generate().unwrap();
    let old_vault = vault(&db.client, &old_key).await;
    let stale_vault = vault_with_empty_cache(&db.client, &old_key).await;
    let (kept, erased) = (Uuid::new_v4(), Uuid::new_v4());
    let payload = encode(&vec![
        Personal::known(kept, "Hal"),
        Personal::known(erased, "Ida"),
    ]);
    let sealed = seal_personal_fields(&db.client, &old_vault, &EVENT, &payload)
        .await
        .unwrap();
    old_vault.shred(&mut admin, erased).await.unwrap();
    let old_wrapped: Vec<u8> = db
        .client
        .query_one(
            "SELECT wrapped_dek FROM es.subject_keys WHERE subject_id = $1",
            &[&kept],
        )
        .await
        .unwrap()
        .get(0);

    let new_key = MasterKey::generate().unwrap();
    let new_vault = old_vault
        .rotate_master_key(&mut admin, new_key.clone())
        .await
        .unwrap();

    let refused = SubjectVault::open(&db.client, old_key.clone())
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::WrongMasterKey), "{refused}");
    assert_eq!(
        tuples_holding(&db.client, &old_wrapped).await,
        0,
        "no version wrapped under the old key remains"
    );
    let expected = encode(&vec![
        Personal::known(kept, "Hal"),
        Personal::Erased { subject: erased },
    ]);
    for reader in [
        &new_vault,
        &vault_with_empty_cache(&db.client, &new_key).await,
    ] {
        let opened = open_personal_fields(&db.client, reader, &sealed)
            .await
            .unwrap();
        assert_eq!(opened.as_ref(), expected.as_slice());
    }
    let newcomer = encode(&Personal::known(Uuid::new_v4(), "Jo"));
    let resealed = seal_personal_fields(&db.client, &new_vault, &EVENT, &newcomer)
        .await
        .unwrap();
    let opened = open_personal_fields(&db.client, &new_vault, &resealed)
        .await
        .unwrap();
    assert_eq!(opened.as_ref(), newcomer.as_slice());

    // A vault still on the old key reads no uncached key and creates none.
    let refused = open_personal_fields(&db.client, &stale_vault, &sealed)
        .await
        .unwrap_err();
    assert!(
        matches!(refused, Error::SubjectKeyUnwrap { subject } if subject == kept),
        "{refused}"
    );
    let orphan = Uuid::new_v4();
    let refused = seal_personal_fields(
        &db.client,
        &stale_vault,
        &EVENT,
        &encode(&Personal::known(orphan, "Kim")),
    )
    .await
    .unwrap_err();
    assert!(matches!(refused, Error::MasterKeyRotated), "{refused}");
    let rows: i64 = db
        .client
        .query_one(
            "SELECT count(*) FROM es.subject_keys WHERE subject_id = $1",
            &[&orphan],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(
        rows, 0,
        "no key wrapped under a retired master key is stored"
    );
    let refused = stale_vault
        .rotate_master_key(&mut admin, MasterKey::generate().unwrap())
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::MasterKeyRotated), "{refused}");
}

#[tokio::test]
async fn a_master_key_file_opens_the_same_vault_after_a_restart() {
    let db = TestDb::create().await;
    let dir = std::env::temp_dir().join(format!("kinlog-shred-it-{}", Uuid::new_v4()));
    std::fs::create_dir(&dir).unwrap();
    let path = dir.join("master.key");
    let subject = Uuid::new_v4();
    let payload = encode(&Personal::known(subject, "Fay".to_string()));

    let first = vault(&db.client, &MasterKey::load_or_create(&path).unwrap()).await;
    let sealed = seal_personal_fields(&db.client, &first, &EVENT, &payload)
        .await
        .unwrap();
    let restarted = vault_with_empty_cache(&db.client, &MasterKey::read(&path).unwrap()).await;
    let opened = open_personal_fields(&db.client, &restarted, &sealed)
        .await
        .unwrap();
    assert_eq!(opened.as_ref(), payload.as_slice());
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_read_only_session_opens_the_vault_and_reads_fields() {
    let db = TestDb::create().await;
    let key = MasterKey::generate().unwrap();
    let writer = vault(&db.client, &key).await;
    let subject = Uuid::new_v4();
    let payload = encode(&Personal::known(subject, "Gus".to_string()));
    let sealed = seal_personal_fields(&db.client, &writer, &EVENT, &payload)
        .await
        .unwrap();

    // As on a streaming replica: any write would fail.
    let reader = db.connect().await;
    reader
        .batch_execute("SET default_transaction_read_only = on")
        .await
        .unwrap();
    let replica_vault = vault(&reader, &key).await;
    let opened = open_personal_fields(&reader, &replica_vault, &sealed)
        .await
        .unwrap();
    assert_eq!(opened.as_ref(), payload.as_slice());
    let refused = seal_personal_fields(
        &reader,
        &replica_vault,
        &EVENT,
        &encode(&Personal::known(Uuid::new_v4(), 1u8)),
    )
    .await
    .unwrap_err();
    assert_eq!(
        refused.sqlstate(),
        Some(&tokio_postgres::error::SqlState::READ_ONLY_SQL_TRANSACTION)
    );
}

#[tokio::test]
async fn payloads_without_personal_fields_pass_through_byte_for_byte() {
    let db = TestDb::create().await;
    let vault = vault(&db.client, &MasterKey::generate().unwrap()).await;
    let payload = encode(&Caregiver {
        name: "not marked personal".into(),
        phone: "n/a".into(),
    });
    let sealed = seal_personal_fields(&db.client, &vault, &EVENT, &payload)
        .await
        .unwrap();
    assert_eq!(sealed.as_ref(), payload.as_slice());
    let opened = open_personal_fields(&db.client, &vault, &sealed)
        .await
        .unwrap();
    assert_eq!(opened.as_ref(), payload.as_slice());
    let keys: i64 = db
        .client
        .query_one("SELECT count(*) FROM es.subject_keys", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(
        keys, 0,
        "no key is made for a payload without personal fields"
    );
}

#[tokio::test]
async fn a_malformed_marker_is_refused_naming_its_path() {
    let db = TestDb::create().await;
    let vault = vault(&db.client, &MasterKey::generate().unwrap()).await;
    #[derive(Serialize)]
    struct Bad {
        child: Vec<Personal<String>>,
        guardian: std::collections::BTreeMap<String, String>,
    }
    let bad = Bad {
        child: vec![Personal::known(Uuid::new_v4(), "ok".into())],
        guardian: [("$pii".to_string(), "not-a-uuid".to_string())].into(),
    };
    let refused = seal_personal_fields(&db.client, &vault, &EVENT, &encode(&bad))
        .await
        .unwrap_err();
    let Error::PersonalField { path, .. } = &refused else {
        panic!("expected a personal field error, got {refused}");
    };
    assert_eq!(path, "$.guardian");
    let refused = seal_personal_fields(&db.client, &vault, &EVENT, b"\x92\x01")
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::InvalidPayload { .. }), "{refused}");
}

// ---------------------------------------------------------------------------------------
// Random payloads.

#[derive(Debug, Default, PartialEq, Eq)]
struct Forms {
    plaintext: usize,
    sealed: usize,
    erased: usize,
}

/// Counts the personal fields visible without decrypting anything.
fn count_forms(value: &Value) -> Forms {
    fn walk(value: &Value, forms: &mut Forms) {
        match value {
            Value::Map(entries) if entries.iter().any(|(k, _)| k.as_str() == Some("$pii")) => {
                let has = |key: &str| entries.iter().any(|(k, _)| k.as_str() == Some(key));
                if has("v") {
                    forms.plaintext += 1;
                    entries
                        .iter()
                        .filter(|(k, _)| k.as_str() == Some("v"))
                        .for_each(|(_, v)| walk(v, forms));
                } else if has("c") {
                    forms.sealed += 1;
                } else if has("erased") {
                    forms.erased += 1;
                }
            }
            Value::Map(entries) => entries.iter().for_each(|(_, v)| walk(v, forms)),
            Value::Array(items) => items.iter().for_each(|v| walk(v, forms)),
            _ => {}
        }
    }
    let mut forms = Forms::default();
    walk(value, &mut forms);
    forms
}

fn plaintext_field(subject: Uuid, value: Value) -> Value {
    Value::Map(vec![
        (
            Value::from("$pii"),
            Value::from(subject.hyphenated().to_string()),
        ),
        (Value::from("v"), value),
    ])
}

fn erased_field(subject: Uuid) -> Value {
    Value::Map(vec![
        (
            Value::from("$pii"),
            Value::from(subject.hyphenated().to_string()),
        ),
        (Value::from("erased"), Value::Boolean(true)),
    ])
}

/// The model: what opening should show once `shredded` subjects are erased.
fn expected_after_shred(value: &Value, shredded: &BTreeSet<Uuid>) -> Value {
    match value {
        Value::Map(entries) => {
            let subject = entries
                .iter()
                .find(|(k, _)| k.as_str() == Some("$pii"))
                .and_then(|(_, s)| s.as_str())
                .map(|s| Uuid::parse_str(s).unwrap());
            match subject {
                Some(subject) if shredded.contains(&subject) => erased_field(subject),
                Some(subject) => {
                    plaintext_field(subject, expected_after_shred(&entries[1].1, shredded))
                }
                None => Value::Map(
                    entries
                        .iter()
                        .map(|(k, v)| (k.clone(), expected_after_shred(v, shredded)))
                        .collect(),
                ),
            }
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| expected_after_shred(v, shredded))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// An event-like payload: a map of named fields whose values nest arrays, maps and
/// personal fields (often inside one another) over plain leaves.
fn payload_with_personal_fields(subjects: Vec<Uuid>) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Nil),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        "[a-zA-Z0-9 ]{0,12}".prop_map(Value::from),
        prop::collection::vec(any::<u8>(), 0..16).prop_map(Value::Binary),
    ];
    let tree = leaf.prop_recursive(4, 48, 4, move |inner| {
        prop_oneof![
            1 => prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            2 => fields(inner.clone()),
            3 => (prop::sample::select(subjects.clone()), inner).prop_map(|(s, v)| plaintext_field(s, v)),
        ]
    });
    fields(tree)
}

fn fields(values: impl Strategy<Value = Value>) -> impl Strategy<Value = Value> {
    prop::collection::vec(("[a-z_]{1,8}", values), 1..5).prop_map(|entries| {
        Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (Value::from(k), v))
                .collect(),
        )
    })
}

fn payload_and_shreds() -> impl Strategy<Value = (Value, BTreeSet<Uuid>)> {
    any::<[u128; 3]>().prop_flat_map(|seeds| {
        let subjects: Vec<Uuid> = seeds.iter().map(|s| Uuid::from_u128(*s)).collect();
        (
            payload_with_personal_fields(subjects.clone()),
            prop::sample::subsequence(subjects, 0..=3).prop_map(|s| s.into_iter().collect()),
        )
    })
}

#[test]
fn random_payloads_round_trip_and_erase_exactly_the_shredded_subjects() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (db, shredder, vault) = runtime.block_on(async {
        let db = TestDb::create().await;
        // A proptest body is a `Fn`, so the connection a shred borrows mutably sits in a lock.
        let shredder = tokio::sync::Mutex::new(db.connect().await);
        let vault = vault(&db.client, &MasterKey::generate().unwrap()).await;
        (db, shredder, vault)
    });
    let config = ProptestConfig {
        cases: 64,
        ..ProptestConfig::default()
    };
    proptest!(config, |((payload, shredded) in payload_and_shreds())| {
        let plain = rmpv_bytes(&payload);
        let (sealed, round_trip, after_shred) = runtime.block_on(async {
            let sealed = seal_personal_fields(&db.client, &vault, &EVENT, &plain).await.unwrap();
            let round_trip = open_personal_fields(&db.client, &vault, &sealed).await.unwrap();
            for subject in &shredded {
                vault.shred(&mut *shredder.lock().await, *subject).await.unwrap();
            }
            let after_shred = open_personal_fields(&db.client, &vault, &sealed).await.unwrap();
            (sealed, round_trip, after_shred)
        });
        let sealed_value = rmpv::decode::read_value(&mut &sealed[..]).unwrap();
        prop_assert_eq!(count_forms(&sealed_value).plaintext, 0);
        prop_assert_eq!(count_forms(&sealed_value).sealed > 0, count_forms(&payload).plaintext > 0);
        prop_assert_eq!(round_trip.as_ref(), plain.as_slice());
        let expected = rmpv_bytes(&expected_after_shred(&payload, &shredded));
        prop_assert_eq!(after_shred.as_ref(), expected.as_slice());
    });
    drop(db);
}

fn rmpv_bytes(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    rmpv::encode::write_value(&mut out, value).unwrap();
    out
}
