//! Federal code lists the case events use. Each enum serializes by name (`snake_case`)
//! and gives its federal numeric code through `code()`, so a report generator never
//! re-derives a code from a label.
//!
//! Provenance: codes marked **[R]** in a doc comment follow `specs/federal-reports.md`,
//! which marks them as remembered rather than checked against the CFR or the NCANDS
//! codebook; they must be verified before the first federal submission. Checked against
//! the AFCARS-AXE editor (zstamper/AFCARS-AXE `templates/template_ooh.xml` and
//! `controllers/validators/*.py`, which are the tool's checks, not the CFR): the order
//! and element numbers of E72–E105, the E114–E119 home types, E120 12/13 with E121 = 4,
//! E121 1–4 with E122 for 2 and 3, E152 1–2, E155 3/5/8/9 and E148 1–5.
use std::fmt;

use serde::{Deserialize, Serialize};

use super::facts::AssistanceProgram;

macro_rules! federal_code {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            /// Every value, in code order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The federal numeric code.
            pub fn code(self) -> u8 {
                match self {
                    $($name::$variant => $code,)+
                }
            }
        }
    };
}

federal_code!(
    /// NCANDS RptSrc: who made the report. [R]
    ReportSource {
        SocialServicesPersonnel = 1,
        MedicalPersonnel = 2,
        MentalHealthPersonnel = 3,
        LegalOrLawEnforcementPersonnel = 4,
        EducationPersonnel = 5,
        ChildDaycareProvider = 6,
        SubstituteCareProvider = 7,
        AllegedVictim = 8,
        Parent = 9,
        OtherRelative = 10,
        FriendOrNeighbor = 11,
        AllegedPerpetrator = 12,
        AnonymousReporter = 13,
        Other = 88,
        Unknown = 99,
    }
);

federal_code!(
    /// NCANDS ChMal1–4: the type of an alleged maltreatment. [R] Code 6 ("no alleged
    /// maltreatment") is a report-level filler, not an allegation, so it has no variant.
    MaltreatmentType {
        PhysicalAbuse = 1,
        Neglect = 2,
        MedicalNeglect = 3,
        SexualAbuse = 4,
        PsychologicalOrEmotionalMaltreatment = 5,
        SexTrafficking = 7,
        Other = 8,
        Unknown = 9,
    }
);

federal_code!(
    /// NCANDS Mal1Lev–Mal4Lev: the disposition of one allegation. [R] Code 8 ("no alleged
    /// maltreatment") cannot be the finding on a recorded allegation, so it has no variant.
    MaltreatmentDisposition {
        Substantiated = 1,
        Indicated = 2,
        AlternativeResponseVictim = 3,
        AlternativeResponseNonVictim = 4,
        Unsubstantiated = 5,
        IntentionallyFalse = 6,
        ClosedWithNoFinding = 7,
        Other = 88,
        Unknown = 99,
    }
);

impl MaltreatmentDisposition {
    /// Whether this finding makes the child a victim for NCANDS (MalNLev 1, 2 or 3).
    pub fn counts_as_victim(self) -> bool {
        matches!(
            self,
            Self::Substantiated | Self::Indicated | Self::AlternativeResponseVictim
        )
    }

    /// The CPS response this finding belongs to, or `None` when either may give it.
    /// An investigation substantiates; an alternative response (AR) assesses without a
    /// finding of fault.
    pub fn required_response(self) -> Option<CpsResponse> {
        match self {
            Self::Substantiated | Self::Indicated | Self::Unsubstantiated => {
                Some(CpsResponse::Investigation)
            }
            Self::IntentionallyFalse => Some(CpsResponse::Investigation),
            Self::AlternativeResponseVictim | Self::AlternativeResponseNonVictim => {
                Some(CpsResponse::AlternativeResponse)
            }
            Self::ClosedWithNoFinding | Self::Other | Self::Unknown => None,
        }
    }
}

federal_code!(
    /// NCANDS Per1Rel–Per3Rel: the alleged perpetrator's relationship to the child. [R]
    PerpetratorRelationship {
        Parent = 1,
        OtherRelative = 2,
        RelativeFosterParent = 3,
        NonrelativeFosterParent = 4,
        GroupHomeOrResidentialFacilityStaff = 5,
        ChildDaycareProvider = 6,
        UnmarriedPartnerOfParent = 7,
        LegalGuardian = 8,
        OtherProfessional = 9,
        FriendOrNeighbor = 10,
        Other = 88,
        Unknown = 99,
    }
);

