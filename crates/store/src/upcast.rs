//! Schema evolution: old payloads are upgraded when read, never rewritten in the log.
use std::collections::HashMap;
use std::sync::Arc;

use bytes::Bytes;

use crate::{Error, RecordedEvent};

type UpcastFn = dyn Fn(&str, rmpv::Value) -> Result<rmpv::Value, String> + Send + Sync;

/// Upcasters by event type and the schema version they upgrade from. Reading an event of
/// version v applies v→v+1, v+1→v+2, ... for as long as upcasters are registered, so
/// readers only ever see current payloads.
#[derive(Clone, Default)]
pub struct Upcasters {
    steps: HashMap<(String, u16), Arc<UpcastFn>>,
}

impl Upcasters {
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers the upgrade of `event_type` payloads from `from_version` to
    /// `from_version + 1`. The function gets the event's stream id (an old payload may
    /// have left out the id its stream names) and the payload as a MessagePack value, and
    /// returns the upgraded payload.
    pub fn register(
        &mut self,
        event_type: &str,
        from_version: u16,
        upgrade: impl Fn(&str, rmpv::Value) -> Result<rmpv::Value, String> + Send + Sync + 'static,
    ) -> &mut Self {
        self.steps
            .insert((event_type.to_owned(), from_version), Arc::new(upgrade));
        self
    }

    /// Brings `event` to the newest registered schema version of its type.
    pub fn upcast(&self, mut event: RecordedEvent) -> Result<RecordedEvent, Error> {
        if self.steps.is_empty() {
            return Ok(event);
        }
        let fail = |event: &RecordedEvent, from_version, reason: String| Error::Upcast {
            event_type: event.event_type.clone(),
            from_version,
            position: event.position,
            reason,
        };
        let mut value: Option<rmpv::Value> = None;
        let original_version = event.schema_version;
        while let Some(step) = self
            .steps
            .get(&(event.event_type.clone(), event.schema_version))
        {
            let current = match value.take() {
                Some(v) => v,
                None => rmpv::decode::read_value(&mut event.payload.as_ref()).map_err(|e| {
                    fail(
                        &event,
                        event.schema_version,
                        format!("payload is not MessagePack: {e}"),
                    )
                })?,
            };
            value = Some(
                step(&event.stream_id, current)
                    .map_err(|reason| fail(&event, event.schema_version, reason))?,
            );
            event.schema_version += 1;
        }
        if let Some(value) = value {
            let mut bytes = Vec::new();
            rmpv::encode::write_value(&mut bytes, &value)
                .map_err(|e| fail(&event, original_version, format!("cannot re-encode: {e}")))?;
            event.payload = Bytes::from(bytes);
        }
        Ok(event)
    }
}

impl std::fmt::Debug for Upcasters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut steps: Vec<_> = self.steps.keys().collect();
        steps.sort();
        f.debug_struct("Upcasters").field("steps", &steps).finish()
    }
}
