//! A staff member's account as folded from their events.
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::account::AccountStatus;
use super::codes::{FormVersion, RequiredTraining, StaffRole};
use super::StaffEvent;
use crate::person::RelationshipKind;
use crate::{OrganizationId, PersonId, StaffId};

/// What the access policy and `decide` need to know about a staff member.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaffState {
    pub(crate) id: Option<StaffId>,
    pub(crate) organization: Option<OrganizationId>,
    pub(crate) own_person: Option<PersonId>,
    pub(crate) roles: BTreeSet<StaffRole>,
    /// The latest completion date of each training.
    pub(crate) trainings: BTreeMap<RequiredTraining, NaiveDate>,
    pub(crate) code_of_responsibility: Option<(FormVersion, NaiveDate)>,
    pub(crate) supervisors: BTreeSet<StaffId>,
    pub(crate) relatives: BTreeMap<PersonId, RelationshipKind>,
    pub(crate) status: AccountStatus,
}

/// Something paragraph (D) requires before a staff member may have any access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessPrerequisite {
    Training(RequiredTraining),
    SignedCodeOfResponsibility,
}

impl StaffState {
    /// The account's id, once registered.
    pub fn id(&self) -> Option<StaffId> {
        self.id
    }

    /// The employing organization.
    pub fn organization(&self) -> Option<OrganizationId> {
        self.organization
    }

    /// The staff member's own person record (paragraph (T)(1)).
    pub fn own_person(&self) -> Option<PersonId> {
        self.own_person
    }

    /// Current roles.
    pub fn roles(&self) -> &BTreeSet<StaffRole> {
        &self.roles
    }

    /// Whether the staff member is an intern, whose entries need approval.
    pub fn is_intern(&self) -> bool {
        self.roles.contains(&StaffRole::Intern)
    }

    /// Staff with supervisory responsibility for this one (paragraph (T)(3)).
    pub fn supervisors(&self) -> &BTreeSet<StaffId> {
        &self.supervisors
    }

    /// Declared relatives (paragraph (T)(2)).
    pub fn relatives(&self) -> &BTreeMap<PersonId, RelationshipKind> {
        &self.relatives
    }

    /// The latest completion date of each required training.
    pub fn trainings(&self) -> &BTreeMap<RequiredTraining, NaiveDate> {
        &self.trainings
    }

    /// The signed Code of Responsibility, if any: form revision and signature date.
    pub fn code_of_responsibility(&self) -> Option<&(FormVersion, NaiveDate)> {
        self.code_of_responsibility.as_ref()
    }

    /// Active, suspended or revoked.
    pub fn status(&self) -> AccountStatus {
        self.status
    }

    /// What paragraph (D) still requires; empty when the staff member may be given access.
    /// How recent a training must be is policy (deploy/policies), not domain, so only
    /// presence is checked here.
    pub fn missing_access_prerequisites(&self) -> Vec<AccessPrerequisite> {
        let mut missing: Vec<AccessPrerequisite> = RequiredTraining::ALL
            .into_iter()
            .filter(|training| !self.trainings.contains_key(training))
            .map(AccessPrerequisite::Training)
            .collect();
        if self.code_of_responsibility.is_none() {
            missing.push(AccessPrerequisite::SignedCodeOfResponsibility);
        }
        missing
    }

    pub(crate) fn evolve(mut self, event: &StaffEvent) -> Self {
        match event {
            StaffEvent::StaffMemberRegistered {
                staff_id,
                organization_id,
                person_id,
                ..
            } => {
                self.id = Some(*staff_id);
                self.organization = Some(*organization_id);
                self.own_person = Some(*person_id);
            }
            StaffEvent::RoleAssigned { role, .. } => {
                self.roles.insert(*role);
            }
            StaffEvent::RoleRemoved { role, .. } => {
                self.roles.remove(role);
            }
            StaffEvent::TrainingCompleted {
                training,
                occurred_on,
            } => {
                let latest = self.trainings.entry(*training).or_insert(*occurred_on);
                *latest = (*latest).max(*occurred_on);
            }
            StaffEvent::CodeOfResponsibilitySigned {
                form_version,
                occurred_on,
            } => self.code_of_responsibility = Some((form_version.clone(), *occurred_on)),
            StaffEvent::SupervisorLinked { supervisor, .. } => {
                self.supervisors.insert(*supervisor);
            }
            StaffEvent::SupervisorUnlinked { supervisor, .. } => {
                self.supervisors.remove(supervisor);
            }
            StaffEvent::RelativeDeclared {
                person,
                relationship,
                ..
            } => {
                self.relatives.insert(*person, *relationship);
            }
            StaffEvent::RelativeWithdrawn { person, .. } => {
                self.relatives.remove(person);
            }
            StaffEvent::AccountSuspended { .. } => self.status = AccountStatus::Suspended,
            StaffEvent::AccountReinstated { .. } => self.status = AccountStatus::Active,
            StaffEvent::AccountRevoked { .. } => self.status = AccountStatus::Revoked,
        }
        self
    }
}
