//! Hand-built children through the gather and both files. Expected element values are
//! written out from 45 CFR 1355.44–.46 and the AXE template's codes, not computed.
use chrono::NaiveDate;
use kinlog_domain::case::CaseEvent;
use kinlog_domain::person::PersonEvent;
use kinlog_domain::PersonId;
use serde_json::{json, Value};
use uuid::Uuid;

use super::*;
use crate::federal::gather::LogFacts;
use crate::federal::ReportPeriod;

const OHIO: u8 = 39;
/// Franklin County's FIPS code in Ohio.
const FRANKLIN: u16 = 49;

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn record_number(id: Uuid) -> String {
    format!("R{:010}", id.as_u128() % 10_000_000_000)
}

fn header(period: &str) -> Header {
    Header {
        state_fips: OHIO,
        period: period.parse().unwrap(),
    }
}

/// A log of hand-written events, each with the day it was recorded.
struct Log {
    facts: LogFacts,
    case: Uuid,
}

impl Log {
    fn new(case: u128) -> Log {
        Log {
            facts: LogFacts::default(),
            case: Uuid::from_u128(case),
        }
    }

    fn case(&mut self, recorded_on: &str, event: Value) -> &mut Self {
        let event: CaseEvent = serde_json::from_value(event).unwrap();
        self.facts.apply_case(self.case, &event, d(recorded_on));
        self
    }

    fn person(&mut self, person: PersonId, event: Value) -> &mut Self {
        let event: PersonEvent = serde_json::from_value(event).unwrap();
        self.facts.apply_person_event(person, &event);
        self
    }

    /// A girl born on `born` with recorded race and ethnicity, and a referral naming her.
    fn child(&mut self, n: u128, born: &str) -> PersonId {
        let child = PersonId(Uuid::from_u128(n));
        self.person(
            child,
            json!({"PersonRegistered": {"person_id": child, "name": {"$pii": child, "v": {"given": "A", "middle": null, "family": "B"}},
                   "date_of_birth": {"known": born}, "sex": "female", "occurred_on": "2020-01-01"}}),
        )
        .person(child, json!({"RaceRecorded": {"race": {"reported": ["white", "black_or_african_american"]}, "occurred_on": "2020-01-01"}}))
        .person(child, json!({"HispanicEthnicityRecorded": {"ethnicity": "no", "occurred_on": "2020-01-01"}}))
        .person(child, json!({"IcwaInquiryRecorded": {"inquired": "yes", "occurred_on": "2020-01-01"}}))
        .person(child, json!({"TribalMembershipRecorded": {"membership": "not_member", "occurred_on": "2020-01-01"}}));
        self.case(
            "2020-01-01",
            json!({"ReferralReceived": {"case_id": self.case, "reported_on": "2020-01-01", "reported_at": null,
                   "source": "education_personnel", "county": FRANKLIN, "agency": Uuid::from_u128(7),
                   "children": [child], "summary": "referral"}}),
        );
        child
    }

    fn remove(
        &mut self,
        recorded_on: &str,
        child: PersonId,
        episode: u128,
        on: &str,
        circumstances: Value,
    ) -> &mut Self {
        self.case(
            recorded_on,
            json!({"ChildRemoved": {"episode_id": Uuid::from_u128(episode), "child": child, "removed_on": on,
                   "removed_at": null, "manner": "court_ordered", "environment": "parent_household",
                   "circumstances": circumstances}}),
        )
    }

    fn place(
        &mut self,
        child: PersonId,
        episode: u128,
        placement: u128,
        on: &str,
        setting: Value,
        location: Value,
    ) -> &mut Self {
        self.case(
            on,
            json!({"ChildPlaced": {"placement_id": Uuid::from_u128(placement), "episode_id": Uuid::from_u128(episode),
                   "child": child, "started_on": on, "ended_on": null, "setting": setting,
                   "provider": null, "location": location}}),
        )
    }

    fn exit(
        &mut self,
        recorded_on: &str,
        child: PersonId,
        episode: u128,
        on: &str,
        reason: Value,
    ) -> &mut Self {
        self.case(
            recorded_on,
            json!({"ChildExitedCare": {"episode_id": Uuid::from_u128(episode), "child": child, "exited_on": on, "reason": reason}}),
        )
    }

