//! The facts one screened-in report contributes to the Child File, gathered from the case
//! stream (and the persons' streams for demographics) at the report run's log position.
use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveTime};
use kinlog_domain::case::codes::{
    CaregiverRiskFactor, ChildRiskFactor, CountyCode, MaltreatmentDisposition, MaltreatmentType,
    PerpetratorRelationship, ReportSource, ServiceType,
};
use kinlog_domain::PersonId;

use crate::federal::Demographics;

/// The submission: fiscal year and state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// SUBYR: the federal fiscal year, 1 October to 30 September.
    pub fiscal_year: i32,
    /// STATERR: the two-letter postal abbreviation.
    pub state: String,
}

/// A screened-in report with a CPS response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// RPTID: the report's encrypted identifier, up to 12 characters.
    pub report_id: String,
    /// RPTCNTY.
    pub county: CountyCode,
    /// RPTDT, RPTTM.
    pub reported_on: NaiveDate,
    pub reported_at: Option<NaiveTime>,
    /// INVDATE, INVSTRTM: the start of the CPS response.
    pub response_started_on: Option<NaiveDate>,
    pub response_started_at: Option<NaiveTime>,
    /// RPTSRC.
    pub source: ReportSource,
    /// Each alleged victim with the facts about them.
    pub children: Vec<ReportChild>,
    /// Every allegation of the report.
    pub allegations: Vec<Allegation>,
    /// Services the case referred the child or family to, with the referral date.
    pub services: Vec<(NaiveDate, ServiceType)>,
    /// Caseworker assignments, in the order recorded.
    pub assignments: Vec<Assignment>,
}

/// A caseworker (and supervisor) made responsible for the case (WRKRID, SUPRVID).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub assigned_on: NaiveDate,
    /// The worker's encrypted identifier.
    pub worker_id: String,
    pub supervisor_id: Option<String>,
}

/// An alleged victim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportChild {
    pub child: PersonId,
    /// CHID: the child's encrypted identifier, stable across reports.
    pub child_id: String,
    pub demographics: Demographics,
    /// AFCARSID, when the child has ever been in foster care.
    pub afcars_id: Option<String>,
    /// MALDEATH, DEATHDT.
    pub died_of_maltreatment_on: Option<NaiveDate>,
    /// CD* and FC*, when a risk assessment was recorded; `None` leaves them blank.
    pub risk_factors: Option<RiskFactors>,
    /// FOSTERCR, RMVDATE: a removal on or after the report date.
    pub removed_on: Option<NaiveDate>,
    /// JUVPET, PETDATE.
    pub petition_filed_on: Option<NaiveDate>,
    /// COCHREP.
    pub representative_appointed: bool,
}

/// Child and caregiver risk factors from an assessment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RiskFactors {
    pub child: BTreeSet<ChildRiskFactor>,
    pub caregiver: BTreeSet<CaregiverRiskFactor>,
}

/// One allegation with its standing finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allegation {
    pub victim: PersonId,
    pub maltreatment: MaltreatmentType,
    pub perpetrator: Option<Perpetrator>,
    pub incident_on: Option<NaiveDate>,
    /// The latest finding and its date; `None` while undisposed.
    pub disposition: Option<(MaltreatmentDisposition, NaiveDate)>,
}

/// An alleged perpetrator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Perpetrator {
    pub person: PersonId,
    /// PERnID: encrypted, stable across reports.
    pub perpetrator_id: String,
    pub relationship: PerpetratorRelationship,
    pub demographics: Demographics,
}
