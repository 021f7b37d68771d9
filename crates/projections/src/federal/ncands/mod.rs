//! NCANDS: the Child File for a federal fiscal year in its fixed-position layout, and
//! the Agency File counts the log supports.
//!
//! Population (ACF Child File Codebook page, quoted in `specs/federal-reports.md`): one
//! record per child per screened-in report with a CPS response and a disposition during
//! the fiscal year. Victim (NDACAN's derivation): any maltreatment level 1, 2 or 3, or a
//! maltreatment death. Codes come from `kinlog_domain::case::codes`, which marks the
//! unverified ones [R].
mod agency;
mod child_file;
mod facts;
mod fields;
mod layout;
mod record;
#[cfg(test)]
mod tests;

pub use agency::{agency_counts, AgencyCounts, ScreenedOutReferral};
pub use child_file::{child_file, ChildFile, ChildRecord, Finding, Quality};
pub use facts::{
    Allegation, Assignment, Perpetrator, Report, ReportChild, RiskFactors, Submission,
};
