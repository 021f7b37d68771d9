//! Loading the policy facts from a log built through the real command path.
use std::collections::BTreeSet;

use chrono::{Duration, Utc};
use kinlog_domain::case::{Case, FamilyVisitId, NoteId, PlacementId};
use kinlog_domain::grant::Grant;
use kinlog_domain::person::Person;
use kinlog_domain::policy::{
    authorize, ohio_policy_set, AccountStatus, Action, GrantScope, OrganizationKind, Purpose,
    RequestContext, ResourceFacts, ResourceKind, Role, Training,
};
use kinlog_domain::provider::Provider;
use kinlog_domain::staff::organization::Organization;
use kinlog_domain::staff::portal::PortalAccount;
use kinlog_domain::staff::Staff;
use kinlog_domain::{
    Aggregate, CaseId, CommandContext, GrantId, OrganizationId, PersonId, PortalAccountId,
    ProviderId, StaffId,
};
use kinlog_gateway::principal::{portal_facts, principal_facts, resource_facts, ResourceRef};
use kinlog_gateway::{execute, Error};
use kinlog_projections::EventMetadata;
use kinlog_store::testing::TestDb;
use kinlog_store::{Store, StoreOptions, Upcasters};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use uuid::Uuid;

struct World {
    db: TestDb,
    store: Store,
    actor: StaffId,
}

impl World {
    async fn new() -> World {
        let db = TestDb::create().await.unwrap();
        let store = Store::connect(db.url(), StoreOptions::default(), Upcasters::new())
            .await
            .unwrap();
        World {
            db,
            store,
            actor: StaffId(Uuid::now_v7()),
        }
    }

    async fn run<A>(&self, stream: &str, command: Value)
    where
        A: Aggregate,
        A::Command: DeserializeOwned + Clone,
    {
        let command: A::Command = serde_json::from_value(command).unwrap();
        let context = CommandContext {
            actor: self.actor,
            actor_is_intern: false,
            now: Utc::now(),
        };
        execute::<A>(
            &self.store,
            stream,
            command,
            &context,
            &EventMetadata::default(),
        )
        .await
        .unwrap()
        .expect("the command changed something");
    }

    async fn organization(&self, kind: &str) -> OrganizationId {
        let id = OrganizationId(Uuid::now_v7());
        self.run::<Organization>(
            &id.stream_id(),
            json!({"register_organization": {"organization_id": id, "kind": kind,
                "name": "Franklin County Children Services", "county": 39049,
                "occurred_on": "2026-01-02"}}),
        )
        .await;
        id
    }

    async fn person(&self) -> PersonId {
        let id = PersonId(Uuid::now_v7());
        self.run::<Person>(
            &id.stream_id(),
            json!({"register_person": {"person_id": id,
                "name": {"given": "Sam", "middle": null, "family": "Roe"},
                "date_of_birth": {"known": "1990-11-02"}, "sex": null,
                "occurred_on": "2026-01-03"}}),
        )
        .await;
        id
    }

    async fn relationship(&self, of: PersonId, other: PersonId, kind: &str) {
        self.run::<Person>(
            &of.stream_id(),
            json!({"record_relationship": {"other": other, "kind": kind,
                "occurred_on": "2026-01-04"}}),
        )
        .await;
    }

    /// A trained staff member who signed the Code of Responsibility.
    async fn staff(&self, organization: OrganizationId, role: &str) -> (StaffId, PersonId) {
        let person = self.person().await;
        let id = StaffId(Uuid::now_v7());
        self.run_staff(
            id,
            json!({"register_staff_member": {"staff_id": id, "organization_id": organization,
                "person_id": person, "name": {"given": "Lee", "middle": null, "family": "Park"},
                "occurred_on": "2026-01-05"}}),
        )
        .await;
        self.run_staff(
            id,
            json!({"assign_role": {"role": role, "occurred_on": "2026-01-05"}}),
        )
        .await;
        for training in ["confidentiality", "penalties", "security_procedures"] {
            self.run_staff(
                id,
                json!({"record_training_completion": {"training": training,
                    "occurred_on": "2026-01-06"}}),
            )
            .await;
        }
        self.run_staff(
            id,
            json!({"sign_code_of_responsibility": {"form_version": "JFS 07078 (Rev. 9/2022)",
                "occurred_on": "2026-01-06"}}),
        )
        .await;
        (id, person)
    }

