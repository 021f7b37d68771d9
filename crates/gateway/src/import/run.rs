//! Reading an import file line by line and sending each line down the command path.
use std::path::Path;

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
use kinlog_domain::{
    Aggregate, CaseId, CommandContext, GrantId, OrganizationId, PersonId, PortalAccountId,
    ProviderId, StaffId,
};
use kinlog_projections::EventMetadata;
use kinlog_store::Store;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, BufReader};

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

/// Imports every line of `reader` in order, one line in memory at a time. Each bad line is
/// passed to `on_rejection` and the run goes on; blank lines are skipped. Fails only when
/// the file cannot be read or the store cannot be reached, and then every line before the
/// failing one is already applied: running the import again resumes it.
pub async fn import_lines(
    store: &Store,
    path: &Path,
    mut reader: impl AsyncBufRead + Unpin,
    progress: &ProgressBar,
    mut on_rejection: impl FnMut(LineRejection),
) -> Result<ImportSummary, Error> {
    let mut summary = ImportSummary::default();
    let mut text = String::new();
    let mut number = 0u64;
    loop {
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
        let parsed = match parse_line(number, trimmed) {
            Ok(parsed) => parsed,
            Err(rejection) => {
                summary.rejected += 1;
                on_rejection(rejection);
                continue;
            }
        };
        match apply(store, parsed).await {
            Ok(Executed::Appended(outcome)) if outcome.already_present => {
                summary.already_present += 1;
            }
            Ok(Executed::Appended(outcome)) => {
                summary.accepted += 1;
                summary.events_written += outcome.last_position - outcome.first_position + 1;
            }
            Ok(Executed::Unchanged) => summary.accepted += 1,
            Ok(Executed::AlreadyPresent) => summary.already_present += 1,
            Err(Error::Domain(rejected)) => {
                summary.rejected += 1;
                on_rejection(LineRejection {
                    line: number,
                    field: format!("{}.{}", command_path(command_text(trimmed)), rejected.field),
                    column: None,
                    reason: format!("{} ({})", rejected.rule, rejected.rule.code()),
                });
            }
            Err(other) => return Err(other),
        }
    }
    Ok(summary)
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
    let context = CommandContext {
        actor: StaffId(line.actor),
        // Legacy entries were approved in the legacy system; they are not pending here.
        actor_is_intern: false,
        now: line.occurred_at,
    };
    let metadata = EventMetadata {
        actor: Some(line.actor),
        command_id: Some(line.command_id),
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
