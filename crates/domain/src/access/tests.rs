use std::collections::BTreeSet;

use chrono::{Duration, TimeZone, Utc};
use uuid::Uuid;

use super::*;
use crate::policy::{
    authorize, ohio_policy_set, AccountStatus, GrantScope, OrganizationKind, PortalLinks, Training,
};
use crate::testing::{assert_round_trips, context};
use crate::{Date, Narrative, Rule};

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn caseworker() -> PrincipalFacts {
    PrincipalFacts {
        staff_id: StaffId(id(1)),
        person_id: PersonId(id(2)),
        organization: OrganizationId(id(3)),
        organization_kind: OrganizationKind::Pcsa,
        roles: [Role::Caseworker].into(),
        trainings: [Training::Confidentiality, Training::Security].into(),
        code_of_responsibility_signed: true,
        account_status: AccountStatus::Active,
        relatives: BTreeSet::new(),
        supervisors: BTreeSet::new(),
        grants: vec![crate::policy::Grant {
            id: GrantId(id(4)),
            scope: GrantScope::Case(CaseId(id(5))),
            purpose: Purpose::CaseWork,
            expires_at: Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap(),
            revoked: false,
        }],
        caseload: [CaseId(id(5))].into(),
        provider: None,
    }
}

fn case_record(subjects: &[PersonId]) -> ResourceFacts {
    ResourceFacts {
        id: id(5),
        kind: ResourceKind::Case,
        owning_organization: OrganizationId(id(3)),
        case: Some(CaseId(id(5))),
        subjects: subjects.iter().copied().collect(),
        programs: BTreeSet::new(),
        portal: PortalLinks::default(),
    }
}

fn access(resource: ResourceFacts) -> AccessEvent {
    let facts = DecisionFacts {
        principal: caseworker(),
        resource,
        context: RequestContext {
            now: Utc.with_ymd_and_hms(2026, 11, 23, 15, 0, 0).unwrap(),
            purpose: Purpose::CaseWork,
        },
    };
    let decision = authorize(
        &ohio_policy_set(),
        &facts.principal,
        Action::View,
        &facts.resource,
        &facts.context,
    );
    AccessEvent::for_decision(AccessRecord {
        action: Action::View,
        returned: vec!["status".into()],
        client: ClientInfo {
            ip: Some("127.0.0.1".into()),
            user_agent: Some("curl/8".into()),
            path: "/cases/5".into(),
            referrer: None,
        },
        response_bytes: 120,
        decision: RecordedDecision::from(&decision),
        correlation_id: id(9),
        facts,
    })
}

#[test]
fn an_allowed_read_is_recorded_with_the_facts_it_was_decided_on() {
    let event = access(case_record(&[PersonId(id(20))]));
    let AccessEvent::AccessRecorded(record) = &event else {
        panic!("expected AccessRecorded, got {event:?}");
    };
    assert_eq!(record.actor(), StaffId(id(1)));
    assert_eq!(record.case(), Some(CaseId(id(5))));
    assert!(!record.decision.deciding_policies.is_empty());
    assert_eq!(record.decision.policy_set_hash, ohio_policy_set().hash());
    assert_round_trips(&event);
}

#[test]
fn reading_a_case_about_oneself_is_recorded_as_denied() {
    let event = access(case_record(&[PersonId(id(20)), PersonId(id(2))]));
    let AccessEvent::AccessDenied(record) = &event else {
        panic!("expected AccessDenied, got {event:?}");
    };
    assert!(!record.decision.allowed);
    assert!(!record.decision.deciding_policies.is_empty());
    assert_eq!(event.event_type(), "AccessDenied");
    assert_round_trips(&event);
}

fn disclosure() -> RecordDisclosure {
    RecordDisclosure {
        person: PersonId(id(20)),
        case: Some(CaseId(id(5))),
        disclosed_on: Date::from(context().now.date_naive()),
        recipient: Recipient {
            name: Narrative::new("Franklin County Juvenile Court"),
            address: Some(Narrative::new("373 S High St, Columbus OH")),
        },
        purpose: Narrative::new("Dispositional hearing"),
        legal_basis: Narrative::new("ORC 5153.17"),
        request: Narrative::new("Subpoena 2026-JC-118"),
        released: vec![Narrative::new("case plan"), Narrative::new("visit log")],
    }
}

#[test]
fn a_disclosure_keeps_what_the_accounting_needs() {
    let recorded = Disclosure::record(disclosure(), &context()).unwrap();
    assert_eq!(recorded.recorded_by, context().actor);
    assert_eq!(recorded.released.len(), 2);
    assert_eq!(
        Disclosure::stream_id(PersonId(id(20))),
        format!("disclosure-{}", id(20))
    );
    assert_round_trips(&AccessEvent::DisclosureRecorded(recorded));
}

#[test]
fn a_disclosure_names_the_field_it_lacks() {
    type Change = Box<dyn Fn(&mut RecordDisclosure)>;
    let cases: Vec<(Change, Rule, &str)> = vec![
        (
            Box::new(|d| {
                d.disclosed_on = Date::from((context().now + Duration::days(2)).date_naive())
            }),
            Rule::DateInFuture,
            "disclosed_on",
        ),
        (
            Box::new(|d| d.recipient.name = Narrative::new(" ")),
            Rule::Required,
            "recipient.name",
        ),
        (
            Box::new(|d| d.purpose = Narrative::new("")),
            Rule::Required,
            "purpose",
        ),
        (
            Box::new(|d| d.legal_basis = Narrative::new("")),
            Rule::Required,
            "legal_basis",
        ),
        (
            Box::new(|d| d.request = Narrative::new("")),
            Rule::Required,
            "request",
        ),
        (Box::new(|d| d.released.clear()), Rule::Required, "released"),
        (
            Box::new(|d| d.purpose = Narrative::new("x".repeat(4_001))),
            Rule::TextTooLong,
            "purpose",
        ),
    ];
    for (change, rule, field) in cases {
        let mut command = disclosure();
        change(&mut command);
        assert_eq!(
            Disclosure::record(command, &context()),
            Err(crate::DomainError::new(rule, field)),
            "{field}"
        );
    }
}
