//! Given / when / then tests for every provider command.
use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::*;
use crate::financial::Cents;
use crate::personal_data::Address;
use crate::testing::{self, date, uuid};
use crate::{DomainError, OrganizationId, PersonId, ProviderId, Rule, StaffId};

fn check(
    given: Vec<ProviderEvent>,
    when: ProviderCommand,
    then: Result<Vec<ProviderEvent>, DomainError>,
) {
    testing::check::<Provider>(given, when, then);
}

fn rejected(rule: Rule, field: &'static str) -> Result<Vec<ProviderEvent>, DomainError> {
    Err(DomainError::new(rule, field))
}

fn address() -> Address {
    Address {
        lines: vec!["44 Maple Avenue".into()],
        city: "Dayton".into(),
        state: "OH".into(),
        postal_code: "45402".into(),
    }
}

fn registered(kind: ProviderKind) -> ProviderEvent {
    ProviderEvent::ProviderRegistered {
        provider_id: ProviderId(uuid(50)),
        kind,
        name: ProviderName("The Okafor family".into()),
        address: address(),
        organization_id: OrganizationId(uuid(7)),
        occurred_on: date(2025, 1, 2),
    }
}

fn home() -> ProviderEvent {
    registered(ProviderKind::FosterHome)
}

fn applied() -> ProviderEvent {
    ProviderEvent::LicenseApplied {
        occurred_on: date(2025, 1, 10),
    }
}

fn studied(recommendation: HomeStudyRecommendation) -> ProviderEvent {
    ProviderEvent::HomeStudyCompleted {
        assessor: StaffId(uuid(10)),
        recommendation,
        occurred_on: date(2025, 3, 1),
    }
}

fn approved() -> ProviderEvent {
    ProviderEvent::LicenseApproved {
        license_number: LicenseNumber("FH-2025-0042".into()),
        expires_on: date(2027, 3, 15),
        occurred_on: date(2025, 3, 15),
    }
}

fn licensed_home() -> Vec<ProviderEvent> {
    vec![
        home(),
        applied(),
        studied(HomeStudyRecommendation::Approve),
        approved(),
    ]
}

fn revoked() -> ProviderEvent {
    ProviderEvent::LicenseRevoked {
        reason: LicenseRevocationReason::SafetyViolation,
        occurred_on: date(2026, 1, 5),
    }
}

// --- registration ---

#[test]
fn a_provider_is_registered() {
    check(
        vec![],
        ProviderCommand::RegisterProvider {
            provider_id: ProviderId(uuid(50)),
            kind: ProviderKind::FosterHome,
            name: ProviderName("The Okafor family".into()),
            address: address(),
            organization_id: OrganizationId(uuid(7)),
            occurred_on: date(2025, 1, 2),
        },
        Ok(vec![home()]),
    );
}

#[test]
fn a_provider_needs_a_valid_address() {
    let mut bad = address();
    bad.postal_code = "4540".into();
    check(
        vec![],
        ProviderCommand::RegisterProvider {
            provider_id: ProviderId(uuid(50)),
            kind: ProviderKind::FosterHome,
            name: ProviderName("The Okafor family".into()),
            address: bad,
            organization_id: OrganizationId(uuid(7)),
            occurred_on: date(2025, 1, 2),
        },
        rejected(Rule::InvalidCode, "address.postal_code"),
    );
}

#[test]
fn a_provider_is_registered_once() {
    check(
        vec![home()],
        ProviderCommand::RegisterProvider {
            provider_id: ProviderId(uuid(50)),
            kind: ProviderKind::FosterHome,
            name: ProviderName("Again".into()),
            address: address(),
            organization_id: OrganizationId(uuid(7)),
            occurred_on: date(2025, 1, 2),
        },
        rejected(Rule::AlreadyExists, "provider_id"),
    );
}

#[test]
fn commands_need_a_registered_provider() {
    check(
        vec![],
        ProviderCommand::ApplyForLicense {
            occurred_on: date(2025, 1, 10),
        },
        rejected(Rule::NotFound, "provider_id"),
    );
}

