//! Case status, case plan, reviews, court information and services (Ohio rule
//! paragraphs H(4)–H(6); AFCARS E63–E68 and E147–E150).
use super::checks::{active, ensure, existing, fresh, not_blank, not_empty, not_in_future};
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

pub(super) fn set_case_plan_goal(
    record: Option<&CaseRecord>,
    command: &SetCasePlanGoal,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    fresh(record.goals.contains(&command.goal_id), "goal_id")?;
    not_empty(&command.persons, "persons")?;
    not_blank(&command.description, "description")?;
    within_case(record, command.set_on, context, "set_on")?;
    // The target date is a plan, so it may lie in the future.
    ensure(
        command.target_on >= command.set_on,
        Rule::EndBeforeStart,
        "target_on",
    )?;
    Ok(vec![CaseEvent::CasePlanGoalSet {
        goal_id: command.goal_id,
        persons: command.persons.clone(),
        description: command.description.clone(),
        set_on: command.set_on,
        target_on: command.target_on,
    }])
}

pub(super) fn record_permanency_plan(
    record: Option<&CaseRecord>,
    command: &RecordPermanencyPlan,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    within_case(record, command.established_on, context, "established_on")?;
    // AFCARS reports plans, reviews and hearings per removal episode (E147–E150).
    ensure(
        record.in_care_on(command.child, command.established_on),
        Rule::ChildNotInCare,
        "established_on",
    )?;
    Ok(vec![CaseEvent::PermanencyPlanRecorded {
        child: command.child,
        plan: command.plan,
        established_on: command.established_on,
    }])
}

pub(super) fn record_periodic_review(
    record: Option<&CaseRecord>,
    command: &RecordPeriodicReview,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    within_case(record, command.held_on, context, "held_on")?;
    // AFCARS reports plans, reviews and hearings per removal episode (E147–E150).
    ensure(
        record.in_care_on(command.child, command.held_on),
        Rule::ChildNotInCare,
        "held_on",
    )?;
    Ok(vec![CaseEvent::PeriodicReviewHeld {
        child: command.child,
        held_on: command.held_on,
    }])
}

pub(super) fn record_permanency_hearing(
    record: Option<&CaseRecord>,
    command: &RecordPermanencyHearing,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    within_case(record, command.held_on, context, "held_on")?;
    // AFCARS reports plans, reviews and hearings per removal episode (E147–E150).
    ensure(
        record.in_care_on(command.child, command.held_on),
        Rule::ChildNotInCare,
        "held_on",
    )?;
    Ok(vec![CaseEvent::PermanencyHearingHeld {
        child: command.child,
        held_on: command.held_on,
    }])
}

pub(super) fn file_juvenile_court_petition(
    record: Option<&CaseRecord>,
    command: &FileJuvenileCourtPetition,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    within_case(record, command.filed_on, context, "filed_on")?;
    Ok(vec![CaseEvent::JuvenileCourtPetitionFiled {
        child: command.child,
        filed_on: command.filed_on,
    }])
}

pub(super) fn appoint_child_representative(
    record: Option<&CaseRecord>,
    command: &AppointChildRepresentative,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    within_case(record, command.appointed_on, context, "appointed_on")?;
    Ok(vec![CaseEvent::ChildRepresentativeAppointed {
        child: command.child,
        representative: command.representative,
        appointed_on: command.appointed_on,
    }])
}

pub(super) fn record_custody_order(
    record: Option<&CaseRecord>,
    command: &RecordCustodyOrder,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    fresh(record.court_orders.contains(&command.order_id), "order_id")?;
    not_in_future(command.issued_on, context, "issued_on")?;
    Ok(vec![CaseEvent::CustodyOrderIssued {
        order_id: command.order_id,
        child: command.child,
        order: command.order,
        issued_on: command.issued_on,
    }])
}

pub(super) fn file_tpr_petition(
    record: Option<&CaseRecord>,
    command: &FileTprPetition,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    let rights = record.parental_rights.get(&(command.child, command.parent));
    ensure(
        rights.is_none_or(|rights| rights.petition_filed_on.is_none()),
        Rule::AlreadyRecorded,
        "parent",
    )?;
    not_in_future(command.filed_on, context, "filed_on")?;
    // A termination recorded first (a late petition entry) must not precede it.
    if let Some((_, terminated_on)) = rights.and_then(|rights| rights.terminated) {
        ensure(
            terminated_on >= command.filed_on,
            Rule::TprBeforePetition,
            "filed_on",
        )?;
    }
    Ok(vec![CaseEvent::TprPetitionFiled {
        child: command.child,
        parent: command.parent,
        filed_on: command.filed_on,
    }])
}

pub(super) fn record_termination(
    record: Option<&CaseRecord>,
    command: &RecordTermination,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    let rights = record.parental_rights.get(&(command.child, command.parent));
    ensure(
        rights.is_none_or(|rights| rights.terminated.is_none()),
        Rule::AlreadyRecorded,
        "parent",
    )?;
    not_in_future(command.terminated_on, context, "terminated_on")?;
    // A voluntary relinquishment may have no petition; when there is one, it comes first.
    if let Some(filed_on) = rights.and_then(|rights| rights.petition_filed_on) {
        ensure(
            command.terminated_on >= filed_on,
            Rule::TprBeforePetition,
            "terminated_on",
        )?;
    }
    Ok(vec![CaseEvent::ParentalRightsTerminated {
        child: command.child,
        parent: command.parent,
        kind: command.kind,
        terminated_on: command.terminated_on,
    }])
}

pub(super) fn refer_to_service(
    record: Option<&CaseRecord>,
    command: &ReferToService,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    fresh(
        record.service_referrals.contains(&command.referral_id),
        "referral_id",
    )?;
    not_empty(&command.persons, "persons")?;
    within_case(record, command.referred_on, context, "referred_on")?;
    Ok(vec![CaseEvent::ServiceReferred {
        referral_id: command.referral_id,
        persons: command.persons.clone(),
        service: command.service,
        provider: command.provider,
        method: command.method,
        referred_on: command.referred_on,
    }])
}

// Provider reports keep arriving after a case closes, so any existing case takes them.
pub(super) fn record_provider_report(
    record: Option<&CaseRecord>,
    command: &RecordProviderReport,
    context: &CommandContext,
) -> Decision {
    let record = existing(record)?;
    fresh(
        record.provider_reports.contains(&command.report_id),
        "report_id",
    )?;
    if let Some(referral_id) = command.referral_id {
        ensure(
            record.service_referrals.contains(&referral_id),
            Rule::ServiceReferralNotFound,
            "referral_id",
        )?;
    }
    not_blank(&command.summary, "summary")?;
    not_in_future(command.received_on, context, "received_on")?;
    let last_service = command
        .services_received_on
        .last()
        .ok_or(DomainError::new(Rule::Required, "services_received_on"))?;
    ensure(
        *last_service <= command.received_on,
        Rule::ServiceAfterReport,
        "services_received_on",
    )?;
    Ok(vec![CaseEvent::ProviderReportReceived {
        report_id: command.report_id,
        provider: command.provider,
        referral_id: command.referral_id,
        method: command.method,
        received_on: command.received_on,
        services_received_on: command.services_received_on.clone(),
        summary: command.summary.clone(),
    }])
}
