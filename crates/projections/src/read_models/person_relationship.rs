//! Relationships in force between persons, indexed by either side.
use kinlog_domain::person::PersonEvent;
use kinlog_domain::PersonId;
use kinlog_store::RecordedEvent;
use tokio_postgres::types::Type;
use tokio_postgres::Transaction;

use super::fields::{stream_uuid, variant_name};
use crate::{decode, Error};

/// The `person_relationship` projector: table `person_relationship`.
#[derive(Debug, Clone, Copy, Default)]
pub struct PersonRelationshipView;

read_model!(
    PersonRelationshipView,
    "person_relationship",
    1,
    PersonId::CATEGORY,
    apply
);

async fn apply(tx: &Transaction<'_>, event: &RecordedEvent) -> Result<(), Error> {
    match decode::<PersonEvent>(event)?.0 {
        PersonEvent::RelationshipRecorded { other, kind, .. } => {
            let person_id = stream_uuid(event, PersonId::CATEGORY)?;
            let kind = variant_name(&kind, event, "kind")?;
            tx.execute_typed(
                "INSERT INTO person_relationship (person_id, other, kind, recorded_position) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (person_id, other) DO UPDATE \
                 SET kind = excluded.kind, recorded_position = excluded.recorded_position",
                &[
                    (&person_id, Type::UUID),
                    (&other.0, Type::UUID),
                    (&kind, Type::TEXT),
                    (&(event.position as i64), Type::INT8),
                ],
            )
            .await
            .map_err(Error::db("recording a relationship"))?;
        }
        PersonEvent::RelationshipEnded { other, .. } => {
            let person_id = stream_uuid(event, PersonId::CATEGORY)?;
            tx.execute_typed(
                "DELETE FROM person_relationship WHERE person_id = $1 AND other = $2",
                &[(&person_id, Type::UUID), (&other.0, Type::UUID)],
            )
            .await
            .map_err(Error::db("ending a relationship"))?;
        }
        _ => {}
    }
    Ok(())
}