    async fn run_staff(&self, staff: StaffId, command: Value) {
        self.run::<Staff>(&staff.stream_id(), command).await;
    }

    async fn case(&self, agency: OrganizationId, children: &[PersonId]) -> CaseId {
        let id = CaseId(Uuid::now_v7());
        self.run::<Case>(
            &id.stream_id(),
            json!({"ReceiveReferral": {"case_id": id, "reported_on": "2026-02-01",
                "source": "social_services_personnel", "county": 1, "agency": agency,
                "children": children, "summary": "referral"}}),
        )
        .await;
        self.run::<Case>(
            &id.stream_id(),
            json!({"ScreenReferral": {"screened_on": "2026-02-01",
                "decision": {"screened_in": {"response": "investigation"}}}}),
        )
        .await;
        id
    }

    async fn assign(&self, case: CaseId, worker: StaffId, supervisor: Option<StaffId>) {
        self.run::<Case>(
            &case.stream_id(),
            json!({"AssignCaseworker": {"worker": worker, "supervisor": supervisor,
                "assigned_on": "2026-02-02"}}),
        )
        .await;
    }

    async fn note(&self, case: CaseId, involved: &[PersonId], opinion_of: PersonId) -> NoteId {
        let id = NoteId(Uuid::now_v7());
        self.run::<Case>(
            &case.stream_id(),
            json!({"RecordCaseNote": {"note_id": id, "author": self.actor,
                "persons_involved": involved, "occurred_on": "2026-02-03", "occurred_at": null,
                "segments": [{"kind": "fact", "text": "home visit"},
                    {"kind": {"opinion": {"holder": {"person": {"person": opinion_of}}}},
                     "text": "says the home is safe"}]}}),
        )
        .await;
        id
    }

    async fn grant(
        &self,
        grantee: StaffId,
        issuer: OrganizationId,
        children: &[PersonId],
    ) -> GrantId {
        let id = GrantId(Uuid::now_v7());
        self.run::<Grant>(
            &id.stream_id(),
            json!({"issue_grant": {"grant_id": id, "grantee": grantee,
                "issuing_organization": issuer, "program": "wendys_wonderful_kids_recruiter",
                "scope": {"child_or_sibling_group": {"children": children}},
                "purpose": "Recruitment for the sibling group",
                "expires_at": "2030-01-01T00:00:00Z", "occurred_on": "2026-01-07"}}),
        )
        .await;
        id
    }

    async fn catch_up_read_models(&self) {
        let mut client = self.db.connect().await.unwrap();
        kinlog_projections::migrate(&mut client).await.unwrap();
        kinlog_projections::catch_up_all(&self.store, &kinlog_projections::RunOptions::default())
            .await
            .unwrap();
    }
}

/// An agency with a director, a supervisor under the director, and a caseworker under
/// the supervisor; the caseworker declared one relative and is named as an aunt on a
/// niece's record.
struct Agency {
    world: World,
    agency: OrganizationId,
    director: (StaffId, PersonId),
    supervisor: (StaffId, PersonId),
    worker: (StaffId, PersonId),
    declared_relative: PersonId,
    niece: PersonId,
    grandparent: PersonId,
}

async fn agency() -> Agency {
    let world = World::new().await;
    let agency = world.organization("pcsa").await;
    let director = world.staff(agency, "director").await;
    let supervisor = world.staff(agency, "supervisor").await;
    let worker = world.staff(agency, "caseworker").await;
    world
        .run_staff(
            supervisor.0,
            json!({"link_supervisor": {"supervisor": director.0, "occurred_on": "2026-01-08"}}),
        )
        .await;
    world
        .run_staff(
            worker.0,
            json!({"link_supervisor": {"supervisor": supervisor.0, "occurred_on": "2026-01-08"}}),
        )
        .await;
    let declared_relative = world.person().await;
    world
        .run_staff(
            worker.0,
            json!({"declare_relative": {"person": declared_relative, "relationship": "first_cousin",
                "occurred_on": "2026-01-08"}}),
        )
        .await;
    // Recorded on the niece's stream only: "the worker is my aunt".
    let niece = world.person().await;
    world.relationship(niece, worker.1, "aunt_or_uncle").await;
    // Recorded on the worker's own person record.
    let grandparent = world.person().await;
    world
        .relationship(worker.1, grandparent, "grandparent")
        .await;
    Agency {
        world,
        agency,
        director,
        supervisor,
        worker,
        declared_relative,
        niece,
        grandparent,
    }
}

