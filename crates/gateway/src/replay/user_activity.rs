//! Everything one user saw or changed: their access events, and every event whose
//! metadata names them as the actor.
use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use indicatif::ProgressBar;
use kinlog_domain::access::{AccessEvent, ACCESS_CATEGORY};
use kinlog_domain::{CaseId, StaffId};
use kinlog_projections::{decode, decode_metadata};
use kinlog_store::{Filter, RecordedEvent, Store};
use serde::Serialize;
use uuid::Uuid;

use super::table::cell;
use super::{Tabular, Window};
use crate::Error;

/// What the user did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// An allowed access (`AccessRecorded`).
    Saw,
    /// A refused attempt (`AccessDenied`).
    Denied,
    /// An event the user's command caused.
    Changed,
}

impl ActivityKind {
    fn as_str(self) -> &'static str {
        match self {
            ActivityKind::Saw => "saw",
            ActivityKind::Denied => "denied",
            ActivityKind::Changed => "changed",
        }
    }
}

/// One thing the user did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActivityRow {
    pub position: u64,
    pub event_id: Uuid,
    /// For an access, when it was decided; for a change, when it was recorded.
    pub at: DateTime<Utc>,
    pub kind: ActivityKind,
    /// The action and record kind of an access, or the type of a changed event.
    pub what: String,
    /// The record accessed (`<kind> <id>`), or the stream changed.
    pub record: String,
    pub case: Option<CaseId>,
}

impl Tabular for ActivityRow {
    fn headers() -> &'static [&'static str] {
        &["position", "at (UTC)", "kind", "what", "record", "case"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.position.to_string(),
            self.at.format("%Y-%m-%d %H:%M:%S").to_string(),
            self.kind.as_str().to_owned(),
            self.what.clone(),
            self.record.clone(),
            cell(self.case),
        ]
    }
}

/// Everything `staff` saw or changed in `window`, in log order. An access belongs to
/// the window by its decision time, a change by its `recorded_at`: each is the moment
/// the user acted. The whole log is read once.
pub async fn user_activity(
    store: &Store,
    staff: StaffId,
    window: &Window,
    progress: &ProgressBar,
) -> Result<Vec<ActivityRow>, Error> {
    progress.set_length(store.head().await?);
    let mut events = store.read_filtered(&Filter::All, None, 0, None).await?;
    let mut rows = Vec::new();
    while let Some(event) = events.try_next().await? {
        progress.set_position(event.position);
        let row = if is_access_event(&event) {
            access_row(&event, staff)?
        } else {
            change_row(&event, staff)?
        };
        rows.extend(row.filter(|row| window.contains(row.at)));
    }
    Ok(rows)
}

fn is_access_event(event: &RecordedEvent) -> bool {
    event
        .stream_id
        .strip_prefix(ACCESS_CATEGORY)
        .is_some_and(|rest| rest.starts_with('-'))
}

/// An access is the actor's by its decision facts, whoever appended it.
fn access_row(event: &RecordedEvent, staff: StaffId) -> Result<Option<ActivityRow>, Error> {
    let (access, _) = decode::<AccessEvent>(event)?;
    let (kind, record) = match &access {
        AccessEvent::AccessRecorded(record) => (ActivityKind::Saw, record),
        AccessEvent::AccessDenied(record) => (ActivityKind::Denied, record),
        AccessEvent::DisclosureRecorded(_) => return change_row(event, staff),
    };
    if record.actor() != staff {
        return Ok(None);
    }
    Ok(Some(ActivityRow {
        position: event.position,
        event_id: event.event_id,
        at: record.at(),
        kind,
        what: format!("{:?} {:?}", record.action, record.resource_kind()),
        record: format!("{:?} {}", record.resource_kind(), record.resource_id()),
        case: record.case(),
    }))
}

fn change_row(event: &RecordedEvent, staff: StaffId) -> Result<Option<ActivityRow>, Error> {
    let metadata = decode_metadata(event)?;
    if metadata.actor != Some(staff.0) {
        return Ok(None);
    }
    let case = CaseId::from_stream_id(&event.stream_id);
    Ok(Some(ActivityRow {
        position: event.position,
        event_id: event.event_id,
        at: event.recorded_at,
        kind: ActivityKind::Changed,
        what: event.event_type.clone(),
        record: event.stream_id.clone(),
        case,
    }))
}
