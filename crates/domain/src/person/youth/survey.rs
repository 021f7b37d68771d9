//! The NYTD outcome survey (45 CFR 1356.83(g)(34)–(58)).
use serde::{Deserialize, Serialize};

use crate::{DomainError, Rule};

/// Which survey: the baseline at 17 or a follow-up at 19 or 21.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyPopulation {
    BaselineAt17,
    FollowUpAt19,
    FollowUpAt21,
}

impl SurveyPopulation {
    /// The birthday the survey window is anchored on.
    pub fn age(&self) -> u32 {
        match self {
            SurveyPopulation::BaselineAt17 => 17,
            SurveyPopulation::FollowUpAt19 => 19,
            SurveyPopulation::FollowUpAt21 => 21,
        }
    }
}

/// NYTD element 34, outcome reporting status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParticipationStatus {
    Participated,
    YouthDeclined,
    ParentOrGuardianDeclined,
    Incapacitated,
    Incarcerated,
    RunawayOrMissing,
    UnableToLocate,
    Deceased,
    NotInSample,
}

impl ParticipationStatus {
    /// Element 34 as the NYTD XML writes it.
    pub fn nytd_value(&self) -> &'static str {
        match self {
            ParticipationStatus::Participated => "participated",
            ParticipationStatus::YouthDeclined => "declined",
            ParticipationStatus::ParentOrGuardianDeclined => "parent declined",
            ParticipationStatus::Incapacitated => "incapacitated",
            ParticipationStatus::Incarcerated => "incarcerated",
            ParticipationStatus::RunawayOrMissing => "runaway/missing",
            ParticipationStatus::UnableToLocate => "unable to locate",
            ParticipationStatus::Deceased => "death",
            ParticipationStatus::NotInSample => "not in sample",
        }
    }
}

/// One answer to a yes/no survey element. Which answers an element allows depends on
/// the element (see `OutcomeAnswers::validate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyAnswer {
    Yes,
    No,
    Declined,
    NotApplicable,
    DontKnow,
}

impl SurveyAnswer {
    /// The value as the NYTD XML writes it.
    pub fn nytd_value(&self) -> &'static str {
        match self {
            SurveyAnswer::Yes => "yes",
            SurveyAnswer::No => "no",
            SurveyAnswer::Declined => "declined",
            SurveyAnswer::NotApplicable => "not applicable",
            SurveyAnswer::DontKnow => "don't know",
        }
    }

    /// Whether the answer counts towards participation: NYTD defines a participant as a
    /// youth with at least one answer other than declined or not applicable.
    pub fn is_valid_response(&self) -> bool {
        !matches!(self, SurveyAnswer::Declined | SurveyAnswer::NotApplicable)
    }
}

/// Element 46, highest educational certification received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Certification {
    HighSchoolDiplomaOrGed,
    VocationalCertificate,
    VocationalLicense,
    AssociateDegree,
    BachelorDegree,
    HigherDegree,
    None,
    Declined,
}

impl Certification {
    /// Element 46 as the NYTD XML writes it.
    pub fn nytd_value(&self) -> &'static str {
        match self {
            Certification::HighSchoolDiplomaOrGed => "high school",
            Certification::VocationalCertificate => "vocational certificate",
            Certification::VocationalLicense => "vocational license",
            Certification::AssociateDegree => "associate",
            Certification::BachelorDegree => "bachelor",
            Certification::HigherDegree => "higher degree",
            Certification::None => "none",
            Certification::Declined => "declined",
        }
    }
}

/// Answers to elements 37–58, present only when the youth participated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeAnswers {
    /// 37
    pub current_full_time_employment: SurveyAnswer,
    /// 38
    pub current_part_time_employment: SurveyAnswer,
    /// 39
    pub employment_related_skills: SurveyAnswer,
    /// 40
    pub social_security: SurveyAnswer,
    /// 41
    pub educational_aid: SurveyAnswer,
    /// 42
    pub public_financial_assistance: SurveyAnswer,
    /// 43
    pub public_food_assistance: SurveyAnswer,
    /// 44
    pub public_housing_assistance: SurveyAnswer,
    /// 45
    pub other_financial_support: SurveyAnswer,
    /// 46
    pub highest_certification: Certification,
    /// 47
    pub current_enrollment_and_attendance: SurveyAnswer,
    /// 48
    pub connection_to_adult: SurveyAnswer,
    /// 49
    pub homelessness: SurveyAnswer,
    /// 50
    pub substance_abuse_referral: SurveyAnswer,
    /// 51
    pub incarceration: SurveyAnswer,
    /// 52
    pub children: SurveyAnswer,
    /// 53
    pub marriage_at_childs_birth: SurveyAnswer,
    /// 54
    pub medicaid: SurveyAnswer,
    /// 55
    pub other_health_insurance: SurveyAnswer,
    /// 56
    pub health_insurance_medical: SurveyAnswer,
    /// 57
    pub health_insurance_mental_health: SurveyAnswer,
    /// 58
    pub health_insurance_prescription_drugs: SurveyAnswer,
}

