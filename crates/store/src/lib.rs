//! kinlog's event store: an append-only, tamper-evident event log on PostgreSQL.
//!
//! The store knows envelopes (streams, versions, positions, payload bytes), never case law.
//! Positions are dense and in commit order: a reader that has seen position P never later
//! finds a newly committed event below P.

mod cluster;
mod error;
mod event;
mod hashing;
mod merkle;
mod migrate;
mod seal;
mod shred;
#[cfg(feature = "testing")]
pub mod testing;
mod verify;

pub use cluster::{check_durability, locate, Database, DatabaseOrigin, Durability};
pub use error::Error;
pub use event::{AppendOutcome, ExpectedVersion, NewEvent, RecordedEvent};
pub use merkle::{
    consistency_path, empty_root, inclusion_path, leaf_hash, node_hash, root, verify_consistency,
    verify_inclusion, Frontier, FrontierFormatError, HashFormatError, ProofError, Sha256Hash,
};
pub use migrate::{apply_migrations, migrate, Migration};
pub use seal::{
    seal, Checkpoint, CheckpointFault, PublicKey, PublicKeyFormatError, SealingKey, SignatureBytes,
    SignedCheckpoint, CHECKPOINT_ORIGIN,
};
pub use verify::{
    consistency_proof, inclusion_proof, verify, ConsistencyProof, InclusionProof, Problem,
    ProofRejection, SealFault, VerifyReport,
};
