/// Everything projections can fail with. Database failures keep their SQLSTATE reachable
/// through [`Error::sqlstate`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] kinlog_store::Error),
    #[error("event at position {position} ({event_type}) does not decode: {reason}")]
    Decode {
        position: u64,
        event_type: String,
        reason: String,
    },
    #[error("event {event_type} does not encode: {reason}")]
    Encode { event_type: String, reason: String },
    #[error("database error while {context}")]
    Db {
        context: &'static str,
        #[source]
        source: tokio_postgres::Error,
    },
    #[error("event at position {position}: {field}: {reason}")]
    Field {
        position: u64,
        field: &'static str,
        reason: String,
    },
    #[error("the report facts of stream {stream} do not decode: {reason}")]
    StoredFacts { stream: uuid::Uuid, reason: String },
    #[error("report input {field}: {reason}")]
    ReportInput {
        field: &'static str,
        reason: &'static str,
    },
    #[error("projector name {name:?}: {reason}")]
    InvalidName { name: String, reason: &'static str },
    #[error("no projector is named {name:?}")]
    UnknownProjector { name: String },
    #[error("projector {name} has no active build yet: run or rebuild it first")]
    NotBuilt { name: String },
    #[error(
        "projector {name} version {version} is superseded: version {active_version} is active"
    )]
    Superseded {
        name: String,
        version: u32,
        active_version: u32,
    },
}

impl Error {
    /// Wraps a database error with what we were doing, for `map_err`.
    pub(crate) fn db(context: &'static str) -> impl FnOnce(tokio_postgres::Error) -> Error {
        move |source| Error::Db { context, source }
    }

    /// The SQLSTATE of the database error underneath, if there is one.
    pub fn sqlstate(&self) -> Option<&tokio_postgres::error::SqlState> {
        match self {
            Error::Db { source, .. } => source.code(),
            Error::Store(store) => store.sqlstate(),
            _ => None,
        }
    }
}
