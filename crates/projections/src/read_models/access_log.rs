//! The access log by actor, case and subject: one row per `AccessRecorded` or
//! `AccessDenied`, and one per person each was about.
use kinlog_domain::access::{AccessEvent, AccessRecord, ACCESS_CATEGORY};
use kinlog_store::RecordedEvent;
use tokio_postgres::types::Type;
use tokio_postgres::Transaction;

use super::fields::variant_name;
use crate::{decode, Error};

/// The `access_log` projector: tables `access_log` and `access_log_subject`.
#[derive(Debug, Clone, Copy, Default)]
pub struct AccessLogView;

read_model!(AccessLogView, "access_log", 1, ACCESS_CATEGORY, apply);

async fn apply(tx: &Transaction<'_>, event: &RecordedEvent) -> Result<(), Error> {
    let (fact, _) = decode::<AccessEvent>(event)?;
    let (record, allowed) = match &fact {
        AccessEvent::AccessRecorded(record) => (record, true),
        AccessEvent::AccessDenied(record) => (record, false),
        // Disclosures live on their own streams and have their own read model.
        AccessEvent::DisclosureRecorded(_) => return Ok(()),
    };
    insert(tx, event, record, allowed).await
}

async fn insert(
    tx: &Transaction<'_>,
    event: &RecordedEvent,
    record: &AccessRecord,
    allowed: bool,
) -> Result<(), Error> {
    let position = event.position as i64;
    let at = record.at();
    tx.execute_typed(
        "INSERT INTO access_log (position, at, actor, organization_id, action, allowed, \
         resource_kind, resource_id, case_id, grant_used, purpose, deciding_policies, path, \
         correlation_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        &[
            (&position, Type::INT8),
            (&at, Type::TIMESTAMPTZ),
            (&record.actor().0, Type::UUID),
            (&record.organization().0, Type::UUID),
            (&variant_name(&record.action, event, "action")?, Type::TEXT),
            (&allowed, Type::BOOL),
            (
                &variant_name(&record.resource_kind(), event, "resource_kind")?,
                Type::TEXT,
            ),
            (&record.resource_id(), Type::UUID),
            (&record.case().map(|c| c.0), Type::UUID),
            (&record.grant_used().map(|g| g.0), Type::UUID),
            (
                &variant_name(&record.purpose(), event, "purpose")?,
                Type::TEXT,
            ),
            (&record.decision.deciding_policies, Type::TEXT_ARRAY),
            (&record.client.path, Type::TEXT),
            (&record.correlation_id, Type::UUID),
        ],
    )
    .await
    .map_err(Error::db("indexing an access"))?;
    for subject in record.subjects() {
        tx.execute_typed(
            "INSERT INTO access_log_subject (person_id, at, position) VALUES ($1, $2, $3)",
            &[
                (&subject.0, Type::UUID),
                (&at, Type::TIMESTAMPTZ),
                (&position, Type::INT8),
            ],
        )
        .await
        .map_err(Error::db("indexing an access by subject"))?;
    }
    Ok(())
}
