//! Validates eligibility commands into events.
use super::{EligibilityCommand, EligibilityEvent, EligibilityState};
use crate::occurrence::{ensure_not_before, ensure_not_in_future};
use crate::{CommandContext, DomainError, Rule};

pub(crate) fn decide(
    state: &EligibilityState,
    command: EligibilityCommand,
    context: &CommandContext,
) -> Result<Vec<EligibilityEvent>, DomainError> {
    match command {
        EligibilityCommand::DetermineEligibility {
            child,
            removal_date,
            criteria,
            occurred_on,
        } => {
            ensure_not_in_future(occurred_on, context, "occurred_on")?;
            ensure_not_before(
                occurred_on,
                removal_date,
                Rule::DeterminationBeforeRemoval,
                "occurred_on",
            )?;
            if state.child.is_some_and(|known| known != child) {
                return Err(DomainError::new(Rule::ChildMismatch, "child"));
            }
            if state.episodes.contains_key(&removal_date) {
                return Err(DomainError::new(Rule::AlreadyDetermined, "removal_date"));
            }
            Ok(vec![EligibilityEvent::EligibilityDetermined {
                child,
                removal_date,
                outcome: criteria.outcome(),
                criteria,
                occurred_on,
            }])
        }
        EligibilityCommand::RedetermineEligibility {
            removal_date,
            criteria,
            occurred_on,
        } => {
            ensure_not_in_future(occurred_on, context, "occurred_on")?;
            let Some((last_on, _)) = state.episodes.get(&removal_date) else {
                return Err(DomainError::new(Rule::NotDetermined, "removal_date"));
            };
            ensure_not_before(
                occurred_on,
                *last_on,
                Rule::RedeterminationBeforeDetermination,
                "occurred_on",
            )?;
            Ok(vec![EligibilityEvent::EligibilityRedetermined {
                removal_date,
                outcome: criteria.outcome(),
                criteria,
                occurred_on,
            }])
        }
    }
}
