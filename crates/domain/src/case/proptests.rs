//! Property tests: random command sequences, issued by workers, supervisors and interns,
//! never yield a log that breaks the case invariants; replay rebuilds the same state;
//! every event survives MessagePack; pending entries never count as facts.
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use uuid::Uuid;

use super::codes::*;
use super::*;
use crate::values::{Date, Narrative};
use crate::Cents;
use crate::{Aggregate, CaseId, CommandContext, OrganizationId, PersonId, ProviderId, StaffId};

const REPORTED_ON: &str = "2024-03-01";
const NOW: &str = "2024-04-05T12:00:00Z";

fn base() -> Date {
    Date::parse(REPORTED_ON).unwrap()
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(NOW)
        .map(|t| t.with_timezone(&Utc))
        .unwrap()
}

/// Dates from a few days before the report to a few days after `NOW`, so the
/// before-report and future rules are exercised too.
fn date() -> impl Strategy<Value = Date> {
    (-3i64..=40).prop_map(|days| Date::from(base().naive() + Duration::days(days)))
}

fn person(n: u128) -> PersonId {
    PersonId(Uuid::from_u128(n))
}

fn child() -> impl Strategy<Value = PersonId> {
    (1u128..=2).prop_map(person)
}

fn parent() -> impl Strategy<Value = PersonId> {
    (11u128..=12).prop_map(person)
}

fn uuid(range: std::ops::RangeInclusive<u128>) -> impl Strategy<Value = Uuid> {
    range.prop_map(Uuid::from_u128)
}

/// Workers and supervisors outnumber interns, as on a real unit. Staff 0x53 also
/// appears as a non-intern (hired after the internship), who still may not approve the
/// entries they proposed as an intern.
const STAFF: [(u128, bool); 7] = [
    (0x51, false),
    (0x51, false),
    (0x52, false),
    (0x52, false),
    (0x53, true),
    (0x54, true),
    (0x53, false),
];

fn context() -> impl Strategy<Value = CommandContext> {
    prop::sample::select(&STAFF[..]).prop_map(|(staff, intern)| CommandContext {
        actor: StaffId(Uuid::from_u128(staff)),
        actor_is_intern: intern,
        now: now(),
    })
}

fn circumstances() -> impl Strategy<Value = BTreeSet<RemovalCircumstance>> {
    prop::collection::btree_set(prop::sample::select(&RemovalCircumstance::ALL[..8]), 0..3)
}

fn setting_and_location() -> impl Strategy<Value = (PlacementSetting, PlacementLocation)> {
    prop_oneof![
        Just((
            PlacementSetting::FosterFamilyHome {
                home_types: BTreeSet::from([FosterHomeType::Relative]),
            },
            PlacementLocation::InState,
        )),
        Just((
            PlacementSetting::Other {
                setting: OtherPlacementSetting::Runaway,
            },
            PlacementLocation::RunawayOrWhereaboutsUnknown,
        )),
        Just((
            PlacementSetting::Other {
                setting: OtherPlacementSetting::QualifiedResidentialTreatmentProgram,
            },
            PlacementLocation::RunawayOrWhereaboutsUnknown,
        )),
    ]
}

fn segments() -> impl Strategy<Value = Vec<NoteSegment>> {
    prop::collection::vec(
        (any::<bool>(), "[a-z ]{0,8}").prop_map(|(opinion, text)| NoteSegment {
            kind: if opinion {
                SegmentKind::Opinion {
                    holder: OpinionHolder::Author,
                }
            } else {
                SegmentKind::Fact
            },
            text: Narrative::new(text),
        }),
        0..3,
    )
}

