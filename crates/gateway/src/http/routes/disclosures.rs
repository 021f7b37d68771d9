//! `/persons/{person_id}/disclosures`: recording a release of a person's information and
//! the accounting of disclosures (HIPAA §164.528: six years back). Both are authorized
//! through the case the information belongs to (`case`), since access facts are loaded
//! per case; the person must be a member of that case.
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use kinlog_domain::access::{AccessEvent, Disclosure, RecordDisclosure};
use kinlog_domain::policy::Action;
use kinlog_domain::{CaseId, CommandContext, PersonId};
use kinlog_projections::{encode, EventMetadata};
use kinlog_store::ExpectedVersion;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::commands::derived_event_id;
use crate::http::audit::{authorize, Permit};
use crate::http::auth::Authenticated;
use crate::http::body::JsonBody;
use crate::http::problem::{ApiError, Problem};
use crate::http::request::RequestInfo;
use crate::http::AppState;
use crate::principal::ResourceRef;
use crate::replay::{disclosures, ACCOUNTING_YEARS};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ThroughCase {
    /// The case through which access to the person's record is authorized.
    case: Uuid,
}

/// One entry of the accounting of disclosures.
#[derive(Serialize, ToSchema)]
pub(crate) struct DisclosureEntry {
    disclosed_on: String,
    case: Option<Uuid>,
    recipient_name: String,
    recipient_address: Option<String>,
    purpose: String,
    legal_basis: String,
    request: String,
    released: Vec<String>,
    recorded_by: Uuid,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct Accounting {
    person: Uuid,
    /// The first day the accounting covers.
    since: String,
    disclosures: Vec<DisclosureEntry>,
}

fn require_member(permit: &Permit, person: Uuid) -> Result<(), ApiError> {
    if permit.subjects().contains(&PersonId(person)) {
        Ok(())
    } else {
        Err(ApiError::InvalidParameter {
            field: "person_id",
            reason: "the person is not a member of the case named".to_owned(),
        })
    }
}

/// The accounting of disclosures of a person's information over the last six years.
/// Audited like every read.
#[utoipa::path(get, path = "/persons/{person_id}/disclosures", tag = "disclosures",
    params(("person_id" = Uuid, Path, description = "The person"), ThroughCase),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The accounting", body = Accounting),
        (status = 400, description = "The person is not a member of the case", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing returned", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn accounting(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Path(person_id): Path<Uuid>,
    Query(through): Query<ThroughCase>,
) -> Result<Response, ApiError> {
    let permit = authorize(
        &state,
        who,
        request,
        Action::View,
        ResourceRef::Case(CaseId(through.case)),
    )
    .await?;
    require_member(&permit, person_id)?;
    let today = kinlog_domain::Date::from(chrono::Utc::now().date_naive());
    let since = today
        .naive()
        .checked_sub_months(chrono::Months::new(12 * ACCOUNTING_YEARS))
        .unwrap_or(chrono::NaiveDate::MIN);
    let disclosures = disclosures(state.store(), PersonId(person_id), today)
        .await
        .map_err(|e| ApiError::internal("reading the disclosures", e))?
        .into_iter()
        .map(|row| DisclosureEntry {
            disclosed_on: row.disclosed_on.naive().to_string(),
            case: row.case.map(|c| c.0),
            recipient_name: row.recipient,
            recipient_address: row.recipient_address,
            purpose: row.purpose,
            legal_basis: row.legal_basis,
            request: row.request,
            released: row.released,
            recorded_by: row.recorded_by.0,
        })
        .collect();
    permit
        .respond(&Accounting {
            person: person_id,
            since: since.to_string(),
            disclosures,
        })
        .await
}

#[derive(Serialize, ToSchema)]
pub(crate) struct DisclosureRecorded {
    /// The position of the `DisclosureRecorded` event.
    position: u64,
    already_present: bool,
}

/// Records a release of the person's information outside the agency. The body's
/// `person` must be the path's, and its `case` names the case the information came from.
#[utoipa::path(post, path = "/persons/{person_id}/disclosures", tag = "disclosures",
    params(("person_id" = Uuid, Path, description = "The person"),
        ("Idempotency-Key" = Option<Uuid>, Header, description = "Makes a retry safe")),
    request_body(content = serde_json::Value, description = "RecordDisclosure: person, case, disclosed_on, recipient {name, address}, purpose, legal_basis, request, released", content_type = "application/json"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Recorded", body = DisclosureRecorded),
        (status = 400, description = "The body is not valid; names the field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A rule refused it; names the field and the rule", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing stored", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn record(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Path(person_id): Path<Uuid>,
    headers: HeaderMap,
    JsonBody(command): JsonBody<RecordDisclosure>,
) -> Result<axum::Json<DisclosureRecorded>, ApiError> {
    if command.person.0 != person_id {
        return Err(ApiError::InvalidBody {
            field: "person".to_owned(),
            reason: format!("names {}, but the path names {person_id}", command.person),
        });
    }
    let case = command.case.ok_or_else(|| ApiError::InvalidBody {
        field: "case".to_owned(),
        reason: "required: a disclosure is authorized through the case the information came from"
            .to_owned(),
    })?;
    let command_id = super::command::idempotency_key(&headers)?;
    let permit = authorize(
        &state,
        who,
        request,
        Action::Disclose,
        ResourceRef::Case(case),
    )
    .await?;
    require_member(&permit, person_id)?;
    let context = CommandContext {
        actor: permit.actor(),
        actor_is_intern: permit.is_intern(),
        now: chrono::Utc::now(),
    };
    let disclosure = Disclosure::record(command, &context)?;
    let metadata = EventMetadata {
        actor: Some(permit.actor().0),
        command_id: Some(command_id),
        correlation_id: Some(permit.correlation_id()),
        ..EventMetadata::default()
    };
    let event = AccessEvent::DisclosureRecorded(disclosure);
    let envelope = encode(derived_event_id(command_id, 0), &event, &metadata)
        .map_err(|e| ApiError::internal("encoding a disclosure", e))?;
    permit.record().await?;
    let outcome = state
        .store()
        .append(
            &Disclosure::stream_id(PersonId(person_id)),
            ExpectedVersion::Any,
            vec![envelope],
        )
        .await
        .map_err(|e| ApiError::internal("appending a disclosure", e))?;
    Ok(axum::Json(DisclosureRecorded {
        position: outcome.first_position,
        already_present: outcome.already_present,
    }))
}
