//! Limits that keep one client from taking the gateway down: a deadline per request and a
//! token bucket per client IP. The body size limit is axum's `DefaultBodyLimit`, answered
//! as a problem by [`super::body`].
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::{GovernorError, GovernorLayer};

use super::config::RateLimit;
use super::problem::ApiError;
use super::AppState;

/// Answers 503 when the handler has not finished within the configured time; its work is
/// dropped at that point. An access already recorded stays recorded: the log may hold an
/// access whose response was never sent, never the reverse.
pub(crate) async fn deadline(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let limit = state.config().request_timeout;
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout {
            limit_ms: limit.as_millis(),
        }
        .into_response(),
    }
}

/// `router` behind a token bucket per client IP, answering 429 as a problem with
/// `Retry-After`. A limit whose numbers make no bucket (a burst or period of zero) leaves
/// the router as it is; the configuration is checked before that can happen.
pub(crate) fn per_client(router: Router<AppState>, limit: RateLimit) -> Router<AppState> {
    let Some(config) = GovernorConfigBuilder::default()
        .period(limit.replenish_every)
        .burst_size(limit.burst)
        .finish()
    else {
        return router;
    };
    router.layer(GovernorLayer::new(Arc::new(config)).error_handler(|error| {
        match error {
            GovernorError::TooManyRequests { wait_time, .. } => ApiError::RateLimited {
                retry_after_seconds: wait_time.max(1),
            }
            .into_response(),
            GovernorError::UnableToExtractKey => {
                ApiError::internal("rate limit", "the peer address is unknown").into_response()
            }
            GovernorError::Other { msg, .. } => {
                ApiError::internal("rate limit", msg.unwrap_or_default()).into_response()
            }
        }
    }))
}