// --- caregivers ---

#[test]
fn a_married_couple_is_recorded_as_the_homes_caregivers() {
    let couple = Caregivers::MarriedCouple {
        first: PersonId(uuid(71)),
        second: PersonId(uuid(72)),
    };
    check(
        vec![home()],
        ProviderCommand::RecordCaregivers {
            caregivers: couple,
            occurred_on: date(2025, 1, 3),
        },
        Ok(vec![ProviderEvent::CaregiversRecorded {
            caregivers: couple,
            occurred_on: date(2025, 1, 3),
        }]),
    );
    assert_eq!(couple.afcars_marital_status(), 1);
    assert_eq!(
        couple.persons(),
        (PersonId(uuid(71)), Some(PersonId(uuid(72))))
    );
}

#[test]
fn a_couple_is_two_different_persons() {
    check(
        vec![home()],
        ProviderCommand::RecordCaregivers {
            caregivers: Caregivers::UnmarriedCouple {
                first: PersonId(uuid(71)),
                second: PersonId(uuid(71)),
            },
            occurred_on: date(2025, 1, 3),
        },
        rejected(Rule::DuplicateCaregiver, "caregivers.second"),
    );
}

#[test]
fn a_facility_has_no_caregivers_of_its_own() {
    check(
        vec![registered(ProviderKind::GroupHome)],
        ProviderCommand::RecordCaregivers {
            caregivers: Caregivers::Single {
                caregiver: PersonId(uuid(71)),
            },
            occurred_on: date(2025, 1, 3),
        },
        rejected(Rule::NotAFamilyHome, "provider_id"),
    );
}

// --- licensing ---

#[test]
fn a_license_application_is_recorded() {
    check(
        vec![home()],
        ProviderCommand::ApplyForLicense {
            occurred_on: date(2025, 1, 10),
        },
        Ok(vec![applied()]),
    );
}

#[test]
fn a_second_pending_application_is_rejected() {
    check(
        vec![home(), applied()],
        ProviderCommand::ApplyForLicense {
            occurred_on: date(2025, 1, 11),
        },
        rejected(Rule::ApplicationPending, "provider_id"),
    );
}

#[test]
fn a_licensed_provider_does_not_apply_again() {
    check(
        licensed_home(),
        ProviderCommand::ApplyForLicense {
            occurred_on: date(2025, 6, 1),
        },
        rejected(Rule::LicenseAlreadyActive, "provider_id"),
    );
}

#[test]
fn a_home_study_is_recorded_for_a_pending_application() {
    check(
        vec![home(), applied()],
        ProviderCommand::RecordHomeStudy {
            assessor: StaffId(uuid(10)),
            recommendation: HomeStudyRecommendation::Approve,
            occurred_on: date(2025, 3, 1),
        },
        Ok(vec![studied(HomeStudyRecommendation::Approve)]),
    );
}

#[test]
fn a_home_study_needs_a_pending_application() {
    check(
        vec![home()],
        ProviderCommand::RecordHomeStudy {
            assessor: StaffId(uuid(10)),
            recommendation: HomeStudyRecommendation::Approve,
            occurred_on: date(2025, 3, 1),
        },
        rejected(Rule::NoPendingApplication, "provider_id"),
    );
}

#[test]
fn facilities_have_no_home_study() {
    check(
        vec![registered(ProviderKind::GroupHome), applied()],
        ProviderCommand::RecordHomeStudy {
            assessor: StaffId(uuid(10)),
            recommendation: HomeStudyRecommendation::Approve,
            occurred_on: date(2025, 3, 1),
        },
        rejected(Rule::NotAFamilyHome, "provider_id"),
    );
}

#[test]
fn a_home_is_approved_after_a_favourable_home_study() {
    check(
        vec![home(), applied(), studied(HomeStudyRecommendation::Approve)],
        ProviderCommand::ApproveLicense {
            license_number: LicenseNumber("FH-2025-0042".into()),
            expires_on: date(2027, 3, 15),
            occurred_on: date(2025, 3, 15),
        },
        Ok(vec![approved()]),
    );
}

