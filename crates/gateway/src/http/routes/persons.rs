//! `/persons/{person_id}`: a person's record; `/persons?external_id=`: the kinlog id of a
//! person converted from a legacy system. Both are audited as a view of the person.
use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::NaiveDate;
use kinlog_domain::person::{
    DateOfBirth, Person, PersonCommand, PersonEvent, RelationshipKind, Sex,
};
use kinlog_domain::policy::Action;
use kinlog_domain::{Narrative, PersonId, PersonName, Personal};
use kinlog_projections::decode;
use kinlog_store::RecordedEvent;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::http::audit::authorize;
use crate::http::auth::Authenticated;
use crate::http::body::JsonBody;
use crate::http::problem::{ApiError, Problem};
use crate::http::request::RequestInfo;
use crate::http::routes::command::{idempotency_key, run_once, CommandOutcome};
use crate::http::AppState;
use crate::import::{lookup, parse_external_id};
use crate::principal::ResourceRef;
use crate::report::cli::record_number_key_path;
use crate::report::RecordNumberKey;
use crate::subject_export::export_person;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ByExternalId {
    /// `SYSTEM:ID`, the legacy system's id space and id; the id follows the last colon.
    external_id: String,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct PersonFound {
    person_id: Uuid,
    external_id: String,
}

/// Find a converted person by their legacy id.
#[utoipa::path(get, path = "/persons", tag = "persons",
    params(ByExternalId),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The person's kinlog id", body = PersonFound),
        (status = 400, description = "Not SYSTEM:ID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No person was imported with that id", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing returned", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn by_external_id(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Query(query): Query<ByExternalId>,
) -> Result<Response, ApiError> {
    let external =
        parse_external_id(&query.external_id).map_err(|_| ApiError::InvalidParameter {
            field: "external_id",
            reason: "SYSTEM:ID, as in FACSIS:person:1234".to_owned(),
        })?;
    let found = lookup(state.store(), &external)
        .await
        .map_err(|e| ApiError::internal("looking up an external id", e))?
        .filter(|found| found.kind == "person")
        .ok_or(ApiError::UnknownRecord {
            kind: "person",
            id: external.kinlog_id(),
        })?;
    let permit = authorize(
        &state,
        who,
        request,
        Action::View,
        ResourceRef::Person(PersonId(found.id)),
    )
    .await?;
    permit
        .respond(&PersonFound {
            person_id: found.id,
            external_id: external.to_string(),
        })
        .await
}

/// A person's record as it stands: identity after corrections, current relationships,
/// the legacy id it was converted from, and the federal record number.
#[derive(Serialize, ToSchema)]
pub(crate) struct PersonRecord {
    person_id: Uuid,
    /// Absent once the person's personal data was erased.
    name: Option<Name>,
    /// True once a privacy officer erased the person's personal data.
    personal_data_erased: bool,
    date_of_birth: Option<NaiveDate>,
    date_of_birth_estimated: Option<bool>,
    /// `male` or `female`; absent when not recorded (never "unknown").
    sex: Option<String>,
    registered_on: NaiveDate,
    /// `SYSTEM:ID` of the legacy record this person was converted from.
    external_id: Option<String>,
    /// The AFCARS child record number (E4), also the NYTD record number and the NCANDS
    /// AFCARSID: stable, and not the kinlog id.
    federal_record_number: String,
    relationships: Vec<Relationship>,
    /// The log position this record reflects.
    as_of_position: u64,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct Name {
    given: String,
    middle: Option<String>,
    family: String,
}

/// "`other` is this person's `kind`".
#[derive(Serialize, ToSchema)]
pub(crate) struct Relationship {
    other: Uuid,
    kind: String,
}

/// How many events one read of a person's stream takes.
const PAGE: usize = 1_000;

/// A person's record, rebuilt from their stream so it is exact as of the call. Audited:
/// one `AccessRecorded` (or `AccessDenied`) per request.
#[utoipa::path(get, path = "/persons/{person_id}", tag = "persons",
    params(("person_id" = Uuid, Path, description = "The person"),
        ("X-Purpose" = Option<String>, Header, description = "The purpose of the access (default CaseWork)")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The person's record", body = PersonRecord),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing returned", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn record(
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
        Action::View,
        ResourceRef::Person(person),
    )
    .await?;
    let key = RecordNumberKey::read_or_create(&record_number_key_path(&state.config().data_dir))
        .map_err(|e| ApiError::internal("reading the record-number key", e))?;
    let mut folded = PersonFold::default();
    let stream = person.stream_id();
    loop {
        let page = state
            .store()
            .read_stream(&stream, folded.version + 1, PAGE)
            .await
            .map_err(|e| ApiError::internal("reading a person's stream", e))?;
        for event in &page {
            folded
                .apply(event)
                .map_err(|e| ApiError::internal("decoding a person's event", e))?;
        }
        if page.len() < PAGE {
            break;
        }
    }
    let record =
        folded
            .finish(person_id, key.number(person_id))
            .ok_or(ApiError::UnknownRecord {
                kind: "person",
                id: person_id,
            })?;
    permit.respond(&record).await
}

/// The record folded from the person's events, in stream order.
#[derive(Default)]
struct PersonFold {
    version: u64,
    position: u64,
    external_id: Option<String>,
    registered: Option<(Personal<PersonName>, NaiveDate)>,
    erased: bool,
    date_of_birth: Option<DateOfBirth>,
    sex: Option<Sex>,
    relationships: BTreeMap<PersonId, RelationshipKind>,
}

impl PersonFold {
    fn apply(&mut self, event: &RecordedEvent) -> Result<(), kinlog_projections::Error> {
        let (fact, metadata) = decode::<PersonEvent>(event)?;
        self.version = event.stream_version;
        self.position = event.position;
        if let Some(external) = metadata.external_id {
            self.external_id.get_or_insert(external.to_string());
        }
        match fact {
            PersonEvent::PersonRegistered {
                name,
                date_of_birth,
                sex,
                occurred_on,
                ..
            } => {
                self.registered = Some((name, occurred_on));
                self.date_of_birth = date_of_birth;
                self.sex = sex;
            }
            PersonEvent::IdentityCorrected {
                name,
                date_of_birth,
                sex,
                ..
            } => {
                if let (Some(name), Some((current, _))) = (name, self.registered.as_mut()) {
                    *current = name;
                }
                self.date_of_birth = date_of_birth.or(self.date_of_birth);
                self.sex = sex.or(self.sex);
            }
            PersonEvent::RelationshipRecorded { other, kind, .. } => {
                self.relationships.insert(other, kind);
            }
            PersonEvent::RelationshipEnded { other, .. } => {
                self.relationships.remove(&other);
            }
            PersonEvent::PersonalDataErased { .. } => self.erased = true,
            _ => {}
        }
        Ok(())
    }

    fn finish(self, person_id: Uuid, federal_record_number: String) -> Option<PersonRecord> {
        let (name, registered_on) = self.registered?;
        Some(PersonRecord {
            person_id,
            name: name.value().map(|name| Name {
                given: name.given.clone(),
                middle: name.middle.clone(),
                family: name.family.clone(),
            }),
            personal_data_erased: self.erased,
            date_of_birth: self.date_of_birth.map(|d| d.date()),
            date_of_birth_estimated: self.date_of_birth.map(|d| d.is_estimated()),
            sex: self.sex.map(|s| wire_name(&s)),
            registered_on,
            external_id: self.external_id,
            federal_record_number,
            relationships: self
                .relationships
                .into_iter()
                .map(|(other, kind)| Relationship {
                    other: other.0,
                    kind: wire_name(&kind),
                })
                .collect(),
            as_of_position: self.position,
        })
    }
}

/// The name a unit enum variant has on the wire (`snake_case`).
fn wire_name(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        other => format!("{other:?}"),
    }
}

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
        (status = 400, description = "The body is not valid; names the field", body = Problem, content_type = "application/problem+json"),
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
    let person = PersonId(person_id);
    let permit = authorize(
        &state,
        who,
        request,
        Action::Record,
        ResourceRef::Person(person),
    )
    .await?;
    let command = PersonCommand::RequestCorrection {
        request_id: command_id,
        requested_by: Narrative::new(body.requested_by),
        disputed: body.disputed.into_iter().map(Narrative::new).collect(),
        statement: Narrative::new(body.statement),
        occurred_on: body.occurred_on,
    };
    run_once::<Person>(&state, permit, &person.stream_id(), command_id, command).await
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
