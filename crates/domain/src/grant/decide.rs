//! Validates grant commands into events.
use super::program::GrantScope;
use super::{GrantCommand, GrantEvent, GrantState};
use crate::occurrence::ensure_not_in_future;
use crate::{CommandContext, DomainError, Rule};

type Decision = Result<Vec<GrantEvent>, DomainError>;

pub(crate) fn decide(
    state: &GrantState,
    command: GrantCommand,
    context: &CommandContext,
) -> Decision {
    match command {
        GrantCommand::IssueGrant {
            grant_id,
            grantee,
            issuing_organization,
            program,
            scope,
            purpose,
            expires_at,
            occurred_on,
        } => {
            ensure_not_in_future(occurred_on, context, "occurred_on")?;
            if state.terms.is_some() {
                return Err(DomainError::new(Rule::AlreadyExists, "grant_id"));
            }
            purpose.validate()?;
            if expires_at <= context.now {
                return Err(DomainError::new(Rule::GrantExpiryInPast, "expires_at"));
            }
            if matches!(&scope, GrantScope::ChildOrSiblingGroup { children } if children.is_empty())
            {
                return Err(DomainError::new(Rule::Required, "scope.children"));
            }
            if !program.allows(&scope) {
                return Err(DomainError::new(
                    Rule::GrantScopeNotAllowedForProgram,
                    "scope",
                ));
            }
            // Nobody widens their own access: the issuer and the grantee differ.
            if grantee == context.actor {
                return Err(DomainError::new(Rule::GrantToSelf, "grantee"));
            }
            Ok(vec![GrantEvent::GrantIssued {
                grant_id,
                grantee,
                issued_by: context.actor,
                issuing_organization,
                program,
                scope,
                purpose,
                expires_at,
                occurred_on,
            }])
        }
        GrantCommand::ExtendGrant {
            expires_at,
            occurred_on,
        } => {
            ensure_not_in_future(occurred_on, context, "occurred_on")?;
            let Some(terms) = &state.terms else {
                return Err(DomainError::new(Rule::NotFound, "grant_id"));
            };
            if state.revoked {
                return Err(DomainError::new(Rule::GrantRevoked, "grant_id"));
            }
            if terms.expires_at <= context.now {
                return Err(DomainError::new(Rule::GrantExpired, "grant_id"));
            }
            if expires_at <= terms.expires_at {
                return Err(DomainError::new(Rule::GrantExtensionNotLater, "expires_at"));
            }
            Ok(vec![GrantEvent::GrantExtended {
                expires_at,
                occurred_on,
            }])
        }
        GrantCommand::RevokeGrant {
            reason,
            occurred_on,
        } => {
            ensure_not_in_future(occurred_on, context, "occurred_on")?;
            if state.terms.is_none() {
                return Err(DomainError::new(Rule::NotFound, "grant_id"));
            }
            if state.revoked {
                return Err(DomainError::new(Rule::GrantRevoked, "grant_id"));
            }
            Ok(vec![GrantEvent::GrantRevoked {
                reason,
                occurred_on,
            }])
        }
    }
}

/// The invariants every accepted history keeps, for the property tests.
#[cfg(test)]
pub(crate) fn check_invariants(state: &GrantState) -> Result<(), String> {
    let Some(terms) = &state.terms else {
        return match state.revoked {
            true => Err("a grant revoked before it was issued".into()),
            false => Ok(()),
        };
    };
    if !terms.program.allows(&terms.scope) {
        return Err("a grant's scope does not fit its program".into());
    }
    if terms.grantee == terms.issued_by {
        return Err("a grant issued to its issuer".into());
    }
    Ok(())
}