/// The CPS response a screened-in report receives (NCANDS distinguishes investigation
/// from alternative response in RptDisp and in the maltreatment levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CpsResponse {
    /// A traditional investigation that ends in findings.
    Investigation,
    /// An alternative (family assessment) response.
    AlternativeResponse,
}

/// Why a referral was screened out. Screened-out referrals feed the NCANDS Agency File.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScreenOutReason {
    /// The report does not describe abuse, neglect or dependency as defined in law.
    DoesNotMeetCriteria,
    /// Too little information to locate the family or assess the report.
    InsufficientInformation,
    /// The same incident is already being assessed under another report.
    DuplicateReport,
    /// Another jurisdiction or agency is responsible.
    ReferredToAnotherAgency,
    /// Any other reason; the screening note says which.
    Other,
}

/// Whether a removal was by voluntary agreement or by court order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalManner {
    /// A voluntary placement agreement signed by the parent or guardian.
    VoluntaryAgreement,
    /// A court order (including an emergency ex parte order).
    CourtOrdered,
}

federal_code!(
    /// AFCARS E71, 45 CFR 1355.44(d)(3): the environment the child was removed from.
    /// [R] The seven codes follow the spec's reading of the CFR list.
    RemovalEnvironment {
        ParentHousehold = 1,
        RelativeHousehold = 2,
        LegalGuardianHousehold = 3,
        RelativeLegalGuardianHousehold = 4,
        JusticeFacility = 5,
        MedicalOrMentalHealthFacility = 6,
        Other = 7,
    }
);

federal_code!(
    /// AFCARS E72–E105, 45 CFR 1355.44(d)(4)(i)–(xxxiv): the child and family
    /// circumstances at removal. `code()` is the AFCARS element number (72–105).
    RemovalCircumstance {
        Runaway = 72,
        WhereaboutsUnknown = 73,
        PhysicalAbuse = 74,
        SexualAbuse = 75,
        PsychologicalOrEmotionalAbuse = 76,
        Neglect = 77,
        MedicalNeglect = 78,
        DomesticViolence = 79,
        Abandonment = 80,
        FailureToReturn = 81,
        CaretakerAlcoholUse = 82,
        CaretakerDrugUse = 83,
        ChildAlcoholUse = 84,
        ChildDrugUse = 85,
        PrenatalAlcoholExposure = 86,
        PrenatalDrugExposure = 87,
        DiagnosedCondition = 88,
        InadequateAccessToMentalHealthServices = 89,
        InadequateAccessToMedicalServices = 90,
        ChildBehaviorProblem = 91,
        DeathOfCaretaker = 92,
        IncarcerationOfCaretaker = 93,
        CaretakerPhysicalOrEmotionalImpairment = 94,
        CaretakerCognitiveImpairment = 95,
        InadequateHousing = 96,
        VoluntaryRelinquishmentForAdoption = 97,
        ChildRequestedPlacement = 98,
        SexTrafficking = 99,
        ParentalImmigrationDetainmentOrDeportation = 100,
        FamilyConflictOverSexualOrientationOrGender = 101,
        EducationalNeglect = 102,
        PublicAgencyTitleIveAgreement = 103,
        TribalTitleIveAgreement = 104,
        Homelessness = 105,
    }
);

federal_code!(
    /// AFCARS E114–E119, 45 CFR 1355.44(e)(3): the types of a foster family home.
    /// `code()` is the AFCARS element number.
    FosterHomeType {
        Licensed = 114,
        Therapeutic = 115,
        Shelter = 116,
        Relative = 117,
        PreAdoptive = 118,
        Kin = 119,
    }
);

federal_code!(
    /// AFCARS E120, 45 CFR 1355.44(e)(4): a placement setting other than a foster family
    /// home. [R] Codes follow CFR order; AFCARS-AXE confirms 12 and 13.
    OtherPlacementSetting {
        GroupHomeFamilyOperated = 1,
        GroupHomeStaffOperated = 2,
        GroupHomeShelterCare = 3,
        ResidentialTreatmentCenter = 4,
        QualifiedResidentialTreatmentProgram = 5,
        ChildCareInstitution = 6,
        ChildCareInstitutionShelterCare = 7,
        SupervisedIndependentLiving = 8,
        JuvenileJusticeFacility = 9,
        MedicalOrRehabilitativeFacility = 10,
        PsychiatricHospital = 11,
        Runaway = 12,
        WhereaboutsUnknown = 13,
        PlacedAtHome = 14,
    }
);

