//! `kinlog bench http`: audited case-summary reads per second, with p50 and p99, at 50
//! and 200 concurrent clients, against the same endpoint with auditing off, in the same
//! run. The load comes from `wrk`, an outside process, over real loopback TCP to a real
//! server on the real database. It adds one agency, two staff members, a child and a
//! case to the log it runs on, and one access event per audited read.
use std::net::SocketAddr;
use std::time::Duration;

use kinlog_domain::case::Case;
use kinlog_domain::person::Person;
use kinlog_domain::staff::organization::Organization;
use kinlog_domain::staff::Staff;
use kinlog_domain::{Aggregate, CaseId, CommandContext, OrganizationId, PersonId, StaffId};
use kinlog_projections::EventMetadata;
use kinlog_store::Store;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use super::{AppState, HttpConfig, TokenKey, TokenVerifier, DEFAULT_AUDIENCE, LOCAL_ISSUER};
use crate::Error;

/// Why the benchmark stopped.
#[derive(Debug, thiserror::Error)]
pub enum HttpBenchError {
    #[error("setting up the benchmark's records: {0}")]
    Setup(#[from] Error),
    #[error("setting up the benchmark's server: {0}")]
    Server(String),
    #[error("a benchmark scenario command does not parse: {0}")]
    Scenario(serde_json::Error),
    #[error("the load generator: {0}")]
    LoadGenerator(String),
}

/// One timed phase.
#[derive(Debug, Clone, Serialize)]
pub struct HttpPhase {
    pub audited: bool,
    pub clients: usize,
    pub requests: u64,
    /// Answers other than 200.
    pub failures: u64,
    pub reads_per_sec: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// Every phase and, per concurrency, audited over unaudited throughput.
#[derive(Debug, Clone, Serialize)]
pub struct HttpBenchReport {
    pub seconds_per_phase: u64,
    pub phases: Vec<HttpPhase>,
    /// `(clients, audited reads/s ÷ unaudited reads/s)`; the goal is at least 0.8.
    pub ratios: Vec<(usize, f64)>,
}

/// Runs both servers and every phase; `phase` is each phase's duration.
pub async fn run_http_bench(
    store: &Store,
    phase: Duration,
) -> Result<HttpBenchReport, HttpBenchError> {
    let (worker, case) = seed(store).await?;
    let key = TokenKey::generate().map_err(|e| HttpBenchError::Server(e.to_string()))?;
    let config = HttpConfig {
        rate_limit: None,
        ..HttpConfig::default()
    };
    let verifier = TokenVerifier::new(key.verification_keys(), &config.auth);
    let audited = AppState::new(store.clone(), verifier.clone(), config.clone())
        .map_err(|e| HttpBenchError::Server(e.to_string()))?;
    let unaudited = AppState::without_auditing_for_benchmark(store.clone(), verifier, config)
        .map_err(|e| HttpBenchError::Server(e.to_string()))?;
    let audited_address = spawn(audited).await?;
    let unaudited_address = spawn(unaudited).await?;
    let now = chrono::Utc::now().timestamp().max(0) as u64;
    let lifetime = phase * 8 + Duration::from_secs(600);
    let token = key
        .mint(worker, LOCAL_ISSUER, DEFAULT_AUDIENCE, now, lifetime)
        .map_err(|e| HttpBenchError::Server(e.to_string()))?;
    let path = format!("/cases/{}", case.0);
    let mut phases = Vec::new();
    let mut ratios = Vec::new();
    for clients in [50, 200] {
        let on = load(audited_address, &path, &token, clients, phase, true).await?;
        let off = load(unaudited_address, &path, &token, clients, phase, false).await?;
        ratios.push((
            clients,
            on.reads_per_sec / off.reads_per_sec.max(f64::MIN_POSITIVE),
        ));
        phases.push(on);
        phases.push(off);
    }
    Ok(HttpBenchReport {
        seconds_per_phase: phase.as_secs(),
        phases,
        ratios,
    })
}

/// The report as a table.
pub fn render(report: &HttpBenchReport) -> String {
    let mut out = format!(
        "GET /cases/{{id}} over loopback, {} s per phase\n{:>8} {:>8} {:>10} {:>9} {:>10} {:>9} {:>9}\n",
        report.seconds_per_phase, "audit", "clients", "requests", "failures", "reads/s", "p50 ms", "p99 ms"
    );
    for p in &report.phases {
        out.push_str(&format!(
            "{:>8} {:>8} {:>10} {:>9} {:>10.0} {:>9.2} {:>9.2}\n",
            if p.audited { "on" } else { "off" },
            p.clients,
            p.requests,
            p.failures,
            p.reads_per_sec,
            p.p50_ms,
            p.p99_ms
        ));
    }
    for (clients, ratio) in &report.ratios {
        out.push_str(&format!(
            "audited/unaudited throughput at {clients} clients: {ratio:.2} (goal >= 0.80)\n"
        ));
    }
    out
}

async fn spawn(state: AppState) -> Result<SocketAddr, HttpBenchError> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| HttpBenchError::Server(e.to_string()))?;
    let address = listener
        .local_addr()
        .map_err(|e| HttpBenchError::Server(e.to_string()))?;
    tokio::spawn(super::serve(listener, state, std::future::pending()));
    Ok(address)
}

