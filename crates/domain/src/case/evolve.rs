//! `evolve` for the Case aggregate: folds an event into the state. Never fails, never
//! validates; an event that does not fit (which `decide` never emits) changes nothing.
use super::events::CaseEvent;
use super::facts::ScreeningDecision;
use super::state::{
    Adoption, Agreement, Allegation, Assignment, CaseRecord, CaseState, CaseStatus, Episode,
    FamilyVisit, Note, PendingEntry, Placement,
};

pub(super) fn evolve(mut state: CaseState, event: &CaseEvent) -> CaseState {
    match event {
        CaseEvent::ReferralReceived {
            case_id,
            reported_on,
            agency,
            ..
        } => {
            if state.effective.is_none() {
                state.effective = Some(CaseRecord::new(*case_id, *reported_on, *agency));
            }
        }
        CaseEvent::EntryProposed {
            entry,
            proposed_by,
            command,
        } => {
            state.entries_proposed = state.entries_proposed.max(entry.0);
            state.pending.insert(
                *entry,
                PendingEntry {
                    proposed_by: *proposed_by,
                    command: (**command).clone(),
                },
            );
        }
        // The approved entry's facts follow as their own events.
        CaseEvent::EntryApproved { entry, .. } | CaseEvent::EntryRejected { entry, .. } => {
            state.pending.remove(entry);
        }
        fact => {
            if let Some(record) = state.effective.as_mut() {
                apply_fact(record, fact);
            }
        }
    }
    state
}