#[test]
fn a_home_is_not_approved_without_a_home_study() {
    check(
        vec![home(), applied()],
        ProviderCommand::ApproveLicense {
            license_number: LicenseNumber("FH-2025-0042".into()),
            expires_on: date(2027, 3, 15),
            occurred_on: date(2025, 3, 15),
        },
        rejected(Rule::HomeStudyRequired, "provider_id"),
    );
}

#[test]
fn a_home_is_not_approved_against_its_home_study() {
    check(
        vec![home(), applied(), studied(HomeStudyRecommendation::Deny)],
        ProviderCommand::ApproveLicense {
            license_number: LicenseNumber("FH-2025-0042".into()),
            expires_on: date(2027, 3, 15),
            occurred_on: date(2025, 3, 15),
        },
        rejected(Rule::HomeStudyRecommendedDenial, "provider_id"),
    );
}

#[test]
fn a_facility_is_approved_without_a_home_study() {
    check(
        vec![
            registered(ProviderKind::ResidentialTreatmentCenter),
            applied(),
        ],
        ProviderCommand::ApproveLicense {
            license_number: LicenseNumber("RTC-77".into()),
            expires_on: date(2027, 3, 15),
            occurred_on: date(2025, 3, 15),
        },
        Ok(vec![ProviderEvent::LicenseApproved {
            license_number: LicenseNumber("RTC-77".into()),
            expires_on: date(2027, 3, 15),
            occurred_on: date(2025, 3, 15),
        }]),
    );
}

#[test]
fn a_license_must_expire_after_it_takes_effect() {
    check(
        vec![home(), applied(), studied(HomeStudyRecommendation::Approve)],
        ProviderCommand::ApproveLicense {
            license_number: LicenseNumber("FH-2025-0042".into()),
            expires_on: date(2025, 3, 15),
            occurred_on: date(2025, 3, 15),
        },
        rejected(Rule::PeriodEndsBeforeStart, "expires_on"),
    );
}

#[test]
fn a_pending_application_is_denied() {
    check(
        vec![home(), applied()],
        ProviderCommand::DenyApplication {
            occurred_on: date(2025, 3, 1),
        },
        Ok(vec![ProviderEvent::ApplicationDenied {
            occurred_on: date(2025, 3, 1),
        }]),
    );
}

#[test]
fn an_active_license_is_renewed() {
    check(
        licensed_home(),
        ProviderCommand::RenewLicense {
            expires_on: date(2029, 3, 15),
            occurred_on: date(2026, 6, 1),
        },
        Ok(vec![ProviderEvent::LicenseRenewed {
            expires_on: date(2029, 3, 15),
            occurred_on: date(2026, 6, 1),
        }]),
    );
}

#[test]
fn a_revoked_license_is_never_renewed() {
    let mut given = licensed_home();
    given.push(revoked());
    check(
        given,
        ProviderCommand::RenewLicense {
            expires_on: date(2029, 3, 15),
            occurred_on: date(2026, 6, 1),
        },
        rejected(Rule::LicenseRevoked, "provider_id"),
    );
}

#[test]
fn a_renewal_must_extend_the_license() {
    check(
        licensed_home(),
        ProviderCommand::RenewLicense {
            expires_on: date(2027, 3, 15),
            occurred_on: date(2026, 6, 1),
        },
        rejected(Rule::RenewalNotLater, "expires_on"),
    );
}

#[test]
fn a_lapsed_license_is_not_renewed() {
    let lapsed = vec![
        home(),
        applied(),
        studied(HomeStudyRecommendation::Approve),
        ProviderEvent::LicenseApproved {
            license_number: LicenseNumber("FH-2023-1".into()),
            expires_on: date(2026, 1, 31),
            occurred_on: date(2024, 1, 31),
        },
    ];
    check(
        lapsed,
        ProviderCommand::RenewLicense {
            expires_on: date(2028, 1, 31),
            occurred_on: date(2026, 2, 1),
        },
        rejected(Rule::LicenseLapsed, "occurred_on"),
    );
}

