//! `kinlog bench replay`: how fast the log replays into the read models and into the
//! federal reports' facts, each against reading the whole log through the store
//! (`read_all`) in the same run, on the database it is pointed at.
//!
//! Rebuilding is the operation measured: each projector named is rebuilt from position
//! 0 into fresh tables and switched to, as `kinlog projections rebuild` does, so the
//! benchmark is safe on a live system but costs what a rebuild costs.
use std::collections::BTreeMap;
use std::time::Instant;

use futures_util::StreamExt;
use kinlog_domain::{CaseId, PersonId};
use kinlog_projections::federal::gather::{read_facts, Scope};
use kinlog_projections::{projector, rebuild, RunOptions};
use kinlog_store::Store;
use serde::Serialize;

use crate::Error;

/// One phase: what it replayed, how long it took, and its peak memory.
#[derive(Debug, Clone, Serialize)]
pub struct Phase {
    pub name: String,
    pub events: u64,
    pub seconds: f64,
    pub events_per_sec: f64,
    /// This phase's rate over `read_all`'s.
    pub ratio_to_read_all: f64,
    /// The process's peak resident memory during the phase, when Linux tells it.
    pub peak_rss_mb: Option<f64>,
}

/// Everything `kinlog bench replay --json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct ReplayBenchReport {
    pub head: u64,
    pub payload_bytes: u64,
    pub read_all: Phase,
    pub phases: Vec<Phase>,
}

/// Reads the whole log, then rebuilds each of `projectors` and gathers the reports'
/// facts at the head, timing each.
pub async fn run_replay_bench(
    store: &Store,
    projectors: &[String],
) -> Result<ReplayBenchReport, Error> {
    let head = store.head().await?;
    reset_peak_rss();
    let started = Instant::now();
    let mut events = store.read_all(0).await?;
    let mut per_category: BTreeMap<String, u64> = BTreeMap::new();
    let mut payload_bytes = 0;
    let mut total = 0;
    while let Some(event) = events.next().await {
        let event = event?;
        if event.position > head {
            break;
        }
        total += 1;
        payload_bytes += event.payload.len() as u64;
        *per_category
            .entry(category_of(&event.stream_id))
            .or_default() += 1;
    }
    let read_all_seconds = started.elapsed().as_secs_f64();
    let read_all_rate = rate(total, read_all_seconds);
    let phase = |name: String, events: u64, seconds: f64| Phase {
        name,
        events,
        seconds,
        events_per_sec: rate(events, seconds),
        ratio_to_read_all: rate(events, seconds) / read_all_rate,
        peak_rss_mb: peak_rss_mb(),
    };
    let read_all = phase("read_all".to_owned(), total, read_all_seconds);

    let mut phases = Vec::new();
    for name in projectors {
        let projector = projector(name)?;
        reset_peak_rss();
        let started = Instant::now();
        let progress = rebuild(store, &*projector, &RunOptions::default(), &mut |_| {}).await?;
        phases.push(phase(
            format!("rebuild {name}"),
            progress.events,
            started.elapsed().as_secs_f64(),
        ));
    }

    reset_peak_rss();
    let started = Instant::now();
    read_facts(store, head, Scope::Everything).await?;
    let gathered = [CaseId::CATEGORY, PersonId::CATEGORY]
        .iter()
        .map(|c| per_category.get(*c).copied().unwrap_or(0))
        .sum();
    phases.push(phase(
        "federal report facts".to_owned(),
        gathered,
        started.elapsed().as_secs_f64(),
    ));
    Ok(ReplayBenchReport {
        head,
        payload_bytes,
        read_all,
        phases,
    })
}

/// A stream id is `<category>-<uuid>`, and the category may itself hold hyphens.
fn category_of(stream_id: &str) -> String {
    const UUID_WITH_HYPHEN: usize = 37;
    stream_id
        .len()
        .checked_sub(UUID_WITH_HYPHEN)
        .and_then(|end| stream_id.get(..end))
        .unwrap_or(stream_id)
        .to_owned()
}

fn rate(events: u64, seconds: f64) -> f64 {
    if seconds > 0.0 {
        events as f64 / seconds
    } else {
        0.0
    }
}

/// Resets the kernel's peak-RSS mark for this process (`clear_refs` value 5), so each
/// phase's peak is its own. Elsewhere than Linux it does nothing.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// The report as a table for people.
pub fn render(report: &ReplayBenchReport) -> String {
    let mut out = format!(
        "log head {}, {:.1} MB of payloads\n{:<34} {:>10} {:>9} {:>11} {:>9} {:>8}\n",
        report.head,
        report.payload_bytes as f64 / 1e6,
        "phase",
        "events",
        "seconds",
        "events/s",
        "ratio",
        "peak MB",
    );
    for p in std::iter::once(&report.read_all).chain(&report.phases) {
        out.push_str(&format!(
            "{:<34} {:>10} {:>9.1} {:>11.0} {:>9.2} {:>8}\n",
            p.name,
            p.events,
            p.seconds,
            p.events_per_sec,
            p.ratio_to_read_all,
            p.peak_rss_mb
                .map_or_else(|| "-".to_owned(), |mb| format!("{mb:.0}")),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_keep_their_hyphens() {
        let id = "0190f1a0-0000-7000-8000-00000000ca5e";
        assert_eq!(category_of(&format!("case-{id}")), "case");
        assert_eq!(
            category_of(&format!("provider-payments-{id}")),
            "provider-payments"
        );
        assert_eq!(category_of("short"), "short");
    }
}
