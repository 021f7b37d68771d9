//! What may be done with an access grant.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::program::{GrantProgram, GrantScope};
use super::purpose::Purpose;
use crate::{GrantId, OrganizationId, StaffId};

/// Why a grant was revoked before it expired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrantRevocationReason {
    PurposeFulfilled,
    GranteeLeftProgram,
    IssuedInError,
    Misuse,
}

/// A command on a grant's stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum GrantCommand {
    /// Issued by the acting staff member (`CommandContext::actor`) on behalf of
    /// `issuing_organization`, the agency responsible for the records.
    IssueGrant {
        grant_id: GrantId,
        grantee: StaffId,
        issuing_organization: OrganizationId,
        program: GrantProgram,
        scope: GrantScope,
        purpose: Purpose,
        expires_at: DateTime<Utc>,
        occurred_on: NaiveDate,
    },
    /// Moves the expiry later; a grant is never shortened this way, it is revoked.
    ExtendGrant {
        expires_at: DateTime<Utc>,
        occurred_on: NaiveDate,
    },
    RevokeGrant {
        reason: GrantRevocationReason,
        occurred_on: NaiveDate,
    },
}
