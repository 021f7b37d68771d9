//! Sealing and opening the personal fields of a whole payload.
use std::collections::BTreeSet;

use bytes::Bytes;
use rmpv::Value;
use tokio_postgres::Client;
use uuid::Uuid;

use crate::shred::vault::SubjectVault;
use crate::shred::wire::{self, KeyRing};
use crate::Error;

/// Encrypts every plaintext personal field of event `event_id`'s MessagePack `payload`
/// under its subject's data key, creating keys for subjects that have none. Fields nested
/// inside another field's value are sealed under their own subject's key first. The same
/// event seals to the same bytes every time, so a re-sent append stays idempotent.
///
/// A payload without plaintext personal fields comes back byte for byte. Fails with
/// [`Error::SubjectShredded`] rather than write new personal data about an erased subject,
/// and with [`Error::PersonalField`] (naming the path) for a malformed marker.
pub async fn seal_personal_fields(
    client: &Client,
    vault: &SubjectVault,
    event_id: &Uuid,
    payload: &[u8],
) -> Result<Bytes, Error> {
    let value = wire::decode(payload)?;
    let subjects = wire::plaintext_subjects(&value)?;
    if subjects.is_empty() {
        return Ok(Bytes::copy_from_slice(payload));
    }
    let ring = vault.keys_for_sealing(client, &subjects).await?;
    Ok(Bytes::from(wire::encode(&wire::seal(
        value, &ring, event_id,
    )?)?))
}

/// Decrypts every sealed personal field of a MessagePack `payload` into its plaintext
/// form, or into its erased form when the subject's key was shredded. Erasure is never an
/// error; a wrong master key, an altered ciphertext or a missing key row is.
///
/// A payload without sealed personal fields comes back byte for byte.
pub async fn open_personal_fields(
    client: &Client,
    vault: &SubjectVault,
    payload: &[u8],
) -> Result<Bytes, Error> {
    let started = start_opening(vault, payload)?;
    finish_opening(client, vault, payload, started).await
}

/// How far the opening of one payload got.
pub(crate) enum Opening {
    Done(Bytes),
    /// Waiting for the keys of `missing`.
    Waiting(PartlyOpened),
}

/// A payload decoded once and opened as far as the known keys go.
pub(crate) struct PartlyOpened {
    value: Value,
    rewritten: usize,
    ring: KeyRing,
    pub(crate) missing: BTreeSet<Uuid>,
}

/// Opens `payload` as far as cached keys go: no connection needed.
pub(crate) fn start_opening(vault: &SubjectVault, payload: &[u8]) -> Result<Opening, Error> {
    advance(vault, payload, wire::decode(payload)?, 0, KeyRing::new())
}

impl PartlyOpened {
    /// Goes on with `keys`, loaded for (at least) the subjects it was missing.
    pub(crate) fn resume(
        mut self,
        vault: &SubjectVault,
        payload: &[u8],
        keys: &KeyRing,
    ) -> Result<Opening, Error> {
        for subject in &self.missing {
            if let Some(key) = keys.get(subject) {
                self.ring.insert(*subject, key.clone());
            }
        }
        advance(vault, payload, self.value, self.rewritten, self.ring)
    }
}

/// Finishes an opening, loading the keys it waits for over `client`. Each round adds
/// every missing key to the opening (or fails), so it ends.
pub(crate) async fn finish_opening(
    client: &Client,
    vault: &SubjectVault,
    payload: &[u8],
    mut opening: Opening,
) -> Result<Bytes, Error> {
    loop {
        match opening {
            Opening::Done(opened) => return Ok(opened),
            Opening::Waiting(partly) => {
                let mut keys = KeyRing::new();
                vault
                    .keys_for_reading(client, &partly.missing, &mut keys)
                    .await?;
                opening = partly.resume(vault, payload, &keys)?;
            }
        }
    }
}

/// Opens `value` (decoded from `payload`) with the keys in `ring` and in the cache.
fn advance(
    vault: &SubjectVault,
    payload: &[u8],
    mut value: Value,
    mut rewritten: usize,
    mut ring: KeyRing,
) -> Result<Opening, Error> {
    // Each pass opens the fields whose keys are known; a field sealed inside another
    // field only shows its subject once the outer one is open, hence the loop. Each pass
    // opens at least one level, so it ends.
    loop {
        let pass = wire::open(value, &ring)?;
        value = pass.value;
        rewritten += pass.rewritten;
        if pass.missing.is_empty() {
            break;
        }
        let unknown = vault.fill_from_cache(&pass.missing, &mut ring);
        if !unknown.is_empty() {
            return Ok(Opening::Waiting(PartlyOpened {
                value,
                rewritten,
                ring,
                missing: unknown.into_iter().collect(),
            }));
        }
    }
    if rewritten == 0 {
        return Ok(Opening::Done(Bytes::copy_from_slice(payload)));
    }
    Ok(Opening::Done(Bytes::from(wire::encode(&value)?)))
}
