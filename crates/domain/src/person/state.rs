//! A person's record as folded from their events: only what `decide` and the access
//! policy need. Never serialized; the events are the record and read models are built
//! from them.
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use uuid::Uuid;

use super::demographics::DateOfBirth;
use super::icwa::TribalMembership;
use super::relationship::RelationshipKind;
use super::youth::{ParticipationStatus, SurveyPopulation};
use super::PersonEvent;
use crate::PersonId;

/// The decision-relevant part of one person's record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonState {
    pub(crate) id: Option<PersonId>,
    pub(crate) date_of_birth: Option<DateOfBirth>,
    pub(crate) tribal_membership: Option<TribalMembership>,
    pub(crate) relationships: BTreeMap<PersonId, RelationshipKind>,
    pub(crate) surveys: BTreeMap<SurveyPopulation, (ParticipationStatus, NaiveDate)>,
    pub(crate) correction_requests: BTreeSet<Uuid>,
    pub(crate) erased: bool,
}

impl PersonState {
    /// The person's id, once registered.
    pub fn id(&self) -> Option<PersonId> {
        self.id
    }

    /// The date of birth, if recorded.
    pub fn date_of_birth(&self) -> Option<DateOfBirth> {
        self.date_of_birth
    }

    /// Everyone this person has a current relationship with.
    pub fn relationships(&self) -> &BTreeMap<PersonId, RelationshipKind> {
        &self.relationships
    }

    /// The persons who are this person's relatives under Ohio Adm.Code 5101:2-1-01.
    pub fn relatives(&self) -> impl Iterator<Item = PersonId> + '_ {
        self.relationships
            .iter()
            .filter(|(_, kind)| kind.is_relative())
            .map(|(other, _)| *other)
    }

    /// The outcome surveys recorded so far: status and collection date per population.
    pub fn surveys(&self) -> &BTreeMap<SurveyPopulation, (ParticipationStatus, NaiveDate)> {
        &self.surveys
    }

    pub(crate) fn evolve(mut self, event: &PersonEvent) -> Self {
        match event {
            PersonEvent::PersonRegistered {
                person_id,
                date_of_birth,
                ..
            } => {
                self.id = Some(*person_id);
                self.date_of_birth = *date_of_birth;
            }
            PersonEvent::IdentityCorrected { date_of_birth, .. } => {
                self.date_of_birth = date_of_birth.or(self.date_of_birth);
            }
            PersonEvent::TribalMembershipRecorded { membership, .. } => {
                self.tribal_membership = Some(membership.clone())
            }
            PersonEvent::RelationshipRecorded { other, kind, .. } => {
                self.relationships.insert(*other, *kind);
            }
            PersonEvent::RelationshipEnded { other, .. } => {
                self.relationships.remove(other);
            }
            PersonEvent::OutcomeSurveyRecorded {
                population,
                status,
                occurred_on,
                ..
            } => {
                self.surveys.insert(*population, (*status, *occurred_on));
            }
            PersonEvent::CorrectionRequested { request_id, .. } => {
                self.correction_requests.insert(*request_id);
            }
            PersonEvent::PersonalDataErased { .. } => self.erased = true,
            // Recorded for reports and read models; no later decision depends on them.
            PersonEvent::RaceRecorded { .. }
            | PersonEvent::HispanicEthnicityRecorded { .. }
            | PersonEvent::IcwaInquiryRecorded { .. }
            | PersonEvent::IcwaApplicabilityRecorded { .. }
            | PersonEvent::HealthAssessmentRecorded { .. }
            | PersonEvent::DiagnosisStatusRecorded { .. }
            | PersonEvent::EducationRecorded { .. }
            | PersonEvent::PregnancyAndParentingRecorded { .. }
            | PersonEvent::PriorAdoptionRecorded { .. }
            | PersonEvent::PriorGuardianshipRecorded { .. }
            | PersonEvent::DelinquencyAdjudicationRecorded { .. }
            | PersonEvent::IndependentLivingServiceDelivered { .. } => {}
        }
        self
    }
}
