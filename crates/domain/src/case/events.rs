//! What the Case aggregate has recorded: the stored contract.
//!
//! Each variant's name is its stable `event_type`; payloads are MessagePack maps with
//! named fields. Every fact carries the date it occurred (and the time, where the
//! federal field has one) in its own field, which [`CaseEvent::occurred_on`] returns;
//! the store stamps `recorded_at`, so a late entry shows as a gap between the two and
//! the occurrence date is never replaced by the recording date.
//!
//! An intern's entry is an [`CaseEvent::EntryProposed`] event holding the proposed
//! command. It is not a fact: it becomes one only when an approver's
//! [`CaseEvent::EntryApproved`] is followed by the fact events themselves. Anything that
//! reads this log (projectors, reports, replay) must treat only events for which
//! [`CaseEvent::is_effective_fact`] is true as facts about the case.
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::codes::{
    AssistanceAgreementType, CaregiverRiskFactor, CaseworkerVisitLocation, ChildRiskFactor,
    CommunicationMethod, CountyCode, ExitReason, MaltreatmentDisposition, MaltreatmentType,
    PermanencyPlan, RemovalCircumstance, RemovalEnvironment, RemovalManner, ReportSource,
    ServiceType, TerminationKind, TraffickingTiming,
};
use super::commands::CaseCommand;
use super::facts::{
    AgreementEndReason, AllegedPerpetrator, AssessmentResult, ChildRepresentative, ClosureReason,
    CustodyOrderKind, DocumentKind, NoteSegment, PlacementLocation, PlacementSetting,
    RecruitmentActivity, ScreeningDecision, StorageKey, VisitOutcome,
};
use super::ids::*;
use crate::values::{Date, Narrative, Sha256Digest, TimeOfDay};
use crate::Cents;
use crate::{CaseId, DomainEvent, OrganizationId, PersonId, ProviderId, StaffId};

