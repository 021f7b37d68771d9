//! Prometheus metrics at `/metrics`, in the text exposition format: request latency by
//! route and status, audit append latency, and each read model's lag behind the log.
//! A dozen lines of formatting do not justify an exporter crate and its dependencies.
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Default, Clone)]
struct Histogram {
    /// Observations at or under each bound (not cumulative; summed when rendered).
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum_seconds: f64,
}

impl Histogram {
    fn observe(&mut self, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        if let Some(bucket) = BUCKETS.iter().position(|bound| seconds <= *bound) {
            self.counts[bucket] += 1;
        }
        self.count += 1;
        self.sum_seconds += seconds;
    }

    fn render(&self, out: &mut String, name: &str, labels: &str) {
        let mut cumulative = 0;
        let sep = if labels.is_empty() { "" } else { "," };
        for (bound, count) in BUCKETS.iter().zip(self.counts) {
            cumulative += count;
            let _ = writeln!(
                out,
                "{name}_bucket{{{labels}{sep}le=\"{bound}\"}} {cumulative}"
            );
        }
        let _ = writeln!(
            out,
            "{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {}",
            self.count
        );
        let _ = writeln!(out, "{name}_sum{{{labels}}} {}", self.sum_seconds);
        let _ = writeln!(out, "{name}_count{{{labels}}} {}", self.count);
    }
}

/// The gateway's counters.
#[derive(Default)]
pub(crate) struct Metrics {
    /// By (method, route template, status).
    requests: Mutex<BTreeMap<(String, String, u16), Histogram>>,
    audit_appends: Mutex<Histogram>,
}

impl Metrics {
    pub(crate) fn audit_append(&self, elapsed: Duration) {
        if let Ok(mut histogram) = self.audit_appends.lock() {
            histogram.observe(elapsed);
        }
    }

    fn request(&self, method: String, route: String, status: u16, elapsed: Duration) {
        if let Ok(mut requests) = self.requests.lock() {
            requests
                .entry((method, route, status))
                .or_default()
                .observe(elapsed);
        }
    }

    fn render(&self, out: &mut String) {
        out.push_str(
            "# HELP kinlog_http_request_duration_seconds Time from request to response head.\n",
        );
        out.push_str("# TYPE kinlog_http_request_duration_seconds histogram\n");
        if let Ok(requests) = self.requests.lock() {
            for ((method, route, status), histogram) in requests.iter() {
                let labels = format!("method=\"{method}\",route=\"{route}\",status=\"{status}\"");
                histogram.render(out, "kinlog_http_request_duration_seconds", &labels);
            }
        }
        out.push_str(
            "# HELP kinlog_audit_append_duration_seconds Time to make one access event durable.\n",
        );
        out.push_str("# TYPE kinlog_audit_append_duration_seconds histogram\n");
        if let Ok(histogram) = self.audit_appends.lock() {
            histogram.render(out, "kinlog_audit_append_duration_seconds", "");
        }
    }
}

/// Times every request under its route template (never its concrete path: ids would make
/// a series per child).
pub(crate) async fn time_requests(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let response = next.run(request).await;
    state
        .metrics()
        .request(method, route, response.status().as_u16(), started.elapsed());
    response
}

/// The metrics, with each read model's lag read now.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text exposition format", content_type = "text/plain")))]
pub(crate) async fn metrics(State(state): State<AppState>) -> Response {
    let mut out = String::new();
    state.metrics().render(&mut out);
    out.push_str(
        "# HELP kinlog_projection_lag_events Events in the log a read model has not applied yet.\n",
    );
    out.push_str("# TYPE kinlog_projection_lag_events gauge\n");
    match state.store().connection().await {
        Ok(client) => match kinlog_projections::status(&**client).await {
            Ok(statuses) => {
                for status in statuses.iter().filter(|s| s.active) {
                    let _ = writeln!(
                        out,
                        "kinlog_projection_lag_events{{projector=\"{}\"}} {}",
                        status.name, status.lag
                    );
                }
            }
            Err(e) => tracing::warn!(error = %e, "reading projector status for /metrics"),
        },
        Err(e) => tracing::warn!(error = %e, "connecting for /metrics"),
    }
    let mut response = out.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4"),
    );
    response
}
