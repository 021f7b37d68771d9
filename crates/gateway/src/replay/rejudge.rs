//! Re-judging the past: every access in a window decided again, on the facts it was
//! decided on, under another policy set.
use chrono::{DateTime, Utc};
use indicatif::ProgressBar;
use kinlog_domain::policy::{authorize, Action, PolicySet, ResourceKind};
use kinlog_domain::{CaseId, StaffId};
use kinlog_store::Store;
use serde::Serialize;
use uuid::Uuid;

use super::table::cell;
use super::{scan_access_log, LoggedAccess, Outcome, Tabular, Window};
use crate::Error;

/// The answer: what the set would deny, and which accesses were decided under another
/// set than this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejudged {
    /// The hash of the set the accesses were re-judged under.
    pub policy_set_hash: String,
    /// How many accesses were re-judged.
    pub accesses: usize,
    pub would_deny: Vec<WouldDeny>,
    pub hash_mismatches: Vec<HashMismatch>,
}

/// An access the set would deny.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WouldDeny {
    pub position: u64,
    pub event_id: Uuid,
    pub at: DateTime<Utc>,
    pub actor: StaffId,
    pub action: Action,
    pub resource_kind: ResourceKind,
    pub resource_id: Uuid,
    pub case: Option<CaseId>,
    /// What was decided at the time.
    pub recorded_outcome: Outcome,
    /// The forbids that deny it now; empty when no permit applies any more.
    pub deciding_policies: Vec<String>,
    /// Why the decision could not be evaluated, if it could not.
    pub failure: Option<String>,
}

/// An access decided under a policy set other than the one re-judging it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HashMismatch {
    pub position: u64,
    pub event_id: Uuid,
    pub at: DateTime<Utc>,
    pub actor: StaffId,
    pub recorded_policy_set_hash: String,
}

impl Tabular for WouldDeny {
    fn headers() -> &'static [&'static str] {
        &[
            "position",
            "at (UTC)",
            "actor",
            "action",
            "resource",
            "case",
            "then",
            "denied by",
        ]
    }

    fn cells(&self) -> Vec<String> {
        let denied_by = match (&self.failure, self.deciding_policies.is_empty()) {
            (Some(failure), _) => format!("failure: {failure}"),
            (None, true) => "no permit applies".to_owned(),
            (None, false) => self.deciding_policies.join(","),
        };
        vec![
            self.position.to_string(),
            self.at.format("%Y-%m-%d %H:%M:%S").to_string(),
            self.actor.to_string(),
            format!("{:?}", self.action),
            format!("{:?} {}", self.resource_kind, self.resource_id),
            cell(self.case),
            self.recorded_outcome.as_str().to_owned(),
            denied_by,
        ]
    }
}

impl Tabular for HashMismatch {
    fn headers() -> &'static [&'static str] {
        &["position", "at (UTC)", "actor", "recorded policy set"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.position.to_string(),
            self.at.format("%Y-%m-%d %H:%M:%S").to_string(),
            self.actor.to_string(),
            self.recorded_policy_set_hash.clone(),
        ]
    }
}

/// Decides every access in `window` again under `set`, with the action and facts
/// recorded in its event: the same call `authorize` made at the time, so a difference is
/// a difference in policy, never in facts.
pub async fn rejudge(
    store: &Store,
    set: &PolicySet,
    window: &Window,
    progress: &ProgressBar,
) -> Result<Rejudged, Error> {
    let mut answer = Rejudged {
        policy_set_hash: set.hash().to_owned(),
        accesses: 0,
        would_deny: Vec::new(),
        hash_mismatches: Vec::new(),
    };
    scan_access_log(store, window, progress, |access| {
        answer.accesses += 1;
        answer.would_deny.extend(judge(set, &access));
        if access.record.decision.policy_set_hash != set.hash() {
            answer.hash_mismatches.push(HashMismatch {
                position: access.position,
                event_id: access.event_id,
                at: access.record.at(),
                actor: access.record.actor(),
                recorded_policy_set_hash: access.record.decision.policy_set_hash.clone(),
            });
        }
    })
    .await?;
    Ok(answer)
}

fn judge(set: &PolicySet, access: &LoggedAccess) -> Option<WouldDeny> {
    let record = &access.record;
    let facts = &record.facts;
    let decision = authorize(
        set,
        &facts.principal,
        record.action,
        &facts.resource,
        &facts.context,
    );
    if decision.allowed {
        return None;
    }
    Some(WouldDeny {
        position: access.position,
        event_id: access.event_id,
        at: record.at(),
        actor: record.actor(),
        action: record.action,
        resource_kind: record.resource_kind(),
        resource_id: record.resource_id(),
        case: record.case(),
        recorded_outcome: access.outcome,
        deciding_policies: decision.deciding_policies,
        failure: decision.failure.map(|f| f.to_string()),
    })
}
