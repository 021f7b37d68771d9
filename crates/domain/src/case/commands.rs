//! What a caseworker, supervisor or importer asks the Case aggregate to record.
//!
//! Commands arrive as JSON (HTTP API, NDJSON importer), externally tagged by name:
//! `{"RecordCaseNote": {...}}`. Every struct denies unknown fields so a misspelt field is
//! an error, not a silently dropped fact. A field that the domain must reject with a
//! named rule rather than a parse error (a note's `author`) is an `Option`.
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::codes::{
    AssistanceAgreementType, CaregiverRiskFactor, CaseworkerVisitLocation, ChildRiskFactor,
    CommunicationMethod, CountyCode, ExitReason, MaltreatmentDisposition, MaltreatmentType,
    PermanencyPlan, RemovalCircumstance, RemovalEnvironment, RemovalManner, ReportSource,
    ServiceType, TerminationKind, TraffickingTiming,
};
use super::facts::{
    AgreementEndReason, AllegedPerpetrator, AssessmentResult, ChildRepresentative, ClosureReason,
    CustodyOrderKind, DocumentKind, NoteSegment, PlacementLocation, PlacementSetting,
    RecruitmentActivity, ScreeningDecision, StorageKey, VisitOutcome,
};
use super::ids::*;
use crate::values::{Date, Narrative, Sha256Digest, TimeOfDay};
use crate::Cents;
use crate::{CaseId, OrganizationId, PersonId, ProviderId, StaffId};

/// Every command the Case aggregate accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseCommand {
    // intake and assessment
    /// Starts a case with the referral that reported it.
    ReceiveReferral(ReceiveReferral),
    /// Screens the referral in or out.
    ScreenReferral(ScreenReferral),
    /// Records the first contact of the CPS response.
    InitiateResponse(InitiateResponse),
    /// Records an allegation.
    RecordAllegation(RecordAllegation),
    /// Records the finding on an allegation.
    RecordDisposition(RecordDisposition),
    /// Records an assessment tool's result.
    RecordAssessment(RecordAssessment),
    /// Records the child and caregiver risk factors found.
    RecordRiskFactors(RecordRiskFactors),
    /// Records that a child died of maltreatment.
    RecordMaltreatmentDeath(RecordMaltreatmentDeath),
    /// Records that a child was found to be a victim of sex trafficking.
    RecordSexTrafficking(RecordSexTrafficking),
    // notes
    /// Records a case note.
    RecordCaseNote(RecordCaseNote),
    /// Amends a case note with a new note.
    AmendCaseNote(AmendCaseNote),
    // status
    /// Opens the case for ongoing services.
    OpenCase(OpenCase),
    /// Assigns the caseworker (and supervisor) responsible for the case.
    AssignCaseworker(AssignCaseworker),
    /// Transfers the case to another organization.
    TransferCase(TransferCase),
    /// Closes the case.
    CloseCase(CloseCase),
    /// Keeps a practice deployment's case out of its quarterly purge ("My Training
    /// Review").
    MarkForTrainingReview(MarkForTrainingReview),
    /// Removes a practice deployment's case from every view (`kinlog practice purge`
    /// only; never imported, never over HTTP).
    PurgePracticeCase(PurgePracticeCase),
    // plan, reviews, court
    /// Sets a case plan goal.
    SetCasePlanGoal(SetCasePlanGoal),
    /// Records a child's permanency plan.
    RecordPermanencyPlan(RecordPermanencyPlan),
    /// Records a periodic review.
    RecordPeriodicReview(RecordPeriodicReview),
    /// Records a permanency hearing.
    RecordPermanencyHearing(RecordPermanencyHearing),
    /// Records a juvenile court petition about a child.
    FileJuvenileCourtPetition(FileJuvenileCourtPetition),
    /// Records the appointment of a child's court representative.
    AppointChildRepresentative(AppointChildRepresentative),
    /// Records a custody order.
    RecordCustodyOrder(RecordCustodyOrder),
    /// Records a petition to terminate a parent's rights.
    FileTprPetition(FileTprPetition),
    /// Records the termination of a parent's rights.
    RecordTermination(RecordTermination),
    // services
    /// Refers someone to a service.
    ReferToService(ReferToService),
    /// Records a provider's report on services delivered.
    RecordProviderReport(RecordProviderReport),
    // custody
    /// Records a removal, opening a custody episode.
    RecordRemoval(RecordRemoval),
    /// Records a placement in an open episode.
    PlaceChild(PlaceChild),
    /// Ends a placement.
    EndPlacement(EndPlacement),
    /// Records the child's exit from care, closing the episode.
    RecordExit(RecordExit),
    // adoption and guardianship
    /// Records an adoption recruitment activity.
    RecordRecruitmentActivity(RecordRecruitmentActivity),
    /// Records a matching conference.
    RecordMatchingConference(RecordMatchingConference),
    /// Records an adoptive placement.
    RecordAdoptivePlacement(RecordAdoptivePlacement),
    /// Records an adoption's finalization.
    FinalizeAdoption(FinalizeAdoption),
    /// Records the legal guardianship of a child.
    EstablishGuardianship(EstablishGuardianship),
    /// Records an adoption or guardianship assistance agreement.
    SignAssistanceAgreement(SignAssistanceAgreement),
    /// Ends an assistance agreement.
    EndAssistanceAgreement(EndAssistanceAgreement),
    // visits and documents
    /// Records a caseworker's visit with the child.
    RecordCaseworkerVisit(RecordCaseworkerVisit),
    /// Schedules a family visit.
    ScheduleFamilyVisit(ScheduleFamilyVisit),
    /// Records how a family visit went.
    RecordFamilyVisitOutcome(RecordFamilyVisitOutcome),
    /// Attaches a document's metadata.
    AttachDocument(AttachDocument),
    // intern entries (Ohio rule paragraph O)
    /// Approves an intern's pending entry, making it effective.
    ApproveEntry(ApproveEntry),
    /// Rejects an intern's pending entry.
    RejectEntry(RejectEntry),
}

