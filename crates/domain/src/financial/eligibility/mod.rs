//! A child's Title IV-E foster care eligibility: one initial determination per removal
//! episode, then re-determinations. Stream: `ive-eligibility-<child uuid>`.
mod commands;
mod criteria;
mod decide;
mod events;
mod state;

#[cfg(test)]
mod tests;

pub use commands::EligibilityCommand;
pub use criteria::{
    Criterion, EligibilityCriteria, EligibilityOutcome, RemovalAuthority, UnmetCriterion,
};
pub use events::EligibilityEvent;
pub use state::EligibilityState;

use crate::{Aggregate, CommandContext, DomainError, PersonId};

/// The stream holding a child's eligibility record. Not the person stream: eligibility
/// workers write here without touching the child's demographics, and the two never
/// contend for the same stream version.
pub fn stream_id(child: PersonId) -> String {
    format!("ive-eligibility-{}", child.0)
}

/// The Title IV-E eligibility aggregate.
pub struct TitleIvEEligibility;

impl Aggregate for TitleIvEEligibility {
    type State = EligibilityState;
    type Command = EligibilityCommand;
    type Event = EligibilityEvent;

    fn decide(
        state: &EligibilityState,
        command: EligibilityCommand,
        context: &CommandContext,
    ) -> Result<Vec<EligibilityEvent>, DomainError> {
        decide::decide(state, command, context)
    }

    fn evolve(state: EligibilityState, event: &EligibilityEvent) -> EligibilityState {
        state.evolve(event)
    }
}
