//! Intake and assessment: referral, screening, response, allegations, dispositions.
use super::*;

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
