//! The six-month federal report periods: 1 October to 31 March ("A") and 1 April to
//! 30 September ("B") of a federal fiscal year, for AFCARS (45 CFR 1355.43(a)) and NYTD
//! (45 CFR 1356.85(a)).
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use crate::Error;

/// Which half of the fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Half {
    /// 1 October (of the prior calendar year) to 31 March.
    A,
    /// 1 April to 30 September.
    B,
}

/// A six-month report period, written `2026A` or `2026B`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReportPeriod {
    pub fiscal_year: i32,
    pub half: Half,
}

impl ReportPeriod {
    pub fn first_day(self) -> NaiveDate {
        match self.half {
            Half::A => date(self.fiscal_year - 1, 10, 1),
            Half::B => date(self.fiscal_year, 4, 1),
        }
    }

    pub fn last_day(self) -> NaiveDate {
        match self.half {
            Half::A => date(self.fiscal_year, 3, 31),
            Half::B => date(self.fiscal_year, 9, 30),
        }
    }

    /// E2 / A2, 1355.44(a)(2): the report period's last month, `YYYYMM`.
    pub fn report_date(self) -> String {
        self.last_day().format("%Y%m").to_string()
    }

    /// Whether `on` falls in the period.
    pub fn contains(self, on: NaiveDate) -> bool {
        self.first_day() <= on && on <= self.last_day()
    }
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

impl FromStr for ReportPeriod {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        let invalid = || {
            Error::ReportInput {
            field: "period",
            reason: "a report period is a fiscal year and A (October-March) or B (April-September), as in 2026A",
        }
        };
        let (year, half) = text.split_at(text.len().saturating_sub(1));
        let half = match half {
            "A" | "a" => Half::A,
            "B" | "b" => Half::B,
            _ => return Err(invalid()),
        };
        let fiscal_year: i32 = year.parse().map_err(|_| invalid())?;
        if !(1995..=2200).contains(&fiscal_year) || year.len() != 4 {
            return Err(invalid());
        }
        Ok(ReportPeriod { fiscal_year, half })
    }
}

impl fmt::Display for ReportPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let half = match self.half {
            Half::A => 'A',
            Half::B => 'B',
        };
        write!(f, "{}{half}", self.fiscal_year)
    }
}
