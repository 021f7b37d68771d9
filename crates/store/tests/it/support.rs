use bytes::Bytes;
use kinlog_store::testing::TestDb;
use kinlog_store::{NewEvent, Store, StoreOptions, Upcasters};
use uuid::Uuid;

pub(crate) async fn store() -> (TestDb, Store) {
    store_with(Upcasters::new()).await
}

pub(crate) async fn store_with(upcasters: Upcasters) -> (TestDb, Store) {
    let db = TestDb::create().await.expect("test database");
    let store = Store::connect(db.url(), StoreOptions::default(), upcasters)
        .await
        .expect("store");
    (db, store)
}

pub(crate) fn event(event_type: &str, payload: &[u8]) -> NewEvent {
    NewEvent {
        event_id: Uuid::now_v7(),
        event_type: event_type.into(),
        schema_version: 1,
        payload: Bytes::copy_from_slice(payload),
        metadata: Bytes::from_static(b"\x80"),
    }
}

pub(crate) fn events(n: usize) -> Vec<NewEvent> {
    (0..n)
        .map(|i| event("Thing", format!("payload {i}").as_bytes()))
        .collect()
}

/// A small deterministic generator (SplitMix64), so a failing torture run can be replayed
/// from the seed it prints.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn seeded() -> Rng {
        let seed = std::env::var("KINLOG_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| Uuid::new_v4().as_u64_pair().0);
        eprintln!("KINLOG_TEST_SEED={seed}");
        Rng(seed)
    }

    pub(crate) fn fork(&mut self) -> Rng {
        Rng(self.next_u64())
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}
