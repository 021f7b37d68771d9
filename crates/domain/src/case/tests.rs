//! Given / when / then tests for every Case command, through one `check` helper.
use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::codes::*;
use super::*;
use crate::values::{Cents, Date, Narrative, Sha256Digest, TimeOfDay};
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

// ---- intake and assessment ----

#[test]
fn a_referral_starts_the_case() {
    let state = check(
        &[],
        CaseCommand::ReceiveReferral(receive_referral()),
        Ok(vec![referral()]),
    );
    let record = state.effective().unwrap();
    assert_eq!(record.status(), CaseStatus::Referred);
    assert_eq!(record.reported_on(), d("2024-03-01"));
}

#[test]
fn a_second_referral_on_the_same_stream_is_rejected() {
    check(
        &[referral()],
        CaseCommand::ReceiveReferral(receive_referral()),
        rejects(Rule::AlreadyExists, "case_id"),
    );
}

#[test]
fn a_referral_needs_a_child_a_summary_and_a_past_date() {
    let no_children = ReceiveReferral {
        children: vec![],
        ..receive_referral()
    };
    check(
        &[],
        CaseCommand::ReceiveReferral(no_children),
        rejects(Rule::Required, "children"),
    );
    let blank = ReceiveReferral {
        summary: text("  "),
        ..receive_referral()
    };
    check(
        &[],
        CaseCommand::ReceiveReferral(blank),
        rejects(Rule::Required, "summary"),
    );
    let tomorrow = ReceiveReferral {
        reported_on: d("2024-07-01"),
        ..receive_referral()
    };
    check(
        &[],
        CaseCommand::ReceiveReferral(tomorrow),
        rejects(Rule::DateInFuture, "reported_on"),
    );
}

#[test]
fn a_referral_dated_today_is_not_in_the_future() {
    let today = ReceiveReferral {
        reported_on: d("2024-06-30"),
        ..receive_referral()
    };
    let state = check(
        &[],
        CaseCommand::ReceiveReferral(today),
        Ok(vec![CaseEvent::ReferralReceived {
            case_id: CaseId(id(0xCA5E)),
            reported_on: d("2024-06-30"),
            reported_at: TimeOfDay::from_hms(9, 30, 0),
            source: ReportSource::EducationPersonnel,
            county: CountyCode::new(35).unwrap(),
            agency: AGENCY,
            children: vec![CHILD, SIBLING],
            summary: text("teacher saw bruises"),
        }]),
    );
    assert!(state.effective().is_some());
}

#[test]
fn screening_in_sets_the_response_and_screening_twice_is_rejected() {
    let command = ScreenReferral {
        screened_on: d("2024-03-01"),
        decision: ScreeningDecision::ScreenedIn {
            response: CpsResponse::AlternativeResponse,
        },
    };
    let state = check(
        &[referral()],
        CaseCommand::ScreenReferral(command.clone()),
        Ok(vec![screened_in(CpsResponse::AlternativeResponse)]),
    );
    let record = state.effective().unwrap();
    assert_eq!(record.status(), CaseStatus::ScreenedIn);
    assert_eq!(record.response(), Some(CpsResponse::AlternativeResponse));
    check(
        &investigating(),
        CaseCommand::ScreenReferral(command),
        rejects(Rule::AlreadyScreened, "decision"),
    );
}

#[test]
fn screening_out_closes_the_door_to_assessment() {
    let screened_out = CaseEvent::ReferralScreened {
        screened_on: d("2024-03-02"),
        decision: ScreeningDecision::ScreenedOut {
            reason: ScreenOutReason::DoesNotMeetCriteria,
        },
    };
    let state = check(
        &[referral()],
        CaseCommand::ScreenReferral(ScreenReferral {
            screened_on: d("2024-03-02"),
            decision: ScreeningDecision::ScreenedOut {
                reason: ScreenOutReason::DoesNotMeetCriteria,
            },
        }),
        Ok(vec![screened_out.clone()]),
    );
    assert_eq!(state.effective().unwrap().status(), CaseStatus::ScreenedOut);
    check(
        &[referral(), screened_out],
        CaseCommand::InitiateResponse(InitiateResponse {
            started_on: d("2024-03-02"),
            started_at: None,
        }),
        rejects(Rule::CaseClosed, "case_id"),
    );
}

#[test]
fn screening_cannot_precede_the_report() {
    check(
        &[referral()],
        CaseCommand::ScreenReferral(ScreenReferral {
            screened_on: d("2024-02-29"),
            decision: ScreeningDecision::ScreenedIn {
                response: CpsResponse::Investigation,
            },
        }),
        rejects(Rule::BeforeReport, "screened_on"),
    );
}

#[test]
fn a_response_starts_once_after_screening_in() {
    let start = InitiateResponse {
        started_on: d("2024-03-01"),
        started_at: TimeOfDay::from_hms(14, 0, 0),
    };
    let started = CaseEvent::ResponseInitiated {
        started_on: d("2024-03-01"),
        started_at: TimeOfDay::from_hms(14, 0, 0),
    };
    check(
        &[referral()],
        CaseCommand::InitiateResponse(start.clone()),
        rejects(Rule::ReferralNotScreenedIn, "case_id"),
    );
    check(
        &investigating(),
        CaseCommand::InitiateResponse(start.clone()),
        Ok(vec![started.clone()]),
    );
    check(
        &with(investigating(), [started]),
        CaseCommand::InitiateResponse(start),
        rejects(Rule::AlreadyRecorded, "started_on"),
    );
}

#[test]
fn an_allegation_names_victim_type_and_perpetrator() {
    let command = RecordAllegation {
        allegation_id: ALLEGATION,
        victim: CHILD,
        maltreatment: MaltreatmentType::PhysicalAbuse,
        perpetrator: Some(AllegedPerpetrator {
            person: FATHER,
            relationship: PerpetratorRelationship::Parent,
        }),
        alleged_on: d("2024-03-01"),
        incident_on: Some(d("2024-02-28")),
    };
    check(
        &investigating(),
        CaseCommand::RecordAllegation(command.clone()),
        Ok(vec![allegation_recorded()]),
    );
    check(
        &with(investigating(), [allegation_recorded()]),
        CaseCommand::RecordAllegation(command.clone()),
        rejects(Rule::DuplicateId, "allegation_id"),
    );
    let self_harm = RecordAllegation {
        perpetrator: Some(AllegedPerpetrator {
            person: CHILD,
            relationship: PerpetratorRelationship::Other,
        }),
        ..command.clone()
    };
    check(
        &investigating(),
        CaseCommand::RecordAllegation(self_harm),
        rejects(Rule::PerpetratorIsVictim, "perpetrator.person"),
    );
    let incident_later = RecordAllegation {
        incident_on: Some(d("2024-03-02")),
        ..command
    };
    check(
        &investigating(),
        CaseCommand::RecordAllegation(incident_later),
        rejects(Rule::IncidentAfterAllegation, "incident_on"),
    );
}

#[test]
fn a_disposition_needs_an_existing_allegation() {
    let command = RecordDisposition {
        allegation_id: ALLEGATION,
        disposition: MaltreatmentDisposition::Substantiated,
        disposed_on: d("2024-04-15"),
    };
    check(
        &investigating(),
        CaseCommand::RecordDisposition(command.clone()),
        rejects(Rule::AllegationNotFound, "allegation_id"),
    );
    let state = check(
        &with(investigating(), [allegation_recorded()]),
        CaseCommand::RecordDisposition(command),
        Ok(vec![CaseEvent::DispositionRecorded {
            allegation_id: ALLEGATION,
            disposition: MaltreatmentDisposition::Substantiated,
            disposed_on: d("2024-04-15"),
        }]),
    );
    let allegation = &state.effective().unwrap().allegations()[&ALLEGATION];
    assert_eq!(
        allegation.disposition,
        Some((MaltreatmentDisposition::Substantiated, d("2024-04-15")))
    );
}

