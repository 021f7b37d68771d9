//! `/replay/...`: compliance replay over HTTP for auditors and privacy officers (Ohio rule
//! paragraph S), the same questions as `kinlog replay`. Each request is decided as a
//! `replayAudit` over the records it reads, and recorded as the requester's one access
//! before the answer leaves; if that record cannot be written, nothing is answered.
use std::future::Future;

use axum::extract::{Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use indicatif::ProgressBar;
use kinlog_domain::{CaseId, PersonId, StaffId};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::http::audit::returned;
use crate::http::auth::Authenticated;
use crate::http::problem::{ApiError, Problem};
use crate::http::request::RequestInfo;
use crate::http::AppState;
use crate::replay::{
    authorize_replay, case_as_of as replay_case_as_of, monitor as replay_monitor,
    rejudge as replay_rejudge, user_activity as replay_user_activity,
    who_accessed as replay_who_accessed, MonitorRules, ReplayScope, Subject, Window,
};
use crate::Error;

/// A window of the log by recording time: `[from, to)`.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct WindowQuery {
    /// The window's start (RFC 3339); the beginning of the log when absent.
    from: Option<DateTime<Utc>>,
    /// The window's end, exclusive; now when absent.
    to: Option<DateTime<Utc>>,
}

impl WindowQuery {
    fn window(&self) -> Result<Window, ApiError> {
        window(self.from, self.to)
    }
}

