//! Property tests for staff accounts.
use proptest::prelude::*;

use super::decide::check_invariants;
use super::*;
use crate::person::RelationshipKind;
use crate::personal_data::PersonName;
use crate::testing::{date, run_sequence, uuid};
use crate::{OrganizationId, PersonId, StaffId};

/// Ids 10 to 13: 10 is the staff member and 11 their own person record, so generated
/// supervisor and relative commands hit the self cases.
fn an_id() -> impl Strategy<Value = u128> {
    10u128..=13
}

fn a_date() -> impl Strategy<Value = chrono::NaiveDate> {
    (2025i32..=2026, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| date(y, m, d))
}

fn a_role() -> impl Strategy<Value = StaffRole> {
    prop_oneof![
        Just(StaffRole::Intern),
        Just(StaffRole::Supervisor),
        Just(StaffRole::DirectorDesignee),
        Just(StaffRole::Caseworker),
    ]
}

fn a_command() -> impl Strategy<Value = StaffCommand> {
    let relationship = prop_oneof![
        Just(RelationshipKind::Sibling),
        Just(RelationshipKind::FosterParent),
        Just(RelationshipKind::LegalGuardian),
    ];
    prop_oneof![
        a_date().prop_map(|on| StaffCommand::RegisterStaffMember {
            staff_id: StaffId(uuid(10)),
            organization_id: OrganizationId(uuid(7)),
            person_id: PersonId(uuid(11)),
            name: PersonName {
                given: "Lee".into(),
                middle: None,
                family: "Park".into(),
            },
            occurred_on: on,
        }),
        (a_role(), a_date()).prop_map(|(role, on)| StaffCommand::AssignRole {
            role,
            occurred_on: on
        }),
        (a_role(), a_date()).prop_map(|(role, on)| StaffCommand::RemoveRole {
            role,
            occurred_on: on
        }),
        (an_id(), a_date()).prop_map(|(id, on)| StaffCommand::LinkSupervisor {
            supervisor: StaffId(uuid(id)),
            occurred_on: on,
        }),
        (an_id(), a_date()).prop_map(|(id, on)| StaffCommand::UnlinkSupervisor {
            supervisor: StaffId(uuid(id)),
            occurred_on: on,
        }),
        (an_id(), relationship, a_date()).prop_map(|(id, relationship, on)| {
            StaffCommand::DeclareRelative {
                person: PersonId(uuid(id)),
                relationship,
                occurred_on: on,
            }
        }),
        a_date().prop_map(|on| StaffCommand::SuspendAccount {
            reason: SuspensionReason::LeaveOfAbsence,
            occurred_on: on,
        }),
        a_date().prop_map(|on| StaffCommand::ReinstateAccount { occurred_on: on }),
        a_date().prop_map(|on| StaffCommand::RevokeAccount {
            reason: RevocationReason::ContractEnded,
            occurred_on: on,
        }),
    ]
}

/// A revoked account never changes again.
fn revoked_is_final(log: &[StaffEvent]) -> Result<(), String> {
    let revoked_at = log
        .iter()
        .position(|event| matches!(event, StaffEvent::AccountRevoked { .. }));
    match revoked_at {
        Some(index) if index + 1 != log.len() => Err("events after revocation".into()),
        _ => Ok(()),
    }
}

proptest! {
    #[test]
    fn random_histories_keep_the_invariants(commands in prop::collection::vec(a_command(), 0..40)) {
        let log = run_sequence::<Staff>(commands, check_invariants).map_err(TestCaseError::fail)?;
        revoked_is_final(&log).map_err(TestCaseError::fail)?;
    }
}