/// A report of suspected abuse or neglect reaches the agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiveReferral {
    /// The new case's id (the stream).
    pub case_id: CaseId,
    /// NCANDS RptDt.
    pub reported_on: Date,
    /// NCANDS RptTm, when known.
    pub reported_at: Option<TimeOfDay>,
    /// NCANDS RptSrc.
    pub source: ReportSource,
    /// NCANDS RptCnty: the county the report concerns.
    pub county: CountyCode,
    /// The agency (PCSA) responsible for the case until it is transferred; its county
    /// is the AFCARS E3 local agency of any removal while it holds the case.
    pub agency: OrganizationId,
    /// The children the report concerns; at least one.
    pub children: Vec<PersonId>,
    /// What the reporter said.
    pub summary: Narrative,
}

/// Screens the referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScreenReferral {
    /// The screening date.
    pub screened_on: Date,
    /// In (with the response type) or out (with the reason).
    pub decision: ScreeningDecision,
}

/// The agency's first face-to-face contact for the response (NCANDS InvDate, InvStrTm).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitiateResponse {
    /// NCANDS InvDate.
    pub started_on: Date,
    /// NCANDS InvStrTm, when known.
    pub started_at: Option<TimeOfDay>,
}

/// An allegation about one child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordAllegation {
    /// The new allegation's id.
    pub allegation_id: AllegationId,
    /// The alleged victim.
    pub victim: PersonId,
    /// NCANDS ChMal.
    pub maltreatment: MaltreatmentType,
    /// The alleged perpetrator, when one is named.
    pub perpetrator: Option<AllegedPerpetrator>,
    /// When the allegation was made (on or after the report date).
    pub alleged_on: Date,
    /// NCANDS IncidDt, when known.
    pub incident_on: Option<Date>,
}

/// The finding on one allegation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordDisposition {
    /// The allegation.
    pub allegation_id: AllegationId,
    /// NCANDS MalLev.
    pub disposition: MaltreatmentDisposition,
    /// NCANDS RpDispDt.
    pub disposed_on: Date,
}

/// An assessment tool was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordAssessment {
    /// The new assessment's id.
    pub assessment_id: AssessmentId,
    /// The tool and its result.
    pub result: AssessmentResult,
    /// When the tool was completed.
    pub completed_on: Date,
    /// Who the assessment covers.
    pub persons: Vec<PersonId>,
    /// The worker's summary.
    pub summary: Option<Narrative>,
}

