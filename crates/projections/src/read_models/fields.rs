//! Turning event fields into column values the same way in every read model.
use kinlog_store::RecordedEvent;
use serde::Serialize;
use uuid::Uuid;

use crate::Error;

/// The aggregate id in a stream id `<category>-<uuid>`.
pub(crate) fn stream_uuid(event: &RecordedEvent, category: &str) -> Result<Uuid, Error> {
    kinlog_domain::stream_uuid(&event.stream_id, category).ok_or_else(|| Error::Field {
        position: event.position,
        field: "stream_id",
        reason: format!("is not {category}-<uuid>"),
    })
}

/// The stored name of a code or of an enum's variant (`court_ordered`,
/// `transfer_to_another_agency`): the serde name, so columns read like the events.
pub(crate) fn variant_name<T: Serialize>(
    value: &T,
    event: &RecordedEvent,
    field: &'static str,
) -> Result<String, Error> {
    match json(value, event, field)? {
        serde_json::Value::String(name) => Ok(name),
        serde_json::Value::Object(map) if map.len() == 1 => {
            Ok(map.keys().next().cloned().unwrap_or_default())
        }
        _ => Err(Error::Field {
            position: event.position,
            field,
            reason: "is not a named code".into(),
        }),
    }
}

/// A structured value (a placement setting, a location) as JSON for a `jsonb` column.
pub(crate) fn json<T: Serialize>(
    value: &T,
    event: &RecordedEvent,
    field: &'static str,
) -> Result<serde_json::Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::Field {
        position: event.position,
        field,
        reason: format!("does not convert to JSON: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kinlog_domain::case::codes::{ExitReason, ReceivingAgency};

    fn event(stream_id: &str) -> RecordedEvent {
        RecordedEvent {
            position: 9,
            event_id: Uuid::nil(),
            stream_id: stream_id.into(),
            stream_version: 1,
            event_type: "X".into(),
            schema_version: 1,
            recorded_at: chrono::DateTime::UNIX_EPOCH,
            metadata: Default::default(),
            payload: Default::default(),
            chain_hash: [0; 32],
        }
    }

    #[test]
    fn the_stream_id_gives_the_aggregate_id() {
        let id = Uuid::from_u128(0xCA5E);
        assert_eq!(
            stream_uuid(&event(&format!("case-{id}")), "case").unwrap(),
            id
        );
        for bad in [format!("person-{id}"), "case-".into(), format!("case{id}")] {
            let error = stream_uuid(&event(&bad), "case").unwrap_err();
            assert!(matches!(
                error,
                Error::Field {
                    position: 9,
                    field: "stream_id",
                    ..
                }
            ));
        }
    }

    #[test]
    fn variant_names_are_the_serde_names_with_or_without_data() {
        let e = event("case-x");
        assert_eq!(
            variant_name(&ExitReason::ReunifyWithParents, &e, "reason").unwrap(),
            "reunify_with_parents"
        );
        let transfer = ExitReason::TransferToAnotherAgency {
            receiving_agency: ReceivingAgency::JuvenileJusticeAgency,
        };
        assert_eq!(
            variant_name(&transfer, &e, "reason").unwrap(),
            "transfer_to_another_agency"
        );
        assert!(variant_name(&3u8, &e, "reason").is_err());
    }
}
