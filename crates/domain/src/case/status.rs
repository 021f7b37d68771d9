//! Case status (Ohio rule paragraph H(4)): opening, assignment, transfer and closure.
use super::checks::{active, ensure, existing};
use super::checks::{within_case, Decision};
use super::commands::*;
use super::events::CaseEvent;
use super::state::{CaseRecord, CaseStatus};
use crate::{CommandContext, DomainError, Rule};

pub(super) fn open_case(
    record: Option<&CaseRecord>,
    command: &OpenCase,
    context: &CommandContext,
) -> Decision {
    let record = existing(record)?;
    match record.status {
        CaseStatus::ScreenedIn => {}
        CaseStatus::Referred => {
            return Err(DomainError::new(Rule::ReferralNotScreenedIn, "case_id"))
        }
        CaseStatus::Open => return Err(DomainError::new(Rule::CaseAlreadyOpen, "case_id")),
        CaseStatus::ScreenedOut | CaseStatus::Closed => {
            return Err(DomainError::new(Rule::CaseClosed, "case_id"))
        }
    }
    within_case(record, command.opened_on, context, "opened_on")?;
    Ok(vec![CaseEvent::CaseOpened {
        opened_on: command.opened_on,
    }])
}

pub(super) fn assign_caseworker(
    record: Option<&CaseRecord>,
    command: &AssignCaseworker,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    ensure(
        command.supervisor != Some(command.worker),
        Rule::SupervisorIsWorker,
        "supervisor",
    )?;
    within_case(record, command.assigned_on, context, "assigned_on")?;
    Ok(vec![CaseEvent::CaseworkerAssigned {
        worker: command.worker,
        supervisor: command.supervisor,
        assigned_on: command.assigned_on,
    }])
}

pub(super) fn transfer_case(
    record: Option<&CaseRecord>,
    command: &TransferCase,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    ensure(
        command.to_organization != record.agency,
        Rule::TransferToSameAgency,
        "to_organization",
    )?;
    within_case(record, command.transferred_on, context, "transferred_on")?;
    Ok(vec![CaseEvent::CaseTransferred {
        to_organization: command.to_organization,
        transferred_on: command.transferred_on,
    }])
}

pub(super) fn close_case(
    record: Option<&CaseRecord>,
    command: &CloseCase,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    let any_open = record
        .episodes
        .values()
        .any(|episode| episode.exit.is_none());
    ensure(!any_open, Rule::EpisodeStillOpen, "closed_on")?;
    within_case(record, command.closed_on, context, "closed_on")?;
    Ok(vec![CaseEvent::CaseClosed {
        closed_on: command.closed_on,
        reason: command.reason,
    }])
}

pub(super) fn mark_for_training_review(
    record: Option<&CaseRecord>,
    command: &MarkForTrainingReview,
    context: &CommandContext,
) -> Decision {
    let record = existing(record)?;
    ensure(!record.training_review, Rule::AlreadyRecorded, "case_id")?;
    within_case(record, command.marked_on, context, "marked_on")?;
    Ok(vec![CaseEvent::MarkedForTrainingReview {
        marked_on: command.marked_on,
    }])
}

pub(super) fn purge_practice_case(
    record: Option<&CaseRecord>,
    command: &PurgePracticeCase,
    context: &CommandContext,
) -> Decision {
    let record = existing(record)?;
    ensure(
        !record.training_review,
        Rule::KeptForTrainingReview,
        "case_id",
    )?;
    within_case(record, command.purged_on, context, "purged_on")?;
    Ok(vec![CaseEvent::PracticeCasePurged {
        purged_on: command.purged_on,
    }])
}