#[test]
fn a_disposition_must_fit_the_response_and_follow_the_allegation() {
    let given = vec![
        referral(),
        screened_in(CpsResponse::AlternativeResponse),
        allegation_recorded(),
    ];
    check(
        &given,
        CaseCommand::RecordDisposition(RecordDisposition {
            allegation_id: ALLEGATION,
            disposition: MaltreatmentDisposition::Substantiated,
            disposed_on: d("2024-04-15"),
        }),
        rejects(Rule::DispositionDoesNotFitResponse, "disposition"),
    );
    check(
        &given,
        CaseCommand::RecordDisposition(RecordDisposition {
            allegation_id: ALLEGATION,
            disposition: MaltreatmentDisposition::AlternativeResponseVictim,
            disposed_on: d("2024-02-01"),
        }),
        rejects(Rule::DispositionBeforeAllegation, "disposed_on"),
    );
}

#[test]
fn an_assessment_records_its_tool_and_result() {
    let command = RecordAssessment {
        assessment_id: AssessmentId(id(0x91)),
        result: AssessmentResult::SafetyAssessment {
            decision: SafetyDecision::SafeWithPlan,
        },
        completed_on: d("2024-03-03"),
        persons: vec![CHILD, MOTHER],
        summary: Some(text("safety plan with grandmother")),
    };
    check(
        &investigating(),
        CaseCommand::RecordAssessment(command.clone()),
        Ok(vec![CaseEvent::AssessmentRecorded {
            assessment_id: command.assessment_id,
            result: command.result,
            completed_on: command.completed_on,
            persons: command.persons.clone(),
            summary: command.summary.clone(),
        }]),
    );
    check(
        &investigating(),
        CaseCommand::RecordAssessment(RecordAssessment {
            persons: vec![],
            ..command
        }),
        rejects(Rule::Required, "persons"),
    );
}

#[test]
fn risk_factors_are_recorded_per_child() {
    let command = RecordRiskFactors {
        child: CHILD,
        assessed_on: d("2024-03-04"),
        child_factors: BTreeSet::from([ChildRiskFactor::BehaviorProblem]),
        caregiver_factors: BTreeSet::from([
            CaregiverRiskFactor::DrugAbuse,
            CaregiverRiskFactor::DomesticViolence,
        ]),
    };
    check(
        &investigating(),
        CaseCommand::RecordRiskFactors(command.clone()),
        Ok(vec![CaseEvent::RiskFactorsRecorded {
            child: CHILD,
            assessed_on: d("2024-03-04"),
            child_factors: command.child_factors.clone(),
            caregiver_factors: command.caregiver_factors.clone(),
        }]),
    );
    check(
        &investigating(),
        CaseCommand::RecordRiskFactors(RecordRiskFactors {
            assessed_on: d("2024-02-01"),
            ..command
        }),
        rejects(Rule::BeforeReport, "assessed_on"),
    );
    assert_eq!(
        CaregiverRiskFactor::FinancialProblem.ncands_field(),
        "FCMoney"
    );
    assert_eq!(ChildRiskFactor::ALL.len(), 9);
    assert_eq!(CaregiverRiskFactor::ALL.len(), 12);
}

#[test]
fn a_maltreatment_death_is_recorded_once_for_an_alleged_victim() {
    let command = RecordMaltreatmentDeath {
        child: CHILD,
        // The death brought the report.
        died_on: d("2024-02-29"),
    };
    check(
        &investigating(),
        CaseCommand::RecordMaltreatmentDeath(command.clone()),
        rejects(Rule::NotAnAllegedVictim, "child"),
    );
    let recorded = CaseEvent::MaltreatmentDeathRecorded {
        child: CHILD,
        died_on: d("2024-02-29"),
    };
    let given = with(investigating(), [allegation_recorded()]);
    check(
        &given,
        CaseCommand::RecordMaltreatmentDeath(command.clone()),
        Ok(vec![recorded.clone()]),
    );
    check(
        &with(given, [recorded]),
        CaseCommand::RecordMaltreatmentDeath(command),
        rejects(Rule::AlreadyRecorded, "child"),
    );
}

#[test]
fn sex_trafficking_in_care_needs_the_child_in_care() {
    let command = RecordSexTrafficking {
        child: CHILD,
        timing: TraffickingTiming::WhileInCare,
        identified_on: d("2024-04-08"),
        reported_to_law_enforcement_on: Some(d("2024-04-09")),
    };
    check(
        &investigating(),
        CaseCommand::RecordSexTrafficking(command.clone()),
        rejects(Rule::ChildNotInCare, "identified_on"),
    );
    check(
        &in_care(),
        CaseCommand::RecordSexTrafficking(command.clone()),
        Ok(vec![CaseEvent::SexTraffickingIdentified {
            child: CHILD,
            timing: TraffickingTiming::WhileInCare,
            identified_on: d("2024-04-08"),
            reported_to_law_enforcement_on: Some(d("2024-04-09")),
        }]),
    );
    // Trafficking before entry is history the agency learns; no episode is needed.
    check(
        &investigating(),
        CaseCommand::RecordSexTrafficking(RecordSexTrafficking {
            timing: TraffickingTiming::BeforeEnteringCare,
            reported_to_law_enforcement_on: Some(d("2024-07-09")),
            ..command
        }),
        rejects(Rule::DateInFuture, "reported_to_law_enforcement_on"),
    );
}

// ---- notes ----

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

// ---- status ----

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

// ---- plan, reviews, court ----

#[test]
fn a_goal_has_a_target_on_or_after_it_is_set() {
    let goal = SetCasePlanGoal {
        goal_id: GoalId(id(0x61)),
        persons: vec![MOTHER],
        description: text("complete parenting classes"),
        set_on: d("2024-04-01"),
        target_on: d("2024-09-30"),
    };
    check(
        &investigating(),
        CaseCommand::SetCasePlanGoal(goal.clone()),
        Ok(vec![CaseEvent::CasePlanGoalSet {
            goal_id: goal.goal_id,
            persons: vec![MOTHER],
            description: goal.description.clone(),
            set_on: goal.set_on,
            target_on: goal.target_on,
        }]),
    );
    check(
        &investigating(),
        CaseCommand::SetCasePlanGoal(SetCasePlanGoal {
            target_on: d("2024-03-31"),
            ..goal
        }),
        rejects(Rule::EndBeforeStart, "target_on"),
    );
}

#[test]
fn permanency_plans_reviews_and_hearings_are_dated_facts() {
    check(
        &in_care(),
        CaseCommand::RecordPermanencyPlan(RecordPermanencyPlan {
            child: CHILD,
            plan: PermanencyPlan::Reunify,
            established_on: d("2024-03-20"),
        }),
        Ok(vec![CaseEvent::PermanencyPlanRecorded {
            child: CHILD,
            plan: PermanencyPlan::Reunify,
            established_on: d("2024-03-20"),
        }]),
    );
    check(
        &in_care(),
        CaseCommand::RecordPeriodicReview(RecordPeriodicReview {
            child: CHILD,
            held_on: d("2024-06-01"),
        }),
        Ok(vec![CaseEvent::PeriodicReviewHeld {
            child: CHILD,
            held_on: d("2024-06-01"),
        }]),
    );
    check(
        &in_care(),
        CaseCommand::RecordPermanencyHearing(RecordPermanencyHearing {
            child: CHILD,
            held_on: d("2024-08-01"),
        }),
        rejects(Rule::DateInFuture, "held_on"),
    );
    check(
        &in_care(),
        CaseCommand::RecordPermanencyHearing(RecordPermanencyHearing {
            child: CHILD,
            held_on: d("2024-02-01"),
        }),
        rejects(Rule::BeforeReport, "held_on"),
    );
}

