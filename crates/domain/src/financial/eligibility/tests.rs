//! Given / when / then tests for eligibility commands, and property tests.
use std::collections::BTreeSet;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::testing::{self, date, run_sequence, uuid};
use crate::{DomainError, PersonId, Rule};

fn check(
    given: Vec<EligibilityEvent>,
    when: EligibilityCommand,
    then: Result<Vec<EligibilityEvent>, DomainError>,
) {
    testing::check::<TitleIvEEligibility>(given, when, then);
}

fn rejected(rule: Rule, field: &'static str) -> Result<Vec<EligibilityEvent>, DomainError> {
    Err(DomainError::new(rule, field))
}

fn removal() -> NaiveDate {
    date(2026, 2, 1)
}

fn all_met() -> EligibilityCriteria {
    EligibilityCriteria {
        removal_authority: RemovalAuthority::CourtOrderContraryToWelfare,
        reasonable_efforts_finding: Criterion::Met,
        afdc_relatedness: Criterion::Met,
        placement_and_care_responsibility: Criterion::Met,
        age: Criterion::Met,
        citizenship_or_qualified_alien: Criterion::Met,
    }
}

fn determined() -> EligibilityEvent {
    EligibilityEvent::EligibilityDetermined {
        child: PersonId(uuid(1)),
        removal_date: removal(),
        criteria: all_met(),
        outcome: EligibilityOutcome::Eligible,
        occurred_on: date(2026, 3, 1),
    }
}

#[test]
fn an_initial_determination_derives_its_outcome() {
    check(
        vec![],
        EligibilityCommand::DetermineEligibility {
            child: PersonId(uuid(1)),
            removal_date: removal(),
            criteria: all_met(),
            occurred_on: date(2026, 3, 1),
        },
        Ok(vec![determined()]),
    );
}

#[test]
fn a_removal_episode_is_determined_once() {
    check(
        vec![determined()],
        EligibilityCommand::DetermineEligibility {
            child: PersonId(uuid(1)),
            removal_date: removal(),
            criteria: all_met(),
            occurred_on: date(2026, 3, 2),
        },
        rejected(Rule::AlreadyDetermined, "removal_date"),
    );
}

#[test]
fn a_determination_cannot_precede_the_removal() {
    check(
        vec![],
        EligibilityCommand::DetermineEligibility {
            child: PersonId(uuid(1)),
            removal_date: removal(),
            criteria: all_met(),
            occurred_on: date(2026, 1, 31),
        },
        rejected(Rule::DeterminationBeforeRemoval, "occurred_on"),
    );
}

#[test]
fn another_childs_determination_does_not_belong_here() {
    check(
        vec![determined()],
        EligibilityCommand::DetermineEligibility {
            child: PersonId(uuid(2)),
            removal_date: date(2026, 4, 1),
            criteria: all_met(),
            occurred_on: date(2026, 4, 2),
        },
        rejected(Rule::ChildMismatch, "child"),
    );
}

#[test]
fn a_redetermination_records_the_new_outcome() {
    let aged_out = EligibilityCriteria {
        age: Criterion::NotMet,
        ..all_met()
    };
    check(
        vec![determined()],
        EligibilityCommand::RedetermineEligibility {
            removal_date: removal(),
            criteria: aged_out,
            occurred_on: date(2026, 6, 1),
        },
        Ok(vec![EligibilityEvent::EligibilityRedetermined {
            removal_date: removal(),
            criteria: aged_out,
            outcome: EligibilityOutcome::NotEligible {
                unmet: BTreeSet::from([UnmetCriterion::Age]),
            },
            occurred_on: date(2026, 6, 1),
        }]),
    );
}

#[test]
fn a_redetermination_needs_an_initial_determination() {
    check(
        vec![],
        EligibilityCommand::RedetermineEligibility {
            removal_date: removal(),
            criteria: all_met(),
            occurred_on: date(2026, 6, 1),
        },
        rejected(Rule::NotDetermined, "removal_date"),
    );
}

#[test]
fn a_redetermination_cannot_predate_the_last_determination() {
    check(
        vec![determined()],
        EligibilityCommand::RedetermineEligibility {
            removal_date: removal(),
            criteria: all_met(),
            occurred_on: date(2026, 2, 15),
        },
        rejected(Rule::RedeterminationBeforeDetermination, "occurred_on"),
    );
}

fn a_criterion() -> impl Strategy<Value = Criterion> {
    prop_oneof![Just(Criterion::Met), Just(Criterion::NotMet)]
}

fn a_command() -> impl Strategy<Value = EligibilityCommand> {
    let criteria = (a_criterion(), a_criterion())
        .prop_map(|(afdc, age)| EligibilityCriteria {
            afdc_relatedness: afdc,
            age,
            ..all_met()
        })
        .boxed();
    let removal = prop_oneof![Just(date(2026, 1, 1)), Just(date(2026, 3, 1))].boxed();
    let day = (1u32..=6, 1u32..=28)
        .prop_map(|(m, d)| date(2026, m, d))
        .boxed();
    prop_oneof![
        (removal.clone(), criteria.clone(), day.clone()).prop_map(
            |(removal_date, criteria, on)| {
                EligibilityCommand::DetermineEligibility {
                    child: PersonId(uuid(1)),
                    removal_date,
                    criteria,
                    occurred_on: on,
                }
            }
        ),
        (removal, criteria, day).prop_map(|(removal_date, criteria, on)| {
            EligibilityCommand::RedetermineEligibility {
                removal_date,
                criteria,
                occurred_on: on,
            }
        }),
    ]
}

proptest! {
    #[test]
    fn recorded_outcomes_always_follow_from_their_criteria(
        commands in prop::collection::vec(a_command(), 0..20)
    ) {
        let log = run_sequence::<TitleIvEEligibility>(commands, |_| Ok(()))
            .map_err(TestCaseError::fail)?;
        for event in &log {
            let (criteria, outcome, removal_date, on) = match event {
                EligibilityEvent::EligibilityDetermined { criteria, outcome, removal_date, occurred_on, .. }
                | EligibilityEvent::EligibilityRedetermined { criteria, outcome, removal_date, occurred_on } => {
                    (criteria, outcome, removal_date, occurred_on)
                }
            };
            prop_assert_eq!(&criteria.outcome(), outcome);
            prop_assert!(on >= removal_date);
        }
    }
}
