//! Given / when / then tests for every person command.
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::youth::{
    Certification, IndependentLivingService, OutcomeAnswers, ParticipationStatus, SurveyAnswer,
    SurveyPopulation,
};
use super::*;
use crate::personal_data::{PersonName, Personal};
use crate::testing::{self, date, uuid};
use crate::{DomainError, Narrative, PersonId, Rule};

fn check(
    given: Vec<PersonEvent>,
    when: PersonCommand,
    then: Result<Vec<PersonEvent>, DomainError>,
) {
    testing::check::<Person>(given, when, then);
}

fn rejected(rule: Rule, field: &'static str) -> Result<Vec<PersonEvent>, DomainError> {
    Err(DomainError::new(rule, field))
}

const CHILD: u128 = 1;
const SISTER: u128 = 2;

fn name() -> PersonName {
    PersonName {
        given: "Jordan".into(),
        middle: None,
        family: "Doe".into(),
    }
}

/// A youth born 2009-03-10: 17 on 2026-03-10, in the FY2026 baseline cohort.
fn born() -> NaiveDate {
    date(2009, 3, 10)
}

fn registered() -> PersonEvent {
    PersonEvent::PersonRegistered {
        person_id: PersonId(uuid(CHILD)),
        name: Personal::new(uuid(CHILD), name()),
        date_of_birth: Some(DateOfBirth::Known(born())),
        sex: Some(Sex::Female),
        occurred_on: date(2024, 1, 5),
    }
}

/// A consistent set of answers from a participating youth without children or other
/// health insurance.
pub(super) fn valid_answers() -> OutcomeAnswers {
    use SurveyAnswer::{No, NotApplicable, Yes};
    OutcomeAnswers {
        current_full_time_employment: No,
        current_part_time_employment: Yes,
        employment_related_skills: Yes,
        social_security: No,
        educational_aid: No,
        public_financial_assistance: No,
        public_food_assistance: No,
        public_housing_assistance: No,
        other_financial_support: No,
        highest_certification: Certification::None,
        current_enrollment_and_attendance: Yes,
        connection_to_adult: Yes,
        homelessness: No,
        substance_abuse_referral: No,
        incarceration: No,
        children: No,
        marriage_at_childs_birth: NotApplicable,
        medicaid: Yes,
        other_health_insurance: No,
        health_insurance_medical: NotApplicable,
        health_insurance_mental_health: NotApplicable,
        health_insurance_prescription_drugs: NotApplicable,
    }
}

fn baseline(status: ParticipationStatus) -> PersonEvent {
    PersonEvent::OutcomeSurveyRecorded {
        population: SurveyPopulation::BaselineAt17,
        status,
        answers: (status == ParticipationStatus::Participated).then(valid_answers),
        occurred_on: date(2026, 3, 20),
    }
}

// --- registration and identity ---

#[test]
fn registering_a_person_records_them() {
    check(
        vec![],
        PersonCommand::RegisterPerson {
            person_id: PersonId(uuid(CHILD)),
            name: name(),
            date_of_birth: Some(DateOfBirth::Known(born())),
            sex: Some(Sex::Female),
            occurred_on: date(2024, 1, 5),
        },
        Ok(vec![registered()]),
    );
}

#[test]
fn a_person_is_registered_once() {
    check(
        vec![registered()],
        PersonCommand::RegisterPerson {
            person_id: PersonId(uuid(CHILD)),
            name: name(),
            date_of_birth: None,
            sex: None,
            occurred_on: date(2024, 1, 5),
        },
        rejected(Rule::AlreadyExists, "person_id"),
    );
}

#[test]
fn registration_rejects_a_blank_given_name() {
    let mut blank = name();
    blank.given = String::new();
    check(
        vec![],
        PersonCommand::RegisterPerson {
            person_id: PersonId(uuid(CHILD)),
            name: blank,
            date_of_birth: None,
            sex: None,
            occurred_on: date(2024, 1, 5),
        },
        rejected(Rule::Required, "name.given"),
    );
}

#[test]
fn a_date_of_birth_in_the_future_is_rejected() {
    check(
        vec![],
        PersonCommand::RegisterPerson {
            person_id: PersonId(uuid(CHILD)),
            name: name(),
            date_of_birth: Some(DateOfBirth::Estimated(date(2026, 7, 1))),
            sex: None,
            occurred_on: date(2026, 6, 1),
        },
        rejected(Rule::DateInFuture, "date_of_birth"),
    );
}

