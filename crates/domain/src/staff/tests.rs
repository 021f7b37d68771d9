//! Given / when / then tests for every staff command.
use chrono::NaiveDate;

use super::*;
use crate::person::RelationshipKind;
use crate::personal_data::PersonName;
use crate::testing::{self, date, uuid};
use crate::{DomainError, OrganizationId, PersonId, Rule, StaffId};

fn check(given: Vec<StaffEvent>, when: StaffCommand, then: Result<Vec<StaffEvent>, DomainError>) {
    testing::check::<Staff>(given, when, then);
}

fn rejected(rule: Rule, field: &'static str) -> Result<Vec<StaffEvent>, DomainError> {
    Err(DomainError::new(rule, field))
}

const ME: u128 = 10;
const MY_PERSON: u128 = 11;
const BOSS: u128 = 12;
const COUSIN: u128 = 13;

fn on() -> NaiveDate {
    date(2026, 3, 2)
}

fn registered() -> StaffEvent {
    StaffEvent::StaffMemberRegistered {
        staff_id: StaffId(uuid(ME)),
        organization_id: OrganizationId(uuid(7)),
        person_id: PersonId(uuid(MY_PERSON)),
        name: PersonName {
            given: "Pat".into(),
            middle: Some("Q".into()),
            family: "Rivera".into(),
        },
        occurred_on: date(2026, 1, 5),
    }
}

fn suspended() -> StaffEvent {
    StaffEvent::AccountSuspended {
        reason: SuspensionReason::TrainingLapsed,
        occurred_on: on(),
    }
}

fn revoked() -> StaffEvent {
    StaffEvent::AccountRevoked {
        reason: RevocationReason::LeftTheOrganization,
        occurred_on: on(),
    }
}

#[test]
fn registering_a_staff_member_records_organization_and_own_person() {
    let StaffEvent::StaffMemberRegistered {
        staff_id,
        organization_id,
        person_id,
        name,
        occurred_on,
    } = registered()
    else {
        unreachable!()
    };
    check(
        vec![],
        StaffCommand::RegisterStaffMember {
            staff_id,
            organization_id,
            person_id,
            name,
            occurred_on,
        },
        Ok(vec![registered()]),
    );
}

#[test]
fn a_staff_member_is_registered_once() {
    let StaffEvent::StaffMemberRegistered {
        staff_id,
        organization_id,
        person_id,
        name,
        occurred_on,
    } = registered()
    else {
        unreachable!()
    };
    check(
        vec![registered()],
        StaffCommand::RegisterStaffMember {
            staff_id,
            organization_id,
            person_id,
            name,
            occurred_on,
        },
        rejected(Rule::AlreadyExists, "staff_id"),
    );
}

#[test]
fn commands_need_a_registered_staff_member() {
    check(
        vec![],
        StaffCommand::AssignRole {
            role: StaffRole::Caseworker,
            occurred_on: on(),
        },
        rejected(Rule::NotFound, "staff_id"),
    );
}

#[test]
fn a_role_is_assigned_and_removed() {
    let assigned = StaffEvent::RoleAssigned {
        role: StaffRole::Caseworker,
        occurred_on: on(),
    };
    check(
        vec![registered()],
        StaffCommand::AssignRole {
            role: StaffRole::Caseworker,
            occurred_on: on(),
        },
        Ok(vec![assigned.clone()]),
    );
    check(
        vec![registered(), assigned.clone()],
        StaffCommand::AssignRole {
            role: StaffRole::Caseworker,
            occurred_on: on(),
        },
        rejected(Rule::RoleAlreadyAssigned, "role"),
    );
    check(
        vec![registered(), assigned],
        StaffCommand::RemoveRole {
            role: StaffRole::Caseworker,
            occurred_on: on(),
        },
        Ok(vec![StaffEvent::RoleRemoved {
            role: StaffRole::Caseworker,
            occurred_on: on(),
        }]),
    );
}

#[test]
fn removing_a_role_not_held_is_rejected() {
    check(
        vec![registered()],
        StaffCommand::RemoveRole {
            role: StaffRole::Auditor,
            occurred_on: on(),
        },
        rejected(Rule::RoleNotAssigned, "role"),
    );
}

#[test]
fn an_intern_cannot_become_a_director_designee() {
    let intern = StaffEvent::RoleAssigned {
        role: StaffRole::Intern,
        occurred_on: on(),
    };
    check(
        vec![registered(), intern],
        StaffCommand::AssignRole {
            role: StaffRole::DirectorDesignee,
            occurred_on: on(),
        },
        rejected(Rule::InternCannotHoldApprovingRole, "role"),
    );
}

#[test]
fn a_supervisor_cannot_be_made_an_intern() {
    let supervisor = StaffEvent::RoleAssigned {
        role: StaffRole::Supervisor,
        occurred_on: on(),
    };
    check(
        vec![registered(), supervisor],
        StaffCommand::AssignRole {
            role: StaffRole::Intern,
            occurred_on: on(),
        },
        rejected(Rule::InternCannotHoldApprovingRole, "role"),
    );
}

