//! Adoption and guardianship (Ohio rule paragraph H(8); AFCARS assistance file A15–A18).
use super::checks::{active, ensure, existing, fresh, not_in_future, Decision};
use super::commands::*;
use super::events::CaseEvent;
use super::state::CaseRecord;
use crate::{CommandContext, DomainError, Rule};

pub(super) fn record_recruitment_activity(
    record: Option<&CaseRecord>,
    command: &RecordRecruitmentActivity,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    fresh(
        record.recruitment_activities.contains(&command.activity_id),
        "activity_id",
    )?;
    not_in_future(command.occurred_on, context, "occurred_on")?;
    Ok(vec![CaseEvent::RecruitmentActivityRecorded {
        activity_id: command.activity_id,
        child: command.child,
        activity: command.activity,
        occurred_on: command.occurred_on,
    }])
}

pub(super) fn record_matching_conference(
    record: Option<&CaseRecord>,
    command: &RecordMatchingConference,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    fresh(
        record.matching_conferences.contains(&command.conference_id),
        "conference_id",
    )?;
    ensure(
        !command.families_considered.is_empty(),
        Rule::Required,
        "families_considered",
    )?;
    if let Some(selected) = command.selected {
        ensure(
            command.families_considered.contains(&selected),
            Rule::SelectedFamilyNotConsidered,
            "selected",
        )?;
    }
    not_in_future(command.held_on, context, "held_on")?;
    Ok(vec![CaseEvent::MatchingConferenceHeld {
        conference_id: command.conference_id,
        child: command.child,
        held_on: command.held_on,
        families_considered: command.families_considered.clone(),
        selected: command.selected,
    }])
}

pub(super) fn record_adoptive_placement(
    record: Option<&CaseRecord>,
    command: &RecordAdoptivePlacement,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    let placed = record
        .adoptions
        .get(&command.child)
        .is_some_and(|adoption| adoption.placement.is_some());
    ensure(!placed, Rule::AlreadyRecorded, "child")?;
    not_in_future(command.placed_on, context, "placed_on")?;
    Ok(vec![CaseEvent::AdoptivePlacementMade {
        child: command.child,
        family: command.family,
        placed_on: command.placed_on,
    }])
}

pub(super) fn finalize_adoption(
    record: Option<&CaseRecord>,
    command: &FinalizeAdoption,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    let adoption = record.adoptions.get(&command.child);
    let (_, placed_on) = adoption
        .and_then(|adoption| adoption.placement)
        .ok_or(DomainError::new(Rule::NoAdoptivePlacement, "child"))?;
    ensure(
        adoption.is_some_and(|adoption| adoption.finalized_on.is_none()),
        Rule::AlreadyRecorded,
        "child",
    )?;
    ensure(
        command.finalized_on >= placed_on,
        Rule::FinalizationBeforePlacement,
        "finalized_on",
    )?;
    not_in_future(command.finalized_on, context, "finalized_on")?;
    Ok(vec![CaseEvent::AdoptionFinalized {
        child: command.child,
        finalized_on: command.finalized_on,
    }])
}

pub(super) fn establish_guardianship(
    record: Option<&CaseRecord>,
    command: &EstablishGuardianship,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    ensure(
        !record.guardianships.contains_key(&command.child),
        Rule::AlreadyRecorded,
        "child",
    )?;
    ensure(!command.guardians.is_empty(), Rule::Required, "guardians")?;
    ensure(
        command.guardians.len() <= 2,
        Rule::TooManyGuardians,
        "guardians",
    )?;
    not_in_future(command.established_on, context, "established_on")?;
    Ok(vec![CaseEvent::GuardianshipEstablished {
        child: command.child,
        guardians: command.guardians.clone(),
        established_on: command.established_on,
    }])
}

pub(super) fn sign_assistance_agreement(
    record: Option<&CaseRecord>,
    command: &SignAssistanceAgreement,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    fresh(
        record.agreements.contains_key(&command.agreement_id),
        "agreement_id",
    )?;
    not_in_future(command.signed_on, context, "signed_on")?;
    // Zero is a real value (AFCARS A16 reports 0 when no subsidy is paid); negative is not.
    ensure(
        command.monthly_amount.0 >= 0,
        Rule::AmountNegative,
        "monthly_amount",
    )?;
    // Payments may start or end in the future; the agreement only has to be in order.
    if let Some(ends_on) = command.ends_on {
        ensure(
            ends_on >= command.effective_on,
            Rule::EndBeforeStart,
            "ends_on",
        )?;
    }
    Ok(vec![CaseEvent::AssistanceAgreementSigned {
        agreement_id: command.agreement_id,
        child: command.child,
        agreement_type: command.agreement_type,
        monthly_amount: command.monthly_amount,
        signed_on: command.signed_on,
        effective_on: command.effective_on,
        ends_on: command.ends_on,
    }])
}

pub(super) fn end_assistance_agreement(
    record: Option<&CaseRecord>,
    command: &EndAssistanceAgreement,
    context: &CommandContext,
) -> Decision {
    let record = existing(record)?;
    let agreement = record
        .agreements
        .get(&command.agreement_id)
        .ok_or(DomainError::new(Rule::AgreementNotFound, "agreement_id"))?;
    ensure(
        agreement.ended_on.is_none(),
        Rule::AlreadyRecorded,
        "agreement_id",
    )?;
    ensure(
        command.ended_on >= agreement.effective_on,
        Rule::EndBeforeStart,
        "ended_on",
    )?;
    not_in_future(command.ended_on, context, "ended_on")?;
    Ok(vec![CaseEvent::AssistanceAgreementEnded {
        agreement_id: command.agreement_id,
        ended_on: command.ended_on,
        reason: command.reason,
    }])
}
