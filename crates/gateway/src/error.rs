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
    #[error("recording the access failed, so nothing was shown: {0}")]
    AuditAppend(kinlog_store::Error),
    #[error("report kind {0:?}: one of afcars, ncands, nytd, cfsr, crosswalk")]
    ReportKind(String),
    #[error("report period {period:?}: {expected}")]
    ReportPeriod {
        period: String,
        expected: &'static str,
    },
    #[error("report position {0} is not in the log")]
    ReportPosition(u64),
    #[error("writing the report file {path:?}: {source}")]
    ReportWrite {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    RecordNumberKey(#[from] crate::report::RecordNumberKeyError),
    #[error("{field}: {reason}")]
    ImportLineField { field: String, reason: String },
    #[error("an import lane stopped: {0}")]
    ImportLane(String),
    #[error("replay: {field}: {reason}")]
    ReplayInput { field: &'static str, reason: String },
    #[error("reading the policy directory at {path:?}: {source}")]
    PolicyDir {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("the policy set does not load: {0}")]
    Policy(#[from] kinlog_domain::policy::PolicyError),
    #[error("writing {what} as JSON: {source}")]
    Json {
        what: &'static str,
        source: serde_json::Error,
    },
    #[error("staff member {staff} may not do this (deciding policies: {policies:?}); the refusal is recorded at position {position}")]
    AccessRefused {
        staff: kinlog_domain::StaffId,
        policies: Vec<String>,
        position: u64,
    },
    #[error("case {case} has no event recorded at or before {at}")]
    CaseNotRecorded {
        case: kinlog_domain::CaseId,
        at: chrono::DateTime<chrono::Utc>,
    },
    #[error(
        "this deployment is not a practice one, and a production deployment is never purged \
         (a practice deployment is flagged with `kinlog practice mark` while its log is empty)"
    )]
    NotPractice,
    #[error("no staff member {staff_id}")]
    UnknownStaff { staff_id: kinlog_domain::StaffId },
    #[error("no portal account {account_id}")]
    UnknownPortalAccount {
        account_id: kinlog_domain::PortalAccountId,
    },
    #[error("no {kind} {id}")]
    UnknownResource { kind: &'static str, id: uuid::Uuid },
    #[error("the access facts cannot be loaded: {what}: {reason}")]
    FactsUnavailable {
        what: &'static str,
        reason: &'static str,
    },
    #[error("kinlog bench facts makes up its own agency and runs only on an empty log")]
    BenchNeedsEmptyLog,
    #[error("a bench command does not parse: {source}")]
    BenchCommand { source: serde_json::Error },
}
