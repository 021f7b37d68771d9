//! AFCARS compliance, 45 CFR 1355.46, computed on the files before they are sent:
//! - error types (1355.46(b)): missing, invalid, internally inconsistent (every element
//!   in a failed check counts), and tardy (a removal or exit transaction date more than
//!   30 days after the event);
//! - file standard (1355.46(c)(2)): the key elements, 1355.44(a)(1)–(4), (b)(1)–(2)
//!   and 1355.45(a), (b)(1)–(2), are 100% error-free;
//! - data quality (1355.46(c)(3)): any other element has errors in at most 10% of the
//!   records it applies to;
//! - exemptions (1355.46(a)): a child whose 18th birthday fell in an earlier period, and
//!   title IV-E guardianship records of the assistance file.
//!
//! A record counts once per element and error type, however many of its episodes err.
//! Cross-file errors need ACF's thresholds, which are not published; they are not
//! computed.
use std::collections::BTreeMap;

use chrono::NaiveDate;
use kinlog_domain::case::codes::RemovalCircumstance;
use serde::Serialize;

/// The most days a transaction date may follow its event (1355.46(b)(5)).
pub const TARDY_AFTER_DAYS: i64 = 30;
/// The data-quality threshold: errors in at most this share of applicable records.
const DATA_QUALITY_PERCENT: u64 = 10;

/// What is wrong with an element of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Missing,
    Invalid,
    Inconsistent,
    Tardy,
}

/// One element's error counts over the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ElementCompliance {
    pub element: &'static str,
    /// Held to 100% (the file standard) rather than the 10% data-quality limit.
    pub key: bool,
    /// Records the element applies to.
    pub applicable: u64,
    pub missing: u64,
    pub invalid: u64,
    pub inconsistent: u64,
    pub tardy: u64,
    /// Records with any error in the element.
    pub records_in_error: u64,
    /// The most records that may err: 0 for a key element, 10% otherwise.
    pub allowed: u64,
    pub met: bool,
}

/// One record's error in one element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub record_number: String,
    pub element: &'static str,
    pub error: ErrorKind,
    pub reason: &'static str,
}

/// A file's compliance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Compliance {
    pub records: u64,
    /// Records left out of the rates by 1355.46(a).
    pub exempt_records: u64,
    pub elements: Vec<ElementCompliance>,
    pub findings: Vec<Finding>,
    /// Whether the file meets the file standard and the data-quality limit.
    pub passes: bool,
}

/// Collects one file's errors record by record.
pub(crate) struct Checker {
    key_elements: &'static [&'static str],
    records: u64,
    exempt: u64,
    applicable: BTreeMap<&'static str, u64>,
    errors: BTreeMap<(&'static str, ErrorKind), u64>,
    in_error: BTreeMap<&'static str, u64>,
    findings: Vec<Finding>,
}

/// The errors of the record being checked.
pub(crate) struct RecordCheck<'a> {
    checker: &'a mut Checker,
    record_number: String,
    applies: std::collections::BTreeSet<&'static str>,
    errors: BTreeMap<(&'static str, ErrorKind), &'static str>,
}

impl Checker {
    pub(crate) fn new(key_elements: &'static [&'static str]) -> Checker {
        Checker {
            key_elements,
            records: 0,
            exempt: 0,
            applicable: BTreeMap::new(),
            errors: BTreeMap::new(),
            in_error: BTreeMap::new(),
            findings: Vec::new(),
        }
    }

    pub(crate) fn exempt(&mut self) {
        self.records += 1;
        self.exempt += 1;
    }

    pub(crate) fn record(&mut self, record_number: &str) -> RecordCheck<'_> {
        self.records += 1;
        RecordCheck {
            checker: self,
            record_number: record_number.to_owned(),
            applies: Default::default(),
            errors: BTreeMap::new(),
        }
    }

    pub(crate) fn finish(self) -> Compliance {
        let mut elements: Vec<ElementCompliance> = self
            .applicable
            .iter()
            .map(|(&element, &applicable)| {
                let count = |kind| self.errors.get(&(element, kind)).copied().unwrap_or(0);
                let key = self.key_elements.contains(&element);
                let records_in_error = self.in_error.get(element).copied().unwrap_or(0);
                let allowed = if key {
                    0
                } else {
                    applicable * DATA_QUALITY_PERCENT / 100
                };
                ElementCompliance {
                    element,
                    key,
                    applicable,
                    missing: count(ErrorKind::Missing),
                    invalid: count(ErrorKind::Invalid),
                    inconsistent: count(ErrorKind::Inconsistent),
                    tardy: count(ErrorKind::Tardy),
                    records_in_error,
                    allowed,
                    met: records_in_error <= allowed,
                }
            })
            .collect();
        elements.sort_by_key(|e| element_order(e.element));
        let passes = elements.iter().all(|e| e.met);
        Compliance {
            records: self.records,
            exempt_records: self.exempt,
            elements,
            findings: self.findings,
            passes,
        }
    }
}

