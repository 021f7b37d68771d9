//! Recomputes the log from its stored rows, one event at a time: content hash, leaf, chain
//! hash and Merkle frontier. `verify`, the sealer and the proofs all read the log through it,
//! so none of them can sign or prove a log that fails its own checks.
use chrono::{DateTime, Utc};
use tokio_postgres::Row;
use uuid::Uuid;

use super::report::Problem;
use crate::hashing::{chain, content_hash, leaf, Hash, LEAF_LEN};
use crate::merkle::{leaf_hash, Frontier};

/// The columns [`Replay::check`] reads, in its order.
pub(crate) const EVENT_COLUMNS: &str = "position, stream_version, recorded_at, event_id, \
     schema_version, stream_id, event_type, metadata, payload, chain_hash";

/// The chain hash before the first event.
pub(crate) const GENESIS_CHAIN: Hash = [0u8; 32];

/// An event that passed [`Replay::check`].
pub(crate) struct CheckedEvent {
    pub(crate) position: u64,
    pub(crate) leaf: [u8; LEAF_LEN],
    pub(crate) leaf_hash: Hash,
}

/// The recomputed state of the log after its first `position()` events.
pub(crate) struct Replay {
    next: u64,
    chain: Hash,
    /// The chain hash one event further back, to recognise an inserted event.
    chain_before: Option<Hash>,
    frontier: Frontier,
}

impl Replay {
    /// Starts before position 1.
    pub(crate) fn from_genesis() -> Self {
        Replay {
            next: 1,
            chain: GENESIS_CHAIN,
            chain_before: None,
            frontier: Frontier::new(),
        }
    }

    /// Continues after a sealed position; `frontier` must hold exactly `frontier.size()` leaves,
    /// which is the sealed position.
    pub(crate) fn resume(chain: Hash, frontier: Frontier) -> Self {
        Replay {
            next: frontier.size() + 1,
            chain,
            chain_before: None,
            frontier,
        }
    }

    /// The last position checked (0 before any).
    pub(crate) fn position(&self) -> u64 {
        self.next - 1
    }

    /// The recomputed chain hash at [`Replay::position`].
    pub(crate) fn chain(&self) -> Hash {
        self.chain
    }

    /// The Merkle frontier over positions `1..=position()`.
    pub(crate) fn frontier(&self) -> &Frontier {
        &self.frontier
    }

    /// Checks that `row` (selected as [`EVENT_COLUMNS`]) is the next event and that its stored
    /// chain hash is the one its content gives; on success the state moves past it.
    pub(crate) fn check(&mut self, row: &Row) -> Result<CheckedEvent, Problem> {
        let position = self.next;
        let unreadable = |column| Problem::Unreadable { position, column };
        let found: i64 = row.try_get(0).map_err(|_| unreadable("position"))?;
        if found != position as i64 {
            return Err(if found > position as i64 {
                Problem::PositionMissing { position }
            } else {
                Problem::UnexpectedPosition {
                    expected: position,
                    found,
                }
            });
        }
        let stream_version: i64 = row.try_get(1).map_err(|_| unreadable("stream_version"))?;
        let recorded_at: DateTime<Utc> = row.try_get(2).map_err(|_| unreadable("recorded_at"))?;
        let event_id: Uuid = row.try_get(3).map_err(|_| unreadable("event_id"))?;
        let schema_version: i16 = row.try_get(4).map_err(|_| unreadable("schema_version"))?;
        let stream_id: &str = row.try_get(5).map_err(|_| unreadable("stream_id"))?;
        let event_type: &str = row.try_get(6).map_err(|_| unreadable("event_type"))?;
        let metadata: &[u8] = row.try_get(7).map_err(|_| unreadable("metadata"))?;
        let payload: &[u8] = row.try_get(8).map_err(|_| unreadable("payload"))?;
        let stored_chain: &[u8] = row.try_get(9).map_err(|_| unreadable("chain_hash"))?;

        // The casts keep the stored bits: `leaf` and `content_hash` write them back unchanged.
        let content = content_hash(
            &event_id,
            stream_id,
            event_type,
            schema_version as u16,
            metadata,
            payload,
        );
        let leaf_here = leaf(position, stream_version as u64, recorded_at, &content);
        let chain_here = chain(&self.chain, &leaf_here);
        if stored_chain != chain_here {
            let recorded_one_earlier = self.chain_before.is_some_and(|before| {
                let leaf_earlier = leaf(position - 1, stream_version as u64, recorded_at, &content);
                stored_chain == chain(&before, &leaf_earlier)
            });
            return Err(if recorded_one_earlier {
                Problem::Inserted {
                    position: position - 1,
                }
            } else {
                Problem::ChainMismatch { position }
            });
        }

        let hash = leaf_hash(&leaf_here);
        self.frontier.push(hash);
        self.chain_before = Some(self.chain);
        self.chain = chain_here;
        self.next += 1;
        Ok(CheckedEvent {
            position,
            leaf: leaf_here,
            leaf_hash: hash,
        })
    }
}
