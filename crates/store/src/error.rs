use crate::event::ExpectedVersion;
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
