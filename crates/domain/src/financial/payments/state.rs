//! A provider's payments as folded from their events.
use std::collections::BTreeMap;

use chrono::NaiveDate;
use uuid::Uuid;

use super::PaymentEvent;
use crate::financial::Cents;
use crate::{PersonId, ProviderId};

/// One recorded payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Payment {
    pub child: PersonId,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub amount: Cents,
    pub voided: bool,
}

impl Payment {
    /// Whether the payment, unless voided, covers any day of the given period.
    pub(crate) fn overlaps(&self, child: PersonId, start: NaiveDate, end: NaiveDate) -> bool {
        !self.voided && self.child == child && self.period_start <= end && start <= self.period_end
    }
}

/// Every payment to one provider.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaymentsState {
    pub(crate) provider: Option<ProviderId>,
    pub(crate) payments: BTreeMap<Uuid, Payment>,
}

impl PaymentsState {
    /// The payments, by id.
    pub fn payments(&self) -> &BTreeMap<Uuid, Payment> {
        &self.payments
    }

    /// The total of payments not voided, or `None` on overflow.
    pub fn total_paid(&self) -> Option<Cents> {
        self.payments
            .values()
            .filter(|payment| !payment.voided)
            .try_fold(Cents(0), |sum, payment| sum.checked_add(payment.amount))
    }

    pub(crate) fn evolve(mut self, event: &PaymentEvent) -> Self {
        match event {
            PaymentEvent::PaymentRecorded {
                payment_id,
                provider_id,
                child,
                period_start,
                period_end,
                amount,
                ..
            } => {
                self.provider = Some(*provider_id);
                self.payments.insert(
                    *payment_id,
                    Payment {
                        child: *child,
                        period_start: *period_start,
                        period_end: *period_end,
                        amount: *amount,
                        voided: false,
                    },
                );
            }
            PaymentEvent::PaymentVoided { payment_id, .. } => {
                if let Some(payment) = self.payments.get_mut(payment_id) {
                    payment.voided = true;
                }
            }
        }
        self
    }
}
