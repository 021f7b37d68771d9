//! Relationships in force between persons, indexed by either side.
use kinlog_domain::person::PersonEvent;
use kinlog_domain::PersonId;
use kinlog_store::RecordedEvent;

use super::fields::{stream_uuid, variant_name};
use crate::runtime::params;
use crate::{decode, Error, Writes};

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

fn apply(event: &RecordedEvent, writes: &mut Writes) -> Result<(), Error> {
    match decode::<PersonEvent>(event)?.0 {
        PersonEvent::RelationshipRecorded { other, kind, .. } => {
            let person_id = stream_uuid(event, PersonId::CATEGORY)?;
            writes.push(
                "INSERT INTO person_relationship (person_id, other, kind, recorded_position) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (person_id, other) DO UPDATE \
                 SET kind = excluded.kind, recorded_position = excluded.recorded_position",
                params![
                    person_id,
                    other.0,
                    variant_name(&kind, event, "kind")?,
                    event.position as i64,
                ],
                "recording a relationship",
            );
        }
        PersonEvent::RelationshipEnded { other, .. } => {
            let person_id = stream_uuid(event, PersonId::CATEGORY)?;
            writes.push(
                "DELETE FROM person_relationship WHERE person_id = $1 AND other = $2",
                params![person_id, other.0],
                "ending a relationship",
            );
        }
        _ => {}
    }
    Ok(())
}
