//! The access policy: Ohio Adm.Code 5101:2-33-70 (who may access SACWIS data) and the
//! portal roles, written as Cedar policies in `deploy/policies/` and decided here.
//!
//! The gateway loads [`PrincipalFacts`] and [`ResourceFacts`] from read models and
//! calls [`authorize`]. Forbids win over permits; anything not permitted is denied;
//! anything that cannot be evaluated is denied. Each [`Decision`] names the policies
//! that decided it and the hash of the set, so a past decision can be re-run exactly.

mod authorize;
mod default_set;
mod entities;
mod error;
mod facts;
mod policy_set;

pub use authorize::{authorize, Decision};
pub use default_set::{ohio_policy_files, ohio_policy_set, ohio_schema};
pub use error::{FactsProblem, PolicyError};
pub use facts::{
    AccountStatus, Action, Grant, GrantScope, OrganizationKind, PortalLinks, PrincipalFacts,
    ProgramId, Purpose, RequestContext, ResourceFacts, ResourceKind, Role, Training,
};
pub use policy_set::{PolicyFile, PolicySet};

#[cfg(test)]
mod tests;
