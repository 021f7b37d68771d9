//! Everyone with supervisory responsibility for a staff member (paragraph T3): their
//! linked supervisors, the supervisors assigned with them on their cases, and, up the
//! chain, everyone supervising those. Each level is one query over the supervisors'
//! own streams, so an unlinking counts from the moment it is committed.
use std::collections::BTreeSet;

use kinlog_domain::staff::Staff;
use kinlog_domain::{PersonId, StaffId};
use kinlog_store::Store;

use super::fold;
use crate::Error;

/// The person ids of everyone above `first` (and `first` themselves). A supervisor whose
/// stream is missing fails the load: without their person id the forbid cannot hold.
pub(crate) async fn chain(
    store: &Store,
    staff: StaffId,
    first: BTreeSet<StaffId>,
) -> Result<BTreeSet<PersonId>, Error> {
    let mut seen = BTreeSet::from([staff]);
    let mut persons = BTreeSet::new();
    let mut level: Vec<StaffId> = first.into_iter().filter(|s| seen.insert(*s)).collect();
    while !level.is_empty() {
        let streams: Vec<String> = level.iter().map(StaffId::stream_id).collect();
        let states = fold::many::<Staff>(store, &streams).await?;
        let mut next = Vec::new();
        for stream in &streams {
            let person = states.get(stream).and_then(|state| state.own_person());
            let Some(person) = person else {
                return Err(Error::FactsUnavailable {
                    what: "a supervisor",
                    reason: "a linked supervisor has no staff record",
                });
            };
            persons.insert(person);
            let above = states[stream].supervisors();
            next.extend(above.iter().copied().filter(|s| seen.insert(*s)));
        }
        level = next;
    }
    Ok(persons)
}