fn command() -> impl Strategy<Value = CaseCommand> {
    use CaseCommand as C;
    prop_oneof![
        12 => (uuid(1..=2), child(), date(), circumstances()).prop_map(|(e, child, on, circ)| {
            C::RecordRemoval(RecordRemoval {
                episode_id: EpisodeId(e),
                child,
                removed_on: on,
                removed_at: None,
                manner: RemovalManner::VoluntaryAgreement,
                environment: RemovalEnvironment::RelativeHousehold,
                circumstances: circ,
            })
        }),
        24 => (
            uuid(1..=4),
            uuid(1..=2),
            date(),
            prop::option::of(date()),
            setting_and_location()
        )
            .prop_map(|(p, e, from, until, (setting, location))| {
                C::PlaceChild(PlaceChild {
                    placement_id: PlacementId(p),
                    episode_id: EpisodeId(e),
                    started_on: from,
                    ended_on: until,
                    provider: match setting {
                        PlacementSetting::FosterFamilyHome { .. } => Some(ProviderId(Uuid::from_u128(0xF1))),
                        PlacementSetting::Other { .. } => None,
                    },
                    setting,
                    location,
                })
            }),
        12 => (uuid(1..=4), date()).prop_map(|(p, on)| {
            C::EndPlacement(EndPlacement {
                placement_id: PlacementId(p),
                ended_on: on,
            })
        }),
        8 => (uuid(1..=2), date()).prop_map(|(e, on)| {
            C::RecordExit(RecordExit {
                episode_id: EpisodeId(e),
                exited_on: on,
                reason: ExitReason::LiveWithOtherRelatives,
            })
        }),
        4 => (uuid(1..=3), child(), date(), prop::option::of(parent())).prop_map(
            |(a, victim, on, perpetrator)| {
                C::RecordAllegation(RecordAllegation {
                    allegation_id: AllegationId(a),
                    victim,
                    maltreatment: MaltreatmentType::Neglect,
                    perpetrator: perpetrator.map(|person| AllegedPerpetrator {
                        person,
                        relationship: PerpetratorRelationship::Parent,
                    }),
                    alleged_on: on,
                    incident_on: None,
                })
            }
        ),
        4 => (
            uuid(1..=4),
            prop::sample::select(MaltreatmentDisposition::ALL),
            date()
        )
            .prop_map(|(a, disposition, on)| {
                C::RecordDisposition(RecordDisposition {
                    allegation_id: AllegationId(a),
                    disposition,
                    disposed_on: on,
                })
            }),
        4 => (child(), parent(), date()).prop_map(|(child, parent, on)| {
            C::FileTprPetition(FileTprPetition {
                child,
                parent,
                filed_on: on,
            })
        }),
        4 => (child(), parent(), date()).prop_map(|(child, parent, on)| {
            C::RecordTermination(RecordTermination {
                child,
                parent,
                kind: TerminationKind::Involuntary,
                terminated_on: on,
            })
        }),
        4 => (
            uuid(1..=3),
            prop::option::of(Just(StaffId(Uuid::from_u128(0x53)))),
            date(),
            segments()
        )
            .prop_map(|(n, author, on, segments)| {
                C::RecordCaseNote(RecordCaseNote {
                    note_id: NoteId(n),
                    author,
                    persons_involved: vec![person(1)],
                    occurred_on: on,
                    occurred_at: None,
                    segments,
                })
            }),
        4 => (uuid(1..=3), uuid(1..=3), date(), segments()).prop_map(|(n, amends, on, segments)| {
            C::AmendCaseNote(AmendCaseNote {
                note_id: NoteId(n),
                amends: NoteId(amends),
                author: Some(StaffId(Uuid::from_u128(0x51))),
                reason: Narrative::new("correction"),
                persons_involved: vec![],
                occurred_on: on,
                occurred_at: None,
                segments,
            })
        }),
        4 => date().prop_map(|on| C::OpenCase(OpenCase { opened_on: on })),
        1 => date().prop_map(|on| C::CloseCase(CloseCase {
            closed_on: on,
            reason: ClosureReason::Other,
        })),
        4 => (uuid(1..=2), child(), date()).prop_map(|(v, child, on)| {
            C::ScheduleFamilyVisit(ScheduleFamilyVisit {
                visit_id: FamilyVisitId(v),
                child,
                visitors: BTreeSet::from([person(11)]),
                supervisor: None,
                scheduled_for: on,
                scheduled_at: None,
            })
        }),
        4 => (uuid(1..=2), date()).prop_map(|(v, on)| {
            C::RecordFamilyVisitOutcome(RecordFamilyVisitOutcome {
                visit_id: FamilyVisitId(v),
                outcome: VisitOutcome::Missed {
                    by: VisitParty::Parent,
                },
                occurred_on: on,
            })
        }),
        4 => (
            uuid(1..=2),
            date(),
            date(),
            prop::option::of(date()),
            0i64..100_000
        )
            .prop_map(|(a, signed, effective, ends, cents)| {
                C::SignAssistanceAgreement(SignAssistanceAgreement {
                    agreement_id: AgreementId(a),
                    child: person(1),
                    agreement_type: AssistanceAgreementType::TitleIveGuardianshipAssistance,
                    monthly_amount: Cents(cents),
                    signed_on: signed,
                    effective_on: effective,
                    ends_on: ends,
                })
            }),
        4 => (1u32..=4).prop_map(|n| C::ApproveEntry(ApproveEntry {
            entry: EntryNumber(n)
        })),
        4 => (1u32..=4).prop_map(|n| C::RejectEntry(RejectEntry {
            entry: EntryNumber(n),
            reason: Narrative::new("no"),
        })),
    ]
}

