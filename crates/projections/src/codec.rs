//! Domain events in and out of the store's envelopes: the one place that decides how a
//! domain event is stored.
//!
//! The payload is the whole event enum, MessagePack with named fields (externally tagged:
//! `{"PlacementRecorded": {...}}`); the envelope's `event_type` and `schema_version` come
//! from [`DomainEvent`], so the store can index and upcast without knowing the domain.
use kinlog_domain::DomainEvent;
use kinlog_store::{NewEvent, RecordedEvent};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Error;

/// Envelope metadata: who caused an event and why. Audit details (IP, user agent, grant,
/// purpose) belong to the access events themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventMetadata {
    /// The staff member whose command produced the event.
    pub actor: Option<Uuid>,
    /// The command (HTTP request or import line) that produced the event.
    pub command_id: Option<Uuid>,
    pub correlation_id: Option<Uuid>,
    pub causation_id: Option<Uuid>,
}

/// Wraps a domain event for appending.
pub fn encode<E: DomainEvent>(
    event_id: Uuid,
    event: &E,
    metadata: &EventMetadata,
) -> Result<NewEvent, Error> {
    NewEvent::encode(
        event_id,
        event.event_type(),
        event.schema_version(),
        event,
        metadata,
    )
    .map_err(|e| Error::Encode {
        event_type: event.event_type().to_owned(),
        reason: e.to_string(),
    })
}

/// Reads a stored event back as a domain event, with its metadata.
pub fn decode<E: DomainEvent>(event: &RecordedEvent) -> Result<(E, EventMetadata), Error> {
    let fail = |reason: String| Error::Decode {
        position: event.position,
        event_type: event.event_type.clone(),
        reason,
    };
    let domain: E = rmp_serde::from_slice(&event.payload).map_err(|e| fail(e.to_string()))?;
    let metadata: EventMetadata =
        rmp_serde::from_slice(&event.metadata).map_err(|e| fail(format!("metadata: {e}")))?;
    Ok((domain, metadata))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kinlog_domain::grant::GrantEvent;

    #[test]
    fn a_domain_event_round_trips_through_the_envelope() {
        let event = GrantEvent::GrantExtended {
            expires_at: chrono::DateTime::UNIX_EPOCH,
            occurred_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        };
        let metadata = EventMetadata {
            actor: Some(Uuid::from_u128(1)),
            ..Default::default()
        };
        let new = encode(Uuid::from_u128(7), &event, &metadata).unwrap();
        assert_eq!(new.event_type, "GrantExtended");
        assert_eq!(new.schema_version, event.schema_version());
        let recorded = RecordedEvent {
            position: 1,
            event_id: new.event_id,
            stream_id: "grant-x".into(),
            stream_version: 1,
            event_type: new.event_type.clone(),
            schema_version: new.schema_version,
            recorded_at: chrono::DateTime::UNIX_EPOCH,
            metadata: new.metadata.clone(),
            payload: new.payload.clone(),
            chain_hash: [0; 32],
        };
        let (back, read_metadata): (GrantEvent, _) = decode(&recorded).unwrap();
        assert_eq!((back, read_metadata), (event, metadata));
    }
}
