//! Case summary and caseload: each case's status, agency, caseworker and supervisor,
//! children and their open custody episodes; and each worker's open cases.
use kinlog_domain::case::{CaseEvent, ScreeningDecision};
use kinlog_domain::CaseId;
use kinlog_store::RecordedEvent;
use uuid::Uuid;

use super::fields::{stream_uuid, variant_name};
use crate::runtime::params;
use crate::{decode, Error, Writes};

/// The `case_summary` projector: tables `case_summary`, `case_child`, `caseload`.
#[derive(Debug, Clone, Copy, Default)]
pub struct CaseSummaryView;

read_model!(CaseSummaryView, "case_summary", 1, CaseId::CATEGORY, apply);

fn apply(event: &RecordedEvent, writes: &mut Writes) -> Result<(), Error> {
    let (fact, _) = decode::<CaseEvent>(event)?;
    // An intern's proposal is not a fact; an approved entry arrives as its own facts.
    if !fact.is_effective_fact() {
        return Ok(());
    }
    let case_id = stream_uuid(event, CaseId::CATEGORY)?;
    apply_fact(writes, event, case_id, &fact)?;
    writes.push_last(
        "UPDATE case_summary SET last_position = $2, last_recorded_at = $3 WHERE case_id = $1",
        case_id,
        params![case_id, event.position as i64, event.recorded_at],
        "stamping a case summary",
    );
    Ok(())
}

fn apply_fact(
    writes: &mut Writes,
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
            writes.push(
                "INSERT INTO case_summary (case_id, status, agency, county, reported_on, \
                 last_position, last_recorded_at) VALUES ($1, 'referred', $2, $3, $4, $5, $6)",
                params![
                    case_id,
                    agency.0,
                    i32::from(county.code()),
                    reported_on.naive(),
                    event.position as i64,
                    event.recorded_at,
                ],
                "recording a referral's case",
            );
            for child in children {
                writes.push(
                    "INSERT INTO case_child (case_id, child) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    params![case_id, child.0],
                    "recording a case's child",
                );
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
            writes.push(
                "UPDATE case_summary SET status = $2, screened_on = $3 WHERE case_id = $1",
                params![case_id, status, screened_on.naive()],
                "recording a screening",
            );
        }
        CaseEvent::CaseOpened { opened_on } => writes.push(
            "UPDATE case_summary SET status = 'open', opened_on = $2 WHERE case_id = $1",
            params![case_id, opened_on.naive()],
            "recording a case opening",
        ),
        CaseEvent::CaseworkerAssigned {
            worker,
            supervisor,
            assigned_on,
        } => assign(
            writes,
            case_id,
            worker.0,
            supervisor.map(|s| s.0),
            assigned_on.naive(),
        ),
        CaseEvent::CaseTransferred {
            to_organization, ..
        } => writes.push(
            "UPDATE case_summary SET agency = $2 WHERE case_id = $1",
            params![case_id, to_organization.0],
            "recording a transfer",
        ),
        // A purged practice case leaves every view.
        CaseEvent::PracticeCasePurged { .. } => {
            for sql in [
                "DELETE FROM caseload WHERE case_id = $1",
                "DELETE FROM case_child WHERE case_id = $1",
                "DELETE FROM case_summary WHERE case_id = $1",
            ] {
                writes.push(sql, params![case_id], "removing a purged case");
            }
        }
        CaseEvent::CaseClosed { closed_on, reason } => {
            let reason = variant_name(reason, event, "reason")?;
            writes.push(
                "UPDATE case_summary SET status = 'closed', closed_on = $2, closure_reason = $3 \
                 WHERE case_id = $1",
                params![case_id, closed_on.naive(), reason],
                "recording a closure",
            );
            // A closed case leaves every caseload.
            writes.push(
                "DELETE FROM caseload WHERE case_id = $1",
                params![case_id],
                "clearing a closed case's caseload",
            );
        }
        CaseEvent::ChildRemoved {
            episode_id,
            child,
            removed_on,
            ..
        } => writes.push(
            "INSERT INTO case_child (case_id, child, open_episode_id, removed_on) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (case_id, child) DO UPDATE \
             SET open_episode_id = excluded.open_episode_id, removed_on = excluded.removed_on",
            params![case_id, child.0, episode_id.0, removed_on.naive()],
            "recording a removal on the case",
        ),
        CaseEvent::ChildExitedCare {
            episode_id, child, ..
        } => writes.push(
            "UPDATE case_child SET open_episode_id = NULL, removed_on = NULL \
             WHERE case_id = $1 AND child = $2 AND open_episode_id = $3",
            params![case_id, child.0, episode_id.0],
            "recording an exit on the case",
        ),
        _ => {}
    }
    Ok(())
}

/// The new assignment replaces the case's previous caseworker and supervisor.
fn assign(
    writes: &mut Writes,
    case_id: Uuid,
    worker: Uuid,
    supervisor: Option<Uuid>,
    assigned_on: chrono::NaiveDate,
) {
    writes.push(
        "UPDATE case_summary SET caseworker = $2, supervisor = $3, assigned_on = $4 \
         WHERE case_id = $1",
        params![case_id, worker, supervisor, assigned_on],
        "recording an assignment",
    );
    writes.push(
        "DELETE FROM caseload WHERE case_id = $1",
        params![case_id],
        "replacing a case's caseload rows",
    );
    let roles =
        std::iter::once((worker, "caseworker")).chain(supervisor.map(|s| (s, "supervisor")));
    for (staff, role) in roles {
        writes.push(
            "INSERT INTO caseload (staff_id, case_id, role, assigned_on) VALUES ($1, $2, $3, $4)",
            params![staff, case_id, role, assigned_on],
            "recording a caseload row",
        );
    }
}
