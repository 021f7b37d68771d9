//! The value types that commands and events share: what a screening decided, what a
//! note says, where a child was placed. Free text is always a [`Narrative`], so the
//! derived `Debug` of every type here redacts it.
use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::codes::{
    CpsResponse, FosterHomeType, Jurisdiction, OtherPlacementSetting, PerpetratorRelationship,
    ScreenOutReason,
};
use crate::values::Narrative;
use crate::{PersonId, StaffId};

/// What screening decided about a referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ScreeningDecision {
    /// Accepted for a CPS response.
    ScreenedIn {
        /// Investigation or alternative response.
        response: CpsResponse,
    },
    /// Not accepted.
    ScreenedOut {
        /// Why not.
        reason: ScreenOutReason,
    },
}

/// The person alleged to have maltreated the child, with their relationship to the
/// child (NCANDS Per1ID/Per1Rel).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllegedPerpetrator {
    /// The perpetrator's person record.
    pub person: PersonId,
    /// The relationship to the alleged victim.
    pub relationship: PerpetratorRelationship,
}

/// A safety assessment's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SafetyDecision {
    /// No present danger.
    Safe,
    /// Safe with a safety plan in place.
    SafeWithPlan,
    /// Unsafe: the child cannot stay without removal.
    Unsafe,
}

/// A risk assessment's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    /// Low risk of future maltreatment.
    Low,
    /// Moderate risk.
    Moderate,
    /// High risk.
    High,
    /// Very high risk.
    VeryHigh,
}

/// An assessment tool and its result. The tool determines the kind of result, so a risk
/// level can never be recorded against a safety assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum AssessmentResult {
    /// A safety assessment.
    SafetyAssessment {
        /// The decision.
        decision: SafetyDecision,
    },
    /// A risk assessment.
    RiskAssessment {
        /// The level.
        level: RiskLevel,
    },
    /// A family strengths and needs assessment; its findings are in the summary.
    FamilyAssessment,
    /// A reunification assessment.
    ReunificationAssessment {
        /// Whether the tool recommends reunification.
        recommends_reunification: bool,
    },
}

/// Whose opinion a note segment records (Ohio rule paragraph H(3): opinions of staff
/// and others must be identified as such).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum OpinionHolder {
    /// The note's author.
    Author,
    /// Another staff member.
    Staff {
        /// Who.
        staff: StaffId,
    },
    /// A person involved in the case, or a collateral.
    Person {
        /// Who.
        person: PersonId,
    },
}

/// Whether a note segment states an observed fact or someone's opinion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum SegmentKind {
    /// An activity or statement as it happened.
    Fact,
    /// An opinion, and whose.
    Opinion {
        /// Whose opinion it is.
        holder: OpinionHolder,
    },
}

/// One passage of a case note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteSegment {
    /// Fact or opinion.
    pub kind: SegmentKind,
    /// The passage.
    pub text: Narrative,
}

/// Why a case was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosureReason {
    /// The assessment or investigation found no need for ongoing services.
    NoServicesNeeded,
    /// The case plan goals were met.
    GoalsAchieved,
    /// A permanent home was achieved (reunification, adoption, guardianship).
    PermanencyAchieved,
    /// The family moved out of the agency's jurisdiction.
    FamilyMoved,
    /// The family refused voluntary services.
    FamilyDeclinedServices,
    /// The case was transferred and closed here.
    TransferredElsewhere,
    /// The child died.
    DeathOfChild,
    /// The child reached the age of majority.
    ChildReachedMajority,
    /// Any other reason.
    Other,
}

/// The kind of a court order affecting custody.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustodyOrderKind {
    /// Emergency (ex parte) custody.
    EmergencyCustody,
    /// Temporary custody to the agency.
    TemporaryCustody,
    /// Permanent custody to the agency.
    PermanentCustody,
    /// Legal custody to a relative or other person.
    LegalCustody,
    /// Protective supervision while the child stays home.
    ProtectiveSupervision,
    /// Planned permanent living arrangement.
    PlannedPermanentLivingArrangement,
    /// Custody returned to the parent; agency custody ends.
    CustodyTerminated,
}

/// Who represents a child's interests in court (NCANDS CoChRep).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChildRepresentative {
    /// A guardian ad litem.
    GuardianAdLitem,
    /// A court-appointed special advocate (CASA) volunteer.
    CourtAppointedSpecialAdvocate,
    /// An attorney for the child.
    Attorney,
}

/// The setting of a placement: a foster family home with its types (AFCARS E113 yes,
/// E114–E119), or another setting (E113 no, E120).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PlacementSetting {
    /// A foster family home; at least one type applies.
    FosterFamilyHome {
        /// The home types that apply.
        home_types: BTreeSet<FosterHomeType>,
    },
    /// Any other setting, including runaway and whereabouts unknown.
    Other {
        /// AFCARS E120.
        setting: OtherPlacementSetting,
    },
}

impl PlacementSetting {
    /// Whether the child is missing rather than placed (AFCARS E120 12 or 13).
    pub fn is_absence(&self) -> bool {
        matches!(self, Self::Other { setting } if setting.is_absence())
    }
}

/// Where a placement is (AFCARS E121), with the jurisdiction (E122) exactly when the
/// placement is out of state or out of country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PlacementLocation {
    /// In the reporting state.
    InState,
    /// In another state.
    OutOfState {
        /// The USPS state code.
        jurisdiction: Jurisdiction,
    },
    /// In another country.
    OutOfCountry {
        /// The ISO country code.
        jurisdiction: Jurisdiction,
    },
    /// The child ran away or cannot be found.
    RunawayOrWhereaboutsUnknown,
}

