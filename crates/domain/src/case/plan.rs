//! The case plan and its reviews (Ohio rule paragraph H(5); AFCARS E147–E150).
use super::checks::{active, ensure, fresh, not_blank, not_empty};
use super::checks::{within_case, Decision};
use super::commands::*;
use super::events::CaseEvent;
use super::state::CaseRecord;
use crate::values::Date;
use crate::{CommandContext, DomainError, PersonId, Rule};

pub(super) fn set_case_plan_goal(
    record: Option<&CaseRecord>,
    command: &SetCasePlanGoal,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    fresh(record.goals.contains(&command.goal_id), "goal_id")?;
    not_empty(&command.persons, "persons")?;
    not_blank(&command.description, "description")?;
    within_case(record, command.set_on, context, "set_on")?;
    // The target date is a plan, so it may lie in the future.
    ensure(
        command.target_on >= command.set_on,
        Rule::EndBeforeStart,
        "target_on",
    )?;
    Ok(vec![CaseEvent::CasePlanGoalSet {
        goal_id: command.goal_id,
        persons: command.persons.clone(),
        description: command.description.clone(),
        set_on: command.set_on,
        target_on: command.target_on,
    }])
}

pub(super) fn record_permanency_plan(
    record: Option<&CaseRecord>,
    command: &RecordPermanencyPlan,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    in_care_within_case(
        record,
        command.child,
        command.established_on,
        context,
        "established_on",
    )?;
    Ok(vec![CaseEvent::PermanencyPlanRecorded {
        child: command.child,
        plan: command.plan,
        established_on: command.established_on,
    }])
}

pub(super) fn record_periodic_review(
    record: Option<&CaseRecord>,
    command: &RecordPeriodicReview,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    in_care_within_case(record, command.child, command.held_on, context, "held_on")?;
    Ok(vec![CaseEvent::PeriodicReviewHeld {
        child: command.child,
        held_on: command.held_on,
    }])
}

pub(super) fn record_permanency_hearing(
    record: Option<&CaseRecord>,
    command: &RecordPermanencyHearing,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    in_care_within_case(record, command.child, command.held_on, context, "held_on")?;
    Ok(vec![CaseEvent::PermanencyHearingHeld {
        child: command.child,
        held_on: command.held_on,
    }])
}

/// AFCARS reports plans, reviews and hearings per removal episode (E147–E150), so each
/// must fall within the case and on a day the child is in care.
fn in_care_within_case(
    record: &CaseRecord,
    child: PersonId,
    on: Date,
    context: &CommandContext,
    field: &'static str,
) -> Result<(), DomainError> {
    within_case(record, on, context, field)?;
    ensure(record.in_care_on(child, on), Rule::ChildNotInCare, field)
}
