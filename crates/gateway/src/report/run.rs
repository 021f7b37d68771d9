//! One report run, start to finish.
use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use chrono::Utc;
use kinlog_domain::access::ClientInfo;
use kinlog_domain::policy::{
    Action, OrganizationKind, PolicySet, PortalLinks, Purpose, RequestContext, ResourceFacts,
    ResourceKind,
};
use kinlog_domain::report::{report_stream_id, ReportEvent, ReportFile, ReportRun};
use kinlog_domain::{OrganizationId, StaffId};
use kinlog_projections::federal::gather::{read_facts, Scope};
use kinlog_projections::{encode, EventMetadata};
use kinlog_store::{ExpectedVersion, Filter, Store};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::generate::{fiscal_year, generate, State};
use super::RecordNumberKey;
use crate::principal::principal_facts;
use crate::replay::authorize_access;
use crate::Error;

/// The federal reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportKind {
    /// AFCARS 2020, period `2026A` or `2026B`.
    Afcars,
    /// NCANDS Child File and agency counts, a fiscal year `2026`.
    Ncands,
    /// NYTD, period `2026A` or `2026B`.
    Nytd,
    /// CFSR Round 4 statewide indicators over a fiscal year `2026`.
    Cfsr,
    /// Legacy ids and kinlog ids to federal record numbers; no period.
    Crosswalk,
}

impl FromStr for ReportKind {
    type Err = Error;
    fn from_str(text: &str) -> Result<ReportKind, Error> {
        match text {
            "afcars" => Ok(ReportKind::Afcars),
            "ncands" => Ok(ReportKind::Ncands),
            "nytd" => Ok(ReportKind::Nytd),
            "cfsr" => Ok(ReportKind::Cfsr),
            "crosswalk" => Ok(ReportKind::Crosswalk),
            _ => Err(Error::ReportKind(text.to_owned())),
        }
    }
}

impl ReportKind {
    /// The facts this kind of report reads for `period`.
    fn scope(self, period: &str) -> Result<Scope, Error> {
        Ok(match self {
            ReportKind::Afcars => Scope::Afcars,
            ReportKind::Nytd => Scope::Nytd,
            ReportKind::Cfsr => Scope::Cfsr,
            ReportKind::Ncands => Scope::Ncands {
                fiscal_year: fiscal_year(period)?,
            },
            ReportKind::Crosswalk => Scope::Everything,
        })
    }
}

impl fmt::Display for ReportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ReportKind::Afcars => "afcars",
            ReportKind::Ncands => "ncands",
            ReportKind::Nytd => "nytd",
            ReportKind::Cfsr => "cfsr",
            ReportKind::Crosswalk => "crosswalk",
        })
    }
}

/// What to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRequest {
    pub kind: ReportKind,
    pub period: String,
    /// The log position to read up to; the head when `None`.
    pub at: Option<u64>,
    pub state: State,
    pub requested_by: StaffId,
}

/// What a run wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReportOutcome {
    pub run_id: Uuid,
    pub kind: ReportKind,
    pub period: String,
    pub position: u64,
    pub files: Vec<ReportFile>,
    pub would_pass: bool,
    /// Where the `ReportRun` event is.
    pub recorded_at_position: u64,
}