#[tokio::test]
async fn a_caseworkers_facts_are_loaded_field_by_field() {
    let a = agency().await;
    let w = &a.world;
    let child = w.person().await;
    let assigned = w.case(a.agency, &[child]).await;
    w.assign(assigned, a.worker.0, Some(a.supervisor.0)).await;
    let other_agency = w.organization("pcpa").await;
    let sibling = w.person().await;
    let grant = w.grant(a.worker.0, other_agency, &[child, sibling]).await;
    w.catch_up_read_models().await;
    // Issued after the index's position: found in the log's tail.
    let later = w.grant(a.worker.0, a.agency, &[sibling]).await;

    let facts = principal_facts(&w.store, a.worker.0).await.unwrap();

    assert_eq!(facts.staff_id, a.worker.0);
    assert_eq!(facts.person_id, a.worker.1);
    assert_eq!(facts.organization, a.agency);
    assert_eq!(facts.organization_kind, OrganizationKind::Pcsa);
    // The WWK grant makes the worker act as a recruiter under it.
    assert_eq!(
        facts.roles,
        BTreeSet::from([Role::Caseworker, Role::WwkRecruiter])
    );
    assert_eq!(
        facts.trainings,
        BTreeSet::from([Training::Confidentiality, Training::Security])
    );
    assert!(facts.code_of_responsibility_signed);
    assert_eq!(facts.account_status, AccountStatus::Active);
    assert_eq!(
        facts.relatives,
        BTreeSet::from([a.declared_relative, a.niece, a.grandparent])
    );
    assert_eq!(
        facts.supervisors,
        BTreeSet::from([a.supervisor.1, a.director.1])
    );
    assert_eq!(facts.caseload, BTreeSet::from([assigned]));
    assert_eq!(facts.provider, None);
    let ids: BTreeSet<GrantId> = facts.grants.iter().map(|g| g.id).collect();
    assert_eq!(ids, BTreeSet::from([grant, later]));
    let held = facts.grants.iter().find(|g| g.id == grant).unwrap();
    assert_eq!(
        held.scope,
        GrantScope::ChildOrSiblingGroup(BTreeSet::from([child, sibling]))
    );
    assert_eq!(held.purpose, Purpose::Recruitment);
    assert_eq!(held.expires_at.to_rfc3339(), "2030-01-01T00:00:00+00:00");
    assert!(!held.revoked);
}

#[tokio::test]
async fn a_suspension_is_seen_by_the_very_next_load() {
    let a = agency().await;
    let w = &a.world;
    let before = principal_facts(&w.store, a.worker.0).await.unwrap();
    assert_eq!(before.account_status, AccountStatus::Active);

    w.run_staff(
        a.worker.0,
        json!({"suspend_account": {"reason": "under_investigation", "occurred_on": "2026-02-10"}}),
    )
    .await;
    let after = principal_facts(&w.store, a.worker.0).await.unwrap();
    assert_eq!(after.account_status, AccountStatus::Suspended);

    let child = w.person().await;
    let case = w.case(a.agency, &[child]).await;
    let resource = resource_facts(&w.store, ResourceRef::Case(case))
        .await
        .unwrap();
    let decision = authorize(
        &ohio_policy_set(),
        &after,
        Action::View,
        &resource,
        &context(),
    );
    assert!(!decision.allowed);
    assert!(decision
        .deciding_policies
        .contains(&"E-forbid-account-not-active".to_owned()));
}