/// The risk factors found for one child and that child's caregivers (NCANDS CdAlc …
/// CdMedicl and FCAlc … FCPublic). A later record supersedes an earlier one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordRiskFactors {
    /// The child.
    pub child: PersonId,
    /// When they were assessed.
    pub assessed_on: Date,
    /// The child's risk factors; empty when none apply.
    pub child_factors: BTreeSet<ChildRiskFactor>,
    /// The caregivers' and household's risk factors; empty when none apply.
    pub caregiver_factors: BTreeSet<CaregiverRiskFactor>,
}

/// A child in the report died of maltreatment (NCANDS MalDeath, DeathDt).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordMaltreatmentDeath {
    /// The child; an alleged victim in this case.
    pub child: PersonId,
    /// The date of death; it may precede the report.
    pub died_on: Date,
}

/// A child was found to be a victim of sex trafficking (AFCARS E106–E111).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordSexTrafficking {
    /// The child.
    pub child: PersonId,
    /// Before entering care or while in care.
    pub timing: TraffickingTiming,
    /// When the agency learned of it; for `while_in_care`, a day the child was in care.
    pub identified_on: Date,
    /// When the agency reported it to law enforcement (E108/E111), if it did.
    pub reported_to_law_enforcement_on: Option<Date>,
}

/// A case note (Ohio rule paragraph H(3)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordCaseNote {
    /// The new note's id.
    pub note_id: NoteId,
    /// The staff member with the most direct knowledge, who prepared or supervised the
    /// note. Required: a note without an author is rejected.
    pub author: Option<StaffId>,
    /// The persons involved in the activity or statement.
    pub persons_involved: Vec<PersonId>,
    /// The date of the occurrence.
    pub occurred_on: Date,
    /// The time of the occurrence, when known.
    pub occurred_at: Option<TimeOfDay>,
    /// The note, passage by passage, each marked fact or opinion.
    pub segments: Vec<NoteSegment>,
}

/// Amends a note. The original stays as written; the amendment is a new note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmendCaseNote {
    /// The amendment's own note id.
    pub note_id: NoteId,
    /// The note it amends.
    pub amends: NoteId,
    /// The amendment's author.
    pub author: Option<StaffId>,
    /// Why the note is amended.
    pub reason: Narrative,
    /// The persons involved, as the amendment states them.
    pub persons_involved: Vec<PersonId>,
    /// The date of the occurrence, as the amendment states it.
    pub occurred_on: Date,
    /// The time of the occurrence, when known.
    pub occurred_at: Option<TimeOfDay>,
    /// The amended text.
    pub segments: Vec<NoteSegment>,
}

/// Opens the case for ongoing services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenCase {
    /// The opening date.
    pub opened_on: Date,
}

/// Assigns the caseworker responsible for the case (NCANDS WrkrID, SuprvID). The
/// assignment also defines the caseload the access-audit replay compares reads with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignCaseworker {
    /// The caseworker.
    pub worker: StaffId,
    /// The worker's supervisor for this case, when known.
    pub supervisor: Option<StaffId>,
    /// The date the assignment takes effect.
    pub assigned_on: Date,
}

/// Transfers case responsibility to another organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferCase {
    /// The receiving organization.
    pub to_organization: OrganizationId,
    /// The transfer date.
    pub transferred_on: Date,
}

/// Closes the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseCase {
    /// The closing date.
    pub closed_on: Date,
    /// Why.
    pub reason: ClosureReason,
}

/// Marks a practice case for training review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkForTrainingReview {
    /// The day it was marked.
    pub marked_on: Date,
}

/// Purges a practice case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurgePracticeCase {
    /// The day of the purge.
    pub purged_on: Date,
}

/// A case plan goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetCasePlanGoal {
    /// The new goal's id.
    pub goal_id: GoalId,
    /// The persons the goal is for.
    pub persons: Vec<PersonId>,
    /// The goal.
    pub description: Narrative,
    /// When the goal was set.
    pub set_on: Date,
    /// When it should be met (on or after `set_on`).
    pub target_on: Date,
}

/// A child's permanency plan (AFCARS E147 date, E148 type).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordPermanencyPlan {
    /// The child.
    pub child: PersonId,
    /// AFCARS E148.
    pub plan: PermanencyPlan,
    /// AFCARS E147: the date the plan was established.
    pub established_on: Date,
}

/// A periodic review of a child in care (AFCARS E149).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordPeriodicReview {
    /// The child.
    pub child: PersonId,
    /// The review date.
    pub held_on: Date,
}

