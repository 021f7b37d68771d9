//! Who saw what: the access log and the accounting of disclosures (Ohio rule paragraphs
//! E and S, HIPAA §164.528, NIST AU-3).
//!
//! Every read of protected data, and every refused attempt, is one event. An event keeps
//! the facts the policies decided on, so compliance replay re-runs a past decision
//! exactly (`rejudge`) without guessing what the user's caseload or trainings were that
//! day. Subjects are named by id only: erasing a person's personal fields never erases
//! who looked at them.
//!
//! Each access is its own stream (`access-<event id>`), so concurrent audit appends never
//! contend for a stream version and group-commit freely. Disclosures of one person share
//! the stream `disclosure-<person id>`, which is that person's accounting.
mod disclosure;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::policy::{
    Action, Decision, PrincipalFacts, Purpose, RequestContext, ResourceFacts, ResourceKind, Role,
};
use crate::{CaseId, DomainEvent, GrantId, OrganizationId, PersonId, StaffId};

pub use disclosure::{Disclosure, Recipient, RecordDisclosure, DISCLOSURE_CATEGORY};

/// The stream category of access events.
pub const ACCESS_CATEGORY: &str = "access";

/// The stream of one access event: `access-<event id>`.
pub fn access_stream_id(event_id: Uuid) -> String {
    format!("{ACCESS_CATEGORY}-{event_id}")
}

/// An event of the access log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccessEvent {
    /// Protected data was returned, or an action was allowed.
    AccessRecorded(AccessRecord),
    /// An attempt the policies refused. Nothing was returned.
    AccessDenied(AccessRecord),
    /// Information about a person was released outside the agency.
    DisclosureRecorded(Disclosure),
}

impl DomainEvent for AccessEvent {
    fn event_type(&self) -> &'static str {
        match self {
            AccessEvent::AccessRecorded(_) => "AccessRecorded",
            AccessEvent::AccessDenied(_) => "AccessDenied",
            AccessEvent::DisclosureRecorded(_) => "DisclosureRecorded",
        }
    }

    fn schema_version(&self) -> u16 {
        1
    }
}

impl AccessEvent {
    /// The access event for a decision: recorded if allowed, denied otherwise.
    pub fn for_decision(record: AccessRecord) -> AccessEvent {
        if record.decision.allowed {
            AccessEvent::AccessRecorded(record)
        } else {
            AccessEvent::AccessDenied(record)
        }
    }
}

/// One access: who, what, how, and what the policies said. The AU-3 "when" is the
/// store's `recorded_at`; `facts.context.now` is when the decision was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRecord {
    pub action: Action,
    /// What was returned: field names, or pages such as `page:2`. Empty on a denial.
    pub returned: Vec<String>,
    pub client: ClientInfo,
    /// Bytes of the response body sent (0 on a denial).
    pub response_bytes: u64,
    pub decision: RecordedDecision,
    /// Ties the access to the request's log lines and to any events it caused.
    pub correlation_id: Uuid,
    /// Exactly what the policies decided on.
    pub facts: DecisionFacts,
}

impl AccessRecord {
    pub fn actor(&self) -> StaffId {
        self.facts.principal.staff_id
    }

    pub fn organization(&self) -> OrganizationId {
        self.facts.principal.organization
    }

    pub fn roles(&self) -> &BTreeSet<Role> {
        &self.facts.principal.roles
    }

    pub fn purpose(&self) -> Purpose {
        self.facts.context.purpose
    }

    pub fn at(&self) -> DateTime<Utc> {
        self.facts.context.now
    }

    pub fn resource_kind(&self) -> ResourceKind {
        self.facts.resource.kind
    }

    /// The record asked for (a case id, a person id, a note id, ...).
    pub fn resource_id(&self) -> Uuid {
        self.facts.resource.id
    }

    pub fn case(&self) -> Option<CaseId> {
        self.facts.resource.case
    }

    /// The persons the record is about.
    pub fn subjects(&self) -> &BTreeSet<PersonId> {
        &self.facts.resource.subjects
    }

    pub fn grant_used(&self) -> Option<GrantId> {
        self.decision.grant_used
    }
}

/// The inputs of one policy decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionFacts {
    pub principal: PrincipalFacts,
    pub resource: ResourceFacts,
    pub context: RequestContext,
}

/// A [`Decision`] as stored: the evaluation failure is kept as its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedDecision {
    pub allowed: bool,
    pub deciding_policies: Vec<String>,
    pub policy_set_hash: String,
    pub grant_used: Option<GrantId>,
    pub failure: Option<String>,
}

impl From<&Decision> for RecordedDecision {
    fn from(decision: &Decision) -> Self {
        RecordedDecision {
            allowed: decision.allowed,
            deciding_policies: decision.deciding_policies.clone(),
            policy_set_hash: decision.policy_set_hash.clone(),
            grant_used: decision.grant_used,
            failure: decision.failure.as_ref().map(ToString::to_string),
        }
    }
}

/// Where a request came from. The IP and user agent identify a device, not a child, and
/// AU-3 asks for them.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientInfo {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The request path, or the CLI command for a replay.
    pub path: String,
    pub referrer: Option<String>,
}

impl fmt::Debug for ClientInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientInfo")
            .field("ip", &self.ip)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}
