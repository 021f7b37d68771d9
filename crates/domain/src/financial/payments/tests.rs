//! Given / when / then tests for payment commands, and property tests.
use chrono::NaiveDate;
use proptest::prelude::*;
use uuid::Uuid;

use super::decide::check_invariants;
use super::*;
use crate::financial::Cents;
use crate::testing::{self, date, run_sequence, uuid};
use crate::{DomainError, PersonId, ProviderId, Rule};

fn check(
    given: Vec<PaymentEvent>,
    when: PaymentCommand,
    then: Result<Vec<PaymentEvent>, DomainError>,
) {
    testing::check::<ProviderPayments>(given, when, then);
}

fn rejected(rule: Rule, field: &'static str) -> Result<Vec<PaymentEvent>, DomainError> {
    Err(DomainError::new(rule, field))
}

fn payment(id: u128, start: NaiveDate, end: NaiveDate, amount: i64) -> PaymentCommand {
    PaymentCommand::RecordPayment {
        payment_id: uuid(id),
        provider_id: ProviderId(uuid(50)),
        child: PersonId(uuid(1)),
        period_start: start,
        period_end: end,
        amount: Cents(amount),
        funding: FundingSource::TitleIvE,
        occurred_on: date(2026, 5, 5),
    }
}

fn recorded(id: u128, start: NaiveDate, end: NaiveDate, amount: i64) -> PaymentEvent {
    PaymentEvent::PaymentRecorded {
        payment_id: uuid(id),
        provider_id: ProviderId(uuid(50)),
        child: PersonId(uuid(1)),
        period_start: start,
        period_end: end,
        amount: Cents(amount),
        funding: FundingSource::TitleIvE,
        occurred_on: date(2026, 5, 5),
    }
}

fn april() -> (NaiveDate, NaiveDate) {
    (date(2026, 4, 1), date(2026, 4, 30))
}

#[test]
fn a_payment_is_recorded_in_cents() {
    let (start, end) = april();
    check(
        vec![],
        payment(60, start, end, 75_050),
        Ok(vec![recorded(60, start, end, 75_050)]),
    );
}

#[test]
fn a_payment_of_zero_or_negative_cents_is_rejected() {
    let (start, end) = april();
    for amount in [0, -1, i64::MIN] {
        check(
            vec![],
            payment(60, start, end, amount),
            rejected(Rule::AmountNotPositive, "amount"),
        );
    }
}

#[test]
fn a_service_period_cannot_end_before_it_starts() {
    check(
        vec![],
        payment(60, date(2026, 4, 2), date(2026, 4, 1), 100),
        rejected(Rule::PeriodEndsBeforeStart, "period_end"),
    );
}

#[test]
fn a_payment_id_is_used_once() {
    let (start, end) = april();
    check(
        vec![recorded(60, start, end, 100)],
        payment(60, date(2026, 5, 1), date(2026, 5, 31), 100),
        rejected(Rule::AlreadyExists, "payment_id"),
    );
}

#[test]
fn a_child_and_day_are_paid_once() {
    let (start, end) = april();
    check(
        vec![recorded(60, start, end, 100)],
        payment(61, date(2026, 4, 30), date(2026, 5, 31), 100),
        rejected(Rule::OverlappingPayment, "period_start"),
    );
}

#[test]
fn a_voided_payment_no_longer_blocks_its_period() {
    let (start, end) = april();
    let voided = PaymentEvent::PaymentVoided {
        payment_id: uuid(60),
        reason: VoidReason::IssuedInError,
        occurred_on: date(2026, 5, 6),
    };
    check(
        vec![recorded(60, start, end, 100), voided],
        payment(61, start, end, 90),
        Ok(vec![recorded(61, start, end, 90)]),
    );
}

