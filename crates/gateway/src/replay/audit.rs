//! Every replay is itself an access (Ohio rule paragraph S, NIST AU-12): before any
//! answer is shown, the requester's `replayAudit` on the audit log is decided by the
//! policies and appended as one `AccessRecorded` or `AccessDenied` event. A refusal is
//! recorded and answers nothing; an allowed replay is recorded before its answer leaves,
//! so a failed append shows nothing (fail closed).
use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use kinlog_domain::access::{
    access_stream_id, AccessEvent, AccessRecord, ClientInfo, DecisionFacts, RecordedDecision,
};
use kinlog_domain::policy::{
    authorize, Action, PolicySet, PrincipalFacts, Purpose, RequestContext, ResourceFacts,
};
use kinlog_domain::{CaseId, PersonId, StaffId};
use kinlog_projections::{encode, EventMetadata};
use kinlog_store::{ExpectedVersion, Store};
use uuid::Uuid;

use crate::principal::{principal_facts, resource_facts, ResourceRef};
use crate::Error;

/// Whose records a replay reads, so that paragraph T (no replaying one's own, a
/// relative's or a supervisor's records) is decided on the replay too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplayScope {
    /// The whole access log of the requester's organization (monitor, rejudge).
    Organization,
    /// Records about one person.
    Person(PersonId),
    /// One case's records; the case's members are the subjects and its agency owns them.
    Case(CaseId),
    /// What one staff member did; their own person record is the subject.
    Staff(StaffId),
}

/// An access the policies allowed (a replay, a report run), not yet recorded.
#[derive(Debug)]
pub struct AllowedAccess {
    action: Action,
    facts: DecisionFacts,
    decision: RecordedDecision,
    client: ClientInfo,
}

/// Decides whether `requester` may run a replay over `scope` at `now`, under `set`. A
/// refusal is appended as `AccessDenied` and returned as [`Error::AccessRefused`].
pub async fn authorize_replay(
    store: &Store,
    set: &PolicySet,
    requester: StaffId,
    scope: ReplayScope,
    client: ClientInfo,
    now: DateTime<Utc>,
) -> Result<AllowedAccess, Error> {
    let principal = principal_facts(store, requester).await?;
    let resource = audit_resource(store, &principal, scope).await?;
    let context = RequestContext {
        now,
        purpose: Purpose::Audit,
    };
    authorize_access(
        store,
        set,
        Action::ReplayAudit,
        principal,
        resource,
        context,
        client,
    )
    .await
}

/// Decides an access by the CLI (a replay, a report run) under `set`. A refusal is
/// appended as `AccessDenied` and returned as [`Error::AccessRefused`].
pub async fn authorize_access(
    store: &Store,
    set: &PolicySet,
    action: Action,
    principal: PrincipalFacts,
    resource: ResourceFacts,
    context: RequestContext,
    client: ClientInfo,
) -> Result<AllowedAccess, Error> {
    let requester = principal.staff_id;
    let facts = DecisionFacts {
        principal,
        resource,
        context,
    };
    let decision = authorize(
        set,
        &facts.principal,
        action,
        &facts.resource,
        &facts.context,
    );
    let decision = RecordedDecision::from(&decision);
    if decision.allowed {
        return Ok(AllowedAccess {
            action,
            facts,
            decision,
            client,
        });
    }
    let policies = decision.deciding_policies.clone();
    let refused = AllowedAccess {
        action,
        facts,
        decision,
        client,
    };
    let position = refused.append(store, Vec::new(), 0).await?;
    Err(Error::AccessRefused {
        staff: requester,
        policies,
        position,
    })
}

impl AllowedAccess {
    /// Appends the `AccessRecorded` event for the answer about to be shown: `returned`
    /// names what it holds, `response_bytes` its size. Returns the event's position.
    pub async fn record(
        self,
        store: &Store,
        returned: Vec<String>,
        response_bytes: u64,
    ) -> Result<u64, Error> {
        self.append(store, returned, response_bytes).await
    }

    /// The principal the policies allowed.
    pub fn principal(&self) -> &PrincipalFacts {
        &self.facts.principal
    }

    async fn append(
        self,
        store: &Store,
        returned: Vec<String>,
        response_bytes: u64,
    ) -> Result<u64, Error> {
        let AllowedAccess {
            action,
            facts,
            decision,
            client,
        } = self;
        let actor = facts.principal.staff_id;
        let event_id = Uuid::now_v7();
        let event = AccessEvent::for_decision(AccessRecord {
            action,
            returned,
            client,
            response_bytes,
            decision,
            correlation_id: event_id,
            facts,
        });
        let metadata = EventMetadata {
            actor: Some(actor.0),
            correlation_id: Some(event_id),
            ..Default::default()
        };
        let outcome = store
            .append(
                &access_stream_id(event_id),
                ExpectedVersion::NoStream,
                vec![encode(event_id, &event, &metadata)?],
            )
            .await
            .map_err(Error::AuditAppend)?;
        Ok(outcome.first_position)
    }
}

/// The audit log as the record replayed: the requester's organization's, or for a case
/// the case agency's, with the persons the replay reads about as its subjects.
async fn audit_resource(
    store: &Store,
    principal: &PrincipalFacts,
    scope: ReplayScope,
) -> Result<ResourceFacts, Error> {
    let mut resource = resource_facts(store, ResourceRef::AuditLog(principal.organization)).await?;
    resource.subjects = match scope {
        ReplayScope::Organization => BTreeSet::new(),
        ReplayScope::Person(person) => BTreeSet::from([person]),
        ReplayScope::Case(case) => match resource_facts(store, ResourceRef::Case(case)).await {
            Ok(case_facts) => {
                resource.owning_organization = case_facts.owning_organization;
                case_facts.subjects
            }
            // A case the log never effectively recorded (an attempt on a wrong id) has
            // no members; its accesses are still the requester's organization's to read.
            Err(Error::UnknownResource { .. }) => BTreeSet::new(),
            Err(e) => return Err(e),
        },
        ReplayScope::Staff(staff) => match principal_facts(store, staff).await {
            Ok(staff_facts) => BTreeSet::from([staff_facts.person_id]),
            Err(Error::UnknownStaff { .. }) => BTreeSet::new(),
            Err(e) => return Err(e),
        },
    };
    Ok(resource)
}
