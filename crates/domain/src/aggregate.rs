//! The shape every aggregate shares: `decide` validates a command against the current
//! state and returns events; `evolve` folds an event into the state and never fails.
use chrono::{DateTime, Utc};
use serde::{de::DeserializeOwned, Serialize};

use crate::{DomainError, StaffId};

/// Who is acting and when. The gateway (or the importer) fills this in; the domain never
/// reads a clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandContext {
    /// The staff member issuing the command.
    pub actor: StaffId,
    /// Whether the actor is an intern: their case entries stay pending until approved
    /// (Ohio rule paragraph O).
    pub actor_is_intern: bool,
    /// When the command is being recorded.
    pub now: DateTime<Utc>,
}

/// An event type as stored: a stable name and a schema version per variant.
pub trait DomainEvent: Serialize + DeserializeOwned + Clone + PartialEq + std::fmt::Debug {
    /// The stable, stored type name, e.g. `CaseNoteRecorded`.
    fn event_type(&self) -> &'static str;
    /// The schema version of this variant's payload.
    fn schema_version(&self) -> u16;
}

/// An aggregate: one event stream.
pub trait Aggregate {
    type State: Default + Clone + PartialEq + std::fmt::Debug;
    type Command;
    type Event: DomainEvent;

    fn decide(
        state: &Self::State,
        command: Self::Command,
        context: &CommandContext,
    ) -> Result<Vec<Self::Event>, DomainError>;

    fn evolve(state: Self::State, event: &Self::Event) -> Self::State;

    /// Rebuilds state from a stream's events.
    fn replay<'a>(events: impl IntoIterator<Item = &'a Self::Event>) -> Self::State
    where
        Self::Event: 'a,
    {
        events
            .into_iter()
            .fold(Self::State::default(), Self::evolve)
    }
}
