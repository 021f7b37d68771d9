//! A person's own copy of everything kinlog holds about them (VisitOMS policy §6, HIPAA
//! §164.524): their record's events, the facts of every case that name them, and every
//! release of their information. Facts of a case that do not name the person (a
//! sibling's placement, another adult's allegation) are someone else's and are left out.
use chrono::{DateTime, Utc};
use kinlog_domain::case::CaseEvent;
use kinlog_domain::person::PersonEvent;
use kinlog_domain::{CaseId, PersonId};
use kinlog_projections::decode;
use kinlog_store::{RecordedEvent, Store};
use serde::Serialize;

use crate::principal::cases_naming;
use crate::replay::{every_disclosure, DisclosureRow};
use crate::Error;

/// The export, as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct PersonExport {
    pub person_id: PersonId,
    /// The log position the export reflects: nothing after it is in it.
    pub as_of_position: u64,
    /// Every event of the person's own record, in log order.
    pub person_events: Vec<ExportedEvent>,
    /// The effective facts of each case that name the person, in log order.
    pub case_events: Vec<ExportedEvent>,
    /// Every disclosure of the person's information, oldest first.
    pub disclosures: Vec<DisclosureRow>,
}

/// One event as the export shows it: where and when it was recorded, and the fact.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedEvent {
    pub position: u64,
    pub stream_id: String,
    pub event_type: String,
    pub recorded_at: DateTime<Utc>,
    pub fact: serde_json::Value,
}

/// Everything about `person`, or [`Error::UnknownResource`] when no such person exists.
pub async fn export_person(store: &Store, person: PersonId) -> Result<PersonExport, Error> {
    let own = store
        .read_stream(&person.stream_id(), 1, u32::MAX as usize)
        .await?;
    if own.is_empty() {
        return Err(Error::UnknownResource {
            kind: "person",
            id: person.0,
        });
    }
    let mut person_events = Vec::with_capacity(own.len());
    for event in &own {
        let (fact, _) = decode::<PersonEvent>(event)?;
        person_events.push(exported(event, &fact)?);
    }
    let cases = cases_naming(store, person).await?;
    let streams: Vec<String> = cases.iter().map(CaseId::stream_id).collect();
    let mut case_events = Vec::new();
    for event in store.read_streams(&streams).await? {
        let (fact, _) = decode::<CaseEvent>(&event)?;
        if fact.is_effective_fact() && fact.persons_named().contains(&person) {
            case_events.push(exported(&event, &fact)?);
        }
    }
    let disclosures = every_disclosure(store, person).await?;
    let as_of_position = person_events
        .iter()
        .chain(&case_events)
        .map(|e| e.position)
        .chain(disclosures.iter().map(|d| d.position))
        .max()
        .unwrap_or(0);
    Ok(PersonExport {
        person_id: person,
        as_of_position,
        person_events,
        case_events,
        disclosures,
    })
}

fn exported(event: &RecordedEvent, fact: &impl Serialize) -> Result<ExportedEvent, Error> {
    Ok(ExportedEvent {
        position: event.position,
        stream_id: event.stream_id.clone(),
        event_type: event.event_type.clone(),
        recorded_at: event.recorded_at,
        fact: serde_json::to_value(fact).map_err(|source| Error::Json {
            what: "a person's export",
            source,
        })?,
    })
}