    fn files(&self, period: &str) -> (AfcarsFile, AfcarsFile) {
        let header = header(period);
        let inputs = self.facts.afcars_inputs(&header, &record_number);
        (
            ooh_file(&header, &inputs.ooh).unwrap(),
            assistance_file(&header, &inputs.assistance).unwrap(),
        )
    }
}

fn licensed_home() -> Value {
    json!({"foster_family_home": {"home_types": ["licensed"]}})
}

fn relative_home() -> Value {
    json!({"foster_family_home": {"home_types": ["licensed", "relative"]}})
}

/// Every leaf element of the XML as (path below the root, text), in document order;
/// parsing also proves the file well-formed.
fn leaves(xml: &[u8]) -> Vec<(String, String)> {
    let text = std::str::from_utf8(xml).unwrap();
    let document = roxmltree::Document::parse(text).expect("well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().namespace(), Some("http://www.acf.hhs.gov"));
    root.descendants()
        .filter(|node| {
            node.is_element() && node != &root && !node.children().any(|c| c.is_element())
        })
        .map(|node| {
            let mut path: Vec<&str> = node
                .ancestors()
                .filter(|a| a.is_element() && a != &root)
                .map(|a| a.tag_name().name())
                .collect();
            path.reverse();
            (path.join("/"), node.text().unwrap_or("").trim().to_owned())
        })
        .collect()
}

/// The values of every leaf whose path ends with `suffix`.
fn values(xml: &[u8], suffix: &str) -> Vec<String> {
    leaves(xml)
        .into_iter()
        .filter(|(path, _)| path.ends_with(suffix))
        .map(|(_, value)| value)
        .collect()
}

fn element<'a>(compliance: &'a Compliance, element: &str) -> &'a ElementCompliance {
    compliance
        .elements
        .iter()
        .find(|e| e.element == element)
        .unwrap_or_else(|| panic!("{element} is not in the compliance report"))
}

#[test]
fn periods_parse_and_bound_their_six_months() {
    let a: ReportPeriod = "2026A".parse().unwrap();
    assert_eq!(
        (a.first_day(), a.last_day()),
        (d("2025-10-01"), d("2026-03-31"))
    );
    assert_eq!(a.report_date(), "202603");
    let b: ReportPeriod = "2026B".parse().unwrap();
    assert_eq!(
        (b.first_day(), b.last_day()),
        (d("2026-04-01"), d("2026-09-30"))
    );
    assert_eq!(b.to_string(), "2026B");
    for bad in ["2026", "2026C", "26A", "A", "", "20x6A"] {
        match bad.parse::<ReportPeriod>() {
            Err(crate::Error::ReportInput { field, .. }) => assert_eq!(field, "period"),
            other => panic!("{bad:?} parsed as {other:?}"),
        }
    }
}

/// The child of `three_placements_and_a_reunification`, reported for the half before the
/// exit: still in care on 31 March, with only what had happened by then.
#[test]
fn a_period_shows_the_episode_as_of_its_last_day() {
    let mut log = Log::new(1);
    let child = log.child(10, "2015-05-05");
    log.remove("2026-01-12", child, 100, "2026-01-10", json!(["neglect"]))
        .place(child, 100, 1001, "2026-01-10", licensed_home(), json!("in_state"))
        .place(child, 100, 1002, "2026-04-15", relative_home(), json!("in_state"))
        .case("2026-02-01", json!({"PermanencyPlanRecorded": {"child": child, "plan": "reunify", "established_on": "2026-02-01"}}))
        .case("2026-04-01", json!({"PeriodicReviewHeld": {"child": child, "held_on": "2026-04-01"}}))
        .exit("2026-06-03", child, 100, "2026-06-01", json!("reunify_with_parents"));
    let (ooh, _) = log.files("2026A");
    let xml = &ooh.xml;
    assert_eq!(values(xml, "removal_2020/E69_removal_date"), ["2026-01-10"]);
    assert_eq!(values(xml, "E112_date_living_arrangement"), ["2026-01-10"]);
    assert_eq!(values(xml, "E147_permanency_plan_date"), ["2026-02-01"]);
    assert_eq!(
        values(xml, "E149_periodic_review_date"),
        Vec::<String>::new()
    );
    assert_eq!(values(xml, "E153_exit_date"), [""]);
    assert!(
        !ooh.compliance.findings.iter().any(|f| f.element == "E153"),
        "no exit is reported, so none is after the period"
    );
}

