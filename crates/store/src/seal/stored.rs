//! Seals as stored in `es.seals`.
use chrono::{DateTime, Utc};
use tokio_postgres::Row;

use super::checkpoint::{Checkpoint, SignatureBytes, SignedCheckpoint};
use super::key::PublicKey;
use crate::merkle::Sha256Hash;

/// The columns [`StoredSeal::from_row`] reads, in its order.
pub(crate) const SEAL_COLUMNS: &str =
    "position, chain_head, merkle_root, frontier, signature, public_key, sealed_at";

/// One row of `es.seals`. A column of the wrong shape (possible only once someone has
/// dropped the table's checks) leaves `checkpoint` naming that column.
pub(crate) struct StoredSeal {
    pub(crate) position: u64,
    pub(crate) checkpoint: Result<SignedCheckpoint, &'static str>,
    /// `Frontier::to_bytes` as stored; compared byte for byte, parsed only to resume.
    pub(crate) frontier: Vec<u8>,
}

impl StoredSeal {
    pub(crate) fn from_row(row: &Row) -> StoredSeal {
        let position = row
            .try_get::<_, i64>(0)
            .ok()
            .and_then(|p| u64::try_from(p).ok());
        let frontier = row.try_get::<_, Vec<u8>>(3).unwrap_or_default();
        StoredSeal {
            position: position.unwrap_or(0),
            checkpoint: position
                .ok_or("position")
                .and_then(|position| signed_checkpoint(position, row)),
            frontier,
        }
    }
}

fn signed_checkpoint(position: u64, row: &Row) -> Result<SignedCheckpoint, &'static str> {
    let hash = |index: usize, field: &'static str| {
        row.try_get::<_, &[u8]>(index)
            .ok()
            .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
            .map(Sha256Hash)
            .ok_or(field)
    };
    let signature = row
        .try_get::<_, &[u8]>(4)
        .ok()
        .and_then(|bytes| <[u8; 64]>::try_from(bytes).ok())
        .ok_or("signature")?;
    let public_key = row
        .try_get::<_, &[u8]>(5)
        .ok()
        .and_then(|bytes| PublicKey::from_bytes(bytes).ok())
        .ok_or("public_key")?;
    let sealed_at: DateTime<Utc> = row.try_get(6).map_err(|_| "sealed_at")?;
    Ok(SignedCheckpoint {
        checkpoint: Checkpoint {
            position,
            chain_head: hash(1, "chain_head")?,
            merkle_root: hash(2, "merkle_root")?,
            sealed_at,
        },
        public_key,
        signature: SignatureBytes(signature),
    })
}
