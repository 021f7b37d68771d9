//! The access log of a seeded population: caseworkers reading their cases, supervisors
//! reviewing them, disclosures to the juvenile court, and the planted violations. Each
//! access is decided by the real policy (`kinlog_domain::policy::authorize`) on facts
//! built from the seeded staff and cases, so a planted self-access is really denied.
//! These are not import-line commands: they are appended through the codec.
use std::collections::BTreeSet;

use chrono::{DateTime, Days, NaiveDate, Utc};
use kinlog_domain::access::{
    AccessEvent, AccessRecord, ClientInfo, DecisionFacts, Disclosure, Recipient, RecordDisclosure,
    RecordedDecision,
};
use kinlog_domain::policy::{
    authorize, AccountStatus, Action, Grant, GrantScope, OrganizationKind, PolicySet, PortalLinks,
    PrincipalFacts, Purpose, RequestContext, ResourceFacts, ResourceKind,
};
use kinlog_domain::{
    CaseId, CommandContext, GrantId, Narrative, OrganizationId, PersonId, StaffId,
};
use kinlog_projections::EventMetadata;
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use super::case::CaseFacts;
use super::county::{Agency, StaffMember};
use super::lines::{command, StreamLines, StreamPlan};
use super::prng::{at_seconds, Prng};
use super::profile::{HISTORY_START, REFERENCE_DATE};

/// An event for the log that no import line expresses.
#[derive(Debug, Clone)]
pub(crate) struct AuditEvent {
    pub(crate) stream: String,
    pub(crate) event_id: Uuid,
    pub(crate) event: AccessEvent,
    pub(crate) metadata: EventMetadata,
}

/// The kinds of planted violations, as the monitor should find them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ViolationKind {
    /// A caseworker read a case about themselves (denied by T1).
    SelfAccess,
    /// A caseworker read a case about a declared relative (denied by T2).
    Relative,
    /// A caseworker read a case about their supervisor (denied by T3).
    Supervisor,
    /// A caseworker read their own case at night (allowed; unusual hours).
    AfterHours,
    /// A caseworker without the security-procedures training read a case (denied by D).
    LapsedTraining,
    /// A peer mentor read a case outside the children their grant names (denied: no
    /// permit applies).
    OutOfScopeGrant,
}

/// One planted violation, as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlantedViolation {
    pub kind: ViolationKind,
    /// The staff member who accessed.
    pub actor: Uuid,
    /// The person the violation is about (oneself, the relative, the supervisor, or the
    /// case's first child).
    pub subject: Uuid,
    /// The case read.
    pub case: Uuid,
    /// The access event's id (its stream is `access-<id>`).
    pub access_event_id: Uuid,
    /// Whether the policy allowed the access.
    pub allowed: bool,
}

/// Generates the accesses of one case. In a planted county, cases 0 to 4 carry the
/// planted violations instead of ordinary reads (so the conflicts of interest are the
/// only accesses to those persons and the manifest is the whole truth about them).
pub(crate) struct CaseAudit<'a> {
    pub(crate) prng: &'a mut Prng,
    pub(crate) policy: &'a PolicySet,
    pub(crate) agency: &'a mut Agency,
    pub(crate) events: Vec<AuditEvent>,
    pub(crate) streams: Vec<StreamLines>,
    pub(crate) violations: Vec<PlantedViolation>,
}

