//! The Child File: one record per child per report whose disposition fell in the fiscal
//! year. A report is disposed when every allegation has a finding; its disposition date
//! (RPTDISDT) is the latest finding's date, and its disposition (RPTDISP) the most
//! serious finding on any child. Each child gets up to four maltreatments (the most
//! serious finding per type, most serious first) and up to three perpetrators.

use chrono::NaiveDate;
use kinlog_domain::case::codes::MaltreatmentDisposition;
use kinlog_domain::PersonId;

use super::facts::{Allegation, Report, ReportChild, Submission};
use super::layout;
use super::record::RecordBuilder;
use crate::federal::dates::fiscal_year;
use crate::Error;

/// The file and what was checked while writing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildFile {
    /// The records, one per line, each ending in a newline.
    pub bytes: Vec<u8>,
    /// The same records, in file order.
    pub records: Vec<ChildRecord>,
    /// Problems a reviewer must see before submission.
    pub findings: Vec<Finding>,
}

/// One child on one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildRecord {
    pub report_id: String,
    pub child_id: String,
    pub child: PersonId,
    /// Whether the child is a victim on this report (a finding of 1, 2 or 3, or a
    /// maltreatment death).
    pub is_victim: bool,
    /// The record's line, without its newline: a few hundred bytes, where the values by
    /// name took kilobytes, which at national scale is gigabytes.
    pub(super) line: String,
}

/// The data-quality checks the CFSR data profile ran on the Child File: at least 95% of
/// victims have a perpetrator with a relationship, and a child removed into foster care
/// carries an AFCARS ID (spec, "Validation" [C]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quality {
    pub victims: u64,
    pub victims_with_perpetrator: u64,
    /// At least 95% of victims (or no victims at all).
    pub perpetrators_met: bool,
    /// Records of children removed into foster care without an AFCARS ID.
    pub removed_without_afcars_id: u64,
}

impl ChildFile {
    /// The profile checks over the whole file.
    pub fn quality(&self) -> Quality {
        let victims = self.records.iter().filter(|r| r.is_victim);
        let (mut count, mut with_perpetrator) = (0, 0);
        for record in victims {
            count += 1;
            if record.field("PER1ID").is_some() && record.field("PER1REL").is_some() {
                with_perpetrator += 1;
            }
        }
        let removed_without_afcars_id = self
            .records
            .iter()
            .filter(|r| r.field("FOSTERCR") == Some("1") && r.field("AFCARSID").is_none())
            .count() as u64;
        Quality {
            victims: count,
            victims_with_perpetrator: with_perpetrator,
            perpetrators_met: with_perpetrator * 100 >= count * 95,
            removed_without_afcars_id,
        }
    }
}

impl ChildRecord {
    /// A field's value as written, or `None` when blank.
    pub fn field(&self, name: &str) -> Option<&str> {
        let (offset, width) = layout::position(name)?;
        let value = self.line.get(offset..offset + width)?.trim_end();
        (!value.is_empty()).then_some(value)
    }
}

/// A record that fails a check, naming the field and the reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    pub report_id: String,
    pub child_id: String,
    pub field: &'static str,
    pub problem: &'static str,
}

pub(super) const MAX_MALTREATMENTS: usize = 4;
pub(super) const MAX_PERPETRATORS: usize = 3;

/// Writes the Child File for `submission` from `reports`.
pub fn child_file(submission: &Submission, reports: &[Report]) -> Result<ChildFile, Error> {
    check_submission(submission)?;
    let mut records = Vec::new();
    let mut findings = Vec::new();
    for report in reports {
        let Some(disposed_on) = disposition_date(report) else {
            continue;
        };
        if fiscal_year(disposed_on) != submission.fiscal_year {
            continue;
        }
        let mut children: Vec<&ReportChild> = report.children.iter().collect();
        children.sort_by(|a, b| a.child_id.cmp(&b.child_id));
        for child in children {
            let allegations: Vec<&Allegation> = report
                .allegations
                .iter()
                .filter(|a| a.victim == child.child)
                .collect();
            if allegations.is_empty() {
                continue;
            }
            let record = RecordBuilder::new(submission, report, child, disposed_on, &mut findings)
                .build(&allegations)?;
            records.push(record);
        }
    }
    records.sort_by(|a, b| (&a.report_id, &a.child_id).cmp(&(&b.report_id, &b.child_id)));
    let mut bytes = Vec::with_capacity(records.len() * (layout::record_length() + 1));
    for record in &records {
        bytes.extend_from_slice(record.line.as_bytes());
        bytes.push(b'\n');
    }
    Ok(ChildFile {
        bytes,
        records,
        findings,
    })
}

fn check_submission(submission: &Submission) -> Result<(), Error> {
    if submission.state.len() != 2 || !submission.state.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(Error::ReportInput {
            field: "STATERR",
            reason: "a state is its two-letter postal abbreviation in capitals",
        });
    }
    if !(1000..=9999).contains(&submission.fiscal_year) {
        return Err(Error::ReportInput {
            field: "SUBYR",
            reason: "a fiscal year has four digits",
        });
    }
    Ok(())
}

/// The latest finding's date, or `None` while any allegation is undisposed.
fn disposition_date(report: &Report) -> Option<NaiveDate> {
    if report.allegations.is_empty() {
        return None;
    }
    report
        .allegations
        .iter()
        .map(|a| a.disposition.map(|(_, on)| on))
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .max()
}

/// Lower is more serious: the codes 1–7 are in order of seriousness, then other, unknown.
pub(super) fn seriousness(disposition: MaltreatmentDisposition) -> u8 {
    match disposition {
        MaltreatmentDisposition::Other => 8,
        MaltreatmentDisposition::Unknown => 9,
        finding => finding.code(),
    }
}

pub(super) fn most_serious(
    findings: impl Iterator<Item = MaltreatmentDisposition>,
) -> Option<MaltreatmentDisposition> {
    findings.min_by_key(|d| seriousness(*d))
}
