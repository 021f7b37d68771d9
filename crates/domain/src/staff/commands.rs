//! What may be done to a staff member's account.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::codes::{FormVersion, RequiredTraining, RevocationReason, StaffRole, SuspensionReason};
use crate::person::RelationshipKind;
use crate::personal_data::PersonName;
use crate::{OrganizationId, PersonId, StaffId};

/// A command on one staff member's stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum StaffCommand {
    /// Opens the account. `person_id` is the staff member's own person record, which the
    /// conflict-of-interest rule (paragraph (T)(1)) keeps them from opening.
    RegisterStaffMember {
        staff_id: StaffId,
        organization_id: OrganizationId,
        person_id: PersonId,
        name: PersonName,
        occurred_on: NaiveDate,
    },
    AssignRole {
        role: StaffRole,
        occurred_on: NaiveDate,
    },
    RemoveRole {
        role: StaffRole,
        occurred_on: NaiveDate,
    },
    /// `occurred_on` is the completion date.
    RecordTrainingCompletion {
        training: RequiredTraining,
        occurred_on: NaiveDate,
    },
    /// `occurred_on` is the signature date.
    SignCodeOfResponsibility {
        form_version: FormVersion,
        occurred_on: NaiveDate,
    },
    LinkSupervisor {
        supervisor: StaffId,
        occurred_on: NaiveDate,
    },
    UnlinkSupervisor {
        supervisor: StaffId,
        occurred_on: NaiveDate,
    },
    /// "`person` is my `relationship`": a relative whose records the staff member must not
    /// enter or access (paragraph (T)(2)).
    DeclareRelative {
        person: PersonId,
        relationship: RelationshipKind,
        occurred_on: NaiveDate,
    },
    WithdrawRelative {
        person: PersonId,
        occurred_on: NaiveDate,
    },
    SuspendAccount {
        reason: SuspensionReason,
        occurred_on: NaiveDate,
    },
    ReinstateAccount {
        occurred_on: NaiveDate,
    },
    RevokeAccount {
        reason: RevocationReason,
        occurred_on: NaiveDate,
    },
}