fn start(response: CpsResponse) -> Vec<CaseEvent> {
    vec![
        CaseEvent::ReferralReceived {
            case_id: CaseId(Uuid::from_u128(0xCA5E)),
            reported_on: base(),
            reported_at: None,
            source: ReportSource::AnonymousReporter,
            county: CountyCode::UNKNOWN,
            agency: OrganizationId(Uuid::from_u128(0x0A0)),
            children: vec![person(1), person(2)],
            summary: Narrative::new("report"),
        },
        CaseEvent::ReferralScreened {
            screened_on: base(),
            decision: ScreeningDecision::ScreenedIn { response },
        },
    ]
}

struct Run {
    log: Vec<CaseEvent>,
    state: CaseState,
}

/// Decides each command in turn, keeping the ones the rules accept. Checks, step by
/// step, the two properties only visible with the context at hand: an intern's
/// command leaves the effective record alone, and only a non-intern approves.
fn run(response: CpsResponse, steps: Vec<(CommandContext, CaseCommand)>) -> Run {
    let mut log = start(response);
    let mut state = Case::replay(&log);
    for (context, command) in steps {
        let reviewing = matches!(
            command,
            CaseCommand::ApproveEntry(_) | CaseCommand::RejectEntry(_)
        );
        let Ok(events) = Case::decide(&state, command, &context) else {
            continue;
        };
        let next = events.iter().fold(state.clone(), Case::evolve);
        if context.actor_is_intern {
            assert!(!reviewing, "an intern reviewed an entry: {events:?}");
            assert_eq!(next.effective(), state.effective(), "intern changed facts");
        }
        state = next;
        log.extend(events);
    }
    Run { log, state }
}

