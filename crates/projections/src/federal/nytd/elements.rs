//! Each youth's elements as the NYTD XML names and writes them: lowercase words, ISO
//! dates. Tags follow ACF's own portal test file (ACF-CB-NYTD/Cypress_Modernization
//! `cypress/fixtures/VVG1CX4.CFI.ST.A2024.S241018.T1541.xml`); values follow
//! 45 CFR 1356.83(g) through the domain's `nytd_value` functions.
use kinlog_domain::person::youth::{
    IndependentLivingService, OutcomeAnswers, ParticipationStatus, SurveyAnswer,
};

use super::facts::{Served, Survey, Youth};

/// One element of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Element {
    /// 1356.83(g) element number.
    pub(crate) number: u8,
    pub(crate) tag: &'static str,
    /// `None` writes an empty element.
    pub(crate) value: Option<String>,
    /// Whether the element applies to this youth, so a missing value is an error.
    pub(crate) applies: bool,
}

/// A record's elements in the file's three groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RecordElements {
    /// 3–13.
    pub(crate) youth: Vec<Element>,
    /// 14–33.
    pub(crate) served: Vec<Element>,
    /// 34–36.
    pub(crate) outcomes: Vec<Element>,
    /// 37–58.
    pub(crate) survey: Vec<Element>,
}

impl RecordElements {
    pub(crate) fn all(&self) -> impl Iterator<Item = &Element> {
        self.youth
            .iter()
            .chain(&self.served)
            .chain(&self.outcomes)
            .chain(&self.survey)
    }
}

fn element(number: u8, tag: &'static str, value: Option<String>, applies: bool) -> Element {
    Element {
        number,
        tag,
        value,
        applies,
    }
}

fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_owned()
}

const RACE_TAGS: [&str; 7] = [
    "E6_race_american_indian_alaska_native",
    "E7_race_asian",
    "E8_race_black_african_american",
    "E9_race_hawaiian_pacific_islander",
    "E10_race_white",
    "E11_race_unknown",
    "E12_race_declined",
];

const SERVICE_TAGS: [&str; 14] = [
    "E20_independent_living_needs_assess",
    "E21_academic_support",
    "E22_post_secondary_educ_support",
    "E23_career_preparation",
    "E24_employment_programs",
    "E25_budget_financial_mgmt",
    "E26_housing_educ_home_mgmt_training",
    "E27_health_educ_risk_prevention",
    "E28_family_support_healthy_marriage_educ",
    "E29_mentoring",
    "E30_supervised_independent_living",
    "E31_room_board_financial_assist",
    "E32_educ_financial_assist",
    "E33_other_financial_assist",
];

/// The record's elements.
pub(crate) fn record_elements(youth: &Youth) -> RecordElements {
    RecordElements {
        youth: youth_elements(youth),
        served: served_elements(youth.served.as_ref()),
        outcomes: outcome_elements(youth.survey.as_ref()),
        survey: survey_elements(youth.survey.as_ref()),
    }
}

fn youth_elements(youth: &Youth) -> Vec<Element> {
    let facts = &youth.demographics;
    let mut elements = vec![
        element(
            3,
            "E3_record_number",
            Some(youth.record_number.clone()),
            true,
        ),
        element(
            4,
            "E4_date_of_birth",
            facts.born_on.map(|d| d.format("%Y-%m-%d").to_string()),
            true,
        ),
        element(
            5,
            "E5_sex",
            facts.sex.map(|s| s.nytd_value().to_owned()),
            true,
        ),
    ];
    let flags = facts.race.as_ref().map(|race| race.nytd_flags());
    for (index, tag) in RACE_TAGS.into_iter().enumerate() {
        let value = flags.map(|flags| yes_no(flags[index].1));
        elements.push(element(6 + index as u8, tag, value, true));
    }
    elements.push(element(
        13,
        "E13_hispanic_latino",
        facts.hispanic.map(|h| h.nytd_value().to_owned()),
        true,
    ));
    elements
}

