//! The demo population loaded by `kinlog demo` into an empty log: one investigated case
//! whose child was removed and placed twice, recorded through the same command path as
//! real work, and around it the `small` synthetic population of `kinlog seed` (seed 1),
//! so the read models and the access log have a county's worth of data to show.
use chrono::Utc;
use kinlog_domain::case::{Case, CaseCommand};
use kinlog_domain::{CaseId, CommandContext, StaffId};
use kinlog_projections::EventMetadata;
use kinlog_store::Store;
use uuid::Uuid;

use crate::seed::{self, Profile, SeedSummary};
use crate::{commands, Error};

const CASE_SCENARIO: &str = include_str!("demo/case.jsonl");
const DEMO_CASE: &str = "0190f1a0-0000-7000-8000-00000000ca5e";
const DEMO_WORKER: &str = "0190f1a0-0000-7000-8000-000000000051";
/// The seed of the demo's synthetic population.
const DEMO_SEED: u64 = 1;

/// What the demo loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLoaded {
    pub case_stream: String,
    /// Commands of the demo case.
    pub commands: usize,
    /// Events written, the demo case's and the population's.
    pub events: u64,
    pub population: SeedSummary,
}

impl std::fmt::Display for DemoLoaded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the demo case ({} commands on {}) and the small synthetic population (seed {DEMO_SEED}: {}); {} events",
            self.commands, self.case_stream, self.population, self.events
        )
    }
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
    let (population, _) = seed::seed(
        store,
        Profile::Small,
        DEMO_SEED,
        |rejection| tracing::warn!(%rejection, "the synthetic population refused a line"),
        |_| {},
    )
    .await?;
    Ok(Some(DemoLoaded {
        case_stream,
        commands,
        events: events + population.events_written,
        population,
    }))
}

/// The demo case as the case-summary read model shows it, for the demo's printout (the
/// population's cases are too many to list).
pub async fn describe_cases(store: &Store) -> Result<String, Error> {
    let client = store.connection().await?;
    let demo_case = parse_id(DEMO_CASE);
    let rows = client
        .query(
            "SELECT c.case_id::text, c.status, c.reported_on::text, \
                    (SELECT count(*) FROM rm.placement p JOIN rm.case_child k \
                       ON k.child = p.child AND k.case_id = c.case_id) \
               FROM rm.case_summary c WHERE c.case_id = $1",
            &[&demo_case],
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
