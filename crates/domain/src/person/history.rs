//! The child's history before this episode: prior adoption and guardianship (AFCARS 2020
//! E41–E45, 45 CFR 1355.44(b)(15)–(16)).
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::demographics::YesNo;

/// A month of a year, as AFCARS asks for the prior adoption date (month and year only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearMonth {
    pub year: i32,
    /// 1 to 12; `decide` rejects anything else.
    pub month: u32,
}

impl YearMonth {
    /// Whether the month exists.
    pub fn is_valid(&self) -> bool {
        (1..=12).contains(&self.month)
    }

    /// The month a date falls in.
    pub fn of(date: NaiveDate) -> YearMonth {
        YearMonth {
            year: date.year(),
            month: date.month(),
        }
    }
}

/// E41–E43: whether the child was legally adopted before, when, and whether abroad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PriorAdoption {
    Yes {
        finalized_in: YearMonth,
        intercountry: YesNo,
    },
    No,
    /// The child was abandoned and the history cannot be known.
    Abandoned,
}

/// E44–E45: whether the child was in a legal guardianship before, and when it began.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PriorGuardianship {
    Yes { legalized_on: NaiveDate },
    No,
    Abandoned,
}
