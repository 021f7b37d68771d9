//! Paragraph T as a property (security goal A2): over random staff, random person and
//! relationship graphs, random grants (live, expired, revoked, any scope or purpose),
//! random roles and random extra permit policies, access to a record about oneself, a
//! relative or a supervisor is denied every time, and names the T forbid that fired.
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use chrono::Duration;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use uuid::Uuid;

use super::super::*;
use super::fixtures::*;
use crate::StaffId;

const STAFF_ROLES: [Role; 13] = [
    Role::Caseworker,
    Role::Supervisor,
    Role::Director,
    Role::Intern,
    Role::WwkRecruiter,
    Role::ThirtyDaysToFamily,
    Role::PeerMentor,
    Role::CourtIvE,
    Role::Prosecutor,
    Role::Ombudsman,
    Role::Researcher,
    Role::Auditor,
    Role::PrivacyOfficer,
];

const ORGANIZATION_KINDS: [OrganizationKind; 8] = [
    OrganizationKind::Pcsa,
    OrganizationKind::Pcpa,
    OrganizationKind::Pna,
    OrganizationKind::LpeQrtp,
    OrganizationKind::JuvenileCourt,
    OrganizationKind::Prosecutor,
    OrganizationKind::Ombudsman,
    OrganizationKind::State,
];

const PURPOSES: [Purpose; 13] = [
    Purpose::CaseWork,
    Purpose::Assessment,
    Purpose::Investigation,
    Purpose::Services,
    Purpose::TitleIvE,
    Purpose::Recruitment,
    Purpose::Permanency,
    Purpose::PeerSupport,
    Purpose::OmbudsmanReview,
    Purpose::Audit,
    Purpose::PrivacyRequest,
    Purpose::FederalReporting,
    Purpose::SelfService,
];

const KINDS: [ResourceKind; 10] = [
    ResourceKind::Case,
    ResourceKind::Person,
    ResourceKind::CaseNote,
    ResourceKind::Placement,
    ResourceKind::VisitSchedule,
    ResourceKind::CasePlanItem,
    ResourceKind::Progress,
    ResourceKind::ProviderRecord,
    ResourceKind::Report,
    ResourceKind::AuditLog,
];

const PERMIT_EVERYTHING: &str =
    "@id(\"extra-permit-everything\") permit (principal, action, resource);";

/// Permits an attacker or a careless edit might add, aimed straight at the conflicts.
const EXTRA_PERMITS: [&str; 6] = [
    "@id(\"extra-permit-self\") permit (principal is Staff, action, resource) \
     when { resource.subjects.contains(principal.person) };",
    "@id(\"extra-permit-relatives\") permit (principal is Staff, action, resource) \
     when { resource.subjects.containsAny(principal.relatives) };",
    "@id(\"extra-permit-supervisors\") permit (principal is Staff, action, resource) \
     when { resource.subjects.containsAny(principal.supervisors) };",
    "@id(\"extra-permit-any-grant\") permit (principal, action, resource) \
     when { context has grant };",
    "@id(\"extra-permit-own-organization\") permit (principal is Staff, action, resource) \
     when { resource.organization == principal.organization };",
    "@id(\"extra-permit-caseload\") permit (principal is Staff, action, resource) \
     when { resource has case && principal.caseload.contains(resource.case) };",
];

/// No extra permit, each one alone, or all of them. Each combination costs a policy set
/// load (tens of milliseconds in a debug build), so the choice is kept small; forbids do
/// not depend on which permits exist, and "all of them" is the strongest case.
fn extra_permit_choices() -> impl Strategy<Value = Vec<usize>> {
    let mut choices: Vec<Vec<usize>> = vec![Vec::new(), (0..EXTRA_PERMITS.len()).collect()];
    choices.extend((0..EXTRA_PERMITS.len()).map(|i| vec![i]));
    select(choices)
}

/// Persons are drawn from a small pool so that relatives, supervisors, subjects and
/// grant scopes overlap often.
const POOL: std::ops::Range<u128> = 100..110;

fn pool_subset() -> impl Strategy<Value = BTreeSet<u128>> {
    subsequence(POOL.collect::<Vec<_>>(), 0..=5).prop_map(|v| v.into_iter().collect())
}

fn to_persons(ns: &BTreeSet<u128>) -> BTreeSet<crate::PersonId> {
    ns.iter().map(|n| person(*n)).collect()
}

#[derive(Debug, Clone, Copy)]
enum Conflict {
    Myself,
    Relative,
    Supervisor,
}

impl Conflict {
    fn forbid(self) -> &'static str {
        match self {
            Conflict::Myself => "T1-forbid-self",
            Conflict::Relative => "T2-forbid-relative",
            Conflict::Supervisor => "T3-forbid-supervisor",
        }
    }
}

