//! Property tests for providers.
use proptest::prelude::*;

use super::decide::check_invariants;
use super::*;
use crate::financial::Cents;
use crate::personal_data::Address;
use crate::testing::{date, run_sequence, uuid};
use crate::{OrganizationId, PersonId, ProviderId, StaffId};

fn a_date() -> impl Strategy<Value = chrono::NaiveDate> {
    (2024i32..=2029, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| date(y, m, d))
}

fn a_kind() -> impl Strategy<Value = ProviderKind> {
    prop_oneof![
        Just(ProviderKind::FosterHome),
        Just(ProviderKind::ChildPlacingAgency),
        Just(ProviderKind::QualifiedResidentialTreatmentProgram),
    ]
}

fn a_command() -> impl Strategy<Value = ProviderCommand> {
    let recommendation = prop_oneof![
        Just(HomeStudyRecommendation::Approve),
        Just(HomeStudyRecommendation::Deny)
    ];
    prop_oneof![
        (a_kind(), a_date()).prop_map(|(kind, on)| ProviderCommand::RegisterProvider {
            provider_id: ProviderId(uuid(50)),
            kind,
            name: ProviderName("Provider".into()),
            address: Address {
                lines: vec!["1 Main Street".into()],
                city: "Akron".into(),
                state: "OH".into(),
                postal_code: "44308".into(),
            },
            organization_id: OrganizationId(uuid(7)),
            occurred_on: on,
        }),
        a_date().prop_map(|on| ProviderCommand::ApplyForLicense { occurred_on: on }),
        (recommendation, a_date()).prop_map(|(recommendation, on)| {
            ProviderCommand::RecordHomeStudy {
                assessor: StaffId(uuid(10)),
                recommendation,
                occurred_on: on,
            }
        }),
        (a_date(), a_date()).prop_map(|(expires_on, on)| ProviderCommand::ApproveLicense {
            license_number: LicenseNumber("L-1".into()),
            expires_on,
            occurred_on: on,
        }),
        (a_date(), a_date()).prop_map(|(expires_on, on)| ProviderCommand::RenewLicense {
            expires_on,
            occurred_on: on,
        }),
        a_date().prop_map(|on| ProviderCommand::RevokeLicense {
            reason: LicenseRevocationReason::NoncomplianceWithRules,
            occurred_on: on,
        }),
        (0u32..3, a_date()).prop_map(|(minutes, on)| ProviderCommand::RecordTraining {
            training_id: uuid(70),
            kind: TrainingKind::Continuing,
            attendee: PersonId(uuid(71)),
            minutes,
            occurred_on: on,
        }),
        (-5i64..5, a_date()).prop_map(|(amount, on)| {
            ProviderCommand::RequestTrainingReimbursement {
                training_id: uuid(70),
                amount: Cents(amount),
                occurred_on: on,
            }
        }),
        a_date().prop_map(|on| ProviderCommand::RecordQrtpDischarge {
            youth: PersonId(uuid(80)),
            occurred_on: on,
        }),
        a_date().prop_map(|on| ProviderCommand::RecordAftercareSupport {
            youth: PersonId(uuid(80)),
            support: AftercareSupport::CrisisResponse,
            occurred_on: on,
        }),
    ]
}

/// Facts the event history itself must respect: no renewal after a revocation unless a
/// new approval came between, no zero-cent reimbursement, no aftercare before the first
/// discharge.
fn history_is_lawful(log: &[ProviderEvent]) -> Result<(), String> {
    let mut revoked = false;
    let mut first_discharge = None;
    for event in log {
        match event {
            ProviderEvent::LicenseRevoked { .. } => revoked = true,
            ProviderEvent::LicenseApproved { .. } => revoked = false,
            ProviderEvent::LicenseRenewed { .. } if revoked => {
                return Err("a revoked license was renewed".into())
            }
            ProviderEvent::TrainingReimbursementRequested { amount, .. } if amount.0 <= 0 => {
                return Err("a reimbursement of zero or negative cents".into())
            }
            ProviderEvent::QrtpDischargeRecorded { occurred_on, .. } => {
                first_discharge = Some(
                    first_discharge
                        .map_or(*occurred_on, |d: chrono::NaiveDate| d.min(*occurred_on)),
                );
            }
            ProviderEvent::AftercareSupportRecorded { occurred_on, .. } => match first_discharge {
                Some(d) if d <= *occurred_on => {}
                _ => return Err("aftercare before any discharge".into()),
            },
            _ => {}
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn random_histories_keep_the_invariants(commands in prop::collection::vec(a_command(), 0..40)) {
        let log = run_sequence::<Provider>(commands, check_invariants).map_err(TestCaseError::fail)?;
        history_is_lawful(&log).map_err(TestCaseError::fail)?;
    }
}
