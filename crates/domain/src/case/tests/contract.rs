//! The stored contract: every event type, round trips, pinned shapes, replay.
use super::*;

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
            C::EndAssistanceAgreement(EndAssistanceAgreement {
                agreement_id: AgreementId(id(0x11)),
                ended_on: d("2024-05-01"),
                reason: AgreementEndReason::FamilyRequest,
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

const EVENT_TYPES: [&str; 44] = [
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
    "AssistanceAgreementEnded",
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
