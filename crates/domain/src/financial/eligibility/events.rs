//! Facts on a child's eligibility stream.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::criteria::{EligibilityCriteria, EligibilityOutcome};
use crate::{DomainEvent, PersonId};

/// An event on a child's eligibility stream. The outcome is stored beside the criteria
/// so a report reads what was decided then, even if the rules change later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EligibilityEvent {
    EligibilityDetermined {
        child: PersonId,
        removal_date: NaiveDate,
        criteria: EligibilityCriteria,
        outcome: EligibilityOutcome,
        occurred_on: NaiveDate,
    },
    EligibilityRedetermined {
        removal_date: NaiveDate,
        criteria: EligibilityCriteria,
        outcome: EligibilityOutcome,
        occurred_on: NaiveDate,
    },
}

impl DomainEvent for EligibilityEvent {
    fn event_type(&self) -> &'static str {
        match self {
            EligibilityEvent::EligibilityDetermined { .. } => "TitleIvEEligibilityDetermined",
            EligibilityEvent::EligibilityRedetermined { .. } => "TitleIvEEligibilityRedetermined",
        }
    }

    fn schema_version(&self) -> u16 {
        1
    }
}
