//! Reading an import file line by line and sending each line down the command path.
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use indicatif::ProgressBar;
use kinlog_domain::case::Case;
use kinlog_domain::financial::eligibility::{self, TitleIvEEligibility};
use kinlog_domain::financial::payments::{self, ProviderPayments};
use kinlog_domain::grant::Grant;
use kinlog_domain::person::Person;
use kinlog_domain::provider::Provider;
use kinlog_domain::staff::organization::Organization;
use kinlog_domain::staff::portal::PortalAccount;
use kinlog_domain::staff::Staff;
use kinlog_domain::Rule;
use kinlog_domain::{
    Aggregate, CaseId, CommandContext, GrantId, OrganizationId, PersonId, PortalAccountId,
    ProviderId, StaffId,
};
use kinlog_projections::EventMetadata;
use kinlog_store::Store;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, BufReader};
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use uuid::Uuid;

use super::line::{command_path, parse_line, AnyCommand, ImportLine};
use super::{ImportSummary, LineRejection};
use crate::commands::{execute_once, Executed};
use crate::Error;

/// Imports the file at `path`. See [`import_lines`].
pub async fn import_file(
    store: &Store,
    path: &Path,
    progress: &ProgressBar,
    on_rejection: impl FnMut(LineRejection),
) -> Result<ImportSummary, Error> {
    let file = tokio::fs::File::open(path)
        .await
        .map_err(|source| Error::ImportRead {
            path: path.to_owned(),
            line: 0,
            source,
        })?;
    import_lines(store, path, BufReader::new(file), progress, on_rejection).await
}

/// Lines read ahead of their application, across all lanes. Bounds memory whatever the
/// file's size, and is deep enough that a file grouped by stream (as `kinlog seed
/// --emit-ndjson` writes it) still keeps every lane busy.
const LINES_IN_FLIGHT: usize = 4096;
/// Lanes applying lines at once. Each takes the streams whose id hashes to it and applies
/// their lines in file order; many lanes let the store's group commit share one
/// transaction among their appends, which one line at a time cannot.
const LANES: usize = 32;

/// A parsed line on its way to its lane.
struct Pending {
    number: u64,
    text: String,
    line: ImportLine,
    _in_flight: OwnedSemaphorePermit,
}

/// A line back from its lane.
struct Applied {
    number: u64,
    text: String,
    /// The record the line addressed.
    id: Uuid,
    has_source_time: bool,
    result: Result<Executed, Error>,
}