#[test]
fn a_fact_cannot_occur_after_it_is_recorded() {
    check(
        vec![registered()],
        PersonCommand::RecordHealthAssessment {
            occurred_on: date(2026, 6, 16),
        },
        rejected(Rule::DateInFuture, "occurred_on"),
    );
}

#[test]
fn commands_on_an_unregistered_person_are_rejected() {
    check(
        vec![],
        PersonCommand::RecordHealthAssessment {
            occurred_on: date(2025, 1, 1),
        },
        rejected(Rule::NotFound, "person_id"),
    );
}

#[test]
fn a_fact_cannot_predate_the_birth() {
    check(
        vec![registered()],
        PersonCommand::RecordHealthAssessment {
            occurred_on: date(2009, 3, 9),
        },
        rejected(Rule::DateBeforeBirth, "occurred_on"),
    );
}

#[test]
fn correcting_identity_records_only_the_corrected_parts() {
    check(
        vec![registered()],
        PersonCommand::CorrectIdentity {
            name: None,
            date_of_birth: Some(DateOfBirth::Estimated(date(2009, 1, 1))),
            sex: None,
            occurred_on: date(2025, 2, 1),
        },
        Ok(vec![PersonEvent::IdentityCorrected {
            name: None,
            date_of_birth: Some(DateOfBirth::Estimated(date(2009, 1, 1))),
            sex: None,
            occurred_on: date(2025, 2, 1),
        }]),
    );
}

#[test]
fn a_birth_date_correction_cannot_invalidate_a_recorded_survey() {
    check(
        vec![registered(), baseline(ParticipationStatus::YouthDeclined)],
        PersonCommand::CorrectIdentity {
            name: None,
            date_of_birth: Some(DateOfBirth::Known(date(2009, 1, 10))),
            sex: None,
            occurred_on: date(2026, 4, 1),
        },
        rejected(Rule::DateOfBirthContradictsSurveys, "date_of_birth"),
    );
}

#[test]
fn a_correction_must_change_something() {
    check(
        vec![registered()],
        PersonCommand::CorrectIdentity {
            name: None,
            date_of_birth: None,
            sex: None,
            occurred_on: date(2025, 2, 1),
        },
        rejected(Rule::NothingToChange, "name"),
    );
}

fn correction_request(statement: &str) -> PersonCommand {
    PersonCommand::RequestCorrection {
        request_id: uuid(70),
        requested_by: Narrative::new("the youth"),
        disputed: vec![Narrative::new("the 2024-02-01 case note")],
        statement: Narrative::new(statement),
        occurred_on: date(2025, 3, 1),
    }
}

#[test]
fn a_correction_request_is_recorded_with_what_is_disputed_and_why() {
    check(
        vec![registered()],
        correction_request("I was not at the home that day"),
        Ok(vec![PersonEvent::CorrectionRequested {
            request_id: uuid(70),
            requested_by: Personal::new(uuid(CHILD), Narrative::new("the youth")),
            disputed: Personal::new(
                uuid(CHILD),
                vec![Narrative::new("the 2024-02-01 case note")],
            ),
            statement: Personal::new(
                uuid(CHILD),
                Narrative::new("I was not at the home that day"),
            ),
            occurred_on: date(2025, 3, 1),
        }]),
    );
}

fn erasure(legal_basis: &str) -> PersonCommand {
    PersonCommand::ErasePersonalData {
        legal_basis: Narrative::new(legal_basis),
        request_reference: Narrative::new("letter of 2025-02-20"),
        occurred_on: date(2025, 3, 1),
    }
}

fn erased() -> PersonEvent {
    PersonEvent::PersonalDataErased {
        legal_basis: Narrative::new("expungement order"),
        request_reference: Narrative::new("letter of 2025-02-20"),
        occurred_on: date(2025, 3, 1),
    }
}

#[test]
fn an_erasure_is_recorded_once_with_its_legal_basis() {
    check(
        vec![registered()],
        erasure("expungement order"),
        Ok(vec![erased()]),
    );
    check(
        vec![registered()],
        erasure(" "),
        rejected(Rule::Required, "legal_basis"),
    );
    check(
        vec![registered(), erased()],
        erasure("expungement order"),
        rejected(Rule::AlreadyRecorded, "person_id"),
    );
    check(
        vec![],
        erasure("expungement order"),
        rejected(Rule::NotFound, "person_id"),
    );
}

