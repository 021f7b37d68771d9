//! The domain's one error: which rule a command broke, and on which field.

/// A command was rejected. `field` is the JSON path of the offending field in the command
/// (`placements[0].start_date`, `author`), so the HTTP API and the importer can name it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {rule}")]
pub struct DomainError {
    pub rule: Rule,
    pub field: &'static str,
}

impl DomainError {
    pub fn new(rule: Rule, field: &'static str) -> Self {
        DomainError { rule, field }
    }
}

/// Every rule a command can break. The message says what the rule requires; `code()` is
/// the stable machine name used in problem+json bodies.
///
/// The code is the variant's name, so renaming a variant changes the public API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Rule {
    // --- general rules ---
    #[error("the field is required")]
    Required,
    #[error("the aggregate does not exist yet")]
    NotFound,
    #[error("the aggregate already exists")]
    AlreadyExists,
    #[error("a date cannot be in the future")]
    DateInFuture,
    // --- case rules (intake, investigation, notes, plans, custody, adoption, visits) ---
    #[error("the amount cannot be negative")]
    AmountNegative,
    #[error("the case is screened out or closed")]
    CaseClosed,
    #[error("the referral has not been screened in")]
    ReferralNotScreenedIn,
    #[error("the referral has already been screened")]
    AlreadyScreened,
    #[error("the case is already open")]
    CaseAlreadyOpen,
    #[error("the practice case was purged")]
    CasePurged,
    #[error("the practice case is kept for training review and is not purged")]
    KeptForTrainingReview,
    #[error("a caseworker cannot be their own supervisor")]
    SupervisorIsWorker,
    #[error("the case is already with this agency")]
    TransferToSameAgency,
    #[error("an entry with this id already exists in the case")]
    DuplicateId,
    #[error("this fact is already recorded and cannot be recorded twice")]
    AlreadyRecorded,
    #[error("a date in the case cannot be before the referral's report date")]
    BeforeReport,
    #[error("the incident date cannot be after the date of the allegation")]
    IncidentAfterAllegation,
    #[error("the alleged perpetrator cannot be the alleged victim")]
    PerpetratorIsVictim,
    #[error("no allegation with this id exists in the case")]
    AllegationNotFound,
    #[error("the child is not an alleged victim in this case")]
    NotAnAllegedVictim,
    #[error("this disposition belongs to the other CPS response type")]
    DispositionDoesNotFitResponse,
    #[error("a disposition cannot be dated before its allegation")]
    DispositionBeforeAllegation,
    #[error("no note with this id exists in the case")]
    NoteNotFound,
    #[error("an end date cannot be before its start date")]
    EndBeforeStart,
    #[error("a custody episode is still open; record the exit first")]
    EpisodeStillOpen,
    #[error("parental rights cannot be terminated before the TPR petition was filed")]
    TprBeforePetition,
    #[error("no service referral with this id exists in the case")]
    ServiceReferralNotFound,
    #[error("a service cannot be received after the report about it")]
    ServiceAfterReport,
    #[error("these removal circumstances exclude each other")]
    ExclusiveCircumstances,
    #[error("the child already has an open custody episode")]
    EpisodeAlreadyOpen,
    #[error("the removal falls inside an earlier custody episode of the child")]
    RemovalOverlapsEpisode,
    #[error("no custody episode with this id exists in the case")]
    EpisodeNotFound,
    #[error("the custody episode has ended")]
    EpisodeNotOpen,
    #[error("the placement falls outside its custody episode")]
    PlacementOutsideEpisode,
    #[error("the placement overlaps another placement in the episode")]
    PlacementsOverlap,
    #[error("runaway and whereabouts-unknown settings go with location 4, and only they do")]
    LocationDoesNotFitSetting,
    #[error("no placement with this id exists in the case")]
    PlacementNotFound,
    #[error("the placement has already ended")]
    PlacementAlreadyEnded,
    #[error("an exit cannot be before its removal")]
    ExitBeforeRemoval,
    #[error("a placement in the episode starts or ends after this exit date")]
    PlacementAfterExit,
    #[error("the child was not in foster care on this date")]
    ChildNotInCare,
    #[error("a permanency plan, review or hearing of the child is dated after this exit")]
    InCareActivityAfterExit,
    #[error("an exit to adoption needs the adoption finalized on or before the exit")]
    ExitWithoutFinalizedAdoption,
    #[error("an exit to guardianship needs the guardianship established on or before the exit")]
    ExitWithoutGuardianship,
    #[error("the selected family must be one of the families considered")]
    SelectedFamilyNotConsidered,
    #[error("the child has no adoptive placement")]
    NoAdoptivePlacement,
    #[error("no assistance agreement with this id exists in the case")]
    AgreementNotFound,
    #[error("an adoption cannot be finalized before the adoptive placement")]
    FinalizationBeforePlacement,
    #[error("a child has at most two legal guardians")]
    TooManyGuardians,
    #[error("no family visit with this id exists in the case")]
    FamilyVisitNotFound,
    #[error("the visit's outcome is already recorded")]
    VisitAlreadyConcluded,
    #[error("each skill can be rated once per visit")]
    DuplicateSkillRating,
    #[error("no pending entry with this number exists in the case")]
    PendingEntryNotFound,
    #[error("an intern cannot approve or reject entries")]
    InternCannotApprove,
    #[error("an entry must be approved or rejected by someone other than its author")]
    ApproverIsProposer,
    // --- person, youth, provider, financial, staff and grant rules ---
    #[error("the text is longer than 200 characters")]
    TextTooLong,
    #[error("the value is not a valid code for this field")]
    InvalidCode,
    #[error("the command changes nothing")]
    NothingToChange,
    #[error("the person's personal data was erased; no new personal data can be recorded")]
    PersonErased,
    #[error("the date is before the person's date of birth")]
    DateBeforeBirth,
    #[error("ICWA cannot apply to a child recorded as not a member of, nor eligible for, a tribe")]
    IcwaContradictsTribalMembership,
    #[error("a child not of school age has no grade level, and a child of school age needs one")]
    SchoolAgeInconsistent,
    #[error("a child placed with their own children must have fathered or borne a child")]
    ParentingInconsistent,
    #[error("a person cannot be related to themselves")]
    RelationshipToSelf,
    #[error("a relationship to this person is already recorded; end it before recording another")]
    RelationshipAlreadyRecorded,
    #[error("no current relationship to this person is recorded")]
    RelationshipNotFound,
    #[error("the amount must be more than zero cents")]
    AmountNotPositive,
    #[error("the duration must be more than zero")]
    DurationNotPositive,
    #[error("the end of the period must be after its start")]
    PeriodEndsBeforeStart,
    #[error("the two caregivers of a couple must be two different persons")]
    DuplicateCaregiver,
    #[error("a license application is already pending")]
    ApplicationPending,
    #[error("the provider already holds an active license")]
    LicenseAlreadyActive,
    #[error("there is no pending license application")]
    NoPendingApplication,
    #[error("the provider holds no active license")]
    NoActiveLicense,
    #[error("the license was revoked; a revoked license is never renewed (the provider may apply again)")]
    LicenseRevoked,
    #[error("the license expired before the renewal; the provider must apply again")]
    LicenseLapsed,
    #[error("a renewal must move the expiry later")]
    RenewalNotLater,
    #[error("a family home needs a completed home study before approval")]
    HomeStudyRequired,
    #[error("the home study recommended denial")]
    HomeStudyRecommendedDenial,
    #[error("home studies and caregiver trainings apply to foster and adoptive homes only")]
    NotAFamilyHome,
    #[error("recruitment plans and events are kept by agencies only")]
    NotAnAgency,
    #[error("discharge planning and aftercare are recorded by QRTPs only")]
    NotAQrtp,
    #[error("no training with this id is recorded for the provider")]
    TrainingNotFound,
    #[error("reimbursement was already requested for this training")]
    ReimbursementAlreadyRequested,
    #[error("no discharge from this QRTP is recorded for the youth")]
    YouthNotDischarged,
    #[error("aftercare cannot precede the youth's discharge")]
    AftercareBeforeDischarge,
    #[error("an eligibility determination cannot precede the removal")]
    DeterminationBeforeRemoval,
    #[error("this eligibility record belongs to another child")]
    ChildMismatch,
    #[error("eligibility for this removal episode is already determined; re-determine it instead")]
    AlreadyDetermined,
    #[error("eligibility for this removal episode has not been determined yet")]
    NotDetermined,
    #[error("a re-determination cannot precede the latest determination")]
    RedeterminationBeforeDetermination,
    #[error("these payments belong to another provider")]
    ProviderMismatch,
    #[error("a payment for this child already covers part of this service period")]
    OverlappingPayment,
    #[error("no payment with this id is recorded")]
    PaymentNotFound,
    #[error("the payment is already voided")]
    PaymentAlreadyVoided,
    #[error("a grant needs a stated purpose")]
    GrantPurposeRequired,
    #[error("a grant's expiry must be after the moment it is issued")]
    GrantExpiryInPast,
    #[error("this scope is not one the grant's program may be given")]
    GrantScopeNotAllowedForProgram,
    #[error("a staff member cannot issue a grant to themselves")]
    GrantToSelf,
    #[error("the grant was revoked")]
    GrantRevoked,
    #[error("the grant has expired; issue a new one")]
    GrantExpired,
    #[error("an extension must move the expiry later")]
    GrantExtensionNotLater,
    #[error("the organization is closed")]
    OrganizationClosed,
    #[error("the account is suspended already")]
    AccountAlreadySuspended,
    #[error("the account is revoked; a revoked account is never changed or reinstated")]
    AccountRevoked,
    #[error("only a suspended account can be reinstated")]
    AccountNotSuspended,
    #[error("the staff member already holds this role")]
    RoleAlreadyAssigned,
    #[error("the staff member does not hold this role")]
    RoleNotAssigned,
    #[error("an intern cannot hold a supervising or approving role")]
    InternCannotHoldApprovingRole,
    #[error("a staff member cannot be their own supervisor")]
    SupervisorIsSelf,
    #[error("this supervisor is already linked")]
    SupervisorAlreadyLinked,
    #[error("this supervisor is not linked")]
    SupervisorNotLinked,
    #[error("a staff member's own person record cannot be declared as their relative")]
    RelativeIsSelf,
    #[error("the relationship is not a relative relationship under Ohio Adm.Code 5101:2-1-01")]
    NotARelative,
    #[error("this person is already declared as a relative")]
    RelativeAlreadyDeclared,
    #[error("this person is not declared as a relative")]
    RelativeNotDeclared,
    #[error("the youth's date of birth must be recorded first")]
    DateOfBirthUnknown,
    #[error("the corrected date of birth would put an outcome survey already recorded outside its window")]
    DateOfBirthContradictsSurveys,
    #[error("the survey date is outside the survey window (baseline: 45 days after the 17th birthday; follow-up: the fiscal year of the 19th or 21st birthday)")]
    SurveyOutsideWindow,
    #[error("the youth's 17th birthday is not in a NYTD baseline cohort year (FY2011 and every third year after)")]
    NotInBaselineCohort,
    #[error("this survey is already recorded for the youth")]
    SurveyAlreadyRecorded,
    #[error("follow-up surveys are only for youth who participated in the baseline survey")]
    NotInFollowUpPopulation,
    #[error("this answer is not allowed for this survey element")]
    SurveyAnswerNotAllowed,
    #[error("the answer contradicts the question it depends on (not applicable exactly when that answer is no)")]
    SurveySkipPatternBroken,
    #[error(
        "a participating youth must give at least one answer other than declined or not applicable"
    )]
    SurveyHasNoResponse,
    #[error("answers are recorded only when the youth participated")]
    SurveyAnswersWithoutParticipation,
}

impl Rule {
    /// The stable machine name of the rule, e.g. `PlacementOutsideEpisode`.
    pub fn code(&self) -> String {
        format!("{self:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_code_is_its_variant_name() {
        assert_eq!(Rule::Required.code(), "Required");
        assert_eq!(Rule::InternCannotApprove.code(), "InternCannotApprove");
    }
}