/// Imports every line of `reader`. Lines of one stream are applied in file order; lines
/// of different streams concurrently, so a rejection may be reported after a later
/// line's. At most [`LINES_IN_FLIGHT`] lines are held in memory. Each bad line is passed
/// to `on_rejection` and the run goes on; blank lines are skipped. Fails only when the
/// file cannot be read or the store cannot be reached; running the import again then
/// resumes it, since every line already applied is recognised by its `command_id`.
pub async fn import_lines(
    store: &Store,
    path: &Path,
    mut reader: impl AsyncBufRead + Unpin,
    progress: &ProgressBar,
    mut on_rejection: impl FnMut(LineRejection),
) -> Result<ImportSummary, Error> {
    let in_flight = Arc::new(Semaphore::new(LINES_IN_FLIGHT));
    let (applied_tx, mut applied) = mpsc::unbounded_channel();
    // Dropping the set on an early return aborts every lane.
    let mut lane_tasks = JoinSet::new();
    let lanes: Vec<mpsc::UnboundedSender<Pending>> = (0..LANES)
        .map(|_| {
            let (lane, mut pending) = mpsc::unbounded_channel::<Pending>();
            let (store, applied_tx) = (store.clone(), applied_tx.clone());
            lane_tasks.spawn(async move {
                while let Some(Pending {
                    number, text, line, ..
                }) = pending.recv().await
                {
                    let (id, has_source_time) = (line.id, line.source_recorded_at.is_some());
                    let result = apply(&store, line).await;
                    let applied = Applied {
                        number,
                        text,
                        id,
                        has_source_time,
                        result,
                    };
                    if applied_tx.send(applied).is_err() {
                        return;
                    }
                }
            });
            lane
        })
        .collect();
    drop(applied_tx);

    let mut summary = ImportSummary::default();
    // Lines sent to a lane and not yet back, by the record they address: a line naming
    // one of those records waits for them, so an earlier line's record exists first.
    let mut pending_records: HashMap<Uuid, usize> = HashMap::new();
    let mut text = String::new();
    let mut number = 0u64;
    loop {
        while let Ok(line) = applied.try_recv() {
            tally(&mut summary, &mut pending_records, line, &mut on_rejection)?;
        }
        text.clear();
        number += 1;
        let read = reader
            .read_line(&mut text)
            .await
            .map_err(|source| Error::ImportRead {
                path: path.to_owned(),
                line: number,
                source,
            })?;
        if read == 0 {
            break;
        }
        progress.inc(1);
        let trimmed = text.trim_end_matches(['\n', '\r']);
        if trimmed.trim().is_empty() {
            continue;
        }
        let line = match parse_line(number, trimmed) {
            Ok(parsed) => parsed,
            Err(rejection) => {
                summary.rejected += 1;
                on_rejection(rejection);
                continue;
            }
        };
        while line
            .references
            .iter()
            .any(|(_, id)| pending_records.contains_key(id))
        {
            match applied.recv().await {
                Some(done) => tally(&mut summary, &mut pending_records, done, &mut on_rejection)?,
                None => break,
            }
        }
        *pending_records.entry(line.id).or_default() += 1;
        let permit = Arc::clone(&in_flight)
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        let lane = (line.id.as_u128() % LANES as u128) as usize;
        let pending = Pending {
            number,
            text: trimmed.to_owned(),
            line,
            _in_flight: permit,
        };
        if lanes[lane].send(pending).is_err() {
            // A lane only stops early when its task panicked; the join says why.
            break;
        }
    }
    drop(lanes);
    while let Some(line) = applied.recv().await {
        tally(&mut summary, &mut pending_records, line, &mut on_rejection)?;
    }
    while let Some(joined) = lane_tasks.join_next().await {
        joined.map_err(|e| Error::ImportLane(e.to_string()))?;
    }
    Ok(summary)
}

/// Counts one applied line, reporting it if it was refused.
fn tally(
    summary: &mut ImportSummary,
    pending_records: &mut HashMap<Uuid, usize>,
    Applied {
        number,
        text,
        id,
        has_source_time,
        result,
    }: Applied,
    on_rejection: &mut impl FnMut(LineRejection),
) -> Result<(), Error> {
    if let Some(count) = pending_records.get_mut(&id) {
        *count -= 1;
        if *count == 0 {
            pending_records.remove(&id);
        }
    }
    match result {
        Ok(Executed::Appended(outcome)) if outcome.already_present => {
            summary.already_present += 1;
        }
        Ok(Executed::Appended(outcome)) => {
            summary.accepted += 1;
            summary.events_written += outcome.last_position - outcome.first_position + 1;
        }
        Ok(Executed::Unchanged) => summary.accepted += 1,
        Ok(Executed::AlreadyPresent) => summary.already_present += 1,
        // Judged as of the legacy recording time, a fact dated after it was recorded
        // before it happened: the recording time is what is wrong.
        Err(Error::Domain(rejected)) if has_source_time && rejected.rule == Rule::DateInFuture => {
            summary.rejected += 1;
            on_rejection(LineRejection {
                line: number,
                field: "source_recorded_at".to_owned(),
                column: None,
                reason: format!(
                    "earlier than the fact it records ({}.{})",
                    command_path(command_text(&text)),
                    rejected.field
                ),
            });
        }
        Err(Error::Domain(rejected)) => {
            summary.rejected += 1;
            on_rejection(LineRejection {
                line: number,
                field: format!("{}.{}", command_path(command_text(&text)), rejected.field),
                column: None,
                reason: format!("{} ({})", rejected.rule, rejected.rule.code()),
            });
        }
        Err(Error::ImportLineField { field, reason }) => {
            summary.rejected += 1;
            on_rejection(LineRejection {
                line: number,
                field,
                column: None,
                reason,
            });
        }
        Err(other) => return Err(other),
    }
    Ok(())
}