#[test]
fn three_placements_and_a_reunification() {
    let mut log = Log::new(1);
    let child = log.child(10, "2015-05-05");
    log.remove("2026-01-12", child, 100, "2026-01-10", json!(["neglect", "caretaker_drug_use"]))
        .place(child, 100, 1001, "2026-01-10", json!({"other": {"setting": "group_home_shelter_care"}}), json!("in_state"))
        .place(child, 100, 1002, "2026-02-15", licensed_home(), json!("in_state"))
        .place(child, 100, 1003, "2026-03-20", relative_home(), json!({"out_of_state": {"jurisdiction": "KY"}}))
        .case("2026-02-01", json!({"PermanencyPlanRecorded": {"child": child, "plan": "reunify", "established_on": "2026-02-01"}}))
        .case("2026-04-01", json!({"PeriodicReviewHeld": {"child": child, "held_on": "2026-04-01"}}))
        .case("2026-05-01", json!({"CaseworkerVisitMade": {"visit_id": Uuid::from_u128(5), "child": child,
                                    "caseworker": Uuid::from_u128(6), "visited_on": "2026-05-01", "location": "child_residence"}}))
        .exit("2026-06-03", child, 100, "2026-06-01", json!("reunify_with_parents"));
    let (ooh, _) = log.files("2026B");
    let xml = &ooh.xml;

    assert_eq!(values(xml, "E1_title_iv_agency"), ["39"]);
    assert_eq!(values(xml, "E2_report_date"), ["202609"]);
    assert_eq!(
        values(xml, "E4_child_record_number"),
        [record_number(child.0)]
    );
    assert_eq!(values(xml, "E5_date_of_birth"), ["2015-05-05"]);
    assert_eq!(values(xml, "E6_sex"), ["2"]);
    assert_eq!(values(xml, "E7_agency_made_inquiries"), ["1"]);
    assert_eq!(values(xml, "E8_tribal_membership"), ["0"]);
    // White and Black; the other race flags are 0; not Hispanic.
    assert_eq!(values(xml, "E15_child_race_black"), ["1"]);
    assert_eq!(values(xml, "E17_child_race_white"), ["1"]);
    assert_eq!(values(xml, "E14_child_race_asian"), ["0"]);
    assert_eq!(values(xml, "E21_child_hispanic_latino"), ["0"]);
    // Not recorded by kinlog: blank, never "unknown".
    assert_eq!(values(xml, "E22_health_assessment"), [""]);

    assert_eq!(values(xml, "removal_2020/E69_removal_date"), ["2026-01-10"]);
    assert_eq!(values(xml, "E70_removal_transaction_date"), ["2026-01-12"]);
    assert_eq!(values(xml, "E71_removal_environment"), ["1"]);
    assert_eq!(values(xml, "E3_local_agency"), ["39049"]);
    assert_eq!(values(xml, "E77_neglect"), ["1"]);
    assert_eq!(values(xml, "E83_caretaker_drug_use"), ["1"]);
    assert_eq!(values(xml, "E74_physical_abuse"), ["0"]);

    assert_eq!(
        values(xml, "E112_date_living_arrangement"),
        ["2026-01-10", "2026-02-15", "2026-03-20"]
    );
    assert_eq!(values(xml, "E113_foster_family_home"), ["0", "1", "1"]);
    assert_eq!(
        values(xml, "E120_other_living_arrangement_type"),
        ["3", "", ""]
    );
    assert_eq!(values(xml, "E114_licensed_home"), ["1", "1"]);
    assert_eq!(values(xml, "E117_relative_foster_family"), ["0", "1"]);
    assert_eq!(
        values(xml, "E121_location_of_living_arrangement"),
        ["1", "1", "2"]
    );
    assert_eq!(values(xml, "E122_jurisdiction_or_country"), ["", "", "KY"]);

    assert_eq!(values(xml, "E147_permanency_plan_date"), ["2026-02-01"]);
    assert_eq!(values(xml, "E148_permanency_plan_type"), ["1"]);
    assert_eq!(values(xml, "E149_periodic_review_date"), ["2026-04-01"]);
    assert_eq!(values(xml, "E151_case_worker_visit_date"), ["2026-05-01"]);
    assert_eq!(values(xml, "E152_case_worker_visit_location"), ["1"]);
    assert_eq!(values(xml, "E153_exit_date"), ["2026-06-01"]);
    assert_eq!(values(xml, "E154_exit_transaction_date"), ["2026-06-03"]);
    assert_eq!(values(xml, "E155_exit_reason"), ["1"]);
    assert_eq!(values(xml, "E156_transfer_to_another_agency"), [""]);
    // Section (h) only for adoption and guardianship.
    assert_eq!(values(xml, "E157_E186_adoptive_parents_information"), [""]);
    assert_eq!(element(&ooh.compliance, "E70").tardy, 0);
}

