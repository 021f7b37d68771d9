//! Checkpoints: what a seal commits to, and the exact text its signature covers.
//!
//! The signed text is a C2SP checkpoint note body (`c2sp.org/tlog-checkpoint`): the origin
//! line, the tree size, the base64 Merkle root, then two extension lines for the chain head
//! and the sealing time. The origin line separates these signatures from anything else the
//! key could ever sign, and [`SignedCheckpoint::to_note`] gives a complete signed note that
//! standard note verifiers accept.
use std::fmt;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::key::{PublicKey, SealingKey};
use crate::merkle::Sha256Hash;

/// The origin line of every kinlog checkpoint; also the key name in signed notes.
pub const CHECKPOINT_ORIGIN: &str = "kinlog.event-log/v1";

/// The state of the log up to a position, as a seal commits to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The last position covered, which is also the Merkle tree size.
    pub position: u64,
    /// The chain hash of the event at `position` (32 zero bytes for the empty log).
    pub chain_head: Sha256Hash,
    /// The RFC 6962 root over the leaves of positions `1..=position`.
    pub merkle_root: Sha256Hash,
    /// When the checkpoint was signed, to the microsecond Postgres keeps.
    pub sealed_at: DateTime<Utc>,
}

impl Checkpoint {
    /// The exact text the signature covers.
    pub fn signed_text(&self) -> String {
        format!(
            "{CHECKPOINT_ORIGIN}\n{}\n{}\nchain {}\nsealed {}\n",
            self.position,
            BASE64.encode(self.merkle_root.0),
            BASE64.encode(self.chain_head.0),
            self.sealed_at
                .trunc_subsecs(6)
                .to_rfc3339_opts(SecondsFormat::Micros, true),
        )
    }

    /// Signs this checkpoint.
    pub fn sign(self, key: &SealingKey) -> SignedCheckpoint {
        let signature = key.sign(self.signed_text().as_bytes());
        SignedCheckpoint {
            checkpoint: self,
            public_key: key.public_key(),
            signature: SignatureBytes(signature),
        }
    }
}

/// A checkpoint with the key that claims to have signed it and the signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedCheckpoint {
    pub checkpoint: Checkpoint,
    pub public_key: PublicKey,
    pub signature: SignatureBytes,
}

impl SignedCheckpoint {
    /// Checks that `trusted` signed exactly this checkpoint.
    pub fn verify(&self, trusted: &PublicKey) -> Result<(), CheckpointFault> {
        if self.public_key != *trusted {
            return Err(CheckpointFault::UntrustedKey {
                found: self.public_key,
            });
        }
        if !trusted.verifies(self.checkpoint.signed_text().as_bytes(), &self.signature.0) {
            return Err(CheckpointFault::BadSignature);
        }
        Ok(())
    }

    /// The checkpoint as a complete C2SP signed note, for witnesses.
    pub fn to_note(&self) -> String {
        let mut stamped = Vec::with_capacity(4 + 64);
        stamped.extend_from_slice(&self.public_key.note_key_hash(CHECKPOINT_ORIGIN));
        stamped.extend_from_slice(&self.signature.0);
        format!(
            "{}\n\u{2014} {CHECKPOINT_ORIGIN} {}\n",
            self.checkpoint.signed_text(),
            BASE64.encode(stamped)
        )
    }
}

/// Why a signed checkpoint is not trusted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "fault", rename_all = "snake_case")]
pub enum CheckpointFault {
    #[error("signed by an untrusted key {found}")]
    UntrustedKey { found: PublicKey },
    #[error("bad signature")]
    BadSignature,
}

/// An Ed25519 signature; base64 in JSON.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SignatureBytes(pub [u8; 64]);

impl fmt::Debug for SignatureBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SignatureBytes({})", BASE64.encode(self.0))
    }
}

impl Serialize for SignatureBytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&BASE64.encode(self.0))
    }
}

