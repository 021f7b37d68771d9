//! The facts one youth contributes to a NYTD file for a six-month period, gathered from
//! the youth's person stream (services, surveys, demographics) and custody episodes.
use std::collections::BTreeSet;

use chrono::{Months, NaiveDate};
use kinlog_domain::person::youth::{
    IndependentLivingService, OutcomeAnswers, ParticipationStatus, SurveyPopulation,
};
use kinlog_domain::person::GradeLevel;

use crate::federal::Demographics;
use crate::Error;

/// A NYTD report period, 45 CFR 1356.83(a): "A" is 1 October – 31 March, "B" is
/// 1 April – 30 September, of the named federal fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportPeriod {
    pub fiscal_year: i32,
    pub second_half: bool,
}

impl ReportPeriod {
    /// Parses `2026A` or `2026B`.
    pub fn parse(text: &str) -> Result<ReportPeriod, Error> {
        let invalid = || Error::ReportInput {
            field: "period",
            reason: "a NYTD period is a four-digit fiscal year and A or B, e.g. 2026B",
        };
        let (year, half) = text.split_at_checked(4).ok_or_else(invalid)?;
        if !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let fiscal_year: i32 = year.parse().map_err(|_| invalid())?;
        let second_half = match half {
            "A" => false,
            "B" => true,
            _ => return Err(invalid()),
        };
        Ok(ReportPeriod {
            fiscal_year,
            second_half,
        })
    }

    /// The first day.
    pub fn starts_on(&self) -> NaiveDate {
        let (year, month) = if self.second_half {
            (self.fiscal_year, 4)
        } else {
            (self.fiscal_year - 1, 10)
        };
        NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day.
    pub fn ends_on(&self) -> NaiveDate {
        self.starts_on()
            .checked_add_months(Months::new(6))
            .and_then(|next| next.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }

    /// Element 2, the report date: the year and month the period ends (YYYYMM).
    pub fn report_date(&self) -> String {
        self.ends_on().format("%Y%m").to_string()
    }
}

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
