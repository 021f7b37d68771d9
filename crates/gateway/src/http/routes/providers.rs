//! `/providers/{provider_id}`: a provider's registry entry and licensing history
//! (`rm.provider_registry`, `rm.provider_license_step`), and commands to its record.
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::NaiveDate;
use kinlog_domain::policy::Action;
use kinlog_domain::provider::Provider;
use kinlog_domain::ProviderId;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::audit::authorize;
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

/// A provider and where its license stands.
#[derive(Serialize, ToSchema)]
pub(crate) struct ProviderEntry {
    provider_id: Uuid,
    kind: String,
    name: String,
    organization_id: Uuid,
    registered_on: NaiveDate,
    /// registered, applied, studied, licensed, denied or revoked: the latest step.
    license_status: String,
    license_number: Option<String>,
    licensed_on: Option<NaiveDate>,
    license_expires_on: Option<NaiveDate>,
    /// Whether a `licensed` status has run past its expiry without a renewal.
    license_lapsed: bool,
    status_changed_on: NaiveDate,
    revocation_reason: Option<String>,
    licensing_history: Vec<LicenseStep>,
    /// The log position this entry reflects.
    as_of_position: i64,
}

/// One licensing step.
#[derive(Serialize, ToSchema)]
pub(crate) struct LicenseStep {
    /// applied, studied, licensed, renewed, denied or revoked.
    step: String,
    occurred_on: NaiveDate,
    expires_on: Option<NaiveDate>,
}

const ENTRY: &str = "SELECT provider_id, kind, name, organization_id, registered_on, \
    license_status, license_number, licensed_on, license_expires_on, status_changed_on, \
    revocation_reason, last_position FROM rm.provider_registry WHERE provider_id = $1";
const STEPS: &str = "SELECT step, occurred_on, expires_on FROM rm.provider_license_step \
    WHERE provider_id = $1 ORDER BY position";

/// A provider's registry entry. Audited: one `AccessRecorded` (or `AccessDenied`).
#[utoipa::path(get, path = "/providers/{provider_id}", tag = "providers",
    params(("provider_id" = Uuid, Path, description = "The provider"),
        ("X-Purpose" = Option<String>, Header, description = "The purpose of the access (default CaseWork)")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The provider's entry", body = ProviderEntry),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded, or the read model is catching up; nothing returned", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn entry(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Path(provider_id): Path<Uuid>,
) -> Result<Response, ApiError> {
    let permit = authorize(
        &state,
        who,
        request,
        Action::View,
        ResourceRef::ProviderRecord(ProviderId(provider_id)),
    )
    .await?;
    let client = state
        .store()
        .connection()
        .await
        .map_err(|e| ApiError::internal("connecting for a provider entry", e))?;
    let row = client
        .query_opt(ENTRY, &[&provider_id])
        .await
        .map_err(|e| ApiError::internal("reading rm.provider_registry", e))?
        // The provider is in the log but its read model has not caught up yet.
        .ok_or(ApiError::Unavailable {
            what: "the provider registry (read model catching up)",
        })?;
    let licensing_history = client
        .query(STEPS, &[&provider_id])
        .await
        .map_err(|e| ApiError::internal("reading rm.provider_license_step", e))?
        .iter()
        .map(|r| LicenseStep {
            step: r.get(0),
            occurred_on: r.get(1),
            expires_on: r.get(2),
        })
        .collect();
    let license_status: String = row.get(5);
    let license_expires_on: Option<NaiveDate> = row.get(8);
    let today = chrono::Utc::now().date_naive();
    let entry = ProviderEntry {
        provider_id: row.get(0),
        kind: row.get(1),
        name: row.get(2),
        organization_id: row.get(3),
        registered_on: row.get(4),
        license_lapsed: license_status == "licensed"
            && license_expires_on.is_some_and(|expires| expires < today),
        license_status,
        license_number: row.get(6),
        licensed_on: row.get(7),
        license_expires_on,
        status_changed_on: row.get(9),
        revocation_reason: row.get(10),
        licensing_history,
        as_of_position: row.get(11),
    };
    permit.respond(&entry).await
}

/// A command to the provider's record, in the body shape of `docs/import.md`
/// (`{"renew_license": {...}}`): licensing, caregivers, recruitment, trainings, visits,
/// discharge planning. `Idempotency-Key` (a UUID) makes a retry safe. A provider is
/// registered by import; this route records what happens to one that exists.
#[utoipa::path(post, path = "/providers/{provider_id}/commands", tag = "providers",
    params(("provider_id" = Uuid, Path, description = "The provider"),
        ("Idempotency-Key" = Option<Uuid>, Header, description = "The command's id")),
    request_body(content = serde_json::Value, description = "One provider command, as in docs/import.md", content_type = "application/json"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The command's outcome", body = CommandOutcome),
        (status = 400, description = "The body is not a provider command; names the field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A domain rule refused it; names the field and the rule", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing stored", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn command(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Path(provider_id): Path<Uuid>,
    headers: HeaderMap,
    JsonText(body): JsonText,
) -> Result<axum::Json<CommandOutcome>, ApiError> {
    let command_id = idempotency_key(&headers)?;
    let AnyCommand::Provider(command) = parse_command(AggregateKind::Provider, provider_id, &body)?
    else {
        return Err(another_aggregate());
    };
    let provider = ProviderId(provider_id);
    record_command::<Provider>(
        &state,
        who,
        request,
        ResourceRef::ProviderRecord(provider),
        &provider.stream_id(),
        command_id,
        command,
    )
    .await
}
