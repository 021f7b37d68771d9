//! The federal reports' facts gathered from a real log at a position: a report run at
//! an earlier position does not see a later revision of a finding, and each generator
//! gets its inputs from the same fold.
use std::collections::BTreeSet;

use kinlog_domain::case::codes::*;
use kinlog_domain::case::*;
use kinlog_domain::person::youth::{
    Certification, IndependentLivingService, OutcomeAnswers, ParticipationStatus, SurveyAnswer::*,
    SurveyPopulation,
};
use kinlog_domain::person::{DateOfBirth, PersonCommand, Sex};
use kinlog_domain::PersonId;
use kinlog_projections::federal::cfsr::{indicators, Indicator, Window};
use kinlog_projections::federal::gather::{read_facts, Scope};
use kinlog_projections::federal::ncands::{child_file, Submission};
use kinlog_projections::federal::nytd::{nytd_file, FileCategory, Header};
use kinlog_projections::federal::ReportPeriod;
use kinlog_store::Store;
use uuid::Uuid;

use crate::support::*;

/// A deterministic stand-in for the encrypted record number: the id's last 12 hex digits.
fn record_number(id: Uuid) -> String {
    let hex = id.simple().to_string();
    hex[hex.len() - 12..].to_uppercase()
}

fn submission(fiscal_year: i32) -> Submission {
    Submission {
        fiscal_year,
        state: "OH".to_owned(),
    }
}

