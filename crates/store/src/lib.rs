//! kinlog's event store: an append-only, tamper-evident event log on PostgreSQL.
//!
//! The store knows envelopes (streams, versions, positions, payload bytes), never case law.
//! Positions are dense and in commit order: a reader that has seen position P never later
//! finds a newly committed event below P.

mod append;
mod cluster;
mod error;
mod event;
mod hashing;
mod listen;
mod merkle;
mod migrate;
mod personal;
mod practice;
mod read;
mod seal;
mod shred;
mod store;
mod subscribe;
#[cfg(feature = "testing")]
pub mod testing;
mod upcast;
mod verify;

pub use cluster::{
    check_durability, locate, Database, DatabaseOrigin, Durability, Locator, PrivateCluster,
};
pub use error::Error;
pub use event::{AppendOutcome, ExpectedVersion, NewEvent, RecordedEvent};
pub use merkle::{
    consistency_path, empty_root, inclusion_path, leaf_hash, node_hash, root, verify_consistency,
    verify_inclusion, Frontier, FrontierFormatError, HashFormatError, ProofError, Sha256Hash,
};
pub use migrate::{apply_migrations, migrate, Migration};
pub use read::{ConsumerGroup, EventStream, Filter};
pub use seal::{
    seal, Checkpoint, CheckpointFault, PublicKey, PublicKeyFormatError, SealingKey, SignatureBytes,
    SignedCheckpoint, CHECKPOINT_ORIGIN,
};
pub use shred::{
    open_personal_fields, seal_personal_fields, MasterKey, Shredded, SubjectVault,
    DEFAULT_CACHE_TTL, SHRED_CHANNEL,
};
pub use store::{Store, StoreOptions};
pub use subscribe::{Subscription, SubscriptionOptions};
pub use upcast::Upcasters;
pub use verify::{
    consistency_proof, inclusion_proof, verify, ConsistencyProof, InclusionProof, Problem,
    ProofRejection, SealFault, VerifyReport,
};
