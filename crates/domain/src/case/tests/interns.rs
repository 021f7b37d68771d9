//! Interns' entries (Ohio rule paragraph O).
use super::*;

#[test]
fn an_intern_entry_is_pending_and_not_a_fact() {
    let state = check_as(
        &intern(),
        &investigating(),
        CaseCommand::RecordCaseNote(record_note()),
        Ok(vec![CaseEvent::EntryProposed {
            entry: EntryNumber(1),
            proposed_by: INTERN,
            command: Box::new(CaseCommand::RecordCaseNote(record_note())),
        }]),
    );
    assert!(state.effective().unwrap().notes().is_empty());
    assert_eq!(state.pending_entries().count(), 1);
}

#[test]
fn an_intern_entry_is_validated_when_proposed() {
    check_as(
        &intern(),
        &investigating(),
        CaseCommand::RecordCaseNote(RecordCaseNote {
            author: None,
            ..record_note()
        }),
        rejects(Rule::Required, "author"),
    );
}

fn proposed_note() -> Vec<CaseEvent> {
    with(
        investigating(),
        [CaseEvent::EntryProposed {
            entry: EntryNumber(1),
            proposed_by: INTERN,
            command: Box::new(CaseCommand::RecordCaseNote(RecordCaseNote {
                author: Some(INTERN),
                ..record_note()
            })),
        }],
    )
}

#[test]
fn approval_by_someone_else_makes_the_entry_effective() {
    let state = check_as(
        &supervisor(),
        &proposed_note(),
        CaseCommand::ApproveEntry(ApproveEntry {
            entry: EntryNumber(1),
        }),
        Ok(vec![
            CaseEvent::EntryApproved {
                entry: EntryNumber(1),
                proposed_by: INTERN,
                approved_by: SUPERVISOR,
            },
            note_recorded_by(INTERN),
        ]),
    );
    assert_eq!(state.effective().unwrap().notes()[&NOTE].author, INTERN);
    assert_eq!(state.pending_entries().count(), 0);
}

#[test]
fn an_intern_cannot_approve_nor_can_the_proposer() {
    check_as(
        &CommandContext {
            actor: StaffId(id(0x54)),
            ..intern()
        },
        &proposed_note(),
        CaseCommand::ApproveEntry(ApproveEntry {
            entry: EntryNumber(1),
        }),
        rejects(Rule::InternCannotApprove, "entry"),
    );
    check_as(
        &CommandContext {
            actor_is_intern: false,
            ..intern()
        },
        &proposed_note(),
        CaseCommand::ApproveEntry(ApproveEntry {
            entry: EntryNumber(1),
        }),
        rejects(Rule::ApproverIsProposer, "entry"),
    );
    check_as(
        &supervisor(),
        &proposed_note(),
        CaseCommand::ApproveEntry(ApproveEntry {
            entry: EntryNumber(2),
        }),
        rejects(Rule::PendingEntryNotFound, "entry"),
    );
}

#[test]
fn a_rejected_entry_never_becomes_a_fact() {
    let rejected = CaseEvent::EntryRejected {
        entry: EntryNumber(1),
        proposed_by: INTERN,
        rejected_by: SUPERVISOR,
        reason: text("contact date is wrong"),
    };
    let state = check_as(
        &supervisor(),
        &proposed_note(),
        CaseCommand::RejectEntry(RejectEntry {
            entry: EntryNumber(1),
            reason: text("contact date is wrong"),
        }),
        Ok(vec![rejected.clone()]),
    );
    assert!(state.effective().unwrap().notes().is_empty());
    check_as(
        &supervisor(),
        &with(proposed_note(), [rejected]),
        CaseCommand::ApproveEntry(ApproveEntry {
            entry: EntryNumber(1),
        }),
        rejects(Rule::PendingEntryNotFound, "entry"),
    );
}

#[test]
fn approval_validates_the_entry_against_the_case_as_it_is_now() {
    // The intern proposed a placement; before approval the worker recorded another
    // placement over the same days.
    let given = with(
        with(investigating(), [removed("2024-03-02")]),
        [
            CaseEvent::EntryProposed {
                entry: EntryNumber(1),
                proposed_by: INTERN,
                command: Box::new(CaseCommand::PlaceChild(place_child(
                    NEXT_PLACEMENT,
                    "2024-03-02",
                    None,
                ))),
            },
            placed(PLACEMENT, "2024-03-02", None),
        ],
    );
    check_as(
        &supervisor(),
        &given,
        CaseCommand::ApproveEntry(ApproveEntry {
            entry: EntryNumber(1),
        }),
        rejects(Rule::PlacementsOverlap, "started_on"),
    );
}

#[test]
fn an_intern_can_propose_the_referral_that_starts_a_case() {
    let state = check_as(
        &intern(),
        &[],
        CaseCommand::ReceiveReferral(receive_referral()),
        Ok(vec![CaseEvent::EntryProposed {
            entry: EntryNumber(1),
            proposed_by: INTERN,
            command: Box::new(CaseCommand::ReceiveReferral(receive_referral())),
        }]),
    );
    assert!(
        state.effective().is_none(),
        "a proposal does not create the case"
    );
    assert_eq!(state.next_entry_number(), EntryNumber(2));
}