#[tokio::test]
async fn a_revoked_grant_is_loaded_as_revoked_at_once() {
    let a = agency().await;
    let w = &a.world;
    let child = w.person().await;
    let grant = w.grant(a.worker.0, a.agency, &[child]).await;
    w.run::<Grant>(
        &grant.stream_id(),
        json!({"revoke_grant": {"reason": "misuse", "occurred_on": "2026-02-11"}}),
    )
    .await;
    let facts = principal_facts(&w.store, a.worker.0).await.unwrap();
    assert_eq!(facts.grants.len(), 1);
    assert_eq!(facts.grants[0].id, grant);
    assert!(facts.grants[0].revoked);
}

#[tokio::test]
async fn an_ended_relationship_and_an_unlinked_supervisor_count_at_once() {
    let a = agency().await;
    let w = &a.world;
    // Both facts are in the read models; their ends are only in the log.
    w.run::<Person>(
        &a.niece.stream_id(),
        json!({"end_relationship": {"other": a.worker.1, "occurred_on": "2026-02-12"}}),
    )
    .await;
    w.run_staff(
        a.supervisor.0,
        json!({"unlink_supervisor": {"supervisor": a.director.0, "occurred_on": "2026-02-12"}}),
    )
    .await;
    let facts = principal_facts(&w.store, a.worker.0).await.unwrap();
    assert_eq!(
        facts.relatives,
        BTreeSet::from([a.declared_relative, a.grandparent])
    );
    assert_eq!(facts.supervisors, BTreeSet::from([a.supervisor.1]));
}

#[tokio::test]
async fn an_unknown_staff_id_is_a_typed_error() {
    let w = World::new().await;
    let nobody = StaffId(Uuid::now_v7());
    match principal_facts(&w.store, nobody).await {
        Err(Error::UnknownStaff { staff_id }) => assert_eq!(staff_id, nobody),
        other => panic!("expected UnknownStaff, got {other:?}"),
    }
}

#[tokio::test]
async fn a_case_and_its_note_name_every_member() {
    let a = agency().await;
    let w = &a.world;
    let (first, second, parent, collateral) = (
        w.person().await,
        w.person().await,
        w.person().await,
        w.person().await,
    );
    let case = w.case(a.agency, &[first, second]).await;
    let note = w.note(case, &[parent], collateral).await;

    let whole = resource_facts(&w.store, ResourceRef::Case(case))
        .await
        .unwrap();
    assert_eq!(whole.id, case.0);
    assert_eq!(whole.kind, ResourceKind::Case);
    assert_eq!(whole.owning_organization, a.agency);
    assert_eq!(whole.case, Some(case));
    assert_eq!(
        whole.subjects,
        BTreeSet::from([first, second, parent, collateral])
    );

    let one_note = resource_facts(&w.store, ResourceRef::CaseNote { case, note })
        .await
        .unwrap();
    assert_eq!(one_note.kind, ResourceKind::CaseNote);
    assert_eq!(one_note.id, note.0);
    assert_eq!(one_note.subjects, BTreeSet::from([parent, collateral]));

    let missing = NoteId(Uuid::now_v7());
    assert!(matches!(
        resource_facts(
            &w.store,
            ResourceRef::CaseNote {
                case,
                note: missing
            }
        )
        .await,
        Err(Error::UnknownResource {
            kind: "case note",
            ..
        })
    ));
    let no_case = CaseId(Uuid::now_v7());
    assert!(matches!(
        resource_facts(&w.store, ResourceRef::Case(no_case)).await,
        Err(Error::UnknownResource { kind: "case", .. })
    ));
}

#[tokio::test]
async fn a_reassignment_leaves_the_caseload_before_the_read_model_sees_it() {
    let a = agency().await;
    let w = &a.world;
    let child = w.person().await;
    let case = w.case(a.agency, &[child]).await;
    w.assign(case, a.worker.0, None).await;
    w.catch_up_read_models().await;
    let indexed = principal_facts(&w.store, a.worker.0).await.unwrap();
    assert_eq!(indexed.caseload, BTreeSet::from([case]));

    // Not projected yet: only the log after the read model's position shows it.
    w.assign(case, a.director.0, None).await;
    let after = principal_facts(&w.store, a.worker.0).await.unwrap();
    assert!(after.caseload.is_empty());
    let director = principal_facts(&w.store, a.director.0).await.unwrap();
    assert_eq!(director.caseload, BTreeSet::from([case]));
}

