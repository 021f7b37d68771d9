//! When a fact happened, as distinct from when it was recorded.
//!
//! Every event carries `occurred_on`, the date the fact happened in the world. The store
//! stamps `recorded_at` on the envelope, so events never repeat it. A fact cannot have
//! happened after the moment it is being recorded.
use chrono::NaiveDate;

use crate::{CommandContext, DomainError, Rule};

/// Rejects a date after the day of `context.now`.
///
/// `now` is UTC and the UTC date is never behind any US local date, so a caseworker in
/// Ohio recording "today" late in the evening is never wrongly rejected.
pub(crate) fn ensure_not_in_future(
    date: NaiveDate,
    context: &CommandContext,
    field: &'static str,
) -> Result<(), DomainError> {
    if date > context.now.date_naive() {
        return Err(DomainError::new(Rule::DateInFuture, field));
    }
    Ok(())
}

/// Rejects `later` when it falls before `earlier`.
pub(crate) fn ensure_not_before(
    later: NaiveDate,
    earlier: NaiveDate,
    rule: Rule,
    field: &'static str,
) -> Result<(), DomainError> {
    if later < earlier {
        return Err(DomainError::new(rule, field));
    }
    Ok(())
}