#[test]
fn a_reentry_is_a_second_removal_and_the_whole_history_is_resent() {
    let mut log = Log::new(2);
    let child = log.child(20, "2012-02-02");
    log.remove(
        "2025-03-01",
        child,
        200,
        "2025-03-01",
        json!(["physical_abuse"]),
    )
    .place(
        child,
        200,
        2001,
        "2025-03-01",
        licensed_home(),
        json!("in_state"),
    )
    .exit(
        "2025-11-02",
        child,
        200,
        "2025-11-01",
        json!("reunify_with_parents"),
    )
    .remove("2026-05-01", child, 201, "2026-05-01", json!(["neglect"]))
    .place(
        child,
        201,
        2011,
        "2026-05-01",
        licensed_home(),
        json!("in_state"),
    );
    // In care during 2026B only through the second episode; both are sent.
    let (ooh, _) = log.files("2026B");
    assert_eq!(
        values(&ooh.xml, "removal_2020/E69_removal_date"),
        ["2025-03-01", "2026-05-01"]
    );
    assert_eq!(values(&ooh.xml, "E155_exit_reason"), ["1", "9"]);
    assert_eq!(values(&ooh.xml, "E153_exit_date"), ["2025-11-01", ""]);
    // A period when the child was home and not in care has no record for her.
    let (between, _) = log.files("2024B");
    assert!(values(&between.xml, "E4_child_record_number").is_empty());
}

#[test]
fn an_adoption_with_an_assistance_agreement_fills_section_h_and_the_assistance_file() {
    let mut log = Log::new(3);
    let child = log.child(30, "2019-09-09");
    log.remove(
        "2024-01-05",
        child,
        300,
        "2024-01-05",
        json!(["abandonment"]),
    )
    .place(
        child,
        300,
        3001,
        "2024-01-05",
        json!({"foster_family_home": {"home_types": ["licensed", "pre_adoptive"]}}),
        json!("in_state"),
    )
    .case(
        "2026-01-20",
        json!({"AssistanceAgreementSigned": {"agreement_id": Uuid::from_u128(31), "child": child,
              "agreement_type": "title_ive_adoption_assistance", "monthly_amount": 65000,
              "signed_on": "2026-01-20", "effective_on": "2026-02-01", "ends_on": null}}),
    )
    .case(
        "2026-02-01",
        json!({"AdoptionFinalized": {"child": child, "finalized_on": "2026-02-01"}}),
    )
    .exit("2026-02-02", child, 300, "2026-02-01", json!("adoption"));
    let (ooh, assistance) = log.files("2026A");
    assert_eq!(values(&ooh.xml, "E155_exit_reason"), ["3"]);
    assert_eq!(values(&ooh.xml, "E185_assistance_agreement_type"), ["2"]);
    assert_eq!(
        values(&ooh.xml, "E157_marital_status_of_adoptive_parents"),
        [""]
    );
    assert_eq!(values(&ooh.xml, "E118_pre_adopt_home"), ["1"]);

    assert_eq!(values(&assistance.xml, "A1_title_iv_agency"), ["39"]);
    assert_eq!(values(&assistance.xml, "A2_report_date"), ["202603"]);
    assert_eq!(
        values(&assistance.xml, "A3_child_record_number"),
        [record_number(child.0)]
    );
    assert_eq!(
        values(&assistance.xml, "A4_child_date_of_birth"),
        ["2019-09-09"]
    );
    assert_eq!(
        values(&assistance.xml, "A15_assistance_agreement_type"),
        ["1"]
    );
    assert_eq!(
        values(&assistance.xml, "A16_adoption_subsidy_amount"),
        ["650"]
    );
    assert_eq!(
        values(&assistance.xml, "A17_adoption_finalization_date"),
        ["2026-02-01"]
    );
    assert_eq!(
        values(&assistance.xml, "A18_agreement_termination_date"),
        [""]
    );
    assert!(assistance.compliance.passes, "{:?}", assistance.compliance);
    // The same child keeps the same number in the next period, without the exit again.
    let (_, next) = log.files("2026B");
    assert_eq!(
        values(&next.xml, "A3_child_record_number"),
        [record_number(child.0)]
    );
}

