//! Liveness and readiness, for the orchestrator. Neither needs a token nor returns
//! protected data, so neither is audited.
use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::problem::ApiError;
use super::AppState;

#[derive(Serialize, ToSchema)]
pub(crate) struct Health {
    status: &'static str,
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "The process answers", body = Health)))]
pub(crate) async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// The process can serve: the database answers.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses(
        (status = 200, description = "The database answers", body = Health),
        (status = 503, description = "The database does not answer", body = super::problem::Problem,
            content_type = "application/problem+json"),
    ))]
pub(crate) async fn readyz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    let client = state
        .store()
        .connection()
        .await
        .map_err(|_| ApiError::Unavailable {
            what: "the database",
        })?;
    client
        .simple_query("SELECT 1")
        .await
        .map_err(|_| ApiError::Unavailable {
            what: "the database",
        })?;
    Ok(Json(Health { status: "ready" }))
}