/// The invariants, read from the log alone, as a report generator would read it.
fn assert_invariants(log: &[CaseEvent]) {
    struct Ep {
        child: PersonId,
        removed_on: Date,
        exited_on: Option<Date>,
    }
    let today = now().date_naive();
    let mut episodes: BTreeMap<EpisodeId, Ep> = BTreeMap::new();
    let mut placements: BTreeMap<PlacementId, (EpisodeId, Date, Option<Date>)> = BTreeMap::new();
    let mut allegations = BTreeSet::new();
    let mut notes = BTreeSet::new();
    let mut petitions: BTreeMap<(PersonId, PersonId), Date> = BTreeMap::new();
    let mut terminations: BTreeMap<(PersonId, PersonId), Date> = BTreeMap::new();
    let mut pending: BTreeMap<EntryNumber, StaffId> = BTreeMap::new();
    let mut in_care_activities: Vec<(PersonId, Date)> = Vec::new();
    let mut finalized: BTreeMap<PersonId, Date> = BTreeMap::new();
    let mut guardianships: BTreeMap<PersonId, Date> = BTreeMap::new();
    let mut permanent_exits: Vec<(PersonId, Date, ExitReason)> = Vec::new();

    for event in log {
        if let Some(on) = event.occurred_on() {
            assert!(on.naive() <= today, "future date in {event:?}");
        }
        match event {
            CaseEvent::ChildRemoved {
                episode_id,
                child,
                removed_on,
                ..
            } => {
                for other in episodes.values().filter(|ep| ep.child == *child) {
                    let exited_on = other.exited_on.expect("removal while an episode is open");
                    assert!(*removed_on >= exited_on, "episodes overlap");
                }
                let fresh = episodes.insert(
                    *episode_id,
                    Ep {
                        child: *child,
                        removed_on: *removed_on,
                        exited_on: None,
                    },
                );
                assert!(fresh.is_none());
            }
            CaseEvent::ChildPlaced {
                placement_id,
                episode_id,
                started_on,
                ended_on,
                ..
            } => {
                let ep = &episodes[episode_id];
                assert!(*started_on >= ep.removed_on, "placement before removal");
                if let Some(end) = ended_on {
                    assert!(end >= started_on, "placement ends before it starts");
                }
                if let Some(exit) = ep.exited_on {
                    assert!(ended_on.is_some_and(|end| end <= exit), "after exit");
                }
                for (other_episode, from, until) in placements.values() {
                    if other_episode == episode_id {
                        let disjoint = ended_on.is_some_and(|end| end <= *from)
                            || until.is_some_and(|until| until <= *started_on);
                        assert!(disjoint, "overlapping placements");
                    }
                }
                placements.insert(*placement_id, (*episode_id, *started_on, *ended_on));
            }
            CaseEvent::PlacementEnded {
                placement_id,
                ended_on,
                ..
            } => {
                let placement = placements.get_mut(placement_id).expect("unknown placement");
                assert!(placement.2.is_none(), "ended twice");
                assert!(*ended_on >= placement.1, "ends before it starts");
                placement.2 = Some(*ended_on);
            }
            CaseEvent::PermanencyPlanRecorded {
                child,
                established_on: on,
                ..
            }
            | CaseEvent::PeriodicReviewHeld { child, held_on: on }
            | CaseEvent::PermanencyHearingHeld { child, held_on: on } => {
                in_care_activities.push((*child, *on));
            }
            CaseEvent::AdoptionFinalized {
                child,
                finalized_on,
            } => {
                assert!(finalized.insert(*child, *finalized_on).is_none());
            }
            CaseEvent::GuardianshipEstablished {
                child,
                established_on,
                ..
            } => {
                assert!(guardianships.insert(*child, *established_on).is_none());
            }
            CaseEvent::ChildExitedCare {
                episode_id,
                child,
                exited_on,
                reason,
            } => {
                permanent_exits.push((*child, *exited_on, *reason));
                let ep = episodes.get_mut(episode_id).expect("unknown episode");
                assert!(ep.exited_on.is_none(), "exited twice");
                assert!(*exited_on >= ep.removed_on, "exit before removal");
                ep.exited_on = Some(*exited_on);
                for (owner, from, until) in placements.values() {
                    if owner == episode_id {
                        assert!(*from <= *exited_on, "placement starts after exit");
                        assert!(until.is_some_and(|u| u <= *exited_on), "open after exit");
                    }
                }
            }
            CaseEvent::AllegationRecorded { allegation_id, .. } => {
                allegations.insert(*allegation_id);
            }
            CaseEvent::DispositionRecorded { allegation_id, .. } => {
                assert!(
                    allegations.contains(allegation_id),
                    "disposition, no allegation"
                );
            }
            CaseEvent::CaseNoteRecorded {
                note_id, segments, ..
            } => {
                assert!(!segments.is_empty() && segments.iter().all(|s| !s.text.is_blank()));
                notes.insert(*note_id);
            }
            CaseEvent::CaseNoteAmended {
                note_id,
                amends,
                segments,
                ..
            } => {
                assert!(notes.contains(amends), "amends an unknown note");
                assert!(!segments.is_empty());
                notes.insert(*note_id);
            }
            CaseEvent::TprPetitionFiled {
                child,
                parent,
                filed_on,
            } => {
                petitions.insert((*child, *parent), *filed_on);
            }
            CaseEvent::ParentalRightsTerminated {
                child,
                parent,
                terminated_on,
                ..
            } => {
                terminations.insert((*child, *parent), *terminated_on);
            }
            CaseEvent::EntryProposed {
                entry, proposed_by, ..
            } => {
                pending.insert(*entry, *proposed_by);
            }
            CaseEvent::EntryApproved {
                entry, approved_by, ..
            } => {
                let proposer = pending.remove(entry).expect("approved a non-pending entry");
                assert_ne!(proposer, *approved_by, "self-approval");
            }
            CaseEvent::EntryRejected {
                entry, rejected_by, ..
            } => {
                let proposer = pending.remove(entry).expect("rejected a non-pending entry");
                assert_ne!(proposer, *rejected_by, "self-rejection");
            }
            _ => {}
        }
    }
    // Read at the end, so a late exit cannot strand an earlier review outside care.
    for (child, on) in &in_care_activities {
        let in_care = episodes.values().any(|ep| {
            ep.child == *child
                && ep.removed_on <= *on
                && ep.exited_on.is_none_or(|exited_on| *on <= exited_on)
        });
        assert!(in_care, "plan, review or hearing outside care");
    }
    for (child, exited_on, reason) in &permanent_exits {
        let home_on = match reason {
            ExitReason::Adoption => finalized.get(child),
            ExitReason::Guardianship => guardianships.get(child),
            _ => continue,
        };
        assert!(
            home_on.is_some_and(|on| on <= exited_on),
            "exit to an unrecorded home"
        );
    }
    for (key, terminated_on) in &terminations {
        if let Some(filed_on) = petitions.get(key) {
            assert!(terminated_on >= filed_on, "TPR before petition");
        }
    }
}

fn response() -> impl Strategy<Value = CpsResponse> {
    prop_oneof![
        Just(CpsResponse::Investigation),
        Just(CpsResponse::AlternativeResponse)
    ]
}

fn steps() -> impl Strategy<Value = Vec<(CommandContext, CaseCommand)>> {
    prop::collection::vec((context(), command()), 0..60)
}