/// Runs `request`, writing its files into `out_dir`. `on_phase` hears each step, for a
/// progress display.
pub async fn run_report(
    store: &Store,
    policies: &PolicySet,
    key: &RecordNumberKey,
    request: &ReportRequest,
    out_dir: &Path,
    client: ClientInfo,
    on_phase: &mut (dyn FnMut(&str) + Send),
) -> Result<ReportOutcome, Error> {
    let run_id = Uuid::now_v7();
    let position = match request.at {
        Some(at) => at,
        None => store.head().await?,
    };
    on_phase("authorizing");
    let allowed = authorize_report(store, policies, request.requested_by, run_id, client).await?;
    on_phase("reading the facts");
    let scope = request.kind.scope(&request.period)?;
    let facts = read_facts(store, position, scope).await?;
    let generated_on = newest_event_date(store, position).await?;
    on_phase("generating the files");
    // Generating, hashing and writing take seconds to minutes of CPU and disk: on a
    // blocking thread, so that a run over HTTP leaves the server's workers to its other
    // requests.
    let (kind, period, state, key) = (
        request.kind,
        request.period.clone(),
        request.state.clone(),
        key.clone(),
    );
    let (generated, files) = blocking(move || {
        let generated = generate(kind, &period, &state, &facts, generated_on, &|person| {
            key.number(person)
        })?;
        drop(facts);
        let files = hash_files(&generated.files);
        Ok((generated, files))
    })
    .await?;
    // The files are data leaving the system: their access is recorded first.
    let returned = files.iter().map(|f| f.name.clone()).collect();
    let total_bytes = files.iter().map(|f| f.bytes).sum();
    allowed.record(store, returned, total_bytes).await?;
    on_phase("writing the files");
    let would_pass = generated.would_pass;
    let out_dir = out_dir.to_owned();
    blocking(move || write_files(&out_dir, &generated.files)).await?;
    on_phase("recording the run");
    let event = ReportEvent::ReportRun(ReportRun {
        run_id,
        kind: request.kind.to_string(),
        period: request.period.clone(),
        parameters: vec![
            ("state_fips".to_owned(), request.state.fips.to_string()),
            ("state".to_owned(), request.state.postal.clone()),
        ],
        position,
        requested_by: request.requested_by,
        files: files.clone(),
        would_pass,
    });
    let metadata = EventMetadata {
        actor: Some(request.requested_by.0),
        correlation_id: Some(run_id),
        ..EventMetadata::default()
    };
    let recorded = store
        .append(
            &report_stream_id(run_id),
            ExpectedVersion::NoStream,
            vec![encode(run_id, &event, &metadata)?],
        )
        .await?;
    Ok(ReportOutcome {
        run_id,
        kind: request.kind,
        period: request.period.clone(),
        position,
        files,
        would_pass,
        recorded_at_position: recorded.first_position,
    })
}

/// Runs `work` on a thread for blocking work, passing on its panic.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
}

/// Each file's name, size and SHA-256. A national AFCARS file is gigabytes: each file
/// is hashed on its own thread.
fn hash_files(files: &[(String, Vec<u8>)]) -> Vec<ReportFile> {
    std::thread::scope(|scope| {
        let hashing: Vec<_> = files
            .iter()
            .map(|(name, bytes)| {
                scope.spawn(move || ReportFile {
                    name: name.clone(),
                    sha256: hex::encode(Sha256::digest(bytes)),
                    bytes: bytes.len() as u64,
                })
            })
            .collect();
        hashing
            .into_iter()
            .map(|file| file.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

fn write_files(out_dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), Error> {
    std::fs::create_dir_all(out_dir).map_err(|source| Error::ReportWrite {
        path: out_dir.to_owned(),
        source,
    })?;
    for (name, bytes) in files {
        let path = out_dir.join(name);
        std::fs::write(&path, bytes).map_err(|source| Error::ReportWrite { path, source })?;
    }
    Ok(())
}

/// A report reads the whole state's log, so it is the state's record: only a principal
/// of the state organization can be allowed it. Anyone else's request is decided
/// against a record of no organization, which no policy permits, and recorded denied.
/// Also decides reading a run's files.
pub async fn authorize_report(
    store: &Store,
    policies: &PolicySet,
    staff: StaffId,
    run_id: Uuid,
    client: ClientInfo,
) -> Result<crate::replay::AllowedAccess, Error> {
    let principal = principal_facts(store, staff).await?;
    let owner = if principal.organization_kind == OrganizationKind::State {
        principal.organization
    } else {
        OrganizationId(Uuid::nil())
    };
    let resource = ResourceFacts {
        id: run_id,
        kind: ResourceKind::Report,
        owning_organization: owner,
        case: None,
        subjects: BTreeSet::new(),
        programs: BTreeSet::new(),
        portal: PortalLinks::default(),
    };
    let context = RequestContext {
        now: Utc::now(),
        purpose: Purpose::FederalReporting,
    };
    authorize_access(
        store,
        policies,
        Action::RunReport,
        principal,
        resource,
        context,
        client,
    )
    .await
}

/// The recording date of the event at `position`, so the files carry a date that the
/// position fixes rather than the clock.
async fn newest_event_date(store: &Store, position: u64) -> Result<chrono::NaiveDate, Error> {
    use futures_util::StreamExt;
    if position == 0 {
        return Ok(chrono::NaiveDate::MIN);
    }
    let mut events = store
        .read_filtered(&Filter::All, None, position - 1, Some(1))
        .await?;
    match events.next().await {
        Some(event) => Ok(event?.recorded_at.date_naive()),
        None => Err(Error::ReportPosition(position)),
    }
}