#[test]
fn an_unlicensed_provider_has_nothing_to_renew_or_revoke() {
    check(
        vec![home()],
        ProviderCommand::RenewLicense {
            expires_on: date(2029, 3, 15),
            occurred_on: date(2026, 6, 1),
        },
        rejected(Rule::NoActiveLicense, "provider_id"),
    );
    check(
        vec![home()],
        ProviderCommand::RevokeLicense {
            reason: LicenseRevocationReason::ProviderRequest,
            occurred_on: date(2026, 6, 1),
        },
        rejected(Rule::NoActiveLicense, "provider_id"),
    );
}

#[test]
fn an_active_license_is_revoked_once() {
    check(
        licensed_home(),
        ProviderCommand::RevokeLicense {
            reason: LicenseRevocationReason::SafetyViolation,
            occurred_on: date(2026, 1, 5),
        },
        Ok(vec![revoked()]),
    );
    let mut given = licensed_home();
    given.push(revoked());
    check(
        given,
        ProviderCommand::RevokeLicense {
            reason: LicenseRevocationReason::SafetyViolation,
            occurred_on: date(2026, 1, 6),
        },
        rejected(Rule::LicenseRevoked, "provider_id"),
    );
}

#[test]
fn after_revocation_the_provider_may_apply_again() {
    let mut given = licensed_home();
    given.push(revoked());
    check(
        given,
        ProviderCommand::ApplyForLicense {
            occurred_on: date(2026, 5, 1),
        },
        Ok(vec![ProviderEvent::LicenseApplied {
            occurred_on: date(2026, 5, 1),
        }]),
    );
}

// --- recruitment ---

fn agency() -> ProviderEvent {
    registered(ProviderKind::ChildPlacingAgency)
}

#[test]
fn an_agency_records_a_recruitment_plan() {
    let focus = BTreeSet::from([RecruitmentFocus::Teenagers, RecruitmentFocus::SiblingGroups]);
    check(
        vec![agency()],
        ProviderCommand::RecordRecruitmentPlan {
            period_start: date(2025, 10, 1),
            period_end: date(2026, 9, 30),
            target_homes: 12,
            focus: focus.clone(),
            occurred_on: date(2025, 9, 15),
        },
        Ok(vec![ProviderEvent::RecruitmentPlanRecorded {
            period_start: date(2025, 10, 1),
            period_end: date(2026, 9, 30),
            target_homes: 12,
            focus,
            occurred_on: date(2025, 9, 15),
        }]),
    );
}

#[test]
fn a_recruitment_plan_period_must_end_after_it_starts() {
    check(
        vec![agency()],
        ProviderCommand::RecordRecruitmentPlan {
            period_start: date(2025, 10, 1),
            period_end: date(2025, 10, 1),
            target_homes: 12,
            focus: BTreeSet::new(),
            occurred_on: date(2025, 9, 15),
        },
        rejected(Rule::PeriodEndsBeforeStart, "period_end"),
    );
}

#[test]
fn a_foster_home_keeps_no_recruitment_plan() {
    check(
        vec![home()],
        ProviderCommand::RecordRecruitmentEvent {
            kind: RecruitmentEventKind::InformationSession,
            attendees: 20,
            inquiries: 4,
            occurred_on: date(2025, 9, 15),
        },
        rejected(Rule::NotAnAgency, "provider_id"),
    );
}

#[test]
fn an_agency_records_a_recruitment_event() {
    check(
        vec![agency()],
        ProviderCommand::RecordRecruitmentEvent {
            kind: RecruitmentEventKind::InformationSession,
            attendees: 20,
            inquiries: 4,
            occurred_on: date(2025, 9, 15),
        },
        Ok(vec![ProviderEvent::RecruitmentEventHeld {
            kind: RecruitmentEventKind::InformationSession,
            attendees: 20,
            inquiries: 4,
            occurred_on: date(2025, 9, 15),
        }]),
    );
}

