//! `/cases/{case_id}`: the case summary, its placements, and commands to the case.
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::NaiveDate;
use kinlog_domain::case::Case;
use kinlog_domain::policy::Action;
use kinlog_domain::CaseId;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::command::{
    another_aggregate, idempotency_key, parse_command, record_command, CommandOutcome,
};
use crate::http::audit::authorize;
use crate::http::auth::Authenticated;
use crate::http::body::JsonText;
use crate::http::problem::{ApiError, Problem};
use crate::http::request::RequestInfo;
use crate::http::AppState;
use crate::import::{AggregateKind, AnyCommand};
use crate::principal::ResourceRef;

/// Where a case stands and who is responsible (`rm.case_summary`).
#[derive(Serialize, ToSchema)]
pub(crate) struct CaseSummary {
    case_id: Uuid,
    status: String,
    agency: Uuid,
    county: i32,
    reported_on: NaiveDate,
    screened_on: Option<NaiveDate>,
    opened_on: Option<NaiveDate>,
    closed_on: Option<NaiveDate>,
    closure_reason: Option<String>,
    caseworker: Option<Uuid>,
    supervisor: Option<Uuid>,
    assigned_on: Option<NaiveDate>,
    children: Vec<CaseChild>,
    /// The log position this summary reflects.
    as_of_position: i64,
}

/// A child of the case and their open custody episode, if any.
#[derive(Serialize, ToSchema)]
pub(crate) struct CaseChild {
    child: Uuid,
    open_episode_id: Option<Uuid>,
    removed_on: Option<NaiveDate>,
}

const SUMMARY: &str =
    "SELECT case_id, status, agency, county, reported_on, screened_on, opened_on, \
    closed_on, closure_reason, caseworker, supervisor, assigned_on, last_position \
    FROM rm.case_summary WHERE case_id = $1";
const CHILDREN: &str = "SELECT child, open_episode_id, removed_on FROM rm.case_child \
    WHERE case_id = $1 ORDER BY child";

/// The case summary. Audited: one `AccessRecorded` (or `AccessDenied`) per request.
#[utoipa::path(get, path = "/cases/{case_id}", tag = "cases",
    params(("case_id" = Uuid, Path, description = "The case"),
        ("X-Purpose" = Option<String>, Header, description = "The purpose of the access (default CaseWork)")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The case summary", body = CaseSummary),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing returned", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn summary(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Path(case_id): Path<Uuid>,
) -> Result<Response, ApiError> {
    let permit = authorize(
        &state,
        who,
        request,
        Action::View,
        ResourceRef::Case(CaseId(case_id)),
    )
    .await?;
    let client = state
        .store()
        .connection()
        .await
        .map_err(|e| ApiError::internal("connecting for a case summary", e))?;
    let row = client
        .query_opt(SUMMARY, &[&case_id])
        .await
        .map_err(|e| ApiError::internal("reading rm.case_summary", e))?
        // The case is in the log but its read model has not caught up yet.
        .ok_or(ApiError::Unavailable {
            what: "the case summary (read model catching up)",
        })?;
    let children = client
        .query(CHILDREN, &[&case_id])
        .await
        .map_err(|e| ApiError::internal("reading rm.case_child", e))?
        .iter()
        .map(|r| CaseChild {
            child: r.get(0),
            open_episode_id: r.get(1),
            removed_on: r.get(2),
        })
        .collect();
    let summary = CaseSummary {
        case_id: row.get(0),
        status: row.get(1),
        agency: row.get(2),
        county: row.get(3),
        reported_on: row.get(4),
        screened_on: row.get(5),
        opened_on: row.get(6),
        closed_on: row.get(7),
        closure_reason: row.get(8),
        caseworker: row.get(9),
        supervisor: row.get(10),
        assigned_on: row.get(11),
        children,
        as_of_position: row.get(12),
    };
    permit.respond(&summary).await
}

/// A command to the case, in the body shape of `docs/import.md` (`{"RecordCaseNote":
/// {...}}`). `Idempotency-Key` (a UUID) makes a retry safe: a repeat is recognised from
/// the log and not decided again.
#[utoipa::path(post, path = "/cases/{case_id}/commands", tag = "cases",
    params(("case_id" = Uuid, Path, description = "The case"),
        ("Idempotency-Key" = Option<Uuid>, Header, description = "The command's id")),
    request_body(content = serde_json::Value, description = "One case command, as in docs/import.md", content_type = "application/json"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The command's outcome", body = CommandOutcome),
        (status = 400, description = "The body is not a case command; names the field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A domain rule refused it; names the field and the rule", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing stored", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn command(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Path(case_id): Path<Uuid>,
    headers: HeaderMap,
    JsonText(body): JsonText,
) -> Result<axum::Json<CommandOutcome>, ApiError> {
    let command_id = idempotency_key(&headers)?;
    let AnyCommand::Case(command) = parse_command(AggregateKind::Case, case_id, &body)? else {
        return Err(another_aggregate());
    };
    let case = CaseId(case_id);
    record_command::<Case>(
        &state,
        who,
        request,
        ResourceRef::Case(case),
        &case.stream_id(),
        command_id,
        command,
    )
    .await
}
