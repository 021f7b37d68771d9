//! kinlog's projections: read models derived from the event log, and (later) the federal
//! reports built on them.
//!
//! A [`Projector`] turns events into rows. The runtime ([`catch_up`], [`run`],
//! [`rebuild`]) applies events in log order and commits each batch's rows together with
//! the projector's checkpoint. Each build of a projector lives in its own schema
//! (`rm_<name>_v<version>_b<build>`); the stable schema `rm` holds views over the active
//! build's tables, switched in one transaction when a new build has caught up.

mod codec;
mod error;
pub mod federal;
mod read_models;
mod runtime;
mod upcasters;

pub use codec::{decode, decode_metadata, encode, EventMetadata, ExternalId};
pub use error::Error;
pub use read_models::{
    catch_up_all, name_search_key, projector, projectors, AccessLogView, CaseMemberView,
    CaseSummaryView, DisclosuresView, GrantHolderView, NytdRosterView, PersonIndexView,
    PersonRelationshipView, ProviderRegistryView, RemovalEpisodesView, ReportCaseFactsView,
    ReportPersonFactsView,
};
pub use runtime::{
    begin_index_read, catch_up, indexed_position, migrate, rebuild, render_status, run, run_all,
    status, table_digests, Param, Progress, Projector, ProjectorStatus, RunOptions, TableDigest,
    Writes,
};
pub use upcasters::upcasters;
