//! The out-of-home care file's records, 45 CFR 1355.44, in the element structure of
//! ICF's AFCARS XML Editor (AXE) template for the 2020 layout. Elements kinlog does not
//! record yet (health, schooling, siblings, parents, foster and adoptive parents,
//! trafficking reports) are written blank: blank is "missing", never a guessed value
//! (1355.43(d)), and the compliance report counts them.
use chrono::NaiveDate;
use kinlog_domain::case::codes::RemovalCircumstance;
use kinlog_domain::case::{PlacementLocation, PlacementSetting};

use super::facts::{Exit, LivingArrangement, OohChild, Removal};
use super::node::{date, flag, Node};
use crate::federal::Demographics;

/// Episodes that began before this date are reported in the 1993 shape: removal date,
/// exit date and exit reason only (1355.43(b)(2)(ii)).
pub(crate) fn is_1993_episode(removal: &Removal) -> bool {
    removal.removed_on < NaiveDate::from_ymd_opt(2022, 10, 1).unwrap_or(NaiveDate::MIN)
}

/// E155 when the child has not exited: "not applicable" (1355.44(g)(3)).
const EXIT_NOT_APPLICABLE: u8 = 9;

pub(crate) fn record(child: &OohChild) -> Node {
    let d = &child.demographics;
    let mut nodes = vec![
        Node::leaf("E4_child_record_number", Some(&child.record_number)),
        Node::leaf("E5_date_of_birth", d.born_on.map(date)),
        Node::leaf("E6_sex", d.sex.map(|s| s.afcars_code())),
        Node::Group(
            "E7_E12_tribal_information",
            vec![
                Node::leaf(
                    "E7_agency_made_inquiries",
                    child.icwa_inquired.map(|y| y.afcars_code()),
                ),
                Node::leaf("E8_tribal_membership", child.tribal_member.map(flag)),
                Node::Group("E9_recognized_tribes", vec![]),
                blank("E10_icwa"),
                blank("E11_icwa_date"),
                blank("E12_icwa_notification"),
            ],
        ),
    ];
    nodes.extend(race(d, RACE_TAGS));
    nodes.push(Node::leaf(
        "E21_child_hispanic_latino",
        d.hispanic.map(|h| h.afcars_code()),
    ));
    nodes.extend(blanks(&[
        "E22_health_assessment",
        "E23_health_conditions",
        "E24_34_specific_health_conditions",
        "E35_school_enrollment",
        "E36_school_highest_completed",
        "E37_school_special_education",
        "E38_pregnant",
        "E39_fathered_or_bore_child",
        "E40_child_and_children_together",
        "E41_prior_adoption",
        "E42_E43_prior_adoption_information",
        "E44_prior_guardianship",
        "E45_prior_guardianship_date",
        "E46_support_assistance",
        "E47_E54_type_financial_assistance",
        "E55_foster_care_payment",
        "E56_total_siblings",
        "E57_E58_siblings_in_foster_care",
        "E59_first_parent_birth_year",
        "E60_second_parent_birth_year",
        "E61_tribal_membership_mother",
        "E62_tribal_membership_father",
        "E63_E68_termination_of_parental_rights",
    ]));
    let mut removals: Vec<Node> = child
        .removals
        .iter()
        .filter(|r| !is_1993_episode(r))
        .map(removal_2020)
        .collect();
    removals.extend(
        child
            .removals
            .iter()
            .filter(|r| is_1993_episode(r))
            .map(removal_1993),
    );
    nodes.push(Node::Group("E69_E186_removals", removals));
    nodes.extend(blanks(&[
        "E106_prior_victim_sex_trafficking",
        "E107_E108_prior_victim_sex_trafficking_reporting",
        "E109_victim_sex_trafficking",
        "E110_E111_victim_sex_trafficking_reporting",
    ]));
    Node::Group("record", nodes)
}

/// The race flags' tags, E13–E20 (1355.44(b)(7)); the assistance file has its own.
pub(crate) const RACE_TAGS: [&str; 8] = [
    "E13_child_race_american_indian_alaska_native",
    "E14_child_race_asian",
    "E15_child_race_black",
    "E16_child_race_native_hawaiian_pacific_islander",
    "E17_child_race_white",
    "E18_child_race_unknown",
    "E19_child_race_abandoned",
    "E20_child_race_declined",
];

