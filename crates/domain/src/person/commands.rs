//! What callers may ask of a person's record. Commands arrive as JSON from the HTTP API
//! and the NDJSON importer, so unknown fields are rejected rather than silently dropped.
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
use crate::personal_data::PersonName;
use crate::{Narrative, PersonId};

/// A command on one person's stream. Every command carries `occurred_on`, the date the
/// fact happened (the store records when it was entered).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PersonCommand {
    /// Creates the person's record. Date of birth and sex may still be unknown.
    RegisterPerson {
        person_id: PersonId,
        name: PersonName,
        date_of_birth: Option<DateOfBirth>,
        sex: Option<Sex>,
        occurred_on: NaiveDate,
    },
    /// Corrects the name, date of birth or sex; at least one must be given.
    CorrectIdentity {
        name: Option<PersonName>,
        date_of_birth: Option<DateOfBirth>,
        sex: Option<Sex>,
        occurred_on: NaiveDate,
    },
    /// AFCARS E13–E20.
    RecordRace { race: Race, occurred_on: NaiveDate },
    /// AFCARS E21.
    RecordHispanicEthnicity {
        ethnicity: HispanicEthnicity,
        occurred_on: NaiveDate,
    },
    /// AFCARS E7: whether the agency asked whether the child is an Indian child.
    RecordIcwaInquiry {
        inquired: YesNo,
        occurred_on: NaiveDate,
    },
    /// AFCARS E8–E9.
    RecordTribalMembership {
        membership: TribalMembership,
        occurred_on: NaiveDate,
    },
    /// AFCARS E10–E12.
    RecordIcwaApplicability {
        applicability: IcwaApplicability,
        occurred_on: NaiveDate,
    },
    /// AFCARS E22: the date of a health assessment.
    RecordHealthAssessment { occurred_on: NaiveDate },
    /// AFCARS E23–E34.
    RecordDiagnosisStatus {
        status: DiagnosisStatus,
        occurred_on: NaiveDate,
    },
    /// AFCARS E35–E37.
    RecordEducation {
        enrollment: SchoolEnrollment,
        highest_grade: GradeLevel,
        special_education: YesNo,
        occurred_on: NaiveDate,
    },
    /// AFCARS E38–E40.
    RecordPregnancyAndParenting {
        pregnant: YesNo,
        ever_fathered_or_bore_child: YesNo,
        placed_with_own_children: YesNo,
        occurred_on: NaiveDate,
    },
    /// AFCARS E41–E43.
    RecordPriorAdoption {
        prior_adoption: PriorAdoption,
        occurred_on: NaiveDate,
    },
    /// AFCARS E44–E45.
    RecordPriorGuardianship {
        prior_guardianship: PriorGuardianship,
        occurred_on: NaiveDate,
    },
    /// NYTD element 17: the date a court adjudicated the youth delinquent.
    RecordDelinquencyAdjudication { occurred_on: NaiveDate },
    /// "`other` is my `kind`."
    RecordRelationship {
        other: PersonId,
        kind: RelationshipKind,
        occurred_on: NaiveDate,
    },
    EndRelationship {
        other: PersonId,
        occurred_on: NaiveDate,
    },
    /// NYTD elements 20–33: one service delivered on one date.
    RecordIndependentLivingService {
        service: IndependentLivingService,
        occurred_on: NaiveDate,
    },
    /// NYTD elements 34–58. `answers` is present exactly when the youth participated;
    /// `occurred_on` is the data collection date (element 35).
    RecordOutcomeSurvey {
        population: SurveyPopulation,
        status: ParticipationStatus,
        answers: Option<OutcomeAnswers>,
        occurred_on: NaiveDate,
    },
    /// A request by the person, or someone acting for them, to amend their record
    /// (HIPAA §164.526; VisitOMS policy §6): what they dispute and why. It changes no
    /// fact: a correction made is its own command (`CorrectIdentity`, ...), and a refusal
    /// leaves the request and the statement on the record.
    RequestCorrection {
        request_id: Uuid,
        /// Who asked: the person, a parent or guardian, an attorney.
        requested_by: Narrative,
        /// The parts of the record disputed, as the requester names them.
        disputed: Vec<Narrative>,
        statement: Narrative,
        occurred_on: NaiveDate,
    },
    /// Erases the person's personal fields (a privacy officer's decision, where law
    /// allows it). Cannot be undone.
    ErasePersonalData {
        legal_basis: Narrative,
        request_reference: Narrative,
        occurred_on: NaiveDate,
    },
}
