//! Services (Ohio rule paragraphs H(5)–H(6)): referrals, verbal, written or electronic,
//! and summaries of providers' reports with the dates services were received.
use super::checks::{active, ensure, existing, fresh, not_blank, not_empty, not_in_future};
use super::checks::{within_case, Decision};
use super::commands::*;
use super::events::CaseEvent;
use super::state::CaseRecord;
use crate::{CommandContext, DomainError, Rule};

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