#[test]
fn an_erased_person_gets_no_new_name_but_keeps_other_corrections() {
    let rename = |name| PersonCommand::CorrectIdentity {
        name,
        date_of_birth: None,
        sex: Some(Sex::Male),
        occurred_on: date(2025, 4, 1),
    };
    check(
        vec![registered(), erased()],
        rename(Some(name())),
        rejected(Rule::PersonErased, "name"),
    );
    check(
        vec![registered(), erased()],
        rename(None),
        Ok(vec![PersonEvent::IdentityCorrected {
            name: None,
            date_of_birth: None,
            sex: Some(Sex::Male),
            occurred_on: date(2025, 4, 1),
        }]),
    );
}

#[test]
fn a_correction_request_needs_a_statement_and_is_recorded_once() {
    check(
        vec![registered()],
        correction_request("  "),
        rejected(Rule::Required, "statement"),
    );
    let recorded = PersonEvent::CorrectionRequested {
        request_id: uuid(70),
        requested_by: Personal::new(uuid(CHILD), Narrative::new("the youth")),
        disputed: Personal::new(uuid(CHILD), vec![Narrative::new("a note")]),
        statement: Personal::new(uuid(CHILD), Narrative::new("wrong")),
        occurred_on: date(2025, 3, 1),
    };
    check(
        vec![registered(), recorded],
        correction_request("again"),
        rejected(Rule::AlreadyRecorded, "request_id"),
    );
    let mut nothing_disputed = correction_request("wrong");
    if let PersonCommand::RequestCorrection { disputed, .. } = &mut nothing_disputed {
        disputed.clear();
    }
    check(
        vec![registered()],
        nothing_disputed,
        rejected(Rule::Required, "disputed"),
    );
}

// --- race and ethnicity ---

#[test]
fn race_records_several_categories() {
    let race = Race::Reported(BTreeSet::from([RaceCategory::Asian, RaceCategory::White]));
    check(
        vec![registered()],
        PersonCommand::RecordRace {
            race: race.clone(),
            occurred_on: date(2025, 1, 1),
        },
        Ok(vec![PersonEvent::RaceRecorded {
            race,
            occurred_on: date(2025, 1, 1),
        }]),
    );
}

#[test]
fn a_reported_race_needs_at_least_one_category() {
    check(
        vec![registered()],
        PersonCommand::RecordRace {
            race: Race::Reported(BTreeSet::new()),
            occurred_on: date(2025, 1, 1),
        },
        rejected(Rule::Required, "race"),
    );
}

#[test]
fn declined_ethnicity_is_recorded_as_declined_not_unknown() {
    check(
        vec![registered()],
        PersonCommand::RecordHispanicEthnicity {
            ethnicity: HispanicEthnicity::Declined,
            occurred_on: date(2025, 1, 1),
        },
        Ok(vec![PersonEvent::HispanicEthnicityRecorded {
            ethnicity: HispanicEthnicity::Declined,
            occurred_on: date(2025, 1, 1),
        }]),
    );
}

// --- ICWA ---

#[test]
fn icwa_inquiry_is_recorded() {
    check(
        vec![registered()],
        PersonCommand::RecordIcwaInquiry {
            inquired: YesNo::Yes,
            occurred_on: date(2025, 1, 1),
        },
        Ok(vec![PersonEvent::IcwaInquiryRecorded {
            inquired: YesNo::Yes,
            occurred_on: date(2025, 1, 1),
        }]),
    );
}

#[test]
fn tribal_membership_names_the_tribes() {
    let membership = TribalMembership::MemberOrEligible {
        tribes: BTreeSet::from([TribeName("Cherokee Nation".into())]),
    };
    check(
        vec![registered()],
        PersonCommand::RecordTribalMembership {
            membership: membership.clone(),
            occurred_on: date(2025, 1, 1),
        },
        Ok(vec![PersonEvent::TribalMembershipRecorded {
            membership,
            occurred_on: date(2025, 1, 1),
        }]),
    );
}

#[test]
fn membership_without_a_tribe_is_rejected() {
    check(
        vec![registered()],
        PersonCommand::RecordTribalMembership {
            membership: TribalMembership::MemberOrEligible {
                tribes: BTreeSet::new(),
            },
            occurred_on: date(2025, 1, 1),
        },
        rejected(Rule::Required, "membership.tribes"),
    );
}

fn icwa_applies(notified: NaiveDate) -> IcwaApplicability {
    IcwaApplicability::Applies {
        tribe_notified_on: Some(notified),
        legal_notice_sent: YesNo::Yes,
    }
}

