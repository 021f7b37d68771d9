//! Authorization and the access log, fail closed. A protected handler asks [`authorize`]
//! for a [`Permit`] before it reads anything, and can only answer through
//! [`Permit::respond`], which appends the `AccessRecorded` event and waits for it to be
//! durable before a byte of the body leaves. A refusal appends `AccessDenied` first. If
//! either append fails, the answer is 503 and carries no data.
use std::time::Instant;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use kinlog_domain::access::{access_stream_id, AccessEvent, AccessRecord, DecisionFacts};
use kinlog_domain::policy::{authorize as decide, Action, RequestContext};
use kinlog_projections::{encode, EventMetadata};
use kinlog_store::ExpectedVersion;
use serde::Serialize;
use uuid::Uuid;

use super::auth::Authenticated;
use super::problem::ApiError;
use super::request::RequestInfo;
use super::AppState;
use crate::principal::{principal_facts, resource_facts, ResourceRef};
use crate::Error;

/// Whether accesses are recorded. Only the benchmark's baseline turns it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Auditing {
    Recorded,
    OffForBenchmark,
}

/// An allowed access whose response has not been sent. Dropping it sends nothing.
#[must_use = "a permit answers only through `respond`"]
pub(crate) struct Permit {
    state: AppState,
    record: AccessRecord,
}

/// Decides whether the authenticated staff member may do `action` on `resource`, from
/// facts loaded from the log now. A refusal is recorded, then answered 403.
pub(crate) async fn authorize(
    state: &AppState,
    who: Authenticated,
    request: RequestInfo,
    action: Action,
    resource: ResourceRef,
) -> Result<Permit, ApiError> {
    let store = state.store();
    let principal = principal_facts(store, who.staff)
        .await
        .map_err(|e| match e {
            Error::UnknownStaff { .. } => ApiError::Unauthenticated {
                reason: "the token's subject is not a staff member",
            },
            other => ApiError::internal("loading the principal's facts", other),
        })?;
    let resource = resource_facts(store, resource).await.map_err(|e| match e {
        Error::UnknownResource { kind, id } => ApiError::UnknownRecord { kind, id },
        other => ApiError::internal("loading the resource's facts", other),
    })?;
    let context = RequestContext {
        now: chrono::Utc::now(),
        purpose: request.purpose,
    };
    let decision = decide(state.policies(), &principal, action, &resource, &context);
    if let Some(failure) = &decision.failure {
        tracing::error!(%failure, "a policy decision failed; denying");
    }
    let record = AccessRecord {
        action,
        returned: Vec::new(),
        client: request.client,
        response_bytes: 0,
        decision: (&decision).into(),
        correlation_id: request.correlation_id,
        facts: DecisionFacts {
            principal,
            resource,
            context,
        },
    };
    if !decision.allowed {
        append(state, AccessEvent::AccessDenied(record)).await?;
        return Err(ApiError::Denied {
            deciding_policies: decision.deciding_policies,
        });
    }
    Ok(Permit {
        state: state.clone(),
        record,
    })
}

impl Permit {
    /// The staff member allowed.
    pub(crate) fn actor(&self) -> kinlog_domain::StaffId {
        self.record.actor()
    }

    /// The request's correlation id.
    pub(crate) fn correlation_id(&self) -> Uuid {
        self.record.correlation_id
    }

    /// Whether the actor is an intern, whose entries stay pending until approved.
    pub(crate) fn is_intern(&self) -> bool {
        self.record
            .roles()
            .contains(&kinlog_domain::policy::Role::Intern)
    }

    /// The persons the record allowed is about.
    pub(crate) fn subjects(&self) -> &std::collections::BTreeSet<kinlog_domain::PersonId> {
        self.record.subjects()
    }

    /// Records an allowed change before it is attempted; what the change returns is
    /// not protected data (ids and positions).
    pub(crate) async fn record(self) -> Result<(), ApiError> {
        append(&self.state, AccessEvent::AccessRecorded(self.record)).await
    }

    /// Records the access with what `body` returns (its top-level fields, its size), and
    /// only once that is durable, answers with `body` as JSON.
    pub(crate) async fn respond(mut self, body: &impl Serialize) -> Result<Response, ApiError> {
        let value = serde_json::to_value(body)
            .map_err(|e| ApiError::internal("serializing a response", e))?;
        let bytes = serde_json::to_vec(&value)
            .map_err(|e| ApiError::internal("serializing a response", e))?;
        self.record.returned = returned(&value);
        self.record.response_bytes = bytes.len() as u64;
        append(&self.state, AccessEvent::AccessRecorded(self.record)).await?;
        let mut response = bytes.into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        Ok(response)
    }
}

/// What a response returns, as the access log names it: the top-level field names of an
/// object, or `items:<n>` for a list. Values are never logged.
pub(crate) fn returned(value: &serde_json::Value) -> Vec<String> {
    match value {
        serde_json::Value::Object(fields) => fields.keys().cloned().collect(),
        serde_json::Value::Array(items) => vec![format!("items:{}", items.len())],
        _ => vec!["value".to_owned()],
    }
}

/// Appends one access event to its own stream and waits until it is durable. Concurrent
/// calls are packed into one transaction by the store's group commit.
async fn append(state: &AppState, event: AccessEvent) -> Result<(), ApiError> {
    if state.auditing() == Auditing::OffForBenchmark {
        return Ok(());
    }
    let event_id = Uuid::now_v7();
    let (actor, correlation_id) = match &event {
        AccessEvent::AccessRecorded(r) | AccessEvent::AccessDenied(r) => {
            (Some(r.actor().0), Some(r.correlation_id))
        }
        AccessEvent::DisclosureRecorded(d) => (Some(d.recorded_by.0), None),
    };
    let metadata = EventMetadata {
        actor,
        correlation_id,
        ..EventMetadata::default()
    };
    let envelope = encode(event_id, &event, &metadata).map_err(|e| {
        tracing::error!(error = %e, "encoding an access event");
        ApiError::AuditUnavailable
    })?;
    let started = Instant::now();
    let outcome = state
        .store()
        .append(
            &access_stream_id(event_id),
            ExpectedVersion::NoStream,
            vec![envelope],
        )
        .await;
    state.metrics().audit_append(started.elapsed());
    outcome.map(|_| ()).map_err(|e| {
        tracing::error!(error = %e, "the access log refused an event; answering 503");
        ApiError::AuditUnavailable
    })
}
