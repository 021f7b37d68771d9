//! The NYTD compliance standards, 45 CFR 1356.85, computed on the file before it is
//! submitted:
//! - file standard: elements 1–5, 14 and 36 are 100% error-free;
//! - data standard: elements 6–13, 15–35 and 37–58 are at least 90% error-free;
//! - outcomes universe: every baseline participant due a follow-up has a record with
//!   element 34;
//! - participation: of follow-up youth, leaving out those who died, are incarcerated or
//!   incapacitated, 80% of those in foster care and 60% of those discharged took part.
//!
//! Errors are missing (the element applies and is blank), out of range and internally
//! inconsistent values. Elements 1 and 2 are header values the generator refuses to
//! write invalid, so they never carry an error and are not listed. Participation is a
//! fiscal-year measure; on a six-month file it shows the file's own share.
use std::collections::{BTreeMap, BTreeSet};

use kinlog_domain::person::youth::{ParticipationStatus, SurveyPopulation};

use super::elements::RecordElements;
use super::facts::Youth;
use crate::federal::ReportPeriod;

/// Which standard an element is held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Standard {
    /// 100% error-free, or the file fails the file standards (1356.85(a)).
    FileStandard,
    /// At least 90% error-free (1356.85(b)(1)).
    DataStandard,
}

impl Standard {
    fn of(element: u8) -> Standard {
        match element {
            1..=5 | 14 | 36 => Standard::FileStandard,
            _ => Standard::DataStandard,
        }
    }

    fn met(self, applicable: u64, errors: u64) -> bool {
        let error_free = applicable - errors;
        match self {
            Standard::FileStandard => errors == 0,
            Standard::DataStandard => error_free * 100 >= applicable * 90,
        }
    }
}

/// One element's error rate.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ElementCompliance {
    pub element: u8,
    pub standard: Standard,
    /// Records the element applies to.
    pub applicable: u64,
    /// Records with an error in it.
    pub errors: u64,
    pub met: bool,
}

/// A record's error in an element.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    pub record_number: String,
    pub element: u8,
    pub problem: &'static str,
}

/// A participation rate.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Participation {
    pub participated: u64,
    pub universe: u64,
    /// The percentage required.
    pub required_percent: u64,
    pub met: bool,
}

impl Participation {
    fn new(required_percent: u64) -> Participation {
        Participation {
            participated: 0,
            universe: 0,
            required_percent,
            met: true,
        }
    }

    fn count(&mut self, participated: bool) {
        self.universe += 1;
        self.participated += u64::from(participated);
        self.met = self.participated * 100 >= self.universe * self.required_percent;
    }
}

/// Everything the checks found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Compliance {
    pub elements: Vec<ElementCompliance>,
    pub findings: Vec<Finding>,
    /// Baseline participants due a follow-up with no element 34 in the file.
    pub outcomes_universe_missing: Vec<String>,
    pub participation_in_foster_care: Participation,
    pub participation_discharged: Participation,
}

impl Compliance {
    /// Whether every standard is met.
    pub fn is_compliant(&self) -> bool {
        self.elements.iter().all(|e| e.met)
            && self.outcomes_universe_missing.is_empty()
            && self.participation_in_foster_care.met
            && self.participation_discharged.met
    }

    /// The element's rate, when some record carries it.
    pub fn element(&self, element: u8) -> Option<&ElementCompliance> {
        self.elements.iter().find(|e| e.element == element)
    }
}

