//! Case members: the persons each case names, by person.
use kinlog_domain::case::CaseEvent;
use kinlog_domain::CaseId;
use kinlog_store::RecordedEvent;
use tokio_postgres::types::Type;
use tokio_postgres::Transaction;

use super::fields::stream_uuid;
use crate::{decode, Error};

/// The `case_member` projector: table `case_member`.
#[derive(Debug, Clone, Copy, Default)]
pub struct CaseMemberView;

read_model!(CaseMemberView, "case_member", 1, CaseId::CATEGORY, apply);

async fn apply(tx: &Transaction<'_>, event: &RecordedEvent) -> Result<(), Error> {
    let (fact, _) = decode::<CaseEvent>(event)?;
    // An intern's proposal names persons too, but it is not a fact until approved.
    if !fact.is_effective_fact() {
        return Ok(());
    }
    let case_id = stream_uuid(event, CaseId::CATEGORY)?;
    if let CaseEvent::PracticeCasePurged { .. } = fact {
        tx.execute_typed(
            "DELETE FROM case_member WHERE case_id = $1",
            &[(&case_id, Type::UUID)],
        )
        .await
        .map_err(Error::db("removing a purged case's members"))?;
        return Ok(());
    }
    for person in fact.persons_named() {
        tx.execute_typed(
            "INSERT INTO case_member (person_id, case_id, first_position) VALUES ($1, $2, $3) \
             ON CONFLICT (person_id, case_id) DO NOTHING",
            &[
                (&person.0, Type::UUID),
                (&case_id, Type::UUID),
                (&(event.position as i64), Type::INT8),
            ],
        )
        .await
        .map_err(Error::db("recording a case member"))?;
    }
    Ok(())
}
