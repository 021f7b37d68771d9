//! Who is asking and what they ask for: the facts [`kinlog_domain::policy::authorize`]
//! decides on, loaded from the log.
//!
//! Everything that can take access away (a suspension, a revoked grant, a removed role, a
//! supervisor or relative) is folded from the log itself with the domain's aggregates, so
//! it takes effect the moment it is committed. Where finding the streams needs an index
//! (grants by grantee, relationships naming a person, caseloads), the index's rows are read
//! together with the position they reflect and the log after that position is applied on
//! top ([`tail`]), so a lagging projector makes a load slower, never stale.
mod administration;
mod caseload;
pub(crate) mod fold;
mod grants;
mod mapping;
mod portal;
mod records;
mod relatives;
mod resource;
mod staff;
mod supervisors;
mod tail;

pub(crate) use caseload::case_of;
pub use portal::portal_facts;
pub(crate) use records::cases_naming;
pub use resource::{resource_facts, ResourceRef};
pub use staff::principal_facts;