#[test]
fn a_guardianship_exit_and_its_exempt_assistance_record() {
    let mut log = Log::new(4);
    let child = log.child(40, "2011-11-11");
    log.remove("2025-06-01", child, 400, "2025-06-01", json!(["death_of_caretaker"]))
        .place(child, 400, 4001, "2025-06-01", relative_home(), json!("in_state"))
        .case("2025-12-01", json!({"AssistanceAgreementSigned": {"agreement_id": Uuid::from_u128(41), "child": child,
              "agreement_type": "title_ive_guardianship_assistance", "monthly_amount": 40000,
              "signed_on": "2025-12-01", "effective_on": "2025-12-15", "ends_on": null}}))
        .case("2025-12-15", json!({"GuardianshipEstablished": {"child": child, "guardians": [Uuid::from_u128(42)], "established_on": "2025-12-15"}}))
        .exit("2025-12-16", child, 400, "2025-12-15", json!("guardianship"));
    let (ooh, assistance) = log.files("2026A");
    assert_eq!(values(&ooh.xml, "E155_exit_reason"), ["5"]);
    assert_eq!(values(&ooh.xml, "E185_assistance_agreement_type"), ["6"]);
    assert_eq!(
        values(&assistance.xml, "A15_assistance_agreement_type"),
        ["2"]
    );
    assert_eq!(
        values(&assistance.xml, "A16_adoption_subsidy_amount"),
        ["400"]
    );
    assert_eq!(
        values(&assistance.xml, "A17_adoption_finalization_date"),
        ["2025-12-15"]
    );
    // 1355.46(a): IV-E guardianship records are exempt from the assistance file's rates.
    assert_eq!(
        (
            assistance.compliance.records,
            assistance.compliance.exempt_records
        ),
        (1, 1)
    );
}

#[test]
fn a_runaway_is_a_living_arrangement_of_type_12_at_location_4() {
    let mut log = Log::new(5);
    let child = log.child(50, "2010-10-10");
    log.remove(
        "2026-04-02",
        child,
        500,
        "2026-04-02",
        json!(["child_behavior_problem"]),
    )
    .place(
        child,
        500,
        5001,
        "2026-04-02",
        licensed_home(),
        json!("in_state"),
    )
    .place(
        child,
        500,
        5002,
        "2026-05-10",
        json!({"other": {"setting": "runaway"}}),
        json!("runaway_or_whereabouts_unknown"),
    );
    let (ooh, _) = log.files("2026B");
    assert_eq!(values(&ooh.xml, "E113_foster_family_home"), ["1", "0"]);
    assert_eq!(
        values(&ooh.xml, "E120_other_living_arrangement_type"),
        ["", "12"]
    );
    assert_eq!(
        values(&ooh.xml, "E121_location_of_living_arrangement"),
        ["1", "4"]
    );
    assert_eq!(element(&ooh.compliance, "E120").inconsistent, 0);
}

