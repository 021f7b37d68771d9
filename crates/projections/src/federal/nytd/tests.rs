//! Hand-built youths: one served and surveyed at 17 and again at 19, one who declined
//! the baseline survey, and planted defects for each compliance standard. Expected
//! element values are written out from 1356.83(g) and ACF's value words.
use std::collections::BTreeSet;

use chrono::NaiveDate;
use kinlog_domain::person::youth::{
    Certification, IndependentLivingService as Service, OutcomeAnswers, ParticipationStatus,
    SurveyAnswer::*, SurveyPopulation,
};
use kinlog_domain::person::{GradeLevel, HispanicEthnicity, Race, RaceCategory, Sex};

use super::*;
use crate::federal::Demographics;
use crate::federal::ReportPeriod;

fn d(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid test date")
}

fn header(period: &str) -> Header {
    Header {
        file_id: "OH2026B".to_owned(),
        state_fips: 39,
        period: period.parse::<ReportPeriod>().expect("a period"),
        category: FileCategory::Regular,
        generated_on: d(2026, 11, 2),
    }
}

/// Every answer "no", with the skip patterns that follow: no children, so element 53 is
/// not applicable; no other insurance, so 56–58 are not applicable.
fn all_no() -> OutcomeAnswers {
    OutcomeAnswers {
        current_full_time_employment: No,
        current_part_time_employment: No,
        employment_related_skills: No,
        social_security: No,
        educational_aid: No,
        public_financial_assistance: No,
        public_food_assistance: No,
        public_housing_assistance: No,
        other_financial_support: No,
        highest_certification: Certification::None,
        current_enrollment_and_attendance: No,
        connection_to_adult: No,
        homelessness: No,
        substance_abuse_referral: No,
        incarceration: No,
        children: No,
        marriage_at_childs_birth: NotApplicable,
        medicaid: No,
        other_health_insurance: No,
        health_insurance_medical: NotApplicable,
        health_insurance_mental_health: NotApplicable,
        health_insurance_prescription_drugs: NotApplicable,
    }
}

fn demographics(born_on: NaiveDate, sex: Sex, race: RaceCategory) -> Demographics {
    Demographics {
        born_on: Some(born_on),
        sex: Some(sex),
        race: Some(Race::Reported(BTreeSet::from([race]))),
        hispanic: Some(HispanicEthnicity::No),
    }
}

const DANA: &str = "A00000000017";
const ELI: &str = "A00000000023";

/// Dana, born 1 May 2009, in foster care: 17 on 1 May 2026 (FY2026, a baseline year).
/// In 2026B she received a needs assessment and academic support, and answered the
/// baseline survey on 20 May 2026.
fn dana_at_17() -> Youth {
    Youth {
        record_number: DANA.to_owned(),
        afcars_record_number: Some(DANA.to_owned()),
        demographics: demographics(d(2009, 5, 1), Sex::Female, RaceCategory::White),
        served: Some(Served {
            in_foster_care: true,
            local_agency: Some("39049".to_owned()),
            federally_recognized_tribe: Some(false),
            adjudicated_delinquent: Some(false),
            education_level: Some(GradeLevel::Grade(10)),
            special_education: Some(false),
            services: BTreeSet::from([
                Service::IndependentLivingNeedsAssessment,
                Service::AcademicSupport,
            ]),
        }),
        survey: Some(Survey {
            population: SurveyPopulation::BaselineAt17,
            status: ParticipationStatus::Participated,
            collected_on: Some(d(2026, 5, 20)),
            in_foster_care: true,
            answers: Some(OutcomeAnswers {
                current_enrollment_and_attendance: Yes,
                connection_to_adult: Yes,
                medicaid: Yes,
                ..all_no()
            }),
        }),
    }
}

/// Dana at 19 (1 May 2028, FY2028), discharged: room and board help in 2028B, and the
/// follow-up survey on 10 Jun 2028.
fn dana_at_19() -> Youth {
    Youth {
        served: Some(Served {
            in_foster_care: false,
            local_agency: Some("39049".to_owned()),
            federally_recognized_tribe: Some(false),
            adjudicated_delinquent: Some(false),
            education_level: Some(GradeLevel::College),
            special_education: Some(false),
            services: BTreeSet::from([Service::RoomAndBoardFinancialAssistance]),
        }),
        survey: Some(Survey {
            population: SurveyPopulation::FollowUpAt19,
            status: ParticipationStatus::Participated,
            collected_on: Some(d(2028, 6, 10)),
            in_foster_care: false,
            answers: Some(OutcomeAnswers {
                current_part_time_employment: Yes,
                educational_aid: Yes,
                highest_certification: Certification::HighSchoolDiplomaOrGed,
                current_enrollment_and_attendance: Yes,
                connection_to_adult: Yes,
                medicaid: Yes,
                ..all_no()
            }),
        }),
        ..dana_at_17()
    }
}