/// The eight race flags, blank when no race is recorded.
pub(crate) fn race(d: &Demographics, tags: [&'static str; 8]) -> Vec<Node> {
    let flags = d.race.as_ref().map(|race| race.afcars_flags());
    tags.iter()
        .enumerate()
        .map(|(i, tag)| Node::leaf(tag, flags.map(|f| flag(f[i].1))))
        .collect()
}

fn blank(tag: &'static str) -> Node {
    Node::Leaf(tag, None)
}

fn blanks(tags: &[&'static str]) -> Vec<Node> {
    tags.iter().map(|tag| blank(tag)).collect()
}

fn removal_1993(removal: &Removal) -> Node {
    Node::Group(
        "removal_1993",
        vec![
            Node::leaf("E69_removal_date", Some(date(removal.removed_on))),
            Node::leaf("E153_exit_date", removal.exit.map(|e| date(e.exited_on))),
            Node::leaf(
                "E155_exit_reason",
                Some(
                    removal
                        .exit
                        .map_or(EXIT_NOT_APPLICABLE, |e| e.reason.code()),
                ),
            ),
        ],
    )
}

fn removal_2020(removal: &Removal) -> Node {
    let mut nodes = vec![
        Node::leaf("E69_removal_date", Some(date(removal.removed_on))),
        Node::leaf(
            "E70_removal_transaction_date",
            Some(date(removal.transaction_on)),
        ),
        Node::leaf("E71_removal_environment", Some(removal.environment.code())),
        Node::leaf(
            "E3_local_agency",
            removal.local_agency.map(|c| format!("{c:05}")),
        ),
    ];
    nodes.extend(CIRCUMSTANCE_TAGS.iter().map(|(circumstance, tag)| {
        Node::leaf(
            tag,
            Some(flag(removal.circumstances.contains(circumstance))),
        )
    }));
    nodes.push(Node::Group(
        "E112_E146_living_arrangements",
        removal
            .living_arrangements
            .iter()
            .map(living_arrangement)
            .collect(),
    ));
    nodes.push(Node::Group(
        "E147_E148_permanency_plans",
        removal
            .plans
            .iter()
            .map(|(on, plan)| {
                Node::Group(
                    "permanency_plan",
                    vec![
                        Node::leaf("E147_permanency_plan_date", Some(date(*on))),
                        Node::leaf("E148_permanency_plan_type", Some(plan.code())),
                    ],
                )
            })
            .collect(),
    ));
    nodes.push(Node::Group(
        "E149_periodic_reviews",
        dates("E149_periodic_review_date", &removal.reviews),
    ));
    nodes.push(Node::Group(
        "E150_permanency_hearings",
        dates("E150_permanency_hearing_date", &removal.hearings),
    ));
    nodes.push(Node::Group(
        "E151_E152_case_worker_visits",
        removal
            .visits
            .iter()
            .map(|(on, location)| {
                Node::Group(
                    "case_worker_visit",
                    vec![
                        Node::leaf("E151_case_worker_visit_date", Some(date(*on))),
                        Node::leaf("E152_case_worker_visit_location", Some(location.code())),
                    ],
                )
            })
            .collect(),
    ));
    nodes.extend(exit(removal.exit.as_ref()));
    Node::Group("removal_2020", nodes)
}

fn dates(tag: &'static str, dates: &[NaiveDate]) -> Vec<Node> {
    dates
        .iter()
        .map(|on| Node::leaf(tag, Some(date(*on))))
        .collect()
}

fn living_arrangement(arrangement: &LivingArrangement) -> Node {
    let home_types = match &arrangement.setting {
        PlacementSetting::FosterFamilyHome { home_types } => Some(home_types),
        PlacementSetting::Other { .. } => None,
    };
    let mut home = Vec::new();
    if let Some(types) = home_types {
        use kinlog_domain::case::codes::FosterHomeType::*;
        for (kind, tag) in [
            (Licensed, "E114_licensed_home"),
            (Therapeutic, "E115_therapeutic_home"),
            (Shelter, "E116_shelter_care_home"),
            (Relative, "E117_relative_foster_family"),
            (PreAdoptive, "E118_pre_adopt_home"),
            (Kin, "E119_kin_foster_family"),
        ] {
            home.push(Node::leaf(tag, Some(flag(types.contains(&kind)))));
        }
        // Foster parents' details (1355.44(e)(7)–(18)) live on the provider, which
        // kinlog does not yet carry into the file.
        home.push(Node::Group("E123_E146_foster_parent_information", vec![]));
    }
    let other = match &arrangement.setting {
        PlacementSetting::Other { setting } => Some(setting.code()),
        PlacementSetting::FosterFamilyHome { .. } => None,
    };
    let jurisdiction = match &arrangement.location {
        PlacementLocation::OutOfState { jurisdiction }
        | PlacementLocation::OutOfCountry { jurisdiction } => Some(jurisdiction.as_str()),
        PlacementLocation::InState | PlacementLocation::RunawayOrWhereaboutsUnknown => None,
    };
    Node::Group(
        "living_arrangement",
        vec![
            Node::leaf(
                "E112_date_living_arrangement",
                Some(date(arrangement.started_on)),
            ),
            Node::leaf("E113_foster_family_home", Some(flag(home_types.is_some()))),
            Node::Group("E114_E146_foster_family_home_type", home),
            Node::leaf("E120_other_living_arrangement_type", other),
            Node::leaf(
                "E121_location_of_living_arrangement",
                Some(arrangement.location.code()),
            ),
            Node::leaf("E122_jurisdiction_or_country", jurisdiction),
        ],
    )
}

fn exit(exit: Option<&Exit>) -> Vec<Node> {
    let code = exit.map_or(EXIT_NOT_APPLICABLE, |e| e.reason.code());
    let mut nodes = vec![
        Node::leaf("E153_exit_date", exit.map(|e| date(e.exited_on))),
        Node::leaf(
            "E154_exit_transaction_date",
            exit.map(|e| date(e.transaction_on)),
        ),
        Node::leaf("E155_exit_reason", Some(code)),
        Node::leaf(
            "E156_transfer_to_another_agency",
            exit.and_then(|e| e.reason.receiving_agency())
                .map(|a| a.code()),
        ),
    ];
    // Section (h) applies only to an exit to adoption or guardianship (1355.44(h)).
    let permanency = exit.filter(|_| matches!(code, 3 | 5));
    nodes.push(Node::Group(
        "E157_E186_adoptive_parents_information",
        permanency
            .map(|e| {
                let mut section = blanks(&[
                    "E157_marital_status_of_adoptive_parents",
                    "E158_relationship_to_adoptive_parents_relative",
                    "E159_relationship_to_adoptive_parents_kin",
                    "E160_relationship_to_adoptive_parents_non_relative",
                    "E161_relationship_to_adoptive_parents_foster_parent",
                    "E162_E172_first_adoptive_parent_information",
                    "E173_E183_second_adoptive_parent_information",
                    "E184_inter_intrajurisdictional_adoption",
                ]);
                section.push(Node::leaf(
                    "E185_assistance_agreement_type",
                    e.agreement.map(|a| a.code()),
                ));
                section.push(blank("E186_siblings_in_adoptive_home"));
                section
            })
            .unwrap_or_default(),
    ));
    nodes
}

/// E72–E105 in element order with their tags.
pub(crate) const CIRCUMSTANCE_TAGS: [(RemovalCircumstance, &str); 34] = {
    use RemovalCircumstance::*;
    [
        (Runaway, "E72_runaway"),
        (WhereaboutsUnknown, "E73_whereabouts_unknown"),
        (PhysicalAbuse, "E74_physical_abuse"),
        (SexualAbuse, "E75_sexual_abuse"),
        (PsychologicalOrEmotionalAbuse, "E76_psychological_abuse"),
        (Neglect, "E77_neglect"),
        (MedicalNeglect, "E78_medical_neglect"),
        (DomesticViolence, "E79_domestic_violence"),
        (Abandonment, "E80_abandonment"),
        (FailureToReturn, "E81_failure_to_return"),
        (CaretakerAlcoholUse, "E82_caretaker_alcohol_use"),
        (CaretakerDrugUse, "E83_caretaker_drug_use"),
        (ChildAlcoholUse, "E84_child_alcohol_use"),
        (ChildDrugUse, "E85_child_drug_use"),
        (PrenatalAlcoholExposure, "E86_prenatal_alcohol_exposure"),
        (PrenatalDrugExposure, "E87_prenatal_drug_exposure"),
        (DiagnosedCondition, "E88_diagnosed_condition"),
        (
            InadequateAccessToMentalHealthServices,
            "E89_inadequate_access_to_mental_health",
        ),
        (
            InadequateAccessToMedicalServices,
            "E90_inadequate_access_to_medical_service",
        ),
        (ChildBehaviorProblem, "E91_child_behavior_problem"),
        (DeathOfCaretaker, "E92_death_of_caretaker"),
        (IncarcerationOfCaretaker, "E93_incarceration_of_caretaker"),
        (
            CaretakerPhysicalOrEmotionalImpairment,
            "E94_caretaker_impairment_physical_emotional",
        ),
        (
            CaretakerCognitiveImpairment,
            "E95_caretaker_impairment_cognitive",
        ),
        (InadequateHousing, "E96_inadequate_housing"),
        (VoluntaryRelinquishmentForAdoption, "E97_voluntary_adoption"),
        (ChildRequestedPlacement, "E98_child_requested_placement"),
        (SexTrafficking, "E99_sex_trafficking"),
        (
            ParentalImmigrationDetainmentOrDeportation,
            "E100_parental_immigration_detainment_deportation",
        ),
        (
            FamilyConflictOverSexualOrientationOrGender,
            "E101_family_conflict_gender_orientation",
        ),
        (EducationalNeglect, "E102_educational_neglect"),
        (
            PublicAgencyTitleIveAgreement,
            "E103_public_agency_title_iv_agreement",
        ),
        (TribalTitleIveAgreement, "E104_tribal_agreement"),
        (Homelessness, "E105_homelessness"),
    ]
};

/// 1355.44(a)(1)–(4) and (b)(1)–(2): held to 100%.
const KEY_ELEMENTS: &[&str] = &["E3", "E4", "E5", "E6"];

/// Record-level elements kinlog writes blank because it does not record them yet: every
/// record they apply to counts as missing, so the report shows what the state must add.
const NOT_RECORDED: &[&str] = &[
    "E10_icwa",
    "E22_health_assessment",
    "E23_health_conditions",
    "E35_school_enrollment",
    "E36_school_highest_completed",
    "E37_school_special_education",
    "E38_pregnant",
    "E39_fathered_or_bore_child",
    "E41_prior_adoption",
    "E44_prior_guardianship",
    "E46_support_assistance",
    "E55_foster_care_payment",
    "E56_total_siblings",
    "E59_first_parent_birth_year",
    "E106_prior_victim_sex_trafficking",
    "E109_victim_sex_trafficking",
];

pub(crate) fn compliance(
    period: crate::federal::ReportPeriod,
    children: &[&OohChild],
) -> super::Compliance {
    use super::compliance::{circumstance_errors, element_of, Checker, ErrorKind::*};
    let mut checker = Checker::new(KEY_ELEMENTS);
    for child in children {
        let d = &child.demographics;
        let adult_before_period = d
            .born_on
            .is_some_and(|born| crate::federal::dates::birthday(born, 18) < period.first_day());
        if adult_before_period {
            checker.exempt();
            continue;
        }
        let mut check = checker.record(&child.record_number);
        check.applies("E4");
        if child.record_number.is_empty() {
            check.error("E4", Missing, "blank");
        }
        check.required("E5", d.born_on);
        if d.born_on.is_some_and(|born| born > period.last_day()) {
            check.error("E5", Invalid, "born after the period");
        }
        check.required("E6", d.sex);
        check.required("E7", child.icwa_inquired);
        check.required("E8", child.tribal_member);
        for (_, tag) in [(); 8].iter().zip(RACE_TAGS) {
            check.required(element_of(tag), d.race.as_ref());
        }
        check.required("E21", d.hispanic);
        for tag in NOT_RECORDED {
            check.required::<()>(element_of(tag), None);
        }
        for removal in child.removals.iter().filter(|r| !is_1993_episode(r)) {
            check.required("E3", removal.local_agency);
            check.applies("E69");
            check.applies("E71");
            check.timeliness("E70", removal.removed_on, removal.transaction_on);
            for (_, tag) in CIRCUMSTANCE_TAGS {
                check.applies(element_of(tag));
            }
            for (circumstances, reason) in circumstance_errors(&removal.circumstances) {
                for circumstance in circumstances {
                    check.error(element_number(circumstance), Inconsistent, reason);
                }
            }
            if removal.living_arrangements.is_empty() {
                check.error("E112", Missing, "an episode without a living arrangement");
            }
            for arrangement in &removal.living_arrangements {
                check.applies("E112");
                check.applies("E120");
                check.applies("E121");
                if arrangement.started_on < removal.removed_on {
                    check.error(
                        "E112",
                        Inconsistent,
                        "a living arrangement before the removal",
                    );
                }
                let absent = arrangement.setting.is_absence();
                let located_absent = matches!(
                    arrangement.location,
                    PlacementLocation::RunawayOrWhereaboutsUnknown
                );
                if absent != located_absent {
                    let reason =
                        "runaway or whereabouts unknown (E120 12, 13) goes with location 4";
                    check.error("E120", Inconsistent, reason);
                    check.error("E121", Inconsistent, reason);
                }
            }
            check.applies("E155");
            if let Some(exit) = &removal.exit {
                check.applies("E153");
                if exit.exited_on < removal.removed_on {
                    check.error("E153", Inconsistent, "the exit is before the removal");
                    check.error("E69", Inconsistent, "the exit is before the removal");
                }
                if exit.exited_on > period.last_day() {
                    check.error("E153", Invalid, "the exit is after the period");
                }
                check.timeliness("E154", exit.exited_on, exit.transaction_on);
                if matches!(exit.reason.code(), 3 | 5) {
                    check.required("E185", exit.agreement);
                }
            }
        }
        check.done();
    }
    checker.finish()
}

/// The element number of a removal circumstance (E72–E105).
fn element_number(circumstance: RemovalCircumstance) -> &'static str {
    CIRCUMSTANCE_TAGS
        .iter()
        .find(|(c, _)| *c == circumstance)
        .map(|(_, tag)| super::compliance::element_of(tag))
        .unwrap_or("E72")
}