#[test]
fn a_removal_recorded_45_days_late_is_tardy_and_one_5_days_late_is_not() {
    let mut log = Log::new(6);
    let late = log.child(60, "2014-04-04");
    let prompt = log.child(61, "2014-04-05");
    log.remove("2026-05-16", late, 600, "2026-04-01", json!(["neglect"]))
        .place(
            late,
            600,
            6001,
            "2026-04-01",
            licensed_home(),
            json!("in_state"),
        )
        .remove("2026-04-06", prompt, 610, "2026-04-01", json!(["neglect"]))
        .place(
            prompt,
            610,
            6101,
            "2026-04-01",
            licensed_home(),
            json!("in_state"),
        );
    let (ooh, _) = log.files("2026B");
    assert_eq!(values(&ooh.xml, "E70_removal_transaction_date").len(), 2);
    let e70 = element(&ooh.compliance, "E70");
    assert_eq!((e70.applicable, e70.tardy), (2, 1));
    let tardy: Vec<_> = ooh
        .compliance
        .findings
        .iter()
        .filter(|f| f.element == "E70")
        .collect();
    assert_eq!(tardy.len(), 1);
    assert_eq!(tardy[0].record_number, record_number(late.0));
    assert_eq!(tardy[0].error, ErrorKind::Tardy);
    // 1 of 2 records (50%) is over the 10% data-quality limit.
    assert!(!e70.met);
}

#[test]
fn an_episode_before_fy2023_is_sent_in_the_1993_shape() {
    let mut log = Log::new(7);
    let child = log.child(70, "2009-09-09");
    log.remove("2022-03-01", child, 700, "2022-03-01", json!(["neglect"]))
        .place(
            child,
            700,
            7001,
            "2022-03-01",
            licensed_home(),
            json!("in_state"),
        )
        .exit(
            "2022-08-01",
            child,
            700,
            "2022-08-01",
            json!("live_with_other_relatives"),
        )
        .remove("2026-01-01", child, 701, "2026-01-01", json!(["neglect"]))
        .place(
            child,
            701,
            7011,
            "2026-01-01",
            licensed_home(),
            json!("in_state"),
        );
    let (ooh, _) = log.files("2026A");
    let old: Vec<_> = leaves(&ooh.xml)
        .into_iter()
        .filter(|(path, _)| path.contains("removal_1993/"))
        .collect();
    let expected = [
        ("E69_removal_date", "2022-03-01"),
        ("E153_exit_date", "2022-08-01"),
        ("E155_exit_reason", "2"),
    ];
    assert_eq!(old.len(), expected.len());
    for ((path, value), (tag, expected)) in old.iter().zip(expected) {
        assert!(path.ends_with(tag), "{path}");
        assert_eq!(value, expected);
    }
    assert_eq!(
        values(&ooh.xml, "removal_2020/E69_removal_date"),
        ["2026-01-01"]
    );
}