// --- training and reimbursement ---

fn trained() -> ProviderEvent {
    ProviderEvent::TrainingCompleted {
        training_id: uuid(70),
        kind: TrainingKind::PreService,
        attendee: PersonId(uuid(71)),
        minutes: 360,
        occurred_on: date(2025, 2, 1),
    }
}

#[test]
fn a_caregiver_training_is_recorded_in_minutes() {
    check(
        vec![home()],
        ProviderCommand::RecordTraining {
            training_id: uuid(70),
            kind: TrainingKind::PreService,
            attendee: PersonId(uuid(71)),
            minutes: 360,
            occurred_on: date(2025, 2, 1),
        },
        Ok(vec![trained()]),
    );
}

#[test]
fn a_training_of_no_minutes_is_rejected() {
    check(
        vec![home()],
        ProviderCommand::RecordTraining {
            training_id: uuid(70),
            kind: TrainingKind::PreService,
            attendee: PersonId(uuid(71)),
            minutes: 0,
            occurred_on: date(2025, 2, 1),
        },
        rejected(Rule::DurationNotPositive, "minutes"),
    );
}

#[test]
fn reimbursement_is_requested_once_for_a_recorded_training() {
    let requested = ProviderEvent::TrainingReimbursementRequested {
        training_id: uuid(70),
        amount: Cents(12_500),
        occurred_on: date(2025, 2, 10),
    };
    let request = ProviderCommand::RequestTrainingReimbursement {
        training_id: uuid(70),
        amount: Cents(12_500),
        occurred_on: date(2025, 2, 10),
    };
    check(
        vec![home(), trained()],
        request.clone(),
        Ok(vec![requested.clone()]),
    );
    check(
        vec![home(), trained(), requested],
        request,
        rejected(Rule::ReimbursementAlreadyRequested, "training_id"),
    );
}

#[test]
fn reimbursement_needs_a_recorded_training_and_a_positive_amount() {
    check(
        vec![home()],
        ProviderCommand::RequestTrainingReimbursement {
            training_id: uuid(70),
            amount: Cents(12_500),
            occurred_on: date(2025, 2, 10),
        },
        rejected(Rule::TrainingNotFound, "training_id"),
    );
    check(
        vec![home(), trained()],
        ProviderCommand::RequestTrainingReimbursement {
            training_id: uuid(70),
            amount: Cents(0),
            occurred_on: date(2025, 2, 10),
        },
        rejected(Rule::AmountNotPositive, "amount"),
    );
}

// --- visits ---

#[test]
fn a_provider_visit_names_its_rule() {
    check(
        licensed_home(),
        ProviderCommand::RecordProviderVisit {
            rule: VisitRule::Oac5101_2_5_37,
            visitor: StaffId(uuid(10)),
            occurred_on: date(2026, 4, 4),
        },
        Ok(vec![ProviderEvent::ProviderVisited {
            rule: VisitRule::Oac5101_2_5_37,
            visitor: StaffId(uuid(10)),
            occurred_on: date(2026, 4, 4),
        }]),
    );
    assert_eq!(
        serde_json::to_string(&VisitRule::Oac5101_2_42_65)
            .ok()
            .as_deref(),
        Some("\"5101:2-42-65\"")
    );
}

// --- QRTP ---

fn qrtp() -> ProviderEvent {
    registered(ProviderKind::QualifiedResidentialTreatmentProgram)
}

const YOUTH: u128 = 80;

fn discharged(on: NaiveDate) -> ProviderEvent {
    ProviderEvent::QrtpDischargeRecorded {
        youth: PersonId(uuid(YOUTH)),
        occurred_on: on,
    }
}