impl OtherPlacementSetting {
    /// Whether the child's whereabouts are not a place at all (runaway or unknown),
    /// which AFCARS pairs with location E121 = 4.
    pub fn is_absence(self) -> bool {
        matches!(self, Self::Runaway | Self::WhereaboutsUnknown)
    }
}

federal_code!(
    /// AFCARS E148, 45 CFR 1355.44(f)(1): a permanency plan's type. [R] Codes follow CFR
    /// order; the AFCARS-AXE validator accepts 1–5. "Not established" describes the
    /// absence of a plan, so it has no variant: a recorded plan is an established one.
    PermanencyPlan {
        Reunify = 1,
        LiveWithOtherRelatives = 2,
        Adoption = 3,
        Guardianship = 4,
        PlannedPermanentLivingArrangement = 5,
    }
);

federal_code!(
    /// AFCARS E156, 45 CFR 1355.44(g)(4): the agency a child is transferred to. [R]
    ReceivingAgency {
        StateTitleIveAgency = 1,
        TribalTitleIveAgency = 2,
        IndianTribeOrTribalOrganization = 3,
        JuvenileJusticeAgency = 4,
        MentalHealthAgency = 5,
        OtherPublicAgency = 6,
        PrivateAgency = 7,
    }
);

/// AFCARS E155, 45 CFR 1355.44(g)(3): why a child left foster care. A transfer names
/// the receiving agency (E156), which no other reason has, so the pair cannot disagree.
/// Codes 3, 5 and 8 are confirmed by AFCARS-AXE; the others follow CFR order [R].
/// Code 9 ("not applicable") describes a child who has not exited and has no variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExitReason {
    /// Reunified with parents or primary caretakers.
    ReunifyWithParents,
    /// Went to live with other relatives.
    LiveWithOtherRelatives,
    /// Adoption finalized.
    Adoption,
    /// Emancipation.
    Emancipation,
    /// Legal guardianship.
    Guardianship,
    /// Runaway or whereabouts unknown at exit.
    RunawayOrWhereaboutsUnknown,
    /// Death of the child.
    DeathOfChild,
    /// Placement and care responsibility transferred to another agency.
    TransferToAnotherAgency {
        /// AFCARS E156.
        receiving_agency: ReceivingAgency,
    },
}

impl ExitReason {
    /// The AFCARS E155 code.
    pub fn code(self) -> u8 {
        match self {
            Self::ReunifyWithParents => 1,
            Self::LiveWithOtherRelatives => 2,
            Self::Adoption => 3,
            Self::Emancipation => 4,
            Self::Guardianship => 5,
            Self::RunawayOrWhereaboutsUnknown => 6,
            Self::DeathOfChild => 7,
            Self::TransferToAnotherAgency { .. } => 8,
        }
    }

    /// The AFCARS E156 receiving agency, present only for a transfer.
    pub fn receiving_agency(self) -> Option<ReceivingAgency> {
        match self {
            Self::TransferToAnotherAgency { receiving_agency } => Some(receiving_agency),
            _ => None,
        }
    }
}

federal_code!(
    /// AFCARS E185, 45 CFR 1355.44(h): the type of an adoption or guardianship
    /// assistance agreement. [R] Codes are positions in the AFCARS-AXE list, whose first
    /// entry, "no agreement", has no variant: a signed agreement always has a type.
    AssistanceAgreementType {
        TitleIveAdoptionAssistance = 2,
        StateOrTribalAdoptionAssistance = 3,
        TitleIveAdoptionNonRecurringExpensesOnly = 4,
        TitleIveAdoptionMedicaidOnly = 5,
        TitleIveGuardianshipAssistance = 6,
        StateOrTribalGuardianshipAssistance = 7,
    }
);

impl AssistanceAgreementType {
    /// Adoption or guardianship.
    pub fn program(self) -> AssistanceProgram {
        match self {
            Self::TitleIveAdoptionAssistance
            | Self::StateOrTribalAdoptionAssistance
            | Self::TitleIveAdoptionNonRecurringExpensesOnly
            | Self::TitleIveAdoptionMedicaidOnly => AssistanceProgram::Adoption,
            Self::TitleIveGuardianshipAssistance | Self::StateOrTribalGuardianshipAssistance => {
                AssistanceProgram::Guardianship
            }
        }
    }

