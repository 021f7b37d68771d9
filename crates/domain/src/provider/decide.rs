//! Validates provider commands into events.
use chrono::NaiveDate;

use super::codes::{Caregivers, HomeStudyRecommendation, ProviderKind};
use super::state::LicenseStatus;
use super::{ProviderCommand, ProviderEvent, ProviderState};
use crate::occurrence::{ensure_not_before, ensure_not_in_future};
use crate::personal_data::MAX_TEXT_CHARS;
use crate::{CommandContext, DomainError, Rule};

type Decision = Result<Vec<ProviderEvent>, DomainError>;

pub(crate) fn decide(
    state: &ProviderState,
    command: ProviderCommand,
    context: &CommandContext,
) -> Decision {
    ensure_not_in_future(occurred_on(&command), context, "occurred_on")?;
    match command {
        ProviderCommand::RegisterProvider {
            provider_id,
            kind,
            name,
            address,
            organization_id,
            occurred_on,
        } => {
            if state.kind.is_some() {
                return Err(DomainError::new(Rule::AlreadyExists, "provider_id"));
            }
            if name.0.trim().is_empty() {
                return Err(DomainError::new(Rule::Required, "name"));
            }
            if name.0.chars().count() > MAX_TEXT_CHARS {
                return Err(DomainError::new(Rule::TextTooLong, "name"));
            }
            address.validate()?;
            Ok(vec![ProviderEvent::ProviderRegistered {
                provider_id,
                kind,
                name,
                address,
                organization_id,
                occurred_on,
            }])
        }
        command => {
            let Some(kind) = state.kind else {
                return Err(DomainError::new(Rule::NotFound, "provider_id"));
            };
            decide_for_registered(state, kind, command)
        }
    }
}

