//! Domain events in and out of the store's envelopes: the one place that decides how a
//! domain event is stored.
//!
//! The payload is the whole event enum, MessagePack with named fields (externally tagged:
//! `{"PlacementRecorded": {...}}`); the envelope's `event_type` and `schema_version` come
//! from [`DomainEvent`], so the store can index and upcast without knowing the domain.
use chrono::{DateTime, Utc};
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
    /// When a legacy system recorded the fact, for an imported command that says so.
    /// Federal transaction dates (AFCARS E70, E154) and tardiness read it in place of the
    /// store's `recorded_at`. Absent fields are not written, so events stored before this
    /// field existed keep their bytes and hashes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_recorded_at: Option<DateTime<Utc>>,
    /// The legacy system's id of the record an imported command created or changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<ExternalId>,
}

/// A record's id in a legacy system: `system` names the id space (`FACSIS:person`), `id`
/// is the id in it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ExternalId {
    pub system: String,
    pub id: String,
}

impl ExternalId {
    /// The kinlog id of the record with this external id: a UUIDv8 from
    /// `sha256("kinlog external id v1" 0 system 0 id)`, a stored contract. Deriving it
    /// means a later line can name the record without a lookup that could lag.
    pub fn kinlog_id(&self) -> Uuid {
        use sha2::{Digest, Sha256};
        let digest = Sha256::new()
            .chain_update(b"kinlog external id v1\0")
            .chain_update(self.system.as_bytes())
            .chain_update(b"\0")
            .chain_update(self.id.as_bytes())
            .finalize();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        uuid::Builder::from_custom_bytes(bytes).into_uuid()
    }
}

impl std::fmt::Display for ExternalId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.system, self.id)
    }
}

impl EventMetadata {
    /// The system-stamped transaction time of a fact: the legacy system's recording time
    /// when the import carried one, otherwise this store's.
    pub fn transaction_at(&self, event: &RecordedEvent) -> DateTime<Utc> {
        self.source_recorded_at.unwrap_or(event.recorded_at)
    }
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
        reason: redact_values(&reason),
    };
    let domain: E = rmp_serde::from_slice(&event.payload).map_err(|e| fail(e.to_string()))?;
    Ok((domain, decode_metadata(event)?))
}

/// Reads only a stored event's metadata, for questions about any event type (who caused
/// it) that need not know its payload.
pub fn decode_metadata(event: &RecordedEvent) -> Result<EventMetadata, Error> {
    rmp_serde::from_slice(&event.metadata).map_err(|e| Error::Decode {
        position: event.position,
        event_type: event.event_type.clone(),
        reason: redact_values(&format!("metadata: {e}")),
    })
}

/// Serde quotes the offending value in its messages (`invalid type: string "Ada"`,
/// ``unknown variant `Ada` ``), and payloads hold names: errors keep the message's shape
/// and the field names, never a value.
fn redact_values(message: &str) -> String {
    const UNKNOWN_VARIANT: &str = "unknown variant `";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find(['"', '`']) {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let quote = &from[..1];
        let is_value =
            quote == "\"" || out.ends_with(&UNKNOWN_VARIANT[..UNKNOWN_VARIANT.len() - 1]);
        match from[1..].find(quote) {
            Some(end) if is_value => {
                out.push_str(quote);
                out.push_str("<redacted>");
                out.push_str(quote);
                rest = &from[end + 2..];
            }
            Some(end) => {
                out.push_str(&from[..end + 2]);
                rest = &from[end + 2..];
            }
            None => {
                // An unpaired quote: drop the rest rather than risk a value.
                out.push_str("<redacted>");
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_errors_never_carry_a_payload_value() {
        let recorded = |payload: Vec<u8>| RecordedEvent {
            position: 4,
            event_id: Uuid::nil(),
            stream_id: "person-x".into(),
            stream_version: 1,
            event_type: "PersonRegistered".into(),
            schema_version: 1,
            recorded_at: chrono::DateTime::UNIX_EPOCH,
            metadata: rmp_serde::to_vec_named(&EventMetadata::default())
                .unwrap()
                .into(),
            payload: payload.into(),
            chain_hash: [0; 32],
        };
        // A name where a code belongs.
        #[derive(Serialize)]
        struct Registered {
            person_id: Uuid,
            name: kinlog_domain::Personal<kinlog_domain::PersonName>,
            date_of_birth: Option<()>,
            sex: &'static str,
            occurred_on: chrono::NaiveDate,
        }
        let payload = std::collections::BTreeMap::from([(
            "PersonRegistered",
            Registered {
                person_id: Uuid::nil(),
                name: kinlog_domain::Personal::new(
                    Uuid::nil(),
                    kinlog_domain::PersonName {
                        given: "Ada".into(),
                        middle: None,
                        family: "Lovelace".into(),
                    },
                ),
                date_of_birth: None,
                sex: "Ada Lovelace",
                occurred_on: chrono::NaiveDate::MIN,
            },
        )]);
        let payload = rmp_serde::to_vec_named(&payload).unwrap();
        let error = decode::<PersonEvent>(&recorded(payload)).unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("Lovelace"), "{shown}");
        assert!(shown.contains("unknown variant `<redacted>`"), "{shown}");
        assert!(matches!(error, Error::Decode { position: 4, .. }));
        assert_eq!(
            redact_values(r#"invalid type: string "Ada", expected `u32` for `sex`"#),
            r#"invalid type: string "<redacted>", expected `u32` for `sex`"#
        );
        assert_eq!(redact_values(r#"bad "Ada"#), "bad <redacted>");
    }
    use kinlog_domain::grant::GrantEvent;
    use kinlog_domain::person::PersonEvent;

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

    #[test]
    fn metadata_without_a_source_time_keeps_the_bytes_it_had_before_the_field_existed() {
        #[derive(Serialize)]
        struct Before {
            actor: Option<Uuid>,
            command_id: Option<Uuid>,
            correlation_id: Option<Uuid>,
            causation_id: Option<Uuid>,
        }
        let actor = Some(Uuid::from_u128(7));
        let before = Before {
            actor,
            command_id: None,
            correlation_id: None,
            causation_id: None,
        };
        let now = EventMetadata {
            actor,
            ..EventMetadata::default()
        };
        assert_eq!(
            rmp_serde::to_vec_named(&before).unwrap(),
            rmp_serde::to_vec_named(&now).unwrap()
        );
        let legacy = chrono::DateTime::from_timestamp(1_600_000_000, 0).unwrap();
        let with_source = EventMetadata {
            source_recorded_at: Some(legacy),
            ..now
        };
        let bytes = rmp_serde::to_vec_named(&with_source).unwrap();
        let back: EventMetadata = rmp_serde::from_slice(&bytes).unwrap();
        assert_eq!(back.source_recorded_at, Some(legacy));
    }
}
