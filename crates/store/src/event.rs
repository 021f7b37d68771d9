use std::fmt;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::Error;

/// What the caller expects a stream's version to be before its append.
///
/// A stream's version is the number of events in it; its first event has version 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectedVersion {
    /// Append whatever the stream's version is.
    Any,
    /// The stream must not exist yet.
    NoStream,
    /// The stream must be at exactly this version.
    Exact(u64),
}

impl fmt::Display for ExpectedVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExpectedVersion::Any => f.write_str("any"),
            ExpectedVersion::NoStream => f.write_str("no stream"),
            ExpectedVersion::Exact(v) => write!(f, "{v}"),
        }
    }
}

/// An event to append. `event_id` is the idempotency key: re-sending the same ids returns
/// the original positions instead of storing the events twice.
#[derive(Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub event_id: Uuid,
    pub event_type: String,
    pub schema_version: u16,
    /// MessagePack, struct-map encoded so that fields are named.
    pub payload: Bytes,
    /// MessagePack envelope metadata (actor, purpose, correlation, ...), opaque to the store.
    pub metadata: Bytes,
}

impl NewEvent {
    /// Encodes `payload` and `metadata` as named-field MessagePack.
    pub fn encode<P: Serialize, M: Serialize>(
        event_id: Uuid,
        event_type: impl Into<String>,
        schema_version: u16,
        payload: &P,
        metadata: &M,
    ) -> Result<Self, Error> {
        Ok(NewEvent {
            event_id,
            event_type: event_type.into(),
            schema_version,
            payload: encode_named(payload, "payload")?,
            metadata: encode_named(metadata, "metadata")?,
        })
    }
}

// Payloads may hold personal data, so Debug shows sizes, never bytes.
impl fmt::Debug for NewEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewEvent")
            .field("event_id", &self.event_id)
            .field("event_type", &self.event_type)
            .field("schema_version", &self.schema_version)
            .field("payload_bytes", &self.payload.len())
            .field("metadata_bytes", &self.metadata.len())
            .finish()
    }
}

pub(crate) fn encode_named<T: Serialize>(value: &T, field: &'static str) -> Result<Bytes, Error> {
    rmp_serde::to_vec_named(value)
        .map(Bytes::from)
        .map_err(|e| Error::Invalid {
            field,
            reason: format!("cannot be encoded as MessagePack: {e}"),
        })
}

/// Where an append landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppendOutcome {
    /// Global position of the first event of this append.
    pub first_position: u64,
    /// Global position of the last event of this append.
    pub last_position: u64,
    /// The stream's version after this append (the version of its last event).
    pub stream_version: u64,
    /// True when every event was already stored by an earlier, identical append.
    pub already_present: bool,
}

/// An event as stored in the log.
#[derive(Clone, PartialEq, Eq)]
pub struct RecordedEvent {
    pub position: u64,
    pub event_id: Uuid,
    pub stream_id: String,
    pub stream_version: u64,
    pub event_type: String,
    pub schema_version: u16,
    pub recorded_at: DateTime<Utc>,
    pub metadata: Bytes,
    pub payload: Bytes,
    pub chain_hash: [u8; 32],
}

impl fmt::Debug for RecordedEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordedEvent")
            .field("position", &self.position)
            .field("event_id", &self.event_id)
            .field("stream_id", &self.stream_id)
            .field("stream_version", &self.stream_version)
            .field("event_type", &self.event_type)
            .field("schema_version", &self.schema_version)
            .field("recorded_at", &self.recorded_at)
            .field("payload_bytes", &self.payload.len())
            .finish()
    }
}
