//! kinlog's event store: an append-only, tamper-evident event log on PostgreSQL.
//!
//! The store knows envelopes (streams, versions, positions, payload bytes), never case law.
//! Positions are dense and in commit order: a reader that has seen position P never later
//! finds a newly committed event below P.

mod cluster;
mod error;
mod event;
mod hashing;
mod merkle;
mod migrate;
mod seal;
mod shred;
#[cfg(feature = "testing")]
pub mod testing;

pub use cluster::{check_durability, locate, Database, DatabaseOrigin, Durability};
pub use error::Error;
pub use event::{AppendOutcome, ExpectedVersion, NewEvent, RecordedEvent};
pub use migrate::{apply_migrations, migrate, Migration};
pub use shred::{
    open_personal_fields, seal_personal_fields, MasterKey, Shredded, SubjectVault,
    DEFAULT_CACHE_TTL, SHRED_CHANNEL,
};
