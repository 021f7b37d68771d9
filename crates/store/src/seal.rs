//! Ed25519-signed checkpoints of the log (seals), and the sealer that writes them.
//!
//! A seal commits to a position, the chain hash there and the RFC 6962 Merkle root of
//! positions `1..=position`. Seals live in `es.seals`, append-only like the events; an
//! outside witness that keeps copies can prove the log was never rewritten or rolled back.
mod checkpoint;
mod key;
mod sealer;
mod stored;

pub use checkpoint::{
    Checkpoint, CheckpointFault, SignatureBytes, SignedCheckpoint, CHECKPOINT_ORIGIN,
};
pub use key::{PublicKey, PublicKeyFormatError, SealingKey};
pub use sealer::seal;
pub(crate) use stored::{StoredSeal, SEAL_COLUMNS};
