//! The domain's one error: which rule a command broke, and on which field.

/// A command was rejected. `field` is the JSON path of the offending field in the command
/// (`placements[0].start_date`, `author`), so the HTTP API and the importer can name it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {rule}")]
pub struct DomainError {
    pub rule: Rule,
    pub field: &'static str,
}

impl DomainError {
    pub fn new(rule: Rule, field: &'static str) -> Self {
        DomainError { rule, field }
    }
}

/// Every rule a command can break. The message says what the rule requires; `code()` is
/// the stable machine name used in problem+json bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Rule {
    // --- general rules ---
    #[error("the field is required")]
    Required,
    #[error("the aggregate does not exist yet")]
    NotFound,
    #[error("the aggregate already exists")]
    AlreadyExists,
    #[error("a date cannot be in the future")]
    DateInFuture,
    // --- case rules (intake, investigation, notes, plans, custody, adoption, visits) ---
    // --- person, youth, provider, financial, staff and grant rules ---
}
