//! Commands on a provider's payment record.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::financial::Cents;
use crate::{PersonId, ProviderId};

/// Which fund pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FundingSource {
    TitleIvE,
    TitleIvB,
    TitleXx,
    StateFunds,
    LocalFunds,
}

/// Why a payment was voided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoidReason {
    IssuedInError,
    DuplicatePayment,
    ChildNotInPlacement,
    ReturnedByProvider,
}

/// A command on a provider's payment stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PaymentCommand {
    /// A payment for a child's care over a service period (both ends inclusive);
    /// `occurred_on` is the payment date.
    RecordPayment {
        payment_id: Uuid,
        provider_id: ProviderId,
        child: PersonId,
        period_start: NaiveDate,
        period_end: NaiveDate,
        amount: Cents,
        funding: FundingSource,
        occurred_on: NaiveDate,
    },
    VoidPayment {
        payment_id: Uuid,
        reason: VoidReason,
        occurred_on: NaiveDate,
    },
}
