//! What the reports read of a person's events, and nothing more. A person's events carry
//! their name, sealed under the person's own key so that erasure can destroy it; the
//! report facts projector keeps these facts instead of the events, so no name is ever
//! copied where a shred cannot reach it.
use chrono::NaiveDate;
use kinlog_domain::person::youth::IndependentLivingService;
use kinlog_domain::person::{
    GradeLevel, HispanicEthnicity, PersonEvent, Race, Sex, TribalMembership, YesNo,
};
use serde::{Deserialize, Serialize};

use super::fold::SurveyFacts;
use crate::{EventMetadata, ExternalId};

/// One fact of a person's record that a report reads.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum PersonFact {
    /// Registration sets the date of birth and sex, known or not.
    Registered {
        born_on: Option<NaiveDate>,
        sex: Option<Sex>,
    },
    /// A correction changes only what it names.
    Corrected {
        born_on: Option<NaiveDate>,
        sex: Option<Sex>,
    },
    Race(Race),
    Hispanic(HispanicEthnicity),
    IcwaInquired(YesNo),
    /// `None` when membership is unknown.
    TribalMember(Option<bool>),
    AdjudicatedDelinquent(NaiveDate),
    Education {
        occurred_on: NaiveDate,
        highest_grade: GradeLevel,
        special_education: bool,
    },
    IndependentLivingService(NaiveDate, IndependentLivingService),
    Survey(SurveyFacts),
    /// The legacy id the record was converted from, for the record-number crosswalk.
    ExternalId(ExternalId),
}

impl PersonFact {
    /// The facts of one event of a person's stream: its legacy id, if the event names
    /// one, then what the event itself says, if a report reads it.
    pub(crate) fn of(event: &PersonEvent, metadata: EventMetadata) -> Vec<PersonFact> {
        let mut facts: Vec<PersonFact> = metadata
            .external_id
            .map(PersonFact::ExternalId)
            .into_iter()
            .collect();
        facts.extend(PersonFact::of_event(event));
        facts
    }

    fn of_event(event: &PersonEvent) -> Option<PersonFact> {
        use PersonEvent::*;
        Some(match event {
            PersonRegistered {
                date_of_birth, sex, ..
            } => PersonFact::Registered {
                born_on: date_of_birth.map(|d| d.date()),
                sex: *sex,
            },
            IdentityCorrected {
                date_of_birth, sex, ..
            } => PersonFact::Corrected {
                born_on: date_of_birth.map(|d| d.date()),
                sex: *sex,
            },
            RaceRecorded { race, .. } => PersonFact::Race(race.clone()),
            HispanicEthnicityRecorded { ethnicity, .. } => PersonFact::Hispanic(*ethnicity),
            IcwaInquiryRecorded { inquired, .. } => PersonFact::IcwaInquired(*inquired),
            TribalMembershipRecorded { membership, .. } => {
                PersonFact::TribalMember(match membership {
                    TribalMembership::MemberOrEligible { .. } => Some(true),
                    TribalMembership::NotMember => Some(false),
                    TribalMembership::Unknown => None,
                })
            }
            DelinquencyAdjudicationRecorded { occurred_on } => {
                PersonFact::AdjudicatedDelinquent(*occurred_on)
            }
            EducationRecorded {
                highest_grade,
                special_education,
                occurred_on,
                ..
            } => PersonFact::Education {
                occurred_on: *occurred_on,
                highest_grade: *highest_grade,
                special_education: *special_education == YesNo::Yes,
            },
            IndependentLivingServiceDelivered {
                service,
                occurred_on,
            } => PersonFact::IndependentLivingService(*occurred_on, *service),
            OutcomeSurveyRecorded {
                population,
                status,
                answers,
                occurred_on,
            } => PersonFact::Survey(SurveyFacts {
                population: *population,
                status: *status,
                answers: *answers,
                occurred_on: *occurred_on,
            }),
            _ => return None,
        })
    }
}
