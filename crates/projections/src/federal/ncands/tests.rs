//! A hand-built report: two victims, three maltreatment types, one unsubstantiated
//! allegation. Expected values are written out from the codebook's definitions and
//! codes, not read back from the generator.
use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveTime};
use kinlog_domain::case::codes::{
    CountyCode, MaltreatmentDisposition as Finding, MaltreatmentType as Kind,
    PerpetratorRelationship as Relationship, ReportSource, ServiceType,
};
use kinlog_domain::person::{HispanicEthnicity, Race, RaceCategory, Sex};
use kinlog_domain::PersonId;
use uuid::Uuid;

use super::*;
use crate::federal::Demographics;

fn d(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid test date")
}

fn person(n: u128) -> PersonId {
    PersonId(Uuid::from_u128(n))
}

fn people(
    born_on: NaiveDate,
    sex: Sex,
    races: &[RaceCategory],
    hispanic: HispanicEthnicity,
) -> Demographics {
    Demographics {
        born_on: Some(born_on),
        sex: Some(sex),
        race: Some(Race::Reported(
            races.iter().copied().collect::<BTreeSet<_>>(),
        )),
        hispanic: Some(hispanic),
    }
}

fn ffy2025() -> Submission {
    Submission {
        fiscal_year: 2025,
        state: "OH".to_owned(),
    }
}

fn child(n: u128, child_id: &str, demographics: Demographics) -> ReportChild {
    ReportChild {
        child: person(n),
        child_id: child_id.to_owned(),
        demographics,
        afcars_id: None,
        died_of_maltreatment_on: None,
        risk_factors: None,
        removed_on: None,
        petition_filed_on: None,
        representative_appointed: false,
    }
}

fn perpetrator(
    n: u128,
    id: &str,
    relationship: Relationship,
    demographics: Demographics,
) -> Perpetrator {
    Perpetrator {
        person: person(n),
        perpetrator_id: id.to_owned(),
        relationship,
        demographics,
    }
}

fn allegation(
    victim: u128,
    maltreatment: Kind,
    perpetrator: Option<&Perpetrator>,
    finding: Option<(Finding, NaiveDate)>,
) -> Allegation {
    Allegation {
        victim: person(victim),
        maltreatment,
        perpetrator: perpetrator.cloned(),
        incident_on: None,
        disposition: finding,
    }
}

const ANNA: u128 = 1;
const BEN: u128 = 2;
const CARA: u128 = 3;

