//! The replay scenario: one agency's Tuesday of access events, with planted violations
//! among clean accesses. Every decision is made by the real policies.
use std::collections::BTreeSet;

use chrono::{DateTime, Duration, TimeZone, Utc};
use kinlog_domain::access::{
    access_stream_id, AccessEvent, AccessRecord, ClientInfo, DecisionFacts, RecordedDecision,
};
use kinlog_domain::policy::{
    authorize, ohio_policy_files, ohio_policy_set, ohio_schema, AccountStatus, Action, Grant,
    GrantScope, OrganizationKind, PolicyFile, PolicySet, PortalLinks, PrincipalFacts, Purpose,
    RequestContext, ResourceFacts, ResourceKind, Role, Training,
};
use kinlog_domain::{CaseId, GrantId, OrganizationId, PersonId, StaffId};
use kinlog_gateway::replay::Window;
use kinlog_projections::{encode, EventMetadata};
use kinlog_store::{ExpectedVersion, Store};
use uuid::Uuid;

/// The day of the scenario, a Tuesday. 14:00 UTC is 09:00 in Ohio.
pub(crate) fn business(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 17, 14, 0, 0).unwrap() + Duration::minutes(minute)
}

/// The scenario's window: the whole UTC day.
pub(crate) fn day() -> Window {
    Window::new(
        Utc.with_ymd_and_hms(2026, 11, 17, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2026, 11, 18, 0, 0, 0).unwrap(),
    )
    .unwrap()
}

/// A trained caseworker with a signed Code of Responsibility in `organization`.
pub(crate) fn caseworker(organization: OrganizationId, caseload: &[CaseId]) -> PrincipalFacts {
    PrincipalFacts {
        staff_id: StaffId(Uuid::now_v7()),
        person_id: PersonId(Uuid::now_v7()),
        organization,
        organization_kind: OrganizationKind::Pcsa,
        roles: [Role::Caseworker].into(),
        trainings: [Training::Confidentiality, Training::Security].into(),
        code_of_responsibility_signed: true,
        account_status: AccountStatus::Active,
        relatives: BTreeSet::new(),
        supervisors: BTreeSet::new(),
        grants: Vec::new(),
        caseload: caseload.iter().copied().collect(),
        provider: None,
    }
}

/// A record of `kind` in `case`, about `subjects`.
pub(crate) fn record_of(
    kind: ResourceKind,
    organization: OrganizationId,
    case: CaseId,
    subjects: &[PersonId],
) -> ResourceFacts {
    ResourceFacts {
        id: if kind == ResourceKind::Case {
            case.0
        } else {
            Uuid::now_v7()
        },
        kind,
        owning_organization: organization,
        case: Some(case),
        subjects: subjects.iter().copied().collect(),
        programs: BTreeSet::new(),
        portal: PortalLinks::default(),
    }
}

/// Decides a view under `set` and appends its access event; returns its position.
pub(crate) async fn view(
    store: &Store,
    set: &PolicySet,
    principal: &PrincipalFacts,
    resource: &ResourceFacts,
    at: DateTime<Utc>,
) -> u64 {
    let facts = DecisionFacts {
        principal: principal.clone(),
        resource: resource.clone(),
        context: RequestContext {
            now: at,
            purpose: Purpose::CaseWork,
        },
    };
    let decision = authorize(
        set,
        &facts.principal,
        Action::View,
        &facts.resource,
        &facts.context,
    );
    let event = AccessEvent::for_decision(AccessRecord {
        action: Action::View,
        returned: if decision.allowed {
            vec!["status".into()]
        } else {
            Vec::new()
        },
        client: ClientInfo {
            ip: Some("10.0.0.7".into()),
            user_agent: Some("test".into()),
            path: format!("/records/{}", resource.id),
            referrer: None,
        },
        response_bytes: if decision.allowed { 100 } else { 0 },
        decision: RecordedDecision::from(&decision),
        correlation_id: Uuid::now_v7(),
        facts,
    });
    let event_id = Uuid::now_v7();
    let metadata = EventMetadata {
        actor: Some(principal.staff_id.0),
        ..Default::default()
    };
    store
        .append(
            &access_stream_id(event_id),
            ExpectedVersion::NoStream,
            vec![encode(event_id, &event, &metadata).unwrap()],
        )
        .await
        .unwrap()
        .first_position
}

