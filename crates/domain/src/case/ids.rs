//! Ids of the things inside a case (an allegation, a placement, a note). The caller mints
//! them, like aggregate ids, so that a retried command produces the same events.
use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! entity_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }
    };
}

entity_id!(/// One allegation: one victim, one maltreatment type, at most one perpetrator.
    AllegationId);
entity_id!(/// One use of an assessment tool.
    AssessmentId);
entity_id!(/// A case note, or an amendment (which is itself a note).
    NoteId);
entity_id!(/// A case plan goal.
    GoalId);
entity_id!(/// A court order.
    CourtOrderId);
entity_id!(/// A referral of a family member to a service.
    ServiceReferralId);
entity_id!(/// A provider's report on services delivered.
    ProviderReportId);
entity_id!(/// A custody episode: from one removal to the matching exit.
    EpisodeId);
entity_id!(/// One placement (living arrangement) inside a custody episode.
    PlacementId);
entity_id!(/// An adoption recruitment activity.
    RecruitmentActivityId);
entity_id!(/// A matching conference (pre-adoptive staffing).
    MatchingConferenceId);
entity_id!(/// An adoption or guardianship assistance agreement.
    AgreementId);
entity_id!(/// A caseworker visit with the child.
    CaseworkerVisitId);
entity_id!(/// A family visit (parent–child or sibling visit).
    FamilyVisitId);
entity_id!(/// A document's metadata record.
    DocumentId);

/// The number of an intern's pending entry within its case, counted from 1 in the order
/// proposed. The domain assigns it from the state, so it needs no id from the caller.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntryNumber(pub u32);

impl fmt::Display for EntryNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