/// Report R00000000001, from a school, 3 Mar 2025 09:30, response 4 Mar 14:00.
/// Anna (born 10 May 2018, female, white, not Hispanic): physical abuse by her father,
/// substantiated 10 Apr; neglect by her mother, indicated 12 Apr.
/// Ben (born 20 Nov 2021, male, black and white, Hispanic): neglect by his mother,
/// substantiated 12 Apr; sexual abuse by the mother's partner, unsubstantiated 15 Apr.
/// Cara is named on the referral with no allegation.
fn two_victim_report() -> Report {
    use RaceCategory::*;
    let father = perpetrator(
        11,
        "PERP00000001",
        Relationship::Parent,
        people(d(1990, 1, 15), Sex::Male, &[White], HispanicEthnicity::No),
    );
    let mother = perpetrator(
        12,
        "PERP00000002",
        Relationship::Parent,
        people(
            d(1992, 7, 1),
            Sex::Female,
            &[BlackOrAfricanAmerican],
            HispanicEthnicity::Yes,
        ),
    );
    let partner = perpetrator(
        13,
        "PERP00000003",
        Relationship::UnmarriedPartnerOfParent,
        people(d(1988, 2, 2), Sex::Male, &[White], HispanicEthnicity::No),
    );
    Report {
        report_id: "R00000000001".to_owned(),
        county: CountyCode::new(49).expect("a county"),
        reported_on: d(2025, 3, 3),
        reported_at: NaiveTime::from_hms_opt(9, 30, 0),
        response_started_on: Some(d(2025, 3, 4)),
        response_started_at: NaiveTime::from_hms_opt(14, 0, 0),
        source: ReportSource::EducationPersonnel,
        services: vec![
            // Before the report: not a result of it.
            (d(2025, 2, 1), ServiceType::Housing),
            (d(2025, 4, 20), ServiceType::Counseling),
            (d(2025, 5, 2), ServiceType::FamilyPreservation),
            // 90 days after the 15 Apr disposition is 14 Jul: the last day that counts.
            (d(2025, 7, 14), ServiceType::Respite),
            (d(2025, 7, 15), ServiceType::Transportation),
        ],
        assignments: vec![
            Assignment {
                assigned_on: d(2025, 3, 3),
                worker_id: "WORKER000001".to_owned(),
                supervisor_id: Some("SUPER0000001".to_owned()),
            },
            // The worker at disposition (15 Apr), without a supervisor on record.
            Assignment {
                assigned_on: d(2025, 4, 1),
                worker_id: "WORKER000002".to_owned(),
                supervisor_id: None,
            },
            // After the disposition: not the investigating worker.
            Assignment {
                assigned_on: d(2025, 5, 1),
                worker_id: "WORKER000003".to_owned(),
                supervisor_id: None,
            },
        ],
        children: vec![
            child(
                BEN,
                "CHILD0000002",
                people(
                    d(2021, 11, 20),
                    Sex::Male,
                    &[BlackOrAfricanAmerican, White],
                    HispanicEthnicity::Yes,
                ),
            ),
            child(
                ANNA,
                "CHILD0000001",
                people(d(2018, 5, 10), Sex::Female, &[White], HispanicEthnicity::No),
            ),
            child(
                CARA,
                "CHILD0000003",
                people(d(2016, 1, 1), Sex::Female, &[White], HispanicEthnicity::No),
            ),
        ],
        allegations: vec![
            allegation(
                ANNA,
                Kind::PhysicalAbuse,
                Some(&father),
                Some((Finding::Substantiated, d(2025, 4, 10))),
            ),
            allegation(
                ANNA,
                Kind::Neglect,
                Some(&mother),
                Some((Finding::Indicated, d(2025, 4, 12))),
            ),
            allegation(
                BEN,
                Kind::Neglect,
                Some(&mother),
                Some((Finding::Substantiated, d(2025, 4, 12))),
            ),
            allegation(
                BEN,
                Kind::SexualAbuse,
                Some(&partner),
                Some((Finding::Unsubstantiated, d(2025, 4, 15))),
            ),
        ],
    }
}

fn expect_fields(record: &ChildRecord, expected: &[(&str, &str)]) {
    for (field, value) in expected {
        assert_eq!(
            record.field(field),
            Some(*value),
            "{field} of {}",
            record.child_id
        );
    }
}

fn expect_blank(record: &ChildRecord, fields: &[&str]) {
    for field in fields {
        assert_eq!(
            record.field(field),
            None,
            "{field} of {} should be blank",
            record.child_id
        );
    }
}