use SurveyAnswer::{Declined, DontKnow, No, NotApplicable, Yes};

const YES_NO_DECLINED: &[SurveyAnswer] = &[Yes, No, Declined];
const WITH_DONT_KNOW: &[SurveyAnswer] = &[Yes, No, DontKnow, Declined];
const WITH_NOT_APPLICABLE: &[SurveyAnswer] = &[Yes, No, NotApplicable, Declined];
const WITH_BOTH: &[SurveyAnswer] = &[Yes, No, DontKnow, NotApplicable, Declined];

impl OutcomeAnswers {
    /// The yes/no elements with their JSON path and the answers each allows.
    fn yes_no_elements(&self) -> [(&'static str, SurveyAnswer, &'static [SurveyAnswer]); 21] {
        [
            (
                "answers.current_full_time_employment",
                self.current_full_time_employment,
                YES_NO_DECLINED,
            ),
            (
                "answers.current_part_time_employment",
                self.current_part_time_employment,
                YES_NO_DECLINED,
            ),
            (
                "answers.employment_related_skills",
                self.employment_related_skills,
                YES_NO_DECLINED,
            ),
            (
                "answers.social_security",
                self.social_security,
                YES_NO_DECLINED,
            ),
            (
                "answers.educational_aid",
                self.educational_aid,
                YES_NO_DECLINED,
            ),
            (
                "answers.public_financial_assistance",
                self.public_financial_assistance,
                YES_NO_DECLINED,
            ),
            (
                "answers.public_food_assistance",
                self.public_food_assistance,
                YES_NO_DECLINED,
            ),
            (
                "answers.public_housing_assistance",
                self.public_housing_assistance,
                YES_NO_DECLINED,
            ),
            (
                "answers.other_financial_support",
                self.other_financial_support,
                YES_NO_DECLINED,
            ),
            (
                "answers.current_enrollment_and_attendance",
                self.current_enrollment_and_attendance,
                YES_NO_DECLINED,
            ),
            (
                "answers.connection_to_adult",
                self.connection_to_adult,
                YES_NO_DECLINED,
            ),
            ("answers.homelessness", self.homelessness, YES_NO_DECLINED),
            (
                "answers.substance_abuse_referral",
                self.substance_abuse_referral,
                YES_NO_DECLINED,
            ),
            ("answers.incarceration", self.incarceration, YES_NO_DECLINED),
            ("answers.children", self.children, YES_NO_DECLINED),
            (
                "answers.marriage_at_childs_birth",
                self.marriage_at_childs_birth,
                WITH_NOT_APPLICABLE,
            ),
            ("answers.medicaid", self.medicaid, WITH_DONT_KNOW),
            (
                "answers.other_health_insurance",
                self.other_health_insurance,
                WITH_DONT_KNOW,
            ),
            (
                "answers.health_insurance_medical",
                self.health_insurance_medical,
                WITH_BOTH,
            ),
            (
                "answers.health_insurance_mental_health",
                self.health_insurance_mental_health,
                WITH_BOTH,
            ),
            (
                "answers.health_insurance_prescription_drugs",
                self.health_insurance_prescription_drugs,
                WITH_BOTH,
            ),
        ]
    }

    /// Checks every answer is allowed for its element, and the two skip patterns: element
    /// 53 applies only to a youth who has children (52), and 56–58 only to a youth with
    /// other health insurance (55).
    pub(crate) fn validate(&self) -> Result<(), DomainError> {
        for (field, answer, allowed) in self.yes_no_elements() {
            if !allowed.contains(&answer) {
                return Err(DomainError::new(Rule::SurveyAnswerNotAllowed, field));
            }
        }
        check_skip(
            self.children,
            &[(
                "answers.marriage_at_childs_birth",
                self.marriage_at_childs_birth,
            )],
        )?;
        check_skip(
            self.other_health_insurance,
            &[
                (
                    "answers.health_insurance_medical",
                    self.health_insurance_medical,
                ),
                (
                    "answers.health_insurance_mental_health",
                    self.health_insurance_mental_health,
                ),
                (
                    "answers.health_insurance_prescription_drugs",
                    self.health_insurance_prescription_drugs,
                ),
            ],
        )
    }

    /// Whether at least one answer counts as a response (the NYTD participant test).
    pub fn has_valid_response(&self) -> bool {
        self.highest_certification != Certification::Declined
            || self
                .yes_no_elements()
                .iter()
                .any(|(_, answer, _)| answer.is_valid_response())
    }
}

/// A follow-up element is "not applicable" exactly when the gate question was answered
/// no; after a yes it needs a real answer. A declined gate leaves both open.
fn check_skip(
    gate: SurveyAnswer,
    dependents: &[(&'static str, SurveyAnswer)],
) -> Result<(), DomainError> {
    for (field, answer) in dependents {
        let consistent = match gate {
            Yes => *answer != NotApplicable,
            No | DontKnow => *answer == NotApplicable,
            Declined | NotApplicable => true,
        };
        if !consistent {
            return Err(DomainError::new(Rule::SurveySkipPatternBroken, field));
        }
    }
    Ok(())
}
