//! Who accessed a person's or a case's records: each access with actor, grant, purpose
//! and decision.
use chrono::{DateTime, Utc};
use indicatif::ProgressBar;
use kinlog_domain::policy::{Action, Purpose, ResourceKind, Role};
use kinlog_domain::{CaseId, GrantId, OrganizationId, PersonId, StaffId};
use kinlog_store::Store;
use serde::Serialize;
use uuid::Uuid;

use super::table::cell;
use super::{scan_access_log, LoggedAccess, Outcome, Tabular, Window};
use crate::Error;

/// Whose records the question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// Every record naming this person among its subjects.
    Person(PersonId),
    /// Every record belonging to this case.
    Case(CaseId),
}

impl Subject {
    fn matches(&self, access: &LoggedAccess) -> bool {
        match self {
            Subject::Person(person) => access.record.subjects().contains(person),
            Subject::Case(case) => access.record.case() == Some(*case),
        }
    }
}

/// One access to the subject's records. Names the actor's relatives, supervisors and
/// caseload by no more than the decision needed: those facts stay in the event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessRow {
    pub position: u64,
    pub event_id: Uuid,
    /// When the access was decided.
    pub at: DateTime<Utc>,
    pub outcome: Outcome,
    pub actor: StaffId,
    pub roles: Vec<Role>,
    pub organization: OrganizationId,
    pub action: Action,
    pub resource_kind: ResourceKind,
    pub resource_id: Uuid,
    pub case: Option<CaseId>,
    pub purpose: Purpose,
    pub grant_used: Option<GrantId>,
    pub deciding_policies: Vec<String>,
    pub policy_set_hash: String,
    pub returned: Vec<String>,
    pub client_ip: Option<String>,
    pub client_path: String,
}

impl AccessRow {
    pub(crate) fn from_logged(access: &LoggedAccess) -> AccessRow {
        let record = &access.record;
        AccessRow {
            position: access.position,
            event_id: access.event_id,
            at: record.at(),
            outcome: access.outcome,
            actor: record.actor(),
            roles: record.roles().iter().copied().collect(),
            organization: record.organization(),
            action: record.action,
            resource_kind: record.resource_kind(),
            resource_id: record.resource_id(),
            case: record.case(),
            purpose: record.purpose(),
            grant_used: record.grant_used(),
            deciding_policies: record.decision.deciding_policies.clone(),
            policy_set_hash: record.decision.policy_set_hash.clone(),
            returned: record.returned.clone(),
            client_ip: record.client.ip.clone(),
            client_path: record.client.path.clone(),
        }
    }
}

impl Tabular for AccessRow {
    fn headers() -> &'static [&'static str] {
        &[
            "position", "at (UTC)", "outcome", "actor", "roles", "action", "resource", "case",
            "purpose", "grant", "policies",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.position.to_string(),
            self.at.format("%Y-%m-%d %H:%M:%S").to_string(),
            self.outcome.as_str().to_owned(),
            self.actor.to_string(),
            format!("{:?}", self.roles),
            format!("{:?}", self.action),
            format!("{:?} {}", self.resource_kind, self.resource_id),
            cell(self.case),
            format!("{:?}", self.purpose),
            cell(self.grant_used),
            self.deciding_policies.join(","),
        ]
    }
}

/// Every access in `window` to records of `subject`, in log order.
pub async fn who_accessed(
    store: &Store,
    subject: Subject,
    window: &Window,
    progress: &ProgressBar,
) -> Result<Vec<AccessRow>, Error> {
    let mut rows = Vec::new();
    scan_access_log(store, window, progress, |access| {
        if subject.matches(&access) {
            rows.push(AccessRow::from_logged(&access));
        }
    })
    .await?;
    Ok(rows)
}