#[test]
fn two_victims_three_types_and_an_unsubstantiated_allegation() {
    let file = child_file(&ffy2025(), &[two_victim_report()]).expect("a valid report");
    // One record per child with an allegation: Anna and Ben, not Cara, in CHID order.
    let ids: Vec<&str> = file.records.iter().map(|r| r.child_id.as_str()).collect();
    assert_eq!(ids, ["CHILD0000001", "CHILD0000002"]);
    assert!(file.records.iter().all(|r| r.is_victim));
    assert!(file.findings.is_empty(), "{:?}", file.findings);

    let report_fields = [
        ("SUBYR", "2025"),
        ("STATERR", "OH"),
        ("RPTID", "R00000000001"),
        ("RPTCNTY", "049"),
        ("RPTDT", "03032025"),
        ("RPTTM", "0930"),
        ("INVDATE", "03042025"),
        ("INVSTRTM", "1400"),
        // Education personnel.
        ("RPTSRC", "05"),
        // The most serious finding on the report: substantiated.
        ("RPTDISP", "01"),
        // The last finding, 15 Apr 2025.
        ("RPTDISDT", "04152025"),
        ("WRKRID", "WORKER000002"),
    ];
    let anna = &file.records[0];
    expect_fields(anna, &report_fields);
    expect_fields(
        anna,
        &[
            ("CHID", "CHILD0000001"),
            ("CHAGE", "06"),
            ("CHBDATE", "05102018"),
            ("CHSEX", "2"),
            ("CHRACWH", "1"),
            ("CHRACBL", "2"),
            ("CHRACUD", "2"),
            ("CETHN", "2"),
            // Physical abuse substantiated, then neglect indicated.
            ("CHMAL1", "01"),
            ("MAL1LEV", "01"),
            ("CHMAL2", "02"),
            ("MAL2LEV", "02"),
            ("MALDEATH", "2"),
            // Father first (substantiated), then mother (indicated).
            ("PER1ID", "PERP00000001"),
            ("PER1REL", "01"),
            ("PER1PRNT", "1"),
            ("PER1AGE", "35"),
            ("PER1SEX", "1"),
            ("P1RACWH", "1"),
            ("PER1ETHN", "2"),
            ("PER1MAL1", "1"),
            ("PER1MAL2", "2"),
            ("PER2ID", "PERP00000002"),
            ("PER2AGE", "32"),
            ("PER2SEX", "2"),
            ("P2RACBL", "1"),
            ("PER2ETHN", "1"),
            ("PER2MAL1", "2"),
            ("PER2MAL2", "1"),
            ("FOSTERCR", "2"),
            ("JUVPET", "2"),
            ("COCHREP", "2"),
        ],
    );
    expect_blank(
        anna,
        &[
            "CHMAL3", "MAL3LEV", "CHMAL4", "MAL4LEV", "PER3ID", "PER1MAL3", "AFCARSID", "CDALC",
            "FCVIOL", "DEATHDT", "PER1CR", "SUPRVID",
        ],
    );

    let ben = &file.records[1];
    expect_fields(ben, &report_fields);
    expect_fields(
        ben,
        &[
            ("CHID", "CHILD0000002"),
            ("CHAGE", "03"),
            ("CHSEX", "1"),
            ("CHRACBL", "1"),
            ("CHRACWH", "1"),
            ("CHRACAS", "2"),
            ("CETHN", "1"),
            // Neglect substantiated comes before sexual abuse unsubstantiated.
            ("CHMAL1", "02"),
            ("MAL1LEV", "01"),
            ("CHMAL2", "04"),
            ("MAL2LEV", "05"),
            ("PER1ID", "PERP00000002"),
            ("PER1MAL1", "1"),
            ("PER1MAL2", "2"),
            // The mother's unmarried partner.
            ("PER2ID", "PERP00000003"),
            ("PER2REL", "07"),
            ("PER2PRNT", "2"),
            ("PER2AGE", "37"),
            ("PER2MAL1", "2"),
            ("PER2MAL2", "1"),
        ],
    );
    expect_blank(ben, &["CHMAL3", "PER3ID"]);

    // The bytes: two lines of equal length, the confirmed positions in place.
    let text = String::from_utf8(file.bytes).expect("ASCII");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(text.ends_with('\n'));
    assert_eq!(lines[0].len(), lines[1].len());
    let anna_line = lines[0];
    assert_eq!(&anna_line[0..4], "2025");
    assert_eq!(&anna_line[4..6], "OH");
    assert_eq!(&anna_line[6..18], "R00000000001");
    assert_eq!(&anna_line[18..30], "CHILD0000001");
    assert_eq!(&anna_line[30..33], "049");
    assert_eq!(&anna_line[33..41], "03032025");
    assert_eq!(&anna_line[41..49], "03042025");
    let (offset, width) = super::layout::position("MAL2LEV").expect("a field");
    assert_eq!(&lines[1][offset..offset + width], "05");
    let (offset, width) = super::layout::position("CHMAL3").expect("a field");
    assert_eq!(&lines[1][offset..offset + width], "  ");
}

#[test]
fn only_reports_disposed_in_the_fiscal_year_are_written() {
    let in_year = two_victim_report();
    let mut last_year = two_victim_report();
    last_year.report_id = "R00000000002".to_owned();
    for allegation in &mut last_year.allegations {
        allegation.disposition = Some((Finding::Substantiated, d(2024, 9, 30)));
    }
    let mut undisposed = two_victim_report();
    undisposed.report_id = "R00000000003".to_owned();
    undisposed.allegations[3].disposition = None;
    // Disposed on 1 Oct 2025: the next fiscal year.
    let mut next_year = two_victim_report();
    next_year.report_id = "R00000000004".to_owned();
    next_year.allegations[0].disposition = Some((Finding::Substantiated, d(2025, 10, 1)));
    let file = child_file(&ffy2025(), &[last_year, undisposed, next_year, in_year])
        .expect("valid reports");
    let reports: BTreeSet<&str> = file.records.iter().map(|r| r.report_id.as_str()).collect();
    assert_eq!(reports, BTreeSet::from(["R00000000001"]));
}

