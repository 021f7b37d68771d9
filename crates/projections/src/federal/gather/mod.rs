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
mod kept;
mod person_fact;
mod stored;
#[cfg(test)]
mod tests;

pub use fold::LogFacts;
pub use inputs::RecordNumbers;
pub(crate) use person_fact::PersonFact;
pub(crate) use stored::{encode_case_record, encode_person_records};

use kinlog_store::Store;

use crate::Error;
use kept::{fold_cases, fold_persons, Persons};

/// Which facts a run needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every case and person.
    Everything,
    /// What AFCARS reads: the cases holding an episode, agreement or finalization, and
    /// the persons those name.
    Afcars,
    /// What NYTD reads: the persons with an independent-living service or an outcome
    /// survey, and the cases an AFCARS run reads (a youth's time in care).
    Nytd,
    /// What CFSR reads: the cases an AFCARS run reads and those with a substantiated or
    /// indicated finding, and the children those name.
    Cfsr,
    /// What NCANDS reads of a federal fiscal year: the cases with a finding, a screening
    /// out or a maltreatment death dated in it, the cases an AFCARS run reads (whether a
    /// child was ever in foster care), and the persons named by the reports with a
    /// finding in the year.
    Ncands { fiscal_year: i32 },
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
        // The persons AFCARS, CFSR and NCANDS read are known only once the cases are
        // folded.
        Scope::Afcars | Scope::Cfsr | Scope::Ncands { .. } => {
            let cases = fold_cases(store.clone(), position, scope).await?;
            let named = match scope {
                Scope::Afcars => cases.afcars_children(),
                Scope::Ncands { fiscal_year } => cases.ncands_persons(fiscal_year),
                _ => cases.cfsr_children(),
            };
            let persons = fold_persons(store, position, Persons::Only(&named)).await?;
            (cases, persons)
        }
        // Otherwise a case's fold never reads a person's facts, nor the reverse, so the
        // two categories are read and folded side by side, one task each.
        Scope::Everything | Scope::Nytd => {
            let wanted = match scope {
                Scope::Nytd => Persons::Youths,
                _ => Persons::All,
            };
            let cases = tokio::spawn(fold_cases(store.clone(), position, scope));
            let persons = match fold_persons(store, position, wanted).await {
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
    };
    Ok(LogFacts {
        position,
        cases: cases.cases,
        episode_cases: cases.episode_cases,
        persons: persons.persons,
        external_ids: persons.external_ids,
    })
}
