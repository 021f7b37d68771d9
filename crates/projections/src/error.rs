/// Everything projections can fail with.
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
}
