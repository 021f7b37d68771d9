//! Caseworker visits, family visits and documents.
use super::*;

#[test]
fn a_caseworker_visit_records_date_and_location() {
    let visit = RecordCaseworkerVisit {
        visit_id: CaseworkerVisitId(id(0x99)),
        child: CHILD,
        caseworker: WORKER,
        visited_on: d("2024-04-02"),
        location: CaseworkerVisitLocation::ChildResidence,
    };
    check(
        &in_care(),
        CaseCommand::RecordCaseworkerVisit(visit.clone()),
        Ok(vec![CaseEvent::CaseworkerVisitMade {
            visit_id: visit.visit_id,
            child: CHILD,
            caseworker: WORKER,
            visited_on: d("2024-04-02"),
            location: CaseworkerVisitLocation::ChildResidence,
        }]),
    );
}

#[test]
fn a_family_visit_can_be_scheduled_ahead() {
    check(
        &in_care(),
        CaseCommand::ScheduleFamilyVisit(schedule_visit()),
        Ok(vec![visit_scheduled("2024-07-10")]),
    );
    check(
        &in_care(),
        CaseCommand::ScheduleFamilyVisit(ScheduleFamilyVisit {
            visitors: BTreeSet::new(),
            ..schedule_visit()
        }),
        rejects(Rule::Required, "visitors"),
    );
}

#[test]
fn a_family_visit_is_attended_with_notes_and_ratings_once() {
    let attended = VisitOutcome::Attended {
        notes: text("mother brought lunch"),
        parent_progress: ProgressLevel::SomeProgress,
        skill_ratings: vec![
            SkillRating {
                skill: ParentingSkill::Nurturing,
                level: SkillLevel::Proficient,
            },
            SkillRating {
                skill: ParentingSkill::Supervision,
                level: SkillLevel::Developing,
            },
        ],
    };
    let given = with(in_care(), [visit_scheduled("2024-06-20")]);
    let outcome = RecordFamilyVisitOutcome {
        visit_id: VISIT,
        outcome: attended.clone(),
        occurred_on: d("2024-06-20"),
    };
    let concluded = CaseEvent::FamilyVisitConcluded {
        visit_id: VISIT,
        outcome: attended,
        occurred_on: d("2024-06-20"),
    };
    check(
        &given,
        CaseCommand::RecordFamilyVisitOutcome(outcome.clone()),
        Ok(vec![concluded.clone()]),
    );
    check(
        &with(given.clone(), [concluded]),
        CaseCommand::RecordFamilyVisitOutcome(outcome),
        rejects(Rule::VisitAlreadyConcluded, "visit_id"),
    );
    let twice = VisitOutcome::Attended {
        notes: text("ok"),
        parent_progress: ProgressLevel::NoProgress,
        skill_ratings: vec![
            SkillRating {
                skill: ParentingSkill::Discipline,
                level: SkillLevel::Emerging,
            },
            SkillRating {
                skill: ParentingSkill::Discipline,
                level: SkillLevel::Developing,
            },
        ],
    };
    check(
        &given,
        CaseCommand::RecordFamilyVisitOutcome(RecordFamilyVisitOutcome {
            visit_id: VISIT,
            outcome: twice,
            occurred_on: d("2024-06-20"),
        }),
        rejects(Rule::DuplicateSkillRating, "outcome.skill_ratings"),
    );
}

#[test]
fn a_family_visit_cancelled_or_missed() {
    let given = with(in_care(), [visit_scheduled("2024-06-20")]);
    check(
        &given,
        CaseCommand::RecordFamilyVisitOutcome(RecordFamilyVisitOutcome {
            visit_id: VISIT,
            outcome: VisitOutcome::Cancelled {
                by: VisitParty::Parent,
                reason: text(""),
            },
            occurred_on: d("2024-06-19"),
        }),
        rejects(Rule::Required, "outcome.reason"),
    );
    check(
        &given,
        CaseCommand::RecordFamilyVisitOutcome(RecordFamilyVisitOutcome {
            visit_id: VISIT,
            outcome: VisitOutcome::Missed {
                by: VisitParty::Parent,
            },
            occurred_on: d("2024-06-20"),
        }),
        Ok(vec![CaseEvent::FamilyVisitConcluded {
            visit_id: VISIT,
            outcome: VisitOutcome::Missed {
                by: VisitParty::Parent,
            },
            occurred_on: d("2024-06-20"),
        }]),
    );
    check(
        &in_care(),
        CaseCommand::RecordFamilyVisitOutcome(RecordFamilyVisitOutcome {
            visit_id: VISIT,
            outcome: VisitOutcome::Missed {
                by: VisitParty::Parent,
            },
            occurred_on: d("2024-06-20"),
        }),
        rejects(Rule::FamilyVisitNotFound, "visit_id"),
    );
}

#[test]
fn a_document_is_metadata_with_a_digest() {
    let document = AttachDocument {
        document_id: DocumentId(id(0xD0C)),
        kind: DocumentKind::CourtDocument,
        sha256: Sha256Digest::from_bytes([7; 32]),
        storage_key: StorageKey::parse("cases/2024/abc.pdf").unwrap(),
        dated_on: d("2024-03-04"),
    };
    let attached = CaseEvent::DocumentAttached {
        document_id: document.document_id,
        kind: DocumentKind::CourtDocument,
        sha256: document.sha256,
        storage_key: document.storage_key.clone(),
        dated_on: d("2024-03-04"),
    };
    check(
        &investigating(),
        CaseCommand::AttachDocument(document.clone()),
        Ok(vec![attached.clone()]),
    );
    check(
        &with(investigating(), [attached]),
        CaseCommand::AttachDocument(document),
        rejects(Rule::DuplicateId, "document_id"),
    );
}
