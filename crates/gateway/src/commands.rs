//! The one path a command takes: load its aggregate's stream, decide, and append the
//! events at the version they were decided against. HTTP and import both go through it.
use kinlog_domain::{Aggregate, CommandContext};
use kinlog_projections::{decode, encode, EventMetadata};
use kinlog_store::{AppendOutcome, ExpectedVersion, Store};
use uuid::Uuid;

use crate::Error;

/// How often a command is decided again after another writer changed its stream first.
const ATTEMPTS: usize = 3;

/// Decides `command` against the current state of `stream` and appends the result.
/// Returns `None` when the command changed nothing.
pub async fn execute<A>(
    store: &Store,
    stream: &str,
    command: A::Command,
    context: &CommandContext,
    metadata: &EventMetadata,
) -> Result<Option<AppendOutcome>, Error>
where
    A: Aggregate,
    A::Command: Clone,
{
    let mut attempt = 0;
    loop {
        attempt += 1;
        let recorded = store.read_stream(stream, 1, u32::MAX as usize).await?;
        let history = recorded
            .iter()
            .map(|event| decode::<A::Event>(event).map(|(domain, _)| domain))
            .collect::<Result<Vec<_>, _>>()?;
        let events = A::decide(&A::replay(&history), command.clone(), context)?;
        if events.is_empty() {
            return Ok(None);
        }
        let expected = match recorded.len() as u64 {
            0 => ExpectedVersion::NoStream,
            version => ExpectedVersion::Exact(version),
        };
        let envelopes = events
            .iter()
            .map(|event| encode(Uuid::now_v7(), event, metadata))
            .collect::<Result<Vec<_>, _>>()?;
        match store.append(stream, expected, envelopes).await {
            Ok(outcome) => return Ok(Some(outcome)),
            // Someone else appended first: decide again against what they wrote.
            Err(kinlog_store::Error::WrongExpectedVersion { .. }) if attempt < ATTEMPTS => {}
            Err(e) => return Err(e.into()),
        }
    }
}
