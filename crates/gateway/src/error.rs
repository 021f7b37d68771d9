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
    #[error("a generated seed line does not parse (a generator defect): {reason}")]
    SeedLine { reason: String },
    #[error("writing {path:?}: {source}")]
    SeedOutput {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("the demo scenario, line {line}: {reason}")]
    DemoScenario { line: usize, reason: String },
}