#[test]
fn payments_to_another_provider_do_not_belong_here() {
    let (start, end) = april();
    check(
        vec![recorded(60, start, end, 100)],
        PaymentCommand::RecordPayment {
            payment_id: uuid(61),
            provider_id: ProviderId(uuid(51)),
            child: PersonId(uuid(2)),
            period_start: start,
            period_end: end,
            amount: Cents(100),
            funding: FundingSource::StateFunds,
            occurred_on: date(2026, 5, 5),
        },
        rejected(Rule::ProviderMismatch, "provider_id"),
    );
}

#[test]
fn a_payment_is_voided_once() {
    let (start, end) = april();
    let voided = PaymentEvent::PaymentVoided {
        payment_id: uuid(60),
        reason: VoidReason::DuplicatePayment,
        occurred_on: date(2026, 5, 6),
    };
    let void = PaymentCommand::VoidPayment {
        payment_id: uuid(60),
        reason: VoidReason::DuplicatePayment,
        occurred_on: date(2026, 5, 6),
    };
    check(
        vec![recorded(60, start, end, 100)],
        void.clone(),
        Ok(vec![voided.clone()]),
    );
    check(
        vec![recorded(60, start, end, 100), voided],
        void,
        rejected(Rule::PaymentAlreadyVoided, "payment_id"),
    );
}

#[test]
fn voiding_an_unknown_payment_is_rejected() {
    check(
        vec![],
        PaymentCommand::VoidPayment {
            payment_id: uuid(99),
            reason: VoidReason::IssuedInError,
            occurred_on: date(2026, 5, 6),
        },
        rejected(Rule::PaymentNotFound, "payment_id"),
    );
}

#[test]
fn the_total_excludes_voided_payments() {
    let (start, end) = april();
    let state = <ProviderPayments as crate::Aggregate>::replay(&[
        recorded(60, start, end, 100),
        recorded(61, date(2026, 5, 1), date(2026, 5, 31), 250),
        PaymentEvent::PaymentVoided {
            payment_id: uuid(60),
            reason: VoidReason::IssuedInError,
            occurred_on: date(2026, 5, 6),
        },
    ]);
    assert_eq!(state.total_paid(), Some(Cents(250)));
}

fn a_command() -> impl Strategy<Value = PaymentCommand> {
    let id = (60u128..64).prop_map(uuid).boxed();
    let day = (1u32..=5, 1u32..=28).prop_map(|(m, d)| date(2026, m, d));
    prop_oneof![
        (id.clone(), 1u128..=2, day, 0u64..40, -100i64..100_000).prop_map(
            |(payment_id, child, start, length, amount): (Uuid, u128, NaiveDate, u64, i64)| {
                PaymentCommand::RecordPayment {
                    payment_id,
                    provider_id: ProviderId(uuid(50)),
                    child: PersonId(uuid(child)),
                    period_start: start,
                    period_end: start + chrono::Days::new(length),
                    amount: Cents(amount),
                    funding: FundingSource::TitleIvE,
                    occurred_on: date(2026, 6, 1),
                }
            }
        ),
        id.prop_map(|payment_id| PaymentCommand::VoidPayment {
            payment_id,
            reason: VoidReason::IssuedInError,
            occurred_on: date(2026, 6, 2),
        }),
    ]
}

proptest! {
    #[test]
    fn random_histories_never_pay_twice_or_pay_nothing(
        commands in prop::collection::vec(a_command(), 0..30)
    ) {
        run_sequence::<ProviderPayments>(commands, check_invariants).map_err(TestCaseError::fail)?;
    }
}

#[test]
fn payment_commands_take_integer_cents_only() {
    let json = r#"{"record_payment":{"payment_id":"00000000-0000-0000-0000-00000000003c","provider_id":"00000000-0000-0000-0000-000000000032","child":"00000000-0000-0000-0000-000000000001","period_start":"2026-04-01","period_end":"2026-04-30","amount":75050,"funding":"title_iv_e","occurred_on":"2026-05-05"}}"#;
    let (start, end) = april();
    assert_eq!(
        serde_json::from_str::<PaymentCommand>(json).ok(),
        Some(payment(60, start, end, 75_050))
    );
    assert!(serde_json::from_str::<PaymentCommand>(&json.replace("75050", "750.50")).is_err());
}
