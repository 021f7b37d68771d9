//! Inclusion and consistency proofs computed from the stored log, in a JSON-friendly shape
//! that an outside witness can check with nothing but the log's public key.
//!
//! Computing a proof streams the leaves `1..=tree_size` once, checking each event's chain
//! hash on the way (a proof is never issued for a log that fails its own checks), and keeps
//! only a frontier per proof hash in memory.
use std::pin::pin;

use futures_util::TryStreamExt;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use tokio_postgres::Client;

use super::read_head;
use super::replay::{CheckedEvent, Replay, EVENT_COLUMNS, GENESIS_CHAIN};
use super::report::{Problem, SealFault};
use crate::hashing::{Hash, LEAF_LEN};
use crate::merkle::{
    consistency_ranges, empty_root, inclusion_ranges, leaf_hash, verify_consistency,
    verify_inclusion, ProofError, RangeRoots, Sha256Hash,
};
use crate::seal::{CheckpointFault, PublicKey, SignedCheckpoint, StoredSeal, SEAL_COLUMNS};
use crate::Error;

/// Proof that the event at `position` is leaf `position - 1` of the tree of `tree_size`
/// leaves with root `root` (RFC 6962 §2.1.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InclusionProof {
    pub position: u64,
    pub tree_size: u64,
    /// The 56-byte leaf: position, stream version, recorded_at (Postgres microseconds) and
    /// the event's content hash, all big-endian.
    #[serde(with = "hex_bytes")]
    pub leaf: Vec<u8>,
    pub leaf_hash: Sha256Hash,
    /// Sibling subtree roots, nearest first.
    pub path: Vec<Sha256Hash>,
    pub root: Sha256Hash,
    /// The seal at `tree_size`, if the log was sealed at exactly that size. Its root is
    /// checked against the log when the proof is made; its signature is for the receiver to
    /// check with [`InclusionProof::verify`].
    pub checkpoint: Option<SignedCheckpoint>,
}

/// Proof that the tree of `from_size` leaves is a prefix of the tree of `to_size` leaves
/// (RFC 6962 §2.1.2): nothing before `from_size` was changed, removed or reordered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsistencyProof {
    pub from_size: u64,
    pub to_size: u64,
    pub from_root: Sha256Hash,
    pub to_root: Sha256Hash,
    pub path: Vec<Sha256Hash>,
    /// The seal at `from_size`, if there is one.
    pub from_checkpoint: Option<SignedCheckpoint>,
    /// The seal at `to_size`, if there is one.
    pub to_checkpoint: Option<SignedCheckpoint>,
}

