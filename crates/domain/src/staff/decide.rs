//! Validates staff commands into events.
use chrono::NaiveDate;

use super::codes::StaffRole;
use super::{StaffCommand, StaffEvent, StaffState};
use crate::occurrence::ensure_not_in_future;
use crate::personal_data::NAME_FIELDS;
use crate::{CommandContext, DomainError, Rule};

type Decision = Result<Vec<StaffEvent>, DomainError>;

pub(crate) fn decide(
    state: &StaffState,
    command: StaffCommand,
    context: &CommandContext,
) -> Decision {
    ensure_not_in_future(occurred_on(&command), context, "occurred_on")?;
    match command {
        StaffCommand::RegisterStaffMember {
            staff_id,
            organization_id,
            person_id,
            name,
            occurred_on,
        } => {
            if state.id.is_some() {
                return Err(DomainError::new(Rule::AlreadyExists, "staff_id"));
            }
            name.validate(NAME_FIELDS)?;
            Ok(vec![StaffEvent::StaffMemberRegistered {
                staff_id,
                organization_id,
                person_id,
                name,
                occurred_on,
            }])
        }
        command => decide_for_registered(state, command),
    }
}

fn decide_for_registered(state: &StaffState, command: StaffCommand) -> Decision {
    if state.id.is_none() {
        return Err(DomainError::new(Rule::NotFound, "staff_id"));
    }
    state.status.check_not_revoked()?;
    match command {
        StaffCommand::RegisterStaffMember { .. } => {
            Err(DomainError::new(Rule::AlreadyExists, "staff_id"))
        }
        StaffCommand::AssignRole { role, occurred_on } => {
            check_role_fits(state, role)?;
            Ok(vec![StaffEvent::RoleAssigned { role, occurred_on }])
        }
        StaffCommand::RemoveRole { role, occurred_on } => {
            if !state.roles.contains(&role) {
                return Err(DomainError::new(Rule::RoleNotAssigned, "role"));
            }
            Ok(vec![StaffEvent::RoleRemoved { role, occurred_on }])
        }
        StaffCommand::RecordTrainingCompletion {
            training,
            occurred_on,
        } => Ok(vec![StaffEvent::TrainingCompleted {
            training,
            occurred_on,
        }]),
        StaffCommand::SignCodeOfResponsibility {
            form_version,
            occurred_on,
        } => {
            form_version.validate()?;
            Ok(vec![StaffEvent::CodeOfResponsibilitySigned {
                form_version,
                occurred_on,
            }])
        }
        StaffCommand::LinkSupervisor {
            supervisor,
            occurred_on,
        } => {
            if Some(supervisor) == state.id {
                return Err(DomainError::new(Rule::SupervisorIsSelf, "supervisor"));
            }
            if state.supervisors.contains(&supervisor) {
                return Err(DomainError::new(
                    Rule::SupervisorAlreadyLinked,
                    "supervisor",
                ));
            }
            Ok(vec![StaffEvent::SupervisorLinked {
                supervisor,
                occurred_on,
            }])
        }
        StaffCommand::UnlinkSupervisor {
            supervisor,
            occurred_on,
        } => {
            if !state.supervisors.contains(&supervisor) {
                return Err(DomainError::new(Rule::SupervisorNotLinked, "supervisor"));
            }
            Ok(vec![StaffEvent::SupervisorUnlinked {
                supervisor,
                occurred_on,
            }])
        }
        StaffCommand::DeclareRelative {
            person,
            relationship,
            occurred_on,
        } => {
            // The staff member's own record is already barred by paragraph (T)(1);
            // declaring it as a relative would hide that it is the same person.
            if Some(person) == state.own_person {
                return Err(DomainError::new(Rule::RelativeIsSelf, "person"));
            }
            if !relationship.is_relative() {
                return Err(DomainError::new(Rule::NotARelative, "relationship"));
            }
            if state.relatives.contains_key(&person) {
                return Err(DomainError::new(Rule::RelativeAlreadyDeclared, "person"));
            }
            Ok(vec![StaffEvent::RelativeDeclared {
                person,
                relationship,
                occurred_on,
            }])
        }
        StaffCommand::WithdrawRelative {
            person,
            occurred_on,
        } => {
            if !state.relatives.contains_key(&person) {
                return Err(DomainError::new(Rule::RelativeNotDeclared, "person"));
            }
            Ok(vec![StaffEvent::RelativeWithdrawn {
                person,
                occurred_on,
            }])
        }
        StaffCommand::SuspendAccount {
            reason,
            occurred_on,
        } => {
            state.status.check_can_suspend()?;
            Ok(vec![StaffEvent::AccountSuspended {
                reason,
                occurred_on,
            }])
        }
        StaffCommand::ReinstateAccount { occurred_on } => {
            state.status.check_can_reinstate()?;
            Ok(vec![StaffEvent::AccountReinstated { occurred_on }])
        }
        StaffCommand::RevokeAccount {
            reason,
            occurred_on,
        } => Ok(vec![StaffEvent::AccountRevoked {
            reason,
            occurred_on,
        }]),
    }
}

/// An intern may not also approve or supervise (paragraph (O) requires someone else to
/// review an intern's entries).
fn check_role_fits(state: &StaffState, role: StaffRole) -> Result<(), DomainError> {
    if state.roles.contains(&role) {
        return Err(DomainError::new(Rule::RoleAlreadyAssigned, "role"));
    }
    let intern_conflict = match role {
        StaffRole::Intern => state.roles.iter().any(StaffRole::is_approving),
        other => other.is_approving() && state.is_intern(),
    };
    if intern_conflict {
        return Err(DomainError::new(
            Rule::InternCannotHoldApprovingRole,
            "role",
        ));
    }
    Ok(())
}

fn occurred_on(command: &StaffCommand) -> NaiveDate {
    match command {
        StaffCommand::RegisterStaffMember { occurred_on, .. }
        | StaffCommand::AssignRole { occurred_on, .. }
        | StaffCommand::RemoveRole { occurred_on, .. }
        | StaffCommand::RecordTrainingCompletion { occurred_on, .. }
        | StaffCommand::SignCodeOfResponsibility { occurred_on, .. }
        | StaffCommand::LinkSupervisor { occurred_on, .. }
        | StaffCommand::UnlinkSupervisor { occurred_on, .. }
        | StaffCommand::DeclareRelative { occurred_on, .. }
        | StaffCommand::WithdrawRelative { occurred_on, .. }
        | StaffCommand::SuspendAccount { occurred_on, .. }
        | StaffCommand::ReinstateAccount { occurred_on }
        | StaffCommand::RevokeAccount { occurred_on, .. } => *occurred_on,
    }
}

/// The invariants every accepted history keeps, for the property tests.
#[cfg(test)]
pub(crate) fn check_invariants(state: &StaffState) -> Result<(), String> {
    if let Some(id) = state.id {
        if state.supervisors.contains(&id) {
            return Err("a staff member supervises themselves".into());
        }
    }
    if let Some(own) = state.own_person {
        if state.relatives.contains_key(&own) {
            return Err("a staff member is declared their own relative".into());
        }
    }
    if state.relatives.values().any(|kind| !kind.is_relative()) {
        return Err("a declared relative is not a relative".into());
    }
    if state.is_intern() && state.roles.iter().any(StaffRole::is_approving) {
        return Err("an intern holds an approving role".into());
    }
    Ok(())
}
