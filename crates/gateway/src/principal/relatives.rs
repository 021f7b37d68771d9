//! A staff member's relatives (paragraph T2): those they declared, those their own
//! person record names as relatives, and those whose person records name them as a
//! relative. A relationship is recorded on one person's stream, so both directions are
//! read: a child's record saying "this worker is my aunt" makes the child her relative
//! even if her own record is silent.
use std::collections::{BTreeMap, BTreeSet};

use kinlog_domain::person::{Person, PersonEvent, RelationshipKind};
use kinlog_domain::staff::StaffState;
use kinlog_domain::PersonId;
use kinlog_projections::decode;
use kinlog_store::Store;

use super::{fold, tail};
use crate::Error;

pub(crate) async fn of(
    store: &Store,
    staff: &StaffState,
    own_person: PersonId,
) -> Result<BTreeSet<PersonId>, Error> {
    // Everything the staff member declared counts, whatever the kind: the declaration
    // is their own statement of a conflict.
    let mut relatives: BTreeSet<PersonId> = staff.relatives().keys().copied().collect();
    if let Some(person) = fold::one::<Person>(store, &own_person.stream_id()).await? {
        relatives.extend(person.relatives());
    }
    relatives.extend(naming(store, own_person).await?);
    relatives.remove(&own_person);
    Ok(relatives)
}

/// The persons whose records currently name `person` as a relative: the
/// `person_relationship` index, then the relationship events after its position.
async fn naming(store: &Store, person: PersonId) -> Result<BTreeSet<PersonId>, Error> {
    let indexed = tail::indexed(
        store,
        "person_relationship",
        "SELECT person_id, kind FROM rm.person_relationship WHERE other = $1",
        &[&person.0],
    )
    .await?;
    let mut current: BTreeMap<PersonId, RelationshipKind> = BTreeMap::new();
    for row in &indexed.rows {
        let kind: &str = row.get(1);
        current.insert(PersonId(row.get(0)), relationship_kind(kind)?);
    }
    let events = tail::after(
        store,
        indexed.position,
        &["RelationshipRecorded", "RelationshipEnded"],
    )
    .await?;
    for recorded in events {
        match decode::<PersonEvent>(&recorded)?.0 {
            PersonEvent::RelationshipRecorded { other, kind, .. } if other == person => {
                current.insert(person_of(&recorded.stream_id)?, kind);
            }
            PersonEvent::RelationshipEnded { other, .. } if other == person => {
                current.remove(&person_of(&recorded.stream_id)?);
            }
            _ => {}
        }
    }
    Ok(current
        .into_iter()
        .filter(|(_, kind)| kind.is_relative())
        .map(|(named_by, _)| named_by)
        .collect())
}

fn person_of(stream: &str) -> Result<PersonId, Error> {
    PersonId::from_stream_id(stream).ok_or(Error::FactsUnavailable {
        what: "a person",
        reason: "its stream id does not hold a person id",
    })
}

/// A kind as the index stores it: its serde name.
fn relationship_kind(name: &str) -> Result<RelationshipKind, Error> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).map_err(|_| {
        Error::FactsUnavailable {
            what: "a relationship",
            reason: "the relationship index holds a kind this build does not know",
        }
    })
}
