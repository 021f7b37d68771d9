//! The cases assigned to a staff member, as caseworker or as supervisor, from the
//! `caseload` read model made exact with the log after its position: a reassignment
//! takes a case off a caseload the moment it is committed. The supervisor assigned with
//! the staff member on each case has supervisory responsibility for them (paragraph T3).
use std::collections::{BTreeMap, BTreeSet};

use kinlog_domain::case::CaseEvent;
use kinlog_domain::{CaseId, StaffId};
use kinlog_projections::decode;
use kinlog_store::Store;
use uuid::Uuid;

use super::tail;
use crate::Error;

/// A staff member's open cases and who supervises them on each.
pub(crate) struct Caseload {
    /// Case and the supervisor assigned with the staff member as its caseworker (`None`
    /// where they are the supervisor, or no supervisor was named).
    assignments: BTreeMap<CaseId, Option<StaffId>>,
}

impl Caseload {
    pub(crate) fn cases(&self) -> BTreeSet<CaseId> {
        self.assignments.keys().copied().collect()
    }

    pub(crate) fn case_supervisors(&self) -> impl Iterator<Item = StaffId> + '_ {
        self.assignments.values().flatten().copied()
    }
}

const ROWS: &str = "SELECT c.case_id, c.role, s.supervisor FROM rm.caseload c \
                    JOIN rm.case_summary s USING (case_id) WHERE c.staff_id = $1";

pub(crate) async fn of(store: &Store, staff: StaffId) -> Result<Caseload, Error> {
    let indexed = tail::indexed(store, "case_summary", ROWS, &[&staff.0]).await?;
    let mut assignments = BTreeMap::new();
    for row in &indexed.rows {
        let case = CaseId(row.get::<_, Uuid>(0));
        let role: &str = row.get(1);
        let supervisor = row.get::<_, Option<Uuid>>(2).map(StaffId);
        let supervisor = if role == "caseworker" {
            supervisor
        } else {
            None
        };
        assignments.insert(case, supervisor);
    }
    let changes = tail::after(
        store,
        indexed.position,
        &["CaseworkerAssigned", "CaseClosed"],
    )
    .await?;
    for recorded in changes {
        let case = case_of(&recorded.stream_id)?;
        match decode::<CaseEvent>(&recorded)?.0 {
            CaseEvent::CaseworkerAssigned {
                worker, supervisor, ..
            } => {
                assignments.remove(&case);
                if worker == staff {
                    assignments.insert(case, supervisor);
                } else if supervisor == Some(staff) {
                    assignments.insert(case, None);
                }
            }
            CaseEvent::CaseClosed { .. } => {
                assignments.remove(&case);
            }
            _ => {}
        }
    }
    Ok(Caseload { assignments })
}

pub(crate) fn case_of(stream: &str) -> Result<CaseId, Error> {
    CaseId::from_stream_id(stream).ok_or(Error::FactsUnavailable {
        what: "a case",
        reason: "its stream id does not hold a case id",
    })
}
