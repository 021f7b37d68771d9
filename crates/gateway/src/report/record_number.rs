//! Federal record numbers: AFCARS E4 "encrypted" and stable across periods (1355.44(a)(4)),
//! reused as the NYTD record number (1356.83(g)(3)) and NCANDS AFCARSID. A keyed hash
//! (HMAC-SHA256) of the person's id under a key only the state holds: stable as long as
//! the key is, not reversible without it, and never the internal id.
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use hmac::{KeyInit, Mac};
use uuid::Uuid;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Characters of a record number: 12, the width of the NCANDS child id.
const RECORD_NUMBER_LEN: usize = 12;

/// Why the record-number key cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RecordNumberKeyError {
    #[error("{action} the record-number key {path:?}: {source}")]
    File {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
    #[error("the record-number key {path:?}: {reason}")]
    Format { path: PathBuf, reason: &'static str },
    #[error("drawing a record-number key: {0}")]
    Randomness(getrandom::Error),
}

/// The key behind every federal record number of this state.
#[derive(Clone)]
pub struct RecordNumberKey([u8; 32]);

impl std::fmt::Debug for RecordNumberKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecordNumberKey(..)")
    }
}

impl RecordNumberKey {
    pub fn from_bytes(key: [u8; 32]) -> RecordNumberKey {
        RecordNumberKey(key)
    }

    /// Reads the key at `path`, or makes one there (mode 0600) on first use. Losing it
    /// changes every record number, which ACF would see as new children: back it up.
    pub fn read_or_create(path: &Path) -> Result<RecordNumberKey, RecordNumberKeyError> {
        let file_error = |action| {
            move |source| RecordNumberKeyError::File {
                path: path.to_owned(),
                action,
                source,
            }
        };
        if path.exists() {
            let mode = fs::metadata(path)
                .map_err(file_error("reading"))?
                .permissions()
                .mode();
            if mode & 0o077 != 0 {
                return Err(RecordNumberKeyError::Format {
                    path: path.to_owned(),
                    reason: "group or others may read it; chmod 600",
                });
            }
            let text = fs::read_to_string(path).map_err(file_error("reading"))?;
            let bytes = hex::decode(text.trim())
                .ok()
                .and_then(|b| <[u8; 32]>::try_from(b).ok());
            return bytes
                .map(RecordNumberKey)
                .ok_or(RecordNumberKeyError::Format {
                    path: path.to_owned(),
                    reason: "not 64 hex digits",
                });
        }
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(RecordNumberKeyError::Randomness)?;
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(file_error("creating the directory of"))?;
        }
        let mut file = match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
        {
            Ok(file) => file,
            // Another process made it first: theirs is the key.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Self::read_or_create(path);
            }
            Err(e) => return Err(file_error("creating")(e)),
        };
        file.write_all(format!("{}\n", hex::encode(key)).as_bytes())
            .map_err(file_error("writing"))?;
        file.sync_all().map_err(file_error("syncing"))?;
        Ok(RecordNumberKey(key))
    }

    /// The record number of a person: 12 upper-case hex digits.
    pub fn number(&self, person: Uuid) -> String {
        let mut mac = HmacSha256::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(b"kinlog federal record number v1\0");
        mac.update(person.as_bytes());
        let digest = mac.finalize().into_bytes();
        hex::encode_upper(digest)[..RECORD_NUMBER_LEN].to_owned()
    }
}
