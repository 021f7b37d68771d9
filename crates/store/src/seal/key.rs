//! The sealer's Ed25519 key: generated from the operating system's randomness, kept in a
//! file only its owner can read, and its public half printable for witnesses.
use std::fmt;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::str::FromStr;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::Error;

/// First line of a key file, so that a stray file is never taken for a key.
const KEY_FILE_HEADER: &str = "kinlog-sealing-key-v1 ed25519";

/// C2SP signed-note signature type of Ed25519.
const NOTE_ALGORITHM_ED25519: u8 = 0x01;

/// The private key that signs checkpoints. Its `Debug` shows only the public key.
pub struct SealingKey {
    signing: SigningKey,
}

impl SealingKey {
    /// A new key from the operating system's random number generator.
    pub fn generate() -> Result<Self, Error> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|source| Error::Randomness { source })?;
        let key = SealingKey {
            signing: SigningKey::from_bytes(&seed),
        };
        seed.fill(0);
        Ok(key)
    }

    /// Writes the key to a new file that only its owner may read or write (mode 0600).
    /// Refuses to overwrite an existing file: losing a sealing key is not undoable.
    pub fn write_new(&self, path: &Path) -> Result<(), Error> {
        let key_file_error = |action| {
            move |source| Error::KeyFile {
                path: path.to_path_buf(),
                action,
                source,
            }
        };
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map_err(key_file_error("creating"))?;
        let text = format!(
            "{KEY_FILE_HEADER}\n{}\n",
            BASE64.encode(self.signing.as_bytes())
        );
        file.write_all(text.as_bytes())
            .map_err(key_file_error("writing"))?;
        file.sync_all().map_err(key_file_error("syncing"))
    }

    /// Reads a key written by [`SealingKey::write_new`]. Refuses a file that its group or
    /// others may read or write, as ssh does.
    pub fn read(path: &Path) -> Result<Self, Error> {
        let format_error = |reason| Error::KeyFormat {
            path: path.to_path_buf(),
            reason,
        };
        let metadata = fs::metadata(path).map_err(|source| Error::KeyFile {
            path: path.to_path_buf(),
            action: "inspecting",
            source,
        })?;
        if metadata.permissions().mode() & 0o077 != 0 {
            return Err(format_error(
                "group or others may access it; restrict it with chmod 600",
            ));
        }
        let text = fs::read_to_string(path).map_err(|source| Error::KeyFile {
            path: path.to_path_buf(),
            action: "reading",
            source,
        })?;
        let mut lines = text.lines();
        if lines.next() != Some(KEY_FILE_HEADER) {
            return Err(format_error("not a kinlog sealing key (wrong first line)"));
        }
        let seed = lines
            .next()
            .and_then(|line| BASE64.decode(line).ok())
            .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
            .ok_or_else(|| format_error("the key line is not 32 bytes of base64"))?;
        if lines.next().is_some() {
            return Err(format_error("unexpected text after the key line"));
        }
        Ok(SealingKey {
            signing: SigningKey::from_bytes(&seed),
        })
    }

    /// The public key that verifies this key's signatures.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.signing.verifying_key().to_bytes())
    }

    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }
}

impl fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SealingKey")
            .field("public_key", &self.public_key())
            .finish_non_exhaustive()
    }
}

/// The public half of a [`SealingKey`]: what `verify` and outside witnesses trust.
///
/// Prints as standard base64 of the 32 key bytes; parses that or 64 hex digits.
// Holds the compressed bytes, checked to be a curve point when made, rather than the
// 192-byte decompressed key, so that errors and reports naming a key stay small.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey([u8; 32]);

impl PublicKey {
    /// The 32 bytes of the key.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0
    }

    /// A key from its 32 bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, PublicKeyFormatError> {
        let bytes = <[u8; 32]>::try_from(bytes)
            .map_err(|_| PublicKeyFormatError::Length { found: bytes.len() })?;
        VerifyingKey::from_bytes(&bytes)
            .map(|_| PublicKey(bytes))
            .map_err(|_| PublicKeyFormatError::NotOnCurve)
    }

    /// Whether `signature` is this key's signature of `message`. Uses strict verification,
    /// which also refuses weak keys and malleable signatures.
    pub fn verifies(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        VerifyingKey::from_bytes(&self.0).is_ok_and(|key| {
            key.verify_strict(message, &Signature::from_bytes(signature))
                .is_ok()
        })
    }

    /// The C2SP signed-note verifier key `<name>+<key hash>+<base64(0x01 || key)>`, which
    /// lets a standard note verifier (Go's `sumdb/note`, witnesses) check our checkpoints.
    pub fn note_verifier_key(&self, name: &str) -> String {
        let mut typed = Vec::with_capacity(33);
        typed.push(NOTE_ALGORITHM_ED25519);
        typed.extend_from_slice(&self.to_bytes());
        format!(
            "{name}+{}+{}",
            hex::encode(self.note_key_hash(name)),
            BASE64.encode(typed)
        )
    }

    /// First four bytes of `sha256(name || "\n" || 0x01 || key)`, which prefix each signature
    /// in a signed note.
    pub(crate) fn note_key_hash(&self, name: &str) -> [u8; 4] {
        let digest = Sha256::new()
            .chain_update(name.as_bytes())
            .chain_update(b"\n")
            .chain_update([NOTE_ALGORITHM_ED25519])
            .chain_update(self.to_bytes())
            .finalize();
        [digest[0], digest[1], digest[2], digest[3]]
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&BASE64.encode(self.to_bytes()))
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({self})")
    }
}

