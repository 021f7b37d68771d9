//! Checks that many commands share. Each returns the error that names the rule and the
//! command field, so handlers read as a list of the rules they enforce.
use super::events::CaseEvent;
use super::state::{CaseRecord, CaseStatus};
use crate::values::{Date, Narrative};
use crate::{CommandContext, DomainError, Rule};

/// What a command handler returns.
pub(super) type Decision = Result<Vec<CaseEvent>, DomainError>;

/// Fails with `rule` on `field` unless `holds`.
pub(super) fn ensure(holds: bool, rule: Rule, field: &'static str) -> Result<(), DomainError> {
    if holds {
        Ok(())
    } else {
        Err(DomainError::new(rule, field))
    }
}

/// A fact cannot have happened after the moment it is being recorded.
pub(super) fn not_in_future(
    date: Date,
    context: &CommandContext,
    field: &'static str,
) -> Result<(), DomainError> {
    ensure(
        !date.is_after_day_of(context.now),
        Rule::DateInFuture,
        field,
    )
}

/// A free-text field the rule requires must say something.
pub(super) fn not_blank(text: &Narrative, field: &'static str) -> Result<(), DomainError> {
    ensure(!text.is_blank(), Rule::Required, field)
}

/// A list the rule requires must not be empty.
pub(super) fn not_empty<T>(items: &[T], field: &'static str) -> Result<(), DomainError> {
    ensure(!items.is_empty(), Rule::Required, field)
}

/// A new entry's id must not be in use.
pub(super) fn fresh(in_use: bool, field: &'static str) -> Result<(), DomainError> {
    ensure(!in_use, Rule::DuplicateId, field)
}

/// The case must exist (an effective referral was recorded) and not have been purged.
pub(super) fn existing(record: Option<&CaseRecord>) -> Result<&CaseRecord, DomainError> {
    let record = record.ok_or(DomainError::new(Rule::NotFound, "case_id"))?;
    ensure(!record.purged, Rule::CasePurged, "case_id")?;
    Ok(record)
}

/// The case must exist and be screened in or open: assessment, services and custody
/// happen only then.
pub(super) fn active(record: Option<&CaseRecord>) -> Result<&CaseRecord, DomainError> {
    let record = existing(record)?;
    match record.status {
        CaseStatus::ScreenedIn | CaseStatus::Open => Ok(record),
        CaseStatus::Referred => Err(DomainError::new(Rule::ReferralNotScreenedIn, "case_id")),
        CaseStatus::ScreenedOut | CaseStatus::Closed => {
            Err(DomainError::new(Rule::CaseClosed, "case_id"))
        }
    }
}

/// A dated activity of the case cannot precede the report that started it, and cannot
/// be in the future.
pub(super) fn within_case(
    record: &CaseRecord,
    date: Date,
    context: &CommandContext,
    field: &'static str,
) -> Result<(), DomainError> {
    ensure(date >= record.reported_on, Rule::BeforeReport, field)?;
    not_in_future(date, context, field)
}