pub(crate) fn check(
    period: ReportPeriod,
    youths: &[Youth],
    records: &[RecordElements],
    follow_ups_due: &[String],
) -> Compliance {
    let mut findings = Vec::new();
    let mut applicable: BTreeMap<u8, u64> = BTreeMap::new();
    for (youth, record) in youths.iter().zip(records) {
        for element in record.all().filter(|e| e.applies) {
            *applicable.entry(element.number).or_insert(0) += 1;
            if element.value.is_none() {
                findings.push(finding(youth, element.number, "missing"));
            }
        }
        inconsistencies(period, youth, &mut findings);
    }
    let mut in_error: BTreeMap<u8, BTreeSet<&str>> = BTreeMap::new();
    for finding in &findings {
        in_error
            .entry(finding.element)
            .or_default()
            .insert(finding.record_number.as_str());
    }
    let elements = applicable
        .iter()
        .map(|(&element, &applicable)| {
            let errors = in_error.get(&element).map_or(0, |set| set.len() as u64);
            let standard = Standard::of(element);
            ElementCompliance {
                element,
                standard,
                applicable,
                errors,
                met: standard.met(applicable, errors),
            }
        })
        .collect();
    let reported: BTreeSet<&str> = youths
        .iter()
        .filter(|y| y.survey.is_some())
        .map(|y| y.record_number.as_str())
        .collect();
    let outcomes_universe_missing = follow_ups_due
        .iter()
        .filter(|due| !reported.contains(due.as_str()))
        .cloned()
        .collect();
    let mut in_care = Participation::new(80);
    let mut discharged = Participation::new(60);
    for survey in youths.iter().filter_map(|y| y.survey.as_ref()) {
        let follow_up = matches!(
            survey.population,
            SurveyPopulation::FollowUpAt19 | SurveyPopulation::FollowUpAt21
        );
        let excused = matches!(
            survey.status,
            ParticipationStatus::Deceased
                | ParticipationStatus::Incarcerated
                | ParticipationStatus::Incapacitated
        );
        if !follow_up || excused {
            continue;
        }
        let participated = survey.status == ParticipationStatus::Participated
            && survey.answers.is_some_and(|a| a.has_valid_response());
        if survey.in_foster_care {
            in_care.count(participated);
        } else {
            discharged.count(participated);
        }
    }
    Compliance {
        elements,
        findings,
        outcomes_universe_missing,
        participation_in_foster_care: in_care,
        participation_discharged: discharged,
    }
}

fn finding(youth: &Youth, element: u8, problem: &'static str) -> Finding {
    Finding {
        record_number: youth.record_number.clone(),
        element,
        problem,
    }
}

/// Out-of-range and inconsistent values.
fn inconsistencies(period: ReportPeriod, youth: &Youth, findings: &mut Vec<Finding>) {
    let record = &youth.record_number;
    if record.is_empty() || record.len() > 12 || !record.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        findings.push(finding(
            youth,
            3,
            "a record number is 1 to 12 letters or digits",
        ));
    }
    if youth
        .afcars_record_number
        .as_ref()
        .is_some_and(|afcars| afcars != record)
    {
        findings.push(finding(
            youth,
            3,
            "differs from the youth's AFCARS record number (1356.83(g)(3))",
        ));
    }
    if youth
        .demographics
        .born_on
        .is_some_and(|born| born > period.last_day())
    {
        findings.push(finding(youth, 4, "born after the report period"));
    }
    if let Some(agency) = youth
        .served
        .as_ref()
        .and_then(|s| s.local_agency.as_deref())
    {
        let fips = agency.len() == 5 && agency.bytes().all(|b| b.is_ascii_digit());
        if !fips && agency != "centralized unit" {
            findings.push(finding(
                youth,
                15,
                "a five-digit county FIPS code or \"centralized unit\"",
            ));
        }
    }
    let Some(survey) = &youth.survey else { return };
    if let Some(collected) = survey.collected_on {
        if collected < period.first_day() || collected > period.last_day() {
            findings.push(finding(youth, 35, "collected outside the report period"));
        }
    }
    let participated = survey.status == ParticipationStatus::Participated;
    match (&survey.answers, participated) {
        (Some(answers), true) if !answers.has_valid_response() => findings.push(finding(
            youth,
            34,
            "participated, yet every answer is declined or not applicable",
        )),
        (Some(_), false) => findings.push(finding(
            youth,
            34,
            "survey answers for a youth who did not participate",
        )),
        _ => {}
    }
}