impl CaseAudit<'_> {
    pub(crate) fn case(
        &mut self,
        index: u64,
        case: &CaseFacts,
        planted_case_3: Option<&CaseFacts>,
    ) {
        let Some((worker_index, assigned)) = case.assignment else {
            return;
        };
        self.agency.caseworkers[worker_index].assign(CaseId(case.case_id));
        let planted = self.agency.planted.is_some() && index < 5;
        let later = (assigned + Days::new(10))
            .max(HISTORY_START + Days::new(30))
            .min(REFERENCE_DATE);
        if planted {
            self.plant(index, case, later, planted_case_3);
            if index != 3 {
                return;
            }
        }
        let worker = self.agency.caseworkers[worker_index].clone();
        let at = self.prng.office_hours(assigned);
        self.access(&worker, case, at, Purpose::Investigation);
        if let Some((_, removed_on, _)) = case.removal {
            let on = (removed_on + Days::new(30)).min(REFERENCE_DATE);
            let at = self.prng.office_hours(on);
            self.access(&worker, case, at, Purpose::CaseWork);
            if self.prng.chance(200) {
                self.disclose(
                    &worker,
                    case,
                    (removed_on + Days::new(7)).min(REFERENCE_DATE),
                );
            }
        }
        if let Some(supervisor) = worker.supervisor {
            let supervisor = self
                .agency
                .supervisors
                .iter()
                .find(|s| s.staff_id == supervisor)
                .cloned();
            if let Some(supervisor) = supervisor {
                let at = self
                    .prng
                    .office_hours((assigned + Days::new(20)).min(REFERENCE_DATE));
                self.access(&supervisor, case, at, Purpose::CaseWork);
            }
        }
    }

    fn plant(&mut self, index: u64, case: &CaseFacts, on: NaiveDate, case_3: Option<&CaseFacts>) {
        let Some(planted) = self.agency.planted.clone() else {
            return;
        };
        let first_child = case.children[0];
        let at = self.prng.office_hours(on);
        let (kind, reader, subject, at, purpose) = match index {
            0 => (
                ViolationKind::SelfAccess,
                planted.self_worker,
                planted.persons.self_parent,
                at,
                Purpose::CaseWork,
            ),
            1 => (
                ViolationKind::Relative,
                planted.relative_worker,
                planted.persons.relative_parent,
                at,
                Purpose::CaseWork,
            ),
            2 => {
                let reader = self.agency.caseworkers[0].clone();
                let boss = self.agency.supervisors[0].person_id;
                (
                    ViolationKind::Supervisor,
                    reader,
                    boss,
                    at,
                    Purpose::CaseWork,
                )
            }
            3 => {
                let Some((worker_index, _)) = case.assignment else {
                    return;
                };
                let reader = self.agency.caseworkers[worker_index].clone();
                let night = at_seconds(on, 2 * 3600 + self.prng.below(3600) as u32);
                (
                    ViolationKind::AfterHours,
                    reader,
                    first_child,
                    night,
                    Purpose::CaseWork,
                )
            }
            _ => {
                // Case 4: the untrained caseworker, and the peer mentor whose grant names
                // only case 3's children.
                let event = self.access(&planted.untrained_worker, case, at, Purpose::CaseWork);
                self.violations.push(PlantedViolation {
                    kind: ViolationKind::LapsedTraining,
                    actor: planted.untrained_worker.staff_id,
                    subject: first_child,
                    case: case.case_id,
                    access_event_id: event.0,
                    allowed: event.1,
                });
                let Some(case_3) = case_3 else { return };
                let mut mentor = planted.peer_mentor.clone();
                let grant = self.issue_grant(&mentor, case_3, on);
                mentor.caseload.clear();
                let later = self.prng.office_hours(on);
                let event = self.access_with_grants(
                    &mentor,
                    vec![grant],
                    case,
                    later,
                    Purpose::PeerSupport,
                );
                self.violations.push(PlantedViolation {
                    kind: ViolationKind::OutOfScopeGrant,
                    actor: mentor.staff_id,
                    subject: first_child,
                    case: case.case_id,
                    access_event_id: event.0,
                    allowed: event.1,
                });
                return;
            }
        };
        let event = self.access(&reader, case, at, purpose);
        self.violations.push(PlantedViolation {
            kind,
            actor: reader.staff_id,
            subject,
            case: case.case_id,
            access_event_id: event.0,
            allowed: event.1,
        });
    }

    /// A peer-mentor grant for the children of `case`, issued by the director through the
    /// grant aggregate (an import line); returned as the policy sees it.
    fn issue_grant(&mut self, mentor: &StaffMember, case: &CaseFacts, on: NaiveDate) -> Grant {
        let issued = on - Days::new(1);
        let grant_id = self.prng.id_on(issued);
        let expires_at = at_seconds(REFERENCE_DATE + Days::new(365), 12 * 3600);
        let mut plan = StreamPlan::new("grant", grant_id);
        plan.plan(issued, self.agency.director.staff_id, command("issue_grant", json!({
            "grant_id": grant_id, "grantee": mentor.staff_id, "issuing_organization": self.agency.organization,
            "program": "peer_mentor", "scope": {"child_or_sibling_group": {"children": case.children}},
            "purpose": "Peer support for the family", "expires_at": expires_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "occurred_on": issued})));
        self.streams.push(plan.into_lines(self.prng));
        Grant {
            id: GrantId(grant_id),
            scope: GrantScope::ChildOrSiblingGroup(
                case.children.iter().map(|c| PersonId(*c)).collect(),
            ),
            purpose: Purpose::PeerSupport,
            expires_at,
            revoked: false,
        }
    }

    fn access(
        &mut self,
        reader: &StaffMember,
        case: &CaseFacts,
        at: DateTime<Utc>,
        purpose: Purpose,
    ) -> (Uuid, bool) {
        self.access_with_grants(reader, Vec::new(), case, at, purpose)
    }

    /// Decides and records one read of `case` by `reader`; returns the event id and
    /// whether it was allowed.
    fn access_with_grants(
        &mut self,
        reader: &StaffMember,
        grants: Vec<Grant>,
        case: &CaseFacts,
        at: DateTime<Utc>,
        purpose: Purpose,
    ) -> (Uuid, bool) {
        let principal = PrincipalFacts {
            staff_id: StaffId(reader.staff_id),
            person_id: PersonId(reader.person_id),
            organization: OrganizationId(self.agency.organization),
            organization_kind: OrganizationKind::Pcsa,
            roles: reader.roles.clone(),
            trainings: reader.trainings.clone(),
            code_of_responsibility_signed: true,
            account_status: AccountStatus::Active,
            relatives: reader.relatives.clone(),
            supervisors: reader.supervisors.clone(),
            grants,
            caseload: reader.caseload.iter().copied().collect(),
            provider: None,
        };
        let resource = ResourceFacts {
            id: case.case_id,
            kind: ResourceKind::Case,
            owning_organization: OrganizationId(self.agency.organization),
            case: Some(CaseId(case.case_id)),
            subjects: case.subjects().map(PersonId).collect::<BTreeSet<_>>(),
            programs: BTreeSet::new(),
            portal: PortalLinks::default(),
        };
        let context = RequestContext { now: at, purpose };
        let decision = authorize(self.policy, &principal, Action::View, &resource, &context);
        let event_id = self.prng.uuid_at(at);
        let correlation_id = self.prng.uuid_at(at);
        let allowed = decision.allowed;
        let record = AccessRecord {
            action: Action::View,
            returned: if allowed {
                vec!["case_summary".into(), "persons".into()]
            } else {
                Vec::new()
            },
            client: ClientInfo {
                ip: Some(format!(
                    "10.{}.{}.{}",
                    self.agency.code % 250,
                    self.prng.below(250),
                    self.prng.below(250)
                )),
                user_agent: Some("Mozilla/5.0 (Windows NT 10.0; Win64; x64)".into()),
                path: format!("/cases/{}", case.case_id),
                referrer: None,
            },
            response_bytes: if allowed {
                2_000 + self.prng.below(20_000)
            } else {
                0
            },
            decision: RecordedDecision::from(&decision),
            correlation_id,
            facts: DecisionFacts {
                principal,
                resource,
                context,
            },
        };
        self.events.push(AuditEvent {
            stream: kinlog_domain::access::access_stream_id(event_id),
            event_id,
            event: AccessEvent::for_decision(record),
            metadata: EventMetadata {
                actor: Some(reader.staff_id),
                correlation_id: Some(correlation_id),
                ..Default::default()
            },
        });
        (event_id, allowed)
    }

    /// The removed child's record released to the juvenile court for a hearing.
    fn disclose(&mut self, worker: &StaffMember, case: &CaseFacts, on: NaiveDate) {
        let Some((child, _, _)) = case.removal else {
            return;
        };
        let now = self.prng.office_hours(on);
        let context = CommandContext {
            actor: StaffId(worker.staff_id),
            actor_is_intern: false,
            now,
        };
        let command = RecordDisclosure {
            person: PersonId(child),
            case: Some(CaseId(case.case_id)),
            disclosed_on: on.into(),
            recipient: Recipient {
                name: Narrative::new(format!("County {} Juvenile Court", self.agency.code)),
                address: None,
            },
            purpose: Narrative::new("Adjudicatory hearing"),
            legal_basis: Narrative::new("ORC 5153.17"),
            request: Narrative::new("Court order for the case record"),
            released: vec![
                Narrative::new("case summary"),
                Narrative::new("placement history"),
            ],
        };
        // The command is built from valid parts, so the domain accepts it; were it ever
        // refused, the disclosure is left out rather than recorded half-formed.
        let Ok(disclosure) = Disclosure::record(command, &context) else {
            return;
        };
        let event_id = self.prng.uuid_at(now);
        self.events.push(AuditEvent {
            stream: Disclosure::stream_id(PersonId(child)),
            event_id,
            event: AccessEvent::DisclosureRecorded(disclosure),
            metadata: EventMetadata {
                actor: Some(worker.staff_id),
                ..Default::default()
            },
        });
    }
}
