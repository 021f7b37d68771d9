//! A person's rights over their record (`docs/subject-rights.md`): their own copy, a
//! request to amend it, and erasure. Each is the privacy officer's, on the person's
//! request (`X-Purpose: PrivacyRequest`), and each is audited.
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::NaiveDate;
use kinlog_domain::person::{Person, PersonCommand};
use kinlog_domain::policy::{Action, Purpose};
use kinlog_domain::{Narrative, PersonId};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::audit::authorize;
use crate::http::auth::Authenticated;
use crate::http::body::JsonBody;
use crate::http::problem::{ApiError, Problem};
use crate::http::request::RequestInfo;
use crate::http::routes::command::{idempotency_key, record_command, run_once, CommandOutcome};
use crate::http::AppState;
use crate::principal::ResourceRef;
use crate::subject_export::export_person;

/// Everything kinlog holds about the person, for their own copy (`docs/subject-rights.md`):
/// their record's events, the facts of each case that name them, and every disclosure.
/// The privacy officer's to release, on the person's request (`X-Purpose:
/// PrivacyRequest`); audited, and the access names each part returned.
#[utoipa::path(get, path = "/persons/{person_id}/export", tag = "persons",
    params(("person_id" = Uuid, Path, description = "The person"),
        ("X-Purpose" = String, Header, description = "PrivacyRequest")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The export", body = Object),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing returned", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn export(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Path(person_id): Path<Uuid>,
) -> Result<Response, ApiError> {
    let person = PersonId(person_id);
    let permit = authorize(
        &state,
        who,
        request,
        Action::Export,
        ResourceRef::Person(person),
    )
    .await?;
    let export = export_person(state.store(), person)
        .await
        .map_err(|e| ApiError::internal("exporting a person's records", e))?;
    permit.respond(&export).await
}

/// A person's request to amend their record, as the privacy officer received it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CorrectionRequestBody {
    /// Who asked: the person, a parent or guardian, an attorney.
    requested_by: String,
    /// The parts of the record disputed, as the requester names them.
    disputed: Vec<String>,
    /// Why the requester says they are wrong.
    statement: String,
    /// The day the request was received.
    occurred_on: NaiveDate,
}

/// Records a person's request to amend their record (HIPAA §164.526). It changes no
/// fact; the request and the statement stay on the record whatever is decided. The
/// privacy officer's, on the person's request (`X-Purpose: PrivacyRequest`).
/// `Idempotency-Key` is the request's id and makes a retry safe.
#[utoipa::path(post, path = "/persons/{person_id}/correction-requests", tag = "persons",
    params(("person_id" = Uuid, Path, description = "The person"),
        ("X-Purpose" = String, Header, description = "PrivacyRequest"),
        ("Idempotency-Key" = Option<Uuid>, Header, description = "The request's id")),
    request_body = CorrectionRequestBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Recorded", body = CommandOutcome),
        (status = 400, description = "The body is not valid, or X-Purpose is not PrivacyRequest; names the field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A rule refused it; names the field and the rule", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing stored", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn request_correction(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Path(person_id): Path<Uuid>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<CorrectionRequestBody>,
) -> Result<axum::Json<CommandOutcome>, ApiError> {
    let command_id = idempotency_key(&headers)?;
    // Recording is allowed to a caseload for case work too; this record is a privacy
    // request, and the policies leave those to the privacy officer.
    if request.purpose != Purpose::PrivacyRequest {
        return Err(ApiError::InvalidParameter {
            field: "X-Purpose",
            reason: "a correction request is recorded under the PrivacyRequest purpose".to_owned(),
        });
    }
    let person = PersonId(person_id);
    let command = PersonCommand::RequestCorrection {
        request_id: command_id,
        requested_by: Narrative::new(body.requested_by),
        disputed: body.disputed.into_iter().map(Narrative::new).collect(),
        statement: Narrative::new(body.statement),
        occurred_on: body.occurred_on,
    };
    record_command::<Person>(
        &state,
        who,
        request,
        ResourceRef::Person(person),
        &person.stream_id(),
        command_id,
        command,
    )
    .await
}

/// A decision to erase a person's personal data.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ErasureBody {
    /// The law or policy that allows or requires the erasure.
    legal_basis: String,
    /// The request that asked for it (a letter, a court order), by reference.
    request_reference: String,
    /// The day the erasure was decided.
    occurred_on: NaiveDate,
}

/// Erases the person's personal fields by crypto-shredding (`docs/subject-rights.md`):
/// records `PersonalDataErased`, then destroys the person's data key, so their name reads
/// as erased everywhere, read models drop it, and the log still verifies. Demographics
/// that federal reporting must keep stay. Cannot be undone. The privacy officer's, on
/// the person's request (`X-Purpose: PrivacyRequest`). Retrying with the same
/// `Idempotency-Key` finishes an erasure whose key destruction failed.
#[utoipa::path(post, path = "/persons/{person_id}/erasure", tag = "persons",
    params(("person_id" = Uuid, Path, description = "The person"),
        ("X-Purpose" = String, Header, description = "PrivacyRequest"),
        ("Idempotency-Key" = Option<Uuid>, Header, description = "The erasure's id")),
    request_body = ErasureBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Erased", body = CommandOutcome),
        (status = 400, description = "The body is not valid; names the field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A rule refused it (already erased); names the field and the rule", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded, or this deployment holds no personal-data key; nothing erased", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn erase(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Path(person_id): Path<Uuid>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<ErasureBody>,
) -> Result<axum::Json<CommandOutcome>, ApiError> {
    let command_id = idempotency_key(&headers)?;
    let person = PersonId(person_id);
    let permit = authorize(
        &state,
        who,
        request,
        Action::Erase,
        ResourceRef::Person(person),
    )
    .await?;
    // Checked before anything is recorded: an erasure event without a key to destroy
    // would claim what did not happen.
    if !state.store().erases_personal_data() {
        permit.record().await?;
        return Err(ApiError::Unavailable {
            what: "erasure (this deployment holds no personal-data key)",
        });
    }
    let command = PersonCommand::ErasePersonalData {
        legal_basis: Narrative::new(body.legal_basis),
        request_reference: Narrative::new(body.request_reference),
        occurred_on: body.occurred_on,
    };
    let outcome =
        run_once::<Person>(&state, permit, &person.stream_id(), command_id, command).await?;
    state
        .store()
        .shred_subject(person_id)
        .await
        .map_err(|e| ApiError::internal("destroying the person's data key", e))?;
    Ok(outcome)
}
