//! A case as it stood at a past moment, rebuilt from its stream by the aggregate's own
//! fold, as a person reading the record would see it then.
use chrono::{DateTime, Utc};
use kinlog_domain::case::codes::{ExitReason, MaltreatmentDisposition};
use kinlog_domain::case::{
    AllegationId, Case, CaseEvent, CaseRecord, CaseStatus, EpisodeId, PlacementId,
};
use kinlog_domain::{Aggregate, CaseId, Date, OrganizationId, PersonId, StaffId};
use kinlog_projections::decode;
use kinlog_store::Store;
use serde::Serialize;

use crate::Error;

/// The case at `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseAsOf {
    pub case_id: CaseId,
    pub at: DateTime<Utc>,
    /// The stream's events folded: those recorded at or before `at`.
    pub events_applied: u64,
    /// The log position of the last of them.
    pub last_position: u64,
    /// `None` while the only entries are an intern's pending proposals.
    pub record: Option<CaseRecordAsOf>,
    /// Intern entries awaiting approval at `at`: proposals, not facts.
    pub pending_entries: usize,
}

/// The effective facts of the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseRecordAsOf {
    pub status: &'static str,
    pub reported_on: Date,
    pub agency: OrganizationId,
    pub caseworker: Option<StaffId>,
    pub supervisor: Option<StaffId>,
    pub allegations: Vec<AllegationAsOf>,
    pub episodes: Vec<EpisodeAsOf>,
    pub notes: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllegationAsOf {
    pub id: AllegationId,
    pub victim: PersonId,
    pub alleged_on: Date,
    pub disposition: Option<MaltreatmentDisposition>,
    pub disposed_on: Option<Date>,
}

/// A custody episode and its placements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EpisodeAsOf {
    pub id: EpisodeId,
    pub child: PersonId,
    pub removed_on: Date,
    pub exited_on: Option<Date>,
    pub exit_reason: Option<ExitReason>,
    pub placements: Vec<PlacementAsOf>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlacementAsOf {
    pub id: PlacementId,
    pub started_on: Date,
    pub ended_on: Option<Date>,
}

/// Folds the events of `case` recorded at or before `at` (`recorded_at` is monotonic
/// along the log, so this is a prefix of the stream). A case with no event by then is
/// an error naming `at`.
pub async fn case_as_of(store: &Store, case: CaseId, at: DateTime<Utc>) -> Result<CaseAsOf, Error> {
    let recorded = store
        .read_stream(&case.stream_id(), 1, u32::MAX as usize)
        .await?;
    let upto: Vec<_> = recorded
        .iter()
        .take_while(|event| event.recorded_at <= at)
        .collect();
    let Some(last) = upto.last() else {
        return Err(Error::CaseNotRecorded { case, at });
    };
    let history = upto
        .iter()
        .map(|event| decode::<CaseEvent>(event).map(|(domain, _)| domain))
        .collect::<Result<Vec<_>, _>>()?;
    let state = Case::replay(&history);
    Ok(CaseAsOf {
        case_id: case,
        at,
        events_applied: upto.len() as u64,
        last_position: last.position,
        record: state.effective().map(record_as_of),
        pending_entries: state.pending_entries().count(),
    })
}

fn record_as_of(record: &CaseRecord) -> CaseRecordAsOf {
    let assignment = record.assignment();
    CaseRecordAsOf {
        status: status_name(record.status()),
        reported_on: record.reported_on(),
        agency: record.agency(),
        caseworker: assignment.map(|a| a.worker),
        supervisor: assignment.and_then(|a| a.supervisor),
        allegations: record
            .allegations()
            .iter()
            .map(|(id, allegation)| AllegationAsOf {
                id: *id,
                victim: allegation.victim,
                alleged_on: allegation.alleged_on,
                disposition: allegation.disposition.map(|(d, _)| d),
                disposed_on: allegation.disposition.map(|(_, on)| on),
            })
            .collect(),
        episodes: record
            .episodes()
            .iter()
            .map(|(id, episode)| EpisodeAsOf {
                id: *id,
                child: episode.child,
                removed_on: episode.removed_on,
                exited_on: episode.exit.map(|(on, _)| on),
                exit_reason: episode.exit.map(|(_, reason)| reason),
                placements: episode
                    .placements
                    .iter()
                    .map(|(id, placement)| PlacementAsOf {
                        id: *id,
                        started_on: placement.started_on,
                        ended_on: placement.ended_on,
                    })
                    .collect(),
            })
            .collect(),
        notes: record.notes().len(),
    }
}

fn status_name(status: CaseStatus) -> &'static str {
    match status {
        CaseStatus::Referred => "referred",
        CaseStatus::ScreenedOut => "screened out",
        CaseStatus::ScreenedIn => "screened in",
        CaseStatus::Open => "open",
        CaseStatus::Closed => "closed",
    }
}

impl CaseAsOf {
    /// The case as text for people.
    pub fn render(&self) -> String {
        let mut out = format!(
            "case {} as of {} ({} events, through position {})\n",
            self.case_id, self.at, self.events_applied, self.last_position
        );
        let Some(record) = &self.record else {
            out.push_str("no effective record yet\n");
            out.push_str(&format!(
                "pending intern entries: {}\n",
                self.pending_entries
            ));
            return out;
        };
        out.push_str(&format!(
            "status: {}\nreported on: {}\nagency: {}\n",
            record.status, record.reported_on, record.agency
        ));
        if let Some(worker) = record.caseworker {
            out.push_str(&format!("caseworker: {worker}\n"));
        }
        if let Some(supervisor) = record.supervisor {
            out.push_str(&format!("supervisor: {supervisor}\n"));
        }
        for allegation in &record.allegations {
            out.push_str(&format!(
                "allegation {}: victim {}, alleged {}, finding {}\n",
                allegation.id,
                allegation.victim,
                allegation.alleged_on,
                match (allegation.disposition, allegation.disposed_on) {
                    (Some(d), Some(on)) => format!("{d:?} on {on}"),
                    _ => "none yet".to_owned(),
                }
            ));
        }
        for episode in &record.episodes {
            out.push_str(&format!(
                "episode {}: child {}, removed {}{}\n",
                episode.id,
                episode.child,
                episode.removed_on,
                match (episode.exited_on, episode.exit_reason) {
                    (Some(on), Some(reason)) => format!(", exited {on} ({reason:?})"),
                    _ => String::new(),
                }
            ));
            for placement in &episode.placements {
                out.push_str(&format!(
                    "  placement {}: from {}{}\n",
                    placement.id,
                    placement.started_on,
                    placement
                        .ended_on
                        .map(|end| format!(" to {end}"))
                        .unwrap_or_default()
                ));
            }
        }
        out.push_str(&format!(
            "notes: {}\npending intern entries: {}\n",
            record.notes, self.pending_entries
        ));
        out
    }
}
