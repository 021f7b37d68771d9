//! Federal report generators as pure functions: plain per-child, per-report and
//! per-youth facts in, file bytes, indicator values and compliance findings out. They
//! read no clock and no database, so a run at a recorded log position reproduces byte
//! for byte; gathering the facts from the log is the caller's job.
pub mod afcars;
pub mod cfsr;
pub(crate) mod dates;
mod demographics;
pub mod gather;
pub mod ncands;
pub mod nytd;
mod period;
mod xml;

pub use demographics::Demographics;
pub use period::{Half, ReportPeriod};
