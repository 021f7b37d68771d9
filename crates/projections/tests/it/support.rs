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
        let stream = self.id.stream_id();
        decide_and_append::<Person>(store, &stream, &mut self.state, &mut self.version, command)
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

/// Decides `command` as the worker against `state`, folds the events into it, and appends
/// them at `version`; returns the last position.
async fn decide_and_append<A: Aggregate>(
    store: &Store,
    stream: &str,
    state: &mut A::State,
    version: &mut u64,
    command: A::Command,
) -> u64 {
    let context = worker();
    let events = A::decide(state, command, &context).expect("command accepted");
    *state = events.iter().fold(state.clone(), A::evolve);
    append(store, stream, version, &events, context.actor).await
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

/// A provider's stream, driven through the domain.
pub(crate) struct ProviderScript {
    pub(crate) id: ProviderId,
    state: kinlog_domain::provider::ProviderState,
    version: u64,
}

impl ProviderScript {
    /// Registers a foster home of `organization`.
    pub(crate) async fn register(
        store: &Store,
        id: ProviderId,
        organization: OrganizationId,
    ) -> ProviderScript {
        use kinlog_domain::provider::{ProviderCommand, ProviderKind, ProviderName};
        use kinlog_domain::Address;
        let mut script = ProviderScript {
            id,
            state: Default::default(),
            version: 0,
        };
        script
            .run(
                store,
                ProviderCommand::RegisterProvider {
                    provider_id: id,
                    kind: ProviderKind::FosterHome,
                    name: ProviderName("Rivera Family Home".into()),
                    address: Address {
                        lines: vec!["12 Elm St".into()],
                        city: "Columbus".into(),
                        state: "OH".into(),
                        postal_code: "43215".into(),
                    },
                    organization_id: organization,
                    occurred_on: nd("2025-01-02"),
                },
            )
            .await;
        script
    }

    pub(crate) async fn run(
        &mut self,
        store: &Store,
        command: kinlog_domain::provider::ProviderCommand,
    ) -> u64 {
        use kinlog_domain::provider::Provider;
        let stream = self.id.stream_id();
        decide_and_append::<Provider>(store, &stream, &mut self.state, &mut self.version, command)
            .await
    }

    /// Applies, passes the home study and is licensed until `expires_on`.
    pub(crate) async fn license(&mut self, store: &Store, on: &str, expires_on: &str) -> u64 {
        use kinlog_domain::provider::{HomeStudyRecommendation, LicenseNumber, ProviderCommand};
        let on = nd(on);
        for command in [
            ProviderCommand::ApplyForLicense { occurred_on: on },
            ProviderCommand::RecordHomeStudy {
                assessor: WORKER,
                recommendation: HomeStudyRecommendation::Approve,
                occurred_on: on,
            },
        ] {
            self.run(store, command).await;
        }
        let approve = ProviderCommand::ApproveLicense {
            license_number: LicenseNumber(format!("FH-{}", self.id.0.as_u128())),
            expires_on: nd(expires_on),
            occurred_on: on,
        };
        self.run(store, approve).await
    }
}

/// Appends one access event: `actor` of `AGENCY` viewed `case`, about `subjects`, at `at`.
pub(crate) async fn record_access(
    store: &Store,
    actor: StaffId,
    case: CaseId,
    subjects: &[PersonId],
    allowed: bool,
    at: &str,
) -> u64 {
    use kinlog_domain::access::*;
    use kinlog_domain::policy::*;
    let record = AccessRecord {
        action: Action::View,
        returned: if allowed {
            vec!["status".into()]
        } else {
            Vec::new()
        },
        client: ClientInfo {
            path: format!("/cases/{}", case.0),
            ..ClientInfo::default()
        },
        response_bytes: if allowed { 120 } else { 0 },
        decision: RecordedDecision {
            allowed,
            deciding_policies: vec![if allowed {
                "permit-caseload"
            } else {
                "forbid-self"
            }
            .into()],
            policy_set_hash: "test".into(),
            grant_used: None,
            failure: None,
        },
        correlation_id: Uuid::now_v7(),
        facts: DecisionFacts {
            principal: PrincipalFacts {
                staff_id: actor,
                person_id: PersonId(Uuid::from_u128(0x5000 + actor.0.as_u128())),
                organization: AGENCY,
                organization_kind: OrganizationKind::Pcsa,
                roles: [Role::Caseworker].into(),
                trainings: BTreeSet::new(),
                code_of_responsibility_signed: true,
                account_status: AccountStatus::Active,
                relatives: BTreeSet::new(),
                supervisors: BTreeSet::new(),
                grants: Vec::new(),
                caseload: BTreeSet::new(),
                provider: None,
            },
            resource: ResourceFacts {
                id: case.0,
                kind: ResourceKind::Case,
                owning_organization: AGENCY,
                case: Some(case),
                subjects: subjects.iter().copied().collect(),
                programs: BTreeSet::new(),
                portal: PortalLinks::default(),
            },
            context: RequestContext {
                now: at.parse().expect("a time"),
                purpose: Purpose::CaseWork,
            },
        },
    };
    let event = AccessEvent::for_decision(record);
    let id = Uuid::now_v7();
    append(store, &access_stream_id(id), &mut 0, &[event], actor).await
}

/// Records that `person`'s information was released to a court.
pub(crate) async fn record_disclosure(store: &Store, person: PersonId, disclosed_on: &str) -> u64 {
    use kinlog_domain::access::*;
    let disclosure = Disclosure {
        person,
        case: None,
        disclosed_on: d(disclosed_on),
        recipient: Recipient {
            name: Narrative::new("Franklin County Juvenile Court"),
            address: Some(Narrative::new("373 S High St")),
        },
        purpose: Narrative::new("dispositional hearing"),
        legal_basis: Narrative::new("ORC 5153.17"),
        request: Narrative::new("order 2026-JC-114"),
        released: vec![Narrative::new("case plan"), Narrative::new("visit log")],
        recorded_by: SUPERVISOR,
    };
    let stream = Disclosure::stream_id(person);
    let mut version = store
        .read_stream(&stream, 1, usize::MAX >> 1)
        .await
        .expect("read")
        .len() as u64;
    append(
        store,
        &stream,
        &mut version,
        &[AccessEvent::DisclosureRecorded(disclosure)],
        SUPERVISOR,
    )
    .await
}
