//! What the access log records about where a request came from and why it was made.
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, OriginalUri};
use axum::http::{header, request::Parts, HeaderMap};
use kinlog_domain::access::ClientInfo;
use kinlog_domain::policy::Purpose;
use uuid::Uuid;

use super::problem::ApiError;
use super::AppState;

/// The header naming the purpose of a request (a [`Purpose`] name such as `CaseWork`).
pub const PURPOSE_HEADER: &str = "x-purpose";
/// The header carrying a caller's correlation id (a UUID); one is made when absent.
pub const CORRELATION_HEADER: &str = "x-correlation-id";

/// The request facts an access event records, besides who asked and what for.
#[derive(Debug, Clone)]
pub(crate) struct RequestInfo {
    pub client: ClientInfo,
    pub purpose: Purpose,
    pub correlation_id: Uuid,
}

impl FromRequestParts<AppState> for RequestInfo {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, ApiError> {
        let path = parts.extensions.get::<OriginalUri>().map_or_else(
            || parts.uri.path().to_owned(),
            |uri| uri.0.path().to_owned(),
        );
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(address)| address.ip().to_string());
        let headers = &parts.headers;
        Ok(RequestInfo {
            client: ClientInfo {
                ip,
                user_agent: text(headers, header::USER_AGENT.as_str()),
                path,
                referrer: text(headers, header::REFERER.as_str()),
            },
            purpose: purpose(headers)?,
            correlation_id: correlation_id(headers)?,
        })
    }
}

fn text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

/// The declared purpose; ordinary case work when none is declared.
fn purpose(headers: &HeaderMap) -> Result<Purpose, ApiError> {
    match text(headers, PURPOSE_HEADER) {
        None => Ok(Purpose::CaseWork),
        Some(name) => serde_json::from_value(serde_json::Value::String(name)).map_err(|_| {
            ApiError::InvalidParameter {
                field: "X-Purpose",
                reason: "not a purpose: expected a name such as CaseWork, Investigation, Services or Audit".to_owned(),
            }
        }),
    }
}

fn correlation_id(headers: &HeaderMap) -> Result<Uuid, ApiError> {
    match text(headers, CORRELATION_HEADER) {
        None => Ok(Uuid::now_v7()),
        Some(text) => Uuid::parse_str(&text).map_err(|_| ApiError::InvalidParameter {
            field: "X-Correlation-Id",
            reason: "not a UUID".to_owned(),
        }),
    }
}