/// `[from, to)`: from the beginning of the log, to now, when absent.
fn window(from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) -> Result<Window, ApiError> {
    let from = from.unwrap_or(DateTime::UNIX_EPOCH);
    let to = to.unwrap_or_else(Utc::now);
    Window::new(from, to).map_err(|_| ApiError::InvalidParameter {
        field: "to",
        reason: "the window's end must be after its start".to_owned(),
    })
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct WhoAccessedQuery {
    /// The person whose records were accessed.
    person: Option<Uuid>,
    /// The case whose records were accessed (when no person is given).
    case: Option<Uuid>,
    /// The window's start (RFC 3339); the beginning of the log when absent.
    from: Option<DateTime<Utc>>,
    /// The window's end, exclusive; now when absent.
    to: Option<DateTime<Utc>>,
}

/// Each access to a person's or a case's records in a window, in log order, with actor,
/// roles, grant, purpose and decision (as `kinlog replay who-accessed --json`).
#[utoipa::path(get, path = "/replay/who-accessed", tag = "replay",
    params(WhoAccessedQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The person or case, the window, and the accesses", body = Object),
        (status = 400, description = "No person or case, or a bad window", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing returned", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn who_accessed(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Query(query): Query<WhoAccessedQuery>,
) -> Result<Response, ApiError> {
    let window = window(query.from, query.to)?;
    let (scope, subject) = match (query.person, query.case) {
        (Some(person), _) => (
            ReplayScope::Person(PersonId(person)),
            Subject::Person(PersonId(person)),
        ),
        (None, Some(case)) => (ReplayScope::Case(CaseId(case)), Subject::Case(CaseId(case))),
        (None, None) => {
            return Err(ApiError::InvalidParameter {
                field: "person",
                reason: "give person or case".to_owned(),
            })
        }
    };
    let store = state.store();
    answer(&state, who, request, scope, async move {
        let accesses = replay_who_accessed(store, subject, &window, &ProgressBar::hidden()).await?;
        Ok(
            json!({"person": query.person, "case": query.case, "from": window.from,
            "to": window.to, "accesses": accesses}),
        )
    })
    .await
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct UserActivityQuery {
    /// The staff member whose activity is asked about.
    staff: Uuid,
    /// The window's start (RFC 3339); the beginning of the log when absent.
    from: Option<DateTime<Utc>>,
    /// The window's end, exclusive; now when absent.
    to: Option<DateTime<Utc>>,
}

/// Everything one staff member saw or changed in a window (as `kinlog replay
/// user-activity --json`).
#[utoipa::path(get, path = "/replay/user-activity", tag = "replay",
    params(UserActivityQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The staff member, the window, and the activity in log order", body = Object),
        (status = 400, description = "A bad window", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing returned", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn user_activity(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Query(query): Query<UserActivityQuery>,
) -> Result<Response, ApiError> {
    let window = window(query.from, query.to)?;
    let staff = StaffId(query.staff);
    let store = state.store();
    answer(
        &state,
        who,
        request,
        ReplayScope::Staff(staff),
        async move {
            let activity =
                replay_user_activity(store, staff, &window, &ProgressBar::hidden()).await?;
            Ok(json!({"staff": staff, "from": window.from, "to": window.to,
                "activity": activity}))
        },
    )
    .await
}

/// The unusual-activity report of Ohio rule paragraphs E and S over the requester's
/// organization, under the default rules (`America/New_York`, 07:00–19:00 on weekdays):
/// conflicts of interest, accesses outside caseload or grants, after hours, volume
/// outliers, lapsed training (as `kinlog replay monitor --json`).
#[utoipa::path(get, path = "/replay/monitor", tag = "replay",
    params(WindowQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The window and the findings", body = Object),
        (status = 400, description = "A bad window", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing returned", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn monitor(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Query(query): Query<WindowQuery>,
) -> Result<Response, ApiError> {
    let window = query.window()?;
    let store = state.store();
    answer(
        &state,
        who,
        request,
        ReplayScope::Organization,
        async move {
            let rules = MonitorRules::default();
            let findings = replay_monitor(store, &window, &rules, &ProgressBar::hidden()).await?;
            Ok(json!({"from": window.from, "to": window.to, "findings": findings}))
        },
    )
    .await
}

/// Every access in a window judged again under the policy set this server runs: those
/// it would now deny, with the deciding policy, and those decided under another policy
/// set (as `kinlog replay rejudge --json`; the CLI can judge under any directory).
#[utoipa::path(get, path = "/replay/rejudge", tag = "replay",
    params(WindowQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The accesses that would now be denied, and the policy-hash mismatches", body = Object),
        (status = 400, description = "A bad window", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing returned", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn rejudge(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Query(query): Query<WindowQuery>,
) -> Result<Response, ApiError> {
    let window = query.window()?;
    let (store, policies) = (state.store(), state.policies());
    answer(
        &state,
        who,
        request,
        ReplayScope::Organization,
        async move { replay_rejudge(store, policies, &window, &ProgressBar::hidden()).await },
    )
    .await
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct CaseAsOfQuery {
    case: Uuid,
    /// The moment (RFC 3339): the case as the log held it then.
    at: DateTime<Utc>,
}

/// A case as it stood at a moment, rebuilt from the events recorded up to it (as
/// `kinlog replay case-as-of --json`).
#[utoipa::path(get, path = "/replay/case-as-of", tag = "replay",
    params(CaseAsOfQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The case as it stood", body = Object),
        (status = 400, description = "A bad moment", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing of the case was recorded by that moment", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing returned", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn case_as_of(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Query(query): Query<CaseAsOfQuery>,
) -> Result<Response, ApiError> {
    let case = CaseId(query.case);
    let store = state.store();
    answer(&state, who, request, ReplayScope::Case(case), async move {
        replay_case_as_of(store, case, query.at).await
    })
    .await
}

/// Decides the replay over `scope`, computes the answer, records the access with what it
/// returns, and only then answers.
async fn answer<T: Serialize>(
    state: &AppState,
    who: Authenticated,
    request: RequestInfo,
    scope: ReplayScope,
    compute: impl Future<Output = Result<T, Error>>,
) -> Result<Response, ApiError> {
    let allowed = authorize_replay(
        state.store(),
        state.policies(),
        who.staff,
        scope,
        request.client,
        Utc::now(),
    )
    .await
    .map_err(api_error)?;
    let value = serde_json::to_value(compute.await.map_err(api_error)?)
        .map_err(|e| ApiError::internal("serializing a replay", e))?;
    let bytes =
        serde_json::to_vec(&value).map_err(|e| ApiError::internal("serializing a replay", e))?;
    allowed
        .record(state.store(), returned(&value), bytes.len() as u64)
        .await
        .map_err(api_error)?;
    let mut response = bytes.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(response)
}

fn api_error(error: Error) -> ApiError {
    match error {
        Error::AccessRefused { policies, .. } => ApiError::Denied {
            deciding_policies: policies,
        },
        Error::AuditAppend(e) => {
            tracing::error!(error = %e, "recording a replay access failed");
            ApiError::AuditUnavailable
        }
        Error::UnknownStaff { .. } => ApiError::Unauthenticated {
            reason: "the token's subject is not a staff member",
        },
        Error::UnknownResource { kind, id } => ApiError::UnknownRecord { kind, id },
        // Nothing of the case was recorded by that moment.
        Error::CaseNotRecorded { case, .. } => ApiError::UnknownRecord {
            kind: "case",
            id: case.0,
        },
        Error::ReplayInput { field, reason } => ApiError::InvalidParameter { field, reason },
        other => ApiError::internal("replaying the log", other),
    }
}