#[test]
fn icwa_applicability_is_recorded_with_the_notification_date() {
    check(
        vec![registered()],
        PersonCommand::RecordIcwaApplicability {
            applicability: icwa_applies(date(2025, 1, 3)),
            occurred_on: date(2025, 1, 1),
        },
        Ok(vec![PersonEvent::IcwaApplicabilityRecorded {
            applicability: icwa_applies(date(2025, 1, 3)),
            occurred_on: date(2025, 1, 1),
        }]),
    );
}

#[test]
fn icwa_cannot_apply_to_a_child_recorded_as_not_a_tribal_member() {
    let not_member = PersonEvent::TribalMembershipRecorded {
        membership: TribalMembership::NotMember,
        occurred_on: date(2024, 12, 1),
    };
    check(
        vec![registered(), not_member],
        PersonCommand::RecordIcwaApplicability {
            applicability: icwa_applies(date(2025, 1, 3)),
            occurred_on: date(2025, 1, 1),
        },
        rejected(Rule::IcwaContradictsTribalMembership, "applicability"),
    );
}

#[test]
fn a_tribe_cannot_be_notified_in_the_future() {
    check(
        vec![registered()],
        PersonCommand::RecordIcwaApplicability {
            applicability: icwa_applies(date(2026, 7, 1)),
            occurred_on: date(2025, 1, 1),
        },
        rejected(Rule::DateInFuture, "applicability.tribe_notified_on"),
    );
}

// --- health ---

#[test]
fn a_health_assessment_is_recorded_on_its_date() {
    check(
        vec![registered()],
        PersonCommand::RecordHealthAssessment {
            occurred_on: date(2025, 4, 2),
        },
        Ok(vec![PersonEvent::HealthAssessmentRecorded {
            occurred_on: date(2025, 4, 2),
        }]),
    );
}

#[test]
fn a_diagnosis_lists_its_conditions() {
    let status = DiagnosisStatus::HasDiagnosedCondition {
        conditions: BTreeMap::from([
            (
                Condition::AutismSpectrumDisorder,
                ConditionPresence::Existing,
            ),
            (Condition::DevelopmentalDelay, ConditionPresence::Previous),
        ]),
    };
    check(
        vec![registered()],
        PersonCommand::RecordDiagnosisStatus {
            status: status.clone(),
            occurred_on: date(2025, 4, 2),
        },
        Ok(vec![PersonEvent::DiagnosisStatusRecorded {
            status,
            occurred_on: date(2025, 4, 2),
        }]),
    );
}

#[test]
fn a_diagnosis_without_conditions_is_rejected() {
    check(
        vec![registered()],
        PersonCommand::RecordDiagnosisStatus {
            status: DiagnosisStatus::HasDiagnosedCondition {
                conditions: BTreeMap::new(),
            },
            occurred_on: date(2025, 4, 2),
        },
        rejected(Rule::Required, "status.conditions"),
    );
}

// --- education and parenting ---

#[test]
fn education_is_recorded() {
    check(
        vec![registered()],
        PersonCommand::RecordEducation {
            enrollment: SchoolEnrollment::Secondary,
            highest_grade: GradeLevel::Grade(10),
            special_education: YesNo::Yes,
            occurred_on: date(2025, 9, 1),
        },
        Ok(vec![PersonEvent::EducationRecorded {
            enrollment: SchoolEnrollment::Secondary,
            highest_grade: GradeLevel::Grade(10),
            special_education: YesNo::Yes,
            occurred_on: date(2025, 9, 1),
        }]),
    );
}

#[test]
fn grade_13_does_not_exist() {
    check(
        vec![registered()],
        PersonCommand::RecordEducation {
            enrollment: SchoolEnrollment::Secondary,
            highest_grade: GradeLevel::Grade(13),
            special_education: YesNo::No,
            occurred_on: date(2025, 9, 1),
        },
        rejected(Rule::InvalidCode, "highest_grade"),
    );
}

#[test]
fn an_enrolled_child_cannot_be_of_no_school_age() {
    check(
        vec![registered()],
        PersonCommand::RecordEducation {
            enrollment: SchoolEnrollment::Elementary,
            highest_grade: GradeLevel::NotSchoolAge,
            special_education: YesNo::No,
            occurred_on: date(2025, 9, 1),
        },
        rejected(Rule::SchoolAgeInconsistent, "highest_grade"),
    );
}

