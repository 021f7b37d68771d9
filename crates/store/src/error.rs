use std::path::PathBuf;

use crate::event::ExpectedVersion;
use crate::seal::PublicKeyFormatError;
use crate::verify::{Problem, ProofRejection};
use uuid::Uuid;

/// Everything the store can fail with. Database failures keep their SQLSTATE reachable
/// through [`Error::sqlstate`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("stream {stream}: expected version {expected}, but the stream is at version {actual}")]
    WrongExpectedVersion {
        stream: String,
        expected: ExpectedVersion,
        actual: u64,
    },
    #[error("event {event_id} was already stored with different content")]
    EventIdReused { event_id: Uuid },
    #[error(
        "stream {stream}: {present} of {total} events in this append were already stored; \
         a retry must resend exactly the original append"
    )]
    PartialDuplicate {
        stream: String,
        present: usize,
        total: usize,
    },
    #[error("this store has no master key for personal data, so it cannot erase a subject")]
    NoMasterKey,
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("unexpected answer from the database: {0}")]
    Unexpected(String),
    #[error("database error while {context}")]
    Db {
        context: &'static str,
        #[source]
        source: tokio_postgres::Error,
    },
    #[error("migration {component}/{name} failed")]
    Migration {
        component: String,
        name: &'static str,
        #[source]
        source: tokio_postgres::Error,
    },
    #[error("unsafe server configuration: {0}")]
    UnsafeServer(String),
    #[error("no PostgreSQL server answered and none could be started: {0}")]
    NoDatabase(String),
    #[error("the append writer has stopped")]
    WriterStopped,
    #[error("the database is unavailable; the append may or may not have been stored, and resending it is safe")]
    Unavailable(#[source] std::sync::Arc<Error>),
    #[error("database connection pool")]
    Pool(#[from] deadpool_postgres::PoolError),
    #[error("upcasting {event_type} v{from_version} at position {position}: {reason}")]
    Upcast {
        event_type: String,
        from_version: u16,
        position: u64,
        reason: String,
    },
    #[error("invalid configuration: {name}: {reason}")]
    InvalidConfig { name: &'static str, reason: String },
    #[error("private PostgreSQL cluster in {}: {action} failed: {reason}", .data_dir.display())]
    PrivateCluster {
        action: &'static str,
        data_dir: std::path::PathBuf,
        reason: String,
    },
    #[error("master key file {}: {reason}", path.display())]
    MasterKeyFile {
        path: std::path::PathBuf,
        reason: &'static str,
        #[source]
        source: Option<std::io::Error>,
    },
    #[error("the master key is not the one this database's subject keys are wrapped with")]
    WrongMasterKey,
    #[error(
        "the data key of subject {subject} cannot be unwrapped: the master key is wrong or \
         the stored key was altered"
    )]
    SubjectKeyUnwrap { subject: Uuid },
    #[error("subject {subject} has no row in es.subject_keys, yet a sealed field names it")]
    SubjectKeyMissing { subject: Uuid },
    #[error("subject {subject} was erased (its key is shredded); no new personal data about it is sealed")]
    SubjectShredded { subject: Uuid },
    #[error("personal field at {path}: {reason}")]
    PersonalField { path: String, reason: &'static str },
    #[error(
        "personal field at {path} (subject {subject}) does not decrypt: it was altered or \
         copied from another subject's field"
    )]
    UndecryptableField { path: String, subject: Uuid },
    #[error("payload {reason}")]
    InvalidPayload { reason: &'static str },
    #[error("a personal field of {bytes} bytes is too large to encrypt")]
    FieldTooLarge { bytes: usize },
    #[error("the operating system's random number generator failed")]
    Randomness {
        #[source]
        source: getrandom::Error,
    },
    #[error(
        "this role cannot VACUUM {table}, which shredding and master key rotation need; \
         run them as the table's owner"
    )]
    VacuumNotPermitted { table: &'static str },
    #[error("the master key was rotated since this vault was opened; reopen it with the new key")]
    MasterKeyRotated,
    #[error("sealing key file {}: {action} failed", path.display())]
    KeyFile {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("sealing key file {}: {reason}", path.display())]
    KeyFormat { path: PathBuf, reason: &'static str },
    #[error("public key: {0}")]
    PublicKeyFormat(#[from] PublicKeyFormatError),
    #[error("the log is empty: there is nothing to seal")]
    EmptyLog,
    #[error("the log failed its integrity check: {0}")]
    LogTampered(Problem),
    #[error("invalid proof request: {field} {value}: {reason}")]
    ProofRequest {
        field: &'static str,
        value: u64,
        reason: &'static str,
    },
    #[error("proof rejected: {0}")]
    ProofRejected(#[from] ProofRejection),
}

impl Error {
    /// Wraps a database error with what was being done, for `map_err`.
    pub fn db(context: &'static str) -> impl FnOnce(tokio_postgres::Error) -> Error {
        move |source| Error::Db { context, source }
    }

    /// The SQLSTATE of the underlying database error, if there is one.
    pub fn sqlstate(&self) -> Option<&tokio_postgres::error::SqlState> {
        match self {
            Error::Db { source, .. } | Error::Migration { source, .. } => source.code(),
            Error::Pool(deadpool_postgres::PoolError::Backend(source)) => source.code(),
            Error::Unavailable(inner) => inner.sqlstate(),
            _ => None,
        }
    }
}