/// One phase: `wrk` with `clients` connections for `phase`, against the real server on
/// loopback. An external generator keeps the load's own cost off the server's runtime.
async fn load(
    address: SocketAddr,
    path: &str,
    token: &str,
    clients: usize,
    phase: Duration,
    audited: bool,
) -> Result<HttpPhase, HttpBenchError> {
    let output = tokio::process::Command::new("wrk")
        .arg("--threads=2")
        .arg(format!("--connections={clients}"))
        .arg(format!("--duration={}s", phase.as_secs().max(1)))
        .arg("--latency")
        .arg(format!("--header=Authorization: Bearer {token}"))
        .arg(format!("http://{address}{path}"))
        .output()
        .await
        .map_err(|e| {
            HttpBenchError::LoadGenerator(format!(
                "running wrk ({e}); install it, e.g. `apt install wrk` on Debian"
            ))
        })?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(HttpBenchError::LoadGenerator(format!(
            "wrk failed: {stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    let summary = WrkSummary::parse(&stdout).ok_or_else(|| {
        HttpBenchError::LoadGenerator(format!("wrk's output is not as expected: {stdout}"))
    })?;
    Ok(HttpPhase {
        audited,
        clients,
        requests: summary.requests,
        failures: summary.failures,
        reads_per_sec: summary.requests.saturating_sub(summary.failures) as f64
            / phase.as_secs_f64().max(f64::MIN_POSITIVE),
        p50_ms: summary.p50_ms,
        p99_ms: summary.p99_ms,
    })
}

/// What `wrk --latency` reports about a run.
#[derive(Debug, PartialEq)]
struct WrkSummary {
    requests: u64,
    /// Non-2xx or 3xx answers, socket errors and timeouts.
    failures: u64,
    p50_ms: f64,
    p99_ms: f64,
}

impl WrkSummary {
    fn parse(output: &str) -> Option<WrkSummary> {
        let mut summary = WrkSummary {
            requests: 0,
            failures: 0,
            p50_ms: f64::NAN,
            p99_ms: f64::NAN,
        };
        let mut saw_requests = false;
        for line in output.lines().map(str::trim) {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["50%", latency] => summary.p50_ms = milliseconds(latency)?,
                ["99%", latency] => summary.p99_ms = milliseconds(latency)?,
                [count, "requests", "in", ..] => {
                    summary.requests = count.parse().ok()?;
                    saw_requests = true;
                }
                ["Non-2xx", "or", "3xx", "responses:", count] => {
                    summary.failures += count.parse::<u64>().ok()?;
                }
                ["Socket", "errors:", rest @ ..] => {
                    // "connect 0, read 0, write 0, timeout 0"
                    for count in rest.iter().skip(1).step_by(2) {
                        summary.failures += count.trim_end_matches(',').parse::<u64>().ok()?;
                    }
                }
                _ => {}
            }
        }
        (saw_requests && summary.p50_ms.is_finite() && summary.p99_ms.is_finite())
            .then_some(summary)
    }
}

/// `wrk`'s latency (`850.00us`, `12.34ms`, `1.20s`) in milliseconds.
fn milliseconds(text: &str) -> Option<f64> {
    let (number, scale) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        return None;
    };
    Some(number.parse::<f64>().ok()? * scale)
}

