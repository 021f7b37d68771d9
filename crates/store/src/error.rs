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
    #[error("event {event_id} was already appended with different content ({field} differs)")]
    EventIdReused { event_id: Uuid, field: &'static str },
    #[error(
        "stream {stream}: {present} of {total} events in this append were already stored; \
         a retry must resend exactly the original append"
    )]
    PartialDuplicate {
        stream: String,
        present: usize,
        total: usize,
    },
    #[error("invalid append: {field}: {reason}")]
    InvalidAppend { field: &'static str, reason: String },
    #[error("database error while {context}")]
    Db {
        context: &'static str,
        #[source]
        source: tokio_postgres::Error,
    },
    #[error("unsafe server configuration: {0}")]
    UnsafeServer(String),
    #[error("no PostgreSQL server answered and none could be started: {0}")]
    NoDatabase(String),
    #[error("the append writer has stopped")]
    WriterStopped,
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
    #[error("the operating system's random number generator failed")]
    Randomness(#[source] getrandom::Error),
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
    pub(crate) fn db(context: &'static str) -> impl FnOnce(tokio_postgres::Error) -> Error {
        move |source| Error::Db { context, source }
    }

    /// The SQLSTATE of the underlying database error, if there is one.
    pub fn sqlstate(&self) -> Option<&tokio_postgres::error::SqlState> {
        match self {
            Error::Db { source, .. } => source.code(),
            _ => None,
        }
    }
}