    /// Whether the agreement is under title IV-E, which puts the child in the AFCARS
    /// assistance file (A15).
    pub fn is_title_ive(self) -> bool {
        match self {
            Self::TitleIveAdoptionAssistance
            | Self::TitleIveAdoptionNonRecurringExpensesOnly
            | Self::TitleIveAdoptionMedicaidOnly
            | Self::TitleIveGuardianshipAssistance => true,
            Self::StateOrTribalAdoptionAssistance | Self::StateOrTribalGuardianshipAssistance => {
                false
            }
        }
    }
}

federal_code!(
    /// AFCARS E152, 45 CFR 1355.44(f)(5): where a caseworker visit took place. [R]
    CaseworkerVisitLocation {
        ChildResidence = 1,
        Other = 2,
    }
);

federal_code!(
    /// AFCARS E63/E64, 45 CFR 1355.44(c): how a parent's rights were terminated (first
    /// and second parent). [R]
    TerminationKind {
        Voluntary = 1,
        Involuntary = 2,
    }
);

/// Services a family or child can be referred to. These are the NCANDS service
/// categories (the Child File carries one flag per category), plus `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceType {
    /// Adoption services.
    Adoption,
    /// Case management.
    CaseManagement,
    /// Counseling.
    Counseling,
    /// Day care.
    DayCare,
    /// Education and training.
    EducationAndTraining,
    /// Employment services.
    Employment,
    /// Family planning.
    FamilyPlanning,
    /// Family support (NCANDS FamSup).
    FamilySupport,
    /// Family preservation (NCANDS FamPres).
    FamilyPreservation,
    /// Health services.
    Health,
    /// Home-based services.
    HomeBased,
    /// Housing services.
    Housing,
    /// Independent and transitional living.
    IndependentLiving,
    /// Information and referral.
    InformationAndReferral,
    /// Legal services.
    Legal,
    /// Mental health services.
    MentalHealth,
    /// Services for pregnant or parenting teens.
    PregnantOrParentingTeens,
    /// Respite care.
    Respite,
    /// Special services for people with disabilities.
    SpecialServicesDisabled,
    /// Special services for juvenile delinquents.
    SpecialServicesJuvenileDelinquent,
    /// Substance abuse treatment.
    SubstanceAbuse,
    /// Transportation.
    Transportation,
    /// Any other service.
    Other,
}

/// How a referral or a provider's report was communicated (Ohio rule paragraph H(5)–(6)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommunicationMethod {
    /// Spoken, in person or by phone.
    Verbal,
    /// On paper.
    Written,
    /// By email, portal or data exchange.
    Electronic,
}

/// The state or country of an out-of-state or out-of-country placement (AFCARS E122):
/// a two-letter USPS state code or ISO 3166-1 alpha-2 country code, upper case.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Jurisdiction(String);

/// Why a text is not a jurisdiction code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a jurisdiction is two upper-case letters (USPS state or ISO 3166-1 country)")]
pub struct JurisdictionParseError;

impl Jurisdiction {
    /// Parses a two-letter upper-case code.
    pub fn parse(text: &str) -> Result<Self, JurisdictionParseError> {
        if text.len() == 2 && text.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Jurisdiction(text.to_owned()))
        } else {
            Err(JurisdictionParseError)
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Jurisdiction {
    type Error = JurisdictionParseError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Jurisdiction::parse(&text)
    }
}

impl From<Jurisdiction> for String {
    fn from(code: Jurisdiction) -> String {
        code.0
    }
}

/// A county's three-digit FIPS code within the state (NCANDS RptCnty): 1–997 for a
/// county, 998 for out of state, 999 for unknown.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "u16", into = "u16")]
pub struct CountyCode(u16);

/// Why a number is not a county code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a county code is 1 to 999")]
pub struct CountyCodeError;

impl CountyCode {
    /// NCANDS: the report came from out of state.
    pub const OUT_OF_STATE: CountyCode = CountyCode(998);
    /// NCANDS: the county is unknown.
    pub const UNKNOWN: CountyCode = CountyCode(999);

    /// The code, if it is 1 to 999.
    pub fn new(code: u16) -> Result<Self, CountyCodeError> {
        if (1..=999).contains(&code) {
            Ok(CountyCode(code))
        } else {
            Err(CountyCodeError)
        }
    }

    /// The three-digit code.
    pub fn code(self) -> u16 {
        self.0
    }
}

impl TryFrom<u16> for CountyCode {
    type Error = CountyCodeError;
    fn try_from(code: u16) -> Result<Self, Self::Error> {
        CountyCode::new(code)
    }
}

impl From<CountyCode> for u16 {
    fn from(code: CountyCode) -> u16 {
        code.0
    }
}

