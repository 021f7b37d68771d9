//! Case members: the persons each case names, by person.
use kinlog_domain::case::CaseEvent;
use kinlog_domain::CaseId;
use kinlog_store::RecordedEvent;

use super::fields::stream_uuid;
use crate::runtime::params;
use crate::{decode, Error, Writes};

/// The `case_member` projector: table `case_member`.
#[derive(Debug, Clone, Copy, Default)]
pub struct CaseMemberView;

read_model!(CaseMemberView, "case_member", 1, CaseId::CATEGORY, apply);

fn apply(event: &RecordedEvent, writes: &mut Writes) -> Result<(), Error> {
    let (fact, _) = decode::<CaseEvent>(event)?;
    // An intern's proposal names persons too, but it is not a fact until approved.
    if !fact.is_effective_fact() {
        return Ok(());
    }
    let case_id = stream_uuid(event, CaseId::CATEGORY)?;
    if let CaseEvent::PracticeCasePurged { .. } = fact {
        writes.push(
            "DELETE FROM case_member WHERE case_id = $1",
            params![case_id],
            "removing a purged case's members",
        );
        return Ok(());
    }
    for person in fact.persons_named() {
        writes.push(
            "INSERT INTO case_member (person_id, case_id, first_position) VALUES ($1, $2, $3) \
             ON CONFLICT (person_id, case_id) DO NOTHING",
            params![person.0, case_id, event.position as i64],
            "recording a case member",
        );
    }
    Ok(())
}
