//! Finding a converted record by its legacy id. The kinlog id derives from the legacy one
//! (`ExternalId::kinlog_id`), so the answer is exact as of the call: no index can lag.
use kinlog_domain::{CaseId, OrganizationId, PersonId, ProviderId, StaffId};
use kinlog_projections::{decode_metadata, ExternalId};
use kinlog_store::Store;
use uuid::Uuid;

use crate::Error;

/// A record found by its legacy id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Found {
    /// `person`, `case`, `provider`, `staff` or `organization`.
    pub kind: &'static str,
    pub id: Uuid,
}

/// The record that was imported with `external`, if any.
pub async fn lookup(store: &Store, external: &ExternalId) -> Result<Option<Found>, Error> {
    let id = external.kinlog_id();
    for (kind, stream) in [
        ("person", PersonId(id).stream_id()),
        ("case", CaseId(id).stream_id()),
        ("provider", ProviderId(id).stream_id()),
        ("staff", StaffId(id).stream_id()),
        ("organization", OrganizationId(id).stream_id()),
    ] {
        let first = store.read_stream(&stream, 1, 1).await?;
        if let Some(event) = first.first() {
            // The id is derived, but only a record imported under this legacy id says so.
            if decode_metadata(event)?.external_id.as_ref() == Some(external) {
                return Ok(Some(Found { kind, id }));
            }
        }
    }
    Ok(None)
}

/// Parses `SYSTEM:ID`: the id is what follows the last colon, so a system may name its
/// id space with colons (`FACSIS:person:1234`).
pub fn parse_external_id(text: &str) -> Result<ExternalId, Error> {
    match text.rsplit_once(':') {
        Some((system, id)) if !system.is_empty() && !id.is_empty() => Ok(ExternalId {
            system: system.to_owned(),
            id: id.to_owned(),
        }),
        _ => Err(Error::ImportLineField {
            field: "external_id".to_owned(),
            reason: "SYSTEM:ID, as in FACSIS:person:1234".to_owned(),
        }),
    }
}