#[test]
fn plans_reviews_and_hearings_need_the_child_in_care_that_day() {
    check(
        &in_care(),
        CaseCommand::RecordPermanencyPlan(RecordPermanencyPlan {
            child: SIBLING,
            plan: PermanencyPlan::Reunify,
            established_on: d("2024-03-20"),
        }),
        rejects(Rule::ChildNotInCare, "established_on"),
    );
    let after_exit = with(in_care(), [exited("2024-04-01")]);
    check(
        &after_exit,
        CaseCommand::RecordPeriodicReview(RecordPeriodicReview {
            child: CHILD,
            held_on: d("2024-04-02"),
        }),
        rejects(Rule::ChildNotInCare, "held_on"),
    );
    // A late entry for a hearing held on the exit day still belongs to the episode.
    check(
        &after_exit,
        CaseCommand::RecordPermanencyHearing(RecordPermanencyHearing {
            child: CHILD,
            held_on: d("2024-04-01"),
        }),
        Ok(vec![CaseEvent::PermanencyHearingHeld {
            child: CHILD,
            held_on: d("2024-04-01"),
        }]),
    );
}

#[test]
fn a_court_petition_and_a_child_representative() {
    check(
        &investigating(),
        CaseCommand::FileJuvenileCourtPetition(FileJuvenileCourtPetition {
            child: CHILD,
            filed_on: d("2024-03-02"),
        }),
        Ok(vec![CaseEvent::JuvenileCourtPetitionFiled {
            child: CHILD,
            filed_on: d("2024-03-02"),
        }]),
    );
    check(
        &investigating(),
        CaseCommand::AppointChildRepresentative(AppointChildRepresentative {
            child: CHILD,
            representative: ChildRepresentative::CourtAppointedSpecialAdvocate,
            appointed_on: d("2024-03-05"),
        }),
        Ok(vec![CaseEvent::ChildRepresentativeAppointed {
            child: CHILD,
            representative: ChildRepresentative::CourtAppointedSpecialAdvocate,
            appointed_on: d("2024-03-05"),
        }]),
    );
    check(
        &[referral()],
        CaseCommand::FileJuvenileCourtPetition(FileJuvenileCourtPetition {
            child: CHILD,
            filed_on: d("2024-03-02"),
        }),
        rejects(Rule::ReferralNotScreenedIn, "case_id"),
    );
}

#[test]
fn a_custody_order_is_recorded_once() {
    let order = RecordCustodyOrder {
        order_id: CourtOrderId(id(0x41)),
        child: CHILD,
        order: CustodyOrderKind::TemporaryCustody,
        issued_on: d("2024-03-04"),
    };
    let issued = CaseEvent::CustodyOrderIssued {
        order_id: order.order_id,
        child: CHILD,
        order: CustodyOrderKind::TemporaryCustody,
        issued_on: d("2024-03-04"),
    };
    check(
        &in_care(),
        CaseCommand::RecordCustodyOrder(order.clone()),
        Ok(vec![issued.clone()]),
    );
    check(
        &with(in_care(), [issued]),
        CaseCommand::RecordCustodyOrder(order),
        rejects(Rule::DuplicateId, "order_id"),
    );
}

#[test]
fn a_termination_cannot_precede_its_petition() {
    let petition = CaseEvent::TprPetitionFiled {
        child: CHILD,
        parent: FATHER,
        filed_on: d("2024-05-01"),
    };
    check(
        &in_care(),
        CaseCommand::FileTprPetition(FileTprPetition {
            child: CHILD,
            parent: FATHER,
            filed_on: d("2024-05-01"),
        }),
        Ok(vec![petition.clone()]),
    );
    let given = with(in_care(), [petition]);
    check(
        &given,
        CaseCommand::RecordTermination(RecordTermination {
            child: CHILD,
            parent: FATHER,
            kind: TerminationKind::Involuntary,
            terminated_on: d("2024-04-30"),
        }),
        rejects(Rule::TprBeforePetition, "terminated_on"),
    );
    let terminated = CaseEvent::ParentalRightsTerminated {
        child: CHILD,
        parent: FATHER,
        kind: TerminationKind::Involuntary,
        terminated_on: d("2024-06-15"),
    };
    check(
        &given,
        CaseCommand::RecordTermination(RecordTermination {
            child: CHILD,
            parent: FATHER,
            kind: TerminationKind::Involuntary,
            terminated_on: d("2024-06-15"),
        }),
        Ok(vec![terminated.clone()]),
    );
    check(
        &with(given, [terminated]),
        CaseCommand::RecordTermination(RecordTermination {
            child: CHILD,
            parent: FATHER,
            kind: TerminationKind::Voluntary,
            terminated_on: d("2024-06-20"),
        }),
        rejects(Rule::AlreadyRecorded, "parent"),
    );
}

#[test]
fn a_late_petition_cannot_postdate_the_termination_and_is_filed_once() {
    // The mother relinquished without a petition; a petition entered later must not
    // claim a date after the termination.
    let terminated = CaseEvent::ParentalRightsTerminated {
        child: CHILD,
        parent: MOTHER,
        kind: TerminationKind::Voluntary,
        terminated_on: d("2024-05-01"),
    };
    let given = with(in_care(), [terminated]);
    check(
        &given,
        CaseCommand::FileTprPetition(FileTprPetition {
            child: CHILD,
            parent: MOTHER,
            filed_on: d("2024-05-02"),
        }),
        rejects(Rule::TprBeforePetition, "filed_on"),
    );
    let petition = CaseEvent::TprPetitionFiled {
        child: CHILD,
        parent: MOTHER,
        filed_on: d("2024-04-01"),
    };
    check(
        &with(given, [petition]),
        CaseCommand::FileTprPetition(FileTprPetition {
            child: CHILD,
            parent: MOTHER,
            filed_on: d("2024-04-02"),
        }),
        rejects(Rule::AlreadyRecorded, "parent"),
    );
}

// ---- services ----

#[test]
fn a_service_referral_and_a_provider_report() {
    let referral_id = ServiceReferralId(id(0x31));
    let referred = CaseEvent::ServiceReferred {
        referral_id,
        persons: vec![MOTHER],
        service: ServiceType::SubstanceAbuse,
        provider: Some(HOME),
        method: CommunicationMethod::Electronic,
        referred_on: d("2024-03-10"),
    };
    check(
        &investigating(),
        CaseCommand::ReferToService(ReferToService {
            referral_id,
            persons: vec![MOTHER],
            service: ServiceType::SubstanceAbuse,
            provider: Some(HOME),
            method: CommunicationMethod::Electronic,
            referred_on: d("2024-03-10"),
        }),
        Ok(vec![referred.clone()]),
    );
    let report = RecordProviderReport {
        report_id: ProviderReportId(id(0x32)),
        provider: HOME,
        referral_id: Some(referral_id),
        method: CommunicationMethod::Verbal,
        received_on: d("2024-04-01"),
        services_received_on: BTreeSet::from([d("2024-03-15"), d("2024-03-22")]),
        summary: text("attended two sessions"),
    };
    let given = with(investigating(), [referred]);
    check(
        &given,
        CaseCommand::RecordProviderReport(report.clone()),
        Ok(vec![CaseEvent::ProviderReportReceived {
            report_id: report.report_id,
            provider: HOME,
            referral_id: Some(referral_id),
            method: CommunicationMethod::Verbal,
            received_on: d("2024-04-01"),
            services_received_on: report.services_received_on.clone(),
            summary: report.summary.clone(),
        }]),
    );
    check(
        &investigating(),
        CaseCommand::RecordProviderReport(report.clone()),
        rejects(Rule::ServiceReferralNotFound, "referral_id"),
    );
    check(
        &given,
        CaseCommand::RecordProviderReport(RecordProviderReport {
            services_received_on: BTreeSet::from([d("2024-04-02")]),
            ..report.clone()
        }),
        rejects(Rule::ServiceAfterReport, "services_received_on"),
    );
    check(
        &given,
        CaseCommand::RecordProviderReport(RecordProviderReport {
            services_received_on: BTreeSet::new(),
            ..report
        }),
        rejects(Rule::Required, "services_received_on"),
    );
}

// ---- custody ----

#[test]
fn a_removal_opens_an_episode() {
    let state = check(
        &investigating(),
        CaseCommand::RecordRemoval(record_removal()),
        Ok(vec![removed("2024-03-02")]),
    );
    assert!(state.effective().unwrap().open_episode_of(CHILD).is_some());
}

