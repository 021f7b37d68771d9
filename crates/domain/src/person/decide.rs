//! Validates person commands into events.
use chrono::NaiveDate;

use super::demographics::{DateOfBirth, Race, YesNo};
use super::education::{GradeLevel, SchoolEnrollment};
use super::health::DiagnosisStatus;
use super::history::{PriorAdoption, PriorGuardianship, YearMonth};
use super::icwa::{IcwaApplicability, TribalMembership};
use super::youth::{
    check_survey_window, OutcomeAnswers, ParticipationStatus, SurveyPopulation, SurveyWindowError,
};
use super::{PersonCommand, PersonEvent, PersonState};
use crate::occurrence::{ensure_not_before, ensure_not_in_future};
use crate::personal_data::{Personal, NAME_FIELDS};
use crate::{CommandContext, DomainError, Narrative, Rule};

type Decision = Result<Vec<PersonEvent>, DomainError>;

pub(crate) fn decide(
    state: &PersonState,
    command: PersonCommand,
    context: &CommandContext,
) -> Decision {
    ensure_not_in_future(occurred_on(&command), context, "occurred_on")?;
    match command {
        PersonCommand::RegisterPerson {
            person_id,
            name,
            date_of_birth,
            sex,
            occurred_on,
        } => {
            if state.id.is_some() {
                return Err(DomainError::new(Rule::AlreadyExists, "person_id"));
            }
            name.validate(NAME_FIELDS)?;
            check_date_of_birth(date_of_birth, context)?;
            Ok(vec![PersonEvent::PersonRegistered {
                person_id,
                name: Personal::new(person_id.0, name),
                date_of_birth,
                sex,
                occurred_on,
            }])
        }
        command => decide_for_registered(state, command, context),
    }
}

