//! The Case aggregate's state: what `decide` needs to check a command.
//!
//! Effective facts and an intern's pending entries live apart. [`CaseState::effective`]
//! holds only facts that were recorded by a non-intern or approved; a pending entry is
//! reachable only as a proposed command through [`CaseState::pending_entries`], so no
//! read of the case record can count it as a fact.
use std::collections::{BTreeMap, BTreeSet};

use super::codes::{CpsResponse, ExitReason, MaltreatmentDisposition, TerminationKind};
use super::commands::CaseCommand;
use super::facts::AllegedPerpetrator;
use super::ids::*;
use crate::values::Date;
use crate::{CaseId, OrganizationId, PersonId, ProviderId, StaffId};

/// The whole state of one case stream.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseState {
    pub(crate) effective: Option<CaseRecord>,
    pub(crate) pending: BTreeMap<EntryNumber, PendingEntry>,
    /// How many entries have ever been proposed; the next one gets this plus one.
    pub(crate) entries_proposed: u32,
}

impl CaseState {
    /// The case's effective record, or `None` before an effective referral exists.
    pub fn effective(&self) -> Option<&CaseRecord> {
        self.effective.as_ref()
    }

    /// Intern entries awaiting approval, oldest first. These are proposals, not facts.
    pub fn pending_entries(&self) -> impl Iterator<Item = (EntryNumber, &PendingEntry)> {
        self.pending.iter().map(|(number, entry)| (*number, entry))
    }

    pub(crate) fn next_entry_number(&self) -> EntryNumber {
        EntryNumber(self.entries_proposed.saturating_add(1))
    }
}

/// An intern's entry awaiting review (Ohio rule paragraph O).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingEntry {
    /// The intern.
    pub proposed_by: StaffId,
    /// What the intern asked to record; validated again when approved.
    pub command: CaseCommand,
}

/// Where a case is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseStatus {
    /// Referral received, not yet screened.
    Referred,
    /// Screened out: no CPS response.
    ScreenedOut,
    /// Screened in: assessment or investigation under way.
    ScreenedIn,
    /// Opened for ongoing services.
    Open,
    /// Closed.
    Closed,
}

/// The effective facts of a case that its rules depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecord {
    pub(crate) case_id: CaseId,
    pub(crate) reported_on: Date,
    pub(crate) status: CaseStatus,
    pub(crate) response: Option<CpsResponse>,
    pub(crate) response_started_on: Option<Date>,
    pub(crate) agency: OrganizationId,
    pub(crate) assignment: Option<Assignment>,
    pub(crate) allegations: BTreeMap<AllegationId, Allegation>,
    pub(crate) assessments: BTreeSet<AssessmentId>,
    pub(crate) maltreatment_deaths: BTreeSet<PersonId>,
    pub(crate) notes: BTreeMap<NoteId, Note>,
    pub(crate) goals: BTreeSet<GoalId>,
    pub(crate) court_orders: BTreeSet<CourtOrderId>,
    pub(crate) parental_rights: BTreeMap<(PersonId, PersonId), ParentalRights>,
    pub(crate) service_referrals: BTreeSet<ServiceReferralId>,
    pub(crate) provider_reports: BTreeSet<ProviderReportId>,
    pub(crate) episodes: BTreeMap<EpisodeId, Episode>,
    pub(crate) placement_episodes: BTreeMap<PlacementId, EpisodeId>,
    /// Per child, the latest date of a permanency plan, periodic review or permanency
    /// hearing: an exit may not leave one of them outside the episode.
    pub(crate) last_in_care_activity: BTreeMap<PersonId, Date>,
    pub(crate) recruitment_activities: BTreeSet<RecruitmentActivityId>,
    pub(crate) matching_conferences: BTreeSet<MatchingConferenceId>,
    pub(crate) adoptions: BTreeMap<PersonId, Adoption>,
    pub(crate) guardianships: BTreeMap<PersonId, Date>,
    pub(crate) agreements: BTreeMap<AgreementId, Agreement>,
    pub(crate) caseworker_visits: BTreeSet<CaseworkerVisitId>,
    pub(crate) family_visits: BTreeMap<FamilyVisitId, FamilyVisit>,
    pub(crate) documents: BTreeSet<DocumentId>,
    /// A practice case kept out of purges.
    pub(crate) training_review: bool,
    /// A purged practice case: no command reaches it.
    pub(crate) purged: bool,
}

impl CaseRecord {
    pub(crate) fn new(case_id: CaseId, reported_on: Date, agency: OrganizationId) -> Self {
        CaseRecord {
            case_id,
            reported_on,
            status: CaseStatus::Referred,
            response: None,
            response_started_on: None,
            agency,
            assignment: None,
            allegations: BTreeMap::new(),
            assessments: BTreeSet::new(),
            maltreatment_deaths: BTreeSet::new(),
            notes: BTreeMap::new(),
            goals: BTreeSet::new(),
            court_orders: BTreeSet::new(),
            parental_rights: BTreeMap::new(),
            service_referrals: BTreeSet::new(),
            provider_reports: BTreeSet::new(),
            episodes: BTreeMap::new(),
            placement_episodes: BTreeMap::new(),
            last_in_care_activity: BTreeMap::new(),
            recruitment_activities: BTreeSet::new(),
            matching_conferences: BTreeSet::new(),
            adoptions: BTreeMap::new(),
            guardianships: BTreeMap::new(),
            agreements: BTreeMap::new(),
            caseworker_visits: BTreeSet::new(),
            family_visits: BTreeMap::new(),
            documents: BTreeSet::new(),
            training_review: false,
            purged: false,
        }
    }