#[test]
fn pregnancy_and_parenting_are_recorded() {
    check(
        vec![registered()],
        PersonCommand::RecordPregnancyAndParenting {
            pregnant: YesNo::No,
            ever_fathered_or_bore_child: YesNo::Yes,
            placed_with_own_children: YesNo::Yes,
            occurred_on: date(2025, 9, 1),
        },
        Ok(vec![PersonEvent::PregnancyAndParentingRecorded {
            pregnant: YesNo::No,
            ever_fathered_or_bore_child: YesNo::Yes,
            placed_with_own_children: YesNo::Yes,
            occurred_on: date(2025, 9, 1),
        }]),
    );
}

#[test]
fn placed_with_own_children_requires_having_children() {
    check(
        vec![registered()],
        PersonCommand::RecordPregnancyAndParenting {
            pregnant: YesNo::No,
            ever_fathered_or_bore_child: YesNo::No,
            placed_with_own_children: YesNo::Yes,
            occurred_on: date(2025, 9, 1),
        },
        rejected(Rule::ParentingInconsistent, "placed_with_own_children"),
    );
}

// --- history before this episode ---

#[test]
fn a_prior_adoption_is_recorded_by_month() {
    let prior = PriorAdoption::Yes {
        finalized_in: YearMonth {
            year: 2012,
            month: 4,
        },
        intercountry: YesNo::Yes,
    };
    check(
        vec![registered()],
        PersonCommand::RecordPriorAdoption {
            prior_adoption: prior,
            occurred_on: date(2025, 9, 1),
        },
        Ok(vec![PersonEvent::PriorAdoptionRecorded {
            prior_adoption: prior,
            occurred_on: date(2025, 9, 1),
        }]),
    );
}

#[test]
fn a_prior_adoption_month_must_exist_and_follow_the_birth() {
    let adoption = |year, month| PersonCommand::RecordPriorAdoption {
        prior_adoption: PriorAdoption::Yes {
            finalized_in: YearMonth { year, month },
            intercountry: YesNo::No,
        },
        occurred_on: date(2025, 9, 1),
    };
    check(
        vec![registered()],
        adoption(2012, 13),
        rejected(Rule::InvalidCode, "prior_adoption.finalized_in"),
    );
    check(
        vec![registered()],
        adoption(2009, 2),
        rejected(Rule::DateBeforeBirth, "prior_adoption.finalized_in"),
    );
    check(
        vec![registered()],
        adoption(2026, 7),
        rejected(Rule::DateInFuture, "prior_adoption.finalized_in"),
    );
}

#[test]
fn a_prior_guardianship_is_recorded_with_its_date() {
    let prior = PriorGuardianship::Yes {
        legalized_on: date(2015, 6, 1),
    };
    check(
        vec![registered()],
        PersonCommand::RecordPriorGuardianship {
            prior_guardianship: prior,
            occurred_on: date(2025, 9, 1),
        },
        Ok(vec![PersonEvent::PriorGuardianshipRecorded {
            prior_guardianship: prior,
            occurred_on: date(2025, 9, 1),
        }]),
    );
    check(
        vec![registered()],
        PersonCommand::RecordPriorGuardianship {
            prior_guardianship: PriorGuardianship::Yes {
                legalized_on: date(2008, 6, 1),
            },
            occurred_on: date(2025, 9, 1),
        },
        rejected(Rule::DateBeforeBirth, "prior_guardianship.legalized_on"),
    );
}

#[test]
fn an_abandoned_childs_history_is_recorded_as_abandoned() {
    check(
        vec![registered()],
        PersonCommand::RecordPriorGuardianship {
            prior_guardianship: PriorGuardianship::Abandoned,
            occurred_on: date(2025, 9, 1),
        },
        Ok(vec![PersonEvent::PriorGuardianshipRecorded {
            prior_guardianship: PriorGuardianship::Abandoned,
            occurred_on: date(2025, 9, 1),
        }]),
    );
}

#[test]
fn a_delinquency_adjudication_is_recorded_on_its_date() {
    check(
        vec![registered()],
        PersonCommand::RecordDelinquencyAdjudication {
            occurred_on: date(2025, 5, 5),
        },
        Ok(vec![PersonEvent::DelinquencyAdjudicationRecorded {
            occurred_on: date(2025, 5, 5),
        }]),
    );
}

// --- relationships ---

fn sister_recorded() -> PersonEvent {
    PersonEvent::RelationshipRecorded {
        other: PersonId(uuid(SISTER)),
        kind: RelationshipKind::Sibling,
        occurred_on: date(2025, 1, 1),
    }
}