impl FromStr for PublicKey {
    type Err = PublicKeyFormatError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let bytes = if text.len() == 64 {
            hex::decode(text).map_err(|_| PublicKeyFormatError::Encoding)?
        } else {
            BASE64
                .decode(text)
                .map_err(|_| PublicKeyFormatError::Encoding)?
        };
        PublicKey::from_bytes(&bytes)
    }
}

impl Serialize for PublicKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PublicKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Why text or bytes are not an Ed25519 public key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PublicKeyFormatError {
    #[error("expected 44 characters of base64 or 64 hex digits")]
    Encoding,
    #[error("expected 32 bytes, found {found}")]
    Length { found: usize },
    #[error("the bytes are not a point on the Ed25519 curve")]
    NotOnCurve,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch_path(label: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("kinlog-{label}-{}", uuid::Uuid::new_v4()))
    }

    #[test]
    fn a_written_key_reads_back_and_only_its_owner_can_read_it() {
        let path = scratch_path("key");
        let key = SealingKey::generate().unwrap();
        key.write_new(&path).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);

        let read = SealingKey::read(&path).unwrap();
        assert_eq!(read.public_key(), key.public_key());
        assert_eq!(read.sign(b"checkpoint"), key.sign(b"checkpoint"));

        let again = key.write_new(&path);
        assert!(matches!(
            again,
            Err(Error::KeyFile {
                action: "creating",
                ..
            })
        ));
        fs::remove_file(&path).unwrap();
    }

    #[test]
    fn generated_keys_differ() {
        let a = SealingKey::generate().unwrap();
        let b = SealingKey::generate().unwrap();
        assert_ne!(a.public_key(), b.public_key());
    }

    #[test]
    fn a_key_file_others_can_read_is_refused() {
        let path = scratch_path("open-key");
        SealingKey::generate().unwrap().write_new(&path).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let refused = SealingKey::read(&path);
        fs::remove_file(&path).unwrap();
        assert!(
            matches!(refused, Err(Error::KeyFormat { reason, .. }) if reason.contains("chmod 600"))
        );
    }

    #[test]
    fn a_file_that_is_not_a_key_is_refused() {
        let path = scratch_path("not-key");
        let mut options = OpenOptions::new();
        options.write(true).create_new(true).mode(0o600);
        let mut file = options.open(&path).unwrap();
        file.write_all(format!("{KEY_FILE_HEADER}\nAAAA\n").as_bytes())
            .unwrap();
        let refused = SealingKey::read(&path);
        fs::remove_file(&path).unwrap();
        assert!(
            matches!(refused, Err(Error::KeyFormat { reason, .. }) if reason.contains("32 bytes"))
        );
    }

    #[test]
    fn public_keys_print_and_parse_as_base64_or_hex() {
        let key = SealingKey::generate().unwrap().public_key();
        let printed = key.to_string();
        assert_eq!(printed.len(), 44);
        assert_eq!(printed.parse::<PublicKey>().unwrap(), key);
        assert_eq!(
            hex::encode(key.to_bytes()).parse::<PublicKey>().unwrap(),
            key
        );
        assert_eq!(
            "AAAA".parse::<PublicKey>(),
            Err(PublicKeyFormatError::Length { found: 3 })
        );
        assert_eq!(
            "not base64!".parse::<PublicKey>(),
            Err(PublicKeyFormatError::Encoding)
        );
    }

    #[test]
    fn debug_never_shows_the_private_key() {
        let key = SealingKey::generate().unwrap();
        let shown = format!("{key:?}");
        assert!(shown.contains(&key.public_key().to_string()));
        assert!(!shown.contains(&BASE64.encode(key.signing.as_bytes())));
        assert!(!shown.contains(&hex::encode(key.signing.as_bytes())));
    }

    #[test]
    fn signatures_verify_only_for_their_message_and_key() {
        let key = SealingKey::generate().unwrap();
        let other = SealingKey::generate().unwrap();
        let signature = key.sign(b"size 8");
        assert!(key.public_key().verifies(b"size 8", &signature));
        assert!(!key.public_key().verifies(b"size 9", &signature));
        assert!(!other.public_key().verifies(b"size 8", &signature));
    }
}