/// A permanency hearing (AFCARS E150).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordPermanencyHearing {
    /// The child.
    pub child: PersonId,
    /// The hearing date.
    pub held_on: Date,
}

/// A juvenile court petition (abuse, neglect or dependency) about a child (NCANDS
/// JuvPet, PetDate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileJuvenileCourtPetition {
    /// The child.
    pub child: PersonId,
    /// The filing date.
    pub filed_on: Date,
}

/// The court appoints someone to represent a child (NCANDS CoChRep).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppointChildRepresentative {
    /// The child.
    pub child: PersonId,
    /// Guardian ad litem, CASA or attorney.
    pub representative: ChildRepresentative,
    /// The appointment date.
    pub appointed_on: Date,
}

/// A court order on custody.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordCustodyOrder {
    /// The new order's id.
    pub order_id: CourtOrderId,
    /// The child.
    pub child: PersonId,
    /// The order.
    pub order: CustodyOrderKind,
    /// The date the court issued it.
    pub issued_on: Date,
}

/// A petition to terminate one parent's rights to one child (AFCARS E65/E66).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileTprPetition {
    /// The child.
    pub child: PersonId,
    /// The parent.
    pub parent: PersonId,
    /// The filing date.
    pub filed_on: Date,
}

/// One parent's rights to one child were terminated (AFCARS E63–E68).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordTermination {
    /// The child.
    pub child: PersonId,
    /// The parent.
    pub parent: PersonId,
    /// Voluntary or involuntary.
    pub kind: TerminationKind,
    /// The termination date; not before the petition's date.
    pub terminated_on: Date,
}

/// A referral to a service (Ohio rule paragraph H(5)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferToService {
    /// The new referral's id.
    pub referral_id: ServiceReferralId,
    /// Who is referred; at least one.
    pub persons: Vec<PersonId>,
    /// The service.
    pub service: ServiceType,
    /// The provider, when one is chosen.
    pub provider: Option<ProviderId>,
    /// Verbal, written or electronic.
    pub method: CommunicationMethod,
    /// The referral date.
    pub referred_on: Date,
}

/// A summary of a provider's report on services (Ohio rule paragraph H(6)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordProviderReport {
    /// The new report's id.
    pub report_id: ProviderReportId,
    /// The reporting provider.
    pub provider: ProviderId,
    /// The referral the services answer, when there was one.
    pub referral_id: Option<ServiceReferralId>,
    /// Oral, written or electronic.
    pub method: CommunicationMethod,
    /// When the report was received.
    pub received_on: Date,
    /// The dates the services were received; at least one, none after `received_on`.
    pub services_received_on: BTreeSet<Date>,
    /// The summary.
    pub summary: Narrative,
}

/// A child is removed from home, opening a custody episode (AFCARS E69–E105).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordRemoval {
    /// The new episode's id.
    pub episode_id: EpisodeId,
    /// The child.
    pub child: PersonId,
    /// AFCARS E69.
    pub removed_on: Date,
    /// The time of removal, when known.
    pub removed_at: Option<TimeOfDay>,
    /// Voluntary agreement or court order.
    pub manner: RemovalManner,
    /// AFCARS E71.
    pub environment: RemovalEnvironment,
    /// AFCARS E72–E105: those that apply; at least one.
    pub circumstances: BTreeSet<RemovalCircumstance>,
}

/// A placement in an open episode (AFCARS E112–E122). A late entry may give the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceChild {
    /// The new placement's id.
    pub placement_id: PlacementId,
    /// The episode.
    pub episode_id: EpisodeId,
    /// AFCARS E112.
    pub started_on: Date,
    /// The end, when already known.
    pub ended_on: Option<Date>,
    /// AFCARS E113–E120.
    pub setting: PlacementSetting,
    /// The provider, when the child is with one.
    pub provider: Option<ProviderId>,
    /// AFCARS E121–E122.
    pub location: PlacementLocation,
}

/// Ends a placement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndPlacement {
    /// The placement.
    pub placement_id: PlacementId,
    /// The end date.
    pub ended_on: Date,
}

/// The child leaves care (AFCARS E153–E156). An open placement ends on the exit date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordExit {
    /// The episode.
    pub episode_id: EpisodeId,
    /// AFCARS E153.
    pub exited_on: Date,
    /// AFCARS E155 (with E156 for a transfer).
    pub reason: ExitReason,
}

