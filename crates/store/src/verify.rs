//! Verification of the whole log, and inclusion and consistency proofs for outside witnesses.
//!
//! `verify` recomputes every event's content hash, leaf and chain hash and the Merkle tree
//! from the stored rows, in position order, and checks the head and every seal against them.
//! It reads in batches through a cursor inside one read-only snapshot, so memory stays flat
//! however long the log is, and concurrent appends neither disturb nor fool it.
mod proof;
mod replay;
mod report;

use std::collections::VecDeque;

use tokio_postgres::{Client, GenericClient, IsolationLevel, Portal, Transaction};

use crate::hashing::Hash;
use crate::merkle::Sha256Hash;
use crate::seal::{PublicKey, StoredSeal, SEAL_COLUMNS};
use crate::Error;

pub use proof::{
    consistency_proof, inclusion_proof, ConsistencyProof, InclusionProof, ProofRejection,
};
pub(crate) use replay::{Replay, EVENT_COLUMNS};
pub use report::{Problem, SealFault, VerifyReport};

/// Events fetched per round trip: large enough to amortise the trip, small enough that a
/// batch of large payloads stays a few megabytes.
const EVENT_BATCH: i32 = 2048;
const SEAL_BATCH: i32 = 256;

/// Verifies the log against the sealing key the caller trusts, and reports the first
/// problem by position (see [`Problem`]): a changed, missing, inserted or reordered event, a
/// head that does not match the log, or a seal that is forged, altered or no longer matches.
///
/// `Ok` means verification ran; whether the log is intact is [`VerifyReport::is_intact`].
/// `Err` means the database could not be read.
pub async fn verify(client: &mut Client, trusted: &PublicKey) -> Result<VerifyReport, Error> {
    let tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await
        .map_err(Error::db("starting the verification snapshot"))?;
    let head = read_head(&tx).await?;
    let mut seals = SealCursor::open(&tx).await?;
    let events = tx
        .bind(
            &format!("SELECT {EVENT_COLUMNS} FROM es.events ORDER BY position"),
            &[],
        )
        .await
        .map_err(Error::db("opening the event cursor"))?;

    let mut replay = Replay::from_genesis();
    let mut sealed = SealProgress {
        trusted,
        checked: 0,
        since: 1,
    };
    let mut problem = 'scan: loop {
        let batch = tx
            .query_portal(&events, EVENT_BATCH)
            .await
            .map_err(Error::db("reading events"))?;
        if batch.is_empty() {
            break None;
        }
        for row in &batch {
            if replay.position() == head.position {
                break 'scan Some(Problem::PastHead {
                    head: head.position,
                });
            }
            if let Err(problem) = replay.check(row) {
                break 'scan Some(problem);
            }
            if replay.position() == head.position && replay.chain() != head.chain {
                break 'scan Some(Problem::HeadChainMismatch {
                    position: head.position,
                });
            }
            while let Some(seal) = seals.next_at_or_below(&tx, replay.position()).await? {
                if let Err(problem) = sealed.check(&seal, &replay) {
                    break 'scan Some(problem);
                }
            }
        }
    };
    if problem.is_none() {
        problem = end_of_log_problem(&head, &replay, &mut seals, &tx).await?;
    }
    tx.commit()
        .await
        .map_err(Error::db("closing the verification snapshot"))?;
    Ok(VerifyReport {
        events_checked: replay.position(),
        head: head.position,
        seals_checked: sealed.checked,
        chain_head: Sha256Hash(replay.chain()),
        merkle_root: Sha256Hash(replay.frontier().root()),
        problem,
    })
}

/// What is wrong once every stored event matched: a head or seals past the end of the log.
async fn end_of_log_problem(
    head: &Head,
    replay: &Replay,
    seals: &mut SealCursor,
    tx: &Transaction<'_>,
) -> Result<Option<Problem>, Error> {
    let log_end = replay.position();
    if head.position > log_end {
        return Ok(Some(Problem::HeadBeyondLog {
            head: head.position,
            log_end,
        }));
    }
    if head.position == 0 && head.chain != replay.chain() {
        return Ok(Some(Problem::HeadChainMismatch { position: 0 }));
    }
    Ok(seals
        .next_at_or_below(tx, u64::MAX)
        .await?
        .map(|seal| Problem::SealBeyondLog {
            seal: seal.position,
            log_end,
        }))
}

