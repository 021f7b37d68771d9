//! Who a case is about. The conflict-of-interest forbids (Ohio rule paragraph T) look
//! only at a record's subjects, so a person left out of a case's members is a person a
//! worker could reach despite being their relative or supervisor: every person any fact
//! of the case names is a member.
use std::collections::BTreeSet;

use super::events::CaseEvent;
use super::facts::{NoteSegment, OpinionHolder, SegmentKind};
use crate::PersonId;

impl CaseEvent {
    /// Every person this event names: children, victims, perpetrators, parents,
    /// guardians, visitors, persons involved in notes, assessments, goals and referrals,
    /// and persons whose opinion a note records. Staff and providers are not persons.
    pub fn persons_named(&self) -> BTreeSet<PersonId> {
        use CaseEvent::*;
        let mut persons = BTreeSet::new();
        match self {
            ReferralReceived { children, .. } => persons.extend(children.iter().copied()),
            AllegationRecorded {
                victim,
                perpetrator,
                ..
            } => {
                persons.insert(*victim);
                persons.extend(perpetrator.as_ref().map(|p| p.person));
            }
            AssessmentRecorded { persons: named, .. }
            | CasePlanGoalSet { persons: named, .. }
            | ServiceReferred { persons: named, .. } => persons.extend(named.iter().copied()),
            CaseNoteRecorded {
                persons_involved,
                segments,
                ..
            }
            | CaseNoteAmended {
                persons_involved,
                segments,
                ..
            } => {
                persons.extend(persons_involved.iter().copied());
                persons.extend(opinion_holders(segments));
            }
            RiskFactorsRecorded { child, .. }
            | MaltreatmentDeathRecorded { child, .. }
            | SexTraffickingIdentified { child, .. }
            | PermanencyPlanRecorded { child, .. }
            | PeriodicReviewHeld { child, .. }
            | PermanencyHearingHeld { child, .. }
            | JuvenileCourtPetitionFiled { child, .. }
            | ChildRepresentativeAppointed { child, .. }
            | CustodyOrderIssued { child, .. }
            | ChildRemoved { child, .. }
            | ChildPlaced { child, .. }
            | ChildExitedCare { child, .. }
            | RecruitmentActivityRecorded { child, .. }
            | MatchingConferenceHeld { child, .. }
            | AdoptivePlacementMade { child, .. }
            | AdoptionFinalized { child, .. }
            | AssistanceAgreementSigned { child, .. }
            | CaseworkerVisitMade { child, .. } => {
                persons.insert(*child);
            }
            TprPetitionFiled { child, parent, .. }
            | ParentalRightsTerminated { child, parent, .. } => {
                persons.insert(*child);
                persons.insert(*parent);
            }
            GuardianshipEstablished {
                child, guardians, ..
            } => {
                persons.insert(*child);
                persons.extend(guardians.iter().copied());
            }
            FamilyVisitScheduled {
                child, visitors, ..
            } => {
                persons.insert(*child);
                persons.extend(visitors.iter().copied());
            }
            // Name no person, or only ids of facts recorded earlier.
            ReferralScreened { .. }
            | ResponseInitiated { .. }
            | DispositionRecorded { .. }
            | CaseOpened { .. }
            | CaseworkerAssigned { .. }
            | CaseTransferred { .. }
            | CaseClosed { .. }
            | MarkedForTrainingReview { .. }
            | PracticeCasePurged { .. }
            | ProviderReportReceived { .. }
            | PlacementEnded { .. }
            | AssistanceAgreementEnded { .. }
            | FamilyVisitConcluded { .. }
            | DocumentAttached { .. }
            | EntryProposed { .. }
            | EntryApproved { .. }
            | EntryRejected { .. } => {}
        }
        persons
    }
}

fn opinion_holders(segments: &[NoteSegment]) -> impl Iterator<Item = PersonId> + '_ {
    segments.iter().filter_map(|segment| match segment.kind {
        SegmentKind::Opinion {
            holder: OpinionHolder::Person { person },
        } => Some(person),
        SegmentKind::Fact | SegmentKind::Opinion { .. } => None,
    })
}
