//! kinlog's domain: aggregates, commands, events and the access policy.
//!
//! Pure: no IO, no async, no clock, no randomness. Time and ids are passed in.

mod aggregate;
pub mod case;
mod error;
mod ids;
mod values;

pub use aggregate::{Aggregate, CommandContext, DomainEvent};
pub use error::{DomainError, Rule};
pub use ids::{CaseId, GrantId, OrganizationId, PersonId, ProviderId, StaffId};
pub use values::{Cents, Date, DigestParseError, Narrative, Sha256Digest, TimeOfDay};
