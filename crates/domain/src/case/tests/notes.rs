//! Case notes and amendments.
use super::*;

#[test]
fn a_note_records_author_persons_date_and_opinions() {
    let state = check(
        &investigating(),
        CaseCommand::RecordCaseNote(record_note()),
        Ok(vec![note_recorded()]),
    );
    assert_eq!(state.effective().unwrap().notes()[&NOTE].author, WORKER);
}

#[test]
fn a_note_with_no_author_is_rejected() {
    check(
        &investigating(),
        CaseCommand::RecordCaseNote(RecordCaseNote {
            author: None,
            ..record_note()
        }),
        rejects(Rule::Required, "author"),
    );
}

#[test]
fn a_note_needs_text_and_a_past_occurrence() {
    check(
        &investigating(),
        CaseCommand::RecordCaseNote(RecordCaseNote {
            segments: vec![],
            ..record_note()
        }),
        rejects(Rule::Required, "segments"),
    );
    check(
        &investigating(),
        CaseCommand::RecordCaseNote(RecordCaseNote {
            segments: vec![fact(" ")],
            ..record_note()
        }),
        rejects(Rule::Required, "segments.text"),
    );
    check(
        &investigating(),
        CaseCommand::RecordCaseNote(RecordCaseNote {
            occurred_on: d("2024-07-04"),
            ..record_note()
        }),
        rejects(Rule::DateInFuture, "occurred_on"),
    );
}

#[test]
fn a_late_note_keeps_its_occurrence_date() {
    // Recorded on 2024-06-30 about a contact on 2024-03-05: the event says 2024-03-05.
    let events = Case::decide(
        &Case::replay(&investigating()),
        CaseCommand::RecordCaseNote(record_note()),
        &worker(),
    )
    .unwrap();
    assert_eq!(events[0].occurred_on(), Some(d("2024-03-05")));
}

#[test]
fn an_amendment_is_a_new_note_pointing_at_the_original() {
    let amendment = AmendCaseNote {
        note_id: NoteId(id(0x72)),
        amends: NOTE,
        author: Some(WORKER),
        reason: text("wrong person named"),
        persons_involved: vec![CHILD, FATHER],
        occurred_on: d("2024-03-05"),
        occurred_at: None,
        segments: vec![fact("father, not mother, gave the explanation")],
    };
    let given = with(investigating(), [note_recorded()]);
    let state = check(
        &given,
        CaseCommand::AmendCaseNote(amendment.clone()),
        Ok(vec![CaseEvent::CaseNoteAmended {
            note_id: amendment.note_id,
            amends: NOTE,
            author: WORKER,
            reason: amendment.reason.clone(),
            persons_involved: amendment.persons_involved.clone(),
            occurred_on: amendment.occurred_on,
            occurred_at: None,
            segments: amendment.segments.clone(),
        }]),
    );
    let notes = state.effective().unwrap().notes();
    assert_eq!(notes[&NOTE].amends, None, "the original is untouched");
    assert_eq!(notes[&amendment.note_id].amends, Some(NOTE));
    check(
        &investigating(),
        CaseCommand::AmendCaseNote(amendment.clone()),
        rejects(Rule::NoteNotFound, "amends"),
    );
    check(
        &given,
        CaseCommand::AmendCaseNote(AmendCaseNote {
            author: None,
            ..amendment.clone()
        }),
        rejects(Rule::Required, "author"),
    );
    check(
        &given,
        CaseCommand::AmendCaseNote(AmendCaseNote {
            note_id: NOTE,
            ..amendment
        }),
        rejects(Rule::DuplicateId, "note_id"),
    );
}