/// Every event of a case stream. Field meanings match the command of the same name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseEvent {
    /// The referral that starts the case.
    ReferralReceived {
        case_id: CaseId,
        reported_on: Date,
        reported_at: Option<TimeOfDay>,
        source: ReportSource,
        county: CountyCode,
        agency: OrganizationId,
        children: Vec<PersonId>,
        summary: Narrative,
    },
    /// The screening decision.
    ReferralScreened {
        screened_on: Date,
        decision: ScreeningDecision,
    },
    /// The first contact of the CPS response.
    ResponseInitiated {
        started_on: Date,
        started_at: Option<TimeOfDay>,
    },
    /// An allegation.
    AllegationRecorded {
        allegation_id: AllegationId,
        victim: PersonId,
        maltreatment: MaltreatmentType,
        perpetrator: Option<AllegedPerpetrator>,
        alleged_on: Date,
        incident_on: Option<Date>,
    },
    /// A finding on an allegation. A later finding (after review or appeal) supersedes
    /// an earlier one; both stay in the log.
    DispositionRecorded {
        allegation_id: AllegationId,
        disposition: MaltreatmentDisposition,
        disposed_on: Date,
    },
    /// An assessment tool's result.
    AssessmentRecorded {
        assessment_id: AssessmentId,
        result: AssessmentResult,
        completed_on: Date,
        persons: Vec<PersonId>,
        summary: Option<Narrative>,
    },
    /// Risk factors for a child and their caregivers (NCANDS Cd*, FC*).
    RiskFactorsRecorded {
        child: PersonId,
        assessed_on: Date,
        child_factors: BTreeSet<ChildRiskFactor>,
        caregiver_factors: BTreeSet<CaregiverRiskFactor>,
    },
    /// A child died of maltreatment (NCANDS MalDeath, DeathDt).
    MaltreatmentDeathRecorded { child: PersonId, died_on: Date },
    /// A child was found to be a victim of sex trafficking (AFCARS E106–E111).
    SexTraffickingIdentified {
        child: PersonId,
        timing: TraffickingTiming,
        identified_on: Date,
        reported_to_law_enforcement_on: Option<Date>,
    },
    /// A case note.
    CaseNoteRecorded {
        note_id: NoteId,
        author: StaffId,
        persons_involved: Vec<PersonId>,
        occurred_on: Date,
        occurred_at: Option<TimeOfDay>,
        segments: Vec<NoteSegment>,
    },
    /// A note amending an earlier note, which stays as it was written.
    CaseNoteAmended {
        note_id: NoteId,
        amends: NoteId,
        author: StaffId,
        reason: Narrative,
        persons_involved: Vec<PersonId>,
        occurred_on: Date,
        occurred_at: Option<TimeOfDay>,
        segments: Vec<NoteSegment>,
    },
    /// The case was opened for ongoing services.
    CaseOpened { opened_on: Date },
    /// A caseworker (and supervisor) became responsible for the case.
    CaseworkerAssigned {
        worker: StaffId,
        supervisor: Option<StaffId>,
        assigned_on: Date,
    },
    /// The case moved to another organization.
    CaseTransferred {
        to_organization: OrganizationId,
        transferred_on: Date,
    },
    /// The case was closed.
    CaseClosed {
        closed_on: Date,
        reason: ClosureReason,
    },
    /// A practice case was kept for training review: purges pass it by.
    MarkedForTrainingReview { marked_on: Date },
    /// A practice case was purged: it leaves every view, and no command reaches it.
    PracticeCasePurged { purged_on: Date },
    /// A case plan goal.
    CasePlanGoalSet {
        goal_id: GoalId,
        persons: Vec<PersonId>,
        description: Narrative,
        set_on: Date,
        target_on: Date,
    },
    /// A permanency plan (AFCARS E147 date, E148 type).
    PermanencyPlanRecorded {
        child: PersonId,
        plan: PermanencyPlan,
        established_on: Date,
    },
    /// A periodic review (AFCARS E149).
    PeriodicReviewHeld { child: PersonId, held_on: Date },
    /// A permanency hearing (AFCARS E150).
    PermanencyHearingHeld { child: PersonId, held_on: Date },
    /// A juvenile court petition (NCANDS JuvPet, PetDate).
    JuvenileCourtPetitionFiled { child: PersonId, filed_on: Date },
    /// A court representative for a child (NCANDS CoChRep).
    ChildRepresentativeAppointed {
        child: PersonId,
        representative: ChildRepresentative,
        appointed_on: Date,
    },
    /// A custody order.
    CustodyOrderIssued {
        order_id: CourtOrderId,
        child: PersonId,
        order: CustodyOrderKind,
        issued_on: Date,
    },
    /// A TPR petition for one parent (AFCARS E65/E66).
    TprPetitionFiled {
        child: PersonId,
        parent: PersonId,
        filed_on: Date,
    },
    /// One parent's rights were terminated (AFCARS E63–E68).
    ParentalRightsTerminated {
        child: PersonId,
        parent: PersonId,
        kind: TerminationKind,
        terminated_on: Date,
    },
    /// A service referral.
    ServiceReferred {
        referral_id: ServiceReferralId,
        persons: Vec<PersonId>,
        service: ServiceType,
        provider: Option<ProviderId>,
        method: CommunicationMethod,
        referred_on: Date,
    },
    /// A provider's report summary.
    ProviderReportReceived {
        report_id: ProviderReportId,
        provider: ProviderId,
        referral_id: Option<ServiceReferralId>,
        method: CommunicationMethod,
        received_on: Date,
        services_received_on: BTreeSet<Date>,
        summary: Narrative,
    },
    /// A removal, opening a custody episode (AFCARS E69, E71–E105).
    ChildRemoved {
        episode_id: EpisodeId,
        child: PersonId,
        removed_on: Date,
        removed_at: Option<TimeOfDay>,
        manner: RemovalManner,
        environment: RemovalEnvironment,
        circumstances: BTreeSet<RemovalCircumstance>,
    },
    /// A placement (AFCARS E112–E122).
    ChildPlaced {
        placement_id: PlacementId,
        episode_id: EpisodeId,
        child: PersonId,
        started_on: Date,
        ended_on: Option<Date>,
        setting: PlacementSetting,
        provider: Option<ProviderId>,
        location: PlacementLocation,
    },
    /// A placement ended.
    PlacementEnded {
        placement_id: PlacementId,
        episode_id: EpisodeId,
        ended_on: Date,
    },
    /// The child left care, closing the episode (AFCARS E153, E155–E156).
    ChildExitedCare {
        episode_id: EpisodeId,
        child: PersonId,
        exited_on: Date,
        reason: ExitReason,
    },
    /// An adoption recruitment activity.
    RecruitmentActivityRecorded {
        activity_id: RecruitmentActivityId,
        child: PersonId,
        activity: RecruitmentActivity,
        occurred_on: Date,
    },
    /// A matching conference.
    MatchingConferenceHeld {
        conference_id: MatchingConferenceId,
        child: PersonId,
        held_on: Date,
        families_considered: BTreeSet<ProviderId>,
        selected: Option<ProviderId>,
    },
    /// An adoptive placement.
    AdoptivePlacementMade {
        child: PersonId,
        family: ProviderId,
        placed_on: Date,
    },
    /// An adoption was finalized.
    AdoptionFinalized { child: PersonId, finalized_on: Date },
    /// A legal guardianship was granted.
    GuardianshipEstablished {
        child: PersonId,
        guardians: BTreeSet<PersonId>,
        established_on: Date,
    },
    /// An assistance agreement was signed.
    AssistanceAgreementSigned {
        agreement_id: AgreementId,
        child: PersonId,
        agreement_type: AssistanceAgreementType,
        monthly_amount: Cents,
        signed_on: Date,
        effective_on: Date,
        ends_on: Option<Date>,
    },
    /// An assistance agreement ended (AFCARS A18).
    AssistanceAgreementEnded {
        agreement_id: AgreementId,
        ended_on: Date,
        reason: AgreementEndReason,
    },
    /// A caseworker visit (AFCARS E151–E152).
    CaseworkerVisitMade {
        visit_id: CaseworkerVisitId,
        child: PersonId,
        caseworker: StaffId,
        visited_on: Date,
        location: CaseworkerVisitLocation,
    },
    /// A family visit was scheduled. Scheduling itself happens when it is recorded.
    FamilyVisitScheduled {
        visit_id: FamilyVisitId,
        child: PersonId,
        visitors: BTreeSet<PersonId>,
        supervisor: Option<ProviderId>,
        scheduled_for: Date,
        scheduled_at: Option<TimeOfDay>,
    },
    /// A family visit's outcome.
    FamilyVisitConcluded {
        visit_id: FamilyVisitId,
        outcome: VisitOutcome,
        occurred_on: Date,
    },
    /// A document's metadata.
    DocumentAttached {
        document_id: DocumentId,
        kind: DocumentKind,
        sha256: Sha256Digest,
        storage_key: StorageKey,
        dated_on: Date,
    },
    /// An intern proposed an entry. Not a fact until approved.
    EntryProposed {
        entry: EntryNumber,
        proposed_by: StaffId,
        command: Box<CaseCommand>,
    },
    /// An approver accepted a pending entry; the entry's fact events follow this one in
    /// the same append.
    EntryApproved {
        entry: EntryNumber,
        proposed_by: StaffId,
        approved_by: StaffId,
    },
    /// An approver rejected a pending entry; it never becomes a fact.
    EntryRejected {
        entry: EntryNumber,
        proposed_by: StaffId,
        rejected_by: StaffId,
        reason: Narrative,
    },
}

