/// Everything the gateway's library can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("command rejected: {0}")]
    Domain(#[from] kinlog_domain::DomainError),
    #[error(transparent)]
    Store(#[from] kinlog_store::Error),
    #[error(transparent)]
    Projection(#[from] kinlog_projections::Error),
    #[error("command {command_id} produced more events than an id can number")]
    TooManyEvents { command_id: uuid::Uuid },
    #[error("reading the import file {path:?}, line {line}: {source}")]
    ImportRead {
        path: std::path::PathBuf,
        line: u64,
        source: std::io::Error,
    },
    #[error("the demo scenario, line {line}: {reason}")]
    DemoScenario { line: usize, reason: String },
    #[error("no staff member {staff_id}")]
    UnknownStaff { staff_id: kinlog_domain::StaffId },
    #[error("no {kind} {id}")]
    UnknownResource { kind: &'static str, id: uuid::Uuid },
    #[error("the access facts cannot be loaded: {what}: {reason}")]
    FactsUnavailable {
        what: &'static str,
        reason: &'static str,
    },
}