#[tokio::test]
async fn authorize_denies_self_relatives_and_supervisors_and_allows_the_caseload() {
    let a = agency().await;
    let w = &a.world;
    let child = w.person().await;
    let ordinary = w.case(a.agency, &[child]).await;
    w.assign(ordinary, a.worker.0, Some(a.supervisor.0)).await;
    let own = w.case(a.agency, &[a.worker.1]).await;
    let niece = w.case(a.agency, &[a.niece]).await;
    let cousin = w.case(a.agency, &[a.declared_relative]).await;
    let boss_of_boss = w.case(a.agency, &[a.director.1]).await;
    for case in [own, niece, cousin, boss_of_boss] {
        w.assign(case, a.worker.0, None).await;
    }

    let set = ohio_policy_set();
    let principal = principal_facts(&w.store, a.worker.0).await.unwrap();
    let decide = |resource: ResourceFacts, action| {
        authorize(&set, &principal, action, &resource, &context())
    };
    let facts = |case| resource_facts(&w.store, ResourceRef::Case(case));

    for action in [Action::View, Action::Record] {
        let allowed = decide(facts(ordinary).await.unwrap(), action);
        assert!(allowed.allowed, "{action:?}: {allowed:?}");
    }
    for (case, forbid) in [
        (own, "T1-forbid-self"),
        (niece, "T2-forbid-relative"),
        (cousin, "T2-forbid-relative"),
        (boss_of_boss, "T3-forbid-supervisor"),
    ] {
        let denied = decide(facts(case).await.unwrap(), Action::View);
        assert!(!denied.allowed, "{forbid}");
        assert_eq!(denied.deciding_policies, vec![forbid.to_owned()]);
    }
}

#[tokio::test]
async fn person_placement_visit_and_provider_records_name_owner_subjects_and_portal_links() {
    let a = agency().await;
    let w = &a.world;
    let (child, mother, visitor) = (w.person().await, w.person().await, w.person().await);
    w.relationship(child, mother, "birth_parent").await;
    let provider = ProviderId(Uuid::now_v7());
    w.run::<Provider>(
        &provider.stream_id(),
        json!({"register_provider": {"provider_id": provider, "kind": "foster_home",
            "name": "Provider", "address": {"lines": ["1 Main Street"], "city": "Akron",
            "state": "OH", "postal_code": "44308"}, "organization_id": a.agency,
            "occurred_on": "2026-01-10"}}),
    )
    .await;
    let (first, second) = (w.person().await, w.person().await);
    w.run::<Provider>(
        &provider.stream_id(),
        json!({"record_caregivers": {"caregivers": {"married_couple":
            {"first": first, "second": second}}, "occurred_on": "2026-01-11"}}),
    )
    .await;
    let case = w.case(a.agency, &[child]).await;
    let (episode, placement, visit) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    for command in [
        json!({"OpenCase": {"opened_on": "2026-02-02"}}),
        json!({"RecordRemoval": {"episode_id": episode, "child": child,
            "removed_on": "2026-02-03", "removed_at": null, "manner": "court_ordered",
            "environment": "parent_household", "circumstances": ["neglect"]}}),
        json!({"PlaceChild": {"placement_id": placement, "episode_id": episode,
            "started_on": "2026-02-03", "ended_on": null,
            "setting": {"foster_family_home": {"home_types": ["licensed"]}},
            "provider": provider, "location": "in_state"}}),
        json!({"ScheduleFamilyVisit": {"visit_id": visit, "child": child,
            "visitors": [mother, visitor], "supervisor": null,
            "scheduled_for": "2026-02-20", "scheduled_at": null}}),
    ] {
        w.run::<Case>(&case.stream_id(), command).await;
    }

    let person = resource_facts(&w.store, ResourceRef::Person(child))
        .await
        .unwrap();
    assert_eq!(person.kind, ResourceKind::Person);
    assert_eq!(person.id, child.0);
    assert_eq!(person.owning_organization, a.agency);
    assert_eq!(person.subjects, BTreeSet::from([child]));
    assert_eq!(person.portal.placed_with, Some(provider));

    let placed = resource_facts(
        &w.store,
        ResourceRef::Placement {
            case,
            placement: PlacementId(placement),
        },
    )
    .await
    .unwrap();
    assert_eq!(placed.kind, ResourceKind::Placement);
    assert_eq!(placed.case, Some(case));
    assert_eq!(placed.subjects, BTreeSet::from([child]));
    assert_eq!(placed.portal.placed_with, Some(provider));

    let visits = resource_facts(
        &w.store,
        ResourceRef::VisitSchedule {
            case,
            visit: FamilyVisitId(visit),
        },
    )
    .await
    .unwrap();
    assert_eq!(visits.kind, ResourceKind::VisitSchedule);
    assert_eq!(visits.subjects, BTreeSet::from([child, mother, visitor]));
    assert_eq!(visits.portal.family_parents, BTreeSet::from([mother]));
    assert_eq!(visits.portal.placed_with, Some(provider));

    let home = resource_facts(&w.store, ResourceRef::ProviderRecord(provider))
        .await
        .unwrap();
    assert_eq!(home.kind, ResourceKind::ProviderRecord);
    assert_eq!(home.owning_organization, a.agency);
    assert_eq!(home.subjects, BTreeSet::from([first, second]));

    // A person no case names belongs to no agency: the load fails rather than guess.
    let loner = w.person().await;
    assert!(matches!(
        resource_facts(&w.store, ResourceRef::Person(loner)).await,
        Err(Error::FactsUnavailable { .. })
    ));
}