/// Eli, born 15 Jul 2009, in foster care, 17 on 15 Jul 2026: declined the baseline
/// survey when asked on 20 Jul 2026; no independent-living service this period.
fn eli_declined() -> Youth {
    Youth {
        record_number: ELI.to_owned(),
        afcars_record_number: Some(ELI.to_owned()),
        demographics: demographics(
            d(2009, 7, 15),
            Sex::Male,
            RaceCategory::BlackOrAfricanAmerican,
        ),
        served: None,
        survey: Some(Survey {
            population: SurveyPopulation::BaselineAt17,
            status: ParticipationStatus::YouthDeclined,
            collected_on: Some(d(2026, 7, 20)),
            in_foster_care: true,
            answers: None,
        }),
    }
}

/// The element structure of a record in ACF's portal test file, in order.
const RECORD_STRUCTURE: &[&str] = &[
    "E3_record_number",
    "E4_date_of_birth",
    "E5_sex",
    "E6_race_american_indian_alaska_native",
    "E7_race_asian",
    "E8_race_black_african_american",
    "E9_race_hawaiian_pacific_islander",
    "E10_race_white",
    "E11_race_unknown",
    "E12_race_declined",
    "E13_hispanic_latino",
    "served_population",
    "baseline_followup_populations",
];
const SERVED_STRUCTURE: &[&str] = &[
    "E14_foster_care_status_services",
    "E15_local_agency",
    "E16_federally_recognized_tribe",
    "E17_adjudicated_delinquent",
    "E18_educational_level",
    "E19_special_education",
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
const OUTCOMES_STRUCTURE: &[&str] = &[
    "E34_outcomes_reporting_status",
    "E35_date_outcome_data_collection",
    "E36_foster_care_status_outcomes",
    "baseline_followup_outcome_survey",
];
const SURVEY_STRUCTURE: &[&str] = &[
    "E37_current_full_time_employment",
    "E38_current_part_time_employment",
    "E39_employment_related_skills",
    "E40_social_security",
    "E41_educ_aid",
    "E42_public_financial_assist",
    "E43_public_food_assist",
    "E44_public_housing_assist",
    "E45_other_financial_support",
    "E46_highest_educ_certification",
    "E47_current_enrollment_attendance",
    "E48_connection_adult",
    "E49_homelessness",
    "E50_substance_abuse_referral",
    "E51_incarceration",
    "E52_children",
    "E53_marriage_at_childs_birth",
    "E54_medicaid",
    "E55_other_health_insurance",
    "E56_health_insurance_type_medical",
    "E57_health_insurance_type_mental_health",
    "E58_health_insurance_type_prescription_drugs",
];

const NS: &str = "http://nytd.acf.hhs.gov";

fn children<'a, 'i>(node: roxmltree::Node<'a, 'i>) -> Vec<roxmltree::Node<'a, 'i>> {
    node.children().filter(|n| n.is_element()).collect()
}

fn names(nodes: &[roxmltree::Node<'_, '_>]) -> Vec<String> {
    nodes
        .iter()
        .map(|n| n.tag_name().name().to_owned())
        .collect()
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
    children(node)
        .into_iter()
        .find(|n| n.tag_name().name() == name)
        .unwrap_or_else(|| panic!("no <{name}>"))
}

/// Parses the file, checks the structure of the notes, and returns each record's
/// elements as (tag, text) pairs; an empty element has the text "".
fn parse(xml: &str) -> Vec<Vec<(String, String)>> {
    let document = roxmltree::Document::parse(xml).expect("well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "nytd_data_file");
    assert_eq!(root.tag_name().namespace(), Some(NS));
    let top = children(root);
    let header: Vec<String> = names(&top).into_iter().filter(|n| n != "record").collect();
    assert_eq!(
        header,
        [
            "file_id",
            "E1_state",
            "file_generation_date",
            "file_category",
            "E2_report_date"
        ]
    );
    let mut records = Vec::new();
    for record in top.into_iter().filter(|n| n.tag_name().name() == "record") {
        assert_eq!(names(&children(record)), RECORD_STRUCTURE);
        let served = child(record, "served_population");
        assert_eq!(names(&children(served)), SERVED_STRUCTURE);
        let outcomes = child(record, "baseline_followup_populations");
        assert_eq!(names(&children(outcomes)), OUTCOMES_STRUCTURE);
        let survey = child(outcomes, "baseline_followup_outcome_survey");
        assert_eq!(names(&children(survey)), SURVEY_STRUCTURE);
        let leaves = record
            .descendants()
            .filter(|n| n.is_element() && n.tag_name().name().starts_with('E'))
            .map(|n| {
                (
                    n.tag_name().name().to_owned(),
                    n.text().unwrap_or("").to_owned(),
                )
            })
            .collect();
        records.push(leaves);
    }
    records
}

fn expect(record: &[(String, String)], expected: &[(&str, &str)]) {
    for (tag, value) in expected {
        let found = record
            .iter()
            .find(|(t, _)| t == tag)
            .unwrap_or_else(|| panic!("no {tag}"));
        assert_eq!(found.1, *value, "{tag}");
    }
}

fn header_value(xml: &str, name: &str) -> String {
    let document = roxmltree::Document::parse(xml).expect("well-formed XML");
    child(document.root_element(), name)
        .text()
        .unwrap_or("")
        .to_owned()
}

#[test]
fn a_youth_served_and_surveyed_at_17_and_a_youth_who_declined() {
    let file =
        nytd_file(&header("2026B"), &[eli_declined(), dana_at_17()], &[]).expect("a valid file");
    let xml = String::from_utf8(file.xml).expect("UTF-8");
    assert_eq!(header_value(&xml, "E1_state"), "39");
    // Period B of FY2026 ends in September 2026.
    assert_eq!(header_value(&xml, "E2_report_date"), "202609");
    assert_eq!(header_value(&xml, "file_category"), "regular");
    let records = parse(&xml);
    assert_eq!(records.len(), 2);
    // Record-number order: Dana (…17) before Eli (…23).
    let (dana, eli) = (&records[0], &records[1]);
    expect(
        dana,
        &[
            ("E3_record_number", DANA),
            ("E4_date_of_birth", "2009-05-01"),
            ("E5_sex", "female"),
            ("E6_race_american_indian_alaska_native", "no"),
            ("E10_race_white", "yes"),
            ("E11_race_unknown", "no"),
            ("E12_race_declined", "no"),
            ("E13_hispanic_latino", "no"),
            ("E14_foster_care_status_services", "yes"),
            ("E15_local_agency", "39049"),
            ("E16_federally_recognized_tribe", "no"),
            ("E17_adjudicated_delinquent", "no"),
            ("E18_educational_level", "10"),
            ("E19_special_education", "no"),
            ("E20_independent_living_needs_assess", "yes"),
            ("E21_academic_support", "yes"),
            ("E22_post_secondary_educ_support", "no"),
            ("E31_room_board_financial_assist", "no"),
            ("E33_other_financial_assist", "no"),
            ("E34_outcomes_reporting_status", "participated"),
            ("E35_date_outcome_data_collection", "2026-05-20"),
            ("E36_foster_care_status_outcomes", "yes"),
            ("E37_current_full_time_employment", "no"),
            ("E46_highest_educ_certification", "none"),
            ("E47_current_enrollment_attendance", "yes"),
            ("E48_connection_adult", "yes"),
            ("E52_children", "no"),
            ("E53_marriage_at_childs_birth", "not applicable"),
            ("E54_medicaid", "yes"),
            ("E55_other_health_insurance", "no"),
            ("E56_health_insurance_type_medical", "not applicable"),
            (
                "E58_health_insurance_type_prescription_drugs",
                "not applicable",
            ),
        ],
    );
    expect(
        eli,
        &[
            ("E3_record_number", ELI),
            ("E5_sex", "male"),
            ("E8_race_black_african_american", "yes"),
            // Not served this period: the served elements are blank.
            ("E14_foster_care_status_services", ""),
            ("E20_independent_living_needs_assess", ""),
            ("E34_outcomes_reporting_status", "declined"),
            // The date he declined; no answers.
            ("E35_date_outcome_data_collection", "2026-07-20"),
            ("E36_foster_care_status_outcomes", "yes"),
            ("E37_current_full_time_employment", ""),
            ("E46_highest_educ_certification", ""),
            ("E58_health_insurance_type_prescription_drugs", ""),
        ],
    );
    // Blank because not applicable is not an error: the file meets every standard.
    assert!(
        file.compliance.findings.is_empty(),
        "{:?}",
        file.compliance.findings
    );
    assert!(file.compliance.is_compliant());
    // Elements 34–36 apply to both; the survey answers only to Dana, who took part.
    assert_eq!(file.compliance.element(35).map(|e| e.applicable), Some(2));
    assert_eq!(file.compliance.element(34).map(|e| e.applicable), Some(2));
    assert_eq!(file.compliance.element(37).map(|e| e.applicable), Some(1));
    assert_eq!(file.compliance.element(14).map(|e| e.applicable), Some(1));
    // Only Dana is a baseline participant, so only she is owed a follow-up at 19.
    assert_eq!(
        baseline_participants(&[eli_declined(), dana_at_17()]),
        [DANA]
    );
}

#[test]
fn the_same_youth_surveyed_again_at_19_keeps_her_record_number() {
    let mut header = header("2028B");
    header.file_id = "OH2028B".to_owned();
    let file = nytd_file(&header, &[dana_at_19()], &[DANA.to_owned()]).expect("a valid file");
    let xml = String::from_utf8(file.xml).expect("UTF-8");
    assert_eq!(header_value(&xml, "E2_report_date"), "202809");
    let records = parse(&xml);
    expect(
        &records[0],
        &[
            ("E3_record_number", DANA),
            ("E14_foster_care_status_services", "no"),
            ("E18_educational_level", "college"),
            ("E20_independent_living_needs_assess", "no"),
            ("E31_room_board_financial_assist", "yes"),
            ("E34_outcomes_reporting_status", "participated"),
            ("E35_date_outcome_data_collection", "2028-06-10"),
            ("E36_foster_care_status_outcomes", "no"),
            ("E38_current_part_time_employment", "yes"),
            ("E41_educ_aid", "yes"),
            ("E46_highest_educ_certification", "high school"),
            ("E49_homelessness", "no"),
        ],
    );
    let compliance = &file.compliance;
    assert!(compliance.outcomes_universe_missing.is_empty());
    // One discharged follow-up youth, who took part: 1 of 1 against 60%.
    assert_eq!(
        compliance.participation_discharged,
        Participation {
            participated: 1,
            universe: 1,
            required_percent: 60,
            met: true
        }
    );
    assert_eq!(compliance.participation_in_foster_care.universe, 0);
    assert!(compliance.is_compliant());
}

#[test]
fn a_missing_sex_fails_the_100_percent_file_standard() {
    let mut dana = dana_at_17();
    dana.demographics.sex = None;
    let file = nytd_file(&header("2026B"), &[dana, eli_declined()], &[]).expect("a file");
    let e5 = file.compliance.element(5).expect("element 5");
    assert_eq!(
        (e5.applicable, e5.errors, e5.standard, e5.met),
        (2, 1, Standard::FileStandard, false)
    );
    assert!(!file.compliance.is_compliant());
    assert_eq!(
        file.compliance.findings,
        [Finding {
            record_number: DANA.to_owned(),
            element: 5,
            problem: "missing"
        }]
    );
}

#[test]
fn a_record_number_that_differs_from_the_afcars_one_fails_element_3() {
    let mut dana = dana_at_17();
    dana.afcars_record_number = Some("A99999999999".to_owned());
    let file = nytd_file(&header("2026B"), &[dana], &[]).expect("a file");
    let e3 = file.compliance.element(3).expect("element 3");
    assert_eq!((e3.errors, e3.met), (1, false));
}

fn served_youth(n: usize, local_agency: Option<&str>) -> Youth {
    let mut youth = dana_at_17();
    youth.record_number = format!("S{n:011}");
    youth.afcars_record_number = None;
    youth.survey = None;
    if let Some(served) = youth.served.as_mut() {
        served.local_agency = local_agency.map(str::to_owned);
    }
    youth
}

#[test]
fn the_90_percent_data_standard_holds_at_one_error_in_ten_and_fails_at_two() {
    let with_missing = |missing: usize| -> Vec<Youth> {
        (0..10)
            .map(|n| served_youth(n, (n >= missing).then_some("39049")))
            .collect()
    };
    let one = nytd_file(&header("2026B"), &with_missing(1), &[]).expect("a file");
    let e15 = one.compliance.element(15).expect("element 15");
    assert_eq!(
        (e15.applicable, e15.errors, e15.standard, e15.met),
        (10, 1, Standard::DataStandard, true)
    );
    let two = nytd_file(&header("2026B"), &with_missing(2), &[]).expect("a file");
    let e15 = two.compliance.element(15).expect("element 15");
    assert_eq!((e15.errors, e15.met), (2, false));
    assert!(!two.compliance.is_compliant());
    // An out-of-range local agency is an error too.
    let mut bad = with_missing(0);
    bad[0].served.as_mut().expect("served").local_agency = Some("Franklin".to_owned());
    bad[1].served.as_mut().expect("served").local_agency = Some("centralized unit".to_owned());
    let file = nytd_file(&header("2026B"), &bad, &[]).expect("a file");
    assert_eq!(file.compliance.element(15).map(|e| e.errors), Some(1));
}

fn follow_up(n: usize, in_foster_care: bool, status: ParticipationStatus) -> Youth {
    let mut youth = dana_at_19();
    youth.record_number = format!("F{n:011}");
    youth.afcars_record_number = None;
    if let Some(survey) = youth.survey.as_mut() {
        survey.in_foster_care = in_foster_care;
        survey.status = status;
        if status != ParticipationStatus::Participated {
            survey.answers = None;
        }
    }
    youth
}

fn follow_ups(in_foster_care: bool, participated: usize, of: usize) -> Vec<Youth> {
    let mut youths: Vec<Youth> = (0..of)
        .map(|n| {
            let status = if n < participated {
                ParticipationStatus::Participated
            } else {
                ParticipationStatus::UnableToLocate
            };
            follow_up(n, in_foster_care, status)
        })
        .collect();
    // A youth who died is outside the participation universe.
    youths.push(follow_up(of, in_foster_care, ParticipationStatus::Deceased));
    youths
}

#[test]
fn participation_of_youth_in_foster_care_needs_80_percent() {
    let met = nytd_file(&header("2028B"), &follow_ups(true, 4, 5), &[]).expect("a file");
    assert_eq!(
        met.compliance.participation_in_foster_care,
        Participation {
            participated: 4,
            universe: 5,
            required_percent: 80,
            met: true
        }
    );
    let failed = nytd_file(&header("2028B"), &follow_ups(true, 3, 5), &[]).expect("a file");
    assert!(!failed.compliance.participation_in_foster_care.met);
    assert!(!failed.compliance.is_compliant());
}

#[test]
fn participation_of_discharged_youth_needs_60_percent() {
    let met = nytd_file(&header("2028B"), &follow_ups(false, 3, 5), &[]).expect("a file");
    assert_eq!(
        met.compliance.participation_discharged,
        Participation {
            participated: 3,
            universe: 5,
            required_percent: 60,
            met: true
        }
    );
    let failed = nytd_file(&header("2028B"), &follow_ups(false, 2, 5), &[]).expect("a file");
    assert!(!failed.compliance.participation_discharged.met);
    assert!(!failed.compliance.is_compliant());
}

#[test]
fn a_baseline_participant_without_a_follow_up_record_breaks_the_outcomes_universe() {
    let due = [DANA.to_owned(), "A00000000099".to_owned()];
    let file = nytd_file(&header("2028B"), &[dana_at_19()], &due).expect("a file");
    assert_eq!(file.compliance.outcomes_universe_missing, ["A00000000099"]);
    assert!(!file.compliance.is_compliant());
}

#[test]
fn participated_with_only_declined_answers_is_inconsistent() {
    let mut dana = dana_at_17();
    if let Some(survey) = dana.survey.as_mut() {
        let mut answers = all_no();
        for answer in [
            &mut answers.current_full_time_employment,
            &mut answers.current_part_time_employment,
            &mut answers.employment_related_skills,
            &mut answers.social_security,
            &mut answers.educational_aid,
            &mut answers.public_financial_assistance,
            &mut answers.public_food_assistance,
            &mut answers.public_housing_assistance,
            &mut answers.other_financial_support,
            &mut answers.current_enrollment_and_attendance,
            &mut answers.connection_to_adult,
            &mut answers.homelessness,
            &mut answers.substance_abuse_referral,
            &mut answers.incarceration,
            &mut answers.children,
            &mut answers.medicaid,
            &mut answers.other_health_insurance,
        ] {
            *answer = Declined;
        }
        answers.highest_certification = Certification::Declined;
        survey.answers = Some(answers);
    }
    // Not a participant, so not owed a follow-up.
    assert!(baseline_participants(std::slice::from_ref(&dana)).is_empty());
    let file = nytd_file(&header("2026B"), &[dana], &[]).expect("a file");
    assert_eq!(file.compliance.element(34).map(|e| e.errors), Some(1));
}

#[test]
fn bad_periods_and_duplicate_records_are_refused() {
    for text in ["2026", "2026C", "26B", "+026B"] {
        assert!(text.parse::<ReportPeriod>().is_err(), "{text}");
    }
    let period = "2026A".parse::<ReportPeriod>().expect("a period");
    assert_eq!(
        (period.first_day(), period.last_day()),
        (d(2025, 10, 1), d(2026, 3, 31))
    );
    assert_eq!(period.report_date(), "202603");
    let error = nytd_file(&header("2026B"), &[dana_at_17(), dana_at_17()], &[])
        .expect_err("two records for one youth");
    assert!(error.to_string().contains("E3_record_number"), "{error}");
}
