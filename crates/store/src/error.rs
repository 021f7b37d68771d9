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
    #[error("invalid configuration: {name}: {reason}")]
    InvalidConfig { name: &'static str, reason: String },
    #[error("private PostgreSQL cluster in {}: {action} failed: {reason}", .data_dir.display())]
    PrivateCluster {
        action: &'static str,
        data_dir: std::path::PathBuf,
        reason: String,
    },
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