impl CaseEvent {
    /// Whether this event states a fact about the case. False for an intern's proposal
    /// and for the approval workflow events, which say something about an entry, not
    /// about the child or family.
    pub fn is_effective_fact(&self) -> bool {
        !matches!(
            self,
            Self::EntryProposed { .. } | Self::EntryApproved { .. } | Self::EntryRejected { .. }
        )
    }

    /// The date the fact occurred, or `None` when the event's occurrence is its
    /// recording (scheduling a visit, the approval workflow).
    pub fn occurred_on(&self) -> Option<Date> {
        use CaseEvent::*;
        match self {
            ReferralReceived { reported_on, .. } => Some(*reported_on),
            ReferralScreened { screened_on, .. } => Some(*screened_on),
            ResponseInitiated { started_on, .. } => Some(*started_on),
            AllegationRecorded { alleged_on, .. } => Some(*alleged_on),
            DispositionRecorded { disposed_on, .. } => Some(*disposed_on),
            AssessmentRecorded { completed_on, .. } => Some(*completed_on),
            RiskFactorsRecorded { assessed_on, .. } => Some(*assessed_on),
            MaltreatmentDeathRecorded { died_on, .. } => Some(*died_on),
            SexTraffickingIdentified { identified_on, .. } => Some(*identified_on),
            CaseNoteRecorded { occurred_on, .. } | CaseNoteAmended { occurred_on, .. } => {
                Some(*occurred_on)
            }
            CaseOpened { opened_on } => Some(*opened_on),
            CaseworkerAssigned { assigned_on, .. } => Some(*assigned_on),
            CaseTransferred { transferred_on, .. } => Some(*transferred_on),
            CaseClosed { closed_on, .. } => Some(*closed_on),
            MarkedForTrainingReview { marked_on } => Some(*marked_on),
            PracticeCasePurged { purged_on } => Some(*purged_on),
            CasePlanGoalSet { set_on, .. } => Some(*set_on),
            PermanencyPlanRecorded { established_on, .. } => Some(*established_on),
            PeriodicReviewHeld { held_on, .. } | PermanencyHearingHeld { held_on, .. } => {
                Some(*held_on)
            }
            JuvenileCourtPetitionFiled { filed_on, .. } => Some(*filed_on),
            ChildRepresentativeAppointed { appointed_on, .. } => Some(*appointed_on),
            CustodyOrderIssued { issued_on, .. } => Some(*issued_on),
            TprPetitionFiled { filed_on, .. } => Some(*filed_on),
            ParentalRightsTerminated { terminated_on, .. } => Some(*terminated_on),
            ServiceReferred { referred_on, .. } => Some(*referred_on),
            ProviderReportReceived { received_on, .. } => Some(*received_on),
            ChildRemoved { removed_on, .. } => Some(*removed_on),
            ChildPlaced { started_on, .. } => Some(*started_on),
            PlacementEnded { ended_on, .. } => Some(*ended_on),
            ChildExitedCare { exited_on, .. } => Some(*exited_on),
            RecruitmentActivityRecorded { occurred_on, .. } => Some(*occurred_on),
            MatchingConferenceHeld { held_on, .. } => Some(*held_on),
            AdoptivePlacementMade { placed_on, .. } => Some(*placed_on),
            AdoptionFinalized { finalized_on, .. } => Some(*finalized_on),
            GuardianshipEstablished { established_on, .. } => Some(*established_on),
            AssistanceAgreementSigned { signed_on, .. } => Some(*signed_on),
            AssistanceAgreementEnded { ended_on, .. } => Some(*ended_on),
            CaseworkerVisitMade { visited_on, .. } => Some(*visited_on),
            FamilyVisitConcluded { occurred_on, .. } => Some(*occurred_on),
            DocumentAttached { dated_on, .. } => Some(*dated_on),
            FamilyVisitScheduled { .. }
            | EntryProposed { .. }
            | EntryApproved { .. }
            | EntryRejected { .. } => None,
        }
    }
}

