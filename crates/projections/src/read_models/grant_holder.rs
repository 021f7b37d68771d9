//! The grant holder index: the grants each staff member holds, so loading a user's
//! grants reads their own grant streams instead of every grant ever issued.
use futures_util::future::BoxFuture;
use kinlog_domain::grant::GrantEvent;
use kinlog_domain::GrantId;
use kinlog_store::RecordedEvent;
use tokio_postgres::types::Type;
use tokio_postgres::Transaction;

use super::fields::stream_uuid;
use crate::{decode, Error, Projector};

/// The `grant_holder` projector: table `grant_holder`.
#[derive(Debug, Clone, Copy, Default)]
pub struct GrantHolderView;

impl Projector for GrantHolderView {
    fn name(&self) -> &'static str {
        "grant_holder"
    }

    fn version(&self) -> u32 {
        1
    }

    fn category(&self) -> &'static str {
        GrantId::CATEGORY
    }

    fn tables(&self) -> &'static str {
        include_str!("grant_holder.sql")
    }

    fn handle<'a>(
        &'a self,
        transaction: &'a Transaction<'_>,
        event: &'a RecordedEvent,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(apply(transaction, event))
    }
}

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
