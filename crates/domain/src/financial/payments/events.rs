//! Facts on a provider's payment stream.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::commands::{FundingSource, VoidReason};
use crate::financial::Cents;
use crate::{DomainEvent, PersonId, ProviderId};

/// An event on a provider's payment stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentEvent {
    PaymentRecorded {
        payment_id: Uuid,
        provider_id: ProviderId,
        child: PersonId,
        period_start: NaiveDate,
        period_end: NaiveDate,
        amount: Cents,
        funding: FundingSource,
        occurred_on: NaiveDate,
    },
    PaymentVoided {
        payment_id: Uuid,
        reason: VoidReason,
        occurred_on: NaiveDate,
    },
}

impl DomainEvent for PaymentEvent {
    fn event_type(&self) -> &'static str {
        match self {
            PaymentEvent::PaymentRecorded { .. } => "ProviderPaymentRecorded",
            PaymentEvent::PaymentVoided { .. } => "ProviderPaymentVoided",
        }
    }

    fn schema_version(&self) -> u16 {
        1
    }
}
