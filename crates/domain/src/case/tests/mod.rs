//! Given / when / then tests for every Case command, through one `check` helper, by
//! topic; the helper and the fixtures live here.
use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::codes::*;
use super::*;
use crate::values::{Date, Narrative, Sha256Digest, TimeOfDay};
use crate::Cents;
use crate::{
    Aggregate, CaseId, CommandContext, DomainError, DomainEvent, OrganizationId, PersonId,
    ProviderId, Rule, StaffId,
};

// ---- the helper ----

/// Replays `given`, decides `when` as `context`, and compares with `then`. On success it
/// also folds the new events, so every expected event is one `evolve` accepts.
fn check_as(
    context: &CommandContext,
    given: &[CaseEvent],
    when: CaseCommand,
    then: Result<Vec<CaseEvent>, DomainError>,
) -> CaseState {
    let state = Case::replay(given);
    let outcome = Case::decide(&state, when, context);
    assert_eq!(outcome, then);
    outcome.unwrap_or_default().iter().fold(state, Case::evolve)
}

fn check(
    given: &[CaseEvent],
    when: CaseCommand,
    then: Result<Vec<CaseEvent>, DomainError>,
) -> CaseState {
    check_as(&worker(), given, when, then)
}

fn rejects(rule: Rule, field: &'static str) -> Result<Vec<CaseEvent>, DomainError> {
    Err(DomainError::new(rule, field))
}

// ---- fixtures ----

const NOW: &str = "2024-06-30T15:00:00Z";

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(NOW)
        .map(|t| t.with_timezone(&Utc))
        .unwrap()
}

