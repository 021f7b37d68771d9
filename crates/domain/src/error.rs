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
    #[error("the case is screened out or closed")]
    CaseClosed,
    #[error("the referral has not been screened in")]
    ReferralNotScreenedIn,
    #[error("the referral has already been screened")]
    AlreadyScreened,
    #[error("the case is already open")]
    CaseAlreadyOpen,
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
}