/// The Ohio set as it was before paragraph T(3) was written in: without the supervisor
/// forbid, so it has another hash.
pub(crate) fn set_without_supervisor_forbid() -> PolicySet {
    let forbid = "@id(\"T3-forbid-supervisor\")\nforbid (principal is Staff, action, resource)\n\
                  when { resource.subjects.containsAny(principal.supervisors) };";
    let texts: Vec<(String, String)> = ohio_policy_files()
        .iter()
        .map(|file| (file.name.to_owned(), file.text.replace(forbid, "")))
        .collect();
    assert_ne!(
        texts.iter().map(|(_, t)| t.len()).sum::<usize>(),
        ohio_policy_files()
            .iter()
            .map(|f| f.text.len())
            .sum::<usize>(),
        "the supervisor forbid was found and removed"
    );
    let files: Vec<PolicyFile<'_>> = texts
        .iter()
        .map(|(name, text)| PolicyFile { name, text })
        .collect();
    PolicySet::load(ohio_schema(), &files).unwrap()
}

/// Positions of what was planted and of what is clean.
pub(crate) struct Planted {
    pub(crate) organization: OrganizationId,
    pub(crate) case_a: CaseId,
    pub(crate) child_b: PersonId,
    pub(crate) w1: PrincipalFacts,
    pub(crate) w2: PrincipalFacts,
    pub(crate) self_access: u64,
    pub(crate) relative: u64,
    pub(crate) supervisor: u64,
    pub(crate) lapsed_training: u64,
    pub(crate) after_hours: u64,
    pub(crate) outside_caseload: u64,
    /// The volume outlier's accesses, in order.
    pub(crate) volume: Vec<u64>,
    /// Case-note views, which the stricter test policy forbids.
    pub(crate) case_notes: Vec<u64>,
    /// Every access to case A's records inside the day.
    pub(crate) case_a_accesses: Vec<u64>,
    /// Every access to child B's records inside the day.
    pub(crate) child_b_accesses: Vec<u64>,
    /// Every access inside the day.
    pub(crate) in_window: Vec<u64>,
}

