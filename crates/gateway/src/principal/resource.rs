//! [`resource_facts`]: what a request asks for, as the policies see it. Records inside a
//! case are folded from the case's stream, so every member the case names is a subject
//! from the moment the fact naming them is committed.
use std::collections::BTreeSet;

use kinlog_domain::case::{Case, CaseEvent, FamilyVisitId, NoteId, PlacementId};
use kinlog_domain::person::Person;
use kinlog_domain::policy::{PortalLinks, ResourceFacts, ResourceKind};
use kinlog_domain::staff::organization::Organization;
use kinlog_domain::{CaseId, GrantId, OrganizationId, PersonId, ProviderId, StaffId};
use kinlog_store::Store;
use uuid::Uuid;

use super::{administration, caseload, fold, records};
use crate::Error;

/// What a request names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceRef {
    /// A case as a whole; its subjects are every person the case names.
    Case(CaseId),
    /// One case note or amendment; its subjects are the persons involved in it and in
    /// the notes it amends.
    CaseNote { case: CaseId, note: NoteId },
    /// One placement; its subject is the child placed.
    Placement {
        case: CaseId,
        placement: PlacementId,
    },
    /// One scheduled family visit; its subjects are the child and the visitors.
    VisitSchedule { case: CaseId, visit: FamilyVisitId },
    /// A person record; its subject is that person.
    Person(PersonId),
    /// A provider's record (licensing, home study, recruitment, trainings).
    ProviderRecord(ProviderId),
    /// The access log of one organization.
    AuditLog(OrganizationId),
    /// A staff member's open cases, as a list: viewed as the cases of the staff member's
    /// organization, about every person those cases name.
    Caseload(StaffId),
    /// A staff member's account.
    StaffRecord(StaffId),
    /// A staff account being registered: the organization and person it names.
    NewStaffRecord {
        staff: StaffId,
        organization: OrganizationId,
        person: PersonId,
    },
    /// An access grant.
    Grant(GrantId),
    /// A grant being issued: the issuing organization and the grantee it names.
    NewGrant {
        grant: GrantId,
        issuing_organization: OrganizationId,
        grantee: StaffId,
    },
}

/// The facts about `resource` as of the moment of the call. A record that does not
/// exist is [`Error::UnknownResource`].
pub async fn resource_facts(store: &Store, resource: ResourceRef) -> Result<ResourceFacts, Error> {
    match resource {
        ResourceRef::Case(case) => in_case(store, case, Within::Whole).await,
        ResourceRef::CaseNote { case, note } => in_case(store, case, Within::Note(note)).await,
        ResourceRef::Placement { case, placement } => {
            in_case(store, case, Within::Placement(placement)).await
        }
        ResourceRef::VisitSchedule { case, visit } => {
            in_case(store, case, Within::Visit(visit)).await
        }
        ResourceRef::Person(person) => records::person(store, person).await,
        ResourceRef::ProviderRecord(provider) => records::provider(store, provider).await,
        ResourceRef::AuditLog(organization) => audit_log(store, organization).await,
        ResourceRef::Caseload(staff) => caseload_of(store, staff).await,
        ResourceRef::StaffRecord(staff) => administration::staff_record(store, staff).await,
        ResourceRef::NewStaffRecord {
            staff,
            organization,
            person,
        } => Ok(administration::new_staff_record(
            staff,
            organization,
            person,
        )),
        ResourceRef::Grant(grant) => administration::grant(store, grant).await,
        ResourceRef::NewGrant {
            grant,
            issuing_organization,
            grantee,
        } => administration::new_grant(store, grant, issuing_organization, grantee).await,
    }
}

#[derive(Clone, Copy)]
enum Within {
    Whole,
    Note(NoteId),
    Placement(PlacementId),
    Visit(FamilyVisitId),
}

async fn in_case(store: &Store, case: CaseId, within: Within) -> Result<ResourceFacts, Error> {
    let recorded = store
        .read_stream(&case.stream_id(), 1, u32::MAX as usize)
        .await?;
    let events = fold::events::<Case>(&recorded)?;
    let state = <Case as kinlog_domain::Aggregate>::replay(&events);
    // A purged practice case is gone for every reader.
    let Some(record) = state.effective().filter(|record| !record.is_purged()) else {
        return Err(unknown("case", case.0));
    };
    let facts: Vec<&CaseEvent> = events.iter().filter(|e| e.is_effective_fact()).collect();
    let (id, kind, subjects, portal) = match within {
        Within::Whole => {
            let members = facts.iter().flat_map(|e| e.persons_named()).collect();
            (case.0, ResourceKind::Case, members, PortalLinks::default())
        }
        Within::Note(note) => {
            let subjects = note_subjects(&facts, note).ok_or(unknown("case note", note.0))?;
            (
                note.0,
                ResourceKind::CaseNote,
                subjects,
                PortalLinks::default(),
            )
        }
        Within::Placement(placement) => {
            let child = placed_child(&facts, placement).ok_or(unknown("placement", placement.0))?;
            let portal = PortalLinks {
                placed_with: placed_with_now(&facts, child),
                ..PortalLinks::default()
            };
            (
                placement.0,
                ResourceKind::Placement,
                BTreeSet::from([child]),
                portal,
            )
        }
        Within::Visit(visit) => {
            let (child, visitors) =
                visit_parties(&facts, visit).ok_or(unknown("visit", visit.0))?;
            let portal = PortalLinks {
                family_parents: parents_of(store, child).await?,
                placed_with: placed_with_now(&facts, child),
                ..PortalLinks::default()
            };
            let mut subjects = visitors;
            subjects.insert(child);
            (visit.0, ResourceKind::VisitSchedule, subjects, portal)
        }
    };
    Ok(ResourceFacts {
        id,
        kind,
        owning_organization: record.agency(),
        case: Some(case),
        subjects,
        programs: BTreeSet::new(),
        portal,
    })
}

