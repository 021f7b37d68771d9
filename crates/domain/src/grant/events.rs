//! Facts on a grant's stream.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::commands::GrantRevocationReason;
use super::program::{GrantProgram, GrantScope};
use super::purpose::Purpose;
use crate::{DomainEvent, GrantId, OrganizationId, StaffId};

/// An event on a grant's stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum GrantEvent {
    GrantIssued {
        grant_id: GrantId,
        grantee: StaffId,
        /// The staff member who issued it.
        issued_by: StaffId,
        issuing_organization: OrganizationId,
        program: GrantProgram,
        scope: GrantScope,
        purpose: Purpose,
        expires_at: DateTime<Utc>,
        occurred_on: NaiveDate,
    },
    GrantExtended {
        expires_at: DateTime<Utc>,
        occurred_on: NaiveDate,
    },
    GrantRevoked {
        reason: GrantRevocationReason,
        occurred_on: NaiveDate,
    },
}

impl DomainEvent for GrantEvent {
    fn event_type(&self) -> &'static str {
        match self {
            GrantEvent::GrantIssued { .. } => "GrantIssued",
            GrantEvent::GrantExtended { .. } => "GrantExtended",
            GrantEvent::GrantRevoked { .. } => "GrantRevoked",
        }
    }

    fn schema_version(&self) -> u16 {
        1
    }
}