#[test]
fn a_removal_while_an_episode_is_open_is_rejected() {
    check(
        &in_care(),
        CaseCommand::RecordRemoval(RecordRemoval {
            episode_id: EpisodeId(id(0xE2)),
            removed_on: d("2024-04-01"),
            ..record_removal()
        }),
        rejects(Rule::EpisodeAlreadyOpen, "child"),
    );
}

#[test]
fn a_removal_inside_an_earlier_episode_is_rejected() {
    let given = with(in_care(), [exited("2024-05-01")]);
    let again = RecordRemoval {
        episode_id: EpisodeId(id(0xE2)),
        removed_on: d("2024-04-15"),
        ..record_removal()
    };
    check(
        &given,
        CaseCommand::RecordRemoval(again.clone()),
        rejects(Rule::RemovalOverlapsEpisode, "removed_on"),
    );
    // Re-entry on the day of the exit is a new episode.
    check(
        &given,
        CaseCommand::RecordRemoval(RecordRemoval {
            removed_on: d("2024-05-01"),
            ..again.clone()
        }),
        Ok(vec![CaseEvent::ChildRemoved {
            episode_id: again.episode_id,
            child: CHILD,
            removed_on: d("2024-05-01"),
            removed_at: None,
            manner: RemovalManner::CourtOrdered,
            environment: RemovalEnvironment::ParentHousehold,
            circumstances: again.circumstances.clone(),
        }]),
    );
}

#[test]
fn removal_circumstances_follow_the_afcars_edits() {
    check(
        &investigating(),
        CaseCommand::RecordRemoval(RecordRemoval {
            circumstances: BTreeSet::new(),
            ..record_removal()
        }),
        rejects(Rule::Required, "circumstances"),
    );
    for pair in [
        [
            RemovalCircumstance::Runaway,
            RemovalCircumstance::WhereaboutsUnknown,
        ],
        [
            RemovalCircumstance::Abandonment,
            RemovalCircumstance::VoluntaryRelinquishmentForAdoption,
        ],
    ] {
        check(
            &investigating(),
            CaseCommand::RecordRemoval(RecordRemoval {
                circumstances: BTreeSet::from(pair),
                ..record_removal()
            }),
            rejects(Rule::ExclusiveCircumstances, "circumstances"),
        );
    }
}

#[test]
fn a_placement_in_an_open_episode() {
    check(
        &with(investigating(), [removed("2024-03-02")]),
        CaseCommand::PlaceChild(place_child(PLACEMENT, "2024-03-02", None)),
        Ok(vec![placed(PLACEMENT, "2024-03-02", None)]),
    );
}

#[test]
fn a_placement_outside_its_episode_is_rejected() {
    check(
        &investigating(),
        CaseCommand::PlaceChild(place_child(PLACEMENT, "2024-03-02", None)),
        rejects(Rule::EpisodeNotFound, "episode_id"),
    );
    check(
        &with(investigating(), [removed("2024-03-02")]),
        CaseCommand::PlaceChild(place_child(PLACEMENT, "2024-03-01", None)),
        rejects(Rule::PlacementOutsideEpisode, "started_on"),
    );
    let ended = with(in_care(), [exited("2024-04-01")]);
    check(
        &ended,
        CaseCommand::PlaceChild(place_child(
            NEXT_PLACEMENT,
            "2024-04-02",
            Some("2024-04-03"),
        )),
        rejects(Rule::PlacementOutsideEpisode, "started_on"),
    );
    check(
        &ended,
        CaseCommand::PlaceChild(place_child(NEXT_PLACEMENT, "2024-04-01", None)),
        rejects(Rule::PlacementOutsideEpisode, "ended_on"),
    );
}

#[test]
fn a_late_placement_inside_an_ended_episode_is_accepted() {
    // Episode 03-02..04-10; the first placement was recorded as 03-02..03-20, and the
    // worker later enters the placement 03-20..04-10 they forgot.
    let given = with(
        investigating(),
        [
            removed("2024-03-02"),
            placed(PLACEMENT, "2024-03-02", Some("2024-03-20")),
            exited("2024-04-10"),
        ],
    );
    check(
        &given,
        CaseCommand::PlaceChild(place_child(
            NEXT_PLACEMENT,
            "2024-03-20",
            Some("2024-04-10"),
        )),
        Ok(vec![placed(
            NEXT_PLACEMENT,
            "2024-03-20",
            Some("2024-04-10"),
        )]),
    );
}

#[test]
fn overlapping_placements_are_rejected() {
    check(
        &in_care(),
        CaseCommand::PlaceChild(place_child(NEXT_PLACEMENT, "2024-04-01", None)),
        rejects(Rule::PlacementsOverlap, "started_on"),
    );
    let moved = with(
        investigating(),
        [
            removed("2024-03-02"),
            placed(PLACEMENT, "2024-03-02", Some("2024-04-01")),
        ],
    );
    check(
        &moved,
        CaseCommand::PlaceChild(place_child(NEXT_PLACEMENT, "2024-03-31", None)),
        rejects(Rule::PlacementsOverlap, "started_on"),
    );
    check(
        &moved,
        CaseCommand::PlaceChild(place_child(NEXT_PLACEMENT, "2024-04-01", None)),
        Ok(vec![placed(NEXT_PLACEMENT, "2024-04-01", None)]),
    );
}

#[test]
fn a_placement_setting_and_location_must_agree() {
    let runaway = PlacementSetting::Other {
        setting: OtherPlacementSetting::Runaway,
    };
    let given = with(investigating(), [removed("2024-03-02")]);
    check(
        &given,
        CaseCommand::PlaceChild(PlaceChild {
            setting: runaway.clone(),
            ..place_child(PLACEMENT, "2024-03-02", None)
        }),
        rejects(Rule::LocationDoesNotFitSetting, "location"),
    );
    check(
        &given,
        CaseCommand::PlaceChild(PlaceChild {
            setting: runaway.clone(),
            location: PlacementLocation::RunawayOrWhereaboutsUnknown,
            provider: None,
            ..place_child(PLACEMENT, "2024-03-02", None)
        }),
        Ok(vec![CaseEvent::ChildPlaced {
            placement_id: PLACEMENT,
            episode_id: EPISODE,
            child: CHILD,
            started_on: d("2024-03-02"),
            ended_on: None,
            setting: runaway,
            provider: None,
            location: PlacementLocation::RunawayOrWhereaboutsUnknown,
        }]),
    );
    check(
        &given,
        CaseCommand::PlaceChild(PlaceChild {
            setting: PlacementSetting::FosterFamilyHome {
                home_types: BTreeSet::new(),
            },
            ..place_child(PLACEMENT, "2024-03-02", None)
        }),
        rejects(Rule::Required, "setting.home_types"),
    );
    check(
        &given,
        CaseCommand::PlaceChild(PlaceChild {
            provider: None,
            ..place_child(PLACEMENT, "2024-03-02", None)
        }),
        rejects(Rule::Required, "provider"),
    );
}

#[test]
fn a_placement_cannot_end_before_it_starts() {
    check(
        &with(investigating(), [removed("2024-03-02")]),
        CaseCommand::PlaceChild(place_child(PLACEMENT, "2024-03-10", Some("2024-03-09"))),
        rejects(Rule::EndBeforeStart, "ended_on"),
    );
    check(
        &in_care(),
        CaseCommand::EndPlacement(EndPlacement {
            placement_id: PLACEMENT,
            ended_on: d("2024-03-01"),
        }),
        rejects(Rule::EndBeforeStart, "ended_on"),
    );
}

#[test]
fn ending_a_placement() {
    let end = EndPlacement {
        placement_id: PLACEMENT,
        ended_on: d("2024-04-01"),
    };
    let ended = CaseEvent::PlacementEnded {
        placement_id: PLACEMENT,
        episode_id: EPISODE,
        ended_on: d("2024-04-01"),
    };
    check(
        &in_care(),
        CaseCommand::EndPlacement(end.clone()),
        Ok(vec![ended.clone()]),
    );
    check(
        &with(in_care(), [ended]),
        CaseCommand::EndPlacement(end.clone()),
        rejects(Rule::PlacementAlreadyEnded, "placement_id"),
    );
    check(
        &investigating(),
        CaseCommand::EndPlacement(end),
        rejects(Rule::PlacementNotFound, "placement_id"),
    );
}

