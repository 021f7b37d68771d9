//! `/cases/{case_id}/notes/{note_id}` and `/cases/{case_id}/visits/{visit_id}`: one case
//! note with its amendments, and one scheduled family visit, read from the case's
//! stream. Each is authorized as its own record kind (`case_note`, `visit_schedule`),
//! whose subjects are the persons it names, so a note about a relative is refused where
//! the case as a whole would not be.
use axum::extract::{Path, State};
use axum::response::Response;
use kinlog_domain::case::{CaseEvent, FamilyVisitId, NoteId};
use kinlog_domain::policy::Action;
use kinlog_domain::CaseId;
use kinlog_projections::decode;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::http::audit::authorize;
use crate::http::auth::Authenticated;
use crate::http::problem::{ApiError, Problem};
use crate::http::request::RequestInfo;
use crate::http::AppState;
use crate::principal::ResourceRef;

/// A case note as written, and every note amending it, in the order recorded. An
/// amendment never changes the note it amends; both stand.
#[utoipa::path(get, path = "/cases/{case_id}/notes/{note_id}", tag = "cases",
    params(("case_id" = Uuid, Path, description = "The case"),
        ("note_id" = Uuid, Path, description = "The note"),
        ("X-Purpose" = Option<String>, Header, description = "The purpose of the access (default CaseWork)")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The note and its amendments", body = Object),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case or note", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing returned", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn note(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Path((case_id, note_id)): Path<(Uuid, Uuid)>,
) -> Result<Response, ApiError> {
    let (case, note) = (CaseId(case_id), NoteId(note_id));
    let permit = authorize(
        &state,
        who,
        request,
        Action::View,
        ResourceRef::CaseNote { case, note },
    )
    .await?;
    let mut written = None;
    let mut amendments = Vec::new();
    for fact in case_facts(&state, case).await? {
        match &fact {
            CaseEvent::CaseNoteRecorded { note_id, .. }
            | CaseEvent::CaseNoteAmended { note_id, .. }
                if *note_id == note =>
            {
                written = Some(entry(&fact)?);
            }
            CaseEvent::CaseNoteAmended { amends, .. } if *amends == note => {
                amendments.push(entry(&fact)?);
            }
            _ => {}
        }
    }
    let written = written.ok_or(ApiError::UnknownRecord {
        kind: "case note",
        id: note_id,
    })?;
    permit
        .respond(&json!({"case_id": case_id, "note": written, "amended_by": amendments}))
        .await
}

/// A scheduled family visit: who visits whom, when, supervised by whom, and its outcome
/// once concluded.
#[utoipa::path(get, path = "/cases/{case_id}/visits/{visit_id}", tag = "cases",
    params(("case_id" = Uuid, Path, description = "The case"),
        ("visit_id" = Uuid, Path, description = "The family visit"),
        ("X-Purpose" = Option<String>, Header, description = "The purpose of the access (default CaseWork)")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The visit and its outcome", body = Object),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case or visit", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing returned", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn visit(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Path((case_id, visit_id)): Path<(Uuid, Uuid)>,
) -> Result<Response, ApiError> {
    let (case, visit) = (CaseId(case_id), FamilyVisitId(visit_id));
    let permit = authorize(
        &state,
        who,
        request,
        Action::View,
        ResourceRef::VisitSchedule { case, visit },
    )
    .await?;
    let mut scheduled = None;
    let mut concluded = Value::Null;
    for fact in case_facts(&state, case).await? {
        match &fact {
            CaseEvent::FamilyVisitScheduled { visit_id, .. } if *visit_id == visit => {
                scheduled = Some(entry(&fact)?);
            }
            CaseEvent::FamilyVisitConcluded { visit_id, .. } if *visit_id == visit => {
                concluded = entry(&fact)?;
            }
            _ => {}
        }
    }
    let scheduled = scheduled.ok_or(ApiError::UnknownRecord {
        kind: "family visit",
        id: visit_id,
    })?;
    permit
        .respond(&json!({"case_id": case_id, "scheduled": scheduled, "concluded": concluded}))
        .await
}

/// The case's effective facts in log order: an intern's pending entry is not one.
async fn case_facts(state: &AppState, case: CaseId) -> Result<Vec<CaseEvent>, ApiError> {
    let recorded = state
        .store()
        .read_stream(&case.stream_id(), 1, u32::MAX as usize)
        .await
        .map_err(|e| ApiError::internal("reading a case's stream", e))?;
    let mut facts = Vec::with_capacity(recorded.len());
    for event in &recorded {
        let (fact, _) = decode::<CaseEvent>(event)
            .map_err(|e| ApiError::internal("decoding a case event", e))?;
        if fact.is_effective_fact() {
            facts.push(fact);
        }
    }
    Ok(facts)
}

/// One fact's fields as the events store them (`{"CaseNoteRecorded": {...}}` unwrapped).
fn entry(fact: &CaseEvent) -> Result<Value, ApiError> {
    let tagged =
        serde_json::to_value(fact).map_err(|e| ApiError::internal("serializing a fact", e))?;
    Ok(match tagged {
        Value::Object(map) if map.len() == 1 => {
            map.into_iter().next().map(|(_, v)| v).unwrap_or_default()
        }
        other => other,
    })
}
