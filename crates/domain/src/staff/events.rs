//! Facts on a staff member's stream.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::codes::{FormVersion, RequiredTraining, RevocationReason, StaffRole, SuspensionReason};
use crate::person::RelationshipKind;
use crate::personal_data::PersonName;
use crate::{DomainEvent, OrganizationId, PersonId, StaffId};

/// An event on a staff member's stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StaffEvent {
    StaffMemberRegistered {
        staff_id: StaffId,
        organization_id: OrganizationId,
        person_id: PersonId,
        name: PersonName,
        occurred_on: NaiveDate,
    },
    RoleAssigned {
        role: StaffRole,
        occurred_on: NaiveDate,
    },
    RoleRemoved {
        role: StaffRole,
        occurred_on: NaiveDate,
    },
    TrainingCompleted {
        training: RequiredTraining,
        occurred_on: NaiveDate,
    },
    CodeOfResponsibilitySigned {
        form_version: FormVersion,
        occurred_on: NaiveDate,
    },
    SupervisorLinked {
        supervisor: StaffId,
        occurred_on: NaiveDate,
    },
    SupervisorUnlinked {
        supervisor: StaffId,
        occurred_on: NaiveDate,
    },
    RelativeDeclared {
        person: PersonId,
        relationship: RelationshipKind,
        occurred_on: NaiveDate,
    },
    RelativeWithdrawn {
        person: PersonId,
        occurred_on: NaiveDate,
    },
    AccountSuspended {
        reason: SuspensionReason,
        occurred_on: NaiveDate,
    },
    AccountReinstated {
        occurred_on: NaiveDate,
    },
    AccountRevoked {
        reason: RevocationReason,
        occurred_on: NaiveDate,
    },
}

impl DomainEvent for StaffEvent {
    fn event_type(&self) -> &'static str {
        match self {
            StaffEvent::StaffMemberRegistered { .. } => "StaffMemberRegistered",
            StaffEvent::RoleAssigned { .. } => "RoleAssigned",
            StaffEvent::RoleRemoved { .. } => "RoleRemoved",
            StaffEvent::TrainingCompleted { .. } => "TrainingCompleted",
            StaffEvent::CodeOfResponsibilitySigned { .. } => "CodeOfResponsibilitySigned",
            StaffEvent::SupervisorLinked { .. } => "SupervisorLinked",
            StaffEvent::SupervisorUnlinked { .. } => "SupervisorUnlinked",
            StaffEvent::RelativeDeclared { .. } => "RelativeDeclared",
            StaffEvent::RelativeWithdrawn { .. } => "RelativeWithdrawn",
            StaffEvent::AccountSuspended { .. } => "AccountSuspended",
            StaffEvent::AccountReinstated { .. } => "AccountReinstated",
            StaffEvent::AccountRevoked { .. } => "AccountRevoked",
        }
    }

    fn schema_version(&self) -> u16 {
        1
    }
}
