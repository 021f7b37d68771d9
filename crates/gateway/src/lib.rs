//! kinlog's gateway: the `kinlog` command line and, later, the HTTP API. The binary only
//! parses arguments; everything it runs lives here so the CLI and HTTP share one
//! implementation.

pub mod bench;
mod commands;
pub mod demo;
mod error;
pub mod facts_bench;
pub mod http;
pub mod import;
pub mod practice;
pub mod principal;
pub mod replay;
pub mod replay_bench;
pub mod report;
pub mod seed;
mod startup;
pub mod subject_export;

pub use commands::{derived_event_id, execute, execute_once, Executed};
pub use error::Error;
pub use startup::{prepare_database, PreparedDatabase};
