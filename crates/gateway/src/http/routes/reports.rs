//! `/reports/...`: federal report runs over HTTP. A run is authorized (`runReport`) and
//! recorded as the requester's one access before its files are written; fetching a file
//! is authorized and recorded the same way, before the bytes leave.
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kinlog_domain::report::{report_stream_id, ReportEvent, ReportFile};
use kinlog_projections::decode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::http::auth::Authenticated;
use crate::http::problem::{ApiError, Problem};
use crate::http::request::RequestInfo;
use crate::http::AppState;
use crate::report::cli::record_number_key_path;
use crate::report::{
    authorize_report, run_report, RecordNumberKey, ReportKind, ReportRequest, State as ReportState,
};
use crate::Error;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct RunQuery {
    /// AFCARS and NYTD: `2026A` or `2026B`; NCANDS and CFSR: a fiscal year, `2026`; the
    /// crosswalk has none.
    #[serde(default)]
    period: String,
    /// Read the log only up to this position; the head when absent.
    at: Option<u64>,
}

/// A finished run: what it read and the SHA-256 of each file.
#[derive(Serialize, ToSchema)]
pub(crate) struct RunOutcome {
    run_id: Uuid,
    kind: String,
    period: String,
    /// The last log position the run read.
    position: u64,
    /// Where its `ReportRun` event is.
    recorded_at_position: u64,
    would_pass: bool,
    files: Vec<RunFile>,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct RunFile {
    name: String,
    sha256: String,
    bytes: u64,
    /// Where to fetch it.
    href: String,
}

/// Run a federal report at the log's head (or `at`). For the state's auditors; the
/// compliance report is one of the files.
#[utoipa::path(post, path = "/reports/{kind}", tag = "reports",
    params(("kind" = String, Path, description = "afcars, ncands, nytd, cfsr or crosswalk"), RunQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The run", body = RunOutcome),
        (status = 400, description = "A bad kind or period", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing written", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn run(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Path(kind): Path<String>,
    Query(query): Query<RunQuery>,
) -> Result<Response, ApiError> {
    let kind: ReportKind = kind.parse().map_err(|_| ApiError::InvalidParameter {
        field: "kind",
        reason: "one of afcars, ncands, nytd, cfsr, crosswalk".to_owned(),
    })?;
    let data_dir = &state.config().data_dir;
    let key = RecordNumberKey::read_or_create(&record_number_key_path(data_dir))
        .map_err(|e| ApiError::internal("reading the record-number key", e))?;
    let run_request = ReportRequest {
        kind,
        period: query.period,
        at: query.at,
        state: ReportState::default(),
        requested_by: who.staff,
    };
    // The run's files go under a directory named after a fresh id, then the run's own.
    let staging = data_dir.join("reports").join(Uuid::now_v7().to_string());
    let outcome = run_report(
        state.store(),
        state.policies(),
        &key,
        &run_request,
        &staging,
        request.client,
        &mut |_| {},
    )
    .await
    .map_err(api_error)?;
    let final_dir = data_dir.join("reports").join(outcome.run_id.to_string());
    std::fs::rename(&staging, &final_dir)
        .map_err(|e| ApiError::internal("moving the report files", e))?;
    let body = RunOutcome {
        run_id: outcome.run_id,
        kind: outcome.kind.to_string(),
        period: outcome.period,
        position: outcome.position,
        recorded_at_position: outcome.recorded_at_position,
        would_pass: outcome.would_pass,
        files: outcome
            .files
            .into_iter()
            .map(|f| RunFile {
                href: format!("/reports/{}/files/{}", outcome.run_id, f.name),
                name: f.name,
                sha256: f.sha256,
                bytes: f.bytes,
            })
            .collect(),
    };
    Ok(axum::Json(body).into_response())
}

/// One file of a run, as written. Authorized and recorded like the run.
#[utoipa::path(get, path = "/reports/{run_id}/files/{name}", tag = "reports",
    params(("run_id" = Uuid, Path, description = "The run"), ("name" = String, Path, description = "A file the run wrote")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The file's bytes"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such run or file", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing returned", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn file(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Path((run_id, name)): Path<(Uuid, String)>,
) -> Result<Response, ApiError> {
    let recorded = state
        .store()
        .read_stream(&report_stream_id(run_id), 1, 1)
        .await
        .map_err(|e| ApiError::internal("reading the report run", e))?;
    let unknown = ApiError::UnknownRecord {
        kind: "report run",
        id: run_id,
    };
    let Some(event) = recorded.first() else {
        return Err(unknown);
    };
    let (ReportEvent::ReportRun(run), _) =
        decode::<ReportEvent>(event).map_err(|e| ApiError::internal("decoding a report run", e))?;
    // Only a name the run recorded: never a path from the request.
    let Some(listed): Option<&ReportFile> = run.files.iter().find(|f| f.name == name) else {
        return Err(unknown);
    };
    let allowed = authorize_report(
        state.store(),
        state.policies(),
        who.staff,
        run_id,
        request.client,
    )
    .await
    .map_err(api_error)?;
    let bytes = std::fs::read(
        state
            .config()
            .data_dir
            .join("reports")
            .join(run_id.to_string())
            .join(&listed.name),
    )
    .map_err(|e| ApiError::internal("reading a report file", e))?;
    allowed
        .record(state.store(), vec![listed.name.clone()], bytes.len() as u64)
        .await
        .map_err(api_error)?;
    let media = if name.ends_with(".xml") {
        "application/xml"
    } else if name.ends_with(".json") {
        "application/json"
    } else {
        "text/plain; charset=us-ascii"
    };
    Ok(([(header::CONTENT_TYPE, media)], bytes).into_response())
}

/// How a run's failures answer over HTTP.
fn api_error(error: Error) -> ApiError {
    match error {
        Error::AccessRefused { policies, .. } => ApiError::Denied {
            deciding_policies: policies,
        },
        Error::AuditAppend(e) => {
            tracing::error!(error = %e, "recording a report access failed");
            ApiError::AuditUnavailable
        }
        Error::UnknownStaff { .. } => ApiError::Unauthenticated {
            reason: "the token's subject is not a staff member",
        },
        Error::ReportPeriod { period, expected } => ApiError::InvalidParameter {
            field: "period",
            reason: format!("{period:?}: {expected}"),
        },
        Error::Projection(kinlog_projections::Error::ReportInput { field, reason }) => {
            ApiError::InvalidParameter {
                field,
                reason: reason.to_owned(),
            }
        }
        other => ApiError::internal("running a report", other),
    }
}