fn decide_for_registered(
    state: &PersonState,
    command: PersonCommand,
    context: &CommandContext,
) -> Decision {
    let Some(person_id) = state.id else {
        return Err(DomainError::new(Rule::NotFound, "person_id"));
    };
    if let Some(born) = state.date_of_birth {
        ensure_not_before(
            occurred_on(&command),
            born.date(),
            Rule::DateBeforeBirth,
            "occurred_on",
        )?;
    }
    match command {
        PersonCommand::RegisterPerson { .. } => {
            Err(DomainError::new(Rule::AlreadyExists, "person_id"))
        }
        PersonCommand::CorrectIdentity {
            name,
            date_of_birth,
            sex,
            occurred_on,
        } => {
            if name.is_none() && date_of_birth.is_none() && sex.is_none() {
                return Err(DomainError::new(Rule::NothingToChange, "name"));
            }
            if let Some(name) = &name {
                if state.erased {
                    return Err(DomainError::new(Rule::PersonErased, "name"));
                }
                name.validate(NAME_FIELDS)?;
            }
            check_date_of_birth(date_of_birth, context)?;
            if let Some(corrected) = date_of_birth {
                check_surveys_still_in_window(state, corrected)?;
            }
            Ok(vec![PersonEvent::IdentityCorrected {
                name: name.map(|name| Personal::new(person_id.0, name)),
                date_of_birth,
                sex,
                occurred_on,
            }])
        }
        PersonCommand::RecordRace { race, occurred_on } => {
            if matches!(&race, Race::Reported(categories) if categories.is_empty()) {
                return Err(DomainError::new(Rule::Required, "race"));
            }
            Ok(vec![PersonEvent::RaceRecorded { race, occurred_on }])
        }
        PersonCommand::RecordHispanicEthnicity {
            ethnicity,
            occurred_on,
        } => Ok(vec![PersonEvent::HispanicEthnicityRecorded {
            ethnicity,
            occurred_on,
        }]),
        PersonCommand::RecordIcwaInquiry {
            inquired,
            occurred_on,
        } => Ok(vec![PersonEvent::IcwaInquiryRecorded {
            inquired,
            occurred_on,
        }]),
        PersonCommand::RecordTribalMembership {
            membership,
            occurred_on,
        } => {
            if matches!(&membership, TribalMembership::MemberOrEligible { tribes } if tribes.is_empty())
            {
                return Err(DomainError::new(Rule::Required, "membership.tribes"));
            }
            Ok(vec![PersonEvent::TribalMembershipRecorded {
                membership,
                occurred_on,
            }])
        }
        PersonCommand::RecordIcwaApplicability {
            applicability,
            occurred_on,
        } => {
            check_icwa(state, &applicability, context)?;
            Ok(vec![PersonEvent::IcwaApplicabilityRecorded {
                applicability,
                occurred_on,
            }])
        }
        PersonCommand::RecordHealthAssessment { occurred_on } => {
            Ok(vec![PersonEvent::HealthAssessmentRecorded { occurred_on }])
        }
        PersonCommand::RecordDiagnosisStatus {
            status,
            occurred_on,
        } => {
            if matches!(&status, DiagnosisStatus::HasDiagnosedCondition { conditions } if conditions.is_empty())
            {
                return Err(DomainError::new(Rule::Required, "status.conditions"));
            }
            Ok(vec![PersonEvent::DiagnosisStatusRecorded {
                status,
                occurred_on,
            }])
        }
        PersonCommand::RecordEducation {
            enrollment,
            highest_grade,
            special_education,
            occurred_on,
        } => {
            check_education(enrollment, highest_grade)?;
            Ok(vec![PersonEvent::EducationRecorded {
                enrollment,
                highest_grade,
                special_education,
                occurred_on,
            }])
        }
        PersonCommand::RecordPregnancyAndParenting {
            pregnant,
            ever_fathered_or_bore_child,
            placed_with_own_children,
            occurred_on,
        } => {
            // A child placed with their own children has, by definition, had children.
            if placed_with_own_children == YesNo::Yes && ever_fathered_or_bore_child == YesNo::No {
                return Err(DomainError::new(
                    Rule::ParentingInconsistent,
                    "placed_with_own_children",
                ));
            }
            Ok(vec![PersonEvent::PregnancyAndParentingRecorded {
                pregnant,
                ever_fathered_or_bore_child,
                placed_with_own_children,
                occurred_on,
            }])
        }
        PersonCommand::RecordPriorAdoption {
            prior_adoption,
            occurred_on,
        } => {
            if let PriorAdoption::Yes { finalized_in, .. } = prior_adoption {
                check_prior_adoption_month(state, finalized_in, context)?;
            }
            Ok(vec![PersonEvent::PriorAdoptionRecorded {
                prior_adoption,
                occurred_on,
            }])
        }
        PersonCommand::RecordPriorGuardianship {
            prior_guardianship,
            occurred_on,
        } => {
            if let PriorGuardianship::Yes { legalized_on } = prior_guardianship {
                let field = "prior_guardianship.legalized_on";
                ensure_not_in_future(legalized_on, context, field)?;
                if let Some(born) = state.date_of_birth {
                    ensure_not_before(legalized_on, born.date(), Rule::DateBeforeBirth, field)?;
                }
            }
            Ok(vec![PersonEvent::PriorGuardianshipRecorded {
                prior_guardianship,
                occurred_on,
            }])
        }
        PersonCommand::RecordDelinquencyAdjudication { occurred_on } => {
            Ok(vec![PersonEvent::DelinquencyAdjudicationRecorded {
                occurred_on,
            }])
        }
        PersonCommand::RecordRelationship {
            other,
            kind,
            occurred_on,
        } => {
            if Some(other) == state.id {
                return Err(DomainError::new(Rule::RelationshipToSelf, "other"));
            }
            if state.relationships.contains_key(&other) {
                return Err(DomainError::new(Rule::RelationshipAlreadyRecorded, "other"));
            }
            Ok(vec![PersonEvent::RelationshipRecorded {
                other,
                kind,
                occurred_on,
            }])
        }
        PersonCommand::EndRelationship { other, occurred_on } => {
            if !state.relationships.contains_key(&other) {
                return Err(DomainError::new(Rule::RelationshipNotFound, "other"));
            }
            Ok(vec![PersonEvent::RelationshipEnded { other, occurred_on }])
        }
        PersonCommand::RecordIndependentLivingService {
            service,
            occurred_on,
        } => Ok(vec![PersonEvent::IndependentLivingServiceDelivered {
            service,
            occurred_on,
        }]),
        PersonCommand::RecordOutcomeSurvey {
            population,
            status,
            answers,
            occurred_on,
        } => {
            check_survey(state, population, status, answers.as_ref(), occurred_on)?;
            Ok(vec![PersonEvent::OutcomeSurveyRecorded {
                population,
                status,
                answers,
                occurred_on,
            }])
        }
        PersonCommand::RequestCorrection {
            request_id,
            requested_by,
            disputed,
            statement,
            occurred_on,
        } => {
            if state.correction_requests.contains(&request_id) {
                return Err(DomainError::new(Rule::AlreadyRecorded, "request_id"));
            }
            if requested_by.is_blank() {
                return Err(DomainError::new(Rule::Required, "requested_by"));
            }
            if disputed.is_empty() || disputed.iter().any(Narrative::is_blank) {
                return Err(DomainError::new(Rule::Required, "disputed"));
            }
            if statement.is_blank() {
                return Err(DomainError::new(Rule::Required, "statement"));
            }
            Ok(vec![PersonEvent::CorrectionRequested {
                request_id,
                requested_by: Personal::new(person_id.0, requested_by),
                disputed: Personal::new(person_id.0, disputed),
                statement: Personal::new(person_id.0, statement),
                occurred_on,
            }])
        }
        PersonCommand::ErasePersonalData {
            legal_basis,
            request_reference,
            occurred_on,
        } => {
            if state.erased {
                return Err(DomainError::new(Rule::AlreadyRecorded, "person_id"));
            }
            if legal_basis.is_blank() {
                return Err(DomainError::new(Rule::Required, "legal_basis"));
            }
            if request_reference.is_blank() {
                return Err(DomainError::new(Rule::Required, "request_reference"));
            }
            Ok(vec![PersonEvent::PersonalDataErased {
                legal_basis,
                request_reference,
                occurred_on,
            }])
        }
    }
}