impl RecordCheck<'_> {
    /// The element applies to this record.
    pub(crate) fn applies(&mut self, element: &'static str) {
        self.applies.insert(element);
    }

    /// The element applies and is blank.
    pub(crate) fn required<T>(&mut self, element: &'static str, value: Option<T>) {
        self.applies(element);
        if value.is_none() {
            self.error(element, ErrorKind::Missing, "blank");
        }
    }

    pub(crate) fn error(&mut self, element: &'static str, kind: ErrorKind, reason: &'static str) {
        self.applies(element);
        self.errors.entry((element, kind)).or_insert(reason);
    }

    /// A transaction date more than 30 days after its event.
    pub(crate) fn timeliness(
        &mut self,
        element: &'static str,
        event: NaiveDate,
        recorded: NaiveDate,
    ) {
        self.applies(element);
        if recorded < event {
            self.error(
                element,
                ErrorKind::Inconsistent,
                "the transaction date is before the event",
            );
        } else if (recorded - event).num_days() > TARDY_AFTER_DAYS {
            self.error(
                element,
                ErrorKind::Tardy,
                "recorded more than 30 days after the event",
            );
        }
    }
}

impl RecordCheck<'_> {
    /// Adds the record's errors to the file's counts.
    pub(crate) fn done(self) {
        for element in &self.applies {
            *self.checker.applicable.entry(element).or_default() += 1;
        }
        let mut erring = std::collections::BTreeSet::new();
        for (&(element, kind), &reason) in &self.errors {
            *self.checker.errors.entry((element, kind)).or_default() += 1;
            erring.insert(element);
            self.checker.findings.push(Finding {
                record_number: self.record_number.clone(),
                element,
                error: kind,
                reason,
            });
        }
        for element in erring {
            *self.checker.in_error.entry(element).or_default() += 1;
        }
    }
}

/// Elements sort by their number, not as text (E9 before E10).
fn element_order(element: &str) -> (char, u32) {
    let mut chars = element.chars();
    let letter = chars.next().unwrap_or(' ');
    (letter, chars.as_str().parse().unwrap_or(u32::MAX))
}

/// The element number of a tag: `E22_health_assessment` is E22.
pub(crate) fn element_of(tag: &'static str) -> &'static str {
    tag.split('_').next().unwrap_or(tag)
}

/// The removal circumstance checks of AFCARS-AXE (the editor's edits, not the CFR):
/// at least one circumstance; runaway and whereabouts unknown exclusive; at most one of
/// abandonment, failure to return and voluntary relinquishment.
pub(crate) fn circumstance_errors(
    circumstances: &std::collections::BTreeSet<RemovalCircumstance>,
) -> Vec<(Vec<RemovalCircumstance>, &'static str)> {
    use RemovalCircumstance::*;
    let mut errors = Vec::new();
    if circumstances.is_empty() {
        errors.push((
            super::ooh::CIRCUMSTANCE_TAGS
                .iter()
                .map(|(c, _)| *c)
                .collect(),
            "no removal circumstance applies",
        ));
    }
    if circumstances.contains(&Runaway) && circumstances.contains(&WhereaboutsUnknown) {
        errors.push((
            vec![Runaway, WhereaboutsUnknown],
            "runaway and whereabouts unknown both apply",
        ));
    }
    let exclusive: Vec<_> = [
        Abandonment,
        FailureToReturn,
        VoluntaryRelinquishmentForAdoption,
    ]
    .into_iter()
    .filter(|c| circumstances.contains(c))
    .collect();
    if exclusive.len() > 1 {
        errors.push((
            exclusive,
            "more than one of abandonment, failure to return and relinquishment",
        ));
    }
    errors
}
