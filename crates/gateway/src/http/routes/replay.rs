//! `/replay/...`: compliance replay over HTTP for auditors. The request itself is the one
//! access recorded (`replayAudit` on the access log asked about), before the answer
//! leaves.
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use indicatif::ProgressBar;
use kinlog_domain::policy::{Action, Purpose};
use kinlog_domain::CaseId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::http::audit::authorize;
use crate::http::auth::Authenticated;
use crate::http::problem::{ApiError, Problem};
use crate::http::request::RequestInfo;
use crate::http::AppState;
use crate::principal::ResourceRef;
use crate::replay::{who_accessed as replay_who_accessed, AccessRow, Subject, Window};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct WhoAccessedQuery {
    /// The case whose records were accessed.
    case: Uuid,
    /// The window's start (RFC 3339); the beginning of the log when absent.
    from: Option<DateTime<Utc>>,
    /// The window's end, exclusive; now when absent.
    to: Option<DateTime<Utc>>,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct WhoAccessed {
    case: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    /// Each access in log order, with actor, roles, grant, purpose and decision (the
    /// fields of `kinlog replay who-accessed --json`).
    #[schema(value_type = Vec<Object>)]
    accesses: Vec<AccessRow>,
}

/// Every access to a case's records in a window. For auditors and privacy officers
/// (Ohio rule paragraph S); recorded as the requester's access.
#[utoipa::path(get, path = "/replay/who-accessed", tag = "replay",
    params(WhoAccessedQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The accesses", body = WhoAccessed),
        (status = 400, description = "A bad window", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing returned", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn who_accessed(
    State(state): State<AppState>,
    who: Authenticated,
    mut request: RequestInfo,
    Query(query): Query<WhoAccessedQuery>,
) -> Result<Response, ApiError> {
    let now = Utc::now();
    let (from, to) = (
        query.from.unwrap_or(DateTime::UNIX_EPOCH),
        query.to.unwrap_or(now),
    );
    let window = Window::new(from, to).map_err(|_| ApiError::InvalidParameter {
        field: "to",
        reason: "the window's end must be after its start".to_owned(),
    })?;
    request.purpose = Purpose::Audit;
    let case = CaseId(query.case);
    let permit = authorize(
        &state,
        who,
        request,
        Action::ReplayAudit,
        ResourceRef::CaseAccessLog(case),
    )
    .await?;
    let accesses = replay_who_accessed(
        state.store(),
        Subject::Case(case),
        &window,
        &ProgressBar::hidden(),
    )
    .await
    .map_err(|e| ApiError::internal("replaying the access log", e))?;
    permit
        .respond(&WhoAccessed {
            case: case.0,
            from,
            to,
            accesses,
        })
        .await
}
