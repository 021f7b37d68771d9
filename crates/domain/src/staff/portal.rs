//! Portal accounts: parents and providers who see a narrow slice of their own records
//! through the agency's portal. They are never SACWIS users, so they are not staff. Their
//! stream is `portal-<uuid>`.
//!
//! The link decides what the access policy lets them see:
//! - a parent account, linked to the parent's person record: their own family's visit
//!   schedule, the case-plan items assigned to them, their own progress;
//! - a provider account, linked to a provider: the children placed with that provider.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::account::AccountStatus;
use crate::occurrence::ensure_not_in_future;
use crate::{
    Aggregate, CommandContext, DomainError, DomainEvent, OrganizationId, PersonId, PortalAccountId,
    ProviderId, Rule,
};

/// Whose portal account this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PortalLink {
    Parent { person_id: PersonId },
    Provider { provider_id: ProviderId },
}

/// A command on a portal account's stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PortalCommand {
    /// `organization_id` is the agency that controls the account and its data.
    OpenPortalAccount {
        account_id: PortalAccountId,
        organization_id: OrganizationId,
        link: PortalLink,
        occurred_on: NaiveDate,
    },
    SuspendPortalAccount {
        occurred_on: NaiveDate,
    },
    ReinstatePortalAccount {
        occurred_on: NaiveDate,
    },
    /// Final: the person or provider gets a new account if they return.
    ClosePortalAccount {
        occurred_on: NaiveDate,
    },
}

/// An event on a portal account's stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PortalEvent {
    PortalAccountOpened {
        account_id: PortalAccountId,
        organization_id: OrganizationId,
        link: PortalLink,
        occurred_on: NaiveDate,
    },
    PortalAccountSuspended {
        occurred_on: NaiveDate,
    },
    PortalAccountReinstated {
        occurred_on: NaiveDate,
    },
    PortalAccountClosed {
        occurred_on: NaiveDate,
    },
}

impl DomainEvent for PortalEvent {
    fn event_type(&self) -> &'static str {
        match self {
            PortalEvent::PortalAccountOpened { .. } => "PortalAccountOpened",
            PortalEvent::PortalAccountSuspended { .. } => "PortalAccountSuspended",
            PortalEvent::PortalAccountReinstated { .. } => "PortalAccountReinstated",
            PortalEvent::PortalAccountClosed { .. } => "PortalAccountClosed",
        }
    }

    fn schema_version(&self) -> u16 {
        1
    }
}

/// A portal account's link and status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PortalState {
    pub(crate) link: Option<PortalLink>,
    pub(crate) organization: Option<OrganizationId>,
    pub(crate) status: AccountStatus,
}

impl PortalState {
    /// Whose account it is, once opened.
    pub fn link(&self) -> Option<PortalLink> {
        self.link
    }

    /// The agency controlling the account.
    pub fn organization(&self) -> Option<OrganizationId> {
        self.organization
    }

    /// Active, suspended, or closed (`Revoked`).
    pub fn status(&self) -> AccountStatus {
        self.status
    }
}

/// The portal account aggregate.
pub struct PortalAccount;

impl Aggregate for PortalAccount {
    type State = PortalState;
    type Command = PortalCommand;
    type Event = PortalEvent;

    fn decide(
        state: &PortalState,
        command: PortalCommand,
        context: &CommandContext,
    ) -> Result<Vec<PortalEvent>, DomainError> {
        let occurred_on = match &command {
            PortalCommand::OpenPortalAccount { occurred_on, .. }
            | PortalCommand::SuspendPortalAccount { occurred_on }
            | PortalCommand::ReinstatePortalAccount { occurred_on }
            | PortalCommand::ClosePortalAccount { occurred_on } => *occurred_on,
        };
        ensure_not_in_future(occurred_on, context, "occurred_on")?;
        if let PortalCommand::OpenPortalAccount {
            account_id,
            organization_id,
            link,
            occurred_on,
        } = command
        {
            if state.link.is_some() {
                return Err(DomainError::new(Rule::AlreadyExists, "account_id"));
            }
            return Ok(vec![PortalEvent::PortalAccountOpened {
                account_id,
                organization_id,
                link,
                occurred_on,
            }]);
        }
        if state.link.is_none() {
            return Err(DomainError::new(Rule::NotFound, "account_id"));
        }
        match command {
            PortalCommand::OpenPortalAccount { .. } => {
                Err(DomainError::new(Rule::AlreadyExists, "account_id"))
            }
            PortalCommand::SuspendPortalAccount { occurred_on } => {
                state.status.check_can_suspend()?;
                Ok(vec![PortalEvent::PortalAccountSuspended { occurred_on }])
            }
            PortalCommand::ReinstatePortalAccount { occurred_on } => {
                state.status.check_can_reinstate()?;
                Ok(vec![PortalEvent::PortalAccountReinstated { occurred_on }])
            }
            PortalCommand::ClosePortalAccount { occurred_on } => {
                state.status.check_not_revoked()?;
                Ok(vec![PortalEvent::PortalAccountClosed { occurred_on }])
            }
        }
    }

