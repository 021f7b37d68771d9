//! The access log by actor, case and subject: one row per `AccessRecorded` or
//! `AccessDenied`, and one per person each was about.
use kinlog_domain::access::{AccessEvent, AccessRecord, ACCESS_CATEGORY};
use kinlog_store::RecordedEvent;

use super::fields::variant_name;
use crate::runtime::params;
use crate::{decode, Error, Writes};

/// The `access_log` projector: tables `access_log` and `access_log_subject`.
#[derive(Debug, Clone, Copy, Default)]
pub struct AccessLogView;

read_model!(AccessLogView, "access_log", 1, ACCESS_CATEGORY, apply);

fn apply(event: &RecordedEvent, writes: &mut Writes) -> Result<(), Error> {
    let (fact, _) = decode::<AccessEvent>(event)?;
    let (record, allowed) = match &fact {
        AccessEvent::AccessRecorded(record) => (record, true),
        AccessEvent::AccessDenied(record) => (record, false),
        // Disclosures live on their own streams and have their own read model.
        AccessEvent::DisclosureRecorded(_) => return Ok(()),
    };
    insert(writes, event, record, allowed)
}

fn insert(
    writes: &mut Writes,
    event: &RecordedEvent,
    record: &AccessRecord,
    allowed: bool,
) -> Result<(), Error> {
    let position = event.position as i64;
    let at = record.at();
    writes.push(
        "INSERT INTO access_log (position, at, actor, organization_id, action, allowed, \
         resource_kind, resource_id, case_id, grant_used, purpose, deciding_policies, path, \
         correlation_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        params![
            position,
            at,
            record.actor().0,
            record.organization().0,
            variant_name(&record.action, event, "action")?,
            allowed,
            variant_name(&record.resource_kind(), event, "resource_kind")?,
            record.resource_id(),
            record.case().map(|c| c.0),
            record.grant_used().map(|g| g.0),
            variant_name(&record.purpose(), event, "purpose")?,
            record.decision.deciding_policies.clone(),
            record.client.path.clone(),
            record.correlation_id,
        ],
        "indexing an access",
    );
    for subject in record.subjects() {
        writes.push(
            "INSERT INTO access_log_subject (person_id, at, position) VALUES ($1, $2, $3)",
            params![subject.0, at, position],
            "indexing an access by subject",
        );
    }
    Ok(())
}
