//! The facts the federal reports read, folded from case events and person facts in log
//! order. Pure: the reader (`kept.rs`) feeds it the kept records, then the events after
//! them up to the run's position, so a run at the same position always sees the same
//! facts. Only effective facts are folded
//! (`CaseEvent::is_effective_fact`): an intern's pending proposal never reaches a report.
use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveTime};
use kinlog_domain::case::codes::{
    AssistanceAgreementType, CaseworkerVisitLocation, CountyCode, ExitReason,
    MaltreatmentDisposition, MaltreatmentType, PermanencyPlan, RemovalCircumstance,
    RemovalEnvironment, ReportSource, ServiceType,
};
use kinlog_domain::case::{
    AgreementId, AllegationId, AllegedPerpetrator, CaseEvent, EpisodeId, PlacementId,
    PlacementLocation, PlacementSetting, ScreeningDecision,
};
use kinlog_domain::person::youth::{
    IndependentLivingService, OutcomeAnswers, ParticipationStatus, SurveyPopulation,
};
use kinlog_domain::person::{GradeLevel, YesNo};
use kinlog_domain::PersonId;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::person_fact::PersonFact;

use crate::federal::dates::fiscal_year;
use crate::federal::ncands::RiskFactors;
use crate::federal::Demographics;
use crate::ExternalId;

