//! The life of an account, shared by staff and portal accounts: active, suspended for a
//! while, or revoked for good. Revocation is final because a revoked account's holder must
//! be vetted again (new Code of Responsibility, new training) under a new account.
use crate::{DomainError, Rule};

/// Where an account stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AccountStatus {
    #[default]
    Active,
    Suspended,
    Revoked,
}

impl AccountStatus {
    pub(crate) fn check_can_suspend(self) -> Result<(), DomainError> {
        match self {
            AccountStatus::Active => Ok(()),
            AccountStatus::Suspended => {
                Err(DomainError::new(Rule::AccountAlreadySuspended, "status"))
            }
            AccountStatus::Revoked => Err(DomainError::new(Rule::AccountRevoked, "status")),
        }
    }

    pub(crate) fn check_can_reinstate(self) -> Result<(), DomainError> {
        match self {
            AccountStatus::Suspended => Ok(()),
            AccountStatus::Active => Err(DomainError::new(Rule::AccountNotSuspended, "status")),
            AccountStatus::Revoked => Err(DomainError::new(Rule::AccountRevoked, "status")),
        }
    }

    /// Every change to a revoked account is refused, revocation included.
    pub(crate) fn check_not_revoked(self) -> Result<(), DomainError> {
        match self {
            AccountStatus::Revoked => Err(DomainError::new(Rule::AccountRevoked, "status")),
            AccountStatus::Active | AccountStatus::Suspended => Ok(()),
        }
    }
}
