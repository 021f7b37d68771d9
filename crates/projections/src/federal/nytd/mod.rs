//! NYTD: the data file for a six-month report period (45 CFR 1356.83) with the served
//! population (elements 1–33) and the baseline and follow-up populations with the
//! outcome survey (34–58), in the XML of ACF's portal, and the compliance standards of
//! 1356.85 computed before submission.
mod compliance;
mod elements;
mod facts;
#[cfg(test)]
mod tests;
mod xml;

pub use compliance::{Compliance, ElementCompliance, Finding, Participation, Standard};
pub use facts::{FileCategory, Header, Served, Survey, Youth};

use crate::Error;

/// The file and its compliance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NytdFile {
    pub xml: Vec<u8>,
    pub compliance: Compliance,
}

/// Writes the file for `header.period` from `youths` (one record each, in record-number
/// order). `follow_ups_due` names the baseline participants whose follow-up falls in the
/// period, for the outcomes-universe check.
pub fn nytd_file(
    header: &Header,
    youths: &[Youth],
    follow_ups_due: &[String],
) -> Result<NytdFile, Error> {
    if !(1..=78).contains(&header.state_fips) {
        return Err(Error::ReportInput {
            field: "E1_state",
            reason: "a state FIPS code is 01 to 78",
        });
    }
    let mut youths: Vec<Youth> = youths.to_vec();
    youths.sort_by(|a, b| a.record_number.cmp(&b.record_number));
    if youths
        .windows(2)
        .any(|pair| pair[0].record_number == pair[1].record_number)
    {
        return Err(Error::ReportInput {
            field: "E3_record_number",
            reason: "one record per youth per period (1356.83(a))",
        });
    }
    let records: Vec<_> = youths.iter().map(elements::record_elements).collect();
    let compliance = compliance::check(header.period, &youths, &records, follow_ups_due);
    Ok(NytdFile {
        xml: xml::write(header, &records).into_bytes(),
        compliance,
    })
}

/// The record numbers of baseline participants in `youths`: the youth owed a follow-up
/// survey at 19 and 21 (1356.81(c)). A participant answered at least one of elements
/// 37–58 with something other than declined or not applicable.
pub fn baseline_participants(youths: &[Youth]) -> Vec<String> {
    youths
        .iter()
        .filter(|youth| {
            youth.survey.as_ref().is_some_and(|s| {
                s.population == kinlog_domain::person::youth::SurveyPopulation::BaselineAt17
                    && s.status == kinlog_domain::person::youth::ParticipationStatus::Participated
                    && s.answers.is_some_and(|a| a.has_valid_response())
            })
        })
        .map(|youth| youth.record_number.clone())
        .collect()
}