/// The persons of a note and of every note it amends, back to the original: an
/// amendment is read with what it amends.
fn note_subjects(facts: &[&CaseEvent], note: NoteId) -> Option<BTreeSet<PersonId>> {
    let mut subjects = BTreeSet::new();
    let mut next = Some(note);
    let mut found = false;
    while let Some(wanted) = next.take() {
        for event in facts {
            match event {
                CaseEvent::CaseNoteRecorded { note_id, .. } if *note_id == wanted => {
                    subjects.extend(event.persons_named());
                    found = true;
                }
                CaseEvent::CaseNoteAmended {
                    note_id, amends, ..
                } if *note_id == wanted => {
                    subjects.extend(event.persons_named());
                    found = true;
                    // The domain only lets a note amend an earlier one, so this ends.
                    next = Some(*amends);
                }
                _ => {}
            }
        }
    }
    found.then_some(subjects)
}

fn placed_child(facts: &[&CaseEvent], placement: PlacementId) -> Option<PersonId> {
    facts.iter().find_map(|event| match event {
        CaseEvent::ChildPlaced {
            placement_id,
            child,
            ..
        } if *placement_id == placement => Some(*child),
        _ => None,
    })
}

/// The provider of the child's placement that has not ended, if any.
pub(crate) fn placed_with_now(facts: &[&CaseEvent], child: PersonId) -> Option<ProviderId> {
    let mut current: Option<(PlacementId, Option<ProviderId>)> = None;
    for event in facts {
        match event {
            CaseEvent::ChildPlaced {
                placement_id,
                child: placed,
                ended_on,
                provider,
                ..
            } if *placed == child => {
                current = ended_on.is_none().then_some((*placement_id, *provider));
            }
            CaseEvent::PlacementEnded { placement_id, .. }
                if current.is_some_and(|(open, _)| open == *placement_id) =>
            {
                current = None;
            }
            CaseEvent::ChildExitedCare { child: exited, .. } if *exited == child => {
                current = None;
            }
            _ => {}
        }
    }
    current.and_then(|(_, provider)| provider)
}

fn visit_parties(
    facts: &[&CaseEvent],
    visit: FamilyVisitId,
) -> Option<(PersonId, BTreeSet<PersonId>)> {
    facts.iter().find_map(|event| match event {
        CaseEvent::FamilyVisitScheduled {
            visit_id,
            child,
            visitors,
            ..
        } if *visit_id == visit => Some((*child, visitors.clone())),
        _ => None,
    })
}

/// The child's legal parents as the child's person record names them.
async fn parents_of(store: &Store, child: PersonId) -> Result<BTreeSet<PersonId>, Error> {
    let state = fold::one::<Person>(store, &child.stream_id()).await?;
    Ok(state
        .map(|person| {
            person
                .relationships()
                .iter()
                .filter(|(_, kind)| kind.is_parent())
                .map(|(parent, _)| *parent)
                .collect()
        })
        .unwrap_or_default())
}

async fn audit_log(store: &Store, organization: OrganizationId) -> Result<ResourceFacts, Error> {
    let state = fold::one::<Organization>(store, &organization.stream_id()).await?;
    if state.and_then(|s| s.kind()).is_none() {
        return Err(unknown("organization", organization.0));
    }
    Ok(ResourceFacts {
        id: organization.0,
        kind: ResourceKind::AuditLog,
        owning_organization: organization,
        case: None,
        subjects: BTreeSet::new(),
        programs: BTreeSet::new(),
        portal: PortalLinks::default(),
    })
}

async fn caseload_of(store: &Store, staff: StaffId) -> Result<ResourceFacts, Error> {
    let (organization, _) = administration::account(store, staff).await?;
    let mut subjects = BTreeSet::new();
    for case in caseload::of(store, staff).await?.cases() {
        subjects.extend(in_case(store, case, Within::Whole).await?.subjects);
    }
    Ok(ResourceFacts {
        id: staff.0,
        kind: ResourceKind::Case,
        owning_organization: organization,
        case: None,
        subjects,
        programs: BTreeSet::new(),
        portal: PortalLinks::default(),
    })
}

pub(crate) fn unknown(kind: &'static str, id: Uuid) -> Error {
    Error::UnknownResource { kind, id }
}