fn exit_reason() -> impl Strategy<Value = ExitReason> {
    prop_oneof![
        Just(ExitReason::ReunifyWithParents),
        Just(ExitReason::Adoption),
        Just(ExitReason::Guardianship),
    ]
}

/// Custody commands only, by a worker, over one child and two episodes, with past
/// dates: dense enough that placements meet each other and their episode's edges.
fn custody_steps() -> impl Strategy<Value = Vec<(CommandContext, CaseCommand)>> {
    let day = || (0i64..30).prop_map(|days| Date::from(base().naive() + Duration::days(days)));
    let episode = || uuid(1..=2).prop_map(EpisodeId);
    let placement = || uuid(1..=4).prop_map(PlacementId);
    let custody = prop_oneof![
        1 => (episode(), day()).prop_map(|(episode_id, on)| {
            CaseCommand::RecordRemoval(RecordRemoval {
                episode_id,
                child: person(1),
                removed_on: on,
                removed_at: None,
                manner: RemovalManner::CourtOrdered,
                environment: RemovalEnvironment::ParentHousehold,
                circumstances: BTreeSet::from([RemovalCircumstance::Neglect]),
            })
        }),
        3 => (placement(), episode(), day(), prop::option::of(day()))
            .prop_map(|(placement_id, episode_id, from, until)| {
                CaseCommand::PlaceChild(PlaceChild {
                    placement_id,
                    episode_id,
                    started_on: from,
                    ended_on: until,
                    setting: PlacementSetting::FosterFamilyHome {
                        home_types: BTreeSet::from([FosterHomeType::Licensed]),
                    },
                    provider: Some(ProviderId(Uuid::from_u128(0xF1))),
                    location: PlacementLocation::InState,
                })
            }),
        2 => (placement(), day()).prop_map(|(placement_id, on)| {
            CaseCommand::EndPlacement(EndPlacement {
                placement_id,
                ended_on: on,
            })
        }),
        1 => (episode(), day(), exit_reason()).prop_map(|(episode_id, on, reason)| {
            CaseCommand::RecordExit(RecordExit {
                episode_id,
                exited_on: on,
                reason,
            })
        }),
        1 => day().prop_map(|on| CaseCommand::RecordPeriodicReview(RecordPeriodicReview {
            child: person(1),
            held_on: on,
        })),
        1 => day().prop_map(|on| CaseCommand::RecordAdoptivePlacement(RecordAdoptivePlacement {
            child: person(1),
            family: ProviderId(Uuid::from_u128(0xF1)),
            placed_on: on,
        })),
        1 => day().prop_map(|on| CaseCommand::FinalizeAdoption(FinalizeAdoption {
            child: person(1),
            finalized_on: on,
        })),
        1 => day().prop_map(|on| CaseCommand::EstablishGuardianship(EstablishGuardianship {
            child: person(1),
            guardians: BTreeSet::from([person(11)]),
            established_on: on,
        })),
    ];
    let worker = CommandContext {
        actor: StaffId(Uuid::from_u128(0x51)),
        actor_is_intern: false,
        now: now(),
    };
    prop::collection::vec(custody.prop_map(move |c| (worker.clone(), c)), 0..40)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_custody_histories_never_break_the_invariants(steps in custody_steps()) {
        let run = run(CpsResponse::Investigation, steps);
        assert_invariants(&run.log);
        prop_assert_eq!(Case::replay(&run.log), run.state);
    }

    #[test]
    fn random_commands_never_break_the_invariants(response in response(), steps in steps()) {
        let run = run(response, steps);
        assert_invariants(&run.log);
    }

    #[test]
    fn replaying_the_emitted_events_rebuilds_the_state(response in response(), steps in steps()) {
        let run = run(response, steps);
        prop_assert_eq!(Case::replay(&run.log), run.state);
    }

    #[test]
    fn only_effective_facts_shape_the_effective_record(
        response in response(),
        steps in steps(),
    ) {
        let run = run(response, steps);
        let facts: Vec<CaseEvent> =
            run.log.iter().filter(|e| e.is_effective_fact()).cloned().collect();
        let from_facts = Case::replay(&facts);
        prop_assert_eq!(from_facts.effective(), run.state.effective());
    }

    #[test]
    fn every_emitted_event_round_trips_through_messagepack(
        response in response(),
        steps in steps(),
    ) {
        for event in run(response, steps).log {
            let bytes = rmp_serde::to_vec_named(&event).unwrap();
            let back: CaseEvent = rmp_serde::from_slice(&bytes).unwrap();
            prop_assert_eq!(back, event);
        }
    }
}
