//! The Case aggregate: one stream per case, from the referral through assessment or
//! investigation, ongoing services, custody episodes, adoption or guardianship, to
//! closure (the Ohio SACWIS rule, paragraphs H(1)–H(8) and O; AFCARS 2020 groups
//! (c)–(g); NCANDS report, maltreatment and service fields).
//!
//! `decide` routes each command (and runs the intern review) in `decide`; the rules live
//! by topic: `intake`, `notes`, `status`, `plan`, `court`, `services`, `custody`,
//! `permanency` (adoption, guardianship) and `visits` (visits and documents). `evolve`
//! is one fold in `evolve`.

mod checks;
pub mod codes;
mod commands;
mod court;
mod custody;
mod decide;
mod events;
mod evolve;
mod facts;
mod ids;
mod intake;
mod members;
mod notes;
mod permanency;
mod plan;
mod services;
mod state;
mod status;
mod visits;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use commands::*;
pub use events::CaseEvent;
pub use facts::*;
pub use ids::*;
pub use state::{
    Adoption, Agreement, Allegation, Assignment, CaseRecord, CaseState, CaseStatus, Episode,
    FamilyVisit, Note, ParentalRights, PendingEntry, Placement,
};

use crate::{Aggregate, CommandContext, DomainError};

/// The Case aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Case;

impl Aggregate for Case {
    type State = CaseState;
    type Command = CaseCommand;
    type Event = CaseEvent;

    fn decide(
        state: &CaseState,
        command: CaseCommand,
        context: &CommandContext,
    ) -> Result<Vec<CaseEvent>, DomainError> {
        decide::decide(state, command, context)
    }

    fn evolve(state: CaseState, event: &CaseEvent) -> CaseState {
        evolve::evolve(state, event)
    }
}
