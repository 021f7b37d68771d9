//! A provider as folded from its events.
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use uuid::Uuid;

use super::codes::{HomeStudyRecommendation, ProviderKind};
use super::ProviderEvent;
use crate::PersonId;

/// Where the provider's license stands. A revoked license can be followed by a new
/// application, never by a renewal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LicenseStatus {
    #[default]
    NotLicensed,
    /// An application is pending, with the home study's conclusion once it is done.
    Applied {
        home_study: Option<HomeStudyRecommendation>,
    },
    Active {
        expires_on: NaiveDate,
    },
    Revoked,
}

/// What `decide` needs to know about a provider.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderState {
    pub(crate) kind: Option<ProviderKind>,
    pub(crate) license: LicenseStatus,
    /// Each recorded training and whether reimbursement was requested for it.
    pub(crate) trainings: BTreeMap<Uuid, bool>,
    /// Every QRTP discharge date of each youth (a youth may be readmitted).
    pub(crate) discharges: BTreeMap<PersonId, BTreeSet<NaiveDate>>,
}

impl ProviderState {
    /// The provider's kind, once registered.
    pub fn kind(&self) -> Option<ProviderKind> {
        self.kind
    }

    /// The license's status.
    pub fn license(&self) -> LicenseStatus {
        self.license
    }

    pub(crate) fn evolve(mut self, event: &ProviderEvent) -> Self {
        match event {
            ProviderEvent::ProviderRegistered { kind, .. } => self.kind = Some(*kind),
            ProviderEvent::LicenseApplied { .. } => {
                self.license = LicenseStatus::Applied { home_study: None }
            }
            ProviderEvent::HomeStudyCompleted { recommendation, .. } => {
                if let LicenseStatus::Applied { home_study } = &mut self.license {
                    *home_study = Some(*recommendation);
                }
            }
            ProviderEvent::LicenseApproved { expires_on, .. }
            | ProviderEvent::LicenseRenewed { expires_on, .. } => {
                self.license = LicenseStatus::Active {
                    expires_on: *expires_on,
                }
            }
            ProviderEvent::ApplicationDenied { .. } => self.license = LicenseStatus::NotLicensed,
            ProviderEvent::LicenseRevoked { .. } => self.license = LicenseStatus::Revoked,
            ProviderEvent::TrainingCompleted { training_id, .. } => {
                self.trainings.insert(*training_id, false);
            }
            ProviderEvent::TrainingReimbursementRequested { training_id, .. } => {
                self.trainings.insert(*training_id, true);
            }
            ProviderEvent::QrtpDischargeRecorded { youth, occurred_on } => {
                self.discharges
                    .entry(*youth)
                    .or_default()
                    .insert(*occurred_on);
            }
            ProviderEvent::CaregiversRecorded { .. }
            | ProviderEvent::RecruitmentPlanRecorded { .. }
            | ProviderEvent::RecruitmentEventHeld { .. }
            | ProviderEvent::ProviderVisited { .. }
            | ProviderEvent::DischargePlanningRecorded { .. }
            | ProviderEvent::AftercareSupportRecorded { .. } => {}
        }
        self
    }
}
