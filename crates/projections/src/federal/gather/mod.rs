//! Gathering what the federal reports need from the log at a position: case and person
//! events up to and including that position, folded into [`LogFacts`], then turned into
//! each generator's plain inputs. Reading the log, rather than the read models, is what
//! pins a run to one position: a read model sits at its own checkpoint.
mod afcars;
mod fold;
mod inputs;
#[cfg(test)]
mod tests;

pub use fold::LogFacts;
pub use inputs::RecordNumbers;

use futures_util::StreamExt;
use kinlog_domain::case::CaseEvent;
use kinlog_domain::person::PersonEvent;
use kinlog_domain::{CaseId, PersonId};
use kinlog_store::{Filter, Store};

use crate::read_models::fields::stream_uuid;
use crate::{decode, Error};

/// The facts as of `position` (inclusive). A position past the head is refused: the
/// run would not be reproducible once more events arrive.
pub async fn read_facts(store: &Store, position: u64) -> Result<LogFacts, Error> {
    let head = store.head().await?;
    if position > head {
        return Err(Error::ReportInput {
            field: "position",
            reason: "past the head of the log",
        });
    }
    // A case's fold never reads a person's facts, nor the reverse, so the two categories
    // are read and folded side by side, one task each: decoding is most of the work.
    let cases = tokio::spawn(fold_category(store.clone(), CaseId::CATEGORY, position));
    let persons = match fold_category(store.clone(), PersonId::CATEGORY, position).await {
        Ok(persons) => persons,
        Err(e) => {
            cases.abort();
            return Err(e);
        }
    };
    // The task is never aborted before this point, so it ended or panicked.
    let cases = cases
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))?;
    Ok(LogFacts {
        position,
        cases: cases.cases,
        episode_cases: cases.episode_cases,
        persons: persons.persons,
        external_ids: persons.external_ids,
    })
}

/// The facts of one category's events up to `position`.
async fn fold_category(
    store: Store,
    category: &'static str,
    position: u64,
) -> Result<LogFacts, Error> {
    let mut facts = LogFacts::default();
    let filter = Filter::Category(category.to_owned());
    let mut events = store.read_filtered(&filter, None, 0, None).await?;
    while let Some(event) = events.next().await {
        let event = event?;
        if event.position > position {
            break;
        }
        let id = stream_uuid(&event, category)?;
        if category == CaseId::CATEGORY {
            let (fact, metadata) = decode::<CaseEvent>(&event)?;
            // Transaction dates are UTC calendar dates of the recording time.
            facts.apply_case(id, &fact, metadata.transaction_at(&event).date_naive());
        } else {
            let (fact, metadata) = decode::<PersonEvent>(&event)?;
            if let Some(external) = metadata.external_id {
                facts.note_external_id(PersonId(id), external);
            }
            facts.apply_person(PersonId(id), &fact);
        }
    }
    Ok(facts)
}
