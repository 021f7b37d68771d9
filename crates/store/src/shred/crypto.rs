//! XChaCha20-Poly1305 with random 24-byte nonces: wrapping data keys under the master key,
//! and sealing field values under a data key.
//!
//! Every ciphertext is bound to its subject through the associated data, with a label that
//! keeps the two uses apart: a wrapped key cannot be passed off as a sealed field, and a
//! field sealed for one subject does not open under another subject's marker.
use std::fmt;

use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use uuid::Uuid;

use crate::Error;

/// Length of every key: the master key and each data key.
pub(crate) const KEY_LEN: usize = 32;
/// Length of an XChaCha20 nonce.
pub(crate) const NONCE_LEN: usize = 24;
/// Length of a Poly1305 tag.
const TAG_LEN: usize = 16;
/// Length of a wrapped data key as stored: nonce || ciphertext || tag.
pub(crate) const WRAPPED_KEY_LEN: usize = NONCE_LEN + KEY_LEN + TAG_LEN;

const WRAP_LABEL: &[u8] = b"kinlog-subject-key-v1";
const FIELD_LABEL: &[u8] = b"kinlog-personal-field-v1";
const CHECK_LABEL: &[u8] = b"kinlog-master-key-check-v1";
const NONCE_LABEL: &[u8] = b"kinlog-personal-field-nonce-v1";

/// 32 secret bytes. Debug never shows them.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct SecretKey([u8; KEY_LEN]);

impl SecretKey {
    pub(crate) fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        SecretKey(bytes)
    }

    pub(crate) fn generate() -> Result<Self, Error> {
        Ok(SecretKey(random()?))
    }

    pub(crate) fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&self.0.into())
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

/// Random bytes from the operating system.
pub(crate) fn random<const N: usize>() -> Result<[u8; N], Error> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|source| Error::Randomness { source })?;
    Ok(out)
}

fn associated_data(label: &[u8], subject: &Uuid) -> Vec<u8> {
    let mut aad = Vec::with_capacity(label.len() + 16);
    aad.extend_from_slice(label);
    aad.extend_from_slice(subject.as_bytes());
    aad
}