impl DomainEvent for CaseEvent {
    fn event_type(&self) -> &'static str {
        use CaseEvent::*;
        match self {
            ReferralReceived { .. } => "ReferralReceived",
            ReferralScreened { .. } => "ReferralScreened",
            ResponseInitiated { .. } => "ResponseInitiated",
            AllegationRecorded { .. } => "AllegationRecorded",
            DispositionRecorded { .. } => "DispositionRecorded",
            AssessmentRecorded { .. } => "AssessmentRecorded",
            RiskFactorsRecorded { .. } => "RiskFactorsRecorded",
            MaltreatmentDeathRecorded { .. } => "MaltreatmentDeathRecorded",
            SexTraffickingIdentified { .. } => "SexTraffickingIdentified",
            CaseNoteRecorded { .. } => "CaseNoteRecorded",
            CaseNoteAmended { .. } => "CaseNoteAmended",
            CaseOpened { .. } => "CaseOpened",
            CaseworkerAssigned { .. } => "CaseworkerAssigned",
            CaseTransferred { .. } => "CaseTransferred",
            CaseClosed { .. } => "CaseClosed",
            MarkedForTrainingReview { .. } => "MarkedForTrainingReview",
            PracticeCasePurged { .. } => "PracticeCasePurged",
            CasePlanGoalSet { .. } => "CasePlanGoalSet",
            PermanencyPlanRecorded { .. } => "PermanencyPlanRecorded",
            PeriodicReviewHeld { .. } => "PeriodicReviewHeld",
            PermanencyHearingHeld { .. } => "PermanencyHearingHeld",
            JuvenileCourtPetitionFiled { .. } => "JuvenileCourtPetitionFiled",
            ChildRepresentativeAppointed { .. } => "ChildRepresentativeAppointed",
            CustodyOrderIssued { .. } => "CustodyOrderIssued",
            TprPetitionFiled { .. } => "TprPetitionFiled",
            ParentalRightsTerminated { .. } => "ParentalRightsTerminated",
            ServiceReferred { .. } => "ServiceReferred",
            ProviderReportReceived { .. } => "ProviderReportReceived",
            ChildRemoved { .. } => "ChildRemoved",
            ChildPlaced { .. } => "ChildPlaced",
            PlacementEnded { .. } => "PlacementEnded",
            ChildExitedCare { .. } => "ChildExitedCare",
            RecruitmentActivityRecorded { .. } => "RecruitmentActivityRecorded",
            MatchingConferenceHeld { .. } => "MatchingConferenceHeld",
            AdoptivePlacementMade { .. } => "AdoptivePlacementMade",
            AdoptionFinalized { .. } => "AdoptionFinalized",
            GuardianshipEstablished { .. } => "GuardianshipEstablished",
            AssistanceAgreementSigned { .. } => "AssistanceAgreementSigned",
            AssistanceAgreementEnded { .. } => "AssistanceAgreementEnded",
            CaseworkerVisitMade { .. } => "CaseworkerVisitMade",
            FamilyVisitScheduled { .. } => "FamilyVisitScheduled",
            FamilyVisitConcluded { .. } => "FamilyVisitConcluded",
            DocumentAttached { .. } => "DocumentAttached",
            EntryProposed { .. } => "EntryProposed",
            EntryApproved { .. } => "EntryApproved",
            EntryRejected { .. } => "EntryRejected",
        }
    }

    fn schema_version(&self) -> u16 {
        // Every case event is at its first version. When a payload changes, its variant
        // gets a new number here and an upcaster in the store's read path.
        1
    }
}
