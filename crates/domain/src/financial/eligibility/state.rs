//! A child's eligibility record as folded from its events.
use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::criteria::EligibilityOutcome;
use super::EligibilityEvent;
use crate::PersonId;

/// The latest determination for each removal episode.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EligibilityState {
    pub(crate) child: Option<PersonId>,
    /// Removal date → (date of the latest determination, its outcome).
    pub(crate) episodes: BTreeMap<NaiveDate, (NaiveDate, EligibilityOutcome)>,
}

impl EligibilityState {
    /// The latest outcome for the episode that began with `removal_date`.
    pub fn outcome_for(&self, removal_date: NaiveDate) -> Option<&EligibilityOutcome> {
        self.episodes.get(&removal_date).map(|(_, outcome)| outcome)
    }

    pub(crate) fn evolve(mut self, event: &EligibilityEvent) -> Self {
        match event {
            EligibilityEvent::EligibilityDetermined {
                child,
                removal_date,
                outcome,
                occurred_on,
                ..
            } => {
                self.child = Some(*child);
                self.episodes
                    .insert(*removal_date, (*occurred_on, outcome.clone()));
            }
            EligibilityEvent::EligibilityRedetermined {
                removal_date,
                outcome,
                occurred_on,
                ..
            } => {
                self.episodes
                    .insert(*removal_date, (*occurred_on, outcome.clone()));
            }
        }
        self
    }
}
