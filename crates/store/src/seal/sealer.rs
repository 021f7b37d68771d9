//! The sealer: signs a checkpoint of everything appended since the last seal.
use std::pin::pin;

use chrono::{SubsecRound, Utc};
use futures_util::TryStreamExt;
use tokio_postgres::Client;

use super::checkpoint::{Checkpoint, SignedCheckpoint};
use super::key::SealingKey;
use super::stored::{StoredSeal, SEAL_COLUMNS};
use crate::hashing::Hash;
use crate::merkle::{Frontier, Sha256Hash};
use crate::verify::{read_head, Problem, Replay, SealFault, EVENT_COLUMNS};
use crate::Error;

/// Serializes sealers, so two never race to seal the same position.
const SEAL_LOCK: i64 = 7_270_619;

/// Seals the log up to its head: recomputes every event since the last seal, checks it
/// against its stored chain hash, and stores a checkpoint signed with `key` in `es.seals`.
///
/// Resumes from the Merkle frontier stored with the latest seal when `key` signed that seal
/// and it matches itself; otherwise (first seal, key rotation, damaged seal) it rehashes the
/// log from position 1. It never signs a log that fails its checks: that is
/// [`Error::LogTampered`] naming the first bad position. When nothing was appended since the
/// latest seal, it returns that seal and stores nothing. An empty log is [`Error::EmptyLog`].
pub async fn seal(client: &mut Client, key: &SealingKey) -> Result<SignedCheckpoint, Error> {
    let tx = client
        .transaction()
        .await
        .map_err(Error::db("starting the seal transaction"))?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SEAL_LOCK])
        .await
        .map_err(Error::db("waiting for other sealers"))?;
    let head = read_head(&tx).await?;
    let latest = tx
        .query_opt(
            &format!("SELECT {SEAL_COLUMNS} FROM es.seals ORDER BY position DESC LIMIT 1"),
            &[],
        )
        .await
        .map_err(Error::db("reading the latest seal"))?
        .map(|row| StoredSeal::from_row(&row));

    let mut replay = Replay::from_genesis();
    if let Some(latest) = &latest {
        if latest.position > head.position {
            return Err(Error::LogTampered(Problem::SealBeyondLog {
                seal: latest.position,
                log_end: head.position,
            }));
        }
        match resume_point(latest, key) {
            Ok((signed, frontier)) => {
                let chain = signed.checkpoint.chain_head.0;
                check_stored_chain(&tx, latest.position, &chain).await?;
                if latest.position == head.position {
                    if head.chain != chain {
                        return Err(Error::LogTampered(Problem::HeadChainMismatch {
                            position: head.position,
                        }));
                    }
                    return Ok(signed);
                }
                replay = Replay::resume(chain, frontier);
            }
            Err(fault) if latest.position == head.position => {
                return Err(Error::LogTampered(Problem::Seal {
                    position: latest.position,
                    fault,
                }));
            }
            Err(fault) => {
                tracing::warn!(
                    seal = latest.position,
                    %fault,
                    "cannot resume from the latest seal; rehashing the log from position 1"
                );
            }
        }
    }
    if head.position == 0 {
        return Err(Error::EmptyLog);
    }

    let from = replay.position() as i64;
    let to = head.position as i64;
    let rows = tx
        .query_raw(
            &format!(
                "SELECT {EVENT_COLUMNS} FROM es.events \
                 WHERE position > $1 AND position <= $2 ORDER BY position"
            ),
            [&from, &to],
        )
        .await
        .map_err(Error::db("reading events to seal"))?;
    let mut rows = pin!(rows);
    while let Some(row) = rows
        .try_next()
        .await
        .map_err(Error::db("reading events to seal"))?
    {
        replay.check(&row).map_err(Error::LogTampered)?;
    }
    if replay.position() != head.position {
        return Err(Error::LogTampered(Problem::HeadBeyondLog {
            head: head.position,
            log_end: replay.position(),
        }));
    }
    if replay.chain() != head.chain {
        return Err(Error::LogTampered(Problem::HeadChainMismatch {
            position: head.position,
        }));
    }

    let signed = Checkpoint {
        position: head.position,
        chain_head: Sha256Hash(replay.chain()),
        merkle_root: Sha256Hash(replay.frontier().root()),
        sealed_at: Utc::now().trunc_subsecs(6),
    }
    .sign(key);
    let checkpoint = &signed.checkpoint;
    tx.execute(
        "INSERT INTO es.seals (position, chain_head, merkle_root, frontier, signature, \
         public_key, sealed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            &to,
            &checkpoint.chain_head.0.as_slice(),
            &checkpoint.merkle_root.0.as_slice(),
            &replay.frontier().to_bytes(),
            &signed.signature.0.as_slice(),
            &signed.public_key.to_bytes().as_slice(),
            &checkpoint.sealed_at,
        ],
    )
    .await
    .map_err(Error::db("storing the seal"))?;
    tx.commit()
        .await
        .map_err(Error::db("committing the seal"))?;
    tracing::info!(position = head.position, "sealed the log");
    Ok(signed)
}

/// The latest seal and its frontier, if this sealer can trust them enough to continue.
fn resume_point(
    seal: &StoredSeal,
    key: &SealingKey,
) -> Result<(SignedCheckpoint, Frontier), SealFault> {
    let signed = seal
        .checkpoint
        .as_ref()
        .map_err(|field| SealFault::Malformed { field })?;
    signed.verify(&key.public_key())?;
    let frontier = Frontier::from_bytes(&seal.frontier)
        .map_err(|_| SealFault::Malformed { field: "frontier" })?;
    if frontier.size() != seal.position || frontier.root() != signed.checkpoint.merkle_root.0 {
        return Err(SealFault::FrontierMismatch);
    }
    Ok((signed.clone(), frontier))
}

/// Checks that the event at a sealed position still has the chain hash the seal signed.
async fn check_stored_chain(
    tx: &tokio_postgres::Transaction<'_>,
    position: u64,
    sealed_chain: &Hash,
) -> Result<(), Error> {
    let stored: Option<Vec<u8>> = tx
        .query_opt(
            "SELECT chain_hash FROM es.events WHERE position = $1",
            &[&(position as i64)],
        )
        .await
        .map_err(Error::db("reading the chain hash at the latest seal"))?
        .map(|row| row.try_get(0))
        .transpose()
        .map_err(Error::db("reading the chain hash at the latest seal"))?;
    match stored {
        None => Err(Error::LogTampered(Problem::PositionMissing { position })),
        Some(chain) if chain != sealed_chain => Err(Error::LogTampered(Problem::Seal {
            position,
            fault: SealFault::ChainHeadMismatch { since: 1 },
        })),
        Some(_) => Ok(()),
    }
}
