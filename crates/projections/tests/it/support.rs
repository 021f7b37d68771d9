use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use kinlog_domain::case::codes::*;
use kinlog_domain::case::*;
use kinlog_domain::person::{DateOfBirth, Person, PersonCommand, PersonState, Sex};
use kinlog_domain::{
    Aggregate, CaseId, CommandContext, Date, DomainEvent, Narrative, OrganizationId, PersonId,
    PersonName, ProviderId, StaffId,
};
use kinlog_projections::{encode, EventMetadata, Projector, RunOptions};
use kinlog_store::testing::TestDb;
use kinlog_store::{ExpectedVersion, Store, StoreOptions, Upcasters};
use tokio_postgres::Client;
use uuid::Uuid;

/// A fresh database with the store's and the projections' tables, and a store on it.
pub(crate) struct Env {
    pub(crate) db: TestDb,
    pub(crate) store: Store,
}

impl Env {
    pub(crate) async fn new() -> Env {
        let db = TestDb::create().await.expect("test database");
        let mut client = db.connect().await.expect("connect");
        kinlog_projections::migrate(&mut client)
            .await
            .expect("projections migrations");
        let options = StoreOptions {
            poll_interval: Duration::from_millis(100),
            ..StoreOptions::default()
        };
        let store = Store::connect(db.url(), options, Upcasters::new())
            .await
            .expect("store");
        Env { db, store }
    }

    pub(crate) async fn client(&self) -> Client {
        self.db.connect().await.expect("connect")
    }

    /// Catches `projector` up to the head with small batches, so tests cross batch
    /// boundaries.
    pub(crate) async fn catch_up(&self, projector: &dyn Projector) {
        kinlog_projections::catch_up(&self.store, projector, &small_batches())
            .await
            .expect("catch up");
    }

    /// The time the store recorded the event at `position`.
    pub(crate) async fn recorded_at(&self, position: u64) -> DateTime<Utc> {
        self.client()
            .await
            .query_one(
                "SELECT recorded_at FROM es.events WHERE position = $1",
                &[&(position as i64)],
            )
            .await
            .expect("recorded_at")
            .get(0)
    }
}

pub(crate) fn small_batches() -> RunOptions {
    RunOptions {
        batch_size: 3,
        idle_recheck: Duration::from_millis(200),
    }
}

pub(crate) fn d(text: &str) -> Date {
    Date::parse(text).expect("date")
}

pub(crate) fn nd(text: &str) -> NaiveDate {
    d(text).naive()
}

pub(crate) const WORKER: StaffId = StaffId(Uuid::from_u128(0x51));
pub(crate) const SUPERVISOR: StaffId = StaffId(Uuid::from_u128(0x52));
pub(crate) const INTERN: StaffId = StaffId(Uuid::from_u128(0x53));
pub(crate) const OTHER_WORKER: StaffId = StaffId(Uuid::from_u128(0x54));
pub(crate) const AGENCY: OrganizationId = OrganizationId(Uuid::from_u128(0xA0));
pub(crate) const OTHER_AGENCY: OrganizationId = OrganizationId(Uuid::from_u128(0xA1));
pub(crate) const HOME: ProviderId = ProviderId(Uuid::from_u128(0xF1));
pub(crate) const OTHER_HOME: ProviderId = ProviderId(Uuid::from_u128(0xF2));

fn context(actor: StaffId, intern: bool) -> CommandContext {
    CommandContext {
        actor,
        actor_is_intern: intern,
        now: DateTime::parse_from_rfc3339("2026-06-30T15:00:00Z")
            .expect("now")
            .with_timezone(&Utc),
    }
}

pub(crate) fn worker() -> CommandContext {
    context(WORKER, false)
}

pub(crate) fn supervisor() -> CommandContext {
    context(SUPERVISOR, false)
}

pub(crate) fn intern() -> CommandContext {
    context(INTERN, true)
}

/// A case driven through the domain: every command is decided against the state folded
/// so far, and its events are appended at the expected version.
pub(crate) struct CaseScript {
    pub(crate) id: CaseId,
    state: CaseState,
    version: u64,
}

impl CaseScript {
    pub(crate) fn new(n: u128) -> CaseScript {
        CaseScript {
            id: CaseId(Uuid::from_u128(n)),
            state: CaseState::default(),
            version: 0,
        }
    }

    /// Decides and appends; returns the log position of the last event appended.
    pub(crate) async fn run(
        &mut self,
        store: &Store,
        context: &CommandContext,
        command: CaseCommand,
    ) -> u64 {
        let events = Case::decide(&self.state, command, context).expect("command accepted");
        self.state = events.iter().fold(self.state.clone(), Case::evolve);
        append(
            store,
            &self.id.stream_id(),
            &mut self.version,
            &events,
            context.actor,
        )
        .await
    }

    pub(crate) async fn referral(&mut self, store: &Store, children: &[PersonId]) -> u64 {
        let command = CaseCommand::ReceiveReferral(ReceiveReferral {
            case_id: self.id,
            reported_on: d("2026-03-01"),
            reported_at: None,
            source: ReportSource::EducationPersonnel,
            county: CountyCode::new(35).expect("county"),
            agency: AGENCY,
            children: children.to_vec(),
            summary: Narrative::new("teacher saw bruises"),
        });
        self.run(store, &worker(), command).await
    }

    pub(crate) async fn screen_in_and_open(&mut self, store: &Store) -> u64 {
        let screen = CaseCommand::ScreenReferral(ScreenReferral {
            screened_on: d("2026-03-01"),
            decision: ScreeningDecision::ScreenedIn {
                response: CpsResponse::Investigation,
            },
        });
        self.run(store, &worker(), screen).await;
        let open = CaseCommand::OpenCase(OpenCase {
            opened_on: d("2026-03-02"),
        });
        self.run(store, &worker(), open).await
    }