#[test]
fn training_completion_is_recorded_with_its_date() {
    check(
        vec![registered()],
        StaffCommand::RecordTrainingCompletion {
            training: RequiredTraining::Confidentiality,
            occurred_on: date(2026, 1, 10),
        },
        Ok(vec![StaffEvent::TrainingCompleted {
            training: RequiredTraining::Confidentiality,
            occurred_on: date(2026, 1, 10),
        }]),
    );
}

#[test]
fn training_cannot_be_completed_in_the_future() {
    check(
        vec![registered()],
        StaffCommand::RecordTrainingCompletion {
            training: RequiredTraining::SecurityProcedures,
            occurred_on: date(2026, 6, 16),
        },
        rejected(Rule::DateInFuture, "occurred_on"),
    );
}

fn jfs_07078() -> FormVersion {
    FormVersion("JFS 07078 (Rev. 9/2022)".into())
}

#[test]
fn the_code_of_responsibility_is_signed_with_form_version_and_date() {
    check(
        vec![registered()],
        StaffCommand::SignCodeOfResponsibility {
            form_version: jfs_07078(),
            occurred_on: date(2026, 1, 6),
        },
        Ok(vec![StaffEvent::CodeOfResponsibilitySigned {
            form_version: jfs_07078(),
            occurred_on: date(2026, 1, 6),
        }]),
    );
}

#[test]
fn another_form_is_not_a_code_of_responsibility() {
    check(
        vec![registered()],
        StaffCommand::SignCodeOfResponsibility {
            form_version: FormVersion("JFS 01234".into()),
            occurred_on: date(2026, 1, 6),
        },
        rejected(Rule::InvalidCode, "form_version"),
    );
}

#[test]
fn access_prerequisites_are_met_after_three_trainings_and_the_signature() {
    let mut history = vec![registered()];
    let state = <Staff as crate::Aggregate>::replay(&history);
    assert_eq!(state.missing_access_prerequisites().len(), 4);
    for training in RequiredTraining::ALL {
        history.push(StaffEvent::TrainingCompleted {
            training,
            occurred_on: date(2026, 1, 8),
        });
    }
    let state = <Staff as crate::Aggregate>::replay(&history);
    assert_eq!(
        state.missing_access_prerequisites(),
        vec![AccessPrerequisite::SignedCodeOfResponsibility]
    );
    history.push(StaffEvent::CodeOfResponsibilitySigned {
        form_version: jfs_07078(),
        occurred_on: date(2026, 1, 9),
    });
    let state = <Staff as crate::Aggregate>::replay(&history);
    assert!(state.missing_access_prerequisites().is_empty());
}

#[test]
fn a_supervisor_is_linked_and_unlinked() {
    let linked = StaffEvent::SupervisorLinked {
        supervisor: StaffId(uuid(BOSS)),
        occurred_on: on(),
    };
    check(
        vec![registered()],
        StaffCommand::LinkSupervisor {
            supervisor: StaffId(uuid(BOSS)),
            occurred_on: on(),
        },
        Ok(vec![linked.clone()]),
    );
    check(
        vec![registered(), linked.clone()],
        StaffCommand::LinkSupervisor {
            supervisor: StaffId(uuid(BOSS)),
            occurred_on: on(),
        },
        rejected(Rule::SupervisorAlreadyLinked, "supervisor"),
    );
    check(
        vec![registered(), linked],
        StaffCommand::UnlinkSupervisor {
            supervisor: StaffId(uuid(BOSS)),
            occurred_on: on(),
        },
        Ok(vec![StaffEvent::SupervisorUnlinked {
            supervisor: StaffId(uuid(BOSS)),
            occurred_on: on(),
        }]),
    );
}

#[test]
fn a_staff_member_cannot_supervise_themselves() {
    check(
        vec![registered()],
        StaffCommand::LinkSupervisor {
            supervisor: StaffId(uuid(ME)),
            occurred_on: on(),
        },
        rejected(Rule::SupervisorIsSelf, "supervisor"),
    );
}

#[test]
fn unlinking_an_unknown_supervisor_is_rejected() {
    check(
        vec![registered()],
        StaffCommand::UnlinkSupervisor {
            supervisor: StaffId(uuid(BOSS)),
            occurred_on: on(),
        },
        rejected(Rule::SupervisorNotLinked, "supervisor"),
    );
}

fn cousin_declared() -> StaffEvent {
    StaffEvent::RelativeDeclared {
        person: PersonId(uuid(COUSIN)),
        relationship: RelationshipKind::FirstCousin,
        occurred_on: on(),
    }
}