    fn evolve(mut state: PortalState, event: &PortalEvent) -> PortalState {
        match event {
            PortalEvent::PortalAccountOpened {
                organization_id,
                link,
                ..
            } => {
                state.link = Some(*link);
                state.organization = Some(*organization_id);
            }
            PortalEvent::PortalAccountSuspended { .. } => state.status = AccountStatus::Suspended,
            PortalEvent::PortalAccountReinstated { .. } => state.status = AccountStatus::Active,
            PortalEvent::PortalAccountClosed { .. } => state.status = AccountStatus::Revoked,
        }
        state
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, date, uuid};

    fn check(
        given: Vec<PortalEvent>,
        when: PortalCommand,
        then: Result<Vec<PortalEvent>, DomainError>,
    ) {
        testing::check::<PortalAccount>(given, when, then);
    }

    fn parent_link() -> PortalLink {
        PortalLink::Parent {
            person_id: PersonId(uuid(40)),
        }
    }

    fn opened() -> PortalEvent {
        PortalEvent::PortalAccountOpened {
            account_id: PortalAccountId(uuid(41)),
            organization_id: OrganizationId(uuid(7)),
            link: parent_link(),
            occurred_on: date(2026, 1, 2),
        }
    }

    fn on() -> NaiveDate {
        date(2026, 2, 1)
    }

    #[test]
    fn a_parent_account_is_linked_to_the_parent() {
        check(
            vec![],
            PortalCommand::OpenPortalAccount {
                account_id: PortalAccountId(uuid(41)),
                organization_id: OrganizationId(uuid(7)),
                link: parent_link(),
                occurred_on: date(2026, 1, 2),
            },
            Ok(vec![opened()]),
        );
    }

    #[test]
    fn a_provider_account_is_linked_to_the_provider() {
        let link = PortalLink::Provider {
            provider_id: ProviderId(uuid(50)),
        };
        check(
            vec![],
            PortalCommand::OpenPortalAccount {
                account_id: PortalAccountId(uuid(42)),
                organization_id: OrganizationId(uuid(7)),
                link,
                occurred_on: on(),
            },
            Ok(vec![PortalEvent::PortalAccountOpened {
                account_id: PortalAccountId(uuid(42)),
                organization_id: OrganizationId(uuid(7)),
                link,
                occurred_on: on(),
            }]),
        );
    }

    #[test]
    fn an_account_opens_once() {
        check(
            vec![opened()],
            PortalCommand::OpenPortalAccount {
                account_id: PortalAccountId(uuid(41)),
                organization_id: OrganizationId(uuid(7)),
                link: parent_link(),
                occurred_on: on(),
            },
            Err(DomainError::new(Rule::AlreadyExists, "account_id")),
        );
    }

    #[test]
    fn suspending_and_reinstating_follow_the_account_status() {
        let suspended = PortalEvent::PortalAccountSuspended { occurred_on: on() };
        check(
            vec![opened()],
            PortalCommand::SuspendPortalAccount { occurred_on: on() },
            Ok(vec![suspended.clone()]),
        );
        check(
            vec![opened()],
            PortalCommand::ReinstatePortalAccount { occurred_on: on() },
            Err(DomainError::new(Rule::AccountNotSuspended, "status")),
        );
        check(
            vec![opened(), suspended],
            PortalCommand::ReinstatePortalAccount { occurred_on: on() },
            Ok(vec![PortalEvent::PortalAccountReinstated {
                occurred_on: on(),
            }]),
        );
    }

    #[test]
    fn a_closed_account_is_never_reinstated() {
        let closed = PortalEvent::PortalAccountClosed { occurred_on: on() };
        check(
            vec![opened()],
            PortalCommand::ClosePortalAccount { occurred_on: on() },
            Ok(vec![closed.clone()]),
        );
        check(
            vec![opened(), closed],
            PortalCommand::ReinstatePortalAccount { occurred_on: on() },
            Err(DomainError::new(Rule::AccountRevoked, "status")),
        );
    }

    #[test]
    fn commands_on_an_unopened_account_are_rejected() {
        check(
            vec![],
            PortalCommand::SuspendPortalAccount { occurred_on: on() },
            Err(DomainError::new(Rule::NotFound, "account_id")),
        );
    }
}
