//! The demo loaded by `kinlog demo` into an empty log, and what it prints to get started.
//! The demo case, its county agency, a caseworker, her supervisor and a state auditor are
//! one import file (`demo/demo.ndjson`), recorded through the same import path a legacy
//! conversion uses; around them the `small` synthetic population of `kinlog seed` (seed 1)
//! gives the read models, the access log and the reports a county's worth of data.
use std::path::Path;

use kinlog_store::Store;
use uuid::Uuid;

use crate::import::{import_lines, ImportSummary};
use crate::seed::{self, Profile, SeedSummary};
use crate::Error;

const DEMO_FILE: &str = include_str!("demo/demo.ndjson");
/// The demo case and the staff its printout hands tokens to (ids in `demo/demo.ndjson`).
pub const DEMO_CASE: Uuid = Uuid::from_u128(0x0190f1a0_0000_7000_8000_00000000ca5e);
pub const DEMO_CASEWORKER: Uuid = Uuid::from_u128(0x0190f1a0_0000_7000_8000_000000000051);
pub const DEMO_AUDITOR: Uuid = Uuid::from_u128(0x0190f1a0_0000_7000_8000_000000000053);
/// The seed of the demo's synthetic population.
const DEMO_SEED: u64 = 1;

/// What the demo loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLoaded {
    pub demo_file: ImportSummary,
    pub population: SeedSummary,
}

impl DemoLoaded {
    /// Events written, the demo file's and the population's.
    pub fn events(&self) -> u64 {
        self.demo_file.events_written + self.population.events_written
    }
}

impl std::fmt::Display for DemoLoaded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the demo case and its staff ({} import lines) and the small synthetic population (seed {DEMO_SEED}: {}); {} events",
            self.demo_file.accepted,
            self.population,
            self.events()
        )
    }
}

/// Records the demo if the log is empty; returns `None` when it already holds events.
pub async fn load_if_empty(store: &Store) -> Result<Option<DemoLoaded>, Error> {
    if store.head().await? > 0 {
        return Ok(None);
    }
    let mut refused = Vec::new();
    let demo_file = import_lines(
        store,
        Path::new("demo/demo.ndjson"),
        DEMO_FILE.as_bytes(),
        &indicatif::ProgressBar::hidden(),
        |rejection| refused.push(rejection),
    )
    .await?;
    if let Some(first) = refused.into_iter().next() {
        return Err(Error::DemoScenario {
            line: first.line as usize,
            reason: format!("{}: {}", first.field, first.reason),
        });
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
        demo_file,
        population,
    }))
}

/// The demo case as the case-summary read model shows it, for the demo's printout (the
/// population's cases are too many to list).
pub async fn describe_cases(store: &Store) -> Result<String, Error> {
    let client = store.connection().await?;
    let rows = client
        .query(
            "SELECT c.case_id::text, c.status, c.reported_on::text, \
                    (SELECT count(*) FROM rm.placement p JOIN rm.case_child k \
                       ON k.child = p.child AND k.case_id = c.case_id) \
               FROM rm.case_summary c WHERE c.case_id = $1",
            &[&DEMO_CASE],
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

/// What to do next, printed once the API listens: the URL, a caseworker's and an
/// auditor's token, and a curl for each of the three things people try first.
pub fn getting_started(base_url: &str, caseworker_token: &str, auditor_token: &str) -> String {
    format!(
        "\nkinlog is serving {base_url} (OpenAPI: {base_url}/openapi.json). Ctrl-C stops it.\n\n\
         caseworker token (Jordan Reyes, assigned to the demo case):\n  export CASEWORKER={caseworker_token}\n\
         auditor token (Morgan Ellis, state office):\n  export AUDITOR={auditor_token}\n\n\
         # read the demo case (recorded as an access)\n\
         curl -s -H \"Authorization: Bearer $CASEWORKER\" {base_url}/cases/{DEMO_CASE}\n\n\
         # who accessed it (the auditor's replay, itself recorded)\n\
         curl -s -H \"Authorization: Bearer $AUDITOR\" '{base_url}/replay/who-accessed?case={DEMO_CASE}'\n\n\
         # run the AFCARS report for the period April-September 2026\n\
         curl -s -X POST -H \"Authorization: Bearer $AUDITOR\" '{base_url}/reports/afcars?period=2026B'\n"
    )
}
