//! The facts recorded on a person's stream. Events are the stored contract: variant
//! names are the stable `event_type`, and a change of payload shape bumps
//! `schema_version` and adds an upcaster where events are read.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::demographics::{DateOfBirth, HispanicEthnicity, Race, Sex, YesNo};
use super::education::{GradeLevel, SchoolEnrollment};
use super::health::DiagnosisStatus;
use super::history::{PriorAdoption, PriorGuardianship};
use super::icwa::{IcwaApplicability, TribalMembership};
use super::relationship::RelationshipKind;
use super::youth::{
    IndependentLivingService, OutcomeAnswers, ParticipationStatus, SurveyPopulation,
};
use crate::personal_data::{PersonName, Personal};
use crate::{DomainEvent, Narrative, PersonId};

/// An event on a person's stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PersonEvent {
    PersonRegistered {
        person_id: PersonId,
        /// Sealed under the person's own key, so erasing the person erases it.
        name: Personal<PersonName>,
        date_of_birth: Option<DateOfBirth>,
        sex: Option<Sex>,
        occurred_on: NaiveDate,
    },
    /// Only the corrected parts are present.
    IdentityCorrected {
        name: Option<Personal<PersonName>>,
        date_of_birth: Option<DateOfBirth>,
        sex: Option<Sex>,
        occurred_on: NaiveDate,
    },
    RaceRecorded {
        race: Race,
        occurred_on: NaiveDate,
    },
    HispanicEthnicityRecorded {
        ethnicity: HispanicEthnicity,
        occurred_on: NaiveDate,
    },
    IcwaInquiryRecorded {
        inquired: YesNo,
        occurred_on: NaiveDate,
    },
    TribalMembershipRecorded {
        membership: TribalMembership,
        occurred_on: NaiveDate,
    },
    IcwaApplicabilityRecorded {
        applicability: IcwaApplicability,
        occurred_on: NaiveDate,
    },
    HealthAssessmentRecorded {
        occurred_on: NaiveDate,
    },
    DiagnosisStatusRecorded {
        status: DiagnosisStatus,
        occurred_on: NaiveDate,
    },
    EducationRecorded {
        enrollment: SchoolEnrollment,
        highest_grade: GradeLevel,
        special_education: YesNo,
        occurred_on: NaiveDate,
    },
    PregnancyAndParentingRecorded {
        pregnant: YesNo,
        ever_fathered_or_bore_child: YesNo,
        placed_with_own_children: YesNo,
        occurred_on: NaiveDate,
    },
    PriorAdoptionRecorded {
        prior_adoption: PriorAdoption,
        occurred_on: NaiveDate,
    },
    PriorGuardianshipRecorded {
        prior_guardianship: PriorGuardianship,
        occurred_on: NaiveDate,
    },
    DelinquencyAdjudicationRecorded {
        occurred_on: NaiveDate,
    },
    RelationshipRecorded {
        other: PersonId,
        kind: RelationshipKind,
        occurred_on: NaiveDate,
    },
    RelationshipEnded {
        other: PersonId,
        occurred_on: NaiveDate,
    },
    IndependentLivingServiceDelivered {
        service: IndependentLivingService,
        occurred_on: NaiveDate,
    },
    OutcomeSurveyRecorded {
        population: SurveyPopulation,
        status: ParticipationStatus,
        answers: Option<OutcomeAnswers>,
        occurred_on: NaiveDate,
    },
    /// The request's words are the person's own data, erased with them.
    CorrectionRequested {
        request_id: Uuid,
        requested_by: Personal<Narrative>,
        disputed: Personal<Vec<Narrative>>,
        statement: Personal<Narrative>,
        occurred_on: NaiveDate,
    },
    /// The person's personal fields were erased: their data key is destroyed, so every
    /// `Personal` value about them reads as erased. Demographics that federal reporting
    /// must keep (date of birth, sex, race) are not personal fields and remain.
    PersonalDataErased {
        /// The law or policy that allows or requires the erasure.
        legal_basis: Narrative,
        /// The request that asked for it (a letter, a court order), by reference.
        request_reference: Narrative,
        occurred_on: NaiveDate,
    },
}

impl DomainEvent for PersonEvent {
    fn event_type(&self) -> &'static str {
        match self {
            PersonEvent::PersonRegistered { .. } => "PersonRegistered",
            PersonEvent::IdentityCorrected { .. } => "IdentityCorrected",
            PersonEvent::RaceRecorded { .. } => "RaceRecorded",
            PersonEvent::HispanicEthnicityRecorded { .. } => "HispanicEthnicityRecorded",
            PersonEvent::IcwaInquiryRecorded { .. } => "IcwaInquiryRecorded",
            PersonEvent::TribalMembershipRecorded { .. } => "TribalMembershipRecorded",
            PersonEvent::IcwaApplicabilityRecorded { .. } => "IcwaApplicabilityRecorded",
            PersonEvent::HealthAssessmentRecorded { .. } => "HealthAssessmentRecorded",
            PersonEvent::DiagnosisStatusRecorded { .. } => "DiagnosisStatusRecorded",
            PersonEvent::EducationRecorded { .. } => "EducationRecorded",
            PersonEvent::PregnancyAndParentingRecorded { .. } => "PregnancyAndParentingRecorded",
            PersonEvent::PriorAdoptionRecorded { .. } => "PriorAdoptionRecorded",
            PersonEvent::PriorGuardianshipRecorded { .. } => "PriorGuardianshipRecorded",
            PersonEvent::DelinquencyAdjudicationRecorded { .. } => {
                "DelinquencyAdjudicationRecorded"
            }
            PersonEvent::RelationshipRecorded { .. } => "RelationshipRecorded",
            PersonEvent::RelationshipEnded { .. } => "RelationshipEnded",
            PersonEvent::IndependentLivingServiceDelivered { .. } => {
                "IndependentLivingServiceDelivered"
            }
            PersonEvent::OutcomeSurveyRecorded { .. } => "OutcomeSurveyRecorded",
            PersonEvent::CorrectionRequested { .. } => "CorrectionRequested",
            PersonEvent::PersonalDataErased { .. } => "PersonalDataErased",
        }
    }

    fn schema_version(&self) -> u16 {
        match self {
            // v2: the name (the request's words) became `Personal` values, so that erasure
            // can reach them.
            PersonEvent::PersonRegistered { .. }
            | PersonEvent::IdentityCorrected { .. }
            | PersonEvent::CorrectionRequested { .. } => 2,
            _ => 1,
        }
    }
}