fn occurred_on(command: &PersonCommand) -> NaiveDate {
    match command {
        PersonCommand::RegisterPerson { occurred_on, .. }
        | PersonCommand::CorrectIdentity { occurred_on, .. }
        | PersonCommand::RecordRace { occurred_on, .. }
        | PersonCommand::RecordHispanicEthnicity { occurred_on, .. }
        | PersonCommand::RecordIcwaInquiry { occurred_on, .. }
        | PersonCommand::RecordTribalMembership { occurred_on, .. }
        | PersonCommand::RecordIcwaApplicability { occurred_on, .. }
        | PersonCommand::RecordHealthAssessment { occurred_on }
        | PersonCommand::RecordDiagnosisStatus { occurred_on, .. }
        | PersonCommand::RecordEducation { occurred_on, .. }
        | PersonCommand::RecordPregnancyAndParenting { occurred_on, .. }
        | PersonCommand::RecordPriorAdoption { occurred_on, .. }
        | PersonCommand::RecordPriorGuardianship { occurred_on, .. }
        | PersonCommand::RecordDelinquencyAdjudication { occurred_on }
        | PersonCommand::RecordRelationship { occurred_on, .. }
        | PersonCommand::EndRelationship { occurred_on, .. }
        | PersonCommand::RecordIndependentLivingService { occurred_on, .. }
        | PersonCommand::RecordOutcomeSurvey { occurred_on, .. }
        | PersonCommand::RequestCorrection { occurred_on, .. }
        | PersonCommand::ErasePersonalData { occurred_on, .. } => *occurred_on,
    }
}

/// The prior adoption month must exist, lie in the past and not before the birth month.
fn check_prior_adoption_month(
    state: &PersonState,
    finalized_in: YearMonth,
    context: &CommandContext,
) -> Result<(), DomainError> {
    let field = "prior_adoption.finalized_in";
    if !finalized_in.is_valid() {
        return Err(DomainError::new(Rule::InvalidCode, field));
    }
    if finalized_in > YearMonth::of(context.now.date_naive()) {
        return Err(DomainError::new(Rule::DateInFuture, field));
    }
    if let Some(born) = state.date_of_birth {
        if finalized_in < YearMonth::of(born.date()) {
            return Err(DomainError::new(Rule::DateBeforeBirth, field));
        }
    }
    Ok(())
}

fn check_date_of_birth(
    date_of_birth: Option<DateOfBirth>,
    context: &CommandContext,
) -> Result<(), DomainError> {
    match date_of_birth {
        Some(born) => ensure_not_in_future(born.date(), context, "date_of_birth"),
        None => Ok(()),
    }
}

/// A survey already collected stays valid only if it is still inside its window under the
/// corrected date of birth; otherwise the NYTD record would silently become invalid.
fn check_surveys_still_in_window(
    state: &PersonState,
    corrected: DateOfBirth,
) -> Result<(), DomainError> {
    for (population, (_, collected_on)) in &state.surveys {
        if check_survey_window(*population, corrected.date(), *collected_on).is_err() {
            return Err(DomainError::new(
                Rule::DateOfBirthContradictsSurveys,
                "date_of_birth",
            ));
        }
    }
    Ok(())
}