/// Wraps `dek` under `kek` for `subject`: nonce || ciphertext || tag.
pub(crate) fn wrap_key(kek: &SecretKey, subject: &Uuid, dek: &SecretKey) -> Result<Vec<u8>, Error> {
    let nonce: [u8; NONCE_LEN] = random()?;
    let aad = associated_data(WRAP_LABEL, subject);
    let sealed = encrypt(kek, &nonce, dek.as_bytes(), &aad)?;
    let mut out = Vec::with_capacity(WRAPPED_KEY_LEN);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Unwraps a key made by [`wrap_key`]. Fails when `kek` is not the key that wrapped it or
/// the stored bytes were altered or belong to another subject.
pub(crate) fn unwrap_key(
    kek: &SecretKey,
    subject: &Uuid,
    wrapped: &[u8],
) -> Result<SecretKey, Error> {
    let refused = || Error::SubjectKeyUnwrap { subject: *subject };
    if wrapped.len() != WRAPPED_KEY_LEN {
        return Err(refused());
    }
    let (nonce, sealed) = wrapped.split_at(NONCE_LEN);
    let aad = associated_data(WRAP_LABEL, subject);
    let plain = decrypt(kek, nonce, sealed, &aad).ok_or_else(refused)?;
    let bytes: [u8; KEY_LEN] = plain.as_slice().try_into().map_err(|_| refused())?;
    Ok(SecretKey::from_bytes(bytes))
}

/// A value that only `kek` opens, stored once per database so that a wrong master key is
/// reported as such at start-up instead of as undecryptable data later.
pub(crate) fn master_key_check(kek: &SecretKey) -> Result<Vec<u8>, Error> {
    let nonce: [u8; NONCE_LEN] = random()?;
    let sealed = encrypt(kek, &nonce, CHECK_LABEL, CHECK_LABEL)?;
    let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// True when `check` was made by [`master_key_check`] with this `kek`.
pub(crate) fn master_key_matches(kek: &SecretKey, check: &[u8]) -> bool {
    if check.len() < NONCE_LEN {
        return false;
    }
    let (nonce, sealed) = check.split_at(NONCE_LEN);
    decrypt(kek, nonce, sealed, CHECK_LABEL).is_some_and(|plain| plain == CHECK_LABEL)
}

/// Encrypts a field value of event `event_id` for `subject` under its data key.
///
/// The nonce is derived (HMAC-SHA256 under the data key, over the event id and the
/// plaintext) rather than drawn, so that re-sending the same event seals it to the same
/// bytes and the store's idempotency by content still holds. A nonce repeats only for the
/// same key, event and value, which gives the same ciphertext and so reveals nothing new.
pub(crate) fn seal_field(
    dek: &SecretKey,
    subject: &Uuid,
    event_id: &Uuid,
    plaintext: &[u8],
) -> Result<([u8; NONCE_LEN], Vec<u8>), Error> {
    let nonce = field_nonce(dek, event_id, plaintext);
    let aad = associated_data(FIELD_LABEL, subject);
    let ciphertext = encrypt(dek, &nonce, plaintext, &aad)?;
    Ok((nonce, ciphertext))
}

fn field_nonce(dek: &SecretKey, event_id: &Uuid, plaintext: &[u8]) -> [u8; NONCE_LEN] {
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(dek.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(NONCE_LABEL);
    mac.update(event_id.as_bytes());
    mac.update(plaintext);
    let digest = mac.finalize().into_bytes();
    let mut nonce = [0u8; NONCE_LEN];
    nonce.copy_from_slice(&digest[..NONCE_LEN]);
    nonce
}

/// Decrypts a field sealed by [`seal_field`]; `None` when it is not authentic for this key
/// and subject.
pub(crate) fn open_field(
    dek: &SecretKey,
    subject: &Uuid,
    nonce: &[u8],
    ciphertext: &[u8],
) -> Option<Vec<u8>> {
    let aad = associated_data(FIELD_LABEL, subject);
    decrypt(dek, nonce, ciphertext, &aad)
}

fn encrypt(
    key: &SecretKey,
    nonce: &[u8; NONCE_LEN],
    msg: &[u8],
    aad: &[u8],
) -> Result<Vec<u8>, Error> {
    key.cipher()
        .encrypt(&XNonce::from(*nonce), Payload { msg, aad })
        // Only reachable for messages beyond the cipher's 256 GiB limit.
        .map_err(|_| Error::FieldTooLarge { bytes: msg.len() })
}

fn decrypt(key: &SecretKey, nonce: &[u8], sealed: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
    let nonce = XNonce::try_from(nonce).ok()?;
    key.cipher()
        .decrypt(&nonce, Payload { msg: sealed, aad })
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> SecretKey {
        SecretKey::from_bytes([byte; KEY_LEN])
    }

    #[test]
    fn a_wrapped_key_unwraps_only_with_its_master_key_and_subject() {
        let (kek, dek) = (key(1), key(2));
        let subject = Uuid::from_u128(7);
        let wrapped = wrap_key(&kek, &subject, &dek).unwrap();
        assert_eq!(wrapped.len(), WRAPPED_KEY_LEN);
        assert_eq!(unwrap_key(&kek, &subject, &wrapped).unwrap(), dek);
        assert!(matches!(
            unwrap_key(&key(3), &subject, &wrapped),
            Err(Error::SubjectKeyUnwrap { .. })
        ));
        assert!(matches!(
            unwrap_key(&kek, &Uuid::from_u128(8), &wrapped),
            Err(Error::SubjectKeyUnwrap { .. })
        ));
    }

    #[test]
    fn a_sealed_field_opens_only_for_its_subject_and_key() {
        let dek = key(4);
        let subject = Uuid::from_u128(9);
        let (nonce, ciphertext) = seal_field(&dek, &subject, &Uuid::nil(), b"Jane Roe").unwrap();
        assert_eq!(
            open_field(&dek, &subject, &nonce, &ciphertext).unwrap(),
            b"Jane Roe"
        );
        assert!(open_field(&dek, &Uuid::from_u128(10), &nonce, &ciphertext).is_none());
        assert!(open_field(&key(5), &subject, &nonce, &ciphertext).is_none());
        assert!(open_field(&dek, &subject, &nonce[1..], &ciphertext).is_none());
    }

    #[test]
    fn the_same_value_seals_alike_only_within_one_event() {
        let dek = key(6);
        let subject = Uuid::from_u128(11);
        let (one, other) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let first = seal_field(&dek, &subject, &one, b"same").unwrap();
        assert_eq!(first, seal_field(&dek, &subject, &one, b"same").unwrap());
        assert_ne!(first, seal_field(&dek, &subject, &other, b"same").unwrap());
        assert_ne!(first, seal_field(&key(7), &subject, &one, b"same").unwrap());
        assert_ne!(
            first.0,
            seal_field(&dek, &subject, &one, b"other").unwrap().0
        );
    }

    #[test]
    fn the_master_key_check_tells_keys_apart() {
        let check = master_key_check(&key(1)).unwrap();
        assert!(master_key_matches(&key(1), &check));
        assert!(!master_key_matches(&key(2), &check));
        assert!(!master_key_matches(&key(1), &check[..10]));
    }

    #[test]
    fn debug_hides_key_bytes() {
        assert_eq!(format!("{:?}", key(0xab)), "SecretKey(<redacted>)");
    }
}
