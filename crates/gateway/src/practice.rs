//! The practice environment (OMS policy: "Cases are deleted every 3 months. Cases in 'My
//! Training Review' will not be deleted"): `kinlog practice mark` flags an empty
//! deployment as a practice one, and `kinlog practice purge` removes its old cases.
//!
//! The log is append-only and hash-chained even in practice, so a purge removes a case
//! the way erasure does, never by deleting events: each case gets `PracticeCasePurged`
//! (every read model drops it, every route answers 404, no command reaches it), and each
//! person whom no remaining case names is erased by crypto-shredding. `kinlog verify`
//! still passes afterwards, and the purge itself is on the record.
use std::collections::BTreeSet;

use chrono::{DateTime, Months, Utc};
use kinlog_domain::case::{Case, CaseCommand, CaseEvent, PurgePracticeCase};
use kinlog_domain::person::{Person, PersonCommand};
use kinlog_domain::{CaseId, CommandContext, Date, Narrative, PersonId};
use kinlog_domain::{Rule, StaffId};
use kinlog_projections::EventMetadata;
use kinlog_store::Store;
use uuid::Uuid;

use crate::principal::{case_of, cases_naming, fold};
use crate::{execute, Error};

/// How old a practice case must be to be purged.
pub const RETENTION: Months = Months::new(3);

/// The default cut-off: cases whose first event was recorded before it are purged.
pub fn default_cutoff(now: DateTime<Utc>) -> DateTime<Utc> {
    now.checked_sub_months(RETENTION).unwrap_or(now)
}

/// What one purge did.
#[derive(Debug, Default)]
pub struct PurgeReport {
    pub cutoff: Option<DateTime<Utc>>,
    pub purged: Vec<PurgedCase>,
    /// Old enough, but kept for training review.
    pub kept_for_training_review: Vec<CaseId>,
}

/// One purged case.
#[derive(Debug)]
pub struct PurgedCase {
    pub case: CaseId,
    /// When its first event was recorded.
    pub created_at: DateTime<Utc>,
    /// The persons it named whom no remaining case names, now erased.
    pub persons_erased: Vec<PersonId>,
}

/// Purges every case of a practice deployment created before `cutoff`, except those kept
/// for training review. A production deployment is refused before anything is read.
pub async fn purge(store: &Store, cutoff: DateTime<Utc>) -> Result<PurgeReport, Error> {
    if !store.is_practice().await? {
        return Err(Error::NotPractice);
    }
    let context = CommandContext {
        // The purge is the system's act, not a staff member's.
        actor: StaffId(Uuid::nil()),
        actor_is_intern: false,
        now: Utc::now(),
    };
    let today = Date::from(context.now.date_naive());
    let mut report = PurgeReport {
        cutoff: Some(cutoff),
        ..PurgeReport::default()
    };
    for (case, created_at) in cases_created_before(store, cutoff).await? {
        let purge = CaseCommand::PurgePracticeCase(PurgePracticeCase { purged_on: today });
        let metadata = EventMetadata::default();
        let newly_purged =
            match execute::<Case>(store, &case.stream_id(), purge, &context, &metadata).await {
                Ok(_) => true,
                Err(Error::Domain(refused)) if refused.rule == Rule::KeptForTrainingReview => {
                    report.kept_for_training_review.push(case);
                    continue;
                }
                // Purged by an earlier run: its persons are checked again below, in case
                // that run stopped before erasing them all.
                Err(Error::Domain(refused)) if refused.rule == Rule::CasePurged => false,
                // A referral no one ever made effective: nothing to purge.
                Err(Error::Domain(refused)) if refused.rule == Rule::NotFound => continue,
                Err(e) => return Err(e),
            };
        let persons_erased = erase_persons_left_alone(store, case, &context).await?;
        if newly_purged || !persons_erased.is_empty() {
            report.purged.push(PurgedCase {
                case,
                created_at,
                persons_erased,
            });
        }
    }
    Ok(report)
}

async fn cases_created_before(
    store: &Store,
    cutoff: DateTime<Utc>,
) -> Result<Vec<(CaseId, DateTime<Utc>)>, Error> {
    let client = store.connection().await?;
    let rows = client
        .query(
            "SELECT stream_id, min(recorded_at) FROM es.events \
             WHERE es.category(stream_id) = $1 GROUP BY stream_id \
             HAVING min(recorded_at) < $2 ORDER BY 2, 1",
            &[&CaseId::CATEGORY, &cutoff],
        )
        .await
        .map_err(kinlog_store::Error::db("finding practice cases to purge"))?;
    rows.iter()
        .map(|row| Ok((case_of(row.get(0))?, row.get(1))))
        .collect()
}

/// Erases each person `purged` named whom no case still in use names; returns those whose
/// erasure this call recorded or finished.
async fn erase_persons_left_alone(
    store: &Store,
    purged: CaseId,
    context: &CommandContext,
) -> Result<Vec<PersonId>, Error> {
    let recorded = store
        .read_stream(&purged.stream_id(), 1, u32::MAX as usize)
        .await?;
    let named: BTreeSet<PersonId> = fold::events::<Case>(&recorded)?
        .iter()
        .filter(|event| event.is_effective_fact())
        .flat_map(CaseEvent::persons_named)
        .collect();
    let mut erased = Vec::new();
    for person in named {
        if still_named(store, person).await? {
            continue;
        }
        let erase = PersonCommand::ErasePersonalData {
            legal_basis: Narrative::new(
                "practice environment purge: cases are deleted every 3 months",
            ),
            request_reference: Narrative::new(format!(
                "kinlog practice purge of case {}",
                purged.0
            )),
            occurred_on: context.now.date_naive(),
        };
        let metadata = EventMetadata::default();
        let recorded =
            match execute::<Person>(store, &person.stream_id(), erase, context, &metadata).await {
                Ok(appended) => appended.is_some(),
                // Erased before; the key destruction below finishes it if it did not.
                Err(Error::Domain(refused)) if refused.rule == Rule::AlreadyRecorded => false,
                // Named by the case but never registered: no record, no key to destroy.
                Err(Error::Domain(refused)) if refused.rule == Rule::NotFound => continue,
                Err(e) => return Err(e),
            };
        let shredded = store.shred_subject(person.0).await?;
        if recorded || shredded.newly_shredded {
            erased.push(person);
        }
    }
    Ok(erased)
}

/// Whether a case that was not purged still names `person`.
async fn still_named(store: &Store, person: PersonId) -> Result<bool, Error> {
    for case in cases_naming(store, person).await? {
        let state = fold::one::<Case>(store, &case.stream_id()).await?;
        let in_use = state
            .as_ref()
            .and_then(|s| s.effective())
            .is_some_and(|record| !record.is_purged());
        if in_use {
            return Ok(true);
        }
    }
    Ok(false)
}

impl std::fmt::Display for PurgeReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(cutoff) = self.cutoff {
            writeln!(f, "cases created before {}", cutoff.to_rfc3339())?;
        }
        for purged in &self.purged {
            writeln!(
                f,
                "purged case {}  created {}  persons erased {}",
                purged.case.0,
                purged.created_at.to_rfc3339(),
                purged.persons_erased.len()
            )?;
        }
        for kept in &self.kept_for_training_review {
            writeln!(f, "kept case {} (training review)", kept.0)?;
        }
        let persons: usize = self.purged.iter().map(|p| p.persons_erased.len()).sum();
        write!(
            f,
            "purged {} cases, erased {persons} persons, kept {} for training review",
            self.purged.len(),
            self.kept_for_training_review.len()
        )
    }
}
