//! Caseworker visits (AFCARS E151–E152), family visits (scheduled, attended, cancelled or
//! missed, with notes and skill ratings) and document metadata.
use std::collections::BTreeSet;

use super::checks::{active, ensure, existing, fresh, not_blank, not_in_future, Decision};
use super::commands::*;
use super::events::CaseEvent;
use super::facts::VisitOutcome;
use super::state::CaseRecord;
use crate::{CommandContext, DomainError, Rule};

pub(super) fn record_caseworker_visit(
    record: Option<&CaseRecord>,
    command: &RecordCaseworkerVisit,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    fresh(
        record.caseworker_visits.contains(&command.visit_id),
        "visit_id",
    )?;
    not_in_future(command.visited_on, context, "visited_on")?;
    Ok(vec![CaseEvent::CaseworkerVisitMade {
        visit_id: command.visit_id,
        child: command.child,
        caseworker: command.caseworker,
        visited_on: command.visited_on,
        location: command.location,
    }])
}

pub(super) fn schedule_family_visit(
    record: Option<&CaseRecord>,
    command: &ScheduleFamilyVisit,
) -> Decision {
    let record = active(record)?;
    fresh(
        record.family_visits.contains_key(&command.visit_id),
        "visit_id",
    )?;
    ensure(!command.visitors.is_empty(), Rule::Required, "visitors")?;
    Ok(vec![CaseEvent::FamilyVisitScheduled {
        visit_id: command.visit_id,
        child: command.child,
        visitors: command.visitors.clone(),
        supervisor: command.supervisor,
        scheduled_for: command.scheduled_for,
        scheduled_at: command.scheduled_at,
    }])
}

pub(super) fn record_family_visit_outcome(
    record: Option<&CaseRecord>,
    command: &RecordFamilyVisitOutcome,
    context: &CommandContext,
) -> Decision {
    let record = existing(record)?;
    let visit = record
        .family_visits
        .get(&command.visit_id)
        .ok_or(DomainError::new(Rule::FamilyVisitNotFound, "visit_id"))?;
    ensure(!visit.concluded, Rule::VisitAlreadyConcluded, "visit_id")?;
    not_in_future(command.occurred_on, context, "occurred_on")?;
    match &command.outcome {
        VisitOutcome::Attended {
            notes,
            skill_ratings,
            ..
        } => {
            not_blank(notes, "outcome.notes")?;
            let skills: BTreeSet<_> = skill_ratings.iter().map(|rating| rating.skill).collect();
            ensure(
                skills.len() == skill_ratings.len(),
                Rule::DuplicateSkillRating,
                "outcome.skill_ratings",
            )?;
        }
        VisitOutcome::Cancelled { reason, .. } => not_blank(reason, "outcome.reason")?,
        VisitOutcome::Missed { .. } => {}
    }
    Ok(vec![CaseEvent::FamilyVisitConcluded {
        visit_id: command.visit_id,
        outcome: command.outcome.clone(),
        occurred_on: command.occurred_on,
    }])
}

// Documents can be filed on a case in any status, like notes.
pub(super) fn attach_document(
    record: Option<&CaseRecord>,
    command: &AttachDocument,
    context: &CommandContext,
) -> Decision {
    let record = existing(record)?;
    fresh(
        record.documents.contains(&command.document_id),
        "document_id",
    )?;
    not_in_future(command.dated_on, context, "dated_on")?;
    Ok(vec![CaseEvent::DocumentAttached {
        document_id: command.document_id,
        kind: command.kind,
        sha256: command.sha256,
        storage_key: command.storage_key.clone(),
        dated_on: command.dated_on,
    }])
}
