//! The fold without a database: person events applied directly.
use chrono::NaiveDate;
use kinlog_domain::person::youth::{
    Certification, OutcomeAnswers, ParticipationStatus, SurveyAnswer::*, SurveyPopulation,
};
use kinlog_domain::person::{DateOfBirth, PersonEvent, Sex};
use kinlog_domain::{PersonId, PersonName, Personal};
use uuid::Uuid;

use super::LogFacts;
use crate::federal::ReportPeriod;

fn d(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid test date")
}

fn record_number(id: Uuid) -> String {
    format!("Y{:011}", id.as_u128())
}

fn answers() -> OutcomeAnswers {
    OutcomeAnswers {
        current_full_time_employment: No,
        current_part_time_employment: Yes,
        employment_related_skills: No,
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

fn youth(facts: &mut LogFacts, n: u128, born_on: NaiveDate) -> PersonId {
    let person = PersonId(Uuid::from_u128(n));
    facts.apply_person_event(
        person,
        &PersonEvent::PersonRegistered {
            person_id: person,
            name: Personal::new(
                person.0,
                PersonName {
                    given: "Youth".into(),
                    middle: None,
                    family: "Test".into(),
                },
            ),
            date_of_birth: Some(DateOfBirth::Known(born_on)),
            sex: Some(Sex::Female),
            occurred_on: born_on,
        },
    );
    person
}

fn survey(
    facts: &mut LogFacts,
    person: PersonId,
    population: SurveyPopulation,
    status: ParticipationStatus,
    on: NaiveDate,
) {
    let answers = (status == ParticipationStatus::Participated).then(answers);
    facts.apply_person_event(
        person,
        &PersonEvent::OutcomeSurveyRecorded {
            population,
            status,
            answers,
            occurred_on: on,
        },
    );
}

#[test]
fn follow_ups_due_are_baseline_participants_turning_19_or_21_not_yet_surveyed_this_year() {
    use ParticipationStatus::*;
    use SurveyPopulation::*;
    let mut facts = LogFacts::default();
    // 19 on 1 May 2028 (FY2028), took part at 17: due.
    let dana = youth(&mut facts, 1, d(2009, 5, 1));
    survey(&mut facts, dana, BaselineAt17, Participated, d(2026, 5, 20));
    // Declined at 17: not a participant, never due.
    let eli = youth(&mut facts, 2, d(2009, 7, 15));
    survey(&mut facts, eli, BaselineAt17, YouthDeclined, d(2026, 7, 20));
    // 19 on 10 Jan 2028 (FY2028), already followed up in 2028A: not due in 2028B.
    let fay = youth(&mut facts, 3, d(2009, 1, 10));
    survey(&mut facts, fay, BaselineAt17, Participated, d(2026, 1, 20));
    survey(&mut facts, fay, FollowUpAt19, Participated, d(2027, 12, 1));
    // 21 on 1 Mar 2028 (FY2028), took part at 17: due.
    let gus = youth(&mut facts, 4, d(2007, 3, 1));
    survey(&mut facts, gus, BaselineAt17, Participated, d(2024, 3, 10));
    // 19 in FY2029: not due yet.
    let hal = youth(&mut facts, 5, d(2009, 10, 2));
    survey(&mut facts, hal, BaselineAt17, Participated, d(2026, 10, 20));

    let period = "2028B".parse::<ReportPeriod>().expect("a period");
    let due = facts.nytd_follow_ups_due(period, &record_number);
    assert_eq!(due, [record_number(dana.0), record_number(gus.0)]);
    // The first period's file does not judge the fiscal year's universe.
    let first = "2028A".parse::<ReportPeriod>().expect("a period");
    assert!(facts.nytd_follow_ups_due(first, &record_number).is_empty());
}
