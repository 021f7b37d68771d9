//! Staff: organizations, staff members (roles, training, the signed JFS 07078 Code of
//! Responsibility, supervisors, declared relatives, their own person record, account
//! suspension and revocation), and portal accounts for parents and providers.
mod account;
mod codes;
mod commands;
mod decide;
mod events;
pub mod organization;
pub mod portal;
mod state;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use account::AccountStatus;
pub use codes::{
    FormVersion, OrganizationKind, RequiredTraining, RevocationReason, StaffRole, SuspensionReason,
};
pub use commands::StaffCommand;
pub use events::StaffEvent;
pub use state::{AccessPrerequisite, StaffState};

use crate::{Aggregate, CommandContext, DomainError};

/// The Staff aggregate; its stream is `staff-<uuid>`.
pub struct Staff;

impl Aggregate for Staff {
    type State = StaffState;
    type Command = StaffCommand;
    type Event = StaffEvent;

    fn decide(
        state: &StaffState,
        command: StaffCommand,
        context: &CommandContext,
    ) -> Result<Vec<StaffEvent>, DomainError> {
        decide::decide(state, command, context)
    }

    fn evolve(state: StaffState, event: &StaffEvent) -> StaffState {
        state.evolve(event)
    }
}