#[tokio::test]
async fn a_parent_portal_account_sees_its_family_visits_until_suspended() {
    let a = agency().await;
    let w = &a.world;
    let (child, mother) = (w.person().await, w.person().await);
    w.relationship(child, mother, "birth_parent").await;
    let case = w.case(a.agency, &[child]).await;
    let visit = FamilyVisitId(Uuid::now_v7());
    w.run::<Case>(
        &case.stream_id(),
        json!({"ScheduleFamilyVisit": {"visit_id": visit, "child": child,
            "visitors": [mother], "supervisor": null,
            "scheduled_for": "2026-02-20", "scheduled_at": null}}),
    )
    .await;
    let account = PortalAccountId(Uuid::now_v7());
    w.run::<PortalAccount>(
        &account.stream_id(),
        json!({"open_portal_account": {"account_id": account, "organization_id": a.agency,
            "link": {"parent": {"person_id": mother}}, "occurred_on": "2026-02-01"}}),
    )
    .await;

    let parent = portal_facts(&w.store, account).await.unwrap();
    assert_eq!(parent.staff_id, StaffId(account.0));
    assert_eq!(parent.person_id, mother);
    assert_eq!(parent.organization, a.agency);
    assert_eq!(parent.roles, BTreeSet::from([Role::ParentPortal]));
    assert_eq!(parent.account_status, AccountStatus::Active);
    assert!(parent.grants.is_empty() && parent.caseload.is_empty());
    assert_eq!(parent.provider, None);

    let visits = resource_facts(&w.store, ResourceRef::VisitSchedule { case, visit })
        .await
        .unwrap();
    let set = ohio_policy_set();
    let mut context = context();
    context.purpose = Purpose::SelfService;
    let allowed = authorize(&set, &parent, Action::View, &visits, &context);
    assert!(allowed.allowed, "{allowed:?}");

    w.run::<PortalAccount>(
        &account.stream_id(),
        json!({"suspend_portal_account": {"occurred_on": "2026-02-21"}}),
    )
    .await;
    let suspended = portal_facts(&w.store, account).await.unwrap();
    assert_eq!(suspended.account_status, AccountStatus::Suspended);
    assert!(!authorize(&set, &suspended, Action::View, &visits, &context).allowed);

    let nobody = PortalAccountId(Uuid::now_v7());
    assert!(matches!(
        portal_facts(&w.store, nobody).await,
        Err(Error::UnknownPortalAccount { account_id }) if account_id == nobody
    ));
}

fn context() -> RequestContext {
    RequestContext {
        now: Utc::now() + Duration::seconds(1),
        purpose: Purpose::CaseWork,
    }
}