fn arb_grant() -> impl Strategy<Value = Grant> {
    let scope = prop_oneof![
        (1u128..=2).prop_map(|n| GrantScope::Organization(org(n))),
        (1u128..=3).prop_map(|n| GrantScope::Case(case(n))),
        pool_subset().prop_map(|s| GrantScope::ChildOrSiblingGroup(to_persons(&s))),
        (1u128..=2).prop_map(|n| GrantScope::Program(program(n))),
    ];
    (
        1u128..1000,
        scope,
        select(PURPOSES.to_vec()),
        -48i64..48,
        any::<bool>(),
    )
        .prop_map(|(n, scope, purpose, hours, revoked)| Grant {
            id: grant_id(n),
            scope,
            purpose,
            expires_at: now() + Duration::hours(hours),
            revoked,
        })
}

fn arb_principal() -> impl Strategy<Value = PrincipalFacts> {
    (
        select(POOL.collect::<Vec<_>>()),
        select(ORGANIZATION_KINDS.to_vec()),
        1u128..=2,
        subsequence(STAFF_ROLES.to_vec(), 0..=4),
        pool_subset(),
        pool_subset(),
        proptest::collection::vec(arb_grant(), 0..4),
        subsequence(vec![1u128, 2, 3], 0..=3),
    )
        .prop_map(
            |(me, kind, organization, roles, relatives, supervisors, grants, caseload)| {
                PrincipalFacts {
                    staff_id: StaffId(Uuid::from_u128(0x0700_0000 + me)),
                    person_id: person(me),
                    organization: org(organization),
                    organization_kind: kind,
                    roles: roles.into_iter().collect(),
                    trainings: [Training::Confidentiality, Training::Security].into(),
                    code_of_responsibility_signed: true,
                    account_status: AccountStatus::Active,
                    relatives: to_persons(&relatives),
                    supervisors: to_persons(&supervisors),
                    grants,
                    caseload: caseload.into_iter().map(case).collect(),
                    provider: None,
                }
            },
        )
}

fn arb_resource() -> impl Strategy<Value = ResourceFacts> {
    (
        select(KINDS.to_vec()),
        1u128..=2,
        proptest::option::of(1u128..=3),
        pool_subset(),
        subsequence(vec![1u128, 2], 0..=2),
        pool_subset(),
        pool_subset(),
        proptest::option::of(1u128..=2),
    )
        .prop_map(
            |(kind, organization, case_n, subjects, programs, parents, assigned, placed)| {
                ResourceFacts {
                    id: Uuid::from_u128(0x0800_0000),
                    kind,
                    owning_organization: org(organization),
                    case: case_n.map(case),
                    subjects: to_persons(&subjects),
                    programs: programs.into_iter().map(program).collect(),
                    portal: PortalLinks {
                        family_parents: to_persons(&parents),
                        assigned_to: to_persons(&assigned),
                        placed_with: placed.map(provider),
                    },
                }
            },
        )
}

struct Scenario {
    principal: PrincipalFacts,
    resource: ResourceFacts,
    action: Action,
    purpose: Purpose,
    conflict: Conflict,
}

impl std::fmt::Debug for Scenario {
    // The facts' own Debug redacts persons; a failing case needs them all.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?} by person {} (relatives {:?}, supervisors {:?}, roles {:?}, grants {:?}) \
             doing {:?} for {:?} on {:?} about {:?}",
            self.conflict,
            self.principal.person_id,
            self.principal.relatives,
            self.principal.supervisors,
            self.principal.roles,
            self.principal.grants,
            self.action,
            self.purpose,
            self.resource.kind,
            self.resource.subjects,
        )
    }
}

fn arb_scenario() -> impl Strategy<Value = Scenario> {
    (
        arb_principal(),
        arb_resource(),
        select(Action::ALL.to_vec()),
        select(PURPOSES.to_vec()),
        select(vec![
            Conflict::Myself,
            Conflict::Relative,
            Conflict::Supervisor,
        ]),
        select(POOL.collect::<Vec<_>>()),
    )
        .prop_map(
            |(mut principal, mut resource, action, purpose, conflict, who)| {
                // Put the conflicting person into the graph and onto the record.
                let conflicting = match conflict {
                    Conflict::Myself => principal.person_id,
                    Conflict::Relative => {
                        principal.relatives.insert(person(who));
                        person(who)
                    }
                    Conflict::Supervisor => {
                        principal.supervisors.insert(person(who));
                        person(who)
                    }
                };
                resource.subjects.insert(conflicting);
                Scenario {
                    principal,
                    resource,
                    action,
                    purpose,
                    conflict,
                }
            },
        )
}

type LoadedSets = RefCell<HashMap<(bool, Vec<usize>), Rc<PolicySet>>>;