async fn run<A>(
    store: &Store,
    stream: &str,
    command: serde_json::Value,
) -> Result<(), HttpBenchError>
where
    A: Aggregate,
    A::Command: DeserializeOwned + Clone,
{
    let command: A::Command = serde_json::from_value(command).map_err(HttpBenchError::Scenario)?;
    let context = CommandContext {
        actor: StaffId(Uuid::now_v7()),
        actor_is_intern: false,
        now: chrono::Utc::now(),
    };
    crate::execute::<A>(store, stream, command, &context, &EventMetadata::default()).await?;
    Ok(())
}

/// An agency, a trained caseworker, a child and a case assigned to the caseworker; the
/// read models caught up.
async fn seed(store: &Store) -> Result<(StaffId, CaseId), HttpBenchError> {
    let agency = OrganizationId(Uuid::now_v7());
    run::<Organization>(
        store,
        &agency.stream_id(),
        json!({"register_organization": {
        "organization_id": agency, "kind": "pcsa", "name": "Benchmark County Children Services",
        "county": 39049, "occurred_on": "2026-01-02"}}),
    )
    .await?;
    let person = |id: PersonId| {
        json!({"register_person": {"person_id": id,
        "name": {"given": "Bench", "middle": null, "family": "Mark"},
        "date_of_birth": {"known": "2015-11-02"}, "sex": null, "occurred_on": "2026-01-03"}})
    };
    let own_person = PersonId(Uuid::now_v7());
    run::<Person>(store, &own_person.stream_id(), person(own_person)).await?;
    let child = PersonId(Uuid::now_v7());
    run::<Person>(store, &child.stream_id(), person(child)).await?;
    let worker = StaffId(Uuid::now_v7());
    for command in [
        json!({"register_staff_member": {"staff_id": worker, "organization_id": agency,
            "person_id": own_person, "name": {"given": "Bench", "middle": null, "family": "Worker"},
            "occurred_on": "2026-01-05"}}),
        json!({"assign_role": {"role": "caseworker", "occurred_on": "2026-01-05"}}),
        json!({"record_training_completion": {"training": "confidentiality", "occurred_on": "2026-01-06"}}),
        json!({"record_training_completion": {"training": "penalties", "occurred_on": "2026-01-06"}}),
        json!({"record_training_completion": {"training": "security_procedures", "occurred_on": "2026-01-06"}}),
        json!({"sign_code_of_responsibility": {"form_version": "JFS 07078 (Rev. 9/2022)", "occurred_on": "2026-01-06"}}),
    ] {
        run::<Staff>(store, &worker.stream_id(), command).await?;
    }
    let case = CaseId(Uuid::now_v7());
    for command in [
        json!({"ReceiveReferral": {"case_id": case, "reported_on": "2026-02-01",
            "source": "social_services_personnel", "county": 1, "agency": agency,
            "children": [child], "summary": "benchmark referral"}}),
        json!({"ScreenReferral": {"screened_on": "2026-02-01",
            "decision": {"screened_in": {"response": "investigation"}}}}),
        json!({"AssignCaseworker": {"worker": worker, "supervisor": null, "assigned_on": "2026-02-02"}}),
    ] {
        run::<Case>(store, &case.stream_id(), command).await?;
    }
    kinlog_projections::catch_up_all(store, &kinlog_projections::RunOptions::default())
        .await
        .map_err(Error::from)?;
    Ok((worker, case))
}

#[cfg(test)]
mod tests {
    use super::*;

    const WRK_OUTPUT: &str = "Running 8s test @ http://127.0.0.1:40000/cases/x
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   112.31ms   30.12ms 410.55ms   70.00%
    Req/Sec   220.10     40.50   300.00     65.00%
  Latency Distribution
     50%  110.02ms
     75%  130.00ms
     90%  150.00ms
     99%    1.18s
  3504 requests in 8.00s, 3.20MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 12
Requests/sec:    438.00
Transfer/sec:    409.60KB
";

    #[test]
    fn wrk_latency_percentiles_counts_and_failures_are_read() {
        assert_eq!(
            WrkSummary::parse(WRK_OUTPUT),
            Some(WrkSummary {
                requests: 3504,
                failures: 15,
                p50_ms: 110.02,
                p99_ms: 1180.0,
            })
        );
        assert_eq!(milliseconds("850.00us"), Some(0.85));
        assert_eq!(WrkSummary::parse("unable to connect"), None);
    }
}
