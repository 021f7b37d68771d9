//! The accounting of disclosures, by person.
use kinlog_domain::access::{AccessEvent, DISCLOSURE_CATEGORY};
use kinlog_domain::Narrative;
use kinlog_store::RecordedEvent;
use tokio_postgres::types::Type;
use tokio_postgres::Transaction;

use crate::{decode, Error};

/// The `disclosures` projector: table `disclosure`.
#[derive(Debug, Clone, Copy, Default)]
pub struct DisclosuresView;

read_model!(
    DisclosuresView,
    "disclosures",
    1,
    DISCLOSURE_CATEGORY,
    apply
);

async fn apply(tx: &Transaction<'_>, event: &RecordedEvent) -> Result<(), Error> {
    let (AccessEvent::DisclosureRecorded(d), _) = decode::<AccessEvent>(event)? else {
        return Ok(());
    };
    let released: Vec<&str> = d.released.iter().map(Narrative::as_str).collect();
    tx.execute_typed(
        "INSERT INTO disclosure (position, person_id, case_id, disclosed_on, recipient_name, \
         recipient_address, purpose, legal_basis, request, released, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        &[
            (&(event.position as i64), Type::INT8),
            (&d.person.0, Type::UUID),
            (&d.case.map(|c| c.0), Type::UUID),
            (&d.disclosed_on.naive(), Type::DATE),
            (&d.recipient.name.as_str(), Type::TEXT),
            (
                &d.recipient.address.as_ref().map(Narrative::as_str),
                Type::TEXT,
            ),
            (&d.purpose.as_str(), Type::TEXT),
            (&d.legal_basis.as_str(), Type::TEXT),
            (&d.request.as_str(), Type::TEXT),
            (&released, Type::TEXT_ARRAY),
            (&d.recorded_by.0, Type::UUID),
            (&event.recorded_at, Type::TIMESTAMPTZ),
        ],
    )
    .await
    .map_err(Error::db("recording a disclosure in the accounting"))?;
    Ok(())
}
