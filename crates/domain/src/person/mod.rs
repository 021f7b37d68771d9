//! The Person aggregate: children, parents, relatives, caregivers and staff members' own
//! person records. It holds the demographics AFCARS, NCANDS and NYTD need, ICWA facts,
//! health and education, relationships (which the conflict-of-interest rule reads), and
//! a youth's independent-living services and outcome surveys.
mod commands;
mod decide;
mod demographics;
mod education;
mod events;
mod health;
mod history;
mod icwa;
mod relationship;
mod state;
pub mod youth;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use commands::PersonCommand;
pub use demographics::{DateOfBirth, HispanicEthnicity, Race, RaceCategory, Sex, YesNo};
pub use education::{GradeLevel, SchoolEnrollment};
pub use events::PersonEvent;
pub use health::{Condition, ConditionPresence, ConditionStatus, DiagnosisStatus};
pub use history::{PriorAdoption, PriorGuardianship, YearMonth};
pub use icwa::{IcwaApplicability, TribalMembership, TribeName};
pub use relationship::RelationshipKind;
pub use state::PersonState;

use crate::{Aggregate, CommandContext, DomainError};

/// The Person aggregate; its stream is `person-<uuid>`.
pub struct Person;

impl Aggregate for Person {
    type State = PersonState;
    type Command = PersonCommand;
    type Event = PersonEvent;

    fn decide(
        state: &PersonState,
        command: PersonCommand,
        context: &CommandContext,
    ) -> Result<Vec<PersonEvent>, DomainError> {
        decide::decide(state, command, context)
    }

    fn evolve(state: PersonState, event: &PersonEvent) -> PersonState {
        state.evolve(event)
    }
}
