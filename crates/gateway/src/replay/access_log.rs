//! Reading the access log: every `AccessRecorded` and `AccessDenied` in a window.
use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use indicatif::ProgressBar;
use kinlog_domain::access::{AccessEvent, AccessRecord, ACCESS_CATEGORY};
use kinlog_projections::decode;
use kinlog_store::{Filter, Store};
use serde::Serialize;
use uuid::Uuid;

use super::Window;
use crate::Error;

/// Whether the access was allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// `AccessRecorded`: data was returned or the action allowed.
    Recorded,
    /// `AccessDenied`: the policies refused it.
    Denied,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Recorded => "recorded",
            Outcome::Denied => "denied",
        }
    }
}

/// One access event with where it sits in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedAccess {
    pub position: u64,
    pub event_id: Uuid,
    /// When the store committed it (monotonic along positions).
    pub recorded_at: DateTime<Utc>,
    pub outcome: Outcome,
    pub record: AccessRecord,
}

/// Calls `visit` with each access event whose decision time (`facts.context.now`) lies
/// in `window`, in log order, holding one event at a time so a replay of years of
/// accesses runs in the memory of what the visitor keeps. The decision time, not
/// `recorded_at`, places an access in a window: it is the moment the user asked, and the
/// one the policies judged.
///
/// `progress` advances by log position up to the head as of the start.
pub async fn scan_access_log(
    store: &Store,
    window: &Window,
    progress: &ProgressBar,
    mut visit: impl FnMut(LoggedAccess),
) -> Result<(), Error> {
    progress.set_length(store.head().await?);
    let mut events = store
        .read_filtered(&Filter::Category(ACCESS_CATEGORY.to_owned()), None, 0, None)
        .await?;
    while let Some(event) = events.try_next().await? {
        progress.set_position(event.position);
        let (access, _metadata) = decode::<AccessEvent>(&event)?;
        let (outcome, record) = match access {
            AccessEvent::AccessRecorded(record) => (Outcome::Recorded, record),
            AccessEvent::AccessDenied(record) => (Outcome::Denied, record),
            // Disclosures have their own category; nothing else is an access.
            AccessEvent::DisclosureRecorded(_) => continue,
        };
        if window.contains(record.at()) {
            visit(LoggedAccess {
                position: event.position,
                event_id: event.event_id,
                recorded_at: event.recorded_at,
                outcome,
                record,
            });
        }
    }
    Ok(())
}
