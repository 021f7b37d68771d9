//! `decide` for the Case aggregate: routes a command to its handler, and runs the intern
//! review workflow (Ohio rule paragraph O) around the handlers.
//!
//! An intern's command is validated as if it were effective, then recorded only as an
//! `EntryProposed` event. Approval validates the proposed command again against the case
//! as it is then (other facts may have arrived since) and emits `EntryApproved` followed
//! by the command's fact events, in one append.
use super::checks::{ensure, Decision};
use super::commands::{ApproveEntry, CaseCommand, RejectEntry};
use super::events::CaseEvent;
use super::state::{CaseRecord, CaseState, PendingEntry};
use super::{court, custody, intake, notes, permanency, plan, services, status, visits};
use crate::{CommandContext, DomainError, Rule};

pub(super) fn decide(
    state: &CaseState,
    command: CaseCommand,
    context: &CommandContext,
) -> Decision {
    match command {
        CaseCommand::ApproveEntry(command) => approve(state, &command, context),
        CaseCommand::RejectEntry(command) => reject(state, &command, context),
        command if context.actor_is_intern => propose(state, command, context),
        command => decide_fact(state.effective(), &command, context),
    }
}

fn propose(state: &CaseState, command: CaseCommand, context: &CommandContext) -> Decision {
    decide_fact(state.effective(), &command, context)?;
    Ok(vec![CaseEvent::EntryProposed {
        entry: state.next_entry_number(),
        proposed_by: context.actor,
        command: Box::new(command),
    }])
}

fn reviewable<'a>(
    state: &'a CaseState,
    entry: super::ids::EntryNumber,
    context: &CommandContext,
) -> Result<&'a PendingEntry, DomainError> {
    ensure(!context.actor_is_intern, Rule::InternCannotApprove, "entry")?;
    let pending = state
        .pending
        .get(&entry)
        .ok_or(DomainError::new(Rule::PendingEntryNotFound, "entry"))?;
    ensure(
        pending.proposed_by != context.actor,
        Rule::ApproverIsProposer,
        "entry",
    )?;
    Ok(pending)
}

fn approve(state: &CaseState, command: &ApproveEntry, context: &CommandContext) -> Decision {
    let pending = reviewable(state, command.entry, context)?;
    let facts = decide_fact(state.effective(), &pending.command, context)?;
    let mut events = Vec::with_capacity(facts.len() + 1);
    events.push(CaseEvent::EntryApproved {
        entry: command.entry,
        proposed_by: pending.proposed_by,
        approved_by: context.actor,
    });
    events.extend(facts);
    Ok(events)
}

fn reject(state: &CaseState, command: &RejectEntry, context: &CommandContext) -> Decision {
    let pending = reviewable(state, command.entry, context)?;
    super::checks::not_blank(&command.reason, "reason")?;
    Ok(vec![CaseEvent::EntryRejected {
        entry: command.entry,
        proposed_by: pending.proposed_by,
        rejected_by: context.actor,
        reason: command.reason.clone(),
    }])
}

/// Validates one fact-recording command against the effective record.
fn decide_fact(
    record: Option<&CaseRecord>,
    command: &CaseCommand,
    context: &CommandContext,
) -> Decision {
    use CaseCommand::*;
    match command {
        ReceiveReferral(c) => intake::receive_referral(record, c, context),
        ScreenReferral(c) => intake::screen_referral(record, c, context),
        InitiateResponse(c) => intake::initiate_response(record, c, context),
        RecordAllegation(c) => intake::record_allegation(record, c, context),
        RecordDisposition(c) => intake::record_disposition(record, c, context),
        RecordAssessment(c) => intake::record_assessment(record, c, context),
        RecordRiskFactors(c) => intake::record_risk_factors(record, c, context),
        RecordMaltreatmentDeath(c) => intake::record_maltreatment_death(record, c, context),
        RecordSexTrafficking(c) => custody::record_sex_trafficking(record, c, context),
        RecordCaseNote(c) => notes::record_case_note(record, c, context),
        AmendCaseNote(c) => notes::amend_case_note(record, c, context),
        OpenCase(c) => status::open_case(record, c, context),
        AssignCaseworker(c) => status::assign_caseworker(record, c, context),
        TransferCase(c) => status::transfer_case(record, c, context),
        CloseCase(c) => status::close_case(record, c, context),
        MarkForTrainingReview(c) => status::mark_for_training_review(record, c, context),
        PurgePracticeCase(c) => status::purge_practice_case(record, c, context),
        SetCasePlanGoal(c) => plan::set_case_plan_goal(record, c, context),
        RecordPermanencyPlan(c) => plan::record_permanency_plan(record, c, context),
        RecordPeriodicReview(c) => plan::record_periodic_review(record, c, context),
        RecordPermanencyHearing(c) => plan::record_permanency_hearing(record, c, context),
        FileJuvenileCourtPetition(c) => court::file_juvenile_court_petition(record, c, context),
        AppointChildRepresentative(c) => court::appoint_child_representative(record, c, context),
        RecordCustodyOrder(c) => court::record_custody_order(record, c, context),
        FileTprPetition(c) => court::file_tpr_petition(record, c, context),
        RecordTermination(c) => court::record_termination(record, c, context),
        ReferToService(c) => services::refer_to_service(record, c, context),
        RecordProviderReport(c) => services::record_provider_report(record, c, context),
        RecordRemoval(c) => custody::record_removal(record, c, context),
        PlaceChild(c) => custody::place_child(record, c, context),
        EndPlacement(c) => custody::end_placement(record, c, context),
        RecordExit(c) => custody::record_exit(record, c, context),
        RecordRecruitmentActivity(c) => permanency::record_recruitment_activity(record, c, context),
        RecordMatchingConference(c) => permanency::record_matching_conference(record, c, context),
        RecordAdoptivePlacement(c) => permanency::record_adoptive_placement(record, c, context),
        FinalizeAdoption(c) => permanency::finalize_adoption(record, c, context),
        EstablishGuardianship(c) => permanency::establish_guardianship(record, c, context),
        SignAssistanceAgreement(c) => permanency::sign_assistance_agreement(record, c, context),
        EndAssistanceAgreement(c) => permanency::end_assistance_agreement(record, c, context),
        RecordCaseworkerVisit(c) => visits::record_caseworker_visit(record, c, context),
        ScheduleFamilyVisit(c) => visits::schedule_family_visit(record, c),
        RecordFamilyVisitOutcome(c) => visits::record_family_visit_outcome(record, c, context),
        AttachDocument(c) => visits::attach_document(record, c, context),
        // Review commands are never proposed: `decide` handles them before an intern's
        // command reaches here, and an intern cannot issue them.
        ApproveEntry(_) | RejectEntry(_) => {
            Err(DomainError::new(Rule::InternCannotApprove, "entry"))
        }
    }
}
