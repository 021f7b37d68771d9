//! Compliance replay: questions an auditor or privacy officer asks of the log (Ohio rule
//! paragraphs E and S, HIPAA §164.312(b) and §164.528, NIST AU-6). Each question is a
//! module returning typed rows that serialize to JSON and print as a table; the CLI
//! (`kinlog replay ...`) and, later, HTTP share them. `docs/replay.md` describes each
//! question and the monitor's rules.
//!
//! Every answer is derived from the log alone: access events keep the facts their
//! decision was made on, so nothing here consults a read model whose state may have
//! moved on since.

mod access_log;
mod audit;
mod case_as_of;
pub mod cli;
mod disclosures;
mod monitor;
mod policy_dir;
mod rejudge;
mod table;
mod user_activity;
mod who_accessed;
mod window;

pub use access_log::{scan_access_log, LoggedAccess, Outcome};
pub use audit::{authorize_access, authorize_replay, AllowedAccess, ReplayScope};
pub use case_as_of::{case_as_of, AllegationAsOf, CaseAsOf, EpisodeAsOf, PlacementAsOf};
pub use disclosures::{disclosures, every_disclosure, DisclosureRow, ACCOUNTING_YEARS};
pub use monitor::{monitor, Finding, MonitorRule, MonitorRules, VolumeRule};
pub use policy_dir::load_policy_dir;
pub use rejudge::{rejudge, HashMismatch, Rejudged, WouldDeny};
pub use table::{render_table, Tabular};
pub use user_activity::{user_activity, ActivityKind, ActivityRow};
pub use who_accessed::{who_accessed, AccessRow, Subject};
pub use window::Window;
