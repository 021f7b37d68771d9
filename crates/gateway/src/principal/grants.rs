//! The grants a staff member holds, each folded from its own stream, so a revocation or
//! an extension counts from the moment it is committed. Which grants are theirs comes
//! from the `grant_holder` index plus the `GrantIssued` events after its position (a
//! grant's grantee never changes, so the index only grows).
use kinlog_domain::grant::{Grant as GrantAggregate, GrantEvent, GrantProgram};
use kinlog_domain::policy::Grant;
use kinlog_domain::{GrantId, StaffId};
use kinlog_projections::decode;
use kinlog_store::Store;

use super::{fold, mapping, tail};
use crate::Error;

/// Every grant `staff` holds, expired and revoked ones included, with its program.
pub(crate) async fn held_by(
    store: &Store,
    staff: StaffId,
) -> Result<Vec<(Grant, GrantProgram)>, Error> {
    let indexed = tail::indexed(
        store,
        "grant_holder",
        "SELECT grant_id FROM rm.grant_holder WHERE grantee = $1",
        &[&staff.0],
    )
    .await?;
    let mut streams: Vec<String> = indexed
        .rows
        .iter()
        .map(|row| GrantId(row.get(0)).stream_id())
        .collect();
    for event in tail::after(store, indexed.position, &["GrantIssued"]).await? {
        if let (GrantEvent::GrantIssued { grantee, .. }, _) = decode::<GrantEvent>(&event)? {
            if grantee == staff {
                streams.push(event.stream_id);
            }
        }
    }
    let states = fold::many::<GrantAggregate>(store, &streams).await?;
    let mut grants = Vec::with_capacity(states.len());
    for (stream, state) in &states {
        let id = stream_grant_id(stream)?;
        if let (Some(grant), Some(terms)) = (mapping::grant(id, state), state.terms()) {
            grants.push((grant, terms.program));
        }
    }
    Ok(grants)
}

fn stream_grant_id(stream: &str) -> Result<GrantId, Error> {
    GrantId::from_stream_id(stream).ok_or(Error::FactsUnavailable {
        what: "a grant",
        reason: "its stream id does not hold a grant id",
    })
}
