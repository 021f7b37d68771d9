//! Why a policy set could not be loaded or a request could not be decided. Every one
//! of these ends in a deny; the error is kept in the [`Decision`](super::Decision) so
//! the access log records why.
//!
//! `reason` fields hold Cedar's own diagnostic text: Cedar's error types are neither
//! `Clone` nor comparable, and the text is what an investigator needs.

/// A policy set failed to load, or a request failed to evaluate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("schema {file}: {reason}")]
    Schema { file: String, reason: String },
    #[error("policy file {file}: does not parse: {reason}")]
    Parse { file: String, reason: String },
    #[error("policy file {file}: policy number {position} has no @id annotation")]
    MissingId { file: String, position: usize },
    #[error("policy file {file}: policy id {id} is already used")]
    DuplicateId { file: String, id: String },
    #[error("policy file {file}: {id} is a template; templates are not supported")]
    Template { file: String, id: String },
    #[error("policy set is empty: there is nothing to decide with")]
    Empty,
    #[error("policies do not validate against the schema: {reason}")]
    Validation { reason: String },
    #[error("{field}: {problem}")]
    Facts {
        field: &'static str,
        problem: FactsProblem,
    },
    #[error("building the {entity} entity: {reason}")]
    Entity {
        entity: &'static str,
        reason: String,
    },
    #[error("request does not match the schema: {reason}")]
    Request { reason: String },
    #[error("policy {policy} failed to evaluate: {reason}")]
    Evaluation { policy: String, reason: String },
}

/// Facts the gateway supplied that the policies cannot decide on safely.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FactsProblem {
    #[error("an account holds both portal and staff roles")]
    PortalAndStaffRoles,
    #[error("a portal account cannot hold grants")]
    PortalUserWithGrants,
    #[error("a record of this kind must name the persons it is about")]
    NoSubjects,
}
