//! AFCARS 2020 (45 CFR 1355.41–.47): the out-of-home care file and the adoption and
//! guardianship assistance file for a six-month period, in the XML of ACF's AFCARS XML
//! Editor, each with its compliance computed as 1355.46 does before submission.
mod assistance;
mod compliance;
mod facts;
mod node;
mod ooh;
#[cfg(test)]
mod tests;

pub use compliance::{Compliance, ElementCompliance, ErrorKind, Finding, TARDY_AFTER_DAYS};
pub use facts::{AfcarsInputs, AssistedChild, Exit, Header, LivingArrangement, OohChild, Removal};

use crate::Error;

/// A written file and its compliance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AfcarsFile {
    pub xml: Vec<u8>,
    pub compliance: Compliance,
}

/// The out-of-home care file: one record per child, in record-number order.
pub fn ooh_file(header: &Header, children: &[OohChild]) -> Result<AfcarsFile, Error> {
    check_header(header)?;
    let mut children: Vec<&OohChild> = children.iter().collect();
    children.sort_by(|a, b| a.record_number.cmp(&b.record_number));
    unique(
        children.iter().map(|c| c.record_number.as_str()),
        "E4_child_record_number",
    )?;
    // The file and its checks read the same records and nothing else: at national scale
    // each takes seconds, so they run side by side.
    let (xml, compliance) = std::thread::scope(|scope| {
        let compliance = scope.spawn(|| ooh::compliance(header.period, &children));
        let xml = node::file(
            "schema_ooh.xsd",
            header_nodes(header, "E1_title_iv_agency", "E2_report_date"),
            children.iter().map(|child| ooh::record(child)),
        );
        let compliance = compliance
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (xml, compliance)
    });
    Ok(AfcarsFile { xml, compliance })
}

/// The assistance file: one record per child with a title IV-E adoption or guardianship
/// assistance agreement in effect during the period, in record-number order.
pub fn assistance_file(header: &Header, children: &[AssistedChild]) -> Result<AfcarsFile, Error> {
    check_header(header)?;
    let mut children: Vec<&AssistedChild> = children.iter().collect();
    children.sort_by(|a, b| a.record_number.cmp(&b.record_number));
    unique(
        children.iter().map(|c| c.record_number.as_str()),
        "A3_child_record_number",
    )?;
    Ok(AfcarsFile {
        xml: node::file(
            "schema_assistance.xsd",
            header_nodes(header, "A1_title_iv_agency", "A2_report_date"),
            children
                .iter()
                .map(|child| assistance::record(header.period, child)),
        ),
        compliance: assistance::compliance(header.period, &children),
    })
}

/// The header elements are never written invalid, so they never carry an error.
fn check_header(header: &Header) -> Result<(), Error> {
    if !(1..=78).contains(&header.state_fips) {
        return Err(Error::ReportInput {
            field: "E1_title_iv_agency",
            reason: "a state FIPS code is 01 to 78",
        });
    }
    Ok(())
}

fn header_nodes(header: &Header, agency: &'static str, date: &'static str) -> [node::Node; 2] {
    [
        node::Node::leaf(agency, Some(format!("{:02}", header.state_fips))),
        node::Node::leaf(date, Some(header.period.report_date())),
    ]
}

/// One record per child (1355.43(b)).
fn unique<'a>(sorted: impl Iterator<Item = &'a str>, field: &'static str) -> Result<(), Error> {
    let mut previous = None;
    for number in sorted {
        if previous == Some(number) {
            return Err(Error::ReportInput {
                field,
                reason: "one record per child per file (1355.43(b))",
            });
        }
        previous = Some(number);
    }
    Ok(())
}
