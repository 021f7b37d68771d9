//! Reading a JSON request body: the media type, the size limit and the parse each fail
//! as a problem naming the field, before any handler runs, so a rejected request never
//! reaches the store.
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;

use super::problem::ApiError;
use super::AppState;

/// A JSON body parsed as `T`; unknown fields are refused where `T` says
/// `deny_unknown_fields`.
pub(crate) struct JsonBody<T>(pub T);

/// A JSON body kept as text, for bodies parsed by a shared parser (the commands).
pub(crate) struct JsonText(pub String);

impl FromRequest<AppState> for JsonText {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, ApiError> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(ApiError::NotJson);
        }
        let bytes =
            Bytes::from_request(request, state)
                .await
                .map_err(|rejection| match rejection.status() {
                    StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge {
                        limit: state.config().body_limit_bytes,
                    },
                    _ => ApiError::InvalidBody {
                        field: "(body)".to_owned(),
                        reason: rejection.body_text(),
                    },
                })?;
        let text = String::from_utf8(bytes.to_vec()).map_err(|_| ApiError::InvalidBody {
            field: "(body)".to_owned(),
            reason: "not UTF-8".to_owned(),
        })?;
        Ok(JsonText(text))
    }
}

impl<T: DeserializeOwned> FromRequest<AppState> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, ApiError> {
        let JsonText(text) = JsonText::from_request(request, state).await?;
        parse(&text).map(JsonBody)
    }
}

/// Parses `text` as `T`, naming the path of the first offending field.
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        ApiError::InvalidBody {
            field: if path == "." {
                "(body)".to_owned()
            } else {
                path
            },
            reason: without_position(e.inner()),
        }
    })?;
    deserializer.end().map_err(|e| ApiError::InvalidBody {
        field: "(body)".to_owned(),
        reason: without_position(&e),
    })?;
    Ok(value)
}

/// serde_json's message without its " at line 1 column N" tail.
pub(crate) fn without_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rsplit_once(" at line ") {
        Some((reason, _)) => reason.to_owned(),
        None => message,
    }
}
