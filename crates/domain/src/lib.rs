//! kinlog's domain: aggregates, commands, events and the access policy.
//!
//! Pure: no IO, no async, no clock, no randomness. Time and ids are passed in.

mod aggregate;
mod error;
mod ids;
mod occurrence;
mod personal_data;
#[cfg(test)]
mod testing;

pub mod financial;
pub mod grant;
pub mod person;
pub mod provider;
pub mod staff;

pub use aggregate::{Aggregate, CommandContext, DomainEvent};
pub use error::{DomainError, Rule};
pub use ids::{CaseId, GrantId, OrganizationId, PersonId, PortalAccountId, ProviderId, StaffId};
pub use personal_data::{Address, PersonName};
