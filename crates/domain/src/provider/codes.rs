//! Kinds of provider and the codes their records use.
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::PersonId;

/// What a provider is. The kind decides which records apply: home studies to family
/// homes, recruitment to agencies, discharge planning and aftercare to QRTPs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
    FosterHome,
    AdoptiveHome,
    FosterAndAdoptiveHome,
    /// Private child placing agency.
    ChildPlacingAgency,
    /// Private non-custodial agency.
    PrivateNoncustodialAgency,
    GroupHome,
    ResidentialTreatmentCenter,
    ChildrensResidentialCenter,
    /// Qualified residential treatment program (SSA 472(k)(4)).
    QualifiedResidentialTreatmentProgram,
}

impl ProviderKind {
    /// A family home, approved through a home study.
    pub fn is_family_home(&self) -> bool {
        matches!(
            self,
            ProviderKind::FosterHome
                | ProviderKind::AdoptiveHome
                | ProviderKind::FosterAndAdoptiveHome
        )
    }

    /// An agency, which keeps recruitment plans and holds recruitment events.
    pub fn is_agency(&self) -> bool {
        matches!(
            self,
            ProviderKind::ChildPlacingAgency | ProviderKind::PrivateNoncustodialAgency
        )
    }

    /// A QRTP, which records discharge planning and aftercare in RTIS (paragraph (I)).
    pub fn is_qrtp(&self) -> bool {
        *self == ProviderKind::QualifiedResidentialTreatmentProgram
    }
}

/// A provider's name. For a family home it is a person's name, so `Debug` is redacted.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProviderName(pub String);

impl fmt::Debug for ProviderName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ProviderName(<redacted>)")
    }
}

/// The caregivers of a family home and their marital status (AFCARS E123; the second
/// caregiver, E136–E146, exists only for a couple, so a single caregiver can never carry
/// one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Caregivers {
    MarriedCouple { first: PersonId, second: PersonId },
    UnmarriedCouple { first: PersonId, second: PersonId },
    Separated { caregiver: PersonId },
    Single { caregiver: PersonId },
}

impl Caregivers {
    /// AFCARS E123 code in CFR option order: 1 married couple, 2 unmarried couple,
    /// 3 separated, 4 single adult.
    pub fn afcars_marital_status(&self) -> u8 {
        match self {
            Caregivers::MarriedCouple { .. } => 1,
            Caregivers::UnmarriedCouple { .. } => 2,
            Caregivers::Separated { .. } => 3,
            Caregivers::Single { .. } => 4,
        }
    }

    /// Foster parent 1 and, for a couple, foster parent 2; their person records supply
    /// birth year, tribal membership, race, ethnicity and sex (E125–E146).
    pub fn persons(&self) -> (PersonId, Option<PersonId>) {
        match *self {
            Caregivers::MarriedCouple { first, second }
            | Caregivers::UnmarriedCouple { first, second } => (first, Some(second)),
            Caregivers::Separated { caregiver } | Caregivers::Single { caregiver } => {
                (caregiver, None)
            }
        }
    }
}

/// The state's license or certificate number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LicenseNumber(pub String);

/// A home study's conclusion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HomeStudyRecommendation {
    Approve,
    Deny,
}

/// Why a license was revoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LicenseRevocationReason {
    SafetyViolation,
    SubstantiatedMaltreatment,
    NoncomplianceWithRules,
    ProviderRequest,
}

/// Whom a recruitment plan targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecruitmentFocus {
    Teenagers,
    SiblingGroups,
    ChildrenWithSpecialNeeds,
    KinshipCaregivers,
    /// Homes reflecting the ethnic and racial diversity of children in care (MEPA).
    DiverseFamilies,
}

/// What kind of recruitment event was held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecruitmentEventKind {
    InformationSession,
    CommunityEvent,
    MatchingEvent,
    MediaCampaign,
}

/// A training for foster or adoptive caregivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrainingKind {
    PreService,
    Continuing,
    Specialized,
}

/// The Ohio rule under which a provider visit was made, as paragraph (J)(5) lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VisitRule {
    #[serde(rename = "5101:2-5-36")]
    Oac5101_2_5_36,
    #[serde(rename = "5101:2-5-37")]
    Oac5101_2_5_37,
    #[serde(rename = "5101:2-42-65")]
    Oac5101_2_42_65,
}

impl VisitRule {
    /// The rule number as cited.
    pub fn citation(&self) -> &'static str {
        match self {
            VisitRule::Oac5101_2_5_36 => "5101:2-5-36",
            VisitRule::Oac5101_2_5_37 => "5101:2-5-37",
            VisitRule::Oac5101_2_42_65 => "5101:2-42-65",
        }
    }
}

/// A discharge planning activity for a youth leaving a QRTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DischargePlanningActivity {
    FamilyTeamMeeting,
    AftercarePlanWritten,
    ReceivingFamilyPrepared,
    ServicesArrangedInCommunity,
}

/// An aftercare support delivered after a youth's discharge from a QRTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AftercareSupport {
    HomeVisit,
    TelephoneContact,
    TherapySession,
    CrisisResponse,
}
