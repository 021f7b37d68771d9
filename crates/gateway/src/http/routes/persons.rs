//! `/persons/{person_id}`: a person's record, and commands to it; `/persons?external_id=`:
//! the kinlog id of a person converted from a legacy system. Each is audited.
use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::NaiveDate;
use kinlog_domain::person::{DateOfBirth, Person, PersonEvent, RelationshipKind, Sex};
use kinlog_domain::policy::Action;
use kinlog_domain::{PersonId, PersonName, Personal};
use kinlog_projections::decode;
use kinlog_store::RecordedEvent;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
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
use crate::import::{lookup, parse_external_id, AggregateKind, AnyCommand};
use crate::principal::ResourceRef;
use crate::report::cli::record_number_key_path;
use crate::report::RecordNumberKey;

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

/// A command to the person's record, in the body shape of `docs/import.md`
/// (`{"record_race": {...}}`): demographics, ICWA, health, education, history,
/// relationships, a youth's independent-living services and NYTD surveys, identity
/// corrections. `Idempotency-Key` (a UUID) makes a retry safe. Recording is for the
/// staff of the case that names the person; a person is registered by import or
/// conversion, and erased only through `/persons/{id}/erasure`.
#[utoipa::path(post, path = "/persons/{person_id}/commands", tag = "persons",
    params(("person_id" = Uuid, Path, description = "The person"),
        ("Idempotency-Key" = Option<Uuid>, Header, description = "The command's id")),
    request_body(content = serde_json::Value, description = "One person command, as in docs/import.md", content_type = "application/json"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The command's outcome", body = CommandOutcome),
        (status = 400, description = "The body is not a person command; names the field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The policies deny it (recorded)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A domain rule refused it; names the field and the rule", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The access could not be recorded; nothing stored", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn command(
    State(state): State<AppState>,
    who: Authenticated,
    request: RequestInfo,
    Path(person_id): Path<Uuid>,
    headers: HeaderMap,
    JsonText(body): JsonText,
) -> Result<axum::Json<CommandOutcome>, ApiError> {
    let command_id = idempotency_key(&headers)?;
    let AnyCommand::Person(command) = parse_command(AggregateKind::Person, person_id, &body)?
    else {
        return Err(another_aggregate());
    };
    let person = PersonId(person_id);
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
