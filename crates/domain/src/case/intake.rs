//! Intake and assessment: the referral, screening, the response, allegations,
//! dispositions and assessment tools (Ohio rule paragraph H(2); NCANDS report fields).
use super::checks::{active, ensure, existing, fresh, not_blank, not_empty, not_in_future};
use super::checks::{within_case, Decision};
use super::commands::*;
use super::events::CaseEvent;
use super::state::{CaseRecord, CaseStatus};
use crate::{CommandContext, DomainError, Rule};

pub(super) fn receive_referral(
    record: Option<&CaseRecord>,
    command: &ReceiveReferral,
    context: &CommandContext,
) -> Decision {
    ensure(record.is_none(), Rule::AlreadyExists, "case_id")?;
    not_in_future(command.reported_on, context, "reported_on")?;
    not_empty(&command.children, "children")?;
    not_blank(&command.summary, "summary")?;
    Ok(vec![CaseEvent::ReferralReceived {
        case_id: command.case_id,
        reported_on: command.reported_on,
        reported_at: command.reported_at,
        source: command.source,
        county: command.county,
        agency: command.agency,
        children: command.children.clone(),
        summary: command.summary.clone(),
    }])
}

pub(super) fn screen_referral(
    record: Option<&CaseRecord>,
    command: &ScreenReferral,
    context: &CommandContext,
) -> Decision {
    let record = existing(record)?;
    ensure(
        record.status == CaseStatus::Referred,
        Rule::AlreadyScreened,
        "decision",
    )?;
    within_case(record, command.screened_on, context, "screened_on")?;
    Ok(vec![CaseEvent::ReferralScreened {
        screened_on: command.screened_on,
        decision: command.decision.clone(),
    }])
}

pub(super) fn initiate_response(
    record: Option<&CaseRecord>,
    command: &InitiateResponse,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    ensure(
        record.response_started_on.is_none(),
        Rule::AlreadyRecorded,
        "started_on",
    )?;
    within_case(record, command.started_on, context, "started_on")?;
    Ok(vec![CaseEvent::ResponseInitiated {
        started_on: command.started_on,
        started_at: command.started_at,
    }])
}

pub(super) fn record_allegation(
    record: Option<&CaseRecord>,
    command: &RecordAllegation,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    fresh(
        record.allegations.contains_key(&command.allegation_id),
        "allegation_id",
    )?;
    within_case(record, command.alleged_on, context, "alleged_on")?;
    if let Some(incident_on) = command.incident_on {
        ensure(
            incident_on <= command.alleged_on,
            Rule::IncidentAfterAllegation,
            "incident_on",
        )?;
    }
    if let Some(perpetrator) = command.perpetrator {
        ensure(
            perpetrator.person != command.victim,
            Rule::PerpetratorIsVictim,
            "perpetrator.person",
        )?;
    }
    Ok(vec![CaseEvent::AllegationRecorded {
        allegation_id: command.allegation_id,
        victim: command.victim,
        maltreatment: command.maltreatment,
        perpetrator: command.perpetrator,
        alleged_on: command.alleged_on,
        incident_on: command.incident_on,
    }])
}

pub(super) fn record_disposition(
    record: Option<&CaseRecord>,
    command: &RecordDisposition,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    let allegation = record
        .allegations
        .get(&command.allegation_id)
        .ok_or(DomainError::new(Rule::AllegationNotFound, "allegation_id"))?;
    if let Some(required) = command.disposition.required_response() {
        ensure(
            record.response == Some(required),
            Rule::DispositionDoesNotFitResponse,
            "disposition",
        )?;
    }
    ensure(
        command.disposed_on >= allegation.alleged_on,
        Rule::DispositionBeforeAllegation,
        "disposed_on",
    )?;
    not_in_future(command.disposed_on, context, "disposed_on")?;
    Ok(vec![CaseEvent::DispositionRecorded {
        allegation_id: command.allegation_id,
        disposition: command.disposition,
        disposed_on: command.disposed_on,
    }])
}

pub(super) fn record_assessment(
    record: Option<&CaseRecord>,
    command: &RecordAssessment,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    fresh(
        record.assessments.contains(&command.assessment_id),
        "assessment_id",
    )?;
    not_empty(&command.persons, "persons")?;
    within_case(record, command.completed_on, context, "completed_on")?;
    if let Some(summary) = &command.summary {
        not_blank(summary, "summary")?;
    }
    Ok(vec![CaseEvent::AssessmentRecorded {
        assessment_id: command.assessment_id,
        result: command.result,
        completed_on: command.completed_on,
        persons: command.persons.clone(),
        summary: command.summary.clone(),
    }])
}

pub(super) fn record_risk_factors(
    record: Option<&CaseRecord>,
    command: &RecordRiskFactors,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    within_case(record, command.assessed_on, context, "assessed_on")?;
    Ok(vec![CaseEvent::RiskFactorsRecorded {
        child: command.child,
        assessed_on: command.assessed_on,
        child_factors: command.child_factors.clone(),
        caregiver_factors: command.caregiver_factors.clone(),
    }])
}

pub(super) fn record_maltreatment_death(
    record: Option<&CaseRecord>,
    command: &RecordMaltreatmentDeath,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    let alleged_victim = record
        .allegations
        .values()
        .any(|allegation| allegation.victim == command.child);
    ensure(alleged_victim, Rule::NotAnAllegedVictim, "child")?;
    ensure(
        !record.maltreatment_deaths.contains(&command.child),
        Rule::AlreadyRecorded,
        "child",
    )?;
    // A death is often what brings the report, so it may precede the report date.
    not_in_future(command.died_on, context, "died_on")?;
    Ok(vec![CaseEvent::MaltreatmentDeathRecorded {
        child: command.child,
        died_on: command.died_on,
    }])
}
