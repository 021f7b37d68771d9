//! Validates payment commands into events.
use super::{PaymentCommand, PaymentEvent, PaymentsState};
use crate::occurrence::ensure_not_in_future;
use crate::{CommandContext, DomainError, Rule};

pub(crate) fn decide(
    state: &PaymentsState,
    command: PaymentCommand,
    context: &CommandContext,
) -> Result<Vec<PaymentEvent>, DomainError> {
    match command {
        PaymentCommand::RecordPayment {
            payment_id,
            provider_id,
            child,
            period_start,
            period_end,
            amount,
            funding,
            occurred_on,
        } => {
            ensure_not_in_future(occurred_on, context, "occurred_on")?;
            let amount = amount.ensure_positive("amount")?;
            if period_end < period_start {
                return Err(DomainError::new(Rule::PeriodEndsBeforeStart, "period_end"));
            }
            if state.provider.is_some_and(|known| known != provider_id) {
                return Err(DomainError::new(Rule::ProviderMismatch, "provider_id"));
            }
            if state.payments.contains_key(&payment_id) {
                return Err(DomainError::new(Rule::AlreadyExists, "payment_id"));
            }
            // Paying twice for the same child and day is the classic overpayment; a
            // correction voids the first payment before the second is recorded.
            let overlapping = state
                .payments
                .values()
                .any(|payment| payment.overlaps(child, period_start, period_end));
            if overlapping {
                return Err(DomainError::new(Rule::OverlappingPayment, "period_start"));
            }
            Ok(vec![PaymentEvent::PaymentRecorded {
                payment_id,
                provider_id,
                child,
                period_start,
                period_end,
                amount,
                funding,
                occurred_on,
            }])
        }
        PaymentCommand::VoidPayment {
            payment_id,
            reason,
            occurred_on,
        } => {
            ensure_not_in_future(occurred_on, context, "occurred_on")?;
            let Some(payment) = state.payments.get(&payment_id) else {
                return Err(DomainError::new(Rule::PaymentNotFound, "payment_id"));
            };
            if payment.voided {
                return Err(DomainError::new(Rule::PaymentAlreadyVoided, "payment_id"));
            }
            Ok(vec![PaymentEvent::PaymentVoided {
                payment_id,
                reason,
                occurred_on,
            }])
        }
    }
}

/// The invariants every accepted history keeps, for the property tests.
#[cfg(test)]
pub(crate) fn check_invariants(state: &PaymentsState) -> Result<(), String> {
    let live: Vec<_> = state.payments.values().filter(|p| !p.voided).collect();
    for (i, first) in live.iter().enumerate() {
        if first.amount.0 <= 0 {
            return Err("a payment of zero or negative cents".into());
        }
        if first.period_end < first.period_start {
            return Err("a payment period ending before it starts".into());
        }
        for second in &live[i + 1..] {
            if first.overlaps(second.child, second.period_start, second.period_end) {
                return Err("two live payments cover the same child and day".into());
            }
        }
    }
    Ok(())
}