/// Appends the scenario. The tests check that each decision came out as planted.
pub(crate) async fn plant(store: &Store) -> Planted {
    let ohio = ohio_policy_set();
    let org = OrganizationId(Uuid::now_v7());
    let other_org = OrganizationId(Uuid::now_v7());
    let [case_a, case_b, case_c, case_e, case_r, case_s, case_l, case_v] =
        std::array::from_fn(|_| CaseId(Uuid::now_v7()));
    let [child_a, child_b, child_c, child_e, child_s, child_l, child_v] =
        std::array::from_fn(|_| PersonId(Uuid::now_v7()));
    let case = |case, child| record_of(ResourceKind::Case, org, case, &[child]);
    let note = |case, child| record_of(ResourceKind::CaseNote, org, case, &[child]);
    let mut in_window = Vec::new();
    let mut case_notes = Vec::new();
    let mut case_a_accesses = Vec::new();
    let mut child_b_accesses = Vec::new();
    let mut minute = 0;
    let mut next = || {
        minute += 1;
        business(minute)
    };

    // Clean: three caseworkers on their own caseloads, a supervisor overseeing, and a
    // caseworker reaching another agency's case through a grant.
    let w1 = caseworker(org, &[case_a]);
    let w2 = caseworker(org, &[case_b]);
    let w3 = caseworker(org, &[case_c]);
    for _ in 0..3 {
        let p = view(store, &ohio, &w1, &case(case_a, child_a), next()).await;
        case_a_accesses.push(p);
        let p2 = view(store, &ohio, &w2, &case(case_b, child_b), next()).await;
        child_b_accesses.push(p2);
        in_window.extend([p, p2]);
    }
    let p = view(store, &ohio, &w1, &note(case_a, child_a), next()).await;
    case_notes.push(p);
    case_a_accesses.push(p);
    in_window.push(p);
    let p = view(store, &ohio, &w2, &note(case_b, child_b), next()).await;
    case_notes.push(p);
    child_b_accesses.push(p);
    in_window.push(p);
    for _ in 0..4 {
        in_window.push(view(store, &ohio, &w3, &case(case_c, child_c), next()).await);
    }
    let mut supervisor = caseworker(org, &[]);
    supervisor.roles = [Role::Supervisor].into();
    let p = view(store, &ohio, &supervisor, &case(case_a, child_a), next()).await;
    case_a_accesses.push(p);
    in_window.push(p);
    let mut granted = caseworker(org, &[]);
    granted.grants.push(Grant {
        id: GrantId(Uuid::now_v7()),
        scope: GrantScope::Case(case_e),
        purpose: Purpose::CaseWork,
        expires_at: business(0) + Duration::days(30),
        revoked: false,
    });
    let case_e_record = record_of(ResourceKind::Case, other_org, case_e, &[child_e]);
    in_window.push(view(store, &ohio, &granted, &case_e_record, next()).await);

    // Planted: the three conflicts of interest.
    let w_self = caseworker(org, &[]);
    let own_record = ResourceFacts {
        kind: ResourceKind::Person,
        id: w_self.person_id.0,
        case: None,
        ..record_of(ResourceKind::Person, org, case_a, &[w_self.person_id])
    };
    let self_access = view(store, &ohio, &w_self, &own_record, next()).await;
    let mut w_rel = caseworker(org, &[case_r]);
    let relative = PersonId(Uuid::now_v7());
    w_rel.relatives.insert(relative);
    let relative_access = view(store, &ohio, &w_rel, &case(case_r, relative), next()).await;
    let mut w_sup = caseworker(org, &[case_s]);
    let boss = PersonId(Uuid::now_v7());
    w_sup.supervisors.insert(boss);
    // Decided under the older set, which let it through.
    let supervisor_access = view(
        store,
        &set_without_supervisor_forbid(),
        &w_sup,
        &record_of(ResourceKind::Case, org, case_s, &[child_s, boss]),
        next(),
    )
    .await;
    // Planted: security training lapsed.
    let mut w_lapsed = caseworker(org, &[case_l]);
    w_lapsed.trainings.remove(&Training::Security);
    let lapsed = view(store, &ohio, &w_lapsed, &case(case_l, child_l), next()).await;
    // Planted: 02:00 in Ohio, on w1's own case.
    let night = Utc.with_ymd_and_hms(2026, 11, 17, 7, 0, 0).unwrap();
    let after_hours = view(store, &ohio, &w1, &case(case_a, child_a), night).await;
    case_a_accesses.push(after_hours);
    // Planted: w2 on case A, not theirs, no grant; the organization permit allows it.
    let outside = view(store, &ohio, &w2, &case(case_a, child_a), next()).await;
    case_a_accesses.push(outside);
    // Planted: a caseworker with twelve views in the day, where peers have one to five.
    let w_vol = caseworker(org, &[case_v]);
    let mut volume = Vec::new();
    for _ in 0..12 {
        volume.push(view(store, &ohio, &w_vol, &case(case_v, child_v), next()).await);
    }
    in_window.extend([
        self_access,
        relative_access,
        supervisor_access,
        lapsed,
        after_hours,
        outside,
    ]);
    in_window.extend(&volume);

    // Just outside the day on either side: a conflict no question may report.
    let before = day().from - Duration::seconds(1);
    view(store, &ohio, &w_self, &own_record, before).await;
    view(store, &ohio, &w1, &case(case_a, child_a), day().to).await;
    in_window.sort_unstable();
    case_a_accesses.sort_unstable();

    Planted {
        organization: org,
        case_a,
        child_b,
        w1,
        w2,
        self_access,
        relative: relative_access,
        supervisor: supervisor_access,
        lapsed_training: lapsed,
        after_hours,
        outside_caseload: outside,
        volume,
        case_notes,
        case_a_accesses,
        child_b_accesses,
        in_window,
    }
}
