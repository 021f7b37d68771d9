//! `/staff/{staff_id}/commands` and `/grants/{grant_id}/commands`: the director's
//! administration of their organization's staff accounts and access grants, in the body
//! shape of `docs/import.md`. Registering an account or issuing a grant is judged by the
//! organization and person the command names; every other command by the record as it
//! stands. Nobody administers their own account or grants themselves access.
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use kinlog_domain::grant::{Grant, GrantCommand};
use kinlog_domain::staff::{Staff, StaffCommand};
use kinlog_domain::{GrantId, StaffId};
use uuid::Uuid;

use crate::http::auth::Authenticated;
use crate::http::body::JsonText;
use crate::http::problem::{ApiError, Problem};
use crate::http::request::RequestInfo;
use crate::http::routes::command::{
    another_aggregate, idempotency_key, parse_command, record_command, CommandOutcome,
};
use crate::http::AppState;
use crate::import::{AggregateKind, AnyCommand};
use crate::principal::ResourceRef;

/// A command to a staff account (`{"assign_role": {...}}`, `{"suspend_account": {...}}`,
/// `{"register_staff_member": {...}}`, ...). `Idempotency-Key` (a UUID) makes a retry
/// safe. A suspension takes effect for the account's next request.
#[utoipa::path(post, path = "/staff/{staff_id}/commands", tag = "administration",
    params(("staff_id" = Uuid, Path, description = "The staff member"),
        ("Idempotency-Key" = Option<Uuid>, Header, description = "The command's id")),
    request_body(content = serde_json::Value, description = "One staff command, as in docs/import.md", content_type = "application/json"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The command's outcome", body = CommandOutcome),
        (status = 400, description = "The body is not a staff command; names the field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such staff member", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A domain rule refused it; names the field and the rule", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing stored", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn staff(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Path(staff_id): Path<Uuid>,
    headers: HeaderMap,
    JsonText(body): JsonText,
) -> Result<axum::Json<CommandOutcome>, ApiError> {
    let command_id = idempotency_key(&headers)?;
    let AnyCommand::Staff(command) = parse_command(AggregateKind::Staff, staff_id, &body)? else {
        return Err(another_aggregate());
    };
    let staff = StaffId(staff_id);
    let resource = match &command {
        StaffCommand::RegisterStaffMember {
            organization_id,
            person_id,
            ..
        } => ResourceRef::NewStaffRecord {
            staff,
            organization: *organization_id,
            person: *person_id,
        },
        _ => ResourceRef::StaffRecord(staff),
    };
    record_command::<Staff>(
        &state,
        who,
        request,
        resource,
        &staff.stream_id(),
        command_id,
        command,
    )
    .await
}

/// A command to an access grant (`{"issue_grant": {...}}`, `{"extend_grant": {...}}`,
/// `{"revoke_grant": {...}}`). `Idempotency-Key` (a UUID) makes a retry safe. A
/// revocation takes effect for the grantee's next request.
#[utoipa::path(post, path = "/grants/{grant_id}/commands", tag = "administration",
    params(("grant_id" = Uuid, Path, description = "The grant"),
        ("Idempotency-Key" = Option<Uuid>, Header, description = "The command's id")),
    request_body(content = serde_json::Value, description = "One grant command, as in docs/import.md", content_type = "application/json"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The command's outcome", body = CommandOutcome),
        (status = 400, description = "The body is not a grant command; names the field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such grant, or no such grantee", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A domain rule refused it; names the field and the rule", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing stored", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn grant(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Path(grant_id): Path<Uuid>,
    headers: HeaderMap,
    JsonText(body): JsonText,
) -> Result<axum::Json<CommandOutcome>, ApiError> {
    let command_id = idempotency_key(&headers)?;
    let AnyCommand::Grant(command) = parse_command(AggregateKind::Grant, grant_id, &body)? else {
        return Err(another_aggregate());
    };
    let grant = GrantId(grant_id);
    let resource = match &command {
        GrantCommand::IssueGrant {
            issuing_organization,
            grantee,
            ..
        } => ResourceRef::NewGrant {
            grant,
            issuing_organization: *issuing_organization,
            grantee: *grantee,
        },
        _ => ResourceRef::Grant(grant),
    };
    record_command::<Grant>(
        &state,
        who,
        request,
        resource,
        &grant.stream_id(),
        command_id,
        command,
    )
    .await
}
