//! The HTTP API (`kinlog serve`): authenticated by bearer JWT, authorized by the Cedar
//! policies over facts loaded from the log, and audited fail-closed: no protected byte
//! leaves before its access event is durable.
mod audit;
mod auth;
mod bench;
mod body;
mod cli;
mod config;
mod health;
mod limits;
mod metrics;
mod openapi;
mod problem;
mod request;
mod routes;
mod token;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use kinlog_domain::policy::PolicySet;
use kinlog_store::Store;

pub use auth::{KeysError, TokenVerifier, VerificationKeys};
pub use bench::{
    render as render_bench, run_http_bench, HttpBenchError, HttpBenchReport, HttpPhase,
};
pub use cli::{
    serve as serve_command, token as token_command, CliError, ServeArgs, TokenArgs, TokenKeyArg,
};
pub use config::{AuthConfig, HttpConfig, RateLimit, DEFAULT_AUDIENCE, LOCAL_ISSUER};
pub use problem::{ApiError, Problem, PROBLEM_JSON};
pub use request::{CORRELATION_HEADER, PURPOSE_HEADER};
pub use token::{TokenKey, TokenKeyError};

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

struct Shared {
    store: Store,
    verifier: TokenVerifier,
    config: HttpConfig,
    policies: PolicySet,
    metrics: metrics::Metrics,
    auditing: audit::Auditing,
}

/// A setting that cannot work.
#[derive(Debug, thiserror::Error)]
#[error("http setting {field}: {reason}")]
pub struct ConfigError {
    pub field: &'static str,
    pub reason: &'static str,
}

impl AppState {
    /// The state of a gateway on `store` accepting tokens `verifier` accepts, deciding
    /// with the Ohio policy set.
    pub fn new(
        store: Store,
        verifier: TokenVerifier,
        config: HttpConfig,
    ) -> Result<AppState, ConfigError> {
        Self::build(store, verifier, config, audit::Auditing::Recorded)
    }

    /// A state that records no access: only for the benchmark's baseline, which
    /// measures what recording costs. Nothing an operator configures reaches it.
    fn without_auditing_for_benchmark(
        store: Store,
        verifier: TokenVerifier,
        config: HttpConfig,
    ) -> Result<AppState, ConfigError> {
        Self::build(store, verifier, config, audit::Auditing::OffForBenchmark)
    }

    fn build(
        store: Store,
        verifier: TokenVerifier,
        config: HttpConfig,
        auditing: audit::Auditing,
    ) -> Result<AppState, ConfigError> {
        if let Some(limit) = config.rate_limit {
            if limit.burst == 0 || limit.replenish_every.is_zero() {
                return Err(ConfigError {
                    field: "rate_limit",
                    reason: "the burst and the replenish period must be above zero",
                });
            }
        }
        if config.request_timeout.is_zero() {
            return Err(ConfigError {
                field: "request_timeout",
                reason: "must be above zero",
            });
        }
        Ok(AppState(Arc::new(Shared {
            store,
            verifier,
            config,
            policies: kinlog_domain::policy::ohio_policy_set(),
            metrics: metrics::Metrics::default(),
            auditing,
        })))
    }

    pub(crate) fn store(&self) -> &Store {
        &self.0.store
    }

    pub(crate) fn verifier(&self) -> &TokenVerifier {
        &self.0.verifier
    }

    pub(crate) fn config(&self) -> &HttpConfig {
        &self.0.config
    }

    pub(crate) fn policies(&self) -> &PolicySet {
        &self.0.policies
    }

    pub(crate) fn metrics(&self) -> &metrics::Metrics {
        &self.0.metrics
    }

    pub(crate) fn auditing(&self) -> audit::Auditing {
        self.0.auditing
    }
}

/// The API's router. Serve it with connect info (see [`serve`]): the rate limit keys on
/// the peer address.
pub fn app(state: AppState) -> Router {
    let config = state.config().clone();
    let mut api = Router::new()
        .route("/openapi.json", get(openapi::document))
        .route("/cases/{case_id}", get(routes::cases::summary))
        .route("/cases/{case_id}/commands", post(routes::cases::command))
        .route(
            "/cases/{case_id}/notes/{note_id}",
            get(routes::case_records::note),
        )
        .route(
            "/cases/{case_id}/visits/{visit_id}",
            get(routes::case_records::visit),
        )
        .route(
            "/persons/{person_id}/disclosures",
            get(routes::disclosures::accounting).post(routes::disclosures::record),
        )
        .route("/persons", get(routes::persons::by_external_id))
        .route("/persons/{person_id}", get(routes::persons::record))
        .route(
            "/persons/{person_id}/commands",
            post(routes::persons::command),
        )
        .route(
            "/persons/{person_id}/export",
            get(routes::subject_rights::export),
        )
        .route(
            "/persons/{person_id}/correction-requests",
            post(routes::subject_rights::request_correction),
        )
        .route(
            "/persons/{person_id}/erasure",
            post(routes::subject_rights::erase),
        )
        .route(
            "/staff/{staff_id}/caseload",
            get(routes::caseload::caseload),
        )
        .route(
            "/staff/{staff_id}/commands",
            post(routes::administration::staff),
        )
        .route(
            "/grants/{grant_id}/commands",
            post(routes::administration::grant),
        )
        .route("/providers/{provider_id}", get(routes::providers::entry))
        .route(
            "/providers/{provider_id}/commands",
            post(routes::providers::command),
        )
        .route("/replay/who-accessed", get(routes::replay::who_accessed))
        .route("/replay/user-activity", get(routes::replay::user_activity))
        .route("/replay/monitor", get(routes::replay::monitor))
        .route("/replay/rejudge", get(routes::replay::rejudge))
        .route("/replay/case-as-of", get(routes::replay::case_as_of))
        .route("/reports/{kind}", post(routes::reports::run))
        .route("/reports/{run_id}/files/{name}", get(routes::reports::file));
    if let Some(limit) = config.rate_limit {
        api = limits::per_client(api, limit);
    }
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::metrics))
        .merge(api)
        .fallback(problem::no_route)
        .method_not_allowed_fallback(problem::method_not_allowed)
        .layer(DefaultBodyLimit::max(config.body_limit_bytes))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limits::deadline,
        ))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::time_requests,
        ))
        .with_state(state)
}

/// Serves `app(state)` on `listener` until `shutdown` completes, then finishes the
/// requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