fn apply_fact(record: &mut CaseRecord, event: &CaseEvent) {
    use CaseEvent::*;
    match event {
        ReferralScreened { decision, .. } => match decision {
            ScreeningDecision::ScreenedIn { response } => {
                record.status = CaseStatus::ScreenedIn;
                record.response = Some(*response);
            }
            ScreeningDecision::ScreenedOut { .. } => record.status = CaseStatus::ScreenedOut,
        },
        ResponseInitiated { started_on, .. } => record.response_started_on = Some(*started_on),
        AllegationRecorded {
            allegation_id,
            victim,
            perpetrator,
            alleged_on,
            ..
        } => {
            record.allegations.insert(
                *allegation_id,
                Allegation {
                    victim: *victim,
                    perpetrator: *perpetrator,
                    alleged_on: *alleged_on,
                    disposition: None,
                },
            );
        }
        DispositionRecorded {
            allegation_id,
            disposition,
            disposed_on,
        } => {
            if let Some(allegation) = record.allegations.get_mut(allegation_id) {
                allegation.disposition = Some((*disposition, *disposed_on));
            }
        }
        AssessmentRecorded { assessment_id, .. } => {
            record.assessments.insert(*assessment_id);
        }
        MaltreatmentDeathRecorded { child, .. } => {
            record.maltreatment_deaths.insert(*child);
        }
        CaseNoteRecorded {
            note_id,
            author,
            occurred_on,
            ..
        } => {
            record.notes.insert(
                *note_id,
                Note {
                    author: *author,
                    occurred_on: *occurred_on,
                    amends: None,
                },
            );
        }
        CaseNoteAmended {
            note_id,
            amends,
            author,
            occurred_on,
            ..
        } => {
            record.notes.insert(
                *note_id,
                Note {
                    author: *author,
                    occurred_on: *occurred_on,
                    amends: Some(*amends),
                },
            );
        }
        CaseOpened { .. } => record.status = CaseStatus::Open,
        CaseworkerAssigned {
            worker,
            supervisor,
            assigned_on,
        } => {
            record.assignment = Some(Assignment {
                worker: *worker,
                supervisor: *supervisor,
                assigned_on: *assigned_on,
            })
        }
        CaseTransferred {
            to_organization, ..
        } => record.agency = *to_organization,
        CaseClosed { .. } => record.status = CaseStatus::Closed,
        MarkedForTrainingReview { .. } => record.training_review = true,
        PracticeCasePurged { .. } => record.purged = true,
        CasePlanGoalSet { goal_id, .. } => {
            record.goals.insert(*goal_id);
        }
        CustodyOrderIssued { order_id, .. } => {
            record.court_orders.insert(*order_id);
        }
        TprPetitionFiled {
            child,
            parent,
            filed_on,
        } => {
            let rights = record.parental_rights.entry((*child, *parent)).or_default();
            rights.petition_filed_on = Some(*filed_on);
        }
        ParentalRightsTerminated {
            child,
            parent,
            kind,
            terminated_on,
        } => {
            let rights = record.parental_rights.entry((*child, *parent)).or_default();
            rights.terminated = Some((*kind, *terminated_on));
        }
        ServiceReferred { referral_id, .. } => {
            record.service_referrals.insert(*referral_id);
        }
        ProviderReportReceived { report_id, .. } => {
            record.provider_reports.insert(*report_id);
        }
        ChildRemoved {
            episode_id,
            child,
            removed_on,
            ..
        } => {
            record.episodes.insert(
                *episode_id,
                Episode {
                    child: *child,
                    removed_on: *removed_on,
                    placements: Default::default(),
                    exit: None,
                },
            );
        }
        ChildPlaced {
            placement_id,
            episode_id,
            started_on,
            ended_on,
            ..
        } => {
            if let Some(episode) = record.episodes.get_mut(episode_id) {
                episode.placements.insert(
                    *placement_id,
                    Placement {
                        started_on: *started_on,
                        ended_on: *ended_on,
                    },
                );
                record.placement_episodes.insert(*placement_id, *episode_id);
            }
        }
        PlacementEnded {
            placement_id,
            episode_id,
            ended_on,
        } => {
            let placement = record
                .episodes
                .get_mut(episode_id)
                .and_then(|episode| episode.placements.get_mut(placement_id));
            if let Some(placement) = placement {
                placement.ended_on = Some(*ended_on);
            }
        }
        ChildExitedCare {
            episode_id,
            exited_on,
            reason,
            ..
        } => {
            if let Some(episode) = record.episodes.get_mut(episode_id) {
                episode.exit = Some((*exited_on, *reason));
            }
        }
        RecruitmentActivityRecorded { activity_id, .. } => {
            record.recruitment_activities.insert(*activity_id);
        }
        MatchingConferenceHeld { conference_id, .. } => {
            record.matching_conferences.insert(*conference_id);
        }
        AdoptivePlacementMade {
            child,
            family,
            placed_on,
        } => {
            let adoption: &mut Adoption = record.adoptions.entry(*child).or_default();
            adoption.placement = Some((*family, *placed_on));
        }
        AdoptionFinalized {
            child,
            finalized_on,
        } => {
            record.adoptions.entry(*child).or_default().finalized_on = Some(*finalized_on);
        }
        GuardianshipEstablished {
            child,
            established_on,
            ..
        } => {
            record.guardianships.insert(*child, *established_on);
        }
        AssistanceAgreementSigned {
            agreement_id,
            effective_on,
            ..
        } => {
            record.agreements.insert(
                *agreement_id,
                Agreement {
                    effective_on: *effective_on,
                    ended_on: None,
                },
            );
        }
        AssistanceAgreementEnded {
            agreement_id,
            ended_on,
            ..
        } => {
            if let Some(agreement) = record.agreements.get_mut(agreement_id) {
                agreement.ended_on = Some(*ended_on);
            }
        }
        CaseworkerVisitMade { visit_id, .. } => {
            record.caseworker_visits.insert(*visit_id);
        }
        FamilyVisitScheduled {
            visit_id,
            scheduled_for,
            ..
        } => {
            record.family_visits.insert(
                *visit_id,
                FamilyVisit {
                    scheduled_for: *scheduled_for,
                    concluded: false,
                },
            );
        }
        FamilyVisitConcluded { visit_id, .. } => {
            if let Some(visit) = record.family_visits.get_mut(visit_id) {
                visit.concluded = true;
            }
        }
        DocumentAttached { document_id, .. } => {
            record.documents.insert(*document_id);
        }
        PermanencyPlanRecorded {
            child,
            established_on: on,
            ..
        }
        | PeriodicReviewHeld { child, held_on: on }
        | PermanencyHearingHeld { child, held_on: on } => {
            let latest = record.last_in_care_activity.entry(*child).or_insert(*on);
            *latest = (*latest).max(*on);
        }
        // Facts kept only in the log: read models hold them; no rule depends on them.
        RiskFactorsRecorded { .. }
        | SexTraffickingIdentified { .. }
        | JuvenileCourtPetitionFiled { .. }
        | ChildRepresentativeAppointed { .. } => {}
        // Handled in `evolve` before a record is needed.
        ReferralReceived { .. }
        | EntryProposed { .. }
        | EntryApproved { .. }
        | EntryRejected { .. } => {}
    }
}
