//! kinlog's domain: aggregates, commands, events and the access policy.
//!
//! Pure: no IO, no async, no clock, no randomness. Time and ids are passed in.
//!
//! Aggregates, one stream each: `person` (demographics, ICWA, health, education,
//! relationships, and a youth's NYTD services and surveys), `staff` (staff members,
//! organizations, portal accounts), `grant`, `provider`, and `financial` (Title IV-E
//! eligibility, provider payments). `access` is the access log and the accounting of
//! disclosures. Every event records `occurred_on`, the date the fact
//! happened; the store stamps when it was recorded.

pub mod access;
mod aggregate;
pub mod case;
mod error;
mod ids;
mod occurrence;
mod personal_data;
#[cfg(test)]
mod testing;
mod values;

pub mod financial;
pub mod grant;
pub mod person;
pub mod policy;
pub mod provider;
pub mod report;
pub mod staff;

pub use aggregate::{Aggregate, CommandContext, DomainEvent};
pub use error::{DomainError, Rule};
pub use financial::Cents;
pub use ids::{
    stream_uuid, CaseId, GrantId, OrganizationId, PersonId, PortalAccountId, ProviderId, StaffId,
};
pub use personal_data::{Address, PersonName, Personal};
pub use values::{Date, DigestParseError, Narrative, Sha256Digest, TimeOfDay};