    pub(crate) async fn assign(
        &mut self,
        store: &Store,
        context: &CommandContext,
        worker: StaffId,
        supervisor: Option<StaffId>,
        on: &str,
    ) -> u64 {
        let command = CaseCommand::AssignCaseworker(AssignCaseworker {
            worker,
            supervisor,
            assigned_on: d(on),
        });
        self.run(store, context, command).await
    }

    pub(crate) async fn remove(
        &mut self,
        store: &Store,
        context: &CommandContext,
        episode: EpisodeId,
        child: PersonId,
        on: &str,
    ) -> u64 {
        let command = CaseCommand::RecordRemoval(RecordRemoval {
            episode_id: episode,
            child,
            removed_on: d(on),
            removed_at: None,
            manner: RemovalManner::CourtOrdered,
            environment: RemovalEnvironment::ParentHousehold,
            circumstances: BTreeSet::from([
                RemovalCircumstance::PhysicalAbuse,
                RemovalCircumstance::Neglect,
            ]),
        });
        self.run(store, context, command).await
    }

    pub(crate) async fn place(
        &mut self,
        store: &Store,
        context: &CommandContext,
        placement: PlaceChild,
    ) -> u64 {
        self.run(store, context, CaseCommand::PlaceChild(placement))
            .await
    }

    pub(crate) async fn exit(
        &mut self,
        store: &Store,
        episode: EpisodeId,
        on: &str,
        reason: ExitReason,
    ) -> u64 {
        let command = CaseCommand::RecordExit(RecordExit {
            episode_id: episode,
            exited_on: d(on),
            reason,
        });
        self.run(store, &worker(), command).await
    }

    pub(crate) async fn approve(&mut self, store: &Store, entry: u32) -> u64 {
        let command = CaseCommand::ApproveEntry(ApproveEntry {
            entry: EntryNumber(entry),
        });
        self.run(store, &supervisor(), command).await
    }
}

pub(crate) fn foster_home(
    placement: u128,
    episode: EpisodeId,
    from: &str,
    until: Option<&str>,
) -> PlaceChild {
    PlaceChild {
        placement_id: PlacementId(Uuid::from_u128(placement)),
        episode_id: episode,
        started_on: d(from),
        ended_on: until.map(d),
        setting: PlacementSetting::FosterFamilyHome {
            home_types: BTreeSet::from([FosterHomeType::Licensed]),
        },
        provider: Some(HOME),
        location: PlacementLocation::InState,
    }
}

/// A person driven through the domain.
pub(crate) struct PersonScript {
    pub(crate) id: PersonId,
    state: PersonState,
    version: u64,
}

impl PersonScript {
    pub(crate) fn new(n: u128) -> PersonScript {
        PersonScript {
            id: PersonId(Uuid::from_u128(n)),
            state: PersonState::default(),
            version: 0,
        }
    }

    pub(crate) async fn run(&mut self, store: &Store, command: PersonCommand) -> u64 {
        let context = worker();
        let events = Person::decide(&self.state, command, &context).expect("command accepted");
        self.state = events.iter().fold(self.state.clone(), Person::evolve);
        append(
            store,
            &self.id.stream_id(),
            &mut self.version,
            &events,
            context.actor,
        )
        .await
    }

    pub(crate) async fn register(
        &mut self,
        store: &Store,
        name: (&str, Option<&str>, &str),
        born: Option<DateOfBirth>,
        sex: Option<Sex>,
    ) -> u64 {
        let command = PersonCommand::RegisterPerson {
            person_id: self.id,
            name: person_name(name),
            date_of_birth: born,
            sex,
            occurred_on: nd("2026-03-01"),
        };
        self.run(store, command).await
    }
}

pub(crate) fn person_name((given, middle, family): (&str, Option<&str>, &str)) -> PersonName {
    PersonName {
        given: given.into(),
        middle: middle.map(Into::into),
        family: family.into(),
    }
}

/// Issues grant `n` to `grantee`, over the children given, through the domain.
pub(crate) async fn issue_grant(
    store: &Store,
    n: u128,
    grantee: StaffId,
    children: &[PersonId],
) -> u64 {
    use kinlog_domain::grant::{Grant, GrantCommand, GrantProgram, GrantScope, Purpose};
    use kinlog_domain::GrantId;
    let context = worker();
    let grant_id = GrantId(Uuid::from_u128(n));
    let command = GrantCommand::IssueGrant {
        grant_id,
        grantee,
        issuing_organization: AGENCY,
        program: GrantProgram::ThirtyDaysToFamily,
        scope: GrantScope::ChildOrSiblingGroup {
            children: children.iter().copied().collect(),
        },
        purpose: Purpose("permanency search".into()),
        expires_at: "2030-01-01T00:00:00Z".parse().expect("a time"),
        occurred_on: nd("2026-03-01"),
    };
    let events = Grant::decide(&Default::default(), command, &context).expect("command accepted");
    append(store, &grant_id.stream_id(), &mut 0, &events, context.actor).await
}

async fn append<E: DomainEvent>(
    store: &Store,
    stream: &str,
    version: &mut u64,
    events: &[E],
    actor: StaffId,
) -> u64 {
    let metadata = EventMetadata {
        actor: Some(actor.0),
        ..EventMetadata::default()
    };
    let new = events
        .iter()
        .map(|event| encode(Uuid::now_v7(), event, &metadata).expect("encode"))
        .collect();
    let expected = if *version == 0 {
        ExpectedVersion::NoStream
    } else {
        ExpectedVersion::Exact(*version)
    };
    let outcome = store.append(stream, expected, new).await.expect("append");
    *version = outcome.stream_version;
    outcome.last_position
}