#[test]
fn an_exit_ends_the_open_placement_and_the_episode() {
    let exit = RecordExit {
        episode_id: EPISODE,
        exited_on: d("2024-05-20"),
        reason: ExitReason::TransferToAnotherAgency {
            receiving_agency: ReceivingAgency::JuvenileJusticeAgency,
        },
    };
    let state = check(
        &in_care(),
        CaseCommand::RecordExit(exit.clone()),
        Ok(vec![
            CaseEvent::PlacementEnded {
                placement_id: PLACEMENT,
                episode_id: EPISODE,
                ended_on: d("2024-05-20"),
            },
            CaseEvent::ChildExitedCare {
                episode_id: EPISODE,
                child: CHILD,
                exited_on: d("2024-05-20"),
                reason: exit.reason,
            },
        ]),
    );
    assert!(state.effective().unwrap().open_episode_of(CHILD).is_none());
    assert_eq!(exit.reason.code(), 8);
    assert_eq!(
        exit.reason.receiving_agency(),
        Some(ReceivingAgency::JuvenileJusticeAgency)
    );
}

#[test]
fn an_exit_before_its_removal_or_a_placement_is_rejected() {
    check(
        &in_care(),
        CaseCommand::RecordExit(RecordExit {
            episode_id: EPISODE,
            exited_on: d("2024-03-01"),
            reason: ExitReason::ReunifyWithParents,
        }),
        rejects(Rule::ExitBeforeRemoval, "exited_on"),
    );
    let moved = with(
        in_care(),
        [
            CaseEvent::PlacementEnded {
                placement_id: PLACEMENT,
                episode_id: EPISODE,
                ended_on: d("2024-04-01"),
            },
            placed(NEXT_PLACEMENT, "2024-04-01", None),
        ],
    );
    check(
        &moved,
        CaseCommand::RecordExit(RecordExit {
            episode_id: EPISODE,
            exited_on: d("2024-03-15"),
            reason: ExitReason::ReunifyWithParents,
        }),
        rejects(Rule::PlacementAfterExit, "exited_on"),
    );
    check(
        &with(in_care(), [exited("2024-05-01")]),
        CaseCommand::RecordExit(RecordExit {
            episode_id: EPISODE,
            exited_on: d("2024-05-02"),
            reason: ExitReason::ReunifyWithParents,
        }),
        rejects(Rule::EpisodeNotOpen, "episode_id"),
    );
}

#[test]
fn an_exit_cannot_leave_a_review_outside_the_episode() {
    let reviewed = with(
        in_care(),
        [CaseEvent::PeriodicReviewHeld {
            child: CHILD,
            held_on: d("2024-05-10"),
        }],
    );
    check(
        &reviewed,
        CaseCommand::RecordExit(RecordExit {
            episode_id: EPISODE,
            exited_on: d("2024-05-09"),
            reason: ExitReason::ReunifyWithParents,
        }),
        rejects(Rule::InCareActivityAfterExit, "exited_on"),
    );
}

#[test]
fn an_exit_to_adoption_or_guardianship_needs_it_on_record() {
    let to_adoption = RecordExit {
        episode_id: EPISODE,
        exited_on: d("2024-06-01"),
        reason: ExitReason::Adoption,
    };
    check(
        &in_care(),
        CaseCommand::RecordExit(to_adoption.clone()),
        rejects(Rule::ExitWithoutFinalizedAdoption, "reason"),
    );
    let finalized_later = with(
        in_care(),
        [
            CaseEvent::AdoptivePlacementMade {
                child: CHILD,
                family: HOME,
                placed_on: d("2024-05-01"),
            },
            CaseEvent::AdoptionFinalized {
                child: CHILD,
                finalized_on: d("2024-06-02"),
            },
        ],
    );
    check(
        &finalized_later,
        CaseCommand::RecordExit(to_adoption),
        rejects(Rule::ExitWithoutFinalizedAdoption, "reason"),
    );
    let to_guardianship = RecordExit {
        episode_id: EPISODE,
        exited_on: d("2024-06-01"),
        reason: ExitReason::Guardianship,
    };
    check(
        &in_care(),
        CaseCommand::RecordExit(to_guardianship.clone()),
        rejects(Rule::ExitWithoutGuardianship, "reason"),
    );
    let guardianship = with(
        in_care(),
        [CaseEvent::GuardianshipEstablished {
            child: CHILD,
            guardians: BTreeSet::from([MOTHER]),
            established_on: d("2024-06-01"),
        }],
    );
    check(
        &guardianship,
        CaseCommand::RecordExit(to_guardianship),
        Ok(vec![
            CaseEvent::PlacementEnded {
                placement_id: PLACEMENT,
                episode_id: EPISODE,
                ended_on: d("2024-06-01"),
            },
            CaseEvent::ChildExitedCare {
                episode_id: EPISODE,
                child: CHILD,
                exited_on: d("2024-06-01"),
                reason: ExitReason::Guardianship,
            },
        ]),
    );
}

// ---- adoption and guardianship ----

#[test]
fn adoption_from_recruitment_to_finalization() {
    let activity = RecordRecruitmentActivity {
        activity_id: RecruitmentActivityId(id(0x21)),
        child: CHILD,
        activity: RecruitmentActivity::PhotolistingOrExchange,
        occurred_on: d("2024-04-01"),
    };
    check(
        &in_care(),
        CaseCommand::RecordRecruitmentActivity(activity.clone()),
        Ok(vec![CaseEvent::RecruitmentActivityRecorded {
            activity_id: activity.activity_id,
            child: CHILD,
            activity: activity.activity,
            occurred_on: activity.occurred_on,
        }]),
    );
    let conference = RecordMatchingConference {
        conference_id: MatchingConferenceId(id(0x22)),
        child: CHILD,
        held_on: d("2024-04-15"),
        families_considered: BTreeSet::from([HOME, OTHER_HOME]),
        selected: Some(HOME),
    };
    check(
        &in_care(),
        CaseCommand::RecordMatchingConference(conference.clone()),
        Ok(vec![CaseEvent::MatchingConferenceHeld {
            conference_id: conference.conference_id,
            child: CHILD,
            held_on: conference.held_on,
            families_considered: conference.families_considered.clone(),
            selected: Some(HOME),
        }]),
    );
    check(
        &in_care(),
        CaseCommand::RecordMatchingConference(RecordMatchingConference {
            families_considered: BTreeSet::from([OTHER_HOME]),
            ..conference
        }),
        rejects(Rule::SelectedFamilyNotConsidered, "selected"),
    );
    let finalize = FinalizeAdoption {
        child: CHILD,
        finalized_on: d("2024-06-01"),
    };
    check(
        &in_care(),
        CaseCommand::FinalizeAdoption(finalize.clone()),
        rejects(Rule::NoAdoptivePlacement, "child"),
    );
    let placed_for_adoption = CaseEvent::AdoptivePlacementMade {
        child: CHILD,
        family: HOME,
        placed_on: d("2024-05-01"),
    };
    check(
        &in_care(),
        CaseCommand::RecordAdoptivePlacement(RecordAdoptivePlacement {
            child: CHILD,
            family: HOME,
            placed_on: d("2024-05-01"),
        }),
        Ok(vec![placed_for_adoption.clone()]),
    );
    let given = with(in_care(), [placed_for_adoption]);
    check(
        &given,
        CaseCommand::FinalizeAdoption(FinalizeAdoption {
            child: CHILD,
            finalized_on: d("2024-04-30"),
        }),
        rejects(Rule::FinalizationBeforePlacement, "finalized_on"),
    );
    let finalized = CaseEvent::AdoptionFinalized {
        child: CHILD,
        finalized_on: d("2024-06-01"),
    };
    check(
        &given,
        CaseCommand::FinalizeAdoption(finalize.clone()),
        Ok(vec![finalized.clone()]),
    );
    check(
        &with(given, [finalized]),
        CaseCommand::FinalizeAdoption(finalize),
        rejects(Rule::AlreadyRecorded, "child"),
    );
}