#[test]
fn a_relative_is_declared_and_withdrawn() {
    check(
        vec![registered()],
        StaffCommand::DeclareRelative {
            person: PersonId(uuid(COUSIN)),
            relationship: RelationshipKind::FirstCousin,
            occurred_on: on(),
        },
        Ok(vec![cousin_declared()]),
    );
    check(
        vec![registered(), cousin_declared()],
        StaffCommand::WithdrawRelative {
            person: PersonId(uuid(COUSIN)),
            occurred_on: on(),
        },
        Ok(vec![StaffEvent::RelativeWithdrawn {
            person: PersonId(uuid(COUSIN)),
            occurred_on: on(),
        }]),
    );
}

#[test]
fn a_relative_is_declared_once() {
    check(
        vec![registered(), cousin_declared()],
        StaffCommand::DeclareRelative {
            person: PersonId(uuid(COUSIN)),
            relationship: RelationshipKind::FirstCousin,
            occurred_on: on(),
        },
        rejected(Rule::RelativeAlreadyDeclared, "person"),
    );
}

#[test]
fn ones_own_person_record_is_not_a_relative() {
    check(
        vec![registered()],
        StaffCommand::DeclareRelative {
            person: PersonId(uuid(MY_PERSON)),
            relationship: RelationshipKind::Sibling,
            occurred_on: on(),
        },
        rejected(Rule::RelativeIsSelf, "person"),
    );
}

#[test]
fn a_foster_parent_is_not_declared_as_a_relative() {
    check(
        vec![registered()],
        StaffCommand::DeclareRelative {
            person: PersonId(uuid(COUSIN)),
            relationship: RelationshipKind::FosterParent,
            occurred_on: on(),
        },
        rejected(Rule::NotARelative, "relationship"),
    );
}

#[test]
fn withdrawing_an_undeclared_relative_is_rejected() {
    check(
        vec![registered()],
        StaffCommand::WithdrawRelative {
            person: PersonId(uuid(COUSIN)),
            occurred_on: on(),
        },
        rejected(Rule::RelativeNotDeclared, "person"),
    );
}

#[test]
fn an_active_account_is_suspended() {
    check(
        vec![registered()],
        StaffCommand::SuspendAccount {
            reason: SuspensionReason::TrainingLapsed,
            occurred_on: on(),
        },
        Ok(vec![suspended()]),
    );
}

#[test]
fn a_suspended_account_is_not_suspended_again() {
    check(
        vec![registered(), suspended()],
        StaffCommand::SuspendAccount {
            reason: SuspensionReason::UnderInvestigation,
            occurred_on: on(),
        },
        rejected(Rule::AccountAlreadySuspended, "status"),
    );
}

#[test]
fn a_suspended_account_is_reinstated() {
    check(
        vec![registered(), suspended()],
        StaffCommand::ReinstateAccount { occurred_on: on() },
        Ok(vec![StaffEvent::AccountReinstated { occurred_on: on() }]),
    );
}

#[test]
fn an_active_account_cannot_be_reinstated() {
    check(
        vec![registered()],
        StaffCommand::ReinstateAccount { occurred_on: on() },
        rejected(Rule::AccountNotSuspended, "status"),
    );
}

#[test]
fn a_revoked_account_cannot_be_reinstated() {
    check(
        vec![registered(), suspended(), revoked()],
        StaffCommand::ReinstateAccount { occurred_on: on() },
        rejected(Rule::AccountRevoked, "status"),
    );
}

#[test]
fn an_account_is_revoked_once_and_then_frozen() {
    check(
        vec![registered()],
        StaffCommand::RevokeAccount {
            reason: RevocationReason::LeftTheOrganization,
            occurred_on: on(),
        },
        Ok(vec![revoked()]),
    );
    check(
        vec![registered(), revoked()],
        StaffCommand::RevokeAccount {
            reason: RevocationReason::LeftTheOrganization,
            occurred_on: on(),
        },
        rejected(Rule::AccountRevoked, "status"),
    );
    check(
        vec![registered(), revoked()],
        StaffCommand::AssignRole {
            role: StaffRole::Caseworker,
            occurred_on: on(),
        },
        rejected(Rule::AccountRevoked, "status"),
    );
}

#[test]
fn registration_debug_output_hides_the_name() {
    let shown = format!("{:?}", registered());
    assert!(!shown.contains("Rivera"));
}

#[test]
fn commands_arrive_as_json_and_reject_unknown_fields() {
    let json = r#"{"declare_relative":{"person":"00000000-0000-0000-0000-00000000000d","relationship":"first_cousin","occurred_on":"2026-03-02"}}"#;
    assert_eq!(
        serde_json::from_str::<StaffCommand>(json).ok(),
        Some(StaffCommand::DeclareRelative {
            person: PersonId(uuid(COUSIN)),
            relationship: RelationshipKind::FirstCousin,
            occurred_on: on(),
        })
    );
    let extra = r#"{"reinstate_account":{"occurred_on":"2026-03-02","override":true}}"#;
    assert!(serde_json::from_str::<StaffCommand>(extra).is_err());
}
