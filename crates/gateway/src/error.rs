/// Everything the gateway's library can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("command rejected: {0}")]
    Domain(#[from] kinlog_domain::DomainError),
    #[error(transparent)]
    Store(#[from] kinlog_store::Error),
    #[error(transparent)]
    Projection(#[from] kinlog_projections::Error),
    #[error("the demo scenario, line {line}: {reason}")]
    DemoScenario { line: usize, reason: String },
}
