//! The master key (key-encryption key): 32 random bytes in a file that only its owner may
//! read. It wraps every subject's data key; whoever holds it and a copy of the database
//! can read every personal field that has not been shredded.
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::shred::crypto::{self, SecretKey, KEY_LEN};
use crate::Error;

/// Permission bits a key file may not have: any access for group or others.
const FORBIDDEN_MODE_BITS: u32 = 0o077;

/// The key that wraps every subject's data key. Debug never shows it.
///
/// The file format is exactly 32 raw bytes, mode 0600. Reading and writing use blocking
/// file IO: this is start-up work.
#[derive(Clone)]
pub struct MasterKey(pub(crate) SecretKey);

impl MasterKey {
    /// A new random key from the operating system's generator, not yet written anywhere.
    pub fn generate() -> Result<Self, Error> {
        Ok(MasterKey(SecretKey::generate()?))
    }

    /// Reads a key file, refusing one that is not exactly 32 bytes or that group or others
    /// may access.
    pub fn read(path: &Path) -> Result<Self, Error> {
        let failed = |reason| move |source| file_error(path, reason, Some(source));
        let mut file = File::open(path).map_err(failed("cannot be opened"))?;
        // Checked on the open handle, so the file cannot be swapped between check and read.
        let metadata = file.metadata().map_err(failed("cannot be inspected"))?;
        if !metadata.is_file() {
            return Err(file_error(path, "is not a regular file", None));
        }
        if metadata.permissions().mode() & FORBIDDEN_MODE_BITS != 0 {
            return Err(file_error(
                path,
                "may be read or written by group or others; it must be mode 0600",
                None,
            ));
        }
        let mut bytes = Vec::with_capacity(KEY_LEN + 1);
        // One byte more than a key, to tell a long file from a key-sized one.
        (&mut file)
            .take(KEY_LEN as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(failed("cannot be read"))?;
        let key: [u8; KEY_LEN] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| file_error(path, "does not hold exactly 32 bytes", None))?;
        Ok(MasterKey(SecretKey::from_bytes(key)))
    }

    /// Writes the key to a new file with mode 0600. Never replaces an existing file: a
    /// replaced master key would make every wrapped data key unreadable.
    ///
    /// The file appears complete or not at all: the key is written and flushed to a
    /// temporary file in the same directory, then hard-linked into place.
    pub fn write_new(&self, path: &Path) -> Result<(), Error> {
        match write_new_file(path, self.0.as_bytes()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(file_error(
                path,
                "already exists; it is never overwritten",
                Some(e),
            )),
            Err(e) => Err(file_error(path, "cannot be written", Some(e))),
        }
    }

    /// Reads the key at `path`, or generates one and writes it there if no file exists.
    /// When several processes race to create it, all of them end up with the one that won.
    pub fn load_or_create(path: &Path) -> Result<Self, Error> {
        match fs::symlink_metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            _ => return Self::read(path),
        }
        let key = Self::generate()?;
        match write_new_file(path, key.0.as_bytes()) {
            Ok(()) => Ok(key),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Self::read(path),
            Err(e) => Err(file_error(path, "cannot be written", Some(e))),
        }
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(<redacted>)")
    }
}

fn file_error(path: &Path, reason: &'static str, source: Option<io::Error>) -> Error {
    Error::MasterKeyFile {
        path: path.to_path_buf(),
        reason,
        source,
    }
}

fn write_new_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // A key directory of its own is private to kinlog's user.
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&dir)?;
    let suffix: [u8; 8] = crypto::random().map_err(io::Error::other)?;
    let temp = dir.join(format!(".kinlog-master-key.{}.tmp", hex::encode(suffix)));
    let written = write_synced(&temp, bytes).and_then(|()| fs::hard_link(&temp, path));
    // The temporary name goes whether or not the link succeeded.
    let removed = fs::remove_file(&temp);
    written?;
    removed?;
    File::open(&dir)?.sync_all()
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("kinlog-master-key-{}", uuid::Uuid::new_v4()));
        fs::create_dir(&dir).unwrap();
        dir
    }

    #[test]
    fn a_written_key_reads_back_from_an_owner_only_file() {
        let dir = scratch_dir();
        let path = dir.join("kek");
        let key = MasterKey::generate().unwrap();
        key.write_new(&path).unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(MasterKey::read(&path).unwrap().0, key.0);
        // No temporary file is left beside it.
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_key_made_on_first_use_gets_a_private_directory() {
        let dir = scratch_dir();
        let path = dir.join("data").join("keys").join("master.key");
        let made = MasterKey::load_or_create(&path).unwrap();
        let again = MasterKey::load_or_create(&path).unwrap();
        assert_eq!(made.0, again.0);
        let mode = fs::metadata(path.parent().unwrap())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn an_existing_key_file_is_never_overwritten() {
        let dir = scratch_dir();
        let path = dir.join("kek");
        let first = MasterKey::load_or_create(&path).unwrap();
        let second = MasterKey::generate().unwrap();
        let refused = second.write_new(&path).unwrap_err();
        assert!(refused.to_string().contains("already exists"), "{refused}");
        assert_eq!(MasterKey::load_or_create(&path).unwrap().0, first.0);
        assert_eq!(MasterKey::read(&path).unwrap().0, first.0);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_key_file_others_can_read_is_refused() {
        let dir = scratch_dir();
        let path = dir.join("kek");
        MasterKey::generate().unwrap().write_new(&path).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let refused = MasterKey::read(&path).unwrap_err();
        assert!(refused.to_string().contains("mode 0600"), "{refused}");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_key_file_of_the_wrong_length_is_refused() {
        let dir = scratch_dir();
        for len in [0, 31, 33] {
            let path = dir.join(format!("kek-{len}"));
            write_synced(&path, &vec![7u8; len]).unwrap();
            let refused = MasterKey::read(&path).unwrap_err();
            assert!(
                refused.to_string().contains("exactly 32 bytes"),
                "{len}: {refused}"
            );
        }
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn debug_hides_the_key() {
        let key = MasterKey(SecretKey::from_bytes([0x5a; KEY_LEN]));
        assert_eq!(format!("{key:?}"), "MasterKey(<redacted>)");
    }
}
