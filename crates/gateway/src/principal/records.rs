//! Person and provider records: who owns them and who they are about.
use std::collections::{BTreeMap, BTreeSet};

use kinlog_domain::case::{Case, CaseEvent};
use kinlog_domain::person::Person;
use kinlog_domain::policy::{PortalLinks, ResourceFacts, ResourceKind};
use kinlog_domain::provider::{Caregivers, ProviderEvent};
use kinlog_domain::{Aggregate, CaseId, OrganizationId, PersonId, ProviderId};
use kinlog_projections::decode;
use kinlog_store::Store;

use super::caseload::case_of;
use super::resource::{placed_with_now, unknown};
use super::{fold, tail};
use crate::Error;

/// A person record belongs to the agency of the latest case that names the person; the
/// provider placing them now is the one of that case's open placement. A person no
/// case names has no owning agency, and the load fails (a deny), rather than guess.
pub(crate) async fn person(store: &Store, person: PersonId) -> Result<ResourceFacts, Error> {
    let registered = fold::one::<Person>(store, &person.stream_id())
        .await?
        .is_some_and(|state| state.id() == Some(person));
    if !registered {
        return Err(unknown("person", person.0));
    }
    let cases = cases_naming(store, person).await?;
    let streams: Vec<String> = cases.iter().map(CaseId::stream_id).collect();
    let mut by_case: BTreeMap<String, (u64, Vec<CaseEvent>)> = BTreeMap::new();
    for recorded in store.read_streams(&streams).await? {
        let (event, _) = decode::<CaseEvent>(&recorded)?;
        let entry = by_case.entry(recorded.stream_id).or_default();
        entry.0 = recorded.position;
        entry.1.push(event);
    }
    // The person's record belongs to the case that last recorded a fact naming them: its
    // agency owns the record, and its caseload may record on it.
    let (latest_stream, latest) = by_case
        .iter()
        .max_by_key(|(_, (last_position, _))| *last_position)
        .ok_or(Error::FactsUnavailable {
            what: "a person record",
            reason: "no case names the person, so no agency owns the record",
        })?;
    let state = Case::replay(&latest.1);
    let record = state.effective().ok_or(Error::FactsUnavailable {
        what: "a person record",
        reason: "the case naming the person has no effective referral",
    })?;
    let facts: Vec<&CaseEvent> = latest.1.iter().filter(|e| e.is_effective_fact()).collect();
    Ok(ResourceFacts {
        id: person.0,
        kind: ResourceKind::Person,
        owning_organization: record.agency(),
        case: Some(super::caseload::case_of(latest_stream)?),
        subjects: BTreeSet::from([person]),
        programs: BTreeSet::new(),
        portal: PortalLinks {
            placed_with: placed_with_now(&facts, person),
            ..PortalLinks::default()
        },
    })
}

/// The cases any effective fact of which names `person`: the `case_member` index and
/// the case events after its position.
pub(crate) async fn cases_naming(
    store: &Store,
    person: PersonId,
) -> Result<BTreeSet<CaseId>, Error> {
    let indexed = tail::indexed(
        store,
        "case_member",
        "SELECT case_id FROM rm.case_member WHERE person_id = $1",
        &[&person.0],
    )
    .await?;
    let mut cases: BTreeSet<CaseId> = indexed.rows.iter().map(|row| CaseId(row.get(0))).collect();
    for recorded in tail::after_in_category(store, indexed.position, CaseId::CATEGORY).await? {
        let (event, _) = decode::<CaseEvent>(&recorded)?;
        if event.is_effective_fact() && event.persons_named().contains(&person) {
            cases.insert(case_of(&recorded.stream_id)?);
        }
    }
    Ok(cases)
}

/// A provider's record belongs to the organization that registered it; it is about its
/// current caregivers and every person its facts name (training attendees, youths
/// discharged or given aftercare).
pub(crate) async fn provider(store: &Store, provider: ProviderId) -> Result<ResourceFacts, Error> {
    let recorded = store
        .read_stream(&provider.stream_id(), 1, u32::MAX as usize)
        .await?;
    let mut owner: Option<OrganizationId> = None;
    let mut caregivers = BTreeSet::new();
    let mut named = BTreeSet::new();
    for event in &recorded {
        match decode::<ProviderEvent>(event)?.0 {
            ProviderEvent::ProviderRegistered {
                organization_id, ..
            } => owner = Some(organization_id),
            ProviderEvent::CaregiversRecorded {
                caregivers: now, ..
            } => {
                caregivers = caregiver_persons(&now);
            }
            ProviderEvent::TrainingCompleted { attendee, .. } => {
                named.insert(attendee);
            }
            ProviderEvent::DischargePlanningRecorded { youth, .. }
            | ProviderEvent::QrtpDischargeRecorded { youth, .. }
            | ProviderEvent::AftercareSupportRecorded { youth, .. } => {
                named.insert(youth);
            }
            _ => {}
        }
    }
    let owner = owner.ok_or(unknown("provider", provider.0))?;
    named.extend(caregivers);
    Ok(ResourceFacts {
        id: provider.0,
        kind: ResourceKind::ProviderRecord,
        owning_organization: owner,
        case: None,
        subjects: named,
        programs: BTreeSet::new(),
        portal: PortalLinks::default(),
    })
}

fn caregiver_persons(caregivers: &Caregivers) -> BTreeSet<PersonId> {
    match caregivers {
        Caregivers::MarriedCouple { first, second }
        | Caregivers::UnmarriedCouple { first, second } => BTreeSet::from([*first, *second]),
        Caregivers::Separated { caregiver } | Caregivers::Single { caregiver } => {
            BTreeSet::from([*caregiver])
        }
    }
}