    /// Whether this practice case was purged.
    pub fn is_purged(&self) -> bool {
        self.purged
    }

    /// Whether this practice case is kept for training review.
    pub fn is_kept_for_training_review(&self) -> bool {
        self.training_review
    }

    /// The case id.
    pub fn case_id(&self) -> CaseId {
        self.case_id
    }

    /// The referral's report date (NCANDS RptDt).
    pub fn reported_on(&self) -> Date {
        self.reported_on
    }

    /// Where the case is in its life.
    pub fn status(&self) -> CaseStatus {
        self.status
    }

    /// The CPS response, once screened in.
    pub fn response(&self) -> Option<CpsResponse> {
        self.response
    }

    /// The agency responsible for the case now: the referral's, or the one it was last
    /// transferred to.
    pub fn agency(&self) -> OrganizationId {
        self.agency
    }

    /// The caseworker and supervisor currently assigned, if any.
    pub fn assignment(&self) -> Option<Assignment> {
        self.assignment
    }

    /// The allegations and their current findings.
    pub fn allegations(&self) -> &BTreeMap<AllegationId, Allegation> {
        &self.allegations
    }

    /// The notes, each with the note it amends.
    pub fn notes(&self) -> &BTreeMap<NoteId, Note> {
        &self.notes
    }

    /// The custody episodes.
    pub fn episodes(&self) -> &BTreeMap<EpisodeId, Episode> {
        &self.episodes
    }

    /// Whether the child was in foster care on `date`: inside one of their episodes,
    /// from the removal through the exit day.
    pub fn in_care_on(&self, child: PersonId, date: Date) -> bool {
        self.episodes.values().any(|episode| {
            episode.child == child
                && episode.removed_on <= date
                && episode.exit.is_none_or(|(exited_on, _)| date <= exited_on)
        })
    }

    /// The open custody episode of a child, if any.
    pub fn open_episode_of(&self, child: PersonId) -> Option<(EpisodeId, &Episode)> {
        self.episodes
            .iter()
            .find(|(_, episode)| episode.child == child && episode.exit.is_none())
            .map(|(id, episode)| (*id, episode))
    }
}

/// Who is responsible for a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assignment {
    /// The caseworker.
    pub worker: StaffId,
    /// The supervisor, when known.
    pub supervisor: Option<StaffId>,
    /// Since when.
    pub assigned_on: Date,
}

/// An allegation and its latest finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allegation {
    /// The alleged victim.
    pub victim: PersonId,
    /// The alleged perpetrator, if named.
    pub perpetrator: Option<AllegedPerpetrator>,
    /// When the allegation was made.
    pub alleged_on: Date,
    /// The latest finding and its date.
    pub disposition: Option<(MaltreatmentDisposition, Date)>,
}

/// A note's place in the amendment chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The author.
    pub author: StaffId,
    /// The date of the occurrence.
    pub occurred_on: Date,
    /// The note this one amends, if it is an amendment.
    pub amends: Option<NoteId>,
}

/// One parent's rights to one child.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParentalRights {
    /// The TPR petition's filing date.
    pub petition_filed_on: Option<Date>,
    /// The termination, once ordered.
    pub terminated: Option<(TerminationKind, Date)>,
}

/// A custody episode: a removal, its placements and its exit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Episode {
    /// The child.
    pub child: PersonId,
    /// AFCARS E69.
    pub removed_on: Date,
    /// The placements.
    pub placements: BTreeMap<PlacementId, Placement>,
    /// AFCARS E153 and E155, once the child has left care.
    pub exit: Option<(Date, ExitReason)>,
}

/// A placement's span. The span is half-open, `[started_on, ended_on)`, so a move on
/// one day ends the old placement and starts the new one on that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// AFCARS E112.
    pub started_on: Date,
    /// The end, once known.
    pub ended_on: Option<Date>,
}

impl Placement {
    /// Whether two half-open spans share a day; an open end reaches forever.
    pub fn overlaps(&self, started_on: Date, ended_on: Option<Date>) -> bool {
        let starts_before_other_ends = ended_on.is_none_or(|end| self.started_on < end);
        let other_starts_before_this_ends = self.ended_on.is_none_or(|end| started_on < end);
        starts_before_other_ends && other_starts_before_this_ends
    }
}

/// A child's adoption progress.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Adoption {
    /// The adoptive home and the placement date.
    pub placement: Option<(ProviderId, Date)>,
    /// The finalization date.
    pub finalized_on: Option<Date>,
}

/// An assistance agreement's span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Agreement {
    /// When payments start.
    pub effective_on: Date,
    /// When it ended early or as planned, once recorded.
    pub ended_on: Option<Date>,
}

/// A scheduled family visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FamilyVisit {
    /// The scheduled date.
    pub scheduled_for: Date,
    /// Whether its outcome is recorded.
    pub concluded: bool,
}
