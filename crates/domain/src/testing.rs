//! Test support shared by the aggregates' given / when / then tests and property tests.
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use uuid::Uuid;

use crate::{Aggregate, CommandContext, DomainError, DomainEvent, StaffId};

/// The fixed moment every test command is recorded at: 2026-06-15 14:00 UTC.
pub(crate) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 15, 14, 0, 0)
        .single()
        .expect("a valid fixed test instant")
}

/// A calendar date; panics on an impossible date, which is a bug in the test itself.
pub(crate) fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid test date")
}

/// A deterministic UUID for test ids: `n` in the low bits, so failures are readable.
pub(crate) fn uuid(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// The acting staff member of every test command.
pub(crate) fn context() -> CommandContext {
    CommandContext {
        actor: StaffId(uuid(0xAC70)),
        actor_is_intern: false,
        now: now(),
    }
}

/// Given `given` events, when `command` is decided, then the result is exactly `then`.
/// Accepted events must also fold into state without panicking and round-trip through
/// MessagePack, because they are what the store will keep.
pub(crate) fn check<A: Aggregate>(
    given: Vec<A::Event>,
    when: A::Command,
    then: Result<Vec<A::Event>, DomainError>,
) {
    let state = A::replay(&given);
    let decided = A::decide(&state, when, &context());
    assert_eq!(decided, then);
    if let Ok(events) = decided {
        let _ = events.iter().fold(state, A::evolve);
        events.iter().for_each(assert_round_trips);
    }
}

/// The event survives `rmp_serde::to_vec_named` and back unchanged, and names a stable
/// type and a schema version.
pub(crate) fn assert_round_trips<E: DomainEvent>(event: &E) {
    let bytes = rmp_serde::to_vec_named(event).expect("events serialize");
    let back: E = rmp_serde::from_slice(&bytes).expect("events deserialize");
    assert_eq!(&back, event);
    assert!(!event.event_type().is_empty());
    assert!(event.schema_version() >= 1);
}

/// Decides every command in order against the evolving state, as the gateway would,
/// keeping the accepted events. After each accepted command the state must satisfy
/// `invariant`, and replaying all accepted events must rebuild the same state.
pub(crate) fn run_sequence<A: Aggregate>(
    commands: Vec<A::Command>,
    invariant: impl Fn(&A::State) -> Result<(), String>,
) -> Result<Vec<A::Event>, String> {
    let context = context();
    let mut state = A::State::default();
    let mut log: Vec<A::Event> = Vec::new();
    for command in commands {
        let Ok(events) = A::decide(&state, command, &context) else {
            continue;
        };
        for event in &events {
            assert_round_trips(event);
            state = A::evolve(state, event);
        }
        log.extend(events);
        invariant(&state)?;
        if A::replay(&log) != state {
            return Err("replaying the emitted events did not rebuild the state".into());
        }
    }
    Ok(log)
}
