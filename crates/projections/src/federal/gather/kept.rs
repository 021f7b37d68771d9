//! Reading the report facts projectors' rows as of their position, then folding the log
//! after it up to a run's position.
use std::collections::BTreeSet;

use futures_util::{pin_mut, StreamExt, TryStreamExt};
use kinlog_domain::case::CaseEvent;
use kinlog_domain::person::PersonEvent;
use kinlog_domain::{CaseId, PersonId};
use kinlog_store::{Filter, RecordedEvent, Store};
use tokio_postgres::types::ToSql;
use tokio_postgres::{Row, RowStream};
use uuid::Uuid;

use super::person_fact::PersonFact;
use super::{stored, LogFacts, Scope};
use crate::read_models::fields::stream_uuid;
use crate::runtime::{begin_index_read, indexed_position};
use crate::{decode, Error};

/// The case facts up to `position`: the kept rows, then the log after them.
pub(super) async fn fold_cases(
    store: Store,
    position: u64,
    scope: Scope,
) -> Result<LogFacts, Error> {
    let rows = match scope {
        Scope::Everything => Rows::All("SELECT case_id, facts FROM rm.case_facts".into()),
        // NYTD reads a youth's time in care from the cases AFCARS reads.
        Scope::Afcars | Scope::Nytd => Rows::FlaggedOrTouched(
            "SELECT case_id, facts FROM rm.case_facts WHERE afcars OR case_id = ANY($1)".into(),
        ),
        Scope::Cfsr => Rows::FlaggedOrTouched(
            "SELECT case_id, facts FROM rm.case_facts \
             WHERE afcars OR victims OR case_id = ANY($1)"
                .into(),
        ),
        Scope::Ncands { fiscal_year } => Rows::FlaggedOrTouched(format!(
            "SELECT case_id, facts FROM rm.case_facts \
             WHERE afcars OR ncands_years @> ARRAY[{fiscal_year}] OR case_id = ANY($1)"
        )),
    };
    let (mut facts, kept) = fold_kept(
        &store,
        ("report_case_facts", CaseId::CATEGORY),
        position,
        rows,
        "reading the report case facts",
        fold_case_row,
    )
    .await?;
    for_each_between(
        &store,
        CaseId::CATEGORY,
        kept,
        position,
        |case_id, event| {
            let (fact, metadata) = decode::<CaseEvent>(&event)?;
            // Transaction dates are UTC calendar dates of the recording time.
            facts.apply_case(case_id, &fact, metadata.transaction_at(&event).date_naive());
            Ok(())
        },
    )
    .await?;
    Ok(facts)
}

/// Which persons a run reads.
pub(super) enum Persons<'a> {
    All,
    Only(&'a BTreeSet<PersonId>),
    /// Everyone with an independent-living service or an outcome survey.
    Youths,
}

/// The person facts up to `position` of `persons`: the kept rows, then the log after
/// them.
pub(super) async fn fold_persons(
    store: &Store,
    position: u64,
    persons: Persons<'_>,
) -> Result<LogFacts, Error> {
    let rows = match persons {
        Persons::All => Rows::All("SELECT person_id, facts FROM rm.person_facts".into()),
        Persons::Only(only) => Rows::Ids(
            "SELECT person_id, facts FROM rm.person_facts WHERE person_id = ANY($1)".into(),
            only.iter().map(|p| p.0).collect(),
        ),
        Persons::Youths => Rows::FlaggedOrTouched(
            "SELECT person_id, facts FROM rm.person_facts WHERE nytd OR person_id = ANY($1)".into(),
        ),
    };
    let (mut facts, kept) = fold_kept(
        store,
        ("report_person_facts", PersonId::CATEGORY),
        position,
        rows,
        "reading the report person facts",
        fold_person_row,
    )
    .await?;
    for_each_between(store, PersonId::CATEGORY, kept, position, |id, event| {
        let person = PersonId(id);
        if let Persons::Only(only) = persons {
            if !only.contains(&person) {
                return Ok(());
            }
        }
        let (fact, metadata) = decode::<PersonEvent>(&event)?;
        for fact in PersonFact::of(&fact, metadata) {
            facts.apply_person(person, &fact);
        }
        Ok(())
    })
    .await?;
    Ok(facts)
}

/// Which kept rows a run reads: each query selects `(id, facts)` from a report facts view.
enum Rows {
    All(String),
    /// The rows of these ids, the query's `$1`.
    Ids(String, Vec<Uuid>),
    /// The rows flagged for the run, and those of the streams the log after the rows
    /// touched (the query's `$1`): such a stream may have become one the run reads, and
    /// its earlier facts are read in the same snapshot, so that all rows agree on the
    /// position they reflect.
    FlaggedOrTouched(String),
}

/// Folds the `rows` of `projector` (whose streams are `category`'s) with `fold_row`, as
/// of the projector's position if a run at `position` can start from it, and returns
/// the facts and that position: 0, with no rows read, when it cannot.
async fn fold_kept(
    store: &Store,
    (projector, category): (&str, &str),
    position: u64,
    rows: Rows,
    doing: &'static str,
    fold_row: fn(&mut LogFacts, Row) -> Result<(), Error>,
) -> Result<(LogFacts, u64), Error> {
    let mut facts = LogFacts::default();
    let mut connection = store.connection().await?;
    let transaction = begin_index_read(&mut connection).await?;
    let kept = usable(indexed_position(&transaction, projector).await?, position);
    if kept > 0 {
        let touched: Vec<Uuid>;
        let (sql, params): (&str, Vec<&(dyn ToSql + Sync)>) = match &rows {
            Rows::All(sql) => (sql, vec![]),
            Rows::Ids(sql, ids) => (sql, vec![ids]),
            Rows::FlaggedOrTouched(sql) => {
                touched = streams_between(store, category, kept, position).await?;
                (sql, vec![&touched])
            }
        };
        let rows = transaction
            .query_raw(sql, params)
            .await
            .map_err(Error::db(doing))?;
        facts = fold_rows(rows, doing, facts, fold_row).await?;
    }
    transaction
        .commit()
        .await
        .map_err(Error::db("ending a report facts read"))?;
    Ok((facts, kept))
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
    for_each_between(store, category, after, up_to, |stream, _| {
        streams.insert(stream);
        Ok(())
    })
    .await?;
    Ok(streams.into_iter().collect())
}

/// Hands each event of `category` in `(after, up_to]` to `apply` with its stream's id,
/// in log order.
async fn for_each_between(
    store: &Store,
    category: &str,
    after: u64,
    up_to: u64,
    mut apply: impl FnMut(Uuid, RecordedEvent) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut events = store
        .read_filtered(&Filter::Category(category.to_owned()), None, after, None)
        .await?;
    while let Some(event) = events.next().await {
        let event = event?;
        if event.position > up_to {
            break;
        }
        apply(stream_uuid(&event, category)?, event)?;
    }
    Ok(())
}