/// Everything folded so far, by case stream and by person.
#[derive(Debug, Clone, Default)]
pub struct LogFacts {
    /// The log position the facts reflect.
    pub position: u64,
    pub(crate) cases: BTreeMap<Uuid, CaseFacts>,
    pub(crate) persons: BTreeMap<PersonId, PersonFacts>,
    /// Legacy ids of converted persons, for the record-number crosswalk.
    pub(crate) external_ids: BTreeMap<PersonId, BTreeSet<ExternalId>>,
    /// The cases holding each child's removal episodes, so a child's episodes are
    /// found without scanning every case.
    pub(crate) episode_cases: BTreeMap<PersonId, BTreeSet<Uuid>>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct CaseFacts {
    pub(crate) referral: Option<Referral>,
    pub(crate) screened_in: Option<bool>,
    pub(crate) screened_on: Option<NaiveDate>,
    pub(crate) response_started: Option<(NaiveDate, Option<NaiveTime>)>,
    pub(crate) allegations: BTreeMap<AllegationId, AllegationFacts>,
    pub(crate) risk_factors: BTreeMap<PersonId, RiskFactors>,
    pub(crate) deaths: BTreeMap<PersonId, NaiveDate>,
    pub(crate) petitions: BTreeMap<PersonId, NaiveDate>,
    pub(crate) representatives: BTreeSet<PersonId>,
    pub(crate) episodes: BTreeMap<EpisodeId, EpisodeFacts>,
    pub(crate) services: Vec<(NaiveDate, ServiceType)>,
    /// Each assignment: when, the worker, the supervisor.
    pub(crate) assignments: Vec<(NaiveDate, Uuid, Option<Uuid>)>,
    /// Dated case-plan facts per child, which AFCARS files under the episode whose span
    /// holds the date: plans, periodic reviews, permanency hearings, caseworker visits.
    pub(crate) plans: Vec<(PersonId, NaiveDate, PermanencyPlan)>,
    pub(crate) reviews: Vec<(PersonId, NaiveDate)>,
    pub(crate) hearings: Vec<(PersonId, NaiveDate)>,
    pub(crate) visits: Vec<(PersonId, NaiveDate, CaseworkerVisitLocation)>,
    /// The adoption's finalization or the guardianship's establishment, per child.
    pub(crate) finalized: BTreeMap<PersonId, NaiveDate>,
    pub(crate) agreements: BTreeMap<AgreementId, AgreementFacts>,
}

impl CaseFacts {
    /// Whether this is a screened-in report with a finding in federal fiscal `year`: a
    /// superset of the reports disposed in it, whose disposition date is their latest
    /// finding's.
    pub(crate) fn is_ncands_report_of(&self, year: i32) -> bool {
        self.screened_in == Some(true)
            && self
                .allegations
                .values()
                .any(|a| a.disposition.is_some_and(|(_, on)| fiscal_year(on) == year))
    }
}

#[derive(Debug, Clone)]
pub(crate) struct AgreementFacts {
    pub(crate) child: PersonId,
    pub(crate) agreement_type: AssistanceAgreementType,
    pub(crate) monthly_amount_cents: i64,
    pub(crate) effective_on: NaiveDate,
    /// The planned end, or the recorded one when it ended.
    pub(crate) ends_on: Option<NaiveDate>,
    pub(crate) ended_on: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub(crate) struct Referral {
    pub(crate) reported_on: NaiveDate,
    pub(crate) reported_at: Option<NaiveTime>,
    pub(crate) source: ReportSource,
    pub(crate) county: CountyCode,
    pub(crate) children: Vec<PersonId>,
}

#[derive(Debug, Clone)]
pub(crate) struct AllegationFacts {
    pub(crate) victim: PersonId,
    pub(crate) maltreatment: MaltreatmentType,
    pub(crate) perpetrator: Option<AllegedPerpetrator>,
    pub(crate) incident_on: Option<NaiveDate>,
    /// The latest finding in log order: a later one (review, appeal) supersedes.
    pub(crate) disposition: Option<(MaltreatmentDisposition, NaiveDate)>,
}

#[derive(Debug, Clone)]
pub(crate) struct EpisodeFacts {
    pub(crate) child: PersonId,
    pub(crate) removed_on: NaiveDate,
    /// When the removal was recorded (AFCARS E70).
    pub(crate) removal_recorded_on: NaiveDate,
    pub(crate) environment: RemovalEnvironment,
    pub(crate) circumstances: BTreeSet<RemovalCircumstance>,
    pub(crate) exit: Option<(NaiveDate, ExitReason)>,
    /// When the exit was recorded (AFCARS E154).
    pub(crate) exit_recorded_on: Option<NaiveDate>,
    pub(crate) placements: BTreeMap<PlacementId, PlacementFacts>,
}

#[derive(Debug, Clone)]
pub(crate) struct PlacementFacts {
    pub(crate) started_on: NaiveDate,
    pub(crate) setting: PlacementSetting,
    pub(crate) location: PlacementLocation,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct PersonFacts {
    pub(crate) demographics: Demographics,
    pub(crate) tribal_member: Option<bool>,
    pub(crate) icwa_inquired: Option<YesNo>,
    pub(crate) adjudicated_delinquent_on: Option<NaiveDate>,
    /// Each education record: when, highest grade, special education.
    pub(crate) education: Vec<(NaiveDate, GradeLevel, bool)>,
    pub(crate) services: Vec<(NaiveDate, IndependentLivingService)>,
    pub(crate) surveys: Vec<SurveyFacts>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SurveyFacts {
    pub(crate) population: SurveyPopulation,
    pub(crate) status: ParticipationStatus,
    pub(crate) answers: Option<OutcomeAnswers>,
    pub(crate) occurred_on: NaiveDate,
}

impl LogFacts {
    /// Folds one event of the case `case_id`, recorded on `recorded_on` (the legacy
    /// system's recording date for a converted record), and says whether a report reads
    /// it: a case none of whose events is read has no facts.
    pub(crate) fn apply_case(
        &mut self,
        case_id: Uuid,
        event: &CaseEvent,
        recorded_on: NaiveDate,
    ) -> bool {
        if !event.is_effective_fact() {
            return false;
        }
        let known = self.cases.contains_key(&case_id);
        let read = self.fold_case(case_id, event, recorded_on);
        if !read && !known {
            self.cases.remove(&case_id);
        }
        read
    }

    fn fold_case(&mut self, case_id: Uuid, event: &CaseEvent, recorded_on: NaiveDate) -> bool {
        if let CaseEvent::ChildRemoved { child, .. } = event {
            self.episode_cases
                .entry(*child)
                .or_default()
                .insert(case_id);
        }
        let case = self.cases.entry(case_id).or_default();
        use CaseEvent::*;
        match event {
            ReferralReceived {
                reported_on,
                reported_at,
                source,
                county,
                children,
                ..
            } => {
                case.referral = Some(Referral {
                    reported_on: reported_on.naive(),
                    reported_at: reported_at.map(|t| t.naive()),
                    source: *source,
                    county: *county,
                    children: children.clone(),
                });
            }
            ReferralScreened {
                screened_on,
                decision,
            } => {
                case.screened_in = Some(matches!(decision, ScreeningDecision::ScreenedIn { .. }));
                case.screened_on = Some(screened_on.naive());
            }
            ResponseInitiated {
                started_on,
                started_at,
            } => {
                case.response_started
                    .get_or_insert((started_on.naive(), started_at.map(|t| t.naive())));
            }
            AllegationRecorded {
                allegation_id,
                victim,
                maltreatment,
                perpetrator,
                incident_on,
                ..
            } => {
                case.allegations.insert(
                    *allegation_id,
                    AllegationFacts {
                        victim: *victim,
                        maltreatment: *maltreatment,
                        perpetrator: *perpetrator,
                        incident_on: incident_on.map(|d| d.naive()),
                        disposition: None,
                    },
                );
            }
            DispositionRecorded {
                allegation_id,
                disposition,
                disposed_on,
            } => {
                if let Some(allegation) = case.allegations.get_mut(allegation_id) {
                    allegation.disposition = Some((*disposition, disposed_on.naive()));
                }
            }
            RiskFactorsRecorded {
                child,
                child_factors,
                caregiver_factors,
                ..
            } => {
                case.risk_factors.insert(
                    *child,
                    RiskFactors {
                        child: child_factors.clone(),
                        caregiver: caregiver_factors.clone(),
                    },
                );
            }
            MaltreatmentDeathRecorded { child, died_on } => {
                case.deaths.insert(*child, died_on.naive());
            }
            JuvenileCourtPetitionFiled { child, filed_on } => {
                case.petitions.entry(*child).or_insert(filed_on.naive());
            }
            ServiceReferred {
                service,
                referred_on,
                ..
            } => case.services.push((referred_on.naive(), *service)),
            CaseworkerAssigned {
                worker,
                supervisor,
                assigned_on,
            } => case
                .assignments
                .push((assigned_on.naive(), worker.0, supervisor.map(|s| s.0))),
            ChildRepresentativeAppointed { child, .. } => {
                case.representatives.insert(*child);
            }
            ChildRemoved {
                episode_id,
                child,
                removed_on,
                environment,
                circumstances,
                ..
            } => {
                case.episodes.insert(
                    *episode_id,
                    EpisodeFacts {
                        child: *child,
                        removed_on: removed_on.naive(),
                        removal_recorded_on: recorded_on,
                        environment: *environment,
                        circumstances: circumstances.clone(),
                        exit: None,
                        exit_recorded_on: None,
                        placements: BTreeMap::new(),
                    },
                );
            }
            ChildPlaced {
                placement_id,
                episode_id,
                started_on,
                setting,
                location,
                ..
            } => {
                if let Some(episode) = case.episodes.get_mut(episode_id) {
                    episode.placements.insert(
                        *placement_id,
                        PlacementFacts {
                            started_on: started_on.naive(),
                            setting: setting.clone(),
                            location: location.clone(),
                        },
                    );
                }
            }
            ChildExitedCare {
                episode_id,
                exited_on,
                reason,
                ..
            } => {
                if let Some(episode) = case.episodes.get_mut(episode_id) {
                    episode.exit = Some((exited_on.naive(), *reason));
                    episode.exit_recorded_on = Some(recorded_on);
                }
            }
            PermanencyPlanRecorded {
                child,
                plan,
                established_on,
            } => case.plans.push((*child, established_on.naive(), *plan)),
            PeriodicReviewHeld { child, held_on } => case.reviews.push((*child, held_on.naive())),
            PermanencyHearingHeld { child, held_on } => {
                case.hearings.push((*child, held_on.naive()))
            }
            CaseworkerVisitMade {
                child,
                visited_on,
                location,
                ..
            } => case.visits.push((*child, visited_on.naive(), *location)),
            AdoptionFinalized {
                child,
                finalized_on,
            } => {
                case.finalized.insert(*child, finalized_on.naive());
            }
            GuardianshipEstablished {
                child,
                established_on,
                ..
            } => {
                case.finalized.insert(*child, established_on.naive());
            }
            AssistanceAgreementSigned {
                agreement_id,
                child,
                agreement_type,
                monthly_amount,
                effective_on,
                ends_on,
                ..
            } => {
                case.agreements.insert(
                    *agreement_id,
                    AgreementFacts {
                        child: *child,
                        agreement_type: *agreement_type,
                        monthly_amount_cents: monthly_amount.0,
                        effective_on: effective_on.naive(),
                        ends_on: ends_on.map(|d| d.naive()),
                        ended_on: None,
                    },
                );
            }
            AssistanceAgreementEnded {
                agreement_id,
                ended_on,
                ..
            } => {
                if let Some(agreement) = case.agreements.get_mut(agreement_id) {
                    agreement.ended_on = Some(ended_on.naive());
                }
            }
            _ => return false,
        }
        true
    }

    /// Folds one fact of `person`'s record.
    pub(crate) fn apply_person(&mut self, person: PersonId, fact: &PersonFact) {
        if let PersonFact::ExternalId(external) = fact {
            self.external_ids
                .entry(person)
                .or_default()
                .insert(external.clone());
            return;
        }
        let facts = self.persons.entry(person).or_default();
        match fact {
            PersonFact::Registered { born_on, sex } => {
                facts.demographics.born_on = *born_on;
                facts.demographics.sex = *sex;
            }
            PersonFact::Corrected { born_on, sex } => {
                if born_on.is_some() {
                    facts.demographics.born_on = *born_on;
                }
                if sex.is_some() {
                    facts.demographics.sex = *sex;
                }
            }
            PersonFact::Race(race) => facts.demographics.race = Some(race.clone()),
            PersonFact::Hispanic(ethnicity) => facts.demographics.hispanic = Some(*ethnicity),
            PersonFact::IcwaInquired(inquired) => facts.icwa_inquired = Some(*inquired),
            PersonFact::TribalMember(member) => facts.tribal_member = *member,
            PersonFact::AdjudicatedDelinquent(on) => {
                facts.adjudicated_delinquent_on.get_or_insert(*on);
            }
            PersonFact::Education {
                occurred_on,
                highest_grade,
                special_education,
            } => facts
                .education
                .push((*occurred_on, *highest_grade, *special_education)),
            PersonFact::IndependentLivingService(on, service) => {
                facts.services.push((*on, *service))
            }
            PersonFact::Survey(survey) => facts.surveys.push(survey.clone()),
            // Kept apart above: a legacy id is no fact of the record's content.
            PersonFact::ExternalId(_) => {}
        }
    }

    /// Folds one event of `person`'s stream, as a run folds the log after the kept facts.
    #[cfg(test)]
    pub(crate) fn apply_person_event(
        &mut self,
        person: PersonId,
        event: &kinlog_domain::person::PersonEvent,
    ) {
        for fact in PersonFact::of(event, crate::EventMetadata::default()) {
            self.apply_person(person, &fact);
        }
    }

    /// Every converted person's legacy ids, and whether the person was ever in foster
    /// care (when their record number is also their AFCARS and NYTD one).
    pub fn crosswalk(&self) -> Vec<(PersonId, &ExternalId, bool)> {
        self.external_ids
            .iter()
            .flat_map(|(person, ids)| {
                let in_care = self.episodes_of(*person).next().is_some();
                ids.iter().map(move |id| (*person, id, in_care))
            })
            .collect()
    }

    /// The children whose facts an AFCARS file reads: each with an episode, an assistance
    /// agreement or a finalized adoption or guardianship.
    pub(crate) fn afcars_children(&self) -> BTreeSet<PersonId> {
        self.cases
            .values()
            .flat_map(|case| {
                let episodes = case.episodes.values().map(|e| e.child);
                let agreements = case.agreements.values().map(|a| a.child);
                episodes
                    .chain(agreements)
                    .chain(case.finalized.keys().copied())
            })
            .collect()
    }

    /// The persons whose facts an NCANDS Child File for `year` reads: the children and
    /// perpetrators of its reports.
    pub(crate) fn ncands_persons(&self, year: i32) -> BTreeSet<PersonId> {
        self.cases
            .values()
            .filter(|case| case.is_ncands_report_of(year))
            .flat_map(|case| {
                let children = case
                    .referral
                    .iter()
                    .flat_map(|r| r.children.iter().copied());
                let named = case
                    .allegations
                    .values()
                    .flat_map(|a| std::iter::once(a.victim).chain(a.perpetrator.map(|p| p.person)));
                children.chain(named)
            })
            .collect()
    }

    /// The children whose facts the CFSR indicators read: each with an episode, and each
    /// victim of an allegation.
    pub(crate) fn cfsr_children(&self) -> BTreeSet<PersonId> {
        self.cases
            .values()
            .flat_map(|case| {
                let episodes = case.episodes.values().map(|e| e.child);
                episodes.chain(case.allegations.values().map(|a| a.victim))
            })
            .collect()
    }

    /// Whether `child` was in care on `on`: removed on or before it and not yet exited
    /// (the exit day is the first day out of care).
    pub(crate) fn in_care_on(&self, child: PersonId, on: NaiveDate) -> bool {
        self.episodes_of(child).any(|episode| {
            episode.removed_on <= on && episode.exit.is_none_or(|(exited, _)| on < exited)
        })
    }

    pub(crate) fn episodes_of(&self, child: PersonId) -> impl Iterator<Item = &EpisodeFacts> {
        self.episode_cases
            .get(&child)
            .into_iter()
            .flatten()
            .filter_map(|case| self.cases.get(case))
            .flat_map(|case| case.episodes.values())
            .filter(move |episode| episode.child == child)
    }

    pub(crate) fn demographics(&self, person: PersonId) -> Demographics {
        self.persons
            .get(&person)
            .map(|p| p.demographics.clone())
            .unwrap_or_default()
    }
}
