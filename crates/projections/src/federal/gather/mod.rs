//! Gathering what the federal reports need from the log at a position: the case and
//! person facts up to and including that position, folded into [`LogFacts`], then turned
//! into each generator's plain inputs.
//!
//! The facts of each stream are kept by two projectors (`report_case_facts`,
//! `report_person_facts`, in `stored`'s records). A run reads their rows as of the
//! position they reflect and folds the log after it, up to the run's position: the same
//! facts as folding the whole log, and so the same bytes, but an AFCARS run reads only
//! the cases and children it reports. A projector that is behind only makes the tail
//! longer; one past the run's position (a re-run of an old position) is not used, and
//! the whole log is folded.
mod afcars;
mod fold;
mod inputs;
mod person_fact;
mod stored;
#[cfg(test)]
mod tests;

pub use fold::LogFacts;
pub use inputs::RecordNumbers;
pub(crate) use person_fact::PersonFact;
pub(crate) use stored::{encode_case_record, encode_person_records};

use std::collections::BTreeSet;

use futures_util::{pin_mut, StreamExt, TryStreamExt};
use kinlog_domain::case::CaseEvent;
use kinlog_domain::person::PersonEvent;
use kinlog_domain::{CaseId, PersonId};
use kinlog_store::{Filter, Store};
use tokio_postgres::types::ToSql;
use tokio_postgres::{Row, RowStream};
use uuid::Uuid;

use crate::read_models::fields::stream_uuid;
use crate::runtime::{begin_index_read, indexed_position};
use crate::{decode, Error};

/// Which facts a run needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every case and person.
    Everything,
    /// What AFCARS reads: the cases holding an episode, agreement or finalization, and
    /// the persons those name.
    Afcars,
}