fn decide_for_registered(
    state: &ProviderState,
    kind: ProviderKind,
    command: ProviderCommand,
) -> Decision {
    match command {
        ProviderCommand::RegisterProvider { .. } => {
            Err(DomainError::new(Rule::AlreadyExists, "provider_id"))
        }
        ProviderCommand::RecordCaregivers {
            caregivers,
            occurred_on,
        } => {
            if !kind.is_family_home() {
                return Err(DomainError::new(Rule::NotAFamilyHome, "provider_id"));
            }
            if let Caregivers::MarriedCouple { first, second }
            | Caregivers::UnmarriedCouple { first, second } = caregivers
            {
                if first == second {
                    return Err(DomainError::new(
                        Rule::DuplicateCaregiver,
                        "caregivers.second",
                    ));
                }
            }
            Ok(vec![ProviderEvent::CaregiversRecorded {
                caregivers,
                occurred_on,
            }])
        }
        ProviderCommand::ApplyForLicense { occurred_on } => {
            match state.license {
                LicenseStatus::Applied { .. } => {
                    return Err(DomainError::new(Rule::ApplicationPending, "provider_id"))
                }
                LicenseStatus::Active { .. } => {
                    return Err(DomainError::new(Rule::LicenseAlreadyActive, "provider_id"))
                }
                LicenseStatus::NotLicensed | LicenseStatus::Revoked => {}
            }
            Ok(vec![ProviderEvent::LicenseApplied { occurred_on }])
        }
        ProviderCommand::RecordHomeStudy {
            assessor,
            recommendation,
            occurred_on,
        } => {
            if !kind.is_family_home() {
                return Err(DomainError::new(Rule::NotAFamilyHome, "provider_id"));
            }
            ensure_application_pending(state)?;
            Ok(vec![ProviderEvent::HomeStudyCompleted {
                assessor,
                recommendation,
                occurred_on,
            }])
        }
        ProviderCommand::ApproveLicense {
            license_number,
            expires_on,
            occurred_on,
        } => {
            let home_study = ensure_application_pending(state)?;
            if kind.is_family_home() {
                match home_study {
                    None => return Err(DomainError::new(Rule::HomeStudyRequired, "provider_id")),
                    Some(HomeStudyRecommendation::Deny) => {
                        return Err(DomainError::new(
                            Rule::HomeStudyRecommendedDenial,
                            "provider_id",
                        ))
                    }
                    Some(HomeStudyRecommendation::Approve) => {}
                }
            }
            if license_number.0.trim().is_empty() {
                return Err(DomainError::new(Rule::Required, "license_number"));
            }
            ensure_expiry_after(expires_on, occurred_on)?;
            Ok(vec![ProviderEvent::LicenseApproved {
                license_number,
                expires_on,
                occurred_on,
            }])
        }
        ProviderCommand::DenyApplication { occurred_on } => {
            ensure_application_pending(state)?;
            Ok(vec![ProviderEvent::ApplicationDenied { occurred_on }])
        }
        ProviderCommand::RenewLicense {
            expires_on,
            occurred_on,
        } => {
            let current_expiry = match state.license {
                LicenseStatus::Active { expires_on } => expires_on,
                LicenseStatus::Revoked => {
                    return Err(DomainError::new(Rule::LicenseRevoked, "provider_id"))
                }
                LicenseStatus::NotLicensed | LicenseStatus::Applied { .. } => {
                    return Err(DomainError::new(Rule::NoActiveLicense, "provider_id"))
                }
            };
            // A license that lapsed is not renewed: the provider applies again.
            if occurred_on > current_expiry {
                return Err(DomainError::new(Rule::LicenseLapsed, "occurred_on"));
            }
            if expires_on <= current_expiry {
                return Err(DomainError::new(Rule::RenewalNotLater, "expires_on"));
            }
            Ok(vec![ProviderEvent::LicenseRenewed {
                expires_on,
                occurred_on,
            }])
        }
        ProviderCommand::RevokeLicense {
            reason,
            occurred_on,
        } => match state.license {
            LicenseStatus::Active { .. } => Ok(vec![ProviderEvent::LicenseRevoked {
                reason,
                occurred_on,
            }]),
            LicenseStatus::Revoked => Err(DomainError::new(Rule::LicenseRevoked, "provider_id")),
            LicenseStatus::NotLicensed | LicenseStatus::Applied { .. } => {
                Err(DomainError::new(Rule::NoActiveLicense, "provider_id"))
            }
        },
        ProviderCommand::RecordRecruitmentPlan {
            period_start,
            period_end,
            target_homes,
            focus,
            occurred_on,
        } => {
            ensure_agency(kind)?;
            if period_end <= period_start {
                return Err(DomainError::new(Rule::PeriodEndsBeforeStart, "period_end"));
            }
            Ok(vec![ProviderEvent::RecruitmentPlanRecorded {
                period_start,
                period_end,
                target_homes,
                focus,
                occurred_on,
            }])
        }
        ProviderCommand::RecordRecruitmentEvent {
            kind: event_kind,
            attendees,
            inquiries,
            occurred_on,
        } => {
            ensure_agency(kind)?;
            Ok(vec![ProviderEvent::RecruitmentEventHeld {
                kind: event_kind,
                attendees,
                inquiries,
                occurred_on,
            }])
        }
        ProviderCommand::RecordTraining {
            training_id,
            kind: training_kind,
            attendee,
            minutes,
            occurred_on,
        } => {
            if !kind.is_family_home() {
                return Err(DomainError::new(Rule::NotAFamilyHome, "provider_id"));
            }
            if minutes == 0 {
                return Err(DomainError::new(Rule::DurationNotPositive, "minutes"));
            }
            if state.trainings.contains_key(&training_id) {
                return Err(DomainError::new(Rule::AlreadyExists, "training_id"));
            }
            Ok(vec![ProviderEvent::TrainingCompleted {
                training_id,
                kind: training_kind,
                attendee,
                minutes,
                occurred_on,
            }])
        }
        ProviderCommand::RequestTrainingReimbursement {
            training_id,
            amount,
            occurred_on,
        } => {
            match state.trainings.get(&training_id) {
                None => return Err(DomainError::new(Rule::TrainingNotFound, "training_id")),
                Some(true) => {
                    return Err(DomainError::new(
                        Rule::ReimbursementAlreadyRequested,
                        "training_id",
                    ))
                }
                Some(false) => {}
            }
            let amount = amount.ensure_positive("amount")?;
            Ok(vec![ProviderEvent::TrainingReimbursementRequested {
                training_id,
                amount,
                occurred_on,
            }])
        }
        ProviderCommand::RecordProviderVisit {
            rule,
            visitor,
            occurred_on,
        } => Ok(vec![ProviderEvent::ProviderVisited {
            rule,
            visitor,
            occurred_on,
        }]),
        ProviderCommand::RecordDischargePlanning {
            youth,
            activity,
            occurred_on,
        } => {
            ensure_qrtp(kind)?;
            Ok(vec![ProviderEvent::DischargePlanningRecorded {
                youth,
                activity,
                occurred_on,
            }])
        }
        ProviderCommand::RecordQrtpDischarge { youth, occurred_on } => {
            ensure_qrtp(kind)?;
            let already = state
                .discharges
                .get(&youth)
                .is_some_and(|dates| dates.contains(&occurred_on));
            if already {
                return Err(DomainError::new(Rule::AlreadyExists, "occurred_on"));
            }
            Ok(vec![ProviderEvent::QrtpDischargeRecorded {
                youth,
                occurred_on,
            }])
        }
        ProviderCommand::RecordAftercareSupport {
            youth,
            support,
            occurred_on,
        } => {
            ensure_qrtp(kind)?;
            let Some(first_discharge) = state.discharges.get(&youth).and_then(|d| d.first()) else {
                return Err(DomainError::new(Rule::YouthNotDischarged, "youth"));
            };
            ensure_not_before(
                occurred_on,
                *first_discharge,
                Rule::AftercareBeforeDischarge,
                "occurred_on",
            )?;
            Ok(vec![ProviderEvent::AftercareSupportRecorded {
                youth,
                support,
                occurred_on,
            }])
        }
    }
}