fn d(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

const WORKER: StaffId = StaffId(Uuid::from_u128(0x51));
const SUPERVISOR: StaffId = StaffId(Uuid::from_u128(0x52));
const INTERN: StaffId = StaffId(Uuid::from_u128(0x53));
const AGENCY: OrganizationId = OrganizationId(Uuid::from_u128(0x0A0));
const CHILD: PersonId = PersonId(Uuid::from_u128(0xC1));
const SIBLING: PersonId = PersonId(Uuid::from_u128(0xC2));
const MOTHER: PersonId = PersonId(Uuid::from_u128(0xA1));
const FATHER: PersonId = PersonId(Uuid::from_u128(0xA2));
const HOME: ProviderId = ProviderId(Uuid::from_u128(0xF1));
const OTHER_HOME: ProviderId = ProviderId(Uuid::from_u128(0xF2));
const EPISODE: EpisodeId = EpisodeId(Uuid::from_u128(0xE1));
const PLACEMENT: PlacementId = PlacementId(Uuid::from_u128(0xB1));
const NEXT_PLACEMENT: PlacementId = PlacementId(Uuid::from_u128(0xB2));
const ALLEGATION: AllegationId = AllegationId(Uuid::from_u128(0xD1));
const NOTE: NoteId = NoteId(Uuid::from_u128(0x71));
const VISIT: FamilyVisitId = FamilyVisitId(Uuid::from_u128(0x81));

fn worker() -> CommandContext {
    CommandContext {
        actor: WORKER,
        actor_is_intern: false,
        now: now(),
    }
}

fn supervisor() -> CommandContext {
    CommandContext {
        actor: SUPERVISOR,
        ..worker()
    }
}

fn intern() -> CommandContext {
    CommandContext {
        actor: INTERN,
        actor_is_intern: true,
        now: now(),
    }
}

fn text(words: &str) -> Narrative {
    Narrative::new(words)
}

fn fact(words: &str) -> NoteSegment {
    NoteSegment {
        kind: SegmentKind::Fact,
        text: text(words),
    }
}

// ---- given: event builders ----

fn referral() -> CaseEvent {
    CaseEvent::ReferralReceived {
        case_id: CaseId(id(0xCA5E)),
        reported_on: d("2024-03-01"),
        reported_at: TimeOfDay::from_hms(9, 30, 0),
        source: ReportSource::EducationPersonnel,
        county: CountyCode::new(35).unwrap(),
        agency: AGENCY,
        children: vec![CHILD, SIBLING],
        summary: text("teacher saw bruises"),
    }
}

fn screened_in(response: CpsResponse) -> CaseEvent {
    CaseEvent::ReferralScreened {
        screened_on: d("2024-03-01"),
        decision: ScreeningDecision::ScreenedIn { response },
    }
}

/// A screened-in case under investigation.
fn investigating() -> Vec<CaseEvent> {
    vec![referral(), screened_in(CpsResponse::Investigation)]
}

fn with(mut given: Vec<CaseEvent>, more: impl IntoIterator<Item = CaseEvent>) -> Vec<CaseEvent> {
    given.extend(more);
    given
}

fn allegation_recorded() -> CaseEvent {
    CaseEvent::AllegationRecorded {
        allegation_id: ALLEGATION,
        victim: CHILD,
        maltreatment: MaltreatmentType::PhysicalAbuse,
        perpetrator: Some(AllegedPerpetrator {
            person: FATHER,
            relationship: PerpetratorRelationship::Parent,
        }),
        alleged_on: d("2024-03-01"),
        incident_on: Some(d("2024-02-28")),
    }
}

fn removed(on: &str) -> CaseEvent {
    CaseEvent::ChildRemoved {
        episode_id: EPISODE,
        child: CHILD,
        removed_on: d(on),
        removed_at: None,
        manner: RemovalManner::CourtOrdered,
        environment: RemovalEnvironment::ParentHousehold,
        circumstances: BTreeSet::from([RemovalCircumstance::PhysicalAbuse]),
    }
}

fn licensed_home() -> PlacementSetting {
    PlacementSetting::FosterFamilyHome {
        home_types: BTreeSet::from([FosterHomeType::Licensed]),
    }
}

fn placed(placement_id: PlacementId, from: &str, until: Option<&str>) -> CaseEvent {
    CaseEvent::ChildPlaced {
        placement_id,
        episode_id: EPISODE,
        child: CHILD,
        started_on: d(from),
        ended_on: until.map(d),
        setting: licensed_home(),
        provider: Some(HOME),
        location: PlacementLocation::InState,
    }
}

fn exited(on: &str) -> CaseEvent {
    CaseEvent::ChildExitedCare {
        episode_id: EPISODE,
        child: CHILD,
        exited_on: d(on),
        reason: ExitReason::ReunifyWithParents,
    }
}

/// A child in care since 2024-03-02, placed in a licensed home since that day.
fn in_care() -> Vec<CaseEvent> {
    with(
        investigating(),
        [removed("2024-03-02"), placed(PLACEMENT, "2024-03-02", None)],
    )
}

// ---- when: command builders ----

fn receive_referral() -> ReceiveReferral {
    ReceiveReferral {
        case_id: CaseId(id(0xCA5E)),
        reported_on: d("2024-03-01"),
        reported_at: TimeOfDay::from_hms(9, 30, 0),
        source: ReportSource::EducationPersonnel,
        county: CountyCode::new(35).unwrap(),
        agency: AGENCY,
        children: vec![CHILD, SIBLING],
        summary: text("teacher saw bruises"),
    }
}

fn record_note() -> RecordCaseNote {
    RecordCaseNote {
        note_id: NOTE,
        author: Some(WORKER),
        persons_involved: vec![CHILD, MOTHER],
        occurred_on: d("2024-03-05"),
        occurred_at: None,
        segments: vec![
            fact("mother said the child fell from a bike"),
            NoteSegment {
                kind: SegmentKind::Opinion {
                    holder: OpinionHolder::Author,
                },
                text: text("the explanation does not fit the injuries"),
            },
        ],
    }
}

fn note_recorded() -> CaseEvent {
    note_recorded_by(WORKER)
}

fn note_recorded_by(author: StaffId) -> CaseEvent {
    let c = record_note();
    CaseEvent::CaseNoteRecorded {
        note_id: c.note_id,
        author,
        persons_involved: c.persons_involved,
        occurred_on: c.occurred_on,
        occurred_at: c.occurred_at,
        segments: c.segments,
    }
}

fn record_removal() -> RecordRemoval {
    RecordRemoval {
        episode_id: EPISODE,
        child: CHILD,
        removed_on: d("2024-03-02"),
        removed_at: None,
        manner: RemovalManner::CourtOrdered,
        environment: RemovalEnvironment::ParentHousehold,
        circumstances: BTreeSet::from([RemovalCircumstance::PhysicalAbuse]),
    }
}

fn place_child(placement_id: PlacementId, from: &str, until: Option<&str>) -> PlaceChild {
    PlaceChild {
        placement_id,
        episode_id: EPISODE,
        started_on: d(from),
        ended_on: until.map(d),
        setting: licensed_home(),
        provider: Some(HOME),
        location: PlacementLocation::InState,
    }
}

fn schedule_visit() -> ScheduleFamilyVisit {
    ScheduleFamilyVisit {
        visit_id: VISIT,
        child: CHILD,
        visitors: BTreeSet::from([MOTHER]),
        supervisor: Some(OTHER_HOME),
        scheduled_for: d("2024-07-10"),
        scheduled_at: TimeOfDay::from_hms(16, 0, 0),
    }
}

fn visit_scheduled(on: &str) -> CaseEvent {
    CaseEvent::FamilyVisitScheduled {
        visit_id: VISIT,
        child: CHILD,
        visitors: BTreeSet::from([MOTHER]),
        supervisor: Some(OTHER_HOME),
        scheduled_for: d(on),
        scheduled_at: TimeOfDay::from_hms(16, 0, 0),
    }
}

mod contract;
mod court;
mod custody;
mod intake;
mod interns;
mod notes;
mod permanency;
mod services;
mod status;
mod visits;