#[test]
fn a_qrtp_records_discharge_planning() {
    check(
        vec![qrtp()],
        ProviderCommand::RecordDischargePlanning {
            youth: PersonId(uuid(YOUTH)),
            activity: DischargePlanningActivity::FamilyTeamMeeting,
            occurred_on: date(2026, 2, 1),
        },
        Ok(vec![ProviderEvent::DischargePlanningRecorded {
            youth: PersonId(uuid(YOUTH)),
            activity: DischargePlanningActivity::FamilyTeamMeeting,
            occurred_on: date(2026, 2, 1),
        }]),
    );
}

#[test]
fn only_a_qrtp_records_discharge_planning() {
    check(
        vec![registered(ProviderKind::GroupHome)],
        ProviderCommand::RecordDischargePlanning {
            youth: PersonId(uuid(YOUTH)),
            activity: DischargePlanningActivity::FamilyTeamMeeting,
            occurred_on: date(2026, 2, 1),
        },
        rejected(Rule::NotAQrtp, "provider_id"),
    );
}

#[test]
fn a_qrtp_discharge_is_recorded_once_per_date() {
    check(
        vec![qrtp()],
        ProviderCommand::RecordQrtpDischarge {
            youth: PersonId(uuid(YOUTH)),
            occurred_on: date(2026, 3, 1),
        },
        Ok(vec![discharged(date(2026, 3, 1))]),
    );
    check(
        vec![qrtp(), discharged(date(2026, 3, 1))],
        ProviderCommand::RecordQrtpDischarge {
            youth: PersonId(uuid(YOUTH)),
            occurred_on: date(2026, 3, 1),
        },
        rejected(Rule::AlreadyExists, "occurred_on"),
    );
}

#[test]
fn aftercare_follows_a_discharge() {
    check(
        vec![qrtp(), discharged(date(2026, 3, 1))],
        ProviderCommand::RecordAftercareSupport {
            youth: PersonId(uuid(YOUTH)),
            support: AftercareSupport::HomeVisit,
            occurred_on: date(2026, 3, 20),
        },
        Ok(vec![ProviderEvent::AftercareSupportRecorded {
            youth: PersonId(uuid(YOUTH)),
            support: AftercareSupport::HomeVisit,
            occurred_on: date(2026, 3, 20),
        }]),
    );
}

#[test]
fn aftercare_without_a_discharge_is_rejected() {
    check(
        vec![qrtp()],
        ProviderCommand::RecordAftercareSupport {
            youth: PersonId(uuid(YOUTH)),
            support: AftercareSupport::HomeVisit,
            occurred_on: date(2026, 3, 20),
        },
        rejected(Rule::YouthNotDischarged, "youth"),
    );
}

#[test]
fn aftercare_cannot_precede_the_discharge() {
    check(
        vec![qrtp(), discharged(date(2026, 3, 1))],
        ProviderCommand::RecordAftercareSupport {
            youth: PersonId(uuid(YOUTH)),
            support: AftercareSupport::TelephoneContact,
            occurred_on: date(2026, 2, 28),
        },
        rejected(Rule::AftercareBeforeDischarge, "occurred_on"),
    );
}

#[test]
fn the_family_name_and_address_stay_out_of_debug_output() {
    let shown = format!("{:?}", home());
    assert!(!shown.contains("Okafor"));
    assert!(!shown.contains("Maple"));
}

#[test]
fn commands_arrive_as_json_and_reject_unknown_fields() {
    let json = r#"{"request_training_reimbursement":{"training_id":"00000000-0000-0000-0000-000000000046","amount":12500,"occurred_on":"2025-02-10"}}"#;
    assert_eq!(
        serde_json::from_str::<ProviderCommand>(json).ok(),
        Some(ProviderCommand::RequestTrainingReimbursement {
            training_id: uuid(70),
            amount: Cents(12_500),
            occurred_on: date(2025, 2, 10),
        })
    );
    let dollars = json.replace("12500", "125.00");
    assert!(serde_json::from_str::<ProviderCommand>(&dollars).is_err());
    let extra = json.replace(r#""amount""#, r#""currency":"USD","amount""#);
    assert!(serde_json::from_str::<ProviderCommand>(&extra).is_err());
}
