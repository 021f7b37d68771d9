//! Case notes (Ohio rule paragraph H(3)): who wrote it, who was involved, when it
//! happened, and which passages are opinions. A note is never edited; an amendment is a
//! new note that points at the one it amends.
use super::checks::{ensure, existing, fresh, not_empty, not_in_future, Decision};
use super::commands::{AmendCaseNote, RecordCaseNote};
use super::events::CaseEvent;
use super::facts::NoteSegment;
use super::state::CaseRecord;
use crate::{CommandContext, DomainError, Rule, StaffId};

// Notes are accepted on a case in any status: a worker must be able to document a late
// contact after screening out or closing.
pub(super) fn record_case_note(
    record: Option<&CaseRecord>,
    command: &RecordCaseNote,
    context: &CommandContext,
) -> Decision {
    let record = existing(record)?;
    fresh(record.notes.contains_key(&command.note_id), "note_id")?;
    let author = required_author(command.author)?;
    check_segments(&command.segments)?;
    not_in_future(command.occurred_on, context, "occurred_on")?;
    Ok(vec![CaseEvent::CaseNoteRecorded {
        note_id: command.note_id,
        author,
        persons_involved: command.persons_involved.clone(),
        occurred_on: command.occurred_on,
        occurred_at: command.occurred_at,
        segments: command.segments.clone(),
    }])
}

pub(super) fn amend_case_note(
    record: Option<&CaseRecord>,
    command: &AmendCaseNote,
    context: &CommandContext,
) -> Decision {
    let record = existing(record)?;
    fresh(record.notes.contains_key(&command.note_id), "note_id")?;
    ensure(
        record.notes.contains_key(&command.amends),
        Rule::NoteNotFound,
        "amends",
    )?;
    let author = required_author(command.author)?;
    super::checks::not_blank(&command.reason, "reason")?;
    check_segments(&command.segments)?;
    not_in_future(command.occurred_on, context, "occurred_on")?;
    Ok(vec![CaseEvent::CaseNoteAmended {
        note_id: command.note_id,
        amends: command.amends,
        author,
        reason: command.reason.clone(),
        persons_involved: command.persons_involved.clone(),
        occurred_on: command.occurred_on,
        occurred_at: command.occurred_at,
        segments: command.segments.clone(),
    }])
}

fn required_author(author: Option<StaffId>) -> Result<StaffId, DomainError> {
    author.ok_or(DomainError::new(Rule::Required, "author"))
}

fn check_segments(segments: &[NoteSegment]) -> Result<(), DomainError> {
    not_empty(segments, "segments")?;
    let any_blank = segments.iter().any(|segment| segment.text.is_blank());
    ensure(!any_blank, Rule::Required, "segments.text")
}
