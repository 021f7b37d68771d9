//! What may be recorded about a provider.
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
use crate::{OrganizationId, PersonId, ProviderId, StaffId};

/// A command on one provider's stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ProviderCommand {
    /// `organization_id` is the agency that supervises (recommends, certifies) the
    /// provider.
    RegisterProvider {
        provider_id: ProviderId,
        kind: ProviderKind,
        name: ProviderName,
        address: Address,
        organization_id: OrganizationId,
        occurred_on: NaiveDate,
    },
    /// Family homes only: who the caregivers are.
    RecordCaregivers {
        caregivers: Caregivers,
        occurred_on: NaiveDate,
    },
    ApplyForLicense {
        occurred_on: NaiveDate,
    },
    /// Family homes only; `occurred_on` is the date the study was completed.
    RecordHomeStudy {
        assessor: StaffId,
        recommendation: HomeStudyRecommendation,
        occurred_on: NaiveDate,
    },
    /// `occurred_on` is the effective date.
    ApproveLicense {
        license_number: LicenseNumber,
        expires_on: NaiveDate,
        occurred_on: NaiveDate,
    },
    DenyApplication {
        occurred_on: NaiveDate,
    },
    RenewLicense {
        expires_on: NaiveDate,
        occurred_on: NaiveDate,
    },
    RevokeLicense {
        reason: LicenseRevocationReason,
        occurred_on: NaiveDate,
    },
    /// Agencies only.
    RecordRecruitmentPlan {
        period_start: NaiveDate,
        period_end: NaiveDate,
        target_homes: u32,
        focus: BTreeSet<RecruitmentFocus>,
        occurred_on: NaiveDate,
    },
    /// Agencies only.
    RecordRecruitmentEvent {
        kind: RecruitmentEventKind,
        attendees: u32,
        inquiries: u32,
        occurred_on: NaiveDate,
    },
    /// A caregiver's training; `training_id` is minted by the caller so a reimbursement
    /// request can refer to it.
    RecordTraining {
        training_id: Uuid,
        kind: TrainingKind,
        attendee: PersonId,
        minutes: u32,
        occurred_on: NaiveDate,
    },
    RequestTrainingReimbursement {
        training_id: Uuid,
        amount: Cents,
        occurred_on: NaiveDate,
    },
    RecordProviderVisit {
        rule: VisitRule,
        visitor: StaffId,
        occurred_on: NaiveDate,
    },
    /// QRTPs only.
    RecordDischargePlanning {
        youth: PersonId,
        activity: DischargePlanningActivity,
        occurred_on: NaiveDate,
    },
    /// QRTPs only.
    RecordQrtpDischarge {
        youth: PersonId,
        occurred_on: NaiveDate,
    },
    /// QRTPs only, after the youth's discharge.
    RecordAftercareSupport {
        youth: PersonId,
        support: AftercareSupport,
        occurred_on: NaiveDate,
    },
}
