//! The grant holder index: the grants each staff member holds, so loading a user's
//! grants reads their own grant streams instead of every grant ever issued.
use kinlog_domain::grant::GrantEvent;
use kinlog_domain::GrantId;
use kinlog_store::RecordedEvent;

use super::fields::stream_uuid;
use crate::runtime::params;
use crate::{decode, Error, Writes};

/// The `grant_holder` projector: table `grant_holder`.
#[derive(Debug, Clone, Copy, Default)]
pub struct GrantHolderView;

read_model!(GrantHolderView, "grant_holder", 1, GrantId::CATEGORY, apply);

fn apply(event: &RecordedEvent, writes: &mut Writes) -> Result<(), Error> {
    let (GrantEvent::GrantIssued { grantee, .. }, _) = decode::<GrantEvent>(event)? else {
        return Ok(());
    };
    let grant_id = stream_uuid(event, GrantId::CATEGORY)?;
    writes.push(
        "INSERT INTO grant_holder (grant_id, grantee, issued_position) VALUES ($1, $2, $3)",
        params![grant_id, grantee.0, event.position as i64],
        "indexing a grant's holder",
    );
    Ok(())
}
