//! `/staff/{staff_id}/caseload`: the open cases a staff member is responsible for, as
//! caseworker or supervisor. Viewing it is viewing those cases: the policies judge it as
//! a case record of the staff member's organization about every person the cases name,
//! so a conflict of interest in any one of them refuses the whole list.
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::NaiveDate;
use kinlog_domain::policy::Action;
use kinlog_domain::StaffId;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::audit::authorize;
use crate::http::auth::Authenticated;
use crate::http::problem::{ApiError, Problem};
use crate::http::request::RequestInfo;
use crate::http::AppState;
use crate::principal::ResourceRef;

/// A staff member's open cases (`rm.caseload` with `rm.case_summary`).
#[derive(Serialize, ToSchema)]
pub(crate) struct Caseload {
    staff_id: Uuid,
    cases: Vec<CaseloadEntry>,
}

/// One case of a caseload.
#[derive(Serialize, ToSchema)]
pub(crate) struct CaseloadEntry {
    case_id: Uuid,
    /// `caseworker` or `supervisor`.
    role: String,
    assigned_on: NaiveDate,
    /// `referred`, `screened_in` or `open` (closed cases leave the caseload).
    status: String,
    county: i32,
    reported_on: NaiveDate,
    opened_on: Option<NaiveDate>,
    /// The case's children.
    children: Vec<Uuid>,
    /// The log position the case's summary reflects.
    as_of_position: i64,
}

const CASELOAD: &str = "SELECT l.case_id, l.role, l.assigned_on, s.status, s.county, \
    s.reported_on, s.opened_on, \
    coalesce((SELECT array_agg(c.child ORDER BY c.child) FROM rm.case_child c \
              WHERE c.case_id = l.case_id), '{}'), \
    s.last_position \
    FROM rm.caseload l JOIN rm.case_summary s USING (case_id) \
    WHERE l.staff_id = $1 ORDER BY s.reported_on, l.case_id, l.role";

/// A staff member's caseload, oldest referral first. Audited: one `AccessRecorded` (or
/// `AccessDenied`) per request, naming every person of the cases.
#[utoipa::path(get, path = "/staff/{staff_id}/caseload", tag = "cases",
    params(("staff_id" = Uuid, Path, description = "The staff member"),
        ("X-Purpose" = Option<String>, Header, description = "The purpose of the access (default CaseWork)")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caseload", body = Caseload),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such staff member", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing returned", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn caseload(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Path(staff_id): Path<Uuid>,
) -> Result<Response, ApiError> {
    let permit = authorize(
        &state,
        who,
        request,
        Action::View,
        ResourceRef::Caseload(StaffId(staff_id)),
    )
    .await?;
    let client = state
        .store()
        .connection()
        .await
        .map_err(|e| ApiError::internal("connecting for a caseload", e))?;
    let cases = client
        .query(CASELOAD, &[&staff_id])
        .await
        .map_err(|e| ApiError::internal("reading rm.caseload", e))?
        .iter()
        .map(|r| CaseloadEntry {
            case_id: r.get(0),
            role: r.get(1),
            assigned_on: r.get(2),
            status: r.get(3),
            county: r.get(4),
            reported_on: r.get(5),
            opened_on: r.get(6),
            children: r.get(7),
            as_of_position: r.get(8),
        })
        .collect();
    permit.respond(&Caseload { staff_id, cases }).await
}
