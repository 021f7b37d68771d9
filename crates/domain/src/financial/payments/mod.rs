//! Payments to a provider, in integer cents. Stream: `provider-payments-<provider uuid>`,
//! apart from the provider's own stream so that licensing and payment work never contend.
mod commands;
mod decide;
mod events;
mod state;

#[cfg(test)]
mod tests;

pub use commands::{FundingSource, PaymentCommand, VoidReason};
pub use events::PaymentEvent;
pub use state::{Payment, PaymentsState};

use crate::{Aggregate, CommandContext, DomainError, ProviderId};

/// The stream holding a provider's payments.
pub fn stream_id(provider: ProviderId) -> String {
    format!("provider-payments-{}", provider.0)
}

/// The provider payments aggregate.
pub struct ProviderPayments;

impl Aggregate for ProviderPayments {
    type State = PaymentsState;
    type Command = PaymentCommand;
    type Event = PaymentEvent;

    fn decide(
        state: &PaymentsState,
        command: PaymentCommand,
        context: &CommandContext,
    ) -> Result<Vec<PaymentEvent>, DomainError> {
        decide::decide(state, command, context)
    }

    fn evolve(state: PaymentsState, event: &PaymentEvent) -> PaymentsState {
        state.evolve(event)
    }
}