impl<'de> Deserialize<'de> for SignatureBytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        BASE64
            .decode(text.as_bytes())
            .ok()
            .and_then(|bytes| <[u8; 64]>::try_from(bytes).ok())
            .map(SignatureBytes)
            .ok_or_else(|| serde::de::Error::custom("a signature must be 64 bytes of base64"))
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn sample() -> Checkpoint {
        Checkpoint {
            position: 8,
            chain_head: Sha256Hash([7u8; 32]),
            merkle_root: Sha256Hash([9u8; 32]),
            sealed_at: Utc
                .with_ymd_and_hms(2026, 11, 23, 19, 31, 8)
                .single()
                .unwrap()
                + chrono::Duration::microseconds(123_456),
        }
    }

    #[test]
    fn the_signed_text_is_a_c2sp_checkpoint_body() {
        assert_eq!(
            sample().signed_text(),
            "kinlog.event-log/v1\n\
             8\n\
             CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk=\n\
             chain BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n\
             sealed 2026-11-23T19:31:08.123456Z\n"
        );
    }

    #[test]
    fn any_change_to_a_signed_checkpoint_breaks_its_signature() {
        let key = SealingKey::generate().unwrap();
        let signed = sample().sign(&key);
        signed.verify(&key.public_key()).unwrap();

        let mut moved = signed.clone();
        moved.checkpoint.position += 1;
        let mut rerooted = signed.clone();
        rerooted.checkpoint.merkle_root.0[31] ^= 1;
        let mut rechained = signed.clone();
        rechained.checkpoint.chain_head.0[0] ^= 0x80;
        let mut redated = signed.clone();
        redated.checkpoint.sealed_at += chrono::Duration::microseconds(1);
        for altered in [moved, rerooted, rechained, redated] {
            assert_eq!(
                altered.verify(&key.public_key()),
                Err(CheckpointFault::BadSignature)
            );
        }
    }

    #[test]
    fn a_checkpoint_signed_by_another_key_is_untrusted() {
        let trusted = SealingKey::generate().unwrap();
        let forger = SealingKey::generate().unwrap();
        let forged = sample().sign(&forger);
        assert_eq!(
            forged.verify(&trusted.public_key()),
            Err(CheckpointFault::UntrustedKey {
                found: forger.public_key()
            })
        );
        // Claiming the trusted key does not help without its signature.
        let mut claimed = forged;
        claimed.public_key = trusted.public_key();
        assert_eq!(
            claimed.verify(&trusted.public_key()),
            Err(CheckpointFault::BadSignature)
        );
    }

    #[test]
    fn the_signed_note_carries_the_key_hash_and_signature() {
        let key = SealingKey::generate().unwrap();
        let signed = sample().sign(&key);
        let note = signed.to_note();
        let (body, signature_line) = note.split_once("\n\n").unwrap();
        assert_eq!(format!("{body}\n"), signed.checkpoint.signed_text());
        let stamp = signature_line
            .strip_prefix("\u{2014} kinlog.event-log/v1 ")
            .and_then(|rest| rest.strip_suffix('\n'))
            .unwrap();
        let stamp = BASE64.decode(stamp).unwrap();
        assert_eq!(
            stamp[..4],
            key.public_key().note_key_hash(CHECKPOINT_ORIGIN)
        );
        assert_eq!(stamp[4..], signed.signature.0);
        let verifier = key.public_key().note_verifier_key(CHECKPOINT_ORIGIN);
        assert!(verifier.starts_with(&format!(
            "kinlog.event-log/v1+{}+",
            hex::encode(&stamp[..4])
        )));
    }

    #[test]
    fn signed_checkpoints_round_trip_through_json() {
        let key = SealingKey::generate().unwrap();
        let signed = sample().sign(&key);
        let json = serde_json::to_string(&signed).unwrap();
        let back: SignedCheckpoint = serde_json::from_str(&json).unwrap();
        assert_eq!(back, signed);
        back.verify(&key.public_key()).unwrap();
    }
}