#[tokio::test]
async fn reports_read_the_log_as_of_their_position() {
    let env = Env::new().await;
    let store = &env.store;
    let mut anna = PersonScript::new(0xA1);
    anna.register(
        store,
        ("Anna", None, "Doe"),
        Some(DateOfBirth::Known(nd("2018-05-10"))),
        Some(Sex::Female),
    )
    .await;
    let mut father = PersonScript::new(0xF1);
    father
        .register(
            store,
            ("John", None, "Doe"),
            Some(DateOfBirth::Known(nd("1990-01-15"))),
            Some(Sex::Male),
        )
        .await;

    // Reported 1 Mar 2026, screened in, response 2 Mar; physical abuse by the father,
    // substantiated 10 Apr 2026 (FY2026).
    let mut case = CaseScript::new(0xC1);
    case.referral(store, &[anna.id]).await;
    case.screen_in_and_open(store).await;
    let response = CaseCommand::InitiateResponse(InitiateResponse {
        started_on: d("2026-03-02"),
        started_at: None,
    });
    case.run(store, &worker(), response).await;
    let allegation = AllegationId(Uuid::from_u128(0xA11));
    let alleged = CaseCommand::RecordAllegation(RecordAllegation {
        allegation_id: allegation,
        victim: anna.id,
        maltreatment: MaltreatmentType::PhysicalAbuse,
        perpetrator: Some(AllegedPerpetrator {
            person: father.id,
            relationship: PerpetratorRelationship::Parent,
        }),
        alleged_on: d("2026-03-01"),
        incident_on: None,
    });
    case.run(store, &worker(), alleged).await;
    let finding = |disposition, on| {
        CaseCommand::RecordDisposition(RecordDisposition {
            allegation_id: allegation,
            disposition,
            disposed_on: d(on),
        })
    };
    case.run(
        store,
        &worker(),
        finding(MaltreatmentDisposition::Substantiated, "2026-04-10"),
    )
    .await;
    // Counseling for the family on 15 Apr 2026.
    let referral = CaseCommand::ReferToService(ReferToService {
        referral_id: ServiceReferralId(Uuid::from_u128(0x5E1)),
        persons: vec![anna.id],
        service: ServiceType::Counseling,
        provider: None,
        method: CommunicationMethod::Written,
        referred_on: d("2026-04-15"),
    });
    case.run(store, &worker(), referral).await;
    // Removed 12 Apr, placed, reunified 1 Jun 2026.
    let episode = EpisodeId(Uuid::from_u128(0xE1));
    case.remove(store, &worker(), episode, anna.id, "2026-04-12")
        .await;
    case.place(
        store,
        &worker(),
        foster_home(0x91, episode, "2026-04-12", None),
    )
    .await;
    let before_revision = case
        .exit(store, episode, "2026-06-01", ExitReason::ReunifyWithParents)
        .await;
    // On review, 20 Jun 2026, the finding becomes unsubstantiated.
    let head = case
        .run(
            store,
            &worker(),
            finding(MaltreatmentDisposition::Unsubstantiated, "2026-06-20"),
        )
        .await;

    let then = read_facts(store, before_revision, Scope::Everything)
        .await
        .expect("facts");
    let file = child_file(
        &submission(2026),
        &then.ncands_reports(2026, &record_number),
    )
    .expect("file");
    assert_eq!(file.records.len(), 1);
    let record = &file.records[0];
    assert_eq!(
        record.field("CHID"),
        Some(record_number(anna.id.0).as_str())
    );
    assert_eq!(
        record.field("RPTID"),
        Some(record_number(case.id.0).as_str())
    );
    assert_eq!(record.field("RPTDT"), Some("03012026"));
    assert_eq!(record.field("INVDATE"), Some("03022026"));
    assert_eq!(record.field("MAL1LEV"), Some("01"));
    assert_eq!(record.field("RPTDISDT"), Some("04102026"));
    assert_eq!(
        record.field("PER1ID"),
        Some(record_number(father.id.0).as_str())
    );
    assert_eq!(record.field("PER1AGE"), Some("36"));
    // Removed after the report: foster care services, and the AFCARS ID is the child's.
    assert_eq!(record.field("FOSTERCR"), Some("1"));
    assert_eq!(record.field("RMVDATE"), Some("04122026"));
    assert_eq!(
        record.field("AFCARSID"),
        Some(record_number(anna.id.0).as_str())
    );

    let (children, victims, missing) = then.cfsr_inputs();
    assert!(missing.is_empty());
    let window = Window {
        from: nd("2025-10-01"),
        to: nd("2026-09-30"),
    };
    let values = indicators(&children, &victims, window).expect("indicators");
    let p1 = values
        .iter()
        .find(|v| v.indicator == Indicator::P1PermanencyIn12MonthsForEntries)
        .expect("P1");
    // Entered 12 Apr 2026, reunified 1 Jun 2026.
    assert_eq!((p1.numerator, p1.denominator), (1, 1));
    let s2 = values
        .iter()
        .find(|v| v.indicator == Indicator::S2RecurrenceOfMaltreatment)
        .expect("S2");
    assert_eq!(s2.denominator, 1);

    // At the head the revised finding stands: disposed 20 Jun, and Anna is no longer a
    // victim.
    let now = read_facts(store, head, Scope::Everything)
        .await
        .expect("facts");
    let revised =
        child_file(&submission(2026), &now.ncands_reports(2026, &record_number)).expect("file");
    assert_eq!(revised.records[0].field("MAL1LEV"), Some("05"));
    assert_eq!(revised.records[0].field("RPTDISDT"), Some("06202026"));
    assert!(!revised.records[0].is_victim);
    let (_, victims, _) = now.cfsr_inputs();
    assert!(victims.is_empty());

    assert!(read_facts(store, head + 1, Scope::Everything)
        .await
        .is_err());
}

