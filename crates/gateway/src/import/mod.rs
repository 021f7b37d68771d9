//! `kinlog import`: commands from a legacy system, one JSON object a line, recorded through
//! the one command path. Each line stands alone: it is applied whole or not at all, a bad
//! line is reported and the run goes on, and a line whose `command_id` was already
//! imported is recognised from the log and skipped. The format is in `docs/import.md`.
mod line;
mod lookup;
mod run;

use std::fmt;

pub(crate) use line::{command_path, own_id_in};
pub use line::{parse_line, AggregateKind, AnyCommand, ImportLine};
pub use lookup::{lookup, parse_external_id, Found};
pub(crate) use run::apply;
pub use run::{import_file, import_lines};

/// Why one line was not applied. `reason` may quote the offending value from the file.
#[derive(Clone, PartialEq, Eq)]
pub struct LineRejection {
    /// The 1-based line number in the file.
    pub line: u64,
    /// The JSON path of the offending field (`occurred_at`, `command.RecordRemoval`,
    /// `command.RecordRemoval.removed_on`), or `(line)` when the line is not JSON.
    pub field: String,
    /// The 1-based column where the problem was found, when the parser knows it.
    pub column: Option<usize>,
    /// What is wrong.
    pub reason: String,
}

// The reason can quote values from the file (names, narratives), so `Debug` keeps to the
// position; `Display` is for the operator who holds the file anyway.
impl fmt::Debug for LineRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LineRejection")
            .field("line", &self.line)
            .field("field", &self.field)
            .field("column", &self.column)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for LineRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(column) = self.column {
            write!(f, ", column {column}")?;
        }
        write!(f, ", field {}: {}", self.field, self.reason)
    }
}

/// The totals of one import run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Lines applied now, including those the domain accepted but that changed nothing.
    pub accepted: u64,
    /// Lines reported as bad; nothing of them was applied.
    pub rejected: u64,
    /// Lines whose `command_id` was already in the log.
    pub already_present: u64,
    /// Events appended by this run.
    pub events_written: u64,
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "accepted {} lines, rejected {}, already present {}; {} events written",
            self.accepted, self.rejected, self.already_present, self.events_written
        )
    }
}
