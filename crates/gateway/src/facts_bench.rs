//! `kinlog bench facts`: how long loading the policy facts takes per request on a log
//! holding thousands of staff members, grants, relationships and cases, with the read
//! models absent, caught up, and lagging behind the log.
//!
//! The synthetic agency is made by the domain's own `decide` (in memory, stream by
//! stream) and appended through the store, so its events are what the command path
//! would store. It refuses a log that already holds events: it must never mix made-up
//! staff into a real deployment's record.
use std::time::{Duration, Instant};

use chrono::Utc;
use futures_util::{stream, StreamExt, TryStreamExt};
use kinlog_domain::case::Case;
use kinlog_domain::grant::Grant;
use kinlog_domain::person::Person;
use kinlog_domain::staff::organization::Organization;
use kinlog_domain::staff::Staff;
use kinlog_domain::{
    Aggregate, CaseId, CommandContext, GrantId, OrganizationId, PersonId, StaffId,
};
use kinlog_projections::{encode, EventMetadata};
use kinlog_store::{ExpectedVersion, Store};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::principal::{principal_facts, resource_facts, ResourceRef};
use crate::Error;

/// The size of the synthetic state.
#[derive(Debug, Clone, Copy)]
pub struct FactsBenchOptions {
    pub staff: usize,
    pub grants_per_staff: usize,
    /// Loads timed per phase.
    pub samples: usize,
}

/// Timings of one phase, in milliseconds per load.
#[derive(Debug, Clone, Serialize)]
pub struct LoadFigures {
    pub phase: String,
    pub loads: usize,
    pub mean_ms: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// Everything `kinlog bench facts` reports.
#[derive(Debug, Clone, Serialize)]
pub struct FactsBenchReport {
    pub staff: usize,
    pub grants: usize,
    pub persons: usize,
    pub relationships: usize,
    pub cases: usize,
    pub events: u64,
    pub principal: Vec<LoadFigures>,
    pub case_resource: LoadFigures,
}

const ORGANIZATIONS: usize = 20;
/// Each staff member's supervisor is staff `i / SPAN`, so chains are about log(n) deep.
const SPAN: usize = 8;

/// Builds the synthetic agency on an empty log and times the loads.
pub async fn run_facts_bench(
    store: &Store,
    options: FactsBenchOptions,
) -> Result<FactsBenchReport, Error> {
    if store.head().await? != 0 {
        return Err(Error::BenchNeedsEmptyLog);
    }
    let mut world = World::make(options);
    append_all(store, world.streams()?).await?;
    let events = store.head().await?;

    let mut principal = Vec::new();
    let phase = "no read models (whole log is the tail)".to_owned();
    principal.push(time_principals(store, &world, options.samples, phase).await?);
    catch_up(store).await?;
    let phase = "read models caught up".to_owned();
    principal.push(time_principals(store, &world, options.samples, phase).await?);
    // A burst the projectors have not seen: every staff member gets one more grant.
    let burst = world.burst()?;
    let phase = format!("read models {} events behind", burst.len());
    append_all(store, burst).await?;
    principal.push(time_principals(store, &world, options.samples, phase).await?);

    let mut timings = Vec::with_capacity(options.samples);
    for i in 0..options.samples {
        let case = world.cases[(i * 7919) % world.cases.len()];
        let started = Instant::now();
        resource_facts(store, ResourceRef::Case(case)).await?;
        timings.push(started.elapsed());
    }
    Ok(FactsBenchReport {
        staff: world.staff.len(),
        grants: world.grants,
        persons: world.persons,
        relationships: world.relationships,
        cases: world.cases.len(),
        events,
        principal,
        case_resource: figures("case resource facts".to_owned(), timings),
    })
}

type Streams = Vec<(String, Vec<kinlog_store::NewEvent>)>;

/// Appends many new streams concurrently, so the store group-commits them.
async fn append_all(store: &Store, streams: Streams) -> Result<(), Error> {
    stream::iter(streams.into_iter().map(|(stream, events)| {
        let store = store.clone();
        async move {
            store
                .append(&stream, ExpectedVersion::NoStream, events)
                .await
        }
    }))
    .buffer_unordered(64)
    .try_collect::<Vec<_>>()
    .await?;
    Ok(())
}

async fn catch_up(store: &Store) -> Result<(), Error> {
    let mut connection = store.connection().await?;
    kinlog_projections::migrate(&mut connection).await?;
    kinlog_projections::catch_up_all(store, &kinlog_projections::RunOptions::default()).await?;
    Ok(())
}

async fn time_principals(
    store: &Store,
    world: &World,
    samples: usize,
    phase: String,
) -> Result<LoadFigures, Error> {
    let mut timings = Vec::with_capacity(samples);
    for i in 0..samples {
        let staff = world.staff[(i * 7919) % world.staff.len()];
        let started = Instant::now();
        principal_facts(store, staff).await?;
        timings.push(started.elapsed());
    }
    Ok(figures(phase, timings))
}

fn figures(phase: String, mut timings: Vec<Duration>) -> LoadFigures {
    timings.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1_000.0;
    let at = |q: f64| ms(timings[((timings.len() as f64 - 1.0) * q).round() as usize]);
    LoadFigures {
        phase,
        loads: timings.len(),
        mean_ms: timings.iter().copied().map(ms).sum::<f64>() / timings.len().max(1) as f64,
        p50_ms: at(0.5),
        p99_ms: at(0.99),
    }
}

/// The text table `kinlog bench facts` prints.
pub fn render(report: &FactsBenchReport) -> String {
    let mut out = format!(
        "log: {} events; {} staff, {} grants, {} persons, {} relationships, {} cases\n",
        report.events,
        report.staff,
        report.grants,
        report.persons,
        report.relationships,
        report.cases
    );
    for f in report.principal.iter().chain([&report.case_resource]) {
        out.push_str(&format!(
            "{:<40} {:>5} loads  mean {:>8.2} ms  p50 {:>8.2} ms  p99 {:>8.2} ms\n",
            f.phase, f.loads, f.mean_ms, f.p50_ms, f.p99_ms
        ));
    }
    out
}

/// The synthetic agency's ids, and its events stream by stream.
struct World {
    organizations: Vec<OrganizationId>,
    staff: Vec<StaffId>,
    staff_persons: Vec<PersonId>,
    cases: Vec<CaseId>,
    grants: usize,
    persons: usize,
    relationships: usize,
}

impl World {
    fn make(options: FactsBenchOptions) -> World {
        let n = options.staff.max(1);
        World {
            organizations: (0..ORGANIZATIONS)
                .map(|_| OrganizationId(Uuid::now_v7()))
                .collect(),
            staff: (0..n).map(|_| StaffId(Uuid::now_v7())).collect(),
            staff_persons: (0..n).map(|_| PersonId(Uuid::now_v7())).collect(),
            cases: (0..n / 2 + 1).map(|_| CaseId(Uuid::now_v7())).collect(),
            grants: n * options.grants_per_staff,
            persons: 0,
            relationships: 0,
        }
    }

