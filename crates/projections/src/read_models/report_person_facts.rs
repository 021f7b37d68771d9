//! The facts the federal reports read of each person, kept so that a report run reads
//! the persons it needs instead of the whole log (`federal::gather`). Never a name: the
//! facts are what `PersonFact` holds.
use kinlog_domain::person::PersonEvent;
use kinlog_domain::PersonId;
use kinlog_store::RecordedEvent;

use super::fields::stream_uuid;
use crate::federal::gather::{encode_person_records, PersonFact};
use crate::runtime::params;
use crate::{decode, Error, Writes};

/// The `report_person_facts` projector: table `person_facts`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportPersonFactsView;

read_model!(
    ReportPersonFactsView,
    "report_person_facts",
    2,
    PersonId::CATEGORY,
    apply
);

fn apply(event: &RecordedEvent, writes: &mut Writes) -> Result<(), Error> {
    let (fact, metadata) = decode::<PersonEvent>(event)?;
    let facts = PersonFact::of(&fact, metadata);
    if facts.is_empty() {
        return Ok(());
    }
    // What NYTD reads of a person hangs off a service or a survey.
    let nytd = facts.iter().any(|fact| {
        matches!(
            fact,
            PersonFact::IndependentLivingService(..) | PersonFact::Survey(_)
        )
    });
    writes.push(
        "INSERT INTO person_facts (person_id, facts, nytd) VALUES ($1, $2, $3) \
         ON CONFLICT (person_id) DO UPDATE SET facts = person_facts.facts || excluded.facts, \
         nytd = person_facts.nytd OR excluded.nytd",
        params![
            stream_uuid(event, PersonId::CATEGORY)?,
            encode_person_records(&facts)?,
            nytd,
        ],
        "keeping a person's report facts",
    );
    Ok(())
}
