//! The demo population loaded by `kinlog demo` into an empty log: one investigated case
//! whose child was removed and placed twice, recorded through the same command path as
//! real work. (The synthetic state population replaces it once `kinlog seed` exists.)
use chrono::Utc;
use kinlog_domain::case::{Case, CaseCommand};
use kinlog_domain::{CaseId, CommandContext, StaffId};
use kinlog_projections::EventMetadata;
use kinlog_store::Store;
use uuid::Uuid;

use crate::{commands, Error};

const CASE_SCENARIO: &str = include_str!("demo/case.jsonl");
const DEMO_CASE: &str = "0190f1a0-0000-7000-8000-00000000ca5e";
const DEMO_WORKER: &str = "0190f1a0-0000-7000-8000-000000000051";

/// What the demo loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLoaded {
    pub case_stream: String,
    pub commands: usize,
    pub events: u64,
}

/// Records the demo case if the log is empty; returns `None` when it already holds events.
pub async fn load_if_empty(store: &Store) -> Result<Option<DemoLoaded>, Error> {
    if store.head().await? > 0 {
        return Ok(None);
    }
    let case_stream = CaseId(parse_id(DEMO_CASE)).stream_id();
    let context = CommandContext {
        actor: StaffId(parse_id(DEMO_WORKER)),
        actor_is_intern: false,
        now: Utc::now(),
    };
    let mut events = 0;
    let mut commands = 0;
    for (index, line) in CASE_SCENARIO.lines().enumerate() {
        let command: CaseCommand = serde_json::from_str(line).map_err(|e| Error::DemoScenario {
            line: index + 1,
            reason: e.to_string(),
        })?;
        let metadata = EventMetadata {
            actor: Some(context.actor.0),
            command_id: Some(Uuid::now_v7()),
            ..Default::default()
        };
        if let Some(outcome) =
            commands::execute::<Case>(store, &case_stream, command, &context, &metadata).await?
        {
            events += outcome.last_position - outcome.first_position + 1;
        }
        commands += 1;
    }
    Ok(Some(DemoLoaded {
        case_stream,
        commands,
        events,
    }))
}

/// The cases in the case-summary read model, one line each, for the demo's printout.
pub async fn describe_cases(store: &Store) -> Result<String, Error> {
    let client = store.connection().await?;
    let rows = client
        .query(
            "SELECT c.case_id::text, c.status, c.reported_on::text, \
                    (SELECT count(*) FROM rm.placement p JOIN rm.case_child k \
                       ON k.child = p.child AND k.case_id = c.case_id) \
               FROM rm.case_summary c ORDER BY c.reported_on, c.case_id",
            &[],
        )
        .await
        .map_err(kinlog_store::Error::db("reading the case summaries"))?;
    Ok(rows
        .iter()
        .map(|row| {
            format!(
                "case {}: {}, reported {}, {} placements\n",
                row.get::<_, String>(0),
                row.get::<_, String>(1),
                row.get::<_, String>(2),
                row.get::<_, i64>(3)
            )
        })
        .collect())
}

fn parse_id(text: &str) -> Uuid {
    Uuid::parse_str(text).expect("the demo ids are valid UUIDs")
}
