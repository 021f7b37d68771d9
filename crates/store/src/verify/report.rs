//! What `verify` found: the first problem, by position, and what it is.
use std::fmt;

use serde::Serialize;

use crate::merkle::Sha256Hash;
use crate::seal::{CheckpointFault, PublicKey};

/// The outcome of [`crate::verify`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// Events that were recomputed and matched before verification stopped.
    pub events_checked: u64,
    /// The position `es.log_head` claims.
    pub head: u64,
    /// Seals whose signature, chain head, Merkle root and frontier matched.
    pub seals_checked: u64,
    /// The recomputed chain hash after `events_checked` events.
    pub chain_head: Sha256Hash,
    /// The recomputed Merkle root over the first `events_checked` events.
    pub merkle_root: Sha256Hash,
    /// The first problem, or `None` when the log is intact.
    pub problem: Option<Problem>,
}

impl VerifyReport {
    /// Whether every event, the head and every seal checked out.
    pub fn is_intact(&self) -> bool {
        self.problem.is_none()
    }
}

impl fmt::Display for VerifyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.problem {
            None => write!(
                f,
                "intact: {} events, head at {}, {} seals, Merkle root {}",
                self.events_checked, self.head, self.seals_checked, self.merkle_root
            ),
            Some(problem) => write!(f, "{problem}"),
        }
    }
}

/// The first thing wrong with the log, named by position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// No event is stored at `position`, though later ones are.
    PositionMissing { position: u64 },
    /// The row after `expected - 1` is numbered `found`, below `expected`.
    UnexpectedPosition { expected: u64, found: i64 },
    /// A column of the event at `position` cannot be decoded.
    Unreadable { position: u64, column: &'static str },
    /// The event at `position` does not hash to its stored chain hash.
    ChainMismatch { position: u64 },
    /// The event at `position` is not part of the chain: the one after it was recorded at
    /// `position` and has been pushed up by one.
    Inserted { position: u64 },
    /// `es.log_head` claims more events than the log holds.
    HeadBeyondLog { head: u64, log_end: u64 },
    /// The log holds an event past the position `es.log_head` claims.
    PastHead { head: u64 },
    /// `es.log_head`'s chain hash is not the chain hash of the event at its position.
    HeadChainMismatch { position: u64 },
    /// The seal at `position` is wrong.
    Seal { position: u64, fault: SealFault },
    /// A seal covers more events than the log holds.
    SealBeyondLog { seal: u64, log_end: u64 },
}

impl Problem {
    /// The first position that is bad. For a seal whose chain head or root does not match,
    /// this is the seal's position: the events it covers were rewritten consistently, so only
    /// the range since the previous good seal is known (see [`SealFault::ChainHeadMismatch`]).
    pub fn position(&self) -> u64 {
        match self {
            Problem::PositionMissing { position }
            | Problem::Unreadable { position, .. }
            | Problem::ChainMismatch { position }
            | Problem::Inserted { position }
            | Problem::HeadChainMismatch { position }
            | Problem::Seal { position, .. } => *position,
            Problem::UnexpectedPosition { expected, .. } => *expected,
            Problem::HeadBeyondLog { log_end, .. } | Problem::SealBeyondLog { log_end, .. } => {
                log_end + 1
            }
            Problem::PastHead { head } => head + 1,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::PositionMissing { position } => write!(f, "position {position} missing"),
            Problem::UnexpectedPosition { expected, found } => write!(
                f,
                "position {expected}: the next stored row is numbered {found}"
            ),
            Problem::Unreadable { position, column } => {
                write!(f, "position {position}: column {column} cannot be read")
            }
            Problem::ChainMismatch { position } => write!(
                f,
                "position {position}: chain hash mismatch (payload, metadata or header changed, \
                 or an event removed or reordered here)"
            ),
            Problem::Inserted { position } => write!(
                f,
                "position {position}: an event was inserted here (the event now at {} was \
                 recorded at {position})",
                position + 1
            ),
            Problem::HeadBeyondLog { head, log_end } => {
                write!(f, "head says {head} but the log ends at {log_end}")
            }
            Problem::PastHead { head } => write!(
                f,
                "position {}: the log continues past its head at {head}",
                head + 1
            ),
            Problem::HeadChainMismatch { position } => write!(
                f,
                "head at {position}: its chain hash is not the chain hash of the log at {position}"
            ),
            Problem::Seal { position, fault } => match fault {
                SealFault::ChainHeadMismatch { since } => write!(
                    f,
                    "seal at {position}: chain head mismatch: an event in {since}..={position} \
                     was changed and the chain recomputed"
                ),
                _ => write!(f, "seal at {position}: {fault}"),
            },
            Problem::SealBeyondLog { seal, log_end } => write!(
                f,
                "seal at {seal}: the log ends at {log_end}; events {}..={seal} were removed",
                log_end + 1
            ),
        }
    }
}

/// What is wrong with one seal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum SealFault {
    /// Signed by a key other than the trusted one.
    UntrustedKey { found: PublicKey },
    /// The signature does not match the stored checkpoint: the seal was altered or forged.
    BadSignature,
    /// A column has the wrong length.
    Malformed { field: &'static str },
    /// The chain hash the seal signed is not the log's at that position. `since` is the first
    /// position after the previous good seal.
    ChainHeadMismatch { since: u64 },
    /// The Merkle root the seal signed is not the log's.
    MerkleRootMismatch,
    /// The stored frontier is not the log's, so the next seal would resume from a wrong state.
    FrontierMismatch,
}

impl From<CheckpointFault> for SealFault {
    fn from(fault: CheckpointFault) -> Self {
        match fault {
            CheckpointFault::UntrustedKey { found } => SealFault::UntrustedKey { found },
            CheckpointFault::BadSignature => SealFault::BadSignature,
        }
    }
}

impl fmt::Display for SealFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SealFault::UntrustedKey { found } => write!(f, "signed by an untrusted key {found}"),
            SealFault::BadSignature => f.write_str("bad signature"),
            SealFault::Malformed { field } => write!(f, "{field} is malformed"),
            SealFault::ChainHeadMismatch { since } => {
                write!(f, "chain head mismatch since position {since}")
            }
            SealFault::MerkleRootMismatch => f.write_str("Merkle root mismatch"),
            SealFault::FrontierMismatch => f.write_str("stored frontier does not match the log"),
        }
    }
}