fn check_icwa(
    state: &PersonState,
    applicability: &IcwaApplicability,
    context: &CommandContext,
) -> Result<(), DomainError> {
    let IcwaApplicability::Applies {
        tribe_notified_on, ..
    } = applicability
    else {
        return Ok(());
    };
    // ICWA applies only to an Indian child: a recorded "not a member" contradicts it.
    if state.tribal_membership == Some(TribalMembership::NotMember) {
        return Err(DomainError::new(
            Rule::IcwaContradictsTribalMembership,
            "applicability",
        ));
    }
    if let Some(notified) = tribe_notified_on {
        ensure_not_in_future(*notified, context, "applicability.tribe_notified_on")?;
    }
    Ok(())
}

fn check_education(enrollment: SchoolEnrollment, grade: GradeLevel) -> Result<(), DomainError> {
    if !grade.is_valid() {
        return Err(DomainError::new(Rule::InvalidCode, "highest_grade"));
    }
    let enrollment_says = enrollment == SchoolEnrollment::NotSchoolAge;
    let grade_says = grade == GradeLevel::NotSchoolAge;
    if enrollment_says != grade_says {
        return Err(DomainError::new(
            Rule::SchoolAgeInconsistent,
            "highest_grade",
        ));
    }
    Ok(())
}

fn check_survey(
    state: &PersonState,
    population: SurveyPopulation,
    status: ParticipationStatus,
    answers: Option<&OutcomeAnswers>,
    collected_on: NaiveDate,
) -> Result<(), DomainError> {
    let Some(born) = state.date_of_birth else {
        return Err(DomainError::new(Rule::DateOfBirthUnknown, "population"));
    };
    match check_survey_window(population, born.date(), collected_on) {
        Ok(()) => {}
        Err(SurveyWindowError::OutsideWindow) => {
            return Err(DomainError::new(Rule::SurveyOutsideWindow, "occurred_on"))
        }
        Err(SurveyWindowError::NotACohortYear) => {
            return Err(DomainError::new(Rule::NotInBaselineCohort, "population"))
        }
    }
    if state.surveys.contains_key(&population) {
        return Err(DomainError::new(Rule::SurveyAlreadyRecorded, "population"));
    }
    let baseline = state.surveys.get(&SurveyPopulation::BaselineAt17);
    let baseline_participated = matches!(baseline, Some((ParticipationStatus::Participated, _)));
    if population != SurveyPopulation::BaselineAt17 && !baseline_participated {
        return Err(DomainError::new(
            Rule::NotInFollowUpPopulation,
            "population",
        ));
    }
    match (status, answers) {
        (ParticipationStatus::Participated, None) => {
            Err(DomainError::new(Rule::Required, "answers"))
        }
        (ParticipationStatus::Participated, Some(answers)) => {
            answers.validate()?;
            if !answers.has_valid_response() {
                return Err(DomainError::new(Rule::SurveyHasNoResponse, "answers"));
            }
            Ok(())
        }
        (_, Some(_)) => Err(DomainError::new(
            Rule::SurveyAnswersWithoutParticipation,
            "answers",
        )),
        (_, None) => Ok(()),
    }
}

/// Exposed for the property tests: the invariants every accepted history keeps.
#[cfg(test)]
pub(crate) fn check_invariants(state: &PersonState) -> Result<(), String> {
    if let Some(id) = state.id {
        if state.relationships.contains_key(&id) {
            return Err("a person is related to themselves".into());
        }
    } else if !state.relationships.is_empty() || !state.surveys.is_empty() {
        return Err("facts recorded for an unregistered person".into());
    }
    let has_follow_up = state
        .surveys
        .keys()
        .any(|population| *population != SurveyPopulation::BaselineAt17);
    let baseline = state.surveys.get(&SurveyPopulation::BaselineAt17);
    if has_follow_up && !matches!(baseline, Some((ParticipationStatus::Participated, _))) {
        return Err("a follow-up survey without a participating baseline".into());
    }
    if let Some(born) = state.date_of_birth {
        for (population, (_, on)) in &state.surveys {
            if check_survey_window(*population, born.date(), *on).is_err() {
                return Err(format!("{population:?} survey outside its window"));
            }
        }
    }
    Ok(())
}