/// Why a proof was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofRejection {
    #[error("{0}")]
    Path(#[from] ProofError),
    #[error("the leaf is {found} bytes, not {LEAF_LEN}")]
    LeafLength { found: usize },
    #[error("the leaf is for position {leaf_position}, not {claimed}")]
    LeafPosition { leaf_position: i64, claimed: u64 },
    #[error("the leaf does not hash to the proof's leaf hash")]
    LeafHash,
    #[error("the proof's {which} root is not the one it is checked against")]
    RootNotTrusted { which: &'static str },
    #[error("no signed checkpoint at tree size {size}")]
    CheckpointMissing { size: u64 },
    #[error("checkpoint at {position}: {fault}")]
    Checkpoint {
        position: u64,
        fault: CheckpointFault,
    },
    #[error("the checkpoint covers {checkpoint} events but the proof claims {claimed}")]
    CheckpointSize { checkpoint: u64, claimed: u64 },
    #[error("the checkpoint at {position} signs a different Merkle root")]
    CheckpointRoot { position: u64 },
}

impl InclusionProof {
    /// Checks the proof against a root the caller already trusts, e.g. from a checkpoint it
    /// verified and kept earlier.
    pub fn verify_against_root(&self, trusted_root: &Sha256Hash) -> Result<(), Error> {
        if self.root != *trusted_root {
            return Err(ProofRejection::RootNotTrusted { which: "tree" }.into());
        }
        self.verify_path()
    }

    /// Checks the proof, and that `trusted` signed its root at its tree size.
    pub fn verify(&self, trusted: &PublicKey) -> Result<(), Error> {
        check_checkpoint(
            self.checkpoint.as_ref(),
            self.tree_size,
            &self.root,
            trusted,
        )?;
        self.verify_path()
    }

    fn verify_path(&self) -> Result<(), Error> {
        let leaf: &[u8; LEAF_LEN] =
            self.leaf
                .as_slice()
                .try_into()
                .map_err(|_| ProofRejection::LeafLength {
                    found: self.leaf.len(),
                })?;
        let mut position_bytes = [0u8; 8];
        position_bytes.copy_from_slice(&leaf[..8]);
        let leaf_position = i64::from_be_bytes(position_bytes);
        if leaf_position < 1 || leaf_position as u64 != self.position {
            return Err(ProofRejection::LeafPosition {
                leaf_position,
                claimed: self.position,
            }
            .into());
        }
        if leaf_hash(leaf) != self.leaf_hash.0 {
            return Err(ProofRejection::LeafHash.into());
        }
        let path: Vec<_> = self.path.iter().map(|h| h.0).collect();
        verify_inclusion(
            self.position - 1,
            self.tree_size,
            &self.leaf_hash.0,
            &path,
            &self.root.0,
        )
        .map_err(|e| ProofRejection::Path(e).into())
    }
}

impl ConsistencyProof {
    /// Checks the proof against roots the caller already trusts, e.g. a witness's stored
    /// checkpoint and a newly received one.
    pub fn verify_against_roots(
        &self,
        trusted_from_root: &Sha256Hash,
        trusted_to_root: &Sha256Hash,
    ) -> Result<(), Error> {
        if self.from_root != *trusted_from_root {
            return Err(ProofRejection::RootNotTrusted { which: "old" }.into());
        }
        if self.to_root != *trusted_to_root {
            return Err(ProofRejection::RootNotTrusted { which: "new" }.into());
        }
        self.verify_path()
    }

    /// Checks the proof, and that `trusted` signed both roots at their sizes (the empty tree
    /// needs no signature: its root is fixed).
    pub fn verify(&self, trusted: &PublicKey) -> Result<(), Error> {
        if self.from_size > 0 {
            check_checkpoint(
                self.from_checkpoint.as_ref(),
                self.from_size,
                &self.from_root,
                trusted,
            )?;
        }
        check_checkpoint(
            self.to_checkpoint.as_ref(),
            self.to_size,
            &self.to_root,
            trusted,
        )?;
        self.verify_path()
    }

    fn verify_path(&self) -> Result<(), Error> {
        let path: Vec<_> = self.path.iter().map(|h| h.0).collect();
        verify_consistency(
            self.from_size,
            self.to_size,
            &self.from_root.0,
            &self.to_root.0,
            &path,
        )
        .map_err(|e| ProofRejection::Path(e).into())
    }
}

fn check_checkpoint(
    checkpoint: Option<&SignedCheckpoint>,
    size: u64,
    root: &Sha256Hash,
    trusted: &PublicKey,
) -> Result<(), ProofRejection> {
    let signed = checkpoint.ok_or(ProofRejection::CheckpointMissing { size })?;
    let position = signed.checkpoint.position;
    signed
        .verify(trusted)
        .map_err(|fault| ProofRejection::Checkpoint { position, fault })?;
    if position != size {
        return Err(ProofRejection::CheckpointSize {
            checkpoint: position,
            claimed: size,
        });
    }
    if signed.checkpoint.merkle_root != *root {
        return Err(ProofRejection::CheckpointRoot { position });
    }
    Ok(())
}

/// Proves that the event at `position` is in the log of `tree_size` events.
///
/// `1 <= position <= tree_size <= head`. The proof carries the seal at `tree_size` when the
/// log was sealed at exactly that size; seal at the size you mean to publish.
pub async fn inclusion_proof(
    client: &Client,
    position: u64,
    tree_size: u64,
) -> Result<InclusionProof, Error> {
    if position == 0 {
        return Err(request_error("position", position, "positions start at 1"));
    }
    if position > tree_size {
        return Err(request_error("position", position, "is past the tree size"));
    }
    check_within_head(client, "tree_size", tree_size).await?;
    let mut path =
        RangeRoots::new(inclusion_ranges(position - 1, tree_size).map_err(ProofRejection::Path)?);
    let mut leaf = None;
    let replay = replay_leaves(client, tree_size, |event, _| {
        path.push(event.position - 1, event.leaf_hash);
        if event.position == position {
            leaf = Some((event.leaf, event.leaf_hash));
        }
    })
    .await?;
    let root = Sha256Hash(replay.frontier().root());
    let (Some(path), Some((leaf, hash))) = (path.finish(), leaf) else {
        return Err(Error::LogTampered(Problem::PositionMissing {
            position: replay.position() + 1,
        }));
    };
    Ok(InclusionProof {
        position,
        tree_size,
        leaf: leaf.to_vec(),
        leaf_hash: Sha256Hash(hash),
        path: path.into_iter().map(Sha256Hash).collect(),
        root,
        checkpoint: seal_at(client, &TreeState::of(&replay)).await?,
    })
}

/// Proves that the log of `from` events is a prefix of the log of `to` events.
///
/// `from <= to <= head`. The proof carries the seals at `from` and `to` where they exist.
pub async fn consistency_proof(
    client: &Client,
    from: u64,
    to: u64,
) -> Result<ConsistencyProof, Error> {
    if from > to {
        return Err(request_error("from", from, "is past `to`"));
    }
    check_within_head(client, "to", to).await?;
    let mut path = RangeRoots::new(consistency_ranges(from, to).map_err(ProofRejection::Path)?);
    let mut from_state = TreeState {
        position: 0,
        chain: GENESIS_CHAIN,
        root: empty_root(),
    };
    let replay = replay_leaves(client, to, |event, replay| {
        path.push(event.position - 1, event.leaf_hash);
        if event.position == from {
            from_state = TreeState::of(replay);
        }
    })
    .await?;
    let Some(path) = path.finish() else {
        return Err(Error::LogTampered(Problem::PositionMissing {
            position: to,
        }));
    };
    let to_state = TreeState::of(&replay);
    Ok(ConsistencyProof {
        from_size: from,
        to_size: to,
        from_root: Sha256Hash(from_state.root),
        to_root: Sha256Hash(to_state.root),
        path: path.into_iter().map(Sha256Hash).collect(),
        from_checkpoint: seal_at(client, &from_state).await?,
        to_checkpoint: seal_at(client, &to_state).await?,
    })
}

/// The recomputed log at one position.
struct TreeState {
    position: u64,
    chain: Hash,
    root: Hash,
}

impl TreeState {
    fn of(replay: &Replay) -> Self {
        TreeState {
            position: replay.position(),
            chain: replay.chain(),
            root: replay.frontier().root(),
        }
    }
}

async fn check_within_head(client: &Client, field: &'static str, size: u64) -> Result<(), Error> {
    let head = read_head(client).await?;
    if size > head.position {
        return Err(request_error(field, size, "is past the log head"));
    }
    Ok(())
}

fn request_error(field: &'static str, value: u64, reason: &'static str) -> Error {
    Error::ProofRequest {
        field,
        value,
        reason,
    }
}

/// Streams and checks events `1..=tree_size`, handing each to `each`.
async fn replay_leaves(
    client: &Client,
    tree_size: u64,
    mut each: impl FnMut(&CheckedEvent, &Replay),
) -> Result<Replay, Error> {
    let rows = client
        .query_raw(
            &format!(
                "SELECT {EVENT_COLUMNS} FROM es.events WHERE position <= $1 ORDER BY position"
            ),
            [tree_size as i64],
        )
        .await
        .map_err(Error::db("reading events for a proof"))?;
    let mut rows = pin!(rows);
    let mut replay = Replay::from_genesis();
    while let Some(row) = rows
        .try_next()
        .await
        .map_err(Error::db("reading events for a proof"))?
    {
        let event = replay.check(&row).map_err(Error::LogTampered)?;
        each(&event, &replay);
    }
    if replay.position() != tree_size {
        return Err(Error::LogTampered(Problem::PositionMissing {
            position: replay.position() + 1,
        }));
    }
    Ok(replay)
}

async fn seal_row(client: &Client, position: u64) -> Result<Option<StoredSeal>, Error> {
    Ok(client
        .query_opt(
            &format!("SELECT {SEAL_COLUMNS} FROM es.seals WHERE position = $1"),
            &[&(position as i64)],
        )
        .await
        .map_err(Error::db("reading a seal for a proof"))?
        .map(|row| StoredSeal::from_row(&row)))
}

/// The seal at `state`'s position, if any, checked against the recomputed log.
async fn seal_at(client: &Client, state: &TreeState) -> Result<Option<SignedCheckpoint>, Error> {
    let position = state.position;
    if position == 0 {
        return Ok(None);
    }
    let Some(seal) = seal_row(client, position).await? else {
        return Ok(None);
    };
    let fault = |fault| Error::LogTampered(Problem::Seal { position, fault });
    let signed = seal
        .checkpoint
        .map_err(|field| fault(SealFault::Malformed { field }))?;
    if signed.checkpoint.chain_head.0 != state.chain {
        return Err(fault(SealFault::ChainHeadMismatch { since: 1 }));
    }
    if signed.checkpoint.merkle_root.0 != state.root {
        return Err(fault(SealFault::MerkleRootMismatch));
    }
    Ok(Some(signed))
}

/// Hex in JSON for the leaf bytes.
mod hex_bytes {
    use super::*;

    pub(super) fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&hex::encode(bytes))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<u8>, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        hex::decode(text.as_bytes()).map_err(serde::de::Error::custom)
    }
}
