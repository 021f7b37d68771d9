//! Streams folded with the domain's own aggregates, so a loaded fact means exactly what
//! `decide` would see.
use std::collections::BTreeMap;

use kinlog_domain::Aggregate;
use kinlog_projections::decode;
use kinlog_store::{RecordedEvent, Store};

use crate::Error;

/// The state of one stream, or `None` when it has no events.
pub(crate) async fn one<A: Aggregate>(
    store: &Store,
    stream: &str,
) -> Result<Option<A::State>, Error> {
    let recorded = store.read_stream(stream, 1, u32::MAX as usize).await?;
    if recorded.is_empty() {
        return Ok(None);
    }
    Ok(Some(A::replay(&events::<A>(&recorded)?)))
}

/// The decoded events of one stream.
pub(crate) fn events<A: Aggregate>(recorded: &[RecordedEvent]) -> Result<Vec<A::Event>, Error> {
    recorded
        .iter()
        .map(|event| Ok(decode::<A::Event>(event)?.0))
        .collect()
}

/// The state of each of `streams` that has events, by stream id; read in one query.
pub(crate) async fn many<A: Aggregate>(
    store: &Store,
    streams: &[String],
) -> Result<BTreeMap<String, A::State>, Error> {
    let mut by_stream: BTreeMap<String, Vec<A::Event>> = BTreeMap::new();
    for recorded in store.read_streams(streams).await? {
        let (event, _) = decode::<A::Event>(&recorded)?;
        by_stream.entry(recorded.stream_id).or_default().push(event);
    }
    Ok(by_stream
        .into_iter()
        .map(|(stream, events)| (stream, A::replay(&events)))
        .collect())
}