#[test]
fn each_check_fires_on_a_planted_defect() {
    let mut log = Log::new(8);
    let clean = log.child(80, "2015-01-01");
    let no_circumstance = log.child(81, "2015-01-01");
    let both_absent = log.child(82, "2015-01-01");
    let exclusive = log.child(83, "2015-01-01");
    let runaway_in_state = log.child(84, "2015-01-01");
    let exit_before = log.child(85, "2015-01-01");
    let unplaced = log.child(86, "2015-01-01");
    for (child, episode, circumstances) in [
        (clean, 800, json!(["neglect"])),
        (no_circumstance, 810, json!([])),
        (both_absent, 820, json!(["runaway", "whereabouts_unknown"])),
        (exclusive, 830, json!(["abandonment", "failure_to_return"])),
        (runaway_in_state, 840, json!(["neglect"])),
        (exit_before, 850, json!(["neglect"])),
        (unplaced, 860, json!(["neglect"])),
    ] {
        log.remove("2026-04-10", child, episode, "2026-04-10", circumstances);
        if child != unplaced {
            let setting = if child == runaway_in_state {
                json!({"other": {"setting": "runaway"}})
            } else {
                licensed_home()
            };
            log.place(
                child,
                episode,
                episode * 10,
                "2026-04-10",
                setting,
                json!("in_state"),
            );
        }
    }
    log.exit(
        "2026-04-10",
        exit_before,
        850,
        "2026-04-01",
        json!("reunify_with_parents"),
    );
    // A child with no date of birth or sex: key elements.
    let anonymous = PersonId(Uuid::from_u128(87));
    log.case(
        "2026-04-10",
        json!({"ChildRemoved": {"episode_id": Uuid::from_u128(870), "child": anonymous,
              "removed_on": "2026-04-10", "removed_at": null, "manner": "court_ordered",
              "environment": "parent_household", "circumstances": ["neglect"]}}),
    )
    .place(
        anonymous,
        870,
        8700,
        "2026-04-10",
        licensed_home(),
        json!("in_state"),
    );
    let (ooh, _) = log.files("2026B");
    let c = &ooh.compliance;
    let findings = |element: &str| -> Vec<(String, ErrorKind)> {
        c.findings
            .iter()
            .filter(|f| f.element == element)
            .map(|f| (f.record_number.clone(), f.error))
            .collect()
    };
    let rn = |p: PersonId| record_number(p.0);
    assert_eq!(
        findings("E105"),
        [(rn(no_circumstance), ErrorKind::Inconsistent)]
    );
    assert!(findings("E72").contains(&(rn(both_absent), ErrorKind::Inconsistent)));
    assert!(findings("E73").contains(&(rn(both_absent), ErrorKind::Inconsistent)));
    // Every element of a failed check counts: no circumstance at all errs in each flag.
    let in_both = vec![
        (rn(no_circumstance), ErrorKind::Inconsistent),
        (rn(exclusive), ErrorKind::Inconsistent),
    ];
    assert_eq!(findings("E80"), in_both);
    assert_eq!(findings("E81"), in_both);
    assert_eq!(
        findings("E120"),
        [(rn(runaway_in_state), ErrorKind::Inconsistent)]
    );
    assert_eq!(
        findings("E153"),
        [(rn(exit_before), ErrorKind::Inconsistent)]
    );
    assert_eq!(
        findings("E69"),
        [(rn(exit_before), ErrorKind::Inconsistent)]
    );
    assert_eq!(findings("E112"), [(rn(unplaced), ErrorKind::Missing)]);
    assert_eq!(findings("E5"), [(rn(anonymous), ErrorKind::Missing)]);
    assert_eq!(findings("E6"), [(rn(anonymous), ErrorKind::Missing)]);
    // A key element with one error fails the file standard, so the file fails.
    assert!(!element(c, "E5").met && element(c, "E5").key);
    assert!(!c.passes);
    // The clean child has no error in the elements kinlog records.
    let recorded = [
        "E3", "E4", "E5", "E6", "E7", "E8", "E21", "E70", "E72", "E112", "E120", "E153", "E154",
    ];
    assert!(c
        .findings
        .iter()
        .all(|f| f.record_number != rn(clean) || !recorded.contains(&f.element)));
    // Elements kinlog does not record are missing for every record they apply to.
    assert_eq!(element(c, "E22").missing, element(c, "E22").applicable);
}

#[test]
fn a_youth_18_before_the_period_is_exempt_and_the_output_is_reproducible() {
    let mut log = Log::new(9);
    let adult = log.child(90, "2007-01-01");
    let minor = log.child(91, "2012-01-01");
    for (child, episode) in [(adult, 900), (minor, 910)] {
        log.remove(
            "2024-06-01",
            child,
            episode,
            "2024-06-01",
            json!(["neglect"]),
        )
        .place(
            child,
            episode,
            episode * 10,
            "2024-06-01",
            licensed_home(),
            json!("in_state"),
        );
    }
    let (first, _) = log.files("2026B");
    let (again, _) = log.files("2026B");
    assert_eq!(first.xml, again.xml, "the same facts give the same bytes");
    assert_eq!(values(&first.xml, "E4_child_record_number").len(), 2);
    assert_eq!(
        (first.compliance.records, first.compliance.exempt_records),
        (2, 1)
    );
    assert_eq!(element(&first.compliance, "E5").applicable, 1);
}

#[test]
fn two_records_with_one_number_are_refused() {
    let child = OohChild {
        record_number: "R1".into(),
        demographics: Default::default(),
        icwa_inquired: None,
        tribal_member: None,
        removals: vec![],
    };
    match ooh_file(&header("2026B"), &[child.clone(), child]) {
        Err(crate::Error::ReportInput { field, .. }) => assert_eq!(field, "E4_child_record_number"),
        other => panic!("{other:?}"),
    }
}
