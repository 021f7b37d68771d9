//! Case plan, reviews, hearings and court information.
use super::*;

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
