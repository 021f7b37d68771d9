//! Case status: opening, assignment, transfer, closure.
use super::*;

#[test]
fn a_case_opens_once_after_screening_in() {
    let open = OpenCase {
        opened_on: d("2024-04-01"),
    };
    check(
        &[referral()],
        CaseCommand::OpenCase(open.clone()),
        rejects(Rule::ReferralNotScreenedIn, "case_id"),
    );
    let opened = CaseEvent::CaseOpened {
        opened_on: d("2024-04-01"),
    };
    let state = check(
        &investigating(),
        CaseCommand::OpenCase(open.clone()),
        Ok(vec![opened.clone()]),
    );
    assert_eq!(state.effective().unwrap().status(), CaseStatus::Open);
    check(
        &with(investigating(), [opened]),
        CaseCommand::OpenCase(open),
        rejects(Rule::CaseAlreadyOpen, "case_id"),
    );
}

#[test]
fn a_caseworker_and_supervisor_are_assigned() {
    let assign = AssignCaseworker {
        worker: WORKER,
        supervisor: Some(SUPERVISOR),
        assigned_on: d("2024-03-01"),
    };
    let state = check(
        &investigating(),
        CaseCommand::AssignCaseworker(assign.clone()),
        Ok(vec![CaseEvent::CaseworkerAssigned {
            worker: WORKER,
            supervisor: Some(SUPERVISOR),
            assigned_on: d("2024-03-01"),
        }]),
    );
    let assignment = state.effective().unwrap().assignment().unwrap();
    assert_eq!(
        (assignment.worker, assignment.supervisor),
        (WORKER, Some(SUPERVISOR))
    );
    check(
        &investigating(),
        CaseCommand::AssignCaseworker(AssignCaseworker {
            supervisor: Some(WORKER),
            ..assign
        }),
        rejects(Rule::SupervisorIsWorker, "supervisor"),
    );
}

#[test]
fn a_case_transfers_to_another_organization() {
    let to = OrganizationId(id(0x0A));
    let state = check(
        &investigating(),
        CaseCommand::TransferCase(TransferCase {
            to_organization: to,
            transferred_on: d("2024-05-01"),
        }),
        Ok(vec![CaseEvent::CaseTransferred {
            to_organization: to,
            transferred_on: d("2024-05-01"),
        }]),
    );
    assert_eq!(state.effective().unwrap().agency(), to);
    check(
        &investigating(),
        CaseCommand::TransferCase(TransferCase {
            to_organization: AGENCY,
            transferred_on: d("2024-05-01"),
        }),
        rejects(Rule::TransferToSameAgency, "to_organization"),
    );
}

#[test]
fn a_case_closes_only_when_no_episode_is_open() {
    let close = CloseCase {
        closed_on: d("2024-06-01"),
        reason: ClosureReason::GoalsAchieved,
    };
    check(
        &in_care(),
        CaseCommand::CloseCase(close.clone()),
        rejects(Rule::EpisodeStillOpen, "closed_on"),
    );
    let closed = CaseEvent::CaseClosed {
        closed_on: d("2024-06-01"),
        reason: ClosureReason::GoalsAchieved,
    };
    let given = with(in_care(), [exited("2024-05-20")]);
    check(
        &given,
        CaseCommand::CloseCase(close),
        Ok(vec![closed.clone()]),
    );
    // A closed case takes late notes but no new services.
    let closed_case = with(given, [closed]);
    check(
        &closed_case,
        CaseCommand::RecordCaseNote(record_note()),
        Ok(vec![note_recorded()]),
    );
    check(
        &closed_case,
        CaseCommand::RecordRemoval(record_removal()),
        rejects(Rule::CaseClosed, "case_id"),
    );
}

#[test]
fn a_practice_case_is_purged_unless_kept_for_training_review_and_then_takes_nothing() {
    let purge = || {
        CaseCommand::PurgePracticeCase(PurgePracticeCase {
            purged_on: d("2024-06-01"),
        })
    };
    let purged = CaseEvent::PracticeCasePurged {
        purged_on: d("2024-06-01"),
    };
    check(&investigating(), purge(), Ok(vec![purged.clone()]));
    let gone = with(investigating(), [purged]);
    for command in [purge(), CaseCommand::RecordCaseNote(record_note())] {
        check(&gone, command, rejects(Rule::CasePurged, "case_id"));
    }

    let mark = CaseCommand::MarkForTrainingReview(MarkForTrainingReview {
        marked_on: d("2024-05-01"),
    });
    let marked = CaseEvent::MarkedForTrainingReview {
        marked_on: d("2024-05-01"),
    };
    check(&investigating(), mark.clone(), Ok(vec![marked.clone()]));
    let kept = with(investigating(), [marked]);
    check(
        &kept,
        purge(),
        rejects(Rule::KeptForTrainingReview, "case_id"),
    );
    check(&kept, mark, rejects(Rule::AlreadyRecorded, "case_id"));
}