/// An adoption recruitment activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordRecruitmentActivity {
    /// The new activity's id.
    pub activity_id: RecruitmentActivityId,
    /// The child.
    pub child: PersonId,
    /// The activity.
    pub activity: RecruitmentActivity,
    /// When it took place.
    pub occurred_on: Date,
}

/// A matching conference (pre-adoptive staffing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordMatchingConference {
    /// The new conference's id.
    pub conference_id: MatchingConferenceId,
    /// The child.
    pub child: PersonId,
    /// When it was held.
    pub held_on: Date,
    /// The families considered; at least one.
    pub families_considered: BTreeSet<ProviderId>,
    /// The family selected, if any; one of those considered.
    pub selected: Option<ProviderId>,
}

/// A child is placed for adoption with a family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordAdoptivePlacement {
    /// The child.
    pub child: PersonId,
    /// The adoptive home.
    pub family: ProviderId,
    /// The adoptive placement date.
    pub placed_on: Date,
}

/// An adoption is finalized in court.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinalizeAdoption {
    /// The child.
    pub child: PersonId,
    /// The finalization date (AFCARS A17).
    pub finalized_on: Date,
}

/// A court grants legal guardianship.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EstablishGuardianship {
    /// The child.
    pub child: PersonId,
    /// The guardians; one or two.
    pub guardians: BTreeSet<PersonId>,
    /// The legalization date (AFCARS A17).
    pub established_on: Date,
}

/// An adoption or guardianship assistance agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignAssistanceAgreement {
    /// The new agreement's id.
    pub agreement_id: AgreementId,
    /// The child.
    pub child: PersonId,
    /// The agreement type (AFCARS E185; its program and title IV-E status give A15).
    pub agreement_type: AssistanceAgreementType,
    /// The monthly subsidy in cents (AFCARS A16); zero for a deferred agreement.
    pub monthly_amount: Cents,
    /// When it was signed.
    pub signed_on: Date,
    /// When payments start.
    pub effective_on: Date,
    /// When it ends, when known (AFCARS A18).
    pub ends_on: Option<Date>,
}

/// An assistance agreement ends (AFCARS A18). Agreements outlive the case that made
/// them, so a closed case takes this command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndAssistanceAgreement {
    /// The agreement.
    pub agreement_id: AgreementId,
    /// The last day of the agreement.
    pub ended_on: Date,
    /// Why.
    pub reason: AgreementEndReason,
}

/// A caseworker's visit with a child in care (AFCARS E151–E152).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordCaseworkerVisit {
    /// The new visit's id.
    pub visit_id: CaseworkerVisitId,
    /// The child.
    pub child: PersonId,
    /// The caseworker.
    pub caseworker: StaffId,
    /// AFCARS E151.
    pub visited_on: Date,
    /// AFCARS E152.
    pub location: CaseworkerVisitLocation,
}

/// Schedules a family visit. The date may be in the future.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleFamilyVisit {
    /// The new visit's id.
    pub visit_id: FamilyVisitId,
    /// The child.
    pub child: PersonId,
    /// The family members visiting; at least one.
    pub visitors: BTreeSet<PersonId>,
    /// The supervising provider, if supervised.
    pub supervisor: Option<ProviderId>,
    /// The visit date.
    pub scheduled_for: Date,
    /// The visit time, when set.
    pub scheduled_at: Option<TimeOfDay>,
}

/// How a scheduled family visit went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordFamilyVisitOutcome {
    /// The visit.
    pub visit_id: FamilyVisitId,
    /// Attended, cancelled or missed.
    pub outcome: VisitOutcome,
    /// When it happened (or was cancelled).
    pub occurred_on: Date,
}

/// A document's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachDocument {
    /// The new document's id.
    pub document_id: DocumentId,
    /// Its kind.
    pub kind: DocumentKind,
    /// The SHA-256 of its bytes.
    pub sha256: Sha256Digest,
    /// Where its bytes are.
    pub storage_key: StorageKey,
    /// The date the document bears.
    pub dated_on: Date,
}

/// Approves an intern's entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApproveEntry {
    /// The pending entry.
    pub entry: EntryNumber,
}

/// Rejects an intern's entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RejectEntry {
    /// The pending entry.
    pub entry: EntryNumber,
    /// Why.
    pub reason: Narrative,
}