/// The facts as of `position` (inclusive). A position past the head is refused: the
/// run would not be reproducible once more events arrive.
pub async fn read_facts(store: &Store, position: u64, scope: Scope) -> Result<LogFacts, Error> {
    let head = store.head().await?;
    if position > head {
        return Err(Error::ReportInput {
            field: "position",
            reason: "past the head of the log",
        });
    }
    let (cases, persons) = match scope {
        // A case's fold never reads a person's facts, nor the reverse, so the two
        // categories are read and folded side by side, one task each.
        Scope::Everything => {
            let cases = tokio::spawn(fold_cases(store.clone(), position, scope));
            let persons = match fold_persons(store, position, None).await {
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
            (cases, persons)
        }
        // The persons AFCARS reads are known only once the cases are folded.
        Scope::Afcars => {
            let cases = fold_cases(store.clone(), position, scope).await?;
            let children = cases.afcars_children();
            let persons = fold_persons(store, position, Some(&children)).await?;
            (cases, persons)
        }
    };
    Ok(LogFacts {
        position,
        cases: cases.cases,
        episode_cases: cases.episode_cases,
        persons: persons.persons,
        external_ids: persons.external_ids,
    })
}

/// The case facts up to `position`: the kept rows, then the log after them.
async fn fold_cases(store: Store, position: u64, scope: Scope) -> Result<LogFacts, Error> {
    let mut facts = LogFacts::default();
    let mut connection = store.connection().await?;
    let transaction = begin_index_read(&mut connection).await?;
    let kept = usable(
        indexed_position(&transaction, "report_case_facts").await?,
        position,
    );
    if kept > 0 {
        let everything = "SELECT case_id, facts FROM rm.case_facts";
        // A case the tail touches may become one AFCARS reads; its earlier facts are
        // read with the rest, in this transaction, so that all rows agree on `kept`.
        let afcars = "SELECT case_id, facts FROM rm.case_facts WHERE afcars OR case_id = ANY($1)";
        let touched: Vec<Uuid>;
        let (sql, params): (&str, Vec<&(dyn ToSql + Sync)>) = match scope {
            Scope::Everything => (everything, vec![]),
            Scope::Afcars => {
                touched = streams_between(&store, CaseId::CATEGORY, kept, position).await?;
                (afcars, vec![&touched])
            }
        };
        let rows = transaction
            .query_raw(sql, params)
            .await
            .map_err(Error::db("reading the report case facts"))?;
        facts = fold_rows(rows, "reading the report case facts", facts, fold_case_row).await?;
    }
    transaction
        .commit()
        .await
        .map_err(Error::db("ending the report case facts read"))?;
    drop(connection);
    let mut events = store
        .read_filtered(
            &Filter::Category(CaseId::CATEGORY.to_owned()),
            None,
            kept,
            None,
        )
        .await?;
    while let Some(event) = events.next().await {
        let event = event?;
        if event.position > position {
            break;
        }
        let case_id = stream_uuid(&event, CaseId::CATEGORY)?;
        let (fact, metadata) = decode::<CaseEvent>(&event)?;
        // Transaction dates are UTC calendar dates of the recording time.
        facts.apply_case(case_id, &fact, metadata.transaction_at(&event).date_naive());
    }
    Ok(facts)
}

/// The person facts up to `position`, of `only` these persons when given: the kept rows,
/// then the log after them.
async fn fold_persons(
    store: &Store,
    position: u64,
    only: Option<&BTreeSet<PersonId>>,
) -> Result<LogFacts, Error> {
    let mut facts = LogFacts::default();
    let mut connection = store.connection().await?;
    let transaction = begin_index_read(&mut connection).await?;
    let kept = usable(
        indexed_position(&transaction, "report_person_facts").await?,
        position,
    );
    if kept > 0 {
        let ids: Vec<Uuid> = only.into_iter().flatten().map(|p| p.0).collect();
        let (sql, params): (&str, Vec<&(dyn ToSql + Sync)>) = match only {
            None => ("SELECT person_id, facts FROM rm.person_facts", vec![]),
            Some(_) => (
                "SELECT person_id, facts FROM rm.person_facts WHERE person_id = ANY($1)",
                vec![&ids],
            ),
        };
        let rows = transaction
            .query_raw(sql, params)
            .await
            .map_err(Error::db("reading the report person facts"))?;
        facts = fold_rows(
            rows,
            "reading the report person facts",
            facts,
            fold_person_row,
        )
        .await?;
    }
    transaction
        .commit()
        .await
        .map_err(Error::db("ending the report person facts read"))?;
    drop(connection);
    let mut events = store
        .read_filtered(
            &Filter::Category(PersonId::CATEGORY.to_owned()),
            None,
            kept,
            None,
        )
        .await?;
    while let Some(event) = events.next().await {
        let event = event?;
        if event.position > position {
            break;
        }
        let person = PersonId(stream_uuid(&event, PersonId::CATEGORY)?);
        if only.is_some_and(|only| !only.contains(&person)) {
            continue;
        }
        let (fact, metadata) = decode::<PersonEvent>(&event)?;
        for fact in PersonFact::of(&fact, metadata) {
            facts.apply_person(person, &fact);
        }
    }
    Ok(facts)
}

fn fold_case_row(facts: &mut LogFacts, row: Row) -> Result<(), Error> {
    let case_id: Uuid = row.get(0);
    for (recorded_on, event) in stored::decode_records::<stored::CaseRecord>(case_id, row.get(1))? {
        facts.apply_case(case_id, &event, recorded_on);
    }
    Ok(())
}

fn fold_person_row(facts: &mut LogFacts, row: Row) -> Result<(), Error> {
    let person = PersonId(row.get(0));
    for fact in stored::decode_records::<PersonFact>(person.0, row.get(1))? {
        facts.apply_person(person, &fact);
    }
    Ok(())
}

/// Folds `rows` into `facts` with `fold` on a thread of its own, so that decoding the
/// records, most of a run's read, overlaps receiving them.
async fn fold_rows(
    rows: RowStream,
    doing: &'static str,
    mut facts: LogFacts,
    fold: fn(&mut LogFacts, Row) -> Result<(), Error>,
) -> Result<LogFacts, Error> {
    const CHUNK: usize = 64;
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Vec<Row>>(16);
    let folding = tokio::task::spawn_blocking(move || {
        while let Some(chunk) = receiver.blocking_recv() {
            for row in chunk {
                fold(&mut facts, row)?;
            }
        }
        Ok::<_, Error>(facts)
    });
    let received = async {
        pin_mut!(rows);
        let mut chunk = Vec::with_capacity(CHUNK);
        while let Some(row) = rows.try_next().await.map_err(Error::db(doing))? {
            chunk.push(row);
            if chunk.len() == CHUNK {
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                if sender.send(full).await.is_err() {
                    // The fold stopped on an error, which it answers below.
                    return Ok(());
                }
            }
        }
        // As above, a closed channel means the fold's own error.
        let _ = sender.send(chunk).await;
        Ok(())
    }
    .await;
    drop(sender);
    let folded = folding
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
    received.and(folded)
}

/// The position of kept rows a run at `position` can start from: 0 (the whole log) when
/// there are none, or when they reflect events after the run's position.
fn usable(kept: Option<u64>, position: u64) -> u64 {
    kept.filter(|kept| *kept <= position).unwrap_or(0)
}

/// The streams of `category` with an event in `(after, up_to]`.
async fn streams_between(
    store: &Store,
    category: &str,
    after: u64,
    up_to: u64,
) -> Result<Vec<Uuid>, Error> {
    let mut streams = BTreeSet::new();
    let mut events = store
        .read_filtered(&Filter::Category(category.to_owned()), None, after, None)
        .await?;
    while let Some(event) = events.next().await {
        let event = event?;
        if event.position > up_to {
            break;
        }
        streams.insert(stream_uuid(&event, category)?);
    }
    Ok(streams.into_iter().collect())
}