impl fmt::Display for CountyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:03}", self.0)
    }
}

/// A child risk factor found during the response (NCANDS Child File CdAlc … CdMedicl).
/// `ncands_field()` names the Child File flag it sets. [R]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChildRiskFactor {
    /// Alcohol abuse.
    AlcoholAbuse,
    /// Drug abuse.
    DrugAbuse,
    /// Intellectual disability.
    IntellectualDisability,
    /// Emotional disturbance.
    EmotionalDisturbance,
    /// Visual or hearing impairment.
    VisualOrHearingImpairment,
    /// Learning disability.
    LearningDisability,
    /// Physical disability.
    PhysicalDisability,
    /// Behavior problem.
    BehaviorProblem,
    /// Another medical condition.
    OtherMedicalCondition,
}

impl ChildRiskFactor {
    /// Every value.
    pub const ALL: &'static [ChildRiskFactor] = &[
        Self::AlcoholAbuse,
        Self::DrugAbuse,
        Self::IntellectualDisability,
        Self::EmotionalDisturbance,
        Self::VisualOrHearingImpairment,
        Self::LearningDisability,
        Self::PhysicalDisability,
        Self::BehaviorProblem,
        Self::OtherMedicalCondition,
    ];

    /// The NCANDS Child File flag.
    pub fn ncands_field(self) -> &'static str {
        match self {
            Self::AlcoholAbuse => "CdAlc",
            Self::DrugAbuse => "CdDrug",
            Self::IntellectualDisability => "CdRtrd",
            Self::EmotionalDisturbance => "CdEmotnl",
            Self::VisualOrHearingImpairment => "CdVisual",
            Self::LearningDisability => "CdLearn",
            Self::PhysicalDisability => "CdPhys",
            Self::BehaviorProblem => "CdBehav",
            Self::OtherMedicalCondition => "CdMedicl",
        }
    }
}

/// A caregiver or household risk factor found during the response (NCANDS Child File
/// FCAlc … FCPublic). `ncands_field()` names the flag it sets. [R]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaregiverRiskFactor {
    /// Alcohol abuse.
    AlcoholAbuse,
    /// Drug abuse.
    DrugAbuse,
    /// Intellectual disability.
    IntellectualDisability,
    /// Emotional disturbance.
    EmotionalDisturbance,
    /// Visual or hearing impairment.
    VisualOrHearingImpairment,
    /// Learning disability.
    LearningDisability,
    /// Physical disability.
    PhysicalDisability,
    /// Another medical condition.
    OtherMedicalCondition,
    /// Domestic violence in the household.
    DomesticViolence,
    /// Inadequate housing.
    InadequateHousing,
    /// Financial problem.
    FinancialProblem,
    /// Receives public assistance.
    PublicAssistance,
}

impl CaregiverRiskFactor {
    /// Every value.
    pub const ALL: &'static [CaregiverRiskFactor] = &[
        Self::AlcoholAbuse,
        Self::DrugAbuse,
        Self::IntellectualDisability,
        Self::EmotionalDisturbance,
        Self::VisualOrHearingImpairment,
        Self::LearningDisability,
        Self::PhysicalDisability,
        Self::OtherMedicalCondition,
        Self::DomesticViolence,
        Self::InadequateHousing,
        Self::FinancialProblem,
        Self::PublicAssistance,
    ];

    /// The NCANDS Child File flag.
    pub fn ncands_field(self) -> &'static str {
        match self {
            Self::AlcoholAbuse => "FCAlc",
            Self::DrugAbuse => "FCDrug",
            Self::IntellectualDisability => "FCRtrd",
            Self::EmotionalDisturbance => "FCEmotnl",
            Self::VisualOrHearingImpairment => "FCVisual",
            Self::LearningDisability => "FCLearn",
            Self::PhysicalDisability => "FCPhys",
            Self::OtherMedicalCondition => "FCMedicl",
            Self::DomesticViolence => "FCViol",
            Self::InadequateHousing => "FCHouse",
            Self::FinancialProblem => "FCMoney",
            Self::PublicAssistance => "FCPublic",
        }
    }
}

/// When a child was a victim of sex trafficking, relative to foster care (AFCARS
/// E106–E108 before entering care, E109–E111 while in care; 45 CFR 1355.44(d)(5)–(6)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TraffickingTiming {
    /// Before the current entry into foster care (E106).
    BeforeEnteringCare,
    /// While in foster care (E109).
    WhileInCare,
}
