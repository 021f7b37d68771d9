//! `kinlog report`: a federal report run at a log position. The run is authorized
//! (`runReport`) and recorded as an access before anything is written; its files, their
//! compliance report, and a `ReportRun` event naming the position and each file's
//! SHA-256 follow. A rerun at the same position writes the same bytes.
pub mod cli;
mod generate;
mod record_number;
mod run;

pub use generate::State;
pub use record_number::{RecordNumberKey, RecordNumberKeyError};
pub use run::{authorize_report, run_report, ReportKind, ReportOutcome, ReportRequest};
