//! Calendar arithmetic the federal definitions share: "within 12 months", ages on a
//! date, and day counts of half-open spans.
use chrono::{Datelike, Days, Months, NaiveDate};

/// The date `months` calendar months after `date`; a day that does not exist in the
/// target month falls on its last day (31 January + 1 month = 28 or 29 February).
pub(crate) fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The date `days` days after `date`.
pub(crate) fn add_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

/// The birthday at `age` of someone born on `born_on`.
pub(crate) fn birthday(born_on: NaiveDate, age: u32) -> NaiveDate {
    add_months(born_on, age * 12)
}

/// Whether someone born on `born_on` has reached `age` on `on`.
pub(crate) fn has_reached(born_on: NaiveDate, age: u32, on: NaiveDate) -> bool {
    on >= birthday(born_on, age)
}

/// Completed years of age on `on` (0 before the first birthday).
pub(crate) fn age_on(born_on: NaiveDate, on: NaiveDate) -> u32 {
    let mut age = 0;
    while age < 200 && has_reached(born_on, age + 1, on) {
        age += 1;
    }
    age
}

/// Days from `start` up to, not including, `end`; zero when `end` is not after `start`.
pub(crate) fn days_between(start: NaiveDate, end: NaiveDate) -> u64 {
    u64::try_from((end - start).num_days()).unwrap_or(0)
}

/// The federal fiscal year of a date: FY N runs from 1 October N-1 to 30 September N.
pub(crate) fn fiscal_year(date: NaiveDate) -> i32 {
    if date.month() >= 10 {
        date.year() + 1
    } else {
        date.year()
    }
}