/// The Ohio set plus the chosen extra permits. Loading and validating a set is the slow
/// part of a case, so each combination is loaded once per thread.
fn policy_set(with_everything: bool, extras: &[usize]) -> Rc<PolicySet> {
    thread_local! {
        static LOADED: LoadedSets = RefCell::default();
    }
    let key = (with_everything, extras.to_vec());
    if let Some(set) = LOADED.with(|loaded| loaded.borrow().get(&key).cloned()) {
        return set;
    }
    let mut files = ohio_policy_files().to_vec();
    if with_everything {
        files.push(PolicyFile {
            name: "extra-everything.cedar",
            text: PERMIT_EVERYTHING,
        });
    }
    for extra in extras {
        files.push(PolicyFile {
            name: "extra.cedar",
            text: EXTRA_PERMITS[*extra],
        });
    }
    let set = Rc::new(PolicySet::load(ohio_schema(), &files).expect("the extra permits validate"));
    LOADED.with(|loaded| loaded.borrow_mut().insert(key, Rc::clone(&set)));
    set
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn paragraph_t_conflicts_are_denied_whatever_else_permits(
        scenario in arb_scenario(),
        with_everything in any::<bool>(),
        extras in extra_permit_choices(),
    ) {
        let set = policy_set(with_everything, &extras);
        let ctx = context(scenario.purpose);
        let decision = authorize(&set, &scenario.principal, scenario.action, &scenario.resource, &ctx);
        prop_assert!(!decision.allowed, "{scenario:?}: {decision:?}");
        prop_assert_eq!(&decision.failure, &None, "{:?}", scenario);
        prop_assert_eq!(decision.grant_used, None);
        prop_assert!(
            decision.deciding_policies.iter().any(|id| id == scenario.conflict.forbid()),
            "{scenario:?}: {decision:?}"
        );

        // Control: the same request about someone outside the conflict is allowed
        // under permit-everything, unless another forbid applies. This keeps the
        // property from passing because the request was hopeless anyway.
        let roles = &scenario.principal.roles;
        let other_forbid = roles.contains(&Role::Researcher)
            || (roles.contains(&Role::Intern) && scenario.action == Action::Approve)
            || (scenario.purpose == Purpose::PrivacyRequest
                && !roles.contains(&Role::PrivacyOfficer));
        if with_everything && !other_forbid {
            let principal = &scenario.principal;
            let mut control = scenario.resource.clone();
            control.subjects.retain(|p| {
                *p != principal.person_id
                    && !principal.relatives.contains(p)
                    && !principal.supervisors.contains(p)
            });
            control.subjects.insert(person(999));
            let decision = authorize(&set, principal, scenario.action, &control, &ctx);
            prop_assert!(decision.allowed, "control {scenario:?}: {decision:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Paragraph R (security goal A1): a researcher is denied whatever else they hold
    /// and whatever else is permitted.
    #[test]
    fn paragraph_r_researchers_are_denied_whatever_else_permits(
        mut principal in arb_principal(),
        resource in arb_resource().prop_filter("named subjects", |r| !r.subjects.is_empty()),
        action in select(Action::ALL.to_vec()),
        purpose in select(PURPOSES.to_vec()),
        extras in extra_permit_choices(),
    ) {
        principal.roles.insert(Role::Researcher);
        let set = policy_set(true, &extras);
        let decision = authorize(&set, &principal, action, &resource, &context(purpose));
        prop_assert!(!decision.allowed, "{decision:?}");
        prop_assert!(decision.deciding_policies.iter().any(|id| id == "R-forbid-researcher"), "{decision:?}");
    }

    /// Paragraph W (security goal A3): whenever a grant is the reason for an allow, that
    /// grant is live at the request time, unrevoked, and given for the request's
    /// purpose; an expired or revoked grant is never the reason.
    #[test]
    fn paragraph_w_only_a_live_grant_for_the_purpose_is_ever_used(
        principal in arb_principal(),
        resource in arb_resource().prop_filter("named subjects", |r| !r.subjects.is_empty()),
        action in select(Action::ALL.to_vec()),
        random_purpose in select(PURPOSES.to_vec()),
        grant_purpose in any::<bool>(),
        extras in extra_permit_choices(),
    ) {
        // Half the time ask for a purpose some grant was given for, so grants are used.
        let purpose = match principal.grants.first() {
            Some(grant) if grant_purpose => grant.purpose,
            _ => random_purpose,
        };
        let set = policy_set(false, &extras);
        let decision = authorize(&set, &principal, action, &resource, &context(purpose));
        prop_assert_eq!(&decision.failure, &None);
        if let Some(used) = decision.grant_used {
            prop_assert!(decision.allowed);
            let grant = principal.grants.iter().find(|g| g.id == used);
            prop_assert!(
                grant.is_some_and(|g| !g.revoked && g.expires_at > now() && g.purpose == purpose),
                "{decision:?} used {grant:?}"
            );
        }
        // Revoking every grant leaves only what the user may do without one.
        let mut revoked = principal.clone();
        for grant in &mut revoked.grants {
            grant.revoked = true;
        }
        let after = authorize(&set, &revoked, action, &resource, &context(purpose));
        prop_assert_eq!(after.grant_used, None);
        let without_grants = PrincipalFacts { grants: Vec::new(), ..principal.clone() };
        let baseline = authorize(&set, &without_grants, action, &resource, &context(purpose));
        prop_assert_eq!(after.allowed, baseline.allowed);
    }
}
