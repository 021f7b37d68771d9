//! When a youth may be surveyed. The baseline is collected within 45 days after the 17th
//! birthday (73 FR 10342, as NRCCWDT TA Brief #12 summarizes it) and only for youth whose
//! 17th birthday falls in a baseline cohort year (FY2011 and every third year after,
//! 45 CFR 1356.81(b)); a follow-up is collected in the federal fiscal year of the 19th or
//! 21st birthday.
use chrono::{Datelike, Days, Months, NaiveDate};

use super::SurveyPopulation;

/// How many days after the 17th birthday the baseline may still be collected.
pub(crate) const BASELINE_DAYS: u64 = 45;
/// The first NYTD baseline cohort: youth turning 17 in FY2011.
const FIRST_COHORT_FISCAL_YEAR: i32 = 2011;

/// Why a survey date is outside its window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SurveyWindowError {
    /// Before the birthday, or after the 45 days / outside the fiscal year.
    OutsideWindow,
    /// The 17th birthday is not in a baseline cohort fiscal year.
    NotACohortYear,
}

/// The federal fiscal year a date falls in: FY N runs from 1 October N-1 to 30 September N.
pub(crate) fn fiscal_year(date: NaiveDate) -> i32 {
    if date.month() >= 10 {
        date.year() + 1
    } else {
        date.year()
    }
}

/// The birthday at `age`. Someone born on 29 February has it on 28 February in common
/// years (chrono clamps month arithmetic to the month's last day).
fn birthday(date_of_birth: NaiveDate, age: u32) -> Option<NaiveDate> {
    date_of_birth.checked_add_months(Months::new(age * 12))
}

/// Checks that `collected_on` lies in the window of `population` for a youth born on
/// `date_of_birth`.
pub(crate) fn check_survey_window(
    population: SurveyPopulation,
    date_of_birth: NaiveDate,
    collected_on: NaiveDate,
) -> Result<(), SurveyWindowError> {
    let Some(anchor) = birthday(date_of_birth, population.age()) else {
        return Err(SurveyWindowError::OutsideWindow);
    };
    match population {
        SurveyPopulation::BaselineAt17 => {
            let cohort_offset = fiscal_year(anchor) - FIRST_COHORT_FISCAL_YEAR;
            if cohort_offset < 0 || cohort_offset % 3 != 0 {
                return Err(SurveyWindowError::NotACohortYear);
            }
            let last = anchor
                .checked_add_days(Days::new(BASELINE_DAYS))
                .ok_or(SurveyWindowError::OutsideWindow)?;
            if collected_on < anchor || collected_on > last {
                return Err(SurveyWindowError::OutsideWindow);
            }
        }
        SurveyPopulation::FollowUpAt19 | SurveyPopulation::FollowUpAt21 => {
            if fiscal_year(collected_on) != fiscal_year(anchor) {
                return Err(SurveyWindowError::OutsideWindow);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::date;

    // Born 2009-03-10: 17 on 2026-03-10 (FY2026, a cohort year), 19 on 2028-03-10 (FY2028).
    const BORN: (i32, u32, u32) = (2009, 3, 10);

    fn born() -> NaiveDate {
        date(BORN.0, BORN.1, BORN.2)
    }

    #[test]
    fn baseline_window_is_the_birthday_through_45_days_after() {
        let check = |d| check_survey_window(SurveyPopulation::BaselineAt17, born(), d);
        assert_eq!(
            check(date(2026, 3, 9)),
            Err(SurveyWindowError::OutsideWindow)
        );
        assert_eq!(check(date(2026, 3, 10)), Ok(()));
        assert_eq!(check(date(2026, 4, 24)), Ok(()));
        assert_eq!(
            check(date(2026, 4, 25)),
            Err(SurveyWindowError::OutsideWindow)
        );
    }

    #[test]
    fn baseline_needs_a_cohort_year() {
        // 17 on 2025-03-10, FY2025: not 2011 + 3k.
        let result = check_survey_window(
            SurveyPopulation::BaselineAt17,
            date(2008, 3, 10),
            date(2025, 3, 20),
        );
        assert_eq!(result, Err(SurveyWindowError::NotACohortYear));
    }

    #[test]
    fn follow_up_window_is_the_fiscal_year_of_the_birthday() {
        let check = |d| check_survey_window(SurveyPopulation::FollowUpAt19, born(), d);
        assert_eq!(
            check(date(2027, 9, 30)),
            Err(SurveyWindowError::OutsideWindow)
        );
        assert_eq!(check(date(2027, 10, 1)), Ok(()));
        assert_eq!(check(date(2028, 9, 30)), Ok(()));
        assert_eq!(
            check(date(2028, 10, 1)),
            Err(SurveyWindowError::OutsideWindow)
        );
    }

    #[test]
    fn leap_day_birthdays_fall_on_28_february_in_common_years() {
        assert_eq!(birthday(date(2008, 2, 29), 17), Some(date(2025, 2, 28)));
        assert_eq!(fiscal_year(date(2025, 10, 1)), 2026);
        assert_eq!(fiscal_year(date(2025, 9, 30)), 2025);
    }
}
