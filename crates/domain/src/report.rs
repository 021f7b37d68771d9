//! Report runs: every federal report generated is a fact in the log, naming what it
//! read (the log position), how it was asked for, and the SHA-256 of every file it
//! wrote, so a submission can be reproduced and checked byte for byte.
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{DomainEvent, StaffId};

/// The stream of one run.
pub fn report_stream_id(run: Uuid) -> String {
    format!("report-{run}")
}

/// One file a run wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFile {
    pub name: String,
    /// Lower-case hex.
    pub sha256: String,
    pub bytes: u64,
}

/// A report run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRun {
    pub run_id: Uuid,
    /// `afcars`, `ncands`, `nytd` or `cfsr`.
    pub kind: String,
    /// As given: `2026B`, `2026`, ...
    pub period: String,
    /// Every other parameter, by name, as given.
    pub parameters: Vec<(String, String)>,
    /// The last log position the run read.
    pub position: u64,
    pub requested_by: StaffId,
    pub files: Vec<ReportFile>,
    /// Whether the compliance checks say the files would pass.
    pub would_pass: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportEvent {
    ReportRun(ReportRun),
}

impl DomainEvent for ReportEvent {
    fn event_type(&self) -> &'static str {
        match self {
            ReportEvent::ReportRun(_) => "ReportRun",
        }
    }

    fn schema_version(&self) -> u16 {
        1
    }
}
