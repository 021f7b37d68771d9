//! kinlog's domain: aggregates, commands, events and the access policy.
//!
//! Pure: no IO, no async, no clock, no randomness. Time and ids are passed in.

mod aggregate;
mod error;
mod ids;
pub mod policy;

pub use aggregate::{Aggregate, CommandContext, DomainEvent};
pub use error::{DomainError, Rule};
pub use ids::{CaseId, GrantId, OrganizationId, PersonId, ProviderId, StaffId};