/// The pending application's home-study conclusion, if there is a pending application.
fn ensure_application_pending(
    state: &ProviderState,
) -> Result<Option<HomeStudyRecommendation>, DomainError> {
    match state.license {
        LicenseStatus::Applied { home_study } => Ok(home_study),
        LicenseStatus::NotLicensed | LicenseStatus::Active { .. } | LicenseStatus::Revoked => {
            Err(DomainError::new(Rule::NoPendingApplication, "provider_id"))
        }
    }
}

fn ensure_expiry_after(expires_on: NaiveDate, effective_on: NaiveDate) -> Result<(), DomainError> {
    if expires_on <= effective_on {
        return Err(DomainError::new(Rule::PeriodEndsBeforeStart, "expires_on"));
    }
    Ok(())
}

fn ensure_agency(kind: ProviderKind) -> Result<(), DomainError> {
    match kind.is_agency() {
        true => Ok(()),
        false => Err(DomainError::new(Rule::NotAnAgency, "provider_id")),
    }
}

fn ensure_qrtp(kind: ProviderKind) -> Result<(), DomainError> {
    match kind.is_qrtp() {
        true => Ok(()),
        false => Err(DomainError::new(Rule::NotAQrtp, "provider_id")),
    }
}

fn occurred_on(command: &ProviderCommand) -> NaiveDate {
    match command {
        ProviderCommand::RegisterProvider { occurred_on, .. }
        | ProviderCommand::RecordCaregivers { occurred_on, .. }
        | ProviderCommand::ApplyForLicense { occurred_on }
        | ProviderCommand::RecordHomeStudy { occurred_on, .. }
        | ProviderCommand::ApproveLicense { occurred_on, .. }
        | ProviderCommand::DenyApplication { occurred_on }
        | ProviderCommand::RenewLicense { occurred_on, .. }
        | ProviderCommand::RevokeLicense { occurred_on, .. }
        | ProviderCommand::RecordRecruitmentPlan { occurred_on, .. }
        | ProviderCommand::RecordRecruitmentEvent { occurred_on, .. }
        | ProviderCommand::RecordTraining { occurred_on, .. }
        | ProviderCommand::RequestTrainingReimbursement { occurred_on, .. }
        | ProviderCommand::RecordProviderVisit { occurred_on, .. }
        | ProviderCommand::RecordDischargePlanning { occurred_on, .. }
        | ProviderCommand::RecordQrtpDischarge { occurred_on, .. }
        | ProviderCommand::RecordAftercareSupport { occurred_on, .. } => *occurred_on,
    }
}

/// The invariants every accepted history keeps, for the property tests.
#[cfg(test)]
pub(crate) fn check_invariants(state: &ProviderState) -> Result<(), String> {
    let Some(kind) = state.kind else {
        let empty = state.license == LicenseStatus::NotLicensed
            && state.trainings.is_empty()
            && state.discharges.is_empty();
        return match empty {
            true => Ok(()),
            false => Err("facts recorded for an unregistered provider".into()),
        };
    };
    if !kind.is_qrtp() && !state.discharges.is_empty() {
        return Err("QRTP discharges on a provider that is not a QRTP".into());
    }
    if !kind.is_family_home() && !state.trainings.is_empty() {
        return Err("caregiver training on a provider that is not a family home".into());
    }
    Ok(())
}
