//! The Provider aggregate: foster and adoptive homes, agencies and residential facilities
//! including QRTPs. Licensing (application, home study, approval, renewal, revocation),
//! recruitment plans and events, caregiver trainings and their reimbursement requests,
//! provider visits, and QRTP discharge planning and aftercare. Stream: `provider-<uuid>`.
mod codes;
mod commands;
mod decide;
mod events;
mod state;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use codes::{
    AftercareSupport, Caregivers, DischargePlanningActivity, HomeStudyRecommendation,
    LicenseNumber, LicenseRevocationReason, ProviderKind, ProviderName, RecruitmentEventKind,
    RecruitmentFocus, TrainingKind, VisitRule,
};
pub use commands::ProviderCommand;
pub use events::ProviderEvent;
pub use state::{LicenseStatus, ProviderState};

use crate::{Aggregate, CommandContext, DomainError};

/// The Provider aggregate.
pub struct Provider;

impl Aggregate for Provider {
    type State = ProviderState;
    type Command = ProviderCommand;
    type Event = ProviderEvent;

    fn decide(
        state: &ProviderState,
        command: ProviderCommand,
        context: &CommandContext,
    ) -> Result<Vec<ProviderEvent>, DomainError> {
        decide::decide(state, command, context)
    }

    fn evolve(state: ProviderState, event: &ProviderEvent) -> ProviderState {
        state.evolve(event)
    }
}