    fn streams(&mut self) -> Result<Streams, Error> {
        let mut out = Vec::new();
        for (i, org) in self.organizations.iter().enumerate() {
            out.push(new_stream::<Organization>(
                &org.stream_id(),
                vec![json!({"register_organization": {"organization_id": org,
                    "kind": if i % 2 == 0 { "pcsa" } else { "pcpa" },
                    "name": format!("Agency {i}"), "county": 39049, "occurred_on": "2026-01-02"}})],
            )?);
        }
        // Each staff member's person record names the previous staff member's person as a
        // cousin and one child as a niece, so relationships exist in both directions.
        let children: Vec<PersonId> = (0..self.cases.len() * 3)
            .map(|_| PersonId(Uuid::now_v7()))
            .collect();
        for (i, person) in self.staff_persons.iter().enumerate() {
            let cousin = self.staff_persons[(i + self.staff.len() - 1) % self.staff.len()];
            let niece = children[i % children.len()];
            out.push(new_stream::<Person>(
                &person.stream_id(),
                vec![
                    register_person(*person),
                    json!({"record_relationship": {"other": cousin, "kind": "first_cousin", "occurred_on": "2026-01-04"}}),
                    json!({"record_relationship": {"other": niece, "kind": "niece_or_nephew", "occurred_on": "2026-01-04"}}),
                ],
            )?);
        }
        for child in &children {
            out.push(new_stream::<Person>(
                &child.stream_id(),
                vec![register_person(*child)],
            )?);
        }
        self.persons = self.staff_persons.len() + children.len();
        self.relationships = self.staff_persons.len() * 2;
        for (i, staff) in self.staff.iter().enumerate() {
            let mut commands = vec![
                json!({"register_staff_member": {"staff_id": staff,
                    "organization_id": self.organizations[i % ORGANIZATIONS],
                    "person_id": self.staff_persons[i],
                    "name": {"given": "Lee", "middle": null, "family": "Park"},
                    "occurred_on": "2026-01-05"}}),
                json!({"assign_role": {"role": if i < self.staff.len() / SPAN { "supervisor" } else { "caseworker" }, "occurred_on": "2026-01-05"}}),
            ];
            for training in ["confidentiality", "penalties", "security_procedures"] {
                commands.push(json!({"record_training_completion": {"training": training, "occurred_on": "2026-01-06"}}));
            }
            commands.push(json!({"sign_code_of_responsibility": {"form_version": "JFS 07078 (Rev. 9/2022)", "occurred_on": "2026-01-06"}}));
            if i > 0 {
                commands.push(json!({"link_supervisor": {"supervisor": self.staff[i / SPAN], "occurred_on": "2026-01-07"}}));
            }
            out.push(new_stream::<Staff>(&staff.stream_id(), commands)?);
        }
        for g in 0..self.grants {
            let grantee = self.staff[(g * 31) % self.staff.len()];
            out.push(grant(
                grantee,
                self.organizations[g % ORGANIZATIONS],
                children[g % children.len()],
            )?);
        }
        for (c, case) in self.cases.iter().enumerate() {
            let worker = (c * 13) % self.staff.len();
            out.push(new_stream::<Case>(
                &case.stream_id(),
                vec![
                    json!({"ReceiveReferral": {"case_id": case, "reported_on": "2026-02-01",
                        "source": "social_services_personnel", "county": 1,
                        "agency": self.organizations[worker % ORGANIZATIONS],
                        "children": &children[c * 3..c * 3 + 3], "summary": "referral"}}),
                    json!({"ScreenReferral": {"screened_on": "2026-02-01",
                        "decision": {"screened_in": {"response": "investigation"}}}}),
                    json!({"AssignCaseworker": {"worker": self.staff[worker],
                        "supervisor": (worker > 0).then(|| self.staff[worker / SPAN]), "assigned_on": "2026-02-02"}}),
                ],
            )?);
        }
        Ok(out)
    }

