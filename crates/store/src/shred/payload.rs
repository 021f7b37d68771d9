//! Sealing and opening the personal fields of a whole payload.
use std::collections::BTreeSet;

use bytes::Bytes;
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
    let mut ring = KeyRing::new();
    // Every round adds at least one subject's key (live or shredded) to the ring, or
    // fails, so it ends.
    loop {
        match open_with_known_keys(vault, payload, &mut ring)? {
            Ok(opened) => return Ok(opened),
            Err(missing) => vault.keys_for_reading(client, &missing, &mut ring).await?,
        }
    }
}

/// [`open_personal_fields`] with cached keys only, for the common read of a subject seen
/// recently: no connection needed. `None` when some key is not cached.
pub(crate) fn open_personal_fields_from_cache(
    vault: &SubjectVault,
    payload: &[u8],
) -> Result<Option<Bytes>, Error> {
    Ok(open_with_known_keys(vault, payload, &mut KeyRing::new())?.ok())
}

/// Opens `payload` with the keys in `ring` and in the cache (adding those to `ring`), or
/// names the subjects whose keys are neither.
fn open_with_known_keys(
    vault: &SubjectVault,
    payload: &[u8],
    ring: &mut KeyRing,
) -> Result<Result<Bytes, BTreeSet<Uuid>>, Error> {
    let mut value = wire::decode(payload)?;
    let mut rewritten = 0;
    // Each pass opens the fields whose keys are known; a field sealed inside another
    // field only shows its subject once the outer one is open, hence the loop. Each pass
    // opens at least one level, so it ends.
    loop {
        let pass = wire::open(value, ring)?;
        value = pass.value;
        rewritten += pass.rewritten;
        if pass.missing.is_empty() {
            break;
        }
        let unknown = vault.fill_from_cache(&pass.missing, ring);
        if !unknown.is_empty() {
            return Ok(Err(unknown.into_iter().collect()));
        }
    }
    if rewritten == 0 {
        return Ok(Ok(Bytes::copy_from_slice(payload)));
    }
    Ok(Ok(Bytes::from(wire::encode(&value)?)))
}

/// The subjects of the outermost sealed fields of `payload`.
pub(crate) fn sealed_subjects(payload: &[u8]) -> Result<BTreeSet<Uuid>, Error> {
    Ok(wire::open(wire::decode(payload)?, &KeyRing::new())?.missing)
}