impl PlacementLocation {
    /// The AFCARS E121 code.
    pub fn code(&self) -> u8 {
        match self {
            Self::InState => 1,
            Self::OutOfState { .. } => 2,
            Self::OutOfCountry { .. } => 3,
            Self::RunawayOrWhereaboutsUnknown => 4,
        }
    }
}

/// An adoption recruitment activity for a child (Ohio rule paragraph H(8)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecruitmentActivity {
    /// The child was listed on a photolisting or adoption exchange.
    PhotolistingOrExchange,
    /// A child-specific recruitment plan was made or updated.
    ChildSpecificRecruitmentPlan,
    /// A family search (relatives and kin) was carried out.
    FamilySearch,
    /// An adoption party, event or media feature.
    RecruitmentEvent,
    /// A recruiter (for example Wendy's Wonderful Kids) contacted prospects.
    RecruiterOutreach,
    /// Any other activity.
    Other,
}

/// Which program an assistance agreement belongs to (AFCARS assistance file A15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssistanceProgram {
    /// Adoption assistance.
    Adoption,
    /// Guardianship (kinship guardianship) assistance.
    Guardianship,
}

/// Why an assistance agreement ended before (or at) its planned end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgreementEndReason {
    /// The planned end date was reached.
    Expired,
    /// The child reached the age limit.
    ChildReachedAgeLimit,
    /// The child died.
    DeathOfChild,
    /// The adoptive parents or guardians died.
    DeathOfParentsOrGuardians,
    /// The parents or guardians no longer support the child.
    SupportEnded,
    /// The adoption was dissolved or the guardianship vacated.
    DissolutionOrVacatur,
    /// The family asked to end it.
    FamilyRequest,
    /// Any other reason.
    Other,
}

/// Who was responsible for a family visit not happening.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitParty {
    /// A parent.
    Parent,
    /// The child or the child's caregiver.
    ChildOrCaregiver,
    /// The visitation provider.
    Provider,
    /// The agency.
    Agency,
    /// Weather, illness or another cause nobody controls.
    Circumstances,
}

/// A parent's overall progress seen at a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgressLevel {
    /// Concerns increased.
    Regressed,
    /// No change.
    NoProgress,
    /// Some progress.
    SomeProgress,
    /// Substantial progress.
    SubstantialProgress,
}

/// A parenting skill tracked across visits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParentingSkill {
    /// Warmth and affection.
    Nurturing,
    /// Keeping the child safe and in sight.
    Supervision,
    /// Age-appropriate, non-physical discipline.
    Discipline,
    /// Talking and listening with the child.
    Communication,
    /// Meeting the child's needs: food, hygiene, medical.
    MeetingBasicNeeds,
    /// Arriving on time, prepared, and staying engaged.
    PreparednessAndEngagement,
}

/// How well a skill was shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkillLevel {
    /// Not observed at this visit.
    NotObserved,
    /// Needs significant support.
    Emerging,
    /// Improving with support.
    Developing,
    /// Shown consistently.
    Proficient,
}

/// One skill rating at a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillRating {
    /// The skill.
    pub skill: ParentingSkill,
    /// The level seen.
    pub level: SkillLevel,
}

/// How a scheduled family visit ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum VisitOutcome {
    /// The visit took place.
    Attended {
        /// The visit notes.
        notes: Narrative,
        /// The parent's overall progress.
        parent_progress: ProgressLevel,
        /// Skill ratings; each skill at most once.
        skill_ratings: Vec<SkillRating>,
    },
    /// The visit was called off beforehand.
    Cancelled {
        /// Who called it off.
        by: VisitParty,
        /// Why.
        reason: Narrative,
    },
    /// Someone did not come.
    Missed {
        /// Who did not come.
        by: VisitParty,
    },
}

/// The kind of a document kept with a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// A court order or court filing.
    CourtDocument,
    /// A case plan or its amendment.
    CasePlan,
    /// A medical, dental or mental-health record.
    HealthRecord,
    /// A school record.
    EducationRecord,
    /// A signed agreement (voluntary placement, assistance).
    Agreement,
    /// A provider's report.
    ProviderReport,
    /// A photograph.
    Photograph,
    /// A signed consent or release of information.
    Consent,
    /// Anything else.
    Other,
}

/// Where a document's bytes are kept in the object store. The bytes never enter the
/// event log; the key and the SHA-256 digest tie the record to them.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StorageKey(String);

/// Why a text is not a storage key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a storage key is 1 to 1024 printable ASCII characters without spaces")]
pub struct StorageKeyError;

impl StorageKey {
    /// Parses a key: 1–1024 printable ASCII characters, no whitespace.
    pub fn parse(text: &str) -> Result<Self, StorageKeyError> {
        let printable = text.bytes().all(|b| b.is_ascii_graphic());
        if !text.is_empty() && text.len() <= 1024 && printable {
            Ok(StorageKey(text.to_owned()))
        } else {
            Err(StorageKeyError)
        }
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for StorageKey {
    type Error = StorageKeyError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        StorageKey::parse(&text)
    }
}

impl From<StorageKey> for String {
    fn from(key: StorageKey) -> String {
        key.0
    }
}

impl fmt::Debug for StorageKey {
    // Keys may embed a file name chosen by a worker, which can name a person.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StorageKey(<redacted, {} bytes>)", self.0.len())
    }
}
