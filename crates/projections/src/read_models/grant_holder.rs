//! The grant holder index: the grants each staff member holds, so loading a user's
//! grants reads their own grant streams instead of every grant ever issued.
use kinlog_domain::grant::GrantEvent;
use kinlog_domain::GrantId;
use kinlog_store::RecordedEvent;
use tokio_postgres::types::Type;
use tokio_postgres::Transaction;

use super::fields::stream_uuid;
use crate::{decode, Error};

/// The `grant_holder` projector: table `grant_holder`.
#[derive(Debug, Clone, Copy, Default)]
pub struct GrantHolderView;

read_model!(GrantHolderView, "grant_holder", 1, GrantId::CATEGORY, apply);

async fn apply(tx: &Transaction<'_>, event: &RecordedEvent) -> Result<(), Error> {
    let (GrantEvent::GrantIssued { grantee, .. }, _) = decode::<GrantEvent>(event)? else {
        return Ok(());
    };
    let grant_id = stream_uuid(event, GrantId::CATEGORY)?;
    tx.execute_typed(
        "INSERT INTO grant_holder (grant_id, grantee, issued_position) VALUES ($1, $2, $3)",
        &[
            (&grant_id, Type::UUID),
            (&grantee.0, Type::UUID),
            (&(event.position as i64), Type::INT8),
        ],
    )
    .await
    .map_err(Error::db("indexing a grant's holder"))?;
    Ok(())
}
