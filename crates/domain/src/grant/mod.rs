//! Access grants: who may reach which records, under which program, for what purpose,
//! issued by whom, until when. The access policy reads grants; an expired or revoked
//! grant never permits anything. Stream: `grant-<uuid>`.
mod commands;
mod decide;
mod events;
mod program;
mod purpose;
mod state;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use commands::{GrantCommand, GrantRevocationReason};
pub use events::GrantEvent;
pub use program::{GrantProgram, GrantScope};
pub use purpose::Purpose;
pub use state::{GrantState, GrantTerms};

use crate::{Aggregate, CommandContext, DomainError};

/// The Grant aggregate.
pub struct Grant;

impl Aggregate for Grant {
    type State = GrantState;
    type Command = GrantCommand;
    type Event = GrantEvent;

    fn decide(
        state: &GrantState,
        command: GrantCommand,
        context: &CommandContext,
    ) -> Result<Vec<GrantEvent>, DomainError> {
        decide::decide(state, command, context)
    }

    fn evolve(state: GrantState, event: &GrantEvent) -> GrantState {
        state.evolve(event)
    }
}
