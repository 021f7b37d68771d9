//! Executing the population: each stream's lines in order through the import path,
//! many streams at once so the store's group commit batches their appends; or writing
//! the lines as an NDJSON file.
use std::io::Write;
use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};
use kinlog_projections::encode;
use kinlog_store::{ExpectedVersion, Store};

use super::audit::AuditEvent;
use super::lines::StreamLines;
use super::population::{Population, Unit};
use super::{Manifest, Profile};
use crate::commands::Executed;
use crate::import::{apply, command_path, parse_line, LineRejection};
use crate::Error;

/// Streams executed at once. Each waits on Postgres most of the time; 32 keeps the
/// group commit's batches full on two cores without starving the read pool.
const CONCURRENT_STREAMS: usize = 32;

/// The totals of a seed run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeedSummary {
    /// Import lines generated.
    pub lines: u64,
    /// Lines whose events were already in the log (a resumed run).
    pub already_present: u64,
    /// Lines the domain refused: a generator defect, reported through `on_rejection`.
    pub rejected: u64,
    /// Events appended now, from lines and access events together.
    pub events_written: u64,
    /// Access and disclosure events generated (not in an emitted file).
    pub audit_events: u64,
    pub elapsed: Duration,
}

impl SeedSummary {
    /// Events written per second of the run.
    pub fn events_per_second(&self) -> f64 {
        self.events_written as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    fn add(mut self, other: SeedSummary) -> SeedSummary {
        self.lines += other.lines;
        self.already_present += other.already_present;
        self.rejected += other.rejected;
        self.events_written += other.events_written;
        self.audit_events += other.audit_events;
        self
    }
}

impl std::fmt::Display for SeedSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} lines ({} already present, {} rejected), {} access and disclosure events; {} events written in {:.1}s ({:.0} events/s)",
            self.lines,
            self.already_present,
            self.rejected,
            self.audit_events,
            self.events_written,
            self.elapsed.as_secs_f64(),
            self.events_per_second()
        )
    }
}

/// Seeds `store` with the population of `profile` and `seed`. Running it again adds
/// nothing (every event id derives from the seed), and a run that stopped resumes.
/// `on_progress` sees the running totals after each unit.
pub async fn seed(
    store: &Store,
    profile: Profile,
    seed: u64,
    mut on_rejection: impl FnMut(LineRejection),
    mut on_progress: impl FnMut(&SeedSummary),
) -> Result<(SeedSummary, Manifest), Error> {
    let started = Instant::now();
    let mut population = Population::new(profile, seed);
    let mut total = SeedSummary::default();
    let mut results = stream::iter(population.by_ref())
        .map(|unit| execute_unit(store, unit))
        .buffer_unordered(CONCURRENT_STREAMS);
    while let Some(result) = results.next().await {
        let (summary, rejections) = result?;
        total = total.add(summary);
        rejections.into_iter().for_each(&mut on_rejection);
        on_progress(&total);
    }
    drop(results);
    total.elapsed = started.elapsed();
    Ok((total, manifest(profile, seed, population)))
}

/// Writes the population's import lines to `out`, one a line, in generation order.
/// Access and disclosure events are counted but not written: no import line expresses
/// them.
pub fn emit_ndjson(
    profile: Profile,
    seed: u64,
    out: &mut impl Write,
) -> Result<(SeedSummary, Manifest), std::io::Error> {
    let started = Instant::now();
    let mut population = Population::new(profile, seed);
    let mut total = SeedSummary::default();
    for unit in population.by_ref() {
        match unit {
            Unit::Stream(StreamLines { lines }) => {
                for line in lines {
                    out.write_all(line.as_bytes())?;
                    out.write_all(b"\n")?;
                    total.lines += 1;
                }
            }
            Unit::Audit(events) => total.audit_events += events.len() as u64,
        }
    }
    out.flush()?;
    total.elapsed = started.elapsed();
    Ok((total, manifest(profile, seed, population)))
}

fn manifest(profile: Profile, seed: u64, population: Population) -> Manifest {
    Manifest {
        profile: profile.name(),
        seed,
        violations: population.violations,
    }
}

async fn execute_unit(
    store: &Store,
    unit: Unit,
) -> Result<(SeedSummary, Vec<LineRejection>), Error> {
    let mut summary = SeedSummary::default();
    let mut rejections = Vec::new();
    match unit {
        Unit::Stream(StreamLines { lines }) => {
            for (number, text) in lines.iter().enumerate() {
                summary.lines += 1;
                let line =
                    parse_line(number as u64 + 1, text).map_err(|rejection| Error::SeedLine {
                        reason: rejection.to_string(),
                    })?;
                let aggregate = format!("{:?} {}", line.command.aggregate(), line.id);
                match apply(store, line).await {
                    Ok(Executed::Appended(outcome)) if outcome.already_present => {
                        summary.already_present += 1;
                    }
                    Ok(Executed::Appended(outcome)) => {
                        summary.events_written +=
                            outcome.last_position - outcome.first_position + 1;
                    }
                    Ok(Executed::Unchanged) => {}
                    Ok(Executed::AlreadyPresent) => summary.already_present += 1,
                    Err(Error::Domain(rejected)) => {
                        summary.rejected += 1;
                        // No file numbers these lines; `line` counts within the stream.
                        let body = serde_json::from_str::<serde_json::Value>(text)
                            .map(|line| line["command"].to_string())
                            .unwrap_or_default();
                        rejections.push(LineRejection {
                            line: number as u64 + 1,
                            field: format!("{}.{}", command_path(&body), rejected.field),
                            column: None,
                            reason: format!(
                                "{} ({}), on {aggregate}",
                                rejected.rule,
                                rejected.rule.code()
                            ),
                        });
                    }
                    Err(other) => return Err(other),
                }
            }
        }
        Unit::Audit(events) => {
            for AuditEvent {
                stream,
                event_id,
                event,
                metadata,
            } in events
            {
                summary.audit_events += 1;
                let envelope = encode(event_id, &event, &metadata)?;
                let outcome = store
                    .append(&stream, ExpectedVersion::Any, vec![envelope])
                    .await?;
                if !outcome.already_present {
                    summary.events_written += 1;
                }
            }
        }
    }
    Ok((summary, rejections))
}
