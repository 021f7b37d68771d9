//! Facts on a provider's stream.
use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::codes::{
    AftercareSupport, Caregivers, DischargePlanningActivity, HomeStudyRecommendation,
    LicenseNumber, LicenseRevocationReason, ProviderKind, ProviderName, RecruitmentEventKind,
    RecruitmentFocus, TrainingKind, VisitRule,
};
use crate::financial::Cents;
use crate::personal_data::Address;
use crate::{DomainEvent, OrganizationId, PersonId, ProviderId, StaffId};

/// An event on a provider's stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProviderEvent {
    ProviderRegistered {
        provider_id: ProviderId,
        kind: ProviderKind,
        name: ProviderName,
        address: Address,
        organization_id: OrganizationId,
        occurred_on: NaiveDate,
    },
    CaregiversRecorded {
        caregivers: Caregivers,
        occurred_on: NaiveDate,
    },
    LicenseApplied {
        occurred_on: NaiveDate,
    },
    HomeStudyCompleted {
        assessor: StaffId,
        recommendation: HomeStudyRecommendation,
        occurred_on: NaiveDate,
    },
    LicenseApproved {
        license_number: LicenseNumber,
        expires_on: NaiveDate,
        occurred_on: NaiveDate,
    },
    ApplicationDenied {
        occurred_on: NaiveDate,
    },
    LicenseRenewed {
        expires_on: NaiveDate,
        occurred_on: NaiveDate,
    },
    LicenseRevoked {
        reason: LicenseRevocationReason,
        occurred_on: NaiveDate,
    },
    RecruitmentPlanRecorded {
        period_start: NaiveDate,
        period_end: NaiveDate,
        target_homes: u32,
        focus: BTreeSet<RecruitmentFocus>,
        occurred_on: NaiveDate,
    },
    RecruitmentEventHeld {
        kind: RecruitmentEventKind,
        attendees: u32,
        inquiries: u32,
        occurred_on: NaiveDate,
    },
    TrainingCompleted {
        training_id: Uuid,
        kind: TrainingKind,
        attendee: PersonId,
        minutes: u32,
        occurred_on: NaiveDate,
    },
    TrainingReimbursementRequested {
        training_id: Uuid,
        amount: Cents,
        occurred_on: NaiveDate,
    },
    ProviderVisited {
        rule: VisitRule,
        visitor: StaffId,
        occurred_on: NaiveDate,
    },
    DischargePlanningRecorded {
        youth: PersonId,
        activity: DischargePlanningActivity,
        occurred_on: NaiveDate,
    },
    QrtpDischargeRecorded {
        youth: PersonId,
        occurred_on: NaiveDate,
    },
    AftercareSupportRecorded {
        youth: PersonId,
        support: AftercareSupport,
        occurred_on: NaiveDate,
    },
}

impl DomainEvent for ProviderEvent {
    fn event_type(&self) -> &'static str {
        match self {
            ProviderEvent::ProviderRegistered { .. } => "ProviderRegistered",
            ProviderEvent::CaregiversRecorded { .. } => "CaregiversRecorded",
            ProviderEvent::LicenseApplied { .. } => "LicenseApplied",
            ProviderEvent::HomeStudyCompleted { .. } => "HomeStudyCompleted",
            ProviderEvent::LicenseApproved { .. } => "LicenseApproved",
            ProviderEvent::ApplicationDenied { .. } => "ApplicationDenied",
            ProviderEvent::LicenseRenewed { .. } => "LicenseRenewed",
            ProviderEvent::LicenseRevoked { .. } => "LicenseRevoked",
            ProviderEvent::RecruitmentPlanRecorded { .. } => "RecruitmentPlanRecorded",
            ProviderEvent::RecruitmentEventHeld { .. } => "RecruitmentEventHeld",
            ProviderEvent::TrainingCompleted { .. } => "ProviderTrainingCompleted",
            ProviderEvent::TrainingReimbursementRequested { .. } => {
                "TrainingReimbursementRequested"
            }
            ProviderEvent::ProviderVisited { .. } => "ProviderVisited",
            ProviderEvent::DischargePlanningRecorded { .. } => "DischargePlanningRecorded",
            ProviderEvent::QrtpDischargeRecorded { .. } => "QrtpDischargeRecorded",
            ProviderEvent::AftercareSupportRecorded { .. } => "AftercareSupportRecorded",
        }
    }

    fn schema_version(&self) -> u16 {
        1
    }
}
