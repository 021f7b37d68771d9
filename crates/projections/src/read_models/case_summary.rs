//! Case summary and caseload: each case's status, agency, caseworker and supervisor,
//! children and their open custody episodes; and each worker's open cases.
use kinlog_domain::case::{CaseEvent, ScreeningDecision};
use kinlog_domain::CaseId;
use kinlog_store::RecordedEvent;
use tokio_postgres::types::Type;
use tokio_postgres::Transaction;
use uuid::Uuid;

use super::fields::{stream_uuid, variant_name};
use crate::{decode, Error};

/// The `case_summary` projector: tables `case_summary`, `case_child`, `caseload`.
#[derive(Debug, Clone, Copy, Default)]
pub struct CaseSummaryView;

read_model!(CaseSummaryView, "case_summary", 1, CaseId::CATEGORY, apply);

async fn apply(tx: &Transaction<'_>, event: &RecordedEvent) -> Result<(), Error> {
    let (fact, _) = decode::<CaseEvent>(event)?;
    // An intern's proposal is not a fact; an approved entry arrives as its own facts.
    if !fact.is_effective_fact() {
        return Ok(());
    }
    let case_id = stream_uuid(event, CaseId::CATEGORY)?;
    let position = event.position as i64;
    // The stamp touches only its own columns and needs only the case's row, which a
    // referral's first statement creates; so it is pipelined behind the fact's first
    // statement instead of waiting a round trip. Statements on one connection execute
    // in the order they are sent.
    let stamp = async {
        tx.execute_typed(
            "UPDATE case_summary SET last_position = $2, last_recorded_at = $3 WHERE case_id = $1",
            &[
                (&case_id, Type::UUID),
                (&position, Type::INT8),
                (&event.recorded_at, Type::TIMESTAMPTZ),
            ],
        )
        .await
        .map_err(Error::db("stamping a case summary"))
    };
    futures_util::future::try_join(apply_fact(tx, event, case_id, &fact), stamp).await?;
    Ok(())
}