#[test]
fn a_relationship_is_recorded() {
    check(
        vec![registered()],
        PersonCommand::RecordRelationship {
            other: PersonId(uuid(SISTER)),
            kind: RelationshipKind::Sibling,
            occurred_on: date(2025, 1, 1),
        },
        Ok(vec![sister_recorded()]),
    );
}

#[test]
fn a_person_cannot_be_related_to_themselves() {
    check(
        vec![registered()],
        PersonCommand::RecordRelationship {
            other: PersonId(uuid(CHILD)),
            kind: RelationshipKind::Sibling,
            occurred_on: date(2025, 1, 1),
        },
        rejected(Rule::RelationshipToSelf, "other"),
    );
}

#[test]
fn a_second_relationship_to_the_same_person_is_rejected() {
    check(
        vec![registered(), sister_recorded()],
        PersonCommand::RecordRelationship {
            other: PersonId(uuid(SISTER)),
            kind: RelationshipKind::FirstCousin,
            occurred_on: date(2025, 1, 1),
        },
        rejected(Rule::RelationshipAlreadyRecorded, "other"),
    );
}

#[test]
fn ending_a_relationship_removes_it_from_the_relatives() {
    let ended = PersonEvent::RelationshipEnded {
        other: PersonId(uuid(SISTER)),
        occurred_on: date(2025, 2, 1),
    };
    check(
        vec![registered(), sister_recorded()],
        PersonCommand::EndRelationship {
            other: PersonId(uuid(SISTER)),
            occurred_on: date(2025, 2, 1),
        },
        Ok(vec![ended.clone()]),
    );
    let state = <Person as crate::Aggregate>::replay(&[registered(), sister_recorded(), ended]);
    assert_eq!(state.relatives().count(), 0);
}

#[test]
fn ending_an_unknown_relationship_is_rejected() {
    check(
        vec![registered()],
        PersonCommand::EndRelationship {
            other: PersonId(uuid(SISTER)),
            occurred_on: date(2025, 2, 1),
        },
        rejected(Rule::RelationshipNotFound, "other"),
    );
}

#[test]
fn relatives_exclude_foster_parents() {
    let foster = PersonEvent::RelationshipRecorded {
        other: PersonId(uuid(3)),
        kind: RelationshipKind::FosterParent,
        occurred_on: date(2025, 1, 1),
    };
    let state = <Person as crate::Aggregate>::replay(&[registered(), sister_recorded(), foster]);
    assert_eq!(
        state.relatives().collect::<Vec<_>>(),
        vec![PersonId(uuid(SISTER))]
    );
}

// --- youth in transition ---

#[test]
fn an_independent_living_service_is_recorded_on_its_date() {
    check(
        vec![registered()],
        PersonCommand::RecordIndependentLivingService {
            service: IndependentLivingService::Mentoring,
            occurred_on: date(2025, 11, 3),
        },
        Ok(vec![PersonEvent::IndependentLivingServiceDelivered {
            service: IndependentLivingService::Mentoring,
            occurred_on: date(2025, 11, 3),
        }]),
    );
}

fn survey(
    population: SurveyPopulation,
    status: ParticipationStatus,
    answers: Option<OutcomeAnswers>,
    on: NaiveDate,
) -> PersonCommand {
    PersonCommand::RecordOutcomeSurvey {
        population,
        status,
        answers,
        occurred_on: on,
    }
}

#[test]
fn a_baseline_survey_inside_the_window_is_recorded() {
    check(
        vec![registered()],
        survey(
            SurveyPopulation::BaselineAt17,
            ParticipationStatus::Participated,
            Some(valid_answers()),
            date(2026, 3, 20),
        ),
        Ok(vec![baseline(ParticipationStatus::Participated)]),
    );
}

#[test]
fn a_baseline_survey_46_days_after_the_birthday_is_rejected() {
    check(
        vec![registered()],
        survey(
            SurveyPopulation::BaselineAt17,
            ParticipationStatus::Participated,
            Some(valid_answers()),
            date(2026, 4, 25),
        ),
        rejected(Rule::SurveyOutsideWindow, "occurred_on"),
    );
}