    /// One more grant for every staff member, appended after the read models caught up.
    fn burst(&self) -> Result<Streams, Error> {
        self.staff
            .iter()
            .map(|staff| grant(*staff, self.organizations[0], self.staff_persons[0]))
            .collect()
    }
}

fn register_person(person: PersonId) -> Value {
    json!({"register_person": {"person_id": person,
        "name": {"given": "Sam", "middle": null, "family": "Roe"},
        "date_of_birth": {"known": "2012-11-02"}, "sex": null, "occurred_on": "2026-01-03"}})
}

fn grant(
    grantee: StaffId,
    issuer: OrganizationId,
    child: PersonId,
) -> Result<(String, Vec<kinlog_store::NewEvent>), Error> {
    let id = GrantId(Uuid::now_v7());
    new_stream::<Grant>(
        &id.stream_id(),
        vec![json!({"issue_grant": {"grant_id": id, "grantee": grantee,
            "issuing_organization": issuer, "program": "thirty_days_to_family",
            "scope": {"child_or_sibling_group": {"children": [child]}},
            "purpose": "permanency search", "expires_at": "2030-01-01T00:00:00Z",
            "occurred_on": "2026-01-07"}})],
    )
}

/// A new stream's events, each command decided by the domain against the state so far.
fn new_stream<A>(
    stream: &str,
    commands: Vec<Value>,
) -> Result<(String, Vec<kinlog_store::NewEvent>), Error>
where
    A: Aggregate,
    A::Command: DeserializeOwned,
{
    let context = CommandContext {
        actor: StaffId(Uuid::nil()),
        actor_is_intern: false,
        now: Utc::now(),
    };
    let mut state = A::State::default();
    let mut events = Vec::new();
    for command in commands {
        let command: A::Command =
            serde_json::from_value(command).map_err(|source| Error::BenchCommand { source })?;
        let decided = A::decide(&state, command, &context)?;
        state = decided.iter().fold(state, A::evolve);
        events.extend(decided);
    }
    let metadata = EventMetadata::default();
    let encoded = events
        .iter()
        .map(|event| encode(Uuid::now_v7(), event, &metadata))
        .collect::<Result<_, _>>()?;
    Ok((stream.to_owned(), encoded))
}
