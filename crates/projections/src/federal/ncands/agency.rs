//! The Agency File counts the log supports: screened-out referrals and the children in
//! them, the mean response time of the reports in the Child File, and maltreatment
//! deaths of children who have no Child File record this year. [R] The Agency File's
//! other parts (prevention recipients, workforce) are not recorded by kinlog and are
//! left for the state to fill in.
use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use kinlog_domain::PersonId;

use super::child_file::ChildFile;
use super::facts::Report;
use crate::federal::dates::fiscal_year;

/// A referral screened out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenedOutReferral {
    pub screened_on: NaiveDate,
    pub children: usize,
}

/// The Agency File counts for one fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AgencyCounts {
    pub screened_out_referrals: u64,
    pub children_in_screened_out_referrals: u64,
    /// Mean hours from report to the start of the response, over the Child File's
    /// reports with both; a report without a time counts from midnight. `None` with no
    /// such report.
    pub mean_response_hours: Option<u64>,
    /// Maltreatment deaths in the year of children without a Child File record.
    pub fatalities_not_in_child_file: u64,
}

/// Counts for `fiscal_year`, given the Child File already written for it.
pub fn agency_counts(
    year: i32,
    child_file: &ChildFile,
    reports: &[Report],
    screened_out: &[ScreenedOutReferral],
    maltreatment_deaths: &[(PersonId, NaiveDate)],
) -> AgencyCounts {
    let screened: Vec<_> = screened_out
        .iter()
        .filter(|r| fiscal_year(r.screened_on) == year)
        .collect();
    let in_file: BTreeSet<&str> = child_file
        .records
        .iter()
        .map(|r| r.report_id.as_str())
        .collect();
    let hours: Vec<i64> = reports
        .iter()
        .filter(|r| in_file.contains(r.report_id.as_str()))
        .filter_map(|r| {
            let started = r.response_started_on?;
            let from = at(r.reported_on, r.reported_at);
            let to = at(started, r.response_started_at);
            Some((to - from).num_hours().max(0))
        })
        .collect();
    let mean_response_hours = (!hours.is_empty()).then(|| {
        let total: i64 = hours.iter().sum();
        u64::try_from(total / hours.len() as i64).unwrap_or(0)
    });
    let children_in_file: BTreeSet<PersonId> = child_file.records.iter().map(|r| r.child).collect();
    AgencyCounts {
        screened_out_referrals: screened.len() as u64,
        children_in_screened_out_referrals: screened.iter().map(|r| r.children as u64).sum(),
        mean_response_hours,
        fatalities_not_in_child_file: maltreatment_deaths
            .iter()
            .filter(|(child, died)| fiscal_year(*died) == year && !children_in_file.contains(child))
            .count() as u64,
    }
}

fn at(date: NaiveDate, time: Option<NaiveTime>) -> NaiveDateTime {
    date.and_time(time.unwrap_or(NaiveTime::MIN))
}