#[test]
fn guardianship_has_one_or_two_guardians() {
    let guardianship = EstablishGuardianship {
        child: CHILD,
        guardians: BTreeSet::from([MOTHER]),
        established_on: d("2024-06-01"),
    };
    check(
        &in_care(),
        CaseCommand::EstablishGuardianship(guardianship.clone()),
        Ok(vec![CaseEvent::GuardianshipEstablished {
            child: CHILD,
            guardians: BTreeSet::from([MOTHER]),
            established_on: d("2024-06-01"),
        }]),
    );
    check(
        &in_care(),
        CaseCommand::EstablishGuardianship(EstablishGuardianship {
            guardians: BTreeSet::from([MOTHER, FATHER, SIBLING]),
            ..guardianship.clone()
        }),
        rejects(Rule::TooManyGuardians, "guardians"),
    );
    check(
        &in_care(),
        CaseCommand::EstablishGuardianship(EstablishGuardianship {
            guardians: BTreeSet::new(),
            ..guardianship
        }),
        rejects(Rule::Required, "guardians"),
    );
}

#[test]
fn an_assistance_agreement_in_cents_per_month() {
    let agreement = SignAssistanceAgreement {
        agreement_id: AgreementId(id(0x11)),
        child: CHILD,
        agreement_type: AssistanceAgreementType::TitleIveAdoptionAssistance,
        monthly_amount: Cents(45_000),
        signed_on: d("2024-05-15"),
        // Payments start after the finalization, which may be ahead.
        effective_on: d("2024-08-01"),
        ends_on: Some(d("2036-03-01")),
    };
    check(
        &in_care(),
        CaseCommand::SignAssistanceAgreement(agreement.clone()),
        Ok(vec![CaseEvent::AssistanceAgreementSigned {
            agreement_id: agreement.agreement_id,
            child: CHILD,
            agreement_type: AssistanceAgreementType::TitleIveAdoptionAssistance,
            monthly_amount: Cents(45_000),
            signed_on: d("2024-05-15"),
            effective_on: d("2024-08-01"),
            ends_on: Some(d("2036-03-01")),
        }]),
    );
    check(
        &in_care(),
        CaseCommand::SignAssistanceAgreement(SignAssistanceAgreement {
            ends_on: Some(d("2024-07-31")),
            ..agreement.clone()
        }),
        rejects(Rule::EndBeforeStart, "ends_on"),
    );
    check(
        &in_care(),
        CaseCommand::SignAssistanceAgreement(SignAssistanceAgreement {
            signed_on: d("2024-07-01"),
            ..agreement
        }),
        rejects(Rule::DateInFuture, "signed_on"),
    );
}

// ---- visits and documents ----

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

// ---- interns (paragraph O) ----

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

// ---- the stored contract ----

#[test]
fn commands_reject_unknown_fields() {
    let json = r#"{"OpenCase": {"opened_on": "2024-04-01", "openedby": "x"}}"#;
    assert!(serde_json::from_str::<CaseCommand>(json).is_err());
    let json = r#"{"OpenCase": {"opened_on": "2024-04-01"}}"#;
    let command: CaseCommand = serde_json::from_str(json).unwrap();
    assert_eq!(
        command,
        CaseCommand::OpenCase(OpenCase {
            opened_on: d("2024-04-01")
        })
    );
}

#[test]
fn a_note_command_without_author_parses_and_is_rejected_by_the_domain() {
    let json = format!(
        r#"{{"RecordCaseNote": {{"note_id": "{}", "author": null, "persons_involved": [],
            "occurred_on": "2024-03-05", "occurred_at": null,
            "segments": [{{"kind": "fact", "text": "x"}}]}}}}"#,
        NOTE.0
    );
    let command: CaseCommand = serde_json::from_str(&json).unwrap();
    let outcome = Case::decide(&Case::replay(&investigating()), command, &worker());
    assert_eq!(outcome, rejects(Rule::Required, "author"));
}

#[test]
fn debug_output_redacts_narratives() {
    let shown = format!("{:?}", note_recorded());
    assert!(!shown.contains("bike"), "{shown}");
    let shown = format!("{:?}", CaseCommand::ReceiveReferral(receive_referral()));
    assert!(!shown.contains("bruises"), "{shown}");
}

#[test]
fn federal_codes() {
    assert_eq!(ReportSource::AnonymousReporter.code(), 13);
    assert_eq!(ReportSource::Unknown.code(), 99);
    assert_eq!(MaltreatmentType::SexTrafficking.code(), 7);
    assert_eq!(MaltreatmentDisposition::AlternativeResponseVictim.code(), 3);
    assert!(MaltreatmentDisposition::Indicated.counts_as_victim());
    assert!(!MaltreatmentDisposition::Unsubstantiated.counts_as_victim());
    assert_eq!(RemovalCircumstance::Runaway.code(), 72);
    assert_eq!(RemovalCircumstance::Homelessness.code(), 105);
    assert_eq!(RemovalCircumstance::ALL.len(), 34);
    assert_eq!(OtherPlacementSetting::Runaway.code(), 12);
    assert_eq!(OtherPlacementSetting::WhereaboutsUnknown.code(), 13);
    assert_eq!(ExitReason::Adoption.code(), 3);
    assert_eq!(ExitReason::Guardianship.code(), 5);
    assert_eq!(ExitReason::Guardianship.receiving_agency(), None);
    let guardianship = AssistanceAgreementType::StateOrTribalGuardianshipAssistance;
    assert_eq!(guardianship.program(), AssistanceProgram::Guardianship);
    assert!(!guardianship.is_title_ive());
    assert!(AssistanceAgreementType::TitleIveAdoptionMedicaidOnly.is_title_ive());
    assert_eq!(
        AssistanceAgreementType::TitleIveAdoptionMedicaidOnly.program(),
        AssistanceProgram::Adoption
    );
    assert_eq!(
        PlacementLocation::OutOfState {
            jurisdiction: Jurisdiction::parse("KY").unwrap()
        }
        .code(),
        2
    );
    assert!(Jurisdiction::parse("ky").is_err());
    assert!(CountyCode::new(0).is_err());
    assert!(CountyCode::new(1000).is_err());
}