async fn apply_fact(
    tx: &Transaction<'_>,
    event: &RecordedEvent,
    case_id: Uuid,
    fact: &CaseEvent,
) -> Result<(), Error> {
    match fact {
        CaseEvent::ReferralReceived {
            reported_on,
            county,
            agency,
            children,
            ..
        } => {
            tx.execute_typed(
                "INSERT INTO case_summary (case_id, status, agency, county, reported_on, \
                 last_position, last_recorded_at) VALUES ($1, 'referred', $2, $3, $4, $5, $6)",
                &[
                    (&case_id, Type::UUID),
                    (&agency.0, Type::UUID),
                    (&i32::from(county.code()), Type::INT4),
                    (&reported_on.naive(), Type::DATE),
                    (&(event.position as i64), Type::INT8),
                    (&event.recorded_at, Type::TIMESTAMPTZ),
                ],
            )
            .await
            .map_err(Error::db("recording a referral's case"))?;
            for child in children {
                tx.execute_typed(
                    "INSERT INTO case_child (case_id, child) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    &[(&case_id, Type::UUID), (&child.0, Type::UUID)],
                )
                .await
                .map_err(Error::db("recording a case's child"))?;
            }
        }
        CaseEvent::ReferralScreened {
            screened_on,
            decision,
        } => {
            let status = match decision {
                ScreeningDecision::ScreenedIn { .. } => "screened_in",
                ScreeningDecision::ScreenedOut { .. } => "screened_out",
            };
            tx.execute_typed(
                "UPDATE case_summary SET status = $2, screened_on = $3 WHERE case_id = $1",
                &[
                    (&case_id, Type::UUID),
                    (&status, Type::TEXT),
                    (&screened_on.naive(), Type::DATE),
                ],
            )
            .await
            .map_err(Error::db("recording a screening"))?;
        }
        CaseEvent::CaseOpened { opened_on } => {
            tx.execute_typed(
                "UPDATE case_summary SET status = 'open', opened_on = $2 WHERE case_id = $1",
                &[(&case_id, Type::UUID), (&opened_on.naive(), Type::DATE)],
            )
            .await
            .map_err(Error::db("recording a case opening"))?;
        }
        CaseEvent::CaseworkerAssigned {
            worker,
            supervisor,
            assigned_on,
        } => {
            assign(
                tx,
                case_id,
                worker.0,
                supervisor.map(|s| s.0),
                assigned_on.naive(),
            )
            .await?
        }
        CaseEvent::CaseTransferred {
            to_organization, ..
        } => {
            tx.execute_typed(
                "UPDATE case_summary SET agency = $2 WHERE case_id = $1",
                &[(&case_id, Type::UUID), (&to_organization.0, Type::UUID)],
            )
            .await
            .map_err(Error::db("recording a transfer"))?;
        }
        // A purged practice case leaves every view.
        CaseEvent::PracticeCasePurged { .. } => {
            for table in ["caseload", "case_child", "case_summary"] {
                tx.execute_typed(
                    &format!("DELETE FROM {table} WHERE case_id = $1"),
                    &[(&case_id, Type::UUID)],
                )
                .await
                .map_err(Error::db("removing a purged case"))?;
            }
        }
        CaseEvent::CaseClosed { closed_on, reason } => {
            let reason = variant_name(reason, event, "reason")?;
            tx.execute_typed(
                "UPDATE case_summary SET status = 'closed', closed_on = $2, closure_reason = $3 \
                 WHERE case_id = $1",
                &[
                    (&case_id, Type::UUID),
                    (&closed_on.naive(), Type::DATE),
                    (&reason, Type::TEXT),
                ],
            )
            .await
            .map_err(Error::db("recording a closure"))?;
            // A closed case leaves every caseload.
            tx.execute_typed(
                "DELETE FROM caseload WHERE case_id = $1",
                &[(&case_id, Type::UUID)],
            )
            .await
            .map_err(Error::db("clearing a closed case's caseload"))?;
        }
        CaseEvent::ChildRemoved {
            episode_id,
            child,
            removed_on,
            ..
        } => {
            tx.execute_typed(
                "INSERT INTO case_child (case_id, child, open_episode_id, removed_on) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (case_id, child) DO UPDATE \
                 SET open_episode_id = excluded.open_episode_id, removed_on = excluded.removed_on",
                &[
                    (&case_id, Type::UUID),
                    (&child.0, Type::UUID),
                    (&episode_id.0, Type::UUID),
                    (&removed_on.naive(), Type::DATE),
                ],
            )
            .await
            .map_err(Error::db("recording a removal on the case"))?;
        }
        CaseEvent::ChildExitedCare {
            episode_id, child, ..
        } => {
            tx.execute_typed(
                "UPDATE case_child SET open_episode_id = NULL, removed_on = NULL \
                 WHERE case_id = $1 AND child = $2 AND open_episode_id = $3",
                &[
                    (&case_id, Type::UUID),
                    (&child.0, Type::UUID),
                    (&episode_id.0, Type::UUID),
                ],
            )
            .await
            .map_err(Error::db("recording an exit on the case"))?;
        }
        _ => {}
    }
    Ok(())
}

/// The new assignment replaces the case's previous caseworker and supervisor.
async fn assign(
    tx: &Transaction<'_>,
    case_id: Uuid,
    worker: Uuid,
    supervisor: Option<Uuid>,
    assigned_on: chrono::NaiveDate,
) -> Result<(), Error> {
    tx.execute_typed(
        "UPDATE case_summary SET caseworker = $2, supervisor = $3, assigned_on = $4 \
         WHERE case_id = $1",
        &[
            (&case_id, Type::UUID),
            (&worker, Type::UUID),
            (&supervisor, Type::UUID),
            (&assigned_on, Type::DATE),
        ],
    )
    .await
    .map_err(Error::db("recording an assignment"))?;
    tx.execute_typed(
        "DELETE FROM caseload WHERE case_id = $1",
        &[(&case_id, Type::UUID)],
    )
    .await
    .map_err(Error::db("replacing a case's caseload rows"))?;
    let roles =
        std::iter::once((worker, "caseworker")).chain(supervisor.map(|s| (s, "supervisor")));
    for (staff, role) in roles {
        tx.execute_typed(
            "INSERT INTO caseload (staff_id, case_id, role, assigned_on) VALUES ($1, $2, $3, $4)",
            &[
                (&staff, Type::UUID),
                (&case_id, Type::UUID),
                (&role, Type::TEXT),
                (&assigned_on, Type::DATE),
            ],
        )
        .await
        .map_err(Error::db("recording a caseload row"))?;
    }
    Ok(())
}