/// The raw `command` member of a line that already parsed, for naming paths in rejections.
fn command_text(line: &str) -> &str {
    serde_json::from_str::<std::collections::BTreeMap<&str, &serde_json::value::RawValue>>(line)
        .ok()
        .and_then(|fields| fields.get("command").map(|raw| raw.get()))
        .unwrap_or("")
}

/// Sends one parsed line down the command path, to its aggregate's stream.
pub(crate) async fn apply(store: &Store, line: ImportLine) -> Result<Executed, Error> {
    if let Some(recorded) = line.source_recorded_at {
        if recorded > chrono::Utc::now() {
            return Err(Error::ImportLineField {
                field: "source_recorded_at".to_owned(),
                reason: "in the future: a legacy system cannot have recorded it yet".to_owned(),
            });
        }
    }
    for (path, id) in &line.references {
        if !record_exists(store, *id).await? {
            return Err(Error::ImportLineField {
                field: path.clone(),
                reason: format!(
                    "unknown external reference: no record has the external id that derives {id}"
                ),
            });
        }
    }
    let context = CommandContext {
        actor: StaffId(line.actor),
        // Legacy entries were approved in the legacy system; they are not pending here.
        actor_is_intern: false,
        now: line.source_recorded_at.unwrap_or(line.occurred_at),
    };
    let metadata = EventMetadata {
        actor: Some(line.actor),
        command_id: Some(line.command_id),
        source_recorded_at: line.source_recorded_at,
        external_id: line.external_id.clone(),
        ..Default::default()
    };
    let id = line.id;
    let once = Once {
        store,
        command_id: line.command_id,
        context: &context,
        metadata: &metadata,
    };
    match line.command {
        AnyCommand::Case(c) => once.run::<Case>(&CaseId(id).stream_id(), c).await,
        AnyCommand::Person(c) => once.run::<Person>(&PersonId(id).stream_id(), c).await,
        AnyCommand::Staff(c) => once.run::<Staff>(&StaffId(id).stream_id(), c).await,
        AnyCommand::Organization(c) => {
            once.run::<Organization>(&OrganizationId(id).stream_id(), c)
                .await
        }
        AnyCommand::Portal(c) => {
            once.run::<PortalAccount>(&PortalAccountId(id).stream_id(), c)
                .await
        }
        AnyCommand::Grant(c) => once.run::<Grant>(&GrantId(id).stream_id(), c).await,
        AnyCommand::Provider(c) => once.run::<Provider>(&ProviderId(id).stream_id(), c).await,
        AnyCommand::Eligibility(c) => {
            let stream = eligibility::stream_id(PersonId(id));
            once.run::<TitleIvEEligibility>(&stream, c).await
        }
        AnyCommand::Payments(c) => {
            let stream = payments::stream_id(ProviderId(id));
            once.run::<ProviderPayments>(&stream, c).await
        }
    }
}

/// Whether any record kind that a legacy id can name has a stream for `id`.
async fn record_exists(store: &Store, id: Uuid) -> Result<bool, Error> {
    for stream in [
        PersonId(id).stream_id(),
        CaseId(id).stream_id(),
        ProviderId(id).stream_id(),
        StaffId(id).stream_id(),
        OrganizationId(id).stream_id(),
    ] {
        if !store.read_stream(&stream, 1, 1).await?.is_empty() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// What every line's command shares on its way to [`execute_once`].
struct Once<'a> {
    store: &'a Store,
    command_id: uuid::Uuid,
    context: &'a CommandContext,
    metadata: &'a EventMetadata,
}

impl Once<'_> {
    async fn run<A>(&self, stream: &str, command: A::Command) -> Result<Executed, Error>
    where
        A: Aggregate,
        A::Command: Clone,
    {
        execute_once::<A>(
            self.store,
            stream,
            self.command_id,
            command,
            self.context,
            self.metadata,
        )
        .await
    }
}