/// Every command of a case's life, in an order the rules accept.
fn whole_life() -> Vec<(CommandContext, CaseCommand)> {
    use CaseCommand as C;
    let w = worker;
    let referral_id = ServiceReferralId(id(0x31));
    vec![
        (w(), C::ReceiveReferral(receive_referral())),
        (
            w(),
            C::ScreenReferral(ScreenReferral {
                screened_on: d("2024-03-01"),
                decision: ScreeningDecision::ScreenedIn {
                    response: CpsResponse::Investigation,
                },
            }),
        ),
        (
            w(),
            C::InitiateResponse(InitiateResponse {
                started_on: d("2024-03-01"),
                started_at: None,
            }),
        ),
        (
            w(),
            C::RecordAllegation(RecordAllegation {
                allegation_id: ALLEGATION,
                victim: CHILD,
                maltreatment: MaltreatmentType::Neglect,
                perpetrator: None,
                alleged_on: d("2024-03-01"),
                incident_on: None,
            }),
        ),
        (
            w(),
            C::RecordDisposition(RecordDisposition {
                allegation_id: ALLEGATION,
                disposition: MaltreatmentDisposition::Indicated,
                disposed_on: d("2024-03-25"),
            }),
        ),
        (
            w(),
            C::RecordAssessment(RecordAssessment {
                assessment_id: AssessmentId(id(0x91)),
                result: AssessmentResult::RiskAssessment {
                    level: RiskLevel::High,
                },
                completed_on: d("2024-03-03"),
                persons: vec![CHILD],
                summary: None,
            }),
        ),
        (
            w(),
            C::RecordAllegation(RecordAllegation {
                allegation_id: AllegationId(id(0xD2)),
                victim: PersonId(id(0xC3)),
                maltreatment: MaltreatmentType::PhysicalAbuse,
                perpetrator: None,
                alleged_on: d("2024-03-01"),
                incident_on: None,
            }),
        ),
        (
            w(),
            C::RecordMaltreatmentDeath(RecordMaltreatmentDeath {
                child: PersonId(id(0xC3)),
                died_on: d("2024-02-28"),
            }),
        ),
        (
            w(),
            C::RecordRiskFactors(RecordRiskFactors {
                child: CHILD,
                assessed_on: d("2024-03-03"),
                child_factors: BTreeSet::new(),
                caregiver_factors: BTreeSet::from([CaregiverRiskFactor::InadequateHousing]),
            }),
        ),
        (w(), C::RecordCaseNote(record_note())),
        (
            w(),
            C::AmendCaseNote(AmendCaseNote {
                note_id: NoteId(id(0x72)),
                amends: NOTE,
                author: Some(WORKER),
                reason: text("typo"),
                persons_involved: vec![CHILD],
                occurred_on: d("2024-03-05"),
                occurred_at: None,
                segments: vec![fact("corrected")],
            }),
        ),
        (
            w(),
            C::OpenCase(OpenCase {
                opened_on: d("2024-03-26"),
            }),
        ),
        (
            w(),
            C::AssignCaseworker(AssignCaseworker {
                worker: WORKER,
                supervisor: None,
                assigned_on: d("2024-03-26"),
            }),
        ),
        (
            w(),
            C::TransferCase(TransferCase {
                to_organization: OrganizationId(id(0x0A)),
                transferred_on: d("2024-03-27"),
            }),
        ),
        (
            w(),
            C::SetCasePlanGoal(SetCasePlanGoal {
                goal_id: GoalId(id(0x61)),
                persons: vec![MOTHER],
                description: text("stable housing"),
                set_on: d("2024-03-28"),
                target_on: d("2024-09-28"),
            }),
        ),
        (w(), C::RecordRemoval(record_removal())),
        (
            w(),
            C::RecordPermanencyPlan(RecordPermanencyPlan {
                child: CHILD,
                plan: PermanencyPlan::Adoption,
                established_on: d("2024-04-01"),
            }),
        ),
        (
            w(),
            C::RecordPeriodicReview(RecordPeriodicReview {
                child: CHILD,
                held_on: d("2024-04-02"),
            }),
        ),
        (
            w(),
            C::RecordPermanencyHearing(RecordPermanencyHearing {
                child: CHILD,
                held_on: d("2024-04-03"),
            }),
        ),
        (
            w(),
            C::FileJuvenileCourtPetition(FileJuvenileCourtPetition {
                child: CHILD,
                filed_on: d("2024-03-02"),
            }),
        ),
        (
            w(),
            C::AppointChildRepresentative(AppointChildRepresentative {
                child: CHILD,
                representative: ChildRepresentative::GuardianAdLitem,
                appointed_on: d("2024-03-03"),
            }),
        ),
        (
            w(),
            C::RecordCustodyOrder(RecordCustodyOrder {
                order_id: CourtOrderId(id(0x41)),
                child: CHILD,
                order: CustodyOrderKind::PermanentCustody,
                issued_on: d("2024-04-04"),
            }),
        ),
        (
            w(),
            C::FileTprPetition(FileTprPetition {
                child: CHILD,
                parent: FATHER,
                filed_on: d("2024-04-05"),
            }),
        ),
        (
            w(),
            C::RecordTermination(RecordTermination {
                child: CHILD,
                parent: FATHER,
                kind: TerminationKind::Involuntary,
                terminated_on: d("2024-04-06"),
            }),
        ),
        (
            w(),
            C::ReferToService(ReferToService {
                referral_id,
                persons: vec![MOTHER],
                service: ServiceType::Counseling,
                provider: None,
                method: CommunicationMethod::Written,
                referred_on: d("2024-04-07"),
            }),
        ),
        (
            w(),
            C::RecordProviderReport(RecordProviderReport {
                report_id: ProviderReportId(id(0x32)),
                provider: OTHER_HOME,
                referral_id: Some(referral_id),
                method: CommunicationMethod::Written,
                received_on: d("2024-04-20"),
                services_received_on: BTreeSet::from([d("2024-04-10")]),
                summary: text("engaged"),
            }),
        ),
        (
            w(),
            C::PlaceChild(place_child(PLACEMENT, "2024-03-02", None)),
        ),
        (
            w(),
            C::EndPlacement(EndPlacement {
                placement_id: PLACEMENT,
                ended_on: d("2024-04-10"),
            }),
        ),
        (
            w(),
            C::PlaceChild(PlaceChild {
                location: PlacementLocation::OutOfState {
                    jurisdiction: Jurisdiction::parse("KY").unwrap(),
                },
                ..place_child(NEXT_PLACEMENT, "2024-04-10", None)
            }),
        ),
        (
            w(),
            C::RecordSexTrafficking(RecordSexTrafficking {
                child: CHILD,
                timing: TraffickingTiming::WhileInCare,
                identified_on: d("2024-04-10"),
                reported_to_law_enforcement_on: None,
            }),
        ),
        (
            w(),
            C::RecordRecruitmentActivity(RecordRecruitmentActivity {
                activity_id: RecruitmentActivityId(id(0x21)),
                child: CHILD,
                activity: RecruitmentActivity::FamilySearch,
                occurred_on: d("2024-04-11"),
            }),
        ),
        (
            w(),
            C::RecordMatchingConference(RecordMatchingConference {
                conference_id: MatchingConferenceId(id(0x22)),
                child: CHILD,
                held_on: d("2024-04-12"),
                families_considered: BTreeSet::from([HOME]),
                selected: Some(HOME),
            }),
        ),
        (
            w(),
            C::RecordAdoptivePlacement(RecordAdoptivePlacement {
                child: CHILD,
                family: HOME,
                placed_on: d("2024-04-13"),
            }),
        ),
        (
            w(),
            C::SignAssistanceAgreement(SignAssistanceAgreement {
                agreement_id: AgreementId(id(0x11)),
                child: CHILD,
                agreement_type: AssistanceAgreementType::StateOrTribalAdoptionAssistance,
                monthly_amount: Cents(0),
                signed_on: d("2024-04-14"),
                effective_on: d("2024-05-01"),
                ends_on: None,
            }),
        ),
        (
            w(),
            C::FinalizeAdoption(FinalizeAdoption {
                child: CHILD,
                finalized_on: d("2024-05-01"),
            }),
        ),
        (
            w(),
            C::RecordExit(RecordExit {
                episode_id: EPISODE,
                exited_on: d("2024-05-01"),
                reason: ExitReason::Adoption,
            }),
        ),
        (
            w(),
            C::EstablishGuardianship(EstablishGuardianship {
                child: SIBLING,
                guardians: BTreeSet::from([MOTHER]),
                established_on: d("2024-05-02"),
            }),
        ),
        (
            w(),
            C::RecordCaseworkerVisit(RecordCaseworkerVisit {
                visit_id: CaseworkerVisitId(id(0x99)),
                child: SIBLING,
                caseworker: WORKER,
                visited_on: d("2024-05-03"),
                location: CaseworkerVisitLocation::Other,
            }),
        ),
        (
            w(),
            C::ScheduleFamilyVisit(ScheduleFamilyVisit {
                scheduled_for: d("2024-05-04"),
                ..schedule_visit()
            }),
        ),
        (
            w(),
            C::RecordFamilyVisitOutcome(RecordFamilyVisitOutcome {
                visit_id: VISIT,
                outcome: VisitOutcome::Cancelled {
                    by: VisitParty::Circumstances,
                    reason: text("snow"),
                },
                occurred_on: d("2024-05-04"),
            }),
        ),
        (
            w(),
            C::AttachDocument(AttachDocument {
                document_id: DocumentId(id(0xD0C)),
                kind: DocumentKind::Agreement,
                sha256: Sha256Digest::from_bytes([1; 32]),
                storage_key: StorageKey::parse("docs/1").unwrap(),
                dated_on: d("2024-04-14"),
            }),
        ),
        (
            intern(),
            C::RecordCaseNote(RecordCaseNote {
                note_id: NoteId(id(0x73)),
                author: Some(INTERN),
                ..record_note()
            }),
        ),
        (
            supervisor(),
            C::ApproveEntry(ApproveEntry {
                entry: EntryNumber(1),
            }),
        ),
        (
            intern(),
            C::RecordCaseNote(RecordCaseNote {
                note_id: NoteId(id(0x74)),
                author: Some(INTERN),
                ..record_note()
            }),
        ),
        (
            supervisor(),
            C::RejectEntry(RejectEntry {
                entry: EntryNumber(2),
                reason: text("duplicate"),
            }),
        ),
        (
            w(),
            C::CloseCase(CloseCase {
                closed_on: d("2024-05-05"),
                reason: ClosureReason::PermanencyAchieved,
            }),
        ),
    ]
}