#[test]
fn findings_name_the_field_for_victims_without_perpetrators_and_removed_children_without_an_afcars_id(
) {
    let mut report = two_victim_report();
    report.allegations[0].perpetrator = None;
    report.allegations[1].perpetrator = None;
    report.children[0].removed_on = Some(d(2025, 3, 5));
    report.children[1].demographics.born_on = None;
    let file = child_file(&ffy2025(), &[report]).expect("a valid report");
    let found: BTreeSet<(&str, &str)> = file
        .findings
        .iter()
        .map(|f| (f.child_id.as_str(), f.field))
        .collect();
    assert_eq!(
        found,
        BTreeSet::from([
            // Anna: no perpetrator and no date of birth.
            ("CHILD0000001", "PER1ID"),
            ("CHILD0000001", "CHAGE"),
            // Ben: removed without an AFCARS ID.
            ("CHILD0000002", "AFCARSID"),
        ])
    );
    let ben = &file.records[1];
    expect_fields(ben, &[("FOSTERCR", "1"), ("RMVDATE", "03052025")]);
    // A missing date of birth leaves the age blank rather than "unknown".
    expect_blank(&file.records[0], &["CHAGE", "CHBDATE"]);
}

#[test]
fn a_bad_identifier_or_state_is_refused_without_output() {
    let mut report = two_victim_report();
    report.report_id = "R-0000000001".to_owned();
    let error = child_file(&ffy2025(), &[report]).expect_err("a hyphen in RPTID");
    assert!(error.to_string().contains("RPTID"), "{error}");
    let ohio = Submission {
        fiscal_year: 2025,
        state: "Ohio".to_owned(),
    };
    let error = child_file(&ohio, &[two_victim_report()]).expect_err("not an abbreviation");
    assert!(error.to_string().contains("STATERR"), "{error}");
}

#[test]
fn agency_counts_screened_out_referrals_response_time_and_other_fatalities() {
    let reports = [two_victim_report()];
    let file = child_file(&ffy2025(), &reports).expect("a valid report");
    let screened_out = [
        ScreenedOutReferral {
            screened_on: d(2024, 10, 1),
            children: 1,
        },
        ScreenedOutReferral {
            screened_on: d(2025, 9, 30),
            children: 3,
        },
        // FY2024.
        ScreenedOutReferral {
            screened_on: d(2024, 9, 30),
            children: 2,
        },
    ];
    let deaths = [
        // Anna has a Child File record: not an Agency File fatality.
        (person(ANNA), d(2025, 5, 1)),
        (person(99), d(2025, 6, 1)),
        // FY2026.
        (person(98), d(2025, 10, 1)),
    ];
    let counts = agency_counts(2025, &file, &reports, &screened_out, &deaths);
    assert_eq!(
        counts,
        AgencyCounts {
            screened_out_referrals: 2,
            children_in_screened_out_referrals: 4,
            // 3 Mar 09:30 to 4 Mar 14:00 is 28.5 hours, whole hours 28.
            mean_response_hours: Some(28),
            fatalities_not_in_child_file: 1,
        }
    );
}

#[test]
fn the_95_percent_perpetrator_check_fires_on_a_victim_without_one() {
    // Twenty reports, each with two victims: 40 victims. Removing the perpetrators of
    // one report's victims leaves 38 of 40, 95%: met. Two reports' leave 36, 90%: not.
    let reports = |without: usize| -> Vec<Report> {
        (0..20)
            .map(|n| {
                let mut report = two_victim_report();
                report.report_id = format!("R{n:011}");
                if n < without {
                    for allegation in &mut report.allegations {
                        allegation.perpetrator = None;
                    }
                }
                report
            })
            .collect()
    };
    let met = child_file(&ffy2025(), &reports(1)).expect("file").quality();
    assert_eq!(
        (
            met.victims,
            met.victims_with_perpetrator,
            met.perpetrators_met
        ),
        (40, 38, true)
    );
    let failed = child_file(&ffy2025(), &reports(2)).expect("file").quality();
    assert_eq!(
        (failed.victims_with_perpetrator, failed.perpetrators_met),
        (36, false)
    );
    assert_eq!(failed.removed_without_afcars_id, 0);
    let mut removed = reports(0);
    removed[0].children[0].removed_on = Some(d(2025, 3, 5));
    let quality = child_file(&ffy2025(), &removed).expect("file").quality();
    assert_eq!(quality.removed_without_afcars_id, 1);
}
