//! Property tests for grants.
use std::collections::BTreeSet;

use chrono::Duration;
use proptest::prelude::*;

use super::decide::check_invariants;
use super::*;
use crate::testing::{context, date, now, run_sequence, uuid};
use crate::{CaseId, GrantId, OrganizationId, PersonId, StaffId};

fn a_program() -> impl Strategy<Value = GrantProgram> {
    prop_oneof![
        Just(GrantProgram::OrganizationCaseload),
        Just(GrantProgram::WendysWonderfulKidsRecruiter),
        Just(GrantProgram::ThirtyDaysToFamily),
        Just(GrantProgram::PeerMentor),
        Just(GrantProgram::JuvenileCourtTitleIvE),
        Just(GrantProgram::ProsecutorDirectlyConnected),
        Just(GrantProgram::OmbudsmanNecessaryRecords),
    ]
}

fn a_scope() -> impl Strategy<Value = GrantScope> {
    prop_oneof![
        Just(GrantScope::OrganizationCases {
            organization_id: OrganizationId(uuid(7))
        }),
        Just(GrantScope::Case {
            case_id: CaseId(uuid(90))
        }),
        Just(GrantScope::ChildOrSiblingGroup {
            children: BTreeSet::from([PersonId(uuid(1))])
        }),
        Just(GrantScope::Parent {
            person_id: PersonId(uuid(3))
        }),
        Just(GrantScope::ProgramEnrollees {
            organization_id: OrganizationId(uuid(7))
        }),
    ]
}

fn a_command() -> impl Strategy<Value = GrantCommand> {
    let grantee = prop_oneof![Just(StaffId(uuid(20))), Just(context().actor)];
    prop_oneof![
        (a_program(), a_scope(), grantee, -5i64..60).prop_map(|(program, scope, grantee, days)| {
            GrantCommand::IssueGrant {
                grant_id: GrantId(uuid(30)),
                grantee,
                issuing_organization: OrganizationId(uuid(7)),
                program,
                scope,
                purpose: Purpose("Placement search".into()),
                expires_at: now() + Duration::days(days),
                occurred_on: date(2026, 6, 1),
            }
        }),
        (-5i64..90).prop_map(|days| GrantCommand::ExtendGrant {
            expires_at: now() + Duration::days(days),
            occurred_on: date(2026, 6, 2),
        }),
        Just(GrantCommand::RevokeGrant {
            reason: GrantRevocationReason::PurposeFulfilled,
            occurred_on: date(2026, 6, 3),
        }),
    ]
}

proptest! {
    #[test]
    fn random_histories_keep_the_invariants(commands in prop::collection::vec(a_command(), 0..20)) {
        let log = run_sequence::<Grant>(commands, check_invariants).map_err(TestCaseError::fail)?;
        // Every accepted expiry lies after the moment it was accepted.
        for event in &log {
            match event {
                GrantEvent::GrantIssued { expires_at, .. }
                | GrantEvent::GrantExtended { expires_at, .. } => prop_assert!(*expires_at > now()),
                GrantEvent::GrantRevoked { .. } => {}
            }
        }
    }
}
