//! The canonical bytes behind the hash chain and the Merkle tree.
//!
//! `es.append_batch` computes `chain_hash = sha256(prev_chain || leaf)` in SQL from the
//! content hash computed here, and `verify` recomputes both from the stored row, so these
//! byte layouts are part of the stored contract: change them only with a new chain version.
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub(crate) type Hash = [u8; 32];

/// Length of a leaf: position, stream version, recorded_at, content hash.
pub(crate) const LEAF_LEN: usize = 8 + 8 + 8 + 32;

/// sha256 over the caller-supplied content of an event, each variable-length field
/// prefixed by its length so that no two different events share an encoding.
pub(crate) fn content_hash(
    event_id: &Uuid,
    stream_id: &str,
    event_type: &str,
    schema_version: u16,
    metadata: &[u8],
    payload: &[u8],
) -> Hash {
    let mut h = Sha256::new();
    h.update(b"kinlog-event-v1");
    h.update(event_id.as_bytes());
    for field in [stream_id.as_bytes(), event_type.as_bytes()] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field);
    }
    h.update(schema_version.to_be_bytes());
    for field in [metadata, payload] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field);
    }
    h.finalize().into()
}

/// The bytes an event contributes to the chain and, as an RFC 6962 leaf, to the Merkle
/// tree: `int8send(position) || int8send(stream_version) || timestamptz_send(recorded_at)
/// || content_hash`, exactly as `es.append_batch` concatenates them.
pub(crate) fn leaf(
    position: u64,
    stream_version: u64,
    recorded_at: DateTime<Utc>,
    content_hash: &Hash,
) -> [u8; LEAF_LEN] {
    let mut out = [0u8; LEAF_LEN];
    out[0..8].copy_from_slice(&(position as i64).to_be_bytes());
    out[8..16].copy_from_slice(&(stream_version as i64).to_be_bytes());
    out[16..24].copy_from_slice(&pg_timestamp_micros(recorded_at).to_be_bytes());
    out[24..].copy_from_slice(content_hash);
    out
}

/// `sha256(previous chain hash || leaf)`.
pub(crate) fn chain(previous: &Hash, leaf: &[u8; LEAF_LEN]) -> Hash {
    let mut h = Sha256::new();
    h.update(previous);
    h.update(leaf);
    h.finalize().into()
}

/// Microseconds since 2000-01-01 UTC: Postgres's binary timestamptz.
pub(crate) fn pg_timestamp_micros(t: DateTime<Utc>) -> i64 {
    const PG_EPOCH_UNIX_MICROS: i64 = 946_684_800_000_000;
    t.timestamp_micros() - PG_EPOCH_UNIX_MICROS
}
