//! The one error type of the HTTP API, answered as `application/problem+json` (RFC 9457).
//! Every 4xx names what was wrong (the field and the rule where there is one); a 5xx
//! body is generic and its detail goes to the log only.
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A problem+json body.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URN naming the kind of problem, stable for clients to match on.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The JSON path of the offending field, when one field is at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The broken rule's stable code, when a domain rule refused the request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the body is not valid: {reason}")]
    InvalidBody { field: String, reason: String },
    #[error("the body must be JSON (Content-Type: application/json)")]
    NotJson,
    #[error("the body is larger than the limit of {limit} bytes")]
    TooLarge { limit: usize },
    #[error("{field} is not valid: {reason}")]
    InvalidParameter { field: &'static str, reason: String },
    #[error("no route {path}")]
    NoRoute { path: String },
    #[error("{method} is not allowed on this route")]
    MethodNotAllowed { method: String },
    #[error("no {kind} {id}")]
    UnknownRecord { kind: &'static str, id: uuid::Uuid },
    #[error("authentication failed: {reason}")]
    Unauthenticated { reason: &'static str },
    #[error("the account may not use the API: {reason}")]
    AccountBlocked { reason: &'static str },
    #[error("the access policies deny this request")]
    Denied { deciding_policies: Vec<String> },
    #[error("command refused: {0}")]
    Domain(#[from] kinlog_domain::DomainError),
    #[error("the record changed while the command was decided; retry it")]
    Conflict,
    #[error("too many requests; retry after {retry_after_seconds} s")]
    RateLimited { retry_after_seconds: u64 },
    #[error("the request took longer than {limit_ms} ms")]
    Timeout { limit_ms: u128 },
    /// The access log could not record this access, so nothing is returned.
    #[error("the access log is unavailable")]
    AuditUnavailable,
    #[error("{what} is unavailable")]
    Unavailable { what: &'static str },
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    /// A server-side failure; `context` says what was being done and goes to the log.
    pub(crate) fn internal(context: &str, error: impl std::fmt::Display) -> ApiError {
        ApiError::Internal(format!("{context}: {error}"))
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::InvalidBody { .. } | ApiError::InvalidParameter { .. } => {
                StatusCode::BAD_REQUEST
            }
            ApiError::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::NoRoute { .. } | ApiError::UnknownRecord { .. } => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            ApiError::AccountBlocked { .. } | ApiError::Denied { .. } => StatusCode::FORBIDDEN,
            ApiError::Domain(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Conflict => StatusCode::CONFLICT,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Timeout { .. }
            | ApiError::AuditUnavailable
            | ApiError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn slug(&self) -> &'static str {
        match self {
            ApiError::InvalidBody { .. } => "invalid-body",
            ApiError::NotJson => "not-json",
            ApiError::TooLarge { .. } => "body-too-large",
            ApiError::InvalidParameter { .. } => "invalid-parameter",
            ApiError::NoRoute { .. } => "no-route",
            ApiError::MethodNotAllowed { .. } => "method-not-allowed",
            ApiError::UnknownRecord { .. } => "unknown-record",
            ApiError::Unauthenticated { .. } => "unauthenticated",
            ApiError::AccountBlocked { .. } => "account-blocked",
            ApiError::Denied { .. } => "access-denied",
            ApiError::Domain(_) => "rule-broken",
            ApiError::Conflict => "conflict",
            ApiError::RateLimited { .. } => "rate-limited",
            ApiError::Timeout { .. } => "timeout",
            ApiError::AuditUnavailable => "audit-unavailable",
            ApiError::Unavailable { .. } => "unavailable",
            ApiError::Internal(_) => "internal",
        }
    }

    /// The problem body this error is answered with.
    pub fn problem(&self) -> Problem {
        let status = self.status();
        let (field, rule) = match self {
            ApiError::InvalidBody { field, .. } => (Some(field.clone()), None),
            ApiError::InvalidParameter { field, .. } => (Some((*field).to_owned()), None),
            ApiError::Domain(e) => (Some(e.field.to_owned()), Some(e.rule.code())),
            ApiError::Denied { deciding_policies } => (None, Some(deciding_policies.join(","))),
            _ => (None, None),
        };
        let detail = match self {
            ApiError::Internal(_) => "the server failed; the incident is logged".to_owned(),
            ApiError::Domain(e) => format!("{}: {}", e.field, e.rule),
            other => other.to_string(),
        };
        Problem {
            kind: format!("urn:kinlog:problem:{}", self.slug()),
            title: status.canonical_reason().unwrap_or("error").to_owned(),
            status: status.as_u16(),
            detail,
            field,
            rule,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            tracing::error!(%detail, "request failed");
        }
        let problem = self.problem();
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (self.status(), body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        match &self {
            ApiError::Unauthenticated { .. } => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer error=\"invalid_token\""),
                );
            }
            ApiError::RateLimited {
                retry_after_seconds,
            } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_seconds));
            }
            _ => {}
        }
        response
    }
}

/// The answer for a path no route matches.
pub(crate) async fn no_route(uri: axum::http::Uri) -> ApiError {
    ApiError::NoRoute {
        path: uri.path().to_owned(),
    }
}

/// The answer for a known path under a method it does not take.
pub(crate) async fn method_not_allowed(method: axum::http::Method) -> ApiError {
    ApiError::MethodNotAllowed {
        method: method.to_string(),
    }
}
