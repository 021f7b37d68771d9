//! The projector runtime: builds, batches, live following, status.
mod batch;
mod builds;
mod indexed;
mod migrate;
mod projector;
mod runner;
mod status;
mod writes;

pub use indexed::{begin_index_read, indexed_position};
pub use migrate::migrate;
#[cfg(test)]
pub(crate) use projector::check_name;
pub use projector::Projector;
pub use runner::{catch_up, rebuild, run, run_all, Progress, RunOptions};
pub use status::{render_status, status, table_digests, ProjectorStatus, TableDigest};
pub(crate) use writes::params;
pub use writes::{Param, Writes};
