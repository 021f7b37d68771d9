//! A grant as folded from its events.
use chrono::{DateTime, Utc};

use super::program::{GrantProgram, GrantScope};
use super::GrantEvent;
use crate::{OrganizationId, StaffId};

/// The terms of an issued grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantTerms {
    pub grantee: StaffId,
    pub issued_by: StaffId,
    pub issuing_organization: OrganizationId,
    pub program: GrantProgram,
    pub scope: GrantScope,
    pub expires_at: DateTime<Utc>,
}

/// A grant's terms and whether it was revoked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GrantState {
    pub(crate) terms: Option<GrantTerms>,
    pub(crate) revoked: bool,
}

impl GrantState {
    /// The terms, once issued.
    pub fn terms(&self) -> Option<&GrantTerms> {
        self.terms.as_ref()
    }

    /// Whether the grant was revoked.
    pub fn is_revoked(&self) -> bool {
        self.revoked
    }

    /// Whether the grant may be relied on at `at`: issued, not revoked, not expired. The
    /// policy asks this with the request's time, which the gateway supplies.
    pub fn is_in_force_at(&self, at: DateTime<Utc>) -> bool {
        !self.revoked
            && self
                .terms
                .as_ref()
                .is_some_and(|terms| at < terms.expires_at)
    }

    pub(crate) fn evolve(mut self, event: &GrantEvent) -> Self {
        match event {
            GrantEvent::GrantIssued {
                grantee,
                issued_by,
                issuing_organization,
                program,
                scope,
                expires_at,
                ..
            } => {
                self.terms = Some(GrantTerms {
                    grantee: *grantee,
                    issued_by: *issued_by,
                    issuing_organization: *issuing_organization,
                    program: *program,
                    scope: scope.clone(),
                    expires_at: *expires_at,
                });
            }
            GrantEvent::GrantExtended { expires_at, .. } => {
                if let Some(terms) = &mut self.terms {
                    terms.expires_at = *expires_at;
                }
            }
            GrantEvent::GrantRevoked { .. } => self.revoked = true,
        }
        self
    }
}