#[tokio::test]
async fn a_youth_in_care_served_and_surveyed_at_17_gets_the_afcars_record_number() {
    let env = Env::new().await;
    let store = &env.store;
    let mut dana = PersonScript::new(0xD1);
    dana.register(
        store,
        ("Dana", None, "Roe"),
        Some(DateOfBirth::Known(nd("2009-05-01"))),
        Some(Sex::Female),
    )
    .await;
    let mut case = CaseScript::new(0xC2);
    case.referral(store, &[dana.id]).await;
    case.screen_in_and_open(store).await;
    let episode = EpisodeId(Uuid::from_u128(0xE2));
    case.remove(store, &worker(), episode, dana.id, "2026-03-05")
        .await;
    dana.run(
        store,
        PersonCommand::RecordIndependentLivingService {
            service: IndependentLivingService::IndependentLivingNeedsAssessment,
            occurred_on: nd("2026-05-10"),
        },
    )
    .await;
    // A service in the previous period is not this period's.
    dana.run(
        store,
        PersonCommand::RecordIndependentLivingService {
            service: IndependentLivingService::Mentoring,
            occurred_on: nd("2026-03-20"),
        },
    )
    .await;
    let answers = OutcomeAnswers {
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
    };
    let head = dana
        .run(
            store,
            PersonCommand::RecordOutcomeSurvey {
                population: SurveyPopulation::BaselineAt17,
                status: ParticipationStatus::Participated,
                answers: Some(answers),
                occurred_on: nd("2026-05-20"),
            },
        )
        .await;

    let facts = read_facts(store, head, Scope::Everything)
        .await
        .expect("facts");
    let period = "2026B".parse::<ReportPeriod>().expect("period");
    let youths = facts.nytd_youths(period, Some("centralized unit"), &record_number);
    assert_eq!(youths.len(), 1);
    let youth = &youths[0];
    assert_eq!(youth.record_number, record_number(dana.id.0));
    assert_eq!(
        youth.afcars_record_number.as_deref(),
        Some(youth.record_number.as_str())
    );
    let served = youth.served.as_ref().expect("served");
    assert!(served.in_foster_care);
    assert_eq!(
        served.services,
        BTreeSet::from([IndependentLivingService::IndependentLivingNeedsAssessment])
    );
    let survey = youth.survey.as_ref().expect("surveyed");
    assert_eq!(survey.collected_on, Some(nd("2026-05-20")));
    assert!(survey.in_foster_care);

    let header = Header {
        file_id: "OH2026B".to_owned(),
        state_fips: 39,
        period,
        category: FileCategory::Test,
        generated_on: nd("2026-11-02"),
    };
    let file = nytd_file(&header, &youths, &[]).expect("file");
    // Race, ethnicity (6–13), tribe (16) and education (18, 19) were never recorded:
    // they are reported missing, not defaulted.
    let failing: BTreeSet<u8> = file.compliance.findings.iter().map(|f| f.element).collect();
    let mut expected: BTreeSet<u8> = (6..=13).collect();
    expected.extend([16, 18, 19]);
    assert_eq!(failing, expected);
    assert!(!file.compliance.is_compliant());
}

/// A girl registered with `born`, if known.
async fn kid(store: &Store, n: u128, born: Option<&str>) -> PersonId {
    let mut kid = PersonScript::new(n);
    kid.register(
        store,
        ("Kid", None, "Doe"),
        born.map(|on| DateOfBirth::Known(nd(on))),
        Some(Sex::Female),
    )
    .await;
    kid.id
}

#[tokio::test]
async fn cfsr_leaves_out_each_child_without_a_birth_date_once_and_names_them() {
    let env = Env::new().await;
    let store = &env.store;
    // Ann, no birth date, in care and a victim; Bea, no birth date, a victim twice;
    // Cat, with one, a victim.
    let ann = kid(store, 0xA1, None).await;
    let bea = kid(store, 0xB1, None).await;
    let cat = kid(store, 0xC1, Some("2018-05-10")).await;
    let mut case = CaseScript::new(0xCA);
    case.referral(store, &[ann, bea, cat]).await;
    case.screen_in_and_open(store).await;
    case.remove(
        store,
        &worker(),
        EpisodeId(Uuid::from_u128(0xE1)),
        ann,
        "2026-03-03",
    )
    .await;
    for (n, victim) in [(1, ann), (2, bea), (3, bea), (4, cat)] {
        let allegation_id = AllegationId(Uuid::from_u128(0xA110 + n));
        let alleged = CaseCommand::RecordAllegation(RecordAllegation {
            allegation_id,
            victim,
            maltreatment: MaltreatmentType::Neglect,
            perpetrator: None,
            alleged_on: d("2026-03-01"),
            incident_on: None,
        });
        case.run(store, &worker(), alleged).await;
        let finding = CaseCommand::RecordDisposition(RecordDisposition {
            allegation_id,
            disposition: MaltreatmentDisposition::Substantiated,
            disposed_on: d("2026-03-20"),
        });
        case.run(store, &worker(), finding).await;
    }

    let head = store.head().await.expect("head");
    let facts = read_facts(store, head, Scope::Cfsr).await.expect("facts");
    let (children, victimizations, missing) = facts.cfsr_inputs();
    assert!(children.is_empty(), "{children:?}");
    let victims: Vec<_> = victimizations.iter().map(|v| v.child).collect();
    assert_eq!(victims, [cat]);
    assert_eq!(missing, [ann, bea]);
}
