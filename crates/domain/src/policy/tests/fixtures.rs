//! A small world for the policy tests: one PCSA (`ORG`) with a case about a child and
//! her mother, another agency (`OTHER_ORG`), and a fully trained, active staff member
//! whose relatives and supervisors are people outside that case.
use std::collections::BTreeSet;
use std::sync::OnceLock;

use chrono::{DateTime, Duration, TimeZone, Utc};
use uuid::Uuid;

use super::super::*;
use crate::{CaseId, GrantId, OrganizationId, PersonId, ProviderId, StaffId};

pub(super) fn person(n: u128) -> PersonId {
    PersonId(Uuid::from_u128(0x0100_0000 + n))
}
pub(super) fn case(n: u128) -> CaseId {
    CaseId(Uuid::from_u128(0x0200_0000 + n))
}
pub(super) fn org(n: u128) -> OrganizationId {
    OrganizationId(Uuid::from_u128(0x0300_0000 + n))
}
pub(super) fn program(n: u128) -> ProgramId {
    ProgramId(Uuid::from_u128(0x0400_0000 + n))
}
pub(super) fn provider(n: u128) -> ProviderId {
    ProviderId(Uuid::from_u128(0x0500_0000 + n))
}
pub(super) fn grant_id(n: u128) -> GrantId {
    GrantId(Uuid::from_u128(0x0600_0000 + n))
}

pub(super) const ORG: u128 = 1;
pub(super) const OTHER_ORG: u128 = 2;
pub(super) const CASE: u128 = 1;
pub(super) const OTHER_CASE: u128 = 2;
pub(super) const CHILD: u128 = 1;
pub(super) const SIBLING: u128 = 2;
pub(super) const MOTHER: u128 = 3;
pub(super) const UNRELATED_CHILD: u128 = 4;
pub(super) const SELF: u128 = 10;
pub(super) const RELATIVE: u128 = 11;
pub(super) const SUPERVISOR: u128 = 12;
pub(super) const PROGRAM: u128 = 1;
pub(super) const FOSTER_HOME: u128 = 1;

pub(super) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 15, 30, 0).unwrap()
}

pub(super) fn persons(ns: &[u128]) -> BTreeSet<PersonId> {
    ns.iter().map(|n| person(*n)).collect()
}

/// A trained, active PCSA staff member of `ORG` with `CASE` on their caseload.
pub(super) fn staff(roles: &[Role]) -> PrincipalFacts {
    PrincipalFacts {
        staff_id: StaffId(Uuid::from_u128(0x0700_0001)),
        person_id: person(SELF),
        organization: org(ORG),
        organization_kind: OrganizationKind::Pcsa,
        roles: roles.iter().copied().collect(),
        trainings: [Training::Confidentiality, Training::Security].into(),
        code_of_responsibility_signed: true,
        account_status: AccountStatus::Active,
        relatives: persons(&[RELATIVE]),
        supervisors: persons(&[SUPERVISOR]),
        grants: Vec::new(),
        caseload: [case(CASE)].into(),
        provider: None,
    }
}

/// Staff of another kind of organization.
pub(super) fn staff_of(
    kind: OrganizationKind,
    organization: u128,
    roles: &[Role],
) -> PrincipalFacts {
    PrincipalFacts {
        organization: org(organization),
        organization_kind: kind,
        caseload: BTreeSet::new(),
        ..staff(roles)
    }
}

pub(super) fn with_grant(mut principal: PrincipalFacts, grant: Grant) -> PrincipalFacts {
    principal.grants.push(grant);
    principal
}

/// A live grant expiring in 30 days.
pub(super) fn grant(n: u128, scope: GrantScope, purpose: Purpose) -> Grant {
    Grant {
        id: grant_id(n),
        scope,
        purpose,
        expires_at: now() + Duration::days(30),
        revoked: false,
    }
}

pub(super) fn parent_portal(parent: u128) -> PrincipalFacts {
    PrincipalFacts {
        person_id: person(parent),
        roles: [Role::ParentPortal].into(),
        trainings: BTreeSet::new(),
        code_of_responsibility_signed: false,
        relatives: BTreeSet::new(),
        supervisors: BTreeSet::new(),
        caseload: BTreeSet::new(),
        ..staff(&[])
    }
}

pub(super) fn provider_portal(home: u128) -> PrincipalFacts {
    PrincipalFacts {
        person_id: person(50),
        roles: [Role::ProviderPortal].into(),
        provider: Some(provider(home)),
        ..parent_portal(50)
    }
}

/// A record of `ORG`'s `CASE` about the child and her mother.
pub(super) fn record(kind: ResourceKind) -> ResourceFacts {
    ResourceFacts {
        id: Uuid::from_u128(0x0800_0001),
        kind,
        owning_organization: org(ORG),
        case: Some(case(CASE)),
        subjects: persons(&[CHILD, MOTHER]),
        programs: BTreeSet::new(),
        portal: PortalLinks::default(),
    }
}

pub(super) fn record_about(kind: ResourceKind, subjects: &[u128]) -> ResourceFacts {
    ResourceFacts {
        subjects: persons(subjects),
        ..record(kind)
    }
}

pub(super) fn other_case_record(kind: ResourceKind) -> ResourceFacts {
    ResourceFacts {
        case: Some(case(OTHER_CASE)),
        subjects: persons(&[UNRELATED_CHILD]),
        ..record(kind)
    }
}

pub(super) fn other_org_record(kind: ResourceKind) -> ResourceFacts {
    ResourceFacts {
        owning_organization: org(OTHER_ORG),
        case: Some(case(OTHER_CASE)),
        subjects: persons(&[UNRELATED_CHILD]),
        ..record(kind)
    }
}

pub(super) fn organization_record(kind: ResourceKind, organization: u128) -> ResourceFacts {
    ResourceFacts {
        owning_organization: org(organization),
        case: None,
        subjects: BTreeSet::new(),
        ..record(kind)
    }
}

pub(super) fn ohio() -> &'static PolicySet {
    static SET: OnceLock<PolicySet> = OnceLock::new();
    SET.get_or_init(ohio_policy_set)
}

pub(super) fn context(purpose: Purpose) -> RequestContext {
    RequestContext {
        now: now(),
        purpose,
    }
}

/// What a decision must be: allowed or denied, and by exactly these policies.
pub(super) enum Then {
    Allow(&'static [&'static str]),
    Deny(&'static [&'static str]),
}

/// Given a principal, when they do `action` on `resource` for `purpose`, then the
/// decision is as expected. Returns the decision for further checks.
pub(super) fn check(
    given: &PrincipalFacts,
    when: (Action, &ResourceFacts, Purpose),
    then: Then,
) -> Decision {
    let (action, resource, purpose) = when;
    let decision = authorize(ohio(), given, action, resource, &context(purpose));
    let (allowed, policies) = match then {
        Then::Allow(policies) => (true, policies),
        Then::Deny(policies) => (false, policies),
    };
    let mut expected: Vec<String> = policies.iter().map(|p| (*p).to_owned()).collect();
    expected.sort();
    assert_eq!(
        (decision.allowed, &decision.deciding_policies),
        (allowed, &expected),
        "{action:?} on {resource:?} for {purpose:?} by {given:?}: {decision:?}"
    );
    assert_eq!(decision.failure, None, "{decision:?}");
    assert_eq!(decision.policy_set_hash, ohio().hash());
    decision
}
