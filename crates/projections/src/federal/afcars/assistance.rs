//! The adoption and guardianship assistance file's records, 45 CFR 1355.45, in the
//! element structure of ICF's AFCARS XML Editor (AXE) template.
use kinlog_domain::case::AssistanceProgram;

use super::compliance::{Checker, ErrorKind::*};
use super::facts::AssistedChild;
use super::node::{date, Node};
use super::ooh::race;
use super::Compliance;
use crate::federal::ReportPeriod;

/// The race flags' tags, A6–A13 (1355.45(b)(3)).
const RACE_TAGS: [&str; 8] = [
    "A6_child_race_american_indian_alaska_native",
    "A7_child_race_asian",
    "A8_child_race_black_african_american",
    "A9_child_race_hawaiian_pacific_islander",
    "A10_child_race_white",
    "A11_child_race_unknown",
    "A12_child_race_abandoned",
    "A13_child_race_declined",
];

/// A15, 1355.45(c)(1): 1 title IV-E adoption assistance, 2 title IV-E guardianship
/// assistance. [R: code values from AXE's list order.]
fn agreement_code(child: &AssistedChild) -> u8 {
    match child.agreement_type.program() {
        AssistanceProgram::Adoption => 1,
        AssistanceProgram::Guardianship => 2,
    }
}

pub(crate) fn record(period: ReportPeriod, child: &AssistedChild) -> Node {
    let d = &child.demographics;
    let mut nodes = vec![
        Node::leaf("A3_child_record_number", Some(&child.record_number)),
        Node::leaf("A4_child_date_of_birth", d.born_on.map(date)),
        Node::leaf("A5_child_sex", d.sex.map(|s| s.afcars_code())),
    ];
    nodes.extend(race(d, RACE_TAGS));
    nodes.extend([
        Node::leaf(
            "A14_child_hispanic_latino",
            d.hispanic.map(|h| h.afcars_code()),
        ),
        Node::leaf("A15_assistance_agreement_type", Some(agreement_code(child))),
        // A16, 1355.45(c)(2): the monthly amount, in whole dollars.
        Node::leaf(
            "A16_adoption_subsidy_amount",
            Some(child.monthly_amount_cents.max(0) / 100),
        ),
        Node::leaf(
            "A17_adoption_finalization_date",
            child.finalized_on.map(date),
        ),
        // A18, 1355.45(c)(4): only a termination within the period.
        Node::leaf(
            "A18_agreement_termination_date",
            child.ended_on.filter(|on| period.contains(*on)).map(date),
        ),
        // A19 is in AXE's template but not in 1355.45; kinlog leaves it blank.
        Node::Leaf("A19_adoption_placing_agency", None),
    ]);
    Node::Group("record", nodes)
}

/// 1355.45(a) and (b)(1)–(2): held to 100%.
const KEY_ELEMENTS: &[&str] = &["A3", "A4", "A5"];

pub(crate) fn compliance(period: ReportPeriod, children: &[&AssistedChild]) -> Compliance {
    let mut checker = Checker::new(KEY_ELEMENTS);
    for child in children {
        if child.agreement_type.program() == AssistanceProgram::Guardianship {
            checker.exempt();
            continue;
        }
        let d = &child.demographics;
        let mut check = checker.record(&child.record_number);
        check.applies("A3");
        if child.record_number.is_empty() {
            check.error("A3", Missing, "blank");
        }
        check.required("A4", d.born_on);
        if d.born_on.is_some_and(|born| born > period.last_day()) {
            check.error("A4", Invalid, "born after the period");
        }
        check.required("A5", d.sex);
        for tag in RACE_TAGS {
            check.required(super::compliance::element_of(tag), d.race.as_ref());
        }
        check.required("A14", d.hispanic);
        check.applies("A15");
        check.applies("A16");
        if child.monthly_amount_cents < 0 {
            check.error("A16", Invalid, "a negative subsidy");
        }
        check.required("A17", child.finalized_on);
        if let (Some(finalized), Some(ended)) = (child.finalized_on, child.ended_on) {
            check.applies("A18");
            if ended < finalized {
                check.error(
                    "A18",
                    Inconsistent,
                    "the agreement ends before the finalization",
                );
            }
        }
        check.done();
    }
    checker.finish()
}