fn served_elements(served: Option<&Served>) -> Vec<Element> {
    let applies = served.is_some();
    let optional_yes_no = |pick: fn(&Served) -> Option<bool>| served.and_then(pick).map(yes_no);
    let mut elements = vec![
        element(
            14,
            "E14_foster_care_status_services",
            served.map(|s| yes_no(s.in_foster_care)),
            applies,
        ),
        element(
            15,
            "E15_local_agency",
            served.and_then(|s| s.local_agency.clone()),
            applies,
        ),
        element(
            16,
            "E16_federally_recognized_tribe",
            optional_yes_no(|s| s.federally_recognized_tribe),
            applies,
        ),
        element(
            17,
            "E17_adjudicated_delinquent",
            optional_yes_no(|s| s.adjudicated_delinquent),
            applies,
        ),
        element(
            18,
            "E18_educational_level",
            served
                .and_then(|s| s.education_level)
                .map(|g| g.nytd_value().to_owned()),
            applies,
        ),
        element(
            19,
            "E19_special_education",
            optional_yes_no(|s| s.special_education),
            applies,
        ),
    ];
    for (service, tag) in IndependentLivingService::ALL.into_iter().zip(SERVICE_TAGS) {
        elements.push(element(
            service.nytd_element(),
            tag,
            served.map(|s| yes_no(s.services.contains(&service))),
            applies,
        ));
    }
    elements
}

fn outcome_elements(survey: Option<&Survey>) -> Vec<Element> {
    let applies = survey.is_some();
    vec![
        element(
            34,
            "E34_outcomes_reporting_status",
            survey.map(|s| s.status.nytd_value().to_owned()),
            applies,
        ),
        element(
            35,
            "E35_date_outcome_data_collection",
            survey
                .and_then(|s| s.collected_on)
                .map(|d| d.format("%Y-%m-%d").to_string()),
            applies,
        ),
        element(
            36,
            "E36_foster_care_status_outcomes",
            survey.map(|s| yes_no(s.in_foster_care)),
            applies,
        ),
    ]
}

/// Elements 35 and 37–58 apply to a youth whose status is "participated".
fn participated(survey: Option<&Survey>) -> bool {
    survey.is_some_and(|s| s.status == ParticipationStatus::Participated)
}

fn survey_elements(survey: Option<&Survey>) -> Vec<Element> {
    let answers = survey.and_then(|s| s.answers.as_ref());
    let applies = participated(survey);
    let yes_no = |number, tag, pick: fn(&OutcomeAnswers) -> SurveyAnswer| {
        element(
            number,
            tag,
            answers.map(|a| pick(a).nytd_value().to_owned()),
            applies,
        )
    };
    vec![
        yes_no(37, "E37_current_full_time_employment", |a| {
            a.current_full_time_employment
        }),
        yes_no(38, "E38_current_part_time_employment", |a| {
            a.current_part_time_employment
        }),
        yes_no(39, "E39_employment_related_skills", |a| {
            a.employment_related_skills
        }),
        yes_no(40, "E40_social_security", |a| a.social_security),
        yes_no(41, "E41_educ_aid", |a| a.educational_aid),
        yes_no(42, "E42_public_financial_assist", |a| {
            a.public_financial_assistance
        }),
        yes_no(43, "E43_public_food_assist", |a| a.public_food_assistance),
        yes_no(44, "E44_public_housing_assist", |a| {
            a.public_housing_assistance
        }),
        yes_no(45, "E45_other_financial_support", |a| {
            a.other_financial_support
        }),
        element(
            46,
            "E46_highest_educ_certification",
            answers.map(|a| a.highest_certification.nytd_value().to_owned()),
            applies,
        ),
        yes_no(47, "E47_current_enrollment_attendance", |a| {
            a.current_enrollment_and_attendance
        }),
        yes_no(48, "E48_connection_adult", |a| a.connection_to_adult),
        yes_no(49, "E49_homelessness", |a| a.homelessness),
        yes_no(50, "E50_substance_abuse_referral", |a| {
            a.substance_abuse_referral
        }),
        yes_no(51, "E51_incarceration", |a| a.incarceration),
        yes_no(52, "E52_children", |a| a.children),
        yes_no(53, "E53_marriage_at_childs_birth", |a| {
            a.marriage_at_childs_birth
        }),
        yes_no(54, "E54_medicaid", |a| a.medicaid),
        yes_no(55, "E55_other_health_insurance", |a| {
            a.other_health_insurance
        }),
        yes_no(56, "E56_health_insurance_type_medical", |a| {
            a.health_insurance_medical
        }),
        yes_no(57, "E57_health_insurance_type_mental_health", |a| {
            a.health_insurance_mental_health
        }),
        yes_no(58, "E58_health_insurance_type_prescription_drugs", |a| {
            a.health_insurance_prescription_drugs
        }),
    ]
}
