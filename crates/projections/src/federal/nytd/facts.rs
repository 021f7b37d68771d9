//! The facts one youth contributes to a NYTD file for a six-month period, gathered from
//! the youth's person stream (services, surveys, demographics) and custody episodes.
use std::collections::BTreeSet;

use chrono::NaiveDate;
use kinlog_domain::person::youth::{
    IndependentLivingService, OutcomeAnswers, ParticipationStatus, SurveyPopulation,
};
use kinlog_domain::person::GradeLevel;

use crate::federal::{Demographics, ReportPeriod};

/// The file's header: whose file, which kind, when written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// `file_id`.
    pub file_id: String,
    /// Element 1: the state's two-digit FIPS code.
    pub state_fips: u8,
    pub period: ReportPeriod,
    pub category: FileCategory,
    /// `file_generation_date`: passed in, never read from the clock.
    pub generated_on: NaiveDate,
}

/// `file_category`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileCategory {
    Regular,
    Corrected,
    Subsequent,
    Test,
}

impl FileCategory {
    pub(crate) fn value(self) -> &'static str {
        match self {
            FileCategory::Regular => "regular",
            FileCategory::Corrected => "corrected",
            FileCategory::Subsequent => "subsequent",
            FileCategory::Test => "test",
        }
    }
}

/// One youth's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Youth {
    /// Element 3.
    pub record_number: String,
    /// The AFCARS record number (E4 there), when the youth was ever in foster care:
    /// element 3 must equal it (1356.83(g)(3)).
    pub afcars_record_number: Option<String>,
    /// Elements 4–13.
    pub demographics: Demographics,
    /// Elements 14–33, when the youth was served in the period.
    pub served: Option<Served>,
    /// Elements 34–58, when the youth is in the baseline or follow-up population.
    pub survey: Option<Survey>,
}

/// The served population's elements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    /// 14: in foster care on the day a service was received.
    pub in_foster_care: bool,
    /// 15: the county FIPS code (5 digits) or "centralized unit".
    pub local_agency: Option<String>,
    /// 16.
    pub federally_recognized_tribe: Option<bool>,
    /// 17.
    pub adjudicated_delinquent: Option<bool>,
    /// 18.
    pub education_level: Option<GradeLevel>,
    /// 19.
    pub special_education: Option<bool>,
    /// 20–33: the services received in the period.
    pub services: BTreeSet<IndependentLivingService>,
}

/// The baseline or follow-up elements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Survey {
    pub population: SurveyPopulation,
    /// 34.
    pub status: ParticipationStatus,
    /// 35: the date the outcome information was collected or, for a youth who did not
    /// take part, the date the status in 34 was determined. [R: from memory of
    /// 1356.83(g)(35) and NYTD Technical Bulletin #1; the regulation text was not
    /// retrieved.] Required whenever 34 is reported.
    pub collected_on: Option<NaiveDate>,
    /// 36: in foster care on the day of collection (or, without one, the day the
    /// status was determined).
    pub in_foster_care: bool,
    /// 37–58, when the youth participated.
    pub answers: Option<OutcomeAnswers>,
}