#[test]
fn a_baseline_for_a_youth_outside_the_cohort_is_rejected() {
    let born_2008 = PersonEvent::PersonRegistered {
        person_id: PersonId(uuid(CHILD)),
        name: Personal::new(uuid(CHILD), name()),
        date_of_birth: Some(DateOfBirth::Known(date(2008, 3, 10))),
        sex: None,
        occurred_on: date(2024, 1, 5),
    };
    check(
        vec![born_2008],
        survey(
            SurveyPopulation::BaselineAt17,
            ParticipationStatus::YouthDeclined,
            None,
            date(2025, 3, 20),
        ),
        rejected(Rule::NotInBaselineCohort, "population"),
    );
}

#[test]
fn a_survey_needs_a_date_of_birth() {
    let no_birth_date = PersonEvent::PersonRegistered {
        person_id: PersonId(uuid(CHILD)),
        name: Personal::new(uuid(CHILD), name()),
        date_of_birth: None,
        sex: None,
        occurred_on: date(2024, 1, 5),
    };
    check(
        vec![no_birth_date],
        survey(
            SurveyPopulation::BaselineAt17,
            ParticipationStatus::YouthDeclined,
            None,
            date(2026, 3, 20),
        ),
        rejected(Rule::DateOfBirthUnknown, "population"),
    );
}

#[test]
fn a_survey_is_recorded_once_per_population() {
    check(
        vec![registered(), baseline(ParticipationStatus::YouthDeclined)],
        survey(
            SurveyPopulation::BaselineAt17,
            ParticipationStatus::YouthDeclined,
            None,
            date(2026, 3, 25),
        ),
        rejected(Rule::SurveyAlreadyRecorded, "population"),
    );
}

#[test]
fn a_declining_youth_gives_no_valid_answers() {
    check(
        vec![registered()],
        survey(
            SurveyPopulation::BaselineAt17,
            ParticipationStatus::YouthDeclined,
            Some(valid_answers()),
            date(2026, 3, 20),
        ),
        rejected(Rule::SurveyAnswersWithoutParticipation, "answers"),
    );
}

#[test]
fn a_declining_youth_is_recorded_with_status_declined() {
    check(
        vec![registered()],
        survey(
            SurveyPopulation::BaselineAt17,
            ParticipationStatus::YouthDeclined,
            None,
            date(2026, 3, 20),
        ),
        Ok(vec![baseline(ParticipationStatus::YouthDeclined)]),
    );
}

#[test]
fn a_participant_must_answer() {
    check(
        vec![registered()],
        survey(
            SurveyPopulation::BaselineAt17,
            ParticipationStatus::Participated,
            None,
            date(2026, 3, 20),
        ),
        rejected(Rule::Required, "answers"),
    );
}

#[test]
fn a_participant_who_declines_every_question_did_not_participate() {
    let all_declined = OutcomeAnswers {
        current_full_time_employment: SurveyAnswer::Declined,
        current_part_time_employment: SurveyAnswer::Declined,
        employment_related_skills: SurveyAnswer::Declined,
        social_security: SurveyAnswer::Declined,
        educational_aid: SurveyAnswer::Declined,
        public_financial_assistance: SurveyAnswer::Declined,
        public_food_assistance: SurveyAnswer::Declined,
        public_housing_assistance: SurveyAnswer::Declined,
        other_financial_support: SurveyAnswer::Declined,
        highest_certification: Certification::Declined,
        current_enrollment_and_attendance: SurveyAnswer::Declined,
        connection_to_adult: SurveyAnswer::Declined,
        homelessness: SurveyAnswer::Declined,
        substance_abuse_referral: SurveyAnswer::Declined,
        incarceration: SurveyAnswer::Declined,
        children: SurveyAnswer::Declined,
        marriage_at_childs_birth: SurveyAnswer::Declined,
        medicaid: SurveyAnswer::Declined,
        other_health_insurance: SurveyAnswer::Declined,
        health_insurance_medical: SurveyAnswer::Declined,
        health_insurance_mental_health: SurveyAnswer::Declined,
        health_insurance_prescription_drugs: SurveyAnswer::Declined,
    };
    check(
        vec![registered()],
        survey(
            SurveyPopulation::BaselineAt17,
            ParticipationStatus::Participated,
            Some(all_declined),
            date(2026, 3, 20),
        ),
        rejected(Rule::SurveyHasNoResponse, "answers"),
    );
}

#[test]
fn dont_know_is_not_an_answer_about_employment() {
    let mut bad = valid_answers();
    bad.current_full_time_employment = SurveyAnswer::DontKnow;
    check(
        vec![registered()],
        survey(
            SurveyPopulation::BaselineAt17,
            ParticipationStatus::Participated,
            Some(bad),
            date(2026, 3, 20),
        ),
        rejected(
            Rule::SurveyAnswerNotAllowed,
            "answers.current_full_time_employment",
        ),
    );
}

