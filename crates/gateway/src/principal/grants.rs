//! The grants a staff member holds, each folded from its own stream, so a revocation or
//! an extension counts from the moment it is committed. Which grants are theirs comes
//! from `GrantIssued` events (a grant's grantee never changes).
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
    let mut streams = Vec::new();
    for event in tail::after(store, 0, &["GrantIssued"]).await? {
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
    stream
        .strip_prefix("grant-")
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| Error::FactsUnavailable {
            what: "a grant",
            reason: "its stream id does not hold a grant id",
        })
}