/// Seals checked so far, and where the previous good one left off.
struct SealProgress<'a> {
    trusted: &'a PublicKey,
    checked: u64,
    since: u64,
}

impl SealProgress<'_> {
    /// Checks a seal at the replay's position (or, if malformed, below it).
    fn check(&mut self, seal: &StoredSeal, replay: &Replay) -> Result<(), Problem> {
        let fault = |fault| Problem::Seal {
            position: seal.position,
            fault,
        };
        if seal.position != replay.position() {
            return Err(fault(SealFault::Malformed { field: "position" }));
        }
        let signed = seal
            .checkpoint
            .as_ref()
            .map_err(|field| fault(SealFault::Malformed { field }))?;
        signed
            .verify(self.trusted)
            .map_err(|f| fault(SealFault::from(f)))?;
        if signed.checkpoint.chain_head.0 != replay.chain() {
            return Err(fault(SealFault::ChainHeadMismatch { since: self.since }));
        }
        if signed.checkpoint.merkle_root.0 != replay.frontier().root() {
            return Err(fault(SealFault::MerkleRootMismatch));
        }
        if seal.frontier != replay.frontier().to_bytes() {
            return Err(fault(SealFault::FrontierMismatch));
        }
        self.checked += 1;
        self.since = seal.position + 1;
        Ok(())
    }
}

/// Reads `es.seals` in position order, a batch at a time, between event batches.
struct SealCursor {
    portal: Portal,
    buffered: VecDeque<StoredSeal>,
    exhausted: bool,
}

impl SealCursor {
    async fn open(tx: &Transaction<'_>) -> Result<Self, Error> {
        let portal = tx
            .bind(
                &format!("SELECT {SEAL_COLUMNS} FROM es.seals ORDER BY position"),
                &[],
            )
            .await
            .map_err(Error::db("opening the seal cursor"))?;
        Ok(SealCursor {
            portal,
            buffered: VecDeque::new(),
            exhausted: false,
        })
    }

    /// The next seal, if its position is at most `position`.
    async fn next_at_or_below(
        &mut self,
        tx: &Transaction<'_>,
        position: u64,
    ) -> Result<Option<StoredSeal>, Error> {
        if self.buffered.is_empty() && !self.exhausted {
            let rows = tx
                .query_portal(&self.portal, SEAL_BATCH)
                .await
                .map_err(Error::db("reading seals"))?;
            self.exhausted = rows.len() < SEAL_BATCH as usize;
            self.buffered.extend(rows.iter().map(StoredSeal::from_row));
        }
        if self
            .buffered
            .front()
            .is_some_and(|s| s.position <= position)
        {
            Ok(self.buffered.pop_front())
        } else {
            Ok(None)
        }
    }
}

/// `es.log_head`: the position and chain hash the last append recorded.
pub(crate) struct Head {
    pub(crate) position: u64,
    pub(crate) chain: Hash,
}

/// Reads `es.log_head`. A negative position reads as 0 and a malformed chain hash as
/// all ones, so that either shows up as a problem instead of an error.
pub(crate) async fn read_head(client: &impl GenericClient) -> Result<Head, Error> {
    let row = client
        .query_one("SELECT position, chain_hash FROM es.log_head", &[])
        .await
        .map_err(Error::db("reading the log head"))?;
    let position: i64 = row
        .try_get(0)
        .map_err(Error::db("reading the log head position"))?;
    let chain: &[u8] = row
        .try_get(1)
        .map_err(Error::db("reading the log head chain hash"))?;
    Ok(Head {
        position: u64::try_from(position).unwrap_or(0),
        chain: <[u8; 32]>::try_from(chain).unwrap_or([0xff; 32]),
    })
}
