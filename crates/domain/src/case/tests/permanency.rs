//! Adoption and guardianship.
use super::*;

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
    check(
        &in_care(),
        CaseCommand::SignAssistanceAgreement(SignAssistanceAgreement {
            monthly_amount: Cents(-1),
            ..agreement
        }),
        rejects(Rule::AmountNegative, "monthly_amount"),
    );
}

#[test]
fn an_agreement_ends_once_even_after_the_case_closed() {
    let agreement_id = AgreementId(id(0x11));
    let signed = CaseEvent::AssistanceAgreementSigned {
        agreement_id,
        child: CHILD,
        agreement_type: AssistanceAgreementType::TitleIveGuardianshipAssistance,
        monthly_amount: Cents(30_000),
        signed_on: d("2024-03-10"),
        effective_on: d("2024-04-01"),
        ends_on: None,
    };
    let closed = CaseEvent::CaseClosed {
        closed_on: d("2024-05-01"),
        reason: ClosureReason::PermanencyAchieved,
    };
    let given = with(investigating(), [signed, closed]);
    let end = EndAssistanceAgreement {
        agreement_id,
        ended_on: d("2024-06-15"),
        reason: AgreementEndReason::DeathOfParentsOrGuardians,
    };
    let ended = CaseEvent::AssistanceAgreementEnded {
        agreement_id,
        ended_on: d("2024-06-15"),
        reason: AgreementEndReason::DeathOfParentsOrGuardians,
    };
    check(
        &given,
        CaseCommand::EndAssistanceAgreement(end.clone()),
        Ok(vec![ended.clone()]),
    );
    check(
        &with(given.clone(), [ended]),
        CaseCommand::EndAssistanceAgreement(end.clone()),
        rejects(Rule::AlreadyRecorded, "agreement_id"),
    );
    check(
        &given,
        CaseCommand::EndAssistanceAgreement(EndAssistanceAgreement {
            ended_on: d("2024-03-31"),
            ..end.clone()
        }),
        rejects(Rule::EndBeforeStart, "ended_on"),
    );
    check(
        &investigating(),
        CaseCommand::EndAssistanceAgreement(end),
        rejects(Rule::AgreementNotFound, "agreement_id"),
    );
}