const EVENT_TYPES: [&str; 43] = [
    "ReferralReceived",
    "ReferralScreened",
    "ResponseInitiated",
    "AllegationRecorded",
    "DispositionRecorded",
    "AssessmentRecorded",
    "RiskFactorsRecorded",
    "MaltreatmentDeathRecorded",
    "SexTraffickingIdentified",
    "CaseNoteRecorded",
    "CaseNoteAmended",
    "CaseOpened",
    "CaseworkerAssigned",
    "CaseTransferred",
    "CaseClosed",
    "CasePlanGoalSet",
    "PermanencyPlanRecorded",
    "PeriodicReviewHeld",
    "PermanencyHearingHeld",
    "JuvenileCourtPetitionFiled",
    "ChildRepresentativeAppointed",
    "CustodyOrderIssued",
    "TprPetitionFiled",
    "ParentalRightsTerminated",
    "ServiceReferred",
    "ProviderReportReceived",
    "ChildRemoved",
    "ChildPlaced",
    "PlacementEnded",
    "ChildExitedCare",
    "RecruitmentActivityRecorded",
    "MatchingConferenceHeld",
    "AdoptivePlacementMade",
    "AdoptionFinalized",
    "GuardianshipEstablished",
    "AssistanceAgreementSigned",
    "CaseworkerVisitMade",
    "FamilyVisitScheduled",
    "FamilyVisitConcluded",
    "DocumentAttached",
    "EntryProposed",
    "EntryApproved",
    "EntryRejected",
];

fn run_whole_life() -> (CaseState, Vec<CaseEvent>) {
    let mut state = CaseState::default();
    let mut log = Vec::new();
    for (step, (context, command)) in whole_life().into_iter().enumerate() {
        let events = Case::decide(&state, command, &context)
            .unwrap_or_else(|error| panic!("step {step}: {error:?}"));
        state = events.iter().fold(state, Case::evolve);
        log.extend(events);
    }
    (state, log)
}

#[test]
fn a_whole_case_life_emits_every_event_type() {
    let (state, log) = run_whole_life();
    let emitted: BTreeSet<&str> = log.iter().map(|event| event.event_type()).collect();
    assert_eq!(emitted, BTreeSet::from(EVENT_TYPES));
    assert_eq!(state.effective().unwrap().status(), CaseStatus::Closed);
    assert!(log.iter().all(|event| event.schema_version() == 1));
}

#[test]
fn every_event_type_round_trips_through_messagepack_and_json() {
    let (_, log) = run_whole_life();
    for event in &log {
        let bytes = rmp_serde::to_vec_named(event).unwrap();
        let back: CaseEvent = rmp_serde::from_slice(&bytes).unwrap();
        assert_eq!(&back, event);
        let json = serde_json::to_string(event).unwrap();
        assert_eq!(&serde_json::from_str::<CaseEvent>(&json).unwrap(), event);
    }
}

#[test]
fn every_command_round_trips_through_json() {
    for (_, command) in whole_life() {
        let json = serde_json::to_string(&command).unwrap();
        assert_eq!(serde_json::from_str::<CaseCommand>(&json).unwrap(), command);
    }
}

#[test]
fn replaying_the_log_rebuilds_the_state() {
    let (state, log) = run_whole_life();
    assert_eq!(Case::replay(&log), state);
}

#[test]
fn the_stored_shape_of_a_placement_is_pinned() {
    // Renaming a field or a variant breaks every stored event; this test makes that a
    // deliberate act (a new schema version and an upcaster), not an accident.
    let event = CaseEvent::ChildPlaced {
        placement_id: PLACEMENT,
        episode_id: EPISODE,
        child: CHILD,
        started_on: d("2024-03-02"),
        ended_on: None,
        setting: licensed_home(),
        provider: Some(HOME),
        location: PlacementLocation::OutOfState {
            jurisdiction: Jurisdiction::parse("KY").unwrap(),
        },
    };
    let expected = serde_json::json!({
        "ChildPlaced": {
            "placement_id": "00000000-0000-0000-0000-0000000000b1",
            "episode_id": "00000000-0000-0000-0000-0000000000e1",
            "child": "00000000-0000-0000-0000-0000000000c1",
            "started_on": "2024-03-02",
            "ended_on": null,
            "setting": {"foster_family_home": {"home_types": ["licensed"]}},
            "provider": "00000000-0000-0000-0000-0000000000f1",
            "location": {"out_of_state": {"jurisdiction": "KY"}}
        }
    });
    assert_eq!(serde_json::to_value(&event).unwrap(), expected);
}

#[test]
fn the_stored_shape_of_an_intern_proposal_is_pinned() {
    let event = CaseEvent::EntryProposed {
        entry: EntryNumber(3),
        proposed_by: INTERN,
        command: Box::new(CaseCommand::OpenCase(OpenCase {
            opened_on: d("2024-04-01"),
        })),
    };
    let expected = serde_json::json!({
        "EntryProposed": {
            "entry": 3,
            "proposed_by": "00000000-0000-0000-0000-000000000053",
            "command": {"OpenCase": {"opened_on": "2024-04-01"}}
        }
    });
    assert_eq!(serde_json::to_value(&event).unwrap(), expected);
}

#[test]
fn a_removal_command_reads_from_json() {
    let json = r#"{"RecordRemoval": {
        "episode_id": "00000000-0000-0000-0000-0000000000e1",
        "child": "00000000-0000-0000-0000-0000000000c1",
        "removed_on": "2024-03-02",
        "removed_at": "17:45:00",
        "manner": "court_ordered",
        "environment": "parent_household",
        "circumstances": ["neglect", "caretaker_drug_use"]
    }}"#;
    let command: CaseCommand = serde_json::from_str(json).unwrap();
    assert_eq!(
        command,
        CaseCommand::RecordRemoval(RecordRemoval {
            removed_at: TimeOfDay::from_hms(17, 45, 0),
            circumstances: BTreeSet::from([
                RemovalCircumstance::Neglect,
                RemovalCircumstance::CaretakerDrugUse
            ]),
            ..record_removal()
        })
    );
    let unknown_code = json.replace("caretaker_drug_use", "drugs");
    assert!(serde_json::from_str::<CaseCommand>(&unknown_code).is_err());
}

#[test]
fn evolve_ignores_events_that_do_not_fit() {
    // `decide` never emits these; a log that holds them anyway must not lose facts.
    let second_referral = CaseEvent::ReferralReceived {
        case_id: CaseId(id(0xBAD)),
        reported_on: d("2024-05-01"),
        reported_at: None,
        source: ReportSource::Unknown,
        county: CountyCode::UNKNOWN,
        agency: AGENCY,
        children: vec![],
        summary: text("x"),
    };
    let orphan_end = CaseEvent::PlacementEnded {
        placement_id: NEXT_PLACEMENT,
        episode_id: EpisodeId(id(0xE9)),
        ended_on: d("2024-05-01"),
    };
    let before = Case::replay(&in_care());
    let after = Case::replay(&with(in_care(), [second_referral, orphan_end]));
    assert_eq!(after, before);
    let fact_before_referral = Case::replay(&[removed("2024-03-02")]);
    assert_eq!(fact_before_referral, CaseState::default());
}
