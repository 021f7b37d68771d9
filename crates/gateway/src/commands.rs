//! The one path a command takes: load its aggregate's stream, decide, and append the
//! events at the version they were decided against. HTTP and import both go through it.
//!
//! A command may carry its own id (an HTTP idempotency key, an import line's
//! `command_id`). Its events' ids are then derived from that id, so sending the same
//! command again is recognised from the log itself and never decided twice.
use kinlog_domain::{Aggregate, CommandContext};
use kinlog_projections::{decode, encode, EventMetadata};
use kinlog_store::{AppendOutcome, ExpectedVersion, RecordedEvent, Store};
use sha2::{Digest, Sha256};
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
    match execute_with_ids::<A>(store, stream, EventIds::Fresh, command, context, metadata).await? {
        Executed::Appended(outcome) => Ok(Some(outcome)),
        Executed::Unchanged | Executed::AlreadyPresent => Ok(None),
    }
}

/// What became of a command that carries its own id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Executed {
    /// Its events were appended.
    Appended(AppendOutcome),
    /// The domain accepted it but it changed nothing, so nothing was stored.
    Unchanged,
    /// Its events were already in the stream: it was not decided again.
    AlreadyPresent,
}

/// Like [`execute`], for a command with a caller-given id: its events get ids derived from
/// `command_id` ([`derived_event_id`]), and a command whose first event is already in the
/// stream is reported as [`Executed::AlreadyPresent`] without being decided again (deciding
/// again against the later state could reject it or produce different events).
pub async fn execute_once<A>(
    store: &Store,
    stream: &str,
    command_id: Uuid,
    command: A::Command,
    context: &CommandContext,
    metadata: &EventMetadata,
) -> Result<Executed, Error>
where
    A: Aggregate,
    A::Command: Clone,
{
    let ids = EventIds::DerivedFrom(command_id);
    execute_with_ids::<A>(store, stream, ids, command, context, metadata).await
}

/// The id of the `index`th event (from 0) produced by command `command_id`: a UUIDv8 made
/// of the first 16 bytes of `sha256(command_id || index as u32 big-endian)`. A stored
/// contract: changing it makes every re-sent command look new.
pub fn derived_event_id(command_id: Uuid, index: u32) -> Uuid {
    let digest = Sha256::new()
        .chain_update(command_id.as_bytes())
        .chain_update(index.to_be_bytes())
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Uuid::new_v8(bytes)
}

/// Where the ids of a command's events come from.
#[derive(Clone, Copy)]
enum EventIds {
    /// New UUIDv7s: the command has no identity of its own.
    Fresh,
    /// Derived from the command's id, so a repeat is recognisable.
    DerivedFrom(Uuid),
}

impl EventIds {
    fn id(self, index: usize) -> Result<Uuid, Error> {
        match self {
            EventIds::Fresh => Ok(Uuid::now_v7()),
            EventIds::DerivedFrom(command_id) => {
                let index =
                    u32::try_from(index).map_err(|_| Error::TooManyEvents { command_id })?;
                Ok(derived_event_id(command_id, index))
            }
        }
    }

    /// Whether the stream already holds this command's first event.
    fn already_in(self, recorded: &[RecordedEvent]) -> bool {
        match self {
            EventIds::Fresh => false,
            EventIds::DerivedFrom(command_id) => {
                let first = derived_event_id(command_id, 0);
                recorded.iter().any(|event| event.event_id == first)
            }
        }
    }
}

async fn execute_with_ids<A>(
    store: &Store,
    stream: &str,
    ids: EventIds,
    command: A::Command,
    context: &CommandContext,
    metadata: &EventMetadata,
) -> Result<Executed, Error>
where
    A: Aggregate,
    A::Command: Clone,
{
    let mut attempt = 0;
    loop {
        attempt += 1;
        let recorded = store.read_stream(stream, 1, u32::MAX as usize).await?;
        if ids.already_in(&recorded) {
            return Ok(Executed::AlreadyPresent);
        }
        let history = recorded
            .iter()
            .map(|event| decode::<A::Event>(event).map(|(domain, _)| domain))
            .collect::<Result<Vec<_>, _>>()?;
        let events = A::decide(&A::replay(&history), command.clone(), context)?;
        if events.is_empty() {
            return Ok(Executed::Unchanged);
        }
        let expected = match recorded.len() as u64 {
            0 => ExpectedVersion::NoStream,
            version => ExpectedVersion::Exact(version),
        };
        let envelopes = events
            .iter()
            .enumerate()
            .map(|(index, event)| Ok(encode(ids.id(index)?, event, metadata)?))
            .collect::<Result<Vec<_>, Error>>()?;
        match store.append(stream, expected, envelopes).await {
            Ok(outcome) => return Ok(Executed::Appended(outcome)),
            // Someone else appended first: decide again against what they wrote (or, if it
            // was this same command, find it already present).
            Err(kinlog_store::Error::WrongExpectedVersion { .. }) if attempt < ATTEMPTS => {}
            Err(e) => return Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_distinct_per_index_and_version_8() {
        let command = Uuid::parse_str("0190f1a0-0000-7000-8000-000000000001").unwrap();
        let first = derived_event_id(command, 0);
        assert_eq!(first, derived_event_id(command, 0));
        assert_ne!(first, derived_event_id(command, 1));
        assert_ne!(first, derived_event_id(Uuid::nil(), 0));
        assert_eq!(first.get_version_num(), 8);
    }
}