#[test]
fn marriage_at_birth_needs_an_answer_when_the_youth_has_children() {
    let mut bad = valid_answers();
    bad.children = SurveyAnswer::Yes;
    check(
        vec![registered()],
        survey(
            SurveyPopulation::BaselineAt17,
            ParticipationStatus::Participated,
            Some(bad),
            date(2026, 3, 20),
        ),
        rejected(
            Rule::SurveySkipPatternBroken,
            "answers.marriage_at_childs_birth",
        ),
    );
}

#[test]
fn insurance_type_is_not_applicable_without_other_insurance() {
    let mut bad = valid_answers();
    bad.health_insurance_medical = SurveyAnswer::Yes;
    check(
        vec![registered()],
        survey(
            SurveyPopulation::BaselineAt17,
            ParticipationStatus::Participated,
            Some(bad),
            date(2026, 3, 20),
        ),
        rejected(
            Rule::SurveySkipPatternBroken,
            "answers.health_insurance_medical",
        ),
    );
}

/// A youth born 2006-03-10 who took part in the FY2023 baseline (17 on 2023-03-10) turns
/// 19 on 2025-03-10, in FY2025 (1 October 2024 to 30 September 2025).
fn baseline_2023_participant() -> Vec<PersonEvent> {
    vec![
        PersonEvent::PersonRegistered {
            person_id: PersonId(uuid(CHILD)),
            name: Personal::new(uuid(CHILD), name()),
            date_of_birth: Some(DateOfBirth::Known(date(2006, 3, 10))),
            sex: Some(Sex::Male),
            occurred_on: date(2020, 1, 5),
        },
        PersonEvent::OutcomeSurveyRecorded {
            population: SurveyPopulation::BaselineAt17,
            status: ParticipationStatus::Participated,
            answers: Some(valid_answers()),
            occurred_on: date(2023, 3, 15),
        },
    ]
}

#[test]
fn a_follow_up_in_the_fiscal_year_of_the_19th_birthday_is_recorded() {
    check(
        baseline_2023_participant(),
        survey(
            SurveyPopulation::FollowUpAt19,
            ParticipationStatus::UnableToLocate,
            None,
            date(2024, 10, 1),
        ),
        Ok(vec![PersonEvent::OutcomeSurveyRecorded {
            population: SurveyPopulation::FollowUpAt19,
            status: ParticipationStatus::UnableToLocate,
            answers: None,
            occurred_on: date(2024, 10, 1),
        }]),
    );
}

#[test]
fn a_follow_up_before_the_fiscal_year_of_the_19th_birthday_is_rejected() {
    check(
        baseline_2023_participant(),
        survey(
            SurveyPopulation::FollowUpAt19,
            ParticipationStatus::UnableToLocate,
            None,
            date(2024, 9, 30),
        ),
        rejected(Rule::SurveyOutsideWindow, "occurred_on"),
    );
}

#[test]
fn a_follow_up_needs_a_participating_baseline() {
    let mut given = baseline_2023_participant();
    given[1] = PersonEvent::OutcomeSurveyRecorded {
        population: SurveyPopulation::BaselineAt17,
        status: ParticipationStatus::YouthDeclined,
        answers: None,
        occurred_on: date(2023, 3, 15),
    };
    check(
        given,
        survey(
            SurveyPopulation::FollowUpAt19,
            ParticipationStatus::YouthDeclined,
            None,
            date(2025, 1, 10),
        ),
        rejected(Rule::NotInFollowUpPopulation, "population"),
    );
}

// --- the JSON contract ---

#[test]
fn commands_reject_unknown_fields() {
    let json = r#"{"record_health_assessment":{"occurred_on":"2025-01-01","note":"x"}}"#;
    assert!(serde_json::from_str::<PersonCommand>(json).is_err());
    let json = r#"{"record_health_assessment":{"occurred_on":"2025-01-01"}}"#;
    assert_eq!(
        serde_json::from_str::<PersonCommand>(json).ok(),
        Some(PersonCommand::RecordHealthAssessment {
            occurred_on: date(2025, 1, 1)
        })
    );
}

#[test]
fn a_registration_event_debug_print_does_not_show_the_name() {
    let shown = format!("{:?}", registered());
    assert!(!shown.contains("Jordan"));
    assert!(!shown.contains("Doe"));
}
